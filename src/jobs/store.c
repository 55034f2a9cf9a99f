/* store.c - the rows of the periodic jobs (see jobs.h; schema 028). */
#include "jobs/jobs.h"

/* Claims and their ends take turns (db_write_locked: READ COMMITTED behind a
 * transaction-level lock on PostgreSQL): servers ticking at the same moment
 * wait a moment for each other instead of failing serialization, and the
 * second finds the lease taken. */
#define JOBS_LOCK_KEY 0x4a4f4253000000LL   /* "JOBS" */

typedef struct Claim {
    const char *name, *worker;
    int64_t now, lease;
    int claimed;   /* out */
} Claim;

static int claim_tx(DbConn *c, void *ctx, Err *e)
{
    Claim *k = ctx;
    if (db_exec(c, e,
                "INSERT INTO jobs (name, lease_owner, lease_until, next_at, runs, last_started_at, last_done_at)"
                " VALUES ($1, NULL, 0, 0, 0, 0, 0) ON CONFLICT (name) DO NOTHING",
                DT(k->name)) < 0)
        return -1;
    int64_t runs = 0;
    k->claimed = db_int64(c, e, &runs,
                          "UPDATE jobs SET lease_owner = $2, lease_until = $3 + $4, last_started_at = $3"
                          " WHERE name = $1 AND next_at <= $3 AND lease_until <= $3 RETURNING runs",
                          DT(k->name), DT(k->worker), DI(k->now), DI(k->lease));
    return k->claimed < 0 ? -1 : 0;
}

int job_claim(DbConn *c, Err *e, const char *name, const char *worker, int64_t now, int64_t lease)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row, "SELECT next_at, lease_until FROM jobs WHERE name = $1", DT(name));
    if (found < 0) return -1;
    bool idle = found > 0 && (json_integer_value(json_object_get(row, "next_at")) > now ||
                              json_integer_value(json_object_get(row, "lease_until")) > now);
    json_decref(row);
    if (idle) return 0;
    Claim k = { name, worker, now, lease, 0 };
    return db_write_locked(c, JOBS_LOCK_KEY, claim_tx, &k, e) < 0 ? -1 : k.claimed;
}

typedef struct Done {
    const char *name, *worker;
    int64_t now, every;
} Done;

static int done_tx(DbConn *c, void *ctx, Err *e)
{
    Done *d = ctx;
    return db_exec(c, e,
                   "UPDATE jobs SET lease_owner = NULL, lease_until = 0, next_at = $3 + $4, runs = runs + 1,"
                   " last_done_at = $3 WHERE name = $1 AND lease_owner = $2",
                   DT(d->name), DT(d->worker), DI(d->now), DI(d->every)) < 0 ? -1 : 0;
}

int job_done(DbConn *c, Err *e, const char *name, const char *worker, int64_t now, int64_t every)
{
    Done d = { name, worker, now, every };
    return db_write_locked(c, JOBS_LOCK_KEY, done_tx, &d, e);
}
