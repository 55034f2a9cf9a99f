/* federation.c - `glocal federation rotate-keys [--db URL] ACTOR|all`: the
 * operator's way to rotate ActivityPub signing keys (a key leaked, or a
 * routine change), the same operation as POST /admin/federation/keys/rotate.
 * Deliveries sign with the new keys at once; the old public keys stay
 * readable at their ids for 30 days (FED_KEY_GRACE), so what was signed just
 * before still verifies. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "federation/federation.h"

int cmd_federation(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, 0, 'd' }, { 0, 0, 0, 0 } };
    const char *url = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd') url = optarg;
        else return cli_usage("federation", "unknown option");
    }
    if (argc - optind != 2 || strcmp(argv[optind], "rotate-keys") != 0)
        return cli_usage("federation", "rotate-keys ACTOR|all (ACTOR: /ap/node, /ap/chapters/SLUG, /ap/places/SLUG)");
    Db *db = cli_open(cli_db_url(url), true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    DbConn *conn = db_acquire(db, &e);
    Arena a;
    arena_init(&a, 4096);
    json_t *rotated = NULL;
    int rc = EXIT_OK;
    if (!conn || fed_keys_rotate(conn, &e, &a, argv[optind + 1], &rotated) < 0) rc = cli_fail("federation", &e);
    size_t i;
    json_t *row;
    json_array_foreach(rotated, i, row)
        printf("%s: %s\n", json_string_value(json_object_get(row, "actor")), json_string_value(json_object_get(row, "key_id")));
    if (rc == EXIT_OK)
        printf("glocal federation: %zu key%s rotated; the old ones stay readable for 30 days.\n", json_array_size(rotated),
               json_array_size(rotated) == 1 ? "" : "s");
    json_decref(rotated);
    arena_release(&a);
    if (conn) db_release(conn);
    db_close(db);
    return rc;
}
