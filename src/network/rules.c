/* rules.c - rules of the registry and of membership. No I/O. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/unicode.h"
#include "network/network.h"
#include "search/search.h"
#include "web/map.h"

static const char *statuses[] = { "forming", "active", "dormant", "closed" };

const char *chapter_status_label(const char *s)
{
    if (str_eq(s, "forming")) return _("Forming");
    if (str_eq(s, "active")) return _("Active");
    if (str_eq(s, "dormant")) return _("Dormant");
    if (str_eq(s, "closed")) return _("Closed");
    return s;
}

void chapter_status_labels(json_t *rows)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
        json_object_set_new(x, "status_label", json_string(chapter_status_label(json_string_value(json_object_get(x, "status")))));
}

bool chapter_status_valid(const char *status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (str_eq(status, statuses[i])) return true;
    return false;
}

bool place_kind_valid(const char *kind)
{
    return str_eq(kind, "country") || str_eq(kind, "region") || str_eq(kind, "metro");
}

const char *place_kind_label(const char *kind)
{
    if (str_eq(kind, "country")) return _("country");
    if (str_eq(kind, "region")) return _("region");
    if (str_eq(kind, "metro")) return C_("a kind of place", "city");
    return kind ? kind : "";
}

const char *place_kind_sentence(const char *kind)
{
    if (str_eq(kind, "country")) return _("A country");
    if (str_eq(kind, "region")) return _("A region");
    if (str_eq(kind, "metro")) return _("A city");
    return "";
}

void place_kind_labels(json_t *places)
{
    size_t i;
    json_t *p;
    json_array_foreach(places, i, p)
        json_object_set_new(p, "kind_label", json_string(place_kind_label(json_string_value(json_object_get(p, "kind")))));
}

const char *place_child_kind(const char *parent_kind)
{
    if (!parent_kind) return "country";
    if (str_eq(parent_kind, "country")) return "region";
    if (str_eq(parent_kind, "region")) return "metro";
    return NULL;
}

void place_position_read(PlacePosition *p, FieldErrs *problems)
{
    bool has_lat = !str_empty(p->latitude), has_lon = !str_empty(p->longitude);
    p->is_set = false;
    if (!has_lat && !has_lon) return;
    bool lat_ok = has_lat && map_degrees_parse(p->latitude, LAT_E6_MAX, &p->lat_e6);
    bool lon_ok = has_lon && map_degrees_parse(p->longitude, LON_E6_MAX, &p->lon_e6);
    if (!has_lat) field_err(problems, "latitude", "Please give the latitude too, or neither.");
    else if (!lat_ok)
        field_err(problems, "latitude", "The latitude is a number of degrees from -90 (south) to 90 (north), like 38.7223.");
    if (!has_lon) field_err(problems, "longitude", "Please give the longitude too, or neither.");
    else if (!lon_ok)
        field_err(problems, "longitude", "The longitude is a number of degrees from -180 (west) to 180 (east), like -9.1393.");
    p->is_set = lat_ok && lon_ok;
}

bool slug_reserved(const char *slug)
{
    static const char *reserved[] = { "new", "edit", "api", "admin", "assets", "me", "login", "logout",
                                      "signup", "search", "feed", "all" };
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (str_eq(slug, reserved[i])) return true;
    return false;
}

int chapter_name_check(const char *name, Err *e)
{
    if (str_empty(name)) return err_field(e, E_INVALID, "name", "Please give the chapter a name.");
    if (str_utf8_len(name) > 80) return err_field(e, E_INVALID, "name", "Please keep the name under 80 characters.");
    if (!str_single_line(name)) return err_field(e, E_INVALID, "name", "Please keep the name on one line (without line breaks).");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            return err_field(e, E_INVALID, "name", "The name may not contain control characters.");
    return 0;
}

int chapter_slug_check(const char *slug, Err *e)
{
    if (!str_slug_valid(slug))
        return err_field(e, E_INVALID, "slug",
                         "The web address may use lower-case letters, digits and single hyphens (up to 60), like lisbon-fintech.");
    if (slug_reserved(slug)) return err_field(e, E_INVALID, "slug", "\"%s\" is reserved; please choose another web address.", slug);
    return 0;
}

int chapter_description_check(const char *description, Err *e)
{
    if (description && str_utf8_len(description) > 5000)
        return err_field(e, E_INVALID, "description", "Please keep the description under 5000 characters.");
    return 0;
}

int chapter_capacity_check(int64_t capacity, Err *e)
{
    if (capacity < 2 || capacity > CHAPTER_CAPACITY_MAX)
        return err_field(e, E_INVALID, "capacity", "A chapter holds between 2 and %d members.", CHAPTER_CAPACITY_MAX);
    return 0;
}

int chapter_status_check(const char *status, Err *e)
{
    if (status && !chapter_status_valid(status))
        return err_field(e, E_INVALID, "status", "The status is one of forming, active, dormant or closed.");
    return 0;
}

int chapter_fields_check(const char *name, const char *slug, const char *description, int64_t capacity,
                         const char *status, Err *e)
{
    if (chapter_name_check(name, e) < 0) return -1;
    if (slug && chapter_slug_check(slug, e) < 0) return -1;
    if (chapter_description_check(description, e) < 0) return -1;
    if (chapter_capacity_check(capacity, e) < 0) return -1;
    return chapter_status_check(status, e);
}

void chapter_fields_problems(const ChapterFields *f, FieldErrs *problems)
{
    Err e = { 0 };
    /* every field gets its own message */
    if (chapter_name_check(f->name, &e) < 0) field_err(problems, e.field, "%s", e.msg);
    if (!str_empty(f->slug) && chapter_slug_check(f->slug, &e) < 0) field_err(problems, e.field, "%s", e.msg);
    if (chapter_description_check(f->description, &e) < 0) field_err(problems, e.field, "%s", e.msg);
    if (chapter_capacity_check(f->capacity, &e) < 0) field_err(problems, e.field, "%s", e.msg);
    if (chapter_status_check(f->status, &e) < 0) field_err(problems, e.field, "%s", e.msg);
}

int membership_leave_check(const char *role, int64_t connectors, int64_t members, const char *chapter_name, Err *e)
{
    if (str_eq(role, "connector") && connectors == 1 && members > 1)
        return err_set(e, E_CONFLICT, "You are the only connector of %s. Make another member a connector before you leave.",
                       chapter_name);
    return 0;
}

int connector_step_down_check(int64_t connectors, const char *chapter_name, Err *e)
{
    if (connectors < 2)
        return err_set(e, E_CONFLICT, "%s needs a connector: make another member a connector first, then step down (or hand the role over to them on the members' page and stay a member).", chapter_name);
    return 0;
}

int member_removal_check(int64_t actor, int64_t user, const char *role, Err *e)
{
    if (actor == user) return err_set(e, E_CONFLICT, "To leave the chapter yourself, use \"Leave this chapter\".");
    if (str_eq(role, "connector")) return err_set(e, E_CONFLICT, "Connectors cannot remove each other; ask them to step down first.");
    return 0;
}

int membership_admit(const Admission *a, const char *chapter_name, Err *e)
{
    if (a->already_member) return err_set(e, E_CONFLICT, "You are already a member of %s.", chapter_name);
    if (str_eq(a->status, "closed"))
        return err_set(e, E_CONFLICT, "%s is closed and does not take new members.", chapter_name);
    if (a->members >= a->capacity)
        return err_set(e, E_CONFLICT, "%s is full: it holds %lld members. A connector can raise the capacity, or someone may leave.",
                       chapter_name, (long long)a->capacity);
    if (a->one_per_sector && !a->sector_id)
        return err_set(e, E_CONFLICT,
                       "%s admits one member per sector; please set your sector in your profile (at /me) first.",
                       chapter_name);
    if (a->one_per_sector && a->sector_holder)
        return err_set(e, E_CONFLICT,
                       "%s admits one member per sector so that no one sits with a direct competitor, and %s already represents %s.",
                       chapter_name, a->sector_holder, a->sector_name ? a->sector_name : "that sector");
    return 0;
}

const char *join_request_status_label(const char *status)
{
    if (str_eq(status, "pending")) return C_("a request's status", "Pending");
    if (str_eq(status, "approved")) return C_("a request's status", "Approved");
    if (str_eq(status, "declined")) return C_("a request's status", "Declined");
    if (str_eq(status, "withdrawn")) return C_("a request's status", "Withdrawn");
    return status;
}

const char *invitation_state(int64_t expires_at, int64_t accepted_at, int64_t revoked_at, int64_t now)
{
    if (accepted_at) return "accepted";
    if (revoked_at) return "revoked";
    if (now >= expires_at) return "expired";
    return "pending";
}

TextQuery text_query(Arena *a, const char *text)
{
    TextQuery t = { .like = "" };
    const char *s = str_trim(a, text ? text : "");
    if (!*s) return t;
    char *low = text_lower(s, strlen(s));   /* any script, as SQL's lower() on both databases */
    t.like = arena_printf(a, "%%%s%%", low ? low : str_lower(a, s));
    free(low);
    t.nwords = search_words(a, s, t.words, TEXT_WORDS_MAX);
    for (size_t i = 0; i < t.nwords; i++) t.high[i] = arena_printf(a, "%s\xF4\x8F\xBF\xBF", t.words[i]);
    return t;
}

/* ---------- shaping figures ---------- */

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static void add_int(json_t *o, const char *k, int64_t v)
{
    json_object_set_new(o, k, json_integer(jint(o, k) + v));
}

/* Sums a child's counts into its parent, recursively; returns nothing. */
static void roll_up(json_t *node)
{
    json_t *children = json_object_get(node, "children");
    size_t i;
    json_t *ch;
    json_array_foreach(children, i, ch) {
        roll_up(ch);
        add_int(node, "chapters", jint(ch, "chapters"));
        add_int(node, "active", jint(ch, "active"));
        add_int(node, "members", jint(ch, "members"));
        add_int(node, "metros", str_eq(json_string_value(json_object_get(ch, "kind")), "metro") ? 1 : jint(ch, "metros"));
    }
    json_object_set_new(node, "has_children", json_boolean(json_array_size(children) > 0));
}

json_t *place_tree(json_t *flat)
{
    json_t *top = json_array();
    json_t *byid = json_object();
    size_t i;
    json_t *p;
    char key[32];
    json_array_foreach(flat, i, p) {
        json_t *node = json_deep_copy(p);
        json_object_set_new(node, "children", json_array());
        json_object_set_new(node, "metros", json_integer(0));
        snprintf(key, sizeof key, "%lld", (long long)jint(p, "id"));
        json_object_set_new(byid, key, node);
    }
    json_array_foreach(flat, i, p) {
        snprintf(key, sizeof key, "%lld", (long long)jint(p, "id"));
        json_t *node = json_object_get(byid, key);
        int64_t parent = jint(p, "parent_id");
        snprintf(key, sizeof key, "%lld", (long long)parent);
        json_t *up = parent ? json_object_get(byid, key) : NULL;
        json_array_append(up ? json_object_get(up, "children") : top, node);
    }
    json_array_foreach(top, i, p) roll_up(p);
    json_decref(byid);
    return top;
}

json_t *place_tree_find(json_t *tree, int64_t root)
{
    size_t i;
    json_t *n;
    json_array_foreach(tree, i, n) {
        if (jint(n, "id") == root) return n;
        json_t *found = place_tree_find(json_object_get(n, "children"), root);
        if (found) return found;
    }
    return NULL;
}

json_t *place_ancestors(json_t *flat, int64_t id)
{
    json_t *chain = json_array();
    for (int depth = 0; depth < 8 && id; depth++) {
        size_t i;
        json_t *p, *hit = NULL;
        json_array_foreach(flat, i, p) if (jint(p, "id") == id) { hit = p; break; }
        if (!hit) break;
        id = jint(hit, "parent_id");
        if (depth == 0) continue;   /* the place itself is not its own ancestor */
        json_array_insert_new(chain, 0, json_pack("{s:O, s:O, s:O}", "name", json_object_get(hit, "name"),
                                                  "slug", json_object_get(hit, "slug"), "kind", json_object_get(hit, "kind")));
    }
    return chain;
}

static void collect_metros(json_t *node, json_t *out)
{
    if (str_eq(json_string_value(json_object_get(node, "kind")), "metro")) json_array_append(out, node);
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(node, "children"), i, ch) collect_metros(ch, out);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "name")),
                  json_string_value(json_object_get(*(json_t *const *)b, "name")));
}

json_t *place_metros(json_t *node)
{
    json_t *out = json_array();
    collect_metros(node, out);
    size_t n = json_array_size(out);
    json_t **v = n ? malloc(n * sizeof *v) : NULL;
    for (size_t i = 0; i < n; i++) v[i] = json_incref(json_array_get(out, i));
    if (n) qsort(v, n, sizeof *v, by_name);
    json_array_clear(out);
    for (size_t i = 0; i < n; i++) json_array_append_new(out, v[i]);
    free(v);
    return out;
}

json_t *density_table(json_t *density, json_t *metros, json_t *sectors)
{
    /* columns: the sectors present in this place, busiest first, then "no sector" if used */
    size_t ns = json_array_size(sectors);
    int64_t *sector_total = calloc(ns + 1, sizeof *sector_total);
    size_t i, j;
    json_t *d, *s;
    json_array_foreach(density, i, d) {
        int64_t sid = jint(d, "sector_id");
        size_t col = ns;   /* "no sector" */
        json_array_foreach(sectors, j, s) if (jint(s, "id") == sid) { col = j; break; }
        if (!sid) col = ns;
        sector_total[col] += jint(d, "chapters") + jint(d, "members");
    }
    json_t *columns = json_array();
    size_t *order = calloc(ns + 1, sizeof *order);
    size_t ncols = 0;
    for (size_t k = 0; k <= ns; k++) if (sector_total[k]) order[ncols++] = k;
    for (size_t a = 1; a < ncols; a++)      /* insertion sort, busiest first */
        for (size_t b = a; b > 0 && sector_total[order[b - 1]] < sector_total[order[b]]; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    for (size_t k = 0; k < ncols; k++) {
        if (order[k] == ns)
            json_array_append_new(columns, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)0, "name", _("No sector given"), "slug", ""));
        else {
            json_t *sec = json_array_get(sectors, order[k]);
            json_array_append_new(columns, json_pack("{s:O, s:O, s:O}", "id", json_object_get(sec, "id"),
                                                     "name", json_object_get(sec, "name"), "slug", json_object_get(sec, "slug")));
        }
    }
    /* the density rows by "metro:sector", summed (rows without a sector share column 0) */
    json_t *cellmap = json_object();
    json_array_foreach(density, j, d) {
        char key[48];
        snprintf(key, sizeof key, "%lld:%lld", (long long)jint(d, "metro_id"), (long long)jint(d, "sector_id"));
        json_t *cell = json_object_get(cellmap, key);
        if (!cell) {
            cell = json_object();
            json_object_set_new(cellmap, key, cell);
        }
        add_int(cell, "chapters", jint(d, "chapters"));
        add_int(cell, "members", jint(d, "members"));
    }
    json_t *rows = json_array();
    int64_t all_ch = 0, all_mb = 0;
    json_t *m;
    json_array_foreach(metros, i, m) {
        json_t *cells = json_array();
        int64_t row_ch = 0, row_mb = 0;
        json_t *col;
        size_t k;
        json_array_foreach(columns, k, col) {
            char key[48];
            snprintf(key, sizeof key, "%lld:%lld", (long long)jint(m, "id"), (long long)jint(col, "id"));
            json_t *cell = json_object_get(cellmap, key);
            int64_t ch = jint(cell, "chapters"), mb = jint(cell, "members");
            row_ch += ch;
            row_mb += mb;
            json_array_append_new(cells, json_pack("{s:I, s:I, s:b}", "chapters", (json_int_t)ch, "members", (json_int_t)mb,
                                                   "is_empty", ch == 0 && mb == 0));
        }
        all_ch += row_ch;
        all_mb += row_mb;
        json_array_append_new(rows, json_pack("{s:O, s:O, s:o, s:I, s:I}", "metro", json_object_get(m, "name"),
                                              "slug", json_object_get(m, "slug"), "cells", cells,
                                              "chapters", (json_int_t)row_ch, "members", (json_int_t)row_mb));
    }
    free(sector_total);
    free(order);
    json_decref(cellmap);
    return json_pack("{s:o, s:o, s:I, s:I, s:b}", "columns", columns, "rows", rows, "chapters", (json_int_t)all_ch,
                     "members", (json_int_t)all_mb, "is_empty", all_ch == 0 && all_mb == 0);
}
