/* markdown.c - Markdown rendering with cmark-gfm (see markdown.h). */
#include "base/markdown.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

char *markdown_html(Arena *a, const char *md)
{
    if (!md || !*md) return arena_strdup(a, "");
    /* CMARK_OPT_DEFAULT does not include CMARK_OPT_UNSAFE: raw HTML is replaced
     * by a comment and dangerous URLs are emptied */
    char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
    char *out = arena_strdup(a, html ? html : "");
    free(html);
    return out;
}

char *markdown_plain(Arena *a, const char *md)
{
    if (!md || !*md) return arena_strdup(a, "");
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    char *text = doc ? cmark_render_plaintext(doc, CMARK_OPT_DEFAULT, 0) : NULL;
    char *out = arena_strdup(a, text ? text : md);
    free(text);
    if (doc) cmark_node_free(doc);
    return out;
}
