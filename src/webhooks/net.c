/* net.c - where a webhook goes: the target's host resolved once, and every
 * address it has checked against webhook_addr_private. The sender then pins
 * the address it was given (CURLOPT_RESOLVE), so a name that resolves to a
 * public address here and to a private one a moment later (DNS rebinding)
 * still reaches only the address checked. */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "webhooks/webhooks.h"

int webhook_target_check(const WebhookTarget *t, bool allow_private, char *ip, size_t ipsize, Err *e)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res = NULL;
    int rc = getaddrinfo(t->host, NULL, &hints, &res);
    if (rc != 0 || !res)
        return err_field(e, E_INVALID, "url", "The host %s could not be found (%s).", t->host, gai_strerror(rc));
    rc = 0;
    ip[0] = '\0';
    for (struct addrinfo *p = res; p; p = p->ai_next) {
        if (p->ai_family != AF_INET && p->ai_family != AF_INET6) continue;
        if (!allow_private && webhook_addr_private(p->ai_addr)) {
            rc = err_field(e, E_INVALID, "url",
                           "%s is on a private, loopback or reserved network; webhooks go to public addresses only "
                           "(an administrator may allow private ones on the webhooks page).",
                           t->host);
            break;
        }
        if (!ip[0]) {
            const void *in = p->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)p->ai_addr)->sin_addr
                                                     : (const void *)&((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
            if (!inet_ntop(p->ai_family, in, ip, (socklen_t)ipsize)) ip[0] = '\0';
        }
    }
    freeaddrinfo(res);
    if (rc == 0 && !ip[0]) rc = err_field(e, E_INVALID, "url", "The host %s has no internet address.", t->host);
    return rc;
}
