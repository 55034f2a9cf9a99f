/* profile.c - operations on a person's account: signing up, the profile (name,
 * home metro and sector, organisation, bio) and the password. No Req: the web,
 * the command line, the demo and tests call them. Form problems are noted in
 * `problems` (a FieldErrs) and the operation fails with E_INVALID. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/str.h"
#include "mail/mail.h"
#include "network/network.h"

#define BIO_MAX 2000

/* The home metro and sector, when set, exist. */
static int place_sector_review(DbConn *c, Err *e, int64_t metro, int64_t sector, FieldErrs *problems)
{
    int found = metro ? metro_exists(c, e, metro) : 1;
    if (found < 0) return -1;
    if (!found) field_err(problems, "metro_id", "Please choose a city from the list.");
    found = sector ? sector_exists(c, e, sector) : 1;
    if (found < 0) return -1;
    if (!found) field_err(problems, "sector_id", "Please choose a sector from the list.");
    return 0;
}

static int account_create_tx(DbConn *c, void *ctx, Err *e)
{
    NewAccount *u = ctx;
    if (user_insert(c, e, u->email, u->name, u->hash, false, u->metro_id, u->sector_id, &u->id) < 0) return -1;
    return member_index(c, e, u->id);
}

int account_create(DbConn *c, Err *e, App *app, Arena *a, NewAccount *u, FieldErrs *problems)
{
    Err x = { 0 };
    u->email = str_lower(a, u->email ? u->email : "");
    if (account_name_check(u->name, "name", &x) < 0) field_err(problems, "name", "%s", x.msg);
    if (!str_email_valid(u->email)) field_err(problems, "email", "Please enter a valid e-mail address, like ana@example.org.");
    if (account_password_check(u->password, u->email, u->name, &x) < 0) field_err(problems, "password", "%s", x.msg);
    if (place_sector_review(c, e, u->metro_id, u->sector_id, problems) < 0) return -1;
    if (fields_check(problems, e) < 0) return -1;
    if (u->ip && limit_take(c, e, &LIMIT_SIGNUP, u->ip, u->now) < 0) return -1;
    char *hash = arena_alloc(a, crypto_pwhash_STRBYTES);
    if (password_hash(app, u->password, hash, e) < 0) return -1;
    u->hash = hash;
    if (db_write(c, account_create_tx, u, e) == 0) return 0;
    if (e->code == E_CONFLICT) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_field(e, E_CONFLICT, "email", "%s", msg);
    }
    return -1;
}

static int profile_change_tx(DbConn *c, void *ctx, Err *e)
{
    ProfileChange *p = ctx;
    if (user_profile_save(c, e, p->user, p->name, p->metro_id, p->sector_id, p->organisation, p->bio) < 0) return -1;
    return member_index(c, e, p->user);
}

int profile_change(DbConn *c, Err *e, Arena *a, ProfileChange *p, FieldErrs *problems)
{
    json_t *cur = NULL;
    int found = user_profile_fields(c, e, p->user, &cur);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "Your account is gone.");
    /* what is not given stays as it is (forms send every field; programs may send one) */
    if (!p->name) p->name = arena_strdup(a, json_string_value(json_object_get(cur, "name")));
    if (!p->organisation) p->organisation = arena_strdup(a, json_string_value(json_object_get(cur, "organisation")));
    if (!p->bio) p->bio = arena_strdup(a, json_string_value(json_object_get(cur, "bio")));
    if (p->metro_id < 0) p->metro_id = json_integer_value(json_object_get(cur, "metro_id"));
    if (p->sector_id < 0) p->sector_id = json_integer_value(json_object_get(cur, "sector_id"));
    json_decref(cur);
    Err x = { 0 };
    if (account_name_check(p->name, "name", &x) < 0) field_err(problems, "name", "%s", x.msg);
    if (str_utf8_len(p->organisation) > 120) field_err(problems, "organisation", "Please keep this under 120 characters.");
    if (str_utf8_len(p->bio) > BIO_MAX) field_err(problems, "bio", "Please keep this under %d characters.", BIO_MAX);
    if (place_sector_review(c, e, p->metro_id, p->sector_id, problems) < 0) return -1;
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, profile_change_tx, p, e);
}

static int password_change_tx(DbConn *c, void *ctx, Err *e)
{
    PasswordChange *p = ctx;
    if (user_password_set(c, e, p->user, p->hash) < 0) return -1;
    p->ended = session_end_others(c, e, p->user, p->keep_session);
    if (p->ended < 0) return -1;
    p->revoked = apitoken_revoke_all(c, e, p->user, p->now);
    if (p->revoked <= 0) return p->revoked;
    return mail_queuef(c, e, p->email, "password_changed", "{s:s, s:s, s:b, s:i, s:b}", "name", p->name, "email", p->email,
                       "by_reset", 0, "tokens_revoked", p->revoked, "has_tokens_revoked", p->revoked > 0);
}

/* Whether `current` is the account's password: 1, 0 (counted against LIMIT_PASSWORD), -1 (429, 503). */
static int password_current_ok(DbConn *c, Err *e, App *app, PasswordChange *p)
{
    const char *who = arena_printf(p->a, "%lld", (long long)p->user);
    if (limit_check(c, e, &LIMIT_PASSWORD, who, p->now) < 0) return -1;
    json_t *row = NULL;
    int found = user_password_get(c, e, p->user, &row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "Your account is gone.");
    int ok = !str_empty(p->current) ? password_verify(app, json_string_value(json_object_get(row, "password_hash")), p->current, e) : 0;
    json_decref(row);
    if (ok == 0 && !str_empty(p->current) && limit_count(c, e, &LIMIT_PASSWORD, who, p->now) < 0) return -1;
    return ok;
}

int password_change(DbConn *c, Err *e, App *app, PasswordChange *p, FieldErrs *problems)
{
    int ok = password_current_ok(c, e, app, p);
    if (ok < 0) return -1;
    if (!ok) field_err(problems, "current_password", "That is not your current password.");
    Err x = { 0 };
    if (account_password_check(p->fresh, p->email, p->name, &x) < 0) field_err(problems, "new_password", "%s", x.msg);
    if (fields_check(problems, e) < 0) return -1;
    char *hash = arena_alloc(p->a, crypto_pwhash_STRBYTES);
    if (password_hash(app, p->fresh, hash, e) < 0) return -1;
    p->hash = hash;
    return db_write(c, password_change_tx, p, e);
}
