/* fold.c - words to search terms: case, accents and compatibility forms
 * folded with utf8proc, so that every database indexes the same terms. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "search/internal.h"

static bool word_char(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* The length of the longest prefix of t[0..n) of at most TERM_MAX bytes that
 * ends on a character boundary. */
static size_t term_cut(const char *t, size_t n)
{
    if (n <= TERM_MAX) return n;
    size_t k = TERM_MAX;
    while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80) k--;
    return k;
}

/* Emits the terms of the word s[from, to): ASCII words are lowered in place;
 * others go through utf8proc and are split again where folding made
 * separators. False when fn asked to stop. */
static bool emit_word(const char *s, size_t from, size_t to, TermFn fn, void *ctx)
{
    size_t n = to - from;
    bool ascii = true;
    for (size_t i = from; i < to; i++)
        if ((unsigned char)s[i] >= 0x80) { ascii = false; break; }
    if (ascii) {
        char t[TERM_MAX];
        size_t k = n < TERM_MAX ? n : TERM_MAX;
        for (size_t i = 0; i < k; i++) {
            char ch = s[from + i];
            t[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        return fn(ctx, t, k, from, to);
    }
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s + from, (utf8proc_ssize_t)n, &folded,
                                        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                            UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    bool go = true;
    if (len < 0) return true;   /* not valid UTF-8: no term */
    /* split the folded form again: compatibility forms may hold separators */
    utf8proc_ssize_t i = 0, start = -1;
    while (go && i <= len) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t step = i < len ? utf8proc_iterate(folded + i, len - i, &cp) : 1;
        if (step <= 0) step = 1, cp = -1;
        bool in = i < len && cp >= 0 && word_char(cp) &&
                  utf8proc_category(cp) != UTF8PROC_CATEGORY_MN;   /* a mark left alone is no word */
        if (in && start < 0) start = i;
        if (!in && start >= 0) {
            const char *t = (const char *)folded + start;
            go = fn(ctx, t, term_cut(t, (size_t)(i - start)), from, to);
            start = -1;
        }
        i += step;
    }
    free(folded);
    return go;
}

static bool ascii_alnum(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

void fold_each(const char *s, TermFn fn, void *ctx)
{
    if (!s) return;
    size_t n = strlen(s), i = 0, start = 0;
    bool in = false;
    while (i <= n) {
        /* the common case first: a word of ASCII letters and digits that a
         * separator ends is lowered here, without a second pass */
        if (!in && i < n && ascii_alnum((unsigned char)s[i])) {
            size_t j = i;
            char t[TERM_MAX];
            while (j < n && ascii_alnum((unsigned char)s[j])) {
                if (j - i < TERM_MAX) t[j - i] = (char)((unsigned char)s[j] | ((s[j] >= 'A' && s[j] <= 'Z') ? 0x20 : 0));
                j++;
            }
            if (j == n || (unsigned char)s[j] < 0x80) {   /* ended by an ASCII separator or the end */
                if (!fn(ctx, t, j - i < TERM_MAX ? j - i : TERM_MAX, i, j)) return;
                i = j;
                continue;
            }
            /* a letter beyond ASCII follows: the general path takes the whole word */
        }
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t step = 1;
        unsigned char ch = i < n ? (unsigned char)s[i] : 0;
        bool w;
        if (i == n) w = false;
        else if (ch < 0x80) w = (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
        else {
            step = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            if (step <= 0) step = 1, w = false;
            else w = word_char(cp);
        }
        if (w && !in) start = i, in = true;
        else if (!w && in) {
            in = false;
            if (!emit_word(s, start, i, fn, ctx)) return;
        }
        i += (size_t)step;
    }
}

typedef struct Appender {
    Buf *out;
    const char *mark;
    size_t max, count;
} Appender;

static bool append_term(void *ctx, const char *term, size_t n, size_t from, size_t to)
{
    (void)from, (void)to;
    Appender *ap = ctx;
    if (n == 0) return true;
    if (ap->out->len) buf_addc(ap->out, ' ');
    buf_adds(ap->out, ap->mark);
    buf_add(ap->out, term, n);
    ap->count++;
    return ap->max == 0 || ap->count < ap->max;
}

size_t fold_append(Buf *out, const char *mark, const char *s, size_t max_terms)
{
    Appender ap = { out, mark ? mark : "", max_terms, 0 };
    fold_each(s, append_term, &ap);
    return ap.count;
}

typedef struct Words {
    Arena *a;
    const char **out;
    size_t max, count;
} Words;

static bool add_word(void *ctx, const char *term, size_t n, size_t from, size_t to)
{
    (void)from, (void)to;
    Words *w = ctx;
    if (n == 0) return true;
    for (size_t i = 0; i < w->count; i++)
        if (strlen(w->out[i]) == n && !memcmp(w->out[i], term, n)) return true;
    w->out[w->count++] = arena_strndup(w->a, term, n);
    return w->count < w->max;
}

size_t search_words(Arena *a, const char *s, const char **out, size_t max)
{
    Words w = { a, out, max, 0 };
    if (max) fold_each(s, add_word, &w);
    return w.count;
}
