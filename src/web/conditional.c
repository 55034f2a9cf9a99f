/* conditional.c - conditional GET (RFC 9110, section 13) for raw answers
 * such as feeds: the validators an answer carries (ETag, Last-Modified) and
 * the 304 Not Modified a client gets when its copy is current; HTTP-dates
 * written and read (section 5.6.7). See req.h. */
#include "web/req.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web/encoding.h"

static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

const char *http_date(Arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(a, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                        tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int month_of(const char *name)
{
    for (int i = 0; i < 12; i++)
        if (strcmp(months[i], name) == 0) return i;
    return -1;
}

bool http_date_parse(const char *s, int64_t *out)
{
    char wday[16], mon[4];
    int day = 0, year = 0, h = 0, m = 0, sec = 0, end = -1;
    if (!s) return false;
    /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
    if (sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", wday, &day, mon, &year, &h, &m, &sec, &end) == 7 && end > 0) {
    /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year more than 50 years ahead is in the past) */
    } else if (end = -1, sscanf(s, "%15[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", wday, &day, mon, &year, &h, &m, &sec, &end) == 7 &&
               end > 0 && year >= 0) {
        time_t now = time(NULL);
        struct tm tn;
        gmtime_r(&now, &tn);
        int century = (tn.tm_year + 1900) / 100 * 100;
        year += century;
        if (year > tn.tm_year + 1900 + 50) year -= 100;
    /* asctime: Sun Nov  6 08:49:37 1994 */
    } else if (end = -1, sscanf(s, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", wday, mon, &day, &h, &m, &sec, &year, &end) == 7 &&
               end > 0) {
    } else {
        return false;
    }
    if (s[end] != '\0') return false;
    int month = month_of(mon);
    /* %d takes a sign: "-1:-1:-1" is no time of day */
    if (month < 0 || day < 1 || day > 31 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60 || year < 1970)
        return false;
    struct tm tm = { .tm_year = year - 1900, .tm_mon = month, .tm_mday = day, .tm_hour = h, .tm_min = m, .tm_sec = sec };
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || tm.tm_mday != day) return false;   /* 31 Feb and the like */
    *out = (int64_t)t;
    return true;
}

/* The opaque part of an entity tag ("xyz" of W/"xyz"), length in *n; NULL if malformed. */
static const char *opaque(const char *p, size_t *n, const char **rest)
{
    if (strncmp(p, "W/", 2) == 0) p += 2;
    if (*p != '"') return NULL;
    const char *close = strchr(p + 1, '"');
    if (!close) return NULL;
    *n = (size_t)(close + 1 - p);
    *rest = close + 1;
    return p;
}

/* Whether an If-None-Match list names `etag` (weak comparison) or is "*":
 * 1 when it names the tag or is "*", 2 when it names the tag's gzip form
 * ("x-gz" for "x", encoding.c), 0 when neither. A representation sent
 * gzipped is the same content: a client holding either form may keep it
 * (the gzip form only if it still takes gzip). */
static int etag_listed(const char *list, const char *etag)
{
    size_t want_n;
    const char *rest;
    const char *want = opaque(etag, &want_n, &rest);
    for (const char *p = list; p && *p;) {
        p += strspn(p, " \t,");
        if (!*p) break;
        if (*p == '*') return 1;
        size_t n;
        const char *tag = opaque(p, &n, &rest);
        if (!tag) return 0;
        if (want && n == want_n && memcmp(tag, want, n) == 0) return 1;
        if (want && n == want_n + 3 && memcmp(tag, want, want_n - 1) == 0 && memcmp(tag + want_n - 1, "-gz\"", 4) == 0)
            return 2;
        p = rest;
    }
    return 0;
}

bool req_not_modified(Req *r, const char *etag, int64_t last_modified)
{
    if (etag) r->etag = etag;
    if (last_modified > 0) req_header(r, "Last-Modified", http_date(r->arena, last_modified));
    if (!(r->method & (M_GET | M_HEAD))) return false;
    int listed = 0;
    int64_t since;
    if (r->if_none_match) listed = etag ? etag_listed(r->if_none_match, etag) : 0;
    else listed = last_modified > 0 && http_date_parse(r->if_modified_since, &since) && last_modified <= since;
    if (listed == 2 && !r->accept_gzip) listed = 0;   /* a gzip copy is of no use to a client that cannot read it */
    if (!listed) return false;
    if (listed == 2) r->etag = etag_gzip(r->arena, etag);   /* the 304 names the copy the client holds */
    r->status = 304;
    r->raw = true;
    return true;
}

/* Answers that may carry a tag of their bytes: GET (and HEAD) answers of 200
 * that are the JSON face or a raw answer (exports, documents), have no tag of
 * their own and set no cookie. Pages are left alone: they are no-store (kept
 * out of disk caches on shared computers; browsers never revalidate them),
 * and their render is paid before a tag could spare anything but bytes. */
static bool body_taggable(const Req *r)
{
    if (!(r->method & (M_GET | M_HEAD)) || r->status != 200 || r->etag || r->static_body || r->cookies_out)
        return false;
    if (!r->body.len || !r->content_type_out || strncmp(r->content_type_out, "text/html", 9) == 0) return false;
    return r->api || r->raw;
}

void req_body_validate(Req *r)
{
    if (!body_taggable(r)) return;
    unsigned char h[16];
    char hex[sizeof h * 2 + 1];
    crypto_generichash(h, sizeof h, (const unsigned char *)r->body.data, r->body.len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    /* anyone's copy of a public answer may be kept if asked for again; a
     * person's own answers stay out of caches (no-store), the tag is for
     * programs that keep what they fetched */
    if (!r->cache_control && !r->me.id) r->cache_control = "no-cache";
    if (req_not_modified(r, req_printf(r, "\"%s\"", hex), 0)) buf_clear(&r->body);
}
