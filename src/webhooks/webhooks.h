/* webhooks.h - webhooks: programs hear of what happens in the network.
 *
 * An administrator registers endpoints for the whole network, a connector for
 * their chapter; each endpoint names the kinds of event it wants (WEBHOOK_KINDS).
 * Features call webhook_emit inside the write transaction that changed what
 * the event tells about, with the public API's representation of the object:
 * one delivery is queued per enabled endpoint that wants the kind and may hear
 * of the chapter, so an event exists exactly when its change was committed.
 *
 * Deliveries are sent by Feature.deliver (deliver.c, a thread of glocal
 * serve): claimed with a lease so that several servers on one database send
 * each once, POSTed with libcurl to the address checked and pinned (net.c:
 * no loopback, private, link-local... target unless the administrator allows
 * them), signed as the Standard Webhooks specification says (webhook-id,
 * webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256>), retried on
 * the schedule of webhook_backoff, and the endpoint disabled after
 * WEBHOOK_DISABLE_AFTER failed attempts in a row.
 *
 * rules.c: kinds, the form's checks, the signature, the addresses, the
 * schedule (pure); net.c: resolving and checking a target; endpoints.c and
 * emit.c: the operations; deliver.c: the sender; store.c: the SQL;
 * routes.c: the handlers and the Feature. */
#ifndef GLOCAL_WEBHOOKS_H
#define GLOCAL_WEBHOOKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"

struct sockaddr;

/* ---------- rules.c (pure) ---------- */

/* A kind of event: its name ("meeting.scheduled") and what it means. */
typedef struct WebhookKind {
    const char *name;
    const char *help;
} WebhookKind;
extern const WebhookKind webhook_kinds[];
extern const size_t webhook_kind_count;
/* A delivery's status in the reader's language ("delivered", "livrée"). */
const char *webhook_status_label(const char *status);
bool webhook_kind_known(const char *name);
/* Whether the space-separated list `kinds` holds `kind`. */
bool webhook_kinds_has(const char *kinds, const char *kind);

/* Failed attempts of one delivery before it is given up (failed). */
#define WEBHOOK_ATTEMPTS 8
/* Failed attempts in a row (any delivery) after which an endpoint is disabled. */
#define WEBHOOK_DISABLE_AFTER 15
/* Seconds after a failed attempt `attempt` (1: the first) before the next:
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; -1 when it was the last. */
int64_t webhook_backoff(int attempt);

/* What an endpoint is registered with. */
typedef struct WebhookFields {
    const char *url, *description;
    const char *kinds[16];   /* the kinds ticked */
    int nkinds;
} WebhookFields;
/* The pieces of a target URL (arena strings). */
typedef struct WebhookTarget {
    const char *scheme;   /* "http" or "https" */
    const char *host;     /* a name or an address, without brackets */
    int port;
} WebhookTarget;
/* Parses an http(s) URL: 0, or -1 with a sentence in e (field "url"). */
int webhook_url_parse(Arena *a, const char *url, WebhookTarget *t, Err *e);
/* Checks the fields (problems noted per field) and joins the kinds (arena). */
const char *webhook_fields_check(Arena *a, const WebhookFields *f, FieldErrs *problems);
/* Whether an address is one a webhook may not reach unless allowed: loopback,
 * private, link-local, unique-local, multicast, unspecified, carrier-grade NAT,
 * documentation or reserved ranges (IPv4, IPv6, IPv4-mapped IPv6). */
bool webhook_addr_private(const struct sockaddr *sa);
/* The signature header's value for a message: "v1," + base64 of
 * HMAC-SHA256(key = base64-decoded secret after "whsec_",
 * "{id}.{timestamp}.{body}") (arena). NULL when the secret is malformed. */
const char *webhook_sign(Arena *a, const char *secret, const char *msg_id, int64_t timestamp, const char *body,
                         size_t body_len);
/* A new secret from 24 random bytes given: "whsec_" + base64 (arena). */
const char *webhook_secret_from(Arena *a, const unsigned char random[24]);

/* ---------- net.c ---------- */

/* Resolves the target's host and checks every address it has: 0 with the
 * first one in `ip` (text), or -1 with a sentence in e (E_INVALID, field
 * "url") when it does not resolve or, unless allow_private, any address is
 * one webhook_addr_private refuses. */
int webhook_target_check(const WebhookTarget *t, bool allow_private, char *ip, size_t ipsize, Err *e);

/* How a request made by webhook_http went. */
typedef struct WebhookHttp {
    long status;         /* the HTTP status, 0: no answer */
    char error[512];     /* "" for a 2xx answer, else what went wrong ("HTTP 500") */
    int64_t ms;          /* how long it took */
    bool too_large;      /* the answer was longer than the cap */
} WebhookHttp;
/* One request to `url` at the checked address `ip` of t, pinned
 * (CURLOPT_RESOLVE): a POST of `body`, or a GET when body is NULL, with the
 * NULL-terminated `headers` ("Name: value"); no redirect followed, no proxy,
 * 5 s to connect and 10 s in all. At most `cap` bytes of the answer are read,
 * into `answer` (NULL: counted, not kept; a longer answer still counts as a
 * 2xx then). */
void webhook_http(const WebhookTarget *t, const char *url, const char *ip, const char *const *headers, const char *body,
                  const char *agent, size_t cap, Buf *answer, WebhookHttp *o);

/* ---------- emit.c ---------- */

/* Inside a write transaction: queues one delivery of an event of `kind`
 * about chapter `chapter_id` (0: of no chapter) with `data` (borrowed: the
 * public API's representation of the object) to every enabled endpoint that
 * wants the kind — network endpoints, and the chapter's own. 0, or -1. */
int webhook_emit(DbConn *c, Err *e, const char *kind, int64_t chapter_id, json_t *data);
/* Whether any enabled endpoint wants `kind`: 1, 0, or -1 (before building a
 * costly representation). */
int webhook_listening(DbConn *c, Err *e, const char *kind);
/* The same for an event about several chapters (n of them, n may be 0): each
 * chapter's endpoints and the network's get it once. */
int webhook_emit_to(DbConn *c, Err *e, const char *kind, const int64_t *chapters, int n, json_t *data);

/* ---------- endpoints.c: the operations ---------- */

/* The setting that lets webhooks reach private and loopback addresses. */
#define WEBHOOK_ALLOW_PRIVATE "webhooks.allow_private"
bool webhook_private_allowed(DbConn *c, Arena *a);
int webhook_private_allow(DbConn *c, Err *e, bool allow);

/* Registers an endpoint (chapter_id 0: the network's); *id, *secret (arena) set. */
int webhook_register(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t by, const WebhookFields *f,
                     FieldErrs *problems, int64_t *id, const char **secret);
/* The operations on one endpoint of `chapter_id` (0: the network's). */
int webhook_rotate(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t id, const char **secret);
int webhook_enable(DbConn *c, Err *e, int64_t chapter_id, int64_t id, bool enabled);
int webhook_remove(DbConn *c, Err *e, int64_t chapter_id, int64_t id);
/* Queues a "webhook.test" event to this endpoint alone. */
int webhook_test(DbConn *c, Err *e, int64_t chapter_id, int64_t id);

/* Reads: the endpoints of a chapter (0: the network's; all: every endpoint)
 * with their latest deliveries and attempts (new reference). */
json_t *webhook_list(DbConn *c, Err *e, int64_t chapter_id, bool all);

/* ---------- deliver.c ---------- */

/* Feature.deliver: sends up to `max` due deliveries, each claimed first. */
int webhooks_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e);

/* ---------- routes.c: the handlers ---------- */
int webhooks_admin_index(Req *r);
int webhooks_admin_create(Req *r);
int webhooks_admin_settings(Req *r);
int webhooks_admin_rotate(Req *r);
int webhooks_admin_enable(Req *r);
int webhooks_admin_disable(Req *r);
int webhooks_admin_delete(Req *r);
int webhooks_admin_test(Req *r);
int webhooks_chapter_index(Req *r);
int webhooks_chapter_create(Req *r);
int webhooks_chapter_rotate(Req *r);
int webhooks_chapter_enable(Req *r);
int webhooks_chapter_disable(Req *r);
int webhooks_chapter_delete(Req *r);
int webhooks_chapter_test(Req *r);

extern const Feature webhooks_feature;

#endif
