/* actor_keys.c - each local actor's RSA key pair: made the first time it is needed
 * (in a write transaction of its own, so that two requests at once keep one:
 * the unique index on the current key lets the second insert nothing and read
 * the first's), kept, and rotated on demand with the old public key readable
 * at its id for FED_KEY_GRACE seconds. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "federation/httpsig.h"
#include "federation/store.h"
#include "settings/settings.h"

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

/* Whether `path` names a local actor: the node, or an existing chapter's or place's Group. */
static int actor_known(DbConn *c, Err *e, Arena *a, const char *path)
{
    if (str_eq(path, "/ap/node")) return 1;
    bool chapter = str_starts(path, "/ap/chapters/"), place = str_starts(path, "/ap/places/");
    const char *slug = chapter ? path + 13 : place ? path + 11 : NULL, *kind = NULL;
    int64_t id = 0;
    if (!slug || !*slug || strchr(slug, '/')) return 0;
    if (fed_actor_lookup(c, e, a, slug, &kind, &id) < 0) return -1;
    return kind && str_eq(kind, chapter ? "chapter" : "place");
}

int fed_keys_rotate(DbConn *c, Err *e, Arena *a, const char *actor, json_t **rotated)
{
    *rotated = NULL;
    json_t *actors = NULL;
    if (str_eq(actor, "all")) {
        if (!(actors = fed_key_actors(c, e))) return -1;
    } else {
        int known = str_empty(actor) ? 0 : actor_known(c, e, a, actor);
        if (known < 0) return -1;
        if (!known)
            return err_field(e, E_INVALID, "actor",
                             "Name an actor of this node by its path (/ap/node, /ap/chapters/SLUG, /ap/places/SLUG), or all.");
        actors = json_pack("[{s:s}]", "actor", actor);
    }
    const char *base = setting_get(c, a, "public_url", "");
    *rotated = json_array();
    size_t i;
    json_t *row;
    int rc = 0;
    json_array_foreach(actors, i, row) {
        const char *path = json_string_value(json_object_get(row, "actor")), *key_id = NULL;
        if ((rc = fed_key_rotate(c, e, path)) < 0 || (rc = fed_key_current(c, a, e, base, path, &key_id, NULL, NULL)) < 0) break;
        json_array_append_new(*rotated, json_pack("{s:s, s:s}", "actor", path, "key_id", key_id));
    }
    json_decref(actors);
    return rc;
}
