/* test_db_replicas.c - unit tests of read replicas in the storage API
 * (src/db/replicas.c), on the database named by GLOCAL_TEST_DB.
 *
 * On SQLite: db_add_replica is refused with a sentence that says why, and
 * db_acquire_read is db_acquire (nothing changes without replicas). On
 * PostgreSQL the test database is given as its own "replica" (a database not
 * in recovery counts its WAL insert position as replayed): reads then go to
 * the replica's pool, a write through such a connection runs on the primary
 * and leaves the primary's WAL position for read-your-writes, what follows the
 * write in the same connection reads on the primary, and /health's report
 * names both as up. A real streaming replica (pg_basebackup -R), stopped and
 * paused, is tests/http/replica.test.mjs. */
#include "testutil.h"

#include <jansson.h>

#include "base/log.h"
#include "db/db.h"

static TestDb t;
static Db *db;

static void setup(void)
{
    test_db_make(&t);
    Err e = { 0 };
    cr_assert_eq(db_open(&db, t.url, &e), 0, "db_open(%s): %s", t.url, e.msg);
    cr_assert_geq(db_migrate(db, false, &e), 0, "%s", e.msg);
}

static void teardown(void)
{
    db_close(db);
    test_db_remove(&t);
}

TestSuite(replicas, .init = setup, .fini = teardown);

static bool is_pg(void) { return db_kind(db) == DB_POSTGRES; }

Test(replicas, sqlite_has_none_and_reads_stay_on_the_one_database)
{
    if (is_pg()) cr_skip_test("PostgreSQL takes replicas: the next tests");
    Err e = { 0 };
    cr_assert_eq(db_add_replica(db, "postgresql:///x?host=/nonexistent", &e), -1);
    cr_assert_eq(e.code, E_BAD_REQUEST);
    cr_assert(strstr(e.msg, "SQLite has no replicas"), "%s", e.msg);
    cr_assert(!db_has_replicas(db));
    cr_assert_null(db_replicas_health(db));
    DbConn *c = db_acquire_read(db, 123456, &e);
    cr_assert_not_null(c, "%s", e.msg);
    cr_assert_eq(db_of(c), db);
    cr_assert_eq(db_conn_wrote_lsn(c), 0);
    db_release(c);
}

Test(replicas, a_replica_url_must_be_postgres)
{
    if (!is_pg()) cr_skip_test("SQLite refuses every replica");
    Err e = { 0 };
    cr_assert_eq(db_add_replica(db, "sqlite:/tmp/x.db", &e), -1);
    cr_assert(strstr(e.msg, "--read-db takes a PostgreSQL URL"), "%s", e.msg);
    cr_assert(!db_has_replicas(db), "a refused replica is not kept");
}

static int insert_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return db_exec(c, e, "INSERT INTO t_rep (v) VALUES ('written')") < 0 ? -1 : 0;
}

static int make_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return db_exec(c, e, "CREATE TABLE IF NOT EXISTS t_rep (v TEXT)") < 0 ? -1 : 0;
}

Test(replicas, reads_go_to_the_replica_and_writes_to_the_primary)
{
    if (!is_pg()) cr_skip_test("SQLite has no replicas");
    Err e = { 0 };
    log_level = -1;
    cr_assert_eq(db_add_replica(db, t.url, &e), 0, "%s", e.msg);
    cr_assert(db_has_replicas(db));

    DbConn *c = db_acquire_read(db, 0, &e);
    cr_assert_not_null(c, "%s", e.msg);
    cr_assert_eq(db_of(c), db, "a replica connection belongs to the primary's network");
    cr_assert_eq(db_write(c, make_tx, NULL, &e), 0, "%s", e.msg);
    int64_t first = db_conn_wrote_lsn(c);
    cr_assert_gt(first, 0, "a write leaves the primary's WAL position");
    cr_assert_eq(db_write(c, insert_tx, NULL, &e), 0, "%s", e.msg);
    int64_t second = db_conn_wrote_lsn(c);
    cr_assert_geq(second, first, "positions only grow");
    int64_t n = -1;
    cr_assert_eq(db_int64(c, &e, &n, "SELECT count(*) FROM t_rep WHERE v = 'written'"), 1, "%s", e.msg);
    cr_assert_eq(n, 1, "the connection reads what it wrote");
    db_release(c);

    /* given back, the connection forgets the write: the caller keeps the position */
    DbConn *again = db_acquire_read(db, second, &e);
    cr_assert_not_null(again, "%s", e.msg);
    cr_assert_eq(db_conn_wrote_lsn(again), 0);
    db_release(again);

    /* a position far ahead of every replica: the read goes to the primary */
    DbConn *ahead = db_acquire_read(db, INT64_MAX, &e);
    cr_assert_not_null(ahead, "%s", e.msg);
    db_release(ahead);

    json_t *h = db_replicas_health(db);
    cr_assert_not_null(h);
    json_t *primary = json_object_get(h, "primary"), *replicas = json_object_get(h, "replicas");
    cr_assert_str_eq(json_string_value(json_object_get(primary, "state")), "up");
    cr_assert_str_eq(json_string_value(json_object_get(primary, "role")), "primary");
    cr_assert_eq(json_array_size(replicas), 1);
    json_t *r0 = json_array_get(replicas, 0);
    cr_assert_str_eq(json_string_value(json_object_get(r0, "state")), "up");
    cr_assert_str_eq(json_string_value(json_object_get(r0, "role")), "replica");
    cr_assert(json_is_integer(json_object_get(r0, "lag_bytes")));
    json_decref(h);
    c = db_acquire(db, &e);
    cr_assert_geq(db_exec(c, &e, "DROP TABLE t_rep"), 0, "%s", e.msg);
    db_release(c);
}

Test(replicas, an_unreachable_replica_is_down_and_reads_go_to_the_primary)
{
    if (!is_pg()) cr_skip_test("SQLite has no replicas");
    Err e = { 0 };
    log_level = -1;
    cr_assert_eq(db_add_replica(db, "postgresql:///nowhere?host=/nonexistent-dir&user=nobody", &e), 0,
                 "a replica down at start is taken (it may come later): %s", e.msg);
    json_t *h = db_replicas_health(db);
    json_t *r0 = json_array_get(json_object_get(h, "replicas"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(r0, "state")), "down");
    cr_assert(strlen(json_string_value(json_object_get(r0, "error"))) > 0, "it says why");
    json_decref(h);
    DbConn *c = db_acquire_read(db, 0, &e);
    cr_assert_not_null(c, "the primary answers: %s", e.msg);
    int64_t one = 0;
    cr_assert_eq(db_int64(c, &e, &one, "SELECT 1"), 1, "%s", e.msg);
    db_release(c);
}
