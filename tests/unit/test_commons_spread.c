/* test_commons_spread.c - spread in the commons (src/commons/rules_spread.c,
 * spread.c, store_spread.c): the pure figures of an item's reach over
 * crafted families and over generated ones checked against a second,
 * simpler reading of the rule; the chart (bins, words, an SVG that parses
 * as XML and names its title and description); the checks of a recorded
 * use; and on GLOCAL_TEST_DB (tests/run: SQLite, then PostgreSQL) who may
 * record a use, its refusals, the reach after uses in two cities and two
 * countries, an author's reach and the sponsors' report with its CSV. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "commons/commons.h"
#include "testnet.h"

#define DAY 86400
#define JAN1 1767225600LL   /* 2026-01-01 */

/* ---------- days ---------- */

Test(days, parsed_only_when_they_exist)
{
    int64_t t = 0;
    cr_assert(spread_day_parse("2026-03-10", &t));
    cr_assert_eq(t, 1773100800);
    cr_assert(spread_day_parse("1970-01-02", &t));
    cr_assert_eq(t, DAY);
    cr_assert(spread_day_parse("2024-02-29", &t));
    cr_assert_eq(t, 1709164800);
    const char *bad[] = { "2023-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-3-10", "2026-03-1", "10/03/2026",
                          "2026-03-10x", "", "2026/03/10", "1969-12-31", "20260310", "2026-03-+1", NULL };
    for (int i = 0; bad[i]; i++) cr_assert(!spread_day_parse(bad[i], &t), "%s was taken for a day", bad[i]);
    cr_assert(!spread_day_parse(NULL, &t));
}

/* ---------- a use's fields ---------- */

static const char *field_msg(const FieldErrs *f, const char *field)
{
    for (int i = 0; i < f->n; i++)
        if (str_eq(f->at[i].field, field)) return f->at[i].msg;
    return NULL;
}

Test(use, fields_are_checked_each_at_its_field)
{
    Arena a;
    arena_init(&a, 4096);
    int64_t day = 0;
    UseIn ok = { .item_id = 1, .chapter_id = 2, .used_on = "2026-03-10", .outcome = "worked", .note = "Good." };
    FieldErrs f = { .a = &a };
    use_fields_check(&ok, "2026-03-10", "2026-01-01", &f, &day);
    cr_assert_eq(f.n, 0, "a good use is taken: %s", f.n ? f.at[0].msg : "");
    cr_assert_eq(day, 1773100800);

    UseIn both = ok;
    both.event_id = 3;
    FieldErrs f2 = { .a = &a };
    use_fields_check(&both, "2026-03-10", "2026-01-01", &f2, &day);
    cr_assert(strstr(field_msg(&f2, "used_by"), "chapter or the event"));
    UseIn none = ok;
    none.chapter_id = 0;
    FieldErrs f3 = { .a = &a };
    use_fields_check(&none, "2026-03-10", "2026-01-01", &f3, &day);
    cr_assert_not_null(field_msg(&f3, "used_by"));

    char *long_note = repeat("é", USE_NOTE_MAX + 1);
    UseIn bad = { .chapter_id = 2, .used_on = "10/03/2026", .outcome = "great", .note = long_note };
    FieldErrs f4 = { .a = &a };
    use_fields_check(&bad, "2026-03-10", "2026-01-01", &f4, &day);
    cr_assert_eq(f4.n, 3);
    cr_assert(strstr(field_msg(&f4, "used_on"), "like 2026-03-10"));
    cr_assert(strstr(field_msg(&f4, "outcome"), "worked, mixed, did_not_work"));
    cr_assert(strstr(field_msg(&f4, "note"), "500"));
    free(long_note);
    char *just = repeat("é", USE_NOTE_MAX);
    UseIn fits = ok;
    fits.note = just;
    FieldErrs f5 = { .a = &a };
    use_fields_check(&fits, "2026-03-10", "2026-01-01", &f5, &day);
    cr_assert_eq(f5.n, 0, "500 characters (1000 bytes) fit");
    free(just);

    UseIn future = ok;
    future.used_on = "2026-03-11";
    FieldErrs f6 = { .a = &a };
    use_fields_check(&future, "2026-03-10", "2026-01-01", &f6, &day);
    cr_assert(strstr(field_msg(&f6, "used_on"), "has not come yet"));
    UseIn early = ok;
    early.used_on = "2025-12-31";
    FieldErrs f7 = { .a = &a };
    use_fields_check(&early, "2026-03-10", "2026-01-01", &f7, &day);
    cr_assert(strstr(field_msg(&f7, "used_on"), "added to the commons on 2026-01-01"));
    UseIn blank = { .chapter_id = 2 };
    FieldErrs f8 = { .a = &a };
    use_fields_check(&blank, "2026-03-10", "2026-01-01", &f8, &day);
    cr_assert_not_null(field_msg(&f8, "used_on"));
    cr_assert_not_null(field_msg(&f8, "outcome"));
    cr_assert_null(field_msg(&f8, "note"), "no note is fine");
    cr_assert_str_eq(use_outcome_label("did_not_work"), "It did not work");
    cr_assert_null(use_outcome_label("<b>"));
    arena_release(&a);
}

/* ---------- the figures over a crafted family ---------- */

/* Portugal > Lisbon and Porto (Porto in a region), Germany > Berlin, Spain > Catalonia (a region, no city). */
static const SpreadPlace places[] = {
    { 1, 0, "country", "Portugal", "portugal" }, { 2, 1, "metro", "Lisbon", "lisbon" },   { 3, 1, "region", "Norte", "norte" },
    { 4, 3, "metro", "Porto", "porto" },         { 5, 0, "country", "Germany", "germany" }, { 6, 5, "metro", "Berlin", "berlin" },
    { 7, 0, "country", "Spain", "spain" },       { 8, 7, "region", "Catalonia", "catalonia" },
};

/* Item 10 from chapter 100 in Lisbon, published on 1 January; 11 adapted from it in Berlin by chapter 200;
 * 12 adapted from 11 but withdrawn; 13 adapted from 12 in Porto by chapter 300. */
static const SpreadNode family[] = {
    { 10, 10, 0, 100, 0, 2, JAN1, true },
    { 10, 11, 10, 200, 0, 6, JAN1 + 3 * DAY, true },
    { 10, 12, 11, 200, 0, 6, JAN1 + 5 * DAY, false },
    { 10, 13, 12, 300, 0, 4, JAN1 + 9 * DAY, true },
};
static const SpreadUse uses[] = {
    { 10, 1, 10, 100, 0, 2, JAN1 + 5 * DAY, "worked" },          /* at home */
    { 10, 2, 10, 200, 0, 6, JAN1 + 12 * DAY, "mixed" },          /* Berlin, 12 days on */
    { 10, 3, 12, 200, 0, 6, JAN1 + 20 * DAY, "worked" },         /* of the withdrawn one: not counted */
    { 10, 4, 13, 300, 0, 4, JAN1 + 40 * DAY, "worked" },         /* Porto, 10 February */
    { 10, 5, 10, 0, 900, 8, JAN1 + 70 * DAY, "did_not_work" },   /* an event in Catalonia, 12 March */
};

static SpreadData crafted(void)
{
    return (SpreadData){ family, 4, uses, 5, places, sizeof places / sizeof places[0] };
}

Test(reach, of_an_item_and_its_published_adaptations)
{
    Arena a;
    arena_init(&a, 4096);
    SpreadData d = crafted();
    Reach r;
    reach_compute(&a, &d, 10, JAN1 + 104 * DAY, &r);   /* 15 April */
    cr_assert_eq(r.uses, 4, "the use of the withdrawn adaptation does not count");
    cr_assert_eq(r.uses_own, 3);
    cr_assert_eq(r.chapters, 3, "100 (its origin and a use), 200, 300");
    cr_assert_eq(r.events, 1);
    cr_assert_eq(r.cities, 3, "Lisbon, Berlin, Porto; Catalonia is no city");
    cr_assert_eq(r.countries, 3, "Portugal, Germany, and Spain through its region");
    cr_assert_eq(r.adaptations, 2, "11 and 13, not the withdrawn 12");
    cr_assert_eq(r.depth, 3, "13 is three steps below 10, through 12");
    cr_assert_eq(r.first_outside_days, 12);
    cr_assert_eq(r.first_other_city_days, 12);
    cr_assert_eq(r.worked, 2);
    cr_assert_eq(r.mixed, 1);
    cr_assert_eq(r.did_not_work, 1);
    cr_assert_eq(r.last_used_on, JAN1 + 70 * DAY);
    cr_assert_eq(r.n_months, 4, "January to April");
    cr_assert_eq(r.first_month, 2026 * 12);
    int64_t want[] = { 2, 1, 1, 0 };
    for (int i = 0; i < 4; i++) cr_assert_eq(r.by_month[i], want[i], "month %d", i);

    /* the adaptation 11 on its own: its family is 11 and 13 (through 12) */
    Reach r11;
    reach_compute(&a, &d, 11, JAN1 + 104 * DAY, &r11);
    cr_assert_eq(r11.uses, 0, "no node of the crafted data has top 11");
    cr_assert_eq(r11.cities, 0);
    arena_release(&a);
}

Test(reach, as_json_with_nulls_months_and_places)
{
    Arena a;
    arena_init(&a, 4096);
    SpreadData d = crafted();
    Reach r;
    reach_compute(&a, &d, 10, JAN1 + 104 * DAY, &r);
    json_t *j = reach_json(&r, &d);
    cr_assert_eq(json_integer_value(json_object_get(j, "first_outside_days")), 12);
    json_t *months = json_object_get(j, "by_month");
    cr_assert_eq(json_array_size(months), 4);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(months, 1), "month")), "2026-02");
    cr_assert_str_eq(json_string_value(json_object_get(j, "last_used_on")), "2026-03-12");
    json_t *cities = json_object_get(json_object_get(j, "reached"), "cities");
    cr_assert_eq(json_array_size(cities), 3);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(cities, 0), "name")), "Berlin", "by name");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(cities, 0), "country")), "Germany");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(cities, 2), "country")), "Portugal", "Porto, through Norte");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "_words"), "cities")), "cities");
    json_decref(j);

    /* only the origin, no use: days are null, no months */
    SpreadData alone = { family, 1, NULL, 0, places, sizeof places / sizeof places[0] };
    reach_compute(&a, &alone, 10, JAN1, &r);
    j = reach_json(&r, &alone);
    cr_assert(json_is_null(json_object_get(j, "first_outside_days")));
    cr_assert(json_is_null(json_object_get(j, "last_used_on")));
    cr_assert_eq(json_array_size(json_object_get(j, "by_month")), 0);
    cr_assert_eq(json_integer_value(json_object_get(j, "cities")), 1, "where it came from counts");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "_words"), "cities")), "city");
    json_decref(j);
    arena_release(&a);
}

Test(reach, uses_before_publication_count_from_day_zero_and_origin_events_are_home)
{
    Arena a;
    arena_init(&a, 4096);
    SpreadNode from_event[] = { { 20, 20, 0, 100, 900, 2, JAN1 + 30 * DAY, true } };
    SpreadUse u[] = {
        { 20, 1, 20, 0, 900, 2, JAN1 + 31 * DAY, "worked" },    /* the event it came from: home */
        { 20, 2, 20, 100, 0, 2, JAN1 + 32 * DAY, "worked" },    /* the event's host chapter: home */
        { 20, 3, 20, 400, 0, 2, JAN1 + 10 * DAY, "mixed" },     /* another chapter in Lisbon, before it was published */
    };
    SpreadData d = { from_event, 1, u, 3, places, sizeof places / sizeof places[0] };
    Reach r;
    reach_compute(&a, &d, 20, JAN1 + 40 * DAY, &r);
    cr_assert_eq(r.first_outside_days, 0, "a use before publication is day 0");
    cr_assert_eq(r.first_other_city_days, -1, "all in Lisbon");
    cr_assert_eq(r.n_months, 2, "from the first use in January to February");
    cr_assert_eq(r.by_month[0], 1);
    cr_assert_eq(r.by_month[1], 2);
    u[2].chapter_id = 100;
    reach_compute(&a, &d, 20, JAN1 + 40 * DAY, &r);
    cr_assert_eq(r.first_outside_days, -1, "nobody outside its origin yet");
    arena_release(&a);
}

/* The days to a use count on the clocks where it was used: published at 23:30 UTC
 * on 5 December, used the next day by Berlin's calendar (already 00:30 there)
 * is day 0 in Berlin, while a place without a zone counts in UTC (day 1). */
Test(reach, first_days_count_on_the_clocks_of_the_place_of_the_use)
{
    Arena a;
    arena_init(&a, 4096);
    int64_t dec5 = (JAN1 + 338 * DAY), published = dec5 + 23 * 3600 + 1800;
    SpreadPlace zoned[] = { { 1, 0, "country", "Portugal", "portugal", "Europe/Lisbon" }, { 2, 1, "metro", "Lisbon", "lisbon", NULL },
                            { 5, 0, "country", "Germany", "germany", NULL }, { 6, 5, "metro", "Berlin", "berlin", "Europe/Berlin" },
                            { 7, 0, "country", "Nowhere", "nowhere", NULL }, { 9, 7, "metro", "Utopia", "utopia", NULL } };
    SpreadNode item[] = { { 30, 30, 0, 100, 0, 2, published, true } };
    SpreadUse u[] = { { 30, 1, 30, 200, 0, 6, dec5 + DAY, "worked" } };
    SpreadData d = { item, 1, u, 1, zoned, 6 };
    Reach r;
    reach_compute(&a, &d, 30, dec5 + 2 * DAY, &r);
    cr_assert_eq(r.first_outside_days, 0, "the same day in Berlin");
    cr_assert_eq(r.first_other_city_days, 0);
    u[0].place_id = 9;
    reach_compute(&a, &d, 30, dec5 + 2 * DAY, &r);
    cr_assert_eq(r.first_outside_days, 1, "no zone: UTC's calendar");
    u[0].place_id = 2;
    u[0].used_on = dec5 + 3 * DAY;
    reach_compute(&a, &d, 30, dec5 + 4 * DAY, &r);
    cr_assert_eq(r.first_outside_days, 3, "Lisbon through its country's zone: the 5th to the 8th");
    arena_release(&a);
}

Test(reach, of_several_families_counts_each_item_and_use_once)
{
    Arena a;
    arena_init(&a, 4096);
    /* an author wrote 10 and 11: 11 is in 10's family and is a family of its own */
    SpreadNode nodes[8];
    SpreadUse us[10];
    size_t nn = 0, nu = 0;
    for (int i = 0; i < 4; i++) nodes[nn++] = family[i];
    for (int i = 1; i < 4; i++) {
        nodes[nn] = family[i];
        nodes[nn++].top_id = 11;
    }
    for (int i = 0; i < 5; i++) us[nu++] = uses[i];
    for (int i = 0; i < 5; i++)
        if (uses[i].item_id != 10) {
            us[nu] = uses[i];
            us[nu++].top_id = 11;
        }
    SpreadData d = { nodes, nn, us, nu, places, sizeof places / sizeof places[0] };
    Reach all;
    reach_compute(&a, &d, 0, JAN1 + 104 * DAY, &all);
    cr_assert_eq(all.uses, 4, "the use of 13 is in both families, counted once");
    cr_assert_eq(all.adaptations, 1, "13; 11 is one of the author's own");
    cr_assert_eq(all.cities, 3);
    cr_assert_eq(all.countries, 3);
    cr_assert_eq(all.first_outside_days, -1, "no single origin");
    int64_t sum = 0;
    for (int64_t i = 0; i < all.n_months; i++) sum += all.by_month[i];
    cr_assert_eq(sum, 4);
    Reach eleven;
    reach_compute(&a, &d, 11, JAN1 + 104 * DAY, &eleven);
    cr_assert_eq(eleven.uses, 1, "11's family: 13's use (12 is withdrawn)");
    cr_assert_eq(eleven.cities, 2, "Berlin (11) and Porto (13)");
    cr_assert_eq(eleven.depth, 2);
    cr_assert_eq(eleven.first_other_city_days, 37, "Porto, 37 days after 11 was published in Berlin");
    arena_release(&a);
}

/* ---------- generated families against a second reading of the rule ---------- */

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static int pick(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

enum { GP = 40, GN = 24, GU = 60 };
typedef struct Gen {
    SpreadPlace p[GP];
    SpreadNode n[GN];
    SpreadUse u[GU];
    size_t np, nn, nu;
} Gen;

static void generate(Gen *g)
{
    memset(g, 0, sizeof *g);
    for (int c = 0; c < 3; c++) {
        int64_t country = (int64_t)g->np + 1;
        g->p[g->np] = (SpreadPlace){ country, 0, "country", "C", "c" };
        g->np++;
        for (int r = pick(3); r > 0; r--) {
            int64_t region = (int64_t)g->np + 1;
            g->p[g->np++] = (SpreadPlace){ region, country, "region", "R", "r" };
            for (int m = 1 + pick(3); m > 0; m--, g->np++) g->p[g->np] = (SpreadPlace){ (int64_t)g->np + 1, region, "metro", "M", "m" };
        }
        for (int m = pick(3); m > 0; m--, g->np++) g->p[g->np] = (SpreadPlace){ (int64_t)g->np + 1, country, "metro", "M", "m" };
    }
    g->nn = 1 + (size_t)pick(GN);
    for (size_t i = 0; i < g->nn; i++) {
        bool ev = pick(4) == 0;
        g->n[i] = (SpreadNode){ 1, (int64_t)i + 1, i ? (int64_t)pick((int)i) + 1 : 0, ev ? 0 : 1 + pick(6), ev ? 1 + pick(3) : 0,
                                1 + pick((int)g->np), JAN1 + pick(60) * DAY + pick(DAY), i == 0 || pick(5) > 0 };
    }
    g->nu = (size_t)pick(GU);
    for (size_t i = 0; i < g->nu; i++) {
        bool ev = pick(3) == 0;
        g->u[i] = (SpreadUse){ 1, (int64_t)i + 1, 1 + pick((int)g->nn), ev ? 0 : 1 + pick(6), ev ? 1 + pick(3) : 0,
                               1 + pick((int)g->np), JAN1 + pick(400) * DAY, pick(2) ? "worked" : "mixed" };
    }
}

static const SpreadPlace *gp(const Gen *g, int64_t id) { return id >= 1 && id <= (int64_t)g->np ? &g->p[id - 1] : NULL; }
static int64_t g_country(const Gen *g, int64_t id)
{
    const SpreadPlace *p = gp(g, id);
    return !p ? 0 : str_eq(p->kind, "country") ? p->id : g_country(g, p->parent_id);
}
static const SpreadNode *gn(const Gen *g, int64_t id) { return &g->n[id - 1]; }
static int64_t g_depth(const Gen *g, int64_t id) { return id == 1 ? 0 : 1 + g_depth(g, gn(g, id)->parent_id); }

static int64_t distinct(int64_t *v, size_t n)
{
    int64_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = v[i] == 0;
        for (size_t j = 0; j < i && !seen; j++) seen = v[j] == v[i];
        k += !seen;
    }
    return k;
}

static void check_generated(const Gen *g, const Reach *r)
{
    int64_t chapters[GN + GU], cities[GN + GU], countries[GN + GU], days = -1;
    size_t k = 0;
    int64_t counted = 0, adaptations = 0, depth = 0;
    for (size_t i = 0; i < g->nn; i++) {
        const SpreadNode *n = &g->n[i];
        if (!n->is_public) continue;
        chapters[k] = n->chapter_id, countries[k] = g_country(g, n->place_id);
        cities[k++] = str_eq(gp(g, n->place_id)->kind, "metro") ? n->place_id : 0;
        if (n->id != 1) adaptations++, depth = g_depth(g, n->id) > depth ? g_depth(g, n->id) : depth;
    }
    const SpreadNode *top = gn(g, 1);
    for (size_t i = 0; i < g->nu; i++) {
        const SpreadUse *u = &g->u[i];
        if (!gn(g, u->item_id)->is_public) continue;
        counted++;
        chapters[k] = u->chapter_id, countries[k] = g_country(g, u->place_id);
        cities[k++] = str_eq(gp(g, u->place_id)->kind, "metro") ? u->place_id : 0;
        bool home = (top->chapter_id && u->chapter_id == top->chapter_id) || (top->event_id && u->event_id == top->event_id);
        int64_t d = u->used_on / DAY - top->published_at / DAY;   /* both after 1970: no negative division */
        if (d < 0) d = 0;
        if (!home && (days < 0 || d < days)) days = d;
    }
    cr_assert_eq(r->uses, counted);
    cr_assert_eq(r->chapters, distinct(chapters, k));
    cr_assert_eq(r->cities, distinct(cities, k));
    cr_assert_eq(r->countries, distinct(countries, k));
    cr_assert_eq(r->adaptations, adaptations);
    cr_assert_eq(r->depth, depth);
    cr_assert_eq(r->first_outside_days, days);
    cr_assert_eq(r->worked + r->mixed + r->did_not_work, counted);
    int64_t sum = 0;
    for (int64_t m = 0; m < r->n_months; m++) sum += r->by_month[m];
    cr_assert_eq(sum, counted, "every counted use is in a month");
}

Test(reach, generated_families_follow_the_rule)
{
    Arena a;
    arena_init(&a, 1 << 16);
    for (int run = 0; run < 3000; run++) {
        Gen g;
        generate(&g);
        SpreadData d = { g.n, g.nn, g.u, g.nu, g.p, g.np };
        Reach r;
        reach_compute(&a, &d, 1, JAN1 + 420 * DAY, &r);
        check_generated(&g, &r);
        arena_reset(&a);
    }
    arena_release(&a);
}

/* ---------- the chart ---------- */

static Reach months_of(Arena *a, int64_t first_month, int64_t n, int64_t each)
{
    Reach r = { .first_month = first_month, .n_months = n };
    int64_t *m = arena_alloc(a, (size_t)n * sizeof *m);
    for (int64_t i = 0; i < n; i++) m[i] = each ? each : i % 4;
    r.by_month = m;
    for (int64_t i = 0; i < n; i++) r.uses += m[i];
    return r;
}

Test(chart, months_then_quarters_then_years)
{
    Arena a;
    arena_init(&a, 8192);
    ChartBin *b;
    Reach r = months_of(&a, 2026 * 12 + 10, 4, 1);   /* Nov 2026 .. Feb 2027 */
    cr_assert_eq(reach_chart_bins(&a, &r, &b), 4);
    cr_assert_str_eq(b[0].name, "November 2026");
    cr_assert_str_eq(b[0].label, "Nov");
    cr_assert_str_eq(b[2].year, "2027");
    r = months_of(&a, 2026 * 12 + 1, 30, 0);   /* Feb 2026 .. Jul 2028: quarters from Q1 2026 */
    size_t n = reach_chart_bins(&a, &r, &b);
    cr_assert_eq(n, 11, "Q1 2026 .. Q3 2028");
    cr_assert_str_eq(b[0].name, "Q1 2026");
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) sum += b[i].uses;
    cr_assert_eq(sum, r.uses, "grouping loses no use");
    r = months_of(&a, 2020 * 12 + 5, 100, 2);
    n = reach_chart_bins(&a, &r, &b);
    cr_assert_eq(n, 9, "2020 .. 2028");
    cr_assert_str_eq(b[8].name, "2028");
    cr_assert_eq(b[0].uses, 14, "June to December 2020");
    Reach none = { 0 };
    cr_assert_eq(reach_chart_bins(&a, &none, &b), 0);
    arena_release(&a);
}

Test(chart, words_say_what_the_bars_show)
{
    Arena a;
    arena_init(&a, 4096);
    ChartBin bins[] = { { "Jan", "2026", "January 2026", 0 }, { "Feb", "2026", "February 2026", 3 },
                        { "Mar", "2026", "March 2026", 1 }, { "Apr", "2026", "April 2026", 0 } };
    cr_assert_str_eq(reach_chart_summary(&a, bins, 4), "4 uses from February 2026 to March 2026; the most in February 2026 (3).");
    bins[2].uses = 3;
    cr_assert_str_eq(reach_chart_summary(&a, bins, 4), "6 uses from February 2026 to March 2026.", "no most when months tie");
    bins[2].uses = 0;
    bins[1].uses = 1;
    cr_assert_str_eq(reach_chart_summary(&a, bins, 4), "1 use, all in February 2026.");
    bins[1].uses = 0;
    cr_assert_str_eq(reach_chart_summary(&a, bins, 4), "No uses recorded yet.");
    arena_release(&a);
}

Test(chart, the_svg_parses_and_names_its_title_and_description)
{
    Arena a;
    arena_init(&a, 8192);
    ChartBin *b;
    Reach r = months_of(&a, 2026 * 12, 24, 0);
    size_t n = reach_chart_bins(&a, &r, &b);
    const char *svg = reach_chart_svg(&a, b, n, "c1", "Uses of <Notes> & \"more\"");
    xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "chart.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    cr_assert_not_null(doc, "the chart is well-formed XML: %s", svg);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    cr_assert_str_eq((const char *)root->name, "svg");
    xmlChar *role = xmlGetProp(root, (const xmlChar *)"role"), *by = xmlGetProp(root, (const xmlChar *)"aria-labelledby");
    cr_assert_str_eq((const char *)role, "img");
    cr_assert_str_eq((const char *)by, "c1-title c1-desc");
    xmlFree(role);
    xmlFree(by);
    int bars = 0, titles = 0;
    bool desc_ok = false;
    for (xmlNodePtr x = root->children; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE) continue;
        xmlChar *text = xmlNodeGetContent(x);
        if (!strcmp((const char *)x->name, "title")) {
            cr_assert_str_eq((const char *)text, "Uses of <Notes> & \"more\"", "the title, escaped in the SVG, reads as given");
            titles++;
        }
        if (!strcmp((const char *)x->name, "desc")) desc_ok = strstr((const char *)text, "uses from February 2026 to December 2027") != NULL;
        if (!strcmp((const char *)x->name, "g"))   /* each period's group: a transparent band (its tooltip) and its bar */
            for (xmlNodePtr y = x->children; y; y = y->next) {
                if (y->type != XML_ELEMENT_NODE || strcmp((const char *)y->name, "rect") != 0) continue;
                xmlChar *fill = xmlGetProp(y, (const xmlChar *)"fill");
                bars += fill && strcmp((const char *)fill, "transparent") != 0;
                xmlFree(fill);
            }
        xmlFree(text);
    }
    cr_assert_eq(titles, 1);
    cr_assert(desc_ok, "the description says what the chart shows");
    cr_assert_eq(bars, 18, "a bar for each month with uses (every fourth month has none)");
    cr_assert_not_null(strstr(svg, "fill=\"#0b5d5e\""), "bars in the brand's teal");
    xmlFreeDoc(doc);
    arena_release(&a);
}

/* ---------- on a database ---------- */

#include "base/zone.h"

typedef struct World {
    Arena *a;
    const char *sfx;
    int64_t now;
    int64_t ana, mia, bert, olga, cora, sam;       /* author; members of Lisbon, Berlin; organiser; Porto's connector; a stranger */
    int64_t pt, lisbon, porto, de, berlin;
    int64_t lis, ber, por, old;                    /* chapters; old is closed */
    int64_t app, ev, hidden, org;                  /* a public event in Porto, a members-only one, the sponsor */
    int64_t item_a, item_b, item_c, item_d;        /* A and D from the events, B a draft, C an adaptation of A in Berlin */
    const char *ev_slug, *lis_slug, *old_slug;
} World;

static int64_t w_chapter(DbConn *c, Err *e, World *w, const char *name, int64_t metro, int64_t by)
{
    ChapterFields f = { .name = arena_printf(w->a, "%s %s", name, w->sfx), .slug = arena_printf(w->a, "%s-%s", name, w->sfx),
                        .description = "", .status = "active", .sector_rule = "open", .metro_id = metro, .capacity = 12 };
    int64_t id = 0;
    return chapter_insert(c, e, &f, by, &id) < 0 ? -1 : id;
}

static int w_member(DbConn *c, Err *e, int64_t chapter, int64_t user)
{
    return db_exec(c, e, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, 'member', 1)", DI(chapter),
                   DI(user)) < 0 ? -1 : 0;
}

static int64_t w_event(DbConn *c, Err *e, World *w, const char *slug, int64_t chapter, const char *visibility)
{
    int64_t id = 0;
    return db_int64(c, e, &id,
                    "INSERT INTO events (slug, app_id, title, chapter_id, starts_at, ends_at, timezone, capacity, visibility, "
                    "split_rule, organiser_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5 + 7200, 'Europe/Lisbon', 40, $6, "
                    "'[]', $7, $5, $5) RETURNING id",
                    DT(slug), DI(w->app), DT(arena_printf(w->a, "Title of %s", slug)), DI(chapter), DI(w->now - 40 * DAY), DT(visibility),
                    DI(w->olga)) < 0 ? -1 : id;
}

/* A fixture row of the items area's table (items core is built elsewhere): published unless said. */
static int64_t w_item(DbConn *c, Err *e, World *w, const char *name, const char *status, int64_t chapter, int64_t event,
                      int64_t based_on, int64_t author)
{
    int64_t id = 0, at = w->now - 30 * DAY;
    if (db_int64(c, e, &id,
                 "INSERT INTO commons_items (slug, kind, title, licence, status, origin, chapter_id, event_id, based_on_id, root_id, "
                 "depth, created_by, published_at, created_at, updated_at) VALUES ($1, 'technique', $2, 'cc-by-4.0', $3, $4, $5, $6, $7, "
                 "$7, $8, $9, $10, $11, $11) RETURNING id",
                 DT(arena_printf(w->a, "%s-%s", name, w->sfx)), DT(arena_printf(w->a, "Item %s", name)), DT(status),
                 DT(event ? "event" : "chapter"), DID(chapter), DID(event), DID(based_on), DI(based_on ? 1 : 0), DI(author),
                 str_eq(status, "published") ? DI(at) : DN, DI(at)) < 0)
        return -1;
    if (db_exec(c, e, "INSERT INTO commons_people (item_id, user_id, role, consent, added_at) VALUES ($1, $2, 'author', 'given', 1)",
                DI(id), DI(author)) < 0)
        return -1;
    return id;
}

static int world_tx(DbConn *c, void *ctx, Err *e)
{
    World *w = ctx;
    int64_t *users[] = { &w->ana, &w->mia, &w->bert, &w->olga, &w->cora, &w->sam };
    const char *names[] = { "Ana", "Mia", "Bert", "Olga", "Cora", "Sam" };
    for (int i = 0; i < 6; i++)
        if (user_insert(c, e, arena_printf(w->a, "%s-%s@test.example", names[i], w->sfx), names[i], "x", false, 0, 0, users[i]) < 0)
            return -1;
    const char *tz = "Europe/Lisbon";
    if (place_insert(c, e, 0, "country", "Portugal", arena_printf(w->a, "pt-%s", w->sfx), tz, &w->pt) < 0 ||
        place_insert(c, e, w->pt, "metro", "Lisbon", arena_printf(w->a, "lisbon-%s", w->sfx), tz, &w->lisbon) < 0 ||
        place_insert(c, e, w->pt, "metro", "Porto", arena_printf(w->a, "porto-%s", w->sfx), tz, &w->porto) < 0 ||
        place_insert(c, e, 0, "country", "Germany", arena_printf(w->a, "de-%s", w->sfx), "Europe/Berlin", &w->de) < 0 ||
        place_insert(c, e, w->de, "metro", "Berlin", arena_printf(w->a, "berlin-%s", w->sfx), "Europe/Berlin", &w->berlin) < 0)
        return -1;
    if ((w->lis = w_chapter(c, e, w, "lis", w->lisbon, w->ana)) < 0 || (w->ber = w_chapter(c, e, w, "ber", w->berlin, w->bert)) < 0 ||
        (w->por = w_chapter(c, e, w, "por", w->porto, w->cora)) < 0 || (w->old = w_chapter(c, e, w, "old", w->lisbon, w->ana)) < 0)
        return -1;
    if (w_member(c, e, w->lis, w->mia) < 0 || w_member(c, e, w->old, w->mia) < 0 ||
        db_exec(c, e, "UPDATE chapters SET status = 'closed' WHERE id = $1", DI(w->old)) < 0)
        return -1;
    w->lis_slug = arena_printf(w->a, "lis-%s", w->sfx);
    w->old_slug = arena_printf(w->a, "old-%s", w->sfx);
    if (db_int64(c, e, &w->app, "INSERT INTO apps (slug, name, created_at, updated_at) VALUES ($1, 'Camp', 1, 1) RETURNING id",
                 DT(arena_printf(w->a, "camp-%s", w->sfx))) < 0)
        return -1;
    w->ev_slug = arena_printf(w->a, "camp-day-%s", w->sfx);
    if ((w->ev = w_event(c, e, w, w->ev_slug, w->por, "public")) < 0 ||
        (w->hidden = w_event(c, e, w, arena_printf(w->a, "inner-%s", w->sfx), w->por, "chapter")) < 0)
        return -1;
    if (db_int64(c, e, &w->org, "INSERT INTO organisations (name, slug, created_at) VALUES ('Acme', $1, 1) RETURNING id",
                 DT(arena_printf(w->a, "acme-%s", w->sfx))) < 0)
        return -1;
    if (db_exec(c, e, "INSERT INTO event_sponsors (event_id, organisation_id, package, amount, currency, created_at) VALUES "
                      "($1, $3, 'Gold', 123456, 'EUR', 1), ($2, $3, 'Silver', 7777, 'EUR', 1)",
                DI(w->ev), DI(w->hidden), DI(w->org)) < 0)
        return -1;
    if ((w->item_a = w_item(c, e, w, "a", "published", 0, w->ev, 0, w->ana)) < 0 ||
        (w->item_b = w_item(c, e, w, "b", "draft", 0, w->ev, 0, w->ana)) < 0 ||
        (w->item_c = w_item(c, e, w, "c", "published", w->ber, 0, w->item_a, w->bert)) < 0 ||
        (w->item_d = w_item(c, e, w, "d", "published", 0, w->hidden, 0, w->olga)) < 0)
        return -1;
    return 0;
}

static DbConn *world_open(TestDb *t, Db **db, Arena *a, World *w, const char *sfx)
{
    DbConn *c;
    test_db_open(t, db, &c);
    *w = (World){ .a = a, .sfx = arena_printf(a, "%s%lld", sfx, (long long)(now_usec() % 1000000)), .now = now_unix() };
    Err e = { 0 };
    cr_assert_eq(db_write(c, world_tx, w, &e), 0, "the world: %s", e.msg);
    return c;
}

/* A test's database with its world: opened, and closed at the end. */
typedef struct Scene {
    TestDb t;
    Db *db;
    DbConn *c;
    Arena a;
    World w;
} Scene;

static void scene_open(Scene *s, const char *sfx)
{
    arena_init(&s->a, 4096);
    s->c = world_open(&s->t, &s->db, &s->a, &s->w, sfx);
}

static void scene_close(Scene *s)
{
    test_db_close(&s->t, s->db, s->c);
    arena_release(&s->a);
}

static const char *day_in(Arena *a, int64_t now, int64_t days_back, const char *zone)
{
    char d[11], hm[6];
    time_local_parts(now - days_back * DAY, zone, d, hm);
    return arena_strdup(a, d);
}

static const char *today(Arena *a, int64_t now, int64_t days_back)
{
    return day_in(a, now, days_back, "Europe/Lisbon");
}

/* A use of `item` by a chapter, `days_back` days ago on the chapter's clocks (Berlin's day begins an hour before Lisbon's). */
static UseIn use_by(Scene *s, int64_t item, int64_t chapter, int64_t by, int64_t days_back, const char *outcome)
{
    const char *zone = chapter == s->w.ber ? "Europe/Berlin" : "Europe/Lisbon";
    return (UseIn){ .item_id = item, .chapter_id = chapter, .used_on = day_in(&s->a, s->w.now, days_back, zone), .outcome = outcome, .by = by,
                    .now = s->w.now };
}

/* Records a use; want 0 or the refusal's code (and field, "" for none). */
static void recorded(DbConn *c, UseIn in, int want, const char *field)
{
    Err e = { 0 };
    Arena a;
    arena_init(&a, 1024);
    FieldErrs f = { .a = &a };
    int64_t id = 0;
    int rc = use_record(c, &e, &in, &f, &id);
    if (!want) {
        cr_assert_eq(rc, 0, "refused (%d, %s): %s", e.code, e.field, e.msg);
        cr_assert_gt(id, 0);
    } else {
        cr_assert_eq(rc, -1, "taken, where %d was wanted", want);
        cr_assert_eq(e.code, want, "code %d (%s), %d wanted", e.code, e.msg, want);
        cr_assert_str_eq(e.field, field, "%s", e.msg);
    }
    arena_release(&a);
}

Test(db, who_may_record_a_use_and_what_is_refused)
{
    Scene s;
    scene_open(&s, "who");
    World w = s.w;
    Arena *a = &s.a;
    DbConn *c = s.c;
    UseIn base = use_by(&s, w.item_a, w.lis, w.mia, 0, "worked");
    UseIn u = base;
    u.by = w.sam;
    recorded(c, u, E_FORBIDDEN, "");
    u = base, u.outcome = "great";
    recorded(c, u, E_INVALID, "outcome");
    u = base, u.used_on = "10/03/2026";
    recorded(c, u, E_INVALID, "used_on");
    u = base, u.used_on = today(a, w.now, -2);
    recorded(c, u, E_INVALID, "used_on");
    u = base, u.used_on = today(a, w.now, 40);
    recorded(c, u, E_INVALID, "used_on");
    u = base, u.item_id = w.item_b;
    recorded(c, u, E_NOT_FOUND, "");
    u = base, u.item_id = 987654321;
    recorded(c, u, E_NOT_FOUND, "");
    u = base, u.chapter_id = 0, u.used_by = "chapter:no-such-chapter";
    recorded(c, u, E_INVALID, "used_by");
    u = base, u.chapter_id = 0, u.used_by = "chapter-lisbon";
    recorded(c, u, E_INVALID, "used_by");
    u = base, u.chapter_id = 0;
    recorded(c, u, E_INVALID, "used_by");
    u = base, u.chapter_id = 0, u.used_by = arena_printf(a, "chapter:%s", w.old_slug);
    recorded(c, u, E_CONFLICT, "used_by");
    u = base, u.chapter_id = 0, u.event_id = w.ev;
    recorded(c, u, E_FORBIDDEN, "");   /* Mia does not run the event */

    u = base, u.chapter_id = 0, u.used_by = arena_printf(a, "chapter:%s", w.lis_slug);
    recorded(c, u, 0, "");
    recorded(c, u, E_CONFLICT, "used_on");   /* the same chapter, item and day */
    u = base, u.by = w.ana, u.used_on = today(a, w.now, 1), u.outcome = "mixed", u.note = "We shortened it.";
    recorded(c, u, 0, "");                   /* the connector is a member too */
    u = base, u.chapter_id = 0, u.used_by = arena_printf(a, "event:%s", w.ev_slug), u.by = w.olga;
    recorded(c, u, 0, "");                   /* the organiser */
    u = base, u.chapter_id = 0, u.event_id = w.ev, u.by = w.cora, u.used_on = today(a, w.now, 2);
    recorded(c, u, 0, "");                   /* a connector of the host chapter */
    u = base, u.chapter_id = w.ber, u.by = w.bert, u.outcome = "did_not_work";
    recorded(c, u, 0, "");
    u = base, u.item_id = w.item_c, u.chapter_id = w.ber, u.by = w.bert, u.used_on = day_in(a, w.now, 3, "Europe/Berlin");
    recorded(c, u, 0, "");                   /* the adaptation, in Berlin */
    scene_close(&s);
}

static int64_t num(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

Test(db, reach_after_uses_in_two_cities_and_two_countries)
{
    Scene s;
    scene_open(&s, "reach");
    World w = s.w;
    Arena *a = &s.a;
    DbConn *c = s.c;
    Err e = { 0 };
    json_t *r = item_reach(c, &e, w.item_a);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(num(r, "uses"), 0);
    cr_assert_eq(num(r, "cities"), 2, "Porto, where the event was, and Berlin, where C was adapted");
    cr_assert_eq(num(r, "countries"), 2);
    cr_assert_eq(num(r, "adaptations"), 1, "C; B is a draft of its own");
    cr_assert(json_is_null(json_object_get(r, "first_outside_days")));
    json_decref(r);

    recorded(c, use_by(&s, w.item_a, w.lis, w.mia, 0, "worked"), 0, "");
    UseIn ev = use_by(&s, w.item_a, 0, w.olga, 20, "worked");
    ev.event_id = w.ev;
    recorded(c, ev, 0, "");
    recorded(c, use_by(&s, w.item_c, w.ber, w.bert, 10, "mixed"), 0, "");
    r = item_reach(c, &e, w.item_a);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(num(r, "uses"), 3);
    cr_assert_eq(num(r, "uses_own"), 2);
    cr_assert_eq(num(r, "chapters"), 3, "Porto (the event's host), Lisbon, Berlin");
    cr_assert_eq(num(r, "events"), 1);
    cr_assert_eq(num(r, "cities"), 3);
    cr_assert_eq(num(r, "countries"), 2);
    cr_assert_eq(num(r, "depth"), 1);
    int64_t outside = num(r, "first_outside_days"), other_city = num(r, "first_other_city_days");
    cr_assert(outside >= 20 && outside <= 21, "Berlin's use of C, 10 days ago, 30 after publication: %lld", (long long)outside);
    cr_assert_eq(outside, other_city);
    json_t *months = json_object_get(r, "by_month");
    int64_t sum = 0;
    for (size_t i = 0; i < json_array_size(months); i++) sum += num(json_array_get(months, i), "uses");
    cr_assert_eq(sum, 3);
    json_t *names = json_object_get(json_object_get(r, "reached"), "countries");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(names, 0), "name")), "Germany");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(names, 1), "name")), "Portugal");
    json_decref(r);

    json_t *page = reach_item_view(c, &e, a, w.item_a, w.now);
    cr_assert_not_null(page, "%s", e.msg);
    json_t *list = json_object_get(page, "uses");
    cr_assert_eq(json_array_size(list), 3);
    json_t *newest = json_array_get(list, 0);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(newest, "chapter"), "slug")), w.lis_slug);
    cr_assert(json_is_null(json_object_get(newest, "item")), "a use of the item itself");
    json_t *mid = json_array_get(list, 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(mid, "item"), "title")), "Item c", "a use of the adaptation");
    cr_assert_str_eq(json_string_value(json_object_get(mid, "outcome_label")), "Mixed results");
    cr_assert_not_null(json_object_get(page, "_reach_chart_html"));
    json_decref(page);
    json_t *top = items_most_spread(c, &e, 500);
    cr_assert_not_null(top, "%s", e.msg);
    json_t *first = NULL;
    for (size_t i = 0; i < json_array_size(top) && !first; i++)
        if (num(json_array_get(top, i), "id") == w.item_a) first = json_array_get(top, i);
    cr_assert_not_null(first, "A travelled: it is on the list");
    cr_assert_eq(num(first, "uses"), 3, "with its adaptation's use");
    cr_assert_eq(num(first, "places"), 3, "Lisbon, Porto (the event), Berlin");
    for (size_t i = 0; i < json_array_size(top); i++)
        cr_assert_neq(num(json_array_get(top, i), "id"), w.item_c, "an adaptation counts in its original's line");
    json_decref(top);
    json_t *draft = item_reach(c, &e, w.item_b);
    cr_assert_eq(num(draft, "uses"), 0, "a draft has no reach");
    cr_assert_eq(num(draft, "cities"), 0);
    json_decref(draft);
    scene_close(&s);
}

Test(db, the_sponsors_report_and_its_csv_show_reach_and_never_amounts)
{
    Scene s;
    scene_open(&s, "spon");
    World w = s.w;
    Arena *a = &s.a;
    DbConn *c = s.c;
    recorded(c, use_by(&s, w.item_a, w.ber, w.bert, 5, "worked"), 0, "");
    recorded(c, use_by(&s, w.item_d, w.lis, w.mia, 4, "worked"), 0, "");
    Err e = { 0 };
    json_t *org = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)w.org, "name", "Acme", "slug", "acme");
    json_t *v = sponsor_report_view(c, &e, a, org, w.now);
    cr_assert_not_null(v, "%s", e.msg);
    json_t *items = json_object_get(v, "items");
    cr_assert_eq(json_array_size(items), 2, "A and D; B is a draft, C an adaptation counted in A's reach");
    cr_assert_eq(num(v, "items_count"), 2);
    json_t *d = json_array_get(items, 0), *ia = json_array_get(items, 1);
    if (num(d, "id") != w.item_d) d = json_array_get(items, 1), ia = json_array_get(items, 0);
    cr_assert(json_is_null(json_object_get(d, "event")), "a members-only event is not named");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(ia, "event"), "slug")), w.ev_slug);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(ia, "licence"), "name")), "CC BY 4.0");
    cr_assert_eq(num(json_object_get(ia, "reach"), "uses"), 1);
    cr_assert_eq(num(json_object_get(v, "reach"), "uses"), 2);
    cr_assert_eq(num(json_object_get(v, "reach"), "cities"), 3, "Porto, Berlin, Lisbon");
    json_t *events = json_object_get(v, "events");
    cr_assert_eq(json_array_size(events), 2);
    char *all = json_dumps(v, 0);
    cr_assert_null(strstr(all, "123456"), "no amount paid");
    cr_assert_null(strstr(all, "7777"));
    cr_assert_null(strstr(all, "amount"));
    cr_assert_null(strstr(all, "Title of inner"), "a members-only event's title stays inside");
    free(all);
    json_decref(v);

    Buf b;
    buf_init(&b, a);
    cr_assert_eq(sponsor_report_csv(c, &e, a, w.org, "https://glocal.example", w.now, &b), 0, "%s", e.msg);
    const char *csv = buf_str(&b);
    cr_assert(str_starts(csv, "\"item\",\"url\",\"kind\",\"licence\",\"published_on\",\"event\",\"uses\""), "%s", csv);
    int lines = 0;
    for (const char *p = csv; *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, 3, "a header and two items: %s", csv);
    cr_assert_not_null(strstr(csv, arena_printf(a, "\"https://glocal.example/commons/a-%s\"", w.sfx)));
    cr_assert_not_null(strstr(csv, "\"Berlin; Porto\""), "%s", csv);
    cr_assert_null(strstr(csv, "123456"));
    json_decref(org);
    scene_close(&s);
}

Test(db, an_authors_reach_and_no_name_for_someone_without_published_items)
{
    Scene s;
    scene_open(&s, "auth");
    World w = s.w;
    Arena *a = &s.a;
    DbConn *c = s.c;
    recorded(c, use_by(&s, w.item_c, w.ber, w.bert, 1, "worked"), 0, "");
    Err e = { 0 };
    json_t *v = author_reach_view(c, &e, a, w.ana, w.now);
    cr_assert_not_null(v, "%s", e.msg);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "author"), "name")), "Ana");
    cr_assert_eq(num(v, "items_count"), 1, "A; B is a draft");
    cr_assert_eq(num(json_object_get(v, "reach"), "uses"), 1, "Berlin's use of the adaptation of A");
    cr_assert_eq(num(json_object_get(v, "reach"), "adaptations"), 1);
    json_decref(v);
    cr_assert_null(author_reach_view(c, &e, a, w.sam, w.now));
    cr_assert_eq(e.code, E_NOT_FOUND);
    cr_assert_null(author_reach_view(c, &e, a, w.mia, w.now), "Mia has only a membership, no item");
    scene_close(&s);
}
