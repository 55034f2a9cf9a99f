/* store_polls.c - the SQL of proposals, polls, votes, delegations and the
 * lists of decision records (see store.h). */
#include "governance/store.h"

/* A committee's key in addresses and its name, from gov_committees g and its place cp. */
#define COMMITTEE_KEY "COALESCE(cp.slug, 'board')"
#define COMMITTEE_NAME "CASE WHEN g.place_id IS NULL THEN 'Board' ELSE cp.name || ' committee' END"

/* ---------- polls ---------- */

int poll_insert(DbConn *c, Err *e, const PollFields *f, int64_t by, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO gov_polls (chapter_id, committee_id, matter_id, kind, title, body, score_max, dots, quorum_pct,"
                    " is_anonymous, opens_at, closes_at, created_by, created_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                    DID(f->chapter_id), DID(f->committee_id), DID(f->matter_id), DT(f->kind), DT(f->title),
                    DT(f->body ? f->body : ""), DI(f->score_max), DI(f->dots), DI(f->quorum_pct), DBOOL(f->is_anonymous),
                    DI(f->opens_at), DI(f->closes_at), DI(by), DI(now));
}

int poll_option_insert(DbConn *c, Err *e, int64_t poll_id, int position, const char *label)
{
    return db_exec(c, e, "INSERT INTO gov_poll_options (poll_id, position, label) VALUES ($1, $2, $3)", DI(poll_id),
                   DI(position), DT(label));
}

/* A poll with its body (the chapter, or the committee and its chair), the
 * zone its times are shown in, and its matter as the body may see it (a
 * committee sees only the summary the raiser approved). */
int poll_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT p.id, p.chapter_id, p.committee_id, p.matter_id, p.kind, p.title, p.body, p.score_max, p.dots,"
                  " p.quorum_pct, p.is_anonymous, p.opens_at, p.closes_at, p.status, p.outcome, p.review_at, p.created_by,"
                  " u.name AS created_by_name, p.created_at, p.closed_at, p.reminded_at, p.decision_id,"
                  " ch.slug AS chapter_slug, ch.name AS chapter_name, ch.metro_id,"
                  " CASE WHEN p.committee_id IS NOT NULL THEN " COMMITTEE_KEY " END AS committee_key,"
                  " CASE WHEN p.committee_id IS NOT NULL THEN " COMMITTEE_NAME " END AS committee_name,"
                  " g.chair_id, g.place_id AS committee_place_id,"
                  " COALESCE(m.timezone, cp.timezone, 'UTC') AS timezone,"
                  " CASE WHEN p.chapter_id IS NOT NULL THEN mt.title ELSE mt.summary_title END AS matter_title,"
                  " (SELECT count(*) FROM gov_poll_options o WHERE o.poll_id = p.id) AS option_count"
                  " FROM gov_polls p JOIN users u ON u.id = p.created_by"
                  " LEFT JOIN chapters ch ON ch.id = p.chapter_id LEFT JOIN places m ON m.id = ch.metro_id"
                  " LEFT JOIN gov_committees g ON g.id = p.committee_id LEFT JOIN places cp ON cp.id = g.place_id"
                  " LEFT JOIN gov_matters mt ON mt.id = p.matter_id"
                  " WHERE p.id = $1",
                  DI(id));
}

json_t *poll_option_rows(DbConn *c, Err *e, int64_t poll_id)
{
    return gov_rows(c, e, "SELECT position, label FROM gov_poll_options WHERE poll_id = $1 ORDER BY position", DI(poll_id));
}

#define POLL_LIST_COLUMNS \
    "SELECT p.id, p.kind, p.title, p.status, p.opens_at, p.closes_at, p.closed_at, p.is_anonymous, p.outcome," \
    " p.matter_id, p.quorum_pct, p.created_at," \
    " (SELECT count(*) FROM gov_votes v WHERE v.poll_id = p.id) AS ballots," \
    " (SELECT count(*) FROM gov_votes v WHERE v.poll_id = p.id AND v.user_id = $2) AS has_voted" \
    " FROM gov_polls p"

/* The open ones whole (what is voted on now), then a page of the closed ones:
 * closed_limit rows from closed_offset; each part newest first. */
json_t *poll_rows_of_body(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t viewer, int64_t closed_limit,
                          int64_t closed_offset)
{
#define BODY_POLLS(body) \
    "SELECT * FROM (" POLL_LIST_COLUMNS " WHERE " body " = $1 AND p.status = 'open') o" \
    " UNION ALL SELECT * FROM (" POLL_LIST_COLUMNS " WHERE " body " = $1 AND p.status <> 'open'" \
    " ORDER BY p.id DESC LIMIT $3 OFFSET $4) d ORDER BY 1 DESC"
    json_t *open = chapter_id ? gov_rows(c, e, BODY_POLLS("p.chapter_id"), DI(chapter_id), DI(viewer), DI(closed_limit), DI(closed_offset))
                              : gov_rows(c, e, BODY_POLLS("p.committee_id"), DI(committee_id), DI(viewer), DI(closed_limit),
                                        DI(closed_offset));
#undef BODY_POLLS
    return open;
}

json_t *poll_open_ids(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id)
{
    if (chapter_id)
        return gov_rows(c, e, "SELECT id FROM gov_polls WHERE chapter_id = $1 AND status = 'open'", DI(chapter_id));
    return gov_rows(c, e, "SELECT id FROM gov_polls WHERE committee_id = $1 AND status = 'open'", DI(committee_id));
}

int poll_mark_closed(DbConn *c, Err *e, int64_t id, const char *outcome, int64_t review_at, int64_t at, int64_t decision_id)
{
    int n = db_exec(c, e,
                    "UPDATE gov_polls SET status = 'closed', outcome = $2, review_at = $3, closed_at = $4, decision_id = $5"
                    " WHERE id = $1 AND status = 'open'",
                    DI(id), DT(outcome), DI(review_at), DI(at), DI(decision_id));
    if (n == 0) return err_set(e, E_CONFLICT, "This poll was closed meanwhile.");
    return n < 0 ? -1 : 0;
}

json_t *polls_due_reminder(DbConn *c, Err *e, int64_t now, int64_t until)
{
    return gov_rows(c, e,
                   "SELECT id FROM gov_polls WHERE status = 'open' AND closes_at > $1 AND closes_at <= $2"
                   " AND reminded_at IS NULL AND opens_at <= $1 AND opens_at < closes_at - ($2 - $1) ORDER BY closes_at, id",
                   DI(now), DI(until));
}

int poll_mark_reminded(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE gov_polls SET reminded_at = $2 WHERE id = $1", DI(id), DI(at));
}

/* ---------- bodies: who votes, roles, matters ---------- */

json_t *poll_voter_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t now)
{
    if (chapter_id)
        return gov_rows(c, e,
                       "SELECT u.id AS user_id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id"
                       " WHERE m.chapter_id = $1 ORDER BY u.name, u.id",
                       DI(chapter_id));
    return gov_rows(c, e,
                   "SELECT u.id AS user_id, u.name, u.email, 'member' AS role"
                   " FROM gov_committee_members m JOIN users u ON u.id = m.user_id"
                   " WHERE m.committee_id = $1 AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2"
                   " ORDER BY u.name, u.id",
                   DI(committee_id), DI(now));
}

int poll_chapter_row(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT c.id, c.slug, c.name, c.metro_id, m.timezone,"
                  " (SELECT role FROM memberships x WHERE x.chapter_id = c.id AND x.user_id = $2) AS role"
                  " FROM chapters c JOIN places m ON m.id = c.metro_id WHERE c.id = $1",
                  DI(chapter_id), DI(user_id));
}

int poll_matter_row(DbConn *c, Err *e, int64_t matter_id, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, chapter_id, committee_id, status FROM gov_matters WHERE id = $1", DI(matter_id));
}

json_t *poll_matter_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id)
{
    if (chapter_id)
        return gov_rows(c, e,
                       "SELECT id, title FROM gov_matters WHERE chapter_id = $1 AND status = 'open' ORDER BY created_at DESC, id DESC",
                       DI(chapter_id));
    return gov_rows(c, e,
                   "SELECT id, summary_title AS title FROM gov_matters WHERE committee_id = $1 AND status = 'escalated'"
                   " ORDER BY escalated_at DESC, id DESC",
                   DI(committee_id));
}

/* ---------- votes ---------- */

int poll_vote_row(DbConn *c, Err *e, int64_t poll_id, int64_t user_id, json_t **out)
{
    return gov_row(c, e, out, "SELECT value, reason, cast_at FROM gov_votes WHERE poll_id = $1 AND user_id = $2", DI(poll_id),
                  DI(user_id));
}

int poll_vote_upsert(DbConn *c, Err *e, int64_t poll_id, int64_t user_id, const char *value, const char *reason, int64_t at)
{
    return db_exec(c, e,
                   "INSERT INTO gov_votes (poll_id, user_id, value, reason, cast_at) VALUES ($1, $2, $3, $4, $5)"
                   " ON CONFLICT (poll_id, user_id) DO UPDATE SET value = excluded.value, reason = excluded.reason,"
                   " cast_at = excluded.cast_at",
                   DI(poll_id), DI(user_id), DT(value), DT(reason ? reason : ""), DI(at));
}

int poll_vote_set_carried(DbConn *c, Err *e, int64_t poll_id, int64_t user_id, int64_t carried)
{
    return db_exec(c, e, "UPDATE gov_votes SET carried = $3 WHERE poll_id = $1 AND user_id = $2", DI(poll_id), DI(user_id),
                   DI(carried));
}

int poll_user_row(DbConn *c, Err *e, int64_t user_id, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, name FROM users WHERE id = $1", DI(user_id));
}

json_t *poll_vote_rows(DbConn *c, Err *e, int64_t poll_id)
{
    return gov_rows(c, e,
                   "SELECT v.user_id, u.name, v.value, v.reason, v.cast_at, v.carried FROM gov_votes v JOIN users u ON u.id = v.user_id"
                   " WHERE v.poll_id = $1 ORDER BY u.name, v.user_id",
                   DI(poll_id));
}

/* ---------- delegations ---------- */

#define DELEGATION_COLUMNS \
    "SELECT d.id, d.from_id, d.to_id, d.poll_id, f.name AS from_name, t.name AS to_name, d.created_at" \
    " FROM gov_delegations d JOIN users f ON f.id = d.from_id JOIN users t ON t.id = d.to_id"

/* The body's standing delegations and those for poll_id (0: none), not revoked. */
json_t *poll_delegation_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t poll_id)
{
    if (chapter_id)
        return gov_rows(c, e,
                       DELEGATION_COLUMNS " WHERE d.chapter_id = $1 AND d.revoked_at IS NULL AND (d.poll_id IS NULL OR d.poll_id = $2)"
                       " ORDER BY d.id",
                       DI(chapter_id), DI(poll_id));
    return gov_rows(c, e,
                   DELEGATION_COLUMNS " WHERE d.committee_id = $1 AND d.revoked_at IS NULL AND (d.poll_id IS NULL OR d.poll_id = $2)"
                   " ORDER BY d.id",
                   DI(committee_id), DI(poll_id));
}

/* Every delegation of the body not revoked, standing or for any poll. */
json_t *poll_delegation_all(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id)
{
    if (chapter_id)
        return gov_rows(c, e, DELEGATION_COLUMNS " WHERE d.chapter_id = $1 AND d.revoked_at IS NULL ORDER BY d.id", DI(chapter_id));
    return gov_rows(c, e, DELEGATION_COLUMNS " WHERE d.committee_id = $1 AND d.revoked_at IS NULL ORDER BY d.id", DI(committee_id));
}

int poll_delegation_insert(DbConn *c, Err *e, const PollDelegate *d)
{
    return db_exec(c, e,
                   "INSERT INTO gov_delegations (chapter_id, committee_id, poll_id, from_id, to_id, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   DID(d->chapter_id), DID(d->committee_id), DID(d->poll_id), DI(d->from), DI(d->to), DI(d->now));
}

/* Ends from's delegation of the same scope (the body's standing one, or the poll's): the rows changed. */
int poll_delegation_end(DbConn *c, Err *e, const PollDelegate *d)
{
    return db_exec(c, e,
                   "UPDATE gov_delegations SET revoked_at = $5 WHERE from_id = $1 AND revoked_at IS NULL"
                   " AND COALESCE(chapter_id, 0) = $2 AND COALESCE(committee_id, 0) = $3 AND COALESCE(poll_id, 0) = $4",
                   DI(d->from), DI(d->chapter_id), DI(d->committee_id), DI(d->poll_id), DI(d->now));
}

/* ---------- lists of decision records ---------- */

#define DECISION_LIST \
    "SELECT d.id, d.committee_id, d.chapter_id, d.place_id, d.matter_id, d.source, d.source_id, d.title, d.statement," \
    " d.counts, d.opened_at, d.decided_at, d.review_at," \
    " CASE WHEN d.committee_id IS NOT NULL THEN " COMMITTEE_KEY " END AS committee_key," \
    " CASE WHEN d.committee_id IS NOT NULL THEN " COMMITTEE_NAME " END AS committee_name," \
    " ch.slug AS chapter_slug, ch.name AS chapter_name, pl.slug AS place_slug, pl.name AS place_name" \
    " FROM gov_decisions d LEFT JOIN gov_committees g ON g.id = d.committee_id" \
    " LEFT JOIN places cp ON cp.id = g.place_id LEFT JOIN chapters ch ON ch.id = d.chapter_id" \
    " LEFT JOIN places pl ON pl.id = d.place_id"
/* $2 the reader is an administrator, $3 the reader; $4 the limit, $5 the offset */
#define DECISION_READER \
    " (d.chapter_id IS NULL OR $2 = 1" \
    "  OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.chapter_id = d.chapter_id AND ms.user_id = $3))"
#define DECISION_ORDER " ORDER BY d.decided_at DESC, d.id DESC LIMIT $4 OFFSET $5"

json_t *poll_decision_rows(DbConn *c, Err *e, const DecisionFilter *f)
{
    int64_t limit = f->limit > 0 ? f->limit : 50;
    if (f->chapter_id)   /* the caller checked who reads */
        return gov_rows(c, e, DECISION_LIST " WHERE d.chapter_id = $1 ORDER BY d.decided_at DESC, d.id DESC LIMIT $2 OFFSET $3",
                       DI(f->chapter_id), DI(limit), DI(f->offset));
#define READER DBOOL(f->viewer_is_admin), DI(f->viewer), DI(limit), DI(f->offset)
    if (f->committee_id)
        return gov_rows(c, e, DECISION_LIST " WHERE d.committee_id = $1 AND" DECISION_READER DECISION_ORDER, DI(f->committee_id),
                       READER);
    if (f->place_id)
        return gov_rows(c, e,
                       "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id) "
                       DECISION_LIST " WHERE d.place_id IN (SELECT id FROM sub) AND" DECISION_READER DECISION_ORDER,
                       DI(f->place_id), READER);
    return gov_rows(c, e, DECISION_LIST " WHERE $1 = 0 AND" DECISION_READER DECISION_ORDER, DI(0), READER);
#undef READER
}

/* ---------- the filters of the decisions' pages ---------- */

int poll_committee_by_key(DbConn *c, Err *e, const char *key, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT g.id, " COMMITTEE_KEY " AS key, " COMMITTEE_NAME " AS name"
                  " FROM gov_committees g LEFT JOIN places cp ON cp.id = g.place_id WHERE " COMMITTEE_KEY " = $1",
                  DT(key));
}

int poll_chapter_by_slug(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, slug, name FROM chapters WHERE slug = $1", DT(slug));
}

json_t *poll_committee_options(DbConn *c, Err *e)
{
    return gov_rows(c, e,
                   "SELECT " COMMITTEE_KEY " AS key, " COMMITTEE_NAME " AS name"
                   " FROM gov_committees g LEFT JOIN places cp ON cp.id = g.place_id"
                   " ORDER BY CASE g.level WHEN 'board' THEN 0 WHEN 'country' THEN 1 WHEN 'region' THEN 2 ELSE 3 END, name");
}

json_t *poll_place_options(DbConn *c, Err *e)
{
    return gov_rows(c, e,
                   "SELECT slug, name, kind FROM places"
                   " ORDER BY CASE kind WHEN 'country' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, name");
}
