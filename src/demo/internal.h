/* internal.h - what the files of `glocal demo` share: the data read from
 * the data files of data/demo (data.c), the state of a run, the fixed-seed generator, and
 * the steps each file contributes (see demo.c for the whole story). */
#ifndef GLOCAL_DEMO_INTERNAL_H
#define GLOCAL_DEMO_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

#define N(a) ((int)(sizeof(a) / sizeof *(a)))
#define DAY ((int64_t)86400)
#define HOUR ((int64_t)3600)

#define DEMO_PASSWORD "demo-member-2026"
#define DEMO_LINK_BASE "http://localhost:8080"   /* `glocal serve`'s default address, for the links in e-mails */
#define DEMO_SEED 0x5eed2026c0ffee01ull
#define MAX_SEATS 16          /* above every chapter's capacity (data.c checks) */
#define MAX_METRO_MEMBERS 64  /* members generated per metro */
#define TALK_LINES 6          /* a sector's successes, and its challenges */
#define MAX_COMMON 26         /* common successes or challenges: with a sector's lines, a member's fit in 32 bits */
#define MAX_STORIES 512
#define MAX_ADVICE 32
#define MAX_TOPICS 32
#define MAX_SECTORS 32
#define MAX_ORGS 128

/* ---------- the data (data/demo, read by data.c) ---------- */

enum { ST_ACTIVE, ST_FORMING, ST_DORMANT, ST_CLOSED, NSTATUS };   /* the order of status_names */
extern const char *const status_names[NSTATUS];
#define SE_NONE (-1)                                              /* a chapter without a sector */
enum { FX_NONE = 0, FX_INES = 1, FX_TOMAS = 2 };                  /* the documented logins, as bits */
enum { P_INES = 0, P_TOMAS = 1 };                                 /* ...and their places in people */
enum { OR_SPONSOR, OR_VENUE, OR_FOOD, OR_PRINT, OR_TICKETS, OR_FUNDER, OR_HOSTING, NROLE };
enum { WD_MON, WD_TUE, WD_WED, WD_THU, WD_FRI, WD_SAT, WD_SUN, WD_FIRST_TUE };   /* WD_FIRST_TUE: of the month */
enum { HOST_CHAPTER, HOST_REGION, HOST_COUNTRY };

#define EVF_TOMAS 1u          /* Tomás Reis registers */
#define EVF_ONLINE 2u         /* streamed as well */
#define EVF_CANCELLED 4u      /* called off three days before */

typedef struct GoodsDef {
    const char *what, *category;
    int count;
    int64_t cents;            /* valuation in euro cents (0: lent, not valued) */
} GoodsDef;

typedef struct CultureDef {   /* names and money */
    const char *code, *currency;
    int64_t rate, step;       /* minor units per 100 euro cents; what amounts are rounded to */
    const char **first, **last;
    int nfirst, nlast;
    GoodsDef food[3];         /* what members bring to a meeting */
} CultureDef;

typedef struct MetroDef {
    const char *country, *region, *name, *tz, *country_tz;
    int culture, members, neighbour;   /* generated members; the metro a few members come from (-1 none) */
    int64_t lat_e6, lon_e6;            /* where its centre is, for the maps */
    const char *words[4];              /* local names that small companies borrow */
    const char *venues[4];             /* where a chapter might meet */
} MetroDef;

typedef struct Challenge {
    int topic;
    const char *text;
} Challenge;

typedef struct SectorDef {
    const char *name, *description;
    const char *nouns[4];                        /* the second word of a company's name */
    const char *does[3];                         /* what a company in the sector does, after "to" or "we" */
    const char *partner, *customers, *product;   /* as a founder of the sector would say them, mid-sentence */
    const char *successes[TALK_LINES];
    Challenge challenges[TALK_LINES];
} SectorDef;

typedef struct FixedDef {     /* a documented login */
    const char *name, *email, *organisation, *bio, *request;
    int metro, sector, signed_up_day;
} FixedDef;

typedef struct ChapterDef {
    int metro, sector, status, capacity;
    bool one_per_sector;
    int creator;          /* FX_INES, or 0: a member of the metro */
    unsigned fixed;       /* fixed logins who are (plain) members */
    const char *name, *hook;
} ChapterDef;

typedef struct Story {
    int topic, only;      /* only: the teller's sector, or SE_NONE for anyone */
    const char *text;
} Story;

typedef struct OrgDef {
    const char *name, *kind, *website;
    int metro, role;   /* where it is (-1: the whole network); what it does for the chapters */
    int manager;       /* who manages it: FX_INES, FX_TOMAS, MANAGER_LOCAL (a member of its city), or 0: nobody */
} OrgDef;
enum { MANAGER_LOCAL = 4 };

typedef struct FavourDef {
    const char *what, *category;
    bool for_someone;   /* a fellow member is the beneficiary */
} FavourDef;

typedef struct ClaimDef {
    int chapter;
    const char *why, *category;
    bool tomas, declined;
    int64_t cents;
} ClaimDef;

typedef struct BursaryDef {
    int metro;
    int64_t cents;
} BursaryDef;

typedef struct CanvasDef {
    const char *unit_kind;     /* network, place (a country) or chapter */
    int country, chapter;      /* the metro whose country it is; the chapter */
    const char *value_proposition, *channels, *relationships;
} CanvasDef;

typedef struct StepDef {
    int minutes;
    const char *step;
} StepDef;

typedef struct PriceDef {           /* a ticket tier, or a sponsor package (with placement and benefits) */
    const char *name;
    int64_t cents;                  /* euro cents; 0 is free */
    const char *placement, *benefits;
    bool members_only;              /* a tier only members of a chapter may take */
} PriceDef;

typedef struct PartyDef {
    const char *party;
    int64_t share;                  /* basis points */
} PartyDef;

typedef struct AppDef {
    const char *slug, *name, *summary, *description;
    bool has_board;                 /* an unconference: its events get a session board (unconf.c) */
    const char *how;                /* the paragraph each of its events carries */
    int origin;                     /* a connector's copy: the format it adapts (and whose run-book, packages and
                                     * split it keeps); -1 for the network's own */
    StepDef steps[16];              /* each list ends with an empty entry */
    PriceDef tiers[4], packages[4]; /* tier_for knows the order of the tiers */
    PartyDef split[6];
} AppDef;

typedef struct EventDef {
    int app, metro;
    const char *host;                      /* the host chapter's name; NULL: a place (host_kind) */
    int host_kind;
    const char *cohosts[3];
    int day, weekday, hour, minute, minutes;   /* days from today (negative: past), moved on to the weekday; local */
    int capacity, members, guests;         /* registrations; more than the capacity fills a waitlist */
    const char *title, *hook;              /* the event's own opening paragraph (Markdown) */
    const char *venue, *visibility;        /* NULL: the chapter's usual room; public */
    const char *sponsor[2], *package[2];   /* organisations (by name) and the packages they buy */
    const char *cost_to, *cost_what, *cost_category;   /* an organisation paid from the basket on the day */
    int64_t cost_cents;
    unsigned flags;
} EventDef;

/* The commons (commons.json): items written in chapters and at events, adapted elsewhere, used across the network. */
#define MAX_NAMED 4                        /* co-authors, and members quoted, per item */
enum { IS_PUBLISHED, IS_AWAITING, IS_WITHDRAWN, IS_DRAFT };   /* how an item ends up */

typedef struct UseDef {
    int chapter, event;                    /* who used it: a chapter, or (-1 chapter) a past event on its day */
    int days;                              /* days before today (a chapter's use) */
    const char *outcome, *note;
} UseDef;

typedef struct EditDef {                 /* a later revision by the first author: words added at the end */
    int days;
    const char *note, *add;
} EditDef;

typedef struct ItemDef {
    const char *title, *kind, *summary, *body, *url;
    const char *licence;                   /* NULL: the network's default (or a ShareAlike parent's) */
    const char *tags;                      /* space separated, as an author would type them */
    int chapter, event;                    /* where it came from: one of them (-1 the other) */
    const char *by;                        /* its first author: a part in the chapter, a documented login, the organiser */
    const char *with[MAX_NAMED], *quotes[MAX_NAMED];
    int nwith, nquote;
    int days;                              /* written that many days before today */
    int based_on, depth;                   /* the item it adapts (-1: an original, depth 0) */
    int state;                             /* IS_... */
    const char *withdrawn_by, *withdrawn_reason;
    int withdrawn_days;
    EditDef *edits;
    UseDef *uses;
    int nedit, nuse;
} ItemDef;

typedef struct DemoData {
    Arena a;
    json_t *files[12];                      /* the parsed files, which the strings above point into */
    json_t *governance;                    /* governance.json, read by governance.c and elections.c as it is */
    json_t *unconf;                        /* unconf.json, read by unconf.c as it is */
    json_t *funnel;                        /* funnel.json, read by funnel.c as it is */
    const char *network_name, *about;
    CultureDef *cultures;
    MetroDef *metros;
    SectorDef *sectors;
    FixedDef fixed[2];
    ChapterDef *chapters;
    const char **stems, **backgrounds, **invitation_messages, **request_messages, **decline_reasons;
    const char **topics, *(*commitments)[3];   /* by topic */
    const char **common_successes, **advice;
    Challenge *common_challenges;
    Story *stories;
    OrgDef *orgs;
    GoodsDef *things;
    FavourDef *favours;
    const char *(*hours_lines)[2], *(*second_hours_lines)[2];   /* before and after the name of the month */
    ClaimDef *claims;
    BursaryDef *bursaries;
    CanvasDef *canvas;
    AppDef *apps;
    EventDef *events;
    ItemDef *items;
    int nitem;
    int nculture, nmetro, nsector, nchapter, nstem, nbackground, ninvitation_message, nrequest_message,
        ndecline_reason, ntopic, ncommon_success, nadvice, ncommon_challenge, nstory, norg, nthing, nfavour,
        nhours_line, nsecond_hours_line, nclaim, nbursary, ncanvas, napp, nevent;
} DemoData;

int demo_data_load(DemoData *w, Err *e);
void demo_data_free(DemoData *w);
int metro_named(const DemoData *w, const char *name);     /* -1 if none */
int chapter_named(const DemoData *w, const char *name);
int sector_named(const DemoData *w, const char *name);     /* -1 if none */
int org_named(const DemoData *w, const char *name);
int org_of_role(const DemoData *w, int role);
const AppDef *app_base(const DemoData *w, const AppDef *a);

/* ---------- a small, fixed-seed random generator (xorshift64*) ---------- */

typedef struct Rng {
    uint64_t s;
} Rng;

static inline uint64_t rng_next(Rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* A whole number from lo to hi, both included. */
static inline int64_t rng_range(Rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) return lo;
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static inline int rng_int(Rng *r, int lo, int hi)
{
    return (int)rng_range(r, lo, hi);
}

/* True once in `n` times. */
static inline bool rng_one_in(Rng *r, int n)
{
    return rng_int(r, 1, n) == 1;
}

/* A fraction in [0, 1). */
static inline double rng_unit(Rng *r)
{
    return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

void shuffle(Rng *r, int *a, int n);

/* Something at a time: the index of a plan or an event, sorted by when (dated_cmp, chain.c), then by index. */
typedef struct Dated {
    int64_t at;
    int i;
} Dated;
int dated_cmp(const void *a, const void *b);

/* ---------- the state of a run ---------- */

typedef struct Person {
    int64_t id, created, first_join;
    int metro, sector, nchap;
    bool fixed, pledged, requested;   /* a fixed login; accepted the pledge; has a pending join request */
    const char *name, *email, *organisation, *bio;
} Person;

/* When and where a chapter meets (chosen before the chapter is written, for its description). */
typedef struct SeriesPlan {
    char rrule[40];                      /* FREQ=MONTHLY;BYDAY=2TU */
    int hour, minute, duration;          /* local time; minutes */
    const char *venue, *url;
} SeriesPlan;

/* A meeting held, as the books need it: when, and who sat at the table (bit s: seat s). */
typedef struct Held {
    int64_t id, starts, closed;
    uint32_t present;
} Held;

typedef struct Chap {
    int64_t id, created, updated, end;   /* end: the last moment someone may have joined */
    int n;                               /* seats taken, including members who later left */
    int who[MAX_SEATS];                  /* indexes into people */
    int64_t at[MAX_SEATS];               /* when each joined */
    int64_t invitation[MAX_SEATS];       /* the invitation they accepted, or 0 */
    bool connector[MAX_SEATS], left[MAX_SEATS];
    int pending_invitations;
    const char *slug;
    SeriesPlan plan;
    Held *held;                          /* the meetings held, oldest first (for the books) */
    int nheld;
} Chap;

typedef struct Demo {
    Arena a;
    Rng rng;
    const DemoData *data;
    int64_t now, start, version;
    int64_t *metro_id, *country_id, *sector_id;   /* by metro, by metro, by sector */
    Person *people;
    int npeople;
    Chap *chap;                          /* by chapter of the data */
    unsigned char *tried;                /* per person: refused by the chapter being filled */
    const char *hash;                    /* the one Argon2id hash every demo member shares */
    const char **invitees;               /* addresses invited so far */
    int ninvitees;
    int places_new, sectors_new, people_new;
    int inv_pending, inv_accepted, inv_revoked, inv_expired;
    int req_pending, req_approved, req_declined, req_withdrawn;
    const char **metro_tz;               /* the time zone of each metro place, as stored */
    int today_k;                         /* the chapter with a meeting today, and when it starts */
    int64_t today_at;
    struct {
        int drifting;                    /* members made to miss most recent meetings */
        int stories_rejected;            /* bank stories the directive heuristic read as advice (should stay 0) */
    } mt;
    struct {
        int made, closed, kept_mail;     /* events; closed with their split; registration e-mails left queued */
        int ines_closed, ines_upcoming;  /* events that Inês organised, closed and to come */
        int64_t ines_next;               /* when her next pitch night starts (0: none), and its title */
        const char *ines_next_title;
    } ev;
    struct {
        int matters, polls, ballots;     /* matters raised, polls opened, ballots cast */
    } gov;
    struct {
        int boards, past_sessions, upcoming_sessions, placed, captured, votes, merged;   /* the unconferences */
        double quality, random_quality;       /* of the past one's grid */
    } uc;
    struct {
        int waiting, declined, withdrawn;     /* applications to start a chapter (funnel.c) */
    } fn;
    struct {
        int items, coauthored, uses, depth;   /* written; with more than one author; uses recorded; deepest adaptation */
        int ines_named, ines_waiting, ines_drafts;   /* items Inês is named on; waiting for her consent; her drafts */
    } cm;
} Demo;

/* people.c: the members, made before anything is written */
Person *fixed_person(Demo *d, int fx);
bool name_taken(const Demo *d, const char *name, const char *email);
const char *email_for(Demo *d, const char *first, const char *last, const char *domain);
void people_make(Demo *d);

/* registry.c: places, sectors and members (transactions 1 and 2), the chapters with their history, invitations
 * and join requests */
const char *place_slug(Demo *d, const char *name, const char *kind);
int places_tx(DbConn *c, void *ctx, Err *e);
int people_tx(DbConn *c, void *ctx, Err *e);
bool chap_has(const Chap *ch, int who);
Person *chap_connector(Demo *d, const Chap *ch);
int chapter_build(Demo *d, DbConn *c, Err *e, int k);
int approved_requests(Demo *d, DbConn *c, Err *e);
int people_backdate(Demo *d, DbConn *c, Err *e);
int invitations_make(Demo *d, DbConn *c, Err *e);
int requests_make(Demo *d, DbConn *c, Err *e);

/* meetings.c */
void plan_series(Demo *d, int k);
int meetings_make(Demo *d, DbConn *c, Err *e);

/* ---------- the books (books.c, money.c, chain.c) ---------- */

#include "demo/demo.h"
#include "ledger/ledger.h"

/* One transaction to post, planned before any is written so that they go into the chain in the order they
 * happened (the chain covers recorded_at, and its order must be the order of recording). */
typedef struct Plan {
    int64_t at;             /* recorded_at */
    char day[11];           /* occurred_on, in the unit's own time zone */
    const char *kind, *description, *category, *visibility;
    int64_t payer, recipient, beneficiary, approved_by, recorded_by, meeting_id;
    int reverses;           /* the plan this one reverses, or -1 */
    int np;
    Posting p[2];
    int64_t id, seq;        /* once written */
    bool skipped;           /* would have overdrawn a unit or a basket */
} Plan;

typedef struct ClaimPlan {
    DemoClaim k;
    int plan;               /* the expense an approved claim became, or -1 */
    char day[11];
} ClaimPlan;

typedef struct Basket {
    int64_t id, funded_at[3], funded[3], spent;
    int nfund;
} Basket;

#define MAX_BASKETS 128
#define MAX_EVENTS 4

typedef struct Books {
    Plan *plan;
    int nplan, cap;
    ClaimPlan *claim;
    int nclaim, claim_cap;
    Basket basket[MAX_BASKETS];
    int nbasket;
    int64_t net, admin;
    int64_t *country_acct, *chap_acct;       /* by metro, by chapter */
    int64_t *person_acct;                    /* by index into people, 0 until first used */
    int64_t *org_id, *org_acct;              /* by organisation */
    int64_t (*income_at)[MAX_EVENTS];        /* by chapter: when money the chapter could share came in */
    int *nincome;
    int lff, lfb;                            /* Lisbon Fintech Founders and Lisbon Founders Breakfast */
    int skipped;
} Books;

/* books.c */
const char *cur_of(const Demo *d, int metro);
int64_t cash(const Demo *d, int metro, int64_t cents);
int64_t rounded(const Demo *d, int metro, int64_t v, int64_t steps);
int64_t cash_between(Demo *d, int metro, int lo, int hi);
void local_day(Demo *d, int metro, int64_t t, char day[11]);
const char *month_of(const char *day);
int org_pick(Demo *d, int metro, int role);
Plan *plan_add(Demo *d, Books *B, int metro, int64_t occurred, int64_t at, const char *kind, const char *description,
               const char *category, const char *visibility);
void plan_move(Plan *p, int64_t from, int64_t to, const char *resource, int64_t amount);
int64_t member_acct(Demo *d, Books *B, DbConn *c, Err *e, int who);
const char *pick_vis(Demo *d, int public_pct, const char *otherwise);
int table_of(const Chap *ch, const Held *h, bool others, int *out);
int reimburse(Demo *d, Books *B, DbConn *c, Err *e, int k, int who, int64_t from, const char *purpose,
              int64_t occurred, const char *why, const char *category, int64_t amount);
int books_make(Demo *d, DbConn *c, Err *e);
/* money.c: a chapter's money */
int books_money(Demo *d, Books *B, DbConn *c, Err *e, int k);
/* chain.c: the planned entries written into the books */
int books_write(Demo *d, Books *B, DbConn *c, Err *e);

/* events.c */
int64_t local_price(const Demo *d, int metro, int64_t cents);
int happenings_make(Demo *d, DbConn *c, Err *e);
/* unconf.c: an event of a format with a session board, made by events.c (before a past one's books close) */
typedef struct DemoUnconf {
    int64_t event, organiser, created, starts, ends;   /* organiser: the user */
    bool past;
} DemoUnconf;
int demo_unconf_make(Demo *d, DbConn *c, Err *e, const DemoUnconf *u);
void demo_unconf_summary(const Demo *d);   /* its line of the summary */
/* funnel.c: applications to start a chapter (funnel.json), through growth's operations, backdated */
int demo_funnel_make(Demo *d, DbConn *c, Err *e);
void demo_funnel_summary(const Demo *d);   /* its line of the summary */

/* governance.c: committees, matters, polls; elections.c: the elections (ballots: how many were cast) */
int governance_make(Demo *d, DbConn *c, Err *e);
int demo_elections_make(Demo *d, DbConn *c, json_t *data, int *ballots, Err *e);
/* commons.c: the knowledge commons' items, adaptations and uses; data_commons.c reads commons.json */
int demo_commons_make(Demo *d, DbConn *c, Err *e);
/* pictures.c: photos for a few chapters, each through picture_set; *made says how many. 0 or -1. */
int demo_pictures_make(Demo *d, DbConn *c, Err *e, int *made);
int demo_commons_load(DemoData *w, json_t *j, Err *e);
/* A problem with an item of commons.json: "data/demo/commons.json: "<title>": <what>" (E_INTERNAL); -1. */
int demo_commons_bad(Err *e, const char *title, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
