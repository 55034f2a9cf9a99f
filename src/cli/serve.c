/* serve.c - `glocal serve`: the web server, its background threads, and the
 * databases it reads from (--db, and --read-db replicas). */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "base/log.h"
#include "base/str.h"
#include "cli/cli.h"
#include "ledger/ledger.h"
#include "mail/mail.h"
#include "web/app.h"
#include "web/feature.h"
#include "web/server.h"

/* The head of the books, published outside the database (and checked against what was published before). */
static int head_publish(Db *db, bool quiet, Err *e)
{
    DbConn *conn = db_acquire(db, e);
    int published = conn ? ledger_head_publish_start(conn, e) : -1;
    if (conn) db_release(conn);
    if (published == 0 && ledger_head_file()[0] && !quiet)
        log_info("the head of the books is published to %s", ledger_head_file());
    if (published > 0)   /* kept as evidence (logged): this server publishes no head until that is resolved */
        log_error("ledger: no head of the books is published while %s is kept as evidence.", ledger_head_file());
    return published < 0 ? -1 : 0;
}

typedef struct ServeArgs {
    ServerOptions so;
    const char *url, *public_url, *key_file, *head_file;
    bool quiet;
    const char *read_db[8];   /* --read-db: PostgreSQL replicas for the reads of pages */
    int nread_db;
    int64_t max_body, tick_seconds;
    MailConfig mail;
} ServeArgs;

/* --max-connections, --max-per-address, --idle-timeout, --request-timeout: 0, or 1 after the usage message. */
static int serve_limit(int c, const char *arg, ServerOptions *so)
{
    static const struct { int c; const char *name; int64_t min, max; } lim[] = {
        { 'M', "--max-connections takes a number from 1 to 100000.", 1, 100000 },
        { 'A', "--max-per-address takes a number from 0 (no cap) to 100000.", 0, 100000 },
        { 'I', "--idle-timeout takes a number of seconds from 1 to 3600.", 1, 3600 },
        { 'R', "--request-timeout takes a number of seconds from 1 to 3600.", 1, 3600 },
    };
    int *field[] = { &so->max_connections, &so->max_per_address, &so->timeout, &so->request_timeout };
    int64_t n;
    for (size_t i = 0; i < 4; i++) {
        if (lim[i].c != c) continue;
        if (!str_to_i64(arg, &n) || n < lim[i].min || n > lim[i].max) return cli_usage("serve", "%s", lim[i].name), 1;
        *field[i] = (int)n;
        return 0;
    }
    return 0;
}

static int serve_parse(int argc, char **argv, ServeArgs *a)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' },      { "address", required_argument, 0, 'a' },
        { "port", required_argument, 0, 'p' },    { "threads", required_argument, 0, 't' },
        { "public-url", required_argument, 0, 'u' }, { "quiet", no_argument, 0, 'q' },
        { "max-body", required_argument, 0, 'b' }, { "tick", required_argument, 0, 'T' },
        { "key-file", required_argument, 0, 'k' }, { "head-file", required_argument, 0, 'H' },
        { "max-connections", required_argument, 0, 'M' }, { "max-per-address", required_argument, 0, 'A' },
        { "idle-timeout", required_argument, 0, 'I' }, { "request-timeout", required_argument, 0, 'R' },
        { "trusted-proxy", required_argument, 0, 'P' }, { "read-db", required_argument, 0, 'r' },
        CLI_MAIL_OPTIONS,                          { 0, 0, 0, 0 },
    };
    int64_t n;
    int c;
    optind = 1;
    Err e = { 0 };
    while ((c = getopt_long(argc, argv, "d:a:p:t:u:qb:T:k:H:M:A:I:R:P:", opts, NULL)) != -1) {
        switch (c) {
        case 'M': case 'A': case 'I': case 'R': if (serve_limit(c, optarg, &a->so)) return EXIT_USAGE; break;
        case 'P':
            if (proxies_add(&a->so.proxies, optarg, &e) < 0) return cli_usage("serve", "%s", e.msg);
            break;
        case 'd': a->url = optarg; break;
        case 'r':
            if (a->nread_db == 8) return cli_usage("serve", "--read-db may be given at most 8 times.");
            a->read_db[a->nread_db++] = optarg;
            break;
        case 'k': a->key_file = optarg; break;
        case 'H': a->head_file = optarg; break;
        case 'a': a->so.address = optarg; break;
        case 'p':
            if (!str_to_i64(optarg, &n) || n < 0 || n > 65535) return cli_usage("serve", "--port takes a number from 0 to 65535.");
            a->so.port = (int)n;
            break;
        case 't':
            if (!str_to_i64(optarg, &n) || n < 1 || n > 256) return cli_usage("serve", "--threads takes a number from 1 to 256.");
            a->so.threads = (int)n;
            break;
        case 'u': a->public_url = optarg; break;
        case 'q': a->quiet = true; break;
        case 'b':
            if (!str_to_i64(optarg, &a->max_body) || a->max_body < 1024)
                return cli_usage("serve", "--max-body takes a number of bytes (at least 1024).");
            break;
        case 'T':
            if (!str_to_i64(optarg, &a->tick_seconds) || a->tick_seconds < 0 || a->tick_seconds > 86400)
                return cli_usage("serve", "--tick takes a number of seconds (0 turns the periodic work off).");
            break;
        default:
            if (cli_mail_option(c, optarg, &a->mail, "serve", &n) == 0) break;
            return (int)n;
        }
    }
    if (optind < argc) return cli_usage("serve", "unexpected argument '%s'.", argv[optind]);
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    ServeArgs a = { .so = SERVER_DEFAULTS(0), .max_body = 1 << 20, .tick_seconds = 300 };   /* threads 0: chosen below */
    int bad = serve_parse(argc, argv, &a);
    if (bad) return bad;
    Arena ar;
    arena_init(&ar, 512);
    const char *url = cli_db_url(a.url);
    bool pg = str_starts(url, "postgres://") || str_starts(url, "postgresql://");
    if (!a.so.threads) {   /* the request threads by default (APP_REQUEST_THREADS_PG, web/app.h) */
        int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
        a.so.threads = cores < 2 ? 2 : cores;
        if (pg && a.so.threads < APP_REQUEST_THREADS_PG) a.so.threads = APP_REQUEST_THREADS_PG;
    }
    if (a.nread_db && !pg)
        return cli_usage("serve", "--read-db needs a PostgreSQL primary (--db postgresql://...): SQLite has no replicas.");
    ledger_books_configure(a.key_file, a.head_file ? a.head_file : cli_head_file_beside(&ar, url));
    arena_release(&ar);
    Db *db = cli_open(url, true);
    if (!db) return EXIT_FAIL;
    db_set_pool_size(db, a.so.threads + APP_HASH_THREADS + APP_REMOTE_THREADS + 2 + (int)feature_count);   /* + the hashing and remote pools (they run whole requests), the periodic work, the deliverers, a spare */
    Err e = { 0 };
    for (int i = 0; i < a.nread_db; i++) {
        if (db_add_replica(db, a.read_db[i], &e) < 0) {
            db_close(db);
            return cli_fail("serve", &e);
        }
    }
    char buf[128];
    if (!a.public_url) {
        snprintf(buf, sizeof buf, "http://localhost:%d", a.so.port);
        a.public_url = buf;
    }
    App app;
    if (app_init(&app, db, a.public_url, &e) < 0) {
        db_close(db);
        return cli_fail("serve", &e);
    }
    app.access_log = !a.quiet;
    app.max_body = (size_t)a.max_body;
    if (head_publish(db, a.quiet, &e) < 0) {
        app_release(&app);
        db_close(db);
        return cli_fail("serve", &e);
    }
    cli_mail_configure(&a.mail, a.public_url, a.quiet);
    Ticker *ticker = a.tick_seconds ? ticker_start(db, (int)a.tick_seconds) : NULL;
    Ticker *deliverers[16] = { 0 };   /* one thread per feature that sends something */
    size_t nd = 0;
    for (size_t i = 0; i < feature_count && nd < 16; i++)
        if (features[i]->deliver) deliverers[nd++] = deliverer_start(db, features[i]);
    int rc = server_run(&app, &a.so, &e);
    while (nd) ticker_stop(deliverers[--nd]);
    ticker_stop(ticker);
    ledger_head_publish_stop();
    app_release(&app);
    db_close(db);
    return rc < 0 ? cli_fail("serve", &e) : EXIT_OK;
}
