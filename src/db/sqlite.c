/* sqlite.c - the SQLite driver (see driver.h).
 *
 * Connections run in WAL mode with foreign keys on and a busy timeout. Read
 * connections are query_only with a larger page cache and no memory-mapped
 * I/O (measured under writes, below); the single writer connection syncs every commit (synchronous=FULL), so a
 * committed write survives a power loss. Statements are prepared once per
 * connection and kept in a small table keyed by the address of their SQL. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/unicode.h"
#include "db/driver.h"

#define CACHE_SLOTS 512   /* power of two; more statements than this are still fine, just uncached */
#define BUSY_TIMEOUT_MS 5000   /* how long a connection waits for another's lock */

typedef struct CachedStmt {
    const char *sql;
    sqlite3_stmt *st;
    bool busy;
} CachedStmt;

typedef struct SqliteConn {
    DbConn base;
    sqlite3 *h;
    CachedStmt cache[CACHE_SLOTS];
    int last_rc;
    int running;                      /* queries started and not done */
    bool in_read;                     /* batch_reads opened a read transaction */
    sqlite3_stmt *begin_st, *end_st;  /* BEGIN and COMMIT for batched reads */
} SqliteConn;

typedef struct SqliteRes {
    DbConn *conn;          /* first: db.c reads it */
    Err *e;
    sqlite3_stmt *st;
    CachedStmt *slot;      /* NULL when the statement is not cached */
    int changes;
} SqliteRes;

static const char *param_names[] = {
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14",
    "$15", "$16", "$17", "$18", "$19", "$20", "$21", "$22", "$23", "$24", "$25", "$26", "$27",
    "$28", "$29", "$30", "$31", "$32",
};

static int code_for(int rc)
{
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return E_CONFLICT;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL: return E_INVALID;
    case SQLITE_CONSTRAINT_TRIGGER: return E_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return E_UNAVAILABLE;
    default: return E_INTERNAL;
    }
}

static int fail(SqliteConn *c, Err *e, const char *what)
{
    c->last_rc = sqlite3_extended_errcode(c->h);
    return db_fail(e, code_for(c->last_rc), what, sqlite3_errmsg(c->h));
}

static int pragma(SqliteConn *c, const char *sql, Err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(c->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        db_fail(e, E_INTERNAL, sql, msg);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Switching a new database file to WAL takes an exclusive lock, and SQLite
 * answers "database is locked" at once, without the busy handler, when another
 * connection holds any lock then: several processes opening the same fresh
 * database (servers started together, each migrating) would fail to start.
 * Wait and try again, for as long as the busy timeout would have waited. */
static int wal_mode(SqliteConn *c, Err *e)
{
    int waited_ms = 0, pause_ms = 1;
    for (;;) {
        char *msg = NULL;
        int rc = sqlite3_exec(c->h, "PRAGMA journal_mode=WAL", NULL, NULL, &msg);
        if (rc == SQLITE_OK) return 0;
        if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS) {
            db_fail(e, code_for(rc), "PRAGMA journal_mode=WAL", msg);
            sqlite3_free(msg);
            return -1;
        }
        sqlite3_free(msg);
        sqlite3_sleep(pause_ms);
        waited_ms += pause_ms;
        if (pause_ms < 50) pause_ms *= 2;
    }
}

static void sq_disconnect(DbConn *bc)
{
    SqliteConn *c = (SqliteConn *)bc;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (c->cache[i].st) sqlite3_finalize(c->cache[i].st);
    sqlite3_finalize(c->begin_st);
    sqlite3_finalize(c->end_st);
    sqlite3_close_v2(c->h);
    free(c);
}

/* Process-wide settings, made once before the first connection opens.
 * Debian's SQLite keeps memory statistics (SQLITE_DEFAULT_MEMSTATUS=1): every
 * sqlite3_malloc and sqlite3_free then takes one global mutex, which two worker
 * threads evaluating a LIKE over many rows fight over (half the time of a
 * member search, a fifth of a chapter page). Nothing here reads the figures. */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void sq_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* SQL's lower() for any script, as PostgreSQL's in a UTF-8 database (SQLite's
 * own lowers ASCII only): the directory finds "Москва" typed "москва" on both. */
static void sq_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    char *low = s ? text_lower(s, (size_t)n) : NULL;
    if (!low) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    sqlite3_result_text(ctx, low, -1, free);
}

/* glocal_unhex(text): the bytes hexadecimal digits spell, as a blob (NULL for
 * anything else): `glocal copy` carries blobs as hex (SQLite 3.40 has no unhex). */
static void sq_unhex(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *s = sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (!s || n % 2) return;
    unsigned char *out = malloc((size_t)n / 2 + 1);
    for (int i = 0; i < n / 2; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            unsigned char ch = s[2 * i + k];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (d < 0) {
                free(out);
                return;
            }
            v = v * 16 + d;
        }
        out[i] = (unsigned char)v;
    }
    sqlite3_result_blob(ctx, out, n / 2, free);
}

static int sq_connect(Db *db, DbConn **out, bool writer, Err *e)
{
    pthread_once(&sq_once, sq_configure);
    SqliteConn *c = xcalloc(1, sizeof *c);
    c->base.writer = writer;
    int rc = sqlite3_open_v2(db->target, &c->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, E_UNAVAILABLE, "Cannot open the SQLite database %s: %s", db->target,
                c->h ? sqlite3_errmsg(c->h) : sqlite3_errstr(rc));
        sqlite3_close_v2(c->h);
        free(c);
        return -1;
    }
    sqlite3_extended_result_codes(c->h, 1);
    sqlite3_busy_timeout(c->h, BUSY_TIMEOUT_MS);
    /* Plans never depend on bound values. Without this, binding the pattern of
     * any "x LIKE $n" expires the cached statement, which is then parsed and
     * planned again at every run (a twentieth of a member search); no LIKE
     * here can use an index (lower(...), or a pattern starting with %), and
     * Debian's SQLite has no STAT4, so no plan changes. */
    sqlite3_db_config(c->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, NULL);
    sqlite3_create_function(c->h, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sq_lower, NULL, NULL);
    sqlite3_create_function(c->h, "glocal_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sq_unhex, NULL, NULL);
    if (wal_mode(c, e) < 0 || pragma(c, "PRAGMA foreign_keys=ON;", e) < 0) goto fail;
    if (writer) {
        if (pragma(c, "PRAGMA synchronous=FULL; PRAGMA cache_size=-4000;", e) < 0) goto fail;
    } else {
        /* No mmap: on the benchmark's 3.2 GB database, with writes coming in,
         * mapped reads spent a fifth of the server's time in page faults and
         * munmap (the checkpoints grow the file and every reader maps it
         * again); with plain reads from the kernel's page cache RSVPs went from
         * about 7,000 to 10,000-13,000 a second, and no read got slower. */
        if (pragma(c, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8000;"
                      " PRAGMA mmap_size=0; PRAGMA query_only=1;", e) < 0)
            goto fail;
    }
    *out = &c->base;
    return 0;
fail:
    sq_disconnect(&c->base);
    return -1;
}

/* A connection goes back to the pool only outside any transaction. */
static bool sq_healthy(DbConn *c)
{
    return sqlite3_get_autocommit(((SqliteConn *)c)->h) != 0;
}

/* Batched reads (db_read_batch): a deferred BEGIN before the first query, so
 * that every statement until COMMIT reads from one snapshot under one WAL read
 * lock, instead of taking and dropping the lock (two fcntl and a stat of the
 * -wal file) for each statement. */
static void read_begin(SqliteConn *c)
{
    if (!c->begin_st &&
        sqlite3_prepare_v3(c->h, "BEGIN", -1, SQLITE_PREPARE_PERSISTENT, &c->begin_st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(c->begin_st) == SQLITE_DONE) c->in_read = true;
    sqlite3_reset(c->begin_st);
}

static void sq_read_end(DbConn *bc)
{
    SqliteConn *c = (SqliteConn *)bc;
    if (!c->in_read || c->running) return;   /* a query still reads: keep its snapshot */
    if (!c->end_st &&
        sqlite3_prepare_v3(c->h, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &c->end_st, NULL) != SQLITE_OK)
        return;
    sqlite3_step(c->end_st);
    sqlite3_reset(c->end_st);
    c->in_read = !sqlite3_get_autocommit(c->h);
}

static CachedStmt *slot_for(SqliteConn *c, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    for (int probe = 0; probe < 8; probe++) {
        CachedStmt *s = &c->cache[(h + (uintptr_t)probe) & (CACHE_SLOTS - 1)];
        if (s->sql == sql || s->sql == NULL) return s;
    }
    return NULL;
}

static DbRes *sq_run(DbConn *bc, Err *e, const char *sql, const DbArg *args, int n, bool cache)
{
    SqliteConn *c = (SqliteConn *)bc;
    sqlite3_stmt *st = NULL;
    if (bc->batch_reads && !c->in_read && sqlite3_get_autocommit(c->h)) read_begin(c);
    CachedStmt *slot = cache ? slot_for(c, sql) : NULL;
    if (slot && slot->sql == sql && !slot->busy) {
        st = slot->st;
#ifndef NDEBUG
        db_cached_check(sqlite3_sql(st), sql);
#endif
    } else {
        if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
            fail(c, e, sql);
            return NULL;
        }
        if (slot && slot->sql == NULL) {
            slot->sql = sql;
            slot->st = st;
        } else {
            slot = NULL;   /* busy (nested use) or table full: use once */
        }
    }
    if (n > (int)(sizeof param_names / sizeof *param_names) || sqlite3_bind_parameter_count(st) != n) {
        log_error("db: statement expects %d parameters, got %d: %s",
                  sqlite3_bind_parameter_count(st), n, sql);
        err_set(e, E_INTERNAL, "The database could not complete the request.");
        if (slot) sqlite3_reset(st);
        else sqlite3_finalize(st);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        int idx = sqlite3_bind_parameter_index(st, param_names[i]);
        int rc = SQLITE_OK;
        if (idx == 0) continue;
        switch (args[i].type) {
        case DA_INT: rc = sqlite3_bind_int64(st, idx, args[i].i); break;
        case DA_TEXT: rc = sqlite3_bind_text(st, idx, args[i].s, -1, SQLITE_STATIC); break;
        /* zeroblob for an empty blob: a NULL pointer would bind SQL NULL */
        case DA_BLOB:
            rc = args[i].i ? sqlite3_bind_blob64(st, idx, args[i].s, (sqlite3_uint64)args[i].i, SQLITE_STATIC)
                           : sqlite3_bind_zeroblob(st, idx, 0);
            break;
        default: rc = sqlite3_bind_null(st, idx);
        }
        if (rc != SQLITE_OK) {
            fail(c, e, sql);
            sqlite3_clear_bindings(st);
            if (slot) sqlite3_reset(st);
            else sqlite3_finalize(st);
            return NULL;
        }
    }
    SqliteRes *r = xmalloc(sizeof *r);
    r->conn = bc;
    r->e = e;
    r->st = st;
    r->slot = slot;
    r->changes = 0;
    if (slot) slot->busy = true;
    c->running++;
    return (DbRes *)r;
}

static DbRes *sq_query(DbConn *bc, Err *e, const char *sql, const DbArg *args, int n)
{
    return sq_run(bc, e, sql, args, n, true);
}

static DbRes *sq_query_once(DbConn *bc, Err *e, const char *sql, const DbArg *args, int n)
{
    return sq_run(bc, e, sql, args, n, false);
}

static int sq_next(DbRes *br)
{
    SqliteRes *r = (SqliteRes *)br;
    int rc = sqlite3_step(r->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) {
        r->changes = sqlite3_changes(((SqliteConn *)r->conn)->h);
        return 0;
    }
    fail((SqliteConn *)r->conn, r->e, sqlite3_sql(r->st));
    return -1;
}

static int sq_ncols(DbRes *r) { return sqlite3_column_count(((SqliteRes *)r)->st); }
static const char *sq_colname(DbRes *r, int i) { return sqlite3_column_name(((SqliteRes *)r)->st, i); }

static int sq_coltype(DbRes *r, int i)
{
    switch (sqlite3_column_type(((SqliteRes *)r)->st, i)) {
    case SQLITE_NULL: return DB_T_NULL;
    case SQLITE_INTEGER: return DB_T_INT;
    case SQLITE_FLOAT: return DB_T_REAL;
    case SQLITE_BLOB: return DB_T_BLOB;
    default: return DB_T_TEXT;
    }
}

static int64_t sq_col_int(DbRes *r, int i) { return sqlite3_column_int64(((SqliteRes *)r)->st, i); }

static const char *sq_col_text(DbRes *r, int i)
{
    return (const char *)sqlite3_column_text(((SqliteRes *)r)->st, i);
}

static const void *sq_col_blob(DbRes *r, int i, size_t *len)
{
    sqlite3_stmt *st = ((SqliteRes *)r)->st;
    if (sqlite3_column_type(st, i) == SQLITE_NULL) return NULL;
    const void *p = sqlite3_column_blob(st, i);   /* before column_bytes, as SQLite asks */
    *len = (size_t)sqlite3_column_bytes(st, i);
    return p ? p : "";
}

static int sq_changes(DbRes *r) { return ((SqliteRes *)r)->changes; }

static void sq_done(DbRes *br)
{
    SqliteRes *r = (SqliteRes *)br;
    ((SqliteConn *)r->conn)->running--;
    if (r->slot) {
        sqlite3_reset(r->st);
        sqlite3_clear_bindings(r->st);
        r->slot->busy = false;
    } else {
        sqlite3_finalize(r->st);
    }
    free(r);
}

static int sq_exec_script(DbConn *bc, const char *sql, Err *e)
{
    SqliteConn *c = (SqliteConn *)bc;
    char *msg = NULL;
    if (sqlite3_exec(c->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        c->last_rc = sqlite3_extended_errcode(c->h);
        db_fail(e, E_INTERNAL, "script", msg);
        err_set(e, E_INTERNAL, "The database refused a statement: %s", msg ? msg : "unknown error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int sq_begin(DbConn *bc, Err *e)
{
    SqliteConn *c = (SqliteConn *)bc;
    c->last_rc = 0;
    return sq_exec_script(bc, "BEGIN IMMEDIATE", e);
}

static int sq_begin_locked(DbConn *bc, int64_t key, Err *e)
{
    (void)key;   /* the one writer already serialises every write */
    return sq_begin(bc, e);
}

static int sq_commit(DbConn *bc, Err *e) { return sq_exec_script(bc, "COMMIT", e); }

static void sq_rollback(DbConn *bc)
{
    SqliteConn *c = (SqliteConn *)bc;
    if (!sqlite3_get_autocommit(c->h)) sqlite3_exec(c->h, "ROLLBACK", NULL, NULL, NULL);
}

static bool sq_retryable(DbConn *bc)
{
    int rc = ((SqliteConn *)bc)->last_rc & 0xff;
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* "table: a, b" -> table, the columns "a, b", and "new.a, new.b" / "old.a, old.b"
 * for an FTS5 index's triggers. */
typedef struct IndexCols {
    char table[64], cols[200], fresh[400], stale[400];
} IndexCols;

static int index_cols(const char *arg, IndexCols *x)
{
    if (sscanf(arg, "%63[a-z_]: %199[a-z_, ]", x->table, x->cols) != 2) return -1;
    strcpy(x->fresh, "new.");
    strcpy(x->stale, "old.");
    size_t n = 4;
    for (const char *p = x->cols; *p && n + 7 < sizeof x->fresh; p++) {
        if (*p == ',') {
            memcpy(x->fresh + n, ", new.", 6);
            memcpy(x->stale + n, ", old.", 6);
            n += 6;
        } else if (*p != ' ') x->fresh[n] = x->stale[n] = *p, n++;
    }
    x->fresh[n] = x->stale[n] = 0;
    return 0;
}

/* The triggers that keep the FTS5 table <table><suffix> in step with its content table. */
static void index_triggers(Buf *out, const IndexCols *x, const char *suffix)
{
    buf_printf(out,
               "INSERT INTO %1$s%5$s (%1$s%5$s) VALUES ('rebuild');\n"
               "CREATE TRIGGER %1$s%5$s_insert AFTER INSERT ON %1$s BEGIN"
               " INSERT INTO %1$s%5$s (rowid, %2$s) VALUES (new.id, %3$s); END;\n"
               "CREATE TRIGGER %1$s%5$s_delete AFTER DELETE ON %1$s BEGIN"
               " INSERT INTO %1$s%5$s (%1$s%5$s, rowid, %2$s) VALUES ('delete', old.id, %4$s); END;\n"
               "CREATE TRIGGER %1$s%5$s_update AFTER UPDATE OF %2$s ON %1$s BEGIN"
               " INSERT INTO %1$s%5$s (%1$s%5$s, rowid, %2$s) VALUES ('delete', old.id, %4$s);"
               " INSERT INTO %1$s%5$s (rowid, %2$s) VALUES (new.id, %3$s); END",
               x->table, x->cols, x->fresh, x->stale, suffix);
}

static int sq_dialect(const char *token, const char *arg, Buf *out)
{
    if (strcmp(token, "@ID") == 0) buf_adds(out, "INTEGER PRIMARY KEY");
    else if (strcmp(token, "@BLOB") == 0) buf_adds(out, "BLOB");
    /* a table read only through its primary key (a key of a few columns and a
     * count): stored in the key's order, so a read is one range of it */
    else if (strcmp(token, "@WITHOUT_ROWID") == 0) buf_adds(out, "WITHOUT ROWID");
    else if (strcmp(token, "@WORD_TEXT") == 0) buf_adds(out, "TEXT");   /* compared byte by byte already */
    else if (strcmp(token, "@APPEND_ONLY") == 0 && arg)
        buf_printf(out,
                   "CREATE TRIGGER %s_no_update BEFORE UPDATE ON %s BEGIN"
                   " SELECT RAISE(ABORT, 'the books are append-only: %s cannot be changed'); END;\n"
                   "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s BEGIN"
                   " SELECT RAISE(ABORT, 'the books are append-only: %s cannot be changed'); END",
                   arg, arg, arg, arg, arg, arg);
    else if (strcmp(token, "@CHECK") == 0 || strcmp(token, "@FREEZE") == 0) {
        /* @CHECK(table.name: cond): rows that break cond are refused when inserted or changed;
         * @FREEZE(table.name: cond): a change that breaks cond (over OLD and NEW) is refused,
         * and so is every deletion. A NULL condition counts as broken. */
        DbRule rule;
        if (db_rule_parse(arg, &rule) < 0) return -1;
        bool check = strcmp(token, "@CHECK") == 0;
        const char *why = check ? "refuses this row" : "is append-only: this cannot be changed";
        if (check)
            buf_printf(out,
                       "CREATE TRIGGER %1$s_%2$s_insert BEFORE INSERT ON %1$s WHEN coalesce((%3$s), 0) = 0 BEGIN"
                       " SELECT RAISE(ABORT, '%1$s %4$s (%2$s)'); END;\n",
                       rule.table, rule.name, rule.cond, why);
        else
            buf_printf(out,
                       "CREATE TRIGGER %1$s_%2$s_delete BEFORE DELETE ON %1$s BEGIN"
                       " SELECT RAISE(ABORT, '%1$s %3$s (%2$s)'); END;\n",
                       rule.table, rule.name, why);
        buf_printf(out,
                   "CREATE TRIGGER %1$s_%2$s_update BEFORE UPDATE ON %1$s WHEN coalesce((%3$s), 0) = 0 BEGIN"
                   " SELECT RAISE(ABORT, '%1$s %4$s (%2$s)'); END",
                   rule.table, rule.name, rule.cond, why);
    } else if (strcmp(token, "@TEXT_INDEX") == 0 && arg) {
        /* @TEXT_INDEX(table: column, ...): an FTS5 trigram index "<table>_text" over the
         * columns (case-insensitive substrings of 3 characters or more), filled now and
         * kept in step by triggers */
        IndexCols x;
        if (index_cols(arg, &x) < 0) return -1;
        buf_printf(out, "CREATE VIRTUAL TABLE %1$s_text USING fts5(%2$s, content='%1$s', content_rowid='id', tokenize='trigram');\n",
                   x.table, x.cols);
        index_triggers(out, &x, "_text");
    } else if (strcmp(token, "@WORD_INDEX") == 0 && arg) {
        /* @WORD_INDEX(table: column): an FTS5 index "<table>_words" of the
         * words of the column (separated by spaces, made by the program: the
         * ascii tokenizer with ':' as a word character keeps "2:cafe" whole),
         * without positions (detail none: the program ranks), with prefix
         * indexes; rowids are the table's ids. Filled now, kept in step by
         * triggers. */
        IndexCols x;
        if (index_cols(arg, &x) < 0) return -1;
        buf_printf(out,
                   "CREATE VIRTUAL TABLE %1$s_words USING fts5(%2$s, content='%1$s', content_rowid='id',"
                   " tokenize=\"ascii tokenchars ':'\", prefix='5 6 7 8', detail='none');\n",
                   x.table, x.cols);
        index_triggers(out, &x, "_words");
    } else if (strcmp(token, "@KEEP_COUNT") == 0) {
        /* @KEEP_COUNT(counts.column: table: key, ...): see DbCount. A row of
         * table inserted adds 1 to its keys' counts row (made at 1), one
         * deleted takes 1 away (the row goes at 0), one whose keys change does
         * both; in the statement's own transaction. */
        DbCount k;
        if (db_count_parse(arg, &k) < 0) return -1;
#define KEEP_ADD "INSERT INTO %1$s (%4$s, %2$s) VALUES (%5$s, 1) ON CONFLICT (%4$s) DO UPDATE SET %2$s = %2$s + 1;"
#define KEEP_TAKE "UPDATE %1$s SET %2$s = %2$s - 1 WHERE %6$s; DELETE FROM %1$s WHERE %6$s AND %2$s = 0;"
        buf_printf(out,
                   "CREATE TRIGGER %1$s_insert AFTER INSERT ON %3$s BEGIN " KEEP_ADD " END;\n"
                   "CREATE TRIGGER %1$s_delete AFTER DELETE ON %3$s BEGIN " KEEP_TAKE " END;\n"
                   "CREATE TRIGGER %1$s_update AFTER UPDATE OF %4$s ON %3$s BEGIN " KEEP_TAKE " " KEEP_ADD " END",
                   k.counts, k.column, k.table, k.keys, k.fresh, k.stale);
#undef KEEP_ADD
#undef KEEP_TAKE
    } else return -1;
    return 0;
}

const DbDriver db_sqlite_driver = {
    .name = "sqlite",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .healthy = sq_healthy,
    .query = sq_query,
    .query_once = sq_query_once,
    .next = sq_next,
    .ncols = sq_ncols,
    .colname = sq_colname,
    .coltype = sq_coltype,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .changes = sq_changes,
    .done = sq_done,
    .exec_script = sq_exec_script,
    .begin = sq_begin,
    .begin_locked = sq_begin_locked,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .retryable = sq_retryable,
    .read_end = sq_read_end,
    .dialect = sq_dialect,
};

int db_backup_sqlite(Db *db, const char *dest, Err *e)
{
    if (db->kind != DB_SQLITE)
        return err_set(e, E_BAD_REQUEST,
                       "glocal backup copies SQLite databases. For PostgreSQL use pg_dump, e.g. "
                       "pg_dump --format=custom --file=glocal.dump \"%s\"", db->display);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = -1;
    pthread_once(&sq_once, sq_configure);
    if (sqlite3_open_v2(db->target, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        err_set(e, E_UNAVAILABLE, "Cannot open %s: %s", db->target, sqlite3_errmsg(src));
        goto done;
    }
    if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        err_set(e, E_BAD_REQUEST, "Cannot create %s: %s", dest, sqlite3_errmsg(dst));
        goto done;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        err_set(e, E_INTERNAL, "Cannot start the backup: %s", sqlite3_errmsg(dst));
        goto done;
    }
    bool tty = isatty(2);
    int step;
    /* copy in slices so that writers are not held off for long; a write in
     * between restarts the copy, which keeps the copy consistent */
    while ((step = sqlite3_backup_step(b, 256)) == SQLITE_OK || step == SQLITE_BUSY ||
           step == SQLITE_LOCKED) {
        if (tty) {
            int total = sqlite3_backup_pagecount(b), left = sqlite3_backup_remaining(b);
            fprintf(stderr, "\rbackup: %3d%%", total ? (100 * (total - left)) / total : 0);
        }
        if (step != SQLITE_OK) sqlite3_sleep(20);
    }
    if (tty) fprintf(stderr, "\rbackup: 100%%\n");
    sqlite3_backup_finish(b);
    if (step != SQLITE_DONE) {
        err_set(e, E_INTERNAL, "The backup failed: %s", sqlite3_errstr(step));
        goto done;
    }
    rc = 0;
done:
    sqlite3_close_v2(src);
    sqlite3_close_v2(dst);
    return rc;
}
