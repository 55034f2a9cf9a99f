/* rules.c - federation's pure decisions: the JSON-LD shapes of actors,
 * events, articles and activities, WebFinger resources, Accept headers,
 * blocked domains and the delivery schedule. No SQL, no clock, no randomness. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/str.h"
#include "federation/federation.h"

#define AS_PUBLIC "https://www.w3.org/ns/activitystreams#Public"

const char *fed_host_of(Arena *a, const char *url)
{
    if (!url) return NULL;
    const char *p = str_starts(url, "https://") ? url + 8 : str_starts(url, "http://") ? url + 7 : NULL;
    if (!p) return NULL;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {   /* credentials are no part of the host */
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    if (n == 0) return NULL;
    char *h = arena_strndup(a, p, n);
    for (char *q = h; *q; q++) *q = (char)tolower((unsigned char)*q);
    return h;
}

/* Whether one media range of an Accept header (without its q) names ActivityPub's JSON. */
static bool range_is_ap(const char *range, size_t n)
{
    while (n && isspace((unsigned char)*range)) range++, n--;
    size_t type = strcspn(range, ";, \t");
    if (type > n) type = n;
    if (type == strlen(FED_AP_TYPE) && strncasecmp(range, FED_AP_TYPE, type) == 0) return true;
    if (type != strlen("application/ld+json") || strncasecmp(range, "application/ld+json", type) != 0) return false;
    const char *profile = strstr(range, "profile=");
    return !profile || profile >= range + n || strstr(profile, "https://www.w3.org/ns/activitystreams") != NULL;
}

/* The q of a media range (1 when it has none). */
static double range_q(const char *range, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (range[i] == ';') {
            size_t j = i + 1;
            while (j < n && isspace((unsigned char)range[j])) j++;
            if (j + 2 < n && (range[j] == 'q' || range[j] == 'Q') && range[j + 1] == '=') {
                char num[16];
                size_t k = 0;
                for (j += 2; j < n && k + 1 < sizeof num && (isdigit((unsigned char)range[j]) || range[j] == '.'); j++)
                    num[k++] = range[j];
                num[k] = 0;
                return k ? strtod(num, NULL) : 0;
            }
        }
    return 1;
}

bool fed_accepts_ap(const char *accept)
{
    if (!accept) return false;
    const char *p = accept;
    while (*p) {
        /* a range ends at a comma outside quotes */
        size_t n = 0;
        bool quoted = false;
        while (p[n] && (quoted || p[n] != ',')) {
            if (p[n] == '"') quoted = !quoted;
            n++;
        }
        if (range_is_ap(p, n) && range_q(p, n) > 0) return true;
        p += n;
        if (*p == ',') p++;
    }
    return false;
}

int fed_webfinger_user(Arena *a, const char *resource, const char *host, const char **user)
{
    if (!resource || !host) return -1;
    const char *r = str_starts(resource, "acct:") ? resource + 5 : resource;
    const char *at = strrchr(r, '@');
    if (!at || at == r || strcasecmp(at + 1, host) != 0) return -1;
    if (*r == '@') r++;   /* "@lisbon@host" as some clients write it */
    *user = arena_strndup(a, r, (size_t)(at - r));
    return **user ? 0 : -1;
}

bool fed_domain_blocked(const char *domains, const char *host)
{
    if (!domains || !host || !*host) return false;
    size_t hn = strcspn(host, ":");   /* the port is no part of the domain */
    const char *p = domains;
    while (*p) {
        p += strspn(p, " \t\r\n,");
        size_t n = strcspn(p, " \t\r\n,");
        if (n && n <= hn && strncasecmp(host + hn - n, p, n) == 0 && (n == hn || host[hn - n - 1] == '.')) return true;
        p += n;
    }
    return false;
}

int64_t fed_backoff(int attempt)
{
    static const int64_t wait[] = { 60, 300, 1800, 7200, 21600, 43200, 86400 };
    if (attempt < 1 || attempt >= FED_ATTEMPTS) return -1;
    int i = attempt - 1;
    return wait[i < 7 ? i : 6];
}

json_t *fed_context(const char *base)
{
    return json_pack("[s, s, {s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:s}]", "https://www.w3.org/ns/activitystreams",
                     "https://w3id.org/security/v1", "glocal", json_sprintf("%s/ns#", base), "sc", "http://schema.org/",
                     "placePath", "glocal:placePath", "timezone", "sc:timezone",
                     "eventStatus", "sc:eventStatus", "license", json_pack("{s:s, s:s}", "@id", "sc:license", "@type", "@id"),
                     "joinMode", "https://joinmobilizon.org/ns#joinMode", "maximumAttendeeCapacity",
                     "sc:maximumAttendeeCapacity");
}

json_t *fed_place_path(const char *base, const json_t *rows)
{
    json_t *out = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(rows, i, p) {
        json_array_append_new(out, json_pack("{s:s, s:o}", "name", json_string_value(json_object_get(p, "name")), "id",
                                             json_sprintf("%s/ap/places/%s", base,
                                                          json_string_value(json_object_get(p, "slug")))));
    }
    return out;
}

json_t *fed_actor_json(const FedActor *a)
{
    bool node = str_eq(a->kind, "node");
    json_t *o = json_pack("{s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:{s:o}, s:b}", "@context",
                          fed_context(a->base), "id", json_sprintf("%s%s", a->base, a->path), "type",
                          node ? "Application" : "Group", "preferredUsername", a->username, "name", a->name, "summary",
                          a->summary ? a->summary : "", "url", a->html, "inbox",
                          json_sprintf("%s%s/inbox", a->base, a->path), "outbox",
                          json_sprintf("%s%s/outbox", a->base, a->path), "followers",
                          json_sprintf("%s%s/followers", a->base, a->path), "publicKey",
                          json_pack("{s:s, s:o, s:s}", "id", a->key_id, "owner", json_sprintf("%s%s", a->base, a->path),
                                    "publicKeyPem", a->public_pem),
                          "endpoints", "sharedInbox", json_sprintf("%s/ap/inbox", a->base), "manuallyApprovesFollowers", 0);
    if (a->place_path) json_object_set(o, "placePath", a->place_path);
    if (!str_empty(a->kind) && !node) json_object_set_new(o, "glocal:kind", json_string(a->kind));
    return o;
}

/* Unix seconds as an xsd:dateTime in UTC ("2026-12-06T18:00:00Z"). */
static json_t *iso(int64_t t)
{
    time_t s = (time_t)t;
    struct tm tm;
    char text[32];
    gmtime_r(&s, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(text);
}

#define S(o, k) json_string_value(json_object_get(o, k))
#define I(o, k) ((int64_t)json_integer_value(json_object_get(o, k)))

/* Where an event happens: a Place with its venue, or a VirtualLocation. */
static json_t *event_location(const json_t *ev)
{
    if (!str_empty(S(ev, "venue")))
        return json_pack("{s:s, s:s, s:{s:s, s:s}}", "type", "Place", "name", S(ev, "venue"), "address", "type",
                         "PostalAddress", "streetAddress", S(ev, "venue"));
    if (!str_empty(S(ev, "online_url")))
        return json_pack("{s:s, s:s, s:s}", "type", "VirtualLocation", "name", "Online", "url", S(ev, "online_url"));
    return json_pack("{s:s, s:s}", "type", "Place", "name", S(ev, "place_name") ? S(ev, "place_name") : "");
}

json_t *fed_event_json(const char *base, const json_t *ev, json_t *place_path)
{
    const char *host_kind = str_eq(S(ev, "host_kind"), "place") ? "places" : "chapters";
    json_t *host = json_sprintf("%s/ap/%s/%s", base, host_kind, S(ev, "host_slug"));
    const char *status = S(ev, "status");
    json_t *o = json_pack(
        "{s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:O, s:[O], s:s, s:s, s:I, s:o, s:o, s:[s], s:[o]}",
        "@context", fed_context(base), "id", json_sprintf("%s/ap/events/%s", base, S(ev, "slug")), "type", "Event",
        "name", S(ev, "title"), "content", S(ev, "description"), "mediaType", "text/markdown", "startTime",
        iso(I(ev, "starts_at")), "endTime", iso(I(ev, "ends_at")), "timezone", S(ev, "timezone"), "location",
        event_location(ev), "attributedTo", host, "organizers", host, "eventStatus",
        str_eq(status, "cancelled") ? "EventCancelled" : "EventScheduled", "joinMode",
        str_eq(status, "open") ? "free" : "restricted", "maximumAttendeeCapacity", (json_int_t)I(ev, "capacity"), "url",
        json_sprintf("%s/events/%s", base, S(ev, "slug")), "updated", iso(I(ev, "updated_at")), "to", AS_PUBLIC, "cc",
        json_sprintf("%s/ap/%s/%s/followers", base, host_kind, S(ev, "host_slug")));
    json_object_set(o, "audience", host);   /* FEP-1b12: the Group the event belongs to */
    json_decref(host);
    if (place_path) json_object_set(o, "placePath", place_path);
    return o;
}

json_t *fed_announce(const char *base, const char *id, const char *group_path, const json_t *activity)
{
    return json_pack("{s:o, s:s, s:s, s:o, s:o, s:[s], s:[o]}", "@context", fed_context(base), "id", id, "type", "Announce",
                     "actor", json_sprintf("%s%s", base, group_path), "object", json_deep_copy(activity), "to", AS_PUBLIC,
                     "cc", json_sprintf("%s%s/followers", base, group_path));
}

/* The licence's deed. */
static const char *licence_url(const char *licence)
{
    if (str_eq(licence, "cc-by-4.0")) return "https://creativecommons.org/licenses/by/4.0/";
    if (str_eq(licence, "cc-by-sa-4.0")) return "https://creativecommons.org/licenses/by-sa/4.0/";
    if (str_eq(licence, "cc0-1.0")) return "https://creativecommons.org/publicdomain/zero/1.0/";
    return "";
}

json_t *fed_article_json(const char *base, const json_t *item)
{
    json_t *o = json_pack("{s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:[s]}", "@context",
                          fed_context(base), "id", json_sprintf("%s/ap/commons/%s", base, S(item, "slug")), "type",
                          "Article", "name", S(item, "title"), "summary", S(item, "summary"), "content", S(item, "body"),
                          "mediaType", "text/markdown", "license", licence_url(S(item, "licence")), "url",
                          json_sprintf("%s/commons/%s", base, S(item, "slug")), "attributedTo",
                          json_sprintf("%s/ap/node", base), "published", iso(I(item, "published_at")), "updated",
                          iso(I(item, "updated_at")), "to", AS_PUBLIC);
    json_object_set_new(o, "glocal:licence", json_string(S(item, "licence")));
    return o;
}

json_t *fed_activity(const char *base, const char *type, const char *id, const char *actor_path, json_t *object)
{
    json_t *o = json_pack("{s:o, s:s, s:s, s:o, s:o}", "@context", fed_context(base), "id", id, "type", type, "actor",
                          json_sprintf("%s%s", base, actor_path), "object", object);
    if (json_is_object(object)) {
        /* the object's own context travels once, on the activity */
        json_object_del(object, "@context");
        json_t *to = json_object_get(object, "to"), *cc = json_object_get(object, "cc");
        if (to) json_object_set(o, "to", to);
        if (cc) json_object_set(o, "cc", cc);
    }
    return o;
}

const char *fed_domains_check(Arena *a, const char *typed, FieldErrs *problems)
{
    Buf out;
    buf_init(&out, a);
    const char *p = typed;
    while (*p) {
        p += strspn(p, " \t\r\n,");
        size_t n = strcspn(p, " \t\r\n,");
        if (!n) break;
        bool ok = n <= 253 && p[0] != '.' && p[0] != '-' && p[n - 1] != '.';
        for (size_t i = 0; ok && i < n; i++) ok = isalnum((unsigned char)p[i]) || p[i] == '.' || p[i] == '-';
        if (!ok) {
            field_err(problems, "blocked_domains", "%.*s is not a domain name (letters, digits, dots and hyphens).",
                      (int)(n > 80 ? 80 : n), p);
            return NULL;
        }
        for (size_t i = 0; i < n; i++) buf_addc(&out, (char)tolower((unsigned char)p[i]));
        buf_addc(&out, '\n');
        p += n;
    }
    return buf_str(&out);
}

const char *fed_guest_name(Arena *a, const char *display, const char *handle, const char *host, const char *actor_url)
{
    const char *name = !str_empty(display) ? display
                       : !str_empty(handle) ? arena_printf(a, "@%s@%s", handle, host ? host : "")
                                            : actor_url;
    if (!name || !str_utf8_valid(name, strlen(name))) return "A guest from the fediverse";
    /* one line of at most 100 bytes: control characters (line breaks among them) become spaces */
    char *out = str_truncate(a, name, 100);
    for (unsigned char *p = (unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f) *p = ' ';
    out = str_trim(a, out);
    return *out && str_single_line(out) ? out : "A guest from the fediverse";
}

const char *fed_scheme_first(const char *known)
{
    return str_eq(known, "cavage") ? "cavage" : "rfc9421";
}

const char *fed_scheme_other(const char *scheme)
{
    return str_eq(scheme, "cavage") ? "rfc9421" : "cavage";
}

bool fed_delivery_retries(long status)
{
    return status < 400 || status >= 500 || status == 401 || status == 408 || status == 429;
}

bool fed_knock_again(long status)
{
    return status == 400 || status == 401;
}

const char *fed_peer_actor_url(Arena *a, const char *typed, FieldErrs *problems)
{
    const char *t = typed ? typed : "";
    t += strspn(t, " \t\r\n");
    size_t n = strlen(t);
    while (n && (isspace((unsigned char)t[n - 1]) || t[n - 1] == '/')) n--;
    char *url = arena_strndup(a, t, n);
    const char *host = fed_host_of(a, url);
    if (!n) {
        field_err(problems, "url", "Type the address of the other Glocal node, like https://region.example.org.");
        return NULL;
    }
    if (!host || strpbrk(url, "?# ")) {
        field_err(problems, "url", "%.*s is not the address of a node: an http:// or https:// address, with no query.",
                  (int)(n > 80 ? 80 : n), url);
        return NULL;
    }
    if (n >= 8 && strcmp(url + n - 8, "/ap/node") == 0) return url;
    return arena_printf(a, "%s/ap/node", url);
}

int fed_peer_decision(const char *state, bool is_outgoing, bool approve, const char **next, const char **why)
{
    *next = NULL;
    if (is_outgoing) {
        *why = "This node asked to peer: the other node's administrator approves or refuses.";
        return -1;
    }
    if (approve && str_eq(state, "approved")) {
        *why = "This node is approved already.";
        return -1;
    }
    if (!approve && str_eq(state, "refused")) {
        *why = "This node is refused already.";
        return -1;
    }
    *why = NULL;
    *next = approve ? "approved" : "refused";
    return 0;
}

int64_t fed_iso_time(const char *text)
{
    struct tm tm = { 0 };
    int n = 0;
    if (!text || sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                        &tm.tm_min, &tm.tm_sec, &n) != 6)
        return -1;
    const char *z = text + n;
    if (*z == '.') z += 1 + strspn(z + 1, "0123456789");
    int sign = 0, hh = 0, mm = 0;
    if (*z == '+' || *z == '-') {
        sign = *z == '+' ? 1 : -1;
        if (sscanf(z + 1, "%2d:%2d", &hh, &mm) != 2) return -1;
    } else if (*z != 'Z') {
        return -1;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) - sign * (hh * 3600 + mm * 60);
}

json_t *fed_group_object(const char *base, const json_t *ch, json_t *place_path)
{
    const char *slug = S(ch, "slug");
    json_t *o = json_pack("{s:o, s:s, s:s, s:s, s:s, s:o, s:o}", "id", json_sprintf("%s/ap/chapters/%s", base, slug), "type",
                          "Group", "preferredUsername", slug, "name", S(ch, "name"), "summary",
                          S(ch, "description") ? S(ch, "description") : "", "url",
                          json_sprintf("%s/chapters/%s", base, slug), "to",
                          json_pack("[s]", "https://www.w3.org/ns/activitystreams#Public"));
    if (place_path) json_object_set(o, "placePath", place_path);
    json_object_set_new(o, "glocal:kind", json_string("chapter"));
    return o;
}
