/* workers.h - a small pool of threads for costly work (password hashing) with
 * a bounded queue.
 *
 * A job is handed to the pool either to wait for it (workers_run) or to go on
 * without waiting (workers_submit: the server hands over whole requests that
 * hash, so that its own threads never wait). At most `threads` jobs run at a
 * time (each Argon2id hash takes 64 MiB), and at most `queue_max` more wait.
 * Beyond that the job is refused at once (503 with Retry-After) instead of
 * piling up: a flood of logins costs bounded memory and each request a
 * bounded wait. A job that itself calls workers_run on its own pool runs
 * that work inline, on the worker it is on: a pool never waits for itself. */
#ifndef GLOCAL_WORKERS_H
#define GLOCAL_WORKERS_H

#include "base/err.h"

typedef struct Workers Workers;
typedef void (*WorkFn)(void *arg);

#define WORKERS_RETRY_SECONDS 5   /* the Retry-After of a refused job */

/* Starts the threads. */
Workers *workers_new(int threads, int queue_max);
/* Lets running and waiting jobs finish, then stops the threads. NULL is fine. */
void workers_free(Workers *w);
/* Runs fn(arg) on one of the pool's threads and returns when it is done: 0; or
 * -1 at once (E_UNAVAILABLE with retry_after) when queue_max jobs wait already. */
int workers_run(Workers *w, WorkFn fn, void *arg, Err *e);
/* Queues fn(arg) to run on one of the pool's threads and returns at once: 0
 * (fn will run, and must free what arg holds); or -1 (E_UNAVAILABLE with
 * retry_after) when queue_max jobs wait already: fn will not run. */
int workers_submit(Workers *w, WorkFn fn, void *arg, Err *e);
/* Jobs waiting now (not counting those running): for tests and the log. */
int workers_waiting(Workers *w);

#endif
