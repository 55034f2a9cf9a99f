/* test_growth_dashboard.c - the pure rules of the dashboards and targets
 * (src/growth/rules_dashboard.c, rules_targets.c) and the chart drawing
 * (src/web/chart.c): ranges, the periods days are grouped into, a figure over
 * a period, a chart's sentence, a target form's checks, who may set one. */
#include <string.h>

#include "base/i18n.h"
#include "growth/growth.h"
#include "testutil.h"
#include "web/chart.h"

#define DAY GROWTH_DAY
#define B 1767225600LL   /* 2026-01-01T00:00:00Z */

static Arena A;
static void setup(void) { arena_init(&A, 1 << 16); }
static void teardown(void) { arena_release(&A); }
TestSuite(dashboard, .init = setup, .fini = teardown);

static int64_t *days(size_t n, int64_t from)
{
    int64_t *d = arena_alloc(&A, n * sizeof *d);
    for (size_t i = 0; i < n; i++) d[i] = from + (int64_t)i * DAY;
    return d;
}

Test(dashboard, ranges_parse_and_start)
{
    cr_assert_eq(growth_range_parse("90d"), GROWTH_RANGE_90);
    cr_assert_eq(growth_range_parse("all"), GROWTH_RANGE_ALL);
    cr_assert_eq(growth_range_parse(NULL), GROWTH_RANGE_YEAR);
    cr_assert_eq(growth_range_parse("'; DROP"), GROWTH_RANGE_YEAR);
    int64_t last = B + 338 * DAY;   /* 2026-12-05 */
    cr_assert_eq(growth_range_from(GROWTH_RANGE_90, last), last - 90 * DAY, "13 weeks: 91 days");
    cr_assert_str_eq(growth_day_iso(&A, growth_range_from(GROWTH_RANGE_YEAR, last)), "2026-01-01", "the 12 months to December");
    cr_assert_eq(growth_range_from(GROWTH_RANGE_ALL, last), 0);
}

Test(dashboard, weeks_end_on_the_last_day)
{
    GrowthPeriod *p;
    size_t n = growth_periods(&A, days(91, B), 91, GROWTH_RANGE_90, &p);
    cr_assert_eq(n, 13);
    cr_assert_eq(p[0].first, 0);
    cr_assert_eq(p[0].last, 6);
    cr_assert_eq(p[12].first, 84);
    cr_assert_eq(p[12].last, 90);
    cr_assert_str_eq(p[12].name, "the week to 1 Apr 2026");
    /* ten days: a short first week of three days, then a full one */
    n = growth_periods(&A, days(10, B), 10, GROWTH_RANGE_90, &p);
    cr_assert_eq(n, 2);
    cr_assert_eq(p[0].first, 0);
    cr_assert_eq(p[0].last, 2);
    cr_assert_eq(p[1].first, 3);
    /* one day, and none */
    cr_assert_eq(growth_periods(&A, days(1, B), 1, GROWTH_RANGE_90, &p), 1);
    cr_assert_eq(growth_periods(&A, NULL, 0, GROWTH_RANGE_YEAR, &p), 0);
}

Test(dashboard, months_and_quarters)
{
    GrowthPeriod *p;
    /* 2025-12-20 .. 2026-02-10: December (12 days), January, February (10 days) */
    int64_t from = B - 12 * DAY;
    size_t n = growth_periods(&A, days(53, from), 53, GROWTH_RANGE_YEAR, &p);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(p[0].name, "December 2025");
    cr_assert_eq(p[0].last, 11);
    cr_assert_str_eq(p[1].label, "Jan");
    cr_assert_eq(p[1].last - p[1].first + 1, 31);
    cr_assert_eq(p[2].last, 52);
    /* more than three years: quarters */
    n = growth_periods(&A, days(1200, B), 1200, GROWTH_RANGE_ALL, &p);
    cr_assert_str_eq(p[0].name, "Q1 2026");
    cr_assert_str_eq(p[0].label, "Q1");
    cr_assert_eq(p[0].last, 89, "January to March 2026: 90 days");
    cr_assert_eq(n, 14);
}

Test(dashboard, a_figure_over_a_period)
{
    const int64_t v[] = { 5, 7, 6, 9 };
    GrowthPeriod p = { .first = 1, .last = 3 };
    cr_assert_eq(growth_period_value(&p, v, true), 9, "a stock as it stood on the last day");
    cr_assert_eq(growth_period_value(&p, v, false), 22, "a flow summed");
}

Test(dashboard, the_sentence_of_a_chart)
{
    GrowthPeriod p[] = { { .name = "January 2026" }, { .name = "February 2026" } };
    const int64_t members[] = { 100, 130 }, connectors[] = { 10, 10 }, meetings[] = { 4, 9 };
    const char *names[] = { "Members", "Connectors" };
    const int64_t *stocks[] = { members, connectors };
    cr_assert_str_eq(growth_chart_desc(&A, p, 2, names, stocks, 2, true),
                     "At the end of February 2026: Members 130 (up 30 since the end of January 2026); Connectors 10 (unchanged "
                     "since the end of January 2026).");
    const char *held[] = { "Meetings held" };
    const int64_t *flows[] = { meetings };
    cr_assert_str_eq(growth_chart_desc(&A, p, 2, held, flows, 1, false),
                     "From January 2026 to February 2026: Meetings held 13 (the most in February 2026: 9).");
    cr_assert_str_eq(growth_chart_desc(&A, p, 0, held, flows, 1, false), "No figures yet.");
    /* in the reader's language (the periods' and figures' names come translated already) */
    GrowthPeriod fr[] = { { .name = "janvier 2026" }, { .name = "février 2026" } };
    const char *frnames[] = { "Membres", "Connecteurs" };
    i18n_use(LANG_FR);
    cr_expect_str_eq(growth_chart_desc(&A, fr, 2, frnames, stocks, 2, true),
                     "À la fin de février 2026 : Membres 130 (en hausse de 30 depuis la fin de janvier 2026) ; Connecteurs 10 "
                     "(inchangé depuis la fin de janvier 2026).");
    i18n_use(LANG_EN);
}

Test(dashboard, a_chart_is_an_image_with_its_title_and_description)
{
    const int64_t v[] = { 3, 0, 12 };
    const char *label[] = { "Jan", "Feb", "Mar" }, *year[] = { "2026", "2026", "2026" };
    const char *name[] = { "January 2026", "February 2026", "March <2026>" };
    ChartSeries s = { "Meetings & more", v };
    Chart c = { .id = "chart-x", .title = "Meetings <held>", .desc = "Fifteen.", .n = 3, .label = label, .year = year,
                .name = name, .series = &s, .nseries = 1 };
    const char *svg = chart_svg(&A, &c);
    cr_assert(strstr(svg, "role=\"img\" aria-labelledby=\"chart-x-title chart-x-desc\""));
    cr_assert(strstr(svg, "<title id=\"chart-x-title\">Meetings &lt;held&gt;</title>"), "the title escaped");
    cr_assert(strstr(svg, "March &lt;2026&gt;: 12"), "each period's tooltip, escaped");
    cr_assert(!strstr(svg, "<2026>"));
    cr_assert_eq(strstr(svg, "height=\"0.0\"") == NULL, true, "no bar for a zero");
    int64_t step;
    cr_assert_eq(chart_scale(12, &step), 15);
    cr_assert_eq(step, 5);
    cr_assert_eq(chart_scale(0, &step), 1);
    cr_assert_eq(chart_scale(4100, &step), 5000);
}

static TargetIn level(const char *target, const char *by)
{
    return (TargetIn){ .scope_kind = "network", .figure = "chapters_active", .kind = "level", .target = target, .by_day = by,
                       .now = B + 12 * 3600 };
}

static bool refused_at(TargetIn in, const char *field)
{
    FieldErrs f = { .a = &A };
    TargetValues v;
    if (growth_target_check(&in, &f, &v) == 0) return false;
    for (int i = 0; i < f.n; i++)
        if (!strcmp(f.at[i].field, field)) return true;
    return false;
}

Test(dashboard, a_target_form_checked)
{
    FieldErrs f = { .a = &A };
    TargetValues v;
    TargetIn in = level("300", "2027-12-31");
    cr_assert_eq(growth_target_check(&in, &f, &v), 0);
    cr_assert_eq(v.target, 300);
    cr_assert_str_eq(growth_day_iso(&A, v.by_day), "2027-12-31");
    cr_assert(refused_at(level("300", "2026-01-01"), "by_day"), "today is too soon");
    cr_assert(refused_at(level("300", "2026-02-30"), "by_day"), "no such day");
    cr_assert(refused_at(level("300", "2040-01-01"), "by_day"), "more than ten years ahead");
    cr_assert(refused_at(level("300", "31/12/2027"), "by_day"));
    cr_assert(refused_at(level("0", "2027-12-31"), "target"));
    cr_assert(refused_at(level("3e2", "2027-12-31"), "target"));
    cr_assert(refused_at(level("10000000000", "2027-12-31"), "target"));
    TargetIn bad = level("300", "2027-12-31");
    bad.figure = "password_hash";
    cr_assert(refused_at(bad, "figure"));
    TargetIn rate = { .scope_kind = "place", .figure = "chapters", .kind = "rate", .per_month = "5", .now = B };
    f.n = 0;
    cr_assert_eq(growth_target_check(&rate, &f, &v), 0);
    cr_assert_eq(v.per_month, 5);
    cr_assert_eq(v.target, 0);
    rate.per_month = "-5";
    cr_assert(refused_at(rate, "per_month"));
    rate.kind = "sometimes";
    cr_assert(refused_at(rate, "kind"));
}

Test(dashboard, who_may_set_a_target)
{
    const char *board[] = { "board" }, *lisbon[] = { "lisbon" };
    cr_assert(growth_may_target(true, "sector", NULL, NULL, 0), "an administrator, any scope");
    cr_assert(growth_may_target(false, "network", NULL, board, 1), "the board, the network");
    cr_assert(!growth_may_target(false, "place", "lisbon", board, 1), "the board, not a place");
    cr_assert(growth_may_target(false, "place", "lisbon", lisbon, 1), "a place's committee, its place");
    cr_assert(!growth_may_target(false, "place", "porto", lisbon, 1), "not another place");
    cr_assert(!growth_may_target(false, "network", NULL, lisbon, 1));
    cr_assert(!growth_may_target(false, "sector", NULL, lisbon, 1), "a sector: administrators only");
    cr_assert(!growth_may_target(false, "place", "lisbon", NULL, 0), "nobody else");
}

Test(dashboard, a_target_series_of_chapters_not_closed)
{
    int64_t forming[] = { 1, 2 }, active[] = { 3, 4 }, dormant[] = { 0, 1 };
    GrowthDays d = { .n = 2 };
    d.v[GF_FORMING] = forming, d.v[GF_ACTIVE] = active, d.v[GF_DORMANT] = dormant;
    int64_t *v = growth_target_series(&A, &d, "chapters");
    cr_assert_eq(v[0], 4);
    cr_assert_eq(v[1], 7);
    cr_assert_eq(growth_target_series(&A, &d, "chapters_active")[1], 4);
    cr_assert_str_eq(growth_target_figure_words("chapters_active"), "active chapters");
    cr_assert_null(growth_target_figure_words("risk_flags"));
}
