/* routes.c - the commons as the web layer sees it: the {item} loader, and the
 * handlers of items' pages and API. Drafts from meetings are in
 * routes_drafts.c, spread in routes_spread.c, feeds in routes_feeds.c. */
#include "commons/commons.h"

/* {item}: an item by slug, as the caller may see it (built by the items area). */
static int item_path_load(Req *r, const char *key, Err *e)
{
    (void)r, (void)key, (void)e;
    return 0;
}

static const PathLoader loaders[] = {
    { "item", "item in the commons", item_path_load, "Only the item's authors can do this." },
    { NULL },
};

const Feature commons_feature = { .name = "commons", .loaders = loaders };
