/* store.c - the outbox table (mail.h, store.h). */
#include "mail/store.h"

#include "base/str.h"

/* "OUTBOX": claims are taken one sender at a time (db_write_locked). */
#define OUTBOX_LOCK_KEY 0x4f5554424f5800LL

int outbox_insert(DbConn *c, Err *e, const OutboxMessage *m)
{
    /* the last line of defence against header injection: every form refuses line
     * breaks in titles, names and addresses, so one here is a bug upstream */
    if (!str_single_line(m->to) || !str_single_line(m->subject))
        return err_set(e, E_INTERNAL, "A %s message was refused: its address or subject has a line break.", m->kind);
    int64_t now = now_unix();
    return db_exec(c, e,
                   "INSERT INTO outbox (kind, to_email, subject, body, html_body, headers, user_id, created_at, next_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                   DT(m->kind), DT(m->to), DT(m->subject), DT(m->body), m->html_body ? DT(m->html_body) : DN,
                   DT(m->headers ? m->headers : ""), DID(m->user_id), DI(now)) < 0
               ? -1
               : 0;
}

json_t *outbox_recent(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT id, kind, to_email, subject, body, created_at, sent_at, attempts, last_error, status, next_at"
                   "  FROM outbox ORDER BY id DESC LIMIT $1 OFFSET $2", DI(limit), DI(offset));
}

json_t *outbox_counts(DbConn *c, Err *e)
{
    json_t *rows = db_rows(c, e, "SELECT status, count(*) AS n FROM outbox GROUP BY status");
    if (!rows) return NULL;
    json_t *out = json_pack("{s:i,s:i,s:i,s:i,s:i}", "queued", 0, "sending", 0, "retry", 0, "sent", 0, "dead", 0);
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row)
        json_object_set(out, json_string_value(json_object_get(row, "status")), json_object_get(row, "n"));
    json_decref(rows);
    return out;
}

typedef struct Claim {
    int64_t now, lease_until;
    const char *worker;
    int max;
    json_t *rows;
} Claim;

static int claim_tx(DbConn *c, void *ctx, Err *e)
{
    Claim *k = ctx;
    /* a message nobody sent for a week (no SMTP server was set) is stale: "Tomorrow" is long past */
    if (db_exec(c, e,
                "UPDATE outbox SET status = 'dead', last_error = $2, lease_owner = NULL, lease_until = NULL"
                " WHERE status IN ('queued', 'retry') AND next_at <= $1 AND created_at < $1 - $3",
                DI(k->now), DT("Not sent: written more than 7 days ago, too old to send now."),
                DI(MAIL_STALE_SECONDS)) < 0)
        return -1;
    k->rows = db_rows(c, e,
                      "SELECT id, created_at, to_email, subject, body, html_body, headers, attempts + 1 AS attempts"
                      "  FROM outbox"
                      " WHERE (status IN ('queued', 'retry') AND next_at <= $1) OR (status = 'sending' AND lease_until < $1)"
                      " ORDER BY id LIMIT $2",
                      DI(k->now), DI(k->max));
    if (!k->rows) return -1;
    size_t i;
    json_t *row;
    json_array_foreach (k->rows, i, row) {
        if (db_exec(c, e,
                    "UPDATE outbox SET status = 'sending', lease_owner = $2, lease_until = $3, attempts = attempts + 1"
                    " WHERE id = $1",
                    DI(json_integer_value(json_object_get(row, "id"))), DT(k->worker), DI(k->lease_until)) < 0)
            return -1;
    }
    return 0;
}

json_t *outbox_claim(DbConn *c, Err *e, int64_t now, const char *worker, int64_t lease_until, int max)
{
    Claim k = { now, lease_until, worker, max, NULL };
    /* a read first: an idle sender takes no write lock (and syncs nothing to disk) every second */
    int64_t any = 0;
    int due = db_int64(c, e, &any,
                       "SELECT id FROM outbox WHERE (status IN ('queued', 'retry') AND next_at <= $1)"
                       " OR (status = 'sending' AND lease_until < $1) LIMIT 1",
                       DI(now));
    if (due < 0) return NULL;
    if (due == 0) return json_array();
    if (db_write_locked(c, OUTBOX_LOCK_KEY, claim_tx, &k, e) < 0) {
        json_decref(k.rows);
        return NULL;
    }
    return k.rows;
}

typedef struct Outcome {
    int64_t id, now, next_at;
    const char *worker, *reason;
    int state;   /* 0 sent, 1 retry, 2 dead */
} Outcome;

static int outcome_tx(DbConn *c, void *ctx, Err *e)
{
    Outcome *o = ctx;
    if (o->state == 0)
        return db_exec(c, e,
                       "UPDATE outbox SET status = 'sent', sent_at = $3, lease_owner = NULL, lease_until = NULL"
                       " WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
                       DI(o->id), DT(o->worker), DI(o->now)) < 0
                   ? -1
                   : 0;
    return db_exec(c, e,
                   "UPDATE outbox SET status = $3, next_at = $4, last_error = $5, lease_owner = NULL, lease_until = NULL"
                   " WHERE id = $1 AND lease_owner = $2 AND status = 'sending'",
                   DI(o->id), DT(o->worker), DT(o->state == 2 ? "dead" : "retry"), DI(o->next_at), DT(o->reason)) < 0
               ? -1
               : 0;
}

int outbox_mark_sent(DbConn *c, Err *e, int64_t id, const char *worker, int64_t now)
{
    Outcome o = { id, now, 0, worker, NULL, 0 };
    return db_write(c, outcome_tx, &o, e);
}

int outbox_mark_failed(DbConn *c, Err *e, int64_t id, const char *worker, bool dead, int64_t next_at, const char *reason)
{
    Outcome o = { id, 0, next_at, worker, reason, dead ? 2 : 1 };
    return db_write(c, outcome_tx, &o, e);
}

typedef struct Requeue {
    int64_t id, now;
    int done;
} Requeue;

static int requeue_tx(DbConn *c, void *ctx, Err *e)
{
    Requeue *q = ctx;
    q->done = db_exec(c, e,
                      "UPDATE outbox SET status = 'queued', attempts = 0, next_at = $2, last_error = NULL"
                      " WHERE id = $1 AND status = 'dead'",
                      DI(q->id), DI(q->now));
    if (q->done < 0) return -1;
    if (q->done > 0) return 0;
    int64_t found = 0;
    int rc = db_int64(c, e, &found, "SELECT id FROM outbox WHERE id = $1", DI(q->id));
    if (rc < 0) return -1;
    return rc == 0 ? err_set(e, E_NOT_FOUND, "There is no message numbered %lld.", (long long)q->id) : 0;
}

int outbox_requeue(DbConn *c, Err *e, int64_t id, int64_t now)
{
    Requeue q = { id, now, 0 };
    return db_write(c, requeue_tx, &q, e) < 0 ? -1 : q.done > 0;
}
