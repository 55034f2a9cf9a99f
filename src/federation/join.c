/* join.c - remote actors joining and leaving public events (FEP-8a8e, as
 * Mobilizon does it), and the answers an inbox sends back.
 *
 * A Join whose object is one of this node's public events
 * (BASE/ap/events/SLUG) becomes a guest registration (events.h,
 * event_remote_join: the actor is the contact, no e-mail) answered with an
 * Accept of the Join from the event's host Group; where joining is closed,
 * the event is full, over, only paid, or not public (or not there: the two
 * are answered alike, so a Join learns nothing of events it may not see) the
 * answer is a Reject, and nothing is stored. A Leave of the event, or an Undo
 * of the Join, cancels the registration and frees the place; neither is
 * answered. All of it runs inside the inbox's write transaction, after the
 * activity's id went into the inbox log: a replay never gets here. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "events/events.h"
#include "federation/ap.h"
#include "settings/settings.h"

#define S(o, k) json_string_value(json_object_get(o, k))

int fed_answer(DbConn *c, Err *e, Arena *a, const FedIncoming *in, json_t *remote, const char *path, const char *type,
               json_t *object)
{
    const char *actor = S(remote, "actor_url");
    json_t *act = fed_activity(in->base, type, arena_printf(a, "%s%s#%s-%s", in->base, path, str_lower(a, type), token_new(a)),
                               path, object);
    json_object_set_new(act, "to", json_pack("[s]", actor));
    json_object_del(act, "cc");
    char *text = json_dumps(act, JSON_COMPACT);
    json_decref(act);
    int rc = text ? fed_delivery_insert(c, e, path, S(remote, "inbox"), text, in->now)
                  : err_set(e, E_INTERNAL, "The %s could not be written.", type);
    free(text);
    return rc;
}

/* The slug of the event an object's id names (BASE/ap/events/SLUG), or NULL. */
static const char *event_slug(Arena *a, const char *base, const char *object)
{
    const char *prefix = arena_printf(a, "%s/ap/events/", base);
    if (!object || !str_starts(object, prefix)) return NULL;
    const char *slug = object + strlen(prefix);
    return *slug && !strchr(slug, '/') && !strchr(slug, '?') && !strchr(slug, '#') ? slug : NULL;
}

int fed_on_join(DbConn *c, Err *e, Arena *a, const FedIncoming *in, json_t *remote, json_t *join)
{
    json_t *obj = json_object_get(join, "object");
    const char *object = json_is_string(obj) ? json_string_value(obj) : S(obj, "id");
    const char *slug = event_slug(a, in->base, object);
    if (!slug) return err_set(e, E_NOT_FOUND, "%s is not an event of this node.", object ? object : "The Join's object");
    json_t *ev = NULL;
    int found = fed_event_by_slug(c, e, slug, true, &ev);
    if (found < 0) return -1;
    const char *host_path = found ? arena_printf(a, "/ap/%s/%s", str_eq(S(ev, "host_kind"), "place") ? "places" : "chapters",
                                                 S(ev, "host_slug"))
                                  : NULL;
    RemoteGuest g = { .event = json_integer_value(json_object_get(ev, "id")), .actor = S(remote, "actor_url"),
                      .host = S(remote, "host"), .join_id = S(join, "id"), .public_url = in->base, .arena = a,
                      .name = fed_guest_name(a, S(remote, "display_name"), S(remote, "preferred_name"), S(remote, "host"),
                                             S(remote, "actor_url")) };
    json_decref(ev);
    if (!found) g.refused = "There is no public event at this address.";
    else if (event_remote_join(c, e, &g) < 0) return -1;
    json_t *answered = json_deep_copy(join);
    json_object_del(answered, "@context");
    /* a Join of what is not public is refused by the node, so the answer names no host */
    return fed_answer(c, e, a, in, remote, host_path ? host_path : "/ap/node", g.refused ? "Reject" : "Accept", answered);
}

int fed_on_leave(DbConn *c, Err *e, Arena *a, const FedIncoming *in, json_t *remote, const char *object, const char *join_id)
{
    const char *slug = event_slug(a, in->base, object);
    json_t *ev = NULL;
    int found = slug ? fed_event_by_slug(c, e, slug, false, &ev) : 0;
    RemoteGuest g = { .event = json_integer_value(json_object_get(ev, "id")), .actor = S(remote, "actor_url"), .join_id = join_id,
                      .public_url = in->base, .arena = a };
    json_decref(ev);
    if (found < 0) return -1;
    if (!g.event && !join_id) return 0;   /* a Leave of nothing here: logged, nothing more */
    return event_remote_leave(c, e, &g);
}

int fed_guest_cancelled(DbConn *c, Err *e, int64_t event_id, const char *actor_url, const char *join_id)
{
    json_t *ev = NULL, *remote = NULL;
    Arena a;
    arena_init(&a, 2048);
    const char *base = setting_get(c, &a, "public_url", "");
    int rc = fed_event_row(c, e, event_id, &ev);
    if (rc > 0) rc = fed_remote_find(c, e, actor_url, &remote);
    if (rc > 0 && !str_empty(base)) {
        const char *host = arena_printf(&a, "/ap/%s/%s", str_eq(S(ev, "host_kind"), "place") ? "places" : "chapters",
                                        S(ev, "host_slug"));
        json_t *join = json_pack("{s:s, s:s, s:s}", "type", "Join", "actor", actor_url, "object",
                                 arena_printf(&a, "%s/ap/events/%s", base, S(ev, "slug")));
        if (join_id) json_object_set_new(join, "id", json_string(join_id));
        FedIncoming in = { .base = base, .now = now_unix() };
        rc = fed_answer(c, e, &a, &in, remote, host, "Reject", join);
    }
    json_decref(ev);
    json_decref(remote);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}