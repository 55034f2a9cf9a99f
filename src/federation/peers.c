/* peers.c - Glocal to Glocal peering, approved by the administrator.
 *
 * A node's administrator asks to peer with another Glocal node
 * (fed_peer_ask): the other node's actor (/ap/node) is fetched, the request
 * recorded (is_outgoing, "asked") and a Follow of that actor by this node's
 * actor queued. The other node's inbox hands such a Follow of its /ap/node to
 * fed_peer_receive, which records it as asked (a Follow of the node from an
 * actor that is not a node's is refused with a Reject); its administrator approves or
 * refuses it (fed_peer_decide), which queues an Accept or a Reject of the
 * Follow. When that reaches the asking node, its row becomes approved or
 * refused. An Undo of the Follow forgets the peer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "federation/ap.h"

#define S(o, k) json_string_value(json_object_get(o, k))
#define I(o, k) json_integer_value(json_object_get(o, k))

/* A boolean column (is_...), which the database layer may give as a boolean or a number. */
static bool flag(json_t *row, const char *key)
{
    json_t *v = json_object_get(row, key);
    return json_is_true(v) || json_integer_value(v) != 0;
}

/* Queues `activity` (stolen) from this node's actor to `inbox`. */
static int queue(DbConn *c, Err *e, const char *inbox, json_t *activity, int64_t now)
{
    char *text = json_dumps(activity, JSON_COMPACT);
    json_decref(activity);
    int rc = text && inbox ? fed_delivery_insert(c, e, "/ap/node", inbox, text, now)
                           : err_set(e, E_INTERNAL, "The activity could not be written.");
    free(text);
    return rc;
}

typedef struct Ask {
    const char *base, *actor, *host, *inbox;
    FieldErrs *problems;
    int64_t now, id;
} Ask;

static int ask_tx(DbConn *c, void *ctx, Err *e)
{
    Ask *k = ctx;
    json_t *row = NULL;
    int found = fed_peer_find(c, e, k->actor, &row);
    bool approved = found > 0 && str_eq(S(row, "state"), "approved");
    json_decref(row);
    if (found < 0) return -1;
    if (approved) {
        field_err(k->problems, "url", "This node is a peer already.");
        return fields_failed(e, k->problems);
    }
    Arena a;
    arena_init(&a, 512);
    const char *follow = arena_printf(&a, "%s/ap/node#peer-%lld", k->base, (long long)k->now);
    FedPeerRow p = { .actor_url = k->actor, .host = k->host, .state = "asked", .follow_id = follow, .is_outgoing = 1 };
    int rc = fed_peer_put(c, e, &p, k->now, &k->id);
    json_t *act = fed_activity(k->base, "Follow", follow, "/ap/node", json_string(k->actor));
    json_object_set_new(act, "to", json_pack("[s]", k->actor));
    if (rc == 0) rc = queue(c, e, k->inbox, act, k->now);
    else json_decref(act);
    arena_release(&a);
    return rc;
}

int fed_peer_ask(DbConn *c, Err *e, Arena *a, const char *base, const char *typed, FieldErrs *problems, int64_t *id)
{
    const char *actor = fed_peer_actor_url(a, typed, problems);
    if (!actor) return fields_failed(e, problems);
    if (str_eq(actor, arena_printf(a, "%s/ap/node", base))) {
        field_err(problems, "url", "This is this node's own address: type the other node's.");
        return fields_failed(e, problems);
    }
    json_t *remote = NULL;
    Err why = { 0 };
    int64_t now = now_unix();
    if (fed_remote_actor(c, a, &why, actor, now, true, &remote) < 0) {
        field_err(problems, "url", "%s did not answer as a Glocal node: %s", actor, why.msg);
        return fields_failed(e, problems);
    }
    const char *inbox = S(remote, "shared_inbox");
    Ask k = { base, actor, S(remote, "host"), str_empty(inbox) ? S(remote, "inbox") : inbox, problems, now, 0 };
    int rc = db_write(c, ask_tx, &k, e);
    json_decref(remote);
    if (rc == 0 && id) *id = k.id;
    return rc;
}

typedef struct Decide {
    const char *base;
    int64_t id;
    bool approve;
    int64_t now;
} Decide;

static int decide_tx(DbConn *c, void *ctx, Err *e)
{
    Decide *k = ctx;
    json_t *peer = NULL, *remote = NULL;
    const char *next = NULL, *why = NULL;
    int rc = fed_peer_by_id(c, e, k->id, &peer);
    if (rc == 0) rc = err_set(e, E_NOT_FOUND, "No such peer.");
    if (rc > 0 && fed_peer_decision(S(peer, "state"), flag(peer, "is_outgoing"), k->approve, &next, &why) < 0)
        rc = err_set(e, E_CONFLICT, "%s", why);
    if (rc > 0) rc = fed_peer_set_state(c, e, k->id, next, k->now) < 0 ? -1 : 1;
    if (rc > 0 && (rc = fed_remote_find(c, e, S(peer, "actor_url"), &remote)) == 0)
        rc = err_set(e, E_NOT_FOUND, "The peer's actor is not known here.");
    if (rc > 0) {
        const char *actor = S(peer, "actor_url"), *shared = S(remote, "shared_inbox");
        json_t *follow = json_pack("{s:s, s:s, s:s, s:s+}", "id", S(peer, "follow_id"), "type", "Follow", "actor", actor,
                                   "object", k->base, "/ap/node");
        Arena a;
        arena_init(&a, 512);
        const char *type = k->approve ? "Accept" : "Reject";
        json_t *act = fed_activity(k->base, type,
                                   arena_printf(&a, "%s/ap/node#%s-%lld-%lld", k->base, type, (long long)k->id,
                                                (long long)k->now),
                                   "/ap/node", follow);
        json_object_set_new(act, "to", json_pack("[s]", actor));
        const char *inbox = str_empty(shared) ? S(remote, "inbox") : shared;
        rc = queue(c, e, inbox, act, k->now);
        /* the commons travels both ways: the approved node hears of this node's items after the Accept */
        if (rc == 0 && k->approve) rc = fed_peer_share_items(c, e, k->base, inbox, k->now);
        arena_release(&a);
    }
    json_decref(peer);
    json_decref(remote);
    return rc < 0 ? -1 : 0;
}

int fed_peer_decide(DbConn *c, Err *e, const char *base, int64_t id, bool approve)
{
    Decide k = { base, id, approve, now_unix() };
    return db_write(c, decide_tx, &k, e);
}

/* A Follow of this node's actor: a request to peer, recorded as asked (an
 * approved peer asking again is answered with an Accept again). */
static int on_follow(DbConn *c, Err *e, FedIncoming *in, const char *actor, json_t *remote)
{
    json_t *row = NULL;
    int found = fed_peer_find(c, e, actor, &row);
    bool approved = found > 0 && !flag(row, "is_outgoing") && str_eq(S(row, "state"), "approved");
    int64_t id = found > 0 ? I(row, "id") : 0;
    json_decref(row);
    if (found < 0) return -1;
    FedPeerRow p = { .actor_url = actor, .host = S(remote, "host"), .state = "asked",
                     .follow_id = S(in->activity, "id"), .is_outgoing = 0 };
    if (fed_peer_put(c, e, &p, in->now, &id) < 0) return -1;
    if (!approved) return 0;
    Decide k = { in->base, id, true, in->now };
    return decide_tx(c, &k, e);
}

/* An Accept or a Reject of the Follow this node sent. */
static int on_answer(DbConn *c, Err *e, FedIncoming *in, const char *actor, bool accepted)
{
    json_t *row = NULL;
    int found = fed_peer_find(c, e, actor, &row);
    const char *follow = fed_id_of(json_object_get(in->activity, "object"));
    int rc = found;
    bool mine = found > 0 && flag(row, "is_outgoing") && str_eq(S(row, "follow_id"), follow);
    bool was_approved = mine && str_eq(S(row, "state"), "approved");
    if (mine) rc = fed_peer_set_state(c, e, I(row, "id"), accepted ? "approved" : "refused", in->now);
    json_decref(row);
    if (rc < 0) return -1;
    if (!mine || !accepted || was_approved) return 0;
    /* newly approved: the peer hears of this node's chapters with their events, and its commons */
    json_t *remote = NULL;
    const char *inbox = NULL;
    if (fed_remote_find(c, e, actor, &remote) < 0) return -1;
    inbox = str_empty(S(remote, "shared_inbox")) ? S(remote, "inbox") : S(remote, "shared_inbox");
    rc = inbox ? fed_peer_share_chapters(c, e, in->base, inbox, in->now) : 0;
    if (rc == 0 && inbox) rc = fed_peer_share_items(c, e, in->base, inbox, in->now);
    json_decref(remote);
    return rc;
}

/* Whether `actor` names another Glocal node: its node actor's path ends in
 * /ap/node (fed_peer_actor_url; a node may live under a path). A person or a group of other software following
 * this node's actor is not asking to peer: it gets a Reject, since the node
 * actor publishes nothing to follow (chapters and places do). */
static bool is_node_actor(const char *actor)
{
    const char *scheme = strstr(actor, "://"), *path = scheme ? strchr(scheme + 3, '/') : NULL;
    size_t n = path ? strlen(path) : 0, tail = strlen("/ap/node");
    return n >= tail && str_eq(path + n - tail, "/ap/node");
}

int fed_peer_receive(DbConn *c, Err *e, Arena *a, FedIncoming *in, const char *type, const char *actor, json_t *remote)
{
    json_t *object = json_object_get(in->activity, "object");
    char node[512];
    snprintf(node, sizeof node, "%s/ap/node", in->base);
    int rc = 0;
    if (str_eq(type, "Follow") && str_eq(fed_id_of(object), node))
        rc = (is_node_actor(actor) ? on_follow(c, e, in, actor, remote)
                                   : fed_answer(c, e, a, in, remote, "/ap/node", "Reject", json_deep_copy(in->activity))) < 0 ? -1 : 1;
    else if (str_eq(type, "Accept") || str_eq(type, "Reject"))
        rc = on_answer(c, e, in, actor, str_eq(type, "Accept")) < 0 ? -1 : 1;
    else if (str_eq(type, "Create") || str_eq(type, "Update") || str_eq(type, "Delete"))
        rc = fed_peer_content(c, e, a, in, type, actor);
    else if (str_eq(type, "Add"))
        rc = fed_peer_use(c, e, a, in, actor);
    else if (str_eq(type, "Undo") && json_is_object(object) && str_eq(S(object, "type"), "Follow") &&
             str_eq(fed_id_of(json_object_get(object, "object")), node))
        rc = fed_peer_drop(c, e, actor) < 0 ? -1 : 1;
    if (rc >= 0 && fed_peer_touch(c, e, actor, in->now) < 0) rc = -1;
    return rc;
}

json_t *fed_peers_read(DbConn *c, Err *e)
{
    json_t *rows = fed_peers_list(c, e), *row;
    size_t i;
    json_array_foreach(rows, i, row) {
        const char *state = S(row, "state");
        json_object_set_new(row, "is_outgoing", json_boolean(flag(row, "is_outgoing")));
        json_object_set_new(row, "is_asked", json_boolean(str_eq(state, "asked")));
        json_object_set_new(row, "is_approved", json_boolean(str_eq(state, "approved")));
        json_object_set_new(row, "is_refused", json_boolean(str_eq(state, "refused")));
    }
    return rows;
}
