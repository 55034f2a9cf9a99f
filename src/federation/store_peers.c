/* store_peers.c - the SQL of Glocal to Glocal peering (table fed_peers). */
#include "federation/store.h"

#define PEER_COLS "p.id, p.actor_url, p.host, p.is_outgoing, p.state, p.follow_id, p.asked_at, p.decided_at, p.last_activity_at"

int fed_peer_find(DbConn *c, Err *e, const char *actor_url, json_t **row)
{
    return db_row(c, e, row, "SELECT " PEER_COLS " FROM fed_peers p WHERE p.actor_url = $1", DT(actor_url));
}

int fed_peer_by_id(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row, "SELECT " PEER_COLS " FROM fed_peers p WHERE p.id = $1", DI(id));
}

int fed_peer_put(DbConn *c, Err *e, const FedPeerRow *p, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO fed_peers (actor_url, host, is_outgoing, state, follow_id, asked_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (actor_url) DO UPDATE SET host = excluded.host,"
                    " is_outgoing = excluded.is_outgoing, state = excluded.state, follow_id = excluded.follow_id,"
                    " asked_at = excluded.asked_at, decided_at = NULL RETURNING id",
                    DT(p->actor_url), DT(p->host), DI(p->is_outgoing), DT(p->state), DT(p->follow_id), DI(now)) < 0
               ? -1
               : 0;
}

int fed_peer_set_state(DbConn *c, Err *e, int64_t id, const char *state, int64_t now)
{
    return db_exec(c, e, "UPDATE fed_peers SET state = $2, decided_at = $3 WHERE id = $1", DI(id), DT(state), DI(now));
}

int fed_peer_touch(DbConn *c, Err *e, const char *actor_url, int64_t now)
{
    return db_exec(c, e, "UPDATE fed_peers SET last_activity_at = $2 WHERE actor_url = $1", DT(actor_url), DI(now));
}

int fed_peer_drop(DbConn *c, Err *e, const char *actor_url)
{
    return db_exec(c, e, "DELETE FROM fed_peers WHERE actor_url = $1", DT(actor_url));
}

json_t *fed_peers_list(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT " PEER_COLS ", (SELECT COUNT(*) FROM fed_deliveries d JOIN fed_remote_actors r"
                   "  ON d.inbox IN (r.inbox, r.shared_inbox) WHERE r.actor_url = p.actor_url"
                   "  AND d.status IN ('retry', 'dead')) AS failures,"
                   " (SELECT COUNT(*) FROM fed_deliveries d JOIN fed_remote_actors r"
                   "  ON d.inbox IN (r.inbox, r.shared_inbox) WHERE r.actor_url = p.actor_url"
                   "  AND d.status IN ('queued', 'sending')) AS waiting"
                   " FROM fed_peers p ORDER BY p.state = 'asked' DESC, p.asked_at DESC, p.id DESC");
}
