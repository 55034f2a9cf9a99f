/* routes.c - handlers of the registry: the directory, places, sectors, members
 * and the home page; the shaping of chapters for pages; the {chapter} and
 * {place} loaders. A chapter's own pages and its membership are in
 * routes_chapters.c. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/figures.h"
#include "base/i18n.h"
#include "base/markdown.h"
#include "base/str.h"
#include "network/internal.h"
#include "network/network.h"
#include "network/store.h"
#include "web/feature.h"
#include "web/map.h"
#include "web/model.h"
#include "web/paging.h"

/* The place and the sector a list is filtered by (query ?place= and ?sector=),
 * put into the model: 0, or -1 answered (404 for an unknown one). */
static int list_filters(Req *r, const char *place_slug, const char *sector_slug, int64_t *place_id, int64_t *sector_id,
                        json_t **place)
{
    Err e = { 0 };
    json_t *row = NULL;
    if (!str_empty(place_slug)) {
        int found = place_by_slug(r->db, &e, place_slug, &row);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "There is no place called \"%s\".", place_slug);
        *place_id = json_integer_value(json_object_get(row, "id"));
        req_set(r, "place", row);
        if (place) *place = row;
    }
    if (!str_empty(sector_slug)) {
        int found = sector_by_slug(r->db, &e, sector_slug, &row);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return req_fail(r, E_NOT_FOUND, "There is no sector called \"%s\".", sector_slug);
        *sector_id = json_integer_value(json_object_get(row, "id"));
        req_set(r, "sector", row);
    }
    return 0;
}

ChapterRef chapter_ref(Req *r)
{
    json_t *ch = r->chapter;
    return (ChapterRef){ r->chapter_id, json_string_value(json_object_get(ch, "slug")), json_string_value(json_object_get(ch, "name")),
                         json_string_value(json_object_get(ch, "status")) };
}

/* The HTML of a chapter's description (arena). Rendering it is a
 * twentieth of a chapter page, and descriptions seldom change: the last ones
 * rendered are kept, by their text, in a small table shared by the threads. */
#define HTML_SLOTS 64
static struct {
    char *markdown, *html;
} html_cache[HTML_SLOTS];
static pthread_mutex_t html_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *description_html(Req *r, const char *md)
{
    if (!md) md = "";
    uint64_t h = 14695981039346656037ULL;   /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)md; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    size_t slot = h % HTML_SLOTS;
    const char *out = NULL;
    pthread_mutex_lock(&html_lock);
    if (html_cache[slot].markdown && strcmp(html_cache[slot].markdown, md) == 0)
        out = arena_strdup(r->arena, html_cache[slot].html);
    pthread_mutex_unlock(&html_lock);
    if (out) return out;
    const char *html = markdown_html(r->arena, md);
    pthread_mutex_lock(&html_lock);
    free(html_cache[slot].markdown);
    free(html_cache[slot].html);
    html_cache[slot].markdown = xstrdup(md);
    html_cache[slot].html = xstrdup(html);
    pthread_mutex_unlock(&html_lock);
    return html;
}

/* Adds what pages need to a chapter row: its label, place line and HTML description. */
void chapter_decorate(Req *r, json_t *ch, bool html)
{
    json_object_set_new(ch, "status_label", json_string(chapter_status_label(json_string_value(json_object_get(ch, "status")))));
    json_object_set_new(ch, "is_one_per_sector",
                        json_boolean(str_eq(json_string_value(json_object_get(ch, "sector_rule")), "one_per_sector")));
    json_int_t members = json_integer_value(json_object_get(ch, "member_count"));
    json_int_t capacity = json_integer_value(json_object_get(ch, "capacity"));
    json_object_set_new(ch, "is_full", json_boolean(members >= capacity));
    json_object_set_new(ch, "seats_left", json_integer(capacity > members ? capacity - members : 0));
    json_int_t held = json_integer_value(json_object_get(ch, "meetings_held"));
    json_object_set_new(ch, "_meetings_held_label",
                        json_string(req_printf(r, held == 1 ? _("%lld meeting held") : _("%lld meetings held"), (long long)held)));
    if (html) model_set_html(ch, "_description_html", description_html(r, json_string_value(json_object_get(ch, "description"))));
}

void decorate_all(Req *r, json_t *list)
{
    size_t i;
    json_t *ch;
    json_array_foreach(list, i, ch) chapter_decorate(r, ch, false);
}

/* ---------- the directory ---------- */

const char *dir_url(Req *r, const char *place, const char *sector, const char *status, const char *q)
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

/* The facets of the directory: each keeps the other filters and toggles its own. */
static json_t *directory_facets(Req *r, const json_t *filters, json_t *by_status, json_t *by_sector, json_t *by_place)
{
    const char *place = json_string_value(json_object_get(filters, "place"));
    const char *sector = json_string_value(json_object_get(filters, "sector"));
    const char *status = json_string_value(json_object_get(filters, "status"));
    const char *q = json_string_value(json_object_get(filters, "q"));
    static const char *order[] = { "active", "forming", "dormant", "closed" };
    json_t *statuses = json_array();
    size_t k;
    json_t *row;
    for (int i = 0; i < 4; i++) {
        int64_t n = 0;
        json_array_foreach(by_status, k, row)
            if (str_eq(json_string_value(json_object_get(row, "status")), order[i])) n = json_integer_value(json_object_get(row, "chapters"));
        bool sel = str_eq(status, order[i]);
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:I, s:b, s:s}", "status", order[i], "label", chapter_status_label(order[i]),
                                                  "chapters", (json_int_t)n, "is_selected", sel,
                                                  "url", dir_url(r, place, sector, sel ? "" : order[i], q)));
    }
    json_array_foreach(by_sector, k, row) {
        const char *slug = json_string_value(json_object_get(row, "slug"));
        bool sel = str_eq(slug, sector);
        json_object_set_new(row, "is_selected", json_boolean(sel));
        json_object_set_new(row, "url", json_string(dir_url(r, place, sel ? "" : slug, status, q)));
    }
    json_array_foreach(by_place, k, row)
        json_object_set_new(row, "url", json_string(dir_url(r, json_string_value(json_object_get(row, "slug")), sector, status, q)));
    return json_pack("{s:o, s:O, s:O}", "statuses", statuses, "sectors", by_sector, "places", by_place);
}

int chapters_index(Req *r)
{
    Err e = { 0 };
    const char *place_slug = req_query(r, "place"), *sector_slug = req_query(r, "sector");
    const char *status = req_query(r, "status"), *q = req_query(r, "q");
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    DirectoryQuery dq = { .status = "", .like = text_query(r->arena, q).like, .limit = p.limit, .offset = p.offset };
    json_t *place = NULL;
    if (list_filters(r, place_slug, sector_slug, &dq.place_id, &dq.sector_id, &place) < 0) return -1;
    dq.is_metro = place && !place_child_kind(json_string_value(json_object_get(place, "kind")));
    if (!str_empty(status) && !chapter_status_valid(status))
        return req_fail(r, E_BAD_REQUEST, "The status filter is one of forming, active, dormant or closed.");
    json_t *filters = json_pack("{s:s, s:s, s:s, s:s}", "place", place_slug ? place_slug : "", "sector", sector_slug ? sector_slug : "",
                                "status", status ? status : "", "q", q ? q : "");
    req_set(r, "filters", filters);
    dq.status = json_string_value(json_object_get(filters, "status"));

    int64_t total = 0;
    json_t *chapters = req_own(r, paging_trim(&p, chapter_directory(r->db, &e, &dq, &total)));
    json_t *by_status = chapters ? req_own(r, chapter_status_counts(r->db, &e, &dq)) : NULL;
    json_t *by_sector = by_status ? req_own(r, chapter_sector_counts(r->db, &e, &dq)) : NULL;
    /* the places facet: the children of the place (the countries when none); a metro has none */
    json_t *by_place = !by_sector ? NULL
                       : dq.is_metro ? req_own(r, json_array())
                       : req_own(r, chapter_place_counts(r->db, &e, &dq));
    json_t *path = by_place && dq.place_id ? place_path(r->db, &e, dq.place_id) : NULL;
    if (!by_place || (dq.place_id && !path)) return req_fail_err(r, &e);
    if (path) req_set(r, "place_path", path);
    decorate_all(r, chapters);
    req_set(r, "facets", directory_facets(r, filters, by_status, by_sector, by_place));

    req_set(r, "chapters", json_incref(chapters));
    req_set_int(r, "total", total);
    p.total = total;
    paging_respond(r, &p);
    bool open = str_empty(status), one = total == 1;
    req_set_str(r, "_total_label",
                req_printf(r, open ? (one ? _("%s open chapter found") : _("%s open chapters found"))
                                   : (one ? _("%s chapter found") : _("%s chapters found")),
                           figure_text(r->arena, total)));
    req_set_bool(r, "_is_filtered", !str_empty(place_slug) || !str_empty(sector_slug) || !str_empty(status) || !str_empty(q));
    req_set_str(r, "_clear_url", "/chapters");
    /* other features' chapters (federation's peers), which have no sector or status here: on the first page
     * of a directory filtered by place and words only */
    r->place_id = dq.place_id;
    if (p.page == 1 && !dq.sector_id && str_empty(status) && features_extend(r, "directory", &e) < 0) return req_fail_err(r, &e);
    if (features_extend(r, "chapter_cards", &e) < 0) return req_fail_err(r, &e);   /* pictures: the photos */
    return req_page(r, "network/directory");
}

/* ---------- places and sectors ---------- */

#define MAP_PLACES_MAX 2000

/* The map of the cities in place `root` (every city for 0), zoomed to them when
 * `fit`, as "_map" in the model: each marker named by its city and chapters. */
static int places_map(Req *r, int64_t root, bool fit, Err *e)
{
    json_t *rows = req_own(r, place_map_rows(r->db, e, root, MAP_PLACES_MAX));
    if (!rows) return -1;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        long long n = json_integer_value(json_object_get(row, "chapters"));
        const char *count = req_printf(r, n == 1 ? _("%lld chapter") : _("%lld chapters"), n);
        json_object_set_new(row, "count_label", json_string(count));
        json_object_set_new(row, "label", json_string(req_printf(r, "%s, %s", json_string_value(json_object_get(row, "name")), count)));
    }
    json_t *map = map_model(r->arena, rows, fit);
    long long unplaced = json_integer_value(json_object_get(map, "unplaced"));
    if (unplaced)
        json_object_set_new(map, "unplaced_label",
                            json_string(req_printf(r, trn("%lld city is not on the map: no position has been given for it.",
                                                          "%lld cities are not on the map: no position has been given for them.", unplaced),
                                                   unplaced)));
    req_set(r, "_map", map);
    return 0;
}

int places_index(Req *r)
{
    Err e = { 0 };
    json_t *flat = req_own(r, place_all(r->db, &e));
    if (!flat || places_map(r, 0, false, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "places", place_tree(flat));
    json_t *countries = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(flat, i, p)
        if (!json_integer_value(json_object_get(p, "parent_id")) || str_eq(json_string_value(json_object_get(p, "kind")), "region"))
            json_array_append_new(countries, json_pack("{s:O, s:s}", "id", json_object_get(p, "id"), "label",
                                                       req_printf(r, "%s (%s)", json_string_value(json_object_get(p, "name")),
                                                                  json_string_value(json_object_get(p, "kind")))));
    req_set(r, "_parents", countries);
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_pack("{s:s}", "timezone", "UTC"));
    return req_page(r, "network/places");
}

int place_create(Req *r)
{
    Err e = { 0 };
    PlaceFields p = { .name = req_input(r, "name"), .slug = req_input(r, "slug"), .timezone = req_input(r, "timezone"),
                      .position = { req_input(r, "latitude"), req_input(r, "longitude"), false, 0, 0 } };
    if (req_input_int(r, "parent_id", &p.parent_id) <= 0) p.parent_id = 0;
    FieldErrs *problems = req_field_errs(r);
    if (req_has_errors(r) || place_add(r->db, &e, r->arena, &p, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        /* the page shows the form again with the list of places; the API answers the problems */
        if (r->api) return req_invalid(r, NULL);
        if (places_index(r) < 0) return -1;
        return req_invalid(r, "network/places");
    }
    bool at = p.position.is_set;
    req_set(r, "place", json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)p.id,
                                  "parent_id", p.parent_id ? json_integer(p.parent_id) : json_null(), "kind", p.kind,
                                  "name", p.name, "slug", p.slug, "timezone", p.timezone,
                                  "lat_e6", at ? json_integer(p.position.lat_e6) : json_null(),
                                  "lon_e6", at ? json_integer(p.position.lon_e6) : json_null()));
    return req_created(r, req_printf(r, "/places/%s", p.slug), req_printf(r, "%s is added.", p.name));
}

#define PLACE_CHAPTERS 100   /* the chapters a place's answer holds beside its figures */

int place_show(Req *r)
{
    Err e = { 0 };
    int64_t id = r->place_id;
    json_t *flat = req_own(r, place_all(r->db, &e));
    json_t *density = flat ? req_own(r, place_density(r->db, &e, id)) : NULL;
    json_t *sectors = density ? req_own(r, sector_all(r->db, &e)) : NULL;
    /* the first chapters beside the place's figures; the directory pages them all (chapters_url) */
    Paging first = { .per_page = PLACE_CHAPTERS };
    json_t *chapters = sectors ? paging_trim(&first, place_chapters(r->db, &e, id, PLACE_CHAPTERS + 1)) : NULL;
    if (!chapters) return req_fail_err(r, &e);
    req_set(r, "chapters", chapters);
    req_set_bool(r, "chapters_more", first.more);
    req_set_str(r, "chapters_url", dir_url(r, req_param(r, "place"), "", "", ""));
    decorate_all(r, chapters);
    json_t *tree = req_own(r, place_tree(flat));
    json_t *node = place_tree_find(tree, id);
    json_t *metros = req_own(r, place_metros(node));
    json_t *place = json_incref(r->place);
    req_set(r, "place", place);
    req_set_str(r, "_kind_sentence", place_kind_sentence(json_string_value(json_object_get(place, "kind"))));
    json_object_set(place, "chapters", json_object_get(node, "chapters"));
    json_object_set(place, "active", json_object_get(node, "active"));
    json_object_set(place, "members", json_object_get(node, "members"));
    model_set_figures(place, r->arena);
    req_set(r, "ancestors", place_ancestors(flat, id));
    req_set(r, "subplaces", json_incref(json_object_get(node, "children")));
    req_set(r, "density", density_table(density, metros, sectors));
    req_set_str(r, "_directory_url", dir_url(r, req_param(r, "place"), "", "", ""));
    if (places_map(r, id, true, &e) < 0 || features_extend(r, "place", &e) < 0 || features_extend(r, "chapter_cards", &e) < 0)
        return req_fail_err(r, &e);
    /* the position form shows the place's degrees (or what was typed, when refused) */
    json_t *lat = json_object_get(place, "lat_e6"), *lon = json_object_get(place, "lon_e6");
    req_form_values(r, req_own(r, json_pack("{s:s, s:s}", "latitude", json_is_integer(lat) ? map_degrees_text(r->arena, json_integer_value(lat)) : "",
                                               "longitude", json_is_integer(lon) ? map_degrees_text(r->arena, json_integer_value(lon)) : "")));
    return req_page(r, "network/place");
}

int place_position_update(Req *r)
{
    Err e = { 0 };
    PlacePosition p = { req_input(r, "latitude"), req_input(r, "longitude"), false, 0, 0 };
    FieldErrs *problems = req_field_errs(r);
    if (place_position_change(r->db, &e, r->place_id, &p, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (r->api) return req_invalid(r, NULL);
        if (place_show(r) < 0) return -1;
        return req_invalid(r, "network/place");
    }
    json_t *place = json_deep_copy(r->place);
    json_object_set_new(place, "lat_e6", p.is_set ? json_integer(p.lat_e6) : json_null());
    json_object_set_new(place, "lon_e6", p.is_set ? json_integer(p.lon_e6) : json_null());
    req_set(r, "place", place);
    const char *name = json_string_value(json_object_get(place, "name"));
    return req_redirect(r, req_printf(r, "/places/%s", req_param(r, "place")),
                        p.is_set ? req_printf(r, _("%s is on the map."), name) : req_printf(r, _("%s is off the map."), name));
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

int sector_create(Req *r)
{
    Err e = { 0 };
    SectorFields s = { req_input(r, "name"), req_input(r, "description"), NULL, 0 };
    FieldErrs *problems = req_field_errs(r);
    if (sector_add(r->db, &e, r->arena, &s, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        /* the page shows the form again with the list of sectors; the API answers the problems */
        if (r->api) return req_invalid(r, NULL);
        if (sectors_index(r) < 0) return -1;
        return req_invalid(r, "network/sectors");
    }
    req_set(r, "sector", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)s.id, "name", s.name, "slug", s.slug,
                                   "description", s.description));
    return req_created(r, dir_url(r, "", s.slug, "", ""), req_printf(r, _("The sector %s is added."), s.name));
}

/* ---------- members ---------- */

int members_index(Req *r)
{
    Err e = { 0 };
    const char *q = req_query(r, "q"), *place_slug = req_query(r, "place"), *sector_slug = req_query(r, "sector");
    int64_t place = 0, sector = 0, total = 0;
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    if (list_filters(r, place_slug, sector_slug, &place, &sector, NULL) < 0) return -1;
    MemberQuery mq = { text_query(r->arena, q), place, sector, p.limit, p.offset };
    json_t *members = paging_trim(&p, member_search(r->db, &e, &mq, &total));
    if (!members) return req_fail_err(r, &e);
    /* beyond the cap the count says "1,000+", and the pages go on while there is more */
    p.total_capped = total > MEMBER_COUNT_CAP;
    p.total = p.total_capped ? MEMBER_COUNT_CAP : total;
    req_set(r, "members", members);
    req_set_int(r, "total", p.total);
    req_set_str(r, "q", q ? q : "");
    _Static_assert(MEMBER_COUNT_CAP == 1000, "the label says 1,000+");
    req_set_str(r, "_total_label", p.total_capped ? "1,000+" : figure_text(r->arena, p.total));
    req_set_bool(r, "_total_capped", p.total_capped);
    paging_respond(r, &p);
    if (features_extend(r, "members", &e) < 0) return req_fail_err(r, &e);   /* pictures: the avatars */
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
    req_set(r, "member", m);
    model_set_markdown(m, "_bio_html", r->arena, json_string_value(json_object_get(m, "bio")));
    json_t *chapters = member_chapters(r->db, &e, id);
    if (!chapters) return req_fail_err(r, &e);
    chapter_status_labels(chapters);
    req_set(r, "chapters", chapters);
    req_set_bool(r, "is_me", id == r->me.id);
    req_set_bool(r, "_is_admin", r->me.is_admin);
    if (features_extend(r, "member", &e) < 0) return req_fail_err(r, &e);   /* pictures: the avatar */
    return req_page(r, "network/member");
}

/* ---------- the home page ---------- */

int home_show(Req *r)
{
    Err e = { 0 };
    json_t *totals = NULL;
    if (network_totals(r->db, &e, &totals) < 0) return req_fail_err(r, &e);
    req_set(r, "totals", totals);
    model_set_figures(totals, r->arena);
    json_t *recent = recent_chapters(r->db, &e, 6);
    if (!recent) return req_fail_err(r, &e);
    req_set(r, "recent", recent);
    json_t *metros = top_metros(r->db, &e, 8);
    if (!metros) return req_fail_err(r, &e);
    decorate_all(r, recent);
    size_t i;
    json_t *m;
    json_array_foreach(metros, i, m) {
        json_int_t n = json_integer_value(json_object_get(m, "chapters"));
        json_object_set_new(m, "_label", json_string(req_printf(r, n == 1 ? _("%lld chapter") : _("%lld chapters"), (long long)n)));
    }
    req_set(r, "top_metros", metros);
    req_set_bool(r, "is_empty", json_integer_value(json_object_get(totals, "chapters")) == 0);
    if (features_extend(r, "chapter_cards", &e) < 0) return req_fail_err(r, &e);   /* pictures: the photos */
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
    { "chapter", N_("There is no chapter called \"%s\"."), load_chapter, NULL },
    { "place", N_("There is no place called \"%s\"."), load_place, NULL },
    { "member", N_("There is no member numbered \"%s\"."), NULL, NULL },
    { NULL },
};

const Feature network_feature = { .name = "network", .loaders = loaders, .reindex = network_reindex };
