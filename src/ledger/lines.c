/* lines.c - what a reader may see of the books: who reads (their chapters),
 * the lines that pass ledger_visible (rules.c) for them, the names on those
 * lines they may read, and what the lines hidden from them add up to.
 *
 * Managed transparency: balances and totals are aggregates anyone may see;
 * the lines themselves pass through here for the person reading before any
 * face sees them — pages, API answers and exports are all built from the
 * filtered lines, and a reader who may not see some learns only how many
 * there are and what they add up to. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "webhooks/webhooks.h"

/* ---------- who reads ---------- */

int ledger_viewer(DbConn *c, Err *e, int64_t user, bool admin, ViewerBuf *vb)
{
    memset(vb, 0, sizeof *vb);
    vb->v.user_id = user;
    vb->v.admin = admin;
    vb->v.member_of = vb->member_of;
    vb->v.connector_of = vb->connector_of;
    if (!user) return 0;
    json_t *rows = viewer_chapters(c, e, user);
    if (!rows) return -1;
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

Actor ledger_actor(const ViewerBuf *vb)
{
    return (Actor){ .user_id = vb->v.user_id, .operator = vb->v.admin, .connector_of = vb->connector_of,
                    .nconnector = vb->v.nconnector };
}

bool ledger_line_visible(const Viewer *v, json_t *line)
{
    Party parties[3] = {
        { json_string_value(json_object_get(line, "payer_kind")), json_integer_value(json_object_get(line, "payer_ref")) },
        { json_string_value(json_object_get(line, "recipient_kind")), json_integer_value(json_object_get(line, "recipient_ref")) },
        { json_string_value(json_object_get(line, "beneficiary_kind")), json_integer_value(json_object_get(line, "beneficiary_ref")) },
    };
    return ledger_visible(json_string_value(json_object_get(line, "visibility")), v, parties, 3);
}

void totals_decorate(Arena *a, json_t *totals)
{
    static const char *const keys[][2] = { { "balance", "balance_text" }, { "inflow", "inflow_text" }, { "outflow", "outflow_text" } };
    size_t i;
    json_t *t;
    json_array_foreach(totals, i, t) {
        const char *res = json_string_value(json_object_get(t, "resource"));
        const char *kind = json_string_value(json_object_get(t, "kind"));
        int64_t dec = json_integer_value(json_object_get(t, "decimals"));
        for (int k = 0; k < 3; k++)
            json_object_set_new(t, keys[k][1], json_string(amount_words(a, json_integer_value(json_object_get(t, keys[k][0])), res, kind, dec)));
    }
}

/* ---------- what the hidden lines add up to ---------- */

/* How many transactions, and the sum of each resource (in the order first
 * met). In C, in the arena: a page may hide hundreds of lines. */
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

static size_t hidden_slot(const int64_t *seen, size_t cap, int64_t tx)
{
    size_t i = (size_t)(((uint64_t)tx * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
    while (seen[i] && seen[i] != tx) i = (i + 1) & (cap - 1);
    return i;
}

static void hidden_add(Hidden *h, int64_t tx, const char *res, const char *kind, int64_t dec, int64_t amount)
{
    if ((size_t)(h->count + 1) * 2 > h->cap) {   /* a whole period: more than the lines first thought of */
        size_t cap = h->cap * 2;
        int64_t *seen = arena_alloc(h->a, cap * sizeof *seen);   /* zeroed */
        for (size_t k = 0; k < h->cap; k++)
            if (h->seen[k]) seen[hidden_slot(seen, cap, h->seen[k])] = h->seen[k];
        h->seen = seen;
        h->cap = cap;
    }
    size_t i = hidden_slot(h->seen, h->cap, tx);
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
static json_t *hidden_summary(Arena *a, const Hidden *h, bool net)
{
    json_t *by = json_array();
    Buf words;
    buf_init(&words, a);
    for (int k = 0; k < h->nsums; k++) {
        const HiddenSum *s = &h->sums[k];
        const char *text = amount_words(a, s->amount, s->resource, s->kind, s->decimals);
        json_array_append_new(by, json_pack("{s:s, s:I, s:s}", "resource", s->resource, "amount", (json_int_t)s->amount,
                                            "amount_text", text));
        buf_printf(&words, "%s%s", words.len ? ", " : "", text);
    }
    int64_t n = h->count;
    const char *lead = arena_printf(a, trn("%lld more transaction here is not shown to you: its visibility is limited.",
                                           "%lld more transactions here are not shown to you: their visibility is limited.", n),
                                    (long long)n);
    const char *summary = !n ? ""
                          : net ? arena_printf(a, trn("%s Together it changes the balance by %s; the totals include it.",
                                                      "%s Together they change the balance by %s; the totals include them.", n),
                                               lead, buf_str(&words))
                                : lead;
    if (!net) json_array_clear(by);   /* both sides of each transaction: their sum says nothing */
    return json_pack("{s:I, s:o, s:s}", "count", (json_int_t)n, "by_resource", by, "summary", summary);
}

/* ---------- the names on a line ---------- */

/* The names a line shows (its account, its payer, recipient and beneficiary),
 * each replaced by neutral words where the viewer may not read it: a person's
 * for someone not logged in, an event's basket for someone who may not see
 * the event. A line that moves an event's money hidden so also keeps its
 * description to itself (it may carry the title). Changes the row in place;
 * -1 when a rule could not be read. */
static int line_names(DbConn *c, Err *e, const Viewer *v, json_t *l)
{
    static const struct { const char *name, *kind, *purpose, *id, *unit; } who[] = {
        { "account", "account_kind", "account_purpose", "account_ref", NULL },
        { "payer", "payer_account_kind", "payer_purpose", "payer_id", "payer_kind" },
        { "recipient", "recipient_account_kind", "recipient_purpose", "recipient_id", "recipient_kind" },
        { "beneficiary", "beneficiary_account_kind", "beneficiary_purpose", "beneficiary_id", "beneficiary_kind" },
    };
    bool basket_hidden = false;
    for (size_t i = 0; i < sizeof who / sizeof *who; i++) {
        const char *kind = json_string_value(json_object_get(l, who[i].kind));
        const char *purpose = json_string_value(json_object_get(l, who[i].purpose));
        bool visible = true;
        if (!kind || !json_is_string(json_object_get(l, who[i].name))) continue;
        if (ledger_name_visible(c, e, v, kind, purpose, json_integer_value(json_object_get(l, who[i].id)), &visible) < 0) return -1;
        if (visible) continue;
        const char *unit = who[i].unit ? json_string_value(json_object_get(l, who[i].unit)) : NULL;
        json_object_set_new(l, who[i].name, json_string(ledger_name_withheld(kind, purpose, unit)));
        if (str_eq(kind, "basket")) basket_hidden = true;
    }
    if (basket_hidden) json_object_set_new(l, "description", json_string("Money of an event that is not shown to you"));
    return 0;
}

/* A line the viewer may read, as faces show it (a new reference; NULL on error). */
static json_t *line_shown(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *l)
{
    if (line_names(c, e, v, l) < 0) return NULL;
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
                          "amount_text", amount_words(a, amount, res, kind, dec), "is_in", amount > 0,
                          "reverses_id", json_object_get(l, "reverses_id"));
    json_object_set_new(x, "_kind_label", json_string(ledger_kind_label(json_string_value(json_object_get(l, "kind")))));
    json_object_set_new(x, "_visibility_label", json_string(ledger_visibility_label(json_string_value(json_object_get(l, "visibility")))));
    json_object_set(x, "counterparty", json_object_get(l, amount > 0 ? "payer" : "recipient"));
    json_object_set(x, "payer", json_object_get(l, "payer"));
    json_object_set(x, "recipient", json_object_get(l, "recipient"));
    json_object_set(x, "beneficiary", json_object_get(l, "beneficiary"));
    if (json_is_integer(json_object_get(l, "value_amount")) && json_is_string(json_object_get(l, "value_currency")))
        json_object_set_new(x, "value_text", json_string(amount_words(a, json_integer_value(json_object_get(l, "value_amount")),
                                                                      json_string_value(json_object_get(l, "value_currency")), "money", 2)));
    return x;
}

/* ---------- lines for a reader ---------- */

json_t *ledger_lines_filter(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *lines, json_t **hidden)
{
    json_t *out = json_array();
    Hidden h;
    hidden_init(&h, a, json_array_size(lines));
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        if (!ledger_line_visible(v, l)) {
            hidden_add(&h, json_integer_value(json_object_get(l, "id")), json_string_value(json_object_get(l, "resource")),
                       json_string_value(json_object_get(l, "resource_kind")), json_integer_value(json_object_get(l, "decimals")),
                       json_integer_value(json_object_get(l, "amount")));
            continue;
        }
        json_t *x = line_shown(c, e, a, v, l);
        if (!x) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, x);
    }
    *hidden = hidden_summary(a, &h, false);
    return out;
}

/* Appends the lines (a new reference, taken; NULL: a failed read) as faces
 * show them; false when they could not be read. */
static bool lines_shown(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *out, json_t *lines)
{
    size_t i;
    json_t *l;
    bool ok = lines != NULL;
    json_array_foreach(lines, i, l) {
        json_t *x = line_shown(c, e, a, v, l);
        if (!x) {
            ok = false;
            break;
        }
        json_array_append_new(out, x);
    }
    json_decref(lines);
    return ok;
}

/* Without reading in full the lines the viewer may not read: each line is
 * decided on its head (what ledger_visible needs), so no line is shown that
 * was not checked. When much of a page is likely hidden only the heads are
 * read first, then in full the lines that passed, by their postings;
 * otherwise the page is read once and only the lines that pass become JSON.
 * Either way the same lines. */
typedef struct DatedLine {
    json_t *line;
    size_t at;   /* its place before: keeps a transaction's lines together, in order */
} DatedLine;

static int newest_date_first(const void *x, const void *y)
{
    const DatedLine *l = x, *m = y;
    const char *dl = json_string_value(json_object_get(l->line, "occurred_on"));
    const char *dm = json_string_value(json_object_get(m->line, "occurred_on"));
    int d = strcmp(dm ? dm : "", dl ? dl : "");
    if (d) return d;
    int64_t sl = json_integer_value(json_object_get(l->line, "seq")), sm = json_integer_value(json_object_get(m->line, "seq"));
    if (sl != sm) return sl < sm ? 1 : -1;
    return (l->at > m->at) - (l->at < m->at);
}

void ledger_lines_by_date(json_t *lines)
{
    size_t n = json_array_size(lines);
    if (n < 2) return;
    DatedLine *all = malloc(n * sizeof *all);
    if (!all) abort();
    for (size_t i = 0; i < n; i++) all[i] = (DatedLine){ json_incref(json_array_get(lines, i)), i };
    qsort(all, n, sizeof *all, newest_date_first);
    json_array_clear(lines);
    for (size_t i = 0; i < n; i++) json_array_append_new(lines, all[i].line);
    free(all);
}

void ledger_lines_one_side(json_t *lines)
{
    size_t n = json_array_size(lines);
    if (n < 2) return;
    /* a transaction's lines are next to each other (the pages read them by
     * transaction, ledger_lines_by_date keeps them together) */
    json_t *out = json_array();
    for (size_t i = 0, j; i < n; i = j) {
        int64_t tx = json_integer_value(json_object_get(json_array_get(lines, i), "id"));
        for (j = i + 1; j < n && json_integer_value(json_object_get(json_array_get(lines, j), "id")) == tx; j++) {}
        for (size_t k = i; k < j; k++) {
            json_t *l = json_array_get(lines, k);
            if (j - i > 1) {
                if (json_integer_value(json_object_get(l, "amount")) < 0) continue;
                json_object_set_new(l, "is_move", json_true());
            }
            json_array_append(out, l);
        }
    }
    json_array_clear(lines);
    json_array_extend(lines, out);
    json_decref(out);
}

/* ---------- a page of a unit's statement ---------- */

/* What a whole period's walk keeps of each resource: its sum, and the sums of
 * the lines before the page's first row and before the row after its last
 * (see StatementWalk). */
typedef struct ResourceSums {
    const char *resource, *kind;
    int64_t decimals, period, before_page, before_next;
} ResourceSums;

/* The heads of a period in the statement's order, in one pass: rows are the
 * lines the reader may see as the page shows them (of a transaction with
 * several lines here, a move between the unit's accounts, only the lines that
 * come in, as ledger_lines_one_side). Each line counts at a row: its own, the
 * first row of its transaction for a line of a move left out, else (hidden,
 * or a transaction with no row) the row before it, the first at the start.
 * A page's carried-forward balance is the closing balance less the lines
 * counted before its first row; its brought-forward one, less those counted
 * up to its last, so one page's brought forward is the next one's carried
 * forward and the last page's is the opening balance. */
typedef struct StatementWalk {
    Arena *a;
    const Viewer *v;
    Hidden hidden;
    int64_t first, end;              /* the page's rows: [first, end) */
    int64_t rows;                    /* rows so far */
    ResourceSums *sums;
    int nsums;
    int64_t *shown, *moves;          /* the page's postings; the transactions of its moves */
    int nshown, nmoves;
    /* the transaction being read: its lines are decided together */
    int64_t tx;
    bool visible;
    int n;
    struct { int64_t posting, amount; int sum; } line[LEDGER_MAX_POSTINGS];
} StatementWalk;

static int walk_sum(StatementWalk *w, const char *res, const char *kind, int64_t dec)
{
    int k = 0;
    while (k < w->nsums && !str_eq(w->sums[k].resource, res)) k++;
    if (k == w->nsums) {
        w->sums = arena_realloc(w->a, w->sums, (size_t)k * sizeof *w->sums, (size_t)(k + 1) * sizeof *w->sums);
        w->sums[w->nsums++] = (ResourceSums){ arena_strdup(w->a, res ? res : ""), arena_strdup(w->a, kind ? kind : ""), dec, 0, 0, 0 };
    }
    return k;
}

static void walk_count(StatementWalk *w, int sum, int64_t amount, int64_t row)
{
    ResourceSums *s = &w->sums[sum];
    s->period += amount;
    if (row < w->first) s->before_page += amount;
    if (row < w->end) s->before_next += amount;
}

/* The transaction read so far becomes rows (or hidden lines). */
static void walk_flush(StatementWalk *w)
{
    int64_t before = w->rows > 0 ? w->rows - 1 : 0, first_row = -1;
    bool move = w->n > 1;
    for (int i = 0; w->visible && i < w->n; i++) {
        if (move && w->line[i].amount < 0) continue;
        int64_t row = w->rows++;
        if (first_row < 0) first_row = row;
        walk_count(w, w->line[i].sum, w->line[i].amount, row);
        if (row < w->first || row >= w->end) continue;
        w->shown[w->nshown++] = w->line[i].posting;
        if (move && (!w->nmoves || w->moves[w->nmoves - 1] != w->tx)) w->moves[w->nmoves++] = w->tx;
    }
    for (int i = 0; i < w->n; i++)   /* the lines without a row of their own */
        if (!w->visible || (move && w->line[i].amount < 0))
            walk_count(w, w->line[i].sum, w->line[i].amount, first_row >= 0 ? first_row : before);
    w->n = 0;
}

static bool walk_line(void *ctx, const LineHead *x)
{
    StatementWalk *w = ctx;
    if (w->n && (x->tx != w->tx || w->n == LEDGER_MAX_POSTINGS)) walk_flush(w);
    if (!w->n) {
        w->tx = x->tx;
        w->visible = ledger_visible(x->visibility, w->v, x->parties, 3);
    }
    if (!w->visible) hidden_add(&w->hidden, x->tx, x->resource, x->resource_kind, x->decimals, x->amount);
    w->line[w->n].posting = x->posting;
    w->line[w->n].amount = x->amount;
    w->line[w->n++].sum = walk_sum(w, x->resource, x->resource_kind, x->decimals);
    return true;
}

static int resource_rank(const char *kind)
{
    return str_eq(kind, "money") ? 0 : str_eq(kind, "time") ? 1 : str_eq(kind, "goods") ? 2 : 3;
}

static int sums_order(const void *x, const void *y)
{
    const ResourceSums *s = x, *t = y;
    int d = resource_rank(s->kind) - resource_rank(t->kind);
    return d ? d : strcmp(s->resource, t->resource);
}

/* [{resource, amount, amount_text}]: the opening balance, plus the period's
 * lines, less those counted before the row (before_next: after the page). */
static json_t *walk_balances(StatementWalk *w, bool after_page)
{
    json_t *out = json_array();
    for (int k = 0; k < w->nsums; k++) {
        const ResourceSums *s = &w->sums[k];
        int64_t amount = s->period - (after_page ? s->before_next : s->before_page);
        json_array_append_new(out, json_pack("{s:s, s:I, s:s}", "resource", s->resource, "amount", (json_int_t)amount,
                                             "amount_text", amount_words(w->a, amount, s->resource, s->kind, s->decimals)));
    }
    return out;
}

int ledger_statement_page(DbConn *c, Err *e, Arena *a, const Viewer *v, int64_t acct, const StatementQuery *q, Statement *out)
{
    memset(out, 0, sizeof *out);
    StatementWalk w = { .a = a, .v = v, .first = q->offset, .end = q->offset + q->per_page };
    hidden_init(&w.hidden, a, 512);
    w.shown = arena_alloc(a, (size_t)q->per_page * sizeof *w.shown);
    w.moves = arena_alloc(a, (size_t)q->per_page * sizeof *w.moves);
    /* the opening balance counts as lines before every row: in the period's sums, before every page */
    size_t i;
    json_t *o;
    json_array_foreach(q->opening, i, o) {
        int k = walk_sum(&w, json_string_value(json_object_get(o, "resource")), json_string_value(json_object_get(o, "kind")),
                         json_integer_value(json_object_get(o, "decimals")));
        int64_t amount = json_integer_value(json_object_get(o, "amount"));
        w.sums[k].period += amount;
    }
    bool parties = ledger_visible_by_parties(v);   /* no reader's parties: no join of them */
    int64_t n = acct ? unit_period_heads(c, e, acct, q->from, q->to, LEDGER_PERIOD_LINES_MAX + 1, parties, walk_line, &w) : 0;
    if (n < 0) return -1;
    if (n > LEDGER_PERIOD_LINES_MAX)
        return err_set(e, E_BAD_REQUEST, "This period holds more than %d lines: choose a shorter one (from= and to=).",
                       LEDGER_PERIOD_LINES_MAX);
    if (w.n) walk_flush(&w);
    json_t *lines = json_array();
    bool ok = true;
    for (int k = 0; ok && k < w.nshown; k += LINES_BY_POSTING) {
        int many = w.nshown - k < LINES_BY_POSTING ? w.nshown - k : LINES_BY_POSTING;
        ok = lines_shown(c, e, a, v, lines, lines_by_posting(c, e, w.shown + k, many));
    }
    if (!ok) {
        json_decref(lines);
        return -1;
    }
    json_t *l;
    json_array_foreach(lines, i, l)
        for (int k = 0; k < w.nmoves; k++)
            if (json_integer_value(json_object_get(l, "id")) == w.moves[k]) json_object_set_new(l, "is_move", json_true());
    ledger_lines_by_date(lines);
    if (w.nsums > 1) qsort(w.sums, (size_t)w.nsums, sizeof *w.sums, sums_order);   /* no sums: no array (NULL) to hand to qsort */
    *out = (Statement){ .lines = lines, .hidden = hidden_summary(a, &w.hidden, true), .carried = walk_balances(&w, false),
                        .brought = walk_balances(&w, true), .rows = w.rows };
    return 0;
}

json_t *ledger_export_rows(DbConn *c, Err *e, const Viewer *v, int64_t chapter)
{
    json_t *lines;
    if (chapter) {
        int64_t acct = 0;
        if (account_find(c, e, "chapter", chapter, &acct) < 0) return NULL;
        lines = unit_lines(c, e, acct, "0000-00-00", "9999-99-99", 100000);
    } else {
        lines = all_lines(c, e, 200000);
    }
    if (!lines) return NULL;
    json_t *out = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        if (!ledger_line_visible(v, l)) continue;
        if (line_names(c, e, v, l) < 0) {
            json_decref(out);
            out = NULL;
            break;
        }
        json_array_append(out, l);
    }
    json_decref(lines);
    return out;
}

/* ---------- webhooks ---------- */

/* The ids in the column `key` of rows (at most max of them): how many. */
static int ids_of(json_t *rows, const char *key, int64_t *ids, int max)
{
    int n = 0;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) if (n < max) ids[n++] = json_integer_value(json_object_get(row, key));
    return n;
}

int ledger_announce(DbConn *c, Err *e, int64_t tx)
{
    int64_t postings[32], chapters[32];
    int wanted = webhook_listening(c, e, "ledger.entry");
    if (wanted <= 0) return wanted;
    json_t *ids = transaction_posting_ids(c, e, tx), *chs = ids ? transaction_chapters(c, e, tx) : NULL;
    json_t *lines = chs ? lines_by_posting(c, e, postings, ids_of(ids, "id", postings, 32)) : NULL, *shown = NULL, *hidden = NULL;
    int rc = -1;
    ViewerBuf anyone;
    Arena a;
    arena_init(&a, 1024);
    if (lines && ledger_viewer(c, e, 0, false, &anyone) == 0 &&
        (shown = ledger_lines_filter(c, e, &a, &anyone.v, lines, &hidden))) {
        json_t *data = json_pack("{s:I, s:O}", "transaction_id", (json_int_t)tx, "lines", shown);
        rc = json_array_size(shown) ? webhook_emit_to(c, e, "ledger.entry", chapters, ids_of(chs, "chapter_id", chapters, 32), data)
                                    : 0;
        json_decref(data);
    }
    json_decref(shown);
    json_decref(hidden);
    json_decref(lines);
    json_decref(chs);
    json_decref(ids);
    arena_release(&a);
    return rc;
}
