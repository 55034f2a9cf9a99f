/* routes.c - the search page and API (GET /search, /api/v1/search), and the
 * search feature: its start hook rebuilds the index when the folding changed. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "network/network.h"
#include "search/internal.h"
#include "web/model.h"
#include "web/paging.h"

enum { QUERY_CHARS_MAX = 200 };

typedef struct Choice {
    const char *id, *label;   /* label: an English message, shown in the reader's language */
} Choice;

/* What the kind filter offers: the kinds of documents, and the commons'
 * kinds of items (schema/010_commons.sql) under "item:" (shown under
 * "Commons items", after a dash). */
static const Choice kinds[] = {
    { "item", N_("Commons items") },         { "item:notes", N_("Session notes") }, { "item:tool", N_("Tools") },
    { "item:technique", N_("Techniques") }, { "item:template", N_("Templates") }, { "item:story", N_("Stories") },
    { "item:recording", N_("Recordings") }, { "chapter", N_("Chapters") },        { "event", N_("Events") },
    { "format", N_("Meeting formats") },    { "place", N_("Places") },            { "member", N_("Members") },
};
static const Choice licences[] = {
    { "cc-by-4.0", "CC BY 4.0" }, { "cc-by-sa-4.0", "CC BY-SA 4.0" }, { "cc0-1.0", "CC0 1.0" },
};
#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Whether `current` is one of n choices ("member" only when members may be found). */
static bool chosen(const Choice *c, size_t n, const char *current, bool members)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(c[i].id, current)) return members || !str_eq(c[i].id, "member");
    return false;
}

/* [{id, label, is_selected}] of n choices (without "member" unless members
 * may be found), for the page's filters, in the reader's language. */
static json_t *choices(Req *r, const Choice *c, size_t n, const char *current, bool members)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!members && str_eq(c[i].id, "member")) continue;
        const char *label = strncmp(c[i].id, "item:", 5) ? tr(c[i].label) : req_printf(r, "— %s", tr(c[i].label));
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", c[i].id, "label", label, "is_selected",
                                              str_eq(c[i].id, current)));
    }
    return list;
}

static const char *query_text(Req *r, const char *name)
{
    const char *v = req_query(r, name);
    return v ? str_trim(r->arena, v) : "";
}

/* The address of this search (its first page), with these filters. */
static const char *search_url(Req *r, const SearchQuery *s, const char *place)
{
    Buf b;
    buf_init(&b, r->arena);
    buf_adds(&b, "/search?q=");
    str_url_encode(&b, s->text);
    const char *names[] = { "kind", "tag", "licence", "place" };
    const char *values[] = { s->kind, s->tag, s->licence, place };
    for (size_t i = 0; i < COUNT(names); i++)
        if (!str_empty(values[i])) {
            buf_printf(&b, "&%s=", names[i]);
            str_url_encode(&b, values[i]);
        }
    if (s->sector_id) buf_printf(&b, "&sector=%lld", (long long)s->sector_id);
    return buf_str(&b);
}

/* Reads and checks the filters; notes each problem with req_error. */
static void read_query(Req *r, SearchQuery *s, const char **place_slug, Err *e)
{
    const char *q = req_query(r, "q");   /* as typed: a space after the last word ends it */
    s->text = q ? q : "";
    s->kind = query_text(r, "kind");
    s->tag = query_text(r, "tag");
    s->licence = query_text(r, "licence");
    s->logged_in = r->me.id > 0;
    *place_slug = query_text(r, "place");
    const char *sector = query_text(r, "sector");
    if (str_utf8_len(s->text) > QUERY_CHARS_MAX)
        req_error(r, "q", "A search can be at most %d characters long.", QUERY_CHARS_MAX);
    if (str_utf8_len(s->tag) > 64) req_error(r, "tag", "A tag can be at most 64 characters long.");
    if (*sector && (!str_to_i64(sector, &s->sector_id) || s->sector_id <= 0 || sector_exists(r->db, e, s->sector_id) == 0))
        req_error(r, "sector", "Choose a sector from the list.");
    if (**place_slug) {
        json_t *p = NULL;
        int found = place_by_slug(r->db, e, *place_slug, &p);
        req_own(r, p);
        if (found > 0) {
            s->place_id = json_integer_value(json_object_get(p, "id"));
            req_set_str(r, "place_name", json_string_value(json_object_get(p, "name")));
        } else if (found == 0) req_error(r, "place", "There is no place called \"%s\".", *place_slug);
    }
}

int search_show(Req *r)
{
    Err e = { 0 };
    SearchQuery s = { 0 };
    const char *place = "";
    Paging p;   /* at most PAGE_MAX a page: the page's documents are read in one query of that many ids */
    if (paging_read(r, &p, PAGE_MAX, PAGE_MAX) < 0) return -1;
    s.page = (int)p.page;
    s.per_page = (int)p.per_page;
    read_query(r, &s, &place, &e);
    if (e.code) return req_fail_err(r, &e);
    bool kind_ok = !*s.kind || chosen(kinds, COUNT(kinds), s.kind, s.logged_in);
    bool licence_ok = !*s.licence || chosen(licences, COUNT(licences), s.licence, true);
    if (!kind_ok) req_error(r, "kind", "Choose what to search from the list.");
    if (!licence_ok) req_error(r, "licence", "Choose a licence from the list: CC BY 4.0, CC BY-SA 4.0 or CC0 1.0.");
    req_set_str(r, "q", s.text);
    req_set_str(r, "tag", s.tag);
    req_set_str(r, "place", place);
    /* The faces differ: the page shows the filters' choices, the pager and
     * the results' marked HTML; the API answers with the results alone, and
     * builds nothing it would drop (a search is the busiest read there is). */
    if (!r->api) {
        req_set(r, "_kinds", choices(r, kinds, COUNT(kinds), s.kind, s.logged_in));
        req_set(r, "_licences", choices(r, licences, COUNT(licences), s.licence, true));
        json_t *sectors = req_own(r, sector_options(r->db, &e));
        if (!sectors) return req_fail_err(r, &e);
        options_select(sectors, s.sector_id);
        req_set(r, "_sectors", json_incref(sectors));
    }
    if (req_has_errors(r)) return req_invalid(r, "search/index");
    s.page_html = !r->api;
    json_t *found = search_answer(r->db, &e, &s);
    if (req_view(r, found, &e) < 0) return -1;
    json_t *m = req_model(r);
    p.total = json_integer_value(json_object_get(m, "count"));   /* what can be paged ("more": matches beyond it) */
    paging_respond(r, &p);
    if (r->api) return req_page(r, "search/index");
    req_set_bool(r, "_one", !i18n_plural(i18n_lang(), json_integer_value(json_object_get(m, "count"))));
    if (*place) {
        SearchQuery anywhere = s;
        anywhere.place_id = 0;
        req_set_str(r, "_without_place_url", search_url(r, &anywhere, ""));
    }
    req_set_bool(r, "_asked", !str_empty(s.text) || *s.kind || *s.tag || *s.licence || s.place_id || s.sector_id);
    return req_page(r, "search/index");
}

const Feature search_feature = {
    .name = "search",
    .start = search_start,
};
