/* upload.c - the pictures' operations and reads (see pictures.h). The upload
 * is decoded and encoded again before the write transaction, which then only
 * swaps the rows: SQLite's writer is never held while libvips works. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "pictures/store.h"

typedef struct PutCtx {
    const PictureRow *row;
} PutCtx;

static int put_tx(DbConn *c, void *ctx, Err *e)
{
    return pictures_store_put(c, e, ((PutCtx *)ctx)->row);
}

int picture_set(DbConn *c, Err *e, PictureSet *s)
{
    if (!picture_kind_valid(s->kind)) return err_set(e, E_INTERNAL, "There is no such kind of picture.");
    PictureEncoded enc;
    if (picture_encode(s->bytes, s->len, &enc, e) < 0) return -1;
    unsigned char random[PICTURE_TOKEN_LEN / 2];
    randombytes_buf(random, sizeof random);
    picture_token_make(random, s->token);
    PictureRow row = { .kind = s->kind, .owner_id = s->owner_id, .by = s->by, .now = s->now, .token = s->token, .enc = &enc };
    PutCtx ctx = { &row };
    int rc = db_write(c, put_tx, &ctx, e);
    picture_encoded_free(&enc);
    return rc;
}

typedef struct RemoveCtx {
    const char *kind;
    int64_t owner_id;
    int removed;
} RemoveCtx;

static int remove_tx(DbConn *c, void *ctx, Err *e)
{
    RemoveCtx *k = ctx;
    k->removed = pictures_store_delete(c, e, k->kind, k->owner_id);
    return k->removed < 0 ? -1 : 0;
}

int picture_remove(DbConn *c, Err *e, const char *kind, int64_t owner_id)
{
    RemoveCtx k = { kind, owner_id, 0 };
    if (db_write(c, remove_tx, &k, e) < 0) return -1;
    return k.removed > 0;
}

/* {url, square_url} of a token (new reference). */
static json_t *urls(const char *token)
{
    char full[64], square[64];
    snprintf(full, sizeof full, "/pictures/%s.webp", token);
    snprintf(square, sizeof square, "/pictures/%s/square.webp", token);
    return json_pack("{s:s, s:s}", "url", full, "square_url", square);
}

int picture_find(DbConn *c, Err *e, const char *token, bool logged_in, json_t **out)
{
    *out = NULL;
    if (!picture_token_valid(token)) return 0;
    int found = pictures_store_find(c, e, token, out);
    if (found <= 0) return found;
    if (str_eq(json_string_value(json_object_get(*out, "owner_kind")), "member") && !logged_in) {
        json_decref(*out);
        *out = NULL;
        return 0;
    }
    return 1;
}

int picture_of(DbConn *c, Err *e, const char *kind, int64_t owner_id, json_t **out)
{
    json_t *row = NULL;
    *out = NULL;
    int found = pictures_store_of(c, e, kind, owner_id, &row);
    if (found <= 0) return found;
    *out = urls(json_string_value(json_object_get(row, "token")));
    json_object_set(*out, "width", json_object_get(row, "width"));
    json_object_set(*out, "height", json_object_get(row, "height"));
    json_decref(row);
    return 1;
}

/* Sets "picture" on the objects of list whose id is in ids[0..n). */
static int attach_batch(DbConn *c, Err *e, const char *kind, json_t *list, const char *id_key, const int64_t *ids, int n)
{
    json_t *rows = pictures_store_tokens(c, e, kind, ids, n);
    if (!rows) return -1;
    size_t i, j;
    json_t *row, *item;
    json_array_foreach(rows, i, row) {
        json_int_t owner = json_integer_value(json_object_get(row, "owner_id"));
        json_array_foreach(list, j, item)
            if (json_integer_value(json_object_get(item, id_key)) == owner)
                json_object_set_new(item, "picture", urls(json_string_value(json_object_get(row, "token"))));
    }
    json_decref(rows);
    return 0;
}

int pictures_attach(DbConn *c, Err *e, const char *kind, json_t *list, const char *id_key)
{
    int64_t ids[PICTURES_BATCH];
    int n = 0;
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        json_int_t id = json_integer_value(json_object_get(item, id_key));
        if (id <= 0) continue;
        ids[n++] = id;
        if (n == PICTURES_BATCH) {
            if (attach_batch(c, e, kind, list, id_key, ids, n) < 0) return -1;
            n = 0;
        }
    }
    return n ? attach_batch(c, e, kind, list, id_key, ids, n) : 0;
}
