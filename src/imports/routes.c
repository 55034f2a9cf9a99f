/* routes.c - the handlers of an import of members (the upload form, the
 * upload, its preview or report, the confirmation) and the Feature. A
 * chapter's connectors and administrators may import (the route flags); each
 * sees only the imports they uploaded. */
#include "base/figures.h"
#include "base/i18n.h"
#include "base/str.h"
#include "imports/internal.h"
#include "web/app.h"
#include "web/model.h"

static const char *chapter_slug(Req *r)
{
    return json_string_value(json_object_get(r->chapter, "slug"));
}

static const char *chapter_name(Req *r)
{
    return json_string_value(json_object_get(r->chapter, "name"));
}

void import_form_model(Req *r)
{
    size_t max = r->app->max_body;
    req_set_str(r, "max_rows", figure_text(r->arena, IMPORT_MAX_ROWS));
    req_set_str(r, "max_size", max % (1 << 20) == 0 ? req_printf(r, "%zu MB", max >> 20)
                                                    : req_printf(r, "%s KB", figure_text(r->arena, (int64_t)(max >> 10))));
    req_form_values(r, NULL);
}

/* What the members' upload form shows besides its fields. */
static void form_model(Req *r)
{
    req_set(r, "chapter", json_incref(r->chapter));
    import_form_model(r);
}

int import_members_form(Req *r)
{
    form_model(r);
    return req_page(r, "imports/upload");
}

int import_members_submit(Req *r)
{
    Err e = { 0 };
    MembersUpload u = { .chapter_id = r->chapter_id, .by = r->me.id, .filename = req_input(r, "csv.filename"),
                        .csv = req_input_raw(r, "csv"), .now = now_unix(), .a = r->arena };
    if (import_members_upload(r->db, &e, &u) < 0) {
        if (!req_form_refused(r, NULL, &e)) return req_fail_err(r, &e);
        form_model(r);
        return req_invalid(r, "imports/upload");
    }
    const char *at = req_printf(r, "/chapters/%s/import/%lld", chapter_slug(r), (long long)u.id);
    if (r->api) {
        json_t *v = NULL;
        if (import_members_get(r->db, &e, u.id, r->chapter_id, r->me.id, now_unix(), &v) <= 0) return req_fail_err(r, &e);
        req_set(r, "import", v);
    }
    return req_created(r, at, "Your file is read: check what it would do, then confirm.");
}

int import_members_show(Req *r)
{
    Err e = { 0 };
    json_t *v = NULL;
    int found = import_members_get(r->db, &e, req_id(r, "id"), r->chapter_id, r->me.id, now_unix(), &v);
    if (found < 0) return req_fail_err(r, &e);
    if (!found)
        return req_fail(r, 404, "There is no such import: an upload waits an hour for its confirmation. Upload the file again.");
    int64_t n = json_integer_value(json_object_get(v, "to_import")), total = json_integer_value(json_object_get(v, "total"));
    const char *what = req_printf(r, trn("%s member", "%s members", n), figure_text(r->arena, n));
    json_object_set_new(v, "confirm_text", json_string(req_printf(r, _("Import %s into %s?"), what, chapter_name(r))));
    json_object_set_new(v, "confirm_button", json_string(req_printf(r, _("Import %s"), what)));
    json_object_set_new(v, "total_words", json_string(req_printf(r, trn("%s row", "%s rows", total), figure_text(r->arena, total))));
    json_object_set_new(v, "is_meetup", json_boolean(str_eq(json_string_value(json_object_get(v, "format")), "meetup")));
    model_set_figures(v, r->arena);
    req_set(r, "import", v);
    req_set(r, "chapter", json_incref(r->chapter));
    return req_page(r, "imports/preview");
}

int import_members_apply(Req *r)
{
    Err e = { 0 };
    MembersConfirm k = { .id = req_id(r, "id"), .chapter_id = r->chapter_id, .by = r->me.id,
                         .chapter_name = chapter_name(r),
                         .chapter_status = json_string_value(json_object_get(r->chapter, "status")),
                         .inviter = r->me.name, .send_invitations = req_input_bool(r, "send_invitations"),
                         .public_url = r->app->public_url, .now = now_unix(), .a = r->arena };
    if (import_members_confirm(r->db, &e, &k) < 0) return req_fail_err(r, &e);
    req_set(r, "result", json_pack("{s:I, s:I, s:I}", "imported", (json_int_t)k.imported, "skipped", (json_int_t)k.skipped,
                                   "invited", (json_int_t)k.invited));
    return req_redirect(r, req_printf(r, "/chapters/%s/import/%lld", chapter_slug(r), (long long)k.id),
                        req_printf(r, "%s imported into %s; %s skipped as member%s already.", figure_text(r->arena, k.imported),
                                   chapter_name(r), figure_text(r->arena, k.skipped), k.skipped == 1 ? "" : "s"));
}

const Feature imports_feature = {
    .name = "imports",
    .tick = imports_tick,
};
