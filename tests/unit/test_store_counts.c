/* test_store_counts.c - chapter_counts (migration 037), the directory's counts
 * kept by the database: every kind of write to chapters (a chapter made, its
 * status, metro or sector changed, closed, deleted) leaves it equal to a count
 * of the chapters; the directory's facets read from it answer what counting
 * the chapters answers; and the check glocal verify runs names a row that
 * drifted, which the rebuild mends.
 *
 * Runs on GLOCAL_TEST_DB (tests/run: a fresh SQLite file and a fresh
 * PostgreSQL database, as for every test_store* program), or on an SQLite file
 * of its own. */
#include "testutil.h"

#include <jansson.h>
#include <string.h>

#include "db/db.h"
#include "network/network.h"
#include "network/store.h"

static DbConn *c;
static int64_t country, region, lisbon, porto, fintech, energy;

/* Every write runs in db_write (the connection a test holds reads only on SQLite). */
typedef struct Change {
    const char *what, *text;
    int64_t id, parent, other, out;
} Change;

static int change_tx(DbConn *conn, void *ctx, Err *e)
{
    Change *x = ctx;
    const char *w = x->what;
    int rc;
    if (strcmp(w, "place") == 0)
        rc = db_int64(conn, e, &x->out, "INSERT INTO places (parent_id, kind, name, slug, created_at) VALUES ($1, $2, $3, $3, 1) RETURNING id",
                      DID(x->parent), DT(x->text), DT(x->text + strlen(x->text) + 1));
    else if (strcmp(w, "sector") == 0)
        rc = db_int64(conn, e, &x->out, "INSERT INTO sectors (name, slug, created_at) VALUES ($1, $1, 1) RETURNING id", DT(x->text));
    else if (strcmp(w, "chapter") == 0)
        rc = db_int64(conn, e, &x->out,
                      "INSERT INTO chapters (slug, name, metro_id, sector_id, status, created_at, updated_at)"
                      " VALUES ($1, $1, $2, $3, $4, 1, 1) RETURNING id",
                      DT(x->text), DI(x->parent), DID(x->other), DT(x->text + strlen(x->text) + 1));
    else if (strcmp(w, "delete") == 0) rc = db_exec(conn, e, "DELETE FROM chapters WHERE id = $1", DI(x->id));
    else if (strcmp(w, "status") == 0) rc = db_exec(conn, e, "UPDATE chapters SET status = $2 WHERE id = $1", DI(x->id), DT(x->text));
    else if (strcmp(w, "metro") == 0) rc = db_exec(conn, e, "UPDATE chapters SET metro_id = $2 WHERE id = $1", DI(x->id), DI(x->other));
    else if (strcmp(w, "sector_of") == 0)
        rc = db_exec(conn, e, "UPDATE chapters SET sector_id = $2 WHERE id = $1", DI(x->id), DID(x->other));
    else if (strcmp(w, "name") == 0) rc = db_exec(conn, e, "UPDATE chapters SET name = name || '!' WHERE id = $1", DI(x->id));
    else if (strcmp(w, "metro_dormant") == 0)
        rc = db_exec(conn, e, "UPDATE chapters SET status = 'dormant' WHERE metro_id = $1", DI(x->id));
    /* drift, by hand */
    else if (strcmp(w, "count_plus") == 0)
        rc = db_exec(conn, e, "UPDATE chapter_counts SET chapters = chapters + 1 WHERE metro_id = $1", DI(x->id));
    else if (strcmp(w, "count_delete") == 0) rc = db_exec(conn, e, "DELETE FROM chapter_counts WHERE metro_id = $1", DI(x->id));
    else if (strcmp(w, "count_extra") == 0)
        rc = db_exec(conn, e, "INSERT INTO chapter_counts (metro_id, sector_id, status, chapters) VALUES ($1, 0, 'forming', 3)",
                     DI(x->id));
    else if (strcmp(w, "rebuild") == 0) rc = chapter_counts_rebuild(conn, e, &x->out);
    else return err_set(e, E_INTERNAL, "unknown change %s", w);
    if (rc >= 0 && strcmp(w, "place") && strcmp(w, "sector") && strcmp(w, "chapter") && strcmp(w, "rebuild")) x->out = rc;
    return rc < 0 ? -1 : 0;
}

static int64_t apply(Change x)
{
    Err e = { 0 };
    cr_assert_eq(db_write(c, change_tx, &x, &e), 0, "%s: %s", x.what, e.msg);
    return x.out;
}

/* text: "kind\0name" */
static int64_t add(const char *kind_name, int64_t parent) { return apply((Change){ "place", kind_name, 0, parent, 0, 0 }); }
static int64_t sector(const char *name) { return apply((Change){ "sector", name, 0, 0, 0, 0 }); }
/* slug_status: "slug\0status" */
static int64_t chapter(const char *slug_status, int64_t metro, int64_t sector_id)
{
    return apply((Change){ "chapter", slug_status, 0, metro, sector_id, 0 });
}
static int64_t run(const char *what, int64_t id, const char *text, int64_t other)
{
    return apply((Change){ what, text, id, 0, other, 0 });
}

/* The kept count of one (metro, sector, status): 0 when it has no row. */
static int64_t kept(int64_t metro, int64_t sector_id, const char *status)
{
    Err e = { 0 };
    int64_t n = -1;
    cr_assert_eq(db_int64(c, &e, &n,
                          "SELECT coalesce(sum(chapters), 0) FROM chapter_counts WHERE metro_id = $1 AND sector_id = $2 AND status = $3",
                          DI(metro), DI(sector_id), DT(status)), 1, "%s", e.msg);
    return n;
}

/* Nothing drifted, and no row is kept at 0. */
static void matches(const char *after)
{
    Err e = { 0 };
    int64_t rows = -1, zero = -1;
    char why[200] = "";
    cr_assert_eq(chapter_counts_check(c, &e, &rows, why, sizeof why), 0, "after %s: %s %s", after, why, e.msg);
    cr_assert_eq(db_int64(c, &e, &zero, "SELECT count(*) FROM chapter_counts WHERE chapters <= 0"), 1, "%s", e.msg);
    cr_assert_eq(zero, 0, "after %s: a row at 0 stays", after);
}

/* A facet read from the kept counts equals the same facet counted from the
 * chapters (words that every chapter's name holds make it count them). */
static void facets_agree(int64_t place, bool is_metro, int64_t sector_id, const char *status)
{
    Err e = { 0 };
    DirectoryQuery kept_q = { place, sector_id, is_metro, status, "", 50, 0 };
    DirectoryQuery rows_q = { place, sector_id, is_metro, status, "%c%", 50, 0 };
    int64_t total_kept = -1, total_rows = -2;
    json_t *a = chapter_directory(c, &e, &kept_q, &total_kept), *b = chapter_directory(c, &e, &rows_q, &total_rows);
    cr_assert(a && b, "%s", e.msg);
    cr_assert_eq(total_kept, total_rows, "the total, place %lld sector %lld status '%s'", (long long)place, (long long)sector_id, status);
    json_decref(a);
    json_decref(b);
    json_t *(*facet[])(DbConn *, Err *, const DirectoryQuery *) = { chapter_status_counts, chapter_sector_counts, chapter_place_counts };
    for (size_t i = 0; i < 3; i++) {
        a = facet[i](c, &e, &kept_q);
        b = facet[i](c, &e, &rows_q);
        cr_assert(a && b, "%s", e.msg);
        char *sa = json_dumps(a, JSON_SORT_KEYS), *sb = json_dumps(b, JSON_SORT_KEYS);
        /* the status facet has no order of its own: compared as sets */
        if (i == 0) {
            cr_assert_eq(json_array_size(a), json_array_size(b), "%s / %s", sa, sb);
            size_t k, m;
            json_t *x, *y;
            json_array_foreach(a, k, x) {
                bool seen = false;
                json_array_foreach(b, m, y) seen = seen || json_equal(x, y);
                cr_assert(seen, "the status facet: %s / %s", sa, sb);
            }
        } else cr_assert_str_eq(sa, sb, "facet %zu, place %lld sector %lld status '%s'", i, (long long)place, (long long)sector_id, status);
        free(sa);
        free(sb);
        json_decref(a);
        json_decref(b);
    }
}

static void all_facets_agree(void)
{
    const char *statuses[] = { "", "active", "closed" };
    for (size_t s = 0; s < 3; s++) {
        facets_agree(0, false, 0, statuses[s]);
        facets_agree(0, false, fintech, statuses[s]);
        facets_agree(country, false, 0, statuses[s]);
        facets_agree(region, false, energy, statuses[s]);
        facets_agree(lisbon, true, 0, statuses[s]);
        facets_agree(lisbon, true, fintech, statuses[s]);
    }
}

Test(chapter_counts, kept_by_every_write_and_checked)
{
    TestDb t;
    Db *db;
    test_db_open(&t, &db, &c);
    Err e = { 0 };
    country = add("country\0pt", 0);
    region = add("region\0norte", country);
    lisbon = add("metro\0lisbon", region);
    porto = add("metro\0porto", region);
    fintech = sector("fintech");
    energy = sector("energy");
    matches("nothing");

    /* made: two in one row, one without a sector (counted under 0) */
    int64_t a = chapter("a-c\0forming", lisbon, fintech), b = chapter("b-c\0forming", lisbon, fintech);
    int64_t none = chapter("c-c\0active", lisbon, 0);
    chapter("d-c\0active", porto, energy);
    cr_assert_eq(kept(lisbon, fintech, "forming"), 2);
    cr_assert_eq(kept(lisbon, 0, "active"), 1);
    matches("chapters made");
    all_facets_agree();

    /* a status changed (the tick's dormant, a connector's), a chapter moved, its sector changed or removed, closed */
    run("status", a, "active", 0);
    cr_assert_eq(kept(lisbon, fintech, "forming"), 1);
    cr_assert_eq(kept(lisbon, fintech, "active"), 1);
    run("status", b, "dormant", 0);
    cr_assert_eq(kept(lisbon, fintech, "forming"), 0, "the row goes at 0");
    matches("status changes");
    run("metro", a, NULL, porto);
    cr_assert_eq(kept(lisbon, fintech, "active"), 0);
    cr_assert_eq(kept(porto, fintech, "active"), 1);
    run("sector_of", a, NULL, energy);
    cr_assert_eq(kept(porto, energy, "active"), 2);
    run("sector_of", none, NULL, 0);
    run("sector_of", none, NULL, energy);
    cr_assert_eq(kept(lisbon, 0, "active"), 0);
    cr_assert_eq(kept(lisbon, energy, "active"), 1);
    run("name", none, NULL, 0);
    cr_assert_eq(kept(lisbon, energy, "active"), 1, "a change of another column leaves the counts");
    run("status", b, "closed", 0);
    cr_assert_eq(kept(lisbon, fintech, "closed"), 1);
    matches("moves and closing");
    all_facets_agree();
    cr_assert_eq(run("delete", b, NULL, 0), 1);
    cr_assert_eq(kept(lisbon, fintech, "closed"), 0);
    matches("a deletion");
    /* many at once: one statement changing several rows */
    cr_assert_eq(run("metro_dormant", porto, NULL, 0), 2);
    cr_assert_eq(kept(porto, energy, "dormant"), 2);
    matches("one statement, many rows");
    all_facets_agree();

    /* drift: a row wrong, a row missing, a row too many; each named, then mended */
    char why[200] = "";
    int64_t rows = 0;
    cr_assert_eq(run("count_plus", lisbon, NULL, 0), 1);
    cr_assert_eq(chapter_counts_check(c, &e, &rows, why, sizeof why), 1, "%s", e.msg);
    cr_assert(strstr(why, "2 chapters kept, 1 counted"), "%s", why);
    cr_assert_eq(run("rebuild", 0, NULL, 0), 2, "lisbon energy active, porto energy dormant");
    matches("the rebuild");
    cr_assert_eq(run("count_delete", porto, NULL, 0), 1);
    cr_assert_eq(chapter_counts_check(c, &e, &rows, why, sizeof why), 1);
    cr_assert(strstr(why, "0 chapters kept, 2 counted"), "%s", why);
    run("rebuild", 0, NULL, 0);
    cr_assert_eq(run("count_extra", porto, NULL, 0), 1);
    cr_assert_eq(chapter_counts_check(c, &e, &rows, why, sizeof why), 1);
    cr_assert(strstr(why, "status forming: 3 chapters kept, 0 counted"), "%s", why);
    run("rebuild", 0, NULL, 0);
    matches("the last rebuild");
    test_db_close(&t, db, c);
}
