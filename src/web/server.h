/* server.h - the HTTP server: libmicrohttpd with a pool of worker threads.
 *
 * The server only moves bytes: it turns a connection's request into a Req
 * (path, query, headers, cookies, body within the size limit), hands it to
 * app_handle, sends what comes back with the security headers, and logs one
 * line per request. */
#ifndef GLOCAL_SERVER_H
#define GLOCAL_SERVER_H

#include <jansson.h>

#include "web/app.h"
#include "web/proxy.h"

typedef struct ServerOptions {
    const char *address;    /* "127.0.0.1" */
    int port;               /* 0: any free port */
    int threads;            /* worker threads */
    int max_connections;    /* in all (--max-connections) */
    int timeout;            /* seconds to send a request's first line, and idle between bytes */
    int max_per_address;    /* connections one client address may hold (0: no cap); trusted proxies exempt */
    int request_timeout;    /* seconds from a request's first line to its last byte */
    Proxies proxies;        /* --trusted-proxy: X-Forwarded-For is read from these peers only */
} ServerOptions;

#define SERVER_DEFAULTS(threads) { "127.0.0.1", 8080, (threads), 1000, 30, 32, 30, { .n = 0 } }

/* Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to 10 s) and returns 0. Prints the address it serves on. */
int server_run(App *app, const ServerOptions *opt, Err *e);

/* The limits of the running server and its trusted proxies, for the
 * administrator's page: a new object, or NULL when no server runs here. */
json_t *server_limits(void);

#endif
