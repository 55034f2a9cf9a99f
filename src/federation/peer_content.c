/* peer_content.c - what approved peers publish, both ways.
 *
 * Sending: when a peer approves this node (its Accept arrives), each of this
 * node's chapters that is not closed is sent to it as a Create of its Group
 * (with the place path), then its public events not cancelled as Creates,
 * each signed by the chapter, and last the public events places host, each
 * signed by its place; from then on the peer's inbox
 * is among those every public event's Create, Update and Delete goes to
 * (fed_follower_inboxes adds the approved peers'), so only what is public
 * ever leaves: events made network or chapter only are not public, meetings
 * and the books are never objects at all.
 *
 * Receiving: a Create or Update of a Group, an Event or an Article (a commons
 * item, peer_items.c) is taken only from an
 * approved peer's host, and only for an object on that same host (the peer
 * stays the only writer of its objects): anything else is refused (403) and
 * nothing is stored. The copy is placed at the deepest place of its place
 * path whose slug is one of this node's places. A Delete removes the copy the
 * peer sent. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "federation/ap.h"
#include "settings/settings.h"

#define S(o, k) json_string_value(json_object_get(o, k))

/* Queues a Create of `object` (stolen) by the local actor at `path` to `inbox`. */
static int queue_create(DbConn *c, Err *e, Arena *a, const char *base, const char *path, const char *inbox,
                        json_t *object, int64_t now)
{
    const char *id = arena_printf(a, "%s#create-%lld", S(object, "id"), (long long)now);
    json_t *act = fed_activity(base, "Create", id, path, object);
    char *text = json_dumps(act, JSON_COMPACT);
    json_decref(act);
    int rc = text ? fed_delivery_insert(c, e, path, inbox, text, now) : err_set(e, E_INTERNAL, "The activity could not be written.");
    free(text);
    return rc;
}

/* The public events (not cancelled) hosted by the chapter or place (`kind`)
 * with id `host`, each a Create from that host's Group at `path`. */
static int share_events(DbConn *c, Err *e, Arena *a, const char *base, const char *kind, int64_t host, const char *path,
                        const char *inbox, int64_t now)
{
    json_t *events = fed_events_of(c, e, kind, host, 100, 0), *ev;
    if (!events) return -1;
    int rc = 0;
    size_t i;
    json_array_foreach(events, i, ev) {
        if (str_eq(S(ev, "status"), "cancelled")) continue;
        json_t *rows = fed_place_rows(c, e, json_integer_value(json_object_get(ev, "place_id")));
        if (!rows) {
            rc = -1;
            break;
        }
        json_t *pp = fed_place_path(base, rows);
        json_t *object = fed_event_json(base, ev, pp);
        json_decref(pp);
        json_decref(rows);
        if ((rc = queue_create(c, e, a, base, path, inbox, object, now)) < 0) break;
    }
    json_decref(events);
    return rc;
}

/* The public events places host (a region's conference, say), each from its place's Group. */
static int share_place_events(DbConn *c, Err *e, Arena *a, const char *base, const char *inbox, int64_t now)
{
    json_t *places = fed_places_hosting_events(c, e), *pl;
    if (!places) return -1;
    int rc = 0;
    size_t i;
    json_array_foreach(places, i, pl) {
        const char *path = arena_printf(a, "/ap/places/%s", S(pl, "slug"));
        if ((rc = share_events(c, e, a, base, "place", json_integer_value(json_object_get(pl, "id")), path, inbox, now)) < 0)
            break;
    }
    json_decref(places);
    return rc;
}

int fed_peer_share_chapters(DbConn *c, Err *e, const char *base, const char *inbox, int64_t now)
{
    json_t *chapters = fed_chapters_to_share(c, e), *ch;
    if (!chapters) return -1;
    int rc = 0;
    size_t i;
    Arena a;
    arena_init(&a, 1024);
    json_array_foreach(chapters, i, ch) {
        json_t *rows = fed_place_rows(c, e, json_integer_value(json_object_get(ch, "metro_id")));
        if (!rows) {
            rc = -1;
            break;
        }
        json_t *pp = fed_place_path(base, rows);
        json_t *group = fed_group_object(base, ch, pp);
        json_decref(pp);
        json_decref(rows);
        const char *path = arena_printf(&a, "/ap/chapters/%s", S(ch, "slug"));
        rc = queue_create(c, e, &a, base, path, inbox, group, now);
        if (rc == 0) rc = share_events(c, e, &a, base, "chapter", json_integer_value(json_object_get(ch, "id")), path, inbox, now);
        if (rc < 0) break;
    }
    if (rc == 0) rc = share_place_events(c, e, &a, base, inbox, now);
    json_decref(chapters);
    arena_release(&a);
    return rc;
}

int fed_chapter_changed(DbConn *c, Err *e, int64_t chapter_id, bool is_new)
{
    json_t *inboxes = fed_peer_inboxes(c, e), *ch = NULL, *object = NULL, *box;
    if (!inboxes) return -1;
    Arena a;
    arena_init(&a, 1024);
    const char *base = setting_get(c, &a, "public_url", "");
    int rc = json_array_size(inboxes) && !str_empty(base) ? fed_chapter_row(c, e, chapter_id, &ch) : 0;
    if (rc > 0) {
        const char *path = arena_printf(&a, "/ap/chapters/%s", S(ch, "slug"));
        bool closed = str_eq(S(ch, "status"), "closed");
        json_t *rows = fed_place_rows(c, e, json_integer_value(json_object_get(ch, "metro_id")));
        json_t *pp = rows ? fed_place_path(base, rows) : NULL;
        object = rows ? fed_group_object(base, ch, pp) : NULL;
        json_decref(pp);
        json_decref(rows);
        if (object && closed) {
            json_t *tomb = json_pack("{s:O, s:s, s:s}", "id", json_object_get(object, "id"), "type", "Tombstone",
                                     "formerType", "Group");
            json_decref(object);
            object = tomb;
        }
        const char *type = closed ? "Delete" : is_new ? "Create" : "Update";
        int64_t now = now_unix();
        json_t *act = object ? fed_activity(base, type, arena_printf(&a, "%s%s#%s-%lld", base, path, type, (long long)now),
                                            path, json_incref(object)) : NULL;
        char *text = act ? json_dumps(act, JSON_COMPACT) : NULL;
        rc = text ? 0 : -1;
        size_t i;
        json_array_foreach(inboxes, i, box) {
            if (rc == 0) rc = fed_delivery_insert(c, e, path, S(box, "inbox"), text, now);
        }
        free(text);
        json_decref(act);
    }
    json_decref(object);
    json_decref(ch);
    json_decref(inboxes);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

/* The deepest of `path` [{name, id}]'s places known here (by the slug that
 * ends its id) in *place_id (0: none), and its names joined in *names. */
static int place_of(DbConn *c, Err *e, Arena *a, json_t *path, int64_t *place_id, const char **names)
{
    Buf b;
    buf_init(&b, a);
    *place_id = 0;
    size_t i;
    json_t *p;
    json_array_foreach(path, i, p) {
        const char *id = S(p, "id"), *slash = id ? strrchr(id, '/') : NULL, *name = S(p, "name");
        if (name) buf_printf(&b, "%s%s", i ? " › " : "", name);
        int64_t found = 0;
        if (slash && slash[1] && fed_place_id_by_slug(c, e, slash + 1, &found) < 0) return -1;
        if (found) *place_id = found;
    }
    *names = buf_str(&b);
    return 0;
}

/* A Create or Update of `object` (a Group, an Event or an Article) from peer `peer`. */
static int keep(DbConn *c, Err *e, Arena *a, int64_t peer, json_t *object, int64_t now)
{
    bool event = str_eq(S(object, "type"), "Event"), item = str_eq(S(object, "type"), "Article");
    json_t *loc = json_object_get(object, "location");
    FedRemoteObject o = { .peer_id = peer, .kind = event ? "event" : item ? "item" : "chapter", .object_url = S(object, "id"),
                          .name = S(object, "name"), .summary = S(object, "summary"), .home_url = S(object, "url"),
                          .group_url = fed_id_of(json_object_get(object, "attributedTo")), .timezone = S(object, "timezone"),
                          .location = S(loc, "name") ? S(loc, "name") : S(loc, "url") };
    const char **optional[] = { &o.summary, &o.group_url, &o.timezone, &o.location };
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        if (!*optional[i]) *optional[i] = "";
    if (!o.name || !o.home_url || !str_eq(fed_host_of(a, o.home_url), fed_host_of(a, o.object_url)))
        return err_set(e, E_BAD_REQUEST, "A Group, an Event or an Article has a name and a url on its own host.");
    if (item) {   /* the licence travels with it: shown as sent, named when it is one known here */
        o.licence_url = S(object, "license") ? S(object, "license") : "";
        o.licence = fed_licence_code(S(object, "glocal:licence"), o.licence_url);
        o.published_at = fed_iso_time(S(object, "published"));
        if (o.published_at < 0) o.published_at = 0;
    }
    if (event) {
        o.starts_at = fed_iso_time(S(object, "startTime"));
        o.ends_at = fed_iso_time(S(object, "endTime"));
        if (o.starts_at <= 0) return err_set(e, E_BAD_REQUEST, "An Event has a startTime.");
        if (o.ends_at <= 0) o.ends_at = o.starts_at;
    }
    if (place_of(c, e, a, json_object_get(object, "placePath"), &o.place_id, &o.place_path) < 0) return -1;
    return fed_remote_object_put(c, e, &o, now);
}

int fed_peer_content(DbConn *c, Err *e, Arena *a, FedIncoming *in, const char *type, const char *actor)
{
    json_t *object = json_object_get(in->activity, "object");
    const char *otype = S(object, "type"), *oid = fed_id_of(object), *host = fed_host_of(a, actor);
    bool remove = str_eq(type, "Delete");
    if (!remove && !str_eq(otype, "Group") && !str_eq(otype, "Event") && !str_eq(otype, "Article"))
        return 0;   /* not a peer's content */
    int64_t peer = 0;
    if (fed_peer_approved_on(c, e, host, &peer) < 0) return -1;
    if (remove) {
        int known = peer ? 1 : fed_peer_known_on(c, e, host);
        if (known <= 0) return known;   /* the fediverse's deletions are not ours */
    }
    if (!peer) return err_set(e, E_FORBIDDEN, "%s is not an approved peer of this node: nothing it sends is taken in.", host);
    if (!oid || !str_eq(fed_host_of(a, oid), host))
        return err_set(e, E_FORBIDDEN, "Only the node an object lives on may change it.");
    if (remove) return fed_remote_object_drop(c, e, peer, oid) < 0 ? -1 : 1;
    return keep(c, e, a, peer, object, in->now) < 0 ? -1 : 1;
}
