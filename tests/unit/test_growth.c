/* test_growth.c - growth's rules (src/growth/rules.c): paces, projections and
 * targets over daily series (empty and one-day histories included), the
 * formation funnel, and the rules that flag a chapter as needing attention.
 * The snapshot itself, on a database, is tested by test_growth_snapshot.c. */
#include <math.h>

#include "growth/growth.h"
#include "meetings/meetings.h"
#include "testutil.h"

#define DAY GROWTH_DAY
#define B 1767225600LL   /* 2026-01-01T00:00:00Z */
#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool near(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

Test(rules, day_of)
{
    cr_assert_eq(growth_day_of(B), B);
    cr_assert_eq(growth_day_of(B + DAY - 1), B, "the last second belongs to the day");
    cr_assert_eq(growth_day_of(B + DAY), B + DAY);
    cr_assert_eq(growth_day_of(B + 12 * 3600), B);
}

Test(rules, pace_of_empty_and_one_day_histories)
{
    GrowthPace p = growth_pace(NULL, 0, 30);
    cr_assert(!p.known, "no history, no pace");
    cr_assert_eq(p.days, 0);
    cr_assert(near(p.per_day, 0));
    const int64_t one[] = { 42 };
    p = growth_pace(one, 1, 30);
    cr_assert(!p.known, "one day has no change to measure");
    cr_assert(near(p.per_day, 0));
}

Test(rules, pace_over_the_window_or_the_whole_series)
{
    int64_t v[121];
    for (int i = 0; i < 121; i++) v[i] = 100 + 2 * i;   /* +2 a day */
    v[120] = 100 + 2 * 119 + 32;                        /* a jump on the last day */
    GrowthPace p30 = growth_pace(v, N(v), 30), p90 = growth_pace(v, N(v), 90);
    cr_assert(p30.known && p90.known);
    cr_assert_eq(p30.days, 30);
    cr_assert_eq(p90.days, 90);
    /* (v[120] - v[90]) / 30 = (2*119 + 32 - 2*90) / 30 = 90 / 30 */
    cr_assert(near(p30.per_day, 3.0), "%f", p30.per_day);
    cr_assert(near(p90.per_day, (2.0 * 119 + 32 - 2.0 * 30) / 90), "%f", p90.per_day);
    const int64_t short_[] = { 10, 10, 16 };
    GrowthPace s = growth_pace(short_, N(short_), 30);
    cr_assert(s.known);
    cr_assert_eq(s.days, 2, "a short history is measured over all of it");
    cr_assert(near(s.per_day, 3.0));
    const int64_t down[] = { 50, 40 };
    cr_assert(near(growth_pace(down, 2, 90).per_day, -10.0), "a shrinking figure has a negative pace");
}

Test(rules, pace_needed)
{
    cr_assert(near(growth_pace_needed(300, 300, B, B + 10 * DAY), 0), "reached");
    cr_assert(near(growth_pace_needed(310, 300, B, B - DAY), 0), "reached, even after the date");
    cr_assert(near(growth_pace_needed(200, 300, B, B + 99 * DAY), 1.0), "100 to go in 100 days (the date counts)");
    cr_assert(near(growth_pace_needed(299, 300, B, B), 1.0), "due today: all of it today");
    cr_assert(near(growth_pace_needed(200, 300, B, B - DAY), -1), "the date has passed");
}

Test(rules, projection_of_empty_and_one_day_histories)
{
    GrowthProjection p = growth_project(NULL, 0, 90, 30);
    cr_assert(!p.known);
    cr_assert(near(p.mid, 0) && near(p.low, 0) && near(p.high, 0));
    const int64_t one[] = { 7 };
    p = growth_project(one, 1, 90, 30);
    cr_assert(!p.known, "one day: no change to project from");
    cr_assert(near(p.mid, 7) && near(p.low, 7) && near(p.high, 7), "it stays where it is");
}

Test(rules, projection_follows_the_mean_change_with_a_range_from_their_spread)
{
    const int64_t steady[] = { 10, 12, 14, 16, 18 };
    GrowthProjection p = growth_project(steady, N(steady), 90, 10);
    cr_assert(p.known);
    cr_assert(near(p.mid, 38), "18 + 2 a day for 10 days: %f", p.mid);
    cr_assert(near(p.low, 38) && near(p.high, 38), "changes that never vary leave no range");
    const int64_t bumpy[] = { 0, 0, 4, 4, 8, 8, 12 };   /* changes 0,4,0,4,0,4: mean 2, s^2 = 4.8 */
    p = growth_project(bumpy, N(bumpy), 90, 10);
    cr_assert(near(p.mid, 32), "%f", p.mid);
    double half = 1.645 * sqrt(10 * 4.8 * (1 + 10.0 / 6));
    cr_assert(near(p.high - p.mid, half) && near(p.mid - p.low, half), "%f %f", p.low, p.high);
    GrowthProjection further = growth_project(bumpy, N(bumpy), 90, 40);
    cr_assert(further.high - further.low > p.high - p.low, "the range widens the further ahead");
    /* only the window's changes count */
    const int64_t turned[] = { 0, 10, 20, 30, 30, 30 };
    cr_assert(near(growth_project(turned, N(turned), 2, 5).mid, 30), "flat over the last two days");
    cr_assert(near(growth_project(turned, N(turned), 90, 5).mid, 30 + 6 * 5), "30 over 5 days");
}

Test(rules, targets)
{
    int64_t grow[91];
    for (int i = 0; i < 91; i++) grow[i] = 100 + i;   /* +1 a day, exactly */
    GrowthTarget t = growth_target(grow, N(grow), B, 220, B + 40 * DAY);
    cr_assert_eq(t.state, TARGET_ON_TRACK, "230 expected by then: %s", growth_target_state_name(t.state));
    cr_assert_eq(t.value, 190);
    cr_assert_eq(t.remaining, 30);
    t = growth_target(grow, N(grow), B, 300, B + 60 * DAY);
    cr_assert_eq(t.state, TARGET_OFF_TRACK, "250 by then, and no spread to hope from");
    cr_assert_eq(t.remaining, 110);
    cr_assert_eq(t.days_left, 60);
    cr_assert(near(t.needed_per_day, 110.0 / 61), "%f", t.needed_per_day);
    cr_assert(near(t.last30.per_day, 1) && near(t.last90.per_day, 1));
    cr_assert(near(t.at_date.mid, 250));
    t = growth_target(grow, N(grow), B, 250, B + 60 * DAY);
    cr_assert_eq(t.state, TARGET_ON_TRACK, "exactly on the projection");
    t = growth_target(grow, N(grow), B, 180, B + 60 * DAY);
    cr_assert_eq(t.state, TARGET_REACHED);
    cr_assert(near(t.needed_per_day, 0));
    t = growth_target(grow, N(grow), B, 300, B - DAY);
    cr_assert_eq(t.state, TARGET_MISSED);
    cr_assert_eq(t.days_left, -1);
    /* a bumpy series just short of the target on average, within reach at the top of its range */
    const int64_t bumpy[] = { 0, 0, 4, 4, 8, 8, 12 };
    t = growth_target(bumpy, N(bumpy), B, 40, B + 10 * DAY);
    cr_assert_eq(t.state, TARGET_BEHIND, "%s (%f..%f)", growth_target_state_name(t.state), t.at_date.low,
                 t.at_date.high);
    t = growth_target(bumpy, N(bumpy), B, 400, B + 10 * DAY);
    cr_assert_eq(t.state, TARGET_OFF_TRACK);
    /* empty and one-day histories */
    t = growth_target(NULL, 0, B, 300, B + 365 * DAY);
    cr_assert_eq(t.state, TARGET_UNKNOWN);
    cr_assert_eq(t.value, 0);
    cr_assert_eq(t.remaining, 300);
    cr_assert(near(t.needed_per_day, 300.0 / 366));
    cr_assert(!t.last30.known && !t.last90.known);
    const int64_t one[] = { 12 };
    t = growth_target(one, 1, B, 300, B + 365 * DAY);
    cr_assert_eq(t.state, TARGET_UNKNOWN, "one day says nothing about the pace");
    cr_assert_eq(t.remaining, 288);
    t = growth_target(one, 1, B, 10, B + 365 * DAY);
    cr_assert_eq(t.state, TARGET_REACHED, "reached needs no history");
    cr_assert_str_eq(growth_target_state_name(TARGET_ON_TRACK), "on track");
    cr_assert_str_eq(growth_target_state_name(TARGET_UNKNOWN), "too early to say");
}

Test(rules, rate_targets)
{
    const int64_t v[] = { 0, 1, 2, 3, 4, 5, 6 };   /* 1 a day */
    GrowthPace p = growth_pace(v, N(v), 30);
    cr_assert(growth_rate_kept(p, 30), "30 a month at 1 a day");
    cr_assert(!growth_rate_kept(p, 31), "31 a month needs more than 1 a day");
    cr_assert(!growth_rate_kept(growth_pace(v, 1, 30), 0), "no pace is known from one day");
}

/* ---------- the funnel ---------- */

Test(funnel, empty)
{
    Arena a;
    arena_init(&a, 256);
    FunnelReport r;
    growth_funnel(NULL, 0, B, &a, &r);
    cr_assert_eq(r.applications, 0);
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        cr_assert_eq(r.reached[k], 0);
        cr_assert(near(r.conversion[k], -1), "no one to convert");
        cr_assert_eq(r.median_seconds[k], 0);
    }
    arena_release(&a);
}

Test(funnel, counts_conversion_and_time_at_each_stage)
{
    Arena a;
    arena_init(&a, 1024);
    /* given out of order: the rule sorts them */
    FunnelStep s[] = {
        /* 1: all the way, 2 days to approval, 5 to forming, 20 to the first meeting, 90 to active */
        { 1, FUNNEL_ACTIVE, B + 117 * DAY }, { 1, FUNNEL_APPLIED, B }, { 1, FUNNEL_APPROVED, B + 2 * DAY },
        { 1, FUNNEL_FORMING, B + 7 * DAY }, { 1, FUNNEL_FIRST_MEETING, B + 27 * DAY },
        /* 2: declined after 4 days */
        { 2, FUNNEL_APPLIED, B + DAY }, { 2, FUNNEL_EXIT, B + 5 * DAY },
        /* 3: approved after 6 days, forming 1 day later, waiting for its first meeting since B + 10 */
        { 3, FUNNEL_APPLIED, B + 3 * DAY }, { 3, FUNNEL_APPROVED, B + 9 * DAY }, { 3, FUNNEL_FORMING, B + 10 * DAY },
        /* 4: straight to forming (made by an administrator), met 10 days later; a step back is ignored */
        { 4, FUNNEL_FORMING, B + 20 * DAY }, { 4, FUNNEL_FIRST_MEETING, B + 30 * DAY }, { 4, FUNNEL_APPROVED, B + 31 * DAY },
        /* 5: waiting for review since B + 40; nothing counts after an exit, nor a stage out of range */
        { 5, FUNNEL_APPLIED, B + 40 * DAY }, { 5, 9, B + 41 * DAY },
        { 6, FUNNEL_APPLIED, B + 40 * DAY }, { 6, FUNNEL_EXIT, B + 42 * DAY }, { 6, FUNNEL_APPROVED, B + 43 * DAY },
    };
    FunnelReport r;
    growth_funnel(s, N(s), B + 50 * DAY, &a, &r);
    cr_assert_eq(r.applications, 6);
    const int64_t reached[] = { 6, 3, 3, 2, 1 }, waiting[] = { 1, 0, 1, 1, 1 }, exited[] = { 2, 0, 0, 0, 0 };
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        cr_assert_eq(r.reached[k], reached[k], "reached %s: %lld", funnel_stage_name(k), (long long)r.reached[k]);
        cr_assert_eq(r.waiting[k], waiting[k], "waiting at %s: %lld", funnel_stage_name(k), (long long)r.waiting[k]);
        cr_assert_eq(r.exited[k], exited[k], "left at %s", funnel_stage_name(k));
    }
    cr_assert(near(r.conversion[0], 1));
    cr_assert(near(r.conversion[1], 0.5), "3 of 6 approved");
    cr_assert(near(r.conversion[2], 1), "every approved one formed a chapter");
    cr_assert(near(r.conversion[3], 2.0 / 3), "2 of 3 met");
    cr_assert(near(r.conversion[4], 0.5), "1 of 2 still active at 90 days");
    /* applied -> approved: 2 and 6 days (4 never approved; 2 and 6 left) */
    cr_assert_eq(r.moved_on[FUNNEL_APPLIED], 2);
    cr_assert_eq(r.median_seconds[FUNNEL_APPLIED], 4 * DAY, "the median of 2 and 6 days");
    cr_assert_eq(r.moved_on[FUNNEL_APPROVED], 2);
    cr_assert_eq(r.median_seconds[FUNNEL_APPROVED], 3 * DAY, "5 and 1 days");
    cr_assert_eq(r.moved_on[FUNNEL_FORMING], 2, "1 and 4 met: 20 and 10 days");
    cr_assert_eq(r.median_seconds[FUNNEL_FORMING], 15 * DAY);
    cr_assert_eq(r.median_seconds[FUNNEL_FIRST_MEETING], 90 * DAY);
    cr_assert_eq(r.moved_on[FUNNEL_ACTIVE], 0, "the last stage is never left");
    cr_assert_eq(r.median_waiting_seconds[FUNNEL_APPLIED], 10 * DAY, "5 has waited since B + 40");
    cr_assert_eq(r.median_waiting_seconds[FUNNEL_FORMING], 40 * DAY, "3 has waited since B + 10");
    cr_assert_eq(r.median_waiting_seconds[FUNNEL_FIRST_MEETING], 20 * DAY, "4 has waited since B + 30");
    cr_assert_str_eq(funnel_stage_name(FUNNEL_ACTIVE), "Active at 90 days");
    cr_assert_null(funnel_stage_name(FUNNEL_STAGES));
    cr_assert_null(funnel_stage_name(FUNNEL_EXIT));
    arena_release(&a);
}

Test(funnel, one_application)
{
    Arena a;
    arena_init(&a, 256);
    FunnelStep s[] = { { 9, FUNNEL_APPLIED, B } };
    FunnelReport r;
    growth_funnel(s, 1, B + DAY, &a, &r);
    cr_assert_eq(r.applications, 1);
    cr_assert_eq(r.reached[FUNNEL_APPLIED], 1);
    cr_assert_eq(r.waiting[FUNNEL_APPLIED], 1);
    cr_assert(near(r.conversion[FUNNEL_APPROVED], 0), "none approved yet");
    cr_assert(near(r.conversion[FUNNEL_FORMING], -1), "nobody to convert from");
    cr_assert_eq(r.median_waiting_seconds[FUNNEL_APPLIED], DAY);
    arena_release(&a);
}

/* ---------- chapters at risk ---------- */

Test(risks, attendance_falling)
{
    const int64_t falling[] = { 10, 10, 10, 7, 7, 7 }, steady[] = { 10, 10, 10, 8, 8, 8 };
    cr_assert(growth_attendance_falling(falling, N(falling)), "21 is under three quarters of 30");
    cr_assert(!growth_attendance_falling(steady, N(steady)), "24 is not under 22.5");
    const int64_t four[] = { 8, 8, 5, 5 }, three[] = { 10, 1, 1 };
    cr_assert(growth_attendance_falling(four, 4), "four meetings: the last two against the two before");
    cr_assert(!growth_attendance_falling(three, 3), "fewer than four meetings say nothing");
    cr_assert(!growth_attendance_falling(NULL, 0));
    const int64_t older[] = { 1, 1, 1, 10, 10, 10, 9, 9, 9 };
    cr_assert(!growth_attendance_falling(older, N(older)), "only the last six count");
    const int64_t growing[] = { 3, 3, 3, 9, 9, 9 };
    cr_assert(!growth_attendance_falling(growing, N(growing)));
}

Test(risks, each_rule)
{
    const int64_t steady[] = { 8, 8, 8, 8 }, falling[] = { 8, 8, 4, 4 };
    int64_t now = B + 200 * DAY;
    ChapterFacts ok = { "active", B, now - 20 * DAY, now + 10 * DAY, 2, steady, 4 };
    cr_assert_eq(growth_risks(&ok, now), 0, "a healthy chapter");
    ChapterFacts f = ok;
    f.last_held_at = now - GROWTH_QUIET_DAYS * DAY;
    cr_assert_eq(growth_risks(&f, now), 0, "exactly 60 days is not yet too long");
    f.last_held_at--;
    cr_assert_eq(growth_risks(&f, now), RISK_NO_RECENT_MEETING);
    f = ok;
    f.last_held_at = 0;
    f.created_at = now - 10 * DAY;
    cr_assert_eq(growth_risks(&f, now), 0, "a new chapter without a meeting yet is given time");
    f.created_at = now - 61 * DAY;
    cr_assert_eq(growth_risks(&f, now), RISK_NO_RECENT_MEETING, "since it was made, when it never met");
    f = ok;
    f.present = falling;
    cr_assert_eq(growth_risks(&f, now), RISK_ATTENDANCE_FALLING);
    f = ok;
    f.connectors = 1;
    cr_assert_eq(growth_risks(&f, now), RISK_ONE_CONNECTOR);
    f.connectors = 0;
    cr_assert_eq(growth_risks(&f, now), RISK_ONE_CONNECTOR, "none is worse than one");
    f = ok;
    f.next_meeting_at = 0;
    cr_assert_eq(growth_risks(&f, now), RISK_NO_UPCOMING);
    f.next_meeting_at = now;
    cr_assert_eq(growth_risks(&f, now), RISK_NO_UPCOMING, "a meeting starting now is not ahead");
    ChapterFacts all = { "dormant", B, now - 100 * DAY, 0, 1, falling, 4 };
    cr_assert_eq(growth_risks(&all, now), RISK_ALL);
    all.status = "closed";
    cr_assert_eq(growth_risks(&all, now), 0, "a closed chapter needs nothing");
    cr_assert_str_eq(growth_risk_name(RISK_NO_RECENT_MEETING), "No meeting in 60 days");
    cr_assert_str_eq(growth_risk_name(RISK_ONE_CONNECTOR), "A single connector");
    cr_assert_null(growth_risk_name(3));
}
