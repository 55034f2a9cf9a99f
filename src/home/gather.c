/* gather.c - home_gather: the personal home of one person, read section by
 * section (one bounded query each, store.c) and put in words (rules.c). */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "growth/growth.h"
#include "home/store.h"
#include "mail/mail.h"

static const char *text_of(const json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

static int64_t int_of(const json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

/* starts_local ("Sun 6 Dec 2026, 18:00") and day ("Today", "Tomorrow", "On
 * Tuesday") in the row's own zone; is_today when it is today there. */
static void when(Arena *a, json_t *row, int64_t now)
{
    const char *tz = text_of(row, "timezone");
    if (!timezone_known(tz)) tz = "UTC";
    int64_t t = int_of(row, "starts_at");
    char day[32];
    mail_day_words(t, now, tz, true, day);
    json_object_set_new(row, "starts_local", json_string(time_local_text(a, t, tz)));
    json_object_set_new(row, "day", json_string(day));
    json_object_set_new(row, "is_today", json_boolean(strcmp(day, _("Today")) == 0 || t <= now));
}

static void meetings_words(Arena *a, json_t *rows, int64_t now)
{
    size_t i;
    json_t *m;
    json_array_foreach(rows, i, m) {
        when(a, m, now);
        const char *answer = text_of(m, "answer");
        const char *url = arena_printf(a, "/chapters/%s/meetings/%lld", text_of(m, "chapter_slug"), (long long)int_of(m, "id"));
        json_object_set_new(m, "url", json_string(url));
        json_object_set_new(m, "rsvp_url", json_string(arena_printf(a, "%s/rsvp", url)));
        json_object_set_new(m, "can_answer", json_boolean(str_eq(text_of(m, "phase"), "planned")));
        json_object_set_new(m, "has_answer", json_boolean(*answer != 0));
        json_object_set_new(m, "answer_text", json_string(home_answer_text(answer)));
        json_object_set_new(m, "is_yes", json_boolean(str_eq(answer, "yes")));
        json_object_set_new(m, "is_no", json_boolean(str_eq(answer, "no")));
        json_object_set_new(m, "is_maybe", json_boolean(str_eq(answer, "maybe")));
    }
}

static void events_words(Arena *a, json_t *rows, int64_t now, bool ticket_anchor)
{
    size_t i;
    json_t *v;
    json_array_foreach(rows, i, v) {
        when(a, v, now);
        const char *status = text_of(v, ticket_anchor ? "status" : "registration");
        json_object_set_new(v, "url", json_string(arena_printf(a, "/events/%s%s", text_of(v, "slug"), ticket_anchor ? "#ticket-title" : "")));
        json_object_set_new(v, "has_ticket", json_boolean(str_eq(status, "ticket")));
        json_object_set_new(v, "is_waitlist", json_boolean(str_eq(status, "waitlist")));
    }
}

static void commitments_words(Arena *a, json_t *rows)
{
    size_t i;
    json_t *k;
    json_array_foreach(rows, i, k) {
        const char *slug = text_of(k, "chapter_slug");
        json_object_set_new(k, "url", json_string(arena_printf(a, "/chapters/%s/meetings/%lld#commitments", slug, (long long)int_of(k, "meeting_id"))));
        json_object_set_new(k, "update_url", json_string(arena_printf(a, "/chapters/%s/commitments/%lld", slug, (long long)int_of(k, "id"))));
    }
}

static void task_add(Arena *a, json_t *tasks, const char *kind, int64_t n, const char *key, const char *where)
{
    if (n <= 0) return;
    json_array_append_new(tasks, json_pack("{s:s, s:I, s:s, s:s, s:s}", "kind", kind, "count", (json_int_t)n, "text",
                                           home_task_text(a, kind, n), "url", home_task_url(a, kind, key), "where",
                                           where ? where : ""));
}

/* What waits for the person: as a connector of each chapter, then as a
 * committee member and an author. New array. */
static json_t *tasks_of(Arena *a, const json_t *chapters, const json_t *duties)
{
    static const char *const kinds[] = { "join_requests", "claims", "matters" };
    json_t *tasks = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(chapters, i, x)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            task_add(a, tasks, kinds[k], int_of(x, kinds[k]), text_of(x, "slug"), text_of(x, "name"));
    json_array_foreach(duties, i, x) {
        if (str_eq(text_of(x, "kind"), "asked")) continue;   /* not a task: their own request (asked_of) */
        const char *kind = text_of(x, "kind");
        const char *where = str_eq(kind, "committee_matters") ? arena_printf(a, _("The committee of %s"), text_of(x, "name"))
                            : str_eq(kind, "summaries")       ? text_of(x, "name")
                                                              : NULL;
        task_add(a, tasks, kind, int_of(x, "n"), text_of(x, "key"), where);
    }
    return tasks;
}

/* The chapters the person asked to join, waiting for an answer: [{slug, name, url}]. New array. */
static json_t *asked_of(Arena *a, const json_t *duties)
{
    json_t *asked = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(duties, i, x)
        if (str_eq(text_of(x, "kind"), "asked"))
            json_array_append_new(asked, json_pack("{s:s, s:s, s:s}", "slug", text_of(x, "key"), "name", text_of(x, "name"), "url",
                                                   arena_printf(a, "/chapters/%s", text_of(x, "key"))));
    return asked;
}

/* A committee member who is not an administrator reviews the applications
 * to start a chapter in their committees' places (growth's funnel_queue
 * decides which): a task of theirs. Administrators see all of them among the
 * administrators' tasks instead. 0, or -1 with e. */
static int reviews_add(DbConn *c, Err *e, Arena *a, const HomeAsk *ask, const json_t *duties, json_t *tasks)
{
    bool seated = false;
    size_t i;
    json_t *x;
    json_array_foreach(duties, i, x) seated = seated || str_eq(text_of(x, "kind"), "committee_matters");
    if (!seated || ask->is_admin) return 0;
    json_t *queue = funnel_queue(c, e, ask->user_id, false, ask->now);
    if (!queue) return -1;
    task_add(a, tasks, "applications", (int64_t)json_array_size(queue), NULL, _("Your committees"));
    json_decref(queue);
    return 0;
}

static json_t *admin_tasks_of(Arena *a, const json_t *counts)
{
    static const char *const kinds[] = { "applications", "peers", "dead_mail" };
    json_t *tasks = json_array();
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        task_add(a, tasks, kinds[k], int_of(counts, kinds[k]), NULL, _("The network"));
    return tasks;
}

static void changes_words(Arena *a, json_t *rows)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *kind = text_of(x, "kind"), *slug = text_of(x, "chapter_slug"), *ref = text_of(x, "ref");
        const char *url = str_eq(kind, "joined")      ? arena_printf(a, "/chapters/%s/members", slug)
                          : str_eq(kind, "met")       ? arena_printf(a, "/chapters/%s/meetings/%s", slug, ref)
                          : str_eq(kind, "published") ? arena_printf(a, "/commons/%s", ref)
                                                      : arena_printf(a, "/decisions/%s", ref);
        const char *text = home_change_text(a, kind, text_of(x, "name"));
        json_object_set_new(x, "text", json_string(text ? text : kind));
        json_object_set_new(x, "url", json_string(url));
    }
}

/* Marks each chapter the person runs (is_connector); true if any. */
static bool mark_connectors(json_t *chapters)
{
    bool any = false;
    size_t i;
    json_t *x;
    json_array_foreach(chapters, i, x) {
        bool runs = str_eq(text_of(x, "role"), "connector");
        json_object_set_new(x, "is_connector", json_boolean(runs));
        any = any || runs;
    }
    return any;
}

/* Sets `key` to rows (taking them) and `key_count` to their number; false
 * (and nothing set) when the read failed. */
static bool put(json_t *v, const char *key, json_t *rows)
{
    if (!rows) return false;
    char count[48];
    snprintf(count, sizeof count, "%s_count", key);
    json_object_set_new(v, count, json_integer((json_int_t)json_array_size(rows)));
    json_object_set_new(v, key, rows);
    return true;
}

json_t *home_gather(DbConn *c, Err *e, Arena *a, const HomeAsk *ask)
{
    HomeWindow w = home_window(ask->now);
    json_t *v = json_pack("{s:i, s:b}", "days", HOME_DAYS, "is_admin", ask->is_admin);
    json_t *chapters = home_store_chapters(c, e, ask->user_id), *duties = NULL, *admin = NULL;
    if (!chapters) goto fail;
    json_object_set_new(v, "is_connector", json_boolean(mark_connectors(chapters)));
    if (!put(v, "meetings", home_store_meetings(c, e, ask->user_id, &w))) goto fail;
    meetings_words(a, json_object_get(v, "meetings"), ask->now);
    if (!put(v, "events", home_store_events(c, e, ask->user_id, &w))) goto fail;
    events_words(a, json_object_get(v, "events"), ask->now, false);
    if (!put(v, "tickets", home_store_tickets(c, e, ask->user_id, ask->now))) goto fail;
    events_words(a, json_object_get(v, "tickets"), ask->now, true);
    if (!put(v, "commitments", home_store_commitments(c, e, ask->user_id))) goto fail;
    commitments_words(a, json_object_get(v, "commitments"));
    if (!(duties = home_store_duties(c, e, ask->user_id, ask->now))) goto fail;
    json_t *tasks = tasks_of(a, chapters, duties);
    if (reviews_add(c, e, a, ask, duties, tasks) < 0) {
        json_decref(tasks);
        goto fail;
    }
    put(v, "tasks", tasks);
    put(v, "asked", asked_of(a, duties));
    json_decref(duties);
    duties = NULL;
    if (ask->is_admin) {
        if (home_store_admin(c, e, &admin) < 0) goto fail;
        put(v, "admin_tasks", admin_tasks_of(a, admin));
        json_decref(admin);
    }
    if (!put(v, "changes", home_store_changes(c, e, ask->user_id, w.since))) goto fail;
    changes_words(a, json_object_get(v, "changes"));
    put(v, "chapters", chapters);
    return v;
fail:
    json_decref(duties);
    json_decref(chapters);
    json_decref(v);
    return NULL;
}
