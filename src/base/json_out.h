/* json_out.h - writing a JSON value into a Buf, compactly, for the API's
 * answers. jansson's own writer checks every object and array for loops by
 * formatting its address into a table: on a large answer that was most of
 * the request's cost. Our values are trees built by the program, so this
 * writer walks them directly (with a depth limit), and leaves out the keys a
 * filter names — the API's answer needs no copy of the page's model.
 *
 * Output: objects' keys in their order, strings as UTF-8 with ", \ and the
 * control characters escaped, integers in decimal, reals as %.15g (".0"
 * added to a whole number), as jansson writes them with JSON_COMPACT. */
#ifndef GLOCAL_JSON_OUT_H
#define GLOCAL_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>

#include "base/buf.h"

#define JSON_OUT_DEPTH_MAX 64   /* deeper values are written as null */

/* skip(key, depth): true to leave the key (and its value) out; NULL keeps all. */
typedef bool (*JsonKeySkip)(const char *key, int depth);
void json_out(Buf *b, const json_t *v, JsonKeySkip skip);

#endif
