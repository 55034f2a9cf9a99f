/* arena.c - the region allocator behind every request (see arena.h). */
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;     /* usable bytes in data[] */
    size_t used;
    size_t last;     /* offset of the most recent allocation, for realloc */
    _Alignas(max_align_t) unsigned char data[];
};

#define ALIGN (sizeof(max_align_t))

static void oom(size_t n)
{
    fprintf(stderr, "glocal: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);
    memcpy(d, s, n);
    return d;
}

void arena_init(Arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 8192;
    a->total = 0;
}

void arena_release(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void arena_reset(Arena *a)
{
    ArenaChunk *c = a->head;
    if (!c) return;
    /* keep the oldest chunk (usually the standard-sized one) */
    while (c->next) {
        ArenaChunk *next = c->next;
        a->total -= sizeof(ArenaChunk) + c->size;
        free(c);
        c = next;
    }
    c->used = 0;
    c->last = 0;
    a->head = c;
}

static ArenaChunk *chunk_new(Arena *a, size_t need)
{
    size_t size = a->chunk_size;
    if (need > size) size = need;
    ArenaChunk *c = xmalloc(sizeof(ArenaChunk) + size);
    c->size = size;
    c->used = 0;
    c->last = 0;
    c->next = a->head;
    a->head = c;
    a->total += sizeof(ArenaChunk) + size;
    return c;
}

static size_t round_up(size_t n)
{
    return (n + ALIGN - 1) & ~(ALIGN - 1);
}

void *arena_alloc(Arena *a, size_t n)
{
    size_t need = round_up(n ? n : 1);
    ArenaChunk *c = a->head;
    if (!c || c->size - c->used < need) {
        if (need > SIZE_MAX / 2) oom(n);
        c = chunk_new(a, need);
    }
    void *p = c->data + c->used;
    c->last = c->used;
    c->used += need;
    memset(p, 0, n);
    return p;
}

void *arena_realloc(Arena *a, void *p, size_t old, size_t n)
{
    if (!p) return arena_alloc(a, n);
    ArenaChunk *c = a->head;
    if (n <= old) return p;
    if (c && (unsigned char *)p == c->data + c->last) {
        size_t need = round_up(n);
        if (c->last + need <= c->size) {
            memset((unsigned char *)p + old, 0, n - old);
            c->used = c->last + need;
            return p;
        }
    }
    void *q = arena_alloc(a, n);
    memcpy(q, p, old);
    return q;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *arena_strdup(Arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *d = arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}
