/* testutil.h - shared by the unit test programs (Criterion).
 *
 * Every suite ends with the line "N passed, N failed", which tests/run reads. */
#ifndef GLOCAL_TESTUTIL_H
#define GLOCAL_TESTUTIL_H

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "db/db.h"

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    fflush(stderr);
    printf("%zu passed, %zu failed\n", stats->tests_passed,
           stats->tests_failed + stats->tests_crashed);
    fflush(stdout);
}

/* A string of n copies of unit (which may be several bytes); the caller frees it. */
static inline char *repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + i * u, unit, u);
    s[u * n] = 0;
    return s;
}

/* The log (stderr) written to a file while a test runs, at every level: log_capture_start, then
 * log_capture_end gives back what was logged (the caller frees it) and restores the log. */
typedef struct LogCapture {
    int fd, saved, level;
} LogCapture;

static inline void log_capture_start(LogCapture *l)
{
    char path[] = "/tmp/glocal-test-log-XXXXXX";
    l->fd = mkstemp(path);
    cr_assert(l->fd >= 0, "a file for the log");
    unlink(path);
    fflush(stderr);
    l->saved = dup(2);
    dup2(l->fd, 2);
    l->level = log_level;
    log_level = LOG_DEBUG;
}

static inline char *log_capture_end(LogCapture *l)
{
    log_level = l->level;
    fflush(stderr);
    dup2(l->saved, 2);
    close(l->saved);
    size_t cap = 1 << 16, len = 0;
    char *log = malloc(cap);
    lseek(l->fd, 0, SEEK_SET);
    for (ssize_t r; (r = read(l->fd, log + len, cap - len - 1)) > 0;)
        if ((len += (size_t)r) + 1 == cap) log = realloc(log, cap *= 2);
    log[len] = 0;
    close(l->fd);
    return log;
}

/* The database a test program works on: GLOCAL_TEST_DB (tests/run gives a fresh
 * one of each kind), or, run by hand without it, a SQLite file test.db in a new
 * folder written to dir (test_db_remove removes it; dir stays empty otherwise). */
typedef struct TestDb {
    char url[256];
    char dir[64];
} TestDb;

static inline void test_db_make(TestDb *t)
{
    const char *given = getenv("GLOCAL_TEST_DB");
    t->dir[0] = 0;
    if (given && *given) {
        snprintf(t->url, sizeof t->url, "%s", given);
        return;
    }
    snprintf(t->dir, sizeof t->dir, "/tmp/glocal-test.XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    snprintf(t->url, sizeof t->url, "sqlite:%s/test.db", t->dir);
}

static inline void test_db_remove(TestDb *t)
{
    if (!t->dir[0]) return;
    static const char *const files[] = { "test.db", "test.db-wal", "test.db-shm", NULL };
    char p[128];
    for (const char *const *f = files; *f; f++) {
        snprintf(p, sizeof p, "%s/%s", t->dir, *f);
        unlink(p);
    }
    rmdir(t->dir);
    t->dir[0] = 0;
}

/* test_db_make, then the database opened, migrated, and a connection taken. */
static inline void test_db_open(TestDb *t, Db **db, DbConn **conn)
{
    test_db_make(t);
    Err e = { 0 };
    cr_assert_eq(db_open(db, t->url, &e), 0, "db_open(%s): %s", t->url, e.msg);
    cr_assert_geq(db_migrate(*db, false, &e), 0, "db_migrate(%s): %s", t->url, e.msg);
    *conn = db_acquire(*db, &e);
    cr_assert_not_null(*conn, "%s", e.msg);
}

/* The connection back, the database closed, a SQLite file of its own removed. */
static inline void test_db_close(TestDb *t, Db *db, DbConn *conn)
{
    db_release(conn);
    db_close(db);
    test_db_remove(t);
}

/* A rule refuses or accepts: `call` fills the Err named e_ (declared here). */
#define expect_refused(call, want_field, want_text)                                              \
    do {                                                                                          \
        Err e_ = { 0 };                                                                           \
        int rc_ = (call);                                                                         \
        cr_assert_eq(rc_, -1, "%s was accepted", #call);                                          \
        cr_assert_eq(e_.code, E_INVALID, "%s: code %d", #call, e_.code);                          \
        cr_assert_str_eq(e_.field, want_field, "%s: field", #call);                               \
        cr_assert(strstr(e_.msg, want_text), "%s: message \"%s\" lacks \"%s\"", #call, e_.msg,   \
                  want_text);                                                                     \
    } while (0)

#define expect_accepted(call)                                                                     \
    do {                                                                                          \
        Err e_ = { 0 };                                                                           \
        int rc_ = (call);                                                                         \
        cr_assert_eq(rc_, 0, "%s was refused: %s", #call, e_.msg);                                \
        cr_assert_eq(e_.code, 0);                                                                 \
    } while (0)

#endif
