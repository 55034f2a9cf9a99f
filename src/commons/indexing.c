/* indexing.c - the commons in the network's search: a published item is a
 * document (search_put while published, search_drop when it stops being),
 * and the whole commons again when the index is rebuilt. */
#include "base/str.h"
#include "commons/commons.h"
#include "commons/store.h"
#include "search/search.h"

static const char *text(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

int item_index(DbConn *c, Err *e, int64_t id)
{
    json_t *row = NULL;
    int found = commons_item_row(c, e, id, &row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such item in the commons.");
    Arena a;
    arena_init(&a, 512);
    SearchDoc d = {
        .kind = "item",
        .ref_id = id,
        .title = text(row, "title"),
        .body = arena_printf(&a, "%s\n\n%s", text(row, "summary"), text(row, "body")),
        .url = arena_printf(&a, "/commons/%s", text(row, "slug")),
        .tags = text(row, "tags"),
        .subkind = text(row, "kind"),
        .licence = text(row, "licence"),
        .markdown = true,
        .place_id = num(row, "place_id"),
        .sector_id = num(row, "sector_id"),
        .updated_at = num(row, "updated_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    json_decref(row);
    return rc;
}

int commons_reindex(DbConn *c, Err *e)
{
    json_t *ids = commons_published_ids(c, e);
    if (!ids) return -1;
    int rc = 0;
    size_t i;
    json_t *row;
    json_array_foreach(ids, i, row) if ((rc = item_index(c, e, num(row, "id"))) < 0) break;
    json_decref(ids);
    return rc;
}
