/* test_unconf.c - the unconference's rules (src/unconf/rules.c): kinds and
 * fields of a proposal, who may do what on a board in each phase, the dots. */
#include <criterion/criterion.h>
#include <string.h>

#include "unconf/store.h"
#include "unconf/unconf.h"

Test(rules, kinds_and_fields)
{
    cr_assert(session_kind_valid("talk") && session_kind_valid("discussion") && session_kind_valid("workshop"));
    cr_assert(!session_kind_valid("keynote") && !session_kind_valid(NULL) && !session_kind_valid("Talk"));
    cr_assert_str_eq(session_kind_name("workshop"), "Workshop");
    Arena a;
    arena_init(&a, 256);
    FieldErrs f = { &a, NULL, 0 };
    session_fields_check("Pricing for first-time founders", "", "discussion", &f);
    cr_assert_eq(f.n, 0);
    char long_title[200];
    memset(long_title, 'x', 150);
    long_title[150] = 0;
    session_fields_check(long_title, NULL, "keynote", &f);
    cr_assert_eq(f.n, 2, "the title and the kind");
    FieldErrs g = { &a, NULL, 0 };
    session_fields_check("  ", "", "talk", &g);
    cr_assert_eq(g.n, 1, "an empty title");
    arena_release(&a);
}

Test(rules, who_may_do_what)
{
    Err e = { 0 };
    BoardRel anon = { 0 }, holder = { .logged_in = true, .ticket = true }, stranger = { .logged_in = true },
             org = { .logged_in = true, .organiser = true }, presenter = { .logged_in = true, .ticket = true, .presenter = true };
    cr_assert_eq(board_may(BA_SEE, &anon, true, true, &e), 0, "anyone who sees the event sees its board");
    cr_assert_eq(board_may(BA_PROPOSE, &anon, true, true, &e), -1);
    cr_assert_eq(e.code, E_UNAUTHORIZED);
    cr_assert_eq(board_may(BA_PROPOSE, &stranger, true, true, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert(strstr(e.msg, "register"), "%s", e.msg);
    cr_assert_eq(board_may(BA_PROPOSE, &holder, true, true, &e), 0);
    cr_assert_eq(board_may(BA_VOTE, &holder, true, true, &e), 0);
    cr_assert_eq(board_may(BA_VOTE, &org, true, true, &e), 0, "organisers take part too");
    cr_assert_eq(board_may(BA_VOTE, &holder, false, true, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT, "voting after the close");
    cr_assert(strstr(e.msg, "Voting has closed"), "%s", e.msg);
    cr_assert_eq(board_may(BA_EDIT, &holder, true, true, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN, "another's proposal");
    cr_assert_eq(board_may(BA_EDIT, &presenter, true, true, &e), 0);
    cr_assert_eq(board_may(BA_WITHDRAW, &presenter, false, true, &e), -1, "not after the close");
    cr_assert_eq(board_may(BA_ORGANISE, &holder, true, true, &e), -1);
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(board_may(BA_ORGANISE, &org, false, true, &e), 0, "the grid is built after the close");
    cr_assert_eq(board_may(BA_MERGE, &org, false, true, &e), 0);
    cr_assert_eq(board_may(BA_ORGANISE, &org, false, false, &e), -1, "nothing changes once the event is over");
    cr_assert_eq(e.code, E_CONFLICT);
}

Test(rules, dots)
{
    Err e = { 0 };
    cr_assert_eq(vote_check(2, 3, 5, &e), 0, "exactly all of them");
    cr_assert_eq(vote_check(0, 5, 5, &e), 0, "taking dots back is always fine");
    cr_assert_eq(vote_check(3, 3, 5, &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "5 dots in all and 2 left"), "%s", e.msg);
    cr_assert_str_eq(e.field, "dots");
    cr_assert_eq(vote_check(-1, 0, 5, &e), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_eq(vote_check(1, 7, 5, &e), -1, "dots spent before the organiser lowered the allowance");
    cr_assert(strstr(e.msg, "0 left"), "%s", e.msg);
    cr_assert_eq(board_closes_at(0, 1000), 1000, "no close set: the event's start");
    cr_assert_eq(board_closes_at(900, 1000), 900);
}

/* ---------- the operations, on a database (GLOCAL_TEST_DB: both kinds) ---------- */

Test(rules, the_slot_on_now_and_the_next)
{
    /* out of order, as a board's slots may be added */
    json_t *slots = json_pack("[{s:i, s:i}, {s:i, s:i}, {s:i, s:i}]", "starts_at", 300, "ends_at", 400, "starts_at", 100,
                              "ends_at", 200, "starts_at", 200, "ends_at", 300);
    int now = 0, next = 0;
    slots_now_next(slots, 50, &now, &next);
    cr_assert_eq(now, -1, "before the day: nothing on");
    cr_assert_eq(next, 1, "the earliest slot is next, wherever it is in the list");
    slots_now_next(slots, 200, &now, &next);
    cr_assert_eq(now, 2, "a slot starts as the one before it ends");
    cr_assert_eq(next, 0);
    slots_now_next(slots, 399, &now, &next);
    cr_assert_eq(now, 0);
    cr_assert_eq(next, -1, "the last one: nothing after it");
    slots_now_next(slots, 400, &now, &next);
    cr_assert_eq(now, -1, "the day is over");
    json_decref(slots);
}

#include "testnet.h"

typedef struct Fixture {
    int64_t place, organiser, holder, holder2, stranger, app, event, starts;
} Fixture;

static int fixture_tx(DbConn *c, void *ctx, Err *e)
{
    Fixture *f = ctx;
    if (db_int64(c, e, &f->app,
                 "INSERT INTO apps (slug, name, split_rule, has_board, created_at, updated_at)"
                 " VALUES ('unconf-test', 'Unconference', '[{\"party\":\"organiser\",\"share\":10000}]', 1, 1, 1) RETURNING id") < 0)
        return -1;
    if (db_int64(c, e, &f->event,
                 "INSERT INTO events (slug, app_id, title, place_id, starts_at, ends_at, timezone, capacity, split_rule,"
                 " organiser_id, created_at, updated_at)"
                 " VALUES ('camp', $1, 'Camp', $2, $3, $3 + 28800, 'Europe/Lisbon', 100, '[]', $4, 1, 1) RETURNING id",
                 DI(f->app), DI(f->place), DI(f->starts), DI(f->organiser)) < 0)
        return -1;
    int64_t tier = 0;
    if (db_int64(c, e, &tier, "INSERT INTO ticket_tiers (event_id, name) VALUES ($1, 'Free') RETURNING id", DI(f->event)) < 0)
        return -1;
    const int64_t holders[] = { f->holder, f->holder2 };
    for (int i = 0; i < 2; i++)
        if (db_exec(c, e,
                    "INSERT INTO registrations (event_id, tier_id, user_id, name, status, code, token_hash, created_at, updated_at)"
                    " VALUES ($1, $2, $3, 'x', 'ticket', $4, $4, 1, 1)",
                    DI(f->event), DI(tier), DI(holders[i]), DT(i ? "BBBBBB" : "AAAAAA")) < 0)
            return -1;
    return 0;
}

Test(database, a_board_from_proposals_to_the_grid)
{
    TestDb t;
    Db *db;
    DbConn *c;
    test_db_open(&t, &db, &c);
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    Fixture fx = { .starts = 2000000000 };
    fx.place = test_place_make(c, &a, 0, "country", "Campland");
    fx.organiser = test_user_make(c, &a, "org@camp.test", "Olga Organiser", false);
    fx.holder = test_user_make(c, &a, "h1@camp.test", "Hana Holder", false);
    fx.holder2 = test_user_make(c, &a, "h2@camp.test", "Hugo Holder", false);
    fx.stranger = test_user_make(c, &a, "s@camp.test", "Sam Stranger", false);
    cr_assert_eq(db_write(c, fixture_tx, &fx, &e), 0, "%s", e.msg);
    BoardCaller org = { fx.event, fx.organiser, true, fx.starts - 86400 }, h1 = { fx.event, fx.holder, false, org.now },
                h2 = { fx.event, fx.holder2, false, org.now }, str = { fx.event, fx.stranger, false, org.now };
    FieldErrs f = { &a, NULL, 0 };
    int64_t room1 = 0, room2 = 0, slot1 = 0, slot2 = 0, s1 = 0, s2 = 0, s3 = 0;
    cr_assert_eq(board_room_add(c, &e, &h1, "Hall", 80, &f, &room1), -1, "only organisers set the rooms");
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(board_room_add(c, &e, &org, "Hall", 80, &f, &room1), 0, "%s", e.msg);
    cr_assert_eq(board_room_add(c, &e, &org, "Nook", 10, &f, &room2), 0, "%s", e.msg);
    cr_assert_eq(board_slot_add(c, &e, &org, fx.starts, fx.starts + 3600, &f, &slot1), 0, "%s", e.msg);
    cr_assert_eq(board_slot_add(c, &e, &org, fx.starts + 3600, fx.starts + 7200, &f, &slot2), 0, "%s", e.msg);
    cr_assert_eq(board_slot_add(c, &e, &org, fx.starts - 7200, fx.starts - 3600, &f, &slot2), -1, "within the event");
    cr_assert_eq(board_settings_save(c, &e, &org, 3, 0, &f), 0, "%s", e.msg);

    SessionIn talk = { "Pricing your first product", "How we got it wrong.", "discussion", NULL, 0 };
    cr_assert_eq(session_propose(c, &e, &str, &talk, &f, &s1), -1, "no ticket, no proposal");
    cr_assert_eq(e.code, E_FORBIDDEN);
    cr_assert_eq(session_propose(c, &e, &h1, &talk, &f, &s1), 0, "%s", e.msg);
    SessionIn dup = { "Pricing, again", "", "talk", NULL, 0 }, other = { "Hiring the first five", "", "workshop", &slot1, 1 };
    cr_assert_eq(session_propose(c, &e, &h2, &dup, &f, &s2), 0, "%s", e.msg);
    cr_assert_eq(session_propose(c, &e, &h2, &other, &f, &s3), 0, "%s", e.msg);
    cr_assert_eq(session_change(c, &e, &h2, s1, &dup, &f), -1, "another's proposal");
    cr_assert_eq(e.code, E_FORBIDDEN);

    cr_assert_eq(session_vote(c, &e, &h1, s3, 2), 0, "%s", e.msg);
    cr_assert_eq(session_vote(c, &e, &h1, s2, 2), -1, "3 dots in all");
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(session_vote(c, &e, &h1, s2, 1), 0, "%s", e.msg);
    cr_assert_eq(session_vote(c, &e, &h2, s2, 3), 0, "%s", e.msg);
    cr_assert_eq(session_vote(c, &e, &str, s2, 1), -1, "no ticket, no dots");
    cr_assert_eq(session_merge(c, &e, &h1, s2, s1), -1, "only organisers merge");
    cr_assert_eq(session_merge(c, &e, &org, s2, s1), 0, "%s", e.msg);
    json_t *v = board_view(c, &e, &h1);
    cr_assert_not_null(v, "%s", e.msg);
    json_t *sessions = json_object_get(v, "sessions");
    cr_assert_eq(json_array_size(sessions), 2, "the duplicate merged away");
    json_t *top = json_array_get(sessions, 0);
    cr_assert_eq(json_integer_value(json_object_get(top, "id")), s1, "the merged session leads with the votes it took");
    cr_assert_eq(json_integer_value(json_object_get(top, "dots")), 4, "Hana's 1 and Hugo's 3");
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(v, "my"), "left")), 0);
    json_decref(v);

    GridBuilt g = { 0 };
    cr_assert_eq(grid_build(c, &e, &h1, 1, &g), -1, "only organisers build the grid");
    cr_assert_eq(grid_build(c, &e, &org, 7, &g), 0, "%s", e.msg);
    cr_assert_eq(g.placed, 2);
    cr_assert_eq(g.unplaced, 0);
    v = board_view(c, &e, &org);
    json_t *s;
    size_t i;
    int64_t slot_of[2] = { 0 };
    json_array_foreach(json_object_get(v, "sessions"), i, s) {
        slot_of[i] = json_integer_value(json_object_get(s, "slot_id"));
        cr_assert(slot_of[i] > 0, "placed");
        if (json_integer_value(json_object_get(s, "id")) == s3) cr_assert_eq(slot_of[i], slot2, "its presenter cannot make slot 1");
    }
    cr_assert_neq(slot_of[0], slot_of[1], "Hana voted for both: they go to different slots");
    json_decref(v);
    /* the organiser moves and locks one; a rebuild keeps it */
    cr_assert_eq(grid_place(c, &e, &org, s1, room2, slot1, true), 0, "%s", e.msg);
    cr_assert_eq(grid_build(c, &e, &org, 8, &g), 0, "%s", e.msg);
    json_t *row = NULL;
    cr_assert_eq(unconf_session_row(c, &e, fx.event, s1, &row), 1);
    cr_assert_eq(json_integer_value(json_object_get(row, "room_id")), room2, "the lock holds");
    json_decref(row);
    /* after the close: no more votes */
    BoardCaller late = h1;
    late.now = fx.starts + 10;
    cr_assert_eq(session_vote(c, &e, &late, s3, 1), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    arena_release(&a);
    test_db_close(&t, db, c);
}
