/* store.c - the outbox table (see mail.h). */
#include "mail/mail.h"

#include "base/str.h"

int outbox_insert(DbConn *c, Err *e, const char *kind, const char *to, const char *subject, const char *body)
{
    return db_exec(c, e, "INSERT INTO outbox (kind, to_email, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)",
                   DT(kind), DT(to), DT(subject), DT(body), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *outbox_recent(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT id, kind, to_email, subject, body, created_at, sent_at, attempts, last_error"
                   "  FROM outbox ORDER BY id DESC LIMIT 100");
}
