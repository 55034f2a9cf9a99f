/* net.c - where a webhook goes: the target's host resolved once, and every
 * address it has checked against webhook_addr_private. The sender then pins
 * the address it was given (CURLOPT_RESOLVE), so a name that resolves to a
 * public address here and to a private one a moment later (DNS rebinding)
 * still reaches only the address checked. webhook_http makes that pinned
 * request (webhooks' deliveries, and federation's fetches and deliveries). */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "base/str.h"

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

typedef struct Answer {
    Buf *keep;      /* NULL: counted, not kept */
    size_t cap, total;
    bool too_large;
} Answer;

static size_t answer_read(char *data, size_t size, size_t n, void *ctx)
{
    Answer *a = ctx;
    a->total += size * n;
    if (a->total > a->cap) {
        a->too_large = true;
        return 0;
    }
    if (a->keep) buf_add(a->keep, data, size * n);
    return size * n;
}

void webhook_http(const WebhookTarget *t, const char *url, const char *ip, const char *const *headers, const char *body,
                  const char *agent, size_t cap, Buf *answer, WebhookHttp *o)
{
    CURL *h = curl_easy_init();
    if (!h) {
        snprintf(o->error, sizeof o->error, "libcurl failed to start");
        return;
    }
    char pin[320], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(pin, sizeof pin, strchr(ip, ':') ? "%s:%d:[%s]" : "%s:%d:%s", t->host, t->port, ip);
    struct curl_slist *resolve = curl_slist_append(NULL, pin), *hdr = NULL;
    for (size_t i = 0; headers && headers[i]; i++) hdr = curl_slist_append(hdr, headers[i]);
    Answer got = { answer, cap, 0, false };
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, answer_read);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &got);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    int64_t start = now_usec();
    CURLcode rc = curl_easy_perform(h);
    o->ms = (now_usec() - start) / 1000;
    o->too_large = got.too_large;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &o->status);
    /* an answer too long to read still delivered a 2xx, unless it was to be kept */
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && !answer && o->status >= 200 && o->status < 300)) {
        snprintf(o->error, sizeof o->error, "%s", got.too_large ? "the answer is too large" : errbuf[0] ? errbuf : curl_easy_strerror(rc));
        if (rc != CURLE_WRITE_ERROR) o->status = 0;
    } else if (o->status < 200 || o->status >= 300) {
        snprintf(o->error, sizeof o->error, "HTTP %ld", o->status);
    }
    curl_slist_free_all(resolve);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
}
