/* routes_funnel.c - the formation funnel's handlers (src/routes.h:
 * GROWTH_FUNNEL_ROUTES): the form to apply to start a chapter, one's own
 * applications, the review queue, one application (with its review), and the
 * funnel's report per place. Each parses, calls one operation (or the reads
 * its page shows) and answers; the {application} loader gives an application
 * only to its applicant and to those who may review it (the manager). */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "growth/growth.h"
#include "network/network.h"
#include "web/app.h"
#include "web/model.h"
#include "web/paging.h"

int funnel_application_load(Req *r, const char *key, Err *e)
{
    int64_t id = 0;
    if (!str_to_i64(key, &id) || id <= 0) return 0;
    json_t *app = NULL;
    bool reviewer = false;
    int found = funnel_application_get(r->db, e, id, r->me.id, r->me.is_admin, now_unix(), &app, &reviewer);
    if (found <= 0) return found;
    r->object = app;
    r->object_id = id;
    r->object_manager = reviewer;
    return 1;
}

static int64_t input_id(Req *r, const char *name)
{
    int64_t v = 0;
    return req_input_int(r, name, &v) > 0 ? v : 0;
}

/* ---------- applying ---------- */

int funnel_apply_form(Req *r)
{
    Err e = { 0 };
    json_t *metros = NULL, *sectors = NULL;
    /* a refused form keeps what was chosen; a new one starts from the person's own city and sector */
    int64_t metro = req_input(r, "metro_id") ? input_id(r, "metro_id") : r->me.metro_id;
    int64_t sector = req_input(r, "sector_id") ? input_id(r, "sector_id") : r->me.sector_id;
    if (metro_sector_options(r->db, &e, metro, sector, &metros, &sectors) < 0) return req_fail_err(r, &e);
    req_set_bool(r, "_has_places", json_array_size(metros) > 0 && json_array_size(sectors) > 0);
    req_set(r, "_metros", metros);
    req_set(r, "_sectors", sectors);
    req_set_int(r, "_message_max", FUNNEL_MESSAGE_MAX);
    return req_page(r, "growth/apply");
}

int funnel_apply_submit(Req *r)
{
    Err e = { 0 };
    FieldErrs *problems = req_field_errs(r);
    FunnelApplyIn in = { .applicant = r->me.id, .applicant_email = r->me.email, .metro_id = input_id(r, "metro_id"),
                         .sector_id = input_id(r, "sector_id"), .name = req_input(r, "name"),
                         .second_email = req_input(r, "second_email"), .message = req_input(r, "message"), .now = now_unix() };
    if (req_has_errors(r) || funnel_apply(r->db, &e, &in, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (!r->api && funnel_apply_form(r) < 0) return -1;
        return req_invalid(r, "growth/apply");
    }
    json_t *app = NULL;
    bool reviewer = false;
    if (funnel_application_get(r->db, &e, in.id, r->me.id, r->me.is_admin, now_unix(), &app, &reviewer) <= 0)
        return req_fail_err(r, &e);
    req_set(r, "application", app);
    return req_created(r, req_printf(r, "/growth/applications/%lld", (long long)in.id),
                       "Your application is in. An administrator or the committee of the place will review it.");
}

int funnel_mine(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *list = paging_slice(&p, funnel_applications_of(r->db, &e, r->me.id));   /* one person's: few */
    if (!list) return req_fail_err(r, &e);
    req_set(r, "applications", list);
    paging_respond(r, &p);
    return req_page(r, "growth/mine");
}

int funnel_review(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    /* the waiting ones are filtered in C by the places the reviewer answers for */
    json_t *queue = paging_slice(&p, funnel_queue(r->db, &e, r->me.id, r->me.is_admin, now_unix()));
    if (!queue) return req_fail_err(r, &e);
    req_set(r, "applications", queue);
    paging_respond(r, &p);
    return req_page(r, "growth/review");
}

/* ---------- one application ---------- */

int funnel_application_show(Req *r)
{
    req_set(r, "application", json_incref(r->object));
    return req_page(r, "growth/application");
}

static const char *application_url(Req *r)
{
    return req_printf(r, "/growth/applications/%lld", (long long)r->object_id);
}

int funnel_withdraw_submit(Req *r)
{
    Err e = { 0 };
    if (funnel_withdraw(r->db, &e, r->object_id, r->me.id, now_unix()) < 0) return req_fail_err(r, &e);
    return req_redirect(r, "/growth/applications", "Your application is withdrawn.");
}

static FunnelDecision decision(Req *r)
{
    return (FunnelDecision){ .id = r->object_id, .by = r->me.id, .is_admin = r->me.is_admin, .note = req_input(r, "note"),
                             .public_url = r->app->public_url, .now = now_unix(), .a = r->arena };
}

/* A refused review goes back to the application's page with its errors. */
static int review_refused(Req *r, const FieldErrs *problems, const Err *e)
{
    if (!req_form_refused(r, problems, e)) return req_fail_err(r, e);
    if (!r->api && funnel_application_show(r) < 0) return -1;
    return req_invalid(r, "growth/application");
}

int funnel_approve_submit(Req *r)
{
    Err e = { 0 };
    FieldErrs *problems = req_field_errs(r);
    FunnelDecision d = decision(r);
    if (funnel_approve(r->db, &e, &d, problems) < 0) return review_refused(r, problems, &e);
    req_set(r, "chapter", json_pack("{s:I, s:s}", "id", (json_int_t)d.chapter_id, "slug", d.chapter_slug));
    return req_redirect(r, application_url(r), "Approved: the chapter is made, and the second connector is invited.");
}

int funnel_decline_submit(Req *r)
{
    Err e = { 0 };
    FieldErrs *problems = req_field_errs(r);
    FunnelDecision d = decision(r);
    if (funnel_decline(r->db, &e, &d, problems) < 0) return review_refused(r, problems, &e);
    return req_redirect(r, application_url(r), "Declined: the applicant has your note by e-mail.");
}

/* ---------- the report ---------- */

int funnel_report_show(Req *r)
{
    Err e = { 0 };
    const char *slug = req_query(r, "place");
    json_t *place = NULL;
    if (!str_empty(slug)) {
        int found = place_by_slug(r->db, &e, slug, &place);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "There is no place called \"%s\".", slug);
        req_set(r, "place", place);
    }
    int64_t place_id = json_integer_value(json_object_get(place, "id"));
    FunnelReport report;
    if (funnel_report(r->db, &e, r->arena, place_id, now_unix(), &report) < 0) return req_fail_err(r, &e);
    json_t *view = funnel_report_json(r->arena, &report);
    req_set(r, "funnel", view);
    const char *scope = place ? json_string_value(json_object_get(place, "name")) : "the network";
    req_set_str(r, "scope", scope);
    req_set_bool(r, "_is_network", !place);   /* the page says "of the network" in the reader's language */
    if (r->api) return req_page(r, "growth/funnel");   /* programs take the figures; the chart and picker are the page's */
    json_t *chart = json_object();
    model_set_html(chart, "svg_html",
                   funnel_chart_svg(r->arena, &report, "funnel-chart", place ? req_printf(r, _("The formation funnel of %s"), scope) : _("The formation funnel of the network")));
    json_object_set_new(chart, "summary", json_string(funnel_chart_summary(r->arena, &report)));
    req_set(r, "_chart", chart);
    json_t *places = funnel_place_options(r->db, &e, place_id);
    if (!places) return req_fail_err(r, &e);
    req_set(r, "_places", places);
    return req_page(r, "growth/funnel");
}
