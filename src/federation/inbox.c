/* inbox.c - an activity received by an inbox: who signed it (the key must be
 * the activity's actor's, fetched and cached by remote.c, fetched again once
 * when it does not match, in case the actor rotated it), then, in one write
 * transaction, its id in the inbox log (seen before: a replay, nothing more
 * is stored) and what it asks: a Follow of a chapter's or a place's Group is
 * stored and answered with an Accept queued for delivery; an Undo of a Follow
 * removes it; a Join or Leave of a public event goes to join.c. Other
 * activities are logged and otherwise ignored for now. */
#include <string.h>

#include "base/str.h"
#include "federation/ap.h"
#include "settings/settings.h"

#define S(o, k) json_string_value(json_object_get(o, k))

/* The id of a member that may be a link or an object with an id. */
static const char *id_of(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : S(v, "id");
}

/* Verifies the request's signature with the key of `actor_url`: 0, or -1 with
 * e; *remote is the actor's cached row (new reference). */
static int verify(DbConn *c, Arena *a, Err *e, FedIncoming *in, const char *actor_url, json_t **remote)
{
    HsParsed p;
    if (hs_parse(a, in->req, &p, e) < 0) return -1;
    HsVerifyOptions o = { .now = in->now };
    for (int round = 0; round < 2; round++) {
        json_decref(*remote);
        *remote = NULL;
        if (fed_remote_actor(c, a, e, actor_url, in->now, round == 1, remote) < 0) return -1;
        if (str_eq(S(*remote, "key_id"), p.key_id) && hs_verify(a, in->req, &p, S(*remote, "public_pem"), &o, e) == 0)
            return 0;
    }
    if (!e->code) err_set(e, E_UNAUTHORIZED, "The request is signed with %s, which is not the key of %s.", p.key_id, actor_url);
    return -1;
}

typedef struct Receive {
    FedIncoming *in;
    Arena *a;
    const char *type, *id, *actor;
    json_t *remote;
} Receive;

/* The local Group a Follow names ("/ap/chapters/lisbon"), or NULL with e. */
static const char *group_path(DbConn *c, Arena *a, Err *e, const char *base, const char *object)
{
    size_t n = strlen(base);
    const char *p = object && strncmp(object, base, n) == 0 ? object + n : NULL;
    const char *slug = p && str_starts(p, "/ap/chapters/") ? p + 13 : p && str_starts(p, "/ap/places/") ? p + 11 : NULL;
    const char *kind = NULL;
    int64_t id = 0;
    if (!slug || !*slug || strchr(slug, '/') || fed_actor_lookup(c, e, a, slug, &kind, &id) < 0 || !kind ||
        !str_eq(kind, p[4] == 'c' ? "chapter" : "place")) {
        if (!e->code) err_set(e, E_NOT_FOUND, "%s is not a group of this node.", object ? object : "The object");
        return NULL;
    }
    return p;
}

static int on_follow(DbConn *c, Err *e, Receive *k, json_t *follow)
{
    const char *path = group_path(c, k->a, e, k->in->base, id_of(json_object_get(follow, "object")));
    if (!path) return -1;
    int64_t remote = json_integer_value(json_object_get(k->remote, "id"));
    if (fed_follower_put(c, e, path, remote, S(follow, "id"), k->in->now) < 0) return -1;
    return fed_answer(c, e, k->a, k->in, k->remote, path, "Accept", json_deep_copy(follow));
}

static int on_undo(DbConn *c, Err *e, Receive *k, json_t *undone)
{
    if (json_is_string(undone) || str_eq(S(undone, "type"), "Join"))   /* join.c: an Undo of a Join is a Leave */
        return fed_on_leave(c, e, k->a, k->in, k->remote, id_of(json_object_get(undone, "object")), id_of(undone));
    if (!json_is_object(undone) || !str_eq(S(undone, "type"), "Follow")) return 0;   /* nothing else is kept to undo */
    const char *path = group_path(c, k->a, e, k->in->base, id_of(json_object_get(undone, "object")));
    if (!path) return -1;
    return fed_follower_drop(c, e, path, json_integer_value(json_object_get(k->remote, "id"))) < 0 ? -1 : 0;
}

static int receive_tx(DbConn *c, void *ctx, Err *e)
{
    Receive *k = ctx;
    int fresh = fed_inbox_log_put(c, e, k->id, k->actor, k->type, k->in->now);
    if (fresh <= 0) {
        k->in->replay = fresh == 0;
        return fresh;
    }
    int peering = fed_peer_receive(c, e, k->a, k->in, k->type, k->actor, k->remote);
    if (peering) return peering < 0 ? -1 : 0;
    json_t *object = json_object_get(k->in->activity, "object");
    if (str_eq(k->type, "Follow")) return on_follow(c, e, k, k->in->activity);
    if (str_eq(k->type, "Undo")) return on_undo(c, e, k, object);
    if (str_eq(k->type, "Join")) return fed_on_join(c, e, k->a, k->in, k->remote, k->in->activity);
    if (str_eq(k->type, "Leave")) return fed_on_leave(c, e, k->a, k->in, k->remote, id_of(object), NULL);
    return 0;
}

int fed_receive(DbConn *c, Arena *a, Err *e, FedIncoming *in)
{
    json_t *act = in->activity;
    Receive k = { in, a, S(act, "type"), S(act, "id"), id_of(json_object_get(act, "actor")), NULL };
    if (!k.type || !k.id || !k.actor)
        return err_set(e, E_BAD_REQUEST, "An activity has an id, a type and an actor.");
    const char *host = fed_host_of(a, k.actor);
    if (!host) return err_set(e, E_BAD_REQUEST, "The actor %s is not an http(s) URL.", k.actor);
    if (fed_domain_blocked(setting_get(c, a, FED_BLOCKED_DOMAINS, ""), host))
        return err_set(e, E_FORBIDDEN, "%s is a blocked domain.", host);
    if (!str_eq(fed_host_of(a, k.id), host))
        return err_set(e, E_BAD_REQUEST, "The activity's id is not on its actor's host.");
    /* counted before the signature is checked: what is refused costs too (a fetch of the actor) */
    if (fed_rate_take(c, a, e, host, in->now) < 0) return -1;
    int rc = verify(c, a, e, in, k.actor, &k.remote);
    if (rc == 0) rc = db_write(c, receive_tx, &k, e);
    json_decref(k.remote);
    return rc;
}
