/* governance.h - governance (M8, issue 12): matters raised in a chapter and
 * escalated along a path that follows the network's density, steering
 * committees and the board, proposals and polls with delegation, elections
 * of committees and the board by secret ballot counted by STV with a ballot
 * box anyone can recount, and the decision records they all leave.
 *
 * Files, by area (each area: its rules, operations, store and handlers):
 *   path/committees/matters: rules_path.c (the escalation path, pure),
 *       committees.c, matters.c, store_matters.c, routes_matters.c
 *   proposals/polls/delegation/decisions: rules_polls.c (pure: validating and
 *       counting a vote of every kind, quorum, delegation), polls.c,
 *       decisions.c, store_polls.c, routes_polls.c
 *   elections: count.c (STV and approval counts, pure), count_blt.c (the
 *       BLT format, pure), box.c (the ballot box's hash chain, pure),
 *       elections.c, store_elections.c, routes_elections.c
 *   routes.c: the Feature (loaders, tick). store.h: private to the feature. */
#ifndef GLOCAL_GOVERNANCE_H
#define GLOCAL_GOVERNANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

/* ======================= committees (committees.c) ======================= */
/* A steering committee is the committee of one place (a metro, a region or a
 * country), or the board (place 0). Its key in addresses is the place's slug,
 * or "board". */
typedef struct SeatIn {
    int64_t committee_id, user_id;
    const char *source;          /* "elected" or "appointed" */
    int64_t election_id;         /* elected: the election (0: appointed) */
    int64_t since, term_ends_at;
} SeatIn;
/* The committee of a place (place_id 0: the board), made if it has none (its
 * level from the place's kind). Runs its own transaction (or joins the
 * caller's). */
int committee_ensure(DbConn *c, Err *e, int64_t place_id, int64_t *id);
/* A committee by key (a place's slug, or "board"), made on first use when the
 * place exists: 1 found (*out {id, key, level, name, place_id, place_name,
 * place_slug, seats, term_months, chair_id, chair_name, created_at}), 0 no
 * such place, -1 error. */
int committee_find(DbConn *c, Err *e, const char *key, json_t **out);
/* The same by id: 1, 0, -1. */
int committee_get(DbConn *c, Err *e, int64_t id, json_t **out);
/* Whether user_id sits on the committee at `now`: 1, 0, -1. */
int committee_seated(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t now);
/* The members at `now`: [{user_id, name, source, election_id, since, term_ends_at, is_chair}]. */
json_t *committee_members(DbConn *c, Err *e, int64_t committee_id, int64_t now);
/* The committees user_id sits on at `now`: [{committee_id, key, name, level, since, term_ends_at}]. */
json_t *committees_of(DbConn *c, Err *e, int64_t user_id, int64_t now);
/* Gives someone a seat (an administrator's appointment, or an election's
 * result); 409 when they already sit there. Inside or outside a transaction. */
int committee_seat(DbConn *c, Err *e, const SeatIn *in);
/* Ends a seat at `at` (404 when they do not sit there). */
int committee_unseat(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t at);
/* Changes seats, term and chair (chair_id 0: none; the chair must sit there: 422). */
int committee_configure(DbConn *c, Err *e, int64_t committee_id, int64_t seats, int64_t term_months, int64_t chair_id);

/* ======================= decision records (decisions.c) ======================= */
/* What a closed proposal, poll, election or matter leaves: never changed. */
typedef struct DecisionIn {
    int64_t committee_id, chapter_id;   /* the body that decided (one of them) */
    int64_t place_id;                   /* the place it concerns (a committee's place, a chapter's metro; 0: network) */
    int64_t matter_id;                  /* the matter it settles (0: none) */
    const char *source;                 /* "proposal", "poll", "election", "matter" */
    int64_t source_id;
    const char *title, *statement;
    json_t *counts;                     /* borrowed (NULL: {}): the counts, rounds, links */
    int64_t opened_at, decided_at, review_at, created_by;
} DecisionIn;
/* Records a decision (joins the caller's transaction): 0 and *id, or -1. */
int decision_record(DbConn *c, Err *e, const DecisionIn *in, int64_t *id);
/* One record: 1 (*out with body, place and source names), 0, -1. */
int decision_get(DbConn *c, Err *e, int64_t id, json_t **out);

/* ======================= path, matters (B) ======================= */
/* A poll or proposal about a matter closed in its body: the matter is
 * settled by that decision (joins the caller's transaction). */
int matter_settle(DbConn *c, Err *e, int64_t matter_id, int64_t decision_id, int64_t by, int64_t at);

/* ======================= proposals, polls, decision lists (C) ====================== */
/* The polls and proposals of a body (chapter_id or committee_id), newest
 * first, as its pages list them, with whether `viewer` voted. */
json_t *polls_of_body(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t viewer, int64_t now);
/* Decision records, newest first: of a committee, a chapter, a place (and the
 * places below it), or the whole network (all 0); at most `limit`. */
typedef struct DecisionFilter {
    int64_t committee_id, chapter_id, place_id;
    int64_t limit;
} DecisionFilter;
json_t *decisions_list(DbConn *c, Err *e, const DecisionFilter *f);

/* ======================= counting (A: count.c, pure) ======================== */
/* Ranked or approval ballots over candidates numbered 0..candidates-1:
 * ballot i is prefs[start[i] .. start[i+1]) (n + 1 offsets), most preferred
 * first (approval: the approved candidates, in any order). */
typedef struct CountInput {
    int candidates, seats;
    size_t n;
    const int32_t *prefs;
    const uint32_t *start;
    const char *const *names;      /* for the rounds' text (may be NULL) */
} CountInput;
/* Single transferable vote (the rules are documented in count.c and
 * docs/GOVERNANCE.md: Droop quota, weighted inclusive Gregory transfers, one
 * election per round, as belenios-tool counts): {method: "stv", seats,
 * ballots (all given), valid (counted: none names a candidate twice or a
 * number that is no candidate), quota (votes), winners: [i..] (in the order
 * elected), rounds: [{round (1..), tallies: ["12", "5.5", ..] (each
 * candidate's votes at the start of the round, exact decimal strings:
 * those elected earlier keep the quota, those out 0), non_transferable
 * (valid minus the tallies: exhausted ballots and rounding), elected: [..],
 * eliminated: [..], note (what happened, in words)}], ties: [{round, for:
 * "election"|"exclusion", between: [..], chose, how: "earlier round"|
 * "ballot order", decided_at_round (with "earlier round")}]}. NULL with e
 * on bad input (no candidate, no seat, malformed offsets). */
json_t *stv_count(const CountInput *in, Err *e);
/* Approval: the `seats` candidates with most approvals, ties at the last
 * seat broken by the ballot order; a candidate nobody approved is not
 * elected. The same shape as stv_count (quota null, one round). */
json_t *approval_count(const CountInput *in, Err *e);

/* The BLT format that STV counters read (OpenSTV and others): a line
 * "candidates seats", an optional line of withdrawn candidates (negative
 * numbers), one line per ballot "weight c1 c2 ... 0" (candidates numbered
 * from 1, most preferred first), a line "0", the candidates' names in
 * double quotes, one a line, and the title in double quotes.
 * blt_write writes one ballot a line with weight 1, in the order given
 * (malloc'd; NULL when a ballot names a number that is no candidate). Names
 * (in->names, or "Candidate N") and the title have double quotes turned into
 * apostrophes and line breaks into spaces, which the format cannot hold. */
char *blt_write(const CountInput *in, const char *title);
/* What blt_read reads: `in` points into the arrays below (a ballot of weight
 * w becomes w ballots; withdrawn candidates are left out of every ballot,
 * so they are ranked on none and cannot be elected). */
typedef struct BltData {
    CountInput in;
    int32_t *prefs;
    uint32_t *start;
    char **names;
    char *title;
    int *withdrawn;                /* 0-based */
    int nwithdrawn;
} BltData;
/* Reads a BLT text: 0, or -1 with e (E_INVALID, saying the line) and nothing
 * to free. Comments (from "#" to the end of a line) and ballot ids in
 * parentheses before a ballot's weight are skipped. */
int blt_read(const char *text, BltData *out, Err *e);
void blt_free(BltData *b);

/* ======================= elections and their count (D) ======================== */
/* A committee's elections, newest first: [{id, title, status, method, seats,
 * nominations_close_at, closes_at, closed_at}]. */
json_t *elections_of_committee(DbConn *c, Err *e, int64_t committee_id);

/* ======================= the feature ======================= */
/* Loaders of path parameters, one per area (routes_*.c). */
int committee_path_load(Req *r, const char *key, Err *e);
int matter_path_load(Req *r, const char *key, Err *e);
int poll_path_load(Req *r, const char *key, Err *e);
int election_path_load(Req *r, const char *key, Err *e);
/* The periodic work of each area (Feature.tick: appends what it did). */
int matters_tick(DbConn *c, int64_t now, Buf *report, Err *e);
int polls_tick(DbConn *c, int64_t now, Buf *report, Err *e);
int elections_tick(DbConn *c, int64_t now, Buf *report, Err *e);

extern const Feature governance_feature;

#endif
