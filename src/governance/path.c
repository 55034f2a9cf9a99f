/* path.c - the escalation path read from the network as it is now: the
 * thresholds (settings), a chapter's path, where a matter goes when it is
 * escalated or passed up, the map of the places that call for a committee,
 * and the governance settings an administrator changes. The rules are in
 * rules_path.c; this file feeds them from the database. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "governance/store.h"
#include "settings/settings.h"

static int64_t setting_int(DbConn *c, Arena *a, const char *key, int64_t fallback)
{
    int64_t v = 0;
    const char *s = setting_get(c, a, key, "");
    return str_to_i64(s, &v) && v >= 1 && v <= GOV_THRESHOLD_MAX ? v : fallback;
}

GovThresholds gov_thresholds(DbConn *c, Arena *a)
{
    return (GovThresholds){
        setting_int(c, a, "gov_metro_min", GOV_METRO_MIN_DEFAULT),
        setting_int(c, a, "gov_region_min", GOV_REGION_MIN_DEFAULT),
        setting_int(c, a, "gov_country_min", GOV_COUNTRY_MIN_DEFAULT),
    };
}

/* The thresholds as every chapter page reads them: kept in the process with
 * the settings' version they were read at (three reads of the settings cost
 * the page a fifth of what the whole path does; the version is one), and read
 * again when the version moved — a change saved through any server sharing
 * the database is seen by the next page of every server. */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static GovThresholds kept;
static bool kept_any;
static int64_t kept_version;

static GovThresholds thresholds_now(DbConn *c)
{
    int64_t version = settings_version(c);
    pthread_mutex_lock(&kept_lock);
    GovThresholds t = kept;
    bool fresh = kept_any && (version < 0 || version == kept_version);
    pthread_mutex_unlock(&kept_lock);
    if (fresh) return t;
    Arena a;
    arena_init(&a, 512);
    t = gov_thresholds(c, &a);
    arena_release(&a);
    pthread_mutex_lock(&kept_lock);
    kept = t;
    kept_any = true;
    kept_version = version;
    pthread_mutex_unlock(&kept_lock);
    return t;
}

static void thresholds_forget(void)
{
    pthread_mutex_lock(&kept_lock);
    kept_any = false;
    pthread_mutex_unlock(&kept_lock);
}

const char *gov_committee_electorate(DbConn *c, Arena *a)
{
    const char *v = setting_get(c, a, "gov_committee_electorate", "connectors");
    return str_eq(v, "members") ? "members" : "connectors";
}

/* EXISTS answers 1 (SQLite) or true (PostgreSQL). */
static bool yes(json_t *row, const char *key)
{
    json_t *v = json_object_get(row, key);
    return json_is_true(v) || json_integer_value(v) > 0;
}

/* A place's chain up to its country (*rows: [{id, kind, name, slug}], the
 * place first) and the facts the rule needs about it, read in one statement
 * (place_chain_row): a place is dense when its count, which stops at the
 * highest threshold, reaches its own; a wider place adds chapters when one is
 * found outside the place below. 0 places when there is no such place. */
static int chain_of(DbConn *c, Err *e, int64_t place_id, const GovThresholds *t, json_t **rows, PathFacts *f)
{
    json_t *row = NULL;
    memset(f, 0, sizeof *f);
    int64_t cap = t->metro > t->region ? t->metro : t->region;
    if (t->country > cap) cap = t->country;
    int found = place_chain_row(c, e, place_id, cap, &row);
    if (found < 0) return -1;
    *rows = json_array();
    static const char *const cols[3][5] = { { "id0", "kind0", "name0", "slug0", "n0" }, { "id1", "kind1", "name1", "slug1", "n1" },
                                            { "id2", "kind2", "name2", "slug2", "n2" } };
    for (int i = 0; found && i < 3 && json_integer_value(json_object_get(row, cols[i][0])); i++) {
        const char *kind = json_string_value(json_object_get(row, cols[i][1]));
        json_array_append_new(*rows, json_pack("{s:O, s:s, s:O, s:O}", "id", json_object_get(row, cols[i][0]), "kind", kind,
                                               "name", json_object_get(row, cols[i][2]), "slug", json_object_get(row, cols[i][3])));
        f->dense[i] = json_integer_value(json_object_get(row, cols[i][4])) >= gov_threshold(t, kind);
        f->n = i + 1;
    }
    f->adds[1][0] = yes(row, "a10");
    f->adds[2][0] = yes(row, "a20");
    f->adds[2][1] = yes(row, "a21");
    json_decref(row);
    return f->n;
}

static json_t *step_json(json_t *place)
{
    const char *slug = place ? json_string_value(json_object_get(place, "slug")) : "board";
    char url[160];
    snprintf(url, sizeof url, "/committees/%s", slug);
    if (!place)
        return json_pack("{s:s, s:s, s:s, s:n, s:s}", "key", "board", "name", "Board", "level", "board", "place_id", "url", url);
    char name[160];
    snprintf(name, sizeof name, "%s committee", json_string_value(json_object_get(place, "name")));
    return json_pack("{s:s, s:s, s:O, s:O, s:s}", "key", slug, "name", name, "level", json_object_get(place, "kind"),
                     "place_id", json_object_get(place, "id"), "url", url);
}

/* ---------- the path of a city, kept between views ----------
 * Every chapter page shows its path. Working it out costs the page a fifth of
 * its time, and it changes only when a chapter changes (its status or its
 * city: every such write sets chapters.updated_at), when places are added
 * (which changes no existing chain) or when the thresholds change. So each
 * process keeps the paths it worked out, each with the newest updated_at of
 * the chapters it was worked out at, and takes one again only while that is
 * still the newest (an index lookup) and the thresholds are the same. A path
 * worked out in the very second of the last change is not kept (a change in
 * that second could not be told apart), and none is kept longer than
 * MEMO_TTL seconds (a write that sets an older updated_at, as the demo's
 * history does, is seen by then). Escalating and passing up never use it. */
enum { MEMO_SLOTS = 512, MEMO_TTL = 60 };
typedef struct Memo {
    int64_t metro, stamp, at;
    GovThresholds t;
    json_t *path;
} Memo;
static Memo memo[MEMO_SLOTS];
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same(const GovThresholds *a, const GovThresholds *b)
{
    return a->metro == b->metro && a->region == b->region && a->country == b->country;
}

/* A copy of the kept path of `metro`, or NULL. */
static json_t *memo_get(int64_t metro, int64_t stamp, const GovThresholds *t, int64_t now)
{
    json_t *path = NULL;
    pthread_mutex_lock(&memo_lock);
    Memo *m = &memo[(uint64_t)metro % MEMO_SLOTS];
    if (m->path && m->metro == metro && m->stamp == stamp && m->at > stamp && now >= m->at && now - m->at < MEMO_TTL &&
        same(&m->t, t))
        path = json_deep_copy(m->path);
    pthread_mutex_unlock(&memo_lock);
    return path;
}

static void memo_put(int64_t metro, int64_t stamp, const GovThresholds *t, int64_t now, json_t *path)
{
    if (now <= stamp) return;
    json_t *copy = json_deep_copy(path), *old;
    pthread_mutex_lock(&memo_lock);
    Memo *m = &memo[(uint64_t)metro % MEMO_SLOTS];
    old = m->path;
    *m = (Memo){ metro, stamp, now, *t, copy };
    pthread_mutex_unlock(&memo_lock);
    json_decref(old);
}

static json_t *path_now(DbConn *c, Err *e, int64_t metro_id, const GovThresholds *t)
{
    json_t *rows = NULL;
    PathFacts f;
    int steps[GOV_CHAIN_MAX];
    if (chain_of(c, e, metro_id, t, &rows, &f) < 0) return NULL;
    int k = gov_path_of_facts(&f, steps);
    json_t *path = json_array();
    for (int i = 0; i < k; i++) json_array_append_new(path, step_json(json_array_get(rows, (size_t)steps[i])));
    json_array_append_new(path, step_json(NULL));
    json_decref(rows);
    return path;
}

json_t *gov_path_of_metro(DbConn *c, Err *e, int64_t metro_id)
{
    GovThresholds t = thresholds_now(c);
    int64_t stamp = 0, now = now_unix();
    if (chapters_changed_at(c, e, &stamp) < 0) return NULL;
    json_t *path = memo_get(metro_id, stamp, &t, now);
    if (path) return gov_names(path);   /* kept in English, read in the reader's language */
    if (!(path = path_now(c, e, metro_id, &t))) return NULL;
    memo_put(metro_id, stamp, &t, now, path);
    return gov_names(path);
}

json_t *gov_path_above(DbConn *c, Err *e, int64_t place_id)
{
    GovThresholds t = thresholds_now(c);
    json_t *rows = NULL;
    PathFacts f = { 0 };
    if (place_id && chain_of(c, e, place_id, &t, &rows, &f) < 0) return NULL;
    json_t *path = json_array();
    for (int i = gov_next_of_facts(&f, 0); i >= 0; i = gov_next_of_facts(&f, i))
        json_array_append_new(path, step_json(json_array_get(rows, (size_t)i)));
    json_array_append_new(path, step_json(NULL));
    json_decref(rows);
    return gov_names(path);
}

/* The place of step `i` of a chain's rows (-1: the board, 0). */
static int64_t place_at(json_t *rows, int i)
{
    return i < 0 ? 0 : json_integer_value(json_object_get(json_array_get(rows, (size_t)i), "id"));
}

int gov_first_step(DbConn *c, Err *e, int64_t metro_id, int64_t *place_id)
{
    GovThresholds t = thresholds_now(c);
    json_t *rows = NULL;
    PathFacts f;
    int steps[GOV_CHAIN_MAX];
    if (chain_of(c, e, metro_id, &t, &rows, &f) < 0) return -1;
    *place_id = place_at(rows, gov_path_of_facts(&f, steps) > 0 ? steps[0] : -1);
    json_decref(rows);
    return 0;
}

int gov_step_above(DbConn *c, Err *e, int64_t place_id, int64_t *next_place_id)
{
    GovThresholds t = thresholds_now(c);
    json_t *rows = NULL;
    PathFacts f;
    if (chain_of(c, e, place_id, &t, &rows, &f) < 0) return -1;
    *next_place_id = place_at(rows, gov_next_of_facts(&f, 0));
    json_decref(rows);
    return 0;
}

/* The index of the place whose id is `id` among rows sorted by id, or -1. */
typedef struct IdAt {
    int64_t id;
    int at;
} IdAt;

static int by_id(const void *x, const void *y)
{
    int64_t a = ((const IdAt *)x)->id, b = ((const IdAt *)y)->id;
    return (a > b) - (a < b);
}

static int index_of(const IdAt *ids, int n, int64_t id)
{
    IdAt key = { id, 0 };
    const IdAt *hit = id ? bsearch(&key, ids, (size_t)n, sizeof *ids, by_id) : NULL;
    return hit ? hit->at : -1;
}

json_t *gov_places_map(DbConn *c, Err *e)
{
    GovThresholds t = thresholds_now(c);
    json_t *rows = place_flat_rows(c, e);
    if (!rows) return NULL;
    int n = (int)json_array_size(rows);
    size_t m = (size_t)(n ? n : 1);
    IdAt *ids = malloc(m * sizeof *ids);
    MapPlace *places = malloc(m * sizeof *places);
    bool *on_path = malloc(m * sizeof *on_path);
    int64_t *subtree = malloc(m * sizeof *subtree);
    for (int i = 0; i < n; i++) ids[i] = (IdAt){ json_integer_value(json_object_get(json_array_get(rows, (size_t)i), "id")), i };
    qsort(ids, (size_t)n, sizeof *ids, by_id);
    for (int i = 0; i < n; i++) {
        json_t *p = json_array_get(rows, (size_t)i);
        places[i] = (MapPlace){ index_of(ids, n, json_integer_value(json_object_get(p, "parent_id"))),
                                json_string_value(json_object_get(p, "kind")), json_integer_value(json_object_get(p, "own_active")),
                                json_integer_value(json_object_get(p, "own_chapters")) > 0 };
    }
    gov_committee_map(places, n, &t, on_path, subtree);
    for (int i = 0; i < n; i++) {
        json_t *p = json_array_get(rows, (size_t)i);
        int64_t threshold = gov_threshold(&t, places[i].kind);
        json_object_set_new(p, "active", json_integer(subtree[i]));
        json_object_set_new(p, "threshold", json_integer(threshold));
        json_object_set_new(p, "is_dense", json_boolean(subtree[i] >= threshold));
        json_object_set_new(p, "on_path", json_boolean(on_path[i]));
        json_object_del(p, "own_active");
        json_object_del(p, "own_chapters");
    }
    free(ids);
    free(places);
    free(on_path);
    free(subtree);
    return rows;
}

static int settings_tx(DbConn *c, void *ctx, Err *e)
{
    const GovSettings *s = ctx;
    const char *keys[] = { "gov_metro_min", "gov_region_min", "gov_country_min" };
    const int64_t v[] = { s->t.metro, s->t.region, s->t.country };
    for (int i = 0; i < 3; i++) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)v[i]);
        if (setting_put(c, e, keys[i], n) < 0) return -1;
    }
    return s->electorate ? setting_put(c, e, "gov_committee_electorate", s->electorate) : 0;
}

void gov_settings_problems(const GovSettings *s, FieldErrs *problems)
{
    gov_thresholds_problems(&s->t, problems);
    if (s->electorate && !str_eq(s->electorate, "connectors") && !str_eq(s->electorate, "members"))
        field_err(problems, "gov_committee_electorate",
                  "Choose who elects a place's committee: the connectors of its chapters, or all their members.");
}

int gov_settings_save(DbConn *c, Err *e, const GovSettings *s, FieldErrs *problems)
{
    gov_settings_problems(s, problems);
    if (fields_check(problems, e) < 0) return -1;
    int rc = db_write(c, settings_tx, (void *)s, e);
    thresholds_forget();
    return rc;
}

/* ---------- what the hub and the place pages show ---------- */

static json_t *find_by(json_t *rows, const char *key, int64_t id)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
        if (json_integer_value(json_object_get(x, key)) == id) return x;
    return NULL;
}

/* "1 open matter", "4 active chapters" (into buf), in the reader's language. */
static void open_matters(char *buf, size_t size, json_t *row)
{
    long long n = json_integer_value(json_object_get(row, "open_matters"));
    snprintf(buf, size, trn("%lld open matter", "%lld open matters", n), n);
}

static void active_chapters(char *buf, size_t size, json_t *place)
{
    long long n = json_integer_value(json_object_get(place, "active"));
    snprintf(buf, size, trn("%lld active chapter", "%lld active chapters", n), n);
}

/* A place's committee as the hub and the place page show it (existing or called for). */
static json_t *committee_entry(json_t *place, json_t *row, json_t *map)
{
    json_t *parent = find_by(map, "id", json_integer_value(json_object_get(place, "parent_id")));
    const char *name = json_string_value(json_object_get(place, "name"));
    char title[200], url[160], active[40], open[40];
    snprintf(title, sizeof title, _("%s committee"), name);
    active_chapters(active, sizeof active, place);
    open_matters(open, sizeof open, row);
    snprintf(url, sizeof url, "/committees/%s", json_string_value(json_object_get(place, "slug")));
    return json_pack("{s:O, s:s, s:s, s:O, s:O, s:s?, s:O, s:s, s:O, s:O, s:O, s:I, s:I, s:I, s:s, s:b, s:s}", "key",
                     json_object_get(place, "slug"), "name", title, "place_name", name, "place_slug", json_object_get(place, "slug"),
                     "level", json_object_get(place, "kind"), "within", json_string_value(json_object_get(parent, "name")),
                     "active", json_object_get(place, "active"), "active_label", active, "threshold", json_object_get(place, "threshold"), "is_dense",
                     json_object_get(place, "is_dense"), "on_path", json_object_get(place, "on_path"), "members",
                     (json_int_t)json_integer_value(json_object_get(row, "members")), "seats",
                     (json_int_t)(row ? json_integer_value(json_object_get(row, "seats")) : 5), "open_matters",
                     (json_int_t)json_integer_value(json_object_get(row, "open_matters")), "open_label", open, "exists", row != NULL,
                     "url", url);
}

json_t *gov_hub_view(DbConn *c, Err *e, int64_t now)
{
    json_t *map = gov_places_map(c, e), *rows = map ? committee_counts(c, e, now) : NULL, *out = NULL;
    if (!rows) goto done;
    GovThresholds t = thresholds_now(c);
    static const char *const levels[][2] = { { "country", N_("Countries") }, { "region", N_("Regions") }, { "metro", N_("Cities") } };
    json_t *list = json_array();
    int64_t count = 0;
    for (size_t l = 0; l < 3; l++) {
        json_t *entries = json_array();
        size_t i;
        json_t *p;
        json_array_foreach(map, i, p) {
            if (!str_eq(json_string_value(json_object_get(p, "kind")), levels[l][0])) continue;
            json_t *row = find_by(rows, "place_id", json_integer_value(json_object_get(p, "id")));
            if (row || json_is_true(json_object_get(p, "on_path"))) json_array_append_new(entries, committee_entry(p, row, map));
        }
        count += (int64_t)json_array_size(entries);
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:b, s:b, s:b}", "level", levels[l][0], "label", tr(levels[l][1]),
                                              "committees", entries, "_is_country", l == 0, "_is_region", l == 1, "_is_metro", l == 2));
    }
    json_t *board = find_by(rows, "place_id", 0);
    char open[40];
    open_matters(open, sizeof open, board);
    Arena a;
    arena_init(&a, 256);
    out = json_pack("{s:{s:I, s:I, s:I}, s:s, s:o, s:I, s:{s:s, s:s, s:s, s:I, s:I, s:I, s:s}}", "thresholds", "metro",
                    (json_int_t)t.metro, "region", (json_int_t)t.region, "country", (json_int_t)t.country, "electorate",
                    gov_committee_electorate(c, &a), "levels", list, "committee_count", (json_int_t)count, "board", "key",
                    "board", "name", _("Board"), "url", "/committees/board", "members",
                    (json_int_t)json_integer_value(json_object_get(board, "members")), "seats",
                    (json_int_t)(board ? json_integer_value(json_object_get(board, "seats")) : 5), "open_matters",
                    (json_int_t)json_integer_value(json_object_get(board, "open_matters")), "open_label", open);
    arena_release(&a);
done:
    json_decref(map);
    json_decref(rows);
    return out;
}

json_t *gov_place_view(DbConn *c, Err *e, int64_t place_id, int64_t now)
{
    json_t *map = gov_places_map(c, e), *rows = map ? committee_counts(c, e, now) : NULL, *out = NULL;
    if (!rows) goto done;
    json_t *p = find_by(map, "id", place_id);
    if (!p) {
        err_set(e, E_NOT_FOUND, "There is no such place.");
        goto done;
    }
    json_t *row = find_by(rows, "place_id", place_id);
    json_t *entry = committee_entry(p, row, map);
    bool has = row || json_is_true(json_object_get(p, "on_path"));
    char active[40];
    active_chapters(active, sizeof active, p);
    out = json_pack("{s:O, s:s, s:O, s:O, s:O, s:O, s:o}", "active", json_object_get(p, "active"), "active_label", active, "threshold",
                    json_object_get(p, "threshold"), "is_dense", json_object_get(p, "is_dense"), "on_path",
                    json_object_get(p, "on_path"), "level", json_object_get(p, "kind"), "committee", has ? entry : json_null());
    if (!has) json_decref(entry);
    if (str_eq(json_string_value(json_object_get(p, "kind")), "metro")) {
        json_t *path = gov_path_of_metro(c, e, place_id);
        if (!path) {
            json_decref(out);
            out = NULL;
            goto done;
        }
        json_object_set_new(out, "path", path);
    }
done:
    json_decref(map);
    json_decref(rows);
    return out;
}

int gov_committee_load(DbConn *c, Err *e, const char *key, int64_t now, json_t **out)
{
    *out = NULL;
    if (!str_eq(key, "board")) {
        json_t *place = NULL, *row = NULL;
        int found = place_by_key(c, e, key, &place);
        if (found <= 0) return found;
        int64_t id = json_integer_value(json_object_get(place, "id"));
        json_decref(place);
        if ((found = committee_row_by_place(c, e, id, &row)) != 0) {
            *out = row;
            return found;
        }
        json_t *view = gov_place_view(c, e, id, now);
        if (!view) return -1;
        bool called = json_is_true(json_object_get(view, "on_path"));
        json_decref(view);
        if (!called) return 0;
    }
    return committee_find(c, e, key, out);
}
