/* store_verify.c - what `glocal verify` reads (ledger_verify, chain.c): the
 * chain in batches, the rows of accounts and resources with their digests,
 * the totals (of each account, of each unit) and the volume against the
 * postings; and their rebuilding. */
#include <string.h>

#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

/* The first account and resource (in their order) whose row of ledger_totals
 * is not the sum of their postings, or that has a row without postings or
 * postings without a row; one statement, so it reads one state of both. */
/* A sum of a column that cannot overflow in SQL while it is summed (an older
 * version let SQLite totals pass 64 bits): the parts above and below 10^9
 * are summed apart, then put together (SQLite makes a floating-point number
 * of a result too large for an integer, which the report shows as such). */
#define SAFE_SUM(x) "(sum(" x " / 1000000000) * 1000000000 + sum(" x " % 1000000000))"

json_t *totals_drift(DbConn *c, Err *e, int64_t limit)
{
    return db_rows(c, e,
                   "WITH sums(account_id, resource, inflow, outflow) AS (SELECT account_id, resource,"
                   "        " SAFE_SUM("CASE WHEN amount > 0 THEN amount ELSE 0 END") ","
                   "        " SAFE_SUM("CASE WHEN amount < 0 THEN -amount ELSE 0 END")
                   "   FROM ledger_postings GROUP BY account_id, resource),"
                   " drift(account_id, resource, inflow, outflow, kept_inflow, kept_outflow, kept) AS ("
                   "  SELECT s.account_id, s.resource, s.inflow, s.outflow, coalesce(t.inflow, 0), coalesce(t.outflow, 0),"
                   "         CASE WHEN t.account_id IS NULL THEN 0 ELSE 1 END"
                   "    FROM sums s LEFT JOIN ledger_totals t ON t.account_id = s.account_id AND t.resource = s.resource"
                   "   WHERE t.account_id IS NULL OR t.inflow <> s.inflow OR t.outflow <> s.outflow"
                   "      OR t.inflow > 4000000000000000000 OR t.outflow > 4000000000000000000"
                   "  UNION ALL SELECT t.account_id, t.resource, 0, 0, t.inflow, t.outflow, 1 FROM ledger_totals t"
                   "   WHERE NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.account_id = t.account_id AND p.resource = t.resource))"
                   " SELECT d.account_id, d.resource, d.inflow, d.outflow, d.kept_inflow, d.kept_outflow, d.kept,"
                   "        a.kind AS account_kind, a.name AS account, r.kind AS resource_kind, r.decimals"
                   "   FROM drift d LEFT JOIN ledger_accounts a ON a.id = d.account_id LEFT JOIN resources r ON r.code = d.resource"
                   "  ORDER BY d.account_id, d.resource LIMIT $1",
                   DI(limit));
}

/* The unit of an account (a basket's parent, else the account itself): whose
 * row of ledger_unit_totals its postings add to (ledger_append, migration 035). */
#define UNIT_OF(a) "CASE WHEN " a ".kind = 'basket' AND " a ".parent_id IS NOT NULL THEN " a ".parent_id ELSE " a ".id END"

json_t *unit_totals_drift(DbConn *c, Err *e, int64_t limit)
{
    /* the postings summed by unit, beside the kept rows: a row on either side
     * alone, or two that differ, or one beyond what the books can count */
    return db_rows(c, e,
                   "WITH sums(unit_id, resource, inflow, outflow) AS (SELECT " UNIT_OF("a") ", p.resource,"
                   "        " SAFE_SUM("CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END") ","
                   "        " SAFE_SUM("CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END")
                   "   FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id"
                   "  GROUP BY " UNIT_OF("a") ", p.resource),"
                   " drift(unit_id, resource, inflow, outflow, kept_inflow, kept_outflow, kept) AS ("
                   "  SELECT coalesce(s.unit_id, t.unit_id), coalesce(s.resource, t.resource), coalesce(s.inflow, 0),"
                   "         coalesce(s.outflow, 0), coalesce(t.inflow, 0), coalesce(t.outflow, 0),"
                   "         CASE WHEN t.unit_id IS NULL THEN 0 ELSE 1 END"
                   "    FROM sums s FULL OUTER JOIN ledger_unit_totals t ON t.unit_id = s.unit_id AND t.resource = s.resource"
                   "   WHERE s.unit_id IS NULL OR t.unit_id IS NULL OR t.inflow <> s.inflow OR t.outflow <> s.outflow"
                   "      OR t.inflow > 4000000000000000000 OR t.outflow > 4000000000000000000)"
                   " SELECT d.unit_id AS account_id, d.resource, d.inflow, d.outflow, d.kept_inflow, d.kept_outflow, d.kept,"
                   "        a.kind AS account_kind, a.name AS account, r.kind AS resource_kind, r.decimals"
                   "   FROM drift d LEFT JOIN ledger_accounts a ON a.id = d.unit_id LEFT JOIN resources r ON r.code = d.resource"
                   "  ORDER BY d.unit_id, d.resource LIMIT $1",
                   DI(limit));
}

json_t *volume_drift(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT coalesce(v.resource, s.resource) AS resource, coalesce(v.volume, 0) AS kept, coalesce(s.inflow, 0) AS inflow"
                   "  FROM ledger_volume v FULL OUTER JOIN"
                   "       (SELECT resource, " SAFE_SUM("inflow") " AS inflow FROM ledger_totals GROUP BY resource) s"
                   "    ON s.resource = v.resource"
                   " WHERE coalesce(v.volume, 0) <> coalesce(s.inflow, 0) OR v.volume > 4000000000000000000"
                   " ORDER BY 1");
}

int ledger_totals_rebuild(DbConn *c, Err *e, int64_t *rows)
{
    if (db_lock(c, LEDGER_LOCK_KEY, e) < 0 || db_exec(c, e, "DELETE FROM ledger_totals") < 0 || db_exec(c, e, "DELETE FROM ledger_volume") < 0 ||
        db_exec(c, e, "DELETE FROM ledger_unit_totals") < 0)
        return -1;
    Err inner = { 0 };
    int n = db_exec(c, &inner,
                    "INSERT INTO ledger_totals (account_id, resource, inflow, outflow)"
                    " SELECT account_id, resource, " SAFE_SUM("CASE WHEN amount > 0 THEN amount ELSE 0 END") ","
                    "        " SAFE_SUM("CASE WHEN amount < 0 THEN -amount ELSE 0 END")
                    "   FROM ledger_postings GROUP BY account_id, resource");
    if (n >= 0)
        n = db_exec(c, &inner, "INSERT INTO ledger_volume (resource, volume) SELECT resource, sum(inflow) FROM ledger_totals GROUP BY resource") < 0
                ? -1 : n;
    if (n >= 0)
        n = db_exec(c, &inner,
                    "INSERT INTO ledger_unit_totals (unit_id, resource, inflow, outflow)"
                    " SELECT " UNIT_OF("a") ", t.resource, sum(t.inflow), sum(t.outflow)"
                    "   FROM ledger_totals t JOIN ledger_accounts a ON a.id = t.account_id GROUP BY " UNIT_OF("a") ", t.resource") < 0
                ? -1 : n;
    if (n < 0)
        return err_set(e, E_CONFLICT, "The postings of some account add up to more than the books can count (%s); `glocal verify --explain`"
                                      " names the entries beyond the limits. Nothing was changed.", inner.msg);
    *rows = n;
    return 0;
}

json_t *resource_rows(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT code, kind, decimals, digest FROM resources ORDER BY code");
}

int account_count(DbConn *c, Err *e, int64_t *n)
{
    *n = 0;
    return db_int64(c, e, n, "SELECT count(*) FROM ledger_accounts") < 0 ? -1 : 0;
}

json_t *account_rows(DbConn *c, Err *e, int64_t after, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT id, kind, ref_id, parent_id, name, purpose, digest FROM ledger_accounts WHERE id > $1 ORDER BY id LIMIT $2",
                   DI(after), DI(limit));
}

int chain_entry(DbConn *c, Err *e, int64_t seq, json_t **out)
{
    return db_row(c, e, out, "SELECT id, seq, hash FROM ledger_transactions WHERE seq = $1", DI(seq));
}

int totals_rows(DbConn *c, Err *e, int64_t *n)
{
    *n = 0;
    return db_int64(c, e, n, "SELECT count(*) FROM ledger_totals") < 0 ? -1 : 0;
}

int unit_totals_rows(DbConn *c, Err *e, int64_t *n)
{
    *n = 0;
    return db_int64(c, e, n, "SELECT count(*) FROM ledger_unit_totals") < 0 ? -1 : 0;
}

int chain_last_seq(DbConn *c, Err *e, int64_t *seq)
{
    *seq = 0;
    return db_int64(c, e, seq, "SELECT max(seq) FROM ledger_transactions") < 0 ? -1 : 0;
}

json_t *chain_rows(DbConn *c, Err *e, int64_t after_seq, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT id, seq, kind, description, category, occurred_on, visibility, payer_id, recipient_id, beneficiary_id,"
                   "       approved_by, recorded_by, recorded_at, reverses_id, meeting_id, prev_hash, hash, hash_version"
                   "  FROM ledger_transactions WHERE seq > $1 ORDER BY seq LIMIT $2",
                   DI(after_seq), DI(limit));
}

json_t *chain_postings(DbConn *c, Err *e, int64_t after_seq, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT p.transaction_id, p.account_id, p.resource, p.amount, p.value_amount, p.value_currency,"
                   "       a.digest AS account_digest, a.name AS account_name, r.digest AS resource_digest"
                   "  FROM ledger_postings p LEFT JOIN ledger_accounts a ON a.id = p.account_id LEFT JOIN resources r ON r.code = p.resource"
                   " WHERE p.transaction_id IN (SELECT t.id FROM ledger_transactions t WHERE t.seq > $1 ORDER BY t.seq LIMIT $2)"
                   " ORDER BY p.transaction_id, p.id",
                   DI(after_seq), DI(limit));
}
