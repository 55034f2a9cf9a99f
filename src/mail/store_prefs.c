/* store_prefs.c - the SQL of readers, their mail preferences and their
 * digests (schema 020; see internal.h). */
#include "mail/internal.h"

int mail_reader_find(DbConn *c, Err *e, const char *email, const char *category, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.name, COALESCE(u.timezone, p.timezone, 'UTC') AS zone, COALESCE(mp.mode, 'now') AS mode,"
                  "       u.language"
                  "  FROM users u LEFT JOIN places p ON p.id = u.metro_id"
                  "  LEFT JOIN mail_preferences mp ON mp.user_id = u.id AND mp.category = $2"
                  " WHERE u.email = $1",
                  DT(email), DT(category));
}

int mail_reader_get(DbConn *c, Err *e, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.email, u.name, COALESCE(u.timezone, p.timezone, 'UTC') AS zone, u.timezone,"
                  "       COALESCE(p.timezone, 'UTC') AS metro_zone"
                  "  FROM users u LEFT JOIN places p ON p.id = u.metro_id WHERE u.id = $1",
                  DI(user_id));
}

json_t *mail_prefs_rows(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e, "SELECT category, mode FROM mail_preferences WHERE user_id = $1 ORDER BY category",
                   DI(user_id));
}

int mail_pref_put(DbConn *c, Err *e, int64_t user_id, const char *category, const char *mode, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO mail_preferences (user_id, category, mode, updated_at) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT (user_id, category) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at",
                   DI(user_id), DT(category), DT(mode), DI(now)) < 0
               ? -1
               : 0;
}

int mail_zone_put(DbConn *c, Err *e, int64_t user_id, const char *zone)
{
    return db_exec(c, e, "UPDATE users SET timezone = $2 WHERE id = $1", DI(user_id), DT(zone)) < 0 ? -1 : 0;
}

int mail_digest_keep(DbConn *c, Err *e, int64_t user_id, const char *category, const char *kind,
                     const Rendered *m, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO mail_digest_items (user_id, category, kind, subject, body, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   DI(user_id), DT(category), DT(kind), DT(m->subject), DT(m->body), DI(now)) < 0
               ? -1
               : 0;
}

json_t *mail_digest_readers(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT u.id, u.email, COALESCE(u.timezone, p.timezone, 'UTC') AS zone"
                   "  FROM users u LEFT JOIN places p ON p.id = u.metro_id"
                   " WHERE u.id IN (SELECT user_id FROM mail_digest_items WHERE digest_day IS NULL) ORDER BY u.id");
}

json_t *mail_digest_waiting(DbConn *c, Err *e, int64_t user_id, int64_t before)
{
    return db_rows(c, e,
                   "SELECT id, category, kind, subject, body, created_at FROM mail_digest_items"
                   " WHERE digest_day IS NULL AND user_id = $1 AND created_at < $2 ORDER BY id",
                   DI(user_id), DI(before));
}

int mail_digest_claim(DbConn *c, Err *e, int64_t user_id, const char *day, int items, int64_t now)
{
    int n = db_exec(c, e,
                    "INSERT INTO mail_digests (user_id, day, items, sent_at) VALUES ($1, $2, $3, $4)"
                    " ON CONFLICT (user_id, day) DO NOTHING",
                    DI(user_id), DT(day), DI(items), DI(now));
    return n < 0 ? -1 : n > 0;
}

int mail_digest_mark(DbConn *c, Err *e, int64_t user_id, const char *day, int64_t before)
{
    return db_exec(c, e,
                   "UPDATE mail_digest_items SET digest_day = $2"
                   " WHERE digest_day IS NULL AND user_id = $1 AND created_at < $3",
                   DI(user_id), DT(day), DI(before)) < 0
               ? -1
               : 0;
}
