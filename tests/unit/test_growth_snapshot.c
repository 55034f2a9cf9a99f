/* test_growth_snapshot.c - the daily snapshot (src/growth/snapshot.c) on a
 * small made-up network, on the database GLOCAL_TEST_DB names (tests/run runs
 * it on SQLite and on PostgreSQL).
 *
 * Four months of history are written straight into the raw tables (places,
 * chapters in every status, joins, departures, a rejoin, connectors stepping
 * up and down, meetings with answers and attendance, events with tickets,
 * the commons, the books). The snapshot back-fills them; then every figure
 * of every row, for every scope and day, is recomputed here the naive way —
 * each day on its own, from the raw rows, by loops over them — and compared.
 * Then a day later (one day taken, with the statuses as they are), again at
 * once (nothing taken), and after three days away (two rebuilt, one live). */
#include <time.h>

#include "base/str.h"
#include "growth/growth.h"
#include "meetings/meetings.h"
#include "testutil.h"

#define DAY GROWTH_DAY
#define B 1767225600LL                     /* 2026-01-01T00:00:00Z: day 0 of the history */
#define T(d, h) (B + (int64_t)(d) * DAY + (int64_t)(h) * 3600)

/* ---------- the raw rows ---------- */

typedef struct Net {
    int64_t pt, lisboa, lisbon, cascais, norte, porto, es, madrid_r, madrid;
    int64_t s1, s2, s3;
    int64_t u[11];
    int64_t ch[7];
    int64_t app, org, seq;
    int64_t acc_net, acc_c1, acc_c2, acc_lis, acc_bk, acc_u2, acc_org;
    int64_t e2;
} Net;

static Err fx_err;
#define OK(call) cr_assert((call) >= 0, "%s: %s", #call, fx_err.msg)

static int64_t place(DbConn *c, int64_t parent, const char *kind, const char *slug)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO places (parent_id, kind, name, slug, timezone, created_at) VALUES ($1, $2, $3, $3, 'UTC', $4)"
                " RETURNING id",
                DID(parent), DT(kind), DT(slug), DI(T(120, 0))));
    return id;
}

static int64_t sector(DbConn *c, const char *slug)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id, "INSERT INTO sectors (name, slug, created_at) VALUES ($1, $1, 1) RETURNING id", DT(slug)));
    return id;
}

static int64_t user(DbConn *c, int i)
{
    char email[32];
    snprintf(email, sizeof email, "u%d@growth.test", i);
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                " VALUES ($1, $1, 'x', 1, 1) RETURNING id",
                DT(email)));
    return id;
}

static int64_t chapter(DbConn *c, const char *slug, int64_t metro, int64_t sector_id, const char *status, int64_t created,
                       int64_t updated)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO chapters (slug, name, metro_id, sector_id, status, created_at, updated_at)"
                " VALUES ($1, $1, $2, $3, $4, $5, $6) RETURNING id",
                DT(slug), DI(metro), DID(sector_id), DT(status), DI(created), DI(updated)));
    return id;
}

/* A change of membership: its event, and the membership row as it now is. */
static void mev(DbConn *c, int64_t ch, int64_t u, const char *kind, int64_t at)
{
    OK(db_exec(c, &fx_err, "INSERT INTO membership_events (chapter_id, user_id, kind, at) VALUES ($1, $2, $3, $4)",
               DI(ch), DI(u), DT(kind), DI(at)));
    if (str_eq(kind, "joined"))
        OK(db_exec(c, &fx_err, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)",
                   DI(ch), DI(u), DI(at)));
    else if (str_eq(kind, "connector") || str_eq(kind, "stepped_down"))
        OK(db_exec(c, &fx_err, "UPDATE memberships SET role = $3 WHERE chapter_id = $1 AND user_id = $2", DI(ch), DI(u),
                   DT(str_eq(kind, "connector") ? "connector" : "member")));
    else
        OK(db_exec(c, &fx_err, "DELETE FROM memberships WHERE chapter_id = $1 AND user_id = $2", DI(ch), DI(u)));
}

static int64_t meeting(DbConn *c, int64_t ch, int64_t starts, const char *status)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO meetings (chapter_id, starts_at, ends_at, timezone, status, created_at, updated_at)"
                " VALUES ($1, $2, $2 + 7200, 'UTC', $3, 1, 1) RETURNING id",
                DI(ch), DI(starts), DT(status)));
    return id;
}

/* A meeting held: who was there (present), who was not, who had said yes. */
static void held(DbConn *c, Net *n, int64_t ch, int64_t starts, const int *present, const int *absent, const int *yes)
{
    int64_t m = meeting(c, ch, starts, "held");
    for (const int *p = present; p && *p; p++)
        OK(db_exec(c, &fx_err, "INSERT INTO attendance (meeting_id, user_id, is_present, recorded_at) VALUES ($1, $2, 1, $3)",
                   DI(m), DI(n->u[*p]), DI(starts)));
    for (const int *p = absent; p && *p; p++)
        OK(db_exec(c, &fx_err, "INSERT INTO attendance (meeting_id, user_id, is_present, recorded_at) VALUES ($1, $2, 0, $3)",
                   DI(m), DI(n->u[*p]), DI(starts)));
    for (const int *p = yes; p && *p; p++)
        OK(db_exec(c, &fx_err, "INSERT INTO rsvps (meeting_id, user_id, answer, updated_at) VALUES ($1, $2, 'yes', 1)",
                   DI(m), DI(n->u[*p])));
}

#define L(...) ((const int[]){ __VA_ARGS__, 0 })

static int64_t event(DbConn *c, Net *n, const char *slug, int64_t ch, int64_t pl, int64_t starts, const char *status)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO events (slug, app_id, title, chapter_id, place_id, starts_at, ends_at, timezone, capacity,"
                " status, split_rule, organiser_id, created_at, updated_at)"
                " VALUES ($1, $2, $1, $3, $4, $5, $5 + 3600, 'UTC', 50, $6, '[]', $7, 1, 1) RETURNING id",
                DT(slug), DI(n->app), DID(ch), DID(pl), DI(starts), DT(status), DI(n->u[1])));
    return id;
}

static void reg(DbConn *c, int64_t ev, int64_t u, const char *status, int64_t checked_in, const char *code)
{
    int64_t tier = 0;
    OK(db_int64(c, &fx_err, &tier, "SELECT min(id) FROM ticket_tiers WHERE event_id = $1", DI(ev)));
    if (!tier) OK(db_int64(c, &fx_err, &tier, "INSERT INTO ticket_tiers (event_id, name) VALUES ($1, 'Free') RETURNING id", DI(ev)));
    OK(db_exec(c, &fx_err,
               "INSERT INTO registrations (event_id, tier_id, user_id, guest_email, name, status, code, token_hash,"
               " checked_in_at, created_at, updated_at)"
               " VALUES ($1, $2, $3, $4, 'x', $5, $6, $6, $7, 1, 1)",
               DI(ev), DI(tier), DID(u), DT(u ? NULL : "guest@growth.test"), DT(status), DT(code), DID(checked_in)));
}

static int64_t item(DbConn *c, Net *n, const char *slug, int64_t ch, int64_t pl, int64_t published, int64_t withdrawn)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO commons_items (slug, kind, title, licence, status, chapter_id, place_id, created_by,"
                " published_at, withdrawn_at, created_at, updated_at)"
                " VALUES ($1, 'tool', $1, 'cc-by-4.0', $2, $3, $4, $5, $6, $7, 1, 1) RETURNING id",
                DT(slug), DT(withdrawn ? "withdrawn" : published ? "published" : "draft"), DID(ch), DID(pl), DI(n->u[1]),
                DID(published), DID(withdrawn)));
    return id;
}

static void use(DbConn *c, Net *n, int64_t it, int64_t ch, int64_t ev, int64_t pl, int day)
{
    OK(db_exec(c, &fx_err,
               "INSERT INTO commons_uses (item_id, chapter_id, event_id, place_id, used_on, outcome, recorded_by, created_at)"
               " VALUES ($1, $2, $3, $4, $5, 'worked', $6, 1)",
               DI(it), DID(ch), DID(ev), DI(pl), DI(T(day, 0)), DI(n->u[1])));
}

static int64_t account(DbConn *c, const char *kind, int64_t ref, int64_t parent, const char *name)
{
    int64_t id = 0;
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO ledger_accounts (kind, ref_id, parent_id, name, created_at) VALUES ($1, $2, $3, $4, 1) RETURNING id",
                DT(kind), DI(ref), DID(parent), DT(name)));
    return id;
}

/* A transaction of two postings: `amount` of `resource` from one account to the other, on `day`. */
static int64_t tx(DbConn *c, Net *n, const char *kind, int day, int64_t reverses, int64_t from, int64_t to,
                  const char *resource, int64_t amount)
{
    Arena a;
    arena_init(&a, 128);
    int64_t id = 0, seq = ++n->seq;
    char hash[24];
    snprintf(hash, sizeof hash, "h%lld", (long long)seq);
    OK(db_int64(c, &fx_err, &id,
                "INSERT INTO ledger_transactions (seq, kind, description, occurred_on, visibility, recorded_at, reverses_id,"
                " prev_hash, hash) VALUES ($1, $2, $2, $3, 'public', $4, $5, '', $6) RETURNING id",
                DI(seq), DT(kind), DT(time_iso_date(&a, T(day, 0))), DI(T(day, 12)), DID(reverses), DT(hash)));
    OK(db_exec(c, &fx_err,
               "INSERT INTO ledger_postings (transaction_id, account_id, resource, amount) VALUES ($1, $2, $4, -$5),"
               " ($1, $3, $4, $5)",
               DI(id), DI(from), DI(to), DT(resource), DI(amount)));
    arena_release(&a);
    return id;
}

/* The places, sectors, people and chapters, with their memberships. */
static void registry(DbConn *c, Net *n)
{
    n->pt = place(c, 0, "country", "pt");
    n->lisboa = place(c, n->pt, "region", "lisboa");
    n->lisbon = place(c, n->lisboa, "metro", "lisbon");
    n->cascais = place(c, n->lisboa, "metro", "cascais");
    n->norte = place(c, n->pt, "region", "norte");
    n->porto = place(c, n->norte, "metro", "porto");
    n->es = place(c, 0, "country", "es");
    n->madrid_r = place(c, n->es, "region", "madrid-region");
    n->madrid = place(c, n->madrid_r, "metro", "madrid");
    n->s1 = sector(c, "fintech");
    n->s2 = sector(c, "food");
    n->s3 = sector(c, "health");   /* no chapter focuses on it */
    for (int i = 1; i <= 10; i++) n->u[i] = user(c, i);
    int64_t *ch = n->ch, *u = n->u;
    /* stored statuses: c3 was set active by hand (its meetings say forming); c4 closed on day 60 */
    ch[1] = chapter(c, "c1", n->lisbon, n->s1, "active", T(0, 9), T(0, 9));
    ch[2] = chapter(c, "c2", n->cascais, n->s2, "dormant", T(10, 9), T(10, 9));
    ch[3] = chapter(c, "c3", n->porto, 0, "active", T(40, 9), T(40, 9));
    ch[4] = chapter(c, "c4", n->madrid, n->s1, "closed", T(5, 9), T(60, 15));
    ch[5] = chapter(c, "c5", n->lisbon, n->s2, "forming", T(118, 9), T(118, 9));
    ch[6] = chapter(c, "c6", n->porto, n->s2, "forming", T(120, 9), T(120, 9));   /* made after the day taken */
    mev(c, ch[1], u[1], "joined", T(0, 9));
    mev(c, ch[1], u[1], "connector", T(0, 9));
    mev(c, ch[1], u[2], "joined", T(1, 10));
    mev(c, ch[1], u[3], "joined", T(3, 10));
    mev(c, ch[1], u[4], "joined", T(10, 10));
    mev(c, ch[2], u[3], "joined", T(10, 9));
    mev(c, ch[2], u[3], "connector", T(10, 9));
    mev(c, ch[2], u[1], "joined", T(11, 10));
    mev(c, ch[4], u[9], "joined", T(5, 9));
    mev(c, ch[4], u[9], "connector", T(5, 9));
    mev(c, ch[4], u[10], "joined", T(6, 10));
    mev(c, ch[1], u[5], "joined", T(30, 10));
    mev(c, ch[1], u[2], "connector", T(40, 10));
    mev(c, ch[3], u[7], "joined", T(40, 9));
    mev(c, ch[3], u[7], "connector", T(40, 9));
    mev(c, ch[3], u[8], "joined", T(41, 10));
    mev(c, ch[3], u[1], "joined", T(45, 10));
    mev(c, ch[4], u[10], "left", T(55, 10));
    mev(c, ch[1], u[4], "left", T(60, 10));       /* and into Cascais the same day: still in the region */
    mev(c, ch[2], u[4], "joined", T(60, 12));
    mev(c, ch[1], u[6], "joined", T(70, 10));     /* in and out within the day */
    mev(c, ch[1], u[6], "left", T(70, 18));
    mev(c, ch[1], u[2], "stepped_down", T(90, 10));
    mev(c, ch[1], u[4], "joined", T(100, 10));    /* back */
    mev(c, ch[1], u[3], "removed", T(110, 10));
    mev(c, ch[5], u[5], "joined", T(118, 9));
    mev(c, ch[5], u[5], "connector", T(118, 9));
}

/* Meetings, events, the commons and the books. */
static void happenings(DbConn *c, Net *n)
{
    int64_t *ch = n->ch;
    held(c, n, ch[1], T(5, 18), L(1, 2, 3), NULL, L(1, 2));
    held(c, n, ch[1], T(20, 18), L(1, 2, 4), L(3), L(1, 2, 3, 4));
    held(c, n, ch[1], T(35, 18), L(1, 3, 4, 5), NULL, L(1, 5));
    meeting(c, ch[1], T(45, 18), "cancelled");
    held(c, n, ch[1], T(50, 18), L(1, 2, 3, 4, 5), NULL, NULL);
    held(c, n, ch[1], T(65, 18), L(1, 2, 5), NULL, L(1));
    held(c, n, ch[1], T(80, 18), L(1, 3), L(5), NULL);
    held(c, n, ch[1], T(95, 18), L(1, 5), NULL, NULL);
    held(c, n, ch[1], T(110, 18), L(1), NULL, L(1, 4));
    meeting(c, ch[1], T(125, 18), "scheduled");
    meeting(c, ch[1], T(140, 18), "scheduled");
    held(c, n, ch[2], T(12, 19), L(3, 1), NULL, NULL);
    held(c, n, ch[2], T(14, 19), L(3), NULL, NULL);
    held(c, n, ch[2], T(17, 0) - 1, L(1, 3), NULL, NULL);   /* the last second of day 16: dormant from day 107 */
    held(c, n, ch[3], T(50, 19), L(7, 8), NULL, L(7, 8));
    held(c, n, ch[3], T(70, 19), L(7, 8, 1), NULL, NULL);
    meeting(c, ch[3], T(100, 19), "scheduled");   /* never marked held: it does not count */
    meeting(c, ch[3], T(130, 19), "scheduled");
    held(c, n, ch[4], T(6, 19), L(9, 10), NULL, NULL);
    held(c, n, ch[4], T(8, 19), L(9), NULL, NULL);
    held(c, n, ch[4], T(9, 19), L(9, 10), NULL, NULL);
    held(c, n, ch[4], T(20, 19), L(9), NULL, NULL);
    OK(db_int64(c, &fx_err, &n->app,
                "INSERT INTO apps (slug, name, created_at, updated_at) VALUES ('mixer', 'Mixer', 1, 1) RETURNING id"));
    int64_t e1 = event(c, n, "e1", ch[1], 0, T(50, 19), "open");
    reg(c, e1, n->u[1], "ticket", T(50, 19), "AAAAAA");
    reg(c, e1, n->u[2], "ticket", 0, "AAAAAB");
    reg(c, e1, n->u[3], "waitlist", 0, "AAAAAC");
    reg(c, e1, n->u[4], "cancelled", 0, "AAAAAD");
    n->e2 = event(c, n, "e2", 0, n->lisboa, T(60, 18), "closed");
    reg(c, n->e2, n->u[5], "ticket", T(60, 18), "BBBBBA");
    reg(c, n->e2, 0, "ticket", T(60, 18), "BBBBBB");
    int64_t e3 = event(c, n, "e3", ch[2], 0, T(70, 18), "cancelled");
    reg(c, e3, n->u[3], "ticket", 0, "CCCCCA");
    int64_t e4 = event(c, n, "e4", 0, 0, T(80, 18), "open");
    reg(c, e4, n->u[6], "ticket", 0, "DDDDDA");
    int64_t e5 = event(c, n, "e5", ch[4], 0, T(20, 18), "open");
    reg(c, e5, n->u[9], "ticket", T(20, 18), "EEEEEA");
    int64_t i1 = item(c, n, "i1", ch[1], n->lisbon, T(30, 12), 0);
    item(c, n, "i2", 0, n->porto, T(40, 12), T(90, 12));
    int64_t i3 = item(c, n, "i3", 0, 0, T(100, 12), 0);
    item(c, n, "i4", ch[2], n->cascais, 0, 0);
    item(c, n, "i5", ch[4], n->madrid, T(10, 12), T(10, 20));
    use(c, n, i1, ch[3], 0, n->porto, 75);
    use(c, n, i1, 0, n->e2, n->lisbon, 60);
    use(c, n, i3, ch[1], 0, n->lisbon, 105);
}

static void books(DbConn *c, Net *n)
{
    OK(db_int64(c, &fx_err, &n->org, "INSERT INTO organisations (name, slug, created_at) VALUES ('Bank', 'bank', 1) RETURNING id"));
    n->acc_net = account(c, "network", 0, 0, "Network");
    n->acc_c1 = account(c, "chapter", n->ch[1], 0, "c1");
    n->acc_c2 = account(c, "chapter", n->ch[2], 0, "c2");
    n->acc_lis = account(c, "place", n->lisboa, 0, "Lisboa");
    n->acc_bk = account(c, "basket", 0, n->acc_c1, "Breakfasts");
    n->acc_u2 = account(c, "member", n->u[2], 0, "u2");
    n->acc_org = account(c, "organisation", n->org, 0, "Bank");
    tx(c, n, "contribution", 3, 0, n->acc_u2, n->acc_c1, "USD", 700);
    tx(c, n, "contribution", 20, 0, n->acc_u2, n->acc_c1, "HOURS", 120);
    int64_t gift = tx(c, n, "contribution", 20, 0, n->acc_u2, n->acc_bk, "EUR", 5000);
    tx(c, n, "income", 50, 0, n->acc_org, n->acc_lis, "EUR", 10000);
    tx(c, n, "reversal", 55, gift, n->acc_bk, n->acc_u2, "EUR", 5000);
    tx(c, n, "transfer", 60, 0, n->acc_c1, n->acc_c2, "EUR", 1000);    /* between units: not received */
    int64_t fee = tx(c, n, "income", 60, 0, n->acc_c2, n->acc_net, "EUR", 300);   /* the network receives, c2 is not charged */
    tx(c, n, "reversal", 65, fee, n->acc_net, n->acc_c2, "EUR", 300);             /* nor credited when it is reversed */
    tx(c, n, "contribution", 119, 0, n->acc_u2, n->acc_c2, "FAVOURS", 2);
}

static int fixture_tx(DbConn *c, void *ctx, Err *e)
{
    (void)e;
    registry(c, ctx);
    happenings(c, ctx);
    books(c, ctx);
    return 0;
}

/* What happens on day 120 (the next run takes it). */
static int day120_tx(DbConn *c, void *ctx, Err *e)
{
    Net *n = ctx;
    (void)e;
    mev(c, n->ch[3], n->u[8], "left", T(120, 12));
    held(c, n, n->ch[1], T(120, 8), L(1, 4), NULL, L(4));
    OK(db_exec(c, &fx_err, "UPDATE chapters SET status = 'forming' WHERE id = $1", DI(n->ch[3])));
    tx(c, n, "contribution", 120, 0, n->acc_u2, n->acc_c1, "HOURS", 60);
    return 0;
}

/* And on day 121, while nobody takes the figures. */
static int day121_tx(DbConn *c, void *ctx, Err *e)
{
    Net *n = ctx;
    (void)e;
    mev(c, n->ch[6], n->u[10], "joined", T(121, 10));
    mev(c, n->ch[6], n->u[10], "connector", T(121, 10));
    return 0;
}

/* Every figure taken so far forgotten (a network that never took any). */
static int forget_tx(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    if (db_exec(c, e, "DELETE FROM growth_days") < 0) return -1;
    return db_exec(c, e, "DELETE FROM growth_received") < 0 ? -1 : 0;
}

/* ---------- the figures the naive way ---------- */

static const char *const cols[] = {
    "chapters_forming", "chapters_active", "chapters_dormant", "chapters_closed", "members", "members_new",
    "members_left", "connectors", "meetings_held", "rsvps_yes", "checkins", "checkins_returning", "events", "tickets",
    "event_checkins", "items", "item_uses", "at_risk", "risk_flags",
};
enum { C_FORMING, C_ACTIVE, C_DORMANT, C_CLOSED, C_MEMBERS, C_NEW, C_LEFT, C_CONNECTORS, C_HELD, C_YES, C_CHECKINS,
       C_RETURNING, C_EVENTS, C_TICKETS, C_EVENT_CHECKINS, C_ITEMS, C_USES, C_AT_RISK, C_RISK_FLAGS, NCOL };

typedef struct Raw {
    json_t *places, *sectors, *chapters, *mev, *meetings, *rsvps, *att, *memberships, *events, *regs, *items, *uses,
        *postings;
    int64_t now, live;
} Raw;

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* A read that must succeed. */
static json_t *loaded(json_t *r)
{
    cr_assert_not_null(r, "%s", fx_err.msg);
    return r;
}

static void raw_load(DbConn *c, Raw *r, int64_t now, int64_t live)
{
    Err *e = &fx_err;
    r->now = now;
    r->live = live;
    r->places = loaded(db_rows(c, e, "SELECT id, parent_id FROM places"));
    r->sectors = loaded(db_rows(c, e, "SELECT id FROM sectors"));
    r->chapters = loaded(db_rows(c, e, "SELECT id, metro_id, sector_id, status, created_at, updated_at FROM chapters"));
    r->mev = loaded(db_rows(c, e, "SELECT chapter_id, user_id, kind, at FROM membership_events ORDER BY at, id"));
    r->meetings = loaded(db_rows(c, e, "SELECT id, chapter_id, starts_at, status FROM meetings ORDER BY starts_at, id"));
    r->rsvps = loaded(db_rows(c, e, "SELECT meeting_id, user_id, answer FROM rsvps"));
    r->att = loaded(db_rows(c, e, "SELECT meeting_id, user_id, is_present FROM attendance"));
    r->memberships = loaded(db_rows(c, e, "SELECT chapter_id, user_id, role FROM memberships"));
    r->events = loaded(db_rows(c, e, "SELECT id, chapter_id, place_id, starts_at, status FROM events"));
    r->regs = loaded(db_rows(c, e, "SELECT event_id, status, checked_in_at FROM registrations"));
    r->items = loaded(db_rows(c, e, "SELECT chapter_id, place_id, published_at, withdrawn_at FROM commons_items"));
    r->uses = loaded(db_rows(c, e, "SELECT chapter_id, place_id, used_on FROM commons_uses"));
    r->postings = loaded(db_rows(c, e,
                                "SELECT p.amount, p.resource, t.kind, o.kind AS reversed_kind, t.occurred_on,"
                                "       a.kind AS account_kind, a.ref_id, u.kind AS unit_kind, u.ref_id AS unit_ref"
                                "  FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id"
                                "  LEFT JOIN ledger_transactions o ON o.id = t.reverses_id"
                                "  JOIN ledger_accounts a ON a.id = p.account_id"
                                "  LEFT JOIN ledger_accounts u ON u.id = a.parent_id"));
}

static void raw_release(Raw *r)
{
    json_t **all[] = { &r->places, &r->sectors, &r->chapters, &r->mev, &r->meetings, &r->rsvps, &r->att,
                       &r->memberships, &r->events, &r->regs, &r->items, &r->uses, &r->postings };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) json_decref(*all[i]);
}

static json_t *find(json_t *list, int64_t id)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) if (jint(x, "id") == id) return x;
    return NULL;
}

/* Whether place p is s or lies under it. */
static bool place_under(Raw *r, int64_t p, int64_t s)
{
    for (json_t *x; p; p = jint(x, "parent_id")) {
        if (p == s) return true;
        cr_assert_not_null(x = find(r->places, p));
    }
    return false;
}

/* Whether something of a chapter, a place or the network counts towards the scope. */
static bool of_in(Raw *r, const char *of_kind, int64_t of_id, const char *kind, int64_t id)
{
    if (str_eq(kind, "network")) return true;
    if (str_eq(of_kind, "chapter")) {
        json_t *ch = find(r->chapters, of_id);
        cr_assert_not_null(ch);
        if (str_eq(kind, "chapter")) return of_id == id;
        if (str_eq(kind, "place")) return place_under(r, jint(ch, "metro_id"), id);
        return jint(ch, "sector_id") == id;
    }
    return str_eq(of_kind, "place") && str_eq(kind, "place") && place_under(r, of_id, id);
}

static int64_t day_end(int64_t day)
{
    return day + DAY;
}

/* A person's state in a chapter at time t: their last event before it. */
static void person_at(Raw *r, int64_t ch, int64_t u, int64_t t, bool *member, bool *connector)
{
    const char *last = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(r->mev, i, x)
        if (jint(x, "chapter_id") == ch && jint(x, "user_id") == u && jint(x, "at") < t) last = jstr(x, "kind");
    *member = last && !str_eq(last, "left") && !str_eq(last, "removed");
    *connector = str_eq(last, "connector");
}

/* Whether the person is a member (or connector) of a chapter of the scope at t. */
static bool person_in(Raw *r, const char *kind, int64_t id, int64_t u, int64_t t, bool want_connector)
{
    size_t i;
    json_t *ch;
    json_array_foreach(r->chapters, i, ch) {
        if (!of_in(r, "chapter", jint(ch, "id"), kind, id)) continue;
        bool m, k;
        person_at(r, jint(ch, "id"), u, t, &m, &k);
        if (want_connector ? k : m) return true;
    }
    return false;
}

static void people(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    json_t *users = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(r->mev, i, x) {
        char k[24];
        snprintf(k, sizeof k, "%lld", (long long)jint(x, "user_id"));
        json_object_set_new(users, k, json_integer(jint(x, "user_id")));
    }
    const char *key;
    json_object_foreach(users, key, x) {
        int64_t u = json_integer_value(x);
        bool now = person_in(r, kind, id, u, day_end(day), false), before = person_in(r, kind, id, u, day, false);
        out[C_MEMBERS] += now;
        out[C_NEW] += now && !before;
        out[C_LEFT] += before && !now;
        out[C_CONNECTORS] += person_in(r, kind, id, u, day_end(day), true);
    }
    json_decref(users);
}

/* A chapter's status at the end of the day: the lifecycle of src/meetings over the meetings held by then,
 * or (on the day taken live) the status it has. */
static const char *status_on(Raw *r, json_t *ch, int64_t day)
{
    if (day == r->live) return jstr(ch, "status");
    int64_t created = jint(ch, "created_at"), updated = jint(ch, "updated_at");
    if (str_eq(jstr(ch, "status"), "closed") && day >= growth_day_of(updated > created ? updated : created)) return "closed";
    int64_t n = 0, last = 0;
    size_t i;
    json_t *m;
    json_array_foreach(r->meetings, i, m)
        if (jint(m, "chapter_id") == jint(ch, "id") && str_eq(jstr(m, "status"), "held") && jint(m, "starts_at") < day_end(day)) {
            n++;
            last = jint(m, "starts_at");
        }
    Lifecycle life = { 3, 90 };
    return chapter_next_status("forming", n, last, created, day_end(day) - 1, &life);
}

static void statuses(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    static const char *const names[] = { "forming", "active", "dormant", "closed" };
    size_t i;
    json_t *ch;
    json_array_foreach(r->chapters, i, ch) {
        if (jint(ch, "created_at") >= day_end(day) || !of_in(r, "chapter", jint(ch, "id"), kind, id)) continue;
        const char *s = status_on(r, ch, day);
        for (int k = 0; k < 4; k++) out[C_FORMING + k] += str_eq(s, names[k]);
    }
}

static bool was_present(Raw *r, int64_t meeting, int64_t u)
{
    size_t i;
    json_t *a;
    json_array_foreach(r->att, i, a)
        if (jint(a, "meeting_id") == meeting && jint(a, "user_id") == u && json_is_true(json_object_get(a, "is_present")))
            return true;
    return false;
}

static void meetings(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    size_t i, j, k;
    json_t *m, *x, *p;
    json_array_foreach(r->meetings, i, m) {
        if (!str_eq(jstr(m, "status"), "held") || growth_day_of(jint(m, "starts_at")) != day ||
            !of_in(r, "chapter", jint(m, "chapter_id"), kind, id))
            continue;
        out[C_HELD]++;
        json_array_foreach(r->rsvps, j, x) out[C_YES] += jint(x, "meeting_id") == jint(m, "id") && str_eq(jstr(x, "answer"), "yes");
        json_array_foreach(r->att, j, x) {
            if (jint(x, "meeting_id") != jint(m, "id") || !json_is_true(json_object_get(x, "is_present"))) continue;
            out[C_CHECKINS]++;
            bool before = false;
            json_array_foreach(r->meetings, k, p)
                before |= jint(p, "chapter_id") == jint(m, "chapter_id") && str_eq(jstr(p, "status"), "held") &&
                          jint(p, "starts_at") < jint(m, "starts_at") && was_present(r, jint(p, "id"), jint(x, "user_id"));
            out[C_RETURNING] += before;
        }
    }
}

/* What an event, an item or a use counts for: its chapter, else its place, else the network. */
static bool host_in(Raw *r, json_t *x, const char *kind, int64_t id)
{
    int64_t ch = jint(x, "chapter_id"), pl = jint(x, "place_id");
    return of_in(r, ch ? "chapter" : pl ? "place" : "network", ch ? ch : pl, kind, id);
}

static void events(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    size_t i, j;
    json_t *ev, *g;
    json_array_foreach(r->events, i, ev) {
        if (str_eq(jstr(ev, "status"), "cancelled") || growth_day_of(jint(ev, "starts_at")) != day || !host_in(r, ev, kind, id))
            continue;
        out[C_EVENTS]++;
        json_array_foreach(r->regs, j, g) {
            if (jint(g, "event_id") != jint(ev, "id") || !str_eq(jstr(g, "status"), "ticket")) continue;
            out[C_TICKETS]++;
            out[C_EVENT_CHECKINS] += !json_is_null(json_object_get(g, "checked_in_at"));
        }
    }
}

static void commons(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    size_t i;
    json_t *x;
    int64_t end = day_end(day);
    json_array_foreach(r->items, i, x) {
        json_t *w = json_object_get(x, "withdrawn_at");
        bool out_by_then = !json_is_null(w) && json_integer_value(w) < end;
        out[C_ITEMS] += !json_is_null(json_object_get(x, "published_at")) && jint(x, "published_at") < end && !out_by_then &&
                        host_in(r, x, kind, id);
    }
    json_array_foreach(r->uses, i, x) out[C_USES] += growth_day_of(jint(x, "used_on")) == day && host_in(r, x, kind, id);
}

/* The chapter's risk flags at the time of the run, from its rows as they are. */
static unsigned chapter_flags(Raw *r, json_t *ch)
{
    int64_t id = jint(ch, "id"), last = 0, next = 0, connectors = 0, present[64];
    size_t n = 0, i, j;
    json_t *x, *a;
    json_array_foreach(r->meetings, i, x) {
        if (jint(x, "chapter_id") != id) continue;
        if (str_eq(jstr(x, "status"), "held")) {
            last = jint(x, "starts_at");
            present[n] = 0;
            json_array_foreach(r->att, j, a) present[n] += jint(a, "meeting_id") == jint(x, "id") && json_is_true(json_object_get(a, "is_present"));
            n++;
        } else if (str_eq(jstr(x, "status"), "scheduled") && jint(x, "starts_at") > r->now && !next)
            next = jint(x, "starts_at");
    }
    json_array_foreach(r->memberships, i, x) connectors += jint(x, "chapter_id") == id && str_eq(jstr(x, "role"), "connector");
    ChapterFacts f = { jstr(ch, "status"), jint(ch, "created_at"), last, next, connectors, present, n };
    return growth_risks(&f, r->now);
}

static void risks(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    if (day != r->live) return;
    size_t i;
    json_t *ch;
    json_array_foreach(r->chapters, i, ch) {
        if (jint(ch, "created_at") >= day_end(day) || !of_in(r, "chapter", jint(ch, "id"), kind, id)) continue;
        unsigned flags = chapter_flags(r, ch);
        out[C_AT_RISK] += flags != 0;
        if (str_eq(kind, "chapter")) out[C_RISK_FLAGS] = flags;
    }
}

static void expected(Raw *r, const char *kind, int64_t id, int64_t day, int64_t *out)
{
    memset(out, 0, sizeof(int64_t) * NCOL);
    statuses(r, kind, id, day, out);
    people(r, kind, id, day, out);
    meetings(r, kind, id, day, out);
    events(r, kind, id, day, out);
    commons(r, kind, id, day, out);
    risks(r, kind, id, day, out);
}

static int64_t day_of_label(const char *label)
{
    struct tm tm = { 0 };
    cr_assert_not_null(strptime(label, "%Y-%m-%d", &tm), "%s", label);
    return (int64_t)timegm(&tm);
}

/* What the scope received on the day in `resource`, from the postings. */
static int64_t received(Raw *r, const char *kind, int64_t id, int64_t day, const char *resource)
{
    int64_t sum = 0;
    size_t i;
    json_t *p;
    json_array_foreach(r->postings, i, p) {
        const char *unit = jstr(p, "unit_kind") ? jstr(p, "unit_kind") : jstr(p, "account_kind");
        int64_t ref = jstr(p, "unit_kind") ? jint(p, "unit_ref") : jint(p, "ref_id"), amount = jint(p, "amount");
        const char *k = jstr(p, "kind"), *rk = jstr(p, "reversed_kind");
        bool in = (str_eq(k, "income") || str_eq(k, "contribution")) && amount > 0;
        bool back = str_eq(k, "reversal") && (str_eq(rk, "income") || str_eq(rk, "contribution")) && amount < 0;
        if ((in || back) && str_eq(jstr(p, "resource"), resource) && day_of_label(jstr(p, "occurred_on")) == day &&
            (str_eq(unit, "chapter") || str_eq(unit, "place") || str_eq(unit, "network")) && of_in(r, unit, ref, kind, id))
            sum += amount;
    }
    return sum;
}

/* ---------- the comparison ---------- */

typedef struct Scope {
    const char *kind;
    int64_t id;
} Scope;

/* Every scope a day may have a row for: the network, every place and sector, every chapter. */
static size_t scopes_of(Raw *r, Scope *s)
{
    size_t n = 0, i;
    json_t *x;
    s[n++] = (Scope){ "network", 0 };
    json_array_foreach(r->places, i, x) s[n++] = (Scope){ "place", jint(x, "id") };
    json_array_foreach(r->sectors, i, x) s[n++] = (Scope){ "sector", jint(x, "id") };
    json_array_foreach(r->chapters, i, x) s[n++] = (Scope){ "chapter", jint(x, "id") };
    return n;
}

/* Every row of growth_days and growth_received from day `from` to `to` (the
 * day taken live) against the figures recomputed from the raw rows, with
 * chapter rows from `chapters_from`; returns how many rows growth_days has
 * there. */
static size_t verify(DbConn *c, int64_t from, int64_t to, int64_t chapters_from, int64_t now)
{
    Raw r;
    raw_load(c, &r, now, to);
    Scope sc[64];
    size_t nsc = scopes_of(&r, sc), want_rows = 0, want_received = 0;
    json_t *got = db_rows(c, &fx_err,
                          "SELECT * FROM growth_days WHERE day >= $1 AND day <= $2 ORDER BY day, scope_kind, scope_id",
                          DI(from), DI(to));
    cr_assert_not_null(got, "%s", fx_err.msg);
    size_t i;
    json_t *row;
    json_array_foreach(got, i, row) {
        const char *kind = jstr(row, "scope_kind");
        int64_t id = jint(row, "scope_id"), day = jint(row, "day"), want[NCOL];
        if (str_eq(kind, "chapter"))
            cr_assert(jint(find(r.chapters, id), "created_at") < day_end(day) && day >= chapters_from,
                      "chapter %lld has no row before it was made, nor before the chapters' first day", (long long)id);
        expected(&r, kind, id, day, want);
        for (int k = 0; k < NCOL; k++)
            cr_assert_eq(jint(row, cols[k]), want[k], "%s %lld on day %lld: %s is %lld, counted %lld", kind, (long long)id,
                         (long long)((day - B) / DAY), cols[k], (long long)jint(row, cols[k]), (long long)want[k]);
        cr_assert_eq(json_is_true(json_object_get(row, "is_backfill")), day != to, "only the last day is taken live");
        cr_assert_eq(jint(row, "taken_at"), now);
    }
    static const char *const resources[] = { "EUR", "USD", "HOURS", "FAVOURS", "GOODS" };
    for (int64_t day = from; day <= to; day += DAY)
        for (size_t s = 0; s < nsc; s++) {
            bool chapter = str_eq(sc[s].kind, "chapter");
            if (chapter && (jint(find(r.chapters, sc[s].id), "created_at") >= day_end(day) || day < chapters_from)) continue;
            want_rows++;
            for (size_t k = 0; k < sizeof resources / sizeof *resources; k++) {
                int64_t want = received(&r, sc[s].kind, sc[s].id, day, resources[k]), amount = 0;
                cr_assert_geq(db_int64(c, &fx_err, &amount,
                                       "SELECT amount FROM growth_received WHERE scope_kind = $1 AND scope_id = $2"
                                       " AND day = $3 AND resource = $4",
                                       DT(sc[s].kind), DI(sc[s].id), DI(day), DT(resources[k])), 0, "%s", fx_err.msg);
                cr_assert_eq(amount, want, "%s %lld received %lld %s on day %lld, counted %lld", sc[s].kind,
                             (long long)sc[s].id, (long long)amount, resources[k], (long long)((day - B) / DAY), (long long)want);
                want_received += want != 0;
            }
        }
    int64_t n = 0;
    cr_assert_geq(db_int64(c, &fx_err, &n, "SELECT count(*) FROM growth_received WHERE day >= $1 AND day <= $2", DI(from),
                           DI(to)), 0);
    cr_assert_eq((size_t)n, want_received, "rows only where something came in");
    cr_assert_eq(json_array_size(got), want_rows, "a row for every scope and day: %zu, not %zu", json_array_size(got), want_rows);
    json_decref(got);
    raw_release(&r);
    return want_rows;
}

/* One figure of one row. */
static int64_t figure(DbConn *c, const char *kind, int64_t id, int day, const char *col)
{
    json_t *s = growth_series(c, &fx_err, kind, id, T(day, 0), T(day, 0));
    cr_assert_not_null(s, "%s", fx_err.msg);
    cr_assert_eq(json_array_size(s), 1, "%s %lld has a row on day %d", kind, (long long)id, day);
    int64_t v = jint(json_array_get(s, 0), col);
    json_decref(s);
    return v;
}

static GrowthRun take(DbConn *c, int64_t now)
{
    GrowthRun run;
    Err e = { 0 };
    cr_assert_eq(growth_snapshot(c, now, &run, &e), 0, "%s", e.msg);
    return run;
}

static int64_t count_rows(DbConn *c, int64_t to)
{
    int64_t n = 0;
    cr_assert_geq(db_int64(c, &fx_err, &n, "SELECT count(*) FROM growth_days WHERE day <= $1", DI(to)), 0);
    return n;
}

/* A few figures worked out by hand, so that the naive count above is itself checked. */
static void by_hand(DbConn *c, Net *n)
{
    /* the last day, live: the statuses as they are (c3 set active by hand) */
    cr_assert_eq(figure(c, "network", 0, 119, "chapters_forming"), 1);
    cr_assert_eq(figure(c, "network", 0, 119, "chapters_active"), 2);
    cr_assert_eq(figure(c, "network", 0, 119, "chapters_dormant"), 1);
    cr_assert_eq(figure(c, "network", 0, 119, "chapters_closed"), 1);
    /* the day before, rebuilt: c3 forming after two meetings, c2 dormant since day 107, c4 closed since day 60 */
    cr_assert_eq(figure(c, "network", 0, 118, "chapters_forming"), 2);
    cr_assert_eq(figure(c, "network", 0, 118, "chapters_active"), 1);
    cr_assert_eq(figure(c, "network", 0, 105, "chapters_active"), 2);
    cr_assert_eq(figure(c, "network", 0, 105, "chapters_dormant"), 0);
    cr_assert_eq(figure(c, "chapter", n->ch[2], 106, "chapters_active"), 1, "90 days after its last meeting, to the second");
    cr_assert_eq(figure(c, "chapter", n->ch[2], 107, "chapters_dormant"), 1, "a second more");
    cr_assert_eq(figure(c, "network", 0, 59, "chapters_closed"), 0);
    cr_assert_eq(figure(c, "network", 0, 60, "chapters_closed"), 1);
    cr_assert_eq(figure(c, "chapter", n->ch[4], 8, "chapters_forming"), 1, "two meetings held");
    cr_assert_eq(figure(c, "chapter", n->ch[4], 9, "chapters_active"), 1, "the third");
    /* people: u1 in three chapters counts once; u4 moved from c1 to c2 within the region on day 60 */
    cr_assert_eq(figure(c, "network", 0, 119, "members"), 8);
    cr_assert_eq(figure(c, "place", n->lisboa, 119, "members"), 5);
    cr_assert_eq(figure(c, "place", n->pt, 119, "members"), 7);
    cr_assert_eq(figure(c, "place", n->es, 119, "members"), 1);
    cr_assert_eq(figure(c, "sector", n->s1, 119, "members"), 5);
    cr_assert_eq(figure(c, "sector", n->s3, 119, "members"), 0);
    cr_assert_eq(figure(c, "network", 0, 119, "connectors"), 5);
    cr_assert_eq(figure(c, "chapter", n->ch[1], 60, "members_left"), 1);
    cr_assert_eq(figure(c, "chapter", n->ch[2], 60, "members_new"), 1);
    cr_assert_eq(figure(c, "place", n->lisboa, 60, "members_left"), 0);
    cr_assert_eq(figure(c, "place", n->lisboa, 60, "members_new"), 0);
    cr_assert_eq(figure(c, "chapter", n->ch[1], 70, "members_new"), 0, "in and out the same day");
    /* meetings: c1 on day 35 had 4 present, 3 of them there before (u5 was new); 2 had said yes */
    cr_assert_eq(figure(c, "chapter", n->ch[1], 35, "checkins"), 4);
    cr_assert_eq(figure(c, "chapter", n->ch[1], 35, "checkins_returning"), 3);
    cr_assert_eq(figure(c, "chapter", n->ch[1], 35, "rsvps_yes"), 2);
    cr_assert_eq(figure(c, "network", 0, 45, "meetings_held"), 0, "cancelled");
    /* events: e2 was hosted by the region; e3 was cancelled */
    cr_assert_eq(figure(c, "place", n->lisboa, 60, "tickets"), 2);
    cr_assert_eq(figure(c, "place", n->lisbon, 60, "events"), 0);
    cr_assert_eq(figure(c, "network", 0, 70, "events"), 0);
    cr_assert_eq(figure(c, "network", 0, 50, "event_checkins"), 1);
    /* the commons: i2 withdrawn on day 90, i5 published and withdrawn on day 10 */
    cr_assert_eq(figure(c, "network", 0, 89, "items"), 2);
    cr_assert_eq(figure(c, "network", 0, 90, "items"), 1);
    cr_assert_eq(figure(c, "network", 0, 10, "items"), 0);
    cr_assert_eq(figure(c, "place", n->porto, 75, "item_uses"), 1);
    /* needs attention on the last day: c1 (attendance falling, one connector since u2 stepped down), c2 (no meeting
     * for 60 days, one connector, nothing ahead), c3 (one connector), c5 (one connector, nothing ahead) */
    cr_assert_eq(figure(c, "chapter", n->ch[1], 119, "risk_flags"), RISK_ATTENDANCE_FALLING | RISK_ONE_CONNECTOR);
    cr_assert_eq(figure(c, "chapter", n->ch[2], 119, "risk_flags"), RISK_NO_RECENT_MEETING | RISK_ONE_CONNECTOR | RISK_NO_UPCOMING);
    cr_assert_eq(figure(c, "chapter", n->ch[3], 119, "risk_flags"), RISK_ONE_CONNECTOR);
    cr_assert_eq(figure(c, "chapter", n->ch[5], 119, "risk_flags"), RISK_ONE_CONNECTOR | RISK_NO_UPCOMING);
    cr_assert_eq(figure(c, "network", 0, 119, "at_risk"), 4);
    cr_assert_eq(figure(c, "network", 0, 118, "at_risk"), 0, "only the day taken live");
    json_t *got = growth_received_series(c, &fx_err, "network", 0, T(0, 0), T(119, 0));
    cr_assert_not_null(got, "%s", fx_err.msg);
    cr_assert_eq(json_array_size(got), 8, "USD, HOURS, EUR, EUR, EUR back, EUR, EUR back, FAVOURS");
    json_t *back = json_array_get(got, 4);
    cr_assert_eq(jint(back, "day"), T(55, 0));
    cr_assert_eq(jint(back, "amount"), -5000, "the reversal takes the gift back");
    cr_assert_eq(jint(json_array_get(got, 5), "amount"), 300, "the network received; c2's payment is not counted");
    cr_assert_eq(jint(json_array_get(got, 6), "amount"), -300);
    json_decref(got);
    got = growth_received_series(c, &fx_err, "chapter", n->ch[2], T(0, 0), T(119, 0));
    cr_assert_eq(json_array_size(got), 1, "c2 received only the favours: neither the transfer nor the reversal's return");
    json_decref(got);
}

Test(database, snapshots_match_the_raw_rows)
{
    TestDb t;
    Db *db;
    DbConn *c;
    test_db_open(&t, &db, &c);
    Err e = { 0 };
    Net n = { 0 };
    cr_assert_eq(db_write(c, fixture_tx, &n, &e), 0, "%s", e.msg);
    /* an empty history first: nothing to take before the first chapter's day */
    GrowthRun run = take(c, T(0, 1));
    cr_assert_eq(run.days, 0);
    /* the first run back-fills from the first chapter's day to the day before */
    int64_t now = T(120, 10);
    run = take(c, now);
    cr_assert_eq(run.first_day, T(0, 0));
    cr_assert_eq(run.last_day, T(119, 0));
    cr_assert_eq(run.days, 120);
    cr_assert_eq(run.chapters_from, T(0, 0), "a small network has its chapters' whole history");
    verify(c, T(0, 0), T(119, 0), T(0, 0), now);
    by_hand(c, &n);
    int64_t before = count_rows(c, T(119, 0));
    /* the next day: one day taken, live */
    cr_assert_eq(db_write(c, day120_tx, &n, &e), 0, "%s", e.msg);
    now = T(121, 2);
    run = take(c, now);
    cr_assert_eq(run.days, 1);
    cr_assert_eq(run.first_day, T(120, 0));
    verify(c, T(120, 0), T(120, 0), T(0, 0), now);
    cr_assert_eq(figure(c, "chapter", n.ch[3], 120, "chapters_forming"), 1, "set back to forming by hand");
    cr_assert_eq(figure(c, "chapter", n.ch[3], 119, "chapters_active"), 1, "a day taken stays as it was taken");
    cr_assert_eq(count_rows(c, T(119, 0)), before);
    /* again at once: nothing */
    run = take(c, now + 60);
    cr_assert_eq(run.days, 0);
    cr_assert_eq(count_rows(c, T(120, 0)), before + 19, "the network, 9 places, 3 sectors and the 6 chapters");
    /* three days away: two days rebuilt, the last live */
    cr_assert_eq(db_write(c, day121_tx, &n, &e), 0, "%s", e.msg);
    now = T(124, 0) + 300;
    run = take(c, now);
    cr_assert_eq(run.days, 3);
    verify(c, T(121, 0), T(123, 0), T(0, 0), now);
    cr_assert_eq(figure(c, "chapter", n.ch[6], 121, "members"), 1);
    /* all again, on a budget of chapter rows: 40 days of them, the first in the middle of a month taken at once */
    cr_assert_eq(db_write(c, forget_tx, NULL, &e), 0, "%s", e.msg);
    cr_assert_eq(growth_snapshot_within(c, now, 6 * 40, &run, &e), 0, "%s", e.msg);
    cr_assert_eq(run.days, 124);
    cr_assert_eq(run.chapters_from, T(84, 0));
    verify(c, T(0, 0), T(123, 0), T(84, 0), now);
    test_db_close(&t, db, c);
}
