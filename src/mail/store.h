/* store.h - the outbox as a queue (private to src/mail/; store.c). */
#ifndef GLOCAL_MAIL_STORE_H
#define GLOCAL_MAIL_STORE_H

#include <jansson.h>

#include "mail/mail.h"

/* Up to `max` messages due at `now`, marked sending with `worker`'s lease
 * until `lease_until` (their attempts counted), in their own transaction;
 * each row: id, created_at, to_email, subject, body, html_body, headers,
 * attempts. A new array (maybe empty), or NULL on error. */
json_t *outbox_claim(DbConn *c, Err *e, int64_t now, const char *worker, int64_t lease_until, int max);
/* The message `id` was taken by the server (only while `worker` holds it). */
int outbox_mark_sent(DbConn *c, Err *e, int64_t id, const char *worker, int64_t now);
/* The attempt failed: dead for good, or tried again from `next_at`; `reason` kept. */
int outbox_mark_failed(DbConn *c, Err *e, int64_t id, const char *worker, bool dead, int64_t next_at,
                       const char *reason);
/* Sends a dead message again (an administrator's decision): 1 done, 0 not dead, -1 error (E_NOT_FOUND: no such message). */
int outbox_requeue(DbConn *c, Err *e, int64_t id, int64_t now);

#endif
