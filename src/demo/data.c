/* data.c - reads the demo network on paper: the JSON files of data/demo, embedded in the
 * binary (tools/embed.c), into the tables the rest of src/demo/ walks. Names
 * refer to each other (a chapter's metro and sector, an event's format and host),
 * and are turned into indexes here; anything the code cannot take (a metro
 * without four venues, a chapter bigger than MAX_SEATS, an unknown name) stops
 * the demo before anything is written. The strings point into the parsed
 * files, which live until demo_data_free. */
#include <stdio.h>
#include <string.h>

#include "base/embedded.h"
#include "base/str.h"
#include "demo/internal.h"

const char *const status_names[NSTATUS] = { "active", "forming", "dormant", "closed" };
static const char *const role_names[NROLE] = { "sponsor", "venue", "food", "print", "tickets", "funder", "hosting" };
static const char *const weekday_names[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                             "sunday", "first tuesday" };

/* A problem in a data file: which file, what. */
static int bad(Err *e, const char *file, const char *what, const char *detail)
{
    return err_set(e, E_INTERNAL, "data/demo/%s: %s%s%s", file, what, detail ? " " : "", detail ? detail : "");
}

static json_t *file_load(DemoData *w, int slot, const char *file, Err *e)
{
    char name[64];
    snprintf(name, sizeof name, "data/demo/%s", file);
    const EmbeddedFile *f = embedded_find(name);
    if (!f) return bad(e, file, "is not in the binary", NULL), NULL;
    json_error_t je;
    w->files[slot] = json_loadb((const char *)f->data, f->len, 0, &je);
    if (!w->files[slot]) return bad(e, file, "is not JSON:", je.text), NULL;
    return w->files[slot];
}

/* The member `key` of o, an array (n: its size). */
static json_t *array_of(json_t *o, const char *key, int *n)
{
    json_t *a = json_object_get(o, key);
    *n = json_is_array(a) ? (int)json_array_size(a) : 0;
    return a;
}

static const char *text(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t num(json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

/* The strings of array a into out (at most max; -1 if a is not an array of that many strings, or more). */
static int strings_into(json_t *a, const char **out, int max)
{
    int n = json_is_array(a) ? (int)json_array_size(a) : -1;
    if (n < 0 || n > max) return -1;
    for (int i = 0; i < n; i++)
        if (!(out[i] = json_string_value(json_array_get(a, (size_t)i)))) return -1;
    return n;
}

/* The array of strings `key` of o (arena); -1 in *n when it is not one. */
static const char **strings(DemoData *w, json_t *o, const char *key, int *n)
{
    json_t *a = json_object_get(o, key);
    int size = json_is_array(a) ? (int)json_array_size(a) : 0;
    const char **out = arena_alloc(&w->a, sizeof *out * (size_t)(size + 1));
    *n = strings_into(a, out, size);
    return out;
}

static void *table(DemoData *w, int n, size_t size)
{
    return arena_alloc(&w->a, size * (size_t)(n + 1));
}

static int named(const char *name, const char *const *names, int n)
{
    for (int i = 0; name && i < n; i++)
        if (str_eq(names[i], name)) return i;
    return -1;
}

int metro_named(const DemoData *w, const char *name)
{
    for (int m = 0; name && m < w->nmetro; m++)
        if (str_eq(w->metros[m].name, name)) return m;
    return -1;
}

int sector_named(const DemoData *w, const char *name)
{
    for (int s = 0; name && s < w->nsector; s++)
        if (str_eq(w->sectors[s].name, name)) return s;
    return -1;
}

int chapter_named(const DemoData *w, const char *name)
{
    for (int k = 0; name && k < w->nchapter; k++)
        if (str_eq(w->chapters[k].name, name)) return k;
    return -1;
}

int org_named(const DemoData *w, const char *name)
{
    for (int o = 0; name && o < w->norg; o++)
        if (str_eq(w->orgs[o].name, name)) return o;
    return -1;
}

int org_of_role(const DemoData *w, int role)
{
    for (int o = 0; o < w->norg; o++)
        if (w->orgs[o].role == role) return o;
    return -1;
}

static int topic_named(const DemoData *w, const char *name)
{
    return named(name, w->topics, w->ntopic);
}

static int app_named(const DemoData *w, const char *slug)
{
    for (int i = 0; slug && i < w->napp; i++)
        if (str_eq(w->apps[i].slug, slug)) return i;
    return -1;
}

/* The format whose run-book, packages and split a format uses: its own, or its origin's. */
const AppDef *app_base(const DemoData *w, const AppDef *a)
{
    return a->origin >= 0 ? &w->apps[a->origin] : a;
}

/* places.json: cultures, countries, metros; the names of each culture come from people.json */
static int places_load(DemoData *w, json_t *j, json_t *names, Err *e)
{
    json_t *cu = array_of(j, "cultures", &w->nculture), *co = json_object_get(j, "countries");
    w->cultures = table(w, w->nculture, sizeof *w->cultures);
    for (int i = 0; i < w->nculture; i++) {
        CultureDef *c = &w->cultures[i];
        json_t *o = json_array_get(cu, (size_t)i), *pool = json_object_get(names, text(o, "code"));
        *c = (CultureDef){ .code = text(o, "code"), .currency = text(o, "currency"), .rate = num(o, "rate"),
                           .step = num(o, "step") };
        c->first = strings(w, pool, "first", &c->nfirst);
        c->last = strings(w, pool, "last", &c->nlast);
        if (!c->code || !c->currency || c->rate <= 0 || c->step <= 0 || c->nfirst < 1 || c->nlast < 1)
            return bad(e, "places.json", "culture without its currency, or its names in people.json:", c->code);
    }
    json_t *me = array_of(j, "metros", &w->nmetro);
    w->metros = table(w, w->nmetro, sizeof *w->metros);
    for (int m = 0; m < w->nmetro; m++) {
        MetroDef *x = &w->metros[m];
        json_t *o = json_array_get(me, (size_t)m), *c;
        *x = (MetroDef){ .country = text(o, "country"), .region = text(o, "region"), .name = text(o, "name"),
                         .tz = text(o, "timezone"), .members = (int)num(o, "members"), .lat_e6 = num(o, "lat_e6"),
                         .lon_e6 = num(o, "lon_e6") };
        x->culture = -1;
        for (int i = 0; i < w->nculture; i++)
            if (str_eq(w->cultures[i].code, text(o, "culture"))) x->culture = i;
        for (size_t i = 0; (c = json_array_get(co, i)); i++)
            if (str_eq(text(c, "name"), x->country)) x->country_tz = text(c, "timezone");
        if (!x->name || !x->region || !x->tz || x->culture < 0 || !x->country_tz || x->members > MAX_METRO_MEMBERS ||
            !json_is_integer(json_object_get(o, "lat_e6")) || !json_is_integer(json_object_get(o, "lon_e6")) ||
            strings_into(json_object_get(o, "words"), x->words, 4) != 4 ||
            strings_into(json_object_get(o, "venues"), x->venues, 4) != 4)
            return bad(e, "places.json", "metro incomplete (a position, four words, four venues, a known culture and country):",
                       x->name);
    }
    for (int m = 0; m < w->nmetro; m++) {
        const char *nb = text(json_array_get(me, (size_t)m), "neighbour");
        w->metros[m].neighbour = metro_named(w, nb);
        if (nb && w->metros[m].neighbour < 0) return bad(e, "places.json", "unknown neighbour", nb);
    }
    return 0;
}

static int challenge_of(const DemoData *w, json_t *o, Challenge *c)
{
    c->topic = topic_named(w, text(o, "topic"));
    c->text = text(o, "text");
    return c->topic < 0 || !c->text ? -1 : 0;
}

/* sectors.json, with what each sector's founders say at the meetings (talk.json) */
static int sectors_load(DemoData *w, json_t *j, json_t *talk, Err *e)
{
    json_t *se = array_of(j, "sectors", &w->nsector), *st = json_object_get(talk, "sectors"), *t;
    if (w->nsector < 1 || w->nsector > MAX_SECTORS) return bad(e, "sectors.json", "has too few or too many sectors", NULL);
    w->sectors = table(w, w->nsector, sizeof *w->sectors);
    for (int s = 0; s < w->nsector; s++) {
        SectorDef *x = &w->sectors[s];
        json_t *o = json_array_get(se, (size_t)s), *said = NULL;
        x->name = text(o, "name");
        x->description = text(o, "description");
        for (size_t i = 0; (t = json_array_get(st, i)); i++)
            if (str_eq(text(t, "sector"), x->name)) said = t;
        if (!x->name || !x->description || strings_into(json_object_get(o, "nouns"), x->nouns, 4) != 4 ||
            strings_into(json_object_get(o, "does"), x->does, 3) != 3 || !said)
            return bad(e, "sectors.json", "sector incomplete (four nouns, three things it does, its talk):", x->name);
        x->partner = text(said, "partner");
        x->customers = text(said, "customers");
        x->product = text(said, "product");
        json_t *ch = json_object_get(said, "challenges");
        bool ok = x->partner && x->customers && x->product && json_array_size(ch) == TALK_LINES &&
                  strings_into(json_object_get(said, "successes"), x->successes, TALK_LINES) == TALK_LINES;
        for (int i = 0; ok && i < TALK_LINES; i++) ok = challenge_of(w, json_array_get(ch, (size_t)i), &x->challenges[i]) == 0;
        if (!ok) return bad(e, "talk.json", "six successes and six challenges (with known topics) for", x->name);
    }
    return 0;
}

/* talk.json, part one: the topics of challenges, with the commitments that answer them */
static int topics_load(DemoData *w, json_t *j, Err *e)
{
    json_t *tp = array_of(j, "topics", &w->ntopic), *o;
    if (w->ntopic > MAX_TOPICS) return bad(e, "talk.json", "has too many topics", NULL);
    w->topics = table(w, w->ntopic, sizeof *w->topics);
    w->commitments = table(w, w->ntopic, sizeof *w->commitments);
    for (int t = 0; t < w->ntopic; t++) {
        o = json_array_get(tp, (size_t)t);
        w->topics[t] = text(o, "name");
        if (!w->topics[t] || strings_into(json_object_get(o, "commitments"), w->commitments[t], 3) != 3)
            return bad(e, "talk.json", "a topic needs a name and three commitments", NULL);
    }
    return 0;
}

/* talk.json, part two: the common lines, stories and advice */
static int talk_load(DemoData *w, json_t *j, Err *e)
{
    json_t *o;
    w->common_successes = strings(w, j, "common_successes", &w->ncommon_success);
    w->advice = strings(w, j, "advice", &w->nadvice);
    json_t *cc = array_of(j, "common_challenges", &w->ncommon_challenge);
    json_t *so = array_of(j, "stories", &w->nstory);
    if (w->ncommon_success < 1 || w->ncommon_success > MAX_COMMON || w->ncommon_challenge < 1 ||
        w->ncommon_challenge > MAX_COMMON || w->nadvice < 1 || w->nadvice > MAX_ADVICE || w->nstory > MAX_STORIES)
        return bad(e, "talk.json", "has too few or too many common lines, stories or advice", NULL);
    w->common_challenges = table(w, w->ncommon_challenge, sizeof *w->common_challenges);
    for (int i = 0; i < w->ncommon_challenge; i++)
        if (challenge_of(w, json_array_get(cc, (size_t)i), &w->common_challenges[i]) < 0)
            return bad(e, "talk.json", "a common challenge needs a known topic and a text", NULL);
    w->stories = table(w, w->nstory, sizeof *w->stories);
    for (int i = 0; i < w->nstory; i++) {
        Story *s = &w->stories[i];
        o = json_array_get(so, (size_t)i);
        s->topic = topic_named(w, text(o, "topic"));
        s->only = text(o, "sector") ? sector_named(w, text(o, "sector")) : SE_NONE;
        s->text = text(o, "text");
        if (s->topic < 0 || !s->text || (text(o, "sector") && s->only < 0))
            return bad(e, "talk.json", "a story needs a known topic (and sector) and a text:", s->text);
    }
    return 0;
}

static int fixed_named(const DemoData *w, const char *name)
{
    for (int i = 0; name && i < 2; i++)
        if (str_eq(w->fixed[i].name, name)) return i == P_INES ? FX_INES : FX_TOMAS;
    return 0;
}

/* people.json: the two documented logins and the words of bios and company names */
static int people_load(DemoData *w, json_t *j, Err *e)
{
    json_t *fx = json_object_get(j, "fixed");
    if (json_array_size(fx) != 2) return bad(e, "people.json", "needs two fixed logins, the connector first", NULL);
    for (int i = 0; i < 2; i++) {
        json_t *o = json_array_get(fx, (size_t)i);
        FixedDef *f = &w->fixed[i];
        *f = (FixedDef){ text(o, "name"), text(o, "email"), text(o, "organisation"), text(o, "bio"),
                         text(o, "asks_to_join"), metro_named(w, text(o, "metro")), sector_named(w, text(o, "sector")),
                         (int)num(o, "signed_up_day") };
        if (!f->name || !f->email || !f->organisation || !f->bio || f->metro < 0 || f->sector < 0)
            return bad(e, "people.json", "a fixed login is incomplete:", f->name);
    }
    w->stems = strings(w, j, "company_stems", &w->nstem);
    w->backgrounds = strings(w, j, "backgrounds", &w->nbackground);
    return w->nstem < 1 || w->nbackground < 1 ? bad(e, "people.json", "needs company stems and backgrounds", NULL) : 0;
}

/* chapters.json: the network's words, the chapters, the words of invitations and requests */
static int chapters_load(DemoData *w, json_t *j, Err *e)
{
    json_t *net = json_object_get(j, "network"), *ch = array_of(j, "chapters", &w->nchapter), *fx;
    w->network_name = text(net, "name");
    w->about = text(net, "about");
    w->chapters = table(w, w->nchapter, sizeof *w->chapters);
    for (int k = 0; k < w->nchapter; k++) {
        ChapterDef *c = &w->chapters[k];
        json_t *o = json_array_get(ch, (size_t)k);
        const char *sector = text(o, "sector");
        *c = (ChapterDef){ metro_named(w, text(o, "metro")), sector ? sector_named(w, sector) : SE_NONE,
                           named(text(o, "status"), status_names, NSTATUS), (int)num(o, "capacity"),
                           json_is_true(json_object_get(o, "one_per_sector")), fixed_named(w, text(o, "creator")), 0,
                           text(o, "name"), text(o, "hook") };
        for (size_t i = 0; (fx = json_array_get(json_object_get(o, "members"), i)); i++)
            c->fixed |= (unsigned)fixed_named(w, json_string_value(fx));
        if (c->metro < 0 || (sector && c->sector < 0) || c->status < 0 || c->capacity < 2 ||
            c->capacity > MAX_SEATS || !c->name || !c->hook || (text(o, "creator") && !c->creator))
            return bad(e, "chapters.json", "a chapter is incomplete, or names what the data does not have:", c->name);
    }
    w->invitation_messages = strings(w, j, "invitation_messages", &w->ninvitation_message);
    w->request_messages = strings(w, j, "request_messages", &w->nrequest_message);
    w->decline_reasons = strings(w, j, "decline_reasons", &w->ndecline_reason);
    if (!w->network_name || !w->about || w->ninvitation_message < 1 || w->nrequest_message < 1 ||
        w->ndecline_reason < 1)
        return bad(e, "chapters.json", "needs the network's name and about, and the words of invitations, requests "
                                       "and declines", NULL);
    return 0;
}

static int goods_of(json_t *o, GoodsDef *g)
{
    *g = (GoodsDef){ text(o, "what"), text(o, "category"), (int)num(o, "count"), num(o, "cents") };
    return g->what && g->category && g->count > 0 ? 0 : -1;
}

static int hours_load(DemoData *w, json_t *j, const char *key, const char *(**out)[2], int *n)
{
    json_t *a = array_of(j, key, n);
    *out = table(w, *n, sizeof **out);
    for (int i = 0; i < *n; i++)
        if (strings_into(json_array_get(a, (size_t)i), (*out)[i], 2) != 2) return -1;
    return *n > 0 ? 0 : -1;
}

/* books.json, part one: organisations, goods, favours and the lines of hours */
static int books_load(DemoData *w, json_t *j, Err *e)
{
    json_t *og = array_of(j, "organisations", &w->norg), *goods = json_object_get(j, "goods");
    if (w->norg > MAX_ORGS) return bad(e, "books.json", "has too many organisations", NULL);
    w->orgs = table(w, w->norg, sizeof *w->orgs);
    for (int i = 0; i < w->norg; i++) {
        json_t *o = json_array_get(og, (size_t)i);
        OrgDef *x = &w->orgs[i];
        const char *manager = text(o, "manager");   /* a fixed login's name, or "a member of its city" */
        *x = (OrgDef){ text(o, "name"), text(o, "kind"), text(o, "website"), metro_named(w, text(o, "metro")),
                       named(text(o, "role"), role_names, NROLE),
                       !manager ? 0 : str_eq(manager, "a member of its city") ? MANAGER_LOCAL : fixed_named(w, manager) };
        if (!x->name || !x->kind || !x->website || x->role < 0 || (text(o, "metro") && x->metro < 0) || (manager && !x->manager) ||
            (x->manager == MANAGER_LOCAL && x->metro < 0))
            return bad(e, "books.json", "an organisation is incomplete:", x->name);
    }
    for (int r = 0; r < NROLE; r++)
        if (r != OR_PRINT && org_of_role(w, r) < 0) return bad(e, "books.json", "has no organisation of role", role_names[r]);
    for (int i = 0; i < w->nculture; i++) {
        json_t *food = json_object_get(json_object_get(goods, "food"), w->cultures[i].code);
        for (int g = 0; g < 3; g++)
            if (json_array_size(food) != 3 || goods_of(json_array_get(food, (size_t)g), &w->cultures[i].food[g]) < 0)
                return bad(e, "books.json", "needs three kinds of food for culture", w->cultures[i].code);
    }
    json_t *th = array_of(goods, "things", &w->nthing), *fa = array_of(j, "favours", &w->nfavour);
    w->things = table(w, w->nthing, sizeof *w->things);
    for (int i = 0; i < w->nthing; i++)
        if (goods_of(json_array_get(th, (size_t)i), &w->things[i]) < 0) return bad(e, "books.json", "a thing is incomplete", NULL);
    w->favours = table(w, w->nfavour, sizeof *w->favours);
    for (int i = 0; i < w->nfavour; i++) {
        json_t *o = json_array_get(fa, (size_t)i);
        w->favours[i] = (FavourDef){ text(o, "what"), text(o, "category"), json_is_true(json_object_get(o, "for_someone")) };
        if (!w->favours[i].what || !w->favours[i].category) return bad(e, "books.json", "a favour is incomplete", NULL);
    }
    if (w->nthing < 1 || w->nfavour < 1 || hours_load(w, j, "hours_lines", &w->hours_lines, &w->nhours_line) < 0 ||
        hours_load(w, j, "second_hours_lines", &w->second_hours_lines, &w->nsecond_hours_line) < 0)
        return bad(e, "books.json", "needs things, favours and the lines of hours (before and after a month)", NULL);
    return 0;
}

/* books.json, part two: the claims still open, the bursaries, the canvases */
static int books_more_load(DemoData *w, json_t *j, Err *e)
{
    json_t *cl = array_of(j, "open_claims", &w->nclaim), *bu = array_of(j, "bursaries", &w->nbursary);
    json_t *cv = array_of(j, "canvas", &w->ncanvas);
    w->claims = table(w, w->nclaim, sizeof *w->claims);
    for (int i = 0; i < w->nclaim; i++) {
        json_t *o = json_array_get(cl, (size_t)i);
        w->claims[i] = (ClaimDef){ chapter_named(w, text(o, "chapter")), text(o, "what"), text(o, "category"),
                                   json_is_true(json_object_get(o, "by_member_login")),
                                   json_is_true(json_object_get(o, "declined")), num(o, "cents") };
        if (w->claims[i].chapter < 0 || !w->claims[i].why || !w->claims[i].category)
            return bad(e, "books.json", "a claim names no chapter of the data:", text(o, "chapter"));
    }
    w->bursaries = table(w, w->nbursary, sizeof *w->bursaries);
    for (int i = 0; i < w->nbursary; i++) {
        json_t *o = json_array_get(bu, (size_t)i);
        w->bursaries[i] = (BursaryDef){ metro_named(w, text(o, "metro")), num(o, "cents") };
        if (w->bursaries[i].metro < 0) return bad(e, "books.json", "a bursary names no metro:", text(o, "metro"));
    }
    w->canvas = table(w, w->ncanvas, sizeof *w->canvas);
    for (int i = 0; i < w->ncanvas; i++) {
        json_t *o = json_array_get(cv, (size_t)i);
        CanvasDef *c = &w->canvas[i];
        *c = (CanvasDef){ "network", -1, -1, text(o, "value_proposition"), text(o, "channels"), text(o, "relationships") };
        const char *country = text(o, "country"), *chapter = text(o, "chapter");
        for (int m = w->nmetro - 1; country && m >= 0; m--)
            if (str_eq(w->metros[m].country, country)) c->country = m;
        if (country) c->unit_kind = "place";
        if (chapter) c->unit_kind = "chapter";
        c->chapter = chapter_named(w, chapter);
        if ((country && c->country < 0) || (chapter && c->chapter < 0) || !c->value_proposition || !c->channels ||
            !c->relationships)
            return bad(e, "books.json", "a canvas is incomplete, or names what the data does not have", NULL);
    }
    return 0;
}

/* The prices of array key of o into out (at most max - 1, and the empty entry that ends them). */
static int prices_load(json_t *o, const char *key, PriceDef *out, int max, bool package)
{
    json_t *a = json_object_get(o, key);
    if (json_array_size(a) > (size_t)max - 1) return -1;
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *p = json_array_get(a, i);
        out[i] = (PriceDef){ text(p, "name"), num(p, "cents"), text(p, "placement"), text(p, "benefits"),
                             json_is_true(json_object_get(p, "members_only")) };
        if (!out[i].name || (package && (!out[i].placement || !out[i].benefits))) return -1;
    }
    return 0;
}

/* apps.json: the formats (a copy keeps its origin's run-book, packages and split) */
static int apps_load(DemoData *w, json_t *j, Err *e)
{
    json_t *ap = array_of(j, "formats", &w->napp);
    w->apps = table(w, w->napp, sizeof *w->apps);
    for (int i = 0; i < w->napp; i++) {
        json_t *o = json_array_get(ap, (size_t)i), *s;
        AppDef *a = &w->apps[i];
        *a = (AppDef){ .slug = text(o, "slug"), .name = text(o, "name"), .summary = text(o, "summary"),
                       .description = text(o, "description"), .how = text(o, "how"),
                       .has_board = json_is_true(json_object_get(o, "has_board")) };
        a->origin = text(o, "origin") ? app_named(w, text(o, "origin")) : -1;
        bool ok = a->slug && a->name && a->summary && a->description && a->how && (a->origin >= 0) == !!text(o, "origin") &&
                  json_array_size(json_object_get(o, "runbook")) < N(a->steps) &&
                  json_array_size(json_object_get(o, "split")) < N(a->split) &&
                  prices_load(o, "tiers", a->tiers, N(a->tiers), false) == 0 &&
                  prices_load(o, "packages", a->packages, N(a->packages), true) == 0;
        for (size_t k = 0; ok && (s = json_array_get(json_object_get(o, "runbook"), k)); k++)
            ok = (a->steps[k] = (StepDef){ (int)num(s, "minutes"), text(s, "step") }).step != NULL;
        for (size_t k = 0; ok && (s = json_array_get(json_object_get(o, "split"), k)); k++)
            ok = (a->split[k] = (PartyDef){ text(s, "party"), num(s, "share") }).party != NULL;
        if (!ok) return bad(e, "apps.json", "a format is incomplete (or its origin comes after it):", a->slug);
    }
    return 0;
}

static void list_into(json_t *a, const char *key, const char **out, int max)
{
    json_t *x;
    for (size_t i = 0; i < (size_t)max && (x = json_array_get(a, i)); i++)
        out[i] = key ? text(x, key) : json_string_value(x);
}

/* events.json */
static int events_load(DemoData *w, json_t *j, Err *e)
{
    json_t *ev = array_of(j, "events", &w->nevent);
    w->events = table(w, w->nevent, sizeof *w->events);
    for (int i = 0; i < w->nevent; i++) {
        json_t *o = json_array_get(ev, (size_t)i), *cost = json_object_get(o, "cost");
        EventDef *x = &w->events[i];
        const char *time = text(o, "time"), *place = text(o, "host_place");
        *x = (EventDef){ .app = app_named(w, text(o, "format")), .metro = metro_named(w, text(o, "metro")),
                         .host = text(o, "host"), .day = (int)num(o, "day"), .minutes = (int)num(o, "minutes"),
                         .capacity = (int)num(o, "capacity"), .members = (int)num(o, "members"),
                         .guests = (int)num(o, "guests"), .title = text(o, "title"), .hook = text(o, "hook"),
                         .venue = text(o, "venue"), .visibility = text(o, "visibility"),
                         .cost_to = text(cost, "to"), .cost_what = text(cost, "what"),
                         .cost_category = text(cost, "category"), .cost_cents = num(cost, "cents") };
        x->host_kind = x->host ? HOST_CHAPTER : str_eq(place, "region") ? HOST_REGION : HOST_COUNTRY;
        x->weekday = named(text(o, "weekday"), weekday_names, N(weekday_names));
        list_into(json_object_get(o, "cohosts"), NULL, x->cohosts, 3);
        list_into(json_object_get(o, "sponsors"), "organisation", x->sponsor, 2);
        list_into(json_object_get(o, "sponsors"), "package", x->package, 2);
        x->flags = (json_is_true(json_object_get(o, "member_login_registers")) ? EVF_TOMAS : 0) |
                   (json_is_true(json_object_get(o, "online")) ? EVF_ONLINE : 0) |
                   (json_is_true(json_object_get(o, "cancelled")) ? EVF_CANCELLED : 0);
        if (x->app < 0 || x->metro < 0 || x->weekday < 0 || !x->title || !x->hook || !time ||
            sscanf(time, "%d:%d", &x->hour, &x->minute) != 2 || (!x->host && !str_eq(place, "region") &&
            !str_eq(place, "country")) || (cost && (!x->cost_to || !x->cost_what || !x->cost_category)))
            return bad(e, "events.json", "an event is incomplete, or names what the data does not have:", x->title);
    }
    return 0;
}

/* governance.json is read as it is by governance.c; the chapters it names must exist. */
static int governance_check(DemoData *w, json_t *g, Err *e)
{
    w->governance = g;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(g, "matters"), i, x)
        if (chapter_named(w, json_string_value(json_object_get(x, "chapter"))) < 0)
            return bad(e, "governance.json", "a matter names a chapter the data does not have:",
                       json_string_value(json_object_get(x, "chapter")));
    json_array_foreach(json_object_get(g, "polls"), i, x) {
        const char *body = json_string_value(json_object_get(x, "body"));
        if (!body || (strncmp(body, "chapter:", 8) != 0 && strncmp(body, "committee:", 10) != 0) ||
            (strncmp(body, "chapter:", 8) == 0 && chapter_named(w, body + 8) < 0))
            return bad(e, "governance.json", "a poll's body is not a chapter the data has or a committee:", body);
    }
    return 0;
}

/* unconf.json is read as it is by unconf.c: rooms, the slots' starts, and the sessions of a past and an
 * upcoming board, each with a title, a kind and a theme (a past one with its headcount, and notes if captured). */
static int unconf_check(DemoData *w, json_t *u, Err *e)
{
    static const char *const lists[] = { "rooms", "slot_starts", "past_sessions", "upcoming_sessions" };
    w->unconf = u;
    for (int i = 0; i < N(lists); i++)
        if (!json_array_size(json_object_get(u, lists[i]))) return bad(e, "unconf.json", "has no list of", lists[i]);
    for (int i = 2; i < 4; i++) {
        json_t *x;
        size_t k;
        json_array_foreach(json_object_get(u, lists[i]), k, x)
            if (!text(x, "title") || !text(x, "kind") || !text(x, "theme"))
                return bad(e, "unconf.json", "a session lacks its title, kind or theme in", lists[i]);
    }
    return 0;
}

/* funnel.json is read as it is by funnel.c: applications to start a chapter, each in a metro and a sector the
 * data has, with a name, a second connector and when it was made. */
static int funnel_check(DemoData *w, json_t *f, Err *e)
{
    w->funnel = f;
    json_t *x;
    size_t k;
    json_array_foreach(json_object_get(f, "applications"), k, x) {
        if (!text(x, "name") || !text(x, "second") || !text(x, "message") || !json_is_integer(json_object_get(x, "days_ago")))
            return bad(e, "funnel.json", "an application lacks its name, second, message or days_ago:", text(x, "name"));
        if (metro_named(w, text(x, "metro")) < 0 || sector_named(w, text(x, "sector")) < 0)
            return bad(e, "funnel.json", "an application's metro or sector is not in the data:", text(x, "name"));
    }
    return 0;
}

int demo_data_load(DemoData *w, Err *e)
{
    static const char *const files[] = { "places.json", "sectors.json", "people.json", "chapters.json", "talk.json",
                                         "books.json", "apps.json", "events.json", "governance.json",
                                         "commons.json", "unconf.json", "funnel.json" };
    json_t *j[N(files)];
    memset(w, 0, sizeof *w);
    arena_init(&w->a, 64 * 1024);
    for (int i = 0; i < N(files); i++)
        if (!(j[i] = file_load(w, i, files[i], e))) return -1;
    if (places_load(w, j[0], json_object_get(j[2], "names"), e) < 0 || topics_load(w, j[4], e) < 0 ||
        sectors_load(w, j[1], j[4], e) < 0 || talk_load(w, j[4], e) < 0 || people_load(w, j[2], e) < 0 || chapters_load(w, j[3], e) < 0 ||
        books_load(w, j[5], e) < 0 || books_more_load(w, j[5], e) < 0 || apps_load(w, j[6], e) < 0 ||
        events_load(w, j[7], e) < 0 || governance_check(w, j[8], e) < 0 || demo_commons_load(w, j[9], e) < 0 ||
        unconf_check(w, j[10], e) < 0 || funnel_check(w, j[11], e) < 0)
        return -1;
    return 0;
}

void demo_data_free(DemoData *w)
{
    for (int i = 0; i < N(w->files); i++) json_decref(w->files[i]);
    arena_release(&w->a);
}
