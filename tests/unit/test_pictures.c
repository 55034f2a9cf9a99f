/* test_pictures.c - unit tests of the pictures (src/pictures/): the checks
 * made before decoding (rules.c: the format sniffed from the bytes, the
 * dimensions read from each format's header, the limits), the re-encoding by
 * libvips (image.c: the size, the square, metadata gone, truncated and
 * disguised files refused), and the operations through a database (a new
 * picture replaces the old under a new token, removal). The pictures are
 * drawn by libvips itself in the test. */
#include "testutil.h"

#include <pthread.h>
#include <vips/vips.h>

#include "base/str.h"
#include "pictures/pictures.h"

/* ---- pictures made here ---- */

typedef struct Bytes {
    void *p;
    size_t n;
} Bytes;

/* A w × h gradient with a disc, in memory (drawing changes pixels in place). */
static VipsImage *drawn(int w, int h)
{
    VipsImage *xy, *x, *y, *r, *g, *b, *rgb, *u;
    cr_assert_eq(vips_xyz(&xy, w, h, NULL), 0);
    vips_extract_band(xy, &x, 0, NULL);
    vips_extract_band(xy, &y, 1, NULL);
    vips_linear1(x, &r, 255.0 / w, 0, NULL);
    vips_linear1(y, &g, 255.0 / h, 0, NULL);
    vips_linear1(x, &b, -100.0 / w, 180, NULL);
    VipsImage *bands[3] = { r, g, b };
    vips_bandjoin(bands, &rgb, 3, NULL);
    vips_cast_uchar(rgb, &u, NULL);
    VipsImage *out = vips_image_copy_memory(u);
    double white[3] = { 250, 250, 250 };
    vips_draw_circle(out, white, 3, w / 2, h / 2, (w < h ? w : h) / 4, "fill", TRUE, NULL);
    VipsImage *tmp[] = { xy, x, y, r, g, b, rgb, u };
    for (size_t i = 0; i < sizeof tmp / sizeof *tmp; i++) g_object_unref(tmp[i]);
    return out;
}

static Bytes jpeg_of(int w, int h, const char *comment)
{
    VipsImage *im = drawn(w, h);
    Bytes out = { 0 };
    cr_assert_eq(vips_jpegsave_buffer(im, &out.p, &out.n, "Q", 80, NULL), 0, "%s", vips_error_buffer());
    g_object_unref(im);
    if (!comment) return out;
    /* a COM segment after SOI, as cameras and editors write one */
    size_t k = strlen(comment);
    unsigned char *with = g_malloc(out.n + k + 4);
    memcpy(with, out.p, 2);
    with[2] = 0xff, with[3] = 0xfe, with[4] = (unsigned char)((k + 2) >> 8), with[5] = (unsigned char)(k + 2);
    memcpy(with + 6, comment, k);
    memcpy(with + 6 + k, (unsigned char *)out.p + 2, out.n - 2);
    g_free(out.p);
    return (Bytes){ with, out.n + k + 4 };
}

static Bytes saved(int w, int h, const char *format)
{
    VipsImage *im = drawn(w, h);
    Bytes out = { 0 };
    int rc = str_eq(format, "png")    ? vips_pngsave_buffer(im, &out.p, &out.n, NULL)
             : str_eq(format, "gif")  ? vips_gifsave_buffer(im, &out.p, &out.n, NULL)
                                      : vips_webpsave_buffer(im, &out.p, &out.n, "lossless", str_eq(format, "webp-lossless"), NULL);
    cr_assert_eq(rc, 0, "%s: %s", format, vips_error_buffer());
    g_object_unref(im);
    return out;
}

static void init(void)
{
    static bool done;
    if (!done) cr_assert_eq(VIPS_INIT("test_pictures"), 0);
    done = true;
}

/* The canvas of a WebP file from its header (the server's own parser). */
static void webp_size(const PictureEncoded *pe, bool square, int64_t *w, int64_t *h)
{
    const unsigned char *p = square ? pe->square : pe->full;
    size_t n = square ? pe->square_len : pe->full_len;
    cr_assert_eq(picture_sniff(p, n), PIC_WEBP);
    cr_assert_eq(picture_header_size(p, n, PIC_WEBP, w, h), 0);
}

static bool holds(const void *p, size_t n, const char *needle)
{
    return memmem(p, n, needle, strlen(needle)) != NULL;
}

/* ---- rules.c ---- */

TestSuite(rules, .init = init);

Test(rules, the_format_comes_from_the_bytes_and_the_size_from_the_header)
{
    static const struct { const char *format; PictureFormat f; int w, h; } cases[] = {
        { "png", PIC_PNG, 300, 200 }, { "gif", PIC_GIF, 64, 48 }, { "webp", PIC_WEBP, 120, 90 }, { "webp-lossless", PIC_WEBP, 33, 17 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Bytes b = saved(cases[i].w, cases[i].h, cases[i].format);
        int64_t w, h;
        cr_assert_eq(picture_sniff(b.p, b.n), cases[i].f, "%s", cases[i].format);
        cr_assert_eq(picture_header_size(b.p, b.n, cases[i].f, &w, &h), 0, "%s", cases[i].format);
        cr_assert_eq(w, cases[i].w, "%s width", cases[i].format);
        cr_assert_eq(h, cases[i].h, "%s height", cases[i].format);
        g_free(b.p);
    }
    Bytes j = jpeg_of(640, 480, "a comment before the frame header");
    int64_t w, h;
    cr_assert_eq(picture_sniff(j.p, j.n), PIC_JPEG);
    cr_assert_eq(picture_header_size(j.p, j.n, PIC_JPEG, &w, &h), 0, "the SOF marker is found past APPn and COM");
    cr_assert_eq(w, 640);
    cr_assert_eq(h, 480);
    cr_assert_eq(picture_header_size(j.p, 30, PIC_JPEG, &w, &h), -1, "a header cut short");
    g_free(j.p);
}

Test(rules, what_is_not_a_picture_is_refused_before_anything_decodes_it)
{
    Err e = { 0 };
    PictureFormat f;
    int64_t w, h;
    const char *text = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    cr_assert_eq(picture_check((const unsigned char *)text, strlen(text), &f, &w, &h, &e), -1);
    cr_assert_eq(e.code, E_BAD_REQUEST);
    cr_assert(strstr(e.msg, "not a picture in JPEG, PNG, WebP or GIF"), "%s", e.msg);
    e = (Err){ 0 };
    cr_assert_eq(picture_check((const unsigned char *)"", 0, &f, &w, &h, &e), -1);
    cr_assert(strstr(e.msg, "empty"), "%s", e.msg);
    /* a PNG whose IHDR says 30000 × 30000: a bomb refused from its header */
    unsigned char bomb[64] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                               0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2 };
    e = (Err){ 0 };
    cr_assert_eq(picture_check(bomb, sizeof bomb, &f, &w, &h, &e), -1);
    cr_assert_eq(e.code, E_TOO_LARGE);
    cr_assert(strstr(e.msg, "30000 × 30000"), "%s", e.msg);
    /* within each side, over the pixels in all */
    bomb[18] = 0x1f, bomb[19] = 0x40, bomb[22] = 0x1f, bomb[23] = 0x40;   /* 8000 × 8000 */
    e = (Err){ 0 };
    cr_assert_eq(picture_check(bomb, sizeof bomb, &f, &w, &h, &e), -1);
    cr_assert_eq(e.code, E_TOO_LARGE);
    bomb[18] = 0, bomb[19] = 8, bomb[22] = 0, bomb[23] = 8;   /* 8 × 8 */
    e = (Err){ 0 };
    cr_assert_eq(picture_check(bomb, sizeof bomb, &f, &w, &h, &e), -1);
    cr_assert(strstr(e.msg, "at least 16"), "%s", e.msg);
    /* over the bytes allowed */
    size_t big = PICTURE_MAX_BYTES + 1;
    unsigned char *p = calloc(1, big);
    memcpy(p, "\xff\xd8\xff", 3);
    e = (Err){ 0 };
    cr_assert_eq(picture_check(p, big, &f, &w, &h, &e), -1);
    cr_assert_eq(e.code, E_TOO_LARGE);
    free(p);
}

Test(rules, tokens_and_initials)
{
    unsigned char r[PICTURE_TOKEN_LEN / 2] = { 0x00, 0x01, 0xab, 0xcd, 0xef, 0x10, 0x99, 0x7f, 0x80, 0xff };
    char t[PICTURE_TOKEN_LEN + 1];
    picture_token_make(r, t);
    cr_assert_str_eq(t, "0001abcdef10997f80ff");
    cr_assert(picture_token_valid(t));
    cr_assert_not(picture_token_valid("0001ABCDEF10997f80ff"), "lower case only");
    cr_assert_not(picture_token_valid("0001abcdef10997f80f"), "twenty digits");
    cr_assert_not(picture_token_valid("../../../etc/passwd.."));
    char in[9];
    picture_initials("Ada Lovelace", in);
    cr_assert_str_eq(in, "AL");
    picture_initials("  Zoë  de la Quartz ", in);
    cr_assert_str_eq(in, "ZQ");
    picture_initials("Émile", in);
    cr_assert_str_eq(in, "É");
    picture_initials("東京 ラボ", in);
    cr_assert_str_eq(in, "東ラ");
    picture_initials("", in);
    cr_assert_str_eq(in, "");
}

Test(rules, a_webp_keeps_its_image_chunks_only)
{
    /* RIFF WEBP: VP8X (flags: ICC, alpha, EXIF, XMP), ICCP, a fake VP8L, EXIF with a GPS tag, XMP (odd length: padded) */
    unsigned char f[] = { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P',
                          'V', 'P', '8', 'X', 10, 0, 0, 0, 0x3c, 0, 0, 0, 99, 0, 0, 99, 0, 0,
                          'I', 'C', 'C', 'P', 4, 0, 0, 0, 'i', 'c', 'c', '!',
                          'V', 'P', '8', 'L', 6, 0, 0, 0, 0x2f, 1, 2, 3, 4, 5,
                          'E', 'X', 'I', 'F', 6, 0, 0, 0, 'G', 'P', 'S', '3', '8', 'N',
                          'X', 'M', 'P', ' ', 3, 0, 0, 0, 'x', 'm', 'p', 0 };
    uint32_t riff = sizeof f - 8;
    memcpy(f + 4, &riff, 4);
    size_t n = picture_webp_bare(f, sizeof f);
    cr_assert_eq(n, 12 + 18 + 14, "VP8X and VP8L are left: %zu", n);
    cr_assert_eq(memcmp(f + 12, "VP8X", 4), 0);
    cr_assert_eq(f[20], 0x10, "only the alpha flag remains");
    cr_assert_eq(memcmp(f + 30, "VP8L", 4), 0);
    cr_assert_not(holds(f, n, "GPS"));
    cr_assert_not(holds(f, n, "icc"));
    uint32_t now;
    memcpy(&now, f + 4, 4);
    cr_assert_eq(now, n - 8, "the RIFF size is the new one");
    unsigned char cut[] = { 'R', 'I', 'F', 'F', 40, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 200, 0, 0, 0, 1 };
    cr_assert_eq(picture_webp_bare(cut, sizeof cut), 0, "a chunk longer than the file");
}

/* ---- image.c ---- */

TestSuite(encode, .init = init);

Test(encode, a_photo_is_fit_within_1024_with_a_square_and_no_metadata)
{
    Bytes j = jpeg_of(1600, 1200, "GPS 38.7N 9.1W secret comment");
    cr_assert(holds(j.p, j.n, "secret comment"), "the file sent carries its comment");
    PictureEncoded pe;
    Err e = { 0 };
    cr_assert_eq(picture_encode(j.p, j.n, &pe, &e), 0, "%s", e.msg);
    cr_assert_eq(pe.width, 1024);
    cr_assert_eq(pe.height, 768);
    int64_t w, h;
    webp_size(&pe, false, &w, &h);
    cr_assert_eq(w, 1024);
    cr_assert_eq(h, 768);
    webp_size(&pe, true, &w, &h);
    cr_assert_eq(w, PICTURE_SQUARE);
    cr_assert_eq(h, PICTURE_SQUARE);
    cr_assert_not(holds(pe.full, pe.full_len, "secret comment"));
    cr_assert_not(holds(pe.full, pe.full_len, "EXIF"));
    cr_assert_not(holds(pe.full, pe.full_len, "ICCP"));
    cr_assert_not(holds(pe.full, pe.full_len, "XMP "));
    /* decoded again, it is a picture of the same size whose middle is still the white disc */
    VipsImage *back = vips_image_new_from_buffer(pe.full, pe.full_len, "", NULL);
    cr_assert_not_null(back);
    cr_assert_eq(vips_image_get_width(back), 1024);
    double *px;
    int nb;
    cr_assert_eq(vips_getpoint(back, &px, &nb, 512, 384, NULL), 0);
    cr_assert_gt(px[0], 200.0, "the disc is where it was");
    g_free(px);
    cr_assert_not(vips_image_get_typeof(back, "exif-data"), "no EXIF once decoded");
    g_object_unref(back);
    picture_encoded_free(&pe);
    g_free(j.p);
}

Test(encode, small_pictures_are_not_enlarged_and_every_format_is_taken)
{
    static const char *const formats[] = { "png", "gif", "webp", "webp-lossless" };
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        Bytes b = saved(200, 100, formats[i]);
        PictureEncoded pe;
        Err e = { 0 };
        cr_assert_eq(picture_encode(b.p, b.n, &pe, &e), 0, "%s: %s", formats[i], e.msg);
        cr_assert_eq(pe.width, 200, "%s", formats[i]);
        cr_assert_eq(pe.height, 100, "%s", formats[i]);
        int64_t w, h;
        webp_size(&pe, true, &w, &h);
        cr_assert_eq(w, 100, "%s: the square of a small picture is as large as it can be", formats[i]);
        picture_encoded_free(&pe);
        g_free(b.p);
    }
}

Test(encode, truncated_and_disguised_files_are_refused)
{
    Bytes j = jpeg_of(800, 600, NULL);
    PictureEncoded pe;
    Err e = { 0 };
    cr_assert_eq(picture_encode(j.p, j.n / 2, &pe, &e), -1, "half a JPEG");
    cr_assert_eq(e.code, E_BAD_REQUEST);
    cr_assert(strstr(e.msg, "cut short or damaged"), "%s", e.msg);
    cr_assert_null(pe.full);
    /* a PNG's signature in front of a JPEG: the loader would not be PNG's */
    Bytes p = saved(64, 64, "png");
    unsigned char *mixed = malloc(p.n);
    memcpy(mixed, p.p, p.n);
    memset(mixed + 33, 0x5a, p.n - 33);   /* the IHDR kept, the image data garbage */
    e = (Err){ 0 };
    cr_assert_eq(picture_encode(mixed, p.n, &pe, &e), -1, "a PNG with garbage for pixels");
    cr_assert_eq(e.code, E_BAD_REQUEST, "%s", e.msg);
    free(mixed);
    g_free(p.p);
    g_free(j.p);
}

/* Four request threads encode at once: two at a time do, the others wait their turn; all succeed. */
typedef struct Job {
    Bytes in;
    int rc;
    int64_t w;
} Job;

static void *encode_job(void *arg)
{
    Job *j = arg;
    PictureEncoded pe;
    Err e = { 0 };
    j->rc = picture_encode(j->in.p, j->in.n, &pe, &e);
    j->w = pe.width;
    if (j->rc == 0) picture_encoded_free(&pe);
    return NULL;
}

Test(encode, threads_encode_at_once_safely)
{
    Job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (Job){ .in = i % 2 ? saved(1200, 900, "png") : jpeg_of(1500, 1000, NULL), .rc = -2 };
        cr_assert_eq(pthread_create(&t[i], NULL, encode_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(jobs[i].rc, 0, "job %d", i);
        cr_assert_eq(jobs[i].w, 1024, "job %d", i);
        g_free(jobs[i].in.p);
    }
}

/* ---- the operations, through a database ---- */

static int64_t count(DbConn *c, const char *kind, int64_t id)
{
    Err e = { 0 };
    int64_t n = -1;
    cr_assert_eq(db_int64(c, &e, &n, "SELECT count(*) FROM pictures WHERE owner_kind = $1 AND owner_id = $2", DT(kind), DI(id)), 1, "%s", e.msg);
    return n;
}

Test(operations, a_new_picture_replaces_the_old_under_a_new_token, .init = init)
{
    TestDb t;
    Db *db;
    DbConn *c;
    test_db_open(&t, &db, &c);
    Err e = { 0 };
    Bytes j = jpeg_of(400, 300, NULL);
    PictureSet s = { .kind = "organisation", .owner_id = 777001, .bytes = j.p, .len = j.n, .now = 1700000000 };
    cr_assert_eq(picture_set(c, &e, &s), 0, "%s", e.msg);
    char first[PICTURE_TOKEN_LEN + 1];
    memcpy(first, s.token, sizeof first);
    cr_assert(picture_token_valid(first));
    json_t *p = NULL;
    cr_assert_eq(picture_of(c, &e, "organisation", 777001, &p), 1, "%s", e.msg);
    char want[64];
    snprintf(want, sizeof want, "/pictures/%s.webp", first);
    cr_assert_str_eq(json_string_value(json_object_get(p, "url")), want);
    cr_assert_eq(json_integer_value(json_object_get(p, "width")), 400);
    json_decref(p);
    cr_assert_eq(picture_set(c, &e, &s), 0, "%s", e.msg);
    cr_assert_str_neq(s.token, first, "a new picture, a new token");
    cr_assert_eq(count(c, "organisation", 777001), 1, "one picture per owner");
    /* a refused upload changes nothing */
    PictureSet bad = { .kind = "organisation", .owner_id = 777001, .bytes = "plain text", .len = 10, .now = 1700000001 };
    e = (Err){ 0 };
    cr_assert_eq(picture_set(c, &e, &bad), -1);
    cr_assert_eq(count(c, "organisation", 777001), 1);
    /* the bytes read back are the WebP written */
    json_t *list = json_pack("[{s:I}, {s:I}]", "id", (json_int_t)777001, "id", (json_int_t)777002);
    cr_assert_eq(pictures_attach(c, &e, "organisation", list, "id"), 0, "%s", e.msg);
    cr_assert_not_null(json_object_get(json_array_get(list, 0), "picture"));
    cr_assert_null(json_object_get(json_array_get(list, 1), "picture"), "no picture, no key");
    json_decref(list);
    cr_assert_eq(picture_remove(c, &e, "organisation", 777001), 1, "%s", e.msg);
    cr_assert_eq(picture_remove(c, &e, "organisation", 777001), 0, "nothing left to remove");
    cr_assert_eq(picture_of(c, &e, "organisation", 777001, &p), 0);
    g_free(j.p);
    test_db_close(&t, db, c);
}
