/* rules.c - the pure decisions of mail (see mail.h): which category a message
 * belongs to, the words for a day relative to the reader's today, the HTML
 * made from a text body, the signed unsubscribe token, and when a reader's
 * digest is due. No SQL, no clock, no randomness: times and keys are
 * arguments. */
#include "mail/mail.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"

/* Every mail template and the category its reader chooses for. A template
 * missing here stops the node at start (mail_templates_check) and fails the
 * unit tests: a new kind of message must say whether readers may turn it off. */
static const struct {
    const char *kind, *category;
} kinds[] = {
    /* always sent: invitations, answers to one's own requests, tickets, security */
    { "invitation", "always" },
    { "join_request", "always" },
    { "join_approved", "always" },
    { "join_declined", "always" },
    { "import_welcome", "always" },   /* added to a chapter by an import, when its connector chose to tell them */
    { "growth_application_approved", "always" },
    { "growth_application_declined", "always" },
    { "organisation_manager_added", "always" },   /* a right given: who may now act for an organisation */
    { "event_registration", "always" },
    { "event_ticket", "always" },
    { "digest", "always" },
    /* security: a reset link, a changed password, a guest confirming their address */
    { "password_reset", "always" },
    { "password_changed", "always" },
    { "event_confirm_email", "always" },
    /* meeting reminders and summaries */
    { "meeting_reminder", "meetings" },
    { "meeting_summary", "meetings" },
    /* events */
    { "unconf_capture_reminder", "events" },
    /* governance */
    { "gov_election_nominated", "governance" },
    { "gov_election_opened", "governance" },
    { "gov_election_reminder", "governance" },
    { "gov_election_results", "governance" },
    { "gov_election_stalled", "governance" },
    { "gov_matter_decided", "governance" },
    { "gov_matter_reached", "governance" },
    { "gov_matter_resolved", "governance" },
    { "gov_matter_summary", "governance" },
    { "gov_poll_closed", "governance" },
    { "gov_poll_opened", "governance" },
    { "gov_poll_reminder", "governance" },
    /* the commons */
    { "commons_consent_asked", "commons" },
    { "commons_consent_reasked", "commons" },
    { "commons_declined", "commons" },
    { "commons_published", "commons" },
    { "commons_withdrawn", "commons" },
};

const char *const mail_categories[MAIL_CATEGORY_COUNT] = { "meetings", "events", "governance", "commons" };

const char *mail_category_of(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (str_eq(kinds[i].kind, kind)) return kinds[i].category;
    return NULL;
}

bool mail_category_known(const char *category)
{
    for (int i = 0; i < MAIL_CATEGORY_COUNT; i++)
        if (str_eq(mail_categories[i], category)) return true;
    return false;
}

bool mail_mode_known(const char *mode)
{
    return str_eq(mode, "now") || str_eq(mode, "digest") || str_eq(mode, "off");
}

static int64_t local_day(int64_t t, const char *zone, int *y, int *m, int *d)
{
    char date[11], hm[6];
    time_local_parts(t, zone, date, hm);
    if (sscanf(date, "%d-%d-%d", y, m, d) != 3) *y = 1970, *m = 1, *d = 1;
    return days_from_civil(*y, *m, *d);
}

void mail_day_words(int64_t t, int64_t now, const char *zone, bool capital, char out[32])
{
    /* whole phrases, in the thread's language: "on Saturday" is "no sábado"
     * but "na terça-feira"; index 0 is Thursday (1 January 1970) */
    static const char *weekdays[2][7] = {
        { N_("on Thursday"), N_("on Friday"), N_("on Saturday"), N_("on Sunday"), N_("on Monday"), N_("on Tuesday"),
          N_("on Wednesday") },
        { N_("On Thursday"), N_("On Friday"), N_("On Saturday"), N_("On Sunday"), N_("On Monday"), N_("On Tuesday"),
          N_("On Wednesday") },
    };
    int y, m, d, ny, nm, nd;
    int64_t day = local_day(t, zone, &y, &m, &d), today = local_day(now, zone, &ny, &nm, &nd);
    int64_t diff = day - today;
    if (diff == 0) snprintf(out, 32, "%s", capital ? _("Today") : _("today"));
    else if (diff == 1) snprintf(out, 32, "%s", capital ? _("Tomorrow") : _("tomorrow"));
    else if (diff == -1) snprintf(out, 32, "%s", capital ? _("Yesterday") : _("yesterday"));
    else if (diff > 1 && diff < 7) snprintf(out, 32, "%s", tr(weekdays[capital][((day % 7) + 7) % 7]));
    /* TRANSLATORS: a day in a mail: "on 15 Sep 2027" (day, month's abbreviation, year) */
    else if (capital) snprintf(out, 32, _("On %d %s %d"), d, i18n_month_abbr(m), y);
    else snprintf(out, 32, _("on %d %s %d"), d, i18n_month_abbr(m), y);
}

bool mail_digest_due(int64_t now, const char *zone, char day[11], int64_t *cutoff)
{
    char hm[6], local[20];
    time_local_parts(now, zone, day, hm);
    snprintf(local, sizeof local, "%sT%02d:00", day, MAIL_DIGEST_HOUR);
    Err e = { 0 };
    if (local_to_utc(local, timezone_known(zone) ? zone : "UTC", cutoff, &e) < 0) return false;
    return now >= *cutoff;
}

/* The length of a link starting at s ("https://..." up to a space, without
 * the punctuation that usually ends a sentence), or 0. */
static size_t link_len(const char *s)
{
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0) return 0;
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\n' && s[n] != '\t' && s[n] != '<' && s[n] != '>' && s[n] != '"') n++;
    while (n > 0 && strchr(".,;:!?)'", s[n - 1])) n--;
    return n > 8 ? n : 0;
}

void mail_text_to_html(Buf *out, const char *text)
{
    const char *p = text;
    while (*p == '\n') p++;
    bool open = false;
    while (*p) {
        if (!open) buf_adds(out, "<p>"), open = true;
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        for (size_t i = 0; i < len;) {
            size_t l = link_len(p + i);
            if (l && i + l <= len) {
                buf_adds(out, "<a href=\"");
                buf_add_html(out, p + i, l);
                buf_adds(out, "\">");
                buf_add_html(out, p + i, l);
                buf_adds(out, "</a>");
                i += l;
                continue;
            }
            size_t j = i + 1;
            while (j < len && !link_len(p + j)) j++;
            buf_add_html(out, p + i, j - i);
            i = j;
        }
        if (!nl) break;
        p = nl + 1;
        if (*p == '\n' || !*p) {
            buf_adds(out, "</p>\n"), open = false;
            while (*p == '\n') p++;
        } else if (len && p[-2] == ':') {
            buf_adds(out, "<br>\n");   /* "Vote here:" then its link */
        } else {
            buf_adds(out, *p == ' ' || *p == '-' || *p == '*' ? "<br>\n" : "\n");   /* a list or a quote keeps its lines */
        }
    }
    if (open) buf_adds(out, "</p>\n");
}

/* The MAC of (user, category) under the node secret, domain-separated from
 * every other use of the secret. */
static void unsubscribe_mac(const unsigned char key[32], int64_t user_id, const char *category,
                            unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
    char msg[96];
    int n = snprintf(msg, sizeof msg, "glocal-unsubscribe\n%lld\n%s", (long long)user_id, category);
    crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, key);
}

void mail_unsubscribe_token(const unsigned char key[32], int64_t user_id, const char *category,
                            char out[MAIL_TOKEN_MAX])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    unsubscribe_mac(key, user_id, category, mac);
    char b64[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(out, MAIL_TOKEN_MAX, "%lld.%s.%s", (long long)user_id, category, b64);
}

bool mail_unsubscribe_verify(const unsigned char key[32], const char *token, int64_t *user_id,
                             char category[MAIL_CATEGORY_MAX])
{
    if (!token || strlen(token) >= MAIL_TOKEN_MAX) return false;
    const char *dot1 = strchr(token, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot1 || !dot2 || (size_t)(dot2 - dot1 - 1) >= MAIL_CATEGORY_MAX) return false;
    char num[24];
    if ((size_t)(dot1 - token) >= sizeof num) return false;
    memcpy(num, token, (size_t)(dot1 - token));
    num[dot1 - token] = 0;
    memcpy(category, dot1 + 1, (size_t)(dot2 - dot1 - 1));
    category[dot2 - dot1 - 1] = 0;
    int64_t id = 0;
    if (!str_to_i64(num, &id) || id <= 0 || !mail_category_known(category)) return false;
    unsigned char mac[crypto_auth_hmacsha256_BYTES], want[crypto_auth_hmacsha256_BYTES];
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(mac, sizeof mac, dot2 + 1, strlen(dot2 + 1), NULL, &got, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        got != sizeof mac || *end)
        return false;
    unsubscribe_mac(key, id, category, want);
    if (sodium_memcmp(mac, want, sizeof mac) != 0) return false;
    *user_id = id;
    return true;
}
