/* unicode.c - normal forms (utf8proc) and transliteration (ICU); see unicode.h. */
#include "base/unicode.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

bool text_has_non_ascii(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s >= 0x80) return true;
    return false;
}

char *text_lower(const char *s, size_t n)
{
    char *out = malloc(n * 2 + 1);   /* a lower-case form is at most two bytes longer per two */
    if (!out) abort();
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80) {
            out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (step <= 0) { free(out); return NULL; }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t len = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        if (o + (size_t)len > n * 2) { free(out); return NULL; }
        memcpy(out + o, enc, (size_t)len);
        o += (size_t)len;
        i += (size_t)step;
    }
    out[o] = 0;
    return out;
}

const char *text_nfc(Arena *a, const char *s)
{
    if (!s) return NULL;
    if (!text_has_non_ascii(s)) return s;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) return NULL;
    const char *r = strcmp((const char *)out, s) == 0 ? s : arena_strdup(a, (const char *)out);
    free(out);
    return r;
}

/* The calling thread's transliterator (made on first use, closed when the thread ends). */
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void translit_close(void *t)
{
    utrans_close(t);
}

static void key_make(void)
{
    pthread_key_create(&key, translit_close);
}

static UTransliterator *translit(void)
{
    pthread_once(&key_once, key_make);
    UTransliterator *t = pthread_getspecific(key);
    if (t) return t;
    static const char rules[] = "Any-Latin; Latin-ASCII; Lower";
    UChar id[sizeof rules];
    for (size_t i = 0; i < sizeof rules; i++) id[i] = (UChar)rules[i];
    UErrorCode err = U_ZERO_ERROR;
    t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) return NULL;
    pthread_setspecific(key, t);
    return t;
}

const char *text_ascii(Arena *a, const char *s)
{
    if (!s) return NULL;
    UTransliterator *t = translit();
    if (!t) return NULL;
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF8(NULL, 0, &len, s, -1, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return NULL;
    /* transliteration may lengthen the text: "東" is "dong", four units for one */
    int32_t cap = len * 8 + 16, used = 0;
    UChar *u = arena_alloc(a, (size_t)cap * sizeof *u);
    err = U_ZERO_ERROR;
    u_strFromUTF8(u, cap, &used, s, -1, &err);
    if (U_FAILURE(err)) return NULL;
    int32_t limit = used;
    utrans_transUChars(t, u, &used, cap, 0, &limit, &err);
    if (U_FAILURE(err)) return NULL;
    int32_t bytes = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &bytes, u, used, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return NULL;
    char *out = arena_alloc(a, (size_t)bytes + 1);
    err = U_ZERO_ERROR;
    u_strToUTF8(out, bytes + 1, NULL, u, used, &err);
    return U_FAILURE(err) ? NULL : out;
}
