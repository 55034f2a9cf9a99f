/* fuzz_webhook_url.c - the target URL a chapter's organiser gives a webhook
 * (webhook_url_parse), which the deliverer later connects to, and the checks
 * of the webhook form (webhook_fields_check).
 *
 * Invariants: an accepted URL is http or https with a host that holds no
 * character that could end a host in another parser ('/', '?', '#', '@',
 * '\\', white space, controls) and a port in 1..65535. */
#include "fuzz.h"

#include "base/err.h"
#include "webhooks/webhooks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    Arena a;
    arena_init(&a, 2048);
    char *url = fuzz_text(&a, data, size);
    WebhookTarget t;
    Err e = { 0 };
    if (webhook_url_parse(&a, url, &t, &e) == 0) {
        FUZZ_CHECK(strcmp(t.scheme, "http") == 0 || strcmp(t.scheme, "https") == 0);
        FUZZ_CHECK(t.host && *t.host);
        for (const unsigned char *p = (const unsigned char *)t.host; *p; p++)
            FUZZ_CHECK(*p > ' ' && *p != 0x7f && !strchr("/?#@\\", *p));
        FUZZ_CHECK(t.port >= 1 && t.port <= 65535);
    } else {
        FUZZ_CHECK(e.code && e.msg[0]);
    }
    WebhookFields f = { .url = url, .description = url, .kinds = { "event.created", url }, .nkinds = 2 };
    FieldErrs problems = { .a = &a };
    (void)webhook_fields_check(&a, &f, &problems);
    for (int i = 0; i < problems.n; i++) FUZZ_CHECK(problems.at[i].msg && problems.at[i].field);
    arena_release(&a);
    return 0;
}
