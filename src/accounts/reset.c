/* reset.c - resetting a forgotten password by e-mail, and the periodic
 * forgetting of old links (schema 018) and of old limit counters (schema 022).
 *
 * Asking: the answer never tells whether an address has an account. For a
 * known address a single-use token (only its hash kept) valid for an hour is
 * stored and the link queued (security mail: always sent); for an unknown one
 * the same token is made and stored with no account, so that the request costs
 * the same time and its row opens nothing. Resetting: the link must be unused
 * and unexpired; the new password follows the rules of every password; the
 * link is used up with every other reset link of the account, every session of
 * the account ends, and its owner is told by e-mail. */
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/i18n.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/zone.h"
#include "mail/mail.h"

static const char reset_link_name[] = "This password reset link";

static int reset_ask_tx(DbConn *c, void *ctx, Err *e)
{
    ResetAsk *k = ctx;
    json_t *user = NULL;
    int found = user_reset_lookup(c, e, k->email, &user);
    if (found < 0) return -1;
    const char *token = token_new(k->a);
    AccountToken t = { .purpose = "reset", .hash = token_hash(k->a, token), .created_at = k->now,
                       .expires_at = k->now + RESET_LINK_SECONDS };
    if (found) t.user_id = json_integer_value(json_object_get(user, "id"));
    int rc = account_token_put(c, e, &t);
    if (rc == 0 && found)
        rc = mail_queuef(c, e, k->email, "password_reset", "{s:O, s:s, s:O, s:s, s:s}", "name", json_object_get(user, "name"),
                         "asked_at", time_local_text(k->a, k->now, json_string_value(json_object_get(user, "timezone"))),
                         "zone", json_object_get(user, "timezone"),
                         "ip", k->ip ? k->ip : "unknown", "link",
                         arena_printf(k->a, "%s/password/reset/%s", k->public_url, token));
    json_decref(user);
    return rc;
}

int password_reset_ask(DbConn *c, Err *e, ResetAsk *k)
{
    k->email = str_lower(k->a, k->email ? k->email : "");
    if (!str_email_valid(k->email))
        return err_field(e, E_INVALID, "email", "Please enter the e-mail address of your account, like ana@example.org.");
    /* every request counts, known address or not, so the limit tells nothing either */
    if (limit_take(c, e, &LIMIT_RESET_ADDRESS, k->ip ? k->ip : "", k->now) < 0 || limit_take(c, e, &LIMIT_RESET, k->email, k->now) < 0) {
        if (e->code != E_TOO_MANY) return -1;
        int minutes = (e->retry_after + 59) / 60;
        return err_later(e, E_TOO_MANY, e->retry_after,
                         trn("Several links were asked for already. Please check your mail (and its spam folder), or wait %d minute and ask again.",
                             "Several links were asked for already. Please check your mail (and its spam folder), or wait %d minutes and ask again.",
                             minutes),
                         minutes);
    }
    return db_write(c, reset_ask_tx, k, e);
}

/* The link's token and account into *t and p (out fields): 0, or -1 (404, 410, 409). */
static int reset_link_check(DbConn *c, Err *e, PasswordReset *p, AccountToken *t)
{
    const char *token = p->token ? p->token : "";
    size_t n = strlen(token);
    int found = n >= 20 && n <= 100 ? account_token_find(c, e, "reset", token_hash(p->a, token), t) : 0;
    if (found < 0) return -1;
    if (!found || !t->user_id)
        return err_set(e, E_NOT_FOUND, "This is not a password reset link of this network. Copy the whole link from the mail, or ask for a new one.");
    if (account_link_usable(t->expires_at, t->used_at, p->now, reset_link_name, e) < 0) return -1;
    if (p->caller && p->caller != t->user_id)
        return err_set(e, E_CONFLICT, "This link resets the password of another account than the one you are logged in with. Log out first.");
    json_t *user = NULL;
    found = user_reset_by_id(c, e, t->user_id, &user);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "The account of this link is gone.");
    p->user = t->user_id;
    p->email = arena_strdup(p->a, json_string_value(json_object_get(user, "email")));
    p->name = arena_strdup(p->a, json_string_value(json_object_get(user, "name")));
    json_decref(user);
    return 0;
}

typedef struct ResetRun {
    PasswordReset *p;
    const char *hash;
} ResetRun;

static int password_reset_tx(DbConn *c, void *ctx, Err *e)
{
    ResetRun *run = ctx;
    PasswordReset *p = run->p;
    AccountToken t;
    if (reset_link_check(c, e, p, &t) < 0) return -1;   /* again, inside: two tabs, one link */
    int used = account_token_use(c, e, t.id, p->now);
    if (used <= 0) return used < 0 ? -1 : err_set(e, E_GONE, "%s was used already; each link works once.", reset_link_name);
    if (reset_tokens_retire(c, e, p->user, p->now) < 0 || user_password_set(c, e, p->user, run->hash) < 0) return -1;
    p->ended = session_end_others(c, e, p->user, 0);
    if (p->ended < 0) return -1;
    p->revoked = apitoken_revoke_all(c, e, p->user, p->now);
    if (p->revoked < 0) return -1;
    return mail_queuef(c, e, p->email, "password_changed", "{s:s, s:s, s:b, s:i, s:b}", "name", p->name, "email", p->email,
                       "by_reset", 1, "tokens_revoked", p->revoked, "has_tokens_revoked", p->revoked > 0);
}

int password_reset(DbConn *c, Err *e, App *app, PasswordReset *p, FieldErrs *problems)
{
    AccountToken t;
    if (reset_link_check(c, e, p, &t) < 0) return -1;
    if (!p->fresh) return 0;
    Err x = { 0 };
    if (account_password_check(p->fresh, p->email, p->name, &x) < 0) field_err(problems, "new_password", "%s", x.msg);
    if (fields_check(problems, e) < 0) return -1;
    ResetRun run = { p, arena_alloc(p->a, crypto_pwhash_STRBYTES) };
    if (password_hash(app, p->fresh, (char *)run.hash, e) < 0) return -1;
    return db_write(c, password_reset_tx, &run, e);
}

static int purge_tx(DbConn *c, void *ctx, Err *e)
{
    int64_t *n = ctx;
    *n = account_tokens_purge(c, e, *n);
    return *n < 0 ? -1 : 0;
}

int accounts_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    int64_t n = now - ACCOUNT_TOKENS_KEPT;
    if (db_write(c, purge_tx, &n, e) < 0) return -1;
    if (n > 0) buf_printf(report, "%s%lld expired e-mail link%s forgotten", report->len ? ", " : "", (long long)n, n == 1 ? "" : "s");
    int pruned = limits_prune(c, e, now);
    if (pruned < 0) return -1;
    if (pruned > 0) buf_printf(report, "%s%d old limit counter%s forgotten", report->len ? ", " : "", pruned, pruned == 1 ? "" : "s");
    return 0;
}
