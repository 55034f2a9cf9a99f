/* test_mustache.c - unit tests of the Mustache engine (src/web/mustache.c).
 *
 * Runs every case of the official specification files found in
 * tests/data/mustache-spec/ (or in $MUSTACHE_SPEC_DIR), one test per file,
 * reporting each failing case by file and name; then our own tests: error
 * messages with line numbers, HTML escaping, truthiness and number
 * formatting, indentation of a layout, the recursion guards, rendering from
 * several threads at once, and the render speed of a page-sized template
 * (printed as "mustache bench: ... us per render"). */
#include "testutil.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/mustache.h"

/* ---- a name -> template table, the lookup the engine calls ---- */

#define MAX_TEMPLATES 32

typedef struct Table {
    size_t n;
    const char *names[MAX_TEMPLATES];
    Mustache *t[MAX_TEMPLATES];
} Table;

static const Mustache *table_lookup(void *ctx, const char *name)
{
    const Table *tab = ctx;
    for (size_t i = 0; i < tab->n; i++)
        if (strcmp(tab->names[i], name) == 0) return tab->t[i];
    return NULL;
}

static void table_add(Table *tab, const char *name, const char *src)
{
    char err[256];
    cr_assert_lt(tab->n, MAX_TEMPLATES);
    int rc = mustache_compile(&tab->t[tab->n], src, strlen(src), err, sizeof err);
    cr_assert_eq(rc, 0, "template '%s' does not compile: %s", name, err);
    tab->names[tab->n++] = name;
}

static void table_free(Table *tab)
{
    for (size_t i = 0; i < tab->n; i++) mustache_free(tab->t[i]);
    tab->n = 0;
}

/* Renders src with data given as JSON text; the caller frees the result. */
static char *render_str(const char *src, const char *json, Table *partials)
{
    char err[256];
    Mustache *t;
    cr_assert_eq(mustache_compile(&t, src, strlen(src), err, sizeof err), 0,
                 "compile failed: %s", err);
    json_error_t jerr;
    json_t *data = json_loads(json, JSON_DECODE_ANY, &jerr);
    cr_assert_not_null(data, "bad test JSON: %s", jerr.text);
    Buf out;
    buf_init(&out, NULL);
    mustache_render(t, data, partials ? table_lookup : NULL, partials, &out);
    char *s = strdup(buf_str(&out));
    buf_release(&out);
    json_decref(data);
    mustache_free(t);
    return s;
}

static void expect_render(const char *src, const char *json, const char *want)
{
    char *got = render_str(src, json, NULL);
    cr_expect_str_eq(got, want, "template %s", src);
    free(got);
}

/* Compiles src expecting failure; returns the message (static). */
static const char *compile_error(const char *src)
{
    static char err[256];
    Mustache *t = NULL;
    int rc = mustache_compile(&t, src, strlen(src), err, sizeof err);
    cr_assert_eq(rc, -1, "'%s' compiled but should not", src);
    cr_assert_null(t);
    return err;
}

/* ---- the specification ---- */

static const char *spec_dir(void)
{
    const char *dir = getenv("MUSTACHE_SPEC_DIR");
    return dir && *dir ? dir : "tests/data/mustache-spec";
}

/* Prints s with control characters visible, for failure reports. */
static void show(const char *label, const char *s)
{
    fprintf(stderr, "      %s: \"", label);
    for (; *s; s++) {
        if (*s == '\n') fputs("\\n", stderr);
        else if (*s == '\r') fputs("\\r", stderr);
        else if (*s == '\t') fputs("\\t", stderr);
        else fputc(*s, stderr);
    }
    fputs("\"\n", stderr);
}

/* Runs one case; returns 1 when it fails (after saying why on stderr). */
static int run_case(const char *file, json_t *tc)
{
    const char *name = json_string_value(json_object_get(tc, "name"));
    const char *tpl = json_string_value(json_object_get(tc, "template"));
    const char *want = json_string_value(json_object_get(tc, "expected"));
    json_t *data = json_object_get(tc, "data");
    json_t *partials = json_object_get(tc, "partials");
    char err[256];
    int failed = 0;
    Table tab = { 0 };
    Mustache *t = NULL;

    if (!name || !tpl || !want) {
        fprintf(stderr, "  %s: a case lacks name, template or expected\n", file);
        return 1;
    }
    if (mustache_compile(&t, tpl, strlen(tpl), err, sizeof err)) {
        fprintf(stderr, "  FAIL %s / %s: template does not compile: %s\n", file, name, err);
        return 1;
    }
    const char *pname;
    json_t *psrc;
    json_object_foreach(partials, pname, psrc) {
        const char *s = json_string_value(psrc);
        if (!s || tab.n == MAX_TEMPLATES ||
            mustache_compile(&tab.t[tab.n], s, strlen(s), err, sizeof err)) {
            fprintf(stderr, "  FAIL %s / %s: partial '%s' does not compile: %s\n", file, name,
                    pname, err);
            failed = 1;
            goto done;
        }
        tab.names[tab.n++] = pname;
    }

    Buf out;
    buf_init(&out, NULL);
    mustache_render(t, data, table_lookup, &tab, &out);
    if (strcmp(buf_str(&out), want) != 0) {
        fprintf(stderr, "  FAIL %s / %s\n", file, name);
        show("template", tpl);
        show("expected", want);
        show("got     ", buf_str(&out));
        failed = 1;
    }
    buf_release(&out);
done:
    table_free(&tab);
    mustache_free(t);
    return failed;
}

static void run_spec(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", spec_dir(), file);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    cr_assert_not_null(root, "cannot load %s: %s (line %d)", path, jerr.text, jerr.line);
    json_t *tests = json_object_get(root, "tests");
    cr_assert(json_is_array(tests), "%s has no \"tests\" array", path);

    size_t i, total = json_array_size(tests);
    cr_assert_gt(total, 0, "%s has no cases", path);
    json_t *tc;
    int failed = 0;
    char names[2048] = "";
    json_array_foreach(tests, i, tc) {
        if (run_case(file, tc)) {
            failed++;
            const char *name = json_string_value(json_object_get(tc, "name"));
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s'%s'", used ? ", " : "",
                     name ? name : "?");
        }
    }
    printf("mustache spec %-18s %zu/%zu cases pass\n", file, total - (size_t)failed, total);
    fflush(stdout);
    json_decref(root);
    cr_assert_eq(failed, 0, "%s: %d of %zu cases fail: %s", file, failed, total, names);
}

Test(spec, comments) { run_spec("comments.json"); }
Test(spec, delimiters) { run_spec("delimiters.json"); }
Test(spec, interpolation) { run_spec("interpolation.json"); }
Test(spec, inverted) { run_spec("inverted.json"); }
Test(spec, partials) { run_spec("partials.json"); }
Test(spec, sections) { run_spec("sections.json"); }
Test(spec, inheritance) { run_spec("~inheritance.json"); }

/* ---- our own ---- */

Test(mustache, error_messages_name_the_line)
{
    cr_expect_str_eq(compile_error("a\nb\n{{#items}}\n<li>{{name}}</li>\n"),
                     "line 3: unclosed section 'items'");
    cr_expect_str_eq(compile_error("{{^none}}\n\n{{/none}}{{$x}}"), "line 3: unclosed block 'x'");
    cr_expect_str_eq(compile_error("{{#a}}\n{{#b}}\n{{/a}}\n"),
                     "line 3: closing tag 'a' does not match section 'b' opened on line 2");
    cr_expect_str_eq(compile_error("one\ntwo {{/a}}"), "line 2: closing tag 'a' has no opening tag");
    cr_expect_str_eq(compile_error("x\n\n\n\nHello {{name"),
                     "line 5: unclosed tag: '{{' without a matching '}}'");
    cr_expect_str_eq(compile_error("{{{raw}}"), "line 1: unclosed tag: '{{' without a matching '}}}'");
    cr_expect_str_eq(compile_error("{{=<% %>=}}\n<% name"),
                     "line 2: unclosed tag: '<%' without a matching '%>'");
    const char *e = compile_error("\n{{=<%>=}}");
    cr_expect(strncmp(e, "line 2: bad set-delimiter tag", 29) == 0, "got: %s", e);
    e = compile_error("{{= a b c =}}");
    cr_expect(strncmp(e, "line 1: bad set-delimiter tag", 29) == 0, "got: %s", e);
    cr_expect_str_eq(compile_error("{{}}"), "line 1: empty tag name");
    /* a closing delimiter that starts with the sigil: the tag ends at the sigil,
     * so its name is empty (found by fuzz_mustache: the name's length was
     * computed as -1 and the name read past the source) */
    cr_expect_str_eq(compile_error("{{=<% #%>=}}<%#%>"), "line 1: empty tag name");
    cr_expect_str_eq(compile_error("{{=<% $}=}}x<%$}"), "line 1: empty tag name");
    cr_expect_str_eq(compile_error("{{first name}}"), "line 1: tag name 'first name' contains whitespace");
    e = compile_error("{{a..b}}");
    cr_expect(strncmp(e, "line 1: bad name 'a..b'", 23) == 0, "got: %s", e);
    /* multi-line tags count their lines */
    cr_expect_str_eq(compile_error("{{!\n\n}}\n{{/x}}"), "line 4: closing tag 'x' has no opening tag");
    /* a short buffer is truncated but terminated */
    char small[12];
    Mustache *t;
    cr_expect_eq(mustache_compile(&t, "{{#a}}", 6, small, sizeof small), -1);
    cr_expect_str_eq(small, "line 1: unc");
}

Test(mustache, html_escaping)
{
    expect_render("{{x}}|{{{x}}}|{{&x}}", "{\"x\": \"a&b<c>d\\\"e'f\"}",
                  "a&amp;b&lt;c&gt;d&quot;e&#39;f|a&b<c>d\"e'f|a&b<c>d\"e'f");
    expect_render("<a title=\"{{t}}\">", "{\"t\": \"\\\"><script>\"}",
                  "<a title=\"&quot;&gt;&lt;script&gt;\">");
}

Test(mustache, truthiness_and_numbers)
{
    const char *tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}";
    expect_render(tpl, "{\"v\": 0}", "F");
    expect_render(tpl, "{\"v\": 0.0}", "F");
    expect_render(tpl, "{\"v\": 7}", "T");
    expect_render(tpl, "{\"v\": \"\"}", "F");
    expect_render(tpl, "{\"v\": \"0\"}", "T");
    expect_render(tpl, "{\"v\": []}", "F");
    expect_render(tpl, "{\"v\": {}}", "T");
    expect_render(tpl, "{\"v\": null}", "F");
    expect_render(tpl, "{}", "F");
    expect_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                  "{\"a\": 1.210, \"b\": 1.0, \"c\": 0.1, \"d\": -42, \"e\": 1e300,"
                  " \"f\": 9007199254740993, \"g\": true}",
                  "1.21 1 0.1 -42 1e+300 9007199254740993 true");
    expect_render("{{a}} {{b}} {{c}} {{d}}",
                  "{\"a\": 0, \"b\": -9223372036854775808, \"c\": 9223372036854775807, \"d\": -0.5}",
                  "0 -9223372036854775808 9223372036854775807 -0.5");
    expect_render("[{{o}}][{{l}}][{{n}}][{{f}}]", "{\"o\": {\"k\": 1}, \"l\": [1], \"n\": null, \"f\": false}",
                  "[][][][false]");
    /* data need not be an object, and may be NULL */
    expect_render("{{.}}", "\"x<\"", "x&lt;");
    Mustache *t;
    char err[64];
    cr_assert_eq(mustache_compile(&t, "a{{b}}c", 7, err, sizeof err), 0);
    Buf out;
    buf_init(&out, NULL);
    mustache_render(t, NULL, NULL, NULL, &out);
    cr_expect_str_eq(buf_str(&out), "ac");
    buf_release(&out);
    mustache_free(t);
}

Test(mustache, layout_indentation)
{
    Table tab = { 0 };
    table_add(&tab, "layout",
              "<html>\n"
              "  <body>\n"
              "    {{$content}}\n"
              "    {{/content}}\n"
              "    {{>footer}}\n"
              "  </body>\n"
              "</html>\n");
    table_add(&tab, "footer", "<footer>\n  {{year}}\n</footer>\n");
    table_add(&tab, "item", "<li>\n  {{{name}}}\n</li>\n");
    char *got = render_str("{{<layout}}\n"
                           "{{$content}}\n"
                           "<ul>\n"
                           "  {{#items}}\n"
                           "  {{>item}}\n"
                           "  {{/items}}\n"
                           "</ul>\n"
                           "{{/content}}\n"
                           "{{/layout}}\n",
                           "{\"year\": 2026, \"items\": [{\"name\": \"a\\nb\"}, {\"name\": \"c\"}]}",
                           &tab);
    cr_expect_str_eq(got,
                     "<html>\n"
                     "  <body>\n"
                     "    <ul>\n"
                     "      <li>\n"
                     "        a\n"
                     "b\n"              /* data is never indented */
                     "      </li>\n"
                     "      <li>\n"
                     "        c\n"
                     "      </li>\n"
                     "    </ul>\n"
                     "    <footer>\n"
                     "      2026\n"
                     "    </footer>\n"
                     "  </body>\n"
                     "</html>\n");
    free(got);
    /* On one line, a block keeps the line end after it (spec: "Standalone
     * block"), so an argument ending in a newline leaves an empty line. */
    table_add(&tab, "oneline", "<main>\n  {{$content}}{{/content}}\n</main>\n");
    got = render_str("{{<oneline}}{{$content}}\n<p>\n  hi\n</p>\n{{/content}}{{/oneline}}\n", "{}",
                     &tab);
    cr_expect_str_eq(got, "<main>\n  <p>\n    hi\n  </p>\n\n</main>\n");
    free(got);
    table_free(&tab);
}

Test(mustache, recursion_is_bounded)
{
    Table tab = { 0 };
    table_add(&tab, "self", "x{{>self}}");
    table_add(&tab, "p", "[{{<p}}{{/p}}]");
    table_add(&tab, "q", "{{$a}}q{{/a}}");
    char *got = render_str("{{>self}}", "{}", &tab);
    cr_expect_eq(strlen(got), MUSTACHE_MAX_INCLUDE, "got %zu x's", strlen(got));
    free(got);
    got = render_str("{{<p}}{{/p}}", "{}", &tab);
    cr_expect_eq(strlen(got), 2 * MUSTACHE_MAX_INCLUDE);
    free(got);
    /* an argument that contains its own block keeps expanding itself */
    got = render_str("{{<q}}{{$a}}<{{$a}}{{/a}}>{{/a}}{{/q}}", "{}", &tab);
    cr_expect_gt(strlen(got), 0);
    cr_expect_leq(strlen(got), 2 * MUSTACHE_MAX_INCLUDE);
    free(got);
    /* a partial that includes itself twice would expand 2^64 times */
    table_add(&tab, "twice", "{{>twice}}{{>twice}}.");
    got = render_str("{{>twice}}", "{}", &tab);
    cr_expect_leq(strlen(got), (size_t)MUSTACHE_MAX_EXPANSIONS);
    cr_expect_gt(strlen(got), 1000);  /* the budget ran out, not the depth */
    free(got);
    /* sections nested deeper than the render depth stop there */
    size_t deep = MUSTACHE_MAX_DEPTH + 100;
    char *src = malloc(deep * 14 + 1), *json = malloc(deep * 6 + 8), *s = src, *j = json;
    for (size_t i = 0; i < deep; i++) s += sprintf(s, "{{#a}}[");
    for (size_t i = 0; i < deep; i++) s += sprintf(s, "]{{/a}}");
    for (size_t i = 0; i < deep; i++) j += sprintf(j, "{\"a\":");
    j += sprintf(j, "1");
    for (size_t i = 0; i < deep; i++) *j++ = '}';
    *j = 0;
    got = render_str(src, json, NULL);
    cr_expect_eq(strlen(got), 2 * (MUSTACHE_MAX_DEPTH - 1));
    free(got);
    free(src);
    free(json);
    /* deep data through a recursive partial stops at the include limit */
    json_t *root = json_object(), *node = root;
    for (int i = 0; i < 200; i++) {
        json_t *kid = json_object();
        json_object_set_new(node, "kid", kid);
        node = kid;
    }
    table_add(&tab, "tree", "({{#kid}}{{>tree}}{{/kid}})");
    Mustache *t;
    char err[64];
    cr_assert_eq(mustache_compile(&t, "{{>tree}}", 9, err, sizeof err), 0);
    Buf out;
    buf_init(&out, NULL);
    mustache_render(t, root, table_lookup, &tab, &out);
    cr_expect_eq(out.len, 2 * MUSTACHE_MAX_INCLUDE);
    buf_release(&out);
    mustache_free(t);
    json_decref(root);
    table_free(&tab);
}

/* ---- a page-sized template, for the thread and speed tests ---- */

static const char page_layout[] =
    "<!doctype html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "  <meta charset=\"utf-8\">\n"
    "  <title>{{$title}}Glocal{{/title}}</title>\n"
    "  <link rel=\"stylesheet\" href=\"/assets/site.css\">\n"
    "</head>\n"
    "<body>\n"
    "  <header>\n"
    "    <nav>{{#nav}}<a href=\"{{href}}\"{{#current}} aria-current=\"page\"{{/current}}>{{label}}</a> {{/nav}}</nav>\n"
    "    {{#user}}<span class=\"who\">{{name}}</span>{{/user}}\n"
    "  </header>\n"
    "  <main>\n"
    "    {{$content}}\n"
    "    {{/content}}\n"
    "  </main>\n"
    "  <footer>{{$footer}}Glocal, a network of local chapters{{/footer}}</footer>\n"
    "</body>\n"
    "</html>\n";

static const char page_events[] =
    "{{<layout}}\n"
    "{{$title}}Events in {{chapter.name}}{{/title}}\n"
    "{{$content}}\n"
    "<h1>Events in {{chapter.name}}</h1>\n"
    "<ul class=\"events\">\n"
    "  {{#events}}\n"
    "  <li>\n"
    "    <a href=\"/events/{{slug}}\">{{title}}</a>\n"
    "    <time datetime=\"{{starts}}\">{{when}}</time>\n"
    "    <span class=\"place\">{{place}}</span>\n"
    "    {{#going}}<span class=\"going\">{{going}} going</span>{{/going}}\n"
    "  </li>\n"
    "  {{/events}}\n"
    "</ul>\n"
    "{{^events}}<p>No events yet.</p>{{/events}}\n"
    "{{/content}}\n"
    "{{/layout}}\n";

typedef struct Page {
    Table tab;
    Mustache *t;
    json_t *data;
} Page;

static void page_init(Page *pg)
{
    memset(pg, 0, sizeof *pg);
    table_add(&pg->tab, "layout", page_layout);
    char err[256];
    cr_assert_eq(mustache_compile(&pg->t, page_events, strlen(page_events), err, sizeof err), 0,
                 "%s", err);
    json_t *d = json_pack("{s:{s:s}, s:{s:s}, s:[{s:s,s:s,s:b},{s:s,s:s,s:b},{s:s,s:s,s:b}]}",
                          "chapter", "name", "Lisbon & Porto",
                          "user", "name", "Ada <admin>",
                          "nav", "href", "/", "label", "Home", "current", 0,
                          "href", "/events", "label", "Events", "current", 1,
                          "href", "/chapters", "label", "Chapters", "current", 0);
    cr_assert_not_null(d);
    json_t *events = json_array();
    for (int i = 0; i < 50; i++) {
        char slug[32], title[64], starts[32], when[32];
        snprintf(slug, sizeof slug, "meetup-%d", i);
        snprintf(title, sizeof title, "Monthly meetup #%d: \"Food & Code\"", i);
        snprintf(starts, sizeof starts, "2026-%02d-%02dT19:00", i % 12 + 1, i % 28 + 1);
        snprintf(when, sizeof when, "%d %s, 19:00", i % 28 + 1, "March");
        json_array_append_new(events, json_pack("{s:s,s:s,s:s,s:s,s:s,s:i}", "slug", slug,
                                                "title", title, "starts", starts, "when", when,
                                                "place", "Casa do Comum, Rua das Flores", "going",
                                                i % 7));
    }
    json_object_set_new(d, "events", events);
    pg->data = d;
}

static void page_free(Page *pg)
{
    mustache_free(pg->t);
    table_free(&pg->tab);
    json_decref(pg->data);
}

typedef struct Worker {
    Page *pg;
    const char *want;
    int rounds;
    int mismatches;
} Worker;

static void *worker_run(void *arg)
{
    Worker *w = arg;
    Buf out;
    buf_init(&out, NULL);
    for (int i = 0; i < w->rounds; i++) {
        buf_clear(&out);
        mustache_render(w->pg->t, w->pg->data, table_lookup, &w->pg->tab, &out);
        if (strcmp(buf_str(&out), w->want) != 0) w->mismatches++;
    }
    buf_release(&out);
    return NULL;
}

Test(mustache, threads_render_the_same)
{
    Page pg;
    page_init(&pg);
    Buf ref;
    buf_init(&ref, NULL);
    mustache_render(pg.t, pg.data, table_lookup, &pg.tab, &ref);
    cr_assert(strstr(buf_str(&ref), "<title>Events in Lisbon &amp; Porto</title>"));
    cr_assert(strstr(buf_str(&ref), "      <a href=\"/events/meetup-49\">Monthly meetup #49: "
                                    "&quot;Food &amp; Code&quot;</a>\n"));
    enum { THREADS = 8 };
    pthread_t th[THREADS];
    Worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (Worker){ .pg = &pg, .want = buf_str(&ref), .rounds = 200 };
        cr_assert_eq(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
    }
    int bad = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        bad += w[i].mismatches;
    }
    cr_expect_eq(bad, 0, "%d renders differed from the single-threaded one", bad);
    buf_release(&ref);
    page_free(&pg);
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

Test(mustache, render_speed)
{
    Page pg;
    page_init(&pg);
    Buf out;
    buf_init(&out, NULL);
    mustache_render(pg.t, pg.data, table_lookup, &pg.tab, &out);   /* warm up */
    int rounds = 2000;
    double t0 = now_us();
    for (int i = 0; i < rounds; i++) {
        buf_clear(&out);
        mustache_render(pg.t, pg.data, table_lookup, &pg.tab, &out);
    }
    double per = (now_us() - t0) / rounds;
    printf("mustache bench: 50-item page in a parent layout, %zu bytes, %.1f us per render\n",
           out.len, per);
    fflush(stdout);
    cr_expect_gt(out.len, 10000);
    buf_release(&out);
    page_free(&pg);
}

/* ---- the modes: pages insert raw only what the code marked, mail escapes nothing ---- */

static char *render_mode(unsigned mode, const char *src, const char *data_json)
{
    Mustache *t = NULL;
    char err[256];
    cr_assert_eq(mustache_compile_mode(&t, src, strlen(src), mode, err, sizeof err), 0, "%s", err);
    json_t *data = json_loads(data_json, 0, NULL);
    cr_assert_not_null(data);
    Arena a;
    arena_init(&a, 256);
    Buf b;
    buf_init(&b, &a);
    mustache_render(t, data, NULL, NULL, &b);
    char *out = strdup(buf_str(&b));
    arena_release(&a);
    json_decref(data);
    mustache_free(t);
    return out;
}

Test(mustache, html_mode_refuses_raw_tags_on_unmarked_names)
{
    Mustache *t = NULL;
    char err[256];
    const char *bad[] = { "{{{bio}}}", "x\n{{&body}}", "{{{_about}}}", "{{{html_body}}}" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_expect_eq(mustache_compile_mode(&t, bad[i], strlen(bad[i]), MUSTACHE_HTML, err, sizeof err), -1, "%s", bad[i]);
        cr_expect(strstr(err, "raw HTML") != NULL, "%s: %s", bad[i], err);
    }
    cr_expect(strncmp(err, "line 1:", 7) == 0 || strncmp(err, "line 2:", 7) == 0, "%s", err);
    /* the specification's mode still inserts raw text on any name */
    cr_expect_eq(mustache_compile_mode(&t, "{{{bio}}}", 9, MUSTACHE_SPEC, err, sizeof err), 0);
    mustache_free(t);
}

Test(mustache, html_mode_inserts_only_marked_values_raw)
{
    char *s = render_mode(MUSTACHE_HTML, "{{{_a_html}}}|{{{_b_html}}}|{{_a_html}}|{{x}}",
                          "{\"_a_html\": {\"html\": \"<p>ok</p>\"}, \"_b_html\": \"<script>\", \"x\": \"<b>\"}");
    /* a marked value goes in as it is; a plain string under a raw tag is escaped;
     * an object under an escaping tag prints nothing */
    cr_expect_str_eq(s, "<p>ok</p>|&lt;script&gt;||&lt;b&gt;");
    free(s);
}

Test(mustache, text_mode_escapes_nothing)
{
    char *s = render_mode(MUSTACHE_TEXT, "Subject: {{s}}\n\n{{#m}}- {{.}}\n{{/m}}{{{r}}}",
                          "{\"s\": \"Tom & <Jerry>\", \"m\": [\"a'b\", \"\\\"c\\\"\"], \"r\": \"<x>\"}");
    cr_expect_str_eq(s, "Subject: Tom & <Jerry>\n\n- a'b\n- \"c\"\n<x>");
    free(s);
}

/* Found by tests/fuzz/fuzz_mustache.c: an empty template has no nodes, and
 * rendering it did arithmetic on a null pointer (UBSan). */
Test(mustache, empty_template_renders_nothing)
{
    for (unsigned mode = MUSTACHE_SPEC; mode <= MUSTACHE_TEXT; mode++) {
        Mustache *t = NULL;
        char err[100] = "";
        cr_assert_eq(mustache_compile_mode(&t, "", 0, mode, err, sizeof err), 0, "%s", err);
        Buf b;
        buf_init(&b, NULL);
        buf_adds(&b, "before");
        mustache_render(t, NULL, NULL, NULL, &b);
        cr_assert_str_eq(buf_str(&b), "before");
        buf_release(&b);
        mustache_free(t);
    }
}
