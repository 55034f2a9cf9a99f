/* store.h - the pictures' SQL (private to src/pictures/). */
#ifndef GLOCAL_PICTURES_STORE_H
#define GLOCAL_PICTURES_STORE_H

#include "base/buf.h"
#include "pictures/pictures.h"

typedef struct PictureRow {
    const char *kind;
    int64_t owner_id, by, now;
    const char *token;
    const PictureEncoded *enc;
} PictureRow;

/* Inside a write: the owner's picture replaced by row (the old one deleted). 0 or -1. */
int pictures_store_put(DbConn *c, Err *e, const PictureRow *row);
/* Inside a write: the owner's picture deleted; the rows deleted or -1. */
int pictures_store_delete(DbConn *c, Err *e, const char *kind, int64_t owner_id);
/* The picture of a token {owner_kind, owner_id, width, height}, when its
 * owner still exists: 1, 0, -1. */
int pictures_store_find(DbConn *c, Err *e, const char *token, json_t **out);
/* The bytes of a token's picture (the square version when square) appended
 * to out: 1, 0 none, -1 error. */
int pictures_store_bytes(DbConn *c, Err *e, const char *token, bool square, Buf *out);
/* The owner's picture {token, width, height}: 1, 0, -1. */
int pictures_store_of(DbConn *c, Err *e, const char *kind, int64_t owner_id, json_t **out);
/* The tokens of the pictures of up to PICTURES_BATCH owners of a kind, as
 * rows {owner_id, token}; NULL on error. */
#define PICTURES_BATCH 31
json_t *pictures_store_tokens(DbConn *c, Err *e, const char *kind, const int64_t *ids, int n);

#endif
