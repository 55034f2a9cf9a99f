/* driver.h - what a storage driver provides (private to src/db/).
 *
 * db.c holds everything common (pool, write transactions, JSON rows, the
 * query helpers); sqlite.c and postgres.c implement these few operations. */
#ifndef GLOCAL_DB_DRIVER_H
#define GLOCAL_DB_DRIVER_H

#include <pthread.h>

#include "base/buf.h"
#include "db/db.h"

enum { DB_T_NULL, DB_T_INT, DB_T_REAL, DB_T_TEXT, DB_T_BOOL, DB_T_BLOB };

typedef struct DbDriver {
    const char *name;
    int (*connect)(Db *db, DbConn **out, bool writer, Err *e);
    void (*disconnect)(DbConn *c);
    bool (*healthy)(DbConn *c);
    DbRes *(*query)(DbConn *c, Err *e, const char *sql, const DbArg *args, int n);
    /* The same for a statement made at run time (glocal copy's, from names
     * the database's own catalogue gave): prepared for this one use, never
     * cached (its text's address means nothing). */
    DbRes *(*query_once)(DbConn *c, Err *e, const char *sql, const DbArg *args, int n);
    int (*next)(DbRes *r);
    int (*ncols)(DbRes *r);
    const char *(*colname)(DbRes *r, int col);
    int (*coltype)(DbRes *r, int col);
    int64_t (*col_int)(DbRes *r, int col);
    const char *(*col_text)(DbRes *r, int col);
    /* A @BLOB column's bytes (NULL for SQL NULL), valid until the next next/done. */
    const void *(*col_blob)(DbRes *r, int col, size_t *len);
    int (*changes)(DbRes *r);
    void (*done)(DbRes *r);
    /* Runs a script of several statements without parameters (migrations). */
    int (*exec_script)(DbConn *c, const char *sql, Err *e);
    /* BEGIN / COMMIT / ROLLBACK for a write transaction; begin_locked takes a
     * transaction-level lock on `key` first (see db_write_locked). */
    int (*begin)(DbConn *c, Err *e);
    int (*begin_locked)(DbConn *c, int64_t key, Err *e);
    int (*commit)(DbConn *c, Err *e);
    void (*rollback)(DbConn *c);
    /* Whether the last failure was a transient conflict worth retrying. */
    bool (*retryable)(DbConn *c);
    /* Ends the read transaction that batch_reads opened, if one is open and no
     * query is running on c (NULL: the driver does not batch reads). */
    void (*read_end)(DbConn *c);
    /* Writes the DDL for a dialect token of the schema files ("@ID", or
     * "@APPEND_ONLY" with its argument, a table) into out; -1 if unknown. */
    int (*dialect)(const char *token, const char *arg, Buf *out);
} DbDriver;

/* The argument of @CHECK and @FREEZE, "table.name: condition" (the condition
 * in SQL common to both databases, over NEW, and for @FREEZE OLD too): 0, or
 * -1 when it is not of that form. */
typedef struct DbRule {
    char table[64], name[64];
    const char *cond;
} DbRule;
int db_rule_parse(const char *arg, DbRule *out);

/* The argument of @KEEP_COUNT, "counts.column: table: key, key, ...": the
 * table counts holds, in its column, how many rows of table have each
 * combination of the keys; a key named *_id that is NULL is counted under 0.
 * Parsed into the keys ("a, b"), the new row's values ("coalesce(NEW.a, 0),
 * NEW.b") and the condition naming the old row's counts row ("a =
 * coalesce(OLD.a, 0) AND b = OLD.b"): 0, or -1 when it is not of that form. */
typedef struct DbCount {
    char counts[64], column[64], table[64], keys[200], fresh[600], stale[800];
} DbCount;
int db_count_parse(const char *arg, DbCount *out);

/* The part of a connection shared by both drivers; drivers embed it first. */
struct DbConn {
    Db *db;
    const DbDriver *drv;
    DbConn *next_free;
    bool in_write;
    bool retrying;      /* inside an attempt of tx_run, which runs it again on a serialization failure */
    bool writer;
    bool batch_reads;   /* db_read_batch: reads share one transaction until release */
    DbHook after_commit[4];   /* db_after_commit: run once the write transaction commits */
    int nafter;
    /* read replicas (replicas.c): */
    struct DbReplica *replica; /* the replica this connection reads from; NULL on the primary */
    DbConn *redirect;          /* the primary connection this one's statements go to now
                                  (after a write, or when its replica failed); NULL: none */
    int64_t wrote_lsn;         /* the primary's WAL position after this connection's last commit */
};

struct Db {
    DbKind kind;
    const DbDriver *drv;
    char *url;           /* as given */
    char *target;        /* the path (SQLite) or conninfo (PostgreSQL) */
    char *display;
    pthread_mutex_t pool_lock;
    DbConn *free_list;
    int pooled, pool_max;
    pthread_mutex_t write_lock;  /* SQLite: one writer at a time */
    DbConn *writer;              /* SQLite: the writer connection */
    bool timeouts;               /* PostgreSQL: connect with a timeout (a primary with replicas, a replica) */
    Db *primary;                 /* a replica's Db: the primary it reads for */
    struct DbReplicas *rep;      /* a primary's replicas and their watcher (replicas.c); NULL: none */
    uint64_t serial;             /* db_serial */
};

extern const DbDriver db_sqlite_driver;
extern const DbDriver db_postgres_driver;

/* Debug builds: stops the process when a cached statement is reused for a
 * text that differs from the one it was prepared from (the caches are keyed
 * by the text's address, which only a string literal keeps constant). */
void db_cached_check(const char *cached, const char *sql);

/* Steps a statement to its end and ends it: the rows it changed, or -1 (also
 * when r is NULL: the query that made it failed). */
int db_finish(DbConn *c, DbRes *r);

/* db_open without the first connection (a replica may be down when the
 * server starts: the watcher finds it when it comes). */
Db *db_open_unchecked(const char *url, Err *e);

/* Disconnects every idle connection of db's pool (its server went away:
 * what is pooled is broken). */
void db_pool_drain(Db *db);

/* Read replicas (replicas.c), called by db.c: */
/* After a failed read on a replica connection: marks the replica down when
 * the connection broke, then runs the statement again on the primary through
 * c->redirect. NULL (e filled) when that fails too. */
DbRes *db_replica_failover(DbConn *c, Err *e, const char *sql, const DbArg *args, int n);
/* Whether the watcher last saw the primary answer (true without replicas). */
bool db_primary_up(const Db *db);
/* The primary's WAL position now (after a commit on c), or 0. */
int64_t db_wal_position(DbConn *c);
/* Stops the watcher and closes the replicas (db_close). */
void db_replicas_close(Db *db);

/* Logs the driver's message and fills e with a message for people. */
int db_fail(Err *e, int code, const char *what, const char *detail);
/* The same, logged at LEVEL (log.h): a serialization failure that tx_run runs again is no error. */
int db_fail_logged(Err *e, int level, int code, const char *what, const char *detail);

#endif
