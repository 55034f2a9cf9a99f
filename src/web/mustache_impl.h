/* mustache_impl.h - the compiled form of a template, shared by the compiler
 * (mustache.c) and the renderer (mustache_render.c). Private to src/web. */
#ifndef GLOCAL_MUSTACHE_IMPL_H
#define GLOCAL_MUSTACHE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "web/mustache.h"

/* ------------------------------------------------------------------ */
/* The compiled form                                                   */

enum {
    N_TEXT,      /* write text */
    N_INDENT,    /* a template line starts: write the current indentation */
    N_VAR,       /* {{name}}, {{{name}}}, {{&name}} */
    N_SECTION,   /* {{#name}} children {{/name}} */
    N_INVERTED,  /* {{^name}} children {{/name}} */
    N_PARTIAL,   /* {{>name}} */
    N_PARENT,    /* {{<name}} ARG children {{/name}} */
    N_ARG,       /* {{$name}} directly inside a parent: an argument */
    N_BLOCK,     /* {{$name}} anywhere else: a parameter; children are the default */
};

enum {
    F_RAW = 1,             /* VAR: no HTML escaping */
    F_STANDALONE = 2,      /* PARTIAL, PARENT: indent the included template by text */
    F_FORCED = 4,          /* ARG: first child is an INDENT added for the first line */
    F_SITE_PAIR = 8,       /* BLOCK: standalone element; text is its leading whitespace */
    F_SITE_INTRINSIC = 16, /* BLOCK: standalone, opening tag ends its line; text is the
                              indentation of its first content line */
};

typedef struct Node {
    uint8_t type;
    uint8_t flags;
    uint32_t size;             /* nodes in this subtree, itself included */
    uint32_t nparts;           /* VAR, SECTION, INVERTED: name parts; 0 means "." */
    const char *text;          /* TEXT: the text; PARTIAL, PARENT, BLOCK: indentation */
    size_t len;
    const char *name;          /* NUL-terminated tag name */
    const char *const *parts;  /* the name split at its dots, each NUL-terminated */
} Node;

struct Mustache {
    Node *nodes;               /* xmalloc'd; nodes[0..n) is the template */
    size_t n;
    unsigned mode;             /* MUSTACHE_SPEC, MUSTACHE_HTML or MUSTACHE_TEXT */
    Arena arena;               /* the source copy, names and name parts */
};

#endif
