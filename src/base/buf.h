/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * A Buf grows inside an arena when it has one (then nothing needs freeing),
 * or with malloc otherwise (then buf_release frees it). */
#ifndef GLOCAL_BUF_H
#define GLOCAL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct Buf {
    char *data;      /* NUL-terminated; NULL until the first write */
    size_t len;
    size_t cap;
    Arena *arena;    /* NULL: malloc-backed */
} Buf;

void buf_init(Buf *b, Arena *arena);
void buf_release(Buf *b);        /* frees a malloc-backed buffer */
void buf_clear(Buf *b);          /* length 0, keeps the memory */
void buf_reserve(Buf *b, size_t extra);
void buf_add(Buf *b, const void *data, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *buf_str(Buf *b);

/* Appends text escaped for HTML element content and attribute values. */
void buf_add_html(Buf *b, const char *s, size_t n);

#endif
