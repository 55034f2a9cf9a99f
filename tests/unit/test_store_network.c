/* test_store_network.c - unit tests of the network's and the accounts'
 * operations (chapters.c, admission.c; profile.c, sessions.c, admin.c) on a
 * real database, and of the rules they ask (rules.c).
 *
 * The database test runs on GLOCAL_TEST_DB (tests/run runs this program once on
 * a fresh SQLite file and once on a fresh PostgreSQL database, as for every
 * test_store* program); run by hand without it, it uses an SQLite file of its
 * own. It is one scenario, in order, on one migrated database: places and
 * sectors, a chapter started, invitations, requests to join with the capacity
 * and one-per-sector rules, leaving, removal, connectors, the pledge, tokens
 * and administrators. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "base/log.h"
#include "db/db.h"
#include "network/network.h"
#include "network/store.h"   /* membership_role: what the tests look at */

/* ---------- rules ---------- */

Test(rules, leaving_step_down_and_removal)
{
    Err e = { 0 };
    cr_assert_eq(membership_leave_check("member", 1, 5, "Lisbon", &e), 0);
    cr_assert_eq(membership_leave_check("connector", 2, 5, "Lisbon", &e), 0);
    cr_assert_eq(membership_leave_check("connector", 1, 1, "Lisbon", &e), 0, "the last one may close the door");
    cr_assert_eq(membership_leave_check("connector", 1, 3, "Lisbon", &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "only connector of Lisbon"), "%s", e.msg);
    cr_assert_eq(connector_step_down_check(2, "Lisbon", &e), 0);
    cr_assert_eq(connector_step_down_check(1, "Lisbon", &e), -1);
    cr_assert(strstr(e.msg, "Lisbon needs a connector"), "%s", e.msg);
    cr_assert_eq(member_removal_check(1, 2, "member", &e), 0);
    cr_assert_eq(member_removal_check(1, 2, "connector", &e), -1);
    cr_assert(strstr(e.msg, "Connectors cannot remove each other"), "%s", e.msg);
    cr_assert_eq(member_removal_check(3, 3, "member", &e), -1);
    cr_assert(strstr(e.msg, "Leave this chapter"), "%s", e.msg);
}

Test(rules, chapter_fields_give_one_problem_per_field)
{
    Arena a;
    arena_init(&a, 512);
    FieldErrs list = { &a, NULL, 0 }, *problems = &list;
    ChapterFields f = { "", "new", "", "sleeping", "open", 1, 0, 1 };
    chapter_fields_problems(&f, problems);
    cr_assert_eq(problems->n, 4, "name, slug, capacity, status");
    const char *fields[] = { "name", "slug", "capacity", "status" };
    for (size_t i = 0; i < 4; i++)
        cr_assert_str_eq(problems->at[i].field, fields[i]);
    Err e = { 0 };
    cr_assert_eq(fields_check(problems, &e), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_str_eq(e.field, "name");
    list = (FieldErrs){ &a, NULL, 0 };
    ChapterFields ok = { "Lisbon Fintech", NULL, "", "forming", "open", 1, 0, 12 };
    chapter_fields_problems(&ok, problems);
    cr_assert_eq(problems->n, 0);
    cr_assert_eq(fields_check(problems, &e), 0);
    arena_release(&a);
}

/* ---------- operations on a database ---------- */

static DbConn *c;
static Arena arena;
static FieldErrs *problems;

/* A fresh list of problems for the next operation. */
static FieldErrs *fresh(void)
{
    static FieldErrs list;
    list = (FieldErrs){ &arena, NULL, 0 };
    return problems = &list;
}

static const char *problem_field(size_t i)
{
    return problems->at[i].field;
}

typedef struct NewUser {
    const char *email, *name;
    int64_t sector, id;
} NewUser;

static int user_tx(DbConn *conn, void *ctx, Err *e)
{
    NewUser *u = ctx;
    return user_insert(conn, e, u->email, u->name, "not-a-hash", false, 0, u->sector, &u->id);
}

static int64_t user(const char *email, const char *name, int64_t sector)
{
    Err e = { 0 };
    NewUser u = { email, name, sector, 0 };
    cr_assert_eq(db_write(c, user_tx, &u, &e), 0, "%s", e.msg);
    return u.id;
}

static const char *role_of(int64_t chapter, int64_t who)
{
    static char role[16];
    Err e = { 0 };
    role[0] = 0;
    cr_assert_geq(membership_role(c, &e, chapter, who, role, sizeof role), 0, "%s", e.msg);
    return role;
}

/* Lisbon (Portugal > Lisboa > Lisbon), two sectors; returns the metro's id. */
/* A place's position (micro-degrees), or "none"; arena. */
static const char *position_of(const char *slug)
{
    Err e = { 0 };
    json_t *p = NULL;
    cr_assert_eq(place_by_slug(c, &e, slug, &p), 1, "%s", e.msg);
    json_t *lat = json_object_get(p, "lat_e6"), *lon = json_object_get(p, "lon_e6");
    const char *out = json_is_null(lat) && json_is_null(lon) ? "none"
                      : arena_printf(&arena, "%lld %lld", (long long)json_integer_value(lat), (long long)json_integer_value(lon));
    json_decref(p);
    return out;
}

/* Positions: given when the place is added, changed, refused, cleared; the map's rows. */
static void places_on_the_map(int64_t country, int64_t region, int64_t metro)
{
    Err e = { 0 };
    cr_assert_str_eq(position_of("lisbon"), "none", "no position until one is given");
    PlaceFields porto = { region, "Porto", "", NULL, NULL, 0, { "41,1579", "-8.6291", false, 0, 0 } };
    cr_assert_eq(place_add(c, &e, &arena, &porto, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(position_of("porto"), "41157900 -8629100");
    PlacePosition at = { "38.7223", "-9.1393", false, 0, 0 };
    cr_assert_eq(place_position_change(c, &e, metro, &at, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(position_of("lisbon"), "38722300 -9139300");
    PlacePosition wrong = { "-91", "", false, 0, 0 };
    cr_assert_eq(place_position_change(c, &e, metro, &wrong, fresh()), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_eq(problems->n, 2, "the latitude out of range and the longitude missing");
    cr_assert_str_eq(position_of("lisbon"), "38722300 -9139300", "unchanged");
    PlaceFields half = { region, "Braga", "", NULL, NULL, 0, { "41.5", NULL, false, 0, 0 } };
    cr_assert_eq(place_add(c, &e, &arena, &half, fresh()), -1);
    cr_assert_str_eq(problem_field(0), "longitude");
    /* the cities of the country, by name, with their positions; null for those without */
    json_t *rows = place_map_rows(c, &e, country, 100);
    cr_assert_not_null(rows, "%s", e.msg);
    cr_assert_eq(json_array_size(rows), 2, "Lisbon and Porto, not the region");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "slug")), "lisbon");
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(rows, 1), "lat_e6")), 41157900);
    json_decref(rows);
    rows = place_map_rows(c, &e, 0, 100);
    cr_assert_eq(json_array_size(rows), 2, "every city for 0");
    json_decref(rows);
    /* the database refuses half a position, and one beyond the poles */
    cr_assert_lt(db_exec(c, &e, "UPDATE places SET lon_e6 = NULL WHERE id = $1", DI(metro)), 0);
    cr_assert_lt(db_exec(c, &e, "UPDATE places SET lat_e6 = 90000001 WHERE id = $1", DI(metro)), 0);
    cr_assert_str_eq(position_of("lisbon"), "38722300 -9139300");
    /* both empty: off the map */
    PlacePosition off = { "", "", false, 0, 0 };
    cr_assert_eq(place_position_change(c, &e, porto.id, &off, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(position_of("porto"), "none");
}

static int64_t places_and_sectors(int64_t *fintech, int64_t *health, int64_t *energy)
{
    Err e = { 0 };
    PlaceFields pt = { 0, "Portugal", "", "Europe/Lisbon", NULL, 0 };
    cr_assert_eq(place_add(c, &e, &arena, &pt, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(pt.kind, "country");
    cr_assert_str_eq(pt.slug, "portugal");
    PlaceFields rg = { pt.id, "Lisboa", "lisboa-region", "", NULL, 0 };
    cr_assert_eq(place_add(c, &e, &arena, &rg, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(rg.kind, "region");
    cr_assert_str_eq(rg.timezone, "Europe/Lisbon", "the parent's zone is the default");
    PlaceFields mt = { rg.id, "Lisbon", "", NULL, NULL, 0 };
    cr_assert_eq(place_add(c, &e, &arena, &mt, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(mt.kind, "metro");
    PlaceFields below = { mt.id, "", "", "Mars/Olympus", NULL, 0 };
    cr_assert_eq(place_add(c, &e, &arena, &below, fresh()), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_eq(problems->n, 3, "parent, name and zone");
    cr_assert_str_eq(problem_field(0), "parent_id");
    PlaceFields again = { 0, "Portugal Again", "portugal", "", NULL, 0 };
    cr_assert_eq(place_add(c, &e, &arena, &again, fresh()), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(e.field, "slug");

    places_on_the_map(pt.id, rg.id, mt.id);

    SectorFields s1 = { "Fintech", "Money and code", NULL, 0 }, s2 = { "Health", NULL, NULL, 0 }, s3 = { "Energy", "", NULL, 0 };
    cr_assert_eq(sector_add(c, &e, &arena, &s1, fresh()), 0, "%s", e.msg);
    cr_assert_eq(sector_add(c, &e, &arena, &s2, fresh()), 0, "%s", e.msg);
    cr_assert_eq(sector_add(c, &e, &arena, &s3, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(s1.slug, "fintech");
    SectorFields dup = { "FINTECH", "", NULL, 0 };
    cr_assert_eq(sector_add(c, &e, &arena, &dup, fresh()), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(e.field, "name");
    SectorFields bad = { "!!!", "", NULL, 0 };
    cr_assert_eq(sector_add(c, &e, &arena, &bad, fresh()), -1);
    cr_assert_eq(e.code, E_INVALID);
    *fintech = s1.id;
    *health = s2.id;
    *energy = s3.id;
    return mt.id;
}

static void chapters(int64_t metro, int64_t founder, int64_t *chapter)
{
    Err e = { 0 };
    ChapterFields f = { "Lisbon Fintech", "", "We meet.", "forming", "one_per_sector", metro, 0, 3 };
    int64_t id = 0;
    cr_assert_eq(chapter_start(c, &e, &arena, &f, founder, fresh(), &id), 0, "%s", e.msg);
    cr_assert_str_eq(f.slug, "lisbon-fintech", "the address comes from the name");
    cr_assert_str_eq(role_of(id, founder), "connector");
    ChapterFields g = { "Lisbon Fintech", NULL, "", "forming", "open", metro, 0, 12 };
    int64_t second = 0;
    cr_assert_eq(chapter_start(c, &e, &arena, &g, founder, fresh(), &second), 0, "%s", e.msg);
    cr_assert_str_eq(g.slug, "lisbon-fintech-2", "a number is added while the address is taken");
    ChapterFields taken = { "Other", "lisbon-fintech", "", "forming", "open", metro, 0, 12 };
    cr_assert_eq(chapter_start(c, &e, &arena, &taken, founder, fresh(), &second), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(e.field, "slug");
    ChapterFields nowhere = { "", NULL, "", "forming", "open", 999999, 999999, 1 };
    cr_assert_eq(chapter_start(c, &e, &arena, &nowhere, founder, fresh(), &second), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_eq(problems->n, 4, "name, capacity, metro, sector");
    cr_assert_str_eq(problem_field(2), "metro_id");
    cr_assert_str_eq(problem_field(3), "sector_id");
    f.slug = NULL;
    f.description = "We meet on Tuesdays.";
    cr_assert_eq(chapter_change(c, &e, id, &f, fresh()), 0, "%s", e.msg);
    *chapter = id;
}

static void invitations(ChapterRef ch, int64_t founder, int64_t ana)
{
    Err e = { 0 };
    InvitationSend s = { .chapter = ch, .by = founder, .inviter = "Fay Founder", .email = "ANA@test.example",
                         .message = "Come!", .public_url = "http://glocal.test" };
    cr_assert_eq(invitation_send(c, &e, &arena, &s, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(s.email, "ana@test.example");
    cr_assert(strncmp(s.link, "http://glocal.test/invitations/", 31) == 0, "%s", s.link);
    /* the same address again: refused at the field, saying when; sent again only when asked, with a fresh link */
    InvitationSend again = { .chapter = ch, .by = founder, .inviter = "Fay Founder", .email = "ana@test.example", .public_url = "http://glocal.test" };
    cr_assert_eq(invitation_send(c, &e, &arena, &again, fresh()), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(e.field, "email");
    cr_assert(strstr(e.msg, "already invited on"), "%s", e.msg);
    cr_assert_eq(again.id, s.id, "the pending invitation is named");
    e = (Err){ 0 };
    again.resend = true;
    cr_assert_eq(invitation_send(c, &e, &arena, &again, fresh()), 0, "%s", e.msg);
    cr_assert_eq(again.id, s.id);
    cr_assert(again.resent);
    InvitationTake stale = { .token = strrchr(s.link, '/') + 1, .user = ana, .a = &arena };
    cr_assert_eq(invitation_take(c, &e, &stale), -1, "the earlier link gave way to the fresh one");
    s.link = again.link;
    InvitationSend bad = { .chapter = ch, .by = founder, .inviter = "F", .email = "nope", .public_url = "" };
    cr_assert_eq(invitation_send(c, &e, &arena, &bad, fresh()), -1);
    cr_assert_str_eq(problem_field(0), "email");
    /* a second invitation to a spare address, withdrawn */
    InvitationSend spare = { .chapter = ch, .by = founder, .inviter = "F", .email = "spare@test.example", .public_url = "" };
    cr_assert_eq(invitation_send(c, &e, &arena, &spare, fresh()), 0, "%s", e.msg);
    cr_assert_eq(invitation_withdraw(c, &e, ch.id, spare.id), 0, "%s", e.msg);
    cr_assert_eq(invitation_withdraw(c, &e, ch.id, spare.id), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(invitation_withdraw(c, &e, ch.id, spare.id + 1000), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);

    const char *token = strrchr(s.link, '/') + 1;
    InvitationTake t = { .token = token, .user = ana, .a = &arena };
    cr_assert_eq(invitation_take(c, &e, &t), 0, "%s", e.msg);
    cr_assert_str_eq(t.chapter.slug, "lisbon-fintech");
    cr_assert_str_eq(role_of(ch.id, ana), "member");
    cr_assert_eq(invitation_take(c, &e, &t), -1, "an invitation is used once");
    cr_assert_eq(e.code, E_GONE);
    InvitationTake unknown = { .token = "not-a-token", .user = ana, .a = &arena };
    cr_assert_eq(invitation_take(c, &e, &unknown), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);
}

static void join_requests(ChapterRef ch, int64_t founder, int64_t ana, int64_t bo, int64_t cy, int64_t dee)
{
    Err e = { 0 };
    JoinRequestSend s = { .chapter = ch, .user = bo, .requester = "Bo", .message = "Hello", .public_url = "" };
    cr_assert_eq(join_request_send(c, &e, &arena, &s), 0, "%s", e.msg);
    JoinRequestSend mine = { .chapter = ch, .user = ana, .requester = "Ana", .public_url = "" };
    cr_assert_eq(join_request_send(c, &e, &arena, &mine), -1, "members do not ask");
    cr_assert_eq(e.code, E_CONFLICT);
    /* one per sector: Bo works in Ana's sector */
    JoinDecision d = { .chapter = ch, .id = s.id, .by = founder, .approve = true, .a = &arena };
    cr_assert_eq(join_request_decide(c, &e, &d), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "one member per sector"), "%s", e.msg);
    d.approve = false;
    d.reason = "Ana represents fintech.";
    cr_assert_eq(join_request_decide(c, &e, &d), 0, "%s", e.msg);
    cr_assert_str_eq(d.requester, "Bo");
    cr_assert_eq(join_request_decide(c, &e, &d), -1, "answered once");
    cr_assert_eq(e.code, E_CONFLICT);
    /* capacity 3: Cy fills it, Dee finds it full */
    JoinRequestSend sc = { .chapter = ch, .user = cy, .requester = "Cy", .public_url = "" };
    JoinRequestSend sd = { .chapter = ch, .user = dee, .requester = "Dee", .public_url = "" };
    cr_assert_eq(join_request_send(c, &e, &arena, &sc), 0, "%s", e.msg);
    cr_assert_eq(join_request_send(c, &e, &arena, &sd), 0, "%s", e.msg);
    JoinDecision yes = { .chapter = ch, .id = sc.id, .by = founder, .approve = true, .a = &arena };
    cr_assert_eq(join_request_decide(c, &e, &yes), 0, "%s", e.msg);
    yes.id = sd.id;
    cr_assert_eq(join_request_decide(c, &e, &yes), -1);
    cr_assert(strstr(e.msg, "is full"), "%s", e.msg);
    cr_assert_eq(join_request_cancel(c, &e, ch.id, dee), 0, "%s", e.msg);
    cr_assert_eq(join_request_cancel(c, &e, ch.id, dee), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);
}

static void leaving_and_connectors(ChapterRef ch, int64_t founder, int64_t ana, int64_t cy)
{
    Err e = { 0 };
    MemberChange leave = { ch, founder, founder, false };
    cr_assert_eq(membership_leave(c, &e, &leave), -1, "the only connector stays while others are in");
    cr_assert_eq(membership_step_down(c, &e, &leave), -1);
    MemberChange self = { ch, founder, founder, false };
    cr_assert_eq(membership_expel(c, &e, &self), -1);
    cr_assert(strstr(e.msg, "Leave this chapter"), "%s", e.msg);
    cr_assert_eq(membership_promote(c, &e, &self), -1);
    MemberChange hand = { ch, ana, founder, true };
    cr_assert_eq(membership_promote(c, &e, &hand), 0, "%s", e.msg);
    cr_assert_str_eq(role_of(ch.id, ana), "connector");
    cr_assert_str_eq(role_of(ch.id, founder), "member", "handing over makes the giver a member");
    MemberChange by_ana = { ch, founder, ana, false };
    cr_assert_eq(membership_promote(c, &e, &by_ana), 0, "%s", e.msg);
    cr_assert_eq(membership_promote(c, &e, &by_ana), -1, "already a connector");
    cr_assert_eq(membership_expel(c, &e, &by_ana), -1, "connectors do not remove each other");
    MemberChange down = { ch, founder, founder, false };
    cr_assert_eq(membership_step_down(c, &e, &down), 0, "%s", e.msg);
    MemberChange out = { ch, cy, ana, false };
    cr_assert_eq(membership_expel(c, &e, &out), 0, "%s", e.msg);
    cr_assert_str_eq(role_of(ch.id, cy), "");
    cr_assert_eq(membership_expel(c, &e, &out), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);
    cr_assert_eq(membership_leave(c, &e, &down), 0, "%s", e.msg);
    cr_assert_str_eq(role_of(ch.id, founder), "");
    cr_assert_eq(membership_leave(c, &e, &down), -1);
    cr_assert_eq(e.code, E_CONFLICT);
}

static void accounts(int64_t admin, int64_t ana)
{
    Err e = { 0 };
    PledgeText p = { "", "", admin, 0 };
    cr_assert_eq(pledge_write(c, &e, &p, fresh()), -1);
    cr_assert_eq(problems->n, 2);
    PledgeText ok = { "Our pledge", "We share.", admin, 0 };
    cr_assert_eq(pledge_write(c, &e, &ok, fresh()), 0, "%s", e.msg);
    cr_assert_eq(pledge_agree(c, &e, ana, -1, true), -1);
    cr_assert_str_eq(e.field, "version");
    cr_assert_eq(pledge_agree(c, &e, ana, ok.version + 1, true), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(pledge_agree(c, &e, ana, ok.version, false), -1);
    cr_assert_str_eq(e.field, "accept");
    cr_assert_eq(pledge_agree(c, &e, ana, ok.version, true), 0, "%s", e.msg);

    TokenIssue t = { .user = ana, .name = "weekly report", .a = &arena };
    cr_assert_eq(token_issue(c, &e, &t), 0, "%s", e.msg);
    cr_assert(strncmp(t.token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) == 0, "%s", t.token);
    cr_assert_eq(token_withdraw(c, &e, ana, t.id), 0, "%s", e.msg);
    cr_assert_eq(token_withdraw(c, &e, ana, t.id), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);

    ProfileChange pc = { ana, NULL, "Acme", NULL, -1, 424242 };
    cr_assert_eq(profile_change(c, &e, &arena, &pc, fresh()), -1);
    cr_assert_str_eq(problem_field(0), "sector_id");
    ProfileChange keep = { ana, NULL, "Acme", NULL, -1, -1 };
    cr_assert_eq(profile_change(c, &e, &arena, &keep, fresh()), 0, "%s", e.msg);
    cr_assert_str_eq(keep.name, "Ana", "what is not given stays");

    SettingsChange s = { .network_name = "Test Network", .open_signup = "off", .activate_after_meetings = 0,
                         .dormant_after_days = SETTING_UNSET };
    cr_assert_eq(settings_save(c, &e, &s, fresh()), -1);
    cr_assert_str_eq(problem_field(0), "activate_after_meetings");
    s.activate_after_meetings = 3;
    cr_assert_eq(settings_save(c, &e, &s, fresh()), 0, "%s", e.msg);

    cr_assert_eq(admin_grant(c, &e, ana, true), 0, "%s", e.msg);
    cr_assert_eq(admin_grant(c, &e, ana, false), -1, "the last administrator stays");
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_eq(admin_grant(c, &e, admin, true), 0, "%s", e.msg);
    cr_assert_eq(admin_grant(c, &e, ana, false), 0, "%s", e.msg);
    cr_assert_eq(admin_grant(c, &e, 99999999, true), -1);
    cr_assert_eq(e.code, E_NOT_FOUND);
}

static void scenario(const char *url)
{
    Db *db = NULL;
    Err e = { 0 };
    log_level = -1;
    cr_assert_eq(db_open(&db, url, &e), 0, "db_open(%s): %s", url, e.msg);
    cr_assert_geq(db_migrate(db, false, &e), 0, "%s", e.msg);
    c = db_acquire(db, &e);
    cr_assert_not_null(c, "%s", e.msg);
    arena_init(&arena, 4096);
    int64_t fintech, health, energy;
    int64_t metro = places_and_sectors(&fintech, &health, &energy);
    int64_t founder = user("fay@test.example", "Fay Founder", health);
    int64_t ana = user("ana@test.example", "Ana", fintech), bo = user("bo@test.example", "Bo", fintech);
    int64_t cy = user("cy@test.example", "Cy", energy), dee = user("dee@test.example", "Dee", 0);
    int64_t chapter = 0;
    chapters(metro, founder, &chapter);
    ChapterRef ch = { chapter, "lisbon-fintech", "Lisbon Fintech", "forming" };
    invitations(ch, founder, ana);
    join_requests(ch, founder, ana, bo, cy, dee);
    leaving_and_connectors(ch, founder, ana, cy);
    accounts(founder, ana);
    problems = NULL;
    arena_release(&arena);
    db_release(c);
    db_close(db);
}

static char dir[64];

static void dir_remove(void)
{
    if (!dir[0]) return;
    static const char *const files[] = { "network.db", "network.db-wal", "network.db-shm", NULL };
    char p[128];
    for (const char *const *f = files; *f; f++) {
        snprintf(p, sizeof p, "%s/%s", dir, *f);
        unlink(p);
    }
    rmdir(dir);
}

Test(operations, registry_admission_and_accounts, .fini = dir_remove)
{
    const char *given = getenv("GLOCAL_TEST_DB");
    if (given && *given) {
        dir[0] = 0;
        scenario(given);
        return;
    }
    snprintf(dir, sizeof dir, "/tmp/glocal-test-network.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char url[128];
    snprintf(url, sizeof url, "sqlite:%s/network.db", dir);
    scenario(url);
}
