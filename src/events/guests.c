/* guests.c - a guest's e-mail address confirmed before their ticket counts
 * (the network's setting "guest_verification", on by default).
 *
 * A guest who registers gets a place (a ticket or the waitlist) held until
 * guest_confirm_until: a day, or the event's start if sooner. The mail carries
 * a single-use link (accounts' token, purpose "guest", only its hash kept);
 * following it confirms the address, gives the ticket a new secret link and
 * sends the usual ticket (or waitlist) mail. Until then the registration holds
 * its place but cannot be checked in or paid, and no ticket mail goes out;
 * past the time the periodic work cancels it, and the place goes to the
 * waitlist. Members with accounts are never asked. */
#include <string.h>

#include "accounts/accounts.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/store.h"
#include "mail/mail.h"
#include "settings/settings.h"

static const char confirm_link_name[] = "This confirmation link";

int registration_mail(DbConn *c, Err *e, const char *to, const RegistrationMail *m)
{
    return mail_queuef(c, e, to, "event_registration", "{s:b, s:s, s:s, s:s, s:I, s:s}", "ticket", m->ticket, "name", m->name,
                       "title", m->title, "code", m->code, "position", (json_int_t)m->position, "link", m->link);
}

int guest_confirm_ask(DbConn *c, Err *e, const EventSignup *g, const char *title, const char *timezone)
{
    const char *token = token_new(g->arena);
    int64_t now = now_unix();
    AccountToken t = { .purpose = "guest", .hash = token_hash(g->arena, token), .registration_id = g->id, .created_at = now,
                       .expires_at = g->unverified_until };
    if (account_token_put(c, e, &t) < 0) return -1;
    json_t *ev = NULL;
    if (event_brief(c, e, g->event, &ev) <= 0) return -1;
    const char *starts = time_local_text(g->arena, json_integer_value(json_object_get(ev, "starts_at")), timezone);
    json_decref(ev);
    return mail_queuef(c, e, g->email, "event_confirm_email", "{s:b, s:s, s:s, s:s, s:s, s:s}", "ticket", str_eq(g->status, "ticket"),
                       "name", g->name, "title", title, "starts", starts, "until",
                       time_local_text(g->arena, g->unverified_until, timezone), "link",
                       arena_printf(g->arena, "%s/registrations/confirm/%s", g->public_url, token));
}

/* The registration a link confirms, into k (and *g, a new reference): 0, or -1 (404, 410). */
static int confirm_load(DbConn *c, Err *e, GuestConfirm *k, AccountToken *t, json_t **g)
{
    const char *token = k->token ? k->token : "";
    size_t n = strlen(token);
    int found = n >= 20 && n <= 100 ? account_token_find(c, e, "guest", token_hash(k->arena, token), t) : 0;
    if (found < 0) return -1;
    if (!found) return err_set(e, E_NOT_FOUND, "This is not a registration link of this network. Copy the whole link from the mail.");
    if (t->used_at) return err_set(e, E_GONE, "This registration is confirmed already; your ticket's link is in the mail we sent after it.");
    found = registration_brief(c, e, t->registration_id, g);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "The registration of this link is gone.");
    k->id = t->registration_id;
    k->event = json_integer_value(json_object_get(*g, "event_id"));
    k->name = arena_strdup(k->arena, json_string_value(json_object_get(*g, "name")));
    k->title = arena_strdup(k->arena, json_string_value(json_object_get(*g, "title")));
    k->slug = arena_strdup(k->arena, json_string_value(json_object_get(*g, "slug")));
    k->status = arena_strdup(k->arena, json_string_value(json_object_get(*g, "status")));
    if (str_eq(k->status, "cancelled"))
        return err_set(e, E_GONE, "This registration was not confirmed in time (or was cancelled), so its place went to others. You may register again.");
    return account_link_usable(t->expires_at, 0, now_unix(), confirm_link_name, e);
}

static int confirm_tx(DbConn *c, void *ctx, Err *e)
{
    GuestConfirm *k = ctx;
    AccountToken t;
    json_t *g = NULL;
    int rc = confirm_load(c, e, k, &t, &g);
    json_decref(g);
    g = NULL;
    if (rc < 0) return -1;
    /* the event's lock: a lapse, a cancellation or a promotion may not cross this */
    if (db_lock(c, EVENT_LOCK_BASE + k->event, e) < 0 || confirm_load(c, e, k, &t, &g) < 0) goto fail;
    int used = account_token_use(c, e, t.id, now_unix());
    if (used <= 0) {
        if (used == 0) err_set(e, E_GONE, "This registration is confirmed already; your ticket's link is in the mail we sent after it.");
        goto fail;
    }
    k->ticket_token = token_new(k->arena);
    if (registration_confirmed(c, e, k->id, token_hash(k->arena, k->ticket_token)) < 0) goto fail;
    int64_t position = 0;
    bool ticket = str_eq(k->status, "ticket");
    if (!ticket && waitlist_position(c, e, k->event, k->id, &position) < 0) goto fail;
    RegistrationMail m = { ticket, k->name, k->title, json_string_value(json_object_get(g, "code")), position,
                           arena_printf(k->arena, "%s/tickets/%s", k->public_url, k->ticket_token) };
    rc = registration_mail(c, e, json_string_value(json_object_get(g, "guest_email")), &m);
    json_decref(g);
    return rc;
fail:
    json_decref(g);
    return -1;
}

int guest_confirm(DbConn *c, Err *e, GuestConfirm *k)
{
    if (!k->check_only) return db_write(c, confirm_tx, k, e);
    AccountToken t;
    json_t *g = NULL;
    int rc = confirm_load(c, e, k, &t, &g);
    json_decref(g);
    return rc;
}

/* ---------- lapsed registrations ---------- */

int events_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    json_t *lapsed = registrations_lapsed(c, e, now);
    if (!lapsed) return -1;
    int n = 0;
    size_t i;
    json_t *row;
    json_array_foreach(lapsed, i, row) {
        Arena a;
        arena_init(&a, 1024);
        /* the freed place goes to the waitlist, whose first is mailed a link to the ticket */
        Unregister k = { .event = json_integer_value(json_object_get(row, "event_id")), .id = json_integer_value(json_object_get(row, "id")),
                         .arena = &a, .public_url = setting_get(c, &a, "public_url", "") };
        Err x = { 0 };
        if (event_unregister(c, &x, &k) < 0) log_warn("events: a lapsed registration %lld stays: %s", (long long)k.id, x.msg);
        else n++;
        arena_release(&a);
    }
    json_decref(lapsed);
    if (n) buf_printf(report, "%s%d unconfirmed guest registration%s lapsed", report->len ? ", " : "", n, n == 1 ? "" : "s");
    return 0;
}
