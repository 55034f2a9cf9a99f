/* emit.c - an event becomes deliveries: one row of the queue per endpoint
 * that wants it, inside the transaction of the change it tells about. The
 * body is fixed now ({"type", "timestamp", "data"}), so every attempt sends
 * the same bytes, and the webhook-id ("msg_" + a random token) is kept with it. */
#include <stdlib.h>

#include "base/str.h"
#include "webhooks/store.h"

/* The body of an event of `kind` with `data` at `now` (malloc'd). */
static char *event_body(const char *kind, json_t *data, int64_t now)
{
    Arena a;
    arena_init(&a, 256);
    json_t *ev = json_pack("{s:s, s:s, s:O}", "type", kind, "timestamp", time_iso8601(&a, now), "data", data);
    char *body = json_dumps(ev, JSON_COMPACT);
    json_decref(ev);
    arena_release(&a);
    return body;
}

/* Queues the event to the endpoint `id` (inside db_write). */
static int queue_one(DbConn *c, Err *e, int64_t id, const char *kind, const char *body, int64_t now)
{
    Arena a;
    arena_init(&a, 256);
    const char *msg_id = arena_printf(&a, "msg_%s", token_new(&a));
    int rc = delivery_insert(c, e, id, msg_id, kind, body, now);
    arena_release(&a);
    return rc;
}

/* Whether an endpoint of chapter `owner` (0: the network's) hears of an event
 * about `chapters`: the network's hear of all, a chapter's of its own. */
static bool endpoint_hears(int64_t owner, const int64_t *chapters, int n)
{
    if (!owner) return true;
    for (int i = 0; i < n; i++)
        if (chapters[i] == owner) return true;
    return false;
}

int webhook_listening(DbConn *c, Err *e, const char *kind)
{
    json_t *eps = endpoints_listening(c, e);
    if (!eps) return -1;
    int any = 0;
    size_t i;
    json_t *ep;
    json_array_foreach(eps, i, ep) if (webhook_kinds_has(json_string_value(json_object_get(ep, "kinds")), kind)) any = 1;
    json_decref(eps);
    return any;
}

int webhook_emit(DbConn *c, Err *e, const char *kind, int64_t chapter_id, json_t *data)
{
    return webhook_emit_to(c, e, kind, &chapter_id, chapter_id ? 1 : 0, data);
}

int webhook_emit_to(DbConn *c, Err *e, const char *kind, const int64_t *chapters, int n, json_t *data)
{
    json_t *eps = endpoints_listening(c, e);
    if (!eps) return -1;
    int rc = 0;
    char *body = NULL;
    int64_t now = now_unix();
    size_t i;
    json_t *ep;
    json_array_foreach(eps, i, ep) {
        if (!webhook_kinds_has(json_string_value(json_object_get(ep, "kinds")), kind) ||
            !endpoint_hears(json_integer_value(json_object_get(ep, "chapter_id")), chapters, n))
            continue;
        if (!body && !(body = event_body(kind, data, now))) {
            rc = err_set(e, E_INTERNAL, "the event could not be written as JSON");
            break;
        }
        if ((rc = queue_one(c, e, json_integer_value(json_object_get(ep, "id")), kind, body, now)) < 0) break;
    }
    free(body);
    json_decref(eps);
    return rc;
}

typedef struct TestEvent {
    int64_t scope, id;
} TestEvent;

static int test_tx(DbConn *c, void *ctx, Err *e)
{
    TestEvent *t = ctx;
    json_t *row = NULL;
    int found = endpoint_find(c, e, t->scope, t->id, &row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such webhook.");
    bool enabled = json_is_true(json_object_get(row, "is_enabled"));
    json_decref(row);
    if (!enabled) return err_set(e, E_CONFLICT, "This webhook is disabled; enable it again before sending a test event.");
    json_t *data = json_pack("{s:s, s:I}", "message", "A test event, sent by hand from the webhooks page.", "endpoint_id",
                             (json_int_t)t->id);
    int64_t now = now_unix();
    char *body = event_body("webhook.test", data, now);
    json_decref(data);
    int rc = body ? queue_one(c, e, t->id, "webhook.test", body, now) : err_set(e, E_INTERNAL, "out of memory");
    free(body);
    return rc;
}

int webhook_test(DbConn *c, Err *e, int64_t chapter_id, int64_t id)
{
    TestEvent t = { chapter_id, id };
    return db_write(c, test_tx, &t, e);
}
