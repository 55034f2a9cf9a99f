/* deliver.c - the sender: messages from the outbox to the SMTP server. */
#include "mail/mail.h"

int mail_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e)
{
    (void)c; (void)now; (void)worker; (void)max; (void)e;
    return 0;
}
