/* store.c - the SQL of the unconference (store.h). */
#include "unconf/store.h"

static int done(int64_t changed) { return changed < 0 ? -1 : 0; }

int unconf_board_row(DbConn *c, Err *e, int64_t event_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ev.id AS event_id, ap.has_board, coalesce(b.dots, $2) AS dots,"
                  "       coalesce(b.voting_closes_at, 0) AS voting_closes_at, coalesce(b.seed, 1) AS seed,"
                  "       b.quality, b.random_quality, b.built_at, ev.starts_at, ev.ends_at, ev.timezone,"
                  "       ev.status AS event_status, ev.title"
                  "  FROM events ev JOIN apps ap ON ap.id = ev.app_id LEFT JOIN unconf_boards b ON b.event_id = ev.id"
                  " WHERE ev.id = $1",
                  DI(event_id), DI(BOARD_DOTS_DEFAULT));
}

int unconf_board_save(DbConn *c, Err *e, int64_t event_id, int64_t dots, int64_t closes_at, int64_t now)
{
    return done(db_exec(c, e,
                        "INSERT INTO unconf_boards (event_id, dots, voting_closes_at, updated_at) VALUES ($1, $2, $3, $4)"
                        " ON CONFLICT (event_id) DO UPDATE SET dots = $2, voting_closes_at = $3, updated_at = $4",
                        DI(event_id), DI(dots), DID(closes_at), DI(now)));
}

int unconf_board_built(DbConn *c, Err *e, int64_t event_id, int64_t seed, int64_t quality, int64_t random_quality,
                       int64_t now)
{
    return done(db_exec(c, e,
                        "INSERT INTO unconf_boards (event_id, seed, quality, random_quality, built_at, updated_at)"
                        " VALUES ($1, $2, $3, $4, $5, $5)"
                        " ON CONFLICT (event_id) DO UPDATE SET seed = $2, quality = $3, random_quality = $4,"
                        " built_at = $5, updated_at = $5",
                        DI(event_id), DI(seed), DI(quality), DI(random_quality), DI(now)));
}

int unconf_ticket_holder(DbConn *c, Err *e, int64_t event_id, int64_t user_id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n,
                 "SELECT count(*) FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'ticket'",
                 DI(event_id), DI(user_id)) < 0)
        return -1;
    return n > 0;
}

/* ---------- rooms and slots ---------- */

json_t *unconf_room_rows(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e, "SELECT id, name, capacity FROM unconf_rooms WHERE event_id = $1 ORDER BY position, id",
                   DI(event_id));
}

int unconf_room_insert(DbConn *c, Err *e, int64_t event_id, const char *name, int64_t capacity, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO unconf_rooms (event_id, name, capacity, position)"
                    " VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM unconf_rooms WHERE event_id = $1))"
                    " RETURNING id",
                    DI(event_id), DT(name), DI(capacity)) < 0
               ? -1
               : 0;
}

int unconf_room_delete(DbConn *c, Err *e, int64_t event_id, int64_t id)
{
    return done(db_exec(c, e, "DELETE FROM unconf_rooms WHERE event_id = $1 AND id = $2", DI(event_id), DI(id)));
}

json_t *unconf_slot_rows(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e, "SELECT id, starts_at, ends_at FROM unconf_slots WHERE event_id = $1 ORDER BY starts_at",
                   DI(event_id));
}

int unconf_slot_insert(DbConn *c, Err *e, int64_t event_id, int64_t starts_at, int64_t ends_at, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO unconf_slots (event_id, starts_at, ends_at) VALUES ($1, $2, $3) RETURNING id",
                    DI(event_id), DI(starts_at), DI(ends_at)) < 0
               ? -1
               : 0;
}

int unconf_slot_delete(DbConn *c, Err *e, int64_t event_id, int64_t id)
{
    return done(db_exec(c, e, "DELETE FROM unconf_slots WHERE event_id = $1 AND id = $2", DI(event_id), DI(id)));
}

/* ---------- sessions ---------- */

int unconf_session_insert(DbConn *c, Err *e, const SessionRow *s, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO unconf_sessions (event_id, title, description, kind, proposer_id, created_at, updated_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                    DI(s->event_id), DT(s->title), DT(s->description), DT(s->kind), DI(s->proposer_id), DI(s->now)) < 0
               ? -1
               : 0;
}

int unconf_session_row(DbConn *c, Err *e, int64_t event_id, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT s.id, s.event_id, s.title, s.description, s.kind, s.proposer_id, u.name AS proposer, s.status,"
                  "       s.merged_into, s.room_id, s.slot_id, s.is_locked, s.notes, s.scribe_id, s.headcount, s.item_id,"
                  "       s.captured_at, s.created_at, s.updated_at"
                  "  FROM unconf_sessions s JOIN users u ON u.id = s.proposer_id"
                  " WHERE s.event_id = $1 AND s.id = $2",
                  DI(event_id), DI(id));
}

int unconf_session_update(DbConn *c, Err *e, int64_t id, const SessionRow *s)
{
    return done(db_exec(c, e,
                        "UPDATE unconf_sessions SET title = $2, description = $3, kind = $4, updated_at = $5 WHERE id = $1",
                        DI(id), DT(s->title), DT(s->description), DT(s->kind), DI(s->now)));
}

int unconf_session_status_set(DbConn *c, Err *e, int64_t id, const char *status, int64_t merged_into, int64_t now)
{
    return done(db_exec(c, e,
                        "UPDATE unconf_sessions SET status = $2, merged_into = $3, room_id = NULL, slot_id = NULL,"
                        " is_locked = 0, updated_at = $4 WHERE id = $1",
                        DI(id), DT(status), DID(merged_into), DI(now)));
}

json_t *unconf_session_rows(DbConn *c, Err *e, int64_t event_id, int64_t viewer)
{
    return db_rows(c, e,
                   "SELECT s.id, s.title, s.description, s.kind, s.proposer_id, u.name AS proposer, s.room_id, s.slot_id,"
                   "       s.is_locked, s.item_id, s.captured_at, CASE WHEN s.notes <> '' THEN 1 ELSE 0 END AS is_captured,"
                   "       coalesce((SELECT sum(v.dots) FROM unconf_votes v WHERE v.session_id = s.id), 0) AS dots,"
                   "       (SELECT count(*) FROM unconf_votes v WHERE v.session_id = s.id) AS voters,"
                   "       coalesce((SELECT v.dots FROM unconf_votes v WHERE v.session_id = s.id AND v.user_id = $2), 0)"
                   "         AS my_dots,"
                   "       CASE WHEN s.proposer_id = $2 OR EXISTS (SELECT 1 FROM unconf_presenters p"
                   "            WHERE p.session_id = s.id AND p.user_id = $2) THEN 1 ELSE 0 END AS is_mine"
                   "  FROM unconf_sessions s JOIN users u ON u.id = s.proposer_id"
                   " WHERE s.event_id = $1 AND s.status = 'proposed'"
                   " ORDER BY dots DESC, voters DESC, s.id",
                   DI(event_id), DI(viewer));
}

int unconf_presenter_of(DbConn *c, Err *e, int64_t session_id, int64_t user_id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n,
                 "SELECT count(*) FROM unconf_sessions s WHERE s.id = $1 AND (s.proposer_id = $2 OR EXISTS"
                 " (SELECT 1 FROM unconf_presenters p WHERE p.session_id = s.id AND p.user_id = $2))",
                 DI(session_id), DI(user_id)) < 0)
        return -1;
    return n > 0;
}

int unconf_presenter_insert(DbConn *c, Err *e, int64_t session_id, int64_t user_id)
{
    return done(db_exec(c, e,
                        "INSERT INTO unconf_presenters (session_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        DI(session_id), DI(user_id)));
}

int unconf_presenter_delete(DbConn *c, Err *e, int64_t session_id, int64_t user_id)
{
    return done(db_exec(c, e, "DELETE FROM unconf_presenters WHERE session_id = $1 AND user_id = $2", DI(session_id),
                        DI(user_id)));
}

int unconf_ticket_holder_by_email(DbConn *c, Err *e, int64_t event_id, const char *email, int64_t *user_id)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "SELECT u.id FROM users u JOIN registrations g ON g.user_id = u.id"
                       " WHERE g.event_id = $1 AND g.status = 'ticket' AND lower(u.email) = lower($2)",
                       DI(event_id), DT(email));
    if (found > 0) *user_id = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    return found;
}

json_t *unconf_presenter_rows(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e,
                   "SELECT s.id AS session_id, s.proposer_id AS user_id FROM unconf_sessions s"
                   " WHERE s.event_id = $1 AND s.status = 'proposed'"
                   " UNION SELECT p.session_id, p.user_id FROM unconf_presenters p JOIN unconf_sessions s ON s.id = p.session_id"
                   " WHERE s.event_id = $1 AND s.status = 'proposed' ORDER BY 1, 2",
                   DI(event_id));
}

int unconf_unavailable_set(DbConn *c, Err *e, int64_t session_id, const int64_t *slots, int n)
{
    if (db_exec(c, e, "DELETE FROM unconf_unavailable WHERE session_id = $1", DI(session_id)) < 0) return -1;
    for (int i = 0; i < n; i++)
        if (db_exec(c, e,
                    "INSERT INTO unconf_unavailable (session_id, slot_id) SELECT $1, id FROM unconf_slots"
                    " WHERE id = $2 AND event_id = (SELECT event_id FROM unconf_sessions WHERE id = $1)"
                    " ON CONFLICT DO NOTHING",
                    DI(session_id), DI(slots[i])) < 0)
            return -1;
    return 0;
}

json_t *unconf_unavailable_rows(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e,
                   "SELECT x.session_id, x.slot_id FROM unconf_unavailable x JOIN unconf_sessions s ON s.id = x.session_id"
                   " WHERE s.event_id = $1 AND s.status = 'proposed' ORDER BY 1, 2",
                   DI(event_id));
}

/* ---------- votes ---------- */

int unconf_vote_set(DbConn *c, Err *e, int64_t session_id, int64_t user_id, int64_t dots, int64_t now)
{
    if (dots <= 0)
        return done(db_exec(c, e, "DELETE FROM unconf_votes WHERE session_id = $1 AND user_id = $2", DI(session_id),
                            DI(user_id)));
    return done(db_exec(c, e,
                        "INSERT INTO unconf_votes (session_id, user_id, dots, updated_at) VALUES ($1, $2, $3, $4)"
                        " ON CONFLICT (session_id, user_id) DO UPDATE SET dots = $3, updated_at = $4",
                        DI(session_id), DI(user_id), DI(dots), DI(now)));
}

int unconf_dots_used(DbConn *c, Err *e, int64_t event_id, int64_t user_id, int64_t except, int64_t *n)
{
    return db_int64(c, e, n,
                    "SELECT coalesce(sum(v.dots), 0) FROM unconf_votes v JOIN unconf_sessions s ON s.id = v.session_id"
                    " WHERE s.event_id = $1 AND s.status = 'proposed' AND v.user_id = $2 AND v.session_id <> $3",
                    DI(event_id), DI(user_id), DI(except)) < 0
               ? -1
               : 0;
}

int unconf_votes_move(DbConn *c, Err *e, int64_t from, int64_t into, int64_t now)
{
    if (db_exec(c, e,
                "UPDATE unconf_votes SET dots = (SELECT max(o.dots) FROM unconf_votes o WHERE o.session_id IN ($1, $2)"
                " AND o.user_id = unconf_votes.user_id), updated_at = $3"
                " WHERE session_id = $2 AND user_id IN (SELECT user_id FROM unconf_votes WHERE session_id = $1)",
                DI(from), DI(into), DI(now)) < 0 ||
        db_exec(c, e,
                "INSERT INTO unconf_votes (session_id, user_id, dots, updated_at)"
                " SELECT $2, user_id, dots, $3 FROM unconf_votes WHERE session_id = $1"
                " AND user_id NOT IN (SELECT user_id FROM unconf_votes WHERE session_id = $2)",
                DI(from), DI(into), DI(now)) < 0)
        return -1;
    return done(db_exec(c, e, "DELETE FROM unconf_votes WHERE session_id = $1", DI(from)));
}

json_t *unconf_vote_rows(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e,
                   "SELECT v.session_id, v.user_id FROM unconf_votes v JOIN unconf_sessions s ON s.id = v.session_id"
                   " WHERE s.event_id = $1 AND s.status = 'proposed' ORDER BY v.user_id, v.session_id",
                   DI(event_id));
}

/* ---------- the grid ---------- */

int unconf_place(DbConn *c, Err *e, int64_t session_id, int64_t room_id, int64_t slot_id, bool locked, int64_t now)
{
    return done(db_exec(c, e,
                        "UPDATE unconf_sessions SET room_id = $2, slot_id = $3, is_locked = $4, updated_at = $5 WHERE id = $1",
                        DI(session_id), DID(room_id), DID(slot_id), DBOOL(locked), DI(now)));
}

int unconf_unplace_unlocked(DbConn *c, Err *e, int64_t event_id, int64_t now)
{
    return done(db_exec(c, e,
                        "UPDATE unconf_sessions SET room_id = NULL, slot_id = NULL, updated_at = $2"
                        " WHERE event_id = $1 AND is_locked = 0 AND room_id IS NOT NULL",
                        DI(event_id), DI(now)));
}

json_t *unconf_placed_rows(DbConn *c, Err *e, int64_t event_id, int64_t mine)
{
    return db_rows(c, e,
                   "SELECT s.id, s.title, s.description, s.kind, s.updated_at, t.starts_at, t.ends_at, r.name AS room"
                   "  FROM unconf_sessions s JOIN unconf_slots t ON t.id = s.slot_id JOIN unconf_rooms r ON r.id = s.room_id"
                   " WHERE s.event_id = $1 AND s.status = 'proposed'"
                   "   AND ($2 = 0 OR s.proposer_id = $2 OR EXISTS (SELECT 1 FROM unconf_votes v WHERE v.session_id = s.id"
                   "        AND v.user_id = $2) OR EXISTS (SELECT 1 FROM unconf_presenters p WHERE p.session_id = s.id"
                   "        AND p.user_id = $2))"
                   " ORDER BY t.starts_at, r.position, r.id",
                   DI(event_id), DI(mine));
}

int unconf_capture_set(DbConn *c, Err *e, int64_t id, const char *notes, int64_t headcount, int64_t scribe_id, int64_t now)
{
    return done(db_exec(c, e,
                        "UPDATE unconf_sessions SET notes = $2, headcount = $3, scribe_id = coalesce(scribe_id, $4),"
                        " captured_at = $5, updated_at = $5 WHERE id = $1",
                        DI(id), DT(notes), headcount >= 0 ? DI(headcount) : DN, DID(scribe_id), DI(now)));
}

int unconf_item_set(DbConn *c, Err *e, int64_t id, int64_t item_id, int64_t now)
{
    return done(db_exec(c, e, "UPDATE unconf_sessions SET item_id = $2, updated_at = $3 WHERE id = $1", DI(id), DI(item_id),
                        DI(now)));
}

json_t *unconf_author_rows(DbConn *c, Err *e, int64_t id)
{
    return db_rows(c, e,
                   "SELECT proposer_id AS user_id, 0 AS k FROM unconf_sessions WHERE id = $1"
                   " UNION SELECT user_id, 1 FROM unconf_presenters WHERE session_id = $1"
                   " UNION SELECT scribe_id, 2 FROM unconf_sessions WHERE id = $1 AND scribe_id IS NOT NULL"
                   " ORDER BY k, user_id",
                   DI(id));
}

/* ---------- the audience and the spread (the sponsors' view) ---------- */

json_t *unconf_report_rows(DbConn *c, Err *e, int64_t event_id)
{
    return db_rows(c, e,
                   "SELECT s.id, s.title, s.kind, u.name AS proposer, r.name AS room, t.starts_at, t.ends_at,"
                   "       coalesce((SELECT sum(v.dots) FROM unconf_votes v WHERE v.session_id = s.id), 0) AS dots,"
                   "       (SELECT count(*) FROM unconf_votes v WHERE v.session_id = s.id) AS voters, s.headcount,"
                   "       CASE WHEN s.notes <> '' THEN 1 ELSE 0 END AS is_captured,"
                   "       CASE WHEN i.status = 'published' THEN i.slug END AS item_slug,"
                   "       CASE WHEN i.status = 'published' THEN 1 ELSE 0 END AS is_published,"
                   "       (SELECT count(*) FROM commons_uses cu WHERE cu.item_id = i.id AND i.status = 'published') AS uses,"
                   "       (SELECT count(DISTINCT cu.place_id) FROM commons_uses cu WHERE cu.item_id = i.id"
                   "          AND i.status = 'published') AS places,"
                   "       (SELECT count(*) FROM commons_items a WHERE a.based_on_id = i.id AND a.status = 'published'"
                   "          AND i.status = 'published') AS adaptations"
                   "  FROM unconf_sessions s JOIN users u ON u.id = s.proposer_id"
                   "  LEFT JOIN unconf_slots t ON t.id = s.slot_id LEFT JOIN unconf_rooms r ON r.id = s.room_id"
                   "  LEFT JOIN commons_items i ON i.id = s.item_id"
                   " WHERE s.event_id = $1 AND s.status = 'proposed'"
                   " ORDER BY CASE WHEN t.starts_at IS NULL THEN 1 ELSE 0 END, t.starts_at, r.position, s.id",
                   DI(event_id));
}

/* ---------- reminders to capture ---------- */

json_t *unconf_capture_due(DbConn *c, Err *e, int64_t ended_before, int64_t ended_after, int limit)
{
    return db_rows(c, e,
                   "SELECT s.id, s.title, ev.slug AS event_slug, ev.title AS event, t.ends_at, ev.timezone"
                   "  FROM unconf_sessions s JOIN unconf_slots t ON t.id = s.slot_id JOIN events ev ON ev.id = s.event_id"
                   " WHERE s.status = 'proposed' AND s.notes = '' AND s.capture_reminded_at IS NULL"
                   "   AND ev.status <> 'cancelled' AND t.ends_at <= $1 AND t.ends_at > $2"
                   " ORDER BY t.ends_at, s.id LIMIT $3",
                   DI(ended_before), DI(ended_after), DI(limit));
}

#define PRESENTERS_OF "u.id IN (SELECT proposer_id FROM unconf_sessions WHERE id = $1" \
                      " UNION SELECT user_id FROM unconf_presenters WHERE session_id = $1)"

json_t *unconf_presenter_contacts(DbConn *c, Err *e, int64_t session_id)
{
    return db_rows(c, e, "SELECT u.id, u.name, u.email FROM users u WHERE " PRESENTERS_OF " ORDER BY u.id", DI(session_id));
}

json_t *unconf_presenter_names(DbConn *c, Err *e, int64_t session_id)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name FROM users u WHERE " PRESENTERS_OF
                   " ORDER BY CASE WHEN u.id = (SELECT proposer_id FROM unconf_sessions WHERE id = $1) THEN 0 ELSE 1 END,"
                   " u.name, u.id",
                   DI(session_id));
}

int unconf_capture_reminded(DbConn *c, Err *e, int64_t id, int64_t now)
{
    return done(db_exec(c, e, "UPDATE unconf_sessions SET capture_reminded_at = $2 WHERE id = $1", DI(id), DI(now)));
}
