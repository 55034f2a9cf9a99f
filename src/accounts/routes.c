/* routes.c - account handlers: sign-up, login, logout, profile, password,
 * API tokens, the pledge, and the administrator's settings and accounts. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "mail/mail.h"
#include "accounts/accounts.h"
#include "settings/settings.h"
#include "accounts/store.h"
#include "base/log.h"
#include "base/markdown.h"
#include "base/str.h"
#include "meetings/meetings.h"
#include "network/network.h"
#include "web/model.h"
#include "web/app.h"
#include "web/guard.h"

#define BIO_MAX 2000

/* ---------- shared pieces ---------- */

static void form_options(Req *r, int64_t metro, int64_t sector)
{
    Err e = { 0 };
    json_t *metros = metro_options(r->db, &e);
    json_t *sectors = sector_options(r->db, &e);
    options_select(metros, metro);
    options_select(sectors, sector);
    req_set(r, "_metros", metros ? metros : json_array());
    req_set(r, "_sectors", sectors ? sectors : json_array());
}

/* Reads the optional home metro and sector fields, checking they exist; a
 * field that was not sent leaves the value as it was, an empty one clears it. */
static void read_place_sector(Req *r, int64_t *metro, int64_t *sector)
{
    Err e = { 0 };
    int64_t v;
    int got = req_input_int(r, "metro_id", &v);
    if (got >= 0 && req_input(r, "metro_id")) *metro = got ? v : 0;
    if (got > 0 && v && metro_exists(r->db, &e, v) != 1) req_error(r, "metro_id", "Please choose a city from the list.");
    got = req_input_int(r, "sector_id", &v);
    if (got >= 0 && req_input(r, "sector_id")) *sector = got ? v : 0;
    if (got > 0 && v && sector_exists(r->db, &e, v) != 1) req_error(r, "sector_id", "Please choose a sector from the list.");
}

static bool signup_open(Req *r)
{
    return !str_eq(setting_get(r->db, r->arena, "open_signup", "on"), "off");
}

/* Sign-up is possible when it is open, or with a pending invitation in `next`. */
static bool signup_allowed(Req *r)
{
    if (signup_open(r)) return true;
    const char *next = req_next(r, NULL);
    if (!next || !str_starts(next, "/invitations/")) return false;
    Err e = { 0 };
    json_t *inv = NULL;
    int found = invitation_find(r->db, &e, next + strlen("/invitations/"), &inv);
    json_decref(inv);
    return found == 1;
}

/* A hash to verify against when no account matches, so that a wrong e-mail
 * costs the same time as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static void make_dummy(void)
{
    if (crypto_pwhash_str(dummy_hash, "not a password of anyone", 24, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = 0;   /* out of memory: verification then fails, as it should */
}

/* ---------- sign-up ---------- */

int signup_form(Req *r)
{
    if (r->me.id) return req_redirect(r, req_next(r, "/me"), NULL);
    req_set_bool(r, "is_open", signup_allowed(r));
    req_set_str(r, "next", req_next(r, ""));
    form_options(r, 0, 0);
    req_set(r, "values", json_object());
    return req_page(r, "accounts/signup");
}

typedef struct NewUser {
    const char *email, *name, *hash;
    int64_t metro, sector, id;
} NewUser;

static int signup_tx(DbConn *c, void *ctx, Err *e)
{
    NewUser *u = ctx;
    return user_insert(c, e, u->email, u->name, u->hash, false, u->metro, u->sector, &u->id);
}

int signup_submit(Req *r)
{
    Err e = { 0 };
    if (r->me.id)
        return req_fail(r, E_CONFLICT, "You are logged in as %s. Log out first to create another account.", r->me.name);
    if (!signup_allowed(r))
        return req_fail(r, E_FORBIDDEN, "Sign-up is by invitation only on this network. Ask a chapter's connector for an invitation.");
    const char *name = req_input(r, "name");
    const char *email = str_lower(r->arena, req_input(r, "email") ? req_input(r, "email") : "");
    const char *password = req_input_raw(r, "password");
    int64_t metro = 0, sector = 0;
    if (account_name_check(name, "name", &e) < 0) req_error(r, "name", "%s", e.msg);
    if (!str_email_valid(email)) req_error(r, "email", "Please enter a valid e-mail address, like ana@example.org.");
    if (account_password_check(password, email, name, &e) < 0) req_error(r, "password", "%s", e.msg);
    read_place_sector(r, &metro, &sector);
    req_set_str(r, "next", req_next(r, ""));
    req_set_bool(r, "is_open", true);
    if (req_has_errors(r)) {
        form_options(r, metro, sector);
        return req_invalid(r, "accounts/signup");
    }
    char hash[crypto_pwhash_STRBYTES];
    if (password_hash(r->app, password, hash, &e) < 0) return req_fail_err(r, &e);
    NewUser u = { email, name, hash, metro, sector, 0 };
    if (db_write(r->db, signup_tx, &u, &e) < 0) {
        if (e.code == E_CONFLICT) {
            req_error(r, "email", "%s", e.msg);
            form_options(r, metro, sector);
            return req_invalid(r, "accounts/signup");
        }
        return req_fail_err(r, &e);
    }
    log_info("account %lld created for %s", (long long)u.id, email);
    if (guard_login(r, u.id) < 0) return -1;
    return req_created(r, req_next(r, "/me"), "Welcome to the network! Your account is ready.");
}

/* ---------- login and logout ---------- */

int login_form(Req *r)
{
    if (r->me.id) return req_redirect(r, req_next(r, "/me"), NULL);
    req_set_str(r, "next", req_next(r, ""));
    req_set_bool(r, "is_signup_open", signup_open(r));
    req_set(r, "values", json_object());
    return req_page(r, "accounts/login");
}

int login_submit(Req *r)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    Err e = { 0 };
    const char *email = str_lower(r->arena, req_input(r, "email") ? req_input(r, "email") : "");
    const char *password = req_input_raw(r, "password");
    req_set_str(r, "next", req_next(r, ""));
    req_set_bool(r, "is_signup_open", signup_open(r));
    if (!*email || !password || !*password) {
        if (!*email) req_error(r, "email", "Please enter your e-mail address.");
        if (!password || !*password) req_error(r, "password", "Please enter your password.");
        return req_invalid(r, "accounts/login");
    }
    int64_t now = now_unix();
    const char *key_email = req_printf(r, "e:%s", email);
    const char *key_ip = req_printf(r, "a:%s", r->ip);
    int wait = ratelimit_wait(r->app->logins, key_email, now);
    int wait_ip = ratelimit_wait(r->app->login_ips, key_ip, now);
    if (wait_ip > wait) wait = wait_ip;
    if (wait > 0) {
        req_header(r, "Retry-After", req_printf(r, "%d", wait));
        req_error(r, "email", "Too many failed attempts. Please wait %d minute%s and try again.",
                  (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
        req_invalid(r, "accounts/login");
        r->err.code = E_TOO_MANY;
        return -1;
    }
    json_t *user = NULL;
    int found = user_login_lookup(r->db, &e, email, &user);
    if (found < 0) return req_fail_err(r, &e);
    pthread_once(&once, make_dummy);
    const char *hash = found ? json_string_value(json_object_get(user, "password_hash")) : dummy_hash;
    int ok = password_verify(r->app, hash, password, &e);
    int64_t id = found ? json_integer_value(json_object_get(user, "id")) : 0;
    json_decref(user);
    if (ok < 0) return req_fail_err(r, &e);
    if (!found || !ok) {
        ratelimit_hit(r->app->logins, key_email, now);
        ratelimit_hit(r->app->login_ips, key_ip, now);
        log_info("failed login for %s from %s", email, r->ip);
        req_error(r, "password", "That e-mail address and password do not match an account.");
        req_invalid(r, "accounts/login");
        r->err.code = E_UNAUTHORIZED;
        return -1;
    }
    ratelimit_clear(r->app->logins, key_email);
    if (guard_login(r, id) < 0) return -1;
    return req_redirect(r, req_next(r, "/me"), "You are logged in.");
}

int logout_submit(Req *r)
{
    guard_logout(r);
    return req_redirect(r, "/", "You are logged out. See you soon.");
}

/* ---------- your account ---------- */

static int me_model(Req *r)
{
    Err e = { 0 };
    json_t *user = NULL;
    int found = user_profile_get(r->db, &e, r->me.id, &user);
    if (found <= 0) return found < 0 ? req_fail_err(r, &e) : req_fail(r, E_NOT_FOUND, "Your account is gone.");
    json_t *chapters = member_chapters(r->db, &e, r->me.id);
    json_t *requests = member_join_requests(r->db, &e, r->me.id);
    int64_t current = pledge_current(r->db, &e);
    if (!chapters || !requests || current < 0) {
        json_decref(user);
        json_decref(chapters);
        json_decref(requests);
        return req_fail_err(r, &e);
    }
    json_t *values = json_pack("{s:O, s:O, s:O}", "name", json_object_get(user, "name"),
                               "organisation", json_object_get(user, "organisation"),
                               "bio", json_object_get(user, "bio"));
    form_options(r, r->me.metro_id, r->me.sector_id);
    req_set(r, "user", user);
    req_set(r, "chapters", chapters);
    req_set(r, "join_requests", requests);
    const char *cal = calendar_url(r, r->me.id, &e);
    if (cal) req_set_str(r, "calendar_url", cal);
    req_set(r, "pledge", json_pack("{s:I, s:I, s:b}", "current", (json_int_t)current, "accepted",
                                   (json_int_t)r->me.pledge_version,
                                   "is_accepted", current == 0 || r->me.pledge_version >= current));
    if (!json_object_get(r->model, "values")) req_set(r, "values", values);
    else json_decref(values);
    return 0;
}

int me_show(Req *r)
{
    if (me_model(r) < 0) return -1;
    return req_page(r, "accounts/me");
}

typedef struct Profile {
    int64_t id, metro, sector;
    const char *name, *organisation, *bio;
} Profile;

static int profile_tx(DbConn *c, void *ctx, Err *e)
{
    Profile *p = ctx;
    return user_profile_save(c, e, p->id, p->name, p->metro, p->sector, p->organisation, p->bio);
}

int me_update(Req *r)
{
    Err e = { 0 };
    json_t *cur = NULL;
    if (user_profile_fields(r->db, &e, r->me.id, &cur) <= 0)
        return req_fail_err(r, &e);
    /* what is not sent stays as it is (forms send every field; programs may send one) */
    Profile p = { r->me.id, json_integer_value(json_object_get(cur, "metro_id")),
                  json_integer_value(json_object_get(cur, "sector_id")), req_input(r, "name"),
                  req_input(r, "organisation"), req_input(r, "bio") };
    if (!p.name) p.name = req_printf(r, "%s", json_string_value(json_object_get(cur, "name")));
    if (!p.organisation) p.organisation = req_printf(r, "%s", json_string_value(json_object_get(cur, "organisation")));
    if (!p.bio) p.bio = req_printf(r, "%s", json_string_value(json_object_get(cur, "bio")));
    json_decref(cur);
    if (account_name_check(p.name, "name", &e) < 0) req_error(r, "name", "%s", e.msg);
    if (str_utf8_len(p.organisation) > 120) req_error(r, "organisation", "Please keep this under 120 characters.");
    if (str_utf8_len(p.bio) > BIO_MAX) req_error(r, "bio", "Please keep this under %d characters.", BIO_MAX);
    read_place_sector(r, &p.metro, &p.sector);
    if (req_has_errors(r)) {
        if (me_model(r) < 0) return -1;
        return req_invalid(r, "accounts/me");
    }
    if (db_write(r->db, profile_tx, &p, &e) < 0) return req_fail_err(r, &e);
    r->me.metro_id = p.metro;
    r->me.sector_id = p.sector;
    r->me.name = p.name;
    if (r->api && me_model(r) < 0) return -1;
    return req_redirect(r, "/me", "Your profile is saved.");
}

typedef struct NewPassword {
    int64_t user, keep_session;
    const char *hash;
    int ended;
} NewPassword;

static int password_tx(DbConn *c, void *ctx, Err *e)
{
    NewPassword *p = ctx;
    if (user_password_set(c, e, p->user, p->hash) < 0) return -1;
    p->ended = session_end_others(c, e, p->user, p->keep_session);
    return p->ended < 0 ? -1 : 0;
}

int password_submit(Req *r)
{
    Err e = { 0 };
    const char *current = req_input_raw(r, "current_password");
    const char *fresh = req_input_raw(r, "new_password");
    json_t *row = NULL;
    if (user_password_get(r->db, &e, r->me.id, &row) <= 0)
        return req_fail_err(r, &e);
    int ok = current && *current ? password_verify(r->app, json_string_value(json_object_get(row, "password_hash")), current, &e) : 0;
    json_decref(row);
    if (ok < 0) return req_fail_err(r, &e);
    if (!ok) req_error(r, "current_password", "That is not your current password.");
    if (account_password_check(fresh, r->me.email, r->me.name, &e) < 0) req_error(r, "new_password", "%s", e.msg);
    if (req_has_errors(r)) {
        if (me_model(r) < 0) return -1;
        return req_invalid(r, "accounts/me");
    }
    char hash[crypto_pwhash_STRBYTES];
    if (password_hash(r->app, fresh, hash, &e) < 0) return req_fail_err(r, &e);
    NewPassword p = { r->me.id, r->session_id, hash, 0 };
    if (db_write(r->db, password_tx, &p, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, "/me", p.ended ? req_printf(r, "Your password is changed. %d other session%s logged out.",
                                                       p.ended, p.ended == 1 ? " was" : "s were")
                                          : "Your password is changed.");
}

/* ---------- personal API tokens ---------- */

static int tokens_model(Req *r)
{
    Err e = { 0 };
    json_t *tokens = apitoken_list(r->db, &e, r->me.id);
    if (!tokens) return req_fail_err(r, &e);
    req_set(r, "tokens", tokens);
    if (!json_object_get(req_model(r), "values")) req_set(r, "values", json_object());
    return 0;
}

int tokens_index(Req *r)
{
    if (tokens_model(r) < 0) return -1;
    return req_page(r, "accounts/tokens");
}

typedef struct NewToken {
    int64_t user;
    const char *name, *hash, *hint;
    int64_t id;
} NewToken;

static int token_tx(DbConn *c, void *ctx, Err *e)
{
    NewToken *t = ctx;
    int64_t live = 0;
    if (apitoken_count_live(c, e, t->user, &live) < 0) return -1;
    if (live >= 20) return err_field(e, E_CONFLICT, "name", "You have 20 active tokens; revoke one you no longer use first.");
    return apitoken_insert(c, e, t->user, t->name, t->hash, t->hint, &t->id);
}

int token_create(Req *r)
{
    Err e = { 0 };
    const char *name = req_input(r, "name");
    if (account_name_check(name, "name", &e) < 0) req_error(r, "name", "Please name the token after what will use it (e.g. \"weekly report script\").");
    if (req_has_errors(r)) {
        if (tokens_model(r) < 0) return -1;
        return req_invalid(r, "accounts/tokens");
    }
    const char *token = req_printf(r, "%s%s", TOKEN_PREFIX, token_new(r->arena));
    NewToken t = { r->me.id, name, token_hash(r->arena, token), token + strlen(token) - 4, 0 };
    if (db_write(r->db, token_tx, &t, &e) < 0) {
        if (e.code == E_CONFLICT) {
            req_error(r, "name", "%s", e.msg);
            if (tokens_model(r) < 0) return -1;
            return req_invalid(r, "accounts/tokens");
        }
        return req_fail_err(r, &e);
    }
    if (tokens_model(r) < 0) return -1;
    req_set(r, "new_token", json_pack("{s:s, s:s}", "name", name, "token", token));
    r->status = 201;
    return req_page(r, "accounts/tokens");
}

typedef struct Revoke {
    int64_t user, id;
    int changed;
} Revoke;

static int revoke_tx(DbConn *c, void *ctx, Err *e)
{
    Revoke *v = ctx;
    v->changed = apitoken_revoke(c, e, v->user, v->id);
    return v->changed < 0 ? -1 : 0;
}

int token_revoke(Req *r)
{
    Err e = { 0 };
    int64_t id;
    if (!str_to_i64(req_param(r, "id"), &id)) return req_fail(r, E_NOT_FOUND, "There is no such token.");
    Revoke v = { r->me.id, id, 0 };
    if (db_write(r->db, revoke_tx, &v, &e) < 0) return req_fail_err(r, &e);
    if (!v.changed) return req_fail(r, E_NOT_FOUND, "You have no active token with that number.");
    return req_redirect(r, "/me/tokens", "The token is revoked; programs using it are now refused.");
}

/* ---------- the pledge ---------- */

static int pledge_model(Req *r)
{
    Err e = { 0 };
    json_t *p = NULL;
    int found = pledge_latest(r->db, &e, &p);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This network has not written its pledge yet.");
    model_set_markdown(p, "_body_html", r->arena, json_string_value(json_object_get(p, "body")));
    int64_t version = json_integer_value(json_object_get(p, "version"));
    req_set(r, "pledge", p);
    req_set_bool(r, "is_accepted", r->me.id && r->me.pledge_version >= version);
    req_set_bool(r, "is_logged_in", r->me.id != 0);
    req_set_str(r, "next", req_next(r, ""));
    return 0;
}

int pledge_show(Req *r)
{
    if (pledge_model(r) < 0) return -1;
    return req_page(r, "accounts/pledge");
}

typedef struct Accept {
    int64_t user, version;
} Accept;

static int accept_tx(DbConn *c, void *ctx, Err *e)
{
    Accept *a = ctx;
    return pledge_accept(c, e, a->user, a->version);
}

int pledge_accept_submit(Req *r)
{
    Err e = { 0 };
    int64_t current = pledge_current(r->db, &e), version = 0;
    if (current < 0) return req_fail_err(r, &e);
    if (current == 0) return req_fail(r, E_NOT_FOUND, "This network has not written its pledge yet.");
    if (req_input_int(r, "version", &version) <= 0) {
        req_error(r, "version", "Say which version of the pledge you accept (the current one is %lld).", (long long)current);
        return req_invalid(r, NULL);
    }
    if (version != current)
        return req_fail(r, E_CONFLICT, "The pledge has changed since you opened it; please read the current version (%lld) and accept again.",
                        (long long)current);
    if (!req_input_bool(r, "accept")) {
        req_error(r, "accept", "Tick the box to accept the pledge.");
        if (pledge_model(r) < 0) return -1;
        return req_invalid(r, "accounts/pledge");
    }
    Accept a = { r->me.id, current };
    if (db_write(r->db, accept_tx, &a, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_next(r, "/me"), "Thank you for accepting the pledge.");
}

/* ---------- administration ---------- */

static int settings_model(Req *r)
{
    Err e = { 0 };
    Lifecycle life = lifecycle_settings(r->db, r->arena);
    json_t *settings = json_pack("{s:s, s:s, s:b, s:I, s:I}", "network_name", setting_get(r->db, r->arena, "network_name", "Glocal network"),
                                 "about", setting_get(r->db, r->arena, "about", ""), "open_signup", signup_open(r),
                                 "activate_after_meetings", (json_int_t)life.activate_after,
                                 "dormant_after_days", (json_int_t)life.dormant_after_days);
    if (!json_object_get(req_model(r), "values")) req_set(r, "values", json_deep_copy(settings));
    req_set(r, "settings", settings);
    json_t *pledges = pledge_all(r->db, &e);
    json_t *counts = NULL;
    if (!pledges || admin_counts(r->db, &e, &counts) < 0) {
        json_decref(pledges);
        return req_fail_err(r, &e);
    }
    req_set(r, "pledges", pledges);
    req_set(r, "current_pledge", json_incref(json_array_get(pledges, 0)));
    req_set(r, "counts", counts);
    return 0;
}

int admin_settings_show(Req *r)
{
    if (settings_model(r) < 0) return -1;
    return req_page(r, "admin/settings");
}

typedef struct Settings {
    const char *name, *about, *open, *activate, *dormant;
} Settings;

static int settings_tx(DbConn *c, void *ctx, Err *e)
{
    Settings *s = ctx;
    if (s->activate && setting_put(c, e, "activate_after_meetings", s->activate) < 0) return -1;
    if (s->dormant && setting_put(c, e, "dormant_after_days", s->dormant) < 0) return -1;
    if (s->name && setting_put(c, e, "network_name", s->name) < 0) return -1;
    if (s->about && setting_put(c, e, "about", s->about) < 0) return -1;
    if (s->open && setting_put(c, e, "open_signup", s->open) < 0) return -1;
    return 0;
}

int admin_settings_update(Req *r)
{
    Err e = { 0 };
    Settings s = { req_input(r, "network_name"), req_input(r, "about"), NULL, NULL, NULL };
    int64_t n;
    int got = req_input_int(r, "activate_after_meetings", &n);
    if (got > 0 && (n < 1 || n > 50)) req_error(r, "activate_after_meetings", "Between 1 and 50 meetings.");
    else if (got > 0) s.activate = req_printf(r, "%lld", (long long)n);
    got = req_input_int(r, "dormant_after_days", &n);
    if (got > 0 && (n < 7 || n > 3650)) req_error(r, "dormant_after_days", "Between 7 and 3650 days.");
    else if (got > 0) s.dormant = req_printf(r, "%lld", (long long)n);
    /* a form always sends the checkbox's absence; JSON sends only what changes */
    if (!r->json || json_object_get(r->json, "open_signup"))
        s.open = req_input_bool(r, "open_signup") ? "on" : "off";
    if (s.name && account_name_check(s.name, "network_name", &e) < 0) req_error(r, "network_name", "%s", e.msg);
    if (s.about && str_utf8_len(s.about) > 5000) req_error(r, "about", "Please keep this under 5000 characters.");
    if (req_has_errors(r)) {
        if (settings_model(r) < 0) return -1;
        return req_invalid(r, "admin/settings");
    }
    if (db_write(r->db, settings_tx, &s, &e) < 0) return req_fail_err(r, &e);
    app_settings_changed(r->app);
    if (r->api && settings_model(r) < 0) return -1;
    return req_redirect(r, "/admin", "The settings are saved.");
}

typedef struct Publish {
    const char *title, *body;
    int64_t by, version;
} Publish;

static int publish_tx(DbConn *c, void *ctx, Err *e)
{
    Publish *p = ctx;
    if (pledge_publish(c, e, p->title, p->body, p->by, &p->version) < 0) return -1;
    /* the author accepts what they wrote */
    return pledge_accept(c, e, p->by, p->version);
}

int admin_pledge_update(Req *r)
{
    Err e = { 0 };
    Publish p = { req_input(r, "title"), req_input(r, "body"), r->me.id, 0 };
    if (str_empty(p.title)) req_error(r, "title", "Please give the pledge a title.");
    else if (str_utf8_len(p.title) > 120) req_error(r, "title", "Please keep the title under 120 characters.");
    if (str_empty(p.body)) req_error(r, "body", "Please write the pledge.");
    else if (str_utf8_len(p.body) > 10000) req_error(r, "body", "Please keep the pledge under 10000 characters.");
    if (req_has_errors(r)) {
        if (settings_model(r) < 0) return -1;
        return req_invalid(r, "admin/settings");
    }
    if (db_write(r->db, publish_tx, &p, &e) < 0) return req_fail_err(r, &e);
    req_set_int(r, "version", p.version);
    return req_created(r, "/pledge", req_printf(r, "Version %lld of the pledge is published. Members accept it before their next step.",
                                                (long long)p.version));
}

int admin_users_index(Req *r)
{
    Err e = { 0 };
    const char *q = req_query(r, "q");
    const char *like = req_printf(r, "%%%s%%", q ? q : "");
    json_t *users = user_search(r->db, &e, like);
    if (!users) return req_fail_err(r, &e);
    req_set(r, "users", users);
    req_set_str(r, "q", q ? q : "");
    return req_page(r, "admin/users");
}

typedef struct AdminFlag {
    int64_t id;
    bool admin;
    int changed;
} AdminFlag;

static int admin_flag_tx(DbConn *c, void *ctx, Err *e)
{
    AdminFlag *a = ctx;
    int64_t admins = 0;
    if (!a->admin) {
        if (admin_count_except(c, e, a->id, &admins) < 0) return -1;
        if (admins == 0) return err_set(e, E_CONFLICT, "The network needs at least one administrator; make someone else one first.");
    }
    a->changed = user_set_admin(c, e, a->id, a->admin);
    return a->changed < 0 ? -1 : 0;
}

int admin_user_update(Req *r)
{
    Err e = { 0 };
    int64_t id;
    if (!str_to_i64(req_param(r, "member"), &id)) return req_fail(r, E_NOT_FOUND, "There is no such account.");
    const char *v = req_input(r, "is_admin");
    if (!v) {
        req_error(r, "is_admin", "Say whether the account should be an administrator (is_admin: true or false).");
        return req_invalid(r, NULL);
    }
    AdminFlag a = { id, req_input_bool(r, "is_admin"), 0 };
    if (db_write(r->db, admin_flag_tx, &a, &e) < 0) return req_fail_err(r, &e);
    if (!a.changed) return req_fail(r, E_NOT_FOUND, "There is no such account.");
    log_info("admin %lld set is_admin=%d on account %lld", (long long)r->me.id, a.admin, (long long)id);
    return req_redirect(r, "/admin/users", a.admin ? "That account is now a network administrator." : "That account is no longer a network administrator.");
}

int admin_outbox_index(Req *r)
{
    Err e = { 0 };
    json_t *mail = outbox_recent(r->db, &e);
    if (!mail) return req_fail_err(r, &e);
    req_set(r, "messages", mail);
    return req_page(r, "admin/outbox");
}

static const Identity identity = {
    .by_token = apitoken_lookup,
    .by_session = session_lookup,
    .touch = session_touch,
    .start = session_start,
    .end = session_end,
    .pledge_current = pledge_current,
    .session_max_seconds = SESSION_MAX_SECONDS,
    .touch_seconds = SESSION_TOUCH_SECONDS,
};

const Feature accounts_feature = { .name = "accounts", .identity = &identity };
