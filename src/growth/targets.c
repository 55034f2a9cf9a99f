/* targets.c - setting and removing targets, and each target against its
 * figure for the dashboards (the rules are rules_targets.c and
 * growth_target() in rules.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "governance/governance.h"
#include "growth/store.h"

/* Whether `me` may target the scope (see growth_may_target): 1, 0, -1. */
int growth_may_set_target(DbConn *c, Err *e, const Me *me, const char *kind, int64_t id)
{
    if (!me->id) return 0;
    if (me->is_admin) return 1;
    if (!str_eq(kind, "network") && !str_eq(kind, "place")) return 0;
    json_t *slug_row = NULL, *mine = committees_of(c, e, me->id, time(NULL));
    if (!mine) return -1;
    if (str_eq(kind, "place") && growth_store_place_slug(c, e, id, &slug_row) < 0) {
        json_decref(mine);
        return -1;
    }
    size_t n = json_array_size(mine);
    const char **keys = calloc(n ? n : 1, sizeof *keys);
    for (size_t i = 0; i < n; i++) keys[i] = json_string_value(json_object_get(json_array_get(mine, i), "key"));
    bool may = growth_may_target(false, kind, json_string_value(json_object_get(slug_row, "slug")), keys, n);
    free(keys);
    json_decref(mine);
    json_decref(slug_row);
    return may;
}

typedef struct SetCtx {
    const TargetIn *in;
    const TargetValues *v;
    int64_t *id;
} SetCtx;

static int set_tx(DbConn *c, void *ctx, Err *e)
{
    SetCtx *s = ctx;
    return growth_store_target_insert(c, e, s->in, s->v, s->id);
}

int growth_target_set(DbConn *c, Err *e, const Me *me, const TargetIn *in, FieldErrs *f, int64_t *id)
{
    int may = growth_may_set_target(c, e, me, in->scope_kind, in->scope_id);
    if (may <= 0) return may < 0 ? -1 : err_set(e, E_FORBIDDEN, "Only an administrator or the place's committee can set its targets.");
    TargetValues v;
    if (growth_target_check(in, f, &v) < 0) return fields_failed(e, f);
    SetCtx s = { in, &v, id };
    return db_write(c, set_tx, &s, e);
}

static int remove_tx(DbConn *c, void *ctx, Err *e) { return growth_store_target_delete(c, e, *(int64_t *)ctx); }

int growth_target_remove(DbConn *c, Err *e, Arena *a, const Me *me, int64_t id, const char **path)
{
    json_t *row = NULL;
    int found = growth_store_target_get(c, e, id, &row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such target.");
    int may = growth_may_set_target(c, e, me, json_string_value(json_object_get(row, "scope_kind")),
                                    json_integer_value(json_object_get(row, "scope_id")));
    const char *kind = json_string_value(json_object_get(row, "scope_kind"));
    const char *slug = json_string_value(json_object_get(row, "slug"));
    *path = slug ? arena_printf(a, "/%ss/%s/growth", kind, slug) : "/growth";
    json_decref(row);
    if (may < 0) return -1;
    if (!may) return err_set(e, E_FORBIDDEN, "Only an administrator or the place's committee can remove this target.");
    return db_write(c, remove_tx, &id, e);
}

static double per_month(double per_day) { return round(per_day * GROWTH_MONTH_DAYS * 10) / 10; }

/* A level target against the series (its latest day `today`). */
static void level_view(json_t *t, const int64_t *v, size_t n, int64_t today, Arena *a)
{
    int64_t target = json_integer_value(json_object_get(t, "target")), by = json_integer_value(json_object_get(t, "by_day"));
    GrowthTarget g = growth_target(v, n, today, target, by);
    json_object_set_new(t, "state", json_integer(g.state));
    json_object_set_new(t, "state_name", json_string(growth_target_state_name(g.state)));
    json_object_set_new(t, "remaining", json_integer(g.remaining));
    json_object_set_new(t, "days_left", json_integer(g.days_left));
    json_object_set_new(t, "percent", json_integer(target ? (g.value >= target ? 100 : g.value * 100 / target) : 0));
    json_object_set_new(t, "needed_per_month", g.needed_per_day >= 0 ? json_real(per_month(g.needed_per_day)) : json_null());
    json_object_set_new(t, "by_words", json_string(growth_day_words(a, by)));
    if (g.at_date.known)
        json_object_set_new(t, "projection", json_pack("{s:I, s:I, s:I}", "mid", (json_int_t)llround(g.at_date.mid), "low",
                                                       (json_int_t)llround(g.at_date.low), "high", (json_int_t)llround(g.at_date.high)));
    json_object_set_new(t, "last30_per_month", g.last30.known ? json_real(per_month(g.last30.per_day)) : json_null());
    json_object_set_new(t, "last90_per_month", g.last90.known ? json_real(per_month(g.last90.per_day)) : json_null());
    json_object_set_new(t, "value", json_integer(g.value));
}

/* A pace target: kept or not by the last 30 days. */
static void rate_view(json_t *t, const int64_t *v, size_t n)
{
    double want = (double)json_integer_value(json_object_get(t, "per_month"));
    GrowthPace p30 = growth_pace(v, n, 30), p90 = growth_pace(v, n, 90);
    bool kept = growth_rate_kept(p30, want);
    json_object_set_new(t, "value", json_integer(n ? v[n - 1] : 0));
    json_object_set_new(t, "last30_per_month", p30.known ? json_real(per_month(p30.per_day)) : json_null());
    json_object_set_new(t, "last90_per_month", p90.known ? json_real(per_month(p90.per_day)) : json_null());
    json_object_set_new(t, "state_name", json_string(!p30.known ? "too early to say" : kept ? "kept" : "not kept"));
    json_object_set_new(t, "state", json_integer(!p30.known ? TARGET_UNKNOWN : kept ? TARGET_ON_TRACK : TARGET_OFF_TRACK));
}

json_t *growth_targets_view(DbConn *c, Err *e, Arena *a, const Me *me, const char *kind, int64_t id)
{
    json_t *rows = growth_store_targets(c, e, kind, id);
    if (!rows || !json_array_size(rows)) return rows;
    int64_t last;
    GrowthDays d = { 0 };
    int may = growth_may_set_target(c, e, me, kind, id);
    if (may < 0 || growth_last_day(c, e, &last) < 0 ||
        (last && growth_days_read(c, e, a, kind, id, last - 90 * (int64_t)GROWTH_DAY, last, &d) < 0)) {
        json_decref(rows);
        return NULL;
    }
    json_t *t;
    size_t i;
    json_array_foreach(rows, i, t) {
        const char *figure = json_string_value(json_object_get(t, "figure"));
        const int64_t *v = growth_target_series(a, &d, figure);
        bool rate = json_is_integer(json_object_get(t, "per_month"));
        json_object_set_new(t, "words", json_string(growth_target_figure_words(figure)));
        json_object_set_new(t, "is_rate", json_boolean(rate));
        json_object_set_new(t, "can_remove", json_boolean(may > 0));
        if (rate) rate_view(t, v, d.n);
        else level_view(t, v, d.n, last, a);
        json_int_t state = json_integer_value(json_object_get(t, "state"));
        json_object_set_new(t, "state_key", json_string(state == TARGET_ON_TRACK || state == TARGET_REACHED ? "good"
                                                        : state == TARGET_UNKNOWN                          ? "unknown"
                                                                                                           : "bad"));
    }
    return rows;
}
