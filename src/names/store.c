/* store.c - the SQL of names: matches by name for each kind the picker
 * offers, and the name of a value. Members are found by the starts of the
 * words of their names (member_words, as the member list finds them); other
 * names, and a member's whole name, are compared lowercased (lower(): every
 * letter on PostgreSQL, ASCII letters on SQLite). */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "names/names.h"

/* A member as a picker shows it (users u, places p: the member's city). */
#define MEMBER_PICK_COLUMNS \
    "SELECT 'member' AS kind, 'member:' || u.id AS value, u.name AS label," \
    "       u.organisation AS organisation, coalesce(p.name, '') AS place"
/* The second to fourth words typed ($3/$4, $5/$6, $7/$8: '' when not typed), each
 * the start of a word of member u (member_words, schema 036). */
#define NAME_WORDS_MORE \
    " AND ($3 = '' OR EXISTS (SELECT 1 FROM member_words x WHERE x.user_id = u.id AND x.word >= $3 AND x.word < $4))" \
    " AND ($5 = '' OR EXISTS (SELECT 1 FROM member_words x WHERE x.user_id = u.id AND x.word >= $5 AND x.word < $6))" \
    " AND ($7 = '' OR EXISTS (SELECT 1 FROM member_words x WHERE x.user_id = u.id AND x.word >= $7 AND x.word < $8))"

/* Appends to out the rows of one kind; 0, or -1 with e. */
static int add_rows(json_t *out, json_t *rows)
{
    if (!rows) return -1;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) json_array_append(out, row);
    json_decref(rows);
    return 0;
}

json_t *names_find(DbConn *c, Err *e, const NamesQuery *q)
{
    json_t *out = json_array();
    int64_t limit = q->limit > 0 && q->limit <= NAMES_FEW + 1 ? q->limit : NAMES_LIMIT;
    const char *like = q->q;
    const TextQuery *t = &q->words;
    bool by_words = !q->exact && t->like && *t->like;   /* members by the starts of their words */
    if ((q->kinds & NAME_MEMBER) && by_words) {
        if (!t->nwords) return out;   /* punctuation alone starts no word */
        const char *const *w = t->words, *const *h = t->high;
        size_t n = t->nwords;
#define W(i) DT(i < n ? w[i] : ""), DT(i < n ? h[i] : "")
        json_t *rows = q->chapter && *q->chapter
            ? db_rows(c, e, MEMBER_PICK_COLUMNS
                      "  FROM chapters c JOIN memberships m ON m.chapter_id = c.id JOIN users u ON u.id = m.user_id"
                      "  LEFT JOIN places p ON p.id = u.metro_id"
                      " WHERE c.slug = $9 AND EXISTS (SELECT 1 FROM member_words x WHERE x.user_id = u.id AND x.word >= $1 AND x.word < $2)"
                      NAME_WORDS_MORE " ORDER BY lower(u.name), u.id LIMIT $10",
                      W(0), W(1), W(2), W(3), DT(q->chapter), DI(limit))
            : db_rows(c, e, MEMBER_PICK_COLUMNS
                      "  FROM users u LEFT JOIN places p ON p.id = u.metro_id"
                      " WHERE u.id IN (SELECT user_id FROM member_words WHERE word >= $1 AND word < $2)"
                      NAME_WORDS_MORE " AND $9 = '' ORDER BY lower(u.name), u.id LIMIT $10",
                      W(0), W(1), W(2), W(3), DT(""), DI(limit));
#undef W
        if (add_rows(out, rows) < 0) goto fail;
    }
    /* a chapter's members are found from the chapter (a few hundred at most): from the members,
     * filtered by their chapters, a short or empty prefix walked the whole network (the
     * meeting page's pickers took a second at 100,000 members: make bench-scale) */
    if ((q->kinds & NAME_MEMBER) && !by_words && q->chapter && *q->chapter &&
        add_rows(out, db_rows(c, e, MEMBER_PICK_COLUMNS
                              "  FROM chapters c JOIN memberships m ON m.chapter_id = c.id JOIN users u ON u.id = m.user_id"
                              "  LEFT JOIN places p ON p.id = u.metro_id"
                              " WHERE c.slug = $2 AND lower(u.name) LIKE $1 ESCAPE '\\'"
                              " ORDER BY lower(u.name), u.id LIMIT $3",
                              DT(like), DT(q->chapter), DI(limit))) < 0)
        goto fail;
    if ((q->kinds & NAME_MEMBER) && !by_words && !(q->chapter && *q->chapter) &&
        add_rows(out, db_rows(c, e, MEMBER_PICK_COLUMNS
                              "  FROM users u LEFT JOIN places p ON p.id = u.metro_id WHERE lower(u.name) LIKE $1 ESCAPE '\\'"
                              " ORDER BY lower(u.name), u.id LIMIT $2",
                              DT(like), DI(limit))) < 0)
        goto fail;
    if ((q->kinds & NAME_ORG) &&
        add_rows(out, db_rows(c, e,
                              "SELECT 'org' AS kind, 'org:' || slug AS value, name AS label, kind AS org_kind"
                              "  FROM organisations WHERE lower(name) LIKE $1 ESCAPE '\\' ORDER BY lower(name), id LIMIT $2",
                              DT(like), DI(limit))) < 0)
        goto fail;
    if ((q->kinds & NAME_CHAPTER) &&
        add_rows(out, db_rows(c, e,
                              "SELECT 'chapter' AS kind, 'chapter:' || c.slug AS value, c.name AS label, p.name AS place"
                              "  FROM chapters c JOIN places p ON p.id = c.metro_id"
                              " WHERE lower(c.name) LIKE $1 ESCAPE '\\' ORDER BY lower(c.name), c.id LIMIT $2",
                              DT(like), DI(limit))) < 0)
        goto fail;
    if ((q->kinds & NAME_PLACE) &&
        add_rows(out, db_rows(c, e,
                              "SELECT 'place' AS kind, 'place:' || slug AS value, name AS label, kind AS place_kind"
                              "  FROM places WHERE lower(name) LIKE $1 ESCAPE '\\' ORDER BY lower(name), id LIMIT $2",
                              DT(like), DI(limit))) < 0)
        goto fail;
    return out;
fail:
    json_decref(out);
    return NULL;
}

json_t *names_few(DbConn *c, Err *e, unsigned kinds, const char *chapter)
{
    /* one more than a few, of each kind: more than NAMES_FEW in all means a search */
    NamesQuery q = { .kinds = kinds, .q = "%", .chapter = chapter, .limit = NAMES_FEW + 1 };
    json_t *all = names_find(c, e, &q);
    if (all && json_array_size(all) > NAMES_FEW) json_array_clear(all);
    return all;
}

const char *names_label(DbConn *c, Err *e, Arena *a, const char *value)
{
    json_t *row = NULL;
    int found = 0;
    const char *key = value ? strchr(value, ':') + 0 : NULL;
    if (str_eq(value, "network")) return "The network";
    if (!key) return NULL;
    key++;
    if (str_starts(value, "member:")) {
        int64_t id = 0;
        if (!str_to_i64(key, &id)) return NULL;
        found = db_row(c, e, &row, "SELECT name FROM users WHERE id = $1", DI(id));
    } else if (str_starts(value, "org:") || str_starts(value, "organisation:"))
        found = db_row(c, e, &row, "SELECT name FROM organisations WHERE slug = $1", DT(key));
    else if (str_starts(value, "chapter:"))
        found = db_row(c, e, &row, "SELECT name FROM chapters WHERE slug = $1", DT(key));
    else if (str_starts(value, "place:"))
        found = db_row(c, e, &row, "SELECT name FROM places WHERE slug = $1", DT(key));
    const char *name = found > 0 ? arena_strdup(a, json_string_value(json_object_get(row, "name"))) : NULL;
    json_decref(row);
    return name;
}
