/* store_export.c - what the CSV exports read: a chapter's members, an event's
 * registrations, a chapter's meetings with who answered and who came. */
#include "imports/store.h"

json_t *members_for_export(DbConn *c, Err *e, int64_t chapter_id)
{
    return db_rows(c, e,
                   "SELECT u.name, u.email, ms.role, ms.joined_at, u.organisation, coalesce(m.name, '') AS city,"
                   "       coalesce(s.name, '') AS sector,"
                   "       (SELECT p.timezone FROM chapters ch JOIN places p ON p.id = ch.metro_id WHERE ch.id = $1) AS timezone"
                   "  FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   "  LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id"
                   " WHERE ms.chapter_id = $1 ORDER BY u.name, u.id",
                   DI(chapter_id));
}

json_t *registrations_for_export(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e,
                   "SELECT g.name, coalesce(g.guest_email, '') AS guest_email, coalesce(u.email, '') AS member_email,"
                   "       t.name AS tier, g.status, g.code, g.is_paid, coalesce(g.checked_in_at, 0) AS checked_in_at,"
                   "       g.created_at, ev.timezone"
                   "  FROM registrations g JOIN ticket_tiers t ON t.id = g.tier_id JOIN events ev ON ev.id = g.event_id"
                   "  LEFT JOIN users u ON u.id = g.user_id"
                   " WHERE g.event_id = $1 ORDER BY g.created_at, g.id",
                   DI(event_id));
}

json_t *attendance_for_export(DbConn *c, Err *e, int64_t chapter_id)
{
    return db_rows(c, e,
                   "WITH pm AS ("
                   "  SELECT m.id AS meeting_id, ms.user_id FROM meetings m"
                   "    JOIN memberships ms ON ms.chapter_id = m.chapter_id AND ms.joined_at <= m.ends_at"
                   "   WHERE m.chapter_id = $1"
                   "  UNION SELECT r.meeting_id, r.user_id FROM rsvps r JOIN meetings m ON m.id = r.meeting_id"
                   "   WHERE m.chapter_id = $1"
                   "  UNION SELECT a.meeting_id, a.user_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
                   "   WHERE m.chapter_id = $1)"
                   "SELECT m.starts_at, m.timezone, m.status, u.name, coalesce(r.answer, '') AS rsvp,"
                   "       coalesce(a.is_present, -1) AS present"
                   "  FROM pm JOIN meetings m ON m.id = pm.meeting_id JOIN users u ON u.id = pm.user_id"
                   "  LEFT JOIN rsvps r ON r.meeting_id = pm.meeting_id AND r.user_id = pm.user_id"
                   "  LEFT JOIN attendance a ON a.meeting_id = pm.meeting_id AND a.user_id = pm.user_id"
                   " ORDER BY m.starts_at, m.id, u.name, u.id",
                   DI(chapter_id));
}
