/* people.c - the demo's members, made before anything is written: the two
 * documented logins (data/demo/people.json), then each metro's members with
 * names of its culture, a company named after the city or its sector, and a bio
 * (all drawn by the fixed-seed generator, so the same on every run). */
#include <assert.h>
#include <string.h>

#include "base/str.h"
#include "demo/internal.h"

Person *fixed_person(Demo *d, int fx)
{
    return &d->people[fx == FX_INES ? P_INES : P_TOMAS];
}

/* ---------- the people, made before anything is written ---------- */

bool name_taken(const Demo *d, const char *name, const char *email)
{
    for (int i = 0; i < d->npeople; i++)
        if (str_eq(d->people[i].name, name) || str_eq(d->people[i].email, email)) return true;
    return false;
}

static bool organisation_taken(const Demo *d, const char *org)
{
    for (int i = 0; i < d->npeople; i++)
        if (str_eq(d->people[i].organisation, org)) return true;
    return false;
}

/* "first.last@domain" from a name, accents dropped (arena). */
const char *email_for(Demo *d, const char *first, const char *last, const char *domain)
{
    return arena_printf(&d->a, "%s.%s@%s", str_slugify(&d->a, first), str_slugify(&d->a, last), domain);
}

static const char *organisation_for(Demo *d, const Person *p, const char *last)
{
    const SectorDef *s = &d->data->sectors[p->sector];
    const char *org = NULL;
    for (int tries = 0; tries < 40; tries++) {
        const char *noun = s->nouns[rng_int(&d->rng, 0, 3)];
        int kind = rng_int(&d->rng, 0, 9);
        if (kind < 6) org = arena_printf(&d->a, "%s %s", d->data->metros[p->metro].words[rng_int(&d->rng, 0, 3)], noun);
        else if (kind < 9) org = arena_printf(&d->a, "%s %s", d->data->stems[rng_int(&d->rng, 0, d->data->nstem - 1)], noun);
        else org = arena_printf(&d->a, "%s %s", last, noun);
        if (!organisation_taken(d, org)) return org;
    }
    return arena_printf(&d->a, "%s %s %d", d->data->stems[rng_int(&d->rng, 0, d->data->nstem - 1)], s->nouns[0], d->npeople);
}

static const char *bio_for(Demo *d, const Person *p)
{
    const char *does = d->data->sectors[p->sector].does[rng_int(&d->rng, 0, 2)];
    const char *org = p->organisation;
    switch (rng_int(&d->rng, 0, 4)) {
    case 0: return arena_printf(&d->a, "Founded %s in %d to %s.", org, rng_int(&d->rng, 2011, 2025), does);
    case 1: return arena_printf(&d->a, "Leads %s, where we %s.", org, does);
    case 2: return arena_printf(&d->a, "Co-founder of %s; we %s.", org, does);
    case 3:
        return arena_printf(&d->a, "Started %s after %d years in %s, to %s.", org, rng_int(&d->rng, 3, 15),
                            d->data->backgrounds[rng_int(&d->rng, 0, d->data->nbackground - 1)], does);
    default:
        return arena_printf(&d->a, "At %s I %s; before that I spent %d years in %s.", org, does, rng_int(&d->rng, 3, 12),
                            d->data->backgrounds[rng_int(&d->rng, 0, d->data->nbackground - 1)]);
    }
}

/* The sectors of a metro's `n` members: enough people for each chapter with a
 * sector focus planned there (so that "Fintech Founders" finds fintech
 * founders), the rest from any sector, in a shuffled order. */
static void metro_sectors(Demo *d, int metro, int *out, int n)
{
    static const int quota[] = { [ST_ACTIVE] = 6, [ST_FORMING] = 3, [ST_DORMANT] = 4, [ST_CLOSED] = 2 };
    int k = 0;
    for (int c = 0; c < d->data->nchapter; c++)
        if (d->data->chapters[c].metro == metro && d->data->chapters[c].sector != SE_NONE)
            for (int q = 0; q < quota[d->data->chapters[c].status] && k < n; q++) out[k++] = d->data->chapters[c].sector;
    while (k < n) out[k++] = rng_int(&d->rng, 0, d->data->nsector - 1);
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(&d->rng, 0, i), t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
}

void people_make(Demo *d)
{
    int total = 2;
    for (int m = 0; m < d->data->nmetro; m++) total += d->data->metros[m].members;
    d->people = arena_alloc(&d->a, sizeof *d->people * (size_t)total);
    d->tried = arena_alloc(&d->a, (size_t)total);
    d->rng.s = DEMO_SEED;

    Person *p;
    for (int i = 0; i < 2; i++) {
        const FixedDef *f = &d->data->fixed[i];
        p = &d->people[d->npeople++];
        *p = (Person){ .metro = f->metro, .sector = f->sector, .fixed = true, .name = f->name, .email = f->email,
                       .organisation = f->organisation, .bio = f->bio, .created = d->start + f->signed_up_day * DAY };
    }

    for (int m = 0; m < d->data->nmetro; m++) {
        const CultureDef *pool = &d->data->cultures[d->data->metros[m].culture];
        int sector[MAX_METRO_MEMBERS];
        assert(d->data->metros[m].members <= N(sector));
        metro_sectors(d, m, sector, d->data->metros[m].members);
        for (int k = 0; k < d->data->metros[m].members; k++) {
            const char *first, *last, *name, *email;
            do {
                first = pool->first[rng_int(&d->rng, 0, pool->nfirst - 1)];
                last = pool->last[rng_int(&d->rng, 0, pool->nlast - 1)];
                name = arena_printf(&d->a, "%s %s", first, last);
                email = email_for(d, first, last, "example.org");
            } while (name_taken(d, name, email));
            p = &d->people[d->npeople];
            *p = (Person){ .metro = m, .sector = sector[k], .name = name, .email = email };
            p->organisation = organisation_for(d, p, last);
            p->bio = bio_for(d, p);
            p->created = rng_range(&d->rng, d->start + DAY, d->now - 2 * DAY);
            d->npeople++;
        }
    }
}

/* ---------- transaction 1: places, sectors, settings ---------- */

