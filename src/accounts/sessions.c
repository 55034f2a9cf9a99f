/* sessions.c - operations of signing in: checking a password at login (at the
 * same cost whether or not the address has an account) and personal API tokens.
 * The session itself is made and ended by the guard through accounts' Identity. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/str.h"
#include "network/network.h"

#define TOKENS_MAX 20

/* A hash to verify against when no account matches, so that a wrong e-mail
 * costs the same time as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
    if (crypto_pwhash_str(dummy_hash, "not a password of anyone", 24, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = 0;   /* out of memory: verification then fails, as it should */
}

/* Checks the password against user's hash, or a dummy one when there is no
 * such account (the same cost either way): 1 matches, 0 not, -1 (503 busy). */
static int login_verify(Err *e, App *app, json_t *user, LoginAttempt *l)
{
    pthread_once(&dummy_once, make_dummy);
    const char *hash = user ? json_string_value(json_object_get(user, "password_hash")) : dummy_hash;
    int ok = password_verify(app, hash, l->password, e);
    if (ok < 0) return -1;
    return user && ok;
}

/* The limits of one attempt: the device's own delay for a known device of the
 * account, else the account's delay from this address and the address's failures. */
static int login_limits(DbConn *c, Err *e, LoginAttempt *l, const Limit *delay, const char *who)
{
    if (delay != &LIMIT_LOGIN_DEVICE && limit_check(c, e, &LIMIT_LOGIN_ADDRESS, l->ip, l->now) < 0) return -1;
    return limit_check(c, e, delay, who, l->now);
}

int account_login(DbConn *c, Err *e, App *app, LoginAttempt *l)
{
    l->id = 0;
    json_t *user = NULL;
    int found = user_login_lookup(c, e, l->email, &user);
    if (found < 0) return -1;
    int64_t id = found ? json_integer_value(json_object_get(user, "id")) : 0;
    /* a browser that logged in to this account before is counted on its own;
     * anyone else by the account (known or not, counted alike) and the client's address */
    bool known = id && l->device_user == id && l->device;
    const Limit *delay = known ? &LIMIT_LOGIN_DEVICE : &LIMIT_LOGIN;
    const char *who = known ? arena_printf(l->a, "%lld|%s", (long long)id, l->device)
                            : arena_printf(l->a, "%s|%s", l->email, l->ip);
    int ok = login_limits(c, e, l, delay, who) < 0 ? -1 : login_verify(e, app, found ? user : NULL, l);
    json_decref(user);
    if (ok < 0) return -1;
    if (ok) {
        l->id = id;
        return limit_forget(c, e, delay, who) < 0 ? -1 : 1;
    }
    if (limit_count(c, e, delay, who, l->now) < 0 || limit_count(c, e, &LIMIT_LOGIN_ADDRESS, l->ip, l->now) < 0) return -1;
    return 0;
}

static int token_issue_tx(DbConn *c, void *ctx, Err *e)
{
    TokenIssue *t = ctx;
    int64_t live = 0;
    if (apitoken_count_live(c, e, t->user, &live) < 0) return -1;
    if (live >= TOKENS_MAX)
        return err_field(e, E_CONFLICT, "name", "You have %d active tokens; revoke one you no longer use first.", TOKENS_MAX);
    return apitoken_insert(c, e, t->user, t->name, token_hash(t->a, t->token), t->token + strlen(t->token) - 4, &t->id);
}

int token_issue(DbConn *c, Err *e, TokenIssue *t)
{
    Err x = { 0 };
    if (account_name_check(t->name, "name", &x) < 0)
        return err_field(e, E_INVALID, "name", "Please name the token after what will use it (e.g. \"weekly report script\").");
    if (limit_take(c, e, &LIMIT_TOKEN, arena_printf(t->a, "%lld", (long long)t->user), t->now) < 0) return -1;
    t->token = arena_printf(t->a, "%s%s", TOKEN_PREFIX, token_new(t->a));
    return db_write(c, token_issue_tx, t, e);
}

typedef struct TokenRevoke {
    int64_t user, id;
} TokenRevoke;

static int token_withdraw_tx(DbConn *c, void *ctx, Err *e)
{
    TokenRevoke *v = ctx;
    int changed = apitoken_revoke(c, e, v->user, v->id);
    if (changed < 0) return -1;
    return changed ? 0 : err_set(e, E_NOT_FOUND, "You have no active token with that number.");
}

int token_withdraw(DbConn *c, Err *e, int64_t user, int64_t id)
{
    TokenRevoke v = { user, id };
    return db_write(c, token_withdraw_tx, &v, e);
}
