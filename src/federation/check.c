/* check.c - hs_verify: whether a parsed signature holds for its request (the
 * algorithm fits the key, it covers what it must, it is on time, the body
 * matches its digest, the signature is right). See httpsig.h. */
#include "federation/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static bool covers(const HsParsed *p, const char *name) {
    for (size_t i = 0; i < p->n_components; i++)
        if (strcmp(p->components[i], name) == 0) return true;
    return false;
}

/* The algorithm the signature asks for with this key; HS_ALG_NONE and e filled if none fits. */
static HsAlg alg_of(const HsParsed *p, EVP_PKEY *key, Err *e) {
    const char *name = p->algorithm;
    HsAlg alg = HS_ALG_NONE;
    if (!name || strcmp(name, "hs2019") == 0) alg = hs_pkey_default_alg(key);
    else if (p->scheme == HS_CAVAGE && strcmp(name, "rsa-sha256") == 0) alg = HS_ALG_RSA_SHA256;
    else if (p->scheme == HS_RFC9421 && strcmp(name, "rsa-v1_5-sha256") == 0) alg = HS_ALG_RSA_SHA256;
    else if (p->scheme == HS_RFC9421 && strcmp(name, "rsa-pss-sha512") == 0) alg = HS_ALG_RSA_PSS_SHA512;
    else if (p->scheme == HS_RFC9421 && strcmp(name, "ed25519") == 0) alg = HS_ALG_ED25519;
    else {
        err_set(e, E_UNAUTHORIZED, "The signature's algorithm \"%s\" is not supported (rsa-sha256 or hs2019; "
                "rsa-v1_5-sha256, rsa-pss-sha512 or ed25519 in RFC 9421).", name);
        return HS_ALG_NONE;
    }
    if (alg == HS_ALG_NONE || !hs_pkey_fits(key, alg)) {
        err_set(e, E_UNAUTHORIZED, "The signature's algorithm \"%s\" does not fit the signer's key.", name ? name : "(none)");
        return HS_ALG_NONE;
    }
    return alg;
}

static int check_coverage(const HsParsed *p, bool body, Err *e) {
    bool cavage = p->scheme == HS_CAVAGE;
    bool target = cavage ? covers(p, "(request-target)")
                         : covers(p, "@method") && (covers(p, "@target-uri") || covers(p, "@path") ||
                                                    covers(p, "@request-target"));
    bool host = cavage ? covers(p, "host") : covers(p, "@target-uri") || covers(p, "@authority") || covers(p, "host");
    if (!target)
        return hs_refuse(e, cavage ? "The signature does not cover the request's method and path ((request-target))."
                                : "The signature does not cover the request's method and path (@method and @target-uri or @path).");
    if (!host)
        return hs_refuse(e, cavage ? "The signature does not cover the host." : "The signature does not cover the host (@authority or @target-uri).");
    if (body && !covers(p, "digest") && !covers(p, "content-digest"))
        return hs_refuse(e, "The signature does not cover the body's digest.");
    return 0;
}

/* Unix seconds of an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); -1 if it is not one. */
static int64_t imf_parse(const char *s) {
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct tm tm = {0};
    char mon[4] = "", zone[4] = "";
    const char *comma = strchr(s, ',');
    if (!comma || sscanf(comma + 1, " %d %3s %d %d:%d:%d %3s", &tm.tm_mday, mon, &tm.tm_year, &tm.tm_hour,
                         &tm.tm_min, &tm.tm_sec, zone) != 7 || strcmp(zone, "GMT") != 0 || strlen(mon) != 3)
        return -1;
    const char *m = strstr(months, mon);
    if (!m || (m - months) % 3) return -1;
    tm.tm_mon = (int)(m - months) / 3;
    tm.tm_year -= 1900;
    return (int64_t)timegm(&tm);
}

/* When the signature says it was made: (created), else the covered Date. */
static int signed_at(Arena *a, const HsRequest *req, const HsParsed *p, int64_t *t, Err *e) {
    if (p->scheme == HS_RFC9421) {
        if (p->created <= 0) return hs_refuse(e, "The signature does not say when it was made (created).");
        *t = p->created;
        return 0;
    }
    if (covers(p, "(created)") && p->created > 0) {
        *t = p->created;
        return 0;
    }
    const char *date = covers(p, "date") ? hs_header(a, req, "date") : NULL;
    if (!date) return hs_refuse(e, "The signature does not cover the time it was made (date or (created)).");
    if ((*t = imf_parse(date)) < 0) return hs_refuse(e, "The Date header is not a date (Sun, 06 Nov 1994 08:49:37 GMT).");
    return 0;
}

static int check_time(int64_t t, const HsParsed *p, const HsVerifyOptions *o, Err *e) {
    int64_t past = o->skew_past > 0 ? o->skew_past : HS_SKEW_PAST;
    int64_t future = o->skew_future > 0 ? o->skew_future : HS_SKEW_FUTURE;
    if (t < o->now - past)
        return err_set(e, E_UNAUTHORIZED, "The signature was made %lld seconds ago, more than the %lld allowed.",
                       (long long)(o->now - t), (long long)past);
    if (t > o->now + future)
        return err_set(e, E_UNAUTHORIZED, "The signature was made %lld seconds in the future, more than the %lld allowed.",
                       (long long)(t - o->now), (long long)future);
    if (p->expires > 0 && p->expires < o->now) return hs_refuse(e, "The signature has expired.");
    return 0;
}

/* Checks each SHA-256 / SHA-512 digest of a Digest (a=b64, …) or Content-Digest
 * (a=:b64:, …) header against the body; at least one must be there. */
static int check_digests(Arena *a, const HsRequest *req, const char *header, bool content, Err *e) {
    const char *v = hs_header(a, req, header);
    if (!v) return err_set(e, E_UNAUTHORIZED, "The request has no %s header, which the signature covers.", header);
    int known = 0;
    char *list = arena_strdup(a, v), *save = NULL;
    for (char *item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ') item++;
        char *eq = strchr(item, '=');
        if (!eq) continue;
        *eq = 0;
        const EVP_MD *md = strcasecmp(item, "sha-256") == 0 ? EVP_sha256() : strcasecmp(item, "sha-512") == 0 ? EVP_sha512() : NULL;
        if (!md) continue;
        char *want = eq + 1;
        size_t n = strlen(want);
        while (n && want[n - 1] == ' ') n--;
        if (content && (n < 2 || want[0] != ':' || want[n - 1] != ':')) return hs_refuse(e, "The Content-Digest header is malformed.");
        if (content) want++, n -= 2;
        unsigned char sum[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_Digest(req->body ? req->body : (const unsigned char *)"", req->body ? req->body_len : 0, sum, &len, md, NULL);
        const char *have = hs_base64(a, sum, len);
        if (strlen(have) != n || strncmp(have, want, n) != 0) return hs_refuse(e, "The body does not match its digest.");
        known++;
    }
    if (!known) return err_set(e, E_UNAUTHORIZED, "The %s header has no SHA-256 or SHA-512 digest.", header);
    return 0;
}

int hs_verify(Arena *a, const HsRequest *req, const HsParsed *p, const char *public_pem,
              const HsVerifyOptions *o, Err *e) {
    bool body = req->body && req->body_len > 0;
    int64_t t = 0;
    if (check_coverage(p, body, e) < 0) return -1;
    EVP_PKEY *key = hs_pkey_public(public_pem, e);
    if (!key) return -1;
    HsAlg alg = alg_of(p, key, e);
    char *text = NULL;
    int ok = alg != HS_ALG_NONE && hs_signing_string(a, req, p, &text, e) == 0;
    if (ok && !hs_pkey_verify(key, alg, text, strlen(text), p->signature, p->signature_len)) {
        hs_refuse(e, "The signature does not match the request and the signer's key.");
        ok = 0;
    }
    EVP_PKEY_free(key);
    if (!ok) return -1;
    if (signed_at(a, req, p, &t, e) < 0 || check_time(t, p, o, e) < 0) return -1;
    if (covers(p, "digest") && check_digests(a, req, "digest", false, e) < 0) return -1;
    if (covers(p, "content-digest") && check_digests(a, req, "content-digest", true, e) < 0) return -1;
    return 0;
}
