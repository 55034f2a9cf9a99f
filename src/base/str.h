/* str.h - small string helpers: validation, slugs, URL coding, numbers, time. */
#ifndef GLOCAL_STR_H
#define GLOCAL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

bool str_eq(const char *a, const char *b);          /* NULL-safe */
bool str_starts(const char *s, const char *prefix);
bool str_empty(const char *s);                     /* NULL or only white space */
/* A copy without leading and trailing white space (arena). */
char *str_trim(Arena *a, const char *s);
/* At most max bytes of s, cut at a character boundary (arena). */
char *str_truncate(Arena *a, const char *s, size_t max);
/* A lower-cased (ASCII letters only) copy (arena). */
char *str_lower(Arena *a, const char *s);
bool str_utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8. */
size_t str_utf8_len(const char *s);
/* True when s (NULL counts) has no line break: no CR, LF, vertical tab, form
 * feed, NEL (U+0085), or line and paragraph separators (U+2028, U+2029). Titles,
 * names and addresses are one line: they end up in mail headers and subjects. */
bool str_single_line(const char *s);
/* A plausible e-mail address: one @, a dot in the domain, no spaces or controls, <= 254 bytes. */
bool str_email_valid(const char *s);
/* A URL slug from a name: lower-case ASCII letters, digits and single hyphens;
 * accented Latin letters lose their accents, and other scripts are written in
 * Latin letters by ICU ("Łódź Ventures" → "lodz-ventures", "Москва Стартап" →
 * "moskva-startap"). Returns "" if nothing remains (symbols alone). */
char *str_slugify(Arena *a, const char *name);
bool str_slug_valid(const char *s);
/* Strict base-10 parse of a whole string. */
bool str_to_i64(const char *s, int64_t *out);
/* Decodes %XX and '+' (form encoding); returns NULL if the result is not valid UTF-8. */
char *str_url_decode(Arena *a, const char *s, size_t n);
void str_url_encode(Buf *b, const char *s);

/* Wall-clock Unix seconds, and a monotonic clock in microseconds. */
int64_t now_unix(void);
int64_t now_usec(void);
/* "2026-11-21" and "2026-11-21T18:30:00Z" (arena). */
char *time_iso_date(Arena *a, int64_t t);
char *time_iso8601(Arena *a, int64_t t);

/* 32 random bytes as 43 characters of URL-safe base64 (arena). */
char *token_new(Arena *a);
/* SHA-256 of s as 64 lower-case hex characters (arena). Tokens are stored this way. */
char *token_hash(Arena *a, const char *s);
/* Constant-time equality of two NUL-terminated strings. */
bool token_equal(const char *a, const char *b);

#endif
