/* test_search.c - the network's search (src/search/): folding words into
 * terms, parsing a query, scores, snippets and highlights (pure), and on a
 * database (GLOCAL_TEST_DB: tests/run runs this program on SQLite and on
 * PostgreSQL) that documents put are found with accents and case folded, that
 * the filters and the members' scope hold, that a dropped document is gone,
 * and that a rebuild gives the same index; and that the answers kept of recent
 * searches (cache.c) are given again only while the index is unchanged. */
#include <criterion/criterion.h>
#include <string.h>

#include "search/internal.h"

static char *folded(const char *s)
{
    static char out[512];
    Buf b;
    buf_init(&b, NULL);
    fold_append(&b, NULL, s, 0);
    snprintf(out, sizeof out, "%s", buf_str(&b));
    buf_release(&b);
    return out;
}

Test(fold, case_accents_and_compatibility_forms)
{
    cr_assert_str_eq(folded("Café CRÈME brûlée"), "cafe creme brulee");
    cr_assert_str_eq(folded("Straße STRASSE"), "strasse strasse");
    cr_assert_str_eq(folded("ﬁle Ｆｕｌｌ"), "file full", "ligatures and full-width letters fold to their plain forms");
    cr_assert_str_eq(folded("São Paulo, Zürich & Kraków"), "sao paulo zurich krakow");
    cr_assert_str_eq(folded("Ελληνικά ΣΟΦΙΑ"), "ελληνικα σοφια");
    cr_assert_str_eq(folded("don't stop—go!"), "don t stop go");
    cr_assert_str_eq(folded("  "), "");
    cr_assert_str_eq(folded("½"), "1 2", "a folded form with a separator in it gives two terms");
    cr_assert_str_eq(folded("東京 meetup"), "東京 meetup");
    cr_assert_str_eq(folded("bad \xff\xfe bytes"), "bad bytes", "invalid UTF-8 is a separator, never a crash");
    char longword[200];
    memset(longword, 'a', 120);
    longword[120] = 0;
    cr_assert_eq(strlen(folded(longword)), TERM_MAX, "a term is cut at TERM_MAX bytes");
}

Test(fold, the_limit_on_terms)
{
    Buf b;
    buf_init(&b, NULL);
    cr_assert_eq(fold_append(&b, "2:", "One two three four", 2), 2);
    cr_assert_str_eq(buf_str(&b), "2:one 2:two", "each term after its mark");
    buf_release(&b);
}

Test(query, parse_and_match)
{
    Query q;
    query_parse(&q, "Facil Café");
    cr_assert_eq(q.n, 2);
    cr_assert_str_eq(q.terms[0], "facil");
    cr_assert_str_eq(q.terms[1], "cafe");
    cr_assert(q.last_prefix, "the last word, still being typed, matches longer words");
    cr_assert_eq(query_match(&q, "cafeteria", 9), 1);
    cr_assert_eq(query_match(&q, "facilitation", 12), -1, "only the last term is a prefix");
    cr_assert_eq(query_match(&q, "facil", 5), 0);
    query_parse(&q, "café ");
    cr_assert(!q.last_prefix, "a space after the last word ends it");
    query_parse(&q, "to");
    cr_assert(!q.last_prefix, "a prefix needs PREFIX_MIN letters");
    query_parse(&q, "a b c d e f g h i j k a");
    cr_assert_eq(q.n, QUERY_TERMS_MAX, "at most QUERY_TERMS_MAX terms, repeated ones once");
    query_parse(&q, "!!! ---");
    cr_assert_eq(q.n, 0);
}

Test(rank, titles_tags_and_phrases_weigh_more)
{
    Query q;
    query_parse(&q, "hot seat ");
    long title = rank_score(&q, "1:hot 1:seat 2:hot 2:seat 2:rules");
    long body = rank_score(&q, "1:rules 2:rules 2:for 2:a 2:hot 2:seat");
    long scattered = rank_score(&q, "1:rules 2:rules 2:seat 2:for 2:a 2:hot");
    long tagged = rank_score(&q, "1:rules 2:rules 2:seat 2:for 2:a 2:hot 3:hot 4:khot");
    cr_assert_gt(title, body, "the words in the title rank above the words in the text");
    cr_assert_gt(body, scattered, "the words next to each other rank above scattered ones");
    cr_assert_gt(tagged, scattered, "a tag counts");
    cr_assert_eq(rank_score(&q, "1:x 2:y 3:z 4:khot 4:vseat"), 0, "filter words never count");
}

static char *html(void (*fn)(Buf *, Arena *, const Query *, const char *), const char *query, const char *text)
{
    static char out[2048];
    Query q;
    query_parse(&q, query);
    Arena a;
    arena_init(&a, 256);
    Buf b;
    buf_init(&b, &a);
    fn(&b, &a, &q, text);
    snprintf(out, sizeof out, "%s", buf_str(&b));
    arena_release(&a);
    return out;
}

Test(rank, highlights_are_escaped_and_marked)
{
    cr_assert_str_eq(html(rank_highlight, "cafe", "Le <b>Café</b> & co"), "Le &lt;b&gt;<mark>Café</mark>&lt;/b&gt; &amp; co");
    cr_assert_str_eq(html(rank_highlight, "facil", "Facilitation tips"), "<mark>Facilitation</mark> tips");
    cr_assert_str_eq(html(rank_highlight, "x", "<script>"), "&lt;script&gt;");
}

Test(rank, snippets_show_the_passage_with_the_words)
{
    char text[4000] = "";
    for (int i = 0; i < 60; i++) strcat(text, "filler words here. ");
    strcat(text, "The fishbowl\nformat lets everyone speak. ");
    for (int i = 0; i < 60; i++) strcat(text, "more filler. ");
    const char *s = html(rank_snippet, "fishbowl format", text);
    cr_assert(strstr(s, "<mark>fishbowl</mark> <mark>format</mark>"), "%s", s);
    cr_assert(strncmp(s, "… ", strlen("… ")) == 0, "a passage cut at its start says so: %s", s);
    cr_assert(strstr(s, " …"), "and at its end: %s", s);
    cr_assert(!strchr(s, '\n'), "white space reads as one space");
    s = html(rank_snippet, "nothing", "Short text, no match.");
    cr_assert_str_eq(s, "Short text, no match.", "no match: the beginning");
    s = html(rank_snippet, "york", "We ran New York's one-hour round with filler words and more words to fill the window up a lot more so that it is cut somewhere and then York again later on in the text");
    cr_assert(strstr(s, "<mark>York</mark>"), "%s", s);
}

/* ---------- on a database ---------- */

#include "testnet.h"

typedef struct Put {
    SearchDoc d;
    const char *drop_kind;
    int64_t drop_id;
} Put;

static int put_tx(DbConn *c, void *ctx, Err *e)
{
    Put *p = ctx;
    return p->drop_kind ? search_drop(c, e, p->drop_kind, p->drop_id) : search_put(c, e, &p->d);
}

static void put(DbConn *c, SearchDoc d)
{
    Err e = { 0 };
    Put p = { .d = d };
    cr_assert_eq(db_write(c, put_tx, &p, &e), 0, "%s", e.msg);
}

/* The kinds and ids found for `text` (and the filters of `s`), "kind:id kind:id". */
static const char *ids(DbConn *c, SearchQuery s, const char *text)
{
    static char out[4096];
    Err e = { 0 };
    s.text = text;
    if (!s.kind) s.kind = "";
    if (!s.tag) s.tag = "";
    if (!s.licence) s.licence = "";
    json_t *r = search_answer(c, &e, &s);   /* as the routes ask: every change below must reach the kept answers */
    cr_assert_not_null(r, "%s", e.msg);
    out[0] = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r, "results"), i, x)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s:%lld", i ? " " : "",
                 json_string_value(json_object_get(x, "kind")), (long long)json_integer_value(json_object_get(x, "id")));
    json_decref(r);
    return out;
}

typedef struct Many {
    int from, to;
    const char *body;
} Many;

static int many_tx(DbConn *c, void *ctx, Err *e)
{
    Many *m = ctx;
    for (int i = m->from; i < m->to; i++)
        if (search_put(c, e, &(SearchDoc){ .kind = "format", .ref_id = i, .title = "A morning", .body = m->body,
                                           .url = "/formats/m", .updated_at = i }) < 0)
            return -1;
    return 0;
}

static void put_many(DbConn *c, int from, int to, const char *body)
{
    Err e = { 0 };
    Many m = { from, to, body };
    cr_assert_eq(db_write(c, many_tx, &m, &e), 0, "%s", e.msg);
}

/* Matches hundreds of documents older than the newest ones are found with
 * them, the newest first, and the candidates stop at CANDIDATES_MAX: what
 * either database's way of finding them (store.c) must keep, whatever its
 * plan — PostgreSQL walks its primary key down or reads its GIN index
 * depending on how common it thinks the words are. (Called by the test
 * below: tests run at once, and its rebuild empties the index.) */
static void matches_older_than_the_newest(DbConn *c)
{
    put_many(c, 1, 4, "a beacon on the hill");
    put_many(c, 4, 4 + 6 * CANDIDATES_MAX, "nothing to see");
    put_many(c, 4 + 6 * CANDIDATES_MAX, 6 + 6 * CANDIDATES_MAX, "another beacon");
    char want[256];
    snprintf(want, sizeof want, "format:%d format:%d format:3 format:2 format:1", 5 + 6 * CANDIDATES_MAX,
             4 + 6 * CANDIDATES_MAX);
    SearchQuery anon = { .page = 1 };
    const char *got = ids(c, anon, "beacon");
    cr_assert_str_eq(got, want, "the newest first, from above and below the newest documents: %s", got);
    cr_assert_str_eq(ids(c, anon, "beac"), want, "the same as a prefix");
    cr_assert_str_eq(ids(c, anon, "zeppelin"), "", "a word found nowhere");
    put_many(c, 10000, 10000 + CANDIDATES_MAX + 5, "beacon");
    Err e = { 0 };
    SearchQuery q = anon;
    q.text = "beacon";
    q.kind = q.tag = q.licence = "";
    json_t *r = search_run(c, &e, &q);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert(json_is_true(json_object_get(r, "more")), "the newest CANDIDATES_MAX fill the candidates");
    cr_assert_eq(json_integer_value(json_object_get(r, "count")), CANDIDATES_MAX);
    json_decref(r);
}

/* Everything in one test: a rebuild empties the index of what no feature shows. */
Test(database, put_find_filter_drop_and_rebuild)
{
    TestDb t;
    Db *db;
    DbConn *c;
    test_db_open(&t, &db, &c);
    Arena a;
    arena_init(&a, 1024);
    int64_t country = test_place_make(c, &a, 0, "country", "Searchland");
    int64_t region = test_place_make(c, &a, country, "region", "Searchland North");
    int64_t metro = test_place_make(c, &a, region, "metro", "Searchton");
    SearchQuery anon = { .page = 1 }, member = { .page = 1, .logged_in = true };

    put(c, (SearchDoc){ .kind = "item", .ref_id = 1, .title = "Café de Zürich", .body = "**Ungewöhnlich** gut: a *krümel* round",
                        .markdown = true, .url = "/commons/cafe", .tags = "coffee", .subkind = "tool", .licence = "cc0-1.0",
                        .place_id = metro, .updated_at = 1 });
    put(c, (SearchDoc){ .kind = "chapter", .ref_id = 2, .title = "Zurich founders", .body = "We meet at a café.", .url = "/chapters/z",
                        .updated_at = 2 });
    put(c, (SearchDoc){ .kind = "member", .ref_id = 3, .title = "Zoë Zurich", .body = "Krümel Ltd", .url = "/members/3",
                        .members_only = true, .updated_at = 3 });

    cr_assert_str_eq(ids(c, anon, "cafe zurich"), "item:1 chapter:2", "folded; the title counts first");
    cr_assert_str_eq(ids(c, anon, "UNGEWÖHNLICH"), "item:1", "the words of Markdown, without its markup");
    cr_assert_str_eq(ids(c, anon, "zurich "), "chapter:2 item:1", "members are not found anonymously; equals: the newest first");
    cr_assert_str_eq(ids(c, member, "zurich "), "member:3 chapter:2 item:1", "but by those logged in");
    cr_assert_str_eq(ids(c, member, "krumel"), "member:3 item:1");
    SearchQuery f = anon;
    f.place_id = country;
    cr_assert_str_eq(ids(c, f, "zurich "), "item:1", "a place holds the places in it");
    f.place_id = region;
    cr_assert_str_eq(ids(c, f, ""), "item:1", "filters alone list the newest they keep");
    f = anon;
    f.kind = "item:tool";
    cr_assert_str_eq(ids(c, f, "cafe"), "item:1");
    f.kind = "item:notes";
    cr_assert_str_eq(ids(c, f, "cafe"), "");
    f = anon;
    f.licence = "cc0-1.0";
    cr_assert_str_eq(ids(c, f, ""), "item:1");
    f = anon;
    f.tag = "Coffee";
    cr_assert_str_eq(ids(c, f, ""), "item:1", "tags are folded too");
    cr_assert_str_eq(ids(c, anon, ""), "", "nothing asked, nothing found");

    /* a put replaces: the old words are gone */
    put(c, (SearchDoc){ .kind = "chapter", .ref_id = 2, .title = "Basel founders", .url = "/chapters/z", .updated_at = 4 });
    cr_assert_str_eq(ids(c, anon, "zurich "), "item:1");
    cr_assert_str_eq(ids(c, anon, "basel"), "chapter:2");

    /* the candidates: 250 newer documents mention a word, an older one has it in its title */
    put(c, (SearchDoc){ .kind = "place", .ref_id = 10, .title = "Lighthouse", .url = "/places/l", .updated_at = 5 });
    for (int i = 0; i < 250; i++)
        put(c, (SearchDoc){ .kind = "event", .ref_id = 100 + i, .title = "An evening", .body = "near the lighthouse",
                            .url = "/events/e", .updated_at = 6 + i });
    Err e = { 0 };
    SearchQuery q = anon;
    q.text = "lighthouse";
    q.kind = q.tag = q.licence = "";
    json_t *r = search_run(c, &e, &q);
    cr_assert_not_null(r);
    cr_assert(json_is_true(json_object_get(r, "more")), "more match than are ranked: it says so");
    cr_assert_eq(json_integer_value(json_object_get(r, "count")), CANDIDATES_MAX + 1,
                 "the newest CANDIDATES_MAX, and the one with it in its title");
    json_t *best = json_array_get(json_object_get(r, "results"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(best, "kind")), "place", "the title ranks it first");
    cr_assert_eq(json_array_size(json_object_get(r, "results")), PAGE_MAX);
    cr_assert_eq(json_integer_value(json_object_get(r, "pages")), (CANDIDATES_MAX + 1 + PAGE_MAX - 1) / PAGE_MAX);
    json_decref(r);
    q.page = (CANDIDATES_MAX + 1 + PAGE_MAX - 1) / PAGE_MAX;
    r = search_run(c, &e, &q);
    cr_assert_eq(json_array_size(json_object_get(r, "results")), 1, "the last page");
    json_decref(r);

    /* dropped: gone; dropping twice is fine */
    Put p = { .drop_kind = "item", .drop_id = 1 };
    cr_assert_eq(db_write(c, put_tx, &p, &e), 0, "%s", e.msg);
    cr_assert_eq(db_write(c, put_tx, &p, &e), 0, "%s", e.msg);
    cr_assert_str_eq(ids(c, member, "krumel"), "member:3");

    matches_older_than_the_newest(c);

    /* a rebuild holds what the features show: none of what this test put by hand */
    SearchReindex done = { -1 };
    cr_assert_eq(search_reindex(c, &e, &done), 0, "%s", e.msg);
    cr_assert_str_eq(ids(c, anon, "basel"), "");
    cr_assert_str_eq(ids(c, member, "krumel"), "");
    arena_release(&a);
    test_db_close(&t, db, c);
}


static int raw_delete_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return db_exec(c, e, "DELETE FROM search_docs WHERE kind = 'item'") < 0 ? -1 : 0;
}

/* A kept answer is given again while the generation stays (shown by taking a
 * document out behind the index's back: the kept answer still has it), and
 * never after a put, a drop or a rebuild, nor to another database at the same
 * generation. On two SQLite files of its own: the test above runs at the same
 * time and changes GLOCAL_TEST_DB's index (and there, on both databases, every
 * search after a change goes through the kept answers: ids above). */
Test(database, kept_answers_last_until_the_index_changes)
{
    TestDb t, t2;
    Db *db, *db2;
    DbConn *c, *c2;
    unsetenv("GLOCAL_TEST_DB");   /* this test's own process */
    test_db_open(&t, &db, &c);
    SearchQuery anon = { .page = 1 };
    Err e = { 0 };
    int64_t g0 = -1, g1 = -1;
    cr_assert_eq(search_store_generation(c, &e, &g0), 0, "%s", e.msg);
    put(c, (SearchDoc){ .kind = "item", .subkind = "tool", .ref_id = 1, .title = "Talking stick", .url = "/t/1", .updated_at = 1 });
    cr_assert_eq(search_store_generation(c, &e, &g1), 0, "%s", e.msg);
    cr_assert_eq(g1, g0 + 1, "a put adds one to the generation");
    cr_assert_str_eq(ids(c, anon, "stick"), "item:1");

    cr_assert_eq(db_write(c, raw_delete_tx, NULL, &e), 0, "%s", e.msg);
    cr_assert_str_eq(ids(c, anon, "stick"), "item:1", "the generation did not change: the kept answer is given");
    SearchQuery member = anon;
    member.logged_in = true;
    cr_assert_str_eq(ids(c, member, "stick"), "", "another question is asked of the index");

    put(c, (SearchDoc){ .kind = "item", .subkind = "tool", .ref_id = 2, .title = "Talking stick, again", .url = "/t/2", .updated_at = 2 });
    cr_assert_str_eq(ids(c, anon, "stick"), "item:2", "after a put, the index is asked again");
    Put p = { .drop_kind = "item", .drop_id = 2 };
    cr_assert_eq(db_write(c, put_tx, &p, &e), 0, "%s", e.msg);
    cr_assert_str_eq(ids(c, anon, "stick"), "", "a document dropped is gone at once");
    int64_t g2 = -1, g3 = -1;
    cr_assert_eq(search_store_generation(c, &e, &g2), 0, "%s", e.msg);
    cr_assert_eq(db_write(c, put_tx, &p, &e), 0, "%s", e.msg);
    cr_assert_eq(search_store_generation(c, &e, &g3), 0, "%s", e.msg);
    cr_assert_eq(g3, g2, "dropping what is not there changes nothing");

    put(c, (SearchDoc){ .kind = "item", .subkind = "tool", .ref_id = 3, .title = "Stick figure", .url = "/t/3", .updated_at = 3 });
    cr_assert_str_eq(ids(c, anon, "stick"), "item:3");
    SearchReindex done = { -1 };
    int64_t before = 0, after = 0;
    cr_assert_eq(search_store_generation(c, &e, &before), 0, "%s", e.msg);
    cr_assert_eq(search_reindex(c, &e, &done), 0, "%s", e.msg);
    cr_assert_eq(search_store_generation(c, &e, &after), 0, "%s", e.msg);
    cr_assert_eq(after, before + 1, "a rebuild is one change, however many documents it puts");
    cr_assert_str_eq(ids(c, anon, "stick"), "", "a rebuild empties what no feature shows");

    /* another database, brought to the same generation with other words */
    test_db_open(&t2, &db2, &c2);
    int64_t g = 0;
    cr_assert_eq(search_store_generation(c, &e, &g), 0, "%s", e.msg);
    put(c, (SearchDoc){ .kind = "item", .subkind = "tool", .ref_id = 4, .title = "Stick", .url = "/t/4", .updated_at = 4 });
    int64_t g_other = 0;
    for (int i = 0; g_other < g + 1; i++) {
        put(c2, (SearchDoc){ .kind = "item", .subkind = "tool", .ref_id = 5, .title = "Stick", .url = "/t/5", .updated_at = 5 + i });
        cr_assert_eq(search_store_generation(c2, &e, &g_other), 0, "%s", e.msg);
    }
    cr_assert_eq(search_store_generation(c, &e, &g), 0, "%s", e.msg);
    cr_assert_eq(g_other, g, "both at one generation");
    cr_assert_str_eq(ids(c, anon, "stick"), "item:4");
    cr_assert_str_eq(ids(c2, anon, "stick"), "item:5", "never the other database's answer");
    test_db_close(&t2, db2, c2);
    test_db_close(&t, db, c);
}
