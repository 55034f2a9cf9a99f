/* fuzz_markdown.c - Markdown as members write it (descriptions, minutes,
 * items of the commons) turned into the HTML pages insert unescaped
 * (markdown_html) and into plain text for search (markdown_plain).
 *
 * Input: valid UTF-8 (every form field and JSON string is checked before it
 * gets here). Invariants: both outputs are valid UTF-8; the HTML holds no
 * element that runs script or embeds a page (<script, <iframe, <style,
 * <object, <embed, an on...= attribute from raw HTML) and no link or image
 * to a javascript:, vbscript: or data: address. */
#include "fuzz.h"

#include <strings.h>

#include "base/markdown.h"

static bool has_ci(const char *s, const char *needle)
{
    return strcasestr(s, needle) != NULL;
}

static void check_html(const char *html)
{
    static const char *const banned[] = {
        "<script", "<iframe", "<style", "<object", "<embed", "<form", "<textarea",
        "href=\"javascript:", "href=\"vbscript:", "href=\"data:", "src=\"javascript:", "src=\"vbscript:",
        "src=\"data:",
    };
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++) {
        if (has_ci(html, banned[i])) fprintf(stderr, "found %s in:\n%s\n", banned[i], html);
        FUZZ_CHECK(!has_ci(html, banned[i]));
    }
    /* an attribute that runs script can come only from a tag of the source: every '<' the
     * renderer writes starts one of its own elements, whose attributes are href, src, alt,
     * title, type, checked, disabled, align, start, class and id */
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *end = strchr(p, '>');
        FUZZ_CHECK(end);
        for (const char *q = p; q < end; q++)
            if (*q == '"') {   /* skip a quoted value */
                const char *close = memchr(q + 1, '"', (size_t)(end - q - 1));
                if (!close) break;
                q = close;
            } else if (*q == ' ' && (q[1] == 'o' || q[1] == 'O') && (q[2] == 'n' || q[2] == 'N')) {
                fprintf(stderr, "an on... attribute in:\n%.*s\n", (int)(end - p + 1), p);
                FUZZ_CHECK(!"an on... attribute");
            }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384 || !str_utf8_valid((const char *)data, size)) return 0;
    Arena a;
    arena_init(&a, 8192);
    char *md = fuzz_text(&a, data, size);
    char *html = markdown_html(&a, md);
    FUZZ_CHECK(html && str_utf8_valid(html, strlen(html)));
    check_html(html);
    char *plain = markdown_plain(&a, md);
    FUZZ_CHECK(plain && str_utf8_valid(plain, strlen(plain)));
    arena_release(&a);
    return 0;
}
