/* store.h - the SQL of webhooks (store.c), private to src/webhooks/. */
#ifndef GLOCAL_WEBHOOKS_STORE_H
#define GLOCAL_WEBHOOKS_STORE_H

#include "webhooks/webhooks.h"

/* An endpoint as it is inserted. */
typedef struct EndpointRow {
    int64_t chapter_id;   /* 0: the network's */
    const char *url, *description, *kinds, *secret;
    int64_t by;
} EndpointRow;

int endpoint_insert(DbConn *c, Err *e, const EndpointRow *p, int64_t now, int64_t *id);
/* The enabled endpoints: [{id, chapter_id (null: the network's), kinds}] (new reference). */
json_t *endpoints_listening(DbConn *c, Err *e);
int delivery_insert(DbConn *c, Err *e, int64_t endpoint, const char *msg_id, const char *kind, const char *body,
                    int64_t now);
/* One endpoint within `scope` (a chapter's id, 0: any): 1, 0 none, -1. */
int endpoint_find(DbConn *c, Err *e, int64_t scope, int64_t id, json_t **row);
int endpoint_secret_set(DbConn *c, Err *e, int64_t id, const char *secret, int64_t now);
/* Enables (failures forgotten) or disables an endpoint by its owner's hand. */
int endpoint_enabled_set(DbConn *c, Err *e, int64_t id, bool enabled, int64_t now);
int endpoint_delete(DbConn *c, Err *e, int64_t id);
/* The endpoints of `scope` (0: the network's), or every one when `all`. */
json_t *endpoints_of(DbConn *c, Err *e, int64_t scope, bool all);
/* An endpoint's latest ten deliveries, and the attempts of those. */
json_t *deliveries_recent(DbConn *c, Err *e, int64_t endpoint);
json_t *attempts_recent(DbConn *c, Err *e, int64_t endpoint);
/* Claims up to max due deliveries (queued or retry and due, or sending with an
 * expired lease) for `worker` until lease_until, counting the attempt: [{id}]. */
/* Whether any delivery is due at `now` (a read: the idle sender writes nothing): 1, 0, or -1. */
int deliveries_due(DbConn *c, Err *e, int64_t now);
json_t *deliveries_claim(DbConn *c, Err *e, const char *worker, int64_t now, int64_t lease_until, int max);
/* A claimed delivery with its endpoint's URL and secret: 1, 0, -1. */
int delivery_for_send(DbConn *c, Err *e, int64_t id, json_t **row);
int attempt_insert(DbConn *c, Err *e, int64_t delivery, int64_t at, int status_code, const char *error, int64_t ms);
/* Ends `worker`'s lease on a delivery with its new status: rows changed (0: the lease was lost). */
int delivery_settle(DbConn *c, Err *e, int64_t id, const char *worker, const char *status, int64_t next_at,
                    const char *error, int64_t now);
int endpoint_succeeded(DbConn *c, Err *e, int64_t id);
/* Counts a failed attempt; at `limit` in a row the endpoint is disabled with `reason`. */
int endpoint_failed(DbConn *c, Err *e, int64_t id, int limit, const char *reason, int64_t now);

#endif
