/* routes_registration.c - handlers of registration: registering (a member,
 * or a guest by e-mail), withdrawing, an organiser's cancelling, the ticket's
 * own page at its secret address, the organiser's desk and check-in at the
 * door. What they write is done in registration.c. */
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/pages.h"
#include "events/store.h"
#include "settings/settings.h"
#include "web/app.h"

int event_register(Req *r)
{
    Err e = { 0 };
    EventSignup g = { .event = r->object_id, .user = r->me.id, .arena = r->arena, .public_url = r->app->public_url, .ip = r->ip };
    if (r->me.id) {
        g.name = r->me.name;
        g.email = r->me.email;
    } else {
        g.name = req_input(r, "name");
        g.email = req_input(r, "email");
        if (str_empty(g.name)) req_error(r, "name", "Please give your name, as it should read at the door.");
        else if (str_utf8_len(g.name) > 100) req_error(r, "name", "Please keep the name under 100 characters.");
        else if (!str_single_line(g.name)) req_error(r, "name", "Please keep the name on one line (without line breaks).");
        if (str_empty(g.email) || !str_email_valid(g.email)) req_error(r, "email", "Please give an e-mail address like ana@example.org; your ticket goes there.");
        else g.email = str_lower(r->arena, g.email);
    }
    json_t *tiers = req_own(r, event_tiers(r->db, &e, r->object_id));
    bool member = false;
    if (!tiers || member_anywhere(r->db, &e, r->me.id, &member) < 0) return req_fail_err(r, &e);
    int64_t tier = 0;
    int got = req_input_int(r, "tier", &tier);
    if (got == 0) tier = tier_first_open(tiers, member);
    bool known = false;
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t) if (json_integer_value(json_object_get(t, "id")) == tier) known = true;
    if (got >= 0 && !known) req_error(r, "tier", "Choose one of the event's ticket tiers.");
    g.tier = tier;
    if (ev_int(r, "ends_at") < now_unix() || !str_eq(ev_str(r, "status"), "open"))
        return req_fail(r, E_CONFLICT, "Registration has ended: the event is %s.", str_eq(ev_str(r, "status"), "open") ? "over" : ev_str(r, "status"));
    g.confirm = !r->me.id && !str_eq(setting_get(r->db, r->arena, "guest_verification", "on"), "off");
    /* a tier kept to members is refused by registration_take, at the field */
    if (req_has_errors(r) || (registration_take(r->db, &e, &g) < 0 && req_form_refused(r, NULL, &e))) {
        /* pages show the event again, with the form */
        if (!r->api && event_show(r) < 0 && r->err.code) return -1;
        return req_invalid(r, "events/show");
    }
    if (e.code) return req_fail_err(r, &e);
    log_info("events: registration %lld for %s (%s%s)", (long long)g.id, ev_str(r, "slug"), g.status, g.unverified_until ? ", unconfirmed" : "");
    if (g.unverified_until) {
        /* neither the ticket's link nor its code until the address is confirmed */
        req_set(r, "registration", json_pack("{s:I, s:s, s:b, s:I}", "id", (json_int_t)g.id, "status", g.status, "is_unverified", 1,
                                             "unverified_until", (json_int_t)g.unverified_until));
        return req_created(r, event_url(r), req_printf(r, _("Almost done: we sent a link to %s. Open it before %s to confirm your address and get "
                                                          "your ticket; your place is kept until then."),
                                                       g.email, time_local_text(r->arena, g.unverified_until, ev_str(r, "timezone"))));
    }
    const char *ticket_url = req_printf(r, "/tickets/%s", g.token);
    json_t *reg = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)g.id, "status", g.status, "code", g.code, "ticket_url", ticket_url);
    if (g.position) json_object_set_new(reg, "position", json_integer(g.position));
    req_set(r, "registration", reg);
    bool ticket = str_eq(g.status, "ticket");
    const char *flash = ticket ? req_printf(r, _("You have a ticket. Your check-in code is %s."), g.code)
                               : req_printf(r, _("The event is full: you are number %lld on the waitlist. A freed place goes to you in turn."),
                                            (long long)g.position);
    /* members find their ticket on the event page; guests on their own ticket page */
    return req_created(r, r->me.id ? event_url(r) : ticket_url, flash);
}

static const char *cancel_message(const Unregister *k)
{
    return k->refunded ? "The registration is cancelled and its payment refunded (a reversal in the books)."
                       : "The registration is cancelled; the place goes to the next on the waitlist.";
}

static void cancelled_model(Req *r, const Unregister *k)
{
    req_set(r, "registration", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)k->id, "status", "cancelled", "is_refunded", k->refunded));
}

int registration_withdraw(Req *r)
{
    Err e = { 0 };
    Unregister k = { .event = r->object_id, .user = r->me.id, .by = r->me.id, .arena = r->arena, .public_url = r->app->public_url };
    if (event_unregister(r->db, &e, &k) < 0) return req_fail_err(r, &e);
    cancelled_model(r, &k);
    return req_redirect(r, event_url(r), "Your registration is cancelled. Thank you for freeing the place.");
}

int registration_cancel(Req *r)
{
    Err e = { 0 };
    Unregister k = { .event = r->object_id, .id = req_id(r, "registration"), .by = r->me.id, .arena = r->arena,
                     .public_url = r->app->public_url };
    if (!k.id) return req_fail(r, E_NOT_FOUND, "There is no such registration for this event.");
    if (event_unregister(r->db, &e, &k) < 0) return req_fail_err(r, &e);
    cancelled_model(r, &k);
    return req_redirect(r, desk_url(r), cancel_message(&k));
}

/* ---------- tickets ---------- */

static int ticket_load(Req *r, json_t **out)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    if (!token || strlen(token) < 20 || strlen(token) > 100) return req_fail(r, E_NOT_FOUND, "There is no ticket at this address.");
    int found = registration_by_token(r->db, &e, token_hash(r->arena, token), out);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no ticket at this address.");
    return 0;
}

int ticket_show(Req *r)
{
    json_t *g = NULL;
    if (ticket_load(r, &g) < 0) return -1;
    registration_decorate(r, g, json_string_value(json_object_get(g, "event_slug")));
    const char *tz = json_string_value(json_object_get(g, "timezone"));
    json_object_set_new(g, "starts_local", json_string(time_local_text(r->arena, json_integer_value(json_object_get(g, "starts_at")), tz)));
    json_object_set_new(g, "is_event_open", json_boolean(str_eq(json_string_value(json_object_get(g, "event_status")), "open")));
    if (json_is_true(json_object_get(g, "is_waitlist"))) {
        Err e = { 0 };
        int64_t pos = 0;
        if (waitlist_position(r->db, &e, json_integer_value(json_object_get(g, "event_id")), json_integer_value(json_object_get(g, "id")), &pos) < 0)
            return req_fail_err(r, &e);
        json_object_set_new(g, "position", json_integer(pos));
    }
    req_set(r, "ticket", g);
    req_set_str(r, "_token", req_param(r, "token"));
    req_header(r, "Referrer-Policy", "no-referrer");   /* the address is the credential */
    return req_page(r, "events/ticket");
}

int ticket_cancel(Req *r)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    if (!token || strlen(token) < 20 || strlen(token) > 100) return req_fail(r, E_NOT_FOUND, "There is no ticket at this address.");
    Unregister k = { .token_hash = token_hash(r->arena, token), .by = r->me.id, .arena = r->arena, .public_url = r->app->public_url };
    if (event_unregister(r->db, &e, &k) < 0) return req_fail_err(r, &e);
    cancelled_model(r, &k);
    return req_redirect(r, req_printf(r, "/tickets/%s", token), cancel_message(&k));
}

/* ---------- the desk ---------- */

int event_registrations(Req *r)
{
    Err e = { 0 };
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    req_set(r, "event", ev);
    json_t *regs = event_registration_list(r->db, &e, r->object_id);
    if (!regs) return req_fail_err(r, &e);
    int64_t tickets = 0, waitlist = 0, checked = 0, unpaid = 0;
    size_t i;
    json_t *g;
    json_array_foreach(regs, i, g) {
        registration_decorate(r, g, NULL);
        if (json_is_true(json_object_get(g, "is_ticket"))) tickets++;
        if (json_is_true(json_object_get(g, "is_waitlist"))) waitlist++;
        if (json_is_true(json_object_get(g, "is_checked_in"))) checked++;
        if (json_is_true(json_object_get(g, "is_unpaid"))) unpaid++;
        if (json_is_true(json_object_get(g, "is_checked_in"))) {
            char date[11], hm[6];
            time_local_parts(json_integer_value(json_object_get(g, "checked_in_at")), ev_str(r, "timezone"), date, hm);
            json_object_set_new(g, "checked_in_local", json_string(hm));
        }
    }
    req_set(r, "registrations", regs);
    req_set(r, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I}", "tickets", (json_int_t)tickets, "waitlist", (json_int_t)waitlist,
                                   "checked_in", (json_int_t)checked, "unpaid", (json_int_t)unpaid, "capacity",
                                   (json_int_t)ev_int(r, "capacity")));
    const char *code = req_query(r, "code");
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_pack("{s:s}", "code", code ? code : ""));
    if (desk_money_model(r) < 0) return -1;
    return req_page(r, "events/desk");
}

int desk_again(Req *r, int code)
{
    /* pages show the desk again with its lists; programs get the errors alone */
    if (!r->api && event_registrations(r) < 0) return -1;
    req_invalid(r, "events/desk");
    r->err.code = code;
    return -1;
}

int event_checkin(Req *r)
{
    Err e = { 0 };
    CheckIn k = { .event = r->object_id, .code = checkin_normalise(r->arena, req_input(r, "code")), .arena = r->arena };
    if (str_empty(k.code)) {
        req_error(r, "code", "Type the code on the ticket (six letters and digits).");
        return desk_again(r, E_INVALID);
    }
    if (checkin_record(r->db, &e, &k) < 0) {
        if (!e.field[0]) return req_fail_err(r, &e);
        req_error(r, "code", "%s", e.msg);
        return desk_again(r, e.code ? e.code : E_INVALID);
    }
    const char *who = req_printf(r, "%s (%s)", k.name, k.tier);
    req_set(r, "registration", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)k.id, "name", k.name, "tier", k.tier));
    return req_redirect(r, desk_url(r), req_printf(r, _("Checked in: %s. Welcome!"), who));
}

/* ---------- a guest's address confirmed ---------- */

static int confirm_refused(Req *r, const Err *e)
{
    if (e->code != E_NOT_FOUND && e->code != E_GONE) return req_fail_err(r, e);
    req_set_str(r, "message", e->msg);
    r->status = e->code;
    return req_page(r, "events/confirm_refused");
}

int guest_confirm_form(Req *r)
{
    Err e = { 0 };
    GuestConfirm k = { .token = req_param(r, "token"), .check_only = true, .arena = r->arena };
    if (guest_confirm(r->db, &e, &k) < 0) return confirm_refused(r, &e);
    req_set(r, "registration", json_pack("{s:s, s:s, s:s, s:b, s:s}", "name", k.name, "title", k.title, "slug", k.slug,
                                         "is_ticket", str_eq(k.status, "ticket"), "token", k.token));
    return req_page(r, "events/confirm");
}

int guest_confirm_submit(Req *r)
{
    Err e = { 0 };
    GuestConfirm k = { .token = req_param(r, "token"), .public_url = r->app->public_url, .arena = r->arena };
    if (guest_confirm(r->db, &e, &k) < 0) return confirm_refused(r, &e);
    log_info("events: registration %lld confirmed by its guest", (long long)k.id);
    bool ticket = str_eq(k.status, "ticket");
    return req_redirect(r, req_printf(r, "/tickets/%s", k.ticket_token),
                        ticket ? "Your address is confirmed and this is your ticket. We sent its link to you by mail too."
                               : "Your address is confirmed and you keep your place on the waitlist. We sent this page's link to you by mail too.");
}
