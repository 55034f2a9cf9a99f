/* routes_chapters.c - the handlers of an import of chapters (administrators):
 * the upload form, the upload, its preview or report, the confirmation. */
#include "base/figures.h"
#include "base/i18n.h"
#include "base/str.h"
#include "imports/internal.h"
#include "web/model.h"

int import_chapters_form(Req *r)
{
    import_form_model(r);
    return req_page(r, "imports/chapters_upload");
}

int import_chapters_submit(Req *r)
{
    Err e = { 0 };
    ChaptersUpload u = { .by = r->me.id, .filename = req_input(r, "csv.filename"), .csv = req_input_raw(r, "csv"),
                         .now = now_unix(), .a = r->arena };
    if (import_chapters_upload(r->db, &e, &u) < 0) {
        if (!req_form_refused(r, NULL, &e)) return req_fail_err(r, &e);
        import_form_model(r);
        return req_invalid(r, "imports/chapters_upload");
    }
    if (r->api) {
        json_t *v = NULL;
        if (import_chapters_get(r->db, &e, u.id, r->me.id, now_unix(), &v) <= 0) return req_fail_err(r, &e);
        req_set(r, "import", v);
    }
    return req_created(r, req_printf(r, "/admin/import/%lld", (long long)u.id), "Your file is read: check what it would do, then confirm.");
}

int import_chapters_show(Req *r)
{
    Err e = { 0 };
    json_t *v = NULL;
    int found = import_chapters_get(r->db, &e, req_id(r, "id"), r->me.id, now_unix(), &v);
    if (found < 0) return req_fail_err(r, &e);
    if (!found)
        return req_fail(r, 404, "There is no such import: an upload waits an hour for its confirmation. Upload the file again.");
    int64_t n = json_integer_value(json_object_get(v, "to_import")), total = json_integer_value(json_object_get(v, "total"));
    const char *what = req_printf(r, trn("%s chapter", "%s chapters", n), figure_text(r->arena, n));
    json_object_set_new(v, "confirm_text", json_string(req_printf(r, _("Start %s, each forming, with its connector?"), what)));
    json_object_set_new(v, "confirm_button", json_string(req_printf(r, _("Start %s"), what)));
    json_object_set_new(v, "total_words", json_string(req_printf(r, trn("%s row", "%s rows", total), figure_text(r->arena, total))));
    model_set_figures(v, r->arena);
    req_set(r, "import", v);
    return req_page(r, "imports/chapters_preview");
}

int import_chapters_apply(Req *r)
{
    Err e = { 0 };
    ChaptersConfirm k = { .id = req_id(r, "id"), .by = r->me.id, .now = now_unix(), .a = r->arena };
    if (import_chapters_confirm(r->db, &e, &k) < 0) return req_fail_err(r, &e);
    req_set(r, "result", json_pack("{s:I, s:I}", "imported", (json_int_t)k.imported, "skipped", (json_int_t)k.skipped));
    return req_redirect(r, req_printf(r, "/admin/import/%lld", (long long)k.id),
                        req_printf(r, "%s chapter%s started; %s skipped as there already.", figure_text(r->arena, k.imported),
                                   k.imported == 1 ? "" : "s", figure_text(r->arena, k.skipped)));
}
