/* replicas.h - read-your-writes across PostgreSQL read replicas (replicas.c). */
#ifndef GLOCAL_WEB_REPLICAS_H
#define GLOCAL_WEB_REPLICAS_H

#include <stdint.h>

#include "web/req.h"

/* The primary's WAL position the caller's glocal_lsn cookie asks reads to
 * have reached (0: none, or not signed by this network). */
int64_t replicas_wanted_lsn(Req *r);
/* After the handler: when the request wrote past `wanted`, the cookie that
 * sends the caller's next reads where that write can be seen. */
void replicas_remember_write(Req *r, int64_t wanted);

#endif
