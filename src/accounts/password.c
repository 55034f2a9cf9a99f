/* password.c - Argon2id password hashes (libsodium), off the request threads.
 *
 * Each hash takes 64 MiB and a fraction of a second on purpose. The hashing
 * runs on the App's pool (web/workers.h: APP_HASH_THREADS threads, at most
 * APP_HASH_QUEUE more waiting): a flood of logins costs bounded memory, and
 * beyond the queue a request is answered 503 with Retry-After at once. */
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "web/app.h"

typedef struct HashJob {
    const char *password, *hash;   /* in: the password; for a check, the stored hash */
    char *out;                     /* a new hash is written here */
    int rc;                        /* out: libsodium's answer */
} HashJob;

static void hash_run(void *ctx)
{
    HashJob *j = ctx;
    j->rc = crypto_pwhash_str(j->out, j->password, strlen(j->password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static void verify_run(void *ctx)
{
    HashJob *j = ctx;
    j->rc = crypto_pwhash_str_verify(j->hash, j->password, strlen(j->password));
}

int password_hash(App *app, const char *password, char *out, Err *e)
{
    HashJob j = { .password = password, .out = out };
    if (workers_run(app->hashing, hash_run, &j, e) < 0) return -1;
    if (j.rc != 0) return err_later(e, E_UNAVAILABLE, WORKERS_RETRY_SECONDS, "The server is short of memory; please try again in a moment.");
    return 0;
}

int password_verify(App *app, const char *hash, const char *password, Err *e)
{
    HashJob j = { .password = password, .hash = hash };
    if (workers_run(app->hashing, verify_run, &j, e) < 0) return -1;
    return j.rc == 0 ? 1 : 0;
}
