/* main.c - the glocal binary: one table of commands, like git's.
 *
 *   glocal serve | init | demo | user | migrate | backup | copy | verify | tick | snapshot | mail | federation | routes | version | help
 *
 * Each command is a function in src/cli/; this file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const Command commands[] = {
    { "serve",   cmd_serve,   "[--db URL] [--address IP] [--port N] [--threads N] [--public-url URL] [--tick SECONDS] [--quiet] [--max-connections N] [--max-per-address N] [--idle-timeout S] [--request-timeout S] [--trusted-proxy ADDR[/BITS]]..."
                              " [--key-file FILE] [--head-file FILE] [--smtp URL] [--mail-from ADDRESS] [--mail-lease SECONDS] [--smtp-ca FILE]",
      "serve the web pages and the JSON API (and send mail when --smtp or GLOCAL_SMTP names a server)" },
    { "init",    cmd_init,    "[--db URL] --admin-email EMAIL [--admin-name NAME] [--admin-password PW] [--network-name NAME]"
                              " [--key-file FILE]",
      "create or migrate the database and its first administrator" },
    { "demo",    cmd_demo,    "[--db URL]", "fill the database with a realistic demo network" },
    { "user",    cmd_user,    "add EMAIL --name NAME [--password PW] [--admin] | password EMAIL [--password PW] |"
                              " admin EMAIL on|off | list  [--db URL]",
      "manage accounts" },
    { "migrate", cmd_migrate, "[--db URL]", "apply the schema migrations this database has not seen" },
    { "reindex", cmd_reindex, "[--db URL]", "rebuild the search index from everything the network shows" },
    { "backup",  cmd_backup,  "[--db URL] DEST", "copy a live SQLite database consistently to DEST" },
    { "copy",    cmd_copy,    "--from URL --to URL [--head FILE] [--batch ROWS] [--quiet]",
      "copy a whole network into an empty database: SQLite to PostgreSQL and back, ids, books and signatures as they are" },
    { "verify",  cmd_verify,  "[--db URL] [--head FILE|URL] [--key-file FILE] [--explain] [--rebuild-totals]",
      "check the books: their hash chain, what their accounts stand for, their totals, a head seen before; name what is broken" },
    { "verify-election", cmd_verify_election, "[--db URL] ELECTION_ID | --file BOX.json [--public-key HEX] [--tracker T] |"
                              " --bench [--ballots N] [--candidates C] [--seats S]",
      "check an election's ballot box: its chain, the node's signature, the stored ballots, a recount" },
    { "tick",    cmd_tick,    "[--db URL] [--now TIME]",
      "do the periodic work once: schedule meetings, queue reminders, update chapter status" },
    { "snapshot", cmd_snapshot, "[--db URL] [--now TIME]",
      "take the growth figures of the days not taken yet (the periodic work does it each day); say how long it took" },
    { "bench-data", cmd_bench_data, "[--db URL] [--scale PERCENT] [--skewed] [--tokens FILE] [--quiet]",
      "fill an empty database with a network at scale for the benchmark (see bench/README.md)" },
    { "bench-schedule", cmd_bench_schedule, "[--sessions 60] [--rooms 6] [--slots 8] [--voters 300] [--seeds 5]",
      "time the unconference optimiser on generated cases and compare its grids with random ones (see bench/README.md)" },
    { "mail",    cmd_mail,    "[--db URL] [--smtp URL] [--mail-from ADDRESS] [--public-url URL] [--mail-lease SECONDS] [--smtp-ca FILE] [--once]",
      "send what waits in the outbox (mail, webhooks) in a process of its own, until stopped, or once" },
    { "federation", cmd_federation, "rotate-keys [--db URL] ACTOR|all",
      "rotate ActivityPub signing keys: of one actor (/ap/node, /ap/chapters/SLUG, /ap/places/SLUG) or all" },
    { "routes",  cmd_routes,  "[--json]", "list the route table (method, path, flags)" },
    { "version", cmd_version, "", "print the version" },
    { "help",    cmd_help,    "[COMMAND]", "show this help, or a command's" },
    { NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        cmd_help(1, argv);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
    if (strcmp(name, "--version") == 0) name = "version";
    for (const Command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c->run(argc - 1, argv + 1);
    fprintf(stderr, "glocal: '%s' is not a command. See 'glocal help'.\n", name);
    return EXIT_USAGE;
}
