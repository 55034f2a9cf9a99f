/* httpsig.c - the texts that HTTP signatures sign: header values, digests of
 * the body, draft-cavage's signing string and RFC 9421's signature base.
 * Shared by sign.c and verify.c; see httpsig.h. */
#include "federation/internal.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"

char *hs_lower(Arena *a, const char *name) {
    char *s = arena_strdup(a, name);
    for (char *p = s; *p; p++) *p = (char)tolower((unsigned char)*p);
    return s;
}

char *hs_sf_string(Arena *a, const char *s) {
    char *out = arena_alloc(a, 2 * strlen(s) + 3), *o = out;
    *o++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') *o++ = '\\';
        *o++ = *s;
    }
    *o = '"';
    return out;
}

int hs_refuse(Err *e, const char *why) { return err_set(e, E_UNAUTHORIZED, "%s", why); }

/* value without leading and trailing spaces and tabs (arena). */
static char *trimmed(Arena *a, const char *value) {
    while (*value == ' ' || *value == '\t') value++;
    size_t n = strlen(value);
    while (n && (value[n - 1] == ' ' || value[n - 1] == '\t')) n--;
    return arena_strndup(a, value, n);
}

const char *hs_header(Arena *a, const HsRequest *req, const char *name) {
    char *joined = NULL;
    for (size_t i = 0; i < req->n_headers; i++) {
        if (!req->headers[i].name || strcasecmp(req->headers[i].name, name) != 0) continue;
        char *v = trimmed(a, req->headers[i].value ? req->headers[i].value : "");
        joined = joined ? arena_printf(a, "%s, %s", joined, v) : v;
    }
    return joined;
}

char *hs_base64(Arena *a, const unsigned char *bytes, size_t len) {
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = arena_alloc(a, n);
    sodium_bin2base64(out, n, bytes, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

int hs_unbase64(Arena *a, const char *b64, size_t len, unsigned char **out, size_t *out_len) {
    unsigned char *bin = arena_alloc(a, len + 1);
    const char *end = NULL;
    if (sodium_base642bin(bin, len + 1, b64, len, " \t\r\n", out_len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != b64 + len)
        return -1;
    *out = bin;
    return 0;
}

static char *digest_b64(Arena *a, const EVP_MD *md, const unsigned char *body, size_t len) {
    unsigned char sum[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(body ? body : (const unsigned char *)"", body ? len : 0, sum, &n, md, NULL);
    return hs_base64(a, sum, n);
}

char *hs_digest(Arena *a, const unsigned char *body, size_t len) {
    return arena_printf(a, "SHA-256=%s", digest_b64(a, EVP_sha256(), body, len));
}

char *hs_content_digest(Arena *a, const unsigned char *body, size_t len) {
    return arena_printf(a, "sha-256=:%s:", digest_b64(a, EVP_sha256(), body, len));
}

/* ---------- draft-cavage-http-signatures-12, section 2.3 ---------- */

/* The value of one name of the headers parameter; NULL when the request lacks it. */
static const char *cavage_value(Arena *a, const HsRequest *req, const HsParsed *p, const char *name) {
    if (strcmp(name, "(request-target)") == 0)
        return arena_printf(a, "%s %s", hs_lower(a, req->method), req->target);
    if (strcmp(name, "(created)") == 0)
        return p->created ? arena_printf(a, "%lld", (long long)p->created) : NULL;
    if (strcmp(name, "(expires)") == 0)
        return p->expires ? arena_printf(a, "%lld", (long long)p->expires) : NULL;
    const char *v = hs_header(a, req, name);
    if (!v && strcmp(name, "host") == 0) v = req->authority;
    return v;
}

int hs_cavage_string(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e) {
    Buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < p->n_components; i++) {
        const char *name = p->components[i];
        const char *v = cavage_value(a, req, p, name);
        if (!v)
            return err_set(e, E_UNAUTHORIZED, "The signature covers %s, which the request does not have.", name);
        buf_printf(&b, "%s%s: %s", i ? "\n" : "", name, v);
    }
    *out = (char *)buf_str(&b);
    return 0;
}

/* ---------- RFC 9421, section 2 ---------- */

static const char *path_of(Arena *a, const char *target) {
    size_t n = strcspn(target, "?");
    return n ? arena_strndup(a, target, n) : "/";
}

/* A derived component's value (section 2.2); NULL when unknown. */
static const char *derived_value(Arena *a, const HsRequest *req, const char *name) {
    if (strcmp(name, "@method") == 0) return req->method;
    if (strcmp(name, "@authority") == 0) return hs_lower(a, req->authority);
    if (strcmp(name, "@scheme") == 0) return hs_lower(a, req->scheme ? req->scheme : "https");
    if (strcmp(name, "@target-uri") == 0)
        return arena_printf(a, "%s://%s%s", hs_lower(a, req->scheme ? req->scheme : "https"),
                            hs_lower(a, req->authority), req->target);
    if (strcmp(name, "@request-target") == 0) return req->target;
    if (strcmp(name, "@path") == 0) return path_of(a, req->target);
    if (strcmp(name, "@query") == 0) {
        const char *q = strchr(req->target, '?');
        return q ? q : "?";
    }
    return NULL;
}

int hs_rfc9421_base(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e) {
    Buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < p->n_components; i++) {
        const char *name = p->components[i];
        const char *v = name[0] == '@' ? derived_value(a, req, name) : hs_header(a, req, name);
        if (!v && name[0] == '@')
            return err_set(e, E_UNAUTHORIZED, "The signature covers \"%s\", a component this server does not know.", name);
        if (!v)
            return err_set(e, E_UNAUTHORIZED, "The signature covers %s, which the request does not have.", name);
        buf_printf(&b, "\"%s\": %s\n", name, v);
    }
    buf_printf(&b, "\"@signature-params\": %s", p->params);
    *out = (char *)buf_str(&b);
    return 0;
}

int hs_signing_string(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e) {
    if (p->scheme == HS_CAVAGE) return hs_cavage_string(a, req, p, out, e);
    if (p->scheme == HS_RFC9421) return hs_rfc9421_base(a, req, p, out, e);
    return err_set(e, E_INVALID, "The signature's scheme is unknown.");
}
