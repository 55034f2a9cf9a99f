/* routes.c - handlers of apps (M4): the catalog of event formats, events made
 * from them, registration with its waitlist, tickets with their check-in code,
 * the organiser's desk, and the calendars. The money side is in money.c.
 *
 * The guard loads {event} and {app} (web/guard.c, with event_load and
 * app_load): an event the caller may not see is a 404 before any handler
 * runs, and F_MANAGER lets only its organisers through. The host of a new
 * event is named in the form, so event_create checks it against the chapters
 * and places the caller may host at.
 *
 * No two people take the last place: a registration runs in a transaction
 * that holds the event's lock (db_write_locked), counts the tickets and gives
 * a ticket or a place on the waitlist. Anything that also writes to the books
 * (a cancellation that refunds) takes the books' lock first, then the event's. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/zone.h"
#include "base/markdown.h"
#include "base/qr.h"
#include "base/str.h"
#include "mail/mail.h"
#include "events/events.h"
#include "events/internal.h"
#include "events/store.h"
#include "ledger/ledger.h"
#include "meetings/meetings.h"
#include "network/network.h"
#include "web/model.h"
#include "web/app.h"
#include "web/ical.h"

#define EVENTS_MAX 200
#define PAST_CREATE_SECONDS (30 * 86400)   /* an event held recently may still be recorded */

/* ---------- shared with money.c ---------- */

const char *ev_str(Req *r, const char *key)
{
    return json_string_value(json_object_get(r->object, key));
}

int64_t ev_int(Req *r, const char *key)
{
    return json_integer_value(json_object_get(r->object, key));
}

const char *event_url(Req *r)
{
    return req_printf(r, "/events/%s", ev_str(r, "slug"));
}

const char *money_text(Arena *a, int64_t amount, const char *currency, int64_t decimals)
{
    return arena_printf(a, "%s %s", amount_format(a, amount, "money", decimals), currency);
}

static json_t *visibility_options(const char *chosen)
{
    static const char *values[] = { "public", "network", "chapter" };
    static const char *labels[] = { "Everyone (a public page)", "Members of the network", "Members of the hosting chapters" };
    json_t *out = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", values[i], "label", labels[i], "selected",
                                             str_eq(values[i], chosen ? chosen : "public")));
    return out;
}

static const char *visibility_label(const char *v)
{
    if (str_eq(v, "network")) return "Members of the network";
    if (str_eq(v, "chapter")) return "Members of the hosting chapters";
    return "Everyone";
}

void event_decorate(Req *r, json_t *ev)
{
    const char *tz = json_string_value(json_object_get(ev, "timezone"));
    int64_t starts = json_integer_value(json_object_get(ev, "starts_at"));
    int64_t ends = json_integer_value(json_object_get(ev, "ends_at"));
    char date[11], hm[6], end_date[11], end_hm[6];
    time_local_parts(starts, tz, date, hm);
    time_local_parts(ends, tz, end_date, end_hm);
    json_object_set_new(ev, "starts_local", json_string(time_local_text(r->arena, starts, tz)));
    json_object_set_new(ev, "date_local", json_string(date));
    json_object_set_new(ev, "time_local", json_string(hm));
    json_object_set_new(ev, "end_date_local", json_string(end_date));
    json_object_set_new(ev, "end_time_local", json_string(end_hm));
    json_object_set_new(ev, "is_multiday", json_boolean(strcmp(date, end_date) != 0));
    static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    int month = atoi(date + 5);
    json_object_set_new(ev, "_day", json_integer(atoi(date + 8)));
    json_object_set_new(ev, "_month", json_string(months[month >= 1 && month <= 12 ? month - 1 : 0]));
    const char *slug = json_string_value(json_object_get(ev, "slug"));
    json_object_set_new(ev, "url", json_string(req_printf(r, "/events/%s", slug)));
    const char *chapter = json_string_value(json_object_get(ev, "chapter"));
    json_object_set_new(ev, "host", json_string(chapter ? chapter : json_string_value(json_object_get(ev, "place"))));
    json_object_set_new(ev, "host_url", json_string(chapter ? req_printf(r, "/chapters/%s", json_string_value(json_object_get(ev, "chapter_slug")))
                                                            : req_printf(r, "/places/%s", json_string_value(json_object_get(ev, "place_slug")))));
    int64_t capacity = json_integer_value(json_object_get(ev, "capacity"));
    int64_t tickets = json_integer_value(json_object_get(ev, "tickets"));
    int64_t left = capacity - tickets;
    json_object_set_new(ev, "places_left", json_integer(left > 0 ? left : 0));
    json_object_set_new(ev, "is_full", json_boolean(left <= 0));
    const char *status = json_string_value(json_object_get(ev, "status"));
    int64_t now = now_unix();
    json_object_set_new(ev, "is_open", json_boolean(str_eq(status, "open") && ends >= now));
    json_object_set_new(ev, "is_past", json_boolean(ends < now));
    json_object_set_new(ev, "is_closed", json_boolean(str_eq(status, "closed")));
    json_object_set_new(ev, "is_cancelled", json_boolean(str_eq(status, "cancelled")));
    json_object_set_new(ev, "visibility_label", json_string(visibility_label(json_string_value(json_object_get(ev, "visibility")))));
    /* the rule in force, as the list it is (it is kept as JSON text) */
    json_t *rule = json_object_get(ev, "split_rule");
    if (json_is_string(rule)) {
        json_error_t je;
        json_t *list = json_loads(json_string_value(rule), 0, &je);
        json_object_set_new(ev, "split_rule", json_is_array(list) ? list : json_array());
        if (!json_is_array(list)) json_decref(list);
    }
}

void event_decorate_all(Req *r, json_t *list)
{
    size_t i;
    json_t *ev;
    json_array_foreach(list, i, ev) event_decorate(r, ev);
}

/* ---------- formats ---------- */

static const char *app_lists[] = { "runbook", "tiers", "packages", "split_rule" };

/* Parses the JSON text columns of a format into lists for both faces, with the
 * texts pages need (prices, percentages, the agenda's clock offsets) and the
 * line form of each list for the edit form (keys with "_": pages only). */
static void app_decorate(Req *r, json_t *app)
{
    for (size_t k = 0; k < sizeof app_lists / sizeof *app_lists; k++) {
        const char *text = json_string_value(json_object_get(app, app_lists[k]));
        json_error_t je;
        json_t *list = text ? json_loads(text, 0, &je) : NULL;
        if (!json_is_array(list)) {
            json_decref(list);
            list = json_array();
        }
        json_object_set_new(app, req_printf(r, "_%s_lines", app_lists[k]), json_string(format_lines_text(r->arena, app_lists[k], text)));
        json_object_set_new(app, app_lists[k], list);
    }
    int64_t at = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(app, "runbook"), i, x) {
        json_object_set_new(x, "_at", json_string(req_printf(r, "%lld:%02lld", (long long)at / 60, (long long)at % 60)));
        at += json_integer_value(json_object_get(x, "minutes"));
    }
    json_object_set_new(app, "total_minutes", json_integer(at));
    json_object_set_new(app, "_duration", json_string(at % 60 ? req_printf(r, "%lldh%02lld", (long long)at / 60, (long long)at % 60)
                                                              : req_printf(r, "%lld hours", (long long)at / 60)));
    json_array_foreach(json_object_get(app, "tiers"), i, x) {
        int64_t minor = price_minor(json_string_value(json_object_get(x, "price")));
        json_object_set_new(x, "_price", json_string(minor == 0 ? "free"
                                                                 : money_text(r->arena, minor, json_string_value(json_object_get(x, "currency")), 2)));
    }
    json_array_foreach(json_object_get(app, "packages"), i, x) {
        int64_t minor = price_minor(json_string_value(json_object_get(x, "price")));
        json_object_set_new(x, "_price", json_string(money_text(r->arena, minor, json_string_value(json_object_get(x, "currency")), 2)));
    }
    Buf words;
    buf_init(&words, r->arena);
    int64_t offset = 0;   /* where each party's segment of the bar starts, in basis points */
    json_array_foreach(json_object_get(app, "split_rule"), i, x) {
        int64_t bp = json_integer_value(json_object_get(x, "share"));
        buf_printf(&words, "%s%s %lld%s%%", i ? ", " : "", split_party_label_lower(json_string_value(json_object_get(x, "party"))),
                   (long long)bp / 100, bp % 100 ? req_printf(r, ".%02lld", (long long)bp % 100) : "");
        json_object_set_new(x, "_label", json_string(split_party_label(json_string_value(json_object_get(x, "party")))));
        json_object_set_new(x, "_percent", json_string(bp % 100 ? req_printf(r, "%lld.%02lld", (long long)bp / 100, (long long)bp % 100)
                                                                : req_printf(r, "%lld", (long long)bp / 100)));
        json_object_set_new(x, "_slot", json_integer(split_party_slot(json_string_value(json_object_get(x, "party")))));
        json_object_set_new(x, "_x", json_string(req_printf(r, "%lld.%02lld", (long long)offset / 100, (long long)offset % 100)));
        offset += bp;
    }
    json_object_set_new(app, "_split_text", json_string(buf_str(&words)));
    json_object_set_new(app, "url", json_string(req_printf(r, "/apps/%s", json_string_value(json_object_get(app, "slug")))));
    model_set_markdown(app, "_description_html", r->arena, json_string_value(json_object_get(app, "description")));
    json_object_set_new(app, "is_local", json_boolean(json_integer_value(json_object_get(app, "owner_id")) != 0));
}

/* A list field: a JSON array in an API body, or the line form of a page's textarea.
 * NULL when absent; a field error when malformed. */
static const char *list_input(Req *r, const char *field)
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
static void app_fields_read(Req *r, AppFields *f, json_t *current)
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
    if (!f->summary) f->summary = "";
    if (!f->description) f->description = "";
    if (!f->runbook) f->runbook = "[]";
    if (!f->packages) f->packages = "[]";
    if (str_empty(f->name)) req_error(r, "name", "Name the format, e.g. \"Pitch night\".");
    else if (str_utf8_len(f->name) > 80) req_error(r, "name", "Please keep the name under 80 characters.");
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
        json_t *j = lists[k] ? json_loads(lists[k], 0, &je) : NULL;
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x) {
            const char *cur = json_string_value(json_object_get(x, "currency"));
            err_clear(&e);
            if (cur && currency_known(r->db, &e, cur) == 0)
                req_error(r, k ? "packages" : "tiers", "%s is not a currency the books keep (EUR, USD, GBP, BRL, KES).", cur);
        }
        json_decref(j);
    }
}

int apps_index(Req *r)
{
    Err e = { 0 };
    json_t *apps = app_list(r->db, &e, r->me.id);
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
    return req_page(r, "events/apps");
}

typedef struct NewApp {
    AppFields f;
    int64_t owner, origin, id;
} NewApp;

static int app_insert_tx(DbConn *c, void *ctx, Err *e)
{
    NewApp *n = ctx;
    return app_insert(c, e, &n->f, n->owner, n->origin, &n->id);
}

/* A slug for a new format: the one asked for, or one made from the name, made unique. */
static const char *app_new_slug(Req *r, const char *wanted, const char *name)
{
    Err e = { 0 };
    const char *base = !str_empty(wanted) ? wanted : str_slugify(r->arena, name);
    if (!str_slug_valid(base)) {
        req_error(r, "slug", "A short name of lower-case letters, digits and dashes, like pitch-night.");
        return NULL;
    }
    for (int n = 1; n < 100; n++) {
        const char *slug = n == 1 ? base : req_printf(r, "%s-%d", base, n);
        int taken = app_slug_taken(r->db, &e, slug);
        if (taken < 0) return NULL;
        if (!taken) return slug;
        if (!str_empty(wanted)) {
            req_error(r, "slug", "There is already a format at /apps/%s.", slug);
            return NULL;
        }
    }
    req_error(r, "slug", "Please choose a different name.");
    return NULL;
}

int app_create(Req *r)
{
    Err e = { 0 };
    NewApp n = { .owner = 0 };
    app_fields_read(r, &n.f, NULL);
    if (!req_has_errors(r)) n.f.slug = app_new_slug(r, req_input(r, "slug"), n.f.name);
    if (req_has_errors(r)) {
        if (apps_index(r) < 0 && !req_has_errors(r)) return -1;
        return req_invalid(r, "events/apps");
    }
    if (db_write(r->db, app_insert_tx, &n, &e) < 0) return req_fail_err(r, &e);
    log_info("events: format %s published by %lld", n.f.slug, (long long)r->me.id);
    json_t *app = NULL;
    if (app_by_slug(r->db, &e, n.f.slug, &app) > 0) {
        app_decorate(r, app);
        req_set(r, "app", app);
    }
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
    json_t *hosts = r->me.id ? hostable_chapters(r->db, &e, r->me.id, r->me.is_admin) : json_array();
    if (!hosts) return req_fail_err(r, &e);
    bool can_host = json_array_size(hosts) > 0;
    json_decref(hosts);
    req_set_bool(r, "_can_host", can_host);
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
    for (size_t k = 0; k < sizeof app_lists / sizeof *app_lists; k++)
        json_object_set(values, app_lists[k], json_object_get(app, req_printf(r, "_%s_lines", app_lists[k])));
    req_set(r, "values", values);
    return req_page(r, "events/app_edit");
}

static int app_save_tx(DbConn *c, void *ctx, Err *e)
{
    NewApp *n = ctx;
    return app_save(c, e, n->id, &n->f);
}

int app_update(Req *r)
{
    Err e = { 0 };
    NewApp n = { .id = r->object_id };
    app_fields_read(r, &n.f, r->object);
    if (req_has_errors(r)) {
        json_t *app = json_incref(r->object);
        app_decorate(r, app);
        req_set(r, "app", app);
        return req_invalid(r, "events/app_edit");
    }
    if (db_write(r->db, app_save_tx, &n, &e) < 0) return req_fail_err(r, &e);
    json_t *app = NULL;
    if (app_by_slug(r->db, &e, ev_str(r, "slug"), &app) > 0) {
        app_decorate(r, app);
        req_set(r, "app", app);
    }
    return req_redirect(r, req_printf(r, "/apps/%s", ev_str(r, "slug")),
                        "Saved. Events created from now on follow the new version; existing events keep their rule.");
}

int app_copy(Req *r)
{
    Err e = { 0 };
    json_t *hosts = hostable_chapters(r->db, &e, r->me.id, r->me.is_admin);
    if (!hosts) return req_fail_err(r, &e);
    size_t nhosts = json_array_size(hosts);
    json_decref(hosts);
    if (!nhosts) return req_fail(r, E_FORBIDDEN, "Only connectors adapt formats: start a chapter or become a connector of one first.");
    NewApp n = { .owner = r->me.id, .origin = r->object_id };
    json_t *app = r->object;
    const char *name = req_input(r, "name");
    n.f = (AppFields){
        .name = !str_empty(name) ? name : req_printf(r, "%s (%s)", json_string_value(json_object_get(app, "name")), r->me.name),
        .summary = json_string_value(json_object_get(app, "summary")),
        .description = json_string_value(json_object_get(app, "description")),
        .runbook = json_string_value(json_object_get(app, "runbook")),
        .tiers = json_string_value(json_object_get(app, "tiers")),
        .packages = json_string_value(json_object_get(app, "packages")),
        .split_rule = json_string_value(json_object_get(app, "split_rule")),
    };
    if (str_utf8_len(n.f.name) > 80) req_error(r, "name", "Please keep the name under 80 characters.");
    if (!req_has_errors(r)) n.f.slug = app_new_slug(r, NULL, n.f.name);
    if (req_has_errors(r)) return req_fail(r, E_INVALID, "%s", json_string_value(json_object_get(json_array_get(r->errors, 0), "message")));
    if (db_write(r->db, app_insert_tx, &n, &e) < 0) return req_fail_err(r, &e);
    json_t *copy = NULL;
    if (app_by_slug(r->db, &e, n.f.slug, &copy) > 0) {
        app_decorate(r, copy);
        req_set(r, "app", copy);
    }
    /* people go on to adapt it; programs get the copy's own address */
    return req_created(r, req_printf(r, r->api ? "/apps/%s" : "/apps/%s/edit", n.f.slug), "Your copy is ready: adapt it to your chapter.");
}

/* ---------- events ---------- */

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
    int64_t now = now_unix();
    json_t *events = event_list(r->db, &e, r->me.id, now, place_id, EVENTS_MAX);
    if (!events) return req_fail_err(r, &e);
    event_decorate_all(r, events);
    req_set(r, "events", events);
    json_t *past = event_list_past(r->db, &e, r->me.id, now, place_id, 20);
    if (!past) return req_fail_err(r, &e);
    event_decorate_all(r, past);
    req_set(r, "past", past);
    if (!r->api) {
        json_t *places = place_options(r->db, &e);
        if (!places) return req_fail_err(r, &e);
        size_t i;
        json_t *p;
        json_array_foreach(places, i, p)
            json_object_set_new(p, "selected", json_boolean(str_eq(json_string_value(json_object_get(p, "slug")), place)));
        req_set(r, "_places", places);
        json_t *hosts = r->me.id ? hostable_chapters(r->db, &e, r->me.id, r->me.is_admin) : json_array();
        if (!hosts) return req_fail_err(r, &e);
        req_set_bool(r, "_can_host", json_array_size(hosts) > 0);
        json_decref(hosts);
    }
    return req_page(r, "events/index");
}

/* The hosts a person may choose: "chapter:slug" for the chapters they run and
 * "place:slug" for the places above them (everything for an administrator). */
static json_t *host_options(Req *r, const char *chosen)
{
    Err e = { 0 };
    json_t *chapters = hostable_chapters(r->db, &e, r->me.id, r->me.is_admin);
    json_t *places = chapters ? hostable_places(r->db, &e, r->me.id, r->me.is_admin) : NULL;
    if (!places) {
        json_decref(chapters);
        req_fail_err(r, &e);
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(chapters, i, x) {
        const char *value = req_printf(r, "chapter:%s", json_string_value(json_object_get(x, "slug")));
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b, s:s, s:I, s:I}", "value", value, "label",
                                             json_string_value(json_object_get(x, "name")), "group", "Chapters you run",
                                             "selected", str_eq(value, chosen), "timezone", json_string_value(json_object_get(x, "timezone")),
                                             "id", json_integer_value(json_object_get(x, "id")), "place_id",
                                             json_integer_value(json_object_get(x, "metro_id"))));
    }
    json_array_foreach(places, i, x) {
        const char *value = req_printf(r, "place:%s", json_string_value(json_object_get(x, "slug")));
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b, s:s, s:I, s:I}", "value", value, "label",
                                             req_printf(r, "%s (%s)", json_string_value(json_object_get(x, "name")),
                                                        json_string_value(json_object_get(x, "kind"))),
                                             "group", "Places", "selected", str_eq(value, chosen), "timezone",
                                             json_string_value(json_object_get(x, "timezone")), "id", (json_int_t)0, "place_id",
                                             json_integer_value(json_object_get(x, "id"))));
    }
    json_decref(chapters);
    json_decref(places);
    return out;
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
    }
    req_set(r, "_apps", apps);
    json_t *hosts = host_options(r, host);
    if (!hosts) return -1;
    req_set(r, "_hosts", hosts);
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
    if (chosen) {
        json_object_set_new(values, "title", json_string(json_string_value(json_object_get(chosen, "name"))));
        json_object_set_new(values, "tiers", json_string(json_string_value(json_object_get(chosen, "_tiers_lines"))));
    }
    req_set(r, "values", values);
    return req_page(r, "events/new");
}

int event_create_in(DbConn *c, Err *e, EventSpec *n)
{
    if (event_insert(c, e, &n->f, &n->id) < 0) return -1;
    json_error_t je;
    json_t *tiers = json_loads(n->tiers, 0, &je);
    size_t i;
    json_t *t;
    int rc = 0;
    json_array_foreach(tiers, i, t) {
        if (rc == 0)
            rc = tier_insert(c, e, n->id, json_string_value(json_object_get(t, "name")),
                             price_minor(json_string_value(json_object_get(t, "price"))),
                             json_string_value(json_object_get(t, "currency")), (int64_t)i);
    }
    json_decref(tiers);
    for (int k = 0; rc == 0 && k < n->ncohosts; k++) rc = cohost_insert(c, e, n->id, n->cohosts[k]);
    /* the event's money waits in a basket of its host until the split */
    int64_t parent = 0, basket = 0;
    if (rc == 0) rc = account_of(c, e, n->host_kind, n->host_id, &parent);
    if (rc == 0) {
        char name[200];
        snprintf(name, sizeof name, "Event: %.80s (%s)", n->f.title, n->f.slug);
        rc = basket_insert(c, e, parent, name, "event", &basket);
    }
    if (rc == 0) rc = event_set_basket(c, e, n->id, basket);
    return rc;
}

static int event_insert_tx(DbConn *c, void *ctx, Err *e)
{
    return event_create_in(c, e, ctx);
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

int event_create(Req *r)
{
    Err e = { 0 };
    EventSpec n = { .f.organiser_id = r->me.id };
    const char *app_slug = req_input(r, "app"), *host = req_input(r, "host");
    json_t *app = NULL;
    if (str_empty(app_slug)) req_error(r, "app", "Choose the format of the event from the catalog.");
    else {
        int64_t app_id;
        bool owner;
        int found = app_load(r->db, r->arena, &e, app_slug, r->me.id, r->me.is_admin, &app, &app_id, &owner);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) req_error(r, "app", "There is no format called \"%s\" in the catalog.", app_slug);
        else n.f.app_id = app_id;
    }
    /* the host must be one the caller may choose */
    json_t *hosts = host_options(r, NULL);
    if (!hosts) {
        json_decref(app);
        return -1;
    }
    const char *tz = "UTC";
    size_t i;
    json_t *h;
    bool allowed = false;
    json_array_foreach(hosts, i, h) {
        if (!str_eq(json_string_value(json_object_get(h, "value")), host)) continue;
        allowed = true;
        tz = req_printf(r, "%s", json_string_value(json_object_get(h, "timezone")));
        n.host_kind = str_starts(host, "chapter:") ? "chapter" : "place";
        n.f.chapter_id = json_integer_value(json_object_get(h, "id"));
        n.f.place_id = n.f.chapter_id ? 0 : json_integer_value(json_object_get(h, "place_id"));
        n.host_id = n.f.chapter_id ? n.f.chapter_id : n.f.place_id;
    }
    json_decref(hosts);
    if (str_empty(host)) req_error(r, "host", "Choose who hosts the event: a chapter you run, or a place.");
    else if (!allowed) req_error(r, "host", "You can host at the chapters you run (as a connector) and the places above them.");
    n.f.timezone = tz;
    event_common_read(r, &n.f, NULL);
    event_times_read(r, tz, &n.f.starts_at, &n.f.ends_at, NULL);
    if (!req_has_errors(r) && n.f.starts_at < now_unix() - PAST_CREATE_SECONDS)
        req_error(r, "date", "That is more than 30 days ago; events are created ahead of time (or soon after, to record them).");
    /* tiers: the format's unless the form changes them */
    n.tiers = list_input(r, "tiers");
    if (!n.tiers && app) n.tiers = arena_strdup(r->arena, json_string_value(json_object_get(app, "tiers")));
    if (n.tiers) {
        if (str_eq(n.tiers, "[]")) req_error(r, "tiers", "Give at least one ticket tier, e.g. Standard | 0 for a free event.");
        else if (tiers_check(n.tiers, &e) < 0) req_error(r, "tiers", "%s", e.msg);
        err_clear(&e);
    }
    /* co-hosting chapters */
    const char *cohosts[16];
    int nc = req_input_all(r, "cohosts", cohosts, 16);
    for (int k = 0; k < nc; k++) {
        if (str_empty(cohosts[k])) continue;
        int64_t cid = 0;
        int found = chapter_id_by_slug(r->db, &e, cohosts[k], &cid, NULL);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) req_error(r, "cohosts", "There is no chapter called \"%s\".", cohosts[k]);
        else if (cid != n.f.chapter_id && n.ncohosts < 16) n.cohosts[n.ncohosts++] = cid;
    }
    if (str_eq(n.f.visibility, "chapter") && !n.f.chapter_id && !n.ncohosts)
        req_error(r, "visibility", "An event for chapter members needs a hosting chapter.");
    if (app) n.f.split_rule = arena_strdup(r->arena, json_string_value(json_object_get(app, "split_rule")));
    json_decref(app);
    if (!req_has_errors(r)) {
        char date[11], hm[6];
        time_local_parts(n.f.starts_at, tz, date, hm);
        const char *base = str_slugify(r->arena, req_printf(r, "%s %s", n.f.title, date));
        for (int k = 1; k < 100 && !n.f.slug; k++) {
            const char *slug = k == 1 ? base : req_printf(r, "%s-%d", base, k);
            int taken = event_slug_taken(r->db, &e, slug);
            if (taken < 0) return req_fail_err(r, &e);
            if (!taken) n.f.slug = slug;
        }
        if (!n.f.slug) req_error(r, "title", "Please choose a different title.");
    }
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, "events/new");
        if (event_form_model(r, app_slug, host) < 0) return -1;
        return req_invalid(r, "events/new");
    }
    if (db_write(r->db, event_insert_tx, &n, &e) < 0) return req_fail_err(r, &e);
    log_info("events: %s created by %lld", n.f.slug, (long long)r->me.id);
    json_t *ev = NULL;
    bool organiser;
    int64_t id;
    if (event_load(r->db, r->arena, &e, n.f.slug, r->me.id, r->me.is_admin, &ev, &id, &organiser) > 0) {
        event_decorate(r, ev);
        req_set(r, "event", ev);
    }
    return req_created(r, req_printf(r, "/events/%s", n.f.slug), "The event is published. Share its page; registrations show on your desk.");
}

/* The agenda of the event: the format's run-book with clock times from the start. */
static json_t *agenda(Req *r)
{
    Err e = { 0 };
    json_t *app = NULL;
    if (app_by_slug(r->db, &e, ev_str(r, "app_slug"), &app) <= 0) return json_array();
    json_error_t je;
    json_t *steps = json_loads(json_string_value(json_object_get(app, "runbook")), 0, &je);
    json_decref(app);
    if (!json_is_array(steps)) {
        json_decref(steps);
        return json_array();
    }
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

static void tiers_decorate(Req *r, json_t *tiers)
{
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t) {
        int64_t price = json_integer_value(json_object_get(t, "price"));
        json_object_set_new(t, "price_text", json_string(price ? money_text(r->arena, price, json_string_value(json_object_get(t, "currency")),
                                                                           json_integer_value(json_object_get(t, "decimals")))
                                                               : "Free"));
    }
}

/* The inline QR image of a registration's check-in: it opens the organiser's
 * desk with the code filled in. */
static const char *checkin_qr(Req *r, const char *slug, const char *code)
{
    const char *url = req_printf(r, "%s/events/%s/registrations?code=%s", r->app->public_url, slug, code);
    return qr_svg(r->arena, url, req_printf(r, "QR code for check-in code %s", code));
}

static void registration_decorate(Req *r, json_t *g, const char *event_slug)
{
    const char *status = json_string_value(json_object_get(g, "status"));
    int64_t price = json_integer_value(json_object_get(g, "price"));
    bool paid = json_is_true(json_object_get(g, "is_paid"));
    json_object_set_new(g, "is_ticket", json_boolean(str_eq(status, "ticket")));
    json_object_set_new(g, "is_waitlist", json_boolean(str_eq(status, "waitlist")));
    json_object_set_new(g, "is_cancelled", json_boolean(str_eq(status, "cancelled")));
    json_object_set_new(g, "is_unpaid", json_boolean(str_eq(status, "ticket") && price > 0 && !paid));
    json_object_set_new(g, "is_checked_in", json_boolean(json_integer_value(json_object_get(g, "checked_in_at")) != 0));
    json_object_set_new(g, "price_text", json_string(price ? money_text(r->arena, price, json_string_value(json_object_get(g, "currency")),
                                                                       json_integer_value(json_object_get(g, "decimals")))
                                                           : "Free"));
    const char *code = json_string_value(json_object_get(g, "code"));
    if (event_slug && str_eq(status, "ticket") && code) {
        const char *svg = checkin_qr(r, event_slug, code);
        if (svg) model_set_html(g, "_qr_html", svg);
    }
}

int event_show(Req *r)
{
    Err e = { 0 };
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    model_set_markdown(ev, "_description_html", r->arena, ev_str(r, "description"));
    req_set(r, "event", ev);
    json_t *tiers = event_tiers(r->db, &e, r->object_id);
    if (!tiers) return req_fail_err(r, &e);
    tiers_decorate(r, tiers);
    req_set(r, "tiers", tiers);
    json_t *cohosts = event_cohosts(r->db, &e, r->object_id);
    if (!cohosts) return req_fail_err(r, &e);
    req_set(r, "cohosts", cohosts);
    json_t *sponsors = event_sponsor_list(r->db, &e, r->object_id);
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
    json_decref(sponsors);
    req_set(r, "sponsors", shown);
    req_set(r, "_headline", headline);
    req_set(r, "_listed", listed);
    req_set(r, "_thanks", thanks);
    req_set(r, "agenda", agenda(r));
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

typedef struct EventWrite {
    DbTxFn fn;
    void *ctx;
    int64_t event;
} EventWrite;

static int event_write_tx(DbConn *c, void *ctx, Err *e)
{
    EventWrite *w = ctx;
    if (db_lock(c, EVENT_LOCK_BASE + w->event, e) < 0) return -1;
    return w->fn(c, w->ctx, e);
}

int event_write(Req *r, DbTxFn fn, void *ctx, Err *e)
{
    EventWrite w = { fn, ctx, r->object_id };
    return db_write_locked(r->db, LEDGER_LOCK_KEY, event_write_tx, &w, e);
}

typedef struct Change {
    int64_t id, by;
    EventFields f;
    bool moved, cancel;
    int64_t promoted, refunded;
    Arena *arena;
    const char *public_url;
} Change;

static int event_change_tx(DbConn *c, void *ctx, Err *e)
{
    Change *ch = ctx;
    json_t *ev = NULL;
    int rc = -1;
    if (event_brief(c, e, ch->id, &ev) <= 0) return -1;
    if (!str_eq(json_string_value(json_object_get(ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "This event is %s; it can no longer be changed.", json_string_value(json_object_get(ev, "status")));
        goto done;
    }
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    Actor actor = event_actor(ch->by, &basket);
    if (ch->cancel) {
        /* everyone's money goes back: tickets and sponsorships are reversed */
        json_t *regs = event_registration_list(c, e, ch->id);
        if (!regs) goto done;
        size_t i;
        json_t *g;
        json_array_foreach(regs, i, g) {
            int64_t tx = json_integer_value(json_object_get(g, "paid_tx")), rev = 0;
            if (json_is_true(json_object_get(g, "is_paid")) && tx) {
                if (ledger_reverse_entry(c, e, ch->arena, &actor, tx, ch->by, &rev) < 0 ||
                    registration_mark_refunded(c, e, json_integer_value(json_object_get(g, "id"))) < 0) {
                    json_decref(regs);
                    goto done;
                }
                ch->refunded++;
            }
        }
        json_decref(regs);
        json_t *sponsors = event_sponsor_list(c, e, ch->id);
        if (!sponsors) goto done;
        json_array_foreach(sponsors, i, g) {
            int64_t tx = json_integer_value(json_object_get(g, "tx_id")), rev = 0;
            if (tx && !json_is_true(json_object_get(g, "is_refunded"))) {
                if (ledger_reverse_entry(c, e, ch->arena, &actor, tx, ch->by, &rev) < 0) {
                    json_decref(sponsors);
                    goto done;
                }
                ch->refunded++;
            }
        }
        json_decref(sponsors);
        rc = event_set_status(c, e, ch->id, "cancelled");
        goto done;
    }
    int64_t tickets = 0;
    if (event_ticket_count(c, e, ch->id, &tickets) < 0) goto done;
    if (ch->f.capacity < tickets) {
        err_field(e, E_CONFLICT, "capacity", "%lld people hold tickets; the capacity cannot go below that (cancel registrations first).",
                  (long long)tickets);
        goto done;
    }
    if (event_save(c, e, ch->id, &ch->f, ch->moved) < 0) goto done;
    int promoted = waitlist_promote(c, e, ch->id, ch->f.capacity, ch->public_url);
    if (promoted < 0) goto done;
    ch->promoted = promoted;
    rc = 0;
done:
    json_decref(ev);
    return rc;
}

int event_update(Req *r)
{
    Err e = { 0 };
    json_t *current = json_deep_copy(r->object);
    event_decorate(r, current);
    Change ch = { .id = r->object_id, .by = r->me.id, .arena = r->arena, .public_url = r->app->public_url };
    const char *status = req_input(r, "status");
    ch.cancel = str_eq(status, "cancelled");
    if (status && !ch.cancel) req_error(r, "status", "An event is cancelled with status \"cancelled\"; closing it is done at /close.");
    if (!ch.cancel) {
        event_common_read(r, &ch.f, current);
        event_times_read(r, ev_str(r, "timezone"), &ch.f.starts_at, &ch.f.ends_at, current);
        ch.moved = ch.f.starts_at != ev_int(r, "starts_at") || ch.f.ends_at != ev_int(r, "ends_at") ||
                   !str_eq(ch.f.venue, ev_str(r, "venue")) || !str_eq(ch.f.online_url, ev_str(r, "online_url"));
        if (str_eq(ch.f.visibility, "chapter") && !ev_int(r, "chapter_id")) {
            json_t *co = event_cohosts(r->db, &e, r->object_id);
            if (!co) return req_fail_err(r, &e);
            if (json_array_size(co) == 0) req_error(r, "visibility", "An event for chapter members needs a hosting chapter.");
            json_decref(co);
        }
    }
    json_decref(current);
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, "events/edit");
        json_t *ev = json_incref(r->object);
        event_decorate(r, ev);
        req_set(r, "event", ev);
        req_set(r, "_visibilities", visibility_options(req_input(r, "visibility")));
        return req_invalid(r, "events/edit");
    }
    if (event_write(r, event_change_tx, &ch, &e) < 0) {
        if (e.field[0] && e.code == E_CONFLICT && !r->api) {
            req_error(r, e.field, "%s", e.msg);
            json_t *ev = json_incref(r->object);
            event_decorate(r, ev);
            req_set(r, "event", ev);
            req_set(r, "_visibilities", visibility_options(req_input(r, "visibility")));
            req_invalid(r, "events/edit");
            r->err.code = E_CONFLICT;
            return -1;
        }
        return req_fail_err(r, &e);
    }
    json_t *ev = NULL;
    bool organiser;
    int64_t id;
    if (event_load(r->db, r->arena, &e, ev_str(r, "slug"), r->me.id, r->me.is_admin, &ev, &id, &organiser) > 0) {
        event_decorate(r, ev);
        req_set(r, "event", ev);
    }
    if (ch.cancel)
        return req_redirect(r, event_url(r), req_printf(r, "The event is cancelled%s; calendars show it as cancelled.",
                                                         ch.refunded ? " and every payment was refunded" : ""));
    return req_redirect(r, event_url(r), ch.promoted ? req_printf(r, "Saved; %lld people moved up from the waitlist.", (long long)ch.promoted)
                                                     : "Saved. Calendars pick up the change.");
}

/* ---------- registration ---------- */

int waitlist_promote(DbConn *c, Err *e, int64_t event, int64_t capacity, const char *public_url)
{
    int promoted = 0;
    json_t *ev = NULL;
    if (event_brief(c, e, event, &ev) <= 0) return -1;
    for (;;) {
        int64_t tickets = 0;
        if (event_ticket_count(c, e, event, &tickets) < 0) break;
        if (tickets >= capacity) break;
        json_t *next = NULL;
        int found = waitlist_first(c, e, event, &next);
        if (found <= 0) {
            if (found == 0) err_clear(e);
            break;
        }
        int rc = registration_set_status(c, e, json_integer_value(json_object_get(next, "id")), "ticket");
        const char *email = json_string_value(json_object_get(next, "email"));
        if (rc >= 0 && email)
            rc = mail_queuef(c, e, email, "event_ticket", "{s:O, s:O, s:O, s:s, s:O}", "name",
                             json_object_get(next, "name"), "title", json_object_get(ev, "title"), "code",
                             json_object_get(next, "code"), "public_url", public_url, "slug", json_object_get(ev, "slug"));
        json_decref(next);
        if (rc < 0) break;
        promoted++;
    }
    json_decref(ev);
    return e->code ? -1 : promoted;
}

int event_signup(DbConn *c, Err *e, EventSignup *g)
{
    json_t *ev = NULL, *existing = NULL;
    int rc = -1;
    if (event_brief(c, e, g->event, &ev) <= 0) return -1;
    if (!str_eq(json_string_value(json_object_get(ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "This event is %s; registration has ended.", json_string_value(json_object_get(ev, "status")));
        goto done;
    }
    int found = registration_existing(c, e, g->event, g->user, g->email, &existing);
    if (found < 0) goto done;
    if (found) {
        err_set(e, E_CONFLICT, "%s registered for this event already (%s).", g->user ? "You are" : "That e-mail address is",
                str_eq(json_string_value(json_object_get(existing, "status")), "ticket") ? "with a ticket" : "on the waitlist");
        goto done;
    }
    int64_t tickets = 0;
    if (event_ticket_count(c, e, g->event, &tickets) < 0) goto done;
    g->status = tickets < json_integer_value(json_object_get(ev, "capacity")) ? "ticket" : "waitlist";
    for (int tries = 0; tries < 20; tries++) {
        g->code = checkin_code(g->arena);
        int taken = code_taken(c, e, g->event, g->code);
        if (taken < 0) goto done;
        if (!taken) break;
    }
    g->token = token_new(g->arena);
    Registration row = { g->event, g->tier, g->user, g->user ? NULL : g->email, g->name, g->status, g->code,
                         token_hash(g->arena, g->token) };
    if (registration_insert(c, e, &row, &g->id) < 0) goto done;
    if (str_eq(g->status, "waitlist") && waitlist_position(c, e, g->event, g->id, &g->position) < 0) goto done;
    const char *link = arena_printf(g->arena, "%s/tickets/%s", g->public_url, g->token);
    const char *title = json_string_value(json_object_get(ev, "title"));
    rc = mail_queuef(c, e, g->email, "event_registration", "{s:b, s:s, s:s, s:s, s:I, s:s}", "ticket",
                     str_eq(g->status, "ticket"), "name", g->name, "title", title, "code", g->code, "position",
                     (json_int_t)g->position, "link", link);
done:
    json_decref(ev);
    json_decref(existing);
    return rc;
}

static int register_tx(DbConn *c, void *ctx, Err *e)
{
    return event_signup(c, e, ctx);
}

int event_register(Req *r)
{
    Err e = { 0 };
    EventSignup g = { .event = r->object_id, .user = r->me.id, .arena = r->arena, .public_url = r->app->public_url };
    if (r->me.id) {
        g.name = r->me.name;
        g.email = r->me.email;
    } else {
        g.name = req_input(r, "name");
        g.email = req_input(r, "email");
        if (str_empty(g.name)) req_error(r, "name", "Please give your name, as it should read at the door.");
        else if (str_utf8_len(g.name) > 100) req_error(r, "name", "Please keep the name under 100 characters.");
        if (str_empty(g.email) || !str_email_valid(g.email)) req_error(r, "email", "Please give an e-mail address like ana@example.org; your ticket goes there.");
        else g.email = str_lower(r->arena, g.email);
    }
    json_t *tiers = event_tiers(r->db, &e, r->object_id);
    if (!tiers) return req_fail_err(r, &e);
    int64_t tier = 0;
    int got = req_input_int(r, "tier", &tier);
    if (got == 0 && json_array_size(tiers)) tier = json_integer_value(json_object_get(json_array_get(tiers, 0), "id"));
    bool known = false;
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t) if (json_integer_value(json_object_get(t, "id")) == tier) known = true;
    json_decref(tiers);
    if (got >= 0 && !known) req_error(r, "tier", "Choose one of the event's ticket tiers.");
    g.tier = tier;
    if (ev_int(r, "ends_at") < now_unix() || !str_eq(ev_str(r, "status"), "open"))
        return req_fail(r, E_CONFLICT, "Registration has ended: the event is %s.", str_eq(ev_str(r, "status"), "open") ? "over" : ev_str(r, "status"));
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, "events/show");
        int rc = event_show(r);
        if (rc < 0 && r->err.code) return rc;
        return req_invalid(r, "events/show");
    }
    if (db_write_locked(r->db, EVENT_LOCK_BASE + r->object_id, register_tx, &g, &e) < 0) return req_fail_err(r, &e);
    log_info("events: registration %lld for %s (%s)", (long long)g.id, ev_str(r, "slug"), g.status);
    const char *ticket_url = req_printf(r, "/tickets/%s", g.token);
    json_t *reg = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)g.id, "status", g.status, "code", g.code, "ticket_url", ticket_url);
    if (g.position) json_object_set_new(reg, "position", json_integer(g.position));
    req_set(r, "registration", reg);
    bool ticket = str_eq(g.status, "ticket");
    const char *flash = ticket ? req_printf(r, "You have a ticket. Your check-in code is %s.", g.code)
                               : req_printf(r, "The event is full: you are number %lld on the waitlist. A freed place goes to you in turn.",
                                            (long long)g.position);
    /* members find their ticket on the event page; guests on their own ticket page */
    return req_created(r, r->me.id ? event_url(r) : ticket_url, flash);
}

typedef struct Cancel {
    int64_t event, id, by, user;
    const char *token_hash, *public_url;
    bool refunded;
    Arena *arena;
} Cancel;

int registration_cancel_in(DbConn *c, Err *e, Arena *a, int64_t event, int64_t id, int64_t by, const char *public_url)
{
    json_t *g = NULL, *ev = NULL;
    int rc = -1;
    int found = registration_get(c, e, event, id, &g);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such registration for this event.");
        return -1;
    }
    if (event_brief(c, e, event, &ev) <= 0) goto done;
    if (!str_eq(json_string_value(json_object_get(ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "The event is %s; its registrations can no longer change.", json_string_value(json_object_get(ev, "status")));
        goto done;
    }
    const char *status = json_string_value(json_object_get(g, "status"));
    if (str_eq(status, "cancelled")) {
        err_set(e, E_CONFLICT, "That registration was cancelled already.");
        goto done;
    }
    int64_t paid_tx = json_integer_value(json_object_get(g, "paid_tx")), rev = 0;
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    Actor actor = event_actor(by, &basket);
    if (json_is_true(json_object_get(g, "is_paid")) && paid_tx) {
        if (ledger_reverse_entry(c, e, a, &actor, paid_tx, by, &rev) < 0 || registration_mark_refunded(c, e, id) < 0) goto done;
        rc = 1;
    }
    if (registration_set_status(c, e, id, "cancelled") < 0) {
        rc = -1;
        goto done;
    }
    if (str_eq(status, "ticket") && waitlist_promote(c, e, event, json_integer_value(json_object_get(ev, "capacity")), public_url) < 0) {
        rc = -1;
        goto done;
    }
    if (rc < 0) rc = 0;
done:
    json_decref(g);
    json_decref(ev);
    return rc;
}

static int cancel_tx(DbConn *c, void *ctx, Err *e)
{
    Cancel *k = ctx;
    if (!k->id) {
        json_t *g = NULL;
        int found = k->token_hash ? registration_by_token(c, e, k->token_hash, &g) : registration_of_user(c, e, k->event, k->user, &g);
        if (found <= 0) {
            if (!found) err_set(e, E_NOT_FOUND, k->token_hash ? "There is no ticket at this address." : "You are not registered for this event.");
            return -1;
        }
        k->id = json_integer_value(json_object_get(g, "id"));
        k->event = json_integer_value(json_object_get(g, "event_id"));
        json_decref(g);
        if (k->token_hash && db_lock(c, EVENT_LOCK_BASE + k->event, e) < 0) return -1;
    }
    int rc = registration_cancel_in(c, e, k->arena, k->event, k->id, k->by, k->public_url);
    if (rc > 0) k->refunded = true;
    return rc < 0 ? -1 : 0;
}

static const char *cancel_message(Cancel *k)
{
    return k->refunded ? "The registration is cancelled and its payment refunded (a reversal in the books)."
                       : "The registration is cancelled; the place goes to the next on the waitlist.";
}

int registration_withdraw(Req *r)
{
    Err e = { 0 };
    Cancel k = { .event = r->object_id, .user = r->me.id, .by = r->me.id, .arena = r->arena, .public_url = r->app->public_url };
    if (event_write(r, cancel_tx, &k, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "registration", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)k.id, "status", "cancelled", "is_refunded", k.refunded));
    return req_redirect(r, event_url(r), "Your registration is cancelled. Thank you for freeing the place.");
}

int registration_cancel(Req *r)
{
    Err e = { 0 };
    Cancel k = { .event = r->object_id, .id = req_id(r, "registration"), .by = r->me.id, .arena = r->arena,
                 .public_url = r->app->public_url };
    if (!k.id) return req_fail(r, E_NOT_FOUND, "There is no such registration for this event.");
    if (event_write(r, cancel_tx, &k, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "registration", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)k.id, "status", "cancelled", "is_refunded", k.refunded));
    return req_redirect(r, req_printf(r, "/events/%s/registrations", ev_str(r, "slug")), cancel_message(&k));
}

/* ---------- tickets ---------- */

static int ticket_load(Req *r, json_t **out)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    if (!token || strlen(token) < 20 || strlen(token) > 100) return req_fail(r, E_NOT_FOUND, "There is no ticket at this address.");
    int found = registration_by_token(r->db, &e, token_hash(r->arena, token), out);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no ticket at this address.");
    return 0;
}

int ticket_show(Req *r)
{
    json_t *g = NULL;
    if (ticket_load(r, &g) < 0) return -1;
    registration_decorate(r, g, json_string_value(json_object_get(g, "event_slug")));
    const char *tz = json_string_value(json_object_get(g, "timezone"));
    json_object_set_new(g, "starts_local", json_string(time_local_text(r->arena, json_integer_value(json_object_get(g, "starts_at")), tz)));
    json_object_set_new(g, "is_event_open", json_boolean(str_eq(json_string_value(json_object_get(g, "event_status")), "open")));
    if (json_is_true(json_object_get(g, "is_waitlist"))) {
        Err e = { 0 };
        int64_t pos = 0;
        if (waitlist_position(r->db, &e, json_integer_value(json_object_get(g, "event_id")), json_integer_value(json_object_get(g, "id")), &pos) < 0)
            return req_fail_err(r, &e);
        json_object_set_new(g, "position", json_integer(pos));
    }
    req_set(r, "ticket", g);
    req_set_str(r, "_token", req_param(r, "token"));
    req_header(r, "Referrer-Policy", "no-referrer");   /* the address is the credential */
    return req_page(r, "events/ticket");
}

int ticket_cancel(Req *r)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    if (!token || strlen(token) < 20 || strlen(token) > 100) return req_fail(r, E_NOT_FOUND, "There is no ticket at this address.");
    Cancel k = { .token_hash = token_hash(r->arena, token), .by = r->me.id ? r->me.id : 0, .arena = r->arena,
                 .public_url = r->app->public_url };
    if (db_write_locked(r->db, LEDGER_LOCK_KEY, cancel_tx, &k, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "registration", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)k.id, "status", "cancelled", "is_refunded", k.refunded));
    return req_redirect(r, req_printf(r, "/tickets/%s", token), cancel_message(&k));
}

/* ---------- the desk ---------- */

int event_registrations(Req *r)
{
    Err e = { 0 };
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    req_set(r, "event", ev);
    json_t *regs = event_registration_list(r->db, &e, r->object_id);
    if (!regs) return req_fail_err(r, &e);
    int64_t tickets = 0, waitlist = 0, checked = 0, unpaid = 0;
    size_t i;
    json_t *g;
    json_array_foreach(regs, i, g) {
        registration_decorate(r, g, NULL);
        if (json_is_true(json_object_get(g, "is_ticket"))) tickets++;
        if (json_is_true(json_object_get(g, "is_waitlist"))) waitlist++;
        if (json_is_true(json_object_get(g, "is_checked_in"))) checked++;
        if (json_is_true(json_object_get(g, "is_unpaid"))) unpaid++;
        if (json_is_true(json_object_get(g, "is_checked_in"))) {
            char date[11], hm[6];
            time_local_parts(json_integer_value(json_object_get(g, "checked_in_at")), ev_str(r, "timezone"), date, hm);
            json_object_set_new(g, "checked_in_local", json_string(hm));
        }
    }
    req_set(r, "registrations", regs);
    req_set(r, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I}", "tickets", (json_int_t)tickets, "waitlist", (json_int_t)waitlist,
                                   "checked_in", (json_int_t)checked, "unpaid", (json_int_t)unpaid, "capacity",
                                   (json_int_t)ev_int(r, "capacity")));
    const char *code = req_query(r, "code");
    if (!r->api && !json_object_get(r->model, "values"))
        req_set(r, "values", json_pack("{s:s}", "code", code ? code : ""));
    if (desk_money_model(r) < 0) return -1;
    return req_page(r, "events/desk");
}

typedef struct CheckIn {
    int64_t event;
    const char *code;
    json_t *reg;
} CheckIn;

static int checkin_tx(DbConn *c, void *ctx, Err *e)
{
    CheckIn *k = ctx;
    int found = registration_by_code(c, e, k->event, k->code, &k->reg);
    if (found <= 0) return found < 0 ? -1 : err_field(e, E_NOT_FOUND, "code", "No registration has the code %s. Check the letters again.", k->code);
    const char *status = json_string_value(json_object_get(k->reg, "status"));
    const char *name = json_string_value(json_object_get(k->reg, "name"));
    if (str_eq(status, "cancelled")) return err_field(e, E_CONFLICT, "code", "%s cancelled this registration.", name);
    if (str_eq(status, "waitlist")) return err_field(e, E_CONFLICT, "code", "%s is on the waitlist, without a ticket yet.", name);
    if (json_integer_value(json_object_get(k->reg, "price")) > 0 && !json_is_true(json_object_get(k->reg, "is_paid")))
        return err_field(e, E_CONFLICT, "code", "%s's ticket (%s) is not paid yet: confirm the payment first.", name,
                         json_string_value(json_object_get(k->reg, "tier")));
    int changed = registration_check_in(c, e, json_integer_value(json_object_get(k->reg, "id")));
    if (changed < 0) return -1;
    if (changed == 0) return err_field(e, E_CONFLICT, "code", "%s is checked in already.", name);
    return 0;
}

int event_checkin(Req *r)
{
    Err e = { 0 };
    CheckIn k = { .event = r->object_id, .code = checkin_normalise(r->arena, req_input(r, "code")) };
    if (str_empty(k.code)) req_error(r, "code", "Type the code on the ticket (six letters and digits).");
    else if (db_write_locked(r->db, EVENT_LOCK_BASE + r->object_id, checkin_tx, &k, &e) < 0) {
        if (!e.field[0]) {
            json_decref(k.reg);
            return req_fail_err(r, &e);
        }
        req_error(r, "code", "%s", e.msg);
        r->err.code = e.code;
    }
    if (req_has_errors(r)) {
        json_decref(k.reg);
        int code = r->err.code ? r->err.code : E_INVALID;
        if (r->api) {
            if (code == E_INVALID) return req_invalid(r, "events/desk");
            return req_fail(r, code, "%s", e.msg);
        }
        if (event_registrations(r) < 0) return -1;
        req_invalid(r, "events/desk");
        r->err.code = code;
        return -1;
    }
    const char *who = req_printf(r, "%s (%s)", json_string_value(json_object_get(k.reg, "name")), json_string_value(json_object_get(k.reg, "tier")));
    req_set(r, "registration", json_pack("{s:I, s:s, s:s}", "id", json_integer_value(json_object_get(k.reg, "id")), "name",
                                         json_string_value(json_object_get(k.reg, "name")), "tier", json_string_value(json_object_get(k.reg, "tier"))));
    json_decref(k.reg);
    return req_redirect(r, req_printf(r, "/events/%s/registrations", ev_str(r, "slug")), req_printf(r, "Checked in: %s. Welcome!", who));
}

/* ---------- calendars ---------- */

static IcalEvent ical_of(Req *r, json_t *ev, const char *host)
{
    const char *url = json_string_value(json_object_get(ev, "online_url"));
    const char *venue = json_string_value(json_object_get(ev, "venue"));
    const char *desc = json_string_value(json_object_get(ev, "description"));
    return (IcalEvent){
        .uid = req_printf(r, "event-%lld@%s", (long long)json_integer_value(json_object_get(ev, "id")), host),
        .starts_at = json_integer_value(json_object_get(ev, "starts_at")),
        .ends_at = json_integer_value(json_object_get(ev, "ends_at")),
        .timezone = json_string_value(json_object_get(ev, "timezone")),
        .summary = json_string_value(json_object_get(ev, "title")),
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
    return ical_respond(r, ev_str(r, "slug"), &one, 1);
}

int place_events_calendar(Req *r)
{
    Err e = { 0 };
    const char *slug = req_param(r, "place");
    json_t *events = events_for_place_feed(r->db, &e, r->place_id, now_unix() - 90 * 86400);
    if (!events) return req_fail_err(r, &e);
    size_t n = json_array_size(events);
    IcalEvent *list = arena_alloc(r->arena, (n ? n : 1) * sizeof *list);
    const char *host = ical_host(r);
    for (size_t i = 0; i < n; i++) list[i] = ical_of(r, json_array_get(events, i), host);
    int rc = ical_respond(r, req_printf(r, "%s-events", slug), list, (int)n);
    json_decref(events);
    return rc;
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
    { "event", "event", load_event, "Only the organisers of this event can do this." },
    { "app", "event format", load_app, "Only the owner of this format can change it." },
    { "registration", "registration", NULL, NULL },
    { NULL },
};

const Feature events_feature = { .name = "events", .setup = events_register, .loaders = loaders };
