/* polls.c - the operations of proposals and polls, each its own write
 * transaction and callable without HTTP (the CLI, the demo, tests): opening
 * one in a chapter or a committee (the voters are told), voting and changing
 * one's vote until the close, giving one's vote to another member (for one
 * poll or until revoked), closing with an outcome and a review date (the
 * final count, a decision record, the matter settled, the voters told), and
 * the periodic "closes tomorrow" reminders. The rules are in rules_polls.c,
 * the count in polls_count.c. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "governance/polls_internal.h"
#include "governance/store.h"
#include "mail/mail.h"

static int not_a_voter(Err *e, const PollBody *b, const char *what)
{
    if (b->chapter_id) return err_set(e, E_FORBIDDEN, "Only members of %s %s.", b->name, what);
    return err_set(e, E_FORBIDDEN, "Only the members of the %s %s: you do not sit on it.", b->name, what);
}

/* ---------- opening ---------- */

/* Is the matter one this body holds: a chapter's own open matter, or one before the committee? */
static int matter_check(DbConn *c, Err *e, const PollFields *f, FieldErrs *problems)
{
    if (!f->matter_id) return 0;
    json_t *m = NULL;
    int found = poll_matter_row(c, e, f->matter_id, &m);
    if (found < 0) return -1;
    const char *status = json_string_value(json_object_get(m, "status"));
    bool held = found && (f->chapter_id ? json_integer_value(json_object_get(m, "chapter_id")) == f->chapter_id && str_eq(status, "open")
                                        : json_integer_value(json_object_get(m, "committee_id")) == f->committee_id &&
                                              str_eq(status, "escalated"));
    json_decref(m);
    if (!held)
        field_err(problems, "matter_id", f->chapter_id ? "That matter is not open in this chapter."
                                                       : "That matter is not before this committee.");
    return 0;
}

static int opened_mail(DbConn *c, Err *e, Arena *a, const PollOpen *o, const PollBody *b, const char *opener)
{
    json_t *voters = poll_voter_rows(c, e, b->chapter_id, b->committee_id, o->now);
    if (!voters) return -1;
    const PollFields *f = &o->f;
    json_t *data = json_pack("{s:s, s:s, s:{s:s, s:s}, s:b, s:b, s:I, s:I, s:b, s:I, s:b, s:s}", "opener", opener,
                             "title", f->title, "_words", "kind_label", poll_kind_msgid(f->kind), "help",
                             poll_kind_help_msgid(f->kind),
                             "is_proposal", str_eq(f->kind, "proposal"), "opens_later", f->opens_at > o->now + 60, "opens_at",
                             (json_int_t)f->opens_at, "closes_at", (json_int_t)f->closes_at,
                             "has_quorum", f->quorum_pct > 0, "quorum_pct", (json_int_t)f->quorum_pct, "is_anonymous",
                             f->is_anonymous, "link", arena_printf(a, "%s/polls/%lld", o->public_url ? o->public_url : "",
                                                                    (long long)o->id));
    gov_mail_name(data, "body", b->name, str_eq(b->kind, "committee"));
    int rc = 0;
    size_t i;
    json_t *v;
    json_array_foreach(voters, i, v) {
        if (json_integer_value(json_object_get(v, "user_id")) == o->by) continue;
        json_object_set(data, "name", json_object_get(v, "name"));
        if ((rc = mail_queue_at(c, e, json_string_value(json_object_get(v, "email")), "gov_poll_opened", data, o->now)) < 0) break;
    }
    json_decref(data);
    json_decref(voters);
    return rc;
}

static int open_tx(DbConn *c, void *ctx, Err *e)
{
    PollOpen *o = ctx;
    PollFields *f = &o->f;
    Arena a;
    arena_init(&a, 4096);
    FieldErrs local = { &a, NULL, 0 }, *problems = o->problems ? o->problems : &local;
    BodyOf body;
    int rc = -1;
    if (body_load(c, e, &a, f->chapter_id, f->committee_id, o->by, o->now, &body) < 0) goto done;
    if (!body.votes) {
        not_a_voter(e, &body.b, "can open a poll there");
        goto done;
    }
    poll_fields_problems(f, o->now, problems);
    if (matter_check(c, e, f, problems) < 0 || fields_check(problems, e) < 0) goto done;
    if (!f->opens_at) f->opens_at = o->now;
    if (str_eq(f->kind, "proposal")) f->n_options = 0;
    if (!str_eq(f->kind, "score")) f->score_max = 5;   /* what the other kinds do not use keeps its default */
    if (!str_eq(f->kind, "dots")) f->dots = 10;
    if (poll_insert(c, e, f, o->by, o->now, &o->id) < 0) goto done;
    for (int i = 0; i < f->n_options; i++)
        if (poll_option_insert(c, e, o->id, i, f->options[i]) < 0) goto done;
    json_t *who = NULL;
    if (poll_user_row(c, e, o->by, &who) <= 0) goto done;
    rc = opened_mail(c, e, &a, o, &body.b, json_string_value(json_object_get(who, "name")));
    json_decref(who);
done:
    arena_release(&a);
    return rc;
}

int poll_open(DbConn *c, Err *e, PollOpen *o)
{
    return db_write(c, open_tx, o, e);
}

/* ---------- voting ---------- */

static int vote_tx(DbConn *c, void *ctx, Err *e)
{
    PollVote *v = ctx;
    Arena a;
    arena_init(&a, 2048);
    json_t *poll = NULL, *options = NULL, *before = NULL, *value = NULL;
    int rc = -1, found = poll_row(c, e, v->poll_id, &poll);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such poll.");
        goto done;
    }
    PollBody b;
    poll_body_of(&a, poll, &b);
    int votes = body_voter(c, e, b.chapter_id, b.committee_id, v->user_id, v->now, NULL);
    if (votes < 0) goto done;
    if (!votes) {
        not_a_voter(e, &b, "vote in this poll");
        goto done;
    }
    int64_t opens = json_integer_value(json_object_get(poll, "opens_at")), closes = json_integer_value(json_object_get(poll, "closes_at"));
    if (poll_voting_check(json_string_value(json_object_get(poll, "status")), opens, closes, v->now,
                          time_local_text(&a, opens, b.timezone), time_local_text(&a, closes, b.timezone), e) < 0)
        goto done;
    if (!(options = poll_option_rows(c, e, v->poll_id))) goto done;
    PollShape shape;
    const char *labels[POLL_OPTIONS_MAX];
    poll_shape_of(poll, options, &shape, labels);
    PollBallot ballot;
    if (poll_vote_check(&shape, &v->in, &ballot, e) < 0) goto done;
    found = poll_vote_row(c, e, v->poll_id, v->user_id, &before);
    if (found < 0) goto done;
    v->changed = found > 0;
    value = poll_ballot_json(&shape, &ballot);
    char *text = json_dumps(value, JSON_COMPACT);
    rc = poll_vote_upsert(c, e, v->poll_id, v->user_id, text, v->in.reason, v->now);
    free(text);
done:
    json_decref(poll);
    json_decref(options);
    json_decref(before);
    json_decref(value);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int poll_vote(DbConn *c, Err *e, PollVote *v)
{
    return db_write(c, vote_tx, v, e);
}

/* ---------- delegation ---------- */

/* Refuses a delegation from -> to that would loop in the graph in force for
 * poll_id (0: the standing delegations). */
static int loop_check(json_t *rows, int64_t poll_id, const PollDelegate *d, const char *to_name, Err *e)
{
    PollDelegation *edges = xcalloc(json_array_size(rows) + 1, sizeof *edges);
    size_t m = delegation_edges(rows, poll_id, edges);
    int rc = poll_delegation_check(d->from, d->to, true, edges, m, to_name, e);
    free(edges);
    return rc;
}

/* Whether `from` gave their vote for poll_id itself (a standing delegation does not apply there). */
static bool gave_for_poll(json_t *rows, int64_t from, int64_t poll_id)
{
    size_t k;
    json_t *x;
    json_array_foreach(rows, k, x)
        if (json_integer_value(json_object_get(x, "from_id")) == from && json_integer_value(json_object_get(x, "poll_id")) == poll_id)
            return true;
    return false;
}

/* A new delegation from -> to: to must vote in the body, and no loop may
 * form, in the poll's graph or, for a standing one, in the standing graph and
 * in every open poll where it would apply. */
static int delegation_allowed(DbConn *c, Err *e, const PollDelegate *d, const PollBody *b)
{
    json_t *to = NULL, *rows = NULL, *open = NULL;
    int rc = -1, found = poll_user_row(c, e, d->to, &to);
    if (found <= 0) {
        if (!found) err_field(e, E_INVALID, "to", "There is no member numbered %lld.", (long long)d->to);
        goto done;
    }
    const char *name = json_string_value(json_object_get(to, "name"));
    int votes = body_voter(c, e, b->chapter_id, b->committee_id, d->to, d->now, NULL);
    if (votes < 0 || poll_delegation_check(d->from, d->to, votes, NULL, 0, name, e) < 0) goto done;
    if (!(rows = poll_delegation_all(c, e, b->chapter_id, b->committee_id))) goto done;
    if (d->poll_id) {
        rc = loop_check(rows, d->poll_id, d, name, e);
        goto done;
    }
    if (loop_check(rows, 0, d, name, e) < 0 || !(open = poll_open_ids(c, e, b->chapter_id, b->committee_id))) goto done;
    size_t k;
    json_t *p;
    json_array_foreach(open, k, p) {
        int64_t id = json_integer_value(json_object_get(p, "id"));
        if (!gave_for_poll(rows, d->from, id) && loop_check(rows, id, d, name, e) < 0) goto done;
    }
    rc = 0;
done:
    json_decref(to);
    json_decref(rows);
    json_decref(open);
    return rc;
}

static int delegate_tx(DbConn *c, void *ctx, Err *e)
{
    PollDelegate d = *(const PollDelegate *)ctx;
    Arena a;
    arena_init(&a, 2048);
    json_t *poll = NULL;
    int rc = -1;
    if (d.poll_id) {
        int found = poll_row(c, e, d.poll_id, &poll);
        if (found <= 0) {
            if (!found) err_set(e, E_NOT_FOUND, "There is no such poll.");
            goto done;
        }
        if (str_eq(json_string_value(json_object_get(poll, "status")), "closed") ||
            d.now >= json_integer_value(json_object_get(poll, "closes_at"))) {
            err_set(e, E_CONFLICT, "Voting on this poll has closed: its delegations can no longer change.");
            goto done;
        }
        d.chapter_id = json_integer_value(json_object_get(poll, "chapter_id"));
        d.committee_id = json_integer_value(json_object_get(poll, "committee_id"));
    }
    BodyOf body;
    if (body_load(c, e, &a, d.chapter_id, d.committee_id, d.from, d.now, &body) < 0) goto done;
    if (!body.votes) {
        not_a_voter(e, &body.b, "can give their vote there");
        goto done;
    }
    if (d.to && delegation_allowed(c, e, &d, &body.b) < 0) goto done;
    int ended = poll_delegation_end(c, e, &d);
    if (ended < 0) goto done;
    if (!d.to && !ended) {
        err_set(e, E_CONFLICT, "You had not given your vote to anyone %s.", d.poll_id ? "for this poll" : "in every poll here");
        goto done;
    }
    rc = d.to ? poll_delegation_insert(c, e, &d) : 0;
done:
    json_decref(poll);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int poll_delegate(DbConn *c, Err *e, const PollDelegate *d)
{
    return db_write(c, delegate_tx, (void *)d, e);
}
