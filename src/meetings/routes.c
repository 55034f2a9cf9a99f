/* routes.c - handlers of chapter meetings: the schedule, RSVP, attendance, the
 * meeting runner (phases, successes, challenges, stories, commitments), the
 * absences, and what members chose to share with the network.
 *
 * Every route here has {chapter} in its path with F_MEMBER or F_CONNECTOR and
 * no F_ADMIN_OK: what is said in a meeting stays in the chapter, and the guard
 * refuses everyone else — network administrators included — before any
 * handler runs. Handlers still check that the meeting belongs to the chapter. */
#include <string.h>

#include "base/log.h"
#include "base/zone.h"
#include "base/markdown.h"
#include "base/str.h"
#include "meetings/meetings.h"
#include "meetings/store.h"
#include "network/network.h"
#include "web/model.h"
#include "web/app.h"

static const char *chapter_slug(Req *r)
{
    return json_string_value(json_object_get(r->chapter, "slug"));
}

static const char *chapter_tz(Req *r)
{
    const char *tz = json_string_value(json_object_get(r->chapter, "timezone"));
    return tz && *tz ? tz : "UTC";
}

static bool is_connector(Req *r)
{
    return str_eq(r->chapter_role, "connector");
}

static const char *meeting_url(Req *r, int64_t id)
{
    return req_printf(r, "/chapters/%s/meetings/%lld", chapter_slug(r), (long long)id);
}

/* Adds the local-time texts and the state flags a page needs to a meeting row. */
static void meeting_decorate(Req *r, json_t *m)
{
    const char *tz = json_string_value(json_object_get(m, "timezone"));
    int64_t starts = json_integer_value(json_object_get(m, "starts_at"));
    int64_t ends = json_integer_value(json_object_get(m, "ends_at"));
    char date[11], hm[6], end_hm[6];
    time_local_parts(starts, tz, date, hm);
    char end_date[11];
    time_local_parts(ends, tz, end_date, end_hm);
    json_object_set_new(m, "starts_local", json_string(time_local_text(r->arena, starts, tz)));
    json_object_set_new(m, "ends_local_time", json_string(end_hm));
    json_object_set_new(m, "date_local", json_string(date));
    json_object_set_new(m, "time_local", json_string(hm));
    json_object_set_new(m, "duration_minutes", json_integer((ends - starts) / 60));
    const char *status = json_string_value(json_object_get(m, "status"));
    const char *phase = json_string_value(json_object_get(m, "phase"));
    json_object_set_new(m, "phase_label", json_string(phase_label(phase)));
    json_object_set_new(m, "is_cancelled", json_boolean(str_eq(status, "cancelled")));
    json_object_set_new(m, "is_held", json_boolean(str_eq(status, "held")));
    json_object_set_new(m, "is_running", json_boolean(!str_eq(phase, "planned") && !str_eq(phase, "closed")));
    json_object_set_new(m, "is_planned", json_boolean(str_eq(phase, "planned") && str_eq(status, "scheduled")));
    const char *answer = json_string_value(json_object_get(m, "my_answer"));
    json_object_set_new(m, "is_yes", json_boolean(str_eq(answer, "yes")));
    json_object_set_new(m, "is_no", json_boolean(str_eq(answer, "no")));
    json_object_set_new(m, "is_maybe", json_boolean(str_eq(answer, "maybe")));
    json_object_set_new(m, "url", json_string(meeting_url(r, json_integer_value(json_object_get(m, "id")))));
}

static void decorate_all(Req *r, json_t *list)
{
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) meeting_decorate(r, m);
}

/* Loads the meeting named in the path (it must belong to the chapter); 1, or -1 with the error set. */
static int load_meeting(Req *r, json_t **out)
{
    Err e = { 0 };
    int64_t id = req_id(r, "meeting");
    int found = id ? meeting_get(r->db, &e, r->chapter_id, r->me.id, id, out) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    meeting_decorate(r, *out);
    return 1;
}

/* ---------- the chapter's rhythm ---------- */

json_t *chapter_health_view(Req *r, int64_t chapter_id, const char *tz, bool member, Err *e)
{
    json_t *h = NULL;
    if (chapter_health(r->db, e, chapter_id, &h) < 0) return NULL;
    int64_t held = json_integer_value(json_object_get(h, "meetings_held"));
    int64_t att = json_integer_value(json_object_get(h, "attendances"));
    json_object_set_new(h, "average_attendance", json_string(held ? req_printf(r, "%.1f", (double)att / (double)held) : "–"));
    json_object_del(h, "attendances");
    int64_t next = json_integer_value(json_object_get(h, "next_meeting_at"));
    if (!member) json_object_del(h, "next_meeting_at");   /* when and where members meet is for members */
    else if (next) json_object_set_new(h, "next_meeting_local", json_string(time_local_text(r->arena, next, tz)));
    return h;
}

/* ---------- the schedule ---------- */

static const char *weekday_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
static const char *weekday_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

static void series_form_options(Req *r, int week, const char *day)
{
    json_t *weeks = json_array();
    static const struct { int n; const char *label; } w[] = { { 1, "first" }, { 2, "second" }, { 3, "third" }, { 4, "fourth" }, { -1, "last" } };
    for (int i = 0; i < 5; i++)
        json_array_append_new(weeks, json_pack("{s:i, s:s, s:b}", "id", w[i].n, "label", w[i].label, "is_selected", w[i].n == week));
    json_t *days = json_array();
    for (int i = 0; i < 7; i++)
        json_array_append_new(days, json_pack("{s:s, s:s, s:b}", "id", weekday_codes[i], "label", weekday_names[i],
                                              "is_selected", str_eq(day, weekday_codes[i])));
    req_set(r, "_weeks", weeks);
    req_set(r, "_weekdays", days);
}

static int meetings_model(Req *r)
{
    Err e = { 0 };
    int64_t now = now_unix();
    json_t *series = NULL;
    int has = series_get(r->db, &e, r->chapter_id, &series);
    if (has < 0) return req_fail_err(r, &e);
    json_t *upcoming = meeting_upcoming(r->db, &e, r->chapter_id, r->me.id, now, 12);
    json_t *past = upcoming ? meeting_past(r->db, &e, r->chapter_id, r->me.id, now, 24) : NULL;
    json_t *health = past ? chapter_health_view(r, r->chapter_id, chapter_tz(r), true, &e) : NULL;
    if (!health) {
        json_decref(series);
        json_decref(upcoming);
        json_decref(past);
        return req_fail_err(r, &e);
    }
    decorate_all(r, upcoming);
    decorate_all(r, past);
    int week = 2;
    char day[3] = "TU";
    json_t *values = json_pack("{s:s, s:i, s:s, s:s}", "time", "18:30", "duration_minutes", 120, "venue", "", "online_url", "");
    if (has) {
        const char *rrule = json_string_value(json_object_get(series, "rrule"));
        json_object_set_new(series, "words", json_string(series_rule_words(r->arena, rrule)));
        if (sscanf(rrule, "FREQ=MONTHLY;BYDAY=%d%2s", &week, day) != 2) week = 0;
        const char *first = json_string_value(json_object_get(series, "first_local"));
        if (first && strlen(first) >= 13)
            json_object_set_new(values, "time", json_string(req_printf(r, "%.2s:%.2s", first + 9, first + 11)));
        json_object_set(values, "duration_minutes", json_object_get(series, "duration_minutes"));
        json_object_set(values, "venue", json_object_get(series, "venue"));
        json_object_set(values, "online_url", json_object_get(series, "online_url"));
        json_object_set(values, "rrule", json_object_get(series, "rrule"));
    }
    json_object_set(values, "absence_limit", json_object_get(r->chapter, "absence_limit"));
    json_object_set(values, "absence_window_days", json_object_get(r->chapter, "absence_window_days"));
    series_form_options(r, week, day);
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "series", has ? series : json_null());
    req_set(r, "upcoming", upcoming);
    req_set(r, "past", past);
    req_set(r, "health", health);
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", is_connector(r)));
    req_set_str(r, "timezone", chapter_tz(r));
    if (!json_object_get(r->model, "values")) req_set(r, "values", values);
    else json_decref(values);
    return 0;
}

int meetings_index(Req *r)
{
    if (meetings_model(r) < 0) return -1;
    return req_page(r, "meetings/index");
}

typedef struct SeriesSave {
    int64_t chapter_id, now, absence_limit, absence_window;
    SeriesFields f;
    int made;
} SeriesSave;

static int series_tx(DbConn *c, void *ctx, Err *e)
{
    SeriesSave *s = ctx;
    if (series_put(c, e, s->chapter_id, &s->f) < 0 || series_clear_future(c, e, s->chapter_id, s->now) < 0) return -1;
    if (chapter_set_absence_rule(c, e, s->chapter_id, s->absence_limit, s->absence_window) < 0) return -1;
    return series_schedule(c, e, s->chapter_id, s->now, &s->made);
}

/* Reads "HH:MM"; -1 if it is not a time of day. */
static int read_hm(const char *v, int *h, int *m)
{
    if (!v || sscanf(v, "%2d:%2d", h, m) != 2 || *h < 0 || *h > 23 || *m < 0 || *m > 59) return -1;
    return 0;
}

static void read_place_fields(Req *r, const char **venue, const char **url, int64_t *duration)
{
    *venue = req_input(r, "venue");
    *url = req_input(r, "online_url");
    if (!*venue) *venue = "";
    if (!*url) *url = "";
    if (str_utf8_len(*venue) > 200) req_error(r, "venue", "Please keep the venue under 200 characters.");
    if (**url && !str_starts(*url, "https://") && !str_starts(*url, "http://"))
        req_error(r, "online_url", "The online link should start with https://.");
    if (strlen(*url) > 500) req_error(r, "online_url", "That link is too long.");
    /* a duration not sent keeps the value the caller set (120 for a new meeting) */
    int64_t d;
    int got = req_input_int(r, "duration_minutes", &d);
    if (got > 0 && (d < 15 || d > 600)) req_error(r, "duration_minutes", "A meeting lasts between 15 and 600 minutes.");
    else if (got > 0) *duration = d;
}

int series_update(Req *r)
{
    Err e = { 0 };
    int64_t now = now_unix();
    SeriesSave s = { r->chapter_id, now, 3, 182, { .duration_minutes = 120 }, 0 };
    char rule[64];
    const char *rrule = req_input(r, "rrule");
    int64_t week = 0;
    if (str_empty(rrule)) {
        if (req_input_int(r, "week", &week) < 0 ||
            series_rule_make((int)week, req_input(r, "weekday"), rule, sizeof rule, &e) < 0)
            req_error(r, e.field[0] ? e.field : "week", "%s", e.msg[0] ? e.msg : "Please choose the week of the month.");
        rrule = rule;
    } else if (series_rule_check(rrule, &e) < 0) {
        req_error(r, "rrule", "%s", e.msg);
    }
    int h = 0, m = 0;
    if (read_hm(req_input(r, "time"), &h, &m) < 0) req_error(r, "time", "Please give the time as hours and minutes, like 18:30.");
    const char *starts_on = req_input(r, "starts_on");
    char today[11], ignored[6];
    time_local_parts(now, chapter_tz(r), today, ignored);
    if (str_empty(starts_on)) starts_on = today;
    int y, mo, d;
    if (sscanf(starts_on, "%4d-%2d-%2d", &y, &mo, &d) != 3) req_error(r, "starts_on", "Please give the first date like 2026-01-31.");
    read_place_fields(r, &s.f.venue, &s.f.online_url, &s.f.duration_minutes);
    const char *tz = req_input(r, "timezone");
    if (str_empty(tz)) tz = chapter_tz(r);
    if (!timezone_known(tz)) req_error(r, "timezone", "Please give a time zone by its IANA name, like Europe/Lisbon.");
    if (req_input_int(r, "absence_limit", &s.absence_limit) > 0 && (s.absence_limit < 1 || s.absence_limit > 50))
        req_error(r, "absence_limit", "Between 1 and 50 absences.");
    else if (!req_input(r, "absence_limit")) s.absence_limit = json_integer_value(json_object_get(r->chapter, "absence_limit"));
    if (req_input_int(r, "absence_window_days", &s.absence_window) > 0 && (s.absence_window < 28 || s.absence_window > 730))
        req_error(r, "absence_window_days", "Between 28 and 730 days.");
    else if (!req_input(r, "absence_window_days")) s.absence_window = json_integer_value(json_object_get(r->chapter, "absence_window_days"));
    if (req_has_errors(r)) {
        if (meetings_model(r) < 0) return -1;
        return req_invalid(r, "meetings/index");
    }
    s.f.rrule = rrule;
    s.f.first_local = req_printf(r, "%04d%02d%02dT%02d%02d00", y, mo, d, h, m);
    s.f.timezone = tz;
    Occurrence probe[1];
    if (series_expand(rrule, s.f.first_local, tz, 0, INT64_MAX / 2, probe, 1, &e) <= 0) {
        req_error(r, "starts_on", "%s", e.msg[0] ? e.msg : "That schedule has no meeting after the first date.");
        if (meetings_model(r) < 0) return -1;
        return req_invalid(r, "meetings/index");
    }
    if (db_write(r->db, series_tx, &s, &e) < 0) return req_fail_err(r, &e);
    log_info("chapter %s meets %s (%d meetings scheduled)", chapter_slug(r), rrule, s.made);
    if (r->api) {
        /* answer with the chapter as saved (its absence rule changed) */
        json_t *fresh = NULL;
        int64_t id;
        const char *role;
        if (chapter_load(r->db, r->arena, &e, req_param(r, "chapter"), r->me.id, &fresh, &id, &role) <= 0) return req_fail_err(r, &e);
        json_decref(r->chapter);
        r->chapter = fresh;
        if (meetings_model(r) < 0) return -1;
    }
    return req_redirect(r, req_printf(r, "/chapters/%s/meetings", chapter_slug(r)),
                        req_printf(r, "The chapter meets %s at %02d:%02d; the next %d meetings are in the calendar.",
                                   series_rule_words(r->arena, rrule), h, m, s.made));
}

typedef struct NewMeeting {
    int64_t chapter_id, starts, ends, id;
    const char *tz, *venue, *url;
} NewMeeting;

static int meeting_create_tx(DbConn *c, void *ctx, Err *e)
{
    NewMeeting *n = ctx;
    return meeting_insert(c, e, n->chapter_id, NULL, n->starts, n->ends, n->tz, n->venue, n->url, &n->id) < 0 ? -1 : 0;
}

/* Reads the date and time fields into a UTC start (in the chapter's zone). */
static void read_when(Req *r, const char *tz, int64_t *starts)
{
    Err e = { 0 };
    const char *date = req_input(r, "date"), *time = req_input(r, "time");
    if (str_empty(date)) req_error(r, "date", "Please choose a date.");
    else if (str_empty(time)) req_error(r, "time", "Please give a time, like 18:30.");
    else if (local_to_utc(req_printf(r, "%sT%s", date, time), tz, starts, &e) < 0)
        req_error(r, "date", "Please give a date like 2026-03-10 and a time like 18:30.");
}

int meeting_create(Req *r)
{
    Err e = { 0 };
    NewMeeting n = { r->chapter_id, 0, 0, 0, chapter_tz(r), NULL, NULL };
    int64_t duration = 120;
    read_when(r, n.tz, &n.starts);
    read_place_fields(r, &n.venue, &n.url, &duration);
    if (!req_has_errors(r) && n.starts < now_unix() - 86400)
        req_error(r, "date", "That date has passed; meetings are added ahead of time.");
    if (req_has_errors(r)) {
        if (meetings_model(r) < 0) return -1;
        return req_invalid(r, "meetings/index");
    }
    n.ends = n.starts + duration * 60;
    if (db_write(r->db, meeting_create_tx, &n, &e) < 0) return req_fail_err(r, &e);
    json_t *m = NULL;
    if (meeting_get(r->db, &e, r->chapter_id, r->me.id, n.id, &m) <= 0) return req_fail_err(r, &e);
    meeting_decorate(r, m);
    req_set(r, "meeting", m);
    return req_created(r, meeting_url(r, n.id), "The meeting is added to the calendar.");
}

/* ---------- one meeting ---------- */

/* Splits rounds into successes and challenges, hangs each challenge's stories on it. */
static void runner_model(Req *r, json_t *meeting)
{
    Err e = { 0 };
    int64_t id = json_integer_value(json_object_get(meeting, "id"));
    const char *phase = json_string_value(json_object_get(meeting, "phase"));
    json_t *rounds = meeting_rounds(r->db, &e, id);
    json_t *stories = rounds ? meeting_stories(r->db, &e, id) : NULL;
    json_t *roster = stories ? meeting_roster(r->db, &e, r->chapter_id, id) : NULL;
    json_t *commitments = roster ? chapter_commitments(r->db, &e, r->chapter_id, id) : NULL;
    if (!commitments) {
        json_decref(rounds);
        json_decref(stories);
        json_decref(roster);
        req_fail_err(r, &e);
        return;
    }
    json_t *successes = json_array(), *challenges = json_array();
    json_t *mine = json_object();
    size_t i, k;
    json_t *x, *s;
    json_array_foreach(rounds, i, x) {
        bool own = json_integer_value(json_object_get(x, "user_id")) == r->me.id;
        const char *kind = json_string_value(json_object_get(x, "kind"));
        json_object_set_new(x, "is_mine", json_boolean(own));
        model_set_markdown(x, "_body_html", r->arena, json_string_value(json_object_get(x, "body")));
        json_object_set_new(x, "can_edit", json_boolean(own && phase_allows_round(phase, kind)));
        if (own) json_object_set(mine, kind, x);
        if (str_eq(kind, "challenge")) {
            json_t *answers = json_array();
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
            json_array_append(challenges, x);
        } else {
            json_array_append(successes, x);
        }
    }
    json_array_foreach(commitments, i, x) {
        bool own = json_integer_value(json_object_get(x, "user_id")) == r->me.id;
        json_object_set_new(x, "is_mine", json_boolean(own));
        json_object_set_new(x, "can_close", json_boolean((own || is_connector(r)) && json_is_true(json_object_get(x, "is_open"))));
    }
    json_array_foreach(roster, i, x) {
        const char *a = json_string_value(json_object_get(x, "answer"));
        json_object_set_new(x, "answer_label", json_string(str_eq(a, "yes") ? "Coming" : str_eq(a, "no") ? "Not coming"
                                                          : str_eq(a, "maybe") ? "Maybe" : "No answer"));
    }
    json_decref(rounds);
    json_decref(stories);
    const char *next = phase_next(phase);
    json_t *steps = json_array();
    static const char *order[] = { "checkin", "successes", "challenges", "commitments", "closed" };
    bool reached = !str_eq(phase, "planned");
    for (int j = 0; j < 5; j++) {
        json_array_append_new(steps, json_pack("{s:s, s:s, s:b, s:b}", "phase", order[j], "label", phase_label(order[j]),
                                               "is_current", str_eq(order[j], phase), "is_done", reached && !str_eq(order[j], phase)));
        if (str_eq(order[j], phase)) reached = false;
    }
    req_set(r, "successes", successes);
    req_set(r, "challenges", challenges);
    req_set(r, "mine", mine);
    req_set(r, "roster", roster);
    req_set(r, "commitments", commitments);
    req_set(r, "steps", steps);
    bool running = json_is_true(json_object_get(meeting, "is_running"));
    req_set(r, "can", json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
                                "post_success", phase_allows_round(phase, "success") && !json_object_get(mine, "success"),
                                "post_challenge", phase_allows_round(phase, "challenge") && !json_object_get(mine, "challenge"),
                                "commit", phase_allows_commitments(phase),
                                "rsvp", str_eq(phase, "planned") && json_is_false(json_object_get(meeting, "is_cancelled")),
                                "advance", is_connector(r) && !str_eq(phase, "closed") && !json_is_true(json_object_get(meeting, "is_cancelled")),
                                "take_attendance", is_connector(r) && (running || str_eq(phase, "closed")),
                                "reschedule", is_connector(r) && json_is_true(json_object_get(meeting, "is_planned"))));
    req_set(r, "next_phase", next && !str_eq(phase, "closed") && !json_is_true(json_object_get(meeting, "is_cancelled"))
                                 ? json_pack("{s:s, s:s}", "phase", next, "label", phase_label(next)) : json_null());
}

int meeting_show(Req *r)
{
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "viewer", json_pack("{s:s?, s:b, s:I}", "role", r->chapter_role, "is_connector", is_connector(r),
                                   "id", (json_int_t)r->me.id));
    req_set(r, "meeting", m);
    runner_model(r, m);
    if (r->err.code) return -1;
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_object());
    req_set(r, "_capture_rows", json_pack("[{s:i}, {s:i}, {s:i}]", "n", 1, "n", 2, "n", 3));
    return req_page(r, "meetings/show");
}

/* Shows the meeting page again with the errors noted on fields, next to the
 * form they came from: `form` is "success", "challenge", "story", "commitment",
 * "rsvp" or "phase"; `round` the challenge a story answered. */
static int meeting_invalid(Req *r, const char *form, int64_t round)
{
    if (r->api) return req_invalid(r, NULL);
    json_t *errors = json_incref(r->errors);
    req_set(r, "_form", json_pack("{s:b}", form, true));
    if (round) req_set_int(r, "_error_round", round);
    if (meeting_show(r) < 0) {
        json_decref(errors);
        return -1;
    }
    json_decref(r->errors);
    r->errors = errors;
    return req_invalid(r, "meetings/show");
}

typedef struct MeetingChange {
    int64_t chapter_id, meeting_id, user_id, starts, ends, round_id, id;
    const char *venue, *url, *text, *kind, *phase;
    bool flag, present_only;
    const char **present;
    int npresent;
    Lifecycle life;
    const char *new_status;
} MeetingChange;

static int move_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    return meeting_move(c, e, m->meeting_id, m->starts, m->ends, m->venue, m->url);
}

int meeting_update(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    bool planned = json_is_true(json_object_get(m, "is_planned"));
    const char *tz = json_string_value(json_object_get(m, "timezone"));
    MeetingChange ch = { .chapter_id = r->chapter_id, .meeting_id = json_integer_value(json_object_get(m, "id")) };
    int64_t duration = (json_integer_value(json_object_get(m, "ends_at")) - json_integer_value(json_object_get(m, "starts_at"))) / 60;
    ch.starts = json_integer_value(json_object_get(m, "starts_at"));
    if (!planned) {
        json_decref(m);
        return req_fail(r, E_CONFLICT, "This meeting has started, been held or been cancelled; it can no longer be moved.");
    }
    if (req_input(r, "date") || req_input(r, "time")) {
        /* what is not sent keeps its value: a new time on the same day, or the same time on a new day */
        const char *date = req_input(r, "date"), *time = req_input(r, "time");
        if (str_empty(date)) date = req_printf(r, "%s", json_string_value(json_object_get(m, "date_local")));
        if (str_empty(time)) time = req_printf(r, "%s", json_string_value(json_object_get(m, "time_local")));
        if (local_to_utc(req_printf(r, "%sT%s", date, time), tz, &ch.starts, &e) < 0)
            req_error(r, "date", "Please give a date like 2026-03-10 and a time like 18:30.");
    }
    if (req_input(r, "venue") || req_input(r, "online_url") || req_input(r, "duration_minutes"))
        read_place_fields(r, &ch.venue, &ch.url, &duration);
    if (!req_input(r, "venue")) ch.venue = req_printf(r, "%s", json_string_value(json_object_get(m, "venue")));
    if (!req_input(r, "online_url")) ch.url = req_printf(r, "%s", json_string_value(json_object_get(m, "online_url")));
    json_decref(m);
    if (req_has_errors(r)) return meeting_invalid(r, "move", 0);
    ch.ends = ch.starts + duration * 60;
    if (db_write(r->db, move_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    if (r->api && load_meeting(r, &m) > 0) req_set(r, "meeting", m);
    return req_redirect(r, meeting_url(r, ch.meeting_id), "The meeting is moved; calendars show the new time.");
}

static int cancel_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    return meeting_cancel_one(c, e, m->meeting_id);
}

int meeting_cancel(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    bool planned = json_is_true(json_object_get(m, "is_planned"));
    MeetingChange ch = { .meeting_id = json_integer_value(json_object_get(m, "id")) };
    json_decref(m);
    if (!planned) return req_fail(r, E_CONFLICT, "Only a meeting that has not started can be cancelled.");
    if (db_write(r->db, cancel_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s/meetings", chapter_slug(r)), "The meeting is cancelled; calendars show it as cancelled.");
}

static int rsvp_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    if (rsvp_put(c, e, m->meeting_id, m->user_id, m->text) < 0) return -1;
    return meeting_bump(c, e, m->meeting_id);
}

int meeting_rsvp(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    bool open = json_is_true(json_object_get(m, "is_planned"));
    MeetingChange ch = { .meeting_id = json_integer_value(json_object_get(m, "id")), .user_id = r->me.id,
                         .text = req_input(r, "answer") };
    json_decref(m);
    if (!open) return req_fail(r, E_CONFLICT, "Answers are taken before a meeting starts; this one has started, been held or been cancelled.");
    if (!str_eq(ch.text, "yes") && !str_eq(ch.text, "no") && !str_eq(ch.text, "maybe")) {
        req_error(r, "answer", "Answer yes, no or maybe.");
        return meeting_invalid(r, "rsvp", 0);
    }
    if (db_write(r->db, rsvp_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    req_set_str(r, "answer", ch.text);
    return req_redirect(r, meeting_url(r, ch.meeting_id),
                        str_eq(ch.text, "yes") ? "See you there." : str_eq(ch.text, "no") ? "Noted: you will miss this one." : "Noted: maybe.");
}

static int attendance_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    json_t *roster = meeting_roster(c, e, m->chapter_id, m->meeting_id);
    if (!roster) return -1;
    size_t i;
    json_t *p;
    int rc = 0;
    json_array_foreach(roster, i, p) {
        int64_t uid = json_integer_value(json_object_get(p, "id"));
        bool present = false;
        for (int k = 0; k < m->npresent; k++) {
            int64_t v;
            if (str_to_i64(m->present[k], &v) && v == uid) present = true;
        }
        if (attendance_put(c, e, m->meeting_id, uid, present, m->user_id) < 0) { rc = -1; break; }
        m->id += present;   /* how many members were recorded present */
    }
    json_decref(roster);
    return rc < 0 ? -1 : meeting_bump(c, e, m->meeting_id);
}

int meeting_attendance(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    const char *phase = json_string_value(json_object_get(m, "phase"));
    bool ok = !str_eq(phase, "planned") && !json_is_true(json_object_get(m, "is_cancelled"));
    MeetingChange ch = { .chapter_id = r->chapter_id, .meeting_id = json_integer_value(json_object_get(m, "id")), .user_id = r->me.id };
    json_decref(m);
    if (!ok) return req_fail(r, E_CONFLICT, "Attendance is taken once the meeting is open.");
    const char *present[500];
    ch.present = present;
    ch.npresent = req_input_all(r, "present", present, 500);
    if (db_write(r->db, attendance_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, meeting_url(r, ch.meeting_id),
                        req_printf(r, "Attendance recorded: %lld present.", (long long)ch.id));
}

static int phase_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    int64_t now = now_unix();
    if (meeting_set_phase(c, e, m->meeting_id, m->phase, now) < 0) return -1;
    if (!str_eq(m->phase, "closed")) return 0;
    /* a forming chapter becomes active with its third meeting held */
    json_t *f = NULL;
    if (chapter_lifecycle_facts(c, e, m->chapter_id, &f) <= 0) return -1;
    const char *status = json_string_value(json_object_get(f, "status"));
    const char *next = chapter_next_status(status, json_integer_value(json_object_get(f, "held")),
                                           json_integer_value(json_object_get(f, "last_held")),
                                           json_integer_value(json_object_get(f, "created_at")), now, &m->life);
    int rc = 0;
    if (next != status) {
        m->new_status = next;
        rc = chapter_set_status(c, e, m->chapter_id, next);
    }
    json_decref(f);
    return rc;
}

int meeting_phase(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    const char *phase = json_string_value(json_object_get(m, "phase"));
    const char *next = phase_next(phase);
    bool cancelled = json_is_true(json_object_get(m, "is_cancelled"));
    MeetingChange ch = { .chapter_id = r->chapter_id, .meeting_id = json_integer_value(json_object_get(m, "id")) };
    const char *want = req_input(r, "phase");
    if (str_empty(want)) want = next;
    bool closed = str_eq(phase, "closed");
    json_decref(m);
    if (cancelled) return req_fail(r, E_CONFLICT, "This meeting was cancelled.");
    if (closed) return req_fail(r, E_CONFLICT, "This meeting is closed.");
    if (!phase_valid(want) || !str_eq(want, next)) {
        req_error(r, "phase", "The meeting moves one step at a time; the next step is %s.", phase_label(next));
        return meeting_invalid(r, "phase", 0);
    }
    Arena a;
    arena_init(&a, 256);
    ch.life = lifecycle_settings(r->db, &a);
    arena_release(&a);
    ch.phase = want;
    if (db_write(r->db, phase_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    const char *msg = str_eq(want, "checkin")  ? "The meeting is open. Welcome everyone, then move on to the successes."
                      : str_eq(want, "closed") ? "The meeting is closed. Commitments will come back next time."
                                               : req_printf(r, "Now: %s.", phase_label(want));
    if (ch.new_status) msg = req_printf(r, "%s The chapter is now %s.", msg, ch.new_status);
    req_set_str(r, "phase", want);
    return req_redirect(r, meeting_url(r, ch.meeting_id), msg);
}

int meeting_live(Req *r)
{
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    req_set(r, "version", json_incref(json_object_get(m, "version")));
    req_set(r, "phase", json_incref(json_object_get(m, "phase")));
    json_decref(m);
    r->cache_control = "no-store";
    return req_page(r, "meetings/live");
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

static int round_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    if (round_insert(c, e, m->meeting_id, m->user_id, m->kind, m->text, &m->id) < 0) return -1;
    /* sharing a round means being there */
    if (attendance_mark_present(c, e, m->meeting_id, m->user_id) < 0) return -1;
    return meeting_bump(c, e, m->meeting_id);
}

int round_create(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    MeetingChange ch = { .meeting_id = json_integer_value(json_object_get(m, "id")), .user_id = r->me.id,
                         .kind = req_input(r, "kind"), .text = req_input(r, "body") };
    const char *phase = req_printf(r, "%s", json_string_value(json_object_get(m, "phase")));
    json_decref(m);
    if (!str_eq(ch.kind, "success") && !str_eq(ch.kind, "challenge")) {
        req_error(r, "kind", "Say whether this is your success or your challenge.");
        return meeting_invalid(r, "success", 0);
    }
    if (!phase_allows_round(phase, ch.kind))
        return req_fail(r, E_CONFLICT, "%s are shared %s; the meeting is at \"%s\".",
                        str_eq(ch.kind, "success") ? "Successes" : "Challenges",
                        str_eq(ch.kind, "success") ? "from check-in until the successes round ends"
                                                   : "from check-in until the challenges round ends",
                        phase_label(phase));
    if (!text_ok(r, "body", ch.text, ch.kind)) return meeting_invalid(r, ch.kind, 0);
    if (db_write(r->db, round_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "round", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ch.id, "kind", ch.kind, "body", ch.text));
    return req_created(r, req_printf(r, "%s#round-%lld", meeting_url(r, ch.meeting_id), (long long)ch.id),
                       str_eq(ch.kind, "success") ? "Your success is shared with the chapter." : "Your challenge is shared; the others can answer with stories.");
}

/* Loads the round in the path, checking it belongs to this meeting and to the caller. */
static int load_own_round(Req *r, json_t *meeting, json_t **round)
{
    Err e = { 0 };
    int64_t id = req_id(r, "round");
    int found = id ? round_get(r->db, &e, json_integer_value(json_object_get(meeting, "id")), id, round) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This meeting has no round with that number.");
    if (json_integer_value(json_object_get(*round, "user_id")) != r->me.id) {
        json_decref(*round);
        return req_fail(r, E_FORBIDDEN, "Only its author can change a success or a challenge.");
    }
    return 1;
}

static int round_save_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    return round_save(c, e, m->round_id, m->text) < 0 ? -1 : meeting_bump(c, e, m->meeting_id);
}

int round_update(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL, *round = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    if (load_own_round(r, m, &round) < 0) {
        json_decref(m);
        return -1;
    }
    MeetingChange ch = { .meeting_id = json_integer_value(json_object_get(m, "id")),
                         .round_id = json_integer_value(json_object_get(round, "id")), .text = req_input(r, "body") };
    bool allowed = phase_allows_round(json_string_value(json_object_get(m, "phase")), json_string_value(json_object_get(round, "kind")));
    const char *kind = req_printf(r, "%s", json_string_value(json_object_get(round, "kind")));
    json_decref(m);
    json_decref(round);
    if (!allowed) return req_fail(r, E_CONFLICT, "The round for your %s is over; it can no longer be edited.", kind);
    if (!text_ok(r, "body", ch.text, kind)) return meeting_invalid(r, kind, 0);
    if (db_write(r->db, round_save_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "%s#round-%lld", meeting_url(r, ch.meeting_id), (long long)ch.round_id),
                        req_printf(r, "Your %s is updated.", kind));
}

static int share_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    return round_set_shared(c, e, m->round_id, m->flag) < 0 ? -1 : meeting_bump(c, e, m->meeting_id);
}

int round_share(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL, *round = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    if (load_own_round(r, m, &round) < 0) {
        json_decref(m);
        return -1;
    }
    MeetingChange ch = { .meeting_id = json_integer_value(json_object_get(m, "id")),
                         .round_id = json_integer_value(json_object_get(round, "id")), .flag = req_input_bool(r, "shared") };
    json_decref(m);
    json_decref(round);
    if (db_write(r->db, share_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    req_set_bool(r, "is_shared", ch.flag);
    return req_redirect(r, req_printf(r, "%s#round-%lld", meeting_url(r, ch.meeting_id), (long long)ch.round_id),
                        ch.flag ? "Shared with the network, without your name or your chapter's, together with the stories it got."
                                : "No longer shared with the network.");
}

static int story_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    if (story_insert(c, e, m->round_id, m->user_id, m->text, m->flag, &m->id) < 0) return -1;
    return meeting_bump(c, e, m->meeting_id);
}

int story_create(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL, *round = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    int64_t rid = req_id(r, "round");
    int found = rid ? round_get(r->db, &e, json_integer_value(json_object_get(m, "id")), rid, &round) : 0;
    if (found <= 0) {
        json_decref(m);
        return found < 0 ? req_fail_err(r, &e) : req_fail(r, E_NOT_FOUND, "This meeting has no round with that number.");
    }
    MeetingChange ch = { .meeting_id = json_integer_value(json_object_get(m, "id")), .round_id = rid, .user_id = r->me.id,
                         .text = req_input(r, "body") };
    bool challenge = str_eq(json_string_value(json_object_get(round, "kind")), "challenge");
    bool own = json_integer_value(json_object_get(round, "user_id")) == r->me.id;
    bool allowed = phase_allows_stories(json_string_value(json_object_get(m, "phase")));
    json_decref(m);
    json_decref(round);
    if (!challenge) return req_fail(r, E_CONFLICT, "Stories answer challenges; a success is celebrated, not answered.");
    if (own) return req_fail(r, E_CONFLICT, "Stories come from the others: you cannot answer your own challenge.");
    if (!allowed) return req_fail(r, E_CONFLICT, "Stories are told during the challenges and commitments rounds.");
    if (!text_ok(r, "body", ch.text, "story")) return meeting_invalid(r, "story", rid);
    const char *found_phrases[6];
    int hits = story_directive_phrases(ch.text, found_phrases, 6);
    ch.flag = hits > 0;
    if (hits && !req_input_bool(r, "post_anyway")) {
        Buf b;
        buf_init(&b, r->arena);
        for (int i = 0; i < hits && i < 6; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", found_phrases[i]);
        req_error(r, "body",
                  "This reads like advice (%s). Stories work best as experience: \"When we faced something similar, we…\". "
                  "Rewrite it, or tick \"Post it as it is\".", buf_str(&b));
        req_set_bool(r, "_flagged", true);
        return meeting_invalid(r, "story", rid);
    }
    if (db_write(r->db, story_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "story", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)ch.id, "body", ch.text, "is_flagged", ch.flag));
    return req_created(r, req_printf(r, "%s#round-%lld", meeting_url(r, ch.meeting_id), (long long)rid), "Your story is shared.");
}

static int commitment_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    if (commitment_insert(c, e, m->chapter_id, m->meeting_id, m->user_id, m->text, &m->id) < 0) return -1;
    return meeting_bump(c, e, m->meeting_id);
}

int commitment_create(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (load_meeting(r, &m) < 0) return -1;
    MeetingChange ch = { .chapter_id = r->chapter_id, .meeting_id = json_integer_value(json_object_get(m, "id")),
                         .user_id = r->me.id, .text = req_input(r, "body") };
    bool allowed = phase_allows_commitments(json_string_value(json_object_get(m, "phase")));
    json_decref(m);
    if (!allowed) return req_fail(r, E_CONFLICT, "Commitments are recorded during the challenges and commitments rounds.");
    if (!text_ok(r, "body", ch.text, "commitment")) return meeting_invalid(r, "commitment", 0);
    if (db_write(r->db, commitment_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "commitment", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ch.id, "body", ch.text, "status", "open"));
    return req_created(r, req_printf(r, "%s#commitments", meeting_url(r, ch.meeting_id)),
                       "Your commitment is recorded; it comes back at the next meeting.");
}

static int commitment_close_tx(DbConn *c, void *ctx, Err *e)
{
    MeetingChange *m = ctx;
    if (commitment_close(c, e, m->id, m->text, m->meeting_id) < 0) return -1;
    return m->meeting_id ? meeting_bump(c, e, m->meeting_id) : 0;
}

int commitment_update(Req *r)
{
    Err e = { 0 };
    json_t *k = NULL;
    int64_t id = req_id(r, "id");
    int found = id ? commitment_get(r->db, &e, r->chapter_id, id, &k) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This chapter has no commitment with that number.");
    bool own = json_integer_value(json_object_get(k, "user_id")) == r->me.id;
    json_decref(k);
    if (!own && !is_connector(r)) return req_fail(r, E_FORBIDDEN, "Only its author or a connector can close a commitment.");
    MeetingChange ch = { .id = id, .text = req_input(r, "status") };
    if (!str_eq(ch.text, "done") && !str_eq(ch.text, "dropped") && !str_eq(ch.text, "open")) {
        req_error(r, "status", "A commitment is done, dropped or open.");
        return req_invalid(r, NULL);
    }
    int64_t meeting = 0;
    if (req_input_int(r, "meeting_id", &meeting) > 0 && meeting) {
        json_t *m = NULL;
        int known = meeting_get(r->db, &e, r->chapter_id, r->me.id, meeting, &m);
        json_decref(m);
        if (known < 0) return req_fail_err(r, &e);
        if (!known) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    }
    ch.meeting_id = meeting;
    if (db_write(r->db, commitment_close_tx, &ch, &e) < 0) return req_fail_err(r, &e);
    req_set_str(r, "status", ch.text);
    const char *back = meeting ? req_printf(r, "%s#commitments", meeting_url(r, meeting))
                               : req_printf(r, "/chapters/%s/meetings", chapter_slug(r));
    return req_redirect(r, back, str_eq(ch.text, "done") ? "Well done: the commitment is kept." : "The commitment is updated.");
}

/* ---------- absences and shared rounds ---------- */

int chapter_absences(Req *r)
{
    Err e = { 0 };
    int64_t limit = json_integer_value(json_object_get(r->chapter, "absence_limit"));
    int64_t window = json_integer_value(json_object_get(r->chapter, "absence_window_days"));
    json_t *list = chapter_absence_counts(r->db, &e, r->chapter_id, now_unix() - window * 86400);
    if (!list) return req_fail_err(r, &e);
    size_t i;
    json_t *x;
    int flagged = 0;
    json_array_foreach(list, i, x) {
        bool f = absence_flagged(json_integer_value(json_object_get(x, "absences")), limit);
        json_object_set_new(x, "is_flagged", json_boolean(f));
        flagged += f;
    }
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "members", list);
    req_set(r, "rule", json_pack("{s:I, s:I, s:I}", "absence_limit", (json_int_t)limit, "window_days", (json_int_t)window,
                                 "window_months", (json_int_t)((window + 15) / 30)));
    req_set_int(r, "flagged", flagged);
    return req_page(r, "meetings/absences");
}

int shared_index(Req *r)
{
    Err e = { 0 };
    int64_t page = 1;
    if (req_query(r, "page") && (!str_to_i64(req_query(r, "page"), &page) || page < 1 || page > 100000))
        return req_fail(r, E_BAD_REQUEST, "The page number must be a whole number from 1.");
    json_t *rounds = shared_rounds(r->db, &e, 30, (page - 1) * 30);
    json_t *stories = rounds ? shared_stories(r->db, &e, 30, (page - 1) * 30) : NULL;
    if (!stories) {
        json_decref(rounds);
        return req_fail_err(r, &e);
    }
    size_t i, k;
    json_t *x, *s;
    json_array_foreach(rounds, i, x) {
        json_t *answers = json_array();
        json_array_foreach(stories, k, s)
            if (json_integer_value(json_object_get(s, "round_id")) == json_integer_value(json_object_get(x, "id")))
                json_array_append_new(answers, json_pack("{s:O}", "body", json_object_get(s, "body")));
        json_object_set_new(x, "answers", answers);
        json_object_set_new(x, "is_challenge", json_boolean(str_eq(json_string_value(json_object_get(x, "kind")), "challenge")));
    }
    json_decref(stories);
    req_set(r, "shared", rounds);
    req_set_int(r, "page", page);
    if (page > 1) req_set_str(r, "_prev_url", req_printf(r, "/stories?page=%lld", (long long)page - 1));
    if (json_array_size(rounds) == 30) req_set_str(r, "_next_url", req_printf(r, "/stories?page=%lld", (long long)page + 1));
    return req_page(r, "meetings/shared");
}

static const PathLoader loaders[] = {
    { "meeting", "meeting", NULL, NULL },
    { "round", "round", NULL, NULL },
    { NULL },
};

const Feature meetings_feature = { .name = "meetings", .loaders = loaders };
