/* rules.c - the personal home's decisions, pure: the window it reads, and the
 * words of answers, tasks and changes. No SQL, no clock (now is an argument). */
#include "base/i18n.h"
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
    if (str_eq(answer, "yes")) return _("You are coming");
    if (str_eq(answer, "no")) return _("You are not coming");
    if (str_eq(answer, "maybe")) return _("You might come");
    return "";
}

/* Each task: its kind, the words for one and for more (English messages,
 * said in the reader's language by trn), and where it is
 * handled: `url`, followed by the chapter's slug or the committee's key and
 * `tail` when the task belongs to one (tail not NULL). */
static const struct {
    const char *kind, *one, *many, *url, *tail;
} tasks[] = {
    { "join_requests", NP_("%lld request to join", "%lld requests to join"), "/chapters/", "/join-requests" },
    { "claims", NP_("%lld expense claim to approve", "%lld expense claims to approve"), "/chapters/", "/ledger" },
    { "matters", NP_("%lld open matter", "%lld open matters"), "/chapters/", "/matters" },
    { "committee_matters", NP_("%lld matter escalated to the committee", "%lld matters escalated to the committee"),
      "/committees/", "" },
    { "summaries", NP_("%lld summary of your matter to approve", "%lld summaries of your matters to approve"), "/chapters/",
      "/matters" },
    { "consents", NP_("%lld commons item waiting for your consent", "%lld commons items waiting for your consent"),
      "/commons/mine", NULL },
    { "applications", NP_("%lld application to start a chapter", "%lld applications to start a chapter"), "/growth/review",
      NULL },
    { "peers", NP_("%lld node asking to peer", "%lld nodes asking to peer"), "/admin/federation", NULL },
    { "dead_mail", NP_("%lld message that could not be delivered", "%lld messages that could not be delivered"),
      "/admin/outbox", NULL },
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
    /* every message of the table takes one %lld (msgfmt --check keeps the translations to it) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    return arena_printf(a, trn(tasks[k].one, tasks[k].many, n), (long long)n);
#pragma GCC diagnostic pop
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
    if (str_eq(kind, "joined")) return arena_printf(a, _("%s joined"), name);
    if (str_eq(kind, "met")) return _("A meeting was held");
    if (str_eq(kind, "published")) return arena_printf(a, _("New in the commons: %s"), name);
    if (str_eq(kind, "decided")) return arena_printf(a, _("Decided: %s"), name);
    return NULL;
}
