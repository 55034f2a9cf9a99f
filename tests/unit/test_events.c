/* test_events.c - src/events/: the pure rules of apps and events (rules.c: the
 * revenue split, exact to the cent over many amounts and rules, split rules,
 * tiers, packages, run-books, the line formats of the forms, check-in codes)
 * and the money of an event (money.c) through its public operations on a
 * database: ticket payments, sponsorships and costs into the event's basket,
 * the close that splits the basket by the event's rule (co-hosts, missing
 * regions, several currencies), and who may read the basket's name.
 *
 * The money tests run on GLOCAL_TEST_DB: tests/run runs this program once on
 * SQLite and once on PostgreSQL (it runs every program that reads
 * GLOCAL_TEST_DB on both); run by hand without it, each test makes a SQLite
 * file of its own. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "db/db.h"
#include "events/events.h"
#include "ledger/ledger.h"
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

/* ---- the money of an event (money.c), on a database ---- */

static Db *db;
static DbConn *conn;
static Arena A;
static TestDb tdb;

static void db_up(void)
{
    test_db_open(&tdb, &db, &conn);
    arena_init(&A, 0);
    log_level = -1;   /* refusals below are expected */
}

static void db_down(void)
{
    arena_release(&A);
    test_db_close(&tdb, db, conn);
}

TestSuite(money, .init = db_up, .fini = db_down);

/* Everything an event needs, named with a suffix of its own: the tests share a database. */
typedef struct World {
    const char *sfx;
    int64_t organiser, mia, max, admin;               /* users; Mia is a member of the host chapter */
    int64_t pt, lisboa, lisbon, es, madrid;           /* places: Spain has no region */
    int64_t host, co[3];                              /* chapters in Lisbon */
    int64_t app;
    const char *acme;                                 /* an organisation's slug */
} World;

static int64_t user_insert(DbConn *c, Err *e, const World *w, const char *who)
{
    int64_t id = 0;
    const char *email = arena_printf(&A, "%s-%s@test.example", who, w->sfx);
    return db_int64(c, e, &id,
                    "INSERT INTO users (email, name, password_hash, is_admin, created_at, password_changed_at)"
                    " VALUES ($1, $2, 'x', $3, 1, 1) RETURNING id",
                    DT(email), DT(who), DBOOL(str_eq(who, "Admin"))) < 0 ? -1 : id;
}

static int64_t place_insert(DbConn *c, Err *e, const World *w, int64_t parent, const char *kind, const char *name)
{
    int64_t id = 0;
    return db_int64(c, e, &id, "INSERT INTO places (parent_id, kind, name, slug, created_at) VALUES ($1, $2, $3, $4, 1) RETURNING id",
                    DID(parent), DT(kind), DT(name), DT(arena_printf(&A, "%s-%s", name, w->sfx))) < 0 ? -1 : id;
}

static int64_t chapter_insert(DbConn *c, Err *e, const World *w, const char *name)
{
    int64_t id = 0;
    return db_int64(c, e, &id,
                    "INSERT INTO chapters (slug, name, metro_id, status, created_at, updated_at)"
                    " VALUES ($1, $2, $3, 'active', 1, 1) RETURNING id",
                    DT(arena_printf(&A, "%s-%s", name, w->sfx)), DT(name), DI(w->lisbon)) < 0 ? -1 : id;
}

static int world_tx(DbConn *c, void *ctx, Err *e)
{
    World *w = ctx;
    if ((w->organiser = user_insert(c, e, w, "Olga")) < 0 || (w->mia = user_insert(c, e, w, "Mia")) < 0 ||
        (w->max = user_insert(c, e, w, "Max")) < 0 || (w->admin = user_insert(c, e, w, "Admin")) < 0)
        return -1;
    if ((w->pt = place_insert(c, e, w, 0, "country", "Portugal")) < 0 ||
        (w->lisboa = place_insert(c, e, w, w->pt, "region", "Lisboa")) < 0 ||
        (w->lisbon = place_insert(c, e, w, w->lisboa, "metro", "Lisbon")) < 0 ||
        (w->es = place_insert(c, e, w, 0, "country", "Spain")) < 0 ||
        (w->madrid = place_insert(c, e, w, w->es, "metro", "Madrid")) < 0)
        return -1;
    if ((w->host = chapter_insert(c, e, w, "Host")) < 0 || (w->co[0] = chapter_insert(c, e, w, "Co A")) < 0 ||
        (w->co[1] = chapter_insert(c, e, w, "Co B")) < 0 || (w->co[2] = chapter_insert(c, e, w, "Co C")) < 0)
        return -1;
    if (db_exec(c, e, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, 'member', 1)",
                DI(w->host), DI(w->mia)) < 0)
        return -1;
    w->acme = arena_printf(&A, "acme-%s", w->sfx);
    if (db_exec(c, e, "INSERT INTO organisations (name, slug, created_at) VALUES ('Acme', $1, 1)", DT(w->acme)) < 0) return -1;
    return db_int64(c, e, &w->app,
                    "INSERT INTO apps (slug, name, created_at, updated_at) VALUES ($1, 'Pitch night', 1, 1) RETURNING id",
                    DT(arena_printf(&A, "pitch-%s", w->sfx))) < 0 ? -1 : 0;
}

static World world(const char *sfx)
{
    World w = { .sfx = sfx };
    Err e = { 0 };
    cr_assert_eq(db_write(conn, world_tx, &w, &e), 0, "the world: %s", e.msg);
    return w;
}

/* An event hosted by a chapter (or, with chapter 0, by the place), started an hour ago unless `starts` says. */
typedef struct NewEvent {
    const World *w;
    const char *rule, *visibility;
    int64_t chapter, place, starts, capacity;
    int64_t cohosts[3];
    int ncohosts;
    EventSpec spec;
} NewEvent;

static int event_tx(DbConn *c, void *ctx, Err *e)
{
    NewEvent *n = ctx;
    EventSpec *s = &n->spec;
    memset(s, 0, sizeof *s);
    const char *slug = arena_printf(&A, "event-%s-%lld", n->w->sfx, (long long)n->starts);
    s->f = (EventFields){ .slug = slug, .title = slug, .description = "", .timezone = "Europe/Lisbon", .venue = "",
                          .online_url = "", .visibility = n->visibility ? n->visibility : "public", .split_rule = n->rule,
                          .app_id = n->w->app, .chapter_id = n->chapter, .place_id = n->place, .starts_at = n->starts,
                          .ends_at = n->starts + 3600, .capacity = n->capacity ? n->capacity : 50, .organiser_id = n->w->organiser };
    s->tiers = "[{\"name\": \"Standard\", \"price\": \"10.00\", \"currency\": \"EUR\"},"
               " {\"name\": \"Free\", \"price\": \"0\", \"currency\": \"EUR\"}]";
    s->host_kind = n->chapter ? "chapter" : "place";
    s->host_id = n->chapter ? n->chapter : n->place;
    for (int i = 0; i < n->ncohosts; i++) s->cohosts[s->ncohosts++] = n->cohosts[i];
    return event_create_in(c, e, s);
}

static int64_t event_make(NewEvent n)
{
    Err e = { 0 };
    if (!n.starts) n.starts = now_unix() - 3600;
    cr_assert_eq(db_write(conn, event_tx, &n, &e), 0, "the event: %s", e.msg);
    return n.spec.id;
}

static int64_t event_basket(int64_t event)
{
    Err e = { 0 };
    int64_t b = 0;
    cr_assert_eq(db_int64(conn, &e, &b, "SELECT basket_id FROM events WHERE id = $1", DI(event)), 1, "%s", e.msg);
    cr_assert_gt(b, 0, "the event has a basket");
    return b;
}

static int64_t held(int64_t event, const char *currency)
{
    Err e = { 0 };
    int64_t n = 0;
    cr_assert_geq(db_int64(conn, &e, &n,
                           "SELECT coalesce(sum(p.amount), 0) FROM ledger_postings p JOIN events ev ON ev.basket_id = p.account_id"
                           " WHERE ev.id = $1 AND p.resource = $2", DI(event), DT(currency)), 0, "%s", e.msg);
    return n;
}

/* One operation of money.c in its own write transaction. */
typedef enum { OP_SIGNUP, OP_PAY, OP_SPONSOR, OP_COST, OP_CLOSE } OpKind;
typedef struct Op {
    OpKind kind;
    int64_t event, by, id;            /* id: the registration (pay) */
    EventSignup signup;
    Sponsorship sponsor;
    EventCost cost;
    int64_t tx;
    int posted;
} Op;

static int op_tx(DbConn *c, void *ctx, Err *e)
{
    Op *o = ctx;
    switch (o->kind) {
    case OP_SIGNUP: return event_signup(c, e, &o->signup);
    case OP_PAY: return event_pay(c, e, &A, o->event, o->id, o->by, "2026-05-01", &o->tx);
    case OP_SPONSOR: return event_sponsorship(c, e, &A, &o->sponsor, &o->tx);
    case OP_COST: return event_cost_pay(c, e, &A, &o->cost, &o->tx);
    case OP_CLOSE: return event_close_books(c, e, &A, o->event, o->by, "2026-05-02", &o->posted);
    }
    return -1;
}

/* Runs o; want 0 (done) or an error code, whose message must contain `text`. */
static Op run(Op o, int want, const char *text)
{
    Err e = { 0 };
    int rc = db_write(conn, op_tx, &o, &e);
    if (!want) {
        cr_assert_eq(rc, 0, "operation %d refused: %s", o.kind, e.msg);
    } else {
        cr_assert_eq(rc, -1, "operation %d done, not refused with %d", o.kind, want);
        cr_assert_eq(e.code, want, "operation %d: %d %s", o.kind, e.code, e.msg);
        cr_assert(strstr(e.msg, text), "operation %d: \"%s\" lacks \"%s\"", o.kind, e.msg, text);
    }
    return o;
}

static int64_t signup(int64_t event, int64_t user, const char *email, int tier_position, const char *want_status)
{
    Err e = { 0 };
    int64_t tier = 0;
    cr_assert_eq(db_int64(conn, &e, &tier, "SELECT id FROM ticket_tiers WHERE event_id = $1 AND position = $2", DI(event),
                          DI(tier_position)), 1, "%s", e.msg);
    Op o = { .kind = OP_SIGNUP, .signup = { .event = event, .tier = tier, .user = user, .email = email, .name = email,
                                            .public_url = "http://glocal.test", .arena = &A } };
    o = run(o, 0, NULL);
    cr_assert_str_eq(o.signup.status, want_status, "%s", email);
    return o.signup.id;
}

static Op pay(int64_t event, int64_t registration, int64_t by)
{
    return (Op){ .kind = OP_PAY, .event = event, .id = registration, .by = by };
}

static Op sponsor(int64_t event, int64_t by, const char *org, int64_t amount, const char *currency)
{
    return (Op){ .kind = OP_SPONSOR, .sponsor = { .event = event, .by = by, .amount = amount, .org = org, .package = "Gold",
                                                  .currency = currency, .placement = "headline", .day = "2026-04-30" } };
}

static Op cost(int64_t event, int64_t by, const char *payee, int64_t amount)
{
    return (Op){ .kind = OP_COST, .cost = { .event = event, .by = by, .amount = amount, .payee = payee, .currency = "EUR",
                                            .description = "Room hire", .category = "venue", .day = "2026-05-01" } };
}

static Op closing(int64_t event, int64_t by)
{
    return (Op){ .kind = OP_CLOSE, .event = event, .by = by };
}

/* The shares kept for the statement, as "party kind:ref share amount currency" lines in a stable order. */
static const char *shares_text(int64_t event)
{
    Err e = { 0 };
    json_t *rows = db_rows(conn, &e,
                           "SELECT s.party, a.kind, coalesce(a.ref_id, 0) AS ref, s.share, s.amount, s.currency,"
                           " coalesce(s.user_id, 0) AS user_id"
                           "  FROM event_shares s JOIN ledger_accounts a ON a.id = s.account_id"
                           " WHERE s.event_id = $1 ORDER BY s.currency, s.party, a.kind, a.ref_id", DI(event));
    cr_assert_not_null(rows, "%s", e.msg);
    Buf b;
    buf_init(&b, &A);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        buf_printf(&b, "%s%s %s:%lld %lld %lld %s", i ? "\n" : "", json_string_value(json_object_get(r, "party")),
                   json_string_value(json_object_get(r, "kind")), (long long)json_integer_value(json_object_get(r, "ref")),
                   (long long)json_integer_value(json_object_get(r, "share")),
                   (long long)json_integer_value(json_object_get(r, "amount")), json_string_value(json_object_get(r, "currency")));
        if (json_integer_value(json_object_get(r, "user_id")))
            buf_printf(&b, " user:%lld", (long long)json_integer_value(json_object_get(r, "user_id")));
    }
    json_decref(rows);
    return buf_str(&b);
}

static void expect_books_verify(void)
{
    Err e = { 0 };
    VerifyReport rep;
    cr_assert_eq(ledger_verify(conn, &rep, NULL, &e), 0, "%s", e.msg);
    cr_assert_eq(rep.bad_seq, 0, "the chain: %s", rep.reason);
    cr_assert_eq(rep.totals_bad_account, 0, "the totals: %s", rep.totals_reason);
}

/* Refused with a message and at a field (the gate's refusals name the field the form shows them at). */
static void refused_at(Op o, const char *field, const char *text)
{
    Err e = { 0 };
    cr_assert_eq(db_write(conn, op_tx, &o, &e), -1, "operation %d done, not refused at %s", o.kind, field);
    cr_assert_str_eq(e.field, field, "operation %d: %s", o.kind, e.msg);
    if (text) cr_assert(strstr(e.msg, text), "operation %d: \"%s\" lacks \"%s\"", o.kind, e.msg, text);
}

Test(money, tickets_sponsors_and_costs_fill_the_basket_and_the_close_splits_it_to_the_cent)
{
    World w = world("split");
    int64_t ev = event_make((NewEvent){ .w = &w, .chapter = w.host, .capacity = 2,
                                        .rule = "[{\"party\": \"organiser\", \"share\": 5000}, {\"party\": \"host\", \"share\": 2000},"
                                                " {\"party\": \"region\", \"share\": 1500}, {\"party\": \"network\", \"share\": 1500}]" });
    int64_t basket = event_basket(ev), by = w.organiser;
    int64_t mia = signup(ev, w.mia, "mia@test.example", 0, "ticket");
    int64_t guest = signup(ev, 0, "guest@test.example", 0, "ticket");
    int64_t max = signup(ev, w.max, "max@test.example", 1, "waitlist");

    run(pay(ev, mia, by), 0, NULL);
    cr_assert_eq(held(ev, "EUR"), 1000);
    run(pay(ev, mia, by), E_CONFLICT, "paid already");
    run(pay(ev, max, by), E_CONFLICT, "has no ticket");
    run(pay(ev, 999999, by), E_NOT_FOUND, "no such registration");
    run(pay(ev, guest, by), 0, NULL);   /* the guests' organisation pays */
    cr_assert_eq(held(ev, "EUR"), 2000);

    run(sponsor(ev, by, w.acme, 333, "EUR"), 0, NULL);
    refused_at(sponsor(ev, by, "nobody-at-all", 100, "EUR"), "organisation", "no organisation called");
    const char *acme = arena_printf(&A, "org:%s", w.acme);
    run(cost(ev, by, acme, 100), 0, NULL);
    cr_assert_eq(held(ev, "EUR"), 2233);
    refused_at(cost(ev, by, acme, 2234), "amount", NULL);
    refused_at(cost(ev, by, arena_printf(&A, "basket:%lld", (long long)basket), 10), "payee", "cannot pay itself");
    refused_at(cost(ev, by, "org:nobody-at-all", 10), "payee", NULL);
    cr_assert_eq(held(ev, "EUR"), 2233, "refusals leave the basket as it was");

    /* 2233 by 50/20/15/15: 1116.5, 446.6, 334.95, 334.95; the three cents left over go to the largest
     * remainders (.95, .95, .6), not to the organiser's .5 */
    Op c = run(closing(ev, by), 0, NULL);
    cr_assert_eq(c.posted, 1);
    cr_assert_eq(held(ev, "EUR"), 0, "the basket is shared out");
    const char *want = arena_printf(&A,
                                    "host chapter:%lld 2000 447 EUR\n"
                                    "network network:0 1500 335 EUR\n"
                                    "organiser member:%lld 5000 1116 EUR user:%lld\n"
                                    "region place:%lld 1500 335 EUR",
                                    (long long)w.host, (long long)w.organiser, (long long)w.organiser, (long long)w.lisboa);
    cr_assert_str_eq(shares_text(ev), want);

    /* closed: its books are settled */
    run(pay(ev, guest, by), E_CONFLICT, "settled");
    run(sponsor(ev, by, w.acme, 10, "EUR"), E_CONFLICT, "settled");
    run(cost(ev, by, acme, 10), E_CONFLICT, "settled");
    run(closing(ev, by), E_CONFLICT, "settled");
    expect_books_verify();
}

Test(money, cohosts_share_their_part_equally_and_each_currency_is_split_apart)
{
    World w = world("cohosts");
    int64_t ev = event_make((NewEvent){ .w = &w, .chapter = w.host, .cohosts = { w.co[0], w.co[1], w.co[2] }, .ncohosts = 3,
                                        .rule = "[{\"party\": \"organiser\", \"share\": 4000}, {\"party\": \"cohosts\", \"share\": 6000}]" });
    run(sponsor(ev, w.organiser, w.acme, 1001, "EUR"), 0, NULL);
    run(sponsor(ev, w.organiser, w.acme, 500, "USD"), 0, NULL);
    Op c = run(closing(ev, w.organiser), 0, NULL);
    cr_assert_eq(c.posted, 2, "one transfer per currency");
    cr_assert_eq(held(ev, "EUR"), 0);
    cr_assert_eq(held(ev, "USD"), 0);
    /* EUR: 400.4 and 600.6 make 400 and 601; 601 in three is 201, 200, 200 (the first gets the cent) */
    long long o = (long long)w.organiser, a = (long long)w.co[0], b = (long long)w.co[1], k = (long long)w.co[2];
    const char *want = arena_printf(&A,
                                    "cohosts chapter:%lld 2000 201 EUR\n"
                                    "cohosts chapter:%lld 2000 200 EUR\n"
                                    "cohosts chapter:%lld 2000 200 EUR\n"
                                    "organiser member:%lld 4000 400 EUR user:%lld\n"
                                    "cohosts chapter:%lld 2000 100 USD\n"
                                    "cohosts chapter:%lld 2000 100 USD\n"
                                    "cohosts chapter:%lld 2000 100 USD\n"
                                    "organiser member:%lld 4000 200 USD user:%lld",
                                    a, b, k, o, o, a, b, k, o, o);
    cr_assert_str_eq(shares_text(ev), want);
    expect_books_verify();
}

/* Hosted by a place in a country without regions: the region's share goes to the country, and the
 * co-hosts' (there are none) to the host; two roles that meet in one account get one posting. */
Test(money, missing_parties_fall_to_the_next_one_up_with_one_posting_per_account)
{
    World w = world("place");
    int64_t ev = event_make((NewEvent){ .w = &w, .place = w.madrid,
                                        .rule = "[{\"party\": \"host\", \"share\": 2500}, {\"party\": \"region\", \"share\": 2500},"
                                                " {\"party\": \"country\", \"share\": 2500}, {\"party\": \"cohosts\", \"share\": 2500}]" });
    run(sponsor(ev, w.organiser, w.acme, 1000, "EUR"), 0, NULL);
    cr_assert_eq(run(closing(ev, w.organiser), 0, NULL).posted, 1);
    long long m = (long long)w.madrid, s = (long long)w.es;
    cr_assert_str_eq(shares_text(ev), arena_printf(&A,
                                                   "cohosts place:%lld 2500 250 EUR\n"
                                                   "country place:%lld 2500 250 EUR\n"
                                                   "host place:%lld 2500 250 EUR\n"
                                                   "region place:%lld 2500 250 EUR",
                                                   m, s, m, s));
    Err e = { 0 };
    int64_t postings = 0, madrid = 0;
    cr_assert_eq(db_int64(conn, &e, &postings,
                          "SELECT count(*) FROM ledger_postings WHERE transaction_id ="
                          " (SELECT max(tx_id) FROM event_shares WHERE event_id = $1)", DI(ev)), 1, "%s", e.msg);
    cr_assert_eq(postings, 3, "the basket, Madrid and Spain");
    cr_assert_eq(db_int64(conn, &e, &madrid,
                          "SELECT sum(p.amount) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id"
                          " WHERE a.kind = 'place' AND a.ref_id = $1", DI(w.madrid)), 1, "%s", e.msg);
    cr_assert_eq(madrid, 500);
    expect_books_verify();
}

Test(money, the_books_close_once_the_event_has_started_even_with_nothing_to_share)
{
    World w = world("timing");
    const char *rule = "[{\"party\": \"network\", \"share\": 10000}]";
    int64_t later = event_make((NewEvent){ .w = &w, .chapter = w.host, .rule = rule, .starts = now_unix() + 86400 });
    run(closing(later, w.organiser), E_CONFLICT, "not started");
    int64_t empty = event_make((NewEvent){ .w = &w, .chapter = w.host, .rule = rule });
    cr_assert_eq(run(closing(empty, w.organiser), 0, NULL).posted, 0);
    cr_assert_str_eq(shares_text(empty), "");
    Err e = { 0 };
    json_t *row = NULL;
    cr_assert_eq(db_row(conn, &e, &row, "SELECT status, closed_at FROM events WHERE id = $1", DI(empty)), 1, "%s", e.msg);
    cr_assert_str_eq(json_string_value(json_object_get(row, "status")), "closed");
    cr_assert(json_integer_value(json_object_get(row, "closed_at")) > 0);
    json_decref(row);
}

static bool name_visible(int64_t basket, Viewer v)
{
    Err e = { 0 };
    bool visible = false;
    cr_assert_eq(ledger_name_visible(conn, &e, &v, "basket", "event", basket, &visible), 0, "%s", e.msg);
    return visible;
}

/* The name of an event's basket carries its title: those who may see the event may read it. */
Test(money, a_baskets_name_is_read_by_those_who_see_the_event)
{
    World w = world("names");
    events_register();
    const char *rule = "[{\"party\": \"network\", \"share\": 10000}]";
    int64_t pub = event_basket(event_make((NewEvent){ .w = &w, .chapter = w.host, .rule = rule, .starts = 1 }));
    int64_t net = event_basket(event_make((NewEvent){ .w = &w, .chapter = w.host, .rule = rule, .visibility = "network", .starts = 2 }));
    int64_t chap = event_basket(event_make((NewEvent){ .w = &w, .chapter = w.host, .rule = rule, .visibility = "chapter", .starts = 3 }));
    const int64_t of_host[] = { w.host }, of_other[] = { w.co[0] };
    Viewer anonymous = { 0 }, max = { .user_id = w.max, .member_of = of_other, .nmember = 1 },
           mia = { .user_id = w.mia, .member_of = of_host, .nmember = 1 }, organiser = { .user_id = w.organiser },
           admin = { .user_id = w.admin, .admin = true };
    cr_assert(name_visible(pub, anonymous));
    cr_assert_not(name_visible(net, anonymous));
    cr_assert(name_visible(net, max));
    cr_assert_not(name_visible(chap, anonymous));
    cr_assert_not(name_visible(chap, max), "a member of another chapter");
    cr_assert(name_visible(chap, mia), "a member of the host chapter");
    cr_assert(name_visible(chap, organiser));
    cr_assert(name_visible(chap, admin));
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
    /* a guest confirms within a day, or before the event starts, but has an hour at least */
    cr_expect_eq(guest_confirm_until(1000000, 1000000 + 7 * 86400), 1000000 + GUEST_CONFIRM_SECONDS);
    cr_expect_eq(guest_confirm_until(1000000, 1000000 + 5 * 3600), 1000000 + 5 * 3600);
    cr_expect_eq(guest_confirm_until(1000000, 1000000 + 60), 1000000 + 3600);
    Err ge = { 0 };
    cr_expect_eq(guest_confirmed_check(false, "Ana", "code", &ge), 0);
    cr_expect_eq(guest_confirmed_check(true, "Ana", "code", &ge), -1);
    cr_expect_eq(ge.code, E_CONFLICT);
    cr_expect_str_eq(ge.field, "code");
    cr_assert_str_eq(signup_status(49, 50), "ticket");
    cr_assert_str_eq(signup_status(50, 50), "waitlist");
    cr_assert_str_eq(signup_status(51, 50), "waitlist", "a capacity lowered below the tickets");
}

Test(registration, a_tier_kept_to_members_is_neither_chosen_for_nor_given_to_others)
{
    Err e = { 0 };
    cr_assert_eq(tier_open_to(false, false, "Standard", &e), 0);
    cr_assert_eq(tier_open_to(true, true, "Members", &e), 0);
    cr_assert_eq(tier_open_to(true, false, "Members", &e), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_str_eq(e.field, "tier");
    cr_assert(strstr(e.msg, "Members ticket is for members"), "%s", e.msg);
    json_t *tiers = json_loads("[{\"id\":7,\"is_members_only\":true},{\"id\":8,\"is_members_only\":false},{\"id\":9}]", 0, NULL);
    cr_assert_eq(tier_first_open(tiers, true), 7);
    cr_assert_eq(tier_first_open(tiers, false), 8, "a guest's form starts at the first tier a guest may take");
    json_decref(tiers);
    tiers = json_loads("[{\"id\":7,\"is_members_only\":true}]", 0, NULL);
    cr_assert_eq(tier_first_open(tiers, false), 0);
    json_decref(tiers);
    char msg[300];
    cr_assert(check(tiers_check, "[{\"name\":\"M\",\"price\":\"0\",\"currency\":\"EUR\",\"members_only\":true}]", msg), "%s", msg);
    cr_assert(!check(tiers_check, "[{\"name\":\"M\",\"price\":\"0\",\"currency\":\"EUR\",\"members_only\":1}]", msg));
    Arena a;
    arena_init(&a, 4096);
    char *j = lines(&a, "tiers", "Members | 0 | members\nStandard | 5 EUR", msg);
    cr_assert_not_null(j, "%s", msg);
    cr_assert_str_eq(j, "[{\"name\":\"Members\",\"price\":\"0\",\"currency\":\"EUR\",\"members_only\":true},"
                        "{\"name\":\"Standard\",\"price\":\"5\",\"currency\":\"EUR\"}]");
    cr_assert_str_eq(format_lines_text(&a, "tiers", j), "Members | 0 EUR | members\nStandard | 5 EUR\n");
    cr_assert_null(lines(&a, "tiers", "Members | 0 | everyone", msg));
    arena_release(&a);
}

Test(formats, an_event_starts_ahead_unless_it_is_recorded_within_30_days)
{
    Err e = { 0 };
    int64_t now = 2000000000;
    cr_assert_eq(event_start_check(now + 3600, now, false, &e), 0);
    cr_assert_eq(event_start_check(now - 60, now, false, &e), 0, "a few minutes' grace");
    cr_assert_eq(event_start_check(now - 3600, now, false, &e), -1);
    cr_assert_str_eq(e.field, "date");
    cr_assert(strstr(e.msg, "in the past"), "%s", e.msg);
    cr_assert_eq(event_start_check(now - 3600, now, true, &e), 0);
    cr_assert_eq(event_start_check(now - 31 * 86400, now, true, &e), -1);
}

Test(formats, tiers_from_the_forms_rows)
{
    Arena a;
    arena_init(&a, 4096);
    Err e = { 0 };
    TierRow rows[] = { { "Standard", "12.50", "EUR", false }, { " ", "", "EUR", false }, { "Members", "free", "EUR", true } };
    char *j = tiers_from_rows(&a, rows, 3, &e);
    cr_assert_not_null(j, "%s", e.msg);
    cr_assert_str_eq(j, "[{\"name\":\"Standard\",\"price\":\"12.50\",\"currency\":\"EUR\"},"
                        "{\"name\":\"Members\",\"price\":\"0\",\"currency\":\"EUR\",\"members_only\":true}]");
    TierRow noprice[] = { { "Standard", "", "EUR", false } };
    cr_assert_null(tiers_from_rows(&a, noprice, 1, &e));
    cr_assert_str_eq(e.field, "tiers");
    TierRow bad[] = { { "Standard", "ten", "EUR", false } };
    cr_assert_null(tiers_from_rows(&a, bad, 1, &e));
    cr_assert(strstr(e.msg, "Standard"), "%s", e.msg);
    TierRow none[] = { { "", "", "EUR", false } };
    cr_assert_null(tiers_from_rows(&a, none, 1, &e));
    arena_release(&a);
}

Test(registration, a_guest_from_the_fediverse_joins_only_what_is_open_free_and_not_full)
{
    cr_assert_null(remote_join_refusal("open", 2000, 1000, 2, 3, true));
    cr_assert_str_eq(remote_join_refusal("open", 2000, 1000, 3, 3, true), "The event is full.");
    cr_assert_str_eq(remote_join_refusal("open", 2000, 1000, 0, 3, false), "The event's tickets are paid: register on its page.");
    cr_assert_str_eq(remote_join_refusal("open", 999, 1000, 0, 3, true), "The event is over.");
    cr_assert_str_eq(remote_join_refusal("cancelled", 2000, 1000, 0, 3, true), "The event is cancelled.");
    cr_assert_str_eq(remote_join_refusal("closed", 2000, 1000, 0, 3, true), "Registration for the event has ended.");
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
    cr_assert_str_eq(money_text(&a, 1234550, "EUR", 2), "12,345.50 EUR");
    cr_assert_str_eq(money_text(&a, 1500000, "JPY", 0), "1,500,000 JPY");
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
static TestDb ftdb;

static void fdb_remove(void)
{
    test_db_remove(&ftdb);
}

static AppFields pitch_night(void)
{
    return (AppFields){ .name = "Pitch night", .summary = "", .description = "", .runbook = "[]",
                        .tiers = "[{\"name\":\"Standard\",\"price\":\"0\",\"currency\":\"EUR\"}]", .packages = "[]",
                        .split_rule = "[{\"party\":\"network\",\"share\":10000}]" };
}

Test(formats, publish_change_and_copy_on_a_database, .fini = fdb_remove)
{
    test_db_make(&ftdb);
    const char *url = ftdb.url;
    Db *fdb = NULL;
    Err e = { 0 };
    Arena a;
    arena_init(&a, 4096);
    log_level = -1;
    cr_assert_eq(db_open(&fdb, url, &e), 0, "db_open(%s): %s", url, e.msg);
    cr_assert_geq(db_migrate(fdb, false, &e), 0, "%s", e.msg);
    DbConn *c = db_acquire(fdb, &e);
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
    db_close(fdb);
    arena_release(&a);
}
