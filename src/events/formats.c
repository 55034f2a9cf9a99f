/* formats.c - the catalog of event formats ("apps"): publishing a format,
 * changing it, and a connector's own copy of one. Each operation runs its own
 * write transaction; the caller has read and checked the fields (the lists as
 * JSON text: see tiers_check, packages_check, runbook_check, split_rule_parse). */
#include <string.h>

#include "base/str.h"
#include "events/events.h"
#include "events/store.h"

/* A free slug for a new format: the one wanted, or one made from the name
 * (with -2, -3... when taken). */
static int format_slug(DbConn *c, Err *e, Arena *a, const char *wanted, const char *name, const char **out)
{
    const char *base = !str_empty(wanted) ? wanted : str_slugify(a, name);
    if (!str_slug_valid(base))
        return err_field(e, E_INVALID, "slug", "A short name of lower-case letters, digits and dashes, like pitch-night.");
    for (int n = 1; n < 100; n++) {
        const char *slug = n == 1 ? base : arena_printf(a, "%s-%d", base, n);
        int taken = app_slug_taken(c, e, slug);
        if (taken < 0) return -1;
        if (!taken) {
            *out = slug;
            return 0;
        }
        if (!str_empty(wanted)) return err_field(e, E_INVALID, "slug", "There is already a format at /apps/%s.", slug);
    }
    return err_field(e, E_INVALID, "slug", "Please choose a different name.");
}

typedef struct Publish {
    FormatSpec *n;
    Arena *arena;
} Publish;

static int publish_in(DbConn *c, Err *e, Arena *a, FormatSpec *n)
{
    if (format_slug(c, e, a, n->wanted_slug, n->f.name, &n->f.slug) < 0) return -1;
    if (app_insert(c, e, &n->f, n->owner, n->origin, &n->id) < 0) return -1;
    return format_index(c, e, n->id);
}

static int publish_tx(DbConn *c, void *ctx, Err *e)
{
    Publish *p = ctx;
    return publish_in(c, e, p->arena, p->n);
}

int format_publish(DbConn *c, Err *e, Arena *a, FormatSpec *n)
{
    Publish p = { n, a };
    return db_write(c, publish_tx, &p, e);
}

typedef struct Change {
    int64_t id;
    const AppFields *f;
} Change;

static int change_tx(DbConn *c, void *ctx, Err *e)
{
    Change *ch = ctx;
    if (app_save(c, e, ch->id, ch->f) < 0) return -1;
    return format_index(c, e, ch->id);
}

int format_change(DbConn *c, Err *e, int64_t id, const AppFields *f)
{
    Change ch = { id, f };
    return db_write(c, change_tx, &ch, e);
}

typedef struct Copy {
    FormatCopy *k;
    Arena *arena;
} Copy;

static const char *text_of(Arena *a, json_t *o, const char *key)
{
    return arena_strdup(a, json_string_value(json_object_get(o, key)));
}

static int copy_tx(DbConn *c, void *ctx, Err *e)
{
    Copy *x = ctx;
    FormatCopy *k = x->k;
    Arena *a = x->arena;
    json_t *hosts = hostable_chapters(c, e, k->by, k->admin), *origin = NULL;
    int rc = -1;
    if (!hosts) return -1;
    if (json_array_size(hosts) == 0) {
        err_set(e, E_FORBIDDEN, "Only connectors adapt formats: start a chapter or become a connector of one first.");
        goto done;
    }
    int found = app_by_slug(c, e, k->origin_slug, &origin);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no event format called \"%s\".", k->origin_slug);
        goto done;
    }
    FormatSpec *n = &k->out;
    *n = (FormatSpec){ .owner = k->by, .origin = json_integer_value(json_object_get(origin, "id")) };
    n->f = (AppFields){
        .name = !str_empty(k->name) ? k->name : arena_printf(a, "%s (%s)", json_string_value(json_object_get(origin, "name")), k->by_name),
        .summary = text_of(a, origin, "summary"),
        .description = text_of(a, origin, "description"),
        .runbook = text_of(a, origin, "runbook"),
        .tiers = text_of(a, origin, "tiers"),
        .packages = text_of(a, origin, "packages"),
        .split_rule = text_of(a, origin, "split_rule"),
        .has_board = json_is_true(json_object_get(origin, "has_board")),
    };
    if (str_utf8_len(n->f.name) > 80 || !str_single_line(n->f.name)) {
        err_set(e, E_INVALID, "Please keep the name on one line, under 80 characters.");
        goto done;
    }
    rc = publish_in(c, e, a, n);
    e->field[0] = 0;   /* a copy is asked for without a form: its refusals name no field */
done:
    json_decref(hosts);
    json_decref(origin);
    return rc;
}

int format_copy(DbConn *c, Err *e, Arena *a, FormatCopy *k)
{
    Copy x = { k, a };
    return db_write(c, copy_tx, &x, e);
}
