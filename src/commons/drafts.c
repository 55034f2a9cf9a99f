/* drafts.c - from confidential to commons, only with consent: a success or
 * challenge its author shared with the network (rounds.is_shared: their
 * consent to share it anonymised), with the stories it got, becomes a draft
 * item of kind "story" in one transaction. Its author is its first author
 * (item_create); every member whose story it quotes is named "quoted"
 * (item_add_person), so that item_publish asks them and nothing is public
 * until all of them consent. Also the reads of the shared stories page and of
 * the page where a quoted member reads the draft (see commons.h). */
#include <string.h>

#include "base/str.h"
#include "commons/store_drafts.h"

static int64_t num(const json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

static const char *text(const json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

typedef struct DraftTx {
    int64_t round_id, by, now;
    int64_t item_id;   /* out */
} DraftTx;

/* Who may draft this round: only its author, only once it is shared, only once. */
static int draft_allowed(const json_t *round, const DraftTx *d, Err *e)
{
    const char *what = str_eq(text(round, "kind"), "challenge") ? "challenge" : "success";
    if (num(round, "user_id") != d->by)
        return err_set(e, E_FORBIDDEN, "Only the member who shared this %s can make a commons draft of it.", what);
    if (!json_is_true(json_object_get(round, "is_shared")))
        return err_set(e, E_CONFLICT,
                       "This %s is not shared with the network. Share it from its meeting first (anonymised, with your "
                       "consent); then you can make a commons draft of it.", what);
    if (num(round, "item_id"))
        return err_set(e, E_CONFLICT, "A commons draft was already made from this %s: /commons/%s.", what,
                       text(round, "item_slug"));
    return 0;
}

/* Names each member whose story the draft quotes (once each; never the author). */
static int name_quoted(DbConn *c, Err *e, const DraftTx *d, json_t *stories, int included)
{
    for (int i = 0; i < included; i++) {
        int64_t who = num(json_array_get(stories, (size_t)i), "user_id");
        bool seen = who == d->by;
        for (int k = 0; k < i && !seen; k++) seen = num(json_array_get(stories, (size_t)k), "user_id") == who;
        if (!seen && item_add_person(c, e, d->item_id, who, "quoted", d->by, d->now) < 0) return -1;
    }
    return 0;
}

static int draft_tx(DbConn *c, void *ctx, Err *e)
{
    DraftTx *d = ctx;
    json_t *round = NULL, *stories = NULL;
    int rc = -1;
    Arena a;
    arena_init(&a, 4096);
    int found = draft_round_row(c, e, d->round_id, &round);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no success or challenge numbered %lld.", (long long)d->round_id);
        goto done;
    }
    if (draft_allowed(round, d, e) < 0 || !(stories = draft_round_stories(c, e, d->round_id))) goto done;
    int n = (int)json_array_size(stories);
    const char **words = arena_alloc(&a, sizeof *words * (size_t)(n + 1));
    for (int i = 0; i < n; i++) words[i] = text(json_array_get(stories, (size_t)i), "body");
    DraftSource src = { text(round, "kind"), text(round, "body"), text(round, "place"), text(round, "sector"), words, n };
    DraftText t;
    draft_compose(&a, &src, &t);
    ItemIn in = {
        .kind = "story", .title = t.title, .summary = t.summary, .body = t.body, .tags = t.tags, .note = t.note,
        .origin = "meeting", .chapter_id = num(round, "chapter_id"), .meeting_id = num(round, "meeting_id"),
        .round_id = d->round_id, .place_id = num(round, "place_id"), .sector_id = num(round, "sector_id"),
        .by = d->by, .now = d->now,
    };
    FieldErrs f = { &a, NULL, 0 };
    if (item_create(c, e, &in, &f, &d->item_id) < 0) goto done;
    rc = name_quoted(c, e, d, stories, t.included);
done:
    json_decref(round);
    json_decref(stories);
    arena_release(&a);
    return rc;
}

int draft_from_round(DbConn *c, Err *e, int64_t round_id, int64_t by, int64_t now, int64_t *item_id)
{
    DraftTx d = { round_id, by, now ? now : now_unix(), 0 };
    if (db_write(c, draft_tx, &d, e) < 0) return -1;
    *item_id = d.item_id;
    return 0;
}

/* ---------- the shared stories page ---------- */

/* What became of a draft, as its author reads it. */
static const char *draft_status_label(const char *status)
{
    if (str_eq(status, "draft")) return "Your draft";
    if (str_eq(status, "consenting")) return "Waiting for consent";
    if (str_eq(status, "published")) return "Published";
    if (str_eq(status, "withdrawn")) return "Withdrawn";
    return status;
}

/* {slug, title} of the item named in a row's item_* columns, or null; the columns go. */
static json_t *item_ref(json_t *row, bool with_status)
{
    json_t *ref = json_null();
    if (json_is_string(json_object_get(row, "item_slug"))) {
        ref = json_pack("{s:O, s:O}", "slug", json_object_get(row, "item_slug"), "title", json_object_get(row, "item_title"));
        if (with_status) {
            const char *status = text(row, "item_status");
            json_object_set_new(ref, "status", json_string(status));
            json_object_set_new(ref, "status_label", json_string(draft_status_label(status)));
        }
    }
    json_object_del(row, "item_slug");
    json_object_del(row, "item_title");
    json_object_del(row, "item_status");
    return ref;
}

static json_t *shared_page(DbConn *c, Err *e, const char *kind, int64_t page)
{
    int64_t offset = (page - 1) * STORIES_PAGE;
    json_t *rounds = shared_round_rows(c, e, kind, STORIES_PAGE + 1, offset);
    json_t *stories = rounds ? shared_story_rows(c, e, kind, STORIES_PAGE, offset) : NULL;
    if (!stories) {
        json_decref(rounds);
        return NULL;
    }
    bool more = json_array_size(rounds) > STORIES_PAGE;
    if (more) json_array_remove(rounds, STORIES_PAGE);
    size_t i, k;
    json_t *x, *s;
    json_array_foreach(rounds, i, x) {
        json_t *answers = json_array();
        json_array_foreach(stories, k, s)
            if (num(s, "round_id") == num(x, "id")) json_array_append_new(answers, json_pack("{s:O}", "body", json_object_get(s, "body")));
        json_object_set_new(x, "answers", answers);
        json_object_set_new(x, "is_challenge", json_boolean(str_eq(text(x, "kind"), "challenge")));
        json_object_set_new(x, "item", item_ref(x, false));
    }
    json_decref(stories);
    return json_pack("{s:o, s:I, s:b, s:s}", "shared", rounds, "page", (json_int_t)page, "has_more", more, "kind",
                     kind ? kind : "");
}

json_t *stories_view(DbConn *c, Err *e, int64_t viewer, const char *kind, int64_t page)
{
    json_t *v = shared_page(c, e, kind, page);
    if (!v || !viewer) return v;
    json_t *mine = own_shared_rows(c, e, viewer, 100);
    if (!mine) {
        json_decref(v);
        return NULL;
    }
    size_t i;
    json_t *x;
    json_array_foreach(mine, i, x) {
        json_object_set_new(x, "chapter", json_pack("{s:O, s:O}", "name", json_object_get(x, "chapter_name"), "slug",
                                                    json_object_get(x, "chapter_slug")));
        json_object_del(x, "chapter_name");
        json_object_del(x, "chapter_slug");
        json_t *ref = item_ref(x, true);
        json_object_set_new(x, "can_draft", json_boolean(json_is_null(ref)));
        json_object_set_new(x, "is_challenge", json_boolean(str_eq(text(x, "kind"), "challenge")));
        json_object_set_new(x, "item", ref);
    }
    json_object_set_new(v, "mine", mine);
    return v;
}

/* ---------- the page of a quoted member ---------- */

json_t *draft_quoted_view(DbConn *c, Err *e, int64_t item_id, int64_t viewer)
{
    json_t *counts = NULL, *me = NULL, *v = NULL;
    json_t *stories = quoted_story_rows(c, e, item_id, viewer);
    int named = stories ? named_person_row(c, e, item_id, viewer, &me) : -1;
    if (named < 0 || quoted_counts_row(c, e, item_id, &counts) < 0) goto done;
    if (me) {
        json_object_set_new(me, "is_quoted", json_boolean(str_eq(text(me, "role"), "quoted")));
        json_object_set_new(me, "has_consented", json_boolean(str_eq(text(me, "consent"), "given")));
        json_object_set_new(me, "has_withdrawn", json_boolean(str_eq(text(me, "consent"), "withdrawn")));
    }
    v = json_pack("{s:O, s:O?, s:{s:I, s:I}}", "stories", stories, "me", me, "people", "quoted",
                  (json_int_t)num(counts, "quoted"), "consented", (json_int_t)num(counts, "consented"));
done:
    json_decref(stories);
    json_decref(me);
    json_decref(counts);
    return v;
}
