/* httpsig.c - HTTP signatures: the interface first, so that the ActivityPub
 * feature can be built on it while this is implemented (see httpsig.h). */
#include "federation/httpsig.h"

#include <string.h>
#include <strings.h>

static int not_yet(Err *e) { return err_set(e, E_INTERNAL, "HTTP signatures are not implemented yet."); }

int hs_key_generate(Arena *a, int bits, HsKeyPair *out, Err *e) { (void)a; (void)bits; (void)out; return not_yet(e); }
int hs_key_public_read(Arena *a, const char *pem, char **out, Err *e) { (void)a; (void)pem; (void)out; return not_yet(e); }
int hs_key_public_of(Arena *a, const char *private_pem, char **public_pem, Err *e) { (void)a; (void)private_pem; (void)public_pem; return not_yet(e); }
const char *hs_header(Arena *a, const HsRequest *req, const char *name) { (void)a; (void)req; (void)name; return NULL; }
int hs_sign(Arena *a, const HsRequest *req, const HsSignOptions *o, HsHeaders *out, Err *e) { (void)a; (void)req; (void)o; (void)out; return not_yet(e); }
bool hs_is_signed(const HsRequest *req) { (void)req; return false; }
int hs_parse(Arena *a, const HsRequest *req, HsParsed *out, Err *e) { (void)a; (void)req; (void)out; return not_yet(e); }
int hs_verify(Arena *a, const HsRequest *req, const HsParsed *p, const char *public_pem, const HsVerifyOptions *o, Err *e) { (void)a; (void)req; (void)p; (void)public_pem; (void)o; return not_yet(e); }
int hs_signing_string(Arena *a, const HsRequest *req, const HsParsed *p, char **out, Err *e) { (void)a; (void)req; (void)p; (void)out; return not_yet(e); }
char *hs_digest(Arena *a, const unsigned char *body, size_t len) { (void)body; (void)len; return arena_strdup(a, ""); }
char *hs_content_digest(Arena *a, const unsigned char *body, size_t len) { (void)body; (void)len; return arena_strdup(a, ""); }
