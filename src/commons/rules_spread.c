/* rules_spread.c - how far an item has travelled, worked out from what the
 * store read (pure: no I/O, no clock — `now` is an argument): the checks of
 * a recorded use, the reach figures of an item's family (the item and the
 * adaptations made from it) and of several families together (an author's,
 * a sponsor's), and the chart of uses over time with its words.
 *
 * Places are a tree (country > region > metro): a city is a metro, and a
 * place's country is the country above it. Only published items count: an
 * unpublished adaptation adds nothing and neither do its uses, but the
 * published adaptations below it still do. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "commons/commons.h"
#include "web/chart.h"

/* ---------- days and months ---------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* year * 12 + month - 1 of a Unix time (UTC). */
static int64_t month_of(int64_t t)
{
    int64_t y, m, d;
    civil_from_days(floor_div(t, 86400), &y, &m, &d);
    return y * 12 + m - 1;
}

bool spread_day_parse(const char *day, int64_t *out)
{
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9')) return false;
    int64_t y = atoi(day), m = atoi(day + 5), d = atoi(day + 8);
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap)) return false;
    *out = days_from_civil(y, m, d) * 86400;
    return true;
}

/* ---------- a recorded use ---------- */

static const char *const outcomes[][2] = {
    { "worked", N_("It worked") }, { "mixed", N_("Mixed results") }, { "did_not_work", N_("It did not work") },
};

const char *use_outcome_label(const char *outcome)
{
    for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
        if (str_eq(outcome, outcomes[i][0])) return tr(outcomes[i][1]);
    return NULL;
}

json_t *use_outcome_options(const char *selected)
{
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", outcomes[i][0], "label", tr(outcomes[i][1]), "is_selected",
                                              str_eq(selected, outcomes[i][0])));
    return list;
}

void use_fields_check(const UseIn *in, const char *today, const char *not_before, FieldErrs *f, int64_t *used_on)
{
    if ((in->chapter_id > 0) == (in->event_id > 0))
        field_err(f, "used_by", "Choose the chapter or the event that used it.");
    *used_on = 0;
    if (str_empty(in->used_on)) {
        field_err(f, "used_on", "Give the day it was used, like 2026-03-10.");
    } else if (!spread_day_parse(in->used_on, used_on)) {
        field_err(f, "used_on", "Give the day as year-month-day, like 2026-03-10.");
    } else if (today && strcmp(in->used_on, today) > 0) {
        field_err(f, "used_on", "That day has not come yet (today is %s): record a use once it has happened.", today);
    } else if (not_before && strcmp(in->used_on, not_before) < 0) {
        field_err(f, "used_on", "This item was added to the commons on %s: a use of it is from that day on.", not_before);
    }
    if (str_empty(in->outcome)) field_err(f, "outcome", "Say how it went: it worked, mixed results, or it did not work.");
    else if (!use_outcome_label(in->outcome))
        field_err(f, "outcome", "How it went is one of: worked, mixed, did_not_work.");
    if (in->note && str_utf8_len(in->note) > USE_NOTE_MAX)
        field_err(f, "note", "Please keep the note under %d characters (it has %zu).", USE_NOTE_MAX, str_utf8_len(in->note));
}

/* ---------- sets of ids ---------- */

typedef struct Ids {
    int64_t *v;
    size_t n, cap;
    Arena *a;
} Ids;

static void ids_add(Ids *s, int64_t id)
{
    if (id <= 0) return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        s->v = arena_realloc(s->a, s->v, s->cap * sizeof *s->v, cap * sizeof *s->v);
        s->cap = cap;
    }
    s->v[s->n++] = id;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Sorted, each once. */
static void ids_settle(Ids *s)
{
    if (!s->n) return;
    qsort(s->v, s->n, sizeof *s->v, cmp_id);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (s->v[i] != s->v[k - 1]) s->v[k++] = s->v[i];
    s->n = k;
}

static bool ids_has(const Ids *s, int64_t id)
{
    return s->n && bsearch(&id, s->v, s->n, sizeof *s->v, cmp_id);
}

/* ---------- places ---------- */

static const SpreadPlace *place_find(const SpreadData *d, int64_t id)
{
    for (size_t i = 0; id > 0 && i < d->n_places; i++)
        if (d->places[i].id == id) return &d->places[i];
    return NULL;
}

static int64_t city_of(const SpreadData *d, int64_t place)
{
    const SpreadPlace *p = place_find(d, place);
    return p && str_eq(p->kind, "metro") ? p->id : 0;
}

static int64_t country_of(const SpreadData *d, int64_t place)
{
    const SpreadPlace *p = place_find(d, place);
    for (int hops = 0; p && hops < 8; hops++) {
        if (str_eq(p->kind, "country")) return p->id;
        p = place_find(d, p->parent_id);
    }
    return 0;
}

/* The zone of a place: its own, else the nearest above it that has one. */
static const char *zone_of(const SpreadData *d, int64_t place)
{
    const SpreadPlace *p = place_find(d, place);
    for (int hops = 0; p && hops < 8; hops++) {
        if (!str_empty(p->timezone)) return p->timezone;
        p = place_find(d, p->parent_id);
    }
    return NULL;
}

/* ---------- the figures ---------- */

typedef struct Work {
    const SpreadData *d;
    int64_t top;
    Ids tops, public_ids, chapters, events, cities, countries;
    const SpreadNode *origin;   /* the top item (one family) */
} Work;

static bool in_scope(const Work *w, int64_t top_id)
{
    return !w->top || top_id == w->top;
}

static void add_place(Work *w, int64_t place)
{
    ids_add(&w->cities, city_of(w->d, place));
    ids_add(&w->countries, country_of(w->d, place));
}

/* Steps from a node up to the top of its family (0 for the top; -1 when the
 * chain is broken). */
static int64_t steps_to_top(const SpreadData *d, const SpreadNode *n)
{
    int64_t steps = 0, id = n->id, parent = n->parent_id;
    while (id != n->top_id) {
        if (steps > (int64_t)d->n_nodes) return -1;
        const SpreadNode *up = NULL;
        for (size_t i = 0; i < d->n_nodes && !up; i++)
            if (d->nodes[i].id == parent && d->nodes[i].top_id == n->top_id) up = &d->nodes[i];
        if (!up) return -1;
        id = up->id, parent = up->parent_id, steps++;
    }
    return steps;
}

static void nodes_count(Work *w, Reach *out)
{
    const SpreadData *d = w->d;
    for (size_t i = 0; i < d->n_nodes; i++) {
        const SpreadNode *n = &d->nodes[i];
        if (!in_scope(w, n->top_id)) continue;
        if (n->id == n->top_id && n->is_public) {
            ids_add(&w->tops, n->id);
            if (w->top) w->origin = n;
        }
        if (n->is_public) ids_add(&w->public_ids, n->id);
    }
    ids_settle(&w->tops);
    ids_settle(&w->public_ids);
    Ids adapted = { .a = w->public_ids.a };
    for (size_t i = 0; i < d->n_nodes; i++) {
        const SpreadNode *n = &d->nodes[i];
        if (!in_scope(w, n->top_id) || !n->is_public || !ids_has(&w->tops, n->top_id)) continue;
        ids_add(&w->chapters, n->chapter_id);
        ids_add(&w->events, n->event_id);
        add_place(w, n->place_id);
        if (ids_has(&w->tops, n->id)) continue;
        ids_add(&adapted, n->id);
        int64_t steps = steps_to_top(d, n);
        if (steps > out->depth) out->depth = steps;
    }
    ids_settle(&adapted);
    out->adaptations = (int64_t)adapted.n;
}

static bool outside_origin(const SpreadNode *o, const SpreadUse *u)
{
    if (o->chapter_id && u->chapter_id == o->chapter_id) return false;
    if (o->event_id && u->event_id == o->event_id) return false;
    return true;
}

/* Days from the day (UTC) it was published to the day it was used. */
/* The days from the publication to a use, both days on the clocks where the
 * use was (the use's day is that place's calendar day): published at 23:30 UTC
 * and used in Berlin the next morning by Berlin's calendar is the same day. */
static void first_days(int64_t *slot, int64_t published_at, int64_t used_on, const char *timezone)
{
    char day[11], hm[6];
    time_local_parts(published_at, timezone ? timezone : "UTC", day, hm);
    int64_t published_on;
    if (!spread_day_parse(day, &published_on)) published_on = floor_div(published_at, 86400) * 86400;
    int64_t days = floor_div(used_on - published_on, 86400);
    if (days < 0) days = 0;
    if (*slot < 0 || days < *slot) *slot = days;
}

typedef struct UseKey {
    int64_t id;
    size_t at;
} UseKey;

static int cmp_use_key(const void *x, const void *y)
{
    const UseKey *a = x, *b = y;
    return a->id != b->id ? (a->id > b->id) - (a->id < b->id) : (a->at > b->at) - (a->at < b->at);
}

/* Which uses count: those of the published items of the families in scope,
 * each use once (several families may share one: an author's item and the
 * adaptation the same author made of it). */
static bool *uses_counted(Work *w, Arena *a)
{
    const SpreadData *d = w->d;
    bool *counted = arena_alloc(a, (d->n_uses ? d->n_uses : 1) * sizeof *counted);
    UseKey *keys = arena_alloc(a, (d->n_uses ? d->n_uses : 1) * sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < d->n_uses; i++) {
        const SpreadUse *u = &d->uses[i];
        if (in_scope(w, u->top_id) && ids_has(&w->tops, u->top_id) && ids_has(&w->public_ids, u->item_id))
            keys[n++] = (UseKey){ u->id, i };
    }
    qsort(keys, n, sizeof *keys, cmp_use_key);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || keys[i].id != keys[i - 1].id) counted[keys[i].at] = true;
    return counted;
}

/* The uses that count: their number, places, outcomes and the first days. */
static void uses_count(Work *w, Reach *out, const bool *counted, int64_t *first, int64_t *last)
{
    const SpreadData *d = w->d;
    int64_t origin_city = w->origin ? city_of(d, w->origin->place_id) : 0;
    for (size_t i = 0; i < d->n_uses; i++) {
        const SpreadUse *u = &d->uses[i];
        if (!counted[i]) continue;
        out->uses++;
        if (u->item_id == u->top_id) out->uses_own++;
        ids_add(&w->chapters, u->chapter_id);
        ids_add(&w->events, u->event_id);
        add_place(w, u->place_id);
        if (str_eq(u->outcome, "worked")) out->worked++;
        else if (str_eq(u->outcome, "mixed")) out->mixed++;
        else if (str_eq(u->outcome, "did_not_work")) out->did_not_work++;
        if (out->uses == 1 || u->used_on < *first) *first = u->used_on;
        if (u->used_on > *last) *last = u->used_on;
        if (w->origin && w->origin->published_at > 0) {
            const char *tz = zone_of(d, u->place_id);
            if (outside_origin(w->origin, u)) first_days(&out->first_outside_days, w->origin->published_at, u->used_on, tz);
            int64_t city = city_of(d, u->place_id);
            if (city && city != origin_city) first_days(&out->first_other_city_days, w->origin->published_at, u->used_on, tz);
        }
    }
}

/* by_month: from the month of the first publication (or use) to the month of
 * `now` (or of the last use, if later), at most REACH_MONTHS_MAX. */
static void months_fill(Work *w, Reach *out, Arena *a, const bool *counted, int64_t first, int64_t last, int64_t now)
{
    if (!out->uses) return;
    int64_t start = month_of(first);
    for (size_t i = 0; i < w->d->n_nodes; i++) {
        const SpreadNode *n = &w->d->nodes[i];
        if (n->id == n->top_id && ids_has(&w->tops, n->id) && n->published_at > 0 && month_of(n->published_at) < start)
            start = month_of(n->published_at);
    }
    int64_t end = month_of(now > last ? now : last);
    if (end - start + 1 > REACH_MONTHS_MAX) start = end - REACH_MONTHS_MAX + 1;
    int64_t *months = arena_alloc(a, (size_t)(end - start + 1) * sizeof *months);
    for (size_t i = 0; i < w->d->n_uses; i++) {
        int64_t m = month_of(w->d->uses[i].used_on);
        if (counted[i] && m >= start && m <= end) months[m - start]++;
    }
    out->first_month = start;
    out->n_months = end - start + 1;
    out->by_month = months;
}

void reach_compute(Arena *a, const SpreadData *d, int64_t top, int64_t now, Reach *out)
{
    memset(out, 0, sizeof *out);
    out->first_outside_days = out->first_other_city_days = -1;
    Work w = { .d = d, .top = top };
    Ids *sets[] = { &w.tops, &w.public_ids, &w.chapters, &w.events, &w.cities, &w.countries };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) sets[i]->a = a;
    nodes_count(&w, out);
    if (!w.tops.n) return;
    int64_t first = 0, last = 0;
    const bool *counted = uses_counted(&w, a);
    uses_count(&w, out, counted, &first, &last);
    Ids *figures[] = { &w.chapters, &w.events, &w.cities, &w.countries };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) ids_settle(figures[i]);
    out->chapters = (int64_t)w.chapters.n;
    out->events = (int64_t)w.events.n;
    out->cities = (int64_t)w.cities.n;
    out->countries = (int64_t)w.countries.n;
    out->city_ids = w.cities.v;
    out->country_ids = w.countries.v;
    out->last_used_on = out->uses ? last : 0;
    months_fill(&w, out, a, counted, first, last, now);
}

/* ---------- as JSON ---------- */

static json_t *nullable_days(int64_t days)
{
    return days < 0 ? json_null() : json_integer(days);
}

static int cmp_name(const void *x, const void *y)
{
    const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    return strcmp(json_string_value(json_object_get(a, "name")), json_string_value(json_object_get(b, "name")));
}

/* [{name, slug[, country]}] of the places, by name. */
static json_t *places_json(const SpreadData *d, const int64_t *ids, int64_t n, bool with_country)
{
    json_t **rows = calloc((size_t)n + 1, sizeof *rows);
    size_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        const SpreadPlace *p = place_find(d, ids[i]);
        if (!p) continue;
        rows[k] = json_pack("{s:s, s:s}", "name", p->name ? p->name : "", "slug", p->slug ? p->slug : "");
        const SpreadPlace *c = with_country ? place_find(d, country_of(d, p->id)) : NULL;
        if (c && c != p) json_object_set_new(rows[k], "country", json_string(c->name ? c->name : ""));
        k++;
    }
    qsort(rows, k, sizeof *rows, cmp_name);
    json_t *list = json_array();
    for (size_t i = 0; i < k; i++) json_array_append_new(list, rows[i]);
    free(rows);
    return list;
}

static const char *month_text(int64_t month, char buf[16])
{
    snprintf(buf, 16, "%04d-%02d", (int)(month / 12 % 10000), (int)(month % 12) + 1);
    return buf;
}

static json_t *days_text(int64_t days)
{
    if (days < 0) return json_null();
    if (days == 0) return json_string(_("the day it was published"));
    return json_sprintf(trn("%lld day after it was published", "%lld days after it was published", days), (long long)days);
}

/* The word after a figure, one or many by the reader's language's rule ("0 pays" in French). */
static bool one(int64_t n)
{
    return i18n_plural(i18n_lang(), n) == 0;
}

/* What pages say next to the figures: singular or plural, days in words. */
static void reach_words(json_t *v, const Reach *r)
{
    json_object_set_new(
        v, "_words",
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "uses",
                  one(r->uses) ? C_("the word after a figure", "use") : C_("the word after a figure", "uses"), "chapters",
                  one(r->chapters) ? C_("the word after a figure", "chapter") : C_("the word after a figure", "chapters"),
                  "events", one(r->events) ? C_("the word after a figure", "event") : C_("the word after a figure", "events"),
                  "cities", one(r->cities) ? C_("the word after a figure", "city") : C_("the word after a figure", "cities"),
                  "countries",
                  one(r->countries) ? C_("the word after a figure", "country") : C_("the word after a figure", "countries"),
                  "adaptations",
                  one(r->adaptations) ? C_("the word after a figure", "adaptation")
                                      : C_("the word after a figure", "adaptations")));
    json_object_set_new(v, "_first_outside_text", days_text(r->first_outside_days));
    json_object_set_new(v, "_first_other_city_text", days_text(r->first_other_city_days));
}

json_t *reach_json(const Reach *r, const SpreadData *d)
{
    json_t *months = json_array();
    for (int64_t i = 0; i < r->n_months; i++) {
        char m[16];
        json_array_append_new(months, json_pack("{s:s, s:I}", "month", month_text(r->first_month + i, m), "uses", (json_int_t)r->by_month[i]));
    }
    json_t *last = json_null();
    if (r->last_used_on) {
        int64_t y, mo, dd;
        civil_from_days(floor_div(r->last_used_on, 86400), &y, &mo, &dd);
        last = json_sprintf("%04d-%02d-%02d", (int)y, (int)mo, (int)dd);
    }
    json_t *v = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:I, s:{s:I, s:I, s:I}, s:o, s:o, s:{s:o, s:o}}",
                     "uses", (json_int_t)r->uses, "uses_own", (json_int_t)r->uses_own, "chapters", (json_int_t)r->chapters,
                     "events", (json_int_t)r->events, "cities", (json_int_t)r->cities, "countries", (json_int_t)r->countries,
                     "first_outside_days", nullable_days(r->first_outside_days), "first_other_city_days",
                     nullable_days(r->first_other_city_days), "adaptations", (json_int_t)r->adaptations, "depth", (json_int_t)r->depth,
                     "outcomes", "worked", (json_int_t)r->worked, "mixed", (json_int_t)r->mixed, "did_not_work",
                     (json_int_t)r->did_not_work, "last_used_on", last, "by_month", months, "reached", "cities",
                     places_json(d, r->city_ids, r->cities, true), "countries", places_json(d, r->country_ids, r->countries, false));
    reach_words(v, r);
    return v;
}

/* ---------- the chart ---------- */

#define CHART_BARS_MAX 24

static const char *const month_short[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const month_long[] = { "January", "February", "March", "April", "May", "June",
                                          "July", "August", "September", "October", "November", "December" };

size_t reach_chart_bins(Arena *a, const Reach *r, ChartBin **out)
{
    *out = NULL;
    if (r->n_months <= 0) return 0;
    /* months while they fit, else quarters, else years; whole quarters and years */
    int64_t span = r->n_months <= CHART_BARS_MAX ? 1 : r->n_months <= CHART_BARS_MAX * 3 ? 3 : 12;
    int64_t first = r->first_month - r->first_month % span;
    int64_t last = r->first_month + r->n_months - 1;
    size_t n = (size_t)((last - first) / span + 1);
    ChartBin *bins = arena_alloc(a, n * sizeof *bins);
    for (size_t i = 0; i < n; i++) {
        int64_t m0 = first + (int64_t)i * span, year = m0 / 12, month = m0 % 12;
        ChartBin *b = &bins[i];
        for (int64_t m = m0; m < m0 + span; m++)
            if (m >= r->first_month && m <= last) b->uses += r->by_month[m - r->first_month];
        if (span == 1) {
            b->label = month_short[month];
            b->name = arena_printf(a, "%s %d", month_long[month], (int)year);
        } else if (span == 3) {
            b->label = arena_printf(a, "Q%d", (int)(month / 3 + 1));
            b->name = arena_printf(a, "Q%d %d", (int)(month / 3 + 1), (int)year);
        } else {
            b->label = arena_printf(a, "%d", (int)year);
            b->name = b->label;
        }
        b->year = arena_printf(a, "%d", (int)year);
    }
    *out = bins;
    return n;
}

const char *reach_chart_summary(Arena *a, const ChartBin *bins, size_t n)
{
    int64_t total = 0, most = 0;
    size_t at = 0, first = n, last = 0, tied = 0;
    for (size_t i = 0; i < n; i++) {
        total += bins[i].uses;
        if (bins[i].uses == most) tied++;
        if (bins[i].uses > most) most = bins[i].uses, at = i, tied = 1;
        if (bins[i].uses && first == n) first = i;
        if (bins[i].uses) last = i;
    }
    if (!total) return _("No uses recorded yet.");
    if (first == last) return arena_printf(a, trn("%lld use, all in %s.", "%lld uses, all in %s.", total), (long long)total, bins[first].name);
    if (tied > 1)
        return arena_printf(a, trn("%lld use from %s to %s.", "%lld uses from %s to %s.", total), (long long)total,
                            bins[first].name, bins[last].name);
    return arena_printf(a, trn("%lld use from %s to %s; the most in %s (%lld).", "%lld uses from %s to %s; the most in %s (%lld).", total),
                        (long long)total, bins[first].name, bins[last].name, bins[at].name, (long long)most);
}

const char *reach_chart_svg(Arena *a, const ChartBin *bins, size_t n, const char *id, const char *title)
{
    const char **label = arena_alloc(a, (n ? n : 1) * sizeof *label), **year = arena_alloc(a, (n ? n : 1) * sizeof *year);
    const char **name = arena_alloc(a, (n ? n : 1) * sizeof *name);
    int64_t *uses = arena_alloc(a, (n ? n : 1) * sizeof *uses);
    for (size_t i = 0; i < n; i++) label[i] = bins[i].label, year[i] = bins[i].year, name[i] = bins[i].name, uses[i] = bins[i].uses;
    ChartSeries s = { "Uses", uses };
    Chart c = { .id = id, .cls = "reach-chart", .title = title, .desc = reach_chart_summary(a, bins, n), .n = n, .label = label,
                .year = year, .name = name, .series = &s, .nseries = 1 };
    return chart_svg(a, &c);
}
