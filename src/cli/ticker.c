/* ticker.c - the background threads of `glocal serve`:
 *   - the periodic work: every feature's tick right away and then every few
 *     seconds, each one claimed first as the job "tick:<feature>" (jobs.h), so
 *     that of several servers on one database one runs it per period
 *     (`glocal tick` runs the same work once, unclaimed: features_tick);
 *   - the deliveries: a thread per feature with outgoing items (its
 *     Feature.deliver: mail, webhooks), so that a slow webhook endpoint never
 *     holds up mail; again at once while there was work, else every second
 *     (`glocal mail` runs every feature's in one loop of its own).
 * Both stop when the server stops. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/str.h"
#include "cli/cli.h"
#include "jobs/jobs.h"
#include "web/feature.h"

/* Items a feature sends in one round before the others get their turn. */
#define DELIVER_BATCH 20

struct Ticker {
    Db *db;
    int seconds;
    int (*work)(Ticker *t);   /* > 0: there may be more, run again at once */
    const Feature *feature;   /* the deliverer's feature */
    char worker[96];
    bool stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
};

/* One feature's periodic work, when this server claims it: 1 run, 0 not
 * claimed (another server has it, or ran it within the period), -1 failed. */
static int tick_claimed(Ticker *t, DbConn *c, const Feature *f, Buf *report)
{
    char job[80];
    snprintf(job, sizeof job, "tick:%s", f->name);
    Err e = { 0 };
    int64_t now = now_unix();
    int claimed = job_claim(c, &e, job, t->worker, now, JOB_LEASE_SECONDS);
    if (claimed <= 0) {
        if (claimed < 0) log_warn("could not claim the periodic work of %s: %s", f->name, e.msg);
        return claimed;
    }
    int rc = f->tick(c, now, report, &e) < 0 ? -1 : 1;
    if (rc < 0) log_warn("the periodic work of %s failed: %s", f->name, e.msg);
    err_clear(&e);
    /* done even when it failed: tried again in a period, like a server of its own would */
    if (job_done(c, &e, job, t->worker, now_unix(), t->seconds) < 0)
        log_warn("could not end the claim of the periodic work of %s: %s", f->name, e.msg);
    return rc;
}

static int tick_once(Ticker *t)
{
    Err e = { 0 };
    DbConn *c = db_acquire(t->db, &e);
    if (!c) {
        log_warn("periodic work failed: %s", e.msg);
        return 0;
    }
    Buf report;
    buf_init(&report, NULL);
    for (size_t i = 0; i < feature_count; i++)
        if (features[i]->tick) tick_claimed(t, c, features[i], &report);
    if (report.len) log_info("periodic work: %s", report.data);
    buf_release(&report);
    db_release(c);
    return 0;
}

static int deliver_once(Ticker *t)
{
    Err e = { 0 };
    DbConn *c = db_acquire(t->db, &e);
    if (!c) {
        log_warn("deliveries failed: %s", e.msg);
        return 0;
    }
    int n = t->feature->deliver(c, now_unix(), t->worker, DELIVER_BATCH, &e);
    db_release(c);
    if (n < 0) log_warn("the deliveries of %s failed: %s", t->feature->name, e.msg);
    return n;
}

static void *ticker_main(void *arg)
{
    Ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        pthread_mutex_unlock(&t->lock);
        int more = t->work(t);
        pthread_mutex_lock(&t->lock);
        if (more > 0) continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += t->seconds;
        while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0) { }
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

static Ticker *start(Db *db, int seconds, int (*work)(Ticker *), const Feature *f, const char *what)
{
    Ticker *t = xcalloc(1, sizeof *t);
    t->db = db;
    t->feature = f;
    t->seconds = seconds;
    t->work = work;
    worker_name(t->worker, sizeof t->worker);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (pthread_create(&t->thread, NULL, ticker_main, t) != 0) {
        log_error("cannot start the %s thread", what);
        free(t);
        return NULL;
    }
    return t;
}

Ticker *ticker_start(Db *db, int seconds)
{
    return start(db, seconds, tick_once, NULL, "periodic work");
}

Ticker *deliverer_start(Db *db, const Feature *f)
{
    return start(db, 1, deliver_once, f, "delivery");
}

void ticker_stop(Ticker *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

void worker_name(char *out, size_t size)
{
    char host[64] = "host";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    unsigned char r[4];
    randombytes_buf(r, sizeof r);
    snprintf(out, size, "%s/%ld/%02x%02x%02x%02x", host, (long)getpid(), r[0], r[1], r[2], r[3]);
}
