/* commands.c - the operator commands (see cli.h and src/main.c). */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "settings/settings.h"
#include "base/log.h"
#include "base/zone.h"
#include "base/progress.h"
#include "base/str.h"
#include "cli/cli.h"
#include "ledger/ledger.h"
#include "mail/mail.h"
#include "meetings/meetings.h"
#include "search/search.h"
#include "version.h"
#include "web/app.h"
#include "web/feature.h"
#include "web/route.h"
#include "web/server.h"

const char *const default_pledge_title = "The collaboration pledge";
const char *const default_pledge_body =
    "This network has one rule: **I agree to collaborate** with the other members of my chapter.\n"
    "\n"
    "In practice that means:\n"
    "\n"
    "- At each meeting I share one success and one challenge from my work.\n"
    "- When someone shares a challenge, I answer with stories of what I or others did in a similar\n"
    "  situation. I do not tell people what they should do; each of us draws their own conclusions.\n"
    "- What is said in the chapter stays in the chapter, unless the person who said it agrees to share it.\n"
    "- I bring my contacts and my experience where they can help, and I ask when I need help.\n"
    "- Chapters are invitation-only so that no one sits with a direct competitor; I respect that trust.\n";

/* ---------- shared helpers ---------- */

const char *cli_db_url(const char *given)
{
    if (given && *given) return given;
    const char *env = getenv("GLOCAL_DB");
    return env && *env ? env : "sqlite:glocal.db";
}

int cli_fail(const char *cmd, const Err *e)
{
    fprintf(stderr, "glocal %s: %s\n", cmd, e->msg[0] ? e->msg : "failed");
    return e->code == E_BAD_REQUEST ? EXIT_USAGE : EXIT_FAIL;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "glocal %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    for (const Command *c = commands; c->name; c++)
        if (strcmp(c->name, cmd) == 0) fprintf(stderr, "\nusage: glocal %s %s\n", c->name, c->args);
    return EXIT_USAGE;
}

static int digests_tx(DbConn *c, void *ctx, Err *e)
{
    return ledger_digests_fill(c, e, ctx);
}

Db *cli_open(const char *url, bool migrate)
{
    Err e = { 0 };
    Db *db = NULL;
    if (db_open(&db, url, &e) < 0) {
        fprintf(stderr, "glocal: %s\n", e.msg);
        return NULL;
    }
    if (migrate) {
        int n = db_migrate(db, false, &e);
        if (n < 0) {
            fprintf(stderr, "glocal: %s\n", e.msg);
            db_close(db);
            return NULL;
        }
        if (n > 0) fprintf(stderr, "glocal: applied %d migration%s to %s\n", n, n == 1 ? "" : "s", db_display_url(db));
        /* accounts and resources written before migration 008 get the digest of what they stand for */
        DbConn *c = db_acquire(db, &e);
        int64_t digested = 0;
        if (!c || db_write(c, digests_tx, &digested, &e) < 0) {
            fprintf(stderr, "glocal: %s\n", e.msg);
            if (c) db_release(c);
            db_close(db);
            return NULL;
        }
        db_release(c);
        if (digested > 0) fprintf(stderr, "glocal: %lld accounts and resources of the books digested\n", (long long)digested);
    }
    return db;
}

/* The head file beside an SQLite database ("sqlite:/srv/network.db" ->
 * "/srv/network.db.head.json"); NULL for PostgreSQL (arena). */
const char *cli_head_file_beside(Arena *a, const char *url)
{
    if (!str_starts(url, "sqlite:")) return NULL;
    const char *path = url + 7;
    size_t n = strcspn(path, "?");
    return arena_printf(a, "%.*s.head.json", (int)n, path);
}

const char *cli_password(const char *given, const char *env, const char *prompt, char *buf, size_t n)
{
    if (given) return given;
    const char *v = env ? getenv(env) : NULL;
    if (v && *v) return v;
    if (!isatty(0)) {
        if (!fgets(buf, (int)n, stdin)) return NULL;
        buf[strcspn(buf, "\r\n")] = 0;
        return buf;
    }
    struct termios old, quiet;
    fprintf(stderr, "%s", prompt);
    tcgetattr(0, &old);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(0, TCSANOW, &quiet);
    char *ok = fgets(buf, (int)n, stdin);
    tcsetattr(0, TCSANOW, &old);
    fprintf(stderr, "\n");
    if (!ok) return NULL;
    buf[strcspn(buf, "\r\n")] = 0;
    return buf;
}

/* Hashes outside the web server (no concurrency cap needed). */
static int hash_password(const char *pw, char *out, Err *e)
{
    if (sodium_init() < 0) return err_set(e, E_INTERNAL, "libsodium failed to start.");
    if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, E_INTERNAL, "Not enough memory to hash the password.");
    return 0;
}

/* ---------- init ---------- */

typedef struct InitCtx {
    const char *email, *name, *hash, *network;
    bool created_admin, created_pledge;
} InitCtx;

static int init_tx(DbConn *c, void *ctx, Err *e)
{
    InitCtx *in = ctx;
    int64_t users = 0, pledges = 0, id = 0, version = 0;
    if (admin_count(c, e, &users) < 0) return -1;
    if (!users && in->hash) {
        if (user_insert(c, e, in->email, in->name, in->hash, true, 0, 0, &id) < 0 || member_index(c, e, id) < 0) return -1;
        in->created_admin = true;
    }
    if (pledge_count(c, e, &pledges) < 0) return -1;
    if (!pledges) {
        if (pledge_publish(c, e, default_pledge_title, default_pledge_body, id, &version) < 0) return -1;
        if (id && pledge_accept(c, e, id, version) < 0) return -1;
        in->created_pledge = true;
    }
    if (in->network && setting_put(c, e, "network_name", in->network) < 0) return -1;
    return node_keys_ensure(c, e);   /* the Ed25519 key that signs the head of the books */
}

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' }, { "admin-email", required_argument, 0, 'e' },
        { "admin-name", required_argument, 0, 'n' }, { "admin-password", required_argument, 0, 'p' },
        { "network-name", required_argument, 0, 'N' }, { "key-file", required_argument, 0, 'k' }, { 0, 0, 0, 0 },
    };
    const char *url = NULL, *email = NULL, *name = "Network administrator", *password = NULL, *network = NULL, *key_file = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:e:n:p:N:k:", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'k': key_file = optarg; break;
        case 'e': email = optarg; break;
        case 'n': name = optarg; break;
        case 'p': password = optarg; break;
        case 'N': network = optarg; break;
        default: return cli_usage("init", "unknown option.");
        }
    }
    if (optind < argc) return cli_usage("init", "unexpected argument '%s'.", argv[optind]);
    ledger_books_configure(key_file, NULL);
    Db *db = cli_open(cli_db_url(url), true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    int rc = EXIT_FAIL;
    Arena a;
    arena_init(&a, 1024);
    InitCtx in = { NULL, name, NULL, network, false, false };
    DbConn *conn = db_acquire(db, &e);
    int64_t admins = 0;
    if (!conn || admin_count(conn, &e, &admins) < 0) {
        rc = cli_fail("init", &e);
        goto done;
    }
    if (!admins) {
        if (!email) {
            rc = cli_usage("init", "the database has no administrator yet: give --admin-email (and the password by "
                                   "--admin-password, GLOCAL_ADMIN_PASSWORD or at the prompt).");
            goto done;
        }
        in.email = str_lower(&a, email);
        if (!str_email_valid(in.email)) {
            rc = cli_usage("init", "'%s' is not a valid e-mail address.", email);
            goto done;
        }
        char buf[PASSWORD_MAX + 2];
        password = cli_password(password, "GLOCAL_ADMIN_PASSWORD", "Password for the administrator: ", buf, sizeof buf);
        if (account_password_check(password, in.email, name, &e) < 0 || account_name_check(name, "name", &e) < 0) {
            rc = cli_usage("init", "%s", e.msg);
            goto done;
        }
        char *hash = arena_alloc(&a, crypto_pwhash_STRBYTES);
        if (hash_password(password, hash, &e) < 0) {
            rc = cli_fail("init", &e);
            goto done;
        }
        in.hash = hash;
    }
    if (db_write(conn, init_tx, &in, &e) < 0) {
        rc = cli_fail("init", &e);
        goto done;
    }
    printf("glocal init: database %s is at schema version %d.\n", db_display_url(db), db_schema_latest());
    if (in.created_admin) printf("glocal init: administrator %s created.\n", in.email);
    else printf("glocal init: the network already has an administrator; nothing else to do.\n");
    if (in.created_pledge) printf("glocal init: the default collaboration pledge is published (edit it at /admin).\n");
    rc = EXIT_OK;
done:
    if (conn) db_release(conn);
    arena_release(&a);
    db_close(db);
    return rc;
}

/* ---------- demo, migrate, backup ---------- */

static const char *only_db_option(const char *cmd, int argc, char **argv, int *rc, int *rest)
{
    static const struct option opts[] = { { "db", required_argument, 0, 'd' }, { 0, 0, 0, 0 } };
    const char *url = NULL;
    int c;
    optind = 1;
    *rc = EXIT_OK;
    while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
        if (c == 'd') url = optarg;
        else *rc = cli_usage(cmd, "unknown option.");
    }
    *rest = optind;
    return cli_db_url(url);
}

int cmd_demo(int argc, char **argv)
{
    int rc, rest;
    const char *url = only_db_option("demo", argc, argv, &rc, &rest);
    if (rc) return rc;
    if (rest < argc) return cli_usage("demo", "unexpected argument '%s'.", argv[rest]);
    Db *db = cli_open(url, true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    rc = demo_fill(db, &e) < 0 ? cli_fail("demo", &e) : EXIT_OK;
    db_close(db);
    return rc;
}

int cmd_migrate(int argc, char **argv)
{
    int rc, rest;
    const char *url = only_db_option("migrate", argc, argv, &rc, &rest);
    if (rc) return rc;
    if (rest < argc) return cli_usage("migrate", "unexpected argument '%s'.", argv[rest]);
    Db *db = cli_open(url, false);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    int n = db_migrate(db, true, &e);
    if (n < 0) rc = cli_fail("migrate", &e);
    else printf("glocal migrate: %d migration%s applied; %s is at schema version %d.\n", n, n == 1 ? "" : "s",
                db_display_url(db), db_schema_latest());
    db_close(db);
    return rc;
}

int cmd_reindex(int argc, char **argv)
{
    int rc, rest;
    const char *url = only_db_option("reindex", argc, argv, &rc, &rest);
    if (rc) return rc;
    if (rest < argc) return cli_usage("reindex", "unexpected argument '%s'.", argv[rest]);
    Db *db = cli_open(url, true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    SearchReindex done = { 0 };
    DbConn *conn = db_acquire(db, &e);
    if (!conn || search_reindex(conn, &e, &done) < 0) rc = cli_fail("reindex", &e);
    else printf("glocal reindex: the search index holds %lld documents.\n", (long long)done.documents);
    if (conn) db_release(conn);
    db_close(db);
    return rc;
}

int cmd_backup(int argc, char **argv)
{
    int rc, rest;
    const char *url = only_db_option("backup", argc, argv, &rc, &rest);
    if (rc) return rc;
    if (rest != argc - 1) return cli_usage("backup", "give the file to write the copy to.");
    const char *dest = argv[rest];
    if (access(dest, F_OK) == 0) return cli_usage("backup", "%s exists already; choose a new file name.", dest);
    Db *db = cli_open(url, false);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    if (db_backup_sqlite(db, dest, &e) < 0) rc = cli_fail("backup", &e);
    else printf("glocal backup: %s copied to %s.\n", db_display_url(db), dest);
    db_close(db);
    return rc;
}

/* ---------- user ---------- */

typedef struct UserCmd {
    const char *email, *name, *hash;
    bool admin;
    int changed;
    int64_t id;
} UserCmd;

static int user_add_tx(DbConn *c, void *ctx, Err *e)
{
    UserCmd *u = ctx;
    if (user_insert(c, e, u->email, u->name, u->hash, u->admin, 0, 0, &u->id) < 0) return -1;
    return member_index(c, e, u->id);
}

static int user_password_tx(DbConn *c, void *ctx, Err *e)
{
    UserCmd *u = ctx;
    u->changed = user_password_set_by_email(c, e, u->email, u->hash);
    if (u->changed > 0 && (session_end_by_email(c, e, u->email) < 0 || apitoken_revoke_by_email(c, e, u->email, now_unix()) < 0))
        return -1;
    return u->changed < 0 ? -1 : 0;
}

static int user_admin_tx(DbConn *c, void *ctx, Err *e)
{
    UserCmd *u = ctx;
    if (!u->admin) {
        int64_t others = 0;
        if (admin_count_except_email(c, e, u->email, &others) < 0) return -1;
        if (!others) return err_set(e, E_CONFLICT, "%s is the last administrator; make someone else one first.", u->email);
    }
    u->changed = user_set_admin_by_email(c, e, u->email, u->admin);
    return u->changed < 0 ? -1 : 0;
}

int cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' }, { "name", required_argument, 0, 'n' },
        { "password", required_argument, 0, 'p' }, { "admin", no_argument, 0, 'A' }, { 0, 0, 0, 0 },
    };
    const char *url = NULL, *name = NULL, *password = NULL;
    bool admin = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:n:p:A", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'n': name = optarg; break;
        case 'p': password = optarg; break;
        case 'A': admin = true; break;
        default: return cli_usage("user", "unknown option.");
        }
    }
    if (optind >= argc) return cli_usage("user", "say what to do: add, password, admin or list.");
    const char *what = argv[optind];
    const char *email_arg = optind + 1 < argc ? argv[optind + 1] : NULL;
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    UserCmd u = { email_arg ? str_lower(&a, email_arg) : NULL, name, NULL, admin, 0, 0 };
    int rc = EXIT_OK;
    Db *db = NULL;
    DbConn *conn = NULL;
    if (strcmp(what, "list") != 0 && !u.email) {
        rc = cli_usage("user", "give the account's e-mail address.");
        goto done;
    }
    if (!(db = cli_open(cli_db_url(url), true)) || !(conn = db_acquire(db, &e))) {
        rc = db ? cli_fail("user", &e) : EXIT_FAIL;
        goto done;
    }
    if (strcmp(what, "list") == 0) {
        json_t *users = user_list(conn, &e);
        if (!users) { rc = cli_fail("user", &e); goto done; }
        printf("%6s  %-5s  %-32s  %s\n", "id", "admin", "email", "name");
        size_t i;
        json_t *row;
        json_array_foreach(users, i, row)
            printf("%6lld  %-5s  %-32s  %s\n", (long long)json_integer_value(json_object_get(row, "id")),
                   json_is_true(json_object_get(row, "is_admin")) ? "yes" : "",
                   json_string_value(json_object_get(row, "email")), json_string_value(json_object_get(row, "name")));
        json_decref(users);
    } else if (strcmp(what, "add") == 0 || strcmp(what, "password") == 0) {
        bool add = what[0] == 'a';
        if (add && !str_email_valid(u.email)) { rc = cli_usage("user", "'%s' is not a valid e-mail address.", email_arg); goto done; }
        if (add && account_name_check(name, "name", &e) < 0) { rc = cli_usage("user", "give the person's name with --name."); goto done; }
        char buf[PASSWORD_MAX + 2];
        password = cli_password(password, "GLOCAL_PASSWORD", "New password: ", buf, sizeof buf);
        if (account_password_check(password, u.email, name, &e) < 0) { rc = cli_usage("user", "%s", e.msg); goto done; }
        char *hash = arena_alloc(&a, crypto_pwhash_STRBYTES);
        if (hash_password(password, hash, &e) < 0) { rc = cli_fail("user", &e); goto done; }
        u.hash = hash;
        if (db_write(conn, add ? user_add_tx : user_password_tx, &u, &e) < 0) { rc = cli_fail("user", &e); goto done; }
        if (!add && !u.changed) { fprintf(stderr, "glocal user: there is no account for %s.\n", u.email); rc = EXIT_FAIL; goto done; }
        printf(add ? "glocal user: account %s created%s.\n" : "glocal user: password of %s changed; its sessions are ended%s.\n",
               u.email, add && admin ? " as an administrator" : "");
    } else if (strcmp(what, "admin") == 0) {
        const char *flag = optind + 2 < argc ? argv[optind + 2] : NULL;
        if (!flag || (strcmp(flag, "on") != 0 && strcmp(flag, "off") != 0)) { rc = cli_usage("user", "say 'on' or 'off' after the e-mail address."); goto done; }
        u.admin = strcmp(flag, "on") == 0;
        if (db_write(conn, user_admin_tx, &u, &e) < 0) { rc = cli_fail("user", &e); goto done; }
        if (!u.changed) { fprintf(stderr, "glocal user: there is no account for %s.\n", u.email); rc = EXIT_FAIL; goto done; }
        printf("glocal user: %s is %s a network administrator.\n", u.email, u.admin ? "now" : "no longer");
    } else {
        rc = cli_usage("user", "'%s' is not something it can do: add, password, admin or list.", what);
    }
done:
    if (conn) db_release(conn);
    db_close(db);
    arena_release(&a);
    return rc;
}

/* ---------- tick ---------- */

bool cli_time(const char *arg, int64_t *t)
{
    Err e = { 0 };
    return str_to_i64(arg, t) || local_to_utc(arg, "UTC", t, &e) == 0;
}

int cli_db_now(const char *cmd, int argc, char **argv, const char **url, int64_t *now)
{
    static const struct option opts[] = { { "db", required_argument, 0, 'd' }, { "now", required_argument, 0, 'n' }, { 0, 0, 0, 0 } };
    *url = NULL;
    *now = now_unix();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:n:", opts, NULL)) != -1) {
        if (c == 'd') *url = optarg;
        else if (c == 'n') {
            if (!cli_time(optarg, now)) return cli_usage(cmd, "--now takes Unix seconds or a UTC time like 2026-03-10T18:30.");
        } else return cli_usage(cmd, "unknown option.");
    }
    if (optind < argc) return cli_usage(cmd, "unexpected argument '%s'.", argv[optind]);
    return EXIT_OK;
}

int cmd_tick(int argc, char **argv)
{
    const char *url;
    int64_t now;
    int usage = cli_db_now("tick", argc, argv, &url, &now);
    if (usage) return usage;
    Db *db = cli_open(cli_db_url(url), true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    DbConn *conn = db_acquire(db, &e);
    Buf report;
    buf_init(&report, NULL);
    int rc = EXIT_OK;
    if (!conn || features_tick(conn, now, &report, &e) < 0) rc = cli_fail("tick", &e);
    else printf("glocal tick: %.*s.\n", (int)(report.len ? report.len : 14), report.len ? report.data : "nothing to do");
    buf_release(&report);
    if (conn) db_release(conn);
    db_close(db);
    return rc;
}

/* ---------- routes, version, help ---------- */

int cmd_routes(int argc, char **argv)
{
    bool as_json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc > 1 && !as_json) return cli_usage("routes", "the only option is --json.");
    static const struct { unsigned flag; const char *name; } names[] = {
        { F_LOGIN, "login" }, { F_ADMIN, "admin" }, { F_PLEDGE, "pledge" }, { F_MEMBER, "member" },
        { F_CONNECTOR, "connector" }, { F_ADMIN_OK, "admin_ok" }, { F_PAGE, "page" }, { F_API, "api" },
        { F_NOCSRF, "nocsrf" }, { F_MANAGER, "manager" }, { F_HASH, "hash" }, { F_REMOTE, "remote" }, { F_UPLOAD, "upload" },
    };
    json_t *all = json_array();
    for (size_t i = 0; i < route_count; i++) {
        const Route *rt = &routes[i];
        json_t *flags = json_array();
        for (size_t k = 0; k < sizeof names / sizeof *names; k++)
            if (rt->flags & names[k].flag) json_array_append_new(flags, json_string(names[k].name));
        unsigned named = 0;   /* a flag without a name here shows as "bit:N", so no test can miss it */
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) named |= names[k].flag;
        for (unsigned b = 0; b < 32; b++)
            if ((rt->flags & ~named) & (1u << b)) json_array_append_new(flags, json_sprintf("bit:%u", b));
        if (as_json)
            json_array_append_new(all, json_pack("{s:s, s:s, s:o, s:s}", "method", route_method_name(rt->method), "path",
                                                 rt->pattern, "flags", flags, "summary", rt->summary));
        else {
            char *f = json_dumps(flags, JSON_COMPACT);
            printf("%-5s %-55s %s\n", route_method_name(rt->method), rt->pattern, f);
            free(f);
            json_decref(flags);
        }
    }
    if (as_json) {
        char *s = json_dumps(all, JSON_INDENT(1));
        puts(s);
        free(s);
    }
    json_decref(all);
    return EXIT_OK;
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("glocal %s (schema %d)\n", GLOCAL_VERSION, db_schema_latest());
    return EXIT_OK;
}

/* What some commands' options mean, beyond their usage line. */
static const struct { const char *name, *text; } help_notes[] = {
    { "serve",
      "  --key-file FILE   the Ed25519 key that signs the head of the books lives in FILE (made there, mode 0600,\n"
      "                    or moved there from the database on first use), not in the database\n"
      "  --head-file FILE  after every entry, the signed head of the books is written to FILE (default: beside an\n"
      "                    SQLite database, DB.head.json; none for PostgreSQL unless named)\n"
      "  --read-db URL     a PostgreSQL streaming replica of --db (pg_basebackup -R), up to 8: pages are read from\n"
      "                    one that is up; writes, and a person's reads until a replica has their last write, go\n"
      "                    to the primary; a replica that fails is left until it answers, and while the primary\n"
      "                    does not, pages come from the replicas and writes answer 503. Not for SQLite.\n"
      "                    See docs/OPERATIONS.md, \"A primary and read replicas\".\n"
      "  --tick SECONDS    the periodic work every SECONDS (300; 0: none). Several servers on one database\n"
      "                    claim each feature's work in turn (table jobs): one of them runs it per period\n" },
    { "tick", "  Runs every feature's periodic work once, now (or at --now), whether or not a server ran it lately.\n" },
    { "init", "  --key-file FILE   keep the signing key of the books in FILE instead of the database\n" },
    { "copy",
      "  Stop the server first. The target must be empty (no tables); it is migrated and filled in one\n"
      "  transaction, so a failure leaves it as it was. The source must be at this binary's schema.\n"
      "  --head FILE  the source's head of the books (default: beside an SQLite source); copied beside an\n"
      "               SQLite target, or named for the server's --head-file on PostgreSQL. A --key-file moves\n"
      "               by hand. See docs/OPERATIONS.md, \"Moving a network from SQLite to PostgreSQL\".\n"
      "  --batch ROWS rows read and written at a time (1000): what the copy holds in memory\n" },
    { "verify",
      "  --head FILE|URL   also check a head of the books seen before (a head file, or /api/v1/ledger/head of the\n"
      "                    node): entries removed from the end, or a rewritten chain, are found. Without it, the head\n"
      "                    file beside an SQLite database is used when there is one.\n"
      "  --key-file FILE   check the head's signature with the key in FILE rather than the database's public key\n"
      "  --explain         list every problem found (not only the first), with what each one affects\n"
      "  --rebuild-totals  make ledger_totals, ledger_unit_totals and ledger_volume again from the postings (they are\n"
      "                    derived from them),\n"
      "                    when the chain and what its accounts stand for are intact\n"
      "Exit code 0: everything checked holds; 1: something is broken (the lines in capitals say what).\n" },
    { "bench-schedule",
      "  Seed k (1..seeds) generates a themed unconference of these sizes (src/unconf/rules_schedule_gen.c) and\n"
      "  builds its grid. Per seed: the build's time, the share of votes attendable (quality) in that grid and in a\n"
      "  random valid grid, the share of the votes the random grid loses (to clashes and unplaced sessions) that\n"
      "  the grid keeps (lost votes cut), the sessions left unplaced and those in a room smaller than their\n"
      "  interest; then the slowest build and the smallest cut.\n"
      "  No database is used.\n" },
};

int cmd_help(int argc, char **argv)
{
    if (argc > 1) {
        for (const Command *c = commands; c->name; c++)
            if (strcmp(c->name, argv[1]) == 0) {
                printf("glocal %s - %s\n\nusage: glocal %s %s\n", c->name, c->summary, c->name, c->args);
                for (size_t k = 0; k < sizeof help_notes / sizeof *help_notes; k++)
                    if (strcmp(help_notes[k].name, c->name) == 0) printf("\n%s", help_notes[k].text);
                printf("\nThe database is --db URL, else $GLOCAL_DB, else sqlite:glocal.db.\n"
                       "URLs: sqlite:PATH, or postgres://user:password@host/dbname (or postgresql://...);\n"
                       "through pgbouncer in transaction pooling, add ?pooler=transaction (no named statements).\n");
                return EXIT_OK;
            }
        fprintf(stderr, "glocal help: '%s' is not a command.\n", argv[1]);
        return EXIT_USAGE;
    }
    printf("glocal %s - the operating system for a network of local chapters\n\nusage: glocal COMMAND [OPTIONS]\n\n",
           GLOCAL_VERSION);
    for (const Command *c = commands; c->name; c++) printf("  %-8s %s\n", c->name, c->summary);
    printf("\n'glocal help COMMAND' shows a command's options. Exit codes: 0 done, 1 failed, 2 usage error.\n");
    return EXIT_OK;
}
