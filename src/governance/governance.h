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
 *   elections: count.c (STV and approval counts, pure), box.c (the ballot
 *       box's hash chain and BLT, pure), elections.c, store_elections.c,
 *       routes_elections.c
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
/* A chapter's matters, newest first: [{id, title, kind, status, raised_by_name, created_at, ...}]. */
json_t *matters_of_chapter(DbConn *c, Err *e, int64_t chapter_id);
/* A committee's matters as its members see them (summaries only): held now first, then decided there. */
json_t *matters_of_committee(DbConn *c, Err *e, int64_t committee_id);
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
 * docs/GOVERNANCE.md): {method, seats, ballots, valid, quota, winners: [i..],
 * rounds: [{round, tallies: [..], elected: [..], eliminated: [..], note}],
 * ties: [{round, between: [..], chose, how}]}. NULL with e on bad input. */
json_t *stv_count(const CountInput *in, Err *e);
/* Approval: the `seats` candidates with most approvals (ties as stv_count). */
json_t *approval_count(const CountInput *in, Err *e);

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
