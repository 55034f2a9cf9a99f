/* mustache_render.c - renders compiled templates (see mustache.h, and
 * mustache.c for the compiled form: indentation and inheritance).
 *
 * Number formatting uses snprintf/strtod and assumes the "C" numeric locale
 * (the server never calls setlocale). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/mustache_impl.h"

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

typedef struct Ctx {
    json_t *v;
    const struct Ctx *up;
} Ctx;

#define STACK_SLOTS (MUSTACHE_MAX_INCLUDE + 1)

typedef struct Render {
    Buf *out;
    MustacheLookup lookup;
    void *lctx;
    MustacheLate late;
    void *late_ctx;
    const char *ind[STACK_SLOTS];  /* indentation strings; ind[indbase..nind) apply */
    size_t indlen[STACK_SLOTS];
    int nind, indbase;
    const Node *over[STACK_SLOTS]; /* parent nodes whose arguments override blocks */
    int nover;
    int includes;                  /* partials, parents and overrides being rendered */
    int depth;                     /* nested calls of render() */
    long expansions;               /* includes and overrides so far, for the budget */
    unsigned mode;                 /* the mode of the template rendered first */
} Render;

static bool truthy(const json_t *v)
{
    if (!v) return false;
    switch (json_typeof(v)) {
    case JSON_OBJECT: return true;
    case JSON_ARRAY: return json_array_size(v) > 0;
    case JSON_STRING: return json_string_length(v) > 0;
    case JSON_INTEGER: return json_integer_value(v) != 0;
    case JSON_REAL: return json_real_value(v) != 0.0;
    case JSON_TRUE: return true;
    default: return false;
    }
}

/* Resolves a (dotted) name against the context stack; NULL when missing. */
static json_t *resolve(const Render *r, const Node *nd, const Ctx *ctx)
{
    if (nd->nparts == 0) return ctx->v;
    json_t *v = NULL;
    for (const Ctx *c = ctx; c; c = c->up)
        if (json_is_object(c->v) && (v = json_object_get(c->v, nd->parts[0]))) break;
    if (!v && r->late) v = r->late(r->late_ctx, nd->parts[0]);
    for (uint32_t i = 1; v && i < nd->nparts; i++) {
        if (json_is_array(v)) {
            /* an extension to the spec: "items.0" is the first item, so that a
             * template can ask whether a list has any ({{#items.0}}) */
            const char *p = nd->parts[i];
            size_t idx = 0;
            if (!*p) return NULL;
            for (; *p; p++) {
                if (*p < '0' || *p > '9' || idx > 1000000) return NULL;
                idx = idx * 10 + (size_t)(*p - '0');
            }
            v = json_array_get(v, idx);
        } else {
            v = json_is_object(v) ? json_object_get(v, nd->parts[i]) : NULL;
        }
    }
    return v;
}

/* Formats d the shortest way that reads back as the same double. */
static int format_real(char *buf, size_t size, double d)
{
    int n = 0;
    for (int prec = 1; prec <= 17; prec++) {
        n = snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    return n;
}

/* Formats an integer in decimal into the end of buf[size]; returns the start. */
static char *format_int(char *buf, size_t size, json_int_t i)
{
    char *p = buf + size;
    unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (i < 0) *--p = '-';
    return p;
}

static void put_value(Buf *out, const json_t *v, bool raw)
{
    char tmp[48];
    const char *s;
    size_t n;
    switch (json_typeof(v)) {
    case JSON_STRING:
        s = json_string_value(v);
        n = json_string_length(v);
        break;
    case JSON_INTEGER:
        s = format_int(tmp, sizeof tmp, json_integer_value(v));
        n = (size_t)(tmp + sizeof tmp - s);
        break;
    case JSON_REAL:
        s = tmp;
        n = (size_t)format_real(tmp, sizeof tmp, json_real_value(v));
        break;
    case JSON_TRUE:
        s = "true";
        n = 4;
        break;
    case JSON_FALSE:
        s = "false";
        n = 5;
        break;
    default:
        return;
    }
    if (raw) buf_add(out, s, n);
    else buf_add_html(out, s, n);
}

/* A variable as the mode wants it: HTML escapes unless raw (in MUSTACHE_HTML,
 * raw only for a value model_set_html made, {"html": "..."}); text mode
 * never escapes. */
static void put_var(Render *r, const json_t *v, bool raw)
{
    if (r->mode == MUSTACHE_TEXT) {
        put_value(r->out, v, true);
    } else if (r->mode == MUSTACHE_HTML && raw) {
        const json_t *html = json_is_object(v) ? json_object_get(v, "html") : NULL;
        if (json_is_string(html)) put_value(r->out, html, true);
        else put_value(r->out, v, false);   /* not marked: escaped */
    } else {
        put_value(r->out, v, raw);
    }
}

static void write_indent(Render *r)
{
    for (int k = r->indbase; k < r->nind; k++) buf_add(r->out, r->ind[k], r->indlen[k]);
}

static void render(Render *r, const Node *nd, const Node *end, const Ctx *ctx);

/* Renders a partial or parent template t for node nd. */
static void include(Render *r, const Node *nd, const Ctx *ctx)
{
    if (!r->lookup || r->includes >= MUSTACHE_MAX_INCLUDE ||
        r->expansions >= MUSTACHE_MAX_EXPANSIONS)
        return;
    r->expansions++;
    const Mustache *t = r->lookup(r->lctx, nd->name);
    if (!t) return;
    int indbase = r->indbase, nind = r->nind;
    if (nd->flags & F_STANDALONE) {
        r->ind[r->nind] = nd->text;
        r->indlen[r->nind++] = nd->len;
    } else {
        r->indbase = r->nind;   /* an inline include starts without indentation */
    }
    bool parent = nd->type == N_PARENT;
    if (parent) r->over[r->nover++] = nd;
    r->includes++;
    render(r, t->nodes, t->nodes + t->n, ctx);
    r->includes--;
    if (parent) r->nover--;
    r->indbase = indbase;
    r->nind = nind;
}

/* The argument overriding block `name`, searched from the outermost template. */
static const Node *find_arg(const Render *r, const char *name)
{
    for (int k = 0; k < r->nover; k++) {
        const Node *p = r->over[k], *end = p + p->size;
        for (const Node *a = p + 1; a < end; a += a->size)
            if (strcmp(a->name, name) == 0) return a;
    }
    return NULL;
}

static void render_block(Render *r, const Node *nd, const Ctx *ctx)
{
    const Node *a = find_arg(r, nd->name);
    if (!a) {
        if (nd->flags & F_SITE_PAIR) {
            write_indent(r);
            buf_add(r->out, nd->text, nd->len);
        }
        render(r, nd + 1, nd + nd->size, ctx);
        return;
    }
    if (r->includes >= MUSTACHE_MAX_INCLUDE || r->expansions >= MUSTACHE_MAX_EXPANSIONS) return;
    r->expansions++;
    const Node *from = a + 1;
    int nind = r->nind;
    if (nd->flags & (F_SITE_PAIR | F_SITE_INTRINSIC)) {
        r->ind[r->nind] = nd->text;
        r->indlen[r->nind++] = nd->len;
    } else if (a->flags & F_FORCED) {
        from++;                 /* inline: the first line continues the current one */
    }
    r->includes++;
    render(r, from, a + a->size, ctx);
    r->includes--;
    r->nind = nind;
}

static void render(Render *r, const Node *nd, const Node *end, const Ctx *ctx)
{
    if (r->depth >= MUSTACHE_MAX_DEPTH) return;
    r->depth++;
    for (; nd < end; nd += nd->size) {
        switch (nd->type) {
        case N_TEXT:
            buf_add(r->out, nd->text, nd->len);
            break;
        case N_INDENT:
            if (r->nind > r->indbase) write_indent(r);
            break;
        case N_VAR: {
            const json_t *v = resolve(r, nd, ctx);
            if (v) put_var(r, v, nd->flags & F_RAW);
            break;
        }
        case N_SECTION: {
            json_t *v = resolve(r, nd, ctx);
            if (!truthy(v)) break;
            if (json_is_array(v)) {
                size_t n = json_array_size(v);
                for (size_t i = 0; i < n; i++) {
                    Ctx c = { json_array_get(v, i), ctx };
                    render(r, nd + 1, nd + nd->size, &c);
                }
            } else {
                Ctx c = { v, ctx };
                render(r, nd + 1, nd + nd->size, &c);
            }
            break;
        }
        case N_INVERTED:
            if (!truthy(resolve(r, nd, ctx))) render(r, nd + 1, nd + nd->size, ctx);
            break;
        case N_PARTIAL:
        case N_PARENT:
            include(r, nd, ctx);
            break;
        case N_BLOCK:
            render_block(r, nd, ctx);
            break;
        default: /* N_ARG only occurs inside parents, which skip it */
            break;
        }
    }
    r->depth--;
}

void mustache_render_late(const Mustache *t, json_t *data, MustacheLookup lookup, void *lctx,
                          MustacheLate late, void *late_ctx, Buf *out)
{
    Render r = { .out = out, .lookup = lookup, .lctx = lctx, .late = late, .late_ctx = late_ctx, .mode = t->mode };
    Ctx root = { data ? data : json_null(), NULL };
    if (!t->n) return;   /* an empty template has no node array (nodes is NULL) */
    render(&r, t->nodes, t->nodes + t->n, &root);
}

void mustache_render(const Mustache *t, json_t *data, MustacheLookup lookup, void *lctx, Buf *out)
{
    mustache_render_late(t, data, lookup, lctx, NULL, NULL, out);
}
