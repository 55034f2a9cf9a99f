/* ap.h - what federation's files share and nothing outside may call
 * (remote.c, inbox.c, deliver.c). */
#ifndef GLOCAL_FEDERATION_AP_H
#define GLOCAL_FEDERATION_AP_H

#include "federation/httpsig.h"
#include "federation/store.h"
#include "webhooks/webhooks.h"

/* This node's URL without a trailing slash (--public-url) (routes.c). */
const char *fed_base(Req *r);

/* ---------- remote.c ---------- */

/* Whether the administrator lets federation reach private and loopback addresses. */
bool fed_private_allowed(DbConn *c, Arena *a);
/* Checks a URL federation is about to reach: an http(s) URL, not of a blocked
 * domain (E_FORBIDDEN), resolving only to addresses it may reach
 * (E_FORBIDDEN); fills t and ip (the address to pin). 0, or -1 with e. */
int fed_target_check(DbConn *c, Arena *a, Err *e, const char *url, WebhookTarget *t, char *ip, size_t ipsize);
/* The remote actor with id `url`: the cached row when younger than
 * FED_ACTOR_TTL (and not `fresh`), else fetched, checked and cached. *out
 * {id, actor_url, host, inbox, shared_inbox, key_id, public_pem, fetched_at}
 * (new reference). 0, or -1 with e (E_UNAUTHORIZED when it cannot be had). */
int fed_remote_actor(DbConn *c, Arena *a, Err *e, const char *url, int64_t now, bool fresh, json_t **out);

/* ---------- inbox.c ---------- */

/* An activity as an inbox received it. */
typedef struct FedIncoming {
    const char *base;         /* this node's URL */
    const HsRequest *req;     /* the request, to verify its signature */
    json_t *activity;         /* the parsed body (borrowed) */
    int64_t now;
    bool replay;              /* out: its id was seen before; nothing was stored */
} FedIncoming;
/* Verifies and acts on an incoming activity: 0, or -1 with e (E_UNAUTHORIZED:
 * no valid signature of the actor's key; E_FORBIDDEN: a blocked domain;
 * E_BAD_REQUEST: not an activity). */
int fed_receive(DbConn *c, Arena *a, Err *e, FedIncoming *in);

/* ---------- join.c ---------- */

/* Queues an answer (`type`: Accept, Reject) from the local actor at `path`
 * about `object` (stolen) to the inbox of the remote actor `remote` (its
 * cached row), addressed to it alone (inside the inbox's transaction). */
int fed_answer(DbConn *c, Err *e, Arena *a, const FedIncoming *in, json_t *remote, const char *path, const char *type,
               json_t *object);
/* A Join of a public event: a guest registration answered with an Accept, or
 * a Reject (full, closed, over, paid, not public); 404 when its object is not
 * an event of this node. Inside the inbox's transaction. */
int fed_on_join(DbConn *c, Err *e, Arena *a, const FedIncoming *in, json_t *remote, json_t *join);
/* A Leave of the event `object`, or an Undo of the Join `join_id` (either may
 * be NULL): the actor's registration cancelled; nothing when there is none. */
int fed_on_leave(DbConn *c, Err *e, Arena *a, const FedIncoming *in, json_t *remote, const char *object, const char *join_id);
/* The id of a member that may be a link or an object with an id (borrowed), or NULL. */
static inline const char *fed_id_of(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "id"));
}

/* ---------- peers.c ---------- */

/* Inside the inbox's transaction, an activity of `actor` (its cached row
 * `remote`) about peering: a Follow of this node's actor (recorded as asked),
 * an Accept or Reject of this node's Follow, an Undo of a Follow of this
 * node, a Create, Update or Delete of a peer's Group, Event or Article
 * (fed_peer_content), an Add of a peer's Use of one of this node's items
 * (fed_peer_use). 1 when it was one of these, 0 when it is not peering's, -1 with e.
 * Any activity of a known peer's node is noted as its last activity. */
int fed_peer_receive(DbConn *c, Err *e, Arena *a, FedIncoming *in, const char *type, const char *actor, json_t *remote);

/* ---------- peer_content.c ---------- */

/* Queues a Create of each of this node's chapters (not closed) and of their
 * public events (not cancelled) to a peer's `inbox`. */
int fed_peer_share_chapters(DbConn *c, Err *e, const char *base, const char *inbox, int64_t now);
/* ---------- peer_uses.c ---------- */

/* Inside the inbox's transaction, an Add by `actor`: 1 when it was a peer's
 * Use of one of this node's items (kept for its spread), 0 when its object is
 * no Use, -1 with e (E_FORBIDDEN: not an approved peer, or not the Use's own
 * host; E_NOT_FOUND: no published item of this node; E_BAD_REQUEST). */
int fed_peer_use(DbConn *c, Err *e, Arena *a, FedIncoming *in, const char *actor);

/* ---------- peer_items.c ---------- */

/* Queues a Create of each published commons item (an Article from the node's
 * actor) to a peer's `inbox`. */
int fed_peer_share_items(DbConn *c, Err *e, const char *base, const char *inbox, int64_t now);
/* The code of a licence known here ("cc-by-4.0") from a peer's glocal:licence
 * `code`, else from its deed's `url`; "" when neither names one. */
const char *fed_licence_code(const char *code, const char *url);

/* Inside the inbox's transaction, a Create, Update or Delete by `actor`:
 * 1 when it was a peer's Group, Event or Article (kept, changed or removed), 0 when
 * it is none of peering's business, -1 with e (E_FORBIDDEN: not an approved
 * peer, or not the object's own host; E_BAD_REQUEST: a malformed object). */
int fed_peer_content(DbConn *c, Err *e, Arena *a, FedIncoming *in, const char *type, const char *actor);

#endif
