/* store.c - the SQL of federation (schema 021, and the public reads of
 * events, places and the commons it publishes). */
#include "federation/store.h"

json_t *fed_place_rows(DbConn *c, Err *e, int64_t place_id)
{
    return db_rows(c, e,
                   "WITH RECURSIVE up(parent_id, name, slug, kind, depth) AS ("
                   "   SELECT parent_id, name, slug, kind, 0 FROM places WHERE id = $1"
                   "   UNION ALL SELECT p.parent_id, p.name, p.slug, p.kind, up.depth + 1"
                   "   FROM places p JOIN up ON p.id = up.parent_id)"
                   " SELECT name, slug, kind FROM up ORDER BY depth DESC",
                   DI(place_id));
}

#define FED_EVENT_COLUMNS \
    "ev.id, ev.slug, ev.title, ev.description, ev.starts_at, ev.ends_at, ev.timezone, ev.venue, ev.online_url," \
    " ev.capacity, ev.status, ev.updated_at, ev.created_at," \
    " CASE WHEN ev.chapter_id IS NOT NULL THEN 'chapter' ELSE 'place' END AS host_kind," \
    " COALESCE(ch.slug, pl.slug) AS host_slug, COALESCE(ch.metro_id, ev.place_id) AS place_id," \
    " COALESCE(m.name, pl.name) AS place_name" \
    " FROM events ev LEFT JOIN chapters ch ON ch.id = ev.chapter_id LEFT JOIN places m ON m.id = ch.metro_id" \
    " LEFT JOIN places pl ON pl.id = ev.place_id"

int fed_event_public(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row, "SELECT " FED_EVENT_COLUMNS " WHERE ev.id = $1 AND ev.visibility = 'public'", DI(id));
}

int fed_event_by_slug(DbConn *c, Err *e, const char *slug, bool public_only, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT ev.id, ev.visibility, CASE WHEN ev.chapter_id IS NOT NULL THEN 'chapter' ELSE 'place' END AS host_kind,"
                  " COALESCE(ch.slug, pl.slug) AS host_slug FROM events ev LEFT JOIN chapters ch ON ch.id = ev.chapter_id"
                  " LEFT JOIN places pl ON pl.id = ev.place_id WHERE ev.slug = $1 AND (ev.visibility = 'public' OR $2 = 0)",
                  DT(slug), DI(public_only ? 1 : 0));
}

int fed_event_row(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row, "SELECT ev.visibility, " FED_EVENT_COLUMNS " WHERE ev.id = $1", DI(id));
}

json_t *fed_events_of(DbConn *c, Err *e, const char *kind, int64_t host, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT " FED_EVENT_COLUMNS " WHERE ev.visibility = 'public'"
                   " AND (($1 = 'chapter' AND ev.chapter_id = $2) OR ($1 = 'place' AND ev.place_id = $2))"
                   " ORDER BY ev.created_at DESC, ev.id DESC LIMIT $3 OFFSET $4",
                   DT(kind), DI(host), DI(limit), DI(offset));
}

json_t *fed_places_hosting_events(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT p.id, p.slug FROM places p WHERE EXISTS (SELECT 1 FROM events ev WHERE ev.place_id = p.id"
                   " AND ev.chapter_id IS NULL AND ev.visibility = 'public' AND ev.status <> 'cancelled') ORDER BY p.id");
}

int fed_events_count(DbConn *c, Err *e, const char *kind, int64_t host, int64_t *n)
{
    return db_int64(c, e, n,
                    "SELECT count(*) FROM events ev WHERE ev.visibility = 'public'"
                    " AND (($1 = 'chapter' AND ev.chapter_id = $2) OR ($1 = 'place' AND ev.place_id = $2))",
                    DT(kind), DI(host)) < 0 ? -1 : 0;
}

#define FED_ITEM_COLUMNS "id, slug, title, summary, body, licence, published_at, updated_at FROM commons_items"

int fed_item_row(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row, "SELECT status, " FED_ITEM_COLUMNS " WHERE id = $1", DI(id));
}

int fed_item_published(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row, "SELECT " FED_ITEM_COLUMNS " WHERE id = $1 AND status = 'published'", DI(id));
}

json_t *fed_items_page(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT " FED_ITEM_COLUMNS " WHERE status = 'published' ORDER BY published_at DESC, id DESC"
                   " LIMIT $1 OFFSET $2",
                   DI(limit), DI(offset));
}

int fed_items_count(DbConn *c, Err *e, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM commons_items WHERE status = 'published'") < 0 ? -1 : 0;
}

int fed_usage(DbConn *c, Err *e, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT (SELECT count(*) FROM chapters WHERE status <> 'closed') AS chapters, (SELECT count(*) FROM places) AS places,"
                  " (SELECT count(*) FROM events WHERE visibility = 'public') AS events,"
                  " (SELECT count(*) FROM commons_items WHERE status = 'published') AS items");
}

int fed_actor_lookup(DbConn *c, Err *e, Arena *a, const char *slug, const char **kind, int64_t *id)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "SELECT 'chapter' AS kind, id FROM chapters WHERE slug = $1"
                       " UNION ALL SELECT 'place', id FROM places WHERE slug = $1 ORDER BY 1 LIMIT 1",
                       DT(slug));
    *kind = NULL;
    if (found > 0) {
        *kind = arena_strdup(a, json_string_value(json_object_get(row, "kind")));
        *id = json_integer_value(json_object_get(row, "id"));
    }
    json_decref(row);
    return found;
}

int fed_key_find(DbConn *c, Err *e, const char *actor, json_t **row)
{
    return db_row(c, e, row, "SELECT id, public_pem, private_pem FROM fed_keys WHERE actor = $1 AND is_current = 1",
                  DT(actor));
}

int fed_key_insert(DbConn *c, Err *e, const char *actor, const char *public_pem, const char *private_pem, int64_t now,
                   int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO fed_keys (actor, public_pem, private_pem, created_at) VALUES ($1, $2, $3, $4)"
                    " ON CONFLICT DO NOTHING RETURNING id",
                    DT(actor), DT(public_pem), DT(private_pem), DI(now));
}

int fed_key_retire(DbConn *c, Err *e, const char *actor, int64_t now)
{
    return db_exec(c, e, "UPDATE fed_keys SET is_current = 0, retired_at = $2 WHERE actor = $1 AND is_current = 1",
                   DT(actor), DI(now));
}

json_t *fed_key_actors(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT actor FROM fed_keys WHERE is_current = 1 ORDER BY actor");
}

int fed_key_by_id(DbConn *c, Err *e, int64_t id, int64_t since, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT id, actor, public_pem FROM fed_keys WHERE id = $1 AND (is_current = 1 OR retired_at >= $2)",
                  DI(id), DI(since));
}

int fed_followers_count(DbConn *c, Err *e, const char *actor, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM fed_followers WHERE actor = $1 AND is_accepted = 1", DT(actor)) < 0
               ? -1
               : 0;
}

json_t *fed_follower_inboxes(DbConn *c, Err *e, const char *actor)
{
    return db_rows(c, e,
                   "SELECT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END AS inbox"
                   " FROM fed_followers f JOIN fed_remote_actors r ON r.id = f.remote_id"
                   " WHERE f.actor = $1 AND f.is_accepted = 1"
                   " UNION SELECT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END"
                   " FROM fed_peers p JOIN fed_remote_actors r ON r.actor_url = p.actor_url"
                   " WHERE p.is_outgoing = 1 AND p.state = 'approved' ORDER BY 1",
                   DT(actor));
}

int fed_places_followed(DbConn *c, Err *e)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM (SELECT 1 FROM fed_followers WHERE actor LIKE '/ap/places/%' AND is_accepted = 1"
                           " LIMIT 1) x") < 0)
        return -1;
    return n > 0;
}

json_t *fed_follower_inboxes_only(DbConn *c, Err *e, const char *actor)
{
    return db_rows(c, e,
                   "SELECT DISTINCT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END AS inbox"
                   " FROM fed_followers f JOIN fed_remote_actors r ON r.id = f.remote_id"
                   " WHERE f.actor = $1 AND f.is_accepted = 1 ORDER BY 1",
                   DT(actor));
}

int fed_follower_put(DbConn *c, Err *e, const char *actor, int64_t remote, const char *follow_id, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO fed_followers (actor, remote_id, follow_id, created_at) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT (actor, remote_id) DO UPDATE SET follow_id = excluded.follow_id, is_accepted = 1",
                   DT(actor), DI(remote), DT(follow_id), DI(now));
}

int fed_follower_drop(DbConn *c, Err *e, const char *actor, int64_t remote)
{
    return db_exec(c, e, "DELETE FROM fed_followers WHERE actor = $1 AND remote_id = $2", DT(actor), DI(remote));
}

int fed_remote_find(DbConn *c, Err *e, const char *actor_url, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT id, actor_url, host, inbox, shared_inbox, key_id, public_pem, preferred_name, display_name, fetched_at"
                  " FROM fed_remote_actors"
                  " WHERE actor_url = $1",
                  DT(actor_url));
}

#define J(o, k) DT(json_string_value(json_object_get(o, k)))

int fed_remote_put(DbConn *c, Err *e, const json_t *a, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO fed_remote_actors (actor_url, host, inbox, shared_inbox, key_id, public_pem,"
                    " preferred_name, display_name, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8)"
                    " ON CONFLICT (actor_url) DO UPDATE SET host = excluded.host, inbox = excluded.inbox,"
                    " shared_inbox = excluded.shared_inbox, key_id = excluded.key_id, public_pem = excluded.public_pem,"
                    " preferred_name = excluded.preferred_name, display_name = excluded.display_name,"
                    " fetched_at = excluded.fetched_at RETURNING id",
                    J(a, "actor_url"), J(a, "host"), J(a, "inbox"), J(a, "shared_inbox"), J(a, "key_id"),
                    J(a, "public_pem"), J(a, "preferred_name"), DI(now), J(a, "display_name")) < 0
               ? -1
               : 0;
}

const char *fed_server_scheme(DbConn *c, Err *e, Arena *a, const char *host)
{
    json_t *row = NULL;
    const char *scheme = NULL;
    if (db_row(c, e, &row, "SELECT sig_scheme FROM fed_remote_servers WHERE host = $1", DT(host)) > 0)
        scheme = arena_strdup(a, json_string_value(json_object_get(row, "sig_scheme")));
    json_decref(row);
    return scheme;
}

int fed_server_scheme_put(DbConn *c, Err *e, const char *host, const char *scheme, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO fed_remote_servers (host, sig_scheme, updated_at) VALUES ($1, $2, $3)"
                   " ON CONFLICT (host) DO UPDATE SET sig_scheme = excluded.sig_scheme, updated_at = excluded.updated_at",
                   DT(host), DT(scheme), DI(now)) < 0 ? -1 : 0;
}

int fed_inbox_log_put(DbConn *c, Err *e, const char *activity_id, const char *actor_url, const char *kind, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO fed_inbox_log (activity_id, actor_url, kind, received_at) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT DO NOTHING",
                   DT(activity_id), DT(actor_url), DT(kind), DI(now));
}

int fed_delivery_insert(DbConn *c, Err *e, const char *actor, const char *inbox, const char *activity, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO fed_deliveries (actor, inbox, activity, next_at, created_at) VALUES ($1, $2, $3, $4, $4)",
                   DT(actor), DT(inbox), DT(activity), DI(now)) < 0
               ? -1
               : 0;
}

int fed_deliveries_due(DbConn *c, Err *e, int64_t now)
{
    int64_t one = 0;
    return db_int64(c, e, &one,
                    "SELECT 1 FROM fed_deliveries WHERE (status IN ('queued', 'retry') AND next_at <= $1)"
                    " OR (status = 'sending' AND lease_until < $1) LIMIT 1",
                    DI(now));
}

json_t *fed_deliveries_claim(DbConn *c, Err *e, const char *worker, int64_t now, int64_t lease_until, int max)
{
    return db_rows(c, e,
                   "UPDATE fed_deliveries SET status = 'sending', lease_owner = $1, lease_until = $3,"
                   " attempts = attempts + 1 WHERE id IN (SELECT id FROM fed_deliveries"
                   "  WHERE (status IN ('queued', 'retry') AND next_at <= $2) OR (status = 'sending' AND lease_until < $2)"
                   "  ORDER BY next_at, id LIMIT $4) RETURNING id",
                   DT(worker), DI(now), DI(lease_until), DI(max));
}

int fed_delivery_for_send(DbConn *c, Err *e, int64_t id, const char *worker, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT id, actor, inbox, activity, attempts FROM fed_deliveries"
                  " WHERE id = $1 AND status = 'sending' AND lease_owner = $2",
                  DI(id), DT(worker));
}

int fed_delivery_settle(DbConn *c, Err *e, int64_t id, const char *worker, const char *status, int64_t next_at,
                        int code, const char *error, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE fed_deliveries SET status = $3, next_at = $4, last_status = $5, last_error = $6,"
                   " lease_owner = NULL, lease_until = NULL,"
                   " done_at = CASE WHEN $3 IN ('sent', 'dead') THEN $7 ELSE NULL END"
                   " WHERE id = $1 AND status = 'sending' AND lease_owner = $2",
                   DI(id), DT(worker), DT(status), DI(next_at), DI(code), DT(error), DI(now));
}
