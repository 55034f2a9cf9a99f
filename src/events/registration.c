/* registration.c - tickets and the waitlist: registering, moving people up
 * from the waitlist, cancelling (by the member, an organiser, or a guest
 * through the ticket's secret address), checking in at the door, and
 * recording that a ticket was paid.
 *
 * No two people take the last place: a registration runs in a transaction
 * that holds the event's lock, counts the tickets and gives a ticket or a
 * place on the waitlist. Anything that also writes to the books (a
 * cancellation that refunds, a payment) takes the books' lock first, then the
 * event's. */
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/store.h"
#include "federation/federation.h"
#include "mail/mail.h"
#include "webhooks/webhooks.h"

int waitlist_promote(DbConn *c, Err *e, int64_t event, int64_t capacity, const char *public_url)
{
    int promoted = 0;
    json_t *ev = NULL;
    if (event_brief(c, e, event, &ev) <= 0) return -1;
    for (;;) {
        int64_t tickets = 0;
        if (event_ticket_count(c, e, event, &tickets) < 0) break;
        if (tickets >= capacity) break;
        json_t *next = NULL;
        int found = waitlist_first(c, e, event, &next);
        if (found <= 0) {
            if (found == 0) err_clear(e);
            break;
        }
        int rc = registration_set_status(c, e, json_integer_value(json_object_get(next, "id")), "ticket");
        const char *email = json_string_value(json_object_get(next, "email"));
        /* a guest who has not confirmed the address hears of the ticket when confirming */
        if (rc >= 0 && email && !json_is_true(json_object_get(next, "is_unverified")))
            rc = mail_queuef(c, e, email, "event_ticket", "{s:O, s:O, s:O, s:s, s:O}", "name",
                             json_object_get(next, "name"), "title", json_object_get(ev, "title"), "code",
                             json_object_get(next, "code"), "public_url", public_url, "slug", json_object_get(ev, "slug"));
        json_decref(next);
        if (rc < 0) break;
        promoted++;
    }
    json_decref(ev);
    return e->code ? -1 : promoted;
}

/* A check-in code not yet used at this event (drawn again when taken). */
static int fresh_code(DbConn *c, Err *e, Arena *a, int64_t event, const char **code)
{
    for (int tries = 0; tries < 20; tries++) {
        uint32_t random[CHECKIN_CODE_LENGTH];
        randombytes_buf(random, sizeof random);
        *code = checkin_code(a, random);
        int taken = code_taken(c, e, event, *code);
        if (taken <= 0) return taken;
    }
    return 0;
}

/* Tells the webhooks of `kind` about a public event, with `what` (stolen:
 * never who) beside it; events kept to the network or a chapter are never
 * told (inside db_write). */
static int event_announce(DbConn *c, Err *e, int64_t event, const char *kind, json_t *what)
{
    json_t *ev = NULL;
    int found = event_public(c, e, event, &ev);
    int rc = found;
    if (found > 0) {
        json_object_set_new(what, "event", ev);
        rc = webhook_emit(c, e, kind, json_integer_value(json_object_get(ev, "chapter_id")), what);
    }
    json_decref(what);
    return rc < 0 ? -1 : 0;
}

/* Whether `user` (0: a guest) may take tier `tier` of the event: 0, or -1
 * with the reason at the field "tier". */
static int tier_allowed(DbConn *c, Err *e, int64_t event, int64_t tier, int64_t user)
{
    json_t *t = NULL;
    int found = tier_get(c, e, event, tier, &t);
    if (found <= 0) return found < 0 ? -1 : err_field(e, E_INVALID, "tier", "Choose one of the event's ticket tiers.");
    bool member = false;
    int rc = member_anywhere(c, e, user, &member);
    if (rc == 0) rc = tier_open_to(json_is_true(json_object_get(t, "is_members_only")), member, json_string_value(json_object_get(t, "name")), e);
    json_decref(t);
    return rc;
}

int event_signup(DbConn *c, Err *e, EventSignup *g)
{
    json_t *ev = NULL, *existing = NULL;
    int rc = -1;
    if (event_brief(c, e, g->event, &ev) <= 0) return -1;
    if (!str_eq(json_string_value(json_object_get(ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "This event is %s; registration has ended.", json_string_value(json_object_get(ev, "status")));
        goto done;
    }
    if (tier_allowed(c, e, g->event, g->tier, g->user) < 0) goto done;
    int found = registration_existing(c, e, g->event, g->user, g->email, &existing);
    if (found < 0) goto done;
    if (found) {
        err_set(e, E_CONFLICT, "%s registered for this event already (%s).", g->user ? "You are" : "That e-mail address is",
                json_integer_value(json_object_get(existing, "unverified_until"))
                    ? "waiting for the address to be confirmed: follow the link in the mail we sent"
                    : str_eq(json_string_value(json_object_get(existing, "status")), "ticket") ? "with a ticket" : "on the waitlist");
        goto done;
    }
    int64_t tickets = 0;
    if (event_ticket_count(c, e, g->event, &tickets) < 0) goto done;
    g->status = signup_status(tickets, json_integer_value(json_object_get(ev, "capacity")));
    if (fresh_code(c, e, g->arena, g->event, &g->code) < 0) goto done;
    g->token = token_new(g->arena);
    g->unverified_until = g->confirm && !g->user ? guest_confirm_until(now_unix(), json_integer_value(json_object_get(ev, "starts_at"))) : 0;
    Registration row = { g->event, g->tier, g->user, g->user ? NULL : g->email, g->name, g->status, g->code,
                         token_hash(g->arena, g->token), g->unverified_until };
    if (registration_insert(c, e, &row, &g->id) < 0) goto done;
    if (str_eq(g->status, "waitlist") && waitlist_position(c, e, g->event, g->id, &g->position) < 0) goto done;
    if (event_announce(c, e, g->event, "registration.created", json_pack("{s:s}", "status", g->status)) < 0) goto done;
    const char *title = json_string_value(json_object_get(ev, "title"));
    if (g->unverified_until) {
        g->token = NULL;   /* the ticket's link is made anew, and sent, once the address is confirmed */
        rc = guest_confirm_ask(c, e, g, title, json_string_value(json_object_get(ev, "timezone")));
        goto done;
    }
    rc = registration_mail(c, e, g->email, &(RegistrationMail){ str_eq(g->status, "ticket"), g->name, title, g->code, g->position,
                                                                arena_printf(g->arena, "%s/tickets/%s", g->public_url, g->token) });
done:
    json_decref(ev);
    json_decref(existing);
    return rc;
}

int event_remote_join(DbConn *c, Err *e, RemoteGuest *g)
{
    json_t *ev = NULL, *existing = NULL;
    if (db_lock(c, EVENT_LOCK_BASE + g->event, e) < 0 || event_brief(c, e, g->event, &ev) <= 0) return -1;
    int rc = -1, found = registration_of_remote(c, e, g->event, g->actor, NULL, &existing);
    if (found < 0) goto done;
    if (found) {
        g->id = json_integer_value(json_object_get(existing, "id"));
        g->again = true;
        rc = 0;
        goto done;
    }
    int64_t tickets = 0, tier = 0;
    if (event_ticket_count(c, e, g->event, &tickets) < 0 || tier_free_first(c, e, g->event, &tier) < 0) goto done;
    g->refused = remote_join_refusal(json_string_value(json_object_get(ev, "status")), json_integer_value(json_object_get(ev, "ends_at")),
                                     now_unix(), tickets, json_integer_value(json_object_get(ev, "capacity")), tier != 0);
    if (g->refused) {
        rc = 0;
        goto done;
    }
    const char *code = NULL;
    if (fresh_code(c, e, g->arena, g->event, &code) < 0) goto done;
    /* the ticket's secret is never shown: a remote guest leaves by a Leave, not by a link */
    Registration row = { g->event, tier, 0, NULL, g->name, "ticket", code, token_hash(g->arena, token_new(g->arena)), 0,
                         g->actor, g->host, g->join_id };
    if (registration_insert(c, e, &row, &g->id) < 0) goto done;
    rc = event_announce(c, e, g->event, "registration.created", json_pack("{s:s}", "status", "ticket"));
done:
    json_decref(ev);
    json_decref(existing);
    return rc;
}

static int signup_tx(DbConn *c, void *ctx, Err *e)
{
    return event_signup(c, e, ctx);
}

int registration_take(DbConn *c, Err *e, EventSignup *g)
{
    if (!g->user && g->ip && limit_take(c, e, &LIMIT_GUEST, g->ip, now_unix()) < 0) return -1;
    return db_write_locked(c, EVENT_LOCK_BASE + g->event, signup_tx, g, e);
}

/* Cancels registration `id` of `event` (inside a transaction holding the
 * books' lock and then the event's): 1 when a payment was refunded, 0, -1. */
static int cancel_in(DbConn *c, Err *e, Arena *a, int64_t event, int64_t id, int64_t by, const char *public_url)
{
    json_t *g = NULL, *ev = NULL;
    int rc = -1;
    int found = registration_get(c, e, event, id, &g);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such registration for this event.");
        return -1;
    }
    if (event_brief(c, e, event, &ev) <= 0) goto done;
    if (!str_eq(json_string_value(json_object_get(ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "The event is %s; its registrations can no longer change.", json_string_value(json_object_get(ev, "status")));
        goto done;
    }
    const char *status = json_string_value(json_object_get(g, "status"));
    if (str_eq(status, "cancelled")) {
        err_set(e, E_CONFLICT, "That registration was cancelled already.");
        goto done;
    }
    int64_t paid_tx = json_integer_value(json_object_get(g, "paid_tx")), rev = 0;
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    Actor actor = event_actor(by, &basket);
    bool refund = json_is_true(json_object_get(g, "is_paid")) && paid_tx;
    if (refund && (ledger_reverse_entry(c, e, a, &actor, paid_tx, by, &rev) < 0 || registration_mark_refunded(c, e, id) < 0)) goto done;
    if (registration_set_status(c, e, id, "cancelled") < 0) goto done;
    /* a guest from the fediverse cancelled by the organiser is told: a Reject of its Join */
    const char *remote = json_string_value(json_object_get(g, "remote_actor"));
    if (remote && by && fed_guest_cancelled(c, e, event, remote, json_string_value(json_object_get(g, "remote_join"))) < 0) goto done;
    if (str_eq(status, "ticket") && waitlist_promote(c, e, event, json_integer_value(json_object_get(ev, "capacity")), public_url) < 0)
        goto done;
    rc = refund ? 1 : 0;
done:
    json_decref(g);
    json_decref(ev);
    return rc;
}

static int unregister_tx(DbConn *c, void *ctx, Err *e)
{
    Unregister *k = ctx;
    if (!k->id) {
        json_t *g = NULL;
        int found = k->token_hash ? registration_by_token(c, e, k->token_hash, &g) : registration_of_user(c, e, k->event, k->user, &g);
        if (found <= 0) {
            if (!found) err_set(e, E_NOT_FOUND, k->token_hash ? "There is no ticket at this address." : "You are not registered for this event.");
            return -1;
        }
        k->id = json_integer_value(json_object_get(g, "id"));
        k->event = json_integer_value(json_object_get(g, "event_id"));
        json_decref(g);
        if (k->token_hash && db_lock(c, EVENT_LOCK_BASE + k->event, e) < 0) return -1;
    }
    int rc = cancel_in(c, e, k->arena, k->event, k->id, k->by, k->public_url);
    if (rc > 0) k->refunded = true;
    return rc < 0 ? -1 : 0;
}

int event_unregister(DbConn *c, Err *e, Unregister *k)
{
    /* by the ticket's address the event is known only inside: its lock is taken there */
    if (k->token_hash) return db_write_locked(c, LEDGER_LOCK_KEY, unregister_tx, k, e);
    return event_locked_write(c, k->event, unregister_tx, k, e);
}

/* The registration {id, event_id} a remote actor holds at `event` (0: the one
 * its Join made), read under the event's lock: 1, 0, -1. */
static int remote_held(DbConn *c, Err *e, RemoteGuest *g, int64_t *event, int64_t *id)
{
    json_t *row = NULL;
    if (g->event && db_lock(c, EVENT_LOCK_BASE + g->event, e) < 0) return -1;
    int found = registration_of_remote(c, e, g->event, g->actor, g->join_id, &row);
    *event = json_integer_value(json_object_get(row, "event_id"));
    *id = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    row = NULL;
    if (found <= 0 || g->event) return found;
    /* found by the Join's id: lock its event and read again */
    if (db_lock(c, EVENT_LOCK_BASE + *event, e) < 0) return -1;
    found = registration_of_remote(c, e, *event, g->actor, NULL, &row);
    *id = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    return found;
}

int event_remote_leave(DbConn *c, Err *e, RemoteGuest *g)
{
    int64_t event = 0, id = 0;
    json_t *ev = NULL;
    int found = remote_held(c, e, g, &event, &id);
    g->id = 0;
    if (found <= 0) return found;
    if (event_brief(c, e, event, &ev) <= 0) return -1;
    bool open = str_eq(json_string_value(json_object_get(ev, "status")), "open");
    json_decref(ev);
    if (!open) return 0;   /* what is over stays as it was */
    g->event = event;
    g->id = id;
    return cancel_in(c, e, g->arena, event, id, 0, g->public_url) < 0 ? -1 : 0;
}

static int checkin_tx(DbConn *c, void *ctx, Err *e)
{
    CheckIn *k = ctx;
    json_t *g = NULL;
    int found = registration_by_code(c, e, k->event, k->code, &g);
    if (found <= 0) return found < 0 ? -1 : err_field(e, E_NOT_FOUND, "code", "No registration has the code %s. Check the letters again.", k->code);
    k->id = json_integer_value(json_object_get(g, "id"));
    k->name = arena_strdup(k->arena, json_string_value(json_object_get(g, "name")));
    k->tier = arena_strdup(k->arena, json_string_value(json_object_get(g, "tier")));
    int rc = guest_confirmed_check(json_is_true(json_object_get(g, "is_unverified")), k->name, "code", e);
    if (rc == 0)
        rc = checkin_allowed(json_string_value(json_object_get(g, "status")), json_integer_value(json_object_get(g, "price")),
                             json_is_true(json_object_get(g, "is_paid")), k->name, k->tier, e);
    json_decref(g);
    if (rc < 0) return -1;
    int changed = registration_check_in(c, e, k->id);
    if (changed < 0) return -1;
    if (changed == 0) return err_field(e, E_CONFLICT, "code", "%s is checked in already.", k->name);
    return 0;
}

int checkin_record(DbConn *c, Err *e, CheckIn *k)
{
    return db_write_locked(c, EVENT_LOCK_BASE + k->event, checkin_tx, k, e);
}

/* The account that pays a registration's ticket: the member's, or the guests' organisation's. */
static int ticket_payer(DbConn *c, Err *e, json_t *g, int64_t *payer)
{
    int64_t user = json_integer_value(json_object_get(g, "user_id")), org = 0;
    if (user) return account_of(c, e, "member", user, payer);
    if (guests_organisation(c, e, &org) < 0) return -1;
    return account_of(c, e, "organisation", org, payer);
}

int event_pay(DbConn *c, Err *e, Arena *a, int64_t event, int64_t registration, int64_t by, const char *day, int64_t *tx)
{
    json_t *ev = NULL, *g = NULL;
    int rc = -1;
    if (event_open_brief(c, e, event, &ev) < 0) return -1;
    int found = registration_get(c, e, event, registration, &g);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such registration for this event.");
        goto done;
    }
    int64_t price = json_integer_value(json_object_get(g, "price")), payer = 0;
    if (guest_confirmed_check(json_is_true(json_object_get(g, "is_unverified")), json_string_value(json_object_get(g, "name")), NULL, e) < 0 ||
        payment_allowed(json_string_value(json_object_get(g, "status")), price, json_is_true(json_object_get(g, "is_paid")),
                        json_string_value(json_object_get(g, "name")), e) < 0 ||
        ticket_payer(c, e, g, &payer) < 0)
        goto done;
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    const char *cur = json_string_value(json_object_get(g, "currency"));
    Entry x = {
        .kind = "income",
        .description = arena_printf(a, "Ticket (%s): %s", json_string_value(json_object_get(g, "tier")),
                                    json_string_value(json_object_get(ev, "title"))),
        .category = "tickets",
        .occurred_on = day ? day : time_iso_date(a, now_unix()),
        .visibility = "parties",
        .payer_id = payer,
        .recipient_id = basket,
        .recorded_by = by,
        .recorded_at = now_unix(),
        .npostings = 2,
    };
    x.postings[0] = (Posting){ payer, cur, -price, 0, NULL, NULL, NULL };
    x.postings[1] = (Posting){ basket, cur, price, 0, NULL, NULL, NULL };
    bool existing;
    Actor actor = event_actor(by, &basket);
    if (ledger_append(c, e, &actor, &x, NULL, tx, &existing) < 0) goto done;
    if (registration_mark_paid(c, e, registration, *tx) < 0) goto done;
    rc = event_announce(c, e, event, "ticket.paid", json_pack("{s:s?, s:I, s:s?}", "tier", json_string_value(json_object_get(g, "tier")),
                                                              "amount", (json_int_t)price, "currency", cur));
done:
    json_decref(ev);
    json_decref(g);
    return rc;
}

typedef struct Paid {
    int64_t event, id, by, *tx;
    Arena *arena;
} Paid;

static int paid_tx(DbConn *c, void *ctx, Err *e)
{
    Paid *p = ctx;
    return event_pay(c, e, p->arena, p->event, p->id, p->by, NULL, p->tx);
}

int payment_record(DbConn *c, Err *e, Arena *a, int64_t event, int64_t registration, int64_t by, int64_t *tx)
{
    Paid p = { event, registration, by, tx, a };
    return event_locked_write(c, event, paid_tx, &p, e);
}
