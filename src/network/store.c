/* store.c - the SQL of the registry and of membership.
 *
 * Functions return new JSON references (NULL on error, with e filled) or an
 * int (0/1 found, -1 error). Writers are called inside db_write. */
#include <string.h>

#include "base/str.h"
#include "network/network.h"
#include "network/store.h"

/* ---------- chapters ---------- */

/* The ids of place $1 (or $2) and of every place below it, as the table "sub". */
#define SUBTREE_OF_1 "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
#define SUBTREE_OF_2 "WITH RECURSIVE sub(id) AS (SELECT $2 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"

#define CHAPTER_COLUMNS \
    "c.id, c.slug, c.name, c.status, c.description, c.capacity, c.sector_rule, c.created_at," \
    " c.metro_id, m.name AS metro, m.slug AS metro_slug, m.timezone," \
    " rg.name AS region, rg.slug AS region_slug, co.name AS country, co.slug AS country_slug," \
    " c.sector_id, s.name AS sector, s.slug AS sector_slug," \
    " (SELECT count(*) FROM memberships x WHERE x.chapter_id = c.id) AS member_count," \
    " c.absence_limit, c.absence_window_days," \
    " (SELECT count(*) FROM meetings mt WHERE mt.chapter_id = c.id AND mt.status = 'held') AS meetings_held," \
    " (SELECT max(mt.starts_at) FROM meetings mt WHERE mt.chapter_id = c.id AND mt.status = 'held') AS last_meeting_at"
#define CHAPTER_PLACES \
    " JOIN places m ON m.id = c.metro_id" \
    " LEFT JOIN places rg ON rg.id = m.parent_id LEFT JOIN places co ON co.id = rg.parent_id" \
    " LEFT JOIN sectors s ON s.id = c.sector_id"
#define CHAPTER_JOINS " FROM chapters c" CHAPTER_PLACES

int chapter_public_row(DbConn *c, Err *e, int64_t id, json_t **chapter)
{
    return db_row(c, e, chapter, "SELECT " CHAPTER_COLUMNS CHAPTER_JOINS " WHERE c.id = $1", DI(id));
}

int chapter_load(DbConn *c, Arena *a, Err *e, const char *slug, int64_t user_id, json_t **chapter,
                 int64_t *id, const char **role)
{
    *chapter = NULL;
    *role = NULL;
    int found = db_row(c, e, chapter,
                       "SELECT " CHAPTER_COLUMNS ","
                       " (SELECT role FROM memberships y WHERE y.chapter_id = c.id AND y.user_id = $2) AS my_role"
                       CHAPTER_JOINS " WHERE c.slug = $1",
                       DT(slug), DI(user_id));
    if (found <= 0) return found;
    *id = json_integer_value(json_object_get(*chapter, "id"));
    const char *r = json_string_value(json_object_get(*chapter, "my_role"));
    if (r) *role = arena_strdup(a, r);
    json_object_del(*chapter, "my_role");
    return 1;
}

json_t *chapter_connectors(DbConn *c, Err *e, int64_t chapter_id)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   " WHERE ms.chapter_id = $1 AND ms.role = 'connector' ORDER BY ms.joined_at, u.id",
                   DI(chapter_id));
}

json_t *chapter_member_list(DbConn *c, Err *e, int64_t chapter_id)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name, u.organisation, ms.role, ms.joined_at,"
                   "       CASE WHEN ms.role = 'connector' THEN 1 ELSE 0 END AS is_connector,"
                   "       m.name AS metro, s.name AS sector"
                   "  FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   "  LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id"
                   " WHERE ms.chapter_id = $1"
                   " ORDER BY CASE WHEN ms.role = 'connector' THEN 0 ELSE 1 END, u.name, u.id",
                   DI(chapter_id));
}

int chapter_pending_counts(DbConn *c, Err *e, int64_t chapter_id, int64_t now, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT (SELECT count(*) FROM join_requests WHERE chapter_id = $1 AND status = 'pending') AS join_requests,"
                  "       (SELECT count(*) FROM invitations WHERE chapter_id = $1 AND accepted_at IS NULL"
                  "          AND revoked_at IS NULL AND expires_at > $2) AS invitations",
                  DI(chapter_id), DI(now));
}

int my_join_request(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT id, status, message, created_at FROM join_requests"
                  " WHERE chapter_id = $1 AND user_id = $2 AND status = 'pending'",
                  DI(chapter_id), DI(user_id));
}

/* ---------- the directory ----------
 *
 * Each statement of the directory comes in one version per combination of the
 * filters an index can serve — the place ($1, with its subtree "sub"), the
 * sector ($2) and the text ($4, a LIKE pattern) — chosen in C by which are set:
 * "($2 = 0 OR c.sector_id = $2)" would keep SQLite (and PostgreSQL, once it
 * plans the statement generically) from using any index for it. A filter that
 * is not set still names its parameter ("$2 = 0"), so every version takes the
 * same arguments; the status ($3; '' for the open chapters, those not closed,
 * which the home page and the places' pages count too) is checked inside the indexes
 * chapters_metro and chapters_sector, which cover the counts when there is no
 * text to match. */
#define DIR_STATUS     " (($3 = '' AND c.status <> 'closed') OR c.status = $3)"
/* the status facet counts every status, closed ones too, under the other filters */
#define DIR_ANY_STATUS " $3 = ''"
#define DIR_PLACE      " AND c.metro_id IN (SELECT id FROM sub)"
/* a metro has no places below it: its chapters are one range of chapters_metro, in sector order */
#define DIR_METRO      " AND c.metro_id = $1"
#define DIR_NO_PLACE   " AND $1 = 0"
#define DIR_SECTOR     " AND c.sector_id = $2"
#define DIR_NO_SECTOR  " AND $2 = 0"
#define DIR_TEXT       " AND (lower(c.name) LIKE $4 OR lower(c.description) LIKE $4)"
#define DIR_NO_TEXT    " AND $4 = ''"
#define DIR_ARGS(q)    DI((q)->place_id), DI((q)->sector_id), DT((q)->status), DT((q)->like)
/* X(filters) for the version that suits q: a call whose SQL is a literal. */
#define DIR_PICK(q, X) \
    (!(q)->place_id ? DIR_PICK_ST(q, X, DIR_NO_PLACE) : (q)->is_metro ? DIR_PICK_ST(q, X, DIR_METRO) : DIR_PICK_ST(q, X, DIR_PLACE))
#define DIR_PICK_ST(q, X, place) \
    ((q)->sector_id ? (*(q)->like ? X(place DIR_SECTOR DIR_TEXT) : X(place DIR_SECTOR DIR_NO_TEXT)) \
                    : (*(q)->like ? X(place DIR_NO_SECTOR DIR_TEXT) : X(place DIR_NO_SECTOR DIR_NO_TEXT)))
/* Without words to match, every count is a sum of chapter_counts (migration
 * 037: the chapters of each metro, sector and status, kept by the database),
 * read as "c" with the same columns: the filters above apply to it as they
 * are. With words, the chapters themselves are counted. */
#define DIR_PICK_KEPT(q, X) \
    (!(q)->place_id ? DIR_KEPT_ST(q, X, DIR_NO_PLACE) : (q)->is_metro ? DIR_KEPT_ST(q, X, DIR_METRO) : DIR_KEPT_ST(q, X, DIR_PLACE))
#define DIR_KEPT_ST(q, X, place) ((q)->sector_id ? X(place DIR_SECTOR DIR_NO_TEXT) : X(place DIR_NO_SECTOR DIR_NO_TEXT))
#define DIR_PICK_WORDS(q, X) \
    (!(q)->place_id ? DIR_WORDS_ST(q, X, DIR_NO_PLACE) : (q)->is_metro ? DIR_WORDS_ST(q, X, DIR_METRO) : DIR_WORDS_ST(q, X, DIR_PLACE))
#define DIR_WORDS_ST(q, X, place) ((q)->sector_id ? X(place DIR_SECTOR DIR_TEXT) : X(place DIR_NO_SECTOR DIR_TEXT))
/* X(source, count, filters): the chapters counted one by one, or their kept counts summed */
#define DIR_COUNT_PICK(q, X) \
    (*(q)->like ? DIR_PICK_WORDS(q, X##_ROWS) : DIR_PICK_KEPT(q, X##_KEPT))
#define DIR_ROWS  " chapters c", " count(*)"
#define DIR_KEPT  " chapter_counts c", " CAST(sum(c.chapters) AS BIGINT)"
#define DIR_APPLY(m, ...) m(__VA_ARGS__)
/* The directory's order; the index chapters_directory follows it. */
#define DIR_ORDER \
    " ORDER BY CASE c.status WHEN 'active' THEN 0 WHEN 'forming' THEN 1 WHEN 'dormant' THEN 2 ELSE 3 END, c.name, c.id"

json_t *chapter_directory(DbConn *c, Err *e, const DirectoryQuery *q, int64_t *total)
{
#define COUNT(from, n, filters) \
    db_int64(c, e, total, SUBTREE_OF_1 " SELECT coalesce(" n ", 0) FROM" from " WHERE" DIR_STATUS filters, DIR_ARGS(q))
#define COUNT_ROWS(filters) DIR_APPLY(COUNT, DIR_ROWS, filters)
#define COUNT_KEPT(filters) DIR_APPLY(COUNT, DIR_KEPT, filters)
    /* the page's chapters first, so that their figures are computed for them only */
#define PAGE(filters) \
    db_rows(c, e, SUBTREE_OF_1 " SELECT " CHAPTER_COLUMNS \
            " FROM (SELECT c.id FROM chapters c WHERE" DIR_STATUS filters DIR_ORDER " LIMIT $5 OFFSET $6) page" \
            " JOIN chapters c ON c.id = page.id" CHAPTER_PLACES DIR_ORDER, DIR_ARGS(q), DI(q->limit), DI(q->offset))
    if (DIR_COUNT_PICK(q, COUNT) < 0) return NULL;
    return DIR_PICK(q, PAGE);
#undef COUNT
#undef COUNT_ROWS
#undef COUNT_KEPT
#undef PAGE
}

json_t *chapter_status_counts(DbConn *c, Err *e, const DirectoryQuery *filters)
{
    DirectoryQuery q = *filters;
    q.status = "";   /* each status is counted under the other filters */
#define COUNTS(from, n, filters) \
    db_rows(c, e, SUBTREE_OF_1 " SELECT c.status," n " AS chapters FROM" from " WHERE" DIR_ANY_STATUS filters \
            " GROUP BY c.status", DIR_ARGS(&q))
#define COUNTS_ROWS(filters) DIR_APPLY(COUNTS, DIR_ROWS, filters)
#define COUNTS_KEPT(filters) DIR_APPLY(COUNTS, DIR_KEPT, filters)
    return DIR_COUNT_PICK(&q, COUNTS);
#undef COUNTS
#undef COUNTS_ROWS
#undef COUNTS_KEPT
}

json_t *chapter_sector_counts(DbConn *c, Err *e, const DirectoryQuery *filters)
{
    DirectoryQuery q = *filters;
    q.sector_id = 0;
    /* counted by sector id (in the index's order when the place is a metro), then named: a join per sector, not per
     * chapter */
#define COUNTS(from, n, filters) \
    db_rows(c, e, SUBTREE_OF_1 " SELECT s.id, s.slug, s.name, n.chapters" \
            " FROM (SELECT c.sector_id," n " AS chapters FROM" from " WHERE" DIR_STATUS filters \
            "        GROUP BY c.sector_id) n" \
            " JOIN sectors s ON s.id = n.sector_id ORDER BY n.chapters DESC, s.name", DIR_ARGS(&q))
#define COUNTS_ROWS(filters) DIR_APPLY(COUNTS, DIR_ROWS, filters)
#define COUNTS_KEPT(filters) DIR_APPLY(COUNTS, DIR_KEPT, filters)
    return DIR_COUNT_PICK(&q, COUNTS);
#undef COUNTS
#undef COUNTS_ROWS
#undef COUNTS_KEPT
}

json_t *chapter_place_counts(DbConn *c, Err *e, const DirectoryQuery *q)
{
    /* "under" maps every place below each child of $1 (each country, for 0) to that child */
#define UNDER \
    "WITH RECURSIVE under(id, top) AS (" \
    "   SELECT p.id, p.id FROM places p WHERE p.parent_id = $1 OR ($1 = 0 AND p.parent_id IS NULL)" \
    "   UNION ALL SELECT p.id, u.top FROM places p JOIN under u ON p.parent_id = u.id)"
    /* below a place: its chapters, found through its metros, counted by child */
#define BELOW(from, n, filters) \
    db_rows(c, e, UNDER " SELECT t.name, t.slug, t.kind, n.chapters" \
            "  FROM (SELECT u.top," n " AS chapters FROM under u JOIN" from " ON c.metro_id = u.id" \
            "         WHERE" DIR_STATUS filters " GROUP BY u.top) n" \
            "  JOIN places t ON t.id = n.top ORDER BY t.name, t.id", DIR_ARGS(q))
    /* the whole network: every chapter counted by metro in the index's order, then by country */
#define ALL(from, n, filters) \
    db_rows(c, e, UNDER ", n AS (SELECT c.metro_id," n " AS chapters FROM" from " WHERE" DIR_STATUS filters \
            "                GROUP BY c.metro_id)" \
            " SELECT t.name, t.slug, t.kind, CAST(sum(n.chapters) AS BIGINT) AS chapters" \
            "   FROM under u JOIN n ON n.metro_id = u.id JOIN places t ON t.id = u.top" \
            "  GROUP BY t.id, t.name, t.slug, t.kind ORDER BY t.name, t.id", DIR_ARGS(q))
#define BELOW_ROWS(filters) DIR_APPLY(BELOW, DIR_ROWS, filters)
#define BELOW_KEPT(filters) DIR_APPLY(BELOW, DIR_KEPT, filters)
#define ALL_ROWS(filters)   DIR_APPLY(ALL, DIR_ROWS, filters)
#define ALL_KEPT(filters)   DIR_APPLY(ALL, DIR_KEPT, filters)
    if (*q->like) return q->place_id ? DIR_WORDS_ST(q, BELOW_ROWS, "") : DIR_WORDS_ST(q, ALL_ROWS, "");
    return q->place_id ? DIR_KEPT_ST(q, BELOW_KEPT, "") : DIR_KEPT_ST(q, ALL_KEPT, "");
#undef UNDER
#undef BELOW
#undef ALL
#undef BELOW_ROWS
#undef BELOW_KEPT
#undef ALL_ROWS
#undef ALL_KEPT
}

int chapter_slug_taken(DbConn *c, Err *e, const char *slug)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM chapters WHERE slug = $1", DT(slug)) < 0) return -1;
    return n > 0;
}

int chapter_insert(DbConn *c, Err *e, const ChapterFields *f, int64_t by, int64_t *id)
{
    int64_t now = now_unix();
    if (db_int64(c, e, id,
                 "INSERT INTO chapters (slug, name, metro_id, sector_id, status, description, capacity, sector_rule,"
                 "                      created_by, created_at, updated_at)"
                 " VALUES ($1, $2, $3, $4, 'forming', $5, $6, $7, $8, $9, $9) RETURNING id",
                 DT(f->slug), DT(f->name), DI(f->metro_id), DID(f->sector_id), DT(f->description),
                 DI(f->capacity), DT(f->sector_rule), DI(by), DI(now)) < 0)
        return -1;
    return membership_add(c, e, *id, by, "connector", by);
}

int chapter_save(DbConn *c, Err *e, int64_t id, const ChapterFields *f)
{
    int64_t members = 0;
    if (chapter_member_count(c, e, id, &members) < 0) return -1;
    if (f->capacity < members)
        return err_field(e, E_CONFLICT, "capacity", "The chapter already has %lld members; the capacity cannot be lower.",
                         (long long)members);
    if (str_eq(f->sector_rule, "one_per_sector")) {
        json_t *clash = NULL;
        int n = db_row(c, e, &clash,
                       "SELECT s.name AS sector, count(*) AS members FROM memberships ms JOIN users u ON u.id = ms.user_id"
                       " JOIN sectors s ON s.id = u.sector_id WHERE ms.chapter_id = $1"
                       " GROUP BY s.name HAVING count(*) > 1 ORDER BY s.name LIMIT 1", DI(id));
        if (n < 0) return -1;
        if (n) {
            err_field(e, E_CONFLICT, "sector_rule",
                      "%lld members already share the sector %s, so the chapter cannot switch to one member per sector.",
                      (long long)json_integer_value(json_object_get(clash, "members")),
                      json_string_value(json_object_get(clash, "sector")));
            json_decref(clash);
            return -1;
        }
    }
    return db_exec(c, e,
                   "UPDATE chapters SET name = $2, metro_id = $3, sector_id = $4, status = $5, description = $6,"
                   " capacity = $7, sector_rule = $8, updated_at = $9 WHERE id = $1",
                   DI(id), DT(f->name), DI(f->metro_id), DID(f->sector_id), DT(f->status), DT(f->description),
                   DI(f->capacity), DT(f->sector_rule), DI(now_unix())) < 0 ? -1 : 0;
}

/* ---------- membership ---------- */

static int membership_event(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *kind, int64_t actor)
{
    return db_exec(c, e, "INSERT INTO membership_events (chapter_id, user_id, kind, actor_id, at) VALUES ($1, $2, $3, $4, $5)",
                   DI(chapter_id), DI(user_id), DT(kind), DID(actor), DI(now_unix())) < 0 ? -1 : 0;
}

int membership_add(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *role, int64_t actor)
{
    json_t *f = NULL;
    int rc = -1;
    if (db_row(c, e, &f,
               "SELECT ch.name, ch.status, ch.capacity, ch.sector_rule,"
               "       (SELECT count(*) FROM memberships WHERE chapter_id = ch.id) AS members,"
               "       (SELECT count(*) FROM memberships WHERE chapter_id = ch.id AND user_id = $2) AS mine,"
               "       u.sector_id, s.name AS sector,"
               "       (SELECT min(o.name) FROM memberships om JOIN users o ON o.id = om.user_id"
               "         WHERE om.chapter_id = ch.id AND o.sector_id = u.sector_id AND o.id <> u.id) AS holder"
               "  FROM chapters ch, users u LEFT JOIN sectors s ON s.id = u.sector_id"
               " WHERE ch.id = $1 AND u.id = $2",
               DI(chapter_id), DI(user_id)) <= 0) {
        if (!e->code) err_set(e, E_NOT_FOUND, "That chapter or person does not exist.");
        return -1;
    }
    Admission a = {
        .already_member = json_integer_value(json_object_get(f, "mine")) > 0,
        .status = json_string_value(json_object_get(f, "status")),
        .members = json_integer_value(json_object_get(f, "members")),
        .capacity = json_integer_value(json_object_get(f, "capacity")),
        .one_per_sector = str_eq(json_string_value(json_object_get(f, "sector_rule")), "one_per_sector"),
        .sector_id = json_integer_value(json_object_get(f, "sector_id")),
        .sector_name = json_string_value(json_object_get(f, "sector")),
        .sector_holder = json_string_value(json_object_get(f, "holder")),
    };
    if (membership_admit(&a, json_string_value(json_object_get(f, "name")), e) < 0) goto done;
    if (db_exec(c, e, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)",
                DI(chapter_id), DI(user_id), DT(role), DI(now_unix())) < 0)
        goto done;
    if (membership_event(c, e, chapter_id, user_id, "joined", actor) < 0) goto done;
    if (str_eq(role, "connector") && membership_event(c, e, chapter_id, user_id, "connector", actor) < 0) goto done;
    /* whoever joins stops asking */
    if (db_exec(c, e, "UPDATE join_requests SET status = 'approved', decided_at = $3, decided_by = $4"
                      " WHERE chapter_id = $1 AND user_id = $2 AND status = 'pending'",
                DI(chapter_id), DI(user_id), DI(now_unix()), DID(actor)) < 0)
        goto done;
    rc = 0;
done:
    json_decref(f);
    return rc;
}

int membership_role(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, char *role, size_t n)
{
    DbRes *r = db_query(c, e, "SELECT role FROM memberships WHERE chapter_id = $1 AND user_id = $2",
                        DI(chapter_id), DI(user_id));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) snprintf(role, n, "%s", db_text(r, 0));
    db_done(r);
    return found;
}

int connector_count(DbConn *c, Err *e, int64_t chapter_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM memberships WHERE chapter_id = $1 AND role = 'connector'",
                    DI(chapter_id)) < 0 ? -1 : 0;
}

int chapter_member_count(DbConn *c, Err *e, int64_t chapter_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM memberships WHERE chapter_id = $1", DI(chapter_id)) < 0 ? -1 : 0;
}

json_t *chapter_connector_emails(DbConn *c, Err *e, int64_t chapter_id)
{
    return db_rows(c, e,
                   "SELECT u.email FROM memberships ms JOIN users u ON u.id = ms.user_id"
                   " WHERE ms.chapter_id = $1 AND ms.role = 'connector'",
                   DI(chapter_id));
}

int membership_remove(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *kind, int64_t actor)
{
    if (db_exec(c, e, "DELETE FROM memberships WHERE chapter_id = $1 AND user_id = $2", DI(chapter_id), DI(user_id)) < 0)
        return -1;
    return membership_event(c, e, chapter_id, user_id, kind, actor);
}

int membership_set_role(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *role, int64_t actor)
{
    if (db_exec(c, e, "UPDATE memberships SET role = $3 WHERE chapter_id = $1 AND user_id = $2",
                DI(chapter_id), DI(user_id), DT(role)) < 0)
        return -1;
    return membership_event(c, e, chapter_id, user_id, str_eq(role, "connector") ? "connector" : "stepped_down", actor);
}

json_t *member_chapters(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT c.slug, c.name, c.status, ms.role, ms.joined_at, m.name AS metro,"
                   "       CASE WHEN ms.role = 'connector' THEN 1 ELSE 0 END AS is_connector"
                   "  FROM memberships ms JOIN chapters c ON c.id = ms.chapter_id JOIN places m ON m.id = c.metro_id"
                   " WHERE ms.user_id = $1 ORDER BY c.name",
                   DI(user_id));
}

json_t *member_join_requests(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT j.id, j.status, j.created_at, c.slug, c.name"
                   "  FROM join_requests j JOIN chapters c ON c.id = j.chapter_id"
                   " WHERE j.user_id = $1 AND j.status = 'pending' ORDER BY j.created_at DESC", DI(user_id));
}

/* ---------- invitations ---------- */

/* Whether an invitation to `email` may be made now: not a member yet, and
 * fewer than 100 invitations from the chapter in a day. */
static int invitation_allowed(DbConn *c, Err *e, int64_t chapter_id, const char *email, int64_t now)
{
    int64_t n = 0;
    if (db_int64(c, e, &n,
                 "SELECT count(*) FROM memberships ms JOIN users u ON u.id = ms.user_id"
                 " WHERE ms.chapter_id = $1 AND u.email = $2", DI(chapter_id), DT(email)) < 0)
        return -1;
    if (n) return err_field(e, E_CONFLICT, "email", "%s is already a member of this chapter.", email);
    if (db_int64(c, e, &n, "SELECT count(*) FROM invitations WHERE chapter_id = $1 AND created_at > $2",
                 DI(chapter_id), DI(now - 86400)) < 0)
        return -1;
    if (n >= 100) return err_set(e, E_TOO_MANY, "This chapter has sent 100 invitations today; please continue tomorrow.");
    return 0;
}

int invitation_insert(DbConn *c, Err *e, int64_t chapter_id, const char *email, const char *hash,
                      const char *message, int64_t by, int64_t *id)
{
    int64_t now = now_unix();
    if (invitation_allowed(c, e, chapter_id, email, now) < 0) return -1;
    return db_int64(c, e, id,
                    "INSERT INTO invitations (chapter_id, email, token_hash, message, invited_by, created_at, expires_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    DI(chapter_id), DT(email), DT(hash), DT(message), DI(by), DI(now),
                    DI(now + INVITATION_TTL_SECONDS)) < 0 ? -1 : 0;
}

int invitation_live(DbConn *c, Err *e, int64_t chapter_id, const char *email, int64_t now, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT id, created_at, expires_at FROM invitations WHERE chapter_id = $1 AND email = $2"
                  " AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3 ORDER BY id DESC LIMIT 1",
                  DI(chapter_id), DT(email), DI(now));
}

int invitation_renew(DbConn *c, Err *e, int64_t chapter_id, int64_t id, const char *email, const char *hash, const char *message)
{
    int64_t now = now_unix();
    if (invitation_allowed(c, e, chapter_id, email, now) < 0) return -1;
    return db_exec(c, e, "UPDATE invitations SET token_hash = $3, message = $4, created_at = $5, expires_at = $6"
                         " WHERE id = $1 AND chapter_id = $2",
                   DI(id), DI(chapter_id), DT(hash), DT(message), DI(now), DI(now + INVITATION_TTL_SECONDS)) < 0 ? -1 : 0;
}

json_t *invitation_list(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT i.id, i.email, i.message, i.created_at, i.expires_at, i.accepted_at, i.revoked_at,"
                   "       u.name AS invited_by, a.name AS accepted_by"
                   "  FROM invitations i JOIN users u ON u.id = i.invited_by LEFT JOIN users a ON a.id = i.accepted_by"
                   " WHERE i.chapter_id = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT $2 OFFSET $3",
                   DI(chapter_id), DI(limit), DI(offset));
}

int invitation_exists(DbConn *c, Err *e, int64_t chapter_id, int64_t id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM invitations WHERE id = $1 AND chapter_id = $2", DI(id), DI(chapter_id)) < 0
               ? -1 : 0;
}

int invitation_revoke_one(DbConn *c, Err *e, int64_t chapter_id, int64_t id)
{
    return db_exec(c, e, "UPDATE invitations SET revoked_at = $3 WHERE id = $1 AND chapter_id = $2"
                         " AND accepted_at IS NULL AND revoked_at IS NULL",
                   DI(id), DI(chapter_id), DI(now_unix()));
}

/* The invitation with this token whatever its state: 1 found, 0 none, -1 error. */
int invitation_by_token(DbConn *c, Err *e, const char *token, json_t **inv)
{
    Arena a;
    arena_init(&a, 256);
    int found = db_row(c, e, inv,
                       "SELECT i.id, i.chapter_id, i.email, i.message, i.created_at, i.expires_at, i.accepted_at,"
                       "       i.revoked_at, u.name AS invited_by, ch.slug AS chapter_slug, ch.name AS chapter_name,"
                       "       ch.description AS chapter_description, m.name AS metro"
                       "  FROM invitations i JOIN users u ON u.id = i.invited_by"
                       "  JOIN chapters ch ON ch.id = i.chapter_id JOIN places m ON m.id = ch.metro_id"
                       " WHERE i.token_hash = $1",
                       DT(token_hash(&a, token)));
    arena_release(&a);
    return found;
}

int invitation_find(DbConn *c, Err *e, const char *token, json_t **inv)
{
    int found = invitation_by_token(c, e, token, inv);
    if (found <= 0) return found;
    const char *state = invitation_state(json_integer_value(json_object_get(*inv, "expires_at")),
                                         json_integer_value(json_object_get(*inv, "accepted_at")),
                                         json_integer_value(json_object_get(*inv, "revoked_at")), now_unix());
    if (!str_eq(state, "pending")) {
        json_decref(*inv);
        *inv = NULL;
        return 0;
    }
    return 1;
}

int invitation_mark_accepted(DbConn *c, Err *e, int64_t id, int64_t user_id)
{
    /* the condition makes a second, concurrent acceptance change nothing */
    return db_exec(c, e, "UPDATE invitations SET accepted_at = $3, accepted_by = $2"
                         " WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
                   DI(id), DI(user_id), DI(now_unix()));
}

/* ---------- join requests ---------- */

int join_request_insert(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *message, int64_t *id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM join_requests WHERE chapter_id = $1 AND user_id = $2 AND status = 'pending'",
                 DI(chapter_id), DI(user_id)) < 0)
        return -1;
    if (n) return err_set(e, E_CONFLICT, "You have already asked to join; the connectors will answer soon.");
    if (db_int64(c, e, &n, "SELECT count(*) FROM join_requests WHERE user_id = $1 AND created_at > $2",
                 DI(user_id), DI(now_unix() - 86400)) < 0)
        return -1;
    if (n >= 20) return err_set(e, E_TOO_MANY, "You have asked to join 20 chapters today; please wait for some answers first.");
    return db_int64(c, e, id,
                    "INSERT INTO join_requests (chapter_id, user_id, message, status, created_at)"
                    " VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
                    DI(chapter_id), DI(user_id), DT(message), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *join_request_list(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT j.id, j.status, j.message, j.created_at, j.decided_at, j.reason,"
                   "       CASE WHEN j.status = 'pending' THEN 1 ELSE 0 END AS is_pending,"
                   "       u.id AS user_id, u.name, u.organisation, m.name AS metro, s.name AS sector"
                   "  FROM join_requests j JOIN users u ON u.id = j.user_id"
                   "  LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id"
                   " WHERE j.chapter_id = $1"
                   " ORDER BY CASE WHEN j.status = 'pending' THEN 0 ELSE 1 END, j.created_at DESC, j.id DESC LIMIT $2 OFFSET $3",
                   DI(chapter_id), DI(limit), DI(offset));
}

int join_request_get(DbConn *c, Err *e, int64_t chapter_id, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT j.id, j.user_id, j.status, u.email, u.name FROM join_requests j JOIN users u ON u.id = j.user_id"
                  " WHERE j.id = $1 AND j.chapter_id = $2", DI(id), DI(chapter_id));
}

int join_request_close(DbConn *c, Err *e, int64_t id, const char *status, int64_t by, const char *reason)
{
    return db_exec(c, e, "UPDATE join_requests SET status = $2, decided_at = $3, decided_by = $4, reason = $5"
                         " WHERE id = $1 AND status = 'pending'",
                   DI(id), DT(status), DI(now_unix()), DID(by), DT(reason ? reason : ""));
}

int join_request_withdraw_mine(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id)
{
    return db_exec(c, e, "UPDATE join_requests SET status = 'withdrawn', decided_at = $3, decided_by = $2"
                         " WHERE chapter_id = $1 AND user_id = $2 AND status = 'pending'",
                   DI(chapter_id), DI(user_id), DI(now_unix()));
}

/* ---------- places and sectors ---------- */

json_t *place_all(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT p.id, p.parent_id, p.kind, p.name, p.slug, p.timezone, p.lat_e6, p.lon_e6,"
                   "       (SELECT count(*) FROM chapters ch WHERE ch.metro_id = p.id AND ch.status <> 'closed') AS chapters,"
                   "       (SELECT count(*) FROM chapters ch WHERE ch.metro_id = p.id AND ch.status = 'active') AS active,"
                   "       (SELECT count(*) FROM users u WHERE u.metro_id = p.id) AS members"
                   "  FROM places p ORDER BY p.name, p.id");
}

int place_by_slug(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return db_row(c, e, out, "SELECT id, parent_id, kind, name, slug, timezone, lat_e6, lon_e6 FROM places WHERE slug = $1", DT(slug));
}

int place_by_id(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, parent_id, kind, name, slug, timezone, lat_e6, lon_e6 FROM places WHERE id = $1", DI(id));
}

json_t *place_path(DbConn *c, Err *e, int64_t id)
{
    return db_rows(c, e,
                   "WITH RECURSIVE up(parent_id, name, slug, kind, depth) AS ("
                   "   SELECT parent_id, name, slug, kind, 0 FROM places WHERE id = $1"
                   "   UNION ALL SELECT p.parent_id, p.name, p.slug, p.kind, up.depth + 1"
                   "     FROM places p JOIN up ON p.id = up.parent_id WHERE up.depth < 7)"
                   " SELECT name, slug, kind FROM up WHERE depth > 0 ORDER BY depth DESC",
                   DI(id));
}

int place_insert(DbConn *c, Err *e, int64_t parent_id, const char *kind, const char *name, const char *slug,
                 const char *timezone, int64_t *id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM places WHERE slug = $1", DT(slug)) < 0) return -1;
    if (n) return err_field(e, E_CONFLICT, "slug", "The web address /places/%s is taken; please choose another.", slug);
    return db_int64(c, e, id,
                    "INSERT INTO places (parent_id, kind, name, slug, timezone, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
                    " RETURNING id",
                    DID(parent_id), DT(kind), DT(name), DT(slug), DT(timezone), DI(now_unix())) < 0 ? -1 : 0;
}

int place_position_put(DbConn *c, Err *e, int64_t id, const PlacePosition *p)
{
    return db_exec(c, e, "UPDATE places SET lat_e6 = $2, lon_e6 = $3 WHERE id = $1", DI(id), p->is_set ? DI(p->lat_e6) : DN,
                   p->is_set ? DI(p->lon_e6) : DN) < 0 ? -1 : 0;
}

json_t *place_map_rows(DbConn *c, Err *e, int64_t place_id, int64_t limit)
{
    return db_rows(c, e,
                   SUBTREE_OF_1
                   " SELECT p.name, p.slug, p.lat_e6, p.lon_e6,"
                   "        (SELECT count(*) FROM chapters ch WHERE ch.metro_id = p.id AND ch.status <> 'closed') AS chapters"
                   "   FROM places p WHERE p.kind = 'metro' AND ($1 = 0 OR p.id IN (SELECT id FROM sub))"
                   "  ORDER BY p.name, p.id LIMIT $2",
                   DI(place_id), DI(limit));
}

/* Chapters and members per metro and sector within a place's subtree. */
json_t *place_density(DbConn *c, Err *e, int64_t place_id)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id),"
                   " metros AS (SELECT p.id FROM places p WHERE p.kind = 'metro' AND p.id IN (SELECT id FROM sub)),"
                   " ch AS (SELECT metro_id, sector_id, count(*) AS chapters FROM chapters"
                   "        WHERE metro_id IN (SELECT id FROM metros) AND status <> 'closed' GROUP BY metro_id, sector_id),"
                   " mb AS (SELECT metro_id, sector_id, count(*) AS members FROM users"
                   "        WHERE metro_id IN (SELECT id FROM metros) GROUP BY metro_id, sector_id)"
                   " SELECT coalesce(ch.metro_id, mb.metro_id) AS metro_id, coalesce(ch.sector_id, mb.sector_id) AS sector_id,"
                   "        coalesce(ch.chapters, 0) AS chapters, coalesce(mb.members, 0) AS members"
                   "   FROM ch FULL OUTER JOIN mb ON mb.metro_id = ch.metro_id"
                   "    AND coalesce(mb.sector_id, 0) = coalesce(ch.sector_id, 0)",
                   DI(place_id));
}

json_t *place_chapters(DbConn *c, Err *e, int64_t place_id, int64_t limit)
{
    return db_rows(c, e,
                   SUBTREE_OF_1
                   " SELECT " CHAPTER_COLUMNS CHAPTER_JOINS
                   " WHERE c.metro_id IN (SELECT id FROM sub) AND c.status <> 'closed'"
                   " ORDER BY CASE c.status WHEN 'active' THEN 0 WHEN 'forming' THEN 1 ELSE 2 END, c.name, c.id LIMIT $2",
                   DI(place_id), DI(limit));
}

json_t *sector_all(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT s.id, s.name, s.slug, s.description,"
                   "       (SELECT count(*) FROM chapters ch WHERE ch.sector_id = s.id AND ch.status <> 'closed') AS chapters,"
                   "       (SELECT count(*) FROM users u WHERE u.sector_id = s.id) AS members"
                   "  FROM sectors s ORDER BY s.name");
}

int sector_by_slug(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, slug, description FROM sectors WHERE slug = $1", DT(slug));
}

int sector_insert(DbConn *c, Err *e, const char *name, const char *slug, const char *description, int64_t *id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM sectors WHERE slug = $1 OR lower(name) = lower($2)", DT(slug), DT(name)) < 0)
        return -1;
    if (n) return err_field(e, E_CONFLICT, "name", "There is already a sector called %s.", name);
    return db_int64(c, e, id, "INSERT INTO sectors (name, slug, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                    DT(name), DT(slug), DT(description), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *metro_options(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT m.id, m.name, co.name AS country, m.name || ' (' || coalesce(co.name, rg.name, '') || ')' AS label"
                   "  FROM places m LEFT JOIN places rg ON rg.id = m.parent_id LEFT JOIN places co ON co.id = rg.parent_id"
                   " WHERE m.kind = 'metro' ORDER BY m.name, co.name");
}

json_t *sector_options(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, name, name AS label FROM sectors ORDER BY name");
}

int metro_exists(DbConn *c, Err *e, int64_t id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM places WHERE id = $1 AND kind = 'metro'", DI(id)) < 0) return -1;
    return n > 0;
}

int sector_exists(DbConn *c, Err *e, int64_t id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM sectors WHERE id = $1", DI(id)) < 0) return -1;
    return n > 0;
}

/* ---------- figures for the home page ---------- */

int network_totals(DbConn *c, Err *e, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT (SELECT count(*) FROM chapters WHERE status <> 'closed') AS chapters,"
                  "       (SELECT count(*) FROM chapters WHERE status = 'active') AS active,"
                  "       (SELECT count(*) FROM chapters WHERE status = 'forming') AS forming,"
                  "       (SELECT count(*) FROM users) AS members,"
                  "       (SELECT count(*) FROM places WHERE kind = 'metro') AS metros,"
                  "       (SELECT count(*) FROM places WHERE kind = 'country') AS countries,"
                  "       (SELECT count(*) FROM sectors) AS sectors");
}

json_t *recent_chapters(DbConn *c, Err *e, int64_t limit)
{
    return db_rows(c, e, "SELECT " CHAPTER_COLUMNS CHAPTER_JOINS " WHERE c.status <> 'closed' ORDER BY c.created_at DESC, c.id DESC LIMIT $1",
                   DI(limit));
}

json_t *top_metros(DbConn *c, Err *e, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT m.name, m.slug, count(*) AS chapters FROM chapters ch JOIN places m ON m.id = ch.metro_id"
                   " WHERE ch.status <> 'closed' GROUP BY m.name, m.slug ORDER BY count(*) DESC, m.name LIMIT $1",
                   DI(limit));
}


json_t *chapter_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT id, slug, name, description, metro_id, sector_id, updated_at FROM chapters"
                   " WHERE id > $1 ORDER BY id LIMIT $2",
                   DI(after), DI(limit));
}

json_t *place_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT p.id, p.slug, p.name, p.kind, coalesce(u.name, '') AS parent_name, p.created_at"
                   "  FROM places p LEFT JOIN places u ON u.id = p.parent_id"
                   " WHERE p.id > $1 ORDER BY p.id LIMIT $2",
                   DI(after), DI(limit));
}
