/* meetings.h - chapter meetings (M3): the monthly rhythm, RSVP and attendance,
 * the meeting runner (one success and one challenge each, answers as stories,
 * commitments), confidentiality, calendar feeds, chapter health and lifecycle,
 * reminders.
 *
 * rules.c: pure rules (phases, the directive heuristic, lifecycle, absences,
 * recurrence with libical); store.c: all SQL; routes.c: the handlers;
 * ical.c: the iCalendar feeds; tick.c: the periodic work (schedule, reminders,
 * lifecycle) that `serve` runs every few minutes and `glocal tick` runs once. */
#ifndef GLOCAL_MEETINGS_H
#define GLOCAL_MEETINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

#define MEETING_HORIZON_DAYS 120      /* how far ahead the series keeps meetings scheduled */
#define REMINDER_BEFORE_SECONDS (24 * 3600)
#define ROUND_MAX 4000                /* characters of a success, a challenge or a story */

/* --- rules.c --- */
typedef struct Lifecycle {
    int64_t activate_after;           /* meetings held before a forming chapter is active (3) */
    int64_t dormant_after_days;       /* days without a meeting before an active one is dormant (90) */
} Lifecycle;

/* The status a chapter should have now: forming -> active after enough meetings,
 * active -> dormant after a silence, dormant -> active when meetings resume.
 * Closed chapters stay closed. Returns `status` itself when nothing changes. */
const char *chapter_next_status(const char *status, int64_t held, int64_t last_held_at, int64_t created_at,
                                int64_t now, const Lifecycle *l);
/* Whether a member with `absences` within the window is flagged to the connectors. */
bool absence_flagged(int64_t absences, int64_t limit);

bool phase_valid(const char *phase);
/* The phase after `phase` ("closed" stays closed). */
const char *phase_next(const char *phase);
const char *phase_label(const char *phase);
/* Whether a success (or a challenge) may be posted or edited in this phase. */
bool phase_allows_round(const char *phase, const char *kind);
bool phase_allows_stories(const char *phase);
bool phase_allows_commitments(const char *phase);

/* Finds phrases that tell someone what to do ("you should", "have you tried",
 * "if I were you", a sentence opening with an instruction...). Fills `found`
 * with up to max phrases (static strings) and returns how many there were. */
int story_directive_phrases(const char *text, const char **found, int max);

/* "FREQ=MONTHLY;BYDAY=2TU" from week (1-4, or -1 for the last) and weekday
 * ("MO".."SU"); -1 with a message if either is out of range. */
int series_rule_make(int week, const char *weekday, char *out, size_t n, Err *e);
/* Checks an RRULE that libical understands and that repeats at most weekly. */
int series_rule_check(const char *rrule, Err *e);
/* "the second Tuesday of every month" for a rule made by series_rule_make (arena). */
char *series_rule_words(Arena *a, const char *rrule);

typedef struct Occurrence {
    char local[16];                   /* 20260113T080000 */
    int64_t starts_at;                /* UTC */
} Occurrence;
/* The occurrences of a series starting in [from, to): at most max. Returns the
 * count, or -1 with a message (unknown time zone, bad rule). */
int series_expand(const char *rrule, const char *first_local, const char *timezone, int64_t from, int64_t to,
                  Occurrence *out, int max, Err *e);

/* --- tick.c --- */
typedef struct TickReport {
    int scheduled, reminders, summaries, activated, dormant;
} TickReport;
/* The periodic work at time `now`: keeps every series scheduled ahead, queues
 * reminders before meetings, applies the lifecycle. */
int meetings_tick(DbConn *c, int64_t now, TickReport *out, Err *e);
/* Schedules one chapter's series ahead (inside db_write). */
int series_schedule(DbConn *c, Err *e, int64_t chapter_id, int64_t now, int *made);
Lifecycle lifecycle_settings(DbConn *c, Arena *a);
/* A thread that runs meetings_tick every `seconds` (first run right away)
 * until ticker_stop. */
typedef struct Ticker Ticker;
Ticker *ticker_start(Db *db, int seconds);
void ticker_stop(Ticker *t);

/* --- the chapter's health, for the chapter page and the directory --- */
/* {meetings_held, last_meeting_at, next_meeting_at, attendances}. */
int chapter_health(DbConn *c, Err *e, int64_t chapter_id, json_t **out);

/* The health as pages and the API show it: average attendance as text, and the
 * next meeting (its local time) only for members. New reference, or NULL. */
json_t *chapter_health_view(Req *r, int64_t chapter_id, const char *timezone, bool member, Err *e);

/* --- for the books (contributions recorded at a meeting) --- */
/* Whether the chapter has a meeting with this id: 1 yes, 0 no, -1 error. */
int meeting_in_chapter(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id);

/* --- ical.c --- */
/* The secret address of a member's personal calendar feed (arena), or NULL. */
const char *calendar_url(Req *r, int64_t user_id, Err *e);

/* What meetings give the web layer: the numeric {meeting} and {round}. */
extern const Feature meetings_feature;

/* --- handlers (see src/routes.h) --- */
int meetings_index(Req *r);
int series_update(Req *r);
int meeting_create(Req *r);
int meeting_show(Req *r);
int meeting_update(Req *r);
int meeting_cancel(Req *r);
int meeting_rsvp(Req *r);
int meeting_attendance(Req *r);
int meeting_phase(Req *r);
int meeting_live(Req *r);
int round_create(Req *r);
int round_update(Req *r);
int round_share(Req *r);
int story_create(Req *r);
int commitment_create(Req *r);
int commitment_update(Req *r);
int chapter_absences(Req *r);
int shared_index(Req *r);
int chapter_calendar(Req *r);
int meeting_calendar(Req *r);
int personal_calendar(Req *r);
int calendar_reset(Req *r);

#endif
