/* test_gov_count.c - the counts of src/governance/count.c (pure, no database):
 * STV against published counts (the Wikipedia example, two counts of the
 * Highland Council), its edge cases and ties, approval, the BLT format, the
 * time a large count takes, and a differential test against Debian's
 * belenios-tool over random elections (the same winners, and the same
 * elections and exclusions in the same order). */
#include "testutil.h"

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "base/buf.h"
#include "governance/governance.h"

/* ---------- ballot boxes built in tests ---------- */

typedef struct Box {
    int C, S;
    size_t n, cap, np, capp;
    int32_t *prefs;
    uint32_t *start;
    const char *const *names;
} Box;

static void box_init(Box *b, int C, int S, const char *const *names)
{
    memset(b, 0, sizeof *b);
    b->C = C;
    b->S = S;
    b->names = names;
    b->cap = 64;
    b->start = calloc(b->cap, sizeof *b->start);
}

static void box_add(Box *b, const int32_t *p, size_t len)
{
    if (b->n + 2 > b->cap) b->start = realloc(b->start, (b->cap *= 2) * sizeof *b->start);
    while (b->np + len > b->capp) b->prefs = realloc(b->prefs, (b->capp = b->capp ? b->capp * 2 : 64) * sizeof *b->prefs);
    if (len) memcpy(b->prefs + b->np, p, len * sizeof *p);
    b->np += len;
    b->start[++b->n] = (uint32_t)b->np;
}

/* Ballots from a list like "4 A, 2 BA, 1 -": four ballots for A alone, two
 * ranking B then A, one empty (candidates lettered A, B, C... in order). */
static void box_ballots(Box *b, const char *spec)
{
    int32_t p[32];
    for (const char *s = spec; *s;) {
        char *end;
        long times = strtol(s, &end, 10);
        size_t len = 0;
        for (s = end + 1; *s && *s != ','; s++)
            if (*s != '-') p[len++] = *s - 'A';
        for (long k = 0; k < times; k++) box_add(b, p, len);
        while (*s == ',' || *s == ' ') s++;
    }
}

static CountInput box_in(const Box *b)
{
    return (CountInput){ .candidates = b->C, .seats = b->S, .n = b->n, .prefs = b->prefs, .start = b->start,
                         .names = b->names };
}

static void box_free(Box *b)
{
    free(b->prefs);
    free(b->start);
}

static json_t *count(const Box *b)
{
    CountInput in = box_in(b);
    Err e = { 0 };
    json_t *r = stv_count(&in, &e);
    cr_assert_not_null(r, "stv_count: %s", e.msg);
    return r;
}

/* The STV count of ballots given as box_ballots reads them. */
static json_t *count_of(int C, int S, const char *const *names, const char *spec)
{
    Box b;
    box_init(&b, C, S, names);
    box_ballots(&b, spec);
    json_t *r = count(&b);
    box_free(&b);
    return r;
}

static json_t *round_at(json_t *r, int i)
{
    json_t *x = json_array_get(json_object_get(r, "rounds"), (size_t)i - 1);
    cr_assert_not_null(x, "round %d", i);
    return x;
}

static const char *tally(json_t *r, int round, int c)
{
    return json_string_value(json_array_get(json_object_get(round_at(r, round), "tallies"), (size_t)c));
}

/* The JSON array a as text, e.g. "[2, 0, 3]", to compare with what a count should give. */
static char *ints(json_t *a)
{
    return json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
}

#define ASSERT_INTS(a, text) do { char *s_ = ints(a); cr_assert_str_eq(s_, text); free(s_); } while (0)

/* ---------- published counts, rebuilt ---------- */

/* A count as published (first preferences, then what each stage moved from
 * whom to whom) turned back into ballots: a ballot moved from X to Y gets Y
 * as its next preference. Ballots leave a pile in the order they arrived;
 * those that stay in a pile when its candidate leaves the count are the
 * published non-transferable ones. */
typedef struct Story {
    int C;
    int nb;
    int32_t (*pref)[12];
    int *len;
    int *pile[12];
    int npile[12], taken[12];
} Story;

static void story_init(Story *s, int C, const int *first)
{
    memset(s, 0, sizeof *s);
    s->C = C;
    int total = 0;
    for (int c = 0; c < C; c++) total += first[c];
    s->pref = calloc((size_t)total, sizeof *s->pref);
    s->len = calloc((size_t)total, sizeof *s->len);
    for (int c = 0; c < C; c++) s->pile[c] = calloc((size_t)total, sizeof(int));
    for (int c = 0; c < C; c++)
        for (int k = 0; k < first[c]; k++) {
            s->pref[s->nb][s->len[s->nb]++] = c;
            s->pile[c][s->npile[c]++] = s->nb++;
        }
}

static void story_move(Story *s, int from, int to, int count)
{
    for (int k = 0; k < count; k++) {
        cr_assert_lt(s->taken[from], s->npile[from]);
        int id = s->pile[from][s->taken[from]++];
        s->pref[id][s->len[id]++] = to;
        s->pile[to][s->npile[to]++] = id;
    }
}

/* The STV count of a published count turned back into ballots. */
static json_t *story_count(int C, int S, const char *const *names, const int *first, const int (*moves)[3],
                           size_t nmoves)
{
    Story s;
    story_init(&s, C, first);
    for (size_t m = 0; m < nmoves; m++) story_move(&s, moves[m][0], moves[m][1], moves[m][2]);
    Box b;
    box_init(&b, C, S, names);
    for (int i = 0; i < s.nb; i++) box_add(&b, s.pref[i], (size_t)s.len[i]);
    for (int c = 0; c < C; c++) free(s.pile[c]);
    free(s.pref);
    free(s.len);
    json_t *r = count(&b);
    box_free(&b);
    return r;
}

/* Each round's tallies against the published stages (rows of C votes):
 * exactly, or rounded to whole votes as published. */
static void check_stages(json_t *r, const int *stages, int rows, int C, const char *const *names, bool exact)
{
    for (int st = 0; st < rows; st++)
        for (int c = 0; c < C; c++) {
            const char *got = tally(r, st + 1, c);
            double v = strtod(got, NULL);
            cr_assert(exact ? v == stages[st * C + c] && !strchr(got, '.') : (long)(v + 0.5) == stages[st * C + c],
                      "stage %d, %s: %s, published %d", st + 1, names[c], got, stages[st * C + c]);
        }
}

/* Wikipedia, "Single transferable vote", section "Example" (the food
 * election): 20 guests, 3 of 5 foods, Droop quota 6. Chocolate is elected
 * with 12, its surplus of 6 passes on at half value (4 to Strawberries, 2 to
 * Hamburgers); Pears is excluded and gives Oranges exactly the quota;
 * Hamburgers is excluded; elected: Chocolate, Oranges, Strawberries. */
Test(stv, the_wikipedia_food_election)
{
    static const char *const names[] = { "Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers" };
    json_t *r = count_of(5, 3, names, "4 A, 2 BA, 8 CD, 4 CE, 1 D, 1 E");
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 6);
    cr_assert_eq(json_integer_value(json_object_get(r, "valid")), 20);
    ASSERT_INTS(json_object_get(r, "winners"), "[2,0,3]");
    ASSERT_INTS(json_object_get(round_at(r, 1), "tallies"), "[\"4\",\"2\",\"12\",\"1\",\"1\"]");
    ASSERT_INTS(json_object_get(round_at(r, 1), "elected"), "[2]");
    cr_assert(strstr(json_string_value(json_object_get(round_at(r, 1), "note")),
                     "Chocolate has 12 votes, over the quota, and is elected. The surplus of 6 passes on to the "
                     "next preferences, each ballot at 0.5 of its value."));
    ASSERT_INTS(json_object_get(round_at(r, 2), "tallies"), "[\"4\",\"2\",\"6\",\"5\",\"3\"]");
    ASSERT_INTS(json_object_get(round_at(r, 2), "eliminated"), "[1]");
    ASSERT_INTS(json_object_get(round_at(r, 3), "tallies"), "[\"6\",\"0\",\"6\",\"5\",\"3\"]");
    ASSERT_INTS(json_object_get(round_at(r, 3), "elected"), "[0]");
    ASSERT_INTS(json_object_get(round_at(r, 4), "eliminated"), "[4]");
    ASSERT_INTS(json_object_get(round_at(r, 5), "elected"), "[3]");
    cr_assert_eq(json_array_size(json_object_get(r, "rounds")), 5);
    cr_assert_eq(json_array_size(json_object_get(r, "ties")), 0);
    json_decref(r);
}

/* Highland Council, Inverness South by-election, 17 November 2011, one seat,
 * quota 1,304 of 2,607 valid votes: the stages as published (reported at
 * britainvotes.blogspot.com/2011/11/lib-dems-enjoy-shock-gain-in-highlands.html).
 * Only exclusions, all at full value, so every stage is reproduced exactly;
 * Carolyn Caddick wins by seven votes at the last stage, 1,091 to 1,084. */
Test(stv, a_highland_council_by_election)
{
    static const char *const names[] = { "Ken Gowans",    "Carolyn Caddick", "Katherine MacKenzie", "David Bonsor",
                                         "Gale Falconer", "Donald Boyd",     "David McGrath" };
    enum { GOW, CAD, MAC, BON, FAL, BOY, MCG };
    static const int first[] = { 885, 747, 308, 290, 157, 126, 94 };
    static const int moves[][3] = {
        { MCG, GOW, 18 }, { MCG, CAD, 14 }, { MCG, MAC, 11 }, { MCG, BON, 10 }, { MCG, FAL, 15 }, { MCG, BOY, 4 },
        { BOY, GOW, 19 }, { BOY, CAD, 16 }, { BOY, MAC, 8 },  { BOY, BON, 36 }, { BOY, FAL, 17 },
        { FAL, GOW, 45 }, { FAL, CAD, 53 }, { FAL, MAC, 30 }, { FAL, BON, 3 },
        { BON, GOW, 38 }, { BON, CAD, 141 }, { BON, MAC, 22 },
        { MAC, GOW, 79 }, { MAC, CAD, 120 },
    };
    static const int stages[][7] = {
        { 885, 747, 308, 290, 157, 126, 94 }, { 903, 761, 319, 300, 172, 130, 0 }, { 922, 777, 327, 336, 189, 0, 0 },
        { 967, 830, 357, 339, 0, 0, 0 },      { 1005, 971, 379, 0, 0, 0, 0 },     { 1084, 1091, 0, 0, 0, 0, 0 },
    };
    json_t *r = story_count(7, 1, names, first, moves, sizeof moves / sizeof *moves);
    cr_assert_eq(json_integer_value(json_object_get(r, "valid")), 2607);
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 1304);
    check_stages(r, stages[0], 6, 7, names, true);
    static const int out[] = { MCG, BOY, FAL, BON, MAC, GOW };
    for (int st = 0; st < 6; st++)
        cr_assert_eq(json_integer_value(json_array_get(json_object_get(round_at(r, st + 1), "eliminated"), 0)),
                     out[st], "round %d", st + 1);
    ASSERT_INTS(json_object_get(r, "winners"), "[1]");
    json_decref(r);
}

/* Highland Council election of 4 May 2017, ward 7 (Tain and Easter Ross),
 * three seats, quota 872 of 3,484 valid votes (the council's stage report;
 * the stages as Wikipedia's "Tain and Easter Ross (ward)" tabulates them,
 * rounded to whole votes): Skinner and Ferguson excluded, Fiona Robertson
 * elected with 903 (surplus 31), Derek Louden with 874 (surplus about 2),
 * Rhind excluded, Jamie Stone elected with 1,342. How many ballots each
 * surplus moved is not published, only the rounded votes: the numbers below
 * are chosen to give exactly those votes. */
Test(stv, a_highland_council_ward_with_surpluses)
{
    static const char *const names[] = { "Ron Ferguson",    "Derek Louden",   "Alasdair Rhind",
                                         "Fiona Robertson", "Sandra Skinner", "Jamie Stone" };
    enum { FER, LOU, RHI, ROB, SKI, STO };
    static const int first[] = { 558, 831, 569, 708, 139, 679 };
    static const int moves[][3] = {
        { SKI, FER, 25 }, { SKI, LOU, 16 }, { SKI, RHI, 18 }, { SKI, ROB, 43 }, { SKI, STO, 17 },
        { FER, LOU, 23 }, { FER, RHI, 135 }, { FER, ROB, 152 }, { FER, STO, 155 },
        { ROB, LOU, 117 }, { ROB, STO, 262 }, { ROB, RHI, 408 },     /* 31/903 of a vote each */
        { LOU, STO, 433 },                                           /* 2.017/874.017 each */
        { RHI, STO, 481 },
    };
    static const int stages[][6] = {
        { 558, 831, 569, 708, 139, 679 }, { 583, 847, 587, 751, 0, 696 }, { 0, 870, 722, 903, 0, 851 },
        { 0, 874, 736, 872, 0, 860 },     { 0, 872, 736, 872, 0, 861 },   { 0, 872, 0, 872, 0, 1342 },
    };
    json_t *r = story_count(6, 3, names, first, moves, sizeof moves / sizeof *moves);
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 872);
    check_stages(r, stages[0], 6, 6, names, false);
    check_stages(r, stages[0], 3, 6, names, true);     /* before the first surplus: whole votes */
    cr_assert_str_eq(tally(r, 4, LOU), "874.016611287", "117 x 31/903, each truncated to 10^-9");
    ASSERT_INTS(json_object_get(r, "winners"), "[3,1,5]");
    ASSERT_INTS(json_object_get(round_at(r, 5), "eliminated"), "[2]");
    json_decref(r);
}

/* ---------- edge cases ---------- */

Test(stv, more_seats_than_candidates)
{
    json_t *r = count_of(3, 5, NULL, "2 ABC, 1 C");
    ASSERT_INTS(json_object_get(r, "winners"), "[0,1,2]");
    cr_assert_eq(json_array_size(json_object_get(r, "rounds")), 1);
    cr_assert(strstr(json_string_value(json_object_get(round_at(r, 1), "note")), "2 seats stay empty"));
    json_decref(r);
}

Test(stv, empty_ballots_count_in_the_quota_but_elect_no_one)
{
    json_t *r = count_of(3, 1, NULL, "4 -");
    cr_assert_eq(json_integer_value(json_object_get(r, "valid")), 4);
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 3);
    ASSERT_INTS(json_object_get(r, "winners"), "[]");
    cr_assert_str_eq(json_string_value(json_object_get(round_at(r, 1), "note")),
                     "No ballot ranks any candidate: no one is elected.");
    cr_assert_str_eq(json_string_value(json_object_get(round_at(r, 1), "non_transferable")), "4");
    json_decref(r);
    r = count_of(3, 2, NULL, "4 -, 3 A, 2 BA");   /* 9 valid, 2 seats: quota 4 */
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 4);
    ASSERT_INTS(json_object_get(r, "winners"), "[0,1]");
    json_decref(r);

    Box none;                     /* no ballot at all */
    box_init(&none, 2, 1, NULL);
    r = count(&none);
    cr_assert_eq(json_integer_value(json_object_get(r, "ballots")), 0);
    ASSERT_INTS(json_object_get(r, "winners"), "[]");
    json_decref(r);
    box_free(&none);
}

Test(stv, all_ballots_for_one_candidate)
{
    static const char *const names[] = { "Ana", "Bruno", "Carla" };
    json_t *r = count_of(3, 1, names, "10 A");
    ASSERT_INTS(json_object_get(r, "winners"), "[0]");
    cr_assert(strstr(json_string_value(json_object_get(round_at(r, 1), "note")),
                     "Bruno and Carla are ranked on no ballot and take no part in the count."));
    json_decref(r);
    r = count_of(3, 3, names, "10 A");      /* nobody ranked the others: their seats stay empty */
    ASSERT_INTS(json_object_get(r, "winners"), "[0]");
    json_decref(r);
    r = count_of(3, 2, names, "10 ABC");    /* everyone ranks A, B, C: A, then B with A's surplus */
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 4);
    ASSERT_INTS(json_object_get(r, "winners"), "[0,1]");
    cr_assert_str_eq(tally(r, 2, 1), "6", "the surplus of 6 at 0.6 of each of ten ballots");
    json_decref(r);
}

Test(stv, a_tie_is_decided_by_an_earlier_round)
{
    /* round 1: A 6, B 3, C 4, D 1; D's ballot goes to B: B and C tie at 4;
     * at round 1 B had fewer, so B is excluded (the ballot order would have
     * excluded C, the later one). */
    json_t *r = count_of(4, 1, NULL, "6 A, 3 B, 4 C, 1 DB");
    json_t *ties = json_object_get(r, "ties");
    cr_assert_eq(json_array_size(ties), 1);
    char *t = json_dumps(json_array_get(ties, 0), JSON_COMPACT | JSON_SORT_KEYS);
    cr_assert_str_eq(t, "{\"between\":[1,2],\"chose\":1,\"decided_at_round\":1,\"for\":\"exclusion\","
                        "\"how\":\"earlier round\",\"round\":2}");
    free(t);
    ASSERT_INTS(json_object_get(round_at(r, 2), "eliminated"), "[1]");
    cr_assert(strstr(json_string_value(json_object_get(round_at(r, 2), "note")),
                     "This was a tie with candidate 3, decided by the votes at round 1."));
    ASSERT_INTS(json_object_get(r, "winners"), "[0]");
    json_decref(r);
}

Test(stv, ties_equal_at_every_round_follow_the_ballot_order)
{
    json_t *r = count_of(3, 1, NULL, "2 A, 2 B, 2 C");  /* exclusion, one seat: C (last) goes first */
    json_t *tie = json_array_get(json_object_get(r, "ties"), 0);
    ASSERT_INTS(json_object_get(tie, "between"), "[0,1,2]");
    cr_assert_eq(json_integer_value(json_object_get(tie, "chose")), 2);
    cr_assert_str_eq(json_string_value(json_object_get(tie, "how")), "ballot order");
    ASSERT_INTS(json_object_get(round_at(r, 1), "eliminated"), "[2]");
    ASSERT_INTS(json_object_get(r, "winners"), "[0]");
    json_decref(r);
    r = count_of(3, 2, NULL, "3 A, 3 B, 1 C");  /* election, quota 3: A (first) is elected first */
    tie = json_array_get(json_object_get(r, "ties"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(tie, "for")), "election");
    cr_assert_eq(json_integer_value(json_object_get(tie, "chose")), 0);
    ASSERT_INTS(json_object_get(r, "winners"), "[0,1]");
    json_decref(r);
}

Test(stv, invalid_ballots_are_left_out_and_bad_input_refused)
{
    Box b;
    box_init(&b, 2, 1, NULL);
    box_ballots(&b, "2 A, 1 AA, 1 BC, 1 B"); /* AA: A twice; BC: C is no candidate */
    json_t *r = count(&b);
    cr_assert_eq(json_integer_value(json_object_get(r, "ballots")), 5);
    cr_assert_eq(json_integer_value(json_object_get(r, "valid")), 3);
    cr_assert_eq(json_integer_value(json_object_get(r, "quota")), 2);
    ASSERT_INTS(json_object_get(r, "winners"), "[0]");
    json_decref(r);
    Err e = { 0 };
    CountInput in = box_in(&b);
    in.candidates = 0;
    cr_assert_null(stv_count(&in, &e));
    cr_assert_eq(e.code, E_INVALID);
    in = box_in(&b);
    in.seats = 0;
    cr_assert_null(stv_count(&in, &e));
    cr_assert_null(approval_count(&in, &e));
    cr_assert_null(stv_count(NULL, &e));
    box_free(&b);
}

/* ---------- approval ---------- */

Test(approval, most_approvals_win_and_ties_follow_the_ballot_order)
{
    static const char *const names[] = { "Ana", "Bruno", "Carla", "Dara" };
    Box b;
    box_init(&b, 4, 2, names);
    box_ballots(&b, "1 AB, 1 A, 1 BC, 1 C, 1 AC, 1 AA"); /* AA is invalid */
    CountInput in = box_in(&b);
    Err e = { 0 };
    json_t *r = approval_count(&in, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_str_eq(json_string_value(json_object_get(r, "method")), "approval");
    cr_assert_eq(json_integer_value(json_object_get(r, "valid")), 5);
    ASSERT_INTS(json_object_get(r, "winners"), "[0,2]");
    ASSERT_INTS(json_object_get(round_at(r, 1), "tallies"), "[\"3\",\"2\",\"3\",\"0\"]");
    cr_assert_eq(json_array_size(json_object_get(r, "ties")), 0, "A and C tie, but both are elected");
    json_decref(r);
    in.seats = 1;                 /* now the tie decides the seat */
    r = approval_count(&in, &e);
    ASSERT_INTS(json_object_get(r, "winners"), "[0]");
    json_t *tie = json_array_get(json_object_get(r, "ties"), 0);
    ASSERT_INTS(json_object_get(tie, "between"), "[0,2]");
    cr_assert_str_eq(json_string_value(json_object_get(tie, "how")), "ballot order");
    json_decref(r);
    in.seats = 4;                 /* nobody approved Dara: that seat stays empty */
    r = approval_count(&in, &e);
    ASSERT_INTS(json_object_get(r, "winners"), "[0,2,1]");
    cr_assert(strstr(json_string_value(json_object_get(round_at(r, 1), "note")), "1 seat stays empty"));
    json_decref(r);
    box_free(&b);
}

/* ---------- the BLT format ---------- */

Test(blt, what_is_written_reads_back_and_counts_the_same)
{
    static const char *const names[] = { "Ana \"the first\"", "Bruno\nSilva", "Carla", "Dara" };
    Box b;
    box_init(&b, 4, 2, names);
    box_ballots(&b, "3 ABC, 2 DB, 1 -, 2 CADB, 1 AA"); /* AA kept as it is: the count finds it invalid */
    CountInput in = box_in(&b);
    char *text = blt_write(&in, "Lisbon \"committee\"");
    cr_assert_not_null(text);
    cr_assert_str_eq(text, "4 2\n1 1 2 3 0\n1 1 2 3 0\n1 1 2 3 0\n1 4 2 0\n1 4 2 0\n1 0\n1 3 1 4 2 0\n1 3 1 4 2 0\n"
                           "1 1 1 0\n0\n\"Ana 'the first'\"\n\"Bruno Silva\"\n\"Carla\"\n\"Dara\"\n"
                           "\"Lisbon 'committee'\"\n");
    BltData d;
    Err e = { 0 };
    cr_assert_eq(blt_read(text, &d, &e), 0, "%s", e.msg);
    cr_assert_eq(d.in.n, b.n);
    cr_assert_eq(d.in.candidates, 4);
    cr_assert_eq(d.in.seats, 2);
    cr_assert_eq(memcmp(d.start, b.start, (b.n + 1) * sizeof *b.start), 0);
    cr_assert_eq(memcmp(d.prefs, b.prefs, b.np * sizeof *b.prefs), 0);
    cr_assert_str_eq(d.names[1], "Bruno Silva");
    cr_assert_str_eq(d.title, "Lisbon 'committee'");
    d.in.names = in.names;
    json_t *x = stv_count(&in, &e), *y = stv_count(&d.in, &e);
    cr_assert(json_equal(x, y));
    json_decref(x);
    json_decref(y);
    blt_free(&d);
    free(text);
    box_ballots(&b, "1 E"); /* no such candidate: nothing written */
    in = box_in(&b);
    cr_assert_null(blt_write(&in, "x"));
    box_free(&b);
}

Test(blt, weights_withdrawals_ids_and_comments_are_read)
{
    const char *text = "# an election\n4 2\n-4\n"
                       "(b1) 3 1 4 2 0\n"
                       "2 4 0   # withdrawn only: two empty ballots\n"
                       "1 3 0\n0\n\"A\" \"B\"\n\"C\"\n\"D\"\n\"The title\"\n";
    BltData d;
    Err e = { 0 };
    cr_assert_eq(blt_read(text, &d, &e), 0, "%s", e.msg);
    cr_assert_eq(d.in.n, 6);
    cr_assert_eq(d.nwithdrawn, 1);
    cr_assert_eq(d.withdrawn[0], 3);
    static const uint32_t start[] = { 0, 2, 4, 6, 6, 6, 7 };
    static const int32_t prefs[] = { 0, 1, 0, 1, 0, 1, 2 };
    cr_assert_eq(memcmp(d.start, start, sizeof start), 0);
    cr_assert_eq(memcmp(d.prefs, prefs, sizeof prefs), 0);
    cr_assert_str_eq(d.title, "The title");
    json_t *r = stv_count(&d.in, &e);   /* A has the quota (3 of 6) exactly; B (0) is out before C (1) */
    ASSERT_INTS(json_object_get(r, "winners"), "[0,2]");
    json_decref(r);
    blt_free(&d);
}

Test(blt, malformed_files_are_refused_with_the_line)
{
    static const struct {
        const char *text, *says;
    } bad[] = {
        { "", "Line 1: the number of candidates expected." },
        { "3\n", "Line 2: the number of seats expected." },
        { "0 1\n0\n", "between 1 and 1000 candidates" },
        { "2 1\n1 1 2\n0\n\"A\"\n\"B\"\n\"T\"\n", "Line 4: a ballot's weight (or 0 after the last ballot) expected." },
        { "2 1\n1 1 3 0\n0\n", "Line 2: 3 is not a candidate (there are 2)." },
        { "2 1\n1 1=2 0\n0\n", "equal rankings (=) are not supported" },
        { "2 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\nx\n", "Line 7: nothing may follow the title." },
        { "2 1\n1 1 0\n0\n\"A\"\n\"B\"\n", "Line 6: the title in double quotes expected." },
        { "2 1\n1 1 0\n0\n\"A\n", "has no closing double quote" },
        { "2 1\n-3\n0\n", "3 is not a candidate" },
        { "2 1\n-0\n0\n", "0 is not a candidate" },   /* found by tests/fuzz/fuzz_blt.c: it wrote before the array */
        { "2 1\n(x 1 1 0\n0\n", "no closing parenthesis" },
        { "2 1\n20000000 1 0\n0\n", "more ballots than a count can take" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        BltData d;
        Err e = { 0 };
        cr_assert_eq(blt_read(bad[i].text, &d, &e), -1, "%s", bad[i].text);
        cr_assert_eq(e.code, E_INVALID);
        cr_assert(strstr(e.msg, bad[i].says), "%s: said \"%s\"", bad[i].text, e.msg);
        cr_assert_null(d.prefs);
    }
}

/* A smaller limit than a count's is kept after weights are expanded (the BLT
 * harness reads with 100,000: an input of weight 8,248,412 took seconds). */
Test(blt, a_smaller_limit_counts_expanded_ballots)
{
    BltData d;
    Err e = { 0 };
    cr_assert_eq(blt_read_max("2 1\n60 1 2 0\n40 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", &d, 100, &e), 0, "%s", e.msg);
    cr_assert_eq(d.in.n, 100);
    blt_free(&d);
    cr_assert_eq(blt_read_max("2 1\n60 1 2 0\n41 2 0\n0\n", &d, 100, &e), -1);
    cr_assert(strstr(e.msg, "Line 3: more ballots than a count can take (100)"), "said \"%s\"", e.msg);
    cr_assert_null(d.prefs);
    cr_assert_eq(blt_read_max("4  2\n8248412\n1 0\n0\n", &d, 100000, &e), -1);   /* the fuzzer's input */
    cr_assert(strstr(e.msg, "more ballots than a count can take (100000)"), "said \"%s\"", e.msg);
}

/* ---------- random elections ---------- */

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)                /* splitmix64 */
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int rng_below(Rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

/* n ballots over C candidates of uneven popularity: each ranks, without
 * replacement and more likely the popular ones first, all candidates (a
 * third of them), none (one in thirty) or a random number; one in forty
 * names its first choice twice (invalid) when `invalid`. */
static void random_box(Rng *r, Box *b, int C, int S, int n, bool invalid)
{
    box_init(b, C, S, NULL);
    int pop[32], p[33];
    for (int c = 0; c < C; c++) pop[c] = 1 + rng_below(r, 20) * rng_below(r, 20);
    for (int i = 0; i < n; i++) {
        int kind = rng_below(r, 120), len;
        len = kind < 4 ? 0 : kind < 44 ? C : 1 + rng_below(r, C);
        bool used[32] = { false };
        for (int j = 0; j < len; j++) {
            int total = 0;
            for (int c = 0; c < C; c++) total += used[c] ? 0 : pop[c];
            int x = rng_below(r, total), c = 0;
            for (; used[c] || x >= pop[c]; c++) x -= used[c] ? 0 : pop[c];
            used[c] = true;
            p[j] = c;
        }
        if (invalid && len && rng_below(r, 40) == 0) p[len++] = p[0];
        box_add(b, p, (size_t)len);
    }
}

/* A count of the benchmark's size elects its seven (the time it takes is
 * measured by the benchmark, `make bench`, never asserted here). */
Test(stv, a_hundred_thousand_ballots_elect_every_seat)
{
    Rng r = { 12 };
    Box b;
    random_box(&r, &b, 20, 7, 100000, false);
    json_t *res = count(&b);
    cr_assert_not_null(res);
    cr_assert_eq(json_array_size(json_object_get(res, "winners")), 7);
    cr_assert_eq(json_integer_value(json_object_get(res, "valid")), 100000);
    json_decref(res);
    box_free(&b);
}

/* ---------- against belenios-tool (Debian's, independent) ---------- */

static bool belenios_present(void)
{
    return system("command -v belenios-tool >/dev/null 2>&1") == 0;
}

/* belenios-tool's count of b (NULL if it failed). Its ballots give each
 * candidate a rank (1 best, 0 unranked); a ballot of ours that names a
 * candidate twice becomes one whose only rank is 2, which it finds invalid
 * too (no rank 1). */
static json_t *belenios_count(const Box *b)
{
    char file[] = "/tmp/glocal-stv.XXXXXX";
    int fd = mkstemp(file);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_not_null(f);
    fputc('[', f);
    for (size_t i = 0; i < b->n; i++) {
        int rank[32] = { 0 };
        bool twice = false;
        for (uint32_t p = b->start[i]; p < b->start[i + 1]; p++) {
            if (rank[b->prefs[p]]) twice = true;
            rank[b->prefs[p]] = (int)(p - b->start[i]) + 1;
        }
        if (twice) {
            memset(rank, 0, sizeof rank);
            rank[b->prefs[b->start[i]]] = 2;
        }
        fputs(i ? ",[" : "[", f);
        for (int c = 0; c < b->C; c++) fprintf(f, c ? ",%d" : "%d", rank[c]);
        fputc(']', f);
    }
    fputs("]\n", f);
    fclose(f);
    char cmd[300], out[65536];
    snprintf(cmd, sizeof cmd, "belenios-tool method stv --nseats=%d < %s 2>/dev/null", b->S, file);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t len = fread(out, 1, sizeof out - 1, p);
    out[len] = 0;
    int rc = pclose(p);
    unlink(file);
    if (rc != 0) return NULL;
    return json_loads(out, 0, NULL);
}

/* The decisions in order: "W[3]" elected, "L1" excluded (ties left out);
 * belenios' events, or our rounds (a last round electing those left is
 * one "W[..]" in both). */
static void belenios_decisions(json_t *res, Buf *s, int *ties)
{
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(res, "events"), i, ev) {
        const char *tag = json_string_value(json_array_get(ev, 0));
        json_t *arg = json_array_get(ev, 1);
        if (!strcmp(tag, "Win")) {
            char *t = ints(arg);
            buf_printf(s, "W%s ", t);
            free(t);
        } else if (!strcmp(tag, "Lose"))
            buf_printf(s, "L%lld ", (long long)json_integer_value(arg));
        else
            (*ties)++;
    }
}

static void our_decisions(json_t *res, Buf *s)
{
    size_t i;
    json_t *round;
    json_array_foreach(json_object_get(res, "rounds"), i, round) {
        json_t *out = json_object_get(round, "eliminated");
        if (json_array_size(out)) {
            buf_printf(s, "L%lld ", (long long)json_integer_value(json_array_get(out, 0)));
            continue;
        }
        char *t = ints(json_object_get(round, "elected"));
        buf_printf(s, "W%s ", t);
        free(t);
    }
}

/* The round of the first of our ties that chose another candidate than
 * belenios' rule would (the candidate listed first is elected first and
 * excluded last, at once), or 0. */
static int tie_rules_differ(json_t *res)
{
    size_t i;
    json_t *tie;
    json_array_foreach(json_object_get(res, "ties"), i, tie) {
        json_t *between = json_object_get(tie, "between");
        bool exclusion = !strcmp(json_string_value(json_object_get(tie, "for")), "exclusion");
        json_int_t theirs = json_integer_value(json_array_get(between, exclusion ? json_array_size(between) - 1 : 0));
        if (json_integer_value(json_object_get(tie, "chose")) != theirs)
            return (int)json_integer_value(json_object_get(tie, "round"));
    }
    return 0;
}

/* The first n decisions of a list like "W[3] L1 W[0,2] ". */
static void first_decisions(char *s, int n)
{
    char *p = s;
    for (; n > 0 && *p; p++)
        if (*p == ' ') n--;
    *p = 0;
}

/* Random elections (2 to 12 candidates, 1 to 5 seats, 5 to 300 ballots,
 * partial rankings, empty and invalid ballots), each counted by us and by
 * belenios-tool: the same valid ballots, the same decisions in the same
 * order, the same winners. Ties: belenios breaks them all by the ballot
 * order, we look back at earlier rounds first. Where one of our ties chose
 * another candidate than the ballot order would, the two rules differ by
 * design: only the decisions before that tie are compared, and the election
 * does not count among the 1,000 compared in full (fewer than a fifth may
 * be set aside so). Ties both counts break alike are compared in full. */
Test(stv, the_same_winners_as_belenios_over_random_elections, .timeout = 900)
{
    if (!belenios_present())
        cr_assert_fail("%s", "belenios-tool is not installed: `tools/setup test` installs it (the Debian "
                             "package belenios-tool); the differential test of the STV count cannot run without it.");
    Rng r = { 2026 };
    int elections = 0, compared = 0, by_rule = 0, ties = 0, their_ties = 0;
    while (compared < 1000 && elections < 3000) {
        int C = 2 + rng_below(&r, 11), S = 1 + rng_below(&r, 5), n = 5 + rng_below(&r, 296);
        Box b;
        random_box(&r, &b, C, S, n, true);
        /* belenios-tool 2.0 stops on an assertion when fewer candidates are
         * ranked than seats to fill while others are ranked nowhere (it then
         * elects fewer than it expects): such boxes are drawn again. */
        bool ranked[32] = { false };
        int nranked = 0;
        for (size_t p = 0; p < b.np; p++) nranked += !ranked[b.prefs[p]], ranked[b.prefs[p]] = true;
        if (nranked < C && nranked < S) {
            box_free(&b);
            continue;
        }
        elections++;
        json_t *ours = count(&b), *theirs = belenios_count(&b);
        cr_assert_not_null(theirs, "belenios-tool failed on election %d", elections);
        cr_assert_eq(json_integer_value(json_object_get(ours, "valid")),
                     (json_int_t)json_array_size(json_object_get(theirs, "ballots")), "election %d", elections);
        Buf a, t;
        buf_init(&a, NULL);
        buf_init(&t, NULL);
        our_decisions(ours, &a);
        belenios_decisions(theirs, &t, &their_ties);
        ties += (int)json_array_size(json_object_get(ours, "ties"));
        char *x = (char *)buf_str(&a), *y = (char *)buf_str(&t);
        int differ = tie_rules_differ(ours);
        if (differ) {
            by_rule++;
            first_decisions(x, differ - 1);
            first_decisions(y, differ - 1);
        } else {
            compared++;
            char *w1 = ints(json_object_get(ours, "winners")), *w2 = ints(json_object_get(theirs, "winners"));
            cr_assert_str_eq(w1, w2, "election %d (%d candidates, %d seats, %d ballots): winners %s, belenios %s\n%s\n%s", elections, C, S, n, w1, w2, x, y);
            free(w1);
            free(w2);
        }
        cr_assert_str_eq(x, y, "election %d (%d candidates, %d seats, %d ballots): decisions\nours %s\nbelenios %s", elections, C, S, n, x, y);
        buf_release(&a);
        buf_release(&t);
        json_decref(ours);
        json_decref(theirs);
        box_free(&b);
    }
    fprintf(stderr, "  belenios-tool: %d random elections, %d compared in full (%d ties in ours, %d in belenios'); "
                    "%d set aside after a tie our rule breaks otherwise\n",
            elections, compared, ties, their_ties, by_rule);
    cr_assert_geq(compared, 1000);
    cr_assert_lt(by_rule * 5, elections, "more than a fifth of the elections set aside");
}
