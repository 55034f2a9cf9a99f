/* unconf.h - unconferences (M5, issue 14): an event made from a format with a
 * session board gets rooms and time slots; its ticket holders propose sessions
 * and spend dots on those they want to attend; the organiser builds the room ×
 * slot grid from the votes (schedule.h, the optimiser), moves and locks
 * sessions; each session is captured and published into the commons.
 *
 * rules.c: pure rules (kinds, fields, who may do what in which phase, dots);
 * board.c (settings, rooms, slots), sessions.c (proposals and votes), grid.c
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
#include "web/req.h"

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

/* Who may keep a session's capture (its notes): its presenters, its scribe,
 * the organisers — or any ticket holder while it has no scribe yet (they
 * become its scribe). 0, or -1 with e. Once published, the words live in the
 * commons (409). */
typedef struct CaptureRel {
    bool logged_in, presenter, scribe, organiser, ticket, has_scribe, published, event_cancelled;
} CaptureRel;
int capture_may(const CaptureRel *rel, Err *e);

/* The board's close: the given time, or the event's start when none. */
int64_t board_closes_at(int64_t voting_closes_at, int64_t event_starts_at);
/* The venue's screen: of the slots [{starts_at, ends_at}], the index of the
 * one on at `now` and of the first to start after it (-1: none). */
void slots_now_next(json_t *slots, int64_t now, int *now_i, int *next_i);

/* ======================= operations (Req-free, each its transaction) ======================= */

/* Who calls, on which event (the {event} the guard loaded). */
typedef struct BoardCaller {
    int64_t event_id, user_id;
    bool organiser;     /* r->object_manager */
    int64_t now;
} BoardCaller;

/* --- board.c: the organiser's settings, rooms and slots --- */
int board_settings_save(DbConn *c, Err *e, const BoardCaller *by, int64_t dots, int64_t closes_at, FieldErrs *f);
int board_room_add(DbConn *c, Err *e, const BoardCaller *by, const char *name, int64_t capacity, FieldErrs *f,
                   int64_t *id);
int board_room_remove(DbConn *c, Err *e, const BoardCaller *by, int64_t id);
int board_slot_add(DbConn *c, Err *e, const BoardCaller *by, int64_t starts_at, int64_t ends_at, FieldErrs *f,
                   int64_t *id);
int board_slot_remove(DbConn *c, Err *e, const BoardCaller *by, int64_t id);
/* The board as a page or the API shows it: {board, rooms, slots, sessions,
 * my: {dots, used, left, ticket, organiser}, voting_open}. NULL with e. */
json_t *board_view(DbConn *c, Err *e, const BoardCaller *by);

/* --- sessions.c: proposals --- */
typedef struct SessionIn {
    const char *title, *description, *kind;
    const int64_t *unavailable;   /* slot ids the presenters cannot make */
    int n_unavailable;
    /* co-presenters: one added by the e-mail address they hold a ticket
     * with (NULL or "": none), and those taken off (person ids) */
    const char *add_presenter;
    const int64_t *remove_presenters;
    int n_remove;
} SessionIn;
int session_propose(DbConn *c, Err *e, const BoardCaller *by, const SessionIn *in, FieldErrs *f, int64_t *id);
int session_change(DbConn *c, Err *e, const BoardCaller *by, int64_t id, const SessionIn *in, FieldErrs *f);
int session_withdraw(DbConn *c, Err *e, const BoardCaller *by, int64_t id);
/* The organiser merges a duplicate into another session: its votes move there
 * (a voter on both keeps the larger number of dots), its presenters join it. */
int session_merge(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t into);

/* --- votes.c --- */
/* Puts `dots` (0: none) of the caller's on a session; the total stays within the board's dots. */
int session_vote(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t dots);

/* The placed sessions (times, rooms) of the board, or only the person's own
 * (presented or voted for) when mine > 0; NULL with e (404 without a board). */
json_t *schedule_sessions(DbConn *c, Err *e, const BoardCaller *by, int64_t mine);

/* --- capture.c: what each session found, into the commons --- */
enum { CAPTURE_NOTES_MAX = 20000 };
/* Saves the notes (Markdown) and the headcount (-1: not given) of a session;
 * a ticket holder capturing a session without a scribe becomes its scribe. */
int session_capture(DbConn *c, Err *e, const BoardCaller *by, int64_t id, const char *notes, int64_t headcount,
                    FieldErrs *f);
/* Publishes the notes as a commons item (session notes, origin the session,
 * under the network's default licence) naming its presenters and scribe as
 * authors: public once they all consent (src/commons/). *item: its id. */
int session_capture_publish(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t *item);

/* One session: {session, can_capture, capture_refusal}; NULL with e (404). */
json_t *session_view(DbConn *c, Err *e, const BoardCaller *by, int64_t id);

/* --- report.c: the sponsors' view and the reminders to capture --- */
/* Every proposed session with its slot, room, dots, voters, headcount and
 * capture, and for published notes their slug, uses, places and adaptations;
 * with the totals: {sessions[...], totals{sessions, placed, captured,
 * published, counted, headcount, average, uses, adaptations}}. Public, as
 * the board is (only counts, no notes nor names of voters). */
json_t *unconf_report_view(DbConn *c, Err *e, const BoardCaller *by);
/* The presenters of a session that ended between CAPTURE_REMIND_AFTER and
 * CAPTURE_REMIND_WITHIN ago and has no notes are reminded once, by mail
 * (Feature.tick; at most CAPTURE_REMIND_BATCH sessions a run). */
enum { CAPTURE_REMIND_AFTER = 2 * 3600, CAPTURE_REMIND_WITHIN = 14 * 86400, CAPTURE_REMIND_BATCH = 200 };
int unconf_tick(DbConn *c, int64_t now, Buf *report, Err *e);

/* --- grid.c: the room × slot grid --- */
/* Builds the grid from the votes with the optimiser: locked sessions stay,
 * the others are placed anew. *out: the optimiser's figures. */
typedef struct GridBuilt {
    int placed, unplaced, over_capacity;
    double quality, random_quality;
} GridBuilt;
int grid_build(DbConn *c, Err *e, const BoardCaller *by, int64_t seed, GridBuilt *out);
/* The organiser puts a session in a cell (room_id, slot_id: 0 and 0 takes it
 * out of the grid), locked or not; a session already there swaps with it. */
int grid_place(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t room_id, int64_t slot_id, bool locked);

/* ======================= handlers (routes.c; src/routes.h: UNCONF_ROUTES) ======================= */
int board_show(Req *r);
int grid_show(Req *r);
int grid_screen(Req *r);
int sessions_report(Req *r);
int session_show(Req *r);
int session_capture_submit(Req *r);
int session_publish_submit(Req *r);
int schedule_calendar(Req *r);
int my_schedule_calendar(Req *r);
int board_update(Req *r);
int session_create(Req *r);
int session_update(Req *r);
int session_withdraw_submit(Req *r);
int session_merge_submit(Req *r);
int session_vote_submit(Req *r);
int room_create(Req *r);
int room_delete(Req *r);
int slot_create(Req *r);
int slot_delete(Req *r);
int grid_create(Req *r);
int session_place(Req *r);

extern const Feature unconf_feature;

#endif
