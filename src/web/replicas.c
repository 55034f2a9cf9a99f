/* replicas.c - a person reads their own writes when pages are read from
 * PostgreSQL replicas (glocal serve --read-db; see docs/ARCHITECTURE.md,
 * "Read replicas").
 *
 * After a request that wrote, the primary's WAL position after the write goes
 * back to the client in a cookie, glocal_lsn, signed with the node secret (a
 * made-up position could only send its holder's reads to the primary, but
 * nobody needs that door). The client's next requests are read from a replica
 * only once it has replayed that far, else from the primary. The cookie
 * travels with the person, so it holds whichever server of several answers
 * the next request; it lasts five minutes, far longer than a healthy replica
 * lags. Programs that keep no cookies read what a replica has. */
#include "web/replicas.h"

#include <inttypes.h>
#include <string.h>

#include "base/str.h"
#include "web/guard.h"

#define LSN_COOKIE_SECONDS 300

/* The cookie's signature of a position: 16 bytes of HMAC-SHA256 under the node secret. */
static const char *lsn_mac(Req *r, const char *lsn)
{
    return guard_mac(r, "lsn:", lsn, 16);
}

int64_t replicas_wanted_lsn(Req *r)
{
    const char *v = r->cookie_lsn;
    const char *dot = v ? strchr(v, '.') : NULL;
    if (!dot || dot == v || dot - v > 20) return 0;
    char *lsn = arena_strndup(r->arena, v, (size_t)(dot - v));
    int64_t n;
    if (!str_to_i64(lsn, &n) || n <= 0 || !token_equal(dot + 1, lsn_mac(r, lsn))) return 0;
    return n;
}

void replicas_remember_write(Req *r, int64_t wanted)
{
    int64_t wrote = db_conn_wrote_lsn(r->db);
    if (wrote <= wanted) return;
    const char *lsn = arena_printf(r->arena, "%" PRId64, wrote);
    req_cookie(r, "glocal_lsn", arena_printf(r->arena, "%s.%s", lsn, lsn_mac(r, lsn)), LSN_COOKIE_SECONDS);
}
