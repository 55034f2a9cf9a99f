/* peer_uses.c - uses of the commons across nodes (issue 17, point 4).
 *
 * A chapter of a peer node that used one of this node's items tells it with
 * an Add, signed by the chapter's Group, whose object is a glocal Use:
 *
 *   {"type": "Add", "actor": PEER/ap/chapters/SLUG, "target": ITEM,
 *    "object": {"type": "Use", "id": PEER/...,            (the use's id there)
 *               "item": THIS/ap/commons/SLUG,             (the Article's id)
 *               "chapter": {"id": PEER/ap/chapters/SLUG, "name": "..."},
 *               "placePath": [{"name", "id": PEER/ap/places/SLUG}, ...],
 *               "usedOn": "YYYY-MM-DD", "outcome": "worked"|"mixed"|"did_not_work"}}
 *
 * It is taken only from an approved peer's host, about a Use on that host
 * (403 otherwise, nothing stored, as for the peers' Groups and Events), of an
 * item published here (404); the commons keeps it (use_remote_record) and
 * counts it in the item's spread: its chapter, its city (the place path's
 * last place: one of this node's metros when its slug names one) and its
 * country (the first). The same Use twice is one use. */
#include <string.h>

#include "base/str.h"
#include "commons/commons.h"
#include "federation/ap.h"

#define S(o, k) json_string_value(json_object_get(o, k))

/* The slug that ends a place's id in a place path entry ("" when none). */
static const char *slug_of(json_t *place)
{
    const char *id = S(place, "id"), *slash = id ? strrchr(id, '/') : NULL;
    return slash ? slash + 1 : "";
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

int fed_peer_use(DbConn *c, Err *e, Arena *a, FedIncoming *in, const char *actor)
{
    json_t *use = json_object_get(in->activity, "object");
    if (!str_eq(S(use, "type"), "Use")) return 0;   /* not a use: none of peering's business */
    const char *host = fed_host_of(a, actor), *uid = fed_id_of(use);
    int64_t peer = 0;
    if (fed_peer_approved_on(c, e, host, &peer) < 0) return -1;
    if (!peer) return err_set(e, E_FORBIDDEN, "%s is not an approved peer of this node: nothing it sends is taken in.", host);
    if (!uid || !str_eq(fed_host_of(a, uid), host)) return err_set(e, E_FORBIDDEN, "Only the node a use was recorded on may tell of it.");
    const char *item = fed_id_of(json_object_get(use, "item"));
    const char *prefix = arena_printf(a, "%s/ap/commons/", in->base);
    if (!item || !str_starts(item, prefix) || !item[strlen(prefix)] || strchr(item + strlen(prefix), '/'))
        return err_set(e, E_NOT_FOUND, "%s is not an item of this node.", item ? item : "The Use's item");
    json_t *chapter = json_object_get(use, "chapter"), *path = json_object_get(use, "placePath");
    size_t n = json_array_size(path);
    json_t *first = n ? json_array_get(path, 0) : NULL, *last = n ? json_array_get(path, n - 1) : NULL;
    RemoteUseIn u = { .item_slug = item + strlen(prefix), .use_url = uid, .host = host,
                      .chapter_url = or_empty(fed_id_of(chapter)), .chapter_name = or_empty(S(chapter, "name")),
                      .city = n > 1 ? or_empty(S(last, "name")) : "", .city_slug = n > 1 ? slug_of(last) : "",
                      .country = or_empty(S(first, "name")), .country_slug = first ? slug_of(first) : "",
                      .used_on = or_empty(S(use, "usedOn")), .outcome = or_empty(S(use, "outcome")), .now = in->now };
    if (!str_eq(fed_host_of(a, u.chapter_url), host))
        return err_set(e, E_FORBIDDEN, "A Use names a chapter of the node it was recorded on.");
    return use_remote_record(c, e, &u) < 0 ? -1 : 1;
}
