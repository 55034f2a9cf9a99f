/* unconf.h - unconferences (M5, issue 14): an event made from a format with a
 * session board gets rooms and time slots; its ticket holders propose sessions
 * and spend dots on those they want to attend; the organiser builds the room ×
 * slot grid from the votes (schedule.h, the optimiser), moves and locks
 * sessions; each session is captured and published into the commons.
 *
 * rules.c: pure rules (kinds, fields, who may do what in which phase, dots);
 * board.c (settings, rooms, slots), sessions.c (proposals), votes.c, grid.c
 * (building and editing the grid): operations, each its transaction, no Req;
 * store.c / store.h: all the SQL (private); routes*.c: handlers. */
#ifndef GLOCAL_UNCONF_H
#define GLOCAL_UNCONF_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"
#include "unconf/schedule.h"
#include "web/feature.h"

enum {
    SESSION_TITLE_MAX = 120,
    SESSION_DESCRIPTION_MAX = 4000,
    BOARD_DOTS_DEFAULT = 5,
    BOARD_DOTS_MAX = 50,
    BOARD_ROOMS_MAX = 50,
    BOARD_SLOTS_MAX = 48,            /* within SCHED_MAX_SLOTS */
    BOARD_SESSIONS_MAX = 500,
    SESSION_PRESENTERS_MAX = 5,
};

/* ======================= rules.c (pure) ======================= */

/* talk, discussion, workshop */
bool session_kind_valid(const char *kind);
const char *session_kind_name(const char *kind);   /* "Discussion", or NULL */
/* Notes each problem with a proposal's fields in f. */
void session_fields_check(const char *title, const char *description, const char *kind, FieldErrs *f);

/* Who the caller is to a board, and where the board stands. */
typedef struct BoardRel {
    bool logged_in;
    bool ticket;        /* holds a ticket to the event */
    bool organiser;     /* organises the event (or administers the network) */
    bool presenter;     /* proposed the session, or presents it with its proposer */
} BoardRel;

typedef enum BoardAct {
    BA_SEE,             /* the board and its proposals */
    BA_PROPOSE,
    BA_EDIT,            /* change one's own proposal */
    BA_WITHDRAW,
    BA_VOTE,
    BA_MERGE,           /* the organiser merges a duplicate into another */
    BA_ORGANISE,        /* settings, rooms, slots, building and editing the grid */
} BoardAct;

/* 0 when the act is allowed, -1 with e (401, 403 or 409 and a sentence that
 * says what to do). `voting_open`: before the board's close; `event_open`:
 * the event is neither closed nor cancelled. */
int board_may(BoardAct act, const BoardRel *rel, bool voting_open, bool event_open, Err *e);

/* Whether `dots` on one session is allowed when the voter has spent `elsewhere`
 * on the other sessions of the board and has `allowed` in all: 0, or -1 with a
 * sentence (E_INVALID for a negative number, E_CONFLICT for too many). */
int vote_check(int64_t dots, int64_t elsewhere, int64_t allowed, Err *e);

/* The board's close: the given time, or the event's start when none. */
int64_t board_closes_at(int64_t voting_closes_at, int64_t event_starts_at);

#endif
