/* test_commons_drafts.c - from confidential to commons, only with consent
 * (src/commons: rules_drafts.c directly; drafts.c through a database).
 *
 * The rules: what a draft made from a round says (its title from the round's
 * first words, the note to remove what identifies people, the round and its
 * stories without names, a summary that names no one, stories left out past
 * the size limit). The operations run on GLOCAL_TEST_DB (test_db_make: tests/run
 * runs this program on SQLite and on PostgreSQL): only the round's author may
 * draft it, only once it is shared, only once; the draft is a story item with
 * the meeting's origin, place and sector, naming each member it quotes once;
 * nobody else sees it; it is published only when every quoted member
 * consents, and one of them taking consent back leaves a tombstone; the
 * shared stories page is anonymised and links the published item. */
#include "testutil.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "commons/commons.h"
#include "meetings/meetings.h"
#include "testnet.h"

/* ---------- what a draft says ---------- */

static const char *const two[] = { "When we lost our venue, the library lent us a room.",
                                   "We asked our clients to pay earlier.\nIt worked after a month." };

Test(compose, a_challenge_with_its_stories)
{
    Arena a;
    arena_init(&a, 0);
    DraftSource s = { "challenge", "Our venue closed in March.\nWe meet in a café now.", "Lisbon", "Fintech", two, 2 };
    DraftText t;
    draft_compose(&a, &s, &t);
    cr_assert_str_eq(t.title, "A challenge: Our venue closed in March.");
    cr_assert_eq(t.included, 2);
    cr_assert(strstr(t.body, "Before you publish"), "the note comes first: %s", t.body);
    cr_assert(strstr(t.body, "Then delete this note."));
    cr_assert(strstr(t.body, "## The challenge\n\nOur venue closed in March.  \nWe meet in a café now."), "%s", t.body);
    cr_assert(strstr(t.body, "### Story 1\n\nWhen we lost our venue"));
    cr_assert(strstr(t.body, "### Story 2\n\nWe asked our clients to pay earlier.  \nIt worked after a month."));
    cr_assert(strstr(t.body, "Before you publish") < strstr(t.body, "## The challenge"));
    cr_assert_str_eq(t.summary,
                     "A challenge shared in a chapter meeting in Lisbon (Fintech), with the 2 stories other members told "
                     "from their own experience.");
    cr_assert_str_eq(t.tags, "challenge");
    cr_assert(strstr(t.note, "challenge"));
    arena_release(&a);
}

Test(compose, a_success_has_no_stories_and_a_long_first_line_is_cut_at_a_word)
{
    Arena a;
    arena_init(&a, 0);
    const char *body = "We signed our first bank partner after eight months of meetings with their compliance team, "
                       "and the pilot starts in June with forty members";
    DraftSource s = { "success", body, "Porto", NULL, NULL, 0 };
    DraftText t;
    draft_compose(&a, &s, &t);
    cr_assert(str_starts(t.title, "A success: We signed our first bank partner"), "%s", t.title);
    cr_assert(strstr(t.title, "…"), "cut: %s", t.title);
    cr_assert(!strstr(t.title, "forty"), "%s", t.title);
    cr_assert(strlen(t.title) < 120);
    cr_assert(!strstr(t.body, "Story"), "a success gets no stories");
    cr_assert_str_eq(t.summary, "A success shared in a chapter meeting in Porto.");
    cr_assert_str_eq(t.tags, "success");
    cr_assert_eq(t.included, 0);
    arena_release(&a);
}

Test(compose, stories_past_the_size_limit_are_left_out_and_said_so)
{
    Arena a;
    arena_init(&a, 0);
    char *big = repeat("When we faced this we waited. ", 1000);   /* 30,000 bytes */
    const char *stories[] = { big, big, big, big, "A short one." };
    DraftSource s = { "challenge", "Cash is short.", "Lisbon", "", stories, 5 };
    DraftText t;
    draft_compose(&a, &s, &t);
    cr_assert_eq(t.included, 2, "%d included", t.included);
    cr_assert_leq(strlen(t.body), DRAFT_BODY_ROOM);
    cr_assert(strstr(t.body, "3 more stories were not included"), "said so");
    cr_assert(strstr(t.summary, "with the 2 stories"), "%s", t.summary);
    free(big);
    arena_release(&a);
}

Test(compose, the_stories_page_filter)
{
    cr_assert(stories_kind_valid(NULL));
    cr_assert(stories_kind_valid(""));
    cr_assert(stories_kind_valid("success"));
    cr_assert(stories_kind_valid("challenge"));
    cr_assert_not(stories_kind_valid("story"));
    cr_assert_not(stories_kind_valid("Challenge"));
}

/* ---------- through a database ---------- */

static Db *db;
static DbConn *c;
static Arena arena;
static TestDb tdb;
static unsigned tag;
static int serial;

static void up(void)
{
    test_db_open(&tdb, &db, &c);
    arena_init(&arena, 0);
    log_level = -1;   /* refusals below are expected */
    tag = randombytes_random();
}

static void down(void)
{
    arena_release(&arena);
    test_db_close(&tdb, db, c);
}

static int64_t person(const char *name)
{
    return test_user_make(c, &arena, arena_printf(&arena, "d%d-%u@test.example", ++serial, tag),
                          arena_printf(&arena, "%s %u", name, tag), false);
}

typedef struct Sector {
    const char *name;
    int64_t id;
} Sector;

static int sector_tx(DbConn *conn, void *ctx, Err *e)
{
    Sector *s = ctx;
    return sector_insert(conn, e, s->name, str_slugify(&arena, s->name), "", &s->id);
}

typedef struct Join {
    int64_t chapter, user;
} Join;

static int join_tx(DbConn *conn, void *ctx, Err *e)
{
    Join *j = ctx;
    return membership_add(conn, e, j->chapter, j->user, "member", j->user);
}

/* A chapter in Lisbon (Fintech) run by `connector` with the others in it; a
 * meeting of it at the challenges, with a shared challenge by `author` that
 * two stories by `teller` and one by `other` answered, and an unshared one. */
typedef struct World {
    int64_t author, teller, other, outsider, chapter, metro, sector, meeting;
    int64_t shared, unshared, success;
    const char *metro_name;
} World;

static void world(World *w)
{
    Err e = { 0 };
    w->author = person("Ana Author");
    w->teller = person("Tomas Teller");
    w->other = person("Olga Other");
    w->outsider = person("Otto Outsider");
    int64_t country = test_place_make(c, &arena, 0, "country", arena_printf(&arena, "Portugal %u", tag));
    w->metro_name = arena_printf(&arena, "Lisbon %u", tag);
    w->metro = test_place_make(c, &arena, country, "metro", w->metro_name);
    Sector s = { arena_printf(&arena, "Fintech %u", tag), 0 };
    cr_assert_eq(db_write(c, sector_tx, &s, &e), 0, "%s", e.msg);
    w->sector = s.id;
    FieldErrs problems = { &arena, NULL, 0 };
    ChapterFields f = { arena_printf(&arena, "Drafters %d %u", ++serial, tag), "", "", "forming", "open", w->metro, w->sector, 12 };
    cr_assert_eq(chapter_start(c, &e, &arena, &f, w->author, &problems, &w->chapter), 0, "%s", e.msg);
    int64_t members[] = { w->teller, w->other };
    for (int i = 0; i < 2; i++) {
        Join j = { w->chapter, members[i] };
        cr_assert_eq(db_write(c, join_tx, &j, &e), 0, "%s", e.msg);
    }
    int64_t now = now_unix();
    MeetingSlot slot = { now - 1800, now + 3600, "Europe/Lisbon", "Library", "" };
    cr_assert_eq(meeting_add(c, &e, w->chapter, &slot, &w->meeting), 0, "%s", e.msg);
    static const char *const phases[] = { "checkin", "successes", "challenges" };
    for (int i = 0; i < 3; i++) {
        PhaseChange p = { .chapter_id = w->chapter, .meeting_id = w->meeting, .now = now, .phase = phases[i] };
        cr_assert_eq(meeting_advance(c, &e, &p), 0, "%s", e.msg);
        if (i == 0) {
            cr_assert_eq(round_post(c, &e, w->meeting, w->author, "success", "We found a sponsor.", &w->success), 0, "%s", e.msg);
            cr_assert_eq(round_post(c, &e, w->meeting, w->author, "challenge", "CANARY-ROUND Our venue closed; Maria at the bank will not answer.",
                                    &w->shared), 0, "%s", e.msg);
            cr_assert_eq(round_post(c, &e, w->meeting, w->teller, "challenge", "CANARY-UNSHARED My co-founder left.",
                                    &w->unshared), 0, "%s", e.msg);
        }
    }
    int64_t id = 0;
    cr_assert_eq(story_post(c, &e, w->meeting, w->shared, w->teller, "When our venue closed, the library lent us a room.", false, &id), 0, "%s", e.msg);
    cr_assert_eq(story_post(c, &e, w->meeting, w->shared, w->other, "We met in a park all summer.", false, &id), 0, "%s", e.msg);
    cr_assert_eq(story_post(c, &e, w->meeting, w->shared, w->teller, "And a second time, a school.", false, &id), 0, "%s", e.msg);
    cr_assert_eq(round_publish(c, &e, w->meeting, w->shared, true), 0, "%s", e.msg);
    cr_assert_eq(round_publish(c, &e, w->meeting, w->success, true), 0, "%s", e.msg);
}

static int refused(int64_t round, int64_t by, int code, const char *words)
{
    Err e = { 0 };
    int64_t id = 0;
    int rc = draft_from_round(c, &e, round, by, now_unix(), &id);
    cr_assert_eq(rc, -1, "drafting round %lld by %lld was accepted", (long long)round, (long long)by);
    cr_assert_eq(e.code, code, "%d: %s", e.code, e.msg);
    cr_assert(strstr(e.msg, words), "\"%s\" lacks \"%s\"", e.msg, words);
    cr_assert(!strstr(e.msg, "CANARY"), "the refusal never quotes the round: %s", e.msg);
    return rc;
}

static json_t *view(int64_t id, int64_t viewer, int want)
{
    Err e = { 0 };
    json_t *v = NULL;
    cr_assert_eq(item_view_id(c, &e, id, viewer, &v), want, "item %lld for %lld: %s", (long long)id, (long long)viewer, e.msg);
    return v;
}

static const char *str(json_t *v, const char *key)
{
    const char *s = json_string_value(json_object_get(v, key));
    return s ? s : "";
}

static bool listed(int64_t id, int64_t chapter)
{
    Err e = { 0 };
    ItemFilter f = { .chapter_id = chapter, .limit = 100 };
    json_t *list = items_list(c, &e, &f);
    cr_assert_not_null(list, "%s", e.msg);
    bool found = false;
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) found = found || json_integer_value(json_object_get(x, "id")) == id;
    json_decref(list);
    return found;
}

/* Who may draft: the author alone, of a shared round, once. */
static int64_t drafting(World *w)
{
    Err e = { 0 };
    refused(w->shared, w->teller, E_FORBIDDEN, "Only the member who shared this challenge");
    refused(w->shared, w->outsider, E_FORBIDDEN, "Only the member who shared");
    refused(w->unshared, w->teller, E_CONFLICT, "not shared with the network");
    refused(w->unshared, w->author, E_FORBIDDEN, "Only the member who shared");
    refused(999999999, w->author, E_NOT_FOUND, "no success or challenge numbered");
    int64_t id = 0;
    cr_assert_eq(draft_from_round(c, &e, w->shared, w->author, now_unix(), &id), 0, "%s", e.msg);
    cr_assert_gt(id, 0);
    refused(w->shared, w->author, E_CONFLICT, "already made");
    return id;
}

static void the_draft(World *w, int64_t id)
{
    json_t *v = view(id, w->author, 1);
    cr_assert_str_eq(str(v, "kind"), "story");
    cr_assert_str_eq(str(v, "status"), "draft");
    cr_assert_str_eq(str(v, "origin"), "meeting");
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(v, "place"), "id")), w->metro);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(v, "sector"), "id")), w->sector);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(v, "chapter"), "id")), w->chapter);
    cr_assert(str_starts(str(v, "title"), "A challenge: CANARY-ROUND Our venue closed"), "%s", str(v, "title"));
    const char *body = str(v, "body");
    cr_assert(strstr(body, "Before you publish"));
    cr_assert(strstr(body, "the library lent us a room") && strstr(body, "park all summer") && strstr(body, "a school"));
    cr_assert(!strstr(body, "Tomas") && !strstr(body, "Olga") && !strstr(body, "Ana Author"), "no names: %s", body);
    cr_assert(!strstr(str(v, "summary"), "Drafters"), "the summary names no chapter");
    json_decref(v);
    /* the quoted members see it, each named once; nobody else does */
    Err e = { 0 };
    json_t *q = draft_quoted_view(c, &e, id, w->teller);
    cr_assert_not_null(q, "%s", e.msg);
    cr_assert(json_is_true(json_object_get(json_object_get(q, "me"), "is_quoted")));
    cr_assert_eq(json_array_size(json_object_get(q, "stories")), 2, "the teller's two stories, as told");
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(q, "people"), "quoted")), 2, "two members quoted, once each");
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(q, "people"), "consented")), 0);
    json_decref(q);
    q = draft_quoted_view(c, &e, id, w->outsider);
    cr_assert(json_is_null(json_object_get(q, "me")), "the outsider is not named");
    json_decref(q);
    json_decref(view(id, w->teller, 1));
    json_decref(view(id, w->other, 1));
    view(id, w->outsider, 0);
    view(id, 0, 0);
    cr_assert_not(listed(id, w->chapter), "a draft is never listed");
}

/* Nothing public until every quoted member consents; one taking it back withdraws it. */
static void consenting(World *w, int64_t id)
{
    Err e = { 0 };
    int64_t now = now_unix();
    cr_assert_eq(item_publish(c, &e, id, w->author, now), 0, "%s", e.msg);
    json_t *v = view(id, w->author, 1);
    cr_assert_str_eq(str(v, "status"), "consenting", "waiting for the quoted");
    json_decref(v);
    view(id, w->outsider, 0);
    cr_assert_not(listed(id, w->chapter));
    cr_assert_eq(item_consent(c, &e, id, w->teller, true, NULL, now), 0, "%s", e.msg);
    view(id, w->outsider, 0);
    cr_assert_not(listed(id, w->chapter), "one of two quoted members is not enough");
    cr_assert_eq(item_consent(c, &e, id, w->other, true, NULL, now), 0, "%s", e.msg);
    v = view(id, w->outsider, 1);
    cr_assert_str_eq(str(v, "status"), "published");
    json_decref(v);
    cr_assert(listed(id, w->chapter), "published once all consent");
    cr_assert_eq(item_is_public(c, &e, id), 1);
    cr_assert_eq(item_consent(c, &e, id, w->other, false, "It still tells who we are.", now + 60), 0, "%s", e.msg);
    v = view(id, w->outsider, 1);
    cr_assert_str_eq(str(v, "status"), "withdrawn");
    cr_assert_str_eq(str(v, "withdrawn_reason"), "It still tells who we are.");
    cr_assert_null(json_object_get(v, "body"), "a tombstone has no words");
    cr_assert_null(json_object_get(v, "title"));
    json_decref(v);
    cr_assert_not(listed(id, w->chapter), "withdrawn: not listed");
    cr_assert_eq(item_is_public(c, &e, id), 0);
}

/* The stories page as an outsider sees it: anonymised, never an unshared
 * round; `round` links an item in the commons exactly when `linked`. */
static void stories_page(World *w, int64_t round, bool linked)
{
    Err e = { 0 };
    json_t *v = stories_view(c, &e, w->outsider, "", 1);
    cr_assert_not_null(v, "%s", e.msg);
    char *all = json_dumps(v, 0);
    cr_assert(!strstr(all, "CANARY-UNSHARED"), "an unshared round is never on the page");
    cr_assert(strstr(all, "CANARY-ROUND"), "the shared one is");
    cr_assert(!strstr(all, "Ana Author") && !strstr(all, "Tomas") && !strstr(all, "Drafters"), "anonymised: %s", all);
    free(all);
    cr_assert_eq(json_array_size(json_object_get(v, "mine")), 0, "the outsider shared nothing");
    json_t *x, *found = NULL;
    size_t i;
    json_array_foreach(json_object_get(v, "shared"), i, x) if (json_integer_value(json_object_get(x, "id")) == round) found = x;
    cr_assert_not_null(found, "round %lld is on the page", (long long)round);
    if (round == w->shared) cr_assert_eq(json_array_size(json_object_get(found, "answers")), 3, "with its stories");
    json_t *item = json_object_get(found, "item");
    cr_assert(linked ? json_is_string(json_object_get(item, "slug")) : json_is_null(item),
              "the item is linked only while published");
    json_decref(v);
}

/* The author's own shared rounds: what each became, and which may still be drafted. */
static void mine(World *w, const char *status)
{
    Err e = { 0 };
    json_t *v = stories_view(c, &e, w->author, "challenge", 1);
    cr_assert_not_null(v, "%s", e.msg);
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(v, "shared"), i, x) cr_assert_str_eq(str(x, "kind"), "challenge", "filtered");
    json_t *list = json_object_get(v, "mine");
    cr_assert_eq(json_array_size(list), 2, "the author's shared success and challenge");
    json_array_foreach(list, i, x) {
        bool drafted = json_integer_value(json_object_get(x, "id")) == w->shared;
        cr_assert_eq(json_is_true(json_object_get(x, "can_draft")), !drafted);
        if (drafted) cr_assert_str_eq(str(json_object_get(x, "item"), "status"), status);
        else cr_assert(json_is_null(json_object_get(x, "item")));
    }
    json_decref(v);
    v = stories_view(c, &e, w->teller, "", 1);
    cr_assert_eq(json_array_size(json_object_get(v, "mine")), 0, "the teller's own challenge is not shared");
    json_decref(v);
}

Test(drafts, from_a_shared_round_to_the_commons_only_with_consent, .init = up, .fini = down)
{
    World w;
    world(&w);
    stories_page(&w, w.shared, false);
    int64_t id = drafting(&w);
    mine(&w, "draft");
    the_draft(&w, id);
    stories_page(&w, w.shared, false);
    consenting(&w, id);
    mine(&w, "withdrawn");
    stories_page(&w, w.shared, false);
}

Test(drafts, a_success_has_no_one_to_ask, .init = up, .fini = down)
{
    World w;
    world(&w);
    Err e = { 0 };
    int64_t id = 0;
    cr_assert_eq(draft_from_round(c, &e, w.success, w.author, now_unix(), &id), 0, "%s", e.msg);
    json_t *q = draft_quoted_view(c, &e, id, w.author);
    cr_assert_not_null(q, "%s", e.msg);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(q, "people"), "quoted")), 0);
    cr_assert_not(json_is_true(json_object_get(json_object_get(q, "me"), "is_quoted")), "the author is an author");
    json_decref(q);
    stories_page(&w, w.success, false);
    cr_assert_eq(item_publish(c, &e, id, w.author, now_unix()), 0, "%s", e.msg);
    json_t *v = view(id, 0, 1);
    cr_assert_str_eq(str(v, "status"), "published", "its author's consent is all it needs");
    json_decref(v);
    stories_page(&w, w.success, true);
    stories_page(&w, w.shared, false);
}
