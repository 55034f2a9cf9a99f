/* test_base.c - unit tests of the domain-free helpers: the arena allocator
 * (src/base/arena.c), the growable buffer and its HTML escaping (buf.c), the
 * string helpers (str.c: slugs, e-mail addresses, numbers, URL decoding,
 * truncation, UTF-8, tokens and their hashes) and Markdown rendering
 * (markdown.c). */
#include "testutil.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/markdown.h"
#include "base/str.h"
#include "base/zone.h"

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return false;
    return true;
}

/* ---- arena ---- */

Test(arena, alloc_is_aligned_and_zeroed)
{
    Arena a;
    arena_init(&a, 256);
    static const size_t sizes[] = { 1, 3, 7, 8, 13, 16, 31, 100, 255, 256, 257, 1000, 0 };
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            unsigned char *p = arena_alloc(&a, sizes[i]);
            cr_assert_not_null(p);
            cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0, "%zu bytes at %p are not aligned", sizes[i], (void *)p);
            cr_assert(all_zero(p, sizes[i]), "%zu bytes are not zeroed", sizes[i]);
            memset(p, 0xAB, sizes[i]);
        }
    /* after a reset the memory is handed out again, zeroed again */
    arena_reset(&a);
    unsigned char *p = arena_alloc(&a, 200);
    cr_assert(all_zero(p, 200));
    arena_release(&a);
}

Test(arena, allocations_do_not_overlap_across_many_chunks)
{
    Arena a;
    arena_init(&a, 64);
    enum { N = 5000 };
    uint32_t **p = malloc(N * sizeof *p);
    for (uint32_t i = 0; i < N; i++) {
        size_t words = 1 + i % 9;
        p[i] = arena_alloc(&a, words * sizeof(uint32_t));
        for (size_t k = 0; k < words; k++) p[i][k] = i * 16 + (uint32_t)k;
    }
    for (uint32_t i = 0; i < N; i++)
        for (size_t k = 0; k < 1 + i % 9; k++)
            cr_assert_eq(p[i][k], i * 16 + (uint32_t)k, "allocation %u was overwritten", i);
    cr_assert_gt(a.total, (size_t)64 * 100, "64-byte chunks: many of them");
    /* larger than a chunk */
    char *big = arena_alloc(&a, 100000);
    memset(big, 'x', 100000);
    cr_assert_eq(p[N - 1][0], (N - 1) * 16);
    free(p);
    arena_release(&a);
    cr_assert_eq(a.total, 0);
    cr_assert_null(a.head);
    /* usable again after release */
    char *s = arena_strdup(&a, "again");
    cr_assert_str_eq(s, "again");
    arena_release(&a);
}

Test(arena, reset_keeps_only_the_first_chunk)
{
    Arena a;
    arena_init(&a, 1024);
    arena_alloc(&a, 8);
    size_t one = a.total;
    cr_assert_gt(one, 1024);
    for (int i = 0; i < 100; i++) arena_alloc(&a, 500);
    cr_assert_gt(a.total, one * 10);
    arena_reset(&a);
    cr_assert_eq(a.total, one, "after reset %zu bytes, one chunk is %zu", a.total, one);
    /* the kept chunk is reused from its start */
    char *p = arena_alloc(&a, 16), *q = arena_alloc(&a, 16);
    cr_assert(q > p && q - p <= 64, "two small allocations %td bytes apart", q - p);
    cr_assert_eq(a.total, one, "the kept chunk serves small allocations");
    arena_release(&a);
}

Test(arena, realloc_in_place_and_by_copy)
{
    Arena a;
    arena_init(&a, 4096);
    char *p = arena_alloc(&a, 10);
    memcpy(p, "123456789", 10);
    /* the most recent allocation grows in place */
    char *q = arena_realloc(&a, p, 10, 100);
    cr_assert_eq(q, p, "the last allocation did not grow in place");
    cr_assert_str_eq(q, "123456789");
    cr_assert(all_zero((unsigned char *)q + 10, 90), "the new bytes are not zeroed");
    memset(q + 10, 'z', 90);
    /* shrinking or equal: the same pointer */
    cr_assert_eq(arena_realloc(&a, q, 100, 50), q);
    cr_assert_eq(arena_realloc(&a, q, 100, 100), q);
    /* after another allocation it must copy */
    char *other = arena_alloc(&a, 8);
    memcpy(other, "other", 6);
    char *r = arena_realloc(&a, q, 100, 200);
    cr_assert_neq(r, q, "grew in place over a later allocation");
    cr_assert_eq(memcmp(r, "123456789", 10), 0);
    cr_assert_eq(r[10], 'z');
    cr_assert_eq(r[99], 'z');
    cr_assert(all_zero((unsigned char *)r + 100, 100));
    cr_assert_str_eq(other, "other", "the later allocation was overwritten");
    /* growing past the end of the chunk copies into a new one */
    char *s = arena_realloc(&a, r, 200, 10000);
    cr_assert_neq(s, r);
    cr_assert_eq(memcmp(s, "123456789", 10), 0);
    cr_assert_eq(s[99], 'z');
    cr_assert(all_zero((unsigned char *)s + 100, 9900));
    /* NULL behaves like alloc */
    char *t = arena_realloc(&a, NULL, 0, 32);
    cr_assert(all_zero((unsigned char *)t, 32));
    arena_release(&a);
}

Test(arena, strings)
{
    Arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(arena_strdup(&a, "Zoë"), "Zoë");
    cr_assert_null(arena_strdup(&a, NULL));
    cr_assert_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
    cr_assert_str_eq(arena_printf(&a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
    char *big = repeat("0123456789", 1000);
    char *s = arena_printf(&a, "[%s]", big);
    cr_assert_eq(strlen(s), 10002);
    cr_assert_eq(s[0], '[');
    cr_assert_eq(s[10001], ']');
    cr_assert_eq(strncmp(s + 1, big, 10000), 0);
    free(big);
    arena_release(&a);
}

/* ---- buf ---- */

static void check_growth(Buf *b)
{
    cr_assert_str_eq(buf_str(b), "", "an empty buffer reads as \"\"");
    for (int i = 0; i < 10000; i++) buf_addc(b, (char)('a' + i % 26));
    cr_assert_eq(b->len, 10000);
    cr_assert_geq(b->cap, b->len + 1);
    cr_assert_eq(strlen(buf_str(b)), 10000, "not NUL-terminated at its length");
    for (int i = 0; i < 10000; i++) cr_assert_eq(b->data[i], 'a' + i % 26, "byte %d", i);
    buf_adds(b, "END");
    cr_assert_eq(b->len, 10003);
    cr_assert_str_eq(b->data + 10000, "END");
    buf_add(b, "x\0y", 3);
    cr_assert_eq(b->len, 10006, "buf_add copies n bytes, NULs included");
    cr_assert_eq(b->data[10004], 0);
    cr_assert_eq(b->data[10005], 'y');
    cr_assert_eq(b->data[10006], 0);
    buf_clear(b);
    cr_assert_eq(b->len, 0);
    cr_assert_str_eq(buf_str(b), "");
    buf_adds(b, "again");
    cr_assert_str_eq(buf_str(b), "again");
}

Test(buf, growth_with_malloc)
{
    Buf b;
    buf_init(&b, NULL);
    check_growth(&b);
    buf_release(&b);
    cr_assert_null(b.data);
}

Test(buf, growth_in_an_arena)
{
    Arena a;
    arena_init(&a, 512);
    Buf b;
    buf_init(&b, &a);
    char *before = arena_strdup(&a, "neighbour");
    check_growth(&b);
    cr_assert_str_eq(before, "neighbour");
    arena_release(&a);
}

static void check_printf(Buf *b)
{
    buf_printf(b, "%d:%s;", 7, "seven");
    cr_assert_str_eq(buf_str(b), "7:seven;");
    char *long_arg = repeat("xyz", 200);   /* longer than the first guess of 64 bytes */
    buf_printf(b, "<%s>", long_arg);
    cr_assert_eq(b->len, 8 + 602);
    cr_assert_eq(strncmp(b->data + 9, long_arg, 600), 0);
    cr_assert_eq(b->data[b->len - 1], '>');
    cr_assert_eq(b->data[b->len], 0);
    for (int i = 0; i < 1000; i++) buf_printf(b, "%04d", i);
    cr_assert_eq(b->len, 610 + 4000);
    cr_assert_eq(strncmp(b->data + b->len - 4, "0999", 4), 0);
    cr_assert_eq(strlen(b->data), b->len);
    free(long_arg);
}

Test(buf, printf)
{
    Buf b;
    buf_init(&b, NULL);
    check_printf(&b);
    buf_release(&b);
    Arena a;
    arena_init(&a, 128);
    buf_init(&b, &a);
    check_printf(&b);
    arena_release(&a);
}

Test(buf, add_html_escapes_the_five_characters)
{
    Buf b;
    buf_init(&b, NULL);
    const char *s = "<a href=\"x\" title='t'>Tom & Jerry</a> é";
    buf_add_html(&b, s, strlen(s));
    cr_assert_str_eq(buf_str(&b),
                     "&lt;a href=&quot;x&quot; title=&#39;t&#39;&gt;Tom &amp; Jerry&lt;/a&gt; é");
    buf_clear(&b);
    buf_add_html(&b, "a<b>c", 2);
    cr_assert_str_eq(buf_str(&b), "a&lt;", "only n bytes are escaped");
    buf_clear(&b);
    buf_add_html(&b, "plain", 5);
    cr_assert_str_eq(buf_str(&b), "plain");
    buf_clear(&b);
    buf_add_html(&b, "&&", 2);
    cr_assert_str_eq(buf_str(&b), "&amp;&amp;");
    buf_clear(&b);
    buf_add_html(&b, "", 0);
    cr_assert_str_eq(buf_str(&b), "");
    buf_release(&b);
}

/* ---- str ---- */

static Arena A;
static void arena_up(void) { arena_init(&A, 0); }
static void arena_down(void) { arena_release(&A); }
TestSuite(str, .init = arena_up, .fini = arena_down);

Test(str, slugify_accents_and_punctuation)
{
    static const char *const cases[][2] = {
        { "São Paulo", "sao-paulo" },
        { "Île-de-France", "ile-de-france" },
        { "Zürich", "zurich" },
        { "Málaga & Córdoba", "malaga-cordoba" },
        { "  Hello,   World!! ", "hello-world" },
        { "O'Brien's Pub", "obriens-pub" },
        { "Lisbon Fintech 2026", "lisbon-fintech-2026" },
        { "Ça va? Ñandú", "ca-va-nandu" },
        { "Café 🎉 Crème", "cafe-creme" },
        { "ALL CAPS", "all-caps" },
        { "a--b__c", "a-b-c" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        cr_expect_str_eq(str_slugify(&A, cases[i][0]), cases[i][1], "slug of \"%s\"", cases[i][0]);
}

Test(str, slugify_empty_results)
{
    cr_assert_str_eq(str_slugify(&A, ""), "");
    cr_assert_str_eq(str_slugify(&A, "!!! ---"), "");
    cr_assert_str_eq(str_slugify(&A, "🎉🎉"), "");
    cr_assert_str_eq(str_slugify(&A, "日本"), "");
}

Test(str, slugify_caps_at_60)
{
    char *long_name = repeat("a", 100);
    char *s = str_slugify(&A, long_name);
    cr_assert_eq(strlen(s), 60);
    cr_assert(str_slug_valid(s));
    free(long_name);
    char *digits = repeat("0123456789", 7);
    s = str_slugify(&A, digits);
    cr_assert_str_eq(s, "012345678901234567890123456789012345678901234567890123456789");
    free(digits);
}

/* A hyphen and a letter added when 59 characters are already out must not
 * push the slug to 61. */
Test(str, slugify_caps_at_60_across_a_hyphen)
{
    for (size_t n = 55; n <= 62; n++) {
        char *base = repeat("a", n);
        char name[128];
        snprintf(name, sizeof name, "%s bcdef", base);
        char *s = str_slugify(&A, name);
        cr_expect_leq(strlen(s), 60, "%zu letters + \" bcdef\" gave %zu characters", n, strlen(s));
        cr_expect(str_slug_valid(s), "%zu letters + \" bcdef\" gave an invalid slug \"%s\"", n, s);
        free(base);
    }
    char *words = repeat("word ", 30);
    char *s = str_slugify(&A, words);
    cr_expect_leq(strlen(s), 60, "\"%s\" is %zu long", s, strlen(s));
    cr_expect(str_slug_valid(s), "\"%s\" is not a valid slug", s);
    free(words);
}

Test(str, slug_valid)
{
    char *s60 = repeat("a", 60), *s61 = repeat("a", 61);
    static const char *const ok[] = { "lisbon", "lisbon-fintech", "a", "a1", "2026", "x-1-y" };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) cr_expect(str_slug_valid(ok[i]), "\"%s\"", ok[i]);
    cr_expect(str_slug_valid(s60));
    static const char *const bad[] = { "", "Lisbon", "-a", "a-", "-", "a b", "a_b", "são", "a.b", "a/b" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) cr_expect_not(str_slug_valid(bad[i]), "\"%s\"", bad[i]);
    cr_expect_not(str_slug_valid(s61));
    cr_expect_not(str_slug_valid(NULL));
    free(s60);
    free(s61);
}

/* str_slugify never makes "--"; chapter_fields_check promises "single hyphens". */
Test(str, slug_valid_refuses_double_hyphens)
{
    cr_expect_not(str_slug_valid("a--b"));
    cr_expect_not(str_slug_valid("lisbon---fintech"));
}

Test(str, email_valid)
{
    static const char *const ok[] = {
        "a@b.co", "ada.lovelace+tag@example.org", "x@sub.domain.example", "UPPER@EXAMPLE.COM",
        "o'brien@example.ie", "1234@example.org",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) cr_expect(str_email_valid(ok[i]), "\"%s\" refused", ok[i]);
    static const char *const bad[] = {
        "", "a", "a@b", "@b.com", "a@", "a@.com", "a@b.", "a@b..com", "a b@c.com", "a@b@c.com",
        "<a>@b.com", "a@b.com.", "a@b,c.com", "\"a\"@b.com", "a@b.com\n", "a\t@b.com", "a@b.c(m)",
        "ab.com",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) cr_expect_not(str_email_valid(bad[i]), "\"%s\" accepted", bad[i]);
    cr_expect_not(str_email_valid(NULL));
}

Test(str, single_line)
{
    cr_expect(str_single_line(NULL));
    cr_expect(str_single_line(""));
    cr_expect(str_single_line("Pitch night \xe2\x80\x94 Lisbon\t(tabs are not breaks)"));
    static const char *const bad[] = {
        "a\nb", "a\rb", "a\r\nBcc: x@example.org", "\n", "a\vb", "a\fb", "a\xc2\x85" "b", "a\xe2\x80\xa8" "b", "a\xe2\x80\xa9" "b",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) cr_expect_not(str_single_line(bad[i]), "line %zu accepted", i);
}

Test(str, email_length_limits)
{
    char buf[400];
    char *l64 = repeat("l", 64), *l65 = repeat("l", 65), *d185 = repeat("d", 185), *d186 = repeat("d", 186);
    snprintf(buf, sizeof buf, "%s@example.org", l64);
    cr_expect(str_email_valid(buf), "a 64-character local part");
    snprintf(buf, sizeof buf, "%s@example.org", l65);
    cr_expect_not(str_email_valid(buf), "a 65-character local part");
    snprintf(buf, sizeof buf, "%s@%s.com", l64, d185);
    cr_assert_eq(strlen(buf), 254);
    cr_expect(str_email_valid(buf), "254 bytes");
    snprintf(buf, sizeof buf, "%s@%s.com", l64, d186);
    cr_expect_not(str_email_valid(buf), "255 bytes");
    free(l64);
    free(l65);
    free(d185);
    free(d186);
}

Test(str, to_i64_is_strict)
{
    static const struct { const char *s; int64_t v; } ok[] = {
        { "0", 0 }, { "42", 42 }, { "-17", -17 }, { "007", 7 },
        { "9223372036854775807", INT64_MAX }, { "-9223372036854775808", INT64_MIN },
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        int64_t v = 123;
        cr_expect(str_to_i64(ok[i].s, &v), "\"%s\" refused", ok[i].s);
        cr_expect_eq(v, ok[i].v, "\"%s\" gave %lld", ok[i].s, (long long)v);
    }
    static const char *const bad[] = {
        "", " 1", "1 ", "\t5", "\n5", "1x", "x", "0x10", "1.5", "1e3", "--1", "-",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t v = 123;
        cr_expect_not(str_to_i64(bad[i], &v), "\"%s\" accepted", bad[i]);
        cr_expect_eq(v, 123, "\"%s\" changed the output on failure", bad[i]);
    }
    int64_t v = 123;
    cr_expect_not(str_to_i64(NULL, &v));
}

static const char *decode(const char *s) { return str_url_decode(&A, s, strlen(s)); }

Test(str, url_decode)
{
    cr_assert_str_eq(decode("a+b%20c"), "a b c");
    cr_assert_str_eq(decode("%C3%A9t%c3%a9"), "été");
    cr_assert_str_eq(decode("%2B%26%3D%25"), "+&=%");
    cr_assert_str_eq(decode("100%"), "100%");
    cr_assert_str_eq(decode("%zz%4"), "%zz%4");
    cr_assert_str_eq(decode("%F0%9F%8E%89"), "🎉");
    cr_assert_str_eq(decode(""), "");
    cr_assert_str_eq(str_url_decode(&A, "abc%41", 4), "abc%", "only n bytes are read");
    cr_assert_str_eq(str_url_decode(&A, "%41xyz", 3), "A");
}

Test(str, url_decode_refuses_nul_and_invalid_utf8)
{
    cr_assert_null(decode("%00"));
    cr_assert_null(decode("a%00b"));
    cr_assert_null(decode("%FF"));
    cr_assert_null(decode("%C3"), "a truncated sequence");
    cr_assert_null(decode("%E2%82"), "a truncated sequence");
    cr_assert_null(decode("%C0%AF"), "an overlong encoding");
    cr_assert_null(decode("%ED%A0%80"), "a surrogate");
    cr_assert_null(decode("ok\xff"), "raw invalid bytes");
}

Test(str, url_encode)
{
    Buf b;
    buf_init(&b, &A);
    str_url_encode(&b, "a b&c=d/é~-_.");
    cr_assert_str_eq(buf_str(&b), "a%20b%26c%3Dd%2F%C3%A9~-_.");
    cr_assert_str_eq(decode(buf_str(&b)), "a b&c=d/é~-_.", "decode(encode(x)) == x");
}

Test(str, truncate_at_a_character_boundary)
{
    cr_assert_str_eq(str_truncate(&A, "héllo", 10), "héllo");
    cr_assert_str_eq(str_truncate(&A, "héllo", 6), "héllo");
    cr_assert_str_eq(str_truncate(&A, "héllo", 5), "héll");
    cr_assert_str_eq(str_truncate(&A, "héllo", 3), "hé");
    cr_assert_str_eq(str_truncate(&A, "héllo", 2), "h", "a cut inside é keeps only h");
    cr_assert_str_eq(str_truncate(&A, "héllo", 0), "");
    cr_assert_str_eq(str_truncate(&A, "🎉🎉", 7), "🎉");
    cr_assert_str_eq(str_truncate(&A, "🎉🎉", 4), "🎉");
    cr_assert_str_eq(str_truncate(&A, "🎉🎉", 3), "");
    cr_assert_str_eq(str_truncate(&A, "🎉🎉", 8), "🎉🎉");
}

Test(str, small_helpers)
{
    cr_assert(str_eq("a", "a"));
    cr_assert_not(str_eq("a", "b"));
    cr_assert(str_eq(NULL, NULL));
    cr_assert_not(str_eq("a", NULL));
    cr_assert(str_starts("lisbon", "lis"));
    cr_assert_not(str_starts(NULL, "x"));
    cr_assert(str_empty(NULL));
    cr_assert(str_empty(" \t\n"));
    cr_assert_not(str_empty(" x "));
    cr_assert_str_eq(str_trim(&A, "  a b \n"), "a b");
    cr_assert_str_eq(str_trim(&A, "   "), "");
    cr_assert_str_eq(str_lower(&A, "MiXeD É"), "mixed É");
    cr_assert_eq(str_utf8_len("Zoë 🎉"), 5);
}

Test(str, utf8_valid)
{
    static const char *const ok[] = { "", "ascii", "é", "日本", "🎉", "\xf4\x8f\xbf\xbf", "\xef\xbf\xbf" };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) cr_expect(str_utf8_valid(ok[i], strlen(ok[i])), "case %zu", i);
    static const char *const bad[] = {
        "\xff", "\x80", "\xc3", "\xc3\x28", "\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
        "\xf8\x88\x80\x80\x80", "\xe2\x82",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) cr_expect_not(str_utf8_valid(bad[i], strlen(bad[i])), "case %zu", i);
    cr_expect(str_utf8_valid("é", 2));
    cr_expect_not(str_utf8_valid("é", 1), "n cuts the character");
}

Test(str, tokens)
{
    enum { N = 200 };
    char *t[N];
    for (int i = 0; i < N; i++) {
        t[i] = token_new(&A);
        cr_assert_eq(strlen(t[i]), 43, "token %s", t[i]);
        cr_assert_eq(strspn(t[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43,
                     "token %s has characters outside URL-safe base64", t[i]);
        for (int k = 0; k < i; k++) cr_assert_str_neq(t[i], t[k], "two equal tokens");
    }
}

Test(str, token_hash_is_sha256_hex)
{
    cr_assert_str_eq(token_hash(&A, "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cr_assert_str_eq(token_hash(&A, ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    char *t = token_new(&A);
    cr_assert_str_eq(token_hash(&A, t), token_hash(&A, t));
    cr_assert_eq(strlen(token_hash(&A, t)), 64);
}

Test(str, token_equal)
{
    cr_assert(token_equal("abc", "abc"));
    cr_assert(token_equal("", ""));
    cr_assert_not(token_equal("abc", "abd"));
    cr_assert_not(token_equal("abc", "ab"));
    cr_assert_not(token_equal("ab", "abc"));
    cr_assert_not(token_equal(NULL, "abc"));
    cr_assert_not(token_equal("abc", NULL));
    cr_assert_not(token_equal(NULL, NULL));
}

Test(str, time_formats)
{
    cr_assert_str_eq(time_iso_date(&A, 0), "1970-01-01");
    cr_assert_str_eq(time_iso_date(&A, 1795219200), "2026-11-21");
    cr_assert_str_eq(time_iso_date(&A, 1795219200 + 86399), "2026-11-21");
    cr_assert_str_eq(time_iso8601(&A, 1795219200 + 18 * 3600 + 30 * 60), "2026-11-21T18:30:00Z");
}

/* ---- markdown ---- */

Test(markdown, renders_emphasis_and_links)
{
    Arena a;
    arena_init(&a, 0);
    char *h = markdown_html(&a, "Some *emphasis*, **strong** and [a link](https://example.org/a?b=1&c=2).");
    cr_assert(strstr(h, "<em>emphasis</em>"), "%s", h);
    cr_assert(strstr(h, "<strong>strong</strong>"), "%s", h);
    cr_assert(strstr(h, "<a href=\"https://example.org/a?b=1&amp;c=2\">a link</a>"), "%s", h);
    h = markdown_html(&a, "a < b & c > d");
    cr_assert(strstr(h, "a &lt; b &amp; c &gt; d"), "%s", h);
    cr_assert_str_eq(markdown_html(&a, ""), "");
    cr_assert_str_eq(markdown_html(&a, NULL), "");
    arena_release(&a);
}

Test(markdown, drops_raw_html)
{
    Arena a;
    arena_init(&a, 0);
    static const char *const inputs[] = {
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> there",
        "<img src=x onerror=alert(1)>",
        "text <b onclick=\"alert(1)\">bold</b>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<div>\n\n*inside*\n\n</div>",
        /* inside what the GitHub extensions make */
        "| a |\n| - |\n| <script>alert(1)</script> |\n",
        "~~<script>alert(1)</script>~~",
        "- [ ] <iframe src=\"https://evil.example\"></iframe>",
        "<script>alert(1)</script> https://example.org",
        "<style>body{display:none}</style>",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        char *h = markdown_html(&a, inputs[i]);
        cr_expect_null(strstr(h, "<script"), "%s -> %s", inputs[i], h);
        cr_expect_null(strstr(h, "<img"), "%s -> %s", inputs[i], h);
        cr_expect_null(strstr(h, "<b "), "%s -> %s", inputs[i], h);
        cr_expect_null(strstr(h, "<iframe"), "%s -> %s", inputs[i], h);
        cr_expect_null(strstr(h, "<div"), "%s -> %s", inputs[i], h);
        cr_expect_null(strstr(h, "onerror"), "%s -> %s", inputs[i], h);
        cr_expect_null(strstr(h, "<style"), "%s -> %s", inputs[i], h);
    }
    char *h = markdown_html(&a, "Hello <script>alert(1)</script> there");
    cr_assert(strstr(h, "Hello"), "the text around raw HTML stays: %s", h);
    arena_release(&a);
}

Test(markdown, blanks_dangerous_links)
{
    Arena a;
    arena_init(&a, 0);
    static const char *const inputs[] = {
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](vbscript:msgbox)",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "![img](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[click][r]\n\n[r]: javascript:alert(1)",
        "| a |\n| - |\n| [x](javascript:alert(1)) |\n",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        char *h = markdown_html(&a, inputs[i]);
        /* the words may remain as text, never as a link target */
        cr_expect_null(strcasestr(h, "=\"javascript:"), "%s -> %s", inputs[i], h);
        cr_expect_null(strcasestr(h, "=\"vbscript:"), "%s -> %s", inputs[i], h);
        cr_expect_null(strcasestr(h, "=\"data:"), "%s -> %s", inputs[i], h);
        cr_expect(strstr(h, "href=\"\"") || strstr(h, "src=\"\""), "not blanked: %s -> %s", inputs[i], h);
    }
    char *h = markdown_html(&a, "[click](javascript:alert(1))");
    cr_assert(strstr(h, "<a href=\"\">click</a>"), "the link stays, blanked: %s", h);
    h = markdown_html(&a, "javascript:alert(1) is not a bare link");
    cr_assert_null(strstr(h, "<a"), "no link is made of it: %s", h);
    arena_release(&a);
}

Test(markdown, github_extensions)
{
    Arena a;
    arena_init(&a, 0);
    char *h = markdown_html(&a, "| Step | Time |\n| --- | ---: |\n| Open | 5 min |\n");
    cr_assert(strstr(h, "<table>"), "%s", h);
    cr_assert(strstr(h, "<th>Step</th>"), "%s", h);
    cr_assert(strstr(h, "<td align=\"right\">5 min</td>"), "%s", h);
    h = markdown_html(&a, "It was ~~late~~ on time, and ~this~ stays.");
    cr_assert(strstr(h, "<del>late</del>"), "%s", h);
    cr_assert(strstr(h, "~this~"), "a single tilde is just a tilde: %s", h);
    h = markdown_html(&a, "- [x] chairs\n- [ ] coffee\n");
    cr_assert(strstr(h, "<input type=\"checkbox\" checked=\"\" disabled=\"\" />"), "%s", h);
    cr_assert(strstr(h, "<input type=\"checkbox\" disabled=\"\" />"), "%s", h);
    h = markdown_html(&a, "Notes at https://example.org/notes?a=1&b=2 and www.example.com.");
    cr_assert(strstr(h, "<a href=\"https://example.org/notes?a=1&amp;b=2\">https://example.org/notes?a=1&amp;b=2</a>"), "%s", h);
    cr_assert(strstr(h, "<a href=\"http://www.example.com\">www.example.com</a>."), "%s", h);
    arena_release(&a);
}

/* ---- zone: local time in IANA zones ---- */

Test(zone, local_text_and_parts)
{
    Arena a;
    arena_init(&a, 512);
    int64_t t;
    Err e = { 0 };
    local_to_utc("2027-04-13T08:00", "Europe/Lisbon", &t, &e);
    cr_assert_str_eq(time_local_text(&a, t, "Europe/Lisbon"), "Tue 13 Apr 2027, 08:00");
    char date[11], hm[6];
    time_local_parts(t, "Europe/Lisbon", date, hm);
    cr_assert_str_eq(date, "2027-04-13");
    cr_assert_str_eq(hm, "08:00");
    time_local_parts(t, "UTC", date, hm);
    cr_assert_str_eq(hm, "07:00");
    cr_assert(timezone_known("Africa/Nairobi"));
    cr_assert(timezone_known("UTC"));
    cr_assert_not(timezone_known("Nowhere/Atlantis"));
    arena_release(&a);
}

Test(zone, local_time_to_utc_and_refusals)
{
    Err e = { 0 };
    int64_t t = 0;
    cr_assert_eq(local_to_utc("2027-03-20T18:30", "America/New_York", &t, &e), 0);
    cr_expect_eq((t % 86400) / 3600, 22, "New York in daylight time is UTC-4");
    cr_assert_eq(local_to_utc("2027-01-13 08:00", "Europe/Lisbon", &t, &e), 0, "a space for the T");
    cr_expect_eq((t % 86400) / 3600, 8, "Lisbon in winter is UTC");
    cr_expect_eq(local_to_utc("2027-02-30T08:00", "UTC", &t, &e), -1, "no 30 February");
    cr_expect_str_eq(e.field, "starts_at");
    Err e2 = { 0 };
    cr_expect_eq(local_to_utc("2027-01-13T08:00", "Mars/Olympus", &t, &e2), -1);
    cr_expect_str_eq(e2.field, "timezone");
    char norm[16];
    cr_expect(zone_normalise_local("20270113T080000", norm));
    cr_expect_str_eq(norm, "20270113T080000");
    cr_expect_not(zone_normalise_local("2027-13-01T08:00", norm));
    /* found by tests/fuzz/fuzz_time.c: a negative hour, minute or second passed, and made
     * "20260228T-10000", a time a meeting or an event started at */
    cr_expect_not(zone_normalise_local("20260228T-10", norm));
    cr_expect_not(zone_normalise_local("2026-02-28T-1:30", norm));
    cr_expect_not(zone_normalise_local("2026-02-28T08:-5", norm));
    cr_expect_not(zone_normalise_local("2026-02-28 08:30:-1", norm));
    cr_expect_eq(local_to_utc("2026-02-28T-1:30", "Europe/Lisbon", &t, &e2), -1);
    cr_expect_null(zone_for("Nowhere/Atlantis"));
    cr_expect_not_null(zone_for(NULL), "no zone is UTC");
}
