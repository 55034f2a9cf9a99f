/* app.h - the running web application: configuration and shared state.
 *
 * One App is made by `glocal serve` (and by tests). Everything in it is either
 * read-only after start-up or guarded by its own lock, so the worker threads
 * share it freely. */
#ifndef GLOCAL_APP_H
#define GLOCAL_APP_H

#include <pthread.h>
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "web/req.h"
#include "web/views.h"
#include "web/workers.h"

struct App {
    Db *db;
    Views *views;
    const char *public_url;     /* "http://localhost:8080": links in e-mails, Secure cookies if https */
    bool secure_cookies;
    unsigned char secret[32];   /* the node secret: keys CSRF tokens */
    size_t max_body;            /* bytes */
    size_t max_upload;          /* bytes, for F_UPLOAD routes (pictures) */
    bool access_log;
    Workers *hashing;           /* Argon2id hashing off the request threads: APP_HASH_THREADS, a bounded queue */
    Workers *remote;            /* requests that wait on other hosts (F_REMOTE): APP_REMOTE_THREADS, a bounded queue */
    pthread_mutex_t cache_lock; /* guards the cached settings below */
    char network_name[128];
    int language;               /* the network's default language (a Lang; the setting `language`) */
    char *about, *about_html;   /* the about text and its HTML (malloc'd) */
    bool cached;                /* the three above hold the settings of cached_version */
    int64_t cached_version;
};

/* Loads (or creates) the node secret and the signing key, compiles the views;
 * on failure nothing it made is left to release. */
int app_init(App *app, Db *db, const char *public_url, Err *e);
void app_release(App *app);

/* Sets the language of r's answer (r->lang, and the thread's: i18n_use): the
 * member's choice, else the visitor's (the glocal_lang cookie of the footer's
 * choice), else the best of Accept-Language, else the network's default.
 * Called by app_handle; again by a handler that changed the choice. */
void app_language_choose(Req *r);

/* Handles a request whose input is complete: routes it, applies the guard,
 * runs the handler and renders the response into r (status, headers, body). */
void app_handle(Req *r);
/* The pool r's whole request runs on, its connection suspended meanwhile:
 * the hashing pool when its route hashes a password (F_HASH), the remote pool
 * when it may wait on another host (F_REMOTE); NULL: on the server's thread. */
Workers *app_pool_of(Req *r);
/* The body that arrived in r->upload, by its Content-Type: a form
 * (application/x-www-form-urlencoded, into r->form in order) or a JSON object
 * (r->json); 0, or -1 with r->err (400 malformed, not UTF-8 or holding NUL; 413;
 * 415). Part of app_handle; public for tests/fuzz/fuzz_body.c. */
int app_parse_body(Req *r);
/* The most bytes the body of r (its method and path known) may hold:
 * max_upload for an F_UPLOAD route, else max_body. */
size_t app_body_limit(Req *r);

/* Settings that pages show (the network's name, the about text, its HTML)
 * are kept in the App, with the settings' version they were read at
 * (settings_version): each use reads that one number and reads the settings
 * again when it moved, so a change made through any server sharing the
 * database shows on the next page of every server. */

/* The network's name. */
void app_network_name(App *app, char *out, size_t n);
/* The same, reading through `c` (the request's connection) when it is stale. */
void app_network_name_via(App *app, DbConn *c, char *out, size_t n);
/* The network's default language (a Lang, base/i18n.h): the setting
 * `language`, English when unset; read through `c` when stale. */
int app_language(App *app, DbConn *c);
/* The about text and its HTML (Markdown rendered once per change), copied into a. */
void app_about(App *app, DbConn *c, Arena *a, const char **text, const char **html);
/* Forget cached settings (after an administrator changed them). */
void app_settings_changed(App *app);

/* Password hashing: threads of its own, and how many hashes may wait for them
 * (beyond: 503 with Retry-After at once). */
#define APP_HASH_THREADS 2
#define APP_HASH_QUEUE   8
/* Requests that wait on other hosts (F_REMOTE): threads of their own, and how
 * many may wait for them (beyond: 503 with Retry-After at once). */
#define APP_REMOTE_THREADS 4
#define APP_REMOTE_QUEUE   32
/* The request threads `glocal serve` starts by default: on SQLite one per core
 * (a request waits for nothing but the local disk: more threads than cores
 * only share the cores in time slices, and the slowest answers took two to
 * three times as long — bench/results/2026-12-07-threads.md); on PostgreSQL
 * at least APP_REQUEST_THREADS_PG, so that the threads waiting for the
 * database's answers leave others to compute. Nothing slow runs on them:
 * hashing and remote hosts have pools of their own. */
#define APP_REQUEST_THREADS_PG 12

#endif
