/* export.c - the lines a reader may see, for other programs: CSV (safe
 * against formula injection: csv_cell) and a plain-text double-entry journal
 * that `ledger` and `hledger` read, in date order. Names the reader may not read are
 * withheld as on every face (ledger_export_rows). */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "ledger/internal.h"
#include "ledger/store.h"

static const char *text(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

int ledger_csv(DbConn *c, Err *e, Arena *a, const Viewer *v, int64_t chapter, Buf *b)
{
    json_t *lines = ledger_export_rows(c, e, v, chapter);
    if (!lines) return -1;
    static const char *head[] = { "date", "entry", "kind", "description", "category", "account", "resource", "amount",
                                  "counterparty", "visibility", "hash" };
    for (int i = 0; i < 11; i++) csv_cell(b, head[i], i == 10);
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        int64_t amount = num(l, "amount");
        csv_cell(b, text(l, "occurred_on"), false);
        csv_number(b, arena_printf(a, "%lld", (long long)num(l, "seq")), false);
        static const char *const cells[] = { "kind", "description", "category", "account", "resource" };
        for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) csv_cell(b, text(l, cells[k]), false);
        csv_number(b, amount_format(a, amount, text(l, "resource_kind"), num(l, "decimals")), false);
        csv_cell(b, text(l, amount > 0 ? "payer" : "recipient"), false);
        csv_cell(b, text(l, "visibility"), false);
        csv_cell(b, text(l, "hash"), true);
    }
    json_decref(lines);
    return 0;
}

/* The account name of a posting in a plain-text journal: Kind:name. */
static const char *journal_account(Arena *a, const char *kind, const char *name, int64_t id)
{
    const char *top = str_eq(kind, "chapter") ? "Chapters" : str_eq(kind, "place") ? "Places" : str_eq(kind, "member") ? "Members"
                      : str_eq(kind, "organisation") ? "Organisations" : str_eq(kind, "basket") ? "Baskets" : "Network";
    if (str_eq(kind, "network")) return "Network";
    return arena_printf(a, "%s:%s-%lld", top, journal_segment(a, name), (long long)id);
}

/* One posting of a journal entry, its account named as the reader may read it. */
static int journal_posting(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *p, Buf *b)
{
    const char *rk = text(p, "resource_kind");
    int64_t amount = num(p, "amount");
    const char *qty = str_eq(rk, "time") ? arena_printf(a, "%lld", (long long)amount) : amount_format(a, amount, rk, num(p, "decimals"));
    const char *kind = text(p, "kind"), *purpose = text(p, "purpose"), *name = text(p, "name");
    bool shown = true;
    if (ledger_name_visible(c, e, v, kind, purpose, num(p, "account_id"), &shown) < 0) return -1;
    if (!shown) name = ledger_name_withheld(kind, purpose, text(p, "unit_kind"));
    buf_printf(b, "    %-50s  %s %s\n", journal_account(a, kind, name, num(p, "account_id")), qty, str_eq(rk, "time") ? "MIN" : text(p, "resource"));
    return 0;
}

/* A visible line's transaction with every posting (both sides). */
static int journal_entry(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *l, Buf *b)
{
    json_t *posts = transaction_postings_named(c, e, num(l, "id"));
    if (!posts) return -1;
    const char *desc = text(l, "description");
    char *clean = arena_strdup(a, desc ? desc : "");
    for (char *p = clean; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ';') *p = ' ';
    buf_printf(b, "%s * (%lld) %s\n", text(l, "occurred_on"), (long long)num(l, "seq"), clean);
    buf_printf(b, "    ; kind: %s, visibility: %s\n", text(l, "kind"), text(l, "visibility"));
    int rc = 0;
    size_t k;
    json_t *p;
    json_array_foreach(posts, k, p)
        if ((rc = journal_posting(c, e, a, v, p, b)) < 0) break;
    buf_addc(b, '\n');
    json_decref(posts);
    return rc;
}

/* Date order, then chain order within a day: what `hledger check ordereddates` expects. */
static int by_date_then_seq(const void *x, const void *y)
{
    json_t *l = *(json_t *const *)x, *m = *(json_t *const *)y;
    const char *dl = text(l, "occurred_on"), *dm = text(m, "occurred_on");
    int d = strcmp(dl ? dl : "", dm ? dm : "");
    if (d) return d;
    int64_t sl = num(l, "seq"), sm = num(m, "seq");
    return (sl > sm) - (sl < sm);
}

int ledger_journal(DbConn *c, Err *e, Arena *a, const Viewer *v, int64_t chapter, const char *name, const char *today, Buf *b)
{
    json_t *lines = ledger_export_rows(c, e, v, chapter);
    if (!lines) return -1;
    /* the journal needs every posting of a visible transaction (both sides), in date order (a
     * line recorded late has an earlier date than those before it in the chain) */
    buf_printf(b, "; %s: the books of %s, exported by Glocal on %s.\n; Time is in minutes (MIN), goods in items, favours counted.\n\n",
               name, name, today);
    size_t n = json_array_size(lines);
    json_t **sorted = arena_alloc(a, (n ? n : 1) * sizeof *sorted);
    for (size_t i = 0; i < n; i++) sorted[i] = json_array_get(lines, i);
    qsort(sorted, n, sizeof *sorted, by_date_then_seq);
    json_t *done = json_object();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *l = sorted[i];
        char key[32];
        snprintf(key, sizeof key, "%lld", (long long)num(l, "id"));
        if (json_object_get(done, key)) continue;
        json_object_set_new(done, key, json_true());
        rc = journal_entry(c, e, a, v, l, b);
    }
    json_decref(done);
    json_decref(lines);
    return rc;
}
