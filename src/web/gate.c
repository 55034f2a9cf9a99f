/* gate.c - the per-address connection cap and the request deadlines (see gate.h).
 *
 * One mutex guards the table of counts per address and the list of open
 * connections; deadlines are atomics written by the connection's own worker
 * thread and read by the sweeper. libmicrohttpd calls the notifier's CLOSED
 * before it closes the socket, and the sweeper shuts a socket down only while
 * holding the mutex with the connection still listed, so it never touches a
 * descriptor that was closed and reused.
 *
 * The cap is reserved in the accept policy (which runs before libmicrohttpd
 * builds the connection, after its own total limit) and released when the
 * connection closes; only a failed allocation between the two could lose a
 * reservation. */
#include "web/gate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/str.h"

#define BUCKETS 1024
#define NEVER INT64_MAX

typedef struct Count {
    Addr addr;
    int n;
    struct Count *next;
} Count;

typedef struct Conn {
    Gate *gate;
    Addr addr;
    int fd;
    bool counted;             /* holds a place under the cap (not a trusted proxy) */
    _Atomic int64_t deadline; /* monotonic microseconds; NEVER while answering */
    struct Conn *prev, *next;
} Conn;

struct Gate {
    GateLimits limits;
    const Proxies *proxies;
    pthread_mutex_t lock;
    Count *table[BUCKETS];
    Conn *conns;
    pthread_t sweeper;
    pthread_cond_t wake;
    bool stopping;
    atomic_long closed_late, refused;
};

static unsigned bucket(const Addr *a)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (int i = 0; i < 16; i++) h = (h ^ a->b[i]) * 16777619u;
    return h % BUCKETS;
}

static Count **count_slot(Gate *g, const Addr *a)
{
    Count **p = &g->table[bucket(a)];
    while (*p && memcmp((*p)->addr.b, a->b, 16) != 0) p = &(*p)->next;
    return p;
}

static bool capped(const Gate *g, const Addr *a)
{
    return g->limits.per_address > 0 && !proxies_trust(g->proxies, a);
}

enum MHD_Result gate_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
    (void)len;
    Gate *g = cls;
    Addr a;
    if (!addr_from_sockaddr(sa, &a) || !capped(g, &a)) return MHD_YES;
    pthread_mutex_lock(&g->lock);
    Count **p = count_slot(g, &a);
    bool ok = !*p || (*p)->n < g->limits.per_address;
    if (ok && !*p) {
        *p = xcalloc(1, sizeof **p);
        (*p)->addr = a;
    }
    if (ok) (*p)->n++;
    pthread_mutex_unlock(&g->lock);
    if (!ok) atomic_fetch_add(&g->refused, 1);
    return ok ? MHD_YES : MHD_NO;
}

static void release(Gate *g, const Addr *a)
{
    Count **p = count_slot(g, a);
    if (!*p) return;
    if (--(*p)->n > 0) return;
    Count *dead = *p;
    *p = dead->next;
    free(dead);
}

static void conn_open(Gate *g, struct MHD_Connection *c, void **socket_context)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    Conn *k = xcalloc(1, sizeof *k);
    k->gate = g;
    k->fd = fd ? fd->connect_fd : -1;
    k->counted = ci && addr_from_sockaddr(ci->client_addr, &k->addr) && capped(g, &k->addr);
    atomic_store(&k->deadline, now_usec() + (int64_t)g->limits.idle_seconds * 1000000);
    pthread_mutex_lock(&g->lock);
    k->next = g->conns;
    if (k->next) k->next->prev = k;
    g->conns = k;
    pthread_mutex_unlock(&g->lock);
    *socket_context = k;
}

void gate_notify(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
    Gate *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_open(g, c, socket_context);
        return;
    }
    Conn *k = *socket_context;
    if (!k) return;
    pthread_mutex_lock(&g->lock);
    if (k->prev) k->prev->next = k->next;
    else g->conns = k->next;
    if (k->next) k->next->prev = k->prev;
    if (k->counted) release(g, &k->addr);
    pthread_mutex_unlock(&g->lock);
    free(k);
    *socket_context = NULL;
}

static Conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void *gate_request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)uri;
    Gate *g = cls;
    Conn *k = conn_of(c);
    if (k) atomic_store(&k->deadline, now_usec() + (int64_t)g->limits.request_seconds * 1000000);
    return NULL;   /* the access handler's first call makes the Req */
}

bool gate_late(struct MHD_Connection *c)
{
    Conn *k = conn_of(c);
    return k && atomic_load(&k->deadline) < now_usec();
}

void gate_answering(struct MHD_Connection *c)
{
    Conn *k = conn_of(c);
    if (k) atomic_store(&k->deadline, NEVER);
}

void gate_answered(struct MHD_Connection *c)
{
    Conn *k = conn_of(c);
    if (k) atomic_store(&k->deadline, now_usec() + (int64_t)k->gate->limits.idle_seconds * 1000000);
}

/* Shuts down the sockets past their deadline; libmicrohttpd sees the end of
 * the stream and closes them. Returns how many. */
static int sweep(Gate *g)
{
    int64_t now = now_usec();
    int n = 0;
    pthread_mutex_lock(&g->lock);
    for (Conn *k = g->conns; k; k = k->next) {
        if (atomic_load(&k->deadline) >= now || k->fd < 0) continue;
        atomic_store(&k->deadline, NEVER);   /* once */
        shutdown(k->fd, SHUT_RDWR);
        n++;
    }
    pthread_mutex_unlock(&g->lock);
    return n;
}

static void *sweeper(void *arg)
{
    Gate *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 500 * 1000000L;   /* twice a second */
        if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        if (g->stopping) break;
        pthread_mutex_unlock(&g->lock);
        int n = sweep(g);
        if (n) {
            atomic_fetch_add(&g->closed_late, n);
            log_warn("http: closed %d connection%s past the request deadline", n, n == 1 ? "" : "s");
        }
        pthread_mutex_lock(&g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

Gate *gate_start(const GateLimits *limits, const Proxies *proxies)
{
    Gate *g = xcalloc(1, sizeof *g);
    g->limits = *limits;
    g->proxies = proxies;
    pthread_mutex_init(&g->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&g->sweeper, NULL, sweeper, g) != 0) abort();
    return g;
}

void gate_stop(Gate *g)
{
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    g->stopping = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->sweeper, NULL);
    for (int i = 0; i < BUCKETS; i++)
        while (g->table[i]) {
            Count *next = g->table[i]->next;
            free(g->table[i]);
            g->table[i] = next;
        }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

long gate_closed_late(const Gate *g)
{
    return atomic_load(&((Gate *)g)->closed_late);
}

long gate_refused(const Gate *g)
{
    return atomic_load(&((Gate *)g)->refused);
}
