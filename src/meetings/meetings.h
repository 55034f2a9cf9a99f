/* meetings.h - chapter meetings (M3): the monthly rhythm, RSVP and attendance,
 * the meeting runner (one success and one challenge each, answers as stories,
 * commitments), confidentiality, calendar feeds, chapter health and lifecycle,
 * reminders.
 *
 * rules.c: pure rules (phases, the directive heuristic, lifecycle, absences,
 * recurrence with libical, what the runner allows); store.c: all SQL;
 * schedule.c: the operations on the calendar (the series, adding, moving and
 * cancelling meetings); runner.c: the operations of a meeting as it runs (RSVP,
 * attendance, phases, rounds, stories, commitments); health.c: the chapter's
 * health; routes.c (the schedule, absences, shared rounds) and routes_runner.c
 * (one meeting): the handlers; routes_ical.c: the iCalendar feeds; tick.c: the
 * periodic work (schedule, reminders, lifecycle) that `serve` runs every few
 * minutes and `glocal tick` runs once. */
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

/* Whether a meeting of this status and phase still takes answers (planned, not held or cancelled). */
bool meeting_is_planned(const char *status, const char *phase);
/* Whether an RSVP answer is one of yes, no, maybe. */
bool rsvp_answer_valid(const char *answer);
/* How the roster shows an answer: "Coming", "Not coming", "Maybe", "No answer". */
const char *rsvp_answer_label(const char *answer);
/* The message after answering (answer must be valid). */
const char *rsvp_flash(const char *answer);
/* Whether a commitment may be set to this status: done, dropped or open. */
bool commitment_status_valid(const char *status);
/* Whether attendance may be taken: the meeting is open (or closed) and not cancelled. */
bool attendance_open(const char *phase, bool cancelled);
/* Whether `id` is among the decimal ids of a submitted list. */
bool id_listed(const char *const *ids, int n, int64_t id);
/* The message after moving to `phase` when it has one of its own ("checkin",
 * "closed"); NULL for the others, which say "Now: <label>.". */
const char *phase_flash(const char *phase);

/* What the meeting page offers: the buttons of the runner. `planned` is a
 * meeting not started and not cancelled; has_* say whether the viewer posted
 * their success or challenge already. */
typedef struct MeetingCan {
    bool post_success, post_challenge, commit, rsvp, advance, take_attendance, reschedule;
} MeetingCan;
MeetingCan meeting_can(const char *phase, bool cancelled, bool planned, bool connector, bool has_success,
                       bool has_challenge);

/* The average attendance of held meetings as shown ("4.5", or "–" before the first). */
void health_average_text(int64_t held, int64_t attendances, char *out, size_t n);

/* "FREQ=MONTHLY;BYDAY=2TU" from week (1-4, or -1 for the last) and weekday
 * ("MO".."SU"); -1 with a message if either is out of range. */
int series_rule_make(int week, const char *weekday, char *out, size_t n, Err *e);
/* The week (1-4, -1) and weekday of a rule made by series_rule_make: true,
 * or false with *week set to 0 when the rule is of another kind. */
bool series_rule_parts(const char *rrule, int *week, char day[3]);
/* Checks an RRULE that libical understands and that repeats at most weekly. */
int series_rule_check(const char *rrule, Err *e);
/* "the second Tuesday of every month" for a rule made by series_rule_make (arena). */
char *series_rule_words(Arena *a, const char *rrule);
/* The name of the i-th day of the week (0 = Monday) in the reader's language. */
const char *series_weekday_name(int i);

typedef struct Occurrence {
    char local[16];                   /* 20260113T080000 */
    int64_t starts_at;                /* UTC */
} Occurrence;
/* The occurrences of a series starting in [from, to): at most max. Returns the
 * count, or -1 with a message (unknown time zone, bad rule). */
int series_expand(const char *rrule, const char *first_local, const char *timezone, int64_t from, int64_t to,
                  Occurrence *out, int max, Err *e);

/* --- schedule.c: the calendar of a chapter --- */
typedef struct SeriesFields {
    const char *rrule, *first_local, *timezone, *venue, *online_url;
    int64_t duration_minutes;
} SeriesFields;

/* A chapter's monthly series and its absence rule, as saved by series_setup_save. */
typedef struct SeriesSetup {
    int64_t chapter_id, now;
    int64_t absence_limit, absence_window_days;
    SeriesFields f;
    int made;                         /* out: meetings put in the calendar */
} SeriesSetup;
/* Saves the series and the absence rule, removes the future meetings of the old
 * series that have not started, and schedules the new one ahead (one transaction). */
int series_setup_save(DbConn *c, Err *e, SeriesSetup *p);
/* Schedules one chapter's series ahead (inside db_write). */
int series_schedule(DbConn *c, Err *e, int64_t chapter_id, int64_t now, int *made);

/* When and where a meeting is. */
typedef struct MeetingSlot {
    int64_t starts_at, ends_at;
    const char *timezone, *venue, *online_url;
} MeetingSlot;
/* Adds a one-off meeting to the chapter's calendar; its id in *id. */
int meeting_add(DbConn *c, Err *e, int64_t chapter_id, const MeetingSlot *s, int64_t *id);
/* Moves a meeting (its time, venue, link; the time zone stays). */
int meeting_reschedule(DbConn *c, Err *e, int64_t meeting_id, const MeetingSlot *s);
/* Cancels a meeting (calendars show it as cancelled). */
int meeting_call_off(DbConn *c, Err *e, int64_t meeting_id);
/* A new key for the user's personal feed: every older address of it stops working. */
int calendar_key_reset(DbConn *c, Err *e, int64_t user_id);

/* --- runner.c: a meeting as it runs (each one transaction that tells the room) --- */
#define MEETING_LOCK_BASE 0x4d54000000LL  /* advisory lock keys of meetings' answers: MEETING_LOCK_BASE + id */
/* Records a member's answer (the upsert and the meeting's version, in turn with the other
 * answers to that meeting: db_write_locked). */
int rsvp_answer(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *answer);

typedef struct AttendanceSheet {
    int64_t chapter_id, meeting_id, recorded_by;
    const char *const *present;       /* ids of the members present, as sent */
    int npresent;
    int64_t counted;                  /* out: members recorded present */
} AttendanceSheet;
/* Records every member of the chapter as present or absent. */
int attendance_record(DbConn *c, Err *e, AttendanceSheet *s);

typedef struct PhaseChange {
    int64_t chapter_id, meeting_id, now;
    const char *phase;                /* the phase to move to */
    const char *new_status;           /* out: the chapter's status when closing changed it, or NULL */
} PhaseChange;
/* Moves the meeting to p->phase; closing it applies the chapter's lifecycle. */
int meeting_advance(DbConn *c, Err *e, PhaseChange *p);

/* Posts a success or a challenge (kind), which also marks its author present. */
int round_post(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *kind, const char *body, int64_t *id);
int round_edit(DbConn *c, Err *e, int64_t meeting_id, int64_t round_id, const char *body);
/* Shares a round with the network (anonymously), or stops sharing it. */
int round_publish(DbConn *c, Err *e, int64_t meeting_id, int64_t round_id, bool shared);
int story_post(DbConn *c, Err *e, int64_t meeting_id, int64_t round_id, int64_t user_id, const char *body, bool flagged,
               int64_t *id);
int commitment_add(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id, int64_t user_id, const char *body,
                   int64_t *id);
/* Sets a commitment's status, noting the meeting where it happened (0: none). */
int commitment_set_status(DbConn *c, Err *e, int64_t id, const char *status, int64_t meeting_id);

/* --- tick.c --- */
typedef struct TickReport {
    int scheduled, reminders, summaries, activated, dormant;
} TickReport;
/* The periodic work at time `now`: keeps every series scheduled ahead, queues
 * reminders before meetings, applies the lifecycle. */
int meetings_tick(DbConn *c, int64_t now, TickReport *out, Err *e);
Lifecycle lifecycle_settings(DbConn *c, Arena *a);
/* meetings_tick as Feature.tick: what it did, appended to report. */
int meetings_tick_feature(DbConn *c, int64_t now, Buf *report, Err *e);

/* --- health.c: the chapter's health, for the chapter page and the meetings page --- */
/* {meetings_held, last_meeting_at, average_attendance} and, for members only,
 * next_meeting_at and next_meeting_local (in `timezone`, text in the arena).
 * New reference, or NULL with the error set. */
json_t *chapter_health(DbConn *c, Err *e, Arena *a, int64_t chapter_id, const char *timezone, bool member);

/* --- for the books (contributions recorded at a meeting) --- */
/* Whether the chapter has a meeting with this id: 1 yes, 0 no, -1 error. */
int meeting_in_chapter(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id);


/* --- calendar.c: the secret addresses of personal feeds --- */
/* The address's mac for the member and their calendar key, under the node
 * secret (32 bytes): an HMAC, nothing stored (arena). */
const char *calendar_feed_mac(Arena *a, const unsigned char *secret, int64_t user_id, int64_t key);
/* The secret address of a member's personal calendar feed (arena), or NULL with e. */
const char *calendar_feed_url(DbConn *c, Err *e, Arena *a, const unsigned char *secret, const char *public_url,
                              int64_t user_id);

/* --- recording history (store.c): rows written as they were, without the live
 * rules (a meeting's phase, the clock) — for what already happened: the demo's
 * eighteen months, an import. Inside db_write. --- */
int series_put(DbConn *c, Err *e, int64_t chapter_id, const SeriesFields *f);
int meeting_insert(DbConn *c, Err *e, int64_t chapter_id, const char *occurrence, int64_t starts, int64_t ends,
                   const char *timezone, const char *venue, const char *url, int64_t *id);
int rsvp_put(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *answer);
int attendance_put(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, bool present, int64_t by);
int round_insert(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *kind, const char *body, int64_t *id);
int round_set_shared(DbConn *c, Err *e, int64_t id, bool shared);
int story_insert(DbConn *c, Err *e, int64_t round_id, int64_t user_id, const char *body, bool flagged, int64_t *id);
int commitment_insert(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id, int64_t user_id, const char *body,
                      int64_t *id);
int commitment_close(DbConn *c, Err *e, int64_t id, const char *status, int64_t meeting_id);

/* What meetings give the web layer: the numeric {meeting} and {round}. */
extern const Feature meetings_feature;

/* --- handlers (see src/routes.h) --- */
int meetings_index(Req *r);
int series_update(Req *r);
int meeting_create(Req *r);
int meeting_show(Req *r);
/* routes_contributions.c: a meeting's small contributions, into the chapter's books */
int meeting_contributions(Req *r);
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
