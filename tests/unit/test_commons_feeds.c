/* test_commons_feeds.c - the commons' feeds without a server or a database
 * (src/commons/feeds.c): the addresses, what a tag's address names, and the
 * Atom entry an item becomes (its id, links, licence, authors, categories,
 * and its body as safe HTML). The feeds against a real server and both
 * databases are in tests/http/feeds.test.mjs. */
#include "testutil.h"

#include <jansson.h>
#include <string.h>

#include "base/arena.h"
#include "commons/commons.h"

static Arena A;

static void up(void)
{
    arena_init(&A, 0);
}

static void down(void)
{
    arena_release(&A);
}

TestSuite(feeds, .init = up, .fini = down);

Test(feeds, every_kind_has_its_address)
{
    cr_assert_str_eq(commons_feed_path(&A, COMMONS_FEED_ALL, NULL), "/commons.atom");
    cr_assert_str_eq(commons_feed_path(&A, COMMONS_FEED_TAG, "facilitation"), "/commons/tags/facilitation.atom");
    cr_assert_str_eq(commons_feed_path(&A, COMMONS_FEED_AUTHOR, "42"), "/commons/authors/42.atom");
    cr_assert_str_eq(commons_feed_path(&A, COMMONS_FEED_PLACE, "lisbon"), "/places/lisbon/commons.atom");
    cr_assert_str_eq(commons_feed_path(&A, COMMONS_FEED_SECTOR, "health"), "/sectors/health/commons.atom");
    cr_assert_str_eq(commons_feed_path(&A, COMMONS_FEED_CHAPTER, "lisbon-tech"), "/chapters/lisbon-tech/commons.atom");
}

Test(feeds, a_tag_feed_names_only_well_formed_tags)
{
    CommonsFeedSubject s;
    Err e = { 0 };
    cr_assert_eq(commons_feed_subject(NULL, &e, &A, COMMONS_FEED_TAG, "open-space-2", &s), 1);
    cr_assert_str_eq(s.filter.tag, "open-space-2");
    cr_assert_str_eq(s.name, "open-space-2");
    cr_assert_str_eq(s.page, "/commons/tags/open-space-2");
    static const char *const bad[] = { "x", "Upper", "with space", "<b>", "a_b", "caf\xc3\xa9",
                                       "an-overly-long-tag-of-more-than-forty-chars", "" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_eq(commons_feed_subject(NULL, &e, &A, COMMONS_FEED_TAG, bad[i], &s), 0, "%s", bad[i]);
    cr_assert_eq(commons_feed_subject(NULL, &e, &A, COMMONS_FEED_AUTHOR, "not-a-number", &s), 0);
    cr_assert_eq(commons_feed_subject(NULL, &e, &A, COMMONS_FEED_AUTHOR, "0", &s), 0);
    cr_assert_eq(commons_feed_subject(NULL, &e, &A, COMMONS_FEED_ALL, NULL, &s), 1);
    cr_assert_str_eq(s.page, "/commons");
    cr_assert_null(s.name);
}

static json_t *item(void)
{
    json_error_t err;
    json_t *j = json_loads("{\"id\": 12, \"slug\": \"fishbowl-notes\", \"kind\": \"notes\", \"kind_name\": \"Session notes\","
                           " \"title\": \"Fishbowl <notes> & more\", \"summary\": \"How we ran it.\","
                           " \"body\": \"# Steps\\n\\n1. Chairs\\n\\n<script>alert(1)</script>[x](javascript:alert(1))\","
                           " \"url\": \"https://video.example/7\","
                           " \"licence\": {\"code\": \"cc-by-sa-4.0\", \"name\": \"CC BY-SA 4.0\","
                           " \"url\": \"https://creativecommons.org/licenses/by-sa/4.0/\"},"
                           " \"tags\": [\"facilitation\", {\"tag\": \"open-space\"}],"
                           " \"authors\": [{\"id\": 3, \"name\": \"Ana Sousa\"}, {\"id\": 4, \"name\": \"Bo Li\"}],"
                           " \"published_at\": 1772300000, \"updated_at\": 1772400000}",
                           0, &err);
    cr_assert_not_null(j, "%s", err.text);
    return j;
}

Test(feeds, an_item_becomes_an_entry)
{
    json_t *it = item();
    AtomEntry x;
    commons_feed_entry(&A, "https://net.example", it, &x);
    cr_assert_str_eq(x.id, "tag:net.example,2026-02-28:commons:item:12", "an id that outlives the address");
    cr_assert_str_eq(x.link, "https://net.example/commons/fishbowl-notes");
    cr_assert_str_eq(x.title, "Fishbowl <notes> & more", "text: the writer escapes it");
    cr_assert_eq(x.published, 1772300000);
    cr_assert_eq(x.updated, 1772400000);
    cr_assert_eq(x.n_authors, 2);
    cr_assert_str_eq(x.authors[1].name, "Bo Li");
    cr_assert_str_eq(x.authors[0].uri, "https://net.example/commons/authors/3");
    cr_assert_str_eq(x.license, "https://creativecommons.org/licenses/by-sa/4.0/");
    cr_assert_str_eq(x.license_title, "CC BY-SA 4.0");
    cr_assert_eq(x.n_categories, 3, "its kind and its two tags");
    cr_assert_str_eq(x.categories[0].term, "notes");
    cr_assert_str_eq(x.categories[0].label, "Session notes");
    cr_assert_str_eq(x.categories[1].term, "facilitation");
    cr_assert_str_eq(x.categories[2].term, "open-space");
    cr_assert_str_eq(x.categories[2].scheme, "https://net.example/commons/tags/");
    cr_assert_eq(x.n_links, 1);
    cr_assert_str_eq(x.links[0].rel, "related");
    cr_assert_str_eq(x.links[0].href, "https://video.example/7");
    cr_assert_str_eq(x.summary, "How we ran it.");
    cr_assert(x.content_html);
    cr_assert_not_null(strstr(x.content, "<h1>Steps</h1>"));
    cr_assert_null(strstr(x.content, "<script"), "raw HTML is dropped: %s", x.content);
    cr_assert_null(strstr(x.content, "javascript:"), "and unsafe links blanked: %s", x.content);
    json_decref(it);
}

Test(feeds, an_item_without_the_optional_parts)
{
    json_t *it = item();
    json_object_set_new(it, "body", json_string(""));
    json_object_set_new(it, "summary", json_string(""));
    json_object_set_new(it, "url", json_string(""));
    json_object_set_new(it, "tags", json_array());
    json_object_set_new(it, "updated_at", json_integer(0));
    AtomEntry x;
    commons_feed_entry(&A, "http://[::1]:8080", it, &x);
    cr_assert_str_eq(x.id, x.link, "without a DNS name the permalink is the id");
    cr_assert_null(x.content);
    cr_assert_null(x.summary);
    cr_assert_eq(x.n_links, 0);
    cr_assert_eq(x.n_categories, 1);
    cr_assert_eq(x.updated, 1772300000, "never before it was published");
    json_decref(it);
}
