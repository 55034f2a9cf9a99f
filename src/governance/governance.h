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
/* An election fills a committee's seats (or the board's): nominations (by
 * oneself or by others, accepted by the nominee with a statement), then
 * voting by the electorate frozen when it opens (a secret ballot: who may
 * vote and who has voted is kept apart from what was voted), then the count
 * (stv_count or approval_count) and the published, signed ballot box.
 * elections.c: creating, nominating, opening; ballots.c: casting a ballot;
 * elections_close.c: closing, counting, seating, the periodic work;
 * box.c: the box (pure). */
#define BOX_FORMAT "glocal-ballot-box/1"
#define TRACKER_BYTES 15               /* 120 random bits */
#define TRACKER_TEXT 30                /* "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" (Crockford's base32) and its NUL */
#define ELECTION_MAX_CANDIDATES 99

typedef struct ElectionIn {
    int64_t committee_id;
    const char *title;
    const char *method;                /* "stv" (ranked, several seats) or "approval" (a single question) */
    int64_t seats;                     /* 0: the committee's seats */
    int64_t nominations_close_at, closes_at;
    int64_t by, now;
} ElectionIn;
/* A new election, in nominations (problems: a sentence per field, E_INVALID). */
int election_create(DbConn *c, Err *e, const ElectionIn *in, FieldErrs *problems, int64_t *id);
/* Changes title, method, seats and dates while nominations are open (not the committee). */
int election_change(DbConn *c, Err *e, int64_t id, const ElectionIn *in, FieldErrs *problems);
/* Cancels an election that has not closed (its ballots, if any, are never counted). */
int election_cancel(DbConn *c, Err *e, int64_t id, int64_t now);
typedef struct NominationIn {
    int64_t election_id, user_id, by;  /* by == user_id: standing oneself (accepted at once) */
    const char *statement;
    int64_t now;
} NominationIn;
/* Nominates someone who may stand (members of the chapters in the
 * committee's place; for the board, members of the other committees); the
 * nominee is told by mail. 409 when already nominated, 403 when `by` may not
 * nominate (is neither an administrator nor someone who may stand). */
int election_nominate(DbConn *c, Err *e, const NominationIn *in, bool by_admin);
/* The nominee accepts (with a statement) or declines, while nominations are open. */
int election_answer(DbConn *c, Err *e, int64_t election_id, int64_t user_id, bool accept, const char *statement, int64_t now);
/* Opens voting: freezes the electorate, numbers the accepted candidates
 * alphabetically (the ballot order, the last resort of ties), tells the voters. */
int election_open(DbConn *c, Err *e, int64_t election_id, int64_t now);
typedef struct BallotIn {
    int64_t election_id, voter;
    const int32_t *choice;             /* ballot positions 1..candidates, most preferred first (approval: the approved) */
    int n;
    int64_t now;
} BallotIn;
/* Casts a ballot in one transaction: the voter is marked as having voted and
 * the ballot stored with a fresh random tracker, which only `tracker` holds
 * (never stored with the voter, mailed or logged). 403 not eligible, 409
 * voted already or voting not open, 422 a malformed choice. */
int ballot_cast(DbConn *c, Err *e, const BallotIn *in, char tracker[TRACKER_TEXT]);
/* Closes voting: counts, seals and signs the box, seats the winners, records
 * the decision and mails the results. */
int election_close(DbConn *c, Err *e, int64_t election_id, int64_t now);
/* Checks a closed election: the box's chain and signature (by this node's
 * key), that the database holds exactly the ballots of the box and as many
 * voters marked as having voted, and the recount. 0 holds (*summary: what
 * was checked), 1 broken (why), -1 error. */
int election_verify(DbConn *c, Err *e, int64_t election_id, char *why, size_t why_size, json_t **summary);

/* "Voting open" for "voting"... */
const char *election_status_text(const char *status);
/* A time of the election (key: "closes_at"...) in its place's zone: "Tue 13 Jan 2026, 08:00 (Europe/Lisbon)". */
const char *election_when(Arena *a, const json_t *election, const char *key);

/* Reads. A committee's elections, newest first: [{id, title, status,
 * status_text, method, seats, nominations_close_at, closes_at, closed_at}]. */
json_t *elections_of_committee(DbConn *c, Err *e, int64_t committee_id);
/* Every election, newest first, with its committee. */
json_t *elections_all(DbConn *c, Err *e);
/* One election with its committee: 1, 0, -1. */
int election_get(DbConn *c, Err *e, int64_t id, json_t **out);
/* Its candidates, in ballot order once voting opened. */
json_t *election_candidates(DbConn *c, Err *e, int64_t id);
/* Who may stand (for the nominations form): [{id, name}], at most 500. */
json_t *election_standing(DbConn *c, Err *e, int64_t id, int64_t now);
/* What `user` may do in it: {is_voter, has_voted, may_stand, may_nominate, candidacy}. */
int election_viewer(DbConn *c, Err *e, const json_t *election, int64_t user, bool admin, int64_t now, json_t **out);
/* The published box with its signature and result (closed elections): 1, 0, -1. */
int election_box(DbConn *c, Err *e, int64_t id, json_t **box);
/* A ballot of a closed election by tracker: 1 (*out {choice, number, of}), 0 none, -1. */
int ballot_lookup(DbConn *c, Err *e, int64_t election_id, const char *tracker, json_t **out);
/* The bodies an administrator may open an election for: [{key, name}]. */
json_t *election_bodies(DbConn *c, Err *e);
/* The count and the signed head of a closed election: 1 (*out {result, head,
 * signature}), 0 not closed, -1. */
int election_outcome(DbConn *c, Err *e, int64_t id, json_t **out);
/* Handlers (routes_elections.c, routes_ballots.c). */
int elections_index(Req *r);
int election_submit(Req *r);
int election_show(Req *r);
int election_update(Req *r);
int election_cancel_submit(Req *r);
int nomination_submit(Req *r);
int candidacy_submit(Req *r);
int election_open_submit(Req *r);
int election_close_submit(Req *r);
int ballot_submit(Req *r);
int ballot_find_submit(Req *r);
int election_box_json(Req *r);
int election_box_blt(Req *r);
/* The election page's model (r->object loaded), for the handlers that show it again. */
int election_page(Req *r);

/* box.c: the ballot box (pure but for SHA-256 and Ed25519). */
void tracker_from_bytes(const unsigned char bytes[TRACKER_BYTES], char out[TRACKER_TEXT]);
/* A tracker as typed (any case, with or without dashes or spaces, O for 0,
 * I or L for 1) in its written form; false when it is no tracker. */
bool tracker_normalise(const char *typed, char out[TRACKER_TEXT]);
/* Checks a choice (positions 1..candidates, none twice, at least one): 0 or -1 (field "ranking"/"approve"). */
int choice_check(const char *method, int candidates, const int32_t *pos, int n, Err *e);
/* The ballot form's ranks (rank[c]: the number given to candidate c + 1, 0:
 * none) as a ranking, gaps closed; -1 when a rank is given twice. */
int ranking_from_ranks(int candidates, const int64_t *rank, int32_t *out, int *n, Err *e);
/* "[2,1,3]" (malloc'd): the choice as the box hashes it. */
char *choice_text(const int32_t *pos, int n);
/* The JSON array of a choice's text, or NULL (new reference). */
json_t *choice_json(const char *text);
/* The chain (see box.c): the genesis of an election ({id, title, committee,
 * method, seats, opened_at, closed_at, electorate}) and its candidates
 * ([{position, name}]), and one link. */
void box_genesis(const json_t *election, const json_t *candidates, char hex[65]);
void box_link(const char *prev, const char *tracker, const char *choice, char hex[65]);
/* "glocal-ballot-box:<id>:<ballots>:<head>" (malloc'd): what the node signs. */
char *box_message(int64_t election_id, size_t ballots, const char *head);
/* The box of ballots [{tracker, choice (text)}], sorted by tracker and
 * chained: {format, election, candidates, genesis, ballots: [{tracker,
 * choice, prev, hash}], head, count} (unsigned; new reference). */
json_t *box_seal(const json_t *election, const json_t *candidates, const json_t *ballots, Err *e);
/* What a box holds, as the counters take it (free with box_count_free). */
typedef struct BoxCount {
    CountInput in;
    int32_t *prefs;
    uint32_t *start;
    const char **names;
    bool stv;
} BoxCount;
int box_count_input(const json_t *box, BoxCount *out, Err *e);
void box_count_free(BoxCount *b);
/* The count of a box by its method (stv_count or approval_count). */
json_t *box_recount(const json_t *box, Err *e);
/* The box in the BLT format (malloc'd), ballots in tracker order. */
char *box_blt(const json_t *box);
/* Checks a signed box: its chain, its signature (by expected_pk when given)
 * and, with a result, that counting it again gives that result. 0 holds, 1
 * broken (a sentence in why). */
int box_check(const json_t *box, const json_t *result, const char *expected_pk, char *why, size_t why_size);
/* A ballot of a checked box by tracker (borrowed), or NULL. */
const json_t *box_find(const json_t *box, const char *tracker);

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
