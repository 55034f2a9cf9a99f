/* indexing.c - the registry in the network's search: every chapter and every
 * place is a public document (search/search.h), put inside the write that
 * made or changed it, and all of them again when the index is rebuilt. */
#include "base/arena.h"
#include "base/str.h"
#include "network/network.h"
#include "network/store.h"
#include "search/search.h"

static const char *text(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int put_chapter(DbConn *c, Err *e, json_t *row)
{
    Arena a;
    arena_init(&a, 256);
    SearchDoc d = {
        .kind = "chapter", .ref_id = num(row, "id"), .title = text(row, "name"), .body = text(row, "description"),
        .markdown = true, .url = arena_printf(&a, "/chapters/%s", text(row, "slug")), .place_id = num(row, "metro_id"),
        .sector_id = num(row, "sector_id"), .updated_at = num(row, "updated_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    return rc;
}

static const char *const place_kinds[][2] = { { "country", "Country" }, { "region", "Region" }, { "metro", "City" } };

static int put_place(DbConn *c, Err *e, json_t *row)
{
    Arena a;
    arena_init(&a, 256);
    const char *kind = text(row, "kind"), *parent = text(row, "parent_name");
    for (size_t i = 0; i < sizeof place_kinds / sizeof *place_kinds; i++)
        if (str_eq(kind, place_kinds[i][0])) kind = place_kinds[i][1];
    SearchDoc d = {
        .kind = "place", .ref_id = num(row, "id"), .title = text(row, "name"),
        .body = *parent ? arena_printf(&a, "%s in %s", kind, parent) : kind,
        .url = arena_printf(&a, "/places/%s", text(row, "slug")), .subkind = text(row, "kind"),
        .place_id = num(row, "id"), .updated_at = num(row, "created_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    return rc;
}

int chapter_index(DbConn *c, Err *e, int64_t id) { return search_put_rows(c, e, chapter_search_rows, put_chapter, id - 1, 1); }
int place_index(DbConn *c, Err *e, int64_t id) { return search_put_rows(c, e, place_search_rows, put_place, id - 1, 1); }

int network_reindex(DbConn *c, Err *e)
{
    if (search_put_rows(c, e, place_search_rows, put_place, 0, 1000) < 0) return -1;
    return search_put_rows(c, e, chapter_search_rows, put_chapter, 0, 1000);
}
