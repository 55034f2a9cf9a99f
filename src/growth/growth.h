/* growth.h - the network's growth (M9, issue 15): its figures over time, taken
 * once a day for the network, every place, every sector and every chapter;
 * targets with the pace they need and a projection; the formation funnel; the
 * chapters that need attention.
 *
 * rules.c: pure rules (pace, projection, targets, the funnel, the risk rules);
 * snapshot.c: the daily snapshot (the feature's Feature.tick), back-filled from
 * history on its first run; store.c / store.h: all the SQL (private);
 * routes.c: the Feature. The counting rules are written for people in
 * docs/GROWTH.md. */
#ifndef GLOCAL_GROWTH_H
#define GLOCAL_GROWTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"

#define GROWTH_DAY 86400
#define GROWTH_MONTH_DAYS 30.4375          /* 365.25 / 12 */
#define GROWTH_LOCK_KEY 0x47524f57544800LL /* "GROWTH": one snapshot at a time (db_write_locked) */

/* ======================= rules.c (pure) ======================= */

/* The midnight (UTC) that starts the day of t. */
int64_t growth_day_of(int64_t t);

/* ---------- pace and projection ----------
 * A series is a figure's value on consecutive days, oldest first: v[n - 1] is
 * the latest day. */

typedef struct GrowthPace {
    bool known;        /* at least two days of history */
    int days;          /* the span measured: the window, or all the history when shorter */
    double per_day;    /* change per day over that span */
} GrowthPace;

/* The pace of the last `window` days (30, 90): the change between the latest
 * day and `window` days before it, per day; over the whole series when it is
 * shorter. Unknown with fewer than two days. */
GrowthPace growth_pace(const int64_t *v, size_t n, int window);

/* The pace needed to go from `value` on day `today` to `target` by day `by`
 * (both midnights; `by` counts: a target for today needs it all today), per
 * day. 0 when reached; -1 when `by` is before `today` and it is not reached. */
double growth_pace_needed(int64_t value, int64_t target, int64_t today, int64_t by);

typedef struct GrowthProjection {
    bool known;        /* at least two days of history */
    int64_t days_ahead;
    double mid;        /* the value expected if the days to come are like the last `window` */
    double low, high;  /* about nine outcomes in ten fall between them */
} GrowthProjection;

/* Where the series goes `days_ahead` days after its latest day: the latest
 * value plus the mean daily change of the last `window` days (all of them when
 * the series is shorter) for each day ahead; the range from the spread of
 * those daily changes (a random walk with that drift: 1.645 standard
 * deviations of h·s²·(1 + h/m), h days ahead, m changes seen). Unknown (and
 * mid = low = high = the latest value, 0 for none) with fewer than two days. */
GrowthProjection growth_project(const int64_t *v, size_t n, int window, int64_t days_ahead);

typedef enum GrowthTargetState {
    TARGET_UNKNOWN,     /* too little history to project (fewer than two days) */
    TARGET_REACHED,
    TARGET_ON_TRACK,    /* the projection reaches it by the date */
    TARGET_BEHIND,      /* the projection falls short, the top of its range does not */
    TARGET_OFF_TRACK,   /* even the top of the range falls short */
    TARGET_MISSED,      /* the date has passed without reaching it */
} GrowthTargetState;

/* A target ("300 active chapters by 2027-12-31") against a figure's series
 * whose latest day is `today`: where it stands, the pace needed against the
 * paces of the last 30 and 90 days, and the projection to the date (over the
 * last 90 days' changes). */
typedef struct GrowthTarget {
    GrowthTargetState state;
    int64_t value;            /* the latest value (0 for an empty series) */
    int64_t remaining;        /* target - value, 0 once reached */
    int64_t days_left;        /* days from today to the date, 0 on it, negative after */
    double needed_per_day;    /* growth_pace_needed */
    GrowthPace last30, last90;
    GrowthProjection at_date;
} GrowthTarget;
GrowthTarget growth_target(const int64_t *v, size_t n, int64_t today, int64_t target, int64_t by);
/* "on track", "reached", ... for people. */
const char *growth_target_state_name(GrowthTargetState s);
/* A rate target ("+5 chapters a month"): whether the pace (of the last 30
 * days, say) keeps it. */
bool growth_rate_kept(GrowthPace pace, double per_month);

/* ---------- the formation funnel ----------
 * Someone applies to start a chapter in a metro and sector; the application is
 * reviewed and approved; the chapter is made (forming); it holds its first
 * meeting; it is still active 90 days later. An application may also leave the
 * funnel (declined, withdrawn, or its chapter closed) at the stage it is at. */
typedef enum FunnelStage {
    FUNNEL_APPLIED,
    FUNNEL_APPROVED,
    FUNNEL_FORMING,
    FUNNEL_FIRST_MEETING,
    FUNNEL_ACTIVE,
    FUNNEL_STAGES,
    FUNNEL_EXIT = -1,   /* a step that takes the application out of the funnel */
} FunnelStage;

/* One dated change of an application's stage. */
typedef struct FunnelStep {
    int64_t application;
    int stage;          /* a FunnelStage */
    int64_t at;
} FunnelStep;

typedef struct FunnelReport {
    int64_t applications;
    int64_t reached[FUNNEL_STAGES];   /* reached the stage (reaching one counts the ones before) */
    int64_t waiting[FUNNEL_STAGES];   /* there now, still in the funnel */
    int64_t exited[FUNNEL_STAGES];    /* left the funnel while at the stage */
    /* reached[k] / reached[k - 1] (k >= 1), -1 when nobody reached k - 1; [0] is 1 when anyone applied */
    double conversion[FUNNEL_STAGES];
    /* the time spent at the stage by those who moved on from it: how many, and
     * the median in seconds (a stage skipped has no time of its own and is not
     * counted here); the last stage is not left, so it has none */
    int64_t moved_on[FUNNEL_STAGES];
    int64_t median_seconds[FUNNEL_STAGES];
    /* the median time those waiting at the stage have waited so far, at `now` */
    int64_t median_waiting_seconds[FUNNEL_STAGES];
} FunnelReport;

/* The funnel of a set of applications from their steps (any order; sorted in
 * place by application, time and stage). Stages only move forward: a step to a
 * stage already passed is ignored, as is anything after an exit and any stage
 * out of range. Arena: the working arrays. */
void growth_funnel(FunnelStep *steps, size_t n, int64_t now, Arena *a, FunnelReport *out);
const char *funnel_stage_name(int stage);   /* "Applied", ... ; NULL out of range */

/* ---------- chapters at risk ---------- */
#define GROWTH_QUIET_DAYS 60          /* no meeting held for longer than this */
#define GROWTH_ATTENDANCE_MEETINGS 6  /* the meetings the attendance rule compares */

enum {
    RISK_NO_RECENT_MEETING = 1,   /* no meeting held in the last 60 days (since its creation, when none) */
    RISK_ATTENDANCE_FALLING = 2,  /* the last meetings drew under three quarters of those before */
    RISK_ONE_CONNECTOR = 4,       /* a single connector (or none) */
    RISK_NO_UPCOMING = 8,         /* no meeting scheduled ahead */
    RISK_ALL = 15,
};

typedef struct ChapterFacts {
    const char *status;
    int64_t created_at;
    int64_t last_held_at;      /* the start of the last meeting held, 0 if none */
    int64_t next_meeting_at;   /* the start of the next scheduled meeting, 0 if none */
    int64_t connectors;
    const int64_t *present;    /* people present at the last meetings held, oldest first */
    size_t npresent;           /* at most GROWTH_ATTENDANCE_MEETINGS are looked at */
} ChapterFacts;

/* The rules a chapter breaks at `now` (RISK_* bits); 0 for a closed chapter. */
unsigned growth_risks(const ChapterFacts *f, int64_t now);
/* Whether attendance is falling: with at least four meetings, the people
 * present at the last k (k = half of them, at most 3) number under three
 * quarters of those present at the k before. */
bool growth_attendance_falling(const int64_t *present, size_t n);
/* "No meeting in 60 days", ... for one RISK_* bit; NULL for anything else. */
const char *growth_risk_name(unsigned bit);

/* ======================= snapshot.c ======================= */

enum {
    GROWTH_CHUNK_DAYS = 31,                 /* days taken in one transaction */
    GROWTH_CHAPTER_ROWS_BUDGET = 2000000,   /* chapter rows a first run back-fills at most... */
    GROWTH_CHAPTER_DAYS_MIN = 30,           /* ...but never fewer days of them than this */
};

typedef struct GrowthRun {
    int64_t first_day, last_day;   /* the days taken (0, 0 when there was nothing to take) */
    int64_t days;
    int64_t chapters_from;         /* the first day with chapter rows among those taken */
    int64_t usec;                  /* how long it took */
} GrowthRun;

/* Takes the snapshot of every day not taken yet, up to the day before `now`
 * (a day is taken once it is over): on a network with none yet, from the day
 * its first chapter was made (chapter rows only for the last days, within
 * GROWTH_CHAPTER_ROWS_BUDGET), else from the day after the last one taken.
 * The day before `now` counts the chapters' statuses as they are and flags
 * the chapters at risk; earlier days rebuild the statuses from the meetings
 * held (the lifecycle rules of src/meetings) and are marked is_backfill.
 * Each GROWTH_CHUNK_DAYS days are one transaction under GROWTH_LOCK_KEY, so a
 * run cut short resumes where it stopped and two processes never take a day
 * twice. 0, or -1 with e. */
int growth_snapshot(DbConn *c, int64_t now, GrowthRun *out, Err *e);
/* The same with another budget of chapter rows than GROWTH_CHAPTER_ROWS_BUDGET (tests). */
int growth_snapshot_within(DbConn *c, int64_t now, int64_t chapter_rows, GrowthRun *out, Err *e);
/* The feature's periodic work (Feature.tick): growth_snapshot, reported. */
int growth_tick(DbConn *c, int64_t now, Buf *report, Err *e);

/* ======================= reads (store.c) ======================= */

/* The rows of growth_days of one scope ("network" with id 0, "place",
 * "sector", "chapter") from day `from` to day `to`, oldest first. New reference. */
json_t *growth_series(DbConn *c, Err *e, const char *scope_kind, int64_t scope_id, int64_t from, int64_t to);
/* What the scope received, {day, resource, amount} from `from` to `to`, by day then resource. */
json_t *growth_received_series(DbConn *c, Err *e, const char *scope_kind, int64_t scope_id, int64_t from, int64_t to);
/* The last day taken (0 when none): 0, or -1. */
int growth_last_day(DbConn *c, Err *e, int64_t *day);

/* ======================= dashboards (rules_dashboard.c pure; dashboard.c) ======================= */

/* The figures of a day's row, in the order of growth_days' columns. */
enum GrowthFigure {
    GF_FORMING, GF_ACTIVE, GF_DORMANT, GF_CLOSED, GF_MEMBERS, GF_MEMBERS_NEW, GF_MEMBERS_LEFT, GF_CONNECTORS,
    GF_MEETINGS, GF_RSVPS, GF_CHECKINS, GF_RETURNING, GF_EVENTS, GF_TICKETS, GF_EVENT_CHECKINS, GF_ITEMS,
    GF_ITEM_USES, GF_AT_RISK, GF_COUNT
};

typedef struct GrowthFigureInfo {
    const char *column;   /* growth_days' column, the CSV's heading */
    const char *label;    /* for people: "Active chapters" */
    bool stock;           /* as it stood at the end of the day (else what happened during it) */
} GrowthFigureInfo;
extern const GrowthFigureInfo growth_figures[GF_COUNT];
/* The figure with this column name, or -1. */
int growth_figure_find(const char *column);

/* A scope's days, oldest first: the figures, whether each was rebuilt, and
 * what was received, per resource (received[r][i], 0 on a day without). */
typedef struct GrowthDays {
    size_t n;
    int64_t *day;
    int64_t *v[GF_COUNT];
    int64_t *risk;        /* a chapter's RISK_* bits */
    bool *backfill;
    size_t nres;
    const char **resource;
    int64_t **received;
} GrowthDays;

/* The span a dashboard shows. */
typedef enum GrowthRange { GROWTH_RANGE_90, GROWTH_RANGE_YEAR, GROWTH_RANGE_ALL, GROWTH_RANGES } GrowthRange;
/* "90d", "year", "all" (the query's value) and "90 days" ... (the link's words). */
const char *growth_range_key(GrowthRange r);
const char *growth_range_words(GrowthRange r);
/* The range a query names; the year for NULL, "" or anything else. */
GrowthRange growth_range_parse(const char *s);
/* The first day the range shows when the last day taken is `last` (0 for all of them). */
int64_t growth_range_from(GrowthRange r, int64_t last);

/* A period of a chart: the days first..last (indexes into the days), its
 * label under the axis ("Mar", "28 Nov", "Q1"), its year and its name in
 * words ("March 2026", "the week to 28 Nov 2026"). */
typedef struct GrowthPeriod {
    size_t first, last;
    const char *label, *year, *name;
} GrowthPeriod;
/* The periods of n consecutive days: weeks ending on the last day for 90
 * days, calendar months up to three years, else quarters. Arena. */
size_t growth_periods(Arena *a, const int64_t *day, size_t n, GrowthRange r, GrowthPeriod **out);
/* A figure over a period: a stock as it stood on its last day, a flow summed. */
int64_t growth_period_value(const GrowthPeriod *p, const int64_t *v, bool stock);
/* "2026-12-05" for a day (midnight UTC); arena. */
const char *growth_day_iso(Arena *a, int64_t day);
/* "5 Dec 2026" for a day (midnight UTC); arena. */
const char *growth_day_words(Arena *a, int64_t day);
/* One sentence that says what a chart shows, for its description: a stock's
 * latest value and its change over the periods shown, a flow's total and its
 * busiest period, one clause per series. Arena. */
const char *growth_chart_desc(Arena *a, const GrowthPeriod *p, size_t np, const char *const *names,
                              const int64_t *const *values, size_t nseries, bool stock);

/* A dashboard: the scope ("network" 0, "place", "sector", "chapter"), its
 * name, the range; {has_days, first_day, last_day, day_words, has_backfill,
 * ranges[], headline[{key, label, value, change, rule}], charts[{id, title,
 * rule, desc, _chart_html (page only), columns[], rows[{name, cells[]}]}],
 * targets[]} read from the snapshots only, and kept until the next day is
 * taken (see dashboard.c). New reference, NULL with e. */
json_t *growth_dashboard(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, GrowthRange r, bool page);
/* A scope's every day and figure as CSV (a heading row, one row a day, what
 * was received as a column per resource), into b. 0, or -1 with e. */
int growth_csv(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, Buf *b);
/* The scope's days from `from` to `to` into *d (arena). 0, or -1 with e. */
int growth_days_read(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, int64_t from, int64_t to, GrowthDays *d);

/* ======================= targets (rules_targets.c pure; targets.c) ======================= */

#define GROWTH_TARGET_MAX 1000000000LL      /* a target, or a pace a month, at most */
#define GROWTH_TARGET_YEARS 10              /* a target's day at most this far ahead */

/* The figures a target may name: "chapters" (forming, active and dormant),
 * "chapters_active", "members", "connectors", "items". Its words ("active
 * chapters"), NULL for any other. */
const char *growth_target_figure_words(const char *figure);
/* The series of a target's figure over the days (arena). */
int64_t *growth_target_series(Arena *a, const GrowthDays *d, const char *figure);

/* A target as a form gives it: a level ("300 by 2027-12-31") or a pace
 * ("+5 a month"). */
typedef struct TargetIn {
    const char *scope_kind;   /* "network", "place", "sector" */
    int64_t scope_id;
    const char *figure, *kind;                       /* kind "level" or "rate" */
    const char *target, *by_day, *per_month, *note;  /* as typed */
    int64_t by;               /* who sets it */
    int64_t now;
} TargetIn;
/* The checked values of a TargetIn. */
typedef struct TargetValues {
    int64_t target, by_day, per_month;   /* per_month 0 for a level; target and by_day 0 for a pace */
} TargetValues;
/* Checks a target: problems noted at their fields in f; 0 or -1. */
int growth_target_check(const TargetIn *in, FieldErrs *f, TargetValues *out);
/* Whether someone may set or remove a scope's targets: an administrator any;
 * a member of the board the network's; a member of a place's committee that
 * place's. The facts are arguments (committee keys: "board" or a place's slug). */
bool growth_may_target(bool admin, const char *scope_kind, const char *place_slug, const char *const *committee_keys, size_t n);

/* Sets a target, if `me` may target its scope (E_FORBIDDEN; problems in f, E_INVALID); *id. 0 or -1. */
int growth_target_set(DbConn *c, Err *e, const Me *me, const TargetIn *in, FieldErrs *f, int64_t *id);
/* Removes a target, if `me` may target its scope (E_FORBIDDEN, E_NOT_FOUND);
 * *path: its scope's dashboard (arena). */
int growth_target_remove(DbConn *c, Err *e, Arena *a, const Me *me, int64_t id, const char **path);
/* Whether `me` may set the scope's targets: 1, 0, -1. */
int growth_may_set_target(DbConn *c, Err *e, const Me *me, const char *kind, int64_t id);
/* The scope's targets, each against its figure: [{id, figure, words,
 * is_rate, target, by_day, per_month, note, state, state_name, value,
 * remaining, days_left, percent, needed_per_month, last30_per_month,
 * last90_per_month, projection{mid, low, high}, can_remove}]. New reference. */
json_t *growth_targets_view(DbConn *c, Err *e, Arena *a, const Me *me, const char *kind, int64_t id);
/* The choices of the target form: {figures[{value, words}]}. New reference. */
json_t *growth_target_form(const char *kind);

/* ======================= lists (lists.c) ======================= */

/* The chapters needing attention on the last day taken that `me` answers
 * for: the chapters they run, those of the places whose committee they sit
 * on (and the places within), every chapter for an administrator:
 * {last_day, chapters[{slug, name, metro, status, risks[], reasons}],
 * groups[{title, chapters}] }. New reference. */
json_t *growth_attention(DbConn *c, Err *e, Arena *a, const Me *me, int64_t now);
/* Where to grow: metro x sector of the members who belong to no chapter,
 * with the chapters each cell has: {metros[{name, slug, cells[{count, level,
 * has_chapter}]}], sectors[{name, slug}], total, max}. New reference. */
json_t *growth_white_space(DbConn *c, Err *e);

/* ======================= handlers (routes*.c) ======================= */
int growth_network_show(Req *r);
int growth_place_show(Req *r);
int growth_sector_show(Req *r);
int growth_chapter_show(Req *r);
int growth_network_csv(Req *r);
int growth_place_csv(Req *r);
int growth_sector_csv(Req *r);
int growth_chapter_csv(Req *r);
int growth_network_target_create(Req *r);
int growth_place_target_create(Req *r);
int growth_sector_target_create(Req *r);
int growth_target_delete(Req *r);
int growth_attention_show(Req *r);
int growth_white_space_show(Req *r);

extern const Feature growth_feature;

/* ======================= the formation funnel ======================= */
/* Someone applies to start a chapter in a metro and sector, naming a second
 * connector by e-mail; an administrator, or a member of the committee of the
 * metro, of a place above it or of the board, approves (the chapter is made,
 * forming, with the applicant as its connector, and the second connector is
 * invited) or declines; the periodic work records the chapter's first meeting
 * held, its being active 90 days or more after it, and its closing. The
 * steps feed growth_funnel per place. rules_funnel.c: the pure rules;
 * funnel.c: the operations and reads; funnel_tick.c: the periodic work;
 * store_funnel.c: the SQL; routes_funnel.c: the handlers. */
#define FUNNEL_ACTIVE_AFTER_DAYS 90   /* "active at 90 days": active this long after the first meeting */
#define FUNNEL_MESSAGE_MAX 1000          /* it travels in the invitation, which takes 1,000 */
#define FUNNEL_NOTE_MAX 1000
#define FUNNEL_CHAIN_MAX 4            /* a metro and the places above it */

/* --- rules_funnel.c (pure) --- */
/* An application as typed. */
typedef struct FunnelApplyIn {
    int64_t applicant;
    const char *applicant_email;      /* to refuse naming oneself as the second connector */
    int64_t metro_id, sector_id;
    const char *name, *second_email, *message;
    int64_t now;
    int64_t id;                       /* out */
} FunnelApplyIn;
/* The problems of an application's fields, each noted at its field (the
 * metro and sector are checked against the registry by funnel_apply). */
void funnel_fields_problems(const FunnelApplyIn *in, FieldErrs *problems);
/* A reviewer's note: at most FUNNEL_NOTE_MAX characters, and given when
 * `required` (declining says why). 0, or -1 with the field "note". */
int funnel_note_check(const char *note, bool required, Err *e);
/* Whether an application in `status` may move to `to` ("approved",
 * "declined", "withdrawn": only from "applied"): 0, or -1 (409). */
int funnel_transition_check(const char *status, const char *to, Err *e);
/* For people: "Waiting for review", "Approved", "Declined", "Withdrawn". */
const char *funnel_status_name(const char *status);
/* A step's stored name for people: the stage's name, or "Declined",
 * "Withdrawn", "Chapter closed". */
const char *funnel_step_name(const char *stage);
/* A stage's stored name to a FunnelStage: FUNNEL_EXIT for "declined",
 * "withdrawn" and "closed", -2 for anything else. */
int funnel_stage_code(const char *stage);
/* Who may review: an administrator; a member of the committee of a place on
 * the application's chain (its metro, then the places above it) or of the
 * board; never the applicant. */
typedef struct FunnelReviewer {
    int64_t user;
    bool is_admin;
    bool board;                       /* sits on the board */
    const int64_t *places;            /* the places of the committees they sit on */
    size_t nplaces;
} FunnelReviewer;
bool funnel_may_review(const FunnelReviewer *r, int64_t applicant, const int64_t *chain, size_t nchain);
/* "3 days", "5 hours", "12 minutes", "under a minute" (arena). */
const char *funnel_duration_text(Arena *a, int64_t seconds);
/* A report as rows for pages and programs: {applications, stages: [{stage,
 * name, reached, waiting, exited, conversion (null when nobody reached the
 * stage before), conversion_text, moved_on, median_seconds, median_text,
 * waiting_seconds, waiting_text}]}. New reference. */
json_t *funnel_report_json(Arena *a, const FunnelReport *r);
/* The chart of a report (applications reaching each stage, as bars) and its
 * words: an SVG with a title and description (arena; safe HTML). */
const char *funnel_chart_summary(Arena *a, const FunnelReport *r);
const char *funnel_chart_svg(Arena *a, const FunnelReport *r, const char *id, const char *title);

/* --- funnel.c: the operations (one transaction each) and reads --- */
/* Applies: checks the fields, the metro and sector, and that the applicant
 * has no other application waiting for the same metro and sector (409);
 * records the application and its "applied" step at in->now. */
int funnel_apply(DbConn *c, Err *e, FunnelApplyIn *in, FieldErrs *problems);
/* The applicant withdraws an application waiting for review (403 for anyone
 * else, 409 once reviewed). */
int funnel_withdraw(DbConn *c, Err *e, int64_t id, int64_t by, int64_t now);

typedef struct FunnelDecision {
    int64_t id, by;                   /* the application, the reviewer */
    bool is_admin;                    /* the reviewer is an administrator */
    const char *note;                 /* to the applicant (needed to decline) */
    const char *public_url;           /* for the links in the e-mails */
    int64_t now;
    Arena *a;
    int64_t chapter_id;               /* out (approval): the chapter made */
    const char *chapter_slug;         /* out (approval, arena) */
} FunnelDecision;
/* Approves: makes the chapter (chapter_start: forming, the applicant its
 * connector), invites the second connector's address to it, records the
 * "approved" and "forming" steps and mails the applicant. 403 when `by` may
 * not review it, 409 once reviewed, the chapter's own refusals otherwise. */
int funnel_approve(DbConn *c, Err *e, FunnelDecision *d, FieldErrs *problems);
/* Declines with a note, records the step and mails the applicant. */
int funnel_decline(DbConn *c, Err *e, FunnelDecision *d, FieldErrs *problems);

/* One application as `viewer` may see it (its applicant, or someone who may
 * review it): 1 with *out (new: the application with its metro, sector,
 * chapter, second connector's state and dated steps, is_mine, can_review,
 * can_withdraw) and *may_review, 0 when there is none the viewer may see,
 * -1 with e. */
int funnel_application_get(DbConn *c, Err *e, int64_t id, int64_t viewer, bool is_admin, int64_t now,
                           json_t **out, bool *may_review);
/* The applications of `user`, newest first. New reference. */
json_t *funnel_applications_of(DbConn *c, Err *e, int64_t user);
/* The applications waiting for review that `user` may review, oldest first;
 * NULL with 403 when they review nowhere (not an administrator, on no
 * committee). New reference. */
json_t *funnel_queue(DbConn *c, Err *e, int64_t user, bool is_admin, int64_t now);
/* The funnel of the applications in a place (its metros; 0: the network) at
 * `now`. Arena: working memory. */
int funnel_report(DbConn *c, Err *e, Arena *a, int64_t place_id, int64_t now, FunnelReport *out);
/* Every place, for the report's picker: [{id, slug, label, is_selected}]. New reference. */
json_t *funnel_place_options(DbConn *c, Err *e, int64_t selected);

/* --- funnel_tick.c --- */
/* The funnel's share of the periodic work at `now`: the first meeting held
 * of each approved application's chapter (dated at its start), the chapters
 * found active FUNNEL_ACTIVE_AFTER_DAYS or more after it (dated now), the
 * chapters closed (dated when they last changed), and the second connectors
 * who took their invitation up made connectors. Appends what it did. */
int growth_funnel_tick(DbConn *c, int64_t now, Buf *report, Err *e);

/* --- routes_funnel.c: the handlers (src/routes.h: GROWTH_FUNNEL_ROUTES) --- */
int funnel_application_load(Req *r, const char *key, Err *e);
int funnel_apply_form(Req *r);
int funnel_apply_submit(Req *r);
int funnel_mine(Req *r);
int funnel_review(Req *r);
int funnel_application_show(Req *r);
int funnel_withdraw_submit(Req *r);
int funnel_approve_submit(Req *r);
int funnel_decline_submit(Req *r);
int funnel_report_show(Req *r);

#endif
