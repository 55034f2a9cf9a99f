/* routes.c - handlers of the registry and of membership: the directory, places,
 * sectors, chapters, members, invitations and requests to join. */
#include <libical/ical.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mail.h"
#include "accounts/accounts.h"
#include "base/log.h"
#include "base/markdown.h"
#include "base/str.h"
#include "meetings/meetings.h"
#include "network/network.h"
#include "network/store.h"
#include "web/model.h"
#include "web/app.h"

#define PAGE_SIZE 50
#define MESSAGE_MAX 1000

static const char *status_label(const char *s)
{
    if (str_eq(s, "forming")) return "Forming";
    if (str_eq(s, "active")) return "Active";
    if (str_eq(s, "dormant")) return "Dormant";
    if (str_eq(s, "closed")) return "Closed";
    return s;
}

static int place_find(Req *r, const char *slug, json_t **out)
{
    Err e = { 0 };
    *out = NULL;
    int found = place_by_slug(r->db, &e, slug ? slug : "", out);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no place called \"%s\".", slug ? slug : "");
    return 1;
}

/* The HTML of a chapter's description (a new JSON string). Rendering it is a
 * twentieth of a chapter page, and descriptions seldom change: the last ones
 * rendered are kept, by their text, in a small table shared by the threads. */
#define HTML_SLOTS 64
static struct {
    char *markdown, *html;
} html_cache[HTML_SLOTS];
static pthread_mutex_t html_lock = PTHREAD_MUTEX_INITIALIZER;

static json_t *description_html(Req *r, const char *md)
{
    if (!md) md = "";
    uint64_t h = 14695981039346656037ULL;   /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)md; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    size_t slot = h % HTML_SLOTS;
    json_t *out = NULL;
    pthread_mutex_lock(&html_lock);
    if (html_cache[slot].markdown && strcmp(html_cache[slot].markdown, md) == 0) out = model_html(html_cache[slot].html);
    pthread_mutex_unlock(&html_lock);
    if (out) return out;
    const char *html = markdown_html(r->arena, md);
    pthread_mutex_lock(&html_lock);
    free(html_cache[slot].markdown);
    free(html_cache[slot].html);
    html_cache[slot].markdown = xstrdup(md);
    html_cache[slot].html = xstrdup(html);
    pthread_mutex_unlock(&html_lock);
    return model_html(html);
}

/* Adds what pages need to a chapter row: its label, place line and HTML description. */
static void chapter_decorate(Req *r, json_t *ch, bool html)
{
    json_object_set_new(ch, "status_label", json_string(status_label(json_string_value(json_object_get(ch, "status")))));
    json_object_set_new(ch, "is_one_per_sector",
                        json_boolean(str_eq(json_string_value(json_object_get(ch, "sector_rule")), "one_per_sector")));
    json_int_t members = json_integer_value(json_object_get(ch, "member_count"));
    json_int_t capacity = json_integer_value(json_object_get(ch, "capacity"));
    json_object_set_new(ch, "is_full", json_boolean(members >= capacity));
    json_object_set_new(ch, "seats_left", json_integer(capacity > members ? capacity - members : 0));
    json_int_t held = json_integer_value(json_object_get(ch, "meetings_held"));
    json_object_set_new(ch, "_meetings_held_label",
                        json_string(req_printf(r, "%lld meeting%s held", (long long)held, held == 1 ? "" : "s")));
    if (html) json_object_set_new(ch, "_description_html", description_html(r, json_string_value(json_object_get(ch, "description"))));
}

static void decorate_all(Req *r, json_t *list)
{
    size_t i;
    json_t *ch;
    json_array_foreach(list, i, ch) chapter_decorate(r, ch, false);
}

/* ---------- the directory ---------- */

static const char *dir_url(Req *r, const char *place, const char *sector, const char *status, const char *q)
{
    Buf b;
    buf_init(&b, r->arena);
    buf_adds(&b, "/chapters");
    char sep = '?';
    const char *keys[] = { "place", "sector", "status", "q" };
    const char *vals[] = { place, sector, status, q };
    for (int i = 0; i < 4; i++) {
        if (!vals[i] || !*vals[i]) continue;
        buf_printf(&b, "%c%s=", sep, keys[i]);
        str_url_encode(&b, vals[i]);
        sep = '&';
    }
    return buf_str(&b);
}

int chapters_index(Req *r)
{
    Err e = { 0 };
    const char *place_slug = req_query(r, "place"), *sector_slug = req_query(r, "sector");
    const char *status = req_query(r, "status"), *q = req_query(r, "q");
    int64_t page = 1;
    if (req_query(r, "page") && (!str_to_i64(req_query(r, "page"), &page) || page < 1 || page > 100000))
        return req_fail(r, E_BAD_REQUEST, "The page number must be a whole number from 1.");
    DirectoryQuery dq = { 0, 0, "", text_query(r->arena, q).like, PAGE_SIZE, (page - 1) * PAGE_SIZE };
    json_t *place = NULL, *sector = NULL;
    if (!str_empty(place_slug)) {
        if (place_find(r, place_slug, &place) < 0) return -1;
        dq.place_id = json_integer_value(json_object_get(place, "id"));
        req_set(r, "place", place);
    } else place_slug = "";
    if (!str_empty(sector_slug)) {
        int found = sector_by_slug(r->db, &e, sector_slug, &sector);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "There is no sector called \"%s\".", sector_slug);
        dq.sector_id = json_integer_value(json_object_get(sector, "id"));
        req_set(r, "sector", sector);
    } else sector_slug = "";
    if (!str_empty(status)) {
        if (!chapter_status_valid(status))
            return req_fail(r, E_BAD_REQUEST, "The status filter is one of forming, active, dormant or closed.");
        dq.status = status;
    } else status = "";
    if (!q) q = "";

    int64_t total = 0;
    json_t *chapters = chapter_directory(r->db, &e, &dq, &total);
    json_t *by_status = chapters ? chapter_status_counts(r->db, &e, &dq) : NULL;
    json_t *by_sector = by_status ? chapter_sector_counts(r->db, &e, &dq) : NULL;
    /* the places facet: the children of the place (the countries when none); a metro has none */
    json_t *by_place = !by_sector ? NULL
                       : place && !place_child_kind(json_string_value(json_object_get(place, "kind"))) ? json_array()
                       : chapter_place_counts(r->db, &e, &dq);
    json_t *path = by_place && dq.place_id ? place_path(r->db, &e, dq.place_id) : NULL;
    if (!by_place || (dq.place_id && !path)) {
        json_decref(chapters);
        json_decref(by_status);
        json_decref(by_sector);
        json_decref(by_place);
        return req_fail_err(r, &e);
    }
    decorate_all(r, chapters);

    /* facets: each keeps the other filters and toggles its own */
    static const char *order[] = { "active", "forming", "dormant", "closed" };
    json_t *statuses = json_array();
    for (int i = 0; i < 4; i++) {
        int64_t n = 0;
        size_t k;
        json_t *row;
        json_array_foreach(by_status, k, row)
            if (str_eq(json_string_value(json_object_get(row, "status")), order[i])) n = json_integer_value(json_object_get(row, "chapters"));
        bool sel = str_eq(status, order[i]);
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:I, s:b, s:s}", "status", order[i], "label", status_label(order[i]),
                                                  "chapters", (json_int_t)n, "is_selected", sel,
                                                  "url", dir_url(r, place_slug, sector_slug, sel ? "" : order[i], q)));
    }
    size_t k;
    json_t *row;
    json_array_foreach(by_sector, k, row) {
        const char *slug = json_string_value(json_object_get(row, "slug"));
        bool sel = str_eq(slug, sector_slug);
        json_object_set_new(row, "is_selected", json_boolean(sel));
        json_object_set_new(row, "url", json_string(dir_url(r, place_slug, sel ? "" : slug, status, q)));
    }
    json_array_foreach(by_place, k, row)
        json_object_set_new(row, "url", json_string(dir_url(r, json_string_value(json_object_get(row, "slug")), sector_slug, status, q)));
    if (path) req_set(r, "place_path", path);
    json_decref(by_status);

    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    req_set(r, "chapters", chapters);
    req_set_int(r, "total", total);
    req_set_int(r, "page", page);
    req_set_int(r, "pages", pages);
    req_set_bool(r, "_has_pages", pages > 1);
    req_set_str(r, "_total_label", req_printf(r, "%lld chapter%s found", (long long)total, total == 1 ? "" : "s"));
    req_set(r, "filters", json_pack("{s:s, s:s, s:s, s:s}", "place", place_slug, "sector", sector_slug, "status", status, "q", q));
    req_set(r, "facets", json_pack("{s:o, s:o, s:o}", "statuses", statuses, "sectors", by_sector, "places", by_place));
    bool filtered = *place_slug || *sector_slug || *status || *q;
    req_set_bool(r, "_is_filtered", filtered);
    req_set_str(r, "_clear_url", "/chapters");
    const char *base = dir_url(r, place_slug, sector_slug, status, q);
    char sep = strchr(base, '?') ? '&' : '?';
    if (page > 1) req_set_str(r, "_prev_url", req_printf(r, "%s%cpage=%lld", base, sep, (long long)page - 1));
    if (page < pages) req_set_str(r, "_next_url", req_printf(r, "%s%cpage=%lld", base, sep, (long long)page + 1));
    return req_page(r, "network/directory");
}

/* ---------- places and sectors ---------- */

int places_index(Req *r)
{
    Err e = { 0 };
    json_t *flat = place_all(r->db, &e);
    if (!flat) return req_fail_err(r, &e);
    req_set(r, "places", place_tree(flat));
    json_t *countries = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(flat, i, p)
        if (!json_integer_value(json_object_get(p, "parent_id")) || str_eq(json_string_value(json_object_get(p, "kind")), "region"))
            json_array_append_new(countries, json_pack("{s:O, s:s}", "id", json_object_get(p, "id"), "label",
                                                       req_printf(r, "%s (%s)", json_string_value(json_object_get(p, "name")),
                                                                  json_string_value(json_object_get(p, "kind")))));
    json_decref(flat);
    req_set(r, "_parents", countries);
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_pack("{s:s}", "timezone", "UTC"));
    return req_page(r, "network/places");
}

typedef struct NewPlace {
    int64_t parent;
    const char *kind, *name, *slug, *tz;
    int64_t id;
} NewPlace;

static int place_tx(DbConn *c, void *ctx, Err *e)
{
    NewPlace *p = ctx;
    return place_insert(c, e, p->parent, p->kind, p->name, p->slug, p->tz, &p->id);
}

int place_create(Req *r)
{
    Err e = { 0 };
    NewPlace p = { 0, "country", req_input(r, "name"), req_input(r, "slug"), req_input(r, "timezone"), 0 };
    json_t *parent = NULL;
    if (req_input_int(r, "parent_id", &p.parent) > 0 && p.parent) {
        int found = place_by_id(r->db, &e, p.parent, &parent);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) req_error(r, "parent_id", "There is no such parent place.");
        else {
            p.kind = place_child_kind(json_string_value(json_object_get(parent, "kind")));
            if (!p.kind) req_error(r, "parent_id", "Metros are the smallest places; choose a country or a region as the parent.");
        }
    }
    if (account_name_check(p.name, "name", &e) < 0) req_error(r, "name", "%s", e.msg);
    if (str_empty(p.slug) && p.name) p.slug = str_slugify(r->arena, p.name);
    if (!req_has_errors(r) && !str_slug_valid(p.slug))
        req_error(r, "slug", "The web address may use lower-case letters, digits and single hyphens, like lisbon.");
    if (str_empty(p.tz)) p.tz = parent && !str_empty(json_string_value(json_object_get(parent, "timezone")))
                                    ? json_string_value(json_object_get(parent, "timezone")) : "UTC";
    if (!str_eq(p.tz, "UTC") && !icaltimezone_get_builtin_timezone(p.tz))
        req_error(r, "timezone", "Please give a time zone by its IANA name, like Europe/Lisbon.");
    if (req_has_errors(r)) {
        json_decref(parent);
        if (r->api) return req_invalid(r, NULL);
        places_index(r);
        return req_invalid(r, "network/places");
    }
    p.kind = arena_strdup(r->arena, p.kind);
    p.tz = arena_strdup(r->arena, p.tz);
    json_decref(parent);
    if (db_write(r->db, place_tx, &p, &e) < 0) {
        if (e.code == E_CONFLICT && e.field[0]) {
            req_error(r, e.field, "%s", e.msg);
            if (r->api) return req_invalid(r, NULL);
            places_index(r);
            return req_invalid(r, "network/places");
        }
        return req_fail_err(r, &e);
    }
    req_set(r, "place", json_pack("{s:I, s:o, s:s, s:s, s:s, s:s}", "id", (json_int_t)p.id,
                                  "parent_id", p.parent ? json_integer(p.parent) : json_null(), "kind", p.kind,
                                  "name", p.name, "slug", p.slug, "timezone", p.tz));
    return req_created(r, req_printf(r, "/places/%s", p.slug), req_printf(r, "%s is added.", p.name));
}

int place_show(Req *r)
{
    Err e = { 0 };
    json_t *place = json_incref(r->place);
    int64_t id = r->place_id;
    json_t *flat = place_all(r->db, &e);
    json_t *density = flat ? place_density(r->db, &e, id) : NULL;
    json_t *sectors = density ? sector_all(r->db, &e) : NULL;
    json_t *chapters = sectors ? place_chapters(r->db, &e, id, 100) : NULL;
    if (!chapters) {
        json_decref(place);
        json_decref(flat);
        json_decref(density);
        json_decref(sectors);
        return req_fail_err(r, &e);
    }
    json_t *tree = place_tree(flat);
    json_t *node = place_tree_find(tree, id);
    json_t *metros = place_metros(node);
    decorate_all(r, chapters);
    json_object_set(place, "chapters", json_object_get(node, "chapters"));
    json_object_set(place, "active", json_object_get(node, "active"));
    json_object_set(place, "members", json_object_get(node, "members"));
    req_set(r, "place", place);
    req_set(r, "ancestors", place_ancestors(flat, id));
    req_set(r, "subplaces", json_incref(json_object_get(node, "children")));
    req_set(r, "density", density_table(density, metros, sectors));
    req_set(r, "chapters", chapters);
    req_set_str(r, "_directory_url", dir_url(r, req_param(r, "place"), "", "", ""));
    json_decref(metros);
    json_decref(tree);
    json_decref(flat);
    json_decref(density);
    json_decref(sectors);
    return req_page(r, "network/place");
}

int sectors_index(Req *r)
{
    Err e = { 0 };
    json_t *sectors = sector_all(r->db, &e);
    if (!sectors) return req_fail_err(r, &e);
    size_t i;
    json_t *s;
    json_array_foreach(sectors, i, s)
        json_object_set_new(s, "url", json_string(dir_url(r, "", json_string_value(json_object_get(s, "slug")), "", "")));
    req_set(r, "sectors", sectors);
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_object());
    return req_page(r, "network/sectors");
}

typedef struct NewSector {
    const char *name, *slug, *description;
    int64_t id;
} NewSector;

static int sector_tx(DbConn *c, void *ctx, Err *e)
{
    NewSector *s = ctx;
    return sector_insert(c, e, s->name, s->slug, s->description, &s->id);
}

int sector_create(Req *r)
{
    Err e = { 0 };
    NewSector s = { req_input(r, "name"), NULL, req_input(r, "description"), 0 };
    if (account_name_check(s.name, "name", &e) < 0) req_error(r, "name", "%s", e.msg);
    else if (!*(s.slug = str_slugify(r->arena, s.name))) req_error(r, "name", "Please use some letters or digits in the name.");
    if (!s.description) s.description = "";
    if (str_utf8_len(s.description) > 500) req_error(r, "description", "Please keep the description under 500 characters.");
    if (!req_has_errors(r) && db_write(r->db, sector_tx, &s, &e) < 0) {
        if (e.code != E_CONFLICT) return req_fail_err(r, &e);
        req_error(r, "name", "%s", e.msg);
    }
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, NULL);
        sectors_index(r);
        return req_invalid(r, "network/sectors");
    }
    req_set(r, "sector", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)s.id, "name", s.name, "slug", s.slug,
                                   "description", s.description));
    return req_created(r, dir_url(r, "", s.slug, "", ""), req_printf(r, "The sector %s is added.", s.name));
}

/* ---------- chapters ---------- */

static void chapter_form_options(Req *r, int64_t metro, int64_t sector, const char *status)
{
    Err e = { 0 };
    json_t *metros = metro_options(r->db, &e), *sectors = sector_options(r->db, &e);
    options_select(metros, metro);
    options_select(sectors, sector);
    req_set(r, "_metros", metros ? metros : json_array());
    req_set(r, "_sectors", sectors ? sectors : json_array());
    json_t *statuses = json_array();
    static const char *all[] = { "forming", "active", "dormant", "closed" };
    for (int i = 0; i < 4; i++)
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "id", all[i], "label", status_label(all[i]),
                                                  "is_selected", str_eq(status, all[i])));
    req_set(r, "_statuses", statuses);
}

int chapter_new_form(Req *r)
{
    chapter_form_options(r, r->me.metro_id, 0, "forming");
    req_set(r, "values", json_pack("{s:i}", "capacity", CHAPTER_CAPACITY_DEFAULT));
    return req_page(r, "network/chapter_new");
}

/* Reads and checks the chapter form; fields absent from an API call keep `base`'s values. */
static void read_chapter_fields(Req *r, ChapterFields *f, const ChapterFields *base)
{
    Err e = { 0 };
    *f = *base;
    const char *v;
    if ((v = req_input(r, "name"))) f->name = v;
    if ((v = req_input(r, "description"))) f->description = v;
    if ((v = req_input(r, "status"))) f->status = v;
    int64_t n;
    int got = req_input_int(r, "capacity", &n);
    if (got > 0) f->capacity = n;
    if ((got = req_input_int(r, "metro_id", &n)) > 0) f->metro_id = n;
    else if (got == 0 && (!r->json || json_object_get(r->json, "metro_id"))) f->metro_id = 0;
    if ((got = req_input_int(r, "sector_id", &n)) > 0) f->sector_id = n;
    else if (got == 0 && (!r->json || json_object_get(r->json, "sector_id"))) f->sector_id = 0;
    if (!r->json || json_object_get(r->json, "one_per_sector"))
        f->sector_rule = req_input_bool(r, "one_per_sector") ? "one_per_sector" : "open";
    if (!f->name) f->name = "";
    if (!f->description) f->description = "";
    /* every field gets its own message */
    if (chapter_name_check(f->name, &e) < 0) req_error(r, e.field, "%s", e.msg);
    if (f->slug && chapter_slug_check(f->slug, &e) < 0) req_error(r, e.field, "%s", e.msg);
    if (chapter_description_check(f->description, &e) < 0) req_error(r, e.field, "%s", e.msg);
    if (chapter_capacity_check(f->capacity, &e) < 0) req_error(r, e.field, "%s", e.msg);
    if (chapter_status_check(f->status, &e) < 0) req_error(r, e.field, "%s", e.msg);
    if (!f->metro_id) req_error(r, "metro_id", "Please choose the city where the chapter meets.");
    else if (metro_exists(r->db, &e, f->metro_id) != 1) req_error(r, "metro_id", "Please choose a city from the list.");
    if (f->sector_id && sector_exists(r->db, &e, f->sector_id) != 1) req_error(r, "sector_id", "Please choose a sector from the list.");
}

typedef struct NewChapter {
    ChapterFields f;
    int64_t by, id;
} NewChapter;

static int chapter_create_tx(DbConn *c, void *ctx, Err *e)
{
    NewChapter *n = ctx;
    int taken = chapter_slug_taken(c, e, n->f.slug);
    if (taken < 0) return -1;
    if (taken) return err_field(e, E_CONFLICT, "slug", "The web address /chapters/%s is taken; please choose another.", n->f.slug);
    return chapter_insert(c, e, &n->f, n->by, &n->id);
}

int chapter_create(Req *r)
{
    Err e = { 0 };
    ChapterFields base = { NULL, NULL, "", "forming", "open", r->me.metro_id, 0, CHAPTER_CAPACITY_DEFAULT };
    NewChapter n = { .by = r->me.id };
    const char *slug = req_input(r, "slug");
    bool auto_slug = str_empty(slug);
    base.slug = auto_slug ? "auto" : slug;
    read_chapter_fields(r, &n.f, &base);
    n.f.status = "forming";
    if (auto_slug && !req_has_errors(r)) {
        /* the name makes the address; a number is added while it is taken */
        const char *stem = str_slugify(r->arena, n.f.name);
        if (!*stem || slug_reserved(stem)) stem = "chapter";
        n.f.slug = stem;
        for (int i = 2; i < 100; i++) {
            int taken = chapter_slug_taken(r->db, &e, n.f.slug);
            if (taken < 0) return req_fail_err(r, &e);
            if (!taken) break;
            n.f.slug = req_printf(r, "%.*s-%d", 55, stem, i);
        }
    }
    if (!req_has_errors(r) && db_write(r->db, chapter_create_tx, &n, &e) < 0) {
        if (!(e.code == E_CONFLICT && e.field[0])) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        chapter_form_options(r, n.f.metro_id, n.f.sector_id, "forming");
        return req_invalid(r, "network/chapter_new");
    }
    log_info("chapter %s started by %lld", n.f.slug, (long long)r->me.id);
    json_t *ch = NULL;
    int64_t id;
    const char *role;
    if (chapter_load(r->db, r->arena, &e, n.f.slug, r->me.id, &ch, &id, &role) <= 0) return req_fail_err(r, &e);
    chapter_decorate(r, ch, false);
    req_set(r, "chapter", ch);
    return req_created(r, req_printf(r, "/chapters/%s", n.f.slug),
                       "Your chapter is started. Invite the first members: a chapter becomes active after its first meetings.");
}

int chapter_show(Req *r)
{
    Err e = { 0 };
    json_t *ch = json_incref(r->chapter);   /* the request's own copy, loaded by the guard: decorated in place */
    chapter_decorate(r, ch, !r->api);
    json_t *connectors = chapter_connectors(r->db, &e, r->chapter_id);
    if (!connectors) {
        json_decref(ch);
        return req_fail_err(r, &e);
    }
    json_object_set_new(ch, "connectors", connectors);
    req_set(r, "chapter", ch);
    bool member = r->chapter_role != NULL, connector = str_eq(r->chapter_role, "connector");
    json_t *viewer = json_pack("{s:s?, s:b, s:b, s:b}", "role", r->chapter_role, "is_member", member,
                               "is_connector", connector, "can_edit", connector || r->me.is_admin);
    req_set(r, "viewer", viewer);
    if (member || r->me.is_admin) {
        json_t *members = chapter_member_list(r->db, &e, r->chapter_id);
        if (!members) return req_fail_err(r, &e);
        req_set(r, "members", members);
    }
    json_t *health = chapter_health(r->db, &e, r->arena, r->chapter_id, json_string_value(json_object_get(ch, "timezone")), member);
    if (!health) return req_fail_err(r, &e);
    req_set(r, "health", health);
    if (connector || r->me.is_admin) {
        json_t *pending = NULL;
        if (chapter_pending_counts(r->db, &e, r->chapter_id, now_unix(), &pending) < 0) return req_fail_err(r, &e);
        req_set(r, "pending", pending);
    }
    if (r->me.id && !member) {
        json_t *mine = NULL;
        int found = my_join_request(r->db, &e, r->chapter_id, r->me.id, &mine);
        if (found < 0) return req_fail_err(r, &e);
        if (found) req_set(r, "my_request", mine);
        bool closed = str_eq(json_string_value(json_object_get(ch, "status")), "closed");
        json_object_set_new(viewer, "can_request", json_boolean(!found && !closed));
    }
    req_set_bool(r, "_is_anonymous", r->me.id == 0);
    return req_page(r, "network/chapter");
}

static void chapter_values(Req *r)
{
    json_t *ch = r->chapter;
    req_set(r, "values", json_pack("{s:O, s:O, s:O, s:O, s:b}", "name", json_object_get(ch, "name"),
                                   "description", json_object_get(ch, "description"), "capacity", json_object_get(ch, "capacity"),
                                   "status", json_object_get(ch, "status"),
                                   "one_per_sector", str_eq(json_string_value(json_object_get(ch, "sector_rule")), "one_per_sector")));
}

int chapter_edit_form(Req *r)
{
    req_set(r, "chapter", json_incref(r->chapter));
    chapter_values(r);
    chapter_form_options(r, json_integer_value(json_object_get(r->chapter, "metro_id")),
                         json_integer_value(json_object_get(r->chapter, "sector_id")),
                         json_string_value(json_object_get(r->chapter, "status")));
    return req_page(r, "network/chapter_edit");
}

typedef struct SaveChapter {
    int64_t id;
    ChapterFields f;
} SaveChapter;

static int chapter_save_tx(DbConn *c, void *ctx, Err *e)
{
    SaveChapter *s = ctx;
    return chapter_save(c, e, s->id, &s->f);
}

int chapter_update(Req *r)
{
    Err e = { 0 };
    json_t *ch = r->chapter;
    ChapterFields base = {
        json_string_value(json_object_get(ch, "name")), NULL, json_string_value(json_object_get(ch, "description")),
        json_string_value(json_object_get(ch, "status")), json_string_value(json_object_get(ch, "sector_rule")),
        json_integer_value(json_object_get(ch, "metro_id")), json_integer_value(json_object_get(ch, "sector_id")),
        json_integer_value(json_object_get(ch, "capacity")),
    };
    SaveChapter s = { r->chapter_id };
    read_chapter_fields(r, &s.f, &base);
    if (!req_has_errors(r) && db_write(r->db, chapter_save_tx, &s, &e) < 0) {
        if (!(e.code == E_CONFLICT && e.field[0])) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        req_set(r, "chapter", json_incref(r->chapter));
        chapter_form_options(r, s.f.metro_id, s.f.sector_id, s.f.status);
        return req_invalid(r, "network/chapter_edit");
    }
    const char *slug = json_string_value(json_object_get(ch, "slug"));
    if (r->api) {
        json_t *fresh = NULL;
        int64_t id;
        const char *role;
        if (chapter_load(r->db, r->arena, &e, slug, r->me.id, &fresh, &id, &role) <= 0) return req_fail_err(r, &e);
        chapter_decorate(r, fresh, false);
        req_set(r, "chapter", fresh);
    }
    return req_redirect(r, req_printf(r, "/chapters/%s", slug), "The chapter is saved.");
}

int chapter_members(Req *r)
{
    Err e = { 0 };
    json_t *members = chapter_member_list(r->db, &e, r->chapter_id);
    if (!members) return req_fail_err(r, &e);
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
        json_object_set_new(m, "is_me", json_boolean(json_integer_value(json_object_get(m, "id")) == r->me.id));
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "members", members);
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", str_eq(r->chapter_role, "connector")));
    return req_page(r, "network/members_of");
}

/* ---------- leaving, removing, connectors ---------- */

typedef struct MemberChange {
    int64_t chapter, user, actor;
    bool hand_over;
    const char *chapter_name;
    char target_role[16];
} MemberChange;

static int leave_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    char role[16] = "";
    int found = membership_role(c, e, m->chapter, m->user, role, sizeof role);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_CONFLICT, "You are not a member of %s.", m->chapter_name);
    if (str_eq(role, "connector")) {
        int64_t connectors = 0, members = 0;
        if (connector_count(c, e, m->chapter, &connectors) < 0) return -1;
        if (chapter_member_count(c, e, m->chapter, &members) < 0) return -1;
        if (connectors == 1 && members > 1)
            return err_set(e, E_CONFLICT, "You are the only connector of %s. Make another member a connector before you leave.",
                           m->chapter_name);
    }
    return membership_remove(c, e, m->chapter, m->user, "left", m->user);
}

int chapter_leave(Req *r)
{
    Err e = { 0 };
    MemberChange m = { r->chapter_id, r->me.id, r->me.id, false, json_string_value(json_object_get(r->chapter, "name")), "" };
    if (db_write(r->db, leave_tx, &m, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, "/me", req_printf(r, "You have left %s.", m.chapter_name));
}

static int step_down_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    int64_t connectors = 0;
    if (connector_count(c, e, m->chapter, &connectors) < 0) return -1;
    if (connectors < 2)
        return err_set(e, E_CONFLICT, "%s needs a connector: make another member a connector first, then step down.", m->chapter_name);
    return membership_set_role(c, e, m->chapter, m->user, "member", m->actor);
}

int connector_step_down(Req *r)
{
    Err e = { 0 };
    MemberChange m = { r->chapter_id, r->me.id, r->me.id, false, json_string_value(json_object_get(r->chapter, "name")), "" };
    if (db_write(r->db, step_down_tx, &m, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s", json_string_value(json_object_get(r->chapter, "slug"))),
                        "You are now a member; the other connectors carry on.");
}

static int remove_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    int found = membership_role(c, e, m->chapter, m->user, m->target_role, sizeof m->target_role);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "That person is not a member of %s.", m->chapter_name);
    if (str_eq(m->target_role, "connector"))
        return err_set(e, E_CONFLICT, "Connectors cannot remove each other; ask them to step down first.");
    return membership_remove(c, e, m->chapter, m->user, "removed", m->actor);
}

int member_remove(Req *r)
{
    Err e = { 0 };
    int64_t who = req_id(r, "member");
    if (!who) return req_fail(r, E_NOT_FOUND, "There is no such member.");
    if (who == r->me.id) return req_fail(r, E_CONFLICT, "To leave the chapter yourself, use \"Leave this chapter\".");
    MemberChange m = { r->chapter_id, who, r->me.id, false, json_string_value(json_object_get(r->chapter, "name")), "" };
    if (db_write(r->db, remove_tx, &m, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s/members", json_string_value(json_object_get(r->chapter, "slug"))),
                        "The member is removed from the chapter.");
}

static int connector_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    int found = membership_role(c, e, m->chapter, m->user, m->target_role, sizeof m->target_role);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "That person is not a member of %s.", m->chapter_name);
    if (str_eq(m->target_role, "connector") && !m->hand_over)
        return err_set(e, E_CONFLICT, "That member is already a connector.");
    if (!str_eq(m->target_role, "connector") && membership_set_role(c, e, m->chapter, m->user, "connector", m->actor) < 0)
        return -1;
    if (m->hand_over) return membership_set_role(c, e, m->chapter, m->actor, "member", m->actor);
    return 0;
}

int member_make_connector(Req *r)
{
    Err e = { 0 };
    int64_t who = req_id(r, "member");
    if (!who) return req_fail(r, E_NOT_FOUND, "There is no such member.");
    if (who == r->me.id) return req_fail(r, E_CONFLICT, "You are already a connector.");
    MemberChange m = { r->chapter_id, who, r->me.id, req_input_bool(r, "hand_over"),
                       json_string_value(json_object_get(r->chapter, "name")), "" };
    if (db_write(r->db, connector_tx, &m, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s/members", json_string_value(json_object_get(r->chapter, "slug"))),
                        m.hand_over ? "You have handed over the connector role; you remain a member."
                                    : "The member is now a connector of the chapter.");
}

/* ---------- invitations ---------- */

static int invitations_model(Req *r)
{
    Err e = { 0 };
    json_t *list = invitation_list(r->db, &e, r->chapter_id);
    if (!list) return req_fail_err(r, &e);
    int64_t now = now_unix();
    size_t i;
    json_t *inv;
    json_array_foreach(list, i, inv) {
        const char *state = invitation_state(json_integer_value(json_object_get(inv, "expires_at")),
                                             json_integer_value(json_object_get(inv, "accepted_at")),
                                             json_integer_value(json_object_get(inv, "revoked_at")), now);
        json_object_set_new(inv, "state", json_string(state));
        json_object_set_new(inv, "is_pending", json_boolean(str_eq(state, "pending")));
    }
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "invitations", list);
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", str_eq(r->chapter_role, "connector")));
    if (!json_object_get(req_model(r), "values")) req_set(r, "values", json_object());
    return 0;
}

int invitations_index(Req *r)
{
    if (invitations_model(r) < 0) return -1;
    return req_page(r, "network/invitations");
}

typedef struct NewInvitation {
    int64_t chapter, by, id;
    const char *email, *hash, *message, *link, *chapter_name, *inviter;
} NewInvitation;

static int invitation_tx(DbConn *c, void *ctx, Err *e)
{
    NewInvitation *n = ctx;
    if (invitation_insert(c, e, n->chapter, n->email, n->hash, n->message, n->by, &n->id) < 0) return -1;
    return mail_queuef(c, e, n->email, "invitation", "{s:s, s:s, s:s, s:s}", "inviter", n->inviter, "chapter",
                       n->chapter_name, "message", n->message, "link", n->link);
}

int invitation_create(Req *r)
{
    Err e = { 0 };
    const char *email = str_lower(r->arena, req_input(r, "email") ? req_input(r, "email") : "");
    const char *message = req_input(r, "message");
    if (!message) message = "";
    if (!str_email_valid(email)) req_error(r, "email", "Please enter a valid e-mail address, like ana@example.org.");
    if (str_utf8_len(message) > MESSAGE_MAX) req_error(r, "message", "Please keep the message under %d characters.", MESSAGE_MAX);
    const char *token = token_new(r->arena);
    NewInvitation n = { r->chapter_id, r->me.id, 0, email, token_hash(r->arena, token), message,
                        req_printf(r, "%s/invitations/%s", r->app->public_url, token),
                        json_string_value(json_object_get(r->chapter, "name")), r->me.name };
    if (!req_has_errors(r) && db_write(r->db, invitation_tx, &n, &e) < 0) {
        if (e.code != E_CONFLICT || !e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        if (invitations_model(r) < 0) return -1;
        return req_invalid(r, "network/invitations");
    }
    log_info("invitation %lld to chapter %lld sent by %lld", (long long)n.id, (long long)r->chapter_id, (long long)r->me.id);
    if (!r->api && invitations_model(r) < 0) return -1;
    if (r->api) req_set_str(r, "message", req_printf(r, "The invitation to %s is ready; the e-mail is queued.", email));
    req_set(r, "invitation", json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)n.id, "email", email, "link", n.link,
                                       "expires_at", (json_int_t)(now_unix() + INVITATION_TTL_SECONDS)));
    r->status = 201;
    req_header(r, "Location", req_printf(r, "%s/chapters/%s/invitations", r->api ? "/api/v1" : "",
                                         json_string_value(json_object_get(r->chapter, "slug"))));
    return req_page(r, "network/invitations");
}

typedef struct ChapterItem {
    int64_t chapter, id, actor;
    const char *reason;
    int changed;
    json_t *row;
    const char *chapter_name, *slug;
} ChapterItem;

static int revoke_invitation_tx(DbConn *c, void *ctx, Err *e)
{
    ChapterItem *it = ctx;
    it->changed = invitation_revoke_one(c, e, it->chapter, it->id);
    return it->changed < 0 ? -1 : 0;
}

int invitation_revoke(Req *r)
{
    Err e = { 0 };
    ChapterItem it = { r->chapter_id, req_id(r, "id"), r->me.id };
    if (!it.id) return req_fail(r, E_NOT_FOUND, "There is no such invitation.");
    if (db_write(r->db, revoke_invitation_tx, &it, &e) < 0) return req_fail_err(r, &e);
    if (!it.changed) {
        int64_t known = 0;
        Err e2 = { 0 };
        if (invitation_exists(r->db, &e2, r->chapter_id, it.id, &known) < 0) return req_fail_err(r, &e2);
        if (!known) return req_fail(r, E_NOT_FOUND, "This chapter has no invitation with that number.");
        return req_fail(r, E_CONFLICT, "That invitation is not pending (already accepted, revoked or expired).");
    }
    return req_redirect(r, req_printf(r, "/chapters/%s/invitations", json_string_value(json_object_get(r->chapter, "slug"))),
                        "The invitation is revoked; its link no longer works.");
}

/* ---------- the invitee's side ---------- */

int invitation_show(Req *r)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    json_t *inv = NULL;
    int found = strlen(token) < 100 ? invitation_by_token(r->db, &e, token, &inv) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This invitation link is not valid. Check that you copied all of it, or ask for a new one.");
    const char *state = invitation_state(json_integer_value(json_object_get(inv, "expires_at")),
                                         json_integer_value(json_object_get(inv, "accepted_at")),
                                         json_integer_value(json_object_get(inv, "revoked_at")), now_unix());
    if (!str_eq(state, "pending")) {
        const char *slug = req_printf(r, "%s", json_string_value(json_object_get(inv, "chapter_slug")));
        int64_t chapter = json_integer_value(json_object_get(inv, "chapter_id"));
        json_decref(inv);
        if (str_eq(state, "expired")) return req_fail(r, E_GONE, "This invitation has expired (they last 14 days). Ask the connector for a new one.");
        if (str_eq(state, "accepted")) {
            char role[16];
            if (r->me.id && membership_role(r->db, &e, chapter, r->me.id, role, sizeof role) == 1)
                return req_redirect(r, req_printf(r, "/chapters/%s", slug), "You are a member of this chapter already.");
            return req_fail(r, E_GONE, "This invitation has already been used.");
        }
        return req_fail(r, E_GONE, "This invitation was withdrawn by the chapter.");
    }
    model_set_markdown(inv, "_description_html", r->arena, json_string_value(json_object_get(inv, "chapter_description")));
    json_object_del(inv, "chapter_id");
    int64_t current = pledge_current(r->db, &e);
    if (current < 0) {
        json_decref(inv);
        return req_fail_err(r, &e);
    }
    if (current) {
        json_t *p = NULL;
        if (pledge_get(r->db, &e, current, &p) < 0) {
            json_decref(inv);
            return req_fail_err(r, &e);
        }
        model_set_markdown(p, "_body_html", r->arena, json_string_value(json_object_get(p, "body")));
        req_set(r, "pledge", p);
    }
    bool other_email = r->me.id && !str_eq(r->me.email, json_string_value(json_object_get(inv, "email")));
    req_set(r, "invitation", inv);
    req_set_str(r, "token", token);
    req_set_bool(r, "is_logged_in", r->me.id != 0);
    req_set_bool(r, "needs_pledge", current && r->me.pledge_version < current);
    req_set_bool(r, "is_other_email", other_email);
    Buf here;
    buf_init(&here, r->arena);
    str_url_encode(&here, req_printf(r, "/invitations/%s", token));
    req_set_str(r, "_here_q", buf_str(&here));
    return req_page(r, "network/invitation");
}

typedef struct AcceptInvitation {
    const char *token;
    int64_t user, pledge;
    int64_t chapter_id;
    const char *slug, *name;
    Arena *arena;
} AcceptInvitation;

static int accept_invitation_tx(DbConn *c, void *ctx, Err *e)
{
    AcceptInvitation *a = ctx;
    json_t *inv = NULL;
    int found = invitation_find(c, e, a->token, &inv);
    if (found < 0) return -1;
    if (!found) {
        json_t *any = NULL;
        int known = invitation_by_token(c, e, a->token, &any);
        json_decref(any);
        if (known < 0) return -1;
        if (!known) return err_set(e, E_NOT_FOUND, "This invitation link is not valid. Check that you copied all of it, or ask for a new one.");
        return err_set(e, E_GONE, "This invitation is no longer valid (used, withdrawn or expired).");
    }
    a->chapter_id = json_integer_value(json_object_get(inv, "chapter_id"));
    a->slug = arena_strdup(a->arena, json_string_value(json_object_get(inv, "chapter_slug")));
    a->name = arena_strdup(a->arena, json_string_value(json_object_get(inv, "chapter_name")));
    int64_t id = json_integer_value(json_object_get(inv, "id"));
    json_decref(inv);
    if (a->pledge && pledge_accept(c, e, a->user, a->pledge) < 0) return -1;
    int changed = invitation_mark_accepted(c, e, id, a->user);
    if (changed < 0) return -1;
    if (changed == 0) return err_set(e, E_GONE, "This invitation has just been used.");
    return membership_add(c, e, a->chapter_id, a->user, "member", a->user);
}

int invitation_accept(Req *r)
{
    Err e = { 0 };
    AcceptInvitation a = { req_param(r, "token"), r->me.id, 0, 0, NULL, NULL, r->arena };
    if (strlen(a.token) >= 100) return req_fail(r, E_NOT_FOUND, "This invitation link is not valid.");
    int64_t current = pledge_current(r->db, &e);
    if (current < 0) return req_fail_err(r, &e);
    if (current && r->me.pledge_version < current) {
        int64_t version = 0;
        if (!req_input_bool(r, "accept_pledge")) {
            req_error(r, "accept_pledge", "To join, please accept the collaboration pledge (tick the box).");
            if (r->api) return req_invalid(r, NULL);
            if (invitation_show(r) < 0) return -1;
            return req_invalid(r, "network/invitation");
        }
        if (req_input_int(r, "pledge_version", &version) <= 0 || version != current)
            return req_fail(r, E_CONFLICT, "The pledge has changed since you opened the page; please read it again (version %lld).",
                            (long long)current);
        a.pledge = current;
    }
    if (db_write(r->db, accept_invitation_tx, &a, &e) < 0) return req_fail_err(r, &e);
    log_info("invitation accepted: %lld joined chapter %s", (long long)r->me.id, a.slug);
    req_set(r, "chapter", json_pack("{s:s, s:s}", "slug", a.slug, "name", a.name));
    return req_redirect(r, req_printf(r, "/chapters/%s", a.slug),
                        req_printf(r, "Welcome to %s! You are now a member.", a.name));
}

/* ---------- requests to join ---------- */

typedef struct NewRequest {
    int64_t chapter, user, id;
    const char *message, *chapter_name, *requester, *link;
} NewRequest;

static int request_tx(DbConn *c, void *ctx, Err *e)
{
    NewRequest *n = ctx;
    char role[16];
    int member = membership_role(c, e, n->chapter, n->user, role, sizeof role);
    if (member < 0) return -1;
    if (member) return err_set(e, E_CONFLICT, "You are already a member of %s.", n->chapter_name);
    if (join_request_insert(c, e, n->chapter, n->user, n->message, &n->id) < 0) return -1;
    json_t *connectors = chapter_connector_emails(c, e, n->chapter);
    if (!connectors) return -1;
    size_t i;
    json_t *row;
    int rc = 0;
    json_array_foreach(connectors, i, row) {
        if ((rc = mail_queuef(c, e, json_string_value(json_object_get(row, "email")), "join_request",
                              "{s:s, s:s, s:s, s:s}", "requester", n->requester, "chapter", n->chapter_name, "message",
                              n->message, "link", n->link)) < 0)
            break;
    }
    json_decref(connectors);
    return rc;
}

int join_request_create(Req *r)
{
    Err e = { 0 };
    const char *message = req_input(r, "message");
    if (!message) message = "";
    if (str_utf8_len(message) > MESSAGE_MAX) {
        req_error(r, "message", "Please keep the message under %d characters.", MESSAGE_MAX);
        return req_invalid(r, NULL);
    }
    if (str_eq(json_string_value(json_object_get(r->chapter, "status")), "closed"))
        return req_fail(r, E_CONFLICT, "This chapter is closed and does not take new members.");
    const char *slug = json_string_value(json_object_get(r->chapter, "slug"));
    NewRequest n = { r->chapter_id, r->me.id, 0, message, json_string_value(json_object_get(r->chapter, "name")), r->me.name,
                     req_printf(r, "%s/chapters/%s/join-requests", r->app->public_url, slug) };
    if (db_write(r->db, request_tx, &n, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "join_request", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)n.id, "status", "pending", "message", message));
    return req_created(r, req_printf(r, "/chapters/%s", slug),
                       "Your request is sent. The chapter's connectors will answer; you will find the answer here.");
}

static int withdraw_tx(DbConn *c, void *ctx, Err *e)
{
    ChapterItem *it = ctx;
    it->changed = join_request_withdraw_mine(c, e, it->chapter, it->actor);
    return it->changed < 0 ? -1 : 0;
}

int join_request_withdraw(Req *r)
{
    Err e = { 0 };
    ChapterItem it = { r->chapter_id, 0, r->me.id };
    if (db_write(r->db, withdraw_tx, &it, &e) < 0) return req_fail_err(r, &e);
    if (!it.changed) return req_fail(r, E_NOT_FOUND, "You have no pending request to join this chapter.");
    return req_redirect(r, req_printf(r, "/chapters/%s", json_string_value(json_object_get(r->chapter, "slug"))),
                        "Your request is withdrawn.");
}

int join_requests_index(Req *r)
{
    Err e = { 0 };
    json_t *list = join_request_list(r->db, &e, r->chapter_id);
    if (!list) return req_fail_err(r, &e);
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "join_requests", list);
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", str_eq(r->chapter_role, "connector")));
    return req_page(r, "network/join_requests");
}

static int decide_tx(DbConn *c, void *ctx, Err *e, bool approve)
{
    ChapterItem *it = ctx;
    int found = join_request_get(c, e, it->chapter, it->id, &it->row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such request for this chapter.");
    if (!str_eq(json_string_value(json_object_get(it->row, "status")), "pending"))
        return err_set(e, E_CONFLICT, "This request was already answered (%s).", json_string_value(json_object_get(it->row, "status")));
    int64_t user = json_integer_value(json_object_get(it->row, "user_id"));
    const char *email = json_string_value(json_object_get(it->row, "email"));
    int rc;
    if (approve) {
        /* admission rules apply as for invitations: capacity, one per sector */
        rc = membership_add(c, e, it->chapter, user, "member", it->actor);
        if (rc == 0)
            rc = mail_queuef(c, e, email, "join_approved", "{s:s, s:s}", "chapter", it->chapter_name, "slug", it->slug);
    } else {
        rc = join_request_close(c, e, it->id, "declined", it->actor, it->reason) < 0 ? -1 : 0;
        if (rc == 0)
            rc = mail_queuef(c, e, email, "join_declined", "{s:s, s:s}", "chapter", it->chapter_name, "reason", it->reason);
    }
    return rc;
}

static int approve_tx(DbConn *c, void *ctx, Err *e) { return decide_tx(c, ctx, e, true); }
static int decline_tx(DbConn *c, void *ctx, Err *e) { return decide_tx(c, ctx, e, false); }

static int decide(Req *r, bool approve)
{
    Err e = { 0 };
    ChapterItem it = { r->chapter_id, req_id(r, "id"), r->me.id, req_input(r, "reason"), 0, NULL,
                       json_string_value(json_object_get(r->chapter, "name")),
                       json_string_value(json_object_get(r->chapter, "slug")) };
    if (!it.reason) it.reason = "";
    if (str_utf8_len(it.reason) > MESSAGE_MAX) {
        req_error(r, "reason", "Please keep the note under %d characters.", MESSAGE_MAX);
        return req_invalid(r, NULL);
    }
    if (!it.id) return req_fail(r, E_NOT_FOUND, "There is no such request.");
    int rc = db_write(r->db, approve ? approve_tx : decline_tx, &it, &e);
    const char *name = it.row ? req_printf(r, "%s", json_string_value(json_object_get(it.row, "name"))) : "";
    json_decref(it.row);
    if (rc < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s/join-requests", it.slug),
                        approve ? req_printf(r, "%s is now a member.", name) : req_printf(r, "The request from %s is declined.", name));
}

int join_request_approve(Req *r) { return decide(r, true); }
int join_request_decline(Req *r) { return decide(r, false); }

/* ---------- members ---------- */

int members_index(Req *r)
{
    Err e = { 0 };
    const char *q = req_query(r, "q"), *place_slug = req_query(r, "place"), *sector_slug = req_query(r, "sector");
    int64_t page = 1, place = 0, sector = 0, total = 0;
    if (req_query(r, "page") && (!str_to_i64(req_query(r, "page"), &page) || page < 1 || page > 100000))
        return req_fail(r, E_BAD_REQUEST, "The page number must be a whole number from 1.");
    json_t *row = NULL;
    if (!str_empty(place_slug)) {
        if (place_find(r, place_slug, &row) < 0) return -1;
        place = json_integer_value(json_object_get(row, "id"));
        req_set(r, "place", row);
    }
    if (!str_empty(sector_slug)) {
        int found = sector_by_slug(r->db, &e, sector_slug, &row);
        if (found <= 0) return found < 0 ? req_fail_err(r, &e) : req_fail(r, E_NOT_FOUND, "There is no sector called \"%s\".", sector_slug);
        sector = json_integer_value(json_object_get(row, "id"));
        req_set(r, "sector", row);
    }
    MemberQuery mq = { text_query(r->arena, q), place, sector, PAGE_SIZE, (page - 1) * PAGE_SIZE };
    json_t *members = member_search(r->db, &e, &mq, &total);
    if (!members) return req_fail_err(r, &e);
    /* beyond the cap the count says "1,000+", and the pages go on while they are full */
    bool more = total > MEMBER_COUNT_CAP;
    if (more) total = MEMBER_COUNT_CAP;
    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    bool next = page < pages || (more && json_array_size(members) == PAGE_SIZE);
    req_set(r, "members", members);
    req_set_int(r, "total", total);
    req_set_int(r, "page", page);
    req_set_str(r, "q", q ? q : "");
    req_set_int(r, "pages", pages);
    _Static_assert(MEMBER_COUNT_CAP == 1000, "the label says 1,000+");
    req_set_str(r, "_total_label", more ? "1,000+" : req_printf(r, "%lld", (long long)total));
    req_set_str(r, "_pages_label", req_printf(r, "%lld%s", (long long)pages, more ? "+" : ""));
    req_set_bool(r, "_has_pages", pages > 1);
    Buf b;
    buf_init(&b, r->arena);
    buf_adds(&b, "/members?q=");
    str_url_encode(&b, q ? q : "");
    if (place) { buf_adds(&b, "&place="); str_url_encode(&b, place_slug); }
    if (sector) { buf_adds(&b, "&sector="); str_url_encode(&b, sector_slug); }
    if (page > 1) req_set_str(r, "_prev_url", req_printf(r, "%s&page=%lld", buf_str(&b), (long long)page - 1));
    if (next) req_set_str(r, "_next_url", req_printf(r, "%s&page=%lld", buf_str(&b), (long long)page + 1));
    return req_page(r, "network/members");
}

int member_show(Req *r)
{
    Err e = { 0 };
    int64_t id = req_id(r, "member");
    json_t *m = NULL;
    int found = id ? member_profile(r->db, &e, id, &m) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no member with that number.");
    if (id != r->me.id && !r->me.is_admin) json_object_del(m, "email");   /* e-mail addresses stay private */
    model_set_markdown(m, "_bio_html", r->arena, json_string_value(json_object_get(m, "bio")));
    json_t *chapters = member_chapters(r->db, &e, id);
    if (!chapters) {
        json_decref(m);
        return req_fail_err(r, &e);
    }
    req_set(r, "member", m);
    req_set(r, "chapters", chapters);
    req_set_bool(r, "is_me", id == r->me.id);
    return req_page(r, "network/member");
}

/* ---------- the home page ---------- */

int home_show(Req *r)
{
    Err e = { 0 };
    json_t *totals = NULL;
    if (network_totals(r->db, &e, &totals) < 0) return req_fail_err(r, &e);
    json_t *recent = recent_chapters(r->db, &e, 6);
    json_t *metros = recent ? top_metros(r->db, &e, 8) : NULL;
    if (!metros) {
        json_decref(totals);
        json_decref(recent);
        return req_fail_err(r, &e);
    }
    req_set(r, "totals", totals);
    decorate_all(r, recent);
    req_set(r, "recent", recent);
    size_t i;
    json_t *m;
    json_array_foreach(metros, i, m) {
        json_int_t n = json_integer_value(json_object_get(m, "chapters"));
        json_object_set_new(m, "_label", json_string(req_printf(r, "%lld chapter%s", (long long)n, n == 1 ? "" : "s")));
    }
    req_set(r, "top_metros", metros);
    req_set_bool(r, "is_empty", json_integer_value(json_object_get(totals, "chapters")) == 0);
    return req_page(r, "home");
}

static int load_chapter(Req *r, const char *slug, Err *e)
{
    return chapter_load(r->db, r->arena, e, slug, r->me.id, &r->chapter, &r->chapter_id, &r->chapter_role);
}

static int load_place(Req *r, const char *slug, Err *e)
{
    int found = place_by_slug(r->db, e, slug, &r->place);
    if (found > 0) r->place_id = json_integer_value(json_object_get(r->place, "id"));
    return found;
}

static const PathLoader loaders[] = {
    { "chapter", "chapter", load_chapter, NULL },
    { "place", "place", load_place, NULL },
    { "member", "member", NULL, NULL },
    { NULL },
};

const Feature network_feature = { .name = "network", .loaders = loaders };
