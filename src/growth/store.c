/* store.c - all the SQL of growth: the snapshot's set-based statements (a
 * few INSERT ... SELECT ... GROUP BY over the raw tables, never a statement
 * per chapter except for the chapters the risk rules flag) and the reads of
 * the series.
 *
 * Stocks are computed from their changes: each statement adds, per scope and
 * day, by how much a stock changed that day, and the changes before the first
 * day taken are added to that first day; growth_days_fill then sums them in
 * day order (a window) over every scope and day. So one pass over the raw
 * rows serves one day or a month of days alike. See store.h for the order. */
#include <string.h>

#include "growth/store.h"

int growth_store_history(DbConn *c, Err *e, int64_t *first_at, int64_t *chapters)
{
    *first_at = *chapters = 0;
    json_t *row = NULL;
    int found = db_row(c, e, &row, "SELECT min(created_at) AS first_at, count(*) AS n FROM chapters");
    if (found < 0) return -1;
    if (found) {
        *first_at = json_integer_value(json_object_get(row, "first_at"));
        *chapters = json_integer_value(json_object_get(row, "n"));
    }
    json_decref(row);
    return 0;
}

int growth_store_taken(DbConn *c, Err *e, int64_t from, int64_t to, int64_t *n)
{
    return db_int64(c, e, n,
                    "SELECT count(*) FROM growth_days WHERE scope_kind = 'network' AND scope_id = 0"
                    " AND day >= $1 AND day <= $2",
                    DI(from), DI(to)) < 0 ? -1 : 0;
}

int growth_last_day(DbConn *c, Err *e, int64_t *day)
{
    *day = 0;
    return db_int64(c, e, day, "SELECT max(day) FROM growth_days WHERE scope_kind = 'network' AND scope_id = 0") < 0
               ? -1 : 0;
}

int growth_work_clear(DbConn *c, Err *e)
{
    if (db_exec(c, e, "DELETE FROM growth_work") < 0 || db_exec(c, e, "DELETE FROM growth_work_days") < 0) return -1;
    return db_exec(c, e, "DELETE FROM growth_work_scopes") < 0 ? -1 : 0;
}

int growth_work_day_add(DbConn *c, Err *e, int64_t day, const char *label)
{
    return db_exec(c, e, "INSERT INTO growth_work_days (day, label) VALUES ($1, $2)", DI(day), DT(label)) < 0 ? -1 : 0;
}

int growth_work_scopes_fill(DbConn *c, Err *e)
{
    if (db_exec(c, e,
                "WITH RECURSIVE up (place_id, scope_id) AS ("
                "   SELECT id, id FROM places"
                "   UNION ALL SELECT up.place_id, p.parent_id FROM up JOIN places p ON p.id = up.scope_id"
                "    WHERE p.parent_id IS NOT NULL)"
                " INSERT INTO growth_work_scopes (of_kind, of_id, scope_kind, scope_id)"
                " SELECT 'place', place_id, 'place', scope_id FROM up"
                " UNION ALL SELECT 'place', id, 'network', 0 FROM places"
                " UNION ALL SELECT 'network', 0, 'network', 0") < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO growth_work_scopes (of_kind, of_id, scope_kind, scope_id)"
                   " SELECT 'chapter', c.id, s.scope_kind, s.scope_id"
                   "   FROM chapters c JOIN growth_work_scopes s ON s.of_kind = 'place' AND s.of_id = c.metro_id"
                   " UNION ALL SELECT 'chapter', id, 'chapter', id FROM chapters"
                   " UNION ALL SELECT 'chapter', id, 'sector', sector_id FROM chapters WHERE sector_id IS NOT NULL") < 0
               ? -1 : 0;
}

/* A person is a member of a chapter from a 'joined' event to a 'left' or
 * 'removed' one, and a connector from a 'connector' event to the next event;
 * dm and dk are how an event changes that (lag: against the event before).
 * Only the people with an event since `since` are read (all of them when it
 * is 0), with their whole history, and only their changes since then count:
 * the stocks before it come from the day taken before (growth_work_base). */
#define MEMBER_CHANGES                                                                                          \
    "WITH act AS (SELECT DISTINCT user_id FROM membership_events WHERE at >= $3 AND at < $2),"                  \
    " ev AS ("                                                                                                  \
    "   SELECT e.chapter_id, e.user_id, e.at, e.id,"                                                            \
    "          CASE WHEN e.kind IN ('left', 'removed') THEN 0 ELSE 1 END AS m,"                                 \
    "          CASE WHEN e.kind = 'connector' THEN 1 ELSE 0 END AS k"                                           \
    "     FROM act JOIN membership_events e ON e.user_id = act.user_id WHERE e.at < $2),"                       \
    " dv AS ("                                                                                                  \
    "   SELECT chapter_id, user_id, at - at % 86400 AS day,"                                                    \
    "          m - lag(m, 1, 0) OVER w AS dm, k - lag(k, 1, 0) OVER w AS dk"                                    \
    "     FROM ev WINDOW w AS (PARTITION BY chapter_id, user_id ORDER BY at, id)),"                             \
    " cu AS ("                                                                                                  \
    "   SELECT chapter_id, user_id, day, sum(dm) AS dm, sum(dk) AS dk FROM dv"                                  \
    "    GROUP BY chapter_id, user_id, day HAVING sum(dm) <> 0 OR sum(dk) <> 0)"

/* A chapter counts its people's net changes of the day (-1, 0, 1). */
int growth_work_members(DbConn *c, Err *e, int64_t from, int64_t end, int64_t since)
{
    return db_exec(c, e,
                   MEMBER_CHANGES
                   " INSERT INTO growth_work (scope_kind, scope_id, day, members, connectors, members_new, members_left)"
                   " SELECT 'chapter', chapter_id, CASE WHEN day < $1 THEN $1 ELSE day END, sum(dm), sum(dk),"
                   "        sum(CASE WHEN day >= $1 AND dm > 0 THEN 1 ELSE 0 END),"
                   "        sum(CASE WHEN day >= $1 AND dm < 0 THEN 1 ELSE 0 END)"
                   "   FROM cu WHERE day >= $3 GROUP BY chapter_id, CASE WHEN day < $1 THEN $1 ELSE day END",
                   DI(from), DI(end), DI(since)) < 0 ? -1 : 0;
}

/* A place, a sector, the network count people: su sums each person's
 * changes over the scope's chapters, rs runs them in day order, and the scope
 * changes when a person's count goes from 0 to more, or back. */
int growth_work_people(DbConn *c, Err *e, int64_t from, int64_t end, int64_t since)
{
    return db_exec(c, e,
                   MEMBER_CHANGES ","
                   " su AS ("
                   "   SELECT s.scope_kind, s.scope_id, cu.user_id, cu.day, sum(cu.dm) AS dm, sum(cu.dk) AS dk"
                   "     FROM cu JOIN growth_work_scopes s"
                   "       ON s.of_kind = 'chapter' AND s.of_id = cu.chapter_id AND s.scope_kind <> 'chapter'"
                   "    GROUP BY s.scope_kind, s.scope_id, cu.user_id, cu.day),"
                   " rs AS ("
                   "   SELECT scope_kind, scope_id, day, dm, dk, sum(dm) OVER w AS nm, sum(dk) OVER w AS nk"
                   "     FROM su WINDOW w AS (PARTITION BY scope_kind, scope_id, user_id ORDER BY day)),"
                   " tr AS ("
                   "   SELECT scope_kind, scope_id, day,"
                   "          (CASE WHEN nm > 0 THEN 1 ELSE 0 END) - (CASE WHEN nm - dm > 0 THEN 1 ELSE 0 END) AS tm,"
                   "          (CASE WHEN nk > 0 THEN 1 ELSE 0 END) - (CASE WHEN nk - dk > 0 THEN 1 ELSE 0 END) AS tk"
                   "     FROM rs WHERE day >= $3)"
                   " INSERT INTO growth_work (scope_kind, scope_id, day, members, connectors, members_new, members_left)"
                   " SELECT scope_kind, scope_id, CASE WHEN day < $1 THEN $1 ELSE day END, sum(tm), sum(tk),"
                   "        sum(CASE WHEN day >= $1 AND tm > 0 THEN 1 ELSE 0 END),"
                   "        sum(CASE WHEN day >= $1 AND tm < 0 THEN 1 ELSE 0 END)"
                   "   FROM tr GROUP BY scope_kind, scope_id, CASE WHEN day < $1 THEN $1 ELSE day END",
                   DI(from), DI(end), DI(since)) < 0 ? -1 : 0;
}

int growth_work_base(DbConn *c, Err *e, int64_t from, bool chapters)
{
    return db_exec(c, e,
                   "INSERT INTO growth_work (scope_kind, scope_id, day, members, connectors)"
                   " SELECT scope_kind, scope_id, $1, members, connectors FROM growth_days"
                   "  WHERE day = $2 AND (scope_kind <> 'chapter' OR $3 = 1)",
                   DI(from), DI(from - GROWTH_DAY), DBOOL(chapters)) < 0 ? -1 : 0;
}

/* The lifecycle of src/meetings (chapter_next_status), day by day: h numbers
 * each chapter's meetings held; from the activate_after-th (k = $3) each
 * starts an active spell (td) that ends at the next meeting (nd) or turns
 * dormant on the day (dd) its distance passes $4 seconds, until the next. st
 * holds the changes (+1 into a status, -1 out of it), at the earliest on the
 * day the chapter was made (cd); a closed chapter ends all of them on the day
 * it last changed (xd) and is closed from then on. */
int growth_work_statuses(DbConn *c, Err *e, int64_t from, int64_t end, int64_t activate_after, int64_t dormant_seconds)
{
    return db_exec(c, e,
                   "WITH h AS ("
                   "   SELECT m.chapter_id, c.created_at - c.created_at % 86400 AS cd, m.starts_at AS t,"
                   "          row_number() OVER w AS k, lead(m.starts_at) OVER w AS nt"
                   "     FROM meetings m JOIN chapters c ON c.id = m.chapter_id"
                   "    WHERE m.status = 'held' AND m.starts_at < $2 AND c.created_at < $2"
                   "   WINDOW w AS (PARTITION BY m.chapter_id ORDER BY m.starts_at, m.id)),"
                   " hd AS ("
                   "   SELECT chapter_id, cd, k, t - t % 86400 AS td, (t + $4 + 1) - (t + $4 + 1) % 86400 AS dd,"
                   "          CASE WHEN nt IS NULL THEN NULL ELSE nt - nt % 86400 END AS nd"
                   "     FROM h WHERE k >= $3),"
                   " st (chapter_id, cd, status, day, d) AS ("
                   "   SELECT id, created_at - created_at % 86400, 'forming', created_at - created_at % 86400, 1"
                   "     FROM chapters WHERE created_at < $2"
                   "   UNION ALL SELECT chapter_id, cd, 'forming', td, -1 FROM hd WHERE k = $3"
                   "   UNION ALL SELECT chapter_id, cd, 'active', td, 1 FROM hd"
                   "   UNION ALL SELECT chapter_id, cd, 'active', CASE WHEN nd < dd THEN nd ELSE dd END, -1 FROM hd"
                   "   UNION ALL SELECT chapter_id, cd, 'dormant', dd, 1 FROM hd WHERE nd IS NULL OR dd < nd"
                   "   UNION ALL SELECT chapter_id, cd, 'dormant', nd, -1 FROM hd WHERE dd < nd),"
                   " cl AS ("
                   "   SELECT id AS chapter_id, CASE WHEN updated_at < created_at THEN created_at - created_at % 86400"
                   "          ELSE updated_at - updated_at % 86400 END AS xd"
                   "     FROM chapters WHERE status = 'closed' AND created_at < $2),"
                   " sc AS ("
                   "   SELECT st.chapter_id, st.status, CASE WHEN st.day < st.cd THEN st.cd ELSE st.day END AS day,"
                   "          st.d, cl.xd"
                   "     FROM st LEFT JOIN cl ON cl.chapter_id = st.chapter_id),"
                   " fin AS ("
                   "   SELECT chapter_id, status, day, d FROM sc WHERE xd IS NULL OR day < xd"
                   "   UNION ALL SELECT chapter_id, status, xd, -sum(d) FROM sc WHERE day < xd GROUP BY chapter_id, status, xd"
                   "   UNION ALL SELECT chapter_id, 'closed', xd, 1 FROM cl),"
                   " fc AS ("
                   "   SELECT chapter_id, CASE WHEN day < $1 THEN $1 ELSE day END AS day,"
                   "          sum(CASE WHEN status = 'forming' THEN d ELSE 0 END) AS f,"
                   "          sum(CASE WHEN status = 'active' THEN d ELSE 0 END) AS a,"
                   "          sum(CASE WHEN status = 'dormant' THEN d ELSE 0 END) AS z,"
                   "          sum(CASE WHEN status = 'closed' THEN d ELSE 0 END) AS x"
                   "     FROM fin WHERE day < $2 GROUP BY chapter_id, CASE WHEN day < $1 THEN $1 ELSE day END)"
                   " INSERT INTO growth_work (scope_kind, scope_id, day, chapters_forming, chapters_active,"
                   "                          chapters_dormant, chapters_closed)"
                   " SELECT s.scope_kind, s.scope_id, fc.day, sum(fc.f), sum(fc.a), sum(fc.z), sum(fc.x)"
                   "   FROM fc JOIN growth_work_scopes s ON s.of_kind = 'chapter' AND s.of_id = fc.chapter_id"
                   "  GROUP BY s.scope_kind, s.scope_id, fc.day",
                   DI(from), DI(end), DI(activate_after), DI(dormant_seconds)) < 0 ? -1 : 0;
}

int growth_work_statuses_now(DbConn *c, Err *e, int64_t day)
{
    return db_exec(c, e,
                   "INSERT INTO growth_work (scope_kind, scope_id, day, now_forming, now_active, now_dormant, now_closed)"
                   " SELECT s.scope_kind, s.scope_id, $1,"
                   "        sum(CASE WHEN c.status = 'forming' THEN 1 ELSE 0 END),"
                   "        sum(CASE WHEN c.status = 'active' THEN 1 ELSE 0 END),"
                   "        sum(CASE WHEN c.status = 'dormant' THEN 1 ELSE 0 END),"
                   "        sum(CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END)"
                   "   FROM chapters c JOIN growth_work_scopes s ON s.of_kind = 'chapter' AND s.of_id = c.id"
                   "  WHERE c.created_at < $2 GROUP BY s.scope_kind, s.scope_id",
                   DI(day), DI(day + GROWTH_DAY)) < 0 ? -1 : 0;
}

/* Per meeting held: its yes answers, the people present, and those of them
 * present at an earlier meeting of the chapter (attendance_user finds them). */
int growth_work_meetings(DbConn *c, Err *e, int64_t from, int64_t end)
{
    return db_exec(c, e,
                   "WITH mt AS ("
                   "   SELECT m.id, m.chapter_id, m.starts_at, m.starts_at - m.starts_at % 86400 AS day"
                   "     FROM meetings m WHERE m.starts_at >= $1 AND m.starts_at < $2 AND m.status = 'held'),"
                   " pm AS ("
                   "   SELECT mt.chapter_id, mt.day,"
                   "          (SELECT count(*) FROM rsvps r WHERE r.meeting_id = mt.id AND r.answer = 'yes') AS yes,"
                   "          (SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.is_present = 1) AS present,"
                   "          (SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.is_present = 1"
                   "              AND EXISTS (SELECT 1 FROM attendance b JOIN meetings p ON p.id = b.meeting_id"
                   "                           WHERE b.user_id = a.user_id AND b.is_present = 1"
                   "                             AND p.chapter_id = mt.chapter_id AND p.status = 'held'"
                   "                             AND p.starts_at < mt.starts_at)) AS back"
                   "     FROM mt),"
                   " pc AS ("
                   "   SELECT chapter_id, day, count(*) AS held, sum(yes) AS yes, sum(present) AS present,"
                   "          sum(back) AS back"
                   "     FROM pm GROUP BY chapter_id, day)"
                   " INSERT INTO growth_work (scope_kind, scope_id, day, meetings_held, rsvps_yes, checkins,"
                   "                          checkins_returning)"
                   " SELECT s.scope_kind, s.scope_id, pc.day, sum(pc.held), sum(pc.yes), sum(pc.present), sum(pc.back)"
                   "   FROM pc JOIN growth_work_scopes s ON s.of_kind = 'chapter' AND s.of_id = pc.chapter_id"
                   "  GROUP BY s.scope_kind, s.scope_id, pc.day",
                   DI(from), DI(end)) < 0 ? -1 : 0;
}

/* An event counts for its host: its chapter, else its place, else the network. */
int growth_work_events(DbConn *c, Err *e, int64_t from, int64_t end)
{
    return db_exec(c, e,
                   "WITH ev AS ("
                   "   SELECT CASE WHEN e.chapter_id IS NOT NULL THEN 'chapter'"
                   "               WHEN e.place_id IS NOT NULL THEN 'place' ELSE 'network' END AS of_kind,"
                   "          coalesce(e.chapter_id, e.place_id, 0) AS of_id, e.starts_at - e.starts_at % 86400 AS day,"
                   "          (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'ticket') AS tickets,"
                   "          (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'ticket'"
                   "              AND r.checked_in_at IS NOT NULL) AS checkins"
                   "     FROM events e WHERE e.starts_at >= $1 AND e.starts_at < $2 AND e.status <> 'cancelled')"
                   " INSERT INTO growth_work (scope_kind, scope_id, day, events, tickets, event_checkins)"
                   " SELECT s.scope_kind, s.scope_id, ev.day, count(*), sum(ev.tickets), sum(ev.checkins)"
                   "   FROM ev JOIN growth_work_scopes s ON s.of_kind = ev.of_kind AND s.of_id = ev.of_id"
                   "  GROUP BY s.scope_kind, s.scope_id, ev.day",
                   DI(from), DI(end)) < 0 ? -1 : 0;
}

/* Items count for the chapter they came from, else their place, else the
 * network, from the day published to the day withdrawn; uses for the chapter
 * that used the item, else the place where it was used (an event's). */
int growth_work_commons(DbConn *c, Err *e, int64_t from, int64_t end)
{
    return db_exec(c, e,
                   "WITH it AS ("
                   "   SELECT CASE WHEN chapter_id IS NOT NULL THEN 'chapter'"
                   "               WHEN place_id IS NOT NULL THEN 'place' ELSE 'network' END AS of_kind,"
                   "          coalesce(chapter_id, place_id, 0) AS of_id, published_at, withdrawn_at"
                   "     FROM commons_items WHERE published_at IS NOT NULL AND published_at < $2),"
                   " dl (of_kind, of_id, day, items, uses) AS ("
                   "   SELECT of_kind, of_id, published_at - published_at % 86400, 1, 0 FROM it"
                   "   UNION ALL SELECT of_kind, of_id, withdrawn_at - withdrawn_at % 86400, -1, 0 FROM it"
                   "    WHERE withdrawn_at IS NOT NULL AND withdrawn_at < $2"
                   "   UNION ALL SELECT CASE WHEN chapter_id IS NOT NULL THEN 'chapter' ELSE 'place' END,"
                   "          coalesce(chapter_id, place_id), used_on - used_on % 86400, 0, 1"
                   "     FROM commons_uses WHERE used_on >= $1 AND used_on < $2),"
                   " fd AS ("
                   "   SELECT of_kind, of_id, CASE WHEN day < $1 THEN $1 ELSE day END AS day, sum(items) AS items,"
                   "          sum(uses) AS uses"
                   "     FROM dl GROUP BY of_kind, of_id, CASE WHEN day < $1 THEN $1 ELSE day END)"
                   " INSERT INTO growth_work (scope_kind, scope_id, day, items, item_uses)"
                   " SELECT s.scope_kind, s.scope_id, fd.day, sum(fd.items), sum(fd.uses)"
                   "   FROM fd JOIN growth_work_scopes s ON s.of_kind = fd.of_kind AND s.of_id = fd.of_id"
                   "  GROUP BY s.scope_kind, s.scope_id, fd.day",
                   DI(from), DI(end)) < 0 ? -1 : 0;
}

int growth_work_risk(DbConn *c, Err *e, int64_t chapter_id, int64_t day, unsigned risk)
{
    return db_exec(c, e,
                   "INSERT INTO growth_work (scope_kind, scope_id, day, at_risk, risk_flags) VALUES ('chapter', $1, $2, 1, $3)",
                   DI(chapter_id), DI(day), DI(risk)) < 0 ? -1 : 0;
}

int growth_work_risk_counts(DbConn *c, Err *e, int64_t day)
{
    return db_exec(c, e,
                   "INSERT INTO growth_work (scope_kind, scope_id, day, at_risk)"
                   " SELECT s.scope_kind, s.scope_id, $1, count(*)"
                   "   FROM growth_work w JOIN growth_work_scopes s"
                   "     ON s.of_kind = 'chapter' AND s.of_id = w.scope_id AND s.scope_kind <> 'chapter'"
                   "  WHERE w.scope_kind = 'chapter' AND w.day = $1 AND w.at_risk = 1"
                   "  GROUP BY s.scope_kind, s.scope_id",
                   DI(day)) < 0 ? -1 : 0;
}

int growth_work_analyze(DbConn *c, Err *e)
{
    if (db_conn_kind(c) != DB_POSTGRES) return 0;   /* SQLite plans these joins well without figures */
    return db_exec(c, e, "ANALYZE growth_work_days, growth_work_scopes, growth_work") < 0 ? -1 : 0;
}

/* A posting counts for the unit of its account (a basket's unit for a
 * basket): what came in through income and contributions, less what their
 * reversals took back; what a unit paid out is not counted against it. The
 * range of days as the books spell them starts the plan from the
 * transactions of those days (ledger_transactions_when), not from every
 * posting. Chapters get rows from `chapters_from`, as in growth_days. */
int growth_received_fill(DbConn *c, Err *e, const char *first, const char *last, int64_t chapters_from)
{
    return db_exec(c, e,
                   "INSERT INTO growth_received (scope_kind, scope_id, day, resource, amount)"
                   " SELECT s.scope_kind, s.scope_id, wd.day, p.resource, sum(p.amount)"
                   "   FROM growth_work_days wd"
                   "   JOIN ledger_transactions t ON t.occurred_on = wd.label"
                   "   LEFT JOIN ledger_transactions o ON o.id = t.reverses_id"
                   "   JOIN ledger_postings p ON p.transaction_id = t.id"
                   "   JOIN ledger_accounts a ON a.id = p.account_id"
                   "   LEFT JOIN ledger_accounts u ON a.kind = 'basket' AND u.id = a.parent_id"
                   "   JOIN growth_work_scopes s ON s.of_kind = coalesce(u.kind, a.kind) AND s.of_id = coalesce(u.ref_id, a.ref_id)"
                   "  WHERE t.occurred_on >= $1 AND t.occurred_on <= $2 AND (s.scope_kind <> 'chapter' OR wd.day >= $3)"
                   "    AND ((t.kind IN ('income', 'contribution') AND p.amount > 0)"
                   "      OR (t.kind = 'reversal' AND o.kind IN ('income', 'contribution') AND p.amount < 0))"
                   "  GROUP BY s.scope_kind, s.scope_id, wd.day, p.resource HAVING sum(p.amount) <> 0",
                   DT(first), DT(last), DI(chapters_from)) < 0 ? -1 : 0;
}

/* The days taken, every scope: the stocks summed from their changes in day
 * order (the window), the flows as they are; a chapter's rows start on the
 * day it was made, or on `chapters_from` (none when that is after the days). */
int growth_days_fill(DbConn *c, Err *e, int64_t end, int64_t chapters_from, int64_t live_day, int64_t taken_at)
{
    return db_exec(c, e,
                   "WITH sc (scope_kind, scope_id, since) AS ("
                   "   SELECT 'network', 0, 0"
                   "   UNION ALL SELECT 'place', id, 0 FROM places"
                   "   UNION ALL SELECT 'sector', id, 0 FROM sectors"
                   "   UNION ALL SELECT 'chapter', id, CASE WHEN created_at - created_at % 86400 < $2 THEN $2"
                   "                                    ELSE created_at - created_at % 86400 END"
                   "     FROM chapters WHERE created_at < $1 AND $2 < $1),"
                   " w AS ("
                   "   SELECT scope_kind, scope_id, day, sum(chapters_forming) AS cf, sum(chapters_active) AS ca,"
                   "          sum(chapters_dormant) AS cz, sum(chapters_closed) AS cx, sum(now_forming) AS nf,"
                   "          sum(now_active) AS na, sum(now_dormant) AS nz, sum(now_closed) AS nx, sum(members) AS mb,"
                   "          sum(members_new) AS mn, sum(members_left) AS ml, sum(connectors) AS cn,"
                   "          sum(meetings_held) AS mh, sum(rsvps_yes) AS ry, sum(checkins) AS ci,"
                   "          sum(checkins_returning) AS cr, sum(events) AS ev, sum(tickets) AS tk,"
                   "          sum(event_checkins) AS ec, sum(items) AS it, sum(item_uses) AS iu, sum(at_risk) AS ar,"
                   "          sum(risk_flags) AS rf"
                   "     FROM growth_work GROUP BY scope_kind, scope_id, day),"
                   " r AS ("
                   "   SELECT g.scope_kind, g.scope_id, d.day, g.since,"
                   "          sum(coalesce(w.cf, 0)) OVER k AS cf, sum(coalesce(w.ca, 0)) OVER k AS ca,"
                   "          sum(coalesce(w.cz, 0)) OVER k AS cz, sum(coalesce(w.cx, 0)) OVER k AS cx,"
                   "          sum(coalesce(w.mb, 0)) OVER k AS mb, sum(coalesce(w.cn, 0)) OVER k AS cn,"
                   "          sum(coalesce(w.it, 0)) OVER k AS it,"
                   "          coalesce(w.nf, 0) AS nf, coalesce(w.na, 0) AS na, coalesce(w.nz, 0) AS nz,"
                   "          coalesce(w.nx, 0) AS nx, coalesce(w.mn, 0) AS mn, coalesce(w.ml, 0) AS ml,"
                   "          coalesce(w.mh, 0) AS mh, coalesce(w.ry, 0) AS ry, coalesce(w.ci, 0) AS ci,"
                   "          coalesce(w.cr, 0) AS cr, coalesce(w.ev, 0) AS ev, coalesce(w.tk, 0) AS tk,"
                   "          coalesce(w.ec, 0) AS ec, coalesce(w.iu, 0) AS iu, coalesce(w.ar, 0) AS ar,"
                   "          coalesce(w.rf, 0) AS rf"
                   "     FROM sc g CROSS JOIN growth_work_days d"
                   "     LEFT JOIN w ON w.scope_kind = g.scope_kind AND w.scope_id = g.scope_id AND w.day = d.day"
                   "   WINDOW k AS (PARTITION BY g.scope_kind, g.scope_id ORDER BY d.day))"
                   " INSERT INTO growth_days (scope_kind, scope_id, day, chapters_forming, chapters_active,"
                   "        chapters_dormant, chapters_closed, members, members_new, members_left, connectors,"
                   "        meetings_held, rsvps_yes, checkins, checkins_returning, events, tickets, event_checkins,"
                   "        items, item_uses, at_risk, risk_flags, is_backfill, taken_at)"
                   " SELECT scope_kind, scope_id, day, CASE WHEN day = $3 THEN nf ELSE cf END,"
                   "        CASE WHEN day = $3 THEN na ELSE ca END, CASE WHEN day = $3 THEN nz ELSE cz END,"
                   "        CASE WHEN day = $3 THEN nx ELSE cx END, mb, mn, ml, cn, mh, ry, ci, cr, ev, tk, ec, it, iu, ar,"
                   "        rf, CASE WHEN day = $3 THEN 0 ELSE 1 END, $4"
                   "   FROM r WHERE day >= since",
                   DI(end), DI(chapters_from), DI(live_day), DI(taken_at)) < 0 ? -1 : 0;
}

/* Facts (part 0) and then the people present at the chapter's last meetings
 * held (part 1, oldest first), chapter by chapter. */
int growth_store_chapter_facts(DbConn *c, Err *e, int64_t now, int64_t end, GrowthFactsFn fn, void *ctx)
{
    DbRes *r = db_query(c, e,
                        "WITH lm AS ("
                        "   SELECT m.id, m.chapter_id, m.starts_at,"
                        "          row_number() OVER (PARTITION BY m.chapter_id ORDER BY m.starts_at DESC, m.id DESC) AS rn"
                        "     FROM meetings m WHERE m.status = 'held')"
                        " SELECT c.id, 0 AS part, c.status, c.created_at AS at,"
                        "        coalesce((SELECT max(m.starts_at) FROM meetings m"
                        "                   WHERE m.chapter_id = c.id AND m.status = 'held'), 0) AS last_held,"
                        "        coalesce((SELECT min(m.starts_at) FROM meetings m"
                        "                   WHERE m.chapter_id = c.id AND m.status = 'scheduled' AND m.starts_at > $1), 0)"
                        "          AS next_at,"
                        "        (SELECT count(*) FROM memberships ms WHERE ms.chapter_id = c.id AND ms.role = 'connector')"
                        "          AS connectors"
                        "   FROM chapters c WHERE c.status <> 'closed' AND c.created_at < $2"
                        " UNION ALL"
                        " SELECT lm.chapter_id, 1, NULL, lm.starts_at,"
                        "        (SELECT count(*) FROM attendance a WHERE a.meeting_id = lm.id AND a.is_present = 1), 0, 0"
                        "   FROM lm WHERE lm.rn <= $3"
                        " ORDER BY 1, 2, 4",
                        DI(now), DI(end), DI(GROWTH_ATTENDANCE_MEETINGS));
    if (!r) return -1;
    int rc = 0, more = 0;
    int64_t id = 0, present[GROWTH_ATTENDANCE_MEETINGS];
    char status[16] = "";
    ChapterFacts f = { .status = status, .present = present };
    while (rc == 0 && (more = db_next(r)) > 0) {
        if (db_int(r, 1) == 1) {
            if (db_int(r, 0) == id && f.npresent < GROWTH_ATTENDANCE_MEETINGS) present[f.npresent++] = db_int(r, 4);
            continue;
        }
        if (id) rc = fn(ctx, id, &f, e);
        id = db_int(r, 0);
        snprintf(status, sizeof status, "%s", db_text(r, 2));
        f.created_at = db_int(r, 3);
        f.last_held_at = db_int(r, 4);
        f.next_meeting_at = db_int(r, 5);
        f.connectors = db_int(r, 6);
        f.npresent = 0;
    }
    if (more < 0) rc = -1;
    if (rc == 0 && id) rc = fn(ctx, id, &f, e);
    db_done(r);
    return rc;
}

/* ---------- reads ---------- */

json_t *growth_series(DbConn *c, Err *e, const char *scope_kind, int64_t scope_id, int64_t from, int64_t to)
{
    return db_rows(c, e,
                   "SELECT day, chapters_forming, chapters_active, chapters_dormant, chapters_closed, members,"
                   "       members_new, members_left, connectors, meetings_held, rsvps_yes, checkins, checkins_returning,"
                   "       events, tickets, event_checkins, items, item_uses, at_risk, risk_flags, is_backfill, taken_at"
                   "  FROM growth_days WHERE scope_kind = $1 AND scope_id = $2 AND day >= $3 AND day <= $4 ORDER BY day",
                   DT(scope_kind), DI(scope_id), DI(from), DI(to));
}

json_t *growth_received_series(DbConn *c, Err *e, const char *scope_kind, int64_t scope_id, int64_t from, int64_t to)
{
    return db_rows(c, e,
                   "SELECT day, resource, amount FROM growth_received"
                   " WHERE scope_kind = $1 AND scope_id = $2 AND day >= $3 AND day <= $4 ORDER BY day, resource",
                   DT(scope_kind), DI(scope_id), DI(from), DI(to));
}

/* The index of `day` in the ascending days, or -1. */
static long day_index(const GrowthDays *d, int64_t day)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->day[mid] < day) lo = mid + 1;
        else hi = mid;
    }
    return lo < d->n && d->day[lo] == day ? (long)lo : -1;
}

static int received_read(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, int64_t from, int64_t to, GrowthDays *d)
{
    enum { RES_MAX = 32 };
    d->resource = arena_alloc(a, RES_MAX * sizeof *d->resource);
    d->received = arena_alloc(a, RES_MAX * sizeof *d->received);
    DbRes *r = db_query(c, e,
                        "SELECT day, resource, amount FROM growth_received"
                        " WHERE scope_kind = $1 AND scope_id = $2 AND day >= $3 AND day <= $4 ORDER BY resource, day",
                        DT(kind), DI(id), DI(from), DI(to));
    if (!r) return -1;
    int rc;
    while ((rc = db_next(r)) > 0) {
        const char *res = db_text(r, 1);
        long i = day_index(d, db_int(r, 0));
        if (i < 0 || !res) continue;
        if (!d->nres || strcmp(d->resource[d->nres - 1], res) != 0) {
            if (d->nres == RES_MAX) continue;   /* a node with more resources shows the first 32 */
            d->resource[d->nres] = arena_strdup(a, res);
            d->received[d->nres] = arena_alloc(a, (d->n ? d->n : 1) * sizeof(int64_t));
            memset(d->received[d->nres], 0, (d->n ? d->n : 1) * sizeof(int64_t));
            d->nres++;
        }
        d->received[d->nres - 1][i] = db_int(r, 2);
    }
    db_done(r);
    return rc < 0 ? -1 : 0;
}

int growth_days_read(DbConn *c, Err *e, Arena *a, const char *kind, int64_t id, int64_t from, int64_t to, GrowthDays *d)
{
    memset(d, 0, sizeof *d);
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM growth_days WHERE scope_kind = $1 AND scope_id = $2 AND day >= $3 AND day <= $4",
                 DT(kind), DI(id), DI(from), DI(to)) < 0)
        return -1;
    size_t cap = n > 0 ? (size_t)n : 1;
    d->day = arena_alloc(a, cap * sizeof *d->day);
    d->backfill = arena_alloc(a, cap * sizeof *d->backfill);
    d->risk = arena_alloc(a, cap * sizeof *d->risk);
    for (int f = 0; f < GF_COUNT; f++) d->v[f] = arena_alloc(a, cap * sizeof(int64_t));
    DbRes *r = db_query(c, e,
                        "SELECT day, chapters_forming, chapters_active, chapters_dormant, chapters_closed, members,"
                        "       members_new, members_left, connectors, meetings_held, rsvps_yes, checkins, checkins_returning,"
                        "       events, tickets, event_checkins, items, item_uses, at_risk, is_backfill, risk_flags"
                        "  FROM growth_days WHERE scope_kind = $1 AND scope_id = $2 AND day >= $3 AND day <= $4 ORDER BY day",
                        DT(kind), DI(id), DI(from), DI(to));
    if (!r) return -1;
    int rc;
    while ((rc = db_next(r)) > 0 && d->n < cap) {
        d->day[d->n] = db_int(r, 0);
        for (int f = 0; f < GF_COUNT; f++) d->v[f][d->n] = db_int(r, 1 + f);
        d->backfill[d->n] = db_int(r, 1 + GF_COUNT) != 0;
        d->risk[d->n] = db_int(r, 2 + GF_COUNT);
        d->n++;
    }
    db_done(r);
    if (rc < 0) return -1;
    return received_read(c, e, a, kind, id, from, to, d);
}

json_t *growth_store_resources(DbConn *c, Err *e)
{
    json_t *rows = db_rows(c, e, "SELECT code, kind, name, decimals FROM resources ORDER BY code");
    if (!rows) return NULL;
    json_t *out = json_object(), *row;
    size_t i;
    json_array_foreach(rows, i, row) json_object_set(out, json_string_value(json_object_get(row, "code")), row);
    json_decref(rows);
    return out;
}
