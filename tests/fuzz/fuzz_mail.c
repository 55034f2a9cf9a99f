/* fuzz_mail.c - what the mail writes of outside text (src/mail/message.c): a
 * header from a title or a name a member typed (mail_header_text: plain, or
 * RFC 2047 encoded words) and a body in quoted-printable
 * (mail_quoted_printable).
 *
 * Invariants: a header is one logical line (every CRLF inside it is followed
 * by white space, so no text can add a header of its own), in ASCII, folded
 * so that its lines stay within 76 characters when it had to be encoded (and
 * within 998 in any case, for texts of a title's size); a body is ASCII in
 * lines of at most 76 characters, and decoding it gives the text back with
 * its line breaks as CRLF. */
#include "fuzz.h"

#include "base/buf.h"
#include "mail/mail.h"

static void check_lines(const char *s, size_t n, size_t max)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        FUZZ_CHECK(c < 0x80 && c != 0);
        if (c == '\r') {
            FUZZ_CHECK(i + 1 < n && s[i + 1] == '\n');
            col = 0;
            i++;
            continue;
        }
        FUZZ_CHECK(c != '\n');
        col++;
        FUZZ_CHECK(col <= max);
    }
}

static void check_header(Arena *a, const char *text)
{
    Buf b;
    buf_init(&b, a);
    mail_header_text(&b, "Subject", text);
    const char *h = buf_str(&b);
    FUZZ_CHECK(b.len >= 11 && strncmp(h, "Subject: ", 9) == 0 && strcmp(h + b.len - 2, "\r\n") == 0);
    /* folded, not a new header (a loop, not strstr: ASan's strstr measures the
     * whole header at each call, which made the harness ~400 executions a second) */
    for (size_t i = 0; i + 2 < b.len; i++)
        if (h[i] == '\r' && h[i + 1] == '\n') FUZZ_CHECK(h[i + 2] == ' ' || h[i + 2] == '\t');
    bool encoded = strstr(h, "=?UTF-8?B?") != NULL;
    if (encoded) check_lines(h, b.len, 76);
    else if (strlen(text) <= 900) check_lines(h, b.len, 998);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void check_body(Arena *a, const char *text)
{
    Buf b, want, got;
    buf_init(&b, a);
    buf_init(&want, a);
    buf_init(&got, a);
    mail_quoted_printable(&b, text);
    check_lines(buf_str(&b), b.len, 76);
    for (const char *p = text; *p; p++) {   /* what decoding must give: line breaks as CRLF */
        if (*p == '\r' || *p == '\n') {
            if (*p == '\r' && p[1] == '\n') p++;
            buf_adds(&want, "\r\n");
        } else {
            buf_addc(&want, *p);
        }
    }
    if (want.len < 2 || strcmp(buf_str(&want) + want.len - 2, "\r\n") != 0) buf_adds(&want, "\r\n");
    const char *s = buf_str(&b);
    for (size_t i = 0; i < b.len; i++) {
        if (s[i] != '=') {
            buf_addc(&got, s[i]);
        } else if (i + 2 < b.len && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 2;   /* a soft line break */
        } else {
            FUZZ_CHECK(i + 2 < b.len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0);
            buf_addc(&got, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
            i += 2;
        }
    }
    FUZZ_CHECK(got.len == want.len && memcmp(buf_str(&got), buf_str(&want), got.len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a, 8192);
    char *text = fuzz_text(&a, data, size);
    check_header(&a, text);
    check_body(&a, text);
    arena_release(&a);
    return 0;
}
