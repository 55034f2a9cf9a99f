/* deliver.c - the sender: messages from the outbox to the SMTP server
 * (Feature.deliver, in a thread of `glocal serve` or in `glocal mail`).
 *
 * A round claims up to `max` due messages in one short transaction (queued,
 * or retry whose time has come, or sending whose lease ran out: a sender
 * that died), each marked sending with this worker's lease; then sends them
 * one by one over one connection and records each outcome in its own
 * transaction: sent; retry later (a 4xx reply, no connection); or dead (a 5xx
 * reply, or the attempts ran out), with the server's reply as the reason.
 * Claims are serialised by an advisory lock on PostgreSQL (all writes are on
 * SQLite), so several senders on one database never claim one message twice.
 *
 * The one window for a duplicate: the server took a message and the sender
 * died before it recorded so. The lease then runs out and the message is
 * sent again, with the same Message-ID (docs/OPERATIONS.md). */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/str.h"
#include "mail/mail.h"
#include "mail/smtp.h"
#include "mail/store.h"
#include "settings/settings.h"

static MailConfig config = { .lease_seconds = 300 };
static char *config_strings[4];

static const char *keep(int i, const char *s)
{
    free(config_strings[i]);
    config_strings[i] = s ? xstrdup(s) : NULL;
    return config_strings[i];
}

void mail_configure(const MailConfig *c)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    config.smtp_url = c->smtp_url && *c->smtp_url ? keep(0, c->smtp_url) : keep(0, NULL);
    config.from_address = keep(1, c->from_address);
    config.public_url = keep(2, c->public_url);
    config.ca_file = keep(3, c->ca_file);
    if (c->lease_seconds > 0) config.lease_seconds = c->lease_seconds;
}

const MailConfig *mail_config(void)
{
    return &config;
}

const char *mail_smtp_display(void)
{
    static char shown[512];
    if (!config.smtp_url) return NULL;
    const char *scheme = strstr(config.smtp_url, "://"), *at = strrchr(config.smtp_url, '@');
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (scheme && at && colon && colon < at)   /* user:password@ -> user:***@ */
        snprintf(shown, sizeof shown, "%.*s:***%s", (int)(colon - config.smtp_url), config.smtp_url, at);
    else
        snprintf(shown, sizeof shown, "%s", config.smtp_url);
    return shown;
}

/* The host of the public URL, for Message-IDs. */
static const char *host_of(Arena *a, const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p) return "localhost";
    p += 3;
    size_t n = strcspn(p, ":/");
    return n ? arena_strndup(a, p, n) : "localhost";
}

static int send_one(DbConn *c, CURL *h, json_t *row, const char *worker, const char *from_name, const char *host,
                    Err *e)
{
    int64_t id = json_integer_value(json_object_get(row, "id"));
    int64_t attempts = json_integer_value(json_object_get(row, "attempts"));
    MailOut m = {
        .id = id,
        .created_at = json_integer_value(json_object_get(row, "created_at")),
        .from_name = from_name,
        .from_address = config.from_address,
        .to = json_string_value(json_object_get(row, "to_email")),
        .subject = json_string_value(json_object_get(row, "subject")),
        .body = json_string_value(json_object_get(row, "body")),
        .html_body = json_string_value(json_object_get(row, "html_body")),
        .headers = json_string_value(json_object_get(row, "headers")),
        .host = host,
    };
    Buf msg;
    buf_init(&msg, NULL);
    mail_message(&msg, &m);
    SmtpResult r;
    smtp_send(h, &config, m.to, msg.data, msg.len, &r);
    buf_release(&msg);
    MailOutcome o = mail_outcome(r.transferred, r.code, attempts);
    int64_t now = now_unix();
    if (o == MAIL_SENT) return outbox_mark_sent(c, e, id, worker, now);
    if (o == MAIL_DEAD) {
        log_warn("mail %lld to %s is dead after %lld attempts: %s", (long long)id, m.to, (long long)attempts, r.reply);
        return outbox_mark_failed(c, e, id, worker, true, now, r.reply);
    }
    log_info("mail %lld to %s will be tried again: %s", (long long)id, m.to, r.reply);
    return outbox_mark_failed(c, e, id, worker, false, now + mail_retry_after(attempts), r.reply);
}

int mail_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e)
{
    if (!config.smtp_url) return 0;
    json_t *rows = outbox_claim(c, e, now, worker, now + config.lease_seconds, max);
    if (!rows) return -1;
    size_t n = json_array_size(rows);
    if (n == 0) {
        json_decref(rows);
        return 0;
    }
    Arena a;
    arena_init(&a, 512);
    const char *from_name = setting_get(c, &a, "network_name", "Glocal");
    const char *host = host_of(&a, config.public_url);
    CURL *h = curl_easy_init();
    int rc = h ? (int)n : err_set(e, E_INTERNAL, "Cannot start an SMTP client.");
    for (size_t i = 0; h && i < n; i++) {
        if (send_one(c, h, json_array_get(rows, i), worker, from_name, host, e) < 0) {
            rc = -1;   /* the lease runs out and another round takes the rest */
            break;
        }
    }
    if (h) curl_easy_cleanup(h);
    arena_release(&a);
    json_decref(rows);
    return rc;
}

int mail_resend(DbConn *c, Err *e, int64_t id)
{
    return outbox_requeue(c, e, id, now_unix());
}
