/* migrate.c - numbered schema migrations, embedded in the binary.
 *
 * schema/NNN_name.sql files are applied in order, each in its own write
 * transaction together with its row in schema_migrations, so a migration is
 * applied entirely or not at all, and exactly once. The files are written in
 * the SQL common to SQLite and PostgreSQL; the few words that must differ are
 * tokens (@ID for an integer identity primary key, @BLOB, @APPEND_ONLY(table)
 * for the triggers that refuse changes and deletions, @CHECK(table.name: cond)
 * and @FREEZE(table.name: cond) for rules on rows that SQLite's ALTER TABLE
 * cannot add as constraints, @TEXT_INDEX(table: columns) for substring search,
 * @WORD_INDEX(table: columns) for the search's folded terms, @WORD_TEXT for a text
 * column compared byte by byte, whose ranges are prefixes) that the driver
 * replaces. On PostgreSQL a transaction-level advisory lock keeps two processes
 * started at the same time from migrating together. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/str.h"
#include "db/driver.h"

/* The advisory lock every migrating transaction takes (PostgreSQL). */
#define MIGRATE_LOCK_KEY 7240173

typedef struct Migration {
    int version;
    const char *name;
    const char *sql;
} Migration;

static int list_migrations(Migration *out, int max)
{
    int n = 0;
    for (size_t i = 0; i < embedded_count && n < max; i++) {
        const char *name = embedded_files[i].name;
        if (strncmp(name, "schema/", 7) != 0) continue;
        size_t len = strlen(name);
        if (len < 12 || strcmp(name + len - 4, ".sql") != 0 || !isdigit((unsigned char)name[7]))
            continue;
        out[n].version = atoi(name + 7);
        out[n].name = name + 7;
        out[n].sql = (const char *)embedded_files[i].data;
        n++;
    }
    /* the embedded table is sorted by name and names are zero-padded */
    return n;
}

int db_schema_latest(void)
{
    Migration m[256];
    int n = list_migrations(m, 256);
    return n ? m[n - 1].version : 0;
}

int db_schema_version(DbConn *c, Err *e)
{
    int64_t exists = 0, v = 0;
    int rc = db_conn_kind(c) == DB_SQLITE
                 ? db_int64(c, e, &exists, "SELECT count(*) FROM sqlite_master"
                                           " WHERE type = 'table' AND name = 'schema_migrations'")
                 : db_int64(c, e, &exists, "SELECT count(*) FROM information_schema.tables"
                                           " WHERE table_schema = current_schema()"
                                           " AND table_name = 'schema_migrations'");
    if (rc < 0) return -1;
    if (!exists) return 0;
    if (db_int64(c, e, &v, "SELECT max(version) FROM schema_migrations") < 0) return -1;
    return (int)v;
}

int db_rule_parse(const char *arg, DbRule *out)
{
    int at = 0;
    if (!arg || sscanf(arg, " %63[a-z_].%63[a-z_]:%n", out->table, out->name, &at) != 2 || !at) return -1;
    out->cond = arg + at;
    while (*out->cond == ' ') out->cond++;
    return *out->cond ? 0 : -1;
}

int db_count_parse(const char *arg, DbCount *out)
{
    if (!arg || sscanf(arg, " %63[a-z_].%63[a-z_]: %63[a-z_]: %199[a-z_, ]", out->counts, out->column, out->table, out->keys) != 4)
        return -1;
    Buf fresh, stale;
    buf_init(&fresh, NULL);
    buf_init(&stale, NULL);
    char keys[200], *save = NULL;
    memcpy(keys, out->keys, sizeof keys);
    int n = 0;
    for (char *k = strtok_r(keys, ", ", &save); k; k = strtok_r(NULL, ", ", &save), n++) {
        size_t len = strlen(k);
        bool id = len > 3 && strcmp(k + len - 3, "_id") == 0;
        buf_printf(&fresh, id ? "%scoalesce(NEW.%s, 0)" : "%sNEW.%s", n ? ", " : "", k);
        buf_printf(&stale, id ? "%s%s = coalesce(OLD.%s, 0)" : "%s%s = OLD.%s", n ? " AND " : "", k, k);
    }
    bool fits = n > 0 && fresh.len < sizeof out->fresh && stale.len < sizeof out->stale;
    if (fits) {
        memcpy(out->fresh, buf_str(&fresh), fresh.len + 1);
        memcpy(out->stale, buf_str(&stale), stale.len + 1);
    }
    buf_release(&fresh);
    buf_release(&stale);
    return fits ? 0 : -1;
}

/* The script with dialect tokens replaced (malloc'd): @NAME, or @NAME(argument). */
static char *rewrite(const DbDriver *drv, const char *sql)
{
    Buf b;
    buf_init(&b, NULL);
    const char *p = sql;
    while (*p) {
        if (*p == '@' && isupper((unsigned char)p[1])) {
            const char *q = p + 1;
            while (isupper((unsigned char)*q) || *q == '_') q++;
            char token[32], arg[1024] = "";
            size_t n = (size_t)(q - p);
            const char *end = q;
            if (*q == '(') {
                /* the argument runs to the matching parenthesis (a condition may hold some) */
                const char *close = q + 1;
                for (int depth = 1; *close; close++) {
                    if (*close == '(') depth++;
                    else if (*close == ')' && --depth == 0) break;
                }
                if (*close == ')' && (size_t)(close - q - 1) < sizeof arg) {
                    memcpy(arg, q + 1, (size_t)(close - q - 1));
                    arg[close - q - 1] = 0;
                    end = close + 1;
                }
            }
            if (n < sizeof token) {
                memcpy(token, p, n);
                token[n] = 0;
                if (drv->dialect(token, arg[0] ? arg : NULL, &b) == 0) {
                    p = end;
                    continue;
                }
            }
        }
        buf_addc(&b, *p++);
    }
    return b.data ? b.data : xstrdup("");
}

typedef struct MigrateCtx {
    const Migration *m;
    bool applied;
} MigrateCtx;

static int apply_one(DbConn *c, void *ctx, Err *e)
{
    MigrateCtx *mc = ctx;
    const Migration *m = mc->m;
    mc->applied = false;   /* db_write may run this again after a busy commit: count only the attempt that committed */
    if (c->drv->exec_script(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                               " version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                               " applied_at BIGINT NOT NULL)", e) < 0)
        return -1;
    int64_t seen = 0;
    if (db_int64(c, e, &seen, "SELECT count(*) FROM schema_migrations WHERE version = $1",
                 DI(m->version)) < 0)
        return -1;
    if (seen) return 0;   /* another process applied it meanwhile */
    char *sql = rewrite(c->drv, m->sql);
    int rc = c->drv->exec_script(c, sql, e);
    free(sql);
    if (rc < 0) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return err_set(e, E_INTERNAL, "Migration %s failed: %s", m->name, msg);
    }
    if (db_exec(c, e, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                DI(m->version), DT(m->name), DI(now_unix())) < 0)
        return -1;
    mc->applied = true;
    return 0;
}

int db_migrate(Db *db, bool verbose, Err *e)
{
    Migration m[256];
    int n = list_migrations(m, 256);
    DbConn *c = db_acquire(db, e);
    if (!c) return -1;
    /* PostgreSQL: one process migrates at a time. Each migration's transaction
     * waits for a transaction-level advisory lock and runs READ COMMITTED
     * (db_write_locked), so its check of schema_migrations, made after the
     * wait, sees what the process before it committed. No session state: the
     * same holds through a pooler in transaction mode (pgbouncer), where a
     * session lock would stay with whichever server connection took it. */
    int current = db_schema_version(c, e);
    int applied = 0;
    if (current < 0) goto fail;
    for (int i = 0; i < n; i++) {
        if (m[i].version <= current) continue;
        MigrateCtx mc = { &m[i], false };
        if (db_write_locked(c, MIGRATE_LOCK_KEY, apply_one, &mc, e) < 0) goto fail;
        if (mc.applied) {
            applied++;
            if (verbose) log_info("migration %s applied", m[i].name);
        }
    }
    db_release(c);
    return applied;
fail:
    db_release(c);
    return -1;
}

int db_migrate_in(DbConn *c, Err *e)
{
    if (!c->in_write) return err_set(e, E_INTERNAL, "db_migrate_in runs inside a write transaction.");
    Migration m[256];
    int n = list_migrations(m, 256), applied = 0;
    /* the lock each of db_migrate's transactions takes */
    if (db_lock(c, MIGRATE_LOCK_KEY, e) < 0) return -1;
    int current = db_schema_version(c, e);
    if (current < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (m[i].version <= current) continue;
        MigrateCtx mc = { &m[i], false };
        if (apply_one(c, &mc, e) < 0) return -1;
        applied += mc.applied;
    }
    return applied;
}
