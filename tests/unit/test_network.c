/* test_network.c - unit tests of src/network/rules.c: the registry and
 * membership (chapter statuses and fields, place kinds and positions, reserved slugs,
 * admission to a chapter, invitation states, the text of a search) and the
 * shaping of figures (place_tree, place_tree_find, place_ancestors,
 * place_metros, density_table). No database. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network/network.h"

/* ---- registry ---- */

Test(registry, chapter_statuses)
{
    static const char *const ok[] = { "forming", "active", "dormant", "closed" };
    for (size_t i = 0; i < 4; i++) cr_assert(chapter_status_valid(ok[i]), "%s", ok[i]);
    static const char *const bad[] = { "Active", "", "open", "active ", "closedx" };
    for (size_t i = 0; i < 5; i++) cr_assert_not(chapter_status_valid(bad[i]), "\"%s\"", bad[i]);
    cr_assert_not(chapter_status_valid(NULL));
}

/* place_position_read on a fresh list of problems: how many, and the first one's field ("" for none). */
static int position_problems(PlacePosition *p, const char **field)
{
    Arena a;
    arena_init(&a, 1024);
    FieldErrs f = { &a, NULL, 0 };
    place_position_read(p, &f);
    static char first[32];
    snprintf(first, sizeof first, "%s", f.n ? f.at[0].field : "");
    *field = first;
    int n = f.n;
    arena_release(&a);
    return n;
}

Test(registry, place_positions)
{
    const char *field;
    PlacePosition lisbon = { "38.7223", "-9.1393", false, 0, 0 };
    cr_assert_eq(position_problems(&lisbon, &field), 0);
    cr_assert(lisbon.is_set);
    cr_assert_eq(lisbon.lat_e6, 38722300);
    cr_assert_eq(lisbon.lon_e6, -9139300);
    PlacePosition none = { "", NULL, true, 5, 5 };
    cr_assert_eq(position_problems(&none, &field), 0, "neither: no position, no problem");
    cr_assert_not(none.is_set);
    PlacePosition poles = { "90", "-180", false, 0, 0 };
    cr_assert_eq(position_problems(&poles, &field), 0, "the edges are places");
    PlacePosition north = { "90.5", "0", false, 0, 0 };
    cr_assert_eq(position_problems(&north, &field), 1);
    cr_assert_str_eq(field, "latitude");
    cr_assert_not(north.is_set);
    PlacePosition east = { "0", "181", false, 0, 0 };
    cr_assert_eq(position_problems(&east, &field), 1);
    cr_assert_str_eq(field, "longitude");
    PlacePosition half = { "10", "", false, 0, 0 };
    cr_assert_eq(position_problems(&half, &field), 1);
    cr_assert_str_eq(field, "longitude", "the missing one is named");
    PlacePosition words = { "north", "west", false, 0, 0 };
    cr_assert_eq(position_problems(&words, &field), 2);
}

Test(registry, place_kinds)
{
    cr_assert_str_eq(place_child_kind(NULL), "country");
    cr_assert_str_eq(place_child_kind("country"), "region");
    cr_assert_str_eq(place_child_kind("region"), "metro");
    cr_assert_null(place_child_kind("metro"));
    cr_assert_null(place_child_kind("planet"));
    cr_assert(place_kind_valid("metro"));
    cr_assert_not(place_kind_valid("city"));
    cr_assert_not(place_kind_valid(NULL));
}

Test(registry, reserved_slugs)
{
    static const char *const reserved[] = { "new", "edit", "api", "admin", "assets", "me", "login", "logout",
                                            "signup", "search", "feed", "all" };
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        cr_assert(slug_reserved(reserved[i]), "%s", reserved[i]);
    cr_assert_not(slug_reserved("lisbon"));
    cr_assert_not(slug_reserved("news"));
    cr_assert_not(slug_reserved("New"));
    cr_assert_not(slug_reserved(NULL));
}

#define FIELDS(name, slug, desc, cap, status) chapter_fields_check((name), (slug), (desc), (cap), (status), &e_)

Test(chapter_fields, valid)
{
    expect_accepted(FIELDS("Lisbon Fintech", "lisbon-fintech", "We meet monthly.", 12, "active"));
    expect_accepted(FIELDS("Lisbon Fintech", NULL, NULL, 2, NULL));
    expect_accepted(FIELDS("Zoë's 🎉 circle", "a", "", CHAPTER_CAPACITY_MAX, "forming"));
}

Test(chapter_fields, name)
{
    char *n80 = repeat("é", 80), *n81 = repeat("é", 81);
    expect_refused(FIELDS("", "x", NULL, 12, NULL), "name", "Please give the chapter a name");
    expect_refused(FIELDS("   ", "x", NULL, 12, NULL), "name", "Please give the chapter a name");
    expect_refused(FIELDS(NULL, "x", NULL, 12, NULL), "name", "Please give the chapter a name");
    expect_accepted(FIELDS(n80, "x", NULL, 12, NULL));
    expect_refused(FIELDS(n81, "x", NULL, 12, NULL), "name", "under 80 characters");
    expect_refused(FIELDS("Lisbon\nFintech", "x", NULL, 12, NULL), "name", "on one line");
    free(n80);
    free(n81);
}

/* DEL is a control character; account_name_check refuses it, so should this. */
Test(chapter_fields, name_with_delete_character)
{
    expect_refused(FIELDS("Lisbon\x7f", "x", NULL, 12, NULL), "name", "control characters");
}

Test(chapter_fields, slug)
{
    char *s60 = repeat("a", 60), *s61 = repeat("a", 61);
    expect_refused(FIELDS("Chapter", "Lisbon", NULL, 12, NULL), "slug", "lower-case letters, digits and single hyphens");
    expect_refused(FIELDS("Chapter", "lisbon fintech", NULL, 12, NULL), "slug", "web address");
    expect_refused(FIELDS("Chapter", "-lisbon", NULL, 12, NULL), "slug", "web address");
    expect_refused(FIELDS("Chapter", "lisbon-", NULL, 12, NULL), "slug", "web address");
    expect_refused(FIELDS("Chapter", "", NULL, 12, NULL), "slug", "web address");
    expect_refused(FIELDS("Chapter", "são", NULL, 12, NULL), "slug", "web address");
    expect_accepted(FIELDS("Chapter", s60, NULL, 12, NULL));
    expect_refused(FIELDS("Chapter", s61, NULL, 12, NULL), "slug", "up to 60");
    expect_refused(FIELDS("Chapter", "new", NULL, 12, NULL), "slug", "\"new\" is reserved");
    expect_refused(FIELDS("Chapter", "admin", NULL, 12, NULL), "slug", "reserved");
    free(s60);
    free(s61);
}

/* The message promises single hyphens. */
Test(chapter_fields, slug_with_double_hyphen)
{
    expect_refused(FIELDS("Chapter", "lisbon--fintech", NULL, 12, NULL), "slug", "single hyphens");
}

Test(chapter_fields, description)
{
    char *d5000 = repeat("é", 5000), *d5001 = repeat("é", 5001);
    expect_accepted(FIELDS("Chapter", "x", d5000, 12, NULL));
    expect_refused(FIELDS("Chapter", "x", d5001, 12, NULL), "description", "under 5000 characters");
    free(d5000);
    free(d5001);
}

Test(chapter_fields, capacity)
{
    expect_refused(FIELDS("Chapter", "x", NULL, 1, NULL), "capacity", "between 2 and 500");
    expect_refused(FIELDS("Chapter", "x", NULL, 0, NULL), "capacity", "between 2 and 500");
    expect_refused(FIELDS("Chapter", "x", NULL, -5, NULL), "capacity", "between 2 and 500");
    expect_accepted(FIELDS("Chapter", "x", NULL, 2, NULL));
    expect_accepted(FIELDS("Chapter", "x", NULL, CHAPTER_CAPACITY_MAX, NULL));
    expect_refused(FIELDS("Chapter", "x", NULL, CHAPTER_CAPACITY_MAX + 1, NULL), "capacity", "between 2 and 500");
}

Test(chapter_fields, status)
{
    expect_refused(FIELDS("Chapter", "x", NULL, 12, "open"), "status", "forming, active, dormant or closed");
    expect_refused(FIELDS("Chapter", "x", NULL, 12, ""), "status", "forming, active, dormant or closed");
    expect_accepted(FIELDS("Chapter", "x", NULL, 12, "dormant"));
}

Test(chapter_fields, first_problem_wins)
{
    Err e = { 0 };
    cr_assert_eq(chapter_fields_check("", "Bad Slug", NULL, 0, "nope", &e), -1);
    cr_assert_str_eq(e.field, "name");
    err_clear(&e);
    cr_assert_eq(chapter_fields_check("Ok", "Bad Slug", NULL, 0, "nope", &e), -1);
    cr_assert_str_eq(e.field, "slug");
    err_clear(&e);
    cr_assert_eq(chapter_fields_check("Ok", "ok", NULL, 0, "nope", &e), -1);
    cr_assert_str_eq(e.field, "capacity");
}

/* ---- membership ---- */

static Admission open_chapter(void)
{
    Admission a = { 0 };
    a.status = "active";
    a.members = 3;
    a.capacity = 12;
    return a;
}

#define expect_admitted(a)                                                              \
    do {                                                                                \
        Err e_ = { 0 };                                                                 \
        cr_assert_eq(membership_admit(&(a), "Lisbon Fintech", &e_), 0, "%s", e_.msg);   \
        cr_assert_eq(e_.code, 0);                                                       \
    } while (0)

#define expect_turned_away(a, text)                                                     \
    do {                                                                                \
        Err e_ = { 0 };                                                                 \
        cr_assert_eq(membership_admit(&(a), "Lisbon Fintech", &e_), -1);                \
        cr_assert_eq(e_.code, E_CONFLICT, "code %d", e_.code);                          \
        cr_assert(strstr(e_.msg, text), "message \"%s\" lacks \"%s\"", e_.msg, text);   \
    } while (0)

Test(membership, open_chapter_admits)
{
    Admission a = open_chapter();
    expect_admitted(a);
    a.status = "forming";
    expect_admitted(a);
    a.status = "dormant";
    expect_admitted(a);
}

Test(membership, already_member)
{
    Admission a = open_chapter();
    a.already_member = true;
    expect_turned_away(a, "already a member of Lisbon Fintech");
}

Test(membership, closed)
{
    Admission a = open_chapter();
    a.status = "closed";
    expect_turned_away(a, "Lisbon Fintech is closed");
}

Test(membership, full_at_exactly_capacity)
{
    Admission a = open_chapter();
    a.members = 11;
    expect_admitted(a);
    a.members = 12;
    expect_turned_away(a, "is full: it holds 12 members");
    a.members = 13;
    expect_turned_away(a, "is full");
}

Test(membership, one_per_sector_needs_the_newcomers_sector)
{
    Admission a = open_chapter();
    a.one_per_sector = true;
    a.sector_id = 0;
    expect_turned_away(a, "set your sector");
    a.sector_id = 7;
    a.sector_name = "Banking";
    expect_admitted(a);
}

Test(membership, one_per_sector_refuses_a_second_in_the_sector)
{
    Admission a = open_chapter();
    a.one_per_sector = true;
    a.sector_id = 7;
    a.sector_name = "Banking";
    a.sector_holder = "Grace Hopper";
    expect_turned_away(a, "Grace Hopper already represents Banking");
    a.sector_name = NULL;
    expect_turned_away(a, "Grace Hopper already represents that sector");
}

Test(membership, open_rule_ignores_sectors)
{
    Admission a = open_chapter();
    a.one_per_sector = false;
    a.sector_id = 0;
    a.sector_holder = "Grace Hopper";
    a.sector_name = "Banking";
    expect_admitted(a);
    a.sector_id = 7;
    expect_admitted(a);
}

Test(membership, already_member_is_reported_before_full)
{
    Admission a = open_chapter();
    a.already_member = true;
    a.members = a.capacity;
    expect_turned_away(a, "already a member");
}

/* ---- invitations ---- */

Test(invitation, states)
{
    const int64_t now = 1800000000, exp = now + INVITATION_TTL_SECONDS;
    cr_assert_str_eq(invitation_state(exp, 0, 0, now), "pending");
    cr_assert_str_eq(invitation_state(exp, 0, 0, exp - 1), "pending");
    cr_assert_str_eq(invitation_state(exp, 0, 0, exp), "expired");
    cr_assert_str_eq(invitation_state(exp, 0, 0, exp + 1), "expired");
    cr_assert_str_eq(invitation_state(exp, now + 5, 0, now + 10), "accepted");
    cr_assert_str_eq(invitation_state(exp, now + 5, 0, exp + 100), "accepted", "acceptance does not expire");
    cr_assert_str_eq(invitation_state(exp, 0, now + 5, now + 10), "revoked");
    cr_assert_str_eq(invitation_state(exp, 0, now + 5, exp + 100), "revoked");
}

/* ---- the text of a search ---- */

Test(search, nothing_typed)
{
    Arena a;
    arena_init(&a, 256);
    const char *blank[] = { NULL, "", "   ", "\t \n" };
    for (size_t i = 0; i < sizeof blank / sizeof *blank; i++) {
        TextQuery t = text_query(&a, blank[i]);
        cr_assert_str_eq(t.like, "");
        cr_assert_eq(t.nwords, 0);
    }
    arena_release(&a);
}

Test(search, a_pattern_and_words)
{
    Arena a;
    arena_init(&a, 256);
    TextQuery t = text_query(&a, "  Pereira Da ");
    cr_assert_str_eq(t.like, "%pereira da%", "trimmed, in lower case (the directory's substring)");
    cr_assert_eq(t.nwords, 2);
    cr_assert_str_eq(t.words[0], "pereira");
    cr_assert_str_eq(t.words[1], "da");
    cr_assert_str_eq(t.high[0], "pereira\xF4\x8F\xBF\xBF", "the range ends past every word that starts so");
    t = text_query(&a, "O\"Hara");
    cr_assert_eq(t.nwords, 2, "punctuation separates words");
    cr_assert_str_eq(t.words[0], "o");
    cr_assert_str_eq(t.words[1], "hara");
    arena_release(&a);
}

Test(search, words_folded_as_member_words_holds_them)
{
    Arena a;
    arena_init(&a, 256);
    TextQuery t = text_query(&a, "ZOË Márta STRASSE");
    cr_assert_eq(t.nwords, 3);
    cr_assert_str_eq(t.words[0], "zoe", "case and accents folded");
    cr_assert_str_eq(t.words[1], "marta");
    cr_assert_str_eq(t.words[2], "strasse");
    cr_assert_str_eq(text_query(&a, "Straße").words[0], "strasse", "as the search folds it");
    t = text_query(&a, "ana ana ANA");
    cr_assert_eq(t.nwords, 1, "a word typed twice is one");
    t = text_query(&a, "a b c d e f");
    cr_assert_eq(t.nwords, TEXT_WORDS_MAX, "the first four words");
    cr_assert_str_eq(t.words[3], "d");
    t = text_query(&a, "100% _ %");
    cr_assert_eq(t.nwords, 1, "LIKE's wildcards are only separators");
    cr_assert_str_eq(t.words[0], "100");
    t = text_query(&a, "% - '");
    cr_assert_eq(t.nwords, 0, "no word at all");
    cr_assert_str_eq(t.like, "%% - '%", "yet something was typed");
    arena_release(&a);
}

/* ---- figures ---- */

/* Portugal > {Lisboa > {Lisbon, Cascais}, Norte > {Porto}}, Spain > Catalonia > Barcelona,
 * and an empty country; rows in the name order of place_all. */
static const char *const flat_json =
    "["
    " {\"id\": 8, \"parent_id\": 7, \"kind\": \"metro\", \"name\": \"Barcelona\", \"slug\": \"barcelona\","
    "  \"chapters\": 4, \"active\": 4, \"members\": 40},"
    " {\"id\": 4, \"parent_id\": 2, \"kind\": \"metro\", \"name\": \"Cascais\", \"slug\": \"cascais\","
    "  \"chapters\": 1, \"active\": 1, \"members\": 5},"
    " {\"id\": 7, \"parent_id\": 6, \"kind\": \"region\", \"name\": \"Catalonia\", \"slug\": \"catalonia\","
    "  \"chapters\": 0, \"active\": 0, \"members\": 0},"
    " {\"id\": 9, \"parent_id\": null, \"kind\": \"country\", \"name\": \"Iceland\", \"slug\": \"iceland\","
    "  \"chapters\": 0, \"active\": 0, \"members\": 0},"
    " {\"id\": 3, \"parent_id\": 2, \"kind\": \"metro\", \"name\": \"Lisbon\", \"slug\": \"lisbon\","
    "  \"chapters\": 3, \"active\": 2, \"members\": 30},"
    " {\"id\": 2, \"parent_id\": 1, \"kind\": \"region\", \"name\": \"Lisboa\", \"slug\": \"lisboa\","
    "  \"chapters\": 0, \"active\": 0, \"members\": 0},"
    " {\"id\": 5, \"parent_id\": 1, \"kind\": \"region\", \"name\": \"Norte\", \"slug\": \"norte\","
    "  \"chapters\": 0, \"active\": 0, \"members\": 0},"
    " {\"id\": 10, \"parent_id\": 5, \"kind\": \"metro\", \"name\": \"Porto\", \"slug\": \"porto\","
    "  \"chapters\": 2, \"active\": 0, \"members\": 12},"
    " {\"id\": 1, \"parent_id\": null, \"kind\": \"country\", \"name\": \"Portugal\", \"slug\": \"portugal\","
    "  \"chapters\": 0, \"active\": 0, \"members\": 0},"
    " {\"id\": 6, \"parent_id\": null, \"kind\": \"country\", \"name\": \"Spain\", \"slug\": \"spain\","
    "  \"chapters\": 0, \"active\": 0, \"members\": 0}"
    "]";

static json_t *load(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    cr_assert_not_null(j, "bad test JSON: %s", err.text);
    return j;
}

static int64_t geti(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    cr_assert(json_is_integer(v), "\"%s\" is not an integer in %s", k, json_dumps(o, JSON_COMPACT));
    return json_integer_value(v);
}

static const char *gets(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

Test(figures, place_tree_nests_and_rolls_up)
{
    json_t *flat = load(flat_json);
    json_t *tree = place_tree(flat);
    cr_assert(json_is_array(tree));
    cr_assert_eq(json_array_size(tree), 3, "three countries at the top");
    /* top level in the order of the rows */
    cr_assert_str_eq(gets(json_array_get(tree, 0), "name"), "Iceland");
    cr_assert_str_eq(gets(json_array_get(tree, 1), "name"), "Portugal");
    cr_assert_str_eq(gets(json_array_get(tree, 2), "name"), "Spain");

    json_t *pt = json_array_get(tree, 1);
    cr_assert_eq(geti(pt, "chapters"), 6);
    cr_assert_eq(geti(pt, "active"), 3);
    cr_assert_eq(geti(pt, "members"), 47);
    cr_assert_eq(geti(pt, "metros"), 3);
    cr_assert(json_is_true(json_object_get(pt, "has_children")));
    json_t *regions = json_object_get(pt, "children");
    cr_assert_eq(json_array_size(regions), 2);
    json_t *lisboa = json_array_get(regions, 0);
    cr_assert_str_eq(gets(lisboa, "name"), "Lisboa");
    cr_assert_eq(geti(lisboa, "chapters"), 4);
    cr_assert_eq(geti(lisboa, "members"), 35);
    cr_assert_eq(geti(lisboa, "metros"), 2);
    json_t *metros = json_object_get(lisboa, "children");
    cr_assert_eq(json_array_size(metros), 2);
    cr_assert_str_eq(gets(json_array_get(metros, 0), "name"), "Cascais");
    json_t *lisbon = json_array_get(metros, 1);
    cr_assert_eq(geti(lisbon, "chapters"), 3);
    cr_assert_eq(geti(lisbon, "metros"), 0);
    cr_assert(json_is_false(json_object_get(lisbon, "has_children")));
    cr_assert_eq(json_array_size(json_object_get(lisbon, "children")), 0);

    json_t *is = json_array_get(tree, 0);
    cr_assert_eq(geti(is, "chapters"), 0);
    cr_assert_eq(geti(is, "metros"), 0);
    cr_assert(json_is_false(json_object_get(is, "has_children")));

    json_t *es = json_array_get(tree, 2);
    cr_assert_eq(geti(es, "chapters"), 4);
    cr_assert_eq(geti(es, "members"), 40);
    cr_assert_eq(geti(es, "metros"), 1);

    /* the flat rows are not changed */
    cr_assert_null(json_object_get(json_array_get(flat, 0), "children"));
    cr_assert_eq(geti(json_array_get(flat, 8), "chapters"), 0);
    json_decref(tree);
    json_decref(flat);
}

Test(figures, place_tree_find_and_ancestors)
{
    json_t *flat = load(flat_json);
    json_t *tree = place_tree(flat);
    json_t *n = place_tree_find(tree, 10);
    cr_assert_not_null(n);
    cr_assert_str_eq(gets(n, "name"), "Porto");
    n = place_tree_find(tree, 2);
    cr_assert_not_null(n);
    cr_assert_str_eq(gets(n, "slug"), "lisboa");
    cr_assert_eq(place_tree_find(json_object_get(n, "children"), 3), json_array_get(json_object_get(n, "children"), 1),
                 "a borrowed reference into the tree");
    cr_assert_null(place_tree_find(tree, 99));

    json_t *anc = place_ancestors(flat, 3);
    json_t *want = load("[{\"name\": \"Portugal\", \"slug\": \"portugal\", \"kind\": \"country\"},"
                        " {\"name\": \"Lisboa\", \"slug\": \"lisboa\", \"kind\": \"region\"}]");
    cr_assert(json_equal(anc, want), "ancestors of Lisbon: %s", json_dumps(anc, JSON_COMPACT));
    json_decref(anc);
    json_decref(want);
    anc = place_ancestors(flat, 7);
    cr_assert_eq(json_array_size(anc), 1);
    cr_assert_str_eq(gets(json_array_get(anc, 0), "name"), "Spain");
    json_decref(anc);
    anc = place_ancestors(flat, 1);
    cr_assert_eq(json_array_size(anc), 0, "a country has no ancestors");
    json_decref(anc);
    anc = place_ancestors(flat, 99);
    cr_assert_eq(json_array_size(anc), 0);
    json_decref(anc);
    json_decref(tree);
    json_decref(flat);
}

Test(figures, place_metros_in_name_order)
{
    json_t *flat = load(flat_json);
    json_t *tree = place_tree(flat);
    json_t *m = place_metros(place_tree_find(tree, 1));
    cr_assert_eq(json_array_size(m), 3);
    cr_assert_str_eq(gets(json_array_get(m, 0), "name"), "Cascais");
    cr_assert_str_eq(gets(json_array_get(m, 1), "name"), "Lisbon");
    cr_assert_str_eq(gets(json_array_get(m, 2), "name"), "Porto");
    json_decref(m);
    m = place_metros(place_tree_find(tree, 10));
    cr_assert_eq(json_array_size(m), 1, "a metro lists itself");
    json_decref(m);
    m = place_metros(place_tree_find(tree, 9));
    cr_assert_eq(json_array_size(m), 0);
    json_decref(m);
    json_decref(tree);
    json_decref(flat);
}

Test(figures, density_table)
{
    json_t *flat = load(flat_json);
    json_t *tree = place_tree(flat);
    json_t *metros = place_metros(place_tree_find(tree, 1));   /* Cascais, Lisbon, Porto */
    json_t *sectors = load("[{\"id\": 1, \"name\": \"Banking\", \"slug\": \"banking\"},"
                           " {\"id\": 2, \"name\": \"Farming\", \"slug\": \"farming\"},"
                           " {\"id\": 3, \"name\": \"Software\", \"slug\": \"software\"}]");
    /* Software busiest (10), then no sector (4), then Banking (3); Farming unused */
    json_t *density = load("[{\"metro_id\": 3, \"sector_id\": 3, \"chapters\": 2, \"members\": 6},"
                           " {\"metro_id\": 10, \"sector_id\": 3, \"chapters\": 0, \"members\": 2},"
                           " {\"metro_id\": 3, \"sector_id\": null, \"chapters\": 1, \"members\": 3},"
                           " {\"metro_id\": 4, \"sector_id\": 1, \"chapters\": 1, \"members\": 2}]");
    json_t *t = density_table(density, metros, sectors);
    cr_assert_not_null(t);
    json_t *cols = json_object_get(t, "columns");
    cr_assert_eq(json_array_size(cols), 3, "columns: %s", json_dumps(cols, JSON_COMPACT));
    cr_assert_str_eq(gets(json_array_get(cols, 0), "name"), "Software");
    cr_assert_str_eq(gets(json_array_get(cols, 0), "slug"), "software");
    cr_assert_eq(geti(json_array_get(cols, 0), "id"), 3);
    cr_assert_str_eq(gets(json_array_get(cols, 1), "name"), "No sector given");
    cr_assert_eq(geti(json_array_get(cols, 1), "id"), 0);
    cr_assert_str_eq(gets(json_array_get(cols, 2), "name"), "Banking");

    json_t *rows = json_object_get(t, "rows");
    cr_assert_eq(json_array_size(rows), 3);
    json_t *cascais = json_array_get(rows, 0), *lisbon = json_array_get(rows, 1), *porto = json_array_get(rows, 2);
    cr_assert_str_eq(gets(cascais, "metro"), "Cascais");
    cr_assert_str_eq(gets(lisbon, "slug"), "lisbon");
    cr_assert_str_eq(gets(porto, "metro"), "Porto");

    json_t *want_lisbon = load("[{\"chapters\": 2, \"members\": 6, \"is_empty\": false},"
                               " {\"chapters\": 1, \"members\": 3, \"is_empty\": false},"
                               " {\"chapters\": 0, \"members\": 0, \"is_empty\": true}]");
    cr_assert(json_equal(json_object_get(lisbon, "cells"), want_lisbon), "Lisbon cells: %s",
              json_dumps(json_object_get(lisbon, "cells"), JSON_COMPACT));
    json_decref(want_lisbon);
    cr_assert_eq(geti(lisbon, "chapters"), 3);
    cr_assert_eq(geti(lisbon, "members"), 9);
    cr_assert_eq(geti(cascais, "chapters"), 1);
    cr_assert_eq(geti(cascais, "members"), 2);
    cr_assert(json_is_true(json_object_get(json_array_get(json_object_get(cascais, "cells"), 0), "is_empty")));
    cr_assert_eq(geti(json_array_get(json_object_get(cascais, "cells"), 2), "members"), 2);
    cr_assert_eq(geti(porto, "chapters"), 0);
    cr_assert_eq(geti(porto, "members"), 2);

    cr_assert_eq(geti(t, "chapters"), 4);
    cr_assert_eq(geti(t, "members"), 13);
    cr_assert(json_is_false(json_object_get(t, "is_empty")));
    json_decref(t);

    /* nothing at all: no columns, empty rows, is_empty */
    json_t *none = json_array();
    t = density_table(none, metros, sectors);
    cr_assert_eq(json_array_size(json_object_get(t, "columns")), 0);
    cr_assert_eq(json_array_size(json_object_get(t, "rows")), 3);
    cr_assert_eq(json_array_size(json_object_get(json_array_get(json_object_get(t, "rows"), 0), "cells")), 0);
    cr_assert_eq(geti(t, "chapters"), 0);
    cr_assert(json_is_true(json_object_get(t, "is_empty")));
    json_decref(t);
    json_decref(none);
    json_decref(density);
    json_decref(sectors);
    json_decref(metros);
    json_decref(tree);
    json_decref(flat);
}

Test(figures, density_columns_tie_keeps_sector_order)
{
    json_t *metros = load("[{\"id\": 3, \"name\": \"Lisbon\", \"slug\": \"lisbon\", \"kind\": \"metro\"}]");
    json_t *sectors = load("[{\"id\": 1, \"name\": \"Banking\", \"slug\": \"banking\"},"
                           " {\"id\": 2, \"name\": \"Farming\", \"slug\": \"farming\"}]");
    json_t *density = load("[{\"metro_id\": 3, \"sector_id\": 2, \"chapters\": 1, \"members\": 1},"
                           " {\"metro_id\": 3, \"sector_id\": 1, \"chapters\": 0, \"members\": 2}]");
    json_t *t = density_table(density, metros, sectors);
    json_t *cols = json_object_get(t, "columns");
    cr_assert_eq(json_array_size(cols), 2);
    cr_assert_str_eq(gets(json_array_get(cols, 0), "name"), "Banking");
    cr_assert_str_eq(gets(json_array_get(cols, 1), "name"), "Farming");
    cr_assert_eq(geti(t, "members"), 3);
    json_decref(t);
    json_decref(density);
    json_decref(sectors);
    json_decref(metros);
}
