/* mustache.h - the Mustache template engine behind every HTML page.
 *
 * A template is compiled once into an immutable node array and then rendered
 * any number of times, from any number of threads at once, against jansson
 * data. Rendering does no parsing and allocates nothing except the growth of
 * the output Buf. The engine passes the whole official Mustache specification
 * (interpolation, sections, inverted sections, comments, set delimiters,
 * partials with standalone indentation, and the inheritance module: parents
 * {{<layout}} with blocks {{$name}}); lambdas are not supported.
 *
 * Output depends on the mode a template was compiled in:
 *   MUSTACHE_SPEC  the specification: {{name}} is HTML-escaped (& < > " ' all
 *                  escaped), {{{name}}} and {{&name}} insert raw text;
 *   MUSTACHE_HTML  every page: {{name}} is escaped, and a raw tag compiles only
 *                  when its name ends in "_html" and inserts only a value the
 *                  code marked as safe HTML ({"html": "..."}, made by
 *                  model_set_html); anything else under a raw tag is escaped;
 *   MUSTACHE_TEXT  plain text (mail): nothing is escaped.
 *
 * Values print as: strings as is; integers in decimal; reals the shortest way
 * that reads back as the same double (1.210 -> "1.21", 1.0 -> "1"); true and
 * false as "true" and "false"; null, objects and arrays as nothing.
 *
 * Truthiness (sections render, inverted sections do not): false, null, a
 * missing name, "" (empty string), [] (empty array), integer 0 and real 0.0
 * are falsey; everything else, including {} (an empty object), is truthy.
 * The specification does not test 0; we chose falsey so that {{#count}}
 * works naturally for counters. A non-empty array renders its section once
 * per element; any other truthy value renders it once with the value pushed
 * on the context stack.
 *
 * One extension: in a dotted name, a number after an array picks an element
 * ("items.0" is the first item), so {{#items.0}}...{{/items.0}} renders only
 * when the list has something in it.
 *
 * Limits: partials, parents and block overrides nest at most
 * MUSTACHE_MAX_INCLUDE levels deep and sections plus includes at most
 * MUSTACHE_MAX_DEPTH levels deep; deeper content renders as empty (so a
 * self-including partial cannot overflow the stack). One render expands at
 * most MUSTACHE_MAX_EXPANSIONS partials, parents and overrides in all; the
 * rest render as empty (so "{{>p}}{{>p}}" inside p cannot run for ever). */
#ifndef GLOCAL_MUSTACHE_H
#define GLOCAL_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"

#define MUSTACHE_MAX_INCLUDE 64
#define MUSTACHE_MAX_DEPTH 512
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define MUSTACHE_MAX_EXPANSIONS 100000L
#else
/* the fuzzers' build (make fuzz-build): a block inside its own override renders
 * itself up to the limit, 9 MB from 160 bytes at 100,000, so a harness that
 * finds one crawls at a few hundred executions a second; the limit's path is
 * the same at 500, and test_mustache tests the real one */
#define MUSTACHE_MAX_EXPANSIONS 500L
#endif

/* A compiled template, immutable after compile: safe to render from many
 * threads at once. */
typedef struct Mustache Mustache;

/* Finds a partial or parent template by name; returns NULL when there is none
 * (then it renders as empty). Called while rendering, possibly from several
 * threads at once. */
typedef const Mustache *(*MustacheLookup)(void *ctx, const char *name);

/* Compiles src (len bytes; it need not be NUL-terminated and may be freed
 * afterwards). Returns 0 and sets *out (free it with mustache_free), or -1
 * with a message a person can act on in err (at most errlen bytes, always
 * NUL-terminated when errlen > 0), e.g. "line 12: unclosed section 'items'". */
int mustache_compile(Mustache **out, const char *src, size_t len, char *err, size_t errlen);

enum { MUSTACHE_SPEC, MUSTACHE_HTML, MUSTACHE_TEXT };
/* mustache_compile in a mode (above); MUSTACHE_HTML refuses raw tags on names
 * that do not end in "_html". */
int mustache_compile_mode(Mustache **out, const char *src, size_t len, unsigned mode, char *err, size_t errlen);

/* Frees a compiled template; NULL is fine. */
void mustache_free(Mustache *t);

/* Renders t with data (a jansson value, usually an object; NULL is treated as
 * null) into out, appending. lookup/lctx may be NULL (no partials). Never
 * fails: missing names render empty. Does not change the reference count
 * of data. */
void mustache_render(const Mustache *t, json_t *data, MustacheLookup lookup, void *lctx, Buf *out);

/* Supplies a value that the data lacks when the template first reaches it: a
 * name (the first part of a dotted name) found in no context. Returns a value
 * that stays valid until the render ends (the callee owns it), or NULL for
 * missing. Lets a page make a costly value only when it is shown (the CSRF
 * token, which sets a cookie, exists only on pages that render a form). */
typedef json_t *(*MustacheLate)(void *ctx, const char *name);

/* mustache_render with late values; late may be NULL. */
void mustache_render_late(const Mustache *t, json_t *data, MustacheLookup lookup, void *lctx,
                          MustacheLate late, void *late_ctx, Buf *out);

#endif
