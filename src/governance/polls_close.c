/* polls_close.c - the end of a poll: closing it with an outcome statement
 * and a review date (the final count with its delegations and quorum, frozen
 * in a decision record; the matter it was about settled; the voters told),
 * and the periodic work: "closes tomorrow" to voters whose vote is not cast. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "governance/polls_internal.h"
#include "governance/store.h"
#include "mail/mail.h"

/* May `by` close the poll: whoever opened it, the chapter's connectors or the
 * committee's chair, an administrator. */
static int may_close(DbConn *c, Err *e, const Tally *t, const PollClose *k)
{
    json_t *p = t->poll;
    if (k->by_admin || json_integer_value(json_object_get(p, "created_by")) == k->by) return 1;
    int64_t chapter = json_integer_value(json_object_get(p, "chapter_id"));
    if (!chapter) return json_integer_value(json_object_get(p, "chair_id")) == k->by;
    bool connector = false;
    if (body_voter(c, e, chapter, 0, k->by, k->now, &connector) < 0) return -1;
    return connector;
}

/* What the decision record keeps of the count, with the poll's words and a link back. */
static json_t *record_counts(const Tally *t, int64_t poll_id)
{
    json_t *counts = json_deep_copy(t->count);
    const char *kind = json_string_value(json_object_get(t->poll, "kind"));
    json_object_set_new(counts, "kind_label", json_string(poll_kind_label(kind)));
    json_object_set(counts, "is_anonymous", json_object_get(t->poll, "is_anonymous"));
    char url[40];
    snprintf(url, sizeof url, "/polls/%lld", (long long)poll_id);
    json_object_set_new(counts, "source_url", json_string(url));
    return counts;
}

/* Each direct vote remembers how many votes it carried by delegation. */
static int keep_carried(DbConn *c, Err *e, const Tally *t, int64_t poll_id)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!t->voted[i]) continue;
        int64_t carried = 0;
        for (size_t j = 0; j < t->n; j++) carried += t->carrier[j] == t->ids[i] && j != i;
        if (carried && poll_vote_set_carried(c, e, poll_id, t->ids[i], carried) < 0) return -1;
    }
    return 0;
}

static int closed_mail(DbConn *c, Err *e, Arena *a, const Tally *t, const PollClose *k, const PollBody *b)
{
    json_t *data = json_pack("{s:O, s:s, s:I, s:O, s:b, s:s}", "title", json_object_get(t->poll, "title"),
                             "outcome", k->outcome, "review_at", (json_int_t)k->review_at, "options",
                             json_object_get(t->count, "options"), "quorum_reached",
                             json_is_true(json_object_get(t->count, "quorum_reached")), "link",
                             arena_printf(a, "%s/decisions/%lld", k->public_url ? k->public_url : "", (long long)k->decision_id));
    gov_mail_name(data, "body", b->name, str_eq(b->kind, "committee"));
    int rc = 0;
    size_t i;
    json_t *v;
    json_array_foreach(t->voters, i, v) {
        json_object_set(data, "name", json_object_get(v, "name"));
        if ((rc = mail_queue(c, e, json_string_value(json_object_get(v, "email")), "gov_poll_closed", data)) < 0) break;
    }
    json_decref(data);
    return rc;
}

static int close_tx(DbConn *c, void *ctx, Err *e)
{
    PollClose *k = ctx;
    Arena a;
    arena_init(&a, 4096);
    FieldErrs local = { &a, NULL, 0 }, *problems = k->problems ? k->problems : &local;
    Tally t;
    int rc = -1, found = tally_load(c, e, k->poll_id, k->now, true, &t);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such poll.");
        arena_release(&a);
        return -1;
    }
    PollBody b;
    poll_body_of(&a, t.poll, &b);
    if (str_eq(json_string_value(json_object_get(t.poll, "status")), "closed")) {
        err_set(e, E_CONFLICT, "This poll was closed already; its decision is on record.");
        goto done;
    }
    int may = may_close(c, e, &t, k);
    if (may <= 0) {
        if (!may) err_set(e, E_FORBIDDEN, "Only whoever opened this poll, %s or an administrator can close it.",
                          b.chapter_id ? "the chapter's connectors" : "the committee's chair");
        goto done;
    }
    poll_close_problems(k->outcome, k->review_at, k->now, problems);
    if (fields_check(problems, e) < 0) goto done;
    json_t *counts = record_counts(&t, k->poll_id);
    const char *kind = json_string_value(json_object_get(t.poll, "kind"));
    int64_t matter = json_integer_value(json_object_get(t.poll, "matter_id"));
    DecisionIn in = { .committee_id = b.committee_id, .chapter_id = b.chapter_id,
                      .place_id = json_integer_value(json_object_get(t.poll, b.chapter_id ? "metro_id" : "committee_place_id")),
                      .matter_id = matter, .source = str_eq(kind, "proposal") ? "proposal" : "poll", .source_id = k->poll_id,
                      .title = json_string_value(json_object_get(t.poll, "title")), .statement = k->outcome, .counts = counts,
                      .opened_at = json_integer_value(json_object_get(t.poll, "opens_at")), .decided_at = k->now,
                      .review_at = k->review_at, .created_by = k->by };
    int recorded = decision_record(c, e, &in, &k->decision_id);
    json_decref(counts);
    if (recorded < 0 || keep_carried(c, e, &t, k->poll_id) < 0 ||
        poll_mark_closed(c, e, k->poll_id, k->outcome, k->review_at, k->now, k->decision_id) < 0)
        goto done;
    if (matter && matter_settle(c, e, matter, k->decision_id, k->by, k->now) < 0) goto done;
    rc = closed_mail(c, e, &a, &t, k, &b);
done:
    tally_free(&t);
    arena_release(&a);
    return rc;
}

int poll_close(DbConn *c, Err *e, PollClose *k)
{
    return db_write(c, close_tx, k, e);
}

/* ---------- the periodic work ---------- */

typedef struct Remind {
    int64_t poll_id, now;
    int sent;
} Remind;

/* "Closes tomorrow" to each voter whose vote is cast neither by them nor by a delegate. */
static int remind_tx(DbConn *c, void *ctx, Err *e)
{
    Remind *r = ctx;
    Arena a;
    arena_init(&a, 2048);
    Tally t;
    int rc = -1, found = tally_load(c, e, r->poll_id, r->now, false, &t);
    if (found <= 0) {
        arena_release(&a);
        return found;
    }
    PollBody b;
    poll_body_of(&a, t.poll, &b);
    r->sent = 0;
    if (str_eq(json_string_value(json_object_get(t.poll, "status")), "closed") || json_integer_value(json_object_get(t.poll, "reminded_at"))) {
        rc = 0;   /* done meanwhile by another process */
        goto done;
    }
    json_t *data = json_pack("{s:O, s:{s:s}, s:O, s:b, s:s}", "title", json_object_get(t.poll, "title"),
                             "_words", "kind_label", poll_kind_msgid(json_string_value(json_object_get(t.poll, "kind"))), "closes_at",
                             json_object_get(t.poll, "closes_at"),
                             "is_proposal", str_eq(json_string_value(json_object_get(t.poll, "kind")), "proposal"), "path",
                             arena_printf(&a, "/polls/%lld", (long long)r->poll_id));
    gov_mail_name(data, "body", b.name, str_eq(b.kind, "committee"));
    rc = 0;
    for (size_t i = 0; i < t.n && rc == 0; i++) {
        if (t.carrier[i]) continue;
        json_t *v = json_array_get(t.voters, i);
        json_object_set(data, "name", json_object_get(v, "name"));
        json_object_set_new(data, "has_delegate", json_boolean(t.through[i] != 0));
        rc = mail_queue_at(c, e, json_string_value(json_object_get(v, "email")), "gov_poll_reminder", data, r->now);
        if (rc == 0) r->sent++;
    }
    json_decref(data);
    if (rc == 0) rc = poll_mark_reminded(c, e, r->poll_id, r->now);
done:
    tally_free(&t);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int polls_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    json_t *due = polls_due_reminder(c, e, now, now + POLL_REMINDER_SECONDS);
    if (!due) return -1;
    int sent = 0, rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(due, i, p) {
        Remind r = { json_integer_value(json_object_get(p, "id")), now, 0 };
        if (db_write(c, remind_tx, &r, e) < 0) {
            rc = -1;
            break;
        }
        sent += r.sent;
    }
    json_decref(due);
    if (sent) buf_printf(report, "%s%d poll reminder%s queued", report->len ? ", " : "", sent, sent == 1 ? "" : "s");
    return rc;
}
