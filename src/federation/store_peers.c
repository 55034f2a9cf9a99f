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

int fed_peer_approved_on(DbConn *c, Err *e, const char *host, int64_t *id)
{
    *id = 0;
    return db_int64(c, e, id, "SELECT id FROM fed_peers WHERE host = $1 AND state = 'approved' ORDER BY id LIMIT 1",
                    DT(host));
}

int fed_peer_known_on(DbConn *c, Err *e, const char *host)
{
    int64_t one = 0;
    return db_int64(c, e, &one, "SELECT 1 FROM fed_peers WHERE host = $1 LIMIT 1", DT(host));
}

int fed_remote_object_put(DbConn *c, Err *e, const FedRemoteObject *o, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO fed_remote_objects (peer_id, kind, object_url, name, summary, home_url, group_url,"
                   " place_id, place_path, starts_at, ends_at, timezone, location, licence, licence_url, published_at,"
                   " updated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, 0), $9, NULLIF($10, 0), NULLIF($11, 0), $12, $13, $14,"
                   " $15, NULLIF($16, 0), $17)"
                   " ON CONFLICT (object_url) DO UPDATE SET name = excluded.name, summary = excluded.summary,"
                   " home_url = excluded.home_url, group_url = excluded.group_url, place_id = excluded.place_id,"
                   " place_path = excluded.place_path, starts_at = excluded.starts_at, ends_at = excluded.ends_at,"
                   " timezone = excluded.timezone, location = excluded.location, licence = excluded.licence,"
                   " licence_url = excluded.licence_url, published_at = excluded.published_at,"
                   " updated_at = excluded.updated_at"
                   " WHERE fed_remote_objects.peer_id = excluded.peer_id AND fed_remote_objects.kind = excluded.kind",
                   DI(o->peer_id), DT(o->kind), DT(o->object_url), DT(o->name), DT(o->summary), DT(o->home_url),
                   DT(o->group_url), DI(o->place_id), DT(o->place_path), DI(o->starts_at), DI(o->ends_at),
                   DT(o->timezone), DT(o->location), DT(o->licence ? o->licence : ""),
                   DT(o->licence_url ? o->licence_url : ""), DI(o->published_at), DI(now)) < 0
               ? -1
               : 0;
}

int fed_remote_object_drop(DbConn *c, Err *e, int64_t peer_id, const char *object_url)
{
    return db_exec(c, e, "DELETE FROM fed_remote_objects WHERE peer_id = $1 AND object_url = $2", DI(peer_id),
                   DT(object_url));
}

int fed_place_id_by_slug(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM places WHERE slug = $1", DT(slug));
}

json_t *fed_remote_chapters_in(DbConn *c, Err *e, int64_t place_id, const char *like, int64_t limit)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $1"
                   "   UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT o.id, o.object_url, o.name, o.summary, o.home_url, o.place_path, p.host FROM fed_remote_objects o"
                   " JOIN fed_peers p ON p.id = o.peer_id AND p.state = 'approved'"
                   " WHERE o.kind = 'chapter' AND ($1 = 0 OR o.place_id IN (SELECT id FROM sub))"
                   "   AND ($2 = '' OR lower(o.name) LIKE $2 OR lower(o.summary) LIKE $2)"
                   " ORDER BY o.name, o.id LIMIT $3",
                   DI(place_id), DT(like), DI(limit));
}

json_t *fed_remote_events_upcoming(DbConn *c, Err *e, int64_t now, int64_t place_id, int64_t limit)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $2 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT o.id, o.object_url, o.name, o.home_url, o.place_path, o.starts_at, o.ends_at, o.timezone,"
                   " o.location, p.host FROM fed_remote_objects o JOIN fed_peers p ON p.id = o.peer_id AND p.state = 'approved'"
                   " WHERE o.kind = 'event' AND o.ends_at > $1 AND ($2 = 0 OR o.place_id IN (SELECT id FROM sub))"
                   " ORDER BY o.starts_at, o.id LIMIT $3",
                   DI(now), DI(place_id), DI(limit));
}

json_t *fed_remote_items_recent(DbConn *c, Err *e, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT o.id, o.object_url, o.name, o.summary, o.home_url, o.licence, o.licence_url, o.published_at,"
                   " p.host FROM fed_remote_objects o JOIN fed_peers p ON p.id = o.peer_id AND p.state = 'approved'"
                   " WHERE o.kind = 'item' ORDER BY o.published_at DESC, o.id DESC LIMIT $1",
                   DI(limit));
}

json_t *fed_chapters_to_share(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, slug, name, description, metro_id FROM chapters WHERE status <> 'closed' ORDER BY id");
}

json_t *fed_peer_inboxes_any(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT DISTINCT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END AS inbox"
                   " FROM fed_peers p JOIN fed_remote_actors r ON r.actor_url = p.actor_url"
                   " WHERE p.state = 'approved' ORDER BY 1");
}

json_t *fed_peer_inboxes(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT DISTINCT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END AS inbox"
                   " FROM fed_peers p JOIN fed_remote_actors r ON r.actor_url = p.actor_url"
                   " WHERE p.is_outgoing = 1 AND p.state = 'approved' ORDER BY 1");
}

int fed_chapter_row(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row, "SELECT id, slug, name, description, metro_id, status FROM chapters WHERE id = $1", DI(id));
}

json_t *fed_remote_item_row(DbConn *c, Err *e, int64_t id)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "SELECT o.id, o.object_url, o.name, o.summary, o.home_url, o.licence, o.licence_url, p.host,"
                       " p.actor_url, CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END AS inbox"
                       " FROM fed_remote_objects o JOIN fed_peers p ON p.id = o.peer_id AND p.state = 'approved'"
                       " JOIN fed_remote_actors r ON r.actor_url = p.actor_url WHERE o.id = $1 AND o.kind = 'item'",
                       DI(id));
    return found < 0 ? NULL : found ? row : json_null();
}

json_t *fed_member_chapters(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT ch.id, ch.slug, ch.name, ch.metro_id FROM memberships m JOIN chapters ch ON ch.id = m.chapter_id"
                   " WHERE m.user_id = $1 AND ch.status <> 'closed' ORDER BY ch.name, ch.id",
                   DI(user_id));
}

int fed_use_sent_insert(DbConn *c, Err *e, const FedUseSent *u, int64_t *id)
{
    *id = 0;
    return db_int64(c, e, id,
                    "INSERT INTO fed_uses_sent (object_id, chapter_id, used_on, outcome, recorded_by, created_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (object_id, chapter_id, used_on) DO NOTHING RETURNING id",
                    DI(u->object_id), DI(u->chapter_id), DI(u->used_on), DT(u->outcome), DI(u->by), DI(u->now));
}
