/* federation.h - ActivityPub, server to server (issue 17).
 *
 * The node is an Application actor (/ap/node); each chapter and each place is
 * a Group actor (/ap/chapters/{slug}, /ap/places/{slug}). Public events are
 * Event objects (FEP-8a8e) in the outbox of their host, published commons
 * items Article objects in the node's. WebFinger finds the actors
 * (acct:SLUG@HOST; the node is acct:HOST@HOST), NodeInfo 2.1 describes the
 * node. Every actor has an RSA key pair (actor_keys.c: made on first need, kept;
 * rotated keys stay readable for FED_KEY_GRACE seconds).
 *
 * Inboxes (inbox.c) take only signed activities (httpsig.h, from the fed-sig
 * branch: draft-cavage and RFC 9421), whose signing key belongs to the
 * activity's actor, fetched and cached (remote.c: libcurl with timeouts and a
 * size limit, no private address unless allowed). A Follow of a Group is
 * stored and answered with an Accept, queued in fed_deliveries; Undo Follow
 * removes it. A Join of a public event is a guest registration answered with
 * an Accept, or a Reject (join.c); Leave or Undo Join cancels it. The same id
 * twice is a replay: answered 202, nothing stored. Each remote host may send
 * FED_RATE_LIMIT activities a minute (settings.c; 429 beyond).
 *
 * Deliveries (deliver.c, Feature.deliver) are claimed with a lease and POSTed
 * signed, in RFC 9421 and again in draft-cavage when refused (the scheme each
 * server took remembered); retried on fed_backoff's schedule, dead after
 * FED_ATTEMPTS. Keys rotate on demand (fed_keys_rotate: the API, the CLI).
 *
 * rules.c: pure (the JSON-LD shapes, WebFinger resources, Accept headers,
 * blocked domains, the schedule); actor_keys.c, inbox.c, emit.c: operations;
 * remote.c: fetching actors; deliver.c: the sender; store.c: the SQL;
 * routes.c: the handlers and the Feature. */
#ifndef GLOCAL_FEDERATION_H
#define GLOCAL_FEDERATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"

/* An inbox reads at most this many bytes of a body (413 beyond). */
#define FED_INBOX_MAX (256 * 1024)
/* A rotated key stays readable at its id this long. */
#define FED_KEY_GRACE (30 * 86400)
/* A remote actor is fetched again after this long. */
#define FED_ACTOR_TTL (24 * 3600)
/* A remote actor's document is read up to this size. */
#define FED_FETCH_MAX (256 * 1024)
/* Attempts of one delivery before it is dead. */
#define FED_ATTEMPTS 8
/* Items per page of an outbox. */
#define FED_PAGE_SIZE 20

/* Settings: the domains refused (space or line separated; a domain refuses
 * its subdomains too), and whether remote actors on private or loopback
 * addresses may be fetched and sent to ("1"). */
#define FED_BLOCKED_DOMAINS "federation.blocked_domains"
#define FED_ALLOW_PRIVATE "federation.allow_private"
/* Setting: the activities one remote host may send the inboxes in a minute
 * (429 with Retry-After beyond); FED_RATE_DEFAULT when unset. */
#define FED_RATE_LIMIT "federation.rate_limit"
#define FED_RATE_DEFAULT 300
#define FED_RATE_MAX 100000

#define FED_AP_TYPE "application/activity+json"

/* ---------- rules.c (pure) ---------- */

/* The host (with its port, if any) of an http(s) URL (arena); NULL if none. */
const char *fed_host_of(Arena *a, const char *url);
/* Whether an Accept header asks for ActivityPub's JSON (application/activity+json,
 * or application/ld+json with the ActivityStreams profile or none). */
bool fed_accepts_ap(const char *accept);
/* A WebFinger resource on `host`: "acct:SLUG@HOST" (or "SLUG@HOST") sets *user
 * (arena); 0, or -1 when it is not of this host. */
int fed_webfinger_user(Arena *a, const char *resource, const char *host, const char **user);
/* Whether `host` is, or is under, one of the space- or line-separated `domains`. */
bool fed_domain_blocked(const char *domains, const char *host);
/* Seconds after failed attempt `attempt` (1: the first) before the next:
 * 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h; -1 when it was the last. */
int64_t fed_backoff(int attempt);
/* Whether a delivery the server answered with HTTP `status` is worth trying
 * again: not when it refused it for good (a 4xx other than 401, whose keys may
 * be cached, 408 and 429), e.g. a Use of an item its origin withdrew (404). */
bool fed_delivery_retries(long status);

/* Double-knocking (deliver.c): the signature scheme to sign with first for a
 * server known to take `known` ("rfc9421", "cavage", or NULL when unknown:
 * RFC 9421); the other scheme; and whether an answer refuses the signature's
 * scheme, so the same delivery is sent again at once in the other (400, 401). */
const char *fed_scheme_first(const char *known);
const char *fed_scheme_other(const char *scheme);
bool fed_knock_again(long status);

/* The @context of every document: ActivityStreams, the security vocabulary,
 * and the terms of the node's own namespace (BASE/ns#: placePath) and of
 * FEP-8a8e (new reference). */
json_t *fed_context(const char *base);
/* An actor. kind "node" (an Application) or a Group of a chapter or a place;
 * `path` its path ("/ap/chapters/lisbon"), `html` its page's URL, `key_id` and
 * `public_pem` its key, `place_path` [{name, id}] or NULL (new reference). */
typedef struct FedActor {
    const char *base, *path, *kind, *username, *name, *summary, *html, *key_id, *public_pem;
    json_t *place_path;   /* borrowed */
} FedActor;
json_t *fed_actor_json(const FedActor *a);
/* An Event object (FEP-8a8e) from an event's row (id, slug, title,
 * description, starts_at, ends_at, timezone, venue, online_url, status,
 * capacity, updated_at, host_kind, host_slug, place_name), `place_path` [{name,
 * id}] borrowed (new reference). */
json_t *fed_event_json(const char *base, const json_t *ev, json_t *place_path);
/* An Article object from a published commons item's row (new reference). */
json_t *fed_article_json(const char *base, const json_t *item);
/* An activity of `type` ("Create", "Update", "Delete", "Accept") by the actor
 * at `actor_path` about `object` (stolen), with `id` (new reference). */
json_t *fed_activity(const char *base, const char *type, const char *id, const char *actor_path, json_t *object);
/* FEP-1b12: the Group at `group_path` announces `activity` (copied whole, as
 * it was sent, @context included) to its followers, with `id` (new reference). */
json_t *fed_announce(const char *base, const char *id, const char *group_path, const json_t *activity);
/* The place path rows [{name, slug}] as [{name, id}] with ids of the places'
 * actors (new reference). */
json_t *fed_place_path(const char *base, const json_t *rows);

/* The name a remote guest's registration shows: the actor's display name, else
 * its handle (@name@host), else its id; one line of at most 100 bytes (arena). */
const char *fed_guest_name(Arena *a, const char *display, const char *handle, const char *host, const char *actor_url);

/* The blocked domains as typed (space, comma or line separated) checked and
 * written one a line, lower case (arena); NULL with a problem at field
 * "blocked_domains" when one is not a domain name. */
const char *fed_domains_check(Arena *a, const char *typed, FieldErrs *problems);

/* The node actor of another Glocal node from the address an administrator
 * typed ("https://region.example.org", with or without "/ap/node"; trailing
 * slashes dropped) (arena); NULL with a problem at field "url". */
const char *fed_peer_actor_url(Arena *a, const char *typed, FieldErrs *problems);
/* The next state of a peer the administrator approves (`approve`) or
 * refuses, from `state` ("asked", "approved", "refused"): 0 with *next, or
 * -1 with *why (a peer this node asked is decided by the other node; a
 * decision already taken is not taken again). */
int fed_peer_decision(const char *state, bool is_outgoing, bool approve, const char **next, const char **why);

/* An xsd:dateTime ("2026-12-06T18:00:00Z", fractions and +hh:mm offsets
 * read) as Unix seconds; -1 when it is not one. */
int64_t fed_iso_time(const char *text);
/* A chapter's Group as a peer is told of it (no key: the peer fetches the
 * actor to verify what it signs): from the row {slug, name, description},
 * `place_path` [{name, id}] borrowed (new reference). */
json_t *fed_group_object(const char *base, const json_t *ch, json_t *place_path);

/* ---------- settings.c ---------- */

typedef struct FedSettings {
    const char *blocked_domains;   /* NULL: unchanged */
    bool allow_private;
    const char *rate_limit;        /* activities a host may send in a minute, as typed; NULL or "": unchanged */
} FedSettings;
/* Saves the settings (the domains checked first: E_INVALID with problems). */
int fed_settings_save(DbConn *c, Err *e, Arena *a, FedSettings *s, FieldErrs *problems);
/* {blocked_domains, allow_private, rate_limit} (new reference). */
json_t *fed_settings_read(DbConn *c, Arena *a);
/* The activities a remote host may send in a minute (the setting, else FED_RATE_DEFAULT). */
int64_t fed_rate_limit(DbConn *c, Arena *a);
/* Counts an activity received from `host` (the DB-shared counters of
 * accounts' throttle, schema 022): 0, or -1 with e (E_TOO_MANY with the
 * seconds to wait) when it is one more than the host's limit this minute.
 * Writes (its own transaction). */
int fed_rate_take(DbConn *c, Arena *a, Err *e, const char *host, int64_t now);

/* ---------- actor_keys.c ---------- */

/* The current key of the actor at `path` ("/ap/chapters/lisbon"), made now
 * when it has none: *key_id (BASE + path + "#key-N"), *public_pem and
 * *private_pem (arena). Its own write transaction when it has to make one. */
int fed_key_current(DbConn *c, Arena *a, Err *e, const char *base, const char *path, const char **key_id,
                    const char **public_pem, const char **private_pem);
/* Retires the actor's current key and makes a new one (the old one stays
 * readable for FED_KEY_GRACE seconds). */
int fed_key_rotate(DbConn *c, Err *e, const char *path);
/* Rotates the key of `actor` — a local actor's path ("/ap/node",
 * "/ap/chapters/lisbon", "/ap/places/portugal"; E_INVALID at "actor" when it
 * names none) — or of every actor that has one ("all"), each in its own
 * transaction. *rotated: [{actor, key_id}] with the new keys' ids (new
 * reference, also on a failure part way: what was rotated). */
int fed_keys_rotate(DbConn *c, Err *e, Arena *a, const char *actor, json_t **rotated);

/* ---------- emit.c, deliver.c ---------- */

/* Inside the write transaction that made, changed or cancelled the event
 * `event_id` (`was_public`: whether it was public before; false for a new
 * one): tells the followers of its host's Group — a Create when it has just
 * become public, an Update while it stays public, a Delete (a Tombstone) when
 * it was public and is no longer (cancelled, or made network or chapter
 * only). An event never public sends nothing. 0, or -1. */
int fed_event_changed(DbConn *c, Err *e, int64_t event_id, bool was_public);
/* Inside the write transaction in which an organiser cancelled the
 * registration a remote actor's Join `join_id` made at `event_id`: queues a
 * Reject of that Join from the event's host Group to the actor's inbox (as
 * Mobilizon tells a participant it removed). 0, or -1. */
int fed_guest_cancelled(DbConn *c, Err *e, int64_t event_id, const char *actor_url, const char *join_id);
/* Inside the write transaction that started or changed the chapter
 * `chapter_id`: tells the peers that approved this node — a Create of its
 * Group when `is_new`, an Update while it is open, a Delete (a Tombstone)
 * once it is closed. Nothing when no peer approved this node. 0, or -1. */
int fed_chapter_changed(DbConn *c, Err *e, int64_t chapter_id, bool is_new);
/* Inside the commons' write transaction that changed the item `item_id`
 * (`was_published`: whether it was public before): tells every approved
 * peer (whichever node asked) — a Create of its Article when it has just been
 * published, an Update while it stays published (a new revision), a Delete
 * (a Tombstone) when it stops being public (withdrawn, or asking consent
 * again). An item never published sends nothing. 0, or -1. */
int fed_item_changed(DbConn *c, Err *e, int64_t item_id, bool was_published);
/* Feature.deliver: sends up to `max` due activities, each claimed first. */
int fed_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e);

/* ---------- peers.c ---------- */

/* Asks the Glocal node at the address `typed` to peer with this one (at
 * `base`): its node actor is fetched (a problem at "url" when it cannot be),
 * the request recorded and a Follow of that actor queued. E_INVALID with
 * problems; *id the peer's. */
int fed_peer_ask(DbConn *c, Err *e, Arena *a, const char *base, const char *typed, FieldErrs *problems, int64_t *id);
/* The administrator approves (an Accept of its Follow is queued) or refuses
 * (a Reject) the peer `id` that asked: E_NOT_FOUND, E_CONFLICT (see
 * fed_peer_decision). */
int fed_peer_decide(DbConn *c, Err *e, const char *base, int64_t id, bool approve);
/* Every peer with its state and its deliveries' failures (new reference; NULL with e). */
json_t *fed_peers_read(DbConn *c, Err *e);

/* ---------- record_use.c ---------- */

/* A chapter of this node used an item of a peer node (`object_id`: its copy). */
typedef struct FedUseIn {
    const char *base;        /* this node's URL */
    int64_t object_id;
    const char *used_by;     /* "chapter:SLUG", one of the member's chapters */
    const char *used_on;     /* YYYY-MM-DD */
    const char *outcome;     /* "worked", "mixed", "did_not_work" */
    int64_t by, now;
} FedUseIn;
/* Keeps the use and queues an Add of a glocal Use to the item's node, signed
 * by the chapter: E_NOT_FOUND (no approved peer's item by that number),
 * E_INVALID with problems (used_by, used_on, outcome; the same chapter, item
 * and day twice). */
int fed_use_record(DbConn *c, Err *e, const FedUseIn *in, FieldErrs *problems);

/* ---------- the handlers (routes.c, routes_inbox.c, routes_peers.c, routes_uses.c) ---------- */
int fed_webfinger(Req *r);
int fed_nodeinfo_links(Req *r);
int fed_nodeinfo(Req *r);
int fed_node_actor(Req *r);
int fed_node_outbox(Req *r);
int fed_node_followers(Req *r);
int fed_chapter_actor(Req *r);
int fed_chapter_outbox(Req *r);
int fed_chapter_followers(Req *r);
int fed_place_actor(Req *r);
int fed_place_outbox(Req *r);
int fed_place_followers(Req *r);
int fed_event_object(Req *r);
int fed_article_object(Req *r);
int fed_key_show(Req *r);
int fed_inbox(Req *r);
int fed_settings_show(Req *r);
int fed_settings_update(Req *r);
int fed_keys_rotate_submit(Req *r);
int fed_peer_ask_submit(Req *r);
int fed_peer_approve(Req *r);
int fed_peer_refuse(Req *r);
int fed_peer_use_form(Req *r);
int fed_peer_use_submit(Req *r);

extern const Feature federation_feature;

#endif
