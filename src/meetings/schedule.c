/* schedule.c - the operations on a chapter's calendar: its monthly series (saved
 * with the chapter's absence rule, then scheduled ahead), one-off meetings,
 * moving or cancelling a meeting, and the key of a member's personal calendar
 * feed. Each is one write transaction; callers (the handlers, the periodic
 * work, the demo) check what the meeting's state allows with the rules first
 * (rules.c). */
#include "meetings/meetings.h"
#include "meetings/store.h"
#include "webhooks/webhooks.h"

/* Tells the webhooks of `kind` about a meeting, as much as anyone may know of
 * it (inside db_write). */
static int meeting_announce(DbConn *c, Err *e, int64_t id, const char *kind)
{
    json_t *m = NULL;
    int found = meeting_public(c, e, id, &m);
    int rc = found < 0 ? -1 : found ? webhook_emit(c, e, kind, json_integer_value(json_object_get(m, "chapter_id")), m) : 0;
    json_decref(m);
    return rc;
}

int series_schedule(DbConn *c, Err *e, int64_t chapter_id, int64_t now, int *made)
{
    json_t *s = NULL;
    int found = series_get(c, e, chapter_id, &s);
    if (found <= 0) return found;
    Occurrence occ[64];
    const char *tz = json_string_value(json_object_get(s, "timezone"));
    int n = series_expand(json_string_value(json_object_get(s, "rrule")), json_string_value(json_object_get(s, "first_local")),
                          tz, now, now + (int64_t)MEETING_HORIZON_DAYS * 86400, occ, 64, e);
    int rc = n < 0 ? -1 : 0;
    int64_t duration = json_integer_value(json_object_get(s, "duration_minutes")) * 60;
    for (int i = 0; i < n && rc == 0; i++) {
        int64_t id;
        int added = meeting_insert(c, e, chapter_id, occ[i].local, occ[i].starts_at, occ[i].starts_at + duration, tz,
                                   json_string_value(json_object_get(s, "venue")),
                                   json_string_value(json_object_get(s, "online_url")), &id);
        if (added < 0) rc = -1;
        else if (added && meeting_announce(c, e, id, "meeting.scheduled") < 0) rc = -1;
        else *made += added;
    }
    json_decref(s);
    return rc;
}

static int series_setup_tx(DbConn *c, void *ctx, Err *e)
{
    SeriesSetup *p = ctx;
    p->made = 0;   /* db_write may run this again (a serialization failure): count one run */
    if (series_put(c, e, p->chapter_id, &p->f) < 0 || series_clear_future(c, e, p->chapter_id, p->now) < 0) return -1;
    if (chapter_set_absence_rule(c, e, p->chapter_id, p->absence_limit, p->absence_window_days) < 0) return -1;
    return series_schedule(c, e, p->chapter_id, p->now, &p->made);
}

int series_setup_save(DbConn *c, Err *e, SeriesSetup *p)
{
    return db_write(c, series_setup_tx, p, e);
}

/* A meeting and where it goes, for the transactions below. */
typedef struct SlotChange {
    int64_t chapter_id, meeting_id;
    const MeetingSlot *slot;
} SlotChange;

static int add_tx(DbConn *c, void *ctx, Err *e)
{
    SlotChange *x = ctx;
    const MeetingSlot *s = x->slot;
    int added = meeting_insert(c, e, x->chapter_id, NULL, s->starts_at, s->ends_at, s->timezone, s->venue, s->online_url,
                               &x->meeting_id);
    if (added < 0) return -1;
    return added ? meeting_announce(c, e, x->meeting_id, "meeting.scheduled") : 0;
}

int meeting_add(DbConn *c, Err *e, int64_t chapter_id, const MeetingSlot *s, int64_t *id)
{
    SlotChange x = { chapter_id, 0, s };
    if (db_write(c, add_tx, &x, e) < 0) return -1;
    *id = x.meeting_id;
    return 0;
}

static int move_tx(DbConn *c, void *ctx, Err *e)
{
    SlotChange *x = ctx;
    return meeting_move(c, e, x->meeting_id, x->slot->starts_at, x->slot->ends_at, x->slot->venue, x->slot->online_url);
}

int meeting_reschedule(DbConn *c, Err *e, int64_t meeting_id, const MeetingSlot *s)
{
    SlotChange x = { 0, meeting_id, s };
    return db_write(c, move_tx, &x, e);
}

static int cancel_tx(DbConn *c, void *ctx, Err *e)
{
    int64_t id = *(int64_t *)ctx;
    if (meeting_cancel_one(c, e, id) < 0) return -1;
    return meeting_announce(c, e, id, "meeting.cancelled");
}

int meeting_call_off(DbConn *c, Err *e, int64_t meeting_id)
{
    return db_write(c, cancel_tx, &meeting_id, e);
}

static int key_reset_tx(DbConn *c, void *ctx, Err *e)
{
    return user_calendar_bump(c, e, *(int64_t *)ctx);
}

int calendar_key_reset(DbConn *c, Err *e, int64_t user_id)
{
    return db_write(c, key_reset_tx, &user_id, e);
}
