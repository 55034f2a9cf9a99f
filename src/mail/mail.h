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

/* The mail feature (src/mail/feature.c): its deliveries (mail_deliver). */
extern const struct Feature mail_feature;

/* Sends up to `max` messages due at `now` from the outbox, each claimed with a
 * lease in the name of `worker` (Feature.deliver; deliver.c). */
int mail_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e);

/* --- store.c --- */
/* A message as it enters the outbox (schema 017). */
typedef struct OutboxMessage {
    const char *kind;        /* the template's name: "meeting_reminder" */
    const char *to;          /* one address, no CR or LF */
    const char *subject;     /* plain text (encoded by the sender when not ASCII), no CR or LF */
    const char *body;        /* the text body, LF line ends */
    const char *html_body;   /* the HTML alternative, or NULL */
    const char *headers;     /* extra header lines joined by LF ("List-Unsubscribe: <...>"), or NULL */
    int64_t user_id;         /* the reader's account, or 0 */
} OutboxMessage;
int outbox_insert(DbConn *c, Err *e, const OutboxMessage *m);

#endif
