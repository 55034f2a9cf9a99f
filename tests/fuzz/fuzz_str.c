/* fuzz_str.c - the string checks every input passes through (src/base/str.c):
 * URL decoding (form fields, the flash cookie), UTF-8 validation, one-line
 * checks, e-mail addresses, slugs made from names, whole numbers, cutting at a
 * character boundary.
 *
 * Invariants: a decoded text is valid UTF-8 without NUL, never longer than
 * what was decoded, and encode→decode gives it back; a slug made from any
 * name is empty or valid; str_to_i64 reads back what it printed; a cut valid
 * text stays valid and within its limit; an accepted address has one @ and
 * no white space. */
#include "fuzz.h"

#include <inttypes.h>

#include "base/buf.h"

static void check_decode(Arena *a, const char *s, size_t n)
{
    char *d = str_url_decode(a, s, n);
    if (!d) return;
    size_t dn = strlen(d);
    FUZZ_CHECK(dn <= n);
    FUZZ_CHECK(str_utf8_valid(d, dn));
    Buf b;
    buf_init(&b, a);
    str_url_encode(&b, d);
    const char *enc = buf_str(&b);
    char *back = str_url_decode(a, enc, strlen(enc));
    FUZZ_CHECK(back && strcmp(back, d) == 0);
    FUZZ_CHECK(str_utf8_len(d) <= dn);
    for (size_t max = 0; max <= dn && max < 40; max += 7) {
        char *cut = str_truncate(a, d, max);
        FUZZ_CHECK(strlen(cut) <= max && str_utf8_valid(cut, strlen(cut)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a, 4096);
    char *s = fuzz_text(&a, data, size);
    size_t n = strlen(s);
    check_decode(&a, (const char *)data, size);
    bool valid = str_utf8_valid(s, n);
    if (valid) FUZZ_CHECK(str_utf8_len(s) <= n);
    (void)str_single_line(s);
    if (str_email_valid(s)) {
        const char *at = strchr(s, '@');
        FUZZ_CHECK(at && !strchr(at + 1, '@') && !strpbrk(s, " \t\r\n") && n <= 254);
    }
    char *slug = str_slugify(&a, s);
    FUZZ_CHECK(!*slug || str_slug_valid(slug));
    int64_t v;
    if (str_to_i64(s, &v)) {
        char back[32];
        snprintf(back, sizeof back, "%" PRId64, v);
        int64_t w;
        FUZZ_CHECK(str_to_i64(back, &w) && w == v);
    }
    char *t = str_trim(&a, s);
    FUZZ_CHECK(strlen(t) <= n);
    arena_release(&a);
    return 0;
}
