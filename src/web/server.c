/* server.c - libmicrohttpd glue (see server.h).
 *
 * The access handler is called several times per request: first with no
 * context (we make the Req), then with slices of the body (appended within the
 * size limit), then once more with nothing left to read, when the request is
 * handled and the response queued. Queuing on that later call, not the first,
 * keeps HTTP keep-alive working. A request whose route hashes a password
 * (F_HASH), or may wait on another host (F_REMOTE), is not handled on the
 * server's thread: its connection is suspended, a worker of the hashing (or
 * remote) pool handles it and resumes the connection, and libmicrohttpd calls
 * once more, when the response made meanwhile is queued; a burst of logins or
 * a slow peer thus holds none of the threads that answer everyone else. The Req, its arena and its database
 * connection are released by the completion callback, after the response has
 * been sent: responses point into the arena without copying. */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "base/str.h"
#include "web/encoding.h"
#include "web/gate.h"
#include "web/route.h"

static atomic_int in_flight;
static atomic_int offloaded;           /* requests on the hashing or remote pool, their connections suspended */
static const ServerOptions *running;   /* the options of the server this process runs */
static Gate *gate;

static const char *hdr(struct MHD_Connection *c, enum MHD_ValueKind kind, const char *name)
{
    return MHD_lookup_connection_value(c, kind, name);
}

typedef struct QueryCtx {
    Req *r;
    bool bad;
} QueryCtx;

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    QueryCtx *q = cls;
    Req *r = q->r;
    if (!value) value = "";
    if (!str_utf8_valid(key, strlen(key)) || !str_utf8_valid(value, strlen(value))) {
        q->bad = true;
        return MHD_NO;
    }
    Field *f = arena_alloc(r->arena, sizeof *f);
    f->name = arena_strdup(r->arena, key);
    f->value = arena_strdup(r->arena, value);
    f->next = r->query;
    r->query = f;
    return MHD_YES;
}

typedef struct Forwarded {
    Buf list;
    int lines;
} Forwarded;

static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    Forwarded *f = cls;
    if (strcasecmp(key, "X-Forwarded-For") != 0 || !value) return MHD_YES;
    if (f->lines++) buf_adds(&f->list, ",");
    buf_adds(&f->list, value);
    return MHD_YES;
}

/* The client's address: the peer's, or, from a trusted proxy, the one
 * X-Forwarded-For gives (every line of it, in order; see proxy.h). */
static const char *client_ip(Req *r, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    Addr peer;
    if (!ci || !addr_from_sockaddr(ci->client_addr, &peer)) return "unknown";
    Addr client = peer;
    if (running && proxies_trust(&running->proxies, &peer)) {
        Forwarded f = { .lines = 0 };
        buf_init(&f.list, r->arena);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_forwarded, &f);
        client = proxies_client(&running->proxies, &peer, f.lines ? buf_str(&f.list) : NULL);
    }
    char text[ADDR_TEXT];
    return arena_strdup(r->arena, addr_text(&client, text));
}

static Req *req_new(App *app, struct MHD_Connection *conn, const char *url, const char *method)
{
    Arena *a = xmalloc(sizeof *a);
    arena_init(a, 16384);
    Req *r = arena_alloc(a, sizeof *r);
    r->arena = a;
    r->app = app;
    r->started_usec = now_usec();
    r->method = route_method_parse(method);
    r->full_path = arena_strdup(a, url);
    buf_init(&r->upload, a);
    buf_init(&r->body, a);
    const char *len = hdr(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    int64_t n;
    r->body_limit = app_body_limit(r);
    if (len && str_to_i64(len, &n) && (n < 0 || (size_t)n > r->body_limit)) r->too_large = true;
    return r;
}

static void fill_request(Req *r, struct MHD_Connection *conn)
{
    Arena *a = r->arena;
#define COPY(dst, kind, name) do { const char *v_ = hdr(conn, kind, name); r->dst = v_ ? arena_strdup(a, v_) : NULL; } while (0)
    COPY(content_type, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    COPY(authorization, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    COPY(csrf_header, MHD_HEADER_KIND, "X-CSRF-Token");
    COPY(if_none_match, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    COPY(if_modified_since, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
    r->accept_gzip = accept_encoding_gzip(hdr(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
    COPY(user_agent, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
    COPY(idempotency_key, MHD_HEADER_KIND, "Idempotency-Key");
    COPY(cookie_session, MHD_COOKIE_KIND, "glocal_session");
    COPY(cookie_anon, MHD_COOKIE_KIND, "glocal_csrf");
    COPY(cookie_flash, MHD_COOKIE_KIND, "glocal_flash");
    COPY(cookie_device, MHD_COOKIE_KIND, "glocal_device");
    COPY(cookie_lsn, MHD_COOKIE_KIND, "glocal_lsn");
    COPY(cookie_lang, MHD_COOKIE_KIND, "glocal_lang");
    COPY(accept_language, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
#undef COPY
    r->ip = client_ip(r, conn);
    r->conn = conn;
}

const char *req_header_in(Req *r, const char *name)
{
    const char *v = r->conn ? hdr(r->conn, MHD_HEADER_KIND, name) : NULL;
    return v ? arena_strdup(r->arena, v) : NULL;
}

static bool header_set(const Req *r, const char *name)
{
    for (const Field *f = r->headers_out; f; f = f->next)
        if (strcasecmp(f->name, name) == 0) return true;
    return false;
}

/* Defaults a handler may tighten (a ticket's page sends no referrer at all). */
static void add_security_headers(const Req *r, struct MHD_Response *resp, bool html)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (!header_set(r, "Referrer-Policy")) MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    if (html)
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'");
    else
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; frame-ancestors 'none'");
}

/* The path as the access log shows it: a secret in it (a ticket's or an
 * invitation's token, a calendar feed's key) is left out, so that the log does
 * not hand out what the address grants. */
static const char *logged_path(Req *r)
{
    const char *path = r->full_path ? r->full_path : "";
    const char *secret = r->route ? req_param(r, "token") : NULL;
    const char *at = secret && strlen(secret) >= 8 ? strstr(path, secret) : NULL;
    if (!at) return path;
    return req_printf(r, "%.*s[secret]%s", (int)(at - path), path, at + strlen(secret));
}

static enum MHD_Result send_response(Req *r, struct MHD_Connection *conn)
{
    if (!r->content_type_out) r->content_type_out = "text/plain; charset=utf-8";
    Wire w = wire_encode(r);   /* gzip when the client takes it (encoding.c) */
    struct MHD_Response *resp = MHD_create_response_from_buffer(w.len, (void *)w.data, MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    const char *ct = r->content_type_out;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
    add_security_headers(r, resp, str_starts(ct, "text/html"));
    if (w.gzip) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    /* pages and API answers are in the language negotiated from Accept-Language (app.c) */
    if (w.vary || r->lang_negotiated)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
                                !r->lang_negotiated ? "Accept-Encoding"
                                : w.vary            ? "Accept-Encoding, Accept-Language"
                                                    : "Accept-Language");
    if (w.etag) MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, w.etag);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            r->cache_control ? r->cache_control : "no-store");
    for (Field *f = r->headers_out; f; f = f->next) MHD_add_response_header(resp, f->name, f->value);
    if (r->status == 401 && !header_set(r, "WWW-Authenticate"))   /* RFC 9110: a 401 names how to authenticate */
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"glocal\"");
    for (Field *f = r->cookies_out; f; f = f->next) {
        const char *sep = strchr(f->value, '\x1f');
        long long age = atoll(sep + 1);
        char *cookie = arena_printf(r->arena, "%s=%.*s; Path=/; HttpOnly; SameSite=Lax%s%s",
                                    f->name, (int)(sep - f->value), f->value,
                                    r->app->secure_cookies ? "; Secure" : "",
                                    age >= 0 ? arena_printf(r->arena, "; Max-Age=%lld", age) : "");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    }
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    if (r->app->access_log)
        log_info("%s %s %d %lldus", route_method_name(r->method), logged_path(r), r->status,
                 (long long)(now_usec() - r->started_usec));
    return ok;
}

/* A request that hashes (or waits on another host), on a worker of its pool: handled there, then
 * its connection resumed, and libmicrohttpd calls on_request again to send
 * the response. r may be gone as soon as the connection is resumed. */
static void handle_on_pool(void *ctx)
{
    Req *r = ctx;
    app_handle(r);
    r->handled = true;
    MHD_resume_connection(r->conn);
    atomic_fetch_sub(&offloaded, 1);
}

/* Suspends the connection and hands r to the pool. When the pool's queue is
 * full the answer (503 with Retry-After) is made here at once, and the
 * connection resumed for it: either way the response is sent on the call
 * after the resumption. */
static void hand_to_pool(Workers *pool, Req *r, struct MHD_Connection *conn)
{
    Err e = { 0 };
    atomic_fetch_add(&offloaded, 1);
    MHD_suspend_connection(conn);
    if (workers_submit(pool, handle_on_pool, r, &e) == 0) return;
    req_fail_err(r, &e);
    app_handle(r);   /* refused already: renders the 503, runs no handler */
    r->handled = true;
    MHD_resume_connection(conn);
    atomic_fetch_sub(&offloaded, 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **ctx)
{
    (void)version;
    App *app = cls;
    Req *r = *ctx;
    if (gate_late(conn)) return MHD_NO;   /* past the deadline: close without answering */
    if (!r) {
        *ctx = req_new(app, conn, url, method);
        atomic_fetch_add(&in_flight, 1);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->too_large) {
            if (r->upload.len + *upload_size > r->body_limit) r->too_large = true;
            else buf_add(&r->upload, upload, *upload_size);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->handled) return send_response(r, conn);   /* resumed: the pool made the response */
    gate_answering(conn);
    fill_request(r, conn);
    QueryCtx q = { r, false };
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, &q);
    if (q.bad || !str_utf8_valid(r->full_path, strlen(r->full_path))) {
        r->path = "/";
        req_fail(r, E_BAD_REQUEST, "The address is not valid UTF-8.");
    }
    Workers *pool = app_pool_of(r);
    if (pool) {
        hand_to_pool(pool, r, conn);
        return MHD_YES;
    }
    app_handle(r);
    return send_response(r, conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)why;
    gate_answered(conn);
    Req *r = *ctx;
    if (!r) return;
    json_decref(r->model);
    json_decref(r->json);
    json_decref(r->chapter);
    json_decref(r->object);
    json_decref(r->place);
    json_decref(r->owned);
    json_decref(r->errors);
    if (r->db) db_release(r->db);
    Arena *a = r->arena;
    arena_release(a);
    free(a);
    *ctx = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') msg[--n] = 0;
    log_warn("http: %s", msg);
}

int server_run(App *app, const ServerOptions *opt, Err *e)
{
    struct sockaddr_in6 a6 = { 0 };
    struct sockaddr_in a4 = { 0 };
    struct sockaddr *sa;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (strchr(opt->address, ':')) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)opt->port);
        if (inet_pton(AF_INET6, opt->address, &a6.sin6_addr) != 1)
            return err_set(e, E_BAD_REQUEST, "--address %s is not an IP address.", opt->address);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)opt->port);
        if (inet_pton(AF_INET, opt->address, &a4.sin_addr) != 1)
            return err_set(e, E_BAD_REQUEST, "--address %s is not an IP address.", opt->address);
        sa = (struct sockaddr *)&a4;
    }
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);   /* worker threads inherit the mask */

    running = opt;
    GateLimits limits = { opt->max_per_address, opt->timeout, opt->request_timeout };
    gate = gate_start(&limits, &opt->proxies);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)opt->port, gate_accept, gate, on_request, app,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, gate_notify, gate,
        MHD_OPTION_URI_LOG_CALLBACK, gate_request_line, gate,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
        MHD_OPTION_END);
    if (!d) {
        gate_stop(gate);
        gate = NULL;
        running = NULL;
        return err_set(e, E_UNAVAILABLE, "Cannot listen on %s port %d: %s", opt->address, opt->port,
                       errno ? strerror(errno) : "the address may be in use");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = info ? info->port : opt->port;
    printf("glocal: serving http://%s%s%s:%d/ (%d threads, database %s)\n",
           strchr(opt->address, ':') ? "[" : "", opt->address, strchr(opt->address, ':') ? "]" : "",
           port, opt->threads, db_display_url(app->db));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    log_info("received %s: finishing requests in flight", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_socket s = MHD_quiesce_daemon(d);   /* no new connections */
    for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++) usleep(10000);
    /* a request on a pool resumes its connection when done: the
     * daemon must outlive that (bounded: the pool's queue is) */
    while (atomic_load(&offloaded) > 0) usleep(10000);
    MHD_stop_daemon(d);
    if (s != MHD_INVALID_SOCKET) close(s);
    gate_stop(gate);
    gate = NULL;
    running = NULL;
    log_info("stopped");
    return 0;
}

json_t *server_limits(void)
{
    const ServerOptions *o = running;
    if (!o || !gate) return NULL;
    char proxies[PROXY_MAX * (ADDR_TEXT + 6)];
    return json_pack("{s:i, s:i, s:i, s:i, s:s, s:I, s:I}", "max_connections", o->max_connections,
                     "max_per_address", o->max_per_address, "idle_timeout", o->timeout,
                     "request_timeout", o->request_timeout,
                     "trusted_proxies", proxies_text(&o->proxies, proxies, sizeof proxies),
                     "refused", (json_int_t)gate_refused(gate), "closed_late", (json_int_t)gate_closed_late(gate));
}
