/* remote.c - remote actors: fetched with libcurl (the host resolved and
 * checked like a webhook's target, the address pinned, no redirect, no
 * proxy, 5 s to connect, 10 s in all, at most FED_FETCH_MAX bytes), their
 * inbox and public key read, and cached for FED_ACTOR_TTL seconds in
 * fed_remote_actors. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "federation/ap.h"
#include "settings/settings.h"

bool fed_private_allowed(DbConn *c, Arena *a)
{
    return str_eq(setting_get(c, a, FED_ALLOW_PRIVATE, "0"), "1");
}

int fed_target_check(DbConn *c, Arena *a, Err *e, const char *url, WebhookTarget *t, char *ip, size_t ipsize)
{
    if (webhook_url_parse(a, url, t, e) < 0) return -1;
    const char *host = fed_host_of(a, url);
    if (fed_domain_blocked(setting_get(c, a, FED_BLOCKED_DOMAINS, ""), host))
        return err_set(e, E_FORBIDDEN, "%s is a blocked domain.", host);
    if (webhook_target_check(t, fed_private_allowed(c, a), ip, ipsize, e) < 0) {
        e->field[0] = 0;
        e->code = E_FORBIDDEN;
        return -1;
    }
    return 0;
}

/* GETs url as ActivityPub's JSON into a JSON object (new reference), or NULL with e. */
static json_t *fetch_doc(DbConn *c, Arena *a, Err *e, const char *url)
{
    WebhookTarget t;
    char ip[64];
    if (fed_target_check(c, a, e, url, &t, ip, sizeof ip) < 0) return NULL;
    const char *hdr[] = { "Accept: application/activity+json, application/ld+json", NULL };
    Buf b;
    buf_init(&b, a);
    WebhookHttp o = { 0 };
    webhook_http(&t, url, ip, hdr, NULL, "Glocal-Federation/1", FED_FETCH_MAX, &b, &o);
    if (o.error[0]) return err_set(e, E_UNAUTHORIZED, "%s could not be fetched: %s", url, o.error), NULL;
    json_t *doc = json_loadb(b.data ? b.data : "", b.len, 0, NULL);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return err_set(e, E_UNAUTHORIZED, "%s is not a JSON object.", url), NULL;
    }
    return doc;
}

/* What the cache keeps of an actor's document, checked (new reference), or NULL with e. */
static json_t *actor_row(Arena *a, Err *e, const char *url, json_t *doc)
{
    json_t *key = json_object_get(doc, "publicKey");
    if (json_is_array(key)) key = json_array_get(key, 0);
    const char *id = json_string_value(json_object_get(doc, "id")),
               *inbox = json_string_value(json_object_get(doc, "inbox")),
               *shared = json_string_value(json_object_get(json_object_get(doc, "endpoints"), "sharedInbox")),
               *key_id = json_string_value(json_object_get(key, "id")),
               *owner = json_string_value(json_object_get(key, "owner")),
               *pem = json_string_value(json_object_get(key, "publicKeyPem")),
               *name = json_string_value(json_object_get(doc, "preferredUsername")),
               *display = json_string_value(json_object_get(doc, "name"));
    if (!str_eq(id, url)) return err_set(e, E_UNAUTHORIZED, "The document at %s is not that actor's.", url), NULL;
    if (!inbox || !key_id || !pem || (owner && !str_eq(owner, id)))
        return err_set(e, E_UNAUTHORIZED, "The actor %s has no inbox or no public key of its own.", url), NULL;
    char *checked = NULL;
    if (hs_key_public_read(a, pem, &checked, e) < 0) return NULL;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "actor_url", id, "host", fed_host_of(a, id), "inbox",
                     inbox, "shared_inbox", shared ? shared : "", "key_id", key_id, "public_pem", checked,
                     "preferred_name", name ? name : "", "display_name", display ? display : "");
}

typedef struct Put {
    json_t *row;
    int64_t now, id;
} Put;

static int put_tx(DbConn *c, void *ctx, Err *e)
{
    Put *p = ctx;
    return fed_remote_put(c, e, p->row, p->now, &p->id);
}

int fed_remote_actor(DbConn *c, Arena *a, Err *e, const char *url, int64_t now, bool fresh, json_t **out)
{
    int found = fed_remote_find(c, e, url, out);
    if (found < 0) return -1;
    if (found && !fresh && json_integer_value(json_object_get(*out, "fetched_at")) + FED_ACTOR_TTL > now) return 0;
    json_decref(*out);
    *out = NULL;
    json_t *doc = fetch_doc(c, a, e, url);
    Put p = { doc ? actor_row(a, e, url, doc) : NULL, now, 0 };
    json_decref(doc);
    int rc = p.row ? db_write(c, put_tx, &p, e) : -1;
    json_decref(p.row);
    if (rc == 0 && fed_remote_find(c, e, url, out) <= 0) rc = -1;
    return rc;
}
