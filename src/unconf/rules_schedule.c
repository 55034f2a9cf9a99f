/* rules_schedule.c - the unconference optimiser (schedule.h): pure, no I/O, no
 * clock, no global randomness (a splitmix64 generator seeded by the caller).
 *
 * Sessions first get slots, then rooms. The slots: locked sessions where locked,
 * then a greedy pass (by interest, each into the slot where it shares the fewest
 * voters with what is already there, one blocking session moved aside when no
 * slot is free), then simulated annealing over moves and swaps between slots
 * for a bounded number of iterations, keeping the best grid seen. The cost is
 * the votes lost to clashes, exact and cheap: each slot keeps the set of voters
 * with a voted session there and the set with two or more (bitsets, 64 voters
 * a word), so a move's change is a few popcounts of ANDs; plus the people over
 * a room's capacity, weighted.
 * The rooms, within each slot: the sessions by interest, each the smallest free
 * room that fits it (the most sessions fit), then larger interest to larger
 * rooms among those that fit and among those that do not. */
#include "unconf/schedule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- a small deterministic generator (splitmix64) ---------- */

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rng_below(Rng *r, int n)
{
    return n <= 1 ? 0 : (int)(rng_next(r) % (uint64_t)n);
}

static double rng_unit(Rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---------- the model: what the input says, in compact form ---------- */

typedef struct Model {
    const SchedInput *in;
    int N, R, S, VW, NW;     /* sessions, rooms, slots, words per voter set, per session set */
    int *interest;           /* per session */
    uint64_t *voters;        /* N x VW: who voted for each session */
    long votes;              /* every (voter, session) vote */
    double shared;           /* the mean voters two sessions share, when they share any */
    uint64_t *pconf;         /* N x NW: the sessions sharing a presenter with each */
    uint64_t *allowed;       /* per session: the slots it may take */
    int *open;               /* per slot: open rooms */
    int *rooms;              /* the rooms by capacity, largest first */
    int *tmp_s, *tmp_r, *tmp_f, *used; /* scratch for the room assignment */
    int *ints;               /* owns interest, open, rooms and the scratch */
} Model;

/* A grid being built: slots per session and what each slot holds. */
typedef struct Grid {
    int *slot;               /* per session, -1 unplaced */
    int *count;              /* per slot */
    uint64_t *members;       /* S x NW */
    uint16_t *cnt;           /* V x S: a voter's voted sessions in each slot */
    uint64_t *u1, *u2;       /* S x VW: the voters with one or more, two or more there (u1 owns both) */
    long *over;              /* per slot: people over capacity */
    long lost, overflow;     /* votes lost to clashes; people over capacity (weighted) */
    int unplaced;
} Grid;

static bool bit(const uint64_t *set, int i)
{
    return (set[i >> 6] >> (i & 63)) & 1;
}

static void bit_put(uint64_t *set, int i, bool on)
{
    if (on) set[i >> 6] |= 1ull << (i & 63);
    else set[i >> 6] &= ~(1ull << (i & 63));
}

static bool locked(const Model *m, int i)
{
    return m->in->sessions[i].lock_slot >= 0;
}

static int by_capacity(const Model *m, int a, int b)
{
    int ca = m->in->capacity[a], cb = m->in->capacity[b];
    return ca != cb ? cb - ca : a - b;
}

static int by_interest(const Model *m, int a, int b)
{
    return m->interest[a] != m->interest[b] ? m->interest[b] - m->interest[a] : a - b;
}

/* Insertion sort (short lists: a slot's sessions, the rooms once). */
static void sort_by(const Model *m, int *v, int n, int (*cmp)(const Model *, int, int))
{
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i - 1;
        for (; j >= 0 && cmp(m, v[j], x) > 0; j--) v[j + 1] = v[j];
        v[j + 1] = x;
    }
}

/* ---------- building the model ---------- */

static void model_free(Model *m)
{
    free(m->ints);
    free(m->voters);
    free(m->pconf);
    free(m->allowed);
}

/* The voter sets, interests, sessions sharing a presenter, and the mean
 * overlap of two sessions' voters (popcounts of the AND: the annealing's
 * starting temperature, the size of a typical clash). */
static void model_weights(Model *m)
{
    const SchedInput *in = m->in;
    long shared = 0, pairs = 0;
    for (int v = 0; v < in->n_voters; v++)
        for (int k = 0; k < in->voters[v].n; k++) bit_put(m->voters + (size_t)in->voters[v].sessions[k] * m->VW, v, true);
    for (int i = 0; i < m->N; i++) {
        const uint64_t *a = m->voters + (size_t)i * m->VW;
        int n = 0;
        for (int x = 0; x < m->VW; x++) n += __builtin_popcountll(a[x]);
        m->votes += n;
        m->interest[i] = in->sessions[i].interest > 0 ? in->sessions[i].interest : n;
        for (int j = 0; j < i; j++) {
            const uint64_t *b = m->voters + (size_t)j * m->VW;
            int c = 0;
            for (int x = 0; x < m->VW; x++) c += __builtin_popcountll(a[x] & b[x]);
            shared += c;
            pairs += c > 0;
            if (sched_share_presenter(&in->sessions[i], &in->sessions[j])) {
                bit_put(m->pconf + (size_t)i * m->NW, j, true);
                bit_put(m->pconf + (size_t)j * m->NW, i, true);
            }
        }
    }
    m->shared = pairs ? (double)shared / (double)pairs : 1.0;
}

static int model_make(Model *m, const SchedInput *in, Err *err)
{
    memset(m, 0, sizeof *m);
    m->in = in;
    m->N = in->n_sessions;
    m->R = in->n_rooms;
    m->S = in->n_slots;
    m->VW = (in->n_voters + 63) / 64 + 1;
    m->NW = (m->N + 63) / 64 + 1;
    size_t N = (size_t)m->N + 1, R = (size_t)m->R;
    m->ints = calloc(3 * N + 1 + (size_t)m->S + 4 * R, sizeof *m->ints);
    m->voters = calloc(N * m->VW, sizeof *m->voters);
    m->pconf = calloc(N * m->NW, sizeof *m->pconf);
    m->allowed = calloc(N, sizeof *m->allowed);
    if (!m->ints || !m->voters || !m->pconf || !m->allowed)
        return err_set(err, E_INTERNAL, "Out of memory while scheduling.");
    m->interest = m->ints;                          /* N */
    m->open = m->interest + N;                      /* S */
    m->rooms = m->open + m->S;                      /* R */
    m->tmp_s = m->rooms + R;                        /* N + 1 */
    m->tmp_r = m->tmp_s + N + 1;                    /* R */
    m->tmp_f = m->tmp_r + R;                        /* R + N */
    m->used = m->tmp_f + R + N;                     /* R */
    model_weights(m);
    uint64_t with_rooms = 0;
    for (int s = 0; s < m->S; s++) {
        for (int r = 0; r < m->R; r++) m->open[s] += sched_cell_open(in, r, s);
        if (m->open[s]) with_rooms |= 1ull << s;
    }
    uint64_t all = m->S == 64 ? ~0ull : (1ull << m->S) - 1;
    for (int i = 0; i < m->N; i++) {
        const SchedSession *s = &in->sessions[i];
        m->allowed[i] = locked(m, i) ? 1ull << s->lock_slot : all & with_rooms & ~s->unavailable;
    }
    for (int r = 0; r < m->R; r++) m->rooms[r] = r;
    sort_by(m, m->rooms, m->R, by_capacity);
    return 0;
}

/* ---------- rooms within a slot ---------- */

/* A person over a room's capacity costs as much as this many votes that clash. */
#define OVER_WEIGHT 20

/* Gives each of the n sessions in list (all in slot s) a room in room_of (per
 * session index; NULL: only the cost) and returns the people over capacity
 * (times OVER_WEIGHT). */
static long slot_rooms(Model *m, int s, const int *list, int n, int *room_of)
{
    const SchedInput *in = m->in;
    int *free_r = m->tmp_r, nf = 0, *fit = m->tmp_f, nfit = 0, *rest = m->tmp_f + m->R, nrest = 0;
    long over = 0;
    memset(m->used, 0, (size_t)m->R * sizeof *m->used);
    for (int k = 0; k < n; k++)
        if (locked(m, list[k])) {
            int i = list[k], r = in->sessions[i].lock_room;
            m->used[r] = 1;
            if (room_of) room_of[i] = r;
            if (m->interest[i] > in->capacity[r]) over += m->interest[i] - in->capacity[r];
        }
    for (int k = 0; k < m->R; k++)
        if (!m->used[m->rooms[k]] && sched_cell_open(in, m->rooms[k], s)) free_r[nf++] = m->rooms[k];
    int *sess = m->tmp_s, ns = 0;
    for (int k = 0; k < n; k++)
        if (!locked(m, list[k])) sess[ns++] = list[k];
    sort_by(m, sess, ns, by_interest);
    for (int k = 0; k < ns; k++) {      /* the smallest free room that fits, largest interest first */
        int best = -1;
        for (int x = nf - 1; x >= 0 && best < 0; x--)
            if (!m->used[free_r[x]] && in->capacity[free_r[x]] >= m->interest[sess[k]]) best = free_r[x];
        if (best >= 0) {
            m->used[best] = 2;
            fit[nfit++] = sess[k];
        } else rest[nrest++] = sess[k];
    }
    if (nrest == 0)   /* everyone fits: the largest free rooms, so that a big room does not stand empty
                       * while the most wanted session sits in a small one (each still fits: the i-th most
                       * wanted gets the i-th largest room, at least as large as the one it fitted) */
        for (int x = 0; x < nf; x++) m->used[free_r[x]] = x < nfit ? 2 : 0;
    int a = 0, b = 0;                   /* larger interest to larger rooms, in each group */
    for (int x = 0; x < nf; x++) {
        int r = free_r[x];
        if (m->used[r] == 2 && a < nfit) {
            if (room_of) room_of[fit[a]] = r;
            a++;
        } else if (!m->used[r] && b < nrest) {
            if (room_of) room_of[rest[b]] = r;
            if (m->interest[rest[b]] > in->capacity[r]) over += m->interest[rest[b]] - in->capacity[r];
            b++;
        }
    }
    return over * OVER_WEIGHT;
}

/* The people over capacity in slot s if session out left it and session in came. */
static long slot_over_with(Model *m, const Grid *g, int s, int out, int in)
{
    int list[SCHED_MAX_ROOMS + 1], n = 0;
    const uint64_t *mem = g->members + (size_t)s * m->NW;
    for (int x = 0; x < m->NW; x++)
        for (uint64_t word = mem[x]; word; word &= word - 1) {
            int i = x * 64 + __builtin_ctzll(word);
            if (i != out) list[n++] = i;
        }
    if (in >= 0) list[n++] = in;
    return slot_rooms(m, s, list, n, NULL);
}

/* ---------- the grid ---------- */

static void grid_free(Grid *g)
{
    void *owned[] = { g->slot, g->count, g->members, g->cnt, g->u1, g->over };
    for (size_t k = 0; k < sizeof owned / sizeof *owned; k++) free(owned[k]);
}

static int grid_make(const Model *m, Grid *g, Err *err)
{
    memset(g, 0, sizeof *g);
    g->slot = malloc(((size_t)m->N + 1) * sizeof *g->slot);
    g->count = calloc((size_t)m->S, sizeof *g->count);
    g->members = calloc((size_t)m->S * m->NW, sizeof *g->members);
    g->cnt = calloc(((size_t)m->in->n_voters + 1) * m->S, sizeof *g->cnt);
    g->u1 = calloc((size_t)m->S * m->VW * 2, sizeof *g->u1);
    g->over = calloc((size_t)m->S, sizeof *g->over);
    if (!g->slot || !g->count || !g->members || !g->cnt || !g->u1 || !g->over)
        return err_set(err, E_INTERNAL, "Out of memory while scheduling.");
    g->u2 = g->u1 + (size_t)m->S * m->VW;
    for (int i = 0; i < m->N; i++) g->slot[i] = -1;
    g->unplaced = m->N;
    return 0;
}

/* Session i's voters enter (step 1) or leave (step -1) slot s: the counts,
 * the two voter sets and the votes lost. */
static void grid_voters(const Model *m, Grid *g, int i, int s, int step)
{
    const uint64_t *vi = m->voters + (size_t)i * m->VW;
    uint64_t *u1 = g->u1 + (size_t)s * m->VW, *u2 = g->u2 + (size_t)s * m->VW;
    for (int x = 0; x < m->VW; x++)
        for (uint64_t word = vi[x]; word; word &= word - 1) {
            int v = x * 64 + __builtin_ctzll(word);
            uint16_t *c = &g->cnt[(size_t)v * m->S + s];
            g->lost += step > 0 ? (*c >= 1) : -(*c >= 2);
            *c = (uint16_t)(*c + step);
            bit_put(u1, v, *c >= 1);
            bit_put(u2, v, *c >= 2);
        }
}

/* Puts session i in slot s (-1: takes it out), keeping the sums up to date;
 * over_from and over_to are the slots' new overflow (the caller computed them). */
static void grid_set(const Model *m, Grid *g, int i, int s, long over_from, long over_to)
{
    int from = g->slot[i];
    if (from >= 0) {
        grid_voters(m, g, i, from, -1);
        g->count[from]--;
        bit_put(g->members + (size_t)from * m->NW, i, false);
        g->overflow += over_from - g->over[from];
        g->over[from] = over_from;
    } else g->unplaced--;
    if (s >= 0) {
        grid_voters(m, g, i, s, 1);
        g->count[s]++;
        bit_put(g->members + (size_t)s * m->NW, i, true);
        g->overflow += over_to - g->over[s];
        g->over[s] = over_to;
    } else g->unplaced++;
    g->slot[i] = s;
}

/* The votes lost if session i joins slot s (its voters already there), or
 * saved if it leaves (its voters there twice or more), once session j left
 * s too (-1: none): popcounts over the voter sets. */
static long joins(const Model *m, const Grid *g, int i, int s, int j)
{
    const uint64_t *vi = m->voters + (size_t)i * m->VW, *vj = m->voters + (size_t)(j < 0 ? i : j) * m->VW;
    const uint64_t *u1 = g->u1 + (size_t)s * m->VW, *u2 = g->u2 + (size_t)s * m->VW;
    long n = 0;
    for (int x = 0; x < m->VW; x++)
        n += __builtin_popcountll(vi[x] & u1[x] & (j < 0 ? ~0ull : ~vj[x] | u2[x]));
    return n;
}

static long leaves(const Model *m, const Grid *g, int i, int s)
{
    const uint64_t *vi = m->voters + (size_t)i * m->VW, *u2 = g->u2 + (size_t)s * m->VW;
    long n = 0;
    for (int x = 0; x < m->VW; x++) n += __builtin_popcountll(vi[x] & u2[x]);
    return n;
}

/* May session i go to slot s, if session gone (or -1) leaves it? */
static bool fits(const Model *m, const Grid *g, int i, int s, int gone)
{
    if (!((m->allowed[i] >> s) & 1)) return false;
    if (gone < 0 && g->count[s] >= m->open[s]) return false;
    const uint64_t *p = m->pconf + (size_t)i * m->NW, *mem = g->members + (size_t)s * m->NW;
    for (int x = 0; x < m->NW; x++) {
        uint64_t clash = p[x] & mem[x];
        if (gone >= 0 && gone / 64 == x) clash &= ~(1ull << (gone & 63));
        if (clash) return false;
    }
    return true;
}

static void grid_move(Model *m, Grid *g, int i, int s)
{
    int from = g->slot[i];
    long of = from >= 0 ? slot_over_with(m, g, from, i, -1) : 0;
    long ot = s >= 0 ? slot_over_with(m, g, s, -1, i) : 0;
    grid_set(m, g, i, s, of, ot);
}

static long cost(const Grid *g, long big)
{
    return g->unplaced * big + g->lost + g->overflow;
}

static void grid_swap(Model *m, Grid *g, int i, int j)
{
    int a = g->slot[i], b = g->slot[j];
    long oa = slot_over_with(m, g, a, i, j), ob = slot_over_with(m, g, b, j, i);
    grid_set(m, g, i, b, g->over[a], g->over[b]);
    grid_set(m, g, j, a, g->over[b], g->over[a]);
    g->overflow += oa - g->over[a] + ob - g->over[b];
    g->over[a] = oa;
    g->over[b] = ob;
}

/* ---------- the greedy construction ---------- */

/* The best slot for session i (-1 if none fits): the fewest shared voters,
 * then the fewest people over capacity; ties broken by the generator. */
static int best_slot(Model *m, const Grid *g, Rng *rng, int i)
{
    int best = -1, ties = 0;
    long best_cost = 0;
    for (int s = 0; s < m->S; s++) {
        if (!fits(m, g, i, s, -1)) continue;
        long c = joins(m, g, i, s, -1) + slot_over_with(m, g, s, -1, i) - g->over[s];
        if (best < 0 || c < best_cost) {
            best = s;
            best_cost = c;
            ties = 1;
        } else if (c == best_cost && rng_below(rng, ++ties) == 0) best = s;
    }
    return best;
}

/* Places session i by moving one unlocked session out of its way to another
 * slot; false if no such move exists. */
static bool place_aside(Model *m, Grid *g, int i)
{
    for (int s = 0; s < m->S; s++) {
        if (!((m->allowed[i] >> s) & 1)) continue;
        const uint64_t *mem = g->members + (size_t)s * m->NW;
        for (int j = 0; j < m->N; j++) {
            if (!bit(mem, j) || locked(m, j) || !fits(m, g, i, s, j)) continue;
            for (int t = 0; t < m->S; t++)
                if (t != s && fits(m, g, j, t, -1)) {
                    grid_move(m, g, j, t);
                    grid_move(m, g, i, s);
                    return true;
                }
        }
    }
    return false;
}

/* Places the locked sessions and lists the others in list (N + 1 ints); returns
 * how many there are, or -1 when list could not be had. */
static int place_locked(Model *m, Grid *g, int *list)
{
    int n = 0;
    if (!list) return -1;
    for (int i = 0; i < m->N; i++)
        if (locked(m, i)) grid_move(m, g, i, m->in->sessions[i].lock_slot);
        else list[n++] = i;
    return n;
}

static void greedy(Model *m, Grid *g, Rng *rng)
{
    int *list = malloc(((size_t)m->N + 1) * sizeof *list), n = place_locked(m, g, list);
    sort_by(m, list, n, by_interest);
    for (int k = 0; k < n; k++) {
        int s = best_slot(m, g, rng, list[k]);
        if (s >= 0) grid_move(m, g, list[k], s);
        else place_aside(m, g, list[k]);
    }
    free(list);
}

/* ---------- local search: simulated annealing ---------- */

typedef struct Search {
    int *movable, n_movable;
    int *best;               /* the best grid seen: slot per session */
    long best_cost, big;
} Search;

/* One step: a random unlocked session to a random other slot, by a move when
 * the slot has a free cell (half the time) or else by a swap. */
static void step(Model *m, Grid *g, Search *sr, Rng *rng, double temp)
{
    int i = sr->movable[rng_below(rng, sr->n_movable)], a = g->slot[i];
    int b = rng_below(rng, m->S), j = -1;
    if (a < 0 || b == a) return;
    if (g->count[b] >= m->open[b] || (g->count[b] > 0 && (rng_next(rng) & 1))) {
        int pick = rng_below(rng, g->count[b] ? g->count[b] : 1), seen = 0;
        const uint64_t *mem = g->members + (size_t)b * m->NW;
        for (int k = 0; k < m->N && j < 0; k++)
            if (bit(mem, k) && seen++ == pick) j = k;
        if (j < 0 || locked(m, j) || !fits(m, g, i, b, j) || !fits(m, g, j, a, i)) return;
    } else if (!fits(m, g, i, b, -1)) return;
    long before = cost(g, sr->big), d;
    if (j < 0) {
        d = joins(m, g, i, b, -1) - leaves(m, g, i, a);
        d += slot_over_with(m, g, a, i, -1) - g->over[a] + slot_over_with(m, g, b, -1, i) - g->over[b];
    } else {
        d = joins(m, g, i, b, j) + joins(m, g, j, a, i) - leaves(m, g, i, a) - leaves(m, g, j, b);
        d += slot_over_with(m, g, a, i, j) - g->over[a] + slot_over_with(m, g, b, j, i) - g->over[b];
    }
    if (d > 0 && (temp <= 0 || rng_unit(rng) >= exp(-(double)d / temp))) return;
    if (j < 0) grid_move(m, g, i, b);
    else grid_swap(m, g, i, j);
    if (before + d < sr->best_cost) {
        sr->best_cost = before + d;
        memcpy(sr->best, g->slot, (size_t)m->N * sizeof *g->slot);
    }
}

/* Anneals from the greedy grid; g ends as the best grid seen. Unplaced
 * sessions are tried again every so often (moves may have freed a slot). */
static long anneal(Model *m, Grid *g, Rng *rng, long iterations, Err *err)
{
    Search sr = { .big = 1 };
    sr.movable = malloc(((size_t)m->N + 1) * sizeof *sr.movable);
    sr.best = malloc(((size_t)m->N + 1) * sizeof *sr.best);
    if (!sr.movable || !sr.best) {
        free(sr.movable);
        free(sr.best);
        return err_set(err, E_INTERNAL, "Out of memory while scheduling.");
    }
    sr.big += m->votes;                 /* big: more than any grid's lost votes and overflow */
    for (int i = 0; i < m->N; i++) {
        if (!locked(m, i)) sr.movable[sr.n_movable++] = i;
        sr.big += m->interest[i] * OVER_WEIGHT;
    }
    memcpy(sr.best, g->slot, (size_t)m->N * sizeof *g->slot);
    sr.best_cost = cost(g, sr.big);
    long it = 0, every = iterations / 16 + 1;
    double temp = m->shared, ratio = pow(0.02 / temp, 1.0 / (double)(iterations + 1));
    for (; it < iterations && sr.n_movable; it++, temp *= ratio) {
        step(m, g, &sr, rng, temp);
        if (g->unplaced && it % every == 0) {
            for (int i = 0; i < m->N; i++)
                if (g->slot[i] < 0 && !locked(m, i) && !place_aside(m, g, i)) {
                    int s = best_slot(m, g, rng, i);
                    if (s >= 0) grid_move(m, g, i, s);
                }
            if (cost(g, sr.big) < sr.best_cost) {
                sr.best_cost = cost(g, sr.big);
                memcpy(sr.best, g->slot, (size_t)m->N * sizeof *g->slot);
            }
        }
    }
    for (int i = 0; i < m->N; i++)      /* back to the best grid seen */
        if (g->slot[i] != sr.best[i]) grid_move(m, g, i, -1);
    for (int i = 0; i < m->N; i++)
        if (g->slot[i] != sr.best[i]) grid_move(m, g, i, sr.best[i]);
    free(sr.movable);
    free(sr.best);
    return it;
}

/* ---------- a random valid grid: the yardstick ---------- */

static void random_grid(Model *m, Grid *g, Rng *rng)
{
    int *list = malloc(((size_t)m->N + 1) * sizeof *list), n = place_locked(m, g, list);
    for (int k = n - 1; k > 0; k--) {
        int x = rng_below(rng, k + 1), t = list[k];
        list[k] = list[x];
        list[x] = t;
    }
    for (int k = 0; k < n; k++) {
        int s = -1, seen = 0;
        for (int t = 0; t < m->S; t++)
            if (fits(m, g, list[k], t, -1) && rng_below(rng, ++seen) == 0) s = t;
        if (s >= 0) grid_set(m, g, list[k], s, 0, 0);
    }
    free(list);
}

/* ---------- the result ---------- */

static SchedReason why_unplaced(const Model *m, const Grid *g, int i)
{
    uint64_t usable = m->allowed[i], full = 0;
    if (!usable) return SCHED_UNAVAILABLE;
    for (int s = 0; s < m->S; s++)
        if (g->count[s] >= m->open[s]) full |= 1ull << s;
    return (usable & ~full) ? SCHED_PRESENTER_BUSY : SCHED_NO_CELL;
}

static int result_make(Model *m, const Grid *g, const Grid *rnd, SchedResult *out)
{
    const SchedInput *in = m->in;
    size_t N = (size_t)m->N + 1;
    out->room = malloc(N * sizeof *out->room);
    out->slot = malloc(N * sizeof *out->slot);
    out->reason = calloc(N, sizeof *out->reason);
    out->over_capacity = calloc(N, sizeof *out->over_capacity);
    int *list = malloc(N * sizeof *list);
    if (!out->room || !out->slot || !out->reason || !out->over_capacity || !list) {
        free(list);
        return -1;
    }
    memcpy(out->slot, g->slot, (size_t)m->N * sizeof *out->slot);
    for (int i = 0; i < m->N; i++) out->room[i] = -1;
    for (int s = 0; s < m->S; s++) {
        int n = 0;
        for (int i = 0; i < m->N; i++)
            if (g->slot[i] == s) list[n++] = i;
        slot_rooms(m, s, list, n, out->room);
    }
    for (int i = 0; i < m->N; i++) {
        if (g->slot[i] < 0) {
            out->reason[i] = why_unplaced(m, g, i);
            out->n_unplaced++;
        } else if (m->interest[i] > in->capacity[out->room[i]]) {
            out->over_capacity[i] = true;
            out->n_over_capacity++;
        }
    }
    free(list);
    out->attended = sched_attended(in, g->slot, &out->votes);
    out->random_attended = sched_attended(in, rnd->slot, NULL);
    out->random_unplaced = rnd->unplaced;
    out->quality = out->votes ? (double)out->attended / (double)out->votes : 1.0;
    out->random_quality = out->votes ? (double)out->random_attended / (double)out->votes : 1.0;
    out->improvement = out->random_quality > 0 ? out->quality / out->random_quality - 1.0 : 0.0;
    long lost = out->votes - out->attended, rlost = out->votes - out->random_attended;
    out->lost_cut = rlost > 0 ? 1.0 - (double)lost / (double)rlost : 1.0;
    return out->attended < 0 || out->random_attended < 0 ? -1 : 0;
}

int sched_build(const SchedInput *in, SchedResult *out, Err *err)
{
    memset(out, 0, sizeof *out);
    if (sched_check(in, err) < 0) return -1;
    out->n_sessions = in->n_sessions;
    Model m;
    Grid g, rnd;
    int rc = model_make(&m, in, err);
    memset(&g, 0, sizeof g);
    memset(&rnd, 0, sizeof rnd);
    if (rc == 0) rc = grid_make(&m, &g, err);
    if (rc == 0) rc = grid_make(&m, &rnd, err);
    if (rc == 0) {
        Rng rng = { in->seed }, yard = { in->seed ^ 0x5DEECE66Dull };
        long budget = in->iterations ? in->iterations : SCHED_ITERATIONS;
        greedy(&m, &g, &rng);
        out->iterations_run = anneal(&m, &g, &rng, budget, err);
        rc = out->iterations_run < 0 ? -1 : 0;
        if (rc == 0) random_grid(&m, &rnd, &yard);
    }
    if (rc == 0 && result_make(&m, &g, &rnd, out) < 0)
        rc = err_set(err, E_INTERNAL, "Out of memory while scheduling.");
    grid_free(&g);
    grid_free(&rnd);
    model_free(&m);
    return rc;
}

void sched_result_free(SchedResult *out)
{
    if (!out) return;
    void *owned[] = { out->room, out->slot, out->reason, out->over_capacity };
    for (size_t k = 0; k < sizeof owned / sizeof *owned; k++) free(owned[k]);
    memset(out, 0, sizeof *out);
}
