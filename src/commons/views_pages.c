/* views_pages.c - what the commons' pages show besides one item (views.c):
 * the home, the line of adaptations, an item's history and one revision,
 * the tags, an author's page, a member's own items and the choices of the
 * new-item form. Every list others may see holds published items only (the
 * store's statements filter on it first); a withdrawn item in a line of
 * adaptations is shown as what it is, a tombstone, without its title. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "commons/store.h"

static int64_t num(json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

static const char *text(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

/* A page of a list: asks one more than shown to know whether there is more. */
enum { PAGE_SIZE = 12 };

static json_t *page_of(DbConn *c, Err *e, ItemFilter *f, int64_t page, json_t *into)
{
    f->limit = PAGE_SIZE + 1;
    f->offset = (page > 0 ? page : 0) * PAGE_SIZE;
    json_t *list = items_list(c, e, f);
    if (!list) {
        json_decref(into);
        return NULL;
    }
    bool more = json_array_size(list) > PAGE_SIZE;
    if (more) json_array_remove(list, PAGE_SIZE);
    json_object_set_new(into, "items", list);
    json_object_set_new(into, "has_more", json_boolean(more));
    json_object_set_new(into, "page", json_integer(page > 0 ? page : 0));
    if (more) json_object_set_new(into, "next_page", json_integer((page > 0 ? page : 0) + 1));
    if (page > 0) json_object_set_new(into, "prev_page", json_integer(page - 1));
    return into;
}

json_t *commons_home_view(DbConn *c, Err *e, const char *kind, int64_t page)
{
    ItemFilter f = { .kind = item_kind_valid(kind) ? kind : NULL };
    json_t *v = page_of(c, e, &f, page, json_object());
    if (!v) return NULL;
    json_t *used = items_most_spread(c, e, 5), *tags = commons_tag_count_rows(c, e, 40, 0);
    if (!used || !tags) {
        json_decref(used), json_decref(tags), json_decref(v);
        return NULL;
    }
    size_t i;
    json_t *x;
    json_array_foreach(used, i, x) {
        int64_t uses = num(x, "uses"), places = num(x, "places");
        json_object_set_new(x, "kind_name", json_string(item_kind_label(text(x, "kind"))));
        char times[96], where[96];
        snprintf(times, sizeof times, trn("used %lld time", "used %lld times", uses), (long long)uses);
        snprintf(where, sizeof where, trn("in %lld place", "in %lld places", places), (long long)places);
        json_object_set_new(x, "uses_label", json_sprintf("%s, %s", times, where));
    }
    json_object_set_new(v, "most_used", used);
    json_object_set_new(v, "tags", tags);
    if (f.kind) json_object_set_new(v, "kind", json_string(f.kind));
    return v;
}

/* ---------- the line of adaptations ---------- */

enum { LINE_MAX = 500 };

json_t *item_line_view(DbConn *c, Err *e, int64_t item_id, int64_t root_id)
{
    json_t *rows = commons_line_rows(c, e, root_id ? root_id : item_id);
    if (!rows) return NULL;
    size_t n = json_array_size(rows) < LINE_MAX ? json_array_size(rows) : LINE_MAX;
    json_t *nodes[LINE_MAX] = { 0 };
    int64_t ids[LINE_MAX] = { 0 }, parent[LINE_MAX] = { 0 };
    json_t *top = json_array();
    int64_t count = 0;
    for (size_t i = 0; i < n; i++) {   /* by depth: a parent is met before its children */
        json_t *row = json_array_get(rows, i);
        ids[i] = num(row, "id");
        parent[i] = num(row, "based_on_id");
        bool published = str_eq(text(row, "status"), "published");
        if (!published && !str_eq(text(row, "status"), "withdrawn")) continue;
        nodes[i] = json_pack("{s:s, s:s, s:s, s:b, s:I, s:b, s:o, s:b}", "slug", text(row, "slug"), "title",
                             published ? text(row, "title") : "", "status", text(row, "status"), "is_tombstone",
                             !published, "depth", (json_int_t)num(row, "depth"), "is_current", ids[i] == item_id,
                             "children", json_array(), "has_children", 0);
        json_t *home = top;
        for (size_t p = 0; p < i; p++)
            if (ids[p] == parent[i] && nodes[p]) {
                home = json_object_get(nodes[p], "children");
                json_object_set_new(nodes[p], "has_children", json_true());
            }
        json_array_append_new(home, nodes[i]);
        /* an adaptation of this item, at any depth: its chain of parents reaches it */
        for (int64_t up = parent[i]; up && published;) {
            if (up == item_id) {
                count++;
                break;
            }
            size_t p = 0;
            while (p < i && ids[p] != up) p++;
            up = p < i ? parent[p] : 0;
        }
    }
    json_decref(rows);
    return json_pack("{s:o, s:I}", "adaptations", top, "adaptation_count", (json_int_t)count);
}

/* ---------- history ---------- */

static json_t *licence_of(const char *code)
{
    const Licence *l = licence_find(code);
    if (!l) l = &licences[0];
    return json_pack("{s:s, s:s, s:s}", "code", l->code, "name", l->name, "url", l->url);
}

json_t *item_history_view(DbConn *c, Err *e, int64_t item_id)
{
    json_t *rows = commons_revision_rows(c, e, item_id);
    if (!rows) return NULL;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        json_object_set_new(x, "licence", licence_of(text(x, "licence")));
        json_object_set_new(x, "tags", item_tags_json(text(x, "tags")));
        json_object_set_new(x, "is_first", json_boolean(num(x, "number") == 1));
        json_object_del(x, "edited_by");
    }
    return json_pack("{s:o}", "revisions", rows);
}

int item_revision_view(DbConn *c, Err *e, int64_t item_id, int64_t number, json_t **out)
{
    int found = commons_revision_row(c, e, item_id, number, out);
    if (found <= 0) return found;
    json_object_set_new(*out, "licence", licence_of(text(*out, "licence")));
    json_object_set_new(*out, "tags", item_tags_json(text(*out, "tags")));
    json_object_del(*out, "edited_by");
    return 1;
}

/* ---------- tags, authors, a member's own ---------- */

json_t *commons_tags_view(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    json_t *tags = commons_tag_count_rows(c, e, limit, offset);
    return tags ? json_pack("{s:o}", "tags", tags) : NULL;
}

int commons_author_view(DbConn *c, Err *e, int64_t user_id, int64_t page, json_t **out)
{
    json_t *author = NULL;
    *out = NULL;
    int found = commons_author_row(c, e, user_id, &author);
    if (found <= 0) return found;
    json_object_del(author, "bio");
    ItemFilter f = { .author_id = user_id };
    json_t *v = page_of(c, e, &f, page, json_pack("{s:o}", "author", author));
    if (!v) return -1;
    if (json_array_size(json_object_get(v, "items")) == 0 && page == 0) {   /* nothing public: no page */
        json_decref(v);
        return 0;
    }
    *out = v;
    return 1;
}

static const char *const mine_lists[] = { "waiting", "drafts", "published", "withdrawn" };

/* {waiting, drafts, published, withdrawn, total}: how many rows each list has. */
static json_t *mine_counts(DbConn *c, Err *e, int64_t user_id)
{
    json_t *rows = commons_mine_counts(c, e, user_id);
    if (!rows) return NULL;
    json_t *counts = json_pack("{s:i, s:i, s:i, s:i}", "waiting", 0, "drafts", 0, "published", 0, "withdrawn", 0);
    int64_t total = 0;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        int64_t list = json_integer_value(json_object_get(x, "list")), n = json_integer_value(json_object_get(x, "n"));
        if (list >= 0 && list < 4) json_object_set_new(counts, mine_lists[list], json_integer(n));
        total += n;
    }
    json_decref(rows);
    json_object_set_new(counts, "total", json_integer(total));
    return counts;
}

json_t *commons_mine_view(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset)
{
    json_t *rows = commons_mine_rows(c, e, user_id, limit, offset);
    json_t *counts = rows ? mine_counts(c, e, user_id) : NULL;
    if (!counts) {
        json_decref(rows);
        return NULL;
    }
    json_t *v = json_pack("{s:o, s:o, s:[], s:[], s:[], s:[]}", "items", rows, "counts", counts, "waiting", "drafts",
                          "published", "withdrawn");
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *status = text(x, "status");
        json_object_set_new(x, "kind_name", json_string(item_kind_label(text(x, "kind"))));
        json_object_set_new(x, "status_label", json_string(item_status_label(status)));
        bool author = str_eq(text(x, "role"), "author");
        json_object_set_new(x, "is_author", json_boolean(author));
        /* where they read it and answer: a quoted member on the page made for them */
        json_object_set_new(x, "href", json_sprintf("/commons/%s%s", text(x, "slug"), author ? "" : "/quoted"));
        int64_t n = json_integer_value(json_object_get(x, "list"));
        const char *list = mine_lists[n >= 0 && n < 4 ? n : 1];
        json_object_set_new(x, "list", json_string(list));
        if (str_eq(list, "withdrawn")) json_object_del(x, "title");   /* a tombstone, for everyone */
        if ((int64_t)i < limit - 1) json_array_append(json_object_get(v, list), x);   /* the page's, not the row that says more follow */
    }
    return v;
}

json_t *commons_origin_options(DbConn *c, Err *e, int64_t user_id)
{
    json_t *chapters = commons_my_chapter_rows(c, e, user_id), *events = commons_my_event_rows(c, e, user_id);
    if (!chapters || !events) {
        json_decref(chapters), json_decref(events);
        return NULL;
    }
    return json_pack("{s:o, s:o}", "chapters", chapters, "events", events);
}

int commons_member_find(DbConn *c, Err *e, const char *email, int64_t *id)
{
    json_t *row = NULL;
    *id = 0;
    int found = commons_user_by_email(c, e, email, &row);
    if (found > 0) *id = num(row, "id");
    json_decref(row);
    return found;
}
