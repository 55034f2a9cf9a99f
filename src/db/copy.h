/* copy.h - what `glocal copy` (src/cli/copy.c) needs of a database beyond
 * db.h: its catalogue (tables, columns, keys, references), and statements
 * on tables it names, made at run time in src/db/copy_store.c.
 *
 * Those statements are the one place where SQL is assembled: only from names
 * the database's own catalogue gave, each checked to be a plain lowercase
 * identifier ([a-z_][a-z0-9_]*, what the schema files use) and quoted; no
 * value ever goes into the text (rows travel as one bound JSON parameter).
 * Lists are JSON arrays of strings (new references, the caller decrefs);
 * functions return 0 (or a count) and -1 with e filled. */
#ifndef GLOCAL_DB_COPY_H
#define GLOCAL_DB_COPY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

/* The tables of the database's current schema (SQLite: not the search
 * index's FTS5 tables, which their triggers fill), by name; NULL on error. */
json_t *copy_tables(DbConn *c, Err *e);
/* Whether the database fills the table itself (@KEEP_COUNT, migration 037)
 * from the rows of another it copies: it is not copied. */
bool copy_kept(const char *table);
/* The columns a copy writes (not PostgreSQL's generated ones), in order. */
json_t *copy_columns(DbConn *c, const char *table, Err *e);
/* The primary key's columns, in order (empty: none). */
json_t *copy_key(DbConn *c, const char *table, Err *e);
/* The other tables the table's foreign keys name. */
json_t *copy_refs(DbConn *c, const char *table, Err *e);
int copy_count(DbConn *c, const char *table, int64_t *out, Err *e);

/* Source side: one snapshot for the whole copy (a read transaction). */
int copy_snapshot_begin(DbConn *c, Err *e);
void copy_snapshot_end(DbConn *c);
/* Reads a table in the order of its key, `max` rows at a time, without
 * holding more than one batch in memory (SQLite: one statement stepped;
 * PostgreSQL: a cursor, FETCH max). */
typedef struct CopyReader CopyReader;
CopyReader *copy_read_open(DbConn *c, const char *table, json_t *cols, json_t *key, Err *e);
/* The next rows as a JSON array of objects {column: value} (integers,
 * strings, null; PostgreSQL booleans as 0/1) in *rows (new): the number
 * read, 0 at the end, -1 on error. */
int copy_read_batch(CopyReader *r, int max, json_t **rows, Err *e);
void copy_read_close(CopyReader *r);

/* Target side, inside the copy's write transaction. */
/* SQLite: foreign keys checked at commit (PostgreSQL's are met by the order
 * of the tables). */
int copy_defer_keys(DbConn *c, Err *e);
/* Deletes every row of the table past its own triggers (the rows a migration
 * wrote, e.g. the resources 003 seeds, which @FREEZE forbids deleting): the
 * triggers are dropped and made again (SQLite) or disabled and enabled
 * (PostgreSQL) inside the transaction. */
int copy_clear(DbConn *c, const char *table, Err *e);
/* PostgreSQL: the table's foreign keys to itself are checked when its copy
 * is done (defer true) rather than after each batch — a row may name one with
 * a higher id (a session merged into a later one) — and (defer false) are
 * checked then and made not deferrable again. SQLite defers them all anyway. */
int copy_self_refs_defer(DbConn *c, const char *table, bool defer, Err *e);
/* Inserts rows (as copy_read_batch gives them) into the named columns;
 * returns the number inserted. */
int copy_insert(DbConn *c, const char *table, json_t *cols, json_t *rows, Err *e);
/* PostgreSQL: moves each identity column's sequence past the highest id, so
 * that the next row gets a fresh one (SQLite's INTEGER PRIMARY KEY needs
 * nothing). */
int copy_identities_reset(DbConn *c, const char *table, Err *e);

#endif
