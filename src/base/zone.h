/* zone.h - local time in IANA time zones, shared by everything that shows or
 * takes a wall-clock time (meetings, events, mail). Pure computation over
 * libical's built-in zone table: no I/O. */
#ifndef GLOCAL_ZONE_H
#define GLOCAL_ZONE_H

#include <libical/ical.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

/* "UTC" or a zone in libical's table ("Europe/Lisbon"). */
bool timezone_known(const char *timezone);
/* The zone, or NULL when unknown (NULL and "UTC" give UTC). */
icaltimezone *zone_for(const char *timezone);
/* "2026-01-13T08:00", "2026-01-13 08:00" or "20260113T080000" into the compact
 * "20260113T080000"; false when it is not a valid date and time. */
bool zone_normalise_local(const char *in, char out[16]);
/* Local wall-clock time to UTC in the zone (field errors "timezone", "starts_at"). */
int local_to_utc(const char *local, const char *timezone, int64_t *out, Err *e);
/* "Tue 13 Jan 2026, 08:00" in the zone (arena); also the parts for forms. */
char *time_local_text(Arena *a, int64_t t, const char *timezone);
void time_local_parts(int64_t t, const char *timezone, char date[11], char hm[6]);
/* The day in the zone as people read it, "1 Dec 2026" (into out, at least 16 bytes). */
void time_local_day(int64_t t, const char *timezone, char *out, size_t size);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), and back. */
int64_t days_from_civil(int64_t y, int64_t m, int64_t d);
void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d);

#endif
