/* internal.h - what the two handler files of events share (private to
 * src/events/): routes.c (catalog, events, registration, tickets, calendars)
 * and money.c (payments, sponsors, costs, closing and the split, statements,
 * earnings). */
#ifndef GLOCAL_EVENTS_INTERNAL_H
#define GLOCAL_EVENTS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "ledger/ledger.h"
#include "web/req.h"

/* A field of the event the guard loaded into r->object. */
const char *ev_str(Req *r, const char *key);
int64_t ev_int(Req *r, const char *key);
const char *event_url(Req *r);
/* "12.50 EUR" (arena). */
const char *money_text(Arena *a, int64_t amount, const char *currency, int64_t decimals);
/* Adds the local times, links and state flags pages need to an event row. */
void event_decorate(Req *r, json_t *ev);
void event_decorate_all(Req *r, json_t *list);
/* Who moves an event's money: its organisers (the guard admitted them) and
 * the event's own rules (a guest's refund), with the keeping of its basket
 * only. `basket` must outlive the actor. */
Actor event_actor(int64_t by, const int64_t *basket);

/* Cancels registration `id` of `event` (inside a transaction holding the
 * books' lock and then the event's): a paid ticket is refunded by reversal, and
 * the freed place goes to the first on the waitlist, who is told by e-mail. */
int registration_cancel_in(DbConn *c, Err *e, Arena *a, int64_t event, int64_t id, int64_t by, const char *public_url);
/* Moves people from the waitlist to tickets while places are free; the count. */
int waitlist_promote(DbConn *c, Err *e, int64_t event, int64_t capacity, const char *public_url);
/* Runs fn in a transaction that holds the books' lock and then the event's. */
int event_write(Req *r, DbTxFn fn, void *ctx, Err *e);

/* money.c: the desk's model (registrations, sponsors, costs, the split so far). */
int desk_money_model(Req *r);

#endif
