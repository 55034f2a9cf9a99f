/* rules_targets.c - the rules of targets, pure: the figures a target may
 * name, what a form must give, and who may set one. Where a target stands
 * against its figure is growth_target() in rules.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/str.h"
#include "growth/growth.h"

static const char *const target_figures[][2] = {
    { "chapters_active", N_("active chapters") }, { "chapters", N_("chapters (forming, active or dormant)") },
    { "members", N_("members") },                 { "connectors", N_("connectors") },
    { "items", N_("items in the commons") },
};
#define NFIGURES (sizeof target_figures / sizeof *target_figures)

const char *growth_target_figure_words(const char *figure)
{
    for (size_t i = 0; i < NFIGURES; i++)
        if (str_eq(figure, target_figures[i][0])) return tr(target_figures[i][1]);
    return NULL;
}

json_t *growth_target_form(const char *kind)
{
    json_t *figures = json_array();
    for (size_t i = 0; i < NFIGURES; i++)
        json_array_append_new(figures, json_pack("{s:s, s:s}", "value", target_figures[i][0], "words", tr(target_figures[i][1])));
    return json_pack("{s:o, s:s}", "figures", figures, "scope_kind", kind);
}

int64_t *growth_target_series(Arena *a, const GrowthDays *d, const char *figure)
{
    int64_t *v = arena_alloc(a, (d->n ? d->n : 1) * sizeof *v);
    int f = growth_figure_find(figure);
    for (size_t i = 0; i < d->n; i++)
        v[i] = f >= 0 ? d->v[f][i] : d->v[GF_FORMING][i] + d->v[GF_ACTIVE][i] + d->v[GF_DORMANT][i];
    return v;
}

/* A whole number from 1 to GROWTH_TARGET_MAX (0 allowed when zero_ok), or -1. */
static int64_t count_parse(const char *s, bool zero_ok)
{
    if (str_empty(s) || strlen(s) > 12) return -1;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < (zero_ok ? 0 : 1) || v > GROWTH_TARGET_MAX) return -1;
    return v;
}

/* "2027-12-31" as its midnight UTC, or -1. */
static int64_t day_parse(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return -1;
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
    time_t t = timegm(&tm);
    struct tm back;
    gmtime_r(&t, &back);
    if (y < 1970 || back.tm_year != y - 1900 || back.tm_mon != m - 1 || back.tm_mday != d) return -1;
    return (int64_t)t;
}

int growth_target_check(const TargetIn *in, FieldErrs *f, TargetValues *out)
{
    *out = (TargetValues){ 0 };
    if (!growth_target_figure_words(in->figure)) field_err(f, "figure", "Choose a figure from the list.");
    if (str_eq(in->kind, "rate")) {
        if ((out->per_month = count_parse(in->per_month, false)) < 0)
            field_err(f, "per_month", "Give how many more a month, a whole number from 1 to 1,000,000,000.");
    } else if (str_eq(in->kind, "level")) {
        int64_t today = growth_day_of(in->now);
        if ((out->target = count_parse(in->target, false)) < 0)
            field_err(f, "target", "Give the number to reach, a whole number from 1 to 1,000,000,000.");
        if ((out->by_day = day_parse(in->by_day)) < 0)
            field_err(f, "by_day", "Give the day as year-month-day, like 2027-12-31.");
        else if (out->by_day <= today)
            field_err(f, "by_day", "Give a day after today.");
        else if (out->by_day > today + (int64_t)GROWTH_TARGET_YEARS * 366 * GROWTH_DAY)
            field_err(f, "by_day", "Give a day within %d years.", GROWTH_TARGET_YEARS);
    } else {
        field_err(f, "kind", "Choose a number to reach by a day, or a pace to keep.");
    }
    if (in->note && strlen(in->note) > 200) field_err(f, "note", "Keep the note under 200 characters.");
    return f->n ? -1 : 0;
}

bool growth_may_target(bool admin, const char *scope_kind, const char *place_slug, const char *const *committee_keys, size_t n)
{
    if (admin) return true;
    const char *key = str_eq(scope_kind, "network") ? "board" : str_eq(scope_kind, "place") ? place_slug : NULL;
    for (size_t i = 0; key && i < n; i++)
        if (str_eq(committee_keys[i], key)) return true;
    return false;
}
