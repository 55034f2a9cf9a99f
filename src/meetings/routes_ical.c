/* routes_ical.c - iCalendar feeds of meetings (RFC 5545), written with libical.
 *
 * Three feeds: one meeting, a chapter's meetings (for its members), and a
 * member's personal feed across their chapters behind a secret address that a
 * calendar application can subscribe to without a login. That address is
 * /calendar/<user id>-<mac>.ics where the mac is an HMAC of the user id and a
 * counter under the node secret: nothing to store, and bumping the counter
 * (POST /me/calendar) makes every older address stop working.
 *
 * The calendar itself is written by the iCalendar face (src/web/ical.c): zones,
 * stable UIDs (meeting-<id>@<host>), SEQUENCE. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "meetings/meetings.h"
#include "meetings/store.h"
#include "web/app.h"
#include "web/ical.h"

/* The meetings (rows of FEED_COLUMNS) as a calendar. */
static int write_feed(Req *r, const char *name, json_t *meetings)
{
    size_t n = json_array_size(meetings);
    IcalEvent *ev = arena_alloc(r->arena, (n ? n : 1) * sizeof *ev);
    const char *host = ical_host(r);
    for (size_t i = 0; i < n; i++) {
        json_t *m = json_array_get(meetings, i);
        int64_t id = json_integer_value(json_object_get(m, "id"));
        const char *url = json_string_value(json_object_get(m, "online_url"));
        ev[i] = (IcalEvent){
            .uid = req_printf(r, "meeting-%lld@%s", (long long)id, host),
            .starts_at = json_integer_value(json_object_get(m, "starts_at")),
            .ends_at = json_integer_value(json_object_get(m, "ends_at")),
            .timezone = json_string_value(json_object_get(m, "timezone")),
            .summary = req_printf(r, "%s: monthly meeting", json_string_value(json_object_get(m, "chapter"))),
            .organizer = ical_organizer(r, json_string_value(json_object_get(m, "chapter_slug")), NULL),
            .organizer_name = json_string_value(json_object_get(m, "chapter")),
            .location = json_string_value(json_object_get(m, "venue")),
            .url = req_printf(r, "%s/chapters/%s/meetings/%lld", r->app->public_url,
                              json_string_value(json_object_get(m, "chapter_slug")), (long long)id),
            .description = req_printf(r, "Each member shares one success and one challenge; the others answer with stories.%s%s",
                                      url && *url ? "\nOnline: " : "", url && *url ? url : ""),
            .sequence = json_integer_value(json_object_get(m, "sequence")),
            .cancelled = str_eq(json_string_value(json_object_get(m, "status")), "cancelled"),
        };
    }
    return ical_respond(r, name, ev, (int)n);
}

/* How far back feeds go: a few months of past meetings, then everything ahead. */
#define FEED_PAST_SECONDS (92 * 86400)

int chapter_calendar(Req *r)
{
    Err e = { 0 };
    json_t *list = req_own(r, chapter_feed_meetings(r->db, &e, r->chapter_id, now_unix() - FEED_PAST_SECONDS));
    if (!list) return req_fail_err(r, &e);
    return write_feed(r, json_string_value(json_object_get(r->chapter, "name")), list);
}

int meeting_calendar(Req *r)
{
    Err e = { 0 };
    int64_t id = 0;
    if (!str_to_i64(req_param(r, "meeting"), &id)) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    json_t *list = req_own(r, chapter_feed_meetings(r->db, &e, r->chapter_id, 0));
    if (!list) return req_fail_err(r, &e);
    json_t *one = req_own(r, json_array());
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) if (json_integer_value(json_object_get(m, "id")) == id) json_array_append(one, m);
    if (!json_array_size(one)) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    return write_feed(r, json_string_value(json_object_get(r->chapter, "name")), one);
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
    if (!found || !token_equal(mac, calendar_feed_mac(r->arena, r->app->secret, user, key)))
        return req_fail(r, E_NOT_FOUND, "This calendar address is not valid (it may have been reset; copy the new one from your account page).");
    json_t *list = req_own(r, personal_feed_meetings(r->db, &e, user, now_unix() - FEED_PAST_SECONDS));
    if (!list) return req_fail_err(r, &e);
    return write_feed(r, "My chapter meetings", list);
}

int calendar_reset(Req *r)
{
    Err e = { 0 };
    if (calendar_key_reset(r->db, &e, r->me.id) < 0) return req_fail_err(r, &e);
    const char *url = calendar_feed_url(r->db, &e, r->arena, r->app->secret, r->app->public_url, r->me.id);
    if (!url) return req_fail_err(r, &e);
    req_set_str(r, "calendar_url", url);
    return req_redirect(r, "/me#calendar", "Your calendar address is new; the old one no longer works. Subscribe again with the new one.");
}
