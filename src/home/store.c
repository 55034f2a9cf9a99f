/* store.c - the personal home's SQL. Each read starts from the person's
 * memberships (memberships_user) or committee seats and reaches the rows of
 * their chapters through the per-chapter indexes (meetings_chapter_status,
 * events_chapter, commitments_chapter, join_requests_one_pending,
 * gov_matters_chapter, membership_events_chapter, commons_items_chapter,
 * gov_decisions_chapter), with a LIMIT: its cost follows the number of the
 * person's chapters, never the size of the network. */
#include "home/store.h"

/* The chapter's own account and its baskets: where its claims are made. The
 * account is found by ledger_accounts_unit and the baskets by
 * ledger_accounts_basket; both indexes are partial, and SQLite uses a partial
 * index only when the query repeats its condition word for word. */
#define CHAPTER_ACCOUNTS \
    " (SELECT a.id FROM ledger_accounts a WHERE a.kind = 'chapter' AND a.kind <> 'basket' AND a.ref_id = c.id" \
    "  UNION ALL SELECT b.id FROM ledger_accounts b WHERE b.kind = 'basket' AND b.parent_id =" \
    "   (SELECT x.id FROM ledger_accounts x WHERE x.kind = 'chapter' AND x.kind <> 'basket' AND x.ref_id = c.id))"

json_t *home_store_chapters(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT c.id, c.slug, c.name, c.status, s.role, p.name AS metro, p.timezone,"
                   "  CASE WHEN s.role = 'connector' THEN (SELECT count(*) FROM join_requests j"
                   "    WHERE j.chapter_id = c.id AND j.status = 'pending') ELSE 0 END AS join_requests,"
                   "  CASE WHEN s.role = 'connector' THEN (SELECT count(*) FROM expense_claims k"
                   "    WHERE k.status = 'pending' AND k.account_id IN" CHAPTER_ACCOUNTS ") ELSE 0 END AS claims,"
                   "  CASE WHEN s.role = 'connector' THEN (SELECT count(*) FROM gov_matters g"
                   "    WHERE g.chapter_id = c.id AND g.status = 'open') ELSE 0 END AS matters"
                   "  FROM memberships s JOIN chapters c ON c.id = s.chapter_id JOIN places p ON p.id = c.metro_id"
                   " WHERE s.user_id = $1 AND c.status <> 'closed'"
                   " ORDER BY c.name, c.id LIMIT 50",
                   DI(user_id));
}

json_t *home_store_meetings(DbConn *c, Err *e, int64_t user_id, const HomeWindow *w)
{
    return db_rows(c, e,
                   "SELECT m.id, m.starts_at, m.ends_at, m.timezone, m.venue, m.online_url, m.phase,"
                   "       c.slug AS chapter_slug, c.name AS chapter, r.answer"
                   "  FROM memberships s JOIN chapters c ON c.id = s.chapter_id"
                   "  JOIN meetings m ON m.chapter_id = s.chapter_id AND m.status = 'scheduled'"
                   "   AND m.starts_at > $2 AND m.starts_at < $3 AND m.ends_at > $4"
                   "  LEFT JOIN rsvps r ON r.meeting_id = m.id AND r.user_id = s.user_id"
                   " WHERE s.user_id = $1 AND c.status <> 'closed'"
                   " ORDER BY m.starts_at, m.id LIMIT 20",
                   DI(user_id), DI(w->started_after), DI(w->until), DI(w->now));
}

json_t *home_store_events(DbConn *c, Err *e, int64_t user_id, const HomeWindow *w)
{
    return db_rows(c, e,
                   "SELECT v.id, v.slug, v.title, v.starts_at, v.ends_at, v.timezone, v.venue,"
                   "       c.slug AS chapter_slug, c.name AS chapter, r.status AS registration"
                   "  FROM memberships s JOIN chapters c ON c.id = s.chapter_id"
                   "  JOIN events v ON v.chapter_id = s.chapter_id AND v.status = 'open'"
                   "   AND v.starts_at > $2 AND v.starts_at < $3 AND v.ends_at > $4"
                   "  LEFT JOIN registrations r ON r.event_id = v.id AND r.user_id = s.user_id AND r.status <> 'cancelled'"
                   " WHERE s.user_id = $1 AND c.status <> 'closed'"
                   " ORDER BY v.starts_at, v.id LIMIT 20",
                   DI(user_id), DI(w->started_after), DI(w->until), DI(w->now));
}

json_t *home_store_tickets(DbConn *c, Err *e, int64_t user_id, int64_t now)
{
    return db_rows(c, e,
                   "SELECT r.id, r.status, r.code, v.slug, v.title, v.starts_at, v.timezone, v.venue"
                   "  FROM registrations r JOIN events v ON v.id = r.event_id"
                   " WHERE r.user_id = $1 AND r.status IN ('ticket', 'waitlist') AND v.status = 'open' AND v.ends_at > $2"
                   " ORDER BY v.starts_at, v.id LIMIT 20",
                   DI(user_id), DI(now));
}

json_t *home_store_commitments(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT k.id, k.body, k.created_at, k.meeting_id, c.slug AS chapter_slug, c.name AS chapter,"
                   "       p.timezone"
                   "  FROM memberships s JOIN chapters c ON c.id = s.chapter_id JOIN places p ON p.id = c.metro_id"
                   "  JOIN commitments k ON k.chapter_id = s.chapter_id AND k.status = 'open' AND k.user_id = s.user_id"
                   " WHERE s.user_id = $1 AND c.status <> 'closed'"
                   " ORDER BY k.created_at, k.id LIMIT 20",
                   DI(user_id));
}

json_t *home_store_duties(DbConn *c, Err *e, int64_t user_id, int64_t now)
{
    return db_rows(c, e,
                   "SELECT 'committee_matters' AS kind, COALESCE(p.slug, 'board') AS key,"
                   "       COALESCE(p.name, 'the board') AS name,"
                   "       (SELECT count(*) FROM gov_matters g WHERE g.committee_id = k.id AND g.status = 'escalated') AS n"
                   "  FROM gov_committee_members m JOIN gov_committees k ON k.id = m.committee_id"
                   "  LEFT JOIN places p ON p.id = k.place_id"
                   " WHERE m.user_id = $1 AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2"
                   " UNION ALL "
                   "SELECT 'consents', '', '', count(*) FROM commons_people q JOIN commons_items i ON i.id = q.item_id"
                   " WHERE q.user_id = $1 AND q.consent = 'asked' AND i.status = 'consenting'"
                   " UNION ALL "
                   "SELECT 'summaries', c.slug, c.name, count(*)"
                   "  FROM memberships s JOIN chapters c ON c.id = s.chapter_id"
                   "  JOIN gov_matters g ON g.chapter_id = s.chapter_id AND g.status = 'open' AND g.raised_by = s.user_id"
                   " WHERE s.user_id = $1 AND g.summary <> '' AND g.summary_approved_at IS NULL GROUP BY c.slug, c.name"
                   " UNION ALL "
                   "SELECT 'asked', c.slug, c.name, 1 FROM join_requests j JOIN chapters c ON c.id = j.chapter_id"
                   " WHERE j.user_id = $1 AND j.status = 'pending' AND c.status <> 'closed'",
                   DI(user_id), DI(now));
}

int home_store_admin(DbConn *c, Err *e, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT (SELECT count(*) FROM growth_applications WHERE status = 'applied') AS applications,"
                  "       (SELECT count(*) FROM fed_peers WHERE is_outgoing = 0 AND state = 'asked') AS peers,"
                  "       (SELECT count(*) FROM outbox WHERE status = 'dead') AS dead_mail");
}

json_t *home_store_changes(DbConn *c, Err *e, int64_t user_id, int64_t since)
{
    return db_rows(c, e,
                   "WITH mine AS (SELECT c.id, c.slug, c.name, p.timezone"
                   "  FROM memberships s JOIN chapters c ON c.id = s.chapter_id JOIN places p ON p.id = c.metro_id"
                   " WHERE s.user_id = $1 AND c.status <> 'closed') "
                   "SELECT kind, happened_at, name, ref, chapter_slug, chapter, timezone FROM ("
                   " SELECT 'joined' AS kind, x.at AS happened_at, u.name AS name, '' AS ref,"
                   "        mine.slug AS chapter_slug, mine.name AS chapter, mine.timezone AS timezone"
                   "   FROM mine JOIN membership_events x ON x.chapter_id = mine.id AND x.at > $2 AND x.kind = 'joined'"
                   "   JOIN users u ON u.id = x.user_id WHERE x.user_id <> $1"
                   " UNION ALL"
                   " SELECT 'met', m.starts_at, '', CAST(m.id AS TEXT), mine.slug, mine.name, m.timezone"
                   "   FROM mine JOIN meetings m ON m.chapter_id = mine.id AND m.status = 'held' AND m.starts_at > $2"
                   " UNION ALL"
                   " SELECT 'published', i.published_at, i.title, i.slug, mine.slug, mine.name, mine.timezone"
                   "   FROM mine JOIN commons_items i ON i.chapter_id = mine.id AND i.status = 'published' AND i.published_at > $2"
                   " UNION ALL"
                   " SELECT 'decided', d.decided_at, d.title, CAST(d.id AS TEXT), mine.slug, mine.name, mine.timezone"
                   "   FROM mine JOIN gov_decisions d ON d.chapter_id = mine.id AND d.decided_at > $2"
                   ") w ORDER BY happened_at DESC, kind, ref LIMIT 15",
                   DI(user_id), DI(since));
}
