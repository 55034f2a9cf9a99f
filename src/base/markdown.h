/* markdown.h - Markdown to safe HTML (cmark-gfm), with the GitHub extensions
 * tables, ~~strikethrough~~, task lists ("- [x] done", shown as disabled
 * checkboxes) and bare links (https://..., www....).
 *
 * Raw HTML in the source is dropped and javascript:/data: links are blanked
 * (cmark-gfm's safe default; the tagfilter extension as a second guard), so
 * the result may be inserted unescaped. */
#ifndef GLOCAL_MARKDOWN_H
#define GLOCAL_MARKDOWN_H

#include "base/arena.h"

/* The HTML for md (arena). */
char *markdown_html(Arena *a, const char *md);
/* The text of md without its markup (for search snippets), in the arena. */
char *markdown_plain(Arena *a, const char *md);

#endif
