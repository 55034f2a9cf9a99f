/* store.h - the SQL of chapter meetings (private to src/meetings/). */
#ifndef GLOCAL_MEETINGS_STORE_H
#define GLOCAL_MEETINGS_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "meetings/meetings.h"

int series_get(DbConn *c, Err *e, int64_t chapter_id, json_t **out);
/* Removes the series' future meetings that have not started (before a new schedule). */
int series_clear_future(DbConn *c, Err *e, int64_t chapter_id, int64_t now);
/* Meetings of a chapter with the answer (my_answer) of user_id. */
/* Every one not yet held, soonest first: the series keeps MEETING_HORIZON_DAYS
 * ahead, and connectors add single ones. */
json_t *meeting_upcoming(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t now);
/* A page of those held (limit rows from offset: web/paging.h), the latest first. */
json_t *meeting_past(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t now, int64_t limit, int64_t offset);
int meeting_get(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t id, json_t **out);
/* A meeting's id, status and phase only (no figures): 1, 0 none in that chapter, -1. */
int meeting_state(DbConn *c, Err *e, int64_t chapter_id, int64_t id, json_t **out);
int meeting_move(DbConn *c, Err *e, int64_t id, int64_t starts, int64_t ends, const char *venue, const char *url);
int meeting_cancel_one(DbConn *c, Err *e, int64_t id);
/* What anyone may know of a meeting (that it exists, its state, its chapter;
 * never when or where: that is for members): 1, 0 none, -1. */
int meeting_public(DbConn *c, Err *e, int64_t id, json_t **out);
int meeting_set_phase(DbConn *c, Err *e, int64_t id, const char *phase, int64_t now);
/* The meeting's phase into phase (at most 15 characters): 1, 0 no such meeting, -1 error. */
int meeting_phase_read(DbConn *c, Err *e, int64_t id, char phase[16]);
/* Tells the room something changed (live updates). */
int meeting_bump(DbConn *c, Err *e, int64_t id);

/* Every member of the chapter with their answer and attendance for the meeting. */
json_t *meeting_roster(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id);
/* Marks the person present (sharing a round means being there), keeping who recorded it before. */
int attendance_mark_present(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id);

int round_get(DbConn *c, Err *e, int64_t meeting_id, int64_t id, json_t **out);
int round_save(DbConn *c, Err *e, int64_t id, const char *body);
json_t *meeting_rounds(DbConn *c, Err *e, int64_t meeting_id);
json_t *meeting_stories(DbConn *c, Err *e, int64_t meeting_id);

int commitment_get(DbConn *c, Err *e, int64_t chapter_id, int64_t id, json_t **out);
/* Open commitments of the chapter, and those made in this meeting. */
json_t *chapter_commitments(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id);

json_t *chapter_absence_counts(DbConn *c, Err *e, int64_t chapter_id, int64_t since);

json_t *chapter_feed_meetings(DbConn *c, Err *e, int64_t chapter_id, int64_t since);
json_t *personal_feed_meetings(DbConn *c, Err *e, int64_t user_id, int64_t since);
int user_calendar_key(DbConn *c, Err *e, int64_t user_id, int64_t *key);
int user_calendar_bump(DbConn *c, Err *e, int64_t user_id);

/* For the periodic work. */
json_t *series_all(DbConn *c, Err *e);
json_t *meetings_due_reminder(DbConn *c, Err *e, int64_t now, int64_t before);
json_t *meeting_reminder_recipients(DbConn *c, Err *e, int64_t meeting_id);
int meeting_mark(DbConn *c, Err *e, int64_t id, const char *what, int64_t now);
json_t *meetings_due_summary(DbConn *c, Err *e);
json_t *chapters_lifecycle_facts(DbConn *c, Err *e);
/* {status, created_at, held, last_held} of one chapter: 1 found, 0 none, -1 error. */
int chapter_lifecycle_facts(DbConn *c, Err *e, int64_t chapter_id, json_t **out);
int chapter_set_status(DbConn *c, Err *e, int64_t chapter_id, const char *status);
/* {meetings_held, last_meeting_at, next_meeting_at, attendances} of a chapter. */
int chapter_health_facts(DbConn *c, Err *e, int64_t chapter_id, json_t **out);
/* The chapter's absence rule: `limit` absences within `window_days`. */
int chapter_set_absence_rule(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t window_days);

#endif
