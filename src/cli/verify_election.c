/* verify_election.c - `glocal verify-election`: checks the published ballot
 * box of an election — its hash chain, the node's signature of its head, and
 * a recount against the published result — and, on the database, that the
 * stored ballots are exactly those of the box, with as many voters marked as
 * having voted. The checks are governance's (box.c, election_verify); this
 * file reads the arguments and says what it found.
 *
 *   glocal verify-election [--db URL] ELECTION_ID
 *   glocal verify-election --file box.json [--public-key HEX] [--tracker T]
 *   glocal verify-election --bench [--ballots N] [--candidates C] [--seats S]
 *
 * --bench times the whole path on generated ballots (no database): counting,
 * sealing and signing the box, writing and reading it as JSON, and checking
 * it (chain, signature, recount); bench/run prints its figures. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/str.h"
#include "cli/cli.h"
#include "governance/governance.h"

#define CMD "verify-election"

/* "A, B and C" of the winners of a result, by the box's candidates (malloc'd). */
static char *winners_text(const json_t *box, const json_t *result)
{
    Buf b;
    buf_init(&b, NULL);
    const json_t *w = json_object_get(result, "winners");
    size_t n = json_array_size(w);
    for (size_t i = 0; i < n; i++) {
        if (i) buf_adds(&b, i == n - 1 ? " and " : ", ");
        json_t *c = json_array_get(json_object_get(box, "candidates"), (size_t)json_integer_value(json_array_get(w, i)));
        buf_adds(&b, json_string_value(json_object_get(c, "name")) ? json_string_value(json_object_get(c, "name")) : "?");
    }
    if (!n) buf_adds(&b, "no one");
    return b.data;
}

static int from_database(const char *url, const char *id_text)
{
    int64_t id = 0;
    if (!str_to_i64(id_text, &id) || id <= 0) return cli_usage(CMD, "'%s' is not an election's number.", id_text);
    Db *db = cli_open(url, true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    DbConn *conn = db_acquire(db, &e);
    char why[600] = "";
    json_t *summary = NULL;
    int rc = conn ? election_verify(conn, &e, id, why, sizeof why, &summary) : -1;
    if (rc < 0) rc = cli_fail(CMD, &e);
    else if (rc == 1) {
        printf("glocal verify-election: BROKEN: election %lld: %s.\n", (long long)id, why);
        rc = EXIT_FAIL;
    } else {
        json_t *elected = json_object_get(summary, "elected");
        Buf names;
        buf_init(&names, NULL);
        for (size_t i = 0; i < json_array_size(elected); i++) {
            if (i) buf_adds(&names, i == json_array_size(elected) - 1 ? " and " : ", ");
            buf_adds(&names, json_string_value(json_array_get(elected, i)));
        }
        printf("glocal verify-election: election %lld holds: %lld ballots in a chain whose head %.16s... is signed by this node's key;\n"
               "the database holds exactly these ballots, and as many voters marked as having voted; counting them again\n"
               "elects %s in %lld round%s, as published.\n",
               (long long)id, (long long)json_integer_value(json_object_get(summary, "ballots")),
               json_string_value(json_object_get(summary, "head")), names.len ? names.data : "no one",
               (long long)json_integer_value(json_object_get(summary, "rounds")),
               json_integer_value(json_object_get(summary, "rounds")) == 1 ? "" : "s");
        buf_release(&names);
        rc = EXIT_OK;
    }
    json_decref(summary);
    if (conn) db_release(conn);
    db_close(db);
    return rc;
}

static int from_file(const char *path, const char *pk, const char *tracker)
{
    json_error_t je;
    json_t *box = json_load_file(path, 0, &je);
    if (!box) {
        fprintf(stderr, "glocal verify-election: cannot read %s: %s (line %d).\n", path, je.text, je.line);
        return EXIT_FAIL;
    }
    char why[600] = "";
    int rc = EXIT_OK;
    const json_t *result = json_object_get(box, "result");
    if (!json_is_object(result)) {
        printf("glocal verify-election: BROKEN: %s holds no published result to compare the recount with.\n", path);
        rc = EXIT_FAIL;
    } else if (box_check(box, result, pk, why, sizeof why)) {
        printf("glocal verify-election: BROKEN: %s: %s.\n", path, why);
        rc = EXIT_FAIL;
    } else {
        char *names = winners_text(box, result);
        const char *key = json_string_value(json_object_get(json_object_get(box, "signature"), "public_key"));
        printf("glocal verify-election: %s holds: %zu ballots in an intact chain, signed by %s %s;\n"
               "counting them again elects %s in %zu round%s, as published.\n",
               path, json_array_size(json_object_get(box, "ballots")), pk ? "the key given" : "the key in the file", key, names,
               json_array_size(json_object_get(result, "rounds")), json_array_size(json_object_get(result, "rounds")) == 1 ? "" : "s");
        if (!pk)
            printf("glocal verify-election: compare that key with the node's (its /ledger/head shows it), or give it with --public-key.\n");
        free(names);
    }
    char t[TRACKER_TEXT];
    if (rc == EXIT_OK && tracker) {
        if (!tracker_normalise(tracker, t)) {
            rc = cli_usage(CMD, "'%s' is not a tracker (24 letters and digits).", tracker);
        } else {
            const json_t *b = box_find(box, t);
            char *choice = b ? json_dumps(json_object_get(b, "choice"), JSON_COMPACT) : NULL;
            if (b) printf("glocal verify-election: the ballot with this tracker is in the box: %s (ballot numbers).\n", choice);
            else printf("glocal verify-election: NOT FOUND: no ballot with this tracker is in the box.\n");
            free(choice);
            if (!b) rc = EXIT_FAIL;
        }
    }
    json_decref(box);
    return rc;
}

/* ---------- --bench ---------- */

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t bench_state = 0x9e3779b97f4a7c15ULL;
static uint64_t bench_next(void)
{
    bench_state ^= bench_state << 13;
    bench_state ^= bench_state >> 7;
    bench_state ^= bench_state << 17;
    return bench_state;
}

/* Ballots that rank some candidates, the more popular ones more often first. */
static json_t *bench_ballots(long n, int candidates)
{
    json_t *list = json_array();
    int32_t *rank = malloc((size_t)candidates * sizeof *rank);
    for (long i = 0; i < n; i++) {
        for (int c = 0; c < candidates; c++) rank[c] = c + 1;
        int len = 1 + (int)(bench_next() % (uint64_t)candidates);
        for (int k = 0; k < len; k++) {   /* each next choice leans towards the low numbers */
            int span = candidates - k;
            int j = k + (int)((bench_next() % (uint64_t)span) * (bench_next() % (uint64_t)span) / (uint64_t)span);
            int32_t x = rank[k];
            rank[k] = rank[j], rank[j] = x;
        }
        unsigned char b[TRACKER_BYTES];
        for (int k = 0; k < TRACKER_BYTES; k++) b[k] = (unsigned char)bench_next();
        char t[TRACKER_TEXT];
        tracker_from_bytes(b, t);
        char *text = choice_text(rank, len);
        json_array_append_new(list, json_pack("{s:s, s:s}", "tracker", t, "choice", text));
        free(text);
    }
    free(rank);
    return list;
}

static int bench(long n, int candidates, int seats)
{
    if (n < 1 || n > 10000000 || candidates < 2 || candidates > ELECTION_MAX_CANDIDATES || seats < 1 || seats >= candidates)
        return cli_usage(CMD, "--bench takes 1 to 10,000,000 ballots, 2 to %d candidates, and fewer seats than candidates.",
                         ELECTION_MAX_CANDIDATES);
    json_t *election = json_pack("{s:i, s:s, s:s, s:s, s:i, s:i, s:i, s:I}", "id", 1, "title", "Benchmark", "committee", "Board", "method",
                                 "stv", "seats", seats, "opened_at", 0, "closed_at", 1, "electorate", (json_int_t)n);
    json_t *cands = json_array();
    for (int c = 0; c < candidates; c++) {
        char name[32];
        snprintf(name, sizeof name, "Candidate %02d", c + 1);
        json_array_append_new(cands, json_pack("{s:i, s:s}", "position", c + 1, "name", name));
    }
    json_t *ballots = bench_ballots(n, candidates);
    Err e = { 0 };
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char pk_hex[65], sig_hex[129];
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);

    double t0 = seconds();
    json_t *box = box_seal(election, cands, ballots, &e);
    char *msg = box ? box_message(1, json_array_size(json_object_get(box, "ballots")), json_string_value(json_object_get(box, "head"))) : NULL;
    unsigned char sig[crypto_sign_BYTES];
    if (msg) crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), sk);
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    if (box) json_object_set_new(box, "signature", json_pack("{s:s, s:s, s:s, s:s}", "message", msg, "signature", sig_hex,
                                                             "public_key", pk_hex, "algorithm", "Ed25519"));
    double t1 = seconds();
    json_t *result = box ? box_recount(box, &e) : NULL;
    double t2 = seconds();
    if (result) json_object_set(box, "result", result);
    char *text = result ? json_dumps(box, JSON_COMPACT) : NULL;
    double t3 = seconds();
    json_t *again = text ? json_loads(text, 0, NULL) : NULL;
    double t4 = seconds();
    char why[600] = "";
    int broken = again ? box_check(again, json_object_get(again, "result"), pk_hex, why, sizeof why) : 1;
    double t5 = seconds();
    int rc = EXIT_OK;
    if (!text || broken) {
        fprintf(stderr, "glocal verify-election: the benchmark's box does not hold: %s%s\n", why, e.msg);
        rc = EXIT_FAIL;
    } else {
        printf("glocal verify-election --bench: %ld ballots, %d candidates, %d seats: %zu rounds, %zu elected\n", n, candidates, seats,
               json_array_size(json_object_get(result, "rounds")), json_array_size(json_object_get(result, "winners")));
        printf("  count (STV)                 %8.3f s\n", t2 - t1);
        printf("  box sealed and signed       %8.3f s\n", t1 - t0);
        printf("  box written (%5.1f MB JSON)  %8.3f s\n", (double)strlen(text) / 1e6, t3 - t2);
        printf("  box read                    %8.3f s\n", t4 - t3);
        printf("  box verified and recounted  %8.3f s\n", t5 - t4);
        printf("  total                       %8.3f s\n", t5 - t0);
    }
    free(msg);
    free(text);
    json_decref(again);
    json_decref(result);
    json_decref(box);
    json_decref(ballots);
    json_decref(cands);
    json_decref(election);
    sodium_memzero(sk, sizeof sk);
    return rc;
}

int cmd_verify_election(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' }, { "file", required_argument, 0, 'f' }, { "public-key", required_argument, 0, 'k' },
        { "tracker", required_argument, 0, 't' }, { "bench", no_argument, 0, 'b' }, { "ballots", required_argument, 0, 'n' },
        { "candidates", required_argument, 0, 'c' }, { "seats", required_argument, 0, 's' }, { 0, 0, 0, 0 },
    };
    const char *url = NULL, *file = NULL, *pk = NULL, *tracker = NULL;
    bool bench_mode = false;
    long ballots = 100000, candidates = 20, seats = 7;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:f:k:t:bn:c:s:", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'f': file = optarg; break;
        case 'k': pk = optarg; break;
        case 't': tracker = optarg; break;
        case 'b': bench_mode = true; break;
        case 'n': ballots = atol(optarg); break;
        case 'c': candidates = atol(optarg); break;
        case 's': seats = atol(optarg); break;
        default: return cli_usage(CMD, "unknown option.");
        }
    }
    if (sodium_init() < 0) return cli_usage(CMD, "libsodium failed to start.");
    if (bench_mode) return optind < argc ? cli_usage(CMD, "unexpected argument '%s'.", argv[optind]) : bench(ballots, (int)candidates, (int)seats);
    if (pk && (strlen(pk) != 64 || strspn(pk, "0123456789abcdef") != 64))
        return cli_usage(CMD, "--public-key takes the node's Ed25519 key in 64 lower-case hexadecimal digits.");
    if (file) {
        if (optind < argc) return cli_usage(CMD, "give either --file or an election's number, not both.");
        return from_file(file, pk, tracker);
    }
    if (optind != argc - 1) return cli_usage(CMD, "give the number of a closed election (or --file box.json).");
    if (pk || tracker) return cli_usage(CMD, "--public-key and --tracker go with --file.");
    return from_database(cli_db_url(url), argv[optind]);
}
