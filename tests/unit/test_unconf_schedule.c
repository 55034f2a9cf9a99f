/* test_unconf_schedule.c - the unconference optimiser of src/unconf/rules_schedule.c
 * (pure, no database): generated unconferences (skewed votes, shared presenters,
 * unavailable slots, locks, closed cells) checked against every hard rule, the
 * capacity rule, determinism for a seed and the quality against a random grid;
 * the edge cases; invalid input refused; and the time of the benchmark's size
 * (60 sessions x 6 rooms x 8 slots, 300 voters: printed, never asserted). */
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <time.h>

#include "unconf/schedule.h"

/* ---------- generated unconferences ---------- */

typedef struct Gen {
    int N, R, S, V, k;       /* sessions, rooms, slots, voters, votes per voter */
    double skew;             /* popularity: session i weighs 1 / (i + 1)^skew */
    int topics;              /* > 0: each voter votes mostly within one topic */
    double focus;            /* with topics: the share of votes within it (0: 0.9) */
    int shared;              /* every shared-th session shares a presenter with the next */
    int unavailable;         /* every unavailable-th session misses a slot */
    int locks;               /* sessions locked to cells */
    bool closed;             /* some cells closed */
    uint64_t seed;
} Gen;

typedef struct Case {
    SchedInput in;
    int *cap, *votes;
    SchedSession *ses;
    SchedVoter *voters;
    int64_t *pres;
    uint8_t *open;
} Case;

static uint64_t tr_next(uint64_t *s)   /* the test's own generator (xorshift64*) */
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static double tr_unit(uint64_t *s)
{
    return (double)(tr_next(s) >> 11) / 9007199254740992.0;
}

/* One voter's k distinct sessions, drawn by popularity (within a topic mostly). */
static void gen_votes(const Gen *g, uint64_t *r, const double *pop, int *out)
{
    int topic = g->topics ? (int)(tr_next(r) % (uint64_t)g->topics) : -1;
    for (int n = 0; n < g->k;) {
        bool inside = topic >= 0 && tr_unit(r) < (g->focus > 0 ? g->focus : 0.9);
        double total = 0;
        for (int i = 0; i < g->N; i++)
            if (!inside || i % g->topics == topic) total += pop[i];
        double x = tr_unit(r) * total;
        int pick = g->N - 1;
        for (int i = 0; i < g->N; i++) {
            if (inside && i % g->topics != topic) continue;
            if ((x -= pop[i]) <= 0) {
                pick = i;
                break;
            }
        }
        bool dup = false;
        for (int j = 0; j < n; j++) dup |= out[j] == pick;
        if (!dup) out[n++] = pick;
    }
}

/* Capacities from the interests: room r (largest first) fits the largest
 * session of tier r (sessions by interest, S to a tier), with a fifth spare. */
static void gen_rooms(const Gen *g, Case *c)
{
    int *sorted = malloc(sizeof(int) * (size_t)g->N);
    for (int i = 0; i < g->N; i++) sorted[i] = c->ses[i].interest;
    for (int i = 1; i < g->N; i++)
        for (int j = i; j > 0 && sorted[j - 1] < sorted[j]; j--) {
            int t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    for (int r = 0; r < g->R; r++) {
        int tier = g->N ? sorted[r * g->S < g->N ? r * g->S : g->N - 1] : 5;
        c->cap[(r * 5 + 2) % g->R] = tier + tier / 5 + 2;   /* rooms not listed by size */
    }
    free(sorted);
}

static void gen_sessions(const Gen *g, Case *c, uint64_t *r)
{
    for (int i = 0; i < g->N; i++) {
        SchedSession *s = &c->ses[i];
        s->presenters = c->pres + 2 * i;
        c->pres[2 * i] = 1000 + i;
        s->n_presenters = 1;
        if (g->shared && i > 0 && (i - 1) % g->shared == 0) {   /* i-1's presenter joins i */
            c->pres[2 * i + 1] = 1000 + i - 1;
            s->n_presenters = 2;
        }
        if (g->unavailable && i % g->unavailable == 1) s->unavailable = 1ull << (tr_next(r) % (uint64_t)g->S);
        s->lock_room = s->lock_slot = -1;
    }
    for (int l = 0; l < g->locks; l++) {     /* sessions 3, 10, 17...: no two share a presenter */
        SchedSession *s = &c->ses[3 + 7 * l];
        s->lock_room = 0;                    /* the smallest room that fits it (slots differ) */
        for (int x = 0; x < g->R; x++)
            if (c->cap[x] >= s->interest && (c->cap[s->lock_room] < s->interest || c->cap[x] < c->cap[s->lock_room]))
                s->lock_room = x;
        s->lock_slot = (l * 3) % g->S;
        s->unavailable &= ~(1ull << s->lock_slot);
    }
}

static void gen_open(const Gen *g, Case *c)
{
    memset(c->open, 1, (size_t)g->R * g->S);
    if (!g->closed) return;
    for (int s = 0; s < g->S; s += 3) c->open[((s + 1) % g->R) * g->S + s] = 0;   /* a room taken now and then */
    for (int i = 0; i < g->N; i++)
        if (c->ses[i].lock_slot >= 0) c->open[c->ses[i].lock_room * g->S + c->ses[i].lock_slot] = 1;
    c->in.open = c->open;
}

static void gen(const Gen *g, Case *c)
{
    uint64_t r = g->seed * 2654435761u + 1;
    memset(c, 0, sizeof *c);
    c->cap = calloc((size_t)g->R, sizeof *c->cap);
    c->votes = calloc((size_t)g->V * g->k + 1, sizeof *c->votes);
    c->ses = calloc((size_t)g->N, sizeof *c->ses);
    c->voters = calloc((size_t)g->V + 1, sizeof *c->voters);
    c->pres = calloc((size_t)g->N * 2, sizeof *c->pres);
    c->open = calloc((size_t)g->R * g->S, 1);
    double *pop = malloc(sizeof(double) * (size_t)g->N);
    for (int i = 0; i < g->N; i++) pop[i] = 1.0 / pow(i + 1.0, g->skew);
    for (int v = 0; v < g->V; v++) {
        gen_votes(g, &r, pop, c->votes + (size_t)v * g->k);
        c->voters[v] = (SchedVoter){ .id = 5000 + v, .sessions = c->votes + (size_t)v * g->k, .n = g->k };
        for (int j = 0; j < g->k; j++) c->ses[c->votes[(size_t)v * g->k + j]].interest++;
    }
    free(pop);
    gen_rooms(g, c);
    gen_sessions(g, c, &r);
    c->in = (SchedInput){ .n_rooms = g->R, .capacity = c->cap, .n_slots = g->S, .n_sessions = g->N,
                          .sessions = c->ses, .n_voters = g->V, .voters = c->voters, .seed = g->seed };
    gen_open(g, c);
}

static void case_free(Case *c)
{
    free(c->cap);
    free(c->votes);
    free(c->ses);
    free(c->voters);
    free(c->pres);
    free(c->open);
}

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

/* Generates a case of g's kind and builds it, checked. */
static void build_generated(const Gen *g, Case *c, SchedResult *res)
{
    gen(g, c);
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
static const Gen realistic = { .N = 40, .R = 6, .S = 8, .V = 300, .k = 6, .skew = 0.8, .topics = 5,
                               .shared = 5, .unavailable = 4, .locks = 4, .closed = true };

/* Runs seeds 1-6 of g's kind (34 to 44 sessions): every rule kept, every
 * session placed, better than random; the lost votes cut by at least min_cut. */
static void run_generated(const char *title, Gen g, double min_cut)
{
    printf("%s:\n", title);
    for (uint64_t seed = 1; seed <= 6; seed++) {
        g.seed = seed;
        g.N = 32 + (int)seed * 2;
        Case c;
        SchedResult res;
        build_generated(&g, &c, &res);
        char name[64];
        snprintf(name, sizeof name, "%d sessions, seed %d", g.N, (int)seed);
        report(name, &res);
        cr_assert_eq(res.n_unplaced, 0, "cells suffice (%d for %d) yet %d unplaced", cells(&c.in), g.N, res.n_unplaced);
        cr_assert_gt(res.quality, res.random_quality);
        cr_assert_geq(res.lost_cut, min_cut, "lost votes cut by %.2f only", res.lost_cut);
        cr_assert_leq(res.iterations_run, SCHED_ITERATIONS);
        sched_result_free(&res);
        case_free(&c);
    }
}

Test(schedule, generated_cases_keep_every_rule_and_halve_the_lost_votes)
{
    run_generated("generated cases, votes along themes", realistic, 0.5);
}

/* Votes with no theme at all (each voter's dots drawn by popularity alone):
 * clashes no grid avoids, so only "better than random" is asserted. */
Test(schedule, votes_without_themes_still_beat_random)
{
    Gen g = realistic;
    g.topics = 0;
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
        Gen g = { .N = 48, .R = 6, .S = 8, .V = 300, .k = 8, .skew = 0.3, .topics = 6, .focus = 1.0, .seed = seed };
        Case c;
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
        case_free(&c);
    }
}

Test(schedule, other_seeds_give_valid_grids_too)
{
    Gen g = realistic;
    g.seed = 3;
    Case c;
    gen(&g, &c);
    for (uint64_t seed = 100; seed < 110; seed++) {
        c.in.seed = seed;
        c.in.iterations = 20000;
        SchedResult res;
        build_checked(&c.in, &res);
        cr_assert_eq(res.n_unplaced, 0);
        cr_assert_leq(res.iterations_run, 20000);
        sched_result_free(&res);
    }
    case_free(&c);
}

/* The organiser locks some sessions where the first grid put them and builds
 * again around the locks (another seed): they stay, every rule still holds. */
Test(schedule, a_rebuild_keeps_what_the_organiser_locked)
{
    Gen g = realistic;
    g.seed = 6;
    Case c;
    SchedResult first, again;
    build_generated(&g, &c, &first);
    for (int i = 0; i < g.N; i += 4)
        if (first.slot[i] >= 0) {
            c.ses[i].lock_room = first.room[i];
            c.ses[i].lock_slot = first.slot[i];
        }
    Err err = { 0 };
    cr_assert_eq(sched_check(&c.in, &err), 0, "%s", err.msg);
    c.in.seed = 77;
    build_checked(&c.in, &again);
    for (int i = 0; i < g.N; i += 4)
        cr_assert(again.slot[i] == first.slot[i] && again.room[i] == first.room[i], "session %d moved", i);
    cr_assert_eq(again.n_unplaced, 0);
    sched_result_free(&first);
    sched_result_free(&again);
    case_free(&c);
}

/* ---------- edge cases ---------- */

Test(schedule, zero_votes_places_everything_with_quality_one)
{
    Gen g = realistic;
    g.V = 0;
    g.seed = 4;
    Case c;
    SchedResult res;
    build_generated(&g, &c, &res);
    cr_assert_eq(res.votes, 0);
    cr_assert_eq(res.n_unplaced, 0);
    cr_assert_float_eq(res.quality, 1.0, 1e-9);
    cr_assert_float_eq(res.improvement, 0.0, 1e-9);
    sched_result_free(&res);
    case_free(&c);
}

Test(schedule, more_sessions_than_cells_reports_the_unplaced)
{
    Gen g = { .N = 60, .R = 4, .S = 5, .V = 300, .k = 6, .skew = 0.8, .topics = 5, .shared = 5,
              .unavailable = 4, .locks = 2, .seed = 5 };
    Case c;
    SchedResult res;
    build_generated(&g, &c, &res);
    cr_assert_eq(res.n_unplaced, 60 - 20);
    for (int i = 0; i < 60; i++)
        if (res.slot[i] < 0) cr_assert_eq(res.reason[i], SCHED_NO_CELL, "%s", sched_reason_text(res.reason[i]));
    sched_result_free(&res);
    case_free(&c);
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
    Gen g = { .N = 60, .R = 6, .S = 8, .V = 300, .k = 8, .skew = 0.8, .shared = 5, .unavailable = 4,
              .locks = 4, .seed = 2026 };
    Case c;
    gen(&g, &c);
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
    case_free(&c);
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
