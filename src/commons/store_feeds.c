/* store_feeds.c - the SQL of the commons' feeds (see store_feeds.h). */
#include "commons/store_feeds.h"

int feeds_sector(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return db_row(c, e, out, "SELECT id, slug, name FROM sectors WHERE slug = $1", DT(slug));
}

int feeds_author(DbConn *c, Err *e, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.name FROM users u WHERE u.id = $1 AND EXISTS ("
                  " SELECT 1 FROM commons_people p JOIN commons_items i ON i.id = p.item_id"
                  " WHERE p.user_id = u.id AND p.role = 'author' AND i.status = 'published')",
                  DI(user_id));
}

int feeds_last_departure(DbConn *c, Err *e, int64_t *at)
{
    *at = 0;
    int found = db_int64(c, e, at,
                         "SELECT MAX(CASE WHEN status = 'withdrawn' THEN withdrawn_at ELSE updated_at END)"
                         " FROM commons_items WHERE status <> 'published' AND published_at IS NOT NULL");
    return found < 0 ? -1 : 0;
}
