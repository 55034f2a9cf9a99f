/* proxy.c - addresses, trusted proxy ranges and the client behind them (see proxy.h). */
#include "web/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char v4_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

static bool is_v4(const Addr *a)
{
    return memcmp(a->b, v4_prefix, 12) == 0;
}

bool addr_parse(const char *text, size_t len, Addr *out)
{
    while (len && (*text == ' ' || *text == '\t')) text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
    char buf[ADDR_TEXT];
    if (!len || len >= sizeof buf) return false;
    memcpy(buf, text, len);
    buf[len] = 0;
    struct in_addr v4;
    if (inet_pton(AF_INET, buf, &v4) == 1) {
        memcpy(out->b, v4_prefix, 12);
        memcpy(out->b + 12, &v4, 4);
        return true;
    }
    return inet_pton(AF_INET6, buf, out->b) == 1;
}

bool addr_from_sockaddr(const struct sockaddr *sa, Addr *out)
{
    if (!sa) return false;
    if (sa->sa_family == AF_INET) {
        memcpy(out->b, v4_prefix, 12);
        memcpy(out->b + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return true;
    }
    if (sa->sa_family != AF_INET6) return false;
    memcpy(out->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
    return true;
}

const char *addr_text(const Addr *a, char out[ADDR_TEXT])
{
    if (is_v4(a)) inet_ntop(AF_INET, a->b + 12, out, ADDR_TEXT);
    else inet_ntop(AF_INET6, a->b, out, ADDR_TEXT);
    return out;
}

static bool in_range(const AddrRange *r, const Addr *a)
{
    int full = r->bits / 8, rest = r->bits % 8;
    if (memcmp(r->addr.b, a->b, (size_t)full) != 0) return false;
    if (!rest) return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (r->addr.b[full] & mask) == (a->b[full] & mask);
}

int proxies_add(Proxies *p, const char *spec, Err *e)
{
    const char *slash = strchr(spec, '/');
    size_t len = slash ? (size_t)(slash - spec) : strlen(spec);
    AddrRange r;
    if (!addr_parse(spec, len, &r.addr))
        return err_set(e, E_BAD_REQUEST, "--trusted-proxy %s: '%.*s' is not an IPv4 or IPv6 address.", spec, (int)len, spec);
    bool v4 = is_v4(&r.addr);
    int max = v4 ? 32 : 128;
    r.bits = max;
    if (slash) {
        char *end;
        long bits = strtol(slash + 1, &end, 10);
        if (!slash[1] || *end || bits < 0 || bits > max)
            return err_set(e, E_BAD_REQUEST, "--trusted-proxy %s: the prefix length must be a number from 0 to %d.", spec, max);
        r.bits = (int)bits;
    }
    if (v4) r.bits += 96;
    if (p->n >= PROXY_MAX) return err_set(e, E_BAD_REQUEST, "--trusted-proxy: at most %d ranges.", PROXY_MAX);
    for (int i = r.bits; i < 128; i++) r.addr.b[i / 8] &= (unsigned char)~(0x80 >> (i % 8));   /* the network's address */
    p->range[p->n++] = r;
    return 0;
}

bool proxies_trust(const Proxies *p, const Addr *a)
{
    for (int i = 0; i < p->n; i++)
        if (in_range(&p->range[i], a)) return true;
    return false;
}

const char *proxies_text(const Proxies *p, char *out, size_t n)
{
    size_t used = 0;
    out[0] = 0;
    for (int i = 0; i < p->n && used < n; i++) {
        char t[ADDR_TEXT];
        const AddrRange *r = &p->range[i];
        bool v4 = is_v4(&r->addr);
        int bits = v4 ? r->bits - 96 : r->bits;
        int w = snprintf(out + used, n - used, "%s%s/%d", i ? ", " : "", addr_text(&r->addr, t), bits);
        if (w < 0) break;
        used += (size_t)w;
    }
    return out;
}

Addr proxies_client(const Proxies *p, const Addr *peer, const char *xff)
{
    Addr client = *peer;
    if (!xff || !proxies_trust(p, peer)) return client;
    size_t end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',') start--;
        Addr a;
        if (end > start && !addr_parse(xff + start, end - start, &a)) {
            const char *s = xff + start;   /* blank entries (", ,") are skipped; garbage stops the walk */
            size_t k = 0;
            while (k < end - start && (s[k] == ' ' || s[k] == '\t')) k++;
            if (k < end - start) return client;
        } else if (end > start) {
            client = a;
            if (!proxies_trust(p, &a)) return client;
        }
        end = start ? start - 1 : 0;
    }
    return client;
}
