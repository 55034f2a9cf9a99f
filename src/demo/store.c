/* store.c - the SQL of `glocal demo` (src/demo/demo.c).
 *
 * The demo builds its network through the same store functions as the web
 * pages (user_insert, chapter_insert, membership_add, invitation_insert...),
 * which stamp every row with the present moment. The few statements here look
 * things up so that a half-filled database can be filled again, and backdate
 * what the real functions wrote so that the network looks as if it had grown
 * over the last eighteen months. Times are Unix seconds computed by the caller.
 * The books themselves (ledger_transactions, ledger_postings) are never touched
 * here: they are append-only and written in order with their own times; only
 * what sits beside them (organisations, accounts' opening dates, expense
 * claims, canvas words) is written or backdated.
 *
 * Every function returns 0 (or 1 found / 0 not found for the lookups) and -1
 * with e filled; the writers are called inside db_write. demo.h declares them. */
#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "demo/demo.h"

/* ---------- lookups ---------- */

int demo_chapter_count(DbConn *c, Err *e, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM chapters") < 0 ? -1 : 0;
}

int demo_place_find(DbConn *c, Err *e, const char *slug, const char *kind, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM places WHERE slug = $1 AND kind = $2", DT(slug), DT(kind));
}

int demo_sector_find(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM sectors WHERE slug = $1", DT(slug));
}

int demo_user_find(DbConn *c, Err *e, const char *email, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM users WHERE email = $1", DT(email));
}

/* ---------- places, sectors, people, the pledge ---------- */

int demo_place_backdate(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE places SET created_at = $2 WHERE id = $1", DI(id), DI(at)) < 0 ? -1 : 0;
}

int demo_sector_backdate(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE sectors SET created_at = $2 WHERE id = $1", DI(id), DI(at)) < 0 ? -1 : 0;
}

/* The profile fields user_insert leaves empty, and when the account was made. */
int demo_user_profile(DbConn *c, Err *e, int64_t id, const char *organisation, const char *bio, int64_t created)
{
    return db_exec(c, e,
                   "UPDATE users SET organisation = $2, bio = $3, created_at = $4, password_changed_at = $4 WHERE id = $1",
                   DI(id), DT(organisation), DT(bio), DI(created)) < 0 ? -1 : 0;
}

int demo_user_backdate(DbConn *c, Err *e, int64_t id, int64_t created)
{
    return db_exec(c, e, "UPDATE users SET created_at = $2, password_changed_at = $2 WHERE id = $1",
                   DI(id), DI(created)) < 0 ? -1 : 0;
}

/* The administrators predate the network (only ever moved back in time). */
int demo_admin_backdate(DbConn *c, Err *e, int64_t at)
{
    return db_exec(c, e, "UPDATE users SET created_at = $1 WHERE is_admin = 1 AND created_at > $1", DI(at)) < 0 ? -1 : 0;
}

int demo_pledge_backdate(DbConn *c, Err *e, int64_t version, int64_t at)
{
    return db_exec(c, e, "UPDATE pledges SET created_at = $2 WHERE version = $1 AND created_at > $2",
                   DI(version), DI(at)) < 0 ? -1 : 0;
}

int demo_acceptance_backdate(DbConn *c, Err *e, int64_t user_id, int64_t version, int64_t at)
{
    return db_exec(c, e, "UPDATE pledge_acceptances SET accepted_at = $3 WHERE user_id = $1 AND version = $2",
                   DI(user_id), DI(version), DI(at)) < 0 ? -1 : 0;
}

/* ---------- chapters and membership ---------- */

int demo_chapter_backdate(DbConn *c, Err *e, int64_t id, const char *status, int64_t created, int64_t updated)
{
    return db_exec(c, e, "UPDATE chapters SET status = $2, created_at = $3, updated_at = $4 WHERE id = $1",
                   DI(id), DT(status), DI(created), DI(updated)) < 0 ? -1 : 0;
}

/* When someone joined: the membership row and its 'joined' event. */
int demo_membership_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t joined)
{
    if (db_exec(c, e, "UPDATE memberships SET joined_at = $3 WHERE chapter_id = $1 AND user_id = $2",
                DI(chapter_id), DI(user_id), DI(joined)) < 0)
        return -1;
    return demo_event_backdate(c, e, chapter_id, user_id, "joined", joined);
}

/* Moves the membership events of one kind ('connector', 'left'...) of a person in a chapter. */
int demo_event_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *kind, int64_t at)
{
    return db_exec(c, e, "UPDATE membership_events SET at = $4 WHERE chapter_id = $1 AND user_id = $2 AND kind = $3",
                   DI(chapter_id), DI(user_id), DT(kind), DI(at)) < 0 ? -1 : 0;
}

/* ---------- invitations, the outbox, join requests ---------- */

/* accepted and revoked: 0 leaves the column empty. */
int demo_invitation_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t expires, int64_t accepted,
                             int64_t revoked)
{
    return db_exec(c, e,
                   "UPDATE invitations SET created_at = $2, expires_at = $3, accepted_at = $4, revoked_at = $5 WHERE id = $1",
                   DI(id), DI(created), DI(expires), DID(accepted), DID(revoked)) < 0 ? -1 : 0;
}

/* The newest e-mail queued for `to`. */
int demo_outbox_backdate(DbConn *c, Err *e, const char *to, int64_t at)
{
    return db_exec(c, e, "UPDATE outbox SET created_at = $2 WHERE id = (SELECT max(id) FROM outbox WHERE to_email = $1)",
                   DT(to), DI(at)) < 0 ? -1 : 0;
}

int demo_outbox_last(DbConn *c, Err *e, int64_t *id)
{
    return db_int64(c, e, id, "SELECT COALESCE(max(id), 0) FROM outbox") < 0 ? -1 : 0;
}

int demo_outbox_settle(DbConn *c, Err *e, int64_t after, int64_t at, bool sent)
{
    return db_exec(c, e, "UPDATE outbox SET created_at = $2, sent_at = CASE WHEN $3 = 1 THEN $2 END WHERE id > $1",
                   DI(after), DI(at), DBOOL(sent)) < 0 ? -1 : 0;
}

/* ---------- governance ---------- */

json_t *demo_place_connectors(DbConn *c, Err *e, int64_t place_id)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT m.user_id FROM memberships m JOIN chapters ch ON ch.id = m.chapter_id"
                   " WHERE ch.metro_id IN (SELECT id FROM sub) AND ch.status = 'active' AND m.role = 'connector'"
                   " GROUP BY m.user_id ORDER BY min(m.joined_at), m.user_id",
                   DI(place_id));
}

json_t *demo_electorate(DbConn *c, Err *e, int64_t election_id)
{
    return db_rows(c, e, "SELECT user_id FROM gov_electorate WHERE election_id = $1 ORDER BY user_id", DI(election_id));
}

/* decided: 0 leaves it empty (a pending request). */
int demo_join_request_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t decided)
{
    return db_exec(c, e, "UPDATE join_requests SET created_at = $2, decided_at = $3 WHERE id = $1",
                   DI(id), DI(created), DID(decided)) < 0 ? -1 : 0;
}

/* ---------- meetings ---------- */

/* The time zone stored on a place (arena). */
int demo_place_timezone(DbConn *c, Err *e, int64_t id, Arena *a, const char **tz)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row, "SELECT timezone FROM places WHERE id = $1", DI(id));
    if (found > 0) *tz = arena_strdup(a, json_string_value(json_object_get(row, "timezone")));
    json_decref(row);
    return found > 0 && *tz ? 1 : found < 0 ? -1 : 0;
}

int demo_series_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t at)
{
    return db_exec(c, e, "UPDATE meeting_series SET updated_at = $2 WHERE chapter_id = $1", DI(chapter_id), DI(at)) < 0
               ? -1 : 0;
}

/* A meeting as the runner and the periodic work left it: held and closed, or cancelled, with its times. */
int demo_meeting_set(DbConn *c, Err *e, int64_t id, const DemoMeeting *m)
{
    return db_exec(c, e,
                   "UPDATE meetings SET status = $2, phase = $3, created_at = $4, updated_at = $5, opened_at = $6,"
                   " closed_at = $7, reminded_at = $8, summarised_at = $9, sequence = $10, version = $11 WHERE id = $1",
                   DI(id), DT(m->status), DT(m->phase), DI(m->created), DI(m->updated), DID(m->opened), DID(m->closed),
                   DID(m->reminded), DID(m->summarised), DI(m->sequence), DI(m->version)) < 0 ? -1 : 0;
}

/* What was said in a chapter's meetings, moved to the time it was said: attendance at check-in, the
 * successes then the challenges, the stories a few minutes after the challenge they answer, commitments
 * at the end, and their closing at the check-in of the meeting that closed them. Run once the chapter's
 * meetings have their times (demo_meeting_set). */
int demo_talk_backdate(DbConn *c, Err *e, int64_t chapter_id)
{
    if (db_exec(c, e,
                "UPDATE attendance SET recorded_at ="
                " (SELECT m.opened_at FROM meetings m WHERE m.id = attendance.meeting_id) + 120 + (user_id % 5) * 30"
                " WHERE meeting_id IN (SELECT id FROM meetings WHERE chapter_id = $1 AND opened_at IS NOT NULL)",
                DI(chapter_id)) < 0)
        return -1;
    if (db_exec(c, e,
                "UPDATE rounds SET"
                " created_at = (SELECT m.opened_at FROM meetings m WHERE m.id = rounds.meeting_id)"
                "   + CASE WHEN kind = 'success' THEN 600 ELSE 1800 END + (id % 17) * 60,"
                " updated_at = (SELECT m.opened_at FROM meetings m WHERE m.id = rounds.meeting_id)"
                "   + CASE WHEN kind = 'success' THEN 600 ELSE 1800 END + (id % 17) * 60"
                " WHERE meeting_id IN (SELECT id FROM meetings WHERE chapter_id = $1)",
                DI(chapter_id)) < 0)
        return -1;
    if (db_exec(c, e,
                "UPDATE stories SET created_at ="
                " (SELECT r.created_at FROM rounds r WHERE r.id = stories.round_id) + 180 + (id % 11) * 60"
                " WHERE round_id IN (SELECT r.id FROM rounds r JOIN meetings m ON m.id = r.meeting_id"
                "                     WHERE m.chapter_id = $1)",
                DI(chapter_id)) < 0)
        return -1;
    return db_exec(c, e,
                   "UPDATE commitments SET"
                   " created_at = (SELECT m.closed_at FROM meetings m WHERE m.id = commitments.meeting_id)"
                   "   - 300 - (id % 5) * 60,"
                   " closed_at = CASE WHEN closed_meeting_id IS NULL THEN NULL"
                   "   ELSE (SELECT m.opened_at FROM meetings m WHERE m.id = commitments.closed_meeting_id)"
                   "     + 300 + (id % 7) * 60 END"
                   " WHERE chapter_id = $1",
                   DI(chapter_id)) < 0 ? -1 : 0;
}

/* The periodic work schedules each meeting 120 days ahead (10,368,000 s), or
 * when the series was set up, whichever is later. */
int demo_upcoming_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t series_at)
{
    return db_exec(c, e,
                   "UPDATE meetings SET"
                   " created_at = CASE WHEN starts_at - 10368000 > CAST($2 AS BIGINT) THEN starts_at - 10368000"
                   "   ELSE CAST($2 AS BIGINT) END,"
                   " updated_at = CASE WHEN starts_at - 10368000 > CAST($2 AS BIGINT) THEN starts_at - 10368000"
                   "   ELSE CAST($2 AS BIGINT) END"
                   " WHERE chapter_id = $1 AND status = 'scheduled'",
                   DI(chapter_id), DI(series_at)) < 0 ? -1 : 0;
}

/* The chapter's next meeting (scheduled, not over): 1 found, 0 none. */
int demo_next_meeting(DbConn *c, Err *e, int64_t chapter_id, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "SELECT id FROM meetings WHERE chapter_id = $1 AND status = 'scheduled' AND ends_at >= $2"
                    " ORDER BY starts_at, id LIMIT 1",
                    DI(chapter_id), DI(now));
}

/* Answers to the coming meetings given over the last few days; to past ones, in the days before each. */
int demo_rsvp_backdate(DbConn *c, Err *e, int64_t chapter_id, int64_t now)
{
    if (db_exec(c, e,
                "UPDATE rsvps SET updated_at ="
                " CAST($2 AS BIGINT) - 1800 - ((user_id * 7 + meeting_id * 13) % 97) * 3600"
                " WHERE meeting_id IN (SELECT id FROM meetings WHERE chapter_id = $1 AND starts_at >= $2)",
                DI(chapter_id), DI(now)) < 0)
        return -1;
    return db_exec(c, e,
                   "UPDATE rsvps SET updated_at ="
                   " (SELECT m.starts_at FROM meetings m WHERE m.id = rsvps.meeting_id) - 3600 - ((user_id * 7 + meeting_id * 13) % 97) * 3600"
                   " WHERE meeting_id IN (SELECT id FROM meetings WHERE chapter_id = $1 AND starts_at < $2)",
                   DI(chapter_id), DI(now)) < 0 ? -1 : 0;
}

/* ---------- the books ---------- */

/* The first administrator (1 found, 0 none). */
int demo_admin_id(DbConn *c, Err *e, int64_t *id)
{
    return db_int64(c, e, id, "SELECT min(id) FROM users WHERE is_admin = 1");
}

int demo_org_find(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM organisations WHERE slug = $1", DT(slug));
}

/* When the organisation was first entered (only ever moved back in time). */
int demo_org_backdate(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE organisations SET created_at = $2 WHERE id = $1 AND created_at > $2", DI(id), DI(at)) < 0
               ? -1 : 0;
}

/* A basket's opening. */
int demo_account_backdate(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE ledger_accounts SET created_at = $2 WHERE id = $1", DI(id), DI(at)) < 0 ? -1 : 0;
}

/* The accounts of units, people and organisations were opened with what they stand for; the network's
 * before anything else. Run after the organisations have their dates. */
int demo_accounts_backdate(DbConn *c, Err *e, int64_t network_at)
{
    return db_exec(c, e,
                   "UPDATE ledger_accounts SET created_at = CASE kind"
                   " WHEN 'network' THEN CAST($1 AS BIGINT)"
                   " WHEN 'place' THEN (SELECT p.created_at FROM places p WHERE p.id = ledger_accounts.ref_id)"
                   " WHEN 'chapter' THEN (SELECT ch.created_at FROM chapters ch WHERE ch.id = ledger_accounts.ref_id)"
                   " WHEN 'member' THEN (SELECT u.created_at FROM users u WHERE u.id = ledger_accounts.ref_id)"
                   " ELSE (SELECT o.created_at FROM organisations o WHERE o.id = ledger_accounts.ref_id) END"
                   " WHERE kind IN ('network', 'place', 'chapter', 'member', 'organisation')",
                   DI(network_at)) < 0 ? -1 : 0;
}

/* An expense claim as its claimant made it and a connector decided it (decided_at 0: still pending). */
int demo_claim_insert(DbConn *c, Err *e, const DemoClaim *k)
{
    return db_exec(c, e,
                   "INSERT INTO expense_claims (account_id, payee_id, resource, amount, description, category, occurred_on,"
                   "  visibility, claimed_by, claimed_at, status, decided_by, decided_at, transaction_id)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                   DI(k->account_id), DI(k->payee_id), DT(k->resource), DI(k->amount), DT(k->description),
                   DT(k->category), DT(k->occurred_on), DT(k->visibility), DI(k->claimed_by), DI(k->claimed_at),
                   DT(k->status), DID(k->decided_by), DID(k->decided_at), DID(k->transaction_id)) < 0 ? -1 : 0;
}

/* The words of a canvas block, as someone last saved them. */
int demo_canvas_put(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, const char *block, const char *body,
                    int64_t by, int64_t at)
{
    return db_exec(c, e,
                   "INSERT INTO canvas_texts (unit_kind, unit_id, block, body, updated_by, updated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)"
                   " ON CONFLICT (unit_kind, unit_id, block) DO UPDATE SET body = excluded.body,"
                   "   updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                   DT(unit_kind), DI(unit_id), DT(block), DT(body), DID(by), DI(at)) < 0 ? -1 : 0;
}

/* ---------- apps and events ---------- */

int demo_app_find(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM apps WHERE slug = $1", DT(slug));
}

/* A format of the catalog as app_insert writes it (published), at the time it was written; owner and origin 0
 * for the network's own formats. */
int demo_app_insert(DbConn *c, Err *e, const DemoApp *f, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO apps (slug, name, summary, description, runbook, tiers, packages, split_rule, origin_id, owner_id,"
                    "  is_published, has_board, created_at, updated_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $12, $11, $11) RETURNING id",
                    DT(f->slug), DT(f->name), DT(f->summary), DT(f->description), DT(f->runbook), DT(f->tiers),
                    DT(f->packages), DT(f->split_rule), DID(f->origin), DID(f->owner), DI(f->at), DBOOL(f->has_board)) < 0 ? -1 : 0;
}

json_t *demo_ticket_holders(DbConn *c, Err *e, int64_t event)
{
    return db_rows(c, e,
                   "SELECT g.user_id, u.email FROM registrations g JOIN users u ON u.id = g.user_id"
                   " WHERE g.event_id = $1 AND g.status = 'ticket' ORDER BY g.created_at, g.id",
                   DI(event));
}

/* When the event was published, and its basket with it. */
int demo_event_created(DbConn *c, Err *e, int64_t id, int64_t created)
{
    if (db_exec(c, e, "UPDATE events SET created_at = $2, updated_at = $2 WHERE id = $1", DI(id), DI(created)) < 0) return -1;
    return db_exec(c, e, "UPDATE ledger_accounts SET created_at = $2 WHERE id = (SELECT basket_id FROM events WHERE id = $1)",
                   DI(id), DI(created)) < 0 ? -1 : 0;
}

/* The organiser closed the books at `at` (event_close_books stamps the present moment). */
int demo_event_closed_at(DbConn *c, Err *e, int64_t id, int64_t at)
{
    return db_exec(c, e, "UPDATE events SET closed_at = $2, updated_at = $2 WHERE id = $1 AND status = 'closed'",
                   DI(id), DI(at)) < 0 ? -1 : 0;
}

/* An event called off before any money moved (the calendars see a new sequence, as event_update makes). */
int demo_event_cancel(DbConn *c, Err *e, int64_t id, int64_t at)
{
    int n = db_exec(c, e,
                    "UPDATE events SET status = 'cancelled', sequence = sequence + 1, updated_at = $2 WHERE id = $1"
                    " AND status = 'open' AND NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.account_id = events.basket_id)",
                    DI(id), DI(at));
    if (n < 0) return -1;
    return n == 1 ? 0 : err_set(e, E_INTERNAL, "The demo cancels only open events whose basket never moved.");
}

/* When someone registered, when the registration last changed and, at a past event, when they were checked in
 * (0: not). */
int demo_registration_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t updated, int64_t checked_in)
{
    return db_exec(c, e, "UPDATE registrations SET created_at = $2, updated_at = $3, checked_in_at = $4 WHERE id = $1",
                   DI(id), DI(created), DI(updated), DID(checked_in)) < 0 ? -1 : 0;
}

/* The ids of an event's ticket tiers, in their order (at most max); the count, or -1. */
int demo_tier_ids(DbConn *c, Err *e, int64_t event, int64_t *ids, int max)
{
    DbRes *r = db_query(c, e, "SELECT id FROM ticket_tiers WHERE event_id = $1 ORDER BY position, id", DI(event));
    if (!r) return -1;
    int n = 0, more;
    while ((more = db_next(r)) > 0)
        if (n < max) ids[n++] = db_int(r, 0);
    db_done(r);
    return more < 0 ? -1 : n;
}

int demo_sponsor_backdate(DbConn *c, Err *e, int64_t tx, int64_t at)
{
    return db_exec(c, e, "UPDATE event_sponsors SET created_at = $2 WHERE tx_id = $1", DI(tx), DI(at)) < 0 ? -1 : 0;
}

/* The newest e-mail of this kind queued for `to`: the demo keeps the outbox to what is recent. */
int demo_outbox_drop(DbConn *c, Err *e, const char *to, const char *kind)
{
    return db_exec(c, e, "DELETE FROM outbox WHERE id = (SELECT max(id) FROM outbox WHERE to_email = $1 AND kind = $2)",
                   DT(to), DT(kind)) < 0 ? -1 : 0;
}

/* ---------- the commons ---------- */

/* The newest event of that title that started before `before` and was not called off: {id, organiser_id,
 * starts_at, ends_at, timezone}. 1 found, 0 none, -1. */
int demo_event_past(DbConn *c, Err *e, const char *title, int64_t before, json_t **row)
{
    return db_row(c, e, row,
                  "SELECT id, organiser_id, starts_at, ends_at, timezone FROM events"
                  " WHERE title = $1 AND starts_at < $2 AND status <> 'cancelled' ORDER BY starts_at DESC LIMIT 1",
                  DT(title), DI(before));
}

/* ---------- the closing summary ---------- */

/* The commons' counts, added to the summary: items by status, adaptations published, uses, and the cities
 * (metros) and countries where items were used. */
static int commons_counts(DbConn *c, Err *e, json_t *into)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "SELECT (SELECT count(*) FROM commons_items WHERE status = 'published') AS commons_published,"
                       "       (SELECT count(*) FROM commons_items WHERE status = 'published' AND based_on_id IS NOT NULL)"
                       "         AS commons_adaptations,"
                       "       (SELECT count(*) FROM commons_items WHERE status = 'consenting') AS commons_consenting,"
                       "       (SELECT count(*) FROM commons_items WHERE status = 'draft') AS commons_drafts,"
                       "       (SELECT count(*) FROM commons_items WHERE status = 'withdrawn') AS commons_withdrawn,"
                       "       (SELECT count(*) FROM commons_uses) AS commons_uses,"
                       "       (SELECT count(DISTINCT u.place_id) FROM commons_uses u JOIN places p ON p.id = u.place_id"
                       "         WHERE p.kind = 'metro') AS commons_cities,"
                       "       (SELECT count(DISTINCT k.id) FROM commons_uses u JOIN places p ON p.id = u.place_id"
                       "         LEFT JOIN places r ON r.id = p.parent_id"
                       "         JOIN places k ON k.kind = 'country' AND k.id IN (p.id, r.id, r.parent_id)) AS commons_countries");
    if (found > 0) json_object_update(into, row);
    json_decref(row);
    return found > 0 ? 0 : -1;
}

/* One object of counts over the whole network (new reference), or NULL. */
json_t *demo_summary(DbConn *c, Err *e, int64_t now)
{
    json_t *row = NULL;
    if (db_row(c, e, &row,
               "SELECT (SELECT count(*) FROM places WHERE kind = 'country') AS countries,"
               "       (SELECT count(*) FROM places WHERE kind = 'region') AS regions,"
               "       (SELECT count(*) FROM places WHERE kind = 'metro') AS metros,"
               "       (SELECT count(*) FROM sectors) AS sectors,"
               "       (SELECT count(*) FROM users WHERE is_admin = 0) AS members,"
               "       (SELECT count(DISTINCT user_id) FROM memberships) AS in_chapters,"
               "       (SELECT count(*) FROM chapters) AS chapters,"
               "       (SELECT count(*) FROM chapters WHERE status = 'active') AS active,"
               "       (SELECT count(*) FROM chapters WHERE status = 'forming') AS forming,"
               "       (SELECT count(*) FROM chapters WHERE status = 'dormant') AS dormant,"
               "       (SELECT count(*) FROM chapters WHERE status = 'closed') AS closed,"
               "       (SELECT count(*) FROM memberships) AS memberships,"
               "       (SELECT count(*) FROM memberships WHERE role = 'connector') AS connectors,"
               "       (SELECT count(*) FROM invitations) AS invitations,"
               "       (SELECT count(*) FROM join_requests) AS join_requests,"
               "       (SELECT count(*) FROM join_requests WHERE status = 'pending') AS requests_pending,"
               "       (SELECT count(*) FROM outbox WHERE sent_at IS NULL) AS outbox,"
               "       (SELECT count(*) FROM meeting_series) AS series,"
               "       (SELECT count(*) FROM meetings WHERE status = 'held') AS held,"
               "       (SELECT count(*) FROM meetings WHERE status = 'cancelled') AS cancelled,"
               "       (SELECT count(*) FROM meetings WHERE status = 'scheduled' AND ends_at >= $1) AS upcoming,"
               "       (SELECT count(*) FROM attendance WHERE is_present = 1) AS present,"
               "       (SELECT count(*) FROM attendance WHERE is_present = 0) AS absent,"
               "       (SELECT count(*) FROM rsvps r JOIN meetings m ON m.id = r.meeting_id WHERE m.status = 'scheduled' AND m.ends_at >= $1) AS rsvps,"
               "       (SELECT count(*) FROM rounds) AS rounds,"
               "       (SELECT count(*) FROM rounds WHERE is_shared = 1) AS shared,"
               "       (SELECT count(*) FROM stories) AS stories,"
               "       (SELECT count(*) FROM stories WHERE is_flagged = 1) AS flagged,"
               "       (SELECT count(*) FROM commitments) AS commitments,"
               "       (SELECT count(*) FROM commitments WHERE status = 'open') AS commitments_open,"
               "       (SELECT count(*) FROM ledger_transactions) AS transactions,"
               "       (SELECT count(*) FROM ledger_transactions WHERE kind = 'contribution') AS contributions,"
               "       (SELECT count(*) FROM ledger_transactions WHERE kind = 'reversal') AS reversals,"
               "       (SELECT count(*) FROM ledger_transactions t WHERE EXISTS (SELECT 1 FROM ledger_postings p"
               "          JOIN resources r ON r.code = p.resource WHERE p.transaction_id = t.id AND r.kind = 'money'))"
               "         AS money_transactions,"
               "       (SELECT coalesce(sum(p.amount), 0) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id"
               "         WHERE p.resource = 'HOURS' AND a.kind = 'chapter') AS minutes_given,"
               "       (SELECT coalesce(sum(p.amount), 0) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id"
               "         WHERE p.resource = 'GOODS' AND a.kind = 'chapter') AS goods_given,"
               "       (SELECT coalesce(sum(p.amount), 0) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id"
               "         WHERE p.resource = 'FAVOURS' AND a.kind = 'chapter') AS favours_given,"
               "       (SELECT count(*) FROM organisations) AS organisations,"
               "       (SELECT count(*) FROM ledger_accounts WHERE kind = 'basket') AS baskets,"
               "       (SELECT count(*) FROM expense_claims) AS claims,"
               "       (SELECT count(*) FROM expense_claims WHERE status = 'pending') AS claims_pending,"
               "       (SELECT count(*) FROM expense_claims WHERE status = 'declined') AS claims_declined,"
               "       (SELECT count(*) FROM canvas_texts) AS canvas_texts,"
               "       (SELECT count(*) FROM gov_committees) AS committees,"
               "       (SELECT count(*) FROM gov_committee_members WHERE ended_at IS NULL) AS seats,"
               "       (SELECT count(*) FROM gov_decisions) AS decisions,"
               "       (SELECT count(*) FROM apps WHERE owner_id IS NULL) AS formats,"
               "       (SELECT count(*) FROM apps WHERE owner_id IS NOT NULL) AS format_copies,"
               "       (SELECT count(*) FROM events) AS events,"
               "       (SELECT count(*) FROM events WHERE status = 'open' AND ends_at >= $1) AS events_upcoming,"
               "       (SELECT count(*) FROM events WHERE status = 'closed') AS events_closed,"
               "       (SELECT count(*) FROM events WHERE status = 'cancelled') AS events_cancelled,"
               "       (SELECT count(*) FROM registrations) AS registrations,"
               "       (SELECT count(*) FROM registrations WHERE user_id IS NULL) AS guests,"
               "       (SELECT count(*) FROM registrations WHERE status = 'waitlist') AS waitlisted,"
               "       (SELECT count(*) FROM registrations WHERE is_paid = 1) AS tickets_paid,"
               "       (SELECT count(*) FROM event_sponsors) AS sponsorships,"
               "       (SELECT count(*) FROM event_shares) AS shares",
               DI(now)) <= 0 || commons_counts(c, e, row) < 0) {
        if (!e->code) err_set(e, E_INTERNAL, "The demo network could not be counted.");
        json_decref(row);
        return NULL;
    }
    return row;
}
