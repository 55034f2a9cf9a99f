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
