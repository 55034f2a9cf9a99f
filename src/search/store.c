/* store.c - the SQL of the search: documents in and out, and the candidates
 * of a query on each database (see schema/011_search.sql). */
#include <string.h>

#include "search/internal.h"

int search_store_changed(DbConn *c, Err *e)
{
    return db_exec(c, e,
                   "INSERT INTO search_generation (id, generation) VALUES (1, 1)"
                   " ON CONFLICT (id) DO UPDATE SET generation = search_generation.generation + 1") < 0
               ? -1
               : 0;
}

int search_store_generation(DbConn *c, Err *e, int64_t *generation)
{
    *generation = 0;
    return db_int64(c, e, generation, "SELECT generation FROM search_generation WHERE id = 1") < 0 ? -1 : 0;
}

int search_store_put(DbConn *c, Err *e, const SearchRow *d)
{
    if (db_exec(c, e, "DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2", DT(d->kind), DI(d->ref_id)) < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO search_docs (kind, ref_id, title, body, url, subkind, licence, tags, place_id, sector_id,"
                   "                         is_members_only, updated_at, f_words)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                   DT(d->kind), DI(d->ref_id), DT(d->title), DT(d->body), DT(d->url), DT(d->subkind), DT(d->licence),
                   DT(d->tags), DID(d->place_id), DID(d->sector_id), DBOOL(d->members_only), DI(d->updated_at),
                   DT(d->f_words)) < 0
               ? -1
               : 0;
}

int search_store_drop(DbConn *c, Err *e, const char *kind, int64_t ref_id)
{
    return db_exec(c, e, "DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2", DT(kind), DI(ref_id));
}

int search_store_clear(DbConn *c, Err *e)
{
    return db_exec(c, e, "DELETE FROM search_docs") < 0 ? -1 : 0;
}

int search_store_tidy(DbConn *c, Err *e)
{
    int rc = db_conn_kind(c) == DB_POSTGRES
                 ? db_exec(c, e, "ANALYZE search_docs")
                 : db_exec(c, e, "INSERT INTO search_docs_words (search_docs_words) VALUES ('optimize')");
    return rc < 0 ? -1 : 0;
}

int search_store_place_path(DbConn *c, Err *e, int64_t place_id, Buf *meta)
{
    DbRes *r = db_query(c, e,
                        "WITH RECURSIVE up(id, parent_id, depth) AS ("
                        "  SELECT id, parent_id, 0 FROM places WHERE id = $1"
                        "  UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM places p JOIN up ON p.id = up.parent_id"
                        "  WHERE up.depth < 10)"
                        " SELECT id FROM up ORDER BY depth",
                        DI(place_id));
    if (!r) return -1;
    int rc;
    while ((rc = db_next(r)) > 0) buf_printf(meta, "%sp%lld", meta->len ? " " : "", (long long)db_int(r, 0));
    db_done(r);
    return rc < 0 ? -1 : 0;
}

static const char *keep(Arena *a, DbRes *r, int col)
{
    const char *s = db_text(r, col);
    return arena_strdup(a, s ? s : "");
}

/* Only the id and the words are read for each candidate: what is shown is
 * read for the page's documents alone (search_store_page). */
int search_store_find(DbConn *c, Err *e, Arena *a, const char *match, int limit, HitScore score, void *ctx,
                      HitList *out)
{
    DbRes *r = db_conn_kind(c) == DB_POSTGRES
                   ? db_query(c, e,
                              "SELECT id, f_words FROM search_docs WHERE search_docs_words @@ $1::tsquery"
                              " ORDER BY id DESC LIMIT $2",
                              DT(match), DI(limit))
                   : db_query(c, e,
                              "SELECT d.id, d.f_words FROM search_docs d"
                              " WHERE d.id IN (SELECT rowid FROM search_docs_words WHERE search_docs_words MATCH $1"
                              "                ORDER BY rowid DESC LIMIT $2)"
                              " ORDER BY d.id DESC",
                              DT(match), DI(limit));
    if (!r) return -1;
    int rc;
    while ((rc = db_next(r)) > 0) {
        Hit *h = hits_push(out, a);
        h->id = db_int(r, 0);
        h->score = score(ctx, db_text(r, 1));
    }
    db_done(r);
    return rc < 0 ? -1 : 0;
}

int search_store_page(DbConn *c, Err *e, Arena *a, Hit **hits, size_t n)
{
    DbArg ids[PAGE_MAX];
    for (size_t i = 0; i < PAGE_MAX; i++) ids[i] = DI(i < n ? hits[i]->id : 0);
    DbRes *r = db_query_argv(c, e,
                             "SELECT d.id, d.kind, d.ref_id, d.title, d.url, d.subkind, d.licence, d.tags, d.is_members_only,"
                             "       d.updated_at, d.body, coalesce(p.name, ''), coalesce(p.slug, '')"
                             "  FROM search_docs d LEFT JOIN places p ON p.id = d.place_id"
                             " WHERE d.id IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                             "                $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
                             ids, PAGE_MAX);
    if (!r) return -1;
    int rc;
    while ((rc = db_next(r)) > 0)
        for (size_t i = 0; i < n; i++) {
            Hit *h = hits[i];
            if (h->id != db_int(r, 0)) continue;
            h->kind = keep(a, r, 1);
            h->ref_id = db_int(r, 2);
            h->title = keep(a, r, 3);
            h->url = keep(a, r, 4);
            h->subkind = keep(a, r, 5);
            h->licence = keep(a, r, 6);
            h->tags = keep(a, r, 7);
            h->members_only = db_int(r, 8) != 0;
            h->updated_at = db_int(r, 9);
            h->body = keep(a, r, 10);
            h->place = keep(a, r, 11);
            h->place_slug = keep(a, r, 12);
        }
    db_done(r);
    return rc < 0 ? -1 : 0;
}

int search_store_count(DbConn *c, Err *e, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM search_docs") < 0 ? -1 : 0;
}
