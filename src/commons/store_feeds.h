/* store_feeds.h - the SQL of the commons' feeds (store_feeds.c): what a feed's
 * address names and when an item last left the commons. Private to the commons. */
#ifndef GLOCAL_COMMONS_STORE_FEEDS_H
#define GLOCAL_COMMONS_STORE_FEEDS_H

#include "commons/commons.h"

/* A sector by slug: {id, slug, name}. 1, 0 none, -1. */
int feeds_sector(DbConn *c, Err *e, const char *slug, json_t **out);
/* A member credited as an author of at least one published item: {id, name}.
 * 1, 0 (no such member, or none of their items is published: their name
 * stays private), -1. */
int feeds_author(DbConn *c, Err *e, int64_t user_id, json_t **out);
/* When an item last left the feeds (0: never): withdrawn, or back to waiting
 * for consent after an edit or a new name (updated_at of an item published
 * once and no longer published): 0, or -1. */
int feeds_last_departure(DbConn *c, Err *e, int64_t *at);

#endif
