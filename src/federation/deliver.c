/* deliver.c - the sender of activities (Feature.deliver): claims due
 * deliveries with a lease, checks the target inbox again (blocked domains,
 * private addresses) and pins the address it checked, POSTs the activity
 * signed by its actor's key — in RFC 9421 first, and at once again in
 * draft-cavage (what Mastodon reads) when the server refuses it with a 400 or
 * 401 ("double-knocking", as fedify does); the scheme a server took is
 * remembered (fed_remote_servers), so the next delivery there is signed that
 * way at once — and writes down how it went: sent on 2xx; dead at once when
 * refused for good (a 4xx other than 401, 408, 429); else retried after
 * fed_backoff, dead after FED_ATTEMPTS. A sender that dies while
 * sending leaves the lease to expire: the delivery is sent again, with the
 * same activity id, which receivers use to ignore a repeat. */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "federation/ap.h"
#include "settings/settings.h"

#define LEASE_SECONDS 60
#define RESPONSE_CAP (64 * 1024)
#define CLAIM_AT_ONCE 3

typedef WebhookHttp Outcome;

/* A delivery on its way: where it goes (checked, the address to pin) and who signs it. */
typedef struct Knock {
    const char *inbox, *body, *host, *key_id, *pem;
    WebhookTarget t;
    char ip[64];
} Knock;

/* POSTs the delivery signed in `scheme` ("rfc9421", "cavage"). */
static void knock(Arena *a, const Knock *k, const char *scheme, Outcome *o)
{
    *o = (Outcome){ 0 };
    const char *slash = strchr(k->inbox + strcspn(k->inbox, ":") + 3, '/');
    HsHeader ct = { "Content-Type", FED_AP_TYPE };
    HsRequest hr = { .method = "POST", .target = slash ? slash : "/", .scheme = k->t.scheme, .authority = k->host,
                     .headers = &ct, .n_headers = 1, .body = (const unsigned char *)k->body, .body_len = strlen(k->body) };
    HsSignOptions so = { .scheme = str_eq(scheme, "cavage") ? HS_CAVAGE : HS_RFC9421, .key_id = k->key_id,
                         .private_pem = k->pem, .now = now_unix() };
    HsHeaders out = { 0 };
    Err x = { 0 };
    if (hs_sign(a, &hr, &so, &out, &x) < 0) {
        snprintf(o->error, sizeof o->error, "signing failed: %s", x.msg);
        return;
    }
    const char **hdr = arena_alloc(a, sizeof(char *) * (out.n + 3));
    size_t n = 0;
    hdr[n++] = "Content-Type: " FED_AP_TYPE;
    for (size_t i = 0; i < out.n; i++) hdr[n++] = arena_printf(a, "%s: %s", out.items[i].name, out.items[i].value);
    hdr[n++] = "Expect:";
    hdr[n] = NULL;
    webhook_http(&k->t, k->inbox, k->ip, hdr, k->body, "Glocal-Federation/1", RESPONSE_CAP, NULL, o);
}

/* One attempt of the delivery `d` {actor, inbox, activity}: signed in the
 * scheme its server is known to take (RFC 9421 when unknown), and at once in
 * the other when the server refuses that one. *learnt: the scheme a server
 * took that was not known of it before, or NULL. */
static void attempt(DbConn *c, Arena *a, json_t *d, Outcome *o, const char **host, const char **learnt)
{
    Knock k = { .inbox = json_string_value(json_object_get(d, "inbox")),
                .body = json_string_value(json_object_get(d, "activity")) };
    const char *actor = json_string_value(json_object_get(d, "actor"));
    const char *base = setting_get(c, a, "public_url", "");
    Err x = { 0 };
    if (fed_target_check(c, a, &x, k.inbox, &k.t, k.ip, sizeof k.ip) < 0 ||
        fed_key_current(c, a, &x, base, actor, &k.key_id, NULL, &k.pem) < 0) {
        snprintf(o->error, sizeof o->error, "%s", x.msg);
        return;
    }
    k.host = *host = fed_host_of(a, k.inbox);
    const char *known = fed_server_scheme(c, &x, a, k.host), *scheme = fed_scheme_first(known);
    knock(a, &k, scheme, o);
    if (fed_knock_again(o->status)) {
        scheme = fed_scheme_other(scheme);
        knock(a, &k, scheme, o);
    }
    if (o->status >= 200 && o->status < 300 && !o->error[0] && !str_eq(scheme, known)) *learnt = scheme;
}

typedef struct Settle {
    int64_t id, attempts, now;
    const char *worker, *host, *learnt;
    const Outcome *o;
} Settle;

static int settle_tx(DbConn *c, void *ctx, Err *e)
{
    Settle *s = ctx;
    bool ok = s->o->status >= 200 && s->o->status < 300 && !s->o->error[0];
    /* a server that refused it for good (404, 403, 410...) is not asked again: dead at once */
    int64_t wait = ok ? 0 : s->o->error[0] || fed_delivery_retries(s->o->status) ? fed_backoff((int)s->attempts) : -1;
    const char *status = ok ? "sent" : wait < 0 ? "dead" : "retry";
    if (s->learnt && fed_server_scheme_put(c, e, s->host, s->learnt, s->now) < 0) return -1;
    return fed_delivery_settle(c, e, s->id, s->worker, status, s->now + (wait > 0 ? wait : 0), (int)s->o->status,
                               s->o->error, s->now) < 0 ? -1 : 0;
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
    k->ids = fed_deliveries_claim(c, e, k->worker, k->now, k->now + LEASE_SECONDS, k->max);
    return k->ids ? 0 : -1;
}

static int send_one(DbConn *c, Err *e, const char *worker, int64_t id)
{
    json_t *d = NULL;
    int found = fed_delivery_for_send(c, e, id, worker, &d);
    if (found <= 0) return found;
    Arena a;
    arena_init(&a, 4096);
    Outcome o = { 0 };
    const char *host = NULL, *learnt = NULL;
    attempt(c, &a, d, &o, &host, &learnt);
    Settle s = { id, json_integer_value(json_object_get(d, "attempts")), now_unix(), worker, host, learnt, &o };
    if (o.error[0]) log_info("federation delivery %lld, attempt %lld: %s", (long long)id, (long long)s.attempts, o.error);
    int rc = db_write(c, settle_tx, &s, e);
    arena_release(&a);
    json_decref(d);
    return rc;
}

int fed_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e)
{
    Claim k = { worker, now, max < CLAIM_AT_ONCE ? max : CLAIM_AT_ONCE, NULL };
    int due = fed_deliveries_due(c, e, now);   /* a read first: an idle sender takes no write lock */
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
