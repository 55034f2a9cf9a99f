/* store_funnel.c - the SQL of the formation funnel: applications, their dated
 * steps, the reads of its pages and report, and the periodic work's
 * set-based statements (one INSERT ... SELECT per kind of step). */
#include <string.h>

#include "growth/store.h"

int funnel_store_waiting_like(DbConn *c, Err *e, int64_t applicant, int64_t metro, int64_t sector, int64_t *n)
{
    *n = 0;
    return db_int64(c, e, n,
                    "SELECT count(*) FROM growth_applications"
                    " WHERE metro_id = $1 AND sector_id = $2 AND status = 'applied' AND applicant_id = $3",
                    DI(metro), DI(sector), DI(applicant)) < 0 ? -1 : 0;
}

int funnel_store_insert(DbConn *c, Err *e, const FunnelApplyIn *in, const char *second_email, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO growth_applications (applicant_id, metro_id, sector_id, name, message, second_email,"
                    " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                    DI(in->applicant), DI(in->metro_id), DI(in->sector_id), DT(in->name), DT(in->message ? in->message : ""),
                    DT(second_email), DI(in->now)) < 0 ? -1 : 0;
}

int funnel_store_step(DbConn *c, Err *e, int64_t id, const char *stage, int64_t at)
{
    return db_exec(c, e,
                   "INSERT INTO growth_funnel_steps (application_id, stage, at) VALUES ($1, $2, $3)"
                   " ON CONFLICT (application_id, stage) DO NOTHING",
                   DI(id), DT(stage), DI(at)) < 0 ? -1 : 0;
}

int funnel_store_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT a.id, a.applicant_id, u.name AS applicant_name, u.email AS applicant_email,"
                  "       a.metro_id, m.name AS metro_name, m.slug AS metro_slug, m.parent_id AS metro_parent_id,"
                  "       p.parent_id AS metro_grandparent_id, a.sector_id, s.name AS sector_name, s.slug AS sector_slug,"
                  "       a.name, a.message, a.second_email, a.second_invitation_id, a.second_user_id, su.name AS second_name,"
                  "       i.expires_at AS invitation_expires_at, i.accepted_at AS invitation_accepted_at,"
                  "       i.revoked_at AS invitation_revoked_at, a.status, a.chapter_id, ch.slug AS chapter_slug,"
                  "       ch.name AS chapter_name, ch.status AS chapter_status, a.reviewer_id, r.name AS reviewer_name,"
                  "       a.review_note, a.reviewed_at, a.created_at, a.updated_at"
                  "  FROM growth_applications a JOIN users u ON u.id = a.applicant_id"
                  "  JOIN places m ON m.id = a.metro_id LEFT JOIN places p ON p.id = m.parent_id"
                  "  JOIN sectors s ON s.id = a.sector_id"
                  "  LEFT JOIN users su ON su.id = a.second_user_id"
                  "  LEFT JOIN invitations i ON i.id = a.second_invitation_id"
                  "  LEFT JOIN chapters ch ON ch.id = a.chapter_id"
                  "  LEFT JOIN users r ON r.id = a.reviewer_id"
                  " WHERE a.id = $1",
                  DI(id));
}

json_t *funnel_store_steps_of(DbConn *c, Err *e, int64_t id)
{
    return db_rows(c, e,
                   "SELECT stage, at AS reached_at FROM growth_funnel_steps WHERE application_id = $1"
                   " ORDER BY at, CASE stage WHEN 'applied' THEN 0 WHEN 'approved' THEN 1 WHEN 'forming' THEN 2"
                   " WHEN 'first_meeting' THEN 3 WHEN 'active' THEN 4 ELSE 5 END",
                   DI(id));
}

json_t *funnel_store_of_user(DbConn *c, Err *e, int64_t user)
{
    return db_rows(c, e,
                   "SELECT a.id, a.name, a.status, m.name AS metro_name, s.name AS sector_name, a.second_email,"
                   "       ch.slug AS chapter_slug, ch.name AS chapter_name, a.review_note, a.reviewed_at, a.created_at"
                   "  FROM growth_applications a JOIN places m ON m.id = a.metro_id JOIN sectors s ON s.id = a.sector_id"
                   "  LEFT JOIN chapters ch ON ch.id = a.chapter_id"
                   " WHERE a.applicant_id = $1 ORDER BY a.created_at DESC, a.id DESC",
                   DI(user));
}

json_t *funnel_store_waiting(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT a.id, a.name, a.applicant_id, u.name AS applicant_name, a.metro_id, m.name AS metro_name,"
                   "       m.parent_id AS metro_parent_id, p.parent_id AS metro_grandparent_id, s.name AS sector_name,"
                   "       a.message, a.second_email, a.created_at"
                   "  FROM growth_applications a JOIN users u ON u.id = a.applicant_id"
                   "  JOIN places m ON m.id = a.metro_id LEFT JOIN places p ON p.id = m.parent_id"
                   "  JOIN sectors s ON s.id = a.sector_id"
                   " WHERE a.status = 'applied' ORDER BY a.created_at, a.id");
}

int funnel_store_review(DbConn *c, Err *e, int64_t id, const char *to, int64_t reviewer, const char *note, int64_t chapter_id,
                        int64_t invitation_id, int64_t at)
{
    return db_exec(c, e,
                   "UPDATE growth_applications SET status = $2, reviewer_id = $3, review_note = $4, chapter_id = $5,"
                   " second_invitation_id = $6, reviewed_at = $7, updated_at = $7"
                   " WHERE id = $1 AND status = 'applied'",
                   DI(id), DT(to), DI(reviewer), DT(note ? note : ""), DID(chapter_id), DID(invitation_id), DI(at));
}

int funnel_store_withdraw(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE growth_applications SET status = 'withdrawn', updated_at = $2 WHERE id = $1 AND status = 'applied'",
                   DI(id), DI(at));
}

/* The steps of a query's rows (application_id, stage, at) as FunnelSteps. */
static int steps_read(DbRes *res, Arena *a, FunnelStep **out, size_t *n)
{
    size_t cap = 64;
    FunnelStep *s = arena_alloc(a, cap * sizeof *s);
    int rc;
    *n = 0;
    while ((rc = db_next(res)) > 0) {
        if (*n == cap) {
            FunnelStep *more = arena_alloc(a, 2 * cap * sizeof *s);
            memcpy(more, s, cap * sizeof *s);
            s = more;
            cap *= 2;
        }
        s[(*n)++] = (FunnelStep){ db_int(res, 0), funnel_stage_code(db_text(res, 1)), db_int(res, 2) };
    }
    db_done(res);
    *out = s;
    return rc < 0 ? -1 : 0;
}

int funnel_store_steps(DbConn *c, Err *e, Arena *a, int64_t place_id, FunnelStep **out, size_t *n)
{
    DbRes *res = place_id
                     ? db_query(c, e,
                                "SELECT s.application_id, s.stage, s.at FROM growth_funnel_steps s"
                                "  JOIN growth_applications a ON a.id = s.application_id"
                                " WHERE a.metro_id IN (SELECT id FROM places WHERE id = $1 OR parent_id = $1"
                                "                      OR parent_id IN (SELECT id FROM places WHERE parent_id = $1))",
                                DI(place_id))
                     : db_query(c, e, "SELECT application_id, stage, at FROM growth_funnel_steps");
    if (!res) return -1;
    return steps_read(res, a, out, n);
}

json_t *funnel_store_places(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT p.id, p.slug, p.kind, p.name, pp.name AS parent_name"
                   "  FROM places p LEFT JOIN places pp ON pp.id = p.parent_id ORDER BY p.name, p.id");
}

/* ---------- the periodic work ---------- */

static int changed(int rows, int64_t *n)
{
    if (rows < 0) return -1;
    *n = rows;
    return 0;
}

int funnel_store_first_meetings(DbConn *c, Err *e, int64_t now, int64_t *n)
{
    return changed(db_exec(c, e,
                           "INSERT INTO growth_funnel_steps (application_id, stage, at)"
                           " SELECT id, 'first_meeting', first_at FROM ("
                           "   SELECT a.id, (SELECT min(m.starts_at) FROM meetings m WHERE m.chapter_id = a.chapter_id"
                           "                  AND m.status = 'held' AND m.starts_at <= $1) AS first_at"
                           "     FROM growth_applications a"
                           "    WHERE a.status = 'approved' AND NOT EXISTS (SELECT 1 FROM growth_funnel_steps s"
                           "          WHERE s.application_id = a.id AND s.stage = 'first_meeting')) x"
                           " WHERE first_at IS NOT NULL",
                           DI(now)),
                   n);
}

int funnel_store_active(DbConn *c, Err *e, int64_t now, int64_t first_by, int64_t *n)
{
    return changed(db_exec(c, e,
                           "INSERT INTO growth_funnel_steps (application_id, stage, at)"
                           " SELECT a.id, 'active', $1 FROM growth_applications a"
                           "   JOIN growth_funnel_steps f ON f.application_id = a.id AND f.stage = 'first_meeting'"
                           "   JOIN chapters ch ON ch.id = a.chapter_id"
                           "  WHERE a.status = 'approved' AND ch.status = 'active' AND f.at <= $2"
                           "    AND NOT EXISTS (SELECT 1 FROM growth_funnel_steps s WHERE s.application_id = a.id"
                           "                    AND s.stage IN ('active', 'closed'))",
                           DI(now), DI(first_by)),
                   n);
}

int funnel_store_closed(DbConn *c, Err *e, int64_t *n)
{
    return changed(db_exec(c, e,
                           "INSERT INTO growth_funnel_steps (application_id, stage, at)"
                           " SELECT a.id, 'closed', ch.updated_at FROM growth_applications a"
                           "   JOIN chapters ch ON ch.id = a.chapter_id"
                           "  WHERE a.status = 'approved' AND ch.status = 'closed'"
                           "    AND NOT EXISTS (SELECT 1 FROM growth_funnel_steps s WHERE s.application_id = a.id"
                           "                    AND s.stage = 'closed')"),
                   n);
}

json_t *funnel_store_seconds_taken(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT a.id, a.applicant_id, i.accepted_by AS user_id, a.chapter_id, ch.slug AS chapter_slug,"
                   "       ch.name AS chapter_name, ch.status AS chapter_status,"
                   "       (SELECT mb.role FROM memberships mb WHERE mb.chapter_id = a.chapter_id"
                   "         AND mb.user_id = i.accepted_by) AS role"
                   "  FROM growth_applications a JOIN invitations i ON i.id = a.second_invitation_id"
                   "  JOIN chapters ch ON ch.id = a.chapter_id"
                   " WHERE a.status = 'approved' AND a.second_user_id IS NULL AND i.accepted_by IS NOT NULL"
                   " ORDER BY a.id");
}

int funnel_store_second_set(DbConn *c, Err *e, int64_t id, int64_t user)
{
    return db_exec(c, e, "UPDATE growth_applications SET second_user_id = $2 WHERE id = $1", DI(id), DI(user)) < 0 ? -1 : 0;
}
