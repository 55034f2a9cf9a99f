/* routes.c - GET /names (and /api/v1/names): the matches of a name among the
 * kinds a picker offers, for those logged in (the members' directory,
 * GET /members, shows members' names to them too). The pickers' script asks
 * it as the person types; without script the page is a search form. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "names/names.h"

int names_search(Req *r)
{
    Err e = { 0 };
    const char *kind = req_query(r, "kind"), *q = req_query(r, "q"), *chapter = req_query(r, "chapter");
    unsigned kinds = str_empty(kind) ? (unsigned)NAME_ACCOUNTS : names_kinds_parse(kind);
    if (!kinds) return req_fail(r, E_BAD_REQUEST, "kind is a list of member, org, chapter, place and network, separated by commas.");
    if (q && strlen(q) > NAMES_Q_MAX) return req_fail(r, E_BAD_REQUEST, "q is at most 80 characters long.");
    _Static_assert(NAMES_Q_MAX == 80, "the message says 80");
    /* no words, no matches (kinds 0 finds nothing) */
    NamesQuery nq = { .kinds = str_empty(q) ? 0 : kinds, .q = names_like(r->arena, q ? q : "", false),
                    .words = text_query(r->arena, q), .chapter = chapter, .limit = NAMES_LIMIT };
    json_t *matches = names_find(r->db, &e, &nq);
    if (!matches) return req_fail_err(r, &e);
    names_details(matches);
    if ((kinds & NAME_NETWORK) && !str_empty(q) && strstr("the network", names_like(r->arena, q, true)))
        json_array_append_new(matches, json_pack("{s:s, s:s, s:s, s:s}", "kind", "network", "value", "network", "label",
                                                 _("The network"), "detail", _("the network's own books")));
    req_set(r, "names", matches);
    req_set_str(r, "q", q ? q : "");
    req_set_str(r, "kind", kind ? kind : "");
    req_set_bool(r, "_asked", !str_empty(q));
    return req_page(r, "names/index");
}

const Feature names_feature = {
    .name = "names",
};
