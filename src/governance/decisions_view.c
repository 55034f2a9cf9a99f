/* decisions_view.c - the decision records' list page and feed, Req-free:
 * the filter a query names (a committee, a chapter, a place and the places
 * below it, or the whole network), the records the reader may read (a
 * chapter's are its members'; the feed carries only what anyone may read),
 * and the choices of the page's filter. */
#include "base/str.h"
#include "governance/polls_internal.h"
#include "governance/store.h"
#include "network/network.h"

/* The filter named by the query, into f and *filter ({kind, key, name, url}): 1, 0 names nothing, -1. */
static int filter_of(DbConn *c, Err *e, const DecisionQuery *q, DecisionFilter *f, json_t **filter)
{
    json_t *row = NULL;
    int found = 1;
    *filter = json_null();
    if (!str_empty(q->committee)) {
        if ((found = poll_committee_by_key(c, e, q->committee, &row)) <= 0) return found;
        f->committee_id = json_integer_value(json_object_get(row, "id"));
        *filter = json_pack("{s:s, s:O, s:O, s:s+}", "kind", "committee", "key", json_object_get(row, "key"), "name",
                            json_object_get(row, "name"), "url", "/committees/", json_string_value(json_object_get(row, "key")));
    } else if (!str_empty(q->chapter)) {
        if ((found = poll_chapter_by_slug(c, e, q->chapter, &row)) <= 0) return found;
        f->chapter_id = json_integer_value(json_object_get(row, "id"));
        *filter = json_pack("{s:s, s:O, s:O, s:s+}", "kind", "chapter", "key", json_object_get(row, "slug"), "name",
                            json_object_get(row, "name"), "url", "/chapters/", json_string_value(json_object_get(row, "slug")));
    } else if (!str_empty(q->place)) {
        if ((found = place_by_key(c, e, q->place, &row)) <= 0) return found;
        f->place_id = json_integer_value(json_object_get(row, "id"));
        *filter = json_pack("{s:s, s:O, s:O, s:s+}", "kind", "place", "key", json_object_get(row, "slug"), "name",
                            json_object_get(row, "name"), "url", "/places/", json_string_value(json_object_get(row, "slug")));
    }
    json_decref(row);
    return 1;
}

json_t *decisions_view(DbConn *c, Err *e, const DecisionQuery *q)
{
    DecisionFilter f = { .limit = q->limit, .offset = q->offset, .viewer = q->public_only ? 0 : q->viewer,
                         .viewer_is_admin = !q->public_only && q->viewer_is_admin };
    json_t *filter = NULL, *list = NULL, *committees = NULL, *places = NULL;
    int found = filter_of(c, e, q, &f, &filter);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no %s called \"%s\".",
                            !str_empty(q->committee) ? "committee" : !str_empty(q->chapter) ? "chapter" : "place",
                            !str_empty(q->committee) ? q->committee : !str_empty(q->chapter) ? q->chapter : q->place);
        json_decref(filter);
        return NULL;
    }
    bool closed_to_reader = false;   /* a chapter's decisions, asked for by someone not in it */
    if (f.chapter_id && !f.viewer_is_admin) {
        int member = body_voter(c, e, f.chapter_id, 0, f.viewer, 0, NULL);
        if (member < 0) {
            json_decref(filter);
            return NULL;
        }
        closed_to_reader = !member;
    }
    if (!(list = closed_to_reader ? json_array() : decisions_list(c, e, &f)) || !(committees = poll_committee_options(c, e)) || !(places = poll_place_options(c, e))) {
        json_decref(filter);
        json_decref(list);
        json_decref(committees);
        return NULL;
    }
    const char *key = json_string_value(json_object_get(filter, "key"));
    const char *kind = json_string_value(json_object_get(filter, "kind"));
    size_t i;
    json_t *x;
    json_array_foreach(committees, i, x)
        json_object_set_new(x, "is_selected", json_boolean(str_eq(kind, "committee") && str_eq(key, json_string_value(json_object_get(x, "key")))));
    json_array_foreach(places, i, x)
        json_object_set_new(x, "is_selected", json_boolean(str_eq(kind, "place") && str_eq(key, json_string_value(json_object_get(x, "slug")))));
    place_kind_labels(places);
    json_t *feed = str_eq(kind, "committee") || str_eq(kind, "place") ? json_sprintf("/decisions.atom?%s=%s", kind, key)
                 : json_string(str_eq(kind, "chapter") ? "" : "/decisions.atom");
    return json_pack("{s:o, s:o, s:b, s:o, s:o, s:o}", "decisions", list, "filter", filter, "closed_to_reader", closed_to_reader,
                     "_feed", feed, "_committees", committees, "_places", places);
}
