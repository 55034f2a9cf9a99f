/* routes.c - growth's dashboards (the network, a place, a sector, a chapter)
 * and their CSV, and the Feature: its path loaders and its periodic work (the
 * daily snapshot, snapshot.c, and the formation funnel's later steps,
 * funnel_tick.c). Targets are in routes_targets.c, the lists of chapters
 * needing attention and the white space in routes_lists.c, the funnel's
 * handlers in routes_funnel.c. */
#include "base/i18n.h"
#include "base/str.h"
#include "growth/growth.h"
#include "ledger/ledger.h"
#include "network/network.h"
#include "web/feature.h"

/* The scope a dashboard route names: the network, the {place} or {chapter}
 * the guard loaded, or the {sector} looked up here. 0, or -1 answered. */
typedef struct Scope {
    const char *kind, *name, *slug, *path;   /* path: the dashboard's address */
    int64_t id;
} Scope;

static int scope_of(Req *r, const char *kind, Scope *s)
{
    *s = (Scope){ .kind = kind, .name = "The network", .slug = "", .path = "/growth" };
    json_t *obj = NULL;
    if (str_eq(kind, "place")) obj = r->place, s->id = r->place_id;
    if (str_eq(kind, "chapter")) obj = r->chapter, s->id = r->chapter_id;
    if (str_eq(kind, "sector")) {
        Err e = { 0 };
        const char *slug = req_param(r, "sector");
        int found = sector_by_slug(r->db, &e, slug, &obj);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "There is no sector called \"%s\".", slug);
        req_own(r, obj);
        s->id = json_integer_value(json_object_get(obj, "id"));
    }
    if (obj) {
        s->name = json_string_value(json_object_get(obj, "name"));
        s->slug = json_string_value(json_object_get(obj, "slug"));
        s->path = req_printf(r, "/%ss/%s/growth", kind, s->slug);
    }
    return 0;
}

static int dashboard(Req *r, const char *kind)
{
    Scope s;
    if (scope_of(r, kind, &s) < 0) return -1;
    Err e = { 0 };
    GrowthRange range = growth_range_parse(req_query(r, "range"));
    json_t *v = req_own(r, growth_dashboard(r->db, &e, r->arena, s.kind, s.id, range, !r->api));
    if (!v) return req_fail_err(r, &e);
    json_t *targets = str_eq(kind, "chapter") ? json_array() : growth_targets_view(r->db, &e, r->arena, &r->me, s.kind, s.id);
    if (!targets) return req_fail_err(r, &e);
    json_object_set_new(v, "targets", targets);
    json_object_set_new(v, "scope", json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", s.kind, "name", s.name, "slug", s.slug, "path",
                                              s.path, "csv", req_printf(r, "%s.csv", s.path)));
    json_object_set_new(v, "is_network", json_boolean(str_eq(kind, "network")));
    json_object_set_new(v, "is_chapter", json_boolean(str_eq(kind, "chapter")));
    int may = growth_may_set_target(r->db, &e, &r->me, s.kind, s.id);
    if (may < 0) return req_fail_err(r, &e);
    json_object_set_new(v, "can_set_target", json_boolean(may > 0));
    if (may > 0 && !r->api) json_object_set_new(v, "_target_form", growth_target_form(s.kind));
    req_view(r, json_incref(v), &e);
    return req_page(r, "growth/dashboard");
}

static int csv(Req *r, const char *kind)
{
    Scope s;
    if (scope_of(r, kind, &s) < 0) return -1;
    Err e = { 0 };
    if (growth_csv(r->db, &e, r->arena, s.kind, s.id, &r->body) < 0) return req_fail_err(r, &e);
    req_header(r, "Content-Disposition",
               req_printf(r, "attachment; filename=\"%s-growth.csv\"", *s.slug ? s.slug : "network"));
    return req_raw(r, "text/csv; charset=utf-8");
}

int growth_network_show(Req *r) { return dashboard(r, "network"); }
int growth_place_show(Req *r) { return dashboard(r, "place"); }
int growth_sector_show(Req *r) { return dashboard(r, "sector"); }
int growth_chapter_show(Req *r) { return dashboard(r, "chapter"); }
int growth_network_csv(Req *r) { return csv(r, "network"); }
int growth_place_csv(Req *r) { return csv(r, "place"); }
int growth_sector_csv(Req *r) { return csv(r, "sector"); }
int growth_chapter_csv(Req *r) { return csv(r, "chapter"); }

static const PathLoader loaders[] = {
    { "target", N_("There is no target numbered \"%s\"."), NULL, NULL },
    { "application", N_("There is no application numbered \"%s\"."), funnel_application_load,
      N_("Only an administrator or a member of the committee of the application's place can review it, and never its applicant.") },
    { NULL },
};

const Feature growth_feature = { .name = "growth", .tick = growth_tick, .loaders = loaders };
