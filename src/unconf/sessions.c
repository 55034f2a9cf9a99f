/* sessions.c - proposals on a board, and the votes on them: a ticket holder
 * proposes (and edits and withdraws their own) until voting closes; the
 * organiser merges duplicates; each attendee spends their dots. */
#include <string.h>

#include "base/str.h"
#include "unconf/internal.h"

typedef struct Propose {
    const BoardCaller *by;
    const SessionIn *in;
    int64_t id;        /* the session (0: a new one) */
    int64_t other;     /* merge: the session it goes into; vote: the dots */
    int act;
} Propose;

enum { P_NEW, P_CHANGE, P_WITHDRAW, P_MERGE, P_VOTE };

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* The session `id` of the board, still proposed: 0, or -1 with 404 / 409. */
static int proposed(DbConn *c, Err *e, int64_t event_id, int64_t id, json_t **row)
{
    int found = unconf_session_row(c, e, event_id, id, row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such session on this board.");
    const char *status = json_string_value(json_object_get(*row, "status"));
    if (!str_eq(status, "proposed"))
        return err_set(e, E_CONFLICT, "This session was %s.", str_eq(status, "merged") ? "merged into another" : "withdrawn");
    return 0;
}

/* The co-presenters: those taken off, then the one added by the address of
 * their ticket (the proposer stays; at most SESSION_PRESENTERS_MAX in all). */
static int write_presenters(DbConn *c, Err *e, Propose *p)
{
    for (int i = 0; i < p->in->n_remove; i++)
        if (unconf_presenter_delete(c, e, p->id, p->in->remove_presenters[i]) < 0) return -1;
    if (str_empty(p->in->add_presenter)) return 0;
    int64_t who = 0;
    int found = unconf_ticket_holder_by_email(c, e, p->by->event_id, p->in->add_presenter, &who);
    if (found < 0) return -1;
    if (found == 0)
        return err_field(e, E_INVALID, "add_presenter",
                         "Nobody holds a ticket to this event with that address: a co-presenter registers first.");
    json_t *rows = unconf_author_rows(c, e, p->id);   /* the proposer, the presenters (and a scribe) */
    if (!rows) return -1;
    size_t i, n = 0;
    json_t *x;
    bool already = false;
    json_array_foreach(rows, i, x) if (json_integer_value(json_object_get(x, "k")) < 2) {
        n++;
        if (json_integer_value(json_object_get(x, "user_id")) == who) already = true;
    }
    json_decref(rows);
    if (already) return err_field(e, E_INVALID, "add_presenter", "They present this session already.");
    if (n >= SESSION_PRESENTERS_MAX)
        return err_field(e, E_INVALID, "add_presenter", "A session has at most %d presenters.", SESSION_PRESENTERS_MAX);
    return unconf_presenter_insert(c, e, p->id, who);
}

static int write_proposal(DbConn *c, Err *e, Propose *p)
{
    SessionRow s = { p->by->event_id, p->by->user_id, p->in->title, p->in->description ? p->in->description : "",
                     p->in->kind, p->by->now };
    if (p->act == P_NEW) {
        json_t *all = unconf_session_rows(c, e, p->by->event_id, 0);
        size_t n = json_array_size(all);
        json_decref(all);
        if (!all) return -1;
        if (n >= BOARD_SESSIONS_MAX) return err_set(e, E_CONFLICT, "This board holds %d sessions already.", BOARD_SESSIONS_MAX);
        if (unconf_session_insert(c, e, &s, &p->id) < 0) return -1;
    } else if (unconf_session_update(c, e, p->id, &s) < 0)
        return -1;
    if (unconf_unavailable_set(c, e, p->id, p->in->unavailable, p->in->n_unavailable) < 0) return -1;
    return write_presenters(c, e, p);
}

static int propose_tx(DbConn *c, void *ctx, Err *e)
{
    Propose *p = ctx;
    static const BoardAct acts[] = { BA_PROPOSE, BA_EDIT, BA_WITHDRAW, BA_MERGE, BA_VOTE };
    Board b;
    json_t *row = NULL, *into = NULL;
    int rc = board_load(c, e, p->by, acts[p->act], p->act == P_NEW ? 0 : p->id, &b);
    if (rc == 0 && p->act != P_NEW) rc = proposed(c, e, p->by->event_id, p->id, &row);
    if (rc < 0) goto done;
    switch (p->act) {
    case P_NEW:
    case P_CHANGE:
        rc = write_proposal(c, e, p);
        break;
    case P_WITHDRAW:
        rc = unconf_session_status_set(c, e, p->id, "withdrawn", 0, p->by->now);
        break;
    case P_MERGE:
        if (p->other == p->id) rc = err_field(e, E_INVALID, "into", "A session cannot be merged into itself.");
        else if ((rc = proposed(c, e, p->by->event_id, p->other, &into)) == 0 &&
                 (rc = unconf_votes_move(c, e, p->id, p->other, p->by->now)) == 0 &&
                 (rc = unconf_presenter_insert(c, e, p->other, num(row, "proposer_id"))) == 0)
            rc = unconf_session_status_set(c, e, p->id, "merged", p->other, p->by->now);
        break;
    case P_VOTE: {
        int64_t elsewhere = 0;
        if ((rc = unconf_dots_used(c, e, p->by->event_id, p->by->user_id, p->id, &elsewhere)) == 0 &&
            (rc = vote_check(p->other, elsewhere, b.dots, e)) == 0)
            rc = unconf_vote_set(c, e, p->id, p->by->user_id, p->other, p->by->now);
        break;
    }
    }
done:
    json_decref(row);
    json_decref(into);
    board_free(&b);
    return rc;
}

static int checked(Err *e, const SessionIn *in, FieldErrs *f)
{
    session_fields_check(in->title, in->description, in->kind, f);
    if (in->n_unavailable < 0 || in->n_unavailable > BOARD_SLOTS_MAX) field_err(f, "unavailable", "Too many slots.");
    if (in->add_presenter && strlen(in->add_presenter) > 254)
        field_err(f, "add_presenter", "Give the e-mail address a co-presenter registered with.");
    if (in->n_remove < 0 || in->n_remove > SESSION_PRESENTERS_MAX) field_err(f, "remove_presenters", "Too many presenters.");
    return fields_check(f, e);
}

int session_propose(DbConn *c, Err *e, const BoardCaller *by, const SessionIn *in, FieldErrs *f, int64_t *id)
{
    if (checked(e, in, f) < 0) return -1;
    Propose p = { by, in, 0, 0, P_NEW };
    if (db_write(c, propose_tx, &p, e) < 0) return -1;
    *id = p.id;
    return 0;
}

int session_change(DbConn *c, Err *e, const BoardCaller *by, int64_t id, const SessionIn *in, FieldErrs *f)
{
    if (checked(e, in, f) < 0) return -1;
    Propose p = { by, in, id, 0, P_CHANGE };
    return db_write(c, propose_tx, &p, e);
}

int session_withdraw(DbConn *c, Err *e, const BoardCaller *by, int64_t id)
{
    Propose p = { by, NULL, id, 0, P_WITHDRAW };
    return db_write(c, propose_tx, &p, e);
}

int session_merge(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t into)
{
    Propose p = { by, NULL, id, into, P_MERGE };
    return db_write(c, propose_tx, &p, e);
}

int session_vote(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t dots)
{
    Propose p = { by, NULL, id, dots, P_VOTE };
    return db_write(c, propose_tx, &p, e);
}
