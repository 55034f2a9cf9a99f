/* snapshot.c - `glocal snapshot`: takes the growth figures of every day not
 * taken yet (src/growth/snapshot.c) at once — what the periodic work does
 * after each midnight, and on its first run the back-fill of the whole
 * history — and says what it took and how long. For operators (a back-fill
 * before opening the dashboards) and for the benchmark. */
#include <stdio.h>

#include "base/str.h"
#include "cli/cli.h"
#include "growth/growth.h"

int cmd_snapshot(int argc, char **argv)
{
    const char *url;
    int64_t now;
    int usage = cli_db_now("snapshot", argc, argv, &url, &now);
    if (usage) return usage;
    Db *db = cli_open(cli_db_url(url), true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    DbConn *conn = db_acquire(db, &e);
    GrowthRun run;
    int rc = EXIT_OK;
    Arena a;
    arena_init(&a, 256);
    if (!conn || growth_snapshot(conn, now, &run, &e) < 0) rc = cli_fail("snapshot", &e);
    else if (!run.days) printf("glocal snapshot: every day up to yesterday was taken already (%.2f s).\n", (double)run.usec / 1e6);
    else
        printf("glocal snapshot: %lld day%s taken, %s to %s, with chapter rows from %s, in %.2f s.\n", (long long)run.days,
               run.days == 1 ? "" : "s", time_iso_date(&a, run.first_day), time_iso_date(&a, run.last_day),
               time_iso_date(&a, run.chapters_from > run.first_day ? run.chapters_from : run.first_day),
               (double)run.usec / 1e6);
    arena_release(&a);
    if (conn) db_release(conn);
    db_close(db);
    return rc;
}
