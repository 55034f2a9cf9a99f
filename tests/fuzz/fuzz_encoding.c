/* fuzz_encoding.c - Accept-Encoding (src/web/encoding.c), read for every
 * request, and the gzip that follows from it.
 *
 * Input: the header's value up to the first NUL byte, and the bytes after it
 * as an answer's body. Invariants: the parser reads any bytes, answers the
 * same twice, and takes gzip only when the value names gzip, x-gzip or "*";
 * the body gzipped (when it shrinks) inflates back to itself. */
#include "fuzz.h"

#include <strings.h>
#include <zlib.h>

#include "web/encoding.h"

/* Whether s names a coding that could stand for gzip, in any case. */
static bool names_gzip(const char *s)
{
    if (strchr(s, '*')) return true;
    for (const char *p = s; *p; p++)
        if (strncasecmp(p, "gzip", 4) == 0) return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    Arena a;
    arena_init(&a, 8192);
    const char *body;
    char *header = fuzz_split(&a, data, size, &body);
    bool takes = accept_encoding_gzip(header);
    FUZZ_CHECK(takes == accept_encoding_gzip(header));
    if (takes) FUZZ_CHECK(names_gzip(header));
    (void)encoding_compressible(header);
    size_t n = strlen(body), gz_n = 0;
    const unsigned char *gz = gzip_arena(&a, body, n, &gz_n);
    if (gz) {
        FUZZ_CHECK(gz_n < n);
        unsigned char *back = arena_alloc(&a, n + 1);
        z_stream z;
        memset(&z, 0, sizeof z);
        FUZZ_CHECK(inflateInit2(&z, 15 + 16) == Z_OK);
        z.next_in = (Bytef *)gz;
        z.avail_in = (uInt)gz_n;
        z.next_out = back;
        z.avail_out = (uInt)n + 1;
        FUZZ_CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
        FUZZ_CHECK(z.total_out == n && memcmp(back, body, n) == 0);
        inflateEnd(&z);
    }
    arena_release(&a);
    return 0;
}
