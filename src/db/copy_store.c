/* copy_store.c - the SQL of `glocal copy` (see copy.h): the catalogue of
 * either database, and the statements on the tables it names.
 *
 * Catalogue reads are literals with the table's name as a parameter. The
 * statements that must name a table or its columns (read, count, insert,
 * clear, sequences) are made here from catalogue names checked by ident_ok
 * and quoted, and run through the driver's query_once (never cached: their
 * text is not a literal). Rows travel as one JSON parameter per batch:
 * json_each on SQLite, json_populate_recordset on PostgreSQL, which turn each
 * value into the column's own type (integers stay integers, text stays the
 * same bytes, 0/1 become booleans where a column is one). Bytes (pictures)
 * travel as {"hex": "..."}: PostgreSQL reads them as bytea's "\\x..." text,
 * SQLite through glocal_unhex (sqlite.c). */
#include "db/copy.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/driver.h"

static bool ident_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 63 || !((*s >= 'a' && *s <= 'z') || *s == '_')) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

static int bad_name(Err *e, const char *s)
{
    return err_set(e, E_INTERNAL, "The database holds a table or column named \"%.64s\", which is not one of Glocal's"
                                  " (lowercase letters, digits and _): glocal copy copies only Glocal's schema.", s ? s : "");
}

/* The rows of a literal catalogue query as a list of its first column's names. */
static json_t *names(DbRes *r, Err *e)
{
    if (!r) return NULL;
    json_t *a = json_array();
    int s;
    while ((s = db_next(r)) > 0) {
        const char *n = db_text(r, 0);
        if (!ident_ok(n)) {
            bad_name(e, n);
            s = -1;
            break;
        }
        json_array_append_new(a, json_string(n));
    }
    db_done(r);
    if (s < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

json_t *copy_tables(DbConn *c, Err *e)
{
    if (db_conn_kind(c) == DB_SQLITE)
        return names(db_query(c, e, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                                    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"), e);
    return names(db_query(c, e, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                                " AND table_type = 'BASE TABLE' ORDER BY table_name"), e);
}

bool copy_kept(const char *table)
{
    /* the tables of the schema's @KEEP_COUNT tokens: the triggers that keep
     * them fill them as the rows they count are copied */
    static const char *const kept[] = { "chapter_counts" };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (strcmp(table, kept[i]) == 0) return true;
    return false;
}

json_t *copy_columns(DbConn *c, const char *table, Err *e)
{
    if (db_conn_kind(c) == DB_SQLITE)
        return names(db_query(c, e, "SELECT name FROM pragma_table_xinfo($1) WHERE hidden = 0 ORDER BY cid", DT(table)), e);
    return names(db_query(c, e, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                                " AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position", DT(table)), e);
}

json_t *copy_key(DbConn *c, const char *table, Err *e)
{
    if (db_conn_kind(c) == DB_SQLITE)
        return names(db_query(c, e, "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk", DT(table)), e);
    return names(db_query(c, e, "SELECT a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                                " JOIN pg_namespace n ON n.oid = t.relnamespace"
                                " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (i.indkey)"
                                " WHERE i.indisprimary AND n.nspname = current_schema() AND t.relname = $1"
                                " ORDER BY array_position(i.indkey::int2[], a.attnum)", DT(table)), e);
}

json_t *copy_refs(DbConn *c, const char *table, Err *e)
{
    if (db_conn_kind(c) == DB_SQLITE)
        return names(db_query(c, e, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1) WHERE \"table\" <> $1"
                                    " ORDER BY 1", DT(table)), e);
    return names(db_query(c, e, "SELECT DISTINCT r.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
                                " JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                                " WHERE k.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1"
                                " AND r.relname <> $1 ORDER BY 1", DT(table)), e);
}

/* ---------- statements made from catalogue names ---------- */

/* `"a", "b"` (or with a prefix: `value ->> '$.a'`...) from a list of names. */
static void column_list(Buf *b, json_t *cols, const char *before, const char *after)
{
    size_t i;
    json_t *v;
    json_array_foreach(cols, i, v) buf_printf(b, "%s%s%s%s", i ? ", " : "", before, json_string_value(v), after);
}

static bool names_ok(json_t *cols, Err *e)
{
    size_t i;
    json_t *v;
    json_array_foreach(cols, i, v) if (!ident_ok(json_string_value(v))) return bad_name(e, json_string_value(v)), false;
    return true;
}

/* Runs a statement made here to its end: rows changed, or -1. */
static int run(DbConn *c, Err *e, Buf *sql, const DbArg *args, int n)
{
    DbRes *r = c->drv->query_once(c, e, buf_str(sql), args, n);
    buf_release(sql);
    return db_finish(c, r);
}

int copy_count(DbConn *c, const char *table, int64_t *out, Err *e)
{
    if (!ident_ok(table)) return bad_name(e, table);
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "SELECT count(*) FROM \"%s\"", table);
    DbRes *r = c->drv->query_once(c, e, buf_str(&b), NULL, 0);
    buf_release(&b);
    if (!r) return -1;
    int s = c->drv->next(r);
    if (s > 0) *out = c->drv->col_int(r, 0);
    c->drv->done(r);
    return s > 0 ? 0 : -1;
}

int copy_snapshot_begin(DbConn *c, Err *e)
{
    return c->drv->exec_script(c, db_conn_kind(c) == DB_SQLITE ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
}

void copy_snapshot_end(DbConn *c)
{
    c->drv->rollback(c);   /* nothing was written: ending the read is all */
}

struct CopyReader {
    DbConn *c;
    DbRes *res;     /* SQLite: the one statement, stepped batch after batch */
    json_t *cols;
    char table[64];
    bool cursor;    /* PostgreSQL: glocal_copy is open */
    bool ended;     /* the last batch came */
};

CopyReader *copy_read_open(DbConn *c, const char *table, json_t *cols, json_t *key, Err *e)
{
    if (!ident_ok(table)) return bad_name(e, table), NULL;
    if (!names_ok(cols, e) || !names_ok(key, e)) return NULL;
    Buf b;
    buf_init(&b, NULL);
    bool pg = db_conn_kind(c) == DB_POSTGRES;
    if (pg) buf_adds(&b, "DECLARE glocal_copy NO SCROLL CURSOR FOR ");
    buf_adds(&b, "SELECT ");
    column_list(&b, cols, "\"", "\"");
    buf_printf(&b, " FROM \"%s\"", table);
    if (json_array_size(key)) {
        buf_adds(&b, " ORDER BY ");
        column_list(&b, key, "\"", "\"");
    }
    CopyReader *r = xcalloc(1, sizeof *r);
    r->c = c;
    r->cols = json_incref(cols);
    snprintf(r->table, sizeof r->table, "%s", table);
    if (pg) {
        r->cursor = c->drv->exec_script(c, buf_str(&b), e) == 0;
        buf_release(&b);
        if (!r->cursor) return copy_read_close(r), NULL;
        return r;
    }
    r->res = c->drv->query_once(c, e, buf_str(&b), NULL, 0);
    buf_release(&b);
    if (!r->res) return copy_read_close(r), NULL;
    return r;
}

static json_t *value_of(const DbDriver *d, DbRes *res, int i, const char *table, Err *e)
{
    switch (d->coltype(res, i)) {
    case DB_T_BLOB: {   /* {"hex": "..."}: copy_insert turns it back into bytes for either database */
        size_t len = 0;
        const unsigned char *b = d->col_blob(res, i, &len);
        char *hex = malloc(len * 2 + 1);
        sodium_bin2hex(hex, len * 2 + 1, b, len);
        json_t *v = json_pack("{s:s}", "hex", hex);
        free(hex);
        if (!v) err_set(e, E_INTERNAL, "%s.%s: bytes that could not be carried.", table, d->colname(res, i));
        return v;
    }
    case DB_T_NULL: return json_null();
    case DB_T_INT: case DB_T_BOOL: return json_integer(d->col_int(res, i));
    case DB_T_REAL: return json_real(strtod(d->col_text(res, i), NULL));
    default: {
        json_t *s = json_string(d->col_text(res, i));
        if (!s) err_set(e, E_INTERNAL, "A value of %s.%s is not UTF-8 text, which glocal copy does not carry.", table, d->colname(res, i));
        return s;
    }
    }
}

/* Appends up to max rows of res to rows: the number read, or -1. */
static int rows_from(CopyReader *r, DbRes *res, int max, json_t *rows, Err *e)
{
    const DbDriver *d = r->c->drv;
    int n = 0, s = 0;
    while (n < max && (s = d->next(res)) > 0) {
        json_t *row = json_object();
        for (int i = 0; i < d->ncols(res); i++) {
            json_t *v = value_of(d, res, i, r->table, e);
            if (!v) {
                json_decref(row);
                return -1;
            }
            json_object_set_new(row, json_string_value(json_array_get(r->cols, (size_t)i)), v);
        }
        json_array_append_new(rows, row);
        n++;
    }
    return s < 0 ? -1 : n;
}

int copy_read_batch(CopyReader *r, int max, json_t **rows, Err *e)
{
    *rows = json_array();
    int n = 0;
    if (r->ended) {
        /* done: SQLite would start a finished statement over */
    } else if (r->cursor) {
        Buf b;
        buf_init(&b, NULL);
        buf_printf(&b, "FETCH FORWARD %d FROM glocal_copy", max);
        DbRes *res = r->c->drv->query_once(r->c, e, buf_str(&b), NULL, 0);
        buf_release(&b);
        if (!res) n = -1;
        else {
            n = rows_from(r, res, max, *rows, e);
            r->c->drv->done(res);
        }
    } else {
        n = rows_from(r, r->res, max, *rows, e);
    }
    if (n < max) r->ended = true;
    if (n <= 0) {
        json_decref(*rows);
        *rows = NULL;
    }
    return n;
}

void copy_read_close(CopyReader *r)
{
    if (!r) return;
    if (r->res) r->c->drv->done(r->res);
    if (r->cursor) {
        Err ignored = { 0 };
        r->c->drv->exec_script(r->c, "CLOSE glocal_copy", &ignored);
    }
    json_decref(r->cols);
    free(r);
}

int copy_defer_keys(DbConn *c, Err *e)
{
    return db_conn_kind(c) == DB_SQLITE ? c->drv->exec_script(c, "PRAGMA defer_foreign_keys = ON", e) : 0;
}

/* PostgreSQL: each {"hex": h} of rows becomes the text "\\xh", which bytea reads. */
static void hex_as_bytea(json_t *rows)
{
    size_t i;
    json_t *row, *v;
    const char *k;
    void *tmp;
    json_array_foreach(rows, i, row) {
        json_object_foreach_safe(row, tmp, k, v) {
            const char *h = json_is_object(v) ? json_string_value(json_object_get(v, "hex")) : NULL;
            if (h) {
                char *s = malloc(strlen(h) + 3);
                s[0] = '\\', s[1] = 'x';
                strcpy(s + 2, h);
                json_object_set_new(row, k, json_string(s));
                free(s);
            }
        }
    }
}

int copy_insert(DbConn *c, const char *table, json_t *cols, json_t *rows, Err *e)
{
    if (!ident_ok(table)) return bad_name(e, table);
    if (!names_ok(cols, e)) return -1;
    if (db_conn_kind(c) == DB_POSTGRES) hex_as_bytea(rows);
    char *batch = json_dumps(rows, JSON_COMPACT);
    if (!batch) return err_set(e, E_INTERNAL, "Cannot write the rows of %s as JSON.", table);
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "INSERT INTO \"%s\" (", table);
    column_list(&b, cols, "\"", "\"");
    buf_adds(&b, ") SELECT ");
    if (db_conn_kind(c) == DB_SQLITE) {
        size_t i;
        json_t *v;
        json_array_foreach(cols, i, v) {   /* bytes come as {"hex": ...}, every other value as itself */
            const char *n = json_string_value(v);
            buf_printf(&b, "%sCASE json_type(value, '$.%s') WHEN 'object' THEN glocal_unhex(value ->> '$.%s.hex') ELSE value ->> '$.%s' END",
                       i ? ", " : "", n, n, n);
        }
        buf_adds(&b, " FROM json_each($1) ORDER BY key");
    } else {
        column_list(&b, cols, "\"", "\"");
        buf_printf(&b, " FROM json_populate_recordset(NULL::\"%s\", $1::json)", table);
    }
    DbArg arg = DT(batch);
    int n = run(c, e, &b, &arg, 1);
    free(batch);
    return n;
}

int copy_self_refs_defer(DbConn *c, const char *table, bool defer, Err *e)
{
    if (db_conn_kind(c) != DB_POSTGRES) return 0;
    json_t *keys = names(db_query(c, e, "SELECT k.conname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
                                        " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE k.contype = 'f'"
                                        " AND k.confrelid = k.conrelid AND n.nspname = current_schema() AND t.relname = $1"
                                        " ORDER BY 1", DT(table)), e);
    if (!keys) return -1;
    Buf b;
    buf_init(&b, NULL);
    size_t i;
    json_t *v;
    /* checked when the table is done (SET CONSTRAINTS ... IMMEDIATE runs the
     * checks still waiting), then as they were: not deferrable */
    json_array_foreach(keys, i, v) {
        if (defer) buf_printf(&b, "ALTER TABLE \"%s\" ALTER CONSTRAINT \"%s\" DEFERRABLE INITIALLY DEFERRED;\n", table, json_string_value(v));
        else buf_printf(&b, "SET CONSTRAINTS \"%2$s\" IMMEDIATE; ALTER TABLE \"%1$s\" ALTER CONSTRAINT \"%2$s\" NOT DEFERRABLE;\n", table,
                        json_string_value(v));
    }
    int rc = json_array_size(keys) && ident_ok(table) ? c->drv->exec_script(c, buf_str(&b), e) : 0;
    buf_release(&b);
    json_decref(keys);
    return rc;
}

int copy_clear(DbConn *c, const char *table, Err *e)
{
    if (!ident_ok(table)) return bad_name(e, table);
    Buf b;
    buf_init(&b, NULL);
    if (db_conn_kind(c) == DB_POSTGRES) {
        buf_printf(&b, "ALTER TABLE \"%1$s\" DISABLE TRIGGER USER; DELETE FROM \"%1$s\"; ALTER TABLE \"%1$s\" ENABLE TRIGGER USER", table);
        int rc = c->drv->exec_script(c, buf_str(&b), e);
        buf_release(&b);
        return rc;
    }
    json_t *triggers = db_rows(c, e, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1", DT(table));
    if (!triggers) return -1;
    size_t i;
    json_t *t;
    json_array_foreach(triggers, i, t) {
        const char *name = json_string_value(json_object_get(t, "name"));
        if (!ident_ok(name)) {
            json_decref(triggers);
            return bad_name(e, name);
        }
        buf_printf(&b, "DROP TRIGGER \"%s\";\n", name);
    }
    buf_printf(&b, "DELETE FROM \"%s\";\n", table);
    json_array_foreach(triggers, i, t) buf_printf(&b, "%s;\n", json_string_value(json_object_get(t, "sql")));
    int rc = c->drv->exec_script(c, buf_str(&b), e);
    buf_release(&b);
    json_decref(triggers);
    return rc;
}

int copy_identities_reset(DbConn *c, const char *table, Err *e)
{
    if (db_conn_kind(c) != DB_POSTGRES) return 0;
    json_t *ids = names(db_query(c, e, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                                       " AND table_name = $1 AND is_identity = 'YES'", DT(table)), e);
    if (!ids) return -1;
    int rc = 0;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        const char *col = json_string_value(v);
        Buf b;
        buf_init(&b, NULL);
        /* the next value is max + 1 (1 for an empty table): is_called false */
        buf_printf(&b, "SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)",
                   col, table);
        DbArg args[2] = { DT(table), DT(col) };
        if (run(c, e, &b, args, 2) < 0) {
            rc = -1;
            break;
        }
    }
    json_decref(ids);
    return rc;
}
