/* model.h - building the model a page or an API answer is made from.
 *
 * Safe HTML is marked by construction: model_set_html and model_set_markdown
 * store {"html": "..."} under a key ending in "_html", the only values a
 * template may insert raw (see mustache.h, MUSTACHE_HTML). Keys starting with
 * "_" are for pages only and never reach the JSON face (see req.h). */
#ifndef GLOCAL_MODEL_H
#define GLOCAL_MODEL_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"

/* {"html": html}: HTML the program made itself (rendered Markdown, an SVG it drew). */
json_t *model_html(const char *html);
/* obj[key] = model_html(html); key must end in "_html". */
void model_set_html(json_t *obj, const char *key, const char *html);
/* obj[key] = the Markdown text rendered to safe HTML (raw HTML in it is dropped). */
void model_set_markdown(json_t *obj, const char *key, Arena *a, const char *markdown);
/* For every integer member k of obj, "_k_text": the figure as people read it
 * ("12,345", figure_text), for pages; the JSON face keeps the number. */
void model_set_figures(json_t *obj, Arena *a);
/* Marks the option whose "id" is `selected` in a list for a <select> ("is_selected"). */
void options_select(json_t *options, int64_t selected);

#endif
