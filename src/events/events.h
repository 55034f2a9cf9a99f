/* events.h - apps (M4): the catalog of event formats, events made from them,
 * tickets with a waitlist and check-in codes, sponsors, and the revenue shared
 * between the organiser, the host chapter, the region and the network by the
 * format's rule, posted to the books.
 *
 * rules.c: pure rules (split rules, the split itself with exact rounding,
 * tiers, run-books, check-in codes, the statement's sums); the operations
 * (Req-free, each its transaction): formats.c, hosting.c, registration.c,
 * books.c; store.c / store.h: all SQL (private); pages.c / pages.h: what the
 * handlers share to fill models (private); routes.c (formats, events,
 * calendars), routes_registration.c (registration, tickets, the desk) and
 * routes_money.c (payments, sponsors, costs, closing, statements, earnings):
 * handlers. */
#ifndef GLOCAL_EVENTS_H
#define GLOCAL_EVENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "web/feature.h"
#include "web/req.h"

#define SPLIT_MAX_PARTIES 8
#define SPLIT_WHOLE 10000               /* shares are basis points: 10000 is everything */
#define CHECKIN_CODE_LENGTH 6
#define EVENT_LOCK_BASE 0x4556000000LL  /* advisory lock keys of events: EVENT_LOCK_BASE + id */

typedef struct SplitRule {
    const char *party[SPLIT_MAX_PARTIES];   /* organiser, host, cohosts, region, country, network */
    int64_t share[SPLIT_MAX_PARTIES];       /* basis points */
    int n;
} SplitRule;

/* --- rules.c --- */
/* Reads and checks a rule given as JSON text ([{"party": "organiser", "share": 5000}, ...]):
 * known parties, each at most once, shares from 0 to 10000 adding up to 10000. */
int split_rule_parse(const char *json_text, SplitRule *out, Err *e);
/* Divides `amount` (> 0, in minor units) by the shares so that the parts add up
 * to exactly `amount`: each gets the floor of its exact share, and the cents
 * left over go one each to the largest remainders (ties: the earlier party). */
void split_amount(int64_t amount, const int64_t *shares, int n, int64_t *parts);
const char *split_party_label(const char *party);          /* "The host chapter" */
const char *split_party_label_lower(const char *party);    /* "the host chapter" */
int split_party_slot(const char *party);                    /* its colour in charts (0-5), the same everywhere */
/* Checks default tiers or sponsor packages given as JSON text; -1 with a sentence. */
int tiers_check(const char *json_text, Err *e);
int packages_check(const char *json_text, Err *e);
bool placement_valid(const char *placement);   /* headline, listed, thanks */
/* A checked price text ("10.00", "0") in minor units, or -1. */
int64_t price_minor(const char *text);
/* The forms write formats as lines of cells separated by "|":
 *   runbook     30 | Doors open and networking
 *   tiers       Standard | 10.00 EUR
 *   packages    Gold | 500.00 EUR | headline | Logo on the screen and a pitch
 *   split_rule  organiser | 50
 * format_lines_parse turns such text into the JSON the API takes (arena), -1
 * with a sentence naming the line; format_lines_text does the reverse. */
int format_lines_parse(Arena *a, const char *kind, const char *text, char **json_out, Err *e);
char *format_lines_text(Arena *a, const char *kind, const char *json_text);
/* Checks a run-book ([{"step": "...", "minutes": 30}]) and gives its total minutes. */
int runbook_check(const char *json_text, int64_t *total_minutes, Err *e);
/* A check-in code of CHECKIN_CODE_LENGTH letters and digits that are hard to
 * confuse (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), one from each random number the
 * caller draws (arena). */
char *checkin_code(Arena *a, const uint32_t random[CHECKIN_CODE_LENGTH]);
/* Normalises a code typed at the door (upper case, spaces dropped) (arena). */
char *checkin_normalise(Arena *a, const char *typed);
bool event_visibility_valid(const char *v);

/* A list kept as JSON text (a format's run-book, tiers, packages, a split rule)
 * as a new JSON array: empty when the text is missing or not a list. */
json_t *format_list(const char *json_text);
/* "12.50 EUR" (arena). */
const char *money_text(Arena *a, int64_t amount, const char *currency, int64_t decimals);
/* Whether a new registration gets a ticket ("ticket") or a place on the waitlist ("waitlist"). */
const char *signup_status(int64_t tickets, int64_t capacity);
/* A tier as the event form's row of fields gives it. */
typedef struct TierRow {
    const char *name, *price, *currency;
    bool members;
} TierRow;
/* The tiers' JSON text from the form's rows (empty rows skipped; arena), or
 * NULL with the reason at the field "tiers" (as tiers_check). */
char *tiers_from_rows(Arena *a, const TierRow *rows, int n, Err *e);
/* May an event start at starts_at, made at `now`? Not in the past (a few
 * minutes' grace) unless it is being recorded after it happened, and then
 * within 30 days. -1 with the reason at the field "date". */
#define START_GRACE_SECONDS 300
#define PAST_RECORD_SECONDS (30 * 86400)
int event_start_check(int64_t starts_at, int64_t now, bool recording, Err *e);
/* May this person take a tier? A tier kept to members (members_only) is only
 * for a member of a chapter: else -1, E_INVALID at the field "tier". */
int tier_open_to(bool members_only, bool is_member, const char *name, Err *e);
/* The first of an event's tiers (rows with id and is_members_only) this
 * person may take, what forms pre-select and a registration without a tier
 * gets; 0 when none. */
int64_t tier_first_open(const json_t *tiers, bool is_member);
/* Why a guest from the fediverse may not join an event (a sentence), or NULL:
 * the event must be open and not over, with a free tier (nothing is paid over
 * ActivityPub) and a place left (no waitlist for them: a Join is answered at once). */
const char *remote_join_refusal(const char *status, int64_t ends_at, int64_t now, int64_t tickets, int64_t capacity, bool free_tier);
/* May a registration be paid / checked in? 0 yes, else -1 with the reason (409;
 * check-in refusals name the field "code"). */
int payment_allowed(const char *status, int64_t price, bool paid, const char *name, Err *e);
int checkin_allowed(const char *status, int64_t price, bool paid, const char *name, const char *tier, Err *e);
/* When a guest's unconfirmed registration lapses: a day after it was made, or
 * when the event starts if sooner (but never less than an hour to confirm). */
#define GUEST_CONFIRM_SECONDS (24 * 3600)
int64_t guest_confirm_until(int64_t now, int64_t starts_at);
/* A registration whose guest has not confirmed the address may not be checked
 * in or paid: 0, or -1 (409 at `field`, which may be NULL). */
int guest_confirmed_check(bool unverified, const char *name, const char *field, Err *e);
/* Divides a party's part (and its share) equally among m co-hosts, exact to the
 * cent and the basis point: the first ones get what does not divide. */
void split_equally(int64_t part, int64_t share, int m, int64_t *amounts, int64_t *shares);
/* The sums of an event's statement, per currency. */
#define STATEMENT_CURRENCIES 8
typedef struct StatementSums {
    char currency[8];
    int64_t decimals, tickets, tickets_n, sponsorship, refunds, costs, shared, other;
} StatementSums;
/* Adds one movement of the event's basket (its kind, category, signed amount) to
 * the sums of its currency; *n grows with each new currency (the last slot takes
 * any beyond STATEMENT_CURRENCIES). Returns the sums it went to. */
StatementSums *statement_add(StatementSums *s, int *n, const char *kind, const char *category, int64_t amount,
                             const char *currency, int64_t decimals);
/* What the event earned: tickets and sponsorship less refunds and costs, plus other movements. */
int64_t statement_net(const StatementSums *s);

/* --- formats.c: the catalog of formats, each in its own transaction --- */
typedef struct AppFields {
    const char *slug, *name, *summary, *description, *runbook, *tiers, *packages, *split_rule;
    bool has_board;             /* an unconference: its events get a session board (src/unconf/) */
} AppFields;
typedef struct FormatSpec {
    AppFields f;                /* checked by the caller (its lists as JSON text); f.slug: out */
    const char *wanted_slug;    /* NULL: made from the name (-2, -3... when taken) */
    int64_t owner, origin;      /* 0, 0: a network format */
    int64_t id;                 /* out */
} FormatSpec;
/* Adds a format to the catalog under a free slug (422 at "slug" when the wanted one is taken). */
int format_publish(DbConn *c, Err *e, Arena *a, FormatSpec *n);
/* Saves new fields of format `id` (events made before keep their rule). */
int format_change(DbConn *c, Err *e, int64_t id, const AppFields *f);
typedef struct FormatCopy {
    const char *origin_slug;    /* the format copied */
    int64_t by;                 /* the connector who adapts it */
    bool admin;
    const char *by_name, *name; /* name: NULL for "Origin (by_name)" */
    FormatSpec out;             /* out: the copy */
} FormatCopy;
/* A connector's own copy of a format (403 for someone who runs no chapter). */
int format_copy(DbConn *c, Err *e, Arena *a, FormatCopy *k);

/* --- hosting.c: making, changing and cancelling events --- */
typedef struct EventFields {
    const char *slug, *title, *description, *timezone, *venue, *online_url, *visibility, *split_rule;
    int64_t app_id, chapter_id, place_id, starts_at, ends_at, capacity, basket_id, organiser_id;
} EventFields;
typedef struct EventSpec {
    EventFields f;
    const char *tiers;          /* JSON: [{"name", "price", "currency"}] */
    const char *host_kind;      /* "chapter" or "place": f.chapter_id or f.place_id */
    int64_t host_id;
    int64_t cohosts[16];        /* chapters */
    int ncohosts;
    int64_t id;                 /* out */
} EventSpec;
/* Inserts the event with its tiers and co-hosts and opens its basket under the
 * host (inside a write transaction). */
int event_create_in(DbConn *c, Err *e, EventSpec *n);
/* Publishes an event in its own transaction: f.slug NULL makes one from the
 * title and the local date (422 at "title" when none is free). */
int event_publish(DbConn *c, Err *e, Arena *a, EventSpec *n);
typedef struct EventChange {
    int64_t id, by;
    EventFields f;              /* the new fields (unless cancel) */
    bool moved, cancel;         /* moved: calendars get a new sequence; cancel: refund everyone */
    const char *public_url;
    Arena *arena;
    int64_t promoted, refunded; /* out: moved up from the waitlist; payments reversed */
} EventChange;
/* Changes an open event (409 at "capacity" below the tickets held), or cancels
 * it with every payment and sponsorship reversed. */
int event_change(DbConn *c, Err *e, EventChange *ch);
/* Runs fn in a write transaction that holds the books' lock and then the event's. */
int event_locked_write(DbConn *c, int64_t event, DbTxFn fn, void *ctx, Err *e);

/* --- registration.c: tickets, the waitlist, cancelling, check-in, payments --- */
typedef struct EventSignup {
    int64_t event, tier, user;          /* user 0: a guest, by email */
    const char *email, *name, *public_url;
    const char *ip;                     /* a guest's client address: LIMIT_GUEST (accounts.h); NULL: not limited */
    bool confirm;                       /* a guest confirms the address first (the network's setting) */
    Arena *arena;
    int64_t unverified_until;           /* out: held until then for the guest to confirm (0: confirmed) */
    const char *status, *code, *token; /* out: ticket or waitlist, the check-in code, the ticket's secret */
    int64_t id, position;               /* out: the registration; its place on the waitlist */
} EventSignup;
/* Registers someone (inside db_write_locked(EVENT_LOCK_BASE + event)): a ticket
 * while places are left, else the waitlist; queues the e-mail with the ticket. */
int event_signup(DbConn *c, Err *e, EventSignup *g);
/* event_signup in its own transaction under the event's lock; a guest's
 * registration counts first against LIMIT_GUEST for its address (429 beyond). */
int registration_take(DbConn *c, Err *e, EventSignup *g);
/* Moves people from the waitlist to tickets while places are free (inside a
 * transaction holding the event's lock); the count. */
int waitlist_promote(DbConn *c, Err *e, int64_t event, int64_t capacity, const char *public_url);
/* A guest from the fediverse (schema 024): a remote actor's Join of a public
 * event, or its Leave. Both run inside the caller's write transaction (the
 * ActivityPub inbox's) and take the event's lock. */
typedef struct RemoteGuest {
    int64_t event;                      /* the event (0 for a leave by the Join's id) */
    const char *actor, *host, *name;    /* the actor's id (its contact), its server, its name */
    const char *join_id;                /* the Join's id */
    const char *public_url;
    Arena *arena;
    int64_t id;                         /* out: the registration (0: none) */
    bool again;                         /* out (join): the actor held a ticket already; nothing was stored */
    const char *refused;                /* out (join): why joining is refused, or NULL */
} RemoteGuest;
/* A ticket on the event's first free tier while places are left (no e-mail:
 * the actor is the contact); else g->refused says why (nothing stored). */
int event_remote_join(DbConn *c, Err *e, RemoteGuest *g);
/* Cancels the actor's registration at g->event, or the one its Join g->join_id
 * made; the place goes to the waitlist. None, or the event no longer open: 0,
 * nothing changed (g->id 0). */
int event_remote_leave(DbConn *c, Err *e, RemoteGuest *g);
/* --- guests.c: a guest's address confirmed before the ticket (schema 018) --- */
/* The mail of a ticket or a place on the waitlist (registration.c and guests.c). */
typedef struct RegistrationMail {
    bool ticket;
    const char *name, *title, *code;
    int64_t position;
    const char *link;                   /* the ticket's own page */
} RegistrationMail;
int registration_mail(DbConn *c, Err *e, const char *to, const RegistrationMail *m);
/* Keeps a single-use link for the guest of g (just inserted) and mails it (inside event_signup). */
int guest_confirm_ask(DbConn *c, Err *e, const EventSignup *g, const char *title, const char *timezone);
typedef struct GuestConfirm {
    const char *token;                  /* the secret from the mail's link */
    bool check_only;                    /* true: only read what the link confirms */
    const char *public_url;
    Arena *arena;
    int64_t id, event;                  /* out: the registration and its event */
    const char *name, *title, *slug, *status, *ticket_token;   /* out (ticket_token: after confirming) */
} GuestConfirm;
/* Confirms a guest's registration with the link mailed to them (404 unknown,
 * 410 used, expired or lapsed): the registration keeps its place, gets a new
 * ticket link, and the ticket (or waitlist) mail is sent. */
int guest_confirm(DbConn *c, Err *e, GuestConfirm *k);
/* Feature.tick: cancels the unconfirmed registrations that lapsed, freeing their places. */
int events_tick(DbConn *c, int64_t now, Buf *report, Err *e);

typedef struct Unregister {
    int64_t event, id, user;    /* a registration: by id, or the user's for the event */
    const char *token_hash;     /* or the ticket's secret (then event and id are found) */
    int64_t by;                 /* who cancels (0: a guest by the ticket's address) */
    const char *public_url;
    Arena *arena;
    bool refunded;              /* out (and id, event) */
} Unregister;
/* Cancels a registration: a paid ticket is refunded by reversal and the freed
 * place goes to the first on the waitlist, who is told by e-mail. */
int event_unregister(DbConn *c, Err *e, Unregister *k);
typedef struct CheckIn {
    int64_t event;
    const char *code;           /* normalised (checkin_normalise) */
    Arena *arena;
    int64_t id;                 /* out: the registration, its name and tier */
    const char *name, *tier;
} CheckIn;
/* Checks in the ticket with this code (404/409 at the field "code"). */
int checkin_record(DbConn *c, Err *e, CheckIn *k);
/* Records that a ticket was paid (inside a write transaction holding the books'
 * lock and then the event's): income from the member (or the guests'
 * organisation) into the event's basket. `day`: YYYY-MM-DD, NULL for today. */
int event_pay(DbConn *c, Err *e, Arena *a, int64_t event, int64_t registration, int64_t by, const char *day, int64_t *tx);
/* event_pay in its own transaction. */
int payment_record(DbConn *c, Err *e, Arena *a, int64_t event, int64_t registration, int64_t by, int64_t *tx);

/* --- books.c: the books of an event. The *_in operations run inside a write
 * transaction that holds LEDGER_LOCK_KEY and then EVENT_LOCK_BASE + event (the
 * demo and tools call them so); the others run their own. `day` is the day it
 * happened (YYYY-MM-DD), NULL for today. All refuse an event that is not open (409). --- */
typedef struct Sponsorship {
    int64_t event, by, amount;
    const char *org, *package, *currency, *placement, *day;
} Sponsorship;
/* An organisation's sponsorship (organisation by slug) into the basket, public. */
int event_sponsorship(DbConn *c, Err *e, Arena *a, const Sponsorship *s, int64_t *tx);
int sponsorship_record(DbConn *c, Err *e, Arena *a, const Sponsorship *s, int64_t *tx);
typedef struct EventCost {
    int64_t event, by, amount;
    const char *payee, *currency, *description, *category, *day;   /* payee: "org:slug", "member:7" */
} EventCost;
/* A cost paid from the basket, never beyond what it holds. */
int event_cost_pay(DbConn *c, Err *e, Arena *a, const EventCost *k, int64_t *tx);
int cost_record(DbConn *c, Err *e, Arena *a, const EventCost *k, int64_t *tx);
/* Closes the event (it must have started): what the basket holds of each
 * currency is split by the event's rule and posted as one transfer per
 * currency; the shares are kept for the statement. *posted: transfers made. */
int event_close_books(DbConn *c, Err *e, Arena *a, int64_t event, int64_t by, const char *day, int *posted);
int books_close(DbConn *c, Err *e, Arena *a, int64_t event, int64_t by, int *posted);
/* What closing now would give each party of the net of each currency in `sums`
 * (a new reference: [{party, label, account, share, percent, amount, currency,
 * amount_text, decimals}]; NULL on error). */
json_t *event_split_preview(DbConn *c, Err *e, Arena *a, int64_t event, const StatementSums *sums, int n);
/* The sponsor packages of a format, each with its price_text (a new reference; NULL on error). */
json_t *format_packages(DbConn *c, Err *e, Arena *a, const char *app_slug);
/* Who moves an event's money: its organisers and the event's own rules (a
 * guest's refund), with the keeping of its basket only. `basket` must outlive the actor. */
Actor event_actor(int64_t by, const int64_t *basket);

/* Registers what the events feature tells other features at start: who may
 * read the name of an event's basket (the books). The feature's setup hook. */
void events_register(void);

/* --- store.c, used by the guard --- */
/* Loads the event named by slug and what the caller may do with it:
 * 1 found (and visible to the caller), 0 not found or not visible, -1 error.
 * *organiser: the caller organises it (its organiser, a connector of its host
 * chapter, or a network administrator). */
int event_load(DbConn *c, Arena *a, Err *e, const char *slug, int64_t user_id, bool admin, json_t **event, int64_t *id,
               bool *organiser);

/* Loads the format named by slug: 1 found (a published network format, or the
 * caller's own copy), 0 not found, -1 error. *owner: the caller may change it. */
int app_load(DbConn *c, Arena *a, Err *e, const char *slug, int64_t user_id, bool admin, json_t **app, int64_t *id,
             bool *owner);

/* What events give the web layer: the {event} and {app} loaders, {registration}, the books' basket rule. */
extern const Feature events_feature;

/* --- handlers (see src/routes.h) --- */
int apps_index(Req *r);
int app_create(Req *r);
int app_show(Req *r);
int app_update(Req *r);
int app_edit_form(Req *r);
int app_copy(Req *r);
int events_index(Req *r);
int event_create(Req *r);
int event_new_form(Req *r);
int events_splits(Req *r);
int event_show(Req *r);
int event_update(Req *r);
int event_edit_form(Req *r);
int event_calendar(Req *r);
int event_register(Req *r);
int registration_withdraw(Req *r);
int guest_confirm_form(Req *r);
int guest_confirm_submit(Req *r);
int event_registrations(Req *r);
int registration_paid(Req *r);
int registration_cancel(Req *r);
int event_checkin(Req *r);
int event_sponsor(Req *r);
int event_cost(Req *r);
int event_close(Req *r);
int event_close_confirm(Req *r);
int event_statement(Req *r);
int place_events_calendar(Req *r);
int ticket_show(Req *r);
int ticket_cancel(Req *r);
int my_events(Req *r);

/* --- indexing.c: events and formats in the search --- */
/* Puts an event (drops it when it is for its chapter alone or cancelled), or a
 * format, into the search index, inside the write that changed it. */
int event_index(DbConn *c, Err *e, int64_t id);
int format_index(DbConn *c, Err *e, int64_t id);
/* Feature.reindex: every format and every event the search may show. */
int events_reindex(DbConn *c, Err *e);

#endif
