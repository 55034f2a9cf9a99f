/* emit.c - what a public event's change sends: a Create, Update or Delete of
 * its Event object from its host's Group to each follower's inbox (a shared
 * inbox once for all the followers behind it), and (FEP-1b12) an Announce of
 * that activity, unchanged, from each place above the host to the place's own
 * followers — a place's members are the chapters and places in it, so
 * following a region's Group hears of every public event in the region. All
 * queued in fed_deliveries inside the transaction that changed the event. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "federation/federation.h"
#include "federation/store.h"
#include "settings/settings.h"

#define S(o, k) json_string_value(json_object_get(o, k))

/* Queues `activity` from `path` to each of `inboxes`. */
static int queue_all(DbConn *c, Err *e, const char *path, json_t *inboxes, json_t *activity, int64_t now)
{
    char *text = json_dumps(activity, JSON_COMPACT);
    if (!text) return err_set(e, E_INTERNAL, "The activity could not be written.");
    int rc = 0;
    size_t i;
    json_t *row;
    json_array_foreach(inboxes, i, row) {
        if (rc == 0) rc = fed_delivery_insert(c, e, path, S(row, "inbox"), text, now);
    }
    free(text);
    return rc;
}

/* FEP-1b12: each place of `places` (the event's place path, root first) other
 * than the host at `host_path` announces `activity` to its own followers. */
static int announce_up(DbConn *c, Err *e, Arena *a, const char *base, const char *host_path, json_t *places,
                       json_t *activity, int64_t now)
{
    int rc = 0;
    size_t i;
    json_t *pl;
    json_array_foreach(places, i, pl) {
        const char *path = arena_printf(a, "/ap/places/%s", S(pl, "slug"));
        if (str_eq(path, host_path)) continue;
        json_t *inboxes = fed_follower_inboxes_only(c, e, path);
        if (!inboxes) return -1;
        if (json_array_size(inboxes)) {
            const char *id = arena_printf(a, "%s%s#announce-%s", base, path, strchr(S(activity, "id"), '#') + 1);
            json_t *ann = fed_announce(base, id, path, activity);
            rc = queue_all(c, e, path, inboxes, ann, now);
            json_decref(ann);
        }
        json_decref(inboxes);
        if (rc < 0) return -1;
    }
    return 0;
}

int fed_event_changed(DbConn *c, Err *e, int64_t event_id, bool was_public)
{
    json_t *ev = NULL, *inboxes = NULL, *places = NULL, *activity = NULL;
    Arena a;
    arena_init(&a, 2048);
    int rc = fed_event_row(c, e, event_id, &ev);
    bool now_public = rc > 0 && str_eq(S(ev, "visibility"), "public") && !str_eq(S(ev, "status"), "cancelled");
    const char *type = !was_public ? "Create" : now_public ? "Update" : "Delete";
    const char *base = rc > 0 ? setting_get(c, &a, "public_url", "") : "";
    /* never public: nothing leaves the node, not even that it exists */
    if (rc <= 0 || (!was_public && !now_public) || str_empty(base)) goto done;
    const char *path = arena_printf(&a, "/ap/%s/%s", str_eq(S(ev, "host_kind"), "place") ? "places" : "chapters",
                                    S(ev, "host_slug"));
    rc = -1;
    inboxes = fed_follower_inboxes(c, e, path);
    places = inboxes ? fed_place_rows(c, e, json_integer_value(json_object_get(ev, "place_id"))) : NULL;
    if (!places || (rc = fed_places_followed(c, e)) < 0) goto done;
    if (json_array_size(inboxes) == 0 && rc == 0) goto done;   /* no one to tell: the usual case, one cheap read */
    rc = -1;
    json_t *pp = fed_place_path(base, places);
    json_t *object = fed_event_json(base, ev, pp);
    json_decref(pp);
    const char *oid = S(object, "id");
    int64_t now = now_unix();
    const char *aid = arena_printf(&a, "%s#%s-%lld", oid, type, (long long)now);
    if (str_eq(type, "Delete")) {
        json_t *tomb = json_pack("{s:s, s:s, s:s}", "id", oid, "type", "Tombstone", "formerType", "Event");
        json_object_set(tomb, "to", json_object_get(object, "to"));
        json_object_set(tomb, "cc", json_object_get(object, "cc"));
        json_decref(object);
        object = tomb;
    }
    activity = fed_activity(base, type, aid, path, object);
    rc = queue_all(c, e, path, inboxes, activity, now);
    if (rc == 0) rc = announce_up(c, e, &a, base, path, places, activity, now);
done:
    json_decref(ev);
    json_decref(inboxes);
    json_decref(places);
    json_decref(activity);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}
