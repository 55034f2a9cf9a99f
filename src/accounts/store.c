/* store.c - the SQL of accounts, sessions, tokens, settings and the pledge. */
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/str.h"

/* The columns every identity query starts with; `language` is column lang_col. */
static void me_from_row(DbRes *r, Arena *a, Me *me, int lang_col)
{
    me->id = db_int(r, 0);
    me->name = arena_strdup(a, db_text(r, 1));
    me->email = arena_strdup(a, db_text(r, 2));
    me->is_admin = db_int(r, 3) != 0;
    me->metro_id = db_int(r, 4);
    me->sector_id = db_int(r, 5);
    me->pledge_version = db_int(r, 6);
    me->language = arena_strdup(a, db_text(r, lang_col));
}

int session_lookup(DbConn *c, Arena *a, Err *e, const char *hash, int64_t now, Me *me,
                   int64_t *session_id, int64_t *last_seen)
{
    DbRes *r = db_query(c, e,
        "SELECT u.id, u.name, u.email, u.is_admin, u.metro_id, u.sector_id,"
        "       (SELECT max(version) FROM pledge_acceptances p WHERE p.user_id = u.id),"
        "       s.id, s.last_seen_at, u.language"
        "  FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = $1 AND s.created_at > $2 AND s.last_seen_at > $3",
        DT(hash), DI(now - SESSION_MAX_SECONDS), DI(now - SESSION_IDLE_SECONDS));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) {
        me_from_row(r, a, me, 9);
        *session_id = db_int(r, 7);
        *last_seen = db_int(r, 8);
    }
    db_done(r);
    return found;
}

int apitoken_lookup(DbConn *c, Arena *a, Err *e, const char *hash, Me *me)
{
    DbRes *r = db_query(c, e,
        "SELECT u.id, u.name, u.email, u.is_admin, u.metro_id, u.sector_id,"
        "       (SELECT max(version) FROM pledge_acceptances p WHERE p.user_id = u.id), u.language"
        "  FROM api_tokens t JOIN users u ON u.id = t.user_id"
        " WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        DT(hash));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) me_from_row(r, a, me, 7);
    db_done(r);
    return found;
}

typedef struct SessionStart {
    int64_t user_id;
    const char *hash, *ip, *ua;
    int64_t id;
} SessionStart;

static int session_start_tx(DbConn *c, void *ctx, Err *e)
{
    SessionStart *s = ctx;
    int64_t now = now_unix();
    /* sweep this person's ended sessions while we are here */
    if (db_exec(c, e, "DELETE FROM sessions WHERE user_id = $1 AND (created_at <= $2 OR last_seen_at <= $3)",
                DI(s->user_id), DI(now - SESSION_MAX_SECONDS), DI(now - SESSION_IDLE_SECONDS)) < 0)
        return -1;
    return db_int64(c, e, &s->id,
                    "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, ip, user_agent)"
                    " VALUES ($1, $2, $3, $3, $4, $5) RETURNING id",
                    DI(s->user_id), DT(s->hash), DI(now), DT(s->ip), DT(s->ua)) < 0 ? -1 : 0;
}

int session_start(DbConn *c, Err *e, int64_t user_id, const char *hash, const char *ip,
                  const char *ua, int64_t *session_id)
{
    Arena a;
    arena_init(&a, 512);
    const char *agent = str_truncate(&a, ua ? ua : "", 200);
    SessionStart s = { user_id, hash, ip ? ip : "", agent, 0 };
    int rc = db_write(c, session_start_tx, &s, e);
    arena_release(&a);
    if (rc < 0) return -1;
    *session_id = s.id;
    return 0;
}

typedef struct IdAt {
    int64_t id, at;
} IdAt;

static int touch_tx(DbConn *c, void *ctx, Err *e)
{
    IdAt *t = ctx;
    return db_exec(c, e, "UPDATE sessions SET last_seen_at = $2 WHERE id = $1", DI(t->id), DI(t->at)) < 0 ? -1 : 0;
}

int session_touch(DbConn *c, Err *e, int64_t session_id, int64_t now)
{
    IdAt t = { session_id, now };
    return db_write(c, touch_tx, &t, e);
}

static int end_tx(DbConn *c, void *ctx, Err *e)
{
    IdAt *t = ctx;
    return db_exec(c, e, "DELETE FROM sessions WHERE id = $1", DI(t->id)) < 0 ? -1 : 0;
}

int session_end(DbConn *c, Err *e, int64_t session_id)
{
    IdAt t = { session_id, 0 };
    return db_write(c, end_tx, &t, e);
}

int64_t pledge_current(DbConn *c, Err *e)
{
    int64_t v = 0;
    if (db_int64(c, e, &v, "SELECT max(version) FROM pledges") < 0) return -1;
    return v;
}

int user_insert(DbConn *c, Err *e, const char *email, const char *name, const char *hash,
                bool is_admin, int64_t metro_id, int64_t sector_id, int64_t *id)
{
    int64_t taken = 0;
    if (db_int64(c, e, &taken, "SELECT count(*) FROM users WHERE email = $1", DT(email)) < 0) return -1;
    if (taken)
        return err_field(e, E_CONFLICT, "email",
                         "There is already an account for %s. Log in instead, or reset your password.", email);
    int64_t now = now_unix();
    return db_int64(c, e, id,
                    "INSERT INTO users (email, name, password_hash, is_admin, metro_id, sector_id,"
                    "                   created_at, password_changed_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                    DT(email), DT(name), DT(hash), DBOOL(is_admin), DID(metro_id), DID(sector_id), DI(now)) < 0
               ? -1 : 0;
}

int pledge_accept(DbConn *c, Err *e, int64_t user_id, int64_t version)
{
    return db_exec(c, e,
                   "INSERT INTO pledge_acceptances (user_id, version, accepted_at) VALUES ($1, $2, $3)"
                   " ON CONFLICT (user_id, version) DO NOTHING",
                   DI(user_id), DI(version), DI(now_unix())) < 0 ? -1 : 0;
}

int pledge_publish(DbConn *c, Err *e, const char *title, const char *body, int64_t by, int64_t *version)
{
    int64_t v = 0;
    if (db_int64(c, e, &v, "SELECT coalesce(max(version), 0) + 1 FROM pledges") < 0) return -1;
    if (db_exec(c, e, "INSERT INTO pledges (version, title, body, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
                DI(v), DT(title), DT(body), DI(now_unix()), DID(by)) < 0)
        return -1;
    *version = v;
    return 0;
}

/* ---------- users ---------- */

/* {id, password_hash} of the account with this e-mail address: 1 found, 0 none, -1 error. */
int user_login_lookup(DbConn *c, Err *e, const char *email, json_t **out)
{
    return db_row(c, e, out, "SELECT id, password_hash FROM users WHERE email = $1", DT(email));
}

/* {password_hash} of the account: 1 found, 0 none, -1 error. */
int user_password_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT password_hash FROM users WHERE id = $1", DI(id));
}

int user_password_set(DbConn *c, Err *e, int64_t id, const char *hash)
{
    return db_exec(c, e, "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
                   DI(id), DT(hash), DI(now_unix())) < 0 ? -1 : 0;
}

/* The number of accounts changed (0: no account for that address), or -1. */
int user_password_set_by_email(DbConn *c, Err *e, const char *email, const char *hash)
{
    return db_exec(c, e, "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE email = $1",
                   DT(email), DT(hash), DI(now_unix()));
}

/* The account with its home metro and sector names: 1 found, 0 none, -1 error. */
int user_profile_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.name, u.email, u.is_admin, u.organisation, u.bio, u.created_at,"
                  "       u.metro_id, m.name AS metro, u.sector_id, s.name AS sector, u.language"
                  "  FROM users u LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id"
                  " WHERE u.id = $1", DI(id));
}

/* {name, organisation, bio, metro_id, sector_id, language}, the fields a person edits: 1 found, 0 none, -1 error. */
int user_profile_fields(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT name, organisation, bio, metro_id, sector_id, language FROM users WHERE id = $1",
                  DI(id));
}

/* Saves the editable fields (0 for no metro or sector). Writes. */
int user_profile_save(DbConn *c, Err *e, int64_t id, const char *name, int64_t metro_id, int64_t sector_id,
                      const char *organisation, const char *bio, const char *language)
{
    return db_exec(c, e, "UPDATE users SET name = $2, metro_id = $3, sector_id = $4, organisation = $5, bio = $6,"
                         " language = $7 WHERE id = $1",
                   DI(id), DT(name), DID(metro_id), DID(sector_id), DT(organisation), DT(bio), DT(language)) < 0
               ? -1 : 0;
}

/* Accounts whose name or e-mail matches the LIKE pattern, with their number of chapters: `limit` rows
 * from `offset` (the administrators first, then by name; the id settles ties so pages never overlap). */
json_t *user_search(DbConn *c, Err *e, const char *like, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name, u.email, u.is_admin, u.created_at,"
                   "       (SELECT count(*) FROM memberships m WHERE m.user_id = u.id) AS chapters"
                   "  FROM users u WHERE lower(u.name) LIKE lower($1) OR lower(u.email) LIKE lower($1)"
                   " ORDER BY u.is_admin DESC, u.name, u.id LIMIT $2 OFFSET $3", DT(like), DI(limit), DI(offset));
}

/* How many accounts user_search finds for the pattern: 0, or -1. */
int user_search_count(DbConn *c, Err *e, const char *like, int64_t *total)
{
    return db_int64(c, e, total, "SELECT count(*) FROM users u WHERE lower(u.name) LIKE lower($1) OR lower(u.email) LIKE lower($1)",
                    DT(like)) < 0 ? -1 : 0;
}

/* Every account {id, email, name, is_admin}, oldest first. */
json_t *user_list(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, email, name, is_admin FROM users ORDER BY id");
}

/* ---------- administrators ---------- */

int admin_count(DbConn *c, Err *e, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM users WHERE is_admin = 1") < 0 ? -1 : 0;
}

/* The number of administrators other than account `id`, in *n. */
int admin_count_except(DbConn *c, Err *e, int64_t id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM users WHERE is_admin = 1 AND id <> $1", DI(id)) < 0 ? -1 : 0;
}

/* The number of administrators other than the account with this e-mail address, in *n. */
int admin_count_except_email(DbConn *c, Err *e, const char *email, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM users WHERE is_admin = 1 AND email <> $1", DT(email)) < 0 ? -1 : 0;
}

/* The number of accounts changed (0: no such account), or -1. Writes. */
int user_set_admin(DbConn *c, Err *e, int64_t id, bool admin)
{
    return db_exec(c, e, "UPDATE users SET is_admin = $2 WHERE id = $1", DI(id), DBOOL(admin));
}

/* The number of accounts changed (0: no account for that address), or -1. Writes. */
int user_set_admin_by_email(DbConn *c, Err *e, const char *email, bool admin)
{
    return db_exec(c, e, "UPDATE users SET is_admin = $2 WHERE email = $1", DT(email), DBOOL(admin));
}

/* {users, chapters, unsent, dead}: the figures on the administrator's page. 1, or -1 on error. */
int admin_counts(DbConn *c, Err *e, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM chapters) AS chapters,"
                  " (SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending', 'retry')) AS unsent,"
                  " (SELECT count(*) FROM outbox WHERE status = 'dead') AS dead");
}

/* ---------- sessions and tokens ---------- */

/* Ends the person's sessions except `keep`; returns how many ended, or -1. Writes. */
int session_end_others(DbConn *c, Err *e, int64_t user_id, int64_t keep)
{
    return db_exec(c, e, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2", DI(user_id), DI(keep));
}

/* Ends every session of the account with this e-mail address; -1 on error. Writes. */
int session_end_by_email(DbConn *c, Err *e, const char *email)
{
    return db_exec(c, e, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)",
                   DT(email)) < 0 ? -1 : 0;
}

/* A page of the person's API tokens, revoked ones kept, newest first, with is_active. */
json_t *apitoken_list(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT id, name, hint, created_at, revoked_at,"
                   " CASE WHEN revoked_at IS NULL THEN 1 ELSE 0 END AS is_active"
                   "  FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
                   DI(user_id), DI(limit), DI(offset));
}

/* The number of the person's tokens not revoked, in *n. */
int apitoken_count_live(DbConn *c, Err *e, int64_t user_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL", DI(user_id)) < 0
               ? -1 : 0;
}

/* Stores a new token (its hash and last characters); 0 and *id, or -1. Writes. */
int apitoken_insert(DbConn *c, Err *e, int64_t user_id, const char *name, const char *hash, const char *hint, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at)"
                    " VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    DI(user_id), DT(name), DT(hash), DT(hint), DI(now_unix())) < 0 ? -1 : 0;
}

/* 1 revoked, 0 no active token with that id for this person, -1 error. Writes. */
int apitoken_revoke(DbConn *c, Err *e, int64_t user_id, int64_t id)
{
    return db_exec(c, e, "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
                   DI(id), DI(user_id), DI(now_unix()));
}

int apitoken_revoke_by_email(DbConn *c, Err *e, const char *email, int64_t now)
{
    return db_exec(c, e, "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = (SELECT id FROM users WHERE email = $1) AND revoked_at IS NULL",
                   DT(email), DI(now));
}

int apitoken_revoke_all(DbConn *c, Err *e, int64_t user_id, int64_t now)
{
    return db_exec(c, e, "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", DI(user_id), DI(now));
}

/* ---------- the pledge ---------- */

/* {version, title, body, created_at} of the current pledge: 1 found, 0 none written yet, -1 error. */
int pledge_latest(DbConn *c, Err *e, json_t **out)
{
    return db_row(c, e, out, "SELECT version, title, body, created_at FROM pledges ORDER BY version DESC LIMIT 1");
}

/* {version, title, body} of one version: 1 found, 0 none, -1 error. */
int pledge_get(DbConn *c, Err *e, int64_t version, json_t **out)
{
    return db_row(c, e, out, "SELECT version, title, body FROM pledges WHERE version = $1", DI(version));
}

/* Every version {version, title, body, created_at}, newest first. */
json_t *pledge_all(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT version, title, body, created_at FROM pledges ORDER BY version DESC");
}

int pledge_count(DbConn *c, Err *e, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM pledges") < 0 ? -1 : 0;
}

json_t *user_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT id, name, organisation, bio, metro_id, sector_id, created_at FROM users"
                   " WHERE id > $1 ORDER BY id LIMIT $2",
                   DI(after), DI(limit));
}

/* ---------- the words of names (member search, schema 036) ---------- */

int user_words_set(DbConn *c, Err *e, int64_t id, const char *name, const char *const *words, size_t n, const char *all)
{
    if (db_exec(c, e, "DELETE FROM member_words WHERE user_id = $1", DI(id)) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (db_exec(c, e, "INSERT INTO member_words (word, name, words, user_id) VALUES ($1, $2, $3, $4)", DT(words[i]),
                    DT(name), DT(all), DI(id)) < 0)
            return -1;
    return 0;
}

int user_words_clear(DbConn *c, Err *e)
{
    return db_exec(c, e, "DELETE FROM member_words") < 0 ? -1 : 0;
}
