/* store.h - the SQL of federation (store.c), private to src/federation/. */
#ifndef GLOCAL_FEDERATION_STORE_H
#define GLOCAL_FEDERATION_STORE_H

#include "federation/federation.h"

/* ---------- what is published ---------- */

/* The path of places from the top down to `place_id` (its own row last):
 * [{name, slug, kind}] (new reference). */
json_t *fed_place_rows(DbConn *c, Err *e, int64_t place_id);
/* A public event with its host (host_kind "chapter"/"place", host_slug, the
 * place it is in: place_id, place_name): 1, 0 (none, or not public), -1. */
int fed_event_public(DbConn *c, Err *e, int64_t id, json_t **row);
/* An event by its slug {id, visibility, host_kind, host_slug} (public_only: public ones alone): 1, 0, -1. */
int fed_event_by_slug(DbConn *c, Err *e, const char *slug, bool public_only, json_t **row);
/* The same for any event, with its visibility (what emit.c needs to say it is gone). */
int fed_event_row(DbConn *c, Err *e, int64_t id, json_t **row);
/* A page of the public events a chapter (kind "chapter") or a place hosts,
 * newest first, and how many there are. */
json_t *fed_events_of(DbConn *c, Err *e, const char *kind, int64_t host, int64_t limit, int64_t offset);
int fed_events_count(DbConn *c, Err *e, const char *kind, int64_t host, int64_t *n);
/* A commons item whatever its status, with it: 1, 0, -1. */
int fed_item_row(DbConn *c, Err *e, int64_t id, json_t **row);
/* A published commons item: 1, 0, -1; a page of them, newest first, and their count. */
int fed_item_published(DbConn *c, Err *e, int64_t id, json_t **row);
json_t *fed_items_page(DbConn *c, Err *e, int64_t limit, int64_t offset);
int fed_items_count(DbConn *c, Err *e, int64_t *n);
/* NodeInfo's usage: {chapters, places, events (public), items (published)}. */
int fed_usage(DbConn *c, Err *e, json_t **row);

/* What a WebFinger user or an inbox's path names: "chapter" or "place" with
 * its id, or NULL when no chapter or place has that slug (chapters first). */
int fed_actor_lookup(DbConn *c, Err *e, Arena *a, const char *slug, const char **kind, int64_t *id);

/* ---------- keys ---------- */

/* The actor's current key {id, public_pem, private_pem}: 1, 0, -1. */
int fed_key_find(DbConn *c, Err *e, const char *actor, json_t **row);
int fed_key_insert(DbConn *c, Err *e, const char *actor, const char *public_pem, const char *private_pem, int64_t now,
                   int64_t *id);
int fed_key_retire(DbConn *c, Err *e, const char *actor, int64_t now);
/* The actors that have a current key: [{actor}], in order. */
json_t *fed_key_actors(DbConn *c, Err *e);
/* A key by its number, current or retired since `since`: {id, actor, public_pem}. */
int fed_key_by_id(DbConn *c, Err *e, int64_t id, int64_t since, json_t **row);

/* ---------- followers ---------- */

int fed_followers_count(DbConn *c, Err *e, const char *actor, int64_t *n);
/* The inboxes of an actor's followers and of the peers that approved this
 * node, each once (shared inboxes preferred): [{inbox}]. */
json_t *fed_follower_inboxes(DbConn *c, Err *e, const char *actor);
/* The inboxes of the accepted followers of `actor` alone, without the peers (new reference). */
json_t *fed_follower_inboxes_only(DbConn *c, Err *e, const char *actor);
/* 1 when some place's Group has a follower (FEP-1b12 announces are to be sent), 0 when none, -1. */
int fed_places_followed(DbConn *c, Err *e);
int fed_follower_put(DbConn *c, Err *e, const char *actor, int64_t remote, const char *follow_id, int64_t now);
/* Removes the follow; rows removed. */
int fed_follower_drop(DbConn *c, Err *e, const char *actor, int64_t remote);

/* ---------- remote actors ---------- */

/* A cached remote actor by its id URL: {id, actor_url, inbox, shared_inbox, key_id, public_pem, fetched_at}. */
int fed_remote_find(DbConn *c, Err *e, const char *actor_url, json_t **row);
int fed_remote_put(DbConn *c, Err *e, const json_t *actor, int64_t now, int64_t *id);

/* ---------- remote servers ---------- */

/* The signature scheme a remote host is known to take ("rfc9421", "cavage"), or NULL (arena). */
const char *fed_server_scheme(DbConn *c, Err *e, Arena *a, const char *host);
int fed_server_scheme_put(DbConn *c, Err *e, const char *host, const char *scheme, int64_t now);

/* ---------- the inbox log ---------- */

/* Records an activity id: 1 new, 0 seen before (a replay), -1. */
int fed_inbox_log_put(DbConn *c, Err *e, const char *activity_id, const char *actor_url, const char *kind, int64_t now);

/* ---------- deliveries ---------- */

int fed_delivery_insert(DbConn *c, Err *e, const char *actor, const char *inbox, const char *activity, int64_t now);
int fed_deliveries_due(DbConn *c, Err *e, int64_t now);
/* Claims up to max due deliveries for `worker` until lease_until: [{id}]. */
json_t *fed_deliveries_claim(DbConn *c, Err *e, const char *worker, int64_t now, int64_t lease_until, int max);
/* A claimed delivery {id, actor, inbox, activity, attempts}: 1, 0, -1. */
int fed_delivery_for_send(DbConn *c, Err *e, int64_t id, const char *worker, json_t **row);
/* Ends `worker`'s lease with the new status: rows changed (0: the lease was lost). */
int fed_delivery_settle(DbConn *c, Err *e, int64_t id, const char *worker, const char *status, int64_t next_at,
                        int code, const char *error, int64_t now);

/* ---------- peers (store_peers.c) ---------- */

typedef struct FedPeerRow {
    const char *actor_url, *host, *state, *follow_id;
    int64_t is_outgoing;
} FedPeerRow;
/* A peer {id, actor_url, host, is_outgoing, state, follow_id, asked_at,
 * decided_at, last_activity_at} by its node actor's URL or its id: 1, 0, -1. */
int fed_peer_find(DbConn *c, Err *e, const char *actor_url, json_t **row);
int fed_peer_by_id(DbConn *c, Err *e, int64_t id, json_t **row);
/* Records a request to peer (a new one replaces what was known of that node). */
int fed_peer_put(DbConn *c, Err *e, const FedPeerRow *p, int64_t now, int64_t *id);
int fed_peer_set_state(DbConn *c, Err *e, int64_t id, const char *state, int64_t now);
/* Notes that the peer's node sent something now (no row: nothing). */
int fed_peer_touch(DbConn *c, Err *e, const char *actor_url, int64_t now);
int fed_peer_drop(DbConn *c, Err *e, const char *actor_url);
/* Every peer, those waiting for a decision first, with `failures` (its
 * deliveries retried or dead) and `waiting` (queued or being sent). */
json_t *fed_peers_list(DbConn *c, Err *e);
/* The approved peer whose node is on `host`: 1, 0 (none approved), -1; *id. */
int fed_peer_approved_on(DbConn *c, Err *e, const char *host, int64_t *id);
/* Whether a peer of any state is on `host`: 1, 0, -1. */
int fed_peer_known_on(DbConn *c, Err *e, const char *host);

/* ---------- remote copies of what peers publish (store_peers.c) ---------- */

typedef struct FedRemoteObject {
    int64_t peer_id;
    const char *kind, *object_url, *name, *summary, *home_url, *group_url, *place_path, *timezone, *location;
    const char *licence, *licence_url;      /* items: the licence's code (or "") and its deed as sent */
    int64_t place_id, starts_at, ends_at;   /* place_id 0: none matched; starts_at 0: none */
    int64_t published_at;                   /* items: when the peer published it (0: not said) */
} FedRemoteObject;
int fed_remote_object_put(DbConn *c, Err *e, const FedRemoteObject *o, int64_t now);
/* Removes the copy of `object_url` kept from peer `peer_id`: rows removed. */
int fed_remote_object_drop(DbConn *c, Err *e, int64_t peer_id, const char *object_url);
/* The id of this node's place with `slug`: 1, 0, -1. */
int fed_place_id_by_slug(DbConn *c, Err *e, const char *slug, int64_t *id);
/* The chapters approved peers published in place `place_id` or any place
 * below it (everywhere, placed here or not, when 0) whose name matches the LIKE pattern `like`
 * (every one when ""), at most `limit`, by name, with their peer's host (new
 * reference). */
json_t *fed_remote_chapters_in(DbConn *c, Err *e, int64_t place_id, const char *like, int64_t limit);
/* The peers' public events ending after `now` in place `place_id` or below
 * (everywhere when 0), soonest first, with their peer's host (new reference). */
json_t *fed_remote_events_upcoming(DbConn *c, Err *e, int64_t now, int64_t place_id, int64_t limit);
/* The approved peers' commons items, newest first, with their peer's host (new reference). */
json_t *fed_remote_items_recent(DbConn *c, Err *e, int64_t limit);
/* An approved peer's item copy {id, object_url, name, summary, home_url,
 * licence, licence_url, host, actor_url, inbox} (new reference), json null
 * when there is none, NULL on error. */
json_t *fed_remote_item_row(DbConn *c, Err *e, int64_t id);
/* The chapters `user_id` is a member of, not closed: [{id, slug, name, metro_id}]. */
json_t *fed_member_chapters(DbConn *c, Err *e, int64_t user_id);
/* A use of a peer's item by one of this node's chapters. */
typedef struct FedUseSent {
    int64_t object_id, chapter_id, used_on;
    const char *outcome;
    int64_t by, now;
} FedUseSent;
/* Keeps it: *id, or 0 when that chapter recorded a use of the item that day already. */
int fed_use_sent_insert(DbConn *c, Err *e, const FedUseSent *u, int64_t *id);
/* The inboxes of every approved peer, whichever node asked (the commons travels both ways), each once: [{inbox}]. */
json_t *fed_peer_inboxes_any(DbConn *c, Err *e);
/* The inboxes of the peers that approved this node, each once: [{inbox}]. */
json_t *fed_peer_inboxes(DbConn *c, Err *e);
/* A chapter {id, slug, name, description, metro_id, status}: 1, 0, -1. */
int fed_chapter_row(DbConn *c, Err *e, int64_t id, json_t **row);
/* This node's chapters not closed {id, slug, name, description, metro_id}, for a new peer (new reference). */
json_t *fed_chapters_to_share(DbConn *c, Err *e);
/* [{id, slug}] of the places that host a public event not cancelled (new reference). */
json_t *fed_places_hosting_events(DbConn *c, Err *e);

#endif
