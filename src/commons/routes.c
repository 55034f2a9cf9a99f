/* routes.c - the commons as the web layer sees it: the {item} loader, the
 * Feature, and the handlers of the commons' own pages (home, tags, authors,
 * a member's own items, the settings, a new item). One item's pages and
 * writes are in routes_items.c; drafts from meetings in routes_drafts.c,
 * spread in routes_spread.c, feeds in routes_feeds.c. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "commons/commons.h"
#include "commons/routes_items.h"
#include "web/model.h"
#include "web/paging.h"

/* {item}: an item by slug, as the caller may see it (404 when they may not:
 * a draft seen by someone not named on it); the caller manages it when they
 * are one of its authors and it is not withdrawn. */
static int item_path_load(Req *r, const char *key, Err *e)
{
    json_t *v = NULL;
    int found = item_view(r->db, e, key, r->me.id, &v);
    if (found <= 0) return found;
    r->object = v;
    r->object_id = json_integer_value(json_object_get(v, "id"));
    r->object_manager = json_is_true(json_object_get(v, "can_edit"));
    return 1;
}

static const PathLoader loaders[] = {
    { "item", N_("There is no item in the commons called \"%s\"."), item_path_load, N_("Only the item's authors can do this.") },
    { NULL },
};

/* What the commons adds to other pages (Feature.extend): the feeds' links on
 * the chapter and place pages, spread's panels on the item and author pages. */
static int commons_extend(Req *r, const char *page, Err *e)
{
    return commons_feeds_extend(r, page, e) < 0 ? -1 : spread_extend(r, page, e);
}

const Feature commons_feature = {
    .name = "commons", .loaders = loaders, .extend = commons_extend, .reindex = commons_reindex,
};

/* ---------- the home, tags, authors ---------- */

static int64_t page_number(Req *r)
{
    int64_t page = 0;
    const char *q = req_query(r, "page");
    return q && str_to_i64(q, &page) && page > 0 && page < 100000 ? page : 0;
}

int commons_home(Req *r)
{
    Err e = { 0 };
    const char *kind = req_query(r, "kind");
    if (req_view(r, commons_home_view(r->db, &e, kind, page_number(r)), &e) < 0) return -1;
    req_set(r, "_kinds", item_kind_options(item_kind_valid(kind) ? kind : ""));
    req_set_bool(r, "_show_most_used", json_array_size(json_object_get(req_model(r), "most_used")) > 0 &&
                                           !item_kind_valid(kind) && page_number(r) == 0);
    /* federation: the peers' items, on the first page of everything */
    if (!item_kind_valid(kind) && page_number(r) == 0 && features_extend(r, "commons", &e) < 0) return req_fail_err(r, &e);
    return req_page(r, "commons/home");
}

int commons_tags_index(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    if (req_view(r, commons_tags_view(r->db, &e, p.limit, p.offset), &e) < 0) return -1;
    paging_trim(&p, json_object_get(req_model(r), "tags"));
    paging_respond(r, &p);
    return req_page(r, "commons/tags");
}

int commons_tag_show(Req *r)
{
    Err e = { 0 };
    FieldErrs f = { r->arena, NULL, 0 };
    const char *tag = item_tags_parse(r->arena, req_param(r, "tag"), &f);
    if (!tag || !*tag || strchr(tag, ' ')) return req_fail(r, E_NOT_FOUND, "There is no tag called \"%s\".", req_param(r, "tag"));
    ItemFilter filter = { .tag = tag, .limit = 13, .offset = page_number(r) * 12 };
    json_t *items = req_own(r, items_list(r->db, &e, &filter));
    if (!items) return req_fail_err(r, &e);
    bool more = json_array_size(items) > 12;
    if (more) json_array_remove(items, 12);
    req_set_str(r, "tag", tag);
    req_set(r, "items", json_incref(items));
    req_set_bool(r, "has_more", more);
    req_set_int(r, "page", page_number(r));
    if (more) req_set_int(r, "next_page", page_number(r) + 1);
    if (page_number(r) > 0) req_set_int(r, "prev_page", page_number(r) - 1);
    return req_page(r, "commons/tag");
}

int commons_author_show(Req *r)
{
    Err e = { 0 };
    json_t *v = NULL;
    int found = commons_author_view(r->db, &e, req_id(r, "member"), page_number(r), &v);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "Nothing by this member is published in the commons.");
    if (req_view(r, v, &e) < 0) return -1;
    if (features_extend(r, "author", &e) < 0) return req_fail_err(r, &e);   /* the spread area's reach panel */
    return req_page(r, "commons/author");
}

int commons_mine(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    if (req_view(r, commons_mine_view(r->db, &e, r->me.id, p.limit, p.offset), &e) < 0) return -1;
    json_t *model = req_model(r);
    paging_trim(&p, json_object_get(model, "items"));
    p.total = json_integer_value(json_object_get(json_object_get(model, "counts"), "total"));
    paging_respond(r, &p);
    return req_page(r, "commons/mine");
}

/* ---------- the settings ---------- */

static void settings_model(Req *r, const char *current)
{
    req_set_str(r, "default_licence", current);
    req_set(r, "_licences", item_licence_options(current));
    req_form_values(r, req_own(r, json_pack("{s:s}", "licence", current)));
}

int commons_settings_show(Req *r)
{
    Err e = { 0 };
    settings_model(r, commons_default_licence(r->db, &e));
    return req_page(r, "commons/settings");
}

int commons_settings_update(Req *r)
{
    Err e = { 0 };
    FieldErrs *f = req_field_errs(r);
    const char *licence = req_input(r, "licence");
    if (commons_settings_save(r->db, &e, licence, f) < 0) {
        if (!req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        settings_model(r, commons_default_licence(r->db, &e));
        return req_invalid(r, "commons/settings");
    }
    settings_model(r, commons_default_licence(r->db, &e));
    return req_redirect(r, "/commons/settings", "Saved: new items take this licence unless their authors choose another.");
}

/* ---------- a new item ---------- */

int commons_new_form(Req *r)
{
    Err e = { 0 };
    const char *licence = commons_default_licence(r->db, &e);
    if (items_form_model(r, req_own(r, json_pack("{s:s, s:s}", "kind", "notes", "licence", licence))) < 0) return -1;
    return req_page(r, "commons/new");
}

int commons_create(Req *r)
{
    Err e = { 0 };
    ItemIn in = items_input(r);
    FieldErrs *f = req_field_errs(r);
    int64_t id = 0;
    if (req_has_errors(r) || item_create(r->db, &e, &in, f, &id) < 0) {
        if (!req_has_errors(r) && !req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        if (items_form_model(r, NULL) < 0) return -1;
        return req_invalid(r, "commons/new");
    }
    return items_created(r, id, "Your draft is saved. Only you (and anyone you name on it) can see it until it is published.");
}
