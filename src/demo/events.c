/* events.c - the apps of the demo network: the catalog of event formats
 * (data/demo/apps.json: the network's five, and the documented connector's
 * copy of the pitch night) and the events made from them (data/demo/events.json)
 * through src/events/ (event_create_in, event_signup, event_pay,
 * event_sponsorship, event_cost_pay, event_close_books), hosted by chapters, by a
 * region and a country with co-hosting chapters. They are made once the books
 * are written: their money goes into the chain after everything else, recorded
 * now and dated by the day it happened. The times beside the books (when an
 * event was published, when people registered and were checked in, when the
 * books closed) are set afterwards by src/demo/store.c, as elsewhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/zone.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "events/events.h"
#include "meetings/meetings.h"

#define MAX_GUESTS 40       /* people from outside the network, per metro */
#define MAX_REGS 64         /* above members + guests of every event */
#define MAX_TIERS 4

typedef struct Guest {
    const char *name, *email;
} Guest;

typedef struct Happening {   /* the run's state ("event" is taken by the books' events above) */
    int64_t *app_id;         /* by format */
    Guest (*guest)[MAX_GUESTS];   /* by metro */
    int *nguest;
    unsigned char *taken;    /* per person, while choosing who registers */
} Happening;

/* JSON text of j, which it takes (arena). */
static const char *json_text(Demo *d, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    const char *out = arena_strdup(&d->a, s ? s : "[]");
    free(s);
    json_decref(j);
    return out;
}

/* Minor units as a price cell ("10.00"; "0" for free) (arena). */
static const char *price_cell(Demo *d, int64_t minor)
{
    return minor ? arena_printf(&d->a, "%lld.%02lld", (long long)(minor / 100), (long long)(minor % 100)) : "0";
}

/* A price in euro cents as the metro's people would write it: whole units (fives above twenty), a hundred
 * shillings, five reais. */
int64_t local_price(const Demo *d, int metro, int64_t cents)
{
    const CultureDef *cu = &d->data->cultures[d->data->metros[metro].culture];
    if (!cents || cu->rate == 100) return cents;
    int64_t v = cents * cu->rate / 100, unit;
    if (str_eq(cu->currency, "KES")) unit = v < 500000 ? 10000 : 50000;
    else if (str_eq(cu->currency, "BRL")) unit = 500;
    else unit = v < 2000 ? 100 : 500;
    v = (v + unit / 2) / unit * unit;
    return v < unit ? unit : v;
}

static const char *runbook_json(Demo *d, const AppDef *a)
{
    json_t *j = json_array();
    for (const StepDef *s = app_base(d->data, a)->steps; s->step; s++)
        json_array_append_new(j, json_pack("{s:s, s:i}", "step", s->step, "minutes", s->minutes));
    return json_text(d, j);
}

/* The tiers in the metro's currency (metro -1: in euros, as the catalog has them). */
static const char *tiers_json(Demo *d, const AppDef *a, int metro)
{
    json_t *j = json_array();
    for (const PriceDef *t = a->tiers; t->name; t++)
        json_array_append_new(j, json_pack("{s:s, s:s, s:s, s:b}", "name", t->name, "price",
                                           price_cell(d, metro < 0 ? t->cents : local_price(d, metro, t->cents)),
                                           "currency", metro < 0 ? "EUR" : cur_of(d, metro), "members_only", t->members_only));
    return json_text(d, j);
}

static const char *packages_json(Demo *d, const AppDef *a)
{
    json_t *j = json_array();
    for (const PriceDef *p = app_base(d->data, a)->packages; p->name; p++)
        json_array_append_new(j, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", p->name, "price", price_cell(d, p->cents),
                                           "currency", "EUR", "placement", p->placement, "benefits", p->benefits));
    return json_text(d, j);
}

static const char *split_json(Demo *d, const AppDef *a)
{
    json_t *j = json_array();
    for (const PartyDef *p = app_base(d->data, a)->split; p->party; p++)
        json_array_append_new(j, json_pack("{s:s, s:I}", "party", p->party, "share", (json_int_t)p->share));
    return json_text(d, j);
}

/* A rule of src/events/ refused what the demo wrote: the demo is wrong, and stops saying so. */
static int rules_broken(Err *e, const char *what)
{
    char why[sizeof e->msg];
    snprintf(why, sizeof why, "%s", e->msg);
    return err_set(e, E_INTERNAL, "The demo's \"%s\" breaks the rules of formats and events: %s", what, why);
}

/* The catalog: the network's formats (published a little before the first event made from them) and Inês's copy
 * of the pitch night. Each is checked by the rules the pages apply: a demo that would not pass them stops here. */
static int apps_make(Demo *d, Happening *H, DbConn *c, Err *e)
{
    for (int i = 0; i < d->data->napp; i++) {
        const AppDef *a = &d->data->apps[i];
        bool copy = a->origin >= 0;
        DemoApp f = { a->slug, a->name, a->summary, a->description, runbook_json(d, a), tiers_json(d, a, -1),
                      packages_json(d, a), split_json(d, a), copy ? d->people[P_INES].id : 0,
                      copy ? H->app_id[a->origin] : 0, d->now - (copy ? 150 : 200) * DAY, a->has_board };
        SplitRule rule;
        int64_t minutes = 0;
        if (tiers_check(f.tiers, e) < 0 || packages_check(f.packages, e) < 0 || runbook_check(f.runbook, &minutes, e) < 0 ||
            split_rule_parse(f.split_rule, &rule, e) < 0)
            return rules_broken(e, a->name);
        int found = demo_app_find(c, e, a->slug, &H->app_id[i]);
        if (found < 0 || (!found && demo_app_insert(c, e, &f, &H->app_id[i]) < 0)) return -1;
    }
    return 0;
}

static bool holiday(const char *date)
{
    static const char *const days[] = { "12-24", "12-25", "12-26", "12-31", "01-01" };
    for (int i = 0; i < N(days); i++)
        if (str_eq(date + 5, days[i])) return true;
    return false;
}

/* When event x starts: `day` days from today in its metro, moved on to its weekday (the first Tuesday of that
 * month, or of the next or the one before when that falls on the wrong side of today), at its local time. */
static int event_when(Demo *d, const EventDef *x, int64_t *starts, Err *e)
{
    const char *tz = d->metro_tz[x->metro];
    char date[11], hm[6], local[32];
    int64_t noon;
    time_local_parts(d->now + x->day * DAY, tz, date, hm);
    snprintf(local, sizeof local, "%sT12:00", date);
    if (local_to_utc(local, tz, &noon, e) < 0) return -1;
    int64_t civil = noon / DAY;   /* local noon falls on the same day in UTC in every zone of the demo */
    if (x->weekday == WD_FIRST_TUE) {
        for (int tries = 0;; tries++) {
            int64_t first = civil - (atoi(time_iso_date(&d->a, civil * DAY) + 8) - 1);
            civil = first + ((WD_TUE - (first + 3) % 7) + 7) % 7;   /* 1970-01-01 was a Thursday */
            if (tries == 2) break;
            if (x->day >= 0 && civil * DAY < d->now + DAY) civil = first + 35;        /* into the next month */
            else if (x->day < 0 && civil * DAY > d->now - 6 * DAY) civil = first - 1;  /* the month before */
            else break;
        }
    } else {
        civil += ((x->weekday - (civil + 3) % 7) + 7) % 7;
    }
    /* nobody holds one over Christmas or on New Year's Day: a week later (a week earlier, for the past) */
    for (int i = 0; i <= x->minutes / (24 * 60); i++)
        if (holiday(time_iso_date(&d->a, (civil + i) * DAY))) {
            civil += x->day >= 0 ? 7 : -7;
            i = -1;
        }
    snprintf(local, sizeof local, "%sT%02d:%02d", time_iso_date(&d->a, civil * DAY), x->hour, x->minute);
    return local_to_utc(local, tz, starts, e);
}

/* A pool of people from outside the network in metro m (made on first use): the guests who register by e-mail. */
static void guests_ensure(Demo *d, Happening *H, int m)
{
    const CultureDef *pool = &d->data->cultures[d->data->metros[m].culture];
    for (int tries = 0; H->nguest[m] < MAX_GUESTS && tries < 2000; tries++) {
        const char *first = pool->first[rng_int(&d->rng, 0, pool->nfirst - 1)];
        const char *last = pool->last[rng_int(&d->rng, 0, pool->nlast - 1)];
        const char *name = arena_printf(&d->a, "%s %s", first, last);
        const char *email = email_for(d, first, last, rng_one_in(&d->rng, 2) ? "example.net" : "example.com");
        bool taken = name_taken(d, name, email);
        for (int o = 0; o < d->data->nmetro && !taken; o++)
            for (int g = 0; g < H->nguest[o] && !taken; g++)
                taken = str_eq(H->guest[o][g].name, name) || str_eq(H->guest[o][g].email, email);
        if (!taken) H->guest[m][H->nguest[m]++] = (Guest){ name, email };
    }
}

/* Members who come to event x: the host chapter's first, then the co-hosts', then others of the city and the
 * neighbouring one (not for an event of the chapter only); never its organiser. Tomás when x says so. The count. */
static int members_pick(Demo *d, Happening *H, const EventDef *x, int k, const int *co, int nco, int organiser, int *out)
{
    int n = 0, nb = d->data->metros[x->metro].neighbour;
    bool chapter_only = str_eq(x->visibility, "chapter");
    int *cand = arena_alloc(&d->a, sizeof *cand * (size_t)d->npeople);
    memset(H->taken, 0, (size_t)d->npeople);
    H->taken[organiser] = 1;
    if ((x->flags & EVF_TOMAS) && organiser != P_TOMAS) {
        out[n++] = P_TOMAS;
        H->taken[P_TOMAS] = 1;
    }
    for (int pass = 0; pass < 4 && n < x->members; pass++) {
        int nc = 0;
        for (int i = 0; i < d->npeople; i++) {
            const Person *p = &d->people[i];
            bool ok = false;
            if (H->taken[i]) continue;
            if (pass == 0) ok = k >= 0 && chap_has(&d->chap[k], i);
            else if (pass == 1)
                for (int j = 0; j < nco && !ok; j++) ok = chap_has(&d->chap[co[j]], i);
            else if (!chapter_only) ok = p->metro == (pass == 2 ? x->metro : nb);
            if (ok) cand[nc++] = i;
        }
        shuffle(&d->rng, cand, nc);
        for (int j = 0; j < nc && n < x->members; j++) {
            out[n++] = cand[j];
            H->taken[cand[j]] = 1;
        }
    }
    return n;
}

/* The tier a registrant takes (its place in the format's tiers): members come free where the format lets them and
 * guests pay; at a breakfast the guests are the investors; the first two fifths of a weekend get the early bird. */
static int tier_for(Demo *d, int app, bool guest, int order, int n)
{
    const char *slug = d->data->apps[app].slug;
    if (str_eq(slug, "first-tuesday")) return guest ? 1 : 0;                          /* Members, Guest */
    if (str_eq(slug, "pitch-night")) return guest ? 0 : 1;                            /* Standard, Members */
    if (str_eq(slug, "lisbon-pitch-night")) return !guest ? 1 : rng_one_in(&d->rng, 4) ? 2 : 0;   /* ..., Student */
    if (str_eq(slug, "breakfast-with-investors")) return guest ? 1 : 0;               /* Founders, Investors */
    if (str_eq(slug, "seed-camp")) return rng_one_in(&d->rng, 5) ? 1 : 0;             /* Founder, Scholarship */
    return rng_one_in(&d->rng, 6) ? 2 : order < n * 2 / 5 ? 0 : 1;                    /* Early bird, Standard, Student */
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

typedef struct Registrant {
    int who;          /* into people, or (guests) into the metro's guests */
    bool guest;
} Registrant;

/* An event as it is being made: what happening_make decided, for the steps that follow. */
typedef struct Made {
    const EventDef *x;
    int64_t id, by, starts, ends, created, cancelled;   /* by: the organiser; cancelled: when (0: not) */
    int organiser, k, co[3], nco;                       /* into people; the host and co-hosting chapters (-1: none) */
    bool past;
    int64_t tier_id[MAX_TIERS], price[MAX_TIERS];
    int ntier;
    int64_t held;                                       /* what the basket holds of the event's currency */
} Made;

/* Sponsors sign up a few weeks ahead and pay the package's price. */
static int sponsors_make(Demo *d, DbConn *c, Err *e, Made *v)
{
    const EventDef *x = v->x;
    for (int s = 0; s < 2 && x->sponsor[s]; s++) {
        int o = org_named(d->data, x->sponsor[s]);
        const PriceDef *pk = app_base(d->data, &d->data->apps[x->app])->packages;
        while (pk->name && !str_eq(pk->name, x->package[s])) pk++;
        if (o < 0 || !pk->name)
            return err_set(e, E_INTERNAL, "The demo's event \"%s\": no organisation %s or package %s.", x->title, x->sponsor[s],
                           x->package[s]);
        int64_t at = clamp(v->starts - rng_range(&d->rng, 8, 30) * DAY, v->created + DAY, d->now - HOUR), tx = 0;
        char day[11];
        local_day(d, x->metro, at, day);
        Sponsorship sp = { v->id, v->by, pk->cents, str_slugify(&d->a, d->data->orgs[o].name), pk->name, "EUR", pk->placement, day };
        if (event_sponsorship(c, e, &d->a, &sp, &tx) < 0 || demo_sponsor_backdate(c, e, tx, at) < 0) return -1;
        if (str_eq(cur_of(d, x->metro), "EUR")) v->held += pk->cents;
    }
    return 0;
}

/* Who registers, and when (most in the last weeks before the day; so far, for what is to come), with the e-mails,
 * the payments the organiser confirmed and, at a past event, check-in at the door. */
static int registrations_make(Demo *d, Happening *H, DbConn *c, Err *e, Made *v)
{
    const EventDef *x = v->x;
    int m = x->metro, picked[MAX_REGS], nm = members_pick(d, H, x, v->k, v->co, v->nco, v->organiser, picked);
    int ng = x->guests, nr = 0, gi[MAX_GUESTS], order[MAX_REGS];
    Registrant r[MAX_REGS];
    guests_ensure(d, H, m);
    if (ng > H->nguest[m]) ng = H->nguest[m];
    if (nm + ng > MAX_REGS) return err_set(e, E_INTERNAL, "The demo's event \"%s\" wants too many registrations.", x->title);
    for (int i = 0; i < H->nguest[m]; i++) gi[i] = i;
    shuffle(&d->rng, gi, H->nguest[m]);
    for (int i = 0; i < nm + ng; i++) order[i] = i;
    shuffle(&d->rng, order, nm + ng);
    for (int i = 0; i < nm + ng; i++)
        r[nr++] = order[i] < nm ? (Registrant){ picked[order[i]], false } : (Registrant){ gi[order[i] - nm], true };
    if (str_eq(d->data->apps[x->app].slug, "breakfast-with-investors"))   /* the investors are invited, and answer first */
        for (int i = 0, g = 0; i < nr; i++)
            if (r[i].guest) {
                Registrant t = r[i];
                memmove(&r[g + 1], &r[g], sizeof *r * (size_t)(i - g));
                r[g++] = t;
            }
    int64_t from = v->created + 2 * HOUR, to = (v->cancelled ? v->cancelled : v->starts) - 2 * HOUR, at[MAX_REGS];
    if (to > d->now - 20 * 60) to = d->now - 20 * 60;
    for (int i = 0; i < nr; i++) {
        double u = rng_unit(&d->rng);
        at[i] = from + (int64_t)((v->past ? u * (2 - u) : u) * (double)(to - from));
    }
    for (int i = 1; i < nr; i++)
        for (int j = i; j > 0 && at[j - 1] > at[j]; j--) {
            int64_t t = at[j];
            at[j] = at[j - 1];
            at[j - 1] = t;
        }

    for (int i = 0; i < nr; i++) {
        const Person *p = r[i].guest ? NULL : &d->people[r[i].who];
        const Guest *g = r[i].guest ? &H->guest[m][r[i].who] : NULL;
        int t = tier_for(d, x->app, r[i].guest, i, nr);
        if (t >= v->ntier) t = 0;
        EventSignup s = { .event = v->id, .tier = v->tier_id[t], .user = p ? p->id : 0, .email = p ? p->email : g->email,
                          .name = p ? p->name : g->name, .public_url = DEMO_LINK_BASE, .arena = &d->a };
        if (event_signup(c, e, &s) < 0) return -1;
        /* the outbox keeps the last day's tickets for what is to come, as a mailer would not have sent them yet */
        bool recent = !v->past && !v->cancelled && at[i] > d->now - DAY;
        if ((recent ? demo_outbox_backdate(c, e, s.email, at[i]) : demo_outbox_drop(c, e, s.email, "event_registration")) < 0)
            return -1;
        d->ev.kept_mail += recent;
        bool ticket = str_eq(s.status, "ticket");
        int64_t checked = 0, updated = at[i];
        if (v->past && !v->cancelled && ticket && rng_int(&d->rng, 1, 100) <= 85)
            checked = v->starts + rng_range(&d->rng, -25 * 60, 40 * 60);
        /* paid ahead from the registration, or at the door; nothing yet for the last two days' */
        bool ahead = rng_one_in(&d->rng, 2);
        bool pays = v->price[t] > 0 && ticket && !v->cancelled &&
                    (v->past ? checked || ahead : at[i] < d->now - 2 * DAY && rng_int(&d->rng, 1, 100) <= 60);
        if (pays) {
            int64_t tx = 0, when = v->past && !ahead ? checked : at[i] + rng_range(&d->rng, HOUR, DAY);
            char day[11];
            when = clamp(when, at[i], d->now - HOUR);
            local_day(d, m, when, day);
            if (event_pay(c, e, &d->a, v->id, s.id, v->by, day, &tx) < 0) return -1;
            v->held += v->price[t];
            if (when > updated) updated = when;
        }
        if (checked > updated) updated = checked;
        if (demo_registration_backdate(c, e, s.id, at[i], updated, checked) < 0) return -1;
    }
    return 0;
}

/* A cost paid from the basket on the day (ahead of the day for what is to come), never beyond what it holds; then a
 * past event's books closed a few days after it, which posts the split, or the event called off. */
static int settle_make(Demo *d, DbConn *c, Err *e, Made *v)
{
    const EventDef *x = v->x;
    int m = x->metro;
    char day[11];
    if (x->cost_to && v->held > 0) {
        int o = org_named(d->data, x->cost_to);
        int64_t unit = local_price(d, m, 100), amount = local_price(d, m, x->cost_cents), tx = 0;
        if (o < 0) return err_set(e, E_INTERNAL, "The demo's event \"%s\" pays %s, an organisation it does not have.", x->title, x->cost_to);
        if (amount > v->held * 3 / 5) amount = v->held * 3 / 5 / unit * unit;
        local_day(d, m, v->past ? v->starts : d->now - 2 * DAY, day);
        EventCost k = { v->id, v->by, amount, arena_printf(&d->a, "org:%s", str_slugify(&d->a, d->data->orgs[o].name)), cur_of(d, m),
                        x->cost_what, x->cost_category, day };
        if (amount > 0 && event_cost_pay(c, e, &d->a, &k, &tx) < 0) return -1;
    }
    if (v->cancelled) return demo_event_cancel(c, e, v->id, v->cancelled);
    if (!v->past) return 0;
    int posted = 0;
    int64_t closed = clamp(v->ends + rng_range(&d->rng, DAY, 3 * DAY) + rng_range(&d->rng, 0, 8 * HOUR), v->ends, d->now - HOUR);
    local_day(d, m, closed, day);
    if (event_close_books(c, e, &d->a, v->id, v->by, day, &posted) < 0 || demo_event_closed_at(c, e, v->id, closed) < 0)
        return -1;
    d->ev.closed++;
    d->ev.ines_closed += v->organiser == P_INES;
    return 0;
}

/* Makes event x, starting at `starts`, with everything that happened to it so far. */
static int happening_make(Demo *d, Happening *H, DbConn *c, Err *e, const EventDef *x, int64_t starts)
{
    const AppDef *a = &d->data->apps[x->app];
    int m = x->metro;
    Made v = { .x = x, .starts = starts, .ends = starts + x->minutes * 60, .k = -1, .past = x->day < 0 };
    EventSpec n = { 0 };
    for (int j = 0; j < 3 && x->cohosts[j]; j++) {
        int k = chapter_named(d->data, x->cohosts[j]);
        if (k < 0 || d->data->chapters[k].status != ST_ACTIVE)
            return err_set(e, E_INTERNAL, "The demo's event \"%s\" names %s, not an active chapter.", x->title, x->cohosts[j]);
        v.co[v.nco++] = k;
        n.cohosts[n.ncohosts++] = d->chap[k].id;
    }
    if (x->host && ((v.k = chapter_named(d->data, x->host)) < 0 || d->data->chapters[v.k].status != ST_ACTIVE))
        return err_set(e, E_INTERNAL, "The demo's event \"%s\" names %s, not an active chapter.", x->title, x->host);
    v.organiser = (int)(chap_connector(d, &d->chap[v.k >= 0 ? v.k : v.co[0]]) - d->people);
    v.by = d->people[v.organiser].id;
    if (v.k >= 0) {
        n.host_kind = "chapter";
        n.host_id = n.f.chapter_id = d->chap[v.k].id;
    } else {
        n.host_kind = "place";
        if (x->host_kind == HOST_COUNTRY) n.host_id = d->country_id[m];
        else if (demo_place_find(c, e, place_slug(d, d->data->metros[m].region, "region"), "region", &n.host_id) <= 0)
            return e->code ? -1 : err_set(e, E_INTERNAL, "The region of %s is missing.", d->data->metros[m].name);
        n.f.place_id = n.host_id;
    }
    char date[11], hm[6];
    time_local_parts(starts, d->metro_tz[m], date, hm);
    n.f.slug = str_slugify(&d->a, arena_printf(&d->a, "%s %s", x->title, date));
    n.f.title = x->title;
    n.f.description = arena_printf(&d->a, "%s\n\n%s%s", x->hook, a->how,
                                   x->flags & EVF_ONLINE ? "\n\nMembers who cannot come can follow it online; the link "
                                                           "is on this page." : "");
    n.f.timezone = d->metro_tz[m];
    n.f.venue = x->venue ? x->venue : v.k >= 0 ? d->chap[v.k].plan.venue : d->data->metros[m].venues[0];
    n.f.online_url = x->flags & EVF_ONLINE ? arena_printf(&d->a, "https://meet.example.org/%s", n.f.slug) : "";
    n.f.visibility = x->visibility ? x->visibility : "public";
    n.f.split_rule = split_json(d, a);
    n.f.app_id = H->app_id[x->app];
    n.f.starts_at = v.starts;
    n.f.ends_at = v.ends;
    n.f.capacity = x->capacity;
    n.f.organiser_id = v.by;
    n.tiers = tiers_json(d, a, m);
    if (tiers_check(n.tiers, e) < 0) return rules_broken(e, x->title);
    if (event_create_in(c, e, &n) < 0) return -1;
    v.id = n.id;
    v.created = clamp(starts - rng_range(&d->rng, 24, 45) * DAY, d->now - 200 * DAY, d->now - rng_range(&d->rng, 10, 20) * DAY);
    v.cancelled = x->flags & EVF_CANCELLED ? starts - 3 * DAY : 0;
    if (demo_event_created(c, e, v.id, v.created) < 0 || (v.ntier = demo_tier_ids(c, e, v.id, v.tier_id, MAX_TIERS)) < 0)
        return -1;
    for (int t = 0; t < v.ntier; t++) v.price[t] = local_price(d, m, a->tiers[t].cents);
    if (sponsors_make(d, c, e, &v) < 0 || registrations_make(d, H, c, e, &v) < 0) return -1;
    if (a->has_board && !v.cancelled) {   /* the board's life, while the event is open */
        DemoUnconf u = { v.id, v.by, v.created, v.starts, v.ends, v.past };
        if (demo_unconf_make(d, c, e, &u) < 0) return -1;
    }
    if (settle_make(d, c, e, &v) < 0) return -1;
    if (v.organiser == P_INES && !v.past) d->ev.ines_upcoming++;
    if (v.organiser == P_INES && d->data->apps[x->app].origin >= 0 && !v.past && (!d->ev.ines_next || starts < d->ev.ines_next)) {
        d->ev.ines_next = starts;
        d->ev.ines_next_title = x->title;
    }
    d->ev.made++;
    return 0;
}

/* The catalog, then the events in the order they happen; then the dates beside the books of what the events'
 * money opened (the guests' organisation, the accounts of members who never paid anything before). */
int happenings_make(Demo *d, DbConn *c, Err *e)
{
    Happening *H = xcalloc(1, sizeof *H);
    Dated *when = arena_alloc(&d->a, sizeof *when * (size_t)d->data->nevent);
    int rc = -1;
    d->rng.s = DEMO_SEED ^ 0x6576656e74730001ull;
    memset(&d->ev, 0, sizeof d->ev);
    H->taken = arena_alloc(&d->a, (size_t)d->npeople);
    H->app_id = arena_alloc(&d->a, sizeof *H->app_id * (size_t)d->data->napp);
    H->guest = arena_alloc(&d->a, sizeof *H->guest * (size_t)d->data->nmetro);
    H->nguest = arena_alloc(&d->a, sizeof *H->nguest * (size_t)d->data->nmetro);
    if (apps_make(d, H, c, e) < 0) goto done;
    for (int i = 0; i < d->data->nevent; i++) {
        when[i].i = i;
        if (event_when(d, &d->data->events[i], &when[i].at, e) < 0) goto done;
    }
    qsort(when, (size_t)d->data->nevent, sizeof *when, dated_cmp);
    for (int i = 0; i < d->data->nevent; i++)
        if (happening_make(d, H, c, e, &d->data->events[when[i].i], when[i].at) < 0) goto done;
    int64_t guests = 0;
    int found = demo_org_find(c, e, "event-guests", &guests);
    if (found < 0 || (found && demo_org_backdate(c, e, guests, d->now - 200 * DAY) < 0)) goto done;
    if (demo_accounts_backdate(c, e, d->start - DAY) < 0) goto done;
    rc = 0;
done:
    free(H);
    return rc;
}

