/* routes_committees.c - the handlers of the governance hub, the steering
 * committees' pages (members, chair, seats and term; their queue of matters,
 * for their members and administrators; their polls, decisions and
 * elections), the administrators' appointments and settings, and what
 * governance adds to a chapter's page and a place's (Feature.extend). Also
 * the {committee} loader. */
#include <stdlib.h>

#include "base/i18n.h"
#include "base/str.h"
#include "governance/governance.h"
#include "governance/pickers.h"
#include "governance/store.h"
#include "web/app.h"
#include "web/model.h"
#include "web/paging.h"

#define COMMITTEE_DECIDED 20   /* the closed polls on a committee's page; its polls page holds them all */

/* ---------- the loader ---------- */

int committee_path_load(Req *r, const char *key, Err *e)
{
    json_t *g = NULL;
    int found = gov_committee_load(r->db, e, key, now_unix(), &g);
    if (found <= 0) return found;
    r->object = g;
    r->object_id = json_integer_value(json_object_get(g, "id"));
    r->object_manager = r->me.is_admin || (r->me.id && json_integer_value(json_object_get(g, "chair_id")) == r->me.id);
    return 1;
}

/* ---------- the hub ---------- */

int governance_show(Req *r)
{
    Err e = { 0 };
    if (req_view(r, gov_hub_view(r->db, &e, now_unix()), &e) < 0) return -1;
    /* the page says who elects in a whole sentence per case (the setting's value is English) */
    req_set_bool(r, "_members_elect", str_eq(gov_committee_electorate(r->db, r->arena), "members"));
    json_t *board = NULL;
    if (committee_find(r->db, &e, "board", &board) <= 0) return req_fail_err(r, &e);
    req_own(r, board);
    DecisionFilter f = { 0, 0, 0, 5 };
    json_t *decisions = decisions_list(r->db, &e, &f);
    if (!decisions) return req_fail_err(r, &e);
    req_set(r, "decisions", decisions);
    json_t *elections = elections_of_committee(r->db, &e, json_integer_value(json_object_get(board, "id")));
    if (!elections) return req_fail_err(r, &e);
    req_set(r, "board_elections", elections);
    if (r->me.id) {
        json_t *mine = committees_of(r->db, &e, r->me.id, now_unix());
        if (!mine) return req_fail_err(r, &e);
        req_set(r, "my_committees", mine);
    }
    return req_page(r, "governance/hub");
}

/* ---------- the settings ---------- */

static int settings_model(Req *r)
{
    GovThresholds t = gov_thresholds(r->db, r->arena);
    const char *electorate = gov_committee_electorate(r->db, r->arena);
    json_t *settings = json_pack("{s:I, s:I, s:I, s:s}", "gov_metro_min", (json_int_t)t.metro, "gov_region_min",
                                 (json_int_t)t.region, "gov_country_min", (json_int_t)t.country, "gov_committee_electorate",
                                 electorate);
    req_form_values(r, settings);
    req_set(r, "settings", settings);
    req_set(r, "defaults", json_pack("{s:i, s:i, s:i}", "gov_metro_min", GOV_METRO_MIN_DEFAULT, "gov_region_min",
                                     GOV_REGION_MIN_DEFAULT, "gov_country_min", GOV_COUNTRY_MIN_DEFAULT));
    req_set_bool(r, "_by_members", str_eq(electorate, "members"));
    return 0;
}

int governance_settings_show(Req *r)
{
    settings_model(r);
    return req_page(r, "governance/settings");
}

/* An integer field of the settings form: absent (or not a number, a problem
 * noted at the field) keeps `current`. */
static int64_t setting_input(Req *r, const char *name, int64_t current)
{
    int64_t v = 0;
    return req_input_int(r, name, &v) > 0 ? v : current;
}

int governance_settings_update(Req *r)
{
    Err e = { 0 };
    GovThresholds now = gov_thresholds(r->db, r->arena);
    GovSettings s = { { setting_input(r, "gov_metro_min", now.metro), setting_input(r, "gov_region_min", now.region),
                        setting_input(r, "gov_country_min", now.country) },
                      req_input(r, "gov_committee_electorate") };
    FieldErrs *problems = req_field_errs(r);
    if (req_has_errors(r)) gov_settings_problems(&s, problems);   /* every field's problem at once */
    if (req_has_errors(r) || gov_settings_save(r->db, &e, &s, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        settings_model(r);
        return req_invalid(r, "governance/settings");
    }
    if (r->api) settings_model(r);
    return req_redirect(r, "/governance", "The governance settings are saved: every chapter's path follows them now.");
}

/* ---------- a committee ---------- */

static int committee_model(Req *r)
{
    Err e = { 0 };
    int64_t id = r->object_id, now = now_unix();
    json_t *g = r->object;
    Paging p;   /* the queue of matters, for its members */
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    int64_t place = json_integer_value(json_object_get(g, "place_id"));
    static const char *const levels[][2] = { { "metro", "the city of" }, { "region", "the region of" }, { "country", "the country of" } };
    for (size_t l = 0; l < 3; l++)
        if (str_eq(json_string_value(json_object_get(g, "level")), levels[l][0]))
            json_object_set_new(g, "_level_label", json_string(levels[l][1]));
    req_set(r, "committee", json_incref(g));
    json_t *members = committee_members(r->db, &e, id, now);
    if (!members) return req_fail_err(r, &e);
    req_set(r, "members", members);
    int seated = committee_seated(r->db, &e, id, r->me.id, now);
    if (seated < 0) return req_fail_err(r, &e);
    int64_t seats = json_integer_value(json_object_get(g, "seats"));
    int64_t taken = (int64_t)json_array_size(members);
    req_set(r, "viewer", json_pack("{s:b, s:b, s:b}", "is_member", seated > 0, "is_admin", r->me.is_admin, "is_chair",
                                   r->me.id && json_integer_value(json_object_get(g, "chair_id")) == r->me.id));
    req_set(r, "seat_counts", json_pack("{s:I, s:I, s:I}", "total", (json_int_t)seats, "taken", (json_int_t)taken, "vacant",
                                  (json_int_t)(seats > taken ? seats - taken : 0)));
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
        json_object_set_new(m, "_elected", json_boolean(str_eq(json_string_value(json_object_get(m, "source")), "elected")));
    req_set_bool(r, "_can_see_queue", seated > 0 || r->me.is_admin);
    if (seated > 0 || r->me.is_admin) {
        json_t *queue = paging_trim(&p, matters_of_committee(r->db, &e, id, p.limit, p.offset));
        if (!queue) return req_fail_err(r, &e);
        req_set(r, "matters", queue);
    }
    paging_respond(r, &p);
    json_t *polls = polls_of_body(r->db, &e, 0, id, r->me.id, now, COMMITTEE_DECIDED, 0);   /* all: its polls page */
    DecisionFilter f = { id, 0, 0, 20 };
    json_t *decisions = polls ? decisions_list(r->db, &e, &f) : NULL;
    json_t *elections = decisions ? elections_of_committee(r->db, &e, id) : NULL;
    json_t *above = elections ? gov_path_above(r->db, &e, place) : NULL;
    json_t *status = above && place ? gov_place_view(r->db, &e, place, now) : above ? json_object() : NULL;
    req_set(r, "polls", polls);
    req_set(r, "decisions", decisions);
    req_set(r, "elections", elections);
    req_set(r, "above", above);
    req_set(r, "density", status);
    if (!status) return req_fail_err(r, &e);
    Arena *a = r->arena;
    req_set_str(r, "electorate", gov_committee_electorate(r->db, a));
    req_set_bool(r, "_members_elect", str_eq(gov_committee_electorate(r->db, a), "members"));
    if (r->me.is_admin && !r->api) {
        json_t *candidates = seat_candidates(r->db, &e, place, now);
        if (!candidates) return req_fail_err(r, &e);
        req_set(r, "_candidates", candidates);
        if (gov_member_picker(r, "user_id", N_("Who"), N_("Choose the person, or type their name."), N_("The person who takes the seat."), "_candidates", NULL) < 0) return -1;
        json_t *chairs = json_array();
        json_array_foreach(members, i, m)
            json_array_append_new(chairs, json_pack("{s:O, s:O, s:b}", "id", json_object_get(m, "user_id"), "label",
                                                    json_object_get(m, "name"), "is_selected",
                                                    json_is_true(json_object_get(m, "is_chair")) ||
                                                        json_integer_value(json_object_get(m, "is_chair")) == 1));
        req_set(r, "_chairs", chairs);
    }
    req_form_values(r, NULL);
    return 0;
}

int committee_show(Req *r)
{
    if (committee_model(r) < 0) return -1;
    return req_page(r, "governance/committee");
}

static const char *committee_url(Req *r)
{
    return req_printf(r, "/committees/%s", json_string_value(json_object_get(r->object, "key")));
}

/* After an administrator's change: the committee as it is now, and back to its page. */
static int committee_answer(Req *r, const char *flash, bool created)
{
    Err e = { 0 };
    json_t *g = NULL;
    if (committee_get(r->db, &e, r->object_id, &g) <= 0) return req_fail_err(r, &e);
    req_set(r, "committee", g);
    json_t *members = committee_members(r->db, &e, r->object_id, now_unix());
    if (!members) return req_fail_err(r, &e);
    req_set(r, "members", members);
    return created ? req_created(r, committee_url(r), flash) : req_redirect(r, committee_url(r), flash);
}

static int committee_refused(Req *r, const Err *e)
{
    if (!req_form_refused(r, NULL, e)) return req_fail_err(r, e);
    if (committee_model(r) < 0) return -1;
    return req_invalid(r, "governance/committee");
}

int committee_update(Req *r)
{
    Err e = { 0 };
    json_t *g = r->object;
    int64_t seats = json_integer_value(json_object_get(g, "seats")), term = json_integer_value(json_object_get(g, "term_months"));
    int64_t chair = json_integer_value(json_object_get(g, "chair_id"));
    int64_t v;
    if (req_input_int(r, "seats", &v) > 0) seats = v;
    if (req_input_int(r, "term_months", &v) > 0) term = v;
    int got = req_input_int(r, "chair_id", &v);
    if (got > 0) chair = v;
    else if (got == 0 && req_input(r, "chair_id")) chair = 0;   /* sent empty: no chair */
    if (req_has_errors(r)) return committee_refused(r, &e);
    if (committee_configure(r->db, &e, r->object_id, seats, term, chair) < 0) return committee_refused(r, &e);
    return committee_answer(r, "The committee is saved.", false);
}

int committee_seat_create(Req *r)
{
    Err e = { 0 };
    CommitteeAppoint a = { .committee_id = r->object_id, .email = req_input(r, "email"), .now = now_unix() };
    int64_t v;
    if (gov_member_input(r, "user_id", NULL, &v) > 0) a.user_id = v;
    if (req_input_int(r, "term_ends_at", &v) > 0) a.term_ends_at = v;
    if (req_has_errors(r) || committee_appoint(r->db, &e, &a) < 0) return committee_refused(r, &e);
    return committee_answer(r, req_printf(r, "%s now sits on the %s.", a.name, json_string_value(json_object_get(r->object, "name"))),
                            true);
}

int committee_seat_end(Req *r)
{
    Err e = { 0 };
    if (committee_unseat(r->db, &e, r->object_id, req_id(r, "member"), now_unix()) < 0) return req_fail_err(r, &e);
    return committee_answer(r, "The seat is ended; it is free for an appointment or the next election.", false);
}

/* ---------- on a chapter's page, on a place's page ---------- */

static int extend_chapter(Req *r, Err *e)
{
    int64_t metro = json_integer_value(json_object_get(r->chapter, "metro_id"));
    json_t *path = gov_path_of_metro(r->db, e, metro);
    if (!path) return -1;
    json_t *g = json_object();
    req_set(r, "governance", g);
    json_object_set_new(g, "path", path);
    if (!r->chapter_role) return 0;   /* that matters exist is the chapter's business */
    int64_t open = 0;
    if (matters_open_count(r->db, e, r->chapter_id, &open) < 0) return -1;
    json_object_set_new(g, "open_matters", json_integer(open));
    json_object_set_new(g, "url", json_string(req_printf(r, "/chapters/%s/matters", json_string_value(json_object_get(r->chapter, "slug")))));
    return 0;
}

int governance_extend(Req *r, const char *page, Err *e)
{
    if (str_eq(page, "chapter")) return extend_chapter(r, e);
    if (!str_eq(page, "place")) return 0;
    json_t *v = gov_place_view(r->db, e, r->place_id, now_unix());
    if (!v) return -1;
    req_set(r, "governance", v);
    return 0;
}
