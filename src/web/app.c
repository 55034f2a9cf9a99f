/* app.c - request dispatch: route, body, guard, handler, face (see app.h). */
#include "web/app.h"
#include "settings/settings.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/markdown.h"
#include "base/str.h"
#include "web/feature.h"
#include "web/guard.h"
#include "web/multipart.h"
#include "web/replicas.h"
#include "web/respond.h"
#include "web/route.h"

static int load_secret_tx(DbConn *c, void *ctx, Err *e)
{
    App *app = ctx;
    Arena a;
    arena_init(&a, 1024);
    const char *hex = setting_get(c, &a, "node_secret", NULL);
    int rc = 0;
    if (!hex) {
        randombytes_buf(app->secret, sizeof app->secret);
        char out[sizeof app->secret * 2 + 1];
        sodium_bin2hex(out, sizeof out, app->secret, sizeof app->secret);
        rc = setting_put(c, e, "node_secret", out);
    } else if (sodium_hex2bin(app->secret, sizeof app->secret, hex, strlen(hex), NULL, NULL, NULL) != 0) {
        rc = err_set(e, E_INTERNAL, "The stored node secret is damaged.");
    }
    /* where the node is served, for links in mail written outside a request (operations that know no Req) */
    if (rc == 0 && app->public_url && !str_eq(setting_get(c, &a, "public_url", ""), app->public_url))
        rc = setting_put(c, e, "public_url", app->public_url);
    arena_release(&a);
    return rc;
}

int app_init(App *app, Db *db, const char *public_url, Err *e)
{
    for (size_t i = 0; i < feature_count; i++)
        if (features[i]->setup) features[i]->setup();
    memset(app, 0, sizeof *app);
    app->db = db;
    app->public_url = public_url;
    app->secure_cookies = str_starts(public_url, "https://");
    app->max_body = 1 << 20;
    app->max_upload = 6 << 20;
    app->access_log = true;
    pthread_mutex_init(&app->cache_lock, NULL);
    if (sodium_init() < 0) return err_set(e, E_INTERNAL, "libsodium failed to start.");
    app->hashing = workers_new(APP_HASH_THREADS, APP_HASH_QUEUE);
    app->remote = workers_new(APP_REMOTE_THREADS, APP_REMOTE_QUEUE);
    DbConn *c = db_acquire(db, e);
    int rc = c ? db_write(c, load_secret_tx, app, e) : -1;
    for (size_t i = 0; rc == 0 && i < feature_count; i++)
        if (features[i]->start) rc = db_write(c, features[i]->start, NULL, e);
    if (c) db_release(c);
    if (rc == 0) rc = views_load(&app->views, e);
    /* a node that does not start leaves nothing behind (the key file missing, a damaged secret) */
    if (rc < 0) app_release(app);
    return rc < 0 ? -1 : 0;
}

void app_release(App *app)
{
    views_free(app->views);
    workers_free(app->hashing);
    app->hashing = NULL;
    workers_free(app->remote);
    app->remote = NULL;
    pthread_mutex_destroy(&app->cache_lock);
    free(app->about);
    free(app->about_html);
}

/* Reads the settings again when their version (settings_version: one row)
 * moved since they were kept, or they were forgotten; called without
 * cache_lock, which it takes only to compare and to store. `c` may be NULL: a
 * connection is taken from the pool. On a database error the old values stay. */
static void settings_refresh(App *app, DbConn *c)
{
    Err e = { 0 };
    DbConn *own = c ? NULL : db_acquire(app->db, &e);
    if (!c && !own) return;
    DbConn *via = c ? c : own;
    int64_t version = settings_version(via);
    pthread_mutex_lock(&app->cache_lock);
    bool fresh = app->cached && (version < 0 || version == app->cached_version);
    bool same_about = app->about != NULL;
    pthread_mutex_unlock(&app->cache_lock);
    if (fresh) {
        if (own) db_release(own);
        return;
    }
    Arena a;
    arena_init(&a, 1024);
    const char *name = setting_get(via, &a, "network_name", "Glocal network");
    const char *about = setting_get(via, &a, "about", "");
    int lang = lang_of(setting_get(via, &a, "language", "en"));
    pthread_mutex_lock(&app->cache_lock);
    same_about = same_about && app->about && strcmp(app->about, about) == 0;
    pthread_mutex_unlock(&app->cache_lock);
    const char *html = same_about ? NULL : markdown_html(&a, about);   /* rendered outside the lock */
    pthread_mutex_lock(&app->cache_lock);
    snprintf(app->network_name, sizeof app->network_name, "%s", name);
    app->language = lang < 0 ? LANG_EN : lang;
    if (html) {
        free(app->about);
        free(app->about_html);
        app->about = xstrdup(about);
        app->about_html = xstrdup(html);
    }
    app->cached = true;
    app->cached_version = version;
    pthread_mutex_unlock(&app->cache_lock);
    arena_release(&a);
    if (own) db_release(own);
}

void app_network_name_via(App *app, DbConn *c, char *out, size_t n)
{
    settings_refresh(app, c);
    pthread_mutex_lock(&app->cache_lock);
    snprintf(out, n, "%s", app->network_name[0] ? app->network_name : "Glocal network");
    pthread_mutex_unlock(&app->cache_lock);
}

void app_network_name(App *app, char *out, size_t n)
{
    app_network_name_via(app, NULL, out, n);
}

int app_language(App *app, DbConn *c)
{
    settings_refresh(app, c);
    pthread_mutex_lock(&app->cache_lock);
    int l = app->language;
    pthread_mutex_unlock(&app->cache_lock);
    return l;
}

void app_about(App *app, DbConn *c, Arena *a, const char **text, const char **html)
{
    settings_refresh(app, c);
    pthread_mutex_lock(&app->cache_lock);
    *text = arena_strdup(a, app->about ? app->about : "");
    *html = arena_strdup(a, app->about_html ? app->about_html : "");
    pthread_mutex_unlock(&app->cache_lock);
}

void app_settings_changed(App *app)
{
    pthread_mutex_lock(&app->cache_lock);
    app->cached = false;
    pthread_mutex_unlock(&app->cache_lock);
}

/* application/x-www-form-urlencoded into r->form (in order). */
static int parse_form(Req *r)
{
    const char *s = buf_str(&r->upload);
    size_t n = r->upload.len;
    Field **tail = &r->form;
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&') end++;
        const char *eq = memchr(s + i, '=', end - i);
        size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
        if (klen) {
            char *k = str_url_decode(r->arena, s + i, klen);
            char *v = eq ? str_url_decode(r->arena, eq + 1, (size_t)((s + end) - (eq + 1))) : arena_strdup(r->arena, "");
            if (!k || !v) return req_fail(r, E_BAD_REQUEST, "The form data is not valid UTF-8 text.");
            Field *f = arena_alloc(r->arena, sizeof *f);
            f->name = k;
            f->value = v;
            *tail = f;
            tail = &f->next;
        }
        i = end + 1;
    }
    return 0;
}

static bool has_nul(json_t *v)
{
    if (json_is_string(v)) return strlen(json_string_value(v)) != json_string_length(v);
    if (json_is_array(v) || json_is_object(v)) {
        size_t i;
        json_t *x;
        const char *k;
        if (json_is_array(v)) {
            json_array_foreach(v, i, x) if (has_nul(x)) return true;
        } else {
            json_object_foreach(v, k, x) if (has_nul(x)) return true;
        }
    }
    return false;
}

int app_parse_body(Req *r)
{
    bool upload = r->route && (r->route->flags & F_UPLOAD);
    if (r->too_large && upload)
        return req_fail(r, E_TOO_LARGE, "The file is larger than this server takes (%zu MB): send a smaller one.",
                        r->app->max_upload >> 20);
    if (r->too_large && r->content_type && str_starts(r->content_type, "multipart/form-data"))
        return req_fail(r, E_TOO_LARGE, "The file is larger than this server takes (%zu KB with the form): split it into "
                        "smaller files and send each.", r->app->max_body / 1024);
    if (r->too_large)
        return req_fail(r, E_TOO_LARGE, "The request body is larger than the limit of %zu bytes.",
                        r->app->max_body);
    if (r->upload.len == 0) return 0;
    const char *ct = r->content_type ? r->content_type : "";
    if (str_starts(ct, "application/x-www-form-urlencoded")) return parse_form(r);
    if (str_starts(ct, "multipart/form-data")) {
        Err e = { 0 };
        return multipart_parse(r->arena, r->upload.data, r->upload.len, ct, upload, &r->form, &e) < 0 ? req_fail_err(r, &e) : 0;
    }
    /* ActivityPub's documents stay raw in r->upload: their handler verifies
     * the signature over the bytes as sent, then parses them */
    if (str_starts(ct, "application/activity+json") || str_starts(ct, "application/ld+json")) return 0;
    if (str_starts(ct, "application/json")) {
        json_error_t je;
        r->json = json_loadb(r->upload.data, r->upload.len, JSON_REJECT_DUPLICATES, &je);
        if (!r->json)
            return req_fail(r, E_BAD_REQUEST, "The JSON body is malformed: %s (line %d, column %d).", je.text,
                            je.line, je.column);
        if (!json_is_object(r->json))
            return req_fail(r, E_BAD_REQUEST, "The JSON body must be an object ({...}).");
        if (has_nul(r->json)) return req_fail(r, E_BAD_REQUEST, "Text in the JSON body may not contain NUL characters.");
        return 0;
    }
    r->status = 415;
    return req_fail(r, 415, "Send the body as application/json, application/x-www-form-urlencoded or multipart/form-data.");
}

/* The face (API or pages) and the path without /api/v1, in r. */
static void locate(Req *r)
{
    const char *p = r->full_path;
    if (str_starts(p, "/api/v1/") || strcmp(p, "/api/v1") == 0) {
        r->api = true;
        p += 7;
        if (!*p) p = "/";
    }
    /* one spelling per page: no trailing slash */
    size_t n = strlen(p);
    if (n > 1 && p[n - 1] == '/') p = arena_strndup(r->arena, p, n - 1);
    r->path = p;
}

size_t app_body_limit(Req *r)
{
    locate(r);
    int allowed = 0;
    const Route *rt = route_match(r, r->method, r->path, r->api, &allowed);
    return rt && (rt->flags & F_UPLOAD) && r->app->max_upload > r->app->max_body ? r->app->max_upload : r->app->max_body;
}

Workers *app_pool_of(Req *r)
{
    if (r->err.code) return NULL;
    locate(r);
    int allowed = 0;
    const Route *rt = route_match(r, r->method == M_HEAD ? M_GET : r->method, r->path, r->api, &allowed);
    return !rt ? NULL : (rt->flags & F_HASH) ? r->app->hashing : (rt->flags & F_REMOTE) ? r->app->remote : NULL;
}

/* The language of the answer: the member's choice, else the visitor's (the
 * footer's cookie), else the best of Accept-Language, else the network's
 * default; the thread speaks it until the answer is made. */
void app_language_choose(Req *r)
{
    int l = r->me.id ? lang_of(r->me.language) : -1;
    if (l < 0) l = lang_of(r->cookie_lang);
    if (l < 0) l = lang_negotiate(r->accept_language);
    if (l < 0) l = app_language(r->app, r->db);
    r->lang = l;
    i18n_use((Lang)l);
}

void app_handle(Req *r)
{
    int rc = -1;
    locate(r);
    if (r->err.code) goto done;   /* the server already refused it (or the hashing pool is full) */

    Err e = { 0 };
    /* with read replicas: one that has replayed the caller's last write (glocal_lsn) */
    int64_t wanted = r->cookie_lsn ? replicas_wanted_lsn(r) : 0;
    r->db = db_acquire_read(r->app->db, wanted, &e);
    if (!r->db) {
        rc = req_fail_err(r, &e);
        goto done;
    }
    db_read_batch(r->db);   /* one read transaction for the request (SQLite) */
    app_language_choose(r);   /* before knowing who asks, for the errors of identifying */
    int allowed = 0;
    r->route = route_match(r, r->method == M_HEAD ? M_GET : r->method, r->path, r->api, &allowed);
    if (guard_identify(r) < 0) goto done;
    if (r->me.id) app_language_choose(r);
    if (!r->route) {
        if (allowed) {
            Buf b;
            buf_init(&b, r->arena);
            for (int m = 1; m <= M_OPTIONS; m <<= 1)
                if (allowed & m) buf_printf(&b, "%s%s", b.len ? ", " : "", route_method_name(m));
            req_header(r, "Allow", buf_str(&b));
            rc = req_fail(r, 405, "This address does not accept %s (it accepts %s).",
                          route_method_name(r->method), buf_str(&b));
        } else {
            rc = req_fail(r, E_NOT_FOUND, "There is no page at %s.", r->full_path);
        }
        goto done;
    }
    if (app_parse_body(r) < 0 || guard_check(r) < 0) goto done;
    rc = r->route->handler(r);
    if (db_has_replicas(r->app->db)) replicas_remember_write(r, wanted);
done:
    respond(r, rc);
    if (!r->raw || r->err.code) {   /* pages, API answers and errors speak the language; files and feeds do not */
        r->lang_negotiated = true;
        req_header(r, "Content-Language", lang_code((Lang)r->lang));
    }
    i18n_use(LANG_EN);
    req_body_validate(r);
    /* the response is made: the connection (and its read transaction) goes
     * back now, not after the answer has travelled */
    db_release(r->db);
    r->db = NULL;
}
