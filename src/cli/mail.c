/* mail.c - the mail options of `glocal serve` and `glocal mail`, and
 * `glocal mail`: the sender in a process of its own, for a node whose web
 * servers should not send (or several senders on one PostgreSQL: each
 * message is still sent once). It runs every feature's deliveries — the
 * outbox's mail and the webhooks' — until stopped, or once with --once. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/str.h"
#include "cli/cli.h"
#include "mail/mail.h"
#include "settings/settings.h"
#include "web/feature.h"

int cli_mail_option(int c, const char *arg, MailConfig *m, const char *cmd, int64_t *exit_code)
{
    int64_t n;
    switch (c) {
    case 'S': m->smtp_url = arg; return 0;
    case 'C':
        if (access(arg, R_OK) != 0) {
            *exit_code = cli_usage(cmd, "--smtp-ca takes a readable file of PEM certificates.");
            return -1;
        }
        m->ca_file = arg;
        return 0;
    case 'F':
        if (!strchr(arg, '@') || strpbrk(arg, "<> \r\n")) {
            *exit_code = cli_usage(cmd, "--mail-from takes one address, like glocal@example.org.");
            return -1;
        }
        m->from_address = arg;
        return 0;
    case 'L':
        if (!str_to_i64(arg, &n) || n < 5 || n > 86400) {
            *exit_code = cli_usage(cmd, "--mail-lease takes a number of seconds from 5 to 86400.");
            return -1;
        }
        m->lease_seconds = (int)n;
        return 0;
    default: *exit_code = cli_usage(cmd, "unknown option."); return -1;
    }
}

void cli_mail_configure(MailConfig *m, const char *public_url, bool quiet)
{
    if (!m->smtp_url) m->smtp_url = getenv("GLOCAL_SMTP");
    if (m->smtp_url && !*m->smtp_url) m->smtp_url = NULL;
    char from[320];
    if (!m->from_address) {   /* glocal@ the public host */
        const char *p = public_url ? strstr(public_url, "://") : NULL;
        p = p ? p + 3 : "localhost";
        snprintf(from, sizeof from, "glocal@%.*s", (int)strcspn(p, ":/"), p);
        m->from_address = from;
    }
    m->public_url = public_url;
    mail_configure(m);   /* copies the strings: `from` is ours */
    m->from_address = mail_config()->from_address;
    if (quiet) return;
    if (m->smtp_url) log_info("mail is sent through %s as %s", mail_smtp_display(), m->from_address);
    else log_info("no SMTP server is set (--smtp or GLOCAL_SMTP): mail waits in the outbox");
}

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

int cmd_mail(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, 0, 'd' }, { "public-url", required_argument, 0, 'u' },
        { "once", no_argument, 0, 'o' },     CLI_MAIL_OPTIONS, { 0, 0, 0, 0 },
    };
    const char *url = NULL, *public_url = NULL;
    bool once = false;
    MailConfig m = { 0 };
    int c;
    int64_t code;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:u:o", opts, NULL)) != -1) {
        if (c == 'd') url = optarg;
        else if (c == 'u') public_url = optarg;
        else if (c == 'o') once = true;
        else if (cli_mail_option(c, optarg, &m, "mail", &code) < 0) return (int)code;
    }
    if (optind < argc) return cli_usage("mail", "unexpected argument '%s'.", argv[optind]);
    if (!m.smtp_url && !(getenv("GLOCAL_SMTP") && *getenv("GLOCAL_SMTP")))
        return cli_usage("mail", "no SMTP server: give --smtp URL or set GLOCAL_SMTP.");
    Db *db = cli_open(cli_db_url(url), true);
    if (!db) return EXIT_FAIL;
    Err e = { 0 };
    Arena a;
    arena_init(&a, 256);
    DbConn *conn = db_acquire(db, &e);
    if (!public_url && conn) public_url = setting_get(conn, &a, "public_url", NULL);   /* where glocal serve said it is */
    cli_mail_configure(&m, public_url, true);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    char worker[96];
    worker_name(worker, sizeof worker);
    long total = 0;
    int rc = EXIT_OK;
    fprintf(stderr, "glocal mail: sending through %s as %s%s\n", mail_smtp_display(), mail_config()->from_address,
            once ? "" : " (Ctrl-C stops)");
    while (conn && !stopping) {
        int n = features_deliver(conn, now_unix(), worker, 20, &e);
        if (n < 0) {
            fprintf(stderr, "glocal mail: %s\n", e.msg);
            err_clear(&e);
            rc = EXIT_FAIL;
        }
        if (n > 0) total += n;
        if (n > 0) continue;
        if (once) break;
        sleep(1);
    }
    if (!conn) rc = cli_fail("mail", &e);
    else db_release(conn);
    fprintf(stderr, "glocal mail: %ld deliveries handled\n", total);
    arena_release(&a);
    db_close(db);
    return rc;
}
