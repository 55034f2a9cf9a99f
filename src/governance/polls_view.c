/* polls_view.c - what the pages of proposals and polls show, Req-free: who
 * may see a poll (a chapter's: its members and administrators; a
 * committee's: every logged-in member, while only its sitting members vote),
 * the poll page's model for one viewer (the vote form of its kind filled with
 * their vote, their delegation, the count when they may see it, who voted
 * what in a named poll), a body's list of polls, and the lists of decision
 * records. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "governance/polls_internal.h"
#include "governance/store.h"
#include "web/model.h"

int poll_visible(DbConn *c, Err *e, int64_t poll_id, int64_t viewer, bool is_admin, json_t **out, bool *manager)
{
    *out = NULL;
    *manager = false;
    json_t *poll = NULL;
    int found = poll_row(c, e, poll_id, &poll);
    if (found <= 0) return found;
    bool mine = json_integer_value(json_object_get(poll, "created_by")) == viewer;
    int64_t chapter = json_integer_value(json_object_get(poll, "chapter_id"));
    bool visible, lead;
    if (chapter) {
        bool connector = false;
        int member = body_voter(c, e, chapter, 0, viewer, now_unix(), &connector);
        if (member < 0) {
            json_decref(poll);
            return -1;
        }
        visible = member || is_admin;
        lead = connector;
    } else {
        visible = viewer != 0;
        lead = viewer && json_integer_value(json_object_get(poll, "chair_id")) == viewer;
    }
    if (!visible) {
        json_decref(poll);
        return 0;
    }
    *manager = is_admin || mine || lead;
    *out = poll;
    return 1;
}

/* ---------- counts as pages show them ---------- */

static int64_t figure_of(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* A table of rounds (an instant runoff's, an election's): a row per option or
 * candidate with its tally at each round, and the notes of the rounds. */
static json_t *rounds_table(json_t *rounds, json_t *labels, const char *caption, const char *what)
{
    json_t *head = json_array(), *rows = json_array(), *notes = json_array();
    size_t r, c;
    json_t *round;
    json_array_foreach(rounds, r, round) {
        json_array_append_new(head, json_integer((json_int_t)r + 1));
        const char *note = json_string_value(json_object_get(round, "note"));
        if (note && *note) json_array_append_new(notes, json_sprintf(_("Round %zu: %s"), r + 1, note));   /* the note as the record keeps it */
    }
    for (c = 0; c < json_array_size(labels); c++) {
        json_t *cells = json_array();
        json_array_foreach(rounds, r, round) {
            json_t *v = json_array_get(json_object_get(round, "tallies"), c);
            json_array_append_new(cells, json_is_string(v) ? json_incref(v) : json_is_integer(v) ? json_sprintf("%lld", (long long)json_integer_value(v)) : json_string(""));
        }
        json_array_append_new(rows, json_pack("{s:O, s:o}", "label", json_array_get(labels, c), "cells", cells));
    }
    return json_pack("{s:s, s:s, s:o, s:o, s:o}", "caption", caption, "what", what, "head", head, "rows", rows, "notes", notes);
}

void count_decorate(json_t *count, bool final)
{
    json_t *leading = json_object_get(count, "leading"), *options = json_deep_copy(json_object_get(count, "options"));
    json_t *labels = json_array();
    size_t i, k;
    json_t *o, *x;
    json_array_foreach(options, i, o) {
        bool lead = false;
        json_array_foreach(leading, k, x) lead = lead || json_integer_value(x) == json_integer_value(json_object_get(o, "position"));
        json_object_set_new(o, "is_leading", json_boolean(lead));
        json_object_set_new(o, "_lead_word", json_string(!final ? _("Leads") : json_is_object(json_object_get(count, "runoff")) ? _("Runoff winner") : _("Top")));
        json_array_append(labels, json_object_get(o, "label"));
    }
    json_object_set_new(count, "_options", options);
    bool blocks = i18n_plural(i18n_lang(), figure_of(count, "blocks"));
    json_object_set_new(count, "_blocks_word",
                        json_string(blocks ? C_("the word after a figure", "blocks") : C_("the word after a figure", "block")));
    json_t *runoff = json_object_get(count, "runoff");
    if (json_is_array(json_object_get(runoff, "rounds")))
        json_object_set_new(count, "_rounds",
                            rounds_table(json_object_get(runoff, "rounds"), labels,
                                         _("Instant runoff, round by round: the option with the fewest votes drops out and its ballots go to their next choice."),
                                         _("Option")));
    else if (json_is_array(json_object_get(count, "rounds"))) {   /* an election's count */
        json_t *names = json_object_get(count, "names"), *people = json_array();
        json_array_foreach(json_is_array(names) ? names : json_object_get(count, "candidates"), i, x)
            json_array_append(people, json_is_string(x) ? x : json_object_get(x, "name"));
        json_object_set_new(count, "_rounds", rounds_table(json_object_get(count, "rounds"), people, _("The count, round by round."), _("Candidate")));
        json_decref(people);
    }
    json_decref(labels);
}

/* ---------- a poll's page ---------- */

/* The poll row with what its page says about it. */
static void poll_decorate(Arena *a, json_t *p, const PollBody *b, int64_t now)
{
    const char *kind = json_string_value(json_object_get(p, "kind"));
    const char *status = json_string_value(json_object_get(p, "status"));
    int64_t opens = json_integer_value(json_object_get(p, "opens_at")), closes = json_integer_value(json_object_get(p, "closes_at"));
    bool open = str_eq(status, "open");
    json_object_set_new(p, "kind_label", json_string(poll_kind_label(kind)));
    json_object_set_new(p, "kind_help", json_string(poll_kind_help(kind)));
    json_object_set_new(p, "url", json_string(arena_printf(a, "/polls/%lld", (long long)json_integer_value(json_object_get(p, "id")))));
    json_object_set_new(p, "is_closed", json_boolean(!open));
    json_object_set_new(p, "is_scheduled", json_boolean(open && now < opens));
    json_object_set_new(p, "is_voting", json_boolean(open && now >= opens && now < closes));
    json_object_set_new(p, "is_awaiting_close", json_boolean(open && now >= closes));
    json_object_set_new(p, "opens_local", json_string(time_local_text(a, opens, b->timezone)));
    json_object_set_new(p, "closes_local", json_string(time_local_text(a, closes, b->timezone)));
    int64_t closed = json_integer_value(json_object_get(p, "closed_at")), review = json_integer_value(json_object_get(p, "review_at"));
    if (closed) json_object_set_new(p, "closed_local", json_string(time_local_text(a, closed, b->timezone)));
    if (review) json_object_set_new(p, "review_local", json_string(time_local_text(a, review, b->timezone)));
    char flag[24];
    snprintf(flag, sizeof flag, "is_%s", kind ? kind : "poll");
    json_object_set_new(p, flag, json_true());
    json_object_set_new(p, "held_in", json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", b->name ? b->name : "", "key", b->key ? b->key : "",
                                             "url", b->url, "kind", b->kind, "is_chapter", b->chapter_id != 0));
    int64_t matter = json_integer_value(json_object_get(p, "matter_id"));
    if (matter)
        json_object_set_new(p, "matter", json_pack("{s:I, s:s?, s:s}", "id", (json_int_t)matter, "title",
                                                   json_string_value(json_object_get(p, "matter_title")), "url",
                                                   arena_printf(a, "/matters/%lld", (long long)matter)));
    model_set_markdown(p, "_body_html", a, json_string_value(json_object_get(p, "body")));
    json_object_del(p, "chair_id");
}

/* The options with the viewer's marks (for the vote form of the kind). */
static json_t *options_view(const PollShape *s, json_t *options, const PollBallot *mine)
{
    json_t *out = json_deep_copy(options);
    size_t i;
    json_t *o;
    json_array_foreach(out, i, o) {
        int64_t mark = mine && i < POLL_OPTIONS_MAX ? mine->marks[i] : 0;
        json_object_set_new(o, "mark", json_integer(mark));
        json_object_set_new(o, "is_marked", json_boolean(mark > 0));
        json_object_set_new(o, "field", json_sprintf("option_%zu", i));
        if (!str_eq(s->kind, "ranked")) continue;
        json_t *ranks = json_array();
        for (int r = 0; r <= s->options; r++)
            json_array_append_new(ranks, json_pack("{s:i, s:o, s:b}", "value", r, "label", r ? json_sprintf("%d", r) : json_string("Not ranked"),
                                                   "is_selected", mark == r));
        json_object_set_new(o, "_ranks", ranks);
    }
    return out;
}

static json_t *positions_view(const PollBallot *mine)
{
    static const char *const hints[POSITIONS] = {
        "You are for it.", "You step aside: the others decide.", "You are against it, but would not stand in the way.",
        "You cannot live with it: it should not go ahead as it is. Say why.",
    };
    json_t *out = json_array();
    for (int i = 0; i < POSITIONS; i++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b}", "value", proposal_position_name(i), "label",
                                             proposal_position_label(i), "hint", hints[i], "is_checked",
                                             mine && mine->position == i));
    return out;
}

/* Who voted what (a named poll), each direct vote with the votes it carries. */
static json_t *voters_view(Arena *a, const PollShape *s, json_t *votes, const Tally *t)
{
    json_t *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(votes, i, v) {
        int64_t who = json_integer_value(json_object_get(v, "user_id")), carried = json_integer_value(json_object_get(v, "carried"));
        if (t) {   /* open: as it stands; a vote of someone who no longer votes here is not counted */
            long at = tally_voter(t, who);
            if (at < 0) continue;
            carried = 0;
            for (size_t j = 0; j < t->n; j++) carried += t->carrier[j] == who && (long)j != at;
        }
        json_error_t je;
        json_t *value = json_loads(json_string_value(json_object_get(v, "value")), 0, &je);
        PollBallot b;
        const char *text = poll_ballot_parse(s, value, &b) == 0 ? poll_ballot_text(a, s, &b) : "";
        json_decref(value);
        json_array_append_new(out, json_pack("{s:O, s:s, s:O, s:O, s:I}", "name", json_object_get(v, "name"), "vote", text, "reason",
                                             json_object_get(v, "reason"), "cast_at", json_object_get(v, "cast_at"), "carried",
                                             (json_int_t)carried));
    }
    return out;
}

/* The viewer's delegation in force here, who carries their vote, whose votes they carry. */
static void delegation_view(json_t *view, const Tally *t, int64_t me, long at)
{
    json_t *mine = json_null(), *standing = json_null(), *for_me = json_array();
    size_t k;
    json_t *d;
    json_array_foreach(t->delegations, k, d) {
        int64_t from = json_integer_value(json_object_get(d, "from_id"));
        bool for_poll = json_integer_value(json_object_get(d, "poll_id")) != 0;
        if (from == me) {
            json_t *x = json_pack("{s:O, s:O, s:b}", "to_id", json_object_get(d, "to_id"), "to_name", json_object_get(d, "to_name"),
                                  "for_poll", for_poll);
            if (for_poll) json_decref(mine), mine = x;
            else json_decref(standing), standing = x;
        }
    }
    for (size_t j = 0; at >= 0 && j < t->n; j++)
        if (t->carrier[j] == me && (long)j != at)
            json_array_append(for_me, json_object_get(json_array_get(t->voters, j), "name"));
    json_object_set_new(view, "my_poll_delegation", mine);
    json_object_set_new(view, "my_standing_delegation", standing);
    json_object_set_new(view, "votes_i_carry", for_me);
    json_t *by = json_null();
    if (at >= 0 && t->carrier[at] && t->carrier[at] != me)
        by = json_incref(json_object_get(json_array_get(t->voters, tally_voter(t, t->carrier[at])), "name"));
    json_object_set_new(view, "my_vote_cast_by", by);
    json_t *choices = json_array();
    json_t *v;
    json_array_foreach(t->voters, k, v)
        if (json_integer_value(json_object_get(v, "user_id")) != me)
            json_array_append_new(choices, json_pack("{s:O, s:O}", "id", json_object_get(v, "user_id"), "name", json_object_get(v, "name")));
    json_object_set_new(view, "_delegates", choices);
}

/* The closed poll's count as its decision record froze it. */
static int frozen_count(DbConn *c, Err *e, json_t *poll, json_t **count)
{
    json_t *d = NULL;
    int found = decision_get(c, e, json_integer_value(json_object_get(poll, "decision_id")), &d);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_INTERNAL, "The decision record of a closed poll is missing.");
    json_error_t je;
    *count = json_loads(json_string_value(json_object_get(d, "counts")), 0, &je);
    json_decref(d);
    return *count ? 0 : err_set(e, E_INTERNAL, "The counts of a decision record are not JSON.");
}

json_t *poll_page_view(DbConn *c, Err *e, Arena *a, int64_t poll_id, const PollViewer *v)
{
    Tally t;
    int found = tally_load(c, e, poll_id, v->now, false, &t);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such poll.");
        return NULL;
    }
    json_t *view = json_object(), *count = NULL;
    PollBody b;
    poll_body_of(a, t.poll, &b);
    bool closed = str_eq(json_string_value(json_object_get(t.poll, "status")), "closed");
    long at = tally_voter(&t, v->id);
    bool voted = at >= 0 && t.voted[at];
    if (closed && frozen_count(c, e, t.poll, &count) < 0) goto fail;
    if (!closed) count = json_incref(t.count);
    json_t *poll = json_deep_copy(t.poll);
    poll_decorate(a, poll, &b, v->now);
    bool manager = v->is_admin || json_integer_value(json_object_get(t.poll, "created_by")) == v->id;
    if (!manager && b.chapter_id && at >= 0 && body_voter(c, e, b.chapter_id, 0, v->id, v->now, &manager) < 0) goto fail_poll;
    if (!manager && b.committee_id) manager = json_integer_value(json_object_get(t.poll, "chair_id")) == v->id;
    json_object_set_new(view, "poll", poll);
    json_object_set_new(view, "options", options_view(&t.shape, t.options, voted ? &t.ballots[at] : NULL));
    json_object_set_new(view, "positions", positions_view(voted ? &t.ballots[at] : NULL));
    json_t *my_vote = json_null();
    if (voted) {
        json_t *row = NULL;
        size_t k;
        json_t *x;
        json_array_foreach(t.votes, k, x)
            if (json_integer_value(json_object_get(x, "user_id")) == v->id) row = x;
        my_vote = json_pack("{s:s, s:O, s:O}", "vote", poll_ballot_text(a, &t.shape, &t.ballots[at]), "reason",
                            json_object_get(row, "reason"), "cast_at", json_object_get(row, "cast_at"));
    }
    json_object_set_new(view, "my_vote", my_vote);
    delegation_view(view, &t, v->id, at);
    bool visible = poll_results_visible(closed, voted);
    bool named = !json_is_true(json_object_get(t.poll, "is_anonymous"));
    if (visible) count_decorate(count, closed);
    json_object_set_new(view, "results", visible ? json_incref(count) : json_null());
    json_object_set_new(view, "voters", visible && named ? voters_view(a, &t.shape, t.votes, closed ? NULL : &t) : json_array());
    json_object_set_new(view, "viewer", json_pack("{s:b, s:b, s:b, s:b}", "can_vote", at >= 0 && !closed, "has_voted", voted,
                                                  "can_close", manager && !closed, "sees_results", visible));
    json_decref(count);
    tally_free(&t);
    return view;
fail_poll:
    json_decref(count);
fail:
    json_decref(view);
    tally_free(&t);
    return NULL;
}

/* ---------- lists ---------- */

json_t *polls_of_body(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t viewer, int64_t now,
                      int64_t closed_limit, int64_t closed_offset)
{
    json_t *rows = poll_rows_of_body(c, e, chapter_id, committee_id, viewer, closed_limit, closed_offset);
    size_t i;
    json_t *p;
    json_array_foreach(rows, i, p) {
        const char *kind = json_string_value(json_object_get(p, "kind"));
        bool open = str_eq(json_string_value(json_object_get(p, "status")), "open");
        int64_t opens = json_integer_value(json_object_get(p, "opens_at")), closes = json_integer_value(json_object_get(p, "closes_at"));
        json_object_set_new(p, "kind_label", json_string(poll_kind_label(kind)));
        json_object_set_new(p, "is_open", json_boolean(open));
        json_object_set_new(p, "is_scheduled", json_boolean(open && now < opens));
        json_object_set_new(p, "is_voting", json_boolean(open && now >= opens && now < closes));
        json_object_set_new(p, "is_awaiting_close", json_boolean(open && now >= closes));
        json_object_set_new(p, "status_text", json_string(!open ? _("Closed") : now < opens ? _("Not open yet")
                                                          : now < closes ? _("Voting open") : _("Voting ended, being counted")));
        json_object_set_new(p, "url", json_sprintf("/polls/%lld", (long long)json_integer_value(json_object_get(p, "id"))));
    }
    return rows;
}

static const char *source_label(const char *source)
{
    return str_eq(source, "proposal") ? _("Proposal") : str_eq(source, "poll") ? _("Poll") : str_eq(source, "election") ? _("Election") : _("Matter");
}

/* A decision record as lists and pages show it: its counts as JSON, its body and links. */
static void decision_decorate(json_t *d)
{
    json_t *counts = json_object_get(d, "counts");
    if (json_is_string(counts)) {
        json_error_t je;
        json_t *parsed = json_loads(json_string_value(counts), 0, &je);
        json_object_set_new(d, "counts", parsed ? parsed : json_object());
    }
    const char *committee = json_string_value(json_object_get(d, "committee_key"));
    const char *chapter = json_string_value(json_object_get(d, "chapter_slug"));
    json_object_set(d, "body_name", json_object_get(d, committee ? "committee_name" : "chapter_name"));
    json_object_set_new(d, "body_url", committee ? json_sprintf("/committees/%s", committee) : json_sprintf("/chapters/%s", chapter ? chapter : ""));
    const char *source = json_string_value(json_object_get(d, "source"));
    json_object_set_new(d, "source_label", json_string(source_label(source)));
    json_object_set_new(d, "source_word", json_string(str_eq(source, "proposal") || str_eq(source, "poll") || str_eq(source, "election") ? source : "matter"));
    json_int_t sid = json_integer_value(json_object_get(d, "source_id"));
    json_object_set_new(d, "source_url", str_eq(source, "election") ? json_sprintf("/elections/%lld", (long long)sid)
                                         : str_eq(source, "matter")  ? json_sprintf("/matters/%lld", (long long)sid)
                                                                     : json_sprintf("/polls/%lld", (long long)sid));
    json_object_set_new(d, "url", json_sprintf("/decisions/%lld", (long long)json_integer_value(json_object_get(d, "id"))));
}

json_t *decisions_list(DbConn *c, Err *e, const DecisionFilter *f)
{
    json_t *rows = poll_decision_rows(c, e, f);
    size_t i;
    json_t *d;
    json_array_foreach(rows, i, d) decision_decorate(d);
    return rows;
}

int decision_for_reader(DbConn *c, Err *e, int64_t id, int64_t viewer, bool viewer_is_admin, json_t **out)
{
    *out = NULL;
    json_t *d = NULL;
    int found = decision_get(c, e, id, &d);
    if (found <= 0) return found;
    int64_t chapter = json_integer_value(json_object_get(d, "chapter_id"));
    int member = chapter && !viewer_is_admin ? body_voter(c, e, chapter, 0, viewer, 0, NULL) : 1;
    if (member <= 0) {
        json_decref(d);
        return member;
    }
    decision_decorate(d);
    count_decorate(json_object_get(d, "counts"), true);
    *out = d;
    return 1;
}

/* ---------- a body's polls page ---------- */

static json_t *kinds_view(void)
{
    static const char *const names[] = { "proposal", "single", "approval", "score", "ranked", "dots" };
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "value", names[i], "label", poll_kind_label(names[i]), "help",
                                             poll_kind_help(names[i])));
    return out;
}

json_t *poll_body_view(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t committee_id, const PollViewer *v,
                       int64_t closed_limit, int64_t closed_offset)
{
    json_t *view = json_object(), *polls = NULL, *voters = NULL, *rows = NULL, *matters = NULL;
    BodyOf ref;
    if (body_load(c, e, a, chapter_id, committee_id, v->id, v->now, &ref) < 0) goto fail;
    bool votes = ref.votes;
    if (!(polls = polls_of_body(c, e, chapter_id, committee_id, v->id, v->now, closed_limit, closed_offset)) ||
        !(voters = poll_voter_rows(c, e, chapter_id, committee_id, v->now)) ||
        !(rows = poll_delegation_rows(c, e, chapter_id, committee_id, 0)) || !(matters = poll_matter_rows(c, e, chapter_id, committee_id)))
        goto fail;
    json_t *open = json_array(), *closed = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(polls, i, x) json_array_append(json_is_true(json_object_get(x, "is_open")) ? open : closed, x);
    json_object_set_new(view, "open", open);
    json_object_set_new(view, "closed", closed);
    json_object_set_new(view, "body", json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:I}", "name", ref.b.name, "key", ref.b.key, "url",
                                                ref.b.url, "kind", ref.b.kind, "is_chapter", chapter_id != 0, "timezone",
                                                ref.b.timezone, "voters", (json_int_t)json_array_size(voters)));
    json_object_set_new(view, "can_open", json_boolean(votes));
    json_t *standing = json_null(), *delegates = json_array();
    json_array_foreach(rows, i, x)
        if (json_integer_value(json_object_get(x, "from_id")) == v->id)
            json_decref(standing), standing = json_pack("{s:O, s:O}", "to_id", json_object_get(x, "to_id"), "to_name",
                                                         json_object_get(x, "to_name"));
    json_array_foreach(voters, i, x)
        if (json_integer_value(json_object_get(x, "user_id")) != v->id)
            json_array_append_new(delegates, json_pack("{s:O, s:O}", "id", json_object_get(x, "user_id"), "name", json_object_get(x, "name")));
    json_object_set_new(view, "my_standing_delegation", standing);
    json_object_set_new(view, "_delegates", delegates);
    json_object_set_new(view, "_matters", json_incref(matters));
    json_object_set_new(view, "_kinds", kinds_view());
    json_decref(polls);
    json_decref(voters);
    json_decref(rows);
    json_decref(matters);
    return view;
fail:
    json_decref(view);
    json_decref(polls);
    json_decref(voters);
    json_decref(rows);
    json_decref(matters);
    return NULL;
}
