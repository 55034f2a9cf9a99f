/* encoding.c - gzip on the wire (see encoding.h). */
#include "web/encoding.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "base/str.h"

/* ---- Accept-Encoding (RFC 9110, section 12.5.3) ---- */

enum { Q_UNLISTED = -1 };

static bool ows(char c)
{
    return c == ' ' || c == '\t';
}

/* A token character (RFC 9110, section 5.6.2). */
static bool tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths; -1 if malformed. */
static int qvalue(const char *p, size_t n)
{
    if (n == 0 || (p[0] != '0' && p[0] != '1')) return -1;
    int q = (p[0] - '0') * 1000;
    if (n == 1) return q;
    if (p[1] != '.' || n > 5) return -1;
    int scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (p[i] < '0' || p[i] > '9') return -1;
        q += (p[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

/* Reads one element's parameters from *pp (just after the coding): its q-value
 * (1000 when it has none), -1 when the element is malformed. Leaves *pp at the
 * comma that ends the element, or at the end. */
static int element_q(const char **pp)
{
    const char *p = *pp;
    int q = 1000;
    bool bad = false;
    for (;;) {
        while (ows(*p)) p++;
        if (*p != ';') break;
        p++;
        while (ows(*p)) p++;
        const char *name = p;
        while (tchar(*p)) p++;
        size_t name_n = (size_t)(p - name);
        if (*p != '=' || name_n == 0) { bad = true; break; }
        const char *value = ++p;
        while (tchar(*p)) p++;
        if (name_n == 1 && (*name == 'q' || *name == 'Q')) q = qvalue(value, (size_t)(p - value));
        if (q < 0) bad = true;
    }
    if (*p && *p != ',') bad = true;
    while (*p && *p != ',') p++;
    *pp = p;
    return bad ? -1 : q;
}

/* Two entries for one coding: the lower q counts (a refusal is not overruled). */
static void note(int *slot, int q)
{
    if (*slot == Q_UNLISTED || q < *slot) *slot = q;
}

bool accept_encoding_gzip(const char *header)
{
    if (!header) return false;
    int gzip = Q_UNLISTED, identity = Q_UNLISTED, any = Q_UNLISTED;
    const char *p = header;
    while (*p) {
        while (ows(*p) || *p == ',') p++;
        if (!*p) break;
        const char *coding = p;
        while (tchar(*p)) p++;
        size_t n = (size_t)(p - coding);
        int q = element_q(&p);
        if (n == 0 || q < 0) continue;   /* a malformed element says nothing */
        if ((n == 4 && strncasecmp(coding, "gzip", 4) == 0) || (n == 6 && strncasecmp(coding, "x-gzip", 6) == 0))
            note(&gzip, q);
        else if (n == 8 && strncasecmp(coding, "identity", 8) == 0) note(&identity, q);
        else if (n == 1 && *coding == '*') note(&any, q);
    }
    if (gzip == Q_UNLISTED) gzip = any == Q_UNLISTED ? 0 : any;
    /* identity unlisted is acceptable (section 12.5.3) but not preferred: the star's weight, or the least */
    if (identity == Q_UNLISTED) identity = any == Q_UNLISTED ? 1 : any;
    return gzip > 0 && gzip >= identity;
}

/* ---- what is worth compressing ---- */

bool encoding_compressible(const char *ct)
{
    if (!ct) return false;
    size_t n = strcspn(ct, ";");
    while (n && ows(ct[n - 1])) n--;
    if (n >= 5 && strncasecmp(ct, "text/", 5) == 0) return true;
    static const char *const exact[] = { "application/json", "application/xml", "application/javascript",
                                         "image/svg+xml", "application/x-ndjson" };
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strlen(exact[i]) == n && strncasecmp(ct, exact[i], n) == 0) return true;
    bool application = n > 12 && strncasecmp(ct, "application/", 12) == 0;
    return application && n > 17 && (strncasecmp(ct + n - 5, "+json", 5) == 0 || strncasecmp(ct + n - 4, "+xml", 4) == 0);
}

/* ---- gzip ---- */

/* One deflate stream per thread, made on its first answer and reset for each
 * next one (released when the thread ends). Making a stream costs far more
 * than using it: zlib allocates about 270 KB and the first touch of those
 * pages dominated (80 us for the chapter page made fresh, 21 us reset;
 * 1.1 ms against 0.13 ms for a 49 KB JSON list). */
static pthread_key_t stream_key;
static pthread_once_t stream_once = PTHREAD_ONCE_INIT;

static void stream_free(void *z)
{
    deflateEnd(z);
    free(z);
}

static void stream_key_make(void)
{
    if (pthread_key_create(&stream_key, stream_free) != 0) abort();
}

/* This thread's stream, ready for a new answer; NULL when zlib cannot make one. */
static z_stream *stream(void)
{
    pthread_once(&stream_once, stream_key_make);
    z_stream *z = pthread_getspecific(stream_key);
    if (z) {
        if (deflateReset(z) == Z_OK) return z;
        pthread_setspecific(stream_key, NULL);
        stream_free(z);
    }
    z = calloc(1, sizeof *z);
    if (!z) return NULL;
    if (deflateInit2(z, WIRE_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return NULL;
    }
    if (pthread_setspecific(stream_key, z) != 0) {
        stream_free(z);
        return NULL;
    }
    return z;
}

const unsigned char *gzip_arena(Arena *a, const void *in, size_t n, size_t *out_n)
{
    if (n == 0 || n > UINT_MAX / 2) return NULL;
    z_stream *z = stream();
    if (!z) return NULL;
    uLong cap = deflateBound(z, (uLong)n);   /* the answer's size is known: one bounded buffer */
    unsigned char *out = arena_alloc(a, cap);
    z->next_in = (Bytef *)in;
    z->avail_in = (uInt)n;
    z->next_out = out;
    z->avail_out = (uInt)cap;
    int rc = deflate(z, Z_FINISH);
    size_t len = cap - z->avail_out;
    z->next_in = z->next_out = NULL;
    if (rc != Z_STREAM_END || len >= n) return NULL;   /* the stream is reset before its next use */
    *out_n = len;
    return out;
}

const char *etag_gzip(Arena *a, const char *etag)
{
    size_t n = strlen(etag);
    if (n < 2 || etag[n - 1] != '"') return etag;
    return arena_printf(a, "%.*s-gz\"", (int)(n - 1), etag);
}

/* ---- the answer ---- */

static bool has_header(const Req *r, const char *name)
{
    for (const Field *f = r->headers_out; f; f = f->next)
        if (strcasecmp(f->name, name) == 0) return true;
    return false;
}

Wire wire_encode(Req *r)
{
    Wire w = { .etag = r->etag };
    if (r->static_body) {
        w.data = r->static_body;
        w.len = r->static_len;
    } else {
        w.data = r->body.data ? r->body.data : "";
        w.len = r->body.len;
    }
    /* 204, 304 and partial answers have no body of their own to encode */
    if (r->status == 204 || r->status == 206 || !encoding_compressible(r->content_type_out)) return w;
    if (has_header(r, "Content-Encoding") || has_header(r, "Content-Range")) return w;
    w.vary = true;
    if (r->status == 304 || !r->accept_gzip || w.len < WIRE_GZIP_MIN) return w;
    const void *gz = NULL;
    size_t gz_len = 0;
    if (r->static_body) {
        gz = r->static_gz;   /* made at build time; none for what does not shrink */
        gz_len = r->static_gz_len;
    } else {
        gz = gzip_arena(r->arena, w.data, w.len, &gz_len);
    }
    if (!gz) return w;
    w.data = gz;
    w.len = gz_len;
    w.gzip = true;
    if (w.etag) w.etag = etag_gzip(r->arena, w.etag);
    return w;
}
