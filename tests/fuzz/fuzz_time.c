/* fuzz_time.c - dates and times as they come in: a local date and time typed
 * into a form (zone_normalise_local, local_to_utc in a zone someone names),
 * the day of an entry or a use (ledger_day_valid, spread_day_parse), the
 * dashboard's range (growth_range_parse) and the HTTP-dates of
 * If-Modified-Since (http_date_parse, in its three forms).
 *
 * Input: the first NUL byte, if any, separates the time from a zone's name.
 * Invariants: a normalised time is "YYYYMMDDTHHMMSS" with every field in its
 * range and normalises to itself; local_to_utc accepts what normalises in a
 * zone it knows; an accepted day is YYYY-MM-DD; an HTTP-date read back from
 * what http_date writes of it is the same second. */
#include "fuzz.h"

#include <ctype.h>

#include "base/err.h"
#include "base/zone.h"
#include "commons/commons.h"
#include "growth/growth.h"
#include "ledger/ledger.h"
#include "web/req.h"


static int field(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

static void check_normalised(const char *norm)
{
    FUZZ_CHECK(strlen(norm) == 15 && norm[8] == 'T');
    for (int i = 0; i < 15; i++)
        if (i != 8) FUZZ_CHECK(isdigit((unsigned char)norm[i]));
    int mo = field(norm + 4, 2), d = field(norm + 6, 2), h = field(norm + 9, 2), mi = field(norm + 11, 2),
        s = field(norm + 13, 2);
    FUZZ_CHECK(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59);
    char again[16];
    FUZZ_CHECK(zone_normalise_local(norm, again) && strcmp(again, norm) == 0);
}

static void check_day(const char *day)
{
    FUZZ_CHECK(strlen(day) == 10 && day[4] == '-' && day[7] == '-');
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7) FUZZ_CHECK(isdigit((unsigned char)day[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256) return 0;
    Arena a;
    arena_init(&a, 2048);
    const char *zone;
    char *text = fuzz_split(&a, data, size, &zone);
    char norm[16];
    bool ok = zone_normalise_local(text, norm);
    if (ok) check_normalised(norm);
    Err e = { 0 };
    int64_t utc;
    if (local_to_utc(text, zone, &utc, &e) == 0) {
        FUZZ_CHECK(ok && timezone_known(*zone ? zone : "UTC"));
        FUZZ_CHECK(time_local_text(&a, utc, zone) != NULL);
        char date[11], hm[6];
        time_local_parts(utc, zone, date, hm);
        check_day(date);
    } else {
        FUZZ_CHECK(e.code == E_INVALID && e.field[0]);
    }
    if (ledger_day_valid(text)) check_day(text);
    int64_t day;
    if (spread_day_parse(text, &day)) check_day(text);
    GrowthRange r = growth_range_parse(text);
    FUZZ_CHECK(r >= GROWTH_RANGE_90 && r < GROWTH_RANGES);
    int64_t t;
    if (http_date_parse(text, &t)) {
        int64_t back;
        const char *shown = http_date(&a, t);
        FUZZ_CHECK(http_date_parse(shown, &back) && back == t);
    }
    arena_release(&a);
    return 0;
}
