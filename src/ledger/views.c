/* views.c - what the pages of the books show, assembled for a reader: a
 * chapter's books, the network's, a place's comparison of its chapters, a
 * person's or an organisation's own lines. No HTTP: each returns one JSON
 * object whose members the handler puts in its model. */
#include <string.h>

#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "network/network.h"

/* The chapter's baskets with their balances, each name the reader may not read withheld. */
static int baskets_shown(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *baskets)
{
    size_t i;
    json_t *b;
    json_array_foreach(baskets, i, b) {
        const char *purpose = json_string_value(json_object_get(b, "purpose"));
        int64_t id = json_integer_value(json_object_get(b, "id"));
        bool shown = true;
        if (ledger_name_visible(c, e, v, "basket", purpose, id, &shown) < 0) return -1;
        if (!shown) json_object_set_new(b, "name", json_string(ledger_name_withheld("basket", purpose, "chapter")));
        json_t *bal = account_balances(c, e, id);
        if (!bal) return -1;
        totals_decorate(a, bal);
        json_object_set_new(b, "balances", bal);
    }
    return 0;
}

json_t *ledger_claims_view(DbConn *c, Err *e, Arena *a, int64_t chapter, int64_t by, int64_t limit, int64_t offset)
{
    int64_t acct = 0, n = 0, pending = 0;   /* no account: nothing recorded, nothing claimed */
    if (account_find(c, e, "chapter", chapter, &acct) < 0) return NULL;
    json_t *claims = acct ? unit_claims(c, e, acct, by, limit, offset) : json_array();
    if (!claims || (acct && unit_claims_count(c, e, acct, by, &n, &pending) < 0)) {
        json_decref(claims);
        return NULL;
    }
    size_t i;
    json_t *k;
    json_array_foreach(claims, i, k) {
        json_object_set_new(k, "amount_text", json_string(amount_words(a, json_integer_value(json_object_get(k, "amount")),
                                                                       json_string_value(json_object_get(k, "resource")),
                                                                       json_string_value(json_object_get(k, "resource_kind")),
                                                                       json_integer_value(json_object_get(k, "decimals")))));
        json_object_set_new(k, "_status_label", json_string(claim_status_label(json_string_value(json_object_get(k, "status")))));
    }
    return json_pack("{s:o, s:{s:I, s:I}}", "claims", claims, "claims_count", "all", (json_int_t)n, "pending", (json_int_t)pending);
}

json_t *ledger_books_view(DbConn *c, Err *e, Arena *a, const ViewerBuf *vb, const BooksQuery *q)
{
    int64_t acct = 0;   /* 0: nothing recorded yet */
    if (account_find(c, e, "chapter", q->chapter, &acct) < 0) return NULL;
    json_t *out = json_pack("{s:I}", "account_id", (json_int_t)acct);
    json_t *totals = unit_totals(c, e, acct);
    if (!totals) goto fail;
    totals_decorate(a, totals);
    json_object_set_new(out, "totals", totals);
    json_t *baskets = unit_baskets(c, e, acct);
    if (!baskets) goto fail;
    json_object_set_new(out, "baskets", baskets);
    /* nothing happened before the beginning: no need to read every transaction to learn it */
    json_t *opening = str_eq(q->from, "0000-00-00") || !acct ? json_array() : unit_opening(c, e, acct, q->from);
    if (!opening) goto fail;
    json_object_set_new(out, "opening", opening);
    Statement st;
    StatementQuery sq = { .from = q->from, .to = q->to, .opening = opening, .offset = q->offset, .per_page = q->per_page };
    if (ledger_statement_page(c, e, a, &vb->v, acct, &sq, &st) < 0) goto fail;
    json_object_update_new(out, json_pack("{s:o, s:o, s:o, s:o, s:I}", "lines", st.lines, "hidden", st.hidden, "carried_forward",
                                          st.carried, "brought_forward", st.brought, "lines_total", (json_int_t)st.rows));
    if (baskets_shown(c, e, a, &vb->v, baskets) < 0) goto fail;
    if (q->claims) {   /* the first ones, beside a link to all of them */
        json_t *claims = ledger_claims_view(c, e, a, q->chapter, q->all_claims ? 0 : vb->v.user_id, LEDGER_CLAIMS_ON_BOOKS, 0);
        if (!claims) goto fail;
        json_object_update_new(out, claims);
    }
    return out;
fail:
    json_decref(out);
    return NULL;
}

json_t *ledger_network_view(DbConn *c, Err *e, Arena *a, const Viewer *v)
{
    json_t *totals = network_totals_by_resource(c, e);
    json_t *lines = totals ? all_lines(c, e, 300) : NULL;
    json_t *head = NULL, *hidden = NULL, *shown = NULL;
    if (lines && ledger_head_row(c, e, &head) >= 0) shown = ledger_lines_filter(c, e, a, v, lines, &hidden);
    json_decref(lines);
    if (!shown) {
        json_decref(totals);
        json_decref(head);
        return NULL;
    }
    totals_decorate(a, totals);
    ledger_lines_by_date(shown);
    ledger_lines_one_side(shown);
    return json_pack("{s:o, s:o, s:o, s:o}", "totals", totals, "lines", shown, "hidden", hidden, "head", head ? head : json_null());
}

/* One row per chapter of place_comparison's rows, with its flows per resource. */
static json_t *place_chapters(Arena *a, json_t *rows, json_t *resources)
{
    json_t *chapters = json_array(), *by_slug = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        const char *slug = json_string_value(json_object_get(x, "slug"));
        const char *res = json_string_value(json_object_get(x, "resource"));
        json_t *ch = json_object_get(by_slug, slug);
        if (!ch) {
            ch = json_pack("{s:O, s:O, s:O, s:o}", "slug", json_object_get(x, "slug"), "name", json_object_get(x, "name"),
                           "status", json_object_get(x, "status"), "flows", json_object());
            json_object_set_new(by_slug, slug, ch);
            json_array_append(chapters, ch);
        }
        const char *kind = json_string_value(json_object_get(x, "kind"));
        int64_t dec = json_integer_value(json_object_get(x, "decimals"));
        json_object_set_new(json_object_get(ch, "flows"), res,
                            json_pack("{s:O, s:O, s:s, s:s}", "inflow", json_object_get(x, "inflow"), "outflow", json_object_get(x, "outflow"),
                                      "inflow_text", amount_words(a, json_integer_value(json_object_get(x, "inflow")), res, kind, dec),
                                      "outflow_text", amount_words(a, json_integer_value(json_object_get(x, "outflow")), res, kind, dec)));
        json_object_set_new(resources, res, json_true());
    }
    json_decref(by_slug);
    return chapters;
}

/* Leaves out the rows of the chapter beyond the page (place_comparison reads
 * limit + 1 chapters to know that one follows): whether there was one. */
static bool page_cut(json_t *rows, int64_t limit)
{
    int64_t chapters = 0, last = 0;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        int64_t id = json_integer_value(json_object_get(x, "id"));
        if (!i || id != last) chapters++;
        last = id;
    }
    if (chapters <= limit) return false;
    while (json_array_size(rows) && json_integer_value(json_object_get(json_array_get(rows, json_array_size(rows) - 1), "id")) == last)
        json_array_remove(rows, json_array_size(rows) - 1);
    return true;
}

json_t *ledger_place_view(DbConn *c, Err *e, Arena *a, int64_t place, int64_t limit, int64_t offset, int64_t *total, bool *more)
{
    json_t *rows = place_comparison(c, e, place, limit, offset);
    if (!rows) return NULL;
    *more = page_cut(rows, limit);
    /* every row says how many chapters there are, when they were counted; the
     * first page of none is none, a page past the end does not know */
    *total = json_array_size(rows) ? json_integer_value(json_object_get(json_array_get(rows, 0), "total")) : offset ? -1 : 0;
    /* one row per chapter, one column per resource: what came in and went out */
    json_t *resources = json_object();
    json_t *chapters = place_chapters(a, rows, resources);
    json_decref(rows);
    /* columns in a stable order; cells for the page */
    json_t *columns = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(resources, k, v) json_array_append_new(columns, json_string(k));
    json_decref(resources);
    size_t i;
    json_t *x;
    json_array_foreach(chapters, i, x) {
        json_t *cells = json_array();
        size_t j;
        json_t *col;
        json_array_foreach(columns, j, col) {
            json_t *f = json_object_get(json_object_get(x, "flows"), json_string_value(col));
            json_array_append_new(cells, f ? json_pack("{s:O, s:O}", "in", json_object_get(f, "inflow_text"), "out", json_object_get(f, "outflow_text"))
                                           : json_pack("{s:s, s:s, s:b}", "in", "–", "out", "–", "is_empty", 1));
        }
        json_object_set_new(x, "_cells", cells);
        json_object_set_new(x, "_status_label", json_string(chapter_status_label(json_string_value(json_object_get(x, "status")))));
    }
    return json_pack("{s:o, s:o}", "columns", columns, "chapters", chapters);
}

json_t *ledger_account_view(DbConn *c, Err *e, Arena *a, const Viewer *v, const char *kind, int64_t ref, int64_t offset,
                            int64_t per_page, bool with_totals)
{
    int64_t acct = 0;   /* 0: nothing recorded yet */
    if (account_find(c, e, kind, ref, &acct) < 0) return NULL;
    json_t *out = json_object();
    if (with_totals) {
        json_t *totals = unit_totals(c, e, acct);
        if (!totals) goto fail;
        totals_decorate(a, totals);
        json_object_set_new(out, "totals", totals);
    }
    /* its lines from the beginning: no opening balance; a person's balance is
     * what they gave and received (the totals), not carried from page to page */
    Statement st;
    json_t *none = json_array();
    StatementQuery sq = { .from = "0000-00-00", .to = "9999-99-99", .opening = none, .offset = offset, .per_page = per_page };
    int rc = ledger_statement_page(c, e, a, v, acct, &sq, &st);
    json_decref(none);
    if (rc < 0) goto fail;
    json_decref(st.carried);
    json_decref(st.brought);
    json_object_update_new(out, json_pack("{s:o, s:o, s:I}", "lines", st.lines, "hidden", st.hidden, "lines_total", (json_int_t)st.rows));
    return out;
fail:
    json_decref(out);
    return NULL;
}
