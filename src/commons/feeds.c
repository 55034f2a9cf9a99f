/* feeds.c - the commons' Atom feeds, Req-free (see commons.h, "feeds"): what
 * an address names, and the feed of its published items through web/atom.h.
 * Only what items_list gives (published items) goes in; the bodies are
 * rendered to safe HTML by cmark-gfm (base/markdown.h). */
#include <string.h>

#include "base/markdown.h"
#include "base/str.h"
#include "commons/commons.h"
#include "commons/store_feeds.h"

const char *commons_feed_path(Arena *a, CommonsFeedKind kind, const char *key)
{
    switch (kind) {
    case COMMONS_FEED_TAG: return arena_printf(a, "/commons/tags/%s.atom", key);
    case COMMONS_FEED_AUTHOR: return arena_printf(a, "/commons/authors/%s.atom", key);
    case COMMONS_FEED_PLACE: return arena_printf(a, "/places/%s/commons.atom", key);
    case COMMONS_FEED_SECTOR: return arena_printf(a, "/sectors/%s/commons.atom", key);
    case COMMONS_FEED_CHAPTER: return arena_printf(a, "/chapters/%s/commons.atom", key);
    case COMMONS_FEED_ALL: break;
    }
    return "/commons.atom";
}

/* A tag as the commons writes them: lower-case letters, digits and hyphens, 2 to 40. */
static bool tag_well_formed(const char *t)
{
    size_t n = strlen(t);
    if (n < 2 || n > 40) return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

int commons_feed_subject(DbConn *c, Err *e, Arena *a, CommonsFeedKind kind, const char *key, CommonsFeedSubject *s)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->key = key;
    json_t *row = NULL;
    int found = 1;
    switch (kind) {
    case COMMONS_FEED_ALL:
        s->page = "/commons";
        break;
    case COMMONS_FEED_TAG:
        if (!tag_well_formed(key)) return 0;
        s->name = key;
        s->filter.tag = key;
        s->page = arena_printf(a, "/commons/tags/%s", key);
        break;
    case COMMONS_FEED_AUTHOR: {
        int64_t id = 0;
        if (!str_to_i64(key, &id) || id <= 0) return 0;
        if ((found = feeds_author(c, e, id, &row)) <= 0) return found;
        s->filter.author_id = id;
        s->page = arena_printf(a, "/commons/authors/%lld", (long long)id);
        break;
    }
    case COMMONS_FEED_SECTOR:
        if ((found = feeds_sector(c, e, key, &row)) <= 0) return found;
        s->filter.sector_id = json_integer_value(json_object_get(row, "id"));
        break;
    case COMMONS_FEED_PLACE:
    case COMMONS_FEED_CHAPTER:
        break;   /* their loaders found them: the caller fills the filter and the name */
    }
    if (row) s->name = arena_strdup(a, json_string_value(json_object_get(row, "name")));
    json_decref(row);
    return 1;
}

static const char *str_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? s : NULL;
}

/* The item's tags ([text] or [{tag}]) and its kind as categories. */
static void entry_categories(Arena *a, const char *base, json_t *item, AtomEntry *x)
{
    json_t *tags = json_object_get(item, "tags");
    size_t n = json_array_size(tags);
    AtomCategory *cat = arena_alloc(a, sizeof *cat * (n + 1));
    size_t k = 0;
    const char *kind = str_of(item, "kind");
    if (kind) cat[k++] = (AtomCategory){ kind, item_kind_name(kind), arena_printf(a, "%s/commons#kinds", base) };
    const char *scheme = arena_printf(a, "%s/commons/tags/", base);
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_array_get(tags, i);
        const char *term = json_is_string(t) ? json_string_value(t) : str_of(t, "tag");
        if (term && *term) cat[k++] = (AtomCategory){ term, NULL, scheme };
    }
    x->categories = cat;
    x->n_categories = k;
}

static void entry_authors(Arena *a, const char *base, json_t *item, AtomEntry *x)
{
    json_t *authors = json_object_get(item, "authors");
    size_t n = json_array_size(authors);
    AtomPerson *p = arena_alloc(a, sizeof *p * (n + 1));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *who = json_array_get(authors, i);
        const char *name = str_of(who, "name");
        json_int_t id = json_integer_value(json_object_get(who, "id"));
        if (name) p[k++] = (AtomPerson){ name, id > 0 ? arena_printf(a, "%s/commons/authors/%lld", base, (long long)id) : NULL };
    }
    x->authors = p;
    x->n_authors = k;
}

void commons_feed_entry(Arena *a, const char *base, json_t *item, AtomEntry *x)
{
    memset(x, 0, sizeof *x);
    int64_t id = json_integer_value(json_object_get(item, "id"));
    int64_t published = json_integer_value(json_object_get(item, "published_at"));
    int64_t updated = json_integer_value(json_object_get(item, "updated_at"));
    x->link = arena_printf(a, "%s/commons/%s", base, str_of(item, "slug") ? str_of(item, "slug") : "");
    /* the id outlives the address: the item's number, minted on the day it was published */
    x->id = atom_tag_uri(a, base, published, arena_printf(a, "commons:item:%lld", (long long)id));
    if (!x->id) x->id = x->link;
    x->title = str_of(item, "title") ? str_of(item, "title") : "";
    x->published = published;
    x->updated = updated > published ? updated : published;
    entry_authors(a, base, item, x);
    entry_categories(a, base, item, x);
    json_t *licence = json_object_get(item, "licence");
    x->license = str_of(licence, "url");
    x->license_title = str_of(licence, "name");
    const char *url = str_of(item, "url");
    if (url) {
        AtomLink *l = arena_alloc(a, sizeof *l);
        *l = (AtomLink){ "related", NULL, url, NULL };
        x->links = l;
        x->n_links = 1;
    }
    x->summary = str_of(item, "summary");
    const char *body = str_of(item, "body");
    if (body) {
        x->content = markdown_html(a, body);
        x->content_html = true;
    }
}

const char *commons_feed_title(Arena *a, CommonsFeedKind kind, const char *name)
{
    switch (kind) {
    case COMMONS_FEED_TAG: return arena_printf(a, "Commons: tagged %s", name);
    case COMMONS_FEED_AUTHOR: return arena_printf(a, "Commons: by %s", name);
    case COMMONS_FEED_PLACE:
    case COMMONS_FEED_CHAPTER: return arena_printf(a, "Commons: from %s", name);
    case COMMONS_FEED_SECTOR: return arena_printf(a, "Commons: %s", name);
    case COMMONS_FEED_ALL: break;
    }
    return "Commons: the newest items";
}

/* What the subtitle says the feed holds, after "The newest items of the commons of <network>". */
static const char *feed_scope(Arena *a, const CommonsFeedSubject *s)
{
    switch (s->kind) {
    case COMMONS_FEED_TAG: return arena_printf(a, " tagged %s", s->name);
    case COMMONS_FEED_AUTHOR: return arena_printf(a, " by %s", s->name);
    case COMMONS_FEED_PLACE:
    case COMMONS_FEED_CHAPTER: return arena_printf(a, " that came from %s", s->name);
    case COMMONS_FEED_SECTOR: return arena_printf(a, " from the sector %s", s->name);
    case COMMONS_FEED_ALL: break;
    }
    return ": what its chapters and events learn";
}

int commons_feed_build(DbConn *c, Err *e, Arena *a, const CommonsFeedSubject *s, const char *base, const char *network,
                       CommonsFeedOut *out)
{
    memset(out, 0, sizeof *out);
    ItemFilter filter = s->filter;
    filter.with_body = true;
    filter.limit = COMMONS_FEED_ENTRIES;
    filter.offset = 0;
    int64_t departed = 0;   /* an entry gone is a change too: no 304 for a reader that still shows it */
    if (feeds_last_departure(c, e, &departed) < 0) return -1;
    if (!(out->items = items_list(c, e, &filter))) return -1;
    out->n = json_array_size(out->items);
    out->entries = arena_alloc(a, sizeof *out->entries * (out->n + 1));
    for (size_t i = 0; i < out->n; i++) commons_feed_entry(a, base, json_array_get(out->items, i), &out->entries[i]);
    const char *self = arena_printf(a, "%s%s", base, commons_feed_path(a, s->kind, s->key));
    out->feed = (AtomFeed){ .id = self, .self = self, .author = network, .updated = departed,
                            .alternate = s->page ? arena_printf(a, "%s%s", base, s->page) : NULL };
    out->feed.title = arena_printf(a, "%s · %s", commons_feed_title(a, s->kind, s->name), network);
    out->feed.subtitle = arena_printf(a, "The newest items of the knowledge commons of %s%s, shared under open licences.", network,
                                      feed_scope(a, s));
    return 0;
}
