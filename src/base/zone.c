/* zone.c - local wall-clock time in IANA time zones (libical's built-in table; see zone.h). */
#include "base/zone.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

/* libical finds a zone by name in a walk of its ~400 zones, strcmp at each
 * (a twentieth of a page that shows fifty dates): each thread keeps the last
 * few zones it found. libical loads its zones once and never moves or frees
 * them while the process runs, so the pointers stay good. */
#define ZONE_SLOTS 8
static _Thread_local struct {
    char name[64];
    icaltimezone *zone;
} zone_seen[ZONE_SLOTS];
static _Thread_local unsigned zone_next;

static icaltimezone *builtin_zone(const char *tz)
{
    for (int i = 0; i < ZONE_SLOTS && zone_seen[i].zone; i++)
        if (strcmp(zone_seen[i].name, tz) == 0) return zone_seen[i].zone;
    icaltimezone *z = icaltimezone_get_builtin_timezone(tz);
    if (z && strlen(tz) < sizeof zone_seen[0].name) {
        unsigned slot = zone_next++ % ZONE_SLOTS;
        strcpy(zone_seen[slot].name, tz);
        zone_seen[slot].zone = z;
    }
    return z;
}

bool timezone_known(const char *tz)
{
    return tz && (strcmp(tz, "UTC") == 0 || builtin_zone(tz) != NULL);
}

icaltimezone *zone_for(const char *tz)
{
    if (!tz || strcmp(tz, "UTC") == 0) return icaltimezone_get_utc_timezone();
    return builtin_zone(tz);
}

/* "2026-01-13T08:00", "2026-01-13 08:00" or "20260113T080000" into the compact form. */
bool zone_normalise_local(const char *in, char out[16])
{
    int y, mo, d, h, mi, s = 0;
    if (sscanf(in, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) >= 5 ||
        sscanf(in, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) >= 5 ||
        sscanf(in, "%4d%2d%2dT%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) >= 5) {
        /* %d takes a sign: "T-1:30" read as hour -1 */
        if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
            s < 0 || s > 59)
            return false;
        if (d > icaltime_days_in_month(mo, y)) return false;
        snprintf(out, 16, "%04d%02d%02dT%02d%02d%02d", y, mo, d, h, mi, s);
        return true;
    }
    return false;
}

/* The zone's offset from UTC in seconds at the instant t. */
static int64_t offset_at(icaltimezone *z, int64_t t)
{
    struct icaltimetype l = icaltime_from_timet_with_zone((time_t)t, 0, z);
    return days_from_civil(l.year, l.month, l.day) * 86400 + l.hour * 3600 + l.minute * 60 + l.second - t;
}

/* A wall-clock time (seconds as if it were UTC) to the instant it names in z.
 * RFC 5545 §3.3.5: a time in a spring-forward gap does not exist and is read with
 * the offset in force before the gap (so it lands after the gap, by its length);
 * a time an autumn change repeats is its first occurrence. Offsets a day either
 * side are the ones before and after any change near it. */
static int64_t wall_to_utc(int64_t wall, icaltimezone *z)
{
    int64_t before = offset_at(z, wall - 86400), after = offset_at(z, wall + 86400);
    int64_t a = wall - before, b = wall - after;
    bool a_ok = offset_at(z, a) == before, b_ok = offset_at(z, b) == after;
    if (a_ok && b_ok) return a < b ? a : b;
    if (b_ok) return b;
    return a;   /* valid, or the gap read with the offset before it */
}

int local_to_utc(const char *local, const char *tz, int64_t *out, Err *e)
{
    char norm[16];
    icaltimezone *z = zone_for(tz);
    if (!z) return err_field(e, E_INVALID, "timezone", "\"%s\" is not a time zone we know (use a name like Europe/Lisbon).", tz);
    if (!local || !zone_normalise_local(local, norm))
        return err_field(e, E_INVALID, "starts_at", "Please give a date and time like 2026-03-10T18:30.");
    struct icaltimetype t = icaltime_from_string(norm);
    int64_t wall = days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    *out = wall_to_utc(wall, z);
    return 0;
}

static struct icaltimetype local_of(int64_t t, const char *tz)
{
    icaltimezone *z = zone_for(tz);
    if (!z) z = icaltimezone_get_utc_timezone();
    return icaltime_from_timet_with_zone((time_t)t, 0, z);
}

char *time_local_text(Arena *a, int64_t t, const char *tz)
{
    struct icaltimetype l = local_of(t, tz);
    int dow = icaltime_day_of_week(l) - 1;   /* 1 = Sunday */
    /* the names in the thread's language (i18n.h): "Tue 21 Nov 2026", "mar. 21 nov. 2026" */
    return arena_printf(a, "%s %d %s %d, %02d:%02d", i18n_weekday_abbr(dow), l.day, i18n_month_abbr(l.month), l.year,
                        l.hour, l.minute);
}

void time_local_day(int64_t t, const char *tz, char *out, size_t size)
{
    struct icaltimetype l = local_of(t, tz);
    snprintf(out, size, "%d %s %d", l.day, i18n_month_abbr(l.month), l.year);
}

void time_local_parts(int64_t t, const char *tz, char date[11], char hm[6])
{
    struct icaltimetype l = local_of(t, tz);
    snprintf(date, 11, "%04d-%02d-%02d", l.year, l.month, l.day);
    snprintf(hm, 6, "%02d:%02d", l.hour, l.minute);
}

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian; Howard Hinnant's algorithms). */
int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}
