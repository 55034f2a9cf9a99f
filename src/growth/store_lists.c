/* store_lists.c - the SQL of the lists: the chapters flagged on a day (all,
 * those a person runs, those within a place) and the white space. */
#include "growth/store.h"

#define ATTENTION_COLUMNS \
    "SELECT c.id, c.slug, c.name, c.status, m.name AS metro, g.risk_flags" \
    "  FROM growth_days g JOIN chapters c ON c.id = g.scope_id JOIN places m ON m.id = c.metro_id"

json_t *growth_store_attention_all(DbConn *c, Err *e, int64_t day)
{
    return db_rows(c, e,
                   ATTENTION_COLUMNS " WHERE g.day = $1 AND g.scope_kind = 'chapter' AND g.at_risk = 1 AND c.status <> 'closed'"
                   " ORDER BY m.name, c.name",
                   DI(day));
}

json_t *growth_store_attention_run_by(DbConn *c, Err *e, int64_t day, int64_t user_id)
{
    return db_rows(c, e,
                   ATTENTION_COLUMNS " JOIN memberships s ON s.chapter_id = c.id AND s.user_id = $2 AND s.role = 'connector'"
                   " WHERE g.day = $1 AND g.scope_kind = 'chapter' AND g.at_risk = 1 AND c.status <> 'closed'"
                   " ORDER BY c.name",
                   DI(day), DI(user_id));
}

json_t *growth_store_attention_within(DbConn *c, Err *e, int64_t day, const char *place_slug)
{
    return db_rows(c, e,
                   "WITH RECURSIVE down (id) AS (SELECT id FROM places WHERE slug = $2"
                   "  UNION ALL SELECT p.id FROM places p JOIN down ON p.parent_id = down.id) "
                   ATTENTION_COLUMNS " WHERE g.day = $1 AND g.scope_kind = 'chapter' AND g.at_risk = 1 AND c.status <> 'closed'"
                   "   AND c.metro_id IN (SELECT id FROM down)"
                   " ORDER BY m.name, c.name",
                   DI(day), DT(place_slug));
}

json_t *growth_store_white_space(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT u.metro_id, m.name AS metro, m.slug AS metro_slug, u.sector_id, s.name AS sector, s.slug AS sector_slug,"
                   "       count(*) AS people,"
                   "       (SELECT count(*) FROM chapters c WHERE c.metro_id = u.metro_id AND c.sector_id = u.sector_id"
                   "           AND c.status <> 'closed') AS chapters"
                   "  FROM users u JOIN places m ON m.id = u.metro_id JOIN sectors s ON s.id = u.sector_id"
                   " WHERE NOT EXISTS (SELECT 1 FROM memberships x JOIN chapters y ON y.id = x.chapter_id"
                   "                    WHERE x.user_id = u.id AND y.status <> 'closed')"
                   " GROUP BY u.metro_id, m.name, m.slug, u.sector_id, s.name, s.slug"
                   " ORDER BY m.name, s.name");
}

int growth_store_connector_of(DbConn *c, Err *e, int64_t user_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM memberships WHERE user_id = $1 AND role = 'connector'", DI(user_id)) < 0 ? -1 : 0;
}
