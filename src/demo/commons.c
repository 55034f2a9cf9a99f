/* commons.c - the demo's knowledge commons (data/demo/commons.json): the
 * session notes, tools, techniques, templates, stories and recordings that
 * chapters and events wrote over the last year, the adaptations other chapters
 * made of them in other cities (some of adaptations, two or three deep), the
 * later revisions of a few, and the uses that chapters and events recorded,
 * so that the spread of an item, an author's reach and the sponsors' report
 * show something at once. A few are written together and published once every
 * author consented; a story quotes members who consented; one waits for the
 * documented connector's consent (her /commons/mine shows it), one is still
 * her draft, and one was withdrawn by a co-author, which leaves its tombstone.
 *
 * Everything goes through the commons' operations (item_create, with
 * based_on_id for an adaptation; item_add_person, item_publish, item_consent,
 * item_edit, use_record), each given the moment it happened, so revisions,
 * consents, publication and uses carry their own dates; the e-mail those
 * operations queued for the past is marked as sent when it was. People are
 * named by their part in the chapter ("connector", "member:N"), by first name
 * (the documented logins) or as an event's organiser; each must have joined
 * the chapter by then (a clear error otherwise, as for anything the
 * operations refuse). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/zone.h"
#include "commons/commons.h"
#include "demo/demo.h"
#include "demo/internal.h"

typedef struct Past {          /* a past event, as the database has it */
    int64_t id, organiser, starts, ends;
    const char *tz;
} Past;

typedef struct Kn {
    Demo *d;
    DbConn *c;
    FieldErrs fe;              /* the operations' field problems (the data has none) */
    int64_t *id;               /* by item of the data */
    Past *ev;                  /* by event of the data, looked up when first named */
    int64_t mark;              /* the newest outbox row already settled */
} Kn;

static FieldErrs *fresh(Kn *k)
{
    k->fe.n = 0;
    k->fe.at = NULL;
    return &k->fe;
}

/* A moment no later than `margin` before now. */
static int64_t past(const Kn *k, int64_t t, int64_t margin)
{
    return t < k->d->now - margin ? t : k->d->now - margin;
}

/* What an operation refused, with the item and what the demo was doing. */
static int refused(Err *e, const ItemDef *it, const char *doing)
{
    char was[sizeof e->msg + sizeof e->field + 2];
    snprintf(was, sizeof was, "%s%s%s", e->field, e->field[0] ? ": " : "", e->msg);
    int code = e->code ? e->code : E_INTERNAL;
    err_set(e, code, "data/demo/commons.json: \"%s\": %s: %s", it->title, doing, was);
    return -1;
}

/* The e-mail queued since the last call belongs to the moment `at`: sent then when it is past, waiting when it is
 * this last hour's. */
static int settle(Kn *k, int64_t at, Err *e)
{
    if (demo_outbox_settle(k->c, e, k->mark, at, at < k->d->now - HOUR) < 0) return -1;
    return demo_outbox_last(k->c, e, &k->mark);
}

/* ---------- who ---------- */

/* The seat in chapter ch of someone named by their part or first name (not someone who left), or -1. */
static int seat_of(const Demo *d, const Chap *ch, const char *who)
{
    bool connector = str_eq(who, "connector"), member = str_starts(who, "member:");
    int want = connector ? 1 : member ? atoi(who + 7) : 0, fixed = -1;
    for (int i = 0; i < 2 && !connector && !member; i++)
        if (str_starts(d->people[i].name, who)) fixed = i;
    for (int s = 0, seen = 0; s < ch->n; s++) {
        if (ch->left[s]) continue;
        if (fixed >= 0 ? ch->who[s] == fixed : ch->connector[s] == connector && ++seen == want) return s;
    }
    return -1;
}

/* The user named in chapter k, who must be in it at `at`: the id, or -1 with e. */
static int64_t named(Kn *k, const ItemDef *it, int ch, const char *who, int64_t at, Err *e)
{
    const Chap *c = &k->d->chap[ch];
    const char *chapter = k->d->data->chapters[ch].name;
    int s = seat_of(k->d, c, who);
    if (s < 0) return demo_commons_bad(e, it->title, "names %s of %s, who is not there", who, chapter);
    if (c->at[s] > at)
        return demo_commons_bad(e, it->title, "names %s of %s, who joined %lld days ago, after the moment named (%lld days ago)",
                                who, chapter, (long long)((k->d->now - c->at[s]) / DAY), (long long)((k->d->now - at) / DAY));
    return k->d->people[c->who[s]].id;
}

/* A past event of the data, looked up once. */
static int event_of(Kn *k, int i, const Past **out, Err *e)
{
    Past *p = &k->ev[i];
    if (!p->id) {
        json_t *row = NULL;
        const char *title = k->d->data->events[i].title;
        int found = demo_event_past(k->c, e, title, k->d->now, &row);
        if (found <= 0) {
            json_decref(row);
            return found < 0 ? -1 : err_set(e, E_INTERNAL, "data/demo/commons.json: the event %s was not made.", title);
        }
        *p = (Past){ json_integer_value(json_object_get(row, "id")), json_integer_value(json_object_get(row, "organiser_id")),
                     json_integer_value(json_object_get(row, "starts_at")), json_integer_value(json_object_get(row, "ends_at")),
                     arena_strdup(&k->d->a, json_string_value(json_object_get(row, "timezone"))) };
        json_decref(row);
    }
    *out = p;
    return 0;
}

/* The chapter whose members an item names: its own, or its event's host (or first co-host). */
static int chapter_of(const DemoData *w, const ItemDef *it)
{
    if (it->chapter >= 0) return it->chapter;
    const EventDef *x = &w->events[it->event];
    return chapter_named(w, x->host ? x->host : x->cohosts[0]);
}

/* ---------- items ---------- */

/* Each of the n people in who[] consents, 3 hours to `within` after `after`. */
static int everyone_consents(Kn *k, const ItemDef *it, int64_t id, const int64_t *who, int n, int64_t after, int64_t within,
                             Err *e)
{
    for (int i = 0; i < n; i++) {
        int64_t t = past(k, after + rng_range(&k->d->rng, 3 * HOUR, within), 2 * HOUR);
        if (item_consent(k->c, e, id, who[i], true, NULL, t) < 0) return refused(e, it, "giving consent");
        if (settle(k, t, e) < 0) return -1;
    }
    return 0;
}

/* Names the co-authors and the members quoted (who[]), then asks to publish,
 * and (unless it is to wait) each consents. */
static int consents_make(Kn *k, const ItemDef *it, int64_t id, int64_t by, int64_t at, int64_t *who, Err *e)
{
    Demo *d = k->d;
    int ch = chapter_of(d->data, it), n = it->nwith + it->nquote;
    for (int i = 0; i < n; i++) {
        bool author = i < it->nwith;
        at += 20 * 60;
        if ((who[i] = named(k, it, ch, author ? it->with[i] : it->quotes[i - it->nwith], at, e)) < 0) return -1;
        if (item_add_person(k->c, e, id, who[i], author ? "author" : "quoted", by, at) < 0) return refused(e, it, "naming someone");
        if (who[i] == d->people[P_INES].id) d->cm.ines_named++, d->cm.ines_waiting += it->state == IS_AWAITING;
    }
    if (it->state == IS_DRAFT) return settle(k, at, e);
    int64_t published = past(k, at + rng_range(&d->rng, 2 * HOUR, 30 * HOUR), 3 * HOUR);
    if (item_publish(k->c, e, id, by, published) < 0) return refused(e, it, "publishing it");
    if (settle(k, published, e) < 0) return -1;
    if (it->state == IS_AWAITING) return 0;
    return everyone_consents(k, it, id, who, n, published, 48 * HOUR, e);
}

/* Its later revisions: words added at the end by its first author; the
 * others named (who[]) consent again to the new words (the same day). */
static int edits_make(Kn *k, const ItemDef *it, int64_t id, int64_t by, const int64_t *who, Err *e)
{
    Buf b;
    buf_init(&b, &k->d->a);
    buf_adds(&b, it->body);
    for (int i = 0; i < it->nedit; i++) {
        const EditDef *v = &it->edits[i];
        buf_adds(&b, v->add);
        ItemIn in = { .body = buf_str(&b), .note = v->note, .by = by, .now = k->d->now - v->days * DAY };
        if (item_edit(k->c, e, id, &in, fresh(k)) < 0) return refused(e, it, "revising it");
        /* before the next revision: they are at least a day apart */
        if (everyone_consents(k, it, id, who, it->nwith + it->nquote, in.now, 20 * HOUR, e) < 0) return -1;
    }
    return 0;
}

static int item_make(Kn *k, int i, Err *e)
{
    Demo *d = k->d;
    const ItemDef *it = &d->data->items[i];
    const Past *ev = NULL;
    int64_t at = d->now - it->days * DAY - rng_range(&d->rng, 0, 5 * HOUR);
    if (it->event >= 0 && event_of(k, it->event, &ev, e) < 0) return -1;
    ItemIn in = { .kind = it->kind, .title = it->title, .summary = it->summary, .body = it->body, .url = it->url,
                  .licence = it->licence, .tags = it->tags, .origin = ev ? "event" : "chapter",
                  .chapter_id = ev ? 0 : d->chap[it->chapter].id, .event_id = ev ? ev->id : 0,
                  .based_on_id = it->based_on >= 0 ? k->id[it->based_on] : 0, .now = at };
    if (ev && at < ev->ends) return demo_commons_bad(e, it->title, "is written before its event was over");
    in.by = str_eq(it->by, "organiser") ? ev->organiser : named(k, it, chapter_of(d->data, it), it->by, at, e);
    if (in.by < 0) return -1;
    if (item_create(k->c, e, &in, fresh(k), &k->id[i]) < 0) return refused(e, it, "writing it");
    int64_t who[2 * MAX_NAMED];
    if (settle(k, at, e) < 0 || consents_make(k, it, k->id[i], in.by, at, who, e) < 0) return -1;
    d->cm.coauthored += it->nwith > 0;
    if (in.by == d->people[P_INES].id) d->cm.ines_named++, d->cm.ines_drafts += it->state == IS_DRAFT;
    if (it->depth > d->cm.depth) d->cm.depth = it->depth;
    return edits_make(k, it, k->id[i], in.by, who, e);
}

/* ---------- uses, and the one consent taken back ---------- */

static int use_make(Kn *k, const ItemDef *it, int64_t id, const UseDef *x, Err *e)
{
    Demo *d = k->d;
    char day[11], hm[6];
    UseIn in = { .item_id = id, .outcome = x->outcome, .note = x->note ? x->note : "" };
    if (x->event >= 0) {
        const Past *ev = NULL;
        if (event_of(k, x->event, &ev, e) < 0) return -1;
        time_local_parts(ev->starts, ev->tz, day, hm);
        in.event_id = ev->id;
        in.by = ev->organiser;
        in.now = past(k, ev->ends + rng_range(&d->rng, 2 * HOUR, 48 * HOUR), 10 * 60);
    } else {
        int64_t t = d->now - x->days * DAY + rng_range(&d->rng, -4 * HOUR, 4 * HOUR);
        time_local_parts(t, d->metro_tz[d->data->chapters[x->chapter].metro], day, hm);
        in.chapter_id = d->chap[x->chapter].id;
        in.now = past(k, t + rng_range(&d->rng, HOUR, 30 * HOUR), 10 * 60);
        if ((in.by = named(k, it, x->chapter, "connector", t, e)) < 0) return -1;
    }
    in.used_on = arena_strdup(&d->a, day);
    int64_t use = 0;
    if (use_record(k->c, e, &in, fresh(k), &use) < 0) return refused(e, it, "recording a use");
    d->cm.uses++;
    return 0;
}

static int withdraw_make(Kn *k, const ItemDef *it, int64_t id, Err *e)
{
    int64_t at = k->d->now - it->withdrawn_days * DAY + rng_range(&k->d->rng, 0, 6 * HOUR);
    int64_t who = named(k, it, chapter_of(k->d->data, it), it->withdrawn_by, at, e);
    if (who < 0) return -1;
    if (item_consent(k->c, e, id, who, false, it->withdrawn_reason, at) < 0) return refused(e, it, "taking consent back");
    return settle(k, at, e);
}

int demo_commons_make(Demo *d, DbConn *c, Err *e)
{
    const DemoData *w = d->data;
    Kn k = { .d = d, .c = c, .fe = { .a = &d->a } };
    k.id = arena_alloc(&d->a, sizeof *k.id * (size_t)w->nitem);
    k.ev = arena_alloc(&d->a, sizeof *k.ev * (size_t)(w->nevent + 1));
    memset(k.ev, 0, sizeof *k.ev * (size_t)(w->nevent + 1));
    memset(&d->cm, 0, sizeof d->cm);
    d->rng.s = DEMO_SEED ^ 0x636f6d6d6f6e7301ull;
    if (demo_outbox_last(c, e, &k.mark) < 0) return -1;
    for (int i = 0; i < w->nitem; i++)
        if (item_make(&k, i, e) < 0) return -1;
    /* the uses once every item is there (an adaptation's uses are its own), then the consent taken back */
    for (int i = 0; i < w->nitem; i++)
        for (int u = 0; u < w->items[i].nuse; u++)
            if (use_make(&k, &w->items[i], k.id[i], &w->items[i].uses[u], e) < 0) return -1;
    for (int i = 0; i < w->nitem; i++)
        if (w->items[i].state == IS_WITHDRAWN && withdraw_make(&k, &w->items[i], k.id[i], e) < 0) return -1;
    d->cm.items = w->nitem;
    return 0;
}
