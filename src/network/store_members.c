/* store_members.c - the SQL of the member directory: the search (by the
 * starts of the words of the name or the organisation, member_words) and a
 * member's profile. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "network/network.h"
#include "network/store.h"

/* The ids of place $2 and of every place below it, as the table "sub". */
#define SUBTREE_OF_2 "WITH RECURSIVE sub(id) AS (SELECT $2 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"

/* ---------- members ----------
 *
 * Without text, members are counted first, up to MEMBER_COUNT_CAP + 1 rows (so
 * that the whole network is never counted), through the place or the sector
 * (one statement per combination, as in the directory), then a page is read in
 * name order.
 *
 * With text, a member is found when each typed word starts one of the words of
 * the name or the organisation (member_words, schema 036: folded words, each
 * with the member's name). The typed word that drives the search is the
 * longest; its words are one range of member_words_order (word, name,
 * user_id), and the other typed words are checked per member found through
 * member_words_user (user_id, word). The count is capped as above (the first
 * MEMBER_COUNT_CAP + 1 members of the range). Then the page:
 * - when the count stayed under the cap, those members are read and sorted;
 * - when more match and the range holds at most eight words ("pereira", or
 *   "mar": marco, marek, mariana, marta, martinez, martins), each word's
 *   entries are already in name order in the index: the first offset + limit
 *   of each are read and merged, without reading or sorting the others;
 * - otherwise (a short prefix of many words, "m"), the names are walked in
 *   order in users_name and each member checked, which finds a page of a
 *   common prefix within a few entries. */
#define MEMBER_COLUMNS \
    " SELECT u.id, u.name, u.organisation, m.name AS metro, s.name AS sector," \
    "        (SELECT count(*) FROM memberships ms WHERE ms.user_id = u.id) AS chapters"
#define MEMBER_FROM " FROM users u LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id WHERE"
#define MEMBER_ORDER " ORDER BY u.name, u.id LIMIT $4 OFFSET $5"
/* How many match, up to $4 (the cap + 1). */
#define MEMBER_COUNT(where) SUBTREE_OF_2 " SELECT count(*) FROM (SELECT 1 FROM users u WHERE" where " LIMIT $4) x"
/* Place $2 (its subtree "sub") and sector $3 (0: any), checked on the rows found. */
#define MEMBER_FILTERS " AND ($2 = 0 OR u.metro_id IN (SELECT id FROM sub)) AND ($3 = 0 OR u.sector_id = $3)"
#define MEMBER_ARGS(q) DT(""), DI((q)->place_id), DI((q)->sector_id)
/* X(filters) for the place and sector of q, when there is no text ($1 = ''). */
#define MEMBER_PICK(q, X) \
    ((q)->place_id ? ((q)->sector_id ? X(" AND u.metro_id IN (SELECT id FROM sub) AND u.sector_id = $3") \
                                     : X(" AND u.metro_id IN (SELECT id FROM sub) AND $3 = 0")) \
                   : ((q)->sector_id ? X(" AND $2 = 0 AND u.sector_id = $3") : X(" AND $2 = 0 AND $3 = 0")))

/* The words typed: $1 (the driving word) .. $6 its range's end; the other
 * typed words $7, $9, $11 ('' when not typed), each checked in the entry's
 * words (" ana silva ": a word typed starts one of them; folded words hold no
 * LIKE wildcard); $8, $10, $12 (their ranges' ends) are not needed there and
 * are never ''. */
#define WORDS_MORE \
    " AND ($7 = '' OR w.words LIKE '% ' || $7 || '%') AND ($8 <> '')" \
    " AND ($9 = '' OR w.words LIKE '% ' || $9 || '%') AND ($10 <> '')" \
    " AND ($11 = '' OR w.words LIKE '% ' || $11 || '%') AND ($12 <> '')"
/* The members found (w.user_id, a member once per word of the range), with the filters on u. */
#define WORDS_FROM(filters) " FROM member_words w JOIN users u ON u.id = w.user_id WHERE w.word >= $1 AND w.word < $6" WORDS_MORE filters
/* Without filters the users are not read. */
#define WORDS_FROM_ALL " FROM member_words w WHERE w.word >= $1 AND w.word < $6" WORDS_MORE " AND $2 = 0 AND $3 = 0"
#define WORDS_PICK(q, X) \
    ((q)->place_id ? ((q)->sector_id ? X(WORDS_FROM(" AND u.metro_id IN (SELECT id FROM sub) AND u.sector_id = $3")) \
                                     : X(WORDS_FROM(" AND u.metro_id IN (SELECT id FROM sub) AND $3 = 0"))) \
                   : ((q)->sector_id ? X(WORDS_FROM(" AND $2 = 0 AND u.sector_id = $3")) : X(WORDS_FROM_ALL)))
#define WORDS_ARGS(q, w, k) \
    DT(w[k[0]]), DI((q)->place_id), DI((q)->sector_id)
#define WORDS_REST(t, k) \
    DT((t)->high[k[0]]), DT(k[1] < 0 ? "" : (t)->words[k[1]]), DT(k[1] < 0 ? "-" : (t)->high[k[1]]), \
    DT(k[2] < 0 ? "" : (t)->words[k[2]]), DT(k[2] < 0 ? "-" : (t)->high[k[2]]), \
    DT(k[3] < 0 ? "" : (t)->words[k[3]]), DT(k[3] < 0 ? "-" : (t)->high[k[3]])
/* The first MEMBER_COUNT_CAP + 1 members found, as a literal (a page of few). */
#define MEMBER_CAP_ROWS "1001"

/* The first RANGE_WORDS_MAX + 1 distinct words of member_words in [lo, hi),
 * one seek each, as new strings in out; returns how many (more than
 * RANGE_WORDS_MAX: too many to merge), or -1. */
enum { RANGE_WORDS_MAX = 8 };
static int range_words(DbConn *c, Err *e, const char *lo, const char *hi, char **out)
{
    int n = 0;
    const char *after = NULL;
    while (n <= RANGE_WORDS_MAX) {
        DbRes *r = after ? db_query(c, e, "SELECT word FROM member_words WHERE word > $1 AND word < $2 ORDER BY word LIMIT 1", DT(after), DT(hi))
                         : db_query(c, e, "SELECT word FROM member_words WHERE word >= $1 AND word < $2 ORDER BY word LIMIT 1", DT(lo), DT(hi));
        if (!r) goto fail;
        int got = db_next(r);
        if (got > 0) out[n] = strdup(db_text(r, 0));
        db_done(r);
        if (got < 0) goto fail;
        if (got == 0) break;
        after = out[n++];
    }
    return n;
fail:
    while (n > 0) free(out[--n]);
    return -1;
}

/* One word's members ($13 .. $20), found as `from` finds them, in name order: the first $21. */
#define ARM(p, from) " SELECT * FROM (SELECT w.name, w.user_id" from " AND w.word = " p " ORDER BY w.name, w.user_id LIMIT $21) a"
/* The page of the members of up to eight words, each word's read in name order and merged. */
#define MERGE(from) \
    SUBTREE_OF_2 MEMBER_COLUMNS " FROM (SELECT DISTINCT t.user_id, t.name FROM (" \
    ARM("$13", from) " UNION ALL" ARM("$14", from) " UNION ALL" ARM("$15", from) " UNION ALL" ARM("$16", from) \
    " UNION ALL" ARM("$17", from) " UNION ALL" ARM("$18", from) " UNION ALL" ARM("$19", from) " UNION ALL" ARM("$20", from) \
    ") t ORDER BY t.name, t.user_id LIMIT $4 OFFSET $5) f JOIN users u ON u.id = f.user_id" \
    " LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id ORDER BY u.name, u.id"

static json_t *member_search_words(DbConn *c, Err *e, const MemberQuery *q, int64_t *total)
{
    const TextQuery *t = &q->text;
    const int64_t cap = MEMBER_COUNT_CAP + 1;
    _Static_assert(MEMBER_COUNT_CAP == 1000, "MEMBER_CAP_ROWS is the cap + 1");
    /* the longest typed word drives (the fewest entries), the others are checked */
    int k[TEXT_WORDS_MAX] = { 0, -1, -1, -1 };
    for (size_t i = 1; i < t->nwords; i++)
        if (strlen(t->words[i]) > strlen(t->words[k[0]])) k[0] = (int)i;
    for (size_t i = 0, n = 1; i < t->nwords; i++)
        if ((int)i != k[0]) k[n++] = (int)i;
    const char *const *w = t->words;
#define COUNT(from) db_int64(c, e, total, SUBTREE_OF_2 " SELECT count(*) FROM (SELECT DISTINCT w.user_id" from " LIMIT $4 OFFSET $5) x", \
                             WORDS_ARGS(q, w, k), DI(cap), DI(0), WORDS_REST(t, k))
#define FEW(from) db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_FROM " u.id IN (SELECT DISTINCT w.user_id" from " LIMIT " MEMBER_CAP_ROWS ")" MEMBER_ORDER, \
                          WORDS_ARGS(q, w, k), DI(q->limit), DI(q->offset), WORDS_REST(t, k))
    if (WORDS_PICK(q, COUNT) < 0) return NULL;
    if (*total <= MEMBER_COUNT_CAP) return WORDS_PICK(q, FEW);
#undef COUNT
#undef FEW
    char *rw[RANGE_WORDS_MAX + 1];
    int nw = range_words(c, e, t->words[k[0]], t->high[k[0]], rw);
    if (nw < 0) return NULL;
    if (nw <= RANGE_WORDS_MAX) {
        /* a page of each word of the range (each already in name order), merged: a member in
         * the first offset + limit of all is in the first offset + limit of each of its words */
#define RW(i) DT(i < nw ? rw[i] : "")
#define PAGE(from) db_rows(c, e, MERGE(from), WORDS_ARGS(q, w, k), DI(q->limit), DI(q->offset), WORDS_REST(t, k), \
                           RW(0), RW(1), RW(2), RW(3), RW(4), RW(5), RW(6), RW(7), DI(q->offset + q->limit))
        json_t *rows = WORDS_PICK(q, PAGE);
#undef PAGE
#undef RW
        while (nw > 0) free(rw[--nw]);
        return rows;
    }
    while (nw > 0) free(rw[--nw]);
    /* a short prefix of many words: the names in order, each checked */
    return db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_FROM
                   " EXISTS (SELECT 1 FROM member_words w WHERE w.user_id = u.id AND w.word >= $1 AND w.word < $6" WORDS_MORE ")"
                   MEMBER_FILTERS MEMBER_ORDER,
                   WORDS_ARGS(q, w, k), DI(q->limit), DI(q->offset), WORDS_REST(t, k));
}

json_t *member_search(DbConn *c, Err *e, const MemberQuery *q, int64_t *total)
{
    const int64_t cap = MEMBER_COUNT_CAP + 1;
    if (*q->text.like) {
        if (q->text.nwords) return member_search_words(c, e, q, total);
        *total = 0;   /* typed, but no word in it: no name starts with punctuation */
        return json_array();
    }
#define COUNT(filters) db_int64(c, e, total, MEMBER_COUNT(" $1 = ''" filters), MEMBER_ARGS(q), DI(cap))
#define PAGE(filters) \
    db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_FROM " $1 = ''" filters MEMBER_ORDER, MEMBER_ARGS(q), DI(q->limit), DI(q->offset))
    if (MEMBER_PICK(q, COUNT) < 0) return NULL;
    if (*total <= MEMBER_COUNT_CAP) return MEMBER_PICK(q, PAGE);
    return db_rows(c, e, SUBTREE_OF_2 MEMBER_COLUMNS MEMBER_FROM " $1 = ''" MEMBER_FILTERS MEMBER_ORDER,
                   MEMBER_ARGS(q), DI(q->limit), DI(q->offset));
#undef COUNT
#undef PAGE
}

int member_profile(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.name, u.email, u.organisation, u.bio, u.created_at, u.is_admin,"
                  "       m.name AS metro, m.slug AS metro_slug, s.name AS sector, s.slug AS sector_slug"
                  "  FROM users u LEFT JOIN places m ON m.id = u.metro_id LEFT JOIN sectors s ON s.id = u.sector_id"
                  " WHERE u.id = $1", DI(id));
}
