/* endpoints.c - the operations on webhook endpoints: registering one (its
 * target checked: an http(s) URL whose host resolves to public addresses,
 * unless the administrator allows private ones), a new secret, enabling and
 * disabling, deleting; and the setting that allows private targets. `scope`
 * is the chapter whose endpoints the caller manages, 0 for an administrator. */
#include <sodium.h>

#include "base/str.h"
#include "settings/settings.h"
#include "webhooks/store.h"

bool webhook_private_allowed(DbConn *c, Arena *a)
{
    return str_eq(setting_get(c, a, WEBHOOK_ALLOW_PRIVATE, "0"), "1");
}

static int allow_tx(DbConn *c, void *ctx, Err *e)
{
    return setting_put(c, e, WEBHOOK_ALLOW_PRIVATE, *(bool *)ctx ? "1" : "0");
}

int webhook_private_allow(DbConn *c, Err *e, bool allow)
{
    return db_write(c, allow_tx, &allow, e);
}

static const char *secret_new(Arena *a)
{
    unsigned char random[24];
    randombytes_buf(random, sizeof random);
    const char *s = webhook_secret_from(a, random);
    sodium_memzero(random, sizeof random);
    return s;
}

typedef struct Register {
    EndpointRow row;
    int64_t id;
} Register;

static int register_tx(DbConn *c, void *ctx, Err *e)
{
    Register *g = ctx;
    return endpoint_insert(c, e, &g->row, now_unix(), &g->id);
}

int webhook_register(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t by, const WebhookFields *f,
                     FieldErrs *problems, int64_t *id, const char **secret)
{
    const char *kinds = webhook_fields_check(a, f, problems);
    if (!problems->n) {
        WebhookTarget t;
        char ip[64];
        Err x = { 0 };
        if (webhook_url_parse(a, f->url, &t, &x) < 0 ||
            webhook_target_check(&t, webhook_private_allowed(c, a), ip, sizeof ip, &x) < 0)
            field_err(problems, "url", "%s", x.msg);
    }
    if (fields_check(problems, e) < 0) return -1;
    Register g = { { chapter_id, str_trim(a, f->url), f->description ? str_trim(a, f->description) : "", kinds,
                     secret_new(a), by },
                   0 };
    if (db_write(c, register_tx, &g, e) < 0) return -1;
    *id = g.id;
    *secret = g.row.secret;
    return 0;
}

typedef struct EndpointChange {
    int64_t scope, id;
    const char *secret;   /* rotate */
    int enabled;          /* -1: not a change of state */
    bool remove;
} EndpointChange;

static int change_tx(DbConn *c, void *ctx, Err *e)
{
    EndpointChange *k = ctx;
    json_t *row = NULL;
    int found = endpoint_find(c, e, k->scope, k->id, &row);
    json_decref(row);
    if (found < 0) return -1;
    if (!found) return err_set(e, E_NOT_FOUND, "There is no such webhook.");
    int64_t now = now_unix();
    if (k->remove) return endpoint_delete(c, e, k->id) < 0 ? -1 : 0;
    if (k->secret) return endpoint_secret_set(c, e, k->id, k->secret, now) < 0 ? -1 : 0;
    return endpoint_enabled_set(c, e, k->id, k->enabled == 1, now) < 0 ? -1 : 0;
}

int webhook_rotate(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t id, const char **secret)
{
    EndpointChange k = { chapter_id, id, secret_new(a), -1, false };
    if (db_write(c, change_tx, &k, e) < 0) return -1;
    *secret = k.secret;
    return 0;
}

int webhook_enable(DbConn *c, Err *e, int64_t chapter_id, int64_t id, bool enabled)
{
    EndpointChange k = { chapter_id, id, NULL, enabled ? 1 : 0, false };
    return db_write(c, change_tx, &k, e);
}

int webhook_remove(DbConn *c, Err *e, int64_t chapter_id, int64_t id)
{
    EndpointChange k = { chapter_id, id, NULL, -1, true };
    return db_write(c, change_tx, &k, e);
}

/* Each attempt of `attempts` under its delivery in `deliveries`. */
static void attempts_group(json_t *deliveries, json_t *attempts)
{
    size_t i, j;
    json_t *d, *a;
    json_array_foreach(deliveries, i, d) {
        json_t *mine = json_array();
        int64_t id = json_integer_value(json_object_get(d, "id"));
        json_array_foreach(attempts, j, a)
            if (json_integer_value(json_object_get(a, "delivery_id")) == id) json_array_append(mine, a);
        json_object_set_new(d, "attempt_log", mine);
    }
}

json_t *webhook_list(DbConn *c, Err *e, int64_t chapter_id, bool all)
{
    json_t *eps = endpoints_of(c, e, chapter_id, all);
    if (!eps) return NULL;
    size_t i;
    json_t *ep;
    json_array_foreach(eps, i, ep) {
        int64_t id = json_integer_value(json_object_get(ep, "id"));
        json_t *ds = deliveries_recent(c, e, id), *as = ds ? attempts_recent(c, e, id) : NULL;
        if (!as) {
            json_decref(ds);
            json_decref(eps);
            return NULL;
        }
        attempts_group(ds, as);
        json_decref(as);
        json_object_set_new(ep, "deliveries", ds);
    }
    return eps;
}
