/* routes_polls.c - handlers of proposals and polls: a body's polls (a
 * chapter's or a committee's) with the form to open one, a poll's page, the
 * vote, delegation (for one poll, or in a body until revoked) and the close;
 * and the loader of {poll}. They parse input and call one operation of
 * polls.c / polls_close.c; what a page shows comes from polls_view.c.
 *
 * Who may: a chapter's polls are its members' (administrators may read
 * them); a committee's may be read by every logged-in member, and only its
 * sitting members open them and vote. The operations check who votes; the
 * loader hides a poll from whoever may not see it (404) and says who may
 * close it (F_MANAGER: the opener, the chapter's connectors or the
 * committee's chair, administrators). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "governance/governance.h"
#include "governance/pickers.h"
#include "web/app.h"
#include "web/paging.h"

int poll_path_load(Req *r, const char *key, Err *e)
{
    int64_t id = 0;
    if (!str_to_i64(key, &id) || id <= 0) return 0;
    json_t *poll = NULL;
    bool manager = false;
    int found = poll_visible(r->db, e, id, r->me.id, r->me.is_admin, &poll, &manager);
    if (found <= 0) return found;
    r->object = poll;
    r->object_id = id;
    r->object_manager = manager;
    return 1;
}

/* ---------- input ---------- */

/* A moment from the form's local date and time in the body's zone, or the
 * API's Unix seconds (`unix_field`). 0 when absent; a field error when wrong. */
static int64_t moment_read(Req *r, const char *unix_field, const char *date_field, const char *time_field, const char *tz,
                           const char *default_time)
{
    int64_t at = 0;
    int given = req_input_int(r, unix_field, &at);
    if (given) return given > 0 ? at : 0;
    const char *date = req_input(r, date_field), *hm = time_field ? req_input(r, time_field) : NULL;
    if (str_empty(date)) return 0;
    Err e = { 0 };
    if (local_to_utc(req_printf(r, "%sT%s", date, str_empty(hm) ? default_time : hm), tz, &at, &e) < 0) {
        req_error(r, unix_field, "Give a date like 2026-05-01%s.", time_field ? " and a time like 18:00" : "");
        return 0;
    }
    return at;
}

/* The options: a JSON list (the API), or one a line (the form's text area). */
static void options_read(Req *r, PollFields *f)
{
    const char *given[POLL_OPTIONS_MAX + 1];
    int n = req_input_all(r, "options", given, POLL_OPTIONS_MAX + 1);
    if (r->json) {
        for (int i = 0; i < n && i < POLL_OPTIONS_MAX; i++) f->options[i] = str_trim(r->arena, given[i]);
        f->n_options = n > POLL_OPTIONS_MAX ? POLL_OPTIONS_MAX : n;
        f->too_many_options = n > POLL_OPTIONS_MAX;
        return;
    }
    char *text = arena_strdup(r->arena, n ? given[0] : "");
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        if (str_empty(line)) continue;
        if (f->n_options == POLL_OPTIONS_MAX) {
            f->too_many_options = true;
            break;
        }
        f->options[f->n_options++] = str_trim(r->arena, line);
    }
}

static void poll_fields_read(Req *r, PollFields *f, const char *tz)
{
    f->kind = req_input(r, "kind");
    f->title = req_input(r, "title");
    f->body = req_input(r, "body");
    options_read(r, f);
    f->score_max = 5;
    f->dots = 10;
    req_input_int(r, "score_max", &f->score_max);
    req_input_int(r, "dots", &f->dots);
    req_input_int(r, "quorum_pct", &f->quorum_pct);
    req_input_int(r, "matter_id", &f->matter_id);
    f->is_anonymous = req_input_bool(r, "is_anonymous");
    f->opens_at = moment_read(r, "opens_at", "opens_date", "opens_time", tz, "09:00");
    f->closes_at = moment_read(r, "closes_at", "closes_date", "closes_time", tz, "18:00");
}

/* ---------- a body's polls ---------- */

/* Marks the item of a form's list whose `key` is the value chosen (text or number). */
static void mark_chosen(json_t *list, const char *key, json_t *chosen, const char *flag)
{
    const char *text = json_string_value(chosen);
    int64_t n = json_is_integer(chosen) ? json_integer_value(chosen) : 0;
    if (text && !json_is_string(json_object_get(json_array_get(list, 0), key))) str_to_i64(text, &n);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        json_t *v = json_object_get(x, key);
        json_object_set_new(x, flag, json_boolean(json_is_string(v) ? str_eq(json_string_value(v), text) : json_integer_value(v) == n && n));
    }
}

/* The page of a body's polls; `refused`: the open form comes back with its problems. */
#define DELEGATE_HINT N_("A member who votes here: choose them, or type their name."), N_("A member who votes here.")

static int body_page(Req *r, int64_t chapter_id, int64_t committee_id, bool refused)
{
    Err e = { 0 };
    PollViewer v = { r->me.id, r->me.is_admin, now_unix() };
    Paging p;   /* the closed ones; the open ones are shown whole on every page */
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *view = poll_body_view(r->db, &e, r->arena, chapter_id, committee_id, &v, p.limit, p.offset);
    if (req_view(r, view, &e) < 0) return -1;
    paging_trim(&p, json_object_get(r->model, "closed"));
    paging_respond(r, &p);
    if (!r->api) {
        char date[11], hm[6];
        const char *tz = json_string_value(json_object_get(json_object_get(view, "body"), "timezone"));
        time_local_parts(v.now + 7 * 86400, tz, date, hm);   /* a week from now, at 18:00 */
        req_form_values(r, req_own(r, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}", "kind", "proposal", "closes_date", date, "closes_time", "18:00",
                                     "score_max", 5, "dots", 10, "quorum_pct", 0)));
        mark_chosen(json_object_get(r->model, "_kinds"), "value", json_object_get(json_object_get(r->model, "values"), "kind"), "_checked");
        mark_chosen(json_object_get(r->model, "_matters"), "id", json_object_get(json_object_get(r->model, "values"), "matter_id"), "_selected");
        if (gov_member_picker(r, "to", N_("Give my vote to"), DELEGATE_HINT, "_delegates", chapter_id ? json_string_value(json_object_get(r->chapter, "slug")) : NULL) < 0)
            return -1;
    }
    return refused ? req_invalid(r, "governance/polls") : req_page(r, "governance/polls");
}

int polls_chapter_index(Req *r)
{
    return body_page(r, r->chapter_id, 0, false);
}

int polls_committee_index(Req *r)
{
    return body_page(r, 0, r->object_id, false);
}

static int poll_create(Req *r, int64_t chapter_id, int64_t committee_id, const char *tz)
{
    Err e = { 0 };
    PollOpen o = { .by = r->me.id, .now = now_unix(), .public_url = r->app->public_url, .problems = req_field_errs(r) };
    o.f.chapter_id = chapter_id;
    o.f.committee_id = committee_id;
    poll_fields_read(r, &o.f, tz);
    if (req_has_errors(r)) return body_page(r, chapter_id, committee_id, true);
    if (poll_open(r->db, &e, &o) < 0) {
        if (req_form_refused(r, o.problems, &e)) return body_page(r, chapter_id, committee_id, true);
        return req_fail_err(r, &e);
    }
    json_t *poll = NULL;
    bool manager = false;
    if (poll_visible(r->db, &e, o.id, r->me.id, r->me.is_admin, &poll, &manager) <= 0) return req_fail_err(r, &e);
    req_set(r, "poll", poll);
    return req_created(r, req_printf(r, "/polls/%lld", (long long)o.id),
                       str_eq(o.f.kind, "proposal") ? "Your proposal is open; the voters were told by e-mail."
                                                    : "Your poll is open; the voters were told by e-mail.");
}

int poll_create_chapter(Req *r)
{
    return poll_create(r, r->chapter_id, 0, json_string_value(json_object_get(r->chapter, "timezone")));
}

int poll_create_committee(Req *r)
{
    const char *tz = json_string_value(json_object_get(r->object, "timezone"));
    return poll_create(r, 0, r->object_id, tz ? tz : "UTC");
}

/* ---------- a poll's page ---------- */

/* The poll's page (with the form problems noted, when `refused`). */
static int poll_page(Req *r, bool refused)
{
    Err e = { 0 };
    PollViewer v = { r->me.id, r->me.is_admin, now_unix() };
    if (req_view(r, poll_page_view(r->db, &e, r->arena, r->object_id, &v), &e) < 0) return -1;
    if (!r->api) {
        char date[11], hm[6];
        json_t *poll = json_object_get(r->model, "poll");
        time_local_parts(v.now + 180 * 86400, json_string_value(json_object_get(poll, "timezone")), date, hm);
        req_form_values(r, req_own(r, json_pack("{s:s}", "review_date", date)));
        if (gov_member_picker(r, "to", N_("To"), DELEGATE_HINT, "_delegates", NULL) < 0) return -1;
    }
    return refused ? req_invalid(r, "governance/poll") : req_page(r, "governance/poll");
}

int poll_show(Req *r)
{
    return poll_page(r, false);
}

static int poll_page_refused(Req *r)
{
    return poll_page(r, true);
}

/* One number of the vote: 1 read, 0 absent, -1 not a number. */
static int mark_read(const char *text, int64_t *out)
{
    if (str_empty(text)) return 0;
    return str_to_i64(text, out) ? 1 : -1;
}

/* The vote of the poll's kind: the API's members (choice, choices, scores,
 * ranking, dots) or the form's fields (option_<i> for scores, ranks, dots). */
static int vote_read(Req *r, PollVoteIn *in, const char *kind, int options)
{
    Err e = { 0 };
    in->position = req_input(r, "position");
    in->reason = req_input(r, "reason");
    in->choice = -1;
    int64_t x = 0;
    if (str_eq(kind, "single") && req_input_int(r, "choice", &in->choice) < 0) in->bad_field = "choice";
    const char *key = str_eq(kind, "approval") ? "choices" : str_eq(kind, "score") ? "scores" : str_eq(kind, "ranked") ? "ranking" : "dots";
    const char *given[POLL_OPTIONS_MAX + 1];
    int n = str_eq(kind, "proposal") || str_eq(kind, "single") ? 0 : req_input_all(r, key, given, POLL_OPTIONS_MAX + 1);
    if (n > options) return req_error(r, key, "This poll has %d options.", options);
    int64_t order[POLL_OPTIONS_MAX];
    for (int i = 0; i < n; i++) {
        if (mark_read(given[i], &x) <= 0) {
            in->bad_field = key;
            return 0;
        }
        if (str_eq(kind, "approval")) {
            if (x < 0 || x >= options) return req_error(r, key, "%lld is not one of this poll's options (0 to %d).", (long long)x, options - 1);
            in->marks[x] = 1, in->given[x] = true;
        } else if (str_eq(kind, "ranked")) order[i] = x;
        else in->marks[i] = x, in->given[i] = true;
    }
    if (n && str_eq(kind, "ranked") && poll_vote_ranking(in, order, n, options, &e) < 0) return req_error(r, e.field, "%s", e.msg);
    if (n || str_eq(kind, "approval") || str_eq(kind, "proposal") || str_eq(kind, "single")) return 0;
    for (int i = 0; i < options; i++) {   /* the form: a field per option */
        int got = mark_read(req_input(r, req_printf(r, "option_%d", i)), &in->marks[i]);
        if (got < 0) in->bad_field = key;
        in->given[i] = got > 0 && !(str_eq(kind, "ranked") && in->marks[i] == 0);
    }
    return 0;
}

int poll_vote_submit(Req *r)
{
    Err e = { 0 };
    const char *kind = json_string_value(json_object_get(r->object, "kind"));
    PollVote v = { .poll_id = r->object_id, .user_id = r->me.id, .now = now_unix() };
    vote_read(r, &v.in, kind, (int)json_integer_value(json_object_get(r->object, "option_count")));
    if (req_has_errors(r)) return poll_page_refused(r);
    if (poll_vote(r->db, &e, &v) < 0) {
        if (req_form_refused(r, NULL, &e)) return poll_page_refused(r);
        return req_fail_err(r, &e);
    }
    req_set(r, "vote", json_pack("{s:I, s:b}", "poll_id", (json_int_t)v.poll_id, "changed", v.changed));
    return req_redirect(r, req_printf(r, "/polls/%lld", (long long)r->object_id),
                        v.changed ? "Your vote was changed: only your latest vote counts." : "Your vote is in. You can change it until voting closes.");
}

int poll_close_submit(Req *r)
{
    Err e = { 0 };
    const char *tz = json_string_value(json_object_get(r->object, "timezone"));
    PollClose k = { .poll_id = r->object_id, .by = r->me.id, .now = now_unix(), .by_admin = r->me.is_admin,
                    .outcome = req_input(r, "outcome"), .public_url = r->app->public_url, .problems = req_field_errs(r) };
    k.review_at = moment_read(r, "review_at", "review_date", NULL, tz ? tz : "UTC", "09:00");
    if (req_has_errors(r)) return poll_page_refused(r);
    if (poll_close(r->db, &e, &k) < 0) {
        if (req_form_refused(r, k.problems, &e)) return poll_page_refused(r);
        return req_fail_err(r, &e);
    }
    req_set(r, "decision_id", json_integer(k.decision_id));
    return req_redirect(r, req_printf(r, "/decisions/%lld", (long long)k.decision_id),
                        "The poll is closed and its decision is on record.");
}

/* ---------- delegation ---------- */

/* Gives (or, with revoke, takes back) a vote; `again` shows the form's page with the problem. */
static int delegate(Req *r, PollDelegate *d, const char *back, int (*again)(Req *))
{
    Err e = { 0 };
    bool revoke = req_input_bool(r, "revoke");
    /* the API's number, the picker's member:42, or a name typed without script */
    if (!revoke && gov_member_input(r, "to", d->chapter_id ? json_string_value(json_object_get(r->chapter, "slug")) : NULL, &d->to) == 0)
        req_error(r, "to", "Choose the member you give your vote to.");
    if (req_has_errors(r)) return again(r);
    if (revoke) d->to = 0;
    d->from = r->me.id;
    d->now = now_unix();
    if (poll_delegate(r->db, &e, d) < 0) {
        if (req_form_refused(r, NULL, &e)) return again(r);
        return req_fail_err(r, &e);
    }
    req_set(r, "delegation", json_pack("{s:I, s:b}", "to", (json_int_t)d->to, "for_poll", d->poll_id != 0));
    return req_redirect(r, back, revoke ? "Your vote is yours again." : "Your vote is given: your delegate votes for you, unless you vote yourself.");
}

static int chapter_page_refused(Req *r)
{
    return body_page(r, r->chapter_id, 0, true);
}

static int committee_page_refused(Req *r)
{
    return body_page(r, 0, r->object_id, true);
}

int delegation_chapter(Req *r)
{
    PollDelegate d = { .chapter_id = r->chapter_id };
    return delegate(r, &d, req_printf(r, "/chapters/%s/polls", json_string_value(json_object_get(r->chapter, "slug"))),
                    chapter_page_refused);
}

int delegation_committee(Req *r)
{
    PollDelegate d = { .committee_id = r->object_id };
    return delegate(r, &d, req_printf(r, "/committees/%s/polls", json_string_value(json_object_get(r->object, "key"))),
                    committee_page_refused);
}

int poll_delegate_submit(Req *r)
{
    PollDelegate d = { .poll_id = r->object_id };
    const char *scope = req_input(r, "scope");
    if (str_eq(scope, "body")) {   /* for every poll of the body, from this poll's page */
        d.poll_id = 0;
        d.chapter_id = json_integer_value(json_object_get(r->object, "chapter_id"));
        d.committee_id = json_integer_value(json_object_get(r->object, "committee_id"));
    } else if (!str_empty(scope) && !str_eq(scope, "poll")) {
        req_error(r, "scope", "Give your vote for this poll only, or for every poll here until you revoke it.");
        return poll_page_refused(r);
    }
    return delegate(r, &d, req_printf(r, "/polls/%lld", (long long)r->object_id), poll_page_refused);
}
