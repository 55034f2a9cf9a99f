/* money.c - a chapter's money in the demo's books: the sponsorship that pays
 * its running costs, earmarked baskets (the room, the coffee, a pitch night, a
 * weekend's prizes) and what they paid for, what the meetings cost, and the
 * events the chapter held before the catalog of formats existed, with their
 * tickets, costs and the network's and the country committee's shares. Only
 * planned here (plan_add); chain.c writes the books. */
#include <stdlib.h>
#include <string.h>

#include "demo/internal.h"

/* Opens a basket under chapter k's account, as it was on `at`; index into B->basket or -1 on error. */
static int basket_open(Books *B, DbConn *c, Err *e, int k, const char *name, const char *purpose, int64_t at)
{
    if (B->nbasket == MAX_BASKETS) return err_set(e, E_INTERNAL, "The demo has more baskets than it planned for.");
    Basket *b = &B->basket[B->nbasket];
    memset(b, 0, sizeof *b);
    if (basket_insert(c, e, B->chap_acct[k], name, purpose, &b->id) < 0 || demo_account_backdate(c, e, b->id, at) < 0)
        return -1;
    return B->nbasket++;
}

/* A sponsor's money into basket bi. */
static void basket_fund(Demo *d, Books *B, int k, int bi, int sponsor, int64_t at, int64_t amount, const char *why)
{
    Basket *b = &B->basket[bi];
    int m = d->data->chapters[k].metro;
    const char *vis = pick_vis(d, 80, "network");
    Plan *p = plan_add(d, B, m, at - rng_range(&d->rng, 0, 2 * DAY), at, "basket_funding", why, "",
                       k == B->lff || k == B->lfb ? "public" : vis);
    plan_move(p, B->org_acct[sponsor], b->id, cur_of(d, m), amount);
    p->beneficiary = B->chap_acct[k];
    p->recorded_by = chap_connector(d, &d->chap[k])->id;
    if (b->nfund < 3) {
        b->funded_at[b->nfund] = p->at;
        b->funded[b->nfund++] = amount;
    }
}

/* What basket bi holds at time t (given that its spending is planned in time order). */
static int64_t basket_holds(const Basket *b, int64_t t)
{
    int64_t in = 0;
    for (int i = 0; i < b->nfund; i++)
        if (b->funded_at[i] < t) in += b->funded[i];
    return in - b->spent;
}

/* Spending from basket bi on its purpose; false (nothing planned) when it does not hold enough. */
static bool basket_spend(Demo *d, Books *B, int k, int bi, const char *purpose, int64_t occurred, int64_t at,
                         int64_t to, int64_t amount, const char *why, const char *visibility)
{
    Basket *b = &B->basket[bi];
    if (basket_holds(b, at) < amount) return false;
    b->spent += amount;
    Plan *p = plan_add(d, B, d->data->chapters[k].metro, occurred, at, "basket_spending", why, purpose, visibility);
    plan_move(p, b->id, to, cur_of(d, d->data->chapters[k].metro), amount);
    p->beneficiary = B->chap_acct[k];
    p->approved_by = p->recorded_by = chap_connector(d, &d->chap[k])->id;
    return true;
}

enum { EV_PITCH, EV_MIXER, EV_INVESTORS, EV_WEEKEND };

typedef struct Event {
    int64_t at;
    int kind, held;   /* the meeting it followed */
} Event;

static const char *event_name(Demo *d, const Event *ev, int metro)
{
    char day[11];
    local_day(d, metro, ev->at, day);
    switch (ev->kind) {
    case EV_PITCH: return arena_printf(&d->a, "the %s pitch night", month_of(day));
    case EV_MIXER: return arena_printf(&d->a, "the %s First Tuesday mixer", month_of(day));
    case EV_INVESTORS: return arena_printf(&d->a, "the %s breakfast with investors", month_of(day));
    default: return arena_printf(&d->a, "Startup Weekend %s", d->data->metros[metro].name);
    }
}

/* The money of one chapter as it is planned. */
typedef struct Money {
    int k, m, nh;
    const ChapterDef *def;
    Chap *ch;
    const char *cur;
    int64_t acct, by, first;            /* the chapter's account; its connector; its first sponsorship */
    bool lff, table;                    /* the documented connector's own chapter; a table without a sector */
    int sponsor, sponsor2, venue, food, print;
    Event ev[MAX_EVENTS];
    int nev;
    int venue_b, coffee_b;              /* its baskets for the room and the coffee (-1: none) */
    int64_t venue_from, coffee_from, room;
    bool pitch_basket;
} Money;

/* Who the chapter deals with: sponsors, a venue, a café and a printer of its metro. */
static void money_parties(Demo *d, Money *M)
{
    M->sponsor = org_pick(d, M->m, OR_SPONSOR);
    M->sponsor2 = org_pick(d, M->m, OR_SPONSOR);
    M->venue = org_pick(d, M->m, OR_VENUE);
    M->food = org_pick(d, M->m, OR_FOOD);
    M->print = org_pick(d, M->m, OR_PRINT);
    if (M->lff) {   /* Moreira & Sá pays the running costs; Banco Atlântico the room at Casa Estrela */
        M->sponsor = org_named(d->data, "Moreira & Sá Advogados");
        M->sponsor2 = org_named(d->data, "Banco Atlântico");
        M->venue = org_named(d->data, "Casa Estrela Coworking");
    }
}

/* The sponsorship that pays the running costs, renewed after a year. */
static void money_sponsorship(Demo *d, Books *B, Money *M)
{
    const Chap *ch = M->ch;
    int m = M->m, k = M->k;
    M->first = ch->held[M->nh > 1 ? 1 : 0].starts + rng_range(&d->rng, 3 * DAY, 12 * DAY);
    int64_t until = M->def->status == ST_ACTIVE ? d->now - DAY : ch->held[M->nh - 1].starts;
    for (int64_t t = M->first; t < until; t += 365 * DAY) {
        char day[11];
        local_day(d, m, t, day);
        Plan *p = plan_add(d, B, m, t - rng_range(&d->rng, 0, 3 * DAY), t,
                           "income", arena_printf(&d->a, "Sponsorship of the chapter for %.4s", day), "sponsorship",
                           "public");
        plan_move(p, B->org_acct[M->sponsor], M->acct, M->cur,
                  cash_between(d, m, M->table ? 500 : 800, M->table ? 900 : 1500));
        p->recorded_by = M->by;
        if (B->nincome[k] < MAX_EVENTS) B->income_at[k][B->nincome[k]++] = p->at;
    }
}

/* Events after some meetings. */
static void money_event_dates(Demo *d, Money *M)
{
    const Chap *ch = M->ch;
    int nh = M->nh;
    if (M->lff && nh >= 6) {
        M->ev[M->nev++] = (Event){ ch->held[nh - 6].starts + 12 * DAY, EV_PITCH, nh - 6 };
        M->ev[M->nev++] = (Event){ ch->held[nh - 3].starts + 14 * DAY, EV_MIXER, nh - 3 };
        return;
    }
    if (nh < 4) return;
    int want = nh >= 7 ? rng_int(&d->rng, 1, 3) : rng_int(&d->rng, 0, 1);
    for (int j = 0; j < want; j++) {
        int at = rng_int(&d->rng, 2 + j * (nh - 2) / want, 1 + (j + 1) * (nh - 2) / want);
        if (at >= nh) at = nh - 1;
        int kind = M->table ? EV_INVESTORS : rng_one_in(&d->rng, 2) ? EV_PITCH : EV_MIXER;
        if (!M->table && nh >= 10 && j == want - 1 && rng_one_in(&d->rng, 4)) kind = EV_WEEKEND;
        Event x = { ch->held[at].starts + rng_range(&d->rng, 9, 16) * DAY, kind, at };
        if (x.at < d->now - 12 * DAY && (!M->nev || x.at > M->ev[M->nev - 1].at + 20 * DAY)) M->ev[M->nev++] = x;
    }
}

/* The documented connector's chapter: the room for next year, funded at the end of the summer and partly spent,
 * and the prizes of a weekend to come. */
static int money_baskets_lff(Demo *d, Books *B, DbConn *c, Err *e, Money *M)
{
    int m = M->m, k = M->k;
    int64_t at = d->now - 82 * DAY;
    char day[11];
    local_day(d, m, at, day);
    int year = atoi(day) + (atoi(day + 5) >= 9);
    M->venue_b = basket_open(B, c, e, k, arena_printf(&d->a, "Venue %d", year), "venue", at);
    if (M->venue_b < 0) return -1;
    basket_fund(d, B, k, M->venue_b, M->sponsor2, at + 2 * DAY, cash(d, m, 300000),
                arena_printf(&d->a, "Banco Atlântico sponsors our room at Casa Estrela until the end of %d", year));
    M->venue_from = at + 2 * DAY;
    M->room = cash(d, m, 14000);
    int64_t dep = at + 9 * DAY;
    basket_spend(d, B, k, M->venue_b, "venue", dep, dep + 2 * HOUR, B->org_acct[M->venue], cash(d, m, 60000),
                 arena_printf(&d->a, "Deposit for the %d room bookings at Casa Estrela", year), "parties");
    int64_t pb = d->now - 24 * DAY;
    int bi = basket_open(B, c, e, k, "Startup weekend prizes", "prizes", pb);
    if (bi < 0) return -1;
    basket_fund(d, B, k, bi, M->sponsor, pb + DAY, cash(d, m, 200000),
                "Prize money for Startup Weekend Lisbon, from Moreira & Sá");
    return 0;
}

/* Another chapter: a basket for the room, or one for the coffee (the breakfast's coffee is sponsored). */
static int money_baskets(Demo *d, Books *B, DbConn *c, Err *e, Money *M)
{
    int m = M->m, k = M->k;
    int r = rng_int(&d->rng, 1, 100);
    int at = rng_int(&d->rng, 0, M->nh / 2);
    int64_t opened = M->ch->held[at].starts + rng_range(&d->rng, 2 * DAY, 10 * DAY);
    int s = M->sponsor2 >= 0 ? M->sponsor2 : M->sponsor;
    const char *who = d->data->orgs[s].name;
    char day[11];
    local_day(d, m, opened, day);
    if (k == B->lfb) r = 50;
    if (M->venue >= 0 && r <= 35 && opened < d->now - 20 * DAY) {
        int year = atoi(day) + (atoi(day + 5) >= 9);
        if ((M->venue_b = basket_open(B, c, e, k, arena_printf(&d->a, "Venue %d", year), "venue", opened)) < 0) return -1;
        basket_fund(d, B, k, M->venue_b, s, opened + rng_range(&d->rng, DAY, 5 * DAY), cash_between(d, m, 1200, 2400),
                    arena_printf(&d->a, "%s sponsors the chapter's room for %d", who, year));
        M->venue_from = opened;
        if (opened + 200 * DAY < d->now - 10 * DAY)
            basket_fund(d, B, k, M->venue_b, s, opened + 200 * DAY, cash_between(d, m, 600, 1200),
                        "A second payment for the room, as agreed");
    } else if ((r <= 80 || M->table) && opened < d->now - 20 * DAY) {
        if ((M->coffee_b = basket_open(B, c, e, k, "Coffee fund", "food & drink", opened)) < 0) return -1;
        basket_fund(d, B, k, M->coffee_b, s, opened + rng_range(&d->rng, DAY, 5 * DAY), cash_between(d, m, 250, 500),
                    arena_printf(&d->a, "%s pays for the coffee at our meetings", who));
        M->coffee_from = opened;
        if (opened + 180 * DAY < d->now - 10 * DAY)
            basket_fund(d, B, k, M->coffee_b, s, opened + 180 * DAY, cash_between(d, m, 250, 400),
                        "The coffee fund topped up for the next six months");
    }
    return 0;
}

/* The coffee at held meeting h: from the coffee basket (paid to the café, or back to a member who bought it), or
 * now and then paid back from the chapter's account. */
static int money_coffee(Demo *d, Books *B, DbConn *c, Err *e, Money *M, const Held *h, const char *month,
                        int64_t after)
{
    int m = M->m, k = M->k, others[MAX_SEATS], no = table_of(M->ch, h, true, others);
    if (M->coffee_b >= 0 && h->starts > M->coffee_from + DAY && rng_int(&d->rng, 1, 100) <= 80) {
        int64_t amount = cash_between(d, m, 20, 55);
        const char *why = arena_printf(&d->a, "Coffee and pastries, %s meeting", month);
        if (M->food >= 0)
            basket_spend(d, B, k, M->coffee_b, "food & drink", h->starts, after, B->org_acct[M->food], amount, why,
                         "unit");
        else if (no && basket_holds(&B->basket[M->coffee_b], h->closed + 4 * DAY) >= amount) {
            B->basket[M->coffee_b].spent += amount;
            return reimburse(d, B, c, e, k, M->ch->who[others[rng_int(&d->rng, 0, no - 1)]], B->basket[M->coffee_b].id,
                             "food & drink", h->starts, why, "food & drink", amount);
        }
    } else if (M->coffee_b < 0 && no && h->starts > M->first + DAY && rng_int(&d->rng, 1, 100) <= (M->table ? 35 : 15)) {
        const char *why = arena_printf(&d->a, "%s for the %s meeting",
                                       rng_one_in(&d->rng, 2) ? "Coffee and pastries" : "Snacks and drinks", month);
        return reimburse(d, B, c, e, k, M->ch->who[others[rng_int(&d->rng, 0, no - 1)]], M->acct, NULL, h->starts, why,
                         "food & drink", cash_between(d, m, 15, 45));
    }
    return 0;
}

/* What the meetings cost: the room, the coffee, now and then printing. */
static int money_meetings(Demo *d, Books *B, DbConn *c, Err *e, Money *M)
{
    int m = M->m, k = M->k;
    for (int i = 0; i < M->nh; i++) {
        const Held *h = &M->ch->held[i];
        char day[11];
        local_day(d, m, h->starts, day);
        const char *month = month_of(day);
        int64_t after = h->closed + rng_range(&d->rng, HOUR, 3 * DAY);
        if (M->venue_b >= 0 && h->starts > M->venue_from + DAY)
            basket_spend(d, B, k, M->venue_b, "venue", h->starts, after, B->org_acct[M->venue], M->room,
                         arena_printf(&d->a, "Room hire, %s meeting", month), "parties");
        if (money_coffee(d, B, c, e, M, h, month, after) < 0) return -1;
        if (rng_int(&d->rng, 1, 100) <= 6 && M->print >= 0 && h->starts > M->first + DAY) {
            Plan *p = plan_add(d, B, m, h->starts - 2 * DAY, after, "expense",
                               arena_printf(&d->a, "Printed programmes and name badges, %s", month), "printing",
                               "unit");
            plan_move(p, M->acct, B->org_acct[M->print], M->cur, cash_between(d, m, 30, 90));
            p->approved_by = p->recorded_by = M->by;
        }
    }
    return 0;
}

/* An event's own basket: a sponsored pitch night (the first one, now and then), or a weekend's prizes. The basket,
 * or -1 when the event has none (-2 on error). */
static int money_event_basket(Demo *d, Books *B, DbConn *c, Err *e, Money *M, const Event *x, const char *name,
                              int64_t after)
{
    int m = M->m, k = M->k, s = M->sponsor2 >= 0 ? M->sponsor2 : M->sponsor;
    int64_t at = x->at;
    if (x->kind == EV_PITCH && !M->pitch_basket && (M->venue >= 0 || M->food >= 0) &&
        (M->lff || rng_one_in(&d->rng, 3))) {
        M->pitch_basket = true;
        char day[11];
        local_day(d, m, at, day);
        int eb = basket_open(B, c, e, k, arena_printf(&d->a, "Pitch night %.4s", day), "events", at - 45 * DAY);
        if (eb < 0) return -2;
        basket_fund(d, B, k, eb, s, at - rng_range(&d->rng, 25, 40) * DAY, cash_between(d, m, 700, 1200),
                    arena_printf(&d->a, "%s sponsors %s", d->data->orgs[s].name, name));
        int64_t cost = cash_between(d, m, 450, 650);
        basket_spend(d, B, k, eb, "events", at, after, B->org_acct[M->venue >= 0 ? M->venue : M->food], cost,
                     arena_printf(&d->a, "Room, sound and drinks for %s", name), "public");
        return eb;
    }
    if (x->kind != EV_WEEKEND) return -1;
    int pb = basket_open(B, c, e, k, "Startup weekend prizes", "prizes", at - 70 * DAY);
    if (pb < 0) return -2;
    int64_t pot = cash_between(d, m, 1500, 2500);
    basket_fund(d, B, k, pb, s, at - rng_range(&d->rng, 40, 60) * DAY, pot,
                arena_printf(&d->a, "Prize money for %s, from %s", name, d->data->orgs[s].name));
    static const char *const places[] = { "First prize", "Second prize", "Third prize" };
    static const int share[] = { 50, 30, 20 };
    for (int w = 0; w < 3; w++) {
        int who = M->ch->who[rng_int(&d->rng, 1, M->ch->n - 1)];
        int64_t to = member_acct(d, B, c, e, who);
        if (!to) return -2;
        basket_spend(d, B, k, pb, "prizes", at + 2 * DAY, at + 2 * DAY + (w + 3) * HOUR, to,
                     rounded(d, m, pot * share[w] / 100, 10),
                     arena_printf(&d->a, "%s, %s, paid to the winning team's lead", places[w], name), "public");
    }
    return -1;   /* the weekend pays its room and food from the chapter's account */
}

/* What an event without a basket of its own costs the chapter: the room, the food (or a member paid back). */
static int money_event_costs(Demo *d, Books *B, DbConn *c, Err *e, Money *M, const Event *x, const char *name,
                             int64_t after, int64_t gross)
{
    int m = M->m;
    if (M->venue >= 0) {
        Plan *p = plan_add(d, B, m, x->at, after, "expense", arena_printf(&d->a, "Room hire for %s", name), "venue",
                           "parties");
        plan_move(p, M->acct, B->org_acct[M->venue], M->cur, cash_between(d, m, 150, 300));
        p->approved_by = p->recorded_by = M->by;
    }
    if (M->food >= 0) {
        Plan *p = plan_add(d, B, m, x->at, after + 60, "expense", arena_printf(&d->a, "Food and drinks for %s", name),
                           "food & drink", "unit");
        plan_move(p, M->acct, B->org_acct[M->food], M->cur, rounded(d, m, gross * rng_range(&d->rng, 12, 22) / 100, 10));
        p->approved_by = p->recorded_by = M->by;
        return 0;
    }
    int who = M->ch->who[rng_int(&d->rng, 1, M->ch->n - 1)];
    return reimburse(d, B, c, e, M->k, who, M->acct, NULL, x->at, arena_printf(&d->a, "Drinks and snacks for %s", name),
                     "food & drink", cash_between(d, m, 80, 200));
}

/* The tickets of an event, paid out a few days later, and the shares of the network and (now and then) the
 * country committee. */
static void money_event_tickets(Demo *d, Books *B, Money *M, const char *name, int64_t at, int tickets, int64_t gross)
{
    int m = M->m, k = M->k;
    int64_t paid = at + rng_range(&d->rng, 3, 7) * DAY;
    Plan *p = plan_add(d, B, m, paid, paid + rng_range(&d->rng, HOUR, DAY), "income",
                       arena_printf(&d->a, "Tickets for %s (%d sold)", name, tickets), "tickets", "public");
    plan_move(p, B->org_acct[org_of_role(d->data, OR_TICKETS)], M->acct, M->cur, gross);
    p->recorded_by = M->by;
    int64_t got = p->at;
    if (B->nincome[k] < MAX_EVENTS) B->income_at[k][B->nincome[k]++] = got;
    int64_t share_at = got + rng_range(&d->rng, DAY, 4 * DAY);
    p = plan_add(d, B, m, share_at, share_at, "transfer",
                 arena_printf(&d->a, "Network share of the tickets for %s", name), "network share", "public");
    plan_move(p, M->acct, B->net, M->cur, rounded(d, m, gross / 10, 1));
    p->recorded_by = M->by;
    if (rng_one_in(&d->rng, 3)) {
        p = plan_add(d, B, m, share_at, share_at + 600, "transfer",
                     arena_printf(&d->a, "Share for the %s committee, from %s", d->data->metros[m].country, name),
                     "place share", "network");
        plan_move(p, M->acct, B->country_acct[m], M->cur, rounded(d, m, gross / 20, 1));
        p->recorded_by = M->by;
    }
}

/* One event: its costs on the day, the tickets paid out a few days later, the network's share. */
static int money_event(Demo *d, Books *B, DbConn *c, Err *e, Money *M, const Event *x)
{
    int m = M->m;
    const char *name = event_name(d, x, m);
    int64_t at = x->at, after = at + rng_range(&d->rng, 8 * HOUR, 2 * DAY);
    int tickets = x->kind == EV_WEEKEND ? rng_int(&d->rng, 60, 110) : rng_int(&d->rng, 25, 70);
    int64_t price = cash(d, m, (x->kind == EV_WEEKEND ? rng_range(&d->rng, 7, 12) : rng_range(&d->rng, 2, 4)) * 500);
    int64_t gross = price * tickets;
    int eb = money_event_basket(d, B, c, e, M, x, name, after);
    if (eb == -2) return -1;
    if (eb < 0 && money_event_costs(d, B, c, e, M, x, name, after, gross) < 0) return -1;
    if (M->print >= 0 && rng_one_in(&d->rng, 2)) {
        Plan *p = plan_add(d, B, m, at - 3 * DAY, at - 2 * DAY, "expense",
                           arena_printf(&d->a, "Posters and flyers for %s", name), "printing", "unit");
        plan_move(p, M->acct, B->org_acct[M->print], M->cur, cash_between(d, m, 40, 120));
        p->approved_by = p->recorded_by = M->by;
    }
    money_event_tickets(d, B, M, name, at, tickets, gross);
    return 0;
}

/* The money of chapter k: sponsorship, earmarked baskets and what they paid for, events with their tickets and
 * costs, the network's share, and the small expenses members are paid back for. */
int books_money(Demo *d, Books *B, DbConn *c, Err *e, int k)
{
    Money M = { .k = k, .def = &d->data->chapters[k], .ch = &d->chap[k], .venue_b = -1, .coffee_b = -1 };
    M.m = M.def->metro;
    M.nh = M.ch->nheld;
    M.cur = cur_of(d, M.m);
    M.acct = B->chap_acct[k];
    M.by = chap_connector(d, M.ch)->id;
    M.lff = k == B->lff;
    M.table = M.def->sector == SE_NONE;
    money_parties(d, &M);
    if (M.sponsor < 0) return 0;
    money_sponsorship(d, B, &M);
    money_event_dates(d, &M);
    M.room = cash_between(d, M.m, 90, 150);
    if ((M.lff ? money_baskets_lff(d, B, c, e, &M) : money_baskets(d, B, c, e, &M)) < 0) return -1;
    if (money_meetings(d, B, c, e, &M) < 0) return -1;
    for (int j = 0; j < M.nev; j++)
        if (money_event(d, B, c, e, &M, &M.ev[j]) < 0) return -1;
    return 0;
}
