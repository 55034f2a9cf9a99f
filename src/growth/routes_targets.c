/* routes_targets.c - setting a target on a dashboard (the network's, a
 * place's, a sector's) and removing one. */
#include <time.h>

#include "base/str.h"
#include "growth/growth.h"
#include "network/network.h"

/* The scope the route names: 0, or -1 answered (an unknown sector). */
static int target_scope(Req *r, const char *kind, TargetIn *in)
{
    in->scope_kind = kind;
    if (str_eq(kind, "place")) in->scope_id = r->place_id;
    if (str_eq(kind, "sector")) {
        Err e = { 0 };
        json_t *row = NULL;
        int found = sector_by_slug(r->db, &e, req_param(r, "sector"), &row);
        if (found <= 0) return found < 0 ? req_fail_err(r, &e) : req_fail(r, E_NOT_FOUND, "There is no such sector.");
        in->scope_id = json_integer_value(json_object_get(req_own(r, row), "id"));
    }
    return 0;
}

static int target_create(Req *r, const char *kind, int (*show)(Req *r), const char *path)
{
    TargetIn in = { .figure = req_input(r, "figure"), .kind = req_input(r, "kind"), .target = req_input(r, "target"),
                    .by_day = req_input(r, "by_day"), .per_month = req_input(r, "per_month"), .note = req_input(r, "note"),
                    .by = r->me.id, .now = time(NULL) };
    if (target_scope(r, kind, &in) < 0) return -1;
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    int64_t id = 0;
    if (growth_target_set(r->db, &e, &r->me, &in, f, &id) < 0) {
        if (!req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        if (!r->api && show(r) < 0) return -1;
        return req_invalid(r, "growth/dashboard");
    }
    req_set_int(r, "id", id);
    return req_created(r, req_printf(r, "%s#targets", path), "The target is set.");
}

int growth_network_target_create(Req *r) { return target_create(r, "network", growth_network_show, "/growth"); }
int growth_place_target_create(Req *r)
{
    return target_create(r, "place", growth_place_show, req_printf(r, "/places/%s/growth", req_param(r, "place")));
}
int growth_sector_target_create(Req *r)
{
    return target_create(r, "sector", growth_sector_show, req_printf(r, "/sectors/%s/growth", req_param(r, "sector")));
}

int growth_target_delete(Req *r)
{
    Err e = { 0 };
    const char *path = "/growth";
    if (growth_target_remove(r->db, &e, r->arena, &r->me, req_id(r, "target"), &path) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "%s#targets", path), "The target is removed.");
}
