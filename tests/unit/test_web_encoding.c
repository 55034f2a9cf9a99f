/* test_web_encoding.c - bytes on the wire (web/encoding.c): Accept-Encoding as
 * RFC 9110 section 12.5.3 reads it, the types worth compressing, gzip that
 * decompresses to what went in, and the gzip form of an entity tag. */
#include "testutil.h"

#include <zlib.h>

#include "web/encoding.h"

#define TAKES(h) cr_assert(accept_encoding_gzip(h), "%s takes gzip", h)
#define REFUSES(h) cr_assert(!accept_encoding_gzip(h), "%s does not take gzip", h)

Test(accept_encoding, gzip_listed_or_covered_by_a_star)
{
    TAKES("gzip");
    TAKES("gzip, deflate, br");        /* what browsers and node's fetch send */
    TAKES("deflate, gzip;q=1.0, *;q=0.5");
    TAKES("br;q=1.0, gzip;q=0.8, *;q=0.1");
    TAKES("*");
    TAKES("x-gzip");                    /* RFC 9110 8.4.1.3: the same as gzip */
    TAKES("GZIP");                      /* codings are case-insensitive */
    TAKES("GZip ; Q=0.5");
    TAKES("  ,, gzip ,");               /* empty list elements are allowed */
    TAKES("gzip;q=0.001");
    TAKES("gzip;q=1.000");
    TAKES("gzip;q=0.5, identity;q=0.5");   /* a tie: the smaller one */
    TAKES("gzip;q=0.1");                /* identity unlisted weighs least */
    TAKES("gzip;q=1.0, identity; q=0.5, *;q=0");
}

Test(accept_encoding, refused_when_absent_zero_or_below_identity)
{
    REFUSES(NULL);                     /* no header: identity */
    REFUSES("");
    REFUSES("identity");
    REFUSES("deflate, br");
    REFUSES("gzip;q=0");
    REFUSES("gzip;q=0.0");
    REFUSES("gzip;q=0.000");
    REFUSES("GZIP; q=0");
    REFUSES("*;q=0");
    REFUSES("*, gzip;q=0");             /* the explicit entry beats the star */
    REFUSES("gzip;q=0.5, identity");    /* identity is preferred */
    REFUSES("gzip;q=0.4, *;q=0.6");     /* identity, unlisted, gets the star's 0.6 */
    REFUSES("gzip, gzip;q=0");          /* a refusal is not overruled */
    REFUSES("gzipx, xgzip, gzi");       /* other codings */
}

Test(accept_encoding, malformed_elements_say_nothing)
{
    REFUSES("gzip;q=2");
    REFUSES("gzip;q=1.5");
    REFUSES("gzip;q=0.5000");
    REFUSES("gzip;q=.5");
    REFUSES("gzip;q=");
    REFUSES("gzip;q");
    REFUSES("gzip q=1");
    REFUSES("gzip;q=-1");
    REFUSES("gzip;q=1e0");
    REFUSES("\"gzip\"");
    TAKES("gzip;q=2, gzip;q=0.5");      /* (identity, unlisted, is acceptable but not preferred) */      /* the malformed one is skipped, the other counts */
    TAKES("gzip;level=9");              /* a parameter that is not q leaves q at 1 */
    TAKES("gzip;q=1;level=9");
    REFUSES("gzip;=1");
    REFUSES(";;;,,,;q=1");
}

/* Every prefix of some tricky values, and every single byte: nothing reads past the end. */
Test(accept_encoding, any_bytes_are_safe)
{
    const char *const samples[] = { "gzip;q=0.5, identity;q=0.1, *;q=0", "x-gzip ;\tQ=1.000 , br", "\t;q=\x80\xff,\x01" };
    char buf[64];
    for (size_t s = 0; s < sizeof samples / sizeof *samples; s++)
        for (size_t n = 0; n <= strlen(samples[s]); n++) {
            memcpy(buf, samples[s], n);
            buf[n] = 0;
            (void)accept_encoding_gzip(buf);
        }
    for (int c = 1; c < 256; c++) {
        buf[0] = (char)c;
        buf[1] = 0;
        (void)accept_encoding_gzip(buf);
    }
    TAKES("x-gzip ;\tQ=1.000 , br");
}

Test(encoding, types_worth_compressing)
{
    const char *const yes[] = { "text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8",
                                "text/calendar; charset=utf-8", "text/csv; charset=utf-8", "text/plain",
                                "application/json", "application/json; charset=utf-8", "application/problem+json",
                                "application/activity+json", "application/atom+xml; charset=utf-8",
                                "image/svg+xml", "application/xml", "TEXT/HTML", "application/jrd+json" };
    const char *const no[] = { "image/png", "image/x-icon", "font/woff2", "application/octet-stream",
                               "application/zip", "application/+json", "application/json-seq", NULL, "" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) cr_assert(encoding_compressible(yes[i]), "%s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        cr_assert(!encoding_compressible(no[i]), "%s", no[i] ? no[i] : "(null)");
}

Test(encoding, gzip_decompresses_to_what_went_in)
{
    Arena a;
    arena_init(&a, 4096);
    char text[8000];
    for (size_t i = 0; i < sizeof text; i++) text[i] = "<li class=\"chapter\">Lisbon</li>\n"[i % 32];
    size_t n = 0;
    const unsigned char *gz = gzip_arena(&a, text, sizeof text, &n);
    cr_assert_not_null(gz);
    cr_assert_lt(n, sizeof text / 10, "repetitive text shrinks (%zu bytes)", n);
    cr_assert_eq(gz[0], 0x1f);
    cr_assert_eq(gz[1], 0x8b);   /* the gzip magic: a gzip stream, not zlib's */
    char back[sizeof text + 16];
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)gz;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)back;
    z.avail_out = sizeof back;
    cr_assert_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
    cr_assert_eq(z.total_out, sizeof text);
    inflateEnd(&z);
    cr_assert(memcmp(back, text, sizeof text) == 0);
    /* what does not shrink is left as it is */
    unsigned char noise[2048];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof noise; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        noise[i] = (unsigned char)x;
    }
    cr_assert_null(gzip_arena(&a, noise, sizeof noise, &n));
    cr_assert_null(gzip_arena(&a, "", 0, &n));
    /* the thread's stream, reset after a refusal, compresses the same text to the same bytes again */
    size_t again_n = 0;
    const unsigned char *again = gzip_arena(&a, text, sizeof text, &again_n);
    cr_assert_eq(again_n, n);
    cr_assert(memcmp(again, gz, n) == 0);
    arena_release(&a);
}

Test(encoding, the_gzip_form_of_a_tag)
{
    Arena a;
    arena_init(&a, 1024);
    cr_assert_str_eq(etag_gzip(&a, "\"abc\""), "\"abc-gz\"");
    cr_assert_str_eq(etag_gzip(&a, "W/\"abc\""), "W/\"abc-gz\"");
    cr_assert_str_eq(etag_gzip(&a, "x"), "x");
    arena_release(&a);
}
