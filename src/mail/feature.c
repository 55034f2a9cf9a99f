/* feature.c - mail as a feature of the web layer: the deliveries of the
 * outbox (Feature.deliver, deliver.c). */
#include "mail/mail.h"
#include "web/feature.h"

const Feature mail_feature = {
    .name = "mail",
    .deliver = mail_deliver,
};
