/* ical.c - iCalendar feeds of meetings (RFC 5545), written with libical.
 *
 * Three feeds: one meeting, a chapter's meetings (for its members), and a
 * member's personal feed across their chapters behind a secret address that a
 * calendar application can subscribe to without a login. That address is
 * /calendar/<user id>-<mac>.ics where the mac is an HMAC of the user id and a
 * counter under the node secret: nothing to store, and bumping the counter
 * (POST /me/calendar) makes every older address stop working.
 *
 * Times carry their IANA zone (TZID=Europe/Lisbon) with a VTIMEZONE cut down to
 * the years the feed covers (libical's built-in zones otherwise carry history
 * back to 1893, under a /freeassociation.sourceforge.net/ prefix we drop). UIDs
 * are stable: meeting-<id>@<host>; SEQUENCE grows when a meeting moves or is
 * cancelled, so calendars update the event they already have. */
#include <libical/ical.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "meetings/meetings.h"
#include "meetings/store.h"
#include "web/app.h"

static const char *host_of(Req *r)
{
    const char *u = r->app->public_url;
    const char *p = strstr(u, "://");
    p = p ? p + 3 : u;
    size_t n = strcspn(p, "/:");
    return arena_strndup(r->arena, p, n ? n : 1);
}

static icaltimezone *zone_for(const char *tz)
{
    if (!tz || strcmp(tz, "UTC") == 0) return NULL;
    return icaltimezone_get_builtin_timezone(tz);
}

/* Adds one VTIMEZONE for `tz` (once), named by its plain IANA name and cut to [from, to]. */
static void add_zone(icalcomponent *cal, const char *tz, int64_t from, int64_t to, json_t *seen)
{
    icaltimezone *z = zone_for(tz);
    if (!z || json_object_get(seen, tz)) return;
    json_object_set_new(seen, tz, json_true());
    icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(z));
    icalproperty *id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    if (id) icalproperty_set_tzid(id, tz);
    icaltimezone_truncate_vtimezone(vtz, icaltime_from_timet_with_zone((time_t)from, 0, icaltimezone_get_utc_timezone()),
                                    icaltime_from_timet_with_zone((time_t)to, 0, icaltimezone_get_utc_timezone()), 0);
    icalcomponent_add_component(cal, vtz);
}

static icalproperty *local_time(icalproperty *(*make)(struct icaltimetype), int64_t t, const char *tz)
{
    icaltimezone *z = zone_for(tz);
    if (!z) return make(icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone()));
    struct icaltimetype lt = icaltime_from_timet_with_zone((time_t)t, 0, z);
    lt.zone = NULL;   /* written as a floating time plus a TZID parameter */
    icalproperty *p = make(lt);
    icalproperty_add_parameter(p, icalparameter_new_tzid(tz));
    return p;
}

/* Writes the VCALENDAR of `meetings` (rows of FEED_COLUMNS) into r->body. */
static int write_feed(Req *r, const char *name, json_t *meetings)
{
    icalcomponent *cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                                             icalproperty_new_prodid("-//Glocal//Chapter meetings//EN"),
                                             icalproperty_new_calscale("GREGORIAN"), icalproperty_new_method(ICAL_METHOD_PUBLISH), 0);
    icalproperty *calname = icalproperty_new_x(name);
    icalproperty_set_x_name(calname, "X-WR-CALNAME");
    icalcomponent_add_property(cal, calname);
    const char *host = host_of(r);
    json_t *seen = json_object();
    int64_t from = INT64_MAX, to = 0;
    size_t i;
    json_t *m;
    json_array_foreach(meetings, i, m) {
        int64_t s = json_integer_value(json_object_get(m, "starts_at")), e = json_integer_value(json_object_get(m, "ends_at"));
        if (s < from) from = s;
        if (e > to) to = e;
    }
    json_array_foreach(meetings, i, m) add_zone(cal, json_string_value(json_object_get(m, "timezone")), from, to, seen);
    json_decref(seen);
    struct icaltimetype stamp = icaltime_from_timet_with_zone(time(NULL), 0, icaltimezone_get_utc_timezone());
    json_array_foreach(meetings, i, m) {
        int64_t id = json_integer_value(json_object_get(m, "id"));
        const char *tz = json_string_value(json_object_get(m, "timezone"));
        const char *chapter = json_string_value(json_object_get(m, "chapter"));
        const char *venue = json_string_value(json_object_get(m, "venue"));
        const char *url = json_string_value(json_object_get(m, "online_url"));
        bool cancelled = str_eq(json_string_value(json_object_get(m, "status")), "cancelled");
        icalcomponent *ev = icalcomponent_new_vevent();
        icalcomponent_add_property(ev, icalproperty_new_uid(req_printf(r, "meeting-%lld@%s", (long long)id, host)));
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
        icalcomponent_add_property(ev, local_time(icalproperty_new_dtstart, json_integer_value(json_object_get(m, "starts_at")), tz));
        icalcomponent_add_property(ev, local_time(icalproperty_new_dtend, json_integer_value(json_object_get(m, "ends_at")), tz));
        icalcomponent_add_property(ev, icalproperty_new_summary(req_printf(r, "%s: monthly meeting", chapter)));
        icalcomponent_add_property(ev, icalproperty_new_sequence((int)json_integer_value(json_object_get(m, "sequence"))));
        icalcomponent_add_property(ev, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
        if (venue && *venue) icalcomponent_add_property(ev, icalproperty_new_location(venue));
        icalcomponent_add_property(ev, icalproperty_new_url(req_printf(r, "%s/chapters/%s/meetings/%lld", r->app->public_url,
                                                                       json_string_value(json_object_get(m, "chapter_slug")),
                                                                       (long long)id)));
        icalcomponent_add_property(ev, icalproperty_new_description(req_printf(r,
            "Each member shares one success and one challenge; the others answer with stories.%s%s",
            url && *url ? "\nOnline: " : "", url && *url ? url : "")));
        icalcomponent_add_component(cal, ev);
    }
    char *text = icalcomponent_as_ical_string_r(cal);
    buf_adds(&r->body, text ? text : "");
    free(text);
    icalcomponent_free(cal);
    r->cache_control = "private, max-age=300";
    return req_raw(r, "text/calendar; charset=utf-8");
}

/* How far back feeds go: a few months of past meetings, then everything ahead. */
#define FEED_PAST_SECONDS (92 * 86400)

int chapter_calendar(Req *r)
{
    Err e = { 0 };
    json_t *list = chapter_feed_meetings(r->db, &e, r->chapter_id, now_unix() - FEED_PAST_SECONDS);
    if (!list) return req_fail_err(r, &e);
    int rc = write_feed(r, json_string_value(json_object_get(r->chapter, "name")), list);
    json_decref(list);
    return rc;
}

int meeting_calendar(Req *r)
{
    Err e = { 0 };
    int64_t id = 0;
    if (!str_to_i64(req_param(r, "meeting"), &id)) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    json_t *list = chapter_feed_meetings(r->db, &e, r->chapter_id, 0);
    if (!list) return req_fail_err(r, &e);
    json_t *one = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) if (json_integer_value(json_object_get(m, "id")) == id) json_array_append(one, m);
    json_decref(list);
    if (!json_array_size(one)) {
        json_decref(one);
        return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    }
    int rc = write_feed(r, json_string_value(json_object_get(r->chapter, "name")), one);
    json_decref(one);
    return rc;
}

/* The mac of a personal feed address (arena). */
static const char *calendar_mac(Req *r, int64_t user_id, int64_t key)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    const char *msg = req_printf(r, "calendar:%lld:%lld", (long long)user_id, (long long)key);
    crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), r->app->secret);
    size_t n = sodium_base64_ENCODED_LEN(18, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *s = arena_alloc(r->arena, n);
    sodium_bin2base64(s, n, mac, 18, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return s;
}

const char *calendar_url(Req *r, int64_t user_id, Err *e)
{
    int64_t key = 0;
    if (user_calendar_key(r->db, e, user_id, &key) < 0) return NULL;
    return req_printf(r, "%s/calendar/%lld-%s.ics", r->app->public_url, (long long)user_id, calendar_mac(r, user_id, key));
}

int personal_calendar(Req *r)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    char *dash = strchr(token, '-');
    int64_t user = 0, key = 0;
    size_t n = strlen(token);
    if (!dash || n < 5 || n > 80 || strcmp(token + n - 4, ".ics") != 0 ||
        !str_to_i64(arena_strndup(r->arena, token, (size_t)(dash - token)), &user))
        return req_fail(r, E_NOT_FOUND, "This calendar address is not valid.");
    const char *mac = arena_strndup(r->arena, dash + 1, n - 4 - (size_t)(dash + 1 - token));
    int found = user_calendar_key(r->db, &e, user, &key);
    if (found < 0) return req_fail_err(r, &e);
    if (!found || !token_equal(mac, calendar_mac(r, user, key)))
        return req_fail(r, E_NOT_FOUND, "This calendar address is not valid (it may have been reset; copy the new one from your account page).");
    json_t *list = personal_feed_meetings(r->db, &e, user, now_unix() - FEED_PAST_SECONDS);
    if (!list) return req_fail_err(r, &e);
    int rc = write_feed(r, "My chapter meetings", list);
    json_decref(list);
    return rc;
}

static int reset_tx(DbConn *c, void *ctx, Err *e)
{
    return user_calendar_bump(c, e, *(int64_t *)ctx);
}

int calendar_reset(Req *r)
{
    Err e = { 0 };
    int64_t id = r->me.id;
    if (db_write(r->db, reset_tx, &id, &e) < 0) return req_fail_err(r, &e);
    const char *url = calendar_url(r, r->me.id, &e);
    if (!url) return req_fail_err(r, &e);
    req_set_str(r, "calendar_url", url);
    return req_redirect(r, "/me#calendar", "Your calendar address is new; the old one no longer works. Subscribe again with the new one.");
}
