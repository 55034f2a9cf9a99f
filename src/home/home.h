/* home.h - a member's personal home (issue 20): what waits for them after
 * login, gathered for them alone.
 *
 * GET /home (and /api/v1/home) shows, for the person logged in: the meetings of
 * their chapters today and in the next HOME_DAYS days with their answer (or the
 * prompt to give one), the events their chapters host, their tickets, their
 * open commitments, what waits for them as a connector (requests to join,
 * expense claims, matters), as a committee member (matters escalated to their
 * committees), as the raiser of a matter (its summary to approve), as an
 * author (items waiting for their consent) and as an
 * administrator (applications, peering requests, undelivered mail), and what
 * changed in their chapters in the last HOME_DAYS days.
 *
 * Every list is read by a query that starts from the person's own memberships
 * (or committee seats), so nothing of a chapter they are not in can appear:
 * the visibility is in the store's WHERE, not in the template. Every read is
 * bounded (LIMIT) and walks an index by chapter, never a whole table.
 *
 * rules.c: the window, the words (answers, tasks, changes), pure.
 * gather.c: home_gather, the one read operation the handler calls.
 * store.c: the SQL (store.h, private). routes.c: the handler and the Feature. */
#ifndef GLOCAL_HOME_H
#define GLOCAL_HOME_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"

/* How far ahead the home looks for meetings and events, and how far back
 * for changes, in days. */
#define HOME_DAYS 14
/* A meeting that started up to this long ago and has not ended is still
 * today's (meetings last at most a day). */
#define HOME_RUNNING_SECONDS 86400
/* The most rows any one list shows. */
#define HOME_LIST_MAX 20

/* ---------- rules.c (pure) ---------- */

typedef struct HomeWindow {
    int64_t now;
    int64_t started_after;   /* meetings that started after this and have not ended */
    int64_t until;           /* meetings and events starting before this */
    int64_t since;           /* changes after this */
} HomeWindow;

/* The moments the home reads between, for `now`. */
HomeWindow home_window(int64_t now);

/* A person's answer in words ("You are coming"), "" for an unknown answer. */
const char *home_answer_text(const char *answer);

/* What a task is, as a count in words: "1 request to join", "3 expense
 * claims". Kinds: join_requests, claims, matters, committee_matters,
 * summaries, consents, applications, peers, dead_mail. NULL for an unknown kind.
 * Allocated in `a`. */
const char *home_task_text(Arena *a, const char *kind, int64_t n);

/* The address where a task is handled: the chapter's page for the chapter's
 * kinds (`key`: its slug), the committee's page for committee_matters (`key`:
 * the committee's key), the network's pages for the others (`key` unused).
 * NULL for an unknown kind. Allocated in `a`. */
const char *home_task_url(Arena *a, const char *kind, const char *key);

/* What changed, in words: kind "joined" (`name`: the person), "met" (a
 * meeting held), "published" (`name`: the item's title), "decided" (`name`:
 * the decision's title). NULL for an unknown kind. Allocated in `a`. */
const char *home_change_text(Arena *a, const char *kind, const char *name);

/* ---------- gather.c (the read operation) ---------- */

typedef struct HomeAsk {
    int64_t user_id;
    bool is_admin;
    int64_t now;
} HomeAsk;

/* The home of `ask->user_id` at `ask->now`, as a model: chapters, meetings,
 * events, tickets, commitments, tasks, admin_tasks, changes (arrays), with
 * counts and flags for the empty states. New reference; NULL with e on a
 * failed read. */
json_t *home_gather(DbConn *c, Err *e, Arena *a, const HomeAsk *ask);

/* ---------- routes.c ---------- */

int personal_home(Req *r);

extern const Feature home_feature;

#endif
