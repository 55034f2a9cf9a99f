/* httpsig.h - HTTP message signatures for federation (a shared service).
 *
 * ActivityPub servers prove who sent a request by signing it with the actor's
 * RSA key; the receiver fetches the public key named by keyId and checks. Two
 * schemes are spoken:
 *
 *  - HS_CAVAGE: draft-cavage-http-signatures-12 as Mastodon does it. One
 *    `Signature: keyId="…",algorithm="rsa-sha256",headers="…",signature="…"`
 *    header; rsa-sha256 (and "hs2019", read as RSA SHA-256 for an RSA key).
 *    Signing covers "(request-target) host date digest" for a request with a
 *    body, "(request-target) host date" without, and adds Date (IMF-fixdate of
 *    `now`) and `Digest: SHA-256=<base64>`.
 *  - HS_RFC9421: RFC 9421 HTTP Message Signatures. `Signature-Input: sig1=(…);
 *    created=…;keyid="…";alg="rsa-v1_5-sha256"` and `Signature: sig1=:…:`.
 *    Signing covers "@method" "@target-uri" (or "@method" "@authority" "@path"
 *    and "@query" when the target has one, HsSignOptions.split_target) and
 *    "content-digest" when there is a body, adding `Content-Digest:
 *    sha-256=:<base64>:` (RFC 9530).
 *
 * Verifying is two steps because the key must be fetched in between:
 * hs_parse finds the scheme and what the signature claims (keyId, algorithm,
 * covered components, created/expires); the caller fetches the key of
 * HsParsed.key_id; hs_verify checks the signature with that public key and
 * `now`, and refuses (E_UNAUTHORIZED, with a sentence that says why) when:
 *  - the signature does not match (wrong key, a tampered header or body);
 *  - it does not say when it was made (RFC 9421: created; cavage: a covered
 *    (created) or Date), or that time is more than HS_SKEW_PAST seconds (12
 *    hours) before `now` or more than HS_SKEW_FUTURE seconds (5 minutes)
 *    after it, or its expires is past;
 *  - it does not cover the method and path ((request-target), or @method with
 *    @target-uri or @path) and the host (host, @authority or @target-uri);
 *  - the request has a body and the signature does not cover its digest
 *    (digest or content-digest), or the digest does not match the body
 *    (Digest SHA-256 or SHA-512, Content-Digest sha-256 or sha-512; every
 *    one given is checked and one at least must be there).
 * Verification accepts for RFC 9421 also alg rsa-pss-sha512 and ed25519
 * (keys of those types), and a signature without alg (the key's own: RSA
 * SHA-256 or Ed25519).
 *
 * Everything here is pure: no SQL, no clock (`now` is a parameter), no
 * randomness except in hs_key_generate. Results are allocated in the Arena.
 * Errors: E_UNAUTHORIZED for a request whose signature is missing, malformed
 * or refused; E_INVALID for a bad key or bad arguments; E_INTERNAL when
 * libcrypto fails. */
#ifndef GLOCAL_FEDERATION_HTTPSIG_H
#define GLOCAL_FEDERATION_HTTPSIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

/* ---------- keys (keys.c) ---------- */

/* Bits of a new RSA key when hs_key_generate is given 0. */
#define HS_KEY_BITS 2048

/* A key pair as PEM text: public as SubjectPublicKeyInfo ("-----BEGIN PUBLIC
 * KEY-----", what ActivityPub's publicKeyPem carries), private as PKCS#8
 * ("-----BEGIN PRIVATE KEY-----", unencrypted). */
typedef struct HsKeyPair {
    char *public_pem;
    char *private_pem;
} HsKeyPair;

/* Generates an RSA key pair of `bits` bits (0: HS_KEY_BITS; 1024..16384). */
int hs_key_generate(Arena *a, int bits, HsKeyPair *out, Err *e);
/* Checks that `pem` is a public key this library can verify with: an RSA key
 * as SubjectPublicKeyInfo or PKCS#1 ("BEGIN RSA PUBLIC KEY"), or an Ed25519
 * key. Sets *out (may be NULL) to the same key as SubjectPublicKeyInfo PEM. */
int hs_key_public_read(Arena *a, const char *pem, char **out, Err *e);
/* The public key (SubjectPublicKeyInfo PEM) of a private key PEM (PKCS#8 or
 * PKCS#1 "BEGIN RSA PRIVATE KEY"). */
int hs_key_public_of(Arena *a, const char *private_pem, char **public_pem, Err *e);

/* ---------- requests ---------- */

typedef struct HsHeader {
    const char *name;   /* any case: "Content-Type" */
    const char *value;
} HsHeader;

/* A request as the signer or the verifier sees it. */
typedef struct HsRequest {
    const char *method;      /* "POST", "GET" (any case; signed upper-case in RFC 9421, lower in cavage) */
    const char *target;      /* path and query as sent: "/inbox", "/users/a?page=2" */
    const char *scheme;      /* "https" or "http" (RFC 9421's @target-uri); a verifier behind a
                              * proxy passes its public URL's scheme, not the connection's */
    const char *authority;   /* host[:port] as in the Host header: "example.org" (what "host",
                              * "@authority" and "@target-uri" sign) */
    const HsHeader *headers; /* the request's headers; several with one name are joined with ", " */
    size_t n_headers;
    const unsigned char *body; /* NULL or body_len 0: no body */
    size_t body_len;
} HsRequest;

/* The value of header `name` (any case) in req, several joined with ", "
 * (arena), or NULL when absent. */
const char *hs_header(Arena *a, const HsRequest *req, const char *name);

/* ---------- signing (sign.c) ---------- */

typedef enum HsScheme {
    HS_CAVAGE = 1,   /* draft-cavage-http-signatures-12 (Mastodon) */
    HS_RFC9421 = 2,  /* RFC 9421 HTTP Message Signatures */
} HsScheme;

typedef struct HsSignOptions {
    HsScheme scheme;
    const char *key_id;       /* the actor's key URL: "https://node.example/actors/x#main-key" */
    const char *private_pem;  /* RSA private key, PKCS#8 or PKCS#1 PEM */
    int64_t now;              /* Unix seconds: Date / created */
    bool split_target;        /* RFC 9421: "@authority" "@path" ("@query") instead of "@target-uri" */
} HsSignOptions;

/* Headers for the signer to add to its request (arena). */
typedef struct HsHeaders {
    HsHeader *items;
    size_t n;
} HsHeaders;

/* Signs req: fills *out with the headers to add. Cavage: Date (unless req
 * has one, which is then signed), Digest (with a body), Signature. RFC 9421:
 * Content-Digest (with a body), Signature-Input, Signature. A Date, Digest or
 * Content-Digest that req already has is signed as it is. req must have
 * method, target and authority; a Host header is not needed (authority is
 * what "host" signs). */
int hs_sign(Arena *a, const HsRequest *req, const HsSignOptions *o, HsHeaders *out, Err *e);

/* ---------- verifying (verify.c) ---------- */

/* The skew window: a signature made up to 12 hours before now, or up to 5
 * minutes after it (clocks differ), is on time. */
#define HS_SKEW_PAST   (12 * 3600)
#define HS_SKEW_FUTURE (5 * 60)

/* What a signature claims, read from the request's headers. */
typedef struct HsParsed {
    HsScheme scheme;
    const char *key_id;       /* keyId / keyid: the key to fetch */
    const char *algorithm;    /* as written ("rsa-sha256", "hs2019", "rsa-v1_5-sha256"), NULL if none */
    const char **components;  /* covered, lower-case, in order: "(request-target)", "host", "@method", "content-digest" */
    size_t n_components;
    int64_t created;          /* the created parameter, 0 when absent */
    int64_t expires;          /* the expires parameter, 0 when absent */
    const char *label;        /* RFC 9421: the signature's label ("sig1"); NULL for cavage */
    /* for hs_verify */
    const unsigned char *signature;
    size_t signature_len;
    const char *params;       /* RFC 9421: the Signature-Input member's value after "label=", as signed */
} HsParsed;

/* Whether req carries a signature hs_parse can read (a Signature header, or
 * "Authorization: Signature …" as draft-cavage also allows). */
bool hs_is_signed(const HsRequest *req);

/* Reads the signature of req: cavage when there is a Signature header and no
 * Signature-Input (or only "Authorization: Signature …"), RFC 9421 when both
 * are there (the member labelled "sig1", else the first). Refuses (E_UNAUTHORIZED) a request without a signature,
 * with a malformed one, or without keyId. */
int hs_parse(Arena *a, const HsRequest *req, HsParsed *out, Err *e);

typedef struct HsVerifyOptions {
    int64_t now;          /* Unix seconds */
    int64_t skew_past;    /* 0: HS_SKEW_PAST */
    int64_t skew_future;  /* 0: HS_SKEW_FUTURE */
} HsVerifyOptions;

/* Verifies the signature p (from hs_parse of the same req) with public_pem
 * (as hs_key_public_read accepts). 0 when it holds; else -1 and e says why. */
int hs_verify(Arena *a, const HsRequest *req, const HsParsed *p, const char *public_pem,
              const HsVerifyOptions *o, Err *e);

/* The exact text that p signs for req: the cavage signing string or the RFC
 * 9421 signature base (for tests and for cross-checks with other tools). */
int hs_signing_string(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e);

/* ---------- digests ---------- */

/* "SHA-256=<base64>" (cavage's Digest) of body (arena). */
char *hs_digest(Arena *a, const unsigned char *body, size_t len);
/* "sha-256=:<base64>:" (RFC 9530 Content-Digest) of body (arena). */
char *hs_content_digest(Arena *a, const unsigned char *body, size_t len);

#endif
