/* respond.c - faces and the mapping of errors to responses (see respond.h). */
#include "web/respond.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/embedded.h"
#include "base/json_out.h"
#include "base/log.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/route.h"

/* Whether a key belongs to pages only: "_..." at any depth, and the form state
 * ("values", "next") at the top. */
static bool page_only(const char *key, int depth)
{
    return key[0] == '_' || (depth == 0 && (strcmp(key, "values") == 0 || strcmp(key, "next") == 0));
}

/* The model as JSON, without what only pages use. */
static void json_face(Req *r, json_t *model)
{
    buf_clear(&r->body);
    if (model) json_out(&r->body, model, page_only);
    else buf_adds(&r->body, "{}");
    buf_addc(&r->body, '\n');
    r->content_type_out = "application/json; charset=utf-8";
}

/* Addresses only programs read (the API, ActivityPub, WebFinger, NodeInfo):
 * their errors are problem+json, never a page. */
static bool machine_path(const char *p)
{
    return str_starts(p, "/api/") || str_starts(p, "/ap/") || str_starts(p, "/.well-known/") || str_starts(p, "/nodeinfo/");
}

/* Feeds, calendars and exports: feed readers, calendar programs and scripts
 * read them, so their errors are problem+json too, unless the client takes
 * pages (a person who followed the link in a browser gets the page). */
static bool feed_error_for_program(Req *r)
{
    static const char *const types[] = { ".atom", ".ics", ".csv", ".journal" };
    const char *p = r->path ? r->path : r->full_path, *dot = strrchr(p, '.');
    bool feed = str_starts(p, "/calendar/");
    for (size_t i = 0; dot && !feed && i < sizeof types / sizeof *types; i++) feed = str_eq(dot, types[i]);
    if (!feed) return false;
    const char *accept = req_header_in(r, "Accept");
    return !accept || !strstr(accept, "text/html");
}

static const char *flash_text(Req *r)
{
    if (r->flash) return r->flash;
    if (!r->cookie_flash || !*r->cookie_flash) return NULL;
    char *t = str_url_decode(r->arena, r->cookie_flash, strlen(r->cookie_flash));
    req_cookie(r, "glocal_flash", "", 0);
    return t && *t && strlen(t) < 400 ? t : NULL;
}

/* The version tag of an embedded asset for cache-busting URLs ("" if absent). */
static const char *asset_version(const char *name)
{
    const EmbeddedFile *f = embedded_find(name);
    static _Thread_local char v[32];
    if (!f) return "";
    snprintf(v, sizeof v, "%.*s", (int)strlen(f->etag) - 2, f->etag + 1);
    return v;
}

/* Pages show times in words: every integer member named ..._at gets siblings
 * ..._at_text ("21 Nov 2026", the day in the time zone of the nearest object
 * that names one — a meeting's, an event's, a chapter's — else the page's
 * chapter's or place's, else UTC) and ..._at_iso (the UTC instant, for <time datetime>). */
static void add_time_texts(json_t *v, int depth, const char *tz)
{
    if (depth > 8) return;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) add_time_texts(x, depth + 1, tz);
        return;
    }
    if (!json_is_object(v)) return;
    const char *own = json_string_value(json_object_get(v, "timezone"));
    if (own && timezone_known(own)) tz = own;
    const char *k;
    json_t *x;
    void *tmp;
    json_t *extra = NULL;
    json_object_foreach_safe(v, tmp, k, x) {
        size_t n = strlen(k);
        if (json_is_integer(x) && n > 3 && strcmp(k + n - 3, "_at") == 0) {
            time_t t = (time_t)json_integer_value(x);
            struct tm tm;
            gmtime_r(&t, &tm);
            char text[32], iso[32], key[96];
            time_local_day((int64_t)t, tz, text, sizeof text);
            strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
            if (!extra) extra = json_object();
            snprintf(key, sizeof key, "%s_text", k);
            json_object_set_new(extra, key, json_string(text));
            snprintf(key, sizeof key, "%s_iso", k);
            json_object_set_new(extra, key, json_string(iso));
        } else if (json_is_object(x) || json_is_array(x)) {
            add_time_texts(x, depth + 1, tz);
        }
    }
    if (extra) {
        json_object_update(v, extra);
        json_decref(extra);
    }
}

/* The zone of the page's chapter, else of its place, else UTC. */
static const char *page_zone(Req *r)
{
    const char *tz = json_string_value(json_object_get(r->chapter, "timezone"));
    if (!tz) tz = json_string_value(json_object_get(r->place, "timezone"));
    return tz && timezone_known(tz) ? tz : "UTC";
}

static void page_context(Req *r, json_t *m)
{
    add_time_texts(m, 0, page_zone(r));
    /* links carry "next" URL-encoded (?next={{next_q}}); forms carry it as a field */
    const char *next = json_string_value(json_object_get(m, "next"));
    if (next && *next) {
        Buf q;
        buf_init(&q, r->arena);
        str_url_encode(&q, next);
        json_object_set_new(m, "next_q", json_string(buf_str(&q)));
    }
    App *app = r->app;
    if (r->me.id)
        json_object_set_new(m, "me", json_pack("{s:I, s:s, s:b}", "id", (json_int_t)r->me.id, "name",
                                               r->me.name ? r->me.name : "", "is_admin", r->me.is_admin));
    const char *flash = flash_text(r);
    if (flash) json_object_set_new(m, "flash", json_string(flash));
    json_object_set_new(m, "path", json_string(r->full_path ? r->full_path : "/"));
    /* <html lang>, and the footer's choice of language */
    json_object_set_new(m, "lang", json_string(lang_code((Lang)r->lang)));
    json_t *langs = json_array();
    for (int l = 0; l < LANG_COUNT; l++)
        json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "code", lang_code((Lang)l), "name", lang_name((Lang)l),
                                               "is_selected", l == r->lang));
    json_object_set_new(m, "_languages", langs);
    char network[128];
    app_network_name_via(app, r->db, network, sizeof network);
    json_object_set_new(m, "network_name", json_string(network));
    const char *p = r->path ? r->path : "/";
    json_t *nav = json_object();
    size_t plen = strlen(p);
    if (str_starts(p, "/growth") || (plen > 7 && strcmp(p + plen - 7, "/growth") == 0)) json_object_set_new(nav, "growth", json_true());
    else if (str_starts(p, "/chapters")) json_object_set_new(nav, "chapters", json_true());
    else if (str_starts(p, "/places") || str_starts(p, "/sectors")) json_object_set_new(nav, "places", json_true());
    else if (str_starts(p, "/members")) json_object_set_new(nav, "members", json_true());
    else if (str_starts(p, "/events") || str_starts(p, "/apps") || str_starts(p, "/tickets")) json_object_set_new(nav, "events", json_true());
    else if (str_starts(p, "/ledger") || str_starts(p, "/organisations")) json_object_set_new(nav, "ledger", json_true());
    else if (str_starts(p, "/governance") || str_starts(p, "/committees") || str_starts(p, "/matters") ||
             str_starts(p, "/polls") || str_starts(p, "/decisions") || str_starts(p, "/elections"))
        json_object_set_new(nav, "governance", json_true());
    else if (str_starts(p, "/commons") || str_starts(p, "/stories")) json_object_set_new(nav, "commons", json_true());
    else if (str_starts(p, "/search")) json_object_set_new(nav, "search", json_true());
    else if (str_starts(p, "/admin")) json_object_set_new(nav, "admin", json_true());
    else if (str_starts(p, "/me")) json_object_set_new(nav, "me", json_true());
    else if (strcmp(p, "/") == 0) json_object_set_new(nav, "home", json_true());
    json_object_set_new(m, "nav", nav);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    json_object_set_new(m, "year", json_integer(tm.tm_year + 1900));
    json_object_set_new(m, "css_v", json_string(asset_version("assets/app.css")));
    json_object_set_new(m, "js_v", json_string(asset_version("assets/app.js")));
}

/* Values a template may ask for that are made only then: "csrf" (a form's
 * token; for a visitor without one it sets the anonymous cookie). Kept in the
 * model, which outlives the render. */
static json_t *late_value(void *ctx, const char *name)
{
    Req *r = ctx;
    if (strcmp(name, "csrf") != 0) return NULL;
    const char *token = guard_csrf(r);
    if (!token) return NULL;
    json_t *v = json_string(token);
    json_object_set_new(r->model, "csrf", v);
    return v;
}

static void html_face(Req *r, const char *view)
{
    App *app = r->app;
    json_t *m = req_model(r);
    page_context(r, m);
    buf_clear(&r->body);
    if (views_render(app->views, view, m, late_value, r, &r->body) < 0) {
        log_error("no view called %s", view);
        r->status = 500;
        buf_clear(&r->body);
        buf_adds(&r->body, "<!doctype html><title>Error</title><p>This page is missing its template.</p>");
    }
    r->content_type_out = "text/html; charset=utf-8";
}

static void redirect(Req *r, int status, const char *location, const char *flash)
{
    r->status = status;
    req_header(r, "Location", location);
    if (flash) {
        Buf b;
        buf_init(&b, r->arena);
        str_url_encode(&b, flash);
        req_cookie(r, "glocal_flash", buf_str(&b), 60);
    }
    buf_clear(&r->body);
    r->content_type_out = "text/plain; charset=utf-8";
    buf_printf(&r->body, "See %s\n", location);
}

/* The values a person typed, to put back in a form shown again (never passwords or tokens). */
static json_t *echo_values(Req *r)
{
    json_t *v = json_object();
    for (Field *f = r->form; f; f = f->next) {
        if (strstr(f->name, "password") || f->name[0] == '_' || f->is_bytes) continue;
        if (!json_object_get(v, f->name)) json_object_set_new(v, f->name, json_string(f->value));
    }
    return v;
}

/* Shows a form again with what was typed and a message at each field at fault. */
static void form_again(Req *r, int code, const char *msg)
{
    json_t *m = req_model(r);
    json_object_set(m, "errors", r->errors);
    json_t *by = json_object();
    size_t i;
    json_t *it;
    json_array_foreach(r->errors, i, it)
        json_object_set(by, json_string_value(json_object_get(it, "field")), json_object_get(it, "message"));
    json_object_set_new(m, "error_for", by);
    if (!json_object_get(m, "values") || r->form) json_object_set_new(m, "values", echo_values(r));
    json_object_set_new(m, "error_summary", json_string(msg));
    html_face(r, r->view);
    r->status = code;
}

static void error_face(Req *r)
{
    Err *e = &r->err;
    int code = e->code ? e->code : 500;
    if (code >= 500) log_error("%s %s: %d %s", route_method_name(r->method), r->full_path, code, e->msg);
    const char *msg = e->msg[0] ? e->msg : err_title(code);
    if (code == E_INTERNAL) msg = _("Something went wrong on our side. It has been logged; please try again.");
    r->status = code;
    if (e->retry_after > 0) req_header(r, "Retry-After", req_printf(r, "%d", e->retry_after));
    if (r->api || machine_path(r->full_path) || feed_error_for_program(r)) {
        json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", err_reason(code),
                              "status", code, "detail", msg);
        if (r->errors) json_object_set(p, "errors", r->errors);
        json_face(r, p);
        json_decref(p);
        r->content_type_out = "application/problem+json";
        return;
    }
    if (r->view && r->errors && code < 500) {
        form_again(r, code, msg);
        return;
    }
    if (code == E_UNAUTHORIZED && !r->authorization) {   /* people log in; programs get the 401 */
        Buf b;
        buf_init(&b, r->arena);
        buf_adds(&b, "/login?next=");
        str_url_encode(&b, r->method == M_GET ? r->full_path : "/");
        redirect(r, 303, buf_str(&b), _("Please log in to continue."));
        return;
    }
    if (code == E_FORBIDDEN && r->location) {
        redirect(r, 303, r->location, msg);
        return;
    }
    json_decref(r->model);
    r->model = json_pack("{s:i, s:s, s:s}", "status", code, "title", err_title(code), "message", msg);
    if (code == E_NOT_FOUND) json_object_set_new(r->model, "is_not_found", json_true());
    html_face(r, "error");
    r->status = code;
}

void respond(Req *r, int rc)
{
    if (rc < 0 || r->err.code) {
        error_face(r);
        return;
    }
    if (r->raw) return;
    if (r->location) {
        if (r->api) {
            if (r->status == 201)   /* the resource, without the page's #fragment */
                req_header(r, "Location", req_printf(r, "/api/v1%.*s", (int)strcspn(r->location, "#"), r->location));
            if (r->flash && !json_object_get(req_model(r), "message"))
                req_set_str(r, "message", r->flash);
            json_face(r, r->model);
        } else {
            redirect(r, 303, r->location, r->flash);
        }
        return;
    }
    if (!r->status) r->status = 200;
    if (r->api) json_face(r, r->model);
    else html_face(r, r->view ? r->view : "error");
}
