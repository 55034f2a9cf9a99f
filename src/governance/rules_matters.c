/* rules_matters.c - matters as pure functions: their kinds and statuses in
 * words, who may do what to a matter and when (the state machine), what each
 * caller may see of it, and the checks of what people write. No SQL, no clock
 * (see governance.h).
 *
 * The life of a matter:
 *   open (in the chapter) -- a connector resolves it ------------> resolved
 *                         -- the chapter decides by proposal ----> decided (matter_settle)
 *                         -- the raiser withdraws it ------------> withdrawn
 *                         -- summary written, approved by the raiser,
 *                            a connector escalates it -----------> escalated (at a committee)
 *   escalated             -- the committee passes it up ---------> escalated (the next committee)
 *                         -- the committee decides (statement
 *                            or proposal) -----------------------> decided */
#include "base/i18n.h"
#include "base/str.h"
#include "governance/governance.h"

static const char *const kinds[][2] = {
    { "conflict", N_("A conflict") },
    { "rule", N_("A question about the rule") },
    { "resources", N_("A request for resources") },
    { "proposal", N_("A proposal for the network") },
};

bool matter_kind_valid(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (str_eq(kind, kinds[i][0])) return true;
    return false;
}

const char *matter_kind_msgid(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (str_eq(kind, kinds[i][0])) return kinds[i][1];
    return N_("A matter");
}

const char *matter_kind_label(const char *kind) { return tr(matter_kind_msgid(kind)); }

const char *matter_status_label(const char *status)
{
    if (str_eq(status, "open")) return _("In the chapter");
    if (str_eq(status, "escalated")) return _("With a committee");
    if (str_eq(status, "resolved")) return _("Resolved");
    if (str_eq(status, "decided")) return _("Decided");
    if (str_eq(status, "withdrawn")) return _("Withdrawn");
    return status;
}

static bool closed(const MatterState *m)
{
    return !str_eq(m->status, "open") && !str_eq(m->status, "escalated");
}

/* 409: the matter is not in the state the action needs. */
static int not_now(const MatterState *m, Err *e)
{
    if (closed(m)) return err_set(e, E_CONFLICT, "This matter is %s: nothing more can be done to it.",
                                  str_eq(m->status, "withdrawn") ? "withdrawn" : "settled");
    if (str_eq(m->status, "escalated"))
        return err_set(e, E_CONFLICT, "This matter has left the chapter: it is with the %s now.", m->committee);
    return err_set(e, E_CONFLICT, "This matter is still in %s: no committee holds it.", m->chapter);
}

static int in_chapter(const MatterState *m, bool allowed, const char *who, Err *e)
{
    if (!allowed) return err_set(e, E_FORBIDDEN, "%s", who);
    if (!str_eq(m->status, "open")) return not_now(m, e);
    return 0;
}

static int at_committee(const MatterState *m, const MatterRel *rel, Err *e)
{
    if (!rel->seated && !rel->admin)
        return err_set(e, E_FORBIDDEN, "Only members of the committee that holds this matter (or a network administrator) can do this.");
    if (!str_eq(m->status, "escalated")) return not_now(m, e);
    return 0;
}

int matter_may(MatterAct act, const MatterState *m, const MatterRel *rel, Err *e)
{
    switch (act) {
    case MA_NOTE_CHAPTER:
        if (!rel->member && !rel->raiser) return err_set(e, E_FORBIDDEN, "Only members of %s can discuss this matter.", m->chapter);
        return closed(m) ? not_now(m, e) : 0;
    case MA_NOTE_COMMITTEE:
        return at_committee(m, rel, e);
    case MA_SUMMARISE:
        if (in_chapter(m, rel->connector || rel->raiser, "Only whoever raised this matter or a connector of the chapter can write its summary.", e) < 0)
            return -1;
        return 0;
    case MA_APPROVE:
        if (in_chapter(m, rel->raiser, "Only whoever raised this matter can approve the summary that leaves the chapter.", e) < 0) return -1;
        if (!m->has_summary) return err_set(e, E_CONFLICT, "There is no summary to approve yet: a connector writes one first.");
        if (m->approved) return err_set(e, E_CONFLICT, "You have approved this summary already.");
        return 0;
    case MA_ESCALATE:
        if (in_chapter(m, rel->connector, "Only a connector of the chapter can send a matter to a committee.", e) < 0) return -1;
        if (!m->has_summary) return err_set(e, E_CONFLICT, "Write a summary first: only the summary leaves the chapter, never the matter itself.");
        if (!m->approved) return err_set(e, E_CONFLICT, "The summary waits for the approval of whoever raised the matter: only a summary they approved leaves the chapter.");
        return 0;
    case MA_RESOLVE:
        return in_chapter(m, rel->connector, "Only a connector of the chapter can resolve a matter.", e);
    case MA_WITHDRAW:
        return in_chapter(m, rel->raiser, "Only whoever raised this matter can withdraw it.", e);
    case MA_PASS_UP:
        if (at_committee(m, rel, e) < 0) return -1;
        if (m->at_board) return err_set(e, E_CONFLICT, "The board is the last step: it decides what reaches it.");
        return 0;
    case MA_DECIDE:
        return at_committee(m, rel, e);
    case MA_SETTLE:
        return closed(m) ? not_now(m, e) : 0;
    }
    return err_set(e, E_INTERNAL, "An unknown action on a matter.");
}

const char *matter_view(const MatterState *m, const MatterRel *rel)
{
    if (rel->member || rel->raiser) return "chapter";
    bool left = str_eq(m->status, "escalated") || (str_eq(m->status, "decided") && m->committee);
    if (left && (rel->reached || rel->admin)) return "committee";
    return NULL;
}

void matter_text_problems(const char *text, const char *field, const char *what, size_t max, bool required,
                          FieldErrs *problems)
{
    if (str_empty(text)) {
        if (required) field_err(problems, field, "Please write the %s.", what);
    } else if (str_utf8_len(text) > max) {
        field_err(problems, field, "Please keep the %s under %zu characters.", what, max);
    }
}

void matter_raise_problems(const char *title, const char *body, const char *kind, FieldErrs *problems)
{
    matter_text_problems(title, "title", "title", 140, true, problems);
    if (!str_single_line(title)) field_err(problems, "title", "Please keep the title on one line (without line breaks).");
    if (!matter_kind_valid(kind))
        field_err(problems, "kind", "Choose what kind of matter this is: a conflict, a question about the rule, a request for resources or a proposal.");
    matter_text_problems(body, "body", "matter itself (what happened, what you need)", 10000, true, problems);
}

void matter_summary_problems(const char *title, const char *summary, FieldErrs *problems)
{
    matter_text_problems(title, "summary_title", "summary's title", 140, true, problems);
    matter_text_problems(summary, "summary", "summary", 5000, true, problems);
}
