/* chain.c - writes the demo's planned entries into the books (ledger_append),
 * in the order they were recorded, for the chain covers recorded_at; leaves out
 * any that would take a unit or a basket below zero (and the correction of one
 * left out); then the claims beside them and the dates of the organisations. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "demo/internal.h"

/* Orders Dated by time, then by index (qsort). */
int dated_cmp(const void *a, const void *b)
{
    const Dated *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* What a unit or a basket holds of one currency, as the entries are written. */
typedef struct Holding {
    int64_t acct;
    const char *res;
    int64_t amount;
} Holding;

typedef struct Guard {
    const int64_t *acct;   /* the accounts that may not go below zero */
    int nacct;
    Holding *h;
    int nh;
} Guard;

static int64_t *guard_slot(Guard *g, int64_t acct, const char *res)
{
    bool guarded = false;
    for (int i = 0; i < g->nacct && !guarded; i++) guarded = g->acct[i] == acct;
    if (!guarded || str_eq(res, "HOURS") || str_eq(res, "GOODS") || str_eq(res, "FAVOURS")) return NULL;
    for (int i = 0; i < g->nh; i++)
        if (g->h[i].acct == acct && str_eq(g->h[i].res, res)) return &g->h[i].amount;
    g->h[g->nh] = (Holding){ acct, res, 0 };
    return &g->h[g->nh++].amount;
}

/* The entry of plan p; false when it reverses an entry that was left out. */
static bool entry_of(Demo *d, Books *B, Plan *p, Entry *x)
{
    memset(x, 0, sizeof *x);
    x->kind = p->kind;
    x->description = p->description;
    x->category = p->category;
    x->occurred_on = p->day;
    x->visibility = p->visibility;
    x->payer_id = p->payer;
    x->recipient_id = p->recipient;
    x->beneficiary_id = p->beneficiary;
    x->approved_by = p->approved_by;
    x->recorded_by = p->recorded_by;
    x->recorded_at = p->at;
    x->meeting_id = p->meeting_id;
    x->npostings = p->np;
    for (int j = 0; j < p->np; j++) x->postings[j] = p->p[j];
    if (p->reverses < 0) return true;
    const Plan *w = &B->plan[p->reverses];
    if (w->skipped || !w->id) return false;
    x->description = arena_printf(&d->a, "Reversal of #%lld: %s", (long long)w->seq, w->description);
    x->payer_id = w->recipient;
    x->recipient_id = w->payer;
    x->beneficiary_id = w->beneficiary;
    x->reverses_id = w->id;
    x->npostings = w->np;
    for (int j = 0; j < w->np; j++) {
        x->postings[j] = w->p[j];
        x->postings[j].amount = -w->p[j].amount;
    }
    return true;
}

/* Nothing goes below zero: false if entry x would; else what the guarded accounts hold moves with it. */
static bool guard_take(Guard *g, const Entry *x)
{
    for (int j = 0; j < x->npostings; j++) {
        int64_t *held = guard_slot(g, x->postings[j].account_id, x->postings[j].resource);
        if (held && *held + x->postings[j].amount < 0) return false;
    }
    for (int j = 0; j < x->npostings; j++) {
        int64_t *held = guard_slot(g, x->postings[j].account_id, x->postings[j].resource);
        if (held) *held += x->postings[j].amount;
    }
    return true;
}

/* The claims, each with the entry an approved one became (unless that was left out). */
static int claims_write(Books *B, DbConn *c, Err *e)
{
    for (int i = 0; i < B->nclaim; i++) {
        ClaimPlan *cp = &B->claim[i];
        if (cp->plan >= 0) {
            const Plan *p = &B->plan[cp->plan];
            if (p->skipped || !p->id) continue;
            cp->k.transaction_id = p->id;
        }
        cp->k.occurred_on = cp->day;
        if (demo_claim_insert(c, e, &cp->k) < 0) return -1;
    }
    return 0;
}

/* An organisation was entered a little before it first appears in the books. */
static int orgs_backdate(Demo *d, Books *B, DbConn *c, Err *e)
{
    for (int o = 0; o < d->data->norg; o++) {
        int64_t first = 0;
        for (int i = 0; i < B->nplan; i++) {
            const Plan *p = &B->plan[i];
            if (!p->skipped && (p->payer == B->org_acct[o] || p->recipient == B->org_acct[o]) && (!first || p->at < first))
                first = p->at;
        }
        int64_t at = first ? first - rng_range(&d->rng, HOUR, 20 * DAY) : d->start + rng_range(&d->rng, 0, 30 * DAY);
        if (at < d->start - DAY) at = d->start - DAY;
        if (demo_org_backdate(c, e, B->org_id[o], at) < 0) return -1;
    }
    return 0;
}

/* Appends the planned entries in the order they were recorded, leaving out any that would take a unit or a
 * basket below zero (and the correction of one left out), then the claims and the dates of what was opened. */
int books_write(Demo *d, Books *B, DbConn *c, Err *e)
{
    int rc = -1, nacct = 0;
    Dated *order = xcalloc((size_t)B->nplan + 1, sizeof *order);
    int64_t *accts = xcalloc((size_t)(d->data->nchapter + MAX_BASKETS + d->data->nmetro + 1), sizeof *accts);
    Guard g = { accts, 0, NULL, 0 };
    for (int k = 0; k < d->data->nchapter; k++)
        if (B->chap_acct[k]) accts[nacct++] = B->chap_acct[k];
    for (int i = 0; i < B->nbasket; i++) accts[nacct++] = B->basket[i].id;
    for (int m = 0; m < d->data->nmetro; m++) accts[nacct++] = B->country_acct[m];
    accts[nacct++] = B->net;
    g.nacct = nacct;
    g.h = xcalloc((size_t)nacct * 6 + 1, sizeof *g.h);
    for (int i = 0; i < B->nplan; i++) order[i] = (Dated){ B->plan[i].at, i };
    qsort(order, (size_t)B->nplan, sizeof *order, dated_cmp);
    for (int o = 0; o < B->nplan; o++) {
        Plan *p = &B->plan[order[o].i];
        Entry x;
        if (!entry_of(d, B, p, &x)) {
            p->skipped = true;
            continue;
        }
        if (!guard_take(&g, &x)) {
            p->skipped = true;
            B->skipped++;
            continue;
        }
        bool existing = false;
        if (ledger_append(c, e, &ledger_operator, &x, NULL, &p->id, &existing) < 0) goto done;
        p->seq = x.seq;
    }
    if (claims_write(B, c, e) < 0 || orgs_backdate(d, B, c, e) < 0) goto done;
    rc = demo_accounts_backdate(c, e, d->start - DAY);
done:
    free(order);
    free(accts);
    free(g.h);
    return rc;
}
