/* routes_spread.c - the handlers of spread: recording a use of an item, an
 * item's reach page (figures, the chart of uses over time with its table,
 * where and how it was used), an author's reach, and the sponsors' report
 * (page and CSV). Also what spread adds to other commons pages through
 * Feature.extend (spread_extend): the item page's reach panel and an
 * author's. The {item} loader (routes.c) has put the item as the caller may
 * see it in r->object. */
#include "base/str.h"
#include "commons/commons.h"
#include "ledger/ledger.h"
#include "web/app.h"

static const char *item_text(Req *r, const char *key)
{
    return json_string_value(json_object_get(r->object, key));
}

/* 0 when the item is published; else the answer: a withdrawn item is gone, a draft has no reach yet. */
static int published_or_fail(Req *r)
{
    const char *status = item_text(r, "status");
    if (str_eq(status, "published")) return 0;
    if (str_eq(status, "withdrawn")) return req_fail(r, E_GONE, "This item was withdrawn from the commons: its reach is no longer shown.");
    return req_fail(r, E_NOT_FOUND, "\"%s\" is not published yet: its reach shows once it is, and chapters record their uses.",
                    item_text(r, "title"));
}

static int reach_model(Req *r, const UseIn *typed)
{
    Err e = { 0 };
    int64_t now = now_unix();
    if (req_view(r, reach_item_view(r->db, &e, r->arena, r->object_id, now), &e) < 0) return -1;
    /* where the form leads: back where it was sent from (the item page's panel), else here */
    const char *next = req_next(r, req_printf(r, "/commons/%s/reach#uses", item_text(r, "slug")));
    if (req_view(r, use_form_view(r->db, &e, r->me.id, now, next, typed), &e) < 0) return -1;
    req_set(r, "item", json_incref(r->object));
    return 0;
}

int reach_show(Req *r)
{
    if (published_or_fail(r) < 0) return -1;
    if (reach_model(r, NULL) < 0) return -1;
    return req_page(r, "commons/reach");
}

int use_create(Req *r)
{
    if (published_or_fail(r) < 0) return -1;
    Err e = { 0 };
    UseIn in = { .item_id = r->object_id, .used_by = req_input(r, "used_by"), .used_on = req_input(r, "used_on"),
                 .outcome = req_input(r, "outcome"), .note = req_input(r, "note"), .by = r->me.id, .now = now_unix() };
    FieldErrs *f = req_field_errs(r);
    int64_t id = 0;
    if (use_record(r->db, &e, &in, f, &id) < 0) {
        if (!req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        if (reach_model(r, &in) < 0) return -1;
        return req_invalid(r, "commons/reach");
    }
    req_set(r, "use", json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "used_by", in.used_by ? in.used_by : "",
                                "used_on", in.used_on, "outcome", in.outcome, "note", in.note ? in.note : ""));
    json_t *reach = req_own(r, item_reach(r->db, &e, r->object_id));
    if (!reach) return req_fail_err(r, &e);
    req_set(r, "reach", json_incref(reach));
    const char *slug = item_text(r, "slug");
    return req_created(r, req_next(r, req_printf(r, "/commons/%s/reach", slug)),
                       "Thank you: the use is recorded and counts in how far this item has travelled.");
}

int author_reach_show(Req *r)
{
    Err e = { 0 };
    if (req_view(r, author_reach_view(r->db, &e, r->arena, req_id(r, "member"), now_unix()), &e) < 0) return -1;
    return req_page(r, "commons/author_reach");
}

/* The organisation named by {org} (no loader: the books' organisations are looked up by slug). */
static json_t *organisation_of(Req *r)
{
    Err e = { 0 };
    json_t *org = NULL;
    int found = organisation_by_slug(r->db, &e, req_param(r, "org"), &org);
    if (found < 0) {
        req_fail_err(r, &e);
        return NULL;
    }
    if (!found) {
        req_fail(r, E_NOT_FOUND, "There is no organisation called \"%s\".", req_param(r, "org"));
        return NULL;
    }
    return req_own(r, org);
}

int sponsor_report_show(Req *r)
{
    Err e = { 0 };
    json_t *org = organisation_of(r);
    if (!org) return -1;
    if (req_view(r, sponsor_report_view(r->db, &e, r->arena, org, now_unix()), &e) < 0) return -1;
    return req_page(r, "commons/sponsor_report");
}

int sponsor_report_csv_show(Req *r)
{
    Err e = { 0 };
    json_t *org = organisation_of(r);
    if (!org) return -1;
    if (sponsor_report_csv(r->db, &e, r->arena, json_integer_value(json_object_get(org, "id")), r->app->public_url, now_unix(),
                           &r->body) < 0)
        return req_fail_err(r, &e);
    req_header(r, "Content-Disposition",
               req_printf(r, "attachment; filename=\"%s-spread.csv\"", json_string_value(json_object_get(org, "slug"))));
    return req_raw(r, "text/csv; charset=utf-8");
}

/* ---------- panels on other commons pages (Feature.extend) ---------- */

/* The item page: its reach and the form to record a use, for a published item. */
static int item_panel(Req *r, Err *e)
{
    if (!r->object || !str_eq(item_text(r, "status"), "published")) return 0;
    json_t *reach = item_reach(r->db, e, r->object_id);
    if (!reach) return -1;
    req_set(r, "reach", reach);
    json_t *form = use_form_view(r->db, e, r->me.id, now_unix(), req_printf(r, "/commons/%s", item_text(r, "slug")), NULL);
    if (!form) return -1;
    return req_view(r, form, e);
}

/* An author's page: their reach, when they have published items. */
static int author_panel(Req *r, int64_t user_id, Err *e)
{
    json_t *view = author_reach_view(r->db, e, r->arena, user_id, now_unix());
    if (!view) {
        if (e->code != E_NOT_FOUND) return -1;
        err_clear(e);
        return 0;   /* nothing published: no panel */
    }
    req_own(r, view);
    json_t *summary = json_pack("{s:O, s:O, s:I}", "author", json_object_get(view, "author"), "reach", json_object_get(view, "reach"),
                                "items", (json_int_t)json_array_size(json_object_get(view, "items")));
    req_set(r, "author_reach", summary);
    return 0;
}

int spread_extend(Req *r, const char *page, Err *e)
{
    if (str_eq(page, "item")) return item_panel(r, e);
    if (str_eq(page, "author") && req_id(r, "member") > 0) return author_panel(r, req_id(r, "member"), e);
    return 0;
}
