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
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include <stdbool.h>
#include "db/db.h"
#include "web/req.h"

/* The categories a reader chooses for ("always" is none of them). */
#define MAIL_CATEGORY_COUNT 4
#define MAIL_CATEGORY_MAX 16

/* Renders templates/mail/<name>.txt with data (borrowed) and queues it to `to`
 * with the kind `name` (inside db_write), as the reader chose for the name's
 * category: the reader is the account with that address, if any; "off" queues
 * nothing, "digest" keeps the message for the day's digest (mail_digest_tick),
 * "now" (the default, and always for invitations, tickets and security mail)
 * queues it with its HTML part, the List-Unsubscribe headers and user_id.
 * Before rendering, every integer member of data named "…_at" (a Unix time)
 * gets siblings in the reader's zone: "…_at_text" ("Wed 15 Sep 2027, 18:00
 * (Europe/Lisbon)"), "…_at_day" / "…_at_Day" (mail_day_words against the moment
 * the message is written) and "…_at_time" ("18:00"); data also gets "network",
 * "zone" and, for a reader, "preferences_url".
 * The message is written in the reader's language: their choice, else the
 * network's default, else English; for an address with no account, the
 * calling thread's (the request's). data may hold "_words": {key: an English
 * catalog message}; each is set at its key translated into that language
 * (a label chosen by the code: poll_kind_msgid, never poll_kind_label). A
 * message with names in it is [message, name...]: each %s of its translation
 * becomes the next name, as it is (["%s committee", "Lisbon"] is "Comité
 * Lisbon" to a French reader: names the code composes in English, such as a
 * committee's, are given to mail this way, never already translated). */
int mail_queue(DbConn *c, Err *e, const char *to, const char *name, json_t *data);
/* mail_queue as written at `now` (the tick's moment: relative days are
 * counted from it). */
int mail_queue_at(DbConn *c, Err *e, const char *to, const char *name, json_t *data, int64_t now);
/* mail_queue with data built by json_pack from fmt (the packed value is released). */
int mail_queuef(DbConn *c, Err *e, const char *to, const char *name, const char *fmt, ...);
/* Compiles every mail template once, so that a broken one stops the node at start. */
int mail_templates_check(Err *e);
/* A page of the outbox's messages, sent or not, newest first: limit rows from
 * offset (web/paging.h) (new reference). */
json_t *outbox_recent(DbConn *c, Err *e, int64_t limit, int64_t offset);
/* How many messages are in each state: {"queued": n, "sending", "retry", "sent", "dead"} (new reference). */
json_t *outbox_counts(DbConn *c, Err *e);
/* Sends a dead message again, from its first attempt (an administrator's
 * decision): 1 done, 0 it is not dead, -1 error (E_NOT_FOUND: no such message). */
int mail_resend(DbConn *c, Err *e, int64_t id);

/* The administrator's outbox (routes_outbox.c). */
struct Req;
int admin_outbox_index(struct Req *r);
int admin_outbox_resend(struct Req *r);

/* The mail feature (src/mail/feature.c): its deliveries (mail_deliver). */
extern const struct Feature mail_feature;

/* Sends up to `max` messages due at `now` from the outbox, each claimed with a
 * lease in the name of `worker` (Feature.deliver; deliver.c). */
int mail_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e);

/* --- the sender (deliver.c, smtp.c, message.c, rules_send.c) --- */

/* Where mail goes: set once at start by `glocal serve` / `glocal mail`
 * (--smtp, $GLOCAL_SMTP, --mail-from). With no SMTP URL nothing is sent and
 * messages wait in the outbox. */
typedef struct MailConfig {
    const char *smtp_url;       /* smtp://user:password@host:587 (STARTTLS), smtps://host:465 (TLS), or NULL */
    const char *from_address;   /* the envelope sender and From address */
    const char *public_url;     /* the node's address: the Message-ID's host */
    int lease_seconds;          /* how long a sender holds a message it is sending (default 300) */
    const char *ca_file;        /* trust the SMTP server's certificate when this CA signed it (NULL: the system's) */
} MailConfig;
void mail_configure(const MailConfig *config);
/* The configuration in force (strings owned by the mail module). */
const MailConfig *mail_config(void);
/* The SMTP URL with its password blanked, or NULL when none is set. */
const char *mail_smtp_display(void);

/* A message still unsent this long after it was written is not sent at all
 * (dead, "too old"): mail that waited for an SMTP server to be set. */
#define MAIL_STALE_SECONDS (7 * 86400)
/* Attempts before a temporary failure becomes final. */
#define MAIL_MAX_ATTEMPTS 10
typedef enum MailOutcome { MAIL_SENT, MAIL_RETRY, MAIL_DEAD } MailOutcome;
/* What an attempt means: transferred (the server took the message), else the
 * last SMTP reply code (0: no reply: no connection, a timeout) (rules_send.c). */
MailOutcome mail_outcome(bool transferred, long smtp_code, int64_t attempts);
/* Seconds to wait after the `attempts`-th failed attempt. */
int64_t mail_retry_after(int64_t attempts);

/* An outbox row as it is sent (message.c). */
typedef struct MailOut {
    int64_t id, created_at;
    const char *from_name, *from_address, *to, *subject, *body, *html_body, *headers;
    const char *host;   /* for the Message-ID */
} MailOut;
/* The whole message, CRLF line ends, bodies quoted-printable. */
void mail_message(Buf *b, const MailOut *m);
/* "<glocal.ID.CREATED@host>": the same for every attempt to send a row. */
void mail_message_id(char *out, size_t size, int64_t id, int64_t created_at, const char *host);
/* "Name: text\r\n", the text as RFC 2047 encoded words when it is not plain ASCII. */
void mail_header_text(Buf *b, const char *name, const char *text);
/* text as quoted-printable, every line break (CRLF, CR, LF) written CRLF. */
void mail_quoted_printable(Buf *b, const char *text);
/* --- digest.c: the daily digest (the mail feature's tick) --- */
/* Writes the digest of every reader whose local day at `now` has none yet and
 * whose local hour is MAIL_DIGEST_HOUR or later: one message with everything
 * kept for them before that hour; *written: how many. Each in its own transaction. */
int mail_digest_tick(DbConn *c, int64_t now, int *written, Err *e);
int mail_tick(DbConn *c, int64_t now, Buf *report, Err *e);

/* --- prefs.c: a member's choices --- */
/* What the notifications page shows (new reference): {preferences: {meetings:
 * "now"|"digest"|"off", ...}, timezone (theirs or null), zone (in effect),
 * metro_zone, digest_hour}; NULL with e. */
json_t *mail_prefs_view(DbConn *c, Err *e, int64_t user_id);
typedef struct MailPrefs {
    int64_t user_id, now;
    const char *modes[MAIL_CATEGORY_COUNT];   /* by mail_categories; NULL: unchanged */
    const char *timezone;                     /* NULL: unchanged; "": their metro's zone */
} MailPrefs;
/* Saves a member's choices (field errors in problems: a category's name, "timezone"). */
int mail_prefs_save(DbConn *c, Err *e, const MailPrefs *p, FieldErrs *problems);
/* Checks an unsubscribe token under the node secret: 0 and the account and
 * category, or -1 (E_NOT_FOUND for a token that is not one we signed). */
int mail_unsubscribe_check(DbConn *c, Err *e, const unsigned char key[32], const char *token, int64_t *user_id,
                           char category[MAIL_CATEGORY_MAX]);
/* Turns the token's category off for its account (no session needed: the
 * signature is the credential); fills the category. */
int mail_unsubscribe(DbConn *c, Err *e, const unsigned char key[32], const char *token, int64_t now,
                     char category[MAIL_CATEGORY_MAX]);

/* --- routes.c: the handlers --- */
int notifications_show(Req *r);
int notifications_update(Req *r);
int unsubscribe_show(Req *r);
int unsubscribe_submit(Req *r);

/* --- rules.c: pure decisions --- */
extern const char *const mail_categories[MAIL_CATEGORY_COUNT];
/* The category of a mail template ("meetings", ..., or "always"), or NULL when
 * the table in rules.c does not name it. */
const char *mail_category_of(const char *kind);
bool mail_category_known(const char *category);
/* "now", "digest" or "off". */
bool mail_mode_known(const char *mode);
/* The day of `t` said from the day of `now`, both as calendar days in `zone`:
 * "today", "tomorrow", "yesterday", "on Tuesday" (within the week ahead), else
 * "on 15 Sep 2027"; capitalised for a subject's start when `capital`. */
void mail_day_words(int64_t t, int64_t now, const char *zone, bool capital, char out[32]);
/* A reader's digest is written from this local hour on, once a local day, and
 * carries what was kept for them before that hour (the day before's). */
#define MAIL_DIGEST_HOUR 7
/* Fills the local day ("2027-09-15") of `now` in `zone` and *cutoff, the
 * moment that day reaches MAIL_DIGEST_HOUR:00 there; true when now is past it. */
bool mail_digest_due(int64_t now, const char *zone, char day[11], int64_t *cutoff);
/* Appends the HTML of a text body: every character escaped, blank lines
 * between paragraphs, a text's wrapped lines joined again (a line break kept
 * after a colon and before an indented or listed line), http(s) links made
 * clickable. */
void mail_text_to_html(Buf *out, const char *text);
/* The one-click unsubscribe token of (user, category): "<id>.<category>.<mac>",
 * the mac an HMAC-SHA256 under the node secret (never stored). */
#define MAIL_TOKEN_MAX 96
void mail_unsubscribe_token(const unsigned char key[32], int64_t user_id, const char *category,
                            char out[MAIL_TOKEN_MAX]);
/* True and the user and category when the token is one mail_unsubscribe_token made. */
bool mail_unsubscribe_verify(const unsigned char key[32], const char *token, int64_t *user_id,
                             char category[MAIL_CATEGORY_MAX]);

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
