/* store.c - the network's settings: a key-value table (see settings.h). */
#include "settings/settings.h"

#include "base/log.h"
#include "base/str.h"

const char *setting_get(DbConn *c, Arena *a, const char *key, const char *fallback)
{
    Err e = { 0 };
    DbRes *r = db_query(c, &e, "SELECT value FROM settings WHERE key = $1", DT(key));
    if (!r) {
        log_warn("could not read the setting %s: %s", key, e.msg);
        return fallback;
    }
    const char *v = fallback;
    if (db_next(r) > 0) v = arena_strdup(a, db_text(r, 0));
    db_done(r);
    return v;
}

int setting_put(DbConn *c, Err *e, const char *key, const char *value)
{
    if (db_exec(c, e,
                "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                DT(key), DT(value), DI(now_unix())) < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO cache_versions (name, version) VALUES ('settings', 1)"
                   " ON CONFLICT (name) DO UPDATE SET version = cache_versions.version + 1") < 0 ? -1 : 0;
}

int64_t settings_version(DbConn *c)
{
    Err e = { 0 };
    int64_t v = 0;
    if (db_int64(c, &e, &v, "SELECT version FROM cache_versions WHERE name = 'settings'") < 0) {
        log_warn("could not read the settings' version: %s", e.msg);
        return -1;
    }
    return v;
}
