/* routes_export.c - the handlers of the CSV exports: a chapter's members (its
 * connectors and administrators), its attendance (its connectors: what
 * happens in meetings stays in the chapter), an event's registrations (its
 * organisers). E-mail addresses go only where they may be seen: members'
 * to administrators, guests' (given to the event) to its organisers. */
#include "base/str.h"
#include "imports/imports.h"

/* Sends the CSV in r->body as an attachment called `name`. */
static int attachment(Req *r, const char *name)
{
    req_header(r, "Content-Disposition", req_printf(r, "attachment; filename=\"%s\"", name));
    return req_raw(r, "text/csv; charset=utf-8");
}

static const char *slug_of(const json_t *o)
{
    return json_string_value(json_object_get(o, "slug"));
}

int chapter_members_csv(Req *r)
{
    Err e = { 0 };
    if (export_chapter_members(r->db, &e, r->chapter_id, r->me.is_admin, &r->body) < 0) return req_fail_err(r, &e);
    return attachment(r, req_printf(r, "%s-members.csv", slug_of(r->chapter)));
}

int chapter_attendance_csv(Req *r)
{
    Err e = { 0 };
    if (export_chapter_attendance(r->db, &e, r->arena, r->chapter_id, &r->body) < 0) return req_fail_err(r, &e);
    return attachment(r, req_printf(r, "%s-attendance.csv", slug_of(r->chapter)));
}

int event_registrations_csv(Req *r)
{
    Err e = { 0 };
    if (export_event_registrations(r->db, &e, r->arena, r->object_id, r->me.is_admin, &r->body) < 0)
        return req_fail_err(r, &e);
    return attachment(r, req_printf(r, "%s-registrations.csv", slug_of(r->object)));
}
