/* dashboard.c - a dashboard's model and CSV, read from the snapshots only
 * (growth_days and growth_received of one scope): the headline figures, a
 * chart for each group of figures with the table behind it, a chart for each
 * resource received, and every day as CSV. The counting rules written on the
 * page are docs/GROWTH.md's, in short. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "growth/store.h"
#include "ledger/ledger.h"
#include "network/network.h"
#include "web/chart.h"
#include "web/model.h"

typedef struct ChartDef {
    const char *id, *title, *rule;
    bool lines;
    int fig[CHART_SERIES_MAX];   /* ends at -1 or the fourth */
} ChartDef;

static const ChartDef chart_defs[] = {
    { "chapters", N_("Chapters by status"),
      N_("At the end of each period. Active: a meeting held in the last 90 days; forming: not yet three meetings held; dormant: "
      "none in 90 days. Closed chapters are left out."),
      true, { GF_ACTIVE, GF_FORMING, GF_DORMANT, -1 } },
    { "members", N_("Members and connectors"),
      N_("People in at least one chapter at the end of each period, each counted once; connectors run at least one."), true,
      { GF_MEMBERS, GF_CONNECTORS, -1 } },
    { "joining", N_("Joining and leaving"), N_("People who became members, and who stopped being members, during each period."), false,
      { GF_MEMBERS_NEW, GF_MEMBERS_LEFT, -1 } },
    { "meetings", N_("Meetings held"), N_("Chapter meetings marked held, by the day they started. Cancelled meetings do not count."),
      false, { GF_MEETINGS, -1 } },
    { "attendance", N_("Attendance at meetings"),
      N_("At the meetings held: the members who answered yes, the people marked present, and those present who had come to an "
      "earlier meeting of the same chapter."),
      false, { GF_RSVPS, GF_CHECKINS, GF_RETURNING, -1 } },
    { "events", N_("Events"), N_("Events that took place in each period and were not cancelled, counted for their host."), false,
      { GF_EVENTS, -1 } },
    { "tickets", N_("Tickets and check-ins"), N_("The tickets of those events (not the waitlist, not cancelled) and those checked in."),
      false, { GF_TICKETS, GF_EVENT_CHECKINS, -1 } },
    { "items", N_("Items in the commons"), N_("Items published and not withdrawn at the end of each period."), true, { GF_ITEMS, -1 } },
    { "uses", N_("Uses of the commons"), N_("Uses recorded in each period by the chapters and events that used an item."), false,
      { GF_ITEM_USES, -1 } },
};


/* How the table writes a resource's amounts (kind NULL: counts), and the
 * unit the chart and its sentence count in (100 cents a euro, 60 minutes an
 * hour: whole units, the table keeping the exact amounts). */
typedef struct Amounts {
    const char *kind;
    int64_t decimals, unit;
} Amounts;

/* One chart and its table: periods × series (values[s][p]). */
static json_t *chart_json(Arena *a, const ChartDef *def, const GrowthPeriod *p, size_t np, const char *const *names,
                          int64_t *const *values, size_t ns, Amounts am, bool page)
{
    const char **label = arena_alloc(a, np * sizeof *label), **year = arena_alloc(a, np * sizeof *year);
    const char **name = arena_alloc(a, np * sizeof *name);
    ChartSeries series[CHART_SERIES_MAX];
    for (size_t i = 0; i < np; i++) label[i] = p[i].label, year[i] = p[i].year, name[i] = p[i].name;
    json_t *columns = json_array(), *rows = json_array();
    const int64_t *shown[CHART_SERIES_MAX];
    for (size_t s = 0; s < ns; s++) {
        int64_t *w = values[s];
        if (am.unit > 1) {
            w = arena_alloc(a, (np ? np : 1) * sizeof *w);
            for (size_t i = 0; i < np; i++) w[i] = values[s][i] / am.unit;
        }
        shown[s] = w;
        series[s] = (ChartSeries){ names[s], w };
        json_array_append_new(columns, json_string(names[s]));
    }
    for (size_t i = 0; i < np; i++) {
        /* the values as numbers (amounts in the smallest unit the books keep); amounts also as people
         * write them. Plain values, not an object each: the answer is a tenth of the objects to write. */
        json_t *cells = json_array(), *row = json_pack("{s:s, s:o}", "name", p[i].name, "cells", cells);
        json_t *texts = am.kind ? json_array() : NULL;
        for (size_t s = 0; s < ns; s++) {
            json_array_append_new(cells, json_integer(values[s][i]));
            if (texts) json_array_append_new(texts, json_string(amount_format(a, values[s][i], am.kind, am.decimals)));
        }
        if (texts) json_object_set_new(row, "texts", texts);
        json_array_append_new(rows, row);
    }
    const char *desc = growth_chart_desc(a, p, np, names, shown, ns, def->lines);
    Chart ch = { .id = arena_printf(a, "chart-%s", def->id), .title = tr(def->title), .desc = desc, .lines = def->lines, .n = np,
                 .label = label, .year = year, .name = name, .series = series, .nseries = ns };
    json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o}", "id", def->id, "title", tr(def->title), "rule", tr(def->rule),
                          "desc", desc, "is_lines", def->lines, "is_amounts", am.kind != NULL, "columns", columns, "rows", rows);
    if (page) model_set_html(v, "_chart_html", chart_svg(a, &ch));   /* the API has the table */
    return v;
}

static json_t *figure_charts(Arena *a, const GrowthDays *d, const GrowthPeriod *p, size_t np, bool chapter, bool page)
{
    json_t *out = json_array();
    for (size_t k = 0; k < sizeof chart_defs / sizeof *chart_defs; k++) {
        const ChartDef *def = &chart_defs[k];
        if (chapter && str_eq(def->id, "chapters")) continue;   /* a chapter's own status is in its headline */
        const char *names[CHART_SERIES_MAX];
        int64_t *values[CHART_SERIES_MAX];
        size_t ns = 0;
        for (; ns < CHART_SERIES_MAX && def->fig[ns] >= 0; ns++) {
            int f = def->fig[ns];
            names[ns] = tr(growth_figures[f].label);
            values[ns] = arena_alloc(a, np * sizeof(int64_t));
            for (size_t i = 0; i < np; i++) values[ns][i] = growth_period_value(&p[i], d->v[f], growth_figures[f].stock);
        }
        json_array_append_new(out, chart_json(a, def, p, np, names, values, ns, (Amounts){ NULL, 0, 1 }, page));
    }
    return out;
}

/* A chart per resource received: money in its currency, hours, goods, favours. */
static int received_charts(DbConn *c, Err *e, Arena *a, const GrowthDays *d, const GrowthPeriod *p, size_t np, json_t *charts,
                           bool page)
{
    json_t *res = growth_store_resources(c, e);
    if (!res) return -1;
    for (size_t r = 0; r < d->nres; r++) {
        json_t *info = json_object_get(res, d->resource[r]);
        const char *kind = json_string_value(json_object_get(info, "kind"));
        const char *rname = resource_name_label(json_string_value(json_object_get(info, "name")));
        Amounts am = { kind ? kind : "goods", json_integer_value(json_object_get(info, "decimals")), 1 };
        bool money = str_eq(am.kind, "money");
        if (str_eq(am.kind, "time")) am.unit = 60;
        for (int64_t k = 0; money && k < am.decimals; k++) am.unit *= 10;
        int64_t *v = arena_alloc(a, (np ? np : 1) * sizeof(int64_t));
        for (size_t i = 0; i < np; i++) v[i] = growth_period_value(&p[i], d->received[r], false);
        ChartDef def = { .id = arena_printf(a, "received-%s", d->resource[r]),
                         .title = money ? arena_printf(a, _("Received in %s"), d->resource[r]) : arena_printf(a, _("%s received"), rname),
                         .rule = _("What the books received from members and organisations in each period: income and "
                                   "contributions, less what was given back.") };
        const char *names[1] = { money ? d->resource[r] : (rname ? rname : d->resource[r]) };
        json_array_append_new(charts, chart_json(a, &def, p, np, names, &v, 1, am, page));
    }
    json_decref(res);
    return 0;
}

/* The sum of v over the `days` days ending at index `last` (fewer at the start). */
static int64_t sum_back(const int64_t *v, size_t last, size_t days)
{
    int64_t s = 0;
    for (size_t i = 0; i < days && i <= last; i++) s += v[last - i];
    return s;
}

static json_t *figure(Arena *a, const char *key, const char *label, json_t *value, const char *change, const char *rule)
{
    json_t *v = json_pack("{s:s, s:s, s:o, s:s}", "key", key, "label", label, "value", value, "rule", rule);
    json_object_set_new(v, "text", json_is_integer(value) ? json_string(arena_printf(a, "%lld", (long long)json_integer_value(value)))
                                                           : json_string("—"));
    if (change) json_object_set_new(v, "change", json_string(change));
    return v;
}

/* The change of a stock over the last 30 days, in words (NULL without 30 days before). */
static const char *change30(Arena *a, const GrowthDays *d, int f)
{
    size_t last = d->n - 1;
    if (last < 30) return NULL;
    int64_t delta = d->v[f][last] - d->v[f][last - 30];
    return delta ? arena_printf(a, _("%+lld in 30 days"), (long long)delta) : _("unchanged in 30 days");
}

static json_t *headline(Arena *a, const GrowthDays *d, bool chapter)
{
    size_t last = d->n - 1;
    json_t *out = json_array();
    if (!chapter) {
        json_array_append_new(out, figure(a, "chapters_active", _("Active chapters"), json_integer(d->v[GF_ACTIVE][last]),
                                          change30(a, d, GF_ACTIVE), _("A meeting held in the last 90 days.")));
        json_array_append_new(out, figure(a, "chapters_forming", _("Forming chapters"), json_integer(d->v[GF_FORMING][last]),
                                          change30(a, d, GF_FORMING), _("Not yet three meetings held.")));
    }
    json_array_append_new(out, figure(a, "members", _("Members"), json_integer(d->v[GF_MEMBERS][last]), change30(a, d, GF_MEMBERS),
                                      _("People in at least one chapter, each counted once.")));
    json_array_append_new(out, figure(a, "connectors", _("Connectors"), json_integer(d->v[GF_CONNECTORS][last]),
                                      change30(a, d, GF_CONNECTORS), _("People who run at least one chapter.")));
    int64_t held = sum_back(d->v[GF_MEETINGS], last, 30), before = last >= 30 ? sum_back(d->v[GF_MEETINGS], last - 30, 30) : -1;
    json_array_append_new(out, figure(a, "meetings_30", _("Meetings held, last 30 days"), json_integer(held),
                                      before >= 0 ? arena_printf(a, _("%lld the 30 days before"), (long long)before) : NULL,
                                      _("Chapter meetings marked held.")));
    int64_t yes = sum_back(d->v[GF_RSVPS], last, 90), came = sum_back(d->v[GF_CHECKINS], last, 90);
    json_array_append_new(out, figure(a, "show_up_90", _("Came, per 100 yes answers"), yes ? json_integer(came * 100 / yes) : json_null(),
                                      yes ? arena_printf(a, _("%lld check-ins, %lld yes answers in 90 days"), (long long)came, (long long)yes)
                                          : _("no yes answers in 90 days"),
                                      _("People marked present at meetings of the last 90 days, per 100 who answered yes (walk-ins "
                                        "can take it over 100).")));
    bool live = !d->backfill[last];
    json_array_append_new(out, figure(a, "at_risk", chapter ? _("Rules broken") : _("Chapters needing attention"),
                                      live ? json_integer(chapter ? (int64_t)__builtin_popcountll((unsigned long long)d->risk[last])
                                                                  : d->v[GF_AT_RISK][last])
                                           : json_null(),
                                      live ? NULL : _("counted from the next day taken when it ends"),
                                      _("No meeting in 60 days, attendance falling, a single connector, or no meeting ahead.")));
    return out;
}

/* A chapter's risks on the last day, named. */
static json_t *risks(const GrowthDays *d)
{
    json_t *out = json_array();
    if (!d->n || d->backfill[d->n - 1]) return out;
    for (unsigned bit = 1; bit <= RISK_ALL; bit <<= 1)
        if ((unsigned)d->risk[d->n - 1] & bit) json_array_append_new(out, json_string(growth_risk_name(bit)));
    return out;
}

static json_t *ranges(GrowthRange current)
{
    json_t *out = json_array();
    for (int r = 0; r < GROWTH_RANGES; r++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key", growth_range_key((GrowthRange)r), "words",
                                             growth_range_words((GrowthRange)r), "is_current", r == (int)current));
    return out;
}

static json_t *dashboard_build(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, GrowthRange r, int64_t last,
                               bool page)
{
    json_t *v = json_pack("{s:s, s:o, s:b}", "range", growth_range_key(r), "ranges", ranges(r), "has_days", false);
    if (!last) return v;
    GrowthDays d;
    if (growth_days_read(c, e, a, kind, id, growth_range_from(r, last), last, &d) < 0) {
        json_decref(v);
        return NULL;
    }
    if (!d.n) return v;
    GrowthPeriod *p;
    size_t np = growth_periods(a, d.day, d.n, r, &p);
    bool chapter = str_eq(kind, "chapter");
    json_t *charts = figure_charts(a, &d, p, np, chapter, page);
    if (received_charts(c, e, a, &d, p, np, charts, page) < 0) {
        json_decref(charts);
        json_decref(v);
        return NULL;
    }
    int64_t rebuilt_until = 0;
    for (size_t i = 0; i < d.n; i++)
        if (d.backfill[i]) rebuilt_until = d.day[i];
    json_object_set_new(v, "has_days", json_true());
    json_object_set_new(v, "first_day", json_string(growth_day_words(a, d.day[0])));
    json_object_set_new(v, "last_day", json_string(growth_day_words(a, d.day[d.n - 1])));
    json_object_set_new(v, "days", json_integer((json_int_t)d.n));
    if (rebuilt_until) json_object_set_new(v, "rebuilt_until", json_string(growth_day_words(a, rebuilt_until)));
    json_object_set_new(v, "headline", headline(a, &d, chapter));
    json_object_set_new(v, "charts", charts);
    if (chapter) {
        int64_t s = d.n - 1;
        const char *status = d.v[GF_ACTIVE][s] ? "active" : d.v[GF_FORMING][s] ? "forming" : d.v[GF_DORMANT][s] ? "dormant" : "closed";
        json_object_set_new(v, "status", json_string(status));
        json_object_set_new(v, "_status_label", json_string(chapter_status_label(status)));
        json_object_set_new(v, "risks", risks(&d));
    }
    return v;
}

/* ---------- the dashboards kept ----------
 * A dashboard's figures change only when a day is taken, once a day: the
 * model of a scope and range (for a page, or for the API without the
 * drawings) is kept for the requests that follow, keyed by the database, the
 * language it is written in (the figures' names and rules, the dates) and the
 * last day taken (a new day, or figures taken again, make a new one). A
 * request gets a copy of the top of the model, to add its own keys to; what
 * is below is shared and never changed (jansson counts its references
 * atomically). The least recently used of CACHE_SLOTS goes. */
#define CACHE_SLOTS 32

typedef struct Kept {
    const void *db;
    bool page;
    char kind[8];
    int64_t id, last_day;
    GrowthRange range;
    Lang lang;
    uint64_t used;
    json_t *v;
} Kept;

static Kept kept[CACHE_SLOTS];
static uint64_t kept_clock;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static bool kept_is(const Kept *k, const void *db, bool page, const char *kind, int64_t id, GrowthRange r, int64_t last)
{
    return k->v && k->db == db && k->page == page && k->id == id && k->range == r && k->last_day == last && str_eq(k->kind, kind) &&
           k->lang == i18n_lang();
}

static json_t *kept_find(const void *db, bool page, const char *kind, int64_t id, GrowthRange r, int64_t last)
{
    json_t *out = NULL;
    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < CACHE_SLOTS && !out; i++)
        if (kept_is(&kept[i], db, page, kind, id, r, last)) {
            kept[i].used = ++kept_clock;
            out = json_copy(kept[i].v);
        }
    pthread_mutex_unlock(&kept_lock);
    return out;
}

static void kept_put(const void *db, bool page, const char *kind, int64_t id, GrowthRange r, int64_t last, json_t *v)
{
    pthread_mutex_lock(&kept_lock);
    int slot = 0;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (kept_is(&kept[i], db, page, kind, id, r, last)) {
            slot = i;
            break;
        }
        if (kept[i].used < kept[slot].used) slot = i;
    }
    json_decref(kept[slot].v);
    kept[slot] = (Kept){ .db = db, .page = page, .id = id, .last_day = last, .range = r, .lang = i18n_lang(), .used = ++kept_clock,
                         .v = json_copy(v) };
    snprintf(kept[slot].kind, sizeof kept[slot].kind, "%s", kind);
    pthread_mutex_unlock(&kept_lock);
}

json_t *growth_dashboard(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, GrowthRange r, bool page)
{
    int64_t last;
    if (growth_last_day(c, e, &last) < 0) return NULL;
    const void *db = db_of(c);
    json_t *v = kept_find(db, page, kind, id, r, last);
    if (v) return v;
    if (!(v = dashboard_build(c, e, a, kind, id, r, last, page))) return NULL;
    kept_put(db, page, kind, id, r, last, v);
    return v;
}

int growth_csv(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, Buf *b)
{
    int64_t last;
    GrowthDays d;
    if (growth_last_day(c, e, &last) < 0 || growth_days_read(c, e, a, kind, id, 0, last, &d) < 0) return -1;
    json_t *res = growth_store_resources(c, e);
    if (!res) return -1;
    buf_adds(b, "day");
    for (int f = 0; f < GF_COUNT; f++) buf_printf(b, ",%s", growth_figures[f].column);
    buf_adds(b, ",risk_flags,is_backfill");
    for (size_t r = 0; r < d.nres; r++) {   /* hours as minutes, exactly as the books keep them */
        json_t *info = json_object_get(res, d.resource[r]);
        buf_printf(b, ",received_%s%s", d.resource[r], str_eq(json_string_value(json_object_get(info, "kind")), "time") ? "_minutes" : "");
    }
    buf_adds(b, "\r\n");
    for (size_t i = 0; i < d.n; i++) {
        const char *day = growth_day_iso(a, d.day[i]);
        buf_adds(b, day);
        for (int f = 0; f < GF_COUNT; f++) buf_printf(b, ",%lld", (long long)d.v[f][i]);
        buf_printf(b, ",%lld,%d", (long long)d.risk[i], d.backfill[i] ? 1 : 0);
        for (size_t r = 0; r < d.nres; r++) {
            json_t *info = json_object_get(res, d.resource[r]);
            const char *rkind = json_string_value(json_object_get(info, "kind"));
            buf_printf(b, ",%s", str_eq(rkind, "time") ? arena_printf(a, "%lld", (long long)d.received[r][i])
                                                       : amount_format(a, d.received[r][i], rkind, json_integer_value(json_object_get(info, "decimals"))));
        }
        buf_adds(b, "\r\n");
    }
    json_decref(res);
    return 0;
}
