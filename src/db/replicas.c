/* replicas.c - reads from PostgreSQL streaming replicas (see db.h and
 * docs/ARCHITECTURE.md, "Read replicas").
 *
 * The replicas are PostgreSQL's own (pg_basebackup -R: a standby that replays
 * the primary's WAL); nothing is copied here. A primary's Db holds a list of
 * replicas, each a Db of its own (its own pool), and a watcher thread that
 * asks the primary for its WAL position and each replica for the position it
 * has replayed, every WATCH_MS, on connections of its own that give up after
 * 2 s to connect and 1 s per statement. What it saw is kept in atomics that
 * db_acquire_read reads without a lock:
 *   - a replica that answers is up; one that does not (or whose connection
 *     broke under a request) is down, its idle connections closed, and reads
 *     go elsewhere until the watcher hears it again;
 *   - a read that must see a write (min_lsn) goes to a replica only once its
 *     replayed position has reached it, else to the primary;
 *   - while the primary does not answer, writes are refused at once (503) and
 *     reads go to any replica that is up. */
#include "db/driver.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/log.h"

#define WATCH_MS 100        /* how often the watcher asks each database */
#define REPLICAS_MAX 8

typedef struct DbReplica {
    Db *db;
    atomic_bool up;
    atomic_llong replay_lsn;      /* the primary's WAL replayed here (bytes from 0/0) */
    atomic_llong checked_ms;      /* when the watcher last asked (monotonic ms) */
    DbConn *probe;                /* the watcher's connection */
    char error[400];              /* why it is down (under the lock) */
} DbReplica;

typedef struct DbReplicas {
    DbReplica list[REPLICAS_MAX];
    int n;
    atomic_uint turn;             /* round robin among the replicas */
    atomic_bool primary_up;
    atomic_llong primary_lsn;
    atomic_llong primary_checked_ms;
    atomic_llong system_id;       /* the primary's PostgreSQL system identifier */
    char primary_error[400];
    DbConn *probe;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop, started;
    pthread_t thread;
} DbReplicas;

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void note_error(DbReplicas *rs, char *slot, const char *why)
{
    pthread_mutex_lock(&rs->lock);
    snprintf(slot, 400, "%s", why);
    pthread_mutex_unlock(&rs->lock);
}

/* Marks a replica down (once: its idle connections are closed, and the log says so). */
static void replica_down(DbReplicas *rs, DbReplica *p, const char *why)
{
    note_error(rs, p->error, why);
    if (!atomic_exchange(&p->up, false)) return;
    log_warn("db: the replica %s is down (%s): reads go to the primary or another replica", p->db->display, why);
    db_pool_drain(p->db);
}

static void replica_up(DbReplicas *rs, DbReplica *p)
{
    if (atomic_exchange(&p->up, true)) return;
    note_error(rs, p->error, "");
    log_info("db: the replica %s answers: reads go to it again", p->db->display);
}

/* The watcher's connection to db, made when missing: NULL (e filled) when it
 * cannot be made, or when a replica is another PostgreSQL system than the
 * primary (pg_basebackup keeps the primary's system identifier): its WAL
 * positions would mean nothing, and its rows would be another network's. */
static DbConn *probe_conn(DbReplicas *rs, Db *db, DbConn **slot, bool replica, Err *e)
{
    if (*slot) return *slot;
    DbConn *c = NULL;
    if (db->drv->connect(db, &c, false, e) < 0) return NULL;
    c->db = db;
    c->drv = db->drv;
    int64_t system = 0;
    /* named, so that pg_stat_activity tells it from the requests' connections */
    if (db->drv->exec_script(c, "SET statement_timeout = 1000; SET application_name = 'glocal watcher'", e) < 0
        || db_int64(c, e, &system, "SELECT system_identifier FROM pg_control_system()") < 0) {
        db->drv->disconnect(c);
        return NULL;
    }
    int64_t primary = atomic_load(&rs->system_id);
    if (!replica) {
        atomic_store(&rs->system_id, system);
    } else if (primary && system != primary) {
        db->drv->disconnect(c);
        err_set(e, E_UNAVAILABLE, "it is not a replica of the primary (another PostgreSQL system: make it with pg_basebackup -R from the primary)");
        return NULL;
    }
    return *slot = c;
}

/* Asks one database its WAL position (a replica: what it has replayed; a
 * primary: where its WAL is written to). -1 when it does not answer (e filled). */
static int64_t probe(DbReplicas *rs, Db *db, DbConn **slot, bool replica, Err *e)
{
    DbConn *c = probe_conn(rs, db, slot, replica, e);
    if (!c) return -1;
    int64_t lsn = 0;
    int rc = replica
        ? db_int64(c, e, &lsn, "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
                               " ELSE pg_current_wal_insert_lsn() END - '0/0'::pg_lsn)::bigint")
        : db_int64(c, e, &lsn, "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint");
    if (rc < 0) {
        if (!db->drv->healthy(c)) {   /* say what happened rather than "could not complete" */
            err_clear(e);
            err_set(e, E_UNAVAILABLE, "the connection to it was lost (stopped, restarted, or the network)");
        }
        db->drv->disconnect(c);
        *slot = NULL;
        return -1;
    }
    return lsn;
}

static void watch_primary(Db *db, DbReplicas *rs)
{
    Err e = { 0 };
    int64_t lsn = probe(rs, db, &rs->probe, false, &e);
    atomic_store(&rs->primary_checked_ms, now_ms());
    if (lsn >= 0) {
        atomic_store(&rs->primary_lsn, lsn);
        if (!atomic_exchange(&rs->primary_up, true)) {
            note_error(rs, rs->primary_error, "");
            log_info("db: the primary %s answers: writes are taken again", db->display);
            db_pool_drain(db);   /* what was pooled before it went away is broken */
        }
        return;
    }
    note_error(rs, rs->primary_error, e.msg);
    if (atomic_exchange(&rs->primary_up, false)) {
        log_warn("db: the primary %s does not answer (%s): writes are refused, reads go to the replicas", db->display, e.msg);
        db_pool_drain(db);
    }
}

static void watch_once(Db *db)
{
    DbReplicas *rs = db->rep;
    watch_primary(db, rs);
    for (int i = 0; i < rs->n; i++) {
        DbReplica *p = &rs->list[i];
        Err e = { 0 };
        int64_t lsn = probe(rs, p->db, &p->probe, true, &e);
        atomic_store(&p->checked_ms, now_ms());
        if (lsn < 0) {
            replica_down(rs, p, e.msg);
            continue;
        }
        atomic_store(&p->replay_lsn, lsn);
        replica_up(rs, p);
    }
}

static void *watcher(void *arg)
{
    Db *db = arg;
    DbReplicas *rs = db->rep;
    pthread_mutex_lock(&rs->lock);
    while (!rs->stop) {
        pthread_mutex_unlock(&rs->lock);
        watch_once(db);
        pthread_mutex_lock(&rs->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WATCH_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (!rs->stop) pthread_cond_timedwait(&rs->wake, &rs->lock, &until);
    }
    pthread_mutex_unlock(&rs->lock);
    return NULL;
}

int db_add_replica(Db *db, const char *url, Err *e)
{
    if (db->kind != DB_POSTGRES)
        return err_set(e, E_BAD_REQUEST, "--read-db needs a PostgreSQL primary (--db postgresql://...): "
                                         "SQLite has no replicas.");
    Db *r = db_open_unchecked(url, e);
    if (!r) return -1;
    if (r->kind != DB_POSTGRES) {
        db_close(r);
        return err_set(e, E_BAD_REQUEST, "--read-db takes a PostgreSQL URL (postgresql://...), not \"%.100s\".", url);
    }
    if (!db->rep) {
        db->rep = xcalloc(1, sizeof *db->rep);
        atomic_store(&db->rep->primary_up, true);   /* db_open reached it */
        pthread_mutex_init(&db->rep->lock, NULL);
        pthread_cond_init(&db->rep->wake, NULL);
        db->timeouts = true;
        watch_primary(db, db->rep);   /* its system identifier, which each replica's must match */
    }
    DbReplicas *rs = db->rep;
    if (rs->n == REPLICAS_MAX) {
        db_close(r);
        return err_set(e, E_BAD_REQUEST, "At most %d read replicas (--read-db) are taken.", REPLICAS_MAX);
    }
    r->primary = db;
    r->timeouts = true;
    r->pool_max = db->pool_max;
    DbReplica *p = &rs->list[rs->n];
    p->db = r;
    Err first = { 0 };
    int64_t lsn = probe(rs, r, &p->probe, true, &first);
    if (lsn >= 0) {
        atomic_store(&p->replay_lsn, lsn);
        atomic_store(&p->up, true);
    } else {
        snprintf(p->error, sizeof p->error, "%s", first.msg);
        log_warn("db: the replica %s does not answer yet (%s): reads go to the primary until it does", r->display, first.msg);
    }
    atomic_store(&p->checked_ms, now_ms());
    log_info("db: reads of pages may go to the replica %s", r->display);
    rs->n++;
    if (!rs->started && pthread_create(&rs->thread, NULL, watcher, db) == 0) rs->started = true;
    return 0;
}

bool db_has_replicas(const Db *db) { return db->rep != NULL; }

bool db_primary_up(const Db *db)
{
    return !db->rep || atomic_load(&db->rep->primary_up);
}

void db_replicas_close(Db *db)
{
    DbReplicas *rs = db->rep;
    pthread_mutex_lock(&rs->lock);
    rs->stop = true;
    pthread_cond_signal(&rs->wake);
    pthread_mutex_unlock(&rs->lock);
    if (rs->started) pthread_join(rs->thread, NULL);
    if (rs->probe) db->drv->disconnect(rs->probe);
    for (int i = 0; i < rs->n; i++) {
        if (rs->list[i].probe) db->drv->disconnect(rs->list[i].probe);
        db_close(rs->list[i].db);
    }
    pthread_mutex_destroy(&rs->lock);
    pthread_cond_destroy(&rs->wake);
    free(rs);
    db->rep = NULL;
}

/* A connection to the first replica, from the one whose turn it is, that is
 * up and has replayed min_lsn (any position when min_lsn < 0); NULL if none. */
static DbConn *replica_conn(DbReplicas *rs, int64_t min_lsn)
{
    unsigned start = atomic_fetch_add(&rs->turn, 1);
    for (int i = 0; i < rs->n; i++) {
        DbReplica *p = &rs->list[(start + (unsigned)i) % (unsigned)rs->n];
        if (!atomic_load(&p->up) || (min_lsn >= 0 && atomic_load(&p->replay_lsn) < min_lsn)) continue;
        Err e = { 0 };
        DbConn *c = db_acquire(p->db, &e);
        if (!c) {
            replica_down(rs, p, e.msg);
            continue;
        }
        c->replica = p;
        return c;
    }
    return NULL;
}

DbConn *db_acquire_read(Db *db, int64_t min_lsn, Err *e)
{
    DbReplicas *rs = db->rep;
    if (!rs) return db_acquire(db, e);
    DbConn *c = replica_conn(rs, min_lsn > 0 ? min_lsn : 0);
    if (c) return c;
    if (atomic_load(&rs->primary_up) && (c = db_acquire(db, e))) return c;
    /* the primary does not answer: a replica behind the caller's last write
     * shows a page a moment old, which beats no page */
    if ((c = replica_conn(rs, -1))) {
        err_clear(e);
        return c;
    }
    return db_acquire(db, e);
}

DbRes *db_replica_failover(DbConn *c, Err *e, const char *sql, const DbArg *args, int n)
{
    DbReplicas *rs = c->db->primary->rep;
    if (!c->drv->healthy(c)) replica_down(rs, c->replica, e->msg);
    if (!atomic_load(&rs->primary_up)) return NULL;
    Err inner = { 0 };
    if (!(c->redirect = db_acquire(c->db->primary, &inner))) return NULL;   /* e keeps the replica's error */
    log_warn("db: a read failed on the replica %s; it is read again on the primary", c->db->display);
    err_clear(e);
    return c->drv->query(c->redirect, e, sql, args, n);
}

int64_t db_wal_position(DbConn *c)
{
    Err e = { 0 };
    int64_t lsn = 0;
    /* the insert position is at or past the end of the commit just made,
     * whether or not that commit has been flushed yet (synchronous_commit) */
    if (db_int64(c, &e, &lsn, "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint") < 0) return 0;
    return lsn;
}

static json_t *state_json(bool up, int64_t checked, const char *error)
{
    json_t *o = json_object();
    json_object_set_new(o, "state", json_string(up ? "up" : "down"));
    json_object_set_new(o, "checked_ms_ago", json_integer(now_ms() - checked));
    if (!up && error[0]) json_object_set_new(o, "error", json_string(error));
    return o;
}

json_t *db_replicas_health(Db *db)
{
    DbReplicas *rs = db->rep;
    if (!rs) return NULL;
    int64_t primary_lsn = atomic_load(&rs->primary_lsn);
    pthread_mutex_lock(&rs->lock);
    json_t *primary = state_json(atomic_load(&rs->primary_up), atomic_load(&rs->primary_checked_ms), rs->primary_error);
    json_object_set_new(primary, "role", json_string("primary"));
    json_object_set_new(primary, "url", json_string(db->display));
    json_object_set_new(primary, "wal_lsn", json_integer(primary_lsn));
    json_t *list = json_array();
    for (int i = 0; i < rs->n; i++) {
        DbReplica *p = &rs->list[i];
        int64_t replay = atomic_load(&p->replay_lsn);
        json_t *o = state_json(atomic_load(&p->up), atomic_load(&p->checked_ms), p->error);
        json_object_set_new(o, "role", json_string("replica"));
        json_object_set_new(o, "url", json_string(p->db->display));
        json_object_set_new(o, "replay_lsn", json_integer(replay));
        json_object_set_new(o, "lag_bytes", json_integer(primary_lsn > replay ? primary_lsn - replay : 0));
        json_array_append_new(list, o);
    }
    pthread_mutex_unlock(&rs->lock);
    json_t *out = json_object();
    json_object_set_new(out, "primary", primary);
    json_object_set_new(out, "replicas", list);
    return out;
}
