/* routes_decisions.c - handlers of the decision records: the list
 * (network-wide, or of a committee, a chapter, a place with the places below
 * it), one record, and the Atom feed of what anyone may read (the
 * committees' and the board's decisions: a chapter's stay with its members). */
#include "base/str.h"
#include "governance/governance.h"
#include "web/app.h"
#include "web/atom.h"
#include "web/paging.h"

static int decisions_query(Req *r, DecisionQuery *q, Paging *p)
{
    q->committee = req_query(r, "committee");
    q->chapter = req_query(r, "chapter");
    q->place = req_query(r, "place");
    q->viewer = r->me.id;
    q->viewer_is_admin = r->me.is_admin;
    if (paging_read(r, p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    q->limit = p->limit;
    q->offset = p->offset;
    return 0;
}

int decisions_index(Req *r)
{
    Err e = { 0 };
    DecisionQuery q = { 0 };
    Paging p;
    if (decisions_query(r, &q, &p) < 0) return -1;
    if (req_view(r, decisions_view(r->db, &e, &q), &e) < 0) return -1;
    json_t *m = req_model(r);
    paging_trim(&p, json_object_get(m, "decisions"));
    paging_respond(r, &p);
    const char *feed = json_string_value(json_object_get(m, "_feed"));
    const char *name = json_string_value(json_object_get(json_object_get(m, "filter"), "name"));
    if (feed && *feed) atom_page_link(r, feed, name ? req_printf(r, "Decisions of %s", name) : "Decisions");
    return req_page(r, "governance/decisions");
}

int decision_show(Req *r)
{
    Err e = { 0 };
    json_t *d = NULL;
    int found = decision_for_reader(r->db, &e, req_id(r, "id"), r->me.id, r->me.is_admin, &d);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no decision numbered %lld.", (long long)req_id(r, "id"));
    req_set(r, "decision", d);
    return req_page(r, "governance/decision");
}

/* The feed's entries from the records (strings borrowed from them or the arena). */
static AtomEntry *feed_entries(Req *r, json_t *list, const char *base)
{
    size_t n = json_array_size(list);
    AtomEntry *x = arena_alloc(r->arena, sizeof *x * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *d = json_array_get(list, i);
        const char *link = req_printf(r, "%s%s", base, json_string_value(json_object_get(d, "url")));
        const char *body = json_string_value(json_object_get(d, "body_name"));
        const char *body_url = json_string_value(json_object_get(d, "body_url"));
        int64_t review = json_integer_value(json_object_get(d, "review_at"));
        int64_t when = json_integer_value(json_object_get(d, "decided_at"));
        AtomPerson *by = arena_alloc(r->arena, sizeof *by);
        *by = (AtomPerson){ body ? body : "the network", body_url ? req_printf(r, "%s%s", base, body_url) : NULL };
        AtomCategory *source = arena_alloc(r->arena, sizeof *source);
        *source = (AtomCategory){ json_string_value(json_object_get(d, "source")), json_string_value(json_object_get(d, "source_label")),
                                  NULL };
        x[i] = (AtomEntry){ .id = link, .link = link, .title = json_string_value(json_object_get(d, "title")), .updated = when,
                            .published = when, .authors = by, .n_authors = 1, .categories = source, .n_categories = source->term ? 1 : 0,
                            .summary = json_string_value(json_object_get(d, "statement")) };
        x[i].content = req_printf(r, "%s\n\nDecided by %s on %s.%s%s", x[i].summary ? x[i].summary : "", by->name, time_iso_date(r->arena, when),
                                  review ? " To be reviewed on " : "", review ? req_printf(r, "%s.", time_iso_date(r->arena, review)) : "");
    }
    return x;
}

int decisions_feed(Req *r)
{
    Err e = { 0 };
    DecisionQuery q = { 0 };
    Paging p;
    if (decisions_query(r, &q, &p) < 0) return -1;
    q.public_only = true;
    q.chapter = NULL;   /* a chapter's decisions are not public */
    q.limit = 50;   /* a feed holds the newest: readers keep what they fetched */
    q.offset = 0;
    json_t *view = req_own(r, decisions_view(r->db, &e, &q));
    if (!view) return req_fail_err(r, &e);
    json_t *list = json_object_get(view, "decisions"), *filter = json_object_get(view, "filter");
    char network[128];
    app_network_name_via(r->app, r->db, network, sizeof network);
    const char *base = r->app->public_url;
    const char *query = json_is_object(filter) ? req_printf(r, "?%s=%s", json_string_value(json_object_get(filter, "kind")),
                                                            json_string_value(json_object_get(filter, "key")))
                                               : "";
    const char *name = json_string_value(json_object_get(filter, "name"));
    AtomFeed f = { .id = req_printf(r, "%s/decisions.atom%s", base, query),
                   .title = name ? req_printf(r, "Decisions of %s · %s", name, network) : req_printf(r, "Decisions · %s", network),
                   .subtitle = "Every closed proposal, poll and election, on record.",
                   .self = req_printf(r, "%s/decisions.atom%s", base, query),
                   .alternate = req_printf(r, "%s/decisions%s", base, query), .author = network };
    return atom_respond(r, &f, feed_entries(r, list, base), json_array_size(list));
}
