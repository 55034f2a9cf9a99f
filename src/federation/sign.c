/* sign.c - signing a request: draft-cavage as Mastodon does, or RFC 9421.
 * See httpsig.h. */
#include "federation/internal.h"

#include <string.h>
#include <time.h>

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") of Unix seconds (arena). */
static char *imf_date(Arena *a, int64_t t) {
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(a, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                        months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The headers the signer adds, and the request with them, to sign. */
typedef struct Added {
    HsHeader items[4];
    size_t n;
    HsHeader *all;  /* req's headers then items */
    HsRequest req;
} Added;

static void add(Arena *a, Added *ad, const HsRequest *req, const char *name, const char *value) {
    ad->items[ad->n++] = (HsHeader){name, value};
    ad->all = arena_alloc(a, (req->n_headers + ad->n) * sizeof *ad->all);
    if (req->n_headers) memcpy(ad->all, req->headers, req->n_headers * sizeof *ad->all);
    memcpy(ad->all + req->n_headers, ad->items, ad->n * sizeof *ad->all);
    ad->req = *req;
    ad->req.headers = ad->all;
    ad->req.n_headers = req->n_headers + ad->n;
}

static int sign_text(Arena *a, const HsSignOptions *o, const char *text, char **b64, Err *e) {
    EVP_PKEY *key = hs_pkey_private(o->private_pem, e);
    if (!key) return -1;
    unsigned char *sig = NULL;
    size_t len = 0;
    int rc = hs_pkey_sign(a, key, text, strlen(text), &sig, &len, e);
    EVP_PKEY_free(key);
    if (rc == 0) *b64 = hs_base64(a, sig, len);
    return rc;
}

static int sign_cavage(Arena *a, const HsRequest *req, const HsSignOptions *o, bool body, Added *ad, Err *e) {
    static const char *with_body[] = {"(request-target)", "host", "date", "digest"};
    ad->req = *req;
    if (!hs_header(a, req, "date")) add(a, ad, req, "Date", imf_date(a, o->now));
    if (body && !hs_header(a, req, "digest")) add(a, ad, req, "Digest", hs_digest(a, req->body, req->body_len));
    HsParsed p = {.scheme = HS_CAVAGE, .components = with_body, .n_components = body ? 4 : 3};
    char *text = NULL, *b64 = NULL;
    if (hs_cavage_string(a, &ad->req, &p, &text, e) < 0 || sign_text(a, o, text, &b64, e) < 0) return -1;
    add(a, ad, req, "Signature",
        arena_printf(a, "keyId=%s,algorithm=\"rsa-sha256\",headers=\"%s\",signature=\"%s\"",
                     hs_sf_string(a, o->key_id), body ? "(request-target) host date digest" : "(request-target) host date", b64));
    return 0;
}

static int sign_rfc9421(Arena *a, const HsRequest *req, const HsSignOptions *o, bool body, Added *ad, Err *e) {
    const char *names[6];
    size_t n = 0;
    names[n++] = "@method";
    if (o->split_target) {
        names[n++] = "@authority";
        names[n++] = "@path";
        if (strchr(req->target, '?')) names[n++] = "@query";
    } else {
        names[n++] = "@target-uri";
    }
    ad->req = *req;
    if (body) {
        names[n++] = "content-digest";
        if (!hs_header(a, req, "content-digest"))
            add(a, ad, req, "Content-Digest", hs_content_digest(a, req->body, req->body_len));
    }
    char *list = arena_strdup(a, "(");
    for (size_t i = 0; i < n; i++) list = arena_printf(a, "%s%s\"%s\"", list, i ? " " : "", names[i]);
    HsParsed p = {.scheme = HS_RFC9421, .components = names, .n_components = n,
                  .params = arena_printf(a, "%s);created=%lld;keyid=%s;alg=\"rsa-v1_5-sha256\"", list,
                                         (long long)o->now, hs_sf_string(a, o->key_id))};
    char *text = NULL, *b64 = NULL;
    if (hs_rfc9421_base(a, &ad->req, &p, &text, e) < 0 || sign_text(a, o, text, &b64, e) < 0) return -1;
    add(a, ad, req, "Signature-Input", arena_printf(a, "sig1=%s", p.params));
    add(a, ad, req, "Signature", arena_printf(a, "sig1=:%s:", b64));
    return 0;
}

int hs_sign(Arena *a, const HsRequest *req, const HsSignOptions *o, HsHeaders *out, Err *e) {
    if (!req->method || !*req->method || !req->target || req->target[0] != '/' || !req->authority || !*req->authority)
        return err_set(e, E_INVALID, "A request to sign needs a method, a target beginning with / and an authority.");
    if (!o->key_id || !*o->key_id) return err_set(e, E_INVALID, "A signature needs a key id.");
    bool body = req->body && req->body_len > 0;
    Added ad = {0};
    int rc = o->scheme == HS_CAVAGE    ? sign_cavage(a, req, o, body, &ad, e)
             : o->scheme == HS_RFC9421 ? sign_rfc9421(a, req, o, body, &ad, e)
                                       : err_set(e, E_INVALID, "The signature's scheme is unknown.");
    if (rc < 0) return -1;
    out->items = arena_alloc(a, ad.n * sizeof *out->items);
    memcpy(out->items, ad.items, ad.n * sizeof *out->items);
    out->n = ad.n;
    return 0;
}
