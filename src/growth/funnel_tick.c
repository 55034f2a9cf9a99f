/* funnel_tick.c - the formation funnel's share of the periodic work (called
 * from growth_tick): the later steps of approved applications, read from
 * what their chapters did, and the second connectors made connectors once
 * they took their invitation up.
 *
 * - first meeting: the start of the chapter's first meeting marked held, once
 *   that start has passed;
 * - active at 90 days: the first time the periodic work finds the chapter
 *   active (the meetings' lifecycle, which runs before growth) at least
 *   FUNNEL_ACTIVE_AFTER_DAYS after its first meeting; dated then (on a running
 *   node, within minutes of the moment);
 * - closed: a chapter closed leaves the funnel, dated when it last changed
 *   (no closing date is kept).
 * Each step is written once (the steps' primary key), so a run at the same
 * moment again adds nothing. */
#include "base/str.h"
#include "growth/growth.h"
#include "growth/store.h"
#include "network/network.h"

typedef struct FunnelRun {
    int64_t now;
    int64_t first, active, closed, seconds;
} FunnelRun;

static int steps_tx(DbConn *c, void *ctx, Err *e)
{
    FunnelRun *k = ctx;
    if (funnel_store_first_meetings(c, e, k->now, &k->first) < 0) return -1;
    if (funnel_store_active(c, e, k->now, k->now - (int64_t)FUNNEL_ACTIVE_AFTER_DAYS * GROWTH_DAY, &k->active) < 0) return -1;
    return funnel_store_closed(c, e, &k->closed);
}

typedef struct Second {
    json_t *row;
    bool promoted;
} Second;

/* One second connector who took the invitation up: a connector now, unless
 * they left the chapter (or are one already); recorded either way. */
static int second_tx(DbConn *c, void *ctx, Err *e)
{
    Second *s = ctx;
    json_t *row = s->row;
    int64_t user = json_integer_value(json_object_get(row, "user_id"));
    int64_t applicant = json_integer_value(json_object_get(row, "applicant_id"));
    const char *role = json_string_value(json_object_get(row, "role"));
    s->promoted = str_eq(role, "member") && user != applicant &&
                  !str_eq(json_string_value(json_object_get(row, "chapter_status")), "closed");
    if (s->promoted) {
        MemberChange m = { .chapter = { json_integer_value(json_object_get(row, "chapter_id")),
                                        json_string_value(json_object_get(row, "chapter_slug")),
                                        json_string_value(json_object_get(row, "chapter_name")),
                                        json_string_value(json_object_get(row, "chapter_status")) },
                           .user = user, .by = applicant };
        if (membership_promote(c, e, &m) < 0) return -1;
    }
    return funnel_store_second_set(c, e, json_integer_value(json_object_get(row, "id")), user);
}

static int seconds_promote(DbConn *c, Err *e, FunnelRun *k)
{
    json_t *rows = funnel_store_seconds_taken(c, e), *row;
    if (!rows) return -1;
    size_t i;
    int rc = 0;
    json_array_foreach(rows, i, row) {
        Second s = { row, false };
        if ((rc = db_write(c, second_tx, &s, e)) < 0) break;
        k->seconds += s.promoted;
    }
    json_decref(rows);
    return rc;
}

static void counted(Buf *report, const char **sep, int64_t n, const char *one, const char *many)
{
    if (!n) return;
    buf_printf(report, "%s%lld %s", *sep, (long long)n, n == 1 ? one : many);
    *sep = ", ";
}

int growth_funnel_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    FunnelRun k = { .now = now };
    if (db_write(c, steps_tx, &k, e) < 0 || seconds_promote(c, e, &k) < 0) return -1;
    const char *sep = report->len ? ", " : "";
    counted(report, &sep, k.first, "new chapter's first meeting", "new chapters' first meetings");
    counted(report, &sep, k.active, "new chapter active at 90 days", "new chapters active at 90 days");
    counted(report, &sep, k.closed, "new chapter closed", "new chapters closed");
    counted(report, &sep, k.seconds, "second connector made a connector", "second connectors made connectors");
    return 0;
}
