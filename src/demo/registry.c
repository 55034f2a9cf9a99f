/* registry.c - the registry and membership of the demo network, written
 * through src/network/'s store (so capacity and the one-per-sector rule are
 * enforced as on the pages) and backdated by src/demo/store.c: the places,
 * sectors and settings (transaction 1), the members (transaction 2), then in the
 * third transaction each chapter with its members, connectors and departures,
 * the join requests that were approved, invitations in flight, revoked or
 * expired, and the join requests still waiting, declined or withdrawn. */
#include <ctype.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "settings/settings.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "mail/mail.h"
#include "meetings/meetings.h"
#include "network/network.h"

/* ---------- transaction 1: places, sectors, settings ---------- */

const char *place_slug(Demo *d, const char *name, const char *kind)
{
    const char *slug = str_slugify(&d->a, name);
    if (str_eq(kind, "metro")) return slug;
    for (int m = 0; m < d->data->nmetro; m++)
        if (str_eq(slug, str_slugify(&d->a, d->data->metros[m].name))) return arena_printf(&d->a, "%s-%s", slug, kind);
    return slug;
}

/* The place with this slug, made when missing (a city with its position on the map). */
static int place_get(Demo *d, DbConn *c, Err *e, int64_t parent, const char *kind, const char *name, const char *tz,
                     const MetroDef *at, int64_t *id)
{
    const char *slug = place_slug(d, name, kind);
    int found = demo_place_find(c, e, slug, kind, id);
    if (found) return found < 0 ? -1 : 0;
    if (place_insert(c, e, parent, kind, name, slug, tz, id) < 0) return -1;
    PlacePosition p = { .is_set = true, .lat_e6 = at ? at->lat_e6 : 0, .lon_e6 = at ? at->lon_e6 : 0 };
    if (at && place_position_put(c, e, *id, &p) < 0) return -1;
    d->places_new++;
    return demo_place_backdate(c, e, *id, d->start - DAY);
}

int places_tx(DbConn *c, void *ctx, Err *e)
{
    Demo *d = ctx;
    int64_t *country = arena_alloc(&d->a, sizeof *country * (size_t)d->data->nmetro), n = 0;
    int64_t *region = arena_alloc(&d->a, sizeof *region * (size_t)d->data->nmetro);
    d->places_new = d->sectors_new = 0;
    if (demo_chapter_count(c, e, &n) < 0) return -1;
    if (n) return err_set(e, E_CONFLICT, "This network already has chapters; the demo fills an empty network. Use a new database file.");
    for (int m = 0; m < d->data->nmetro; m++) {
        const MetroDef *md = &d->data->metros[m];
        country[m] = region[m] = 0;
        for (int j = 0; j < m; j++) {
            if (str_eq(d->data->metros[j].country, md->country)) country[m] = country[j];
            if (str_eq(d->data->metros[j].country, md->country) && str_eq(d->data->metros[j].region, md->region)) region[m] = region[j];
        }
        if (!country[m] && place_get(d, c, e, 0, "country", md->country, md->country_tz, NULL, &country[m]) < 0)
            return -1;
        if (!region[m] && place_get(d, c, e, country[m], "region", md->region, md->tz, NULL, &region[m]) < 0) return -1;
        if (place_get(d, c, e, region[m], "metro", md->name, md->tz, md, &d->metro_id[m]) < 0) return -1;
        d->country_id[m] = country[m];
    }
    for (int s = 0; s < d->data->nsector; s++) {
        const char *slug = str_slugify(&d->a, d->data->sectors[s].name);
        int found = demo_sector_find(c, e, slug, &d->sector_id[s]);
        if (found < 0) return -1;
        if (found) continue;
        if (sector_insert(c, e, d->data->sectors[s].name, slug, d->data->sectors[s].description, &d->sector_id[s]) < 0) return -1;
        if (demo_sector_backdate(c, e, d->sector_id[s], d->start - DAY) < 0) return -1;
        d->sectors_new++;
    }
    if (setting_put(c, e, "network_name", d->data->network_name) < 0 ||
        setting_put(c, e, "about", d->data->about) < 0)
        return -1;
    /* the network existed before its first member joined */
    if (demo_admin_backdate(c, e, d->start - 2 * DAY) < 0) return -1;
    return demo_pledge_backdate(c, e, d->version, d->start - DAY);
}

/* ---------- transaction 2: the members ---------- */

int people_tx(DbConn *c, void *ctx, Err *e)
{
    Demo *d = ctx;
    d->people_new = 0;
    for (int i = 0; i < d->npeople; i++) {
        Person *p = &d->people[i];
        int found = demo_user_find(c, e, p->email, &p->id);
        if (found < 0) return -1;
        if (!found) {
            if (user_insert(c, e, p->email, p->name, d->hash, false, d->metro_id[p->metro], d->sector_id[p->sector],
                            &p->id) < 0)
                return -1;
            d->people_new++;
        }
        if (demo_user_profile(c, e, p->id, p->organisation, p->bio, p->created) < 0) return -1;
    }
    return 0;
}

/* ---------- transaction 3: chapters and everything that hangs from them ---------- */

bool chap_has(const Chap *ch, int who)
{
    for (int k = 0; k < ch->n; k++)
        if (ch->who[k] == who && !ch->left[k]) return true;
    return false;
}

static bool chap_has_sector(const Demo *d, const Chap *ch, int sector)
{
    for (int k = 0; k < ch->n; k++)
        if (!ch->left[k] && d->people[ch->who[k]].sector == sector) return true;
    return false;
}

static int chap_members(const Chap *ch)
{
    int n = 0;
    for (int k = 0; k < ch->n; k++) n += !ch->left[k];
    return n;
}

/* The first connector of a chapter (its creator). */
Person *chap_connector(Demo *d, const Chap *ch)
{
    return &d->people[ch->who[0]];
}

/* Whether `who` could sit in the chapter: not in it yet, room left, and the sector rule kept. */
static bool chap_fits(const Demo *d, const Chap *ch, const ChapterDef *def, int who)
{
    if (chap_has(ch, who) || chap_members(ch) >= def->capacity) return false;
    return !def->one_per_sector || !chap_has_sector(d, ch, d->people[who].sector);
}

/* The best newcomer for a chapter from one metro: someone of the chapter's
 * sector first, then whoever sits in the fewest chapters. -1 if none. */
static int pick_member(Demo *d, const Chap *ch, const ChapterDef *def, int metro, int limit)
{
    int best = -1, best_score = 0;
    for (int i = 0; i < d->npeople; i++) {
        const Person *p = &d->people[i];
        if (p->fixed || p->metro != metro || p->nchap >= limit || d->tried[i] || !chap_fits(d, ch, def, i)) continue;
        int score = (def->sector != SE_NONE && p->sector != def->sector ? 100 : 0) + p->nchap * 30 +
                    rng_int(&d->rng, 0, 29);
        if (best < 0 || score < best_score) {
            best = i;
            best_score = score;
        }
    }
    return best;
}

static int pick_any(Demo *d, const Chap *ch, const ChapterDef *def, bool from_neighbour)
{
    int nb = d->data->metros[def->metro].neighbour;
    int who = -1;
    if (from_neighbour && nb >= 0) who = pick_member(d, ch, def, nb, 2);
    if (who < 0) who = pick_member(d, ch, def, def->metro, 2);
    if (who < 0) who = pick_member(d, ch, def, def->metro, 3);
    if (who < 0 && nb >= 0) who = pick_member(d, ch, def, nb, 2);
    return who;
}

static void seat_note(Demo *d, Chap *ch, int who, bool connector, int64_t invitation)
{
    ch->who[ch->n] = who;
    ch->connector[ch->n] = connector;
    ch->invitation[ch->n] = invitation;
    ch->left[ch->n] = false;
    ch->n++;
    d->people[who].nchap++;
}

static int pledge_once(Demo *d, DbConn *c, Err *e, Person *p)
{
    if (p->pledged) return 0;
    p->pledged = true;
    return pledge_accept(c, e, p->id, d->version);
}

/* Invites and adds a newcomer; 1 seated, 0 refused by the chapter's rules, -1 error. */
static int seat_add(Demo *d, DbConn *c, Err *e, Chap *ch, int who, bool invite)
{
    Person *p = &d->people[who];
    int64_t invitation = 0;
    if (invite) {
        const char *hash = token_hash(&d->a, token_new(&d->a));
        const char *msg = d->data->invitation_messages[rng_int(&d->rng, 0, d->data->ninvitation_message - 1)];
        if (invitation_insert(c, e, ch->id, p->email, hash, msg, chap_connector(d, ch)->id, &invitation) < 0) return -1;
    }
    if (membership_add(c, e, ch->id, p->id, "member", invite ? p->id : chap_connector(d, ch)->id) < 0) {
        if (e->code != E_CONFLICT) return -1;
        err_clear(e);                     /* full, or the sector is taken: someone else then */
        d->tried[who] = 1;
        if (invitation && demo_invitation_backdate(c, e, invitation, d->now - 2 * DAY, d->now + 12 * DAY, 0,
                                                   d->now - DAY) < 0)
            return -1;
        if (invitation) d->inv_revoked++;
        return 0;
    }
    if (invitation) {
        if (invitation_mark_accepted(c, e, invitation, p->id) < 0) return -1;
        d->inv_accepted++;
    }
    seat_note(d, ch, who, false, invitation);
    if (pledge_once(d, c, e, p) < 0) return -1;
    return 1;
}

static const char *description_for(Demo *d, const ChapterDef *def, const SeriesPlan *p)
{
    const char *when = arena_printf(&d->a, "on %s at %02d:%02d", series_rule_words(&d->a, p->rrule), p->hour, p->minute);
    const char *where = arena_printf(&d->a, "%s %s%s", islower((unsigned char)p->venue[0]) ? "in" : "at", p->venue,
                                     *p->url ? " (or online, for whoever is travelling)" : "");
    const char *tail = "";
    if (def->status == ST_CLOSED)
        return arena_printf(&d->a, "%s\n\nWe met %s %s, until the chapter closed; its notes stay in the commons.",
                            def->hook, when, where);
    if (def->status == ST_FORMING)
        tail = "\n\nWe are still forming: if you belong at this table, ask a connector for an invitation.";
    else if (def->status == ST_DORMANT)
        tail = "\n\nThe chapter is resting for now; its members keep in touch and mean to start again.";
    else if (def->one_per_sector && !strstr(def->hook, "per sector"))
        tail = "\n\n*One seat per sector*, so nobody sits across the table from a direct competitor.";
    return arena_printf(&d->a, "%s\n\nWe meet %s %s, each of us bringing **one success and one challenge**.%s",
                        def->hook, when, where, tail);
}

/* How many people a chapter should seat. */
static int target_for(Demo *d, const ChapterDef *def)
{
    switch (def->status) {
    case ST_FORMING: return rng_int(&d->rng, 2, 5);
    case ST_DORMANT: return rng_int(&d->rng, 5, def->capacity < 9 ? def->capacity : 9);
    case ST_CLOSED: return rng_int(&d->rng, 3, 6);
    default:
        if (def->capacity <= 8) return rng_int(&d->rng, 6, def->capacity);
        if (def->capacity <= 12 && rng_one_in(&d->rng, 5)) return def->capacity;
        return rng_int(&d->rng, 7, def->capacity < 13 ? def->capacity - 1 : 13);
    }
}

/* When the chapter started, when it last changed, and the last moment anyone joined. */
static void times_for(Demo *d, Chap *ch, const ChapterDef *def)
{
    int64_t now = d->now;
    switch (def->status) {
    case ST_FORMING:
        ch->created = now - rng_range(&d->rng, 6, 75) * DAY - rng_range(&d->rng, 0, DAY);
        ch->end = now - HOUR;
        ch->updated = 0;   /* the last join */
        break;
    case ST_DORMANT:
        ch->created = now - rng_range(&d->rng, 330, 540) * DAY - rng_range(&d->rng, 0, DAY);
        ch->updated = now - rng_range(&d->rng, 45, 150) * DAY;
        ch->end = ch->updated - 20 * DAY;
        break;
    case ST_CLOSED:
        ch->created = now - rng_range(&d->rng, 380, 540) * DAY - rng_range(&d->rng, 0, DAY);
        ch->updated = ch->created + rng_range(&d->rng, 150, 280) * DAY;
        ch->end = ch->updated - 45 * DAY;
        break;
    default:
        ch->created = now - rng_range(&d->rng, 150, 540) * DAY - rng_range(&d->rng, 0, DAY);
        ch->updated = now - rng_range(&d->rng, 0, 20) * DAY - rng_range(&d->rng, 0, DAY);
        ch->end = now - DAY;
    }
}

/* Spreads the joins over the chapter's life (most in its first months), in seat order. */
static void joins_spread(Demo *d, Chap *ch, const ChapterDef *def)
{
    ch->at[0] = ch->created + rng_range(&d->rng, 0, 2 * HOUR);
    int64_t from = ch->created + DAY, span = ch->end - from;
    for (int k = 1; k < ch->n; k++) {
        double u = rng_unit(&d->rng);
        if (def->status != ST_FORMING) u *= u;
        ch->at[k] = from + (int64_t)(u * (double)span);
    }
    /* seats keep their order of arrival: sort the times, and the fixed logins take whichever they get */
    for (int k = 2; k < ch->n; k++)
        for (int j = k; j > 1 && ch->at[j - 1] > ch->at[j]; j--) {
            int64_t t = ch->at[j];
            ch->at[j] = ch->at[j - 1];
            ch->at[j - 1] = t;
        }
}

int chapter_build(Demo *d, DbConn *c, Err *e, int k)
{
    const ChapterDef *def = &d->data->chapters[k];
    Chap *ch = &d->chap[k];
    memset(d->tried, 0, (size_t)d->npeople);
    times_for(d, ch, def);
    ch->slug = str_slugify(&d->a, def->name);

    int creator = def->creator ? (int)(fixed_person(d, def->creator) - d->people) : pick_any(d, ch, def, false);
    if (creator < 0) return err_set(e, E_INTERNAL, "No one in %s could start %s.", d->data->metros[def->metro].name, def->name);
    ChapterFields f = { def->name, ch->slug, description_for(d, def, &ch->plan), "forming",
                        def->one_per_sector ? "one_per_sector" : "open", d->metro_id[def->metro],
                        def->sector == SE_NONE ? 0 : d->sector_id[def->sector], def->capacity };
    if (chapter_fields_check(f.name, f.slug, f.description, f.capacity, f.status, e) < 0) return -1;
    if (chapter_insert(c, e, &f, d->people[creator].id, &ch->id) < 0) return -1;
    seat_note(d, ch, creator, true, 0);
    if (pledge_once(d, c, e, &d->people[creator]) < 0) return -1;

    for (int fx = FX_INES; fx <= FX_TOMAS; fx <<= 1)
        if ((def->fixed & (unsigned)fx) && seat_add(d, c, e, ch, (int)(fixed_person(d, fx) - d->people), false) < 0)
            return -1;

    int target = target_for(d, def);
    bool neighbour = def->status == ST_ACTIVE && rng_one_in(&d->rng, 4);
    while (ch->n < target) {
        int who = pick_any(d, ch, def, neighbour);
        neighbour = false;
        if (who < 0) break;
        bool invite = (def->status == ST_ACTIVE || def->status == ST_FORMING) && d->inv_accepted < 10 &&
                      rng_one_in(&d->rng, 18);
        if (seat_add(d, c, e, ch, who, invite) < 0) return -1;
    }

    /* history: when each joined, a second connector, departures */
    joins_spread(d, ch, def);
    if (def->status == ST_FORMING) ch->updated = ch->at[ch->n - 1];
    for (int s = 0; s < ch->n; s++) {
        Person *p = &d->people[ch->who[s]];
        if (demo_membership_backdate(c, e, ch->id, p->id, ch->at[s]) < 0) return -1;
        if (!p->first_join || ch->at[s] < p->first_join) p->first_join = ch->at[s];
        if (ch->invitation[s]) {
            int64_t sent = ch->at[s] - rng_range(&d->rng, 2 * DAY, 9 * DAY);
            if (sent < ch->created + HOUR) sent = ch->created + HOUR;
            if (demo_invitation_backdate(c, e, ch->invitation[s], sent, sent + INVITATION_TTL_SECONDS, ch->at[s], 0) < 0)
                return -1;
        }
    }
    if (demo_event_backdate(c, e, ch->id, d->people[ch->who[0]].id, "connector", ch->at[0]) < 0) return -1;
    bool second = (def->status == ST_ACTIVE && ch->n >= 7 && rng_one_in(&d->rng, 2)) ||
                  (def->status == ST_DORMANT && ch->n >= 5 && rng_one_in(&d->rng, 3)) ||
                  (def->status == ST_CLOSED && rng_one_in(&d->rng, 3));
    for (int s = 1; second && s < ch->n; s++) {
        Person *p = &d->people[ch->who[s]];
        if (p->fixed) continue;
        int64_t at = ch->at[s] + rng_range(&d->rng, 10, 60) * DAY;
        if (at > ch->end) at = ch->at[s] + HOUR;
        if (membership_set_role(c, e, ch->id, p->id, "connector", chap_connector(d, ch)->id) < 0 ||
            demo_event_backdate(c, e, ch->id, p->id, "connector", at) < 0)
            return -1;
        ch->connector[s] = true;
        break;
    }
    if (def->status == ST_CLOSED)
        for (int s = 0; s < ch->n; s++) {
            if (ch->connector[s] || rng_one_in(&d->rng, 2)) continue;   /* half drifted away before the end */
            Person *p = &d->people[ch->who[s]];
            int64_t at = ch->updated - rng_range(&d->rng, DAY, 40 * DAY);
            if (at <= ch->at[s]) at = ch->at[s] + DAY;
            if (membership_remove(c, e, ch->id, p->id, "left", p->id) < 0 ||
                demo_event_backdate(c, e, ch->id, p->id, "left", at) < 0)
                return -1;
            ch->left[s] = true;
        }
    return demo_chapter_backdate(c, e, ch->id, status_names[def->status], ch->created, ch->updated);
}

/* Members who came in through a join request the connectors approved. */
int approved_requests(Demo *d, DbConn *c, Err *e)
{
    for (int k = 0; k < d->data->nchapter && d->req_approved < 5; k++) {
        const ChapterDef *def = &d->data->chapters[k];
        Chap *ch = &d->chap[k];
        if (def->status != ST_ACTIVE && def->status != ST_DORMANT) continue;
        for (int s = 1; s < ch->n && d->req_approved < 5; s++) {
            Person *p = &d->people[ch->who[s]];
            if (p->fixed || ch->invitation[s] || ch->connector[s] || !rng_one_in(&d->rng, 9)) continue;
            int64_t id = 0, asked = ch->at[s] - rng_range(&d->rng, DAY, 6 * DAY);
            if (asked < ch->created + HOUR) asked = ch->created + HOUR;
            const char *msg = d->data->request_messages[rng_int(&d->rng, 0, d->data->nrequest_message - 1)];
            if (join_request_insert(c, e, ch->id, p->id, msg, &id) < 0 ||
                join_request_close(c, e, id, "approved", chap_connector(d, ch)->id, "") < 0 ||
                demo_join_request_backdate(c, e, id, asked, ch->at[s]) < 0)
                return -1;
            d->req_approved++;
            break;
        }
    }
    return 0;
}

/* Accounts were opened a little before their first meeting; the pledge was accepted on joining. */
int people_backdate(Demo *d, DbConn *c, Err *e)
{
    for (int i = 0; i < d->npeople; i++) {
        Person *p = &d->people[i];
        if (!p->first_join) continue;
        /* signed up some time before, or just before, the first meeting */
        int64_t created = p->first_join - rng_range(&d->rng, DAY, 25 * DAY);
        if (p->created < created) created = p->created;
        if (created < d->start) created = d->start + rng_range(&d->rng, 0, DAY);
        if (created >= p->first_join) created = p->first_join - HOUR;
        p->created = created;
        if (demo_user_backdate(c, e, p->id, created) < 0) return -1;
        if (p->pledged && demo_acceptance_backdate(c, e, p->id, d->version, p->first_join - rng_range(&d->rng, 60, HOUR)) < 0)
            return -1;
    }
    return 0;
}

/* A name nobody in the network has yet, at a domain other than the members'. */
static const char *invitee_email(Demo *d, int culture)
{
    const CultureDef *pool = &d->data->cultures[culture];
    for (;;) {
        const char *first = pool->first[rng_int(&d->rng, 0, pool->nfirst - 1)];
        const char *last = pool->last[rng_int(&d->rng, 0, pool->nlast - 1)];
        const char *email = email_for(d, first, last, rng_one_in(&d->rng, 2) ? "example.net" : "example.com");
        bool taken = false;
        for (int i = 0; i < d->ninvitees && !taken; i++) taken = str_eq(d->invitees[i], email);
        if (taken) continue;
        d->invitees[d->ninvitees++] = email;
        return email;
    }
}

typedef enum { INV_PENDING, INV_REVOKED, INV_EXPIRED } InvKind;

static int invitation_make(Demo *d, DbConn *c, Err *e, int k, InvKind kind)
{
    Chap *ch = &d->chap[k];
    const ChapterDef *def = &d->data->chapters[k];
    Person *by = chap_connector(d, ch);
    const char *email = invitee_email(d, d->data->metros[def->metro].culture);
    const char *token = token_new(&d->a);
    const char *msg = d->data->invitation_messages[rng_int(&d->rng, 0, d->data->ninvitation_message - 1)];
    int64_t id = 0, sent, revoked = 0;
    if (invitation_insert(c, e, ch->id, email, token_hash(&d->a, token), msg, by->id, &id) < 0) return -1;
    if (kind == INV_PENDING) {
        /* one in five runs out within two days */
        if (d->inv_pending % 5 == 0) sent = d->now - 12 * DAY - rng_range(&d->rng, 0, 20 * HOUR);
        else sent = d->now - rng_range(&d->rng, HOUR, 10 * DAY);
        if (sent < ch->created + HOUR) sent = ch->created + HOUR;
        /* the e-mail the invitation page would have queued */
        if (mail_queuef(c, e, email, "invitation", "{s:s, s:s, s:s, s:s}", "inviter", by->name, "chapter", def->name,
                        "message", msg, "link", arena_printf(&d->a, "%s/invitations/%s", DEMO_LINK_BASE, token)) < 0 ||
            demo_outbox_backdate(c, e, email, sent) < 0)
            return -1;
        ch->pending_invitations++;
        d->inv_pending++;
    } else if (kind == INV_REVOKED) {
        sent = d->now - rng_range(&d->rng, 5 * DAY, 120 * DAY);
        if (sent < ch->created + HOUR) sent = ch->created + HOUR;
        revoked = sent + rng_range(&d->rng, HOUR, 5 * DAY);
        if (revoked > d->now) revoked = d->now - HOUR;
        d->inv_revoked++;
    } else {
        sent = d->now - rng_range(&d->rng, 20 * DAY, 150 * DAY);
        if (sent < ch->created + HOUR) sent = ch->created + HOUR;
        d->inv_expired++;
    }
    return demo_invitation_backdate(c, e, id, sent, sent + INVITATION_TTL_SECONDS, 0, revoked);
}

int invitations_make(Demo *d, DbConn *c, Err *e)
{
    d->invitees = arena_alloc(&d->a, sizeof *d->invitees * 64);
    /* pending: forming chapters are the ones still inviting, then a few active ones with a free seat */
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < d->data->nchapter && d->inv_pending < 25; k++) {
            const ChapterDef *def = &d->data->chapters[k];
            Chap *ch = &d->chap[k];
            int want = round == 0 ? (def->status == ST_FORMING ? rng_int(&d->rng, 1, 2) : 0)
                                  : (def->status == ST_ACTIVE && rng_one_in(&d->rng, 3) ? 1 : 0);
            for (int i = 0; i < want && d->inv_pending < 25; i++) {
                if (chap_members(ch) + ch->pending_invitations >= def->capacity) break;
                if (invitation_make(d, c, e, k, INV_PENDING) < 0) return -1;
            }
        }
    /* a few that were withdrawn and a few nobody answered, in chapters old enough to have them */
    int revoked = 0, expired = 0;
    for (int tries = 0; tries < 200 && (revoked < 4 || expired < 5); tries++) {
        int k = rng_int(&d->rng, 0, d->data->nchapter - 1);
        const ChapterDef *def = &d->data->chapters[k];
        if (def->status == ST_CLOSED || d->chap[k].created > d->now - 60 * DAY) continue;
        InvKind kind = revoked < 4 && (expired >= 5 || rng_one_in(&d->rng, 2)) ? INV_REVOKED : INV_EXPIRED;
        if (invitation_make(d, c, e, k, kind) < 0) return -1;
        if (kind == INV_REVOKED) revoked++;
        else expired++;
    }
    return 0;
}

/* A join request from `who` to chapter k, pending or decided. */
static int request_make(Demo *d, DbConn *c, Err *e, int k, int who, const char *status, const char *msg)
{
    Chap *ch = &d->chap[k];
    Person *p = &d->people[who];
    int64_t id = 0, asked, decided = 0, floor = (ch->created > p->created ? ch->created : p->created) + HOUR;
    if (!msg) msg = d->data->request_messages[rng_int(&d->rng, 0, d->data->nrequest_message - 1)];
    if (join_request_insert(c, e, ch->id, p->id, msg, &id) < 0) return -1;
    if (str_eq(status, "pending")) {
        asked = d->now - rng_range(&d->rng, HOUR, 18 * DAY);
        if (asked < floor) asked = floor;
        p->requested = true;
        d->req_pending++;
    } else {
        asked = d->now - rng_range(&d->rng, 20 * DAY, 200 * DAY);
        if (asked < floor) asked = floor;
        decided = asked + rng_range(&d->rng, DAY, 8 * DAY);
        if (decided > d->now) decided = d->now - HOUR;
        bool declined = str_eq(status, "declined");
        const char *reason = declined ? d->data->decline_reasons[rng_int(&d->rng, 0, d->data->ndecline_reason - 1)] : "";
        if (join_request_close(c, e, id, status, declined ? chap_connector(d, ch)->id : p->id, reason) < 0) return -1;
        if (declined) d->req_declined++;
        else d->req_withdrawn++;
    }
    return demo_join_request_backdate(c, e, id, asked, decided);
}

/* A chapter of `who`'s metro (or the next one) that would take them, or -1. */
static int request_target(Demo *d, int who, bool open_only)
{
    const Person *p = &d->people[who];
    int *options = arena_alloc(&d->a, sizeof *options * (size_t)d->data->nchapter), n = 0;
    for (int k = 0; k < d->data->nchapter; k++) {
        const ChapterDef *def = &d->data->chapters[k];
        if (def->status == ST_CLOSED || (open_only && def->status == ST_DORMANT)) continue;
        if (def->metro != p->metro && !(def->metro == d->data->metros[p->metro].neighbour && rng_one_in(&d->rng, 4))) continue;
        if (!chap_fits(d, &d->chap[k], def, who) || d->chap[k].created > d->now - 10 * DAY) continue;
        options[n++] = k;
    }
    return n ? options[rng_int(&d->rng, 0, n - 1)] : -1;
}

int requests_make(Demo *d, DbConn *c, Err *e)
{
    /* Tomás asks to join Inês's newest chapter; Inês has a couple more requests waiting */
    for (int k = 0; k < d->data->nchapter; k++) {
        const ChapterDef *def = &d->data->chapters[k];
        if (def->creator != FX_INES) continue;
        if (def->status == ST_FORMING && !chap_has(&d->chap[k], P_TOMAS) &&
            request_make(d, c, e, k, P_TOMAS, "pending", d->data->fixed[P_TOMAS].request) < 0)
            return -1;
        for (int tries = 0; tries < 100; tries++) {
            int who = rng_int(&d->rng, 2, d->npeople - 1);
            Person *p = &d->people[who];
            if (p->requested || p->metro != def->metro || p->nchap > 1 || !chap_fits(d, &d->chap[k], def, who)) continue;
            if (request_make(d, c, e, k, who, "pending", NULL) < 0) return -1;
            break;
        }
    }
    for (int tries = 0; tries < 2000 && d->req_pending < 15; tries++) {
        int who = rng_int(&d->rng, 2, d->npeople - 1);
        Person *p = &d->people[who];
        if (p->requested || p->nchap > 1) continue;
        int k = request_target(d, who, true);
        if (k >= 0 && request_make(d, c, e, k, who, "pending", NULL) < 0) return -1;
    }
    for (int tries = 0; tries < 2000 && (d->req_declined < 4 || d->req_withdrawn < 2); tries++) {
        int who = rng_int(&d->rng, 2, d->npeople - 1);
        if (d->people[who].requested) continue;
        int k = request_target(d, who, false);
        if (k < 0 || d->chap[k].created > d->now - 40 * DAY) continue;
        const char *status = d->req_declined < 4 ? "declined" : "withdrawn";
        if (request_make(d, c, e, k, who, status, NULL) < 0) return -1;
    }
    return 0;
}
