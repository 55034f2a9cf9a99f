/* tick.c - the periodic work of chapter meetings: keep every series scheduled
 * ahead, queue a reminder a day before each meeting and a summary of the
 * commitments after it, and move chapters through their lifecycle (forming ->
 * active after enough meetings, active -> dormant after a silence).
 *
 * It is the meetings' part of the periodic work (Feature.tick): `glocal serve`
 * runs it every few minutes, `glocal tick` once (with --now for a chosen moment). Each part is its own write transaction and
 * marks what it did, so a second run at the same moment does nothing. */
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "mail/mail.h"
#include "accounts/accounts.h"
#include "settings/settings.h"
#include "base/log.h"
#include "base/zone.h"
#include "base/str.h"
#include "meetings/meetings.h"
#include "meetings/store.h"
#include "network/network.h"

Lifecycle lifecycle_settings(DbConn *c, Arena *a)
{
    Lifecycle l = { 3, 90 };
    int64_t v;
    if (str_to_i64(setting_get(c, a, "activate_after_meetings", "3"), &v) && v >= 1 && v <= 50) l.activate_after = v;
    if (str_to_i64(setting_get(c, a, "dormant_after_days", "90"), &v) && v >= 7 && v <= 3650) l.dormant_after_days = v;
    return l;
}

typedef struct Schedule {
    int64_t chapter_id, now;
    int made;
} Schedule;

static int schedule_tx(DbConn *c, void *ctx, Err *e)
{
    Schedule *s = ctx;
    s->made = 0;   /* db_write may run this again (a serialization failure): count one run */
    return series_schedule(c, e, s->chapter_id, s->now, &s->made);
}

typedef struct Outgoing {
    int64_t now;
    int count;
    Arena *a;
} Outgoing;

/* Queues the reminder of one meeting to its members and marks it reminded:
 * its time is written in each reader's zone, and "Tomorrow" or "Today" is
 * counted from the tick's moment there (mail_queue_at). */
static int remind_one(DbConn *c, Err *e, Outgoing *o, json_t *m)
{
    int rc = -1;
    int64_t id = json_integer_value(json_object_get(m, "id"));
    const char *venue = json_string_value(json_object_get(m, "venue"));
    const char *url = json_string_value(json_object_get(m, "online_url"));
    size_t k;
    json_t *p, *data = NULL;
    json_t *to = meeting_reminder_recipients(c, e, id);
    if (!to) goto done;
    /* the meeting's page, where one answers (the node's address as the server last knew it) */
    const char *link = arena_printf(o->a, "%s/chapters/%s/meetings/%lld", setting_get(c, o->a, "public_url", ""),
                                    json_string_value(json_object_get(m, "slug")), (long long)id);
    json_array_foreach(to, k, p) {
        data = json_pack("{s:O, s:O, s:O, s:s, s:s, s:b, s:s}", "name", json_object_get(p, "name"), "chapter",
                         json_object_get(m, "chapter"), "starts_at", json_object_get(m, "starts_at"), "venue", venue,
                         "url", url, "answered", !json_is_null(json_object_get(p, "answer")), "link", link);
        if (mail_queue_at(c, e, json_string_value(json_object_get(p, "email")), "meeting_reminder", data, o->now) < 0)
            goto done;
        json_decref(data);
        data = NULL;
        o->count++;
    }
    rc = meeting_mark(c, e, id, "reminded", o->now);
done:
    json_decref(data);
    json_decref(to);
    return rc;
}

static int reminders_tx(DbConn *c, void *ctx, Err *e)
{
    Outgoing *o = ctx;
    json_t *due = meetings_due_reminder(c, e, o->now, REMINDER_BEFORE_SECONDS);
    if (!due) return -1;
    int rc = 0;
    for (size_t i = 0; i < json_array_size(due) && rc == 0; i++) rc = remind_one(c, e, o, json_array_get(due, i));
    json_decref(due);
    return rc;
}

/* Queues the summary of one held meeting (its open commitments) and marks it summarised. */
static int summarise_one(DbConn *c, Err *e, Outgoing *o, json_t *m)
{
    int rc = -1;
    int64_t id = json_integer_value(json_object_get(m, "id"));
    size_t k;
    json_t *x, *to = NULL, *data = NULL;
    json_t *list = chapter_commitments(c, e, json_integer_value(json_object_get(m, "chapter_id")), id);
    if (!list || !(to = meeting_reminder_recipients(c, e, id))) goto done;
    json_t *open = json_array();
    json_array_foreach(list, k, x)
        if (json_is_true(json_object_get(x, "is_open"))) json_array_append(open, x);
    data = json_pack("{s:O, s:O, s:o}", "chapter", json_object_get(m, "chapter"), "starts_at",
                     json_object_get(m, "starts_at"), "open", open);
    json_array_foreach(to, k, x) {
        if (mail_queue_at(c, e, json_string_value(json_object_get(x, "email")), "meeting_summary", data, o->now) < 0)
            goto done;
        o->count++;
    }
    rc = meeting_mark(c, e, id, "summarised", o->now);
done:
    json_decref(data);
    json_decref(list);
    json_decref(to);
    return rc;
}

static int summaries_tx(DbConn *c, void *ctx, Err *e)
{
    Outgoing *o = ctx;
    json_t *due = meetings_due_summary(c, e);
    if (!due) return -1;
    int rc = 0;
    for (size_t i = 0; i < json_array_size(due) && rc == 0; i++) rc = summarise_one(c, e, o, json_array_get(due, i));
    json_decref(due);
    return rc;
}

typedef struct LifecycleRun {
    int64_t now;
    Lifecycle l;
    int activated, dormant;
} LifecycleRun;

static int lifecycle_tx(DbConn *c, void *ctx, Err *e)
{
    LifecycleRun *lr = ctx;
    json_t *facts = chapters_lifecycle_facts(c, e);
    if (!facts) return -1;
    int rc = 0;
    for (size_t i = 0; i < json_array_size(facts) && rc == 0; i++) {
        json_t *f = json_array_get(facts, i);
        const char *status = json_string_value(json_object_get(f, "status"));
        const char *next = chapter_next_status(status, json_integer_value(json_object_get(f, "held")),
                                               json_integer_value(json_object_get(f, "last_held_at")),
                                               json_integer_value(json_object_get(f, "created_at")), lr->now, &lr->l);
        if (next == status) continue;
        rc = chapter_set_status(c, e, json_integer_value(json_object_get(f, "id")), next);
        if (rc < 0) break;
        if (str_eq(next, "active")) lr->activated++;
        else if (str_eq(next, "dormant")) lr->dormant++;
    }
    json_decref(facts);
    return rc;
}

int meetings_tick(DbConn *c, int64_t now, TickReport *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Arena a;
    arena_init(&a, 8192);
    int rc = -1;
    json_t *series = series_all(c, e);
    if (!series) goto done;
    size_t i;
    json_t *s;
    json_array_foreach(series, i, s) {
        Schedule sc = { json_integer_value(json_object_get(s, "chapter_id")), now, 0 };
        if (db_write(c, schedule_tx, &sc, e) < 0) {
            log_warn("could not schedule the meetings of chapter %lld: %s", (long long)sc.chapter_id, e->msg);
            err_clear(e);
            continue;
        }
        out->scheduled += sc.made;
    }
    json_decref(series);
    Outgoing o = { now, 0, &a };
    if (db_write(c, reminders_tx, &o, e) < 0) goto done;
    out->reminders = o.count;
    o.count = 0;
    if (db_write(c, summaries_tx, &o, e) < 0) goto done;
    out->summaries = o.count;
    LifecycleRun lr = { now, lifecycle_settings(c, &a), 0, 0 };
    if (db_write(c, lifecycle_tx, &lr, e) < 0) goto done;
    out->activated = lr.activated;
    out->dormant = lr.dormant;
    rc = 0;
done:
    arena_release(&a);
    return rc;
}

/* The meetings' share of the periodic work (Feature.tick). */
int meetings_tick_feature(DbConn *c, int64_t now, Buf *report, Err *e)
{
    TickReport rep;
    if (meetings_tick(c, now, &rep, e) < 0) return -1;
    const struct { int n; const char *what; } done[] = {
        { rep.scheduled, "meetings scheduled" }, { rep.reminders, "meeting reminders queued" },
        { rep.summaries, "meeting summaries queued" }, { rep.activated, "chapters became active" },
        { rep.dormant, "chapters became dormant" },
    };
    for (size_t i = 0; i < sizeof done / sizeof done[0]; i++)
        if (done[i].n) buf_printf(report, "%s%d %s", report->len ? ", " : "", done[i].n, done[i].what);
    return 0;
}
