/* rules_send.c - the sender's decisions, pure: what an SMTP answer means for a
 * message, and when a temporary failure is tried again. */
#include "mail/mail.h"

#include <stddef.h>

/* Waits after the 1st, 2nd... failed attempt: about three days in all. */
static const int64_t backoff[] = { 60, 5 * 60, 15 * 60, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 24 * 3600 };

int64_t mail_retry_after(int64_t attempts)
{
    size_t n = sizeof backoff / sizeof backoff[0];
    if (attempts < 1) attempts = 1;
    return (size_t)attempts > n ? backoff[n - 1] : backoff[attempts - 1];
}

MailOutcome mail_outcome(bool transferred, long smtp_code, int64_t attempts)
{
    if (transferred) return MAIL_SENT;
    /* the node's login refused (530 authentication required, 534, 535, 538): not the message's fault —
     * tried again, so that mail flows once the operator fixes the password */
    bool login = smtp_code == 530 || smtp_code == 534 || smtp_code == 535 || smtp_code == 538;
    if (smtp_code >= 500 && smtp_code < 600 && !login) return MAIL_DEAD;   /* permanent: the server said no */
    /* 4xx, no answer at all (no connection, a timeout, TLS): temporary, until attempts run out */
    return attempts >= MAIL_MAX_ATTEMPTS ? MAIL_DEAD : MAIL_RETRY;
}
