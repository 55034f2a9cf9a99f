/* fuzz_picture.c - the checks an uploaded picture passes before anything
 * decodes it (src/pictures/rules.c): the format sniffed from the first bytes,
 * the dimensions read from each format's header (JPEG markers, PNG's IHDR,
 * GIF's screen, WebP's VP8/VP8L/VP8X), the limits; and picture_webp_bare,
 * which rewrites the encoder's WebP with its image chunks only.
 *
 * Pure parts only: libvips itself (image.c) is not run here — a decode costs
 * milliseconds, far from the thousands of executions a second a harness
 * needs — so this fuzzes what stands between an upload and libvips, and the
 * filter after it. Input: the first byte picks the format hint for
 * picture_header_size (the sniffed one, or any other, which must then fail or
 * stay in bounds); the rest is the file. Invariants: an accepted file is
 * within every limit and of the sniffed format; a refusal for size is only
 * for what is over a limit; sniffing is a pure function of the first bytes;
 * the bare WebP is no longer than the input, is a whole RIFF file of the size
 * it says, holds no EXIF, XMP or ICCP chunk, and is its own bare form. */
#include "fuzz.h"

#include "pictures/pictures.h"

static void check_bare(const uint8_t *data, size_t size)
{
    unsigned char *p = malloc(size ? size : 1);
    memcpy(p, data, size);
    size_t n = picture_webp_bare(p, size);
    FUZZ_CHECK(n <= size);
    if (n) {
        FUZZ_CHECK(n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0);
        uint32_t riff = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
        FUZZ_CHECK(riff == n - 8);
        for (size_t at = 12; at + 8 <= n;) {
            FUZZ_CHECK(memcmp(p + at, "EXIF", 4) != 0 && memcmp(p + at, "XMP ", 4) != 0 && memcmp(p + at, "ICCP", 4) != 0);
            uint32_t len = (uint32_t)p[at + 4] | (uint32_t)p[at + 5] << 8 | (uint32_t)p[at + 6] << 16 | (uint32_t)p[at + 7] << 24;
            if (memcmp(p + at, "VP8X", 4) == 0 && len >= 1) FUZZ_CHECK((p[at + 8] & 0x2c) == 0);
            at += 8 + (size_t)len + (len & 1);
        }
        FUZZ_CHECK(picture_webp_bare(p, n) == n);   /* already bare */
    }
    free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536) return 0;
    uint8_t hint = data[0];
    const unsigned char *p = data + 1;
    size_t n = size - 1;
    PictureFormat sniffed = picture_sniff(p, n);
    FUZZ_CHECK(sniffed == picture_sniff(p, n < 12 ? n : 12));   /* the first 12 bytes decide */
    FUZZ_CHECK((sniffed == PIC_NONE) == (picture_format_name(sniffed) == NULL));
    int64_t w, h;
    PictureFormat f = (hint & 1) ? sniffed : (PictureFormat)(hint >> 1) % 5;
    if (picture_header_size(p, n, f, &w, &h) == 0) {
        FUZZ_CHECK(f != PIC_NONE);
        FUZZ_CHECK(w >= 0 && h >= 0 && w <= 0x100000000LL && h <= 0x100000000LL);
    }
    Err e = { 0 };
    PictureFormat got;
    int rc = picture_check(p, n, &got, &w, &h, &e);
    if (rc == 0) {
        FUZZ_CHECK(got == sniffed && got != PIC_NONE);
        FUZZ_CHECK(w >= PICTURE_MIN_SIDE && h >= PICTURE_MIN_SIDE && w <= PICTURE_MAX_SIDE && h <= PICTURE_MAX_SIDE);
        FUZZ_CHECK(w * h <= PICTURE_MAX_PIXELS);
    } else {
        FUZZ_CHECK(e.code == E_BAD_REQUEST || e.code == E_TOO_LARGE);
        FUZZ_CHECK(e.msg[0] != '\0');
        if (e.code == E_TOO_LARGE) FUZZ_CHECK(w > PICTURE_MAX_SIDE || h > PICTURE_MAX_SIDE || w * h > PICTURE_MAX_PIXELS);
    }
    check_bare(p, n);
    /* the token check and the initials read any text without overrunning */
    char *text = malloc(n + 1);
    memcpy(text, p, n);
    text[n] = '\0';
    if (picture_token_valid(text)) FUZZ_CHECK(strlen(text) == PICTURE_TOKEN_LEN);
    char initials[9];
    picture_initials(text, initials);
    FUZZ_CHECK(strlen(initials) <= 8);
    if (str_utf8_valid(text, strlen(text))) FUZZ_CHECK(str_utf8_valid(initials, strlen(initials)));
    free(text);
    return 0;
}
