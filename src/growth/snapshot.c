/* snapshot.c - the daily snapshot of the network's figures (growth_days,
 * growth_received): the feature's share of the periodic work.
 *
 * A day is taken once it is over, for the network, every place, every sector
 * and every chapter, by a handful of set-based statements (store.c) whose cost
 * follows the size of the raw tables, not the number of days: the first run
 * back-fills the whole history a month per transaction with the same
 * statements that take one day afterwards. Only the day just ended knows the
 * chapters' statuses as they are and which chapters need attention; the days
 * before it rebuild the statuses from the meetings held with the lifecycle
 * rules of src/meetings. */
#include <string.h>

#include "base/str.h"
#include "growth/growth.h"
#include "growth/store.h"
#include "meetings/meetings.h"

typedef struct Chunk {
    DbConn *c;
    Arena *a;
    int64_t from, to;           /* the days to take (midnights) */
    int64_t chapters_from;      /* chapter rows from this day */
    int64_t last;               /* the last day taken before them (0: none) */
    int64_t live_day;           /* the day just ended, when among them (0: not) */
    int64_t now;
    Lifecycle life;
    bool skipped;               /* another run had taken them */
} Chunk;

/* A chapter the risk rules flag gets its flags on the day just ended. */
static int flag_chapter(void *ctx, int64_t chapter_id, const ChapterFacts *f, Err *e)
{
    Chunk *k = ctx;
    unsigned risk = growth_risks(f, k->now);
    return risk ? growth_work_risk(k->c, e, chapter_id, k->live_day, risk) : 0;
}

/* Members and connectors: the changes since the day before, added to it,
 * when it was taken (its chapters' rows too, when they were taken that day);
 * else from the whole history. */
static int chunk_people(DbConn *c, Err *e, Chunk *k, int64_t end)
{
    bool after = k->last && k->last == k->from - GROWTH_DAY;
    bool chapters_after = after && k->from - GROWTH_DAY >= k->chapters_from;
    if (after && growth_work_base(c, e, k->from, chapters_after) < 0) return -1;
    if (growth_work_members(c, e, k->from, end, chapters_after ? k->from : 0) < 0) return -1;
    return growth_work_people(c, e, k->from, end, after ? k->from : 0);
}

static int chunk_figures(DbConn *c, Err *e, Chunk *k, int64_t end)
{
    if (growth_work_scopes_fill(c, e) < 0 || growth_work_analyze(c, e) < 0 || chunk_people(c, e, k, end) < 0 ||
        growth_work_statuses(c, e, k->from, end, k->life.activate_after, k->life.dormant_after_days * GROWTH_DAY) < 0 ||
        growth_work_meetings(c, e, k->from, end) < 0 || growth_work_events(c, e, k->from, end) < 0 ||
        growth_work_commons(c, e, k->from, end) < 0)
        return -1;
    if (k->live_day) {
        if (growth_work_statuses_now(c, e, k->live_day) < 0) return -1;
        if (growth_store_chapter_facts(c, e, k->now, end, flag_chapter, k) < 0) return -1;
        if (growth_work_risk_counts(c, e, k->live_day) < 0) return -1;
    }
    return 0;
}

static int chunk_tx(DbConn *c, void *ctx, Err *e)
{
    Chunk *k = ctx;
    k->c = c;
    /* under the lock: the days another run took meanwhile are not taken again */
    if (growth_last_day(c, e, &k->last) < 0) return -1;
    if (k->last >= k->from) k->from = k->last + GROWTH_DAY;
    k->skipped = k->from > k->to;
    if (k->skipped) return 0;
    int64_t end = k->to + GROWTH_DAY;
    if (growth_work_clear(c, e) < 0) return -1;
    for (int64_t d = k->from; d <= k->to; d += GROWTH_DAY)
        if (growth_work_day_add(c, e, d, time_iso_date(k->a, d)) < 0) return -1;
    if (chunk_figures(c, e, k, end) < 0 || growth_work_analyze(c, e) < 0 ||
        growth_received_fill(c, e, time_iso_date(k->a, k->from), time_iso_date(k->a, k->to), k->chapters_from) < 0 ||
        growth_days_fill(c, e, end, k->chapters_from, k->live_day, k->now) < 0)
        return -1;
    return growth_work_clear(c, e);
}

int growth_snapshot(DbConn *c, int64_t now, GrowthRun *out, Err *e)
{
    return growth_snapshot_within(c, now, GROWTH_CHAPTER_ROWS_BUDGET, out, e);
}

int growth_snapshot_within(DbConn *c, int64_t now, int64_t chapter_rows, GrowthRun *out, Err *e)
{
    memset(out, 0, sizeof *out);
    int64_t started = now_usec(), yesterday = growth_day_of(now) - GROWTH_DAY, last = 0, first_at = 0, chapters = 0;
    if (growth_last_day(c, e, &last) < 0 || growth_store_history(c, e, &first_at, &chapters) < 0) return -1;
    int64_t from = last ? last + GROWTH_DAY : first_at ? growth_day_of(first_at) : yesterday;
    if (from > yesterday) return 0;
    /* chapter rows for as many of the last days as the budget allows (all of them on a small network) */
    int64_t chapter_days = chapters ? chapter_rows / chapters : GROWTH_CHAPTER_DAYS_MIN;
    if (chapter_days < GROWTH_CHAPTER_DAYS_MIN) chapter_days = GROWTH_CHAPTER_DAYS_MIN;
    int64_t chapters_from = yesterday - (chapter_days - 1) * GROWTH_DAY;
    out->chapters_from = chapters_from > from ? chapters_from : from;
    Arena a;
    arena_init(&a, 4096);
    int rc = -1;
    Lifecycle life = lifecycle_settings(c, &a);
    for (int64_t d = from; d <= yesterday; d += GROWTH_CHUNK_DAYS * GROWTH_DAY) {
        Chunk k = { .a = &a, .from = d, .to = d + (GROWTH_CHUNK_DAYS - 1) * GROWTH_DAY, .now = now, .life = life,
                    .chapters_from = out->chapters_from };
        if (k.to >= yesterday) k.to = k.live_day = yesterday;
        if (db_write_locked(c, GROWTH_LOCK_KEY, chunk_tx, &k, e) < 0) goto done;
        if (k.skipped) continue;
        if (!out->first_day) out->first_day = k.from;
        out->last_day = k.to;
        out->days += (k.to - k.from) / GROWTH_DAY + 1;
    }
    rc = 0;
done:
    out->usec = now_usec() - started;
    arena_release(&a);
    return rc;
}

int growth_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    GrowthRun run;
    if (growth_snapshot(c, now, &run, e) < 0) return -1;
    if (!run.days) return growth_funnel_tick(c, now, report, e);   /* funnel_tick.c: the funnel's later steps */
    Arena a;
    arena_init(&a, 256);
    const char *sep = report->len ? ", " : "";
    if (run.days == 1)
        buf_printf(report, "%sgrowth figures taken for %s (%.1f s)", sep, time_iso_date(&a, run.last_day),
                   (double)run.usec / 1e6);
    else
        buf_printf(report, "%sgrowth figures taken for %lld days, %s to %s (%.1f s)", sep, (long long)run.days,
                   time_iso_date(&a, run.first_day), time_iso_date(&a, run.last_day), (double)run.usec / 1e6);
    arena_release(&a);
    return growth_funnel_tick(c, now, report, e);
}
