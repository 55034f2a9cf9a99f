/* store_append.c - the one writer of the chain (ledger_append): the gate's
 * view of each posting, the totals and the volume kept beside the postings,
 * the digests of what accounts and resources stand for, idempotency keys.
 * The only writes to ledger_transactions and ledger_postings are its INSERTs;
 * the database refuses anything else. */
#include <string.h>

#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

/* ---------- the chain ---------- */

int ledger_idempotent(DbConn *c, Err *e, int64_t user, const char *key, const char *kind, const char *description, int64_t *id)
{
    json_t *t = NULL;
    int found = db_row(c, e, &t, "SELECT id, seq, kind, description FROM ledger_transactions WHERE idem_user = $1 AND idem_key = $2",
                       DI(user), DT(key));
    if (found <= 0) return found;
    bool same = str_eq(json_string_value(json_object_get(t, "kind")), kind) &&
                str_eq(json_string_value(json_object_get(t, "description")), description);
    *id = json_integer_value(json_object_get(t, "id"));
    if (!same)
        err_field(e, E_CONFLICT, "idempotency_key",
                  "This idempotency key was already used for another transaction (#%lld, \"%s\"). Use a new key for a new transaction.",
                  (long long)json_integer_value(json_object_get(t, "seq")), json_string_value(json_object_get(t, "description")));
    json_decref(t);
    return same ? 1 : -1;
}

/* Adds a posting to its account's row of ledger_totals (migration 007) and
 * to its unit's row of ledger_unit_totals (migration 035: the account itself,
 * or a basket's parent), in the transaction that inserts the posting: the
 * totals are never a posting behind for any reader, and a check that follows
 * in the same transaction (a basket spent twice in one request) sees what
 * came before it. ledger_append has checked that the sums stay within
 * LEDGER_TOTAL_MAX (the volume bounds a unit's sum as well as an account's). */
static int totals_add(DbConn *c, Err *e, const Posting *p, int64_t unit)
{
    int64_t in = p->amount > 0 ? p->amount : 0, out = p->amount < 0 ? -p->amount : 0;
    return db_exec(c, e,
                   "INSERT INTO ledger_totals (account_id, resource, inflow, outflow) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT (account_id, resource) DO UPDATE SET inflow = ledger_totals.inflow + excluded.inflow,"
                   "   outflow = ledger_totals.outflow + excluded.outflow",
                   DI(p->account_id), DT(p->resource), DI(in), DI(out)) < 0 ||
                   db_exec(c, e,
                           "INSERT INTO ledger_unit_totals (unit_id, resource, inflow, outflow) VALUES ($1, $2, $3, $4)"
                           " ON CONFLICT (unit_id, resource) DO UPDATE SET inflow = ledger_unit_totals.inflow + excluded.inflow,"
                           "   outflow = ledger_unit_totals.outflow + excluded.outflow",
                           DI(unit), DT(p->resource), DI(in), DI(out)) < 0 ? -1 : 0;
}

/* The digest of an account written before migration 008 (or by bench-data), made now. */
int account_digest_fill(DbConn *c, Err *e, int64_t id, char out[65])
{
    json_t *a = NULL;
    int found = db_row(c, e, &a, "SELECT kind, ref_id, parent_id, name, purpose FROM ledger_accounts WHERE id = $1", DI(id));
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no account %lld.", (long long)id);
    account_digest(id, json_string_value(json_object_get(a, "kind")), json_integer_value(json_object_get(a, "ref_id")),
                   json_integer_value(json_object_get(a, "parent_id")), json_string_value(json_object_get(a, "name")),
                   json_string_value(json_object_get(a, "purpose")), out);
    json_decref(a);
    return db_exec(c, e, "UPDATE ledger_accounts SET digest = $2 WHERE id = $1 AND digest = ''", DI(id), DT(out)) < 0 ? -1 : 0;
}

static int resource_digest_fill(DbConn *c, Err *e, const char *code, const char *kind, int64_t decimals, char out[65])
{
    resource_digest(code, kind, decimals, out);
    return db_exec(c, e, "UPDATE resources SET digest = $2 WHERE code = $1 AND digest = ''", DT(code), DT(out)) < 0 ? -1 : 0;
}

int ledger_digests_fill(DbConn *c, Err *e, int64_t *n)
{
    *n = 0;
    json_t *res = db_rows(c, e, "SELECT code, kind, decimals FROM resources WHERE digest = ''");
    if (!res) return -1;
    size_t i;
    json_t *r;
    char d[65];
    json_array_foreach(res, i, r) {
        if (resource_digest_fill(c, e, json_string_value(json_object_get(r, "code")), json_string_value(json_object_get(r, "kind")),
                                 json_integer_value(json_object_get(r, "decimals")), d) < 0) {
            json_decref(res);
            return -1;
        }
        (*n)++;
    }
    json_decref(res);
    for (;;) {
        /* in batches, by the partial index of the rows still to do */
        json_t *rows = db_rows(c, e,
                               "SELECT id, kind, ref_id, parent_id, name, purpose FROM ledger_accounts WHERE digest = ''"
                               " ORDER BY id LIMIT 2000");
        if (!rows) return -1;
        size_t count = json_array_size(rows);
        json_array_foreach(rows, i, r) {
            int64_t id = json_integer_value(json_object_get(r, "id"));
            account_digest(id, json_string_value(json_object_get(r, "kind")), json_integer_value(json_object_get(r, "ref_id")),
                           json_integer_value(json_object_get(r, "parent_id")), json_string_value(json_object_get(r, "name")),
                           json_string_value(json_object_get(r, "purpose")), d);
            if (db_exec(c, e, "UPDATE ledger_accounts SET digest = $2 WHERE id = $1 AND digest = ''", DI(id), DT(d)) < 0) {
                json_decref(rows);
                return -1;
            }
        }
        json_decref(rows);
        *n += (int64_t)count;
        if (count < 2000) return 0;
    }
}

/* What the gate and the chain need of each posting: its account (and unit),
 * its resource, the account's totals and the resource's volume so far; and
 * the account of its unit (unit[i]: whose row of ledger_unit_totals it adds to). */
static int gate_lines(DbConn *c, Err *e, Arena *a, Entry *x, GateLine *lines, int64_t *inflow, int64_t *outflow, int64_t *volume,
                      int64_t *unit)
{
    for (int i = 0; i < x->npostings; i++) {
        Posting *p = &x->postings[i];
        GateLine *l = &lines[i];
        DbRes *r = db_query(c, e,
                            "SELECT a.kind, a.ref_id, coalesce(u.kind, a.kind), coalesce(u.ref_id, a.ref_id), a.name, a.digest,"
                            "       r.kind, r.decimals, r.max_amount, r.digest, coalesce(t.inflow, 0), coalesce(t.outflow, 0),"
                            "       coalesce(v.volume, 0),"
                            "       CASE WHEN a.kind = 'basket' AND a.parent_id IS NOT NULL THEN a.parent_id ELSE a.id END"
                            "  FROM ledger_accounts a LEFT JOIN ledger_accounts u ON u.id = a.parent_id"
                            "  JOIN resources r ON r.code = $2"
                            "  LEFT JOIN ledger_totals t ON t.account_id = a.id AND t.resource = r.code"
                            "  LEFT JOIN ledger_volume v ON v.resource = r.code"
                            " WHERE a.id = $1",
                            DI(p->account_id), DT(p->resource));
        if (!r) return -1;
        int s = db_next(r);
        if (s <= 0) {
            db_done(r);
            if (s < 0) return -1;
            return err_set(e, E_INVALID, "Posting %d names an account or a resource that does not exist.", i + 1);
        }
        *l = (GateLine){
            .account = p->account_id, .kind = arena_strdup(a, db_text(r, 0)), .ref_id = db_int(r, 1),
            .unit_kind = arena_strdup(a, db_text(r, 2)), .unit_ref = db_int(r, 3), .name = arena_strdup(a, db_text(r, 4)),
            .resource = p->resource, .resource_kind = arena_strdup(a, db_text(r, 6)), .decimals = db_int(r, 7),
            .max_amount = db_int(r, 8), .amount = p->amount, .value_amount = p->value_amount,
        };
        p->account_digest = arena_strdup(a, db_text(r, 5));
        p->resource_digest = arena_strdup(a, db_text(r, 9));
        inflow[i] = db_int(r, 10);
        outflow[i] = db_int(r, 11);
        volume[i] = db_int(r, 12);
        unit[i] = db_int(r, 13);
        db_done(r);
        l->balance = inflow[i] - outflow[i];
        char d[65];
        if (!p->account_digest[0]) {
            if (account_digest_fill(c, e, p->account_id, d) < 0) return -1;
            p->account_digest = arena_strdup(a, d);
        }
        if (!p->resource_digest[0]) {
            if (resource_digest_fill(c, e, p->resource, l->resource_kind, l->decimals, d) < 0) return -1;
            p->resource_digest = arena_strdup(a, d);
        }
    }
    return 0;
}

/* The new totals of each posting's account and the new volume of each
 * resource, checked: -1 (422) when one would leave what the books can hold. */
static int sums_check(Err *e, const Entry *x, const GateLine *lines, const int64_t *inflow, const int64_t *outflow,
                      const int64_t *volume)
{
    for (int i = 0; i < x->npostings; i++) {
        const Posting *p = &x->postings[i];
        int64_t in, out, vol = volume[i];
        bool ok = ledger_add(inflow[i], p->amount > 0 ? p->amount : 0, &in) && ledger_add(outflow[i], p->amount < 0 ? -p->amount : 0, &out) &&
                  in >= 0 && out >= 0;
        /* the volume: every positive posting of this resource in the entry, added once */
        for (int k = 0; ok && k < x->npostings; k++)
            if (str_eq(x->postings[k].resource, p->resource) && x->postings[k].amount > 0)
                ok = ledger_add(vol, x->postings[k].amount, &vol) && vol >= 0;
        if (!ok)
            return err_set(e, E_INVALID,
                           "The books cannot hold this: %s's totals in %s (or the network's volume of it) would pass %lld, the most "
                           "they can count.", lines[i].name, p->resource, LEDGER_TOTAL_MAX);
    }
    return 0;
}

static int volume_add(DbConn *c, Err *e, const Entry *x)
{
    for (int i = 0; i < x->npostings; i++) {
        bool first = true;
        int64_t sum = 0;
        for (int k = 0; k < x->npostings; k++) {
            if (!str_eq(x->postings[k].resource, x->postings[i].resource)) continue;
            if (k < i) first = false;
            if (x->postings[k].amount > 0) sum += x->postings[k].amount;
        }
        if (!first || !sum) continue;
        if (db_exec(c, e,
                    "INSERT INTO ledger_volume (resource, volume) VALUES ($1, $2)"
                    " ON CONFLICT (resource) DO UPDATE SET volume = ledger_volume.volume + excluded.volume",
                    DT(x->postings[i].resource), DI(sum)) < 0)
            return -1;
    }
    return 0;
}

int ledger_append(DbConn *c, Err *e, const Actor *actor, Entry *x, const char *idem_key, int64_t *id, bool *existing)
{
    *existing = false;
    if (idem_key && *idem_key) {
        int found = ledger_idempotent(c, e, x->recorded_by, idem_key, x->kind, x->description, id);
        if (found < 0) return -1;
        if (found) {
            *existing = true;
            return 0;
        }
    }
    if (ledger_check_balance(x, e) < 0) return -1;
    /* the chain has one end: appends take turns (a no-op when the caller holds it already or on SQLite) */
    if (db_lock(c, LEDGER_LOCK_KEY, e) < 0) return -1;
    Arena a;
    arena_init(&a, 2048);
    GateLine lines[LEDGER_MAX_POSTINGS];
    int64_t inflow[LEDGER_MAX_POSTINGS], outflow[LEDGER_MAX_POSTINGS], volume[LEDGER_MAX_POSTINGS], unit[LEDGER_MAX_POSTINGS];
    int rc = -1;
    /* who may move what, and whether the sums still fit: before anything is written */
    if (gate_lines(c, e, &a, x, lines, inflow, outflow, volume, unit) < 0 || ledger_gate(actor, lines, x->npostings, &a, e) < 0 ||
        sums_check(e, x, lines, inflow, outflow, volume) < 0)
        goto done;
    json_t *last = NULL;
    int any = db_row(c, e, &last, "SELECT seq, hash FROM ledger_transactions ORDER BY seq DESC LIMIT 1");
    if (any < 0) goto done;
    char prev[65], hash[65];
    snprintf(prev, sizeof prev, "%s", any ? json_string_value(json_object_get(last, "hash")) : LEDGER_GENESIS);
    x->seq = any ? json_integer_value(json_object_get(last, "seq")) + 1 : 1;
    json_decref(last);
    x->hash_version = LEDGER_HASH_VERSION;
    ledger_hash(prev, x, hash);
    if (db_int64(c, e, id,
                 "INSERT INTO ledger_transactions (seq, kind, description, category, occurred_on, visibility, payer_id,"
                 "  recipient_id, beneficiary_id, approved_by, recorded_by, recorded_at, reverses_id, meeting_id,"
                 "  idem_user, idem_key, prev_hash, hash, hash_version)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
                 DI(x->seq), DT(x->kind), DT(x->description), DT(x->category), DT(x->occurred_on), DT(x->visibility),
                 DID(x->payer_id), DID(x->recipient_id), DID(x->beneficiary_id), DID(x->approved_by), DID(x->recorded_by),
                 DI(x->recorded_at), DID(x->reverses_id), DID(x->meeting_id),
                 idem_key && *idem_key ? DI(x->recorded_by) : DN, DT(idem_key && *idem_key ? idem_key : NULL),
                 DT(prev), DT(hash), DI(x->hash_version)) < 0)
        goto done;
    for (int i = 0; i < x->npostings; i++) {
        const Posting *p = &x->postings[i];
        if (db_exec(c, e,
                    "INSERT INTO ledger_postings (transaction_id, account_id, resource, amount, value_amount, value_currency)"
                    " VALUES ($1, $2, $3, $4, $5, $6)",
                    DI(*id), DI(p->account_id), DT(p->resource), DI(p->amount), p->value_currency ? DI(p->value_amount) : DN,
                    DT(p->value_currency)) < 0)
            goto done;
        if (totals_add(c, e, p, unit[i]) < 0) goto done;
    }
    if (volume_add(c, e, x) < 0) goto done;
    ledger_head_moved(c, x->seq, hash, x->recorded_at);
    if (str_eq(x->visibility, "public") && ledger_announce(c, e, *id) < 0) goto done;
    rc = 0;
done:
    /* the entry's strings that point into the arena are not used after this */
    for (int i = 0; i < x->npostings; i++) x->postings[i].account_digest = x->postings[i].resource_digest = NULL;
    arena_release(&a);
    return rc;
}
