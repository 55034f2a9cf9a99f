/* store_members.c - the SQL of the member directory: the search (by name or
 * organisation, through the text index) and a member's profile. */
#include <string.h>

#include "base/str.h"
#include "network/network.h"
#include "network/store.h"

/* The ids of place $2 and of every place below it, as the table "sub". */
#define SUBTREE_OF_2 "WITH RECURSIVE sub(id) AS (SELECT $2 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"

/* ---------- members ----------
 *
 * Members are counted first, up to MEMBER_COUNT_CAP + 1 rows (so that a common
 * name never counts the whole table), through the index that suits the query:
 * for text (case-insensitive substrings of the name or the organisation) the
 * text index of migration 005 — on SQLite the FTS5 trigram table users_text
 * (MATCH the text as one phrase), on PostgreSQL the pg_trgm indexes that
 * lower(...) LIKE uses —, without text the place or the sector (one statement
 * per combination, as in the directory). Then the page: when few match (the
 * count stayed under the cap), the rows that index found are read and sorted
 * by name; when many match, users_name (name, organisation) is walked in order
 * and each entry checked, which finds a page of a common name within a few
 * thousand entries (the text is checked with LIKE in the index, before the
 * table is read). Text the trigram index cannot take (fewer than three
 * characters, LIKE's wildcards) is matched by that walk alone. PostgreSQL plans
 * the text search itself. */
#define MEMBER_COLUMNS \
    " SELECT u.id, u.name, u.organisation, m.name AS metro, s.name AS sector," \
    "        (SELECT count(*) FROM memberships ms WHERE ms.user_id = u.id) AS chapters" \
    "   FROM users u LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id WHERE"
#define MEMBER_ORDER " ORDER BY u.name, u.id LIMIT $4 OFFSET $5"
/* How many match, up to $4 (the cap + 1). */
#define MEMBER_COUNT(where) SUBTREE_OF_2 " SELECT count(*) FROM (SELECT 1 FROM users u WHERE" where " LIMIT $4) x"
/* Place $2 (its subtree "sub") and sector $3 (0: any), checked on the rows found. */
#define MEMBER_FILTERS " AND ($2 = 0 OR u.metro_id IN (SELECT id FROM sub)) AND ($3 = 0 OR u.sector_id = $3)"
#define MEMBER_INDEXED " u.id IN (SELECT rowid FROM users_text WHERE users_text MATCH $1)"
/* $1 is "%text%" in lower case; SQLite's LIKE ignores the case of ASCII letters itself. */
#define MEMBER_LIKE_SQLITE " (u.name LIKE $1 OR u.organisation LIKE $1)"
#define MEMBER_LIKE_PG " (lower(u.name) LIKE $1 OR lower(u.organisation) LIKE $1)"
#define MEMBER_ARGS(q, text) DT(text), DI((q)->place_id), DI((q)->sector_id)
/* X(filters) for the place and sector of q, when there is no text ($1 = ''). */
#define MEMBER_PICK(q, X) \
    ((q)->place_id ? ((q)->sector_id ? X(" AND u.metro_id IN (SELECT id FROM sub) AND u.sector_id = $3") \
                                     : X(" AND u.metro_id IN (SELECT id FROM sub) AND $3 = 0")) \
                   : ((q)->sector_id ? X(" AND $2 = 0 AND u.sector_id = $3") : X(" AND $2 = 0 AND $3 = 0")))

json_t *member_search(DbConn *c, Err *e, const MemberQuery *q, int64_t *total)
{
    const TextQuery *t = &q->text;
    const int64_t cap = MEMBER_COUNT_CAP + 1;
    if (!*t->like) {
#define COUNT(filters) db_int64(c, e, total, MEMBER_COUNT(" $1 = ''" filters), MEMBER_ARGS(q, ""), DI(cap))
#define PAGE(filters) \
    db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS " $1 = ''" filters MEMBER_ORDER, MEMBER_ARGS(q, ""), DI(q->limit), DI(q->offset))
        if (MEMBER_PICK(q, COUNT) < 0) return NULL;
        if (*total <= MEMBER_COUNT_CAP) return MEMBER_PICK(q, PAGE);
        return db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS " $1 = ''" MEMBER_FILTERS MEMBER_ORDER,
                       MEMBER_ARGS(q, ""), DI(q->limit), DI(q->offset));
#undef COUNT
#undef PAGE
    }
    if (db_conn_kind(c) == DB_POSTGRES) {
        if (db_int64(c, e, total, MEMBER_COUNT(MEMBER_LIKE_PG MEMBER_FILTERS), MEMBER_ARGS(q, t->like), DI(cap)) < 0)
            return NULL;
        return db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_LIKE_PG MEMBER_FILTERS MEMBER_ORDER,
                       MEMBER_ARGS(q, t->like), DI(q->limit), DI(q->offset));
    }
    if (t->phrase) {
        int rc = q->place_id || q->sector_id
                     ? db_int64(c, e, total, MEMBER_COUNT(MEMBER_INDEXED MEMBER_FILTERS), MEMBER_ARGS(q, t->phrase), DI(cap))
                     : db_int64(c, e, total, "SELECT count(*) FROM (SELECT 1 FROM users_text WHERE users_text MATCH $1 LIMIT $2) x",
                                DT(t->phrase), DI(cap));
        if (rc < 0) return NULL;
        /* LIKE folds the case of ASCII letters only, the index that of every letter */
        if (*total <= MEMBER_COUNT_CAP || !t->ascii)
            return db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_INDEXED MEMBER_FILTERS MEMBER_ORDER,
                           MEMBER_ARGS(q, t->phrase), DI(q->limit), DI(q->offset));
    } else if (db_int64(c, e, total, MEMBER_COUNT(MEMBER_LIKE_SQLITE MEMBER_FILTERS), MEMBER_ARGS(q, t->like), DI(cap)) < 0)
        return NULL;
    return db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_LIKE_SQLITE MEMBER_FILTERS MEMBER_ORDER,
                   MEMBER_ARGS(q, t->like), DI(q->limit), DI(q->offset));
}

int member_profile(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.name, u.email, u.organisation, u.bio, u.created_at, u.is_admin,"
                  "       m.name AS metro, m.slug AS metro_slug, s.name AS sector, s.slug AS sector_slug"
                  "  FROM users u LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id"
                  " WHERE u.id = $1", DI(id));
}
