/* pictures.c - the demo's chapter photos: a few chapters get a picture drawn
 * here (a sunset-like gradient with a sun, in each chapter's own colours),
 * written as a PNG with zlib and given to the pictures feature's operation
 * like any upload: checked, re-encoded by libvips, kept in the database. Runs
 * outside the chapters' transaction (picture_set writes its own). */
#include <zlib.h>

#include "demo/internal.h"
#include "pictures/pictures.h"

#define DEMO_PICTURES 12
#define PW 480
#define PH 300

static void chunk(Buf *b, const char *type, const unsigned char *data, uint32_t n)
{
    unsigned char head[8] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n,
                              (unsigned char)type[0], (unsigned char)type[1], (unsigned char)type[2], (unsigned char)type[3] };
    buf_add(b, head, 8);
    if (n) buf_add(b, data, n);
    uLong crc = crc32(crc32(0, NULL, 0), head + 4, 4);
    if (n) crc = crc32(crc, data, n);
    unsigned char tail[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8), (unsigned char)crc };
    buf_add(b, tail, 4);
}

/* A PW × PH RGB PNG: from colour a at the top to b at the bottom, a pale sun. 0 or -1. */
static int draw(Buf *b, const unsigned char a[3], const unsigned char c[3], int sun_x)
{
    size_t raw_n = (size_t)PH * (1 + PW * 3);
    unsigned char *raw = malloc(raw_n);
    for (int y = 0; y < PH; y++) {
        unsigned char *row = raw + (size_t)y * (1 + PW * 3);
        row[0] = 0;   /* no filter */
        for (int x = 0; x < PW; x++) {
            int dx = x - sun_x, dy = y - PH / 2;
            bool sun = dx * dx + dy * dy < 60 * 60;
            for (int k = 0; k < 3; k++)
                row[1 + x * 3 + k] = sun ? (unsigned char)(245 + k * 3) : (unsigned char)((a[k] * (PH - y) + c[k] * y) / PH);
        }
    }
    uLongf z_n = compressBound((uLong)raw_n);
    unsigned char *z = malloc(z_n);
    int rc = compress2(z, &z_n, raw, (uLong)raw_n, 6);
    free(raw);
    if (rc != Z_OK) {
        free(z);
        return -1;
    }
    static const unsigned char ihdr[13] = { 0, 0, PW >> 8, PW & 255, 0, 0, PH >> 8, PH & 255, 8, 2, 0, 0, 0 };
    buf_add(b, "\x89PNG\r\n\x1a\n", 8);
    chunk(b, "IHDR", ihdr, sizeof ihdr);
    chunk(b, "IDAT", z, (uint32_t)z_n);
    chunk(b, "IEND", NULL, 0);
    free(z);
    return 0;
}

int demo_pictures_make(Demo *d, DbConn *c, Err *e, int *made)
{
    static const unsigned char top[][3] = { { 22, 60, 120 }, { 120, 30, 80 }, { 10, 90, 94 }, { 60, 40, 130 } };
    static const unsigned char bottom[][3] = { { 250, 170, 90 }, { 250, 120, 80 }, { 200, 230, 150 }, { 240, 190, 200 } };
    *made = 0;
    for (int k = 0; k < d->data->nchapter && *made < DEMO_PICTURES; k++) {
        if (!d->chap[k].id || k % 4 == 3) continue;   /* some chapters keep no photo, as in life */
        Buf b;
        buf_init(&b, NULL);
        int rc = draw(&b, top[k % 4], bottom[(k / 4) % 4], 80 + (k * 53) % (PW - 160));
        PictureSet s = { .kind = "chapter", .owner_id = d->chap[k].id, .bytes = b.data, .len = b.len, .now = d->now };
        if (rc == 0) rc = picture_set(c, e, &s);
        else err_set(e, E_INTERNAL, "The demo could not draw a picture.");
        buf_release(&b);
        if (rc < 0) return -1;
        (*made)++;
    }
    return 0;
}
