/* spread.c - the operations of spread: recording that a chapter or an event
 * used an item, and the reach views made from the store's rows by the pure
 * figures of rules_spread.c: an item's reach (its page and the panel on the
 * item page), an author's, and the sponsors' report (page and CSV).
 *
 * Who may record a use: a member of the chapter that used it, or whoever
 * runs the event that used it (its organiser, a connector of its host
 * chapter). Only a published item can be used (404 otherwise). The day is
 * checked in the place of the chapter or event: not to come yet, not before
 * the item was added to the commons; one use per chapter (or event), item
 * and day. A use recorded on a peer node of one of this node's items is kept
 * as the peer told it (use_remote_record, from federation's inbox) and counts
 * in the same figures. */
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "commons/commons.h"
#include "commons/store_spread.h"
#include "ledger/ledger.h"
#include "web/model.h"

/* ---------- recording a use ---------- */

typedef struct UseTx {
    UseIn in;
    FieldErrs *f;
    int64_t id;
} UseTx;

/* "chapter:<slug>" or "event:<slug>" into the ids (422 at used_by when it names nothing). */
static int used_by_resolve(DbConn *c, Err *e, UseIn *in)
{
    const char *by = in->used_by;
    if (str_empty(by)) return 0;
    int found = 0;
    if (str_starts(by, "chapter:")) found = spread_chapter_id(c, e, by + 8, &in->chapter_id);
    else if (str_starts(by, "event:")) found = spread_event_id(c, e, by + 6, &in->event_id);
    if (found < 0) return -1;
    if (!found) return err_field(e, E_INVALID, "used_by", "Choose one of your chapters or events (chapter:<name> or event:<name>).");
    return 0;
}

/* The chapter or event that used it, if the recorder may speak for it: its place and zone. */
static int user_check(DbConn *c, Err *e, const UseIn *in, int64_t *place_id, const char **tz, Arena *a)
{
    json_t *who = NULL;
    bool chapter = in->chapter_id > 0;
    int found = chapter ? spread_chapter_user(c, e, in->chapter_id, in->by, &who) : spread_event_user(c, e, in->event_id, in->by, &who);
    if (found <= 0) return found < 0 ? -1 : err_field(e, E_INVALID, "used_by", "There is no such %s.", chapter ? "chapter" : "event");
    int rc = 0;
    const char *name = json_string_value(json_object_get(who, "name")), *status = json_string_value(json_object_get(who, "status"));
    if (!json_is_true(json_object_get(who, "can_record")))
        rc = chapter ? err_set(e, E_FORBIDDEN, "Only members of %s can record that it used an item.", name)
                     : err_set(e, E_FORBIDDEN, "Only the organisers of %s can record that it used an item.", name);
    else if (str_eq(status, chapter ? "closed" : "cancelled"))
        rc = err_field(e, E_CONFLICT, "used_by", "%s is %s: it records no more uses.", name, status);
    *place_id = json_integer_value(json_object_get(who, "place_id"));
    *tz = arena_strdup(a, json_string_value(json_object_get(who, "timezone")));
    json_decref(who);
    return rc;
}

static int use_tx(DbConn *c, void *ctx, Err *e)
{
    UseTx *t = ctx;
    UseIn *in = &t->in;
    json_t *item = NULL;
    int found = spread_item_row(c, e, in->item_id, &item);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such item in the commons.");
    int rc = -1;
    if (!str_eq(json_string_value(json_object_get(item, "status")), "published")) {
        err_set(e, E_NOT_FOUND, "\"%s\" is not published: uses are recorded only for published items.",
                json_string_value(json_object_get(item, "title")));
        goto done;
    }
    if (used_by_resolve(c, e, in) < 0) goto done;
    int64_t place_id = 0, used_on = 0;
    const char *tz = "UTC";
    if ((in->chapter_id > 0) != (in->event_id > 0)) {   /* else use_fields_check says what is missing */
        if (user_check(c, e, in, &place_id, &tz, t->f->a) < 0) goto done;
    }
    char today[11], not_before[11], hm[6];
    time_local_parts(in->now, tz, today, hm);
    time_local_parts(json_integer_value(json_object_get(item, "created_at")), tz, not_before, hm);
    use_fields_check(in, today, not_before, t->f, &used_on);
    if (fields_check(t->f, e) < 0) goto done;
    int dup = spread_use_exists(c, e, in->item_id, in->chapter_id, in->event_id, used_on);
    if (dup < 0) goto done;
    if (dup) {
        err_field(e, E_CONFLICT, "used_on", "This use is already recorded: the same %s on %s.", in->chapter_id ? "chapter" : "event",
                  in->used_on);
        goto done;
    }
    rc = spread_use_insert(c, e, in, place_id, used_on, &t->id);
done:
    json_decref(item);
    return rc;
}

int use_record(DbConn *c, Err *e, const UseIn *in, FieldErrs *f, int64_t *id)
{
    Arena local;
    arena_init(&local, 1024);
    FieldErrs own = { .a = &local };
    UseTx t = { .in = *in, .f = f ? f : &own };
    int rc = db_write(c, use_tx, &t, e);
    if (rc == 0 && id) *id = t.id;
    arena_release(&local);
    return rc;
}

/* ---------- a use told by a peer node ---------- */

int use_remote_record(DbConn *c, Err *e, const RemoteUseIn *in)
{
    int64_t used_on = 0, item_id = 0;
    if (str_empty(in->use_url) || str_empty(in->chapter_url) || str_empty(in->chapter_name) ||
        str_utf8_len(in->chapter_name) > 200 || str_utf8_len(in->city) > 200 || str_utf8_len(in->country) > 200)
        return err_set(e, E_BAD_REQUEST, "A Use names its chapter (an id and a name of at most 200 characters).");
    if (!spread_day_parse(in->used_on, &used_on))
        return err_set(e, E_BAD_REQUEST, "A Use's usedOn is a day, YYYY-MM-DD.");
    if (!use_outcome_label(in->outcome))
        return err_set(e, E_BAD_REQUEST, "A Use's outcome is worked, mixed or did_not_work.");
    int found = spread_published_id(c, e, in->item_slug, &item_id);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "No published item of this node is called %s.", in->item_slug);
    return spread_remote_use_insert(c, e, in, item_id, used_on);
}

/* ---------- reach ---------- */

json_t *item_reach(DbConn *c, Err *e, int64_t item_id)
{
    Arena a;
    arena_init(&a, 8192);
    SpreadData d;
    json_t *out = NULL;
    if (spread_load(c, e, &a, SPREAD_ITEM, item_id, &d) == 0) {
        Reach r;
        reach_compute(&a, &d, item_id, now_unix(), &r);
        out = reach_json(&r, &d);
    }
    arena_release(&a);
    return out;
}

/* The figures, and for pages the chart and its table: {reach, _chart{bins[{name, uses}], summary}, _reach_chart_html}. */
static json_t *reach_view_of(Arena *a, const SpreadData *d, int64_t top, int64_t now, const char *chart_id, const char *title)
{
    Reach r;
    reach_compute(a, d, top, now, &r);
    json_t *view = json_pack("{s:o, s:s}", "reach", reach_json(&r, d), "_uses_of",
                             top ? "of it and its adaptations" : "of them and their adaptations");
    ChartBin *bins = NULL;
    size_t n = reach_chart_bins(a, &r, &bins);
    if (!n || !r.uses) return view;
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(rows, json_pack("{s:s, s:I}", "name", bins[i].name, "uses", (json_int_t)bins[i].uses));
    json_object_set_new(view, "_chart", json_pack("{s:o, s:s, s:s}", "bins", rows, "summary", reach_chart_summary(a, bins, n), "id", chart_id));
    model_set_html(view, "_reach_chart_html", reach_chart_svg(a, bins, n, chart_id, title));
    return view;
}

static json_t *nest(json_t *row, const char *key, const char *slug_col, const char *name_col, const char *name_key)
{
    json_t *slug = json_object_get(row, slug_col), *name = json_object_get(row, name_col);
    json_t *v = json_is_string(name) || json_is_string(slug)
                    ? json_pack("{s:O?, s:O?}", "slug", json_is_string(slug) ? slug : NULL, name_key, json_is_string(name) ? name : NULL)
                    : json_null();
    json_object_set_new(row, key, v);
    json_object_del(row, slug_col);
    json_object_del(row, name_col);
    return row;
}

/* A use as the pages and the API show it. */
static void use_shape(Arena *a, json_t *u)
{
    nest(u, "item", "item_slug", "item_title", "title");
    nest(u, "chapter", "chapter_slug", "chapter_name", "name");
    nest(u, "event", "event_slug", "event_title", "title");
    nest(u, "place", "place_slug", "place_name", "name");
    if (json_is_string(json_object_get(u, "peer_url")))   /* a use a peer node told of: its chapter lives there */
        json_object_set_new(u, "peer", json_pack("{s:O, s:O, s:O}", "url", json_object_get(u, "peer_url"), "name",
                                                 json_object_get(u, "peer_name"), "host", json_object_get(u, "peer_host")));
    else
        json_object_del(u, "peer_place");
    static const char *const flat[] = { "peer_url", "peer_name", "peer_host" };
    for (size_t i = 0; i < 3; i++) json_object_del(u, flat[i]);
    json_object_set_new(u, "outcome_label", json_string(use_outcome_label(json_string_value(json_object_get(u, "outcome")))));
    json_object_set_new(u, "used_on", json_string(time_iso_date(a, json_integer_value(json_object_get(u, "used_on")))));
}

json_t *reach_item_view(DbConn *c, Err *e, Arena *a, int64_t item_id, int64_t now)
{
    SpreadData d;
    if (spread_load(c, e, a, SPREAD_ITEM, item_id, &d) < 0) return NULL;
    json_t *uses = spread_uses_list(c, e, item_id, USES_SHOWN);
    if (!uses) return NULL;
    size_t i;
    json_t *u;
    json_array_foreach(uses, i, u) use_shape(a, u);
    json_t *view = reach_view_of(a, &d, item_id, now, "reach-chart", "Uses over time");
    json_object_set_new(view, "uses", uses);
    json_object_set_new(view, "uses_more", json_boolean((int64_t)json_array_size(uses) >= USES_SHOWN));
    return view;
}

json_t *use_form_view(DbConn *c, Err *e, int64_t viewer, int64_t now, const char *next, const UseIn *typed)
{
    json_t *choices = viewer ? spread_use_choices(c, e, viewer, now - 400 * 86400LL) : json_array();
    if (!choices) return NULL;
    size_t i;
    json_t *ch;
    json_array_foreach(choices, i, ch)
        json_object_set_new(ch, "is_selected", json_boolean(typed && str_eq(typed->used_by, json_string_value(json_object_get(ch, "value")))));
    json_t *outcomes = use_outcome_options(typed ? typed->outcome : NULL);
    char today[11], hm[6];
    time_local_parts(now, "UTC", today, hm);
    return json_pack("{s:{s:o, s:o, s:s, s:s, s:b, s:b}}", "_use_form", "choices", choices, "outcomes", outcomes, "today", today,
                     "next", next ? next : "", "can_record", json_array_size(choices) > 0, "is_member", viewer > 0);
}

/* Each item of a scope with its own reach, from the families loaded once. */
static json_t *items_with_reach(DbConn *c, Err *e, Arena *a, SpreadScope scope, int64_t key, const SpreadData *d, int64_t now)
{
    json_t *items = spread_items(c, e, scope, key);
    if (!items) return NULL;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        Reach r;
        reach_compute(a, d, json_integer_value(json_object_get(it, "id")), now, &r);
        json_object_set_new(it, "reach", reach_json(&r, d));
        nest(it, "event", "event_slug", "event_title", "title");
        const Licence *l = licence_find(json_string_value(json_object_get(it, "licence")));
        if (l) json_object_set_new(it, "licence", json_pack("{s:s, s:s, s:s}", "code", l->code, "name", l->name, "url", l->url));
    }
    return items;
}

/* view.items (taken), items_count, and for pages the word and the table's caption. */
static void items_count(json_t *view, json_t *items, const char *caption)
{
    size_t n = json_array_size(items);
    json_object_set_new(view, "items", items);
    json_object_set_new(view, "items_count", json_integer((json_int_t)n));
    json_object_set_new(view, "_items_word", json_string(n == 1 ? "item" : "items"));
    json_object_set_new(view, "_items_caption", json_string(caption));
}

json_t *author_reach_view(DbConn *c, Err *e, Arena *a, int64_t user_id, int64_t now)
{
    json_t *author = NULL;
    int found = spread_author(c, e, user_id, &author);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "This member has no published item in the commons.");
        return NULL;
    }
    SpreadData d;
    json_t *items = NULL;
    if (spread_load(c, e, a, SPREAD_AUTHOR, user_id, &d) < 0 || !(items = items_with_reach(c, e, a, SPREAD_AUTHOR, user_id, &d, now))) {
        json_decref(author);
        return NULL;
    }
    json_t *view = reach_view_of(a, &d, 0, now, "author-chart", arena_printf(a, "Uses of %s's items over time",
                                                                             json_string_value(json_object_get(author, "name"))));
    json_object_set_new(view, "author", author);
    items_count(view, items, arena_printf(a, "%s's published items and their reach", json_string_value(json_object_get(author, "name"))));
    return view;
}

json_t *sponsor_report_view(DbConn *c, Err *e, Arena *a, const json_t *org, int64_t now)
{
    int64_t org_id = json_integer_value(json_object_get(org, "id"));
    SpreadData d;
    if (spread_load(c, e, a, SPREAD_SPONSOR, org_id, &d) < 0) return NULL;
    json_t *items = items_with_reach(c, e, a, SPREAD_SPONSOR, org_id, &d, now);
    if (!items) return NULL;
    json_t *events = spread_sponsored_events(c, e, org_id);
    if (!events) {
        json_decref(items);
        return NULL;
    }
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        nest(ev, "place", "place_slug", "place_name", "name");
        int64_t n = json_integer_value(json_object_get(ev, "items"));
        json_object_set_new(ev, "_items_text", n ? json_sprintf("%lld item%s in the commons", (long long)n, n == 1 ? "" : "s")
                                                  : json_string("nothing in the commons yet"));
    }
    json_t *view = reach_view_of(a, &d, 0, now, "sponsor-chart", "Uses over time of what came out of the events sponsored");
    json_object_set_new(view, "organisation", json_pack("{s:O, s:O, s:O}", "id", json_object_get(org, "id"), "name",
                                                        json_object_get(org, "name"), "slug", json_object_get(org, "slug")));
    items_count(view, items, "The items that came out of the events sponsored, and their reach");
    json_object_set_new(view, "events", events);
    return view;
}

/* ---------- the sponsors' report as CSV ---------- */

static const char *names_joined(Arena *a, const json_t *list)
{
    Buf b;
    buf_init(&b, a);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        if (i) buf_adds(&b, "; ");
        buf_adds(&b, json_string_value(json_object_get(p, "name")));
    }
    return buf_str(&b);
}

static void csv_int(Buf *b, Arena *a, const json_t *v, bool last)
{
    csv_number(b, json_is_integer(v) ? arena_printf(a, "%lld", (long long)json_integer_value(v)) : "", last);
}

int sponsor_report_csv(DbConn *c, Err *e, Arena *a, int64_t org_id, const char *base_url, int64_t now, Buf *b)
{
    SpreadData d;
    if (spread_load(c, e, a, SPREAD_SPONSOR, org_id, &d) < 0) return -1;
    json_t *items = items_with_reach(c, e, a, SPREAD_SPONSOR, org_id, &d, now);
    if (!items) return -1;
    static const char *const head[] = { "item", "url", "kind", "licence", "published_on", "event", "uses", "chapters", "events",
                                        "cities", "countries", "days_to_first_use_outside", "days_to_first_use_in_another_city",
                                        "adaptations", "adaptation_depth", "worked", "mixed", "did_not_work", "last_used_on",
                                        "city_names", "country_names" };
    static const char *const figures[] = { "uses", "chapters", "events", "cities", "countries", "first_outside_days",
                                           "first_other_city_days", "adaptations", "depth" };
    size_t nh = sizeof head / sizeof head[0];
    for (size_t k = 0; k < nh; k++) csv_cell(b, head[k], k == nh - 1);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_t *r = json_object_get(it, "reach"), *out = json_object_get(r, "outcomes"), *reached = json_object_get(r, "reached");
        csv_cell(b, json_string_value(json_object_get(it, "title")), false);
        csv_cell(b, arena_printf(a, "%s/commons/%s", base_url ? base_url : "", json_string_value(json_object_get(it, "slug"))), false);
        csv_cell(b, json_string_value(json_object_get(it, "kind")), false);
        csv_cell(b, json_string_value(json_object_get(json_object_get(it, "licence"), "code")), false);
        csv_cell(b, time_iso_date(a, json_integer_value(json_object_get(it, "published_at"))), false);
        csv_cell(b, json_string_value(json_object_get(json_object_get(it, "event"), "title")), false);
        for (size_t k = 0; k < sizeof figures / sizeof figures[0]; k++) csv_int(b, a, json_object_get(r, figures[k]), false);
        csv_int(b, a, json_object_get(out, "worked"), false);
        csv_int(b, a, json_object_get(out, "mixed"), false);
        csv_int(b, a, json_object_get(out, "did_not_work"), false);
        csv_cell(b, json_string_value(json_object_get(r, "last_used_on")), false);
        csv_cell(b, names_joined(a, json_object_get(reached, "cities")), false);
        csv_cell(b, names_joined(a, json_object_get(reached, "countries")), true);
    }
    json_decref(items);
    return 0;
}
