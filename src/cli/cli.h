/* cli.h - the operator commands of the glocal binary (see src/main.c). */
#ifndef GLOCAL_CLI_H
#define GLOCAL_CLI_H

#include <stdbool.h>

#include "base/err.h"
#include "base/arena.h"
#include "db/db.h"
#include "mail/mail.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *args;
    const char *summary;
} Command;

extern const Command commands[];

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_tick(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);          /* snapshot.c */
int cmd_copy(int argc, char **argv);              /* copy.c */
int cmd_verify(int argc, char **argv);
int cmd_verify_election(int argc, char **argv);   /* verify_election.c */
int cmd_bench_schedule(int argc, char **argv);    /* bench_schedule.c */
int cmd_routes(int argc, char **argv);
int cmd_bench_data(int argc, char **argv);   /* src/bench/data.c */
int cmd_version(int argc, char **argv);
int cmd_mail(int argc, char **argv);              /* mail.c */
int cmd_federation(int argc, char **argv);        /* federation.c */
int cmd_help(int argc, char **argv);

/* ticker.c: the threads of `glocal serve`. ticker_start runs every feature's
 * periodic work (features_tick) right away and then every `seconds`;
 * deliverer_start runs one feature's deliveries (Feature.deliver) again at
 * once while there was work, else every second; both until ticker_stop. */
typedef struct Ticker Ticker;
struct Feature;
Ticker *ticker_start(Db *db, int seconds);
Ticker *deliverer_start(Db *db, const struct Feature *f);
void ticker_stop(Ticker *t);
/* A name for this process's leases: "host/pid/random". */
void worker_name(char *out, size_t size);

/* mail.c: the options --smtp URL, --mail-from ADDRESS, --mail-lease SECONDS of
 * serve and mail. cli_mail_option takes one (0), or -1 with the exit code. */
#define CLI_MAIL_OPTIONS \
    { "smtp", required_argument, 0, 'S' }, { "mail-from", required_argument, 0, 'F' }, \
    { "mail-lease", required_argument, 0, 'L' }, { "smtp-ca", required_argument, 0, 'C' }
int cli_mail_option(int c, const char *arg, MailConfig *m, const char *cmd, int64_t *exit_code);
/* The defaults ($GLOCAL_SMTP, glocal@ the public host) into mail_configure; says where mail goes. */
void cli_mail_configure(MailConfig *m, const char *public_url, bool quiet);

/* Shared by the commands: the database URL from --db, GLOCAL_DB, or the default. */
const char *cli_db_url(const char *given);
/* Opens the database and brings its schema up to date; prints the error and
 * returns NULL on failure. */
Db *cli_open(const char *url, bool migrate);
/* Prints "glocal CMD: message" on stderr and returns the exit code for e. */
int cli_fail(const char *cmd, const Err *e);
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A moment given as Unix seconds or a UTC time like 2026-03-10T18:30 (--now). */
bool cli_time(const char *arg, int64_t *t);
/* The options --db URL and --now TIME of a command that has no others (url
 * NULL when not given, now the clock's): EXIT_OK, or the usage error's code. */
int cli_db_now(const char *cmd, int argc, char **argv, const char **url, int64_t *now);
/* A password from the option, the environment variable, or the terminal. */
/* The head file beside an SQLite database ("<path>.head.json"), or NULL (arena). */
const char *cli_head_file_beside(Arena *a, const char *url);
const char *cli_password(const char *given, const char *env, const char *prompt, char *buf, size_t n);
/* The network's default collaboration pledge (version 1). */
extern const char *const default_pledge_title;
extern const char *const default_pledge_body;

/* Fills the demo network (src/demo/demo.c). */
int demo_fill(Db *db, Err *e);

#endif
