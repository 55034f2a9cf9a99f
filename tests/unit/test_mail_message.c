/* test_mail_message.c - the sender's pure parts: an outbox row as an Internet
 * message (src/mail/message.c: quoted-printable bodies, RFC 2047 headers, CRLF,
 * multipart/alternative, extra headers) and what an SMTP answer means for a
 * message (src/mail/rules.c). The whole road through a real SMTP server is
 * tests/http/mail_smtp.test.mjs. */
#include <sodium.h>
#include <string.h>

#include "mail/mail.h"
#include "testutil.h"

static Arena A;
static void setup(void) { arena_init(&A, 1 << 20); }
static void teardown(void) { arena_release(&A); }
TestSuite(mail_message, .init = setup, .fini = teardown);

static const char *qp(const char *text)
{
    Buf b;
    buf_init(&b, &A);
    mail_quoted_printable(&b, text);
    return buf_str(&b);
}

/* Decodes quoted-printable (soft breaks, =XX), CRLF read as LF: the inverse, for round trips. */
static const char *unqp(const char *s)
{
    Buf b;
    buf_init(&b, &A);
    for (const char *p = s; *p; p++) {
        if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') p += 2;
        else if (p[0] == '=' && p[1] && p[2]) {
            char hex[3] = { p[1], p[2], 0 };
            buf_addc(&b, (char)strtol(hex, NULL, 16));
            p += 2;
        } else if (p[0] == '\r' && p[1] == '\n') {
            buf_addc(&b, '\n');
            p++;
        } else buf_addc(&b, *p);
    }
    return buf_str(&b);
}

static size_t longest_line(const char *s)
{
    size_t best = 0;
    while (*s) {
        const char *end = strstr(s, "\r\n");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n > best) best = n;
        s += n + (end ? 2 : 0);
    }
    return best;
}

static bool bare_line_ends(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((*p == '\n' && (p == s || p[-1] != '\r')) || (*p == '\r' && p[1] != '\n')) return true;
    return false;
}

Test(mail_message, quoted_printable_keeps_text_and_lines_short)
{
    cr_assert_str_eq(qp("Hello\n"), "Hello\r\n");
    cr_assert_str_eq(qp("a=b\n"), "a=3Db\r\n", "= is encoded");
    cr_assert_str_eq(qp("café\n"), "caf=C3=A9\r\n", "UTF-8 bytes are encoded");
    cr_assert_str_eq(qp("trailing  \nx\n"), "trailing =20\r\nx\r\n", "a space before a line end is encoded");
    cr_assert_str_eq(qp("one\rtwo\nthree\r\nfour"), "one\r\ntwo\r\nthree\r\nfour\r\n", "CR, LF and CRLF all become CRLF");
    cr_assert_str_eq(qp(".\n..\n"), ".\r\n..\r\n", "leading dots are the SMTP client's to double");
    char *long_line = arena_alloc(&A, 5001);
    memset(long_line, 'a', 5000);
    long_line[5000] = '\0';
    memcpy(long_line + 70, "ééé", 6);
    const char *out = qp(long_line);
    cr_assert_leq(longest_line(out), 76, "no line over 76 characters");
    cr_assert_not(bare_line_ends(out));
    cr_assert_str_eq(unqp(out), strcat(strcpy(arena_alloc(&A, 5002), long_line), "\n"), "it decodes back");
}

Test(mail_message, quoted_printable_round_trips_mixed_text)
{
    const char *text = "x=1 =?UTF-8?B?not-a-word?=\ttab\n" "São Paulo — Zürich   \n" ".\n" "\n" "end";
    cr_assert_str_eq(unqp(qp(text)), "x=1 =?UTF-8?B?not-a-word?=\ttab\nSão Paulo — Zürich   \n.\n\nend\n");
}

static const char *header(const char *name, const char *text)
{
    Buf b;
    buf_init(&b, &A);
    mail_header_text(&b, name, text);
    return buf_str(&b);
}

/* Joins the encoded words of a header back into its text. */
static const char *decode_words(const char *h)
{
    Buf b;
    buf_init(&b, &A);
    const char *p = h;
    while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
        p += 10;
        const char *end = strstr(p, "?=");
        unsigned char bin[256];
        size_t n = 0;
        cr_assert_eq(sodium_base642bin(bin, sizeof bin, p, (size_t)(end - p), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
        buf_add(&b, bin, n);
        p = end + 2;
    }
    return buf_str(&b);
}

Test(mail_message, headers_encode_what_is_not_ascii)
{
    cr_assert_str_eq(header("Subject", "Tomorrow: Lisbon founders"), "Subject: Tomorrow: Lisbon founders\r\n");
    const char *subject = "Olá, São Paulo — Zoë’s chapter meets 🎉 and this subject is long enough to be folded twice over";
    const char *h = header("Subject", subject);
    cr_assert(strncmp(h, "Subject: =?UTF-8?B?", 19) == 0);
    cr_assert_leq(longest_line(h), 76, "folded: no line over 76");
    cr_assert_str_eq(decode_words(h), subject, "every character survives, none split across words");
    cr_assert_not(bare_line_ends(h));
    /* text that looks like an encoded word is encoded itself, so it reads as written */
    cr_assert_str_eq(decode_words(header("Subject", "=?UTF-8?B?SGk=?=")), "=?UTF-8?B?SGk=?=");
}

static const char *message(const char *html, const char *headers)
{
    MailOut m = { .id = 42, .created_at = 1796500000, .from_name = "Réseau \"Glocal\"", .from_address = "glocal@node.example",
                  .to = "ana@example.org", .subject = "Hello", .body = "Text\n", .html_body = html, .headers = headers,
                  .host = "node.example" };
    Buf b;
    buf_init(&b, &A);
    mail_message(&b, &m);
    return buf_str(&b);
}

Test(mail_message, a_text_message)
{
    const char *m = message(NULL, NULL);
    cr_assert(strstr(m, "From: =?UTF-8?B?") == m, "a name that is not ASCII is encoded: %s", m);
    cr_assert_not_null(strstr(m, " <glocal@node.example>\r\nTo: <ana@example.org>\r\nSubject: Hello\r\n"));
    cr_assert_not_null(strstr(m, "\r\nMessage-ID: <glocal.42.1796500000@node.example>\r\n"), "stable: made of the row");
    cr_assert_not_null(strstr(m, "\r\nDate: "));
    cr_assert_not_null(strstr(m, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                 "Content-Transfer-Encoding: quoted-printable\r\n\r\nText\r\n"));
    cr_assert_not(bare_line_ends(m));
}

Test(mail_message, html_makes_it_multipart_and_extra_headers_pass_when_well_formed)
{
    const char *m = message("<p>Hé</p>\n", "List-Unsubscribe: <https://node.example/u/x>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\nno colon here\n");
    cr_assert_not_null(strstr(m, "\r\nList-Unsubscribe: <https://node.example/u/x>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    cr_assert_null(strstr(m, "no colon"), "a line that is not a header is left out");
    cr_assert_not_null(strstr(m, "Content-Type: multipart/alternative; boundary=\"=_glocal_42\"\r\n"));
    const char *text = strstr(m, "--=_glocal_42\r\nContent-Type: text/plain");
    const char *html = strstr(m, "--=_glocal_42\r\nContent-Type: text/html; charset=utf-8\r\n"
                                 "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>H=C3=A9</p>\r\n");
    cr_assert(text && html && text < html, "the text first, then the HTML");
    cr_assert_not_null(strstr(html, "\r\n--=_glocal_42--\r\n"));
    cr_assert_not(bare_line_ends(m));
}

Test(mail_message, what_an_answer_means)
{
    cr_assert_eq(mail_outcome(true, 250, 1), MAIL_SENT);
    cr_assert_eq(mail_outcome(false, 451, 1), MAIL_RETRY, "4xx: try again");
    cr_assert_eq(mail_outcome(false, 0, 3), MAIL_RETRY, "no answer (no connection, a timeout): try again");
    cr_assert_eq(mail_outcome(false, 550, 1), MAIL_DEAD, "5xx: dead at once");
    cr_assert_eq(mail_outcome(false, 554, 1), MAIL_DEAD);
    cr_assert_eq(mail_outcome(false, 535, 1), MAIL_RETRY, "the node's password refused: tried again once it is fixed");
    cr_assert_eq(mail_outcome(false, 530, MAIL_MAX_ATTEMPTS), MAIL_DEAD, "but not for ever");
    cr_assert_eq(mail_outcome(false, 421, MAIL_MAX_ATTEMPTS - 1), MAIL_RETRY);
    cr_assert_eq(mail_outcome(false, 421, MAIL_MAX_ATTEMPTS), MAIL_DEAD, "out of attempts");
}

Test(mail_message, retries_back_off_for_about_three_days)
{
    cr_assert_eq(mail_retry_after(1), 60);
    int64_t total = 0, last = 0;
    for (int64_t a = 1; a < MAIL_MAX_ATTEMPTS; a++) {
        int64_t w = mail_retry_after(a);
        cr_assert_geq(w, last, "never shorter than the wait before");
        last = w;
        total += w;
    }
    cr_assert(total > 2 * 86400 && total < 4 * 86400, "about three days in all (%lld s)", (long long)total);
    cr_assert_eq(mail_retry_after(100), mail_retry_after(MAIL_MAX_ATTEMPTS));
}
