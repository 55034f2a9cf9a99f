/* demo.c - `glocal demo`: fills an empty network with a believable one.
 *
 * Seven countries and fourteen metros with their real time zones, twenty
 * sectors, 320 members with names that fit their cities, sixty chapters in
 * every status with eighteen months of membership history, and invitations
 * and join requests in flight. Each chapter but the closed ones has a monthly
 * meeting series in its metro's time zone, with the meetings the periodic work
 * would have scheduled and answers for the next one; behind it, the meetings
 * held (attendance, one success and one challenge from each member present,
 * the stories told in answer, commitments and how they ended), a few
 * cancelled, and histories that keep every chapter in its status when
 * `glocal tick` applies the lifecycle. Everything is built through the same
 * store functions the web pages use (so capacity and the one-per-sector rule
 * are enforced as usual), then backdated by src/demo/store.c.
 *
 * Then the books, in each country's currency: some thirty organisations
 * (banks, law firms, co-working spaces, cafés, universities), the hours, goods
 * and favours given at the meetings, sponsorship, earmarked baskets and what
 * they paid for, events with their tickets and costs, the network's and the
 * country committee's shares, cross-subsidies between the chapters of a city,
 * members paid back through approved claims, two mistakes reversed, a few
 * claims still waiting, and the words of some canvases. The books are
 * append-only and hash-chained, so nothing there is backdated afterwards: every
 * entry is planned first, with its day and the moment it was recorded, then
 * written through ledger_append in the order it was recorded; an entry that
 * would take a unit or a basket below zero is left out.
 *
 * Then the apps: the network's catalog of event formats (a First Tuesday mixer,
 * Startup Weekend, a pitch night, a breakfast with investors, a seed camp) and
 * Inês's Lisbon copy of the pitch night, and some thirty events made from them
 * through src/events/, hosted by chapters, by a region and a country with
 * co-hosting chapters: a dozen past ones with their registrations, check-ins,
 * paid tickets, sponsors and costs, closed so that their revenue split is in
 * the books (appended after everything else, recorded now and dated by the day
 * it happened), one cancelled, and the next eight weeks' with the registrations
 * so far, one of them full with a waitlist. The books' older events, from
 * before the catalog, were kept there by hand.
 *
 * Then governance (governance.c, elections.c), and the knowledge commons
 * (commons.c): over a hundred session notes, tools, techniques, templates,
 * stories and recordings written in the chapters and at the past events (the
 * sponsored ones among them, so the sponsors' report has rows), some written
 * together or quoting members who consented, adapted by chapters in other
 * cities up to three deep, revised, and used by chapters and events in all
 * fourteen metros; one story waits for Inês's consent, one item is her draft,
 * and one was withdrawn, leaving its tombstone.
 *
 * The output is the same on every run and on both databases: the choices come
 * from a fixed-seed xorshift generator, and only the times move with the clock
 * (which past dates a series covers, the one meeting of today).
 * Two documented logins sit beside the administrator: connector@glocal.example
 * and member@glocal.example, password "demo-member-2026" (as every demo member).
 * Lisbon Founders Breakfast, which she runs and he sits at, meets today.
 *
 * The work runs in three write transactions (places and sectors, members,
 * chapters with everything that hangs from them, meetings, books and events included); a failure
 * in the last one leaves no chapter behind, and a new run reuses the places and
 * people the earlier ones wrote.
 *
 * The network on paper (metros, sectors, names, chapters, what is said at the
 * meetings, organisations, formats, events...) is in data/demo, embedded in the
 * binary and read by data.c; this file loads it, runs the transactions and prints
 * the summary. The work itself: people.c (the members), registry.c (places,
 * chapters, invitations, join requests), meetings.c, books.c, money.c and chain.c
 * (the books), events.c (formats and events), governance.c and elections.c,
 * commons.c (data_commons.c reads its data), store.c (what is backdated). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/buf.h"
#include "base/zone.h"
#include "base/str.h"
#include "cli/cli.h"
#include "demo/demo.h"
#include "search/search.h"
#include "demo/internal.h"
#include "meetings/meetings.h"

/* ---------- transaction 3: chapters and everything that hangs from them ---------- */

static int chapters_tx(DbConn *c, void *ctx, Err *e)
{
    Demo *d = ctx;
    int64_t n = 0;
    if (demo_chapter_count(c, e, &n) < 0) return -1;
    if (n) return err_set(e, E_CONFLICT, "This network already has chapters; the demo fills an empty network. Use a new database file.");
    /* a retried transaction starts again from the same state */
    d->rng.s = DEMO_SEED ^ 0x3c3c3c3c3c3c3c3cull;
    memset(d->chap, 0, sizeof *d->chap * (size_t)d->data->nchapter);
    for (int k = 0; k < d->data->nchapter; k++) plan_series(d, k);
    d->inv_pending = d->inv_accepted = d->inv_revoked = d->inv_expired = 0;
    d->req_pending = d->req_approved = d->req_declined = d->req_withdrawn = 0;
    d->ninvitees = 0;
    for (int i = 0; i < d->npeople; i++) {
        d->people[i].nchap = 0;
        d->people[i].first_join = 0;
        d->people[i].pledged = d->people[i].requested = false;
    }
    /* the chapters that run fill first, so that they get the seats */
    static const int order[] = { ST_ACTIVE, ST_DORMANT, ST_CLOSED, ST_FORMING };
    for (int o = 0; o < N(order); o++)
        for (int k = 0; k < d->data->nchapter; k++)
            if (d->data->chapters[k].status == order[o] && chapter_build(d, c, e, k) < 0) return -1;
    if (approved_requests(d, c, e) < 0 || people_backdate(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: invitations and join requests…\n");
    if (invitations_make(d, c, e) < 0 || requests_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: meetings…\n");
    if (meetings_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: the books…\n");
    if (books_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: formats and events…\n");
    if (happenings_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: governance…\n");
    if (governance_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: applications to start a chapter…\n");
    if (demo_funnel_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: the commons…\n");
    return demo_commons_make(d, c, e);
}

/* ---------- the command ---------- */

static int64_t jint(json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

/* "A, B and C" of the chapters where a fixed login has the given part (arena). */
static const char *chapters_of(Demo *d, int fx, bool connector)
{
    Buf b;
    buf_init(&b, &d->a);
    const char **names = arena_alloc(&d->a, sizeof *names * (size_t)d->data->nchapter);
    int n = 0;
    for (int k = 0; k < d->data->nchapter; k++) {
        bool is_connector = d->data->chapters[k].creator == fx;
        bool is_member = (d->data->chapters[k].fixed & (unsigned)fx) != 0;
        if (connector ? is_connector : is_member) names[n++] = d->data->chapters[k].name;
    }
    for (int i = 0; i < n; i++) {
        if (i) buf_adds(&b, i == n - 1 ? " and " : ", ");
        buf_adds(&b, names[i]);
    }
    return buf_str(&b);
}

static const char *pending_request_of_tomas(const Demo *d)
{
    for (int k = 0; k < d->data->nchapter; k++)
        if (d->data->chapters[k].creator == FX_INES && d->data->chapters[k].status == ST_FORMING) return d->data->chapters[k].name;
    return "";
}

/* The documented logins, and what each finds today. */
static void logins_print(Demo *d)
{
    printf("\nDemo logins (every demo member's password is %s):\n", DEMO_PASSWORD);
    printf("  %-26s %s, connector of %s; member of %s\n", d->people[P_INES].email, d->people[P_INES].name,
           chapters_of(d, FX_INES, true), chapters_of(d, FX_INES, false));
    printf("  %-26s %s, member of %s; has asked to join %s\n", d->people[P_TOMAS].email, d->people[P_TOMAS].name,
           chapters_of(d, FX_TOMAS, false), pending_request_of_tomas(d));
    printf("  any other member, e.g. %s\n", d->people[2].email);
    if (d->today_k >= 0 && d->today_at) {
        const ChapterDef *def = &d->data->chapters[d->today_k];
        const char *tz = d->metro_tz[def->metro];
        char date[11], hm[6];
        time_local_parts(d->today_at, tz, date, hm);
        printf("%s meets today at %s (%s): %s can open the meeting runner, %s has not answered yet (his /home, where\n"
               "logging in lands, asks him).\n",
               def->name, hm, tz, d->people[P_INES].name, d->people[P_TOMAS].name);
    }
    if (d->ev.ines_next) {
        char date[11], hm[6];
        time_local_parts(d->ev.ines_next, d->metro_tz[d->data->fixed[P_INES].metro], date, hm);
        printf("%s organises %d of the events to come (%s on %s, among them); /me/events shows what she earned from "
               "the %d she closed.\n",
               d->people[P_INES].name, d->ev.ines_upcoming, d->ev.ines_next_title, date, d->ev.ines_closed);
    }
    printf("%s is named on %d items of the commons; /commons/mine shows %d waiting for her consent and %d draft.\n",
           d->people[P_INES].name, d->cm.ines_named, d->cm.ines_waiting, d->cm.ines_drafts);
}

static void summary_print(Demo *d, Db *db, json_t *s)
{
    printf("glocal demo: %s now holds the demo network \"%s\":\n", db_display_url(db),
           d->data->network_name);
    printf("  %lld countries, %lld regions, %lld metros and %lld sectors\n", (long long)jint(s, "countries"),
           (long long)jint(s, "regions"), (long long)jint(s, "metros"), (long long)jint(s, "sectors"));
    printf("  %lld members, %lld of them in at least one chapter\n", (long long)jint(s, "members"),
           (long long)jint(s, "in_chapters"));
    printf("  %lld chapters: %lld active, %lld forming, %lld dormant, %lld closed\n  %lld memberships, %lld of them as "
           "connector\n", (long long)jint(s, "chapters"), (long long)jint(s, "active"), (long long)jint(s, "forming"),
           (long long)jint(s, "dormant"), (long long)jint(s, "closed"), (long long)jint(s, "memberships"),
           (long long)jint(s, "connectors"));
    printf("  %lld invitations: %d pending, %d accepted, %d revoked, %d expired (%lld e-mails queued in the outbox)\n",
           (long long)jint(s, "invitations"), d->inv_pending, d->inv_accepted, d->inv_revoked, d->inv_expired,
           (long long)jint(s, "outbox"));
    printf("  %lld join requests: %d pending, %d approved, %d declined, %d withdrawn\n",
           (long long)jint(s, "join_requests"), d->req_pending, d->req_approved, d->req_declined, d->req_withdrawn);
    printf("  %lld monthly meeting series; %lld meetings held, %lld cancelled, %lld upcoming (%lld answers so far)\n",
           (long long)jint(s, "series"), (long long)jint(s, "held"), (long long)jint(s, "cancelled"),
           (long long)jint(s, "upcoming"), (long long)jint(s, "rsvps"));
    printf("  %lld attendances and %lld absences (%d members drifting away, flagged to their connectors)\n",
           (long long)jint(s, "present"), (long long)jint(s, "absent"), d->mt.drifting);
    printf("  %lld rounds (%lld shared with the network), %lld stories in answer (%lld flagged as advice),\n"
           "  %lld commitments (%lld still open)\n",
           (long long)jint(s, "rounds"), (long long)jint(s, "shared"), (long long)jint(s, "stories"),
           (long long)jint(s, "flagged"), (long long)jint(s, "commitments"), (long long)jint(s, "commitments_open"));
    int64_t minutes = jint(s, "minutes_given");
    printf("  %lld transactions in the books (%lld with money, %lld contributions: %lld.%lld hours, %lld goods and %lld "
           "favours given; %lld reversals)\n",
           (long long)jint(s, "transactions"), (long long)jint(s, "money_transactions"), (long long)jint(s, "contributions"),
           (long long)(minutes / 60), (long long)(minutes % 60 * 10 / 60), (long long)jint(s, "goods_given"),
           (long long)jint(s, "favours_given"), (long long)jint(s, "reversals"));
    printf("  %lld organisations, %lld earmarked baskets, %lld expense claims (%lld pending, %lld declined), "
           "%lld canvas texts\n",
           (long long)jint(s, "organisations"), (long long)jint(s, "baskets"), (long long)jint(s, "claims"),
           (long long)jint(s, "claims_pending"), (long long)jint(s, "claims_declined"), (long long)jint(s, "canvas_texts"));
    printf("  %lld events from %lld formats (and %lld local copy): %lld upcoming, %lld closed with their revenue split, "
           "%lld cancelled;\n  %lld registrations (%lld guests by e-mail, %lld on a waitlist, %lld tickets paid), "
           "%lld sponsorships, %lld shares posted (%d ticket e-mails left in the outbox)\n",
           (long long)jint(s, "events"), (long long)jint(s, "formats"), (long long)jint(s, "format_copies"),
           (long long)jint(s, "events_upcoming"), (long long)jint(s, "events_closed"), (long long)jint(s, "events_cancelled"),
           (long long)jint(s, "registrations"), (long long)jint(s, "guests"), (long long)jint(s, "waitlisted"),
           (long long)jint(s, "tickets_paid"), (long long)jint(s, "sponsorships"), (long long)jint(s, "shares"),
           d->ev.kept_mail);
    printf("  governance: %lld committees with %lld seats filled, %d matters raised, %d proposals and polls, %lld decision "
           "records;\n  %d secret ballots cast (the board elected by STV, its ballot box signed; the Lisbon committee's "
           "election open)\n",
           (long long)jint(s, "committees"), (long long)jint(s, "seats"), d->gov.matters, d->gov.polls,
           (long long)jint(s, "decisions"), d->gov.ballots);
    printf("  the commons: %lld items published (%lld of them adaptations, up to %d deep; %d written together), "
           "%lld waiting for consent,\n  %lld draft, %lld withdrawn; %lld uses recorded in %lld cities of %lld countries\n",
           (long long)jint(s, "commons_published"), (long long)jint(s, "commons_adaptations"), d->cm.depth,
           d->cm.coauthored, (long long)jint(s, "commons_consenting"), (long long)jint(s, "commons_drafts"),
           (long long)jint(s, "commons_withdrawn"), (long long)jint(s, "commons_uses"), (long long)jint(s, "commons_cities"),
           (long long)jint(s, "commons_countries"));
    demo_unconf_summary(d);
    demo_funnel_summary(d);
    logins_print(d);
    printf("The administrator logs in with the e-mail and password given to glocal init.\n");
    if (d->people_new < d->npeople)
        printf("(%d of the demo accounts existed already and kept their passwords.)\n", d->npeople - d->people_new);
}

/* The password every demo member shares, hashed once (Argon2id, as the sign-up form would). */
static int hash_password(Demo *d, Err *e)
{
    if (sodium_init() < 0) return err_set(e, E_INTERNAL, "libsodium failed to start.");
    char *hash = arena_alloc(&d->a, crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str(hash, DEMO_PASSWORD, strlen(DEMO_PASSWORD), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, E_INTERNAL, "Not enough memory to hash the demo password.");
    d->hash = hash;
    return 0;
}

/* What a run keeps per metro, sector and chapter of the data. */
static void run_tables(Demo *d)
{
    const DemoData *w = d->data;
    d->metro_id = arena_alloc(&d->a, sizeof *d->metro_id * (size_t)w->nmetro);
    d->country_id = arena_alloc(&d->a, sizeof *d->country_id * (size_t)w->nmetro);
    d->metro_tz = arena_alloc(&d->a, sizeof *d->metro_tz * (size_t)w->nmetro);
    d->sector_id = arena_alloc(&d->a, sizeof *d->sector_id * (size_t)w->nsector);
    d->chap = arena_alloc(&d->a, sizeof *d->chap * (size_t)w->nchapter);
}

int demo_fill(Db *db, Err *e)
{
    Demo *d = xcalloc(1, sizeof *d);
    DemoData *w = xcalloc(1, sizeof *w);
    DbConn *c = NULL;
    json_t *summary = NULL;
    int64_t n = 0;
    int rc = -1;
    arena_init(&d->a, 64 * 1024);
    d->now = now_unix();
    d->start = d->now - 575 * DAY;
    d->data = w;
    if (demo_data_load(w, e) < 0) goto done;
    run_tables(d);

    if (!(c = db_acquire(db, e))) goto done;
    if (demo_chapter_count(c, e, &n) < 0) goto done;
    if (n) {
        err_set(e, E_CONFLICT, "This network already has chapters; the demo fills an empty network. Use a new database file.");
        goto done;
    }
    if ((d->version = pledge_current(c, e)) < 0) goto done;
    if (!d->version) {
        err_set(e, E_CONFLICT, "The network has no collaboration pledge yet; run glocal init first.");
        goto done;
    }
    if (hash_password(d, e) < 0) goto done;
    people_make(d);

    fprintf(stderr, "demo: places and sectors…\n");
    if (db_write(c, places_tx, d, e) < 0) goto done;
    fprintf(stderr, "demo: %d members…\n", d->npeople);
    if (db_write(c, people_tx, d, e) < 0) goto done;
    fprintf(stderr, "demo: %d chapters…\n", w->nchapter);
    if (db_write(c, chapters_tx, d, e) < 0) goto done;
    int pictures = 0;
    if (demo_pictures_make(d, c, e, &pictures) < 0) goto done;
    fprintf(stderr, "demo: %d chapter photos\n", pictures);
    /* the demo writes much of the network row by row: the search is made from all of it at the end */
    SearchReindex indexed = { 0 };
    if (search_reindex(c, e, &indexed) < 0) goto done;
    fprintf(stderr, "demo: %lld documents in the search\n", (long long)indexed.documents);

    if (!(summary = demo_summary(c, e, d->now))) goto done;
    summary_print(d, db, summary);
    rc = 0;
done:
    json_decref(summary);
    if (c) db_release(c);
    arena_release(&d->a);
    demo_data_free(w);
    free(w);
    free(d);
    return rc;
}
