/* mail.h - the mail every part of Glocal sends: messages written as templates,
 * queued in the durable outbox, delivered later by the sender.
 *
 * A message is templates/mail/NAME.txt, a Mustache template in text mode
 * (nothing is escaped: the result is plain text). Its first line is
 * "Subject: ...", then an empty line, then the body:
 *
 *   Subject: {{inviter}} invites you to {{chapter}}
 *
 *   Hello, ...
 *
 * mail_queue renders it with `data` and adds it to the outbox inside the
 * caller's write transaction, so a message is queued exactly when what it
 * tells about was committed. A shared service: any feature may include it. */
#ifndef GLOCAL_MAIL_H
#define GLOCAL_MAIL_H

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"

/* Renders templates/mail/<name>.txt with data (borrowed) and queues it to `to`
 * with the kind `name` (inside db_write). */
int mail_queue(DbConn *c, Err *e, const char *to, const char *name, json_t *data);
/* mail_queue with data built by json_pack from fmt (the packed value is released). */
int mail_queuef(DbConn *c, Err *e, const char *to, const char *name, const char *fmt, ...);
/* Compiles every mail template once, so that a broken one stops the node at start. */
int mail_templates_check(Err *e);
/* The last 100 messages of the outbox, sent or not, newest first (new reference). */
json_t *outbox_recent(DbConn *c, Err *e);

/* --- store.c --- */
int outbox_insert(DbConn *c, Err *e, const char *kind, const char *to, const char *subject, const char *body);

#endif
