/* test_jobs.c - several servers on one database (issue 19): the periodic
 * jobs' claims (src/jobs/), the settings' version servers check before using
 * what they keep (src/settings/), and the PostgreSQL driver through a pooler
 * in transaction mode (?pooler=transaction: no named statements). Run on
 * SQLite and on PostgreSQL by tests/run (GLOCAL_TEST_DB); the pooler's tests
 * say "skipped" on SQLite. */
#include <pthread.h>

#include "testutil.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

static void quiet(void)
{
    freopen("/dev/null", "w", stderr);
}

static bool on_postgres(const TestDb *t)
{
    return strncmp(t->url, "postgres", 8) == 0;
}

/* The test database, opened and migrated before each test that names
 * open_db as its .init, closed after (close_db). */
static TestDb t;
static Db *db;
static DbConn *c;

static void open_db(void)
{
    quiet();
    test_db_open(&t, &db, &c);
}

static void close_db(void)
{
    test_db_close(&t, db, c);
}

/* "tick:test-<what>-<pid>": a job no other run on the same database names. */
static const char *job_named(char out[48], const char *what)
{
    snprintf(out, 48, "tick:test-%s-%d", what, (int)getpid());
    return out;
}

/* The job's runs and owner (NULL when none; static buffer). */
static int64_t job_runs(DbConn *conn, const char *name, const char **owner)
{
    static char who[128];
    Err e = { 0 };
    json_t *rows = db_rows(conn, &e, "SELECT runs, lease_owner FROM jobs WHERE name = $1", DT(name));
    cr_assert_not_null(rows, "%s", e.msg);
    cr_assert_eq(json_array_size(rows), 1);
    json_t *r = json_array_get(rows, 0);
    const char *o = json_string_value(json_object_get(r, "lease_owner"));
    snprintf(who, sizeof who, "%s", o ? o : "");
    if (owner) *owner = o ? who : NULL;
    int64_t runs = json_integer_value(json_object_get(r, "runs"));
    json_decref(rows);
    return runs;
}

Test(jobs, a_claim_holds_until_done_then_the_job_waits_its_period, .init = open_db, .fini = close_db)
{
    Err e = { 0 };
    char name[48];
    const char *job = job_named(name, "period"), *owner;
    int64_t now = 1800000000;
    cr_assert_eq(job_claim(c, &e, job, "server-a", now, 600), 1, "%s", e.msg);
    cr_expect_eq(job_claim(c, &e, job, "server-b", now, 600), 0, "held by a: b does not claim it");
    cr_expect_eq(job_claim(c, &e, job, "server-b", now + 599, 600), 0);
    cr_expect_eq(job_runs(c, job, &owner), 0);
    cr_expect_str_eq(owner, "server-a");
    cr_assert_eq(job_done(c, &e, job, "server-a", now + 2, 300), 0, "%s", e.msg);
    cr_expect_eq(job_runs(c, job, &owner), 1);
    cr_expect_null(owner);
    /* done at now + 2, every 300 s: not due before now + 302, whoever asks */
    cr_expect_eq(job_claim(c, &e, job, "server-b", now + 301, 600), 0);
    cr_expect_eq(job_claim(c, &e, job, "server-a", now + 301, 600), 0);
    cr_expect_eq(job_claim(c, &e, job, "server-b", now + 302, 600), 1);
    cr_expect_eq(job_claim(c, &e, job, "server-a", now + 302, 600), 0);
    cr_expect_eq(job_done(c, &e, job, "server-b", now + 303, 300), 0);
    cr_expect_eq(job_runs(c, job, NULL), 2);
}

Test(jobs, a_server_that_died_lets_go_when_its_lease_runs_out, .init = open_db, .fini = close_db)
{
    Err e = { 0 };
    char name[48];
    const char *job = job_named(name, "lease"), *owner;
    int64_t now = 1800000000;
    cr_assert_eq(job_claim(c, &e, job, "dead", now, 900), 1, "%s", e.msg);
    cr_expect_eq(job_claim(c, &e, job, "alive", now + 899, 900), 0);
    cr_expect_eq(job_claim(c, &e, job, "alive", now + 900, 900), 1, "the lease ran out: another server takes the job");
    /* the first one ends late: its claim is no longer its own, the row stays the new owner's */
    cr_expect_eq(job_done(c, &e, job, "dead", now + 901, 300), 0);
    cr_expect_eq(job_runs(c, job, &owner), 0);
    cr_expect_str_eq(owner, "alive");
    cr_expect_eq(job_done(c, &e, job, "alive", now + 902, 300), 0);
    cr_expect_eq(job_runs(c, job, NULL), 1);
}

/* Servers claiming at the same moment: each its own Db (its own connections,
 * as another process has), started together. */
typedef struct Claimer {
    const char *url, *job;
    char worker[24];
    pthread_barrier_t *start;
    int claimed;
    Err e;
} Claimer;

static void *claim_thread(void *arg)
{
    Claimer *k = arg;
    Db *own = NULL;
    k->claimed = -1;
    if (db_open(&own, k->url, &k->e) < 0) {
        pthread_barrier_wait(k->start);
        return NULL;
    }
    DbConn *conn = db_acquire(own, &k->e);
    pthread_barrier_wait(k->start);
    if (conn) k->claimed = job_claim(conn, &k->e, k->job, k->worker, 1800000000, 600);
    db_release(conn);
    db_close(own);
    return NULL;
}

Test(jobs, of_servers_claiming_at_once_one_gets_the_job, .timeout = 120, .init = open_db, .fini = close_db)
{
    enum { N = 6 };
    for (int round = 0; round < 5; round++) {
        char job[48], what[24];
        snprintf(what, sizeof what, "race-%d", round);
        job_named(job, what);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, N);
        Claimer k[N];
        pthread_t th[N];
        for (int i = 0; i < N; i++) {
            k[i] = (Claimer){ t.url, job, "", &start, 0, { 0 } };
            snprintf(k[i].worker, sizeof k[i].worker, "server-%d", i);
            pthread_create(&th[i], NULL, claim_thread, &k[i]);
        }
        int got = 0;
        for (int i = 0; i < N; i++) {
            pthread_join(th[i], NULL);
            cr_expect_geq(k[i].claimed, 0, "claimer %d failed: %s", i, k[i].e.msg);
            got += k[i].claimed > 0;
        }
        pthread_barrier_destroy(&start);
        cr_expect_eq(got, 1, "round %d: %d servers claimed the job", round, got);
    }
}

static int put_tx(DbConn *w, void *ctx, Err *e)
{
    return setting_put(w, e, "network_name", ctx);
}

static int put_then_fail_tx(DbConn *w, void *ctx, Err *e)
{
    if (setting_put(w, e, "network_name", ctx) < 0) return -1;
    return err_set(e, E_INVALID, "refused after the write");
}

Test(jobs, every_setting_written_raises_the_settings_version_and_a_rollback_does_not, .init = open_db, .fini = close_db)
{
    Err e = { 0 };
    int64_t v0 = settings_version(c);
    cr_assert_geq(v0, 0);
    cr_assert_eq(db_write(c, put_tx, "First name", &e), 0, "%s", e.msg);
    cr_expect_eq(settings_version(c), v0 + 1);
    cr_assert_eq(db_write(c, put_tx, "Second name", &e), 0, "%s", e.msg);
    cr_expect_eq(settings_version(c), v0 + 2);
    cr_expect_eq(db_write(c, put_then_fail_tx, "Never", &e), -1);
    cr_expect_eq(settings_version(c), v0 + 2, "a write rolled back leaves the version");
    /* another connection (another server) reads the same number */
    Db *other = NULL;
    cr_assert_eq(db_open(&other, t.url, &e), 0, "%s", e.msg);
    DbConn *oc = db_acquire(other, &e);
    cr_assert_not_null(oc);
    cr_expect_eq(settings_version(oc), v0 + 2);
    db_release(oc);
    db_close(other);
}

/* The test database's URL with "pooler=<value>" added. */
static void pooled_url(const TestDb *d, const char *value, char *out, size_t n)
{
    snprintf(out, n, "%s%spooler=%s", d->url, strchr(d->url, '?') ? "&" : "?", value);
}

static int64_t prepared_here(DbConn *conn)
{
    Err e = { 0 };
    int64_t n = -1;
    cr_assert_geq(db_int64(conn, &e, &n, "SELECT count(*) FROM pg_prepared_statements"), 0, "%s", e.msg);
    return n;
}

Test(jobs, postgres_through_a_transaction_pooler_prepares_no_named_statement)
{
    quiet();
    test_db_make(&t);
    if (!on_postgres(&t)) {
        test_db_remove(&t);
        printf("skipped: the pooler mode is PostgreSQL's (this run is on SQLite)\n");
        return;
    }
    Db *plain = NULL, *pooled = NULL;   /* (the file's db is not opened here) */
    Err e = { 0 };
    char url[400];
    pooled_url(&t, "transaction", url, sizeof url);
    cr_assert_eq(db_open(&plain, t.url, &e), 0, "%s", e.msg);
    cr_assert_eq(db_open(&pooled, url, &e), 0, "%s", e.msg);
    cr_assert_geq(db_migrate(pooled, false, &e), 0, "db_migrate through the pooler's URL: %s", e.msg);
    DbConn *p = db_acquire(plain, &e), *q = db_acquire(pooled, &e);
    cr_assert(p && q, "%s", e.msg);
    for (int i = 0; i < 20; i++) {
        int64_t v = 0;
        cr_assert_eq(db_int64(p, &e, &v, "SELECT $1 + 1", DI(i)), 1, "%s", e.msg);
        cr_assert_eq(v, i + 1);
        cr_assert_eq(db_int64(q, &e, &v, "SELECT $1 + 1", DI(i)), 1, "%s", e.msg);
        cr_assert_eq(v, i + 1);
    }
    cr_expect_gt(prepared_here(p), 0, "the plain connection prepares its statements");
    cr_expect_eq(prepared_here(q), 0, "through the pooler nothing is prepared by name");
    /* writes, nested reads and the transaction-level lock work the same */
    cr_expect_eq(db_write(q, put_tx, "Pooled name", &e), 0, "%s", e.msg);
    DbRes *r = db_query(q, &e, "SELECT key FROM settings WHERE key = $1", DT("network_name"));
    cr_assert_not_null(r, "%s", e.msg);
    int rows = 0;
    while (db_next(r) > 0) {
        int64_t n = 0;
        cr_expect_eq(db_int64(q, &e, &n, "SELECT count(*) FROM settings WHERE key = $1", DT(db_text(r, 0))), 1);
        rows += (int)n;
    }
    db_done(r);
    cr_expect_eq(rows, 1);
    cr_expect_eq(db_write_locked(q, 12345, put_tx, "Locked name", &e), 0, "%s", e.msg);
    cr_expect_eq(prepared_here(q), 0);
    db_release(p);
    db_release(q);
    db_close(plain);
    db_close(pooled);
}

Test(jobs, the_pooler_parameter_takes_transaction_or_none)
{
    quiet();
    test_db_make(&t);
    if (!on_postgres(&t)) {
        test_db_remove(&t);
        printf("skipped: the pooler mode is PostgreSQL's (this run is on SQLite)\n");
        return;
    }
    Err e = { 0 };
    char url[400];
    pooled_url(&t, "session", url, sizeof url);
    Db *refused = NULL;
    cr_expect_eq(db_open(&refused, url, &e), -1);
    cr_expect(strstr(e.msg, "pooler= takes \"transaction\""), "%s", e.msg);
    err_clear(&e);
    pooled_url(&t, "none", url, sizeof url);
    Db *none = NULL;
    cr_assert_eq(db_open(&none, url, &e), 0, "%s", e.msg);
    DbConn *nc = db_acquire(none, &e);
    int64_t v = 0;
    cr_expect_eq(db_int64(nc, &e, &v, "SELECT $1 + 1", DI(41)), 1);
    cr_expect_gt(prepared_here(nc), 0, "pooler=none prepares as without it");
    db_release(nc);
    db_close(none);
}
