/* export.c - CSV documents of what those who may see it may take away: a
 * chapter's members, an event's registrations, a chapter's attendance.
 * RFC 4180 (every text cell quoted, CRLF), UTF-8, a heading row; a cell that
 * a spreadsheet would take for a formula (= + - @, tab, CR first) starts with
 * an apostrophe (the ledger's csv_cell, as OWASP advises). Times are the
 * object's local time ("2026-12-01 18:00") in the zone the row names. */
#include "base/str.h"
#include "base/zone.h"
#include "imports/store.h"
#include "ledger/ledger.h"

static const char *text(const json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

/* A time as local "YYYY-MM-DD HH:MM" in the row's zone; "" for 0. */
static const char *local(Arena *a, const json_t *row, const char *key)
{
    int64_t t = json_integer_value(json_object_get(row, key));
    if (!t) return "";
    char date[11], hm[6];
    time_local_parts(t, text(row, "timezone"), date, hm);
    return arena_printf(a, "%s %s", date, hm);
}

static void heading(Buf *b, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) csv_cell(b, cells[i], i == n - 1);
}

int export_chapter_members(DbConn *c, Err *e, int64_t chapter_id, bool with_email, Buf *b)
{
    json_t *rows = members_for_export(c, e, chapter_id);
    if (!rows) return -1;
    static const char *const head[] = { "name", "email", "role", "joined_on", "organisation", "city", "sector" };
    static const char *const head_plain[] = { "name", "role", "joined_on", "organisation", "city", "sector" };
    if (with_email) heading(b, head, 7);
    else heading(b, head_plain, 6);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        csv_cell(b, text(r, "name"), false);
        if (with_email) csv_cell(b, text(r, "email"), false);
        csv_cell(b, text(r, "role"), false);
        char day[11], hm[6];
        time_local_parts(json_integer_value(json_object_get(r, "joined_at")), text(r, "timezone"), day, hm);
        csv_cell(b, day, false);
        csv_cell(b, text(r, "organisation"), false);
        csv_cell(b, text(r, "city"), false);
        csv_cell(b, text(r, "sector"), true);
    }
    json_decref(rows);
    return 0;
}

int export_event_registrations(DbConn *c, Err *e, Arena *a, int64_t event_id, bool with_email, Buf *b)
{
    json_t *rows = registrations_for_export(c, e, event_id);
    if (!rows) return -1;
    static const char *const head[] = { "name", "email", "tier", "status", "code", "paid", "checked_in_at", "registered_at" };
    heading(b, head, 8);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *guest = text(r, "guest_email");
        csv_cell(b, text(r, "name"), false);
        csv_cell(b, *guest ? guest : with_email ? text(r, "member_email") : "", false);
        csv_cell(b, text(r, "tier"), false);
        csv_cell(b, text(r, "status"), false);
        csv_cell(b, text(r, "code"), false);
        csv_cell(b, json_integer_value(json_object_get(r, "is_paid")) ? "yes" : "no", false);
        csv_cell(b, local(a, r, "checked_in_at"), false);
        csv_cell(b, local(a, r, "created_at"), true);
    }
    json_decref(rows);
    return 0;
}

int export_chapter_attendance(DbConn *c, Err *e, Arena *a, int64_t chapter_id, Buf *b)
{
    json_t *rows = attendance_for_export(c, e, chapter_id);
    if (!rows) return -1;
    static const char *const head[] = { "meeting", "timezone", "meeting_status", "name", "rsvp", "present" };
    heading(b, head, 6);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        int64_t present = json_integer_value(json_object_get(r, "present"));
        csv_cell(b, local(a, r, "starts_at"), false);
        csv_cell(b, text(r, "timezone"), false);
        csv_cell(b, text(r, "status"), false);
        csv_cell(b, text(r, "name"), false);
        csv_cell(b, text(r, "rsvp"), false);
        csv_cell(b, present < 0 ? "" : present ? "yes" : "no", true);
    }
    json_decref(rows);
    return 0;
}
