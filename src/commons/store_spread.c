/* store_spread.c - the SQL of spread: the uses recorded, the families of
 * items (an item and the adaptations below it, through based_on_id) with
 * their uses and the places they name, and the lists the reach pages show.
 *
 * Every read that reaches a public page starts from published items
 * (status = 'published'); an item's origin place is its own, else its
 * chapter's metro, else its event's (the host chapter's metro or the host
 * place). */
#include <string.h>

#include "base/str.h"
#include "commons/store_spread.h"

/* ---------- the families ---------- */

#define TOPS_ITEM "SELECT id FROM commons_items WHERE id = $1 AND status = 'published'"
#define TOPS_SPONSOR                                                                                                   \
    "SELECT id FROM commons_items WHERE status = 'published' AND event_id IN "                                       \
    "(SELECT event_id FROM event_sponsors WHERE organisation_id = $1)"
#define TOPS_AUTHOR                                                                                                    \
    "SELECT i.id FROM commons_items i JOIN commons_people p ON p.item_id = i.id AND p.user_id = $1 AND p.role = 'author' " \
    "WHERE i.status = 'published'"
/* fam(top_id, id): each top item and everything adapted from it, at any depth */
#define FAMILY(tops)                                                                                                   \
    "WITH RECURSIVE fam(top_id, id) AS (SELECT id, id FROM (" tops ") t "                                            \
    "UNION ALL SELECT fam.top_id, c.id FROM commons_items c JOIN fam ON c.based_on_id = fam.id)"
#define ORIGIN_JOINS                                                                                                   \
    " LEFT JOIN chapters ch ON ch.id = i.chapter_id LEFT JOIN events ev ON ev.id = i.event_id "                      \
    "LEFT JOIN chapters evc ON evc.id = ev.chapter_id"
#define ORIGIN_PLACE "COALESCE(i.place_id, ch.metro_id, evc.metro_id, ev.place_id)"
#define NODES                                                                                                          \
    " SELECT fam.top_id, i.id, i.based_on_id, COALESCE(i.chapter_id, ev.chapter_id), i.event_id, " ORIGIN_PLACE ", " \
    "i.published_at, i.status FROM fam JOIN commons_items i ON i.id = fam.id" ORIGIN_JOINS
#define USES                                                                                                           \
    " SELECT fam.top_id, u.id, u.item_id, u.chapter_id, u.event_id, u.place_id, u.used_on, u.outcome "               \
    "FROM fam JOIN commons_uses u ON u.item_id = fam.id JOIN commons_items i ON i.id = u.item_id "                    \
    "WHERE i.status = 'published'"
/* the uses peer nodes told of, with this node's metro their city's slug names (NULL: none) */
#define REMOTE_CITY " LEFT JOIN places pm ON pm.slug = u.city_slug AND pm.kind = 'metro'"
#define REMOTE_USES                                                                                                    \
    " SELECT fam.top_id, u.id, u.item_id, u.chapter_url, u.city, u.country, u.used_on, u.outcome, pm.id "            \
    "FROM fam JOIN commons_remote_uses u ON u.item_id = fam.id JOIN commons_items i ON i.id = u.item_id" REMOTE_CITY  \
    " WHERE i.status = 'published' ORDER BY u.id"
#define PLACES                                                                                                         \
    ", spots(id) AS (SELECT u.place_id FROM fam JOIN commons_uses u ON u.item_id = fam.id "                          \
    "UNION SELECT pm.id FROM fam JOIN commons_remote_uses u ON u.item_id = fam.id" REMOTE_CITY " "                   \
    "UNION SELECT " ORIGIN_PLACE " FROM fam JOIN commons_items i ON i.id = fam.id" ORIGIN_JOINS "), "                \
    "anc(id) AS (SELECT id FROM spots WHERE id IS NOT NULL "                                                          \
    "UNION SELECT p.parent_id FROM places p JOIN anc ON p.id = anc.id WHERE p.parent_id IS NOT NULL) "                \
    "SELECT p.id, p.parent_id, p.kind, p.name, p.slug, p.timezone FROM places p JOIN anc ON anc.id = p.id"

/* Grows an array of `size`-byte elements in the arena by one; the new one zeroed. */
static void *grow(Arena *a, void *v, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t more = *cap ? *cap * 2 : 32;
        v = arena_realloc(a, v, *cap * size, more * size);
        *cap = more;
    }
    memset((char *)v + *n * size, 0, size);
    (*n)++;
    return v;
}

static const char *text_of(Arena *a, DbRes *r, int col)
{
    const char *t = db_text(r, col);
    return arena_strdup(a, t ? t : "");
}

static int read_nodes(DbRes *r, Arena *a, SpreadData *d)
{
    if (!r) return -1;
    SpreadNode *v = NULL;
    size_t cap = 0;
    int rc;
    while ((rc = db_next(r)) > 0) {
        v = grow(a, v, &d->n_nodes, &cap, sizeof *v);
        SpreadNode *n = &v[d->n_nodes - 1];
        *n = (SpreadNode){ db_int(r, 0), db_int(r, 1), db_int(r, 2), db_int(r, 3), db_int(r, 4), db_int(r, 5), db_int(r, 6),
                           str_eq(db_text(r, 7), "published") };
    }
    db_done(r);
    d->nodes = v;
    return rc;
}

static int read_uses(DbRes *r, Arena *a, SpreadData *d)
{
    if (!r) return -1;
    SpreadUse *v = NULL;
    size_t cap = 0;
    int rc;
    while ((rc = db_next(r)) > 0) {
        v = grow(a, v, &d->n_uses, &cap, sizeof *v);
        v[d->n_uses - 1] = (SpreadUse){ db_int(r, 0), db_int(r, 1), db_int(r, 2), db_int(r, 3), db_int(r, 4),
                                        db_int(r, 5), db_int(r, 6), text_of(a, r, 7) };
    }
    db_done(r);
    d->uses = v;
    return rc;
}

static int read_places(DbRes *r, Arena *a, SpreadData *d)
{
    if (!r) return -1;
    SpreadPlace *v = NULL;
    size_t cap = 0;
    int rc;
    while ((rc = db_next(r)) > 0) {
        v = grow(a, v, &d->n_places, &cap, sizeof *v);
        v[d->n_places - 1] = (SpreadPlace){ db_int(r, 0), db_int(r, 1), text_of(a, r, 2), text_of(a, r, 3), text_of(a, r, 4),
                                                    text_of(a, r, 5) };
    }
    db_done(r);
    d->places = v;
    return rc;
}

/* What the remote uses add, under ids no row of this node has: a chapter of a
 * peer node for each chapter_url, and for a city no metro here is named after
 * (by slug) a city and, when no country here has its name, a country. */
#define REMOTE_IDS ((int64_t)1 << 40)

typedef struct Remote {
    Arena *a;
    SpreadData *d;
    SpreadUse *uses;
    SpreadPlace *places;
    size_t cap_uses, cap_places;
    const char **chapters;
    size_t n_chapters, cap_chapters;
} Remote;

static int64_t remote_chapter(Remote *m, const char *url)
{
    for (size_t i = 0; i < m->n_chapters; i++)
        if (str_eq(m->chapters[i], url)) return REMOTE_IDS + (int64_t)i;
    const char **slot = grow(m->a, m->chapters, &m->n_chapters, &m->cap_chapters, sizeof *m->chapters);
    m->chapters = slot;
    slot[m->n_chapters - 1] = url;
    return REMOTE_IDS + (int64_t)m->n_chapters - 1;
}

/* The place of `kind` named `name` under `parent` (0: any) among d's places, made when missing. */
static int64_t remote_place(Remote *m, const char *kind, const char *name, int64_t parent)
{
    SpreadData *d = m->d;
    for (size_t i = 0; i < d->n_places; i++) {
        const SpreadPlace *p = &m->places[i];
        if (str_eq(p->kind, kind) && str_eq(p->name, name) && (!parent || p->parent_id == parent)) return p->id;
    }
    m->places = grow(m->a, m->places, &d->n_places, &m->cap_places, sizeof *m->places);
    int64_t id = REMOTE_IDS + (int64_t)d->n_places;
    m->places[d->n_places - 1] = (SpreadPlace){ id, parent, kind, name, "", NULL };
    d->places = m->places;
    return id;
}

/* Appends the uses peer nodes told of to d's uses (and the places they name to its places). */
static int read_remote(DbRes *r, Arena *a, SpreadData *d)
{
    if (!r) return -1;
    Remote m = { .a = a, .d = d };
    m.uses = arena_alloc(a, (d->n_uses + 1) * sizeof *m.uses);
    if (d->n_uses) memcpy(m.uses, d->uses, d->n_uses * sizeof *m.uses);   /* d->uses is NULL when there are none */
    m.cap_uses = d->n_uses + 1;
    m.places = arena_alloc(a, (d->n_places + 1) * sizeof *m.places);
    if (d->n_places) memcpy(m.places, d->places, d->n_places * sizeof *m.places);
    m.cap_places = d->n_places + 1;
    d->places = m.places;
    int rc;
    while ((rc = db_next(r)) > 0) {
        int64_t place = db_int(r, 8);
        const char *city = text_of(a, r, 4), *country = text_of(a, r, 5);
        if (!place && *country) place = remote_place(&m, "country", country, 0);
        if (db_int(r, 8) == 0 && *city) place = remote_place(&m, "metro", city, place);
        SpreadUse u = { db_int(r, 0), REMOTE_IDS + db_int(r, 1), db_int(r, 2), remote_chapter(&m, text_of(a, r, 3)), 0,
                        place, db_int(r, 6), text_of(a, r, 7) };
        m.uses = grow(a, m.uses, &d->n_uses, &m.cap_uses, sizeof *m.uses);
        m.uses[d->n_uses - 1] = u;
    }
    db_done(r);
    d->uses = m.uses;
    return rc;
}

#define LOAD(tops)                                                                                                     \
    if (read_nodes(db_query(c, e, FAMILY(tops) NODES, DI(key)), a, d) < 0) return -1;                                 \
    if (!d->n_nodes) return 0;                                                                                         \
    if (read_uses(db_query(c, e, FAMILY(tops) USES, DI(key)), a, d) < 0) return -1;                                   \
    if (read_places(db_query(c, e, FAMILY(tops) PLACES, DI(key)), a, d) < 0) return -1;                               \
    return read_remote(db_query(c, e, FAMILY(tops) REMOTE_USES, DI(key)), a, d)

int spread_load(DbConn *c, Err *e, Arena *a, SpreadScope scope, int64_t key, SpreadData *d)
{
    memset(d, 0, sizeof *d);
    switch (scope) {
    case SPREAD_ITEM: LOAD(TOPS_ITEM);
    case SPREAD_SPONSOR: LOAD(TOPS_SPONSOR);
    case SPREAD_AUTHOR: LOAD(TOPS_AUTHOR);
    }
    return err_set(e, E_INTERNAL, "Unknown scope of spread.");
}

int spread_published_id(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM commons_items WHERE slug = $1 AND status = 'published'", DT(slug));
}

int spread_remote_use_insert(DbConn *c, Err *e, const RemoteUseIn *in, int64_t item_id, int64_t used_on)
{
    return db_exec(c, e,
                   "INSERT INTO commons_remote_uses (item_id, use_url, host, chapter_url, chapter_name, city, city_slug,"
                   " country, country_slug, used_on, outcome, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (use_url) DO NOTHING",
                   DI(item_id), DT(in->use_url), DT(in->host), DT(in->chapter_url), DT(in->chapter_name), DT(in->city),
                   DT(in->city_slug), DT(in->country), DT(in->country_slug), DI(used_on), DT(in->outcome), DI(in->now));
}

/* ---------- recording a use ---------- */

int spread_item_row(DbConn *c, Err *e, int64_t item_id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, slug, title, status, created_at FROM commons_items WHERE id = $1", DI(item_id));
}

int spread_chapter_id(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM chapters WHERE slug = $1", DT(slug));
}

int spread_event_id(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM events WHERE slug = $1", DT(slug));
}

int spread_chapter_user(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ch.id, ch.name, ch.status, ch.metro_id AS place_id, p.timezone, "
                  "EXISTS (SELECT 1 FROM memberships m WHERE m.chapter_id = ch.id AND m.user_id = $2) AS can_record "
                  "FROM chapters ch JOIN places p ON p.id = ch.metro_id WHERE ch.id = $1",
                  DI(chapter_id), DI(user_id));
}

int spread_event_user(DbConn *c, Err *e, int64_t event_id, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ev.id, ev.title AS name, ev.status, COALESCE(ch.metro_id, ev.place_id) AS place_id, ev.timezone, "
                  "(ev.organiser_id = $2 OR EXISTS (SELECT 1 FROM memberships m WHERE m.chapter_id = ev.chapter_id "
                  "AND m.user_id = $2 AND m.role = 'connector')) AS can_record "
                  "FROM events ev LEFT JOIN chapters ch ON ch.id = ev.chapter_id WHERE ev.id = $1",
                  DI(event_id), DI(user_id));
}

int spread_use_exists(DbConn *c, Err *e, int64_t item_id, int64_t chapter_id, int64_t event_id, int64_t used_on)
{
    int64_t n = 0;
    if (db_int64(c, e, &n,
                 "SELECT count(*) FROM commons_uses WHERE item_id = $1 AND used_on = $4 AND "
                 "(chapter_id = $2 OR event_id = $3)",
                 DI(item_id), DI(chapter_id), DI(event_id), DI(used_on)) < 0)
        return -1;
    return n > 0;
}

int spread_use_insert(DbConn *c, Err *e, const UseIn *in, int64_t place_id, int64_t used_on, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO commons_uses (item_id, chapter_id, event_id, place_id, used_on, outcome, note, recorded_by, "
                    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    DI(in->item_id), DID(in->chapter_id), DID(in->event_id), DI(place_id), DI(used_on), DT(in->outcome),
                    DT(in->note ? in->note : ""), DI(in->by), DI(in->now)) < 0
               ? -1
               : 0;
}

/* ---------- what the pages list ---------- */

json_t *spread_uses_list(DbConn *c, Err *e, int64_t item_id, int64_t limit)
{
    return db_rows(c, e,
                   FAMILY(TOPS_ITEM) " SELECT u.id, u.used_on, u.outcome, u.note, "
                   "CASE WHEN i.id <> $1 THEN i.slug END AS item_slug, CASE WHEN i.id <> $1 THEN i.title END AS item_title, "
                   "ch.slug AS chapter_slug, ch.name AS chapter_name, "
                   "CASE WHEN ev.visibility = 'public' THEN ev.slug END AS event_slug, "
                   "CASE WHEN ev.visibility = 'public' THEN ev.title END AS event_title, "
                   "CASE WHEN u.event_id IS NOT NULL THEN 1 ELSE 0 END AS is_event, "
                   "p.slug AS place_slug, p.name AS place_name, NULL AS peer_url, NULL AS peer_name, NULL AS peer_host, "
                   "NULL AS peer_place "
                   "FROM fam JOIN commons_uses u ON u.item_id = fam.id JOIN commons_items i ON i.id = u.item_id "
                   "JOIN places p ON p.id = u.place_id LEFT JOIN chapters ch ON ch.id = u.chapter_id "
                   "LEFT JOIN events ev ON ev.id = u.event_id "
                   "WHERE i.status = 'published' "
                   /* and the uses peer nodes told of: their chapter, and the city here their slug names, else its name */
                   "UNION ALL SELECT u.id, u.used_on, u.outcome, '', "
                   "CASE WHEN i.id <> $1 THEN i.slug END, CASE WHEN i.id <> $1 THEN i.title END, NULL, NULL, NULL, NULL, 0, "
                   "pm.slug, pm.name, u.chapter_url, u.chapter_name, u.host, "
                   "CASE WHEN u.country <> '' AND u.city <> '' THEN u.city || ', ' || u.country ELSE u.city || u.country END "
                   "FROM fam JOIN commons_remote_uses u ON u.item_id = fam.id JOIN commons_items i ON i.id = u.item_id"
                   REMOTE_CITY " WHERE i.status = 'published' ORDER BY 2 DESC, 1 DESC LIMIT $2",
                   DI(item_id), DI(limit));
}

json_t *spread_use_choices(DbConn *c, Err *e, int64_t user_id, int64_t since)
{
    return db_rows(c, e,
                   "SELECT 'chapter:' || ch.slug AS value, ch.name AS label, 0 AS is_event FROM memberships m "
                   "JOIN chapters ch ON ch.id = m.chapter_id WHERE m.user_id = $1 AND ch.status <> 'closed' "
                   "UNION ALL SELECT 'event:' || ev.slug, ev.title, 1 FROM events ev "
                   "WHERE ev.status <> 'cancelled' AND ev.starts_at >= $2 AND (ev.organiser_id = $1 OR EXISTS "
                   "(SELECT 1 FROM memberships m WHERE m.chapter_id = ev.chapter_id AND m.user_id = $1 AND m.role = 'connector')) "
                   "ORDER BY 3, 2",
                   DI(user_id), DI(since));
}

#define ITEM_COLUMNS                                                                                                   \
    "SELECT i.id, i.slug, i.title, i.kind, i.licence, i.published_at, "                                              \
    "CASE WHEN ev.visibility = 'public' THEN ev.slug END AS event_slug, "                                            \
    "CASE WHEN ev.visibility = 'public' THEN ev.title END AS event_title FROM commons_items i "                      \
    "LEFT JOIN events ev ON ev.id = i.event_id WHERE i.id IN ("

json_t *spread_items(DbConn *c, Err *e, SpreadScope scope, int64_t key)
{
    switch (scope) {
    case SPREAD_ITEM: return db_rows(c, e, ITEM_COLUMNS TOPS_ITEM ") ORDER BY i.published_at DESC, i.id DESC", DI(key));
    case SPREAD_SPONSOR: return db_rows(c, e, ITEM_COLUMNS TOPS_SPONSOR ") ORDER BY i.published_at DESC, i.id DESC", DI(key));
    case SPREAD_AUTHOR: return db_rows(c, e, ITEM_COLUMNS TOPS_AUTHOR ") ORDER BY i.published_at DESC, i.id DESC", DI(key));
    }
    err_set(e, E_INTERNAL, "Unknown scope of spread.");
    return NULL;
}

json_t *spread_sponsored_events(DbConn *c, Err *e, int64_t org_id)
{
    return db_rows(c, e,
                   "SELECT CASE WHEN ev.visibility = 'public' THEN ev.slug END AS slug, "
                   "CASE WHEN ev.visibility = 'public' THEN ev.title END AS title, ev.starts_at, "
                   "p.slug AS place_slug, p.name AS place_name, "
                   "(SELECT count(*) FROM commons_items i WHERE i.event_id = ev.id AND i.status = 'published') AS items "
                   "FROM events ev LEFT JOIN chapters ch ON ch.id = ev.chapter_id "
                   "LEFT JOIN places p ON p.id = COALESCE(ch.metro_id, ev.place_id) "
                   "WHERE ev.id IN (SELECT event_id FROM event_sponsors WHERE organisation_id = $1) "
                   "ORDER BY ev.starts_at DESC, ev.id DESC",
                   DI(org_id));
}

int spread_author(DbConn *c, Err *e, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.name FROM users u WHERE u.id = $1 AND EXISTS (SELECT 1 FROM commons_people p "
                  "JOIN commons_items i ON i.id = p.item_id WHERE p.user_id = u.id AND p.role = 'author' "
                  "AND i.status = 'published')",
                  DI(user_id));
}

json_t *items_most_spread(DbConn *c, Err *e, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT r.id, r.slug, r.title, r.kind, r.summary, r.published_at, count(u.id) AS uses, "
                   "count(DISTINCT u.place_id) AS places FROM commons_items r "
                   "JOIN commons_items i ON (i.id = r.id OR i.root_id = r.id) AND i.status = 'published' "
                   "JOIN commons_uses u ON u.item_id = i.id "
                   "WHERE r.status = 'published' AND r.root_id IS NULL "
                   "GROUP BY r.id, r.slug, r.title, r.kind, r.summary, r.published_at "
                   "ORDER BY places DESC, uses DESC, r.id DESC LIMIT $1",
                   DI(limit > 0 ? limit : 10));
}
