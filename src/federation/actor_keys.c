/* actor_keys.c - each local actor's RSA key pair: made the first time it is needed
 * (in a write transaction of its own, so that two requests at once keep one:
 * the unique index on the current key lets the second insert nothing and read
 * the first's), kept, and rotated on demand with the old public key readable
 * at its id for FED_KEY_GRACE seconds. */
#include <stdio.h>

#include "base/str.h"
#include "federation/httpsig.h"
#include "federation/store.h"

typedef struct KeyMake {
    const char *actor;
    HsKeyPair pair;
    bool rotate;
} KeyMake;

static int make_tx(DbConn *c, void *ctx, Err *e)
{
    KeyMake *k = ctx;
    int64_t now = now_unix(), id = 0;
    if (k->rotate && fed_key_retire(c, e, k->actor, now) < 0) return -1;
    return fed_key_insert(c, e, k->actor, k->pair.public_pem, k->pair.private_pem, now, &id) < 0 ? -1 : 0;
}

static int key_make(DbConn *c, Err *e, const char *actor, bool rotate)
{
    Arena a;
    arena_init(&a, 8192);
    KeyMake k = { .actor = actor, .rotate = rotate };
    int rc = hs_key_generate(&a, 0, &k.pair, e) < 0 ? -1 : db_write(c, make_tx, &k, e);
    arena_release(&a);
    return rc;
}

int fed_key_current(DbConn *c, Arena *a, Err *e, const char *base, const char *path, const char **key_id,
                    const char **public_pem, const char **private_pem)
{
    json_t *row = NULL;
    int found = fed_key_find(c, e, path, &row);
    if (found == 0) {
        if (key_make(c, e, path, false) < 0) return -1;
        found = fed_key_find(c, e, path, &row);
        if (found == 0) err_set(e, E_INTERNAL, "The key of %s was made but cannot be read.", path);
    }
    if (found <= 0) return -1;
    *key_id = arena_printf(a, "%s%s#key-%lld", base, path, (long long)json_integer_value(json_object_get(row, "id")));
    if (public_pem) *public_pem = arena_strdup(a, json_string_value(json_object_get(row, "public_pem")));
    if (private_pem) *private_pem = arena_strdup(a, json_string_value(json_object_get(row, "private_pem")));
    json_decref(row);
    return 0;
}

int fed_key_rotate(DbConn *c, Err *e, const char *path)
{
    return key_make(c, e, path, true);
}
