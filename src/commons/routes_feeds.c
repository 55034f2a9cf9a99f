/* routes_feeds.c - the commons' Atom feeds as the web serves them (the
 * whole commons, a tag, an author, a place, a sector, a chapter), and the
 * <head> links that announce them on the pages they mirror. */
#include "base/i18n.h"
#include "base/str.h"
#include "commons/commons.h"
#include "web/app.h"
#include "web/atom.h"

/* Answers the feed of a subject. */
static int feed_answer(Req *r, CommonsFeedSubject *s)
{
    Err e = { 0 };
    char network[128];
    app_network_name_via(r->app, r->db, network, sizeof network);
    CommonsFeedOut out;
    int rc = commons_feed_build(r->db, &e, r->arena, s, r->app->public_url, network, &out);
    req_own(r, out.items);   /* the entries borrow from it until the answer is written */
    if (rc < 0) return req_fail_err(r, &e);
    return atom_respond(r, &out.feed, out.entries, out.n);
}

/* A subject named by its key (the whole commons, a tag, an author, a sector), or 404 with `missing`. */
static int keyed_feed(Req *r, CommonsFeedKind kind, const char *key, const char *missing)
{
    Err e = { 0 };
    CommonsFeedSubject s;
    int found = commons_feed_subject(r->db, &e, r->arena, kind, key, &s);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "%s", missing);
    return feed_answer(r, &s);
}

int commons_feed(Req *r)
{
    return keyed_feed(r, COMMONS_FEED_ALL, NULL, "");
}

int commons_tag_feed(Req *r)
{
    const char *tag = req_param(r, "tag");
    return keyed_feed(r, COMMONS_FEED_TAG, tag,
                      req_printf(r, _("There is no tag \"%s\": tags are 2 to 40 lower-case letters, digits and hyphens."), tag));
}

int commons_author_feed(Req *r)
{
    return keyed_feed(r, COMMONS_FEED_AUTHOR, req_param(r, "member"),
                      "This member has published nothing in the commons (yet), so there is no feed of their items.");
}

int commons_sector_feed(Req *r)
{
    const char *slug = req_param(r, "sector");
    return keyed_feed(r, COMMONS_FEED_SECTOR, slug, req_printf(r, _("There is no sector called \"%s\"."), slug));
}

/* The feed of what the guard loaded ({place} or {chapter}): its id, name and page. */
static int loaded_feed(Req *r, CommonsFeedKind kind, json_t *what, int64_t id, const char *page)
{
    CommonsFeedSubject s = { .kind = kind, .key = json_string_value(json_object_get(what, "slug")),
                             .name = json_string_value(json_object_get(what, "name")), .page = page };
    if (kind == COMMONS_FEED_PLACE) s.filter.place_id = id;
    else s.filter.chapter_id = id;
    return feed_answer(r, &s);
}

int commons_place_feed(Req *r)
{
    return loaded_feed(r, COMMONS_FEED_PLACE, r->place, r->place_id, req_printf(r, "/places/%s", req_param(r, "place")));
}

int commons_chapter_feed(Req *r)
{
    return loaded_feed(r, COMMONS_FEED_CHAPTER, r->chapter, r->chapter_id, req_printf(r, "/chapters/%s", req_param(r, "chapter")));
}

void commons_feed_link(Req *r, CommonsFeedKind kind, const char *key, const char *name)
{
    const char *href = commons_feed_path(r->arena, kind, key);
    const char *title = commons_feed_title(r->arena, kind, name ? name : key);
    atom_page_link(r, href, title);
    req_set(r, "_feed", json_pack("{s:s, s:s}", "href", href, "title", title));
}

int commons_feeds_extend(Req *r, const char *page, Err *e)
{
    (void)e;
    if (str_eq(page, "author"))   /* the commons' author page: r->model has the author */
        commons_feed_link(r, COMMONS_FEED_AUTHOR, req_param(r, "member"),
                          json_string_value(json_object_get(json_object_get(req_model(r), "author"), "name")));
    else if (str_eq(page, "chapter") && r->chapter)
        atom_page_link(r, commons_feed_path(r->arena, COMMONS_FEED_CHAPTER, json_string_value(json_object_get(r->chapter, "slug"))),
                       commons_feed_title(r->arena, COMMONS_FEED_CHAPTER, json_string_value(json_object_get(r->chapter, "name"))));
    else if (str_eq(page, "place") && r->place)
        atom_page_link(r, commons_feed_path(r->arena, COMMONS_FEED_PLACE, json_string_value(json_object_get(r->place, "slug"))),
                       commons_feed_title(r->arena, COMMONS_FEED_PLACE, json_string_value(json_object_get(r->place, "name"))));
    return 0;
}
