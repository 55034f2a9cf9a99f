/* test_gov_polls.c - proposals, polls and delegation (src/governance:
 * rules_polls.c directly; polls.c, polls_close.c, polls_count.c,
 * polls_view.c through their operations on a database).
 *
 * The rules: checking a vote of every kind, keeping it as JSON and reading it
 * back, counting each kind, the quorum, delegation (who carries whose vote,
 * and which delegations are refused), the fields of a poll and of its close.
 * The operations run on GLOCAL_TEST_DB (tests/run runs this program on SQLite
 * and on PostgreSQL): who may open, vote and close in a chapter and in a
 * committee, changing a vote, voting out of time, delegation with a direct
 * vote overriding it, the decision record and its lists, the reminders.
 *
 * The ranked-choice runoff is counted by stv_count (count.c, area A): the
 * tests that need the runoff fail while count.c is a placeholder. */
#include "testutil.h"

#include <jansson.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "governance/governance.h"

/* ---------- checking votes ---------- */

static PollVoteIn vote_in(void)
{
    PollVoteIn v;
    memset(&v, 0, sizeof v);
    v.choice = -1;
    return v;
}

static void mark(PollVoteIn *v, int i, int64_t m)
{
    v->marks[i] = m;
    v->given[i] = true;
}

static const char *const L3[] = { "Lisbon", "Porto", "Faro" };

Test(votes, a_proposal_takes_a_position_and_a_block_needs_a_reason)
{
    PollShape p = { .kind = "proposal" };
    PollBallot b;
    PollVoteIn v = vote_in();
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "position", "agree, abstain, disagree or block");
    v.position = "maybe";
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "position", "Choose");
    v.position = "block";
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "reason", "A block needs a reason");
    v.reason = "   ";
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "reason", "A block needs a reason");
    v.reason = "It breaks the one-per-sector rule.";
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert_eq(b.position, POSITION_BLOCK);
    v.position = "agree";
    v.reason = NULL;
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert_eq(b.position, POSITION_AGREE);
    char *long_reason = repeat("x", POLL_REASON_MAX + 1);
    v.reason = long_reason;
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "reason", "under 2000");
    free(long_reason);
}

Test(votes, single_choice_and_approval)
{
    PollShape p = { .kind = "single", .options = 3, .labels = L3 };
    PollBallot b;
    PollVoteIn v = vote_in();
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "choice", "Choose one");
    v.choice = 3;
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "choice", "Choose one");
    v.choice = 2;
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert(b.marks[2] == 1 && b.marks[0] == 0 && b.marks[1] == 0);
    p.kind = "approval";
    v = vote_in();
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "choices", "at least one");
    mark(&v, 0, 1);
    mark(&v, 2, 1);
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert(b.marks[0] == 1 && b.marks[1] == 0 && b.marks[2] == 1);
    mark(&v, 1, 2);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "choices", "Approve");
}

Test(votes, scores_are_given_to_every_option_within_the_range)
{
    PollShape p = { .kind = "score", .options = 3, .score_max = 5, .labels = L3 };
    PollBallot b;
    PollVoteIn v = vote_in();
    mark(&v, 0, 5);
    mark(&v, 1, 0);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "scores", "\"Faro\" has none");
    mark(&v, 2, 6);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "scores", "from 0 to 5");
    mark(&v, 2, -1);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "scores", "from 0 to 5");
    mark(&v, 2, 3);
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert(b.marks[0] == 5 && b.marks[1] == 0 && b.marks[2] == 3);
    v.bad_field = "scores";
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "scores", "whole numbers");
}

Test(votes, rankings_are_distinct_and_only_their_order_counts)
{
    PollShape p = { .kind = "ranked", .options = 3, .labels = L3 };
    PollBallot b;
    PollVoteIn v = vote_in();
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "ranking", "Rank at least one");
    mark(&v, 0, 2);
    mark(&v, 2, 2);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "ranking", "two options are ranked 2");
    mark(&v, 2, 4);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "ranking", "from 1");
    mark(&v, 2, 3);   /* 2 and 3 (no 1): Lisbon first, Faro second */
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert(b.marks[0] == 1 && b.marks[1] == 0 && b.marks[2] == 2, "%lld %lld %lld", (long long)b.marks[0],
              (long long)b.marks[1], (long long)b.marks[2]);
    /* the API's ranking: positions, most preferred first */
    v = vote_in();
    int64_t order[] = { 1, 0 };
    expect_accepted(poll_vote_ranking(&v, order, 2, 3, &e_));
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    cr_assert(b.marks[1] == 1 && b.marks[0] == 2 && b.marks[2] == 0);
    v = vote_in();
    int64_t twice[] = { 1, 1 };
    expect_refused(poll_vote_ranking(&v, twice, 2, 3, &e_), "ranking", "ranked twice");
    v = vote_in();
    int64_t outside[] = { 3 };
    expect_refused(poll_vote_ranking(&v, outside, 1, 3, &e_), "ranking", "not one of this poll's options");
}

Test(votes, dots_are_spent_within_the_budget)
{
    PollShape p = { .kind = "dots", .options = 3, .dots = 10, .labels = L3 };
    PollBallot b;
    PollVoteIn v = vote_in();
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "dots", "at least one dot");
    mark(&v, 0, 7);
    mark(&v, 1, 4);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "dots", "You have 10 dots to spend; these add up to 11");
    mark(&v, 1, 3);
    expect_accepted(poll_vote_check(&p, &v, &b, &e_));
    mark(&v, 2, -2);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "dots", "not fewer than none");
    mark(&v, 2, 0);
    mark(&v, 0, 40);
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "dots", "You have 10 dots to spend; these add up to 43");
}

/* A small deterministic generator, so a failure can be replayed. */
static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

Test(votes, every_kind_is_kept_as_json_and_read_back_the_same)
{
    static const char *const kinds[] = { "proposal", "single", "approval", "score", "ranked", "dots" };
    for (int round = 0; round < 600; round++) {
        const char *kind = kinds[round % 6];
        PollShape p = { .kind = kind, .options = 2 + (int)(rnd() % (POLL_OPTIONS_MAX - 1)), .score_max = 1 + (int64_t)(rnd() % 100),
                        .dots = 1 + (int64_t)(rnd() % 1000) };
        PollVoteIn v = vote_in();
        v.position = proposal_position_name((int)(rnd() % POSITIONS));
        v.reason = "because";
        v.choice = (int64_t)(rnd() % (uint64_t)p.options);
        int64_t left = p.dots;
        for (int i = 0; i < p.options; i++) {
            int64_t m = str_eq(kind, "approval") ? (int64_t)(rnd() % 2) : str_eq(kind, "score") ? (int64_t)(rnd() % (uint64_t)(p.score_max + 1))
                      : str_eq(kind, "dots") ? (int64_t)(rnd() % (uint64_t)(left + 1)) : (int64_t)(rnd() % 2) * (i + 1);
            if (str_eq(kind, "dots")) left -= m;
            mark(&v, i, m);
        }
        if (str_eq(kind, "approval") || str_eq(kind, "ranked") || str_eq(kind, "dots")) mark(&v, 0, 1);
        PollBallot b, back;
        Err e = { 0 };
        cr_assert_eq(poll_vote_check(&p, &v, &b, &e), 0, "%s: %s", kind, e.msg);
        json_t *j = poll_ballot_json(&p, &b);
        char *text = json_dumps(j, JSON_COMPACT);
        json_t *again = json_loads(text, 0, NULL);
        cr_assert_eq(poll_ballot_parse(&p, again, &back), 0, "%s: %s reads back", kind, text);
        cr_assert_eq(back.position, b.position, "%s", text);
        cr_assert_eq(memcmp(back.marks, b.marks, sizeof b.marks), 0, "%s: %s", kind, text);
        json_decref(j);
        json_decref(again);
        free(text);
    }
    PollShape p = { .kind = "single", .options = 2 };
    PollBallot b;
    json_t *bad = json_pack("{s:i}", "choice", 2);
    cr_assert_eq(poll_ballot_parse(&p, bad, &b), -1, "a choice outside the poll is not read");
    json_decref(bad);
    p.kind = "ranked";
    bad = json_pack("{s:[i,i]}", "ranking", 1, 1);
    cr_assert_eq(poll_ballot_parse(&p, bad, &b), -1, "a ranking with an option twice is not read");
    json_decref(bad);
}

Test(votes, a_vote_in_words)
{
    Arena a;
    arena_init(&a, 512);
    PollShape p = { .kind = "ranked", .options = 3, .labels = L3 };
    PollBallot b = { .position = -1, .marks = { 2, 0, 1 } };
    cr_assert_str_eq(poll_ballot_text(&a, &p, &b), "1. Faro, 2. Lisbon");
    p.kind = "approval";
    PollBallot ap = { .position = -1, .marks = { 1, 0, 1 } };
    cr_assert_str_eq(poll_ballot_text(&a, &p, &ap), "Lisbon, Faro");
    p.kind = "dots";
    PollBallot d = { .position = -1, .marks = { 0, 4, 6 } };
    cr_assert_str_eq(poll_ballot_text(&a, &p, &d), "Porto 4 · Faro 6");
    p.kind = "proposal";
    PollBallot pr = { .position = POSITION_DISAGREE };
    cr_assert_str_eq(poll_ballot_text(&a, &p, &pr), "Disagree");
    arena_release(&a);
}

/* ---------- counting ---------- */

static json_t *option_at(json_t *count, int i)
{
    return json_array_get(json_object_get(count, "options"), (size_t)i);
}

static int64_t value_at(json_t *count, int i)
{
    return json_integer_value(json_object_get(option_at(count, i), "value"));
}

static int64_t leading(json_t *count, int k)
{
    json_t *l = json_object_get(count, "leading");
    return k < (int)json_array_size(l) ? json_integer_value(json_array_get(l, (size_t)k)) : -1;
}

Test(count, a_proposal_counts_positions_and_blocks)
{
    PollShape p = { .kind = "proposal" };
    PollBallot b[5] = { { POSITION_AGREE }, { POSITION_AGREE }, { POSITION_BLOCK }, { POSITION_ABSTAIN }, { POSITION_AGREE } };
    Err e = { 0 };
    json_t *c = poll_count(&p, b, 5, &e);
    cr_assert_not_null(c, "%s", e.msg);
    cr_assert_eq(value_at(c, POSITION_AGREE), 3);
    cr_assert_eq(value_at(c, POSITION_ABSTAIN), 1);
    cr_assert_eq(value_at(c, POSITION_DISAGREE), 0);
    cr_assert_eq(json_integer_value(json_object_get(c, "blocks")), 1);
    cr_assert_eq(json_integer_value(json_object_get(option_at(c, 0), "share")), 60);
    cr_assert_str_eq(json_string_value(json_object_get(option_at(c, 0), "label")), "Agree");
    cr_assert_str_eq(json_string_value(json_object_get(option_at(c, 3), "value_text")), "1 vote");
    json_decref(c);
}

Test(count, single_approval_score_and_dots)
{
    Err e = { 0 };
    PollShape p = { .kind = "single", .options = 3, .labels = L3 };
    PollBallot s[4] = { { -1, { 1 } }, { -1, { 0, 1 } }, { -1, { 0, 1 } }, { -1, { 1 } } };
    json_t *c = poll_count(&p, s, 4, &e);
    cr_assert(value_at(c, 0) == 2 && value_at(c, 1) == 2 && value_at(c, 2) == 0);
    cr_assert(leading(c, 0) == 0 && leading(c, 1) == 1 && leading(c, 2) == -1, "a tie leads together");
    json_decref(c);
    p.kind = "approval";
    PollBallot a[3] = { { -1, { 1, 1, 0 } }, { -1, { 0, 1, 1 } }, { -1, { 0, 1, 0 } } };
    c = poll_count(&p, a, 3, &e);
    cr_assert(value_at(c, 0) == 1 && value_at(c, 1) == 3 && value_at(c, 2) == 1 && leading(c, 0) == 1 && leading(c, 1) == -1);
    cr_assert_eq(json_integer_value(json_object_get(option_at(c, 1), "share")), 100);
    json_decref(c);
    p.kind = "score";
    p.score_max = 5;
    PollBallot sc[2] = { { -1, { 5, 2, 0 } }, { -1, { 2, 2, 1 } } };
    c = poll_count(&p, sc, 2, &e);
    cr_assert(value_at(c, 0) == 7 && value_at(c, 1) == 4 && value_at(c, 2) == 1 && leading(c, 0) == 0);
    cr_assert_str_eq(json_string_value(json_object_get(option_at(c, 0), "value_text")), "3.50 average · 7 points");
    cr_assert_eq(json_integer_value(json_object_get(option_at(c, 0), "share")), 70);
    json_decref(c);
    p.kind = "dots";
    p.dots = 10;
    PollBallot d[2] = { { -1, { 10, 0, 0 } }, { -1, { 0, 6, 4 } } };
    c = poll_count(&p, d, 2, &e);
    cr_assert(value_at(c, 0) == 10 && value_at(c, 1) == 6 && value_at(c, 2) == 4 && leading(c, 0) == 0);
    cr_assert_eq(json_integer_value(json_object_get(option_at(c, 0), "share")), 50);
    json_decref(c);
    c = poll_count(&p, d, 0, &e);
    cr_assert(value_at(c, 0) == 0 && leading(c, 0) == -1, "nothing counted: nothing leads");
    json_decref(c);
}

Test(count, ranked_first_preferences_without_the_runoff)
{
    PollShape p = { .kind = "ranked", .options = 3, .labels = L3, .first_only = true };
    PollBallot r[3] = { { -1, { 1, 2, 0 } }, { -1, { 0, 1, 2 } }, { -1, { 2, 0, 1 } } };
    Err e = { 0 };
    json_t *c = poll_count(&p, r, 3, &e);
    cr_assert(value_at(c, 0) == 1 && value_at(c, 1) == 1 && value_at(c, 2) == 1);
    cr_assert_null(json_object_get(c, "runoff"));
    json_decref(c);
}

/* Needs stv_count (count.c): instant runoff is STV with one seat. Porto
 * leads the first preferences (4 of 9) but Lisbon wins once Faro drops out
 * and its 2 votes go to their next choice: Lisbon 5, Porto 4. */
Test(count, ranked_choice_is_counted_by_instant_runoff)
{
    PollShape p = { .kind = "ranked", .options = 3, .labels = L3 };
    PollBallot r[9];
    for (int i = 0; i < 9; i++) r[i] = (PollBallot){ -1, { 0 } };
    for (int i = 0; i < 4; i++) r[i].marks[1] = 1;                          /* Porto */
    for (int i = 4; i < 7; i++) r[i].marks[0] = 1, r[i].marks[2] = 2;       /* Lisbon, then Faro */
    for (int i = 7; i < 9; i++) r[i].marks[2] = 1, r[i].marks[0] = 2;       /* Faro, then Lisbon */
    Err e = { 0 };
    json_t *c = poll_count(&p, r, 9, &e);
    cr_assert_not_null(c, "the runoff: %s", e.msg);
    cr_assert(value_at(c, 0) == 3 && value_at(c, 1) == 4 && value_at(c, 2) == 2, "first preferences");
    cr_assert_eq(leading(c, 0), 0, "Lisbon wins the runoff");
    cr_assert_eq(leading(c, 1), -1, "alone");
    cr_assert(json_array_size(json_object_get(json_object_get(c, "runoff"), "rounds")) >= 2, "with its rounds");
    json_decref(c);
}

Test(count, the_quorum_is_rounded_up)
{
    cr_assert_eq(poll_quorum_needed(10, 50), 5);
    cr_assert_eq(poll_quorum_needed(3, 50), 2);
    cr_assert_eq(poll_quorum_needed(7, 100), 7);
    cr_assert_eq(poll_quorum_needed(7, 0), 0);
    cr_assert_eq(poll_quorum_needed(0, 60), 0);
    cr_assert_eq(poll_quorum_needed(12, 1), 1);
}

/* ---------- delegation ---------- */

Test(delegation, votes_flow_to_the_first_direct_vote_along_the_chain)
{
    /* 1 -> 2 -> 3 (voted); 4 voted and gave to 3 (its own vote counts); 5 -> 6 (no vote, no delegate); 7 <-> 8 */
    int64_t voters[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    bool voted[] = { false, false, true, true, false, false, false, false };
    PollDelegation edges[] = { { 1, 2 }, { 2, 3 }, { 4, 3 }, { 5, 6 }, { 7, 8 }, { 8, 7 }, { 9, 3 } };
    int64_t carrier[8];
    poll_delegation_resolve(voters, voted, 8, edges, 7, carrier);
    int64_t want[] = { 3, 3, 3, 4, 0, 0, 0, 0 };
    for (int i = 0; i < 8; i++) cr_assert_eq(carrier[i], want[i], "voter %lld: %lld", (long long)voters[i], (long long)carrier[i]);
    /* 2 votes directly: it carries 1's vote now, not 3 */
    voted[1] = true;
    poll_delegation_resolve(voters, voted, 8, edges, 7, carrier);
    cr_assert(carrier[0] == 2 && carrier[1] == 2 && carrier[2] == 3);
    /* a delegate who is not a voter ends the chain */
    PollDelegation out[] = { { 5, 42 } };
    poll_delegation_resolve(voters, voted, 8, out, 1, carrier);
    cr_assert_eq(carrier[4], 0);
}

Test(delegation, to_oneself_to_a_non_voter_or_in_a_loop_is_refused)
{
    PollDelegation edges[] = { { 2, 3 }, { 3, 1 }, { 1, 4 } };
    expect_refused(poll_delegation_check(1, 1, true, edges, 3, "Ana", &e_), "to", "yourself");
    expect_refused(poll_delegation_check(1, 5, false, edges, 3, "Olga", &e_), "to", "Olga does not vote here");
    expect_refused(poll_delegation_check(1, 2, true, edges, 3, "Bo", &e_), "to", "Bo already gives their vote");
    expect_refused(poll_delegation_check(1, 3, true, edges, 3, "Cy", &e_), "to", "loop");
    expect_accepted(poll_delegation_check(1, 4, true, edges, 3, "Dee", &e_));
    expect_accepted(poll_delegation_check(2, 4, true, edges, 3, "Dee", &e_));
    expect_refused(poll_delegation_check(4, 2, true, edges, 3, "Bo", &e_), "to", "loop");
}

/* ---------- the fields of a poll and of its close ---------- */

static const char *problem(const FieldErrs *f, const char *field)
{
    for (int i = 0; i < f->n; i++)
        if (str_eq(f->at[i].field, field)) return f->at[i].msg;
    return NULL;
}

Test(fields, a_new_poll_is_checked_field_by_field)
{
    Arena a;
    arena_init(&a, 1024);
    int64_t now = 1800000000;
    FieldErrs f = { &a, NULL, 0 };
    PollFields p = { .kind = "vote", .title = "", .score_max = 0, .dots = 0, .quorum_pct = 120, .opens_at = now - 3600,
                     .closes_at = now - 60 };
    poll_fields_problems(&p, now, &f);
    cr_assert(problem(&f, "kind") && problem(&f, "title") && problem(&f, "quorum_pct") && problem(&f, "opens_at") &&
              problem(&f, "closes_at"));
    f = (FieldErrs){ &a, NULL, 0 };
    p = (PollFields){ .kind = "score", .title = "Where next?", .options = { "Lisbon", "Lisbon" }, .n_options = 2, .score_max = 101,
                      .closes_at = now + 1800 };
    poll_fields_problems(&p, now, &f);
    cr_assert(strstr(problem(&f, "options"), "\"Lisbon\" comes twice"));
    cr_assert(strstr(problem(&f, "score_max"), "1 to 100"));
    cr_assert(strstr(problem(&f, "closes_at"), "at least an hour"));
    f = (FieldErrs){ &a, NULL, 0 };
    p = (PollFields){ .kind = "dots", .title = "Where next?", .options = { "Lisbon" }, .n_options = 1, .dots = 1001,
                      .closes_at = now + 100 * 86400 };
    poll_fields_problems(&p, now, &f);
    cr_assert(strstr(problem(&f, "options"), "at least two"));
    cr_assert(strstr(problem(&f, "dots"), "1,000"));
    cr_assert(strstr(problem(&f, "closes_at"), "three months"));
    f = (FieldErrs){ &a, NULL, 0 };
    p = (PollFields){ .kind = "single", .title = "Where next?", .n_options = POLL_OPTIONS_MAX, .too_many_options = true,
                      .closes_at = now + 86400 };
    poll_fields_problems(&p, now, &f);
    cr_assert(strstr(problem(&f, "options"), "at most 20"));
    f = (FieldErrs){ &a, NULL, 0 };
    p = (PollFields){ .kind = "proposal", .title = "Meet on Thursdays", .closes_at = now + 7 * 86400, .score_max = 0 };
    poll_fields_problems(&p, now, &f);
    cr_assert_eq(f.n, 0, "a proposal has no options and ignores the score: %s", f.n ? f.at[0].msg : "");
    arena_release(&a);
}

Test(fields, voting_happens_between_the_opening_and_the_close)
{
    int64_t opens = 1000, closes = 2000;
    Err e = { 0 };
    cr_assert_eq(poll_voting_check("open", opens, closes, 1500, "o", "c", &e), 0);
    cr_assert_eq(poll_voting_check("open", opens, closes, 999, "Mon 1 Jun", "c", &e), -1);
    cr_assert(e.code == E_CONFLICT && strstr(e.msg, "Voting opens on Mon 1 Jun"), "%s", e.msg);
    cr_assert_eq(poll_voting_check("open", opens, closes, 2000, "o", "Tue 2 Jun, 18:00", &e), -1);
    cr_assert(e.code == E_CONFLICT && strstr(e.msg, "Voting closed on Tue 2 Jun, 18:00"), "%s", e.msg);
    cr_assert_eq(poll_voting_check("closed", opens, closes, 1500, "o", "c", &e), -1);
    cr_assert(e.code == E_CONFLICT && strstr(e.msg, "closed"), "%s", e.msg);
    cr_assert(poll_results_visible(true, false) && poll_results_visible(false, true) && !poll_results_visible(false, false));
}

Test(fields, closing_asks_for_an_outcome_and_a_review_date)
{
    Arena a;
    arena_init(&a, 512);
    FieldErrs f = { &a, NULL, 0 };
    poll_close_problems("", 0, 1000, &f);
    cr_assert(problem(&f, "outcome") && strstr(problem(&f, "outcome"), "quorum not reached"));
    cr_assert(problem(&f, "review_at"));
    f = (FieldErrs){ &a, NULL, 0 };
    poll_close_problems("We meet on Thursdays.", 900, 1000, &f);
    cr_assert(!problem(&f, "outcome") && strstr(problem(&f, "review_at"), "after today"));
    f = (FieldErrs){ &a, NULL, 0 };
    poll_close_problems("We meet on Thursdays.", 1000 + 90 * 86400, 1000, &f);
    cr_assert_eq(f.n, 0);
    arena_release(&a);
}

/* ---------- the operations, on a database ---------- */

static Db *db;
static DbConn *conn;
static Arena A;
static TestDb tdb;

static void db_up(void)
{
    test_db_open(&tdb, &db, &conn);
    arena_init(&A, 0);
    log_level = -1;   /* refusals below are expected */
}

static void db_down(void)
{
    arena_release(&A);
    test_db_close(&tdb, db, conn);
}

TestSuite(ops, .init = db_up, .fini = db_down);

#define NOW 1800000000LL
#define DAY 86400LL

/* A chapter in Lisbon (Ana its connector; Bo, Cy, Dee members), Olga in
 * another chapter, an administrator, and the Lisbon committee (Ana, Bo, Eve;
 * Eve chairs it). */
typedef struct World {
    int64_t ana, bo, cy, dee, eve, olga, admin;
    int64_t pt, lisboa, lisbon;
    int64_t chapter, other, committee;
} World;

/* On PostgreSQL the tests share one database (each in a process of its
 * own): each test's world carries a suffix of its own in addresses and slugs. */
static const char *world_sfx = "";

static const char *email(const char *name)
{
    return arena_printf(&A, "%s-%s@test.example", name, world_sfx);
}

static const char *slug(const char *name)
{
    return arena_printf(&A, "%s-%s", str_lower(&A, name), world_sfx);
}

static int64_t user_add(DbConn *c, Err *e, const char *name)
{
    int64_t id = 0;
    return db_int64(c, e, &id,
                    "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                    " VALUES ($1, $2, 'x', 1, 1) RETURNING id",
                    DT(email(name)), DT(name)) < 0 ? -1 : id;
}

static int64_t place_add(DbConn *c, Err *e, int64_t parent, const char *kind, const char *name, const char *tz)
{
    int64_t id = 0;
    return db_int64(c, e, &id,
                    "INSERT INTO places (parent_id, kind, name, slug, timezone, created_at) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
                    DID(parent), DT(kind), DT(name), DT(slug(name)), DT(tz)) < 0 ? -1 : id;
}

static int64_t chapter_add(DbConn *c, Err *e, const char *name, int64_t metro)
{
    int64_t id = 0;
    return db_int64(c, e, &id,
                    "INSERT INTO chapters (slug, name, metro_id, status, created_at, updated_at) VALUES ($1, $2, $3, 'active', 1, 1) RETURNING id",
                    DT(slug(name)), DT(name), DI(metro)) < 0 ? -1 : id;
}

static int member_add(DbConn *c, Err *e, int64_t chapter, int64_t user, const char *role)
{
    return db_exec(c, e, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, $3, 1)", DI(chapter),
                   DI(user), DT(role));
}

static int world_tx(DbConn *c, void *ctx, Err *e)
{
    World *w = ctx;
    if ((w->ana = user_add(c, e, "Ana")) < 0 || (w->bo = user_add(c, e, "Bo")) < 0 || (w->cy = user_add(c, e, "Cy")) < 0 ||
        (w->dee = user_add(c, e, "Dee")) < 0 || (w->eve = user_add(c, e, "Eve")) < 0 || (w->olga = user_add(c, e, "Olga")) < 0 ||
        (w->admin = user_add(c, e, "Admin")) < 0)
        return -1;
    if ((w->pt = place_add(c, e, 0, "country", "Portugal", "UTC")) < 0 ||
        (w->lisboa = place_add(c, e, w->pt, "region", "Lisboa", "UTC")) < 0 ||
        (w->lisbon = place_add(c, e, w->lisboa, "metro", "Lisbon", "Europe/Lisbon")) < 0)
        return -1;
    if ((w->chapter = chapter_add(c, e, "fintech", w->lisbon)) < 0 || (w->other = chapter_add(c, e, "makers", w->lisbon)) < 0) return -1;
    if (member_add(c, e, w->chapter, w->ana, "connector") < 0 || member_add(c, e, w->chapter, w->bo, "member") < 0 ||
        member_add(c, e, w->chapter, w->cy, "member") < 0 || member_add(c, e, w->chapter, w->dee, "member") < 0 ||
        member_add(c, e, w->other, w->olga, "connector") < 0)
        return -1;
    return 0;
}

/* Seats as an appointment writes them: the rows themselves, so that this
 * test depends on committees.c for nothing but the committee. */
static int seats_tx(DbConn *c, void *ctx, Err *e)
{
    World *w = ctx;
    int64_t seats[] = { w->ana, w->bo, w->eve };
    for (int i = 0; i < 3; i++)
        if (db_exec(c, e,
                    "INSERT INTO gov_committee_members (committee_id, user_id, source, since, term_ends_at)"
                    " VALUES ($1, $2, 'appointed', $3, $4)",
                    DI(w->committee), DI(seats[i]), DI(NOW - 30 * DAY), DI(NOW + 700 * DAY)) < 0)
            return -1;
    return db_exec(c, e, "UPDATE gov_committees SET chair_id = $2 WHERE id = $1", DI(w->committee), DI(w->eve)) < 0 ? -1 : 0;
}

typedef struct MatterAdd {
    int64_t chapter, by, id;
    const char *title;
} MatterAdd;

static int matter_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAdd *m = ctx;
    return db_int64(c, e, &m->id,
                    "INSERT INTO gov_matters (chapter_id, raised_by, kind, title, body, created_at, updated_at)"
                    " VALUES ($1, $2, 'rule', $3, 'Which day?', 1, 1) RETURNING id",
                    DI(m->chapter), DI(m->by), DT(m->title)) < 0 ? -1 : 0;
}

static World W;

static void world(const char *sfx)
{
    Err e = { 0 };
    world_sfx = sfx;
    cr_assert_eq(db_write(conn, world_tx, &W, &e), 0, "the world: %s", e.msg);
    cr_assert_eq(committee_ensure(conn, &e, W.lisbon, &W.committee), 0, "%s", e.msg);
    cr_assert_eq(db_write(conn, seats_tx, &W, &e), 0, "the committee's seats: %s", e.msg);
}

static int64_t outbox(const char *kind, const char *to)
{
    Err e = { 0 };
    int64_t n = -1;
    if (to) db_int64(conn, &e, &n, "SELECT count(*) FROM outbox WHERE kind = $1 AND to_email = $2", DT(kind), DT(to));
    else db_int64(conn, &e, &n, "SELECT count(*) FROM outbox WHERE kind = $1", DT(kind));
    return n;
}


/* Opens a poll in the chapter (committee 0) or the committee; returns its id, or -1 with e. */
/* When the polls of a test open (the reminders' test keeps away from the others' polls). */
static int64_t T0 = NOW;

static int64_t open_poll(Err *e, int64_t by, bool committee, const char *kind, int n, const char *const *options, int64_t quorum)
{
    PollOpen o = { .by = by, .now = T0, .public_url = "http://glocal.test" };
    o.f = (PollFields){ .chapter_id = committee ? 0 : W.chapter, .committee_id = committee ? W.committee : 0, .kind = kind,
                        .title = arena_printf(&A, "A %s", kind), .body = "Say what you think.", .score_max = 5, .dots = 10,
                        .quorum_pct = quorum, .closes_at = T0 + 7 * DAY };
    for (int i = 0; i < n; i++) o.f.options[i] = options[i];
    o.f.n_options = n;
    return poll_open(conn, e, &o) < 0 ? -1 : o.id;
}

static int vote(Err *e, int64_t poll, int64_t who, int64_t at, PollVoteIn in, bool *changed)
{
    PollVote v = { .poll_id = poll, .user_id = who, .now = at, .in = in };
    int rc = poll_vote(conn, e, &v);
    if (changed) *changed = v.changed;
    return rc;
}

static PollVoteIn position(const char *p, const char *reason)
{
    PollVoteIn v = vote_in();
    v.position = p;
    v.reason = reason;
    return v;
}

static int delegate_to(Err *e, int64_t poll, bool committee, int64_t from, int64_t to)
{
    PollDelegate d = { .chapter_id = poll || committee ? 0 : W.chapter, .committee_id = !poll && committee ? W.committee : 0,
                       .poll_id = poll, .from = from, .to = to, .now = T0 + 60 };
    return poll_delegate(conn, e, &d);
}

static int64_t figure(json_t *count, const char *key)
{
    return json_integer_value(json_object_get(count, key));
}

/* The record numbered id in a list (the tests share the database on PostgreSQL), or NULL. */
static json_t *record_in(json_t *list, int64_t id)
{
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d)
        if (json_integer_value(json_object_get(d, "id")) == id) return d;
    return NULL;
}

Test(ops, a_chapter_proposal_from_opening_to_its_decision)
{
    world("proposal");
    Err e = { 0 };
    cr_assert_eq(open_poll(&e, W.olga, false, "proposal", 0, NULL, 50), -1, "Olga is not a member");
    cr_assert(e.code == E_FORBIDDEN && strstr(e.msg, "Only members of fintech"), "%s", e.msg);
    err_clear(&e);
    PollOpen bad = { .by = W.bo, .now = NOW, .f = { .chapter_id = W.chapter, .kind = "proposal", .title = "", .closes_at = NOW } };
    cr_assert_eq(poll_open(conn, &e, &bad), -1);
    cr_assert(e.code == E_INVALID && str_eq(e.field, "title"), "%d %s", e.code, e.field);
    err_clear(&e);
    int64_t p = open_poll(&e, W.bo, false, "proposal", 0, NULL, 50);
    cr_assert_gt(p, 0, "%s", e.msg);
    cr_assert_eq(outbox("gov_poll_opened", email("Ana")), 1, "the voters are told");
    cr_assert_eq(outbox("gov_poll_opened", email("Bo")), 0, "not the one who opened it");
    cr_assert_eq(outbox("gov_poll_opened", email("Olga")), 0, "not someone of another chapter");

    /* voting: only members, only while it is open; a second vote replaces the first */
    cr_assert_eq(vote(&e, p, W.olga, NOW + 10, position("agree", NULL), NULL), -1);
    cr_assert(e.code == E_FORBIDDEN, "%s", e.msg);
    bool changed = true;
    cr_assert_eq(vote(&e, p, W.cy, NOW + 10, position("disagree", NULL), &changed), 0, "%s", e.msg);
    cr_assert(!changed);
    cr_assert_eq(vote(&e, p, W.cy, NOW + 20, position("block", ""), NULL), -1);
    cr_assert(e.code == E_INVALID && str_eq(e.field, "reason"));
    cr_assert_eq(vote(&e, p, W.cy, NOW + 30, position("agree", "Fine by me."), &changed), 0, "%s", e.msg);
    cr_assert(changed, "the vote was changed");
    json_t *t = poll_tally(conn, &e, p, NOW + 40);
    cr_assert_eq(figure(t, "ballots"), 1, "one vote, changed: counted once");
    cr_assert_eq(value_at(t, POSITION_AGREE), 1);
    cr_assert_eq(value_at(t, POSITION_DISAGREE), 0);
    cr_assert(figure(t, "eligible") == 4 && figure(t, "quorum_needed") == 2 && !json_is_true(json_object_get(t, "quorum_reached")));
    json_decref(t);
    cr_assert_eq(vote(&e, p, W.dee, NOW + 7 * DAY, position("agree", NULL), NULL), -1, "at the close");
    cr_assert(e.code == E_CONFLICT && strstr(e.msg, "Voting closed on"), "%s", e.msg);

    /* closing: not by any member; an outcome and a review date; then the record */
    PollClose k = { .poll_id = p, .by = W.dee, .now = NOW + 7 * DAY, .outcome = "Agreed.", .review_at = NOW + 90 * DAY };
    cr_assert_eq(poll_close(conn, &e, &k), -1);
    cr_assert(e.code == E_FORBIDDEN && strstr(e.msg, "connectors"), "%s", e.msg);
    k.by = W.ana;
    k.outcome = "";
    cr_assert_eq(poll_close(conn, &e, &k), -1);
    cr_assert(e.code == E_INVALID && str_eq(e.field, "outcome"));
    k.outcome = "Quorum not reached: we ask again in May.";
    cr_assert_eq(poll_close(conn, &e, &k), 0, "%s", e.msg);
    cr_assert_gt(k.decision_id, 0);
    cr_assert_eq(outbox("gov_poll_closed", email("Dee")), 1, "the voters are told the outcome");
    cr_assert_eq(poll_close(conn, &e, &k), -1, "once");
    cr_assert(e.code == E_CONFLICT);
    cr_assert_eq(vote(&e, p, W.dee, NOW + 3, position("agree", NULL), NULL), -1, "no vote once closed");
    cr_assert(e.code == E_CONFLICT && strstr(e.msg, "closed"), "%s", e.msg);
    json_t *d = NULL;
    cr_assert_eq(decision_get(conn, &e, k.decision_id, &d), 1);
    cr_assert_str_eq(json_string_value(json_object_get(d, "source")), "proposal");
    cr_assert_eq(json_integer_value(json_object_get(d, "chapter_id")), W.chapter);
    cr_assert_eq(json_integer_value(json_object_get(d, "place_id")), W.lisbon, "a chapter's decision is about its metro");
    json_t *counts = json_loads(json_string_value(json_object_get(d, "counts")), 0, NULL);
    cr_assert(!json_is_true(json_object_get(counts, "quorum_reached")) && figure(counts, "ballots") == 1);
    cr_assert_str_eq(json_string_value(json_object_get(counts, "source_url")), arena_printf(&A, "/polls/%lld", (long long)p));
    json_decref(counts);
    json_decref(d);

    /* the lists: a chapter's decisions are its members' */
    DecisionFilter f = { .place_id = W.pt, .viewer = W.olga };
    json_t *l = decisions_list(conn, &e, &f);
    cr_assert_eq(json_array_size(l), 0, "not for someone of another chapter");
    json_decref(l);
    f = (DecisionFilter){ .limit = 500 };
    l = decisions_list(conn, &e, &f);
    cr_assert_null(record_in(l, k.decision_id), "nor for anyone, by default");
    json_decref(l);
    f.viewer = W.dee;
    l = decisions_list(conn, &e, &f);
    json_t *seen = record_in(l, k.decision_id);
    cr_assert_not_null(seen, "a member of the chapter reads it");
    cr_assert_str_eq(json_string_value(json_object_get(seen, "body_url")), arena_printf(&A, "/chapters/%s", slug("fintech")));
    json_decref(l);
    f = (DecisionFilter){ .place_id = W.pt, .viewer_is_admin = true };
    l = decisions_list(conn, &e, &f);
    cr_assert_eq(json_array_size(l), 1, "a place's list holds the places below it (an administrator reads all)");
    json_decref(l);
    f = (DecisionFilter){ .chapter_id = W.chapter };
    l = decisions_list(conn, &e, &f);
    cr_assert_eq(json_array_size(l), 1, "the chapter's own list (its page checked who reads)");
    json_decref(l);
    json_t *mine = NULL;
    cr_assert_eq(decision_for_reader(conn, &e, k.decision_id, W.olga, false, &mine), 0, "one record, for a reader");
    cr_assert_eq(decision_for_reader(conn, &e, k.decision_id, W.cy, false, &mine), 1);
    json_decref(mine);
}

Test(ops, delegation_carries_votes_and_a_direct_vote_overrides_it)
{
    world("delegation");
    Err e = { 0 };
    int64_t p = open_poll(&e, W.ana, false, "proposal", 0, NULL, 75);
    cr_assert_gt(p, 0, "%s", e.msg);
    cr_assert_eq(delegate_to(&e, 0, false, W.bo, W.bo), -1);
    cr_assert(e.code == E_INVALID && strstr(e.msg, "yourself"), "%s", e.msg);
    cr_assert_eq(delegate_to(&e, 0, false, W.bo, W.olga), -1);
    cr_assert(e.code == E_INVALID && strstr(e.msg, "Olga does not vote here"), "%s", e.msg);
    cr_assert_eq(delegate_to(&e, 0, false, W.olga, W.bo), -1, "nor from outside");
    cr_assert(e.code == E_FORBIDDEN);
    cr_assert_eq(delegate_to(&e, 0, false, W.bo, W.ana), 0, "Bo gives his vote in the chapter to Ana: %s", e.msg);
    cr_assert_eq(delegate_to(&e, p, false, W.cy, W.bo), 0, "Cy gives hers in this poll to Bo: %s", e.msg);
    cr_assert_eq(delegate_to(&e, p, false, W.ana, W.cy), -1, "Ana -> Cy -> Bo -> Ana would loop");
    cr_assert(e.code == E_INVALID && strstr(e.msg, "loop"), "%s", e.msg);
    cr_assert_eq(delegate_to(&e, 0, false, W.ana, W.cy), -1, "also as a standing delegation, for the open poll");
    cr_assert(e.code == E_INVALID && strstr(e.msg, "loop"), "%s", e.msg);

    cr_assert_eq(vote(&e, p, W.ana, NOW + 100, position("agree", NULL), NULL), 0, "%s", e.msg);
    json_t *t = poll_tally(conn, &e, p, NOW + 200);
    cr_assert(figure(t, "ballots") == 3 && figure(t, "direct") == 1 && figure(t, "delegated") == 2, "Ana carries Bo and, through him, Cy");
    cr_assert(value_at(t, POSITION_AGREE) == 3 && json_is_true(json_object_get(t, "quorum_reached")));
    json_decref(t);
    cr_assert_eq(vote(&e, p, W.bo, NOW + 300, position("disagree", NULL), NULL), 0, "%s", e.msg);
    t = poll_tally(conn, &e, p, NOW + 400);
    cr_assert(value_at(t, POSITION_AGREE) == 1 && value_at(t, POSITION_DISAGREE) == 2, "Bo's own vote overrides; Cy's follows him");
    cr_assert(figure(t, "direct") == 2 && figure(t, "delegated") == 1);
    json_decref(t);

    /* the page: what Ana and Cy see */
    PollViewer v = { W.cy, false, NOW + 500 };
    json_t *page = poll_page_view(conn, &e, &A, p, &v);
    cr_assert_not_null(page, "%s", e.msg);
    cr_assert_str_eq(json_string_value(json_object_get(page, "my_vote_cast_by")), "Bo");
    cr_assert(json_is_null(json_object_get(page, "results")), "Cy has not voted herself: no running count");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(page, "my_poll_delegation"), "to_name")), "Bo");
    json_decref(page);
    v.id = W.bo;
    page = poll_page_view(conn, &e, &A, p, &v);
    cr_assert_eq(json_array_size(json_object_get(page, "votes_i_carry")), 1, "Bo carries Cy's vote");
    cr_assert_not_null(json_object_get(page, "results"), "Bo voted: he sees the count");
    json_t *voters = json_object_get(page, "voters");
    cr_assert_eq(json_array_size(voters), 2, "a named poll: who voted what");
    json_decref(page);

    /* revoking */
    cr_assert_eq(delegate_to(&e, p, false, W.cy, 0), 0, "%s", e.msg);
    cr_assert_eq(delegate_to(&e, p, false, W.cy, 0), -1, "nothing left to revoke");
    cr_assert(e.code == E_CONFLICT);
    t = poll_tally(conn, &e, p, NOW + 600);
    cr_assert(figure(t, "ballots") == 2 && figure(t, "delegated") == 0, "Cy's vote is hers again (and not cast)");
    json_decref(t);
}

Test(ops, a_committee_votes_by_its_sitting_members_and_its_chair_closes)
{
    world("committee");
    Err e = { 0 };
    static const char *const where[] = { "Lisbon", "Porto", "Faro" };
    cr_assert_eq(open_poll(&e, W.cy, true, "approval", 3, where, 100), -1, "Cy does not sit on the committee");
    cr_assert(e.code == E_FORBIDDEN && strstr(e.msg, "Lisbon committee"), "%s", e.msg);
    int64_t p = open_poll(&e, W.bo, true, "approval", 3, where, 100);
    cr_assert_gt(p, 0, "%s", e.msg);
    cr_assert_eq(outbox("gov_poll_opened", email("Eve")), 1);
    cr_assert_eq(outbox("gov_poll_opened", email("Cy")), 0, "only the committee's members are told");
    PollVoteIn v = vote_in();
    mark(&v, 0, 1);
    mark(&v, 2, 1);
    cr_assert_eq(vote(&e, p, W.cy, NOW + 10, v, NULL), -1);
    cr_assert(e.code == E_FORBIDDEN && strstr(e.msg, "you do not sit on it"), "%s", e.msg);
    cr_assert_eq(vote(&e, p, W.ana, NOW + 10, v, NULL), 0, "%s", e.msg);
    v = vote_in();
    mark(&v, 2, 1);
    cr_assert_eq(vote(&e, p, W.eve, NOW + 20, v, NULL), 0, "%s", e.msg);
    json_t *visible = NULL;
    bool manager = true;
    cr_assert_eq(poll_visible(conn, &e, p, W.olga, false, &visible, &manager), 1, "a committee's poll is read by members");
    cr_assert(!manager);
    json_decref(visible);
    cr_assert_eq(poll_visible(conn, &e, p, W.eve, false, &visible, &manager), 1);
    cr_assert(manager, "the chair may close it");
    json_decref(visible);
    PollClose k = { .poll_id = p, .by = W.ana, .now = NOW + DAY, .outcome = "Faro.", .review_at = NOW + 200 * DAY };
    cr_assert_eq(poll_close(conn, &e, &k), -1, "Ana neither opened it nor chairs");
    cr_assert(e.code == E_FORBIDDEN && strstr(e.msg, "chair"), "%s", e.msg);
    k.by = W.eve;
    cr_assert_eq(poll_close(conn, &e, &k), 0, "the chair closes early: %s", e.msg);
    json_t *d = NULL;
    cr_assert_eq(decision_for_reader(conn, &e, k.decision_id, 0, false, &d), 1, "a committee's decision is public");
    cr_assert_eq(json_integer_value(json_object_get(d, "committee_id")), W.committee);
    cr_assert_str_eq(json_string_value(json_object_get(d, "body_url")), arena_printf(&A, "/committees/%s", slug("Lisbon")));
    json_t *counts = json_object_get(d, "counts");
    cr_assert(!json_is_true(json_object_get(counts, "quorum_reached")) && figure(counts, "quorum_needed") == 3, "2 of 3 voted");
    cr_assert_eq(value_at(counts, 2), 2);
    json_decref(d);
    DecisionFilter f = { .committee_id = W.committee };
    json_t *l = decisions_list(conn, &e, &f);
    cr_assert_eq(json_array_size(l), 1);
    json_decref(l);
    PollViewer pv = { W.olga, false, NOW + 2 * DAY };
    json_t *page = poll_page_view(conn, &e, &A, p, &pv);
    cr_assert_not_null(json_object_get(page, "results"), "closed: the frozen count for everyone who sees it");
    cr_assert_eq(figure(json_object_get(page, "results"), "ballots"), 2);
    json_decref(page);
}

Test(ops, each_kind_is_counted_through_the_database)
{
    world("kinds");
    Err e = { 0 };
    static const char *const o[] = { "Tuesday", "Thursday" };
    int64_t s = open_poll(&e, W.ana, false, "score", 2, o, 0), d = open_poll(&e, W.ana, false, "dots", 2, o, 0),
            c1 = open_poll(&e, W.ana, false, "single", 2, o, 0);
    cr_assert(s > 0 && d > 0 && c1 > 0, "%s", e.msg);
    PollVoteIn v = vote_in();
    mark(&v, 0, 4);
    mark(&v, 1, 1);
    cr_assert_eq(vote(&e, s, W.bo, NOW + 1, v, NULL), 0, "%s", e.msg);
    cr_assert_eq(vote(&e, d, W.bo, NOW + 1, v, NULL), 0, "%s", e.msg);
    mark(&v, 1, 9);
    cr_assert_eq(vote(&e, d, W.cy, NOW + 1, v, NULL), -1, "13 dots of 10");
    cr_assert(e.code == E_INVALID && str_eq(e.field, "dots"));
    v = vote_in();
    v.choice = 1;
    cr_assert_eq(vote(&e, c1, W.cy, NOW + 1, v, NULL), 0, "%s", e.msg);
    v.choice = 5;
    cr_assert_eq(vote(&e, c1, W.dee, NOW + 1, v, NULL), -1);
    json_t *t = poll_tally(conn, &e, s, NOW + 2);
    cr_assert(value_at(t, 0) == 4 && value_at(t, 1) == 1);
    json_decref(t);
    t = poll_tally(conn, &e, d, NOW + 2);
    cr_assert(value_at(t, 0) == 4 && value_at(t, 1) == 1 && json_is_true(json_object_get(t, "quorum_reached")));
    json_decref(t);
    t = poll_tally(conn, &e, c1, NOW + 2);
    cr_assert(value_at(t, 1) == 1 && leading(t, 0) == 1);
    json_decref(t);
    json_t *list = polls_of_body(conn, &e, W.chapter, 0, W.bo, NOW + 3, 50, 0);
    cr_assert_eq(json_array_size(list), 3);
    cr_assert(json_is_true(json_object_get(json_array_get(list, 0), "is_voting")));
    size_t voted = 0;
    for (size_t i = 0; i < 3; i++) voted += json_is_true(json_object_get(json_array_get(list, i), "has_voted"));
    cr_assert_eq(voted, 2, "Bo voted in two of them");
    json_decref(list);
}

Test(ops, a_poll_about_a_matter_the_body_holds)
{
    world("matter");
    Err e = { 0 };
    MatterAdd m1 = { W.chapter, W.bo, 0, "Meeting day" }, m2 = { W.other, W.olga, 0, "Theirs" };
    cr_assert_eq(db_write(conn, matter_tx, &m1, &e), 0, "%s", e.msg);
    cr_assert_eq(db_write(conn, matter_tx, &m2, &e), 0, "%s", e.msg);
    int64_t mine = m1.id, theirs = m2.id;
    PollOpen o = { .by = W.bo, .now = NOW };
    o.f = (PollFields){ .chapter_id = W.chapter, .kind = "proposal", .title = "Meet on Thursdays", .matter_id = theirs,
                        .closes_at = NOW + DAY * 2 };
    cr_assert_eq(poll_open(conn, &e, &o), -1);
    cr_assert(e.code == E_INVALID && str_eq(e.field, "matter_id"), "%s", e.msg);
    o.f.matter_id = mine;
    o.f.opens_at = 0;
    cr_assert_eq(poll_open(conn, &e, &o), 0, "%s", e.msg);
    PollViewer v = { W.bo, false, NOW };
    json_t *page = poll_page_view(conn, &e, &A, o.id, &v);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(page, "poll"), "matter"), "title")), "Meeting day");
    json_decref(page);
    PollClose k = { .poll_id = o.id, .by = W.bo, .now = NOW + 3 * DAY, .outcome = "Thursdays.", .review_at = NOW + 100 * DAY };
    cr_assert_eq(poll_close(conn, &e, &k), 0, "%s", e.msg);
    json_t *d = NULL;
    cr_assert_eq(decision_get(conn, &e, k.decision_id, &d), 1);
    cr_assert_eq(json_integer_value(json_object_get(d, "matter_id")), mine);
    json_decref(d);
}

Test(ops, closes_tomorrow_reminds_those_whose_vote_is_not_cast_once)
{
    world("tick");
    T0 = NOW + 400 * DAY;
    Err e = { 0 };
    int64_t p = open_poll(&e, W.ana, false, "proposal", 0, NULL, 0);
    cr_assert_gt(p, 0, "%s", e.msg);
    cr_assert_eq(vote(&e, p, W.bo, T0 + 1, position("agree", NULL), NULL), 0);
    cr_assert_eq(delegate_to(&e, p, false, W.cy, W.bo), 0, "%s", e.msg);
    Buf report;
    buf_init(&report, &A);
    cr_assert_eq(polls_tick(conn, T0 + DAY, &report, &e), 0, "%s", e.msg);
    cr_assert_eq(outbox("gov_poll_reminder", email("Ana")), 0, "not yet: it closes in six days");
    cr_assert_eq(polls_tick(conn, T0 + 6 * DAY + 3600, &report, &e), 0, "%s", e.msg);
    cr_assert_eq(outbox("gov_poll_reminder", email("Ana")), 1);
    cr_assert_eq(outbox("gov_poll_reminder", email("Dee")), 1);
    cr_assert_eq(outbox("gov_poll_reminder", email("Bo")), 0, "Bo voted");
    cr_assert_eq(outbox("gov_poll_reminder", email("Cy")), 0, "Bo's vote carries Cy's");
    cr_assert(strstr(buf_str(&report), "2 poll reminders queued"), "%s", buf_str(&report));
    cr_assert_eq(polls_tick(conn, T0 + 6 * DAY + 7200, &report, &e), 0, "%s", e.msg);
    cr_assert_eq(outbox("gov_poll_reminder", email("Ana")) + outbox("gov_poll_reminder", email("Dee")), 2, "once");
}
