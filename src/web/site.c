/* site.c - about, health, static assets and the OpenAPI document. */
#include "web/model.h"
#include "web/site.h"

#include <string.h>

#include "base/embedded.h"
#include "base/str.h"
#include "web/app.h"

int about_show(Req *r)
{
    const char *about, *html;
    app_about(r->app, r->db, r->arena, &about, &html);
    model_set_html(req_model(r), "_about_html", html);
    req_set_bool(r, "has_about", !str_empty(about));
    return req_page(r, "about");
}

int health_show(Req *r)
{
    Err e = { 0 };
    int version = db_schema_version(r->db, &e);
    if (version < 0) return req_fail(r, E_UNAVAILABLE, "The database does not answer.");
    req_set_str(r, "status", "ok");
    req_set_int(r, "schema", version);
    req_set_str(r, "database", db_kind(r->app->db) == DB_SQLITE ? "sqlite" : "postgres");
    return req_page(r, "health");
}

static const char *mime_for(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return "application/octet-stream";
    if (strcmp(dot, ".css") == 0) return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0) return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0) return "image/svg+xml";
    if (strcmp(dot, ".png") == 0) return "image/png";
    if (strcmp(dot, ".ico") == 0) return "image/x-icon";
    if (strcmp(dot, ".woff2") == 0) return "font/woff2";
    if (strcmp(dot, ".json") == 0) return "application/json";
    return "application/octet-stream";
}

/* Serves an embedded file with its ETag (and its gzip made at build time, for
 * clients that take it: encoding.c); answers 304 when the client has it in
 * either form. */
static int serve_embedded(Req *r, const EmbeddedFile *f, const char *cache)
{
    r->cache_control = cache;
    req_raw(r, mime_for(f->name));
    if (req_not_modified(r, f->etag, 0)) return 0;
    r->static_body = f->data;
    r->static_len = f->len;
    r->static_gz = f->gz;
    r->static_gz_len = f->gz_len;
    return 0;
}

int asset_show(Req *r)
{
    const char *name = req_param(r, "file");
    if (strstr(name, "..")) return req_fail(r, E_NOT_FOUND, "There is no such file.");
    const EmbeddedFile *f = embedded_find(req_printf(r, "assets/%s", name));
    if (!f) return req_fail(r, E_NOT_FOUND, "There is no file called %s.", name);
    /* URLs carry ?v=<etag> from the templates, so they can be cached for long */
    return serve_embedded(r, f, req_query(r, "v") ? "public, max-age=31536000, immutable" : "public, max-age=300");
}

int openapi_show(Req *r)
{
    const EmbeddedFile *f = embedded_find("docs/openapi.json");
    if (!f) return req_fail(r, E_NOT_FOUND, "The API document is missing from this build.");
    return serve_embedded(r, f, "public, max-age=300");
}
