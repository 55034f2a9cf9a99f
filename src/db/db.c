/* db.c - the storage API common to both drivers (see db.h). */
#include "db/driver.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/str.h"

int db_fail(Err *e, int code, const char *what, const char *detail)
{
    return db_fail_logged(e, LOG_ERROR, code, what, detail);
}

int db_fail_logged(Err *e, int level, int code, const char *what, const char *detail)
{
    log_msg(level, "db: %s: %s", what, detail ? detail : "(no detail)");
    if (code == E_CONFLICT)
        return err_set(e, code, "That conflicts with something already recorded.");
    if (code == E_INVALID)
        return err_set(e, code, "That refers to something that does not exist or is not allowed.");
    if (code == E_UNAVAILABLE)
        return err_set(e, code, "The database is busy; please try again in a moment.");
    return err_set(e, E_INTERNAL, "The database could not complete the request.");
}

static char *display_url(const char *url)
{
    /* blank a password in postgres://user:password@host/... */
    size_t n = strlen(url);
    char *d = xmalloc(n + 4);   /* room for ":***" replacing a shorter password */
    memcpy(d, url, n + 1);
    char *scheme = strstr(d, "://");
    if (!scheme) return d;
    char *at = strchr(scheme + 3, '@');
    char *colon = strchr(scheme + 3, ':');
    if (at && colon && colon < at) {
        memmove(colon + 4, at, strlen(at) + 1);
        memcpy(colon, ":***", 4);
    }
    return d;
}

/* The Db of a URL, with no connection made yet; NULL when the URL is not one. */
static Db *db_make(const char *url, Err *e)
{
    Db *db = xcalloc(1, sizeof *db);
    db->url = xstrdup(url);
    if (str_starts(url, "postgres://") || str_starts(url, "postgresql://")) {
        db->kind = DB_POSTGRES;
        db->drv = &db_postgres_driver;
        db->target = xstrdup(url);
    } else if (strstr(url, "://")) {
        free(db->url);
        free(db);
        err_set(e, E_BAD_REQUEST, "The database URL \"%.100s\" has a scheme Glocal does not know; use sqlite:PATH or postgresql://...", url);
        return NULL;
    } else {
        db->kind = DB_SQLITE;
        db->drv = &db_sqlite_driver;
        db->target = xstrdup(str_starts(url, "sqlite:") ? url + 7 : url);
        if (!*db->target) {
            free(db->url);
            free(db->target);
            free(db);
            err_set(e, E_BAD_REQUEST, "The database URL \"%s\" names no file.", url);
            return NULL;
        }
    }
    db->display = display_url(url);
    static _Atomic uint64_t opened;
    db->serial = ++opened;
    db->pool_max = 16;
    pthread_mutex_init(&db->pool_lock, NULL);
    pthread_mutex_init(&db->write_lock, NULL);
    return db;
}

int db_open(Db **out, const char *url, Err *e)
{
    Db *db = db_make(url, e);
    if (!db) return -1;
    DbConn *c = db_acquire(db, e);
    if (!c) {
        db_close(db);
        return -1;
    }
    db_release(c);
    *out = db;
    return 0;
}

Db *db_open_unchecked(const char *url, Err *e)
{
    return db_make(url, e);
}

void db_pool_drain(Db *db)
{
    pthread_mutex_lock(&db->pool_lock);
    DbConn *c = db->free_list;
    db->free_list = NULL;
    db->pooled = 0;
    pthread_mutex_unlock(&db->pool_lock);
    while (c) {
        DbConn *next = c->next_free;
        db->drv->disconnect(c);
        c = next;
    }
}

uint64_t db_serial(const Db *db)
{
    return db->serial;
}

void db_close(Db *db)
{
    if (!db) return;
    if (db->rep) db_replicas_close(db);
    db_pool_drain(db);
    if (db->writer) db->drv->disconnect(db->writer);
    pthread_mutex_destroy(&db->pool_lock);
    pthread_mutex_destroy(&db->write_lock);
    free(db->url);
    free(db->target);
    free(db->display);
    free(db);
}

DbKind db_kind(const Db *db) { return db->kind; }
DbKind db_conn_kind(const DbConn *c) { return c->db->kind; }
Db *db_of(DbConn *c) { return c->db->primary ? c->db->primary : c->db; }
const char *db_display_url(const Db *db) { return db->display; }
bool db_in_write(const DbConn *c) { return c->in_write; }

void db_set_pool_size(Db *db, int n)
{
    pthread_mutex_lock(&db->pool_lock);
    db->pool_max = n > 0 ? n : 1;
    pthread_mutex_unlock(&db->pool_lock);
}

DbConn *db_acquire(Db *db, Err *e)
{
    pthread_mutex_lock(&db->pool_lock);
    DbConn *c = db->free_list;
    if (c) {
        db->free_list = c->next_free;
        db->pooled--;
    }
    pthread_mutex_unlock(&db->pool_lock);
    if (c) return c;
    if (db->drv->connect(db, &c, false, e) < 0) return NULL;
    c->db = db;
    c->drv = db->drv;
    return c;
}

void db_read_batch(DbConn *c)
{
    if (c->drv->read_end && !c->writer) c->batch_reads = true;
}

void db_release(DbConn *c)
{
    if (!c) return;
    Db *db = c->db;
    if (c->redirect) {
        db_release(c->redirect);
        c->redirect = NULL;
    }
    c->wrote_lsn = 0;
    if (c->batch_reads) {
        c->batch_reads = false;
        db->drv->read_end(c);
    }
    if (!db->drv->healthy(c)) {
        db->drv->disconnect(c);
        return;
    }
    pthread_mutex_lock(&db->pool_lock);
    if (db->pooled < db->pool_max) {
        c->next_free = db->free_list;
        db->free_list = c;
        db->pooled++;
        c = NULL;
    }
    pthread_mutex_unlock(&db->pool_lock);
    if (c) db->drv->disconnect(c);
}

/* how many times a write transaction is tried when it fails serialization (or
 * deadlocks): about 0.45 s of waits in all, growing from 1 ms to 64 ms */
#define TX_ATTEMPTS 12

static int replicated_write(DbConn *c, bool locked, int64_t key, DbTxFn fn, void *ctx, Err *e);
static int tx_run(DbConn *c, bool locked, int64_t key, DbTxFn fn, void *ctx, Err *e);

static int write_tx(DbConn *c, bool locked, int64_t key, DbTxFn fn, void *ctx, Err *e)
{
    if (c->in_write) return fn(c, ctx, e);   /* already inside: join the transaction */
    if (c->db->rep || c->db->primary) return replicated_write(c, locked, key, fn, ctx, e);
    return tx_run(c, locked, key, fn, ctx, e);
}

static int tx_run(DbConn *c, bool locked, int64_t key, DbTxFn fn, void *ctx, Err *e)
{
    Db *db = c->db;
    DbConn *w = c;
    int rc = -1;
    /* a read transaction of the caller held open across the commit would pin
     * the WAL: the commit's checkpoint could not reach the end of the log, the
     * log would never start over and would grow for as long as writes come */
    if (c->batch_reads) db->drv->read_end(c);
    if (db->kind == DB_SQLITE) {
        pthread_mutex_lock(&db->write_lock);
        if (!db->writer) {
            if (db->drv->connect(db, &db->writer, true, e) < 0) {
                pthread_mutex_unlock(&db->write_lock);
                return -1;
            }
            db->writer->db = db;
            db->writer->drv = db->drv;
        }
        w = db->writer;
    }
    for (int attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
        Err inner = { 0 };
        w->retrying = attempt < TX_ATTEMPTS - 1;   /* a serialization failure now is only worth a debug line */
        if ((locked ? db->drv->begin_locked(w, key, &inner) : db->drv->begin(w, &inner)) < 0) {
            *e = inner;
            break;
        }
        w->in_write = true;
        w->nafter = 0;
        rc = fn(w, ctx, &inner);
        w->in_write = false;
        if (rc == 0 && db->drv->commit(w, &inner) == 0) {
            for (int i = 0; i < w->nafter; i++) w->after_commit[i](w);
            w->nafter = 0;
            rc = 0;
            err_clear(e);   /* a retry left "busy" in e: the caller sees a clean success */
            break;
        }
        w->nafter = 0;
        bool retry = db->drv->retryable(w);
        db->drv->rollback(w);
        rc = -1;
        *e = inner;
        if (!retry) break;
        if (attempt == TX_ATTEMPTS - 1) {
            log_warn("db: a write gave up after %d serialization failures or deadlocks in a row: %s", TX_ATTEMPTS, inner.msg);
            break;
        }
        err_clear(e);
        err_set(e, E_UNAVAILABLE, "The database is busy; please try again in a moment.");
        usleep((useconds_t)(1000u << (attempt < 6 ? attempt : 6)) + (useconds_t)(rand() % 1000));
    }
    w->retrying = false;
    if (db->kind == DB_SQLITE) pthread_mutex_unlock(&db->write_lock);
    /* the caller reads next through c: from a snapshot that holds this write */
    if (c != w && c->batch_reads) db->drv->read_end(c);
    return rc;
}

/* A write when the primary has read replicas: on the primary (a connection
 * that reads from a replica takes one and keeps it as its redirect, so that
 * what follows in the request reads what was written), refused at once with
 * a 503 while the primary does not answer; after the commit, the primary's
 * WAL position is kept for read-your-writes (db_conn_wrote_lsn). */
static int replicated_write(DbConn *c, bool locked, int64_t key, DbTxFn fn, void *ctx, Err *e)
{
    Db *primary = c->db->primary ? c->db->primary : c->db;
    DbConn *w = c->redirect ? c->redirect : c;
    if (!db_primary_up(primary)) return err_later(e, E_UNAVAILABLE, 15, DB_READ_ONLY_MSG);
    if (w->db != primary) {
        Err inner = { 0 };
        if (!(c->redirect = db_acquire(primary, &inner))) {
            log_warn("db: a write found no primary: %s", inner.msg);
            return err_later(e, E_UNAVAILABLE, 15, DB_READ_ONLY_MSG);
        }
        w = c->redirect;
    }
    if (w->in_write) return fn(w, ctx, e);   /* already inside, through the redirect */
    int rc = tx_run(w, locked, key, fn, ctx, e);
    if (rc == 0) {
        int64_t lsn = db_wal_position(w);
        if (lsn > c->wrote_lsn) c->wrote_lsn = lsn;
    } else if (!primary->drv->healthy(w)) {
        err_clear(e);
        err_later(e, E_UNAVAILABLE, 15, DB_READ_ONLY_MSG);
    }
    return rc;
}

int64_t db_conn_wrote_lsn(const DbConn *c)
{
    int64_t lsn = c->wrote_lsn;
    return c->redirect && c->redirect->wrote_lsn > lsn ? c->redirect->wrote_lsn : lsn;
}

void db_after_commit(DbConn *c, DbHook fn)
{
    for (int i = 0; i < c->nafter; i++)
        if (c->after_commit[i] == fn) return;
    if (c->nafter < (int)(sizeof c->after_commit / sizeof *c->after_commit)) c->after_commit[c->nafter++] = fn;
}

int db_write(DbConn *c, DbTxFn fn, void *ctx, Err *e)
{
    return write_tx(c, false, 0, fn, ctx, e);
}

int db_write_locked(DbConn *c, int64_t key, DbTxFn fn, void *ctx, Err *e)
{
    return write_tx(c, true, key, fn, ctx, e);
}

int db_lock(DbConn *c, int64_t key, Err *e)
{
    if (c->db->kind != DB_POSTGRES) return 0;
    DbRes *r = db_query(c, e, "SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS l", DI(key));
    if (!r) return -1;
    int rc = db_next(r);
    db_done(r);
    return rc < 0 ? -1 : 0;
}

void db_cached_check(const char *cached, const char *sql)
{
    if (cached && strcmp(cached, sql) == 0) return;
    log_error("db: a cached statement was reused for different text (SQL not from a literal?): %s", sql);
    abort();
}

/* Runs a statement on c, or on the primary connection c is redirected to; a
 * read that fails on a replica is run again on the primary. */
static DbRes *run(DbConn *c, Err *e, const char *sql, const DbArg *args, int n)
{
    if (c->redirect) c = c->redirect;
    DbRes *r = c->drv->query(c, e, sql, args, n);
    if (!r && c->replica) return db_replica_failover(c, e, sql, args, n);
    return r;
}

DbRes *db_query_(DbConn *c, Err *e, DbSql sql, const DbArg *args, int n)
{
    return run(c, e, sql.text, args, n);
}

int db_next(DbRes *r) { return (*(DbConn **)r)->drv->next(r); }
int db_ncols(DbRes *r) { return (*(DbConn **)r)->drv->ncols(r); }
const char *db_colname(DbRes *r, int col) { return (*(DbConn **)r)->drv->colname(r, col); }
bool db_null(DbRes *r, int col) { return (*(DbConn **)r)->drv->coltype(r, col) == DB_T_NULL; }
int64_t db_int(DbRes *r, int col) { return (*(DbConn **)r)->drv->col_int(r, col); }
const char *db_text(DbRes *r, int col) { return (*(DbConn **)r)->drv->col_text(r, col); }

const void *db_blob(DbRes *r, int col, size_t *len)
{
    *len = 0;
    return (*(DbConn **)r)->drv->col_blob(r, col, len);
}
void db_done(DbRes *r) { if (r) (*(DbConn **)r)->drv->done(r); }

int db_finish(DbConn *c, DbRes *r)
{
    if (!r) return -1;
    int s;
    while ((s = c->drv->next(r)) > 0) { }
    int changes = s < 0 ? -1 : c->drv->changes(r);
    c->drv->done(r);
    return changes;
}

int db_exec_(DbConn *c, Err *e, DbSql sql, const DbArg *args, int n)
{
    return db_finish(c, run(c, e, sql.text, args, n));
}

int db_int64_(DbConn *c, Err *e, int64_t *out, DbSql sql, const DbArg *args, int n)
{
    DbRes *r = run(c, e, sql.text, args, n);
    if (!r) return -1;
    int s = c->drv->next(r);
    if (s > 0) {
        if (c->drv->coltype(r, 0) == DB_T_NULL) s = 0;
        else *out = c->drv->col_int(r, 0);
        /* finish the statement so that RETURNING writes complete */
        while (c->drv->next(r) > 0) { }
    }
    c->drv->done(r);
    return s;
}

static bool bool_name(const char *name)
{
    return str_starts(name, "is_") || str_starts(name, "has_") || str_starts(name, "can_");
}

json_t *db_row_json(DbRes *r)
{
    const DbDriver *d = (*(DbConn **)r)->drv;
    json_t *o = json_object();
    int n = d->ncols(r);
    for (int i = 0; i < n; i++) {
        const char *name = d->colname(r, i);
        json_t *v;
        switch (d->coltype(r, i)) {
        case DB_T_NULL: v = json_null(); break;
        case DB_T_BOOL: v = json_boolean(d->col_int(r, i)); break;
        case DB_T_INT:
            v = bool_name(name) ? json_boolean(d->col_int(r, i)) : json_integer(d->col_int(r, i));
            break;
        case DB_T_REAL: v = json_real(strtod(d->col_text(r, i), NULL)); break;
        default: {
            const char *t = d->col_text(r, i);
            v = json_string(t ? t : "");
            if (!v) v = json_string("");   /* not UTF-8: never happens for validated input */
        }
        }
        json_object_set_new(o, name, v);
    }
    return o;
}

int db_row_(DbConn *c, Err *e, json_t **out, DbSql sql, const DbArg *args, int n)
{
    DbRes *r = run(c, e, sql.text, args, n);
    *out = NULL;
    if (!r) return -1;
    int s = c->drv->next(r);
    if (s > 0) {
        *out = db_row_json(r);
        while (c->drv->next(r) > 0) { }
    }
    c->drv->done(r);
    return s;
}

json_t *db_rows_(DbConn *c, Err *e, DbSql sql, const DbArg *args, int n)
{
    DbRes *r = run(c, e, sql.text, args, n);
    if (!r) return NULL;
    json_t *a = json_array();
    int s;
    while ((s = c->drv->next(r)) > 0) json_array_append_new(a, db_row_json(r));
    c->drv->done(r);
    if (s < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}
