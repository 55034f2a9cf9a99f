/* test_db.c - unit tests of the storage API (src/db/), on the database named by
 * GLOCAL_TEST_DB ("sqlite:/path/x.db" or "postgresql://..."); tests/run runs this
 * program once on a fresh SQLite file and once on a fresh PostgreSQL database.
 *
 * Covered: db_open errors (bad URLs, a missing directory, passwords blanked in
 * messages), migrations (applied once, idempotent, from several connections at
 * once), reading rows (db_query / db_next / db_int / db_text / db_null, db_int64,
 * db_row, db_rows and their JSON shapes, UTF-8, blobs), bound parameters, db_exec's row
 * counts, the statement cache (reuse and nesting), write transactions (commit,
 * rollback with the inner error, nesting), constraint errors, visibility of
 * committed writes to pooled readers, SQLite's query_only readers, concurrent
 * writers, and db_backup_sqlite.
 *
 * Each test creates its own small tables inside db_write after db_migrate has
 * created the real schema. The tests run one at a time (see main at the end) so
 * that they never migrate the same fresh database from two processes at once;
 * that case has a test of its own. */
#include "testutil.h"

#include <criterion/options.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/embedded.h"
#include "base/log.h"
#include "db/db.h"

static Db *db;
static const char *url;

static void setup(void)
{
    url = getenv("GLOCAL_TEST_DB");
    cr_assert(url && *url,
              "GLOCAL_TEST_DB is not set. Run this program through tests/run, or set it to a fresh "
              "database URL such as sqlite:/tmp/glocal-test.db or postgresql:///test?host=/tmp&user=me");
    Err e = { 0 };
    cr_assert_eq(db_open(&db, url, &e), 0, "db_open(%s) failed: %s", url, e.msg);
    int n = db_migrate(db, false, &e);
    cr_assert_geq(n, 0, "db_migrate(%s) failed: %s", url, e.msg);
}

static void teardown(void)
{
    db_close(db);
    db = NULL;
}

TestSuite(db, .init = setup, .fini = teardown);

/* ---- helpers ---- */

static bool is_pg(void) { return db_kind(db) == DB_POSTGRES; }

/* Expected failures log on stderr; keep the test output readable. */
static void quiet(void) { log_level = -1; }

static DbConn *acquire(void)
{
    Err e = { 0 };
    DbConn *c = db_acquire(db, &e);
    cr_assert_not_null(c, "db_acquire: %s", e.msg);
    return c;
}

/* Runs each statement of a NULL-terminated list of SQL literals, in one write. */
static int script_tx(DbConn *c, void *ctx, Err *e)
{
    for (const char *const *s = ctx; *s; s++)
        if (db_exec_(c, e, (DbSql){ *s }, NULL, 0) < 0) return -1;   /* literals, from SCRIPT */
    return 0;
}

static void run_script(const char *const *sql)
{
    Err e = { 0 };
    DbConn *c = acquire();
    int rc = db_write(c, script_tx, (void *)sql, &e);
    db_release(c);
    cr_assert_eq(rc, 0, "script starting with \"%s\" failed: %s", sql[0], e.msg);
}
#define SCRIPT(...) run_script((const char *const[]){ __VA_ARGS__, NULL })

/* The first column of the first row of a count query, on a fresh read connection. */
#define COUNT(sql, ...)                                                          \
    ({                                                                           \
        Err e_ = { 0 };                                                          \
        int64_t n_ = -1;                                                         \
        DbConn *c_ = acquire();                                                  \
        int rc_ = db_int64(c_, &e_, &n_, sql, __VA_ARGS__);                      \
        db_release(c_);                                                          \
        cr_assert_eq(rc_, 1, "count query failed (%d): %s", rc_, e_.msg);        \
        n_;                                                                      \
    })

/* The number of schema files the binary carries. */
static int migration_files(void)
{
    int n = 0;
    for (size_t i = 0; i < embedded_count; i++) {
        const char *name = embedded_files[i].name;
        size_t len = strlen(name);
        if (strncmp(name, "schema/", 7) == 0 && len > 11 && strcmp(name + len - 4, ".sql") == 0 &&
            name[7] >= '0' && name[7] <= '9')
            n++;
    }
    return n;
}

/* A second, empty database of the same kind: a new SQLite file in a new directory,
 * or a new schema on the PostgreSQL server (through search_path). */
typedef struct Fresh {
    char url[1024];
    char dir[256];
    char schema[64];
} Fresh;

static int drop_schema_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return db_exec(c, e, "DROP SCHEMA IF EXISTS glocal_fresh CASCADE") < 0 ? -1 : 0;
}

static int make_schema_tx(DbConn *c, void *ctx, Err *e)
{
    if (drop_schema_tx(c, ctx, e) < 0) return -1;
    return db_exec(c, e, "CREATE SCHEMA glocal_fresh") < 0 ? -1 : 0;
}

static void fresh_make(Fresh *f)
{
    memset(f, 0, sizeof *f);
    if (is_pg()) {
        Err e = { 0 };
        DbConn *c = acquire();
        int rc = db_write(c, make_schema_tx, NULL, &e);
        db_release(c);
        cr_assert_eq(rc, 0, "cannot create a schema: %s", e.msg);
        snprintf(f->schema, sizeof f->schema, "glocal_fresh");
        snprintf(f->url, sizeof f->url, "%s%soptions=-csearch_path%%3Dglocal_fresh", url,
                 strchr(url, '?') ? "&" : "?");
    } else {
        snprintf(f->dir, sizeof f->dir, "/tmp/glocal-test-db.XXXXXX");
        cr_assert_not_null(mkdtemp(f->dir));
        snprintf(f->url, sizeof f->url, "sqlite:%s/fresh.db", f->dir);
    }
}

static void fresh_remove(Fresh *f)
{
    if (f->schema[0]) {
        Err e = { 0 };
        DbConn *c = acquire();
        db_write(c, drop_schema_tx, NULL, &e);
        db_release(c);
    } else if (f->dir[0]) {
        char p[512];
        static const char *const files[] = { "fresh.db", "fresh.db-wal", "fresh.db-shm", "copy.db",
                                             "copy.db-wal", "copy.db-shm", NULL };
        for (const char *const *s = files; *s; s++) {
            snprintf(p, sizeof p, "%s/%s", f->dir, *s);
            unlink(p);
        }
        rmdir(f->dir);
    }
}

/* ---- opening ---- */

Test(db, open_reports_the_kind)
{
    cr_assert_eq(db_kind(db), strncmp(url, "postgres", 8) == 0 ? DB_POSTGRES : DB_SQLITE);
    DbConn *c = acquire();
    cr_assert_eq(db_conn_kind(c), db_kind(db));
    cr_assert_eq(db_of(c), db);
    cr_assert_not(db_in_write(c));
    db_release(c);
}

Test(db, open_refuses_urls_without_a_file)
{
    quiet();
    static const char *const bad[] = { "", "sqlite:" };
    for (size_t i = 0; i < 2; i++) {
        Db *d = (Db *)0x1;
        Err e = { 0 };
        cr_assert_eq(db_open(&d, bad[i], &e), -1, "db_open(\"%s\") succeeded", bad[i]);
        cr_assert_eq(d, (Db *)0x1, "db_open wrote *out on failure");
        cr_assert_neq(e.code, 0);
        cr_assert(strstr(e.msg, "names no file"), "unclear message for \"%s\": %s", bad[i], e.msg);
    }
}

Test(db, open_sqlite_in_a_missing_directory_says_so)
{
    quiet();
    Db *d = NULL;
    Err e = { 0 };
    const char *path = "/nonexistent-glocal-dir/sub/x.db";
    cr_assert_eq(db_open(&d, "sqlite:/nonexistent-glocal-dir/sub/x.db", &e), -1);
    cr_assert_null(d);
    cr_assert_eq(e.code, E_UNAVAILABLE, "code %d: %s", e.code, e.msg);
    cr_assert(strstr(e.msg, "Cannot open the SQLite database"), "message: %s", e.msg);
    cr_assert(strstr(e.msg, path), "the message does not name the file: %s", e.msg);
    cr_assert(access("/nonexistent-glocal-dir", F_OK) != 0, "db_open created the directory");
}

Test(db, open_unknown_scheme_fails)
{
    quiet();
    Db *d = NULL;
    Err e = { 0 };
    cr_assert_eq(db_open(&d, "mysql://localhost/glocal", &e), -1);
    cr_assert_null(d);
    cr_assert(strstr(e.msg, "mysql://localhost/glocal"), "the message does not name the URL: %s", e.msg);
}

Test(db, open_unreachable_postgres_says_so_without_the_password)
{
    quiet();
    Db *d = NULL;
    Err e = { 0 };
    cr_assert_eq(db_open(&d, "postgresql://alice:s3cret-pass@127.0.0.1:1/glocal", &e), -1);
    cr_assert_null(d);
    cr_assert_eq(e.code, E_UNAVAILABLE, "code %d: %s", e.code, e.msg);
    cr_assert(strstr(e.msg, "Cannot connect to PostgreSQL"), "message: %s", e.msg);
    cr_assert(strstr(e.msg, "alice:***@127.0.0.1:1/glocal"), "message: %s", e.msg);
    cr_assert_null(strstr(e.msg, "s3cret-pass"), "the password leaked: %s", e.msg);
}

/* A password shorter than the "***" that replaces it (caught by AddressSanitizer). */
Test(db, open_blanks_a_short_password)
{
    quiet();
    static const char *const urls[] = { "postgresql://bob:p@127.0.0.1:1/glocal",
                                         "postgresql://bob:@127.0.0.1:1/glocal" };
    for (size_t i = 0; i < 2; i++) {
        Db *d = NULL;
        Err e = { 0 };
        cr_assert_eq(db_open(&d, urls[i], &e), -1);
        cr_assert(strstr(e.msg, "bob:***@127.0.0.1:1/glocal"), "message: %s", e.msg);
    }
}

Test(db, display_url_of_the_test_database)
{
    const char *shown = db_display_url(db);
    cr_assert_not_null(shown);
    if (!strchr(url, '@')) cr_assert_str_eq(shown, url, "a URL without credentials is shown as given");
}

/* ---- migrations ---- */

Test(db, migrate_is_idempotent_on_the_test_database)
{
    Err e = { 0 };
    cr_assert_eq(db_migrate(db, false, &e), 0, "a second db_migrate applied something (%s)", e.msg);
    DbConn *c = acquire();
    int v = db_schema_version(c, &e);
    db_release(c);
    cr_assert_geq(db_schema_latest(), 1);
    cr_assert_eq(v, db_schema_latest(), "version %d, latest %d (%s)", v, db_schema_latest(), e.msg);
}

Test(db, migrate_applies_each_file_once_on_a_fresh_database)
{
    Fresh f;
    fresh_make(&f);
    Db *d = NULL;
    Err e = { 0 };
    cr_assert_eq(db_open(&d, f.url, &e), 0, "db_open(%s): %s", f.url, e.msg);
    DbConn *c = db_acquire(d, &e);
    cr_assert_not_null(c, "%s", e.msg);
    cr_assert_eq(db_schema_version(c, &e), 0, "a fresh database has version 0 (%s)", e.msg);
    db_release(c);

    int n = db_migrate(d, false, &e);
    cr_expect_eq(n, migration_files(), "first db_migrate applied %d of %d (%s)", n, migration_files(), e.msg);
    n = db_migrate(d, false, &e);
    cr_expect_eq(n, 0, "second db_migrate applied %d (%s)", n, e.msg);

    c = db_acquire(d, &e);
    cr_assert_not_null(c, "%s", e.msg);
    cr_expect_eq(db_schema_version(c, &e), db_schema_latest());
    int64_t rows = -1;
    cr_expect_eq(db_int64(c, &e, &rows, "SELECT count(*) FROM schema_migrations"), 1);
    cr_expect_eq(rows, migration_files(), "schema_migrations has %lld rows", (long long)rows);
    db_release(c);
    db_close(d);
    fresh_remove(&f);
}

typedef struct Migrator {
    const char *url;
    pthread_barrier_t *start;
    int applied;
    Err e;
} Migrator;

static void *migrate_thread(void *arg)
{
    Migrator *m = arg;
    Db *d = NULL;
    int opened = db_open(&d, m->url, &m->e);
    pthread_barrier_wait(m->start);
    m->applied = opened < 0 ? -1 : db_migrate(d, false, &m->e);
    if (d) db_close(d);
    return NULL;
}

/* Several processes started at once (e.g. `glocal serve` behind a load balancer)
 * migrate the same fresh database: each migration is applied exactly once and
 * none of them fails. */
Test(db, migrate_from_several_connections_at_once)
{
    quiet();
    enum { N = 4 };
    Fresh f;
    fresh_make(&f);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, N);
    Migrator m[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        m[i] = (Migrator){ f.url, &start, 0, { 0 } };
        pthread_create(&th[i], NULL, migrate_thread, &m[i]);
    }
    int total = 0, failed = 0;
    const char *why = "";
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        if (m[i].applied < 0) {
            failed++;
            why = m[i].e.msg;
        } else {
            total += m[i].applied;
        }
    }
    pthread_barrier_destroy(&start);
    Db *d = NULL;
    Err e = { 0 };
    int version = -1;
    if (db_open(&d, f.url, &e) == 0) {
        DbConn *c = db_acquire(d, &e);
        if (c) version = db_schema_version(c, &e);
        db_release(c);
        db_close(d);
    }
    fresh_remove(&f);
    cr_expect_eq(failed, 0, "%d of %d concurrent db_migrate calls failed: %s", failed, N, why);
    cr_expect_eq(total, migration_files(), "migrations applied %d times in all, want %d", total, migration_files());
    cr_expect_eq(version, db_schema_latest());
}

/* ---- reading ---- */

Test(db, query_reads_ints_texts_and_nulls)
{
    SCRIPT("DROP TABLE IF EXISTS t_read",
           "CREATE TABLE t_read (id BIGINT PRIMARY KEY, n BIGINT, s TEXT)",
           "INSERT INTO t_read (id, n, s) VALUES (1, 10, 'ten')",
           "INSERT INTO t_read (id, n, s) VALUES (2, NULL, NULL)",
           "INSERT INTO t_read (id, n, s) VALUES (3, -9223372036854775807, '')");
    DbConn *c = acquire();
    Err e = { 0 };
    DbRes *r = db_query(c, &e, "SELECT id, n, s AS label FROM t_read WHERE id >= $1 ORDER BY id", DI(1));
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(db_ncols(r), 3);
    cr_assert_eq(db_next(r), 1);
    cr_assert_str_eq(db_colname(r, 0), "id");
    cr_assert_str_eq(db_colname(r, 2), "label");
    cr_assert_eq(db_int(r, 0), 1);
    cr_assert_eq(db_int(r, 1), 10);
    cr_assert_str_eq(db_text(r, 2), "ten");
    cr_assert_not(db_null(r, 1));
    cr_assert_eq(db_next(r), 1);
    cr_assert_eq(db_int(r, 0), 2);
    cr_assert(db_null(r, 1));
    cr_assert(db_null(r, 2));
    cr_assert_null(db_text(r, 2));
    cr_assert_eq(db_next(r), 1);
    cr_assert_eq(db_int(r, 1), -9223372036854775807LL);
    cr_assert_not(db_null(r, 2), "an empty string is not NULL");
    cr_assert_str_eq(db_text(r, 2), "");
    cr_assert_eq(db_next(r), 0);
    db_done(r);

    /* no rows at all */
    r = db_query(c, &e, "SELECT id FROM t_read WHERE id > $1", DI(100));
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(db_next(r), 0);
    db_done(r);
    db_release(c);
}

Test(db, int64_found_missing_null_and_error)
{
    quiet();
    DbConn *c = acquire();
    Err e = { 0 };
    int64_t v = 0;
    cr_assert_eq(db_int64(c, &e, &v, "SELECT $1 + 1", DI(41)), 1);
    cr_assert_eq(v, 42);
    v = 7;
    cr_assert_eq(db_int64(c, &e, &v, "SELECT 5 WHERE 1 = 0"), 0);
    cr_assert_eq(v, 7, "*out changed without a row");
    cr_assert_eq(db_int64(c, &e, &v, "SELECT NULL"), 0, "a NULL value counts as no value");
    cr_assert_eq(v, 7);
    cr_assert_eq(db_int64(c, &e, &v, "SELECT $1", DI(9007199254740993LL)), 1);
    cr_assert_eq(v, 9007199254740993LL, "64-bit integers survive");
    cr_assert_eq(e.code, 0);
    cr_assert_eq(db_int64(c, &e, &v, "SELECT count(*) FROM no_such_table_here"), -1);
    cr_assert_eq(e.code, E_INTERNAL);
    cr_assert_str_eq(e.msg, "The database could not complete the request.");
    db_release(c);
}

Test(db, syntax_error_fails_cleanly)
{
    quiet();
    DbConn *c = acquire();
    Err e = { 0 };
    cr_assert_null(db_query(c, &e, "SELEKT 1"));
    cr_assert_eq(e.code, E_INTERNAL);
    /* the connection is still good afterwards */
    int64_t v = 0;
    err_clear(&e);
    cr_assert_eq(db_int64(c, &e, &v, "SELECT $1 * 2", DI(21)), 1, "%s", e.msg);
    cr_assert_eq(v, 42);
    db_release(c);
}

Test(db, row_and_rows_as_json)
{
    SCRIPT("DROP TABLE IF EXISTS t_json",
           "CREATE TABLE t_json (id BIGINT PRIMARY KEY, n BIGINT, name TEXT, is_on INTEGER NOT NULL,"
           " has_x INTEGER, can_y INTEGER)",
           "INSERT INTO t_json VALUES (1, 42, 'Ada', 1, 0, 1)",
           "INSERT INTO t_json VALUES (2, NULL, NULL, 0, NULL, 0)",
           "INSERT INTO t_json VALUES (3, -7, 'x', 0, 1, 0)");
    DbConn *c = acquire();
    Err e = { 0 };
    json_t *rows = db_rows(c, &e, "SELECT id, n, name, is_on, has_x, can_y FROM t_json ORDER BY id");
    cr_assert_not_null(rows, "%s", e.msg);
    json_t *want = json_loads("[{\"id\":1,\"n\":42,\"name\":\"Ada\",\"is_on\":true,\"has_x\":false,\"can_y\":true},"
                              " {\"id\":2,\"n\":null,\"name\":null,\"is_on\":false,\"has_x\":null,\"can_y\":false},"
                              " {\"id\":3,\"n\":-7,\"name\":\"x\",\"is_on\":false,\"has_x\":true,\"can_y\":false}]",
                              0, NULL);
    cr_assert_not_null(want);
    char *got = json_dumps(rows, JSON_SORT_KEYS);
    cr_assert(json_equal(rows, want), "db_rows gave %s", got);
    /* types, not just equal values */
    cr_assert(json_is_integer(json_object_get(json_array_get(rows, 0), "n")));
    cr_assert(json_is_true(json_object_get(json_array_get(rows, 0), "is_on")));
    free(got);
    json_decref(want);
    json_decref(rows);

    /* aggregates are integers; a computed is_ column is a boolean */
    json_t *row = NULL;
    cr_assert_eq(db_row(c, &e, &row,
                        "SELECT count(*) AS n, sum(id) AS total, CASE WHEN count(*) > 2 THEN 1 ELSE 0 END AS is_many"
                        " FROM t_json"),
                 1, "%s", e.msg);
    cr_assert_eq(json_integer_value(json_object_get(row, "n")), 3);
    cr_assert(json_is_integer(json_object_get(row, "total")), "sum() is not an integer: %s",
              json_dumps(row, 0));
    cr_assert_eq(json_integer_value(json_object_get(row, "total")), 6);
    cr_assert(json_is_true(json_object_get(row, "is_many")));
    json_decref(row);

    /* db_row: 0 and NULL without a row; db_rows: an empty array */
    row = (json_t *)0x1;
    cr_assert_eq(db_row(c, &e, &row, "SELECT id FROM t_json WHERE id = $1", DI(99)), 0);
    cr_assert_null(row);
    rows = db_rows(c, &e, "SELECT id FROM t_json WHERE id = $1", DI(99));
    cr_assert(json_is_array(rows) && json_array_size(rows) == 0);
    json_decref(rows);
    db_release(c);
}

static const char *const utf8_samples[] = {
    "Zoë Ðaniel, São Paulo – Île-de-France",
    "emoji 🎉🇵🇹 and 日本語 and العربية",
    "quotes \"double\" and 'single' and `back` and \\ backslash",
    "tab\tnewline\nend",
    "'; DROP TABLE t_text; --",
    "$1 $2 ? :name @x %s %n",
};
#define NSAMPLES (sizeof utf8_samples / sizeof *utf8_samples)

static int insert_samples_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    for (size_t i = 0; i < NSAMPLES; i++)
        if (db_exec(c, e, "INSERT INTO t_text (id, body) VALUES ($1, $2)", DI(i + 1), DT(utf8_samples[i])) != 1)
            return -1;
    return 0;
}

Test(db, text_round_trips_and_parameters_are_never_interpolated)
{
    SCRIPT("DROP TABLE IF EXISTS t_text", "CREATE TABLE t_text (id BIGINT PRIMARY KEY, body TEXT NOT NULL)");
    Err e = { 0 };
    DbConn *c = acquire();
    cr_assert_eq(db_write(c, insert_samples_tx, NULL, &e), 0, "%s", e.msg);
    for (size_t i = 0; i < NSAMPLES; i++) {
        DbRes *r = db_query(c, &e, "SELECT body FROM t_text WHERE id = $1", DI(i + 1));
        cr_assert_not_null(r, "%s", e.msg);
        cr_assert_eq(db_next(r), 1);
        cr_assert_str_eq(db_text(r, 0), utf8_samples[i]);
        db_done(r);
        json_t *row = NULL;
        cr_assert_eq(db_row(c, &e, &row, "SELECT body FROM t_text WHERE id = $1", DI(i + 1)), 1);
        cr_assert_str_eq(json_string_value(json_object_get(row, "body")), utf8_samples[i]);
        json_decref(row);
        /* and as a parameter compared by the database */
        int64_t id = 0;
        cr_assert_eq(db_int64(c, &e, &id, "SELECT id FROM t_text WHERE body = $1", DT(utf8_samples[i])), 1,
                     "sample %zu not found by value", i);
        cr_assert_eq(id, (int64_t)i + 1);
    }
    db_release(c);
    cr_assert_eq(COUNT("SELECT count(*) FROM t_text WHERE id > $1", DI(0)), (int64_t)NSAMPLES,
                 "the table survived its hostile contents");
}

/* Bytes of every value (NUL, high bytes, a backslash and "\\x" that PostgreSQL's
 * text escaping would read) go in with DBLOB and come out the same with db_blob. */
static const unsigned char blob_bytes[] = { 0, 1, 2, 0xff, 0xfe, '\\', 'x', '0', '0', 0, '\'', 0x80, 0x7f, 0 };

static int insert_blobs_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    static unsigned char big[300000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 7 + i / 256);
    if (db_exec(c, e, "INSERT INTO t_blob (id, body) VALUES ($1, $2)", DI(1), DBLOB(blob_bytes, sizeof blob_bytes)) < 0 ||
        db_exec(c, e, "INSERT INTO t_blob (id, body) VALUES ($1, $2)", DI(2), DBLOB("", 0)) < 0 ||
        db_exec(c, e, "INSERT INTO t_blob (id, body) VALUES ($1, $2)", DI(3), DN) < 0 ||
        db_exec(c, e, "INSERT INTO t_blob (id, body) VALUES ($1, $2)", DI(4), DBLOB(big, sizeof big)) < 0)
        return -1;
    return 0;
}

Test(db, blobs_round_trip_with_every_byte_empty_null_and_large)
{
    if (is_pg()) SCRIPT("DROP TABLE IF EXISTS t_blob", "CREATE TABLE t_blob (id BIGINT PRIMARY KEY, body BYTEA)");
    else SCRIPT("DROP TABLE IF EXISTS t_blob", "CREATE TABLE t_blob (id BIGINT PRIMARY KEY, body BLOB)");
    Err e = { 0 };
    DbConn *c = acquire();
    cr_assert_eq(db_write(c, insert_blobs_tx, NULL, &e), 0, "%s", e.msg);
    DbRes *r = db_query(c, &e, "SELECT id, body, length(body) FROM t_blob ORDER BY id");
    cr_assert_not_null(r, "%s", e.msg);
    size_t len = 99;
    cr_assert_eq(db_next(r), 1);
    const unsigned char *p = db_blob(r, 1, &len);
    cr_assert_not_null(p);
    cr_assert_eq(len, sizeof blob_bytes, "the NULs inside did not cut the bytes: %zu", len);
    cr_assert_eq(memcmp(p, blob_bytes, len), 0, "the bytes came back as they went in");
    cr_assert_eq(db_int(r, 2), (int64_t)sizeof blob_bytes, "the database itself counts them all");
    cr_assert_eq(db_next(r), 1);
    cr_assert_not_null(db_blob(r, 1, &len), "an empty blob is not NULL");
    cr_assert_eq(len, 0);
    cr_assert_eq(db_next(r), 1);
    cr_assert_null(db_blob(r, 1, &len), "SQL NULL reads as NULL");
    cr_assert_eq(len, 0);
    cr_assert_eq(db_next(r), 1);
    p = db_blob(r, 1, &len);
    cr_assert_eq(len, 300000);
    for (size_t i = 0; i < len; i++)
        cr_assert_eq(p[i], (unsigned char)(i * 7 + i / 256), "byte %zu of the large blob", i);
    cr_assert_eq(db_next(r), 0);
    db_done(r);
    /* and as a parameter compared by the database */
    int64_t id = 0;
    cr_assert_eq(db_int64(c, &e, &id, "SELECT id FROM t_blob WHERE body = $1", DBLOB(blob_bytes, sizeof blob_bytes)), 1, "%s", e.msg);
    cr_assert_eq(id, 1);
    db_release(c);
}

static int changes_tx(DbConn *c, void *ctx, Err *e)
{
    int *got = ctx;
    got[0] = db_exec(c, e, "INSERT INTO t_changes (id, v) VALUES ($1, $2)", DI(1), DI(10));
    got[1] = db_exec(c, e, "INSERT INTO t_changes (id, v) VALUES ($1, $2)", DI(2), DI(20));
    got[2] = db_exec(c, e, "INSERT INTO t_changes (id, v) VALUES ($1, $2)", DI(3), DI(30));
    got[3] = db_exec(c, e, "UPDATE t_changes SET v = v + 1 WHERE id > $1", DI(1));
    got[4] = db_exec(c, e, "DELETE FROM t_changes WHERE id = $1", DI(99));
    got[5] = db_exec(c, e, "UPDATE t_changes SET v = 0");
    got[6] = db_exec(c, e, "DELETE FROM t_changes WHERE v = $1", DI(0));
    return 0;
}

Test(db, exec_returns_the_rows_changed)
{
    SCRIPT("DROP TABLE IF EXISTS t_changes", "CREATE TABLE t_changes (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
    int got[7] = { -2, -2, -2, -2, -2, -2, -2 };
    const int want[7] = { 1, 1, 1, 2, 0, 3, 3 };
    Err e = { 0 };
    DbConn *c = acquire();
    cr_assert_eq(db_write(c, changes_tx, got, &e), 0, "%s", e.msg);
    db_release(c);
    for (int i = 0; i < 7; i++) cr_expect_eq(got[i], want[i], "statement %d changed %d rows, want %d", i, got[i], want[i]);
}

/* ---- the statement cache ---- */

static int fill_nest_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    for (int i = 1; i <= 200; i++)
        if (db_exec(c, e, "INSERT INTO t_nest (id, v) VALUES ($1, $2)", DI(i), DI(i * 3)) != 1) return -1;
    return 0;
}

Test(db, same_statement_reused_many_times)
{
    SCRIPT("DROP TABLE IF EXISTS t_nest", "CREATE TABLE t_nest (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
    Err e = { 0 };
    DbConn *c = acquire();
    cr_assert_eq(db_write(c, fill_nest_tx, NULL, &e), 0, "%s", e.msg);
    for (int i = 1; i <= 200; i++) {
        int64_t v = -1;
        cr_assert_eq(db_int64(c, &e, &v, "SELECT v FROM t_nest WHERE id = $1", DI(i)), 1, "%s", e.msg);
        cr_assert_eq(v, i * 3);
    }
    /* a query abandoned before its last row does not disturb the next use */
    for (int i = 0; i < 50; i++) {
        DbRes *r = db_query(c, &e, "SELECT id FROM t_nest WHERE id >= $1 ORDER BY id", DI(i + 1));
        cr_assert_not_null(r, "%s", e.msg);
        cr_assert_eq(db_next(r), 1);
        cr_assert_eq(db_int(r, 0), i + 1);
        db_done(r);
    }
    db_release(c);
}

/* Sums the ids >= from; at depth 0 also runs itself (the same SQL literal) for each row. */
static int64_t nested_sum(DbConn *c, int64_t from, int depth)
{
    Err e = { 0 };
    int64_t sum = 0, prev = from - 1;
    DbRes *r = db_query(c, &e, "SELECT id FROM t_nest WHERE id >= $1 AND id <= 5 ORDER BY id", DI(from));
    cr_assert_not_null(r, "nested query at depth %d: %s", depth, e.msg);
    while (db_next(r) > 0) {
        int64_t id = db_int(r, 0);
        cr_assert_eq(id, prev + 1, "depth %d: row %lld after %lld", depth, (long long)id, (long long)prev);
        prev = id;
        sum += id;
        if (depth == 0) sum += nested_sum(c, id, 1);
        cr_assert_eq(db_int(r, 0), id, "the outer row changed under the inner query");
    }
    db_done(r);
    cr_assert_eq(prev, 5, "depth %d stopped at %lld", depth, (long long)prev);
    return sum;
}

Test(db, same_statement_nested_inside_its_own_loop)
{
    SCRIPT("DROP TABLE IF EXISTS t_nest", "CREATE TABLE t_nest (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)",
           "INSERT INTO t_nest (id, v) VALUES (1, 0)", "INSERT INTO t_nest (id, v) VALUES (2, 0)",
           "INSERT INTO t_nest (id, v) VALUES (3, 0)", "INSERT INTO t_nest (id, v) VALUES (4, 0)",
           "INSERT INTO t_nest (id, v) VALUES (5, 0)");
    DbConn *c = acquire();
    /* outer 1+2+3+4+5 = 15; inner sums 15 + 14 + 12 + 9 + 5 = 55 */
    cr_assert_eq(nested_sum(c, 1, 0), 70);
    cr_assert_eq(nested_sum(c, 1, 0), 70, "the cached statement is intact after nesting");
    db_release(c);
}

/* ---- write transactions ---- */

typedef struct TxCase {
    int64_t id;
    int result;        /* what the function returns */
} TxCase;

static int insert_then_tx(DbConn *c, void *ctx, Err *e)
{
    TxCase *t = ctx;
    cr_assert(db_in_write(c));
    if (db_exec(c, e, "INSERT INTO t_tx (id, label) VALUES ($1, $2)", DI(t->id), DT("row")) != 1) return -1;
    if (t->result < 0) return err_set(e, E_GONE, "custom failure %lld", (long long)t->id);
    return 0;
}

Test(db, write_commits_on_zero_and_rolls_back_on_error)
{
    SCRIPT("DROP TABLE IF EXISTS t_tx", "CREATE TABLE t_tx (id BIGINT PRIMARY KEY, label TEXT NOT NULL)");
    DbConn *c = acquire();
    Err e = { 0 };
    TxCase ok = { 1, 0 }, bad = { 2, -1 };
    cr_assert_eq(db_write(c, insert_then_tx, &ok, &e), 0, "%s", e.msg);
    cr_assert_eq(e.code, 0);
    cr_assert_eq(db_write(c, insert_then_tx, &bad, &e), -1);
    cr_assert_eq(e.code, E_GONE, "the inner error code was not passed on (%d)", e.code);
    cr_assert_str_eq(e.msg, "custom failure 2");
    cr_assert_not(db_in_write(c));
    db_release(c);
    cr_assert_eq(COUNT("SELECT count(*) FROM t_tx WHERE id = $1", DI(1)), 1, "the commit is lost");
    cr_assert_eq(COUNT("SELECT count(*) FROM t_tx WHERE id = $1", DI(2)), 0, "the rollback kept the row");
}

typedef struct Nest {
    int outer_result, inner_result;
    int inner_rc;
    Err inner_err;
} Nest;

static int nest_inner_tx(DbConn *c, void *ctx, Err *e)
{
    Nest *n = ctx;
    if (db_exec(c, e, "INSERT INTO t_tx (id, label) VALUES ($1, $2)", DI(11), DT("inner")) != 1) return -1;
    if (n->inner_result < 0) return err_set(e, E_FORBIDDEN, "inner refused");
    return 0;
}

static int nest_outer_tx(DbConn *c, void *ctx, Err *e)
{
    Nest *n = ctx;
    if (db_exec(c, e, "INSERT INTO t_tx (id, label) VALUES ($1, $2)", DI(10), DT("outer")) != 1) return -1;
    n->inner_rc = db_write(c, nest_inner_tx, n, &n->inner_err);
    cr_assert(db_in_write(c), "the nested db_write ended the outer transaction");
    /* the inner row is visible inside the outer transaction */
    int64_t seen = 0;
    if (db_int64(c, e, &seen, "SELECT count(*) FROM t_tx WHERE id = $1", DI(11)) != 1) return -1;
    cr_assert_eq(seen, 1, "the inner write is not visible inside the outer transaction");
    if (n->outer_result < 0) return err_set(e, E_CONFLICT, "outer refused");
    return 0;
}

Test(db, nested_write_joins_the_outer_transaction)
{
    SCRIPT("DROP TABLE IF EXISTS t_tx", "CREATE TABLE t_tx (id BIGINT PRIMARY KEY, label TEXT NOT NULL)");
    DbConn *c = acquire();
    Err e = { 0 };

    /* the outer fails after the inner succeeded: both rows go */
    Nest n = { -1, 0, -2, { 0 } };
    cr_assert_eq(db_write(c, nest_outer_tx, &n, &e), -1);
    cr_assert_eq(n.inner_rc, 0, "inner: %s", n.inner_err.msg);
    cr_assert_str_eq(e.msg, "outer refused");
    cr_assert_eq(COUNT("SELECT count(*) FROM t_tx WHERE id >= $1", DI(10)), 0,
                 "the inner write was committed on its own");

    /* the inner fails: its error comes back to the outer function */
    n = (Nest){ 0, -1, -2, { 0 } };
    cr_assert_eq(db_write(c, nest_outer_tx, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(n.inner_rc, -1);
    cr_assert_eq(n.inner_err.code, E_FORBIDDEN);
    cr_assert_str_eq(n.inner_err.msg, "inner refused");

    /* both succeed: both rows are committed together */
    SCRIPT("DELETE FROM t_tx");
    n = (Nest){ 0, 0, -2, { 0 } };
    cr_assert_eq(db_write(c, nest_outer_tx, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(COUNT("SELECT count(*) FROM t_tx WHERE id >= $1", DI(10)), 2);
    db_release(c);
}

typedef struct Violation {
    int exec_rc;
    Err exec_err;
} Violation;

static int unique_tx(DbConn *c, void *ctx, Err *e)
{
    Violation *v = ctx;
    if (db_exec(c, e, "INSERT INTO t_parent (id, email) VALUES ($1, $2)", DI(1), DT("a@example.org")) != 1) return -1;
    v->exec_rc = db_exec(c, &v->exec_err, "INSERT INTO t_parent (id, email) VALUES ($1, $2)", DI(2), DT("a@example.org"));
    *e = v->exec_err;
    return v->exec_rc < 0 ? -1 : 0;
}

static int pk_tx(DbConn *c, void *ctx, Err *e)
{
    Violation *v = ctx;
    v->exec_rc = db_exec(c, &v->exec_err, "INSERT INTO t_parent (id, email) VALUES ($1, $2)", DI(1), DT("b@example.org"));
    *e = v->exec_err;
    return v->exec_rc < 0 ? -1 : 0;
}

static int fk_tx(DbConn *c, void *ctx, Err *e)
{
    Violation *v = ctx;
    v->exec_rc = db_exec(c, &v->exec_err, "INSERT INTO t_child (id, parent_id) VALUES ($1, $2)", DI(1), DI(12345));
    *e = v->exec_err;
    return v->exec_rc < 0 ? -1 : 0;
}

static int parent_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return db_exec(c, e, "INSERT INTO t_parent (id, email) VALUES ($1, $2)", DI(1), DT("a@example.org")) == 1 ? 0 : -1;
}

Test(db, unique_violation_is_a_conflict_and_foreign_key_violation_is_invalid)
{
    quiet();
    SCRIPT("DROP TABLE IF EXISTS t_child", "DROP TABLE IF EXISTS t_parent",
           "CREATE TABLE t_parent (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE)",
           "CREATE TABLE t_child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES t_parent(id))");
    DbConn *c = acquire();
    Err e = { 0 };
    Violation v = { 0, { 0 } };

    cr_assert_eq(db_write(c, unique_tx, &v, &e), -1);
    cr_assert_eq(v.exec_rc, -1);
    cr_assert_eq(v.exec_err.code, E_CONFLICT, "a UNIQUE violation gave %d: %s", v.exec_err.code, v.exec_err.msg);
    cr_assert_eq(e.code, E_CONFLICT, "db_write passed on %d", e.code);
    cr_assert_eq(COUNT("SELECT count(*) FROM t_parent WHERE id > $1", DI(0)), 0, "the first insert was not rolled back");

    cr_assert_eq(db_write(c, parent_tx, NULL, &e), 0, "%s", e.msg);
    v = (Violation){ 0, { 0 } };
    err_clear(&e);
    cr_assert_eq(db_write(c, pk_tx, &v, &e), -1);
    cr_assert_eq(v.exec_err.code, E_CONFLICT, "a PRIMARY KEY violation gave %d: %s", v.exec_err.code, v.exec_err.msg);

    v = (Violation){ 0, { 0 } };
    err_clear(&e);
    cr_assert_eq(db_write(c, fk_tx, &v, &e), -1);
    cr_assert_eq(v.exec_err.code, E_INVALID, "a FOREIGN KEY violation gave %d: %s", v.exec_err.code, v.exec_err.msg);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_eq(COUNT("SELECT count(*) FROM t_child WHERE id > $1", DI(0)), 0);
    db_release(c);
}

/* ---- connections ---- */

static int bump_tx(DbConn *c, void *ctx, Err *e)
{
    int64_t id = *(int64_t *)ctx;
    return db_exec(c, e, "INSERT INTO t_seen (id) VALUES ($1)", DI(id)) == 1 ? 0 : -1;
}

static int64_t seen_count(DbConn *c)
{
    Err e = { 0 };
    int64_t n = -1;
    cr_assert_eq(db_int64(c, &e, &n, "SELECT count(*) FROM t_seen"), 1, "%s", e.msg);
    return n;
}

Test(db, readers_see_committed_writes)
{
    SCRIPT("DROP TABLE IF EXISTS t_seen", "CREATE TABLE t_seen (id BIGINT PRIMARY KEY)");
    Err e = { 0 };
    DbConn *r1 = acquire(), *r2 = acquire(), *w = acquire();
    cr_assert_neq(r1, r2);
    cr_assert_eq(seen_count(r1), 0);
    cr_assert_eq(seen_count(r2), 0);
    for (int64_t i = 1; i <= 3; i++) {
        cr_assert_eq(db_write(w, bump_tx, &i, &e), 0, "%s", e.msg);
        cr_assert_eq(seen_count(r1), i, "a pooled reader does not see commit %lld", (long long)i);
        cr_assert_eq(seen_count(r2), i);
    }
    db_release(r1);
    db_release(r2);
    db_release(w);
    /* connections coming back from the pool see them too */
    DbConn *r3 = acquire();
    cr_assert_eq(seen_count(r3), 3);
    db_release(r3);
}

Test(db, sqlite_readers_refuse_writes_outside_db_write)
{
    if (is_pg()) cr_skip_test("query_only read connections are a SQLite feature");
    quiet();
    SCRIPT("DROP TABLE IF EXISTS t_ro", "CREATE TABLE t_ro (id BIGINT PRIMARY KEY)");
    DbConn *c = acquire();
    Err e = { 0 };
    cr_assert_eq(db_exec(c, &e, "INSERT INTO t_ro (id) VALUES ($1)", DI(1)), -1,
                 "a write outside db_write succeeded on a read connection");
    cr_assert_neq(e.code, 0);
    err_clear(&e);
    cr_assert_eq(db_exec(c, &e, "DELETE FROM t_ro"), -1);
    db_release(c);
    cr_assert_eq(COUNT("SELECT count(*) FROM t_ro WHERE id > $1", DI(0)), 0);
}

/* db_read_batch (a request's connection): its reads share one snapshot, its
 * own writes are visible to its next read, and it goes back to the pool
 * outside any transaction. */
Test(db, batched_reads_see_one_snapshot_and_their_own_writes)
{
    SCRIPT("DROP TABLE IF EXISTS t_seen", "CREATE TABLE t_seen (id BIGINT PRIMARY KEY)");
    Err e = { 0 };
    DbConn *req = acquire(), *other = acquire();
    db_read_batch(req);
    cr_assert_eq(seen_count(req), 0);
    int64_t id = 1;
    cr_assert_eq(db_write(other, bump_tx, &id, &e), 0, "%s", e.msg);
    /* SQLite: another connection's commit is not in this request's snapshot
     * (PostgreSQL reads each statement afresh) */
    cr_assert_eq(seen_count(req), is_pg() ? 1 : 0);
    id = 2;
    cr_assert_eq(db_write(req, bump_tx, &id, &e), 0, "%s", e.msg);
    cr_assert_eq(seen_count(req), 2, "a batched reader does not see its own write");
    /* a write while a query of req is still running: the write commits, the
     * running query keeps its snapshot, nothing is left open */
    DbRes *r = db_query(req, &e, "SELECT id FROM t_seen ORDER BY id");
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(db_next(r), 1);
    id = 3;
    cr_assert_eq(db_write(req, bump_tx, &id, &e), 0, "%s", e.msg);
    while (db_next(r) > 0) { }
    db_done(r);
    db_release(req);
    db_release(other);
    DbConn *again = acquire();
    cr_assert_eq(seen_count(again), 3);
    /* back from the pool: not batched, each statement sees the latest commit */
    DbConn *w = acquire();
    id = 4;
    cr_assert_eq(db_write(w, bump_tx, &id, &e), 0, "%s", e.msg);
    cr_assert_eq(seen_count(again), 4);
    db_release(w);
    db_release(again);
}

/* ---- concurrency ---- */

enum { THREADS = 8, INCREMENTS = 50 };

typedef struct Worker {
    int failures;
    Err last;
} Worker;

static int increment_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    int64_t n = 0;
    int rc = db_int64(c, e, &n, "SELECT n FROM t_counter WHERE id = $1", DI(1));
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, E_INTERNAL, "the counter row is missing");
    /* read, then write the new value: the transaction must make this atomic */
    if (db_exec(c, e, "UPDATE t_counter SET n = $1 WHERE id = $2", DI(n + 1), DI(1)) != 1) return -1;
    return 0;
}

static void *worker(void *arg)
{
    Worker *w = arg;
    Err e = { 0 };
    DbConn *c = db_acquire(db, &e);
    if (!c) {
        w->failures = INCREMENTS;
        w->last = e;
        return NULL;
    }
    for (int i = 0; i < INCREMENTS; i++) {
        err_clear(&e);
        if (db_write(c, increment_tx, NULL, &e) < 0) {
            w->failures++;
            w->last = e;
        }
    }
    db_release(c);
    return NULL;
}

/* THREADS workers each add INCREMENTS to one counter through db_write; the failed calls, and the
 * message of the last failure in *last. */
static int run_increments(const char **last)
{
    SCRIPT("DROP TABLE IF EXISTS t_counter", "CREATE TABLE t_counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)",
           "INSERT INTO t_counter (id, n) VALUES (1, 0)");
    pthread_t th[THREADS];
    static Worker w[THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, worker, &w[i]);
    int failures = 0;
    *last = "";
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        failures += w[i].failures;
        if (w[i].failures) *last = w[i].last.msg;
    }
    int64_t n = COUNT("SELECT n FROM t_counter WHERE id = $1", DI(1));
    cr_expect_eq(n, THREADS * INCREMENTS - failures, "the counter is %lld, want %d", (long long)n, THREADS * INCREMENTS - failures);
    return failures;
}

Test(db, concurrent_increments_through_db_write, .timeout = 120)
{
    quiet();
    const char *last;
    int failures = run_increments(&last);
    cr_expect_eq(failures, 0, "%d of %d db_write calls failed (last: %s)", failures, THREADS * INCREMENTS, last);
}

/* Concurrent writes to one row fail serialization on PostgreSQL, and db_write runs them again:
 * expected, so each is a debug line, not an error (bench/scale's mixed load logged thousands of
 * error lines for RSVPs that all succeeded in the end). */
Test(db, serialization_failures_run_again_are_no_errors_in_the_log, .timeout = 120)
{
    LogCapture l;
    log_capture_start(&l);
    const char *last;
    int failures = run_increments(&last);
    char *log = log_capture_end(&l);
    cr_assert_eq(failures, 0, "%d db_write calls failed (last: %s)", failures, last);
    cr_expect_null(strstr(log, " error "), "an error was logged:\n%.2000s", log);
    if (is_pg()) cr_expect_not_null(strstr(log, " debug db: ") ? strstr(log, "could not serialize") : NULL,
                                    "the workers did not conflict, so the test proves nothing:\n%.2000s", log);
    free(log);
}

/* ---- backup ---- */

Test(db, backup_copies_sqlite_and_points_postgres_to_pg_dump)
{
    Err e = { 0 };
    if (is_pg()) {
        quiet();
        cr_assert_eq(db_backup_sqlite(db, "/tmp/glocal-test-never-written.db", &e), -1);
        cr_assert(strstr(e.msg, "pg_dump"), "the refusal does not mention pg_dump: %s", e.msg);
        cr_assert(access("/tmp/glocal-test-never-written.db", F_OK) != 0);
        return;
    }
    SCRIPT("DROP TABLE IF EXISTS t_backup", "CREATE TABLE t_backup (id BIGINT PRIMARY KEY, body TEXT)",
           "INSERT INTO t_backup VALUES (1, 'one')", "INSERT INTO t_backup VALUES (2, 'Zoë 🎉')",
           "INSERT INTO t_backup VALUES (3, NULL)");
    Fresh f;
    fresh_make(&f);
    char dest[512];
    snprintf(dest, sizeof dest, "%s/copy.db", f.dir);
    cr_assert_eq(db_backup_sqlite(db, dest, &e), 0, "%s", e.msg);

    Db *copy = NULL;
    char copy_url[600];
    snprintf(copy_url, sizeof copy_url, "sqlite:%s", dest);
    cr_assert_eq(db_open(&copy, copy_url, &e), 0, "%s", e.msg);
    DbConn *a = acquire(), *b = db_acquire(copy, &e);
    cr_assert_not_null(b, "%s", e.msg);
    json_t *want = db_rows(a, &e, "SELECT id, body FROM t_backup ORDER BY id");
    json_t *got = db_rows(b, &e, "SELECT id, body FROM t_backup ORDER BY id");
    cr_assert_not_null(want);
    cr_assert_not_null(got, "the copy lacks the table: %s", e.msg);
    cr_assert_eq(json_array_size(got), 3);
    cr_assert(json_equal(want, got), "the copy differs: %s", json_dumps(got, 0));
    cr_assert_eq(db_schema_version(b, &e), db_schema_latest(), "the copy lost the migrations");
    json_decref(want);
    json_decref(got);
    db_release(a);
    db_release(b);
    db_close(copy);

    /* a destination that cannot be created */
    quiet();
    err_clear(&e);
    cr_assert_eq(db_backup_sqlite(db, "/nonexistent-glocal-dir/copy.db", &e), -1);
    cr_assert(strstr(e.msg, "/nonexistent-glocal-dir/copy.db"), "message: %s", e.msg);
    fresh_remove(&f);
}

/* One test at a time: the suite's setup migrates the database, and parallel
 * first migrations are the subject of a test of their own. */
int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true)) {
        criterion_options.jobs = 1;
        result = !criterion_run_all_tests(tests);
    }
    criterion_finalize(tests);
    return result;
}

/* ---- what follows a commit ---- */

static int hooked;
static void count_hook(DbConn *c)
{
    (void)c;
    hooked++;
}

static int hook_tx(DbConn *c, void *ctx, Err *e)
{
    db_after_commit(c, count_hook);
    db_after_commit(c, count_hook);   /* asked for twice: runs once */
    if (db_exec(c, e, "CREATE TABLE IF NOT EXISTS hook_probe (x BIGINT)") < 0) return -1;
    return *(int *)ctx ? err_set(e, E_CONFLICT, "rolled back on purpose") : 0;
}

Test(db, after_commit_hooks_run_once_after_a_commit_and_never_after_a_rollback)
{
    DbConn *c = acquire();
    Err e = { 0 };
    int fail = 0;
    hooked = 0;
    cr_assert_eq(db_write(c, hook_tx, &fail, &e), 0, "%s", e.msg);
    cr_assert_eq(hooked, 1, "the hook runs once the transaction committed");
    fail = 1;
    quiet();
    cr_assert_eq(db_write(c, hook_tx, &fail, &e), -1);
    cr_assert_eq(hooked, 1, "not after a rollback");
    fail = 0;
    cr_assert_eq(db_write(c, hook_tx, &fail, &e), 0, "%s", e.msg);
    cr_assert_eq(hooked, 2, "nor is a hook of a rolled-back transaction left behind for the next one");
    db_release(c);
}

Test(db, rules_of_the_schema_refuse_rows_on_both_databases)
{
    /* @CHECK and @FREEZE of schema/008: triggers on SQLite, trigger functions on PostgreSQL */
    DbConn *c = acquire();
    Err e = { 0 };
    quiet();
    const char *const bad_max[] = { "UPDATE resources SET max_amount = 0 WHERE code = 'EUR'", NULL };
    cr_assert_eq(db_write(c, script_tx, (void *)bad_max, &e), -1);
    cr_assert(strstr(e.msg, "refuses this row") || e.code, "%s", e.msg);
    const char *const decimals[] = { "UPDATE resources SET decimals = 3 WHERE code = 'EUR'", NULL };
    err_clear(&e);
    cr_assert_eq(db_write(c, script_tx, (void *)decimals, &e), -1, "what a resource stands for is frozen");
    const char *const gone[] = { "DELETE FROM resources WHERE code = 'FAVOURS'", NULL };
    err_clear(&e);
    cr_assert_eq(db_write(c, script_tx, (void *)gone, &e), -1, "and it is not deleted");
    const char *const fine[] = { "UPDATE resources SET max_amount = 500000000000 WHERE code = 'USD'", NULL };
    err_clear(&e);
    cr_assert_eq(db_write(c, script_tx, (void *)fine, &e), 0, "a maximum within the bounds may change: %s", e.msg);
    int64_t max = 0;
    cr_assert_eq(db_int64(c, &e, &max, "SELECT max_amount FROM resources WHERE code = 'USD'"), 1);
    cr_assert_eq(max, 500000000000LL);
    db_release(c);
}

/* Fails the first time with PostgreSQL's serialization failure, then writes. */
static int flaky_tx(DbConn *c, void *ctx, Err *e)
{
    int *calls = ctx;
    if ((*calls)++ == 0)
        return db_exec(c, e, "DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = 'serialization_failure'; END $$") < 0 ? -1 : 0;
    return db_exec(c, e, "CREATE TABLE t_retried (id INTEGER PRIMARY KEY)") < 0 ? -1 : 0;
}

Test(db, a_retried_write_that_then_commits_leaves_no_error)
{
    if (!is_pg()) cr_skip_test("SQLite's writes queue behind one lock: a write is never retried there");
    DbConn *c = acquire();
    Err e = { 0 };
    quiet();
    int calls = 0;
    cr_assert_eq(db_write(c, flaky_tx, &calls, &e), 0, "%s", e.msg);
    cr_assert_eq(calls, 2, "retried once");
    cr_assert_eq(e.code, 0, "the caller is not told the database was busy: %s", e.msg);
    cr_assert_str_eq(e.msg, "");
    db_release(c);
}
