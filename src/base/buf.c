/* buf.c - growable byte buffer (see buf.h). */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(Buf *b, Arena *arena)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->arena = arena;
}

void buf_release(Buf *b)
{
    if (!b->arena) free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_clear(Buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void buf_reserve(Buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap *= 2;
    if (b->arena)
        b->data = arena_realloc(b->arena, b->data, b->cap, cap);
    else
        b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_add(Buf *b, const void *data, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_adds(Buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addc(Buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    buf_reserve(b, 64);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    if ((size_t)n >= b->cap - b->len) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    }
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *buf_str(Buf *b)
{
    return b->data ? b->data : "";
}

void buf_add_html(Buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_add(b, s + start, i - start);
        buf_adds(b, rep);
        start = i + 1;
    }
    buf_add(b, s + start, n - start);
}
