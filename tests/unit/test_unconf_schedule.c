/* test_unconf_schedule.c - the unconference optimiser of src/unconf/rules_schedule.c
 * (pure, no database): generated unconferences (rules_schedule_gen.c: skewed
 * votes, shared presenters, unavailable slots, locks, closed cells; the cases
 * `glocal bench-schedule` times) checked against every hard rule, the
 * capacity rule, determinism for a seed and the quality against a random grid;
 * the edge cases; invalid input refused; and the time of the benchmark's size
 * (60 sessions x 6 rooms x 8 slots, 300 voters: printed, never asserted). */
#include "testutil.h"

#include <stdint.h>
#include <time.h>

#include "unconf/schedule.h"

/* ---------- what every grid must keep ---------- */

static bool shares(const SchedSession *a, const SchedSession *b)
{
    for (int x = 0; x < a->n_presenters; x++)
        for (int y = 0; y < b->n_presenters; y++)
            if (a->presenters[x] == b->presenters[y]) return true;
    return false;
}

static int holder(const SchedInput *in, const SchedResult *res, int room, int slot)
{
    for (int i = 0; i < in->n_sessions; i++)
        if (res->room[i] == room && res->slot[i] == slot) return i;
    return -1;
}

/* May session i go to slot t beside what is there (its presenters free)? */
static bool could_take(const SchedInput *in, const SchedResult *res, int i, int t)
{
    if ((in->sessions[i].unavailable >> t) & 1) return false;
    for (int j = 0; j < in->n_sessions; j++)
        if (j != i && res->slot[j] == t && shares(&in->sessions[i], &in->sessions[j])) return false;
    return true;
}

/* An over-capacity session X: no open room of its slot that fits it is free,
 * none holds a session that would fit X's room in a swap, and no slot its
 * presenters could take has a free open room that fits it. */
static void check_capacity(const SchedInput *in, const SchedResult *res, int i)
{
    for (int t = 0; t < in->n_slots && in->sessions[i].lock_slot < 0; t++)
        for (int r = 0; r < in->n_rooms; r++)
            if (in->capacity[r] >= in->sessions[i].interest && (!in->open || in->open[r * in->n_slots + t])
                && holder(in, res, r, t) < 0)
                cr_assert(!could_take(in, res, i, t), "session %d is over capacity while room %d is free in slot %d", i, r, t);
    int s = res->slot[i], mine = in->capacity[res->room[i]];
    if (in->sessions[i].lock_slot >= 0) return;   /* locked by the organiser */
    for (int r = 0; r < in->n_rooms; r++) {
        if (in->capacity[r] < in->sessions[i].interest || (in->open && !in->open[r * in->n_slots + s])) continue;
        int j = holder(in, res, r, s);
        cr_assert_geq(j, 0, "session %d is over capacity while room %d, free in its slot, fits it", i, r);
        cr_assert(in->sessions[j].lock_slot >= 0 || in->sessions[j].interest > mine,
                  "sessions %d and %d could swap rooms and both fit", i, j);
    }
}

static void check_grid(const SchedInput *in, const SchedResult *res)
{
    int placed = 0;
    for (int i = 0; i < in->n_sessions; i++) {
        const SchedSession *a = &in->sessions[i];
        if (res->slot[i] < 0) {
            cr_assert_eq(res->room[i], -1);
            cr_assert_neq(res->reason[i], SCHED_PLACED);
            continue;
        }
        placed++;
        cr_assert_eq(res->reason[i], SCHED_PLACED);
        cr_assert(res->room[i] >= 0 && res->room[i] < in->n_rooms && res->slot[i] < in->n_slots);
        cr_assert(!in->open || in->open[res->room[i] * in->n_slots + res->slot[i]], "session %d in a closed cell", i);
        cr_assert(!((a->unavailable >> res->slot[i]) & 1), "session %d in a slot its presenters cannot make", i);
        if (a->lock_slot >= 0) cr_assert(res->slot[i] == a->lock_slot && res->room[i] == a->lock_room, "lock moved");
        for (int j = 0; j < i; j++) {
            if (res->slot[j] != res->slot[i]) continue;
            cr_assert_neq(res->room[j], res->room[i], "sessions %d and %d in one cell", j, i);
            cr_assert(!shares(a, &in->sessions[j]), "a presenter of %d and %d in two places", j, i);
        }
        bool over = a->interest > in->capacity[res->room[i]];
        cr_assert_eq(res->over_capacity[i], over);
        if (over) check_capacity(in, res, i);
    }
    cr_assert_eq(res->n_unplaced, in->n_sessions - placed);
    long votes = 0;
    cr_assert_eq(sched_attended(in, res->slot, &votes), res->attended);
    cr_assert_eq(votes, res->votes);
}

static int cells(const SchedInput *in)
{
    int n = 0;
    for (int k = 0; k < in->n_rooms * in->n_slots; k++) n += !in->open || in->open[k];
    return n;
}

/* Builds, checks and checks again with the same seed: the same grid. */
static void build_checked(const SchedInput *in, SchedResult *res)
{
    Err err = { 0 };
    cr_assert_eq(sched_build(in, res, &err), 0, "%s", err.msg);
    check_grid(in, res);
    SchedResult again;
    cr_assert_eq(sched_build(in, &again, &err), 0);
    for (int i = 0; i < in->n_sessions; i++)
        cr_assert(again.slot[i] == res->slot[i] && again.room[i] == res->room[i], "not deterministic at %d", i);
    cr_assert_eq(again.random_attended, res->random_attended);
    sched_result_free(&again);
}

/* Generates the case of g and builds it, checked. */
static void make_case(const SchedGen *g, SchedCase *c)
{
    Err err = { 0 };
    cr_assert_eq(sched_case_make(g, c, &err), 0, "%s", err.msg);
}

static void build_generated(const SchedGen *g, SchedCase *c, SchedResult *res)
{
    make_case(g, c);
    build_checked(&c->in, res);
}

static void report(const char *name, const SchedResult *res)
{
    printf("  %-34s quality %.3f  random %.3f  improvement %+5.1f %%  lost votes cut %5.1f %%"
           "  over capacity %d  unplaced %d\n",
           name, res->quality, res->random_quality, 100 * res->improvement, 100 * res->lost_cut,
           res->n_over_capacity, res->n_unplaced);
    fflush(stdout);
}

/* ---------- generated cases ---------- */

/* 34 to 44 sessions in 6 rooms x 8 slots (three cells closed), 300 voters with
 * 6 dots each, nine in ten spent within one of 5 themes, popularity skewed;
 * presenters shared, some slots missed, four locks. */
static SchedGen realistic(void)
{
    return sched_gen_themed(40, 6, 8, 300, 0);
}

/* Runs seeds 1-6 of g's kind (34 to 44 sessions): every rule kept, every
 * session placed, better than random; the lost votes cut by at least min_cut. */
static void run_generated(const char *title, SchedGen g, double min_cut)
{
    printf("%s:\n", title);
    for (uint64_t seed = 1; seed <= 6; seed++) {
        g.seed = seed;
        g.sessions = 32 + (int)seed * 2;
        SchedCase c;
        SchedResult res;
        build_generated(&g, &c, &res);
        char name[64];
        snprintf(name, sizeof name, "%d sessions, seed %d", g.sessions, (int)seed);
        report(name, &res);
        cr_assert_eq(res.n_unplaced, 0, "cells suffice (%d for %d) yet %d unplaced", cells(&c.in), g.sessions, res.n_unplaced);
        cr_assert_gt(res.quality, res.random_quality);
        cr_assert_geq(res.lost_cut, min_cut, "lost votes cut by %.2f only", res.lost_cut);
        cr_assert_leq(res.iterations_run, SCHED_ITERATIONS);
        sched_result_free(&res);
        sched_case_free(&c);
    }
}

Test(schedule, generated_cases_keep_every_rule_and_halve_the_lost_votes)
{
    run_generated("generated cases, votes along themes", realistic(), 0.5);
}

/* Votes with no theme at all (each voter's dots drawn by popularity alone):
 * clashes no grid avoids, so only "better than random" is asserted. */
Test(schedule, votes_without_themes_still_beat_random)
{
    SchedGen g = realistic();
    g.themes = 0;
    run_generated("generated cases, votes without themes", g, 0.2);
}

/* Six tracks of eight sessions, every voter following one track whole (8 dots,
 * 8 slots): a grid without a clash exists, and is found. A random grid serves
 * about two votes in three here (1 - 1/e at most when dots match slots), so
 * even a perfect grid is only about 1.5 times random's quality: the figure
 * asserted is the lost votes, all of them saved. */
Test(schedule, a_grid_without_clashes_is_found_when_one_exists)
{
    printf("tracks followed whole:\n");
    for (uint64_t seed = 11; seed <= 14; seed++) {
        SchedGen g = { .sessions = 48, .rooms = 6, .slots = 8, .voters = 300, .votes = 8, .skew = 0.3, .themes = 6,
                        .focus = 1.0, .seed = seed };
        SchedCase c;
        SchedResult res;
        build_generated(&g, &c, &res);
        char name[64];
        snprintf(name, sizeof name, "tracks, seed %d", (int)seed);
        report(name, &res);
        cr_assert_eq(res.n_unplaced, 0);
        cr_assert_float_eq(res.quality, 1.0, 1e-9);
        cr_assert_float_eq(res.lost_cut, 1.0, 1e-9);
        cr_assert_lt(res.random_quality, 0.8);
        sched_result_free(&res);
        sched_case_free(&c);
    }
}

Test(schedule, other_seeds_give_valid_grids_too)
{
    SchedGen g = realistic();
    g.seed = 3;
    SchedCase c;
    make_case(&g, &c);
    for (uint64_t seed = 100; seed < 110; seed++) {
        c.in.seed = seed;
        c.in.iterations = 20000;
        SchedResult res;
        build_checked(&c.in, &res);
        cr_assert_eq(res.n_unplaced, 0);
        cr_assert_leq(res.iterations_run, 20000);
        sched_result_free(&res);
    }
    sched_case_free(&c);
}

/* The organiser locks some sessions where the first grid put them and builds
 * again around the locks (another seed): they stay, every rule still holds. */
Test(schedule, a_rebuild_keeps_what_the_organiser_locked)
{
    SchedGen g = realistic();
    g.seed = 6;
    SchedCase c;
    SchedResult first, again;
    build_generated(&g, &c, &first);
    for (int i = 0; i < g.sessions; i += 4)
        if (first.slot[i] >= 0) {
            c.sessions[i].lock_room = first.room[i];
            c.sessions[i].lock_slot = first.slot[i];
        }
    Err err = { 0 };
    cr_assert_eq(sched_check(&c.in, &err), 0, "%s", err.msg);
    c.in.seed = 77;
    build_checked(&c.in, &again);
    for (int i = 0; i < g.sessions; i += 4)
        cr_assert(again.slot[i] == first.slot[i] && again.room[i] == first.room[i], "session %d moved", i);
    cr_assert_eq(again.n_unplaced, 0);
    sched_result_free(&first);
    sched_result_free(&again);
    sched_case_free(&c);
}

/* The generator at every small size, themed or not, with locks it cannot all
 * place: valid input each time, votes distinct and as many as asked (or all
 * the sessions), one spec one case; sizes beyond the optimiser's refused. */
Test(generator, small_and_odd_sizes_give_valid_cases_and_one_spec_one_case)
{
    for (int n = 0; n <= 13; n++)
        for (int rooms = 1; rooms <= 3; rooms++)
            for (int slots = 1; slots <= 4; slots++) {
                SchedGen g = sched_gen_themed(n, rooms, slots, 25, (uint64_t)(n * 31 + rooms * 7 + slots));
                g.focus = n % 2 ? 1.0 : 0;   /* all dots within a theme of 0 to 3 sessions, now and then */
                g.locks = 9;
                SchedCase a, b;
                make_case(&g, &a);
                make_case(&g, &b);
                Err err = { 0 };
                cr_assert_eq(sched_check(&a.in, &err), 0, "%d sessions, %d x %d: %s", n, rooms, slots, err.msg);
                for (int v = 0; v < 25; v++) {
                    cr_assert_eq(a.voters[v].n, n < 6 ? n : 6);
                    for (int x = 0; x < a.voters[v].n; x++)
                        for (int y = 0; y < x; y++) cr_assert_neq(a.voters[v].sessions[x], a.voters[v].sessions[y]);
                }
                for (int i = 0; i < n; i++)
                    cr_assert(a.sessions[i].interest == b.sessions[i].interest
                              && a.sessions[i].lock_slot == b.sessions[i].lock_slot
                              && a.sessions[i].unavailable == b.sessions[i].unavailable);
                sched_case_free(&a);
                sched_case_free(&b);
            }
    SchedGen big = sched_gen_themed(10, 2, SCHED_MAX_SLOTS + 1, 5, 1);
    SchedCase c;
    Err err = { 0 };
    cr_assert_eq(sched_case_make(&big, &c, &err), -1);
    cr_assert_eq(err.code, E_INVALID);
    sched_case_free(&c);
}

/* ---------- edge cases ---------- */

Test(schedule, zero_votes_places_everything_with_quality_one)
{
    SchedGen g = realistic();
    g.voters = 0;
    g.seed = 4;
    SchedCase c;
    SchedResult res;
    build_generated(&g, &c, &res);
    cr_assert_eq(res.votes, 0);
    cr_assert_eq(res.n_unplaced, 0);
    cr_assert_float_eq(res.quality, 1.0, 1e-9);
    cr_assert_float_eq(res.improvement, 0.0, 1e-9);
    sched_result_free(&res);
    sched_case_free(&c);
}

Test(schedule, more_sessions_than_cells_reports_the_unplaced)
{
    SchedGen g = { .sessions = 60, .rooms = 4, .slots = 5, .voters = 300, .votes = 6, .skew = 0.8, .themes = 5,
                    .shared = 5, .unavailable = 4, .locks = 2, .seed = 5 };
    SchedCase c;
    SchedResult res;
    build_generated(&g, &c, &res);
    cr_assert_eq(res.n_unplaced, 60 - 20);
    for (int i = 0; i < 60; i++)
        if (res.slot[i] < 0) cr_assert_eq(res.reason[i], SCHED_NO_CELL, "%s", sched_reason_text(res.reason[i]));
    sched_result_free(&res);
    sched_case_free(&c);
}

Test(schedule, a_presenter_in_every_session_gets_one_slot_each)
{
    int64_t ada[] = { 7 }, ada_bo[] = { 8, 7 };
    SchedSession ses[10];
    for (int i = 0; i < 10; i++)
        ses[i] = (SchedSession){ .presenters = i % 2 ? ada_bo : ada, .n_presenters = i % 2 ? 2 : 1,
                                 .lock_room = -1, .lock_slot = -1, .interest = 10 + i };
    int cap[] = { 30, 20, 10 }, v0[] = { 0, 1, 2 }, v1[] = { 3, 4, 5, 6 };
    SchedVoter voters[] = { { 1, v0, 3 }, { 2, v1, 4 } };
    SchedInput in = { .n_rooms = 3, .capacity = cap, .n_slots = 8, .n_sessions = 10, .sessions = ses,
                      .n_voters = 2, .voters = voters, .seed = 9 };
    SchedResult res;
    build_checked(&in, &res);
    cr_assert_eq(res.n_unplaced, 2);   /* eight slots for ten sessions of one person */
    for (int i = 0; i < 10; i++)
        if (res.slot[i] < 0) cr_assert_eq(res.reason[i], SCHED_PRESENTER_BUSY);
    sched_result_free(&res);
}

Test(schedule, a_presenter_who_can_make_no_slot_is_reported)
{
    int64_t p[] = { 1 };
    SchedSession ses[] = { { .presenters = p, .n_presenters = 1, .unavailable = 3, .lock_room = -1, .lock_slot = -1 },
                           { .lock_room = -1, .lock_slot = -1 } };
    int cap[] = { 5 };
    SchedInput in = { .n_rooms = 1, .capacity = cap, .n_slots = 2, .n_sessions = 2, .sessions = ses };
    SchedResult res;
    build_checked(&in, &res);
    cr_assert_eq(res.slot[0], -1);
    cr_assert_eq(res.reason[0], SCHED_UNAVAILABLE);
    cr_assert_geq(res.slot[1], 0);
    sched_result_free(&res);
}

Test(schedule, a_large_session_takes_the_large_room)
{
    SchedSession ses[3] = { { .interest = 12 }, { .interest = 80 }, { .interest = 30 } };
    for (int i = 0; i < 3; i++) ses[i].lock_room = ses[i].lock_slot = -1;
    int cap[] = { 15, 100, 40 };
    SchedInput in = { .n_rooms = 3, .capacity = cap, .n_slots = 1, .n_sessions = 3, .sessions = ses };
    SchedResult res;
    build_checked(&in, &res);
    cr_assert(res.room[0] == 0 && res.room[1] == 1 && res.room[2] == 2);
    cr_assert_eq(res.n_over_capacity, 0);
    sched_result_free(&res);
}

Test(schedule, more_sessions_fit_than_by_size_alone)
{
    SchedSession ses[2] = { { .interest = 100 }, { .interest = 50 } };
    for (int i = 0; i < 2; i++) ses[i].lock_room = ses[i].lock_slot = -1;
    int cap[] = { 60, 40 };
    SchedInput in = { .n_rooms = 2, .capacity = cap, .n_slots = 1, .n_sessions = 2, .sessions = ses };
    SchedResult res;
    build_checked(&in, &res);
    cr_assert_eq(res.room[1], 0, "the 50 fits the 60 room; the 100 fits none");
    cr_assert_eq(res.n_over_capacity, 1);
    sched_result_free(&res);
}

/* ---------- invalid input: an error, not a crash ---------- */

static void refused(const SchedInput *in, const char *words)
{
    SchedResult res;
    Err err = { 0 };
    cr_assert_eq(sched_build(in, &res, &err), -1);
    cr_assert_eq(err.code, E_INVALID);
    cr_assert(strstr(err.msg, words), "\"%s\" lacks \"%s\"", err.msg, words);
    sched_result_free(&res);
}

Test(schedule, invalid_input_is_refused_with_a_sentence)
{
    int64_t p[] = { 1 };
    SchedSession ses[2] = { { .presenters = p, .n_presenters = 1, .lock_room = 0, .lock_slot = 1 },
                            { .presenters = p, .n_presenters = 1, .lock_room = 1, .lock_slot = 1 } };
    int cap[] = { 5, 5 }, bad_vote[] = { 0, 2 };
    uint8_t open[] = { 1, 1, 1, 0 };   /* room 1, slot 1 closed */
    SchedVoter voters[] = { { 1, bad_vote, 2 } };
    SchedInput in = { .n_rooms = 2, .capacity = cap, .n_slots = 2, .n_sessions = 2, .sessions = ses };
    refused(&in, "share a presenter");
    Err checked = { 0 };
    cr_assert_eq(sched_check(&in, &checked), -1);   /* asked before a build, the same answer */
    cr_assert_eq(checked.code, E_INVALID);
    ses[1].presenters = NULL;
    ses[1].n_presenters = 0;
    ses[1].lock_room = 0;
    refused(&in, "same room and slot");
    ses[1].lock_room = 1;
    in.open = open;
    refused(&in, "closed");
    in.open = NULL;
    ses[1].unavailable = 2;
    refused(&in, "cannot make");
    ses[1].unavailable = 0;
    ses[1].lock_room = 5;
    refused(&in, "outside the grid");
    ses[1].lock_room = -1;
    ses[1].lock_slot = -1;
    in.voters = voters;
    in.n_voters = 1;
    refused(&in, "does not exist");
    in.n_voters = 0;
    in.n_slots = 0;
    refused(&in, "slots");
    in.n_slots = 65;
    refused(&in, "slots");
    in.n_slots = 2;
    cap[0] = -1;
    refused(&in, "negative");
    cap[0] = 5;
    SchedResult res;
    Err err = { 0 };
    cr_assert_eq(sched_build(NULL, &res, &err), -1);
    cr_assert_eq(sched_build(&in, &res, &err), 0, "%s", err.msg);   /* mended, it builds */
    sched_result_free(&res);
}

/* ---------- the benchmark's size: timed, printed, not asserted ---------- */

Test(schedule, the_benchmark_size_60_sessions_6_rooms_8_slots_300_voters)
{
    SchedGen g = { .sessions = 60, .rooms = 6, .slots = 8, .voters = 300, .votes = 8, .skew = 0.8, .shared = 5,
                    .unavailable = 4, .locks = 4, .seed = 2026 };
    SchedCase c;
    make_case(&g, &c);
    SchedResult res;
    Err err = { 0 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(sched_build(&c.in, &res, &err), 0, "%s", err.msg);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    check_grid(&c.in, &res);
    cr_assert_eq(res.n_unplaced, 60 - 48);   /* 48 cells for 60 sessions */
    printf("benchmark: 60 sessions x 6 rooms x 8 slots, 300 voters: %.3f s (%ld iterations; limit 5 s %s)\n",
           secs, res.iterations_run, secs < 5 ? "kept" : "EXCEEDED");
    report("benchmark", &res);
    sched_result_free(&res);
    sched_case_free(&c);
}

Test(rooms, a_big_room_does_not_stand_empty_while_the_most_wanted_session_sits_in_a_small_one)
{
    const int capacity[] = { 10, 30 };
    SchedSession sessions[] = { { .lock_room = -1, .lock_slot = -1 } };
    const int votes[] = { 0 };
    SchedVoter voters[] = { { 1, votes, 1 }, { 2, votes, 1 }, { 3, votes, 1 } };
    SchedInput in = { .n_rooms = 2, .capacity = capacity, .n_slots = 1, .n_sessions = 1, .sessions = sessions,
                      .n_voters = 3, .voters = voters, .seed = 1 };
    SchedResult res = { 0 };
    Err e = { 0 };
    cr_assert_eq(sched_build(&in, &res, &e), 0, "%s", e.msg);
    cr_assert_eq(res.room[0], 1, "the 30 seats, though the 10 would do");
    sched_result_free(&res);
}
