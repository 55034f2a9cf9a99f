/* store.c - the outbox table (see mail.h). */
#include "mail/mail.h"

#include "base/str.h"

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

json_t *outbox_recent(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT id, kind, to_email, subject, body, created_at, sent_at, attempts, last_error"
                   "  FROM outbox ORDER BY id DESC LIMIT 100");
}
