/* test_httpsig_vectors.c - the HTTP signature library against what others
 * published and built: the test keys and examples of draft-cavage-http-
 * signatures-12 (appendix C) and of RFC 9421 (appendix B.1 keys, B.2
 * examples), and the openssl command, an independent implementation, over
 * the exact texts this library signs, and tests/tools/httpsig_peer.mjs, the
 * same signatures written again in JavaScript with node's crypto (each
 * skipped with a message when its command is missing). src/federation/httpsig.h; test_httpsig.c has the
 * round trips and refusals. */
#include <jansson.h>
#include <string.h>

#include "federation/httpsig.h"
#include "federation/internal.h"
#include "httpsig_keys.h"
#include "testutil.h"

static Arena A;
static void setup(void) { arena_init(&A, 1 << 20); }
static void teardown(void) { arena_release(&A); }
TestSuite(httpsig_vectors, .init = setup, .fini = teardown);

/* ---------- draft-cavage-http-signatures-12, appendix C ---------- */

/* The draft's test key (C.1), a 1024-bit RSA key, in PKCS#1 as published. */
static const char CAVAGE_PRIVATE[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF\n"
    "NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F\n"
    "UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB\n"
    "AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA\n"
    "QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK\n"
    "kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg\n"
    "f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u\n"
    "412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc\n"
    "mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7\n"
    "kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA\n"
    "gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW\n"
    "G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI\n"
    "7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==\n"
    "-----END RSA PRIVATE KEY-----\n";
static const char CAVAGE_PUBLIC[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3\n"
    "6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6\n"
    "Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw\n"
    "oYi+1hqp1fIekaxsyQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";
/* The same public key as PKCS#1 ("RSA PUBLIC KEY"), as `openssl rsa -RSAPublicKey_out` writes it. */
static const char CAVAGE_PUBLIC_PKCS1[] =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIGJAoGBAMIUQ0bDffIaKHL3akONlCGXQLfqs8mP4K99ILz6rbyHEDXrVAU1R3Xf\n"
    "C4JNRyrRB3aqwF7/aEXJzYMIkmDSHUvvz7pnhQxHsQ5yl91QT0d/eb+Gz4VRHjm4\n"
    "El4MrUdIUcPxscoPqS/wU8Z8lOi1z7bGMnChiL7WGqnV8h6RrGzJAgMBAAE=\n"
    "-----END RSA PUBLIC KEY-----\n";
/* Sun, 05 Jan 2014 21:31:40 GMT, the Date of the draft's test request */
#define CAVAGE_NOW 1388957500
#define CAVAGE_BASIC_SIG "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0="
#define CAVAGE_ALL_SIG "vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52LaEUHFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE="

typedef struct Req {
    HsRequest r;
    HsHeader h[12];
} Req;

/* The draft's test request: POST /foo?param=value&pet=dog with {"hello": "world"}, and `signature`. */
static void cavage_request(Req *q, const char *signature)
{
    static const char body[] = "{\"hello\": \"world\"}";
    memset(q, 0, sizeof *q);
    q->h[0] = (HsHeader){"Host", "example.com"};
    q->h[1] = (HsHeader){"Date", "Sun, 05 Jan 2014 21:31:40 GMT"};
    q->h[2] = (HsHeader){"Content-Type", "application/json"};
    q->h[3] = (HsHeader){"Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="};
    q->h[4] = (HsHeader){"Content-Length", "18"};
    size_t n = 5;
    if (signature) q->h[n++] = (HsHeader){"Signature", signature};
    q->r = (HsRequest){.method = "POST", .target = "/foo?param=value&pet=dog", .scheme = "https",
                       .authority = "example.com", .headers = q->h, .n_headers = n,
                       .body = (const unsigned char *)body, .body_len = strlen(body)};
}

static int verify(Req *q, const char *public_pem, int64_t now, Err *e)
{
    HsParsed p;
    if (hs_parse(&A, &q->r, &p, e) < 0) return -1;
    HsVerifyOptions o = {.now = now};
    return hs_verify(&A, &q->r, &p, public_pem, &o, e);
}

Test(httpsig_vectors, cavage_test_key_reads_in_both_forms)
{
    Err e = {0};
    char *spki = NULL, *of_private = NULL;
    cr_assert_eq(hs_key_public_read(&A, CAVAGE_PUBLIC_PKCS1, &spki, &e), 0, "%s", e.msg);
    cr_assert_str_eq(spki, CAVAGE_PUBLIC);
    cr_assert_eq(hs_key_public_of(&A, CAVAGE_PRIVATE, &of_private, &e), 0, "%s", e.msg);
    cr_assert_str_eq(of_private, CAVAGE_PUBLIC);
}

/* C.2, the basic test: (request-target) host date. */
Test(httpsig_vectors, cavage_basic_test)
{
    Req q;
    cavage_request(&q, "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"" CAVAGE_BASIC_SIG "\"");
    HsParsed p;
    Err e = {0};
    char *text = NULL;
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0, "%s", e.msg);
    cr_assert_str_eq(p.key_id, "Test");
    cr_assert_eq(hs_signing_string(&A, &q.r, &p, &text, &e), 0);
    cr_assert_str_eq(text, "(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: Sun, 05 Jan 2014 21:31:40 GMT");
    /* the signature holds, but it leaves the body unprotected: refused with the body, accepted without */
    HsVerifyOptions o = {.now = CAVAGE_NOW};
    cr_assert_eq(hs_verify(&A, &q.r, &p, CAVAGE_PUBLIC, &o, &e), -1);
    cr_assert_str_eq(e.msg, "The signature does not cover the body's digest.");
    q.r.body_len = 0;
    cr_assert_eq(hs_verify(&A, &q.r, &p, CAVAGE_PUBLIC, &o, &e), 0, "%s", e.msg);
    cr_assert_eq(hs_verify(&A, &q.r, &p, CAVAGE_PUBLIC_PKCS1, &o, &e), 0, "%s", e.msg);
    /* RSASSA-PKCS1-v1_5 is deterministic: signing the same request gives the draft's signature */
    cavage_request(&q, NULL);
    q.r.n_headers = 2;  /* Host and Date */
    q.r.body_len = 0;
    HsSignOptions so = {.scheme = HS_CAVAGE, .key_id = "Test", .private_pem = CAVAGE_PRIVATE, .now = CAVAGE_NOW};
    HsHeaders add = {0};
    cr_assert_eq(hs_sign(&A, &q.r, &so, &add, &e), 0, "%s", e.msg);
    cr_assert_eq(add.n, 1, "the request's Date is signed as it is");
    cr_assert_str_eq(add.items[0].value,
                     "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"" CAVAGE_BASIC_SIG "\"");
}

/* C.3, all headers, with the body and its digest covered. */
Test(httpsig_vectors, cavage_all_headers_test)
{
    Req q;
    cavage_request(&q, "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date content-type digest content-length\",signature=\"" CAVAGE_ALL_SIG "\"");
    Err e = {0};
    cr_assert_eq(verify(&q, CAVAGE_PUBLIC, CAVAGE_NOW + 3600, &e), 0, "%s", e.msg);
    q.r.body = (const unsigned char *)"{\"hello\": \"World\"}";
    cr_assert_eq(verify(&q, CAVAGE_PUBLIC, CAVAGE_NOW, &e), -1);
    cr_assert_str_eq(e.msg, "The body does not match its digest.");
    cavage_request(&q, "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date content-type digest content-length\",signature=\"" CAVAGE_ALL_SIG "\"");
    cr_assert_eq(verify(&q, CAVAGE_PUBLIC, CAVAGE_NOW + HS_SKEW_PAST + 1, &e), -1);
    cr_assert_str_eq(e.msg, "The signature was made 43201 seconds ago, more than the 43200 allowed.");
    q.h[4].value = "19";
    cr_assert_eq(verify(&q, CAVAGE_PUBLIC, CAVAGE_NOW, &e), -1);
    cr_assert_str_eq(e.msg, "The signature does not match the request and the signer's key.");
}

/* ---------- RFC 9421, appendix B ---------- */

/* B.1.2, test-key-rsa-pss (its public part). */
static const char RFC_RSA_PSS_PUBLIC[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2\n"
    "+QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+\n"
    "oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq\n"
    "gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W\n"
    "Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4\n"
    "aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI\n"
    "2wIDAQAB\n"
    "-----END PUBLIC KEY-----\n";
/* B.1.4, test-key-ed25519 (its public part). */
static const char RFC_ED25519_PUBLIC[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n"
    "-----END PUBLIC KEY-----\n";
/* created=1618884473 in the examples */
#define RFC_NOW 1618884473

/* B.2's test-request: POST /foo?param=Value&Pet=dog with {"hello": "world"}, and a signature. */
static void rfc_request(Req *q, const char *input, const char *signature)
{
    static const char body[] = "{\"hello\": \"world\"}";
    memset(q, 0, sizeof *q);
    q->h[0] = (HsHeader){"Host", "example.com"};
    q->h[1] = (HsHeader){"Date", "Tue, 20 Apr 2021 02:07:55 GMT"};
    q->h[2] = (HsHeader){"Content-Type", "application/json"};
    q->h[3] = (HsHeader){"Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"};
    q->h[4] = (HsHeader){"Content-Length", "18"};
    q->h[5] = (HsHeader){"Signature-Input", input};
    q->h[6] = (HsHeader){"Signature", signature};
    q->r = (HsRequest){.method = "POST", .target = "/foo?param=Value&Pet=dog", .scheme = "https",
                       .authority = "example.com", .headers = q->h, .n_headers = 7,
                       .body = (const unsigned char *)body, .body_len = strlen(body)};
}

/* B.2.1, a minimal signature with rsa-pss-sha512: it covers nothing of the request. */
Test(httpsig_vectors, rfc9421_b21_minimal_rsa_pss)
{
    Req q;
    rfc_request(&q, "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
                "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG"
                "52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6"
                "UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:");
    HsParsed p;
    Err e = {0};
    char *base = NULL;
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0, "%s", e.msg);
    cr_assert_str_eq(p.label, "sig-b21");
    cr_assert_str_eq(p.key_id, "test-key-rsa-pss");
    cr_assert_eq(p.n_components, 0);
    cr_assert_eq(hs_signing_string(&A, &q.r, &p, &base, &e), 0);
    cr_assert_str_eq(base, "\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"");
    /* the RFC's signature of that base holds with its key */
    EVP_PKEY *key = hs_pkey_public(RFC_RSA_PSS_PUBLIC, &e);
    cr_assert_not_null(key, "%s", e.msg);
    cr_assert(hs_pkey_verify(key, HS_ALG_RSA_PSS_SHA512, base, strlen(base), p.signature, p.signature_len));
    cr_assert(!hs_pkey_verify(key, HS_ALG_RSA_PSS_SHA512, base, strlen(base) - 1, p.signature, p.signature_len));
    cr_assert(!hs_pkey_verify(key, HS_ALG_RSA_SHA256, base, strlen(base), p.signature, p.signature_len));
    EVP_PKEY_free(key);
    /* but a request it could be pasted onto is no request this server takes */
    HsVerifyOptions o = {.now = RFC_NOW};
    cr_assert_eq(hs_verify(&A, &q.r, &p, RFC_RSA_PSS_PUBLIC, &o, &e), -1);
    cr_assert_str_eq(e.msg, "The signature does not cover the request's method and path (@method and @target-uri or @path).");
}

/* B.2.6, ed25519 over date, @method, @path, @authority, content-type, content-length. */
Test(httpsig_vectors, rfc9421_b26_ed25519)
{
    Req q;
    rfc_request(&q, "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"",
                "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:");
    HsParsed p;
    Err e = {0};
    char *base = NULL;
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0, "%s", e.msg);
    cr_assert_null(p.algorithm);
    cr_assert_eq(hs_signing_string(&A, &q.r, &p, &base, &e), 0);
    cr_assert_str_eq(base, "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\"@method\": POST\n\"@path\": /foo\n\"@authority\": example.com\n"
                           "\"content-type\": application/json\n\"content-length\": 18\n"
                           "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");"
                           "created=1618884473;keyid=\"test-key-ed25519\"");
    HsVerifyOptions o = {.now = RFC_NOW + 60};
    cr_assert_eq(hs_verify(&A, &q.r, &p, RFC_ED25519_PUBLIC, &o, &e), -1, "the body's digest is not covered");
    cr_assert_str_eq(e.msg, "The signature does not cover the body's digest.");
    q.r.body_len = 0;  /* the same request without a body: the signature holds, the algorithm the key's */
    cr_assert_eq(hs_verify(&A, &q.r, &p, RFC_ED25519_PUBLIC, &o, &e), 0, "%s", e.msg);
    q.h[0].value = "example.org";  /* Host is not what @authority signs: the request's authority is */
    cr_assert_eq(hs_verify(&A, &q.r, &p, RFC_ED25519_PUBLIC, &o, &e), 0, "%s", e.msg);
    q.r.authority = "example.org";
    cr_assert_eq(hs_verify(&A, &q.r, &p, RFC_ED25519_PUBLIC, &o, &e), -1);
    cr_assert_str_eq(e.msg, "The signature does not match the request and the signer's key.");
    q.r.authority = "example.com";
    cr_assert_eq(hs_verify(&A, &q.r, &p, RFC_RSA_PSS_PUBLIC, &o, &e), -1);
    cr_assert_eq(hs_verify(&A, &q.r, &p, CAVAGE_PUBLIC, &o, &e), -1);
    cr_assert_str_eq(e.msg, "The signature does not match the request and the signer's key.");
}

/* ---------- the openssl command, over the texts this library signs ---------- */

static bool have_openssl(void)
{
    if (system("command -v openssl >/dev/null 2>&1") == 0) return true;
    cr_log_warn("skipped: the openssl command is not installed, so nothing checks this library against it");
    return false;
}

static char dir[32];

static const char *path(const char *name) { return arena_printf(&A, "%s/%s", dir, name); }

static void put(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(path(name), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void put_text(const char *name, const char *text) { put(name, text, strlen(text)); }

/* A new folder for the files the commands read, with a key pair in it
 * (httpsig_keys.h's: test_httpsig.c shows that generated ones are the same kind). */
static HsKeyPair fresh(void)
{
    strcpy(dir, "/tmp/glocal-httpsig-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    HsKeyPair k = {(char *)TEST_KEY_PUBLIC, (char *)TEST_KEY_PRIVATE};
    put_text("pub.pem", k.public_pem);
    put_text("key.pem", k.private_pem);
    return k;
}

/* The command's exit status and first line of output. */
static int run(const char *cmd, char *line, size_t size)
{
    FILE *p = popen(arena_printf(&A, "%s 2>&1", cmd), "r");
    cr_assert_not_null(p);
    line[0] = 0;
    if (!fgets(line, (int)size, p)) line[0] = 0;
    line[strcspn(line, "\n")] = 0;
    return pclose(p);
}

static void cleanup(void)
{
    int rc = system(arena_printf(&A, "rm -rf '%s'", dir));
    (void)rc;
}

Test(httpsig_vectors, openssl_verifies_what_this_library_signs)
{
    if (!have_openssl()) return;
    HsKeyPair k = fresh();
    Err e = {0};
    Req q;
    cavage_request(&q, NULL);
    q.r.n_headers = 1;  /* Host: the signer adds Date and Digest */
    HsSignOptions so = {.scheme = HS_CAVAGE, .key_id = "https://node.example/actors/a#main-key", .private_pem = k.private_pem,
                        .now = 1800000000};
    HsHeaders add = {0};
    cr_assert_eq(hs_sign(&A, &q.r, &so, &add, &e), 0, "%s", e.msg);
    for (size_t i = 0; i < add.n; i++) q.h[q.r.n_headers++] = add.items[i];
    HsParsed p;
    char *text = NULL, line[200];
    cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0, "%s", e.msg);
    cr_assert_eq(hs_signing_string(&A, &q.r, &p, &text, &e), 0);
    put_text("text", text);
    put("sig", p.signature, p.signature_len);
    const char *cmd = arena_printf(&A, "openssl dgst -sha256 -verify %s -signature %s %s", path("pub.pem"), path("sig"), path("text"));
    cr_expect_eq(run(cmd, line, sizeof line), 0, "%s", line);
    cr_expect_str_eq(line, "Verified OK");
    put("text", text, strlen(text) - 1);
    cr_expect_neq(run(cmd, line, sizeof line), 0, "openssl refuses a text one byte shorter");
    cleanup();
}

/* openssl signs the RFC 9421 base of a request (PKCS#1 v1.5 and PSS); this library verifies. */
Test(httpsig_vectors, this_library_verifies_what_openssl_signs)
{
    if (!have_openssl()) return;
    HsKeyPair k = fresh();
    Err e = {0};
    static const char *const algs[][2] = {
        {"rsa-v1_5-sha256", "-sha256"},
        {"rsa-pss-sha512", "-sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:64 -sigopt rsa_mgf1_md:sha512"},
    };
    for (size_t i = 0; i < 2; i++) {
        Req q;
        const char *input = arena_printf(&A, "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1800000000;keyid=\"k\";alg=\"%s\"", algs[i][0]);
        rfc_request(&q, input, "sig1=:AAAA:");
        HsParsed p;
        char *base = NULL, line[200];
        cr_assert_eq(hs_parse(&A, &q.r, &p, &e), 0, "%s", e.msg);
        cr_assert_eq(hs_signing_string(&A, &q.r, &p, &base, &e), 0);
        put_text("base", base);
        cr_assert_eq(run(arena_printf(&A, "openssl dgst %s -sign %s -out %s %s", algs[i][1], path("key.pem"), path("sig"), path("base")),
                         line, sizeof line), 0, "%s", line);
        FILE *f = fopen(path("sig"), "rb");
        unsigned char sig[512];
        size_t n = fread(sig, 1, sizeof sig, f);
        fclose(f);
        cr_assert_eq(n, 256);
        q.h[6].value = arena_printf(&A, "sig1=:%s:", hs_base64(&A, sig, n));
        cr_assert_eq(verify(&q, k.public_pem, 1800000000, &e), 0, "%s: %s", algs[i][0], e.msg);
        q.r.target = "/foo?param=value&Pet=dog";
        cr_assert_eq(verify(&q, k.public_pem, 1800000000, &e), -1);
        cr_assert_str_eq(e.msg, "The signature does not match the request and the signer's key.");
    }
    cleanup();
}

/* ---------- tests/tools/httpsig_peer.mjs: node, both ways ---------- */

#define PEER "tests/tools/httpsig_peer.mjs"

static bool have_node(void)
{
    if (system("command -v node >/dev/null 2>&1") == 0 && access(PEER, R_OK) == 0) return true;
    cr_log_warn("skipped: node or " PEER " (run from the repository) is missing, so nothing checks this library against it");
    return false;
}

/* Writes q as the peer reads it (request.json). */
static void put_request(const Req *q)
{
    json_t *headers = json_array();
    for (size_t i = 0; i < q->r.n_headers; i++)
        json_array_append_new(headers, json_pack("[ss]", q->r.headers[i].name, q->r.headers[i].value));
    json_t *j = json_pack("{ss ss ss ss so s:s#}", "method", q->r.method, "target", q->r.target, "scheme", q->r.scheme,
                          "authority", q->r.authority, "headers", headers, "body", q->r.body ? (const char *)q->r.body : "",
                          q->r.body ? q->r.body_len : 0);
    cr_assert_eq(json_dump_file(j, path("request.json"), 0), 0);
    json_decref(j);
}

/* A POST with a body and a GET with a query, from this node to remote.example. */
static void peer_request(Req *q, bool post)
{
    static const char body[] = "{\"type\":\"Create\",\"object\":{\"type\":\"Event\",\"name\":\"Caf\xc3\xa9 \\\"Lisboa\\\"\"}}";
    memset(q, 0, sizeof *q);
    q->h[0] = (HsHeader){"Host", "remote.example:8443"};
    q->h[1] = (HsHeader){"Content-Type", "application/activity+json"};
    q->r = (HsRequest){.method = post ? "POST" : "GET", .target = post ? "/users/ana/inbox" : "/users/ana/outbox?page=2",
                       .scheme = "https", .authority = "remote.example:8443", .headers = q->h, .n_headers = 2,
                       .body = post ? (const unsigned char *)body : NULL, .body_len = post ? strlen(body) : 0};
}

Test(httpsig_vectors, node_verifies_what_this_library_signs)
{
    if (!have_node()) return;
    HsKeyPair k = fresh();
    Err e = {0};
    const char *cmd = arena_printf(&A, "node " PEER " verify %s %s", path("pub.pem"), path("request.json"));
    for (int i = 0; i < 6; i++) {
        Req q;
        peer_request(&q, i % 2 == 0);
        HsSignOptions o = {.scheme = i < 2 ? HS_CAVAGE : HS_RFC9421, .key_id = "https://node.example/actors/x#main-key",
                           .private_pem = k.private_pem, .now = 1800000000, .split_target = i >= 4};
        HsHeaders add = {0};
        cr_assert_eq(hs_sign(&A, &q.r, &o, &add, &e), 0, "%s", e.msg);
        for (size_t j = 0; j < add.n; j++) q.h[q.r.n_headers++] = add.items[j];
        char line[200];
        put_request(&q);
        cr_assert_eq(run(cmd, line, sizeof line), 0, "%s", line);
        cr_expect_str_eq(line, "ok", "case %d", i);
        q.r.target = "/users/bob/inbox";
        put_request(&q);
        run(cmd, line, sizeof line);
        cr_expect_str_eq(line, "refused: the signature does not hold", "case %d", i);
    }
    cleanup();
}

Test(httpsig_vectors, this_library_verifies_what_node_signs)
{
    if (!have_node()) return;
    HsKeyPair k = fresh();
    Err e = {0};
    for (int i = 0; i < 4; i++) {
        Req q;
        peer_request(&q, i % 2 == 0);
        put_request(&q);
        FILE *p = popen(arena_printf(&A, "node " PEER " sign %s %s https://remote.example/k 1800000000 %s",
                                     i < 2 ? "cavage" : "rfc9421", path("key.pem"), path("request.json")), "r");
        cr_assert_not_null(p);
        json_error_t je;
        json_t *added = json_loadf(p, 0, &je);
        cr_assert_eq(pclose(p), 0);
        cr_assert(json_is_array(added), "%s", je.text);
        size_t j;
        json_t *h;
        json_array_foreach(added, j, h) q.h[q.r.n_headers++] = (HsHeader){arena_strdup(&A, json_string_value(json_array_get(h, 0))),
                                                                          arena_strdup(&A, json_string_value(json_array_get(h, 1)))};
        json_decref(added);
        HsParsed parsed;
        cr_assert_eq(hs_parse(&A, &q.r, &parsed, &e), 0, "%s", e.msg);
        cr_assert_str_eq(parsed.key_id, "https://remote.example/k");
        HsVerifyOptions o = {.now = 1800000000 + 30};
        cr_assert_eq(hs_verify(&A, &q.r, &parsed, k.public_pem, &o, &e), 0, "case %d: %s", i, e.msg);
        if (q.r.body_len) {
            q.r.body_len--;
            cr_assert_eq(hs_verify(&A, &q.r, &parsed, k.public_pem, &o, &e), -1);
            cr_assert_str_eq(e.msg, "The body does not match its digest.");
        }
    }
    cleanup();
}
