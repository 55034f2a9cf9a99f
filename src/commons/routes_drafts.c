/* routes_drafts.c - the handlers of drafts made from meetings: the shared
 * stories page (/commons/stories: the successes and challenges members shared
 * with the network, anonymised, with the commons' items made from them, and
 * for their authors the way to make a draft), making a draft from a round,
 * and the page where a member whose story a draft quotes reads it and gives
 * or refuses consent (the consent itself is POST /commons/{item}/consent). */
#include "base/i18n.h"
#include "base/str.h"
#include "commons/commons.h"
#include "web/model.h"

/* ---------- /commons/stories ---------- */

static const char *stories_url(Req *r, const char *kind, int64_t page)
{
    bool k = !str_empty(kind);
    if (page <= 1) return k ? req_printf(r, "/commons/stories?kind=%s", kind) : "/commons/stories";
    return req_printf(r, "/commons/stories?%s%s%spage=%lld", k ? "kind=" : "", k ? kind : "", k ? "&" : "", (long long)page);
}

/* The filter's choices, as links (pages only). */
static json_t *kind_tabs(Req *r, const char *kind)
{
    static const char *const kinds[][2] = { { "", N_("All") }, { "success", N_("Successes") }, { "challenge", N_("Challenges") } };
    json_t *list = json_array();
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "label", tr(kinds[i][1]), "url", stories_url(r, kinds[i][0], 1),
                                              "is_current", str_eq(kind ? kind : "", kinds[i][0])));
    return list;
}

/* The model of the stories page; 0, or -1 answered. */
static int stories_model(Req *r)
{
    Err e = { 0 };
    int64_t page = 1;
    const char *kind = req_query(r, "kind");
    if (req_query(r, "page") && (!str_to_i64(req_query(r, "page"), &page) || page < 1 || page > 100000))
        return req_fail(r, E_BAD_REQUEST, "The page number must be a whole number from 1.");
    if (!stories_kind_valid(kind))
        return req_fail(r, E_BAD_REQUEST, "The kind must be success or challenge (leave it out for both).");
    json_t *v = stories_view(r->db, &e, r->me.id, kind, page);
    if (req_view(r, v, &e) < 0) return -1;
    if (page > 1) req_set_str(r, "_prev_url", stories_url(r, kind, page - 1));
    if (json_is_true(json_object_get(v, "has_more"))) req_set_str(r, "_next_url", stories_url(r, kind, page + 1));
    req_set(r, "_kinds", kind_tabs(r, kind));
    req_set_bool(r, "_filtered", !str_empty(kind));
    return 0;
}

int commons_stories(Req *r)
{
    if (stories_model(r) < 0) return -1;
    return req_page(r, "commons/stories");
}

/* ---------- making a draft ---------- */

int draft_create(Req *r)
{
    Err e = { 0 };
    int64_t round = 0;
    int got = req_input_int(r, "round_id", &round);
    if (got == 0 || (got > 0 && round <= 0))
        req_error(r, "round_id", "Say which of your shared successes or challenges to draft from (its number).");
    if (req_has_errors(r)) {
        if (stories_model(r) < 0) return -1;
        return req_invalid(r, "commons/stories");
    }
    int64_t id = 0;
    if (draft_from_round(r->db, &e, round, r->me.id, now_unix(), &id) < 0) return req_fail_err(r, &e);
    json_t *item = NULL;
    if (item_view_id(r->db, &e, id, r->me.id, &item) <= 0) return req_fail_err(r, &e);
    req_set(r, "item", item);
    const char *slug = json_string_value(json_object_get(item, "slug"));
    /* people go on to edit it; programs get the item's address */
    return req_created(r, req_printf(r, r->api ? "/commons/%s" : "/commons/%s/edit", slug),
                       "Your draft is made. Before you publish, remove the names and details that could identify people, "
                       "and give it a title. The members whose stories it quotes will be asked to consent.");
}

/* ---------- the page of a quoted member ---------- */

int draft_quoted_show(Req *r)
{
    Err e = { 0 };
    json_t *v = req_own(r, draft_quoted_view(r->db, &e, r->object_id, r->me.id));
    if (!v) return req_fail_err(r, &e);
    if (json_is_null(json_object_get(v, "viewer")))
        return req_fail(r, E_FORBIDDEN, "This page is for the members an item names: its authors and the members whose stories it quotes.");
    json_t *item = r->object;
    const char *status = json_string_value(json_object_get(item, "status"));
    if (!r->api) {   /* the words, and the flags of the consent form (templates/commons/consent) */
        const char *mine = json_string_value(json_object_get(json_object_get(v, "viewer"), "consent"));
        model_set_markdown(item, "_body_html", r->arena, json_string_value(json_object_get(item, "body")));
        json_object_update_new(item, json_pack("{s:b, s:b, s:b, s:b, s:b}", "_consent_asked", str_eq(mine, "asked"),
                                               "_consent_given", str_eq(mine, "given"), "_consent_withdrawn",
                                               str_eq(mine, "withdrawn"), "_is_published", str_eq(status, "published"),
                                               "_i_am_quoted", true));
    }
    req_set(r, "item", json_incref(item));
    req_view(r, json_incref(v), &e);
    req_set_bool(r, "_is_published", str_eq(status, "published"));
    req_set_bool(r, "_is_withdrawn", str_eq(status, "withdrawn"));
    req_set_bool(r, "_is_waiting", str_eq(status, "draft") || str_eq(status, "consenting"));
    return req_page(r, "commons/quoted");
}
