/* digest.c - the daily digest: the messages a reader chose to get "in a daily
 * digest" wait in mail_digest_items; once a local day, from MAIL_DIGEST_HOUR
 * in the reader's zone on, the mail feature's tick writes what was kept
 * before that hour into one message (templates/mail/digest.txt); what comes
 * later waits for the next day's. A digest is claimed in mail_digests
 * (reader, local day) in the transaction that queues it, so a second tick of
 * the same day — or another server on the same PostgreSQL — writes none. */
#include "mail/internal.h"

#include <string.h>

#include "web/feature.h"

typedef struct DigestRun {
    int64_t user_id, now, cutoff;
    const char *email, *day;
    int written;
} DigestRun;

static int digest_tx(DbConn *c, void *ctx, Err *e)
{
    DigestRun *d = ctx;
    json_t *items = mail_digest_waiting(c, e, d->user_id, d->cutoff);
    if (!items) return -1;
    int rc = 0, n = (int)json_array_size(items);
    if (n == 0) goto done;
    int claimed = mail_digest_claim(c, e, d->user_id, d->day, n, d->now);
    if (claimed <= 0) {
        rc = claimed;
        goto done;
    }
    json_t *data = json_pack("{s:i, s:b, s:O}", "count", n, "one", n == 1, "items", items);
    rc = mail_queue_at(c, e, d->email, "digest", data, d->now);
    json_decref(data);
    if (rc == 0) rc = mail_digest_mark(c, e, d->user_id, d->day, d->cutoff);
    if (rc == 0) d->written++;
done:
    json_decref(items);
    return rc;
}

int mail_digest_tick(DbConn *c, int64_t now, int *written, Err *e)
{
    json_t *readers = mail_digest_readers(c, e);
    if (!readers) return -1;
    int rc = 0;
    size_t i;
    json_t *r;
    DigestRun d = { .now = now };
    json_array_foreach(readers, i, r) {
        char day[11];
        if (!mail_digest_due(now, json_string_value(json_object_get(r, "zone")), day, &d.cutoff)) continue;
        d.user_id = json_integer_value(json_object_get(r, "id"));
        d.email = json_string_value(json_object_get(r, "email"));
        d.day = day;
        if ((rc = db_write(c, digest_tx, &d, e)) < 0) break;
    }
    json_decref(readers);
    *written = d.written;
    return rc;
}

/* The mail feature's share of the periodic work (Feature.tick). */
int mail_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    int written = 0;
    if (mail_digest_tick(c, now, &written, e) < 0) return -1;
    if (written) buf_printf(report, "%s%d mail digests queued", report->len ? ", " : "", written);
    return 0;
}
