/* routes_elections.c - handlers of elections: the list, creating and
 * changing one (administrators), its page (candidates, nominations, the
 * ballot, after the close the count round by round and the box), and the
 * loader of {election}. Ballots, the box and the tracker look-up are in
 * routes_ballots.c; what they write is done by the operations of
 * elections.c, ballots.c and elections_close.c.
 *
 * An election is public: anyone may see it, its candidates and, once
 * closed, its count and box; r->object_manager is true for administrators,
 * who run elections (F_MANAGER). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "governance/governance.h"
#include "governance/pickers.h"
#include "web/model.h"
#include "web/paging.h"

int election_path_load(Req *r, const char *key, Err *e)
{
    int64_t id = 0;
    if (!str_to_i64(key, &id) || id <= 0) return 0;
    json_t *el = NULL;
    int found = election_get(r->db, e, id, &el);
    if (found <= 0) return found;
    r->object = el;
    r->object_id = id;
    r->object_manager = r->me.is_admin;
    return 1;
}

/* ---------- the list, and a new election ---------- */

/* A time from the API (Unix seconds in `field`) or a form (`field`_date and
 * `field`_time in the zone tz); 0 when absent (the operation says so). */
static int64_t when_input(Req *r, const char *field, const char *tz)
{
    int64_t v = 0;
    if (req_input(r, field)) return req_input_int(r, field, &v) > 0 ? v : 0;
    const char *date = req_input(r, req_printf(r, "%s_date", field));
    const char *time = req_input(r, req_printf(r, "%s_time", field));
    if (str_empty(date)) return 0;
    Err e = { 0 };
    if (local_to_utc(req_printf(r, "%sT%s", date, str_empty(time) ? "00:00" : time), tz, &v, &e) < 0) {
        req_error(r, field, "Please give a date like 2027-03-10 and a time like 18:00.");
        return 0;
    }
    return v;
}

/* The fields of an election's form; tz the committee's zone. */
static void election_input(Req *r, ElectionIn *in, const char *tz)
{
    in->title = req_input(r, "title");
    in->method = req_input(r, "method");
    if (str_empty(in->method)) in->method = "stv";
    if (req_input_int(r, "seats", &in->seats) < 0) in->seats = -1;
    in->nominations_close_at = when_input(r, "nominations_close_at", tz);
    in->closes_at = when_input(r, "closes_at", tz);
    in->by = r->me.id;
    in->now = now_unix();
}

/* The form's initial values: nominations for two weeks, then two weeks of voting, at noon. */
static json_t *form_defaults(Req *r, const char *tz, const json_t *el)
{
    int64_t noms = el ? json_integer_value(json_object_get(el, "nominations_close_at")) : now_unix() + 14 * 86400;
    int64_t closes = el ? json_integer_value(json_object_get(el, "closes_at")) : noms + 14 * 86400;
    char d1[11], t1[6], d2[11], t2[6];
    time_local_parts(noms, tz, d1, t1);
    time_local_parts(closes, tz, d2, t2);
    if (!el) snprintf(t1, sizeof t1, "12:00"), snprintf(t2, sizeof t2, "12:00");
    json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s}", "nominations_close_at_date", d1, "nominations_close_at_time", t1,
                          "closes_at_date", d2, "closes_at_time", t2, "method", "stv");
    if (el) {
        json_object_set(v, "title", json_object_get(el, "title"));
        json_object_set(v, "method", json_object_get(el, "method"));
        json_object_set(v, "seats", json_object_get(el, "seats"));
    }
    (void)r;
    return v;
}

static void method_flags(Req *r, const char *method)
{
    req_set_bool(r, "_method_stv", !str_eq(method, "approval"));
    req_set_bool(r, "_method_approval", str_eq(method, "approval"));
}

int elections_index(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *all = req_own(r, paging_trim(&p, elections_all(r->db, &e, p.limit, p.offset)));
    if (!all) return req_fail_err(r, &e);
    json_t *groups[4] = { json_array(), json_array(), json_array(), json_array() };
    static const char *const keys[4] = { "_voting", "_nominating", "_closed", "_cancelled" };
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x) {
        const char *s = json_string_value(json_object_get(x, "status"));
        int k = str_eq(s, "voting") ? 0 : str_eq(s, "nominating") ? 1 : str_eq(s, "closed") ? 2 : 3;
        json_object_set_new(x, "closes_local", json_string(election_when(r->arena, x, "closes_at")));
        json_object_set_new(x, "is_stv", json_boolean(str_eq(json_string_value(json_object_get(x, "method")), "stv")));
        json_object_set_new(x, "one_seat", json_boolean(!i18n_plural(i18n_lang(), json_integer_value(json_object_get(x, "seats")))));
        json_object_set_new(x, "is_nominating", json_boolean(k == 1));
        json_object_set_new(x, "is_voting", json_boolean(k == 0));
        json_object_set_new(x, "is_closed", json_boolean(k == 2));
        json_object_set_new(x, "nominations_close_local", json_string(election_when(r->arena, x, "nominations_close_at")));
        json_array_append(groups[k], x);
    }
    req_set(r, "elections", json_incref(all));
    for (int k = 0; k < 4; k++) req_set(r, keys[k], groups[k]);
    paging_respond(r, &p);
    if (r->me.is_admin) {
        json_t *bodies = election_bodies(r->db, &e);
        if (!bodies) return req_fail_err(r, &e);
        const char *chosen = req_input(r, "committee") ? req_input(r, "committee") : req_query(r, "committee");
        json_array_foreach(bodies, i, x)
            if (str_eq(json_string_value(json_object_get(x, "key")), chosen)) json_object_set_new(x, "is_selected", json_true());
        req_set(r, "_bodies", bodies);
        req_form_values(r, req_own(r, form_defaults(r, "UTC", NULL)));
        method_flags(r, json_string_value(json_object_get(json_object_get(r->model, "values"), "method")));
    }
    return req_page(r, "governance/elections");
}

/* The committee a new election is for: the {committee} of the path, or the
 * "committee" field (a place's slug, or "board"). NULL when none (a field error). */
static const json_t *committee_input(Req *r, Err *e, int *failed)
{
    *failed = 0;
    if (req_param(r, "committee")) return r->object;
    const char *key = req_input(r, "committee");
    json_t *g = NULL;
    int found = str_empty(key) ? 0 : committee_find(r->db, e, key, &g);
    if (found < 0) *failed = 1;
    if (found <= 0) {
        if (found == 0) req_error(r, "committee", "Choose the committee (or the board) whose seats are elected.");
        return NULL;
    }
    return req_own(r, g);
}

int election_submit(Req *r)
{
    Err e = { 0 };
    int failed = 0;
    const json_t *g = committee_input(r, &e, &failed);
    if (failed) return req_fail_err(r, &e);
    const char *tz = g ? json_string_value(json_object_get(g, "timezone")) : NULL;
    ElectionIn in = { .committee_id = g ? json_integer_value(json_object_get(g, "id")) : 0 };
    election_input(r, &in, tz && *tz ? tz : "UTC");
    int64_t id = 0;
    FieldErrs *problems = req_field_errs(r);
    if (!req_has_errors(r) && election_create(r->db, &e, &in, problems, &id) == 0) {
        json_t *el = NULL;
        if (election_get(r->db, &e, id, &el) <= 0) return req_fail_err(r, &e);
        req_set(r, "election", el);
        return req_created(r, req_printf(r, "/elections/%lld", (long long)id),
                           "The election is open for nominations. Members can now stand or nominate others.");
    }
    if (!req_has_errors(r) && !req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
    if (elections_index(r) < 0 && !req_has_errors(r)) return -1;
    return req_invalid(r, "governance/elections");
}

/* ---------- the page of an election ---------- */

/* The count as a table: a row per candidate, a column per round (the notes
 * say the same in words). */
static json_t *count_table(Req *r, const json_t *result, const json_t *on_ballot)
{
    const json_t *rounds = json_object_get(result, "rounds");
    json_t *rows = json_array(), *head = json_array(), *nt = json_array(), *notes = json_array(), *winners = json_array();
    size_t i, k;
    json_t *x, *round;
    json_array_foreach(rounds, k, round) {
        json_array_append_new(head, json_pack("{s:I}", "round", (json_int_t)k + 1));
        json_array_append_new(nt, json_pack("{s:O}", "value", json_object_get(round, "non_transferable")));
        json_array_append_new(notes, json_pack("{s:I, s:O}", "round", (json_int_t)k + 1, "note", json_object_get(round, "note")));
    }
    json_array_foreach(on_ballot, i, x) {
        json_t *cells = json_array();
        json_array_foreach(rounds, k, round) {
            bool elected = false, out = false;
            size_t j;
            json_t *w;
            json_array_foreach(json_object_get(round, "elected"), j, w) if ((size_t)json_integer_value(w) == i) elected = true;
            json_array_foreach(json_object_get(round, "eliminated"), j, w) if ((size_t)json_integer_value(w) == i) out = true;
            json_array_append_new(cells, json_pack("{s:O, s:b, s:b}", "value", json_array_get(json_object_get(round, "tallies"), i),
                                                   "is_elected", elected, "is_excluded", out));
        }
        json_array_append_new(rows, json_pack("{s:O, s:o}", "name", json_object_get(x, "name"), "cells", cells));
    }
    json_array_foreach(json_object_get(result, "winners"), i, x) {
        json_t *c = json_array_get(on_ballot, (size_t)json_integer_value(x));
        json_array_append_new(winners, json_pack("{s:O, s:O}", "name", json_object_get(c, "name"), "user_id", json_object_get(c, "user_id")));
    }
    (void)r;
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:O}", "head", head, "rows", rows, "non_transferable", nt, "notes", notes, "winners",
                     winners, "quota", json_object_get(result, "quota"));
}

/* The ballot form: a select of ranks (STV) or a box (approval) per candidate,
 * with what a refused submission had chosen. */
static json_t *ballot_form(Req *r, const json_t *on_ballot)
{
    size_t n = json_array_size(on_ballot), i;
    json_t *form = json_array(), *x;
    json_array_foreach(on_ballot, i, x) {
        json_int_t pos = json_integer_value(json_object_get(x, "position"));
        const char *field = req_printf(r, "rank_%lld", (long long)pos);
        const char *given = req_input(r, field);
        json_t *options = json_array();
        for (size_t k = 0; k <= n; k++)
            json_array_append_new(options, json_pack("{s:I, s:s, s:b}", "value", (json_int_t)k, "label",
                                                     k ? req_printf(r, "%zu", k) : "—", "is_selected",
                                                     given && atoll(given) == (long long)k));
        bool approved = false;
        const char *all[ELECTION_MAX_CANDIDATES];
        int m = req_input_all(r, "approve", all, ELECTION_MAX_CANDIDATES);
        for (int k = 0; k < m; k++) if (atoll(all[k]) == pos) approved = true;
        json_array_append_new(form, json_pack("{s:I, s:O, s:s, s:o, s:b}", "position", pos, "name", json_object_get(x, "name"), "field",
                                              field, "options", options, "is_approved", approved));
    }
    return form;
}

static void election_times(Req *r, json_t *el)
{
    static const char *const keys[] = { "nominations_close_at", "closes_at", "opened_at", "closed_at" };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (json_integer_value(json_object_get(el, keys[i])))
            json_object_set_new(el, req_printf(r, "%.*s_local", (int)strlen(keys[i]) - 3, keys[i]),
                                json_string(election_when(r->arena, el, keys[i])));
}

static int candidates_model(Req *r, const char *status, json_t **on_ballot)
{
    Err e = { 0 };
    json_t *cands = req_own(r, election_candidates(r->db, &e, r->object_id));
    if (!cands) return req_fail_err(r, &e);
    *on_ballot = json_array();
    json_t *others = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(cands, i, x) {
        const char *s = json_string_value(json_object_get(x, "status"));
        model_set_markdown(x, "_statement_html", r->arena, json_string_value(json_object_get(x, "statement")));
        json_object_set_new(x, "is_accepted", json_boolean(str_eq(s, "accepted")));
        json_object_set_new(x, "is_pending", json_boolean(str_eq(s, "nominated")));
        json_object_set_new(x, "is_declined", json_boolean(str_eq(s, "declined")));
        json_object_set_new(x, "nominated_by_self", json_boolean(json_integer_value(json_object_get(x, "nominated_by")) ==
                                                                 json_integer_value(json_object_get(x, "user_id"))));
        bool listed = json_integer_value(json_object_get(x, "position")) > 0 || (str_eq(status, "nominating") && str_eq(s, "accepted"));
        json_array_append(listed ? *on_ballot : others, x);
    }
    req_set(r, "candidates", json_incref(cands));
    req_set(r, "_on_ballot", json_incref(*on_ballot));
    req_set(r, "_others", others);
    req_own(r, *on_ballot);
    return 0;
}

int election_page(Req *r)
{
    Err e = { 0 };
    json_t *el = r->object;
    const char *status = json_string_value(json_object_get(el, "status"));
    election_times(r, el);
    req_set(r, "election", json_incref(el));
    json_t *on_ballot = NULL;
    if (candidates_model(r, status, &on_ballot) < 0) return -1;
    json_t *viewer = NULL;
    if (election_viewer(r->db, &e, el, r->me.id, r->me.is_admin, now_unix(), &viewer) < 0) return req_fail_err(r, &e);
    json_t *mine = json_object_get(viewer, "candidacy");
    if (json_is_object(mine)) {
        const char *cs = json_string_value(json_object_get(mine, "status"));
        json_object_set_new(mine, "is_pending", json_boolean(str_eq(cs, "nominated")));
        json_object_set_new(mine, "is_accepted", json_boolean(str_eq(cs, "accepted")));
    }
    req_set(r, "viewer", viewer);
    req_set_bool(r, "_one_seat", !i18n_plural(i18n_lang(), json_integer_value(json_object_get(el, "seats"))));
    bool nominating = str_eq(status, "nominating"), voting = str_eq(status, "voting"), closed = str_eq(status, "closed");
    req_set_bool(r, "_is_nominating", nominating);
    req_set_bool(r, "_is_voting", voting);
    req_set_bool(r, "_is_closed", closed);
    req_set_bool(r, "_is_cancelled", str_eq(status, "cancelled"));
    req_set_bool(r, "_is_stv", str_eq(json_string_value(json_object_get(el, "method")), "stv"));
    req_set_bool(r, "_nominations_open", nominating && now_unix() < json_integer_value(json_object_get(el, "nominations_close_at")));
    req_set_bool(r, "_board", !json_integer_value(json_object_get(el, "place_id")));
    if (nominating && json_is_true(json_object_get(viewer, "may_nominate"))) {
        json_t *standing = election_standing(r->db, &e, r->object_id, now_unix());
        if (!standing) return req_fail_err(r, &e);
        req_set(r, "_standing", standing);
        bool here = json_integer_value(json_object_get(el, "place_id")) != 0;
        if (gov_member_picker(r, "user_id", N_("Who"),
                              here ? N_("Members of the chapters here may stand: choose one, or type their name. They are asked by e-mail to accept.")
                                   : N_("Members of the steering committees may stand: choose one, or type their name. They are asked by e-mail to accept."),
                              here ? N_("Members of the chapters here may stand; they are asked by e-mail to accept.")
                                   : N_("Members of the steering committees may stand; they are asked by e-mail to accept."),
                              "_standing", NULL) < 0)
            return -1;
    }
    if (voting && json_is_true(json_object_get(viewer, "is_voter")) && !json_is_true(json_object_get(viewer, "has_voted")))
        req_set(r, "_ballot", ballot_form(r, on_ballot));
    if (nominating && r->me.is_admin) {
        const char *tz = json_string_value(json_object_get(el, "timezone"));
        req_form_values(r, req_own(r, form_defaults(r, tz, el)));
        method_flags(r, json_string_value(json_object_get(json_object_get(r->model, "values"), "method")));
    }
    if (closed) {
        json_t *outcome = NULL;
        int found = election_outcome(r->db, &e, r->object_id, &outcome);
        if (found < 0) return req_fail_err(r, &e);
        if (found) {
            req_own(r, outcome);
            req_set(r, "outcome", json_incref(outcome));
            req_set(r, "_count", count_table(r, json_object_get(outcome, "result"), on_ballot));
            req_set_bool(r, "_one_ballot", !i18n_plural(i18n_lang(), json_integer_value(json_object_get(json_object_get(outcome, "result"), "valid"))));
        }
    }
    return 0;
}

int election_show(Req *r)
{
    if (election_page(r) < 0) return -1;
    return req_page(r, "governance/election");
}

/* After a refused form on the election's page: the page again with its errors. */
static int page_again(Req *r, const FieldErrs *problems, const Err *e)
{
    if (!req_has_errors(r) && !req_form_refused(r, problems, e)) return req_fail_err(r, e);
    if (election_page(r) < 0 && !req_has_errors(r)) return -1;
    return req_invalid(r, "governance/election");
}

static const char *here(Req *r)
{
    return req_printf(r, "/elections/%lld", (long long)r->object_id);
}

int election_update(Req *r)
{
    Err e = { 0 };
    ElectionIn in = { 0 };
    const char *tz = json_string_value(json_object_get(r->object, "timezone"));
    election_input(r, &in, tz && *tz ? tz : "UTC");
    /* what is not sent stays as it is (the API may change one field) */
    const json_t *el = r->object;
    if (!req_input(r, "title")) in.title = json_string_value(json_object_get(el, "title"));
    if (!req_input(r, "method")) in.method = json_string_value(json_object_get(el, "method"));
    if (!req_input(r, "seats")) in.seats = json_integer_value(json_object_get(el, "seats"));
    if (!req_input(r, "nominations_close_at") && !req_input(r, "nominations_close_at_date"))
        in.nominations_close_at = json_integer_value(json_object_get(el, "nominations_close_at"));
    if (!req_input(r, "closes_at") && !req_input(r, "closes_at_date")) in.closes_at = json_integer_value(json_object_get(el, "closes_at"));
    FieldErrs *problems = req_field_errs(r);
    if (req_has_errors(r) || election_change(r->db, &e, r->object_id, &in, problems) < 0) return page_again(r, problems, &e);
    return req_redirect(r, here(r), "The election is changed.");
}

int election_cancel_submit(Req *r)
{
    Err e = { 0 };
    if (election_cancel(r->db, &e, r->object_id, now_unix()) < 0) return req_fail_err(r, &e);
    return req_redirect(r, here(r), "The election is cancelled.");
}

int election_open_submit(Req *r)
{
    Err e = { 0 };
    if (election_open(r->db, &e, r->object_id, now_unix()) < 0) return req_fail_err(r, &e);
    return req_redirect(r, here(r), "Voting is open. The voters were told by e-mail.");
}

int election_close_submit(Req *r)
{
    Err e = { 0 };
    if (election_close(r->db, &e, r->object_id, now_unix()) < 0) return req_fail_err(r, &e);
    return req_redirect(r, here(r), "Voting is closed: the count and the ballot box are published.");
}

int nomination_submit(Req *r)
{
    Err e = { 0 };
    int64_t who = 0;
    int got = gov_member_input(r, "user_id", NULL, &who);
    if (got == 0) who = r->me.id;
    NominationIn in = { r->object_id, who, r->me.id, req_input(r, "statement"), now_unix() };
    if (got < 0 || election_nominate(r->db, &e, &in, r->me.is_admin) < 0) return page_again(r, NULL, &e);
    return req_created(r, here(r),
                       who == r->me.id ? "You are standing in this election." : "The nomination is made: they were asked by e-mail to accept it.");
}

int candidacy_submit(Req *r)
{
    Err e = { 0 };
    const char *answer = req_input(r, "answer");
    if (!str_eq(answer, "accept") && !str_eq(answer, "decline")) {
        req_error(r, "answer", "Say whether you accept or decline the nomination.");
        return page_again(r, NULL, &e);
    }
    bool accept = str_eq(answer, "accept");
    if (election_answer(r->db, &e, r->object_id, r->me.id, accept, req_input(r, "statement"), now_unix()) < 0)
        return page_again(r, NULL, &e);
    return req_redirect(r, here(r), accept ? "You accepted the nomination: you are a candidate." : "You declined the nomination.");
}
