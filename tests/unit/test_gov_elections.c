/* test_gov_elections.c - elections by secret ballot: trackers and choices,
 * the ballot box (its chain, its signature, the recount, and tampering of
 * every kind found), and the operations on a database (run on SQLite and on
 * PostgreSQL by tests/run): who may stand, nominate, vote; the electorate
 * frozen at the opening; one ballot per voter; the close (count, box, seats,
 * decision, mail); the periodic work; and no link from a ballot to a voter.
 *
 * The database tests run on GLOCAL_TEST_DB: tests/run runs this program once
 * on a fresh SQLite database and once on a fresh PostgreSQL one, every test of
 * a run sharing it (names carry a random tag; the periodic work is global, so
 * everything that ticks is in one test and the others are dated beyond it).
 * Run by hand without it, each test makes a SQLite file of its own. */
#include <sodium.h>

#include "accounts/accounts.h"
#include "base/log.h"
#include "base/str.h"
#include "governance/governance.h"
#include "ledger/ledger.h"
#include "network/network.h"
#include "testnet.h"

/* ---------- trackers and choices (pure) ---------- */

Test(tracker, is_24_characters_of_crockford_base32_in_six_groups)
{
    unsigned char b[TRACKER_BYTES];
    char t[TRACKER_TEXT], u[TRACKER_TEXT];
    for (int k = 0; k < 200; k++) {
        randombytes_buf(b, sizeof b);
        tracker_from_bytes(b, t);
        cr_assert_eq(strlen(t), 29u);
        for (int i = 0; i < 29; i++) {
            if (i % 5 == 4) cr_assert_eq(t[i], '-', "%s", t);
            else cr_assert(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", t[i]), "%s", t);
        }
        cr_assert(tracker_normalise(t, u));
        cr_assert_str_eq(u, t);
    }
    memset(b, 0xff, sizeof b);
    tracker_from_bytes(b, t);
    cr_assert_str_eq(t, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    memset(b, 0, sizeof b);
    b[TRACKER_BYTES - 1] = 1;
    tracker_from_bytes(b, t);
    cr_assert_str_eq(t, "0000-0000-0000-0000-0000-0001");
}

Test(tracker, is_read_as_people_type_it)
{
    char t[TRACKER_TEXT];
    cr_assert(tracker_normalise(" 7k3m q9xa 2d4f 8hjn p6rt w1bc ", t));
    cr_assert_str_eq(t, "7K3M-Q9XA-2D4F-8HJN-P6RT-W1BC");
    cr_assert(tracker_normalise("7K3MQ9XA2D4F8HJNP6RTWLBO", t));   /* L is 1, O is 0 */
    cr_assert_str_eq(t, "7K3M-Q9XA-2D4F-8HJN-P6RT-W1B0");
    cr_assert_not(tracker_normalise("7K3M-Q9XA-2D4F-8HJN-P6RT", t));          /* too short */
    cr_assert_not(tracker_normalise("7K3M-Q9XA-2D4F-8HJN-P6RT-W1BCX", t));    /* too long */
    cr_assert_not(tracker_normalise("7K3M-Q9XA-2D4F-8HJN-P6RT-W1BU", t));     /* U is no digit */
    cr_assert_not(tracker_normalise("", t));
    cr_assert_not(tracker_normalise(NULL, t));
}

Test(choice, ballots_are_checked_with_a_sentence)
{
    int32_t ok[] = { 3, 1, 2 }, twice[] = { 1, 1 }, none_such[] = { 4 }, zero[] = { 0 };
    Err e = { 0 };
    cr_assert_eq(choice_check("stv", 3, ok, 3, &e), 0);
    cr_assert_eq(choice_check("stv", 3, ok, 1, &e), 0);
    cr_assert_eq(choice_check("stv", 3, twice, 2, &e), -1);
    cr_assert_str_eq(e.field, "ranking");
    cr_assert(strstr(e.msg, "only one rank"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(choice_check("approval", 3, twice, 2, &e), -1);
    cr_assert_str_eq(e.field, "approve");
    err_clear(&e);
    cr_assert_eq(choice_check("stv", 3, none_such, 1, &e), -1);
    cr_assert(strstr(e.msg, "no candidate number 4"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(choice_check("stv", 3, zero, 1, &e), -1);
    err_clear(&e);
    cr_assert_eq(choice_check("stv", 3, ok, 0, &e), -1);
    cr_assert(strstr(e.msg, "at least one"), "%s", e.msg);
    char *text = choice_text(ok, 3);
    cr_assert_str_eq(text, "[3,1,2]");
    free(text);
}

Test(choice, the_forms_ranks_close_their_gaps_and_refuse_a_rank_twice)
{
    int32_t out[5];
    int n = 0;
    Err e = { 0 };
    int64_t ranks[] = { 0, 3, 1, 0, 7 - 2 };   /* candidate 3 first, then 2, then 5 */
    cr_assert_eq(ranking_from_ranks(5, ranks, out, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(n, 3);
    cr_assert_eq(out[0], 3);
    cr_assert_eq(out[1], 2);
    cr_assert_eq(out[2], 5);
    int64_t twice[] = { 1, 2, 2, 0, 0 };
    cr_assert_eq(ranking_from_ranks(5, twice, out, &n, &e), -1);
    cr_assert(strstr(e.msg, "rank 2 to two candidates"), "%s", e.msg);
    err_clear(&e);
    int64_t none[] = { 0, 0, 0 };
    cr_assert_eq(ranking_from_ranks(3, none, out, &n, &e), 0);
    cr_assert_eq(n, 0);
    int64_t beyond[] = { 4, 0, 0 };
    cr_assert_eq(ranking_from_ranks(3, beyond, out, &n, &e), -1);
}

/* ---------- the box (pure, with a key of the test's own) ---------- */

static unsigned char sk[crypto_sign_SECRETKEYBYTES];
static char pk_hex[65];

static void sign_box(json_t *box)
{
    char *msg = box_message(json_integer_value(json_object_get(json_object_get(box, "election"), "id")),
                            json_array_size(json_object_get(box, "ballots")), json_string_value(json_object_get(box, "head")));
    unsigned char sig[crypto_sign_BYTES];
    char hex[129];
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), sk);
    sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
    json_object_set_new(box, "signature", json_pack("{s:s, s:s, s:s, s:s}", "message", msg, "signature", hex, "public_key", pk_hex,
                                                    "algorithm", "Ed25519"));
    free(msg);
}

/* A signed box of `n` random STV ballots over 4 candidates for 2 seats, and its count. */
static json_t *sample_box(int n, json_t **result)
{
    static bool keyed;
    if (!keyed) {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_keypair(pk, sk);
        sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
        keyed = true;
    }
    json_t *election = json_pack("{s:i, s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "id", 7, "title", "Board 2027", "committee", "Board",
                                 "method", "stv", "seats", 2, "opened_at", 1000, "closed_at", 2000, "electorate", n + 3);
    json_t *cands = json_pack("[{s:i, s:s}, {s:i, s:s}, {s:i, s:s}, {s:i, s:s}]", "position", 1, "name", "Ana", "position", 2, "name",
                              "Bruno", "position", 3, "name", "Chen", "position", 4, "name", "Dara");
    json_t *ballots = json_array();
    for (int i = 0; i < n; i++) {
        unsigned char b[TRACKER_BYTES];
        char t[TRACKER_TEXT];
        randombytes_buf(b, sizeof b);
        tracker_from_bytes(b, t);
        int32_t perm[4] = { 1, 2, 3, 4 };
        for (int k = 3; k > 0; k--) {
            int j = (int)randombytes_uniform((uint32_t)k + 1);
            int32_t x = perm[k];
            perm[k] = perm[j], perm[j] = x;
        }
        char *text = choice_text(perm, 1 + (int)randombytes_uniform(4));
        json_array_append_new(ballots, json_pack("{s:s, s:s}", "tracker", t, "choice", text));
        free(text);
    }
    Err e = { 0 };
    json_t *box = box_seal(election, cands, ballots, &e);
    cr_assert_not_null(box, "%s", e.msg);
    sign_box(box);
    *result = box_recount(box, &e);
    cr_assert_not_null(*result, "%s", e.msg);
    json_decref(election);
    json_decref(cands);
    json_decref(ballots);
    return box;
}

static void expect_broken(const json_t *box, const json_t *result, const char *pk, const char *words)
{
    char why[400];
    cr_assert_eq(box_check(box, result, pk, why, sizeof why), 1, "a tampered box passed (%s)", words);
    cr_assert(strstr(why, words), "\"%s\" lacks \"%s\"", why, words);
}

Test(box, a_sealed_and_signed_box_holds_sorted_by_tracker)
{
    json_t *result = NULL, *box = sample_box(300, &result);
    char why[400];
    cr_assert_eq(box_check(box, result, pk_hex, why, sizeof why), 0, "%s", why);
    cr_assert_eq(box_check(box, NULL, NULL, why, sizeof why), 0, "%s", why);
    json_t *ballots = json_object_get(box, "ballots");
    cr_assert_eq(json_array_size(ballots), 300u);
    for (size_t i = 1; i < 300; i++)
        cr_assert_lt(strcmp(json_string_value(json_object_get(json_array_get(ballots, i - 1), "tracker")),
                            json_string_value(json_object_get(json_array_get(ballots, i), "tracker"))), 0);
    const char *t = json_string_value(json_object_get(json_array_get(ballots, 123), "tracker"));
    cr_assert_eq(box_find(box, t), json_array_get(ballots, 123));
    cr_assert_null(box_find(box, "0000-0000-0000-0000-0000-0000"));
    cr_assert_eq(json_array_size(json_object_get(result, "winners")), 2u);
    /* the BLT text holds every ballot, and reads back to the same count */
    char *blt = box_blt(box);
    BltData d;
    Err e = { 0 };
    cr_assert_eq(blt_read(blt, &d, &e), 0, "%s", e.msg);
    cr_assert_eq(d.in.n, 300u);
    json_t *again = stv_count(&d.in, &e);
    cr_assert(json_equal(json_object_get(again, "winners"), json_object_get(result, "winners")));
    json_decref(again);
    blt_free(&d);
    free(blt);
    json_decref(box);
    json_decref(result);
}

Test(box, an_empty_box_is_the_genesis)
{
    json_t *result = NULL, *box = sample_box(0, &result);
    char why[400];
    cr_assert_str_eq(json_string_value(json_object_get(box, "head")), json_string_value(json_object_get(box, "genesis")));
    cr_assert_eq(box_check(box, result, pk_hex, why, sizeof why), 0, "%s", why);
    json_decref(box);
    json_decref(result);
}

Test(box, every_kind_of_tampering_is_found)
{
    json_t *result = NULL, *box = sample_box(50, &result);
    json_t *b = json_deep_copy(box);
    json_t *ballot = json_array_get(json_object_get(b, "ballots"), 10);
    json_t *one = json_pack("[i]", 1);
    json_object_set_new(ballot, "choice", json_equal(json_object_get(ballot, "choice"), one) ? json_pack("[i]", 2) : json_incref(one));
    json_decref(one);
    expect_broken(b, result, pk_hex, "ballot 11");
    expect_broken(b, result, pk_hex, "does not match its hash");
    json_decref(b);

    b = json_deep_copy(box);   /* a ballot removed */
    json_array_remove(json_object_get(b, "ballots"), 20);
    expect_broken(b, result, pk_hex, "does not link to the ballot before it");
    json_decref(b);

    b = json_deep_copy(box);   /* the last one removed, the head moved back and the count fixed: the signature fails */
    json_t *list = json_object_get(b, "ballots");
    json_object_set(b, "head", json_object_get(json_array_get(list, 48), "hash"));
    json_array_remove(list, 49);
    json_object_set_new(b, "count", json_integer(49));
    expect_broken(b, result, pk_hex, "signed message does not name this box");
    json_decref(b);

    b = json_deep_copy(box);   /* two swapped */
    list = json_object_get(b, "ballots");
    json_t *x = json_incref(json_array_get(list, 3));
    json_array_set(list, 3, json_array_get(list, 4));
    json_array_set_new(list, 4, x);
    expect_broken(b, result, pk_hex, "does not link to the ballot before it");
    json_decref(b);

    b = json_deep_copy(box);   /* the election renamed */
    json_object_set_new(json_object_get(b, "election"), "title", json_string("Board 2028"));
    expect_broken(b, result, pk_hex, "genesis");
    json_decref(b);

    b = json_deep_copy(box);   /* a candidate renamed */
    json_object_set_new(json_array_get(json_object_get(b, "candidates"), 1), "name", json_string("Brunhilde"));
    expect_broken(b, result, pk_hex, "genesis");
    json_decref(b);

    b = json_deep_copy(box);   /* the signature of something else */
    json_t *sig = json_object_get(b, "signature");
    const char *s = json_string_value(json_object_get(sig, "signature"));
    char *flipped = strdup(s);
    flipped[0] = flipped[0] == 'a' ? 'b' : 'a';
    json_object_set_new(sig, "signature", json_string(flipped));
    free(flipped);
    expect_broken(b, result, pk_hex, "signature does not hold");
    json_decref(b);

    /* the box re-sealed and signed by someone else's key */
    expect_broken(box, result, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "not with this node's key");

    b = json_deep_copy(result);   /* a published result that the box does not give */
    json_t *w = json_object_get(b, "winners");
    json_array_set_new(w, 0, json_integer((json_integer_value(json_array_get(w, 0)) + 1) % 4));
    expect_broken(box, b, pk_hex, "the recount elects");
    json_decref(b);

    b = json_deep_copy(result);
    json_object_set_new(json_array_get(json_object_get(b, "rounds"), 0), "note", json_string("Something else happened."));
    expect_broken(box, b, pk_hex, "round 1 of the recount differs");
    json_decref(b);

    json_decref(box);
    json_decref(result);
}

/* ---------- the operations, on a database ---------- */

static Db *db;
static DbConn *c;
static Arena arena;
static TestDb tdb;
static unsigned tag;   /* names and addresses unique in a database several tests share */
static int serial;

static int keys_tx(DbConn *conn, void *ctx, Err *e)
{
    (void)ctx;
    return node_keys_ensure(conn, e);
}

static void up(void)
{
    test_db_open(&tdb, &db, &c);
    arena_init(&arena, 0);
    log_level = -1;   /* refusals below are expected */
    tag = randombytes_random();
    Err e = { 0 };
    cr_assert_eq(db_write(c, keys_tx, NULL, &e), 0, "%s", e.msg);
}

static void down(void)
{
    arena_release(&arena);
    test_db_close(&tdb, db, c);
}

static int64_t person(const char *name, bool admin)
{
    return test_user_make(c, &arena, arena_printf(&arena, "p%d-%u@test.example", ++serial, tag),
                          arena_printf(&arena, "%s %u", name, tag), admin);
}

static int64_t place(int64_t parent, const char *kind, const char *name)
{
    return test_place_make(c, &arena, parent, kind, arena_printf(&arena, "%s %u", name, tag));
}

static int64_t chapter_in(int64_t metro, int64_t connector)
{
    Err e = { 0 };
    int64_t id = 0;
    FieldErrs problems = { &arena, NULL, 0 };
    ChapterFields f = { arena_printf(&arena, "Chapter %d %u", ++serial, tag), "", "", "forming", "open", metro, 0, 12 };
    cr_assert_eq(chapter_start(c, &e, &arena, &f, connector, &problems, &id), 0, "%s", e.msg);
    return id;
}

typedef struct Join {
    int64_t chapter, user;
} Join;

static int join_tx(DbConn *conn, void *ctx, Err *e)
{
    Join *j = ctx;
    return membership_add(conn, e, j->chapter, j->user, "member", j->user);
}

static void join(int64_t chapter, int64_t who)
{
    Err e = { 0 };
    Join j = { chapter, who };
    cr_assert_eq(db_write(c, join_tx, &j, &e), 0, "%s", e.msg);
}

static int64_t election(int64_t committee, const char *method, int64_t seats, int64_t noms, int64_t closes, int64_t by)
{
    Err e = { 0 };
    int64_t id = 0;
    FieldErrs problems = { &arena, NULL, 0 };
    ElectionIn in = { committee, arena_printf(&arena, "Election %d %u", ++serial, tag), method, seats, noms, closes, by, now_unix() };
    cr_assert_eq(election_create(c, &e, &in, &problems, &id), 0, "%s", e.msg);
    return id;
}

static void nominate(int64_t el, int64_t who, int64_t by, int want_code, const char *words)
{
    Err e = { 0 };
    NominationIn in = { el, who, by, "I will listen first.", now_unix() };
    int rc = election_nominate(c, &e, &in, false);
    if (!want_code) {
        cr_assert_eq(rc, 0, "nomination refused: %s", e.msg);
        return;
    }
    cr_assert_eq(rc, -1, "a nomination that should fail (%s) passed", words);
    cr_assert_eq(e.code, want_code, "%d: %s", e.code, e.msg);
    cr_assert(strstr(e.msg, words), "\"%s\" lacks \"%s\"", e.msg, words);
}

/* Casts a ballot; the tracker into `tracker` (NULL: the refusal expected). */
static int cast(int64_t el, int64_t voter, int64_t now, const int32_t *choice, int n, char *tracker)
{
    Err e = { 0 };
    char t[TRACKER_TEXT];
    BallotIn in = { el, voter, choice, n, now };
    int rc = ballot_cast(c, &e, &in, t);
    if (rc == 0 && tracker) memcpy(tracker, t, TRACKER_TEXT);
    return rc < 0 ? e.code : 0;
}

static json_t *get(int64_t id)
{
    Err e = { 0 };
    json_t *el = NULL;
    cr_assert_eq(election_get(c, &e, id, &el), 1, "%s", e.msg);
    return el;
}

static const char *title_of(int64_t id)
{
    json_t *el = get(id);
    const char *s = arena_strdup(&arena, json_string_value(json_object_get(el, "title")));
    json_decref(el);
    return s;
}

static const char *status_of(int64_t id)
{
    json_t *el = get(id);
    const char *s = arena_strdup(&arena, json_string_value(json_object_get(el, "status")));
    json_decref(el);
    return s;
}

static json_t *outbox_since(int64_t first)
{
    Err e = { 0 };
    json_t *rows = db_rows(c, &e, "SELECT id, kind, to_email, subject, body FROM outbox WHERE id >= $1 ORDER BY id", DI(first));
    cr_assert_not_null(rows, "%s", e.msg);
    return rows;
}

static int64_t outbox_next(void)
{
    Err e = { 0 };
    int64_t n = 0;
    cr_assert_geq(db_int64(c, &e, &n, "SELECT COALESCE(max(id), 0) + 1 FROM outbox"), 0, "%s", e.msg);
    return n;
}

static int verify(int64_t id, char *why, size_t n)
{
    Err e = { 0 };
    json_t *summary = NULL;
    int rc = election_verify(c, &e, id, why, n, &summary);
    cr_assert_geq(rc, 0, "%s", e.msg);
    json_decref(summary);
    return rc;
}

TestSuite(elections, .init = up, .fini = down);

static int kind_count(int64_t from, const char *kind, const char *title)
{
    json_t *mails = outbox_since(from);
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(mails, i, x)
        if (str_eq(json_string_value(json_object_get(x, "kind")), kind) && strstr(json_string_value(json_object_get(x, "subject")), title))
            n++;
    json_decref(mails);
    return n;
}

static int seat_tx(DbConn *conn, void *ctx, Err *e)
{
    return committee_seat(conn, e, ctx) < 0 ? -1 : 0;
}

typedef struct Sql {
    int64_t a, b;
    const char *t;
} Sql;

static int extra_ballot_tx(DbConn *conn, void *ctx, Err *e)
{
    Sql *s = ctx;
    return db_exec(conn, e, "INSERT INTO gov_ballots (id, election_id, tracker, choice) VALUES ($1, $2, $3, '[1]')", DI(s->a), DI(s->b),
                   DT(s->t)) < 0 ? -1 : 0;
}

static int change_ballot_tx(DbConn *conn, void *ctx, Err *e)
{
    Sql *s = ctx;
    return db_exec(conn, e, "UPDATE gov_ballots SET choice = '[2]' WHERE tracker = $1", DT(s->t)) < 0 ? -1 : 0;
}

static int delete_ballot_tx(DbConn *conn, void *ctx, Err *e)
{
    Sql *s = ctx;
    return db_exec(conn, e, "DELETE FROM gov_ballots WHERE tracker = $1", DT(s->t)) < 0 ? -1 : 0;
}

static int change_box_tx(DbConn *conn, void *ctx, Err *e)
{
    Sql *s = ctx;
    return db_exec(conn, e, "UPDATE gov_elections SET box_head = 'x' WHERE id = $1", DI(s->a)) < 0 ? -1 : 0;
}

static int mark_voted_tx(DbConn *conn, void *ctx, Err *e)
{
    Sql *s = ctx;
    return db_exec(conn, e, "INSERT INTO gov_electorate (election_id, user_id, has_voted) VALUES ($1, $2, 1)", DI(s->a), DI(s->b)) < 0
               ? -1 : 0;
}

static int unvote_tx(DbConn *conn, void *ctx, Err *e)
{
    Sql *s = ctx;
    return db_exec(conn, e, "UPDATE gov_electorate SET has_voted = 0 WHERE election_id = $1", DI(s->a)) < 0 ? -1 : 0;
}

Test(elections, a_committee_elected_by_stv_from_nomination_to_a_verified_box)
{
    /* a month ahead: beyond what the periodic work of the other test (on a shared database) reaches */
    int64_t now = now_unix() + 30 * 86400;
    int64_t country = place(0, "country", "Patria"), region = place(country, "region", "Litoral");
    int64_t lisbon = place(region, "metro", "Lisboa"), porto = place(region, "metro", "Porto");
    int64_t abroad = place(place(0, "country", "Outland"), "metro", "Far");
    int64_t admin = person("Admin", true);
    int64_t ca = person("Carla", false), cd = person("Duarte", false), cb = person("Bia", false), cc = person("Cyrus", false);
    int64_t m1 = person("Mara", false), m2 = person("Nuno", false);
    int64_t a = chapter_in(lisbon, ca);
    chapter_in(lisbon, cd);
    chapter_in(porto, cb);
    chapter_in(abroad, cc);
    join(a, m1);
    join(a, m2);
    Err e = { 0 };
    int64_t committee = 0;
    cr_assert_eq(committee_ensure(c, &e, region, &committee), 0, "%s", e.msg);

    /* the form's rules */
    FieldErrs problems = { &arena, NULL, 0 };
    int64_t id = 0;
    ElectionIn bad = { committee, "", "plurality", 0, now + 1000, now + 500, admin, now };
    cr_assert_eq(election_create(c, &e, &bad, &problems, &id), -1);
    cr_assert_eq(problems.n, 3, "title, method and closes_at: %d", problems.n);
    err_clear(&e);

    json_t *row = get(election(committee, "approval", 0, now + 1000, now + 5000, admin)), *g = NULL;
    cr_assert_eq(committee_get(c, &e, committee, &g), 1);
    cr_assert_eq(json_integer_value(json_object_get(row, "seats")), json_integer_value(json_object_get(g, "seats")),
                 "seats default to the committee's");
    json_decref(row);
    json_decref(g);
    int64_t el = election(committee, "stv", 2, now + 1000, now + 5000, admin);

    /* nominations: who may stand, who may nominate */
    int64_t mail_from = outbox_next();
    nominate(el, m1, m1, 0, NULL);                                       /* standing oneself */
    nominate(el, m2, cc, E_FORBIDDEN, "can nominate");                  /* cc's chapter is in another country */
    nominate(el, cc, ca, E_INVALID, "cannot stand");
    nominate(el, m2, ca, 0, NULL);
    nominate(el, m2, cb, E_CONFLICT, "already nominated");
    nominate(el, cb, cb, 0, NULL);
    const char *title = title_of(el);
    cr_assert_eq(kind_count(mail_from, "gov_election_nominated", title), 1, "only the nominee who did not stand themself is mailed");
    int32_t first[] = { 1 };
    cr_assert_eq(cast(el, ca, now + 10, first, 1, NULL), E_CONFLICT, "no ballot before voting opens");
    cr_assert_eq(election_answer(c, &e, el, m2, true, "Nuno's statement.", now + 20), 0, "%s", e.msg);
    cr_assert_eq(election_answer(c, &e, el, cc, true, "", now + 20), -1, "cc was never nominated");
    err_clear(&e);

    /* opening: the electorate (connectors of the chapters in the region) frozen, the ballot numbered alphabetically */
    cr_assert_eq(election_open(c, &e, el, now + 1001), 0, "%s", e.msg);
    cr_assert_str_eq(status_of(el), "voting");
    row = get(el);
    cr_assert_eq(json_integer_value(json_object_get(row, "electorate_size")), 3, "ca, cd and cb; not cc, not the members");
    json_decref(row);
    json_t *cands = election_candidates(c, &e, el);
    cr_assert_eq(json_array_size(cands), 3u);
    const char *order[] = { "Bia", "Mara", "Nuno" };
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(json_integer_value(json_object_get(json_array_get(cands, i), "position")), (json_int_t)i + 1);
        cr_assert(str_starts(json_string_value(json_object_get(json_array_get(cands, i), "name")), order[i]));
    }
    json_decref(cands);
    nominate(el, ca, ca, E_CONFLICT, "Nominations are over");

    /* voting: once each, by the electorate only, a valid choice */
    char t1[TRACKER_TEXT], t2[TRACKER_TEXT], t3[TRACKER_TEXT];
    int32_t r1[] = { 2, 3 }, r2[] = { 1 }, r3[] = { 3, 2, 1 }, bad_choice[] = { 4 };
    cr_assert_eq(cast(el, cc, now + 1100, r1, 2, NULL), E_FORBIDDEN);
    cr_assert_eq(cast(el, m1, now + 1100, r1, 2, NULL), E_FORBIDDEN, "members are not the electorate (connectors are)");
    cr_assert_eq(cast(el, ca, now + 1100, r1, 2, t1), 0);
    cr_assert_eq(cast(el, ca, now + 1101, r2, 1, NULL), E_CONFLICT, "one ballot per voter");
    cr_assert_eq(cast(el, cd, now + 1102, bad_choice, 1, NULL), E_INVALID);
    cr_assert_eq(cast(el, cd, now + 1103, r3, 3, t3), 0, "a refused ballot does not count as a vote");
    cr_assert_eq(cast(el, cb, now + 5000, r2, 1, NULL), E_CONFLICT, "voting closed at closes_at, before the tick counts");
    cr_assert_eq(cast(el, cb, now + 4999, r2, 1, t2), 0);
    cr_assert_str_neq(t1, t3);

    /* the ballots name no voter; their ids do not follow the order of voting */
    json_t *ballots = db_rows(c, &e, "SELECT * FROM gov_ballots WHERE election_id = $1", DI(el));
    cr_assert_eq(json_array_size(ballots), 3u);
    bool random_ids = false;
    size_t i;
    json_t *x;
    json_array_foreach(ballots, i, x) {
        cr_assert_eq(json_object_size(x), 4u, "id, election_id, tracker, choice: nothing else");
        if (json_integer_value(json_object_get(x, "id")) > ((json_int_t)1 << 32)) random_ids = true;
    }
    cr_assert(random_ids);
    json_decref(ballots);

    /* four sitting members (appointed) with terms that end at different times: with the two elected,
     * the committee would have six members for five seats, so the seat that ends soonest ends now */
    int64_t sitting[4];
    for (int k = 0; k < 4; k++) {
        sitting[k] = person("Sitting", false);
        SeatIn in = { committee, sitting[k], "appointed", 0, now_unix() - 10, now + (k == 2 ? 10 : 100 + k) * 86400 };
        cr_assert_eq(db_write(c, seat_tx, &in, &e), 0, "%s", e.msg);
    }
    json_t *g5 = NULL;
    cr_assert_eq(committee_get(c, &e, committee, &g5), 1);
    cr_assert_eq(json_integer_value(json_object_get(g5, "seats")), 5, "a committee has five seats by default");
    json_decref(g5);

    /* the close: counted, sealed, signed, seated, recorded, mailed */
    mail_from = outbox_next();
    cr_assert_eq(election_close(c, &e, el, now + 5001), 0, "%s", e.msg);
    cr_assert_str_eq(status_of(el), "closed");
    cr_assert_eq(election_close(c, &e, el, now + 5002), -1, "closed once");
    err_clear(&e);
    char why[400];
    cr_assert_eq(verify(el, why, sizeof why), 0, "%s", why);
    json_t *outcome = NULL;
    cr_assert_eq(election_outcome(c, &e, el, &outcome), 1, "%s", e.msg);
    json_t *winners = json_object_get(json_object_get(outcome, "result"), "winners");
    cr_assert_eq(json_array_size(winners), 2u);
    json_decref(outcome);
    cr_assert_eq(committee_seated(c, &e, committee, m1, now + 5001) + committee_seated(c, &e, committee, m2, now + 5001) +
                     committee_seated(c, &e, committee, cb, now + 5001), 2);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(committee_seated(c, &e, committee, sitting[k], now + 5001), k != 2, "member %d: the seat ending soonest ends", k);
    int64_t decisions = 0;
    cr_assert_eq(db_int64(c, &e, &decisions, "SELECT count(*) FROM gov_decisions WHERE source = 'election' AND source_id = $1", DI(el)), 1);
    cr_assert_eq(decisions, 1);
    cr_assert_eq(kind_count(mail_from, "gov_election_results", title), 3, "the results to each voter");
    json_t *mails = outbox_since(0);
    json_array_foreach(mails, i, x) {
        const char *body = json_string_value(json_object_get(x, "body"));
        cr_assert_null(strstr(body, t1));
        cr_assert_null(strstr(body, t2));
        cr_assert_null(strstr(body, t3));
    }
    json_decref(mails);
    json_t *box = NULL;
    cr_assert_eq(election_box(c, &e, el, &box), 1, "%s", e.msg);
    cr_assert_not_null(box_find(box, t1));
    json_t *want = json_pack("[i, i]", 2, 3);
    cr_assert(json_equal(json_object_get(box_find(box, t1), "choice"), want));
    json_decref(want);
    json_decref(box);
    json_t *found = NULL;
    cr_assert_eq(ballot_lookup(c, &e, el, t3, &found), 1);
    cr_assert_eq(json_integer_value(json_object_get(found, "of")), 3);
    json_decref(found);

    /* what the database refuses, and what it lets through but verify finds */
    Sql s = { el, 0, t2 };
    cr_assert_eq(db_write(c, change_ballot_tx, &s, &e), -1, "a ballot cannot be changed");
    err_clear(&e);
    cr_assert_eq(db_write(c, delete_ballot_tx, &s, &e), -1, "a ballot cannot be removed");
    err_clear(&e);
    cr_assert_eq(db_write(c, change_box_tx, &s, &e), -1, "a published box cannot be changed");
    err_clear(&e);
    cr_assert_eq(db_write(c, unvote_tx, &s, &e), -1, "a vote cannot be taken back");
    err_clear(&e);
    s.b = m1;   /* one more voter, marked as having voted: as if a ballot had been lost */
    cr_assert_eq(db_write(c, mark_voted_tx, &s, &e), 0, "%s", e.msg);
    cr_assert_eq(verify(el, why, sizeof why), 1);
    cr_assert(strstr(why, "4 voters are marked as having voted, but the box holds 3 ballots"), "%s", why);
    unsigned char bytes[TRACKER_BYTES];
    char stuffed[TRACKER_TEXT];
    randombytes_buf(bytes, sizeof bytes);
    tracker_from_bytes(bytes, stuffed);
    s = (Sql){ (int64_t)randombytes_random() * 1000 + 7, el, stuffed };
    cr_assert_eq(db_write(c, extra_ballot_tx, &s, &e), 0, "%s", e.msg);
    cr_assert_eq(verify(el, why, sizeof why), 1);
    cr_assert(strstr(why, arena_printf(&arena, "tracker %s) that is not in the published box", stuffed)), "%s", why);
}


static int wide_tx(DbConn *conn, void *ctx, Err *e)
{
    return committee_configure(conn, e, *(int64_t *)ctx, 99, 24, 0) < 0 ? -1 : 0;
}

static void seat(int64_t committee, int64_t user, int64_t now)
{
    Err e = { 0 };
    SeatIn in = { committee, user, "appointed", 0, now - 10, now + 400 * 86400 };
    cr_assert_eq(db_write(c, seat_tx, &in, &e), 0, "%s", e.msg);
}

static const char *tick(int64_t now)
{
    Err e = { 0 };
    Buf report;
    buf_init(&report, &arena);
    cr_assert_eq(elections_tick(c, now, &report, &e), 0, "%s", e.msg);
    return buf_str(&report);
}

/* The periodic work is global: everything that ticks is in this one test
 * (the other elections of a shared database are dated beyond it). */
Test(elections, the_periodic_work_opens_reminds_closes_and_gives_up)
{
    int64_t now = now_unix();
    int64_t country = place(0, "country", "Terra"), metro = place(country, "metro", "Urbe");
    int64_t admin = person("Admin", true), outsider = person("Olga", false);
    int64_t k1 = 0, k2 = 0, board = 0;
    Err e = { 0 };
    cr_assert_eq(committee_ensure(c, &e, country, &k1), 0, "%s", e.msg);
    cr_assert_eq(committee_ensure(c, &e, metro, &k2), 0, "%s", e.msg);
    cr_assert_eq(committee_ensure(c, &e, 0, &board), 0, "%s", e.msg);

    /* an election that never opens is cancelled when it would have closed */
    int64_t lost = election(k1, "stv", 3, now + 100, now + 200, admin);
    cr_assert_eq(election_open(c, &e, lost, now + 50), -1);
    cr_assert(strstr(e.msg, "at least 3 accepted candidates"), "%s", e.msg);
    err_clear(&e);
    tick(now + 201);
    cr_assert_str_eq(status_of(lost), "cancelled");
    char why[400];
    json_t *summary = NULL;
    cr_assert_eq(election_verify(c, &e, lost, why, sizeof why, &summary), -1, "nothing to verify");
    cr_assert_eq(e.code, E_CONFLICT);
    err_clear(&e);

    /* the board, by approval */
    int64_t p[5];
    for (int i = 0; i < 5; i++) {
        p[i] = person(i < 3 ? "Committee member" : "Metro member", false);
        seat(i < 3 ? k1 : k2, p[i], now);
    }
    int64_t wide = board;
    cr_assert_eq(db_write(c, wide_tx, &wide, &e), 0, "%s", e.msg);
    seat(board, outsider, now);   /* sitting on the board itself neither lets you stand nor vote for it */
    int64_t noms = now + 300, closes = now + 300 + 3 * 86400;
    int64_t el = election(board, "approval", 1, noms, closes, admin);
    const char *title = title_of(el);
    nominate(el, outsider, p[0], E_INVALID, "members of the steering committees");
    nominate(el, p[0], outsider, E_FORBIDDEN, "can nominate");

    int64_t from = outbox_next();
    tick(noms - 1);
    cr_assert_str_eq(status_of(el), "nominating");
    tick(noms + 1);
    cr_assert_str_eq(status_of(el), "nominating", "no candidate: voting cannot open");
    cr_assert_geq(kind_count(from, "gov_election_stalled", title), 1, "the administrators are told");
    int told = kind_count(from, "gov_election_stalled", title);
    tick(noms + 2);
    cr_assert_eq(kind_count(from, "gov_election_stalled", title), told, "once");

    /* more time for nominations; two stand; the tick opens voting */
    FieldErrs problems = { &arena, NULL, 0 };
    ElectionIn in = { 0, title, "approval", 1, noms + 1000, closes, admin, noms + 3 };
    cr_assert_eq(election_change(c, &e, el, &in, &problems), 0, "%s", e.msg);
    NominationIn a = { el, p[1], p[1], "Continuity.", noms + 10 }, b = { el, p[3], p[3], "Change.", noms + 10 };
    cr_assert_eq(election_nominate(c, &e, &a, false), 0, "%s", e.msg);
    cr_assert_eq(election_nominate(c, &e, &b, false), 0, "%s", e.msg);
    tick(noms + 1001);
    cr_assert_str_eq(status_of(el), "voting");
    json_t *row = get(el);
    /* the members of the other committees: these five (and any other test on this database seated) */
    json_int_t voters = json_integer_value(json_object_get(row, "electorate_size"));
    cr_assert_geq(voters, 5);
    json_decref(row);
    int64_t in_it = 0;
    cr_assert_eq(db_int64(c, &e, &in_it, "SELECT count(*) FROM gov_electorate WHERE election_id = $1 AND user_id IN ($2, $3, $4, $5, $6)",
                          DI(el), DI(p[0]), DI(p[1]), DI(p[2]), DI(p[3]), DI(p[4])), 1);
    cr_assert_eq(in_it, 5);

    int32_t both[] = { 1, 2 }, second[] = { 2 };
    char t[TRACKER_TEXT];
    cr_assert_eq(cast(el, outsider, noms + 1100, both, 2, NULL), E_FORBIDDEN);
    cr_assert_eq(cast(el, p[0], noms + 1100, both, 2, t), 0);
    cr_assert_eq(cast(el, p[2], noms + 1100, second, 1, t), 0);
    cr_assert_eq(cast(el, p[4], noms + 1100, second, 1, t), 0);

    /* a day before the close: a reminder to each who has not voted, once */
    from = outbox_next();
    tick(closes - 3600);
    cr_assert_eq(kind_count(from, "gov_election_reminder", title), voters - 3);
    tick(closes - 3000);
    cr_assert_eq(kind_count(from, "gov_election_reminder", title), voters - 3);

    tick(closes);
    cr_assert_str_eq(status_of(el), "closed");
    cr_assert_eq(verify(el, why, sizeof why), 0, "%s", why);
    cr_assert_eq(committee_seated(c, &e, board, p[3], closes), 1, "approved by three of three voters");
    cr_assert_eq(committee_seated(c, &e, board, p[1], closes), 0);
    cr_assert_eq(committee_seated(c, &e, board, outsider, closes), 1, "the board has seats to spare (99): nobody is unseated");
    tick(closes + 10);
    cr_assert_str_eq(status_of(el), "closed");
}
