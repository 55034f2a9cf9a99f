/* internal.h - what the parts of the HTTP signature library share (private:
 * other modules include httpsig.h). keys.c holds everything that touches
 * libcrypto's keys; httpsig.c the texts that are signed; sign.c and verify.c
 * the two sides. */
#ifndef GLOCAL_FEDERATION_INTERNAL_H
#define GLOCAL_FEDERATION_INTERNAL_H

#include <openssl/evp.h>

#include "federation/httpsig.h"

/* The signature algorithms verify.c knows. */
typedef enum HsAlg {
    HS_ALG_NONE = 0,
    HS_ALG_RSA_SHA256,      /* RSASSA-PKCS1-v1_5 with SHA-256: rsa-sha256, hs2019, rsa-v1_5-sha256 */
    HS_ALG_RSA_PSS_SHA512,  /* RSASSA-PSS, SHA-512, MGF1 SHA-512, 64 bytes of salt: rsa-pss-sha512 */
    HS_ALG_ED25519,         /* ed25519 */
} HsAlg;

/* ---------- keys.c ---------- */

/* The key of a PEM text, or NULL with e filled (E_INVALID). Free with EVP_PKEY_free. */
EVP_PKEY *hs_pkey_public(const char *pem, Err *e);
EVP_PKEY *hs_pkey_private(const char *pem, Err *e);
/* The algorithm a key verifies with when the signature names none. */
HsAlg hs_pkey_default_alg(EVP_PKEY *key);
/* Whether alg can be used with key's type. */
bool hs_pkey_fits(EVP_PKEY *key, HsAlg alg);
/* Signs data with an RSA private key, RSASSA-PKCS1-v1_5 SHA-256 (arena). */
int hs_pkey_sign(Arena *a, EVP_PKEY *key, const char *data, size_t len, unsigned char **sig,
                 size_t *sig_len, Err *e);
/* 1 when sig is alg's signature of data by key, else 0. */
int hs_pkey_verify(EVP_PKEY *key, HsAlg alg, const char *data, size_t len,
                   const unsigned char *sig, size_t sig_len);

/* ---------- httpsig.c ---------- */

/* Standard base64 (with padding) of bytes (arena). */
char *hs_base64(Arena *a, const unsigned char *bytes, size_t len);
/* Decodes standard base64 (whitespace ignored); -1 when it is not base64. */
int hs_unbase64(Arena *a, const char *b64, size_t len, unsigned char **out, size_t *out_len);
/* The cavage signing string of the lower-case header names in p->components. */
int hs_cavage_string(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e);
/* The RFC 9421 signature base of p->components and p->params. */
int hs_rfc9421_base(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e);
/* `name` lower-cased (arena). */
char *hs_lower(Arena *a, const char *name);
/* s as a structured-field string (RFC 8941): quoted, " and \ escaped (arena). */
char *hs_sf_string(Arena *a, const char *s);
/* Fills e with E_UNAUTHORIZED and why; returns -1. */
int hs_refuse(Err *e, const char *why);

#endif
