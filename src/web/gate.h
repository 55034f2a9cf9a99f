/* gate.h - who may hold a connection, and for how long.
 *
 * libmicrohttpd limits the connections in all and resets its idle timeout at
 * every byte, so one address opening a thousand connections and sending a
 * header line every few seconds once held them all. The gate adds:
 *   - a cap on the connections one address holds at once (--max-per-address,
 *     32; trusted proxies are exempt, as their connections carry everyone's
 *     requests): past it a new connection is closed as soon as it is accepted;
 *   - deadlines that activity does not move: a connection must send a
 *     request's first line within the idle timeout of being opened (or of its
 *     previous answer), and the rest of the request — head and body — within
 *     --request-timeout of that first line. A sweeping thread shuts down the
 *     sockets past their deadline (libmicrohttpd then closes them).
 * The server registers the gate's callbacks with libmicrohttpd and tells it
 * when a request is being answered and when it was answered. */
#ifndef GLOCAL_GATE_H
#define GLOCAL_GATE_H

#include <microhttpd.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "web/proxy.h"

typedef struct Gate Gate;

typedef struct GateLimits {
    int per_address;          /* connections one address may hold; 0: no cap */
    int idle_seconds;         /* to send a request's first line */
    int request_seconds;      /* from the first line to the request's last byte */
} GateLimits;

/* Starts the sweeping thread; the proxies are read, never copied: they must
 * outlive the gate. */
Gate *gate_start(const GateLimits *limits, const Proxies *proxies);
/* Stops the thread and frees the gate, after libmicrohttpd stopped. */
void gate_stop(Gate *g);

/* libmicrohttpd's accept policy, connection notifier and URI logger (cls: the gate). */
enum MHD_Result gate_accept(void *cls, const struct sockaddr *sa, socklen_t len);
void gate_notify(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code);
void *gate_request_line(void *cls, const char *uri, struct MHD_Connection *c);

/* True when the connection's request is past its deadline (the access
 * handler then closes it without waiting for the sweep). */
bool gate_late(struct MHD_Connection *c);
/* The request is complete and being answered: no deadline while it is. */
void gate_answering(struct MHD_Connection *c);
/* The answer was sent: the next request's first line is due within the idle timeout. */
void gate_answered(struct MHD_Connection *c);

/* Connections closed for being late since the start, and refused by the cap. */
long gate_closed_late(const Gate *g);
long gate_refused(const Gate *g);

#endif
