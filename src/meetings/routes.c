/* routes.c - handlers of chapter meetings: the schedule (the monthly series,
 * adding, moving and cancelling meetings), the absences, and what members chose
 * to share with the network. One meeting and its runner: routes_runner.c.
 *
 * Every route here has {chapter} in its path with F_MEMBER or F_CONNECTOR and
 * no F_ADMIN_OK: what is said in a meeting stays in the chapter, and the guard
 * refuses everyone else — network administrators included — before any
 * handler runs. Handlers still check that the meeting belongs to the chapter. */
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/zone.h"
#include "base/str.h"
#include "meetings/internal.h"
#include "meetings/store.h"
#include "network/network.h"
#include "web/paging.h"

const char *meetings_slug(Req *r)
{
    return json_string_value(json_object_get(r->chapter, "slug"));
}

const char *meetings_tz(Req *r)
{
    const char *tz = json_string_value(json_object_get(r->chapter, "timezone"));
    return tz && *tz ? tz : "UTC";
}

bool meetings_connector(Req *r)
{
    return str_eq(r->chapter_role, "connector");
}

const char *meeting_url(Req *r, int64_t id)
{
    return req_printf(r, "/chapters/%s/meetings/%lld", meetings_slug(r), (long long)id);
}

void meeting_decorate(Req *r, json_t *m)
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
    json_object_set_new(m, "is_planned", json_boolean(meeting_is_planned(status, phase)));
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

static int meeting_read(Req *r, bool whole, json_t **out)
{
    Err e = { 0 };
    int64_t id = req_id(r, "meeting");
    json_t *m = NULL;
    int found = !id ? 0
                : whole ? meeting_get(r->db, &e, r->chapter_id, r->me.id, id, &m)
                        : meeting_state(r->db, &e, r->chapter_id, id, &m);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    *out = req_own(r, m);
    if (whole) meeting_decorate(r, m);
    return 1;
}

int meeting_load(Req *r, json_t **out)
{
    return meeting_read(r, true, out);
}

int meeting_load_state(Req *r, json_t **out)
{
    return meeting_read(r, false, out);
}

/* ---------- the schedule ---------- */

static const char *weekday_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

static void series_form_options(Req *r, int week, const char *day)
{
    json_t *weeks = json_array();
    const struct { int n; const char *label; } w[] = {
        { 1, C_("a week of the month", "first") }, { 2, C_("a week of the month", "second") },
        { 3, C_("a week of the month", "third") }, { 4, C_("a week of the month", "fourth") },
        { -1, C_("a week of the month", "last") },
    };
    for (int i = 0; i < 5; i++)
        json_array_append_new(weeks, json_pack("{s:i, s:s, s:b}", "id", w[i].n, "label", w[i].label, "is_selected", w[i].n == week));
    json_t *days = json_array();
    for (int i = 0; i < 7; i++)
        json_array_append_new(days, json_pack("{s:s, s:s, s:b}", "id", weekday_codes[i], "label", series_weekday_name(i),
                                              "is_selected", str_eq(day, weekday_codes[i])));
    req_set(r, "_weeks", weeks);
    req_set(r, "_weekdays", days);
}

/* The series form's values: the series as saved (or NULL: the defaults) and the absence rule. */
static json_t *series_values(Req *r, json_t *series)
{
    json_t *values = json_pack("{s:s, s:i, s:s, s:s}", "time", "18:30", "duration_minutes", 120, "venue", "", "online_url", "");
    if (series) {
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
    return values;
}

static int meetings_model(Req *r)
{
    Err e = { 0 };
    int64_t now = now_unix();
    json_t *series = NULL;
    Paging p;   /* the past meetings; those coming up are all shown */
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    int has = series_get(r->db, &e, r->chapter_id, &series);
    if (has < 0) return req_fail_err(r, &e);
    req_own(r, series);
    json_t *upcoming = req_own(r, meeting_upcoming(r->db, &e, r->chapter_id, r->me.id, now));
    json_t *past = upcoming ? req_own(r, paging_trim(&p, meeting_past(r->db, &e, r->chapter_id, r->me.id, now, p.limit, p.offset))) : NULL;
    json_t *health = past ? req_own(r, chapter_health(r->db, &e, r->arena, r->chapter_id, meetings_tz(r), true)) : NULL;
    if (!health) return req_fail_err(r, &e);
    decorate_all(r, upcoming);
    decorate_all(r, past);
    int week = 2;
    char day[3] = "TU";
    if (has) {
        const char *rrule = json_string_value(json_object_get(series, "rrule"));
        json_object_set_new(series, "words", json_string(series_rule_words(r->arena, rrule)));
        series_rule_parts(rrule, &week, day);
    }
    series_form_options(r, week, day);
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "series", has ? json_incref(series) : json_null());
    req_set(r, "upcoming", json_incref(upcoming));
    req_set(r, "past", json_incref(past));
    req_set(r, "health", json_incref(health));
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", meetings_connector(r)));
    req_set_str(r, "timezone", meetings_tz(r));
    if (!json_object_get(r->model, "values")) req_set(r, "values", series_values(r, has ? series : NULL));
    paging_respond(r, &p);
    return 0;
}

int meetings_index(Req *r)
{
    if (meetings_model(r) < 0) return -1;
    return req_page(r, "meetings/index");
}

/* The meetings page again, with the errors noted on the schedule's forms. */
static int schedule_invalid(Req *r)
{
    if (meetings_model(r) < 0) return -1;
    return req_invalid(r, "meetings/index");
}

/* Reads "HH:MM"; -1 if it is not a time of day. */
static int read_hm(const char *v, int *h, int *m)
{
    if (!v || sscanf(v, "%2d:%2d", h, m) != 2 || *h < 0 || *h > 23 || *m < 0 || *m > 59) return -1;
    return 0;
}

void meeting_place_fields(Req *r, const char **venue, const char **url, int64_t *duration)
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

/* Reads the rule: an RRULE as sent, or one made of week and weekday (into rule). */
static const char *series_read_rule(Req *r, char *rule, size_t n)
{
    Err e = { 0 };
    const char *rrule = req_input(r, "rrule");
    int64_t week = 0;
    if (str_empty(rrule)) {
        if (req_input_int(r, "week", &week) < 0 || series_rule_make((int)week, req_input(r, "weekday"), rule, n, &e) < 0)
            req_error(r, e.field[0] ? e.field : "week", "%s", e.msg[0] ? e.msg : "Please choose the week of the month.");
        return rule;
    }
    if (series_rule_check(rrule, &e) < 0) req_error(r, "rrule", "%s", e.msg);
    return rrule;
}

/* Reads the absence rule; what is not sent keeps the chapter's. */
static void series_read_absences(Req *r, SeriesSetup *p)
{
    if (req_input_int(r, "absence_limit", &p->absence_limit) > 0 && (p->absence_limit < 1 || p->absence_limit > 50))
        req_error(r, "absence_limit", "Between 1 and 50 absences.");
    else if (!req_input(r, "absence_limit")) p->absence_limit = json_integer_value(json_object_get(r->chapter, "absence_limit"));
    if (req_input_int(r, "absence_window_days", &p->absence_window_days) > 0 &&
        (p->absence_window_days < 28 || p->absence_window_days > 730))
        req_error(r, "absence_window_days", "Between 28 and 730 days.");
    else if (!req_input(r, "absence_window_days"))
        p->absence_window_days = json_integer_value(json_object_get(r->chapter, "absence_window_days"));
}

/* Reads the series form into p (errors noted on fields); the time of day in *h, *m. */
static void series_read(Req *r, SeriesSetup *p, char *rule, size_t n, int *h, int *m)
{
    p->f.rrule = series_read_rule(r, rule, n);
    if (read_hm(req_input(r, "time"), h, m) < 0) req_error(r, "time", "Please give the time as hours and minutes, like 18:30.");
    const char *starts_on = req_input(r, "starts_on");
    char today[11], ignored[6];
    time_local_parts(p->now, meetings_tz(r), today, ignored);
    if (str_empty(starts_on)) starts_on = today;
    int y = 0, mo = 0, d = 0;
    if (sscanf(starts_on, "%4d-%2d-%2d", &y, &mo, &d) != 3) req_error(r, "starts_on", "Please give the first date like 2026-01-31.");
    meeting_place_fields(r, &p->f.venue, &p->f.online_url, &p->f.duration_minutes);
    p->f.timezone = req_input(r, "timezone");
    if (str_empty(p->f.timezone)) p->f.timezone = meetings_tz(r);
    if (!timezone_known(p->f.timezone)) req_error(r, "timezone", "Please give a time zone by its IANA name, like Europe/Lisbon.");
    series_read_absences(r, p);
    p->f.first_local = req_printf(r, "%04d%02d%02dT%02d%02d00", y, mo, d, *h, *m);
}

int series_update(Req *r)
{
    Err e = { 0 };
    SeriesSetup p = { .chapter_id = r->chapter_id, .now = now_unix(), .absence_limit = 3, .absence_window_days = 182,
                     .f.duration_minutes = 120 };
    char rule[64] = "";
    int h = 0, m = 0;
    series_read(r, &p, rule, sizeof rule, &h, &m);
    if (req_has_errors(r)) return schedule_invalid(r);
    Occurrence probe[1];
    if (series_expand(p.f.rrule, p.f.first_local, p.f.timezone, 0, INT64_MAX / 2, probe, 1, &e) <= 0) {
        req_error(r, "starts_on", "%s", e.msg[0] ? e.msg : "That schedule has no meeting after the first date.");
        return schedule_invalid(r);
    }
    if (series_setup_save(r->db, &e, &p) < 0) return req_fail_err(r, &e);
    log_info("chapter %s meets %s (%d meetings scheduled)", meetings_slug(r), p.f.rrule, p.made);
    /* answer with the chapter as saved (its absence rule changed): the guard's copy goes to the request */
    json_t *fresh = NULL;
    int64_t id;
    const char *role;
    if (chapter_load(r->db, r->arena, &e, req_param(r, "chapter"), r->me.id, &fresh, &id, &role) <= 0) return req_fail_err(r, &e);
    req_own(r, r->chapter);
    r->chapter = fresh;
    if (meetings_model(r) < 0) return -1;
    return req_redirect(r, req_printf(r, "/chapters/%s/meetings", meetings_slug(r)),
                        req_printf(r, _("The chapter meets %s at %02d:%02d; the next %d meetings are in the calendar."),
                                   series_rule_words(r->arena, p.f.rrule), h, m, p.made));
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
    MeetingSlot s = { .timezone = meetings_tz(r) };
    int64_t duration = 120, id = 0;
    read_when(r, s.timezone, &s.starts_at);
    meeting_place_fields(r, &s.venue, &s.online_url, &duration);
    if (!req_has_errors(r) && s.starts_at < now_unix() - 86400)
        req_error(r, "date", "That date has passed; meetings are added ahead of time.");
    if (req_has_errors(r)) return schedule_invalid(r);
    s.ends_at = s.starts_at + duration * 60;
    if (meeting_add(r->db, &e, r->chapter_id, &s, &id) < 0) return req_fail_err(r, &e);
    json_t *m = NULL;
    if (meeting_get(r->db, &e, r->chapter_id, r->me.id, id, &m) <= 0) return req_fail_err(r, &e);
    meeting_decorate(r, m);
    req_set(r, "meeting", m);
    return req_created(r, meeting_url(r, id), "The meeting is added to the calendar.");
}

/* Reads a move: what is not sent keeps its value (a new time on the same day, or the same time on a new day). */
static void move_read(Req *r, json_t *m, MeetingSlot *s)
{
    Err e = { 0 };
    int64_t duration = (json_integer_value(json_object_get(m, "ends_at")) - json_integer_value(json_object_get(m, "starts_at"))) / 60;
    s->starts_at = json_integer_value(json_object_get(m, "starts_at"));
    s->timezone = json_string_value(json_object_get(m, "timezone"));
    if (req_input(r, "date") || req_input(r, "time")) {
        const char *date = req_input(r, "date"), *time = req_input(r, "time");
        if (str_empty(date)) date = json_string_value(json_object_get(m, "date_local"));
        if (str_empty(time)) time = json_string_value(json_object_get(m, "time_local"));
        if (local_to_utc(req_printf(r, "%sT%s", date, time), s->timezone, &s->starts_at, &e) < 0)
            req_error(r, "date", "Please give a date like 2026-03-10 and a time like 18:30.");
    }
    if (req_input(r, "venue") || req_input(r, "online_url") || req_input(r, "duration_minutes"))
        meeting_place_fields(r, &s->venue, &s->online_url, &duration);
    if (!req_input(r, "venue")) s->venue = json_string_value(json_object_get(m, "venue"));
    if (!req_input(r, "online_url")) s->online_url = json_string_value(json_object_get(m, "online_url"));
    s->ends_at = s->starts_at + duration * 60;
}

int meeting_update(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    if (!json_is_true(json_object_get(m, "is_planned")))
        return req_fail(r, E_CONFLICT, "This meeting has started, been held or been cancelled; it can no longer be moved.");
    int64_t id = json_integer_value(json_object_get(m, "id"));
    MeetingSlot s = { 0 };
    move_read(r, m, &s);
    if (req_has_errors(r)) return meeting_invalid(r, "move", 0);
    if (meeting_reschedule(r->db, &e, id, &s) < 0) return req_fail_err(r, &e);
    if (meeting_load(r, &m) < 0) return -1;
    req_set(r, "meeting", json_incref(m));
    return req_redirect(r, meeting_url(r, id), "The meeting is moved; calendars show the new time.");
}

int meeting_cancel(Req *r)
{
    Err e = { 0 };
    json_t *m = NULL;
    if (meeting_load(r, &m) < 0) return -1;
    if (!json_is_true(json_object_get(m, "is_planned")))
        return req_fail(r, E_CONFLICT, "Only a meeting that has not started can be cancelled.");
    if (meeting_call_off(r->db, &e, json_integer_value(json_object_get(m, "id"))) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s/meetings", meetings_slug(r)), "The meeting is cancelled; calendars show it as cancelled.");
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

/* The shared successes and challenges joined the commons (issue 13): /stories
 * answers 301 to /commons/stories (the API to its API face), keeping the page. */
int shared_index(Req *r)
{
    int64_t page = 0;
    const char *p = req_query(r, "page");
    const char *to = req_printf(r, "%s/commons/stories", r->api ? "/api/v1" : "");
    if (p && str_to_i64(p, &page) && page > 1) to = req_printf(r, "%s?page=%lld", to, (long long)page);
    r->status = 301;
    req_header(r, "Location", to);
    buf_printf(&r->body, "Moved to %s\n", to);
    return req_raw(r, "text/plain; charset=utf-8");
}

static const PathLoader loaders[] = {
    { "meeting", N_("There is no meeting numbered \"%s\"."), NULL, NULL },
    { "round", N_("There is no round numbered \"%s\"."), NULL, NULL },
    { NULL },
};

const Feature meetings_feature = { .name = "meetings", .tick = meetings_tick_feature, .loaders = loaders };
