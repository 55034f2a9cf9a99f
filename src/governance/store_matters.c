/* store_matters.c - the SQL of matters, their steps, the places of the
 * escalation path with their active chapters, and the people matters are
 * mailed to (see store.h). */
#include "governance/store.h"

/* ---------- places and their density ---------- */

/* The active chapters of place X's subtree (at most two levels below it:
 * country > region > metro, or a metro right under its country) leaving out
 * those of place Y (0: none; a place below X): the metro itself, the metros
 * right under it, the metros under its regions, each through an index (the
 * places' parent, the chapters' metro and status), so that EXISTS stops at
 * the first row it needs. */
#define ACTIVE_ROWS(X, Y) \
    "SELECT 1 FROM chapters ch WHERE ch.metro_id = " X " AND ch.status = 'active'" \
    " UNION ALL SELECT 1 FROM places sm JOIN chapters ch ON ch.metro_id = sm.id AND ch.status = 'active'" \
    "   WHERE sm.parent_id = " X " AND sm.id <> " Y \
    " UNION ALL SELECT 1 FROM places sr JOIN places sm ON sm.parent_id = sr.id" \
    "   JOIN chapters ch ON ch.metro_id = sm.id AND ch.status = 'active'" \
    "   WHERE sr.parent_id = " X " AND sr.id <> " Y " AND sm.id <> " Y

/* A place, its parent and grandparent (places are three deep at most:
 * country > region > metro; joins, not a recursive query, which would cost
 * the chapter page more than the rest of the path) with what the path needs
 * to know of them, in one statement that counts no further than it must:
 * n<i>: the active chapters of place i, counted up to `cap`; a<i><j>: place i
 * has an active chapter outside place j. Absent places have NULL columns.
 * (The subqueries' own aliases, sm and sr, must not shadow m, p and g.) */
int place_chain_row(DbConn *c, Err *e, int64_t place_id, int64_t cap, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT m.id AS id0, m.kind AS kind0, m.name AS name0, m.slug AS slug0,"
                  " p.id AS id1, p.kind AS kind1, p.name AS name1, p.slug AS slug1,"
                  " g.id AS id2, g.kind AS kind2, g.name AS name2, g.slug AS slug2,"
                  " (SELECT count(*) FROM (" ACTIVE_ROWS("m.id", "0") " LIMIT $2) x) AS n0,"
                  " (SELECT count(*) FROM (" ACTIVE_ROWS("p.id", "0") " LIMIT $2) x) AS n1,"
                  " (SELECT count(*) FROM (" ACTIVE_ROWS("g.id", "0") " LIMIT $2) x) AS n2,"
                  " EXISTS (" ACTIVE_ROWS("p.id", "m.id") ") AS a10,"
                  " EXISTS (" ACTIVE_ROWS("g.id", "m.id") ") AS a20,"
                  " EXISTS (" ACTIVE_ROWS("g.id", "p.id") ") AS a21"
                  " FROM places m LEFT JOIN places p ON p.id = m.parent_id LEFT JOIN places g ON g.id = p.parent_id"
                  " WHERE m.id = $1",
                  DI(place_id), DI(cap));
}

int chapters_changed_at(DbConn *c, Err *e, int64_t *at)
{
    *at = 0;
    return db_int64(c, e, at, "SELECT COALESCE(max(updated_at), 0) FROM chapters") < 0 ? -1 : 0;
}

json_t *place_flat_rows(DbConn *c, Err *e)
{
    return gov_rows(c, e,
                   "SELECT p.id, p.parent_id, p.kind, p.name, p.slug,"
                   " (SELECT count(*) FROM chapters ch WHERE ch.metro_id = p.id AND ch.status = 'active') AS own_active,"
                   " (SELECT count(*) FROM chapters ch WHERE ch.metro_id = p.id AND ch.status <> 'closed') AS own_chapters"
                   " FROM places p ORDER BY p.name, p.id");
}

/* ---------- committees, counted ---------- */

json_t *committee_counts(DbConn *c, Err *e, int64_t now)
{
    return gov_rows(c, e,
                   "SELECT g.id, g.place_id, g.level, g.seats, g.term_months, COALESCE(p.slug, 'board') AS key,"
                   " CASE WHEN g.place_id IS NULL THEN 'Board' ELSE p.name || ' committee' END AS name,"
                   " (SELECT count(*) FROM gov_committee_members m WHERE m.committee_id = g.id AND m.ended_at IS NULL"
                   "    AND m.since <= $1 AND m.term_ends_at > $1) AS members,"
                   " (SELECT count(*) FROM gov_matters x WHERE x.committee_id = g.id AND x.status = 'escalated') AS open_matters"
                   " FROM gov_committees g LEFT JOIN places p ON p.id = g.place_id ORDER BY name",
                   DI(now));
}

/* Who may be appointed: members of the chapters in the place (the board: the
 * committees' members and every chapter's connectors). */
json_t *seat_candidates(DbConn *c, Err *e, int64_t place_id, int64_t now)
{
    if (!place_id)
        return gov_rows(c, e,
                       "SELECT DISTINCT u.id, u.name FROM users u WHERE u.id IN ("
                       "   SELECT user_id FROM gov_committee_members WHERE ended_at IS NULL AND since <= $1 AND term_ends_at > $1"
                       "   UNION SELECT user_id FROM memberships WHERE role = 'connector')"
                       " ORDER BY u.name, u.id LIMIT 500",
                       DI(now));
    return gov_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT DISTINCT u.id, u.name FROM users u JOIN memberships ms ON ms.user_id = u.id"
                   " JOIN chapters ch ON ch.id = ms.chapter_id"
                   " WHERE ch.metro_id IN (SELECT id FROM sub) AND ch.status <> 'closed'"
                   " ORDER BY u.name, u.id LIMIT 500",
                   DI(place_id));
}

int user_by_email(DbConn *c, Err *e, const char *email, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, name, email FROM users WHERE lower(email) = lower($1)", DT(email));
}

int user_brief(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, name, email FROM users WHERE id = $1", DI(id));
}

/* ---------- matters ---------- */

int matter_insert(DbConn *c, Err *e, const MatterRaise *m, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO gov_matters (chapter_id, raised_by, kind, title, body, created_at, updated_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                    DI(m->chapter_id), DI(m->by), DT(m->kind), DT(m->title), DT(m->body), DI(now));
}

int matter_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT x.id, x.chapter_id, x.raised_by, x.kind, x.title, x.body, x.status, x.resolution,"
                  " x.summary_title, x.summary, x.summary_by, x.summary_approved_at, x.committee_id, x.escalated_at,"
                  " x.closed_at, x.created_at, x.updated_at, x.decision_id,"
                  " ch.slug AS chapter_slug, ch.name AS chapter_name, ch.metro_id, mp.name AS metro,"
                  " u.name AS raised_by_name, sb.name AS summary_by_name,"
                  " g.level AS committee_level, g.place_id AS committee_place_id,"
                  " CASE WHEN g.id IS NULL THEN NULL ELSE COALESCE(gp.slug, 'board') END AS committee_key,"
                  " CASE WHEN g.id IS NULL THEN NULL WHEN g.place_id IS NULL THEN 'Board' ELSE gp.name || ' committee' END"
                  "   AS committee_name"
                  " FROM gov_matters x JOIN chapters ch ON ch.id = x.chapter_id JOIN places mp ON mp.id = ch.metro_id"
                  " JOIN users u ON u.id = x.raised_by LEFT JOIN users sb ON sb.id = x.summary_by"
                  " LEFT JOIN gov_committees g ON g.id = x.committee_id LEFT JOIN places gp ON gp.id = g.place_id"
                  " WHERE x.id = $1",
                  DI(id));
}

int matter_summary_set(DbConn *c, Err *e, int64_t id, const char *title, const char *summary, int64_t by,
                       int64_t approved_at, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE gov_matters SET summary_title = $2, summary = $3, summary_by = $4, summary_approved_at = $5,"
                   " updated_at = $6 WHERE id = $1",
                   DI(id), DT(title), DT(summary), DI(by), DID(approved_at), DI(now)) < 0 ? -1 : 0;
}

int matter_approved_set(DbConn *c, Err *e, int64_t id, int64_t now)
{
    return db_exec(c, e, "UPDATE gov_matters SET summary_approved_at = $2, updated_at = $2 WHERE id = $1", DI(id), DI(now)) < 0 ? -1 : 0;
}

int matter_committee_set(DbConn *c, Err *e, int64_t id, int64_t committee_id, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE gov_matters SET status = 'escalated', committee_id = $2,"
                   " escalated_at = COALESCE(escalated_at, $3), updated_at = $3 WHERE id = $1",
                   DI(id), DI(committee_id), DI(now)) < 0 ? -1 : 0;
}

int matter_close_set(DbConn *c, Err *e, int64_t id, const char *status, const char *resolution, int64_t decision_id,
                     int64_t now)
{
    return db_exec(c, e,
                   "UPDATE gov_matters SET status = $2, resolution = $3, decision_id = $4, closed_at = $5, updated_at = $5"
                   " WHERE id = $1",
                   DI(id), DT(status), DT(resolution), DID(decision_id), DI(now)) < 0 ? -1 : 0;
}

int matter_step_insert(DbConn *c, Err *e, const MatterStep *s)
{
    return db_exec(c, e,
                   "INSERT INTO gov_matter_steps (matter_id, scope, action, committee_id, actor_id, note, at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   DI(s->matter_id), DT(s->scope), DT(s->action), DID(s->committee_id), DID(s->actor_id),
                   DT(s->note ? s->note : ""), DI(s->at)) < 0 ? -1 : 0;
}

#define STEP_COLUMNS \
    "SELECT s.id, s.scope, s.action, s.note, s.at AS happened_at, s.actor_id, u.name AS actor_name," \
    " CASE WHEN s.committee_id IS NULL THEN NULL ELSE COALESCE(p.slug, 'board') END AS committee_key," \
    " CASE WHEN s.committee_id IS NULL THEN NULL WHEN g.place_id IS NULL THEN 'Board' ELSE p.name || ' committee' END" \
    "   AS committee_name" \
    " FROM gov_matter_steps s LEFT JOIN users u ON u.id = s.actor_id" \
    " LEFT JOIN gov_committees g ON g.id = s.committee_id LEFT JOIN places p ON p.id = g.place_id"

json_t *matter_step_rows(DbConn *c, Err *e, int64_t matter_id, bool committee_only)
{
    if (committee_only)
        return gov_rows(c, e, STEP_COLUMNS " WHERE s.matter_id = $1 AND s.scope = 'committee' ORDER BY s.id", DI(matter_id));
    return gov_rows(c, e, STEP_COLUMNS " WHERE s.matter_id = $1 ORDER BY s.id", DI(matter_id));
}

json_t *matter_reached_rows(DbConn *c, Err *e, int64_t matter_id)
{
    return gov_rows(c, e,
                   "SELECT DISTINCT committee_id FROM gov_matter_steps"
                   " WHERE matter_id = $1 AND committee_id IS NOT NULL AND action IN ('escalated', 'passed_up')",
                   DI(matter_id));
}

int chapter_role_of(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out)
{
    return gov_row(c, e, out, "SELECT role FROM memberships WHERE chapter_id = $1 AND user_id = $2", DI(chapter_id),
                  DI(user_id));
}

json_t *chapter_matter_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset)
{
    return gov_rows(c, e,
                   "SELECT x.id, x.kind, x.title, x.status, x.created_at, x.updated_at, x.escalated_at, x.closed_at,"
                   " x.raised_by, u.name AS raised_by_name, x.summary_title,"
                   " CASE WHEN x.summary_approved_at IS NULL THEN 0 ELSE 1 END AS is_approved,"
                   " CASE WHEN g.id IS NULL THEN NULL WHEN g.place_id IS NULL THEN 'Board' ELSE gp.name || ' committee' END"
                   "   AS committee_name"
                   " FROM gov_matters x JOIN users u ON u.id = x.raised_by"
                   " LEFT JOIN gov_committees g ON g.id = x.committee_id LEFT JOIN places gp ON gp.id = g.place_id"
                   " WHERE x.chapter_id = $1"
                   " ORDER BY CASE WHEN x.status IN ('open', 'escalated') THEN 0 ELSE 1 END, x.updated_at DESC, x.id DESC"
                   " LIMIT $2 OFFSET $3",
                   DI(chapter_id), DI(limit), DI(offset));
}

/* Summaries only: what a committee's members may read. */
json_t *committee_matter_rows(DbConn *c, Err *e, int64_t committee_id, int64_t limit, int64_t offset)
{
    return gov_rows(c, e,
                   "SELECT x.id, x.kind, x.summary_title, x.status, x.escalated_at, x.closed_at, x.updated_at,"
                   " ch.slug AS chapter_slug, ch.name AS chapter_name, mp.name AS metro"
                   " FROM gov_matters x JOIN chapters ch ON ch.id = x.chapter_id JOIN places mp ON mp.id = ch.metro_id"
                   " WHERE x.committee_id = $1 AND x.status IN ('escalated', 'decided')"
                   " ORDER BY CASE WHEN x.status = 'escalated' THEN 0 ELSE 1 END, x.updated_at DESC, x.id DESC LIMIT $2 OFFSET $3",
                   DI(committee_id), DI(limit), DI(offset));
}

int chapter_open_matters(DbConn *c, Err *e, int64_t chapter_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM gov_matters WHERE chapter_id = $1 AND status IN ('open', 'escalated')",
                    DI(chapter_id));
}

/* ---------- whom a matter's news reaches ---------- */

json_t *committee_mail_rows(DbConn *c, Err *e, int64_t committee_id, int64_t now)
{
    return gov_rows(c, e,
                   "SELECT u.id, u.name, u.email FROM gov_committee_members m JOIN users u ON u.id = m.user_id"
                   " WHERE m.committee_id = $1 AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2 ORDER BY u.id",
                   DI(committee_id), DI(now));
}

json_t *admin_mail_rows(DbConn *c, Err *e)
{
    return gov_rows(c, e, "SELECT id, name, email FROM users WHERE is_admin = 1 ORDER BY id");
}

json_t *connector_mail_rows(DbConn *c, Err *e, int64_t chapter_id)
{
    return gov_rows(c, e,
                   "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
                   " WHERE m.chapter_id = $1 AND m.role = 'connector' ORDER BY u.id",
                   DI(chapter_id));
}
