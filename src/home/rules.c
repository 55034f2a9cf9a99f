/* rules.c - the personal home's decisions, pure: the window it reads, and the
 * words of answers, tasks and changes. No SQL, no clock (now is an argument). */
#include "base/str.h"
#include "home/home.h"

HomeWindow home_window(int64_t now)
{
    return (HomeWindow){ .now = now,
                         .started_after = now - HOME_RUNNING_SECONDS,
                         .until = now + (int64_t)HOME_DAYS * 86400,
                         .since = now - (int64_t)HOME_DAYS * 86400 };
}

const char *home_answer_text(const char *answer)
{
    if (str_eq(answer, "yes")) return "You are coming";
    if (str_eq(answer, "no")) return "You are not coming";
    if (str_eq(answer, "maybe")) return "You might come";
    return "";
}

/* Each task: its kind, the words for one and for more, and where it is
 * handled: `url`, followed by the chapter's slug or the committee's key and
 * `tail` when the task belongs to one (tail not NULL). */
static const struct {
    const char *kind, *one, *many, *url, *tail;
} tasks[] = {
    { "join_requests", "request to join", "requests to join", "/chapters/", "/join-requests" },
    { "claims", "expense claim to approve", "expense claims to approve", "/chapters/", "/ledger" },
    { "matters", "open matter", "open matters", "/chapters/", "/matters" },
    { "committee_matters", "matter escalated to the committee", "matters escalated to the committee", "/committees/", "" },
    { "summaries", "summary of your matter to approve", "summaries of your matters to approve", "/chapters/", "/matters" },
    { "consents", "commons item waiting for your consent", "commons items waiting for your consent", "/commons/mine", NULL },
    { "applications", "application to start a chapter", "applications to start a chapter", "/growth/review", NULL },
    { "peers", "node asking to peer", "nodes asking to peer", "/admin/federation", NULL },
    { "dead_mail", "message that could not be delivered", "messages that could not be delivered", "/admin/outbox", NULL },
};

static int task_of(const char *kind)
{
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++)
        if (str_eq(kind, tasks[i].kind)) return (int)i;
    return -1;
}

const char *home_task_text(Arena *a, const char *kind, int64_t n)
{
    int k = task_of(kind);
    if (k < 0) return NULL;
    return arena_printf(a, "%lld %s", (long long)n, n == 1 ? tasks[k].one : tasks[k].many);
}

const char *home_task_url(Arena *a, const char *kind, const char *key)
{
    int k = task_of(kind);
    if (k < 0) return NULL;
    if (!tasks[k].tail) return tasks[k].url;
    return arena_printf(a, "%s%s%s", tasks[k].url, key ? key : "", tasks[k].tail);
}

const char *home_change_text(Arena *a, const char *kind, const char *name)
{
    if (!name) name = "";
    if (str_eq(kind, "joined")) return arena_printf(a, "%s joined", name);
    if (str_eq(kind, "met")) return "A meeting was held";
    if (str_eq(kind, "published")) return arena_printf(a, "New in the commons: %s", name);
    if (str_eq(kind, "decided")) return arena_printf(a, "Decided: %s", name);
    return NULL;
}
