/* rules.c - the unconference's rules as pure functions (unconf.h): the kinds
 * of session and their fields, who may do what on a board, and the dots.
 *
 * A board is open for proposals and votes until it closes (the organiser's
 * time, else the event's start); the organiser may build the grid at any
 * time, and again after moving and locking sessions. */
#include "unconf/unconf.h"

#include "base/i18n.h"
#include "base/str.h"

static const char *const kinds[][2] = {
    { "talk", N_("Talk") }, { "discussion", N_("Discussion") }, { "workshop", N_("Workshop") },
};

const char *session_kind_name(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (str_eq(kind, kinds[i][0])) return tr(kinds[i][1]);
    return NULL;
}

bool session_kind_valid(const char *kind) { return session_kind_name(kind) != NULL; }

void session_fields_check(const char *title, const char *description, const char *kind, FieldErrs *f)
{
    if (str_empty(title)) field_err(f, "title", "Give the session a title: what will people talk about, learn or make?");
    else if (str_utf8_len(title) > SESSION_TITLE_MAX)
        field_err(f, "title", "The title can be at most %d characters long.", SESSION_TITLE_MAX);
    else if (!str_single_line(title)) field_err(f, "title", "Please keep the title on one line (without line breaks).");
    if (description && str_utf8_len(description) > SESSION_DESCRIPTION_MAX)
        field_err(f, "description", "The description can be at most %d characters long.", SESSION_DESCRIPTION_MAX);
    if (!session_kind_valid(kind)) field_err(f, "kind", "Choose a talk, a discussion or a workshop.");
}

int board_may(BoardAct act, const BoardRel *rel, bool voting_open, bool event_open, Err *e)
{
    if (act == BA_SEE) return 0;
    if (!rel->logged_in) return err_set(e, E_UNAUTHORIZED, "Log in to take part in the session board.");
    switch (act) {
    case BA_MERGE:
    case BA_ORGANISE:
        if (!rel->organiser) return err_set(e, E_FORBIDDEN, "Only the event's organisers can do this.");
        return event_open ? 0 : err_set(e, E_CONFLICT, "This event is over or cancelled: its board no longer changes.");
    case BA_EDIT:
    case BA_WITHDRAW:
        if (!rel->presenter) return err_set(e, E_FORBIDDEN, "Only the session's presenters can change it.");
        break;
    case BA_PROPOSE:
    case BA_VOTE:
        if (!rel->ticket && !rel->organiser)
            return err_set(e, E_FORBIDDEN, "The board is for the event's ticket holders: register for the event first.");
        break;
    default:
        return err_set(e, E_FORBIDDEN, "This cannot be done on a session board.");
    }
    if (!event_open) return err_set(e, E_CONFLICT, "This event is over or cancelled: its board no longer changes.");
    if (!voting_open)
        return err_set(e, E_CONFLICT, act == BA_VOTE ? "Voting has closed: the organisers are building the grid."
                                                     : "Proposals have closed: the organisers are building the grid.");
    return 0;
}

int vote_check(int64_t dots, int64_t elsewhere, int64_t allowed, Err *e)
{
    if (dots < 0) return err_field(e, E_INVALID, "dots", "Dots are counted from 0 (none) up.");
    if (dots + elsewhere > allowed) {
        int64_t left = allowed - elsewhere > 0 ? allowed - elsewhere : 0;
        return err_field(e, E_CONFLICT, "dots",
                         trn("You have %lld dot in all and %lld left: take some from another session first.",
                             "You have %lld dots in all and %lld left: take some from another session first.", (long long)allowed),
                         (long long)allowed, (long long)left);
    }
    return 0;
}

int capture_may(const CaptureRel *rel, Err *e)
{
    if (!rel->logged_in) return err_set(e, E_UNAUTHORIZED, "Log in to capture a session.");
    if (!rel->presenter && !rel->scribe && !rel->organiser && !(rel->ticket && !rel->has_scribe))
        return err_set(e, E_FORBIDDEN, rel->ticket ? "This session has a scribe already: ask them or its presenters."
                                                   : "The session's presenters, its scribe and the organisers keep its notes.");
    if (rel->event_cancelled) return err_set(e, E_CONFLICT, "This event was cancelled.");
    if (rel->published) return err_set(e, E_CONFLICT, "Its notes are in the commons now: change them there.");
    return 0;
}

int64_t board_closes_at(int64_t voting_closes_at, int64_t event_starts_at)
{
    return voting_closes_at > 0 ? voting_closes_at : event_starts_at;
}

void slots_now_next(json_t *slots, int64_t now, int *now_i, int *next_i)
{
    *now_i = *next_i = -1;
    size_t i;
    json_t *s;
    json_array_foreach(slots, i, s) {
        int64_t starts = json_integer_value(json_object_get(s, "starts_at")), ends = json_integer_value(json_object_get(s, "ends_at"));
        if (starts <= now && now < ends) *now_i = (int)i;
        else if (starts > now && (*next_i < 0 || starts < json_integer_value(json_object_get(json_array_get(slots, (size_t)*next_i), "starts_at"))))
            *next_i = (int)i;
    }
}
