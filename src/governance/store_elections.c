/* store_elections.c - the SQL of elections (see store.h). Who may stand and
 * who may vote follow the committee: for a place's committee, the members
 * (or connectors) of the chapters in that place and the places below it (a
 * recursive walk of places.parent_id); for the board, the members of the
 * other committees. Nothing here reads a ballot together with a voter: the
 * ballots (gov_ballots) and the electorate (gov_electorate) are never joined. */
#include "governance/store.h"

#define ELECTION_COLUMNS \
    "el.id, el.committee_id, el.title, el.method, el.seats, el.status, el.nominations_close_at, el.closes_at," \
    " el.opened_at, el.closed_at, el.electorate_size, el.box_head, el.reminded_at, el.stalled_at, el.created_by," \
    " el.created_at, g.level, g.place_id, g.seats AS committee_seats, g.term_months," \
    " COALESCE(p.slug, 'board') AS committee_key," \
    " CASE WHEN g.place_id IS NULL THEN 'Board' ELSE p.name || ' committee' END AS committee_name," \
    " p.name AS place_name, COALESCE(p.timezone, 'UTC') AS timezone"
#define ELECTION_JOINS \
    " FROM gov_elections el JOIN gov_committees g ON g.id = el.committee_id LEFT JOIN places p ON p.id = g.place_id"
#define SUBTREE "WITH RECURSIVE sub(id) AS (SELECT $2 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"

int election_insert(DbConn *c, Err *e, const ElectionIn *in, int64_t seats, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO gov_elections (committee_id, title, method, seats, nominations_close_at, closes_at,"
                    " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                    DI(in->committee_id), DT(in->title), DT(in->method), DI(seats), DI(in->nominations_close_at),
                    DI(in->closes_at), DI(in->by), DI(in->now));
}

int election_update_fields(DbConn *c, Err *e, int64_t id, const ElectionIn *in, int64_t seats)
{
    return db_exec(c, e,
                   "UPDATE gov_elections SET title = $2, method = $3, seats = $4, nominations_close_at = $5, closes_at = $6,"
                   " stalled_at = NULL WHERE id = $1 AND status = 'nominating'",
                   DI(id), DT(in->title), DT(in->method), DI(seats), DI(in->nominations_close_at), DI(in->closes_at));
}

int election_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT " ELECTION_COLUMNS ","
                  " (SELECT count(*) FROM gov_electorate v WHERE v.election_id = el.id AND v.has_voted = 1) AS voted"
                  ELECTION_JOINS " WHERE el.id = $1",
                  DI(id));
}

json_t *election_rows_of_committee(DbConn *c, Err *e, int64_t committee_id)
{
    return gov_rows(c, e,
                   "SELECT el.id, el.title, el.status, el.method, el.seats, el.nominations_close_at, el.closes_at, el.closed_at"
                   " FROM gov_elections el WHERE el.committee_id = $1 ORDER BY el.created_at DESC, el.id DESC",
                   DI(committee_id));
}

json_t *election_rows_all(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    return gov_rows(c, e,
                   "SELECT " ELECTION_COLUMNS ELECTION_JOINS
                   " ORDER BY CASE el.status WHEN 'voting' THEN 0 WHEN 'nominating' THEN 1 WHEN 'closed' THEN 2 ELSE 3 END,"
                   " el.closes_at DESC, el.id DESC LIMIT $1 OFFSET $2", DI(limit), DI(offset));
}

int election_set_status(DbConn *c, Err *e, int64_t id, const char *from, const char *to, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE gov_elections SET status = $3, closed_at = CASE WHEN $3 = 'cancelled' THEN $4 ELSE closed_at END"
                   " WHERE id = $1 AND status = $2",
                   DI(id), DT(from), DT(to), DI(now));
}

int election_mark_open(DbConn *c, Err *e, int64_t id, int64_t now, int64_t electorate)
{
    return db_exec(c, e,
                   "UPDATE gov_elections SET status = 'voting', opened_at = $2, electorate_size = $3"
                   " WHERE id = $1 AND status = 'nominating'",
                   DI(id), DI(now), DI(electorate));
}

int election_mark_closed(DbConn *c, Err *e, int64_t id, int64_t now, const char *box, const char *head, const char *signature,
                         const char *result)
{
    return db_exec(c, e,
                   "UPDATE gov_elections SET status = 'closed', closed_at = $2, box = $3, box_head = $4, box_signature = $5,"
                   " result = $6 WHERE id = $1 AND status = 'voting'",
                   DI(id), DI(now), DT(box), DT(head), DT(signature), DT(result));
}

int election_outcome_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT result, box_head, box_signature FROM gov_elections WHERE id = $1 AND status = 'closed' AND result IS NOT NULL",
                  DI(id));
}

int election_mark_reminded(DbConn *c, Err *e, int64_t id, int64_t now)
{
    return db_exec(c, e, "UPDATE gov_elections SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL", DI(id), DI(now));
}

int election_mark_stalled(DbConn *c, Err *e, int64_t id, int64_t now)
{
    return db_exec(c, e, "UPDATE gov_elections SET stalled_at = $2 WHERE id = $1 AND stalled_at IS NULL AND status = 'nominating'",
                   DI(id), DI(now));
}

int election_published(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out, "SELECT box, result FROM gov_elections WHERE id = $1 AND status = 'closed' AND box IS NOT NULL",
                  DI(id));
}

json_t *elections_due(DbConn *c, Err *e, int64_t now)
{
    /* what the periodic work has to do: open, remind, close, or give up */
    return gov_rows(c, e,
                   "SELECT id, status, nominations_close_at, closes_at, reminded_at, stalled_at FROM gov_elections"
                   " WHERE (status = 'nominating' AND (nominations_close_at <= $1 AND stalled_at IS NULL OR closes_at <= $1))"
                   "    OR (status = 'voting' AND (closes_at <= $1 OR reminded_at IS NULL AND closes_at <= $1 + 86400))"
                   " ORDER BY closes_at, id",
                   DI(now));
}

/* ---------- who may stand ---------- */

int may_stand_row(DbConn *c, Err *e, int64_t place_id, int64_t user_id, int64_t now)
{
    int64_t n = 0;
    int rc = place_id
                 ? db_int64(c, e, &n,
                            SUBTREE " SELECT count(*) FROM memberships m JOIN chapters ch ON ch.id = m.chapter_id"
                                    " WHERE m.user_id = $1 AND ch.status <> 'closed' AND ch.metro_id IN (SELECT id FROM sub)",
                            DI(user_id), DI(place_id))
                 : db_int64(c, e, &n,
                            "SELECT count(*) FROM gov_committee_members m JOIN gov_committees g ON g.id = m.committee_id"
                            " WHERE m.user_id = $1 AND g.level <> 'board' AND m.ended_at IS NULL AND m.since <= $2"
                            " AND m.term_ends_at > $2",
                            DI(user_id), DI(now));
    return rc < 0 ? -1 : n > 0;
}

json_t *standing_rows(DbConn *c, Err *e, int64_t place_id, int64_t election_id, int64_t now)
{
    if (place_id)
        return gov_rows(c, e,
                       SUBTREE " SELECT DISTINCT u.id, u.name FROM memberships m JOIN chapters ch ON ch.id = m.chapter_id"
                               " JOIN users u ON u.id = m.user_id"
                               " WHERE ch.status <> 'closed' AND ch.metro_id IN (SELECT id FROM sub)"
                               " AND NOT EXISTS (SELECT 1 FROM gov_candidates ca WHERE ca.election_id = $1 AND ca.user_id = u.id)"
                               " ORDER BY u.name, u.id LIMIT 500",
                       DI(election_id), DI(place_id));
    return gov_rows(c, e,
                   "SELECT DISTINCT u.id, u.name FROM gov_committee_members m JOIN gov_committees g ON g.id = m.committee_id"
                   " JOIN users u ON u.id = m.user_id"
                   " WHERE g.level <> 'board' AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2"
                   " AND NOT EXISTS (SELECT 1 FROM gov_candidates ca WHERE ca.election_id = $1 AND ca.user_id = u.id)"
                   " ORDER BY u.name, u.id LIMIT 500",
                   DI(election_id), DI(now));
}

/* ---------- candidates ---------- */

json_t *candidate_rows(DbConn *c, Err *e, int64_t election_id)
{
    return gov_rows(c, e,
                   "SELECT ca.user_id, u.name, ca.statement, ca.status, ca.position, ca.nominated_by,"
                   " nb.name AS nominated_by_name, ca.created_at"
                   " FROM gov_candidates ca JOIN users u ON u.id = ca.user_id JOIN users nb ON nb.id = ca.nominated_by"
                   " WHERE ca.election_id = $1"
                   " ORDER BY CASE WHEN ca.position IS NULL THEN 1 ELSE 0 END, ca.position, u.name, u.id",
                   DI(election_id));
}

int candidate_row(DbConn *c, Err *e, int64_t election_id, int64_t user_id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT ca.user_id, ca.status, ca.statement, ca.position, ca.nominated_by FROM gov_candidates ca"
                  " WHERE ca.election_id = $1 AND ca.user_id = $2",
                  DI(election_id), DI(user_id));
}

int candidate_insert(DbConn *c, Err *e, const NominationIn *in, const char *status)
{
    return db_exec(c, e,
                   "INSERT INTO gov_candidates (election_id, user_id, nominated_by, statement, status, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   DI(in->election_id), DI(in->user_id), DI(in->by), DT(in->statement ? in->statement : ""), DT(status),
                   DI(in->now));
}

int candidate_update(DbConn *c, Err *e, int64_t election_id, int64_t user_id, const char *status, const char *statement)
{
    return db_exec(c, e,
                   "UPDATE gov_candidates SET status = $3, statement = COALESCE($4, statement)"
                   " WHERE election_id = $1 AND user_id = $2",
                   DI(election_id), DI(user_id), DT(status), DT(statement));
}

int candidate_set_position(DbConn *c, Err *e, int64_t election_id, int64_t user_id, int64_t position)
{
    return db_exec(c, e, "UPDATE gov_candidates SET position = $3 WHERE election_id = $1 AND user_id = $2", DI(election_id),
                   DI(user_id), DI(position));
}

/* ---------- the electorate ---------- */

int electorate_freeze(DbConn *c, Err *e, int64_t election_id, int64_t place_id, bool members, int64_t now, int64_t *n)
{
    int rc = place_id
                 ? db_exec(c, e,
                           SUBTREE " INSERT INTO gov_electorate (election_id, user_id)"
                                   " SELECT DISTINCT $1, m.user_id FROM memberships m JOIN chapters ch ON ch.id = m.chapter_id"
                                   " WHERE ch.status <> 'closed' AND ch.metro_id IN (SELECT id FROM sub)"
                                   " AND ($3 = 1 OR m.role = 'connector')",
                           DI(election_id), DI(place_id), DI(members ? 1 : 0))
                 : db_exec(c, e,
                           "INSERT INTO gov_electorate (election_id, user_id)"
                           " SELECT DISTINCT $1, m.user_id FROM gov_committee_members m"
                           " JOIN gov_committees g ON g.id = m.committee_id"
                           " WHERE g.level <> 'board' AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2",
                           DI(election_id), DI(now));
    if (rc < 0) return -1;
    return db_int64(c, e, n, "SELECT count(*) FROM gov_electorate WHERE election_id = $1", DI(election_id)) < 0 ? -1 : 0;
}

int electorate_row(DbConn *c, Err *e, int64_t election_id, int64_t user_id, json_t **out)
{
    return gov_row(c, e, out, "SELECT has_voted FROM gov_electorate WHERE election_id = $1 AND user_id = $2", DI(election_id),
                  DI(user_id));
}

int electorate_mark_voted(DbConn *c, Err *e, int64_t election_id, int64_t user_id)
{
    return db_exec(c, e, "UPDATE gov_electorate SET has_voted = 1 WHERE election_id = $1 AND user_id = $2 AND has_voted = 0",
                   DI(election_id), DI(user_id));
}

int electorate_rewrite(DbConn *c, Err *e, int64_t election_id)
{
    /* a new version of every row, written by the closing transaction (see elections_close.c) */
    return db_exec(c, e, "UPDATE gov_electorate SET has_voted = has_voted WHERE election_id = $1", DI(election_id));
}

int electorate_voted_count(DbConn *c, Err *e, int64_t election_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM gov_electorate WHERE election_id = $1 AND has_voted = 1", DI(election_id));
}

json_t *electorate_addresses(DbConn *c, Err *e, int64_t election_id, bool only_not_voted)
{
    return gov_rows(c, e,
                   "SELECT u.id, u.name, u.email FROM gov_electorate v JOIN users u ON u.id = v.user_id"
                   " WHERE v.election_id = $1 AND ($2 = 0 OR v.has_voted = 0) ORDER BY u.id",
                   DI(election_id), DI(only_not_voted ? 1 : 0));
}

json_t *admin_addresses(DbConn *c, Err *e)
{
    return gov_rows(c, e, "SELECT id, name, email FROM users WHERE is_admin = 1 ORDER BY id");
}

int user_address(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, name, email FROM users WHERE id = $1", DI(id));
}

/* ---------- ballots (no voter, no time) ---------- */

int ballot_insert(DbConn *c, Err *e, int64_t id, int64_t election_id, const char *tracker, const char *choice)
{
    /* 0 rows when the random id or tracker is taken already: the caller draws again */
    return db_exec(c, e, "INSERT INTO gov_ballots (id, election_id, tracker, choice) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                   DI(id), DI(election_id), DT(tracker), DT(choice));
}

json_t *ballot_rows(DbConn *c, Err *e, int64_t election_id)
{
    return gov_rows(c, e, "SELECT tracker, choice FROM gov_ballots WHERE election_id = $1 ORDER BY tracker", DI(election_id));
}

int ballot_by_tracker(DbConn *c, Err *e, int64_t election_id, const char *tracker, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT b.choice, (SELECT count(*) FROM gov_ballots o WHERE o.election_id = $1 AND o.tracker < $2) + 1 AS number,"
                  " (SELECT count(*) FROM gov_ballots a WHERE a.election_id = $1) AS of"
                  " FROM gov_ballots b WHERE b.election_id = $1 AND b.tracker = $2",
                  DI(election_id), DT(tracker));
}

/* ---------- forms ---------- */

json_t *body_rows(DbConn *c, Err *e)
{
    return gov_rows(c, e,
                   "SELECT 'board' AS key, 'Board' AS name, 0 AS rank UNION ALL"
                   " SELECT slug AS key, name || ' committee' AS name,"
                   " CASE kind WHEN 'country' THEN 1 WHEN 'region' THEN 2 ELSE 3 END AS rank FROM places"
                   " ORDER BY rank, name");
}
