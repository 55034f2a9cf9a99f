/* internal.h - what the unconference's operations share (private to src/unconf/). */
#ifndef GLOCAL_UNCONF_INTERNAL_H
#define GLOCAL_UNCONF_INTERNAL_H

#include "unconf/store.h"

/* A board loaded for an act: its row (unconf_board_row), its close, and who
 * the caller is to it. */
typedef struct Board {
    json_t *row;
    int64_t closes_at, dots;
    bool voting_open, event_open;
    BoardRel rel;
} Board;

/* Loads the board of by->event_id and checks that the caller may do `act`
 * (about session_id, 0: none): 0, or -1 with e (404 when the event has no
 * board). board_free after, in both cases. */
int board_load(DbConn *c, Err *e, const BoardCaller *by, BoardAct act, int64_t session_id, Board *b);
void board_free(Board *b);

#endif
