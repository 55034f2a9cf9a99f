/* routes_matters.c - the handlers of matters: a chapter's matters and the
 * form to raise one, a matter's page (what the caller may see of it: the
 * loader decides), and each step of its life, one operation of matters.c
 * each. Also the {matter} loader and the matters' share of the periodic work. */
#include "base/i18n.h"
#include "base/str.h"
#include "governance/governance.h"
#include "web/app.h"
#include "web/model.h"
#include "web/paging.h"

/* ---------- the loader ---------- */

int matter_path_load(Req *r, const char *key, Err *e)
{
    int64_t id = 0;
    if (!str_to_i64(key, &id) || id <= 0) return 0;
    MatterRel rel;
    json_t *v = NULL;
    int found = matter_visible(r->db, e, id, r->me.id, r->me.is_admin, now_unix(), &v, &rel);
    if (found <= 0) return found;
    json_object_set_new(v, "_viewer", matter_abilities(v, &rel));
    r->object = v;
    r->object_id = id;
    r->object_manager = rel.connector;
    return 1;
}

/* ---------- a chapter's matters ---------- */

static json_t *kind_options(const char *selected)
{
    static const char *const kinds[] = { "conflict", "rule", "resources", "proposal" };
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", kinds[i], "label", matter_kind_label(kinds[i]),
                                              "is_selected", str_eq(kinds[i], selected)));
    return list;
}

static int matters_model(Req *r, const char *kind)
{
    Err e = { 0 };
    Paging p;
    int64_t open = 0;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *matters = paging_trim(&p, matters_of_chapter(r->db, &e, r->chapter_id, p.limit, p.offset));
    if (!matters || matters_open_count(r->db, &e, r->chapter_id, &open) < 0) return req_fail_err(r, &e);
    req_set(r, "matters", matters);
    json_t *path = gov_path_of_metro(r->db, &e, json_integer_value(json_object_get(r->chapter, "metro_id")));
    if (!path) return req_fail_err(r, &e);
    req_set(r, "escalation_path", path);
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", str_eq(r->chapter_role, "connector")));
    size_t i;
    json_t *m;
    json_array_foreach(matters, i, m) {
        const char *status = json_string_value(json_object_get(m, "status"));
        json_object_set_new(m, "is_open", json_boolean(str_eq(status, "open") || str_eq(status, "escalated")));
        json_object_set_new(m, "is_mine", json_boolean(json_integer_value(json_object_get(m, "raised_by")) == r->me.id));
    }
    req_set_int(r, "open_count", open);   /* of every page */
    paging_respond(r, &p);
    req_set(r, "_kinds", kind_options(kind));
    req_form_values(r, NULL);
    return 0;
}

int chapter_matters(Req *r)
{
    if (matters_model(r, "") < 0) return -1;
    return req_page(r, "governance/matters");
}

int matter_create(Req *r)
{
    Err e = { 0 };
    MatterRaise m = { r->chapter_id, r->me.id, req_input(r, "title"), req_input(r, "body"), req_input(r, "kind"), 0 };
    FieldErrs *problems = req_field_errs(r);
    if (matter_raise(r->db, &e, &m, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (matters_model(r, m.kind) < 0) return -1;
        return req_invalid(r, "governance/matters");
    }
    MatterRel rel;
    json_t *v = NULL;
    if (matter_visible(r->db, &e, m.id, r->me.id, r->me.is_admin, now_unix(), &v, &rel) <= 0) return req_fail_err(r, &e);
    req_set(r, "matter", v);
    return req_created(r, req_printf(r, "/matters/%lld", (long long)m.id),
                       "Your matter is raised. The chapter's members can read and discuss it here; it leaves the chapter only as a summary you approve.");
}

/* ---------- one matter ---------- */

static json_t *obj(Req *r, const char *key)
{
    return json_object_get(r->object, key);
}

static int matter_model(Req *r)
{
    Err e = { 0 };
    json_t *m = r->object;
    const char *view = json_string_value(obj(r, "view"));
    req_set(r, "matter", json_incref(m));
    req_set(r, "viewer", json_incref(obj(r, "_viewer")));
    json_t *steps = matter_steps(r->db, &e, r->object_id, view);
    if (!steps) return req_fail_err(r, &e);
    req_set(r, "steps", steps);
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        const char *action = json_string_value(json_object_get(s, "action"));
        json_object_set_new(s, "_is_chapter", json_boolean(str_eq(json_string_value(json_object_get(s, "scope")), "chapter")));
        json_object_set_new(s, req_printf(r, "_is_%s", action), json_true());
        if (!r->api) model_set_markdown(s, "_note_html", r->arena, json_string_value(json_object_get(s, "note")));
    }
    const char *status = json_string_value(obj(r, "status"));
    req_set_bool(r, "_chapter_view", str_eq(view, "chapter"));
    req_set_bool(r, "_is_open", str_eq(status, "open"));
    req_set_bool(r, "_is_held", str_eq(status, "escalated"));
    req_set_bool(r, "_outcome_resolved", str_eq(status, "resolved"));
    json_t *path = NULL;
    if (str_eq(status, "open") && str_eq(view, "chapter"))
        path = gov_path_of_metro(r->db, &e, json_integer_value(obj(r, "metro_id")));
    else if (str_eq(status, "escalated") && !str_eq(json_string_value(obj(r, "committee_level")), "board"))
        path = gov_path_above(r->db, &e, json_integer_value(obj(r, "committee_place_id")));
    else
        path = json_array();
    if (!path) return req_fail_err(r, &e);
    req_set(r, "escalation_path", path);
    if (!r->api) {
        model_set_markdown(m, "_body_html", r->arena, json_string_value(obj(r, "body")));
        model_set_markdown(m, "_summary_html", r->arena, json_string_value(obj(r, "summary")));
        model_set_markdown(m, "_resolution_html", r->arena, json_string_value(obj(r, "resolution")));
    }
    req_form_values(r, req_own(r, json_pack("{s:O, s:O}", "summary_title", obj(r, "summary_title"), "summary", obj(r, "summary"))));
    return 0;
}

int matter_show(Req *r)
{
    if (matter_model(r) < 0) return -1;
    return req_page(r, "governance/matter");
}

/* The action of the caller on r->object, as the operations take it. */
static MatterAction action_of(Req *r, const char *title, const char *text)
{
    return (MatterAction){ .matter_id = r->object_id, .by = r->me.id, .admin = r->me.is_admin, .title = title,
                           .text = text, .scope = req_input(r, "scope"), .public_url = r->app->public_url,
                           .now = now_unix() };
}

/* After a step: the matter as the caller sees it now, and back to its page. */
static int answer(Req *r, const char *flash)
{
    Err e = { 0 };
    MatterRel rel;
    json_t *v = NULL;
    int found = matter_visible(r->db, &e, r->object_id, r->me.id, r->me.is_admin, now_unix(), &v, &rel);
    if (found < 0) return req_fail_err(r, &e);
    if (found) req_set(r, "matter", v);
    return req_redirect(r, req_printf(r, "/matters/%lld", (long long)r->object_id), flash);
}

/* A refused step: the page again with the problems at their fields, or the error. */
static int refused(Req *r, FieldErrs *problems, const Err *e)
{
    if (!req_form_refused(r, problems, e)) return req_fail_err(r, e);
    if (matter_model(r) < 0) return -1;
    return req_invalid(r, "governance/matter");
}

int matter_note_create(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, req_input(r, "note"));
    FieldErrs *problems = req_field_errs(r);
    if (matter_note(r->db, &e, &a, problems) < 0) return refused(r, problems, &e);
    return answer(r, "Your note is added.");
}

int matter_summary_update(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, req_input(r, "summary_title"), req_input(r, "summary"));
    FieldErrs *problems = req_field_errs(r);
    if (matter_summarise(r->db, &e, &a, problems) < 0) return refused(r, problems, &e);
    bool own = json_integer_value(obj(r, "raised_by")) == r->me.id;
    return answer(r, own ? "The summary is saved and approved: a connector can now send it to the committee."
                         : "The summary is saved. Whoever raised the matter is asked to approve it before it can leave the chapter.");
}

int matter_approve_submit(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, NULL);
    if (matter_approve(r->db, &e, &a) < 0) return req_fail_err(r, &e);
    return answer(r, "You approved the summary. A connector can now send it to the committee.");
}

int matter_escalate_submit(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, NULL);
    if (matter_escalate(r->db, &e, &a) < 0) return req_fail_err(r, &e);
    json_t *g = NULL;
    if (committee_get(r->db, &e, a.committee_id, &g) <= 0) return req_fail_err(r, &e);
    req_own(r, g);
    return answer(r, req_printf(r, _("The summary is sent to the %s; the rest stays in the chapter."),
                                json_string_value(json_object_get(g, "name"))));
}

int matter_resolve_submit(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, req_input(r, "resolution"));
    FieldErrs *problems = req_field_errs(r);
    if (matter_resolve(r->db, &e, &a, problems) < 0) return refused(r, problems, &e);
    return answer(r, "The matter is resolved.");
}

int matter_withdraw_submit(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, NULL);
    if (matter_withdraw(r->db, &e, &a) < 0) return req_fail_err(r, &e);
    return answer(r, "You withdrew the matter.");
}

int matter_pass_up_submit(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, req_input(r, "note"));
    FieldErrs *problems = req_field_errs(r);
    if (matter_pass_up(r->db, &e, &a, problems) < 0) return refused(r, problems, &e);
    json_t *g = NULL;
    if (committee_get(r->db, &e, a.committee_id, &g) <= 0) return req_fail_err(r, &e);
    req_own(r, g);
    return answer(r, req_printf(r, _("The matter is passed up to the %s."), json_string_value(json_object_get(g, "name"))));
}

int matter_decide_submit(Req *r)
{
    Err e = { 0 };
    MatterAction a = action_of(r, NULL, req_input(r, "statement"));
    FieldErrs *problems = req_field_errs(r);
    if (matter_decide(r->db, &e, &a, problems) < 0) return refused(r, problems, &e);
    req_set_int(r, "decision_id", a.decision_id);
    return answer(r, "The decision is recorded; whoever raised the matter and the chapter's connectors are told.");
}
