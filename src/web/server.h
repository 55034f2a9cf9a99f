/* server.h - the HTTP server: libmicrohttpd with a pool of worker threads.
 *
 * The server only moves bytes: it turns a connection's request into a Req
 * (path, query, headers, cookies, body within the size limit), hands it to
 * app_handle, sends what comes back with the security headers, and logs one
 * line per request. */
#ifndef GLOCAL_SERVER_H
#define GLOCAL_SERVER_H

#include "web/app.h"

typedef struct ServerOptions {
    const char *address;    /* "127.0.0.1" */
    int port;               /* 0: any free port */
    int threads;            /* worker threads */
    int max_connections;
    int timeout;            /* seconds a connection may stay idle */
} ServerOptions;

/* Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to 10 s) and returns 0. Prints the address it serves on. */
int server_run(App *app, const ServerOptions *opt, Err *e);

#endif
