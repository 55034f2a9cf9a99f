/* keys.c - RSA (and, for verifying, Ed25519) keys through OpenSSL's libcrypto:
 * generating, reading PEM, signing and checking signatures. See httpsig.h. */
#include "federation/internal.h"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <string.h>

/* The PEM text of what write() puts in a memory BIO (arena), or NULL. */
static char *bio_text(Arena *a, BIO *bio) {
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? arena_strndup(a, data, (size_t)n) : NULL;
}

static char *public_pem_of(Arena *a, EVP_PKEY *key) {
    BIO *bio = BIO_new(BIO_s_mem());
    char *pem = bio && PEM_write_bio_PUBKEY(bio, key) ? bio_text(a, bio) : NULL;
    BIO_free(bio);
    return pem;
}

int hs_key_generate(Arena *a, int bits, HsKeyPair *out, Err *e) {
    if (bits == 0) bits = HS_KEY_BITS;
    if (bits < 1024 || bits > 16384)
        return err_set(e, E_INVALID, "An RSA key has between 1024 and 16384 bits, not %d.", bits);
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
    BIO *bio = BIO_new(BIO_s_mem());
    char *private_pem = NULL;
    if (key && bio && PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL))
        private_pem = bio_text(a, bio);
    char *public_pem = key ? public_pem_of(a, key) : NULL;
    BIO_free(bio);
    EVP_PKEY_free(key);
    ERR_clear_error();
    if (!private_pem || !public_pem) return err_set(e, E_INTERNAL, "The RSA key could not be generated.");
    out->public_pem = public_pem;
    out->private_pem = private_pem;
    return 0;
}

/* Any public key PEM: SubjectPublicKeyInfo ("PUBLIC KEY") or PKCS#1 ("RSA
 * PUBLIC KEY"); OpenSSL's decoders read both. */
EVP_PKEY *hs_pkey_public(const char *pem, Err *e) {
    EVP_PKEY *key = NULL;
    if (pem && *pem) {
        OSSL_DECODER_CTX *dc = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", NULL, NULL,
                                                            EVP_PKEY_PUBLIC_KEY, NULL, NULL);
        const unsigned char *p = (const unsigned char *)pem;
        size_t len = strlen(pem);
        if (!dc || !OSSL_DECODER_from_data(dc, &p, &len)) key = NULL;
        OSSL_DECODER_CTX_free(dc);
        ERR_clear_error();
    }
    if (key && hs_pkey_default_alg(key) == HS_ALG_NONE) {
        EVP_PKEY_free(key);
        err_set(e, E_INVALID, "The public key is neither an RSA nor an Ed25519 key.");
        return NULL;
    }
    if (!key) err_set(e, E_INVALID, "The public key is not a PEM public key (\"BEGIN PUBLIC KEY\" or \"BEGIN RSA PUBLIC KEY\").");
    return key;
}

EVP_PKEY *hs_pkey_private(const char *pem, Err *e) {
    EVP_PKEY *key = NULL;
    BIO *bio = pem ? BIO_new_mem_buf(pem, -1) : NULL;
    if (bio) key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    ERR_clear_error();
    if (key && !EVP_PKEY_is_a(key, "RSA")) {
        EVP_PKEY_free(key);
        err_set(e, E_INVALID, "Requests are signed with RSA keys; this private key is another kind.");
        return NULL;
    }
    if (!key) err_set(e, E_INVALID, "The private key is not a PEM private key (PKCS#8 or PKCS#1).");
    return key;
}

int hs_key_public_read(Arena *a, const char *pem, char **out, Err *e) {
    EVP_PKEY *key = hs_pkey_public(pem, e);
    if (!key) return -1;
    char *spki = out ? public_pem_of(a, key) : NULL;
    EVP_PKEY_free(key);
    if (out && !spki) return err_set(e, E_INTERNAL, "The public key could not be written as PEM.");
    if (out) *out = spki;
    return 0;
}

int hs_key_public_of(Arena *a, const char *private_pem, char **public_pem, Err *e) {
    EVP_PKEY *key = hs_pkey_private(private_pem, e);
    if (!key) return -1;
    char *pem = public_pem_of(a, key);
    EVP_PKEY_free(key);
    if (!pem) return err_set(e, E_INTERNAL, "The public key could not be written as PEM.");
    *public_pem = pem;
    return 0;
}

HsAlg hs_pkey_default_alg(EVP_PKEY *key) {
    if (EVP_PKEY_is_a(key, "RSA")) return HS_ALG_RSA_SHA256;
    if (EVP_PKEY_is_a(key, "ED25519")) return HS_ALG_ED25519;
    return HS_ALG_NONE;
}

bool hs_pkey_fits(EVP_PKEY *key, HsAlg alg) {
    if (alg == HS_ALG_RSA_SHA256 || alg == HS_ALG_RSA_PSS_SHA512) return EVP_PKEY_is_a(key, "RSA");
    if (alg == HS_ALG_ED25519) return EVP_PKEY_is_a(key, "ED25519");
    return false;
}

int hs_pkey_sign(Arena *a, EVP_PKEY *key, const char *data, size_t len, unsigned char **sig,
                 size_t *sig_len, Err *e) {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    size_t n = (size_t)EVP_PKEY_get_size(key);
    unsigned char *out = arena_alloc(a, n ? n : 1);
    int ok = md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
             EVP_DigestSign(md, out, &n, (const unsigned char *)data, len) == 1;
    EVP_MD_CTX_free(md);
    ERR_clear_error();
    if (!ok) return err_set(e, E_INTERNAL, "The request could not be signed.");
    *sig = out;
    *sig_len = n;
    return 0;
}

int hs_pkey_verify(EVP_PKEY *key, HsAlg alg, const char *data, size_t len,
                   const unsigned char *sig, size_t sig_len) {
    if (!hs_pkey_fits(key, alg)) return 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = NULL;
    const EVP_MD *digest = alg == HS_ALG_ED25519 ? NULL : alg == HS_ALG_RSA_PSS_SHA512 ? EVP_sha512() : EVP_sha256();
    int ok = md && EVP_DigestVerifyInit(md, &pc, digest, NULL, key) == 1;
    if (ok && alg == HS_ALG_RSA_PSS_SHA512)
        ok = EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 64) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha512()) == 1;
    if (ok) ok = EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)data, len) == 1;
    EVP_MD_CTX_free(md);
    ERR_clear_error();
    return ok;
}
