/* rules_schedule_gen.c - generated unconferences for the optimiser (schedule.h):
 * the cases the unit tests check every rule on and `glocal bench-schedule`
 * times. Pure, like rules_schedule.c: the seed is part of the spec, and one
 * spec always gives the same case (a xorshift64* generator of its own, so the
 * cases do not follow the optimiser's generator when that one changes).
 *
 * The votes come first (each voter's dots, drawn by popularity, mostly within
 * the voter's theme), the interests follow from them, the rooms are sized from
 * the interests, then the presenters, missed slots, locks and closed cells. */
#include "unconf/schedule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

static uint64_t gen_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static double gen_unit(uint64_t *s)
{
    return (double)(gen_next(s) >> 11) / 9007199254740992.0;
}

SchedGen sched_gen_themed(int sessions, int rooms, int slots, int voters, uint64_t seed)
{
    return (SchedGen){ .sessions = sessions, .rooms = rooms, .slots = slots, .voters = voters, .votes = 6,
                       .skew = 0.8, .themes = 5, .shared = 5, .unavailable = 4, .locks = 4, .closed = true,
                       .seed = seed };
}

/* One voter's k distinct sessions, drawn by popularity, within the voter's
 * theme with the focus's odds while the theme has sessions not yet drawn. */
static void gen_votes(const SchedGen *g, int k, uint64_t *r, const double *pop, int *out)
{
    int N = g->sessions, topic = g->themes ? (int)(gen_next(r) % (uint64_t)g->themes) : -1;
    int in_topic = topic >= 0 && topic < N ? (N - topic + g->themes - 1) / g->themes : 0;
    for (int n = 0; n < k;) {
        bool inside = topic >= 0 && gen_unit(r) < (g->focus > 0 ? g->focus : 0.9) && n < in_topic;
        double total = 0;
        for (int i = 0; i < N; i++)
            if (!inside || i % g->themes == topic) total += pop[i];
        double x = gen_unit(r) * total;
        int pick = N - 1;
        for (int i = 0; i < N; i++) {
            if (inside && i % g->themes != topic) continue;
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

static int by_size_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

/* Capacities from the interests: room r (largest first) fits the largest
 * session of tier r (sessions by interest, a slot's worth to a tier), with a
 * fifth spare; the rooms are not listed by size. */
static void gen_rooms(const SchedGen *g, SchedCase *c)
{
    int N = g->sessions, R = g->rooms, S = g->slots;
    int *sorted = xmalloc(sizeof(int) * ((size_t)N + 1));
    for (int i = 0; i < N; i++) sorted[i] = c->sessions[i].interest;
    qsort(sorted, (size_t)N, sizeof *sorted, by_size_desc);
    for (int r = 0; r < R; r++) {
        int tier = N ? sorted[(long)r * S < N ? r * S : N - 1] : 5;
        c->capacity[(r * 5 + 2) % R] = tier + tier / 5 + 2;
    }
    free(sorted);
}

/* Locks l = 0, 1...: session 3 + 7l (no two of them share a presenter) in the
 * smallest room that fits it, in slot 3l mod S or the next one no lock holds. */
static void gen_locks(const SchedGen *g, SchedCase *c)
{
    int N = g->sessions, R = g->rooms, S = g->slots;
    uint64_t taken = 0;
    for (int l = 0; l < g->locks && l < S && 3 + 7 * l < N; l++) {
        SchedSession *s = &c->sessions[3 + 7 * l];
        s->lock_room = 0;
        for (int x = 0; x < R; x++)
            if (c->capacity[x] >= s->interest
                && (c->capacity[s->lock_room] < s->interest || c->capacity[x] < c->capacity[s->lock_room]))
                s->lock_room = x;
        int slot = (l * 3) % S;
        while ((taken >> slot) & 1) slot = (slot + 1) % S;
        taken |= 1ull << slot;
        s->lock_slot = slot;
        s->unavailable &= ~(1ull << slot);
    }
}

static void gen_sessions(const SchedGen *g, SchedCase *c, uint64_t *r)
{
    for (int i = 0; i < g->sessions; i++) {
        SchedSession *s = &c->sessions[i];
        s->presenters = c->presenters + 2 * i;
        c->presenters[2 * i] = 1000 + i;
        s->n_presenters = 1;
        if (g->shared && i > 0 && (i - 1) % g->shared == 0) {   /* i-1's presenter joins i */
            c->presenters[2 * i + 1] = 1000 + i - 1;
            s->n_presenters = 2;
        }
        if (g->unavailable && i % g->unavailable == 1)
            s->unavailable = 1ull << (gen_next(r) % (uint64_t)g->slots);
        s->lock_room = s->lock_slot = -1;
    }
    gen_locks(g, c);
}

/* With closed and two rooms or more: room s+1 (mod rooms) closed in slots 0, 3,
 * 6...; locked cells stay open. */
static void gen_open(const SchedGen *g, SchedCase *c)
{
    int R = g->rooms, S = g->slots;
    memset(c->open, 1, (size_t)R * (size_t)S);
    if (!g->closed || R < 2) return;
    for (int s = 0; s < S; s += 3) c->open[((s + 1) % R) * S + s] = 0;
    for (int i = 0; i < g->sessions; i++)
        if (c->sessions[i].lock_slot >= 0) c->open[c->sessions[i].lock_room * S + c->sessions[i].lock_slot] = 1;
    c->in.open = c->open;
}

static int gen_check(const SchedGen *g, Err *err)
{
    if (g->sessions < 0 || g->sessions > SCHED_MAX_SESSIONS)
        return err_field(err, E_INVALID, "sessions", "A generated case has 0 to %d sessions.", SCHED_MAX_SESSIONS);
    if (g->rooms < 1 || g->rooms > SCHED_MAX_ROOMS)
        return err_field(err, E_INVALID, "rooms", "A generated case has 1 to %d rooms.", SCHED_MAX_ROOMS);
    if (g->slots < 1 || g->slots > SCHED_MAX_SLOTS)
        return err_field(err, E_INVALID, "slots", "A generated case has 1 to %d slots.", SCHED_MAX_SLOTS);
    if (g->voters < 0 || g->voters > SCHED_MAX_VOTERS)
        return err_field(err, E_INVALID, "voters", "A generated case has 0 to %d voters.", SCHED_MAX_VOTERS);
    if (g->votes < 0 || g->themes < 0 || g->shared < 0 || g->unavailable < 0 || g->locks < 0 || g->skew < 0)
        return err_set(err, E_INVALID, "A generated case's counts and skew cannot be negative.");
    return 0;
}

int sched_case_make(const SchedGen *g, SchedCase *c, Err *err)
{
    memset(c, 0, sizeof *c);
    if (gen_check(g, err) < 0) return -1;
    int N = g->sessions, V = g->voters, k = g->votes < N ? g->votes : N;
    uint64_t r = g->seed * 2654435761u + 1;
    c->capacity = xcalloc((size_t)g->rooms, sizeof *c->capacity);
    c->votes = xcalloc((size_t)V * (size_t)k + 1, sizeof *c->votes);
    c->sessions = xcalloc((size_t)N + 1, sizeof *c->sessions);
    c->voters = xcalloc((size_t)V + 1, sizeof *c->voters);
    c->presenters = xcalloc((size_t)N * 2 + 1, sizeof *c->presenters);
    c->open = xcalloc((size_t)g->rooms * (size_t)g->slots, 1);
    double *pop = xmalloc(sizeof(double) * ((size_t)N + 1));
    for (int i = 0; i < N; i++) pop[i] = 1.0 / pow(i + 1.0, g->skew);
    for (int v = 0; v < V; v++) {
        int *mine = c->votes + (size_t)v * (size_t)k;
        gen_votes(g, k, &r, pop, mine);
        c->voters[v] = (SchedVoter){ .id = 5000 + v, .sessions = mine, .n = k };
        for (int j = 0; j < k; j++) c->sessions[mine[j]].interest++;
    }
    free(pop);
    gen_rooms(g, c);
    gen_sessions(g, c, &r);
    c->in = (SchedInput){ .n_rooms = g->rooms, .capacity = c->capacity, .n_slots = g->slots, .n_sessions = N,
                          .sessions = c->sessions, .n_voters = V, .voters = c->voters, .seed = g->seed };
    gen_open(g, c);
    return 0;
}

void sched_case_free(SchedCase *c)
{
    if (!c) return;
    void *owned[] = { c->capacity, c->votes, c->sessions, c->voters, c->presenters, c->open };
    for (size_t k = 0; k < sizeof owned / sizeof *owned; k++) free(owned[k]);
    memset(c, 0, sizeof *c);
}
