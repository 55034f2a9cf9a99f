/* message.c - an outbox row as an Internet message (RFC 5322 + MIME), pure:
 * what the sender hands to the SMTP server.
 *
 *   - every line ends in CRLF, whatever the template wrote (LF, CR, CRLF);
 *   - bodies are quoted-printable (RFC 2045): 7-bit lines of at most 76
 *     characters however long the text's lines, so a 1 MiB paragraph or a
 *     line of accents travels intact; a line starting with "." stays as it
 *     is here — the SMTP client doubles it on the wire (RFC 5321 4.5.2);
 *   - header text that is not plain ASCII (a subject, the network's name) is
 *     written as RFC 2047 encoded words (UTF-8, base64), folded;
 *   - with an HTML alternative the message is multipart/alternative; the
 *     boundary starts with "=_", which quoted-printable never writes;
 *   - the Message-ID is made from the row's id and creation time, so every
 *     attempt to send a row carries the same one. */
#include "mail/mail.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

static bool plain_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p > 0x7e) return false;
    return strstr(s, "=?") == NULL;
}

/* The length of the longest run of whole UTF-8 characters of s within n bytes. */
static size_t utf8_cut(const char *s, size_t len, size_t n)
{
    if (len <= n) return len;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    return n;
}

/* Writes `text` as encoded words of 60 characters at most (the limit is 75), folded between them,
 * so that a line with a header's name stays within 76. */
static void encoded_words(Buf *b, const char *text)
{
    size_t len = strlen(text), at = 0;
    char out[sodium_base64_ENCODED_LEN(36, sodium_base64_VARIANT_ORIGINAL)];
    while (at < len) {
        size_t n = utf8_cut(text + at, len - at, 36);   /* 36 bytes: 48 base64 characters, 60 in all */
        if (n == 0) n = 1;                                /* not UTF-8: one byte at a time rather than loop */
        sodium_bin2base64(out, sizeof out, (const unsigned char *)text + at, n, sodium_base64_VARIANT_ORIGINAL);
        if (at) buf_adds(b, "\r\n ");
        buf_printf(b, "=?UTF-8?B?%s?=", out);
        at += n;
    }
}

void mail_header_text(Buf *b, const char *name, const char *text)
{
    buf_printf(b, "%s: ", name);
    if (plain_ascii(text)) buf_adds(b, text);
    else encoded_words(b, text);
    buf_adds(b, "\r\n");
}

/* "Display Name" <address>, the name as a quoted string or encoded words. */
static void header_mailbox(Buf *b, const char *name, const char *display, const char *address)
{
    buf_printf(b, "%s: ", name);
    if (display && *display) {
        if (plain_ascii(display)) {
            buf_addc(b, '"');
            for (const char *p = display; *p; p++) {
                if (*p == '"' || *p == '\\') buf_addc(b, '\\');
                buf_addc(b, *p);
            }
            buf_addc(b, '"');
        } else {
            encoded_words(b, display);
        }
        buf_addc(b, ' ');
    }
    buf_printf(b, "<%s>\r\n", address);
}

void mail_quoted_printable(Buf *b, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\r' || *p == '\n') {   /* CRLF, CR or LF: one line break */
            if (*p == '\r' && p[1] == '\n') p++;
            buf_adds(b, "\r\n");
            col = 0;
            continue;
        }
        bool at_end = p[1] == '\0' || p[1] == '\r' || p[1] == '\n';
        bool literal = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_end);
        size_t w = literal ? 1 : 3;
        /* a soft break keeps lines at 76 (75 and the "="), unless this is the line's last character and fits */
        if (col + w > (at_end ? 76u : 75u)) {
            buf_adds(b, "=\r\n");
            col = 0;
        }
        if (literal) {
            buf_addc(b, (char)*p);
        } else {
            buf_addc(b, '=');
            buf_addc(b, hex[*p >> 4]);
            buf_addc(b, hex[*p & 15]);
        }
        col += w;
    }
    if (col > 0 || !*text) buf_adds(b, "\r\n");   /* the part ends with a line break, one only */
}

static void part(Buf *b, const char *type, const char *text)
{
    buf_printf(b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", type);
    mail_quoted_printable(b, text);
}

/* The extra header lines (LF-separated "Name: value"), each kept only when it is one well-formed line. */
static void extra_headers(Buf *b, const char *headers)
{
    const char *p = headers;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        if (colon && colon > p && !memchr(p, '\r', n)) {
            buf_add(b, p, n);
            buf_adds(b, "\r\n");
        }
        p = end ? end + 1 : NULL;
    }
}

void mail_message_id(char *out, size_t size, int64_t id, int64_t created_at, const char *host)
{
    snprintf(out, size, "<glocal.%lld.%lld@%s>", (long long)id, (long long)created_at, host && *host ? host : "localhost");
}

void mail_message(Buf *b, const MailOut *m)
{
    char date[64], mid[320];
    time_t t = (time_t)m->created_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    mail_message_id(mid, sizeof mid, m->id, m->created_at, m->host);
    header_mailbox(b, "From", m->from_name, m->from_address);
    buf_printf(b, "To: <%s>\r\n", m->to);
    mail_header_text(b, "Subject", m->subject);
    buf_printf(b, "Date: %s\r\nMessage-ID: %s\r\n", date, mid);
    extra_headers(b, m->headers);
    buf_adds(b, "MIME-Version: 1.0\r\n");
    if (!m->html_body) {
        part(b, "text/plain", m->body);
        return;
    }
    buf_printf(b, "Content-Type: multipart/alternative; boundary=\"=_glocal_%lld\"\r\n\r\n", (long long)m->id);
    buf_printf(b, "--=_glocal_%lld\r\n", (long long)m->id);
    part(b, "text/plain", m->body);
    buf_printf(b, "--=_glocal_%lld\r\n", (long long)m->id);
    part(b, "text/html", m->html_body);
    buf_printf(b, "--=_glocal_%lld--\r\n", (long long)m->id);
}
