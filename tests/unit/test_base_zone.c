/* test_base_zone.c - local times that a daylight-saving change skips or repeats
 * (src/base/zone.c, local_to_utc). RFC 5545 §3.3.5: a local time in the gap of a
 * spring-forward change does not exist and is read with the UTC offset in force
 * before the gap (01:30 becomes 02:30 where clocks jump from 01:00 to 02:00: later,
 * never earlier); a time the autumn change repeats is its first occurrence. */
#include "testutil.h"

#include <stdint.h>

#include "base/zone.h"

/* The UTC instant of `local` in `tz`, asserting the conversion succeeds. */
static int64_t utc_of(const char *local, const char *tz)
{
    Err e = { 0 };
    int64_t t = 0;
    cr_assert_eq(local_to_utc(local, tz, &t, &e), 0, "%s in %s: %s", local, tz, e.msg);
    return t;
}

/* The same instant as a local "YYYY-MM-DD HH:MM" in `tz`. */
static void expect_local(int64_t t, const char *tz, const char *want)
{
    char date[11], hm[6], got[17];
    time_local_parts(t, tz, date, hm);
    snprintf(got, sizeof got, "%s %s", date, hm);
    cr_expect_str_eq(got, want, "in %s", tz);
}

Test(zone, lisbon_spring_gap_moves_forward)
{
    /* 28 March 2027: at 01:00 WET the clocks go to 02:00 WEST; 01:30 does not exist */
    int64_t t = utc_of("2027-03-28T01:30", "Europe/Lisbon");
    cr_expect_eq(t, utc_of("2027-03-28T01:30", "UTC"), "read with the offset before the gap (+00:00)");
    expect_local(t, "Europe/Lisbon", "2027-03-28 02:30");
    /* the times either side of the gap are as they are */
    expect_local(utc_of("2027-03-28T00:59", "Europe/Lisbon"), "Europe/Lisbon", "2027-03-28 00:59");
    expect_local(utc_of("2027-03-28T02:00", "Europe/Lisbon"), "Europe/Lisbon", "2027-03-28 02:00");
    cr_expect_eq(utc_of("2027-03-28T02:00", "Europe/Lisbon"), utc_of("2027-03-28T01:00", "UTC"));
}

Test(zone, lisbon_autumn_repeat_takes_the_first)
{
    /* 31 October 2027: at 02:00 WEST the clocks go back to 01:00 WET; 01:30 happens twice */
    cr_expect_eq(utc_of("2027-10-31T01:30", "Europe/Lisbon"), utc_of("2027-10-31T00:30", "UTC"), "the first 01:30 (+01:00)");
    cr_expect_eq(utc_of("2027-10-31T02:30", "Europe/Lisbon"), utc_of("2027-10-31T02:30", "UTC"));
}

Test(zone, los_angeles_both_changes)
{
    /* 14 March 2027: 02:00 PST becomes 03:00 PDT */
    int64_t t = utc_of("2027-03-14T02:30", "America/Los_Angeles");
    cr_expect_eq(t, utc_of("2027-03-14T10:30", "UTC"), "02:30 read as PST (-08:00)");
    expect_local(t, "America/Los_Angeles", "2027-03-14 03:30");
    cr_expect_eq(utc_of("2027-03-14T01:59", "America/Los_Angeles"), utc_of("2027-03-14T09:59", "UTC"));
    cr_expect_eq(utc_of("2027-03-14T03:00", "America/Los_Angeles"), utc_of("2027-03-14T10:00", "UTC"));
    /* 7 November 2027: 02:00 PDT becomes 01:00 PST; 01:30 is first PDT */
    cr_expect_eq(utc_of("2027-11-07T01:30", "America/Los_Angeles"), utc_of("2027-11-07T08:30", "UTC"));
    cr_expect_eq(utc_of("2027-11-07T00:30", "America/Los_Angeles"), utc_of("2027-11-07T07:30", "UTC"));
    cr_expect_eq(utc_of("2027-11-07T02:30", "America/Los_Angeles"), utc_of("2027-11-07T10:30", "UTC"));
}

Test(zone, sao_paulo_without_and_with_daylight_time)
{
    /* no daylight time since 2019: midnight of the first Sunday of November is ordinary */
    cr_expect_eq(utc_of("2027-11-07T00:30", "America/Sao_Paulo"), utc_of("2027-11-07T03:30", "UTC"));
    cr_expect_eq(utc_of("2027-02-21T23:30", "America/Sao_Paulo"), utc_of("2027-02-22T02:30", "UTC"));
    /* 4 November 2018, when it still had one: 00:00 -03 became 01:00 -02, so 00:30 was skipped */
    int64_t t = utc_of("2018-11-04T00:30", "America/Sao_Paulo");
    cr_expect_eq(t, utc_of("2018-11-04T03:30", "UTC"), "read with -03:00, the offset before the gap");
    expect_local(t, "America/Sao_Paulo", "2018-11-04 01:30");
    /* 17 February 2019: 00:00 -02 became 23:00 -03 the day before; 23:30 was first at -02 */
    cr_expect_eq(utc_of("2019-02-16T23:30", "America/Sao_Paulo"), utc_of("2019-02-17T01:30", "UTC"));
}
