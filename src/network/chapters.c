/* chapters.c - operations on the registry: starting and changing chapters,
 * adding places and sectors. Each checks its input (the problems of a form are
 * noted in `problems`, and the operation fails with E_INVALID), then writes in one
 * transaction. No Req: the web, the command line, the demo and tests call them. */
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "base/zone.h"
#include "federation/federation.h"
#include "network/network.h"
#include "web/model.h"
#include "network/store.h"
#include "webhooks/webhooks.h"

/* The checks of a chapter's fields, those that read included. */
static int chapter_review(DbConn *c, Err *e, const ChapterFields *f, FieldErrs *problems)
{
    chapter_fields_problems(f, problems);
    if (!f->metro_id) field_err(problems, "metro_id", "Please choose the city where the chapter meets.");
    else {
        int found = metro_exists(c, e, f->metro_id);
        if (found < 0) return -1;
        if (!found) field_err(problems, "metro_id", "Please choose a city from the list.");
    }
    if (f->sector_id) {
        int found = sector_exists(c, e, f->sector_id);
        if (found < 0) return -1;
        if (!found) field_err(problems, "sector_id", "Please choose a sector from the list.");
    }
    return fields_check(problems, e);
}

/* Tells the webhooks of `kind` about the chapter as anyone may read it (inside db_write). */
static int chapter_announce(DbConn *c, Err *e, int64_t id, const char *kind)
{
    json_t *row = NULL;
    int found = chapter_public_row(c, e, id, &row);
    int rc = found < 0 ? -1 : found ? webhook_emit(c, e, kind, id, row) : 0;
    json_decref(row);
    return rc;
}

typedef struct StartChapter {
    ChapterFields *f;
    Arena *a;
    int64_t by, id;
} StartChapter;

static int chapter_start_tx(DbConn *c, void *ctx, Err *e);

int chapter_start_within(DbConn *c, Err *e, Arena *a, ChapterFields *f, int64_t by, int64_t *id)
{
    StartChapter s = { f, a, by, 0 };
    int rc = chapter_start_tx(c, &s, e);
    *id = s.id;
    return rc;
}

static int chapter_start_tx(DbConn *c, void *ctx, Err *e)
{
    StartChapter *s = ctx;
    ChapterFields *f = s->f;
    if (str_empty(f->slug)) {
        /* the name makes the address; a number is added while it is taken */
        const char *stem = str_slugify(s->a, f->name);
        if (!*stem || slug_reserved(stem)) stem = "chapter";
        f->slug = stem;
        for (int i = 2; i < 100; i++) {
            int taken = chapter_slug_taken(c, e, f->slug);
            if (taken < 0) return -1;
            if (!taken) break;
            f->slug = arena_printf(s->a, "%.*s-%d", 55, stem, i);
        }
    }
    int taken = chapter_slug_taken(c, e, f->slug);
    if (taken < 0) return -1;
    if (taken) return err_field(e, E_CONFLICT, "slug", "The web address /chapters/%s is taken; please choose another.", f->slug);
    if (chapter_insert(c, e, f, s->by, &s->id) < 0) return -1;
    if (chapter_index(c, e, s->id) < 0) return -1;
    if (fed_chapter_changed(c, e, s->id, true) < 0) return -1;   /* to the peer nodes that approved this one */
    return chapter_announce(c, e, s->id, "chapter.created");
}

int chapter_start(DbConn *c, Err *e, Arena *a, ChapterFields *f, int64_t by, FieldErrs *problems, int64_t *id)
{
    if (chapter_review(c, e, f, problems) < 0) return -1;
    f->status = "forming";
    StartChapter s = { f, a, by, 0 };
    if (db_write(c, chapter_start_tx, &s, e) < 0) return -1;
    *id = s.id;
    return 0;
}

typedef struct ChangeChapter {
    int64_t id;
    const ChapterFields *f;
} ChangeChapter;

static int chapter_change_tx(DbConn *c, void *ctx, Err *e)
{
    ChangeChapter *s = ctx;
    if (chapter_save(c, e, s->id, s->f) < 0) return -1;
    if (chapter_index(c, e, s->id) < 0) return -1;
    if (fed_chapter_changed(c, e, s->id, false) < 0) return -1;   /* to the peer nodes that approved this one */
    return chapter_announce(c, e, s->id, "chapter.updated");
}

int chapter_change(DbConn *c, Err *e, int64_t id, const ChapterFields *f, FieldErrs *problems)
{
    if (chapter_review(c, e, f, problems) < 0) return -1;
    ChangeChapter s = { id, f };
    return db_write(c, chapter_change_tx, &s, e);
}

/* ---------- places and sectors ---------- */

/* The parent's kind gives the child's; the parent's zone is the default. */
static int place_review(DbConn *c, Err *e, Arena *a, PlaceFields *p, FieldErrs *problems)
{
    json_t *parent = NULL;
    p->kind = "country";
    if (p->parent_id) {
        int found = place_by_id(c, e, p->parent_id, &parent);
        if (found < 0) return -1;
        if (!found) field_err(problems, "parent_id", "There is no such parent place.");
        else if (!(p->kind = place_child_kind(json_string_value(json_object_get(parent, "kind")))))
            field_err(problems, "parent_id", "Metros are the smallest places; choose a country or a region as the parent.");
    }
    Err x = { 0 };
    if (account_name_check(p->name, "name", &x) < 0) field_err(problems, "name", "%s", x.msg);
    if (str_empty(p->slug) && p->name) p->slug = str_slugify(a, p->name);
    if (!problems->n && !str_slug_valid(p->slug))
        field_err(problems, "slug", "The web address may use lower-case letters, digits and single hyphens, like lisbon.");
    const char *inherited = json_string_value(json_object_get(parent, "timezone"));
    if (str_empty(p->timezone)) p->timezone = arena_strdup(a, !str_empty(inherited) ? inherited : "UTC");
    if (!timezone_known(p->timezone))
        field_err(problems, "timezone", "Please give a time zone by its IANA name, like Europe/Lisbon.");
    place_position_read(&p->position, problems);
    json_decref(parent);
    return fields_check(problems, e);
}

static int place_add_tx(DbConn *c, void *ctx, Err *e)
{
    PlaceFields *p = ctx;
    if (place_insert(c, e, p->parent_id, p->kind, p->name, p->slug, p->timezone, &p->id) < 0) return -1;
    if (p->position.is_set && place_position_put(c, e, p->id, &p->position) < 0) return -1;
    return place_index(c, e, p->id);
}

int place_add(DbConn *c, Err *e, Arena *a, PlaceFields *p, FieldErrs *problems)
{
    if (place_review(c, e, a, p, problems) < 0) return -1;
    return db_write(c, place_add_tx, p, e);
}

typedef struct MovePlace {
    int64_t id;
    const PlacePosition *position;
} MovePlace;

static int place_position_tx(DbConn *c, void *ctx, Err *e)
{
    MovePlace *m = ctx;
    return place_position_put(c, e, m->id, m->position);
}

int place_position_change(DbConn *c, Err *e, int64_t id, PlacePosition *p, FieldErrs *problems)
{
    place_position_read(p, problems);
    if (fields_check(problems, e) < 0) return -1;
    MovePlace m = { id, p };
    return db_write(c, place_position_tx, &m, e);
}

static int sector_add_tx(DbConn *c, void *ctx, Err *e)
{
    SectorFields *s = ctx;
    return sector_insert(c, e, s->name, s->slug, s->description, &s->id);
}

int sector_add(DbConn *c, Err *e, Arena *a, SectorFields *s, FieldErrs *problems)
{
    Err x = { 0 };
    if (account_name_check(s->name, "name", &x) < 0) field_err(problems, "name", "%s", x.msg);
    else if (!*(s->slug = str_slugify(a, s->name))) field_err(problems, "name", "Please use some letters or digits in the name.");
    if (!s->description) s->description = "";
    if (str_utf8_len(s->description) > 500) field_err(problems, "description", "Please keep the description under 500 characters.");
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, sector_add_tx, s, e);
}

int metro_sector_options(DbConn *c, Err *e, int64_t metro, int64_t sector, json_t **metros, json_t **sectors)
{
    *metros = metro_options(c, e);
    *sectors = *metros ? sector_options(c, e) : NULL;
    if (!*sectors) {
        json_decref(*metros);
        *metros = NULL;
        return -1;
    }
    options_select(*metros, metro);
    options_select(*sectors, sector);
    return 0;
}
