/* money.c - the money of events: confirmed ticket payments, sponsorships and
 * costs posted to the event's basket as they happen, the revenue split when
 * the event closes, the statement, connectors' earnings and the network's view
 * of every split.
 *
 * An event's money waits in a basket under its host (a chapter, or a place).
 * Closing divides what the basket holds, per currency, by the rule copied from
 * the format when the event was made: split_amount (rules.c) gives each party
 * its floor and hands the cents left over to the largest remainders, so the
 * parts always add up to the balance exactly. The parties are roles resolved
 * for the event: its organiser, the host, the co-hosting chapters (in equal
 * parts; the host's when there are none), the region and the country above
 * the host (the next one up when there is none) and the network. */
#include <string.h>

#include "base/log.h"
#include "base/zone.h"
#include "base/str.h"
#include "events/events.h"
#include "events/internal.h"
#include "events/store.h"
#include "ledger/ledger.h"
#include "meetings/meetings.h"
#include "web/app.h"

/* ---------- the split plan ---------- */

#define PLAN_MAX (SPLIT_MAX_PARTIES + 32)

typedef struct Share {
    const char *party;          /* organiser, host, cohosts, region, country, network */
    const char *unit_kind;      /* member, chapter, place, network */
    int64_t unit_ref, user_id, share, amount;
    const char *name;
} Share;

typedef struct Plan {
    Share s[PLAN_MAX];
    int n;
} Plan;

/* The unit a party resolves to for this event (the cohosts are listed apart). */
static void party_unit(Arena *a, const char *party, json_t *ev, json_t *chain, Share *out)
{
    int64_t chapter = json_integer_value(json_object_get(ev, "chapter_id"));
    out->unit_kind = "network";
    out->unit_ref = 0;
    out->name = "The network";
    out->user_id = 0;
    if (str_eq(party, "organiser")) {
        out->unit_kind = "member";
        out->unit_ref = out->user_id = json_integer_value(json_object_get(ev, "organiser_id"));
        out->name = arena_strdup(a, json_string_value(json_object_get(ev, "organiser")));
        return;
    }
    if (str_eq(party, "host") || str_eq(party, "cohosts")) {
        if (chapter) {
            out->unit_kind = "chapter";
            out->unit_ref = chapter;
            out->name = arena_strdup(a, json_string_value(json_object_get(ev, "chapter")));
        } else {
            out->unit_kind = "place";
            out->unit_ref = json_integer_value(json_object_get(ev, "place_id"));
            out->name = arena_strdup(a, json_string_value(json_object_get(ev, "place")));
        }
        return;
    }
    if (str_eq(party, "network")) return;
    /* region: the nearest region above (or at) the host, else the country; country: the nearest country;
     * the network when there is none */
    const char *want[2] = { str_eq(party, "region") ? "region" : "country", "country" };
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *p;
        json_array_foreach(chain, i, p) {
            if (str_eq(json_string_value(json_object_get(p, "kind")), want[k])) {
                out->unit_kind = "place";
                out->unit_ref = json_integer_value(json_object_get(p, "id"));
                out->name = arena_strdup(a, json_string_value(json_object_get(p, "name")));
                return;
            }
        }
    }
}

/* Divides `amount` by the event's rule into a plan of shares. */
static int split_plan(DbConn *c, Err *e, Arena *a, json_t *ev, int64_t amount, Plan *plan)
{
    SplitRule rule;
    memset(plan, 0, sizeof *plan);
    if (split_rule_parse(json_string_value(json_object_get(ev, "split_rule")), &rule, e) < 0) return -1;
    json_t *chain = place_chain(c, e, json_integer_value(json_object_get(ev, "host_place_id")));
    if (!chain) return -1;
    json_t *cohosts = event_cohosts(c, e, json_integer_value(json_object_get(ev, "id")));
    if (!cohosts) {
        json_decref(chain);
        return -1;
    }
    int64_t parts[SPLIT_MAX_PARTIES];
    split_amount(amount, rule.share, rule.n, parts);
    for (int i = 0; i < rule.n; i++) {
        size_t nco = json_array_size(cohosts);
        if (str_eq(rule.party[i], "cohosts") && nco > 0) {
            /* equal parts among the co-hosts, exact to the cent: the first (part mod m) get a cent more */
            int m = nco > PLAN_MAX - SPLIT_MAX_PARTIES ? PLAN_MAX - SPLIT_MAX_PARTIES : (int)nco;
            int64_t q = parts[i] / m, rest = parts[i] % m;
            for (int k = 0; k < m && plan->n < PLAN_MAX; k++) {
                json_t *co = json_array_get(cohosts, (size_t)k);
                int64_t bp = rule.share[i] / m + (k < rule.share[i] % m ? 1 : 0);
                plan->s[plan->n++] = (Share){ "cohosts", "chapter", json_integer_value(json_object_get(co, "id")), 0, bp,
                                              q + (k < rest ? 1 : 0), arena_strdup(a, json_string_value(json_object_get(co, "name"))) };
            }
            continue;
        }
        Share *s = &plan->s[plan->n++];
        party_unit(a, rule.party[i], ev, chain, s);
        s->party = rule.party[i];
        s->share = rule.share[i];
        s->amount = parts[i];
    }
    json_decref(chain);
    json_decref(cohosts);
    return 0;
}

static json_t *plan_json(Arena *a, const Plan *p, const char *currency, int64_t decimals)
{
    json_t *out = json_array();
    for (int i = 0; i < p->n; i++) {
        const Share *s = &p->s[i];
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:I}", "party", s->party, "label",
                                             split_party_label(s->party), "account", s->name, "share", (json_int_t)s->share,
                                             "percent", arena_printf(a, "%lld.%02lld", (long long)s->share / 100, (long long)s->share % 100),
                                             "amount", (json_int_t)s->amount, "currency", currency, "amount_text",
                                             money_text(a, s->amount, currency, decimals), "decimals", (json_int_t)decimals));
    }
    return out;
}

/* ---------- payments, sponsors, costs ---------- */

static const char *today(Arena *a)
{
    return time_iso_date(a, now_unix());
}

/* The event, inside the transaction, still open for money. */
static int open_event(DbConn *c, Err *e, int64_t id, json_t **ev)
{
    if (event_brief(c, e, id, ev) <= 0) return -1;
    if (!str_eq(json_string_value(json_object_get(*ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "The event is %s; its books are settled.", json_string_value(json_object_get(*ev, "status")));
        json_decref(*ev);
        *ev = NULL;
        return -1;
    }
    return 0;
}

/* The name of an event's basket carries its title: it may be read by those
 * who may see the event (as event_load decides). */
static int basket_visible(DbConn *c, Err *e, int64_t basket, const Viewer *v, bool *visible)
{
    json_t *ev = NULL;
    int found = event_by_basket(c, e, basket, &ev);
    if (found < 0) return -1;
    const char *vis = json_string_value(json_object_get(ev, "visibility"));
    int64_t chapter = json_integer_value(json_object_get(ev, "chapter_id"));
    bool member = false;
    for (int i = 0; i < v->nmember; i++)
        if (v->member_of[i] == chapter) member = true;
    *visible = !found || v->admin || str_eq(vis, "public") || (v->user_id && str_eq(vis, "network")) ||
               (v->user_id && json_integer_value(json_object_get(ev, "organiser_id")) == v->user_id) ||
               (str_eq(vis, "chapter") && chapter && member);
    json_decref(ev);
    return 0;
}

void events_register(void)
{
    ledger_basket_rule("event", basket_visible);
}

Actor event_actor(int64_t by, const int64_t *basket)
{
    return (Actor){ .user_id = by, .baskets = basket, .nbaskets = 1 };
}

int event_pay(DbConn *c, Err *e, Arena *a, int64_t event, int64_t registration, int64_t by, const char *day, int64_t *tx)
{
    json_t *ev = NULL, *g = NULL;
    int rc = -1;
    if (open_event(c, e, event, &ev) < 0) return -1;
    int found = registration_get(c, e, event, registration, &g);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such registration for this event.");
        goto done;
    }
    const char *name = json_string_value(json_object_get(g, "name"));
    int64_t price = json_integer_value(json_object_get(g, "price"));
    if (!str_eq(json_string_value(json_object_get(g, "status")), "ticket")) {
        err_set(e, E_CONFLICT, "%s has no ticket (%s); only tickets are paid.", name, json_string_value(json_object_get(g, "status")));
        goto done;
    }
    if (price <= 0) {
        err_set(e, E_CONFLICT, "%s's ticket is free; there is nothing to pay.", name);
        goto done;
    }
    if (json_is_true(json_object_get(g, "is_paid"))) {
        err_set(e, E_CONFLICT, "%s's ticket is paid already.", name);
        goto done;
    }
    int64_t payer = 0, user = json_integer_value(json_object_get(g, "user_id")), org = 0;
    if (user ? account_of(c, e, "member", user, &payer) < 0
             : (guests_organisation(c, e, &org) < 0 || account_of(c, e, "organisation", org, &payer) < 0))
        goto done;
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    const char *cur = json_string_value(json_object_get(g, "currency"));
    Entry x = {
        .kind = "income",
        .description = arena_printf(a, "Ticket (%s): %s", json_string_value(json_object_get(g, "tier")),
                                    json_string_value(json_object_get(ev, "title"))),
        .category = "tickets",
        .occurred_on = day ? day : today(a),
        .visibility = "parties",
        .payer_id = payer,
        .recipient_id = basket,
        .recorded_by = by,
        .recorded_at = now_unix(),
        .npostings = 2,
    };
    x.postings[0] = (Posting){ payer, cur, -price, 0, NULL, NULL, NULL };
    x.postings[1] = (Posting){ basket, cur, price, 0, NULL, NULL, NULL };
    bool existing;
    Actor actor = event_actor(by, &basket);
    if (ledger_append(c, e, &actor, &x, NULL, tx, &existing) < 0) goto done;
    rc = registration_mark_paid(c, e, registration, *tx) < 0 ? -1 : 0;
done:
    json_decref(ev);
    json_decref(g);
    return rc;
}

static const char *desk_url(Req *r)
{
    return req_printf(r, "/events/%s/registrations", ev_str(r, "slug"));
}

typedef struct Paid {
    int64_t event, id, by, tx;
    Arena *arena;
} Paid;

static int paid_tx(DbConn *c, void *ctx, Err *e)
{
    Paid *p = ctx;
    return event_pay(c, e, p->arena, p->event, p->id, p->by, NULL, &p->tx);
}

int registration_paid(Req *r)
{
    Err e = { 0 };
    Paid p = { .event = r->object_id, .id = req_id(r, "registration"), .by = r->me.id, .arena = r->arena };
    if (!p.id) return req_fail(r, E_NOT_FOUND, "There is no such registration for this event.");
    if (event_write(r, paid_tx, &p, &e) < 0) return req_fail_err(r, &e);
    log_info("events: registration %lld paid (transaction %lld)", (long long)p.id, (long long)p.tx);
    req_set(r, "registration", json_pack("{s:I, s:b, s:I}", "id", (json_int_t)p.id, "is_paid", 1, "paid_tx", (json_int_t)p.tx));
    return req_redirect(r, desk_url(r), "The payment is recorded: the ticket's price is in the event's basket.");
}

int event_sponsorship(DbConn *c, Err *e, Arena *a, const Sponsorship *s, int64_t *tx)
{
    json_t *ev = NULL, *org = NULL;
    int rc = -1;
    if (open_event(c, e, s->event, &ev) < 0) return -1;
    int found = organisation_by_slug(c, e, s->org, &org);
    if (found <= 0) {
        if (!found) err_field(e, E_INVALID, "organisation", "There is no organisation called \"%s\"; add it under Organisations first.", s->org);
        goto done;
    }
    int64_t payer = 0, basket = json_integer_value(json_object_get(ev, "basket_id"));
    if (account_of(c, e, "organisation", json_integer_value(json_object_get(org, "id")), &payer) < 0) goto done;
    Entry x = {
        .kind = "income",
        .description = arena_printf(a, "Sponsorship (%s) by %s: %s", s->package, json_string_value(json_object_get(org, "name")),
                                    json_string_value(json_object_get(ev, "title"))),
        .category = "sponsorship",
        .occurred_on = s->day ? s->day : today(a),
        .visibility = "public",
        .payer_id = payer,
        .recipient_id = basket,
        .recorded_by = s->by,
        .recorded_at = now_unix(),
        .npostings = 2,
    };
    x.postings[0] = (Posting){ payer, s->currency, -s->amount, 0, NULL, NULL, NULL };
    x.postings[1] = (Posting){ basket, s->currency, s->amount, 0, NULL, NULL, NULL };
    bool existing;
    Actor actor = event_actor(s->by, &basket);
    if (ledger_append(c, e, &actor, &x, NULL, tx, &existing) < 0) goto done;
    rc = sponsor_insert(c, e, s->event, json_integer_value(json_object_get(org, "id")), s->package, s->amount, s->currency,
                        s->placement, *tx);
done:
    json_decref(ev);
    json_decref(org);
    return rc;
}

/* The packages of the event's format: a new reference (an empty list if none). */
static json_t *event_packages(Req *r)
{
    Err e = { 0 };
    json_t *app = NULL;
    json_t *list = NULL;
    if (app_by_slug(r->db, &e, ev_str(r, "app_slug"), &app) > 0) {
        json_error_t je;
        list = json_loads(json_string_value(json_object_get(app, "packages")), 0, &je);
    }
    json_decref(app);
    if (!json_is_array(list)) {
        json_decref(list);
        list = json_array();
    }
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        int64_t minor = price_minor(json_string_value(json_object_get(p, "price")));
        json_object_set_new(p, "price_text", json_string(money_text(r->arena, minor, json_string_value(json_object_get(p, "currency")), 2)));
    }
    return list;
}

static int desk_invalid(Req *r, const char *field, const Err *e)
{
    req_error(r, field, "%s", e->msg);
    if (r->api && e->code && e->code != E_INVALID) {
        /* a conflict keeps its status, and names its field like a 422 does */
        r->err.code = e->code;
        snprintf(r->err.msg, sizeof r->err.msg, "%s", e->msg);
        return -1;
    }
    if (r->api) return req_invalid(r, "events/desk");
    if (event_registrations(r) < 0) return -1;
    int code = e->code ? e->code : E_INVALID;
    req_invalid(r, "events/desk");
    r->err.code = code;
    return -1;
}

/* A desk form with field errors: the API answers 422, the page shows the desk again. */
static int desk_errors(Req *r)
{
    if (!r->api && event_registrations(r) < 0) return -1;
    return req_invalid(r, "events/desk");
}

/* Runs a desk form's writer; a refusal that names a field is shown at that field. */
static int desk_write(Req *r, DbTxFn fn, void *ctx)
{
    Err e = { 0 };
    if (event_write(r, fn, ctx, &e) == 0) return 0;
    if (e.field[0]) return desk_invalid(r, e.field, &e);
    return req_fail_err(r, &e);
}

typedef struct SponsorCtx {
    Sponsorship s;
    int64_t tx;
    Arena *arena;
} SponsorCtx;

static int sponsor_tx(DbConn *c, void *ctx, Err *e)
{
    SponsorCtx *k = ctx;
    return event_sponsorship(c, e, k->arena, &k->s, &k->tx);
}

int event_sponsor(Req *r)
{
    SponsorCtx k = { .s = { .event = r->object_id, .by = r->me.id }, .arena = r->arena };
    Sponsorship s = k.s;
    s.org = req_input(r, "organisation");
    s.package = req_input(r, "package");
    if (str_empty(s.org)) req_error(r, "organisation", "Choose the sponsoring organisation.");
    json_t *packages = event_packages(r);
    size_t i;
    json_t *p;
    json_array_foreach(packages, i, p) {
        if (!str_eq(json_string_value(json_object_get(p, "name")), s.package)) continue;
        s.amount = price_minor(json_string_value(json_object_get(p, "price")));
        s.currency = req_printf(r, "%s", json_string_value(json_object_get(p, "currency")));
        s.placement = req_printf(r, "%s", json_string_value(json_object_get(p, "placement")));
    }
    json_decref(packages);
    if (!s.currency) req_error(r, "package", "Choose one of the format's sponsor packages.");
    if (req_has_errors(r)) return desk_errors(r);
    k.s = s;
    if (desk_write(r, sponsor_tx, &k) < 0) return -1;
    log_info("events: %s sponsors %s (%s)", s.org, ev_str(r, "slug"), s.package);
    req_set(r, "sponsorship", json_pack("{s:s, s:s, s:I, s:s, s:s, s:I}", "organisation_slug", s.org, "package", s.package, "amount",
                                        (json_int_t)s.amount, "currency", s.currency, "placement", s.placement, "tx_id", (json_int_t)k.tx));
    return req_created(r, desk_url(r), "The sponsorship is recorded; the sponsor shows on the event page as the package says.");
}

int event_cost_pay(DbConn *c, Err *e, Arena *a, const EventCost *k, int64_t *tx)
{
    json_t *ev = NULL;
    int rc = -1;
    if (open_event(c, e, k->event, &ev) < 0) return -1;
    AccountRef ref;
    int64_t payee = 0, basket = json_integer_value(json_object_get(ev, "basket_id"));
    if (account_ref_parse(a, k->payee, &ref, e) < 0 || account_resolve(c, e, &ref, &payee) < 0) {
        e->code = E_INVALID;
        snprintf(e->field, sizeof e->field, "payee");
        goto done;
    }
    if (payee == basket) {
        err_field(e, E_INVALID, "payee", "The basket cannot pay itself.");
        goto done;
    }
    Entry x = {
        .kind = "basket_spending",
        .description = arena_printf(a, "%s: %s", json_string_value(json_object_get(ev, "title")), k->description),
        .category = k->category,
        .occurred_on = k->day ? k->day : today(a),
        .visibility = "network",
        .payer_id = basket,
        .recipient_id = payee,
        .approved_by = k->by,
        .recorded_by = k->by,
        .recorded_at = now_unix(),
        .npostings = 2,
    };
    x.postings[0] = (Posting){ basket, k->currency, -k->amount, 0, NULL, NULL, NULL };
    x.postings[1] = (Posting){ payee, k->currency, k->amount, 0, NULL, NULL, NULL };
    bool existing;
    Actor actor = event_actor(k->by, &basket);
    rc = ledger_append(c, e, &actor, &x, NULL, tx, &existing);
    /* the gate's refusals name no field: here they are about the amount or the payee */
    if (rc < 0 && !e->field[0]) snprintf(e->field, sizeof e->field, "%s", e->code == E_FORBIDDEN ? "payee" : "amount");
done:
    json_decref(ev);
    return rc;
}

typedef struct CostCtx {
    EventCost k;
    int64_t tx;
    Arena *arena;
} CostCtx;

static int cost_tx(DbConn *c, void *ctx, Err *e)
{
    CostCtx *x = ctx;
    return event_cost_pay(c, e, x->arena, &x->k, &x->tx);
}

int event_cost(Req *r)
{
    Err e = { 0 };
    CostCtx x = { .k = { .event = r->object_id, .by = r->me.id }, .arena = r->arena };
    EventCost k = x.k;
    k.payee = req_input(r, "payee");
    k.currency = req_input(r, "currency");
    k.description = req_input(r, "description");
    k.category = req_input(r, "category");
    if (str_empty(k.currency)) k.currency = "EUR";
    if (str_empty(k.category)) k.category = "event";
    if (str_empty(k.payee)) req_error(r, "payee", "Say who is paid: org:their-slug or member:their-number.");
    if (str_empty(k.description)) req_error(r, "description", "Say what was paid for, e.g. \"Room hire\".");
    else if (str_utf8_len(k.description) > 200) req_error(r, "description", "Please keep it under 200 characters.");
    if (str_utf8_len(k.category) > 80) req_error(r, "category", "Please keep the category under 80 characters.");
    int known = currency_known(r->db, &e, k.currency);
    if (known < 0) return req_fail_err(r, &e);
    if (!known) req_error(r, "currency", "%s is not a currency the books keep.", k.currency);
    else if (amount_parse(req_input(r, "amount"), "money", 2, &k.amount, &e) < 0) req_error(r, "amount", "%s", e.msg);
    else if (k.amount == 0) req_error(r, "amount", "A cost is more than nothing.");
    if (req_has_errors(r)) return desk_errors(r);
    x.k = k;
    if (desk_write(r, cost_tx, &x) < 0) return -1;
    req_set(r, "cost", json_pack("{s:I, s:s, s:I}", "amount", (json_int_t)k.amount, "currency", k.currency, "tx_id", (json_int_t)x.tx));
    return req_created(r, desk_url(r), "The cost is paid from the event's basket.");
}

/* ---------- closing and the split ---------- */

int event_close_books(DbConn *c, Err *e, Arena *a, int64_t event, int64_t by, const char *day, int *posted)
{
    json_t *ev = NULL, *holdings = NULL;
    int rc = -1;
    *posted = 0;
    if (open_event(c, e, event, &ev) < 0) return -1;
    if (json_integer_value(json_object_get(ev, "starts_at")) > now_unix()) {
        err_set(e, E_CONFLICT, "The event has not started yet; close it once it is over (or cancel it).");
        goto done;
    }
    int64_t basket = json_integer_value(json_object_get(ev, "basket_id"));
    holdings = account_balances(c, e, basket);
    if (!holdings) goto done;
    size_t i;
    json_t *h;
    json_array_foreach(holdings, i, h) {
        int64_t balance = json_integer_value(json_object_get(h, "balance"));
        const char *cur = json_string_value(json_object_get(h, "resource"));
        if (balance <= 0) continue;
        Plan plan;
        if (split_plan(c, e, a, ev, balance, &plan) < 0) goto done;
        Entry x = {
            .kind = "transfer",
            .description = arena_printf(a, "Revenue split of %s", json_string_value(json_object_get(ev, "title"))),
            .category = "event split",
            .occurred_on = day ? day : today(a),
            .visibility = "network",
            .payer_id = basket,
            .recorded_by = by,
            .recorded_at = now_unix(),
        };
        x.postings[x.npostings++] = (Posting){ basket, cur, -balance, 0, NULL, NULL, NULL };
        int64_t accounts[PLAN_MAX];
        for (int s = 0; s < plan.n; s++) {
            accounts[s] = 0;
            if (plan.s[s].amount == 0) continue;
            if (account_of(c, e, plan.s[s].unit_kind, plan.s[s].unit_ref, &accounts[s]) < 0) goto done;
            /* one posting per account, even when two roles meet in one unit */
            Posting *to = NULL;
            for (int q = 1; q < x.npostings; q++)
                if (x.postings[q].account_id == accounts[s]) to = &x.postings[q];
            if (to) to->amount += plan.s[s].amount;
            else if (x.npostings < LEDGER_MAX_POSTINGS)
                x.postings[x.npostings++] = (Posting){ accounts[s], cur, plan.s[s].amount, 0, NULL, NULL, NULL };
            if (!x.recipient_id || str_eq(plan.s[s].party, "host")) x.recipient_id = accounts[s];
        }
        int64_t tx = 0;
        bool existing;
        Actor actor = event_actor(by, &basket);
        if (ledger_append(c, e, &actor, &x, NULL, &tx, &existing) < 0) goto done;
        for (int s = 0; s < plan.n; s++) {
            if (!accounts[s]) continue;
            if (share_insert(c, e, event, plan.s[s].party, accounts[s], plan.s[s].user_id, plan.s[s].share, plan.s[s].amount, cur, tx) < 0)
                goto done;
        }
        (*posted)++;
    }
    rc = event_mark_closed(c, e, event) < 0 ? -1 : 0;
done:
    json_decref(ev);
    json_decref(holdings);
    return rc;
}

typedef struct Close {
    int64_t event, by;
    int posted;
    Arena *arena;
} Close;

static int close_tx(DbConn *c, void *ctx, Err *e)
{
    Close *k = ctx;
    return event_close_books(c, e, k->arena, k->event, k->by, NULL, &k->posted);
}

int event_close(Req *r)
{
    Err e = { 0 };
    Close k = { .event = r->object_id, .by = r->me.id, .arena = r->arena };
    if (event_write(r, close_tx, &k, &e) < 0) return req_fail_err(r, &e);
    log_info("events: %s closed (%d split%s posted)", ev_str(r, "slug"), k.posted, k.posted == 1 ? "" : "s");
    Err e2 = { 0 };
    json_t *shares = event_share_list(r->db, &e2, r->object_id);
    if (shares) req_set(r, "shares", shares);
    return req_redirect(r, req_printf(r, "/events/%s/statement", ev_str(r, "slug")),
                        k.posted ? "The event is closed and its net income shared out: every party's share is in the books."
                                 : "The event is closed. It had no net income to share.");
}

/* ---------- the statement ---------- */

typedef struct Sums {
    char currency[8];
    int64_t decimals, tickets, tickets_n, sponsorship, refunds, costs, shared, other;
} Sums;

static Sums *sums_for(Sums *s, int *n, const char *cur, int64_t decimals)
{
    for (int i = 0; i < *n; i++)
        if (str_eq(s[i].currency, cur)) return &s[i];
    if (*n >= 8) return &s[7];
    Sums *x = &s[(*n)++];
    memset(x, 0, sizeof *x);
    snprintf(x->currency, sizeof x->currency, "%s", cur);
    x->decimals = decimals;
    return x;
}

int event_statement(Req *r)
{
    Err e = { 0 };
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    req_set(r, "event", ev);
    json_t *moves = basket_movements(r->db, &e, ev_int(r, "basket_id"));
    if (!moves) return req_fail_err(r, &e);
    Sums sums[8];
    int nsums = 0;
    json_t *costs = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(moves, i, m) {
        const char *kind = json_string_value(json_object_get(m, "kind"));
        const char *cat = json_string_value(json_object_get(m, "category"));
        int64_t amount = json_integer_value(json_object_get(m, "amount"));
        int64_t dec = json_integer_value(json_object_get(m, "decimals"));
        const char *cur = json_string_value(json_object_get(m, "resource"));
        Sums *s = sums_for(sums, &nsums, cur, dec);
        if (str_eq(kind, "income") && str_eq(cat, "tickets")) {
            s->tickets += amount;
            s->tickets_n++;
        } else if (str_eq(kind, "income") && str_eq(cat, "sponsorship")) {
            s->sponsorship += amount;
        } else if (str_eq(kind, "reversal")) {
            s->refunds += -amount;
        } else if (str_eq(kind, "basket_spending")) {
            s->costs += -amount;
            json_array_append_new(costs, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "seq", json_integer_value(json_object_get(m, "seq")),
                                                   "description", json_string_value(json_object_get(m, "description")), "category", cat,
                                                   "occurred_on", json_string_value(json_object_get(m, "occurred_on")), "amount",
                                                   (json_int_t)-amount, "currency", cur, "amount_text",
                                                   money_text(r->arena, -amount, cur, dec)));
        } else if (str_eq(kind, "transfer") && amount < 0) {
            s->shared += -amount;
        } else {
            s->other += amount;
        }
    }
    json_decref(moves);
    json_t *totals = json_array();
    json_t *preview = json_array();
    bool open = str_eq(ev_str(r, "status"), "open");
    json_t *brief = NULL;
    if (open && event_brief(r->db, &e, r->object_id, &brief) < 0) return req_fail_err(r, &e);
    for (int k = 0; k < nsums; k++) {
        Sums *s = &sums[k];
        int64_t net = s->tickets + s->sponsorship - s->refunds - s->costs + s->other;
        Arena *a = r->arena;
        json_array_append_new(totals, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                                                "currency", s->currency, "tickets", (json_int_t)s->tickets, "tickets_paid",
                                                (json_int_t)s->tickets_n, "sponsorship", (json_int_t)s->sponsorship, "refunds",
                                                (json_int_t)s->refunds, "costs", (json_int_t)s->costs, "net", (json_int_t)net, "shared",
                                                (json_int_t)s->shared, "held", (json_int_t)(net - s->shared),
                                                "tickets_text", money_text(a, s->tickets, s->currency, s->decimals),
                                                "sponsorship_text", money_text(a, s->sponsorship, s->currency, s->decimals),
                                                "refunds_text", money_text(a, s->refunds, s->currency, s->decimals),
                                                "costs_text", money_text(a, s->costs, s->currency, s->decimals),
                                                "net_text", money_text(a, net, s->currency, s->decimals),
                                                "shared_text", money_text(a, s->shared, s->currency, s->decimals),
                                                "held_text", money_text(a, net - s->shared, s->currency, s->decimals)));
        if (open && net > 0) {
            Plan plan;
            if (split_plan(r->db, &e, r->arena, brief, net, &plan) < 0) {
                json_decref(brief);
                json_decref(totals);
                json_decref(preview);
                json_decref(costs);
                return req_fail_err(r, &e);
            }
            json_t *list = plan_json(r->arena, &plan, s->currency, s->decimals);
            size_t q;
            json_t *x;
            json_array_foreach(list, q, x) json_array_append(preview, x);
            json_decref(list);
        }
    }
    json_decref(brief);
    req_set(r, "totals", totals);
    req_set(r, "costs", costs);
    json_t *sponsors = event_sponsor_list(r->db, &e, r->object_id);
    if (!sponsors) return req_fail_err(r, &e);
    json_t *s;
    json_array_foreach(sponsors, i, s)
        json_object_set_new(s, "amount_text", json_string(money_text(r->arena, json_integer_value(json_object_get(s, "amount")),
                                                                      json_string_value(json_object_get(s, "currency")),
                                                                      json_integer_value(json_object_get(s, "decimals")))));
    req_set(r, "sponsors", sponsors);
    json_t *shares = event_share_list(r->db, &e, r->object_id);
    if (!shares) return req_fail_err(r, &e);
    json_array_foreach(shares, i, s) {
        int64_t bp = json_integer_value(json_object_get(s, "share"));
        json_object_set_new(s, "label", json_string(split_party_label(json_string_value(json_object_get(s, "party")))));
        json_object_set_new(s, "percent", json_string(req_printf(r, "%lld.%02lld", (long long)bp / 100, (long long)bp % 100)));
        json_object_set_new(s, "amount_text", json_string(money_text(r->arena, json_integer_value(json_object_get(s, "amount")),
                                                                      json_string_value(json_object_get(s, "currency")),
                                                                      json_integer_value(json_object_get(s, "decimals")))));
    }
    req_set(r, "shares", shares);
    req_set(r, "projected_shares", preview);
    req_set_bool(r, "_is_manager", r->object_manager);
    return req_page(r, "events/statement");
}

/* ---------- the desk's money ---------- */

int desk_money_model(Req *r)
{
    Err e = { 0 };
    req_set(r, "packages", event_packages(r));
    json_t *sponsors = event_sponsor_list(r->db, &e, r->object_id);
    if (!sponsors) return req_fail_err(r, &e);
    size_t i;
    json_t *s;
    json_array_foreach(sponsors, i, s)
        json_object_set_new(s, "amount_text", json_string(money_text(r->arena, json_integer_value(json_object_get(s, "amount")),
                                                                      json_string_value(json_object_get(s, "currency")),
                                                                      json_integer_value(json_object_get(s, "decimals")))));
    req_set(r, "sponsors", sponsors);
    json_t *held = account_balances(r->db, &e, ev_int(r, "basket_id"));
    if (!held) return req_fail_err(r, &e);
    json_array_foreach(held, i, s)
        json_object_set_new(s, "balance_text", json_string(money_text(r->arena, json_integer_value(json_object_get(s, "balance")),
                                                                       json_string_value(json_object_get(s, "resource")),
                                                                       json_integer_value(json_object_get(s, "decimals")))));
    req_set(r, "basket", json_pack("{s:I, s:o}", "id", (json_int_t)ev_int(r, "basket_id"), "holdings", held));
    if (!r->api) {
        json_t *orgs = organisation_options(r->db, &e);
        if (!orgs) return req_fail_err(r, &e);
        req_set(r, "_organisations", orgs);
        req_set_bool(r, "_has_started", ev_int(r, "starts_at") <= now_unix());
    }
    return 0;
}

/* ---------- earnings ---------- */

/* Totals per currency of rows with amount/currency/decimals: [{currency, amount, amount_text}]. */
static json_t *totals_by_currency(Req *r, json_t *rows)
{
    json_t *out = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *cur = json_string_value(json_object_get(x, "currency"));
        json_t *t = NULL;
        size_t k;
        json_t *y;
        json_array_foreach(out, k, y) if (str_eq(json_string_value(json_object_get(y, "currency")), cur)) t = y;
        if (!t) {
            t = json_pack("{s:s, s:I, s:I}", "currency", cur, "amount", (json_int_t)0, "decimals", json_integer_value(json_object_get(x, "decimals")));
            json_array_append_new(out, t);
        }
        json_object_set_new(t, "amount", json_integer(json_integer_value(json_object_get(t, "amount")) + json_integer_value(json_object_get(x, "amount"))));
    }
    json_array_foreach(out, i, x)
        json_object_set_new(x, "amount_text", json_string(money_text(r->arena, json_integer_value(json_object_get(x, "amount")),
                                                                      json_string_value(json_object_get(x, "currency")),
                                                                      json_integer_value(json_object_get(x, "decimals")))));
    return out;
}

static void amounts_decorate(Req *r, json_t *rows)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        int64_t bp = json_integer_value(json_object_get(x, "share"));
        json_object_set_new(x, "amount_text", json_string(money_text(r->arena, json_integer_value(json_object_get(x, "amount")),
                                                                      json_string_value(json_object_get(x, "currency")),
                                                                      json_integer_value(json_object_get(x, "decimals")))));
        json_object_set_new(x, "percent", json_string(req_printf(r, "%lld.%02lld", (long long)bp / 100, (long long)bp % 100)));
        const char *party = json_string_value(json_object_get(x, "party"));
        if (party) json_object_set_new(x, "label", json_string(split_party_label(party)));
        int64_t at = json_integer_value(json_object_get(x, "closed_at"));
        if (at) json_object_set_new(x, "closed_on", json_string(time_iso_date(r->arena, at)));
    }
}

int my_events(Req *r)
{
    Err e = { 0 };
    json_t *tickets = my_registrations(r->db, &e, r->me.id, now_unix() - 86400);
    if (!tickets) return req_fail_err(r, &e);
    size_t i;
    json_t *t;
    json_array_foreach(tickets, i, t) {
        json_object_set_new(t, "starts_local", json_string(time_local_text(r->arena, json_integer_value(json_object_get(t, "starts_at")),
                                                                            json_string_value(json_object_get(t, "timezone")))));
        json_object_set_new(t, "is_waitlist", json_boolean(str_eq(json_string_value(json_object_get(t, "status")), "waitlist")));
    }
    req_set(r, "tickets", tickets);
    json_t *organised = events_organised(r->db, &e, r->me.id);
    if (!organised) return req_fail_err(r, &e);
    event_decorate_all(r, organised);
    req_set(r, "organised", organised);
    json_t *earnings = user_earnings(r->db, &e, r->me.id);
    if (!earnings) return req_fail_err(r, &e);
    amounts_decorate(r, earnings);
    req_set(r, "earnings_total", totals_by_currency(r, earnings));
    req_set(r, "earnings", earnings);
    return req_page(r, "events/mine");
}

int events_splits(Req *r)
{
    Err e = { 0 };
    json_t *rows = all_shares(r->db, &e, r->me.id, r->me.is_admin, 2000);
    if (!rows) return req_fail_err(r, &e);
    amounts_decorate(r, rows);
    /* per currency: the total to each party, and its part of the whole for the chart */
    json_t *by = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *cur = json_string_value(json_object_get(x, "currency"));
        const char *party = json_string_value(json_object_get(x, "party"));
        json_t *group = NULL, *slot = NULL;
        size_t k;
        json_t *y;
        json_array_foreach(by, k, y) if (str_eq(json_string_value(json_object_get(y, "currency")), cur)) group = y;
        if (!group) {
            group = json_pack("{s:s, s:I, s:I, s:[]}", "currency", cur, "decimals", json_integer_value(json_object_get(x, "decimals")), "total",
                              (json_int_t)0, "parties");
            json_array_append_new(by, group);
        }
        json_array_foreach(json_object_get(group, "parties"), k, y) if (str_eq(json_string_value(json_object_get(y, "party")), party)) slot = y;
        if (!slot) {
            slot = json_pack("{s:s, s:s, s:I}", "party", party, "label", split_party_label(party), "amount", (json_int_t)0);
            json_array_append_new(json_object_get(group, "parties"), slot);
        }
        int64_t amount = json_integer_value(json_object_get(x, "amount"));
        json_object_set_new(slot, "amount", json_integer(json_integer_value(json_object_get(slot, "amount")) + amount));
        json_object_set_new(group, "total", json_integer(json_integer_value(json_object_get(group, "total")) + amount));
    }
    json_array_foreach(by, i, x) {
        int64_t total = json_integer_value(json_object_get(x, "total"));
        const char *cur = json_string_value(json_object_get(x, "currency"));
        int64_t dec = json_integer_value(json_object_get(x, "decimals"));
        json_object_set_new(x, "total_text", json_string(money_text(r->arena, total, cur, dec)));
        size_t k;
        json_t *y;
        int64_t offset = 0;
        json_array_foreach(json_object_get(x, "parties"), k, y) {
            int64_t amount = json_integer_value(json_object_get(y, "amount"));
            int64_t tenths = total ? amount * 1000 / total : 0;   /* of a percent */
            json_object_set_new(y, "_x", json_string(req_printf(r, "%lld.%lld", (long long)offset / 10, (long long)offset % 10)));
            offset += tenths;
            json_object_set_new(y, "amount_text", json_string(money_text(r->arena, amount, cur, dec)));
            json_object_set_new(y, "_width", json_string(req_printf(r, "%lld.%lld", (long long)tenths / 10, (long long)tenths % 10)));
            json_object_set_new(y, "_slot", json_integer(split_party_slot(json_string_value(json_object_get(y, "party")))));
        }
    }
    req_set(r, "totals", by);
    req_set(r, "shares", rows);
    return req_page(r, "events/splits");
}
