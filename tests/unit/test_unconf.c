/* test_unconf.c - the unconference's rules (src/unconf/rules.c): kinds and
 * fields of a proposal, who may do what on a board in each phase, the dots. */
#include <criterion/criterion.h>
#include <string.h>

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
