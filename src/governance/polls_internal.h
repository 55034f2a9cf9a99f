/* polls_internal.h - what the files of proposals and polls share (private to
 * polls.c, polls_count.c and polls_view.c; the handlers use governance.h). */
#ifndef GLOCAL_GOVERNANCE_POLLS_INTERNAL_H
#define GLOCAL_GOVERNANCE_POLLS_INTERNAL_H

#include "governance/governance.h"

/* A poll with everything its count needs, loaded at `now`. */
typedef struct Tally {
    json_t *poll;                       /* poll_row */
    json_t *options;                    /* [{position, label}] */
    json_t *voters;                     /* who votes now: [{user_id, name, email, role}] */
    json_t *votes;                      /* the direct votes: [{user_id, name, value, reason, cast_at}] */
    json_t *delegations;                /* the body's standing delegations and the poll's own */
    PollShape shape;
    const char *labels[POLL_OPTIONS_MAX];
    size_t n;                           /* voters */
    int64_t *ids, *carrier;             /* per voter: who, and whose direct vote carries theirs (0: none) */
    int64_t *through;                   /* per voter: their own delegate in this poll (0: none) */
    PollBallot *ballots;                /* per voter: their direct vote (when ids[i] voted) */
    bool *voted;
    int64_t direct, delegated;
    json_t *count;                      /* poll_count with the figures of the quorum */
} Tally;
/* Loads and counts poll `poll_id` at `now` (1, 0 no such poll, -1). strict:
 * a ranked count that cannot be made is an error (else first preferences only). */
int tally_load(DbConn *c, Err *e, int64_t poll_id, int64_t now, bool strict, Tally *t);
void tally_free(Tally *t);
/* The index of user_id among the voters, or -1. */
long tally_voter(const Tally *t, int64_t user_id);
/* The shape of a poll row with its options (labels point into `options`). */
void poll_shape_of(json_t *poll, json_t *options, PollShape *shape, const char **labels);

/* The delegations in force in poll_id (0: the standing ones only) among
 * delegation rows: for each member who gave their vote, the poll's own
 * delegation, else their standing one. out has room for one per row; returns
 * how many. */
size_t delegation_edges(json_t *rows, int64_t poll_id, PollDelegation *out);

/* Adds what pages show of a count (a poll's, or any decision record's):
 * _options with the leading ones marked, _rounds (an instant runoff's or an
 * election's rounds as a table), words. final: the count is closed. */
void count_decorate(json_t *count, bool final);

/* The body of a poll row: its name, where it lives, its time zone. */
typedef struct PollBody {
    int64_t chapter_id, committee_id;
    const char *name, *key, *url, *timezone, *kind;   /* key: the chapter's slug or the committee's key */
} PollBody;
void poll_body_of(Arena *a, json_t *poll, PollBody *b);
/* A body (chapter_id or committee_id) as `user` sees it at `now`: whether
 * they vote there, whether they are a connector of the chapter; the
 * committee's chair and the place the body belongs to (0: the board). 0, or
 * -1 (404 when there is no such body). Strings in the arena. */
typedef struct BodyOf {
    PollBody b;
    bool votes, connector;
    int64_t chair_id, place_id;
} BodyOf;
int body_load(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t committee_id, int64_t user, int64_t now, BodyOf *out);
/* Whether user_id votes in the body at `now` (a chapter's member, a
 * committee's sitting member): 1, 0, -1; *connector: a chapter's connector. */
int body_voter(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t user_id, int64_t now, bool *connector);

#endif
