/* ratelimit.h - counting events per key in a sliding time window, in memory.
 *
 * Used for failed logins (per account and per address). Each serving process
 * counts on its own; with several processes behind a load balancer the limit
 * applies per process, which still bounds guessing to a small multiple. */
#ifndef GLOCAL_RATELIMIT_H
#define GLOCAL_RATELIMIT_H

#include <stdint.h>

typedef struct RateLimit RateLimit;

/* max events per window seconds; slots bounds the memory used (oldest keys are forgotten). */
RateLimit *ratelimit_new(int max, int window, int slots);
void ratelimit_free(RateLimit *rl);
/* Seconds until key may try again; 0 when it is under the limit now. */
int ratelimit_wait(RateLimit *rl, const char *key, int64_t now);
/* Counts one event for key. */
void ratelimit_hit(RateLimit *rl, const char *key, int64_t now);
/* Forgets key (after a success). */
void ratelimit_clear(RateLimit *rl, const char *key);

#endif
