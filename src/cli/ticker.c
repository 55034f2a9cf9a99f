/* ticker.c - the periodic work inside `glocal serve`: a thread that runs every
 * feature's tick (features_tick) right away and then every few seconds, until
 * the server stops. `glocal tick` runs the same work once. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/str.h"
#include "cli/cli.h"
#include "web/feature.h"

struct Ticker {
    Db *db;
    int seconds;
    bool stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
};

static void tick_once(Db *db)
{
    Err e = { 0 };
    DbConn *c = db_acquire(db, &e);
    if (!c) {
        log_warn("periodic work failed: %s", e.msg);
        return;
    }
    Buf report;
    buf_init(&report, NULL);
    if (features_tick(c, now_unix(), &report, &e) < 0) log_warn("periodic work failed: %s", e.msg);
    if (report.len) log_info("periodic work: %s", report.data);
    buf_release(&report);
    db_release(c);
}

static void *ticker_main(void *arg)
{
    Ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        pthread_mutex_unlock(&t->lock);
        tick_once(t->db);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += t->seconds;
        pthread_mutex_lock(&t->lock);
        while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0) { }
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

Ticker *ticker_start(Db *db, int seconds)
{
    Ticker *t = xcalloc(1, sizeof *t);
    t->db = db;
    t->seconds = seconds;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (pthread_create(&t->thread, NULL, ticker_main, t) != 0) {
        log_error("cannot start the periodic work thread");
        free(t);
        return NULL;
    }
    return t;
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
