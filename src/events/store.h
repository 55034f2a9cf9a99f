/* store.h - the storage functions of apps and events used by their handlers
 * (private to src/events/). Conventions as in store.c. */
#ifndef GLOCAL_EVENTS_STORE_H
#define GLOCAL_EVENTS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "events/events.h"

typedef struct Registration {
    int64_t event_id, tier_id, user_id;
    const char *guest_email, *name, *status, *code, *token_hash;
    int64_t unverified_until;           /* a guest's address not yet confirmed: held until then (0: confirmed) */
    const char *remote_actor, *remote_host, *remote_join;   /* a guest from the fediverse: its actor, server, Join */
} Registration;

/* the catalog */
json_t *app_list(DbConn *c, Err *e, int64_t user_id);
int app_by_slug(DbConn *c, Err *e, const char *slug, json_t **out);
int app_slug_taken(DbConn *c, Err *e, const char *slug);
int app_insert(DbConn *c, Err *e, const AppFields *f, int64_t owner, int64_t origin, int64_t *id);
int app_save(DbConn *c, Err *e, int64_t id, const AppFields *f);
json_t *app_events(DbConn *c, Err *e, int64_t app_id, int64_t user_id, int64_t from);

/* events */
/* A page of the events a person may see (limit rows from offset: web/paging.h),
 * in a place and the places below it (0: everywhere): those not yet ended,
 * soonest first, or those ended before `before`, the latest first. */
json_t *event_list(DbConn *c, Err *e, int64_t user_id, int64_t from, int64_t place_id, int64_t limit, int64_t offset);
json_t *event_list_past(DbConn *c, Err *e, int64_t user_id, int64_t before, int64_t place_id, int64_t limit, int64_t offset);
/* A page of the events a person organises, the latest first: limit rows from offset (web/paging.h). */
json_t *events_organised(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset);
int event_slug_taken(DbConn *c, Err *e, const char *slug);
int event_insert(DbConn *c, Err *e, const EventFields *f, int64_t *id);
/* `moved`: the time or place changed, so calendars get a new SEQUENCE */
int event_save(DbConn *c, Err *e, int64_t id, const EventFields *f, bool moved);
int event_set_basket(DbConn *c, Err *e, int64_t id, int64_t basket);
/* 1 closed now, 0 it was not open, -1 error */
int event_mark_closed(DbConn *c, Err *e, int64_t id);
/* The event as writers need it, read inside their transaction:
 * {id, slug, title, status, capacity, starts_at, ends_at, basket_id, organiser_id, chapter_id, place_id, split_rule, host_place_id} */
int event_brief(DbConn *c, Err *e, int64_t id, json_t **out);
/* An event as anyone may read it, when it is public: 1, 0 (none, or not public), -1. */
int event_public(DbConn *c, Err *e, int64_t id, json_t **event);
int event_set_status(DbConn *c, Err *e, int64_t id, const char *status);
/* event_brief for a write on the event's money: 0, or -1 (409 when the event is not open). */
int event_open_brief(DbConn *c, Err *e, int64_t id, json_t **ev);
/* 1 when code names a money resource (EUR, USD...), 0 if not, -1 error */
int currency_known(DbConn *c, Err *e, const char *code);
int cohost_insert(DbConn *c, Err *e, int64_t event, int64_t chapter);
json_t *event_cohosts(DbConn *c, Err *e, int64_t event);
int tier_insert(DbConn *c, Err *e, int64_t event, const char *name, int64_t price, const char *currency, int64_t position,
                bool members_only);
/* Whether the user is a member of a chapter (any role): who may take a tier
 * kept to members. A guest (0) is not. */
int member_anywhere(DbConn *c, Err *e, int64_t user, bool *yes);
json_t *event_tiers(DbConn *c, Err *e, int64_t event);
int tier_get(DbConn *c, Err *e, int64_t event, int64_t id, json_t **out);

/* registrations */
int event_ticket_count(DbConn *c, Err *e, int64_t event, int64_t *n);
int registration_existing(DbConn *c, Err *e, int64_t event, int64_t user_id, const char *email, json_t **out);
int registration_insert(DbConn *c, Err *e, const Registration *g, int64_t *id);
/* The live registration {id, event_id, status} of a remote actor: at `event`, or (event 0) the one its Join
 * `join` made: 1, 0, -1. */
int registration_of_remote(DbConn *c, Err *e, int64_t event, const char *actor, const char *join, json_t **out);
/* The event's first free tier: 1 (*id), 0 none, -1. */
int tier_free_first(DbConn *c, Err *e, int64_t event, int64_t *id);
int code_taken(DbConn *c, Err *e, int64_t event, const char *code);
json_t *event_registration_list(DbConn *c, Err *e, int64_t event);
int registration_get(DbConn *c, Err *e, int64_t event, int64_t id, json_t **out);
int registration_by_token(DbConn *c, Err *e, const char *hash, json_t **out);
int registration_by_code(DbConn *c, Err *e, int64_t event, const char *code, json_t **out);
int registration_of_user(DbConn *c, Err *e, int64_t event, int64_t user_id, json_t **out);
/* 1 changed, 0 no such row (or no change), -1 error */
int registration_set_status(DbConn *c, Err *e, int64_t id, const char *status);
int registration_mark_paid(DbConn *c, Err *e, int64_t id, int64_t tx);
int registration_mark_refunded(DbConn *c, Err *e, int64_t id);
int registration_check_in(DbConn *c, Err *e, int64_t id);
int waitlist_first(DbConn *c, Err *e, int64_t event, json_t **out);
/* A guest's registration confirmed: the address is proven, the ticket's link is new. Writes. */
int registration_confirmed(DbConn *c, Err *e, int64_t id, const char *token_hash);
/* {id, event_id} of open events' registrations still unconfirmed at `now`, up to 100. */
json_t *registrations_lapsed(DbConn *c, Err *e, int64_t now);
/* {id, event_id, name, status, unverified_until, guest_email, title, slug, starts_at, timezone} of a registration: 1, 0, -1. */
int registration_brief(DbConn *c, Err *e, int64_t id, json_t **out);
int waitlist_position(DbConn *c, Err *e, int64_t event, int64_t id, int64_t *pos);
json_t *my_registrations(DbConn *c, Err *e, int64_t user_id, int64_t from);

/* sponsors, costs, shares */
int sponsor_insert(DbConn *c, Err *e, int64_t event, int64_t org, const char *package, int64_t amount, const char *currency,
                   const char *placement, int64_t tx);
json_t *event_sponsor_list(DbConn *c, Err *e, int64_t event);
int share_insert(DbConn *c, Err *e, int64_t event, const char *party, int64_t account, int64_t user_id, int64_t share,
                 int64_t amount, const char *currency, int64_t tx);
json_t *event_share_list(DbConn *c, Err *e, int64_t event);
json_t *user_earnings(DbConn *c, Err *e, int64_t user_id);
/* What each party received, per currency, of every event's shares: [{currency, decimals, party, amount}]. */
json_t *share_totals(DbConn *c, Err *e);
/* A page of every event's shares, the latest closed first (limit rows from offset: web/paging.h). */
json_t *all_shares(DbConn *c, Err *e, int64_t user_id, bool admin, int64_t limit, int64_t offset);
/* The movements of an event's basket, oldest first: {tx_id, seq, kind, description, category, occurred_on,
 * amount, resource, decimals, reverses_id, is_reversed, payer_kind, payer} */
json_t *basket_movements(DbConn *c, Err *e, int64_t basket);

/* the places a split needs */
int place_parent(DbConn *c, Err *e, int64_t place, int64_t *parent, char *kind, size_t n);
json_t *events_for_place_feed(DbConn *c, Err *e, int64_t place, int64_t from);
/* Chapters the user runs as a connector (all chapters for an administrator): [{id, slug, name, metro_id}] */
json_t *hostable_chapters(DbConn *c, Err *e, int64_t user_id, bool admin);
/* Places the user may host at: those above the chapters they run (all for an administrator). */
json_t *hostable_places(DbConn *c, Err *e, int64_t user_id, bool admin);
/* For forms: every place [{id, slug, name, kind}], the chapters that can co-host [{id, slug, name}]. */
json_t *place_options(DbConn *c, Err *e);
json_t *chapter_options(DbConn *c, Err *e);
/* A place and those above it, nearest first: [{id, name, kind}] */
json_t *place_chain(DbConn *c, Err *e, int64_t place);
/* The organisation that pays for guests' tickets in the books (made on first use). */
int guests_organisation(DbConn *c, Err *e, int64_t *id);
int chapter_id_by_slug(DbConn *c, Err *e, const char *slug, int64_t *id, int64_t *metro);

/* The event whose basket this is: {id, visibility, chapter_id, organiser_id}; 1, 0 none, -1. */
int event_by_basket(DbConn *c, Err *e, int64_t basket, json_t **out);

/* What the search shows of events and formats (indexing.c): up to `limit`
 * rows with ids above `after`, in id order. */
json_t *event_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit);
json_t *app_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit);

#endif
