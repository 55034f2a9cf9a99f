/* store.c - all the pictures' SQL (see store.h). The bytes travel as blobs
 * (DBLOB, db_blob) and are read only to be served, one picture at a time. */
#include "pictures/store.h"

int pictures_store_put(DbConn *c, Err *e, const PictureRow *row)
{
    if (pictures_store_delete(c, e, row->kind, row->owner_id) < 0) return -1;
    const PictureEncoded *p = row->enc;
    return db_exec(c, e,
                   "INSERT INTO pictures (owner_kind, owner_id, token, width, height, bytes, square, created_by, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   DT(row->kind), DI(row->owner_id), DT(row->token), DI(p->width), DI(p->height),
                   DBLOB(p->full, p->full_len), DBLOB(p->square, p->square_len), DID(row->by), DI(row->now)) < 0 ? -1 : 0;
}

int pictures_store_delete(DbConn *c, Err *e, const char *kind, int64_t owner_id)
{
    return db_exec(c, e, "DELETE FROM pictures WHERE owner_kind = $1 AND owner_id = $2", DT(kind), DI(owner_id));
}

int pictures_store_find(DbConn *c, Err *e, const char *token, json_t **out)
{
    *out = NULL;
    return db_row(c, e, out,
                  "SELECT p.owner_kind, p.owner_id, p.width, p.height FROM pictures p WHERE p.token = $1 AND CASE p.owner_kind"
                  " WHEN 'chapter' THEN EXISTS (SELECT 1 FROM chapters x WHERE x.id = p.owner_id)"
                  " WHEN 'organisation' THEN EXISTS (SELECT 1 FROM organisations x WHERE x.id = p.owner_id)"
                  " ELSE EXISTS (SELECT 1 FROM users x WHERE x.id = p.owner_id) END",
                  DT(token));
}

int pictures_store_bytes(DbConn *c, Err *e, const char *token, bool square, Buf *out)
{
    DbRes *r = db_query(c, e, "SELECT CASE WHEN $2 = 1 THEN square ELSE bytes END FROM pictures WHERE token = $1",
                        DT(token), DBOOL(square));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) {
        size_t len;
        const void *b = db_blob(r, 0, &len);
        if (b) buf_add(out, b, len);
        else found = 0;
    }
    db_done(r);
    return found;
}

int pictures_store_of(DbConn *c, Err *e, const char *kind, int64_t owner_id, json_t **out)
{
    *out = NULL;
    return db_row(c, e, out, "SELECT token, width, height FROM pictures WHERE owner_kind = $1 AND owner_id = $2",
                  DT(kind), DI(owner_id));
}

#define IDS_IN "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, " \
               "$24, $25, $26, $27, $28, $29, $30, $31, $32"

json_t *pictures_store_tokens(DbConn *c, Err *e, const char *kind, const int64_t *ids, int n)
{
    _Static_assert(PICTURES_BATCH == 31, "IDS_IN names PICTURES_BATCH parameters after the kind");
    if (n <= 0) return json_array();
    DbArg args[PICTURES_BATCH + 1];
    args[0] = DT(kind);
    for (int i = 0; i < PICTURES_BATCH; i++) args[i + 1] = DI(ids[i < n ? i : 0]);
    return db_rows_argv(c, e, "SELECT owner_id, token FROM pictures WHERE owner_kind = $1 AND owner_id IN (" IDS_IN ")", args,
                        PICTURES_BATCH + 1);
}
