/* count.c - counting ballots (pure: no I/O, no clock, no randomness): the
 * single transferable vote for ranked ballots, and approval.
 *
 * THE STV RULE. Single transferable vote with the Droop quota and the
 * weighted inclusive Gregory method (WIGM), one candidate elected per round:
 * the rule Belenios counts with (`belenios-tool method stv`; Belenios 2.0,
 * src/lib/core/stv.ml), so that anyone can recount a published ballot box
 * with Debian's belenios-tool and find the same winners.
 *
 *  Ballots. A ballot ranks some of the candidates, most preferred first; it
 *    may rank none (an empty ballot). A ballot naming a candidate twice, or a
 *    number that is no candidate, is invalid and takes no part in the count.
 *    Every valid ballot starts with the value of one vote.
 *  Quota. Droop: q = floor(V / (seats + 1)) + 1, V the number of valid
 *    ballots, empty ones included. It does not change during the count.
 *  Continuing candidates. Every candidate ranked on at least one valid ballot
 *    continues until elected or excluded. A candidate ranked on no ballot
 *    takes no part and cannot be elected (a seat stays empty rather than go
 *    to someone no voter ranked).
 *  A round. Each ballot counts, at its present value, for the first
 *    continuing candidate it ranks (none: it is exhausted, non-transferable).
 *    Then, in this order:
 *    1. If no more candidates continue than seats remain, they are all
 *       elected and the count ends.
 *    2. Else, if the candidate with the most votes has at least the quota,
 *       that one candidate (only one per round) is elected. Their surplus
 *       s = total - q passes on: every ballot counting for them (inclusive:
 *       all of them, whatever path they came by) keeps value x s / total and
 *       goes on to its next continuing candidate. The count ends when the
 *       last seat is filled.
 *    3. Else the candidate with the fewest votes is excluded, and all their
 *       ballots go on to their next continuing candidate at their present
 *       value, in one round.
 *    A candidate who has reached the quota but is not yet elected (another
 *    had more) keeps receiving transfers; their larger surplus passes on in
 *    full when they are elected, so nothing is lost.
 *  Ties. When candidates are equal for election (most votes, at or over the
 *    quota) or for exclusion (fewest votes), the tie is broken by looking
 *    back: at the most recent earlier round at which their votes differed,
 *    those with the most (for election) or the fewest (for exclusion) stay
 *    in the tie, and so on back to round 1 ("backward tie-breaking"). If
 *    they were equal at every round, the ballot order decides: the candidate
 *    listed first is elected first and excluded last. (Whoever makes the
 *    ballot sets that order: drawn by lot, it is a lot drawn in advance.)
 *    Every tie is reported in `ties`. Belenios breaks every tie by the
 *    ballot order at once; the two differ only when looking back decides.
 *  Arithmetic. Exact integers: a vote is 10^9 units, each ballot's value an
 *    int64 number of units; the transfer x * s / total is computed in 128
 *    bits and truncated to a whole unit, so a ballot loses less than 10^-9
 *    of a vote per transfer (counted as non-transferable). No floating
 *    point: every machine gives the same count to the last digit. (Belenios
 *    uses floating point; the two agree except where values differ by less
 *    than rounding, which the differential test measures.)
 *  Compared with the Scottish local elections rules (also WIGM): those deem
 *    every candidate over the quota elected at once and give them no further
 *    transfers, truncate transfer values to 5 decimals, and end ties by lot.
 *
 * Cost: one pass over the ballots per round, at most candidates + 1 rounds
 * (100,000 ballots, 20 candidates, 7 seats: a few milliseconds).
 *
 * Approval: each valid ballot (no candidate twice) approves any number of
 * candidates; the `seats` candidates with most approvals are elected, ties at
 * the last seat broken by the ballot order (reported in `ties`); a candidate
 * nobody approved is not elected. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "governance/governance.h"

#define UNIT 1000000000LL          /* one vote, in units of value */
#define MAX_CANDIDATES 1000
#define MAX_BALLOTS 1000000000u    /* keeps every sum of values within int64 */

enum { HOPEFUL, ELECTED, EXCLUDED, UNRANKED };

typedef struct Count {
    const CountInput *in;
    int C, seats_left, round;      /* round: 0-based, the one being counted */
    size_t valid;
    int64_t quota;                 /* in units */
    uint32_t *pos;                 /* per ballot: its current preference; its end when exhausted or invalid */
    int64_t *w;                    /* per ballot: its value in units */
    unsigned char *state;          /* per candidate */
    int64_t *hist;                 /* the tallies of round r at hist[r * C] */
    int *set;                      /* scratch: tied candidates */
    json_t *rounds, *ties, *winners;
    Buf note, tie;                 /* the round's note, and its sentence about a tie */
} Count;

/* ---------- shared by both methods ---------- */

static int check_input(const CountInput *in, Err *e)
{
    if (!in) return err_set(e, E_INVALID, "Nothing to count.");
    if (in->candidates < 1 || in->candidates > MAX_CANDIDATES)
        return err_set(e, E_INVALID, "A count needs between 1 and %d candidates (%d given).", MAX_CANDIDATES,
                       in->candidates);
    if (in->seats < 1) return err_set(e, E_INVALID, "A count needs at least one seat to fill.");
    if (in->n > MAX_BALLOTS) return err_set(e, E_INVALID, "Too many ballots to count (%zu).", in->n);
    if (in->n && !in->start) return err_set(e, E_INVALID, "The ballots are missing.");
    for (size_t i = 0; i < in->n; i++)
        if (in->start[i] > in->start[i + 1]) return err_set(e, E_INVALID, "Ballot %zu is malformed.", i + 1);
    if (in->n && in->start[in->n] > in->start[0] && !in->prefs) return err_set(e, E_INVALID, "The ballots are missing.");
    return 0;
}

/* Whether ballot i is valid (every entry a candidate, none twice); seen is a
 * per-candidate stamp array (zeroed once, stamped with i + 1). */
static bool ballot_valid(const CountInput *in, size_t i, uint32_t *seen)
{
    for (uint32_t p = in->start[i]; p < in->start[i + 1]; p++) {
        int32_t c = in->prefs[p];
        if (c < 0 || c >= in->candidates || seen[c] == (uint32_t)(i + 1)) return false;
        seen[c] = (uint32_t)(i + 1);
    }
    return true;
}

static void add_name(Buf *b, const CountInput *in, int c)
{
    if (in->names && in->names[c] && *in->names[c])
        buf_adds(b, in->names[c]);
    else
        buf_printf(b, "candidate %d", c + 1);
}

/* "A", "A and B", "A, B and C" */
static void add_names(Buf *b, const CountInput *in, const int *cs, int m)
{
    for (int j = 0; j < m; j++) {
        if (j) buf_adds(b, j == m - 1 ? " and " : ", ");
        add_name(b, in, cs[j]);
    }
}

/* A value in units as a decimal: "12", "5.5", "0.333333333". */
static void add_units(Buf *b, int64_t u)
{
    if (u < 0) {
        buf_addc(b, '-');
        u = -u;
    }
    buf_printf(b, "%lld", (long long)(u / UNIT));
    int64_t f = u % UNIT;
    if (!f) return;
    char frac[16];
    snprintf(frac, sizeof frac, "%09lld", (long long)f);
    for (int k = 8; k > 0 && frac[k] == '0'; k--) frac[k] = 0;
    buf_printf(b, ".%s", frac);
}

static json_t *units_json(int64_t u)
{
    Buf b;
    buf_init(&b, NULL);
    add_units(&b, u);
    json_t *s = json_string(buf_str(&b));
    buf_release(&b);
    return s;
}

static json_t *ints_json(const int *v, int m)
{
    json_t *a = json_array();
    for (int j = 0; j < m; j++) json_array_append_new(a, json_integer(v[j]));
    return a;
}

static json_t *result_json(const char *method, const CountInput *in, size_t valid, json_t *quota)
{
    return json_pack("{s:s, s:i, s:I, s:I, s:o, s:[], s:[], s:[]}", "method", method, "seats", in->seats,
                     "ballots", (json_int_t)in->n, "valid", (json_int_t)valid, "quota", quota, "winners",
                     "rounds", "ties");
}

/* ---------- STV ---------- */

/* Each valid ballot at its first continuing preference: t[c] = the value for c. */
static void stv_tally(Count *k, int64_t *t)
{
    const CountInput *in = k->in;
    memset(t, 0, sizeof *t * (size_t)k->C);
    for (size_t i = 0; i < in->n; i++) {
        uint32_t p = k->pos[i], end = in->start[i + 1];
        while (p < end && k->state[in->prefs[p]] != HOPEFUL) p++;
        k->pos[i] = p;
        if (p < end) t[in->prefs[p]] += k->w[i];
    }
}

/* The tallies as shown: continuing candidates their votes, those elected in
 * an earlier round the quota they keep, the others 0; and what is left. */
static json_t *stv_round_json(Count *k, const int64_t *t)
{
    json_t *tallies = json_array();
    int64_t held = 0;
    for (int c = 0; c < k->C; c++) {
        int64_t v = k->state[c] == HOPEFUL ? t[c] : k->state[c] == ELECTED ? k->quota : 0;
        held += v;
        json_array_append_new(tallies, units_json(v));
    }
    return json_pack("{s:i, s:o, s:o, s:[], s:[], s:s}", "round", k->round + 1, "tallies", tallies,
                     "non_transferable", units_json((int64_t)k->valid * UNIT - held), "elected", "eliminated",
                     "note", "");
}

/* The continuing candidates whose tally is v, in ballot order, into k->set. */
static int stv_tied(Count *k, const int64_t *t, int64_t v)
{
    int m = 0;
    for (int c = 0; c < k->C; c++)
        if (k->state[c] == HOPEFUL && t[c] == v) k->set[m++] = c;
    return m;
}

/* Breaks a tie among k->set[0..m) (see the header: look back, then the
 * ballot order), records it and says how in k->note. */
static int stv_break_tie(Count *k, int m, bool exclusion)
{
    json_t *between = ints_json(k->set, m);
    int left = m, by = 0;
    for (int r = k->round - 1; r >= 0 && left > 1; r--) {
        const int64_t *h = k->hist + (size_t)r * k->C;
        int64_t best = h[k->set[0]];
        for (int j = 1; j < left; j++)
            if (exclusion ? h[k->set[j]] < best : h[k->set[j]] > best) best = h[k->set[j]];
        int kept = 0;
        for (int j = 0; j < left; j++)
            if (h[k->set[j]] == best) k->set[kept++] = k->set[j];
        if (kept < left) by = r + 1;
        left = kept;
    }
    int chose = left == 1 ? k->set[0] : exclusion ? k->set[left - 1] : k->set[0];
    json_t *tie = json_pack("{s:i, s:s, s:o, s:i, s:s}", "round", k->round + 1, "for",
                            exclusion ? "exclusion" : "election", "between", between, "chose", chose, "how",
                            left == 1 ? "earlier round" : "ballot order");
    if (left == 1) json_object_set_new(tie, "decided_at_round", json_integer(by));
    json_array_append_new(k->ties, tie);
    buf_adds(&k->tie, " This was a tie with ");
    for (int j = 0, said = 0; j < m; j++) {
        int c = (int)json_integer_value(json_array_get(between, (size_t)j));
        if (c == chose) continue;
        if (said) buf_adds(&k->tie, said == m - 2 ? " and " : ", ");
        add_name(&k->tie, k->in, c);
        said++;
    }
    if (left == 1)
        buf_printf(&k->tie, ", decided by the votes at round %d.", by);
    else
        buf_adds(&k->tie, ", equal at every round, decided by the order of the ballot.");
    return chose;
}

/* No more continuing candidates than seats: they are all elected. */
static void stv_fill(Count *k, json_t *round, int hopeful)
{
    int m = 0;
    for (int c = 0; c < k->C; c++)
        if (k->state[c] == HOPEFUL) {
            k->set[m++] = c;
            k->state[c] = ELECTED;
            json_array_append_new(json_object_get(round, "elected"), json_integer(c));
            json_array_append_new(k->winners, json_integer(c));
        }
    if (!hopeful)
        buf_adds(&k->note, "No ballot ranks any candidate: no one is elected.");
    else {
        add_names(&k->note, k->in, k->set, m);
        buf_printf(&k->note, " %s elected: no more candidates remain than seats to fill.", m == 1 ? "is" : "are");
        if (hopeful < k->seats_left)
            buf_printf(&k->note, " %d seat%s stay%s empty: no other candidate is ranked on any ballot.",
                       k->seats_left - hopeful, k->seats_left - hopeful == 1 ? "" : "s",
                       k->seats_left - hopeful == 1 ? "s" : "");
    }
    k->seats_left -= m;
}

/* Elects c (total t at or over the quota) and passes its surplus on. */
static void stv_elect(Count *k, json_t *round, int c, int64_t total)
{
    const CountInput *in = k->in;
    int64_t surplus = total - k->quota;
    Buf *n = &k->note;
    add_name(n, in, c);
    buf_adds(n, " has ");
    add_units(n, total);
    buf_adds(n, total == k->quota ? " votes, exactly the quota, and is elected." : " votes, over the quota, and is elected.");
    for (size_t i = 0; i < in->n; i++)      /* with no surplus, they keep nothing */
        if (k->pos[i] < in->start[i + 1] && in->prefs[k->pos[i]] == c)
            k->w[i] = (int64_t)((__int128)k->w[i] * surplus / total);
    if (surplus && k->seats_left > 1) {
        buf_adds(n, " The surplus of ");
        add_units(n, surplus);
        buf_adds(n, " passes on to the next preferences, each ballot at ");
        add_units(n, (int64_t)((__int128)UNIT * surplus / total));
        buf_adds(n, " of its value.");
    }
    k->state[c] = ELECTED;
    k->seats_left--;
    json_array_append_new(json_object_get(round, "elected"), json_integer(c));
    json_array_append_new(k->winners, json_integer(c));
}

static void stv_exclude(Count *k, json_t *round, int c, int64_t total)
{
    Buf *n = &k->note;
    buf_adds(n, "No candidate reaches the quota: ");
    add_name(n, k->in, c);
    buf_adds(n, ", with the fewest votes (");
    add_units(n, total);
    buf_adds(n, "), is excluded, and their ballots pass on to the next preferences at their present value.");
    k->state[c] = EXCLUDED;
    json_array_append_new(json_object_get(round, "eliminated"), json_integer(c));
}

/* One round: returns true when the count is over. */
static bool stv_round(Count *k)
{
    int64_t *t = k->hist + (size_t)k->round * k->C;
    stv_tally(k, t);
    json_t *round = stv_round_json(k, t);
    json_array_append_new(k->rounds, round);
    int hopeful = 0, top = -1, low = -1;
    for (int c = 0; c < k->C; c++) {
        if (k->state[c] != HOPEFUL) continue;
        hopeful++;
        if (top < 0 || t[c] > t[top]) top = c;
        if (low < 0 || t[c] < t[low]) low = c;
    }
    bool over = false;
    if (hopeful <= k->seats_left) {
        stv_fill(k, round, hopeful);
        over = true;
    } else if (t[top] >= k->quota) {
        int m = stv_tied(k, t, t[top]);
        int c = m > 1 ? stv_break_tie(k, m, false) : top;
        stv_elect(k, round, c, t[c]);
        over = k->seats_left == 0;
    } else {
        int m = stv_tied(k, t, t[low]);
        int c = m > 1 ? stv_break_tie(k, m, true) : low;
        stv_exclude(k, round, c, t[c]);
    }
    buf_adds(&k->note, buf_str(&k->tie));
    json_object_set_new(round, "note", json_string(buf_str(&k->note)));
    buf_clear(&k->note);
    buf_clear(&k->tie);
    k->round++;
    return over;
}

/* The ballots checked, the unranked candidates set aside, the quota. */
static void stv_start(Count *k, uint32_t *seen)
{
    const CountInput *in = k->in;
    for (int c = 0; c < k->C; c++) k->state[c] = UNRANKED;
    for (size_t i = 0; i < in->n; i++) {
        if (!ballot_valid(in, i, seen)) {
            k->pos[i] = in->start[i + 1];
            continue;
        }
        k->valid++;
        k->pos[i] = in->start[i];
        k->w[i] = UNIT;
        for (uint32_t p = in->start[i]; p < in->start[i + 1]; p++) k->state[in->prefs[p]] = HOPEFUL;
    }
    k->quota = (int64_t)(k->valid / (size_t)(in->seats + 1) + 1) * UNIT;
    int m = 0;
    for (int c = 0; c < k->C; c++)
        if (k->state[c] == UNRANKED) k->set[m++] = c;
    if (m && m < k->C) {
        add_names(&k->note, in, k->set, m);
        buf_printf(&k->note, " %s ranked on no ballot and take%s no part in the count. ", m == 1 ? "is" : "are",
                   m == 1 ? "s" : "");
    }
}

json_t *stv_count(const CountInput *in, Err *e)
{
    if (check_input(in, e)) return NULL;
    Count k = { .in = in, .C = in->candidates, .seats_left = in->seats };
    uint32_t *seen = xcalloc((size_t)k.C, sizeof *seen);
    k.pos = xcalloc(in->n ? in->n : 1, sizeof *k.pos);
    k.w = xcalloc(in->n ? in->n : 1, sizeof *k.w);
    k.state = xcalloc((size_t)k.C, 1);
    k.hist = xcalloc((size_t)(k.C + 1) * (size_t)k.C, sizeof *k.hist);
    k.set = xcalloc((size_t)k.C, sizeof *k.set);
    buf_init(&k.note, NULL);
    buf_init(&k.tie, NULL);
    stv_start(&k, seen);
    json_t *out = result_json("stv", in, k.valid, json_integer(k.quota / UNIT));
    k.rounds = json_object_get(out, "rounds");
    k.ties = json_object_get(out, "ties");
    k.winners = json_object_get(out, "winners");
    Buf first = k.note;            /* the unranked candidates: said at round 1 */
    buf_init(&k.note, NULL);
    while (!stv_round(&k)) {}
    if (first.len) {
        json_t *r1 = json_array_get(k.rounds, 0);
        buf_adds(&first, json_string_value(json_object_get(r1, "note")));
        json_object_set_new(r1, "note", json_string(buf_str(&first)));
    }
    buf_release(&first);
    buf_release(&k.note);
    buf_release(&k.tie);
    free(seen);
    free(k.pos);
    free(k.w);
    free(k.state);
    free(k.hist);
    free(k.set);
    return out;
}

/* ---------- approval ---------- */

/* The order of election: most approvals first, then the ballot order. */
static void approval_order(const int64_t *t, int *order, int C)
{
    for (int c = 0; c < C; c++) order[c] = c;
    for (int a = 1; a < C; a++) {          /* insertion sort: stable, C is small */
        int c = order[a], b = a;
        for (; b > 0 && t[order[b - 1]] < t[c]; b--) order[b] = order[b - 1];
        order[b] = c;
    }
}

/* The winners, and a tie for each seat given among equal candidates at the cut. */
static void approval_seat(json_t *out, const CountInput *in, const int64_t *t, const int *order, Buf *note)
{
    json_t *winners = json_object_get(out, "winners"), *ties = json_object_get(out, "ties");
    int C = in->candidates, won = 0;
    for (; won < in->seats && won < C && t[order[won]] > 0; won++)
        json_array_append_new(winners, json_integer(order[won]));
    int cut = won;                      /* the first not elected */
    if (won == in->seats && cut < C && t[order[cut]] == t[order[cut - 1]] && t[order[cut]] > 0) {
        int lo = cut - 1, hi = cut;     /* the tied group straddling the cut: [lo, hi) */
        while (lo > 0 && t[order[lo - 1]] == t[order[cut]]) lo--;
        while (hi < C && t[order[hi]] == t[order[cut]]) hi++;
        for (int j = lo; j < cut; j++)
            json_array_append_new(ties, json_pack("{s:i, s:s, s:o, s:i, s:s}", "round", 1, "for", "election",
                                                  "between", ints_json(order + j, hi - j), "chose", order[j],
                                                  "how", "ballot order"));
    }
    if (won) {
        add_names(note, in, order, won);
        buf_printf(note, won == 1 ? " has the most approvals and is elected." :
                                    " have the most approvals and are elected.");
    } else
        buf_adds(note, "No candidate is approved on any ballot: no one is elected.");
    if (won && won < in->seats)
        buf_printf(note, " %d seat%s stay%s empty: no other candidate is approved on any ballot.",
                   in->seats - won, in->seats - won == 1 ? "" : "s", in->seats - won == 1 ? "s" : "");
    if (json_array_size(ties)) buf_adds(note, " A tie for the last seat is decided by the order of the ballot.");
}

json_t *approval_count(const CountInput *in, Err *e)
{
    if (check_input(in, e)) return NULL;
    int C = in->candidates;
    uint32_t *seen = xcalloc((size_t)C, sizeof *seen);
    int64_t *t = xcalloc((size_t)C, sizeof *t);
    int *order = xcalloc((size_t)C, sizeof *order);
    size_t valid = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (!ballot_valid(in, i, seen)) continue;
        valid++;
        for (uint32_t p = in->start[i]; p < in->start[i + 1]; p++) t[in->prefs[p]]++;
    }
    json_t *out = result_json("approval", in, valid, json_null());
    approval_order(t, order, C);
    Buf note;
    buf_init(&note, NULL);
    approval_seat(out, in, t, order, &note);
    json_t *tallies = json_array();
    for (int c = 0; c < C; c++) json_array_append_new(tallies, units_json(t[c] * UNIT));
    json_array_append_new(json_object_get(out, "rounds"),
                          json_pack("{s:i, s:o, s:o, s:[], s:s}", "round", 1, "tallies", tallies, "elected",
                                    json_copy(json_object_get(out, "winners")), "eliminated", "note", buf_str(&note)));
    buf_release(&note);
    free(seen);
    free(t);
    free(order);
    return out;
}
