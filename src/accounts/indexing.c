/* indexing.c - members in the network's search: each account is a document
 * only those logged in find (members_only), with what any member sees on
 * the member's profile — name, organisation, bio, city and sector, never the
 * e-mail address. Put inside the write that made or changed the account, and
 * all of them again when the index is rebuilt. */
#include "accounts/accounts.h"
#include "base/arena.h"
#include "search/search.h"

static const char *text(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int put_member(DbConn *c, Err *e, json_t *row)
{
    Arena a;
    arena_init(&a, 256);
    SearchDoc d = {
        .kind = "member", .ref_id = num(row, "id"), .title = text(row, "name"),
        .body = arena_printf(&a, "%s\n\n%s", text(row, "organisation"), text(row, "bio")), .markdown = true,
        .url = arena_printf(&a, "/members/%lld", (long long)num(row, "id")), .place_id = num(row, "metro_id"),
        .sector_id = num(row, "sector_id"), .members_only = true, .updated_at = num(row, "created_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    return rc;
}

int member_index(DbConn *c, Err *e, int64_t id)
{
    return search_put_rows(c, e, user_search_rows, put_member, id - 1, 1);
}

int accounts_reindex(DbConn *c, Err *e)
{
    return search_put_rows(c, e, user_search_rows, put_member, 0, 1000);
}
