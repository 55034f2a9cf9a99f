/* routes_reset.c - the handlers of a forgotten password: the form asking for
 * the address (limited per address and per client), the same answer whatever
 * the address, and the page of the link that sets a new password and signs its
 * owner in. The work is done in reset.c, limits included. */
#include "accounts/accounts.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "web/app.h"
#include "web/guard.h"

int reset_ask_form(Req *r)
{
    req_form_values(r, NULL);
    return req_page(r, "accounts/forgot");
}

int reset_ask_submit(Req *r)
{
    Err e = { 0 };
    int64_t now = now_unix();
    const char *email = str_lower(r->arena, req_input(r, "email") ? req_input(r, "email") : "");
    if (!str_email_valid(email)) {
        req_error(r, "email", "Please enter the e-mail address of your account, like ana@example.org.");
        return req_invalid(r, "accounts/forgot");
    }
    ResetAsk k = { .email = email, .public_url = r->app->public_url, .ip = r->ip, .now = now, .a = r->arena };
    if (password_reset_ask(r->db, &e, &k) < 0)
        return e.code == E_TOO_MANY ? req_later(r, &e, "email", "accounts/forgot") : req_fail_err(r, &e);
    log_info("password reset asked from %s", r->ip);
    req_set_str(r, "email", email);
    return req_page(r, "accounts/forgot_sent");
}

/* The link's page again, or its refusal: a page of its own with the status (404, 409, 410). */
static int reset_refused(Req *r, const Err *e)
{
    if (e->code != E_NOT_FOUND && e->code != E_GONE && e->code != E_CONFLICT) return req_fail_err(r, e);
    req_set_str(r, "message", e->msg);
    req_set_bool(r, "is_logged_in", r->me.id != 0);
    r->status = e->code;
    return req_page(r, "accounts/reset_refused");
}

int reset_form(Req *r)
{
    Err e = { 0 };
    PasswordReset p = { .token = req_param(r, "token"), .now = now_unix(), .caller = r->me.id, .a = r->arena };
    if (password_reset(r->db, &e, r->app, &p, NULL) < 0) return reset_refused(r, &e);
    req_set_str(r, "email", p.email);
    req_set_str(r, "token", p.token);
    return req_page(r, "accounts/reset");
}

int reset_submit(Req *r)
{
    Err e = { 0 };
    PasswordReset p = { .token = req_param(r, "token"), .fresh = req_input_raw(r, "new_password"), .now = now_unix(),
                        .caller = r->me.id, .a = r->arena };
    if (!p.fresh) p.fresh = "";
    FieldErrs *problems = req_field_errs(r);
    if (password_reset(r->db, &e, r->app, &p, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return reset_refused(r, &e);
        req_set_str(r, "email", p.email);
        req_set_str(r, "token", p.token);
        return req_invalid(r, "accounts/reset");
    }
    log_info("password of account %lld reset by e-mail link (%d sessions ended)", (long long)p.user, p.ended);
    /* the mailbox was proven a moment ago: the person is signed in, on a new session */
    r->session_id = 0;
    if (guard_login(r, p.user) < 0) return -1;
    const char *revoked = p.revoked ? req_printf(r, _(" Your API tokens were revoked (%d); create new ones for the programs that need them."),
                                                 p.revoked) : "";
    return req_redirect(r, "/me", req_printf(r, _("Your new password is saved and you are logged in.%s%s"),
                                             p.ended ? _(" Every other device was logged out.") : "", revoked));
}
