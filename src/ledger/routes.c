/* routes.c - handlers of the books: a chapter's books and the forms that
 * record in them, baskets, expense claims, quick capture at a meeting, the
 * network's and a place's books, the business-model canvas, organisations,
 * your own contributions, and the exports.
 *
 * Managed transparency: balances and totals are aggregates anyone may see;
 * the lines themselves pass through ledger_visible (rules.c) for the person
 * reading, here, before any face sees them — pages, API answers and exports
 * are all built from the filtered lines, and a reader who may not see some
 * learns only how many there are and what they add up to. */
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/markdown.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "meetings/meetings.h"
#include "network/network.h"
#include "web/model.h"
#include "web/app.h"

#define LINES_MAX 500

/* ---------- who reads ---------- */

typedef struct ViewerBuf {
    Viewer v;
    int64_t member_of[256], connector_of[256];
} ViewerBuf;

static int viewer_load(Req *r, ViewerBuf *vb)
{
    Err e = { 0 };
    memset(vb, 0, sizeof *vb);
    vb->v.user_id = r->me.id;
    vb->v.admin = r->me.is_admin;
    vb->v.member_of = vb->member_of;
    vb->v.connector_of = vb->connector_of;
    if (!r->me.id) return 0;
    json_t *rows = viewer_chapters(r->db, &e, r->me.id);
    if (!rows) return req_fail_err(r, &e);
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        int64_t ch = json_integer_value(json_object_get(x, "chapter_id"));
        if (vb->v.nmember < 256) vb->member_of[vb->v.nmember++] = ch;
        if (str_eq(json_string_value(json_object_get(x, "role")), "connector") && vb->v.nconnector < 256)
            vb->connector_of[vb->v.nconnector++] = ch;
    }
    json_decref(rows);
    return 0;
}

/* The person acting on the books, for the gate (ledger_gate): the chapters
 * whose books they keep, and whether they are an administrator. */
static Actor actor_of(const ViewerBuf *vb)
{
    return (Actor){ .user_id = vb->v.user_id, .operator = vb->v.admin, .connector_of = vb->connector_of,
                    .nconnector = vb->v.nconnector };
}

/* The gate names no field; a form shows its refusal at the field it concerns. */
static void gate_field(Err *e, const char *who, const char *how_much)
{
    if (!e->field[0] && (e->code == E_FORBIDDEN || e->code == E_CONFLICT || e->code == E_INVALID))
        snprintf(e->field, sizeof e->field, "%s", e->code == E_FORBIDDEN ? who : how_much);
}

static bool line_visible(const Viewer *v, json_t *line)
{
    Party parties[3] = {
        { json_string_value(json_object_get(line, "payer_kind")), json_integer_value(json_object_get(line, "payer_ref")) },
        { json_string_value(json_object_get(line, "recipient_kind")), json_integer_value(json_object_get(line, "recipient_ref")) },
        { json_string_value(json_object_get(line, "beneficiary_kind")), json_integer_value(json_object_get(line, "beneficiary_ref")) },
    };
    return ledger_visible(json_string_value(json_object_get(line, "visibility")), v, parties, 3);
}

static const char *today(Req *r)
{
    return time_iso_date(r->arena, now_unix());
}

/* A day "YYYY-MM-DD" that exists (today when empty). */
static bool day_valid_or_default(Req *r, const char **day)
{
    if (str_empty(*day)) {
        *day = today(r);
        return true;
    }
    int y, m, d;
    char rest;
    if (strlen(*day) != 10 || sscanf(*day, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3 || y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* The words for an amount of a resource: "12.50 EUR", "1.5 hours", "3 goods", "2 favours" (arena). */
static const char *amount_words(Req *r, int64_t amount, const char *resource, const char *kind, int64_t decimals)
{
    const char *n = amount_format(r->arena, amount, kind, decimals);
    if (str_eq(kind, "time")) return req_printf(r, "%s hours", n);
    if (str_eq(kind, "goods")) return req_printf(r, "%s %s", n, amount == 1 || amount == -1 ? "item" : "items");
    if (str_eq(kind, "favours")) return req_printf(r, "%s %s", n, amount == 1 || amount == -1 ? "favour" : "favours");
    return req_printf(r, "%s %s", n, resource);
}

static void totals_decorate(Req *r, json_t *totals)
{
    size_t i;
    json_t *t;
    json_array_foreach(totals, i, t) {
        const char *res = json_string_value(json_object_get(t, "resource"));
        const char *kind = json_string_value(json_object_get(t, "kind"));
        int64_t dec = json_integer_value(json_object_get(t, "decimals"));
        json_object_set_new(t, "balance_text", json_string(amount_words(r, json_integer_value(json_object_get(t, "balance")), res, kind, dec)));
        json_object_set_new(t, "inflow_text", json_string(amount_words(r, json_integer_value(json_object_get(t, "inflow")), res, kind, dec)));
        json_object_set_new(t, "outflow_text", json_string(amount_words(r, json_integer_value(json_object_get(t, "outflow")), res, kind, dec)));
    }
}

/* What the lines a viewer may not read add up to: how many transactions, and
 * the sum of each resource (in the order first met). In C, in the request's
 * arena: a page may hide hundreds of lines. */
typedef struct HiddenSum {
    const char *resource, *kind;
    int64_t decimals, amount;
} HiddenSum;
typedef struct Hidden {
    Arena *a;
    int64_t count;
    int64_t *seen;                   /* the transactions counted: open addressing, 0 empty */
    size_t cap;                      /* a power of two, at least twice the lines */
    HiddenSum *sums;
    int nsums;
} Hidden;

static void hidden_init(Hidden *h, Arena *a, size_t lines)
{
    memset(h, 0, sizeof *h);
    h->a = a;
    for (h->cap = 16; h->cap < 2 * lines; h->cap *= 2) {}
    h->seen = arena_alloc(a, h->cap * sizeof *h->seen);
}

static void hidden_add(Hidden *h, int64_t tx, const char *res, const char *kind, int64_t dec, int64_t amount)
{
    size_t i = (size_t)(((uint64_t)tx * 0x9e3779b97f4a7c15ull) >> 32) & (h->cap - 1);
    while (h->seen[i] && h->seen[i] != tx) i = (i + 1) & (h->cap - 1);
    if (!h->seen[i]) {
        h->seen[i] = tx;
        h->count++;
    }
    int k = 0;
    while (k < h->nsums && !str_eq(h->sums[k].resource, res)) k++;
    if (k == h->nsums) {
        h->sums = arena_realloc(h->a, h->sums, (size_t)k * sizeof *h->sums, (size_t)(k + 1) * sizeof *h->sums);
        h->sums[h->nsums++] = (HiddenSum){ arena_strdup(h->a, res), arena_strdup(h->a, kind), dec, 0 };
    }
    h->sums[k].amount += amount;
}

/* {count, by_resource: [{resource, amount, amount_text}], summary}.
 * `net`: the lines are one unit's, so their sum is how much they change its
 * balance; otherwise (both sides of every transaction) only the count is told. */
static json_t *hidden_summary(Req *r, const Hidden *h, bool net)
{
    json_t *by = json_array();
    Buf words;
    buf_init(&words, r->arena);
    for (int k = 0; k < h->nsums; k++) {
        const HiddenSum *s = &h->sums[k];
        const char *text = amount_words(r, s->amount, s->resource, s->kind, s->decimals);
        json_array_append_new(by, json_pack("{s:s, s:I, s:s}", "resource", s->resource, "amount", (json_int_t)s->amount,
                                            "amount_text", text));
        buf_printf(&words, "%s%s", words.len ? ", " : "", text);
    }
    int64_t n = h->count;
    const char *lead = req_printf(r, "%lld more transaction%s here %s not shown to you: %s visibility is limited.",
                                  (long long)n, n == 1 ? "" : "s", n == 1 ? "is" : "are", n == 1 ? "its" : "their");
    const char *summary = !n ? ""
                          : net ? req_printf(r, "%s Together %s the balance by %s; the totals include %s.", lead,
                                             n == 1 ? "it changes" : "they change", buf_str(&words), n == 1 ? "it" : "them")
                                : lead;
    if (!net) json_array_clear(by);   /* both sides of each transaction: their sum says nothing */
    return json_pack("{s:I, s:o, s:s}", "count", (json_int_t)n, "by_resource", by, "summary", summary);
}

/* The names a line shows (its account, its payer, recipient and beneficiary),
 * each replaced by neutral words where the viewer may not read it: a person's
 * for someone not logged in, an event's basket for someone who may not see
 * the event. A line that moves an event's money hidden so also keeps its
 * description to itself (it may carry the title). Changes the row in place;
 * -1 when a rule could not be read (answered). */
static int line_names(Req *r, const Viewer *v, json_t *l)
{
    static const struct { const char *name, *kind, *purpose, *id, *unit; } who[] = {
        { "account", "account_kind", "account_purpose", "account_ref", NULL },
        { "payer", "payer_account_kind", "payer_purpose", "payer_id", "payer_kind" },
        { "recipient", "recipient_account_kind", "recipient_purpose", "recipient_id", "recipient_kind" },
        { "beneficiary", "beneficiary_account_kind", "beneficiary_purpose", "beneficiary_id", "beneficiary_kind" },
    };
    Err e = { 0 };
    bool basket_hidden = false;
    for (size_t i = 0; i < sizeof who / sizeof *who; i++) {
        const char *kind = json_string_value(json_object_get(l, who[i].kind));
        const char *purpose = json_string_value(json_object_get(l, who[i].purpose));
        bool visible = true;
        if (!kind || !json_is_string(json_object_get(l, who[i].name))) continue;
        if (ledger_name_visible(r->db, &e, v, kind, purpose, json_integer_value(json_object_get(l, who[i].id)), &visible) < 0)
            return req_fail_err(r, &e);
        if (visible) continue;
        const char *unit = who[i].unit ? json_string_value(json_object_get(l, who[i].unit)) : NULL;
        json_object_set_new(l, who[i].name, json_string(ledger_name_withheld(kind, purpose, unit)));
        if (str_eq(kind, "basket")) basket_hidden = true;
    }
    if (basket_hidden) json_object_set_new(l, "description", json_string("Money of an event that is not shown to you"));
    return 0;
}

/* A line the viewer may read, as faces show it. */
static json_t *line_shown(Req *r, const Viewer *v, json_t *l)
{
    if (line_names(r, v, l) < 0) return NULL;
    const char *res = json_string_value(json_object_get(l, "resource"));
    const char *kind = json_string_value(json_object_get(l, "resource_kind"));
    int64_t dec = json_integer_value(json_object_get(l, "decimals"));
    int64_t amount = json_integer_value(json_object_get(l, "amount"));
    json_t *x = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:b, s:O}",
                          "id", json_object_get(l, "id"), "seq", json_object_get(l, "seq"), "kind", json_object_get(l, "kind"),
                          "description", json_object_get(l, "description"), "category", json_object_get(l, "category"),
                          "occurred_on", json_object_get(l, "occurred_on"), "visibility", json_object_get(l, "visibility"),
                          "account", json_object_get(l, "account"), "resource", json_object_get(l, "resource"),
                          "amount", json_object_get(l, "amount"),
                          "amount_text", amount_words(r, amount, res, kind, dec), "is_in", amount > 0,
                          "reverses_id", json_object_get(l, "reverses_id"));
    json_object_set(x, "counterparty", json_object_get(l, amount > 0 ? "payer" : "recipient"));
    json_object_set(x, "beneficiary", json_object_get(l, "beneficiary"));
    if (json_is_integer(json_object_get(l, "value_amount")) && json_is_string(json_object_get(l, "value_currency")))
        json_object_set_new(x, "value_text", json_string(amount_words(r, json_integer_value(json_object_get(l, "value_amount")),
                                                                      json_string_value(json_object_get(l, "value_currency")), "money", 2)));
    return x;
}

/* Splits lines into those the viewer may read (decorated, returned) and a
 * summary of the others (hidden_summary). */
static json_t *filter_lines(Req *r, const Viewer *v, json_t *lines, json_t **hidden, bool net)
{
    json_t *out = json_array();
    Hidden h;
    hidden_init(&h, r->arena, json_array_size(lines));
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        if (line_visible(v, l)) {
            json_t *x = line_shown(r, v, l);
            if (!x) {
                json_decref(out);
                return NULL;
            }
            json_array_append_new(out, x);
        }
        else
            hidden_add(&h, json_integer_value(json_object_get(l, "id")), json_string_value(json_object_get(l, "resource")),
                       json_string_value(json_object_get(l, "resource_kind")), json_integer_value(json_object_get(l, "decimals")),
                       json_integer_value(json_object_get(l, "amount")));
    }
    *hidden = hidden_summary(r, &h, net);
    return out;
}

/* Sorting a page of lines by their heads (LineFn): those the viewer may read
 * (their postings, when asked for), and the sums of the others. */
typedef struct Sorting {
    const Viewer *v;
    Hidden hidden;
    int64_t *shown;                  /* NULL: not kept */
    int nshown;
} Sorting;

static bool line_sort(void *ctx, const LineHead *x)
{
    Sorting *s = ctx;
    if (ledger_visible(x->visibility, s->v, x->parties, 3)) {
        if (s->shown && s->nshown < LINES_MAX) s->shown[s->nshown++] = x->posting;
        return true;
    }
    hidden_add(&s->hidden, x->tx, x->resource, x->resource_kind, x->decimals, x->amount);
    return false;
}

/* Appends the lines (a new reference, taken; NULL: a failed read) as faces
 * show them; false when they could not be read. */
static bool lines_shown(Req *r, const Viewer *v, json_t *out, json_t *lines)
{
    size_t i;
    json_t *l;
    bool ok = lines != NULL;
    json_array_foreach(lines, i, l) {
        json_t *x = line_shown(r, v, l);
        if (!x) {
            ok = false;
            break;
        }
        json_array_append_new(out, x);
    }
    json_decref(lines);
    return ok;
}

/* filter_lines over a unit's page of lines (unit_lines), without reading in
 * full the lines the viewer may not read: each line is decided on its head
 * (what ledger_visible needs), so no line is shown that was not checked. When
 * much of a page is likely hidden (`most_hidden`: a reader without a role in
 * the unit; one who is not logged in usually sees none of it) only the heads
 * are read first, then in full the lines that passed, by their postings;
 * otherwise the page is read once and only the lines that pass become JSON.
 * Either way the same lines. NULL on error (answered). */
static json_t *unit_lines_visible(Req *r, const Viewer *v, int64_t acct, const char *from, const char *to, bool most_hidden,
                                  json_t **hidden)
{
    Err e = { 0 };
    Sorting s = { .v = v };
    hidden_init(&s.hidden, r->arena, LINES_MAX);
    bool ok;
    json_t *out = json_array();
    if (!most_hidden) {
        json_t *lines = unit_lines_kept(r->db, &e, acct, from, to, LINES_MAX, line_sort, &s);
        ok = lines_shown(r, v, out, lines);
    } else {
        s.shown = arena_alloc(r->arena, LINES_MAX * sizeof *s.shown);
        ok = unit_line_heads(r->db, &e, acct, from, to, LINES_MAX, line_sort, &s) == 0;
        for (int i = 0; ok && i < s.nshown; i += LINES_BY_POSTING) {
            int n = s.nshown - i < LINES_BY_POSTING ? s.nshown - i : LINES_BY_POSTING;
            ok = lines_shown(r, v, out, lines_by_posting(r->db, &e, s.shown + i, n));
        }
    }
    if (!ok) {
        json_decref(out);
        req_fail_err(r, &e);
        return NULL;
    }
    *hidden = hidden_summary(r, &s.hidden, true);
    return out;
}

/* The account of the chapter in the path (made on first use, so it is a write). */
typedef struct AccountFor {
    const char *kind;
    int64_t ref, id;
} AccountFor;

static int account_for_tx(DbConn *c, void *ctx, Err *e)
{
    AccountFor *a = ctx;
    return account_of(c, e, a->kind, a->ref, &a->id);
}

/* The account of a unit if it exists (0 when nothing was ever recorded): for reading. */
static int64_t unit_account_find(Req *r, const char *kind, int64_t ref, bool *failed)
{
    Err e = { 0 };
    int64_t id = 0;
    *failed = false;
    if (account_find(r->db, &e, kind, ref, &id) < 0) {
        req_fail_err(r, &e);
        *failed = true;
    }
    return id;
}

static int64_t unit_account(Req *r, const char *kind, int64_t ref)
{
    Err e = { 0 };
    AccountFor a = { kind, ref, 0 };
    int found = account_find(r->db, &e, kind, ref, &a.id);
    if (found < 0 || (!found && db_write(r->db, account_for_tx, &a, &e) < 0)) {
        req_fail_err(r, &e);
        return 0;
    }
    return a.id;
}

/* Reads ?from= and ?to= (days) for a statement; defaults to everything. */
static int read_period(Req *r, const char **from, const char **to)
{
    *from = req_query(r, "from");
    *to = req_query(r, "to");
    int y, m, d;
    if (str_empty(*from)) *from = "0000-00-00";
    else if (sscanf(*from, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(*from) != 10)
        return req_fail(r, E_BAD_REQUEST, "from= is a day like 2026-01-01.");
    if (str_empty(*to)) *to = "9999-99-99";
    else if (sscanf(*to, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(*to) != 10)
        return req_fail(r, E_BAD_REQUEST, "to= is a day like 2026-12-31 (not included).");
    return 0;
}

/* ---------- a chapter's books ---------- */

static int chapter_books_model(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    bool failed;
    int64_t acct = unit_account_find(r, "chapter", r->chapter_id, &failed);   /* 0: nothing recorded yet */
    if (failed) return -1;
    const char *from, *to;
    if (read_period(r, &from, &to) < 0) return -1;
    json_t *totals = unit_totals(r->db, &e, acct);
    json_t *baskets = totals ? unit_baskets(r->db, &e, acct) : NULL;
    /* nothing happened before the beginning: no need to read every transaction to learn it */
    json_t *opening = !baskets ? NULL : str_eq(from, "0000-00-00") ? json_array() : unit_opening(r->db, &e, acct, from);
    if (!opening) {
        json_decref(totals);
        json_decref(baskets);
        return req_fail_err(r, &e);
    }
    json_t *hidden = NULL;
    /* a reader with a role here, or an administrator, reads most of the page */
    json_t *visible = unit_lines_visible(r, &vb.v, acct, from, to, !r->chapter_role && !r->me.is_admin, &hidden);
    if (!visible) {
        json_decref(totals);
        json_decref(baskets);
        json_decref(opening);
        return -1;
    }
    totals_decorate(r, totals);
    bool connector = str_eq(r->chapter_role, "connector");
    size_t i;
    json_t *b;
    json_array_foreach(baskets, i, b) {
        bool shown = true;
        if (ledger_name_visible(r->db, &e, &vb.v, "basket", json_string_value(json_object_get(b, "purpose")),
                                json_integer_value(json_object_get(b, "id")), &shown) < 0) {
            json_decref(totals);
            json_decref(baskets);
            json_decref(opening);
            json_decref(visible);
            json_decref(hidden);
            return req_fail_err(r, &e);
        }
        if (!shown) json_object_set_new(b, "name", json_string(ledger_name_withheld("basket", json_string_value(json_object_get(b, "purpose")), "chapter")));
        json_t *bal = account_balances(r->db, &e, json_integer_value(json_object_get(b, "id")));
        totals_decorate(r, bal);
        json_object_set_new(b, "balances", bal ? bal : json_array());
    }
    req_set(r, "chapter", json_incref(r->chapter));
    req_set_int(r, "account_id", acct);
    req_set(r, "totals", totals);
    req_set(r, "baskets", baskets);
    req_set(r, "lines", visible);
    req_set(r, "hidden", hidden);
    req_set(r, "opening", opening);
    req_set(r, "period", json_pack("{s:s, s:s}", "from", str_eq(from, "0000-00-00") ? "" : from, "to", str_eq(to, "9999-99-99") ? "" : to));
    req_set(r, "viewer", json_pack("{s:s?, s:b, s:b}", "role", r->chapter_role, "is_connector", connector, "is_member", r->chapter_role != NULL));
    if (r->chapter_role || r->me.is_admin) {
        json_t *all = unit_claims(r->db, &e, acct), *claims = json_array();
        /* connectors and administrators see every claim; a member, their own */
        json_array_foreach(all, i, b)
            if (connector || r->me.is_admin || json_integer_value(json_object_get(b, "claimed_by_id")) == r->me.id)
                json_array_append(claims, b);
        json_decref(all);
        json_array_foreach(claims, i, b) {
            json_object_set_new(b, "amount_text", json_string(amount_words(r, json_integer_value(json_object_get(b, "amount")),
                                                                          json_string_value(json_object_get(b, "resource")),
                                                                          json_string_value(json_object_get(b, "resource_kind")),
                                                                          json_integer_value(json_object_get(b, "decimals")))));
        }
        req_set(r, "claims", claims ? claims : json_array());
    }
    if (!r->api) {
        json_t *res = resource_all(r->db, &e);
        req_set(r, "_resources", res ? res : json_array());
        req_set_str(r, "_today", today(r));
    }
    if (!json_object_get(r->model, "values")) req_set(r, "values", json_pack("{s:s, s:s}", "occurred_on", today(r), "visibility", "unit"));
    return 0;
}

int ledger_chapter(Req *r)
{
    if (chapter_books_model(r) < 0) return -1;
    return req_page(r, "ledger/chapter");
}

/* Whether one posting may move this much of the resource (a row of resource_get). */
static int resource_within(Req *r, json_t *res, int64_t amount, Err *e)
{
    return amount_within(r->arena, amount, json_string_value(json_object_get(res, "code")), json_string_value(json_object_get(res, "kind")),
                         json_integer_value(json_object_get(res, "decimals")), json_integer_value(json_object_get(res, "max_amount")), e);
}

/* Reads the amount of a resource: *res and *kind come from the resources table. */
static int read_amount(Req *r, const char *field, const char *resource, int64_t *amount, json_t **res)
{
    Err e = { 0 };
    int found = resource_get(r->db, &e, resource ? resource : "", res);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_error(r, "resource", "Choose a resource: a currency like EUR, or HOURS, GOODS or FAVOURS.");
    if (amount_parse(req_input(r, field), json_string_value(json_object_get(*res, "kind")),
                     json_integer_value(json_object_get(*res, "decimals")), amount, &e) < 0 ||
        resource_within(r, *res, *amount, &e) < 0)
        return req_error(r, field, "%s", e.msg);
    return 0;
}

/* Checks the fields every entry has (kind, description, category, day,
 * visibility, idempotency key), noting a field error for each problem and
 * filling the defaults: today, and visibility "unit". */
static void entry_fields(Req *r, Entry *x, const char **idem)
{
    if (!ledger_kind_valid(x->kind) || str_eq(x->kind, "reversal"))
        req_error(r, "kind", "Choose what happened: a contribution, income, an expense, a transfer, or basket funding or spending.");
    if (str_empty(x->description)) req_error(r, "description", "Say what it was for, in a few words.");
    else if (str_utf8_len(x->description) > 300) req_error(r, "description", "Please keep the description under 300 characters.");
    if (!x->category) x->category = "";
    if (str_utf8_len(x->category) > 80) req_error(r, "category", "Please keep the category under 80 characters.");
    if (!day_valid_or_default(r, &x->occurred_on)) req_error(r, "occurred_on", "Give the day like 2026-03-10.");
    if (str_empty(x->visibility)) x->visibility = "unit";
    if (!ledger_visibility_valid(x->visibility)) req_error(r, "visibility", "Visibility is public, network, unit or parties.");
    if (idem && *idem && strlen(*idem) > 100) req_error(r, "idempotency_key", "An idempotency key has at most 100 characters.");
}

/* ---------- a transaction with explicit postings (the API) ---------- */

typedef struct Split {
    Entry x;
    const Actor *actor;
    const char *idem;
    int64_t chapter_account, id;
    bool existing;
    const char *refs[LEDGER_MAX_POSTINGS], *amounts[LEDGER_MAX_POSTINGS];
    Arena *arena;
} Split;

static int split_tx(DbConn *c, void *ctx, Err *e)
{
    Split *s = ctx;
    Entry *x = &s->x;
    bool ours = false;
    for (int i = 0; i < x->npostings; i++) {
        Posting *p = &x->postings[i];
        AccountRef ref;
        if (account_ref_parse(s->arena, s->refs[i], &ref, e) < 0 || account_resolve(c, e, &ref, &p->account_id) < 0) {
            const char *why = arena_strdup(s->arena, e->msg);
            return err_field(e, E_INVALID, "postings", "Posting %d: %s", i + 1, why);
        }
        json_t *a = NULL, *res = NULL;
        if (account_get(c, e, p->account_id, &a) <= 0) return -1;
        bool own = p->account_id == s->chapter_account || json_integer_value(json_object_get(a, "parent_id")) == s->chapter_account;
        json_decref(a);
        int found = resource_get(c, e, p->resource, &res);
        if (found <= 0) {
            json_decref(res);
            return found < 0 ? -1 : err_field(e, E_INVALID, "postings", "Posting %d: there is no resource called %s.", i + 1, p->resource);
        }
        /* amounts are signed here: "-12.50" takes out of the account */
        const char *t = s->amounts[i] ? s->amounts[i] : "";
        bool neg = *t == '-';
        int64_t v = 0;
        int rc = amount_parse(neg ? t + 1 : t, json_string_value(json_object_get(res, "kind")),
                              json_integer_value(json_object_get(res, "decimals")), &v, e);
        p->resource = arena_strdup(s->arena, json_string_value(json_object_get(res, "code")));
        json_decref(res);
        if (rc < 0) {
            const char *why = arena_strdup(s->arena, e->msg);
            return err_field(e, E_INVALID, "postings", "Posting %d: %s", i + 1, why);
        }
        p->amount = neg ? -v : v;
        if (own) ours = true;
        if (p->amount < 0 && !x->payer_id) x->payer_id = p->account_id;
        if (p->amount > 0 && !x->recipient_id) x->recipient_id = p->account_id;
    }
    if (!ours) return err_field(e, E_INVALID, "postings", "At least one posting must be in this chapter's books.");
    /* who may take from which account: the gate, as for every entry */
    int rc = ledger_append(c, e, s->actor, x, s->idem, &s->id, &s->existing);
    gate_field(e, "postings", "postings");
    return rc;
}

static int record_split(Req *r, json_t *postings, const Actor *actor)
{
    Err e = { 0 };
    Split s = { .arena = r->arena, .actor = actor };
    Entry *x = &s.x;
    x->kind = req_input(r, "kind");
    x->description = req_input(r, "description");
    x->category = req_input(r, "category");
    x->occurred_on = req_input(r, "occurred_on");
    x->visibility = req_input(r, "visibility");
    x->recorded_by = r->me.id;
    x->recorded_at = now_unix();
    s.idem = r->idempotency_key ? r->idempotency_key : req_input(r, "idempotency_key");
    entry_fields(r, x, &s.idem);
    size_t n = json_array_size(postings), i;
    if (n < 2 || n > LEDGER_MAX_POSTINGS) req_error(r, "postings", "Give between 2 and %d postings.", LEDGER_MAX_POSTINGS);
    json_t *p;
    json_array_foreach(postings, i, p) {
        if (i >= LEDGER_MAX_POSTINGS) break;
        const char *acct = json_string_value(json_object_get(p, "account"));
        const char *res = json_string_value(json_object_get(p, "resource"));
        json_t *amt = json_object_get(p, "amount");
        if (!acct || !res || !json_is_string(amt)) {
            req_error(r, "postings", "Each posting is {\"account\": \"chapter:x\", \"resource\": \"EUR\", \"amount\": \"-12.50\"}.");
            break;
        }
        s.refs[i] = acct;
        s.amounts[i] = json_string_value(amt);
        x->postings[i].resource = res;
        x->npostings = (int)i + 1;
    }
    if (req_has_errors(r)) return req_invalid(r, NULL);
    s.chapter_account = unit_account(r, "chapter", r->chapter_id);
    if (!s.chapter_account) return -1;
    if (db_write_locked(r->db, LEDGER_LOCK_KEY, split_tx, &s, &e) < 0) {
        if (e.code == E_INVALID && !e.field[0]) snprintf(e.field, sizeof e.field, "postings");
        return req_fail_err(r, &e);
    }
    req_set(r, "transaction", json_pack("{s:I, s:b}", "id", (json_int_t)s.id, "is_repeat", s.existing));
    const char *where = req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug")));
    if (s.existing) return req_redirect(r, where, "That was recorded already (same idempotency key): nothing new was posted.");
    return req_created(r, where, "Recorded in the books.");
}

typedef struct Record {
    Entry x;
    const Actor *actor;
    const char *idem;
    const char *counterpart;     /* account reference */
    const char *beneficiary;
    int64_t chapter_account, basket_id, amount, id;
    bool existing;
    Arena *arena;
} Record;

static int record_tx(DbConn *c, void *ctx, Err *e)
{
    Record *rec = ctx;
    Entry *x = &rec->x;
    int64_t other = 0, beneficiary = 0, own = rec->chapter_account;
    if (rec->idem && *rec->idem) {
        int found = ledger_idempotent(c, e, x->recorded_by, rec->idem, x->kind, x->description, &rec->id);
        if (found < 0) return -1;
        if (found) {
            rec->existing = true;
            return 0;
        }
    }
    AccountRef ref;
    if (rec->counterpart) {
        if (account_ref_parse(rec->arena, rec->counterpart, &ref, e) < 0 || account_resolve(c, e, &ref, &other) < 0) {
            e->code = e->code == E_NOT_FOUND ? E_INVALID : e->code;
            snprintf(e->field, sizeof e->field, "counterpart");
            return -1;
        }
    }
    if (rec->beneficiary && *rec->beneficiary) {
        if (account_ref_parse(rec->arena, rec->beneficiary, &ref, e) < 0 || account_resolve(c, e, &ref, &beneficiary) < 0) {
            e->code = E_INVALID;
            snprintf(e->field, sizeof e->field, "beneficiary");
            return -1;
        }
    }
    json_t *oa = NULL;
    if (other && account_get(c, e, other, &oa) < 0) return -1;
    const char *okind = oa ? json_string_value(json_object_get(oa, "kind")) : NULL;
    const char *kind = x->kind;
    bool basket_kind = str_eq(kind, "basket_funding") || str_eq(kind, "basket_spending");
    int rc = -1;
    if (other == own) {
        err_field(e, E_INVALID, "counterpart", "The other side of a transaction cannot be the chapter itself.");
        goto done;
    }
    if (str_eq(okind, "basket")) {
        err_field(e, E_INVALID, "counterpart", "Baskets are chosen with the basket field, not as the other side.");
        goto done;
    }
    if (basket_kind) {
        json_t *b = NULL;
        if (!rec->basket_id || account_get(c, e, rec->basket_id, &b) <= 0 ||
            !str_eq(json_string_value(json_object_get(b, "kind")), "basket") || json_integer_value(json_object_get(b, "parent_id")) != own) {
            json_decref(b);
            if (!e->code || e->code == E_NOT_FOUND) err_field(e, E_INVALID, "basket", "Choose one of this chapter's baskets.");
            goto done;
        }
        const char *purpose = json_string_value(json_object_get(b, "purpose"));
        if (str_eq(kind, "basket_spending")) {
            /* money in a basket is spent on its purpose, and not beyond what it holds */
            if (!str_empty(x->category) && !str_eq(x->category, purpose)) {
                err_field(e, E_INVALID, "category", "This basket is for \"%s\"; it cannot pay for \"%s\".", purpose, x->category);
                json_decref(b);
                goto done;
            }
            x->category = arena_strdup(rec->arena, purpose);
        }
        json_decref(b);
        own = rec->basket_id;
    }
    if (str_eq(kind, "transfer") && !(str_eq(okind, "chapter") || str_eq(okind, "place") || str_eq(okind, "network"))) {
        err_field(e, E_INVALID, "counterpart",
                  "A transfer goes between units of the network (a chapter, a place, the network). Pay an organisation or a person with an expense.");
        goto done;
    }
    if ((str_eq(kind, "expense") || str_eq(kind, "basket_spending")) && !other) {
        err_field(e, E_INVALID, "counterpart", "Say who is paid (the other side).");
        goto done;
    }
    if (!other) {
        err_field(e, E_INVALID, "counterpart", "Say who gives or who receives (the other side).");
        goto done;
    }
    /* which way it flows, seen from the chapter (or its basket) */
    bool inwards = str_eq(kind, "contribution") || str_eq(kind, "income") || str_eq(kind, "basket_funding");
    int64_t from = inwards ? other : own, to = inwards ? own : other;
    x->payer_id = from;
    x->recipient_id = to;
    x->beneficiary_id = beneficiary;
    x->postings[0].account_id = from;
    x->postings[0].amount = -rec->amount;
    x->postings[1] = x->postings[0];
    x->postings[1].account_id = to;
    x->postings[1].amount = rec->amount;
    x->npostings = 2;
    if (str_eq(kind, "expense") || str_eq(kind, "basket_spending")) x->approved_by = x->recorded_by;
    /* whether this person may take from the payer: the gate, as for every entry */
    rc = ledger_append(c, e, rec->actor, x, rec->idem, &rec->id, &rec->existing);
    gate_field(e, "counterpart", "amount");
done:
    json_decref(oa);
    return rc;
}

int ledger_record(Req *r)
{
    Err e = { 0 };
    json_t *postings = r->json ? json_object_get(r->json, "postings") : NULL;
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    Actor actor = actor_of(&vb);
    if (postings) {
        if (!json_is_array(postings)) return req_fail(r, E_BAD_REQUEST, "postings is a list of {account, resource, amount}.");
        return record_split(r, postings, &actor);
    }
    Arena *a = r->arena;
    Record rec = { .arena = a, .actor = &actor };
    Entry *x = &rec.x;
    x->kind = req_input(r, "kind");
    x->description = req_input(r, "description");
    x->category = req_input(r, "category");
    x->occurred_on = req_input(r, "occurred_on");
    x->visibility = req_input(r, "visibility");
    x->recorded_by = r->me.id;
    x->recorded_at = now_unix();
    rec.counterpart = req_input(r, "counterpart");
    rec.beneficiary = req_input(r, "beneficiary");
    rec.idem = r->idempotency_key ? r->idempotency_key : req_input(r, "idempotency_key");
    entry_fields(r, x, &rec.idem);
    const char *resource = req_input(r, "resource");
    json_t *res = NULL;
    read_amount(r, "amount", resource, &rec.amount, &res);
    if (r->err.code) return -1;
    int64_t basket = 0;
    req_input_int(r, "basket", &basket);
    rec.basket_id = basket;
    const char *rkind = res ? json_string_value(json_object_get(res, "kind")) : "";
    if (res && (str_eq(x->kind, "basket_funding") || str_eq(x->kind, "basket_spending")) && !str_eq(rkind, "money"))
        req_error(r, "resource", "Baskets hold money.");
    int64_t value = 0;
    const char *vcur = req_input(r, "value_currency");
    if (res && str_eq(rkind, "goods") && !str_empty(req_input(r, "value_amount"))) {
        if (amount_parse(req_input(r, "value_amount"), "money", 2, &value, &e) < 0) req_error(r, "value_amount", "%s", e.msg);
        if (str_empty(vcur)) vcur = "EUR";
    } else {
        vcur = NULL;
    }
    if (req_has_errors(r)) {
        json_decref(res);
        /* a program is told what is wrong; a person sees the books again, with the form */
        if (!r->api && chapter_books_model(r) < 0) return -1;
        return req_invalid(r, r->api ? NULL : "ledger/chapter");
    }
    rec.chapter_account = unit_account(r, "chapter", r->chapter_id);
    if (!rec.chapter_account) {
        json_decref(res);
        return -1;
    }
    x->postings[0].resource = json_string_value(json_object_get(res, "code"));
    x->postings[0].value_amount = value;
    x->postings[0].value_currency = vcur;
    int rc = db_write_locked(r->db, LEDGER_LOCK_KEY, record_tx, &rec, &e);
    json_decref(res);
    if (rc < 0) {
        if (e.field[0] && (e.code == E_INVALID || e.code == E_CONFLICT || e.code == E_FORBIDDEN)) {
            req_error(r, e.field, "%s", e.msg);
            if (r->api) {
                r->err.code = e.code;
                snprintf(r->err.msg, sizeof r->err.msg, "%s", e.msg);
                return -1;
            }
            if (chapter_books_model(r) < 0) return -1;
            req_invalid(r, "ledger/chapter");
            r->err.code = e.code;
            return -1;
        }
        return req_fail_err(r, &e);
    }
    req_set(r, "transaction", json_pack("{s:I, s:b}", "id", (json_int_t)rec.id, "is_repeat", rec.existing));
    const char *where = req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug")));
    if (rec.existing) return req_redirect(r, where, "That was recorded already (same idempotency key): nothing new was posted.");
    log_info("ledger: transaction %lld (%s) recorded by %lld", (long long)rec.id, x->kind, (long long)r->me.id);
    return req_created(r, where, "Recorded in the books.");
}

typedef struct Reverse {
    int64_t tx, chapter_account, by, id;
    Arena *arena;
    const Actor *actor;
} Reverse;

static int reverse_tx(DbConn *c, void *ctx, Err *e)
{
    Reverse *rv = ctx;
    json_t *posts = transaction_postings(c, e, rv->tx);
    if (!posts) return -1;
    if (json_array_size(posts) == 0) {
        json_decref(posts);
        return err_set(e, E_NOT_FOUND, "There is no transaction with that number.");
    }
    /* it must touch this chapter's books (its account or one of its baskets) */
    bool ours = false;
    size_t i;
    json_t *p;
    json_array_foreach(posts, i, p) {
        json_t *a = NULL;
        int64_t acct = json_integer_value(json_object_get(p, "account_id"));
        if (account_get(c, e, acct, &a) > 0 &&
            (acct == rv->chapter_account || json_integer_value(json_object_get(a, "parent_id")) == rv->chapter_account))
            ours = true;
        json_decref(a);
    }
    json_decref(posts);
    if (!ours) return err_set(e, E_NOT_FOUND, "That transaction is not in this chapter's books.");
    return ledger_reverse_entry(c, e, rv->arena, rv->actor, rv->tx, rv->by, &rv->id);
}

int ledger_reverse(Req *r)
{
    Err e = { 0 };
    int64_t tx = 0;
    if (!str_to_i64(req_param(r, "tx"), &tx)) return req_fail(r, E_NOT_FOUND, "There is no transaction with that number.");
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    Actor actor = actor_of(&vb);
    Reverse rv = { tx, unit_account(r, "chapter", r->chapter_id), r->me.id, 0, r->arena, &actor };
    if (!rv.chapter_account) return -1;
    if (db_write_locked(r->db, LEDGER_LOCK_KEY, reverse_tx, &rv, &e) < 0) return req_fail_err(r, &e);
    req_set(r, "transaction", json_pack("{s:I, s:I}", "id", (json_int_t)rv.id, "reverses_id", (json_int_t)tx));
    return req_created(r, req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug"))),
                       "The transaction is reversed by a new entry; the books keep both.");
}

typedef struct NewBasket {
    int64_t parent, id;
    const char *name, *purpose;
} NewBasket;

static int basket_tx(DbConn *c, void *ctx, Err *e)
{
    NewBasket *b = ctx;
    return basket_insert(c, e, b->parent, b->name, b->purpose, &b->id);
}

int basket_create(Req *r)
{
    Err e = { 0 };
    NewBasket b = { unit_account(r, "chapter", r->chapter_id), 0, req_input(r, "name"), req_input(r, "purpose") };
    if (!b.parent) return -1;
    if (str_empty(b.name)) req_error(r, "name", "Name the basket after what it pays for, e.g. \"Venue 2027\".");
    else if (str_utf8_len(b.name) > 80) req_error(r, "name", "Please keep the name under 80 characters.");
    if (str_empty(b.purpose)) req_error(r, "purpose", "Say what the basket's money may be spent on (its category), e.g. venue.");
    else if (str_utf8_len(b.purpose) > 80) req_error(r, "purpose", "Please keep the purpose under 80 characters.");
    if (!req_has_errors(r) && db_write(r->db, basket_tx, &b, &e) < 0) {
        if (!e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, NULL);
        if (chapter_books_model(r) < 0) return -1;
        return req_invalid(r, "ledger/chapter");
    }
    req_set(r, "basket", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)b.id, "name", b.name, "purpose", b.purpose));
    return req_created(r, req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug"))),
                       req_printf(r, "The basket \"%s\" is ready; fund it with basket funding.", b.name));
}

/* ---------- expense claims ---------- */

typedef struct ClaimCtx {
    Claim k;
    const char *payee, *basket;
    int64_t id;
    Arena *arena;
} ClaimCtx;

static int claim_tx(DbConn *c, void *ctx, Err *e)
{
    ClaimCtx *cc = ctx;
    AccountRef ref;
    if (cc->payee && *cc->payee) {
        if (account_ref_parse(cc->arena, cc->payee, &ref, e) < 0 || account_resolve(c, e, &ref, &cc->k.payee_id) < 0) {
            e->code = E_INVALID;
            snprintf(e->field, sizeof e->field, "payee");
            return -1;
        }
    } else if (account_of(c, e, "member", cc->k.claimed_by, &cc->k.payee_id) < 0) {
        return -1;
    }
    return claim_insert(c, e, &cc->k, &cc->id);
}

int claim_create(Req *r)
{
    Err e = { 0 };
    ClaimCtx cc = { .arena = r->arena };
    Claim *k = &cc.k;
    k->claimed_by = r->me.id;
    k->resource = req_input(r, "resource");
    k->description = req_input(r, "description");
    k->category = req_input(r, "category");
    k->occurred_on = req_input(r, "occurred_on");
    k->visibility = req_input(r, "visibility");
    cc.payee = req_input(r, "payee");
    json_t *res = NULL;
    read_amount(r, "amount", k->resource, &k->amount, &res);
    if (r->err.code) return -1;
    if (res && !str_eq(json_string_value(json_object_get(res, "kind")), "money")) req_error(r, "resource", "Expense claims are in money.");
    json_decref(res);
    Entry fields = { .kind = "expense", .description = k->description, .category = k->category,
                     .occurred_on = k->occurred_on, .visibility = k->visibility };
    entry_fields(r, &fields, NULL);
    k->category = fields.category;
    k->occurred_on = fields.occurred_on;
    k->visibility = fields.visibility;
    int64_t basket = 0;
    k->account_id = unit_account(r, "chapter", r->chapter_id);
    if (!k->account_id) return -1;
    if (req_input_int(r, "basket", &basket) > 0 && basket) {
        json_t *b = NULL;
        if (account_get(r->db, &e, basket, &b) <= 0 || json_integer_value(json_object_get(b, "parent_id")) != k->account_id)
            req_error(r, "basket", "Choose one of this chapter's baskets.");
        else {
            k->account_id = basket;
            k->category = arena_strdup(r->arena, json_string_value(json_object_get(b, "purpose")));
        }
        json_decref(b);
    }
    if (!req_has_errors(r) && db_write(r->db, claim_tx, &cc, &e) < 0) {
        if (!e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, NULL);
        if (chapter_books_model(r) < 0) return -1;
        return req_invalid(r, "ledger/chapter");
    }
    req_set(r, "claim", json_pack("{s:I, s:s}", "id", (json_int_t)cc.id, "status", "pending"));
    return req_created(r, req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug"))),
                       "Your expense claim is sent; a connector approves it before it enters the books.");
}

typedef struct Decide {
    int64_t claim, chapter_account, by, tx;
    bool approve;
    Arena *arena;
    const Actor *actor;
} Decide;

static int decide_tx(DbConn *c, void *ctx, Err *e)
{
    Decide *d = ctx;
    json_t *k = NULL;
    int found = claim_get(c, e, d->claim, &k);
    int rc = -1;
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "This chapter has no expense claim with that number.");
        return -1;
    }
    int64_t acct = json_integer_value(json_object_get(k, "account_id"));
    json_t *a = NULL;
    if (account_get(c, e, acct, &a) <= 0) goto done;
    /* the claim is on this chapter's account or one of its baskets */
    bool ours = acct == d->chapter_account || json_integer_value(json_object_get(a, "parent_id")) == d->chapter_account;
    bool basket = str_eq(json_string_value(json_object_get(a, "kind")), "basket");
    json_decref(a);
    if (!ours) {
        err_set(e, E_NOT_FOUND, "This chapter has no expense claim with that number.");
        goto done;
    }
    if (!str_eq(json_string_value(json_object_get(k, "status")), "pending")) {
        err_set(e, E_CONFLICT, "This claim was already %s.", json_string_value(json_object_get(k, "status")));
        goto done;
    }
    if (d->approve) {
        int64_t amount = json_integer_value(json_object_get(k, "amount"));
        const char *res = json_string_value(json_object_get(k, "resource"));
        Entry x = { 0 };
        x.kind = basket ? "basket_spending" : "expense";
        x.description = arena_strdup(d->arena, json_string_value(json_object_get(k, "description")));
        x.category = arena_strdup(d->arena, json_string_value(json_object_get(k, "category")));
        x.occurred_on = arena_strdup(d->arena, json_string_value(json_object_get(k, "occurred_on")));
        x.visibility = arena_strdup(d->arena, json_string_value(json_object_get(k, "visibility")));
        x.payer_id = acct;
        x.recipient_id = json_integer_value(json_object_get(k, "payee_id"));
        x.approved_by = d->by;
        x.recorded_by = json_integer_value(json_object_get(k, "claimed_by"));
        x.recorded_at = now_unix();
        x.postings[0] = (Posting){ acct, arena_strdup(d->arena, res), -amount, 0, NULL };
        x.postings[1] = (Posting){ x.recipient_id, x.postings[0].resource, amount, 0, NULL };
        x.npostings = 2;
        bool existing;
        if (ledger_append(c, e, d->actor, &x, NULL, &d->tx, &existing) < 0) goto done;
    }
    rc = claim_decide(c, e, d->claim, d->approve ? "approved" : "declined", d->by, d->tx) < 0 ? -1 : 0;
done:
    json_decref(k);
    return rc;
}

static int decide(Req *r, bool approve)
{
    Err e = { 0 };
    int64_t id = 0;
    if (!str_to_i64(req_param(r, "id"), &id)) return req_fail(r, E_NOT_FOUND, "This chapter has no expense claim with that number.");
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    Actor actor = actor_of(&vb);
    Decide d = { id, unit_account(r, "chapter", r->chapter_id), r->me.id, 0, approve, r->arena, &actor };
    if (!d.chapter_account) return -1;
    if (db_write_locked(r->db, LEDGER_LOCK_KEY, decide_tx, &d, &e) < 0) return req_fail_err(r, &e);
    if (approve) req_set(r, "transaction", json_pack("{s:I}", "id", (json_int_t)d.tx));
    return req_redirect(r, req_printf(r, "/chapters/%s/ledger", json_string_value(json_object_get(r->chapter, "slug"))),
                        approve ? "The expense is approved and in the books." : "The claim is declined.");
}

int claim_approve(Req *r) { return decide(r, true); }
int claim_decline(Req *r) { return decide(r, false); }

/* ---------- quick capture at a meeting ---------- */

typedef struct Capture {
    const Actor *actor;
    int64_t chapter_account, meeting_id, by, made;
    int n;
    const char *who[20], *resource[20], *amount[20], *note[20];
    int64_t amounts[20];
    Arena *arena;
} Capture;

static int capture_tx(DbConn *c, void *ctx, Err *e)
{
    Capture *cp = ctx;
    for (int i = 0; i < cp->n; i++) {
        AccountRef ref;
        int64_t from = 0;
        if (account_ref_parse(cp->arena, cp->who[i], &ref, e) < 0 || account_resolve(c, e, &ref, &from) < 0) {
            e->code = E_INVALID;
            snprintf(e->field, sizeof e->field, "who");
            return -1;
        }
        Entry x = { 0 };
        x.kind = "contribution";
        x.description = str_empty(cp->note[i]) ? "At the meeting" : cp->note[i];
        x.category = "meeting";
        x.occurred_on = time_iso_date(cp->arena, now_unix());
        x.visibility = "unit";
        x.payer_id = from;
        x.recipient_id = cp->chapter_account;
        x.recorded_by = cp->by;
        x.recorded_at = now_unix();
        x.meeting_id = cp->meeting_id;
        x.postings[0] = (Posting){ from, cp->resource[i], -cp->amounts[i], 0, NULL };
        x.postings[1] = (Posting){ cp->chapter_account, cp->resource[i], cp->amounts[i], 0, NULL };
        x.npostings = 2;
        int64_t id;
        bool existing;
        if (ledger_append(c, e, cp->actor, &x, NULL, &id, &existing) < 0) {
            /* the gate: the row at fault is named, at the field of who gave */
            if (!e->field[0]) {
                char why[sizeof e->msg];
                snprintf(why, sizeof why, "%s", e->msg);
                err_field(e, e->code, e->code == E_FORBIDDEN ? "who" : "amount", "Row %d: %s", i + 1, why);
            }
            return -1;
        }
        cp->made++;
    }
    return 0;
}

int meeting_contributions(Req *r)
{
    Err e = { 0 };
    int64_t meeting = 0;
    if (!str_to_i64(req_param(r, "meeting"), &meeting)) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    int known = meeting_in_chapter(r->db, &e, r->chapter_id, meeting);
    if (known < 0) return req_fail_err(r, &e);
    if (!known) return req_fail(r, E_NOT_FOUND, "This chapter has no meeting with that number.");
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    Actor actor = actor_of(&vb);
    Capture cp = { &actor, unit_account(r, "chapter", r->chapter_id), meeting, r->me.id, 0, 0, { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, r->arena };
    if (!cp.chapter_account) return -1;
    int nw = req_input_all(r, "who", cp.who, 20), nr = req_input_all(r, "resource", cp.resource, 20);
    int na = req_input_all(r, "amount", cp.amount, 20), nn = req_input_all(r, "note", cp.note, 20);
    /* rows left empty on the form are skipped */
    int rows = 0;
    for (int i = 0; i < nw && i < nr && i < na; i++) {
        if (str_empty(cp.who[i]) && str_empty(cp.amount[i])) continue;
        json_t *res = NULL;
        int found = resource_get(r->db, &e, cp.resource[i], &res);
        if (found <= 0) {
            req_error(r, "resource", "Row %d: choose HOURS, GOODS, FAVOURS or a currency.", i + 1);
            continue;
        }
        if (amount_parse(cp.amount[i], json_string_value(json_object_get(res, "kind")), json_integer_value(json_object_get(res, "decimals")),
                         &cp.amounts[rows], &e) < 0 ||
            resource_within(r, res, cp.amounts[rows], &e) < 0)
            req_error(r, "amount", "Row %d: %s", i + 1, e.msg);
        cp.who[rows] = cp.who[i];
        cp.resource[rows] = json_string_value(json_object_get(res, "code"));
        cp.resource[rows] = req_printf(r, "%s", cp.resource[rows]);
        cp.note[rows] = i < nn ? cp.note[i] : "";
        json_decref(res);
        rows++;
    }
    cp.n = rows;
    if (!rows && !req_has_errors(r)) req_error(r, "who", "Fill in at least one row: who, what and how much.");
    int refused = 0;
    if (!req_has_errors(r) && db_write_locked(r->db, LEDGER_LOCK_KEY, capture_tx, &cp, &e) < 0) {
        if (!e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
        refused = e.code;
    }
    if (req_has_errors(r)) {
        req_invalid(r, NULL);
        /* the gate's answer keeps its status: 403 who may not, 409 a basket that does not hold enough */
        if (refused == E_FORBIDDEN || refused == E_CONFLICT) r->err.code = refused;
        return -1;
    }
    req_set_int(r, "recorded", cp.made);
    return req_created(r, req_printf(r, "/chapters/%s/meetings/%lld", json_string_value(json_object_get(r->chapter, "slug")), (long long)meeting),
                       req_printf(r, "%lld contribution%s recorded in the chapter's books.", (long long)cp.made, cp.made == 1 ? "" : "s"));
}

/* ---------- the network's and a place's books ---------- */

int ledger_network(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    json_t *totals = network_totals_by_resource(r->db, &e);
    json_t *lines = totals ? all_lines(r->db, &e, 300) : NULL;
    json_t *head = NULL;
    if (!lines || ledger_head_row(r->db, &e, &head) < 0) {
        json_decref(totals);
        json_decref(lines);
        return req_fail_err(r, &e);
    }
    totals_decorate(r, totals);
    json_t *hidden = NULL;
    json_t *visible = filter_lines(r, &vb.v, lines, &hidden, false);
    json_decref(lines);
    if (!visible) {
        json_decref(totals);
        json_decref(head);
        return -1;
    }
    req_set(r, "totals", totals);
    req_set(r, "lines", visible);
    req_set(r, "hidden", hidden);
    req_set(r, "head", head ? head : json_null());
    return req_page(r, "ledger/network");
}

int ledger_place(Req *r)
{
    Err e = { 0 };
    int64_t pid = r->place_id;
    req_set(r, "place", json_incref(r->place));
    json_t *rows = place_comparison(r->db, &e, pid);
    if (!rows) return req_fail_err(r, &e);
    /* one row per chapter, one column per resource: what came in and went out */
    json_t *chapters = json_array(), *by_slug = json_object(), *resources = json_object();
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
                                      "inflow_text", amount_words(r, json_integer_value(json_object_get(x, "inflow")), res, kind, dec),
                                      "outflow_text", amount_words(r, json_integer_value(json_object_get(x, "outflow")), res, kind, dec)));
        json_object_set_new(resources, res, json_true());
    }
    json_decref(rows);
    json_decref(by_slug);
    /* columns in a stable order; cells for the page */
    json_t *columns = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(resources, k, v) json_array_append_new(columns, json_string(k));
    json_decref(resources);
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
    }
    req_set(r, "columns", columns);
    req_set(r, "chapters", chapters);
    return req_page(r, "ledger/place");
}

/* ---------- the business-model canvas ---------- */

static void add_amount(json_t *groups, const char *name, const char *resource, int64_t amount)
{
    json_t *g = json_object_get(groups, name);
    if (!g) {
        g = json_object();
        json_object_set_new(groups, name, g);
    }
    json_object_set_new(g, resource, json_integer(json_integer_value(json_object_get(g, resource)) + amount));
}

/* {name: {resource: amount}} -> [{name, amounts: [text]}], biggest first is not needed: alphabetical, "Undisclosed" last */
static json_t *group_list(Req *r, json_t *groups, json_t *kinds)
{
    json_t *out = json_array();
    const char *name;
    json_t *g;
    json_t *undisclosed = NULL;
    json_object_foreach(groups, name, g) {
        json_t *amounts = json_array();
        const char *res;
        json_t *v;
        json_object_foreach(g, res, v) {
            json_t *k = json_object_get(kinds, res);
            json_array_append_new(amounts, json_string(amount_words(r, json_integer_value(v), res, json_string_value(json_object_get(k, "kind")),
                                                                    json_integer_value(json_object_get(k, "decimals")))));
        }
        json_t *item = json_pack("{s:s, s:o}", "name", name, "amounts", amounts);
        if (str_eq(name, "Undisclosed")) undisclosed = item;
        else json_array_append_new(out, item);
    }
    if (undisclosed) json_array_append_new(out, undisclosed);
    return out;
}

static int canvas_model(Req *r, const char *unit_kind, int64_t unit_id)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    json_t *lines = canvas_lines(r->db, &e, unit_kind, unit_id);
    json_t *segments = lines ? canvas_segments(r->db, &e, unit_kind, unit_id) : NULL;
    json_t *texts = segments ? canvas_text_get(r->db, &e, unit_kind, unit_id) : NULL;
    json_t *res = texts ? resource_all(r->db, &e) : NULL;
    json_t *activities = NULL;
    if (!res || canvas_activities(r->db, &e, unit_kind, unit_id, &activities) < 0) {
        json_decref(lines);
        json_decref(segments);
        json_decref(texts);
        json_decref(res);
        return req_fail_err(r, &e);
    }
    json_t *kinds = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(res, i, x) json_object_set(kinds, json_string_value(json_object_get(x, "code")), x);
    json_decref(res);
    json_t *partners = json_object(), *resources = json_object(), *costs = json_object(), *revenue = json_object();
    json_array_foreach(lines, i, x) {
        bool visible = line_visible(&vb.v, x);
        int64_t amount = json_integer_value(json_object_get(x, "amount"));
        const char *res_code = json_string_value(json_object_get(x, "resource"));
        const char *rkind = json_string_value(json_object_get(x, "resource_kind"));
        const char *kind = json_string_value(json_object_get(x, "kind"));
        const char *category = json_string_value(json_object_get(x, "category"));
        /* a reversal undoes what it reverses: it counts against the same group */
        bool reversal = str_eq(kind, "reversal");
        if (reversal) kind = json_string_value(json_object_get(x, "reversed_kind"));
        int64_t in = amount > 0 && !reversal ? amount : amount < 0 && reversal ? amount : 0;   /* came in (or was given back) */
        int64_t out = amount < 0 && !reversal ? -amount : amount > 0 && reversal ? -amount : 0; /* went out (or came back) */
        const char *giver = json_string_value(json_object_get(x, reversal ? "recipient_kind" : "payer_kind"));
        const char *giver_name = json_string_value(json_object_get(x, reversal ? "recipient" : "payer"));
        if (in) {
            /* what came in: partners (organisations), key resources (hours, goods), revenue (money) */
            if (str_eq(giver, "organisation"))
                add_amount(partners, visible ? giver_name : "Undisclosed", res_code, in);
            if (str_eq(rkind, "time") || str_eq(rkind, "goods") || str_eq(rkind, "favours"))
                add_amount(resources, str_eq(rkind, "time") ? "Hours given" : str_eq(rkind, "goods") ? "Goods in kind" : "Favours", res_code, in);
            if (str_eq(rkind, "money"))
                add_amount(revenue, !visible ? "Undisclosed" : !str_empty(category) ? category
                                    : str_eq(kind, "basket_funding") ? "earmarked funding" : kind ? kind : "other", res_code, in);
        } else if (out && str_eq(rkind, "money") && (str_eq(kind, "expense") || str_eq(kind, "basket_spending"))) {
            add_amount(costs, !visible ? "Undisclosed" : !str_empty(category) ? category : "other", res_code, out);
        }
    }
    json_decref(lines);
    json_t *text = json_object();
    json_array_foreach(texts, i, x) {
        json_object_set(text, json_string_value(json_object_get(x, "block")), json_object_get(x, "body"));
        model_set_markdown(text, req_printf(r, "_%s_html", json_string_value(json_object_get(x, "block"))), r->arena,
                           json_string_value(json_object_get(x, "body")));
    }
    json_decref(texts);
    req_set(r, "canvas", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                                   "key_partners", group_list(r, partners, kinds), "key_activities", activities,
                                   "key_resources", group_list(r, resources, kinds), "cost_structure", group_list(r, costs, kinds),
                                   "revenue_streams", group_list(r, revenue, kinds), "customer_segments", segments, "texts", text));
    json_decref(partners);
    json_decref(resources);
    json_decref(costs);
    json_decref(revenue);
    json_decref(kinds);
    if (!json_object_get(r->model, "values"))
        req_set(r, "values", json_pack("{s:O?, s:O?, s:O?}", "value_proposition", json_object_get(text, "value_proposition"),
                                       "channels", json_object_get(text, "channels"), "relationships", json_object_get(text, "relationships")));
    return 0;
}

int canvas_chapter(Req *r)
{
    if (canvas_model(r, "chapter", r->chapter_id) < 0) return -1;
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "unit", json_pack("{s:s, s:O, s:s, s:b}", "kind", "chapter", "name", json_object_get(r->chapter, "name"),
                                 "edit", req_printf(r, "/chapters/%s/canvas", json_string_value(json_object_get(r->chapter, "slug"))),
                                 "can_edit", str_eq(r->chapter_role, "connector")));
    return req_page(r, "ledger/canvas");
}

int canvas_place(Req *r)
{
    json_t *place = r->place;
    if (canvas_model(r, "place", r->place_id) < 0) return -1;
    req_set(r, "unit", json_pack("{s:s, s:O, s:s, s:b}", "kind", "place", "name", json_object_get(place, "name"),
                                 "edit", req_printf(r, "/places/%s/canvas", req_param(r, "place")), "can_edit", r->me.is_admin));
    req_set(r, "place", json_incref(place));
    return req_page(r, "ledger/canvas");
}

int canvas_network(Req *r)
{
    if (canvas_model(r, "network", 0) < 0) return -1;
    char name[128];
    app_network_name(r->app, name, sizeof name);
    req_set(r, "unit", json_pack("{s:s, s:s, s:s, s:b}", "kind", "network", "name", name, "edit", "/ledger/canvas", "can_edit", r->me.is_admin));
    return req_page(r, "ledger/canvas");
}

typedef struct CanvasSave {
    const char *kind;
    int64_t id, by;
    const char *blocks[3], *bodies[3];
} CanvasSave;

static int canvas_tx(DbConn *c, void *ctx, Err *e)
{
    CanvasSave *s = ctx;
    for (int i = 0; i < 3; i++)
        if (s->bodies[i] && canvas_text_put(c, e, s->kind, s->id, s->blocks[i], s->bodies[i], s->by) < 0) return -1;
    return 0;
}

static int canvas_save(Req *r, const char *kind, int64_t id, const char *back)
{
    Err e = { 0 };
    CanvasSave s = { kind, id, r->me.id, { "value_proposition", "channels", "relationships" }, { 0 } };
    for (int i = 0; i < 3; i++) {
        s.bodies[i] = req_input(r, s.blocks[i]);
        if (s.bodies[i] && str_utf8_len(s.bodies[i]) > 4000) req_error(r, s.blocks[i], "Please keep this under 4000 characters.");
    }
    if (req_has_errors(r)) return req_invalid(r, NULL);
    if (db_write(r->db, canvas_tx, &s, &e) < 0) return req_fail_err(r, &e);
    return req_redirect(r, back, "The canvas is saved.");
}

int canvas_update(Req *r)
{
    if (r->chapter_id)
        return canvas_save(r, "chapter", r->chapter_id, req_printf(r, "/chapters/%s/canvas", json_string_value(json_object_get(r->chapter, "slug"))));
    return canvas_save(r, "place", r->place_id, req_printf(r, "/places/%s/canvas", req_param(r, "place")));
}

int canvas_network_update(Req *r)
{
    return canvas_save(r, "network", 0, "/ledger/canvas");
}

/* ---------- organisations ---------- */

int organisations_index(Req *r)
{
    Err e = { 0 };
    json_t *list = organisation_all(r->db, &e);
    if (!list) return req_fail_err(r, &e);
    req_set(r, "organisations", list);
    if (!json_object_get(req_model(r), "values")) req_set(r, "values", json_object());
    return req_page(r, "ledger/organisations");
}

typedef struct NewOrg {
    const char *name, *slug, *kind, *website;
    int64_t id;
} NewOrg;

static int org_tx(DbConn *c, void *ctx, Err *e)
{
    NewOrg *o = ctx;
    return organisation_insert(c, e, o->name, o->slug, o->kind, o->website, &o->id);
}

int organisation_create(Req *r)
{
    Err e = { 0 };
    NewOrg o = { req_input(r, "name"), NULL, req_input(r, "kind"), req_input(r, "website"), 0 };
    if (str_empty(o.name) || str_utf8_len(o.name) > 120) req_error(r, "name", "Give the organisation's name (under 120 characters).");
    else if (!*(o.slug = str_slugify(r->arena, o.name))) req_error(r, "name", "Please use some letters or digits in the name.");
    if (str_empty(o.kind)) o.kind = "sponsor";
    if (!str_eq(o.kind, "sponsor") && !str_eq(o.kind, "venue") && !str_eq(o.kind, "supplier") && !str_eq(o.kind, "other"))
        req_error(r, "kind", "An organisation is a sponsor, a venue, a supplier or other.");
    if (!o.website) o.website = "";
    if (*o.website && !str_starts(o.website, "https://") && !str_starts(o.website, "http://"))
        req_error(r, "website", "The website should start with https://.");
    if (!req_has_errors(r) && db_write(r->db, org_tx, &o, &e) < 0) {
        if (!e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
    }
    if (req_has_errors(r)) {
        if (r->api) return req_invalid(r, NULL);
        organisations_index(r);
        return req_invalid(r, "ledger/organisations");
    }
    req_set(r, "organisation", json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)o.id, "name", o.name, "slug", o.slug,
                                         "kind", o.kind, "website", o.website, "created_at", (json_int_t)now_unix()));
    return req_created(r, req_printf(r, "/organisations/%s", o.slug), req_printf(r, "%s is added; it can now appear in the books as org:%s.", o.name, o.slug));
}

int organisation_show(Req *r)
{
    Err e = { 0 };
    json_t *org = NULL;
    int found = organisation_by_slug(r->db, &e, req_param(r, "org"), &org);
    if (found <= 0) return found < 0 ? req_fail_err(r, &e) : req_fail(r, E_NOT_FOUND, "There is no organisation called \"%s\".", req_param(r, "org"));
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) {
        json_decref(org);
        return -1;
    }
    int64_t acct = 0;
    found = account_find(r->db, &e, "organisation", json_integer_value(json_object_get(org, "id")), &acct);
    if (found < 0) {
        json_decref(org);
        return req_fail_err(r, &e);
    }
    json_t *hidden = NULL;
    json_t *visible = unit_lines_visible(r, &vb.v, acct, "0000-00-00", "9999-99-99", !r->me.id, &hidden);
    if (!visible) {
        json_decref(org);
        return -1;
    }
    req_set(r, "organisation", org);
    req_set(r, "lines", visible);
    req_set(r, "hidden", hidden);
    return req_page(r, "ledger/organisation");
}

/* ---------- your own ---------- */

int ledger_mine(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return -1;
    bool failed;
    int64_t acct = unit_account_find(r, "member", r->me.id, &failed);
    if (failed) return -1;
    json_t *totals = unit_totals(r->db, &e, acct);
    if (!totals) return req_fail_err(r, &e);
    json_t *hidden = NULL;
    json_t *visible = unit_lines_visible(r, &vb.v, acct, "0000-00-00", "9999-99-99", false, &hidden);   /* your own */
    if (!visible) {
        json_decref(totals);
        return -1;
    }
    totals_decorate(r, totals);
    req_set(r, "totals", totals);
    req_set(r, "lines", visible);
    req_set(r, "hidden", hidden);
    return req_page(r, "ledger/mine");
}

/* ---------- exports ---------- */

/* The visible lines for an export: a chapter's, or the whole network's. */
static json_t *export_lines(Req *r, const char **name, ViewerBuf *viewer)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (viewer_load(r, &vb) < 0) return NULL;
    if (viewer) {
        *viewer = vb;
        viewer->v.member_of = viewer->member_of;
        viewer->v.connector_of = viewer->connector_of;
    }
    json_t *lines;
    if (r->chapter_id) {
        bool failed;
        int64_t acct = unit_account_find(r, "chapter", r->chapter_id, &failed);
        if (failed) return NULL;
        lines = unit_lines(r->db, &e, acct, "0000-00-00", "9999-99-99", 100000);
        *name = json_string_value(json_object_get(r->chapter, "slug"));
    } else {
        lines = all_lines(r->db, &e, 200000);
        *name = "network";
    }
    if (!lines) {
        req_fail_err(r, &e);
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        if (!line_visible(&vb.v, l)) continue;
        if (line_names(r, &vb.v, l) < 0) {
            json_decref(out);
            json_decref(lines);
            return NULL;
        }
        json_array_append(out, l);
    }
    json_decref(lines);
    return out;
}

int ledger_export_csv(Req *r)
{
    const char *name = "";
    json_t *lines = export_lines(r, &name, NULL);
    if (!lines) return -1;
    Buf *b = &r->body;
    static const char *head[] = { "date", "entry", "kind", "description", "category", "account", "resource", "amount",
                                  "counterparty", "visibility", "hash" };
    for (int i = 0; i < 11; i++) csv_cell(b, head[i], i == 10);
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        int64_t amount = json_integer_value(json_object_get(l, "amount"));
        csv_cell(b, json_string_value(json_object_get(l, "occurred_on")), false);
        csv_number(b, req_printf(r, "%lld", (long long)json_integer_value(json_object_get(l, "seq"))), false);
        csv_cell(b, json_string_value(json_object_get(l, "kind")), false);
        csv_cell(b, json_string_value(json_object_get(l, "description")), false);
        csv_cell(b, json_string_value(json_object_get(l, "category")), false);
        csv_cell(b, json_string_value(json_object_get(l, "account")), false);
        csv_cell(b, json_string_value(json_object_get(l, "resource")), false);
        csv_number(b, amount_format(r->arena, amount, json_string_value(json_object_get(l, "resource_kind")),
                                    json_integer_value(json_object_get(l, "decimals"))), false);
        csv_cell(b, json_string_value(json_object_get(l, amount > 0 ? "payer" : "recipient")), false);
        csv_cell(b, json_string_value(json_object_get(l, "visibility")), false);
        csv_cell(b, json_string_value(json_object_get(l, "hash")), true);
    }
    json_decref(lines);
    req_header(r, "Content-Disposition", req_printf(r, "attachment; filename=\"%s-ledger.csv\"", name));
    return req_raw(r, "text/csv; charset=utf-8");
}

/* The account name of a posting in a plain-text journal: Kind:name. */
static const char *journal_account(Req *r, const char *kind, const char *name, int64_t id)
{
    const char *top = str_eq(kind, "chapter") ? "Chapters" : str_eq(kind, "place") ? "Places" : str_eq(kind, "member") ? "Members"
                      : str_eq(kind, "organisation") ? "Organisations" : str_eq(kind, "basket") ? "Baskets" : "Network";
    if (str_eq(kind, "network")) return "Network";
    return req_printf(r, "%s:%s-%lld", top, journal_segment(r->arena, name), (long long)id);
}

int ledger_export_journal(Req *r)
{
    Err e = { 0 };
    const char *name = "";
    ViewerBuf vb;
    json_t *lines = export_lines(r, &name, &vb);
    if (!lines) return -1;
    /* the journal needs every posting of a visible transaction (both sides), in chain order */
    Buf *b = &r->body;
    buf_printf(b, "; %s: the books of %s, exported by Glocal on %s.\n; Time is in minutes (MIN), goods in items, favours counted.\n\n",
               name, name, today(r));
    json_t *done = json_object();
    for (size_t i = json_array_size(lines); i-- > 0;) {
        json_t *l = json_array_get(lines, i);
        int64_t id = json_integer_value(json_object_get(l, "id"));
        char key[32];
        snprintf(key, sizeof key, "%lld", (long long)id);
        if (json_object_get(done, key)) continue;
        json_object_set_new(done, key, json_true());
        json_t *posts = transaction_postings_named(r->db, &e, id);
        if (!posts) {
            json_decref(done);
            json_decref(lines);
            return req_fail_err(r, &e);
        }
        const char *desc = json_string_value(json_object_get(l, "description"));
        char *clean = arena_strdup(r->arena, desc ? desc : "");
        for (char *p = clean; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ';') *p = ' ';
        buf_printf(b, "%s * (%lld) %s\n", json_string_value(json_object_get(l, "occurred_on")),
                   (long long)json_integer_value(json_object_get(l, "seq")), clean);
        buf_printf(b, "    ; kind: %s, visibility: %s\n", json_string_value(json_object_get(l, "kind")), json_string_value(json_object_get(l, "visibility")));
        size_t k;
        json_t *p;
        json_array_foreach(posts, k, p) {
            const char *rk = json_string_value(json_object_get(p, "resource_kind"));
            int64_t amount = json_integer_value(json_object_get(p, "amount"));
            const char *res = json_string_value(json_object_get(p, "resource"));
            const char *qty = str_eq(rk, "time") ? req_printf(r, "%lld", (long long)amount)
                                                 : amount_format(r->arena, amount, rk, json_integer_value(json_object_get(p, "decimals")));
            const char *kind = json_string_value(json_object_get(p, "kind"));
            const char *purpose = json_string_value(json_object_get(p, "purpose"));
            const char *acct_name = json_string_value(json_object_get(p, "name"));
            bool shown = true;
            if (ledger_name_visible(r->db, &e, &vb.v, kind, purpose, json_integer_value(json_object_get(p, "account_id")), &shown) < 0) {
                json_decref(posts);
                json_decref(done);
                json_decref(lines);
                return req_fail_err(r, &e);
            }
            if (!shown) acct_name = ledger_name_withheld(kind, purpose, json_string_value(json_object_get(p, "unit_kind")));
            buf_printf(b, "    %-50s  %s %s\n", journal_account(r, kind, acct_name, json_integer_value(json_object_get(p, "account_id"))),
                       qty, str_eq(rk, "time") ? "MIN" : res);
        }
        buf_addc(b, '\n');
        json_decref(posts);
    }
    json_decref(done);
    json_decref(lines);
    req_header(r, "Content-Disposition", req_printf(r, "attachment; filename=\"%s.journal\"", name));
    return req_raw(r, "text/plain; charset=utf-8");
}

static int start(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    return node_keys_ensure(c, e);
}

static const PathLoader loaders[] = {
    { "tx", "transaction", NULL, NULL },
    { NULL },
};

const Feature ledger_feature = { .name = "ledger", .start = start, .loaders = loaders };
