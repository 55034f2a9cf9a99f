/* test_ledger.c - the pure rules of the books: amounts, balancing, the hash of
 * an entry, managed transparency, account references, CSV safety. */
#include <string.h>

#include "ledger/ledger.h"
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
