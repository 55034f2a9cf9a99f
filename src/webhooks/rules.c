/* rules.c - the pure rules of webhooks: the kinds of event, the checks of an
 * endpoint's fields and URL, the retry schedule, which addresses are private,
 * and the Standard Webhooks signature. No SQL, no clock, no randomness: the
 * random bytes of a secret are an argument. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/str.h"
#include "webhooks/webhooks.h"

const WebhookKind webhook_kinds[] = {
    { "chapter.created", N_("A chapter was started (its public page: name, place, sector, status).") },
    { "chapter.updated", N_("A chapter's public fields changed (name, description, status, capacity).") },
    { "meeting.scheduled", N_("A chapter meeting was added to the schedule (that it exists and whose it is; when and where members meet is never sent).") },
    { "meeting.cancelled", N_("A scheduled chapter meeting was cancelled.") },
    { "registration.created", N_("Someone took a place at a public event (the event, and a ticket or the waitlist; never who).") },
    { "ticket.paid", N_("A ticket of a public event was paid (the event, the tier and the amount; never who).") },
    { "ledger.entry", N_("A line was recorded in the books that anyone may read (lines kept to members are never sent).") },
    { "decision.recorded", N_("A decision went on record that anyone may read (a committee's; a chapter's stay with its members).") },
    { "commons.published", N_("An item of the commons was published (its words, licence and authors as the public page shows them).") },
};
const size_t webhook_kind_count = sizeof webhook_kinds / sizeof webhook_kinds[0];

const char *webhook_status_label(const char *status)
{
    if (str_eq(status, "queued")) return C_("a delivery's status", "queued");
    if (str_eq(status, "sending")) return C_("a delivery's status", "sending");
    if (str_eq(status, "retry")) return C_("a delivery's status", "waiting to retry");
    if (str_eq(status, "delivered")) return C_("a delivery's status", "delivered");
    if (str_eq(status, "failed")) return C_("a delivery's status", "failed");
    return status;
}

bool webhook_kind_known(const char *name)
{
    for (size_t i = 0; i < webhook_kind_count; i++)
        if (str_eq(webhook_kinds[i].name, name)) return true;
    return false;
}

bool webhook_kinds_has(const char *kinds, const char *kind)
{
    size_t n = strlen(kind);
    for (const char *p = kinds ? kinds : ""; *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (len == n && len && memcmp(p, kind, n) == 0) return true;
        p += len;
    }
    return false;
}

int64_t webhook_backoff(int attempt)
{
    static const int64_t after[] = { 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600 };
    if (attempt < 1 || attempt >= WEBHOOK_ATTEMPTS) return -1;
    return after[attempt - 1];
}

static int url_refused(Err *e, const char *why)
{
    return err_field(e, E_INVALID, "url", "%s", why);
}

/* A part of a parsed URL into the arena, or NULL when it has none. */
static const char *url_part(Arena *a, CURLU *h, CURLUPart part, unsigned flags)
{
    char *v = NULL;
    if (curl_url_get(h, part, &v, flags) != CURLUE_OK) return NULL;
    const char *s = arena_strdup(a, v);
    curl_free(v);
    return s;
}

int webhook_url_parse(Arena *a, const char *url, WebhookTarget *t, Err *e)
{
    if (str_empty(url)) return url_refused(e, "Please give the address that should receive the events, like https://example.org/hooks.");
    if (strlen(url) > 2000) return url_refused(e, "This address is too long (2,000 characters at most).");
    CURLU *h = curl_url();
    if (!h) return err_set(e, E_INTERNAL, "out of memory");
    int rc = -1;
    if (curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK) {
        url_refused(e, "This is not a web address; it should look like https://example.org/hooks.");
        goto done;
    }
    t->scheme = url_part(a, h, CURLUPART_SCHEME, 0);
    if (!str_eq(t->scheme, "http") && !str_eq(t->scheme, "https")) {
        url_refused(e, "Webhooks are sent over http:// or https:// only.");
        goto done;
    }
    if (url_part(a, h, CURLUPART_USER, 0) || url_part(a, h, CURLUPART_PASSWORD, 0)) {
        url_refused(e, "Please leave the name and password out of the address; the signature proves where events come from.");
        goto done;
    }
    if (url_part(a, h, CURLUPART_FRAGMENT, 0)) {
        url_refused(e, "Please leave the part after # out of the address.");
        goto done;
    }
    const char *host = url_part(a, h, CURLUPART_HOST, 0);
    const char *port = url_part(a, h, CURLUPART_PORT, CURLU_DEFAULT_PORT);
    if (str_empty(host) || !port) {
        url_refused(e, "This address names no host.");
        goto done;
    }
    size_t n = strlen(host);
    if (host[0] == '[' && n > 2) host = arena_strndup(a, host + 1, n - 2);
    if (strchr(host, '%')) {
        url_refused(e, "Addresses with a zone (%) are not allowed.");
        goto done;
    }
    t->host = host;
    int64_t p = 0;
    t->port = str_to_i64(port, &p) && p > 0 && p < 65536 ? (int)p : 0;
    if (!t->port) {
        url_refused(e, "This address's port is not valid.");
        goto done;
    }
    rc = 0;
done:
    curl_url_cleanup(h);
    return rc;
}

const char *webhook_fields_check(Arena *a, const WebhookFields *f, FieldErrs *problems)
{
    WebhookTarget t;
    Err x = { 0 };
    if (webhook_url_parse(a, f->url, &t, &x) < 0) field_err(problems, "url", "%s", x.msg);
    if (f->description && str_utf8_len(f->description) > 200)
        field_err(problems, "description", "Please keep the description under 200 characters.");
    Buf kinds;
    buf_init(&kinds, a);
    for (int i = 0; i < f->nkinds; i++) {
        if (!webhook_kind_known(f->kinds[i])) {
            field_err(problems, "kinds", "There is no kind of event called \"%s\".", f->kinds[i]);
            continue;
        }
        if (webhook_kinds_has(kinds.data, f->kinds[i])) continue;
        buf_printf(&kinds, "%s%s", kinds.len ? " " : "", f->kinds[i]);
    }
    if (!kinds.len && f->nkinds == 0) field_err(problems, "kinds", "Please choose at least one kind of event to send.");
    return kinds.len ? kinds.data : "";
}

/* IPv4 ranges no webhook reaches unless allowed (address and prefix length). */
static bool v4_private(const unsigned char b[4])
{
    static const struct { unsigned char net[4]; int bits; } ranges[] = {
        { { 0, 0, 0, 0 }, 8 },       { { 10, 0, 0, 0 }, 8 },     { { 100, 64, 0, 0 }, 10 },
        { { 127, 0, 0, 0 }, 8 },     { { 169, 254, 0, 0 }, 16 }, { { 172, 16, 0, 0 }, 12 },
        { { 192, 0, 0, 0 }, 24 },    { { 192, 0, 2, 0 }, 24 },   { { 192, 168, 0, 0 }, 16 },
        { { 198, 18, 0, 0 }, 15 },   { { 198, 51, 100, 0 }, 24 }, { { 203, 0, 113, 0 }, 24 },
        { { 224, 0, 0, 0 }, 4 },     { { 240, 0, 0, 0 }, 4 },
    };
    uint32_t ip = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        const unsigned char *n = ranges[i].net;
        uint32_t net = (uint32_t)n[0] << 24 | (uint32_t)n[1] << 16 | (uint32_t)n[2] << 8 | n[3];
        uint32_t mask = 0xffffffffu << (32 - ranges[i].bits);
        if ((ip & mask) == net) return true;
    }
    return false;
}

static bool v6_private(const unsigned char b[16])
{
    static const unsigned char zero[12] = { 0 };
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0) return v4_private(b + 12);
    if (memcmp(b, zero, 12) == 0) return true;                       /* ::, ::1, IPv4-compatible */
    if ((b[0] & 0xfe) == 0xfc) return true;                           /* fc00::/7 unique-local */
    if (b[0] == 0xfe && (b[1] & 0x80) == 0x80) return true;           /* fe80::/10 link-local, fec0::/10 site-local */
    if (b[0] == 0xff) return true;                                    /* multicast */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;  /* 2001:db8::/32 documentation */
    if (b[0] == 0x01 && b[1] == 0 && memcmp(b + 2, zero, 6) == 0) return true;       /* 100::/64 discard */
    return false;
}

bool webhook_addr_private(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) return v4_private((const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr);
    if (sa->sa_family == AF_INET6)
        return v6_private(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
    return true;
}

const char *webhook_sign(Arena *a, const char *secret, const char *msg_id, int64_t timestamp, const char *body,
                         size_t body_len)
{
    if (!str_starts(secret, "whsec_")) return NULL;
    const char *b64 = secret + 6;
    unsigned char key[128];
    size_t key_len = 0;
    if (sodium_base642bin(key, sizeof key, b64, strlen(b64), NULL, &key_len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        key_len == 0)
        return NULL;
    char head[160];
    int n = snprintf(head, sizeof head, "%s.%lld.", msg_id, (long long)timestamp);
    if (n < 0 || (size_t)n >= sizeof head) return NULL;
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&st, key, key_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)head, (size_t)n);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(key, sizeof key);
    size_t len = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    char *out = arena_alloc(a, len + 3);
    memcpy(out, "v1,", 3);
    sodium_bin2base64(out + 3, len, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

const char *webhook_secret_from(Arena *a, const unsigned char random[24])
{
    size_t len = sodium_base64_ENCODED_LEN(24, sodium_base64_VARIANT_ORIGINAL);
    char *out = arena_alloc(a, len + 6);
    memcpy(out, "whsec_", 6);
    sodium_bin2base64(out + 6, len, random, 24, sodium_base64_VARIANT_ORIGINAL);
    return out;
}
