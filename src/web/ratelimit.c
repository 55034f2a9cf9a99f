/* ratelimit.c - sliding-window counters (see ratelimit.h).
 *
 * A fixed table of slots, addressed by a hash of the key; each slot keeps the
 * times of the last `max` events in a ring. A key is limited when its oldest
 * remembered event is younger than the window. Two keys that collide share a
 * slot only until one is evicted; keys are kept as their SHA-256 (so a key of
 * any length is compared whole), so they never mix. */
#include "web/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

typedef struct Slot {
    char key[65];       /* SHA-256 of the key, in hex: any length compares whole */
    int count;          /* events remembered, up to max */
    int head;           /* next ring position */
    int64_t last;
} Slot;

/* The slots and their rings are two flat zeroed allocations: large ones come
 * from mmap, so a page costs memory only once a key lands on it (an idle
 * server does not hold megabytes of empty rings). */
struct RateLimit {
    pthread_mutex_t lock;
    int max, window, nslots;
    Slot *slots;
    int64_t *times;     /* nslots rings of max event times */
};

static int64_t *ring(RateLimit *rl, const Slot *s)
{
    return rl->times + (size_t)(s - rl->slots) * (size_t)rl->max;
}

RateLimit *ratelimit_new(int max, int window, int slots)
{
    RateLimit *rl = xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->lock, NULL);
    rl->max = max;
    rl->window = window;
    rl->nslots = slots;
    rl->slots = xcalloc((size_t)slots, sizeof(Slot));
    rl->times = xcalloc((size_t)slots * (size_t)max, sizeof(int64_t));
    return rl;
}

void ratelimit_free(RateLimit *rl)
{
    if (!rl) return;
    free(rl->times);
    free(rl->slots);
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void digest(const char *key, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* The slot holding key, or NULL; with `make`, claims one (evicting the stalest of 4 candidates). */
static Slot *find(RateLimit *rl, const char *key, bool make)
{
    char d[65];
    digest(key, d);
    uint64_t h = hash(d);
    Slot *victim = NULL;
    for (int i = 0; i < 4; i++) {
        Slot *s = &rl->slots[(h + (uint64_t)i) % (uint64_t)rl->nslots];
        if (s->count && strcmp(s->key, d) == 0) return s;
        if (!victim || s->count == 0 || (victim->count && s->last < victim->last)) victim = s;
    }
    if (!make) return NULL;
    memcpy(victim->key, d, sizeof victim->key);
    victim->count = 0;
    victim->head = 0;
    return victim;
}

int ratelimit_wait(RateLimit *rl, const char *key, int64_t now)
{
    int wait = 0;
    pthread_mutex_lock(&rl->lock);
    Slot *s = find(rl, key, false);
    if (s && s->count >= rl->max) {
        int64_t oldest = ring(rl, s)[s->head];   /* the ring is full: head is the oldest */
        if (now - oldest < rl->window) wait = (int)(rl->window - (now - oldest));
    }
    pthread_mutex_unlock(&rl->lock);
    return wait;
}

void ratelimit_hit(RateLimit *rl, const char *key, int64_t now)
{
    pthread_mutex_lock(&rl->lock);
    Slot *s = find(rl, key, true);
    ring(rl, s)[s->head] = now;
    s->head = (s->head + 1) % rl->max;
    if (s->count < rl->max) s->count++;
    s->last = now;
    pthread_mutex_unlock(&rl->lock);
}

void ratelimit_clear(RateLimit *rl, const char *key)
{
    pthread_mutex_lock(&rl->lock);
    Slot *s = find(rl, key, false);
    if (s) s->count = 0;
    pthread_mutex_unlock(&rl->lock);
}
