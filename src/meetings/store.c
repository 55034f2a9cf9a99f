/* store.c - the SQL of chapter meetings (see store.h). Every function returns a
 * new JSON reference (NULL on error), or 0/1 found and -1 on error; writers run
 * inside db_write. Meeting content is only ever read by handlers that the guard
 * let through as members of the chapter. */
#include <stdbool.h>

#include "base/str.h"
#include "meetings/meetings.h"
#include <stdio.h>

#include "meetings/store.h"

/* ---------- the series ---------- */

int series_get(DbConn *c, Err *e, int64_t chapter_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT rrule, first_local, timezone, duration_minutes, venue, online_url, updated_at"
                  "  FROM meeting_series WHERE chapter_id = $1", DI(chapter_id));
}

int series_put(DbConn *c, Err *e, int64_t chapter_id, const SeriesFields *f)
{
    return db_exec(c, e,
                   "INSERT INTO meeting_series (chapter_id, rrule, first_local, timezone, duration_minutes, venue, online_url, updated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                   " ON CONFLICT (chapter_id) DO UPDATE SET rrule = excluded.rrule, first_local = excluded.first_local,"
                   "   timezone = excluded.timezone, duration_minutes = excluded.duration_minutes, venue = excluded.venue,"
                   "   online_url = excluded.online_url, updated_at = excluded.updated_at",
                   DI(chapter_id), DT(f->rrule), DT(f->first_local), DT(f->timezone), DI(f->duration_minutes),
                   DT(f->venue), DT(f->online_url), DI(now_unix())) < 0 ? -1 : 0;
}

int series_clear_future(DbConn *c, Err *e, int64_t chapter_id, int64_t now)
{
    return db_exec(c, e,
                   "DELETE FROM meetings WHERE chapter_id = $1 AND occurrence IS NOT NULL AND starts_at > $2"
                   " AND phase = 'planned' AND status <> 'held'",
                   DI(chapter_id), DI(now)) < 0 ? -1 : 0;
}

int meeting_insert(DbConn *c, Err *e, int64_t chapter_id, const char *occurrence, int64_t starts, int64_t ends,
                   const char *tz, const char *venue, const char *url, int64_t *id)
{
    int64_t now = now_unix();
    *id = 0;
    int rc = db_int64(c, e, id,
                      "INSERT INTO meetings (chapter_id, occurrence, starts_at, ends_at, timezone, venue, online_url,"
                      "                      created_at, updated_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
                      " ON CONFLICT (chapter_id, occurrence) DO NOTHING RETURNING id",
                      DI(chapter_id), DT(occurrence), DI(starts), DI(ends), DT(tz), DT(venue), DT(url), DI(now));
    return rc < 0 ? -1 : rc;
}

/* The columns of a meeting, with the answer of the user whose id is parameter $n. */
#define MEETING_COLUMNS(n) \
    "m.id, m.chapter_id, m.occurrence, m.starts_at, m.ends_at, m.timezone, m.venue, m.online_url, m.status, m.phase," \
    " m.opened_at, m.closed_at, m.sequence, m.version, m.created_at," \
    " (SELECT count(*) FROM rsvps r WHERE r.meeting_id = m.id AND r.answer = 'yes') AS going," \
    " (SELECT count(*) FROM rsvps r WHERE r.meeting_id = m.id AND r.answer = 'maybe') AS maybe," \
    " (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.is_present = 1) AS present," \
    " (SELECT answer FROM rsvps r WHERE r.meeting_id = m.id AND r.user_id = $" #n ") AS my_answer"

json_t *meeting_upcoming(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t now)
{
    return db_rows(c, e,
                   "SELECT " MEETING_COLUMNS(3) " FROM meetings m"
                   " WHERE m.chapter_id = $1 AND (m.ends_at >= $2 OR m.phase NOT IN ('planned', 'closed'))"
                   "   AND m.status <> 'held'"
                   " ORDER BY m.starts_at, m.id",
                   DI(chapter_id), DI(now), DI(user_id));
}

json_t *meeting_past(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t now, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT " MEETING_COLUMNS(4) " FROM meetings m"
                   " WHERE m.chapter_id = $1 AND (m.status = 'held' OR (m.ends_at < $2 AND m.phase = 'planned'))"
                   " ORDER BY m.starts_at DESC, m.id DESC LIMIT $3 OFFSET $5",
                   DI(chapter_id), DI(now), DI(limit), DI(user_id), DI(offset));
}

int meeting_get(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT " MEETING_COLUMNS(3) " FROM meetings m WHERE m.id = $1 AND m.chapter_id = $2",
                  DI(id), DI(chapter_id), DI(user_id));
}

int meeting_state(DbConn *c, Err *e, int64_t chapter_id, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, status, phase FROM meetings WHERE id = $1 AND chapter_id = $2", DI(id), DI(chapter_id));
}

int meeting_phase_read(DbConn *c, Err *e, int64_t id, char phase[16])
{
    DbRes *r = db_query(c, e, "SELECT phase FROM meetings WHERE id = $1", DI(id));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) snprintf(phase, 16, "%s", db_text(r, 0) ? db_text(r, 0) : "");
    db_done(r);
    return found;
}

int meeting_in_chapter(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM meetings WHERE id = $1 AND chapter_id = $2", DI(meeting_id), DI(chapter_id)) < 0)
        return -1;
    return n ? 1 : 0;
}

int meeting_move(DbConn *c, Err *e, int64_t id, int64_t starts, int64_t ends, const char *venue, const char *url)
{
    return db_exec(c, e,
                   "UPDATE meetings SET starts_at = $2, ends_at = $3, venue = $4, online_url = $5,"
                   " sequence = sequence + 1, version = version + 1, reminded_at = NULL, updated_at = $6 WHERE id = $1",
                   DI(id), DI(starts), DI(ends), DT(venue), DT(url), DI(now_unix())) < 0 ? -1 : 0;
}

int meeting_cancel_one(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e,
                   "UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, version = version + 1,"
                   " updated_at = $2 WHERE id = $1",
                   DI(id), DI(now_unix())) < 0 ? -1 : 0;
}

int meeting_public(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT m.id, m.status, ch.id AS chapter_id, ch.slug AS chapter_slug, ch.name AS chapter_name"
                  " FROM meetings m JOIN chapters ch ON ch.id = m.chapter_id WHERE m.id = $1",
                  DI(id));
}

int meeting_set_phase(DbConn *c, Err *e, int64_t id, const char *phase, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE meetings SET phase = $2, version = version + 1, updated_at = $3,"
                   " opened_at = CASE WHEN opened_at IS NULL AND $2 <> 'planned' THEN $3 ELSE opened_at END,"
                   " closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE closed_at END,"
                   " status = CASE WHEN $2 = 'closed' THEN 'held' ELSE status END"
                   " WHERE id = $1",
                   DI(id), DT(phase), DI(now)) < 0 ? -1 : 0;
}

int meeting_bump(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e, "UPDATE meetings SET version = version + 1 WHERE id = $1", DI(id)) < 0 ? -1 : 0;
}

/* ---------- answers and attendance ---------- */

int rsvp_put(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *answer)
{
    return db_exec(c, e,
                   "INSERT INTO rsvps (meeting_id, user_id, answer, updated_at) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT (meeting_id, user_id) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at",
                   DI(meeting_id), DI(user_id), DT(answer), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *meeting_roster(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name, ms.role, r.answer, coalesce(a.is_present, 0) AS is_present,"
                   "       CASE WHEN a.is_present IS NULL THEN 0 ELSE 1 END AS has_attendance,"
                   "       CASE WHEN ms.role = 'connector' THEN 1 ELSE 0 END AS is_connector"
                   "  FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   "  LEFT JOIN rsvps r ON r.meeting_id = $2 AND r.user_id = u.id"
                   "  LEFT JOIN attendance a ON a.meeting_id = $2 AND a.user_id = u.id"
                   " WHERE ms.chapter_id = $1 ORDER BY u.name, u.id",
                   DI(chapter_id), DI(meeting_id));
}

int attendance_put(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, bool present, int64_t by)
{
    return db_exec(c, e,
                   "INSERT INTO attendance (meeting_id, user_id, is_present, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)"
                   " ON CONFLICT (meeting_id, user_id) DO UPDATE SET is_present = excluded.is_present,"
                   "   recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                   DI(meeting_id), DI(user_id), DBOOL(present), DI(by), DI(now_unix())) < 0 ? -1 : 0;
}

int attendance_mark_present(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id)
{
    return db_exec(c, e,
                   "INSERT INTO attendance (meeting_id, user_id, is_present, recorded_by, recorded_at) VALUES ($1, $2, 1, $2, $3)"
                   " ON CONFLICT (meeting_id, user_id) DO UPDATE SET is_present = 1",
                   DI(meeting_id), DI(user_id), DI(now_unix())) < 0 ? -1 : 0;
}

/* ---------- rounds, stories, commitments ---------- */

int round_insert(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *kind, const char *body, int64_t *id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM rounds WHERE meeting_id = $1 AND user_id = $2 AND kind = $3",
                 DI(meeting_id), DI(user_id), DT(kind)) < 0)
        return -1;
    if (n)
        return err_field(e, E_CONFLICT, "body",
                         "You have already shared a %s in this meeting: each member shares exactly one. Edit the one you posted instead.",
                         kind);
    int64_t now = now_unix();
    return db_int64(c, e, id,
                    "INSERT INTO rounds (meeting_id, user_id, kind, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)"
                    " RETURNING id",
                    DI(meeting_id), DI(user_id), DT(kind), DT(body), DI(now)) < 0 ? -1 : 0;
}

int round_get(DbConn *c, Err *e, int64_t meeting_id, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, meeting_id, user_id, kind, body, is_shared FROM rounds WHERE id = $1 AND meeting_id = $2",
                  DI(id), DI(meeting_id));
}

int round_save(DbConn *c, Err *e, int64_t id, const char *body)
{
    return db_exec(c, e, "UPDATE rounds SET body = $2, updated_at = $3 WHERE id = $1", DI(id), DT(body), DI(now_unix())) < 0
               ? -1 : 0;
}

int round_set_shared(DbConn *c, Err *e, int64_t id, bool shared)
{
    return db_exec(c, e, "UPDATE rounds SET is_shared = $2 WHERE id = $1", DI(id), DBOOL(shared)) < 0 ? -1 : 0;
}

json_t *meeting_rounds(DbConn *c, Err *e, int64_t meeting_id)
{
    return db_rows(c, e,
                   "SELECT r.id, r.user_id, u.name AS author, r.kind, r.body, r.is_shared, r.created_at, r.updated_at,"
                   "       (SELECT count(*) FROM stories s WHERE s.round_id = r.id) AS stories"
                   "  FROM rounds r JOIN users u ON u.id = r.user_id"
                   " WHERE r.meeting_id = $1 ORDER BY r.kind DESC, r.created_at, r.id",
                   DI(meeting_id));
}

json_t *meeting_stories(DbConn *c, Err *e, int64_t meeting_id)
{
    return db_rows(c, e,
                   "SELECT s.id, s.round_id, s.user_id, u.name AS author, s.body, s.is_flagged, s.created_at"
                   "  FROM stories s JOIN rounds r ON r.id = s.round_id JOIN users u ON u.id = s.user_id"
                   " WHERE r.meeting_id = $1 ORDER BY s.created_at, s.id",
                   DI(meeting_id));
}

int story_insert(DbConn *c, Err *e, int64_t round_id, int64_t user_id, const char *body, bool flagged, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO stories (round_id, user_id, body, is_flagged, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    DI(round_id), DI(user_id), DT(body), DBOOL(flagged), DI(now_unix())) < 0 ? -1 : 0;
}

int commitment_insert(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id, int64_t user_id, const char *body,
                      int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO commitments (chapter_id, meeting_id, user_id, body, created_at) VALUES ($1, $2, $3, $4, $5)"
                    " RETURNING id",
                    DI(chapter_id), DI(meeting_id), DI(user_id), DT(body), DI(now_unix())) < 0 ? -1 : 0;
}

int commitment_get(DbConn *c, Err *e, int64_t chapter_id, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, meeting_id, user_id, body, status FROM commitments WHERE id = $1 AND chapter_id = $2",
                  DI(id), DI(chapter_id));
}

int commitment_close(DbConn *c, Err *e, int64_t id, const char *status, int64_t meeting_id)
{
    return db_exec(c, e,
                   "UPDATE commitments SET status = $2, closed_at = CASE WHEN $2 = 'open' THEN NULL ELSE $3 END,"
                   " closed_meeting_id = CASE WHEN $2 = 'open' THEN NULL ELSE CAST($4 AS BIGINT) END WHERE id = $1",
                   DI(id), DT(status), DI(now_unix()), DID(meeting_id)) < 0 ? -1 : 0;
}

json_t *chapter_commitments(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id)
{
    return db_rows(c, e,
                   "SELECT k.id, k.meeting_id, k.user_id, u.name AS author, k.body, k.status, k.created_at, k.closed_at,"
                   "       CASE WHEN k.meeting_id = $2 THEN 1 ELSE 0 END AS is_new,"
                   "       CASE WHEN k.status = 'open' THEN 1 ELSE 0 END AS is_open"
                   "  FROM commitments k JOIN users u ON u.id = k.user_id"
                   " WHERE k.chapter_id = $1 AND (k.status = 'open' OR k.meeting_id = $2 OR k.closed_meeting_id = $2)"
                   " ORDER BY k.created_at, k.id",
                   DI(chapter_id), DI(meeting_id));
}

/* ---------- absences ---------- */

json_t *chapter_absence_counts(DbConn *c, Err *e, int64_t chapter_id, int64_t since)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name,"
                   "       (SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
                   "         WHERE a.user_id = u.id AND m.chapter_id = $1 AND m.status = 'held' AND m.starts_at >= $2"
                   "           AND a.is_present = 0) AS absences,"
                   "       (SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
                   "         WHERE a.user_id = u.id AND m.chapter_id = $1 AND m.status = 'held' AND m.starts_at >= $2"
                   "           AND a.is_present = 1) AS present"
                   "  FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   " WHERE ms.chapter_id = $1 ORDER BY u.name, u.id",
                   DI(chapter_id), DI(since));
}

/* ---------- calendars ---------- */

#define FEED_COLUMNS \
    "m.id, m.starts_at, m.ends_at, m.timezone, m.venue, m.online_url, m.status, m.sequence, m.created_at, m.updated_at," \
    " ch.name AS chapter, ch.slug AS chapter_slug"

json_t *chapter_feed_meetings(DbConn *c, Err *e, int64_t chapter_id, int64_t since)
{
    return db_rows(c, e,
                   "SELECT " FEED_COLUMNS " FROM meetings m JOIN chapters ch ON ch.id = m.chapter_id"
                   " WHERE m.chapter_id = $1 AND m.starts_at >= $2 ORDER BY m.starts_at",
                   DI(chapter_id), DI(since));
}

json_t *personal_feed_meetings(DbConn *c, Err *e, int64_t user_id, int64_t since)
{
    return db_rows(c, e,
                   "SELECT " FEED_COLUMNS " FROM meetings m JOIN chapters ch ON ch.id = m.chapter_id"
                   " JOIN memberships ms ON ms.chapter_id = m.chapter_id AND ms.user_id = $1"
                   " WHERE m.starts_at >= $2 ORDER BY m.starts_at",
                   DI(user_id), DI(since));
}

int user_calendar_key(DbConn *c, Err *e, int64_t user_id, int64_t *key)
{
    return db_int64(c, e, key, "SELECT calendar_key FROM users WHERE id = $1", DI(user_id));
}

int user_calendar_bump(DbConn *c, Err *e, int64_t user_id)
{
    return db_exec(c, e, "UPDATE users SET calendar_key = calendar_key + 1 WHERE id = $1", DI(user_id)) < 0 ? -1 : 0;
}

/* ---------- periodic work ---------- */

json_t *series_all(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT s.chapter_id FROM meeting_series s JOIN chapters ch ON ch.id = s.chapter_id"
                   " WHERE ch.status <> 'closed' ORDER BY s.chapter_id");
}

json_t *meetings_due_reminder(DbConn *c, Err *e, int64_t now, int64_t before)
{
    return db_rows(c, e,
                   "SELECT m.id, m.chapter_id, m.starts_at, m.timezone, m.venue, m.online_url, ch.name AS chapter, ch.slug"
                   "  FROM meetings m JOIN chapters ch ON ch.id = m.chapter_id"
                   " WHERE m.status = 'scheduled' AND m.reminded_at IS NULL AND m.starts_at > $1 AND m.starts_at <= $2",
                   DI(now), DI(now + before));
}

json_t *meeting_reminder_recipients(DbConn *c, Err *e, int64_t meeting_id)
{
    return db_rows(c, e,
                   "SELECT u.email, u.name, r.answer FROM meetings m JOIN memberships ms ON ms.chapter_id = m.chapter_id"
                   " JOIN users u ON u.id = ms.user_id LEFT JOIN rsvps r ON r.meeting_id = m.id AND r.user_id = u.id"
                   " WHERE m.id = $1 AND (r.answer IS NULL OR r.answer <> 'no') ORDER BY u.id",
                   DI(meeting_id));
}

int meeting_mark(DbConn *c, Err *e, int64_t id, const char *what, int64_t now)
{
    if (str_eq(what, "reminded"))
        return db_exec(c, e, "UPDATE meetings SET reminded_at = $2 WHERE id = $1", DI(id), DI(now)) < 0 ? -1 : 0;
    return db_exec(c, e, "UPDATE meetings SET summarised_at = $2 WHERE id = $1", DI(id), DI(now)) < 0 ? -1 : 0;
}

json_t *meetings_due_summary(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT m.id, m.chapter_id, m.starts_at, m.timezone, ch.name AS chapter, ch.slug"
                   "  FROM meetings m JOIN chapters ch ON ch.id = m.chapter_id"
                   " WHERE m.status = 'held' AND m.summarised_at IS NULL");
}

json_t *chapters_lifecycle_facts(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT ch.id, ch.status, ch.created_at,"
                   "       (SELECT count(*) FROM meetings m WHERE m.chapter_id = ch.id AND m.status = 'held') AS held,"
                   "       (SELECT max(m.starts_at) FROM meetings m WHERE m.chapter_id = ch.id AND m.status = 'held') AS last_held_at"
                   "  FROM chapters ch WHERE ch.status <> 'closed'");
}

int chapter_lifecycle_facts(DbConn *c, Err *e, int64_t chapter_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ch.status, ch.created_at,"
                  " (SELECT count(*) FROM meetings x WHERE x.chapter_id = ch.id AND x.status = 'held') AS held,"
                  " (SELECT max(x.starts_at) FROM meetings x WHERE x.chapter_id = ch.id AND x.status = 'held') AS last_held"
                  " FROM chapters ch WHERE ch.id = $1", DI(chapter_id));
}

int chapter_set_status(DbConn *c, Err *e, int64_t chapter_id, const char *status)
{
    return db_exec(c, e, "UPDATE chapters SET status = $2, updated_at = $3 WHERE id = $1", DI(chapter_id), DT(status),
                   DI(now_unix())) < 0 ? -1 : 0;
}

int chapter_set_absence_rule(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t window_days)
{
    return db_exec(c, e, "UPDATE chapters SET absence_limit = $2, absence_window_days = $3 WHERE id = $1",
                   DI(chapter_id), DI(limit), DI(window_days)) < 0 ? -1 : 0;
}

int chapter_health_facts(DbConn *c, Err *e, int64_t chapter_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT (SELECT count(*) FROM meetings m WHERE m.chapter_id = $1 AND m.status = 'held') AS meetings_held,"
                  "       (SELECT max(m.starts_at) FROM meetings m WHERE m.chapter_id = $1 AND m.status = 'held') AS last_meeting_at,"
                  "       (SELECT min(m.starts_at) FROM meetings m WHERE m.chapter_id = $1 AND m.status = 'scheduled'"
                  "          AND m.starts_at > $2) AS next_meeting_at,"
                  "       (SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
                  "         WHERE m.chapter_id = $1 AND m.status = 'held' AND a.is_present = 1) AS attendances",
                  DI(chapter_id), DI(now_unix()));
}
