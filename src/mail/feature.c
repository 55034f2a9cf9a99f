/* feature.c - mail as a feature of the web layer: the check of its templates
 * at start (Feature.start), the daily digests
 * (Feature.tick, digest.c) and the deliveries of the outbox
 * (Feature.deliver, deliver.c). */
#include "mail/mail.h"
#include "web/feature.h"

/* At start: a mail template that does not compile, or has no category, stops the node. */
static int mail_start(DbConn *c, void *ctx, Err *e)
{
    (void)c, (void)ctx;
    return mail_templates_check(e);
}

const Feature mail_feature = {
    .name = "mail",
    .start = mail_start,
    .tick = mail_tick,
    .deliver = mail_deliver,
};
