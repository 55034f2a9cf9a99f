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
    expect_refused(poll_vote_check(&p, &v, &b, &e_), "dots", "from 0 to 10");
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
 * and its 3 votes go to their next choice. */
Test(count, ranked_choice_is_counted_by_instant_runoff)
{
    PollShape p = { .kind = "ranked", .options = 3, .labels = L3 };
    PollBallot r[9];
    for (int i = 0; i < 9; i++) r[i] = (PollBallot){ -1, { 0 } };
    for (int i = 0; i < 4; i++) r[i].marks[1] = 1;                          /* Porto */
    for (int i = 4; i < 6; i++) r[i].marks[0] = 1, r[i].marks[1] = 2;       /* Lisbon, then Porto */
    for (int i = 6; i < 9; i++) r[i].marks[2] = 1, r[i].marks[0] = 2;       /* Faro, then Lisbon */
    Err e = { 0 };
    json_t *c = poll_count(&p, r, 9, &e);
    cr_assert_not_null(c, "the runoff: %s", e.msg);
    cr_assert_eq(value_at(c, 1), 4, "first preferences");
    cr_assert_eq(leading(c, 0), 0, "Lisbon wins the runoff");
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
