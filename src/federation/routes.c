/* routes.c - federation's reading handlers: WebFinger, NodeInfo, the actors,
 * their outboxes and followers, events and articles as JSON-LD; and the
 * Feature. The documents are built by rules.c; a request whose Accept does
 * not ask for ActivityPub's JSON is sent to the HTML page (303), as Mastodon
 * does, except on the /api/v1 face. The inboxes are in routes_inbox.c. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "commons/commons.h"
#include "network/network.h"
#include "federation/ap.h"
#include "settings/settings.h"
#include "version.h"
#include "web/app.h"

#define AP_CONTENT_TYPE "application/activity+json; charset=utf-8"

const char *fed_base(Req *r)
{
    const char *u = r->app->public_url ? r->app->public_url : "http://localhost";
    size_t n = strlen(u);
    return n && u[n - 1] == '/' ? arena_strndup(r->arena, u, n - 1) : u;
}

/* Sends doc (a new reference, NULL: e) as the raw answer of type `type`. */
static int send_doc(Req *r, json_t *doc, const char *type, const Err *e)
{
    if (!req_own(r, doc)) return req_fail_err(r, e);
    char *s = json_dumps(doc, JSON_COMPACT);
    if (!s) return req_fail(r, 500, "The document could not be written.");
    buf_adds(&r->body, s);
    free(s);
    req_header(r, "Vary", "Accept");
    req_header(r, "Access-Control-Allow-Origin", "*");
    return req_raw(r, type);
}

/* Whether the caller asked for the page rather than the document. */
static bool wants_page(Req *r)
{
    return !r->api && !fed_accepts_ap(req_header_in(r, "Accept"));
}

int fed_webfinger(Req *r)
{
    const char *base = fed_base(r), *host = fed_host_of(r->arena, base), *resource = req_query(r, "resource"), *user;
    if (str_empty(resource)) return req_fail(r, E_BAD_REQUEST, "Say which account: ?resource=acct:NAME@%s.", host);
    if (fed_webfinger_user(r->arena, resource, host, &user) < 0)
        return req_fail(r, E_NOT_FOUND, "%s is not an account of this node (%s).", resource, host);
    const char *path, *html;
    if (str_eq(user, host)) {
        path = "/ap/node";
        html = "/about";
    } else {
        Err e = { 0 };
        const char *kind;
        int64_t id = 0;
        int found = fed_actor_lookup(r->db, &e, r->arena, user, &kind, &id);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "No chapter or place here is called %s.", user);
        path = req_printf(r, "/ap/%ss/%s", kind, user);
        html = req_printf(r, "/%ss/%s", kind, user);
    }
    json_t *doc = json_pack("{s:s, s:[o, o], s:[{s:s, s:s, s:o}, {s:s, s:s, s:o}]}", "subject",
                            req_printf(r, "acct:%s@%s", user, host), "aliases", json_sprintf("%s%s", base, path),
                            json_sprintf("%s%s", base, html), "links", "rel", "self", "type", FED_AP_TYPE, "href",
                            json_sprintf("%s%s", base, path), "rel", "http://webfinger.net/rel/profile-page", "type",
                            "text/html", "href", json_sprintf("%s%s", base, html));
    return send_doc(r, doc, "application/jrd+json; charset=utf-8", NULL);
}

int fed_nodeinfo_links(Req *r)
{
    json_t *doc = json_pack("{s:[{s:s, s:o}]}", "links", "rel", "http://nodeinfo.diaspora.software/ns/schema/2.1",
                            "href", json_sprintf("%s/nodeinfo/2.1", fed_base(r)));
    return send_doc(r, doc, "application/json; charset=utf-8", NULL);
}

int fed_nodeinfo(Req *r)
{
    Err e = { 0 };
    json_t *u = NULL;
    if (fed_usage(r->db, &e, &u) <= 0) return req_fail_err(r, &e);
    req_own(r, u);
    char name[128];
    app_network_name_via(r->app, r->db, name, sizeof name);
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[s], s:{s:[], s:[]}, s:b, s:{s:{}, s:O}, s:{s:s, s:O, s:O, s:O}}", "version",
        "2.1", "software", "name", "glocal", "version", GLOCAL_VERSION, "homepage", fed_base(r), "protocols", "activitypub", "services", "inbound", "outbound", "openRegistrations",
        !str_eq(setting_get(r->db, r->arena, "open_signup", "on"), "off"),
        "usage", "users", "localPosts", json_object_get(u, "events"), "metadata", "nodeName", name, "chapters",
        json_object_get(u, "chapters"), "places", json_object_get(u, "places"), "commonsItems",
        json_object_get(u, "items"));
    return send_doc(r, doc, "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"", NULL);
}

/* The actor at `path`: its key made if it has none, its place path when it has a place. */
static int actor_send(Req *r, FedActor *a, int64_t place_id)
{
    if (wants_page(r)) return req_redirect(r, a->html + strlen(a->base), NULL);
    Err e = { 0 };
    if (fed_key_current(r->db, r->arena, &e, a->base, a->path, &a->key_id, &a->public_pem, NULL) < 0)
        return req_fail_err(r, &e);
    if (place_id) {
        json_t *rows = req_own(r, fed_place_rows(r->db, &e, place_id));
        if (!rows) return req_fail_err(r, &e);
        a->place_path = req_own(r, fed_place_path(a->base, rows));
    }
    return send_doc(r, fed_actor_json(a), AP_CONTENT_TYPE, NULL);
}

#define CH(k) json_string_value(json_object_get(r->chapter, k))
#define PL(k) json_string_value(json_object_get(r->place, k))

int fed_node_actor(Req *r)
{
    const char *base = fed_base(r);
    char name[128];
    app_network_name_via(r->app, r->db, name, sizeof name);
    FedActor a = { .base = base, .path = "/ap/node", .kind = "node", .username = fed_host_of(r->arena, base),
                   .name = name, .summary = "The node of this Glocal network.", .html = req_printf(r, "%s/about", base) };
    return actor_send(r, &a, 0);
}

int fed_chapter_actor(Req *r)
{
    const char *base = fed_base(r);
    FedActor a = { .base = base, .path = req_printf(r, "/ap/chapters/%s", CH("slug")), .kind = "chapter",
                   .username = CH("slug"), .name = CH("name"), .summary = CH("description"),
                   .html = req_printf(r, "%s/chapters/%s", base, CH("slug")) };
    return actor_send(r, &a, json_integer_value(json_object_get(r->chapter, "metro_id")));
}

int fed_place_actor(Req *r)
{
    const char *base = fed_base(r);
    FedActor a = { .base = base, .path = req_printf(r, "/ap/places/%s", PL("slug")), .kind = PL("kind"),
                   .username = PL("slug"), .name = PL("name"),
                   .summary = req_printf(r, "Glocal's chapters and events in %s.", PL("name")),
                   .html = req_printf(r, "%s/places/%s", base, PL("slug")) };
    return actor_send(r, &a, r->place_id);
}

/* ---------- collections ---------- */

/* An outbox: the collection (no ?page) or one page of Create activities of
 * the actor at `path`, `total` in all; `items` is the page's objects. */
static int outbox_send(Req *r, const char *path, int64_t total, int64_t page, json_t *objects)
{
    const char *base = fed_base(r), *id = req_printf(r, "%s%s/outbox", base, path);
    json_t *doc;
    if (page == 0) {
        doc = json_pack("{s:o, s:s, s:s, s:I, s:o, s:o}", "@context", fed_context(base), "id", id, "type",
                        "OrderedCollection", "totalItems", (json_int_t)total, "first",
                        json_sprintf("%s?page=1", id), "last",
                        json_sprintf("%s?page=%lld", id, (long long)(total ? (total + FED_PAGE_SIZE - 1) / FED_PAGE_SIZE : 1)));
        return send_doc(r, doc, AP_CONTENT_TYPE, NULL);
    }
    json_t *items = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(objects, i, o) {
        const char *oid = json_string_value(json_object_get(o, "id"));
        json_array_append_new(items, fed_activity(base, "Create", req_printf(r, "%s#create", oid), path, json_incref(o)));
    }
    doc = json_pack("{s:o, s:o, s:s, s:s, s:o}", "@context", fed_context(base), "id",
                    json_sprintf("%s?page=%lld", id, (long long)page), "type", "OrderedCollectionPage", "partOf", id,
                    "orderedItems", items);
    if (page * FED_PAGE_SIZE < total) json_object_set_new(doc, "next", json_sprintf("%s?page=%lld", id, (long long)page + 1));
    if (page > 1) json_object_set_new(doc, "prev", json_sprintf("%s?page=%lld", id, (long long)page - 1));
    return send_doc(r, doc, AP_CONTENT_TYPE, NULL);
}

/* The ?page of a collection: 0 (the collection itself) or 1.., -1 refused. */
static int64_t page_of(Req *r)
{
    const char *p = req_query(r, "page");
    int64_t n = 0;
    if (str_empty(p)) return 0;
    if (!str_to_i64(p, &n) || n < 1 || n > 100000) return req_fail(r, E_BAD_REQUEST, "page is a number from 1.");
    return n;
}

/* The events of a host as Event objects, a page of them. */
static json_t *event_objects(Req *r, Err *e, const char *kind, int64_t host, int64_t page)
{
    json_t *rows = req_own(r, fed_events_of(r->db, e, kind, host, FED_PAGE_SIZE, (page - 1) * FED_PAGE_SIZE));
    if (!rows) return NULL;
    json_t *out = req_own(r, json_array());
    size_t i;
    json_t *ev;
    json_array_foreach(rows, i, ev) {
        json_t *path = req_own(r, fed_place_rows(r->db, e, json_integer_value(json_object_get(ev, "place_id"))));
        if (!path) return NULL;
        json_array_append_new(out, fed_event_json(fed_base(r), ev, req_own(r, fed_place_path(fed_base(r), path))));
    }
    return out;
}

static int host_outbox(Req *r, const char *kind, int64_t host, const char *path)
{
    if (wants_page(r)) return req_redirect(r, req_printf(r, "/%ss/%s", kind, strrchr(path, '/') + 1), NULL);
    Err e = { 0 };
    int64_t page = page_of(r), total = 0;
    if (page < 0) return -1;
    if (fed_events_count(r->db, &e, kind, host, &total) < 0) return req_fail_err(r, &e);
    json_t *objects = page ? event_objects(r, &e, kind, host, page) : NULL;
    if (page && !objects) return req_fail_err(r, &e);
    return outbox_send(r, path, total, page, objects);
}

int fed_chapter_outbox(Req *r)
{
    return host_outbox(r, "chapter", r->chapter_id, req_printf(r, "/ap/chapters/%s", CH("slug")));
}

int fed_place_outbox(Req *r)
{
    return host_outbox(r, "place", r->place_id, req_printf(r, "/ap/places/%s", PL("slug")));
}

int fed_node_outbox(Req *r)
{
    if (wants_page(r)) return req_redirect(r, "/commons", NULL);
    Err e = { 0 };
    int64_t page = page_of(r), total = 0;
    if (page < 0) return -1;
    if (fed_items_count(r->db, &e, &total) < 0) return req_fail_err(r, &e);
    json_t *objects = NULL;
    if (page) {
        json_t *rows = req_own(r, fed_items_page(r->db, &e, FED_PAGE_SIZE, (page - 1) * FED_PAGE_SIZE));
        if (!rows) return req_fail_err(r, &e);
        objects = req_own(r, json_array());
        size_t i;
        json_t *it;
        json_array_foreach(rows, i, it) json_array_append_new(objects, fed_article_json(fed_base(r), it));
    }
    return outbox_send(r, "/ap/node", total, page, objects);
}

/* A followers collection: how many, not who (followers are not published). */
static int followers_send(Req *r, const char *path)
{
    Err e = { 0 };
    int64_t n = 0;
    if (fed_followers_count(r->db, &e, path, &n) < 0) return req_fail_err(r, &e);
    const char *base = fed_base(r);
    return send_doc(r,
                    json_pack("{s:o, s:o, s:s, s:I}", "@context", fed_context(base), "id",
                              json_sprintf("%s%s/followers", base, path), "type", "OrderedCollection", "totalItems",
                              (json_int_t)n),
                    AP_CONTENT_TYPE, NULL);
}

int fed_node_followers(Req *r)
{
    return followers_send(r, "/ap/node");
}

int fed_chapter_followers(Req *r)
{
    return followers_send(r, req_printf(r, "/ap/chapters/%s", CH("slug")));
}

int fed_place_followers(Req *r)
{
    return followers_send(r, req_printf(r, "/ap/places/%s", PL("slug")));
}

/* ---------- objects ---------- */

int fed_event_object(Req *r)
{
    Err e = { 0 };
    json_t *ev = NULL;
    int found = fed_event_public(r->db, &e, r->object_id, &ev);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This event is not public.");
    req_own(r, ev);
    if (wants_page(r)) return req_redirect(r, req_printf(r, "/events/%s", json_string_value(json_object_get(ev, "slug"))), NULL);
    json_t *rows = req_own(r, fed_place_rows(r->db, &e, json_integer_value(json_object_get(ev, "place_id"))));
    if (!rows) return req_fail_err(r, &e);
    return send_doc(r, fed_event_json(fed_base(r), ev, req_own(r, fed_place_path(fed_base(r), rows))), AP_CONTENT_TYPE, NULL);
}

int fed_article_object(Req *r)
{
    Err e = { 0 };
    json_t *it = NULL;
    int found = fed_item_published(r->db, &e, r->object_id, &it);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This item is not published.");
    req_own(r, it);
    if (wants_page(r)) return req_redirect(r, req_printf(r, "/commons/%s", json_string_value(json_object_get(it, "slug"))), NULL);
    return send_doc(r, fed_article_json(fed_base(r), it), AP_CONTENT_TYPE, NULL);
}

int fed_key_show(Req *r)
{
    Err e = { 0 };
    json_t *k = NULL;
    int found = fed_key_by_id(r->db, &e, req_id(r, "id"), now_unix() - FED_KEY_GRACE, &k);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no such key, or it was retired too long ago.");
    req_own(r, k);
    const char *base = fed_base(r), *actor = json_string_value(json_object_get(k, "actor"));
    return send_doc(r,
                    json_pack("{s:o, s:o, s:s, s:o, s:s}", "@context", fed_context(base), "id",
                              json_sprintf("%s%s#key-%lld", base, actor, (long long)json_integer_value(json_object_get(k, "id"))),
                              "type", "CryptographicKey", "owner", json_sprintf("%s%s", base, actor), "publicKeyPem",
                              json_string_value(json_object_get(k, "public_pem"))),
                    AP_CONTENT_TYPE, NULL);
}

/* Feature.extend: on a chapter's and a place's page, its fediverse handle
 * (@slug@host, what WebFinger answers) and its actor; on a place's page and
 * in the directory the chapters approved peers published there or below, on the calendar their events, on
 * the commons' home their items. */
static int fed_extend(Req *r, const char *page, Err *e)
{
    if (str_eq(page, "events")) {   /* the calendar: the approved peers' public events (in its place and below) */
        json_t *ev = fed_remote_events_upcoming(r->db, e, now_unix(), r->place_id, 50);
        if (!ev) return -1;
        req_set(r, "peer_events", ev);
        return 0;
    }
    if (str_eq(page, "commons")) {   /* the commons' home: the approved peers' items, with their licence */
        json_t *items = fed_remote_items_recent(r->db, e, 50), *it;
        if (!items) return -1;
        size_t i;
        json_array_foreach(items, i, it) {
            const Licence *l = licence_find(json_string_value(json_object_get(it, "licence")));
            json_object_set_new(it, "licence_name", json_string(l ? l->name : "its licence on the peer"));
        }
        req_set(r, "peer_items", items);
        return 0;
    }
    if (str_eq(page, "directory")) {   /* the directory (/chapters): the peers' chapters in its place, matching its words */
        json_t *ch = fed_remote_chapters_in(r->db, e, r->place_id, text_query(r->arena, req_query(r, "q")).like, 100);
        if (!ch) return -1;
        req_set(r, "peer_chapters", ch);
        return 0;
    }
    if (str_eq(page, "place")) {   /* a place's page: the peers' chapters placed there or below */
        json_t *ch = fed_remote_chapters_in(r->db, e, r->place_id, "", 100);
        if (!ch) return -1;
        req_set(r, "peer_chapters", ch);
    }
    json_t *obj = str_eq(page, "chapter") ? r->chapter : str_eq(page, "place") ? r->place : NULL;
    const char *slug = json_string_value(json_object_get(obj, "slug"));
    if (!slug) return 0;
    const char *base = fed_base(r);
    req_set(r, "fediverse",
            json_pack("{s:o, s:o}", "handle", json_sprintf("@%s@%s", slug, fed_host_of(r->arena, base)), "actor",
                      json_sprintf("%s/ap/%s/%s", base, page[0] == 'c' ? "chapters" : "places", slug)));
    return 0;
}

static const PathLoader loaders[] = { { NULL } };

const Feature federation_feature = {
    .name = "federation", .loaders = loaders, .deliver = fed_deliver, .extend = fed_extend,
};
