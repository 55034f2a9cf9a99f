/* pictures.h - chapter photos, organisation logos and member avatars (issue
 * 20, point 8).
 *
 * An upload is checked before anything decodes it (rules.c, pure: its size,
 * its real format sniffed from its first bytes — JPEG, PNG, GIF or WebP,
 * whatever its name or Content-Type say — and its dimensions read from its
 * header, so a decompression bomb is refused unopened), then decoded and
 * written again by libvips (image.c) as WebP within 1024 px plus a 256 px
 * square: nothing of the original file but its pixels survives (no EXIF, GPS,
 * ICC profile, comment, or bytes hidden after the image). Both versions live
 * in the `pictures` table (schema 032), one picture per owner, under a random
 * token that is the URL (/pictures/TOKEN.webp, /pictures/TOKEN/square.webp):
 * a new picture is a new URL, so answers are cached as immutable.
 *
 * Who may: a chapter's connectors its photo, the administrators any picture
 * (organisations have no managers of their own: their logos are the
 * administrators'), each member their own avatar — the route flags and the
 * handlers below. Who sees: chapters and organisations are public; a
 * member's avatar is shown where their name is, to members who are logged in
 * (like the directory).
 *
 * rules.c: the checks (pure); image.c: libvips; upload.c: the operations;
 * store.c: all SQL; routes.c: the handlers, the {picture} loader and what
 * the feature adds to the chapter, organisation and member pages. */
#ifndef GLOCAL_PICTURES_H
#define GLOCAL_PICTURES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

#define PICTURE_MAX_BYTES  (5 << 20)      /* an upload's file */
#define PICTURE_MAX_SIDE   8000           /* pixels, either side, before decoding */
#define PICTURE_MAX_PIXELS 40000000LL     /* width × height, before decoding */
#define PICTURE_MIN_SIDE   16
#define PICTURE_FIT        1024           /* the kept picture fits within this square */
#define PICTURE_SQUARE     256            /* the square version's side */
#define PICTURE_TOKEN_LEN  20             /* hex digits */

/* --- rules.c (pure) --- */
typedef enum PictureFormat { PIC_NONE, PIC_JPEG, PIC_PNG, PIC_GIF, PIC_WEBP } PictureFormat;

/* The format the bytes are in, from their signature alone. */
PictureFormat picture_sniff(const unsigned char *p, size_t n);
/* "JPEG", "PNG", "GIF", "WebP" (NULL for PIC_NONE). */
const char *picture_format_name(PictureFormat f);
/* The dimensions a picture's header declares (JPEG: its first frame's SOF
 * marker; PNG: IHDR; GIF: the logical screen; WebP: VP8, VP8L or VP8X), read
 * without decoding: 0 and *w, *h, or -1 when the header is cut or damaged. */
int picture_header_size(const unsigned char *p, size_t n, PictureFormat f, int64_t *w, int64_t *h);
/* Every check made before decoding: 0 with the format and dimensions, or -1
 * with E_BAD_REQUEST (empty, not a picture of the four formats, a header that
 * cannot be read, too small) or E_TOO_LARGE (over PICTURE_MAX_BYTES, or
 * dimensions over PICTURE_MAX_SIDE or PICTURE_MAX_PIXELS), each with a
 * sentence that says what to send instead. */
int picture_check(const unsigned char *p, size_t n, PictureFormat *f, int64_t *w, int64_t *h, Err *e);
/* Whether s is a picture's token (PICTURE_TOKEN_LEN lower-case hex digits). */
bool picture_token_valid(const char *s);
/* The token of 10 random bytes, in out (PICTURE_TOKEN_LEN + 1). */
void picture_token_make(const unsigned char random[PICTURE_TOKEN_LEN / 2], char *out);
/* The first letters of the first and last words of a name ("Ada Lovelace":
 * "AL", "東京": "東"), for an avatar without a picture; out holds 9 bytes. */
void picture_initials(const char *name, char *out);
/* Rewrites the WebP file p (n bytes) in place with its image chunks only
 * (VP8X, VP8, VP8L, ALPH: no EXIF, XMP or ICCP, whatever the encoder wrote;
 * VP8X's flags for them cleared): the new size, or 0 when p is not a whole
 * WebP file. */
size_t picture_webp_bare(unsigned char *p, size_t n);
/* Whether kind is an owner: "chapter", "organisation" or "member". */
bool picture_kind_valid(const char *kind);

/* --- image.c (libvips) --- */
/* What an upload becomes: two WebP files (g_free'd by picture_encoded_free). */
typedef struct PictureEncoded {
    void *full;
    size_t full_len;
    int64_t width, height;   /* of full */
    void *square;
    size_t square_len;
} PictureEncoded;
/* Checks (picture_check), decodes with libvips' loader of the sniffed format
 * only (a truncated or damaged file is refused: E_BAD_REQUEST), and encodes
 * again: 0 and *out, or -1 with e. Safe from any thread (libvips is set up
 * once, its operation cache off); two decode at once, the others wait up to
 * 20 s for their turn, then E_UNAVAILABLE (Retry-After). */
int picture_encode(const void *p, size_t n, PictureEncoded *out, Err *e);
void picture_encoded_free(PictureEncoded *pe);

/* --- upload.c: the operations --- */
typedef struct PictureSet {
    const char *kind;          /* "chapter", "organisation", "member" */
    int64_t owner_id;
    int64_t by;                /* who uploads */
    const void *bytes;         /* the file as sent */
    size_t len;
    int64_t now;
    char token[PICTURE_TOKEN_LEN + 1];   /* out: the new picture's token */
} PictureSet;
/* Replaces the owner's picture with the upload, re-encoded: 0, or -1 with e
 * (the checks' errors; nothing is written then). */
int picture_set(DbConn *c, Err *e, PictureSet *s);
/* Removes the owner's picture: 1 removed, 0 there was none, -1 error. */
int picture_remove(DbConn *c, Err *e, const char *kind, int64_t owner_id);

/* --- reads --- */
/* The picture of a token, when one who is logged in (or not) may see it:
 * chapters' and organisations' pictures are public, a member's picture is
 * for members logged in, as the directory of members is. *out {owner_kind,
 * owner_id, width, height} (new reference): 1, 0 none or not to be seen, -1. */
int picture_find(DbConn *c, Err *e, const char *token, bool logged_in, json_t **out);
/* The owner's picture as {url, square_url, width, height} (new reference) at
 * *out: 1, 0 none, -1 error. */
int picture_of(DbConn *c, Err *e, const char *kind, int64_t owner_id, json_t **out);
/* Sets "picture" ({url, square_url}) on each object of `list` whose integer
 * member `id_key` owns a picture of `kind`: one query for the list. 0 or -1. */
int pictures_attach(DbConn *c, Err *e, const char *kind, json_t *list, const char *id_key);

/* --- routes.c: the handlers --- */
int picture_show(Req *r);
int picture_square_show(Req *r);
int chapter_picture_form(Req *r);
int chapter_picture_upload(Req *r);
int chapter_picture_delete(Req *r);
int organisation_logo_form(Req *r);
int organisation_logo_upload(Req *r);
int organisation_logo_delete(Req *r);
int my_avatar_form(Req *r);
int my_avatar_upload(Req *r);
int my_avatar_delete(Req *r);
int member_avatar_delete(Req *r);

extern const Feature pictures_feature;

#endif
