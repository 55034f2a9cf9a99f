/* data_commons.c - reads data/demo/commons.json, the knowledge commons on paper:
 * the items chapters and events wrote, the adaptations other chapters made of
 * them, their later revisions, and the uses that show how far each travelled.
 *
 * Every name is resolved here, before anything is written: the chapter or the
 * past event an item came from, the item an adaptation is based on (earlier in
 * the file, published, in another city, and older), the chapters and events
 * that used it (after it was written, before it was withdrawn). The item's own
 * words are checked by the commons' rules (item_fields_problems,
 * item_tags_parse), so a problem in the data stops the demo with the item's
 * title and the field at fault instead of failing half-way through the run.
 * Whether the people named are in their chapter at that moment is checked by
 * commons.c, which knows who joined when. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "commons/commons.h"
#include "demo/internal.h"

/* An event lasts at most three days, and moves from its `day` by up to a week
 * (onto its weekday, off a holiday); a first-Tuesday mixer by up to six weeks
 * into the past (the first Tuesday of that month, or of the month before). */
#define EVENT_AFTER 10       /* an item from an event: written at least this many days after its `day` */
#define EVENT_BEFORE 8       /* an item used at an event: written at least this many days before its `day` */
#define FIRST_TUE_BEFORE 43
#define USE_AFTER 5          /* a use: at least this many days after the item was written */
#define ADAPT_AFTER 3        /* an adaptation: at least this many days after what it is based on */

static const char *text(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int demo_commons_bad(Err *e, const char *title, const char *fmt, ...)
{
    err_set(e, E_INTERNAL, "data/demo/commons.json: \"%s\": ", title ? title : "(an item without a title)");
    size_t used = strlen(e->msg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg + used, sizeof e->msg - used, fmt, ap);
    va_end(ap);
    return -1;
}

/* The past event of that title (not the one to come of the same name), or -1. */
static int past_event(const DemoData *w, const char *title)
{
    for (int i = 0; title && i < w->nevent; i++)
        if (str_eq(w->events[i].title, title) && w->events[i].day < 0 && !(w->events[i].flags & EVF_CANCELLED)) return i;
    return -1;
}

/* Someone named by their part: "connector", "member:N" (N from 1), a documented login by first name, or (an
 * event's first author only) "organiser". */
static bool who_ok(const DemoData *w, const char *who, bool organiser)
{
    if (!who) return false;
    if (str_eq(who, "connector") || (organiser && str_eq(who, "organiser"))) return true;
    if (str_starts(who, "member:")) return atoi(who + 7) >= 1;
    for (int i = 0; i < 2; i++)
        if (str_starts(w->fixed[i].name, who) && strlen(who) >= 3) return true;
    return false;
}

static int names_into(const DemoData *w, json_t *a, const char **out, int *n, const char *title, Err *e)
{
    *n = 0;
    if (!a) return 0;
    if (!json_is_array(a) || json_array_size(a) > MAX_NAMED) return demo_commons_bad(e, title, "names at most %d people in \"with\" and \"quotes\"", MAX_NAMED);
    for (size_t i = 0; i < json_array_size(a); i++) {
        out[i] = json_string_value(json_array_get(a, i));
        if (!who_ok(w, out[i], false)) return demo_commons_bad(e, title, "names %s, not \"connector\", \"member:N\" or a documented login", out[i] ? out[i] : "nobody");
    }
    *n = (int)json_array_size(a);
    return 0;
}

/* The item's words, checked by the commons' own rules; the tags joined as an author would type them. */
static int words_load(DemoData *w, json_t *o, ItemDef *it, Err *e)
{
    Buf b;
    buf_init(&b, &w->a);
    json_t *tags = json_object_get(o, "tags"), *t;
    size_t i;
    json_array_foreach(tags, i, t) {
        const char *tag = json_string_value(t);
        if (!tag || strpbrk(tag, " ,")) return demo_commons_bad(e, it->title, "each tag is one word: \"%s\"", tag ? tag : "?");
        if (i) buf_adds(&b, " ");
        buf_adds(&b, tag);
    }
    it->tags = buf_str(&b);
    FieldErrs f = { .a = &w->a };
    ItemIn in = { .kind = it->kind, .title = it->title, .summary = it->summary, .body = it->body, .url = it->url,
                  .licence = it->licence };
    item_fields_problems(&in, true, &f);
    item_tags_parse(&w->a, it->tags, &f);
    if (!json_is_array(tags) || !json_array_size(tags)) field_err(&f, "tags", "Give it at least one tag.");
    if (str_empty(it->summary) || str_empty(it->body)) field_err(&f, "body", "Give it a summary and a body.");
    return f.n ? demo_commons_bad(e, it->title, "%s: %s", f.at[0].field, f.at[0].msg) : 0;
}

/* Where it came from: a chapter that is not closed, or a past event (written after it). */
static int origin_load(DemoData *w, json_t *o, ItemDef *it, Err *e)
{
    const char *chapter = text(o, "chapter"), *event = text(o, "event");
    it->chapter = chapter_named(w, chapter);
    it->event = past_event(w, event);
    if (!chapter == !event) return demo_commons_bad(e, it->title, "names a chapter or an event it came from (one of them)");
    if (chapter && it->chapter < 0) return demo_commons_bad(e, it->title, "comes from %s, a chapter the data does not have", chapter);
    if (chapter && w->chapters[it->chapter].status == ST_CLOSED) return demo_commons_bad(e, it->title, "comes from %s, a closed chapter", chapter);
    if (event && it->event < 0) return demo_commons_bad(e, it->title, "comes from %s, not a past event of events.json that took place", event);
    if (event && it->days > -w->events[it->event].day - EVENT_AFTER)
        return demo_commons_bad(e, it->title, "is written %d days ago, before %s was over (at most %d days ago)", it->days, event,
                   -w->events[it->event].day - EVENT_AFTER);
    if (!it->by) it->by = event ? "organiser" : NULL;
    if (!who_ok(w, it->by, event != NULL) || (event && !str_eq(it->by, "organiser") && !str_eq(it->by, "connector")))
        return demo_commons_bad(e, it->title, "is by %s: name its author as \"connector\", \"member:N\" or a documented login "
                   "(at an event, its organiser)", it->by ? it->by : "nobody");
    return 0;
}

static int metro_of(const DemoData *w, const ItemDef *it)
{
    return it->chapter >= 0 ? w->chapters[it->chapter].metro : w->events[it->event].metro;
}

/* An adaptation: of a published item earlier in the file, made in another city, later; a ShareAlike item's stay
 * ShareAlike. */
static int based_on_load(DemoData *w, json_t *o, ItemDef *it, int i, Err *e)
{
    const char *parent = text(o, "based_on");
    it->based_on = -1;
    if (!parent) return 0;
    for (int j = 0; j < i; j++)
        if (str_eq(w->items[j].title, parent)) it->based_on = j;
    if (it->based_on < 0) return demo_commons_bad(e, it->title, "is based on \"%s\", which is not an item before it in the file", parent);
    const ItemDef *p = &w->items[it->based_on];
    it->depth = p->depth + 1;
    if (p->state != IS_PUBLISHED) return demo_commons_bad(e, it->title, "is based on \"%s\", which is not published", parent);
    if (metro_of(w, p) == metro_of(w, it))
        return demo_commons_bad(e, it->title, "adapts \"%s\" in the same city: an adaptation comes from another city", parent);
    if (it->days > p->days - ADAPT_AFTER)
        return demo_commons_bad(e, it->title, "is written %d days ago, too soon after \"%s\" (%d days ago)", it->days, parent, p->days);
    if (str_eq(p->licence, "cc-by-sa-4.0") && it->licence && !str_eq(it->licence, "cc-by-sa-4.0"))
        return demo_commons_bad(e, it->title, "adapts a CC BY-SA 4.0 item: it keeps that licence (or names none)");
    if (str_eq(p->licence, "cc-by-sa-4.0")) it->licence = p->licence;
    return 0;
}

/* How it ends up: published (the default), awaiting the consent of those named, withdrawn by one of them, a draft. */
static int state_load(DemoData *w, json_t *o, ItemDef *it, Err *e)
{
    (void)w;
    json_t *wd = json_object_get(o, "withdrawn");
    bool awaiting = json_is_true(json_object_get(o, "awaiting")), draft = json_is_true(json_object_get(o, "draft"));
    if (awaiting + draft + (wd != NULL) > 1) return demo_commons_bad(e, it->title, "is at most one of awaiting, withdrawn and draft");
    it->state = awaiting ? IS_AWAITING : draft ? IS_DRAFT : wd ? IS_WITHDRAWN : IS_PUBLISHED;
    if (awaiting && !it->nwith && !it->nquote) return demo_commons_bad(e, it->title, "awaits the consent of nobody: name them in \"with\" or \"quotes\"");
    if (!wd) return 0;
    it->withdrawn_by = text(wd, "by");
    it->withdrawn_reason = text(wd, "reason");
    it->withdrawn_days = (int)json_integer_value(json_object_get(wd, "days"));
    bool named = false;
    for (int k = 0; k < it->nwith; k++) named = named || str_eq(it->with[k], it->withdrawn_by);
    for (int k = 0; k < it->nquote; k++) named = named || str_eq(it->quotes[k], it->withdrawn_by);
    if (!named || str_empty(it->withdrawn_reason) || it->withdrawn_days < 1 || it->withdrawn_days > it->days - USE_AFTER)
        return demo_commons_bad(e, it->title, "is withdrawn by someone named in \"with\" or \"quotes\", with a reason, after it was published");
    return 0;
}

static int edits_load(DemoData *w, json_t *o, ItemDef *it, Err *e)
{
    json_t *a = json_object_get(o, "edits"), *x;
    it->nedit = (int)json_array_size(a);
    it->edits = arena_alloc(&w->a, sizeof *it->edits * (size_t)(it->nedit + 1));
    size_t i;
    json_array_foreach(a, i, x) {
        EditDef *v = &it->edits[i];
        *v = (EditDef){ (int)json_integer_value(json_object_get(x, "days")), text(x, "note"), text(x, "add") };
        if (!v->note || !v->add || v->days < 1 || v->days >= (i ? it->edits[i - 1].days : it->days))
            return demo_commons_bad(e, it->title, "an edit needs a note, the words it adds, and a day after the item's (and the edit before)");
    }
    return 0;
}

/* One use: [chapter name or "event:<title>", days ago (null for an event: its day), outcome, note]. */
static int use_load(DemoData *w, json_t *u, ItemDef *it, UseDef *x, Err *e)
{
    const char *where = json_string_value(json_array_get(u, 0));
    *x = (UseDef){ -1, -1, (int)json_integer_value(json_array_get(u, 1)), json_string_value(json_array_get(u, 2)),
                   json_string_value(json_array_get(u, 3)) };
    if (!where) return demo_commons_bad(e, it->title, "a use names neither a chapter nor an event");
    if (str_starts(where, "event:")) {
        if ((x->event = past_event(w, where + 6)) < 0) return demo_commons_bad(e, it->title, "is used at %s, not a past event that took place", where + 6);
        const EventDef *ev = &w->events[x->event];
        int before = (ev->weekday == WD_FIRST_TUE ? FIRST_TUE_BEFORE : EVENT_BEFORE) - ev->day;
        if (it->days < before) return demo_commons_bad(e, it->title, "is used at %s, which may be before it was written (write it at least %d days ago)", where + 6, before);
        x->days = 0;
    } else {
        x->chapter = chapter_named(w, where);
        if (x->chapter < 0) return demo_commons_bad(e, it->title, "is used by %s, a chapter the data does not have", where);
        if (w->chapters[x->chapter].status == ST_CLOSED) return demo_commons_bad(e, it->title, "is used by %s, a closed chapter", where);
        if (x->days < 1 || x->days > it->days - USE_AFTER)
            return demo_commons_bad(e, it->title, "is used by %s %d days ago: a use is from %d days after the item to yesterday", where, x->days, USE_AFTER);
        if (it->state == IS_WITHDRAWN && x->days <= it->withdrawn_days)
            return demo_commons_bad(e, it->title, "is used by %s after it was withdrawn", where);
    }
    if (!use_outcome_label(x->outcome)) return demo_commons_bad(e, it->title, "a use's outcome is worked, mixed or did_not_work, not %s", x->outcome ? x->outcome : "nothing");
    if (x->note && str_utf8_len(x->note) > USE_NOTE_MAX) return demo_commons_bad(e, it->title, "a use's note is longer than %d characters", USE_NOTE_MAX);
    if (it->state != IS_PUBLISHED && it->state != IS_WITHDRAWN) return demo_commons_bad(e, it->title, "is used, but never published");
    return 0;
}

static int uses_load(DemoData *w, json_t *o, ItemDef *it, Err *e)
{
    json_t *a = json_object_get(o, "uses");
    it->nuse = (int)json_array_size(a);
    it->uses = arena_alloc(&w->a, sizeof *it->uses * (size_t)(it->nuse + 1));
    for (int i = 0; i < it->nuse; i++) {
        UseDef *x = &it->uses[i];
        if (use_load(w, json_array_get(a, (size_t)i), it, x, e) < 0) return -1;
        for (int j = 0; j < i; j++)
            if (it->uses[j].chapter == x->chapter && it->uses[j].event == x->event && it->uses[j].days == x->days)
                return demo_commons_bad(e, it->title, "the same use is listed twice");
    }
    return 0;
}

int demo_commons_load(DemoData *w, json_t *j, Err *e)
{
    json_t *items = json_object_get(j, "items");
    w->nitem = (int)json_array_size(items);
    if (w->nitem < 1) return err_set(e, E_INTERNAL, "data/demo/commons.json: has no items");
    w->items = arena_alloc(&w->a, sizeof *w->items * (size_t)w->nitem);
    for (int i = 0; i < w->nitem; i++) {
        json_t *o = json_array_get(items, (size_t)i);
        ItemDef *it = &w->items[i];
        *it = (ItemDef){ .title = text(o, "title"), .kind = text(o, "kind"), .summary = text(o, "summary"),
                         .body = text(o, "body"), .url = text(o, "url"), .licence = text(o, "licence"), .by = text(o, "by"),
                         .days = (int)json_integer_value(json_object_get(o, "days")) };
        for (int k = 0; k < i; k++)
            if (str_eq(w->items[k].title, it->title)) return demo_commons_bad(e, it->title, "has the title of another item");
        if (it->days < 1) return demo_commons_bad(e, it->title, "needs \"days\": how many days ago it was written (1 or more)");
        if (words_load(w, o, it, e) < 0 || origin_load(w, o, it, e) < 0 ||
            names_into(w, json_object_get(o, "with"), it->with, &it->nwith, it->title, e) < 0 ||
            names_into(w, json_object_get(o, "quotes"), it->quotes, &it->nquote, it->title, e) < 0 ||
            state_load(w, o, it, e) < 0 || based_on_load(w, o, it, i, e) < 0 || edits_load(w, o, it, e) < 0 ||
            uses_load(w, o, it, e) < 0)
            return -1;
        if (it->state != IS_PUBLISHED && it->nedit) return demo_commons_bad(e, it->title, "only a published item is revised in the demo");
    }
    return 0;
}
