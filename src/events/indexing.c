/* indexing.c - events and their formats in the network's search. A public
 * event is a document for everyone, a network event one for those logged in
 * (members_only); an event for its chapter alone is never put in, and one
 * that changes to it, or is cancelled, is taken out. Every format in the
 * catalog is public. Put inside the write that made or changed them, and all
 * of them again when the index is rebuilt. */
#include "base/arena.h"
#include "base/str.h"
#include "events/events.h"
#include "events/store.h"
#include "search/search.h"

static const char *text(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int put_event(DbConn *c, Err *e, json_t *row)
{
    const char *visibility = text(row, "visibility");
    if (str_eq(visibility, "chapter") || str_eq(text(row, "status"), "cancelled"))
        return search_drop(c, e, "event", num(row, "id"));
    Arena a;
    arena_init(&a, 256);
    SearchDoc d = {
        .kind = "event", .ref_id = num(row, "id"), .title = text(row, "title"),
        .body = arena_printf(&a, "%s\n\n%s", text(row, "venue"), text(row, "description")), .markdown = true,
        .url = arena_printf(&a, "/events/%s", text(row, "slug")), .subkind = text(row, "format"),
        .place_id = num(row, "place_id"), .sector_id = num(row, "sector_id"),
        .members_only = str_eq(visibility, "network"), .updated_at = num(row, "updated_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    return rc;
}

static int put_format(DbConn *c, Err *e, json_t *row)
{
    Arena a;
    arena_init(&a, 256);
    SearchDoc d = {
        .kind = "format", .ref_id = num(row, "id"), .title = text(row, "name"),
        .body = arena_printf(&a, "%s\n\n%s", text(row, "summary"), text(row, "description")), .markdown = true,
        .url = arena_printf(&a, "/apps/%s", text(row, "slug")), .updated_at = num(row, "updated_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    return rc;
}

int event_index(DbConn *c, Err *e, int64_t id) { return search_put_rows(c, e, event_search_rows, put_event, id - 1, 1); }
int format_index(DbConn *c, Err *e, int64_t id) { return search_put_rows(c, e, app_search_rows, put_format, id - 1, 1); }

int events_reindex(DbConn *c, Err *e)
{
    if (search_put_rows(c, e, app_search_rows, put_format, 0, 1000) < 0) return -1;
    return search_put_rows(c, e, event_search_rows, put_event, 0, 1000);
}
