/* db.h - the storage API: one interface, two drivers (SQLite and PostgreSQL).
 *
 * SQL is always a string literal with $1..$n parameters: the query macros below
 * refuse anything else at compile time ("" sql only concatenates with a literal),
 * so no statement can be built from input. Arguments are typed values made with
 * DI (integer), DT (text, NULL for SQL NULL), DN (NULL), DBOOL (0/1) and
 * DBLOB (bytes: a pointer and a length; a @BLOB column, BYTEA on PostgreSQL).
 *
 *   DbRes *r = db_query(c, e, "SELECT id, name FROM chapters WHERE metro_id = $1", DI(metro));
 *   if (!r) return -1;
 *   while (db_next(r) > 0) use(db_int(r, 0), db_text(r, 1));
 *   db_done(r);
 *
 * Connections: a request takes one connection from the pool for its reads
 * (db_acquire / db_release). Every write goes through db_write, which runs a
 * function inside a transaction: on SQLite on the one writer connection (writes
 * are serialised by a mutex, readers never wait: WAL), on PostgreSQL on the
 * caller's own connection at SERIALIZABLE isolation, retried on serialization
 * failures. SQLite read connections are opened query_only, so a write that
 * forgot db_write fails loudly in tests.
 *
 * Statements are prepared once per connection and cached by the address of
 * their SQL literal. */
#ifndef GLOCAL_DB_H
#define GLOCAL_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

typedef enum DbKind { DB_SQLITE = 1, DB_POSTGRES = 2 } DbKind;

typedef struct Db Db;          /* an opened database with its connection pool */
typedef struct DbConn DbConn;  /* one connection, used by one thread at a time */
typedef struct DbRes DbRes;    /* the rows of one running query */

enum { DA_NULL, DA_INT, DA_TEXT, DA_BLOB };
typedef struct DbArg {
    int type;
    int64_t i;          /* the integer; for DA_BLOB the length of s */
    const char *s;
} DbArg;

static inline DbArg db_arg_text(const char *s)
{
    DbArg a = { s ? DA_TEXT : DA_NULL, 0, s };
    return a;
}
#define DI(x)    ((DbArg){ DA_INT, (int64_t)(x), NULL })
#define DT(x)    db_arg_text(x)
#define DN       ((DbArg){ DA_NULL, 0, NULL })
#define DBOOL(x) ((DbArg){ DA_INT, (x) ? 1 : 0, NULL })
/* n bytes at p (any bytes, NUL included), for a @BLOB column. */
#define DBLOB(p, n) ((DbArg){ DA_BLOB, (int64_t)(n), (const char *)(p) })
/* An integer, or NULL when it is 0 (for optional foreign keys). */
#define DID(x)   ((x) ? DI(x) : DN)

#define DB_ARGV_(...) ((const DbArg[]){ { 0 }, __VA_ARGS__ } + 1)
#define DB_ARGC_(...) ((int)(sizeof((const DbArg[]){ { 0 }, __VA_ARGS__ }) / sizeof(DbArg)) - 1)
#define DB_ARGS_(...) DB_ARGV_(__VA_ARGS__), DB_ARGC_(__VA_ARGS__)

/* A statement's text. Only the macros below make one, and only from a string
 * literal: the drivers keep prepared statements keyed by the text's address
 * (checked against the text itself when a cached statement is reused), and a
 * literal is SQL nobody could splice input into. */
typedef struct DbSql {
    const char *text;
} DbSql;
#define DB_SQL_(literal) ((DbSql){ "" literal })

/* Runs a query; NULL on error (e filled). Read the rows with db_next, then db_done. */
#define db_query(c, e, sql, ...)   db_query_((c), (e), DB_SQL_(sql), DB_ARGS_(__VA_ARGS__))
/* Runs a statement to completion; returns the number of rows changed, or -1. */
#define db_exec(c, e, sql, ...)    db_exec_((c), (e), DB_SQL_(sql), DB_ARGS_(__VA_ARGS__))
/* The first column of the first row as an integer: 1 found, 0 no row (or NULL), -1 error. */
#define db_int64(c, e, out, sql, ...) db_int64_((c), (e), (out), DB_SQL_(sql), DB_ARGS_(__VA_ARGS__))
/* The first row as a JSON object: 1 found, 0 no row, -1 error. *out is new (caller decrefs). */
#define db_row(c, e, out, sql, ...) db_row_((c), (e), (out), DB_SQL_(sql), DB_ARGS_(__VA_ARGS__))
/* All rows as a JSON array of objects, or NULL on error. New reference. */
#define db_rows(c, e, sql, ...)    db_rows_((c), (e), DB_SQL_(sql), DB_ARGS_(__VA_ARGS__))
/* db_rows with the arguments in an array of n (a list whose length varies). */
#define db_rows_argv(c, e, sql, args, n) db_rows_((c), (e), DB_SQL_(sql), (args), (n))
/* db_query with the arguments in an array of n. */
#define db_query_argv(c, e, sql, args, n) db_query_((c), (e), DB_SQL_(sql), (args), (n))

/* Opens "sqlite:PATH" (or a bare path) or "postgres://..." / "postgresql://...".
 * Checks that a connection can be made. */
int db_open(Db **out, const char *url, Err *e);
void db_close(Db *db);
DbKind db_kind(const Db *db);
DbKind db_conn_kind(const DbConn *c);
Db *db_of(DbConn *c);
/* A number no other Db this process opened has (from 1): what a process-wide
 * cache keys a database by (an address can be reused after db_close). */
uint64_t db_serial(const Db *db);
/* The URL with any password blanked, for messages. */
const char *db_display_url(const Db *db);
/* Size of the read pool; connections beyond it are closed on release. */
void db_set_pool_size(Db *db, int n);

/* A connection from the pool (opened on demand); NULL on error. */
DbConn *db_acquire(Db *db, Err *e);
void db_release(DbConn *c);
/* Lets the reads on c share one read transaction until db_release, instead of
 * one per statement (SQLite: BEGIN before the first read, COMMIT at release —
 * one WAL read lock per request). The reads then see one snapshot; a db_write
 * through c ends it, so that the caller's next read sees what it wrote.
 * PostgreSQL: nothing changes (each statement is its own transaction). */
void db_read_batch(DbConn *c);

/* Read replicas (PostgreSQL streaming replicas; see docs/ARCHITECTURE.md,
 * "Read replicas"). db_add_replica gives a PostgreSQL primary a replica to
 * read from (refused for SQLite) and starts the thread that watches them all
 * (each replica's replayed WAL position, lag, up or down; the primary's up or
 * down), several times a second. Without replicas nothing changes. */
int db_add_replica(Db *db, const char *url, Err *e);
bool db_has_replicas(const Db *db);
/* A connection for a request's reads: a replica that is up and has replayed
 * the primary's WAL up to min_lsn (0: any), in turn; else the primary; else,
 * when the primary does not answer, any replica that is up. Its statements go
 * to the primary after a write through it (the caller then reads what it
 * wrote) and when its replica fails (the statement is run again there). */
DbConn *db_acquire_read(Db *db, int64_t min_lsn, Err *e);
/* The primary's WAL position after the last write through c (0: no write
 * since it was acquired, or no replicas): a read that must see that write
 * asks db_acquire_read for it. */
int64_t db_conn_wrote_lsn(const DbConn *c);
/* What the watcher last saw of each database: {"primary": {state, wal_lsn},
 * "replicas": [{url, state, replay_lsn, lag_bytes, checked_ms_ago, error}]}
 * (new reference), or NULL without replicas. */
json_t *db_replicas_health(Db *db);
/* The sentence of a write refused while the primary does not answer (503). */
#define DB_READ_ONLY_MSG "The database is read-only for a moment: your change was not saved. Try again in a minute."

typedef int (*DbTxFn)(DbConn *c, void *ctx, Err *e);
/* Runs fn(conn, ctx, e) in a write transaction and commits when it returns 0;
 * rolls back when it returns <0 and passes its error on. `c` is the caller's
 * connection (PostgreSQL writes on it; SQLite uses the writer). Durable: on
 * SQLite the commit is synced to disk (synchronous=FULL on the writer). */
int db_write(DbConn *c, DbTxFn fn, void *ctx, Err *e);
/* The same, serialised with every other db_write_locked of the same key: on
 * PostgreSQL the transaction runs READ COMMITTED behind a transaction-level
 * advisory lock (so a hot counter — the places of an event, the end of the hash
 * chain — is updated in turn instead of failing serialization and retrying);
 * on SQLite it is db_write (all writes are serialised anyway). */
int db_write_locked(DbConn *c, int64_t lock_key, DbTxFn fn, void *ctx, Err *e);
/* Inside a write transaction: waits for the transaction-level lock on `key`
 * (PostgreSQL advisory lock, released at commit or rollback); a no-op on
 * SQLite, where writes are serialised anyway. For a second lock inside
 * db_write_locked; take locks in one order everywhere (the books' first). */
int db_lock(DbConn *c, int64_t key, Err *e);
/* True inside db_write's function. */
bool db_in_write(const DbConn *c);
/* Inside db_write: runs fn(c) once the transaction has committed (not when it
 * rolls back), on the connection that wrote, outside any transaction; a hook
 * asked for twice runs once. For what must follow a write but may not be part
 * of it: publishing the new head of the books outside the database. */
typedef void (*DbHook)(DbConn *c);
void db_after_commit(DbConn *c, DbHook fn);

/* What the macros above call; never directly (make lint). */
DbRes *db_query_(DbConn *c, Err *e, DbSql sql, const DbArg *args, int n);
int db_exec_(DbConn *c, Err *e, DbSql sql, const DbArg *args, int n);
int db_int64_(DbConn *c, Err *e, int64_t *out, DbSql sql, const DbArg *args, int n);
int db_row_(DbConn *c, Err *e, json_t **out, DbSql sql, const DbArg *args, int n);
json_t *db_rows_(DbConn *c, Err *e, DbSql sql, const DbArg *args, int n);

/* 1 when a row is ready, 0 at the end, -1 on error (the query's Err is filled). */
int db_next(DbRes *r);
int db_ncols(DbRes *r);
const char *db_colname(DbRes *r, int col);
bool db_null(DbRes *r, int col);
int64_t db_int(DbRes *r, int col);
/* The text of a column, or NULL for SQL NULL; valid until the next db_next/db_done. */
const char *db_text(DbRes *r, int col);
/* The bytes of a @BLOB column and their number at *len, or NULL for SQL NULL
 * (*len 0); valid until the next db_next, db_done or db_blob (one at a time). */
const void *db_blob(DbRes *r, int col, size_t *len);
/* The current row as a JSON object (columns named is_/has_/can_... become booleans). */
json_t *db_row_json(DbRes *r);
void db_done(DbRes *r);

/* Applies the schema migrations embedded in the binary that this database has
 * not seen yet, each in its own transaction; reports each one on the log when
 * verbose. Returns the number applied, or -1. */
int db_migrate(Db *db, bool verbose, Err *e);
/* The same inside the caller's write transaction (db_write's function): the
 * migrations commit or roll back with it (glocal copy builds the schema and
 * fills it in one transaction). Returns the number applied, or -1. */
int db_migrate_in(DbConn *c, Err *e);
/* The highest migration applied (0 on an empty database), or -1. */
int db_schema_version(DbConn *c, Err *e);
/* The highest migration the binary knows. */
int db_schema_latest(void);

/* SQLite only: a consistent copy of the live database at `dest`, with progress
 * on stderr when it is a terminal. */
int db_backup_sqlite(Db *db, const char *dest, Err *e);

#endif
