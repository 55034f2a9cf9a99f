/* markdown.c - Markdown rendering with cmark-gfm (see markdown.h): CommonMark
 * and the GitHub extensions tables, ~~strikethrough~~, task lists and bare
 * links, rendered safe. */
#include "base/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* tagfilter too: a second guard that escapes <script>, <iframe>, <style> ...
 * should raw HTML ever get through */
static const char *const extensions[] = { "table", "strikethrough", "tasklist", "autolink", "tagfilter" };

static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
    cmark_gfm_core_extensions_ensure_registered();   /* not thread-safe by itself */
}

char *markdown_html(Arena *a, const char *md)
{
    if (!md || !*md) return arena_strdup(a, "");
    pthread_once(&registered, register_extensions);
    /* CMARK_OPT_DEFAULT does not include CMARK_OPT_UNSAFE: raw HTML is replaced
     * by a comment and dangerous URLs are emptied (also those autolink finds) */
    int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
    cmark_parser *parser = cmark_parser_new(options);
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        cmark_syntax_extension *x = cmark_find_syntax_extension(extensions[i]);
        if (x) cmark_parser_attach_syntax_extension(parser, x);
    }
    cmark_parser_feed(parser, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(parser);
    char *html = doc ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser)) : NULL;
    char *out = arena_strdup(a, html ? html : "");
    free(html);
    cmark_node_free(doc);
    cmark_parser_free(parser);
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
