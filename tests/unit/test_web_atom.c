/* test_web_atom.c - unit tests of the web layer's feed face, without a
 * server: the Atom writer (web/atom.c) read back with libxml2's parser and
 * XPath, tag: URIs, the <head> links, conditional GET and HTTP-dates
 * (web/conditional.c), and path parameters with a literal suffix
 * (web/router.c: /commons/tags/{tag}.atom). */
#include "testutil.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "web/app.h"
#include "web/atom.h"
#include "web/req.h"
#include "web/route.h"

static Arena A;
static App app;
static Req R;

static void up(void)
{
    arena_init(&A, 0);
    memset(&app, 0, sizeof app);
    app.public_url = "http://glocal.test";
    memset(&R, 0, sizeof R);
    R.arena = &A;
    R.app = &app;
    R.method = M_GET;
    buf_init(&R.body, &A);
}

static void down(void)
{
    json_decref(R.model);
    arena_release(&A);
}

/* ---- the writer, read back ---- */

static xmlDocPtr doc;
static xmlXPathContextPtr xp;

static void read_back(const Buf *b)
{
    doc = xmlReadMemory(b->data, (int)b->len, "feed.xml", NULL, XML_PARSE_NONET);
    cr_assert_not_null(doc, "the feed is well-formed XML");
    xp = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xp, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
}

static void read_done(void)
{
    xmlXPathFreeContext(xp);
    xmlFreeDoc(doc);
}

/* The string value of an XPath expression over the document ("" when it selects nothing). */
static const char *value(const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST arena_printf(&A, "string(%s)", expr), xp);
    cr_assert_not_null(o, "bad XPath %s", expr);
    const char *s = arena_strdup(&A, (const char *)o->stringval);
    xmlXPathFreeObject(o);
    return s;
}

static double count(const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST arena_printf(&A, "count(%s)", expr), xp);
    double n = o->floatval;
    xmlXPathFreeObject(o);
    return n;
}

static const AtomPerson two_authors[] = { { "Ana Sousa", "http://glocal.test/commons/authors/7" }, { "Bo <Li>", NULL } };
static const AtomCategory cats[] = { { "notes", "Session notes", "http://glocal.test/commons#kinds" }, { "facilitation", NULL, NULL } };
static const AtomLink related[] = { { "related", NULL, "https://video.example/42", NULL } };

static void write_sample(Buf *b)
{
    AtomEntry x[] = {
        { .id = "tag:glocal.test,2026-03-01:commons:item:1", .title = "Fish <b>&</b> \"chips\"", .link = "http://glocal.test/commons/fish",
          .updated = 1772400000, .published = 1772300000, .authors = two_authors, .n_authors = 2, .categories = cats, .n_categories = 2,
          .license = "https://creativecommons.org/licenses/by/4.0/", .license_title = "CC BY 4.0", .links = related, .n_links = 1,
          .summary = "Less & more", .content = "<p>Safe <strong>HTML</strong></p>", .content_html = true },
        { .id = "http://glocal.test/decisions/2", .title = "Plain", .link = "http://glocal.test/decisions/2", .updated = 1772000000,
          .content = "Text with <angle> brackets" },
    };
    AtomFeed f = { .id = "http://glocal.test/commons.atom", .title = "Commons · Net & co", .subtitle = "What we learn",
                   .self = "http://glocal.test/commons.atom", .alternate = "http://glocal.test/commons", .author = "Net & co" };
    Err e = { 0 };
    cr_assert_eq(atom_write(b, &f, x, 2, &e), 0, "%s", e.msg);
}

/* The sample feed written into b and read back. */
static void sample(Buf *b)
{
    buf_init(b, &A);
    write_sample(b);
    read_back(b);
}

TestSuite(atom, .init = up, .fini = down);

Test(atom, the_feed_carries_what_rfc_4287_asks_for)
{
    Buf b;
    sample(&b);
    cr_assert_str_eq(value("/a:feed/a:id"), "http://glocal.test/commons.atom");
    cr_assert_str_eq(value("/a:feed/a:title"), "Commons · Net & co");
    cr_assert_str_eq(value("/a:feed/a:title/@type"), "text");
    cr_assert_str_eq(value("/a:feed/a:subtitle"), "What we learn");
    cr_assert_str_eq(value("/a:feed/a:updated"), "2026-03-01T21:20:00Z", "the newest entry's time");
    cr_assert_str_eq(value("/a:feed/a:link[@rel='self']/@href"), "http://glocal.test/commons.atom");
    cr_assert_str_eq(value("/a:feed/a:link[@rel='self']/@type"), "application/atom+xml");
    cr_assert_str_eq(value("/a:feed/a:link[@rel='alternate']/@href"), "http://glocal.test/commons");
    cr_assert_str_eq(value("/a:feed/a:author/a:name"), "Net & co");
    cr_assert_eq(count("/a:feed/a:entry"), 2);
    read_done();
}

Test(atom, an_entry_with_authors_categories_licence_and_html)
{
    Buf b;
    sample(&b);
    const char *e1 = "/a:feed/a:entry[1]";
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:id", e1)), "tag:glocal.test,2026-03-01:commons:item:1");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:title", e1)), "Fish <b>&</b> \"chips\"", "markup in a title is text");
    cr_assert_not_null(strstr(b.data, "Fish &lt;b&gt;&amp;&lt;/b&gt;"), "and escaped in the document");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:updated", e1)), "2026-03-01T21:20:00Z");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:published", e1)), "2026-02-28T17:33:20Z");
    cr_assert_eq(count(arena_printf(&A, "%s/a:author", e1)), 2);
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:author[1]/a:uri", e1)), "http://glocal.test/commons/authors/7");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:author[2]/a:name", e1)), "Bo <Li>");
    cr_assert_eq(count(arena_printf(&A, "%s/a:author[2]/a:uri", e1)), 0, "no uri when none is given");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:link[@rel='alternate']/@href", e1)), "http://glocal.test/commons/fish");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:link[@rel='license']/@href", e1)), "https://creativecommons.org/licenses/by/4.0/");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:link[@rel='license']/@title", e1)), "CC BY 4.0");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:link[@rel='related']/@href", e1)), "https://video.example/42");
    cr_assert_eq(count(arena_printf(&A, "%s/a:link[@rel='related']/@type", e1)), 0);
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:category[1]/@term", e1)), "notes");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:category[1]/@label", e1)), "Session notes");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:category[1]/@scheme", e1)), "http://glocal.test/commons#kinds");
    cr_assert_eq(count(arena_printf(&A, "%s/a:category[2]/@label", e1)), 0);
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:summary", e1)), "Less & more");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:content/@type", e1)), "html");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:content", e1)), "<p>Safe <strong>HTML</strong></p>", "HTML travels as escaped text");
    cr_assert_eq(count(arena_printf(&A, "%s/a:content/*", e1)), 0, "never as markup of the feed");
    read_done();
}

Test(atom, a_plain_entry_leaves_out_what_it_does_not_have)
{
    Buf b;
    sample(&b);
    const char *e2 = "/a:feed/a:entry[2]";
    cr_assert_eq(count(arena_printf(&A, "%s/a:published", e2)), 0);
    cr_assert_eq(count(arena_printf(&A, "%s/a:author", e2)), 0, "the feed's author stands for it");
    cr_assert_eq(count(arena_printf(&A, "%s/a:summary", e2)), 0);
    cr_assert_eq(count(arena_printf(&A, "%s/a:link", e2)), 1, "only its page");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:content/@type", e2)), "text");
    cr_assert_str_eq(value(arena_printf(&A, "%s/a:content", e2)), "Text with <angle> brackets");
    read_done();
}

Test(atom, an_empty_feed_is_still_a_feed)
{
    Buf b;
    buf_init(&b, &A);
    AtomFeed f = { .id = "http://glocal.test/x.atom", .title = "Nothing yet", .self = "http://glocal.test/x.atom", .author = "Net" };
    Err e = { 0 };
    cr_assert_eq(atom_write(&b, &f, NULL, 0, &e), 0);
    read_back(&b);
    cr_assert_str_eq(value("/a:feed/a:updated"), "1970-01-01T00:00:00Z");
    cr_assert_eq(count("/a:feed/a:link[@rel='alternate']"), 0);
    cr_assert_eq(count("/a:feed/a:subtitle"), 0);
    cr_assert_eq(count("/a:feed/a:entry"), 0);
    read_done();
    f.updated = 1772000000;   /* what the caller knows changed (an item left) */
    cr_assert_eq(atom_updated(&f, NULL, 0), 1772000000);
    AtomEntry x = { .updated = 1771000000 };
    cr_assert_eq(atom_updated(&f, &x, 1), 1772000000, "never before the feed's own time");
    x.updated = 1773000000;
    cr_assert_eq(atom_updated(&f, &x, 1), 1773000000);
}

Test(atom, tag_uris_take_the_host_and_the_day)
{
    cr_assert_str_eq(atom_tag_uri(&A, "https://Glocal.Example:8443/base", 1772400000, "commons:item:9"),
                     "tag:glocal.example,2026-03-01:commons:item:9");
    cr_assert_str_eq(atom_tag_uri(&A, "http://localhost:8080", 0, "x"), "tag:localhost,1970-01-01:x");
    cr_assert_null(atom_tag_uri(&A, "http://[::1]:8080", 0, "x"), "an IPv6 address is no DNS name");
    cr_assert_null(atom_tag_uri(&A, "http://bad_host.example", 0, "x"));
    cr_assert_null(atom_tag_uri(&A, "http://-x.example", 0, "x"));
    cr_assert_null(atom_tag_uri(&A, "", 0, "x"));
}

Test(atom, pages_announce_their_feeds_in_the_head)
{
    atom_page_link(&R, "/commons.atom", "Commons");
    atom_page_link(&R, "/decisions.atom?place=x", "Decisions of X");
    json_t *feeds = json_object_get(R.model, "_feeds");
    cr_assert_eq(json_array_size(feeds), 2, "page-only (an underscore key), in order");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(feeds, 1), "href")), "/decisions.atom?place=x");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(feeds, 0), "type")), "application/atom+xml");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(feeds, 0), "title")), "Commons");
}

Test(atom, the_answer_has_validators_and_a_304_for_a_current_copy)
{
    AtomFeed f = { .id = "http://glocal.test/x.atom", .title = "X", .self = "http://glocal.test/x.atom", .author = "Net" };
    AtomEntry x = { .id = "http://glocal.test/1", .title = "One", .link = "http://glocal.test/1", .updated = 1772400000 };
    cr_assert_eq(atom_respond(&R, &f, &x, 1), 0);
    cr_assert_eq(R.status, 200);
    cr_assert(R.raw);
    cr_assert_str_eq(R.content_type_out, "application/atom+xml; charset=utf-8");
    cr_assert_gt(R.body.len, 100);
    const char *etag = R.etag;
    cr_assert(etag && etag[0] == '"' && strlen(etag) == 34, "a strong tag of the document: %s", etag);
    cr_assert_str_eq(R.headers_out->name, "Last-Modified");
    cr_assert_str_eq(R.headers_out->value, "Sun, 01 Mar 2026 21:20:00 GMT");
    /* the same document, asked again with its tag */
    R = (Req){ .arena = &A, .app = &app, .method = M_GET, .if_none_match = etag };
    buf_init(&R.body, &A);
    cr_assert_eq(atom_respond(&R, &f, &x, 1), 0);
    cr_assert_eq(R.status, 304);
    cr_assert_eq(R.body.len, 0, "no body");
    cr_assert_str_eq(R.etag, etag);
    /* a changed entry changes the tag */
    x.title = "One, renamed";
    R = (Req){ .arena = &A, .app = &app, .method = M_GET, .if_none_match = etag };
    buf_init(&R.body, &A);
    cr_assert_eq(atom_respond(&R, &f, &x, 1), 0);
    cr_assert_eq(R.status, 200);
    cr_assert_str_neq(R.etag, etag);
}

/* ---- conditional GET ---- */

TestSuite(conditional, .init = up, .fini = down);

static bool unchanged(int method, const char *inm, const char *ims, const char *etag, int64_t lm)
{
    R = (Req){ .arena = &A, .app = &app, .method = method, .if_none_match = inm, .if_modified_since = ims };
    bool r = req_not_modified(&R, etag, lm);
    cr_assert_eq(r, R.status == 304);
    cr_assert_str_eq(R.etag ? R.etag : "", etag ? etag : "", "the tag is sent either way");
    return r;
}

Test(conditional, if_none_match_with_weak_comparison)
{
    const char *tag = "\"abc\"";
    cr_assert(unchanged(M_GET, "\"abc\"", NULL, tag, 100));
    cr_assert(unchanged(M_HEAD, "\"abc\"", NULL, tag, 100));
    cr_assert(unchanged(M_GET, "W/\"abc\"", NULL, tag, 100), "weak comparison");
    cr_assert(unchanged(M_GET, "\"x\", W/\"y\" ,\"abc\"", NULL, tag, 100), "a list");
    cr_assert(unchanged(M_GET, "*", NULL, tag, 100));
    cr_assert_not(unchanged(M_GET, "\"abcd\"", NULL, tag, 100));
    cr_assert_not(unchanged(M_GET, "\"ab\"", NULL, tag, 100));
    cr_assert_not(unchanged(M_GET, "abc", NULL, tag, 100), "an unquoted tag is malformed");
    cr_assert_not(unchanged(M_GET, "\"abc", NULL, tag, 100));
    cr_assert_not(unchanged(M_GET, "", NULL, tag, 100));
    cr_assert_not(unchanged(M_POST, "\"abc\"", NULL, tag, 100), "only GET and HEAD");
}

Test(conditional, if_modified_since_only_without_if_none_match)
{
    const char *tag = "\"abc\"";
    int64_t lm = 784111777;   /* Sun, 06 Nov 1994 08:49:37 GMT */
    cr_assert(unchanged(M_GET, NULL, "Sun, 06 Nov 1994 08:49:37 GMT", tag, lm), "not modified since that moment");
    cr_assert(unchanged(M_GET, NULL, "Mon, 07 Nov 1994 08:49:37 GMT", tag, lm));
    cr_assert_not(unchanged(M_GET, NULL, "Sun, 06 Nov 1994 08:49:36 GMT", tag, lm), "changed a second later");
    cr_assert_not(unchanged(M_GET, NULL, "yesterday", tag, lm), "an invalid date is ignored");
    cr_assert_not(unchanged(M_GET, NULL, "Sun, 06 Nov 1994 08:49:37 GMT", tag, 0), "nothing to compare with");
    cr_assert_not(unchanged(M_GET, "\"other\"", "Mon, 07 Nov 1994 08:49:37 GMT", tag, lm), "If-None-Match decides when present");
    cr_assert(unchanged(M_GET, "\"abc\"", "Sat, 01 Jan 1994 00:00:00 GMT", tag, lm));
    R = (Req){ .arena = &A, .app = &app, .method = M_GET };
    cr_assert_not(req_not_modified(&R, tag, lm));
    cr_assert_str_eq(R.headers_out->value, "Sun, 06 Nov 1994 08:49:37 GMT");
    R = (Req){ .arena = &A, .app = &app, .method = M_GET };
    cr_assert_not(req_not_modified(&R, tag, 0));
    cr_assert_null(R.headers_out, "no Last-Modified without a time");
}

Test(conditional, http_dates_in_the_three_forms)
{
    int64_t t = 0;
    cr_assert(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t));
    cr_assert_eq(t, 784111777);
    t = 0;
    cr_assert(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t), "RFC 850");
    cr_assert_eq(t, 784111777);
    t = 0;
    cr_assert(http_date_parse("Sun Nov  6 08:49:37 1994", &t), "asctime");
    cr_assert_eq(t, 784111777);
    cr_assert_not(http_date_parse("Sun, 06 Nov 1994 08:49:37 CET", &t));
    cr_assert_not(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT trailing", &t));
    cr_assert_not(http_date_parse("Sun, 31 Feb 1994 08:49:37 GMT", &t), "no such day");
    cr_assert_not(http_date_parse("Sun, 06 Foo 1994 08:49:37 GMT", &t));
    cr_assert_not(http_date_parse("Sun, 06 Nov 1994 25:49:37 GMT", &t));
    /* seen while writing tests/fuzz/fuzz_time.c: scanf's %d took signs, and timegm
     * made some time of these */
    cr_assert_not(http_date_parse("Sun, 06 Nov 1994 -1:49:37 GMT", &t));
    cr_assert_not(http_date_parse("Sun, 06 Nov 1994 08:-9:37 GMT", &t));
    cr_assert_not(http_date_parse("Sun Nov  6 08:49:-7 1994", &t));
    cr_assert_not(http_date_parse("Sunday, 06-Nov--5 08:49:37 GMT", &t), "a two-digit year has no sign");
    cr_assert_not(http_date_parse("", &t));
    cr_assert_not(http_date_parse(NULL, &t));
    cr_assert_str_eq(http_date(&A, 784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    cr_assert_str_eq(http_date(&A, 0), "Thu, 01 Jan 1970 00:00:00 GMT");
    for (int64_t s = 0; s < 4000000000; s += 86400 * 97 + 3607) {
        cr_assert(http_date_parse(http_date(&A, s), &t));
        cr_assert_eq(t, s, "%s reads back", http_date(&A, s));
    }
}

/* ---- a parameter with a literal suffix ---- */

TestSuite(suffix, .init = up, .fini = down);

Test(suffix, a_parameter_may_end_before_a_literal_suffix)
{
    int allowed = 0;
    const Route *rt = route_match(&R, M_GET, "/commons/tags/facilitation.atom", false, &allowed);
    cr_assert_not_null(rt);
    cr_assert_str_eq(rt->pattern, "/commons/tags/{tag}.atom");
    cr_assert_eq(R.nparams, 1);
    cr_assert_str_eq(req_param(&R, "tag"), "facilitation");
    rt = route_match(&R, M_GET, "/commons/authors/42.atom", false, &allowed);
    cr_assert_str_eq(rt->pattern, "/commons/authors/{member}.atom");
    cr_assert_str_eq(req_param(&R, "member"), "42");
    /* the suffix alone names nothing, and another ending is not the feed */
    for (const char *p = "/commons/tags/.atom\0/commons/tags/x.atomx\0/commons/tags/x.ato\0/commons/tags/x.atom/\0"; *p; p += strlen(p) + 1) {
        rt = route_match(&R, M_GET, p, false, &allowed);
        cr_assert(!rt || strcmp(rt->pattern, "/commons/tags/{tag}.atom") != 0, "%s", p);
    }
    /* a feed is a page: programs read the items as JSON elsewhere */
    rt = route_match(&R, M_GET, "/commons/tags/facilitation.atom", true, &allowed);
    cr_assert(!rt || strcmp(rt->pattern, "/commons/tags/{tag}.atom") != 0);
}
