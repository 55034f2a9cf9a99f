/* store.c - the SQL of the books (see ledger.h and store.h).
 *
 * The only writes to ledger_transactions and ledger_postings are the INSERTs
 * of ledger_append (store_append.c); the database refuses anything else;
 * what `glocal verify` reads is in store_verify.c. Balances are sums of
 * postings (all of them: totals are public aggregates), kept per account and
 * resource in ledger_totals by the same INSERTs; the lines themselves go
 * through ledger_visible before anyone sees them. */
#include <string.h>

#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

/* ---------- accounts ---------- */

int account_find(DbConn *c, Err *e, const char *kind, int64_t ref_id, int64_t *id)
{
    *id = 0;
    return db_int64(c, e, id, "SELECT id FROM ledger_accounts WHERE kind = $1 AND ref_id = $2 AND kind <> 'basket'",
                    DT(kind), DI(ref_id));
}

int account_of(DbConn *c, Err *e, const char *kind, int64_t ref_id, int64_t *id)
{
    int found = account_find(c, e, kind, ref_id, id);
    if (found != 0) return found < 0 ? -1 : 0;
    json_t *row = NULL;
    int named;
    if (str_eq(kind, "network")) named = db_row(c, e, &row, "SELECT 'The network' AS name");
    else if (str_eq(kind, "place")) named = db_row(c, e, &row, "SELECT name FROM places WHERE id = $1", DI(ref_id));
    else if (str_eq(kind, "chapter")) named = db_row(c, e, &row, "SELECT name FROM chapters WHERE id = $1", DI(ref_id));
    else if (str_eq(kind, "member")) named = db_row(c, e, &row, "SELECT name FROM users WHERE id = $1", DI(ref_id));
    else if (str_eq(kind, "organisation")) named = db_row(c, e, &row, "SELECT name FROM organisations WHERE id = $1", DI(ref_id));
    else return err_set(e, E_INVALID, "There is no kind of account called %s.", kind);
    if (named <= 0) return named < 0 ? -1 : err_set(e, E_NOT_FOUND, "That %s does not exist.", kind);
    int rc = db_int64(c, e, id, "INSERT INTO ledger_accounts (kind, ref_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                      DT(kind), DI(ref_id), DT(json_string_value(json_object_get(row, "name"))), DI(now_unix())) < 0 ? -1 : 0;
    json_decref(row);
    char d[65];
    return rc < 0 ? -1 : account_digest_fill(c, e, *id, d);
}

int account_resolve(DbConn *c, Err *e, const AccountRef *ref, int64_t *id)
{
    int64_t ref_id = 0;
    int found = 1;
    if (str_eq(ref->kind, "network")) return account_of(c, e, "network", 0, id);
    if (str_eq(ref->kind, "basket")) {
        if (!str_to_i64(ref->key, &ref_id)) return err_set(e, E_INVALID, "basket:%s is not a basket number.", ref->key);
        found = db_int64(c, e, id, "SELECT id FROM ledger_accounts WHERE id = $1 AND kind = 'basket'", DI(ref_id));
        return found < 0 ? -1 : found ? 0 : err_set(e, E_NOT_FOUND, "There is no basket %s.", ref->key);
    }
    if (str_eq(ref->kind, "member")) {
        if (!str_to_i64(ref->key, &ref_id)) return err_set(e, E_INVALID, "member:%s is not a member number.", ref->key);
        int64_t n = 0;
        if (db_int64(c, e, &n, "SELECT count(*) FROM users WHERE id = $1", DI(ref_id)) < 0) return -1;
        found = n > 0;
    } else if (str_eq(ref->kind, "chapter")) {
        found = db_int64(c, e, &ref_id, "SELECT id FROM chapters WHERE slug = $1", DT(ref->key));
    } else if (str_eq(ref->kind, "place")) {
        found = db_int64(c, e, &ref_id, "SELECT id FROM places WHERE slug = $1", DT(ref->key));
    } else if (str_eq(ref->kind, "organisation")) {
        found = db_int64(c, e, &ref_id, "SELECT id FROM organisations WHERE slug = $1", DT(ref->key));
    }
    if (found < 0) return -1;
    if (!found) return err_set(e, E_NOT_FOUND, "There is no %s called \"%s\".", ref->kind, ref->key);
    return account_of(c, e, ref->kind, ref_id, id);
}

int account_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT a.id, a.kind, a.ref_id, a.name, a.purpose, a.parent_id,"
                  "       coalesce(p.kind, a.kind) AS unit_kind, coalesce(p.ref_id, a.ref_id) AS unit_ref"
                  "  FROM ledger_accounts a LEFT JOIN ledger_accounts p ON p.id = a.parent_id WHERE a.id = $1",
                  DI(id));
}

int basket_insert(DbConn *c, Err *e, int64_t parent, const char *name, const char *purpose, int64_t *id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM ledger_accounts WHERE parent_id = $1 AND name = $2", DI(parent), DT(name)) < 0)
        return -1;
    if (n) return err_field(e, E_CONFLICT, "name", "There is already a basket called \"%s\" here.", name);
    char d[65];
    return db_int64(c, e, id,
                    "INSERT INTO ledger_accounts (kind, ref_id, parent_id, name, purpose, created_at)"
                    " VALUES ('basket', 0, $1, $2, $3, $4) RETURNING id",
                    DI(parent), DT(name), DT(purpose), DI(now_unix())) < 0 || account_digest_fill(c, e, *id, d) < 0 ? -1 : 0;
}

json_t *unit_baskets(DbConn *c, Err *e, int64_t parent)
{
    return db_rows(c, e,
                   "SELECT b.id, b.name, b.purpose, b.created_at, 'basket' AS kind"
                   "  FROM ledger_accounts b WHERE b.parent_id = $1 AND b.kind = 'basket' ORDER BY b.name",
                   DI(parent));
}

/* ---------- balances ---------- */

/* Balances are read from ledger_totals (migration 007): one row per account
 * and resource, kept by ledger_append, instead of summing every posting the
 * account ever had. */

json_t *account_balances(DbConn *c, Err *e, int64_t account)
{
    return db_rows(c, e,
                   "SELECT t.resource, r.kind, r.decimals, t.inflow - t.outflow AS balance, t.inflow, t.outflow"
                   "  FROM ledger_totals t JOIN resources r ON r.code = t.resource"
                   " WHERE t.account_id = $1 ORDER BY r.kind, t.resource",
                   DI(account));
}

int basket_balance(DbConn *c, Err *e, int64_t basket, const char *resource, int64_t *out)
{
    *out = 0;
    return db_int64(c, e, out, "SELECT inflow - outflow FROM ledger_totals WHERE account_id = $1 AND resource = $2",
                    DI(basket), DT(resource)) < 0 ? -1 : 0;
}

int resource_get(DbConn *c, Err *e, const char *code, json_t **out)
{
    return db_row(c, e, out, "SELECT code, kind, name, decimals, max_amount FROM resources WHERE code = $1", DT(code));
}

json_t *resource_all(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT code, kind, name, decimals FROM resources ORDER BY CASE kind WHEN 'money' THEN 0 ELSE 1 END, code");
}

const char *chapter_currency(DbConn *c, Err *e, Arena *a, int64_t chapter)
{
    json_t *row = NULL;
    /* the money its books moved most, its baskets' (an event's) included: its
     * unit's rows (migration 035; the OR of its account and its baskets read
     * every account's totals, half a second on the benchmark's network) */
    int found = db_row(c, e, &row,
                       "SELECT t.resource FROM ledger_accounts a JOIN ledger_unit_totals t ON t.unit_id = a.id"
                       "  JOIN resources r ON r.code = t.resource"
                       " WHERE a.kind = 'chapter' AND a.kind <> 'basket' AND a.ref_id = $1 AND r.kind = 'money'"
                       " ORDER BY t.inflow + t.outflow DESC, t.resource LIMIT 1",
                       DI(chapter));
    if (found == 0)
        found = db_row(c, e, &row,
                       "WITH RECURSIVE up (id, parent_id, kind, slug) AS ("
                       "  SELECT p.id, p.parent_id, p.kind, p.slug FROM places p JOIN chapters ch ON ch.metro_id = p.id WHERE ch.id = $1"
                       "  UNION ALL SELECT p.id, p.parent_id, p.kind, p.slug FROM places p JOIN up ON p.id = up.parent_id)"
                       " SELECT slug AS country FROM up WHERE kind = 'country' LIMIT 1",
                       DI(chapter));
    const char *code = NULL;
    if (found > 0) {
        const char *got = json_string_value(json_object_get(row, "resource"));
        const char *pick = got ? got : ledger_country_currency(json_string_value(json_object_get(row, "country")));
        code = pick ? arena_strdup(a, pick) : NULL;
    }
    json_decref(row);
    row = NULL;
    /* else the network's: the money all the books moved most (not the first of
     * the list): its volume, half of what every account's totals add up to
     * (in and out are equal over the whole books), rather than summing them */
    if (!code && found >= 0 &&
        db_row(c, e, &row,
               "SELECT v.resource FROM ledger_volume v JOIN resources r ON r.code = v.resource WHERE r.kind = 'money' AND v.volume > 0"
               " ORDER BY v.volume DESC, v.resource LIMIT 1") > 0)
        code = arena_strdup(a, json_string_value(json_object_get(row, "resource")));
    json_decref(row);
    return code;
}

int ledger_head_row(DbConn *c, Err *e, json_t **out)
{
    return db_row(c, e, out,
                  /* entries are numbered 1, 2, 3... without gaps (verify checks it): the newest
                   * one's number is how many there are, without counting millions of rows */
                  "SELECT seq, hash, recorded_at, seq AS transactions FROM ledger_transactions ORDER BY seq DESC LIMIT 1");
}

int transaction_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT t.id, t.seq, t.kind, t.description, t.category, t.occurred_on, t.visibility, t.payer_id,"
                  "       t.recipient_id, t.beneficiary_id, t.reverses_id, t.recorded_by,"
                  "       (SELECT count(*) FROM ledger_transactions r WHERE r.reverses_id = t.id) AS reversed"
                  "  FROM ledger_transactions t WHERE t.id = $1", DI(id));
}

json_t *transaction_postings_named(DbConn *c, Err *e, int64_t id)
{
    return db_rows(c, e,
                   "SELECT p.account_id, a.kind, a.name, a.purpose, coalesce(u.kind, a.kind) AS unit_kind, p.resource,"
                   "       r.kind AS resource_kind, r.decimals, p.amount"
                   "  FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id LEFT JOIN ledger_accounts u ON u.id = a.parent_id"
                   "  JOIN resources r ON r.code = p.resource"
                   " WHERE p.transaction_id = $1 ORDER BY p.id", DI(id));
}

json_t *transaction_postings(DbConn *c, Err *e, int64_t id)
{
    return db_rows(c, e, "SELECT account_id, resource, amount, value_amount, value_currency FROM ledger_postings"
                         " WHERE transaction_id = $1 ORDER BY id", DI(id));
}

/* ---------- statements: the lines of a set of accounts ---------- */

/* A party of a line by the prefix of its accounts (pa/pp, ra/rp, ba/bp: the
 * account and its parent), as <name>_kind and <name>_ref: a basket's party is
 * its unit. */
#define PARTY_OF(x, name) \
    " coalesce(" x "p.kind, " x "a.kind) AS " name "_kind, coalesce(" x "p.ref_id, " x "a.ref_id) AS " name "_ref"
/* The accounts of the parties of a transaction t (and their parents). */
#define PARTY_JOINS(t) \
    " LEFT JOIN ledger_accounts pa ON pa.id = " t ".payer_id LEFT JOIN ledger_accounts pp ON pp.id = pa.parent_id" \
    " LEFT JOIN ledger_accounts ra ON ra.id = " t ".recipient_id LEFT JOIN ledger_accounts rp ON rp.id = ra.parent_id" \
    " LEFT JOIN ledger_accounts ba ON ba.id = " t ".beneficiary_id LEFT JOIN ledger_accounts bp ON bp.id = ba.parent_id"
/* Each line: one posting of the unit's accounts, with its transaction and the
 * parties. */
#define LINE_COLUMNS \
    "t.id, t.seq, t.kind, t.description, t.category, t.occurred_on, t.visibility, t.recorded_at, t.reverses_id, t.hash," \
    " (SELECT o.kind FROM ledger_transactions o WHERE o.id = t.reverses_id) AS reversed_kind," \
    " p.account_id, a.name AS account, a.kind AS account_kind, p.resource, r.kind AS resource_kind, r.decimals," \
    " p.amount, p.value_amount, p.value_currency," \
    PARTY_OF("p", "payer") ", pa.name AS payer," PARTY_OF("r", "recipient") ", ra.name AS recipient," \
    PARTY_OF("b", "beneficiary") ", ba.name AS beneficiary," \
    /* what names_guard needs to decide whether a name may be read */ \
    " a.purpose AS account_purpose, p.account_id AS account_ref, t.payer_id, pa.kind AS payer_account_kind," \
    " pa.purpose AS payer_purpose, t.recipient_id, ra.kind AS recipient_account_kind, ra.purpose AS recipient_purpose," \
    " t.beneficiary_id, ba.kind AS beneficiary_account_kind, ba.purpose AS beneficiary_purpose"
/* What a line names besides its posting p and transaction t. */
#define LINE_DETAILS \
    " JOIN ledger_accounts a ON a.id = p.account_id JOIN resources r ON r.code = p.resource" PARTY_JOINS("t")
/* The lines of the postings a query of keys k(posting, tx, seq) chooses, newest
 * first. The keys are chosen first (ordered and limited: the LIMIT keeps both
 * planners from merging that query into this one), then only their rows are
 * joined to what they name: otherwise SQLite joins every posting of a busy
 * unit before sorting, and PostgreSQL, past join_collapse_limit, joins all the
 * postings with all the transactions before filtering them. */
#define LINES_OF(keys, order) \
    "SELECT " LINE_COLUMNS " FROM (" keys ") k JOIN ledger_postings p ON p.id = k.posting" \
    " JOIN ledger_transactions t ON t.id = k.tx" LINE_DETAILS " ORDER BY " order
#define NEWEST_FIRST "k.seq DESC, k.posting"
/* The accounts of a unit: the unit's own and its baskets, each found by its
 * index (an OR of the two would read every account). */
#define UNIT_ACCOUNTS(n) \
    " (SELECT $" #n " UNION ALL SELECT x.id FROM ledger_accounts x WHERE x.kind = 'basket' AND x.parent_id = $" #n ")"
#define UNIT_BASKETS(n) " (SELECT x.id FROM ledger_accounts x WHERE x.kind = 'basket' AND x.parent_id = $" #n ")"

/* The newest lines of a unit are read from the end of its postings in the
 * index (account_id, transaction_id DESC, id) until the page is full, rather
 * than sorting all it ever had by seq: transactions are numbered in the order
 * of the chain (ledger_append gives both under the books' lock, and `glocal
 * verify` reads them so), so the newest by id are the newest by seq. The unit's
 * own account and its baskets are read apart (each in its order, each as far
 * as the page needs), then merged. UNIT_PAGE(columns, names): the page's keys
 * with `columns` of p and t, named `names` outside. */
#define UNIT_KEYS(columns, accounts) \
    "SELECT " columns " FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id" \
    " WHERE p.account_id " accounts " AND t.occurred_on >= $2 AND t.occurred_on < $3 ORDER BY p.transaction_id DESC, p.id LIMIT $4"
#define UNIT_PAGE(columns, names) \
    "SELECT " names " FROM (" UNIT_KEYS(columns, "= $1") ") own" \
    " UNION ALL SELECT " names " FROM (" UNIT_KEYS(columns, "IN" UNIT_BASKETS(1)) ") baskets ORDER BY tx DESC, posting LIMIT $4"
#define KEY_COLUMNS "p.id AS posting, p.transaction_id AS tx, t.seq"

json_t *unit_lines(DbConn *c, Err *e, int64_t account, const char *from, const char *to, int64_t limit)
{
    return db_rows(c, e, LINES_OF(UNIT_PAGE(KEY_COLUMNS, "posting, tx, seq"), NEWEST_FIRST),
                   DI(account), DT(from), DT(to), DI(limit));
}

/* The heads of the lines: their keys carry what the transaction and the
 * posting say (read once, with the keys), and only the parties are joined;
 * the rest of a line (names, descriptions, the reversed entry) waits for the
 * lines that pass (lines_by_posting), and the few resources are matched in C
 * rather than joined to every line. */
#define HEAD_COLUMNS KEY_COLUMNS ", t.visibility, p.resource, p.amount, t.payer_id, t.recipient_id, t.beneficiary_id"
/* The statement's heads: the keys of a whole period, by day (the unit's own
 * account and its baskets by their index, UNIT_ACCOUNTS; the day from the
 * transaction). The LIMIT (a bound the caller reports when reached) also keeps
 * both planners from merging the keys into the joins of the parties. */
#define PERIOD_KEYS \
    "SELECT " HEAD_COLUMNS ", t.occurred_on FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id" \
    " WHERE p.account_id IN" UNIT_ACCOUNTS(1) " AND t.occurred_on >= $2 AND t.occurred_on < $3" \
    " ORDER BY t.occurred_on DESC, t.seq DESC, p.id LIMIT $4"
#define PERIOD_ORDER " ORDER BY k.occurred_on DESC, k.seq DESC, k.posting"

/* {code, kind, decimals} of `code` among the resources (the last one found first). */
static json_t *resource_in(json_t *resources, const char *code, size_t *last)
{
    for (size_t n = 0, i = *last; code && n < json_array_size(resources); n++, i = (i + 1) % json_array_size(resources)) {
        json_t *x = json_array_get(resources, i);
        if (str_eq(json_string_value(json_object_get(x, "code")), code)) {
            *last = i;
            return x;
        }
    }
    return NULL;
}

int64_t unit_period_heads(DbConn *c, Err *e, int64_t account, const char *from, const char *to, int64_t limit, bool parties,
                          LineFn fn, void *ctx)
{
    json_t *resources = db_rows(c, e, "SELECT code, kind, decimals FROM resources");
    if (!resources) return -1;
    /* without the parties (for a reader whom they cannot let in: no join of
     * their six accounts per line), kinds NULL */
    DbRes *res = parties ? db_query(c, e,
                                    "SELECT k.posting, k.tx, k.visibility, k.resource, k.amount,"
                                    PARTY_OF("p", "payer") "," PARTY_OF("r", "recipient") "," PARTY_OF("b", "beneficiary")
                                    "  FROM (" PERIOD_KEYS ") k" PARTY_JOINS("k") PERIOD_ORDER,
                                    DI(account), DT(from), DT(to), DI(limit))
                         : db_query(c, e,
                                    "SELECT k.posting, k.tx, k.visibility, k.resource, k.amount, NULL, 0, NULL, 0, NULL, 0"
                                    "  FROM (" PERIOD_KEYS ") k" PERIOD_ORDER,
                                    DI(account), DT(from), DT(to), DI(limit));
    int more = -1;
    int64_t n = 0;
    size_t last = 0;
    while (res && (more = db_next(res)) > 0) {
        json_t *r = resource_in(resources, db_text(res, 3), &last);
        LineHead h = { db_int(res, 0), db_int(res, 1), db_int(res, 4), json_integer_value(json_object_get(r, "decimals")),
                       db_text(res, 2), db_text(res, 3), json_string_value(json_object_get(r, "kind")),
                       { { db_text(res, 5), db_int(res, 6) }, { db_text(res, 7), db_int(res, 8) },
                         { db_text(res, 9), db_int(res, 10) } } };
        fn(ctx, &h);
        n++;
    }
    if (res) db_done(res);
    json_decref(resources);
    return more < 0 ? -1 : n;
}

/* LINES_BY_POSTING parameters (both drivers take up to 32): the postings
 * asked for (a short request repeats its first one: IN ignores it). */
#define POSTINGS_IN \
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24," \
    " $25, $26, $27, $28, $29, $30, $31, $32"

json_t *transaction_posting_ids(DbConn *c, Err *e, int64_t tx)
{
    return db_rows(c, e, "SELECT id FROM ledger_postings WHERE transaction_id = $1 ORDER BY id LIMIT 32", DI(tx));
}

json_t *transaction_chapters(DbConn *c, Err *e, int64_t tx)
{
    return db_rows(c, e,
                   "SELECT DISTINCT CASE WHEN a.kind = 'chapter' THEN a.ref_id ELSE u.ref_id END AS chapter_id"
                   " FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id"
                   " LEFT JOIN ledger_accounts u ON u.id = a.parent_id"
                   " WHERE p.transaction_id = $1 AND (a.kind = 'chapter' OR (a.kind = 'basket' AND u.kind = 'chapter'))",
                   DI(tx));
}

json_t *lines_by_posting(DbConn *c, Err *e, const int64_t *postings, int n)
{
    _Static_assert(LINES_BY_POSTING == 32, "POSTINGS_IN names LINES_BY_POSTING parameters");
    if (n <= 0) return json_array();
    DbArg args[LINES_BY_POSTING];
    for (int i = 0; i < LINES_BY_POSTING; i++) args[i] = DI(postings[i < n ? i : 0]);
    return db_rows_argv(c, e,
                        LINES_OF("SELECT p.id AS posting, p.transaction_id AS tx, t.seq FROM ledger_postings p"
                                 " JOIN ledger_transactions t ON t.id = p.transaction_id WHERE p.id IN (" POSTINGS_IN ")"
                                 " ORDER BY t.seq DESC, p.id LIMIT 32", NEWEST_FIRST),
                        args, LINES_BY_POSTING);
}

json_t *unit_opening(DbConn *c, Err *e, int64_t account, const char *before)
{
    return db_rows(c, e,
                   "SELECT o.resource, r.kind, r.decimals, o.amount FROM (SELECT p.resource, coalesce(sum(p.amount), 0) AS amount"
                   "  FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id"
                   " WHERE p.account_id IN" UNIT_ACCOUNTS(1) " AND t.occurred_on < $2 GROUP BY p.resource) o"
                   " JOIN resources r ON r.code = o.resource ORDER BY o.resource",
                   DI(account), DT(before));
}

/* The order of the totals on every page: money, time, goods, favours. */
#define RESOURCE_ORDER "CASE r.kind WHEN 'money' THEN 0 WHEN 'time' THEN 1 WHEN 'goods' THEN 2 ELSE 3 END, t.resource"

json_t *unit_totals(DbConn *c, Err *e, int64_t account)
{
    /* the unit's own row per resource, its baskets included (migration 035) */
    return db_rows(c, e,
                   "SELECT t.resource, r.kind, r.decimals, t.inflow - t.outflow AS balance, t.inflow, t.outflow"
                   "  FROM ledger_unit_totals t JOIN resources r ON r.code = t.resource"
                   " WHERE t.unit_id = $1 ORDER BY " RESOURCE_ORDER,
                   DI(account));
}

json_t *all_lines(DbConn *c, Err *e, int64_t limit)
{
    /* the newest `limit` postings belong to the newest `limit` transactions (each has two or more) */
    return db_rows(c, e,
                   LINES_OF("SELECT p.id AS posting, t.id AS tx, t.seq"
                            " FROM (SELECT id, seq FROM ledger_transactions ORDER BY seq DESC LIMIT $1) t"
                            " JOIN ledger_postings p ON p.transaction_id = t.id ORDER BY t.seq DESC, p.id LIMIT $1", NEWEST_FIRST),
                   DI(limit));
}

json_t *network_totals_by_resource(DbConn *c, Err *e)
{
    /* what flowed into the network's units from outside (members and
     * organisations): the totals of every unit and every basket, each kind of
     * account found by its index (CROSS JOIN: SQLite goes from the accounts
     * to their totals, rather than through every member's) */
    return db_rows(c, e,
                   "WITH accounts(id) AS (SELECT a.id FROM ledger_accounts a"
                   "   WHERE a.kind IN ('network', 'place', 'chapter') AND a.kind <> 'basket'"
                   "  UNION ALL SELECT a.id FROM ledger_accounts a WHERE a.kind = 'basket')"
                   " SELECT t.resource, r.kind, r.decimals, sum(t.inflow) AS inflow, sum(t.outflow) AS outflow,"
                   "        sum(t.inflow - t.outflow) AS balance"
                   "   FROM accounts x CROSS JOIN ledger_totals t JOIN resources r ON r.code = t.resource"
                   "  WHERE t.account_id = x.id"
                   "  GROUP BY t.resource, r.kind, r.decimals ORDER BY " RESOURCE_ORDER);
}

/* ---------- comparison of the chapters of a place ---------- */

json_t *place_comparison(DbConn *c, Err *e, int64_t place_id, int64_t limit, int64_t offset)
{
    /* a place without places below it (a city): its chapters walked in the
     * order of chapters_metro_name (migration 035) to their accounts (the
     * unit's, by its index: hence kind <> 'basket') that have a row of
     * ledger_unit_totals, until the page is full (limit + 1: whether more
     * follow), uncounted; then the page's chapters and their rows */
    int64_t below = 0;
    if (db_int64(c, e, &below, "SELECT count(*) FROM places WHERE parent_id = $1", DI(place_id)) < 0) return NULL;
    if (!below)
        return db_rows(c, e,
                       "WITH page(id, name, unit_id) AS (SELECT ch.id, ch.name, a.id FROM chapters ch CROSS JOIN ledger_accounts a"
                       "  WHERE ch.metro_id = $1 AND a.kind = 'chapter' AND a.kind <> 'basket' AND a.ref_id = ch.id"
                       "    AND EXISTS (SELECT 1 FROM ledger_unit_totals u WHERE u.unit_id = a.id)"
                       "  ORDER BY ch.name, ch.id LIMIT $2 + 1 OFFSET $3)"
                       " SELECT ch.id, ch.slug, ch.name, ch.status, t.resource, r.kind, r.decimals, t.inflow, t.outflow, -1 AS total"
                       "   FROM page pg CROSS JOIN chapters ch CROSS JOIN ledger_unit_totals t JOIN resources r ON r.code = t.resource"
                       "  WHERE ch.id = pg.id AND t.unit_id = pg.unit_id"
                       "  ORDER BY pg.name, pg.id, t.resource",
                       DI(place_id), DI(limit), DI(offset));
    /* a country or a region: its chapters and those of the places below it
     * (by chapters_metro_name: CROSS JOIN keeps SQLite in that order;
     * PostgreSQL plans the IN better than a join with the recursive places),
     * all of them sorted by name (chapters of the same name in their order of
     * creation) and counted before the page is cut */
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id),"
                   " kept(id, name, unit_id) AS (SELECT ch.id, ch.name, a.id FROM chapters ch CROSS JOIN ledger_accounts a"
                   "  WHERE ch.metro_id IN (SELECT id FROM sub) AND a.kind = 'chapter' AND a.kind <> 'basket' AND a.ref_id = ch.id"
                   "    AND EXISTS (SELECT 1 FROM ledger_unit_totals u WHERE u.unit_id = a.id)),"
                   " page(id, name, unit_id, total) AS (SELECT id, name, unit_id, count(*) OVER () FROM kept"
                   "  ORDER BY name, id LIMIT $2 + 1 OFFSET $3)"
                   " SELECT ch.id, ch.slug, ch.name, ch.status, t.resource, r.kind, r.decimals, t.inflow, t.outflow, pg.total"
                   "   FROM page pg CROSS JOIN chapters ch CROSS JOIN ledger_unit_totals t JOIN resources r ON r.code = t.resource"
                   "  WHERE ch.id = pg.id AND t.unit_id = pg.unit_id"
                   "  ORDER BY pg.name, pg.id, t.resource",
                   DI(place_id), DI(limit), DI(offset));
}

/* ---------- expense claims ---------- */

int claim_insert(DbConn *c, Err *e, const Claim *k, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO expense_claims (account_id, payee_id, resource, amount, description, category, occurred_on,"
                    "  visibility, claimed_by, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    DI(k->account_id), DI(k->payee_id), DT(k->resource), DI(k->amount), DT(k->description), DT(k->category),
                    DT(k->occurred_on), DT(k->visibility), DI(k->claimed_by), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *unit_claims(DbConn *c, Err *e, int64_t account, int64_t by, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT k.id, k.resource, k.amount, k.description, k.category, k.occurred_on, k.visibility, k.status,"
                   "       k.claimed_at, k.decided_at, u.name AS claimed_by, k.claimed_by AS claimed_by_id, pa.name AS payee,"
                   "       a.name AS account, r.kind AS resource_kind,"
                   "       r.decimals, CASE WHEN k.status = 'pending' THEN 1 ELSE 0 END AS is_pending"
                   "  FROM expense_claims k JOIN users u ON u.id = k.claimed_by JOIN ledger_accounts pa ON pa.id = k.payee_id"
                   "  JOIN ledger_accounts a ON a.id = k.account_id JOIN resources r ON r.code = k.resource"
                   " WHERE k.account_id IN" UNIT_ACCOUNTS(1) " AND ($2 = 0 OR k.claimed_by = $2)"
                   " ORDER BY CASE WHEN k.status = 'pending' THEN 0 ELSE 1 END, k.claimed_at DESC, k.id DESC LIMIT $3 OFFSET $4",
                   DI(account), DI(by), DI(limit), DI(offset));
}

int unit_claims_count(DbConn *c, Err *e, int64_t account, int64_t by, int64_t *n, int64_t *pending)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "SELECT count(*) AS n, coalesce(sum(CASE WHEN k.status = 'pending' THEN 1 ELSE 0 END), 0) AS pending"
                       "  FROM expense_claims k WHERE k.account_id IN" UNIT_ACCOUNTS(1) " AND ($2 = 0 OR k.claimed_by = $2)",
                       DI(account), DI(by));
    *n = json_integer_value(json_object_get(row, "n"));
    *pending = json_integer_value(json_object_get(row, "pending"));
    json_decref(row);
    return found < 0 ? -1 : 0;
}

int claim_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT k.id, k.account_id, k.payee_id, k.resource, k.amount, k.description, k.category, k.occurred_on,"
                  "       k.visibility, k.claimed_by, k.status, coalesce(p.ref_id, a.ref_id) AS unit_ref, coalesce(p.kind, a.kind) AS unit_kind"
                  "  FROM expense_claims k JOIN ledger_accounts a ON a.id = k.account_id LEFT JOIN ledger_accounts p ON p.id = a.parent_id"
                  " WHERE k.id = $1", DI(id));
}

int claim_decide(DbConn *c, Err *e, int64_t id, const char *status, int64_t by, int64_t tx)
{
    return db_exec(c, e,
                   "UPDATE expense_claims SET status = $2, decided_by = $3, decided_at = $4, transaction_id = $5"
                   " WHERE id = $1 AND status = 'pending'",
                   DI(id), DT(status), DI(by), DI(now_unix()), DID(tx));
}

/* ---------- the canvas ---------- */

/* The canvas reads every line touching a unit's accounts, oldest first (up
 * to 20,000), except the transactions inside the unit (both sides its own).
 * CANVAS_KEYS(from): the keys of those lines for LINES_OF, from postings p and
 * transactions t; the statement's WITH names the accounts. */
#define CANVAS_KEYS(from) \
    "SELECT p.id AS posting, t.id AS tx, t.seq FROM " from \
    " WHERE t.id = p.transaction_id AND p.account_id IN (SELECT id FROM accounts)" \
    "   AND NOT (coalesce(t.payer_id, 0) IN (SELECT id FROM accounts) AND coalesce(t.recipient_id, 0) IN (SELECT id FROM accounts))" \
    " ORDER BY t.seq, p.id LIMIT 20000"
#define CANVAS_FROM_ACCOUNTS "ledger_postings p, ledger_transactions t"
#define OLDEST_FIRST "k.seq, k.posting"
/* units(id) -> accounts(id): the units and their baskets */
#define WITH_BASKETS " accounts(id) AS (SELECT id FROM units UNION ALL" \
    " SELECT b.id FROM units u JOIN ledger_accounts b ON b.kind = 'basket' AND b.parent_id = u.id)"

json_t *canvas_lines(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id)
{
    /* one statement for each kind of unit, each driven from where its lines are */
    if (str_eq(unit_kind, "chapter"))
        return db_rows(c, e,
                       "WITH units(id) AS (SELECT a.id FROM ledger_accounts a WHERE a.kind = 'chapter' AND a.kind <> 'basket' AND a.ref_id = $1),"
                       WITH_BASKETS " " LINES_OF(CANVAS_KEYS(CANVAS_FROM_ACCOUNTS), OLDEST_FIRST),
                       DI(unit_id));
    if (str_eq(unit_kind, "place"))
        /* the place and the places in it, and the chapters of those */
        return db_rows(c, e,
                       "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id),"
                       " units(id) AS (SELECT a.id FROM sub JOIN ledger_accounts a ON a.kind = 'place' AND a.kind <> 'basket' AND a.ref_id = sub.id"
                       "   UNION ALL SELECT a.id FROM chapters ch JOIN ledger_accounts a ON a.kind = 'chapter' AND a.kind <> 'basket' AND a.ref_id = ch.id"
                       "    WHERE ch.metro_id IN (SELECT id FROM sub)),"
                       WITH_BASKETS " " LINES_OF(CANVAS_KEYS(CANVAS_FROM_ACCOUNTS), OLDEST_FIRST),
                       DI(unit_id));
    /* the network: every unit; most transactions touch one, so the chain is
     * read from its start (CROSS JOIN: SQLite keeps that order) */
    return db_rows(c, e,
                   "WITH units(id) AS (SELECT a.id FROM ledger_accounts a WHERE a.kind IN ('network', 'place', 'chapter') AND a.kind <> 'basket'),"
                   WITH_BASKETS " "
                   LINES_OF(CANVAS_KEYS("ledger_transactions t CROSS JOIN ledger_postings p"), OLDEST_FIRST));
}

/* The chapters of a unit as a WITH, chs(id): a literal statement for each kind
 * of unit (one statement for all, with "$1 = 'chapter' AND ... OR ...", reads
 * every chapter whatever the unit). */
#define CHAPTERS_OF_CHAPTER "WITH chs(id) AS (SELECT ch.id FROM chapters ch WHERE ch.id = $1)"
#define CHAPTERS_OF_PLACE \
    "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)," \
    " chs(id) AS (SELECT ch.id FROM chapters ch WHERE ch.metro_id IN (SELECT id FROM sub))"

#define CANVAS_ACTIVITIES(chapters) chapters \
    " SELECT (SELECT count(*) FROM meetings m WHERE m.status = 'held' AND m.chapter_id IN (SELECT id FROM chs)) AS meetings_held," \
    "        (SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id" \
    "          WHERE a.is_present = 1 AND m.chapter_id IN (SELECT id FROM chs)) AS attendances," \
    "        (SELECT count(*) FROM chs) AS chapters"

int canvas_activities(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, json_t **out)
{
    if (str_eq(unit_kind, "chapter")) return db_row(c, e, out, CANVAS_ACTIVITIES(CHAPTERS_OF_CHAPTER), DI(unit_id));
    if (str_eq(unit_kind, "place")) return db_row(c, e, out, CANVAS_ACTIVITIES(CHAPTERS_OF_PLACE), DI(unit_id));
    /* the network's chapters are all of them: every meeting (and so every
     * attendance) belongs to one (foreign keys, NOT NULL) */
    return db_row(c, e, out,
                  "SELECT (SELECT count(*) FROM meetings m WHERE m.status = 'held') AS meetings_held,"
                  "       (SELECT count(*) FROM attendance a WHERE a.is_present = 1) AS attendances,"
                  "       (SELECT count(*) FROM chapters) AS chapters");
}

/* The members of a unit's chapters (each once) by sector; `members` is a
 * query of their user ids. */
#define CANVAS_SEGMENTS(members) \
    " SELECT coalesce(s.name, 'No sector given') AS sector, count(*) AS members" \
    "   FROM (" members ") ms JOIN users u ON u.id = ms.user_id LEFT JOIN sectors s ON s.id = u.sector_id" \
    "  GROUP BY coalesce(s.name, 'No sector given') ORDER BY count(*) DESC, coalesce(s.name, 'No sector given')"
#define MEMBERS_OF_CHS "SELECT DISTINCT ms.user_id FROM memberships ms WHERE ms.chapter_id IN (SELECT id FROM chs)"

json_t *canvas_segments(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id)
{
    if (str_eq(unit_kind, "chapter")) return db_rows(c, e, CHAPTERS_OF_CHAPTER CANVAS_SEGMENTS(MEMBERS_OF_CHS), DI(unit_id));
    if (str_eq(unit_kind, "place")) return db_rows(c, e, CHAPTERS_OF_PLACE CANVAS_SEGMENTS(MEMBERS_OF_CHS), DI(unit_id));
    return db_rows(c, e, CANVAS_SEGMENTS("SELECT DISTINCT user_id FROM memberships"));   /* every membership is in a chapter */
}

json_t *canvas_text_get(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id)
{
    return db_rows(c, e, "SELECT block, body, updated_at FROM canvas_texts WHERE unit_kind = $1 AND unit_id = $2",
                   DT(unit_kind), DI(unit_id));
}

int canvas_text_put(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, const char *block, const char *body, int64_t by)
{
    return db_exec(c, e,
                   "INSERT INTO canvas_texts (unit_kind, unit_id, block, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)"
                   " ON CONFLICT (unit_kind, unit_id, block) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,"
                   "   updated_at = excluded.updated_at",
                   DT(unit_kind), DI(unit_id), DT(block), DT(body), DI(by), DI(now_unix())) < 0 ? -1 : 0;
}

/* ---------- organisations ---------- */

json_t *organisation_all(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    return db_rows(c, e, "SELECT id, name, slug, kind, website, created_at FROM organisations ORDER BY name, id LIMIT $1 OFFSET $2",
                   DI(limit), DI(offset));
}

int organisation_by_slug(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, slug, kind, website, created_at FROM organisations WHERE slug = $1", DT(slug));
}

int organisation_insert(DbConn *c, Err *e, const char *name, const char *slug, const char *kind, const char *website, int64_t *id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM organisations WHERE slug = $1 OR lower(name) = lower($2)", DT(slug), DT(name)) < 0)
        return -1;
    if (n) return err_field(e, E_CONFLICT, "name", "There is already an organisation called %s.", name);
    return db_int64(c, e, id, "INSERT INTO organisations (name, slug, kind, website, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    DT(name), DT(slug), DT(kind), DT(website), DI(now_unix())) < 0 ? -1 : 0;
}

/* ---------- the viewer ---------- */

json_t *viewer_chapters(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e, "SELECT chapter_id, role FROM memberships WHERE user_id = $1", DI(user_id));
}
