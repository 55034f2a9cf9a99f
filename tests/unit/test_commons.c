/* test_commons.c - the knowledge commons' items: the rules (src/commons/rules.c)
 * directly, and the operations (items.c) and views (views.c) on a database
 * (GLOCAL_TEST_DB: tests/run runs this program once on SQLite and once on
 * PostgreSQL).
 *
 * What is checked: the licences and kinds, tags and fields at their fields,
 * slugs, who may do what in each state; on a database, that an item is
 * invisible to everyone not named on it until every person named consents,
 * that taking consent back leaves a tombstone with the reason and nothing of
 * the words, that a decline sends it back to draft, that naming someone new
 * on a published item takes it out of public view until they consent, that
 * edits keep frozen revisions and the tags index in step, that adaptations
 * know their line and keep ShareAlike, and that lists only ever show
 * published items. Each database test uses its own accounts and titles, so
 * they may run at once on one database. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "commons/commons.h"
#include "mail/mail.h"
#include "network/network.h"
#include "settings/settings.h"
#include "testnet.h"

/* ---------- the rules ---------- */

Test(rules, licences_and_kinds)
{
    const Licence *l = licence_find("cc-by-4.0");
    cr_assert_not_null(l);
    cr_assert_str_eq(l->name, "CC BY 4.0");
    cr_assert_str_eq(l->url, "https://creativecommons.org/licenses/by/4.0/");
    cr_assert_str_eq(licence_find("cc-by-sa-4.0")->name, "CC BY-SA 4.0");
    cr_assert_str_eq(licence_find("cc0-1.0")->url, "https://creativecommons.org/publicdomain/zero/1.0/");
    cr_assert_null(licence_find("cc-by-nc-4.0"), "a NonCommercial licence is not an open one");
    cr_assert_null(licence_find(NULL));
    int n = 0;
    for (const Licence *x = licences; x->code; x++) n++;
    cr_assert_eq(n, 3);
    cr_assert_str_eq(item_kind_name("notes"), "Session notes");
    cr_assert_str_eq(item_kind_name("recording"), "Recording");
    cr_assert_null(item_kind_name("poem"));
    cr_assert(licence_adapt_allowed("cc-by-4.0", "cc0-1.0"));
    cr_assert(licence_adapt_allowed("cc-by-sa-4.0", "cc-by-sa-4.0"));
    cr_assert_not(licence_adapt_allowed("cc-by-sa-4.0", "cc-by-4.0"), "ShareAlike stays ShareAlike");
    cr_assert_not(licence_adapt_allowed("cc-by-4.0", "gpl"));
    json_t *opts = item_licence_options("cc0-1.0");
    cr_assert_eq(json_array_size(opts), 3);
    cr_assert(json_is_true(json_object_get(json_array_get(opts, 2), "is_selected")));
    json_decref(opts);
}

Test(rules, tags_are_canonical_or_refused_at_the_field)
{
    Arena a;
    arena_init(&a, 1024);
    FieldErrs f = { &a, NULL, 0 };
    cr_assert_str_eq(item_tags_parse(&a, "Facilitation, open-space  open-space,,retro", &f), "facilitation open-space retro");
    cr_assert_str_eq(item_tags_parse(&a, "   ", &f), "");
    cr_assert_str_eq(item_tags_parse(&a, NULL, &f), "");
    cr_assert_eq(f.n, 0);
    static const char *const bad[] = { "<b>bold</b>", "a", "café", "under_score", "-lead", "trail-",
                                       "x1234567890123456789012345678901234567890", "\"quoted\"" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FieldErrs g = { &a, NULL, 0 };
        cr_assert_null(item_tags_parse(&a, bad[i], &g), "%s was taken", bad[i]);
        cr_assert_eq(g.n, 1);
        cr_assert_str_eq(g.at[0].field, "tags");
        cr_assert(strstr(g.at[0].msg, "lower-case letters"), "%s", g.at[0].msg);
    }
    /* found by tests/fuzz/fuzz_search.c: the tag quoted in the message was cut at 40
     * bytes, in the middle of a character; the message was not UTF-8, and the
     * answer's JSON could not hold it */
    FieldErrs u = { &a, NULL, 0 };
    cr_assert_null(item_tags_parse(&a, "abcdefghijklmnopqrstuvwxyz0123456789abc\xc3\x9f\xc3\x9f", &u));
    cr_assert(str_utf8_valid(u.at[0].msg, strlen(u.at[0].msg)), "%s", u.at[0].msg);
    cr_assert(strstr(u.at[0].msg, "\"abcdefghijklmnopqrstuvwxyz0123456789abc\" is not"), "%s", u.at[0].msg);
    FieldErrs g = { &a, NULL, 0 };
    cr_assert_null(item_tags_parse(&a, "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11", &g));
    cr_assert(strstr(g.at[0].msg, "at most 10"));
    g = (FieldErrs){ &a, NULL, 0 };
    cr_assert_str_eq(item_tags_parse(&a, "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t1 t2", &g), "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10",
                     "repeated tags count once");
    json_t *j = item_tags_json("one two-words three");
    cr_assert_eq(json_array_size(j), 3);
    cr_assert_str_eq(json_string_value(json_array_get(j, 1)), "two-words");
    json_decref(j);
    j = item_tags_json("");
    cr_assert_eq(json_array_size(j), 0);
    json_decref(j);
    arena_release(&a);
}

Test(rules, fields_are_checked_at_their_fields)
{
    Arena a;
    arena_init(&a, 1024);
    FieldErrs f = { &a, NULL, 0 };
    ItemIn in = { .kind = "notes", .title = "Open space, run well" };
    item_fields_problems(&in, true, &f);
    cr_assert_eq(f.n, 0);
    char *long_title = repeat("é", ITEM_TITLE_MAX + 1);
    char *long_summary = repeat("s", ITEM_SUMMARY_MAX + 1);
    char *long_body = repeat("b", ITEM_BODY_MAX + 1);
    ItemIn bad = { .kind = "poem", .title = long_title, .summary = long_summary, .body = long_body,
                   .url = "javascript:alert(1)", .licence = "cc-by-nc-4.0", .origin = "dream", .note = long_summary };
    item_fields_problems(&bad, true, &f);
    static const char *const fields[] = { "title", "kind", "summary", "body", "url", "licence", "origin", "note" };
    cr_assert_eq(f.n, 8);
    for (int i = 0; i < 8; i++) cr_assert_str_eq(f.at[i].field, fields[i]);
    cr_assert(strstr(f.at[3].msg, "100,000 bytes"));
    f = (FieldErrs){ &a, NULL, 0 };
    char *exact_title = repeat("é", ITEM_TITLE_MAX);   /* 200 characters, 400 bytes: characters count */
    char *exact_body = repeat("b", ITEM_BODY_MAX);
    ItemIn edge = { .kind = "tool", .title = exact_title, .body = exact_body, .url = "https://example.org/a?b=c" };
    item_fields_problems(&edge, true, &f);
    cr_assert_eq(f.n, 0, "%s", f.n ? f.at[0].msg : "");
    ItemIn spaced = { .url = "https://exa mple.org" }, hostless = { .url = "http://" };
    item_fields_problems(&spaced, false, &f);
    item_fields_problems(&hostless, false, &f);
    cr_assert_eq(f.n, 2);
    f = (FieldErrs){ &a, NULL, 0 };
    ItemIn edit = { .summary = "only this" };
    item_fields_problems(&edit, false, &f);
    cr_assert_eq(f.n, 0, "an edit leaves what it does not name");
    ItemIn blank = { .title = "  " };
    item_fields_problems(&blank, false, &f);
    cr_assert_eq(f.n, 1);
    cr_assert_str_eq(f.at[0].field, "title");
    free(long_title), free(long_summary), free(long_body), free(exact_title), free(exact_body);
    arena_release(&a);
}

Test(rules, slugs)
{
    Arena a;
    arena_init(&a, 1024);
    cr_assert_str_eq(item_slug_try(&a, "Open Space: Café Rules!", 1), "open-space-cafe-rules");
    cr_assert_str_eq(item_slug_try(&a, "Open Space: Café Rules!", 3), "open-space-cafe-rules-3");
    cr_assert_str_eq(item_slug_try(&a, "!!!", 1), "item");
    cr_assert_str_eq(item_slug_try(&a, "New", 1), "new-2", "a word of the commons' own addresses is never a slug");
    cr_assert_str_eq(item_slug_try(&a, "Tags", 1), "tags-2");
    char *words = repeat("word ", 40);
    char *s = item_slug_try(&a, words, 1);
    cr_assert_leq(strlen(s), 70);
    cr_assert_neq(s[strlen(s) - 1], '-');
    cr_assert(str_slug_valid(s), "%s", s);
    free(words);
    arena_release(&a);
}

Test(rules, who_may_do_what_and_the_consent_machine)
{
    Err e = { 0 };
    ItemRel anon = { 0 }, member = { .logged_in = true }, author = { .author = true, .logged_in = true };
    ItemRel quoted = { .quoted = true, .consent = "asked", .logged_in = true };
    static const char *const states[] = { "draft", "consenting", "published", "withdrawn" };
    int anon_sees[] = { 0, 0, 2, 1 }, quoted_sees[] = { 2, 2, 2, 1 };
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(item_visibility(states[i], &anon), anon_sees[i], "%s", states[i]);
        cr_assert_eq(item_visibility(states[i], &member), anon_sees[i], "%s", states[i]);
        cr_assert_eq(item_visibility(states[i], &quoted), quoted_sees[i], "%s", states[i]);
    }
    cr_assert_eq(item_may(IA_EDIT, "draft", &member, &e), -1);
    cr_assert_eq(e.code, E_NOT_FOUND, "a draft does not exist for those not named on it");
    cr_assert_eq(item_may(IA_EDIT, "published", &member, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(item_may(IA_EDIT, "draft", &quoted, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN, "someone quoted consents but does not edit");
    for (int i = 0; i < 3; i++) cr_assert_eq(item_may(IA_EDIT, states[i], &author, &e), 0, "%s", states[i]);
    cr_assert_eq(item_may(IA_EDIT, "withdrawn", &author, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(item_may(IA_PUBLISH, "draft", &author, &e), 0);
    cr_assert_eq(item_may(IA_PUBLISH, "consenting", &author, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(item_may(IA_PUBLISH, "published", &author, &e), -1);
    cr_assert_eq(item_may(IA_CONSENT, "consenting", &quoted, &e), 0);
    cr_assert_eq(item_may(IA_CONSENT, "published", &member, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(item_may(IA_CONSENT, "withdrawn", &quoted, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(item_may(IA_ADD_PERSON, "consenting", &quoted, &e), -1);
    cr_assert_eq(item_may(IA_ADAPT, "published", &member, &e), 0);
    cr_assert_eq(item_may(IA_ADAPT, "published", &anon, &e), -1);
    cr_assert_eq(e.code, E_UNAUTHORIZED);
    cr_assert_eq(item_may(IA_ADAPT, "consenting", &author, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(item_status_on_publish(0), "published");
    cr_assert_str_eq(item_status_on_publish(2), "consenting");
    cr_assert_str_eq(item_status_on_consent("consenting", true, 1), "consenting");
    cr_assert_str_eq(item_status_on_consent("consenting", true, 0), "published");
    cr_assert_str_eq(item_status_on_consent("consenting", false, 1), "draft");
    cr_assert_str_eq(item_status_on_consent("published", false, 1), "withdrawn");
    cr_assert_str_eq(item_status_on_consent("published", true, 0), "published");
    cr_assert_str_eq(item_status_on_consent("draft", true, 0), "draft", "a consent given early does not publish");
    cr_assert_str_eq(item_status_on_consent("draft", false, 1), "draft");
}

Test(rules, changing_the_words_asks_everyone_else_again)
{
    bool ask = true;
    cr_assert_str_eq(item_status_on_edit("published", true, 1, &ask), "consenting");
    cr_assert(ask, "their consent was to other words");
    cr_assert_str_eq(item_status_on_edit("consenting", true, 2, &ask), "consenting");
    cr_assert(ask);
    cr_assert_str_eq(item_status_on_edit("published", true, 0, &ask), "published", "the editor alone: stays public");
    cr_assert_not(ask);
    cr_assert_str_eq(item_status_on_edit("published", false, 3, &ask), "published", "kind and tags ask no one");
    cr_assert_not(ask);
    cr_assert_str_eq(item_status_on_edit("consenting", false, 1, &ask), "consenting");
    cr_assert_not(ask);
    cr_assert_str_eq(item_status_on_edit("draft", true, 2, &ask), "draft", "a draft's people are asked when it is published");
    cr_assert_not(ask);
    cr_assert_str_eq(item_status_on_edit("withdrawn", true, 2, &ask), "withdrawn");
    cr_assert_not(ask);
    Err e = { 0 };
    cr_assert_eq(item_consent_current(true, 3, 3, &e), 0);
    cr_assert_eq(item_consent_current(true, 0, 3, &e), 0, "not said: the current words");
    cr_assert_eq(item_consent_current(false, 2, 3, &e), 0, "taking consent back needs no particular words");
    cr_assert_eq(item_consent_current(true, 2, 3, &e), -1, "consent to words replaced since");
    cr_assert_eq(e.code, E_CONFLICT);
}

/* ---------- the operations, on a database ---------- */

typedef struct World {
    Db *db;
    DbConn *c;
    Arena a;
    TestDb t;
    const char *p;   /* this test's prefix: its accounts, places and titles are its own */
} World;

static void world_open(World *w, const char *prefix)
{
    log_level = -1;
    test_db_open(&w->t, &w->db, &w->c);
    arena_init(&w->a, 4096);
    w->p = prefix;
}

static void world_close(World *w)
{
    arena_release(&w->a);
    test_db_close(&w->t, w->db, w->c);
}

static int64_t user(World *w, const char *name)
{
    return test_user_make(w->c, &w->a, arena_printf(&w->a, "%s-%s@test.example", w->p, name), name, false);
}

static FieldErrs *fresh(World *w)
{
    FieldErrs *f = arena_alloc(&w->a, sizeof *f);
    *f = (FieldErrs){ &w->a, NULL, 0 };
    return f;
}

static int64_t created(World *w, ItemIn in)
{
    Err e = { 0 };
    int64_t id = 0;
    if (!in.kind) in.kind = "notes";
    if (!in.now) in.now = 1700000000;
    cr_assert_eq(item_create(w->c, &e, &in, fresh(w), &id), 0, "%s (%s)", e.msg, e.field);
    return id;
}

static const char *str_of(json_t *v, const char *key)
{
    const char *s = json_string_value(json_object_get(v, key));
    return s ? s : "";
}

/* What `viewer` sees of item id: 2 its words, 1 a tombstone, 0 nothing. */
static int sees(World *w, int64_t id, int64_t viewer)
{
    Err e = { 0 };
    json_t *v = NULL;
    int found = item_view_id(w->c, &e, id, viewer, &v);
    cr_assert_geq(found, 0, "%s", e.msg);
    int r = !found ? 0 : json_is_true(json_object_get(v, "is_tombstone")) ? 1 : 2;
    if (r == 1) cr_assert_null(json_object_get(v, "body"), "a tombstone has no words");
    json_decref(v);
    return r;
}

/* How many messages of this kind the outbox holds to this address prefix. */
static int mails(World *w, const char *kind, const char *to)
{
    Err e = { 0 };
    json_t *box = outbox_recent(w->c, &e, 100, 0);
    cr_assert_not_null(box, "%s", e.msg);
    int n = 0;
    size_t i;
    json_t *m;
    json_array_foreach(box, i, m) n += str_eq(str_of(m, "kind"), kind) && str_starts(str_of(m, "to_email"), to);
    json_decref(box);
    return n;
}

static bool listed(World *w, int64_t id, const ItemFilter *f)
{
    Err e = { 0 };
    json_t *list = items_list(w->c, &e, f);
    cr_assert_not_null(list, "%s", e.msg);
    bool found = false;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) found = found || json_integer_value(json_object_get(v, "id")) == id;
    json_decref(list);
    return found;
}

Test(items, nothing_is_public_until_everyone_consents_and_withdrawal_leaves_a_tombstone)
{
    World w;
    world_open(&w, "consent");
    Err e = { 0 };
    int64_t ana = user(&w, "ana"), quim = user(&w, "quim"), bo = user(&w, "bo"), out = user(&w, "out");
    int64_t id = created(&w, (ItemIn){ .kind = "story", .title = "Consent story: the late client", .summary = "SECRET-SUMMARY",
                                       .body = "SECRET-BODY words", .tags = "clients late-payment", .by = ana });
    ItemFilter all = { 0 };
    cr_assert_eq(sees(&w, id, 0), 0);
    cr_assert_eq(sees(&w, id, out), 0, "a draft exists only for those named on it");
    cr_assert_eq(sees(&w, id, ana), 2);
    cr_assert_eq(item_is_public(w.c, &e, id), 0);
    cr_assert_eq(item_add_person(w.c, &e, id, quim, "quoted", out, 1700000100), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);
    cr_assert_eq(item_add_person(w.c, &e, id, quim, "friend", ana, 1700000100), -1);
    cr_assert_str_eq(e.field, "role");
    cr_assert_eq(item_add_person(w.c, &e, id, quim, "quoted", ana, 1700000100), 0, "%s", e.msg);
    cr_assert_eq(item_add_person(w.c, &e, id, quim, "author", ana, 1700000100), -1);
    cr_assert_eq(e.code, E_CONFLICT, "named once");
    cr_assert_eq(item_add_person(w.c, &e, id, bo, "author", ana, 1700000100), 0, "%s", e.msg);
    cr_assert_eq(mails(&w, "commons_consent_asked", "consent-"), 0, "no one is asked while it is a draft");
    cr_assert_eq(sees(&w, id, quim), 2, "the quoted member reads the draft before consenting");
    cr_assert_eq(item_publish(w.c, &e, id, quim, 1700000200), -1);
    cr_assert_eq(e.code, E_FORBIDDEN, "only authors ask to publish");

    cr_assert_eq(item_publish(w.c, &e, id, ana, 1700000200), 0, "%s", e.msg);
    cr_assert_eq(mails(&w, "commons_consent_asked", "consent-quim"), 1);
    cr_assert_eq(mails(&w, "commons_consent_asked", "consent-bo"), 1);
    cr_assert_eq(mails(&w, "commons_consent_asked", "consent-ana"), 0, "the author who asked is not asked");
    cr_assert_eq(sees(&w, id, 0), 0, "waiting for consent: still not public");
    cr_assert_not(listed(&w, id, &all));
    cr_assert_eq(item_publish(w.c, &e, id, ana, 1700000210), -1);
    cr_assert_eq(e.code, E_CONFLICT);

    /* Quim declines: back to draft, the authors told why */
    cr_assert_eq(item_consent(w.c, &e, id, quim, false, "", 1700000300), -1);
    cr_assert_str_eq(e.field, "reason");
    cr_assert_eq(item_consent(w.c, &e, id, out, true, NULL, 1700000300), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);
    cr_assert_eq(item_consent(w.c, &e, id, quim, false, "My client would recognise himself.", 1700000300), 0, "%s", e.msg);
    json_t *v = NULL;
    cr_assert_eq(item_view_id(w.c, &e, id, ana, &v), 1);
    cr_assert_str_eq(str_of(v, "status"), "draft");
    cr_assert(json_is_true(json_object_get(v, "can_publish")));
    cr_assert_eq(json_array_size(json_object_get(v, "people")), 3);
    json_decref(v);
    cr_assert_eq(mails(&w, "commons_declined", "consent-ana"), 1);
    cr_assert_eq(mails(&w, "commons_declined", "consent-bo"), 1);
    cr_assert_eq(mails(&w, "commons_declined", "consent-quim"), 0);

    /* edited, asked again: Bo had not answered and Quim is asked anew */
    ItemIn fix = { .body = "Anonymised words", .note = "Took the client's trade out", .by = ana, .now = 1700000400 };
    cr_assert_eq(item_edit(w.c, &e, id, &fix, fresh(&w)), 0, "%s", e.msg);
    cr_assert_eq(item_publish(w.c, &e, id, ana, 1700000500), 0, "%s", e.msg);
    cr_assert_eq(mails(&w, "commons_consent_asked", "consent-quim"), 2);
    cr_assert_eq(item_consent(w.c, &e, id, quim, true, NULL, 1700000600), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 0, "one consent still missing");
    cr_assert_eq(item_consent(w.c, &e, id, bo, true, NULL, 1700000700), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 2, "everyone consented: public");
    cr_assert_eq(item_is_public(w.c, &e, id), 1);
    cr_assert(listed(&w, id, &all));
    cr_assert_eq(mails(&w, "commons_published", "consent-ana"), 1);
    cr_assert_eq(mails(&w, "commons_published", "consent-bo"), 0, "the last to consent is not told what they did");
    cr_assert_eq(item_view_id(w.c, &e, id, 0, &v), 1);
    cr_assert_eq(json_integer_value(json_object_get(v, "published_at")), 1700000700);
    cr_assert_null(json_object_get(v, "people"), "the public sees the authors, never who is quoted");
    cr_assert_eq(json_array_size(json_object_get(v, "authors")), 2);
    cr_assert_str_eq(str_of(json_object_get(v, "licence"), "code"), "cc-by-4.0");
    json_decref(v);
    cr_assert_eq(item_consent(w.c, &e, id, bo, true, NULL, 1700000800), 0, "giving it again changes nothing");

    /* Quim takes it back: a tombstone for everyone, the words gone from lists */
    cr_assert_eq(item_consent(w.c, &e, id, quim, false, "I was recognised after all.", 1700000900), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 1);
    cr_assert_eq(sees(&w, id, ana), 1, "even its authors see a tombstone");
    cr_assert_eq(item_is_public(w.c, &e, id), 0);
    cr_assert_not(listed(&w, id, &all));
    cr_assert_eq(item_view_id(w.c, &e, id, out, &v), 1);
    cr_assert_str_eq(str_of(v, "withdrawn_reason"), "I was recognised after all.");
    cr_assert_eq(json_integer_value(json_object_get(v, "withdrawn_at")), 1700000900);
    cr_assert_null(json_object_get(v, "title"));
    json_decref(v);
    cr_assert_eq(mails(&w, "commons_withdrawn", "consent-ana"), 1);
    cr_assert_eq(mails(&w, "commons_withdrawn", "consent-quim"), 0);
    ItemIn late = { .title = "Back again", .by = ana, .now = 1700001000 };
    cr_assert_eq(item_edit(w.c, &e, id, &late, fresh(&w)), -1);
    cr_assert_eq(e.code, E_CONFLICT, "a tombstone stays one");
    cr_assert_eq(item_consent(w.c, &e, id, quim, true, NULL, 1700001000), -1);
    cr_assert_eq(e.code, E_CONFLICT);

    /* no message carried the draft's words to anyone not named */
    json_t *box = outbox_recent(w.c, &e, 100, 0);
    size_t i;
    json_t *m;
    json_array_foreach(box, i, m) if (strstr(str_of(m, "body"), "SECRET-"))
        cr_assert(!str_starts(str_of(m, "to_email"), "consent-out"), "%s", str_of(m, "to_email"));
    json_decref(box);
    world_close(&w);
}

Test(items, edits_keep_revisions_and_tags_and_naming_someone_new_asks_again)
{
    World w;
    world_open(&w, "edit");
    Err e = { 0 };
    int64_t ed = user(&w, "ed"), other = user(&w, "other"), late = user(&w, "late");
    int64_t id = created(&w, (ItemIn){ .kind = "tool", .title = "Edit tool: the talking stick", .tags = "Facilitation circles",
                                       .licence = "cc0-1.0", .by = ed });
    json_t *v = NULL;
    cr_assert_eq(item_view_id(w.c, &e, id, ed, &v), 1);
    cr_assert_str_eq(str_of(v, "slug"), "edit-tool-the-talking-stick");
    cr_assert_str_eq(str_of(json_object_get(v, "licence"), "code"), "cc0-1.0");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "tags"), 0)), "facilitation");
    json_decref(v);
    int64_t twin = created(&w, (ItemIn){ .title = "Edit tool: the talking stick", .by = other });
    cr_assert_eq(item_view_id(w.c, &e, twin, other, &v), 1);
    cr_assert_str_eq(str_of(v, "slug"), "edit-tool-the-talking-stick-2", "a second item of the same title");
    json_decref(v);

    ItemIn bad = { .tags = "ok <script>", .by = ed, .now = 1700000100 };
    FieldErrs *f = fresh(&w);
    cr_assert_eq(item_edit(w.c, &e, id, &bad, f), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_str_eq(f->at[0].field, "tags");
    ItemIn by_other = { .title = "Mine now", .by = other, .now = 1700000100 };
    cr_assert_eq(item_edit(w.c, &e, id, &by_other, fresh(&w)), -1);
    cr_assert_eq(e.code, E_NOT_FOUND, "someone not named cannot even see a draft");
    cr_assert_eq(item_publish(w.c, &e, id, ed, 1700000200), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 2, "a sole author publishes at once");
    cr_assert_eq(item_edit(w.c, &e, id, &by_other, fresh(&w)), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);

    ItemIn same = { .title = "Edit tool: the talking stick", .by = ed, .now = 1700000300 };
    cr_assert_eq(item_edit(w.c, &e, id, &same, fresh(&w)), 0);
    ItemIn change = { .title = "Edit tool: the talking stick, revised", .tags = "circles listening", .note = "Renamed",
                      .by = ed, .now = 1700000400 };
    cr_assert_eq(item_edit(w.c, &e, id, &change, fresh(&w)), 0, "%s", e.msg);
    cr_assert_eq(item_view_id(w.c, &e, id, 0, &v), 1);
    cr_assert_eq(json_integer_value(json_object_get(v, "revision")), 2, "an edit that changed nothing kept no revision");
    cr_assert_str_eq(str_of(v, "status"), "published", "a published item stays published");
    cr_assert_str_eq(str_of(v, "slug"), "edit-tool-the-talking-stick", "the permalink does not move");
    json_decref(v);
    ItemFilter by_tag = { .tag = "listening" }, old_tag = { .tag = "facilitation" };
    cr_assert(listed(&w, id, &by_tag));
    cr_assert_not(listed(&w, id, &old_tag), "commons_tags follows the current tags");

    /* naming someone on a published item takes it out of view until they consent */
    cr_assert_eq(item_add_person(w.c, &e, id, late, "author", ed, 1700000500), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 0);
    cr_assert_eq(mails(&w, "commons_consent_asked", "edit-late"), 1);
    cr_assert_eq(mails(&w, "commons_consent_asked", "edit-ed"), 0);
    cr_assert_eq(item_consent(w.c, &e, id, late, true, NULL, 1700000600), 0, "%s", e.msg);
    cr_assert_eq(item_view_id(w.c, &e, id, 0, &v), 1);
    cr_assert_str_eq(str_of(v, "status"), "published");
    cr_assert_eq(json_integer_value(json_object_get(v, "published_at")), 1700000200, "first published stays");
    json_decref(v);
    world_close(&w);
}

static const char *consent_of(World *w, int64_t id, int64_t who)
{
    Err e = { 0 };
    json_t *v = NULL;
    cr_assert_eq(item_view_id(w->c, &e, id, who, &v), 1, "%s", e.msg);
    const char *consent = arena_strdup(&w->a, str_of(v, "my_consent"));
    json_decref(v);
    return consent;
}

Test(items, changing_the_words_of_a_published_or_waiting_item_asks_the_others_again)
{
    World w;
    world_open(&w, "reask");
    Err e = { 0 };
    int64_t ana = user(&w, "ana"), bea = user(&w, "bea"), cy = user(&w, "cy"), solo = user(&w, "solo");
    int64_t id = created(&w, (ItemIn){ .kind = "story", .title = "Reask: the shared kitchen", .body = "FIRST words", .by = ana });
    cr_assert_eq(item_add_person(w.c, &e, id, bea, "quoted", ana, 1700000100), 0, "%s", e.msg);
    cr_assert_eq(item_publish(w.c, &e, id, ana, 1700000200), 0, "%s", e.msg);
    cr_assert_eq(item_consent(w.c, &e, id, bea, true, NULL, 1700000300), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 2, "published");

    ItemIn tags = { .tags = "kitchens", .by = ana, .now = 1700000350 };
    cr_assert_eq(item_edit(w.c, &e, id, &tags, fresh(&w)), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 2, "new tags are not new words: still public");
    cr_assert_str_eq(consent_of(&w, id, bea), "given");

    ItemIn words = { .body = "SECOND words, with Bea's name", .by = ana, .now = 1900000000 };
    cr_assert_eq(item_edit(w.c, &e, id, &words, fresh(&w)), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 0, "the new words wait for Bea");
    CommonsFeedOut feed;
    CommonsFeedSubject network = { .kind = COMMONS_FEED_ALL };
    cr_assert_eq(commons_feed_build(w.c, &e, &w.a, &network, "http://glocal.test", "Glocal", &feed), 0, "%s", e.msg);
    cr_assert_eq(feed.feed.updated, 1900000000, "its leaving the feeds changes them: no 304 for a reader that has it");
    json_decref(feed.items);
    cr_assert_not(listed(&w, id, &(ItemFilter){ 0 }));
    cr_assert_eq(item_is_public(w.c, &e, id), 0);
    cr_assert_str_eq(consent_of(&w, id, bea), "asked");
    cr_assert_str_eq(consent_of(&w, id, ana), "given", "the editor's consent stands");
    cr_assert_eq(mails(&w, "commons_consent_reasked", "reask-bea"), 1);
    cr_assert_eq(mails(&w, "commons_consent_reasked", "reask-ana"), 0, "the editor is not asked");
    json_t *v = NULL;
    cr_assert_eq(item_view_id(w.c, &e, id, bea, &v), 1);
    cr_assert_str_eq(str_of(v, "status"), "consenting");
    cr_assert_str_eq(str_of(v, "body"), "SECOND words, with Bea's name", "Bea reads what she is asked about");
    json_decref(v);

    cr_assert_eq(item_consent_to(w.c, &e, id, bea, true, NULL, 2, 1700000450), -1, "she read revision 2");
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(consent_of(&w, id, bea), "asked");

    /* waiting for consent: changed again, asked again */
    ItemIn third = { .title = "Reask: the kitchen", .by = ana, .now = 1700000500 };
    cr_assert_eq(item_edit(w.c, &e, id, &third, fresh(&w)), 0, "%s", e.msg);
    cr_assert_eq(mails(&w, "commons_consent_reasked", "reask-bea"), 2);
    cr_assert_eq(item_consent(w.c, &e, id, bea, true, NULL, 1700000600), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, id, 0), 2, "public again once Bea consents to the new words");
    cr_assert_eq(item_view_id(w.c, &e, id, 0, &v), 1);
    cr_assert_eq(json_integer_value(json_object_get(v, "revision")), 4, "every revision kept");
    json_decref(v);

    /* one who already consented to a waiting item is asked again too */
    int64_t two = created(&w, (ItemIn){ .title = "Reask: a waiting item", .by = ana });
    cr_assert_eq(item_add_person(w.c, &e, two, bea, "author", ana, 1700000700), 0, "%s", e.msg);
    cr_assert_eq(item_add_person(w.c, &e, two, cy, "quoted", ana, 1700000700), 0, "%s", e.msg);
    cr_assert_eq(item_publish(w.c, &e, two, ana, 1700000800), 0, "%s", e.msg);
    cr_assert_eq(item_consent(w.c, &e, two, cy, true, NULL, 1700000900), 0, "%s", e.msg);
    ItemIn by_bea = { .summary = "Bea's summary", .by = bea, .now = 1700001000 };
    cr_assert_eq(item_edit(w.c, &e, two, &by_bea, fresh(&w)), 0, "%s", e.msg);
    cr_assert_str_eq(consent_of(&w, two, cy), "asked");
    cr_assert_str_eq(consent_of(&w, two, ana), "asked", "the other author too");
    cr_assert_eq(item_consent(w.c, &e, two, cy, true, NULL, 1700001100), 0, "%s", e.msg);
    cr_assert_eq(item_consent(w.c, &e, two, ana, true, NULL, 1700001100), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, two, 0), 0, "Bea, a co-author, has not consented yet");
    cr_assert_eq(item_consent(w.c, &e, two, bea, true, NULL, 1700001200), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, two, 0), 2);

    /* alone on it: an author's new words stay public */
    int64_t own = created(&w, (ItemIn){ .title = "Reask: solo notes", .body = "one", .by = solo });
    cr_assert_eq(item_publish(w.c, &e, own, solo, 1700001300), 0, "%s", e.msg);
    ItemIn mine = { .body = "two", .by = solo, .now = 1700001400 };
    cr_assert_eq(item_edit(w.c, &e, own, &mine, fresh(&w)), 0, "%s", e.msg);
    cr_assert_eq(sees(&w, own, 0), 2);
    world_close(&w);
}

Test(items, adaptations_know_their_line_and_lists_show_only_published)
{
    World w;
    world_open(&w, "adapt");
    Err e = { 0 };
    int64_t land = test_place_make(w.c, &w.a, 0, "country", "Adaptland");
    int64_t city = test_place_make(w.c, &w.a, land, "metro", "Adapt City");
    int64_t al = user(&w, "al"), bea = user(&w, "bea"), cy = user(&w, "cy");
    ChapterFields cf = { "Adapt chapter", "", "", "forming", "open", city, 0, 12 };
    int64_t chapter = 0;
    cr_assert_eq(chapter_start(w.c, &e, &w.a, &cf, al, fresh(&w), &chapter), 0, "%s", e.msg);

    FieldErrs *f = fresh(&w);
    ItemIn stranger = { .kind = "notes", .title = "Adapt notes", .chapter_id = chapter, .by = bea, .now = 1700000000 };
    int64_t id = 0;
    cr_assert_eq(item_create(w.c, &e, &stranger, f, &id), -1);
    cr_assert_str_eq(f->at[0].field, "chapter_id", "only a member credits a chapter");
    int64_t root = created(&w, (ItemIn){ .title = "Adapt notes: lean coffee", .chapter_id = chapter,
                                         .licence = "cc-by-sa-4.0", .tags = "lean-coffee", .by = al });
    json_t *v = NULL;
    cr_assert_eq(item_view_id(w.c, &e, root, al, &v), 1);
    cr_assert_str_eq(str_of(v, "origin"), "chapter");
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(v, "place"), "id")), city, "the chapter's city");
    json_decref(v);

    ItemIn early = { .kind = "notes", .title = "Adapt too early", .based_on_id = root, .by = bea, .now = 1700000100 };
    cr_assert_eq(item_create(w.c, &e, &early, fresh(&w), &id), -1);
    cr_assert_eq(e.code, E_NOT_FOUND, "a draft cannot be adapted by someone who cannot see it");
    cr_assert_eq(item_publish(w.c, &e, root, al, 1700000200), 0, "%s", e.msg);

    f = fresh(&w);
    ItemIn relicensed = { .kind = "notes", .title = "Adapt relicensed", .based_on_id = root, .licence = "cc-by-4.0",
                          .by = bea, .now = 1700000300 };
    cr_assert_eq(item_create(w.c, &e, &relicensed, f, &id), -1);
    cr_assert_str_eq(f->at[0].field, "licence", "ShareAlike stays ShareAlike");
    int64_t child = created(&w, (ItemIn){ .title = "Adapt notes: lean coffee for coops", .based_on_id = root, .by = bea });
    cr_assert_eq(item_publish(w.c, &e, child, bea, 1700000400), 0, "%s", e.msg);
    int64_t grandchild = created(&w, (ItemIn){ .title = "Adapt notes: lean coffee online", .based_on_id = child, .by = cy });
    cr_assert_eq(item_publish(w.c, &e, grandchild, cy, 1700000500), 0, "%s", e.msg);
    cr_assert_eq(item_view_id(w.c, &e, grandchild, 0, &v), 1);
    cr_assert_eq(json_integer_value(json_object_get(v, "depth")), 2);
    cr_assert_eq(json_integer_value(json_object_get(v, "root_id")), root);
    cr_assert_str_eq(str_of(json_object_get(v, "licence"), "code"), "cc-by-sa-4.0", "the parent's ShareAlike by default");
    cr_assert_str_eq(str_of(json_object_get(v, "based_on"), "title"), "Adapt notes: lean coffee for coops");
    json_decref(v);

    int64_t draft = created(&w, (ItemIn){ .title = "Adapt draft never shown", .tags = "lean-coffee", .chapter_id = chapter, .by = al });
    ItemFilter tag = { .tag = "lean-coffee" }, place = { .place_id = land }, author = { .author_id = al };
    ItemFilter ch = { .chapter_id = chapter }, kind = { .kind = "tool" }, lic = { .licence = "cc-by-sa-4.0" };
    cr_assert(listed(&w, root, &tag));
    cr_assert(listed(&w, root, &place), "a country's list holds its cities' items");
    cr_assert(listed(&w, root, &author));
    cr_assert(listed(&w, root, &ch));
    cr_assert(listed(&w, grandchild, &lic));
    cr_assert_not(listed(&w, root, &kind));
    cr_assert_not(listed(&w, child, &author), "Al is not an author of Bea's adaptation");
    ItemFilter every[] = { tag, place, author, ch, { 0 } };
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++) cr_assert_not(listed(&w, draft, &every[i]));
    json_t *list = items_list(w.c, &e, &tag);
    cr_assert_not_null(list);
    json_t *first = json_array_get(list, 0);
    cr_assert_eq(json_array_size(json_object_get(first, "authors")), 1);
    cr_assert_null(json_object_get(first, "body"), "lists leave the body to those who ask for it");
    json_decref(list);
    ItemFilter feed = { .with_body = true, .limit = 2 };
    list = items_list(w.c, &e, &feed);
    cr_assert_eq(json_array_size(list), 2);
    cr_assert_not_null(json_object_get(json_array_get(list, 0), "body"));
    json_decref(list);

    /* the network's default licence */
    cr_assert_str_eq(commons_default_licence(w.c, &e), "cc-by-4.0");
    world_close(&w);
}
