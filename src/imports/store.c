/* store.c - the SQL of imports: the waiting uploads (schema 030) and what an
 * import of members reads and writes among the accounts and memberships. */
#include "imports/store.h"

int import_insert(DbConn *c, Err *e, const ImportRow *p, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO imports (kind, chapter_id, created_by, format, filename, total, accepted, refused,"
                    "                     created_at, expires_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    DT(p->kind), DID(p->chapter_id), DI(p->by), DT(p->format), DT(p->filename), DI(p->total),
                    DT(p->accepted), DT(p->refused), DI(p->created_at), DI(p->expires_at)) < 0 ? -1 : 0;
}

int import_find(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT id, kind, format, filename, total, accepted, refused, created_at, expires_at, done_at,"
                  "       imported, skipped, invited"
                  "  FROM imports WHERE id = $1 AND coalesce(chapter_id, 0) = $2 AND created_by = $3 AND expires_at > $4",
                  DI(id), DI(chapter_id), DI(by), DI(now));
}

int import_claim(DbConn *c, Err *e, int64_t id, int64_t now)
{
    return db_exec(c, e, "UPDATE imports SET done_at = $2 WHERE id = $1 AND done_at IS NULL", DI(id), DI(now));
}

int import_settle(DbConn *c, Err *e, int64_t id, int64_t imported, int64_t skipped, int64_t invited, int64_t expires_at)
{
    return db_exec(c, e,
                   "UPDATE imports SET accepted = '[]', imported = $2, skipped = $3, invited = $4, expires_at = $5"
                   " WHERE id = $1",
                   DI(id), DI(imported), DI(skipped), DI(invited), DI(expires_at)) < 0 ? -1 : 0;
}

int imports_purge(DbConn *c, Err *e, int64_t now)
{
    return db_exec(c, e, "DELETE FROM imports WHERE expires_at <= $1", DI(now));
}

json_t *chapter_member_emails(DbConn *c, Err *e, int64_t chapter_id)
{
    return db_rows(c, e,
                   "SELECT lower(u.email) AS email FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   " WHERE ms.chapter_id = $1",
                   DI(chapter_id));
}

int person_find(DbConn *c, Err *e, const char *email, int64_t chapter_id, int64_t *user, bool *member)
{
    DbRes *r = db_query(c, e,
                        "SELECT u.id, (SELECT count(*) FROM memberships ms WHERE ms.chapter_id = $2 AND ms.user_id = u.id)"
                        "  FROM users u WHERE u.email = $1",
                        DT(email), DI(chapter_id));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) {
        *user = db_int(r, 0);
        *member = db_int(r, 1) > 0;
    }
    db_done(r);
    return found;
}

int import_metro_named(DbConn *c, Err *e, const char *name, int64_t *id)
{
    *id = 0;
    return db_int64(c, e, id,
                    "SELECT coalesce(min(id), 0) FROM places WHERE kind = 'metro' AND lower(name) = lower($1)",
                    DT(name)) < 0 ? -1 : 0;
}

int person_insert(DbConn *c, Err *e, const json_t *row, int64_t metro_id, int64_t now, int64_t *id)
{
#define S(k) json_string_value(json_object_get(row, k))
    return db_int64(c, e, id,
                    "INSERT INTO users (email, name, password_hash, metro_id, organisation, bio, created_at, password_changed_at)"
                    " VALUES ($1, $2, '', $3, $4, $5, $6, $6) RETURNING id",
                    DT(S("email")), DT(S("name")), DID(metro_id), DT(S("organisation")), DT(S("bio")), DI(now)) < 0
               ? -1 : 0;
#undef S
}

int member_insert(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t by, int64_t now)
{
    if (db_exec(c, e, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)",
                DI(chapter_id), DI(user_id), DI(now)) < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO membership_events (chapter_id, user_id, kind, actor_id, at) VALUES ($1, $2, 'joined', $3, $4)",
                   DI(chapter_id), DI(user_id), DI(by), DI(now)) < 0 ? -1 : 0;
}

/* ---------- chapters ---------- */

json_t *metro_names(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, name FROM places WHERE kind = 'metro' ORDER BY id");
}

json_t *sector_names(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, name, slug FROM sectors ORDER BY id");
}

json_t *chapter_names(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT name, metro_id FROM chapters");
}

int account_with_email(DbConn *c, Err *e, const char *email, int64_t *id)
{
    *id = 0;
    return db_int64(c, e, id, "SELECT coalesce(min(id), 0) FROM users WHERE email = $1", DT(email)) < 0 ? -1 : 0;
}
