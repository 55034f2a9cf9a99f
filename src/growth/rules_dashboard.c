/* rules_dashboard.c - what a dashboard shows, pure: the figures and their
 * names, the ranges, the periods a chart groups the days into, a figure's
 * value over a period, and the sentence that describes a chart. */
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/str.h"
#include "growth/growth.h"

const GrowthFigureInfo growth_figures[GF_COUNT] = {
    [GF_FORMING] = { "chapters_forming", N_("Forming chapters"), true },
    [GF_ACTIVE] = { "chapters_active", N_("Active chapters"), true },
    [GF_DORMANT] = { "chapters_dormant", N_("Dormant chapters"), true },
    [GF_CLOSED] = { "chapters_closed", N_("Closed chapters"), true },
    [GF_MEMBERS] = { "members", N_("Members"), true },
    [GF_MEMBERS_NEW] = { "members_new", N_("New members"), false },
    [GF_MEMBERS_LEFT] = { "members_left", N_("Members who left"), false },
    [GF_CONNECTORS] = { "connectors", N_("Connectors"), true },
    [GF_MEETINGS] = { "meetings_held", N_("Meetings held"), false },
    [GF_RSVPS] = { "rsvps_yes", N_("Yes answers"), false },
    [GF_CHECKINS] = { "checkins", N_("Check-ins"), false },
    [GF_RETURNING] = { "checkins_returning", N_("Returning"), false },
    [GF_EVENTS] = { "events", N_("Events"), false },
    [GF_TICKETS] = { "tickets", N_("Tickets"), false },
    [GF_EVENT_CHECKINS] = { "event_checkins", N_("Event check-ins"), false },
    [GF_ITEMS] = { "items", N_("Commons items"), true },
    [GF_ITEM_USES] = { "item_uses", N_("Uses of the commons"), false },
    [GF_AT_RISK] = { "at_risk", N_("Chapters needing attention"), true },
};

int growth_figure_find(const char *column)
{
    for (int f = 0; f < GF_COUNT; f++)
        if (str_eq(column, growth_figures[f].column)) return f;
    return -1;
}

static const char *const range_key[GROWTH_RANGES] = { "90d", "year", "all" };
static const char *const range_words[GROWTH_RANGES] = { N_("90 days"), N_("12 months"), N_("All") };

const char *growth_range_key(GrowthRange r) { return r < GROWTH_RANGES ? range_key[r] : range_key[GROWTH_RANGE_YEAR]; }
const char *growth_range_words(GrowthRange r) { return tr(r < GROWTH_RANGES ? range_words[r] : range_words[GROWTH_RANGE_YEAR]); }

GrowthRange growth_range_parse(const char *s)
{
    for (int r = 0; r < GROWTH_RANGES; r++)
        if (str_eq(s, range_key[r])) return (GrowthRange)r;
    return GROWTH_RANGE_YEAR;
}

static struct tm utc(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return tm;
}


/* The midnight that starts the month `back` months before the month of t. */
static int64_t month_start(int64_t t, int back)
{
    struct tm tm = utc(t);
    int m = tm.tm_year * 12 + tm.tm_mon - back;
    struct tm s = { .tm_year = m / 12, .tm_mon = m % 12, .tm_mday = 1 };
    return (int64_t)timegm(&s);
}

int64_t growth_range_from(GrowthRange r, int64_t last)
{
    if (r == GROWTH_RANGE_90) return last - 90 * (int64_t)GROWTH_DAY;   /* 13 weeks: 91 days */
    if (r == GROWTH_RANGE_ALL) return 0;
    return month_start(last, 11);
}

const char *growth_day_words(Arena *a, int64_t day)
{
    struct tm tm = utc(day);
    return arena_printf(a, "%d %s %d", tm.tm_mday, i18n_month_abbr(tm.tm_mon + 1), tm.tm_year + 1900);
}

/* The key of a day's month (or quarter): months since year 0. */
static int month_key(int64_t day, int span)
{
    struct tm tm = utc(day);
    int m = (tm.tm_year + 1900) * 12 + tm.tm_mon;
    return m - m % span;
}

static void name_month(Arena *a, GrowthPeriod *p, int key, int span)
{
    int year = key / 12, month = key % 12;
    p->year = arena_printf(a, "%d", year);
    if (span == 1) {
        p->label = i18n_month_abbr(month + 1);
        p->name = arena_printf(a, "%s %d", i18n_month_name(month + 1), year);
    } else {
        p->label = arena_printf(a, "Q%d", month / 3 + 1);
        p->name = arena_printf(a, "Q%d %d", month / 3 + 1, year);
    }
}

size_t growth_periods(Arena *a, const int64_t *day, size_t n, GrowthRange r, GrowthPeriod **out)
{
    *out = NULL;
    if (!n) return 0;
    GrowthPeriod *p = arena_alloc(a, n * sizeof *p);   /* never more periods than days */
    size_t np = 0;
    if (r == GROWTH_RANGE_90) {   /* weeks ending on the last day, the oldest maybe shorter */
        size_t weeks = (n + 6) / 7;
        for (size_t w = 0; w < weeks; w++) {
            size_t last = n - 1 - (weeks - 1 - w) * 7;
            size_t first = last >= 6 ? last - 6 : 0;
            if (w == 0) first = 0;
            struct tm tm = utc(day[last]);
            p[np++] = (GrowthPeriod){ first, last, arena_printf(a, "%d %s", tm.tm_mday, i18n_month_abbr(tm.tm_mon + 1)),
                                      arena_printf(a, "%d", tm.tm_year + 1900),
                                      arena_printf(a, "the week to %s", growth_day_words(a, day[last])) };
        }
        *out = p;
        return np;
    }
    int months = (month_key(day[n - 1], 1) - month_key(day[0], 1)) + 1;
    int span = months <= 36 ? 1 : 3;
    for (size_t i = 0; i < n; i++) {
        int key = month_key(day[i], span);
        if (np && month_key(day[p[np - 1].first], span) == key) {
            p[np - 1].last = i;
            continue;
        }
        p[np] = (GrowthPeriod){ .first = i, .last = i };
        name_month(a, &p[np++], key, span);
    }
    *out = p;
    return np;
}

int64_t growth_period_value(const GrowthPeriod *p, const int64_t *v, bool stock)
{
    if (stock) return v[p->last];
    int64_t sum = 0;
    for (size_t i = p->first; i <= p->last; i++) sum += v[i];
    return sum;
}

static const char *signed_change(Arena *a, int64_t d)
{
    if (!d) return _("unchanged");
    return d > 0 ? arena_printf(a, _("up %lld"), (long long)d) : arena_printf(a, _("down %lld"), (long long)-d);
}

const char *growth_chart_desc(Arena *a, const GrowthPeriod *p, size_t np, const char *const *names,
                              const int64_t *const *values, size_t nseries, bool stock)
{
    if (!np) return _("No figures yet.");
    Buf b;
    buf_init(&b, a);
    if (stock)
        buf_printf(&b, _("At the end of %s: "), p[np - 1].name);
    else if (np > 1)
        buf_printf(&b, _("From %s to %s: "), p[0].name, p[np - 1].name);
    else
        buf_printf(&b, _("In %s: "), p[0].name);
    for (size_t s = 0; s < nseries; s++) {
        const int64_t *v = values[s];
        if (s) buf_adds(&b, C_("between the series of a chart's sentence", "; "));
        if (stock) {
            buf_printf(&b, "%s %lld", names[s], (long long)v[np - 1]);
            if (np > 1) buf_printf(&b, _(" (%s since the end of %s)"), signed_change(a, v[np - 1] - v[0]), p[0].name);
            continue;
        }
        int64_t total = 0, most = 0;
        size_t at = 0;
        for (size_t i = 0; i < np; i++) {
            total += v[i];
            if (v[i] > most) most = v[i], at = i;
        }
        buf_printf(&b, "%s %lld", names[s], (long long)total);
        if (most && np > 1) buf_printf(&b, _(" (the most in %s: %lld)"), p[at].name, (long long)most);
    }
    buf_adds(&b, ".");
    return buf_str(&b);
}

const char *growth_day_iso(Arena *a, int64_t day)
{
    struct tm tm = utc(day);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
