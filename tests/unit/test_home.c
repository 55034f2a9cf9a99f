/* test_home.c - the personal home's rules (src/home/rules.c): the window it
 * reads between, and the words of answers, tasks (with their addresses) and
 * changes. The reads themselves run against a real server on both databases
 * in tests/http/home.test.mjs. */
#include "base/i18n.h"
#include "home/home.h"
#include "testutil.h"

#define NOW 1796371200LL   /* 2026-12-06T08:00:00Z */

static Arena a;

static void setup(void)
{
    arena_init(&a, 512);
}

static void teardown(void)
{
    arena_release(&a);
}

TestSuite(home, .init = setup, .fini = teardown);

Test(home, window_looks_ahead_and_back_the_same_days)
{
    HomeWindow w = home_window(NOW);
    cr_assert_eq(w.now, NOW);
    cr_assert_eq(w.until - NOW, HOME_DAYS * 86400LL, "meetings and events of the next 14 days");
    cr_assert_eq(NOW - w.since, HOME_DAYS * 86400LL, "changes of the last 14 days");
    cr_assert_eq(NOW - w.started_after, HOME_RUNNING_SECONDS, "a meeting under way since this morning is still today's");
    cr_assert(w.started_after < w.now && w.now < w.until);
}

Test(home, answers_in_words)
{
    cr_assert_str_eq(home_answer_text("yes"), "You are coming");
    cr_assert_str_eq(home_answer_text("no"), "You are not coming");
    cr_assert_str_eq(home_answer_text("maybe"), "You might come");
    cr_assert_str_eq(home_answer_text(NULL), "", "no answer yet");
    cr_assert_str_eq(home_answer_text("perhaps"), "");
}

Test(home, tasks_are_counted_in_words_one_and_many)
{
    cr_assert_str_eq(home_task_text(&a, "join_requests", 1), "1 request to join");
    cr_assert_str_eq(home_task_text(&a, "join_requests", 3), "3 requests to join");
    cr_assert_str_eq(home_task_text(&a, "claims", 2), "2 expense claims to approve");
    cr_assert_str_eq(home_task_text(&a, "matters", 1), "1 open matter");
    cr_assert_str_eq(home_task_text(&a, "committee_matters", 4), "4 matters escalated to the committee");
    cr_assert_str_eq(home_task_text(&a, "summaries", 1), "1 summary of your matter to approve");
    cr_assert_str_eq(home_task_text(&a, "summaries", 2), "2 summaries of your matters to approve");
    cr_assert_str_eq(home_task_text(&a, "consents", 1), "1 commons item waiting for your consent");
    cr_assert_str_eq(home_task_text(&a, "applications", 12), "12 applications to start a chapter");
    cr_assert_str_eq(home_task_text(&a, "peers", 1), "1 node asking to peer");
    cr_assert_str_eq(home_task_text(&a, "dead_mail", 2), "2 messages that could not be delivered");
    cr_assert_null(home_task_text(&a, "chores", 1), "an unknown kind has no words");
}

/* The home's words come out in the reader's language (they stayed English on
 * French and Portuguese homes), French's plural taking 0 and 1 as one. */
Test(home, words_in_the_readers_language)
{
    i18n_use(LANG_FR);
    cr_expect_str_eq(home_answer_text("yes"), "Vous venez");
    cr_expect_str_eq(home_task_text(&a, "claims", 1), "1 note de frais à approuver");
    cr_expect_str_eq(home_task_text(&a, "claims", 2), "2 notes de frais à approuver");
    cr_expect_str_eq(home_change_text(&a, "decided", "Budget"), "Décidé : Budget");
    i18n_use(LANG_PT);
    cr_expect_str_eq(home_task_text(&a, "matters", 3), "3 assuntos em aberto");
    cr_expect_str_eq(home_answer_text("maybe"), "Talvez venha");
    i18n_use(LANG_EN);
    cr_expect_str_eq(home_task_text(&a, "matters", 3), "3 open matters");
}

Test(home, tasks_lead_where_they_are_handled)
{
    cr_assert_str_eq(home_task_url(&a, "join_requests", "lisbon-fintech"), "/chapters/lisbon-fintech/join-requests");
    cr_assert_str_eq(home_task_url(&a, "claims", "lisbon-fintech"), "/chapters/lisbon-fintech/ledger");
    cr_assert_str_eq(home_task_url(&a, "matters", "lisbon-fintech"), "/chapters/lisbon-fintech/matters");
    cr_assert_str_eq(home_task_url(&a, "committee_matters", "portugal"), "/committees/portugal");
    cr_assert_str_eq(home_task_url(&a, "committee_matters", "board"), "/committees/board");
    cr_assert_str_eq(home_task_url(&a, "summaries", "lisbon-fintech"), "/chapters/lisbon-fintech/matters");
    cr_assert_str_eq(home_task_url(&a, "consents", NULL), "/commons/mine");
    cr_assert_str_eq(home_task_url(&a, "applications", "ignored"), "/growth/review", "the network's tasks take no key");
    cr_assert_str_eq(home_task_url(&a, "peers", NULL), "/admin/federation");
    cr_assert_str_eq(home_task_url(&a, "dead_mail", NULL), "/admin/outbox");
    cr_assert_null(home_task_url(&a, "chores", "x"));
}

Test(home, changes_in_words)
{
    cr_assert_str_eq(home_change_text(&a, "joined", "Ana Lima"), "Ana Lima joined");
    cr_assert_str_eq(home_change_text(&a, "met", ""), "A meeting was held");
    cr_assert_str_eq(home_change_text(&a, "published", "Running a pitch night"), "New in the commons: Running a pitch night");
    cr_assert_str_eq(home_change_text(&a, "decided", "Dues of 5 EUR"), "Decided: Dues of 5 EUR");
    cr_assert_str_eq(home_change_text(&a, "joined", NULL), " joined", "a missing name is empty, never NULL");
    cr_assert_null(home_change_text(&a, "renamed", "x"));
}
