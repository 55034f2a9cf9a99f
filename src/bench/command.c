/* command.c - `glocal bench-data`: options, the stages in order, the report
 * (see data.c for what it makes). */
#include "bench/gen.h"

#define STAGE(g, e, work) \
    do { \
        if (bench_begin((g)->c, (e)) < 0) goto done; \
        if ((work) < 0) { bench_rollback((g)->c); goto done; } \
        if (bench_commit((g)->c, (e)) < 0) goto done; \
        gen_stage_end(g); \
    } while (0)

static int run(Gen *g, FILE *tokens, Err *e)
{
    Arena a;
    arena_init(&a, 4096);
    int rc = -1;
    NetCtx net = { g, &a };
    if (bench_connection_bulk(g->c, e) < 0) goto done;

    gen_stage_begin(g, "places and sectors", g->countries + g->regions + g->metros + g->sectors);
    STAGE(g, e, gen_network_tx(g->c, &net, e));

    gen_stage_begin(g, "members", g->users + 1);
    STAGE(g, e, gen_members_stage(g, e));

    gen_stage_begin(g, "chapters", g->chapters);
    STAGE(g, e, gen_by_slices(g, gen_chapters_tx, 1, g->chapters, 10000, NULL, e));

    gen_stage_begin(g, "memberships", g->members);
    STAGE(g, e, gen_by_slices(g, gen_memberships_tx, 1, g->chapters, 5000, gen_member_rows, e));

    gen_stage_begin(g, "meetings", g->meetings);
    STAGE(g, e, gen_by_slices(g, gen_meetings_tx, 1, g->meetings, 20000, NULL, e));

    gen_stage_begin(g, "rsvps", g->meetings * g->per_meeting);
    STAGE(g, e, gen_by_slices(g, gen_rsvps_tx, 1, g->meetings, 10000, gen_rsvp_rows, e));

    gen_stage_begin(g, "attendance", gen_attendance_rows(g, 1, g->meetings));
    STAGE(g, e, gen_by_slices(g, gen_attendance_tx, 1, g->meetings, 20000, gen_attendance_rows, e));

    gen_stage_begin(g, "ledger accounts", 1 + g->chapters + g->members);
    STAGE(g, e, gen_accounts_tx(g->c, g, e));

    gen_stage_begin(g, "ledger transactions", g->transactions);
    STAGE(g, e, gen_transactions_stage(g, e));

    gen_stage_begin(g, "ledger postings", 2 * g->transactions);
    STAGE(g, e, gen_by_slices(g, gen_postings_tx, 1, g->transactions, 500000, gen_posting_rows, e));

    gen_stage_begin(g, "ledger totals", 2 * g->transactions);
    STAGE(g, e, gen_totals_tx(g->c, g, e));

    /* what each account stands for, digested as ledger_append would have (schema/008) */
    gen_stage_begin(g, "ledger digests", 1 + g->chapters + g->members);
    STAGE(g, e, gen_digests_tx(g->c, g, e));

    gen_stage_begin(g, "commons items", gen_items_count(g));
    STAGE(g, e, gen_by_slices(g, gen_items_tx, 1, gen_items_count(g), 10000, NULL, e));

    gen_stage_begin(g, "search index", 0);
    STAGE(g, e, gen_search_tx(g->c, g, e));

    gen_stage_begin(g, "tokens", 0);
    TokenCtx tc = { g, tokens, 0 };
    STAGE(g, e, gen_tokens_tx(g->c, &tc, e));

    gen_stage_begin(g, "finishing", 0);
    const char *marker = arena_printf(&a, "{\"scale\":%g,\"skewed\":%s,\"chapters\":%lld,\"generated_at\":%lld}",
                                      g->scale, g->skewed ? "true" : "false", (long long)g->chapters, (long long)g->now);
    FinishCtx fc = { g, marker };
    if (bench_begin(g->c, e) < 0) goto done;
    if (gen_finish_tx(g->c, &fc, e) < 0) {
        bench_rollback(g->c);
        goto done;
    }
    if (bench_commit(g->c, e) < 0 || bench_connection_restore(g->c, e) < 0) goto done;
    if (bench_analyze(g->c, e) < 0 || bench_checkpoint(g->c, e) < 0) goto done;
    if (gen_verify_sample(g, e) < 0) goto done;
    gen_stage_end(g);
    rc = 0;
done:
    if (rc < 0) progress_abort(&g->meter);
    arena_release(&a);
    return rc;
}

/* Sizes the network at `scale` percent and makes its plan; -1 when the large
 * chapters leave too few members outside them. */
static int gen_size(Gen *g, double scale, bool skewed, bool quiet)
{
    g->scale = scale;
    g->skewed = skewed;
    g->tty = !quiet && isatty(2);
    g->now = now_unix();
    g->today = g->now - g->now % DAY;
    progress_start(&g->meter, g->tty, "rows");
    double f = scale / 100.0;
    g->countries = llround(50 * f) > 1 ? llround(50 * f) : 1;
    g->regions = 4 * g->countries;
    g->metros = 5 * g->regions;
    g->sectors = llround(100 * f) > 5 ? llround(100 * f) : 5;
    if (g->sectors > 100) g->sectors = 100;
    g->chapters = llround(50000 * f) > 10 ? llround(50000 * f) : 10;
    g->users = 20 * g->chapters;
    g->admin_id = g->users + 1;
    g->meetings = 4 * g->chapters;
    g->per_meeting = 25;
    g->transactions = 100 * g->chapters;
    gen_make_plan(g);
    return g->guests < g->per_meeting ? -1 : 0;
}

/* The time of each stage and the counts, on stdout. */
static void report(const Gen *g, const char *where, json_t *counts)
{
    double total = (double)(now_usec() - g->meter.t_start) / 1e6;
    printf("glocal bench-data: %s at scale %g%%%s in %.1f s\n", where, g->scale, g->skewed ? " (skewed)" : "", total);
    printf("  %-22s %12s %9s %12s\n", "stage", "rows", "seconds", "rows/s");
    for (int i = 0; i < g->ntimes; i++)
        printf("  %-22s %12lld %9.2f %12.0f\n", g->times[i].name, (long long)g->times[i].rows, g->times[i].seconds,
               g->times[i].seconds > 0 ? (double)g->times[i].rows / g->times[i].seconds : 0);
    char *s = json_dumps(counts, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("  counts %s\n", s);
    free(s);
}

/* The database must be empty; then the tokens' file and the one password hash.
 * -1 with e filled, or with a message printed (e left empty). */
static int prepare(Gen *g, const char *tokens_path, FILE **tokens, Err *e)
{
    int64_t existing = 0;
    if (bench_existing_rows(g->c, e, &existing) < 0) return -1;
    if (existing) {
        fprintf(stderr, "glocal bench-data: %s already holds a network (%lld rows of people, places, chapters, meetings "
                        "or books); it writes into an empty database only.\n", db_display_url(g->db), (long long)existing);
        return -1;
    }
    *tokens = tokens_path ? fopen(tokens_path, "w") : stdout;
    if (!*tokens) {
        fprintf(stderr, "glocal bench-data: cannot write %s.\n", tokens_path);
        return -1;
    }
    /* one hash for everyone: Argon2id costs 64 MiB and a good part of a second */
    if (sodium_init() < 0 || crypto_pwhash_str(g->hash, BENCH_PASSWORD, strlen(BENCH_PASSWORD),
                                               crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        fprintf(stderr, "glocal bench-data: could not hash the bench password.\n");
        return -1;
    }
    return 0;
}

static void gen_free(Gen *g)
{
    free(g->ch);
    free(g->nonempty);
    free(g->metro_name);
    free(g->metro_slug);
    free(g->metro_tz);
    free(g->sector_slug);
    free(g->place_slug);
}

int cmd_bench_data(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' },     { "scale", required_argument, 0, 's' },
        { "skewed", no_argument, 0, 'k' },       { "tokens", required_argument, 0, 't' },
        { "quiet", no_argument, 0, 'q' },        { 0, 0, 0, 0 },
    };
    const char *url = NULL, *tokens_path = NULL;
    double scale = 100;
    bool skewed = false, quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:s:kt:q", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 's': {
            char *end = NULL;
            scale = strtod(optarg, &end);
            if (!end || *end || !(scale > 0) || scale > 1000)
                return cli_usage("bench-data", "--scale takes a percentage above 0 and up to 1000 (100 is the full network).");
            break;
        }
        case 'k': skewed = true; break;
        case 't': tokens_path = optarg; break;
        case 'q': quiet = true; break;
        default: return cli_usage("bench-data", "unknown option.");
        }
    }
    if (optind < argc) return cli_usage("bench-data", "unexpected argument '%s'.", argv[optind]);

    Gen g = { 0 };
    if (gen_size(&g, scale, skewed, quiet) < 0) {
        gen_free(&g);
        return cli_usage("bench-data", "at this scale the large chapters (--skewed) leave too few members outside them.");
    }

    int rc = EXIT_FAIL;
    FILE *tokens = NULL;
    Err e = { 0 };
    Db *db = cli_open(cli_db_url(url), true);
    if (!db) goto out;
    g.db = db;
    g.pg = db_kind(db) == DB_POSTGRES;
    if (!(g.c = db_acquire(db, &e))) {
        rc = cli_fail("bench-data", &e);
        goto out;
    }
    if (prepare(&g, tokens_path, &tokens, &e) < 0) {
        if (e.code) rc = cli_fail("bench-data", &e);
        goto out;
    }
    if (g.tty)
        fprintf(stderr, "glocal bench-data: %lld chapters, %lld members, %lld meetings, %lld RSVPs, %lld postings into %s\n",
                (long long)g.chapters, (long long)g.users, (long long)g.meetings, (long long)(g.meetings * g.per_meeting),
                (long long)(2 * g.transactions), db_display_url(db));
    if (run(&g, tokens, &e) < 0) {
        rc = cli_fail("bench-data", &e);
        goto out;
    }
    json_t *counts = bench_counts(g.c, &e);
    if (!counts) {
        rc = cli_fail("bench-data", &e);
        goto out;
    }
    report(&g, db_display_url(db), counts);
    json_decref(counts);
    rc = EXIT_OK;
out:
    if (tokens && tokens != stdout) fclose(tokens);
    if (g.c) db_release(g.c);
    db_close(db);
    gen_free(&g);
    return rc;
}
