/* elections.c - the demo's elections (data/demo/governance.json): each is
 * started by the administrator, gets its candidates from those who may stand
 * (half stand themselves, half are nominated and accept with a statement),
 * opens, and receives ballots from part of its electorate — rankings drawn from
 * the fixed-seed generator around each candidate's appeal, so the count has
 * real transfers. A closed one is counted, its box sealed and signed, its
 * winners seated; one is left open for voting (Inês, a Lisbon connector, has
 * not voted yet and can try the ballot). */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "governance/governance.h"

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t jday(const Demo *d, json_t *o, const char *key)
{
    return d->now + (int64_t)json_integer_value(json_object_get(o, key)) * DAY;
}

/* The queued mail since `mark` happened at `at`: sent then if it is past. */
static int settle(Demo *d, DbConn *c, int64_t mark, int64_t at, Err *e)
{
    return demo_outbox_settle(c, e, mark, at, at < d->now - HOUR);
}

/* Candidates: the first `want` of those who may stand, in a shuffled order
 * (the documented logins stay voters). */
static int nominate(Demo *d, DbConn *c, int64_t election, json_t *def, int64_t admin, int64_t at, Err *e)
{
    json_t *standing = election_standing(c, e, election, at);
    if (!standing) return -1;
    int n = (int)json_array_size(standing), want = (int)json_integer_value(json_object_get(def, "candidates"));
    int *order = arena_alloc(&d->a, sizeof *order * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) order[i] = i;
    shuffle(&d->rng, order, n);
    json_t *statements = json_object_get(def, "statements");
    int rc = 0, made = 0;
    for (int i = 0; i < n && made < want && rc == 0; i++) {
        int64_t who = json_integer_value(json_object_get(json_array_get(standing, (size_t)order[i]), "id"));
        if (who == d->people[P_INES].id || who == d->people[P_TOMAS].id) continue;
        const char *statement = json_string_value(json_array_get(statements, (size_t)made));
        bool self = made % 2 == 0;
        NominationIn in = { .election_id = election, .user_id = who, .by = self ? who : admin,
                            .statement = self ? statement : "", .now = at + (int64_t)made * 7 * HOUR };
        rc = election_nominate(c, e, &in, !self);
        if (rc == 0 && !self) rc = election_answer(c, e, election, who, true, statement, in.now + 20 * HOUR);
        made++;
    }
    json_decref(standing);
    return rc;
}

/* A ranking of the candidates (ballot positions from 1): each candidate's
 * appeal plus noise, the best first; some voters rank only their first few. */
static int ranking_draw(Demo *d, int candidates, int32_t *out)
{
    double score[ELECTION_MAX_CANDIDATES];
    int idx[ELECTION_MAX_CANDIDATES];
    for (int i = 0; i < candidates; i++) {
        score[i] = (double)((i * 7 + 3) % candidates) / candidates + rng_unit(&d->rng) * 0.9;
        idx[i] = i;
    }
    for (int i = 1; i < candidates; i++)
        for (int j = i; j > 0 && score[idx[j]] > score[idx[j - 1]]; j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    int n = rng_one_in(&d->rng, 3) ? rng_int(&d->rng, 1, candidates > 3 ? 3 : candidates) : candidates;
    for (int i = 0; i < n; i++) out[i] = idx[i] + 1;
    return n;
}

static int ballots_cast(Demo *d, DbConn *c, int64_t election, json_t *def, int64_t from, int64_t to, int *cast, Err *e)
{
    json_t *voters = demo_electorate(c, e, election);
    json_t *cands = voters ? election_candidates(c, e, election) : NULL;
    if (!cands) return json_decref(voters), -1;
    int candidates = (int)json_array_size(cands), turnout = (int)json_integer_value(json_object_get(def, "turnout"));
    int rc = 0;
    size_t i;
    json_t *v;
    json_array_foreach(voters, i, v) {
        int64_t who = json_integer_value(json_object_get(v, "user_id"));
        if (who == d->people[P_INES].id || rng_int(&d->rng, 1, 100) > turnout) continue;
        int32_t choice[ELECTION_MAX_CANDIDATES];
        char tracker[TRACKER_TEXT];
        BallotIn in = { .election_id = election, .voter = who, .choice = choice,
                        .n = ranking_draw(d, candidates, choice),
                        .now = from + (to - from) * (int64_t)(i + 1) / (int64_t)(json_array_size(voters) + 1) };
        if ((rc = ballot_cast(c, e, &in, tracker)) < 0) break;
        (*cast)++;
    }
    json_decref(voters);
    json_decref(cands);
    return rc;
}

static int election_make(Demo *d, DbConn *c, json_t *def, int64_t admin, int *cast, Err *e)
{
    json_t *committee = NULL;
    int found = committee_find(c, e, jstr(def, "committee"), &committee);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_INTERNAL, "data/demo/governance.json: no committee %s.", jstr(def, "committee"));
    ElectionIn in = { .committee_id = json_integer_value(json_object_get(committee, "id")), .title = jstr(def, "title"),
                      .method = jstr(def, "method"), .seats = json_integer_value(json_object_get(def, "seats")),
                      .nominations_close_at = jday(d, def, "nominations_close"), .closes_at = jday(d, def, "closes"),
                      .by = admin, .now = jday(d, def, "created") };
    json_decref(committee);
    int64_t id = 0, mark = 0;
    FieldErrs fe = { .a = &d->a };
    if (demo_outbox_last(c, e, &mark) < 0 || election_create(c, e, &in, &fe, &id) < 0 ||
        nominate(d, c, id, def, admin, in.now + HOUR, e) < 0 || settle(d, c, mark, in.now, e) < 0)
        return -1;
    if (demo_outbox_last(c, e, &mark) < 0 || election_open(c, e, id, in.nominations_close_at) < 0 ||
        settle(d, c, mark, in.nominations_close_at, e) < 0)
        return -1;
    bool open = json_is_true(json_object_get(def, "leave_open"));
    int64_t until = open ? d->now - HOUR : in.closes_at - HOUR;
    if (ballots_cast(d, c, id, def, in.nominations_close_at + HOUR, until, cast, e) < 0) return -1;
    if (open) return 0;
    if (demo_outbox_last(c, e, &mark) < 0 || election_close(c, e, id, in.closes_at) < 0) return -1;
    return settle(d, c, mark, in.closes_at, e);
}

int demo_elections_make(Demo *d, DbConn *c, json_t *data, int *ballots, Err *e)
{
    int64_t admin = 0;
    if (demo_admin_id(c, e, &admin) < 0) return -1;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(data, "elections"), i, x)
        if (election_make(d, c, x, admin, ballots, e) < 0) return -1;
    return 0;
}
