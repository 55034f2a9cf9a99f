/* routes.c - handlers of apps (M4): the catalog of event formats and the
 * calendars, and what the feature gives the web layer. Events are in
 * routes_events.c, registration and the desk in routes_registration.c, the
 * money in routes_money.c; what they write is done by the operations declared
 * in events.h (formats.c, hosting.c, registration.c, books.c).
 *
 * The guard loads {event} and {app} (with event_load and app_load): an event
 * the caller may not see is a 404 before any handler runs, and F_MANAGER lets
 * only its organisers (or a format's owner) through. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/markdown.h"
#include "base/str.h"
#include "events/events.h"
#include "events/pages.h"
#include "events/store.h"
#include "web/app.h"
#include "web/ical.h"
#include "web/paging.h"

/* ---------- formats ---------- */

/* A list field: a JSON array in an API body, or the line form of a page's textarea.
 * NULL when absent; a field error when malformed. */
const char *list_input(Req *r, const char *field)
{
    json_t *j = r->json ? json_object_get(r->json, field) : NULL;
    if (json_is_array(j)) {
        /* a price may come as a JSON number (12.5); the format keeps it as text ("12.50") */
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x) {
            json_t *price = json_object_get(x, "price");
            if (json_is_integer(price))
                json_object_set_new(x, "price", json_string(req_printf(r, "%lld", (long long)json_integer_value(price))));
            else if (json_is_real(price) && json_real_value(price) >= 0 && json_real_value(price) < 1e12)
                json_object_set_new(x, "price", json_string(req_printf(r, "%.2f", json_real_value(price))));
        }
        char *s = json_dumps(j, JSON_COMPACT);
        const char *out = arena_strdup(r->arena, s);
        free(s);
        return out;
    }
    if (j && !json_is_string(j)) {
        req_error(r, field, "%s is a list.", field);
        return NULL;
    }
    const char *text = req_input(r, field);
    if (!text) return NULL;
    char *json = NULL;
    Err e = { 0 };
    if (format_lines_parse(r->arena, field, text, &json, &e) < 0) {
        req_error(r, field, "%s", e.msg);
        return NULL;
    }
    return json;
}

/* Reads and checks the fields of a format; `current` fills what is absent (an update). */
static int app_fields_read(Req *r, AppFields *f, json_t *current)
{
    Err e = { 0 };
#define KEEP(field) do { if (!f->field && current) f->field = arena_strdup(r->arena, json_string_value(json_object_get(current, #field))); } while (0)
    f->name = req_input(r, "name");
    f->summary = req_input(r, "summary");
    f->description = req_input(r, "description");
    f->runbook = list_input(r, "runbook");
    f->tiers = list_input(r, "tiers");
    f->packages = list_input(r, "packages");
    f->split_rule = list_input(r, "split_rule");
    KEEP(name); KEEP(summary); KEEP(description); KEEP(runbook); KEEP(tiers); KEEP(packages); KEEP(split_rule);
#undef KEEP
    /* a session board: the form's box (absent when unticked), a program's true/false, else as it was */
    const char *board = req_input(r, "has_board");
    f->has_board = board ? str_eq(board, "on") || str_eq(board, "1") || str_eq(board, "true") || str_eq(board, "yes")
                 : r->form ? false : current && json_is_true(json_object_get(current, "has_board"));
    if (!f->summary) f->summary = "";
    if (!f->description) f->description = "";
    if (!f->runbook) f->runbook = "[]";
    if (!f->packages) f->packages = "[]";
    if (str_empty(f->name)) req_error(r, "name", "Name the format, e.g. \"Pitch night\".");
    else if (str_utf8_len(f->name) > 80) req_error(r, "name", "Please keep the name under 80 characters.");
    else if (!str_single_line(f->name)) req_error(r, "name", "Please keep the name on one line (without line breaks).");
    if (str_utf8_len(f->summary) > 200) req_error(r, "summary", "Please keep the summary under 200 characters.");
    if (strlen(f->description) > 20000) req_error(r, "description", "Please keep the description under 20,000 characters.");
    int64_t minutes;
    if (!req_has_errors(r) || f->runbook) {
        if (runbook_check(f->runbook, &minutes, &e) < 0) req_error(r, "runbook", "%s", e.msg);
    }
    err_clear(&e);
    if (!f->tiers || str_eq(f->tiers, "[]")) req_error(r, "tiers", "Give at least one ticket tier, e.g. Standard | 0 for a free event.");
    else if (tiers_check(f->tiers, &e) < 0) req_error(r, "tiers", "%s", e.msg);
    err_clear(&e);
    if (packages_check(f->packages, &e) < 0) req_error(r, "packages", "%s", e.msg);
    err_clear(&e);
    SplitRule rule;
    if (!f->split_rule) req_error(r, "split_rule", "Say how the net income is shared, e.g. organiser | 50 and network | 50.");
    else if (split_rule_parse(f->split_rule, &rule, &e) < 0) req_error(r, "split_rule", "%s", e.msg);
    /* currencies must be ones the books keep */
    const char *lists[] = { f->tiers, f->packages };
    for (int k = 0; k < 2; k++) {
        json_error_t je;
        json_t *j = req_own(r, lists[k] ? json_loads(lists[k], 0, &je) : NULL);
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x) {
            const char *cur = json_string_value(json_object_get(x, "currency"));
            int known = cur ? currency_known(r->db, &e, cur) : 1;
            if (known < 0) return req_fail_err(r, &e);
            if (!known) req_error(r, k ? "packages" : "tiers", "%s is not a currency the books keep (EUR, USD, GBP, BRL, KES).", cur);
        }
    }
    return 0;
}

int apps_index(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    /* read whole, as the event form offers every format: the catalogue is the administrators' and the connectors' own */
    json_t *apps = paging_slice(&p, app_list(r->db, &e, r->me.id));
    if (!apps) return req_fail_err(r, &e);
    json_t *network = json_array(), *local = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(apps, i, a) {
        app_decorate(r, a);
        json_array_append(json_is_true(json_object_get(a, "is_local")) ? local : network, a);
    }
    req_set(r, "apps", apps);
    req_set(r, "_network", network);
    req_set(r, "_local", local);
    req_set_bool(r, "_can_publish", r->me.is_admin);
    paging_respond(r, &p);
    return req_page(r, "events/apps");
}

/* The format named slug, decorated, into the model as "app". */
static int app_model(Req *r, const char *slug)
{
    Err e = { 0 };
    json_t *app = NULL;
    int found = app_by_slug(r->db, &e, slug, &app);
    if (found < 0) return req_fail_err(r, &e);
    if (found) {
        app_decorate(r, app);
        req_set(r, "app", app);
    }
    return 0;
}

/* The catalog again, with the form's errors. */
static int app_create_again(Req *r)
{
    if (apps_index(r) < 0 && !req_has_errors(r)) return -1;
    return req_invalid(r, "events/apps");
}

int app_create(Req *r)
{
    Err e = { 0 };
    FormatSpec n = { .wanted_slug = req_input(r, "slug") };
    if (app_fields_read(r, &n.f, NULL) < 0) return -1;
    if (req_has_errors(r)) return app_create_again(r);
    if (format_publish(r->db, &e, r->arena, &n) < 0) {
        if (e.code != E_INVALID) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
        return app_create_again(r);
    }
    log_info("events: format %s published by %lld", n.f.slug, (long long)r->me.id);
    if (app_model(r, n.f.slug) < 0) return -1;
    return req_created(r, req_printf(r, "/apps/%s", n.f.slug), "The format is in the catalog.");
}

int app_show(Req *r)
{
    Err e = { 0 };
    json_t *app = json_incref(r->object);
    app_decorate(r, app);
    req_set(r, "app", app);
    json_t *events = app_events(r->db, &e, r->object_id, r->me.id, now_unix());
    if (!events) return req_fail_err(r, &e);
    event_decorate_all(r, events);
    req_set(r, "events", events);
    json_t *hosts = req_own(r, r->me.id ? hostable_chapters(r->db, &e, r->me.id, r->me.is_admin) : json_array());
    if (!hosts) return req_fail_err(r, &e);
    req_set_bool(r, "_can_host", json_array_size(hosts) > 0);
    req_set_bool(r, "_can_manage", r->object_manager);
    return req_page(r, "events/app");
}

int app_edit_form(Req *r)
{
    json_t *app = json_incref(r->object);
    app_decorate(r, app);
    req_set(r, "app", app);
    json_t *values = json_object();
    json_object_set(values, "name", json_object_get(app, "name"));
    json_object_set(values, "summary", json_object_get(app, "summary"));
    json_object_set(values, "description", json_object_get(app, "description"));
    for (size_t k = 0; k < APP_LISTS; k++)
        json_object_set(values, app_lists[k], json_object_get(app, req_printf(r, "_%s_lines", app_lists[k])));
    req_set(r, "values", values);
    return req_page(r, "events/app_edit");
}

int app_update(Req *r)
{
    Err e = { 0 };
    AppFields f = { 0 };
    if (app_fields_read(r, &f, r->object) < 0) return -1;
    if (req_has_errors(r)) {
        json_t *app = json_incref(r->object);
        app_decorate(r, app);
        req_set(r, "app", app);
        return req_invalid(r, "events/app_edit");
    }
    if (format_change(r->db, &e, r->object_id, &f) < 0) return req_fail_err(r, &e);
    if (app_model(r, ev_str(r, "slug")) < 0) return -1;
    return req_redirect(r, req_printf(r, "/apps/%s", ev_str(r, "slug")),
                        "Saved. Events created from now on follow the new version; existing events keep their rule.");
}

int app_copy(Req *r)
{
    Err e = { 0 };
    FormatCopy k = { .origin_slug = ev_str(r, "slug"), .by = r->me.id, .admin = r->me.is_admin, .by_name = r->me.name,
                     .name = req_input(r, "name") };
    if (format_copy(r->db, &e, r->arena, &k) < 0) return req_fail_err(r, &e);
    if (app_model(r, k.out.f.slug) < 0) return -1;
    /* the faces differ: people go on to adapt it; programs get the copy's own address */
    return req_created(r, req_printf(r, r->api ? "/apps/%s" : "/apps/%s/edit", k.out.f.slug), "Your copy is ready: adapt it to your chapter.");
}

/* ---------- calendars ---------- */

static IcalEvent ical_of(Req *r, json_t *ev, const char *host)
{
    const char *url = json_string_value(json_object_get(ev, "online_url"));
    const char *venue = json_string_value(json_object_get(ev, "venue"));
    const char *desc = markdown_plain(r->arena, json_string_value(json_object_get(ev, "description")));
    const char *chapter = json_string_value(json_object_get(ev, "chapter_slug"));
    return (IcalEvent){
        .uid = req_printf(r, "event-%lld@%s", (long long)json_integer_value(json_object_get(ev, "id")), host),
        .starts_at = json_integer_value(json_object_get(ev, "starts_at")),
        .ends_at = json_integer_value(json_object_get(ev, "ends_at")),
        .timezone = json_string_value(json_object_get(ev, "timezone")),
        .summary = json_string_value(json_object_get(ev, "title")),
        .organizer = ical_organizer(r, chapter, json_string_value(json_object_get(ev, "place_slug"))),
        .organizer_name = json_string_value(json_object_get(ev, !str_empty(chapter) ? "chapter" : "place")),
        .location = !str_empty(venue) ? venue : url,
        .url = req_printf(r, "%s/events/%s", r->app->public_url, json_string_value(json_object_get(ev, "slug"))),
        .description = req_printf(r, "%s: %s%s%s%s%s", json_string_value(json_object_get(ev, "app")),
                                  json_string_value(json_object_get(ev, "chapter") ? json_object_get(ev, "chapter") : json_object_get(ev, "place")),
                                  !str_empty(desc) ? "\n\n" : "", desc ? desc : "", !str_empty(url) ? "\nOnline: " : "", url ? url : ""),
        .sequence = json_integer_value(json_object_get(ev, "sequence")),
        .cancelled = str_eq(json_string_value(json_object_get(ev, "status")), "cancelled"),
    };
}

int event_calendar(Req *r)
{
    IcalEvent one = ical_of(r, r->object, ical_host(r));
    return ical_respond(r, ev_str(r, "title"), &one, 1);
}

int place_events_calendar(Req *r)
{
    Err e = { 0 };
    json_t *events = req_own(r, events_for_place_feed(r->db, &e, r->place_id, now_unix() - 90 * 86400));
    if (!events) return req_fail_err(r, &e);
    size_t n = json_array_size(events);
    IcalEvent *list = arena_alloc(r->arena, (n ? n : 1) * sizeof *list);
    const char *host = ical_host(r);
    for (size_t i = 0; i < n; i++) list[i] = ical_of(r, json_array_get(events, i), host);
    const char *place = json_string_value(json_object_get(r->place, "name"));
    return ical_respond(r, req_printf(r, "Events in %s", place ? place : req_param(r, "place")), list, (int)n);
}

static int load_event(Req *r, const char *slug, Err *e)
{
    return event_load(r->db, r->arena, e, slug, r->me.id, r->me.is_admin, &r->object, &r->object_id,
                      &r->object_manager);
}

static int load_app(Req *r, const char *slug, Err *e)
{
    return app_load(r->db, r->arena, e, slug, r->me.id, r->me.is_admin, &r->object, &r->object_id,
                    &r->object_manager);
}

static const PathLoader loaders[] = {
    { "event", N_("There is no event called \"%s\"."), load_event, N_("Only the organisers of this event can do this.") },
    { "app", N_("There is no event format called \"%s\"."), load_app, N_("Only the owner of this format can change it.") },
    { "registration", N_("There is no registration numbered \"%s\"."), NULL, NULL },
    { NULL },
};

const Feature events_feature = {
    .name = "events", .setup = events_register, .loaders = loaders, .reindex = events_reindex, .tick = events_tick,
};
