/* record_use.c - a chapter of this node used an item that lives on a peer
 * node (its copy in fed_remote_objects, kind item): the use is kept here
 * (fed_uses_sent, one per chapter, item and day) and, in the same
 * transaction, an Add of a glocal Use is queued to the item's node, signed by
 * the chapter's Group, so that the item's node counts it in its spread (it
 * takes it in with peer_uses.c). Only a member of the chapter records it;
 * the day is not to come yet (a day's margin for the zones ahead of UTC). */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "commons/commons.h"
#include "federation/ap.h"

#define S(o, k) json_string_value(json_object_get(o, k))
#define I(o, k) json_integer_value(json_object_get(o, k))

typedef struct RecordUse {
    const FedUseIn *in;
    FieldErrs *f;
    json_t *item, *chapter;   /* borrowed from the callers' reads */
    int64_t used_on;
} RecordUse;

/* The Add of the Use kept as `id` (new reference). */
static json_t *use_activity(Arena *a, const RecordUse *k, int64_t id, const char *path, json_t *place_path)
{
    const char *base = k->in->base, *item = S(k->item, "object_url");
    json_t *use = json_pack("{s:s, s:o, s:s, s:{s:o, s:s}, s:O, s:s, s:s}", "type", "Use", "id",
                            json_sprintf("%s/ap/uses/%lld", base, (long long)id), "item", item, "chapter", "id",
                            json_sprintf("%s%s", base, path), "name", S(k->chapter, "name"), "placePath", place_path,
                            "usedOn", k->in->used_on, "outcome", k->in->outcome);
    json_t *act = fed_activity(base, "Add", arena_printf(a, "%s%s#use-%lld", base, path, (long long)id), path, use);
    json_object_set_new(act, "target", json_string(item));
    json_object_set_new(act, "to", json_pack("[s]", S(k->item, "actor_url")));
    return act;
}

static int record_tx(DbConn *c, void *ctx, Err *e)
{
    RecordUse *k = ctx;
    const FedUseIn *in = k->in;
    FedUseSent u = { I(k->item, "id"), I(k->chapter, "id"), k->used_on, in->outcome, in->by, in->now };
    int64_t id = 0;
    if (fed_use_sent_insert(c, e, &u, &id) < 0) return -1;
    if (!id) return err_field(e, E_INVALID, "used_on", "%s recorded a use of it on that day already.", S(k->chapter, "name"));
    json_t *rows = fed_place_rows(c, e, I(k->chapter, "metro_id"));
    if (!rows) return -1;
    Arena a;
    arena_init(&a, 512);
    const char *path = arena_printf(&a, "/ap/chapters/%s", S(k->chapter, "slug"));
    json_t *pp = fed_place_path(in->base, rows);
    json_t *act = use_activity(&a, k, id, path, pp);
    char *text = json_dumps(act, JSON_COMPACT);
    int rc = text ? fed_delivery_insert(c, e, path, S(k->item, "inbox"), text, in->now)
                  : err_set(e, E_INTERNAL, "The activity could not be written.");
    free(text);
    json_decref(act);
    json_decref(pp);
    json_decref(rows);
    arena_release(&a);
    return rc;
}

/* The member's chapter that `used_by` ("chapter:SLUG") names, from `mine` (borrowed), or NULL. */
static json_t *chapter_named(json_t *mine, const char *used_by)
{
    size_t i;
    json_t *ch;
    json_array_foreach(mine, i, ch) if (str_starts(used_by ? used_by : "", "chapter:") && str_eq(used_by + 8, S(ch, "slug")))
        return ch;
    return NULL;
}

int fed_use_record(DbConn *c, Err *e, const FedUseIn *in, FieldErrs *f)
{
    json_t *item = fed_remote_item_row(c, e, in->object_id), *mine = NULL;
    if (!item) return -1;
    int rc = -1;
    if (json_is_null(item)) {
        err_set(e, E_NOT_FOUND, "No peer node's item is known here by this number.");
        goto done;
    }
    if (!(mine = fed_member_chapters(c, e, in->by))) goto done;
    RecordUse k = { in, f, item, chapter_named(mine, in->used_by), 0 };
    if (!k.chapter) field_err(f, "used_by", "Choose one of your chapters: uses are recorded by the chapter's members.");
    char today[11], hm[6];
    time_local_parts(in->now + 86400, "UTC", today, hm);
    if (!spread_day_parse(in->used_on, &k.used_on)) field_err(f, "used_on", "Give the day it was used, like 2026-03-14.");
    else if (strcmp(in->used_on, today) > 0) field_err(f, "used_on", "That day has not come yet.");
    if (!use_outcome_label(in->outcome)) field_err(f, "outcome", "Say how it went.");
    if (fields_check(f, e) < 0) goto done;
    rc = db_write(c, record_tx, &k, e);
done:
    json_decref(mine);
    json_decref(item);
    return rc;
}
