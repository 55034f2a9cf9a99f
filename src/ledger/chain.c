/* chain.c - tamper evidence of the books: the node's signing key, the signed
 * head of the hash chain, and the verification of the whole chain.
 *
 * Each transaction's hash covers its fields, its postings and the hash before
 * it (ledger_hash). Changing a stored transaction or posting breaks its hash;
 * deleting or reordering breaks the links. `glocal verify` recomputes
 * everything in order and names the first entry that does not hold; then it
 * sums the postings of every account again and names the first account whose
 * row of ledger_totals (from which balances are read) does not match. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "web/app.h"

int node_keys_ensure(DbConn *c, Err *e)
{
    Arena a;
    arena_init(&a, 512);
    int rc = 0;
    if (!setting_get(c, &a, "sign_public", NULL)) {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
        char pk_hex[sizeof pk * 2 + 1], sk_hex[sizeof sk * 2 + 1];
        crypto_sign_keypair(pk, sk);
        sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
        sodium_bin2hex(sk_hex, sizeof sk_hex, sk, sizeof sk);
        sodium_memzero(sk, sizeof sk);
        rc = setting_put(c, e, "sign_secret", sk_hex) < 0 || setting_put(c, e, "sign_public", pk_hex) < 0 ? -1 : 0;
        sodium_memzero(sk_hex, sizeof sk_hex);
    }
    arena_release(&a);
    return rc;
}

/* GET /ledger/head: the newest hash of the chain, signed by the node. */
int ledger_head(Req *r)
{
    Err e = { 0 };
    json_t *head = NULL;
    int found = ledger_head_row(r->db, &e, &head);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) head = json_pack("{s:i, s:s, s:i}", "seq", 0, "hash", LEDGER_GENESIS, "transactions", 0);
    const char *sk_hex = setting_get(r->db, r->arena, "sign_secret", NULL);
    const char *pk_hex = setting_get(r->db, r->arena, "sign_public", NULL);
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    if (!sk_hex || sodium_hex2bin(sk, sizeof sk, sk_hex, strlen(sk_hex), NULL, NULL, NULL) != 0) {
        json_decref(head);
        return req_fail(r, E_UNAVAILABLE, "This node has no signing key yet; restart it to make one.");
    }
    int64_t now = now_unix();
    const char *msg = req_printf(r, "glocal-ledger-head:%lld:%s:%lld", (long long)json_integer_value(json_object_get(head, "seq")),
                                 json_string_value(json_object_get(head, "hash")), (long long)now);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), sk);
    sodium_memzero(sk, sizeof sk);
    char sig_hex[sizeof sig * 2 + 1];
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    json_object_set_new(head, "signed_at", json_integer(now));
    json_object_set_new(head, "message", json_string(msg));
    json_object_set_new(head, "signature", json_string(sig_hex));
    json_object_set_new(head, "public_key", json_string(pk_hex));
    json_object_set_new(head, "algorithm", json_string("Ed25519"));
    req_set(r, "head", head);
    return req_page(r, "ledger/head");
}

static Entry entry_from(Arena *a, json_t *row)
{
    Entry x = { 0 };
    x.seq = json_integer_value(json_object_get(row, "seq"));
    x.kind = arena_strdup(a, json_string_value(json_object_get(row, "kind")));
    x.description = arena_strdup(a, json_string_value(json_object_get(row, "description")));
    x.category = arena_strdup(a, json_string_value(json_object_get(row, "category")));
    x.occurred_on = arena_strdup(a, json_string_value(json_object_get(row, "occurred_on")));
    x.visibility = arena_strdup(a, json_string_value(json_object_get(row, "visibility")));
    x.payer_id = json_integer_value(json_object_get(row, "payer_id"));
    x.recipient_id = json_integer_value(json_object_get(row, "recipient_id"));
    x.beneficiary_id = json_integer_value(json_object_get(row, "beneficiary_id"));
    x.approved_by = json_integer_value(json_object_get(row, "approved_by"));
    x.recorded_by = json_integer_value(json_object_get(row, "recorded_by"));
    x.recorded_at = json_integer_value(json_object_get(row, "recorded_at"));
    x.reverses_id = json_integer_value(json_object_get(row, "reverses_id"));
    x.meeting_id = json_integer_value(json_object_get(row, "meeting_id"));
    return x;
}

/* ledger_totals (what the balances are read from) against the sums of the
 * postings: the first account and resource that disagree, in words. */
static int totals_verify(DbConn *c, VerifyReport *out, Err *e)
{
    if (totals_rows(c, e, &out->totals_rows) < 0) return -1;
    json_t *d = NULL;
    int found = totals_drift(c, e, &d);
    if (found <= 0) return found;
    Arena a;
    arena_init(&a, 512);
    const char *res = json_string_value(json_object_get(d, "resource"));
    const char *kind = json_string_value(json_object_get(d, "resource_kind"));
    int64_t dec = json_integer_value(json_object_get(d, "decimals"));
#define AMOUNT(key) amount_format(&a, json_integer_value(json_object_get(d, key)), kind ? kind : "goods", dec)
    out->totals_bad_account = json_integer_value(json_object_get(d, "account_id"));
    snprintf(out->totals_resource, sizeof out->totals_resource, "%s", res ? res : "");
    const char *who = json_string_value(json_object_get(d, "account"));
    const char *what = json_string_value(json_object_get(d, "account_kind"));
    int at = snprintf(out->totals_reason, sizeof out->totals_reason, "account %lld (%s \"%s\"), %s: ",
                      (long long)out->totals_bad_account, what ? what : "unknown", who ? who : "", out->totals_resource);
    if (at > 0 && (size_t)at < sizeof out->totals_reason) {
        size_t left = sizeof out->totals_reason - (size_t)at;
        char *p = out->totals_reason + at;
        if (!json_integer_value(json_object_get(d, "kept")))
            snprintf(p, left, "it has postings (in %s, out %s) but no row in ledger_totals", AMOUNT("inflow"), AMOUNT("outflow"));
        else
            snprintf(p, left, "ledger_totals holds in %s, out %s; its postings add up to in %s, out %s",
                     AMOUNT("kept_inflow"), AMOUNT("kept_outflow"), AMOUNT("inflow"), AMOUNT("outflow"));
    }
#undef AMOUNT
    arena_release(&a);
    json_decref(d);
    return 0;
}

int ledger_verify(DbConn *c, VerifyReport *out, Progress *progress, Err *e)
{
    memset(out, 0, sizeof *out);
    Progress quiet;
    if (!progress) progress_start(progress = &quiet, false, "entries");
    char prev[65];
    snprintf(prev, sizeof prev, "%s", LEDGER_GENESIS);
    int64_t after = 0, expect = 1, last;
    enum { BATCH = 2000 };
    if (chain_last_seq(c, e, &last) < 0) return -1;
    progress_stage(progress, "the chain", last);
    for (;;) {
        json_t *rows = chain_rows(c, e, after, BATCH);
        json_t *posts = rows ? chain_postings(c, e, after, BATCH) : NULL;
        if (!posts) {
            json_decref(rows);
            return -1;
        }
        size_t n = json_array_size(rows), pi = 0;
        Arena a;
        arena_init(&a, 16384);
        for (size_t i = 0; i < n && !out->bad_seq; i++) {
            json_t *row = json_array_get(rows, i);
            Entry x = entry_from(&a, row);
            int64_t id = json_integer_value(json_object_get(row, "id"));
            /* its postings, in order of insertion */
            while (pi < json_array_size(posts) && json_integer_value(json_object_get(json_array_get(posts, pi), "transaction_id")) < id) pi++;
            for (; pi < json_array_size(posts); pi++) {
                json_t *p = json_array_get(posts, pi);
                if (json_integer_value(json_object_get(p, "transaction_id")) != id) break;
                if (x.npostings == LEDGER_MAX_POSTINGS) break;
                Posting *q = &x.postings[x.npostings++];
                q->account_id = json_integer_value(json_object_get(p, "account_id"));
                q->resource = arena_strdup(&a, json_string_value(json_object_get(p, "resource")));
                q->amount = json_integer_value(json_object_get(p, "amount"));
                q->value_amount = json_integer_value(json_object_get(p, "value_amount"));
                q->value_currency = json_is_string(json_object_get(p, "value_currency"))
                                        ? arena_strdup(&a, json_string_value(json_object_get(p, "value_currency"))) : NULL;
            }
            char hash[65];
            const char *stored = json_string_value(json_object_get(row, "hash"));
            const char *stored_prev = json_string_value(json_object_get(row, "prev_hash"));
            out->checked++;
            if (x.seq != expect)
                snprintf(out->reason, sizeof out->reason, "the chain jumps from %lld to %lld: an entry is missing or out of order",
                         (long long)expect - 1, (long long)x.seq);
            else if (!str_eq(stored_prev, prev))
                snprintf(out->reason, sizeof out->reason, "its link to the entry before does not match: entries were removed or reordered");
            else {
                ledger_hash(prev, &x, hash);
                if (!str_eq(hash, stored))
                    snprintf(out->reason, sizeof out->reason, "its contents do not match its hash: the transaction or one of its postings was changed");
            }
            if (out->reason[0]) {
                out->bad_seq = x.seq;
                out->bad_id = id;
                break;
            }
            snprintf(prev, sizeof prev, "%s", stored);
            expect++;
            after = x.seq;
        }
        arena_release(&a);
        json_decref(rows);
        json_decref(posts);
        progress_step(progress, (int64_t)n);
        if (out->bad_seq || n < BATCH) break;
    }
    progress_stage_end(progress);
    /* one statement: no count to show as it runs, only that it is under way */
    progress_stage(progress, "the totals", 0);
    progress_step(progress, 0);
    int rc = totals_verify(c, out, e);
    if (rc < 0) progress_abort(progress);
    else {
        progress->done = out->totals_rows;
        progress_stage_end(progress);
    }
    return rc;
}
