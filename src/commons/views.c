/* views.c - the commons' items as a caller may see them. Every read others
 * may see filters on visibility first: a published item shows its words to
 * everyone, a withdrawn one is a tombstone (its address, when, the reason) for
 * everyone, and drafts and items waiting for consent exist only for the people
 * named on them (commons.h). */
#include <string.h>

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

static json_t *licence_json(const char *code)
{
    const Licence *l = licence_find(code);
    if (!l) l = &licences[0];
    return json_pack("{s:s, s:s, s:s, s:s}", "code", l->code, "name", l->name, "title", l->title, "url", l->url);
}

/* {id, <name>, slug} from the row's id_key, name_key and slug_key, or null. */
static json_t *ref(json_t *row, const char *id_key, const char *name, const char *name_key, const char *slug_key)
{
    if (!num(row, id_key)) return json_null();
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)num(row, id_key), name, text(row, name_key), "slug",
                     text(row, slug_key));
}

/* What a list shows of a published item (the row of commons_item_row or of
 * commons_item_rows), without the authors. */
static json_t *item_brief(json_t *row, bool with_body)
{
    json_t *v = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:o, s:o, s:s, s:s?, s:o, s:o, s:I, s:I, s:O?, s:I}",
                          "id", (json_int_t)num(row, "id"), "slug", text(row, "slug"), "kind", text(row, "kind"),
                          "kind_name", item_kind_label(text(row, "kind")), "title", text(row, "title"), "summary",
                          text(row, "summary"), "licence", licence_json(text(row, "licence")), "tags",
                          item_tags_json(text(row, "tags")), "origin", text(row, "origin"), "origin_name",
                          item_origin_name(text(row, "origin")), "place",
                          ref(row, "place_id", "name", "place_name", "place_slug"), "sector",
                          ref(row, "sector_id", "name", "sector_name", "sector_slug"), "depth",
                          (json_int_t)num(row, "depth"), "revision", (json_int_t)num(row, "revision"), "published_at",
                          json_object_get(row, "published_at"), "updated_at", (json_int_t)num(row, "updated_at"));
    if (with_body) {
        json_object_set_new(v, "body", json_string(text(row, "body")));
        json_object_set_new(v, "url", json_string(text(row, "url")));
    }
    return v;
}

static json_t *tombstone(json_t *row)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:O, s:s}", "id", (json_int_t)num(row, "id"), "slug", text(row, "slug"),
                     "status", "withdrawn", "status_label", item_status_label("withdrawn"), "is_tombstone", 1,
                     "withdrawn_at", json_object_get(row, "withdrawn_at"), "withdrawn_reason",
                     text(row, "withdrawn_reason"));
}

/* What the viewer is to the item, from its people rows. */
static ItemRel relation(json_t *people, int64_t viewer)
{
    ItemRel rel = { .logged_in = viewer > 0 };
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p) {
        if (!viewer || num(p, "id") != viewer) continue;
        rel.author = str_eq(text(p, "role"), "author");
        rel.quoted = !rel.author;
        rel.consent = text(p, "consent");
    }
    return rel;
}

static json_t *based_on(json_t *row)
{
    if (!num(row, "based_on_id")) return json_null();
    bool shown = str_eq(text(row, "based_on_status"), "published");
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)num(row, "based_on_id"), "slug",
                     text(row, "based_on_slug"), "title", shown ? text(row, "based_on_title") : "",
                     "status", text(row, "based_on_status"));
}

/* The full item for someone who may read it. */
static json_t *item_full(json_t *row, json_t *people, const ItemRel *rel)
{
    json_t *v = item_brief(row, true);
    const char *status = text(row, "status");
    json_t *authors = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p) if (str_eq(text(p, "role"), "author"))
        json_array_append_new(authors, json_pack("{s:I, s:s}", "id", (json_int_t)num(p, "id"), "name", text(p, "name")));
    bool public_event = str_eq(text(row, "event_visibility"), "public");
    Err x = { 0 };
    json_object_update_new(v, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:O?, s:I, s:I, s:b, s:b, s:b, s:b, s:b, s:s?}",
        "status", status, "status_label", item_status_label(status), "authors", authors,
        "chapter", ref(row, "chapter_id", "name", "chapter_name", "chapter_slug"),
        "event", public_event ? ref(row, "event_id", "title", "event_title", "event_slug") : json_null(),
        "based_on", based_on(row), "root_id", json_object_get(row, "root_id"), "created_at",
        (json_int_t)num(row, "created_at"), "created_by", (json_int_t)num(row, "created_by"),
        "can_edit", item_may(IA_EDIT, status, rel, &x) == 0, "can_publish", item_may(IA_PUBLISH, status, rel, &x) == 0,
        "can_consent", item_may(IA_CONSENT, status, rel, &x) == 0, "can_add_people",
        item_may(IA_ADD_PERSON, status, rel, &x) == 0, "can_adapt", item_may(IA_ADAPT, status, rel, &x) == 0,
        "my_consent", rel->consent));
    if (rel->author || rel->quoted) {   /* those named see who else is and where their consent stands */
        json_t *named = json_array();
        json_array_foreach(people, i, p)
            json_array_append_new(named, json_pack("{s:I, s:s, s:s, s:s, s:O?}", "id", (json_int_t)num(p, "id"),
                                                   "name", text(p, "name"), "role", text(p, "role"), "consent",
                                                   text(p, "consent"), "consent_at", json_object_get(p, "consent_at")));
        json_object_set_new(v, "people", named);
    }
    return v;
}

int item_view_id(DbConn *c, Err *e, int64_t id, int64_t viewer, json_t **out)
{
    json_t *row = NULL, *people = NULL;
    *out = NULL;
    int found = commons_item_row(c, e, id, &row);
    if (found <= 0) return found;
    if (!(people = commons_people_rows(c, e, id))) {
        json_decref(row);
        return -1;
    }
    ItemRel rel = relation(people, viewer);
    int shown = item_visibility(text(row, "status"), &rel);
    if (shown == 2) *out = item_full(row, people, &rel);
    else if (shown == 1) *out = tombstone(row);
    json_decref(row);
    json_decref(people);
    return shown ? 1 : 0;
}

int item_view(DbConn *c, Err *e, const char *slug, int64_t viewer, json_t **out)
{
    int64_t id = 0;
    *out = NULL;
    int found = commons_item_id(c, e, slug, &id);
    if (found <= 0) return found;
    return item_view_id(c, e, id, viewer, out);
}

int item_is_public(DbConn *c, Err *e, int64_t id)
{
    json_t *row = NULL;
    int found = commons_item_row(c, e, id, &row);
    if (found <= 0) return found;
    bool pub = str_eq(text(row, "status"), "published");
    json_decref(row);
    return pub ? 1 : 0;
}

json_t *items_list(DbConn *c, Err *e, const ItemFilter *f)
{
    json_t *rows = commons_item_rows(c, e, f);
    if (!rows) return NULL;
    json_t *list = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_t *authors = commons_author_rows(c, e, num(row, "id"));
        if (!authors) {
            json_decref(list);
            list = NULL;
            break;
        }
        json_t *v = item_brief(row, f->with_body);
        json_object_set_new(v, "authors", authors);
        json_array_append_new(list, v);
    }
    json_decref(rows);
    return list;
}
