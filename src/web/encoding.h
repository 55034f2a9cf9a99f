/* encoding.h - bytes on the wire: gzip when the client takes it (RFC 9110,
 * sections 8.4 and 12.5.3).
 *
 * The server asks wire_encode for what to send once the answer is made: the
 * body as it is, the embedded file's gzip made at build time (tools/embed.c),
 * or the body compressed now into the request's arena. Which it is depends on
 * the client's Accept-Encoding (read once into Req.accept_gzip), the answer's
 * type (text, JSON, XML, SVG, JavaScript, calendars, CSV: not images, which
 * are compressed already), its status (never 204, 304 or 206) and its size
 * (WIRE_GZIP_MIN bytes and more). An answer whose type could be compressed
 * says so with Vary: Accept-Encoding, whichever encoding it went out in. */
#ifndef GLOCAL_ENCODING_H
#define GLOCAL_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "web/req.h"

#define WIRE_GZIP_MIN 1024   /* smaller answers fit a packet or two either way */
#define WIRE_GZIP_LEVEL 1    /* measured on the chapter page: see docs/ARCHITECTURE.md, "Bytes on the wire" */

/* Whether an Accept-Encoding value lets the answer go out as gzip: gzip (or
 * x-gzip, or "*") has a q-value above 0 and not below identity's (identity
 * unlisted weighs what "*" does, else the least above 0). NULL (no header)
 * and "" take identity only; malformed elements are skipped. Any bytes are
 * safe to pass. */
bool accept_encoding_gzip(const char *header);

/* Whether an answer of this Content-Type is worth compressing (text/..., JSON,
 * XML and their +json/+xml kinds, SVG, JavaScript). */
bool encoding_compressible(const char *content_type);

/* gzip of in[0..n) at WIRE_GZIP_LEVEL, in the arena (this thread's deflate
 * stream, reset, does the work); NULL when zlib fails or the result would be
 * no smaller (the caller then sends identity). */
const unsigned char *gzip_arena(Arena *a, const void *in, size_t n, size_t *out_n);

/* An entity tag for the gzip form of a representation: "x" -> "x-gz" (inside
 * the quotes, so W/"x" -> W/"x-gz"). */
const char *etag_gzip(Arena *a, const char *etag);

typedef struct Wire {
    const void *data;     /* the bytes to send */
    size_t len;
    bool gzip;            /* Content-Encoding: gzip */
    bool vary;            /* Vary: Accept-Encoding */
    const char *etag;     /* the ETag header, NULL for none */
} Wire;

/* What goes on the wire for r's answer (made: status, body, type, ETag). */
Wire wire_encode(Req *r);

#endif
