/* ical.c - the iCalendar face (see ical.h). */
#include "web/ical.h"

#include <assert.h>
#include <libical/ical.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "web/app.h"

const char *ical_host(Req *r)
{
    const char *u = r->app->public_url;
    const char *p = strstr(u, "://");
    p = p ? p + 3 : u;
    size_t n = strcspn(p, "/:");
    return arena_strndup(r->arena, p, n ? n : 1);
}

/* A weak entity tag of a calendar: a digest of its text without the DTSTAMP
 * lines, which say when it was written (now) and would change the tag every
 * second. Two calendars with one tag are the same happenings (weak: not the
 * same bytes), so a client that asks again keeps its copy (304). */
static const char *calendar_tag(Req *r, const char *text)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 16);
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        if (line[n] == '\n') n++;
        if (strncmp(line, "DTSTAMP:", 8) != 0) crypto_generichash_update(&st, (const unsigned char *)line, n);
        line += n;
    }
    unsigned char h[16];
    char hex[sizeof h * 2 + 1];
    crypto_generichash_final(&st, h, sizeof h);
    return req_printf(r, "W/\"%s\"", sodium_bin2hex(hex, sizeof hex, h, sizeof h));
}

const char *ical_organizer(Req *r, const char *chapter_slug, const char *place_slug)
{
    if (!str_empty(chapter_slug)) return req_printf(r, "%s/chapters/%s", r->app->public_url, chapter_slug);
    return req_printf(r, "%s/places/%s", r->app->public_url, place_slug ? place_slug : "");
}

/* ORGANIZER;CN=<name>:<address> */
static icalproperty *organizer_of(const IcalEvent *x)
{
    icalproperty *p = icalproperty_new_organizer(x->organizer);
    if (!str_empty(x->organizer_name)) icalproperty_add_parameter(p, icalparameter_new_cn(x->organizer_name));
    return p;
}

static icaltimezone *zone_for(const char *tz)
{
    if (!tz || strcmp(tz, "UTC") == 0) return NULL;
    return icaltimezone_get_builtin_timezone(tz);
}

/* One VTIMEZONE for `tz` (once), named by its plain IANA name and cut to [from, to]. */
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

int ical_respond(Req *r, const char *name, const IcalEvent *events, int n)
{
    icalcomponent *cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                                             icalproperty_new_prodid("-//Glocal//Chapters and events//EN"),
                                             icalproperty_new_calscale("GREGORIAN"), icalproperty_new_method(ICAL_METHOD_PUBLISH), 0);
    icalproperty *calname = icalproperty_new_x(name);
    icalproperty_set_x_name(calname, "X-WR-CALNAME");
    icalcomponent_add_property(cal, calname);
    icalcomponent_add_property(cal, icalproperty_new_name(name));
    int64_t from = INT64_MAX, to = 0;
    for (int i = 0; i < n; i++) {
        if (events[i].starts_at < from) from = events[i].starts_at;
        if (events[i].ends_at > to) to = events[i].ends_at;
    }
    json_t *seen = json_object();
    for (int i = 0; i < n; i++) add_zone(cal, events[i].timezone, from, to, seen);
    json_decref(seen);
    struct icaltimetype stamp = icaltime_from_timet_with_zone(time(NULL), 0, icaltimezone_get_utc_timezone());
    for (int i = 0; i < n; i++) {
        const IcalEvent *x = &events[i];
        icalcomponent *ev = icalcomponent_new_vevent();
        icalcomponent_add_property(ev, icalproperty_new_uid(x->uid));
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
        assert(!str_empty(x->organizer));   /* METHOD:PUBLISH requires it */
        icalcomponent_add_property(ev, organizer_of(x));
        icalcomponent_add_property(ev, local_time(icalproperty_new_dtstart, x->starts_at, x->timezone));
        icalcomponent_add_property(ev, local_time(icalproperty_new_dtend, x->ends_at, x->timezone));
        icalcomponent_add_property(ev, icalproperty_new_summary(x->summary ? x->summary : ""));
        icalcomponent_add_property(ev, icalproperty_new_sequence((int)x->sequence));
        icalcomponent_add_property(ev, icalproperty_new_status(x->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
        if (!str_empty(x->location)) icalcomponent_add_property(ev, icalproperty_new_location(x->location));
        if (!str_empty(x->url)) icalcomponent_add_property(ev, icalproperty_new_url(x->url));
        if (!str_empty(x->description)) icalcomponent_add_property(ev, icalproperty_new_description(x->description));
        icalcomponent_add_component(cal, ev);
    }
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    r->cache_control = "private, max-age=300";
    req_raw(r, "text/calendar; charset=utf-8");
    if (!req_not_modified(r, calendar_tag(r, text ? text : ""), 0)) buf_adds(&r->body, text ? text : "");
    free(text);
    return 0;
}
