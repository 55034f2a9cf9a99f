/* test_gov_path.c - the escalation path (src/governance/rules_path.c) and
 * matters (rules_matters.c, matters.c, path.c).
 *
 * The rules are tested over generated networks: random trees of countries,
 * regions and metros (some metros right under their country), random counts
 * of active chapters and random thresholds, many seeds; each path is checked
 * against the rule as the issue words it (the metro if dense, else the region,
 * else the country, else the board), against a second reading of it written
 * independently, and for its properties (only dense places, upwards, no step
 * that adds no chapters, passing up follows the path and never goes down).
 * Matters in flight are simulated while a metro crosses its threshold and
 * while a place loses its density.
 *
 * The operations run on GLOCAL_TEST_DB (tests/run: once on SQLite, once on
 * PostgreSQL): escalation to the right committee for the density, matters in
 * flight when a metro becomes dense and when it stops being so, what a
 * committee member sees (never the chapter's words), and matter_settle. */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/log.h"
#include "base/str.h"
#include "db/db.h"
#include "governance/governance.h"
#include "mail/mail.h"
#include "network/network.h"
#include "testnet.h"

/* ---------- generated networks ---------- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int pick(int n) { return (int)(rnd() % (uint64_t)n); }

enum { MAXP = 96 };
typedef struct Net {
    int n;
    MapPlace p[MAXP];
} Net;

static int add(Net *net, int parent, const char *kind)
{
    net->p[net->n] = (MapPlace){ parent, kind, 0, false };
    return net->n++;
}

static void metro(Net *net, int parent)
{
    int m = add(net, parent, "metro");
    net->p[m].active = pick(3) == 0 ? 0 : pick(7);
    net->p[m].has_chapters = net->p[m].active > 0 || pick(3) == 0;
}

/* 1..3 countries, each with 0..3 regions of 1..4 metros, and 0..2 metros right under the country. */
static void generate(Net *net, uint64_t seed)
{
    rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
    net->n = 0;
    int countries = 1 + pick(3);
    for (int c = 0; c < countries; c++) {
        int country = add(net, -1, "country");
        int regions = pick(4), direct = pick(3);
        for (int r = 0; r < regions; r++) {
            int region = add(net, country, "region");
            for (int k = 1 + pick(4); k > 0; k--) metro(net, region);
        }
        for (int k = 0; k < direct; k++) metro(net, country);
    }
}

static GovThresholds random_thresholds(void)
{
    return (GovThresholds){ 1 + pick(6), 1 + pick(8), 1 + pick(10) };
}

/* The active chapters below place i, summed the plain way. */
static int64_t below(const Net *net, int i)
{
    int64_t sum = 0;
    for (int m = 0; m < net->n; m++)
        for (int p = m; p >= 0; p = net->p[p].parent)
            if (p == i) sum += net->p[m].active;
    return sum;
}

/* The chain from place i up to its country: indexes into the net, and PathPlace with the counts. */
static int chain_of(const Net *net, int i, int *idx, PathPlace *chain)
{
    int n = 0;
    for (int p = i; p >= 0; p = net->p[p].parent) {
        idx[n] = p;
        chain[n++] = (PathPlace){ p + 1, net->p[p].kind, below(net, p) };
    }
    return n;
}

/* A second reading of the rule: a place belongs to the path when it is dense
 * and no step below it on the chain has as many active chapters. */
static bool oracle_on_path(const PathPlace *chain, int upto, const GovThresholds *t)
{
    if (!gov_dense(t, &chain[upto])) return false;
    for (int j = 0; j < upto; j++)
        if (oracle_on_path(chain, j, t) && chain[j].active >= chain[upto].active) return false;
    return true;
}

static void check_path(const PathPlace *chain, int n, const GovThresholds *t, const char *where)
{
    int steps[8];
    int k = gov_path(chain, n, t, steps);
    /* the rule for the first step: the first dense place from the metro up, else the board */
    int first = -1;
    for (int i = 0; i < n && first < 0; i++)
        if (chain[i].active >= gov_threshold(t, chain[i].kind)) first = i;
    cr_assert_eq(k > 0 ? steps[0] : -1, first, "%s: the first step", where);
    int s = 0;
    for (int i = 0; i < n; i++) {
        bool on = s < k && steps[s] == i;
        cr_assert_eq(on, oracle_on_path(chain, i, t), "%s: place %d of the chain", where, i);
        if (on) {
            cr_assert(gov_dense(t, &chain[i]), "%s: a step is dense", where);
            if (s > 0) cr_assert_gt(chain[i].active, chain[steps[s - 1]].active, "%s: each step adds chapters", where);
            /* passing up from this step goes to the next one (or the board), and only upwards */
            int next = gov_next_step(chain + i, n - i, t);
            cr_assert_eq(next < 0 ? -1 : i + next, s + 1 < k ? steps[s + 1] : -1, "%s: passing up from step %d", where, s);
            cr_assert(next != 0, "%s: never to itself", where);
            s++;
        } else if (gov_dense(t, &chain[i]) && s > 0) {
            cr_assert_eq(chain[i].active, chain[steps[s - 1]].active, "%s: a dense place is skipped only when it adds nobody", where);
        }
    }
}

Test(path, generated_networks_follow_the_rule)
{
    Net net;
    int checked = 0;
    for (uint64_t seed = 1; seed <= 3000; seed++) {
        generate(&net, seed);
        GovThresholds t = random_thresholds();
        for (int i = 0; i < net.n; i++) {
            if (!str_eq(net.p[i].kind, "metro")) continue;
            int idx[8];
            PathPlace chain[8];
            int n = chain_of(&net, i, idx, chain);
            char where[64];
            snprintf(where, sizeof where, "seed %llu metro %d", (unsigned long long)seed, i);
            check_path(chain, n, &t, where);
            checked++;
        }
    }
    cr_assert_gt(checked, 10000, "enough paths were checked (%d)", checked);
}

Test(path, the_map_marks_exactly_the_steps_of_metros_with_chapters)
{
    Net net;
    for (uint64_t seed = 1; seed <= 2000; seed++) {
        generate(&net, seed);
        GovThresholds t = random_thresholds();
        bool on[MAXP], want[MAXP] = { false };
        int64_t subtree[MAXP];
        gov_committee_map(net.p, net.n, &t, on, subtree);
        for (int i = 0; i < net.n; i++) {
            cr_assert_eq(subtree[i], below(&net, i), "seed %llu: the count below place %d", (unsigned long long)seed, i);
            if (!str_eq(net.p[i].kind, "metro") || !net.p[i].has_chapters) continue;
            int idx[8], steps[8];
            PathPlace chain[8];
            int n = chain_of(&net, i, idx, chain);
            int k = gov_path(chain, n, &t, steps);
            for (int s = 0; s < k; s++) want[idx[steps[s]]] = true;
        }
        for (int i = 0; i < net.n; i++)
            cr_assert_eq(on[i], want[i], "seed %llu: place %d calls for a committee", (unsigned long long)seed, i);
    }
}

/* Matters in flight while one metro gains chapters past its threshold and then loses them all. */
Test(path, matters_in_flight_stay_put_and_pass_up_never_goes_down)
{
    Net net;
    int crossings = 0, losses = 0;
    for (uint64_t seed = 1; seed <= 1500; seed++) {
        generate(&net, seed);
        GovThresholds t = random_thresholds();
        int m = -1;
        for (int i = 0; i < net.n && m < 0; i++)
            if (str_eq(net.p[i].kind, "metro") && net.p[i].active < t.metro) m = i;
        if (m < 0) continue;
        int idx[8], steps[8];
        PathPlace chain[8];
        int n = chain_of(&net, m, idx, chain);
        int k = gov_path(chain, n, &t, steps);
        int holder = k > 0 ? idx[steps[0]] : -1;   /* the place of the committee that took the matter (-1: the board) */
        cr_assert_neq(holder, m, "a sparse metro is not its own first step");
        for (int64_t grow = net.p[m].active; grow <= t.metro + 2; grow++) {
            net.p[m].active = grow;
            n = chain_of(&net, m, idx, chain);
            k = gov_path(chain, n, &t, steps);
            if (grow >= t.metro) {
                cr_assert(k > 0 && idx[steps[0]] == m, "seed %llu: a matter leaving now goes to the metro that became dense", (unsigned long long)seed);
                crossings += grow == t.metro;
            }
            if (holder < 0) continue;   /* the board holds it: nothing above */
            int hidx[8];
            PathPlace hchain[8];
            int hn = chain_of(&net, holder, hidx, hchain);
            int next = gov_next_step(hchain, hn, &t);
            /* the matter stays with its committee; passing it up goes strictly above it, never to the metro below */
            cr_assert(next != 0, "seed %llu: passing up moves the matter", (unsigned long long)seed);
            if (next > 0) cr_assert_neq(hidx[next], m, "seed %llu: never down to the metro", (unsigned long long)seed);
        }
        /* the metro took a matter while dense, then loses its chapters: its committee keeps it and passes it up */
        int64_t had = net.p[m].active;
        for (int64_t shrink = had; shrink >= 0; shrink--) {
            net.p[m].active = shrink;
            int hidx[8];
            PathPlace hchain[8];
            int hn = chain_of(&net, m, hidx, hchain);
            int next = gov_next_step(hchain, hn, &t);
            if (next > 0) {
                cr_assert(gov_dense(&t, &hchain[next]), "seed %llu: to a dense place", (unsigned long long)seed);
                cr_assert_gt(hchain[next].active, hchain[0].active);
                for (int j = 1; j < next; j++)
                    cr_assert(!gov_dense(&t, &hchain[j]) || hchain[j].active <= hchain[0].active, "seed %llu: the nearest one",
                              (unsigned long long)seed);
            } else {
                for (int j = 1; j < hn; j++)
                    cr_assert(!gov_dense(&t, &hchain[j]) || hchain[j].active <= hchain[0].active, "seed %llu: the board only when no place above is a step",
                              (unsigned long long)seed);
            }
            losses += shrink == 0;
        }
    }
    cr_assert_gt(crossings, 500, "enough crossings were simulated (%d)", crossings);
    cr_assert_gt(losses, 500, "enough losses were simulated (%d)", losses);
}

/* The demo network's cities, with the default thresholds and with 3 / 5 / 8. */
Test(path, worked_examples)
{
    GovThresholds def = { GOV_METRO_MIN_DEFAULT, GOV_REGION_MIN_DEFAULT, GOV_COUNTRY_MIN_DEFAULT };
    cr_assert_eq(def.metro, 3);
    int steps[8];
    /* Lisbon (4) in Lisboa (4) in Portugal (6): Lisbon committee -> Portugal committee -> Board */
    PathPlace lisbon[] = { { 1, "metro", 4 }, { 2, "region", 4 }, { 3, "country", 6 } };
    cr_assert_eq(gov_path(lisbon, 3, &def, steps), 2);
    cr_assert_eq(steps[0], 0);
    cr_assert_eq(steps[1], 2, "Lisboa has the same four chapters: skipped");
    /* Porto (2) in Norte (2) in Portugal (6): Portugal committee -> Board */
    PathPlace porto[] = { { 4, "metro", 2 }, { 5, "region", 2 }, { 3, "country", 6 } };
    cr_assert_eq(gov_path(porto, 3, &def, steps), 1);
    cr_assert_eq(steps[0], 2);
    /* Nairobi (3) is Kenya's only city: Nairobi committee -> Board */
    PathPlace nairobi[] = { { 6, "metro", 3 }, { 7, "region", 3 }, { 8, "country", 3 } };
    cr_assert_eq(gov_path(nairobi, 3, &def, steps), 1);
    cr_assert_eq(steps[0], 0);
    /* a metro right under its country (no region) */
    PathPlace direct[] = { { 9, "metro", 1 }, { 10, "country", 3 } };
    cr_assert_eq(gov_path(direct, 2, &def, steps), 1);
    cr_assert_eq(steps[0], 1);
    cr_assert_eq(gov_next_step(direct, 2, &def), 1, "a metro's committee passes up to the country");
    /* with 3 / 5 / 8, Lisbon goes straight to the board after its own committee */
    GovThresholds wide = { 3, 5, 8 };
    cr_assert_eq(gov_path(lisbon, 3, &wide, steps), 1);
    cr_assert_eq(gov_next_step(lisbon, 3, &wide), -1);
    PathPlace sf[] = { { 11, "metro", 3 }, { 12, "region", 5 }, { 13, "country", 8 } };
    cr_assert_eq(gov_path(sf, 3, &wide, steps), 3);
    /* an unknown kind is never dense; nothing is a step with no chain */
    PathPlace odd[] = { { 14, "planet", 99 } };
    cr_assert_eq(gov_path(odd, 1, &def, steps), 0);
    cr_assert_eq(gov_next_step(odd, 0, &def), -1);
}

Test(path, thresholds_are_checked_at_their_fields)
{
    Arena a;
    arena_init(&a, 512);
    FieldErrs list = { &a, NULL, 0 };
    GovThresholds bad = { 0, 1001, 3 };
    gov_thresholds_problems(&bad, &list);
    cr_assert_eq(list.n, 2);
    cr_assert_str_eq(list.at[0].field, "gov_metro_min");
    cr_assert_str_eq(list.at[1].field, "gov_region_min");
    cr_assert(strstr(list.at[0].msg, "from 1 to 1000"), "%s", list.at[0].msg);
    list = (FieldErrs){ &a, NULL, 0 };
    GovThresholds ok = { 1, 1000, 3 };
    gov_thresholds_problems(&ok, &list);
    cr_assert_eq(list.n, 0);
    arena_release(&a);
}

/* ---------- who may do what to a matter (rules_matters.c) ---------- */

Test(matters, the_state_machine_says_who_and_when)
{
    Err e = { 0 };
    MatterState open = { "open", false, false, false, "Lisbon Fintech", NULL };
    MatterRel member = { .member = true }, raiser = { .member = true, .raiser = true }, connector = { .member = true, .connector = true };
    MatterRel admin = { .admin = true }, seated = { .seated = true, .reached = true }, stranger = { 0 };
    cr_assert_eq(matter_may(MA_NOTE_CHAPTER, &open, &member, &e), 0);
    cr_assert_eq(matter_may(MA_NOTE_CHAPTER, &open, &admin, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(matter_may(MA_SUMMARISE, &open, &member, &e), -1);
    cr_assert_eq(matter_may(MA_SUMMARISE, &open, &raiser, &e), 0);
    cr_assert_eq(matter_may(MA_SUMMARISE, &open, &connector, &e), 0);
    cr_assert_eq(matter_may(MA_ESCALATE, &open, &connector, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "summary first"), "%s", e.msg);
    MatterState written = open;
    written.has_summary = true;
    cr_assert_eq(matter_may(MA_ESCALATE, &written, &connector, &e), -1);
    cr_assert(strstr(e.msg, "approval"), "%s", e.msg);
    cr_assert_eq(matter_may(MA_APPROVE, &written, &connector, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(matter_may(MA_APPROVE, &written, &raiser, &e), 0);
    MatterState approved = written;
    approved.approved = true;
    cr_assert_eq(matter_may(MA_APPROVE, &approved, &raiser, &e), -1);
    cr_assert_eq(matter_may(MA_ESCALATE, &approved, &raiser, &e), -1, "the raiser who is no connector does not escalate");
    cr_assert_eq(matter_may(MA_ESCALATE, &approved, &connector, &e), 0);
    cr_assert_eq(matter_may(MA_WITHDRAW, &open, &connector, &e), -1);
    cr_assert_eq(matter_may(MA_WITHDRAW, &open, &raiser, &e), 0);
    cr_assert_eq(matter_may(MA_RESOLVE, &open, &connector, &e), 0);
    cr_assert_eq(matter_may(MA_DECIDE, &open, &seated, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT, "nothing to decide while it is in the chapter");

    MatterState held = { "escalated", true, true, false, "Lisbon Fintech", "Lisbon committee" };
    cr_assert_eq(matter_may(MA_DECIDE, &held, &seated, &e), 0);
    cr_assert_eq(matter_may(MA_DECIDE, &held, &admin, &e), 0);
    cr_assert_eq(matter_may(MA_DECIDE, &held, &connector, &e), -1);
    cr_assert(strstr(e.msg, "Only members of the committee"), "%s", e.msg);
    cr_assert_eq(matter_may(MA_PASS_UP, &held, &seated, &e), 0);
    cr_assert_eq(matter_may(MA_NOTE_COMMITTEE, &held, &seated, &e), 0);
    cr_assert_eq(matter_may(MA_NOTE_COMMITTEE, &held, &member, &e), -1);
    cr_assert_eq(matter_may(MA_NOTE_CHAPTER, &held, &member, &e), 0, "the chapter goes on talking about it");
    cr_assert_eq(matter_may(MA_RESOLVE, &held, &connector, &e), -1);
    cr_assert(strstr(e.msg, "with the Lisbon committee"), "%s", e.msg);
    cr_assert_eq(matter_may(MA_WITHDRAW, &held, &raiser, &e), -1);
    MatterState board = held;
    board.at_board = true;
    cr_assert_eq(matter_may(MA_PASS_UP, &board, &admin, &e), -1);
    cr_assert(strstr(e.msg, "last step"), "%s", e.msg);
    MatterState done = held;
    done.status = "decided";
    cr_assert_eq(matter_may(MA_SETTLE, &done, &stranger, &e), -1);
    cr_assert_eq(matter_may(MA_SETTLE, &held, &stranger, &e), 0);
    cr_assert_eq(matter_may(MA_NOTE_CHAPTER, &done, &member, &e), -1);
}

Test(matters, what_each_caller_sees)
{
    MatterState open = { "open", true, true, false, "Lisbon Fintech", NULL };
    MatterState held = { "escalated", true, true, false, "Lisbon Fintech", "Lisbon committee" };
    MatterState settled_here = { "decided", false, false, false, "Lisbon Fintech", NULL };
    MatterRel member = { .member = true }, raiser = { .raiser = true }, admin = { .admin = true };
    MatterRel reached = { .reached = true }, stranger = { 0 };
    cr_assert_str_eq(matter_view(&open, &member), "chapter");
    cr_assert_str_eq(matter_view(&open, &raiser), "chapter", "whoever raised it, even after leaving the chapter");
    cr_assert_null(matter_view(&open, &admin), "administrators see nothing while it is in the chapter");
    cr_assert_null(matter_view(&open, &reached));
    cr_assert_str_eq(matter_view(&held, &reached), "committee");
    cr_assert_str_eq(matter_view(&held, &admin), "committee");
    cr_assert_null(matter_view(&held, &stranger));
    cr_assert_null(matter_view(&settled_here, &admin), "a matter the chapter settled itself never left it");
}

Test(matters, fields_are_checked)
{
    Arena a;
    arena_init(&a, 512);
    FieldErrs list = { &a, NULL, 0 };
    char *long_title = repeat("é", 141);
    matter_raise_problems(long_title, "", "gossip", &list);
    cr_assert_eq(list.n, 3);
    cr_assert_str_eq(list.at[0].field, "title");
    cr_assert_str_eq(list.at[1].field, "kind");
    cr_assert_str_eq(list.at[2].field, "body");
    free(long_title);
    list = (FieldErrs){ &a, NULL, 0 };
    matter_raise_problems("A quarrel", "About a client", "conflict", &list);
    cr_assert_eq(list.n, 0);
    matter_summary_problems("", "x", &list);
    cr_assert_eq(list.n, 1);
    cr_assert_str_eq(list.at[0].field, "summary_title");
    list = (FieldErrs){ &a, NULL, 0 };
    matter_text_problems("", "note", "reason", 10, false, &list);
    cr_assert_eq(list.n, 0, "an optional text may be empty");
    matter_text_problems("eleven char", "note", "reason", 10, false, &list);
    cr_assert_eq(list.n, 1);
    cr_assert_str_eq(matter_kind_label("resources"), "A request for resources");
    cr_assert_str_eq(matter_status_label("escalated"), "With a committee");
    arena_release(&a);
}

/* ---------- the operations, on a database ---------- */

static DbConn *c;
static Arena arena;
static int serial;

static FieldErrs *fresh(void)
{
    static FieldErrs list;
    list = (FieldErrs){ &arena, NULL, 0 };
    return &list;
}

static int64_t user(const char *name)
{
    return test_user_make(c, &arena, arena_printf(&arena, "u%d@test.example", ++serial), name, false);
}

/* A place of any kind under any parent (a metro right under its country too). */
static int64_t place(int64_t parent, const char *kind, const char *name)
{
    return test_place_make(c, &arena, parent, kind, name);
}

static void set_status(int64_t id, int64_t metro, const char *status)
{
    Err e = { 0 };
    ChapterFields f = { arena_printf(&arena, "Chapter %lld", (long long)id), NULL, "", status, "open", metro, 0, 12 };
    cr_assert_eq(chapter_change(c, &e, id, &f, fresh()), 0, "%s", e.msg);
}

/* A chapter in `metro` run by `connector`, with the given status. */
static int64_t chapter_in(int64_t metro, int64_t connector, const char *status)
{
    Err e = { 0 };
    int64_t id = 0;
    ChapterFields f = { arena_printf(&arena, "Chapter %d", ++serial), "", "", "forming", "open", metro, 0, 12 };
    cr_assert_eq(chapter_start(c, &e, &arena, &f, connector, fresh(), &id), 0, "%s", e.msg);
    if (!str_eq(status, "forming")) set_status(id, metro, status);
    return id;
}

typedef struct Join {
    int64_t chapter, user;
} Join;

static int join_tx(DbConn *conn, void *ctx, Err *e)
{
    Join *j = ctx;
    return membership_add(conn, e, j->chapter, j->user, "member", j->user);
}

static void join(int64_t chapter, int64_t who)
{
    Err e = { 0 };
    Join j = { chapter, who };
    cr_assert_eq(db_write(c, join_tx, &j, &e), 0, "%s", e.msg);
}

static const char *const k_status[] = { "forming", "dormant", "closed" };

static int64_t raised(int64_t chapter, int64_t by, const char *title)
{
    Err e = { 0 };
    MatterRaise m = { chapter, by, title, "What was said at the table.", "rule", 0 };
    cr_assert_eq(matter_raise(c, &e, &m, fresh()), 0, "%s", e.msg);
    return m.id;
}

static MatterAction act(int64_t matter, int64_t by, const char *text)
{
    return (MatterAction){ .matter_id = matter, .by = by, .text = text, .public_url = "https://glocal.test", .now = now_unix() };
}

/* The raiser writes (and so approves) the summary; the connector escalates: the committee's id. */
static int64_t escalated(int64_t matter, int64_t raiser, int64_t connector)
{
    Err e = { 0 };
    MatterAction s = act(matter, raiser, "A summary that may travel");
    s.title = "SUMMARY title";
    cr_assert_eq(matter_summarise(c, &e, &s, fresh()), 0, "%s", e.msg);
    MatterAction x = act(matter, connector, NULL);
    cr_assert_eq(matter_escalate(c, &e, &x), 0, "%s", e.msg);
    return x.committee_id;
}

static int64_t committee_of(const char *key)
{
    Err e = { 0 };
    json_t *g = NULL;
    cr_assert_eq(committee_find(c, &e, key, &g), 1, "%s %s", key, e.msg);
    int64_t id = json_integer_value(json_object_get(g, "id"));
    json_decref(g);
    return id;
}

static int64_t holder(int64_t matter, int64_t who, bool admin)
{
    Err e = { 0 };
    json_t *v = NULL;
    MatterRel rel;
    cr_assert_eq(matter_visible(c, &e, matter, who, admin, now_unix(), &v, &rel), 1, "%s", e.msg);
    int64_t id = json_integer_value(json_object_get(v, "committee_id"));
    json_decref(v);
    return id;
}

static const char *first_key(int64_t metro)
{
    Err e = { 0 };
    json_t *path = gov_path_of_metro(c, &e, metro);
    cr_assert_not_null(path, "%s", e.msg);
    const char *key = arena_strdup(&arena, json_string_value(json_object_get(json_array_get(path, 0), "key")));
    json_decref(path);
    return key;
}

/* Generated networks written to the database: the path each chapter page
 * shows (worked out with the database's bounded questions) and where each
 * committee passes a matter up are the ones the rule gives over the counts. */
static void generated_on_a_database(int64_t connector)
{
    Err e = { 0 };
    int compared = 0, steps_seen = 0, above_seen = 0;
    for (uint64_t seed = 101; seed <= 112; seed++) {
        Net net;
        generate(&net, seed);
        int64_t id[MAXP];
        const char *slug[MAXP];
        for (int i = 0; i < net.n; i++) {
            const char *name = arena_printf(&arena, "G%llu %s %d", (unsigned long long)seed, net.p[i].kind, i);
            id[i] = place(net.p[i].parent < 0 ? 0 : id[net.p[i].parent], net.p[i].kind, name);
            slug[i] = str_slugify(&arena, name);
            if (!str_eq(net.p[i].kind, "metro")) continue;
            if (net.p[i].active > 3) net.p[i].active = 3;   /* a few chapters are enough to cross and miss thresholds */
            for (int k = 0; k < net.p[i].active; k++) chapter_in(id[i], connector, "active");
            if (net.p[i].has_chapters) chapter_in(id[i], connector, k_status[seed % 3]);
        }
        /* thresholds that make every case of the rule happen: wider places needing more, fewer, the same */
        static const GovThresholds sets[] = { { 2, 5, 3 }, { 1, 4, 2 }, { 3, 3, 3 }, { 2, 2, 6 }, { 1, 1, 1 }, { 3, 6, 2 } };
        GovSettings gs = { sets[seed % 6], NULL };
        cr_assert_eq(gov_settings_save(c, &e, &gs, fresh()), 0, "%s", e.msg);
        for (int i = 0; i < net.n; i++) {
            if (!str_eq(net.p[i].kind, "metro")) continue;
            int idx[8], steps[8];
            PathPlace chain[8];
            int n = chain_of(&net, i, idx, chain);
            int k = gov_path(chain, n, &gs.t, steps);
            json_t *path = gov_path_of_metro(c, &e, id[i]);
            cr_assert_not_null(path, "%s", e.msg);
            cr_assert_eq(json_array_size(path), (size_t)k + 1, "seed %llu metro %d: the length of the path", (unsigned long long)seed, i);
            for (int s2 = 0; s2 < k; s2++)
                cr_assert_str_eq(json_string_value(json_object_get(json_array_get(path, (size_t)s2), "key")), slug[idx[steps[s2]]],
                                 "seed %llu metro %d: step %d", (unsigned long long)seed, i, s2);
            json_decref(path);
            compared++;
            steps_seen += k;
            for (int s2 = 0; s2 < k; s2++) {
                above_seen += s2 + 1 < k;
                int64_t next = 0;
                int at = idx[steps[s2]];
                cr_assert_eq(gov_step_above(c, &e, id[at], &next), 0, "%s", e.msg);
                int want = s2 + 1 < k ? idx[steps[s2 + 1]] : -1;
                cr_assert_eq(next, want < 0 ? 0 : id[want], "seed %llu: passing up from place %d", (unsigned long long)seed, at);
            }
        }
    }
    fprintf(stderr, "generated on the database: %d paths, %d steps, %d passed up to a place\n", compared, steps_seen, above_seen);
    cr_assert_gt(compared, 60);
    cr_assert_gt(above_seen, 20);
}

typedef struct Record {
    const DecisionIn *in;
    int64_t id;
} Record;

static int record_tx(DbConn *conn, void *ctx, Err *e)
{
    Record *r = ctx;
    return decision_record(conn, e, r->in, &r->id) < 0 ? -1 : 0;
}

/* A decision record made in a transaction of its own, as a closing poll would make it. */
static int64_t recorded(const DecisionIn *in)
{
    Err e = { 0 };
    Record r = { in, 0 };
    cr_assert_eq(db_write(c, record_tx, &r, &e), 0, "%s", e.msg);
    return r.id;
}

static void scenario(const char *url)
{
    Db *db = NULL;
    Err e = { 0 };
    log_level = getenv("GOV_LOG") ? 3 : -1;
    cr_assert_eq(db_open(&db, url, &e), 0, "db_open(%s): %s", url, e.msg);
    cr_assert_geq(db_migrate(db, false, &e), 0, "%s", e.msg);
    c = db_acquire(db, &e);
    cr_assert_not_null(c, "%s", e.msg);
    arena_init(&arena, 4096);

    /* Patria: Lisa (2 active) in Litoral, Porta (1 active) in Norte: only the country (3) is dense */
    int64_t patria = place(0, "country", "Patria"), litoral = place(patria, "region", "Litoral");
    int64_t norte = place(patria, "region", "Norte"), lisa = place(litoral, "metro", "Lisa"), porta = place(norte, "metro", "Porta");
    int64_t ca = user("Cara Connector"), cb = user("Caio Connector"), cc = user("Cleo Connector");
    int64_t ra = user("Rui Raiser"), rb = user("Rita Raiser"), pm = user("Paula Patria"), lm = user("Lia Lisa");
    int64_t a1 = chapter_in(lisa, ca, "active"), a2 = chapter_in(lisa, cc, "active"), b1 = chapter_in(porta, cb, "active");
    (void)a2;
    join(a1, ra);
    join(b1, rb);
    cr_assert_str_eq(first_key(lisa), "patria");
    int64_t m1 = raised(a1, ra, "CHAPTER-TITLE of m1");
    MatterAction note = act(m1, ra, "CHAPTER-NOTE of m1");
    cr_assert_eq(matter_note(c, &e, &note, fresh()), 0, "%s", e.msg);
    cr_assert_eq(escalated(m1, ra, ca), committee_of("patria"), "a sparse city: the country's committee");
    CommitteeAppoint ap = { .committee_id = committee_of("patria"), .user_id = pm, .now = now_unix() };
    cr_assert_eq(committee_appoint(c, &e, &ap), 0, "%s", e.msg);
    cr_assert_str_eq(ap.name, "Paula Patria");

    /* what the committee member sees: the summary, never the chapter's words */
    json_t *v = NULL, *steps = NULL;
    MatterRel rel;
    cr_assert_eq(matter_visible(c, &e, m1, pm, false, now_unix(), &v, &rel), 1, "%s", e.msg);
    cr_assert_str_eq(json_string_value(json_object_get(v, "view")), "committee");
    cr_assert_null(json_object_get(v, "title"));
    cr_assert_null(json_object_get(v, "body"));
    cr_assert_str_eq(json_string_value(json_object_get(v, "summary_title")), "SUMMARY title");
    char *all = json_dumps(v, 0);
    steps = matter_steps(c, &e, m1, "committee");
    char *all_steps = json_dumps(steps, 0);
    cr_assert_null(strstr(all, "CHAPTER-"), "%s", all);
    cr_assert_null(strstr(all_steps, "CHAPTER-"), "%s", all_steps);
    free(all);
    free(all_steps);
    json_decref(v);
    json_decref(steps);
    cr_assert(rel.seated && rel.reached && !rel.member);
    cr_assert_eq(matter_visible(c, &e, m1, lm, false, now_unix(), &v, &rel), 0, "a stranger sees nothing");

    /* Lisa crosses its threshold: the matter in flight stays with Patria; new ones go to Lisa */
    int64_t a3 = chapter_in(lisa, cc, "active");
    cr_assert_str_eq(first_key(lisa), "lisa");
    cr_assert_eq(holder(m1, ra, false), committee_of("patria"));
    int64_t m2 = raised(a1, ra, "m2"), m3 = raised(a1, ra, "m3");
    cr_assert_eq(escalated(m2, ra, ca), committee_of("lisa"));
    cr_assert_eq(escalated(m3, ra, ca), committee_of("lisa"));
    MatterAction up = act(m2, 0, "It concerns the whole country.");
    up.admin = true;
    cr_assert_eq(matter_pass_up(c, &e, &up, fresh()), 0, "%s", e.msg);
    cr_assert_eq(up.committee_id, committee_of("patria"), "Litoral has Lisa's chapters and no more: Patria is next");
    MatterAction up1 = act(m1, pm, "");
    cr_assert_eq(matter_pass_up(c, &e, &up1, fresh()), 0, "%s", e.msg);
    cr_assert_eq(up1.committee_id, committee_of("board"), "from the country up, never down to Lisa");
    MatterAction refused = act(m3, pm, "");
    cr_assert_eq(matter_pass_up(c, &e, &refused, fresh()), -1, "Patria's member does not act on Lisa's matter");
    cr_assert_eq(e.code, E_NOT_FOUND, "nor see it");

    /* Lisa loses its density: its committee keeps m3 and passes it to the nearest step above */
    set_status(a3, lisa, "dormant");
    cr_assert_str_eq(first_key(lisa), "patria");
    cr_assert_eq(holder(m3, ra, false), committee_of("lisa"));
    CommitteeAppoint al = { .committee_id = committee_of("lisa"), .user_id = lm, .now = now_unix() };
    cr_assert_eq(committee_appoint(c, &e, &al), 0, "%s", e.msg);
    MatterAction up3 = act(m3, lm, NULL);
    cr_assert_eq(matter_pass_up(c, &e, &up3, fresh()), 0, "%s", e.msg);
    cr_assert_eq(up3.committee_id, committee_of("patria"));

    /* a committee decides: a decision record, the matter decided, the chapter side told */
    MatterAction d = act(m3, pm, "Patria decides this.");
    cr_assert_eq(matter_decide(c, &e, &d, fresh()), 0, "%s", e.msg);
    json_t *rec = NULL;
    cr_assert_eq(decision_get(c, &e, d.decision_id, &rec), 1, "%s", e.msg);
    cr_assert_str_eq(json_string_value(json_object_get(rec, "source")), "matter");
    cr_assert_str_eq(json_string_value(json_object_get(rec, "title")), "SUMMARY title");
    cr_assert_eq(json_integer_value(json_object_get(rec, "matter_id")), m3);
    json_decref(rec);

    /* matter_settle: a chapter's proposal about an open matter; then a committee's about an escalated one */
    int64_t m4 = raised(b1, rb, "m4");
    DecisionIn chd = { .chapter_id = b1, .place_id = porta, .matter_id = m4, .source = "proposal", .source_id = 1,
                       .title = "Porta decides", .statement = "We share the client.", .decided_at = now_unix() };
    int64_t did = recorded(&chd);
    cr_assert_eq(matter_settle(c, &e, m4, did, rb, now_unix()), 0, "%s", e.msg);
    cr_assert_eq(matter_visible(c, &e, m4, rb, false, now_unix(), &v, &rel), 1);
    cr_assert_str_eq(json_string_value(json_object_get(v, "status")), "decided");
    cr_assert_eq(json_integer_value(json_object_get(v, "decision_id")), did);
    cr_assert_str_eq(json_string_value(json_object_get(v, "resolution")), "We share the client.");
    json_decref(v);
    cr_assert_eq(matter_visible(c, &e, m4, pm, true, now_unix(), &v, &rel), 0, "settled in the chapter: it never left it");
    cr_assert_eq(matter_settle(c, &e, m4, did, rb, now_unix()), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    int64_t m5 = raised(b1, rb, "m5");
    cr_assert_eq(escalated(m5, rb, cb), committee_of("patria"));
    DecisionIn cmd = { .committee_id = committee_of("patria"), .place_id = patria, .matter_id = m5, .source = "proposal",
                       .source_id = 2, .title = "Patria votes", .statement = "Agreed by proposal.", .decided_at = now_unix() };
    did = recorded(&cmd);
    cr_assert_eq(matter_settle(c, &e, m5, did, pm, now_unix()), 0, "%s", e.msg);
    steps = matter_steps(c, &e, m5, "committee");
    json_t *last = json_array_get(steps, json_array_size(steps) - 1);
    cr_assert_str_eq(json_string_value(json_object_get(last, "action")), "settled");
    cr_assert_str_eq(json_string_value(json_object_get(last, "scope")), "committee", "the committee's members see how it ended");
    json_decref(steps);
    json_t *outbox = outbox_recent(c, &e, 100, 0);
    int decided = 0, reached = 0;
    size_t i;
    json_t *msg;
    json_array_foreach(outbox, i, msg) {
        const char *kind = json_string_value(json_object_get(msg, "kind"));
        const char *body = json_string_value(json_object_get(msg, "body"));
        decided += str_eq(kind, "gov_matter_decided");
        reached += str_eq(kind, "gov_matter_reached");
        cr_assert_null(strstr(body ? body : "", "CHAPTER-"), "the outbox carries no chapter words: %s", body);
    }
    cr_assert_eq(decided, 6, "m3, m4 and m5: each to its raiser and its chapter's connector");
    cr_assert_eq(reached, 3, "m2, m3 and m5 reached Paula's committee (no one else sits anywhere, and there is no administrator)");
    json_decref(outbox);

    /* a city right under its country (no region), and thresholds from the settings */
    int64_t isla = place(0, "country", "Isla"), puerto = place(isla, "metro", "Puerto");
    chapter_in(puerto, user("Ivo"), "active");
    cr_assert_str_eq(first_key(puerto), "board");
    GovSettings gs = { { 1, 3, 3 }, "members" };
    cr_assert_eq(gov_settings_save(c, &e, &gs, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(first_key(puerto), "puerto");
    cr_assert_str_eq(gov_committee_electorate(c, &arena), "members");
    GovSettings bad = { { 0, 3, 3 }, "all" };
    cr_assert_eq(gov_settings_save(c, &e, &bad, fresh()), -1);
    cr_assert_eq(e.code, E_INVALID);

    /* a country whose chapters are all in one region adds nobody above it (thresholds 1 / 3 / 3 now) */
    int64_t uno = place(0, "country", "Uno"), solo = place(uno, "region", "Solo");
    int64_t alfa = place(solo, "metro", "Alfa"), beta = place(solo, "metro", "Beta"), ivo = user("Ina");
    chapter_in(alfa, ivo, "active");
    chapter_in(alfa, ivo, "active");
    chapter_in(beta, ivo, "active");
    json_t *path = gov_path_of_metro(c, &e, alfa);
    cr_assert_eq(json_array_size(path), 3);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(path, 0), "key")), "alfa");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(path, 1), "key")), "solo", "Solo adds Beta's chapter");
    json_decref(path);
    int64_t above = -1;
    cr_assert_eq(gov_step_above(c, &e, solo, &above), 0);
    cr_assert_eq(above, 0, "Uno has no chapter outside Solo: the board is next");
    generated_on_a_database(user("Gen Connector"));
    arena_release(&arena);
    db_release(c);
    db_close(db);
}

Test(operations, matters_follow_the_path_on_a_database)
{
    TestDb t;
    test_db_make(&t);
    scenario(t.url);
    test_db_remove(&t);
}
