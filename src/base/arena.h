/* arena.h - region allocator: many small allocations, one release.
 *
 * Everything a request allocates comes from its arena and is freed at once when
 * the request completes. Allocation never fails: out of memory aborts the
 * process (there is nothing sensible a request could do instead). */
#ifndef GLOCAL_ARENA_H
#define GLOCAL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *head;     /* newest chunk first */
    size_t chunk_size;    /* default size of a new chunk */
    size_t total;         /* bytes obtained from malloc, for statistics */
} Arena;

void arena_init(Arena *a, size_t chunk_size);
/* Frees every chunk; the arena can be used again afterwards. */
void arena_release(Arena *a);
/* Keeps the first chunk, frees the others: cheap reuse between requests. */
void arena_reset(Arena *a);

/* Returns zeroed memory aligned for any type, valid until release/reset. */
void *arena_alloc(Arena *a, size_t n);
/* Grows the most recent allocation in place when possible, else copies. */
void *arena_realloc(Arena *a, void *p, size_t old, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

/* malloc/calloc/realloc that abort on failure, for long-lived objects. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
