/* store_lists.c - the SQL of the commons' lists: published items by filter
 * (home, tag, author, place, sector, chapter and event pages, the feeds), the
 * line of adaptations, tag counts, the most used, a member's own items.
 * Every statement that others may see names status = 'published' first. */
#include "commons/store.h"

json_t *commons_item_rows(DbConn *c, Err *e, const ItemFilter *f)
{
    int64_t limit = f->limit > 0 && f->limit <= 200 ? f->limit : 30;
    int64_t offset = f->offset > 0 ? f->offset : 0;
    return db_rows(c, e,
                   "SELECT i.id, i.slug, i.kind, i.title, i.summary, i.body, i.url, i.licence, i.tags, i.status,"
                   " i.place_id, p.name AS place_name, p.slug AS place_slug, i.sector_id, s.name AS sector_name,"
                   " s.slug AS sector_slug, i.origin, i.depth, i.revision, i.published_at, i.updated_at"
                   " FROM commons_items i"
                   " LEFT JOIN places p ON p.id = i.place_id"
                   " LEFT JOIN sectors s ON s.id = i.sector_id"
                   " WHERE i.status = 'published'"
                   " AND ($1 = '' OR EXISTS (SELECT 1 FROM commons_tags t WHERE t.item_id = i.id AND t.tag = $1))"
                   " AND ($2 = '' OR i.kind = $2) AND ($3 = '' OR i.licence = $3)"
                   " AND ($4 = 0 OR EXISTS (SELECT 1 FROM commons_people a WHERE a.item_id = i.id"
                   "      AND a.user_id = $4 AND a.role = 'author'))"
                   " AND ($5 = 0 OR i.place_id IN (WITH RECURSIVE under(id) AS (SELECT CAST($5 AS BIGINT)"
                   "      UNION ALL SELECT pl.id FROM places pl JOIN under u ON pl.parent_id = u.id) SELECT id FROM under))"
                   " AND ($6 = 0 OR i.sector_id = $6) AND ($7 = 0 OR i.chapter_id = $7) AND ($8 = 0 OR i.event_id = $8)"
                   " AND i.updated_at > $9"
                   " ORDER BY i.published_at DESC, i.id DESC LIMIT $10 OFFSET $11",
                   DT(f->tag ? f->tag : ""), DT(f->kind ? f->kind : ""), DT(f->licence ? f->licence : ""),
                   DI(f->author_id), DI(f->place_id), DI(f->sector_id), DI(f->chapter_id), DI(f->event_id),
                   DI(f->since), DI(limit), DI(offset));
}

json_t *commons_line_rows(DbConn *c, Err *e, int64_t root_id)
{
    return db_rows(c, e,
                   "SELECT id, slug, title, status, based_on_id, depth, published_at FROM commons_items"
                   " WHERE id = $1 OR root_id = $1 ORDER BY depth, published_at, id",
                   DI(root_id));
}

json_t *commons_tag_count_rows(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT t.tag, COUNT(*) AS items FROM commons_tags t JOIN commons_items i ON i.id = t.item_id"
                   " WHERE i.status = 'published' GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT $1 OFFSET $2",
                   DI(limit), DI(offset));
}

/* The list a row of a member's own items goes in (commons_mine_rows). */
#define MINE_LIST \
    "CASE WHEN p.consent = 'asked' AND i.status = 'consenting' THEN 0 WHEN i.status = 'published' THEN 2" \
    " WHEN i.status = 'withdrawn' THEN 3 ELSE 1 END"

json_t *commons_mine_rows(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT i.id, i.slug, i.title, i.kind, i.status, p.role, p.consent, i.updated_at, " MINE_LIST " AS list"
                   " FROM commons_people p JOIN commons_items i ON i.id = p.item_id"
                   " WHERE p.user_id = $1 ORDER BY " MINE_LIST ", i.updated_at DESC, i.id DESC LIMIT $2 OFFSET $3",
                   DI(user_id), DI(limit), DI(offset));
}

json_t *commons_mine_counts(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT " MINE_LIST " AS list, count(*) AS n FROM commons_people p JOIN commons_items i ON i.id = p.item_id"
                   " WHERE p.user_id = $1 GROUP BY " MINE_LIST,
                   DI(user_id));
}

int commons_author_row(DbConn *c, Err *e, int64_t user_id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, organisation, bio FROM users WHERE id = $1", DI(user_id));
}

json_t *commons_my_chapter_rows(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT ch.id, ch.name FROM memberships m JOIN chapters ch ON ch.id = m.chapter_id"
                   " WHERE m.user_id = $1 AND ch.status <> 'closed' ORDER BY ch.name",
                   DI(user_id));
}

json_t *commons_my_event_rows(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT ev.id, ev.title, ev.starts_at FROM events ev WHERE ev.status <> 'cancelled'"
                   " AND (ev.organiser_id = $1 OR EXISTS (SELECT 1 FROM registrations g WHERE g.event_id = ev.id"
                   "      AND g.user_id = $1 AND g.status <> 'cancelled'))"
                   " ORDER BY ev.starts_at DESC LIMIT 50",
                   DI(user_id));
}

json_t *commons_published_ids(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id FROM commons_items WHERE status = 'published' ORDER BY updated_at, id");
}
