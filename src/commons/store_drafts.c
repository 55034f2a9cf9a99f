/* store_drafts.c - the SQL of drafts made from meetings: the round a draft is
 * made from and the stories it got, the shared stories page (anonymised: no
 * names of people or chapters, only the place and sector), a member's own
 * shared rounds, and what a quoted member reads on the consent page (see
 * store_drafts.h). */
#include "commons/store_drafts.h"

int draft_round_row(DbConn *c, Err *e, int64_t round_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT r.id, r.user_id, r.kind, r.body, r.is_shared, r.meeting_id, m.chapter_id,"
                  "       ch.metro_id AS place_id, ch.sector_id, p.name AS place, s.name AS sector,"
                  "       ci.id AS item_id, ci.slug AS item_slug"
                  "  FROM rounds r JOIN meetings m ON m.id = r.meeting_id JOIN chapters ch ON ch.id = m.chapter_id"
                  "  JOIN places p ON p.id = ch.metro_id LEFT JOIN sectors s ON s.id = ch.sector_id"
                  "  LEFT JOIN commons_items ci ON ci.id = (SELECT min(x.id) FROM commons_items x WHERE x.round_id = r.id)"
                  " WHERE r.id = $1",
                  DI(round_id));
}

json_t *draft_round_stories(DbConn *c, Err *e, int64_t round_id)
{
    return db_rows(c, e, "SELECT id, user_id, body FROM stories WHERE round_id = $1 ORDER BY created_at, id", DI(round_id));
}

/* The rounds of one page: shared, of the kind asked for ('' for both), newest meeting first. */
#define PAGE_ROUNDS                                                                       \
    "SELECT r2.id FROM rounds r2 JOIN meetings m2 ON m2.id = r2.meeting_id"                \
    " WHERE r2.is_shared = 1 AND ($1 = '' OR r2.kind = $1)"                                \
    " ORDER BY m2.starts_at DESC, r2.id DESC LIMIT $2 OFFSET $3"

json_t *shared_round_rows(DbConn *c, Err *e, const char *kind, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT r.id, r.kind, r.body, m.starts_at AS met_at, p.name AS metro, s.name AS sector,"
                   "       ci.slug AS item_slug, ci.title AS item_title"
                   "  FROM rounds r JOIN meetings m ON m.id = r.meeting_id JOIN chapters ch ON ch.id = m.chapter_id"
                   "  JOIN places p ON p.id = ch.metro_id LEFT JOIN sectors s ON s.id = ch.sector_id"
                   "  LEFT JOIN commons_items ci ON ci.id = (SELECT min(x.id) FROM commons_items x"
                   "                                         WHERE x.round_id = r.id AND x.status = 'published')"
                   " WHERE r.id IN (" PAGE_ROUNDS ")"
                   " ORDER BY m.starts_at DESC, r.id DESC",
                   DT(kind ? kind : ""), DI(limit), DI(offset));
}

json_t *shared_story_rows(DbConn *c, Err *e, const char *kind, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT s.round_id, s.body FROM stories s"
                   " WHERE s.round_id IN (" PAGE_ROUNDS ")"
                   " ORDER BY s.created_at, s.id",
                   DT(kind ? kind : ""), DI(limit), DI(offset));
}

json_t *own_shared_rows(DbConn *c, Err *e, int64_t user_id, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT r.id, r.kind, r.body, m.starts_at AS met_at, ch.name AS chapter_name, ch.slug AS chapter_slug,"
                   "       ci.slug AS item_slug, ci.title AS item_title, ci.status AS item_status"
                   "  FROM rounds r JOIN meetings m ON m.id = r.meeting_id JOIN chapters ch ON ch.id = m.chapter_id"
                   "  LEFT JOIN commons_items ci ON ci.id = (SELECT min(x.id) FROM commons_items x WHERE x.round_id = r.id)"
                   " WHERE r.user_id = $1 AND r.is_shared = 1"
                   " ORDER BY m.starts_at DESC, r.id DESC LIMIT $2",
                   DI(user_id), DI(limit));
}

json_t *quoted_story_rows(DbConn *c, Err *e, int64_t item_id, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT s.body FROM commons_items ci JOIN stories s ON s.round_id = ci.round_id"
                   " WHERE ci.id = $1 AND s.user_id = $2 ORDER BY s.created_at, s.id",
                   DI(item_id), DI(user_id));
}

int quoted_counts_row(DbConn *c, Err *e, int64_t item_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT count(*) AS quoted,"
                  "       COALESCE(sum(CASE WHEN consent = 'given' THEN 1 ELSE 0 END), 0) AS consented"
                  "  FROM commons_people WHERE item_id = $1 AND role = 'quoted'",
                  DI(item_id));
}

int named_person_row(DbConn *c, Err *e, int64_t item_id, int64_t user_id, json_t **out)
{
    return db_row(c, e, out, "SELECT role, consent, consent_at FROM commons_people WHERE item_id = $1 AND user_id = $2",
                  DI(item_id), DI(user_id));
}
