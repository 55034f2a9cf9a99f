/* routes.c - handlers of the books: a chapter's books and the forms that
 * record in them, baskets, expense claims, the network's and a place's
 * books, the business-model canvas, organisations, your own contributions,
 * and the exports (a meeting's contributions are meetings' own page:
 * src/meetings/routes_contributions.c).
 *
 * Each handler reads its input, calls one operation (record.c, claims.c,
 * accounts.c, canvas.c, export.c) or view (views.c, lines.c: what the reader
 * may see, filtered before any face sees it), and fills the model. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "names/names.h"
#include "web/app.h"
#include "web/paging.h"

/* ---------- shared by the handlers ---------- */

/* Who reads (and acts): 0, or -1 answered. */
static int viewer(Req *r, ViewerBuf *vb)
{
    Err e = { 0 };
    return ledger_viewer(r->db, &e, r->me.id, r->me.is_admin, vb) < 0 ? req_fail_err(r, &e) : 0;
}

static const char *books_path(Req *r)
{
    return req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug")));
}

static const char *today(Req *r)
{
    return time_iso_date(r->arena, now_unix());
}

/* An optional whole number (a basket's): a problem in f when it is not one. */
static int64_t input_id(Req *r, const char *name, FieldErrs *f)
{
    const char *v = req_input(r, name);
    int64_t n = 0;
    if (!str_empty(v) && !str_to_i64(v, &n)) field_err(f, name, "Please enter a whole number.");
    return n;
}

/* A write that was refused. Problems with fields (f), or a refusal at a field
 * (e->field: the gate's 403 and 409 keep their status when `keep`, else
 * 422), are shown at the field: the API lists them; a person sees the form
 * again (`view`, once `model` filled its page: the one place where the faces
 * differ, as only the page needs what surrounds the form). Anything else is
 * an error. */
static int refused(Req *r, const Err *e, const FieldErrs *f, bool keep, int (*model)(Req *), const char *view)
{
    bool at_field = e->field[0] && (e->code == E_INVALID || e->code == E_CONFLICT || e->code == E_FORBIDDEN);
    if (!f->n && !at_field) return req_fail_err(r, e);
    for (int i = 0; i < f->n; i++) req_error(r, f->at[i].field, "%s", f->at[i].msg);
    if (!f->n) req_error(r, e->field, "%s", e->msg);
    if (!r->api && model && model(r) < 0) return -1;
    req_invalid(r, r->api ? NULL : view);
    if (!f->n && keep) r->err.code = e->code;
    return -1;
}

/* Reads ?from= and ?to= (days) for a statement; defaults to everything. */
static int read_period(Req *r, const char **from, const char **to)
{
    *from = req_query(r, "from");
    *to = req_query(r, "to");
    int y, m, d;
    if (str_empty(*from)) *from = "0000-00-00";
    else if (sscanf(*from, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(*from) != 10)
        return req_fail(r, E_BAD_REQUEST, "from= is a day like 2026-01-01.");
    if (str_empty(*to)) *to = "9999-99-99";
    else if (sscanf(*to, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(*to) != 10)
        return req_fail(r, E_BAD_REQUEST, "to= is a day like 2026-12-31 (not included).");
    return 0;
}

/* A view with a page of lines (lines_total: how many in all) into the model,
 * with the page's links: 0, or -1 answered. */
static int lines_paged(Req *r, json_t *view, const Err *e, Paging *p)
{
    if (req_view(r, view, e) < 0) return -1;
    p->total = json_integer_value(json_object_get(req_model(r), "lines_total"));
    paging_respond(r, p);
    return 0;
}

/* ---------- a chapter's books ---------- */

/* Marks in `_is` the choice of a select the form sent (else `dflt`):
 * "_is.kind_income" for templates' selected attributes, so a form shown again
 * keeps what was chosen. */
static void chosen(Req *r, const char *field, const char *dflt)
{
    const char *v = req_input(r, field);
    json_t *is = json_object_get(req_model(r), "_is");
    if (!is) req_set(r, "_is", is = json_object());
    json_object_set_new(is, req_printf(r, "%s_%s", field, str_empty(v) ? (dflt ? dflt : "") : v), json_true());
}

/* The record form's choices (pages only): resources with the one sent, else
 * the chapter's usual currency, selected; the pickers; the selects' values. */
static int form_choices(Req *r)
{
    Err e = { 0 };
    json_t *res = resource_all(r->db, &e);
    if (!res) return req_fail_err(r, &e);
    const char *currency = req_input(r, "resource");
    if (str_empty(currency)) currency = chapter_currency(r->db, &e, r->arena, r->chapter_id);
    if (!currency && e.code) return req_fail_err(r, &e);
    size_t i;
    json_t *o;
    json_array_foreach(res, i, o) {
        json_object_set_new(o, "is_selected", json_boolean(str_eq(json_string_value(json_object_get(o, "code")), currency)));
        json_object_set_new(o, "name", json_string(resource_name_label(json_string_value(json_object_get(o, "name")))));
    }
    req_set(r, "_resources", res);
    req_set_str(r, "_currency", currency ? currency : "");
    req_set_str(r, "_today", today(r));
    chosen(r, "kind", "contribution");
    chosen(r, "visibility", "unit");
    const char *basket = req_input(r, "basket");
    json_array_foreach(json_object_get(req_model(r), "baskets"), i, o)
        json_object_set_new(o, "is_selected", json_boolean(str_eq(basket, req_printf(r, "%lld", (long long)json_integer_value(json_object_get(o, "id"))))));
    names_picker(r, "counterpart", N_("With whom"), NAME_ACCOUNTS, NULL,
                 N_("Type a name: a member, an organisation, a chapter or a place (or \"the network\"), and choose it from the list."));
    names_picker(r, "beneficiary", N_("For whom (optional, when someone else is served)"), NAME_MEMBER | NAME_ORG | NAME_CHAPTER, NULL,
                 N_("Type a name: a member, an organisation or a chapter."));
    names_picker(r, "payee", N_("Paid to (optional)"), NAME_MEMBER | NAME_ORG, NULL,
                 N_("Leave it empty when you paid yourself; else type the name of the member or organisation to pay, and choose it."));
    return 0;
}

static int chapter_books_model(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    bool connector = str_eq(r->chapter_role, "connector");
    BooksQuery q = { .chapter = r->chapter_id, .claims = r->chapter_role || r->me.is_admin, .all_claims = connector || r->me.is_admin };
    Paging p;
    if (read_period(r, &q.from, &q.to) < 0 || paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    q.offset = p.offset;
    q.per_page = p.per_page;
    req_set(r, "chapter", json_incref(r->chapter));
    if (lines_paged(r, ledger_books_view(r->db, &e, r->arena, &vb, &q), &e, &p) < 0) return -1;
    req_set(r, "period", json_pack("{s:s, s:s}", "from", str_eq(q.from, "0000-00-00") ? "" : q.from, "to", str_eq(q.to, "9999-99-99") ? "" : q.to));
    req_set(r, "viewer", json_pack("{s:s?, s:b, s:b}", "role", r->chapter_role, "is_connector", connector, "is_member", r->chapter_role != NULL));
    if (!r->api && form_choices(r) < 0) return -1;
    if (!json_object_get(r->model, "values"))
        req_set(r, "values", json_pack("{s:s, s:s}", "occurred_on", today(r), "visibility", "unit"));
    return 0;
}

int ledger_chapter(Req *r)
{
    if (chapter_books_model(r) < 0) return -1;
    return req_page(r, "ledger/chapter");
}

/* The API's explicit postings into the form; false when `postings` is not a list. */
static bool postings_read(json_t *postings, RecordForm *form)
{
    if (!json_is_array(postings)) return false;
    form->npostings = (int)json_array_size(postings);
    size_t i;
    json_t *p;
    json_array_foreach(postings, i, p) {
        if (i >= LEDGER_MAX_POSTINGS) break;
        form->refs[i] = json_string_value(json_object_get(p, "account"));
        form->resources[i] = json_string_value(json_object_get(p, "resource"));
        form->amounts[i] = json_string_value(json_object_get(p, "amount"));
        if (!form->refs[i] || !form->resources[i] || !form->amounts[i]) {
            form->postings_malformed = true;
            break;
        }
    }
    return true;
}

int ledger_record(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    Actor actor = ledger_actor(&vb);
    FieldErrs f = { .a = r->arena };
    /* a name typed on the form (no script) becomes the value the operation takes */
    const char *counterpart = names_input(r, &f, "counterpart", NAME_ACCOUNTS, NULL);
    const char *beneficiary = names_input(r, &f, "beneficiary", NAME_MEMBER | NAME_ORG | NAME_CHAPTER, NULL);
    RecordForm form = {
        .x = { .kind = req_input(r, "kind"), .description = req_input(r, "description"), .category = req_input(r, "category"),
               .occurred_on = req_input(r, "occurred_on"), .visibility = req_input(r, "visibility"), .recorded_by = r->me.id,
               .recorded_at = now_unix() },
        .chapter = r->chapter_id, .today = today(r), .npostings = -1,
        .idem = r->idempotency_key ? r->idempotency_key : req_input(r, "idempotency_key"),
        .counterpart = counterpart, .beneficiary = beneficiary, .resource = req_input(r, "resource"),
        .amount = req_input(r, "amount"), .value_amount = req_input(r, "value_amount"), .value_currency = req_input(r, "value_currency"),
    };
    json_t *postings = r->json ? json_object_get(r->json, "postings") : NULL;
    if (postings && !postings_read(postings, &form))
        return req_fail(r, E_BAD_REQUEST, "postings is a list of {account, resource, amount}.");
    if (!postings) form.basket = input_id(r, "basket", &f);
    Recorded done;
    if (ledger_record_form(r->db, &e, r->arena, &actor, &form, &f, &done) < 0)
        return refused(r, &e, &f, true, postings ? NULL : chapter_books_model, postings ? NULL : "ledger/chapter");
    req_set(r, "transaction", json_pack("{s:I, s:b}", "id", (json_int_t)done.id, "is_repeat", done.existing));
    if (done.existing) return req_redirect(r, books_path(r), "That was recorded already (same idempotency key): nothing new was posted.");
    return req_created(r, books_path(r), "Recorded in the books.");
}

int ledger_reverse(Req *r)
{
    Err e = { 0 };
    int64_t tx = req_id(r, "tx"), id = 0;
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    Actor actor = ledger_actor(&vb);
    if (ledger_reverse_in(r->db, &e, r->arena, &actor, r->chapter_id, tx, r->me.id, &id) < 0) return req_fail_err(r, &e);
    req_set(r, "transaction", json_pack("{s:I, s:I}", "id", (json_int_t)id, "reverses_id", (json_int_t)tx));
    return req_created(r, books_path(r), "The transaction is reversed by a new entry; the books keep both.");
}

int basket_create(Req *r)
{
    Err e = { 0 };
    FieldErrs f = { .a = r->arena };
    NewBasket b = { r->chapter_id, req_input(r, "name"), req_input(r, "purpose"), 0 };
    if (ledger_basket_open(r->db, &e, &b, &f) < 0) return refused(r, &e, &f, false, chapter_books_model, "ledger/chapter");
    req_set(r, "basket", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)b.id, "name", b.name, "purpose", b.purpose));
    return req_created(r, books_path(r), req_printf(r, _("The basket \"%s\" is ready; fund it with basket funding."), b.name));
}

/* ---------- expense claims ---------- */

/* Every claim on the chapter's books, a page at a time: connectors and
 * administrators see everyone's, a member their own (the guard admitted
 * members and administrators). */
int ledger_claims(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    bool connector = str_eq(r->chapter_role, "connector"), all = connector || r->me.is_admin;
    req_set(r, "chapter", json_incref(r->chapter));
    if (req_view(r, ledger_claims_view(r->db, &e, r->arena, r->chapter_id, all ? 0 : r->me.id, p.limit, p.offset), &e) < 0)
        return -1;
    paging_trim(&p, json_object_get(req_model(r), "claims"));
    p.total = json_integer_value(json_object_get(json_object_get(req_model(r), "claims_count"), "all"));
    paging_respond(r, &p);
    req_set(r, "viewer", json_pack("{s:s?, s:b, s:b, s:b}", "role", r->chapter_role, "is_connector", connector, "is_member",
                                   r->chapter_role != NULL, "sees_all", all));
    req_set(r, "_from_claims", json_true());   /* a decision made here comes back here */
    return req_page(r, "ledger/claims");
}

int claim_create(Req *r)
{
    Err e = { 0 };
    FieldErrs f = { .a = r->arena };
    ClaimForm k = { .chapter = r->chapter_id, .by = r->me.id, .resource = req_input(r, "resource"), .amount = req_input(r, "amount"),
                    .description = req_input(r, "description"), .category = req_input(r, "category"),
                    .occurred_on = req_input(r, "occurred_on"), .visibility = req_input(r, "visibility"),
                    .payee = names_input(r, &f, "payee", NAME_MEMBER | NAME_ORG, NULL), .today = today(r) };
    k.basket = input_id(r, "basket", &f);
    if (ledger_claim_open(r->db, &e, r->arena, &k, &f) < 0) return refused(r, &e, &f, false, chapter_books_model, "ledger/chapter");
    req_set(r, "claim", json_pack("{s:I, s:s}", "id", (json_int_t)k.id, "status", "pending"));
    return req_created(r, books_path(r), "Your expense claim is sent; a connector approves it before it enters the books.");
}

static int decide(Req *r, bool approve)
{
    Err e = { 0 };
    int64_t id = req_id(r, "id"), tx = 0;
    if (!id) return req_fail(r, E_NOT_FOUND, "This chapter has no expense claim with that number.");
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    Actor actor = ledger_actor(&vb);
    if (ledger_claim_decide(r->db, &e, r->arena, &actor, r->chapter_id, id, r->me.id, approve, &tx) < 0) return req_fail_err(r, &e);
    if (approve) req_set(r, "transaction", json_pack("{s:I}", "id", (json_int_t)tx));
    /* back where the connector decided: the list of claims (back=claims), else the books */
    const char *slug = json_string_value(json_object_get(r->chapter, "slug"));
    const char *to = str_eq(req_input(r, "back"), "claims") ? req_printf(r, "/chapters/%s/claims", slug) : books_path(r);
    return req_redirect(r, to, approve ? "The expense is approved and in the books." : "The claim is declined.");
}

int claim_approve(Req *r) { return decide(r, true); }
int claim_decline(Req *r) { return decide(r, false); }

/* ---------- quick capture at a meeting ---------- */

/* ---------- the network's and a place's books ---------- */

int ledger_network(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer(r, &vb) < 0 || req_view(r, ledger_network_view(r->db, &e, r->arena, &vb.v), &e) < 0) return -1;
    return req_page(r, "ledger/network");
}

/* A page of the place's chapters (?page=, ?per_page=): a country holds thousands. */
int ledger_place(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    req_set(r, "place", json_incref(r->place));
    if (req_view(r, ledger_place_view(r->db, &e, r->arena, r->place_id, p.per_page, p.offset, &p.total, &p.more), &e) < 0) return -1;
    paging_respond(r, &p);
    return req_page(r, "ledger/place");
}

/* ---------- the business-model canvas ---------- */

static int canvas_model(Req *r, const char *unit_kind, int64_t unit_id)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    json_t *canvas = ledger_canvas(r->db, &e, r->arena, &vb.v, unit_kind, unit_id);
    if (!canvas) return req_fail_err(r, &e);
    json_t *text = json_object_get(canvas, "texts");
    req_set(r, "canvas", canvas);
    if (!json_object_get(r->model, "values"))
        req_set(r, "values", json_pack("{s:O?, s:O?, s:O?}", "value_proposition", json_object_get(text, "value_proposition"),
                                       "channels", json_object_get(text, "channels"), "relationships", json_object_get(text, "relationships")));
    return 0;
}

static json_t *canvas_unit(const char *kind, const char *name, const char *edit, bool can_edit)
{
    return json_pack("{s:s, s:s?, s:s, s:b}", "kind", kind, "name", name, "edit", edit, "can_edit", can_edit);
}

int canvas_chapter(Req *r)
{
    if (canvas_model(r, "chapter", r->chapter_id) < 0) return -1;
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "unit", canvas_unit("chapter", json_string_value(json_object_get(r->chapter, "name")),
                                   req_printf(r, "/chapters/%s/canvas", json_string_value(json_object_get(r->chapter, "slug"))),
                                   str_eq(r->chapter_role, "connector")));
    return req_page(r, "ledger/canvas");
}

int canvas_place(Req *r)
{
    if (canvas_model(r, "place", r->place_id) < 0) return -1;
    req_set(r, "unit", canvas_unit("place", json_string_value(json_object_get(r->place, "name")),
                                   req_printf(r, "/places/%s/canvas", req_param(r, "place")), r->me.is_admin));
    req_set(r, "place", json_incref(r->place));
    return req_page(r, "ledger/canvas");
}

int canvas_network(Req *r)
{
    if (canvas_model(r, "network", 0) < 0) return -1;
    char name[128];
    app_network_name(r->app, name, sizeof name);
    req_set(r, "unit", canvas_unit("network", name, "/ledger/canvas", r->me.is_admin));
    return req_page(r, "ledger/canvas");
}

static int canvas_save(Req *r, const char *kind, int64_t id, const char *back)
{
    Err e = { 0 };
    FieldErrs f = { .a = r->arena };
    CanvasTexts t = { kind, id, r->me.id, { 0 } };
    for (int i = 0; i < 3; i++) t.bodies[i] = req_input(r, canvas_blocks[i]);
    if (ledger_canvas_save(r->db, &e, &t, &f) < 0) return refused(r, &e, &f, false, NULL, NULL);
    return req_redirect(r, back, "The canvas is saved.");
}

int canvas_update(Req *r)
{
    if (r->chapter_id)
        return canvas_save(r, "chapter", r->chapter_id, req_printf(r, "/chapters/%s/canvas", json_string_value(json_object_get(r->chapter, "slug"))));
    return canvas_save(r, "place", r->place_id, req_printf(r, "/places/%s/canvas", req_param(r, "place")));
}

int canvas_network_update(Req *r)
{
    return canvas_save(r, "network", 0, "/ledger/canvas");
}

/* ---------- organisations ---------- */

/* One page of the organisations (?page=, ?per_page=) and the form. */
static int organisations_model(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *list = paging_trim(&p, organisation_all(r->db, &e, p.limit, p.offset));
    if (!list) return req_fail_err(r, &e);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
        json_object_set_new(x, "_kind_label", json_string(organisation_kind_label(json_string_value(json_object_get(x, "kind")))));
    req_set(r, "organisations", list);
    req_form_values(r, NULL);
    paging_respond(r, &p);
    return 0;
}

int organisations_index(Req *r)
{
    if (organisations_model(r) < 0) return -1;
    return req_page(r, "ledger/organisations");
}

int organisation_create(Req *r)
{
    Err e = { 0 };
    FieldErrs f = { .a = r->arena };
    NewOrg o = { req_input(r, "name"), req_input(r, "kind"), req_input(r, "website"), NULL, 0 };
    if (ledger_organisation_add(r->db, &e, r->arena, &o, &f) < 0) return refused(r, &e, &f, false, organisations_model, "ledger/organisations");
    req_set(r, "organisation", json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)o.id, "name", o.name, "slug", o.slug,
                                         "kind", o.kind, "website", o.website, "created_at", (json_int_t)now_unix()));
    return req_created(r, req_printf(r, "/organisations/%s", o.slug), req_printf(r, "%s is added; it can now appear in the books as org:%s.", o.name, o.slug));
}

/* The organisation's page (r->object, loaded by the guard): its kind, the
 * lines of its account the reader may see, and what other features and its
 * managers add. 0, or -1 answered. */
int organisation_show_model(Req *r)
{
    Err e = { 0 };
    json_t *org = r->object;
    req_set(r, "organisation", json_incref(org));
    /* the kind is a whole sentence per case in the template, not the stored English word */
    const char *kind = json_string_value(json_object_get(org, "kind"));
    req_set_bool(r, "_is_sponsor", str_eq(kind, "sponsor"));
    req_set_bool(r, "_is_venue", str_eq(kind, "venue"));
    req_set_bool(r, "_is_supplier", str_eq(kind, "supplier"));
    ViewerBuf vb;
    Paging p;
    if (viewer(r, &vb) < 0 || paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *view = ledger_account_view(r->db, &e, r->arena, &vb.v, "organisation", r->object_id, p.offset, p.per_page, false);
    if (lines_paged(r, view, &e, &p) < 0) return -1;
    req_set_bool(r, "_is_admin", r->me.is_admin);
    /* pictures: its logo; the books' own organisations area: its managers */
    if (features_extend(r, "organisation", &e) < 0) return req_fail_err(r, &e);
    return 0;
}

int organisation_show(Req *r)
{
    if (organisation_show_model(r) < 0) return -1;
    return req_page(r, "ledger/organisation");
}

/* ---------- your own ---------- */

int ledger_mine(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    Paging p;
    if (viewer(r, &vb) < 0 || paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    if (lines_paged(r, ledger_account_view(r->db, &e, r->arena, &vb.v, "member", r->me.id, p.offset, p.per_page, true), &e, &p) < 0)
        return -1;
    return req_page(r, "ledger/mine");
}

/* ---------- exports ---------- */

/* The books exported: a chapter's (its slug), or the network's. */
static const char *export_name(Req *r)
{
    return r->chapter_id ? json_string_value(json_object_get(r->chapter, "slug")) : "network";
}

int ledger_export_csv(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    if (ledger_csv(r->db, &e, r->arena, &vb.v, r->chapter_id, &r->body) < 0) return req_fail_err(r, &e);
    req_header(r, "Content-Disposition", req_printf(r, "attachment; filename=\"%s-ledger.csv\"", export_name(r)));
    return req_raw(r, "text/csv; charset=utf-8");
}

int ledger_export_journal(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer(r, &vb) < 0) return -1;
    if (ledger_journal(r->db, &e, r->arena, &vb.v, r->chapter_id, export_name(r), today(r), &r->body) < 0) return req_fail_err(r, &e);
    req_header(r, "Content-Disposition", req_printf(r, "attachment; filename=\"%s.journal\"", export_name(r)));
    return req_raw(r, "text/plain; charset=utf-8");
}

/* GET /ledger/head: the newest hash of the chain, signed by the node. */
int ledger_head(Req *r)
{
    Err e = { 0 };
    json_t *head = ledger_head_signed(r->db, &e);
    if (!head) return req_fail_err(r, &e);
    req_set(r, "head", head);
    return req_page(r, "ledger/head");
}

static int start(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return node_keys_ensure(c, e);
}

static const PathLoader loaders[] = {
    { "tx", N_("There is no transaction numbered \"%s\"."), NULL, NULL },
    { "org", N_("There is no organisation called \"%s\"."), organisation_path_load,
      N_("Only the managers of this organisation and the network's administrators can do this.") },
    { NULL },
};

const Feature ledger_feature = { .name = "ledger", .start = start, .extend = organisation_extend, .loaders = loaders };
