/* test_mail_rules.c - unit tests of mail's pure rules (src/mail/rules.c): the
 * category of every template, relative day words across zones and midnight,
 * the HTML made from text, the signed unsubscribe token, when a digest is due. */
#include "testutil.h"

#include <sodium.h>
#include <time.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/i18n.h"
#include "base/str.h"
#include "mail/mail.h"

TestSuite(mail_rules, .init = (void (*)(void))sodium_init);

/* Unix seconds of a UTC wall-clock time. */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
    struct tm t = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
    return (int64_t)timegm(&t);
}

static const char *words(int64_t t, int64_t now, const char *zone, bool capital)
{
    static char out[32];
    mail_day_words(t, now, zone, capital, out);
    return out;
}

Test(mail_rules, every_mail_template_has_a_category)
{
    static const char prefix[] = "templates/mail/";
    int seen = 0;
    for (size_t i = 0; i < embedded_count; i++) {
        const char *name = embedded_files[i].name;
        size_t n = strlen(name);
        if (strncmp(name, prefix, sizeof prefix - 1) != 0 || n < 4 || strcmp(name + n - 4, ".txt") != 0) continue;
        const char *base = name + sizeof prefix - 1;
        if (base[0] == '_') continue;
        char kind[96];
        snprintf(kind, sizeof kind, "%.*s", (int)(strlen(base) - 4), base);
        const char *cat = mail_category_of(kind);
        cr_expect_not_null(cat, "templates/mail/%s.txt has no category in src/mail/rules.c", kind);
        if (cat) cr_expect(str_eq(cat, "always") || mail_category_known(cat), "%s: %s", kind, cat);
        seen++;
    }
    cr_expect_gt(seen, 20);
}

Test(mail_rules, invitations_tickets_and_digests_are_always_sent)
{
    cr_expect_str_eq(mail_category_of("invitation"), "always");
    cr_expect_str_eq(mail_category_of("event_ticket"), "always");
    cr_expect_str_eq(mail_category_of("digest"), "always");
    cr_expect_str_eq(mail_category_of("meeting_reminder"), "meetings");
    cr_expect_str_eq(mail_category_of("gov_poll_opened"), "governance");
    cr_expect_str_eq(mail_category_of("commons_published"), "commons");
    cr_expect_null(mail_category_of("no_such_message"));
    cr_expect(!mail_category_known("always"));
    cr_expect(mail_mode_known("digest") && !mail_mode_known("weekly") && !mail_mode_known(NULL));
}

Test(mail_rules, day_words_count_calendar_days_in_the_readers_zone)
{
    /* a meeting at 18:00 in Lisbon (17:00 UTC, summer) on Wed 15 Sep 2027 */
    int64_t meeting = utc(2027, 9, 15, 17, 0);
    /* the tick at 01:00 UTC the same day: 02:00 in Lisbon (today), 13:00 in Auckland, where the meeting is at 05:00 on the 16th */
    int64_t tick = utc(2027, 9, 15, 1, 0);
    cr_expect_str_eq(words(meeting, tick, "Europe/Lisbon", true), "Today");
    cr_expect_str_eq(words(meeting, tick, "Pacific/Auckland", true), "Tomorrow");
    /* and 22:00 on the 14th in Sao Paulo, where the meeting is at 14:00 on the 15th */
    cr_expect_str_eq(words(meeting, tick, "America/Sao_Paulo", false), "tomorrow");
    /* the evening before, 19:00 UTC on the 14th */
    cr_expect_str_eq(words(meeting, utc(2027, 9, 14, 19, 0), "Europe/Lisbon", false), "tomorrow");
    /* one minute either side of midnight in Lisbon (23:59 and 00:01 local = 22:59 and 23:01 UTC) */
    cr_expect_str_eq(words(meeting, utc(2027, 9, 13, 22, 59), "Europe/Lisbon", false), "on Wednesday");
    cr_expect_str_eq(words(meeting, utc(2027, 9, 13, 23, 1), "Europe/Lisbon", false), "tomorrow");
    /* UTC itself: 17:00 on the 15th, seen from 23:59 and 00:00 */
    cr_expect_str_eq(words(meeting, utc(2027, 9, 14, 23, 59), "UTC", false), "tomorrow");
    cr_expect_str_eq(words(meeting, utc(2027, 9, 15, 0, 0), "UTC", false), "today");
    cr_expect_str_eq(words(meeting, utc(2027, 9, 16, 9, 0), "UTC", true), "Yesterday");
    cr_expect_str_eq(words(meeting, utc(2027, 8, 1, 9, 0), "UTC", false), "on 15 Sep 2027");
    cr_expect_str_eq(words(utc(2027, 1, 1, 12, 0), utc(2026, 12, 31, 12, 0), "UTC", false), "tomorrow");
    cr_expect_str_eq(words(utc(2027, 1, 4, 12, 0), utc(2026, 12, 31, 12, 0), "UTC", true), "On Monday");
    /* an unknown zone counts as UTC */
    cr_expect_str_eq(words(meeting, utc(2027, 9, 15, 0, 0), "Nowhere/Else", false), "today");
}

Test(mail_rules, the_day_words_are_in_the_threads_language)
{
    int64_t meeting = utc(2027, 9, 15, 17, 0);   /* a Wednesday */
    i18n_use(LANG_FR);
    cr_expect_str_eq(words(meeting, utc(2027, 9, 14, 19, 0), "Europe/Lisbon", true), "Demain");
    cr_expect_str_eq(words(meeting, utc(2027, 9, 13, 9, 0), "Europe/Lisbon", false), "mercredi");
    cr_expect_str_eq(words(meeting, utc(2027, 8, 1, 9, 0), "UTC", false), "le 15 sept. 2027");
    i18n_use(LANG_PT);
    cr_expect_str_eq(words(meeting, utc(2027, 9, 15, 9, 0), "UTC", false), "hoje");
    cr_expect_str_eq(words(meeting, utc(2027, 9, 13, 9, 0), "UTC", true), "Na quarta-feira");
    cr_expect_str_eq(words(utc(2027, 1, 2, 12, 0), utc(2026, 12, 31, 12, 0), "UTC", false), "no sábado");
    cr_expect_str_eq(words(meeting, utc(2027, 8, 1, 9, 0), "UTC", true), "A 15 set. 2027");
    i18n_use(LANG_EN);
    cr_expect_str_eq(words(meeting, utc(2027, 8, 1, 9, 0), "UTC", true), "On 15 Sep 2027");
}

Test(mail_rules, a_digest_is_due_from_the_readers_morning)
{
    char day[11];
    int64_t cutoff = 0;
    /* 06:30 UTC: 07:30 in London (summer time), 02:30 in New York, 06:30 in UTC */
    int64_t t = utc(2027, 6, 10, 6, 30);
    cr_expect(mail_digest_due(t, "Europe/London", day, &cutoff));
    cr_expect_str_eq(day, "2027-06-10");
    cr_expect_eq(cutoff, utc(2027, 6, 10, 6, 0));   /* 07:00 in London */
    cr_expect(!mail_digest_due(t, "America/New_York", day, &cutoff));
    cr_expect_str_eq(day, "2027-06-10");
    cr_expect(!mail_digest_due(t, "UTC", day, &cutoff));
    cr_expect_eq(cutoff, utc(2027, 6, 10, 7, 0));
    cr_expect(mail_digest_due(utc(2027, 6, 10, 7, 0), "UTC", day, &cutoff));
    /* 23:30 UTC is 08:30 the next day in Tokyo */
    cr_expect(mail_digest_due(utc(2027, 6, 10, 23, 30), "Asia/Tokyo", day, &cutoff));
    cr_expect_str_eq(day, "2027-06-11");
    cr_expect_eq(cutoff, utc(2027, 6, 10, 22, 0));
}

static const char *html_of(const char *text)
{
    static char out[4096];
    Arena a;
    arena_init(&a, 1024);
    Buf b;
    buf_init(&b, &a);
    mail_text_to_html(&b, text);
    snprintf(out, sizeof out, "%s", buf_str(&b));
    arena_release(&a);
    return out;
}

Test(mail_rules, html_from_text_is_escaped_with_paragraphs_and_links)
{
    cr_expect_str_eq(html_of("Hello <b>Tom</b> & \"Jerry\",\n\nLine one\nline two.\n"),
                     "<p>Hello &lt;b&gt;Tom&lt;/b&gt; &amp; &quot;Jerry&quot;,</p>\n<p>Line one\nline two.</p>\n");
    cr_expect_str_eq(html_of("Their message:\n  Come along!\n- one\n- two\n"),
                     "<p>Their message:<br>\n  Come along!<br>\n- one<br>\n- two</p>\n");
    cr_expect_str_eq(html_of("Vote here:\nhttps://x.test/p?a=1&b=2.\n"),
                     "<p>Vote here:<br>\n<a href=\"https://x.test/p?a=1&amp;b=2\">https://x.test/p?a=1&amp;b=2</a>.</p>\n");
    /* what only looks like a link, or a script in one, stays text */
    cr_expect_str_eq(html_of("javascript:alert(1) http:// x"), "<p>javascript:alert(1) http:// x</p>\n");
    cr_expect_str_eq(html_of("https://x.test/\"><script>"),
                     "<p><a href=\"https://x.test/\">https://x.test/</a>&quot;&gt;&lt;script&gt;</p>\n");
    cr_expect_str_eq(html_of(""), "");
}

Test(mail_rules, an_unsubscribe_token_is_signed_for_one_user_and_category)
{
    unsigned char key[32], other[32];
    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);
    char token[MAIL_TOKEN_MAX], cat[MAIL_CATEGORY_MAX];
    int64_t id = 0;
    mail_unsubscribe_token(key, 42, "governance", token);
    cr_expect(strncmp(token, "42.governance.", 14) == 0, "%s", token);
    cr_expect(mail_unsubscribe_verify(key, token, &id, cat));
    cr_expect_eq(id, 42);
    cr_expect_str_eq(cat, "governance");
    /* another node's secret, another user, another category, a changed or cut mac */
    cr_expect(!mail_unsubscribe_verify(other, token, &id, cat));
    char moved[MAIL_TOKEN_MAX];
    snprintf(moved, sizeof moved, "43%s", token + 2);
    cr_expect(!mail_unsubscribe_verify(key, moved, &id, cat));
    snprintf(moved, sizeof moved, "42.commons.%s", token + 14);
    cr_expect(!mail_unsubscribe_verify(key, moved, &id, cat));
    snprintf(moved, sizeof moved, "%s", token);
    moved[strlen(moved) - 1] = moved[strlen(moved) - 1] == 'A' ? 'B' : 'A';
    cr_expect(!mail_unsubscribe_verify(key, moved, &id, cat));
    moved[strlen(moved) - 3] = 0;
    cr_expect(!mail_unsubscribe_verify(key, moved, &id, cat));
    cr_expect(!mail_unsubscribe_verify(key, "42.governance.", &id, cat));
    cr_expect(!mail_unsubscribe_verify(key, "0.governance.x", &id, cat));
    cr_expect(!mail_unsubscribe_verify(key, "garbage", &id, cat));
    cr_expect(!mail_unsubscribe_verify(key, NULL, &id, cat));
    /* a token for "always" mail cannot be made valid */
    mail_unsubscribe_token(key, 42, "always", token);
    cr_expect(!mail_unsubscribe_verify(key, token, &id, cat));
}
