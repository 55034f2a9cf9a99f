/* routes.c - the session board's handlers: the board page and API, proposals,
 * dots, and the organiser's settings, rooms, slots and grid (src/routes.h:
 * UNCONF_ROUTES). Each parses, calls one operation and answers; the {event}
 * is the events feature's loader (r->object, r->object_manager). */
#include <string.h>

#include "base/i18n.h"
#include "base/markdown.h"
#include "base/str.h"
#include "base/zone.h"
#include "unconf/unconf.h"
#include "web/app.h"
#include "web/ical.h"
#include "web/model.h"

static BoardCaller caller(Req *r)
{
    return (BoardCaller){ r->object_id, r->me.id, r->object_manager, now_unix() };
}

static const char *board_url(Req *r)
{
    return req_printf(r, "/events/%s/board", req_param(r, "event"));
}

static int64_t input_id(Req *r, const char *name)
{
    int64_t v = 0;
    return req_input_int(r, name, &v) > 0 ? v : 0;
}

static const char *event_zone(Req *r)
{
    const char *tz = json_string_value(json_object_get(r->object, "timezone"));
    return tz ? tz : "UTC";
}

/* A local date and time from the form ("2026-12-05T18:30", or "date" and "time"
 * fields) in the event's zone: 0 with *out, 0 with *out = 0 when empty, -1 noted. */
static int input_time(Req *r, const char *name, int64_t *out)
{
    *out = 0;
    const char *v = req_input(r, name);
    if (str_empty(v)) return 0;
    Err x = { 0 };
    if (local_to_utc(v, event_zone(r), out, &x) < 0)
        return req_error(r, name, "Give a date and time, like 2026-12-05T18:30.");
    return 0;
}

/* Times shown in the event's zone, on the rows that carry them. */
static void local_times(Req *r, json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        static const char *const keys[] = { "starts_at", "ends_at" };
        for (size_t k = 0; k < 2; k++) {
            json_t *t = json_object_get(row, keys[k]);
            if (!json_is_integer(t)) continue;
            char date[11], hm[6], key[24];
            time_local_parts(json_integer_value(t), event_zone(r), date, hm);
            snprintf(key, sizeof key, "%s_hm", keys[k]);
            json_object_set_new(row, key, json_string(hm));
            if (k == 0) json_object_set_new(row, "date", json_string(date));
        }
    }
}

int board_show(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    json_t *v = req_own(r, board_view(r->db, &e, &by));
    if (!v) return req_fail_err(r, &e);
    local_times(r, json_object_get(v, "slots"));
    json_t *s;
    size_t i;
    json_array_foreach(json_object_get(v, "sessions"), i, s) {
        json_object_set_new(s, "kind_name", json_string(session_kind_name(json_string_value(json_object_get(s, "kind")))));
        json_int_t dots = json_integer_value(json_object_get(s, "dots")), voters = json_integer_value(json_object_get(s, "voters"));
        json_object_set_new(s, "votes_label",
                            json_sprintf("%s · %s", req_printf(r, trn("%lld dot", "%lld dots", dots), (long long)dots),
                                         req_printf(r, trn("%lld voter", "%lld voters", voters), (long long)voters)));
        model_set_markdown(s, "_description_html", r->arena, json_string_value(json_object_get(s, "description")));
    }
    if (req_view(r, json_incref(v), &e) < 0) return -1;
    req_set(r, "event", json_incref(r->object));
    req_set_str(r, "_closes_text", time_local_text(r->arena, json_integer_value(json_object_get(v, "closes_at")), event_zone(r)));
    return req_page(r, "unconf/board");
}

/* The grid as rows of slots with a cell for each room ({session} or empty),
 * and the sessions the grid has no cell for. */
static json_t *grid_rows(json_t *v, json_t **unplaced)
{
    json_t *rows = json_array(), *rooms = json_object_get(v, "rooms"), *sessions = json_object_get(v, "sessions");
    *unplaced = json_array();
    size_t i, j, k;
    json_t *slot, *room, *s;
    json_array_foreach(json_object_get(v, "slots"), i, slot) {
        json_t *cells = json_array();
        json_array_foreach(rooms, j, room) {
            json_t *cell = json_pack("{s:O}", "room", json_object_get(room, "name"));
            json_array_foreach(sessions, k, s) if (json_equal(json_object_get(s, "room_id"), json_object_get(room, "id")) &&
                                                    json_equal(json_object_get(s, "slot_id"), json_object_get(slot, "id")))
                json_object_set(cell, "session", s);
            json_array_append_new(cells, cell);
        }
        json_array_append_new(rows, json_pack("{s:O, s:o}", "slot", slot, "cells", cells));
    }
    json_array_foreach(sessions, k, s) if (json_is_null(json_object_get(s, "slot_id")) || !json_object_get(s, "slot_id"))
        json_array_append(*unplaced, s);
    return rows;
}

/* The board as the schedule's faces read it: its view (the request owns it),
 * times in the event's zone, and the event in the model. NULL answered. */
static json_t *schedule_view(Req *r, const BoardCaller *by)
{
    Err e = { 0 };
    json_t *v = req_own(r, board_view(r->db, &e, by));
    if (!v) {
        req_fail_err(r, &e);
        return NULL;
    }
    local_times(r, json_object_get(v, "slots"));
    req_set(r, "event", json_incref(r->object));
    return v;
}

int grid_show(Req *r)
{
    BoardCaller by = caller(r);
    json_t *v = schedule_view(r, &by);
    if (!v) return -1;
    json_t *unplaced = NULL, *rows = grid_rows(v, &unplaced);
    req_set(r, "rooms", json_incref(json_object_get(v, "rooms")));
    req_set(r, "grid", rows);
    req_set(r, "unplaced", unplaced);
    req_set(r, "board", json_incref(json_object_get(v, "board")));
    json_t *board = json_object_get(v, "board");
    req_set_bool(r, "_built", !json_is_null(json_object_get(board, "built_at")));
    if (json_is_integer(json_object_get(board, "quality")))   /* kept in thousandths */
        req_set(r, "_quality", json_pack("{s:I, s:I}", "percent", (json_int_t)((json_integer_value(json_object_get(board, "quality")) + 5) / 10),
                                         "random_percent", (json_int_t)((json_integer_value(json_object_get(board, "random_quality")) + 5) / 10)));
    req_set(r, "my", json_incref(json_object_get(v, "my")));
    return req_page(r, "unconf/grid");
}

/* The venue's screen: the sessions on now and next, large; app.js reloads it
 * every minute (data-refresh). */
int grid_screen(Req *r)
{
    BoardCaller by = caller(r);
    json_t *v = schedule_view(r, &by);
    if (!v) return -1;
    json_t *unplaced = NULL, *rows = req_own(r, grid_rows(v, &unplaced));
    req_own(r, unplaced);
    int now_i = -1, next_i = -1;
    slots_now_next(json_object_get(v, "slots"), by.now, &now_i, &next_i);
    json_t *now = now_i >= 0 ? json_array_get(rows, (size_t)now_i) : NULL, *next = next_i >= 0 ? json_array_get(rows, (size_t)next_i) : NULL;
    if (now) req_set(r, "now", json_incref(now));
    if (next) req_set(r, "next", json_incref(next));
    req_set_bool(r, "_over", !now && !next && json_array_size(rows) > 0);
    req_set_bool(r, "_empty", json_array_size(rows) == 0);
    req_set_str(r, "_clock", time_local_text(r->arena, by.now, event_zone(r)));
    req_set_str(r, "_schedule_url", req_printf(r, "%s/events/%s/grid", r->app->public_url ? r->app->public_url : "",
                                               req_param(r, "event")));
    return req_page(r, "unconf/screen");
}

/* The sessions with their audience and the spread of their notes: what the
 * event's sponsors (and anyone) see of what the unconference gave. */
int sessions_report(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    json_t *v = req_own(r, unconf_report_view(r->db, &e, &by));
    if (!v) return req_fail_err(r, &e);
    local_times(r, json_object_get(v, "sessions"));
    json_t *s;
    size_t i;
    json_array_foreach(json_object_get(v, "sessions"), i, s)
        json_object_set_new(s, "kind_name", json_string(session_kind_name(json_string_value(json_object_get(s, "kind")))));
    if (req_view(r, json_incref(v), &e) < 0) return -1;
    req_set(r, "event", json_incref(r->object));
    json_t *totals = json_object_get(v, "totals");
    json_int_t counted = json_integer_value(json_object_get(totals, "counted"));
    if (counted)
        req_set_str(r, "_average_text", req_printf(r, "average %lld in %lld session%s",
                                                   (long long)json_integer_value(json_object_get(totals, "average")),
                                                   (long long)counted, counted == 1 ? "" : "s"));
    return req_page(r, "unconf/report");
}

/* The schedule as iCalendar: every placed session, or (my-schedule.ics) the caller's own. */
static int schedule_ics(Req *r, int64_t mine, const char *name)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    json_t *rows = req_own(r, schedule_sessions(r->db, &e, &by, mine));
    if (!rows) return req_fail_err(r, &e);
    size_t n = json_array_size(rows), i;
    IcalEvent *list = arena_alloc(r->arena, (n ? n : 1) * sizeof *list);
    const char *host = ical_host(r), *title = json_string_value(json_object_get(r->object, "title"));
    const char *chapter = json_string_value(json_object_get(r->object, "chapter_slug"));
    const char *organizer = ical_organizer(r, chapter, json_string_value(json_object_get(r->object, "place_slug")));
    const char *host_name = json_string_value(json_object_get(r->object, !str_empty(chapter) ? "chapter" : "place"));
    json_t *s;
    json_array_foreach(rows, i, s) {
        list[i] = (IcalEvent){
            .uid = req_printf(r, "unconf-session-%lld@%s", (long long)json_integer_value(json_object_get(s, "id")), host),
            .starts_at = json_integer_value(json_object_get(s, "starts_at")),
            .ends_at = json_integer_value(json_object_get(s, "ends_at")), .timezone = event_zone(r),
            .summary = json_string_value(json_object_get(s, "title")), .organizer = organizer, .organizer_name = host_name,
            .location = req_printf(r, "%s, %s", json_string_value(json_object_get(s, "room")), title ? title : ""),
            .url = req_printf(r, "%s%s", r->app->public_url ? r->app->public_url : "", req_printf(r, "/events/%s/grid", req_param(r, "event"))),
            .description = markdown_plain(r->arena, json_string_value(json_object_get(s, "description"))),
            .sequence = json_integer_value(json_object_get(s, "updated_at")) % 100000,
        };
    }
    return ical_respond(r, req_printf(r, "%s: %s", title ? title : "", name), list, (int)n);
}

int schedule_calendar(Req *r) { return schedule_ics(r, 0, "schedule"); }
int my_schedule_calendar(Req *r) { return schedule_ics(r, r->me.id, "my sessions"); }

int session_show(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    json_t *v = req_own(r, session_view(r->db, &e, &by, req_id(r, "session")));
    if (!v) return req_fail_err(r, &e);
    json_t *s = json_object_get(v, "session");
    json_object_set_new(s, "kind_name", json_string(session_kind_name(json_string_value(json_object_get(s, "kind")))));
    model_set_markdown(s, "_description_html", r->arena, json_string_value(json_object_get(s, "description")));
    model_set_markdown(s, "_notes_html", r->arena, json_string_value(json_object_get(s, "notes")));
    local_times(r, json_object_get(v, "slots"));
    Buf who;   /* "Ana, Ben and Cy" */
    buf_init(&who, r->arena);
    json_t *p, *people = json_object_get(v, "presenters");
    size_t i, n = json_array_size(people);
    json_array_foreach(people, i, p) {
        if (i) buf_adds(&who, i + 1 == n ? " and " : ", ");
        buf_adds(&who, json_string_value(json_object_get(p, "name")));
    }
    req_set_str(r, "_presenters_text", buf_str(&who));
    if (req_view(r, json_incref(v), &e) < 0) return -1;
    req_set(r, "event", json_incref(r->object));
    req_form_values(r, s);
    /* the kind's option is selected by a flag (values.kind_talk...) */
    json_t *values = json_object_get(req_model(r), "values");
    const char *kind = json_string_value(json_object_get(values, "kind"));
    if (json_is_object(values) && session_kind_name(kind))
        json_object_set_new(values, req_printf(r, "kind_%s", kind), json_true());
    return req_page(r, "unconf/session");
}

int session_capture_submit(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    FieldErrs *f = req_field_errs(r);
    int64_t headcount = -1;
    const char *h = req_input(r, "headcount");
    if (!str_empty(h) && req_input_int(r, "headcount", &headcount) <= 0) req_error(r, "headcount", "How many people came: a number.");
    if (req_has_errors(r) || session_capture(r->db, &e, &by, req_id(r, "session"), req_input(r, "notes"), headcount, f) < 0) {
        if (!req_has_errors(r) && !req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        if (!r->api && session_show(r) < 0) return -1;
        return req_invalid(r, "unconf/session");
    }
    return req_redirect(r, req_printf(r, "/events/%s/sessions/%lld", req_param(r, "event"), (long long)req_id(r, "session")),
                        "The notes are saved.");
}

int session_publish_submit(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    int64_t item = 0;
    if (session_capture_publish(r->db, &e, &by, req_id(r, "session"), &item) < 0) return req_fail_err(r, &e);
    req_set_int(r, "item_id", item);
    return req_redirect(r, req_printf(r, "/events/%s/sessions/%lld", req_param(r, "event"), (long long)req_id(r, "session")),
                        "The notes are in the commons, waiting for the consent of everyone named on them.");
}

/* A proposal as typed: its fields and the slots its presenters cannot make
 * (repeated "unavailable" fields, or a JSON array of slot ids). */
static SessionIn session_input(Req *r)
{
    const char *v[BOARD_SLOTS_MAX + 1];
    int n = req_input_all(r, "unavailable", v, BOARD_SLOTS_MAX + 1);
    int64_t *slots = arena_alloc(r->arena, (size_t)(n > 0 ? n : 1) * sizeof *slots);
    int k = 0;
    for (int i = 0; i < n; i++) {
        int64_t id = 0;
        if (!str_to_i64(v[i], &id) || id <= 0) {
            req_error(r, "unavailable", "Choose the slots from the list.");
            break;
        }
        slots[k++] = id;
    }
    const char *gone[SESSION_PRESENTERS_MAX + 1];
    int m = req_input_all(r, "remove_presenters", gone, SESSION_PRESENTERS_MAX + 1), j = 0;
    int64_t *remove = arena_alloc(r->arena, (size_t)(m > 0 ? m : 1) * sizeof *remove);
    for (int i = 0; i < m; i++)
        if (!str_to_i64(gone[i], &remove[j++])) {
            req_error(r, "remove_presenters", "Choose the presenters from the list.");
            break;
        }
    return (SessionIn){ req_input(r, "title"), req_input(r, "description"), req_input(r, "kind"), slots,
                        n > BOARD_SLOTS_MAX ? n : k, req_input(r, "add_presenter"), remove,
                        m > SESSION_PRESENTERS_MAX ? m : j };
}

/* A refused form goes back to the board with its errors; anything else is the error. */
static int refused(Req *r, const FieldErrs *f, const Err *e)
{
    if (!req_form_refused(r, f, e)) return req_fail_err(r, e);
    if (!r->api && board_show(r) < 0) return -1;   /* the page again, with the errors at their fields */
    return req_invalid(r, "unconf/board");
}

int session_create(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    BoardCaller by = caller(r);
    SessionIn in = session_input(r);
    int64_t id = 0;
    if (req_has_errors(r)) return refused(r, f, &e);
    if (session_propose(r->db, &e, &by, &in, f, &id) < 0) return refused(r, f, &e);
    req_set_int(r, "id", id);
    return req_created(r, req_printf(r, "%s#session-%lld", board_url(r), (long long)id), "Your session is on the board.");
}

/* A refused form of the session's page goes back to it with its errors. */
static int refused_session(Req *r, const FieldErrs *f, const Err *e)
{
    if (!req_form_refused(r, f, e)) return req_fail_err(r, e);
    if (!r->api && session_show(r) < 0) return -1;
    return req_invalid(r, "unconf/session");
}

static const char *session_url(Req *r)
{
    return req_printf(r, "/events/%s/sessions/%lld", req_param(r, "event"), (long long)req_id(r, "session"));
}

int session_update(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    BoardCaller by = caller(r);
    SessionIn in = session_input(r);
    if (req_has_errors(r)) return refused_session(r, f, &e);
    if (session_change(r->db, &e, &by, req_id(r, "session"), &in, f) < 0) return refused_session(r, f, &e);
    return req_redirect(r, session_url(r), "Your session is changed.");
}

int session_withdraw_submit(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    if (session_withdraw(r->db, &e, &by, req_id(r, "session")) < 0) return req_fail_err(r, &e);
    return req_redirect(r, board_url(r), "Your session is off the board; the dots on it went back to their owners.");
}

int session_merge_submit(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    if (session_merge(r->db, &e, &by, req_id(r, "session"), input_id(r, "into")) < 0) return refused_session(r, NULL, &e);
    return req_redirect(r, board_url(r), "Merged: its votes and presenters moved to the other session.");
}

int session_vote_submit(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    int64_t dots = 0;
    if (req_input_int(r, "dots", &dots) <= 0) return req_fail(r, E_INVALID, "Say how many dots: a whole number, 0 for none.");
    /* too many dots is a conflict (409) for programs; pages show it at the session's field */
    if (session_vote(r->db, &e, &by, req_id(r, "session"), dots) < 0) return r->api ? req_fail_err(r, &e) : refused(r, NULL, &e);
    return req_redirect(r, req_printf(r, "%s#session-%lld", board_url(r), (long long)req_id(r, "session")),
                        dots ? "Your dots are on it." : "Your dots are back.");
}

int board_update(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    BoardCaller by = caller(r);
    int64_t dots = 0, closes = 0;
    if (req_input_int(r, "dots", &dots) <= 0) req_error(r, "dots", "Give each attendee from 1 to %d dots.", BOARD_DOTS_MAX);
    input_time(r, "voting_closes_at", &closes);
    if (req_has_errors(r)) return refused(r, f, &e);
    if (board_settings_save(r->db, &e, &by, dots, closes, f) < 0) return refused(r, f, &e);
    return req_redirect(r, board_url(r), "The board's settings are saved.");
}

int room_create(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    BoardCaller by = caller(r);
    int64_t capacity = 0, id = 0;
    req_input_int(r, "capacity", &capacity);
    if (board_room_add(r->db, &e, &by, req_input(r, "name"), capacity, f, &id) < 0)
        return refused(r, f, &e);
    return req_created(r, board_url(r), "The room is added.");
}

int room_delete(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    if (board_room_remove(r->db, &e, &by, req_id(r, "id")) < 0) return req_fail_err(r, &e);
    return req_redirect(r, board_url(r), "The room is removed; its sessions wait for the grid to be built again.");
}

int slot_create(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    BoardCaller by = caller(r);
    int64_t starts = 0, ends = 0, id = 0;
    input_time(r, "starts_at", &starts);
    input_time(r, "ends_at", &ends);
    if (req_has_errors(r)) return refused(r, f, &e);
    if (board_slot_add(r->db, &e, &by, starts, ends, f, &id) < 0) return refused(r, f, &e);
    return req_created(r, board_url(r), "The slot is added.");
}

int slot_delete(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    if (board_slot_remove(r->db, &e, &by, req_id(r, "id")) < 0) return req_fail_err(r, &e);
    return req_redirect(r, board_url(r), "The slot is removed; its sessions wait for the grid to be built again.");
}

int grid_create(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    int64_t seed = 0;
    req_input_int(r, "seed", &seed);
    GridBuilt g = { 0 };
    if (grid_build(r->db, &e, &by, seed, &g) < 0) return req_fail_err(r, &e);
    req_set(r, "built", json_pack("{s:i, s:i, s:i, s:f, s:f}", "placed", g.placed, "unplaced", g.unplaced, "over_capacity",
                                  g.over_capacity, "quality", g.quality, "random_quality", g.random_quality));
    return req_redirect(r, board_url(r),
                        req_printf(r, _("The grid is built: %s%s; %.0f %% of the votes can be attended (a random grid: %.0f %%)."),
                                   req_printf(r, trn("%d session placed", "%d sessions placed", g.placed), g.placed),
                                   g.unplaced ? req_printf(r, trn(", %d without a cell", ", %d without a cell", g.unplaced), g.unplaced) : "",
                                   g.quality * 100, g.random_quality * 100));
}

int session_place(Req *r)
{
    Err e = { 0 };
    BoardCaller by = caller(r);
    const char *lock = req_input(r, "locked");
    bool locked = lock && (str_eq(lock, "on") || str_eq(lock, "1") || str_eq(lock, "true") || str_eq(lock, "yes"));
    if (grid_place(r->db, &e, &by, req_id(r, "session"), input_id(r, "room_id"), input_id(r, "slot_id"), locked) < 0)
        return refused_session(r, NULL, &e);
    return req_redirect(r, session_url(r),
                        input_id(r, "room_id") ? (locked ? "Placed and locked: a rebuild keeps it there." : "Placed.")
                                               : "Taken out of the schedule.");
}

static const PathLoader loaders[] = {
    { "session", N_("There is no session numbered \"%s\"."), NULL, NULL },
    { NULL },
};

const Feature unconf_feature = { .name = "unconf", .tick = unconf_tick, .loaders = loaders };
