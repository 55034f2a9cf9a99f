/* post.c - what the books do on behalf of other features (see ledger.h): a
 * reversal, which is how the books correct and refund without editing; and
 * the rules other features register for the names of their baskets. */
#include <string.h>

#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

static char *json_dup(Arena *a, json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? arena_strdup(a, s) : NULL;
}

int ledger_reverse_entry(DbConn *c, Err *e, Arena *a, const Actor *actor, int64_t tx, int64_t by, int64_t *id)
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
    }
    /* the gate refuses a reversal that would take from books the actor does
     * not keep, or more out of a basket than it holds (it was spent since) */
    bool existing;
    rc = ledger_append(c, e, actor, &x, NULL, id, &existing);
    if (rc < 0 && e->code == E_CONFLICT)
        err_set(e, E_CONFLICT, "The basket no longer holds enough to give this back; reverse its spending first.");
done:
    json_decref(t);
    json_decref(posts);
    return rc;
}

/* ---------- the names of baskets ---------- */

static struct {
    const char *purpose;
    BasketRule rule;
} basket_rules[8];
static int nbasket_rules;

void ledger_basket_rule(const char *purpose, BasketRule rule)
{
    for (int i = 0; i < nbasket_rules; i++)
        if (str_eq(basket_rules[i].purpose, purpose)) {
            basket_rules[i].rule = rule;
            return;
        }
    if (nbasket_rules < (int)(sizeof basket_rules / sizeof *basket_rules))
        basket_rules[nbasket_rules++] = (typeof(basket_rules[0])){ purpose, rule };
}

int ledger_name_visible(DbConn *c, Err *e, const Viewer *v, const char *kind, const char *purpose, int64_t account, bool *visible)
{
    *visible = true;
    if (v->admin) return 0;
    if (str_eq(kind, "member")) {
        /* member profiles are for people logged in */
        *visible = v->user_id != 0;
        return 0;
    }
    if (!str_eq(kind, "basket") || !purpose) return 0;
    for (int i = 0; i < nbasket_rules; i++)
        if (str_eq(basket_rules[i].purpose, purpose)) return basket_rules[i].rule(c, e, account, v, visible);
    return 0;
}

const char *ledger_name_withheld(const char *kind, const char *purpose, const char *unit_kind)
{
    if (str_eq(kind, "member")) return "A member";
    bool event = str_eq(purpose, "event");
    if (str_eq(unit_kind, "chapter")) return event ? "An event of this chapter" : "A basket of this chapter";
    if (str_eq(unit_kind, "place")) return event ? "An event at this place" : "A basket of this place";
    return event ? "An event" : "A basket";
}
