/* routes_money.c - handlers of an event's money: a ticket paid, a
 * sponsorship, a cost, closing with the revenue split (the operations are in
 * registration.c and books.c), the statement, a member's events and earnings,
 * and the network's view of every split. */
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/pages.h"
#include "events/store.h"
#include "ledger/ledger.h"
#include "names/names.h"
#include "web/paging.h"

/* Who an event's cost may pay. */
#define PAYEE_KINDS (NAME_ORG | NAME_MEMBER | NAME_CHAPTER)

int registration_paid(Req *r)
{
    Err e = { 0 };
    int64_t id = req_id(r, "registration"), tx = 0;
    if (!id) return req_fail(r, E_NOT_FOUND, "There is no such registration for this event.");
    if (payment_record(r->db, &e, r->arena, r->object_id, id, r->me.id, &tx) < 0) return req_fail_err(r, &e);
    log_info("events: registration %lld paid (transaction %lld)", (long long)id, (long long)tx);
    req_set(r, "registration", json_pack("{s:I, s:b, s:I}", "id", (json_int_t)id, "is_paid", 1, "paid_tx", (json_int_t)tx));
    return req_redirect(r, desk_url(r), "The payment is recorded: the ticket's price is in the event's basket.");
}

/* A desk form's write refused: a refusal that names a field is shown at that field. */
static int desk_refused(Req *r, const Err *e)
{
    if (!e->field[0]) return req_fail_err(r, e);
    req_error(r, e->field, "%s", e->msg);
    return desk_again(r, e->code ? e->code : E_INVALID);
}

/* The sponsor's slug: the API's slug as it is (or org:slug); on a page, the
 * picker's value, else a slug or a name typed without script (names_input). */
static const char *sponsor_slug(Req *r)
{
    const char *org = req_input(r, "organisation");
    if (!r->api && !str_empty(org) && !names_is_value(org)) {
        Err e = { 0 };
        if (!names_label(r->db, &e, r->arena, req_printf(r, "org:%s", org))) {
            FieldErrs f = { .a = r->arena };
            org = names_input(r, &f, "organisation", NAME_ORG, NULL);
            for (int i = 0; i < f.n; i++) req_error(r, f.at[i].field, "%s", f.at[i].msg);
        }
    }
    if (str_starts(org, "org:")) return org + 4;
    if (str_starts(org, "organisation:")) return org + 13;
    return org;
}

int event_sponsor(Req *r)
{
    Err e = { 0 };
    Sponsorship s = { .event = r->object_id, .by = r->me.id, .org = sponsor_slug(r), .package = req_input(r, "package") };
    int64_t tx = 0;
    if (str_empty(s.org) && !req_has_errors(r)) req_error(r, "organisation", "Choose the sponsoring organisation.");
    json_t *packages = req_own(r, format_packages(r->db, &e, r->arena, ev_str(r, "app_slug")));
    if (!packages) return req_fail_err(r, &e);
    size_t i;
    json_t *p;
    json_array_foreach(packages, i, p) {
        if (!str_eq(json_string_value(json_object_get(p, "name")), s.package)) continue;
        s.amount = price_minor(json_string_value(json_object_get(p, "price")));
        s.currency = json_string_value(json_object_get(p, "currency"));
        s.placement = json_string_value(json_object_get(p, "placement"));
    }
    if (!s.currency) req_error(r, "package", "Choose one of the format's sponsor packages.");
    if (req_has_errors(r)) return desk_again(r, E_INVALID);
    if (sponsorship_record(r->db, &e, r->arena, &s, &tx) < 0) return desk_refused(r, &e);
    log_info("events: %s sponsors %s (%s)", s.org, ev_str(r, "slug"), s.package);
    req_set(r, "sponsorship", json_pack("{s:s, s:s, s:I, s:s, s:s, s:I}", "organisation_slug", s.org, "package", s.package, "amount",
                                        (json_int_t)s.amount, "currency", s.currency, "placement", s.placement, "tx_id", (json_int_t)tx));
    return req_created(r, desk_url(r), "The sponsorship is recorded; the sponsor shows on the event page as the package says.");
}

int event_cost(Req *r)
{
    Err e = { 0 };
    FieldErrs f = { .a = r->arena };
    /* the picker's value (org:slug, member:42) or a name typed without script */
    EventCost k = { .event = r->object_id, .by = r->me.id, .payee = names_input(r, &f, "payee", PAYEE_KINDS, NULL),
                    .currency = req_input(r, "currency"), .description = req_input(r, "description"), .category = req_input(r, "category") };
    int64_t tx = 0;
    for (int i = 0; i < f.n; i++) req_error(r, f.at[i].field, "%s", f.at[i].msg);
    if (str_empty(k.currency)) k.currency = "EUR";
    if (str_empty(k.category)) k.category = "event";
    if (str_empty(k.payee) && !f.n) req_error(r, "payee", "Say who is paid: type the name of an organisation or a member, and choose it.");
    if (str_empty(k.description)) req_error(r, "description", "Say what was paid for, e.g. \"Room hire\".");
    else if (str_utf8_len(k.description) > 200) req_error(r, "description", "Please keep it under 200 characters.");
    if (str_utf8_len(k.category) > 80) req_error(r, "category", "Please keep the category under 80 characters.");
    int known = currency_known(r->db, &e, k.currency);
    if (known < 0) return req_fail_err(r, &e);
    if (!known) req_error(r, "currency", "%s is not a currency the books keep.", k.currency);
    else if (amount_parse(req_input(r, "amount"), "money", 2, &k.amount, &e) < 0) req_error(r, "amount", "%s", e.msg);
    else if (k.amount == 0) req_error(r, "amount", "A cost is more than nothing.");
    if (req_has_errors(r)) return desk_again(r, E_INVALID);
    err_clear(&e);
    if (cost_record(r->db, &e, r->arena, &k, &tx) < 0) return desk_refused(r, &e);
    req_set(r, "cost", json_pack("{s:I, s:s, s:I}", "amount", (json_int_t)k.amount, "currency", k.currency, "tx_id", (json_int_t)tx));
    return req_created(r, desk_url(r), "The cost is paid from the event's basket.");
}

int event_close(Req *r)
{
    Err e = { 0 };
    int posted = 0;
    /* a page's close asks first (confirm comes from the confirmation page's button) */
    if (!r->api && !req_input_bool(r, "confirm")) return req_redirect(r, req_printf(r, "/events/%s/close", ev_str(r, "slug")), NULL);
    if (books_close(r->db, &e, r->arena, r->object_id, r->me.id, &posted) < 0) return req_fail_err(r, &e);
    log_info("events: %s closed (%d split%s posted)", ev_str(r, "slug"), posted, posted == 1 ? "" : "s");
    json_t *shares = event_share_list(r->db, &e, r->object_id);
    if (!shares) return req_fail_err(r, &e);
    req_set(r, "shares", shares);
    return req_redirect(r, req_printf(r, "/events/%s/statement", ev_str(r, "slug")),
                        posted ? "The event is closed and its net income shared out: every party's share is in the books."
                               : "The event is closed. It had no net income to share.");
}

/* ---------- the statement ---------- */

/* The sums of the basket's movements per currency, and its costs as lines (a new reference). */
static json_t *statement_sums(Req *r, json_t *moves, StatementSums *sums, int *nsums)
{
    json_t *costs = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(moves, i, m) {
        const char *kind = json_string_value(json_object_get(m, "kind"));
        const char *cat = json_string_value(json_object_get(m, "category"));
        int64_t amount = json_integer_value(json_object_get(m, "amount"));
        int64_t dec = json_integer_value(json_object_get(m, "decimals"));
        const char *cur = json_string_value(json_object_get(m, "resource"));
        statement_add(sums, nsums, kind, cat, amount, cur, dec);
        if (!str_eq(kind, "basket_spending")) continue;
        json_array_append_new(costs, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "seq", json_integer_value(json_object_get(m, "seq")),
                                               "description", json_string_value(json_object_get(m, "description")), "category", cat,
                                               "occurred_on", json_string_value(json_object_get(m, "occurred_on")), "amount",
                                               (json_int_t)-amount, "currency", cur, "amount_text",
                                               money_text(r->arena, -amount, cur, dec)));
    }
    return costs;
}

static json_t *statement_totals(Req *r, const StatementSums *sums, int nsums)
{
    json_t *totals = json_array();
    Arena *a = r->arena;
    for (int k = 0; k < nsums; k++) {
        const StatementSums *s = &sums[k];
        int64_t net = statement_net(s);
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
    }
    return totals;
}

/* The event, its costs and totals per currency, and (while it is open) what
 * closing it now would give each party, into the model; -1 after req_fail_err. */
static int statement_model(Req *r, StatementSums *sums, int *nsums)
{
    Err e = { 0 };
    json_t *ev = json_incref(r->object);
    event_decorate(r, ev);
    req_set(r, "event", ev);
    json_t *moves = req_own(r, basket_movements(r->db, &e, ev_int(r, "basket_id")));
    if (!moves) return req_fail_err(r, &e);
    *nsums = 0;
    req_set(r, "costs", statement_sums(r, moves, sums, nsums));
    req_set(r, "totals", statement_totals(r, sums, *nsums));
    json_t *preview = str_eq(ev_str(r, "status"), "open") ? event_split_preview(r->db, &e, r->arena, r->object_id, sums, *nsums)
                                                          : json_array();
    if (!preview) return req_fail_err(r, &e);
    req_set(r, "projected_shares", preview);
    return 0;
}

int event_close_confirm(Req *r)
{
    StatementSums sums[STATEMENT_CURRENCIES];
    int nsums = 0;
    if (statement_model(r, sums, &nsums) < 0) return -1;
    if (!str_eq(ev_str(r, "status"), "open")) return req_fail(r, E_CONFLICT, "This event is %s already: its books are closed.", ev_str(r, "status"));
    /* the question, with what would be shared: "Close the event and share 229.00 EUR by the format's rule?" */
    Buf q;
    buf_init(&q, r->arena);
    for (int k = 0; k < nsums; k++) {
        int64_t net = statement_net(&sums[k]);
        if (net > 0) buf_printf(&q, "%s%s", q.len ? " and " : "", money_text(r->arena, net, sums[k].currency, sums[k].decimals));
    }
    req_set_str(r, "question", q.len ? req_printf(r, _("Close the event and share %s by the format's rule?"), buf_str(&q))
                                           : "Close the event? It has no net income to share.");
    req_set_bool(r, "_has_started", ev_int(r, "starts_at") <= now_unix());
    return req_page(r, "events/close");
}

int event_statement(Req *r)
{
    Err e = { 0 };
    StatementSums sums[STATEMENT_CURRENCIES];
    int nsums = 0;
    if (statement_model(r, sums, &nsums) < 0) return -1;
    json_t *sponsors = event_sponsor_list(r->db, &e, r->object_id);
    if (!sponsors) return req_fail_err(r, &e);
    rows_money_text(r, sponsors, "amount", "currency", "amount_text");
    req_set(r, "sponsors", sponsors);
    json_t *shares = event_share_list(r->db, &e, r->object_id);
    if (!shares) return req_fail_err(r, &e);
    size_t i;
    json_t *s;
    json_array_foreach(shares, i, s) {
        int64_t bp = json_integer_value(json_object_get(s, "share"));
        json_object_set_new(s, "label", json_string(split_party_label(json_string_value(json_object_get(s, "party")))));
        json_object_set_new(s, "percent", json_string(req_printf(r, "%lld.%02lld", (long long)bp / 100, (long long)bp % 100)));
    }
    rows_money_text(r, shares, "amount", "currency", "amount_text");
    req_set(r, "shares", shares);
    req_set_bool(r, "_is_manager", r->object_manager);
    return req_page(r, "events/statement");
}

/* ---------- the desk's money ---------- */

int desk_money_model(Req *r)
{
    Err e = { 0 };
    json_t *packages = format_packages(r->db, &e, r->arena, ev_str(r, "app_slug"));
    if (!packages) return req_fail_err(r, &e);
    req_set(r, "packages", packages);
    json_t *sponsors = event_sponsor_list(r->db, &e, r->object_id);
    if (!sponsors) return req_fail_err(r, &e);
    rows_money_text(r, sponsors, "amount", "currency", "amount_text");
    req_set(r, "sponsors", sponsors);
    json_t *held = account_balances(r->db, &e, ev_int(r, "basket_id"));
    if (!held) return req_fail_err(r, &e);
    rows_money_text(r, held, "balance", "resource", "balance_text");
    req_set(r, "basket", json_pack("{s:I, s:o}", "id", (json_int_t)ev_int(r, "basket_id"), "holdings", held));
    if (r->api) return 0;   /* what follows are the page's choices */
    const char *package = req_input(r, "package");
    size_t i;
    json_t *p;
    json_array_foreach(packages, i, p) json_object_set_new(p, "is_selected", json_boolean(str_eq(json_string_value(json_object_get(p, "name")), package)));
    NamesPick sponsor = { .field = "organisation", .label = N_("Organisation"), .kinds = NAME_ORG, .few = true,
                          .hint = N_("The organisation that paid for the package: choose it, or type its name."),
                          .hint_few = N_("The organisation that paid for the package.") };
    json_t *picker = names_pick(r, &sponsor);
    if (!picker) return -1;
    req_set(r, "_picker_organisation", picker);
    names_picker(r, "payee", N_("Paid to"), PAYEE_KINDS, NULL, N_("Type the name of the organisation or member paid, and choose it."));
    /* the currency starts on the host chapter's usual one */
    const char *currency = ev_int(r, "chapter_id") ? chapter_currency(r->db, &e, r->arena, ev_int(r, "chapter_id")) : NULL;
    if (!currency && e.code) return req_fail_err(r, &e);
    req_set_str(r, "_currency", currency ? currency : "EUR");
    req_set_bool(r, "_has_started", ev_int(r, "starts_at") <= now_unix());
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
    rows_money_text(r, out, "amount", "currency", "amount_text");
    return out;
}

static void amounts_decorate(Req *r, json_t *rows)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        int64_t bp = json_integer_value(json_object_get(x, "share"));
        json_object_set_new(x, "percent", json_string(req_printf(r, "%lld.%02lld", (long long)bp / 100, (long long)bp % 100)));
        const char *party = json_string_value(json_object_get(x, "party"));
        if (party) json_object_set_new(x, "label", json_string(split_party_label(party)));
        int64_t at = json_integer_value(json_object_get(x, "closed_at"));
        if (at) json_object_set_new(x, "closed_on", json_string(time_iso_date(r->arena, at)));
    }
    rows_money_text(r, rows, "amount", "currency", "amount_text");
}

int my_events(Req *r)
{
    Err e = { 0 };
    Paging p;   /* the events organised; beside them the tickets for coming events and every earning (the totals) */
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
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
    json_t *organised = paging_trim(&p, events_organised(r->db, &e, r->me.id, p.limit, p.offset));
    if (!organised) return req_fail_err(r, &e);
    event_decorate_all(r, organised);
    req_set(r, "organised", organised);
    json_t *earnings = user_earnings(r->db, &e, r->me.id);
    if (!earnings) return req_fail_err(r, &e);
    amounts_decorate(r, earnings);
    req_set(r, "earnings_total", totals_by_currency(r, earnings));
    req_set(r, "earnings", earnings);
    paging_respond(r, &p);
    return req_page(r, "events/mine");
}

/* Per currency, from rows of {currency, decimals, party, amount}: the total to
 * each party and its part of the whole for the chart (a new reference). */
static json_t *split_totals(Req *r, json_t *rows)
{
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
    return by;
}

int events_splits(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    /* the totals count every share, summed by the database; the shares are listed a page at a time */
    json_t *sums = req_own(r, share_totals(r->db, &e));
    json_t *rows = sums ? paging_trim(&p, all_shares(r->db, &e, r->me.id, r->me.is_admin, p.limit, p.offset)) : NULL;
    if (!rows) return req_fail_err(r, &e);
    amounts_decorate(r, rows);
    req_set(r, "totals", split_totals(r, sums));
    req_set(r, "shares", rows);
    paging_respond(r, &p);
    return req_page(r, "events/splits");
}
