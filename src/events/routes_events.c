/* routes_events.c - handlers of events: the list, the form for a new event,
 * making one, its page, changing and cancelling it. The host of a new event
 * is named in the form, so event_create checks it against the chapters and
 * places the caller may host at (host_options); the writes are event_publish
 * and event_change (hosting.c). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/pages.h"
#include "events/store.h"
#include "network/network.h"
#include "web/app.h"
#include "web/model.h"
#include "web/paging.h"

#define PAST_BESIDE 20   /* the recent events beside the coming ones; ?when=past pages them all */

int events_index(Req *r)
{
    Err e = { 0 };
    int64_t place_id = 0;
    const char *place = req_query(r, "place");
    if (!str_empty(place)) {
        json_t *p = NULL;
        int found = place_by_slug(r->db, &e, place, &p);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "There is no place called \"%s\".", place);
        place_id = json_integer_value(json_object_get(p, "id"));
        req_set(r, "place", p);
    }
    const char *when = req_query(r, "when");
    bool past_only = str_eq(when, "past");
    if (!str_empty(when) && !past_only && !str_eq(when, "upcoming"))
        return req_fail(r, E_BAD_REQUEST, "when is upcoming (the default) or past.");
    Paging pg;
    if (paging_read(r, &pg, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    int64_t now = now_unix();
    json_t *events = paging_trim(&pg, past_only ? event_list_past(r->db, &e, r->me.id, now, place_id, pg.limit, pg.offset)
                                               : event_list(r->db, &e, r->me.id, now, place_id, pg.limit, pg.offset));
    if (!events) return req_fail_err(r, &e);
    event_decorate_all(r, events);
    req_set(r, "events", events);
    json_t *past = past_only ? json_array() : event_list_past(r->db, &e, r->me.id, now, place_id, PAST_BESIDE + 1, 0);
    if (!past) return req_fail_err(r, &e);
    Paging beside = { .per_page = PAST_BESIDE };
    paging_trim(&beside, past);
    req_set_bool(r, "_more_past", beside.more);
    /* place is a slug found above (letters, digits, hyphens): nothing to encode */
    req_set_str(r, "_past_url", str_empty(place) ? "/events?when=past" : req_printf(r, "/events?when=past&place=%s", place));
    event_decorate_all(r, past);
    req_set(r, "past", past);
    req_set_bool(r, "_is_past", past_only);
    paging_respond(r, &pg);
    r->place_id = place_id;   /* the place the calendar is filtered by, for the features that extend it */
    /* federation: the peers' events, beside the first page of those coming up */
    if (!past_only && pg.page == 1 && features_extend(r, "events", &e) < 0) return req_fail_err(r, &e);
    if (r->api) return req_page(r, "events/index");   /* what follows is the page's filter and button */
    json_t *places = place_options(r->db, &e);
    if (!places) return req_fail_err(r, &e);
    size_t i;
    json_t *p;
    json_array_foreach(places, i, p)
        json_object_set_new(p, "selected", json_boolean(str_eq(json_string_value(json_object_get(p, "slug")), place)));
    place_kind_labels(places);
    req_set(r, "_places", places);
    json_t *hosts = req_own(r, r->me.id ? hostable_chapters(r->db, &e, r->me.id, r->me.is_admin) : json_array());
    if (!hosts) return req_fail_err(r, &e);
    req_set_bool(r, "_can_host", json_array_size(hosts) > 0);
    return req_page(r, "events/index");
}

/* The hosts a person may choose: "chapter:slug" for the chapters they run and
 * "place:slug" for the places above them (everything for an administrator).
 * A new reference the request owns; NULL after req_fail_err. */
static json_t *host_options(Req *r, const char *chosen)
{
    Err e = { 0 };
    json_t *chapters = req_own(r, hostable_chapters(r->db, &e, r->me.id, r->me.is_admin));
    json_t *places = chapters ? req_own(r, hostable_places(r->db, &e, r->me.id, r->me.is_admin)) : NULL;
    if (!places) {
        req_fail_err(r, &e);
        return NULL;
    }
    json_t *out = req_own(r, json_array());
    size_t i;
    json_t *x;
    json_array_foreach(chapters, i, x) {
        const char *value = req_printf(r, "chapter:%s", json_string_value(json_object_get(x, "slug")));
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b, s:s, s:I, s:I}", "value", value, "label",
                                             json_string_value(json_object_get(x, "name")), "group", _("Chapters you run"),
                                             "selected", str_eq(value, chosen), "timezone", json_string_value(json_object_get(x, "timezone")),
                                             "id", json_integer_value(json_object_get(x, "id")), "place_id",
                                             json_integer_value(json_object_get(x, "metro_id"))));
    }
    json_array_foreach(places, i, x) {
        const char *value = req_printf(r, "place:%s", json_string_value(json_object_get(x, "slug")));
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b, s:s, s:I, s:I}", "value", value, "label",
                                             req_printf(r, "%s (%s)", json_string_value(json_object_get(x, "name")),
                                                        place_kind_label(json_string_value(json_object_get(x, "kind")))),
                                             "group", _("Places"), "selected", str_eq(value, chosen), "timezone",
                                             json_string_value(json_object_get(x, "timezone")), "id", (json_int_t)0, "place_id",
                                             json_integer_value(json_object_get(x, "id"))));
    }
    return out;
}

#define TIER_ROWS_MAX 16
static const char *const tier_currencies[] = { "EUR", "USD", "GBP", "BRL", "KES" };

/* The rows of tiers the form shows (_tier_rows): `tiers` (a JSON array: the
 * format's, or what was typed), then `blanks` empty rows for more. */
static void tier_rows_model(Req *r, json_t *tiers, int blanks, const char *currency)
{
    json_t *rows = json_array();
    size_t i, n = json_array_size(tiers);
    for (size_t k = 0; k < n + (size_t)blanks && k < TIER_ROWS_MAX; k++) {
        json_t *t = json_array_get(tiers, k);   /* NULL for a blank row */
        const char *cur = t ? json_string_value(json_object_get(t, "currency")) : currency;
        json_t *options = json_array();
        for (i = 0; i < sizeof tier_currencies / sizeof *tier_currencies; i++)
            json_array_append_new(options, json_pack("{s:s, s:b}", "value", tier_currencies[i], "selected", str_eq(cur, tier_currencies[i])));
        json_array_append_new(rows, json_pack("{s:I, s:I, s:s, s:s, s:b, s:o}", "i", (json_int_t)k, "n", (json_int_t)k + 1, "name",
                                              t ? json_string_value(json_object_get(t, "name")) : "", "price",
                                              t ? json_string_value(json_object_get(t, "price")) : "", "is_members",
                                              t && json_is_true(json_object_get(t, "members_only")), "currencies", options));
    }
    req_set(r, "_tier_rows", rows);
}

/* The rows of tiers as the form sent them (in rows: at most TIER_ROWS_MAX);
 * their number, and in *blanks the empty ones. */
static int tier_rows_typed(Req *r, TierRow *rows, int *blanks)
{
    const char *names[TIER_ROWS_MAX], *prices[TIER_ROWS_MAX], *curs[TIER_ROWS_MAX], *members[TIER_ROWS_MAX];
    int n = req_input_all(r, "tier_name", names, TIER_ROWS_MAX), np = req_input_all(r, "tier_price", prices, TIER_ROWS_MAX);
    int nc = req_input_all(r, "tier_currency", curs, TIER_ROWS_MAX), nm = req_input_all(r, "tier_members", members, TIER_ROWS_MAX);
    *blanks = 0;
    for (int i = 0; i < n; i++) {
        rows[i] = (TierRow){ names[i], i < np ? prices[i] : "", i < nc ? curs[i] : "EUR", false };
        for (int k = 0; k < nm; k++) rows[i].members |= atoi(members[k]) == i;
        *blanks += str_empty(str_trim(r->arena, rows[i].name)) && str_empty(str_trim(r->arena, rows[i].price));
    }
    return n;
}

/* The typed rows that are not blank, as tiers (JSON array, the request's). */
static json_t *tier_rows_json(Req *r, const TierRow *rows, int n)
{
    json_t *out = req_own(r, json_array());
    for (int i = 0; i < n; i++) {
        if (str_empty(str_trim(r->arena, rows[i].name)) && str_empty(str_trim(r->arena, rows[i].price))) continue;
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b}", "name", rows[i].name, "price", rows[i].price ? rows[i].price : "",
                                             "currency", rows[i].currency, "members_only", rows[i].members));
    }
    return out;
}

/* The form's tiers: what was typed, unless nothing was or `take_format`
 * (then the chosen format's), plus empty rows (`more`: one more). */
static void event_form_tiers(Req *r, json_t *chosen, bool take_format, bool more)
{
    TierRow rows[TIER_ROWS_MAX];
    int blanks = 0, n = tier_rows_typed(r, rows, &blanks);
    json_t *tiers = n && !take_format ? tier_rows_json(r, rows, n) : json_object_get(chosen, "tiers");
    if (!n || take_format || blanks < 1) blanks = 1;
    const char *currency = json_string_value(json_object_get(json_array_get(json_object_get(chosen, "tiers"), 0), "currency"));
    tier_rows_model(r, tiers, blanks + more, currency ? currency : "EUR");
    /* what the format gave, to tell later whether the person changed it */
    req_set_str(r, "_title_default", json_string_value(json_object_get(chosen, "name")));
    req_set_str(r, "_tiers_default", json_string_value(json_object_get(chosen, "_tiers_lines")));
}

static int event_form_model(Req *r, const char *app_slug, const char *host)
{
    Err e = { 0 };
    json_t *apps = app_list(r->db, &e, r->me.id);
    if (!apps) return req_fail_err(r, &e);
    size_t i;
    json_t *a;
    json_t *chosen = NULL;
    json_array_foreach(apps, i, a) {
        bool sel = str_eq(json_string_value(json_object_get(a, "slug")), app_slug);
        json_object_set_new(a, "selected", json_boolean(sel));
        if (sel) chosen = a;
    }
    if (!chosen) chosen = json_array_get(apps, 0);
    if (chosen) {
        json_t *c = json_deep_copy(chosen);
        app_decorate(r, c);
        req_set(r, "_app", c);
        event_form_tiers(r, c, false, false);
    }
    req_set(r, "_apps", apps);
    json_t *hosts = host_options(r, host);
    if (!hosts) return -1;
    req_set(r, "_hosts", json_incref(hosts));
    json_t *chapters = chapter_options(r->db, &e);
    if (!chapters) return req_fail_err(r, &e);
    req_set(r, "_chapters", chapters);
    req_set(r, "_visibilities", visibility_options(req_input(r, "visibility")));
    return 0;
}

int event_new_form(Req *r)
{
    const char *app = req_query(r, "app");
    if (event_form_model(r, app, req_query(r, "host")) < 0) return -1;
    json_t *chosen = json_object_get(r->model, "_app");
    json_t *values = json_pack("{s:s, s:s, s:s, s:s}", "capacity", "50", "visibility", "public", "time", "18:30", "end_time", "21:00");
    if (chosen) json_object_set_new(values, "title", json_string(json_string_value(json_object_get(chosen, "name"))));
    req_set(r, "values", values);
    return req_page(r, "events/new");
}

/* Text without its white space (the arena's): lines compared whatever line
 * breaks a browser sent them back with (CRLF). */
static const char *squeezed(Req *r, const char *text)
{
    char *out = arena_strdup(r->arena, text ? text : ""), *w = out;
    for (const char *p = out; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') *w++ = *p;
    *w = 0;
    return out;
}

/* The form sent back to take the chosen format (refresh=format: its title and
 * tiers where the person left the previous format's) or to add a row of tiers
 * (refresh=add_tier): the form again, with what was typed, nothing checked. */
static int event_form_refresh(Req *r)
{
    if (event_form_model(r, req_input(r, "app"), req_input(r, "host")) < 0) return -1;
    json_t *chosen = json_object_get(r->model, "_app");
    static const char *const kept[] = { "title", "description", "date", "time", "end_time", "end_date", "venue", "online_url",
                                        "capacity", "visibility", "record" };
    json_t *values = json_object();
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (req_input(r, kept[i])) json_object_set_new(values, kept[i], json_string(req_input(r, kept[i])));
    const char *title = req_input(r, "title");
    if (chosen && (str_empty(title) || str_eq(title, req_input(r, "title_default"))))
        json_object_set_new(values, "title", json_string(json_string_value(json_object_get(chosen, "name"))));
    /* the tiers as typed, in the line form, against the previous format's */
    TierRow rows[TIER_ROWS_MAX];
    int blanks = 0, n = tier_rows_typed(r, rows, &blanks);
    json_t *typed = tier_rows_json(r, rows, n);
    char *text = json_dumps(typed, JSON_COMPACT);
    const char *lines = squeezed(r, format_lines_text(r->arena, "tiers", text));
    free(text);
    bool untouched = !json_array_size(typed) || str_eq(lines, squeezed(r, req_input(r, "tiers_default")));
    if (chosen) event_form_tiers(r, chosen, untouched, str_eq(req_input(r, "refresh"), "add_tier"));
    req_set(r, "values", values);
    return req_page(r, "events/new");
}

/* Start and end from the form's local date and times (an end before the start is the next day). */
static void event_times_read(Req *r, const char *tz, int64_t *starts, int64_t *ends, json_t *current)
{
    Err e = { 0 };
    const char *date = req_input(r, "date"), *time = req_input(r, "time");
    const char *end_date = req_input(r, "end_date"), *end_time = req_input(r, "end_time");
    if (current) {
        if (!date) date = json_string_value(json_object_get(current, "date_local"));
        if (!time) time = json_string_value(json_object_get(current, "time_local"));
        if (!end_time) end_time = json_string_value(json_object_get(current, "end_time_local"));
        if (!end_date && !req_input(r, "date")) end_date = json_string_value(json_object_get(current, "end_date_local"));
    }
    if (str_empty(date)) {
        req_error(r, "date", "Please choose a date.");
        return;
    }
    if (str_empty(time)) {
        req_error(r, "time", "Please give a start time, like 18:30.");
        return;
    }
    if (local_to_utc(req_printf(r, "%sT%s", date, time), tz, starts, &e) < 0) {
        req_error(r, "date", "Please give a date like 2026-03-10 and a time like 18:30.");
        return;
    }
    if (str_empty(end_time)) {
        req_error(r, "end_time", "Please give an end time, like 21:00.");
        return;
    }
    if (local_to_utc(req_printf(r, "%sT%s", str_empty(end_date) ? date : end_date, end_time), tz, ends, &e) < 0) {
        req_error(r, "end_time", "Please give an end time like 21:00 (and an end date like 2026-03-12 for a longer event).");
        return;
    }
    if (*ends <= *starts && str_empty(end_date)) *ends += 86400;   /* past midnight */
    if (*ends <= *starts) req_error(r, "end_time", "The event ends after it starts.");
    else if (*ends - *starts > 14 * 86400) req_error(r, "end_time", "An event lasts at most two weeks; a longer programme is several events.");
}

/* Capacity and the texts shared by creating and changing an event. */
static void event_common_read(Req *r, EventFields *f, json_t *current)
{
    f->title = req_input(r, "title");
    f->description = req_input(r, "description");
    f->venue = req_input(r, "venue");
    f->online_url = req_input(r, "online_url");
    f->visibility = req_input(r, "visibility");
    if (current) {
#define KEEP(field) do { if (!f->field) f->field = arena_strdup(r->arena, json_string_value(json_object_get(current, #field))); } while (0)
        KEEP(title); KEEP(description); KEEP(venue); KEEP(online_url); KEEP(visibility);
#undef KEEP
        f->capacity = json_integer_value(json_object_get(current, "capacity"));
    } else {
        f->capacity = 50;
    }
    if (!f->description) f->description = "";
    if (!f->venue) f->venue = "";
    if (!f->online_url) f->online_url = "";
    if (str_empty(f->visibility)) f->visibility = "public";
    if (str_empty(f->title)) req_error(r, "title", "Give the event a title.");
    else if (str_utf8_len(f->title) > 120) req_error(r, "title", "Please keep the title under 120 characters.");
    else if (!str_single_line(f->title)) req_error(r, "title", "Please keep the title on one line (without line breaks).");
    if (strlen(f->description) > 20000) req_error(r, "description", "Please keep the description under 20,000 characters.");
    if (str_utf8_len(f->venue) > 200) req_error(r, "venue", "Please keep the venue under 200 characters.");
    if (!str_empty(f->online_url) && !str_starts(f->online_url, "https://") && !str_starts(f->online_url, "http://"))
        req_error(r, "online_url", "The online link starts with https://.");
    else if (strlen(f->online_url) > 500) req_error(r, "online_url", "That link is too long.");
    if (str_empty(f->venue) && str_empty(f->online_url)) req_error(r, "venue", "Say where it happens: a venue, an online link, or both.");
    if (!event_visibility_valid(f->visibility)) req_error(r, "visibility", "Visibility is public, network or chapter.");
    int64_t cap = 0;
    int got = req_input_int(r, "capacity", &cap);
    if (got > 0) {
        if (cap < 1 || cap > 100000) req_error(r, "capacity", "The number of places is a whole number from 1 to 100,000.");
        else f->capacity = cap;
    }
}

/* The format named in the form (req_own'd into *app, NULL when absent). */
static int event_app_read(Req *r, EventSpec *n, const char *app_slug, json_t **app)
{
    Err e = { 0 };
    *app = NULL;
    if (str_empty(app_slug)) {
        req_error(r, "app", "Choose the format of the event from the catalog.");
        return 0;
    }
    int64_t app_id;
    bool owner;
    int found = app_load(r->db, r->arena, &e, app_slug, r->me.id, r->me.is_admin, app, &app_id, &owner);
    req_own(r, *app);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) req_error(r, "app", "There is no format called \"%s\" in the catalog.", app_slug);
    else n->f.app_id = app_id;
    return 0;
}

/* The host must be one the caller may choose; *tz becomes its time zone. */
static int event_host_read(Req *r, EventSpec *n, const char *host, const char **tz)
{
    json_t *hosts = host_options(r, NULL);
    if (!hosts) return -1;
    *tz = "UTC";
    size_t i;
    json_t *h;
    bool allowed = false;
    json_array_foreach(hosts, i, h) {
        if (!str_eq(json_string_value(json_object_get(h, "value")), host)) continue;
        allowed = true;
        *tz = req_printf(r, "%s", json_string_value(json_object_get(h, "timezone")));
        n->host_kind = str_starts(host, "chapter:") ? "chapter" : "place";
        n->f.chapter_id = json_integer_value(json_object_get(h, "id"));
        n->f.place_id = n->f.chapter_id ? 0 : json_integer_value(json_object_get(h, "place_id"));
        n->host_id = n->f.chapter_id ? n->f.chapter_id : n->f.place_id;
    }
    if (str_empty(host)) req_error(r, "host", "Choose who hosts the event: a chapter you run, or a place.");
    else if (!allowed) req_error(r, "host", "You can host at the chapters you run (as a connector) and the places above them.");
    return 0;
}

static int event_cohosts_read(Req *r, EventSpec *n);

/* The tiers (the format's unless the form changes them: a list, lines, or
 * the page's rows of fields) and the co-hosting chapters. */
static int event_lists_read(Req *r, EventSpec *n, json_t *app)
{
    Err e = { 0 };
    n->tiers = list_input(r, "tiers");
    TierRow rows[TIER_ROWS_MAX];
    int blanks = 0, typed = n->tiers ? 0 : tier_rows_typed(r, rows, &blanks);
    if (typed) {
        /* the form's rows of fields */
        n->tiers = tiers_from_rows(r->arena, rows, typed, &e);
        if (!n->tiers) req_error(r, "tiers", "%s", e.msg);
        err_clear(&e);
        return event_cohosts_read(r, n);
    }
    if (!n->tiers && app) n->tiers = arena_strdup(r->arena, json_string_value(json_object_get(app, "tiers")));
    if (n->tiers) {
        if (str_eq(n->tiers, "[]")) req_error(r, "tiers", "Give at least one ticket tier, e.g. Standard | 0 for a free event.");
        else if (tiers_check(n->tiers, &e) < 0) req_error(r, "tiers", "%s", e.msg);
        err_clear(&e);
    }
    return event_cohosts_read(r, n);
}

/* The co-hosting chapters named in the form. */
static int event_cohosts_read(Req *r, EventSpec *n)
{
    Err e = { 0 };
    const char *cohosts[16];
    int nc = req_input_all(r, "cohosts", cohosts, 16);
    for (int k = 0; k < nc; k++) {
        if (str_empty(cohosts[k])) continue;
        int64_t cid = 0;
        int found = chapter_id_by_slug(r->db, &e, cohosts[k], &cid, NULL);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) req_error(r, "cohosts", "There is no chapter called \"%s\".", cohosts[k]);
        else if (cid != n->f.chapter_id && n->ncohosts < 16) n->cohosts[n->ncohosts++] = cid;
    }
    if (str_eq(n->f.visibility, "chapter") && !n->f.chapter_id && !n->ncohosts)
        req_error(r, "visibility", "An event for chapter members needs a hosting chapter.");
    return 0;
}

/* The event, as the guard would load it, decorated into the model as "event". */
static int event_model(Req *r, const char *slug)
{
    Err e = { 0 };
    json_t *ev = NULL;
    bool organiser;
    int64_t id;
    int found = event_load(r->db, r->arena, &e, slug, r->me.id, r->me.is_admin, &ev, &id, &organiser);
    if (found < 0) return req_fail_err(r, &e);
    if (found) {
        event_decorate(r, ev);
        req_set(r, "event", ev);
    }
    return 0;
}

int event_create(Req *r)
{
    Err e = { 0 };
    EventSpec n = { .f.organiser_id = r->me.id };
    const char *app_slug = req_input(r, "app"), *host = req_input(r, "host"), *tz = "UTC";
    json_t *app = NULL;
    if (!r->api && req_input(r, "refresh")) return event_form_refresh(r);
    if (event_app_read(r, &n, app_slug, &app) < 0 || event_host_read(r, &n, host, &tz) < 0) return -1;
    n.f.timezone = tz;
    event_common_read(r, &n.f, NULL);
    event_times_read(r, tz, &n.f.starts_at, &n.f.ends_at, NULL);
    if (!req_has_errors(r) && event_start_check(n.f.starts_at, now_unix(), req_input_bool(r, "record"), &e) < 0) {
        req_error(r, e.field, "%s", e.msg);
        err_clear(&e);
    }
    if (event_lists_read(r, &n, app) < 0) return -1;
    if (app) n.f.split_rule = arena_strdup(r->arena, json_string_value(json_object_get(app, "split_rule")));
    if (!req_has_errors(r) && event_publish(r->db, &e, r->arena, &n) < 0) {
        if (e.code != E_INVALID || !e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        /* pages show the form again, with its choices */
        if (!r->api && event_form_model(r, app_slug, host) < 0) return -1;
        return req_invalid(r, "events/new");
    }
    log_info("events: %s created by %lld", n.f.slug, (long long)r->me.id);
    if (event_model(r, n.f.slug) < 0) return -1;
    return req_created(r, req_printf(r, "/events/%s", n.f.slug), "The event is published. Share its page; registrations show on your desk.");
}

/* The agenda of the event: the format's run-book with clock times from the start. */
static json_t *agenda(Req *r)
{
    Err e = { 0 };
    json_t *app = NULL;
    int found = app_by_slug(r->db, &e, ev_str(r, "app_slug"), &app);
    req_own(r, app);
    if (found < 0) {
        req_fail_err(r, &e);
        return NULL;
    }
    json_t *steps = format_list(found ? json_string_value(json_object_get(app, "runbook")) : NULL);
    int64_t at = ev_int(r, "starts_at");
    const char *tz = ev_str(r, "timezone");
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        char date[11], hm[6];
        time_local_parts(at, tz, date, hm);
        json_object_set_new(s, "at", json_string(hm));
        at += json_integer_value(json_object_get(s, "minutes")) * 60;
    }
    return steps;
}

int event_show(Req *r)
{
    Err e = { 0 };
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    model_set_markdown(ev, "_description_html", r->arena, ev_str(r, "description"));
    req_set(r, "event", ev);
    json_t *tiers = req_own(r, event_tiers(r->db, &e, r->object_id));
    bool member = false;
    if (!tiers || member_anywhere(r->db, &e, r->me.id, &member) < 0) return req_fail_err(r, &e);
    tiers_decorate(r, tiers);
    if (!r->api) tiers_offer(r, tiers, member);
    req_set(r, "tiers", json_incref(tiers));
    json_t *cohosts = event_cohosts(r->db, &e, r->object_id);
    if (!cohosts) return req_fail_err(r, &e);
    req_set(r, "cohosts", cohosts);
    json_t *sponsors = req_own(r, event_sponsor_list(r->db, &e, r->object_id));
    if (!sponsors) return req_fail_err(r, &e);
    json_t *headline = json_array(), *listed = json_array(), *thanks = json_array(), *shown = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(sponsors, i, s) {
        if (json_is_true(json_object_get(s, "is_refunded"))) continue;
        const char *p = json_string_value(json_object_get(s, "placement"));
        json_array_append(str_eq(p, "headline") ? headline : str_eq(p, "listed") ? listed : thanks, s);
        json_array_append_new(shown, json_pack("{s:s, s:s, s:s, s:s}", "name", json_string_value(json_object_get(s, "name")),
                                               "slug", json_string_value(json_object_get(s, "slug")), "package",
                                               json_string_value(json_object_get(s, "package")), "placement", p));
    }
    req_set(r, "sponsors", shown);
    req_set(r, "_headline", headline);
    req_set(r, "_listed", listed);
    req_set(r, "_thanks", thanks);
    json_t *steps = agenda(r);
    if (!steps) return -1;
    req_set(r, "agenda", steps);
    if (r->me.id) {
        json_t *mine = NULL;
        int found = registration_of_user(r->db, &e, r->object_id, r->me.id, &mine);
        if (found < 0) return req_fail_err(r, &e);
        if (found) {
            registration_decorate(r, mine, ev_str(r, "slug"));
            if (json_is_true(json_object_get(mine, "is_waitlist"))) {
                int64_t pos = 0;
                if (waitlist_position(r->db, &e, r->object_id, json_integer_value(json_object_get(mine, "id")), &pos) < 0)
                    return req_fail_err(r, &e);
                json_object_set_new(mine, "position", json_integer(pos));
            }
            req_set(r, "my_registration", mine);
        }
    }
    req_set_bool(r, "_is_manager", r->object_manager);
    req_set_str(r, "_calendar_url", req_printf(r, "/events/%s/calendar.ics", ev_str(r, "slug")));
    return req_page(r, "events/show");
}

int event_edit_form(Req *r)
{
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    req_set(r, "event", ev);
    json_t *values = json_deep_copy(ev);
    json_object_set_new(values, "capacity", json_string(req_printf(r, "%lld", (long long)ev_int(r, "capacity"))));
    json_object_set_new(values, "date", json_string(json_string_value(json_object_get(ev, "date_local"))));
    json_object_set_new(values, "time", json_string(json_string_value(json_object_get(ev, "time_local"))));
    json_object_set_new(values, "end_date", json_string(json_string_value(json_object_get(ev, "end_date_local"))));
    json_object_set_new(values, "end_time", json_string(json_string_value(json_object_get(ev, "end_time_local"))));
    req_set(r, "values", values);
    req_set(r, "_visibilities", visibility_options(ev_str(r, "visibility")));
    return req_page(r, "events/edit");
}

/* The edit form again, with the errors noted (and the status `code`). */
static int event_edit_again(Req *r, int code)
{
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    req_set(r, "event", ev);
    req_set(r, "_visibilities", visibility_options(req_input(r, "visibility")));
    req_invalid(r, "events/edit");
    r->err.code = code;
    return -1;
}

/* The changed fields of an event (what is absent stays as it is). */
static int event_change_read(Req *r, EventChange *ch)
{
    Err e = { 0 };
    json_t *current = req_own(r, json_deep_copy(r->object));
    event_decorate(r, current);
    event_common_read(r, &ch->f, current);
    event_times_read(r, ev_str(r, "timezone"), &ch->f.starts_at, &ch->f.ends_at, current);
    ch->moved = ch->f.starts_at != ev_int(r, "starts_at") || ch->f.ends_at != ev_int(r, "ends_at") ||
                !str_eq(ch->f.venue, ev_str(r, "venue")) || !str_eq(ch->f.online_url, ev_str(r, "online_url"));
    if (str_eq(ch->f.visibility, "chapter") && !ev_int(r, "chapter_id")) {
        json_t *co = req_own(r, event_cohosts(r->db, &e, r->object_id));
        if (!co) return req_fail_err(r, &e);
        if (json_array_size(co) == 0) req_error(r, "visibility", "An event for chapter members needs a hosting chapter.");
    }
    return 0;
}

int event_update(Req *r)
{
    Err e = { 0 };
    EventChange ch = { .id = r->object_id, .by = r->me.id, .arena = r->arena, .public_url = r->app->public_url };
    const char *status = req_input(r, "status");
    ch.cancel = str_eq(status, "cancelled");
    if (status && !ch.cancel) req_error(r, "status", "An event is cancelled with status \"cancelled\"; closing it is done at /close.");
    if (!ch.cancel && event_change_read(r, &ch) < 0) return -1;
    if (req_has_errors(r)) return event_edit_again(r, E_INVALID);
    if (event_change(r->db, &e, &ch) < 0) {
        if (!e.field[0] || e.code != E_CONFLICT) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
        return event_edit_again(r, E_CONFLICT);
    }
    if (event_model(r, ev_str(r, "slug")) < 0) return -1;
    if (ch.cancel)
        return req_redirect(r, event_url(r), ch.refunded ? _("The event is cancelled and every payment was refunded; calendars show it as cancelled.")
                                                         : _("The event is cancelled; calendars show it as cancelled."));
    return req_redirect(r, event_url(r), ch.promoted ? req_printf(r, _("Saved; %lld people moved up from the waitlist."), (long long)ch.promoted)
                                                     : "Saved. Calendars pick up the change.");
}
