/* test_ledger.c - the pure rules of the books: amounts, balancing, the hash of
 * an entry, managed transparency, account references, CSV safety; and, on a
 * database, the totals kept beside the postings (ledger_totals) and what
 * `glocal verify` says when they drift.
 *
 * The database test runs on GLOCAL_TEST_DB (tests/run runs this program once
 * on a fresh SQLite database and once on a fresh PostgreSQL one); run by hand
 * without it, on a SQLite file of its own. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "testutil.h"

static int64_t parse(const char *text, const char *kind, int64_t decimals)
{
    int64_t v = -1;
    Err e = { 0 };
    return amount_parse(text, kind, decimals, &v, &e) == 0 ? v : -1;
}

Test(amounts, money_hours_and_counts)
{
    cr_assert_eq(parse("12.50", "money", 2), 1250);
    cr_assert_eq(parse("12,5", "money", 2), 1250, "a decimal comma");
    cr_assert_eq(parse("12", "money", 2), 1200);
    cr_assert_eq(parse(".5", "money", 2), 50);
    cr_assert_eq(parse("1.5", "time", 0), 90, "hours are kept in minutes");
    cr_assert_eq(parse("0.25", "time", 0), 15);
    cr_assert_eq(parse("2", "goods", 0), 2);
    cr_assert_eq(parse("12.505", "money", 2), -1, "too precise");
    cr_assert_eq(parse("1.5", "goods", 0), -1, "goods are whole");
    cr_assert_eq(parse("-3", "money", 2), -1);
    cr_assert_eq(parse("0", "money", 2), -1);
    cr_assert_eq(parse("abc", "money", 2), -1);
    cr_assert_eq(parse("", "money", 2), -1);
    cr_assert_eq(parse("1e5", "money", 2), -1);
    cr_assert_eq(parse("99999999999999999999", "money", 2), -1, "too large");
}

Test(amounts, formatting_reads_back)
{
    Arena a;
    arena_init(&a, 1024);
    cr_assert_str_eq(amount_format(&a, 1250, "money", 2), "12.50");
    cr_assert_str_eq(amount_format(&a, -5, "money", 2), "-0.05");
    cr_assert_str_eq(amount_format(&a, 90, "time", 0), "1.5");
    cr_assert_str_eq(amount_format(&a, 120, "time", 0), "2");
    cr_assert_str_eq(amount_format(&a, 20, "time", 0), "0.33");
    cr_assert_str_eq(amount_format(&a, 7, "favours", 0), "7");
    cr_assert_str_eq(amount_format(&a, 100, "money", 0), "100", "a currency without minor units");
    for (int64_t v = 1; v < 5000; v += 37) {
        char *t = amount_format(&a, v, "money", 2);
        cr_assert_eq(parse(t, "money", 2), v, "%s reads back", t);
    }
    arena_release(&a);
}

static Entry entry(void)
{
    Entry x = { 0 };
    x.seq = 7;
    x.kind = "contribution";
    x.description = "Coffee";
    x.category = "food";
    x.occurred_on = "2026-11-21";
    x.visibility = "unit";
    x.payer_id = 1;
    x.recipient_id = 2;
    x.recorded_by = 3;
    x.recorded_at = 1800000000;
    x.postings[0] = (Posting){ 1, "EUR", -500, 0, NULL };
    x.postings[1] = (Posting){ 2, "EUR", 500, 0, NULL };
    x.npostings = 2;
    return x;
}

Test(balance, postings_must_sum_to_zero_per_resource)
{
    Err e = { 0 };
    Entry x = entry();
    cr_assert_eq(ledger_check_balance(&x, &e), 0);
    x.postings[1].amount = 400;
    cr_assert_eq(ledger_check_balance(&x, &e), -1);
    cr_assert(strstr(e.msg, "do not balance"));
    x = entry();
    x.postings[1].resource = "HOURS";
    cr_assert_eq(ledger_check_balance(&x, &e), -1, "two resources each unbalanced");
    x = entry();
    x.postings[2] = (Posting){ 1, "HOURS", -60, 0, NULL };
    x.postings[3] = (Posting){ 2, "HOURS", 60, 0, NULL };
    x.npostings = 4;
    cr_assert_eq(ledger_check_balance(&x, &e), 0, "two resources, each balanced");
    x = entry();
    x.npostings = 1;
    cr_assert_eq(ledger_check_balance(&x, &e), -1);
    x = entry();
    x.postings[0].amount = 0;
    x.postings[1].amount = 0;
    cr_assert_eq(ledger_check_balance(&x, &e), -1, "zero moves nothing");
    x = entry();
    x.postings[0].account_id = 0;
    cr_assert_eq(ledger_check_balance(&x, &e), -1);
}

Test(hash, depends_on_every_field_and_the_chain)
{
    char a[65], b[65];
    Entry x = entry();
    ledger_hash(LEDGER_GENESIS, &x, a);
    ledger_hash(LEDGER_GENESIS, &x, b);
    cr_assert_str_eq(a, b, "deterministic");
    cr_assert_eq(strlen(a), 64);
    x.description = "Coffee!";
    ledger_hash(LEDGER_GENESIS, &x, b);
    cr_assert_str_neq(a, b);
    x = entry();
    x.postings[1].amount = 501;
    ledger_hash(LEDGER_GENESIS, &x, b);
    cr_assert_str_neq(a, b, "a posting changes the hash");
    x = entry();
    ledger_hash("1111111111111111111111111111111111111111111111111111111111111111", &x, b);
    cr_assert_str_neq(a, b, "the previous hash changes it");
    x = entry();
    x.seq = 8;
    ledger_hash(LEDGER_GENESIS, &x, b);
    cr_assert_str_neq(a, b, "the position changes it");
    /* length prefixes: moving text between fields changes the hash */
    Entry y = entry(), z = entry();
    y.description = "Coffeefood";
    y.category = "";
    z.description = "Coffee";
    z.category = "food";
    ledger_hash(LEDGER_GENESIS, &y, a);
    ledger_hash(LEDGER_GENESIS, &z, b);
    cr_assert_str_neq(a, b);
}

static const int64_t MEMBER_OF[] = { 10, 11 };
static const int64_t CONNECTOR_OF[] = { 11 };

static bool sees(const char *visibility, int64_t user, bool admin, const Party *p, int n)
{
    Viewer v = { user, admin, MEMBER_OF, user ? 2 : 0, CONNECTOR_OF, user ? 1 : 0 };
    return ledger_visible(visibility, &v, p, n);
}

Test(visibility, who_reads_what)
{
    Party chapter10[] = { { "organisation", 5 }, { "chapter", 10 }, { NULL, 0 } };
    Party chapter11[] = { { "member", 77 }, { "chapter", 11 }, { NULL, 0 } };
    Party other[] = { { "organisation", 5 }, { "chapter", 99 }, { NULL, 0 } };
    Party me[] = { { "member", 42 }, { "chapter", 99 }, { NULL, 0 } };
    cr_assert(sees("public", 0, false, other, 3), "public: anyone");
    cr_assert_not(sees("network", 0, false, other, 3), "network: not anonymous");
    cr_assert(sees("network", 42, false, other, 3));
    cr_assert(sees("unit", 42, false, chapter10, 3), "unit: a member of a chapter party");
    cr_assert_not(sees("unit", 42, false, other, 3));
    cr_assert(sees("unit", 42, false, me, 3), "unit: the member party");
    cr_assert_not(sees("parties", 42, false, chapter10, 3), "parties: members of a chapter do not");
    cr_assert(sees("parties", 42, false, chapter11, 3), "parties: its connector does");
    cr_assert(sees("parties", 42, false, me, 3), "parties: the member party does");
    cr_assert(sees("parties", 1, true, other, 3), "administrators read everything");
    cr_assert_not(sees("unit", 0, false, chapter10, 3));
    cr_assert_not(sees("secret", 42, false, chapter10, 3), "an unknown visibility shows nothing");
    cr_assert(ledger_visibility_valid("parties"));
    cr_assert_not(ledger_visibility_valid("everyone"));
    cr_assert(ledger_kind_valid("basket_funding"));
    cr_assert_not(ledger_kind_valid("gift"));
}

Test(references, accounts_are_named_by_kind_and_key)
{
    Arena a;
    arena_init(&a, 512);
    AccountRef r;
    Err e = { 0 };
    cr_assert_eq(account_ref_parse(&a, "chapter:lisbon-fintech", &r, &e), 0);
    cr_assert_str_eq(r.kind, "chapter");
    cr_assert_str_eq(r.key, "lisbon-fintech");
    cr_assert_eq(account_ref_parse(&a, "org:acme", &r, &e), 0);
    cr_assert_str_eq(r.kind, "organisation");
    cr_assert_eq(account_ref_parse(&a, "network", &r, &e), 0);
    cr_assert_str_eq(r.kind, "network");
    cr_assert_eq(account_ref_parse(&a, "chapter:", &r, &e), -1);
    cr_assert_eq(account_ref_parse(&a, "bank:7", &r, &e), -1);
    cr_assert_eq(account_ref_parse(&a, NULL, &r, &e), -1);
    arena_release(&a);
}

Test(csv, cells_cannot_start_a_formula)
{
    Buf b;
    buf_init(&b, NULL);
    csv_cell(&b, "=SUM(A1)", false);
    csv_cell(&b, "+1", false);
    csv_cell(&b, "-2", false);
    csv_cell(&b, "@x", false);
    csv_cell(&b, "say \"hi\"", false);
    csv_number(&b, "-12.50", true);
    cr_assert_str_eq(buf_str(&b), "\"'=SUM(A1)\",\"'+1\",\"'-2\",\"'@x\",\"say \"\"hi\"\"\",-12.50\r\n");
    buf_release(&b);
}

/* ---------- the totals beside the books, on a database ---------- */

typedef struct Books {
    int64_t user, net, member, org, basket;
    int64_t expense, funding;            /* transactions reversed (or not) below */
} Books;

static int64_t append2(DbConn *c, Err *e, const Books *b, const char *kind, int64_t from, int64_t to,
                       const char *resource, int64_t amount)
{
    Entry x = { 0 };
    x.kind = kind;
    x.description = kind;
    x.category = "";
    x.occurred_on = "2026-11-21";
    x.visibility = "unit";
    x.payer_id = from;
    x.recipient_id = to;
    x.recorded_by = b->user;
    x.recorded_at = 1800000000;
    x.postings[0] = (Posting){ from, resource, -amount, 0, NULL };
    x.postings[1] = (Posting){ to, resource, amount, 0, NULL };
    x.npostings = 2;
    int64_t id = 0;
    bool existing;
    return ledger_append(c, e, &x, NULL, &id, &existing) < 0 ? -1 : id;
}

static int setup_tx(DbConn *c, void *ctx, Err *e)
{
    Books *b = ctx;
    if (db_int64(c, e, &b->user,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                 " VALUES ('treasurer@test.example', 'Tess Treasurer', 'x', 1, 1) RETURNING id") < 0)
        return -1;
    int64_t org = 0;
    if (db_int64(c, e, &org, "INSERT INTO organisations (name, slug, created_at) VALUES ('Acme', 'acme', 1) RETURNING id") < 0)
        return -1;
    if (account_of(c, e, "network", 0, &b->net) < 0 || account_of(c, e, "member", b->user, &b->member) < 0 ||
        account_of(c, e, "organisation", org, &b->org) < 0 || basket_insert(c, e, b->net, "Venue", "venue", &b->basket) < 0)
        return -1;
    /* contributions of money, hours and goods (with their worth) */
    if (append2(c, e, b, "contribution", b->member, b->net, "EUR", 1000) < 0 ||
        append2(c, e, b, "contribution", b->member, b->net, "HOURS", 90) < 0)
        return -1;
    Entry g = { 0 };
    g.kind = "contribution";
    g.description = "Chairs";
    g.category = "";
    g.occurred_on = "2026-11-21";
    g.visibility = "public";
    g.payer_id = b->org;
    g.recipient_id = b->net;
    g.recorded_by = b->user;
    g.recorded_at = 1800000000;
    g.postings[0] = (Posting){ b->org, "GOODS", -3, 4500, "EUR" };
    g.postings[1] = (Posting){ b->net, "GOODS", 3, 4500, "EUR" };
    g.npostings = 2;
    int64_t id;
    bool existing;
    if (ledger_append(c, e, &g, NULL, &id, &existing) < 0) return -1;
    b->expense = append2(c, e, b, "expense", b->net, b->org, "EUR", 300);
    return b->expense < 0 ? -1 : 0;
}

/* A basket funded and spent in one transaction: each check of what it holds
 * sees what this transaction appended before it. */
static int basket_tx(DbConn *c, void *ctx, Err *e)
{
    Books *b = ctx;
    int64_t held = -1;
    b->funding = append2(c, e, b, "basket_funding", b->net, b->basket, "EUR", 500);
    if (b->funding < 0 || basket_balance(c, e, b->basket, "EUR", &held) < 0) return -1;
    if (held != 500) return err_set(e, E_INTERNAL, "the basket holds %lld after its funding, not 500", (long long)held);
    if (append2(c, e, b, "basket_spending", b->basket, b->org, "EUR", 200) < 0 ||
        basket_balance(c, e, b->basket, "EUR", &held) < 0)
        return -1;
    if (held != 300) return err_set(e, E_INTERNAL, "the basket holds %lld after spending 200, not 300", (long long)held);
    return 0;
}

typedef struct Reverse {
    const Books *b;
    int64_t tx, id;
} Reverse;

static int reverse_tx(DbConn *c, void *ctx, Err *e)
{
    Reverse *r = ctx;
    Arena a;
    arena_init(&a, 1024);
    int rc = ledger_reverse_entry(c, e, &a, r->tx, r->b->user, &r->id);
    arena_release(&a);
    return rc;
}

/* Statements run as they are, in one write (tampering behind the program's back). */
static int script_tx(DbConn *c, void *ctx, Err *e)
{
    for (const char *const *s = ctx; *s; s++)
        if (db_exec_(c, e, *s, NULL, 0) < 0) return -1;
    return 0;
}

static void run_script(DbConn *c, const char *const *sql)
{
    Err e = { 0 };
    cr_assert_eq(db_write(c, script_tx, (void *)sql, &e), 0, "\"%s\" failed: %s", sql[0], e.msg);
}
#define SCRIPT(c, ...) run_script((c), (const char *const[]){ __VA_ARGS__, NULL })

/* Every row of ledger_totals is the sums of its postings, and every account
 * and resource with postings has its row. */
static void assert_totals_are_the_postings(DbConn *c)
{
    Err e = { 0 };
    int64_t groups = -1, rows = -1, matching = -1;
    cr_assert_eq(db_int64(c, &e, &groups, "SELECT count(*) FROM (SELECT account_id, resource FROM ledger_postings"
                                          " GROUP BY account_id, resource) g"), 1, "%s", e.msg);
    cr_assert_eq(db_int64(c, &e, &rows, "SELECT count(*) FROM ledger_totals"), 1, "%s", e.msg);
    cr_assert_eq(db_int64(c, &e, &matching,
                          "SELECT count(*) FROM (SELECT account_id, resource, sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS i,"
                          "        sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS o FROM ledger_postings GROUP BY account_id, resource) s"
                          "  JOIN ledger_totals t ON t.account_id = s.account_id AND t.resource = s.resource"
                          "   AND t.inflow = s.i AND t.outflow = s.o"), 1, "%s", e.msg);
    cr_assert_gt(groups, 0);
    cr_assert_eq(rows, groups, "%lld rows of totals for %lld accounts and resources with postings", (long long)rows, (long long)groups);
    cr_assert_eq(matching, groups, "%lld of %lld rows of totals are the sums of their postings", (long long)matching, (long long)groups);
}

static json_t *row_of(json_t *rows, const char *resource)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        if (strcmp(json_string_value(json_object_get(r, "resource")), resource) == 0) return r;
    return NULL;
}

static void assert_flow(json_t *rows, const char *resource, int64_t in, int64_t out)
{
    json_t *r = row_of(rows, resource);
    cr_assert_not_null(r, "no %s row", resource);
    cr_assert_eq(json_integer_value(json_object_get(r, "inflow")), in, "%s in", resource);
    cr_assert_eq(json_integer_value(json_object_get(r, "outflow")), out, "%s out", resource);
    cr_assert_eq(json_integer_value(json_object_get(r, "balance")), in - out, "%s balance", resource);
}

static void verify(DbConn *c, VerifyReport *rep)
{
    Err e = { 0 };
    cr_assert_eq(ledger_verify(c, rep, NULL, &e), 0, "%s", e.msg);
    cr_assert_eq(rep->bad_seq, 0, "the chain is intact, yet: %s", rep->reason);
}

static void books_on(const char *url)
{
    Db *db = NULL;
    Err e = { 0 };
    cr_assert_eq(db_open(&db, url, &e), 0, "db_open(%s): %s", url, e.msg);
    cr_assert_geq(db_migrate(db, false, &e), 0, "db_migrate(%s): %s", url, e.msg);
    DbConn *c = db_acquire(db, &e);
    cr_assert_not_null(c, "%s", e.msg);
    Books b = { 0 };
    cr_assert_eq(db_write(c, setup_tx, &b, &e), 0, "%s", e.msg);
    cr_assert_eq(db_write(c, basket_tx, &b, &e), 0, "%s", e.msg);
    Reverse rv = { &b, b.expense, 0 };
    cr_assert_eq(db_write(c, reverse_tx, &rv, &e), 0, "reversing the expense: %s", e.msg);
    /* the basket has spent 200 of its 500: giving the 500 back is refused, by its totals */
    log_level = -1;
    Reverse too_much = { &b, b.funding, 0 };
    cr_assert_eq(db_write(c, reverse_tx, &too_much, &e), -1, "a basket gave back more than it holds");
    cr_assert_eq(e.code, E_CONFLICT, "%s", e.msg);
    memset(&e, 0, sizeof e);

    assert_totals_are_the_postings(c);
    json_t *net = account_balances(c, &e, b.net), *unit = unit_totals(c, &e, b.net), *org = account_balances(c, &e, b.org);
    cr_assert(net && unit && org, "%s", e.msg);
    assert_flow(net, "EUR", 1000 + 300, 300 + 500);
    assert_flow(net, "HOURS", 90, 0);
    assert_flow(net, "GOODS", 3, 0);
    assert_flow(org, "EUR", 300 + 200, 300);
    assert_flow(org, "GOODS", 0, 3);
    /* the unit: its own account and its basket, money first */
    assert_flow(unit, "EUR", 1000 + 300 + 500, 300 + 500 + 200);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(unit, 0), "resource")), "EUR");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(unit, 1), "resource")), "HOURS");
    json_decref(net);
    json_decref(unit);
    json_decref(org);
    int64_t held = -1;
    cr_assert_eq(basket_balance(c, &e, b.basket, "EUR", &held), 0);
    cr_assert_eq(held, 300);
    cr_assert_eq(basket_balance(c, &e, b.basket, "HOURS", &held), 0);
    cr_assert_eq(held, 0, "nothing of a resource never moved");

    VerifyReport rep;
    verify(c, &rep);
    cr_assert_eq(rep.totals_bad_account, 0, "%s", rep.totals_reason);
    cr_assert_eq(rep.checked, 7);

    /* a row changed behind the program's back */
    SCRIPT(c, "UPDATE ledger_totals SET outflow = outflow + 1 WHERE resource = 'EUR'"
              " AND account_id = (SELECT id FROM ledger_accounts WHERE kind = 'basket')");
    verify(c, &rep);
    cr_assert_eq(rep.totals_bad_account, b.basket, "%s", rep.totals_reason);
    cr_assert_str_eq(rep.totals_resource, "EUR");
    cr_assert(strstr(rep.totals_reason, "basket \"Venue\""), "%s", rep.totals_reason);
    cr_assert(strstr(rep.totals_reason, "ledger_totals holds in 5.00, out 2.01; its postings add up to in 5.00, out 2.00"), "%s",
              rep.totals_reason);
    SCRIPT(c, "UPDATE ledger_totals SET outflow = outflow - 1 WHERE resource = 'EUR'"
              " AND account_id = (SELECT id FROM ledger_accounts WHERE kind = 'basket')");
    verify(c, &rep);
    cr_assert_eq(rep.totals_bad_account, 0, "%s", rep.totals_reason);
    /* a row missing */
    SCRIPT(c, "CREATE TABLE saved_totals AS SELECT * FROM ledger_totals WHERE resource = 'HOURS'",
           "DELETE FROM ledger_totals WHERE resource = 'HOURS'");
    verify(c, &rep);
    cr_assert_eq(rep.totals_bad_account, b.net < b.member ? b.net : b.member, "%s", rep.totals_reason);
    cr_assert_str_eq(rep.totals_resource, "HOURS");
    cr_assert(strstr(rep.totals_reason, "no row in ledger_totals"), "%s", rep.totals_reason);
    SCRIPT(c, "INSERT INTO ledger_totals SELECT * FROM saved_totals", "DROP TABLE saved_totals");
    /* a row without postings */
    SCRIPT(c, "INSERT INTO ledger_totals (account_id, resource, inflow, outflow)"
              " SELECT id, 'FAVOURS', 2, 0 FROM ledger_accounts WHERE kind = 'basket'");
    verify(c, &rep);
    cr_assert_eq(rep.totals_bad_account, b.basket, "%s", rep.totals_reason);
    cr_assert(strstr(rep.totals_reason, "FAVOURS: ledger_totals holds in 2, out 0; its postings add up to in 0, out 0"), "%s",
              rep.totals_reason);
    SCRIPT(c, "DELETE FROM ledger_totals WHERE resource = 'FAVOURS'");
    verify(c, &rep);
    cr_assert_eq(rep.totals_bad_account, 0, "%s", rep.totals_reason);
    assert_totals_are_the_postings(c);
    db_release(c);
    db_close(db);
}

/* tests/run gives a database of each kind in GLOCAL_TEST_DB (as for test_db);
 * run by hand without it, the test uses a SQLite file of its own. */
static char dir[64];

static void dir_remove(void)
{
    if (!dir[0]) return;
    static const char *const files[] = { "books.db", "books.db-wal", "books.db-shm", NULL };
    char p[128];
    for (const char *const *f = files; *f; f++) {
        snprintf(p, sizeof p, "%s/%s", dir, *f);
        unlink(p);
    }
    rmdir(dir);
}

Test(totals, follow_the_postings_and_verify_names_a_drift, .fini = dir_remove)
{
    const char *given = getenv("GLOCAL_TEST_DB");
    if (given && *given) {
        dir[0] = 0;
        books_on(given);
        return;
    }
    snprintf(dir, sizeof dir, "/tmp/glocal-test-ledger.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char url[128];
    snprintf(url, sizeof url, "sqlite:%s/books.db", dir);
    books_on(url);
}
