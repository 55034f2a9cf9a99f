/* mustache.c - compiles Mustache templates into node arrays; mustache_render.c
 * renders them (see mustache.h for the behaviour callers can rely on).
 *
 * Compiling runs three passes over the source:
 *   1. tokenize: cut the source into text pieces (each piece ends at a
 *      newline or at a tag) and tags, following set-delimiter tags as they
 *      come;
 *   2. pair and trim: match every section, parent and block with its closing
 *      tag, then apply the whitespace rules of the specification (standalone
 *      lines, standalone parent and block elements, intrinsic indentation of
 *      block arguments); these only drop or shorten text pieces and note
 *      indentation strings;
 *   3. build: turn the tokens into one flat array of nodes in which every
 *      node knows the size of its subtree, marking the start of every
 *      template line with an INDENT node.
 *
 * Indentation: the specification defines the indentation of a standalone
 * partial (or parent, or block argument) as text prepended to every line of
 * the included template's source. The renderer keeps a stack of indentation
 * strings and writes it wherever an INDENT node marks the start of a template
 * line, so newlines inside interpolated data are never indented.
 *
 * Inheritance: the children of a parent node are its arguments (ARG nodes,
 * the {{$name}} blocks directly inside {{<parent}}). While the parent
 * template renders, the parent node sits on an override stack; a block node
 * renders the first argument of its name found from the bottom of that stack
 * (the outermost template wins), or else its own default content.
 *
 * Number formatting uses snprintf/strtod and assumes the "C" numeric locale
 * (the server never calls setlocale). */
#include "web/mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "web/mustache_impl.h"

/* ------------------------------------------------------------------ */
/* Pass 1: tokens                                                      */

#define MAX_DELIM 32

typedef struct Tok {
    char kind;        /* 'T' text, or the tag's kind: 'v' variable, '&' raw variable
                         (also {{{x}}}), '#', '^', '/', '!', '=', '>', '<', '$' */
    bool nl;          /* text: ends with a newline */
    bool drop;        /* text: removed by a whitespace rule */
    bool noindent;    /* first token of a line that gets no INDENT node */
    bool arg;         /* '$': directly inside a parent, so an argument */
    uint8_t flags;    /* node flags decided by the whitespace rules */
    int line;         /* where the token starts, from 1 */
    size_t off, len;  /* text: the piece; tag: its name (trimmed) */
    size_t match;     /* sections, parents, blocks and closing tags: the partner tag */
    size_t wsoff, wslen; /* indentation noted for the node */
} Tok;

typedef struct Parser {
    const char *src;  /* the template's own copy of the source */
    size_t len;
    Tok *tok;
    size_t ntok, cap;
    char *err;
    size_t errlen;
} Parser;

static int fail(Parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Writes "line N: <message>" to the caller's error buffer; returns -1. */
static int fail(Parser *p, int line, const char *fmt, ...)
{
    if (!p->errlen) return -1;
    int k = snprintf(p->err, p->errlen, "line %d: ", line);
    if (k >= 0 && (size_t)k < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static Tok *tok_push(Parser *p, char kind, int line, size_t off, size_t len)
{
    if (p->ntok == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->tok = xrealloc(p->tok, p->cap * sizeof *p->tok);
    }
    Tok *t = &p->tok[p->ntok++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = line;
    t->off = off;
    t->len = len;
    return t;
}

/* Adds src[from..to) as text pieces that each end at a newline or at `to`. */
static void add_text(Parser *p, size_t from, size_t to, int *line)
{
    while (from < to) {
        const char *nl = memchr(p->src + from, '\n', to - from);
        size_t end = nl ? (size_t)(nl - p->src) + 1 : to;
        Tok *t = tok_push(p, 'T', *line, from, end - from);
        t->nl = nl != NULL;
        if (nl) (*line)++;
        from = end;
    }
}

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Checks a tag name: not empty, no whitespace, and for data names either "."
 * or dot-separated non-empty parts. Returns 0 or -1 (with err set). */
static int check_name(Parser *p, int line, char kind, size_t off, size_t len)
{
    const char *s = p->src + off;
    if (!len) return fail(p, line, "empty tag name");
    for (size_t i = 0; i < len; i++)
        if (space(s[i]))
            return fail(p, line, "tag name '%.*s' contains whitespace", (int)len, s);
    bool dotted = kind == 'v' || kind == '&' || kind == '#' || kind == '^';
    if (!dotted || (len == 1 && s[0] == '.')) return 0;
    if (s[0] == '.' || s[len - 1] == '.' || memmem(s, len, "..", 2))
        return fail(p, line, "bad name '%.*s' (use 'a.b' for nested values, '.' for the current one)",
                    (int)len, s);
    return 0;
}

/* Cuts the source into tokens. Returns 0 or -1 (with err set). */
static int tokenize(Parser *p)
{
    const char *src = p->src;
    size_t len = p->len;
    const char *otag = "{{", *ctag = "}}";
    size_t olen = 2, clen = 2;
    size_t pos = 0;
    int line = 1;
    char close[MAX_DELIM + 1];

    while (pos < len) {
        const char *o = memmem(src + pos, len - pos, otag, olen);
        size_t start = o ? (size_t)(o - src) : len;
        add_text(p, pos, start, &line);
        if (!o) break;

        int tagline = line;
        size_t q = start + olen;                  /* first byte inside the tag */
        char sigil = q < len ? src[q] : 0;
        size_t cl = 0;
        if (sigil == '{') close[cl++] = '}';      /* {{{name}}} */
        else if (sigil == '=') close[cl++] = '='; /* {{=<% %>=}} */
        memcpy(close + cl, ctag, clen);
        cl += clen;
        size_t inner = q + (cl > clen ? 1 : 0);   /* skip the '{' or '=' */
        const char *c = inner <= len ? memmem(src + inner, len - inner, close, cl) : NULL;
        if (!c)
            return fail(p, tagline, "unclosed tag: '%.*s' without a matching '%.*s'",
                        (int)olen, otag, (int)cl, close);
        size_t cend = (size_t)(c - src);
        for (size_t k = start; k < cend; k++)
            if (src[k] == '\n') line++;
        pos = cend + cl;

        char kind;
        size_t nb = q + 1, ne = cend;             /* the name, once trimmed */
        switch (sigil) {
        case '{': kind = '&'; break;
        case '&': case '#': case '^': case '/': case '!': case '>': case '<': case '$': case '=':
            kind = sigil;
            break;
        default: kind = 'v'; nb = q; break;
        }
        if (nb > ne) nb = ne;                     /* the closing delimiter starts with the sigil: no name */
        while (nb < ne && space(src[nb])) nb++;
        while (ne > nb && space(src[ne - 1])) ne--;

        if (kind == '!') {
            tok_push(p, kind, tagline, nb, ne - nb);
            continue;
        }
        if (kind == '=') {
            /* two delimiters separated by whitespace */
            size_t a = nb, ae = a;
            while (ae < ne && !space(src[ae])) ae++;
            size_t b = ae;
            while (b < ne && space(src[b])) b++;
            size_t be = b;
            while (be < ne && !space(src[be])) be++;
            if (ae == a || be == b || be != ne)
                return fail(p, tagline, "bad set-delimiter tag '%.*s%.*s%.*s': write two "
                            "delimiters separated by a space, like {{=<%% %%>=}}",
                            (int)olen, otag, (int)(cend - q), src + q, (int)cl, close);
            if (ae - a > MAX_DELIM - 1 || be - b > MAX_DELIM - 1)
                return fail(p, tagline, "set-delimiter tag: delimiters are limited to %d bytes",
                            MAX_DELIM - 1);
            otag = src + a;
            olen = ae - a;
            ctag = src + b;
            clen = be - b;
            tok_push(p, kind, tagline, nb, ne - nb);
            continue;
        }
        if (check_name(p, tagline, kind, nb, ne - nb)) return -1;
        tok_push(p, kind, tagline, nb, ne - nb);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Pass 2: pairs and whitespace                                        */

static const char *element_word(char kind)
{
    switch (kind) {
    case '#': return "section";
    case '^': return "inverted section";
    case '<': return "parent";
    default: return "block";
    }
}

/* Matches opening and closing tags. Returns 0 or -1 (with err set). */
static int pair_tags(Parser *p)
{
    size_t *stack = NULL, depth = 0, cap = 0;
    int rc = 0;
    for (size_t i = 0; i < p->ntok; i++) {
        Tok *t = &p->tok[i];
        switch (t->kind) {
        case '#': case '^': case '<': case '$':
            if (t->kind == '$' && depth && p->tok[stack[depth - 1]].kind == '<') t->arg = true;
            if (depth == cap) {
                cap = cap ? cap * 2 : 16;
                stack = xrealloc(stack, cap * sizeof *stack);
            }
            stack[depth++] = i;
            break;
        case '/': {
            if (!depth) {
                rc = fail(p, t->line, "closing tag '%.*s' has no opening tag",
                          (int)t->len, p->src + t->off);
                goto done;
            }
            Tok *o = &p->tok[stack[--depth]];
            if (o->len != t->len || memcmp(p->src + o->off, p->src + t->off, t->len)) {
                rc = fail(p, t->line, "closing tag '%.*s' does not match %s '%.*s' opened on line %d",
                          (int)t->len, p->src + t->off, element_word(o->kind),
                          (int)o->len, p->src + o->off, o->line);
                goto done;
            }
            o->match = i;
            t->match = stack[depth];
            break;
        }
        default:
            break;
        }
    }
    if (depth) {
        const Tok *o = &p->tok[stack[depth - 1]];
        rc = fail(p, o->line, "unclosed %s '%.*s'", element_word(o->kind),
                  (int)o->len, p->src + o->off);
    }
done:
    free(stack);
    return rc;
}

/* Whether text token i holds only spaces and tabs, apart from its line end. */
static bool blank(const Parser *p, size_t i)
{
    const Tok *t = &p->tok[i];
    const char *s = p->src + t->off;
    size_t n = t->len;
    if (t->nl) {
        n--;
        if (n && s[n - 1] == '\r') n--;
    }
    for (size_t k = 0; k < n; k++)
        if (s[k] != ' ' && s[k] != '\t') return false;
    return true;
}

/* Whether token i starts a template line. */
static bool line_start(const Parser *p, size_t i)
{
    return i == 0 || (p->tok[i - 1].kind == 'T' && p->tok[i - 1].nl);
}

/* Whether only blanks stand between the start of its line and tag i. */
static bool clear_left(const Parser *p, size_t i)
{
    if (line_start(p, i)) return true;
    const Tok *t = &p->tok[i - 1];
    return t->kind == 'T' && !t->nl && blank(p, i - 1) && line_start(p, i - 1);
}

/* Whether only blanks stand between tag i and the end of its line. */
static bool clear_right(const Parser *p, size_t i)
{
    if (i + 1 == p->ntok) return true;
    const Tok *t = &p->tok[i + 1];
    return t->kind == 'T' && blank(p, i + 1) && (t->nl || i + 2 == p->ntok);
}

/* Number of spaces and tabs that token i (when text) starts with. */
static size_t lead_ws(const Parser *p, size_t i)
{
    const Tok *t = &p->tok[i];
    size_t n = 0;
    if (t->kind != 'T') return 0;
    while (n < t->len && (p->src[t->off + n] == ' ' || p->src[t->off + n] == '\t')) n++;
    return n;
}

/* For a tag with clear_left: its line's leading blanks become the tag's
 * indentation instead of text, and the line gets no INDENT. */
static void take_left(Parser *p, size_t i)
{
    Tok *t = &p->tok[i];
    if (line_start(p, i)) {
        t->noindent = true;
        t->wslen = 0;
        return;
    }
    Tok *w = &p->tok[i - 1];
    t->wsoff = w->off;
    t->wslen = w->len;
    w->drop = true;
    w->noindent = true;
}

/* Tag i stands alone on its line: the line disappears from the output. */
static void standalone(Parser *p, size_t i)
{
    take_left(p, i);
    if (i + 1 < p->ntok) p->tok[i + 1].drop = true;
}

/* Removes the indentation src[off..off+n) from the start of every template
 * line among tokens [from, to). */
static void outdent(Parser *p, size_t from, size_t to, size_t off, size_t n)
{
    for (size_t j = from; j < to; j++) {
        Tok *t = &p->tok[j];
        if (t->kind == 'T' && line_start(p, j) && t->len >= n &&
            memcmp(p->src + t->off, p->src + off, n) == 0) {
            t->off += n;
            t->len -= n;
        }
    }
}

/* Applies the specification's whitespace rules, in source order (so that an
 * outer argument is outdented before an inner block measures its own
 * indentation):
 *  - a standalone tag (only blanks around it on its line) removes its line;
 *    a standalone partial takes the blanks before it as indentation;
 *  - a parent element whose opening tag has only blanks before it and whose
 *    closing tag has only blanks after it is standalone as a whole: the
 *    blanks before become its indentation, the rest of the last line goes;
 *  - an argument block whose opening tag ends its line loses that line end,
 *    and the indentation of its first line (its intrinsic indentation) is
 *    removed from each of its lines; blanks before its closing tag go;
 *  - a parameter block standalone as a whole indents the argument that
 *    replaces it by its intrinsic indentation when its opening tag ends its
 *    line, else by the blanks before its opening tag. Its closing line end
 *    stays (it belongs to the surrounding line). */
static void apply_whitespace(Parser *p)
{
    for (size_t i = 0; i < p->ntok; i++) {
        Tok *t = &p->tok[i];
        if (t->kind == 'T' || t->kind == 'v' || t->kind == '&') continue;
        bool left = clear_left(p, i), right = clear_right(p, i);
        switch (t->kind) {
        case '$':
            if (t->arg) {
                if (right) {
                    p->tok[i + 1].drop = true;
                    if (i + 2 < t->match) {
                        size_t n = lead_ws(p, i + 2);
                        if (n) outdent(p, i + 2, t->match, p->tok[i + 2].off, n);
                    }
                } else {
                    t->flags |= F_FORCED;
                }
            } else if (left && clear_right(p, t->match)) {
                if (right) {
                    standalone(p, i);
                    t->flags |= F_SITE_INTRINSIC;
                    t->wslen = 0;
                    if (i + 2 < p->ntok && p->tok[i + 2].kind == 'T') {
                        t->wsoff = p->tok[i + 2].off;
                        t->wslen = lead_ws(p, i + 2);
                    }
                } else {
                    t->flags |= F_SITE_PAIR;
                    take_left(p, i);
                }
            } else if (left && right) {
                standalone(p, i);
            }
            break;
        case '<': {
            bool element = left && clear_right(p, t->match);
            if (element || (left && right)) {
                t->flags |= F_STANDALONE;
                take_left(p, i);
            }
            if (element && t->match + 1 < p->ntok) p->tok[t->match + 1].drop = true;
            break;
        }
        case '/':
            if (p->tok[t->match].arg) {
                if (left) take_left(p, i);
            } else if (left && right) {
                standalone(p, i);
            }
            break;
        case '>':
            if (left && right) {
                t->flags |= F_STANDALONE;
                standalone(p, i);
            }
            break;
        default: /* # ^ ! = */
            if (left && right) standalone(p, i);
            break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Pass 3: nodes                                                       */

typedef struct Builder {
    Parser *p;
    Mustache *t;
    size_t cap;
    size_t *open;              /* indices of the nodes whose closing tag is pending */
    size_t depth, opencap;
} Builder;

static Node *node_add(Builder *b, uint8_t type)
{
    Mustache *t = b->t;
    if (t->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 32;
        t->nodes = xrealloc(t->nodes, b->cap * sizeof *t->nodes);
    }
    Node *nd = &t->nodes[t->n++];
    memset(nd, 0, sizeof *nd);
    nd->type = type;
    nd->size = 1;
    return nd;
}

/* Adds a node for tag token k, with its name (and name parts for data names). */
static Node *node_tag(Builder *b, uint8_t type, const Tok *k)
{
    Node *nd = node_add(b, type);
    Arena *a = &b->t->arena;
    nd->name = arena_strndup(a, b->p->src + k->off, k->len);
    nd->flags = k->flags;
    nd->text = b->p->src + k->wsoff;
    nd->len = k->wslen;
    if (type == N_VAR || type == N_SECTION || type == N_INVERTED) {
        if (strcmp(nd->name, ".") == 0) return nd;
        uint32_t n = 1;
        for (const char *s = nd->name; *s; s++) n += *s == '.';
        const char **parts = arena_alloc(a, n * sizeof *parts);
        const char *s = nd->name;
        for (uint32_t i = 0; i < n; i++) {
            const char *dot = strchr(s, '.');
            size_t len = dot ? (size_t)(dot - s) : strlen(s);
            parts[i] = arena_strndup(a, s, len);
            s += len + 1;
        }
        nd->parts = parts;
        nd->nparts = n;
    }
    return nd;
}

static void open_push(Builder *b)
{
    if (b->depth == b->opencap) {
        b->opencap = b->opencap ? b->opencap * 2 : 16;
        b->open = xrealloc(b->open, b->opencap * sizeof *b->open);
    }
    b->open[b->depth++] = b->t->n - 1;
}

static void open_pop(Builder *b)
{
    size_t at = b->open[--b->depth];
    b->t->nodes[at].size = (uint32_t)(b->t->n - at);
}

/* Whether text token i is nothing but a line end (no INDENT for empty lines). */
static bool bare_newline(const Parser *p, size_t i)
{
    const Tok *t = &p->tok[i];
    return t->kind == 'T' && ((t->len == 1 && p->src[t->off] == '\n') ||
                              (t->len == 2 && p->src[t->off] == '\r' && p->src[t->off + 1] == '\n'));
}

static void build(Parser *p, Mustache *t)
{
    Builder b = { .p = p, .t = t };
    for (size_t i = 0; i < p->ntok; i++) {
        const Tok *k = &p->tok[i];
        if (b.depth && t->nodes[b.open[b.depth - 1]].type == N_PARENT) {
            /* directly inside a parent only the arguments count */
            if (k->kind == '$') {
                node_tag(&b, N_ARG, k);
                open_push(&b);
                if (k->flags & F_FORCED) node_add(&b, N_INDENT);
            } else if (k->kind == '/') {
                open_pop(&b);
            } else if (k->kind == '#' || k->kind == '^' || k->kind == '<') {
                i = k->match;     /* skip the whole element */
            }
            continue;
        }
        if (line_start(p, i) && !k->noindent && !(k->kind == 'T' && k->drop) && !bare_newline(p, i))
            node_add(&b, N_INDENT);
        switch (k->kind) {
        case 'T':
            if (!k->drop && k->len) {
                Node *nd = node_add(&b, N_TEXT);
                nd->text = p->src + k->off;
                nd->len = k->len;
            }
            break;
        case 'v':
            node_tag(&b, N_VAR, k);
            break;
        case '&':
            node_tag(&b, N_VAR, k)->flags |= F_RAW;
            break;
        case '#':
            node_tag(&b, N_SECTION, k);
            open_push(&b);
            break;
        case '^':
            node_tag(&b, N_INVERTED, k);
            open_push(&b);
            break;
        case '<':
            node_tag(&b, N_PARENT, k);
            open_push(&b);
            break;
        case '$':
            node_tag(&b, N_BLOCK, k);
            open_push(&b);
            break;
        case '>':
            node_tag(&b, N_PARTIAL, k);
            break;
        case '/':
            open_pop(&b);
            break;
        default: /* comments, set delimiters */
            break;
        }
    }
    free(b.open);
}

/* In MUSTACHE_HTML mode a raw tag must name a value marked as safe HTML:
 * its last name part ends in "_html". */
static int check_raw_names(const Parser *p)
{
    for (size_t i = 0; i < p->ntok; i++) {
        const Tok *k = &p->tok[i];
        if (k->kind != '&') continue;
        const char *name = p->src + k->off;
        if (k->len >= 5 && memcmp(name + k->len - 5, "_html", 5) == 0) continue;
        return fail((Parser *)p, k->line, "{{{%.*s}}} would insert raw HTML; only values the code marked as safe "
                    "HTML (names ending in _html, set with model_set_html) may be inserted raw", (int)k->len, name);
    }
    return 0;
}

int mustache_compile(Mustache **out, const char *src, size_t len, char *err, size_t errlen)
{
    return mustache_compile_mode(out, src, len, MUSTACHE_SPEC, err, errlen);
}

int mustache_compile_mode(Mustache **out, const char *src, size_t len, unsigned mode, char *err, size_t errlen)
{
    *out = NULL;
    if (errlen) err[0] = 0;
    Mustache *t = xcalloc(1, sizeof *t);
    arena_init(&t->arena, 0);
    char *copy = arena_alloc(&t->arena, len + 1);
    if (len) memcpy(copy, src, len);
    Parser p = { .src = copy, .len = len, .err = err, .errlen = errlen };
    int rc = tokenize(&p);
    if (rc == 0) rc = pair_tags(&p);
    if (rc == 0 && mode == MUSTACHE_HTML) rc = check_raw_names(&p);
    if (rc == 0) {
        t->mode = mode;
        apply_whitespace(&p);
        build(&p, t);
    }
    free(p.tok);
    if (rc) {
        mustache_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

void mustache_free(Mustache *t)
{
    if (!t) return;
    free(t->nodes);
    arena_release(&t->arena);
    free(t);
}
