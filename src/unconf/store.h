/* store.h - the SQL of the unconference (private to src/unconf/). Functions
 * return new JSON references (NULL on error) or an int (1/0 found, -1 error);
 * writers (0 or -1) are called inside db_write. */
#ifndef GLOCAL_UNCONF_STORE_H
#define GLOCAL_UNCONF_STORE_H

#include "unconf/unconf.h"

/* The board of an event: {event_id, has_board, dots, voting_closes_at, seed,
 * quality, random_quality, built_at, starts_at, ends_at, timezone, title,
 * event_status}, with the defaults when the organiser has set nothing yet.
 * 1, 0 no such event, -1. */
int unconf_board_row(DbConn *c, Err *e, int64_t event_id, json_t **out);
int unconf_board_save(DbConn *c, Err *e, int64_t event_id, int64_t dots, int64_t closes_at, int64_t now);
int unconf_board_built(DbConn *c, Err *e, int64_t event_id, int64_t seed, int64_t quality, int64_t random_quality,
                       int64_t now);
/* 1 when the user holds a ticket to the event (not waitlisted, not cancelled). */
int unconf_ticket_holder(DbConn *c, Err *e, int64_t event_id, int64_t user_id);

/* rooms and slots, in their order */
json_t *unconf_room_rows(DbConn *c, Err *e, int64_t event_id);
int unconf_room_insert(DbConn *c, Err *e, int64_t event_id, const char *name, int64_t capacity, int64_t *id);
int unconf_room_delete(DbConn *c, Err *e, int64_t event_id, int64_t id);
json_t *unconf_slot_rows(DbConn *c, Err *e, int64_t event_id);
int unconf_slot_insert(DbConn *c, Err *e, int64_t event_id, int64_t starts_at, int64_t ends_at, int64_t *id);
int unconf_slot_delete(DbConn *c, Err *e, int64_t event_id, int64_t id);

/* sessions */
typedef struct SessionRow {
    int64_t event_id, proposer_id;
    const char *title, *description, *kind;
    int64_t now;
} SessionRow;
int unconf_session_insert(DbConn *c, Err *e, const SessionRow *s, int64_t *id);
/* {id, event_id, title, description, kind, proposer_id, proposer, status,
 * merged_into, room_id, slot_id, is_locked, ...}: 1, 0 none (or not of the event), -1. */
int unconf_session_row(DbConn *c, Err *e, int64_t event_id, int64_t id, json_t **out);
int unconf_session_update(DbConn *c, Err *e, int64_t id, const SessionRow *s);
int unconf_session_status_set(DbConn *c, Err *e, int64_t id, const char *status, int64_t merged_into, int64_t now);
/* The proposed sessions of an event with their votes (dots, voters), the
 * viewer's own dots on each, and where the grid put them; most dots first. */
json_t *unconf_session_rows(DbConn *c, Err *e, int64_t event_id, int64_t viewer);
/* 1 when the user proposed the session or presents it. */
int unconf_presenter_of(DbConn *c, Err *e, int64_t session_id, int64_t user_id);
int unconf_presenter_insert(DbConn *c, Err *e, int64_t session_id, int64_t user_id);
int unconf_presenter_delete(DbConn *c, Err *e, int64_t session_id, int64_t user_id);
/* The person holding a ticket to the event with this e-mail address (any
 * case): 1 with *user_id, 0 nobody, -1. */
int unconf_ticket_holder_by_email(DbConn *c, Err *e, int64_t event_id, const char *email, int64_t *user_id);
json_t *unconf_presenter_rows(DbConn *c, Err *e, int64_t event_id);   /* [{session_id, user_id}] */
int unconf_unavailable_set(DbConn *c, Err *e, int64_t session_id, const int64_t *slots, int n);
json_t *unconf_unavailable_rows(DbConn *c, Err *e, int64_t event_id); /* [{session_id, slot_id}] */

/* votes */
int unconf_vote_set(DbConn *c, Err *e, int64_t session_id, int64_t user_id, int64_t dots, int64_t now);
/* The dots the user has on the event's proposed sessions but `except`. */
int unconf_dots_used(DbConn *c, Err *e, int64_t event_id, int64_t user_id, int64_t except, int64_t *n);
/* Moves every vote of `from` to `into` (a merge): a voter on both keeps the larger. */
int unconf_votes_move(DbConn *c, Err *e, int64_t from, int64_t into, int64_t now);
json_t *unconf_vote_rows(DbConn *c, Err *e, int64_t event_id);       /* [{session_id, user_id}] */

/* The placed sessions with their times and rooms, in time order; mine > 0:
 * only those the person presents or put dots on. */
json_t *unconf_placed_rows(DbConn *c, Err *e, int64_t event_id, int64_t mine);

/* the capture */
int unconf_capture_set(DbConn *c, Err *e, int64_t id, const char *notes, int64_t headcount, int64_t scribe_id, int64_t now);
int unconf_item_set(DbConn *c, Err *e, int64_t id, int64_t item_id, int64_t now);
/* [{user_id}] of the session's presenters (its proposer first) and its scribe. */
json_t *unconf_author_rows(DbConn *c, Err *e, int64_t id);

/* the grid */
int unconf_place(DbConn *c, Err *e, int64_t session_id, int64_t room_id, int64_t slot_id, bool locked, int64_t now);
/* Takes every unlocked session of the event out of the grid. */
int unconf_unplace_unlocked(DbConn *c, Err *e, int64_t event_id, int64_t now);

/* the sponsors' view: every proposed session with where and when it was, its
 * dots and voters, its headcount, whether it is captured, and for a published
 * capture its commons slug, uses, places and adaptations; in time order, the
 * unplaced last */
json_t *unconf_report_rows(DbConn *c, Err *e, int64_t event_id);

/* reminders to capture: placed sessions without notes, never reminded, of an
 * event not cancelled, whose slot ended in (ended_after, ended_before] */
json_t *unconf_capture_due(DbConn *c, Err *e, int64_t ended_before, int64_t ended_after, int limit);
/* [{id, name, email}] of the session's presenters (its proposer too) */
json_t *unconf_presenter_contacts(DbConn *c, Err *e, int64_t session_id);
/* [{id, name}] of the same, for pages: the proposer first */
json_t *unconf_presenter_names(DbConn *c, Err *e, int64_t session_id);
int unconf_capture_reminded(DbConn *c, Err *e, int64_t id, int64_t now);

#endif
