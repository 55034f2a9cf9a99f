/* store.c - the SQL of accounts, sessions, tokens, settings and the pledge. */
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"

static void me_from_row(DbRes *r, Arena *a, Me *me)
{
    me->id = db_int(r, 0);
    me->name = arena_strdup(a, db_text(r, 1));
    me->email = arena_strdup(a, db_text(r, 2));
    me->is_admin = db_int(r, 3) != 0;
    me->metro_id = db_int(r, 4);
    me->sector_id = db_int(r, 5);
    me->pledge_version = db_int(r, 6);
}

int session_lookup(DbConn *c, Arena *a, Err *e, const char *hash, int64_t now, Me *me,
                   int64_t *session_id, int64_t *last_seen)
{
    DbRes *r = db_query(c, e,
        "SELECT u.id, u.name, u.email, u.is_admin, u.metro_id, u.sector_id,"
        "       (SELECT max(version) FROM pledge_acceptances p WHERE p.user_id = u.id),"
        "       s.id, s.last_seen_at"
        "  FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = $1 AND s.created_at > $2 AND s.last_seen_at > $3",
        DT(hash), DI(now - SESSION_MAX_SECONDS), DI(now - SESSION_IDLE_SECONDS));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) {
        me_from_row(r, a, me);
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
        "       (SELECT max(version) FROM pledge_acceptances p WHERE p.user_id = u.id)"
        "  FROM api_tokens t JOIN users u ON u.id = t.user_id"
        " WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        DT(hash));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) me_from_row(r, a, me);
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

const char *setting_get(DbConn *c, Arena *a, const char *key, const char *fallback)
{
    Err e = { 0 };
    DbRes *r = db_query(c, &e, "SELECT value FROM settings WHERE key = $1", DT(key));
    if (!r) return fallback;
    const char *v = fallback;
    if (db_next(r) > 0) v = arena_strdup(a, db_text(r, 0));
    db_done(r);
    return v;
}

int setting_put(DbConn *c, Err *e, const char *key, const char *value)
{
    return db_exec(c, e,
                   "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                   DT(key), DT(value), DI(now_unix())) < 0 ? -1 : 0;
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
