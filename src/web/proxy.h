/* proxy.h - who the client is: addresses, trusted proxies and X-Forwarded-For.
 *
 * Behind a reverse proxy every request arrives from the proxy's address; the
 * client's is in X-Forwarded-For, which anyone can also send. So the header is
 * read only when the peer is a proxy the operator named (`--trusted-proxy
 * ADDR[/BITS]`), and then from the right: each trusted proxy appends the
 * address it saw, so the right-most address that is not itself a trusted proxy
 * is the first one no proxy of ours vouches for — the client. Every per-address
 * limit (connections, logins, password resets) counts that address.
 *
 * Pure functions: no I/O, no allocation. Addresses are kept as 16 bytes, IPv4
 * as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that an IPv4 peer seen by a
 * dual-stack socket and the same address written as IPv4 are one address. */
#ifndef GLOCAL_PROXY_H
#define GLOCAL_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define PROXY_MAX 32          /* trusted proxy ranges */
#define ADDR_TEXT 46          /* INET6_ADDRSTRLEN */

typedef struct Addr {
    unsigned char b[16];
} Addr;

typedef struct AddrRange {
    Addr addr;
    int bits;                 /* of the 128: an IPv4 /24 is stored as /120 */
} AddrRange;

typedef struct Proxies {
    AddrRange range[PROXY_MAX];
    int n;
} Proxies;

/* Reads an IPv4 or IPv6 address (surrounding spaces allowed); false if it is not one. */
bool addr_parse(const char *text, size_t len, Addr *out);
struct sockaddr;
/* The address of an AF_INET or AF_INET6 socket address; false for another family. */
bool addr_from_sockaddr(const struct sockaddr *sa, Addr *out);
/* Writes the address as text (IPv4 for a mapped address) into out; returns out. */
const char *addr_text(const Addr *a, char out[ADDR_TEXT]);

/* Adds "ADDR" or "ADDR/BITS" (BITS up to 32 for IPv4, 128 for IPv6) to p;
 * 0, or -1 with e filled (not an address, bits out of range, too many). */
int proxies_add(Proxies *p, const char *spec, Err *e);
bool proxies_trust(const Proxies *p, const Addr *a);
/* The ranges as the operator wrote them, comma-separated ("" when none). */
const char *proxies_text(const Proxies *p, char *out, size_t n);

/* The client's address, given the peer (the socket's other end) and the
 * X-Forwarded-For values (several header lines joined by commas; NULL when
 * absent): the peer unless it is a trusted proxy; then, walking the header
 * from the right, the first address that is not a trusted proxy, the
 * left-most one when all are, or the last trusted address reached when an
 * entry is not an address (nothing left of it can be believed). */
Addr proxies_client(const Proxies *p, const Addr *peer, const char *xff);

#endif
