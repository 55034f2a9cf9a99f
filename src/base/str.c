/* str.c - small string helpers (see str.h). */
#include "base/str.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/unicode.h"

bool str_eq(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_empty(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

char *str_trim(Arena *a, const char *s)
{
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return arena_strndup(a, s, n);
}

char *str_truncate(Arena *a, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;   /* s[n] continues a character */
    }
    return arena_strndup(a, s, n);
}

char *str_lower(Arena *a, const char *s)
{
    char *d = arena_strdup(a, s);
    for (char *p = d; p && *p; p++) *p = (char)tolower((unsigned char)*p);
    return d;
}

bool str_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
            return false;   /* overlong */
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

size_t str_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

bool str_single_line(const char *s)
{
    if (!s) return true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\r' || *p == '\n' || *p == '\v' || *p == '\f') return false;
        if (p[0] == 0xC2 && p[1] == 0x85) return false;                                   /* NEL */
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) return false;  /* LS, PS */
    }
    return true;
}

bool str_email_valid(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n < 3 || n > 254) return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@')) return false;
    const char *dom = at + 1;
    const char *dot = strrchr(dom, '.');
    if (!dot || dot == dom || dot[1] == 0) return false;
    if (dom[0] == '.' || s[n - 1] == '.' || strstr(dom, "..")) return false;
    if (at - s > 64) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7F || *p == '<' || *p == '>' || *p == '"' || *p == ',' ||
            *p == ';' || *p == '\\' || *p == '(' || *p == ')' || *p == '[' || *p == ']')
            return false;
    return true;
}

/* ASCII stand-ins for the accented Latin-1 letters U+00C0..U+00FF. */
static const char latin1[] =
    "AAAAAAACEEEEIIII" "DNOOOOOxOUUUUYTs"
    "aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";

char *str_slugify(Arena *a, const char *name)
{
    /* any script: ICU writes it in Latin letters first ("Москва" → "moskva");
     * ASCII and Latin-1's accented letters need no ICU (below) */
    const char *latin = NULL;
    for (const unsigned char *p = (const unsigned char *)name; *p && !latin; p++)
        if (*p >= 0x80 && *p != 0xC3 && !(p > (const unsigned char *)name && p[-1] == 0xC3)) latin = text_ascii(a, name);
    if (latin) name = latin;
    size_t n = strlen(name);
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    bool dash = false;
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        char ch = 0;
        if (c < 0x80) {
            ch = (char)tolower((int)c);
        } else if ((c == 0xC3) && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF) {
            ch = (char)tolower((unsigned char)latin1[(s[i + 1] - 0x80) + 0x00]);
            if (s[i + 1] == 0x9F) ch = 's';        /* sharp s */
            i++;
        } else {
            /* skip the rest of any other multi-byte character */
            while (i + 1 < n && (s[i + 1] & 0xC0) == 0x80) i++;
        }
        if (isalnum((unsigned char)ch)) {
            if (o + (dash && o > 0 ? 2 : 1) > 60) break;   /* the cap counts the hyphen too */
            if (dash && o > 0) out[o++] = '-';
            dash = false;
            out[o++] = ch;
        } else if (ch != '\'') {
            dash = true;
        }
    }
    out[o] = 0;
    return out;
}

bool str_slug_valid(const char *s)
{
    if (!s || !*s || strlen(s) > 60) return false;
    if (s[0] == '-' || s[strlen(s) - 1] == '-' || strstr(s, "--")) return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-')) return false;
    return true;
}

bool str_to_i64(const char *s, int64_t *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || isspace((unsigned char)s[0])) return false;
    *out = v;
    return true;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *str_url_decode(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') d[o++] = ' ';
        else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            d[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else d[o++] = s[i];
    }
    d[o] = 0;
    if (memchr(d, 0, o) || !str_utf8_valid(d, o)) return NULL;
    return d;
}

void str_url_encode(Buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~') buf_addc(b, (char)*p);
        else {
            buf_addc(b, '%');
            buf_addc(b, hex[*p >> 4]);
            buf_addc(b, hex[*p & 15]);
        }
    }
}

int64_t now_unix(void)
{
    return (int64_t)time(NULL);
}

int64_t now_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

char *time_iso_date(Arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%d", &tm);
    return arena_strdup(a, s);
}

char *time_iso8601(Arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, s);
}

char *token_new(Arena *a)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *s = arena_alloc(a, n);
    sodium_bin2base64(s, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return s;
}

char *token_hash(Arena *a, const char *s)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    char *hex = arena_alloc(a, sizeof h * 2 + 1);
    sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
    return hex;
}

bool token_equal(const char *a, const char *b)
{
    if (!a || !b) return false;
    size_t n = strlen(a);
    if (n != strlen(b)) return false;
    return sodium_memcmp(a, b, n) == 0;
}
