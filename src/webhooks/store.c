/* store.c - the SQL of webhooks: endpoints, the delivery queue and its
 * attempts (schema 019). `scope` names whose endpoints a statement may touch:
 * a chapter's id, or 0 for an administrator (every endpoint). */
#include "webhooks/store.h"

int endpoint_insert(DbConn *c, Err *e, const EndpointRow *p, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO webhook_endpoints (chapter_id, url, description, kinds, secret, created_by, created_at,"
                    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                    DID(p->chapter_id), DT(p->url), DT(p->description), DT(p->kinds), DT(p->secret), DI(p->by), DI(now)) < 0
               ? -1
               : 0;
}

json_t *endpoints_listening(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, chapter_id, kinds FROM webhook_endpoints WHERE is_enabled = 1 ORDER BY id");
}

int delivery_insert(DbConn *c, Err *e, int64_t endpoint, const char *msg_id, const char *kind, const char *body,
                    int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO webhook_deliveries (endpoint_id, msg_id, kind, body, next_at, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $5)",
                   DI(endpoint), DT(msg_id), DT(kind), DT(body), DI(now)) < 0
               ? -1
               : 0;
}

int endpoint_find(DbConn *c, Err *e, int64_t scope, int64_t id, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT id, chapter_id, url, description, kinds, secret, is_enabled FROM webhook_endpoints"
                  " WHERE id = $1 AND ($2 = 0 OR chapter_id = $2)",
                  DI(id), DI(scope));
}

int endpoint_secret_set(DbConn *c, Err *e, int64_t id, const char *secret, int64_t now)
{
    return db_exec(c, e, "UPDATE webhook_endpoints SET secret = $2, updated_at = $3 WHERE id = $1", DI(id), DT(secret),
                   DI(now));
}

int endpoint_enabled_set(DbConn *c, Err *e, int64_t id, bool enabled, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE webhook_endpoints SET is_enabled = $2, failures = 0, disabled_reason = $3, updated_at = $4"
                   " WHERE id = $1",
                   DI(id), DBOOL(enabled), DT(enabled ? "" : "Disabled by its owner."), DI(now));
}

int endpoint_delete(DbConn *c, Err *e, int64_t id)
{
    if (db_exec(c, e,
                "DELETE FROM webhook_attempts WHERE delivery_id IN"
                " (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)",
                DI(id)) < 0)
        return -1;
    if (db_exec(c, e, "DELETE FROM webhook_deliveries WHERE endpoint_id = $1", DI(id)) < 0) return -1;
    return db_exec(c, e, "DELETE FROM webhook_endpoints WHERE id = $1", DI(id));
}

json_t *endpoints_of(DbConn *c, Err *e, int64_t scope, bool all)
{
    return db_rows(c, e,
                   "SELECT w.id, w.url, w.description, w.kinds, w.secret, w.is_enabled, w.failures, w.disabled_reason,"
                   " w.created_at, w.updated_at, ch.slug AS chapter_slug, ch.name AS chapter_name"
                   " FROM webhook_endpoints w LEFT JOIN chapters ch ON ch.id = w.chapter_id"
                   " WHERE $2 = 1 OR ($1 = 0 AND w.chapter_id IS NULL) OR w.chapter_id = $1 ORDER BY w.id",
                   DI(scope), DBOOL(all));
}

json_t *deliveries_recent(DbConn *c, Err *e, int64_t endpoint)
{
    return db_rows(c, e,
                   "SELECT id, msg_id, kind, status, attempts, next_at, last_error, created_at, done_at"
                   " FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT 10",
                   DI(endpoint));
}

json_t *attempts_recent(DbConn *c, Err *e, int64_t endpoint)
{
    return db_rows(c, e,
                   "SELECT a.delivery_id, a.at AS attempted_at, a.status_code, a.error, a.duration_ms FROM webhook_attempts a"
                   " WHERE a.delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1"
                   " ORDER BY id DESC LIMIT 10) ORDER BY a.id",
                   DI(endpoint));
}

int deliveries_due(DbConn *c, Err *e, int64_t now)
{
    int64_t id = 0;
    return db_int64(c, e, &id,
                    "SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.is_enabled = 1"
                    " WHERE (d.status IN ('queued', 'retry') AND d.next_at <= $1) OR (d.status = 'sending' AND d.lease_until < $1)"
                    " LIMIT 1",
                    DI(now));
}

json_t *deliveries_claim(DbConn *c, Err *e, const char *worker, int64_t now, int64_t lease_until, int max)
{
    /* The status is checked again by the UPDATE itself: of two senders that
     * chose the same row, the second finds it 'sending' and changes nothing
     * (on PostgreSQL the serializable transaction of the loser is retried). */
    return db_rows(c, e,
                   "UPDATE webhook_deliveries SET status = 'sending', lease_owner = $1, lease_until = $3,"
                   " attempts = attempts + 1"
                   " WHERE id IN (SELECT d.id FROM webhook_deliveries d"
                   "   JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.is_enabled = 1"
                   "   WHERE (d.status IN ('queued', 'retry') AND d.next_at <= $2)"
                   "      OR (d.status = 'sending' AND d.lease_until < $2)"
                   "   ORDER BY d.next_at, d.id LIMIT $4)"
                   " AND ((status IN ('queued', 'retry') AND next_at <= $2) OR (status = 'sending' AND lease_until < $2))"
                   " RETURNING id",
                   DT(worker), DI(now), DI(lease_until), DI(max));
}

int delivery_for_send(DbConn *c, Err *e, int64_t id, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT d.id, d.endpoint_id, d.msg_id, d.body, d.attempts, w.url, w.secret"
                  " FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id = $1",
                  DI(id));
}

int attempt_insert(DbConn *c, Err *e, int64_t delivery, int64_t at, int status_code, const char *error, int64_t ms)
{
    return db_exec(c, e,
                   "INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms)"
                   " VALUES ($1, $2, $3, $4, $5)",
                   DI(delivery), DI(at), DI(status_code), DT(error), DI(ms)) < 0
               ? -1
               : 0;
}

int delivery_settle(DbConn *c, Err *e, int64_t id, const char *worker, const char *status, int64_t next_at,
                    const char *error, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE webhook_deliveries SET status = $3, next_at = $4, last_error = $5, lease_owner = NULL,"
                   " lease_until = NULL, done_at = CASE WHEN $3 IN ('delivered', 'failed') THEN $6 ELSE NULL END"
                   " WHERE id = $1 AND status = 'sending' AND lease_owner = $2",
                   DI(id), DT(worker), DT(status), DI(next_at), DT(error), DI(now));
}

int endpoint_succeeded(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e, "UPDATE webhook_endpoints SET failures = 0 WHERE id = $1", DI(id));
}

int endpoint_failed(DbConn *c, Err *e, int64_t id, int limit, const char *reason, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE webhook_endpoints SET failures = failures + 1,"
                   " is_enabled = CASE WHEN failures + 1 >= $2 THEN 0 ELSE is_enabled END,"
                   " disabled_reason = CASE WHEN failures + 1 >= $2 THEN $3 ELSE disabled_reason END,"
                   " updated_at = $4 WHERE id = $1",
                   DI(id), DI(limit), DT(reason), DI(now));
}
