/* store.c - the SQL of `glocal demo` (src/demo/demo.c).
 *
 * The demo builds its network through the same store functions as the web
 * pages (user_insert, chapter_insert, membership_add, invitation_insert...),
 * which stamp every row with the present moment. The few statements here look
 * things up so that a half-filled database can be filled again, and backdate
 * what the real functions wrote so that the network looks as if it had grown
 * over the last eighteen months. Times are Unix seconds computed by the caller.
 *
 * Every function returns 0 (or 1 found / 0 not found for the lookups) and -1
 * with e filled; the writers are called inside db_write. demo.h declares them. */
#include <jansson.h>
#include <stdint.h>

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

/* decided: 0 leaves it empty (a pending request). */
int demo_join_request_backdate(DbConn *c, Err *e, int64_t id, int64_t created, int64_t decided)
{
    return db_exec(c, e, "UPDATE join_requests SET created_at = $2, decided_at = $3 WHERE id = $1",
                   DI(id), DI(created), DID(decided)) < 0 ? -1 : 0;
}

/* ---------- the closing summary ---------- */

/* One object of counts over the whole network (new reference), or NULL. */
json_t *demo_summary(DbConn *c, Err *e)
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
               "       (SELECT count(*) FROM outbox WHERE sent_at IS NULL) AS outbox") <= 0) {
        if (!e->code) err_set(e, E_INTERNAL, "The demo network could not be counted.");
        return NULL;
    }
    return row;
}
