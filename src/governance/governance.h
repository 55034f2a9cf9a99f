/* governance.h - governance (M8, issue 12): matters raised in a chapter and
 * escalated along a path that follows the network's density, steering
 * committees and the board, proposals and polls with delegation, elections
 * of committees and the board by secret ballot counted by STV with a ballot
 * box anyone can recount, and the decision records they all leave.
 *
 * Files, by area (each area: its rules, operations, store and handlers):
 *   path/committees/matters: rules_path.c (the escalation path, pure),
 *       rules_matters.c (who may do what to a matter, pure), path.c (the
 *       path read from the network, the settings), committees.c, matters.c,
 *       store_matters.c, routes_matters.c, routes_committees.c (the hub, the
 *       committees' pages, Feature.extend)
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
/* An administrator appoints someone (user_id, or the account of `email`) to a
 * free seat, until term_ends_at (0: the committee's term from now): 422 with
 * the field when there is no such person, 409 when every seat is taken or
 * they sit there already. */
typedef struct CommitteeAppoint {
    int64_t committee_id, user_id;
    const char *email;
    int64_t now, term_ends_at;
    char name[128];              /* out: who was appointed */
} CommitteeAppoint;
int committee_appoint(DbConn *c, Err *e, CommitteeAppoint *a);

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
/* --- the escalation path (rules_path.c, pure) ---
 * A place is dense when the active chapters of its subtree reach its level's
 * threshold (settings gov_metro_min, gov_region_min, gov_country_min). A
 * chapter's path is the committees of the dense places above its metro, the
 * smallest first, ending at the board; a wider place is a step only when it
 * has more active chapters than the step below it (else its committee would be
 * elected by the same chapters again). */
#define GOV_METRO_MIN_DEFAULT 3
#define GOV_REGION_MIN_DEFAULT 3
#define GOV_COUNTRY_MIN_DEFAULT 3
#define GOV_THRESHOLD_MAX 1000
typedef struct GovThresholds {
    int64_t metro, region, country;
} GovThresholds;
/* A place on a chain that goes up the tree, with the active chapters of its subtree. */
typedef struct PathPlace {
    int64_t id;
    const char *kind;            /* "metro", "region" or "country" */
    int64_t active;
} PathPlace;
/* The threshold of a level (INT64_MAX for an unknown kind: never dense). */
int64_t gov_threshold(const GovThresholds *t, const char *kind);
bool gov_dense(const GovThresholds *t, const PathPlace *p);
/* chain[0] is a chapter's metro, chain[1..n) its ancestors upward (a region
 * may be missing): fills steps with the indexes of the places on its path,
 * smallest first, and returns how many (0: the board alone). */
int gov_path(const PathPlace *chain, int n, const GovThresholds *t, int *steps);
/* chain[0] is the place of the committee that holds a matter, chain[1..n) its
 * ancestors: the index of the next step above it, or -1 for the board. Never
 * down: a place below the holder is not on the chain. */
int gov_next_step(const PathPlace *chain, int n, const GovThresholds *t);
/* The same rule over the two facts it needs about a chain, which a database
 * answers without counting every chapter of a country: whether each place is
 * dense, and whether place i has active chapters outside place j below it
 * (that is, more than j has). gov_path and gov_next_step use it with counts. */
#define GOV_CHAIN_MAX 8
typedef struct PathFacts {
    int n;
    bool dense[GOV_CHAIN_MAX];
    bool adds[GOV_CHAIN_MAX][GOV_CHAIN_MAX];   /* [i][j], j < i */
} PathFacts;
void gov_facts_of_counts(const PathPlace *chain, int n, const GovThresholds *t, PathFacts *f);
int gov_path_of_facts(const PathFacts *f, int *steps);
/* The next step above place `from` of the chain (the holder), or -1 for the board. */
int gov_next_of_facts(const PathFacts *f, int from);
/* Every place of the network (parent: an index into places, -1 for a country;
 * active: the chapters of a metro itself, rolled up here): on_path[i] says
 * whether place i is a step of some metro that has chapters, i.e. whether it
 * calls for a committee; subtree[i] gets the active chapters below place i. */
typedef struct MapPlace {
    int parent;
    const char *kind;
    int64_t active;              /* a metro's own active chapters */
    bool has_chapters;           /* a metro with chapters that are not closed */
} MapPlace;
void gov_committee_map(const MapPlace *places, int n, const GovThresholds *t, bool *on_path, int64_t *subtree);
/* Each threshold from 1 to GOV_THRESHOLD_MAX; problems noted at gov_metro_min... */
void gov_thresholds_problems(const GovThresholds *t, FieldErrs *problems);

/* --- matters: who may do what, and when (rules_matters.c, pure) --- */
typedef enum MatterAct {
    MA_NOTE_CHAPTER, MA_NOTE_COMMITTEE, MA_SUMMARISE, MA_APPROVE, MA_ESCALATE, MA_RESOLVE, MA_WITHDRAW,
    MA_PASS_UP, MA_DECIDE, MA_SETTLE,
} MatterAct;
/* What the caller is to a matter. */
typedef struct MatterRel {
    bool member, connector, raiser;  /* of the chapter; raised it */
    bool seated;                     /* sits on the committee that holds it now */
    bool reached;                    /* sits on a committee it reached (now or before) */
    bool admin;
} MatterRel;
/* The matter's state as the rules need it. */
typedef struct MatterState {
    const char *status;              /* open, resolved, escalated, decided, withdrawn */
    bool has_summary, approved, at_board;
    const char *chapter, *committee; /* names, for the sentences */
} MatterState;
bool matter_kind_valid(const char *kind);
const char *matter_kind_label(const char *kind);
/* The same in English, its catalog message, for mail (the "_words" of mail.h). */
const char *matter_kind_msgid(const char *kind);
const char *matter_status_label(const char *status);
/* Whether rel may do act to the matter now: 0, or -1 with 403 (who) or 409 (when). */
int matter_may(MatterAct act, const MatterState *m, const MatterRel *rel, Err *e);
/* What the caller sees: "chapter" (everything), "committee" (the approved
 * summary and the committees' steps) or NULL (nothing: 404). */
const char *matter_view(const MatterState *m, const MatterRel *rel);
/* Field checks, each problem noted in problems. */
void matter_raise_problems(const char *title, const char *body, const char *kind, FieldErrs *problems);
void matter_summary_problems(const char *title, const char *summary, FieldErrs *problems);
/* A text of at most max characters that must not be empty (field, what: "note", "resolution"...). */
void matter_text_problems(const char *text, const char *field, const char *what, size_t max, bool required,
                          FieldErrs *problems);

/* --- the path and the committees' map, read (path.c) --- */
/* The thresholds as set (defaults where unset). */
GovThresholds gov_thresholds(DbConn *c, Arena *a);
/* "connectors" (default) or "members": who elects a place's committee. */
const char *gov_committee_electorate(DbConn *c, Arena *a);
/* The path of a chapter whose metro is metro_id, as pages show it:
 * [{key, name, level, place_id, url}], the board last. New reference, or NULL. */
json_t *gov_path_of_metro(DbConn *c, Err *e, int64_t metro_id);
/* The rest of the path above the committee of place_id: the steps a matter
 * passed up from there would take, the board last (same shape). */
json_t *gov_path_above(DbConn *c, Err *e, int64_t place_id);
/* The committee a matter escalated now from a chapter in metro_id goes to (0: the board). */
int gov_first_step(DbConn *c, Err *e, int64_t metro_id, int64_t *place_id);
/* The place the committee at place_id (0: the board, refused) passes a matter to (0: the board). */
int gov_step_above(DbConn *c, Err *e, int64_t place_id, int64_t *next_place_id);
/* Every place with its subtree's active chapters and whether it calls for a
 * committee: [{id, parent_id, kind, name, slug, active, is_dense, on_path, threshold}]. */
json_t *gov_places_map(DbConn *c, Err *e);
/* The hub's view: {thresholds {metro, region, country}, electorate, board
 * {key, name, url, members, seats, open_matters}, committee_count, levels
 * [{level, label, committees [{key, name, place_name, place_slug, level,
 * within, active, threshold, is_dense, on_path, members, seats, open_matters,
 * exists, url}]}]}: every committee that exists or that the density calls for. */
json_t *gov_hub_view(DbConn *c, Err *e, int64_t now);
/* A place's share of it: {active, threshold, is_dense, on_path, level,
 * committee (as in the hub, or null), path (metros: as gov_path_of_metro)}. */
json_t *gov_place_view(DbConn *c, Err *e, int64_t place_id, int64_t now);
/* The committee of `key` (a place's slug or "board") if it exists or the
 * density calls for it (then it is made): 1 (*out as committee_find), 0 none. */
int gov_committee_load(DbConn *c, Err *e, const char *key, int64_t now, json_t **out);
typedef struct GovSettings {
    GovThresholds t;
    const char *electorate;          /* "connectors" or "members" (NULL: unchanged) */
} GovSettings;
/* The problems of each field, noted in problems. */
void gov_settings_problems(const GovSettings *s, FieldErrs *problems);
/* Saves the thresholds and the electorate (422 with fields). */
int gov_settings_save(DbConn *c, Err *e, const GovSettings *s, FieldErrs *problems);

/* --- matters (matters.c): one transaction each; mail through the outbox --- */
typedef struct MatterRaise {
    int64_t chapter_id, by;
    const char *title, *body, *kind;
    int64_t now;                     /* when (0: now) */
    int64_t id;                      /* out */
} MatterRaise;
/* A member raises a matter in their chapter. */
int matter_raise(DbConn *c, Err *e, MatterRaise *m, FieldErrs *problems);
/* Who acts on a matter, and with what words. */
typedef struct MatterAction {
    int64_t matter_id, by;
    bool admin;                      /* by is a network administrator */
    const char *title, *text;        /* summary: summary_title and summary; else text */
    const char *scope;               /* notes: "chapter" or "committee" (NULL: by who writes) */
    const char *public_url;          /* for the links in the mail */
    int64_t now;
    int64_t committee_id;            /* out: escalate, pass up: where it went; decide: the decision's id in decision_id */
    int64_t decision_id;             /* out */
} MatterAction;
int matter_note(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems);
/* The raiser or a connector writes the summary that may travel; the raiser's is approved at once. */
int matter_summarise(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems);
int matter_approve(DbConn *c, Err *e, MatterAction *a);
/* A connector sends the matter (its approved summary) to the first committee on the path. */
int matter_escalate(DbConn *c, Err *e, MatterAction *a);
int matter_resolve(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems);
int matter_withdraw(DbConn *c, Err *e, MatterAction *a);
/* The committee that holds the matter sends it to the next dense place above (a reason may be given). */
int matter_pass_up(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems);
/* The committee decides with a statement: a decision record (source "matter"). */
int matter_decide(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems);
/* A poll or proposal about a matter closed in its body: the matter is
 * settled by that decision (joins the caller's transaction). */
int matter_settle(DbConn *c, Err *e, int64_t matter_id, int64_t decision_id, int64_t by, int64_t at);
/* A matter as `user` may see it: 1 (*out: the view, with "view": "chapter" or
 * "committee", and *rel), 0 when they may see nothing, -1 error. */
int matter_visible(DbConn *c, Err *e, int64_t matter_id, int64_t user, bool admin, int64_t now, json_t **out,
                   MatterRel *rel);
/* What the caller may do, for the page: {view, is_member, is_connector,
 * is_raiser, on_committee, is_admin, can_note_chapter, can_note_committee,
 * can_summarise, can_approve, can_escalate, can_resolve, can_withdraw,
 * can_pass_up, can_decide, awaits_approval}. */
json_t *matter_abilities(json_t *view, const MatterRel *rel);
/* The steps of a matter in a view ("chapter": all; "committee": the committees' own), oldest first. */
json_t *matter_steps(DbConn *c, Err *e, int64_t matter_id, const char *view);
/* A page of a chapter's matters (web/paging.h), open first: [{id, title, kind, status, raised_by_name, ...}]. */
json_t *matters_of_chapter(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset);
/* A page of a committee's matters as its members see them (summaries): held now first, then decided. */
json_t *matters_of_committee(DbConn *c, Err *e, int64_t committee_id, int64_t limit, int64_t offset);
/* The number of a chapter's matters still open or escalated. */
int matters_open_count(DbConn *c, Err *e, int64_t chapter_id, int64_t *n);

/* --- handlers (routes_matters.c, routes_committees.c) --- */
int governance_show(Req *r);
int governance_settings_show(Req *r);
int governance_settings_update(Req *r);
int committee_show(Req *r);
int committee_update(Req *r);
int committee_seat_create(Req *r);
int committee_seat_end(Req *r);
int chapter_matters(Req *r);
int matter_create(Req *r);
int matter_show(Req *r);
int matter_note_create(Req *r);
int matter_summary_update(Req *r);
int matter_approve_submit(Req *r);
int matter_escalate_submit(Req *r);
int matter_resolve_submit(Req *r);
int matter_withdraw_submit(Req *r);
int matter_pass_up_submit(Req *r);
int matter_decide_submit(Req *r);
/* Feature.extend: the path on a chapter's page, the committee on a place's. */
int governance_extend(Req *r, const char *page, Err *e);

/* ======================= proposals, polls, decision lists (C) ====================== */
/* The polls and proposals of a body (chapter_id or committee_id), newest
 * first, as its pages list them, with whether `viewer` voted: the open ones
 * whole, and a page of the closed ones (closed_limit rows from closed_offset):
 * [{id, kind, kind_label, title, status, opens_at, closes_at, closed_at,
 *   is_anonymous, is_open, is_voting, is_awaiting_close, ballots, has_voted,
 *   outcome, matter_id, url}]. */
json_t *polls_of_body(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t viewer, int64_t now,
                      int64_t closed_limit, int64_t closed_offset);
/* Decision records, newest first: of a committee, a chapter, a place (and the
 * places below it), or the whole network (all 0); at most `limit` (0: 50).
 * A chapter's decisions are its members' (what is decided in a chapter stays
 * there): they come only for `viewer` when they belong to that chapter, for
 * an administrator (viewer_is_admin), or when the filter names the chapter
 * (chapter_id: the caller has checked who reads). Left at 0, a list holds
 * what anyone may read: the committees' and the board's. Each: {id, source,
 * source_label, source_id, source_url, title, statement, counts, decided_at,
 * review_at, body_name, body_url, place_name, url, ...}. */
typedef struct DecisionFilter {
    int64_t committee_id, chapter_id, place_id;
    int64_t limit;
    int64_t viewer;
    bool viewer_is_admin;
    int64_t offset;   /* rows skipped: a page's start */
} DecisionFilter;
json_t *decisions_list(DbConn *c, Err *e, const DecisionFilter *f);
/* One decision record for a reader (a chapter's only for its members and
 * administrators), with its counts as JSON and its links: 1 (*out), 0 none
 * or not theirs to read, -1. */
int decision_for_reader(DbConn *c, Err *e, int64_t id, int64_t viewer, bool viewer_is_admin, json_t **out);

/* The decision records' pages: a filter named by a committee's key, a
 * chapter's slug or a place's slug (NULL: none), for a reader. */
typedef struct DecisionQuery {
    const char *committee, *chapter, *place;
    int64_t viewer;
    bool viewer_is_admin, public_only;   /* public_only: what anyone may read (the feed) */
    int64_t limit, offset;               /* the rows of a page (web/paging.h) */
} DecisionQuery;
/* {decisions, filter: {kind, key, name, url} | null, _committees, _places}
 * (decisions_view.c); 404 when the filter names nothing. */
json_t *decisions_view(DbConn *c, Err *e, const DecisionQuery *q);

/* --- rules_polls.c: pure (no SQL, no clock) --- */
#define POLL_OPTIONS_MAX 20
#define POLL_REASON_MAX 2000
#define POLL_OUTCOME_MAX 5000
#define POLL_LONGEST_SECONDS (92 * 86400)          /* a poll lasts at most about three months */
#define POLL_REMINDER_SECONDS 86400                /* "closes tomorrow" a day before the close */
#define POLL_REVIEW_LONGEST_SECONDS (5 * 366 * 86400)
typedef enum { POSITION_AGREE, POSITION_ABSTAIN, POSITION_DISAGREE, POSITION_BLOCK, POSITIONS } ProposalPosition;
bool poll_kind_valid(const char *kind);
const char *poll_kind_label(const char *kind);     /* "Ranked choice" */
const char *poll_kind_help(const char *kind);      /* what a voter does, one sentence */
/* The same two in English, their catalog messages, for mail (the "_words" of mail.h). */
const char *poll_kind_msgid(const char *kind);
const char *poll_kind_help_msgid(const char *kind);
const char *proposal_position_name(int position);  /* "agree" ... "block" */
const char *proposal_position_label(int position); /* "Agree" ... "Block" */
int proposal_position_of(const char *name);        /* -1 when unknown */

/* What a poll asks: its kind, how many options, its limits. */
typedef struct PollShape {
    const char *kind;               /* proposal, single, approval, score, ranked, dots */
    int options;                    /* a proposal: 0 (its four positions are fixed) */
    int64_t score_max, dots;
    const char *const *labels;      /* the options' labels (may be NULL) */
    bool first_only;                /* ranked: first preferences only, no runoff */
} PollShape;
/* A vote as a form or the API gives it. marks[i] per option: approval 1
 * (approved) or 0; score the score; ranked the rank (1 first, 0 not ranked);
 * dots the dots. given[i]: a mark was given for option i. */
typedef struct PollVoteIn {
    const char *position;           /* a proposal: agree, abstain, disagree, block */
    const char *reason;             /* required for a block; a comment otherwise */
    int64_t choice;                 /* single choice: the option's position (-1: none) */
    int64_t marks[POLL_OPTIONS_MAX];
    bool given[POLL_OPTIONS_MAX];
    const char *bad_field;          /* a field that was not a number (set by the parser) */
} PollVoteIn;
/* A checked vote: a proposal's position, or a mark per option (single: 1 on
 * the choice; ranked: the rank, 1 first, 0 not ranked). */
typedef struct PollBallot {
    int position;
    int64_t marks[POLL_OPTIONS_MAX];
} PollBallot;
/* Fills v's ranks from a ranking given as the options' positions, most
 * preferred first (the API's "ranking"): 422 at "ranking" for a position that
 * is not an option or comes twice. */
int poll_vote_ranking(PollVoteIn *v, const int64_t *order, int n, int options, Err *e);
/* Checks a vote against the poll: 0 and *out, or 422 at its field with a sentence. */
int poll_vote_check(const PollShape *p, const PollVoteIn *v, PollBallot *out, Err *e);
/* A checked vote as the JSON kept (new reference), and back (0, or -1 when
 * the value does not fit the poll). */
json_t *poll_ballot_json(const PollShape *p, const PollBallot *b);
int poll_ballot_parse(const PollShape *p, json_t *value, PollBallot *out);
/* A vote in words ("Agree"; "Lisbon, Porto"; "1. Porto, 2. Faro"; "Porto 5 · Faro 2") (arena). */
char *poll_ballot_text(Arena *a, const PollShape *p, const PollBallot *b);
/* The count of ballots (each once per vote it carries) for the poll:
 * {kind, ballots, options: [{position, label, value, value_text, share}],
 * leading: [positions] (a proposal: none; ranked: the instant-runoff winner,
 * with its rounds in "runoff"), blocks (a proposal)}. NULL with e. */
json_t *poll_count(const PollShape *p, const PollBallot *ballots, size_t n, Err *e);
/* How many votes the quorum asks for: pct percent of the eligible, rounded up. */
int64_t poll_quorum_needed(int64_t eligible, int64_t pct);
/* Who gives their vote to whom in one poll: from -> to (at most one edge per
 * from: the poll's own delegation, else the body's standing one). */
typedef struct PollDelegation {
    int64_t from, to;
} PollDelegation;
/* Delegation is transitive: for each voter, whose direct vote carries theirs
 * (itself when it voted; else its delegate's carrier, and so on), or 0 when
 * the chain ends without a direct vote (or, which the rules refuse, loops).
 * voters[n] with voted[n]; carrier[n] out. */
void poll_delegation_resolve(const int64_t *voters, const bool *voted, size_t n, const PollDelegation *edges, size_t m,
                             int64_t *carrier);
/* Whether giving from's vote to `to` is allowed: not to oneself, only to a
 * voter of the body, and no loop through the edges already given (422 at "to"). */
int poll_delegation_check(int64_t from, int64_t to, bool to_votes_there, const PollDelegation *edges, size_t m,
                          const char *to_name, Err *e);
/* The fields of a new poll. */
typedef struct PollFields {
    int64_t chapter_id, committee_id;   /* the body: one of them */
    int64_t matter_id;                  /* 0: none */
    const char *kind, *title, *body;
    const char *options[POLL_OPTIONS_MAX];
    int n_options;
    bool too_many_options;
    int64_t score_max, dots, quorum_pct;
    bool is_anonymous;
    int64_t opens_at, closes_at;        /* opens_at 0: now */
} PollFields;
void poll_fields_problems(const PollFields *f, int64_t now, FieldErrs *problems);
/* Is voting open at `now`? 0, or 409 saying when it opens or that it closed
 * (closes_text: the close in the body's local time). */
int poll_voting_check(const char *status, int64_t opens_at, int64_t closes_at, int64_t now, const char *opens_text,
                      const char *closes_text, Err *e);
/* The close form: an outcome statement and a review date after `now`. */
void poll_close_problems(const char *outcome, int64_t review_at, int64_t now, FieldErrs *problems);
/* Running counts are shown to those who voted and once the poll is closed. */
bool poll_results_visible(bool closed, bool voted);

/* --- polls.c: the operations (Req-free, each its own transaction) --- */
typedef struct PollOpen {
    PollFields f;
    int64_t by, now;
    const char *public_url;             /* for the links in the mail */
    FieldErrs *problems;                /* where field problems go (may be NULL) */
    int64_t id;                         /* out */
} PollOpen;
/* Opens a poll in a chapter (its members) or a committee (its members); 403
 * for anyone else; mails the voters. */
int poll_open(DbConn *c, Err *e, PollOpen *o);
typedef struct PollVote {
    int64_t poll_id, user_id, now;
    PollVoteIn in;
    bool changed;                       /* out: an earlier vote was replaced */
} PollVote;
/* Casts or changes a vote (403 not a voter, 409 not open, 422 the vote). */
int poll_vote(DbConn *c, Err *e, PollVote *v);
typedef struct PollDelegate {
    int64_t chapter_id, committee_id;   /* the body */
    int64_t poll_id;                    /* 0: every poll of the body until revoked */
    int64_t from, to;                   /* to 0: revoke */
    int64_t now;
} PollDelegate;
/* Gives (or with to 0 revokes) a vote in a body or one poll; a new one
 * replaces the one before. */
int poll_delegate(DbConn *c, Err *e, const PollDelegate *d);
typedef struct PollClose {
    int64_t poll_id, by, now;
    bool by_admin;
    const char *outcome;
    int64_t review_at;
    const char *public_url;             /* for the links in the mail */
    FieldErrs *problems;
    int64_t decision_id;                /* out */
} PollClose;
/* Closes a poll: the final count, a decision record, the matter settled, the
 * voters told. The opener, the body's connectors or chair, an administrator. */
int poll_close(DbConn *c, Err *e, PollClose *k);
/* The count as it stands at `now` (or as it closed): the poll's count with
 * {eligible, direct, delegated, quorum_pct, quorum_needed, quorum_reached}. */
json_t *poll_tally(DbConn *c, Err *e, int64_t poll_id, int64_t now);
/* The poll page's model for `viewer`: poll, options, my_vote, delegation,
 * results, voters (named polls, when visible), what the viewer may do. */
typedef struct PollViewer {
    int64_t id;
    bool is_admin;
    int64_t now;
} PollViewer;
json_t *poll_page_view(DbConn *c, Err *e, Arena *a, int64_t poll_id, const PollViewer *v);
/* A body's polls page for `viewer`: {body, open: [..], closed: [..],
 * can_open, my_standing_delegation, _delegates, _matters, _kinds}. */
json_t *poll_body_view(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t committee_id, const PollViewer *v,
                       int64_t closed_limit, int64_t closed_offset);
/* A poll as `viewer` may see it: 1 (*out), 0 none or not theirs to see, -1.
 * *manager: the viewer may close it. */
int poll_visible(DbConn *c, Err *e, int64_t poll_id, int64_t viewer, bool is_admin, json_t **out, bool *manager);

/* --- handlers (routes_polls.c, routes_decisions.c) --- */
int polls_chapter_index(Req *r);
int poll_create_chapter(Req *r);
int delegation_chapter(Req *r);
int polls_committee_index(Req *r);
int poll_create_committee(Req *r);
int delegation_committee(Req *r);
int poll_show(Req *r);
int poll_vote_submit(Req *r);
int poll_delegate_submit(Req *r);
int poll_close_submit(Req *r);
int decisions_index(Req *r);
int decisions_feed(Req *r);
int decision_show(Req *r);

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
/* The same with fewer ballots allowed than a count takes (10,000,000 after
 * weights are expanded): a file past `max_ballots` is refused saying so. */
int blt_read_max(const char *text, BltData *out, size_t max_ballots, Err *e);
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
/* A page of every election (limit rows from offset: web/paging.h), voting
 * first, then nominating, closed and cancelled, newest first, with its committee. */
json_t *elections_all(DbConn *c, Err *e, int64_t limit, int64_t offset);
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
/* The periodic work of polls and elections (Feature.tick: appends what it
 * did); matters have none: every step of a matter is someone's act. */
int polls_tick(DbConn *c, int64_t now, Buf *report, Err *e);
int elections_tick(DbConn *c, int64_t now, Buf *report, Err *e);

extern const Feature governance_feature;

#endif
