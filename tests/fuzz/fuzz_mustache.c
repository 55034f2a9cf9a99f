/* fuzz_mustache.c - the template engine (src/web/mustache*.c): compiling any
 * text in each mode (the specification's, the pages' HTML, the mail's plain
 * text) and rendering what compiled against data full of markup, with a
 * partial lookup that answers "self" with the template itself (so
 * self-including partials and parents are tried) and any other name with a
 * small fixed partial, and a late value.
 * (Sections nested k deep over a list of n render n^k times, which is the
 * template's cost, not a bug, and would only slow the search: so in each list
 * only one element lets a nested section find the lists again — the others are
 * objects that hide them with empty ones —, and nesting costs k, not n^k: a
 * template of a few hundred nested sections would otherwise run for ever, as no
 * limit counts sections.)
 *
 * Invariants: compile either succeeds or says why; in HTML mode a template
 * with no '<' in it renders no '<', whatever the data holds (every value is
 * escaped; the one marked safe value holds none); rendering twice gives the
 * same bytes (it keeps no state). */
#include "fuzz.h"

#include <jansson.h>

#include "base/buf.h"
#include "web/mustache.h"

static json_t *data;
static Mustache *partial;
/* "self" is the template itself for the first SELVES lookups of a render:
 * deeper than MUSTACHE_MAX_INCLUDE (64), so that limit is tried; later lookups
 * get the small fixed partial. What bounds the cost is the expansions' limit,
 * 500 in the fuzzers' build (see MUSTACHE_MAX_EXPANSIONS; test_mustache tests
 * the real one): at 100,000, templates that reached it made the harness crawl. */
enum { SELVES = 72 };
static int self_left;

static const Mustache *lookup(void *ctx, const char *name)
{
    return strcmp(name, "self") == 0 && self_left-- > 0 ? ctx : partial;
}

static json_t *late(void *ctx, const char *name)
{
    return strcmp(name, "csrf") == 0 ? ctx : NULL;
}

static void render(const Mustache *t, Arena *a, Buf *out, json_t *late_value)
{
    buf_init(out, a);
    self_left = SELVES;
    mustache_render_late(t, data, lookup, (void *)t, late, late_value, out);
}

/* what an element of a list holds so that a section nested in it finds no list */
#define HIDE "\"list\": [], \"more\": [], \"nulls\": []"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t size)
{
    if (size < 1 || size > 4096) return 0;
    if (!data) {
        json_error_t je;
        data = json_loads("{\"name\": \"<script>alert(1)</script>\", \"title\": \"Tom & Jerry's \\\"<b>\\\"\","
                          " \"list\": [{\"name\": \"<i>\", \"n\": 2, " HIDE "}, \"<s>\"], \"more\": [{\"x\": 1.5, " HIDE "}, 0],"
                          " \"nulls\": [{" HIDE "}, null],"
                          " \"flag\": true, \"off\": false, \"n\": 0, \"r\": 0.0, \"empty\": [], \"obj\": {\"a\": \"<a>\", \"b\": {\"c\": \"<c>\"}},"
                          " \"body_html\": {\"html\": \"SAFE\"}, \"raw_html\": \"<raw>\"}", 0, &je);
        static const char src[] = "[{{name}}{{#list}}({{name}}){{/list}}{{$main}}default{{/main}}]";
        char err[100];
        if (!data || mustache_compile(&partial, src, sizeof src - 1, err, sizeof err)) abort();
    }
    unsigned mode = d[0] % 3 == 0 ? MUSTACHE_SPEC : d[0] % 3 == 1 ? MUSTACHE_HTML : MUSTACHE_TEXT;
    const char *src = (const char *)d + 1;
    size_t n = size - 1;
    Mustache *t = NULL;
    char err[200];
    if (mustache_compile_mode(&t, src, n, mode, err, sizeof err) != 0) {
        FUZZ_CHECK(t == NULL || err[0]);
        FUZZ_CHECK(err[0] && strlen(err) < sizeof err);
        return 0;
    }
    Arena a;
    arena_init(&a, 8192);
    json_t *late_value = json_string("<late>");
    Buf one, two;
    render(t, &a, &one, late_value);
    render(t, &a, &two, late_value);
    FUZZ_CHECK(one.len == two.len && memcmp(buf_str(&one), buf_str(&two), one.len) == 0);
    if (mode == MUSTACHE_HTML && !memchr(src, '<', n)) FUZZ_CHECK(fuzz_no_lt(buf_str(&one), one.len));
    json_decref(late_value);
    mustache_free(t);
    arena_release(&a);
    return 0;
}
