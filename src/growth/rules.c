/* rules.c - the growth rules, pure: paces, projections and targets over a
 * daily series, the formation funnel from applications' dated steps, and the
 * rules that flag a chapter as needing attention. No SQL, no clock: the day
 * and the time are arguments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "growth/growth.h"

int64_t growth_day_of(int64_t t)
{
    int64_t r = t % GROWTH_DAY;
    return t - (r < 0 ? r + GROWTH_DAY : r);
}

/* ---------- pace and projection ---------- */

GrowthPace growth_pace(const int64_t *v, size_t n, int window)
{
    GrowthPace p = { false, 0, 0 };
    if (n < 2 || window < 1) return p;
    size_t span = n - 1 < (size_t)window ? n - 1 : (size_t)window;
    p.known = true;
    p.days = (int)span;
    p.per_day = (double)(v[n - 1] - v[n - 1 - span]) / (double)span;
    return p;
}

double growth_pace_needed(int64_t value, int64_t target, int64_t today, int64_t by)
{
    if (value >= target) return 0;
    if (by < today) return -1;
    /* the day `by` itself still counts: a target for today needs all of it today */
    int64_t days = (by - today) / GROWTH_DAY + 1;
    return (double)(target - value) / (double)days;
}

GrowthProjection growth_project(const int64_t *v, size_t n, int window, int64_t days_ahead)
{
    GrowthProjection p = { false, days_ahead, 0, 0, 0 };
    double last = n ? (double)v[n - 1] : 0;
    p.mid = p.low = p.high = last;
    if (n < 2 || window < 1 || days_ahead < 0) return p;
    size_t m = n - 1 < (size_t)window ? n - 1 : (size_t)window;
    double mean = (double)(v[n - 1] - v[n - 1 - m]) / (double)m, ss = 0;
    for (size_t i = n - m; i < n; i++) {
        double d = (double)(v[i] - v[i - 1]) - mean;
        ss += d * d;
    }
    double var = m > 1 ? ss / (double)(m - 1) : 0, h = (double)days_ahead;
    double half = 1.645 * sqrt(h * var * (1 + h / (double)m));
    p.known = true;
    p.mid = last + mean * h;
    p.low = p.mid - half;
    p.high = p.mid + half;
    return p;
}

GrowthTarget growth_target(const int64_t *v, size_t n, int64_t today, int64_t target, int64_t by)
{
    GrowthTarget t;
    memset(&t, 0, sizeof t);
    t.value = n ? v[n - 1] : 0;
    t.remaining = target > t.value ? target - t.value : 0;
    t.days_left = (by - today) / GROWTH_DAY;
    t.needed_per_day = growth_pace_needed(t.value, target, today, by);
    t.last30 = growth_pace(v, n, 30);
    t.last90 = growth_pace(v, n, 90);
    t.at_date = growth_project(v, n, 90, t.days_left > 0 ? t.days_left : 0);
    if (!t.remaining) t.state = TARGET_REACHED;
    else if (by < today) t.state = TARGET_MISSED;
    else if (!t.at_date.known) t.state = TARGET_UNKNOWN;
    else if (t.at_date.mid >= (double)target) t.state = TARGET_ON_TRACK;
    else if (t.at_date.high >= (double)target) t.state = TARGET_BEHIND;
    else t.state = TARGET_OFF_TRACK;
    return t;
}

const char *growth_target_state_name(GrowthTargetState s)
{
    switch (s) {
    case TARGET_REACHED: return "reached";
    case TARGET_ON_TRACK: return "on track";
    case TARGET_BEHIND: return "behind, but within reach";
    case TARGET_OFF_TRACK: return "off track";
    case TARGET_MISSED: return "missed";
    case TARGET_UNKNOWN: break;
    }
    return "too early to say";
}

bool growth_rate_kept(GrowthPace pace, double per_month)
{
    return pace.known && pace.per_day * GROWTH_MONTH_DAYS >= per_month;
}

/* ---------- the formation funnel ---------- */

static const char *const stage_names[FUNNEL_STAGES] = { N_("Applied"), N_("Approved"), N_("Forming"), N_("First meeting"),
                                                        N_("Active at 90 days") };

const char *funnel_stage_name(int stage)
{
    return stage >= 0 && stage < FUNNEL_STAGES ? tr(stage_names[stage]) : NULL;
}

static int step_order(const void *pa, const void *pb)
{
    const FunnelStep *a = pa, *b = pb;
    if (a->application != b->application) return a->application < b->application ? -1 : 1;
    if (a->at != b->at) return a->at < b->at ? -1 : 1;
    /* at the same moment, the stage reached first (an exit last) */
    int sa = a->stage < 0 ? FUNNEL_STAGES : a->stage, sb = b->stage < 0 ? FUNNEL_STAGES : b->stage;
    return (sa > sb) - (sa < sb);
}

static int i64_order(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* The median of v[0..n) (sorted in place); 0 for none. */
static int64_t median(int64_t *v, int64_t n)
{
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, i64_order);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct FunnelWork {
    int64_t *spent[FUNNEL_STAGES], *waited[FUNNEL_STAGES];
    int64_t nwaited[FUNNEL_STAGES];
} FunnelWork;

/* One application's steps, s[0..n): where it got and how long it stayed at each stage. */
static void funnel_one(const FunnelStep *s, size_t n, int64_t now, FunnelReport *r, FunnelWork *w)
{
    int stage = -1;
    int64_t since = 0;
    bool out = false;
    for (size_t i = 0; i < n && !out; i++) {
        if (s[i].stage == FUNNEL_EXIT) {
            if (stage >= 0) r->exited[stage]++;
            out = stage >= 0;
            continue;
        }
        if (s[i].stage < 0 || s[i].stage >= FUNNEL_STAGES || s[i].stage <= stage) continue;
        /* the stage it leaves took from `since` to this step (stages skipped have no time of their own) */
        if (stage >= 0) w->spent[stage][r->moved_on[stage]++] = s[i].at - since;
        for (int k = stage + 1; k <= s[i].stage; k++) r->reached[k]++;
        stage = s[i].stage;
        since = s[i].at;
    }
    if (stage < 0) return;
    r->applications++;
    if (!out) {
        r->waiting[stage]++;
        w->waited[stage][w->nwaited[stage]++] = now > since ? now - since : 0;
    }
}

void growth_funnel(FunnelStep *steps, size_t n, int64_t now, Arena *a, FunnelReport *out)
{
    memset(out, 0, sizeof *out);
    FunnelWork w;
    memset(&w, 0, sizeof w);
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        w.spent[k] = arena_alloc(a, sizeof(int64_t) * (n + 1));
        w.waited[k] = arena_alloc(a, sizeof(int64_t) * (n + 1));
    }
    if (n) qsort(steps, n, sizeof *steps, step_order);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && steps[j].application == steps[i].application; j++) { }
        funnel_one(steps + i, j - i, now, out, &w);
    }
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        int64_t before = k ? out->reached[k - 1] : out->applications;
        out->conversion[k] = before ? (double)out->reached[k] / (double)before : -1;
        out->median_seconds[k] = median(w.spent[k], out->moved_on[k]);
        out->median_waiting_seconds[k] = median(w.waited[k], w.nwaited[k]);
    }
}

/* ---------- chapters at risk ---------- */

bool growth_attendance_falling(const int64_t *present, size_t n)
{
    if (n > GROWTH_ATTENDANCE_MEETINGS) {
        present += n - GROWTH_ATTENDANCE_MEETINGS;
        n = GROWTH_ATTENDANCE_MEETINGS;
    }
    if (n < 4) return false;
    size_t k = n / 2 > 3 ? 3 : n / 2;
    int64_t recent = 0, before = 0;
    for (size_t i = 0; i < k; i++) {
        recent += present[n - 1 - i];
        before += present[n - 1 - k - i];
    }
    return 4 * recent < 3 * before;
}

unsigned growth_risks(const ChapterFacts *f, int64_t now)
{
    if (str_eq(f->status, "closed")) return 0;
    unsigned r = 0;
    int64_t quiet_since = f->last_held_at ? f->last_held_at : f->created_at;
    if (now - quiet_since > (int64_t)GROWTH_QUIET_DAYS * GROWTH_DAY) r |= RISK_NO_RECENT_MEETING;
    if (growth_attendance_falling(f->present, f->npresent)) r |= RISK_ATTENDANCE_FALLING;
    if (f->connectors <= 1) r |= RISK_ONE_CONNECTOR;
    if (!f->next_meeting_at || f->next_meeting_at <= now) r |= RISK_NO_UPCOMING;
    return r;
}

const char *growth_risk_name(unsigned bit)
{
    switch (bit) {
    case RISK_NO_RECENT_MEETING: return _("No meeting in 60 days");
    case RISK_ATTENDANCE_FALLING: return _("Attendance falling");
    case RISK_ONE_CONNECTOR: return _("A single connector");
    case RISK_NO_UPCOMING: return _("No upcoming meeting");
    }
    return NULL;
}
