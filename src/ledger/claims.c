/* claims.c - expense claims: a member asks to be paid back for what they
 * paid for the chapter (or one of its baskets); a connector approves it (an
 * expense enters the books, through the gate) or declines it. */
#include <string.h>

#include "base/str.h"
#include "ledger/internal.h"
#include "ledger/store.h"

typedef struct ClaimCtx {
    ClaimForm *form;
    Claim k;
    Arena *arena;
} ClaimCtx;

static int claim_tx(DbConn *c, void *ctx, Err *e)
{
    ClaimCtx *cc = ctx;
    AccountRef ref;
    if (!cc->k.account_id && account_of(c, e, "chapter", cc->form->chapter, &cc->k.account_id) < 0) return -1;
    if (!str_empty(cc->form->payee)) {
        if (account_ref_parse(cc->arena, cc->form->payee, &ref, e) < 0 || account_resolve(c, e, &ref, &cc->k.payee_id) < 0) {
            e->code = E_INVALID;
            snprintf(e->field, sizeof e->field, "payee");
            return -1;
        }
    } else if (account_of(c, e, "member", cc->k.claimed_by, &cc->k.payee_id) < 0) {
        return -1;
    }
    return claim_insert(c, e, &cc->k, &cc->form->id);
}

/* The basket named on the form, if it is one of the chapter's: the claim is on
 * it, for its purpose. 0, or -1 on a database error. */
static int claim_basket(DbConn *c, Err *e, Arena *a, ClaimCtx *cc, FieldErrs *f)
{
    int64_t chapter = 0;
    if (account_find(c, e, "chapter", cc->form->chapter, &chapter) < 0) return -1;
    json_t *b = NULL;
    int found = chapter ? account_get(c, e, cc->form->basket, &b) : 0;
    if (found < 0) return -1;
    if (!found || json_integer_value(json_object_get(b, "parent_id")) != chapter) {
        field_err(f, "basket", "Choose one of this chapter's baskets.");
    } else {
        cc->k.account_id = cc->form->basket;
        cc->k.category = arena_strdup(a, json_string_value(json_object_get(b, "purpose")));
    }
    json_decref(b);
    return 0;
}

int ledger_claim_open(DbConn *c, Err *e, Arena *a, ClaimForm *form, FieldErrs *f)
{
    ClaimCtx cc = { .form = form, .arena = a };
    Claim *k = &cc.k;
    *k = (Claim){ .claimed_by = form->by, .resource = form->resource, .description = form->description };
    json_t *res = NULL;
    if (amount_read(c, e, form->resource, form->amount, "amount", &k->amount, &res, f) < 0) return -1;
    if (res && !str_eq(json_string_value(json_object_get(res, "kind")), "money")) field_err(f, "resource", "Expense claims are in money.");
    json_decref(res);
    Entry fields = { .kind = "expense", .description = form->description, .category = form->category,
                     .occurred_on = form->occurred_on, .visibility = form->visibility };
    ledger_entry_check(&fields, NULL, form->today, f);
    k->category = fields.category;
    k->occurred_on = fields.occurred_on;
    k->visibility = fields.visibility;
    if (form->basket && claim_basket(c, e, a, &cc, f) < 0) return -1;
    if (f->n) return fields_failed(e, f);
    return db_write(c, claim_tx, &cc, e);
}

/* ---------- deciding ---------- */

typedef struct Decide {
    int64_t chapter, claim, by, tx;
    bool approve;
    Arena *arena;
    const Actor *actor;
} Decide;

/* The expense an approved claim `k` on account `acct` enters in the books. */
static int claim_expense(DbConn *c, Err *e, Decide *d, json_t *k, int64_t acct, bool basket)
{
    Arena *a = d->arena;
    int64_t amount = json_integer_value(json_object_get(k, "amount"));
    Entry x = { 0 };
    x.kind = basket ? "basket_spending" : "expense";
    x.description = arena_strdup(a, json_string_value(json_object_get(k, "description")));
    x.category = arena_strdup(a, json_string_value(json_object_get(k, "category")));
    x.occurred_on = arena_strdup(a, json_string_value(json_object_get(k, "occurred_on")));
    x.visibility = arena_strdup(a, json_string_value(json_object_get(k, "visibility")));
    x.payer_id = acct;
    x.recipient_id = json_integer_value(json_object_get(k, "payee_id"));
    x.approved_by = d->by;
    x.recorded_by = json_integer_value(json_object_get(k, "claimed_by"));
    x.recorded_at = now_unix();
    x.postings[0] = (Posting){ acct, arena_strdup(a, json_string_value(json_object_get(k, "resource"))), -amount, 0, NULL };
    x.postings[1] = (Posting){ x.recipient_id, x.postings[0].resource, amount, 0, NULL };
    x.npostings = 2;
    bool existing;
    return ledger_append(c, e, d->actor, &x, NULL, &d->tx, &existing);
}

static int decide_tx(DbConn *c, void *ctx, Err *e)
{
    Decide *d = ctx;
    json_t *k = NULL, *a = NULL;
    int64_t chapter = 0;
    int rc = -1;
    if (account_of(c, e, "chapter", d->chapter, &chapter) < 0) return -1;
    int found = claim_get(c, e, d->claim, &k);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "This chapter has no expense claim with that number.");
    int64_t acct = json_integer_value(json_object_get(k, "account_id"));
    if (account_get(c, e, acct, &a) <= 0) goto done;
    /* the claim is on this chapter's account or one of its baskets */
    bool ours = acct == chapter || json_integer_value(json_object_get(a, "parent_id")) == chapter;
    bool basket = str_eq(json_string_value(json_object_get(a, "kind")), "basket");
    if (!ours) {
        err_set(e, E_NOT_FOUND, "This chapter has no expense claim with that number.");
        goto done;
    }
    if (!str_eq(json_string_value(json_object_get(k, "status")), "pending")) {
        err_set(e, E_CONFLICT, "This claim was already %s.", json_string_value(json_object_get(k, "status")));
        goto done;
    }
    if (d->approve && claim_expense(c, e, d, k, acct, basket) < 0) goto done;
    rc = claim_decide(c, e, d->claim, d->approve ? "approved" : "declined", d->by, d->tx) < 0 ? -1 : 0;
done:
    json_decref(a);
    json_decref(k);
    return rc;
}

int ledger_claim_decide(DbConn *c, Err *e, Arena *a, const Actor *actor, int64_t chapter, int64_t claim, int64_t by, bool approve,
                        int64_t *tx)
{
    Decide d = { chapter, claim, by, 0, approve, a, actor };
    if (db_write_locked(c, LEDGER_LOCK_KEY, decide_tx, &d, e) < 0) return -1;
    *tx = d.tx;
    return 0;
}
