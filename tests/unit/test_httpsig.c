/* test_httpsig.c - the HTTP signature library (src/federation/httpsig.h):
 * round trips in draft-cavage and RFC 9421, what verification refuses (a
 * tampered body or header, the wrong key, a signature too old or too new, a
 * digest missing, not covered or wrong), and keys. The published test vectors
 * and the cross-checks with the openssl command are test_httpsig_vectors.c. */
#include <string.h>

#include "federation/httpsig.h"
#include "federation/internal.h"
#include "httpsig_keys.h"
#include "testutil.h"

static Arena A;
static const HsKeyPair K = {(char *)TEST_KEY_PUBLIC, (char *)TEST_KEY_PRIVATE};
static const HsKeyPair OTHER = {(char *)OTHER_KEY_PUBLIC, (char *)OTHER_KEY_PRIVATE};
static void setup(void) { arena_init(&A, 1 << 20); }
static void teardown(void) { arena_release(&A); }
TestSuite(httpsig, .init = setup, .fini = teardown);

#define NOW 1800000000
#define KEY_ID "https://node.example/actors/lisbon#main-key"
static const char BODY[] = "{\"type\":\"Follow\",\"actor\":\"https://node.example/actors/lisbon\"}";

/* A request as the receiver sees it: its own headers plus those the signer added. */
typedef struct Req {
    HsRequest r;
    HsHeader h[16];
} Req;

static void req_init(Req *q, const char *method, const char *target, const char *body)
{
    memset(q, 0, sizeof *q);
    q->h[0] = (HsHeader){"Host", "remote.example"};
    q->h[1] = (HsHeader){"Content-Type", "application/activity+json"};
    q->r = (HsRequest){.method = method, .target = target, .scheme = "https", .authority = "remote.example",
                       .headers = q->h, .n_headers = 2,
                       .body = (const unsigned char *)body, .body_len = body ? strlen(body) : 0};
}

static void req_add(Req *q, const HsHeaders *add)
{
    for (size_t i = 0; i < add->n; i++) q->h[q->r.n_headers++] = add->items[i];
}

/* Signs q with K in scheme s (split: RFC 9421's @authority @path). */
static void sign(Req *q, HsScheme s, bool split, int64_t when)
{
    HsSignOptions o = {.scheme = s, .key_id = KEY_ID, .private_pem = K.private_pem, .now = when, .split_target = split};
    HsHeaders add = {0};
    Err e = {0};
    cr_assert_eq(hs_sign(&A, &q->r, &o, &add, &e), 0, "%s", e.msg);
    req_add(q, &add);
}

/* Parses and verifies q against key at now; returns the error text ("" when
 * it holds). A request is refused with 401; a bad key is 422 (bad_key). */
static bool bad_key;
static const char *check(Req *q, const char *public_pem, int64_t now)
{
    static Err e;
    memset(&e, 0, sizeof e);
    HsParsed p;
    if (hs_parse(&A, &q->r, &p, &e) < 0) return e.msg;
    cr_assert_str_eq(p.key_id, KEY_ID);
    HsVerifyOptions o = {.now = now};
    if (hs_verify(&A, &q->r, &p, public_pem, &o, &e) < 0) {
        bad_key = e.code == E_INVALID;
        cr_assert_eq(e.code, bad_key ? E_INVALID : E_UNAUTHORIZED, "%d: %s", e.code, e.msg);
        return e.msg;
    }
    return "";
}

static void set_header(Req *q, const char *name, const char *value)
{
    for (size_t i = 0; i < q->r.n_headers; i++)
        if (strcasecmp(q->h[i].name, name) == 0) q->h[i].value = value;
}

/* Header `name` of q becomes `to`, its value prefixed with `prefix`. */
static void rename_header(Req *q, const char *name, const char *to, const char *prefix)
{
    for (size_t i = 0; i < q->r.n_headers; i++)
        if (strcasecmp(q->h[i].name, name) == 0) {
            q->h[i].name = to;
            q->h[i].value = arena_printf(&A, "%s%s", prefix, q->h[i].value);
        }
}

/* ---------- keys ---------- */

Test(httpsig, keys_are_pem_and_read_back)
{
    HsKeyPair N;  /* a new one, of the default size */
    Err e = {0};
    cr_assert_eq(hs_key_generate(&A, 0, &N, &e), 0, "%s", e.msg);
    cr_assert(strncmp(N.public_pem, "-----BEGIN PUBLIC KEY-----\n", 27) == 0, "%s", N.public_pem);
    cr_assert(strncmp(N.private_pem, "-----BEGIN PRIVATE KEY-----\n", 28) == 0);
    char *pub = NULL, *again = NULL;
    cr_assert_eq(hs_key_public_of(&A, N.private_pem, &pub, &e), 0, "%s", e.msg);
    cr_assert_str_eq(pub, N.public_pem);
    cr_assert_eq(hs_key_public_read(&A, N.public_pem, &again, &e), 0, "%s", e.msg);
    cr_assert_str_eq(again, N.public_pem);
    cr_assert_str_neq(N.public_pem, K.public_pem);
    cr_assert_eq(hs_key_public_of(&A, K.private_pem, &pub, &e), 0, "%s", e.msg);
    cr_assert_str_eq(pub, K.public_pem, "openssl pkey -pubout wrote the same");
    /* 2048 bits: the modulus takes 256 bytes, so the SubjectPublicKeyInfo is 294 bytes (392 in base64) */
    cr_assert_gt(strlen(N.public_pem), 392 + 50);
}

Test(httpsig, key_sizes_and_bad_keys)
{
    Err e = {0};
    HsKeyPair small;
    cr_assert_eq(hs_key_generate(&A, 1024, &small, &e), 0, "%s", e.msg);
    cr_assert_lt(strlen(small.public_pem), 300);
    cr_assert_eq(hs_key_generate(&A, 512, &small, &e), -1);
    cr_assert_eq(e.code, E_INVALID);
    err_clear(&e);
    cr_assert_eq(hs_key_public_read(&A, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", NULL, &e), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_eq(hs_key_public_read(&A, "", NULL, &e), -1);
    char *pub = NULL;
    cr_assert_eq(hs_key_public_of(&A, K.public_pem, &pub, &e), -1, "a public key is no private key");
}

/* ---------- round trips ---------- */

Test(httpsig, cavage_post_round_trip_as_mastodon)
{
    Req q;
    req_init(&q, "POST", "/actors/lisbon/inbox", BODY);
    sign(&q, HS_CAVAGE, false, NOW);
    const char *sig = hs_header(&A, &q.r, "signature");
    cr_assert(strstr(sig, "keyId=\"" KEY_ID "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\""),
              "%s", sig);
    cr_assert_str_eq(hs_header(&A, &q.r, "date"), "Fri, 15 Jan 2027 08:00:00 GMT");
    cr_assert_str_eq(hs_header(&A, &q.r, "digest"), hs_digest(&A, q.r.body, q.r.body_len));
    cr_assert_null(hs_header(&A, &q.r, "signature-input"));
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    HsParsed p;
    Err e = {0};
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0);
    cr_assert_eq(p.scheme, HS_CAVAGE);
    cr_assert_str_eq(p.algorithm, "rsa-sha256");
    cr_assert_eq(p.n_components, 4);
    cr_assert_str_eq(p.components[0], "(request-target)");
    char *text = NULL;
    cr_assert_eq(hs_signing_string(&A, &q.r, &p, &text, &e), 0);
    cr_assert_str_eq(text, arena_printf(&A, "(request-target): post /actors/lisbon/inbox\nhost: remote.example\n"
                                            "date: Fri, 15 Jan 2027 08:00:00 GMT\ndigest: %s",
                                        hs_digest(&A, q.r.body, q.r.body_len)));
}

Test(httpsig, cavage_get_covers_no_digest)
{
    Req q;
    req_init(&q, "GET", "/actors/lisbon?page=2", NULL);
    sign(&q, HS_CAVAGE, false, NOW);
    cr_assert(strstr(hs_header(&A, &q.r, "signature"), "headers=\"(request-target) host date\""));
    cr_assert_null(hs_header(&A, &q.r, "digest"));
    cr_assert_str_eq(check(&q, K.public_pem, NOW + 60), "");
}

Test(httpsig, rfc9421_post_round_trip)
{
    Req q;
    req_init(&q, "POST", "/actors/lisbon/inbox", BODY);
    sign(&q, HS_RFC9421, false, NOW);
    cr_assert_str_eq(hs_header(&A, &q.r, "signature-input"),
                     "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1800000000;keyid=\"" KEY_ID
                     "\";alg=\"rsa-v1_5-sha256\"");
    cr_assert_str_eq(hs_header(&A, &q.r, "content-digest"), hs_content_digest(&A, q.r.body, q.r.body_len));
    cr_assert(strncmp(hs_header(&A, &q.r, "signature"), "sig1=:", 6) == 0);
    cr_assert_null(hs_header(&A, &q.r, "date"));
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    HsParsed p;
    Err e = {0};
    char *base = NULL;
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0);
    cr_assert_eq(p.scheme, HS_RFC9421);
    cr_assert_str_eq(p.label, "sig1");
    cr_assert_eq(p.created, NOW);
    cr_assert_eq(hs_signing_string(&A, &q.r, &p, &base, &e), 0);
    cr_assert_str_eq(base, arena_printf(&A, "\"@method\": POST\n\"@target-uri\": https://remote.example/actors/lisbon/inbox\n"
                                            "\"content-digest\": %s\n\"@signature-params\": %s",
                                        hs_content_digest(&A, q.r.body, q.r.body_len), p.params));
}

Test(httpsig, rfc9421_split_target_and_query)
{
    Req q;
    req_init(&q, "GET", "/actors/lisbon/outbox?page=true", NULL);
    sign(&q, HS_RFC9421, true, NOW);
    const char *want = "sig1=(\"@method\" \"@authority\" \"@path\" \"@query\");created=";
    cr_assert(strncmp(hs_header(&A, &q.r, "signature-input"), want, strlen(want)) == 0, "%s", hs_header(&A, &q.r, "signature-input"));
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    q.r.target = "/actors/lisbon/outbox?page=false";
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not match the request and the signer's key.");
}

Test(httpsig, header_names_any_case_and_repeated)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    q.h[0].name = "HOST";
    sign(&q, HS_CAVAGE, false, NOW);
    rename_header(&q, "Signature", "signature", "");
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    HsHeader two[] = {{"Accept", " a "}, {"accept", "b"}};
    HsRequest r = {.headers = two, .n_headers = 2};
    cr_assert_str_eq(hs_header(&A, &r, "ACCEPT"), "a, b");
}

/* ---------- refusals ---------- */

Test(httpsig, tampered_body_is_refused)
{
    for (int s = HS_CAVAGE; s <= HS_RFC9421; s++) {
        Req q;
        req_init(&q, "POST", "/inbox", BODY);
        sign(&q, (HsScheme)s, false, NOW);
        q.r.body = (const unsigned char *)"{\"type\":\"Delete\",\"actor\":\"https://node.example/actors/lisbon\"}";
        q.r.body_len = strlen((const char *)q.r.body);
        cr_assert_str_eq(check(&q, K.public_pem, NOW), "The body does not match its digest.", "scheme %d", s);
    }
}

Test(httpsig, tampered_header_or_target_is_refused)
{
    for (int s = HS_CAVAGE; s <= HS_RFC9421; s++) {
        Req q;
        req_init(&q, "POST", "/inbox", BODY);
        sign(&q, (HsScheme)s, false, NOW);
        q.r.target = "/other/inbox";
        cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not match the request and the signer's key.");
    }
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_CAVAGE, false, NOW);
    set_header(&q, "Date", "Fri, 15 Jan 2027 08:00:01 GMT");
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not match the request and the signer's key.");
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_RFC9421, false, NOW);
    set_header(&q, "Content-Type", "text/plain");  /* not covered: no matter */
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
}

Test(httpsig, wrong_key_is_refused)
{
    for (int s = HS_CAVAGE; s <= HS_RFC9421; s++) {
        Req q;
        req_init(&q, "GET", "/actors/lisbon", NULL);
        sign(&q, (HsScheme)s, false, NOW);
        cr_assert_str_eq(check(&q, OTHER.public_pem, NOW), "The signature does not match the request and the signer's key.");
        cr_assert_str_eq(check(&q, "not a key", NOW),
                         "The public key is not a PEM public key (\"BEGIN PUBLIC KEY\" or \"BEGIN RSA PUBLIC KEY\").");
        cr_assert(bad_key);
    }
}

Test(httpsig, too_old_or_too_new_is_refused)
{
    for (int s = HS_CAVAGE; s <= HS_RFC9421; s++) {
        Req q;
        req_init(&q, "POST", "/inbox", BODY);
        sign(&q, (HsScheme)s, false, NOW);
        cr_assert_str_eq(check(&q, K.public_pem, NOW + HS_SKEW_PAST), "");
        cr_assert_str_eq(check(&q, K.public_pem, NOW + HS_SKEW_PAST + 1),
                         "The signature was made 43201 seconds ago, more than the 43200 allowed.");
        cr_assert_str_eq(check(&q, K.public_pem, NOW - HS_SKEW_FUTURE), "");
        cr_assert_str_eq(check(&q, K.public_pem, NOW - HS_SKEW_FUTURE - 1),
                         "The signature was made 301 seconds in the future, more than the 300 allowed.");
    }
    Req q;  /* a narrower window of the caller's */
    req_init(&q, "GET", "/inbox", NULL);
    sign(&q, HS_CAVAGE, false, NOW);
    HsParsed p;
    Err e = {0};
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0);
    HsVerifyOptions o = {.now = NOW + 61, .skew_past = 60};
    cr_assert_eq(hs_verify(&A, &q.r, &p, K.public_pem, &o, &e), -1);
    cr_assert_str_eq(e.msg, "The signature was made 61 seconds ago, more than the 60 allowed.");
}

/* s with the first `from` replaced by `to` (arena). */
static const char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    cr_assert_not_null(at, "%s has no %s", s, from);
    return arena_printf(&A, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

/* q with its header `name` edited (from → to), checked at NOW. */
static const char *edited(Req *q, const char *name, const char *from, const char *to)
{
    set_header(q, name, replace(hs_header(&A, &q->r, name), from, to));
    return check(q, K.public_pem, NOW);
}

/* Signs q in cavage with K over the names in `headers` and `created` (0: none),
 * as another server might: hs2019, the created parameter. */
static void sign_cavage_over(Req *q, const char *headers, int64_t created)
{
    HsParsed p = {.scheme = HS_CAVAGE, .created = created};
    const char *names[8];
    char *list = arena_strdup(&A, headers), *save = NULL;
    for (char *t = strtok_r(list, " ", &save); t; t = strtok_r(NULL, " ", &save)) names[p.n_components++] = t;
    p.components = names;
    char *text = NULL;
    unsigned char *sig = NULL;
    size_t len = 0;
    Err e = {0};
    cr_assert_eq(hs_signing_string(&A, &q->r, &p, &text, &e), 0, "%s", e.msg);
    EVP_PKEY *key = hs_pkey_private(K.private_pem, &e);
    cr_assert_eq(hs_pkey_sign(&A, key, text, strlen(text), &sig, &len, &e), 0);
    EVP_PKEY_free(key);
    q->h[q->r.n_headers++] = (HsHeader){"Signature", arena_printf(&A, "keyId=\"%s\",algorithm=\"hs2019\",created=%lld,headers=\"%s\",signature=\"%s\"",
                                                                  KEY_ID, (long long)created, headers, hs_base64(&A, sig, len))};
}

Test(httpsig, signed_parameters_are_signed)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_RFC9421, false, NOW);
    cr_assert_str_eq(edited(&q, "Signature-Input", "created=1800000000", "created=1800000001"),
                     "The signature does not match the request and the signer's key.");
}

Test(httpsig, expires_is_kept)
{
    /* no signer here writes expires; a parsed one that has passed refuses the request, after the signature holds */
    Req q;
    req_init(&q, "GET", "/inbox", NULL);
    sign(&q, HS_RFC9421, false, NOW);
    HsParsed p;
    Err e = {0};
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0);
    p.expires = NOW + 10;
    HsVerifyOptions o = {.now = NOW + 10};
    cr_assert_eq(hs_verify(&A, &q.r, &p, K.public_pem, &o, &e), 0, "%s", e.msg);
    o.now = NOW + 11;
    cr_assert_eq(hs_verify(&A, &q.r, &p, K.public_pem, &o, &e), -1);
    cr_assert_str_eq(e.msg, "The signature has expired.");
}

Test(httpsig, missing_digest_is_refused)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_CAVAGE, false, NOW);
    rename_header(&q, "Digest", "X-Was-Digest", "");
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature covers digest, which the request does not have.");
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_RFC9421, false, NOW);
    rename_header(&q, "Content-Digest", "X-Was-Digest", "");
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature covers content-digest, which the request does not have.");
}

Test(httpsig, digest_not_covered_is_refused)
{
    for (int s = HS_CAVAGE; s <= HS_RFC9421; s++) {
        Req q;
        req_init(&q, "POST", "/inbox", NULL);  /* signed without a body, sent with one */
        sign(&q, (HsScheme)s, false, NOW);
        q.r.body = (const unsigned char *)BODY;
        q.r.body_len = strlen(BODY);
        cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not cover the body's digest.");
    }
}

Test(httpsig, digest_of_other_algorithms)
{
    /* the sender's own Content-Digest with SHA-512 (RFC 9530's example of {"hello": "world"}) is signed and checked */
    Req q;
    req_init(&q, "POST", "/inbox", "{\"hello\": \"world\"}");
    q.h[q.r.n_headers++] = (HsHeader){"Content-Digest",
        "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"};
    sign(&q, HS_RFC9421, false, NOW);
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    q.r.body = (const unsigned char *)"{\"hello\": \"World\"}";
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The body does not match its digest.");
    /* a Digest with only an algorithm this server does not know proves nothing */
    req_init(&q, "POST", "/inbox", BODY);
    q.h[q.r.n_headers++] = (HsHeader){"Digest", "MD5=HUXZLQLMuI/KZ5KDcJPcOA=="};
    sign(&q, HS_CAVAGE, false, NOW);
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The digest header has no SHA-256 or SHA-512 digest.");
    cr_assert_str_eq(hs_digest(&A, (const unsigned char *)"{\"hello\": \"world\"}", 18),
                     "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
    cr_assert_str_eq(hs_content_digest(&A, (const unsigned char *)"{\"hello\": \"world\"}", 18),
                     "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
}

/* A cavage request whose Signature header is `sig` (the signature itself random). */
static const char *cavage_claims(const char *sig)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    q.h[q.r.n_headers++] = (HsHeader){"Date", "Fri, 15 Jan 2027 08:00:00 GMT"};
    q.h[q.r.n_headers++] = (HsHeader){"Digest", hs_digest(&A, q.r.body, q.r.body_len)};
    q.h[q.r.n_headers++] = (HsHeader){"Signature", sig};
    return check(&q, K.public_pem, NOW);
}

Test(httpsig, coverage_is_required)
{
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",headers=\"host date digest\",signature=\"AAAA\""),
                     "The signature does not cover the request's method and path ((request-target)).");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",headers=\"(request-target) date digest\",signature=\"AAAA\""),
                     "The signature does not cover the host.");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",headers=\"(request-target) host date\",signature=\"AAAA\""),
                     "The signature does not cover the body's digest.");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",algorithm=\"hmac-sha256\",headers=\"(request-target) host date digest\",signature=\"AAAA\""),
                     "The signature's algorithm \"hmac-sha256\" is not supported (rsa-sha256 or hs2019; rsa-v1_5-sha256, rsa-pss-sha512 or ed25519 in RFC 9421).");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",headers=\"(request-target) host digest\",signature=\"AAAA\""),
                     "The signature does not match the request and the signer's key.");
    Req q;
    req_init(&q, "GET", "/inbox", NULL);
    q.h[q.r.n_headers++] = (HsHeader){"Signature-Input", "sig1=(\"@path\" \"@authority\");created=1800000000;keyid=\"" KEY_ID "\""};
    q.h[q.r.n_headers++] = (HsHeader){"Signature", "sig1=:AAAA:"};
    cr_assert_str_eq(check(&q, K.public_pem, NOW),
                     "The signature does not cover the request's method and path (@method and @target-uri or @path).");
    q.h[2].value = "sig1=(\"@method\" \"@path\");created=1800000000;keyid=\"" KEY_ID "\"";
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not cover the host (@authority or @target-uri).");
}

Test(httpsig, time_must_be_signed)
{
    /* a signature over no date cannot be placed in time: refused though it holds */
    Req q;
    req_init(&q, "GET", "/inbox", NULL);
    sign_cavage_over(&q, "(request-target) host", 0);
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not cover the time it was made (date or (created)).");
    /* (created) instead of a Date header, as hs2019 allows */
    req_init(&q, "GET", "/inbox", NULL);
    sign_cavage_over(&q, "(request-target) (created) host", NOW);
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    cr_assert_str_eq(check(&q, K.public_pem, NOW + HS_SKEW_PAST + 5),
                     "The signature was made 43205 seconds ago, more than the 43200 allowed.");
    cr_assert_str_eq(edited(&q, "Signature", "created=1800000000", "created=1800000300"),
                     "The signature does not match the request and the signer's key.");
    /* the Date a signature does not cover does not count */
    req_init(&q, "GET", "/inbox", NULL);
    q.h[q.r.n_headers++] = (HsHeader){"Date", "Fri, 15 Jan 2027 08:00:00 GMT"};
    sign_cavage_over(&q, "(request-target) host", 0);
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The signature does not cover the time it was made (date or (created)).");
}

Test(httpsig, hs2019_is_rsa_sha256)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_CAVAGE, false, NOW);
    cr_assert_str_eq(edited(&q, "Signature", "algorithm=\"rsa-sha256\"", "algorithm=\"hs2019\""), "");
    cr_assert_str_eq(edited(&q, "Signature", "algorithm=\"hs2019\",", ""), "", "no algorithm: the key's");
}

Test(httpsig, unsigned_and_malformed_are_refused)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    HsParsed p;
    Err e = {0};
    cr_assert(!hs_is_signed(&q.r));
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), -1);
    cr_assert_eq(e.code, E_UNAUTHORIZED);
    cr_assert_str_eq(e.msg, "The request is not signed (it has no Signature header).");
    cr_assert_str_eq(cavage_claims("headers=\"(request-target) host date digest\",signature=\"AAAA\""), "The signature names no keyId.");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",headers=\"(request-target) host date digest\""),
                     "The Signature header has no signature in base64.");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID "\",signature=\"!!!!\""), "The Signature header has no signature in base64.");
    cr_assert_str_eq(cavage_claims("keyId=\"" KEY_ID), "The Signature header is malformed (it is keyId=\"…\",headers=\"…\",signature=\"…\").");
    req_init(&q, "GET", "/inbox", NULL);
    q.h[q.r.n_headers++] = (HsHeader){"Signature-Input", "sig1=(\"@method\" \"@target-uri\";created=1"};
    q.h[q.r.n_headers++] = (HsHeader){"Signature", "sig1=:AAAA:"};
    cr_assert(hs_is_signed(&q.r));
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), -1);
    cr_assert_str_eq(e.msg, "The Signature-Input header is malformed.");
    q.h[2].value = "sig1=(\"@method\" \"@target-uri\");created=1800000000;keyid=\"k\"";
    q.h[3].value = "sig2=:AAAA:";
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), -1);
    cr_assert_str_eq(e.msg, "The Signature header has no signature labelled sig1.");
    q.h[2].value = "sig1=(\"@method\" \"@target-uri\" \"x\";sf);created=1800000000;keyid=\"k\"";
    q.h[3].value = "sig1=:AAAA:";
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), -1);
    cr_assert(strstr(e.msg, "component with parameters"), "%s", e.msg);
}

Test(httpsig, rfc9421_picks_sig1_among_several)
{
    Req q;
    req_init(&q, "GET", "/inbox", NULL);
    sign(&q, HS_RFC9421, false, NOW);
    set_header(&q, "Signature-Input", arena_printf(&A, "proxy=(\"@method\");created=1;keyid=\"p\", %s",
                                                   hs_header(&A, &q.r, "signature-input")));
    set_header(&q, "Signature", arena_printf(&A, "proxy=:AAAA:, %s", hs_header(&A, &q.r, "signature")));
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
}

Test(httpsig, sign_needs_a_request_and_a_key)
{
    Req q;
    req_init(&q, "GET", "inbox", NULL);
    HsSignOptions o = {.scheme = HS_CAVAGE, .key_id = KEY_ID, .private_pem = K.private_pem, .now = NOW};
    HsHeaders add;
    Err e = {0};
    cr_assert_eq(hs_sign(&A, &q.r, &o, &add, &e), -1);
    cr_assert_eq(e.code, E_INVALID);
    q.r.target = "/inbox";
    o.private_pem = K.public_pem;
    cr_assert_eq(hs_sign(&A, &q.r, &o, &add, &e), -1);
    cr_assert_str_eq(e.msg, "The private key is not a PEM private key (PKCS#8 or PKCS#1).");
    o.private_pem = K.private_pem;
    o.key_id = "";
    cr_assert_eq(hs_sign(&A, &q.r, &o, &add, &e), -1);
    cr_assert_str_eq(e.msg, "A signature needs a key id.");
}

Test(httpsig, cavage_in_authorization)
{
    Req q;
    req_init(&q, "POST", "/inbox", BODY);
    sign(&q, HS_CAVAGE, false, NOW);
    rename_header(&q, "Signature", "Authorization", "Signature ");
    cr_assert(hs_is_signed(&q.r));
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "");
    q.r.body_len--;
    cr_assert_str_eq(check(&q, K.public_pem, NOW), "The body does not match its digest.");
    HsHeader bearer[] = {{"Authorization", "Bearer abc"}};
    HsRequest r = {.method = "GET", .target = "/", .authority = "x", .headers = bearer, .n_headers = 1};
    cr_assert(!hs_is_signed(&r));
}
