/* smtp.c - one message to the SMTP server with libcurl: STARTTLS when the
 * server offers it (required when the URL carries a password), TLS from the
 * start for smtps://, authentication from the URL's user and password. The
 * server's last reply is kept for the outbox (the reason a message is dead).
 * libcurl doubles a line's leading "." on the wire (RFC 5321 4.5.2); the
 * message it is given already has CRLF line ends (message.c). */
#include "mail/smtp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Upload {
    const char *data;
    size_t len, at;
} Upload;

static size_t read_part(char *out, size_t size, size_t n, void *arg)
{
    Upload *u = arg;
    size_t want = size * n, left = u->len - u->at;
    if (want > left) want = left;
    memcpy(out, u->data + u->at, want);
    u->at += want;
    return want;
}

/* Keeps the server's first refusal ("451 4.3.0 try again later"), not what it says after it ("221 Bye"). */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t n, void *arg)
{
    (void)h;
    SmtpResult *r = arg;
    if (type != CURLINFO_HEADER_IN || n < 3 || r->reply[0] || data[0] < '4' || data[0] > '5' ||
        !isdigit((unsigned char)data[1]))
        return 0;
    while (n && (data[n - 1] == '\r' || data[n - 1] == '\n')) n--;
    if (n >= sizeof r->reply) n = sizeof r->reply - 1;
    memcpy(r->reply, data, n);
    r->reply[n] = '\0';
    return 0;
}

void smtp_send(CURL *h, const MailConfig *cfg, const char *to, const char *message, size_t len, SmtpResult *r)
{
    memset(r, 0, sizeof *r);
    char from[320], rcpt[320], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", cfg->from_address);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    Upload u = { message, len, 0 };
    bool secret = strchr(cfg->smtp_url, '@') != NULL;   /* user:password@ in the URL */
    curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(h, CURLOPT_USE_SSL, secret ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
    if (cfg->ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_part);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);   /* for the replies: on_debug sees them, nothing is printed */
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, r);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->code);
    r->transferred = rc == CURLE_OK;
    if (!r->transferred && r->reply[0]) r->code = strtol(r->reply, NULL, 10);   /* the refusal's code, not QUIT's */
    if (!r->transferred && !r->reply[0])   /* no refusal from the server: what went wrong before one */
        snprintf(r->reply, sizeof r->reply, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(rcpts);
}
