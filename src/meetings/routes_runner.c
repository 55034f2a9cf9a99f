/* routes_runner.c - handlers of one meeting: its page (the runner: phases,
 * successes, challenges and their stories, commitments, the roster), RSVP,
 * attendance, moving through the phases, and the live version the page polls.
 * Each write checks what the meeting's phase allows (rules.c) and calls one
 * operation of runner.c. The guard admits members of the chapter only (see
 * routes.c). */
#include "base/buf.h"
#include "base/i18n.h"
#include "base/str.h"
#include "meetings/internal.h"
#include "meetings/store.h"
#include "network/network.h"
#include "web/model.h"

/* ---------- the page ---------- */

/* Hangs a challenge's stories on it, and the story form sent again after an error. */
static void challenge_answers(Req *r, json_t *x, json_t *stories, const char *phase, bool own)
{
    json_t *answers = json_array();
    size_t k;
    json_t *s;
    json_array_foreach(stories, k, s)
        if (json_integer_value(json_object_get(s, "round_id")) == json_integer_value(json_object_get(x, "id"))) {
            model_set_markdown(s, "_body_html", r->arena, json_string_value(json_object_get(s, "body")));
            json_array_append(answers, s);
        }
    json_object_set_new(x, "answers", answers);
    json_object_set_new(x, "can_answer", json_boolean(!own && phase_allows_stories(phase)));
    if (json_integer_value(json_object_get(r->model, "_error_round")) == json_integer_value(json_object_get(x, "id"))) {
        /* the story form that was sent: show its text again, with the error and the way to post anyway */
        const char *draft = req_input(r, "body");
        json_object_set_new(x, "_has_error", json_true());
        json_object_set_new(x, "_draft", json_string(draft ? draft : ""));
        json_object_set(x, "_is_flagged", json_object_get(r->model, "_flagged"));
    }
}

/* Splits rounds into successes and challenges (the caller's own in "mine"). */
static void runner_rounds(Req *r, json_t *rounds, json_t *stories, const char *phase)
{
    json_t *successes = json_array(), *challenges = json_array(), *mine = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(rounds, i, x) {
        bool own = json_integer_value(json_object_get(x, "user_id")) == r->me.id;
        const char *kind = json_string_value(json_object_get(x, "kind"));
        json_object_set_new(x, "is_mine", json_boolean(own));
        json_object_set_new(x, "is_success", json_boolean(str_eq(kind, "success")));
        model_set_markdown(x, "_body_html", r->arena, json_string_value(json_object_get(x, "body")));
        json_object_set_new(x, "can_edit", json_boolean(own && phase_allows_round(phase, kind)));
        if (own) json_object_set(mine, kind, x);
        if (str_eq(kind, "challenge")) {
            challenge_answers(r, x, stories, phase, own);
            json_array_append(challenges, x);
        } else {
            json_array_append(successes, x);
        }
    }
    req_set(r, "successes", successes);
    req_set(r, "challenges", challenges);
    req_set(r, "mine", mine);
}

/* The phases as steps: done, current, to come. */
static json_t *runner_steps(const char *phase)
{
    json_t *steps = json_array();
    static const char *order[] = { "checkin", "successes", "challenges", "commitments", "closed" };
    bool reached = !str_eq(phase, "planned");
    for (int j = 0; j < 5; j++) {
        json_array_append_new(steps, json_pack("{s:s, s:s, s:b, s:b}", "phase", order[j], "label", phase_label(order[j]),
                                               "is_current", str_eq(order[j], phase), "is_done", reached && !str_eq(order[j], phase)));
        if (str_eq(order[j], phase)) reached = false;
    }
    return steps;
}

/* The roster's answers and the commitments' buttons. */
static void runner_people(Req *r, json_t *roster, json_t *commitments)
{
    size_t i;
    json_t *x;
    json_array_foreach(commitments, i, x) {
        bool own = json_integer_value(json_object_get(x, "user_id")) == r->me.id;
        json_object_set_new(x, "is_mine", json_boolean(own));
        json_object_set_new(x, "can_close", json_boolean((own || meetings_connector(r)) && json_is_true(json_object_get(x, "is_open"))));
        const char *status = json_string_value(json_object_get(x, "status"));
        json_object_set_new(x, "_status_label", json_string(str_eq(status, "done")      ? C_("a commitment's status", "done")
                                                            : str_eq(status, "dropped") ? C_("a commitment's status", "dropped")
                                                                                        : C_("a commitment's status", "open")));
    }
    json_array_foreach(roster, i, x)
        json_object_set_new(x, "answer_label", json_string(rsvp_answer_label(json_string_value(json_object_get(x, "answer")))));
}

/* What the runner shows of a meeting: rounds, stories, roster, commitments, steps, buttons. */
static int runner_model(Req *r, json_t *meeting)
{
    Err e = { 0 };
    int64_t id = json_integer_value(json_object_get(meeting, "id"));
    const char *phase = json_string_value(json_object_get(meeting, "phase"));
    json_t *rounds = req_own(r, meeting_rounds(r->db, &e, id));
    json_t *stories = rounds ? req_own(r, meeting_stories(r->db, &e, id)) : NULL;
    json_t *roster = stories ? req_own(r, meeting_roster(r->db, &e, r->chapter_id, id)) : NULL;
    json_t *commitments = roster ? req_own(r, chapter_commitments(r->db, &e, r->chapter_id, id)) : NULL;
    if (!commitments) return req_fail_err(r, &e);
    runner_rounds(r, rounds, stories, phase);
    runner_people(r, roster, commitments);
    req_set(r, "roster", json_incref(roster));
    req_set(r, "commitments", json_incref(commitments));
    req_set(r, "steps", runner_steps(phase));
    bool cancelled = json_is_true(json_object_get(meeting, "is_cancelled"));
    json_t *mine = json_object_get(r->model, "mine");
    MeetingCan can = meeting_can(phase, cancelled, json_is_true(json_object_get(meeting, "is_planned")), meetings_connector(r),
                                 json_object_get(mine, "success") != NULL, json_object_get(mine, "challenge") != NULL);
    req_set(r, "can", json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "post_success", can.post_success, "post_challenge",
                                can.post_challenge, "commit", can.commit, "rsvp", can.rsvp, "advance", can.advance,
                                "take_attendance", can.take_attendance, "reschedule", can.reschedule));
    const char *next = phase_next(phase);
    req_set(r, "next_phase", next && !str_eq(phase, "closed") && !cancelled
                                 ? json_pack("{s:s, s:s}", "phase", next, "label", phase_label(next)) : json_null());
    return 0;
}

static int meeting_show_model(Req *r)
{
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "viewer", json_pack("{s:s?, s:b, s:I}", "role", r->chapter_role, "is_connector", meetings_connector(r),
                                   "id", (json_int_t)r->me.id));
    req_set(r, "meeting", json_incref(m));
    if (runner_model(r, m) < 0) return -1;
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_object());
    return meeting_capture_model(r);
}


int meeting_show(Req *r)
{
    if (meeting_show_model(r) < 0) return -1;
    return req_page(r, "meetings/show");
}

int meeting_invalid(Req *r, const char *form, int64_t round)
{
    /* the faces differ: programs get the field errors, people the whole meeting page with them */
    if (r->api) return req_invalid(r, NULL);
    req_set(r, "_form", json_pack("{s:b}", form, true));
    if (round) req_set_int(r, "_error_round", round);
    if (meeting_show_model(r) < 0) return -1;
    return req_invalid(r, "meetings/show");
}

int meeting_live(Req *r)
{
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    req_set(r, "version", json_incref(json_object_get(m, "version")));
    req_set(r, "phase", json_incref(json_object_get(m, "phase")));
    req_set_str(r, "_phase_label", phase_label(json_string_value(json_object_get(m, "phase"))));
    r->cache_control = "no-store";
    return req_page(r, "meetings/live");
}

/* ---------- answers, attendance, phases ---------- */

int meeting_rsvp(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load_state(r, &m) < 0) return -1;   /* the answer needs the state only, not the meeting's figures */
    int64_t id = json_integer_value(json_object_get(m, "id"));
    const char *answer = req_input(r, "answer");
    if (!meeting_is_planned(json_string_value(json_object_get(m, "status")), json_string_value(json_object_get(m, "phase"))))
        return req_fail(r, E_CONFLICT, "Answers are taken before a meeting starts; this one has started, been held or been cancelled.");
    if (!rsvp_answer_valid(answer)) {
        req_error(r, "answer", "Answer yes, no or maybe.");
        return meeting_invalid(r, "rsvp", 0);
    }
    if (rsvp_answer(r->db, &e, id, r->me.id, answer) < 0) return req_fail_err(r, &e);
    req_set_str(r, "answer", answer);
    return req_redirect(r, req_next(r, meeting_url(r, id)), rsvp_flash(answer));   /* next: the home's prompt */
}

int meeting_attendance(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    if (!attendance_open(json_string_value(json_object_get(m, "phase")), json_is_true(json_object_get(m, "is_cancelled"))))
        return req_fail(r, E_CONFLICT, "Attendance is taken once the meeting is open.");
    const char *present[500];
    AttendanceSheet s = { .chapter_id = r->chapter_id, .meeting_id = json_integer_value(json_object_get(m, "id")),
                          .recorded_by = r->me.id, .present = present };
    s.npresent = req_input_all(r, "present", present, 500);
    if (attendance_record(r->db, &e, &s) < 0) return req_fail_err(r, &e);
    return req_redirect(r, meeting_url(r, s.meeting_id), req_printf(r, trn("Attendance recorded: %lld present.", "Attendance recorded: %lld present.", s.counted), (long long)s.counted));
}

int meeting_phase(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    const char *phase = json_string_value(json_object_get(m, "phase"));
    const char *next = phase_next(phase);
    PhaseChange p = { .chapter_id = r->chapter_id, .meeting_id = json_integer_value(json_object_get(m, "id")),
                      .now = now_unix(), .phase = req_input(r, "phase") };
    if (str_empty(p.phase)) p.phase = next;
    if (json_is_true(json_object_get(m, "is_cancelled"))) return req_fail(r, E_CONFLICT, "This meeting was cancelled.");
    if (str_eq(phase, "closed")) return req_fail(r, E_CONFLICT, "This meeting is closed.");
    if (!phase_valid(p.phase) || !str_eq(p.phase, next)) {
        req_error(r, "phase", "The meeting moves one step at a time; the next step is %s.", phase_label(next));
        return meeting_invalid(r, "phase", 0);
    }
    if (meeting_advance(r->db, &e, &p) < 0) return req_fail_err(r, &e);
    const char *msg = phase_flash(p.phase) ? tr(phase_flash(p.phase)) : req_printf(r, _("Now: %s."), phase_label(p.phase));
    if (p.new_status) msg = req_printf(r, _("%s The chapter is now %s."), msg, chapter_status_label(p.new_status));
    req_set_str(r, "phase", p.phase);
    return req_redirect(r, meeting_url(r, p.meeting_id), msg);
}

/* ---------- rounds, stories, commitments ---------- */

static bool text_ok(Req *r, const char *field, const char *text, const char *what)
{
    if (str_empty(text)) {
        req_error(r, field, "Please write your %s.", what);
        return false;
    }
    if (str_utf8_len(text) > ROUND_MAX) {
        req_error(r, field, "Please keep it under %d characters.", ROUND_MAX);
        return false;
    }
    return true;
}

int round_create(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    int64_t meeting = json_integer_value(json_object_get(m, "id")), id = 0;
    const char *kind = req_input(r, "kind"), *body = req_input(r, "body");
    const char *phase = json_string_value(json_object_get(m, "phase"));
    if (!str_eq(kind, "success") && !str_eq(kind, "challenge")) {
        req_error(r, "kind", "Say whether this is your success or your challenge.");
        return meeting_invalid(r, "success", 0);
    }
    bool success = str_eq(kind, "success");
    if (!phase_allows_round(phase, kind))
        return req_fail(r, E_CONFLICT,
                        success ? N_("Successes are shared from check-in until the successes round ends; the meeting is at \"%s\".")
                                : N_("Challenges are shared from check-in until the challenges round ends; the meeting is at \"%s\"."),
                        phase_label(phase));
    if (!text_ok(r, "body", body, kind)) return meeting_invalid(r, kind, 0);
    if (round_post(r->db, &e, meeting, r->me.id, kind, body, &id) < 0) return req_fail_err(r, &e);
    req_set(r, "round", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "kind", kind, "body", body));
    return req_created(r, req_printf(r, "%s#round-%lld", meeting_url(r, meeting), (long long)id),
                       success ? "Your success is shared with the chapter." : "Your challenge is shared; the others can answer with stories.");
}

/* Loads the round in the path (owned by the request), checking it belongs to this meeting; 1, or -1 answered. */
static int load_round(Req *r, json_t *meeting, json_t **round)
{
    Err e = { 0 };
    int64_t id = req_id(r, "round");
    json_t *x = NULL;
    int found = id ? round_get(r->db, &e, json_integer_value(json_object_get(meeting, "id")), id, &x) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This meeting has no round with that number.");
    *round = req_own(r, x);
    return 1;
}

/* The same, for its author only. */
static int load_own_round(Req *r, json_t *meeting, json_t **round)
{
    if (load_round(r, meeting, round) < 0) return -1;
    if (json_integer_value(json_object_get(*round, "user_id")) != r->me.id)
        return req_fail(r, E_FORBIDDEN, "Only its author can change a success or a challenge.");
    return 1;
}

int round_update(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL, *round = NULL;
    if (meeting_load(r, &m) < 0 || load_own_round(r, m, &round) < 0) return -1;
    int64_t meeting = json_integer_value(json_object_get(m, "id")), id = json_integer_value(json_object_get(round, "id"));
    const char *kind = json_string_value(json_object_get(round, "kind")), *body = req_input(r, "body");
    if (!phase_allows_round(json_string_value(json_object_get(m, "phase")), kind))
        return req_fail(r, E_CONFLICT, str_eq(kind, "success") ? N_("The round for your success is over; it can no longer be edited.")
                                                               : N_("The round for your challenge is over; it can no longer be edited."));
    if (!text_ok(r, "body", body, kind)) return meeting_invalid(r, kind, 0);
    if (round_edit(r->db, &e, meeting, id, body) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "%s#round-%lld", meeting_url(r, meeting), (long long)id),
                        str_eq(kind, "success") ? _("Your success is updated.") : _("Your challenge is updated."));
}

int round_share(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL, *round = NULL;
    if (meeting_load(r, &m) < 0 || load_own_round(r, m, &round) < 0) return -1;
    int64_t meeting = json_integer_value(json_object_get(m, "id")), id = json_integer_value(json_object_get(round, "id"));
    bool shared = req_input_bool(r, "shared");
    if (round_publish(r->db, &e, meeting, id, shared) < 0) return req_fail_err(r, &e);
    req_set_bool(r, "is_shared", shared);
    return req_redirect(r, req_printf(r, "%s#round-%lld", meeting_url(r, meeting), (long long)id),
                        shared ? "Shared with the network, without your name or your chapter's, together with the stories it got."
                               : "No longer shared with the network.");
}

/* Notes on the story field that it reads like advice, naming the phrases found. */
static void story_advice_error(Req *r, const char **found, int hits)
{
    Buf b;
    buf_init(&b, r->arena);
    for (int i = 0; i < hits && i < 6; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", found[i]);
    req_error(r, "body",
              "This reads like advice (%s). Stories work best as experience: \"When we faced something similar, we…\". "
              "Rewrite it, or tick \"Post it as it is\".", buf_str(&b));
    req_set_bool(r, "_flagged", true);
}

int story_create(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL, *round = NULL;
    if (meeting_load(r, &m) < 0 || load_round(r, m, &round) < 0) return -1;
    int64_t meeting = json_integer_value(json_object_get(m, "id")), rid = json_integer_value(json_object_get(round, "id")), id = 0;
    const char *body = req_input(r, "body");
    if (!str_eq(json_string_value(json_object_get(round, "kind")), "challenge"))
        return req_fail(r, E_CONFLICT, "Stories answer challenges; a success is celebrated, not answered.");
    if (json_integer_value(json_object_get(round, "user_id")) == r->me.id)
        return req_fail(r, E_CONFLICT, "Stories come from the others: you cannot answer your own challenge.");
    if (!phase_allows_stories(json_string_value(json_object_get(m, "phase"))))
        return req_fail(r, E_CONFLICT, "Stories are told during the challenges and commitments rounds.");
    if (!text_ok(r, "body", body, "story")) return meeting_invalid(r, "story", rid);
    const char *found[6];
    int hits = story_directive_phrases(body, found, 6);
    if (hits && !req_input_bool(r, "post_anyway")) {
        story_advice_error(r, found, hits);
        return meeting_invalid(r, "story", rid);
    }
    if (story_post(r->db, &e, meeting, rid, r->me.id, body, hits > 0, &id) < 0) return req_fail_err(r, &e);
    req_set(r, "story", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "body", body, "is_flagged", hits > 0));
    return req_created(r, req_printf(r, "%s#round-%lld", meeting_url(r, meeting), (long long)rid), "Your story is shared.");
}

int commitment_create(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    int64_t meeting = json_integer_value(json_object_get(m, "id")), id = 0;
    const char *body = req_input(r, "body");
    if (!phase_allows_commitments(json_string_value(json_object_get(m, "phase"))))
        return req_fail(r, E_CONFLICT, "Commitments are recorded during the challenges and commitments rounds.");
    if (!text_ok(r, "body", body, "commitment")) return meeting_invalid(r, "commitment", 0);
    if (commitment_add(r->db, &e, r->chapter_id, meeting, r->me.id, body, &id) < 0) return req_fail_err(r, &e);
    req_set(r, "commitment", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "body", body, "status", "open"));
    return req_created(r, req_printf(r, "%s#commitments", meeting_url(r, meeting)),
                       "Your commitment is recorded; it comes back at the next meeting.");
}

int commitment_update(Req *r)
{
    Err e = { 0 };
    json_t *k = NULL;
    int64_t id = req_id(r, "id");
    int found = id ? commitment_get(r->db, &e, r->chapter_id, id, &k) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This chapter has no commitment with that number.");
    bool own = json_integer_value(json_object_get(req_own(r, k), "user_id")) == r->me.id;
    if (!own && !meetings_connector(r)) return req_fail(r, E_FORBIDDEN, "Only its author or a connector can close a commitment.");
    const char *status = req_input(r, "status");
    if (!commitment_status_valid(status)) {
        req_error(r, "status", "A commitment is done, dropped or open.");
        return req_invalid(r, NULL);
    }
    int64_t meeting = 0;
    if (req_input_int(r, "meeting_id", &meeting) > 0 && meeting) {
        int known = meeting_in_chapter(r->db, &e, r->chapter_id, meeting);
        if (known < 0) return req_fail_err(r, &e);
        if (!known) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    }
    if (commitment_set_status(r->db, &e, id, status, meeting) < 0) return req_fail_err(r, &e);
    req_set_str(r, "status", status);
    const char *back = meeting ? req_printf(r, "%s#commitments", meeting_url(r, meeting))
                               : req_printf(r, "/chapters/%s/meetings", meetings_slug(r));
    return req_redirect(r, req_next(r, back), str_eq(status, "done") ? "Well done: the commitment is kept." : "The commitment is updated.");
}
