/* ballots.c - casting a ballot, and finding one by its tracker.
 *
 * The secret ballot: a vote is one transaction that marks the voter as having
 * voted (gov_electorate: who, and whether, no time) and stores the ballot
 * (gov_ballots: the choice and a fresh random tracker, no voter, no time,
 * and an id drawn at random, so that the rows' order is not the order of
 * voting). Nothing links the two rows afterwards: the tracker is given back
 * to the caller only, to be shown once to the voter; it is never stored with
 * the voter, mailed or logged. The server operator could link them at the
 * moment of the write (docs/GOVERNANCE.md, "The secret ballot"). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "governance/store.h"

typedef struct Cast {
    const BallotIn *in;
    char *tracker;
} Cast;

/* Why the election takes no ballot now: 0 it does, -1 (409) it does not. */
static int voting_open(Err *e, const json_t *el, int64_t now)
{
    const char *status = json_string_value(json_object_get(el, "status"));
    Arena a;
    arena_init(&a, 256);
    int rc = 0;
    if (str_eq(status, "nominating"))
        rc = err_set(e, E_CONFLICT, "Voting has not opened yet: it opens when nominations close, on %s.",
                     election_when(&a, el, "nominations_close_at"));
    else if (str_eq(status, "cancelled"))
        rc = err_set(e, E_CONFLICT, "This election was cancelled: it takes no ballots.");
    else if (str_eq(status, "closed") || now >= json_integer_value(json_object_get(el, "closes_at")))
        rc = err_set(e, E_CONFLICT, "Voting closed on %s: ballots are no longer accepted.",
                     election_when(&a, el, str_eq(status, "closed") ? "closed_at" : "closes_at"));
    arena_release(&a);
    return rc;
}

/* How many candidates the ballot lists (those numbered when voting opened). */
static int ballot_length(DbConn *c, Err *e, int64_t id)
{
    json_t *cands = candidate_rows(c, e, id);
    if (!cands) return -1;
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(cands, i, x) if (json_integer_value(json_object_get(x, "position")) > 0) n++;
    json_decref(cands);
    return n;
}

static int cast_tx(DbConn *c, void *ctx, Err *e)
{
    Cast *x = ctx;
    const BallotIn *in = x->in;
    json_t *el = NULL, *voter = NULL;
    char *choice = NULL;
    int rc = -1;
    int found = election_row(c, e, in->election_id, &el);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such election.");
        goto done;
    }
    if (voting_open(e, el, in->now) < 0) goto done;
    found = electorate_row(c, e, in->election_id, in->voter, &voter);
    if (found < 0) goto done;
    if (!found) {
        err_set(e, E_FORBIDDEN, "You are not on the electorate of this election: it was fixed when voting opened, with %s.",
                json_integer_value(json_object_get(el, "place_id")) ? "the chapters' connectors (or members) of the place then"
                                                                    : "the members of the steering committees then");
        goto done;
    }
    int candidates = ballot_length(c, e, in->election_id);
    if (candidates < 0) goto done;
    if (choice_check(json_string_value(json_object_get(el, "method")), candidates, in->choice, in->n, e) < 0) goto done;
    int marked = electorate_mark_voted(c, e, in->election_id, in->voter);
    if (marked < 0) goto done;
    if (marked == 0) {
        err_set(e, E_CONFLICT, "You have already voted in this election. A ballot is cast once and cannot be changed.");
        goto done;
    }
    choice = choice_text(in->choice, in->n);
    /* a random tracker and a random id (1 .. 2^53: exact in every JSON reader); drawn again on the
     * rare collision with a ballot already in, so that no error message ever carries a tracker */
    for (int attempt = 0; attempt < 8 && rc < 0; attempt++) {
        unsigned char bytes[TRACKER_BYTES];
        randombytes_buf(bytes, sizeof bytes);
        tracker_from_bytes(bytes, x->tracker);
        sodium_memzero(bytes, sizeof bytes);
        uint64_t r;
        randombytes_buf(&r, sizeof r);
        int inserted = ballot_insert(c, e, (int64_t)(r >> 11) + 1, in->election_id, x->tracker, choice);
        if (inserted < 0) break;
        if (inserted > 0) rc = 0;
    }
    if (rc < 0 && !e->code) err_set(e, E_UNAVAILABLE, "The ballot could not be stored; please vote again.");
done:
    free(choice);
    json_decref(el);
    json_decref(voter);
    return rc;
}

int ballot_cast(DbConn *c, Err *e, const BallotIn *in, char tracker[TRACKER_TEXT])
{
    Cast x = { in, tracker };
    tracker[0] = 0;
    int rc = db_write(c, cast_tx, &x, e);
    if (rc < 0) sodium_memzero(tracker, TRACKER_TEXT);
    return rc;
}
