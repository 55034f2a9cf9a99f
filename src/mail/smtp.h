/* smtp.h - the SMTP client of the sender (private to src/mail/). */
#ifndef GLOCAL_MAIL_SMTP_H
#define GLOCAL_MAIL_SMTP_H

#include <curl/curl.h>
#include <stdbool.h>

#include "mail/mail.h"

typedef struct SmtpResult {
    bool transferred;   /* the server accepted the message */
    long code;          /* the last reply code, 0 when there was none */
    char reply[256];    /* the server's first refusal, or what went wrong before one */
} SmtpResult;

/* Sends `message` (len bytes, CRLF lines) to `to` through the handle `h`
 * (reused across messages, so the connection is too). */
void smtp_send(CURL *h, const MailConfig *cfg, const char *to, const char *message, size_t len, SmtpResult *r);

#endif
