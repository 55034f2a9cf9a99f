/* routes_uses.c - recording that a chapter of this node used an item that
 * lives on a peer node: the form (/commons/peers/{id}/use, from the commons'
 * list of the peers' items) and its answer, which calls fed_use_record. */
#include "base/str.h"
#include "base/zone.h"
#include "commons/commons.h"
#include "federation/ap.h"

/* The form's model: the item as kept here, the caller's chapters, the outcomes, today. 0, or -1 (answered). */
static int use_model(Req *r)
{
    Err e = { 0 };
    json_t *item = req_own(r, fed_remote_item_row(r->db, &e, req_id(r, "id")));
    if (!item) return req_fail_err(r, &e);
    if (json_is_null(item)) return req_fail(r, E_NOT_FOUND, "No peer node's item is known here by this number.");
    const Licence *l = licence_find(json_string_value(json_object_get(item, "licence")));
    json_object_set_new(item, "licence_name", json_string(l ? l->name : "its licence on the peer"));
    json_object_del(item, "inbox");
    req_set(r, "item", json_incref(item));
    json_t *mine = fed_member_chapters(r->db, &e, r->me.id), *ch;
    if (!mine) return req_fail_err(r, &e);
    const char *typed = req_input(r, "used_by"), *outcome = req_input(r, "outcome");
    size_t i;
    json_array_foreach(mine, i, ch) {
        const char *value = arena_printf(r->arena, "chapter:%s", json_string_value(json_object_get(ch, "slug")));
        json_object_set_new(ch, "value", json_string(value));
        json_object_set_new(ch, "is_selected", json_boolean(str_eq(typed, value)));
    }
    req_set(r, "_chapters", mine);
    req_set(r, "_outcomes", use_outcome_options(outcome));
    char today[11], hm[6];
    time_local_parts(now_unix(), "UTC", today, hm);
    req_set_str(r, "today", today);
    req_form_values(r, req_own(r, json_pack("{s:s}", "used_on", today)));
    return 0;
}

int fed_peer_use_form(Req *r)
{
    if (use_model(r) < 0) return -1;
    return req_page(r, "federation/peer_use");
}

int fed_peer_use_submit(Req *r)
{
    Err e = { 0 };
    FieldErrs *problems = req_field_errs(r);
    FedUseIn in = { fed_base(r), req_id(r, "id"), req_input(r, "used_by"), req_input(r, "used_on"), req_input(r, "outcome"),
                    r->me.id, now_unix() };
    if (fed_use_record(r->db, &e, &in, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (use_model(r) < 0) return -1;
        return req_invalid(r, "federation/peer_use");
    }
    req_set(r, "use", json_pack("{s:I, s:s, s:s, s:s}", "item", (json_int_t)in.object_id, "used_by", in.used_by, "used_on",
                                in.used_on, "outcome", in.outcome));
    return req_created(r, "/commons", "The use is recorded: the node the item lives on counts it in how far it has travelled.");
}
