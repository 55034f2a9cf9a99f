/* store_throttle.c - the counters of the limits on logins and costly requests
 * (schema 022): one row per key, counted with one upsert, so that servers
 * sharing the database count together. */
#include "accounts/accounts.h"
#include "accounts/store.h"

static void throttle_read(json_t *row, Throttle *t)
{
    t->count = json_integer_value(json_object_get(row, "count"));
    t->window_start = json_integer_value(json_object_get(row, "window_start"));
    t->last_at = json_integer_value(json_object_get(row, "last_at"));
}

int throttle_get(DbConn *c, Err *e, const char *key, Throttle *t)
{
    *t = (Throttle){ 0 };
    json_t *row = NULL;
    int found = db_row(c, e, &row, "SELECT count, window_start, last_at FROM throttle WHERE key = $1", DT(key));
    if (found > 0) throttle_read(row, t);
    json_decref(row);
    return found;
}

int throttle_add(DbConn *c, Err *e, const char *key, int64_t now, int window, Throttle *t)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "INSERT INTO throttle (key, window_start, count, last_at) VALUES ($1, $2, 1, $2)"
                       " ON CONFLICT (key) DO UPDATE SET"
                       "   count = CASE WHEN throttle.window_start <= $3 THEN 1 ELSE throttle.count + 1 END,"
                       "   window_start = CASE WHEN throttle.window_start <= $3 THEN $2 ELSE throttle.window_start END,"
                       "   last_at = $2"
                       " RETURNING count, window_start, last_at",
                       DT(key), DI(now), DI(now - window));
    if (found > 0) throttle_read(row, t);
    json_decref(row);
    if (found == 0) return err_set(e, E_INTERNAL, "The counter was not written.");
    return found < 0 ? -1 : 0;
}

int throttle_forget(DbConn *c, Err *e, const char *key)
{
    return db_exec(c, e, "DELETE FROM throttle WHERE key = $1", DT(key)) < 0 ? -1 : 0;
}

int throttle_prune(DbConn *c, Err *e, int64_t before)
{
    return db_exec(c, e, "DELETE FROM throttle WHERE last_at < $1", DI(before));
}
