/* bench_schedule.c - `glocal bench-schedule`: times the unconference optimiser
 * (src/unconf/schedule.h) on generated, themed unconferences and says how much
 * better than a random grid its grids are (issue 14: 60 sessions in 6 rooms x 8
 * slots with 300 voters scheduled in under 5 s; of the votes a random grid
 * loses, to clashes and unplaced sessions, at least half kept: the lost votes
 * cut). No database; bench/run prints its figures.
 *
 *   glocal bench-schedule [--sessions 60] [--rooms 6] [--slots 8] [--voters 300] [--seeds 5]
 *
 * Seed k (1..seeds) makes the case sched_gen_themed gives for these sizes and
 * seeds the optimiser with it; each build (sched_build, which also lays the
 * random grid it is compared with) is timed on the monotonic clock. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/progress.h"
#include "base/str.h"
#include "cli/cli.h"
#include "unconf/schedule.h"

#define CMD "bench-schedule"

typedef struct Row {
    double secs;
    int cells;               /* open in this seed's case (a lock opens a closed one) */
    SchedResult res;
} Row;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds the case of seed k into row (timed); -1 with err on a refusal. */
static int build_one(const SchedGen *spec, uint64_t k, Row *row, Err *err)
{
    SchedGen g = *spec;
    g.seed = k;
    SchedCase c;
    int rc = sched_case_make(&g, &c, err);
    if (rc == 0) {
        for (int x = 0; x < g.rooms * g.slots; x++) row->cells += !c.in.open || c.in.open[x];
        double t0 = seconds();
        rc = sched_build(&c.in, &row->res, err);
        row->secs = seconds() - t0;
    }
    sched_case_free(&c);
    return rc;
}

static void print_rows(const SchedGen *g, const Row *rows, int seeds)
{
    int votes = g->votes < g->sessions ? g->votes : g->sessions, lo = rows[0].cells, hi = rows[0].cells;
    for (int k = 1; k < seeds; k++) {
        if (rows[k].cells < lo) lo = rows[k].cells;
        if (rows[k].cells > hi) hi = rows[k].cells;
    }
    char cells[32];
    if (lo == hi) snprintf(cells, sizeof cells, "%d", lo);
    else snprintf(cells, sizeof cells, "%d to %d", lo, hi);
    printf("glocal bench-schedule: %d sessions, %d rooms x %d slots (%s cells open), %d voters with %d vote%s each"
           " along %d themes; %d seed%s\n",
           g->sessions, g->rooms, g->slots, cells, g->voters, votes, votes == 1 ? "" : "s", g->themes, seeds,
           seeds == 1 ? "" : "s");
    printf("  seed   build s   quality   random   lost votes cut   unplaced   over capacity   iterations\n");
    double slowest = 0, smallest = 1;
    for (int k = 0; k < seeds; k++) {
        const SchedResult *r = &rows[k].res;
        printf("  %4d  %8.3f  %8.3f  %7.3f  %13.1f %%  %9d  %14d  %11ld\n", k + 1, rows[k].secs, r->quality,
               r->random_quality, 100 * r->lost_cut, r->n_unplaced, r->n_over_capacity, r->iterations_run);
        if (rows[k].secs > slowest) slowest = rows[k].secs;
        if (r->lost_cut < smallest) smallest = r->lost_cut;
    }
    printf("  slowest build            %8.3f s\n", slowest);
    printf("  smallest lost-vote cut   %8.1f %%\n", 100 * smallest);
}

static int bench(const SchedGen *g, int seeds)
{
    Row *rows = xcalloc((size_t)seeds, sizeof *rows);
    Progress p;
    progress_start(&p, isatty(2), "grids");
    progress_stage(&p, "building grids", seeds);
    progress_step(&p, 0);
    int rc = EXIT_OK, built = 0;
    for (; built < seeds; built++) {
        Err e = { 0 };
        if (build_one(g, (uint64_t)built + 1, &rows[built], &e) < 0) {
            progress_abort(&p);
            fprintf(stderr, "glocal %s: seed %d: %s\n", CMD, built + 1, e.msg);
            sched_result_free(&rows[built].res);
            rc = EXIT_FAIL;
            break;
        }
        progress_step(&p, 1);
    }
    if (rc == EXIT_OK) {
        progress_stage_end(&p);
        print_rows(g, rows, seeds);
    }
    for (int k = 0; k < built; k++) sched_result_free(&rows[k].res);
    free(rows);
    return rc;
}

/* The options, all numbers: name, range, default (the benchmark size). */
enum { OPT_SESSIONS, OPT_ROOMS, OPT_SLOTS, OPT_VOTERS, OPT_SEEDS, N_OPTS };
static const struct {
    const char *name;
    int lo, hi, fallback;
} numbers[N_OPTS] = {   /* data */
    [OPT_SESSIONS] = { "sessions", 1, SCHED_MAX_SESSIONS, 60 },
    [OPT_ROOMS] = { "rooms", 1, SCHED_MAX_ROOMS, 6 },
    [OPT_SLOTS] = { "slots", 1, SCHED_MAX_SLOTS, 8 },
    [OPT_VOTERS] = { "voters", 0, SCHED_MAX_VOTERS, 300 },
    [OPT_SEEDS] = { "seeds", 1, 1000, 5 },
};

int cmd_bench_schedule(int argc, char **argv)
{
    struct option opts[N_OPTS + 1] = { { 0, 0, 0, 0 } };
    int value[N_OPTS], c, which = 0;
    for (int k = 0; k < N_OPTS; k++) {
        opts[k] = (struct option){ numbers[k].name, required_argument, 0, 0 };
        value[k] = numbers[k].fallback;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, &which)) != -1) {
        if (c != 0) return cli_usage(CMD, "unknown option.");
        int64_t n = 0;
        if (!str_to_i64(optarg, &n) || n < numbers[which].lo || n > numbers[which].hi)
            return cli_usage(CMD, "--%s takes a number from %d to %d.", numbers[which].name, numbers[which].lo,
                             numbers[which].hi);
        value[which] = (int)n;
    }
    if (optind < argc) return cli_usage(CMD, "unexpected argument '%s'.", argv[optind]);
    SchedGen g = sched_gen_themed(value[OPT_SESSIONS], value[OPT_ROOMS], value[OPT_SLOTS], value[OPT_VOTERS], 0);
    return bench(&g, value[OPT_SEEDS]);
}
