/* record.c - recording in a chapter's books: a transaction from the form
 * (one amount between the chapter, or one of its baskets, and another
 * account), one with explicit postings (the API), a reversal, and the small
 * contributions of a meeting. Each checks its input, then appends under the
 * books' lock through the gate (ledger_append). The rules of the form's
 * sides are ledger_sides (rules.c). */
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "ledger/internal.h"
#include "ledger/store.h"
#include "meetings/meetings.h"

/* ---------- shared by the operations ---------- */

int resource_within(Arena *a, json_t *res, int64_t amount, Err *e)
{
    return amount_within(a, amount, json_string_value(json_object_get(res, "code")), json_string_value(json_object_get(res, "kind")),
                         json_integer_value(json_object_get(res, "decimals")), json_integer_value(json_object_get(res, "max_amount")), e);
}

int amount_read(DbConn *c, Err *e, const char *resource, const char *text, const char *field, int64_t *amount, json_t **res,
                FieldErrs *f)
{
    *res = NULL;
    int found = resource_get(c, e, resource ? resource : "", res);
    if (found < 0) return -1;
    if (!found) return field_err(f, "resource", "Choose a resource: a currency like EUR, or HOURS, GOODS or FAVOURS."), 0;
    Err why = { 0 };
    if (amount_parse(text, json_string_value(json_object_get(*res, "kind")), json_integer_value(json_object_get(*res, "decimals")), amount,
                     &why) < 0 ||
        resource_within(f->a, *res, *amount, &why) < 0)
        field_err(f, field, "%s", why.msg);
    return 0;
}

int account_in_books(DbConn *c, Err *e, int64_t account, int64_t chapter_account)
{
    if (account == chapter_account) return 1;
    json_t *a = NULL;
    int found = account_get(c, e, account, &a);
    bool ours = found > 0 && json_integer_value(json_object_get(a, "parent_id")) == chapter_account;
    json_decref(a);
    return found < 0 ? -1 : ours;
}

void gate_field(Err *e, const char *who, const char *how_much)
{
    if (!e->field[0] && (e->code == E_FORBIDDEN || e->code == E_CONFLICT || e->code == E_INVALID))
        snprintf(e->field, sizeof e->field, "%s", e->code == E_FORBIDDEN ? who : how_much);
}

/* An account named by a person at `field`: 0, or -1 with the field (422 when
 * the name is malformed or names nothing, unless `keep` keeps other codes). */
static int account_named(DbConn *c, Err *e, Arena *a, const char *text, const char *field, bool keep, int64_t *id)
{
    AccountRef ref;
    if (account_ref_parse(a, text, &ref, e) == 0 && account_resolve(c, e, &ref, id) == 0) return 0;
    if (!keep || e->code == E_NOT_FOUND) e->code = E_INVALID;
    snprintf(e->field, sizeof e->field, "%s", field);
    return -1;
}

/* ---------- a transaction from the form ---------- */

typedef struct Record {
    RecordForm *form;
    const Actor *actor;
    Arena *arena;
    int64_t amount;
    Recorded *out;
} Record;

/* The basket chosen on the form, if it is one of the chapter's: *purpose set. 0, or -1. */
static int basket_of(DbConn *c, Err *e, int64_t basket, int64_t chapter, const char **purpose, Arena *a)
{
    json_t *b = NULL;
    int found = basket ? account_get(c, e, basket, &b) : 0;
    if (found > 0 && str_eq(json_string_value(json_object_get(b, "kind")), "basket") &&
        json_integer_value(json_object_get(b, "parent_id")) == chapter)
        *purpose = arena_strdup(a, json_string_value(json_object_get(b, "purpose")));
    json_decref(b);
    return found < 0 && e->code != E_NOT_FOUND ? -1 : 0;
}

static int record_tx(DbConn *c, void *ctx, Err *e)
{
    Record *rec = ctx;
    RecordForm *form = rec->form;
    Entry *x = &form->x;
    if (form->idem && *form->idem) {
        int found = ledger_idempotent(c, e, x->recorded_by, form->idem, x->kind, x->description, &rec->out->id);
        if (found) return found < 0 ? -1 : (rec->out->existing = true, 0);
    }
    Sides s = { .kind = x->kind, .category = x->category };
    if (account_of(c, e, "chapter", form->chapter, &s.chapter) < 0) return -1;
    if (form->counterpart && account_named(c, e, rec->arena, form->counterpart, "counterpart", true, &s.other) < 0) return -1;
    if (!str_empty(form->beneficiary) && account_named(c, e, rec->arena, form->beneficiary, "beneficiary", false, &x->beneficiary_id) < 0)
        return -1;
    json_t *oa = NULL;
    if (s.other && account_get(c, e, s.other, &oa) < 0) return -1;
    s.other_kind = oa ? arena_strdup(rec->arena, json_string_value(json_object_get(oa, "kind"))) : NULL;
    json_decref(oa);
    const char *purpose = NULL;
    if ((str_eq(x->kind, "basket_funding") || str_eq(x->kind, "basket_spending")) &&
        basket_of(c, e, form->basket, s.chapter, &purpose, rec->arena) < 0)
        return -1;
    if (purpose) {
        s.basket = form->basket;
        s.basket_purpose = purpose;
    }
    if (ledger_sides(&s, e) < 0) return -1;
    x->category = s.category;
    x->payer_id = s.payer;
    x->recipient_id = s.recipient;
    x->postings[0].account_id = s.payer;
    x->postings[0].amount = -rec->amount;
    x->postings[1] = x->postings[0];
    x->postings[1].account_id = s.recipient;
    x->postings[1].amount = rec->amount;
    x->npostings = 2;
    if (str_eq(x->kind, "expense") || str_eq(x->kind, "basket_spending")) x->approved_by = x->recorded_by;
    /* whether this person may take from the payer: the gate, as for every entry */
    int rc = ledger_append(c, e, rec->actor, x, form->idem, &rec->out->id, &rec->out->existing);
    gate_field(e, "counterpart", "amount");
    return rc;
}

/* The form's resource, amount and worth of goods: problems in f. 0, or -1 on a database error. */
static int form_amounts(DbConn *c, Err *e, Arena *a, RecordForm *form, int64_t *amount, FieldErrs *f)
{
    Entry *x = &form->x;
    json_t *res = NULL;
    if (amount_read(c, e, form->resource, form->amount, "amount", amount, &res, f) < 0) return -1;
    if (!res) return 0;
    const char *rkind = json_string_value(json_object_get(res, "kind"));
    if ((str_eq(x->kind, "basket_funding") || str_eq(x->kind, "basket_spending")) && !str_eq(rkind, "money"))
        field_err(f, "resource", "Baskets hold money.");
    int64_t value = 0;
    const char *vcur = form->value_currency;
    if (str_eq(rkind, "goods") && !str_empty(form->value_amount)) {
        Err why = { 0 };
        if (amount_parse(form->value_amount, "money", 2, &value, &why) < 0) field_err(f, "value_amount", "%s", why.msg);
        if (str_empty(vcur)) vcur = "EUR";
    } else {
        vcur = NULL;
    }
    x->postings[0].resource = arena_strdup(a, json_string_value(json_object_get(res, "code")));
    x->postings[0].value_amount = value;
    x->postings[0].value_currency = vcur;
    json_decref(res);
    return 0;
}

static int record_postings(DbConn *c, Err *e, Arena *a, const Actor *actor, RecordForm *form, FieldErrs *f, Recorded *out);

int ledger_record_form(DbConn *c, Err *e, Arena *a, const Actor *actor, RecordForm *form, FieldErrs *f, Recorded *out)
{
    *out = (Recorded){ 0 };
    if (form->npostings >= 0) return record_postings(c, e, a, actor, form, f, out);
    Record rec = { form, actor, a, 0, out };
    ledger_entry_check(&form->x, form->idem, form->today, f);
    if (form_amounts(c, e, a, form, &rec.amount, f) < 0) return -1;
    if (f->n) return fields_failed(e, f);
    if (db_write_locked(c, LEDGER_LOCK_KEY, record_tx, &rec, e) < 0) return -1;
    if (!out->existing)
        log_info("ledger: transaction %lld (%s) recorded by %lld", (long long)out->id, form->x.kind, (long long)form->x.recorded_by);
    return 0;
}

/* ---------- a transaction with explicit postings (the API) ---------- */

typedef struct Split {
    RecordForm *form;
    const Actor *actor;
    Arena *arena;
    Recorded *out;
} Split;

/* Posting i of the form: its account and its signed amount ("-12.50" takes out of the account). */
static int split_posting(DbConn *c, Err *e, Arena *a, RecordForm *form, int i, int64_t chapter, bool *ours)
{
    Posting *p = &form->x.postings[i];
    AccountRef ref;
    if (account_ref_parse(a, form->refs[i], &ref, e) < 0 || account_resolve(c, e, &ref, &p->account_id) < 0) {
        const char *why = arena_strdup(a, e->msg);
        return err_field(e, E_INVALID, "postings", "Posting %d: %s", i + 1, why);
    }
    int own = account_in_books(c, e, p->account_id, chapter);
    if (own < 0) return -1;
    json_t *res = NULL;
    int found = resource_get(c, e, form->resources[i], &res);
    if (found <= 0)
        return found < 0 ? -1 : err_field(e, E_INVALID, "postings", "Posting %d: there is no resource called %s.", i + 1, form->resources[i]);
    const char *t = form->amounts[i] ? form->amounts[i] : "";
    bool neg = *t == '-';
    int64_t v = 0;
    int rc = amount_parse(neg ? t + 1 : t, json_string_value(json_object_get(res, "kind")), json_integer_value(json_object_get(res, "decimals")),
                          &v, e);
    p->resource = arena_strdup(a, json_string_value(json_object_get(res, "code")));
    json_decref(res);
    if (rc < 0) {
        const char *why = arena_strdup(a, e->msg);
        return err_field(e, E_INVALID, "postings", "Posting %d: %s", i + 1, why);
    }
    p->amount = neg ? -v : v;
    if (own) *ours = true;
    return 0;
}

static int split_tx(DbConn *c, void *ctx, Err *e)
{
    Split *s = ctx;
    Entry *x = &s->form->x;
    int64_t chapter = 0;
    if (account_of(c, e, "chapter", s->form->chapter, &chapter) < 0) return -1;
    bool ours = false;
    for (int i = 0; i < x->npostings; i++) {
        if (split_posting(c, e, s->arena, s->form, i, chapter, &ours) < 0) return -1;
        Posting *p = &x->postings[i];
        if (p->amount < 0 && !x->payer_id) x->payer_id = p->account_id;
        if (p->amount > 0 && !x->recipient_id) x->recipient_id = p->account_id;
    }
    if (!ours) return err_field(e, E_INVALID, "postings", "At least one posting must be in this chapter's books.");
    /* who may take from which account: the gate, as for every entry */
    int rc = ledger_append(c, e, s->actor, x, s->form->idem, &s->out->id, &s->out->existing);
    gate_field(e, "postings", "postings");
    return rc;
}

static int record_postings(DbConn *c, Err *e, Arena *a, const Actor *actor, RecordForm *form, FieldErrs *f, Recorded *out)
{
    ledger_entry_check(&form->x, form->idem, form->today, f);
    int n = form->npostings;
    if (n < 2 || n > LEDGER_MAX_POSTINGS) field_err(f, "postings", "Give between 2 and %d postings.", LEDGER_MAX_POSTINGS);
    if (form->postings_malformed)
        field_err(f, "postings", "Each posting is {\"account\": \"chapter:x\", \"resource\": \"EUR\", \"amount\": \"-12.50\"}.");
    if (f->n) return fields_failed(e, f);
    form->x.npostings = n;
    Split s = { form, actor, a, out };
    if (db_write_locked(c, LEDGER_LOCK_KEY, split_tx, &s, e) < 0) {
        if (e->code == E_INVALID && !e->field[0]) snprintf(e->field, sizeof e->field, "postings");
        return -1;
    }
    return 0;
}

/* ---------- a reversal ---------- */

typedef struct Reverse {
    int64_t chapter, tx, by, id;
    Arena *arena;
    const Actor *actor;
} Reverse;

static int reverse_tx(DbConn *c, void *ctx, Err *e)
{
    Reverse *rv = ctx;
    int64_t chapter = 0;
    if (account_of(c, e, "chapter", rv->chapter, &chapter) < 0) return -1;
    json_t *posts = transaction_postings(c, e, rv->tx);
    if (!posts) return -1;
    if (json_array_size(posts) == 0) {
        json_decref(posts);
        return err_set(e, E_NOT_FOUND, "There is no transaction with that number.");
    }
    /* it must touch this chapter's books (its account or one of its baskets) */
    bool ours = false;
    size_t i;
    json_t *p;
    json_array_foreach(posts, i, p)
        if (account_in_books(c, e, json_integer_value(json_object_get(p, "account_id")), chapter) > 0) ours = true;
    json_decref(posts);
    if (!ours) return err_set(e, E_NOT_FOUND, "That transaction is not in this chapter's books.");
    return ledger_reverse_entry(c, e, rv->arena, rv->actor, rv->tx, rv->by, &rv->id);
}

int ledger_reverse_in(DbConn *c, Err *e, Arena *a, const Actor *actor, int64_t chapter, int64_t tx, int64_t by, int64_t *id)
{
    Reverse rv = { chapter, tx, by, 0, a, actor };
    if (db_write_locked(c, LEDGER_LOCK_KEY, reverse_tx, &rv, e) < 0) return -1;
    *id = rv.id;
    return 0;
}

/* ---------- quick capture at a meeting ---------- */

typedef struct CaptureCtx {
    Capture *cp;
    const Actor *actor;
    Arena *arena;
    int64_t amounts[CAPTURE_ROWS];
} CaptureCtx;

/* Row i: a contribution from who gave to the chapter's account. */
static int capture_row(DbConn *c, Err *e, CaptureCtx *cc, int i, int64_t chapter)
{
    Capture *cp = cc->cp;
    int64_t from = 0;
    if (account_named(c, e, cc->arena, cp->who[i], "who", false, &from) < 0) return -1;
    int64_t now = now_unix();
    Entry x = { .kind = "contribution", .category = "meeting", .visibility = "unit", .payer_id = from, .recipient_id = chapter,
                .recorded_by = cp->by, .recorded_at = now, .meeting_id = cp->meeting };
    x.description = str_empty(cp->note[i]) ? "At the meeting" : cp->note[i];
    x.occurred_on = time_iso_date(cc->arena, now);
    x.postings[0] = (Posting){ from, cp->resource[i], -cc->amounts[i], 0, NULL };
    x.postings[1] = (Posting){ chapter, cp->resource[i], cc->amounts[i], 0, NULL };
    x.npostings = 2;
    int64_t id;
    bool existing;
    if (ledger_append(c, e, cc->actor, &x, NULL, &id, &existing) == 0) return 0;
    /* the gate: the row at fault is named, at the field of who gave */
    if (!e->field[0]) {
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e->msg);
        err_field(e, e->code, e->code == E_FORBIDDEN ? "who" : "amount", "Row %d: %s", i + 1, why);
    }
    return -1;
}

static int capture_tx(DbConn *c, void *ctx, Err *e)
{
    CaptureCtx *cc = ctx;
    int64_t chapter = 0;
    cc->cp->made = 0;
    if (account_of(c, e, "chapter", cc->cp->chapter, &chapter) < 0) return -1;
    for (int i = 0; i < cc->cp->n; i++) {
        if (capture_row(c, e, cc, i, chapter) < 0) return -1;
        cc->cp->made++;
    }
    return 0;
}

/* Keeps the rows filled in (their resource's code, their amount), noting a problem for each bad one. */
static int capture_rows(DbConn *c, Arena *a, CaptureCtx *cc, FieldErrs *f)
{
    Capture *cp = cc->cp;
    int rows = 0;
    for (int i = 0; i < cp->n; i++) {
        if (str_empty(cp->who[i]) && str_empty(cp->amount[i])) continue;
        Err why = { 0 };
        json_t *res = NULL;
        if (resource_get(c, &why, cp->resource[i], &res) <= 0) {
            field_err(f, "resource", "Row %d: choose HOURS, GOODS, FAVOURS or a currency.", i + 1);
            continue;
        }
        if (amount_parse(cp->amount[i], json_string_value(json_object_get(res, "kind")), json_integer_value(json_object_get(res, "decimals")),
                         &cc->amounts[rows], &why) < 0 ||
            resource_within(a, res, cc->amounts[rows], &why) < 0)
            field_err(f, "amount", "Row %d: %s", i + 1, why.msg);
        cp->who[rows] = cp->who[i];
        cp->resource[rows] = arena_strdup(a, json_string_value(json_object_get(res, "code")));
        cp->note[rows] = i < cp->nnote ? cp->note[i] : "";
        json_decref(res);
        rows++;
    }
    return rows;
}

int ledger_capture(DbConn *c, Err *e, Arena *a, const Actor *actor, Capture *cp, FieldErrs *f)
{
    int known = meeting_in_chapter(c, e, cp->chapter, cp->meeting);
    if (known <= 0) return known < 0 ? -1 : err_set(e, E_NOT_FOUND, "This chapter has no meeting with that number.");
    CaptureCtx cc = { .cp = cp, .actor = actor, .arena = a };
    cp->n = capture_rows(c, a, &cc, f);
    if (!cp->n && !f->n) field_err(f, "who", "Fill in at least one row: who, what and how much.");
    if (f->n) return fields_failed(e, f);
    return db_write_locked(c, LEDGER_LOCK_KEY, capture_tx, &cc, e);
}
