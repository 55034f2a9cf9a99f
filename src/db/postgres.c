/* postgres.c - the PostgreSQL driver (see driver.h), on libpq.
 *
 * Statements are prepared once per connection (named s1, s2, ...) and found
 * again by the address of their SQL literal — except through a pooler in
 * transaction mode (the URL says ?pooler=transaction: pgbouncer), where the
 * server connection changes from one transaction to the next and a named
 * statement would not be there: then every statement is sent unnamed with its
 * parameters (PQexecParams: parsed and planned each time, in the same one
 * round trip), and the driver keeps no other state in the session (the SETs at
 * connection are parameters pgbouncer tracks and sets again on whichever
 * server connection it hands out; locks are transaction-level; see
 * docs/OPERATIONS.md, "Several servers on one database"). Parameters travel as text (bytes,
 * DBLOB, in binary, declared bytea); integer
 * parameters are declared int8 when the statement is prepared, the others are
 * left for the server to infer. Write transactions run SERIALIZABLE; db.c
 * retries them on serialization failures and deadlocks. */
#include <dlfcn.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"
#include "db/driver.h"

/* libpq is loaded when the first PostgreSQL connection is made, not when the
 * program starts: a server on SQLite then never maps it, nor what it pulls in
 * (libssl, libcrypto, Kerberos, LDAP — about 2.6 MB of pages touched at start,
 * a seventh of an idle server). The declarations still come from libpq-fe.h,
 * so every call is type-checked as before; the names below are redirected to
 * the loaded functions. */
#define PQ_FUNCTIONS(X) X(PQclear) X(PQcmdTuples) X(PQconnectdb) X(PQconnectdbParams) X(PQerrorMessage) X(PQexec) \
    X(PQexecParams) X(PQexecPrepared) X(PQfinish) X(PQfname) X(PQfreemem) X(PQunescapeBytea) X(PQftype) X(PQgetisnull) X(PQgetvalue) \
    X(PQnfields) X(PQntuples) X(PQprepare) X(PQresultErrorField) X(PQresultErrorMessage) \
    X(PQresultStatus) X(PQsetNoticeProcessor) X(PQstatus) X(PQtransactionStatus)
#define PQ_POINTER(f) __typeof__(f) *p_##f;
static struct { PQ_FUNCTIONS(PQ_POINTER) } pq;
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_missing[300];   /* why libpq could not be loaded; "" when it was */

static void pq_load(void)
{
    void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(pq_missing, sizeof pq_missing, "%s", why ? why : "libpq.so.5 not found");
        return;
    }
    void *sym;
#define PQ_LOAD(f) \
    if ((sym = dlsym(h, #f))) memcpy(&pq.p_##f, &sym, sizeof sym); \
    else if (!pq_missing[0]) snprintf(pq_missing, sizeof pq_missing, "libpq.so.5 has no %s", #f);
    PQ_FUNCTIONS(PQ_LOAD)
#undef PQ_LOAD
}

#define PQclear pq.p_PQclear
#define PQcmdTuples pq.p_PQcmdTuples
#define PQconnectdb pq.p_PQconnectdb
#define PQconnectdbParams pq.p_PQconnectdbParams
#define PQerrorMessage pq.p_PQerrorMessage
#define PQexec pq.p_PQexec
#define PQexecParams pq.p_PQexecParams
#define PQexecPrepared pq.p_PQexecPrepared
#define PQfinish pq.p_PQfinish
#define PQfname pq.p_PQfname
#define PQfreemem pq.p_PQfreemem
#define PQunescapeBytea pq.p_PQunescapeBytea
#define PQftype pq.p_PQftype
#define PQgetisnull pq.p_PQgetisnull
#define PQgetvalue pq.p_PQgetvalue
#define PQnfields pq.p_PQnfields
#define PQntuples pq.p_PQntuples
#define PQprepare pq.p_PQprepare
#define PQresultErrorField pq.p_PQresultErrorField
#define PQresultErrorMessage pq.p_PQresultErrorMessage
#define PQresultStatus pq.p_PQresultStatus
#define PQsetNoticeProcessor pq.p_PQsetNoticeProcessor
#define PQstatus pq.p_PQstatus
#define PQtransactionStatus pq.p_PQtransactionStatus

#define CACHE_SLOTS 1024
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23
#define BOOLOID 16
#define BYTEAOID 17
#define NUMERICOID 1700
#define FLOAT4OID 700
#define FLOAT8OID 701

typedef struct Prepared {
    const char *sql;
    int id;
#ifndef NDEBUG
    char *text;                /* a copy of the text, to check reuse (db_cached_check) */
#endif
} Prepared;

typedef struct PgConn {
    DbConn base;
    PGconn *h;
    Prepared cache[CACHE_SLOTS];
    int next_id;
    bool pooled;               /* through a pooler in transaction mode: no named statements */
    char sqlstate[6];
} PgConn;

typedef struct PgRes {
    DbConn *conn;          /* first: db.c reads it */
    Err *e;
    PGresult *res;
    int row, nrows;
    int changes;
    unsigned char *blob;   /* the last col_blob's bytes, unescaped (PQfreemem'd at next/done) */
} PgRes;

static int code_for(const char *state)
{
    if (!state) return E_INTERNAL;
    if (strcmp(state, "23505") == 0) return E_CONFLICT;
    if (strncmp(state, "23", 2) == 0) return E_INVALID;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) return E_UNAVAILABLE;
    if (strcmp(state, "P0001") == 0) return E_CONFLICT;   /* RAISE from a trigger */
    return E_INTERNAL;
}

static int fail_res(PgConn *c, Err *e, const char *what, PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(c->h);
    /* under concurrent writes to the same rows these are expected, and tx_run runs the
     * transaction again: an error line for each would bury the real errors */
    int level = c->base.retrying && code_for(state) == E_UNAVAILABLE ? LOG_DEBUG : LOG_ERROR;
    return db_fail_logged(e, level, code_for(state), what, msg && *msg ? msg : PQerrorMessage(c->h));
}

static void pg_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;   /* NOTICEs (e.g. "relation already exists, skipping") are not errors */
}

static void pg_disconnect(DbConn *bc)
{
    PgConn *c = (PgConn *)bc;
    PQfinish(c->h);
#ifndef NDEBUG
    for (int i = 0; i < CACHE_SLOTS; i++) free(c->cache[i].text);
#endif
    free(c);
}

/* The URL without its "pooler" parameter, which libpq does not know, into
 * out; *pooled when it says "transaction". 0, or -1 (e) for another value. */
static int pooler_take(const char *url, char *out, size_t size, bool *pooled, Err *e)
{
    *pooled = false;
    snprintf(out, size, "%s", url);
    char *q = strchr(out, '?');
    for (char *p = q; p; p = strchr(p + 1, '&')) {
        if (strncmp(p + 1, "pooler=", 7) != 0) continue;
        size_t n = strcspn(p + 8, "&");
        if (n == 11 && strncmp(p + 8, "transaction", 11) == 0) *pooled = true;
        else if (!(n == 4 && strncmp(p + 8, "none", 4) == 0))
            return err_set(e, E_BAD_REQUEST, "The database URL's pooler= takes \"transaction\" (through pgbouncer in"
                                             " transaction pooling) or \"none\", not \"%.*s\".", (int)(n < 40 ? n : 40), p + 8);
        char *rest = p + 8 + n;   /* "&more" or "" */
        if (*rest && p == q) rest++;   /* "?pooler=x&more": keep "?more" */
        memmove(p + (p == q && *rest ? 1 : 0), rest, strlen(rest) + 1);
        break;
    }
    return 0;
}

static int pg_connect(Db *db, DbConn **out, bool writer, Err *e)
{
    pthread_once(&pq_once, pq_load);
    if (pq_missing[0])
        return err_set(e, E_UNAVAILABLE, "PostgreSQL needs libpq (Debian package libpq5): %s", pq_missing);
    char conninfo[2048];
    bool pooled;
    if (strlen(db->target) >= sizeof conninfo)
        return err_set(e, E_BAD_REQUEST, "The database URL is too long.");
    if (pooler_take(db->target, conninfo, sizeof conninfo, &pooled, e) < 0) return -1;
    PgConn *c = xcalloc(1, sizeof *c);
    c->base.writer = writer;
    c->pooled = pooled;
    if (db->timeouts) {
        /* with replicas, a database that does not answer is given up after 2 s
         * (libpq's least), and a peer that vanished is noticed by TCP
         * keepalives; what the URL says comes after, so it wins */
        const char *const keys[] = { "connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count", "dbname", NULL };
        const char *const values[] = { "2", "5", "1", "3", conninfo, NULL };
        c->h = PQconnectdbParams(keys, values, 1);
    } else {
        c->h = PQconnectdb(conninfo);
    }
    if (PQstatus(c->h) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(c->h));
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
        err_set(e, E_UNAVAILABLE, "Cannot connect to PostgreSQL at %s: %s", db->display, msg);
        PQfinish(c->h);
        free(c);
        return -1;
    }
    PQsetNoticeProcessor(c->h, pg_notice, NULL);
    PGresult *r = PQexec(c->h, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
    PQclear(r);
    *out = &c->base;
    return 0;
}

static bool pg_healthy(DbConn *bc)
{
    PgConn *c = (PgConn *)bc;
    return PQstatus(c->h) == CONNECTION_OK && PQtransactionStatus(c->h) == PQTRANS_IDLE;
}

static Prepared *slot_for(PgConn *c, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    for (int probe = 0; probe < 16; probe++) {
        Prepared *s = &c->cache[(h + (uintptr_t)probe) & (CACHE_SLOTS - 1)];
        if (s->sql == sql || s->sql == NULL) return s;
    }
    return NULL;
}

static DbRes *pg_run(DbConn *bc, Err *e, const char *sql, const DbArg *args, int n, bool cache)
{
    PgConn *c = (PgConn *)bc;
    char ints[32][24];
    const char *values[32];
    int lengths[32], formats[32];
    Oid types[32];
    if (n > 32) {
        err_set(e, E_INTERNAL, "The database could not complete the request.");
        log_error("db: too many parameters (%d) for %s", n, sql);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        types[i] = 0;
        lengths[i] = formats[i] = 0;
        switch (args[i].type) {
        case DA_INT:
            snprintf(ints[i], sizeof ints[i], "%lld", (long long)args[i].i);
            values[i] = ints[i];
            types[i] = INT8OID;
            break;
        case DA_TEXT: values[i] = args[i].s; break;
        case DA_BLOB:   /* sent as binary: the bytes as they are, no escaping */
            if (args[i].i > INT32_MAX) {
                err_set(e, E_INTERNAL, "The database could not complete the request.");
                log_error("db: a blob of %lld bytes for %s", (long long)args[i].i, sql);
                return NULL;
            }
            values[i] = args[i].i ? args[i].s : "";
            lengths[i] = (int)args[i].i;
            formats[i] = 1;
            types[i] = BYTEAOID;
            break;
        default: values[i] = NULL;
        }
    }
    Prepared *slot = cache && !c->pooled ? slot_for(c, sql) : NULL;
    PGresult *res;
    if (slot) {
        char name[16];
        if (slot->sql != sql) {
            snprintf(name, sizeof name, "s%d", ++c->next_id);
            PGresult *p = PQprepare(c->h, name, sql, n, types);
            if (PQresultStatus(p) != PGRES_COMMAND_OK) {
                fail_res(c, e, sql, p);
                PQclear(p);
                return NULL;
            }
            PQclear(p);
            slot->sql = sql;
            slot->id = c->next_id;
#ifndef NDEBUG
            free(slot->text);
            slot->text = xstrdup(sql);
        } else {
            db_cached_check(slot->text, sql);
#endif
        }
        snprintf(name, sizeof name, "s%d", slot->id);
        res = PQexecPrepared(c->h, name, n, values, lengths, formats, 0);
    } else {
        res = PQexecParams(c->h, sql, n, types, values, lengths, formats, 0);
    }
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        fail_res(c, e, sql, res);
        PQclear(res);
        return NULL;
    }
    PgRes *r = xmalloc(sizeof *r);
    r->conn = bc;
    r->e = e;
    r->res = res;
    r->row = -1;
    r->blob = NULL;
    r->nrows = PQntuples(res);
    const char *t = PQcmdTuples(res);
    r->changes = t && *t ? atoi(t) : 0;
    return (DbRes *)r;
}

static DbRes *pg_query(DbConn *bc, Err *e, const char *sql, const DbArg *args, int n)
{
    return pg_run(bc, e, sql, args, n, true);
}

static DbRes *pg_query_once(DbConn *bc, Err *e, const char *sql, const DbArg *args, int n)
{
    return pg_run(bc, e, sql, args, n, false);
}

static void blob_free(PgRes *r)
{
    if (r->blob) PQfreemem(r->blob);
    r->blob = NULL;
}

static int pg_next(DbRes *br)
{
    PgRes *r = (PgRes *)br;
    blob_free(r);
    if (r->row + 1 < r->nrows) {
        r->row++;
        return 1;
    }
    r->row = r->nrows;
    return 0;
}

static int pg_ncols(DbRes *r) { return PQnfields(((PgRes *)r)->res); }
static const char *pg_colname(DbRes *r, int i) { return PQfname(((PgRes *)r)->res, i); }

static int pg_coltype(DbRes *br, int i)
{
    PgRes *r = (PgRes *)br;
    if (PQgetisnull(r->res, r->row, i)) return DB_T_NULL;
    switch (PQftype(r->res, i)) {
    case INT8OID: case INT4OID: case INT2OID: return DB_T_INT;
    case BOOLOID: return DB_T_BOOL;
    case BYTEAOID: return DB_T_BLOB;
    case FLOAT4OID: case FLOAT8OID: return DB_T_REAL;
    case NUMERICOID: return strchr(PQgetvalue(r->res, r->row, i), '.') ? DB_T_REAL : DB_T_INT;
    default: return DB_T_TEXT;
    }
}

static int64_t pg_col_int(DbRes *br, int i)
{
    PgRes *r = (PgRes *)br;
    if (PQgetisnull(r->res, r->row, i)) return 0;
    const char *v = PQgetvalue(r->res, r->row, i);
    if (PQftype(r->res, i) == BOOLOID) return v[0] == 't';
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(DbRes *br, int i)
{
    PgRes *r = (PgRes *)br;
    if (PQgetisnull(r->res, r->row, i)) return NULL;
    return PQgetvalue(r->res, r->row, i);
}

/* The answer is in text format, where BYTEA reads as "\\x" and hex digits. */
static const void *pg_col_blob(DbRes *br, int i, size_t *len)
{
    PgRes *r = (PgRes *)br;
    if (PQgetisnull(r->res, r->row, i)) return NULL;
    blob_free(r);
    r->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(r->res, r->row, i), len);
    if (!r->blob) *len = 0;
    return r->blob ? (const void *)r->blob : NULL;
}

static int pg_changes(DbRes *r) { return ((PgRes *)r)->changes; }

static void pg_done(DbRes *br)
{
    PgRes *r = (PgRes *)br;
    blob_free(r);
    PQclear(r->res);
    free(r);
}

static int pg_exec_script(DbConn *bc, const char *sql, Err *e)
{
    PgConn *c = (PgConn *)bc;
    PGresult *res = PQexec(c->h, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        fail_res(c, e, strlen(sql) < 40 ? sql : "script", res);
        if (code_for(c->sqlstate) == E_INTERNAL) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s", PQresultErrorMessage(res));
            err_set(e, E_INTERNAL, "The database refused a statement: %s", msg);
        }
        PQclear(res);
        return -1;
    }
    PQclear(res);
    return 0;
}

static int pg_begin(DbConn *bc, Err *e)
{
    ((PgConn *)bc)->sqlstate[0] = 0;
    return pg_exec_script(bc, "BEGIN ISOLATION LEVEL SERIALIZABLE", e);
}

static int pg_begin_locked(DbConn *bc, int64_t key, Err *e)
{
    PgConn *c = (PgConn *)bc;
    c->sqlstate[0] = 0;
    if (pg_exec_script(bc, "BEGIN ISOLATION LEVEL READ COMMITTED", e) < 0) return -1;
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)key);
    const char *values[1] = { num };
    Oid types[1] = { INT8OID };
    PGresult *res = PQexecParams(c->h, "SELECT pg_advisory_xact_lock($1)", 1, types, values, NULL, NULL, 0);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) rc = fail_res(c, e, "advisory lock", res);
    PQclear(res);
    return rc;
}

static int pg_commit(DbConn *bc, Err *e) { return pg_exec_script(bc, "COMMIT", e); }

static void pg_rollback(DbConn *bc)
{
    PgConn *c = (PgConn *)bc;
    if (PQtransactionStatus(c->h) != PQTRANS_IDLE) PQclear(PQexec(c->h, "ROLLBACK"));
}

static bool pg_retryable(DbConn *bc)
{
    PgConn *c = (PgConn *)bc;
    return strcmp(c->sqlstate, "40001") == 0 || strcmp(c->sqlstate, "40P01") == 0;
}

/* @KEEP_COUNT(counts.column: table: key, ...): see DbCount. A row of table
 * inserted adds 1 to its keys' counts row (made at 1), one deleted takes 1
 * away (the row goes at 0), one whose keys change does both; in the
 * statement's own transaction. */
static int pg_keep_count(const char *arg, Buf *out)
{
    DbCount k;
    if (db_count_parse(arg, &k) < 0) return -1;
    buf_printf(out,
               "CREATE OR REPLACE FUNCTION %1$s_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
               " IF TG_OP <> 'INSERT' THEN"
               "  UPDATE %1$s SET %2$s = %2$s - 1 WHERE %6$s;"
               "  DELETE FROM %1$s WHERE %6$s AND %2$s = 0;"
               " END IF;"
               " IF TG_OP <> 'DELETE' THEN"
               "  INSERT INTO %1$s (%4$s, %2$s) VALUES (%5$s, 1)"
               "  ON CONFLICT (%4$s) DO UPDATE SET %2$s = %1$s.%2$s + 1;"
               " END IF;"
               " RETURN NULL; END $$;\n"
               "CREATE TRIGGER %1$s_keep AFTER INSERT OR DELETE OR UPDATE OF %4$s ON %3$s"
               " FOR EACH ROW EXECUTE FUNCTION %1$s_keep()",
               k.counts, k.column, k.table, k.keys, k.fresh, k.stale);
    return 0;
}

static int pg_dialect(const char *token, const char *arg, Buf *out)
{
    if (strcmp(token, "@ID") == 0) buf_adds(out, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    else if (strcmp(token, "@BLOB") == 0) buf_adds(out, "BYTEA");
    else if (strcmp(token, "@WITHOUT_ROWID") == 0) buf_adds(out, "");   /* SQLite's storage; PostgreSQL has none such */
    else if (strcmp(token, "@WORD_TEXT") == 0) buf_adds(out, "TEXT COLLATE \"C\"");   /* byte order: prefix ranges */
    else if (strcmp(token, "@APPEND_ONLY") == 0 && arg)
        buf_printf(out,
                   "CREATE OR REPLACE FUNCTION glocal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
                   " BEGIN RAISE EXCEPTION 'the books are append-only: %% cannot be changed', TG_TABLE_NAME; END $$;\n"
                   "CREATE TRIGGER %s_no_change BEFORE UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION glocal_append_only();\n"
                   "CREATE TRIGGER %s_no_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION glocal_append_only()",
                   arg, arg, arg, arg);
    else if (strcmp(token, "@CHECK") == 0 || strcmp(token, "@FREEZE") == 0) {
        /* @CHECK(table.name: cond): rows that break cond are refused when inserted or changed;
         * @FREEZE(table.name: cond): a change that breaks cond (over OLD and NEW) is refused,
         * and so is every deletion and TRUNCATE. A NULL condition counts as broken. */
        DbRule rule;
        if (db_rule_parse(arg, &rule) < 0) return -1;
        bool check = strcmp(token, "@CHECK") == 0;
        const char *why = check ? "refuses this row" : "is append-only: this cannot be changed";
        buf_printf(out,
                   "CREATE OR REPLACE FUNCTION %1$s_%2$s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                   " IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '%1$s %4$s (%2$s)'; END IF;"
                   " IF NOT coalesce((%3$s), false) THEN RAISE EXCEPTION '%1$s %4$s (%2$s)'; END IF;"
                   " RETURN NEW; END $$;\n"
                   "CREATE TRIGGER %1$s_%2$s BEFORE %5$s ON %1$s FOR EACH ROW EXECUTE FUNCTION %1$s_%2$s()",
                   rule.table, rule.name, rule.cond, why, check ? "INSERT OR UPDATE" : "UPDATE OR DELETE");
        if (!check)
            buf_printf(out, ";\nCREATE TRIGGER %1$s_%2$s_truncate BEFORE TRUNCATE ON %1$s FOR EACH STATEMENT"
                            " EXECUTE FUNCTION glocal_append_only()", rule.table, rule.name);
    } else if (strcmp(token, "@TEXT_INDEX") == 0 && arg) {
        /* @TEXT_INDEX(table: column, ...): a trigram GIN index on lower(column) for each
         * column, which lower(column) LIKE '%text%' uses; PostgreSQL keeps them in step
         * (pg_trgm is a trusted extension: a database owner may create it). The
         * extension may already live in a schema outside the search path (made
         * by another schema of the same database), so its operator class is
         * named with the schema it is in. */
        char table[64], cols[64], *save = NULL;
        if (sscanf(arg, "%63[a-z_]: %63[a-z_, ]", table, cols) != 2) return -1;
        buf_adds(out, "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
                      "DO $trgm$ DECLARE s text := (SELECT n.nspname FROM pg_extension x"
                      " JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'); BEGIN");
        for (char *col = strtok_r(cols, ", ", &save); col; col = strtok_r(NULL, ", ", &save))
            buf_printf(out, " EXECUTE format('CREATE INDEX %s_%s_trgm ON %s USING gin (lower(%s) %%I.gin_trgm_ops)', s);",
                       table, col, table, col);
        buf_adds(out, " END $trgm$");
    } else if (strcmp(token, "@WORD_INDEX") == 0 && arg) {
        /* @WORD_INDEX(table: column): a tsvector column "<table>_words" whose
         * lexemes are the words of the column (separated by spaces, made by the
         * program) exactly as they are (array_to_tsvector: no parser, no
         * dictionary), GIN-indexed: what SQLite's FTS5 index of the same words
         * finds. */
        char table[64], col[64];
        if (sscanf(arg, "%63[a-z_]: %63[a-z_]", table, col) != 2) return -1;
        buf_printf(out,
                   "ALTER TABLE %1$s ADD COLUMN %1$s_words tsvector"
                   " GENERATED ALWAYS AS (array_to_tsvector(string_to_array(%2$s, ' '))) STORED;\n"
                   "CREATE INDEX %1$s_words_gin ON %1$s USING gin (%1$s_words)",
                   table, col);
    } else if (strcmp(token, "@KEEP_COUNT") == 0) {
        return pg_keep_count(arg, out);
    } else return -1;
    return 0;
}

const DbDriver db_postgres_driver = {
    .name = "postgres",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .healthy = pg_healthy,
    .query = pg_query,
    .query_once = pg_query_once,
    .next = pg_next,
    .ncols = pg_ncols,
    .colname = pg_colname,
    .coltype = pg_coltype,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .done = pg_done,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .begin_locked = pg_begin_locked,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .retryable = pg_retryable,
    .dialect = pg_dialect,
};
