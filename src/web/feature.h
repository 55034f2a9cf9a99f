/* feature.h - what a feature gives the web layer.
 *
 * The web layer (src/web/) knows no feature: each feature describes itself
 * with a Feature, and src/features.c lists them together with the route table.
 * The guard loads the objects a path names through the features' loaders,
 * identifies callers through the one feature that provides an Identity
 * (accounts), and app_init runs each feature's start hook once. */
#ifndef GLOCAL_FEATURE_H
#define GLOCAL_FEATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "web/req.h"

/* A path parameter ({chapter}, {event}, {meeting}, ...) and how to load it.
 * With load == NULL the parameter is a numeric id: the guard answers 404 to
 * anything but a positive integer, and handlers read it with req_id. */
typedef struct PathLoader {
    const char *param;         /* "event" for {event} */
    /* the 404's sentence, marked N_(): "%s" stands for the key, as in
     * N_("There is no event called \"%s\".") ("numbered" for ids) */
    const char *missing;
    /* Loads the object named `key` for the caller (r->me) into the request's
     * slot (r->chapter..., r->object..., r->place...): 1 found, 0 no such
     * object (or not visible to the caller), -1 error in e. */
    int (*load)(Req *r, const char *key, Err *e);
    const char *manager_only;  /* the refusal when F_MANAGER fails (N_()), NULL: not a managed object */
} PathLoader;

/* Who is calling: sessions, API tokens and the pledge, from the accounts feature. */
typedef struct Identity {
    int (*by_token)(DbConn *c, Arena *a, Err *e, const char *token_hash, Me *me);
    int (*by_session)(DbConn *c, Arena *a, Err *e, const char *token_hash, int64_t now, Me *me, int64_t *session_id,
                      int64_t *last_seen);
    int (*touch)(DbConn *c, Err *e, int64_t session_id, int64_t now);
    int (*start)(DbConn *c, Err *e, int64_t user_id, const char *token_hash, const char *ip, const char *user_agent,
                 int64_t *session_id);
    int (*end)(DbConn *c, Err *e, int64_t session_id);
    int64_t (*pledge_current)(DbConn *c, Err *e);   /* the newest pledge version, 0 if none */
    int64_t session_max_seconds;   /* the session cookie's lifetime */
    int64_t touch_seconds;         /* how stale a session's last_seen may get before it is written */
} Identity;

typedef struct Feature {
    const char *name;
    /* Once per process before anything else runs (rules other features consult). */
    void (*setup)(void);
    /* Once at start, inside a write transaction (keys, defaults). */
    int (*start)(DbConn *c, void *ctx, Err *e);
    /* The feature's share of the periodic work at `now` (glocal tick, and a
     * thread of glocal serve): each part its own transaction, idempotent for
     * a moment already done. Appends what it did, if anything, to `report`
     * as phrases separated by ", " ("3 meeting reminders queued"). 0, or -1. */
    int (*tick)(DbConn *c, int64_t now, Buf *report, Err *e);
    /* The feature's outgoing deliveries (mail, webhooks; later federation):
     * sends up to `max` items due at `now`, each claimed first with a lease
     * in the name of `worker`, so that several processes on one database
     * send each item once. Runs in a thread of glocal serve (again at once
     * while there is work, else every second) and in `glocal mail`. How
     * many items it handled (0: nothing was due), or -1 with e. */
    int (*deliver)(DbConn *c, int64_t now, const char *worker, int max, Err *e);
    /* What the feature adds to another feature's page: `page` names it
     * ("chapter": the chapter page, r->chapter loaded; "place": a place's page,
     * r->place loaded). Sets its own keys in r->model (the page's template
     * shows them where it has a slot for them). 0, or -1 with e. */
    int (*extend)(Req *r, const char *page, Err *e);
    /* Puts every document the feature shows in the search (search/search.h:
     * search_put) into the index, inside the caller's write transaction (the
     * index was emptied before). 0, or -1 with e. */
    int (*reindex)(DbConn *c, Err *e);
    const PathLoader *loaders;   /* ends with { NULL } */
    const Identity *identity;
} Feature;

/* src/features.c */
extern const Feature *const features[];
extern const size_t feature_count;

/* The loader of a path parameter, or NULL (web/guard.c). */
const PathLoader *feature_loader(const char *param);
/* The identity provider (exactly one feature has one). */
const Identity *feature_identity(void);
/* Every feature's additions to `page` (Feature.extend), in the order of
 * features[]. 0, or -1 with e. */
int features_extend(Req *r, const char *page, Err *e);
/* Every feature's periodic work at `now`, in the order of features[]; a
 * feature whose work fails is logged and the others still run. What was done
 * is appended to `report`. 0, or -1 when any failed (e: the first failure). */
int features_tick(DbConn *c, int64_t now, Buf *report, Err *e);
/* Every feature's deliveries (Feature.deliver), up to `max` items each; a
 * failing feature is logged and the others still run. How many items were
 * handled in all, or -1 when any failed and none was handled. */
int features_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e);

#endif
