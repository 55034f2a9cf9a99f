/* schedule.h - the unconference optimiser (issue 14, point 4): sessions placed in
 * a room x slot grid so that as many attendees as possible can attend what they
 * voted for. Pure code (src/unconf/rules_schedule.c): no I/O, no clock, no global
 * randomness; the seed is an argument, so one input and one seed give one grid.
 *
 * Hard: a presenter is never in two sessions of one slot, presenters' unavailable
 * slots are kept, locked sessions stay in their cell, one session per cell, a cell
 * the availability mask closes holds nothing. Soft: sessions sharing voters go to
 * different slots; no session in a room smaller than its interest while a room
 * that fits it could take it (within a slot, rooms go by interest vs capacity).
 *
 * Quality: for each voter, the voted sessions they can attend (placed, at most
 * one per slot), over all votes: 0..1 (1 when there are no votes). The same
 * figure for a random valid grid of the same seed is the yardstick. */
#ifndef GLOCAL_UNCONF_SCHEDULE_H
#define GLOCAL_UNCONF_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

#define SCHED_MAX_SLOTS 64   /* a presenter's unavailable slots are one uint64_t */
#define SCHED_MAX_ROOMS 1024
#define SCHED_MAX_SESSIONS 1000
#define SCHED_MAX_VOTERS 20000

typedef struct SchedSession {
    int interest;               /* expected attendance; <= 0: the number of its voters */
    const int64_t *presenters;  /* person ids (any order; none is allowed) */
    int n_presenters;
    uint64_t unavailable;       /* bit s: a presenter cannot make slot s */
    int lock_room, lock_slot;   /* the locked cell, or -1, -1 */
} SchedSession;

typedef struct SchedVoter {
    int64_t id;                 /* the person (for the caller; not read) */
    const int *sessions;        /* indexes into SchedInput.sessions; repeats count once */
    int n;
} SchedVoter;

typedef struct SchedInput {
    int n_rooms;
    const int *capacity;        /* per room, >= 0 */
    int n_slots;                /* 1..SCHED_MAX_SLOTS */
    const uint8_t *open;        /* [room * n_slots + slot] nonzero: the cell can be used; NULL: all */
    int n_sessions;
    const SchedSession *sessions;
    int n_voters;
    const SchedVoter *voters;
    uint64_t seed;
    long iterations;            /* local search budget; 0: SCHED_ITERATIONS */
} SchedInput;

#define SCHED_ITERATIONS 200000L

typedef enum SchedReason {
    SCHED_PLACED = 0,
    SCHED_NO_CELL,              /* every slot its presenters can make is full */
    SCHED_UNAVAILABLE,          /* its presenters can make no slot that has an open room */
    SCHED_PRESENTER_BUSY,       /* its presenters are in other sessions in every free slot */
} SchedReason;

typedef struct SchedResult {
    int *room, *slot;           /* per session; -1 when unplaced */
    SchedReason *reason;        /* per session */
    bool *over_capacity;        /* per session: placed in a room smaller than its interest */
    int n_sessions;
    long votes;                 /* every distinct (voter, session) vote */
    long attended;              /* the votes that can be attended in this grid */
    long random_attended;       /* the same in the random grid */
    double quality, random_quality;
    double improvement;         /* quality / random_quality - 1 (0 when random is 0) */
    double lost_cut;            /* 1 - lost votes / random's lost votes (1 when random lost none) */
    int n_over_capacity, n_unplaced, random_unplaced;
    long iterations_run;        /* <= the budget: the bound that keeps the time */
} SchedResult;

/* Builds the grid into out (freed by sched_result_free, also after an error).
 * Invalid input (sizes, a lock outside the grid, in a closed cell or a slot its
 * presenters cannot make, two locks on one cell or one presenter locked twice in
 * a slot, a vote for no session) is refused with E_INVALID and a sentence. */
int sched_build(const SchedInput *in, SchedResult *out, Err *err);
void sched_result_free(SchedResult *out);

/* Checks the input as sched_build does (0, or -1 with E_INVALID and a sentence):
 * for an organiser's lock or move before the grid is rebuilt. */
int sched_check(const SchedInput *in, Err *err);

/* Do two sessions share a presenter? Is a room open in a slot? */
bool sched_share_presenter(const SchedSession *a, const SchedSession *b);
bool sched_cell_open(const SchedInput *in, int room, int slot);

/* The votes attendable in a grid given by slot per session (-1 unplaced), and
 * the total of votes in *votes: the quality any grid has, checked by tests. */
long sched_attended(const SchedInput *in, const int *slot, long *votes);

/* A sentence for a reason ("every slot its presenters can make is full"). */
const char *sched_reason_text(SchedReason r);

/* ---------- generated unconferences (rules_schedule_gen.c) ----------
 * Cases made from sizes and a seed, for the unit tests and `glocal
 * bench-schedule`: voters spend their dots mostly within one theme (session i
 * is of theme i mod themes) on sessions of skewed popularity; rooms sized from
 * the interests; some presenters shared, some slots missed, some sessions
 * locked, some cells closed. Pure and deterministic: one spec, one case. */

typedef struct SchedGen {
    int sessions, rooms, slots, voters;
    int votes;                  /* dots per voter (at most the sessions) */
    double skew;                /* popularity: session i weighs 1 / (i + 1)^skew */
    int themes;                 /* > 0: each voter votes mostly within one theme; 0: by popularity alone */
    double focus;               /* with themes: the share of dots within it (0: 0.9) */
    int shared;                 /* every shared-th session shares a presenter with the one before (0: none) */
    int unavailable;            /* every unavailable-th session's presenter misses a slot (0: none) */
    int locks;                  /* sessions locked to cells (sessions 3, 10, 17...; fewer if the grid is small) */
    bool closed;                /* a room closed in every third slot (with two rooms or more) */
    uint64_t seed;
} SchedGen;

/* The realistic kind: 6 dots a voter, nine in ten within one of 5 themes,
 * popularity skewed (0.8), every fifth session sharing a presenter, every
 * fourth missing a slot, four locks, three cells closed in 8 slots. */
SchedGen sched_gen_themed(int sessions, int rooms, int slots, int voters, uint64_t seed);

typedef struct SchedCase {
    SchedInput in;              /* points into the arrays below */
    int *capacity, *votes;
    SchedSession *sessions;     /* the test may edit them (locks) */
    SchedVoter *voters;
    int64_t *presenters;
    uint8_t *open;
} SchedCase;

/* Makes the case of g into c (allocated; freed by sched_case_free, also after
 * an error). Sizes outside the optimiser's limits are refused with E_INVALID. */
int sched_case_make(const SchedGen *g, SchedCase *c, Err *err);
void sched_case_free(SchedCase *c);

#endif
