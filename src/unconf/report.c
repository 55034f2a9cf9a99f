/* report.c - what an unconference gave: the sponsors' view (the audience of
 * each session and the spread of its captured notes through the commons),
 * and the reminders to presenters whose sessions are not captured yet (the
 * feature's share of the periodic work). */
#include "base/str.h"
#include "base/zone.h"
#include "mail/mail.h"
#include "settings/settings.h"
#include "unconf/internal.h"

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

json_t *unconf_report_view(DbConn *c, Err *e, const BoardCaller *by)
{
    Board b;
    json_t *rows = NULL, *out = NULL;
    if (board_load(c, e, by, BA_SEE, 0, &b) < 0 || !(rows = unconf_report_rows(c, e, by->event_id))) goto done;
    int64_t placed = 0, captured = 0, published = 0, counted = 0, headcount = 0, uses = 0, adaptations = 0, most = 0;
    size_t i;
    json_t *s;
    json_array_foreach(rows, i, s) {
        bool in_grid = json_is_integer(json_object_get(s, "starts_at"));
        placed += in_grid;
        captured += json_is_true(json_object_get(s, "is_captured"));
        published += json_is_true(json_object_get(s, "is_published"));
        uses += num(s, "uses"), adaptations += num(s, "adaptations");
        if (json_is_integer(json_object_get(s, "headcount"))) {
            counted++;
            headcount += num(s, "headcount");
            if (num(s, "headcount") > most) most = num(s, "headcount");
        }
    }
    json_array_foreach(rows, i, s) {   /* a bar for the headcount, against the largest */
        if (json_is_integer(json_object_get(s, "headcount")) && most > 0)
            json_object_set_new(s, "bar_percent", json_integer(num(s, "headcount") * 100 / most));
    }
    out = json_pack("{s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}", "sessions", rows, "totals", "sessions",
                    (json_int_t)json_array_size(rows), "placed", (json_int_t)placed, "captured", (json_int_t)captured,
                    "published", (json_int_t)published, "counted", (json_int_t)counted, "headcount",
                    (json_int_t)headcount, "average", (json_int_t)(counted ? (headcount + counted / 2) / counted : 0),
                    "uses", (json_int_t)uses, "adaptations", (json_int_t)adaptations);
    rows = NULL;
done:
    json_decref(rows);
    board_free(&b);
    return out;
}

/* ---------- reminders to capture ---------- */

typedef struct Reminders {
    int64_t now;
    int queued;
} Reminders;

static int remind_one(DbConn *c, Err *e, Reminders *k, json_t *s, const char *base, Arena *a)
{
    json_t *to = unconf_presenter_contacts(c, e, num(s, "id"));
    if (!to) return -1;
    const char *url = arena_printf(a, "%s/events/%s/sessions/%lld", base, json_string_value(json_object_get(s, "event_slug")),
                                   (long long)num(s, "id"));
    size_t i;
    json_t *p;
    int rc = 0;
    json_array_foreach(to, i, p) {
        if (mail_queuef(c, e, json_string_value(json_object_get(p, "email")), "unconf_capture_reminder",
                        "{s:O, s:O, s:O, s:O, s:s}", "name", json_object_get(p, "name"), "title", json_object_get(s, "title"),
                        "event", json_object_get(s, "event"), "ends_at", json_object_get(s, "ends_at"), "url", url) < 0) {
            rc = -1;
            break;
        }
        k->queued++;
    }
    json_decref(to);
    return rc < 0 ? -1 : unconf_capture_reminded(c, e, num(s, "id"), k->now);
}

static int reminders_tx(DbConn *c, void *ctx, Err *e)
{
    Reminders *k = ctx;
    json_t *due = unconf_capture_due(c, e, k->now - CAPTURE_REMIND_AFTER, k->now - CAPTURE_REMIND_WITHIN, CAPTURE_REMIND_BATCH);
    if (!due) return -1;
    Arena a;
    arena_init(&a, 1024);
    const char *base = setting_get(c, &a, "public_url", "");
    size_t i;
    json_t *s;
    int rc = 0;
    json_array_foreach(due, i, s) if ((rc = remind_one(c, e, k, s, base, &a)) < 0) break;
    arena_release(&a);
    json_decref(due);
    return rc;
}

int unconf_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    Reminders k = { now, 0 };
    if (db_write(c, reminders_tx, &k, e) < 0) return -1;
    if (k.queued) buf_printf(report, "%s%d reminders to capture a session queued", report->len ? ", " : "", k.queued);
    return 0;
}
