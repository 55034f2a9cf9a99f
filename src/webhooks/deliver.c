/* deliver.c - the sender of webhooks (Feature.deliver): claims due deliveries
 * with a lease, checks each target again and pins the address it checked,
 * POSTs the signed body with libcurl and writes down how it went.
 *
 * One attempt: the target resolved and checked (net.c), then a POST with
 * short timeouts (connect 5 s, all 10 s), no redirect followed, no proxy, at
 * most RESPONSE_CAP bytes of the answer read. A 2xx answer delivers it; any
 * other answer or error is a failed attempt: retried after webhook_backoff,
 * failed after WEBHOOK_ATTEMPTS; the endpoint is disabled after
 * WEBHOOK_DISABLE_AFTER failed attempts in a row. A sender that dies while
 * sending leaves the lease to expire (LEASE_SECONDS): the delivery is claimed
 * again and sent with the same webhook-id, which receivers use to ignore a
 * message they already have. */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "webhooks/store.h"

#define LEASE_SECONDS 60
#define RESPONSE_CAP (64 * 1024)
/* Deliveries claimed at once: each may take up to 15 s, all within the lease. */
#define CLAIM_AT_ONCE 3

typedef WebhookHttp Outcome;

/* One attempt of the delivery `d` (its row with the endpoint's url and secret). */
static void attempt(DbConn *c, Arena *a, json_t *d, Outcome *o)
{
    const char *url = json_string_value(json_object_get(d, "url"));
    const char *body = json_string_value(json_object_get(d, "body"));
    const char *msg_id = json_string_value(json_object_get(d, "msg_id"));
    WebhookTarget t;
    char ip[64];
    Err x = { 0 };
    if (webhook_url_parse(a, url, &t, &x) < 0 || webhook_target_check(&t, webhook_private_allowed(c, a), ip, sizeof ip, &x) < 0) {
        snprintf(o->error, sizeof o->error, "%s", x.msg);
        return;
    }
    int64_t ts = now_unix();
    const char *sig = webhook_sign(a, json_string_value(json_object_get(d, "secret")), msg_id, ts, body, strlen(body));
    if (!sig) {
        snprintf(o->error, sizeof o->error, "the endpoint's secret is malformed; rotate it");
        return;
    }
    const char *hdr[] = { "Content-Type: application/json", arena_printf(a, "webhook-id: %s", msg_id),
                          arena_printf(a, "webhook-timestamp: %lld", (long long)ts),
                          arena_printf(a, "webhook-signature: %s", sig), "Expect:", NULL };
    webhook_http(&t, url, ip, hdr, body, "Glocal-Webhooks/1", RESPONSE_CAP, NULL, o);
}

typedef struct Settle {
    int64_t id, endpoint, attempts, now;
    const char *worker;
    const Outcome *o;
} Settle;

static int settle_tx(DbConn *c, void *ctx, Err *e)
{
    Settle *s = ctx;
    const Outcome *o = s->o;
    bool ok = o->status >= 200 && o->status < 300 && !o->error[0];
    if (attempt_insert(c, e, s->id, s->now, (int)o->status, o->error, o->ms) < 0) return -1;
    int64_t wait = ok ? 0 : webhook_backoff((int)s->attempts);
    const char *status = ok ? "delivered" : wait < 0 ? "failed" : "retry";
    int changed = delivery_settle(c, e, s->id, s->worker, status, s->now + (wait > 0 ? wait : 0), o->error, s->now);
    if (changed <= 0) return changed;   /* the lease was lost: its new holder decides */
    if (ok) return endpoint_succeeded(c, e, s->endpoint) < 0 ? -1 : 0;
    char reason[600];
    snprintf(reason, sizeof reason, "Disabled after %d failed attempts in a row (the last: %s).", WEBHOOK_DISABLE_AFTER,
             o->error);
    return endpoint_failed(c, e, s->endpoint, WEBHOOK_DISABLE_AFTER, reason, s->now) < 0 ? -1 : 0;
}

typedef struct Claim {
    const char *worker;
    int64_t now;
    int max;
    json_t *ids;
} Claim;

static int claim_tx(DbConn *c, void *ctx, Err *e)
{
    Claim *k = ctx;
    json_decref(k->ids);
    k->ids = deliveries_claim(c, e, k->worker, k->now, k->now + LEASE_SECONDS, k->max);
    return k->ids ? 0 : -1;
}

/* Sends the claimed delivery `id` and writes down how it went. */
static int send_one(DbConn *c, Err *e, const char *worker, int64_t id)
{
    json_t *d = NULL;
    int found = delivery_for_send(c, e, id, &d);
    if (found <= 0) return found;
    Arena a;
    arena_init(&a, 1024);
    Outcome o = { 0 };
    attempt(c, &a, d, &o);
    Settle s = { id, json_integer_value(json_object_get(d, "endpoint_id")), json_integer_value(json_object_get(d, "attempts")),
                 now_unix(), worker, &o };
    if (o.error[0]) log_info("webhook delivery %lld, attempt %lld: %s", (long long)id, (long long)s.attempts, o.error);
    int rc = db_write(c, settle_tx, &s, e);
    arena_release(&a);
    json_decref(d);
    return rc;
}

int webhooks_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e)
{
    Claim k = { worker, now, max < CLAIM_AT_ONCE ? max : CLAIM_AT_ONCE, NULL };
    int due = deliveries_due(c, e, now);   /* a read first: an idle sender takes no write lock every second */
    if (due <= 0) return due;
    if (db_write(c, claim_tx, &k, e) < 0) {
        json_decref(k.ids);
        return -1;
    }
    int n = 0, rc = 0;
    size_t i;
    json_t *row;
    json_array_foreach(k.ids, i, row) {
        if (send_one(c, e, worker, json_integer_value(json_object_get(row, "id"))) < 0) rc = -1;
        n++;
    }
    json_decref(k.ids);
    return rc < 0 && n == 0 ? -1 : n;
}
