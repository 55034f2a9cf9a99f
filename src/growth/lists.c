/* lists.c - the chapters needing attention that a person answers for, and
 * the white space: where members wait without a chapter. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "governance/governance.h"
#include "network/network.h"
#include "growth/store.h"

/* Names each chapter's rules broken ("risks") and joins them ("reasons"). */
static void name_risks(Arena *a, json_t *rows)
{
    json_t *row;
    size_t i;
    json_array_foreach(rows, i, row) {
        unsigned flags = (unsigned)json_integer_value(json_object_get(row, "risk_flags"));
        json_t *names = json_array();
        Buf b;
        buf_init(&b, a);
        for (unsigned bit = 1; bit <= RISK_ALL; bit <<= 1) {
            if (!(flags & bit)) continue;
            json_array_append_new(names, json_string(growth_risk_name(bit)));
            buf_printf(&b, "%s%s", b.len ? "; " : "", growth_risk_name(bit));
        }
        json_object_set_new(row, "risks", names);
        json_object_set_new(row, "_status_label", json_string(chapter_status_label(json_string_value(json_object_get(row, "status")))));
        json_object_set_new(row, "reasons", json_string(buf_str(&b)));
    }
}

static int group(json_t *groups, Arena *a, const char *title, const char *help, json_t *rows)
{
    if (!rows) return -1;
    name_risks(a, rows);
    json_array_append_new(groups, json_pack("{s:s, s:s, s:o, s:I}", "title", title, "help", help, "chapters", rows, "count",
                                            (json_int_t)json_array_size(rows)));
    return 0;
}

json_t *growth_attention(DbConn *c, Err *e, Arena *a, const Me *me, int64_t now)
{
    int64_t day;
    if (growth_last_day(c, e, &day) < 0) return NULL;
    json_t *v = json_pack("{s:b, s:o}", "has_days", day != 0, "groups", json_array()), *groups = json_object_get(v, "groups");
    if (!day) return v;
    json_object_set_new(v, "last_day", json_string(growth_day_words(a, day)));
    json_t *mine = committees_of(c, e, me->id, now);
    if (!mine) goto fail;
    bool board = false;
    json_t *k;
    size_t i;
    json_array_foreach(mine, i, k) board = board || str_eq(json_string_value(json_object_get(k, "key")), "board");
    int64_t runs = 0;
    if (growth_store_connector_of(c, e, me->id, &runs) < 0) goto fail;
    if (runs && group(groups, a, _("Chapters you run"), _("The chapters you are a connector of."),
                      growth_store_attention_run_by(c, e, day, me->id)) < 0)
        goto fail;
    json_array_foreach(mine, i, k) {
        const char *key = json_string_value(json_object_get(k, "key"));
        if (board || str_eq(key, "board")) continue;
        const char *title = arena_printf(a, "%s", json_string_value(json_object_get(k, "name")));
        if (group(groups, a, title, _("The chapters of the place your committee serves, and of the places within it."),
                  growth_store_attention_within(c, e, day, key)) < 0)
            goto fail;
    }
    if ((me->is_admin || board) &&
        group(groups, a, _("The whole network"),
              me->is_admin ? _("As an administrator you see every chapter.") : _("As a member of the board you see every chapter."),
              growth_store_attention_all(c, e, day)) < 0)
        goto fail;
    json_decref(mine);
    return v;
fail:
    json_decref(mine);
    json_decref(v);
    return NULL;
}

static int by_name(const void *x, const void *y)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)x, "name")),
                  json_string_value(json_object_get(*(json_t *const *)y, "name")));
}

/* The array's objects ordered by their "name" (a new array). */
static json_t *sorted_by_name(json_t *arr)
{
    size_t n = json_array_size(arr);
    json_t **v = calloc(n ? n : 1, sizeof *v), *out = json_array();
    for (size_t i = 0; i < n; i++) v[i] = json_array_get(arr, i);
    qsort(v, n, sizeof *v, by_name);
    for (size_t i = 0; i < n; i++) json_array_append(out, v[i]);
    free(v);
    json_decref(arr);
    return out;
}

/* The heat of a cell, 0 (none) to 4 (the most), against the largest cell. */
static int heat(int64_t n, int64_t max) { return n <= 0 || max <= 0 ? 0 : (int)((n * 4 + max - 1) / max); }

json_t *growth_white_space(DbConn *c, Err *e)
{
    json_t *rows = growth_store_white_space(c, e);
    if (!rows) return NULL;
    json_t *sectors = json_array(), *metros = json_array(), *sector_index = json_object(), *metro_index = json_object();
    json_t *row;
    size_t i;
    int64_t max = 0, total = 0;
    json_array_foreach(rows, i, row) {   /* the sectors named, in the order of their names */
        const char *slug = json_string_value(json_object_get(row, "sector_slug"));
        int64_t people = json_integer_value(json_object_get(row, "people"));
        if (people > max) max = people;
        total += people;
        if (!json_object_get(sector_index, slug)) {
            json_object_set_new(sector_index, slug, json_integer(0));
            json_array_append_new(sectors, json_pack("{s:s, s:s}", "name", json_string_value(json_object_get(row, "sector")), "slug", slug));
        }
    }
    sectors = sorted_by_name(sectors);
    for (size_t s = 0; s < json_array_size(sectors); s++)
        json_object_set_new(sector_index, json_string_value(json_object_get(json_array_get(sectors, s), "slug")), json_integer((json_int_t)s));
    size_t ns = json_array_size(sectors);
    json_array_foreach(rows, i, row) {
        const char *slug = json_string_value(json_object_get(row, "metro_slug"));
        json_t *m = json_object_get(metro_index, slug);
        if (!m) {
            json_t *cells = json_array();
            for (size_t s = 0; s < ns; s++)
                json_array_append_new(cells, json_pack("{s:I, s:I, s:i, s:b}", "people", (json_int_t)0, "chapters", (json_int_t)0, "level", 0,
                                                       "has_chapter", false));
            m = json_pack("{s:s, s:s, s:o, s:I}", "name", json_string_value(json_object_get(row, "metro")), "slug", slug, "cells", cells,
                          "people", (json_int_t)0);
            json_object_set(metro_index, slug, m);
            json_array_append_new(metros, m);
        }
        size_t s = (size_t)json_integer_value(json_object_get(sector_index, json_string_value(json_object_get(row, "sector_slug"))));
        int64_t people = json_integer_value(json_object_get(row, "people")), chapters = json_integer_value(json_object_get(row, "chapters"));
        json_t *cell = json_array_get(json_object_get(m, "cells"), s);
        json_object_set_new(cell, "people", json_integer(people));
        json_object_set_new(cell, "chapters", json_integer(chapters));
        json_object_set_new(cell, "level", json_integer(heat(people, max)));
        json_object_set_new(cell, "has_chapter", json_boolean(chapters > 0));
        json_object_set_new(m, "people", json_integer(json_integer_value(json_object_get(m, "people")) + people));
    }
    json_decref(rows);
    json_decref(sector_index);
    json_decref(metro_index);
    return json_pack("{s:o, s:o, s:I, s:I}", "metros", metros, "sectors", sectors, "people", (json_int_t)total, "max", (json_int_t)max);
}
