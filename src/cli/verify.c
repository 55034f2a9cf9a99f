/* verify.c - `glocal verify`: checks the books' chain, what its accounts and
 * resources stand for, the totals, and a head seen before (a file or a node's
 * /ledger/head), and can rebuild the derived totals. */
#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/progress.h"
#include "base/str.h"
#include "cli/cli.h"
#include "ledger/ledger.h"
#include "network/network.h"


/* Reads a head seen before: a file, or an address (http/https) that answers
 * with the JSON of /api/v1/ledger/head. NULL with a sentence in *e. */
static size_t head_body(char *data, size_t size, size_t n, void *ctx)
{
    Buf *b = ctx;
    if (b->len + size * n > (1 << 20)) return 0;
    buf_add(b, data, size * n);
    return size * n;
}

static json_t *head_read(Arena *a, const char *where, Err *e)
{
    json_t *head = NULL;
    json_error_t je;
    if (str_starts(where, "http://") || str_starts(where, "https://")) {
        CURL *curl = curl_easy_init();
        if (!curl) return err_set(e, E_INTERNAL, "libcurl failed to start."), NULL;
        Buf body;
        buf_init(&body, a);
        struct curl_slist *hdr = curl_slist_append(NULL, "Accept: application/json");
        curl_easy_setopt(curl, CURLOPT_URL, where);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, head_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        long status = 0;
        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdr);
        curl_easy_cleanup(curl);
        if (rc != CURLE_OK) return err_set(e, E_UNAVAILABLE, "Cannot fetch %s: %s.", where, curl_easy_strerror(rc)), NULL;
        if (status != 200) return err_set(e, E_UNAVAILABLE, "%s answered %ld.", where, status), NULL;
        head = json_loadb(body.data ? body.data : "", body.len, 0, &je);
    } else {
        head = json_load_file(where, 0, &je);
        if (!head) return err_set(e, E_BAD_REQUEST, "Cannot read the head in %s: %s.", where, je.text), NULL;
    }
    /* the API wraps it: {"head": {...}} */
    json_t *inner = json_object_get(head, "head");
    if (json_is_object(inner)) {
        json_incref(inner);
        json_decref(head);
        head = inner;
    }
    if (!json_is_object(head) || !json_is_integer(json_object_get(head, "seq"))) {
        json_decref(head);
        return err_set(e, E_BAD_REQUEST, "%s holds no head of the books (give the JSON: a head file, or /api/v1/ledger/head).", where),
               NULL;
    }
    return head;
}

static int rebuild_tx(DbConn *c, void *ctx, Err *e)
{
    return ledger_totals_rebuild(c, e, ctx);
}

static int counts_rebuild_tx(DbConn *c, void *ctx, Err *e)
{
    return chapter_counts_rebuild(c, e, ctx);
}

/* The directory's counts (chapter_counts), derived from the chapters: checked,
 * and made again with --rebuild-totals. -1 when they drift (and were not
 * rebuilt), -2 on error. */
static int verify_chapter_counts(DbConn *conn, bool rebuild, Err *e)
{
    int64_t rows = 0;
    char why[200];
    int drift = chapter_counts_check(conn, e, &rows, why, sizeof why);
    if (drift < 0) return -2;
    if (drift)
        printf("glocal verify: CHAPTER COUNTS DRIFT at %s.\n"
               "glocal verify: the directory's counts are read from chapter_counts, which no longer matches the chapters"
               " (the chapters are the record).\n", why);
    else
        printf("glocal verify: the directory's counts match the chapters: %lld count%s (of a metro, a sector and a status)"
               " checked.\n", (long long)rows, rows == 1 ? "" : "s");
    if (!rebuild) return drift ? -1 : 0;
    if (db_write(conn, counts_rebuild_tx, &rows, e) < 0) return -2;
    printf("glocal verify: chapter_counts rebuilt from the chapters: %lld counts.\n", (long long)rows);
    return 0;
}

static void verify_explain(const VerifyReport *rep)
{
    size_t n = json_array_size(rep->findings);
    printf("\nglocal verify --explain: %lld problem%s found%s.\n", (long long)rep->problems, rep->problems == 1 ? "" : "s",
           (size_t)rep->problems > n ? " (the first ones listed)" : "");
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(rep->findings, i);
        printf("  %zu. %s: %s.\n", i + 1, json_string_value(json_object_get(f, "where")), json_string_value(json_object_get(f, "what")));
        const char *affects = json_string_value(json_object_get(f, "affects"));
        if (affects && *affects) printf("     affects: %s.\n", affects);
    }
    if (n)
        printf("\nWhat this means and what to do: docs/OPERATIONS.md, \"When verify fails\". In short: the entries before the first\n"
               "broken one are intact; keep the database as it is (make a copy with `glocal backup`), compare it with a backup\n"
               "and with a head published before (--head), and correct by reversals, never by editing.\n");
}

/* Checks the books hold a head seen before; -1 with *bad when they do not,
 * -1 with e on error. */
static int verify_head(DbConn *conn, json_t *head, const char *pk, const char *name, VerifyReport *rep, bool *bad, Err *e)
{
    if (!head) {
        printf("glocal verify: no head seen before was given (--head FILE|URL): entries removed from the end of the chain cannot be told.\n");
        return 0;
    }
    char why[300];
    int seen = ledger_verify_head(conn, head, pk, why, sizeof why, e);
    if (seen < 0) return -1;
    int64_t seq = json_integer_value(json_object_get(head, "seq"));
    if (seen == 0) {
        printf("glocal verify: the books hold the head seen in %s: entry %lld, signed by this node.\n", name, (long long)seq);
        return 0;
    }
    *bad = true;
    printf("glocal verify: HEAD MISMATCH with %s (entry %lld): %s.\n", name, (long long)seq, why);
    if (rep->findings) {
        rep->problems++;
        json_array_append_new(rep->findings, json_pack("{s:s, s:s, s:s}", "where", name, "what", why, "affects",
                                                       "every balance: entries that were in the books are not, or differ"));
    }
    return -1;
}

/* Prints what the check of the chain, the digests, the totals and the volume
 * found; -1 when anything is wrong. */
static int verify_print(const VerifyReport *r)
{
    int rc = 0;
    if (r->bad_seq) {
        printf("glocal verify: BROKEN at entry %lld (transaction id %lld): %s.\n"
               "glocal verify: %lld entries checked; the entries before it are intact.\n",
               (long long)r->bad_seq, (long long)r->bad_id, r->reason, (long long)r->bad_seq - 1);
        rc = -1;
    } else {
        printf("glocal verify: the books are intact: %lld entr%s, every hash and link checked.\n", (long long)r->checked,
               r->checked == 1 ? "y" : "ies");
    }
    if (r->limits_reason[0]) {
        printf("glocal verify: BEYOND LIMITS at %s.\n", r->limits_reason);
        rc = -1;
    }
    if (r->accounts_bad || r->resources_bad[0]) {
        if (r->accounts_bad) printf("glocal verify: CHANGED at %s: what the account stands for no longer matches its digest.\n", r->accounts_reason);
        if (r->resources_bad[0])
            printf("glocal verify: CHANGED at resources row %s: its code, kind or decimals no longer match its digest.\n", r->resources_bad);
        rc = -1;
    } else {
        printf("glocal verify: what the accounts and resources stand for is unchanged: %lld accounts, %lld resources checked%s.\n",
               (long long)r->accounts_checked, (long long)r->resources_checked,
               r->undigested ? " (some written before this version have no digest yet)" : "");
    }
    /* the balances are read from ledger_totals: a row that is not the sum
     * of its postings shows a wrong balance while the chain is intact */
    if (r->totals_bad_account) {
        printf("glocal verify: TOTALS DRIFT at %s.\n"
               "glocal verify: balances are read from ledger_totals, which no longer matches the postings"
               " (the postings are the record).\n", r->totals_reason);
        rc = -1;
    } else {
        printf("glocal verify: the totals match the postings: %lld total%s (of an account in a resource) checked.\n", (long long)r->totals_rows,
               r->totals_rows == 1 ? "" : "s");
    }
    /* a unit's totals (its baskets included) and the place comparison are read from ledger_unit_totals */
    if (r->unit_bad) {
        printf("glocal verify: UNIT TOTALS DRIFT at %s.\n"
               "glocal verify: the totals of chapters and other units are read from ledger_unit_totals, which no longer matches"
               " the postings (the postings are the record).\n", r->unit_reason);
        rc = -1;
    } else {
        printf("glocal verify: the totals of the units match the postings: %lld total%s (of a unit and its baskets in a resource) checked.\n",
               (long long)r->unit_rows, r->unit_rows == 1 ? "" : "s");
    }
    if (r->volume_reason[0]) {
        printf("glocal verify: VOLUME DRIFT at %s.\n", r->volume_reason);
        rc = -1;
    }
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' }, { "head", required_argument, 0, 'H' }, { "key-file", required_argument, 0, 'k' },
        { "explain", no_argument, 0, 'x' }, { "rebuild-totals", no_argument, 0, 'R' }, { 0, 0, 0, 0 },
    };
    const char *url = NULL, *head_at = NULL, *key_file = NULL;
    bool explain = false, rebuild = false;
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:H:k:xR", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'H': head_at = optarg; break;
        case 'k': key_file = optarg; break;
        case 'x': explain = true; break;
        case 'R': rebuild = true; break;
        default: return cli_usage("verify", "unknown option.");
        }
    }
    if (optind < argc) return cli_usage("verify", "unexpected argument '%s'.", argv[optind]);
    url = cli_db_url(url);
    Arena a;
    arena_init(&a, 4096);
    Err e = { 0 };
    /* without --head, the head file beside an SQLite database, if there is one */
    bool beside = false;
    if (!head_at) {
        const char *f = cli_head_file_beside(&a, url);
        if (f && access(f, R_OK) == 0) head_at = f, beside = true;
    }
    const char *pk = NULL;
    json_t *head = NULL;
    char pk_hex[65];
    if ((key_file && (pk = pk_hex, ledger_key_file_public(key_file, pk_hex, &e) < 0)) || (head_at && !(head = head_read(&a, head_at, &e)))) {
        arena_release(&a);
        return cli_fail("verify", &e);
    }
    Db *db = cli_open(url, true);
    if (!db) {
        json_decref(head);
        arena_release(&a);
        return EXIT_FAIL;
    }
    DbConn *conn = db_acquire(db, &e);
    VerifyReport rep = { .findings = explain ? json_array() : NULL };
    Progress progress;
    progress_start(&progress, isatty(2), "entries");
    if (!conn || ledger_verify(conn, &rep, &progress, &e) < 0) {
        rc = cli_fail("verify", &e);
        goto done;
    }
    if (verify_print(&rep) < 0) rc = EXIT_FAIL;
    int counts = verify_chapter_counts(conn, rebuild, &e);   /* -2: an error, said by cli_fail (never 0) */
    if (counts == -2 && (rc = cli_fail("verify", &e))) goto done;
    bool head_bad = false;
    if (verify_head(conn, head, pk, beside ? "the head file beside the database" : head_at, &rep, &head_bad, &e) < 0)
        rc = head_bad ? EXIT_FAIL : cli_fail("verify", &e);
    if (explain) verify_explain(&rep);
    /* the totals are derived from the postings: made again when the record itself holds */
    if (rebuild) {
        int64_t rows = 0;
        if (rep.bad_seq || rep.accounts_bad || rep.resources_bad[0])
            printf("glocal verify: the totals were NOT rebuilt: the chain or what its accounts stand for is broken; the postings"
                   " cannot be trusted to rebuild them from.\n");
        else if (db_write(conn, rebuild_tx, &rows, &e) < 0)
            rc = cli_fail("verify", &e);
        else {
            printf("glocal verify: ledger_totals, ledger_unit_totals and ledger_volume rebuilt from the postings: %lld totals.\n",
                   (long long)rows);
            /* a drift of the totals was all that was wrong: it is mended */
            if (!rep.limits_reason[0] && !head_bad) rc = EXIT_OK;
        }
    }
    if (counts == -1) rc = EXIT_FAIL;
done:
    json_decref(rep.findings);
    json_decref(head);
    if (conn) db_release(conn);
    db_close(db);
    arena_release(&a);
    return rc;
}

