/* rules_throttle.c - the limits on logins and costly requests (issue 18), as
 * data, and the pure decisions on a counter: may one more event happen now,
 * and if not, in how many seconds. No I/O, no clock: the time is an argument.
 * The counters themselves are kept in the database (store_throttle.c), so
 * every server on it counts together (throttle.c). */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"

/* The growing delay of failed logins per (account, address); see login_backoff. */
const Limit LIMIT_LOGIN = { "login", 0, LOGIN_FAILURES_KEPT, true, "failed attempts to log in to this account from your address" };
/* The growing delay of failed logins per (account, known device): instead of the two above for a
 * browser carrying the account's known-device cookie. */
const Limit LIMIT_LOGIN_DEVICE = { "login-device", 0, LOGIN_FAILURES_KEPT, true, "failed attempts to log in to this account from this browser" };
/* Failed logins from one address, whatever the account (against guessing one password for many accounts). */
const Limit LIMIT_LOGIN_ADDRESS = { "login-address", 100, 15 * 60, false, "failed logins from your address" };
/* Accounts made from one address (each costs a 64 MiB Argon2id hash). */
const Limit LIMIT_SIGNUP = { "signup", 10, 3600, false, "sign-ups from your address" };
/* Wrong current passwords given to change the password, per account. */
const Limit LIMIT_PASSWORD = { "password", 5, 15 * 60, false, "wrong current passwords" };
/* Personal API tokens made, per account. */
const Limit LIMIT_TOKEN = { "token", 10, 3600, false, "API tokens made for your account" };
/* Registrations for events by guests (no account), per address. */
const Limit LIMIT_GUEST = { "guest", 20, 3600, false, "guest registrations from your address" };
/* Password reset links asked for one e-mail address, and from one client address. */
const Limit LIMIT_RESET = { "reset", 3, 3600, false, "reset links asked for this address" };
const Limit LIMIT_RESET_ADDRESS = { "reset-address", 20, 3600, false, "reset links asked from your address" };

int64_t login_backoff(int64_t failures, int64_t last_at, int64_t now)
{
    if (failures < LOGIN_FREE_FAILURES) return 0;
    int64_t steps = failures - LOGIN_FREE_FAILURES, delay = LOGIN_DELAY_FIRST;
    while (steps-- > 0 && delay < LOGIN_DELAY_MAX) delay *= 2;
    if (delay > LOGIN_DELAY_MAX) delay = LOGIN_DELAY_MAX;
    int64_t wait = last_at + delay - now;
    return wait > 0 ? wait : 0;
}

int64_t limit_wait(const Limit *l, const Throttle *t, int64_t now)
{
    if (!t->count || now - t->window_start >= l->window) return 0;   /* nothing counted, or the window is over */
    if (l->backoff) return login_backoff(t->count, t->last_at, now);
    if (t->count < l->max) return 0;
    return t->window_start + l->window - now;
}

/* A window as words: "a minute", "15 minutes", "an hour", "24 hours". */
static void window_words(char *out, size_t n, int64_t window)
{
    if (window % 3600 == 0) {
        if (window == 3600) snprintf(out, n, "an hour");
        else snprintf(out, n, "%lld hours", (long long)(window / 3600));
    } else if (window <= 60) snprintf(out, n, "a minute");
    else snprintf(out, n, "%lld minutes", (long long)((window + 59) / 60));
}

int limit_refuse(Err *e, const Limit *l, int64_t wait)
{
    char when[48], per[32];
    window_words(per, sizeof per, l->window);
    if (wait < 60) snprintf(when, sizeof when, "%lld second%s", (long long)wait, wait == 1 ? "" : "s");
    else snprintf(when, sizeof when, "%lld minute%s", (long long)(wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
    if (l->backoff)
        return err_later(e, E_TOO_MANY, (int)wait, "Too many %s. Please wait %s and try again, or reset your password.", l->what, when);
    return err_later(e, E_TOO_MANY, (int)wait, "Too many %s just now (at most %d in %s). Please wait %s and try again.",
                     l->what, l->max, per, when);
}

/* The hex HMAC-SHA256 under key of "device:" and what the cookie says. */
static void device_mac(const unsigned char key[DEVICE_KEY_BYTES], const char *said, size_t n, char out[65])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, DEVICE_KEY_BYTES);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"device:", 7);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)said, n);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 65, mac, sizeof mac);
}

const char *device_cookie_make(Arena *a, const unsigned char key[DEVICE_KEY_BYTES], int64_t user, int64_t issued,
                               const char *device)
{
    const char *said = arena_printf(a, "%" PRId64 ".%" PRId64 ".%s", user, issued, device);
    char mac[65];
    device_mac(key, said, strlen(said), mac);
    return arena_printf(a, "%s.%s", said, mac);
}

/* A positive decimal number ending at '.', or 0 (and *end past the dot). */
static int64_t number_dot(const char *s, const char **end)
{
    if (*s < '1' || *s > '9') return 0;
    char *stop;
    long long n = strtoll(s, &stop, 10);
    if (*stop != '.' || n <= 0) return 0;
    *end = stop + 1;
    return n;
}

int64_t device_cookie_read(Arena *a, const unsigned char key[DEVICE_KEY_BYTES], const char *value, int64_t now,
                           const char **device)
{
    const char *p = value ? value : "", *q;
    int64_t user = number_dot(p, &q), issued = user ? number_dot(q, &q) : 0;
    const char *dot = issued ? strrchr(q, '.') : NULL;
    if (!dot || dot == q || strlen(dot + 1) != 64 || now - issued > DEVICE_DAYS * 86400 || issued > now + 300) return 0;
    char mac[65];
    device_mac(key, p, (size_t)(dot - p), mac);
    if (sodium_memcmp(mac, dot + 1, 64) != 0) return 0;
    *device = arena_strndup(a, q, (size_t)(dot - q));
    return user;
}
