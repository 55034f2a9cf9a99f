/* books.c - the books of the demo network, in each country's currency: the
 * organisations the chapters deal with, the hours, goods and favours given at
 * the meetings, the network's own books (a grant, hosting, bursaries),
 * cross-subsidies between the chapters of a city, two mistakes reversed, the
 * claims still waiting, and the words of some canvases; money.c adds each
 * chapter's money. The books are append-only and hash-chained, so nothing there
 * is backdated: every entry is planned first (plan_add), with its day and the
 * moment it was recorded, and chain.c writes them in the order they were
 * recorded. Organisations, goods, favours, claims, bursaries and canvases are in
 * data/demo/books.json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "demo/internal.h"
#include "meetings/meetings.h"

static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
};

const char *cur_of(const Demo *d, int metro)
{
    return d->data->cultures[d->data->metros[metro].culture].currency;
}

/* Euro cents in the metro's currency, rounded as people round. */
int64_t cash(const Demo *d, int metro, int64_t cents)
{
    const CultureDef *cu = &d->data->cultures[d->data->metros[metro].culture];
    int64_t v = cents * cu->rate / 100;
    v = (v + cu->step / 2) / cu->step * cu->step;
    return v < cu->step ? cu->step : v;
}

/* v (minor units of the metro's currency) rounded down to `steps` of its rounding step. */
int64_t rounded(const Demo *d, int metro, int64_t v, int64_t steps)
{
    int64_t unit = d->data->cultures[d->data->metros[metro].culture].step * steps;
    return v / unit * unit > 0 ? v / unit * unit : unit;
}

/* A round sum of lo to hi euros (in fives), in the metro's currency. */
int64_t cash_between(Demo *d, int metro, int lo, int hi)
{
    return cash(d, metro, rng_range(&d->rng, lo / 5, hi / 5) * 500);
}

void local_day(Demo *d, int metro, int64_t t, char day[11])
{
    char hm[6];
    time_local_parts(t, metro >= 0 ? d->metro_tz[metro] : "UTC", day, hm);
}

const char *month_of(const char *day)
{
    int m = atoi(day + 5);
    return month_names[(m >= 1 && m <= 12 ? m : 1) - 1];
}

/* An organisation of that role in the metro (a sponsor may be elsewhere in its country); -1 if none. */
int org_pick(Demo *d, int metro, int role)
{
    int cand[MAX_ORGS], n = 0;
    for (int pass = 0; pass < (role == OR_SPONSOR ? 2 : 1) && !n; pass++)
        for (int o = 0; o < d->data->norg; o++) {
            const OrgDef *od = &d->data->orgs[o];
            if (od->role != role || od->metro < 0) continue;
            if (pass == 0 ? od->metro == metro : str_eq(d->data->metros[od->metro].country, d->data->metros[metro].country)) cand[n++] = o;
        }
    return n ? cand[rng_int(&d->rng, 0, n - 1)] : -1;
}

Plan *plan_add(Demo *d, Books *B, int metro, int64_t occurred, int64_t at, const char *kind,
                      const char *description, const char *category, const char *visibility)
{
    if (B->nplan == B->cap) {
        B->cap = B->cap ? 2 * B->cap : 4096;
        B->plan = xrealloc(B->plan, sizeof *B->plan * (size_t)B->cap);
    }
    if (at > d->now - 5 * 60) at = d->now - 5 * 60;
    if (occurred > at) occurred = at;
    Plan *p = &B->plan[B->nplan++];
    memset(p, 0, sizeof *p);
    p->at = at;
    p->kind = kind;
    p->description = description;
    p->category = category ? category : "";
    p->visibility = visibility;
    p->reverses = -1;
    local_day(d, metro, occurred, p->day);
    return p;
}

/* amount of resource from one account to another. */
void plan_move(Plan *p, int64_t from, int64_t to, const char *resource, int64_t amount)
{
    p->payer = from;
    p->recipient = to;
    p->np = 2;
    p->p[0] = (Posting){ from, resource, -amount, 0, NULL };
    p->p[1] = (Posting){ to, resource, amount, 0, NULL };
}

/* The account of person `who` (made on first use); 0 on error. */
int64_t member_acct(Demo *d, Books *B, DbConn *c, Err *e, int who)
{
    if (!B->person_acct[who] && account_of(c, e, "member", d->people[who].id, &B->person_acct[who]) < 0) return 0;
    return B->person_acct[who];
}

const char *pick_vis(Demo *d, int public_pct, const char *otherwise)
{
    return rng_int(&d->rng, 1, 100) <= public_pct ? "public" : otherwise;
}

/* The seats at a meeting: everyone present, connectors first; or (others) only the members who do not run it.
 * Their number is returned. */
int table_of(const Chap *ch, const Held *h, bool others, int *out)
{
    int n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int s = 0; s < ch->n; s++)
            if ((h->present >> s & 1) && ch->connector[s] == (pass == 0) && !(others && ch->connector[s])) out[n++] = s;
    return n;
}

static ClaimPlan *claim_new(Books *B)
{
    if (B->nclaim == B->claim_cap) {
        B->claim_cap = B->claim_cap ? 2 * B->claim_cap : 256;
        B->claim = xrealloc(B->claim, sizeof *B->claim * (size_t)B->claim_cap);
    }
    ClaimPlan *cp = &B->claim[B->nclaim++];
    memset(cp, 0, sizeof *cp);
    cp->plan = -1;
    return cp;
}

/* A member paid for something and was paid back: a claim, approved by the connector a little later, and the
 * expense (or the basket's spending) it became. from: the chapter's account or one of its baskets. */
int reimburse(Demo *d, Books *B, DbConn *c, Err *e, int k, int who, int64_t from, const char *purpose,
                     int64_t occurred, const char *why, const char *category, int64_t amount)
{
    int64_t payee = member_acct(d, B, c, e, who);
    if (!payee) return -1;
    int m = d->data->chapters[k].metro;
    int64_t claimed = occurred + rng_range(&d->rng, 2 * HOUR, 2 * DAY);
    int64_t decided = claimed + rng_range(&d->rng, 3 * HOUR, 4 * DAY);
    if (decided > d->now - HOUR) return 0;   /* not decided yet: the pending claims are made apart */
    bool basket = purpose != NULL;
    Plan *p = plan_add(d, B, m, occurred, decided, basket ? "basket_spending" : "expense", why,
                       basket ? purpose : category, "unit");
    plan_move(p, from, payee, cur_of(d, m), amount);
    p->recorded_by = d->people[who].id;
    p->approved_by = chap_connector(d, &d->chap[k])->id;
    ClaimPlan *cp = claim_new(B);
    cp->plan = B->nplan - 1;
    cp->k = (DemoClaim){ from, payee, amount, d->people[who].id, claimed, p->approved_by, decided, 0, cur_of(d, m), why,
                         p->category, NULL, "unit", "approved" };
    memcpy(cp->day, p->day, sizeof cp->day);
    return 0;
}

/* A claim still waiting for the connector (decided 0), or declined. */
static int claim_open(Demo *d, Books *B, DbConn *c, Err *e, int k, int who, int64_t occurred, int64_t claimed,
                      const char *why, const char *category, int64_t amount, int64_t declined)
{
    int64_t payee = member_acct(d, B, c, e, who);
    if (!payee) return -1;
    ClaimPlan *cp = claim_new(B);
    int m = d->data->chapters[k].metro;
    cp->k = (DemoClaim){ B->chap_acct[k], payee, amount, d->people[who].id, claimed,
                         declined ? chap_connector(d, &d->chap[k])->id : 0, declined, 0, cur_of(d, m), why, category,
                         NULL, "unit", declined ? "declined" : "pending" };
    local_day(d, m, occurred, cp->day);
    return 0;
}

/* A favour someone at held meeting h (the seats of all, na of them) did: for the chapter, or for a fellow member. */
static int favour_plan(Demo *d, Books *B, DbConn *c, Err *e, int k, const Held *h, const int *all, int na,
                       int64_t at, int64_t by)
{
    const Chap *ch = &d->chap[k];
    int s = all[rng_int(&d->rng, 0, na - 1)];
    const FavourDef *fd = &d->data->favours[rng_int(&d->rng, 0, d->data->nfavour - 1)];
    int64_t from = member_acct(d, B, c, e, ch->who[s]), to = 0;
    if (!from) return -1;
    if (fd->for_someone && na > 1) {
        int t = all[rng_int(&d->rng, 0, na - 2)];
        if (t == s) t = all[na - 1];
        if (!(to = member_acct(d, B, c, e, ch->who[t]))) return -1;
    }
    Plan *p = plan_add(d, B, d->data->chapters[k].metro, h->starts, at, "contribution", fd->what, fd->category,
                       pick_vis(d, 20, "unit"));
    plan_move(p, from, B->chap_acct[k], "FAVOURS", 1);
    p->beneficiary = to;
    p->meeting_id = h->id;
    p->recorded_by = by;
    return 0;
}

/* The hours, goods and favours given at chapter k's meetings. */
static int books_contributions(Demo *d, Books *B, DbConn *c, Err *e, int k)
{
    const ChapterDef *def = &d->data->chapters[k];
    Chap *ch = &d->chap[k];
    int m = def->metro, cu = d->data->metros[m].culture;
    bool fixed = k == B->lff || k == B->lfb;
    for (int i = 0; i < ch->nheld; i++) {
        const Held *h = &ch->held[i];
        bool recent = i >= ch->nheld - 3;
        char day[11];
        local_day(d, m, h->starts, day);
        const char *month = month_of(day);
        int seats[MAX_SEATS], ns = table_of(ch, h, false, seats), others[MAX_SEATS], no = table_of(ch, h, true, others);
        if (!ns) continue;
        int host = ch->connector[seats[0]] ? seats[0] : 0;
        int64_t by = d->people[ch->who[host]].id;
        /* quick capture at the end of the evening, or the next day */
        int64_t captured = rng_one_in(&d->rng, 3) ? h->closed + rng_range(&d->rng, 13 * HOUR, 24 * HOUR)
                                                  : h->closed + rng_range(&d->rng, 3 * 60, 40 * 60);
        if (fixed || rng_int(&d->rng, 1, 100) <= 85) {
            int64_t from = member_acct(d, B, c, e, ch->who[host]);
            if (!from) return -1;
            const char *const *hl = d->data->hours_lines[rng_int(&d->rng, 0, d->data->nhours_line - 1)];
            const char *what = arena_printf(&d->a, "%s%s%s", hl[0], month, hl[1]);
            Plan *p = plan_add(d, B, m, h->starts, captured, "contribution", what, "preparation", pick_vis(d, 10, "unit"));
            plan_move(p, from, B->chap_acct[k], "HOURS", rng_int(&d->rng, 4, 12) * 15);
            p->meeting_id = h->id;
            p->recorded_by = by;
            if (ns > 1 && ch->connector[seats[1]] && rng_int(&d->rng, 1, 100) <= 40) {
                int64_t from2 = member_acct(d, B, c, e, ch->who[seats[1]]);
                if (!from2) return -1;
                hl = d->data->second_hours_lines[rng_int(&d->rng, 0, d->data->nsecond_hours_line - 1)];
                what = arena_printf(&d->a, "%s%s%s", hl[0], month, hl[1]);
                p = plan_add(d, B, m, h->starts, captured + 60, "contribution", what, "preparation", "unit");
                plan_move(p, from2, B->chap_acct[k], "HOURS", rng_int(&d->rng, 2, 6) * 15);
                p->meeting_id = h->id;
                p->recorded_by = by;
            }
        }
        /* something brought to the table: food mostly, now and then a thing */
        int ngoods = (fixed && recent) ? 1 + (i == ch->nheld - 1) : rng_int(&d->rng, 1, 100) <= 50;
        for (int g = 0; g < ngoods; g++) {
            int s = no ? others[rng_int(&d->rng, 0, no - 1)] : seats[rng_int(&d->rng, 0, ns - 1)];
            const GoodsDef *gd = rng_int(&d->rng, 1, 100) <= 65 ? &d->data->cultures[cu].food[rng_int(&d->rng, 0, 2)]
                                                                 : &d->data->things[rng_int(&d->rng, 0, d->data->nthing - 1)];
            int64_t from = member_acct(d, B, c, e, ch->who[s]);
            if (!from) return -1;
            Plan *p = plan_add(d, B, m, h->starts, captured + 120 + g * 60, "contribution", gd->what, gd->category,
                               pick_vis(d, 12, "unit"));
            plan_move(p, from, B->chap_acct[k], "GOODS", gd->count);
            if (gd->cents) {
                int64_t value = cash(d, m, gd->cents);
                for (int j = 0; j < 2; j++) {
                    p->p[j].value_amount = value;
                    p->p[j].value_currency = cur_of(d, m);
                }
            }
            p->meeting_id = h->id;
            p->recorded_by = by;
        }
        /* a favour: an introduction, a room lent */
        if ((rng_int(&d->rng, 1, 100) <= 20 || (fixed && i == ch->nheld - 2)) &&
            favour_plan(d, B, c, e, k, h, seats, ns, captured + 300, by) < 0)
            return -1;
    }
    return 0;
}

/* Cross-subsidies: in each metro the sector chapter that earns most helps the mixed table of the city. */
static void books_transfers(Demo *d, Books *B)
{
    for (int m = 0; m < d->data->nmetro; m++) {
        int to = -1, from = -1;
        for (int k = 0; k < d->data->nchapter; k++) {
            const ChapterDef *def = &d->data->chapters[k];
            if (def->metro != m || def->status != ST_ACTIVE || !B->chap_acct[k]) continue;
            if (def->sector == SE_NONE) {
                if (to < 0) to = k;
            } else if (B->nincome[k] > 1 && (from < 0 || B->nincome[k] > B->nincome[from])) {
                from = k;
            }
        }
        if (B->lff >= 0 && B->lfb >= 0 && m == d->data->chapters[B->lff].metro) {
            from = B->lff;
            to = B->lfb;
        }
        if (to < 0 || from < 0 || !B->chap_acct[to] || !B->chap_acct[from]) continue;
        const char *name = d->data->chapters[to].name;
        const char *what = strstr(name, "Breakfast") ? "Subsidy for the breakfast chapter"
                           : strstr(name, "Evening") ? "Subsidy for the evening chapter"
                                                     : "Subsidy for the founders' circle";
        for (int i = 0; i < B->nincome[from] && i < 3; i++) {
            int64_t at = B->income_at[from][i] + rng_range(&d->rng, 3 * DAY, 9 * DAY);
            int64_t amount = cash_between(d, m, 150, 300);
            const char *vis = pick_vis(d, 40, "network");
            if (at > d->now - DAY || at < d->chap[to].created + 7 * DAY) continue;
            Plan *p = plan_add(d, B, m, at, at, "transfer", what, "cross-subsidy", vis);
            plan_move(p, B->chap_acct[from], B->chap_acct[to], cur_of(d, m), amount);
            p->recorded_by = chap_connector(d, &d->chap[from])->id;
        }
    }
}

/* The network's own books: a foundation's grant, the platform's hosting, bursaries for a connectors' gathering. */
static int books_network(Demo *d, Books *B, DbConn *c, Err *e)
{
    int funder = org_of_role(d->data, OR_FUNDER), host = org_of_role(d->data, OR_HOSTING);
    for (int y = 0; y < 2; y++) {
        int64_t at = d->start + 20 * DAY + y * 365 * DAY;
        if (at > d->now - DAY) break;
        Plan *p = plan_add(d, B, -1, at, at + 2 * HOUR, "income",
                           y ? "Grant for the connectors' programme, second year"
                             : "Grant for the connectors' programme, first year",
                           "grants", "public");
        plan_move(p, B->org_acct[funder], B->net, "EUR", y ? 1800000 : 2500000);
        p->recorded_by = B->admin;
    }
    for (int64_t at = d->start + 35 * DAY; at < d->now - 2 * DAY; at += 91 * DAY) {
        char day[11];
        local_day(d, -1, at, day);
        Plan *p = plan_add(d, B, -1, at, at + 3 * HOUR, "expense",
                           arena_printf(&d->a, "Platform hosting and backups, Q%d %.4s", (atoi(day + 5) + 2) / 3, day),
                           "hosting", "public");
        plan_move(p, B->net, B->org_acct[host], "EUR", 18900 + 1500 * rng_int(&d->rng, 0, 2));
        p->approved_by = p->recorded_by = B->admin;
    }
    /* connectors from abroad came to Lisbon */
    int64_t at = d->now - 131 * DAY;
    for (int i = 0; i < d->data->nbursary; i++)
        for (int k = 0; k < d->data->nchapter; k++) {
            if (d->data->chapters[k].metro != d->data->bursaries[i].metro || d->data->chapters[k].status != ST_ACTIVE) continue;
            int who = d->chap[k].who[0];
            int64_t to = member_acct(d, B, c, e, who);
            if (!to) return -1;
            Plan *p = plan_add(d, B, -1, at, at + (i + 1) * HOUR, "expense",
                               "Travel bursary for the connectors' gathering in Lisbon", "travel", "parties");
            plan_move(p, B->net, to, "EUR", d->data->bursaries[i].cents);
            p->approved_by = p->recorded_by = B->admin;
            break;
        }
    return 0;
}

/* Two mistakes, corrected by reversal (the books never edit): pastries for the breakfast entered in the Fintech
 * Founders' books, and a Berlin bill entered twice. */
static void books_mistakes(Demo *d, Books *B)
{
    if (B->lff >= 0 && B->lfb >= 0 && d->chap[B->lfb].nheld >= 3 && B->chap_acct[B->lff] && B->chap_acct[B->lfb]) {
        const Chap *ch = &d->chap[B->lfb];
        const Held *h = &ch->held[ch->nheld - 3];
        int m = d->data->chapters[B->lfb].metro, food = org_pick(d, m, OR_FOOD);
        int64_t ines = d->people[P_INES].id, at = h->closed + 3 * HOUR, amount = cash(d, m, 1840);
        const char *what = "Pastéis de nata and coffee for the breakfast table";
        Plan *p = plan_add(d, B, m, h->starts, at, "expense", what, "food & drink", "unit");
        plan_move(p, B->chap_acct[B->lff], B->org_acct[food], cur_of(d, m), amount);
        p->approved_by = p->recorded_by = ines;
        int wrong = B->nplan - 1;
        p = plan_add(d, B, m, at + DAY, at + DAY, "reversal", "", "food & drink", "unit");
        p->reverses = wrong;
        p->recorded_by = ines;
        p = plan_add(d, B, m, h->starts, at + DAY + 5 * 60, "expense", what, "food & drink", "unit");
        plan_move(p, B->chap_acct[B->lfb], B->org_acct[food], cur_of(d, m), amount);
        p->approved_by = p->recorded_by = ines;
    }
    /* in Berlin if a chapter there has money of its own, else wherever one has (not at home), and a café to pay */
    int berlin = metro_named(d->data, "Berlin"), home = d->data->fixed[P_INES].metro;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < d->data->nchapter; k++) {
            const ChapterDef *def = &d->data->chapters[k];
            const Chap *ch = &d->chap[k];
            int m = def->metro, food = org_pick(d, m, OR_FOOD);
            if ((pass == 0) != (m == berlin) || m == home || def->status != ST_ACTIVE || ch->nheld < 4 ||
                !B->nincome[k] || food < 0)
                continue;
            const Held *h = &ch->held[ch->nheld / 2];
            int64_t by = chap_connector(d, ch)->id, at = h->closed + 20 * HOUR, amount = cash(d, m, 3860);
            if (at < B->income_at[k][0] + DAY) at = B->income_at[k][0] + DAY;
            char day[11];
            local_day(d, m, h->starts, day);
            const char *what = arena_printf(&d->a, "Coffee, milk and pastries for the %s meeting", month_of(day));
            for (int twice = 0; twice < 2; twice++) {
                Plan *p = plan_add(d, B, m, h->starts, at + twice * 90, "expense", what, "food & drink", "unit");
                plan_move(p, B->chap_acct[k], B->org_acct[food], cur_of(d, m), amount);
                p->approved_by = p->recorded_by = by;
            }
            int twin = B->nplan - 1;
            Plan *p = plan_add(d, B, m, at + DAY, at + DAY + 2 * HOUR, "reversal", "", "food & drink", "unit");
            p->reverses = twin;
            p->recorded_by = by;
            return;
        }
}

/* Claims waiting for a connector, and one declined. */
static int books_claims(Demo *d, Books *B, DbConn *c, Err *e)
{
    for (int i = 0; i < d->data->nclaim; i++) {
        const ClaimDef *want = &d->data->claims[i];
        int k = want->chapter;
        if (!d->chap[k].nheld || !B->chap_acct[k]) continue;
        const Chap *ch = &d->chap[k];
        const Held *h = &ch->held[ch->nheld - 1];
        int others[MAX_SEATS], no = table_of(ch, h, true, others), who = -1;
        if (want->tomas) who = P_TOMAS;
        for (int j = 0; j < no && who < 0; j++)
            if (!d->people[ch->who[others[j]]].fixed) who = ch->who[others[j]];
        if (who < 0) continue;
        int64_t claimed = d->now - rng_range(&d->rng, DAY, 5 * DAY);
        if (claimed < h->closed + 2 * HOUR) claimed = h->closed + 2 * HOUR;
        int64_t declined = want->declined ? claimed + rng_range(&d->rng, 5 * HOUR, DAY) : 0;
        if (declined > d->now - HOUR) declined = d->now - HOUR;
        if (claim_open(d, B, c, e, k, who, h->starts, claimed, want->why, want->category,
                       cash(d, d->data->chapters[k].metro, want->cents), declined) < 0)
            return -1;
    }
    return 0;
}

static int books_canvas(Demo *d, Books *B, DbConn *c, Err *e)
{
    static const char *const blocks[] = { "value_proposition", "channels", "relationships" };
    for (int i = 0; i < d->data->ncanvas; i++) {
        const CanvasDef *cd = &d->data->canvas[i];
        const char *kind = cd->unit_kind;
        int64_t id = 0, by = B->admin, at = d->now - rng_range(&d->rng, 3 * DAY, 60 * DAY);
        if (cd->country >= 0) {
            id = d->country_id[cd->country];
        } else if (cd->chapter >= 0) {
            id = d->chap[cd->chapter].id;
            by = chap_connector(d, &d->chap[cd->chapter])->id;
        }
        const char *bodies[] = { cd->value_proposition, cd->channels, cd->relationships };
        for (int j = 0; j < 3; j++)
            if (demo_canvas_put(c, e, kind, id, blocks[j], bodies[j], by, at + j * 120) < 0) return -1;
    }
    return 0;
}

/* The organisation's manager, as an administrator adds one on its page: a
 * documented login, or the first member who lives in its city. */
static int org_manager_make(Demo *d, DbConn *c, Err *e, const OrgDef *od, int64_t org, int64_t admin)
{
    int64_t who = 0;
    if (od->manager == MANAGER_LOCAL) {
        for (int i = 0; i < d->npeople && !who; i++)
            if (!d->people[i].fixed && d->people[i].metro == od->metro) who = d->people[i].id;
    } else {
        who = fixed_person(d, od->manager)->id;
    }
    if (!who) return 0;   /* nobody lives there in this run */
    OrgManagerChange m = { .org_id = org, .user_id = who, .by = admin, .by_admin = true, .now = d->now - 30 * DAY };
    int64_t mark = 0;   /* the message telling them was sent then */
    if (demo_outbox_last(c, e, &mark) < 0 || ledger_org_manager_add(c, e, &d->a, &m) < 0) return -1;
    return demo_outbox_settle(c, e, mark, m.now, true);
}

/* The accounts the books need: the network's, each country's, each organisation's (entered when missing) and
 * each chapter's that met. */
static int books_accounts(Demo *d, Books *B, DbConn *c, Err *e)
{
    const DemoData *w = d->data;
    B->country_acct = arena_alloc(&d->a, sizeof *B->country_acct * (size_t)w->nmetro);
    B->chap_acct = arena_alloc(&d->a, sizeof *B->chap_acct * (size_t)w->nchapter);
    B->org_id = arena_alloc(&d->a, sizeof *B->org_id * (size_t)w->norg);
    B->org_acct = arena_alloc(&d->a, sizeof *B->org_acct * (size_t)w->norg);
    B->income_at = arena_alloc(&d->a, sizeof *B->income_at * (size_t)w->nchapter);
    B->nincome = arena_alloc(&d->a, sizeof *B->nincome * (size_t)w->nchapter);
    if (demo_admin_id(c, e, &B->admin) < 0 || account_of(c, e, "network", 0, &B->net) < 0) return -1;
    for (int m = 0; m < w->nmetro; m++)
        if (account_of(c, e, "place", d->country_id[m], &B->country_acct[m]) < 0) return -1;
    for (int o = 0; o < w->norg; o++) {
        const OrgDef *od = &w->orgs[o];
        const char *slug = str_slugify(&d->a, od->name);
        int found = demo_org_find(c, e, slug, &B->org_id[o]);
        if (found < 0) return -1;
        if (!found) {   /* as the organisations page adds one (the books' operation, inside this transaction) */
            NewOrg org = { od->name, od->kind, od->website, NULL, 0 };
            FieldErrs f = { &d->a, NULL, 0 };
            if (ledger_organisation_add(c, e, &d->a, &org, &f) < 0) return -1;
            B->org_id[o] = org.id;
            if (od->manager && org_manager_make(d, c, e, od, org.id, B->admin) < 0) return -1;
        }
        if (account_of(c, e, "organisation", B->org_id[o], &B->org_acct[o]) < 0) return -1;
    }
    for (int k = 0; k < w->nchapter; k++)
        if (d->chap[k].nheld && account_of(c, e, "chapter", d->chap[k].id, &B->chap_acct[k]) < 0) return -1;
    return 0;
}

int books_make(Demo *d, DbConn *c, Err *e)
{
    Books *B = xcalloc(1, sizeof *B);
    int rc = -1;
    d->rng.s = DEMO_SEED ^ 0x626f6f6b73000001ull;
    B->person_acct = xcalloc((size_t)d->npeople, sizeof *B->person_acct);
    B->lff = B->lfb = -1;
    for (int k = 0; k < d->data->nchapter; k++)   /* the connector's own chapter, in her sector */
        if (d->data->chapters[k].creator == FX_INES && d->data->chapters[k].sector == d->data->fixed[P_INES].sector)
            B->lff = k;
    B->lfb = d->today_k;
    if (books_accounts(d, B, c, e) < 0 || books_network(d, B, c, e) < 0) goto done;
    for (int k = 0; k < d->data->nchapter; k++) {
        int status = d->data->chapters[k].status;
        bool fixed = k == B->lff || k == B->lfb;
        /* most chapters keep their books; an active one keeps at least the hours and goods */
        bool records = fixed || (status == ST_ACTIVE ? !rng_one_in(&d->rng, 8)
                                 : status == ST_DORMANT ? rng_one_in(&d->rng, 2) : rng_one_in(&d->rng, 3));
        bool money = fixed || (status == ST_ACTIVE ? !rng_one_in(&d->rng, 6) : status == ST_DORMANT && rng_one_in(&d->rng, 3));
        if (status == ST_ACTIVE && !money) records = true;
        if (!B->chap_acct[k]) continue;
        if (records && books_contributions(d, B, c, e, k) < 0) goto done;
        if (money && books_money(d, B, c, e, k) < 0) goto done;
    }
    books_transfers(d, B);
    books_mistakes(d, B);
    if (books_claims(d, B, c, e) < 0 || books_canvas(d, B, c, e) < 0) goto done;
    fprintf(stderr, "demo: %d entries for the books…\n", B->nplan);
    if (books_write(d, B, c, e) < 0) goto done;
    if (B->skipped)
        fprintf(stderr, "demo: %d planned entries left out, as they would have overdrawn a unit or a basket\n", B->skipped);
    rc = 0;
done:
    free(B->plan);
    free(B->claim);
    free(B->person_acct);
    free(B);
    return rc;
}
