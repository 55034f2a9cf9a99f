/* rules.c - the checks an upload passes before anything decodes it (see
 * pictures.h). Pure: bytes in, a format, dimensions or a refusal out. Fuzzed
 * by tests/fuzz/fuzz_picture.c. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "pictures/pictures.h"

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }
static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint32_t le24(const unsigned char *p) { return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]; }

PictureFormat picture_sniff(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff) return PIC_JPEG;
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return PIC_PNG;
    if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0)) return PIC_GIF;
    if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0) return PIC_WEBP;
    return PIC_NONE;
}

const char *picture_format_name(PictureFormat f)
{
    static const char *const names[] = { NULL, "JPEG", "PNG", "GIF", "WebP" };
    return f >= PIC_NONE && f <= PIC_WEBP ? names[f] : NULL;
}

/* JPEG: the markers after SOI, each FF xx with a 16-bit length (RSTn, SOI and
 * TEM without), up to the first frame header (SOF0..SOF15 but DHT, JPG, DAC). */
static int jpeg_size(const unsigned char *p, size_t n, int64_t *w, int64_t *h)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xff) return -1;
        while (i < n && p[i] == 0xff) i++;   /* fill bytes */
        if (i >= n) return -1;
        unsigned m = p[i++];
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd8)) continue;
        if (m == 0xd9 || m == 0xda || i + 2 > n) return -1;   /* the image data before any frame header */
        unsigned len = be16(p + i);
        if (len < 2) return -1;
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            if (len < 7 || i + 7 > n) return -1;
            *h = be16(p + i + 3);
            *w = be16(p + i + 5);
            return 0;
        }
        i += len;
    }
    return -1;
}

static int png_size(const unsigned char *p, size_t n, int64_t *w, int64_t *h)
{
    if (n < 24 || memcmp(p + 12, "IHDR", 4) != 0) return -1;
    *w = be32(p + 16);
    *h = be32(p + 20);
    return 0;
}

static int webp_size(const unsigned char *p, size_t n, int64_t *w, int64_t *h)
{
    if (n < 30) return -1;
    if (memcmp(p + 12, "VP8 ", 4) == 0) {   /* lossy: a key frame's start code, then 14-bit sides */
        if (p[23] != 0x9d || p[24] != 0x01 || p[25] != 0x2a) return -1;
        *w = le16(p + 26) & 0x3fff;
        *h = le16(p + 28) & 0x3fff;
        return 0;
    }
    if (memcmp(p + 12, "VP8L", 4) == 0) {   /* lossless: a signature byte, then 14 bits each of side - 1 */
        if (p[20] != 0x2f) return -1;
        uint32_t b = (uint32_t)p[21] | (uint32_t)p[22] << 8 | (uint32_t)p[23] << 16 | (uint32_t)p[24] << 24;
        *w = (b & 0x3fff) + 1;
        *h = ((b >> 14) & 0x3fff) + 1;
        return 0;
    }
    if (memcmp(p + 12, "VP8X", 4) == 0) {   /* extended: the canvas, 24 bits each of side - 1 */
        *w = (int64_t)le24(p + 24) + 1;
        *h = (int64_t)le24(p + 27) + 1;
        return 0;
    }
    return -1;
}

int picture_header_size(const unsigned char *p, size_t n, PictureFormat f, int64_t *w, int64_t *h)
{
    *w = *h = 0;
    switch (f) {
    case PIC_JPEG: return jpeg_size(p, n, w, h);
    case PIC_PNG: return png_size(p, n, w, h);
    case PIC_GIF:
        if (n < 10) return -1;
        *w = le16(p + 6);
        *h = le16(p + 8);
        return 0;
    case PIC_WEBP: return webp_size(p, n, w, h);
    default: return -1;
    }
}

int picture_check(const unsigned char *p, size_t n, PictureFormat *f, int64_t *w, int64_t *h, Err *e)
{
    *f = PIC_NONE;
    *w = *h = 0;
    if (n == 0) return err_set(e, E_BAD_REQUEST, "The file is empty: choose a picture (JPEG, PNG, WebP or GIF).");
    if (n > PICTURE_MAX_BYTES)
        return err_set(e, E_TOO_LARGE, "The picture is %.1f MB; this server takes pictures of up to %d MB. Send a smaller one.",
                       (double)n / (1 << 20), PICTURE_MAX_BYTES >> 20);
    *f = picture_sniff(p, n);
    if (*f == PIC_NONE)
        return err_set(e, E_BAD_REQUEST, "This file is not a picture in JPEG, PNG, WebP or GIF (whatever its name says). "
                                         "Save it in one of those formats and send it again.");
    if (picture_header_size(p, n, *f, w, h) < 0)
        return err_set(e, E_BAD_REQUEST, "The %s picture is damaged: its size cannot be read. Save it again and send it again.",
                       picture_format_name(*f));
    if (*w < PICTURE_MIN_SIDE || *h < PICTURE_MIN_SIDE)
        return err_set(e, E_BAD_REQUEST, "The picture is %lld × %lld pixels; send one of at least %d × %d.", (long long)*w,
                       (long long)*h, PICTURE_MIN_SIDE, PICTURE_MIN_SIDE);
    if (*w > PICTURE_MAX_SIDE || *h > PICTURE_MAX_SIDE || *w * *h > PICTURE_MAX_PIXELS)
        return err_set(e, E_TOO_LARGE, "The picture is %lld × %lld pixels; this server takes up to %d pixels a side and %lld "
                                       "million in all. Make it smaller and send it again.",
                       (long long)*w, (long long)*h, PICTURE_MAX_SIDE, PICTURE_MAX_PIXELS / 1000000);
    return 0;
}

bool picture_token_valid(const char *s)
{
    if (!s || strlen(s) != PICTURE_TOKEN_LEN) return false;
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))) return false;
    return true;
}

void picture_token_make(const unsigned char random[PICTURE_TOKEN_LEN / 2], char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < PICTURE_TOKEN_LEN / 2; i++) {
        out[2 * i] = hex[random[i] >> 4];
        out[2 * i + 1] = hex[random[i] & 15];
    }
    out[PICTURE_TOKEN_LEN] = '\0';
}

bool picture_kind_valid(const char *kind)
{
    return str_eq(kind, "chapter") || str_eq(kind, "organisation") || str_eq(kind, "member");
}

/* The bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const unsigned char *s)
{
    if (*s >= 0xf0 && s[1] && s[2] && s[3]) return 4;
    if (*s >= 0xe0 && s[1] && s[2]) return 3;
    if (*s >= 0xc0 && s[1]) return 2;
    return 1;
}

void picture_initials(const char *name, char *out)
{
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    const unsigned char *first = NULL, *last = NULL;
    for (const unsigned char *p = s; *p; p++)
        if (*p != ' ' && (p == s || p[-1] == ' ')) {
            if (!first) first = p;
            else last = p;
        }
    size_t n = 0;
    for (const unsigned char *w = first; w; w = w == first ? last : NULL) {
        size_t k = char_len(w);
        memcpy(out + n, w, k);
        n += k;
    }
    out[n] = '\0';
}

size_t picture_webp_bare(unsigned char *p, size_t n)
{
    if (n < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WEBP", 4) != 0) return 0;
    size_t out = 12;
    for (size_t at = 12; at + 8 <= n;) {
        uint32_t len = (uint32_t)p[at + 4] | (uint32_t)p[at + 5] << 8 | (uint32_t)p[at + 6] << 16 | (uint32_t)p[at + 7] << 24;
        size_t whole = 8 + (size_t)len + (len & 1);
        if (whole > n - at) return 0;
        bool keep = memcmp(p + at, "VP8 ", 4) == 0 || memcmp(p + at, "VP8L", 4) == 0 || memcmp(p + at, "ALPH", 4) == 0 ||
                    memcmp(p + at, "VP8X", 4) == 0;
        if (keep) {
            memmove(p + out, p + at, whole);
            if (memcmp(p + out, "VP8X", 4) == 0 && len >= 1) p[out + 8] &= (unsigned char)~0x2c;   /* ICC, EXIF, XMP flags */
            out += whole;
        }
        at += whole;
    }
    uint32_t riff = (uint32_t)(out - 8);
    p[4] = (unsigned char)riff, p[5] = (unsigned char)(riff >> 8), p[6] = (unsigned char)(riff >> 16), p[7] = (unsigned char)(riff >> 24);
    return out;
}
