/* copy.c - `glocal copy --from URL --to URL`: moves a whole network from one
 * database to another (SQLite to PostgreSQL and back).
 *
 * The source is read in one snapshot; the target is written in ONE write
 * transaction that first builds the schema (the migrations, db_migrate_in)
 * and then fills every table the catalogue lists, in the order of their
 * foreign keys, a batch of rows at a time (memory holds one batch), ids and
 * bytes as they are; PostgreSQL's identity sequences are moved past the
 * highest ids before the commit. Anything that fails rolls it all back: the
 * target is left as it was. The target must be empty (no tables) and the
 * source at the schema this binary knows. The SQL is in src/db/copy_store.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/progress.h"
#include "base/str.h"
#include "cli/cli.h"
#include "db/copy.h"

#define COPY_BATCH 1000   /* rows read and inserted at a time, unless --batch says */

typedef struct CopyCtx {
    DbConn *src;
    json_t *tables;      /* the source's, by name */
    json_t *order;       /* the same, parents before children (filled in the transaction) */
    int64_t rows;
    Progress progress;
    bool quiet;
    int batch;               /* rows read and inserted at a time */
    const char *dest_head;   /* the head file beside an SQLite target */
} CopyCtx;

/* Kahn's order over the target's foreign keys: a table after every table it
 * names; tables in a cycle (none in Glocal's schema) last, by name. */
static json_t *parents_first(DbConn *t, json_t *tables, Err *e)
{
    size_t n = json_array_size(tables), i;
    json_t *refs = json_object(), *order = json_array(), *v;
    json_array_foreach(tables, i, v) {
        json_t *r = copy_refs(t, json_string_value(v), e);
        if (!r) goto fail;
        json_object_set_new(refs, json_string_value(v), r);
    }
    while (json_array_size(order) < n) {
        bool moved = false;
        json_array_foreach(tables, i, v) {
            const char *name = json_string_value(v);
            if (!json_object_get(refs, name)) continue;   /* placed */
            bool ready = true;
            size_t k;
            json_t *p;
            json_array_foreach(json_object_get(refs, name), k, p) if (json_object_get(refs, json_string_value(p))) ready = false;
            if (!ready) continue;
            json_array_append(order, v);
            json_object_del(refs, name);
            moved = true;
        }
        if (!moved) {
            json_array_foreach(tables, i, v) if (json_object_get(refs, json_string_value(v))) json_array_append(order, v);
            break;
        }
    }
    json_decref(refs);
    return order;
fail:
    json_decref(refs);
    json_decref(order);
    return NULL;
}

/* The target's schema, once migrated, has the source's tables and columns. */
static int same_schema(CopyCtx *x, DbConn *t, Err *e)
{
    json_t *mine = copy_tables(t, e);
    if (!mine) return -1;
    bool same = json_equal(mine, x->tables);
    json_decref(mine);
    if (!same) return err_set(e, E_INTERNAL, "The target's tables, once migrated, are not the source's: the source's schema was changed by hand?");
    size_t i;
    json_t *v;
    json_array_foreach(x->tables, i, v) {
        const char *table = json_string_value(v);
        json_t *a = copy_columns(x->src, table, e), *b = a ? copy_columns(t, table, e) : NULL;
        bool ok = a && b && json_array_size(a) == json_array_size(b);
        size_t k;
        json_t *col;
        if (ok) json_array_foreach(a, k, col) {
            bool found = false;
            size_t m;
            json_t *other;
            json_array_foreach(b, m, other) if (json_equal(col, other)) found = true;
            if (!found) ok = false;
        }
        json_decref(a);
        json_decref(b);
        if (!ok) return e->msg[0] ? -1 : err_set(e, E_INTERNAL, "The columns of %s differ between the source and the target.", table);
    }
    return 0;
}

/* One table, batch after batch; checks the target holds as many rows as the source. */
static int copy_table(CopyCtx *x, DbConn *t, const char *table, Err *e)
{
    int64_t total = 0, done = 0, there = 0;
    json_t *cols = copy_columns(x->src, table, e), *key = cols ? copy_key(x->src, table, e) : NULL;
    CopyReader *r = NULL;
    int rc = -1, n;
    if (!key || copy_count(x->src, table, &total, e) < 0) goto done;
    progress_stage(&x->progress, table, total);
    if (copy_self_refs_defer(t, table, true, e) < 0 || !(r = copy_read_open(x->src, table, cols, key, e))) goto done;
    json_t *rows;
    while ((n = copy_read_batch(r, x->batch, &rows, e)) > 0) {
        int put = copy_insert(t, table, cols, rows, e);
        json_decref(rows);
        if (put < 0) goto done;
        if (put != n) {
            err_set(e, E_INTERNAL, "%s: %d rows of a batch of %d were written.", table, put, n);
            goto done;
        }
        done += n;
        progress_step(&x->progress, n);
    }
    if (n < 0 || copy_self_refs_defer(t, table, false, e) < 0 || copy_count(t, table, &there, e) < 0) goto done;
    if (there != total || done != total) {
        err_set(e, E_INTERNAL, "%s: %lld rows in the source, %lld read, %lld in the target.", table, (long long)total,
                (long long)done, (long long)there);
        goto done;
    }
    double seconds = progress_stage_end(&x->progress);
    if (!x->quiet && !x->progress.tty)
        fprintf(stderr, "glocal copy: %-32s %lld / %lld rows, %.1f s\n", table, (long long)done, (long long)total, seconds);
    x->rows += done;
    rc = 0;
done:
    if (rc < 0) {
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e->msg);
        err_set(e, e->code, "While copying %s: %s Nothing was written.", table, why);
        progress_abort(&x->progress);
    }
    copy_read_close(r);
    json_decref(cols);
    json_decref(key);
    return rc;
}

static int copy_tx(DbConn *t, void *ctx, Err *e)
{
    CopyCtx *x = ctx;
    x->rows = 0;   /* db_write may run this again (a serialization failure) */
    json_decref(x->order);
    x->order = NULL;
    json_t *there = copy_tables(t, e);
    if (!there) return -1;
    size_t had = json_array_size(there);
    char first[64];
    snprintf(first, sizeof first, "%s", had ? json_string_value(json_array_get(there, 0)) : "");
    json_decref(there);
    if (had)
        return err_set(e, E_CONFLICT,
                       trn("The target database is not empty: it holds %zu table (%s%s). glocal copy writes only into an empty database: "
                           "create a new one (createdb NAME, or a new file) and copy into it. Nothing was written.",
                           "The target database is not empty: it holds %zu tables (%s%s). glocal copy writes only into an empty database: "
                           "create a new one (createdb NAME, or a new file) and copy into it. Nothing was written.",
                           (long long)had),
                       had, first, had > 1 ? ", ..." : "");
    if (x->dest_head && access(x->dest_head, F_OK) == 0)
        return err_set(e, E_CONFLICT, "%s already exists (the head of other books): remove it or copy to another file. Nothing was"
                       " written.", x->dest_head);
    if (db_migrate_in(t, e) < 0 || same_schema(x, t, e) < 0 || copy_defer_keys(t, e) < 0) return -1;
    if (!(x->order = parents_first(t, x->tables, e))) return -1;
    size_t i;
    json_t *v;
    /* rows the migrations themselves wrote (seeds) make way for the source's */
    for (i = json_array_size(x->order); i-- > 0;) {
        int64_t n = 0;
        const char *table = json_string_value(json_array_get(x->order, i));
        if (copy_count(t, table, &n, e) < 0 || (n > 0 && copy_clear(t, table, e) < 0)) return -1;
    }
    json_array_foreach(x->order, i, v) {
        if (!copy_kept(json_string_value(v)) && copy_table(x, t, json_string_value(v), e) < 0) return -1;
    }
    /* the tables the database keeps were filled as the rows they count were copied */
    json_array_foreach(x->order, i, v) {
        int64_t n = 0;
        if (copy_kept(json_string_value(v)) && copy_count(t, json_string_value(v), &n, e) < 0) return -1;
        if (copy_kept(json_string_value(v))) x->rows += n;
    }
    json_array_foreach(x->order, i, v) if (copy_identities_reset(t, json_string_value(v), e) < 0) return -1;
    return 0;
}

/* Copies the source's head file beside an SQLite target (the signed head
 * stays true of the copy: same chain, same key); for PostgreSQL says where
 * to point --head-file. */
static int head_carry(Arena *a, const char *from_head, const char *to_url, Err *e)
{
    if (!from_head) return 0;
    const char *dest = cli_head_file_beside(a, to_url);
    if (!dest) {
        printf("glocal copy: the head of the books is in %s: start the server on the copy with --head-file %s.\n", from_head, from_head);
        return 0;
    }
    FILE *in = fopen(from_head, "rb"), *out = in ? fopen(dest, "wbx") : NULL;
    char buf[4096];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (out && fclose(out) != 0) ok = false;
    if (in) fclose(in);
    if (!ok) return err_set(e, E_INTERNAL, "The copy is done, but the head file could not be copied from %s to %s: %s.", from_head, dest,
                            strerror(errno));
    printf("glocal copy: the head of the books was copied from %s to %s.\n", from_head, dest);
    return 0;
}

/* The source's schema is the one this binary knows; 0 or an Err. */
static int source_version_ok(DbConn *s, const char *url, Err *e)
{
    int v = db_schema_version(s, e), latest = db_schema_latest();
    if (v < 0) return -1;
    if (v < latest)
        return err_set(e, E_CONFLICT, "The source is at migration %d and this glocal's schema is at %d: stop the server, run"
                       " `glocal migrate --db %s` with this binary, then copy.", v, latest, url);
    if (v > latest)
        return err_set(e, E_CONFLICT, "The source is at migration %d, newer than this glocal knows (%d): copy with the glocal"
                       " binary that last ran on it (`glocal version` prints its schema).", v, latest);
    return 0;
}

static int copy_run(Db *from, Db *to, CopyCtx *x, Err *e)
{
    DbConn *s = db_acquire(from, e), *t = s ? db_acquire(to, e) : NULL;
    int rc = -1;
    if (!t || source_version_ok(s, db_display_url(from), e) < 0 || copy_snapshot_begin(s, e) < 0) goto done;
    x->src = s;
    if ((x->tables = copy_tables(s, e))) rc = db_write(t, copy_tx, x, e);
    copy_snapshot_end(s);
done:
    if (t) db_release(t);
    if (s) db_release(s);
    return rc;
}

int cmd_copy(int argc, char **argv)
{
    static const struct option opts[] = {
        { "from", required_argument, 0, 'f' }, { "to", required_argument, 0, 't' },
        { "head", required_argument, 0, 'H' }, { "batch", required_argument, 0, 'b' }, { "quiet", no_argument, 0, 'q' },
        { 0, 0, 0, 0 },
    };
    const char *from = NULL, *to = NULL, *head = NULL;
    CopyCtx x = { .batch = COPY_BATCH };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:H:b:q", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'H': head = optarg; break;
        case 'q': x.quiet = true; break;
        case 'b':
            x.batch = atoi(optarg);
            if (x.batch < 1 || x.batch > 100000) return cli_usage("copy", "--batch takes a number of rows from 1 to 100000.");
            break;
        default: return cli_usage("copy", "unknown option.");
        }
    }
    if (optind < argc) return cli_usage("copy", "unexpected argument '%s'.", argv[optind]);
    if (!from || !to) return cli_usage("copy", "give the database to copy (--from URL) and the empty one to copy into (--to URL).");
    if (str_eq(from, to)) return cli_usage("copy", "--from and --to name the same database.");
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    Db *src = NULL, *dst = NULL;
    int rc = EXIT_FAIL;
    if (!head) {
        const char *beside = cli_head_file_beside(&a, from);
        if (beside && access(beside, R_OK) == 0) head = beside;
    }
    /* SQLite would make an empty file of a mistyped source */
    const char *from_file = str_starts(from, "sqlite:") ? from + 7 : strstr(from, "://") ? NULL : from;
    if (from_file && access(from_file, F_OK) != 0) {
        err_set(&e, E_BAD_REQUEST, "There is no SQLite database at %s to copy.", from_file);
        rc = cli_fail("copy", &e);
        goto done;
    }
    x.dest_head = cli_head_file_beside(&a, to);
    if (db_open(&src, from, &e) < 0 || db_open(&dst, to, &e) < 0) {
        rc = cli_fail("copy", &e);
        goto done;
    }
    int64_t t0 = now_usec();
    progress_start(&x.progress, !x.quiet && isatty(2), "rows");
    if (copy_run(src, dst, &x, &e) < 0 || head_carry(&a, head, to, &e) < 0) {
        rc = cli_fail("copy", &e);
        goto done;
    }
    printf("glocal copy: %zu tables, %lld rows copied from %s to %s in %.1f seconds.\n", json_array_size(x.tables), (long long)x.rows,
           db_display_url(src), db_display_url(dst), (double)(now_usec() - t0) / 1e6);
    printf("glocal copy: next, glocal verify --db '%s', then start the server with --db '%s'.\n", db_display_url(dst), db_display_url(dst));
    rc = EXIT_OK;
done:
    json_decref(x.tables);
    json_decref(x.order);
    db_close(src);
    db_close(dst);
    arena_release(&a);
    return rc;
}
