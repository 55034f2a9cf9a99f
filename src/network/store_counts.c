/* store_counts.c - chapter_counts (migration 037), the chapters of each
 * metro, sector and status, which the database keeps and the directory reads:
 * checked against the chapters themselves and made again from them (glocal
 * verify). */
#include <stdio.h>

#include "network/network.h"

int chapter_counts_check(DbConn *c, Err *e, int64_t *rows, char *reason, size_t n)
{
    if (db_int64(c, e, rows, "SELECT count(*) FROM chapter_counts") < 0) return -1;
    /* every combination either side has, with both counts: the first that differs */
    json_t *bad = NULL;
    int found = db_row(c, e, &bad,
                       "WITH counted AS (SELECT metro_id, coalesce(sector_id, 0) AS sector_id, status, count(*) AS chapters"
                       "                   FROM chapters GROUP BY metro_id, coalesce(sector_id, 0), status)"
                       " SELECT coalesce(r.metro_id, k.metro_id) AS metro_id, coalesce(r.sector_id, k.sector_id) AS sector_id,"
                       "        coalesce(r.status, k.status) AS status, coalesce(r.chapters, 0) AS counted,"
                       "        coalesce(k.chapters, 0) AS kept"
                       "   FROM counted r FULL OUTER JOIN chapter_counts k"
                       "     ON k.metro_id = r.metro_id AND k.sector_id = r.sector_id AND k.status = r.status"
                       "  WHERE r.chapters IS NULL OR k.chapters IS NULL OR r.chapters <> k.chapters"
                       "  ORDER BY 1, 2, 3 LIMIT 1");
    if (found <= 0) return found;
    snprintf(reason, n, "metro %lld, sector %lld, status %s: %lld chapters kept, %lld counted",
             (long long)json_integer_value(json_object_get(bad, "metro_id")),
             (long long)json_integer_value(json_object_get(bad, "sector_id")),
             json_string_value(json_object_get(bad, "status")), (long long)json_integer_value(json_object_get(bad, "kept")),
             (long long)json_integer_value(json_object_get(bad, "counted")));
    json_decref(bad);
    return 1;
}

int chapter_counts_rebuild(DbConn *c, Err *e, int64_t *rows)
{
    if (db_exec(c, e, "DELETE FROM chapter_counts") < 0) return -1;
    int made = db_exec(c, e,
                       "INSERT INTO chapter_counts (metro_id, sector_id, status, chapters)"
                       " SELECT metro_id, coalesce(sector_id, 0), status, count(*) FROM chapters"
                       "  GROUP BY metro_id, coalesce(sector_id, 0), status");
    if (made < 0) return -1;
    *rows = made;
    return 0;
}
