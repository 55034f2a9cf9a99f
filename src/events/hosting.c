/* hosting.c - making, changing and cancelling events. An event copies its
 * format's rule when it is made (changing the format never changes an event's
 * split), and its money waits in a basket under its host until it closes
 * (books.c). Changing the capacity moves people up from the waitlist;
 * cancelling reverses every payment and sponsorship. */
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/store.h"
#include "federation/federation.h"

int event_create_in(DbConn *c, Err *e, EventSpec *n)
{
    if (event_insert(c, e, &n->f, &n->id) < 0) return -1;
    json_error_t je;
    json_t *tiers = json_loads(n->tiers, 0, &je);
    size_t i;
    json_t *t;
    int rc = 0;
    json_array_foreach(tiers, i, t) {
        if (rc == 0)
            rc = tier_insert(c, e, n->id, json_string_value(json_object_get(t, "name")),
                             price_minor(json_string_value(json_object_get(t, "price"))),
                             json_string_value(json_object_get(t, "currency")), (int64_t)i,
                             json_is_true(json_object_get(t, "members_only")));
    }
    json_decref(tiers);
    for (int k = 0; rc == 0 && k < n->ncohosts; k++) rc = cohost_insert(c, e, n->id, n->cohosts[k]);
    /* the event's money waits in a basket of its host until the split */
    int64_t parent = 0, basket = 0;
    if (rc == 0) rc = account_of(c, e, n->host_kind, n->host_id, &parent);
    if (rc == 0) {
        char name[200];
        snprintf(name, sizeof name, "Event: %.80s (%s)", n->f.title, n->f.slug);
        rc = basket_insert(c, e, parent, name, "event", &basket);
    }
    if (rc == 0) rc = event_set_basket(c, e, n->id, basket);
    if (rc == 0) rc = event_index(c, e, n->id);
    if (rc == 0) rc = fed_event_changed(c, e, n->id, false);   /* to the host's followers elsewhere */
    return rc;
}

typedef struct Publish {
    EventSpec *n;
    Arena *arena;
} Publish;

/* A free slug from the title and the local date of the start. */
static int event_slug(DbConn *c, Err *e, Arena *a, EventFields *f)
{
    char date[11], hm[6];
    time_local_parts(f->starts_at, f->timezone, date, hm);
    const char *base = str_slugify(a, arena_printf(a, "%s %s", f->title, date));
    for (int k = 1; k < 100; k++) {
        const char *slug = k == 1 ? base : arena_printf(a, "%s-%d", base, k);
        int taken = event_slug_taken(c, e, slug);
        if (taken < 0) return -1;
        if (!taken) {
            f->slug = slug;
            return 0;
        }
    }
    return err_field(e, E_INVALID, "title", "Please choose a different title.");
}

static int publish_tx(DbConn *c, void *ctx, Err *e)
{
    Publish *p = ctx;
    if (!p->n->f.slug && event_slug(c, e, p->arena, &p->n->f) < 0) return -1;
    return event_create_in(c, e, p->n);
}

int event_publish(DbConn *c, Err *e, Arena *a, EventSpec *n)
{
    Publish p = { n, a };
    return db_write(c, publish_tx, &p, e);
}

typedef struct EventWrite {
    DbTxFn fn;
    void *ctx;
    int64_t event;
} EventWrite;

static int event_write_tx(DbConn *c, void *ctx, Err *e)
{
    EventWrite *w = ctx;
    if (db_lock(c, EVENT_LOCK_BASE + w->event, e) < 0) return -1;
    return w->fn(c, w->ctx, e);
}

int event_locked_write(DbConn *c, int64_t event, DbTxFn fn, void *ctx, Err *e)
{
    EventWrite w = { fn, ctx, event };
    return db_write_locked(c, LEDGER_LOCK_KEY, event_write_tx, &w, e);
}

/* Everyone's money goes back: paid tickets and sponsorships are reversed. */
static int refund_everyone(DbConn *c, Err *e, EventChange *ch, const Actor *actor)
{
    json_t *regs = event_registration_list(c, e, ch->id), *sponsors = NULL;
    int rc = -1;
    if (!regs) return -1;
    size_t i;
    json_t *g;
    json_array_foreach(regs, i, g) {
        int64_t tx = json_integer_value(json_object_get(g, "paid_tx")), rev = 0;
        if (!json_is_true(json_object_get(g, "is_paid")) || !tx) continue;
        if (ledger_reverse_entry(c, e, ch->arena, actor, tx, ch->by, &rev) < 0 ||
            registration_mark_refunded(c, e, json_integer_value(json_object_get(g, "id"))) < 0)
            goto done;
        ch->refunded++;
    }
    sponsors = event_sponsor_list(c, e, ch->id);
    if (!sponsors) goto done;
    json_array_foreach(sponsors, i, g) {
        int64_t tx = json_integer_value(json_object_get(g, "tx_id")), rev = 0;
        if (!tx || json_is_true(json_object_get(g, "is_refunded"))) continue;
        if (ledger_reverse_entry(c, e, ch->arena, actor, tx, ch->by, &rev) < 0) goto done;
        ch->refunded++;
    }
    rc = 0;
done:
    json_decref(regs);
    json_decref(sponsors);
    return rc;
}

static int change_tx(DbConn *c, void *ctx, Err *e)
{
    EventChange *ch = ctx;
    json_t *ev = NULL;
    int rc = -1;
    if (event_brief(c, e, ch->id, &ev) <= 0) return -1;
    if (!str_eq(json_string_value(json_object_get(ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "This event is %s; it can no longer be changed.", json_string_value(json_object_get(ev, "status")));
        goto done;
    }
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    Actor actor = event_actor(ch->by, &basket);
    bool was_public = str_eq(json_string_value(json_object_get(ev, "visibility")), "public");
    if (ch->cancel) {
        if (refund_everyone(c, e, ch, &actor) == 0 && event_set_status(c, e, ch->id, "cancelled") == 0 &&
            event_index(c, e, ch->id) == 0)   /* out of the search */
            rc = fed_event_changed(c, e, ch->id, was_public);
        goto done;
    }
    int64_t tickets = 0;
    if (event_ticket_count(c, e, ch->id, &tickets) < 0) goto done;
    if (ch->f.capacity < tickets) {
        err_field(e, E_CONFLICT, "capacity", "%lld people hold tickets; the capacity cannot go below that (cancel registrations first).",
                  (long long)tickets);
        goto done;
    }
    if (event_save(c, e, ch->id, &ch->f, ch->moved) < 0) goto done;
    int promoted = waitlist_promote(c, e, ch->id, ch->f.capacity, ch->public_url);
    if (promoted < 0) goto done;
    ch->promoted = promoted;
    if (event_index(c, e, ch->id) == 0) rc = fed_event_changed(c, e, ch->id, was_public);
done:
    json_decref(ev);
    return rc;
}

int event_change(DbConn *c, Err *e, EventChange *ch)
{
    return event_locked_write(c, ch->id, change_tx, ch, e);
}
