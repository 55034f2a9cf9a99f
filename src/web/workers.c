/* workers.c - a pool of threads with a bounded queue (see workers.h).
 *
 * A waited-for job lives on the stack of the thread that waits for it; a
 * submitted one on the heap, freed by the worker that ran it. Both are linked
 * in one FIFO; one mutex guards the queue, one condition wakes the workers,
 * and each waited-for job's own condition wakes its waiter. */
#include "web/workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/arena.h"

typedef struct Job {
    WorkFn fn;
    void *arg;
    bool done;
    bool detached;   /* submitted: nobody waits; the worker frees it */
    pthread_cond_t finished;
    struct Job *next;
} Job;

struct Workers {
    pthread_mutex_t lock;
    pthread_cond_t work;
    Job *head, *tail;
    int waiting, queue_max, nthreads;
    bool stop;
    pthread_t *threads;
};

/* The pool whose worker this thread is (NULL on any other thread). */
static _Thread_local Workers *own_pool;

static void *worker_main(void *ctx)
{
    Workers *w = ctx;
    own_pool = w;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stop) pthread_cond_wait(&w->work, &w->lock);
        if (!w->head) break;   /* stopping, and nothing left to do */
        Job *j = w->head;
        w->head = j->next;
        if (!w->head) w->tail = NULL;
        w->waiting--;
        pthread_mutex_unlock(&w->lock);
        j->fn(j->arg);
        if (j->detached) {
            free(j);
            pthread_mutex_lock(&w->lock);
            continue;
        }
        pthread_mutex_lock(&w->lock);
        j->done = true;
        pthread_cond_signal(&j->finished);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

Workers *workers_new(int threads, int queue_max)
{
    Workers *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    w->queue_max = queue_max;
    w->threads = xcalloc((size_t)threads, sizeof *w->threads);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&w->threads[i], NULL, worker_main, w) == 0) w->nthreads++;
    if (!w->nthreads) abort();   /* no thread at all: nothing could ever log in */
    return w;
}

void workers_free(Workers *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->lock);
    for (int i = 0; i < w->nthreads; i++) pthread_join(w->threads[i], NULL);
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->lock);
    free(w->threads);
    free(w);
}

/* Links j at the tail of the queue, or refuses it (the lock held): -1 with E_UNAVAILABLE. */
static int enqueue(Workers *w, Job *j, Err *e)
{
    if (w->waiting >= w->queue_max || w->stop)
        return err_later(e, E_UNAVAILABLE, WORKERS_RETRY_SECONDS, "The server is busy; try again in a few seconds.");
    if (w->tail) w->tail->next = j;
    else w->head = j;
    w->tail = j;
    w->waiting++;
    pthread_cond_signal(&w->work);
    return 0;
}

int workers_run(Workers *w, WorkFn fn, void *arg, Err *e)
{
    if (own_pool == w) {   /* a job of this pool: waiting for another worker could wait forever */
        fn(arg);
        return 0;
    }
    Job j = { .fn = fn, .arg = arg };
    pthread_cond_init(&j.finished, NULL);
    pthread_mutex_lock(&w->lock);
    int rc = enqueue(w, &j, e);
    while (rc == 0 && !j.done) pthread_cond_wait(&j.finished, &w->lock);
    pthread_mutex_unlock(&w->lock);
    pthread_cond_destroy(&j.finished);
    return rc;
}

int workers_submit(Workers *w, WorkFn fn, void *arg, Err *e)
{
    Job *j = xcalloc(1, sizeof *j);
    j->fn = fn;
    j->arg = arg;
    j->detached = true;
    pthread_mutex_lock(&w->lock);
    int rc = enqueue(w, j, e);
    pthread_mutex_unlock(&w->lock);
    if (rc < 0) free(j);
    return rc;
}

int workers_waiting(Workers *w)
{
    pthread_mutex_lock(&w->lock);
    int n = w->waiting;
    pthread_mutex_unlock(&w->lock);
    return n;
}
