/* test_events.c - the pure rules of apps and events: the revenue split (exact
 * to the cent over many amounts and rules), split rules, tiers, packages,
 * run-books, the line formats of the forms, check-in codes. */
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "base/log.h"
#include "events/events.h"
#include "testutil.h"

/* A small deterministic generator, so a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random rule of n parties (1..SPLIT_MAX_PARTIES) whose shares add up to 10000. */
static int random_rule(int64_t *shares)
{
    int n = 1 + (int)(rnd() % SPLIT_MAX_PARTIES);
    int64_t left = SPLIT_WHOLE;
    for (int i = 0; i < n - 1; i++) {
        shares[i] = (int64_t)(rnd() % (uint64_t)(left + 1));
        left -= shares[i];
    }
    shares[n - 1] = left;
    return n;
}

/* Checks one split: the parts add up to the amount, each part is its exact
 * share rounded down or up by at most one cent, a zero share gets nothing,
 * and no part is negative. */
static void check_split(int64_t amount, const int64_t *shares, int n)
{
    int64_t parts[SPLIT_MAX_PARTIES];
    split_amount(amount, shares, n, parts);
    __int128 sum = 0;
    for (int i = 0; i < n; i++) {
        sum += parts[i];
        __int128 exact_floor = ((__int128)amount * shares[i]) / SPLIT_WHOLE;
        cr_assert(parts[i] >= exact_floor && parts[i] <= exact_floor + 1,
                  "amount %lld share %lld: part %lld is not the floor %lld or one more", (long long)amount, (long long)shares[i],
                  (long long)parts[i], (long long)exact_floor);
        if (shares[i] == 0) cr_assert_eq(parts[i], 0, "a zero share gets nothing");
    }
    cr_assert(sum == amount, "amount %lld split into parts that add up to %lld", (long long)amount, (long long)sum);
}

Test(split, every_cent_is_shared_over_many_amounts_and_rules)
{
    int64_t shares[SPLIT_MAX_PARTIES];
    for (int rule = 0; rule < 2000; rule++) {
        int n = random_rule(shares);
        for (int64_t amount = 1; amount <= 300; amount++) check_split(amount, shares, n);
        for (int k = 0; k < 50; k++) check_split(1 + (int64_t)(rnd() % 100000000), shares, n);
    }
}

Test(split, the_classic_rules)
{
    int64_t halves[] = { 5000, 5000 }, thirds[] = { 3334, 3333, 3333 }, grind[] = { 8000, 2000 },
            four[] = { 5000, 2000, 1000, 2000 };
    for (int64_t amount = 1; amount <= 100000; amount++) {
        check_split(amount, halves, 2);
        check_split(amount, thirds, 3);
        check_split(amount, grind, 2);
        check_split(amount, four, 4);
    }
}

Test(split, huge_amounts_do_not_overflow)
{
    int64_t shares[] = { 3333, 3333, 3334 };
    check_split(INT64_MAX / 2, shares, 3);
    check_split(INT64_MAX - 1, shares, 3);
    int64_t whole[] = { 10000 };
    check_split(INT64_MAX, whole, 1);
}

Test(split, leftover_cents_go_to_the_largest_remainders_then_the_earlier_party)
{
    int64_t parts[4];
    int64_t shares[] = { 3333, 3333, 1000, 2334 };
    split_amount(39999, shares, 4, parts);
    /* floors 13331, 13331, 3999, 9335; remainders .6667, .6667, .9, .7666 */
    cr_assert_eq(parts[0], 13332);
    cr_assert_eq(parts[1], 13331, "a tie goes to the earlier party");
    cr_assert_eq(parts[2], 4000);
    cr_assert_eq(parts[3], 9336);
    int64_t halves[] = { 5000, 5000 };
    split_amount(1, halves, 2, parts);
    cr_assert_eq(parts[0], 1);
    cr_assert_eq(parts[1], 0);
}

static int parse_rule(const char *json, SplitRule *r, char *msg)
{
    Err e = { 0 };
    int rc = split_rule_parse(json, r, &e);
    if (msg) strcpy(msg, e.msg);
    return rc;
}

Test(split, rules_are_checked_with_reasons)
{
    SplitRule r;
    char msg[300];
    cr_assert_eq(parse_rule("[{\"party\":\"organiser\",\"share\":5000},{\"party\":\"network\",\"share\":5000}]", &r, msg), 0, "%s", msg);
    cr_assert_eq(r.n, 2);
    cr_assert_str_eq(r.party[1], "network");
    cr_assert_eq(parse_rule("[{\"party\":\"organiser\",\"share\":5000},{\"party\":\"network\",\"share\":4000}]", &r, msg), -1);
    cr_assert(strstr(msg, "90.00%"), "%s", msg);
    cr_assert_eq(parse_rule("[{\"party\":\"landlord\",\"share\":10000}]", &r, msg), -1);
    cr_assert(strstr(msg, "not a party"), "%s", msg);
    cr_assert_eq(parse_rule("[{\"party\":\"host\",\"share\":5000},{\"party\":\"host\",\"share\":5000}]", &r, msg), -1);
    cr_assert(strstr(msg, "twice"), "%s", msg);
    cr_assert_eq(parse_rule("[{\"party\":\"host\",\"share\":-1},{\"party\":\"network\",\"share\":10001}]", &r, msg), -1);
    cr_assert_eq(parse_rule("[{\"party\":\"host\",\"share\":\"50\"}]", &r, msg), -1);
    cr_assert_eq(parse_rule("[]", &r, msg), -1);
    cr_assert_eq(parse_rule("{}", &r, msg), -1);
    cr_assert_eq(parse_rule("not json", &r, msg), -1);
    cr_assert_eq(parse_rule(NULL, &r, msg), -1);
}

static bool check(int (*fn)(const char *, Err *), const char *json, char *msg)
{
    Err e = { 0 };
    int rc = fn(json, &e);
    if (msg) strcpy(msg, e.msg);
    return rc == 0;
}

Test(formats, tiers_and_packages)
{
    char msg[300];
    cr_assert(check(tiers_check, "[{\"name\":\"Standard\",\"price\":\"10.00\",\"currency\":\"EUR\"},{\"name\":\"Free\",\"price\":\"0\",\"currency\":\"EUR\"}]", msg), "%s", msg);
    cr_assert(check(tiers_check, "[{\"name\":\"Zero\",\"price\":\"0.00\",\"currency\":\"EUR\"}]", msg), "%s", msg);
    cr_assert(!check(tiers_check, "[{\"name\":\"A\",\"price\":\"ten\",\"currency\":\"EUR\"}]", msg));
    cr_assert(!check(tiers_check, "[{\"name\":\"A\",\"price\":\"-1\",\"currency\":\"EUR\"}]", msg));
    cr_assert(!check(tiers_check, "[{\"name\":\"A\",\"price\":\"1\",\"currency\":\"eur\"}]", msg));
    cr_assert(!check(tiers_check, "[{\"name\":\"A\",\"price\":\"1\",\"currency\":\"EUR\"},{\"name\":\"A\",\"price\":\"2\",\"currency\":\"EUR\"}]", msg));
    cr_assert(strstr(msg, "two"), "%s", msg);
    cr_assert(!check(tiers_check, "[{\"price\":\"1\",\"currency\":\"EUR\"}]", msg));
    cr_assert(check(packages_check, "[{\"name\":\"Gold\",\"price\":\"500.00\",\"currency\":\"EUR\",\"placement\":\"headline\",\"benefits\":\"A logo\"}]", msg), "%s", msg);
    cr_assert(!check(packages_check, "[{\"name\":\"Gold\",\"price\":\"500.00\",\"currency\":\"EUR\",\"placement\":\"banner\",\"benefits\":\"A logo\"}]", msg));
    cr_assert(!check(packages_check, "[{\"name\":\"Gold\",\"price\":\"0\",\"currency\":\"EUR\",\"placement\":\"listed\",\"benefits\":\"A logo\"}]", msg));
    cr_assert(!check(packages_check, "[{\"name\":\"Gold\",\"price\":\"5\",\"currency\":\"EUR\",\"placement\":\"listed\"}]", msg));
    cr_assert_eq(price_minor("12.5"), 1250);
    cr_assert_eq(price_minor("0.00"), 0);
    cr_assert_eq(price_minor("x"), -1);
}

Test(formats, runbooks)
{
    Err e = { 0 };
    int64_t total = 0;
    cr_assert_eq(runbook_check("[{\"step\":\"Doors\",\"minutes\":30},{\"step\":\"Talks\",\"minutes\":90}]", &total, &e), 0);
    cr_assert_eq(total, 120);
    cr_assert_eq(runbook_check("[{\"step\":\"\",\"minutes\":30}]", &total, &e), -1);
    cr_assert_eq(runbook_check("[{\"step\":\"Doors\",\"minutes\":-5}]", &total, &e), -1);
    cr_assert_eq(runbook_check("[{\"step\":\"Doors\"}]", &total, &e), -1);
}

static char *lines(Arena *a, const char *kind, const char *text, char *msg)
{
    Err e = { 0 };
    char *json = NULL;
    int rc = format_lines_parse(a, kind, text, &json, &e);
    strcpy(msg, e.msg);
    return rc == 0 ? json : NULL;
}

Test(formats, the_line_forms_read_and_write_back)
{
    Arena a;
    arena_init(&a, 4096);
    char msg[300];
    char *j = lines(&a, "runbook", "30 | Doors open\n\n  90 |  Pitches and questions  \n", msg);
    cr_assert_not_null(j, "%s", msg);
    cr_assert_str_eq(j, "[{\"step\":\"Doors open\",\"minutes\":30},{\"step\":\"Pitches and questions\",\"minutes\":90}]");
    cr_assert_str_eq(format_lines_text(&a, "runbook", j), "30 | Doors open\n90 | Pitches and questions\n");
    j = lines(&a, "tiers", "Standard | 10.00 EUR\nMembers | free\nStudents | 5", msg);
    cr_assert_not_null(j, "%s", msg);
    cr_assert_str_eq(j, "[{\"name\":\"Standard\",\"price\":\"10.00\",\"currency\":\"EUR\"},{\"name\":\"Members\",\"price\":\"0\",\"currency\":\"EUR\"},"
                        "{\"name\":\"Students\",\"price\":\"5\",\"currency\":\"EUR\"}]");
    cr_assert_str_eq(format_lines_text(&a, "tiers", j), "Standard | 10.00 EUR\nMembers | 0 EUR\nStudents | 5 EUR\n");
    j = lines(&a, "packages", "Gold | 500.00 EUR | headline | Logo on the screen", msg);
    cr_assert_not_null(j, "%s", msg);
    cr_assert_str_eq(format_lines_text(&a, "packages", j), "Gold | 500.00 EUR | headline | Logo on the screen\n");
    j = lines(&a, "split_rule", "organiser | 50%\nhost | 33.33\nnetwork | 16.67\nregion | 0", msg);
    cr_assert_not_null(j, "%s", msg);
    cr_assert_str_eq(j, "[{\"party\":\"organiser\",\"share\":5000},{\"party\":\"host\",\"share\":3333},{\"party\":\"network\",\"share\":1667},"
                        "{\"party\":\"region\",\"share\":0}]");
    cr_assert_str_eq(format_lines_text(&a, "split_rule", j), "organiser | 50\nhost | 33.33\nnetwork | 16.67\nregion | 0\n");
    cr_assert_null(lines(&a, "split_rule", "organiser 50", msg));
    cr_assert(strstr(msg, "Line 1"), "%s", msg);
    cr_assert_null(lines(&a, "runbook", "Doors | 30", msg));
    cr_assert_null(lines(&a, "tiers", "Standard | ten euros", msg));
    cr_assert_null(lines(&a, "packages", "Gold | 500 EUR | headline", msg));
    cr_assert(strstr(msg, "what it gives"), "%s", msg);
    j = lines(&a, "tiers", "", msg);
    cr_assert_str_eq(j, "[]");
    arena_release(&a);
}

Test(checkin, codes_are_short_unambiguous_and_normalised)
{
    Arena a;
    arena_init(&a, 4096);
    for (int i = 0; i < 500; i++) {
        uint32_t random[CHECKIN_CODE_LENGTH];
        for (int k = 0; k < CHECKIN_CODE_LENGTH; k++) random[k] = (uint32_t)rnd();
        const char *c = checkin_code(&a, random);
        cr_assert_eq(strlen(c), CHECKIN_CODE_LENGTH);
        cr_assert_eq(strspn(c, "ACDEFGHJKMNPQRTUVWXY34679"), CHECKIN_CODE_LENGTH, "%s uses only unambiguous characters", c);
    }
    cr_assert_str_eq(checkin_normalise(&a, " ab3 -x7k "), "AB3X7K");
    cr_assert_str_eq(checkin_normalise(&a, NULL), "");
    cr_assert(event_visibility_valid("chapter"));
    cr_assert(!event_visibility_valid("secret"));
    cr_assert(placement_valid("thanks"));
    cr_assert(!placement_valid("banner"));
    arena_release(&a);
}

/* ---------- rules moved out of the handlers (issue 11) ---------- */

Test(checkin, the_code_is_a_function_of_the_random_numbers_given)
{
    Arena a;
    arena_init(&a, 1024);
    const uint32_t zero[CHECKIN_CODE_LENGTH] = { 0 };
    const uint32_t walk[CHECKIN_CODE_LENGTH] = { 1, 2, 24, 25, 26, UINT32_MAX };
    cr_assert_str_eq(checkin_code(&a, zero), "AAAAAA");
    cr_assert_str_eq(checkin_code(&a, walk), "CD9AC3", "each number picks its letter modulo 25");
    cr_assert_str_eq(checkin_code(&a, walk), checkin_code(&a, walk), "no randomness of its own");
    arena_release(&a);
}

Test(registration, a_ticket_while_places_are_left)
{
    cr_assert_str_eq(signup_status(0, 1), "ticket");
    cr_assert_str_eq(signup_status(49, 50), "ticket");
    cr_assert_str_eq(signup_status(50, 50), "waitlist");
    cr_assert_str_eq(signup_status(51, 50), "waitlist", "a capacity lowered below the tickets");
}

Test(registration, who_may_pay_and_who_may_check_in)
{
    Err e = { 0 };
    cr_assert_eq(payment_allowed("ticket", 1000, false, "Ana", &e), 0);
    cr_assert_eq(payment_allowed("waitlist", 1000, false, "Ana", &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "only tickets are paid"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(payment_allowed("ticket", 0, false, "Ana", &e), -1);
    cr_assert(strstr(e.msg, "free"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(payment_allowed("ticket", 1000, true, "Ana", &e), -1);
    cr_assert(strstr(e.msg, "paid already"), "%s", e.msg);
    err_clear(&e);

    cr_assert_eq(checkin_allowed("ticket", 0, false, "Ana", "Free", &e), 0, "a free ticket needs no payment");
    cr_assert_eq(checkin_allowed("ticket", 1000, true, "Ana", "Standard", &e), 0);
    cr_assert_eq(checkin_allowed("ticket", 1000, false, "Ana", "Standard", &e), -1);
    cr_assert_str_eq(e.field, "code");
    cr_assert(strstr(e.msg, "not paid yet") && strstr(e.msg, "Standard"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(checkin_allowed("waitlist", 0, false, "Ana", "Free", &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    err_clear(&e);
    cr_assert_eq(checkin_allowed("cancelled", 0, false, "Ana", "Free", &e), -1);
    cr_assert(strstr(e.msg, "cancelled"), "%s", e.msg);
}

Test(split, cohosts_share_their_part_exactly)
{
    int64_t amounts[7], shares[7];
    split_equally(1000, 3000, 3, amounts, shares);
    cr_assert_eq(amounts[0], 334);
    cr_assert_eq(amounts[1], 333);
    cr_assert_eq(amounts[2], 333);
    cr_assert_eq(shares[0] + shares[1] + shares[2], 3000);
    for (int m = 1; m <= 7; m++)
        for (int64_t part = 0; part < 200; part++) {
            split_equally(part, 2500, m, amounts, shares);
            int64_t sum = 0, bp = 0;
            for (int k = 0; k < m; k++) {
                sum += amounts[k];
                bp += shares[k];
                cr_assert(amounts[k] >= amounts[m - 1] && amounts[k] <= amounts[m - 1] + 1, "equal to the cent");
            }
            cr_assert_eq(sum, part);
            cr_assert_eq(bp, 2500);
        }
}

Test(statement, sums_per_currency)
{
    StatementSums s[STATEMENT_CURRENCIES];
    int n = 0;
    statement_add(s, &n, "income", "tickets", 1000, "EUR", 2);
    statement_add(s, &n, "income", "tickets", 1500, "EUR", 2);
    statement_add(s, &n, "income", "sponsorship", 50000, "EUR", 2);
    statement_add(s, &n, "reversal", "tickets", -1000, "EUR", 2);
    statement_add(s, &n, "basket_spending", "room", -20000, "EUR", 2);
    statement_add(s, &n, "transfer", "event split", -30500, "EUR", 2);
    statement_add(s, &n, "income", "tickets", 700, "USD", 2);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(s[0].currency, "EUR");
    cr_assert_eq(s[0].tickets, 2500);
    cr_assert_eq(s[0].tickets_n, 2);
    cr_assert_eq(s[0].sponsorship, 50000);
    cr_assert_eq(s[0].refunds, 1000);
    cr_assert_eq(s[0].costs, 20000);
    cr_assert_eq(s[0].shared, 30500);
    cr_assert_eq(statement_net(&s[0]), 31500);
    cr_assert_eq(statement_net(&s[0]) - s[0].shared, 1000, "what the basket still holds");
    cr_assert_eq(statement_net(&s[1]), 700);
    for (int k = 0; k < 12; k++) {
        char cur[4] = { 'A', (char)('A' + k), 'X', 0 };
        statement_add(s, &n, "income", "other", 1, cur, 2);
    }
    cr_assert_eq(n, STATEMENT_CURRENCIES, "beyond the slots, the last one takes the rest");
}

Test(money, amounts_as_text)
{
    Arena a;
    arena_init(&a, 1024);
    cr_assert_str_eq(money_text(&a, 1250, "EUR", 2), "12.50 EUR");
    cr_assert_str_eq(money_text(&a, 5, "JPY", 0), "5 JPY");
    arena_release(&a);
}

Test(formats, a_kept_list_reads_back_or_is_empty)
{
    json_t *l = format_list("[{\"party\": \"network\", \"share\": 10000}]");
    cr_assert_eq(json_array_size(l), 1);
    json_decref(l);
    const char *bad[] = { NULL, "", "{}", "not json", "42" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        l = format_list(bad[i]);
        cr_assert(json_is_array(l) && json_array_size(l) == 0, "%s is an empty list", bad[i] ? bad[i] : "NULL");
        json_decref(l);
    }
}

/* The catalog's operations on a database of their own (SQLite, or GLOCAL_TEST_DB). */
static char fdir[64];

static void fdir_remove(void)
{
    if (!fdir[0]) return;
    static const char *const files[] = { "formats.db", "formats.db-wal", "formats.db-shm", "formats.db.head.json", NULL };
    char p[128];
    for (const char *const *f = files; *f; f++) {
        snprintf(p, sizeof p, "%s/%s", fdir, *f);
        unlink(p);
    }
    rmdir(fdir);
}

static AppFields pitch_night(void)
{
    return (AppFields){ .name = "Pitch night", .summary = "", .description = "", .runbook = "[]",
                        .tiers = "[{\"name\":\"Standard\",\"price\":\"0\",\"currency\":\"EUR\"}]", .packages = "[]",
                        .split_rule = "[{\"party\":\"network\",\"share\":10000}]" };
}

Test(formats, publish_change_and_copy_on_a_database, .fini = fdir_remove)
{
    const char *given = getenv("GLOCAL_TEST_DB");
    char url[128];
    if (given && *given) {
        fdir[0] = 0;
        snprintf(url, sizeof url, "%s", given);
    } else {
        snprintf(fdir, sizeof fdir, "/tmp/glocal-test-formats.XXXXXX");
        cr_assert_not_null(mkdtemp(fdir));
        snprintf(url, sizeof url, "sqlite:%s/formats.db", fdir);
    }
    Db *db = NULL;
    Err e = { 0 };
    Arena a;
    arena_init(&a, 4096);
    log_level = -1;
    cr_assert_eq(db_open(&db, url, &e), 0, "db_open(%s): %s", url, e.msg);
    cr_assert_geq(db_migrate(db, false, &e), 0, "%s", e.msg);
    DbConn *c = db_acquire(db, &e);
    cr_assert_not_null(c, "%s", e.msg);

    FormatSpec one = { .f = pitch_night() }, two = { .f = pitch_night() };
    cr_assert_eq(format_publish(c, &e, &a, &one), 0, "%s", e.msg);
    cr_assert_gt(one.id, 0);
    cr_assert_eq(format_publish(c, &e, &a, &two), 0, "%s", e.msg);
    cr_assert_neq(strcmp(one.f.slug, two.f.slug), 0, "a second format of that name gets a slug of its own");
    cr_assert(strncmp(two.f.slug, one.f.slug, strlen(one.f.slug)) == 0 && strstr(two.f.slug, "-2"), "%s", two.f.slug);

    FormatSpec taken = { .f = pitch_night(), .wanted_slug = one.f.slug };
    cr_assert_eq(format_publish(c, &e, &a, &taken), -1, "a slug asked for and taken is refused");
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_str_eq(e.field, "slug");
    err_clear(&e);
    FormatSpec crooked = { .f = pitch_night(), .wanted_slug = "Not A Slug" };
    cr_assert_eq(format_publish(c, &e, &a, &crooked), -1);
    cr_assert_str_eq(e.field, "slug");
    err_clear(&e);

    AppFields changed = pitch_night();
    changed.name = "Pitch night, revised";
    cr_assert_eq(format_change(c, &e, one.id, &changed), 0, "%s", e.msg);

    FormatCopy k = { .origin_slug = one.f.slug, .by = 999999, .by_name = "Nobody" };
    cr_assert_eq(format_copy(c, &e, &a, &k), -1, "only connectors adapt formats");
    cr_assert_eq(e.code, E_FORBIDDEN, "%s", e.msg);
    err_clear(&e);
    FormatCopy any = { .origin_slug = one.f.slug, .by = 0, .admin = true, .by_name = "Ada" };
    int rc = format_copy(c, &e, &a, &any);
    if (rc == 0) {   /* an administrator may host anywhere, once there is a chapter */
        cr_assert_str_eq(any.out.f.name, "Pitch night, revised (Ada)");
        cr_assert_eq(any.out.origin, one.id);
    } else {
        cr_assert_eq(e.code, E_FORBIDDEN, "without chapters nobody adapts: %s", e.msg);
    }
    db_release(c);
    db_close(db);
    arena_release(&a);
}
