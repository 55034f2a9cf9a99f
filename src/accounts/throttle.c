/* throttle.c - the counters of the limits on logins and costly requests,
 * shared by every server on the database (schema 022; the limits and their
 * decisions are in rules_throttle.c).
 *
 * A counter's key is the limit's name and the SHA-256 of what is counted, so
 * the table keeps no address or e-mail. Counting is one upsert in a short
 * transaction of its own; two servers counting at the same moment both count.
 * limit_check then limit_count (logins) may let a few concurrent tries past
 * the limit, which only bounds guessing a little later; limit_take (costly
 * requests) counts first and decides on the count it wrote, so it never does. */
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/store.h"

/* "name:" and the hex SHA-256 of who (32 hex digits are plenty to tell keys apart). */
static void limit_key(const Limit *l, const char *who, char out[96])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)who, strlen(who));
    size_t n = strlen(l->name);
    memcpy(out, l->name, n);
    out[n] = ':';
    sodium_bin2hex(out + n + 1, 33, h, 16);
}

typedef struct Count {
    const char *key;
    int64_t now;
    int window;
    Throttle t;      /* out */
} Count;

static int count_tx(DbConn *c, void *ctx, Err *e)
{
    Count *k = ctx;
    return throttle_add(c, e, k->key, k->now, k->window, &k->t);
}

static int forget_tx(DbConn *c, void *ctx, Err *e)
{
    return throttle_forget(c, e, ctx);
}

int limit_count(DbConn *c, Err *e, const Limit *l, const char *who, int64_t now)
{
    char key[96];
    limit_key(l, who, key);
    Count k = { key, now, l->window, { 0 } };
    return db_write(c, count_tx, &k, e);
}

int limit_take(DbConn *c, Err *e, const Limit *l, const char *who, int64_t now)
{
    char key[96];
    limit_key(l, who, key);
    Count k = { key, now, l->window, { 0 } };
    if (db_write(c, count_tx, &k, e) < 0) return -1;
    if (k.t.count <= l->max) return 0;
    int64_t wait = limit_wait(l, &k.t, now);
    return limit_refuse(e, l, wait > 0 ? wait : 1);
}

int limit_check(DbConn *c, Err *e, const Limit *l, const char *who, int64_t now)
{
    char key[96];
    limit_key(l, who, key);
    Throttle t;
    if (throttle_get(c, e, key, &t) < 0) return -1;
    int64_t wait = limit_wait(l, &t, now);
    return wait > 0 ? limit_refuse(e, l, wait) : 0;
}

int limit_forget(DbConn *c, Err *e, const Limit *l, const char *who)
{
    char key[96];
    limit_key(l, who, key);
    return db_write(c, forget_tx, key, e);
}

static int prune_tx(DbConn *c, void *ctx, Err *e)
{
    int64_t *n = ctx;
    *n = throttle_prune(c, e, *n);
    return *n < 0 ? -1 : 0;
}

int limits_prune(DbConn *c, Err *e, int64_t now)
{
    int64_t n = now - 24 * 3600;
    return db_write(c, prune_tx, &n, e) < 0 ? -1 : (int)n;
}
