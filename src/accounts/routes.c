/* routes.c - account handlers: sign-up, login, logout, profile, password,
 * API tokens, the pledge, and the administrator's settings and accounts. Each
 * write parses its input, calls one operation of profile.c, sessions.c or
 * admin.c, and answers. */
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/figures.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "mail/mail.h"
#include "meetings/meetings.h"
#include "network/network.h"
#include "settings/settings.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/model.h"
#include "web/paging.h"
#include "web/server.h"

/* ---------- shared pieces ---------- */

/* The select options of the home metro and sector (pages only). */
static int form_options(Req *r, int64_t metro, int64_t sector)
{
    Err e = { 0 };
    json_t *metros = NULL, *sectors = NULL;
    if (metro_sector_options(r->db, &e, metro, sector, &metros, &sectors) < 0) return req_fail_err(r, &e);
    req_set(r, "_metros", metros);
    req_set(r, "_sectors", sectors);
    return 0;
}

/* Reads the optional home metro and sector fields: a field that was not sent
 * leaves *metro / *sector as given, an empty one makes it 0 (none). */
static void read_place_sector(Req *r, int64_t *metro, int64_t *sector)
{
    int64_t v;
    int got = req_input_int(r, "metro_id", &v);
    if (got >= 0 && req_input(r, "metro_id")) *metro = got ? v : 0;
    got = req_input_int(r, "sector_id", &v);
    if (got >= 0 && req_input(r, "sector_id")) *sector = got ? v : 0;
}

static bool signup_open(Req *r)
{
    return !str_eq(setting_get(r->db, r->arena, "open_signup", "on"), "off");
}

/* Sign-up is possible when it is open, or with a pending invitation in `next`:
 * 1 or 0, or -1 when the invitation cannot be read. */
static int signup_allowed(Req *r, Err *e)
{
    if (signup_open(r)) return 1;
    const char *next = req_next(r, NULL);
    if (!next || !str_starts(next, "/invitations/")) return 0;
    json_t *inv = NULL;
    int found = invitation_find(r->db, e, next + strlen("/invitations/"), &inv);
    req_own(r, inv);
    return found;
}

/* ---------- sign-up ---------- */

int signup_form(Req *r)
{
    Err e = { 0 };
    if (r->me.id) return req_redirect(r, req_next(r, "/home"), NULL);
    int allowed = signup_allowed(r, &e);
    if (allowed < 0) return req_fail_err(r, &e);
    req_set_bool(r, "is_open", allowed);
    req_set_str(r, "next", req_next(r, ""));
    if (form_options(r, 0, 0) < 0) return -1;
    req_set(r, "values", json_object());
    return req_page(r, "accounts/signup");
}

int signup_submit(Req *r)
{
    Err e = { 0 };
    if (r->me.id)
        return req_fail(r, E_CONFLICT, "You are logged in as %s. Log out first to create another account.", r->me.name);
    int allowed = signup_allowed(r, &e);
    if (allowed < 0) return req_fail_err(r, &e);
    if (!allowed)
        return req_fail(r, E_FORBIDDEN, "Sign-up is by invitation only on this network. Ask a chapter's connector for an invitation.");
    NewAccount u = { .email = req_input(r, "email"), .name = req_input(r, "name"), .password = req_input_raw(r, "password"),
                     .ip = r->ip, .now = now_unix() };
    read_place_sector(r, &u.metro_id, &u.sector_id);
    req_set_str(r, "next", req_next(r, ""));
    req_set_bool(r, "is_open", true);
    FieldErrs *problems = req_field_errs(r);
    if (req_has_errors(r) || account_create(r->db, &e, r->app, r->arena, &u, problems) < 0) {
        bool later = e.code == E_TOO_MANY || e.code == E_UNAVAILABLE;
        if (!later && !req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (form_options(r, u.metro_id, u.sector_id) < 0) return -1;
        return later ? req_later(r, &e, "email", "accounts/signup") : req_invalid(r, "accounts/signup");
    }
    log_info("account %lld created for %s", (long long)u.id, u.email);
    if (guard_login(r, u.id) < 0) return -1;
    return req_created(r, req_next(r, "/home"), "Welcome to the network! Your account is ready.");
}

/* ---------- login and logout ---------- */

int login_form(Req *r)
{
    if (r->me.id) return req_redirect(r, req_next(r, "/home"), NULL);
    req_set_str(r, "next", req_next(r, ""));
    req_set_bool(r, "is_signup_open", signup_open(r));
    req_set(r, "values", json_object());
    return req_page(r, "accounts/login");
}

/* The login form again with one message, answered with `code` (401). */
static int login_refused(Req *r, int code, const char *field, const char *msg)
{
    req_error(r, field, "%s", msg);
    req_invalid(r, "accounts/login");
    r->err.code = code;
    return -1;
}

int login_submit(Req *r)
{
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
    LoginAttempt l = { .email = email, .password = password, .ip = r->ip, .now = now_unix(), .a = r->arena };
    if (r->cookie_device)
        l.device_user = device_cookie_read(r->arena, r->app->secret, r->cookie_device, l.now, &l.device);
    int ok = account_login(r->db, &e, r->app, &l);
    if (ok < 0 && (e.code == E_TOO_MANY || e.code == E_UNAVAILABLE)) return req_later(r, &e, "email", "accounts/login");
    if (ok < 0) return req_fail_err(r, &e);
    if (!ok) {
        log_info("failed login for %s from %s", email, r->ip);
        return login_refused(r, E_UNAUTHORIZED, "password", "That e-mail address and password do not match an account.");
    }
    if (guard_login(r, l.id) < 0) return -1;
    /* this browser is now known to the account (the same name again, a year from now) */
    const char *device = l.device_user == l.id ? l.device : token_new(r->arena);
    req_cookie(r, DEVICE_COOKIE, device_cookie_make(r->arena, r->app->secret, l.id, l.now, device), DEVICE_DAYS * 86400);
    return req_redirect(r, req_next(r, "/home"), "You are logged in.");
}

int logout_submit(Req *r)
{
    guard_logout(r);
    return req_redirect(r, "/", "You are logged out. See you soon.");
}

/* ---------- your account ---------- */

/* The choices of the profile's language: none (the browser's), then each language. */
static void language_options(Req *r, const char *current)
{
    json_t *list = json_array();
    json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", "", "name", _("The browser's language"),
                                          "is_selected", !current || !*current));
    for (int l = 0; l < LANG_COUNT; l++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", lang_code((Lang)l), "name", lang_name((Lang)l),
                                              "is_selected", current && str_eq(current, lang_code((Lang)l))));
    req_set(r, "_language_options", list);
}

static int me_model(Req *r)
{
    Err e = { 0 };
    json_t *user = NULL;
    int found = user_profile_get(r->db, &e, r->me.id, &user);
    if (found <= 0) return found < 0 ? req_fail_err(r, &e) : req_fail(r, E_NOT_FOUND, "Your account is gone.");
    req_set(r, "user", user);
    json_t *chapters = member_chapters(r->db, &e, r->me.id);
    if (!chapters) return req_fail_err(r, &e);
    chapter_status_labels(chapters);
    req_set(r, "chapters", chapters);
    json_t *requests = member_join_requests(r->db, &e, r->me.id);
    if (!requests) return req_fail_err(r, &e);
    req_set(r, "join_requests", requests);
    int64_t current = pledge_current(r->db, &e);
    if (current < 0) return req_fail_err(r, &e);
    if (form_options(r, r->me.metro_id, r->me.sector_id) < 0) return -1;
    const char *cal = calendar_feed_url(r->db, &e, r->arena, r->app->secret, r->app->public_url, r->me.id);
    if (!cal) return req_fail_err(r, &e);
    req_set_str(r, "calendar_url", cal);
    req_set(r, "pledge", json_pack("{s:I, s:I, s:b}", "current", (json_int_t)current, "accepted",
                                   (json_int_t)r->me.pledge_version,
                                   "is_accepted", current == 0 || r->me.pledge_version >= current));
    if (!json_object_get(r->model, "values"))
        req_set(r, "values", json_pack("{s:O, s:O, s:O}", "name", json_object_get(user, "name"),
                                       "organisation", json_object_get(user, "organisation"), "bio", json_object_get(user, "bio")));
    language_options(r, json_string_value(json_object_get(json_object_get(r->model, "values"), "language")) ?:
                            json_string_value(json_object_get(user, "language")));
    return 0;
}

int me_show(Req *r)
{
    if (me_model(r) < 0) return -1;
    return req_page(r, "accounts/me");
}

int me_update(Req *r)
{
    Err e = { 0 };
    ProfileChange p = { r->me.id, req_input(r, "name"), req_input(r, "organisation"), req_input(r, "bio"), -1, -1,
                        req_input(r, "language") };
    read_place_sector(r, &p.metro_id, &p.sector_id);
    FieldErrs *problems = req_field_errs(r);
    if (req_has_errors(r) || profile_change(r->db, &e, r->arena, &p, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (me_model(r) < 0) return -1;
        return req_invalid(r, "accounts/me");
    }
    r->me.metro_id = p.metro_id;
    r->me.sector_id = p.sector_id;
    r->me.name = p.name;
    r->me.language = p.language;
    app_language_choose(r);   /* the answer in the language just chosen */
    /* the API answers with the saved profile; a page goes back to it */
    if (r->api && me_model(r) < 0) return -1;
    return req_redirect(r, "/me", "Your profile is saved.");
}

/* The footer's choice of language for visitors: a cookie for a year (a
 * member's own choice, on their profile, comes first). Without a CSRF token
 * (F_NOCSRF): the form is on every page, and a token there would give every
 * visitor's first page a cookie; another site can at worst change the
 * language a browser reads in. */
int language_choose(Req *r)
{
    const char *code = req_input(r, "language");
    if (str_empty(code) || !language_choice_valid(code))
        return req_fail(r, E_INVALID, "Please choose English, Português or Français.");
    req_cookie(r, "glocal_lang", code, 365 * 86400);
    r->cookie_lang = code;
    app_language_choose(r);
    return req_redirect(r, req_next(r, "/"), NULL);
}

int password_submit(Req *r)
{
    Err e = { 0 };
    PasswordChange p = { .user = r->me.id, .keep_session = r->session_id, .email = r->me.email, .name = r->me.name,
                         .current = req_input_raw(r, "current_password"), .fresh = req_input_raw(r, "new_password"),
                         .now = now_unix(), .a = r->arena };
    FieldErrs *problems = req_field_errs(r);
    if (password_change(r->db, &e, r->app, &p, problems) < 0) {
        bool later = e.code == E_TOO_MANY || e.code == E_UNAVAILABLE;
        if (!later && !req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (me_model(r) < 0) return -1;
        return later ? req_later(r, &e, "current_password", "accounts/me") : req_invalid(r, "accounts/me");
    }
    const char *ended = p.ended ? req_printf(r, trn(" %d other session was logged out.", " %d other sessions were logged out.", p.ended), p.ended) : "";
    const char *revoked = p.revoked ? req_printf(r, _(" Your API tokens were revoked (%d); create new ones for the programs that need them."),
                                                 p.revoked) : "";
    req_set_int(r, "tokens_revoked", p.revoked);
    return req_redirect(r, "/me", req_printf(r, _("Your password is changed.%s%s"), ended, revoked));
}

/* ---------- personal API tokens ---------- */

/* One page of the person's tokens (revoked ones stay listed, so the list grows) and the form. */
static int tokens_model(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *tokens = paging_trim(&p, apitoken_list(r->db, &e, r->me.id, p.limit, p.offset));
    if (!tokens) return req_fail_err(r, &e);
    req_set(r, "tokens", tokens);
    req_form_values(r, NULL);
    paging_respond(r, &p);
    return 0;
}

int tokens_index(Req *r)
{
    if (tokens_model(r) < 0) return -1;
    return req_page(r, "accounts/tokens");
}

int token_create(Req *r)
{
    Err e = { 0 };
    TokenIssue t = { .user = r->me.id, .name = req_input(r, "name"), .a = r->arena, .now = now_unix() };
    int rc = token_issue(r->db, &e, &t);
    bool later = rc < 0 && e.code == E_TOO_MANY;
    if (rc < 0 && !later && !req_form_refused(r, NULL, &e)) return req_fail_err(r, &e);
    if (tokens_model(r) < 0) return -1;
    if (later) return req_later(r, &e, "name", "accounts/tokens");
    if (rc < 0) return req_invalid(r, "accounts/tokens");
    /* both faces answer 201 with the token, shown this once, on the list */
    req_set(r, "new_token", json_pack("{s:s, s:s}", "name", t.name, "token", t.token));
    r->status = 201;
    return req_page(r, "accounts/tokens");
}

int token_revoke(Req *r)
{
    Err e = { 0 };
    int64_t id;
    if (!str_to_i64(req_param(r, "id"), &id)) return req_fail(r, E_NOT_FOUND, "There is no such token.");
    if (token_withdraw(r->db, &e, r->me.id, id) < 0) return req_fail_err(r, &e);
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

int pledge_accept_submit(Req *r)
{
    Err e = { 0 };
    int64_t version = 0;
    if (req_input_int(r, "version", &version) <= 0) version = -1;   /* not given */
    if (pledge_agree(r->db, &e, r->me.id, version, req_input_bool(r, "accept")) < 0) {
        if (!req_form_refused(r, NULL, &e)) return req_fail_err(r, &e);
        /* without the version there is no page to show again; without the tick, the pledge */
        if (str_eq(e.field, "version")) return req_invalid(r, NULL);
        if (pledge_model(r) < 0) return -1;
        return req_invalid(r, "accounts/pledge");
    }
    return req_redirect(r, req_next(r, "/me"), "Thank you for accepting the pledge.");
}

/* ---------- administration ---------- */

static int settings_model(Req *r)
{
    Err e = { 0 };
    Lifecycle life = lifecycle_settings(r->db, r->arena);
    const char *language = setting_get(r->db, r->arena, "language", "en");
    json_t *settings = json_pack("{s:s, s:s, s:b, s:b, s:I, s:I, s:s}", "network_name", setting_get(r->db, r->arena, "network_name", "Glocal network"),
                                 "about", setting_get(r->db, r->arena, "about", ""), "open_signup", signup_open(r),
                                 "guest_verification", !str_eq(setting_get(r->db, r->arena, "guest_verification", "on"), "off"),
                                 "activate_after_meetings", (json_int_t)life.activate_after,
                                 "dormant_after_days", (json_int_t)life.dormant_after_days, "language", language);
    req_form_values(r, settings);
    language_options(r, json_string_value(json_object_get(json_object_get(r->model, "values"), "language")));
    json_array_remove(json_object_get(r->model, "_language_options"), 0);   /* a network has a default: no "none" */
    req_set(r, "settings", settings);
    json_t *pledges = pledge_all(r->db, &e);
    if (!pledges) return req_fail_err(r, &e);
    req_set(r, "pledges", pledges);
    req_set(r, "current_pledge", json_incref(json_array_get(pledges, 0)));
    json_t *counts = NULL;
    if (admin_counts(r->db, &e, &counts) < 0) return req_fail_err(r, &e);
    json_object_set_new(counts, "smtp", mail_smtp_display() ? json_string(mail_smtp_display()) : json_null());
    req_set(r, "counts", counts);
    json_t *limits = server_limits();   /* NULL when no server runs in this process */
    if (limits) req_set(r, "limits", limits);
    return 0;
}

int admin_settings_show(Req *r)
{
    if (settings_model(r) < 0) return -1;
    return req_page(r, "admin/settings");
}

int admin_settings_update(Req *r)
{
    Err e = { 0 };
    SettingsChange s = { req_input(r, "network_name"), req_input(r, "about"), NULL, NULL, req_input(r, "language"),
                         SETTING_UNSET, SETTING_UNSET };
    int64_t n;
    if (req_input_int(r, "activate_after_meetings", &n) > 0) s.activate_after_meetings = n;
    if (req_input_int(r, "dormant_after_days", &n) > 0) s.dormant_after_days = n;
    /* a form always sends the checkbox's absence; JSON sends only what changes */
    if (!r->json || json_object_get(r->json, "open_signup"))
        s.open_signup = req_input_bool(r, "open_signup") ? "on" : "off";
    if (!r->json || json_object_get(r->json, "guest_verification"))
        s.guest_verification = req_input_bool(r, "guest_verification") ? "on" : "off";
    FieldErrs *problems = req_field_errs(r);
    if (req_has_errors(r) || settings_save(r->db, &e, &s, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (settings_model(r) < 0) return -1;
        return req_invalid(r, "admin/settings");
    }
    app_settings_changed(r->app);
    /* the API answers with the settings as saved; a page goes back to them */
    if (r->api && settings_model(r) < 0) return -1;
    return req_redirect(r, "/admin", "The settings are saved.");
}

int admin_pledge_update(Req *r)
{
    Err e = { 0 };
    PledgeText p = { req_input(r, "title"), req_input(r, "body"), r->me.id, 0 };
    FieldErrs *problems = req_field_errs(r);
    if (pledge_write(r->db, &e, &p, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (settings_model(r) < 0) return -1;
        return req_invalid(r, "admin/settings");
    }
    req_set_int(r, "version", p.version);
    return req_created(r, "/pledge", req_printf(r, _("Version %lld of the pledge is published. Members accept it before their next step."),
                                                (long long)p.version));
}

int admin_users_index(Req *r)
{
    Err e = { 0 };
    const char *q = req_query(r, "q");
    const char *like = req_printf(r, "%%%s%%", q ? q : "");
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *users = paging_trim(&p, user_search(r->db, &e, like, p.limit, p.offset));
    if (!users || user_search_count(r->db, &e, like, &p.total) < 0) return req_fail_err(r, &e);
    req_set(r, "users", users);
    req_set_str(r, "q", q ? q : "");
    req_set_str(r, "_total_label", req_printf(r, trn("%s account", "%s accounts", p.total),
                                              figure_text(r->arena, p.total)));
    paging_respond(r, &p);
    return req_page(r, "admin/users");
}

int admin_user_update(Req *r)
{
    Err e = { 0 };
    int64_t id;
    if (!str_to_i64(req_param(r, "member"), &id)) return req_fail(r, E_NOT_FOUND, "There is no such account.");
    if (!req_input(r, "is_admin")) {
        req_error(r, "is_admin", "Say whether the account should be an administrator (is_admin: true or false).");
        return req_invalid(r, NULL);
    }
    bool admin = req_input_bool(r, "is_admin");
    if (admin_grant(r->db, &e, id, admin) < 0) return req_fail_err(r, &e);
    log_info("admin %lld set is_admin=%d on account %lld", (long long)r->me.id, admin, (long long)id);
    return req_redirect(r, "/admin/users", admin ? "That account is now a network administrator." : "That account is no longer a network administrator.");
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

const Feature accounts_feature = { .name = "accounts", .identity = &identity, .reindex = accounts_reindex, .start = accounts_start, .tick = accounts_tick };
