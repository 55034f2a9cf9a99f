/* routes.c - the commons as the web layer sees it: the {item} loader and the
 * Feature. The handlers of items' pages and API are in routes_items.c; drafts
 * from meetings in routes_drafts.c, spread in routes_spread.c, feeds in
 * routes_feeds.c. */
#include "commons/commons.h"

/* {item}: an item by slug, as the caller may see it (404 when they may not:
 * a draft seen by someone not named on it); the caller manages it when they
 * are one of its authors and it is not withdrawn. */
static int item_path_load(Req *r, const char *key, Err *e)
{
    json_t *v = NULL;
    int found = item_view(r->db, e, key, r->me.id, &v);
    if (found <= 0) return found;
    r->object = v;
    r->object_id = json_integer_value(json_object_get(v, "id"));
    r->object_manager = json_is_true(json_object_get(v, "can_edit"));
    return 1;
}

static const PathLoader loaders[] = {
    { "item", "item in the commons", item_path_load, "Only the item's authors can do this." },
    { NULL },
};

const Feature commons_feature = { .name = "commons", .loaders = loaders };
