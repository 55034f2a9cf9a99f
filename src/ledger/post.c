/* post.c - entries the books post on behalf of other features (see ledger.h):
 * a reversal, which is how the books correct and refund without editing. */
#include <string.h>

#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

static char *json_dup(Arena *a, json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? arena_strdup(a, s) : NULL;
}

int ledger_reverse_entry(DbConn *c, Err *e, Arena *a, int64_t tx, int64_t by, int64_t *id)
{
    json_t *t = NULL, *posts = NULL;
    int rc = -1;
    int found = transaction_get(c, e, tx, &t);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no transaction with that number.");
        return -1;
    }
    if (json_integer_value(json_object_get(t, "reversed"))) {
        err_set(e, E_CONFLICT, "That transaction was reversed already.");
        goto done;
    }
    if (str_eq(json_string_value(json_object_get(t, "kind")), "reversal")) {
        err_set(e, E_CONFLICT, "A reversal is not reversed; record the transaction again instead.");
        goto done;
    }
    posts = transaction_postings(c, e, tx);
    if (!posts) goto done;
    Entry x = { 0 };
    x.kind = "reversal";
    x.description = arena_printf(a, "Reversal of #%lld: %s", (long long)json_integer_value(json_object_get(t, "seq")),
                                 json_string_value(json_object_get(t, "description")));
    x.category = json_dup(a, t, "category");
    x.occurred_on = time_iso_date(a, now_unix());
    x.visibility = json_dup(a, t, "visibility");
    x.payer_id = json_integer_value(json_object_get(t, "recipient_id"));
    x.recipient_id = json_integer_value(json_object_get(t, "payer_id"));
    x.beneficiary_id = json_integer_value(json_object_get(t, "beneficiary_id"));
    x.recorded_by = by;
    x.recorded_at = now_unix();
    x.reverses_id = tx;
    size_t i;
    json_t *p;
    json_array_foreach(posts, i, p) {
        if (x.npostings == LEDGER_MAX_POSTINGS) break;
        Posting *q = &x.postings[x.npostings++];
        q->account_id = json_integer_value(json_object_get(p, "account_id"));
        q->resource = json_dup(a, p, "resource");
        q->amount = -json_integer_value(json_object_get(p, "amount"));
        q->value_amount = json_integer_value(json_object_get(p, "value_amount"));
        q->value_currency = json_dup(a, p, "value_currency");
        /* giving back what a basket received is refused once the basket has spent it */
        json_t *acct = NULL;
        if (q->amount < 0 && account_get(c, e, q->account_id, &acct) > 0 &&
            str_eq(json_string_value(json_object_get(acct, "kind")), "basket")) {
            int64_t bal = 0;
            if (basket_balance(c, e, q->account_id, q->resource, &bal) < 0 || bal + q->amount < 0) {
                json_decref(acct);
                if (!e->code) err_set(e, E_CONFLICT, "The basket no longer holds enough to give this back; reverse its spending first.");
                goto done;
            }
        }
        json_decref(acct);
        if (e->code) goto done;
    }
    bool existing;
    rc = ledger_append(c, e, &x, NULL, id, &existing);
done:
    json_decref(t);
    json_decref(posts);
    return rc;
}
