/* chapters.c - importing the network's chapters (administrators): the upload,
 * read against the network's cities and sectors and kept for its preview, and
 * the confirmation, which starts every chapter not there yet in one
 * transaction, as the chapter form would (network's chapter_start_within).
 * A chapter is there when one of the same name (in any case) meets in the
 * same city, so the same file imported twice starts nothing the second time. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "imports/internal.h"
#include "network/network.h"

/* {lower-cased name: id} of rows [{id, name}] (and of their slugs, when `slugs`). */
static json_t *ids_by_name(Arena *a, json_t *rows, bool slugs)
{
    json_t *ids = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *id = json_object_get(r, "id");
        const char *name = str_lower(a, json_string_value(json_object_get(r, "name")));
        if (!json_object_get(ids, name)) json_object_set(ids, name, id);
        if (slugs) json_object_set(ids, json_string_value(json_object_get(r, "slug")), id);
    }
    return ids;
}

/* Puts a refused row among the others in the order of their lines. */
static void refuse(json_t *refused, json_t *row)
{
    int64_t line = json_integer_value(json_object_get(row, "line"));
    size_t at = json_array_size(refused);
    while (at > 0 && json_integer_value(json_object_get(json_array_get(refused, at - 1), "line")) > line) at--;
    json_array_insert_new(refused, at, row);
}

/* Each accepted row's connector address made an account's id ("connector_id", 0: the
 * importer); a row naming an address no account has moves to the refused. */
static int connectors_resolve(DbConn *c, Err *e, Arena *a, ImportRead *rd)
{
    json_t *kept = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rd->accepted, i, r) {
        const char *email = json_string_value(json_object_get(r, "connector"));
        int64_t id = 0;
        if (*email && account_with_email(c, e, email, &id) < 0) {
            json_decref(kept);
            return -1;
        }
        if (*email && !id) {
            refuse(rd->refused, json_pack("{s:O, s:O, s:s}", "line", json_object_get(r, "line"), "name", json_object_get(r, "name"),
                                          "reason", arena_printf(a, _("No account uses %s, the connector's address."), email)));
            continue;
        }
        json_object_set_new(r, "connector_id", json_integer(id));
        json_array_append(kept, r);
    }
    json_decref(rd->accepted);
    rd->accepted = kept;
    return 0;
}

int import_chapters_upload(DbConn *c, Err *e, ChaptersUpload *u)
{
    if (str_empty(u->csv)) return err_field(e, E_INVALID, "csv", "Please choose a CSV file to import.");
    json_t *metros = metro_names(c, e), *sectors = metros ? sector_names(c, e) : NULL;
    if (!sectors) {
        json_decref(metros);
        return -1;
    }
    json_t *metro_ids = ids_by_name(u->a, metros, false), *sector_ids = ids_by_name(u->a, sectors, true);
    ImportRead rd;
    int rc = import_chapters_read(u->a, u->csv, strlen(u->csv), metro_ids, sector_ids, &rd, e);
    if (rc == 0) rc = connectors_resolve(c, e, u->a, &rd);
    if (rc == 0) {
        ImportRow row = { .kind = "chapters", .filename = u->filename, .by = u->by, .created_at = u->now };
        rc = import_keep(c, e, u->a, &row, &rd, &u->id);
    }
    json_decref(rd.accepted);
    json_decref(rd.refused);
    json_decref(metro_ids);
    json_decref(sector_ids);
    json_decref(metros);
    json_decref(sectors);
    return rc;
}

/* "<metro id> <lower-cased name>": a chapter's place in the network, as rules.c keys rows. */
static const char *chapter_key(Arena *a, int64_t metro, const char *name)
{
    return arena_printf(a, "%lld %s", (long long)metro, str_lower(a, name));
}

/* {key: true} of every chapter (new reference), or NULL. */
static json_t *chapters_there(DbConn *c, Err *e, Arena *a)
{
    json_t *rows = chapter_names(c, e);
    if (!rows) return NULL;
    json_t *set = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_object_set_new(set, chapter_key(a, json_integer_value(json_object_get(r, "metro_id")),
                                                                       json_string_value(json_object_get(r, "name"))), json_true());
    json_decref(rows);
    return set;
}

static bool row_there(Arena *a, json_t *set, const json_t *row)
{
    return json_object_get(set, chapter_key(a, json_integer_value(json_object_get(row, "metro_id")),
                                            json_string_value(json_object_get(row, "name")))) != NULL;
}

static int chapters_already(DbConn *c, Err *e, int64_t chapter_id, json_t *accepted, int64_t *n)
{
    (void)chapter_id;
    Arena a;
    arena_init(&a, 4096);
    json_t *set = chapters_there(c, e, &a);
    if (set) {
        size_t i;
        json_t *r;
        *n = 0;
        json_array_foreach(accepted, i, r) if (row_there(&a, set, r))(*n)++;
    }
    json_decref(set);
    arena_release(&a);
    return set ? 0 : -1;
}

int import_chapters_get(DbConn *c, Err *e, int64_t id, int64_t by, int64_t now, json_t **out)
{
    return import_get(c, e, id, 0, by, now, chapters_already, out);
}

static int start_one(DbConn *c, Err *e, ChaptersConfirm *k, json_t *there, const json_t *r)
{
    if (row_there(k->a, there, r)) {
        k->skipped++;
        return 0;
    }
    ChapterFields f = { .name = arena_strdup(k->a, json_string_value(json_object_get(r, "name"))), .slug = "",
                        .description = arena_strdup(k->a, json_string_value(json_object_get(r, "description"))),
                        .status = "forming", .sector_rule = "open",
                        .metro_id = json_integer_value(json_object_get(r, "metro_id")),
                        .sector_id = json_integer_value(json_object_get(r, "sector_id")),
                        .capacity = json_integer_value(json_object_get(r, "capacity")) };
    int64_t connector = json_integer_value(json_object_get(r, "connector_id")), id = 0;
    if (chapter_start_within(c, e, k->a, &f, connector ? connector : k->by, &id) < 0) return -1;
    json_object_set_new(there, chapter_key(k->a, f.metro_id, f.name), json_true());
    k->imported++;
    return 0;
}

static int chapters_confirm_tx(DbConn *c, void *ctx, Err *e)
{
    ChaptersConfirm *k = ctx;
    json_t *accepted = NULL;
    if (import_take(c, e, k->id, 0, k->by, k->now, &accepted) < 0) return -1;
    json_t *there = chapters_there(c, e, k->a);
    int rc = there ? 0 : -1;
    size_t i;
    json_t *r;
    json_array_foreach(accepted, i, r) if (rc == 0 && (rc = start_one(c, e, k, there, r)) < 0) break;
    if (rc == 0) rc = import_settle(c, e, k->id, k->imported, k->skipped, 0, k->now + IMPORT_REPORT_SECONDS);
    json_decref(there);
    json_decref(accepted);
    return rc;
}

int import_chapters_confirm(DbConn *c, Err *e, ChaptersConfirm *k)
{
    k->imported = k->skipped = 0;
    return db_write(c, chapters_confirm_tx, k, e);
}
