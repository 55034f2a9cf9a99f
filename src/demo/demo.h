/* demo.h - the demo generator's storage helpers (src/demo/store.c): lookups,
 * the back-dating that makes the demo network look lived-in, and what sits
 * beside the books (which are written in order, never backdated). */
#ifndef GLOCAL_DEMO_H
#define GLOCAL_DEMO_H

#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

int demo_chapter_count(DbConn *c, Err *e, int64_t *n);
int demo_place_find(DbConn *c, Err *e, const char *slug, const char *kind, int64_t *id);
int demo_sector_find(DbConn *c, Err *e, const char *slug, int64_t *id);
int demo_user_find(DbConn *c, Err *e, const char *email, int64_t *id);
int demo_place_backdate(DbConn *c, Err *e, int64_t id, int64_t at);
int demo_sector_backdate(DbConn *c, Err *e, int64_t id, int64_t at);
int demo_user_profile(DbConn *c, Err *e, int64_t id, const char *organisation, const char *bio, int64_t created);
int demo_user_backdate(DbConn *c, Err *e, int64_t id, int64_t created);
int demo_admin_backdate(DbConn *c, Err *e, int64_t at);
int demo_pledge_backdate(DbConn *c, Err *e, int64_t version, int64_t at);
int demo_acceptance_backdate(DbConn *c, Err *e, int64_t user_id, int64_t version, int64_t at);
int demo_chapter_backdate(DbConn *c, Err *e, int64_t id, const char *status, int64_t created, int64_t updated);
int demo_membership_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t joined);
int demo_event_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *kind, int64_t at);
int demo_invitation_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t expires, int64_t accepted,
                             int64_t revoked);
int demo_outbox_backdate(DbConn *c, Err *e, const char *to, int64_t at);
int demo_join_request_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t decided);

/* Meetings (src/meetings/ writes them; these set what the runner and the periodic work would have). */
typedef struct DemoMeeting {
    const char *status, *phase;
    int64_t created, updated, opened, closed, reminded, summarised;   /* 0 leaves opened..summarised empty */
    int64_t sequence, version;
} DemoMeeting;
int demo_place_timezone(DbConn *c, Err *e, int64_t id, Arena *a, const char **tz);
int demo_series_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t at);
int demo_meeting_set(DbConn *c, Err *e, int64_t id, const DemoMeeting *m);
int demo_talk_backdate(DbConn *c, Err *e, int64_t chapter_id);
int demo_upcoming_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t series_at);
int demo_next_meeting(DbConn *c, Err *e, int64_t chapter_id, int64_t now, int64_t *id);
int demo_rsvp_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t now);
/* The books (src/ledger/ writes the transactions; these look up, backdate and add what sits beside them). */
typedef struct DemoClaim {
    int64_t account_id, payee_id, amount, claimed_by, claimed_at, decided_by, decided_at, transaction_id;
    const char *resource, *description, *category, *occurred_on, *visibility, *status;
} DemoClaim;
int demo_admin_id(DbConn *c, Err *e, int64_t *id);
int demo_org_find(DbConn *c, Err *e, const char *slug, int64_t *id);
int demo_org_backdate(DbConn *c, Err *e, int64_t id, int64_t at);
int demo_account_backdate(DbConn *c, Err *e, int64_t id, int64_t at);
int demo_accounts_backdate(DbConn *c, Err *e, int64_t network_at);
int demo_claim_insert(DbConn *c, Err *e, const DemoClaim *k);
int demo_canvas_put(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, const char *block, const char *body,
                    int64_t by, int64_t at);

/* Apps and events (src/events/ writes the events, registrations and their money; these add the catalog and set
 * the times the pages would have stamped). */
typedef struct DemoApp {
    const char *slug, *name, *summary, *description, *runbook, *tiers, *packages, *split_rule;   /* JSON as app_insert takes */
    int64_t owner, origin, at;   /* owner and origin 0: a network format */
    bool has_board;              /* an unconference */
} DemoApp;
int demo_app_find(DbConn *c, Err *e, const char *slug, int64_t *id);
int demo_app_insert(DbConn *c, Err *e, const DemoApp *f, int64_t *id);
int demo_event_created(DbConn *c, Err *e, int64_t id, int64_t created);
int demo_event_closed_at(DbConn *c, Err *e, int64_t id, int64_t at);
int demo_event_cancel(DbConn *c, Err *e, int64_t id, int64_t at);
int demo_registration_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t updated, int64_t checked_in);
int demo_tier_ids(DbConn *c, Err *e, int64_t event, int64_t *ids, int max);
/* [{user_id, email}] of the event's ticket holders with an account, in the order they registered. */
json_t *demo_ticket_holders(DbConn *c, Err *e, int64_t event);
int demo_sponsor_backdate(DbConn *c, Err *e, int64_t tx, int64_t at);
int demo_outbox_drop(DbConn *c, Err *e, const char *to, const char *kind);

/* Governance (governance.c, elections.c): the newest outbox row's id (0: none);
 * the rows after `after` dated `at` and, when `sent`, marked sent then; the
 * connectors of the active chapters at a place and below it, longest-serving
 * first ([user ids]); an election's frozen electorate ([user ids]). */
int demo_outbox_last(DbConn *c, Err *e, int64_t *id);
int demo_outbox_settle(DbConn *c, Err *e, int64_t after, int64_t at, bool sent);
json_t *demo_place_connectors(DbConn *c, Err *e, int64_t place_id);
json_t *demo_electorate(DbConn *c, Err *e, int64_t election_id);

/* The commons (commons.c): a past event by its title (the newest that started before `before`, not called
 * off): {id, organiser_id, starts_at, ends_at, timezone}; 1, 0 none, -1. */
int demo_event_past(DbConn *c, Err *e, const char *title, int64_t before, json_t **row);

json_t *demo_summary(DbConn *c, Err *e, int64_t now);

#endif
