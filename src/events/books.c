/* books.c - the books of an event: sponsorships and costs posted to its
 * basket as they happen, and the revenue split when it closes.
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

#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/store.h"

static const char *today(Arena *a)
{
    return time_iso_date(a, now_unix());
}

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
            int m = nco > PLAN_MAX - SPLIT_MAX_PARTIES ? PLAN_MAX - SPLIT_MAX_PARTIES : (int)nco;
            int64_t amounts[PLAN_MAX], bps[PLAN_MAX];
            split_equally(parts[i], rule.share[i], m, amounts, bps);
            for (int k = 0; k < m && plan->n < PLAN_MAX; k++) {
                json_t *co = json_array_get(cohosts, (size_t)k);
                plan->s[plan->n++] = (Share){ "cohosts", "chapter", json_integer_value(json_object_get(co, "id")), 0, bps[k],
                                              amounts[k], arena_strdup(a, json_string_value(json_object_get(co, "name"))) };
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

int event_sponsorship(DbConn *c, Err *e, Arena *a, const Sponsorship *s, int64_t *tx)
{
    json_t *ev = NULL, *org = NULL;
    int rc = -1;
    if (event_open_brief(c, e, s->event, &ev) < 0) return -1;
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

int event_cost_pay(DbConn *c, Err *e, Arena *a, const EventCost *k, int64_t *tx)
{
    json_t *ev = NULL;
    int rc = -1;
    if (event_open_brief(c, e, k->event, &ev) < 0) return -1;
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

int event_close_books(DbConn *c, Err *e, Arena *a, int64_t event, int64_t by, const char *day, int *posted)
{
    json_t *ev = NULL, *holdings = NULL;
    int rc = -1;
    *posted = 0;
    if (event_open_brief(c, e, event, &ev) < 0) return -1;
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


typedef struct SponsorCtx {
    const Sponsorship *s;
    int64_t *tx;
    Arena *arena;
} SponsorCtx;

static int sponsor_tx(DbConn *c, void *ctx, Err *e)
{
    SponsorCtx *k = ctx;
    return event_sponsorship(c, e, k->arena, k->s, k->tx);
}

int sponsorship_record(DbConn *c, Err *e, Arena *a, const Sponsorship *s, int64_t *tx)
{
    SponsorCtx k = { s, tx, a };
    return event_locked_write(c, s->event, sponsor_tx, &k, e);
}

typedef struct CostCtx {
    const EventCost *k;
    int64_t *tx;
    Arena *arena;
} CostCtx;

static int cost_tx(DbConn *c, void *ctx, Err *e)
{
    CostCtx *x = ctx;
    return event_cost_pay(c, e, x->arena, x->k, x->tx);
}

int cost_record(DbConn *c, Err *e, Arena *a, const EventCost *k, int64_t *tx)
{
    CostCtx x = { k, tx, a };
    return event_locked_write(c, k->event, cost_tx, &x, e);
}

typedef struct Close {
    int64_t event, by;
    int *posted;
    Arena *arena;
} Close;

static int close_tx(DbConn *c, void *ctx, Err *e)
{
    Close *k = ctx;
    return event_close_books(c, e, k->arena, k->event, k->by, NULL, k->posted);
}

int books_close(DbConn *c, Err *e, Arena *a, int64_t event, int64_t by, int *posted)
{
    Close k = { event, by, posted, a };
    return event_locked_write(c, event, close_tx, &k, e);
}

json_t *event_split_preview(DbConn *c, Err *e, Arena *a, int64_t event, const StatementSums *sums, int n)
{
    json_t *ev = NULL, *preview = json_array();
    if (event_brief(c, e, event, &ev) <= 0) goto fail;
    for (int k = 0; k < n; k++) {
        int64_t net = statement_net(&sums[k]);
        if (net <= 0) continue;
        Plan plan;
        if (split_plan(c, e, a, ev, net, &plan) < 0) goto fail;
        json_t *list = plan_json(a, &plan, sums[k].currency, sums[k].decimals);
        json_array_extend(preview, list);
        json_decref(list);
    }
    json_decref(ev);
    return preview;
fail:
    json_decref(ev);
    json_decref(preview);
    return NULL;
}

json_t *format_packages(DbConn *c, Err *e, Arena *a, const char *app_slug)
{
    json_t *app = NULL;
    int found = app_by_slug(c, e, app_slug, &app);
    if (found < 0) return NULL;
    json_t *list = format_list(found ? json_string_value(json_object_get(app, "packages")) : NULL);
    json_decref(app);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        int64_t minor = price_minor(json_string_value(json_object_get(p, "price")));
        json_object_set_new(p, "price_text", json_string(money_text(a, minor, json_string_value(json_object_get(p, "currency")), 2)));
    }
    return list;
}
