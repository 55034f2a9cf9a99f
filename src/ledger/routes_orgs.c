/* routes_orgs.c - handlers of an organisation's profile and of its managers:
 * the {org} loader (the guard's: who manages it), the profile's form, the
 * list of managers with the forms to add and remove them, and what the
 * organisation's page and a member's page show of them (the extend hook).
 * The operations are organisations.c's. */
#include "base/i18n.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "names/names.h"
#include "web/app.h"

int organisation_path_load(Req *r, const char *slug, Err *e)
{
    return organisation_load(r->db, e, slug, r->me.id, r->me.is_admin, &r->object, &r->object_id, &r->object_manager);
}

static const char *org_text(Req *r, const char *key)
{
    return json_string_value(json_object_get(r->object, key));
}

static const char *org_url(Req *r)
{
    return req_printf(r, "/organisations/%s", org_text(r, "slug"));
}

/* ---------- the profile ---------- */

static void edit_model(Req *r)
{
    req_set(r, "organisation", json_incref(r->object));
    req_form_values(r, r->object);
    const char *kind = json_string_value(json_object_get(json_object_get(req_model(r), "values"), "kind"));
    json_t *kinds = json_array();
    static const char *const names[][2] = { { "sponsor", N_("Sponsor") }, { "venue", N_("Venue") }, { "supplier", N_("Supplier") }, { "other", N_("Other") } };
    for (size_t i = 0; i < 4; i++)
        json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", names[i][0], "label", tr(names[i][1]), "is_selected",
                                               str_eq(kind, names[i][0])));
    req_set(r, "_kinds", kinds);
}

int organisation_edit_form(Req *r)
{
    edit_model(r);
    return req_page(r, "ledger/organisation_edit");
}

int organisation_update(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    OrgProfile o = { r->object_id, req_input(r, "name"), req_input(r, "kind"), req_input(r, "website") };
    if (!o.name) o.name = org_text(r, "name");   /* the API may send only what changes */
    if (!o.kind) o.kind = org_text(r, "kind");
    if (!o.website) o.website = org_text(r, "website");
    if (ledger_organisation_update(r->db, &e, &o, f) < 0) {
        if (!req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        edit_model(r);
        return req_invalid(r, "ledger/organisation_edit");
    }
    json_t *org = NULL;
    if (organisation_by_slug(r->db, &e, org_text(r, "slug"), &org) <= 0) return req_fail_err(r, &e);
    req_set(r, "organisation", org);
    return req_redirect(r, org_url(r), req_printf(r, _("%s is saved."), o.name));
}

/* ---------- the managers ---------- */

/* The managers into the model (and, for those who may change them, the
 * form's picker and whether one may be removed): 0, or -1 with e. */
static int managers_model(Req *r, Err *e)
{
    json_t *list = organisation_managers(r->db, e, r->object_id);
    if (!list) return -1;
    bool can_remove = r->object_manager && (r->me.is_admin || json_array_size(list) > 1);
    req_set(r, "managers", list);
    req_set_bool(r, "_show_managers", true);
    req_set_bool(r, "_can_manage", r->object_manager);
    req_set_bool(r, "_can_remove_managers", can_remove);
    if (r->object_manager && !r->api)
        names_picker(r, "member", N_("Member"), NAME_MEMBER, NULL,
                     N_("Type the member's name and choose them from the list: they may then edit this organisation and its logo, and add or remove managers."));
    return 0;
}

int organisation_managers_index(Req *r)
{
    Err e = { 0 };
    req_set(r, "organisation", json_incref(r->object));
    if (managers_model(r, &e) < 0) return req_fail_err(r, &e);
    return req_page(r, "ledger/organisation_managers");
}

/* After a change: the managers as they are now, and back to the organisation's page. */
static int managers_answer(Req *r, const char *flash, bool created)
{
    Err e = { 0 };
    json_t *list = organisation_managers(r->db, &e, r->object_id);
    if (!list) return req_fail_err(r, &e);
    req_set(r, "managers", list);
    const char *back = r->api ? req_printf(r, "%s/managers", org_url(r)) : req_printf(r, "%s#managers", org_url(r));
    return created ? req_created(r, back, flash) : req_redirect(r, back, flash);
}

int organisation_manager_add(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    OrgManagerChange m = { .org_id = r->object_id, .by = r->me.id, .by_admin = r->me.is_admin, .now = now_unix() };
    m.user_id = names_member_id(r, f, "member", NULL);
    if (!f->n && !m.user_id) field_err(f, "member", "Choose the member who will manage the organisation.");
    if (f->n || ledger_org_manager_add(r->db, &e, r->arena, &m) < 0) {
        if (f->n) fields_failed(&e, f);
        if (!req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        if (!r->api && organisation_show_model(r) < 0) return -1;
        return req_invalid(r, "ledger/organisation");
    }
    return managers_answer(r, req_printf(r, _("%s now manages %s."), m.name, org_text(r, "name")), true);
}

int organisation_manager_remove(Req *r)
{
    Err e = { 0 };
    OrgManagerChange m = { .org_id = r->object_id, .user_id = req_id(r, "member"), .by = r->me.id, .by_admin = r->me.is_admin,
                           .now = now_unix() };
    if (ledger_org_manager_remove(r->db, &e, r->arena, &m) < 0) return req_fail_err(r, &e);
    if (m.user_id == r->me.id && !r->me.is_admin)
        return managers_answer(r, req_printf(r, _("You no longer manage %s."), org_text(r, "name")), false);
    return managers_answer(r, req_printf(r, _("%s no longer manages %s."), m.name, org_text(r, "name")), false);
}

/* ---------- on the organisation's page and on a member's ---------- */

int organisation_extend(Req *r, const char *page, Err *e)
{
    if (str_eq(page, "organisation")) {
        if (!r->me.id) return 0;   /* the managers' pages are for members logged in */
        return managers_model(r, e);
    }
    if (str_eq(page, "member")) {   /* the page is for members logged in (F_LOGIN) */
        json_t *list = organisations_managed_by(r->db, e, req_id(r, "member"));
        if (!list) return -1;
        req_set(r, "managed_organisations", list);
    }
    return 0;
}
