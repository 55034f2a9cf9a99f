/* jobs.h - periodic jobs claimed once across the servers sharing a database
 * (issue 19; schema 028). A shared service, not a feature: the ticker of
 * `glocal serve` (src/cli/ticker.c) claims each feature's periodic work here
 * before it runs it, so that of several servers ticking at the same moment
 * one runs each job and the others skip it.
 *
 * A claim is a lease on the job's row, taken when the job is due (`next_at`
 * has passed) and nobody holds it (`lease_until` has passed): a server that
 * dies while it runs a job lets go when its lease runs out. Whatever a job
 * does stays correct without the lease (each feature's tick writes in
 * transactions that re-check what they do, so a second run at the same moment
 * does nothing); the lease spares the other servers the work and makes "once"
 * visible in the row (`runs`). */
#ifndef GLOCAL_JOBS_H
#define GLOCAL_JOBS_H

#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

/* How long a claim holds when its server does not end it (it died). A job
 * still running then may be started by another server: harmless (see above). */
#define JOB_LEASE_SECONDS (15 * 60)

/* Claims the job `name` for `worker` (cli's worker_name: host/pid/random) at
 * `now`, for `lease` seconds: 1 claimed (run it, then job_done), 0 not due or
 * held by another server, -1 on error (e). The row is made on first use. An
 * idle check costs one read; only a due job takes a write transaction. */
int job_claim(DbConn *c, Err *e, const char *name, const char *worker, int64_t now, int64_t lease);

/* Ends worker's claim of `name`: the run counted, the lease let go, the job due
 * again `every` seconds after `now`. 0, or -1 (e). A claim the worker no longer
 * holds (its lease ran out and another server took it) is left as it is. */
int job_done(DbConn *c, Err *e, const char *name, const char *worker, int64_t now, int64_t every);

#endif
