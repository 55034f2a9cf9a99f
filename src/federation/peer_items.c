/* peer_items.c - the commons between peers (issue 17, point 4).
 *
 * Sending: a published commons item is an Article (fed_article_json: its
 * licence's deed in `license`, its code in glocal:licence) attributed to and
 * signed by the node's actor. Unlike chapters and events, which go to the
 * node that approved this one, the commons travels both ways between
 * approved peers: the asking node sends each published item when the Accept
 * arrives (after the chapters), the approving node when it approves (after
 * its Accept); then, from
 * the commons' own transactions (commons/items.c calls fed_item_changed), a
 * Create when an item becomes public, an Update when a published item gets a
 * new revision, and a Delete (a Tombstone) when it stops being public:
 * consent taken back (withdrawn), or back to asking consent after an edit of
 * its words or a person named on it. An item never published sends nothing,
 * not even its id: drafts and items waiting for consent never leave.
 *
 * Receiving an Article is peer_content.c's (the same checks as a Group's or
 * an Event's); here, what its licence is called here. */
#include <stdlib.h>

#include "base/str.h"
#include "commons/commons.h"
#include "federation/ap.h"
#include "settings/settings.h"

#define S(o, k) json_string_value(json_object_get(o, k))

const char *fed_licence_code(const char *code, const char *url)
{
    const Licence *l = licence_find(code);
    if (l) return l->code;
    for (l = licences; url && l->code; l++)
        if (str_eq(l->url, url)) return l->code;
    return "";
}

/* Queues `activity` (stolen) from the node's actor to each of `inboxes`. */
static int queue_node(DbConn *c, Err *e, json_t *inboxes, json_t *activity, int64_t now)
{
    char *text = json_dumps(activity, JSON_COMPACT);
    json_decref(activity);
    if (!text) return err_set(e, E_INTERNAL, "The activity could not be written.");
    int rc = 0;
    size_t i;
    json_t *box;
    json_array_foreach(inboxes, i, box) {
        if (rc == 0) rc = fed_delivery_insert(c, e, "/ap/node", S(box, "inbox"), text, now);
    }
    free(text);
    return rc;
}

/* The activity `type` about `item` (a row of fed_item_row) (new reference). */
static json_t *item_activity(Arena *a, const char *base, const char *type, json_t *item, int64_t now)
{
    json_t *object = fed_article_json(base, item);
    const char *oid = S(object, "id");
    const char *id = arena_printf(a, "%s#%s-%lld", oid, type, (long long)now);
    if (str_eq(type, "Delete")) {
        json_t *tomb = json_pack("{s:s, s:s, s:s}", "id", oid, "type", "Tombstone", "formerType", "Article");
        json_object_set(tomb, "to", json_object_get(object, "to"));
        json_decref(object);
        object = tomb;
    }
    return fed_activity(base, type, id, "/ap/node", object);
}

int fed_peer_share_items(DbConn *c, Err *e, const char *base, const char *inbox, int64_t now)
{
    json_t *items = fed_items_page(c, e, 10000, 0), *it;
    if (!items) return -1;
    json_t *inboxes = json_pack("[{s:s}]", "inbox", inbox);
    int rc = 0;
    size_t i;
    Arena a;
    arena_init(&a, 512);
    json_array_foreach(items, i, it) {
        if ((rc = queue_node(c, e, inboxes, item_activity(&a, base, "Create", it, now), now)) < 0) break;
    }
    arena_release(&a);
    json_decref(inboxes);
    json_decref(items);
    return rc;
}

int fed_item_changed(DbConn *c, Err *e, int64_t item_id, bool was_published)
{
    json_t *inboxes = fed_peer_inboxes_any(c, e), *item = NULL;
    if (!inboxes) return -1;
    Arena a;
    arena_init(&a, 512);
    const char *base = setting_get(c, &a, "public_url", "");
    int rc = json_array_size(inboxes) && !str_empty(base) ? fed_item_row(c, e, item_id, &item) : 0;
    bool now_published = rc > 0 && str_eq(S(item, "status"), "published");
    /* never public, or not a change of what peers see: nothing leaves the node */
    if (rc > 0 && (was_published || now_published)) {
        const char *type = !was_published ? "Create" : now_published ? "Update" : "Delete";
        int64_t now = now_unix();
        rc = queue_node(c, e, inboxes, item_activity(&a, base, type, item, now), now);
    }
    json_decref(item);
    json_decref(inboxes);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}
