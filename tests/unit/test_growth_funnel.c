/* test_growth_funnel.c - the formation funnel: its rules
 * (src/growth/rules_funnel.c) directly, and its operations (funnel.c,
 * funnel_tick.c) on the database GLOCAL_TEST_DB names (tests/run runs it on
 * SQLite and on PostgreSQL): applying, the review queue and who sees what,
 * withdrawing, declining, approving (the chapter made, the second connector
 * invited), the periodic work's later steps and the report per place. */
#include <string.h>

#include "base/str.h"
#include "governance/governance.h"
#include "growth/growth.h"
#include "mail/mail.h"
#include "meetings/meetings.h"
#include "testnet.h"

/* ---------- the rules ---------- */

static int field_count(const FunnelApplyIn *in, const char *field)
{
    Arena a;
    arena_init(&a, 256);
    FieldErrs f = { &a, NULL, 0 };
    funnel_fields_problems(in, &f);
    int n = 0;
    for (int i = 0; i < f.n; i++)
        if (!field || str_eq(f.at[i].field, field)) n++;
    arena_release(&a);
    return n;
}

Test(rules, application_fields)
{
    FunnelApplyIn ok = { .applicant = 1, .applicant_email = "ana@example.org", .metro_id = 3, .sector_id = 4,
                         .name = "Lisbon Fintech Founders", .second_email = "rui@example.org", .message = "" };
    cr_assert_eq(field_count(&ok, NULL), 0);
    FunnelApplyIn in = ok;
    in.name = "  ";
    cr_assert_eq(field_count(&in, "name"), 1, "a name is needed");
    in = ok;
    in.metro_id = 0;
    in.sector_id = -1;
    cr_assert_eq(field_count(&in, "metro_id"), 1);
    cr_assert_eq(field_count(&in, "sector_id"), 1);
    in = ok;
    in.second_email = NULL;
    cr_assert_eq(field_count(&in, "second_email"), 1, "a second connector is needed");
    in.second_email = "not an address";
    cr_assert_eq(field_count(&in, "second_email"), 1);
    in.second_email = "ANA@example.org";
    cr_assert_eq(field_count(&in, "second_email"), 1, "not oneself, whatever the case");
    char *long_message = repeat("é", FUNNEL_MESSAGE_MAX + 1);
    in = ok;
    in.message = long_message;
    cr_assert_eq(field_count(&in, "message"), 1);
    long_message[strlen(long_message) - 2] = 0;   /* one character fewer: just allowed */
    cr_assert_eq(field_count(&in, NULL), 0);
    free(long_message);
}

Test(rules, notes_and_moves)
{
    expect_refused(funnel_note_check("", true, &e_), "note", "say why");
    expect_accepted(funnel_note_check("", false, &e_));
    expect_accepted(funnel_note_check(NULL, false, &e_));
    char *long_note = repeat("x", FUNNEL_NOTE_MAX + 1);
    expect_refused(funnel_note_check(long_note, false, &e_), "note", "under 1000");
    free(long_note);
    Err e = { 0 };
    cr_assert_eq(funnel_transition_check("applied", "approved", &e), 0);
    cr_assert_eq(funnel_transition_check("applied", "declined", &e), 0);
    cr_assert_eq(funnel_transition_check("applied", "withdrawn", &e), 0);
    cr_assert_eq(funnel_transition_check("applied", "applied", &e), -1);
    cr_assert_eq(funnel_transition_check("approved", "declined", &e), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "approved already"), "%s", e.msg);
    cr_assert_eq(funnel_transition_check("withdrawn", "approved", &e), -1);
    cr_assert(strstr(e.msg, "withdrawn"), "%s", e.msg);
    cr_assert_eq(funnel_transition_check("declined", "withdrawn", &e), -1);
}

Test(rules, stages_and_names)
{
    cr_assert_eq(funnel_stage_code("applied"), FUNNEL_APPLIED);
    cr_assert_eq(funnel_stage_code("forming"), FUNNEL_FORMING);
    cr_assert_eq(funnel_stage_code("first_meeting"), FUNNEL_FIRST_MEETING);
    cr_assert_eq(funnel_stage_code("active"), FUNNEL_ACTIVE);
    cr_assert_eq(funnel_stage_code("declined"), FUNNEL_EXIT);
    cr_assert_eq(funnel_stage_code("withdrawn"), FUNNEL_EXIT);
    cr_assert_eq(funnel_stage_code("closed"), FUNNEL_EXIT);
    cr_assert_eq(funnel_stage_code("dormant"), -2);
    cr_assert_eq(funnel_stage_code(NULL), -2);
    cr_assert_str_eq(funnel_step_name("first_meeting"), "First meeting");
    cr_assert_str_eq(funnel_step_name("closed"), "Chapter closed");
    cr_assert_str_eq(funnel_step_name("declined"), "Declined");
    cr_assert_str_eq(funnel_status_name("applied"), "Waiting for review");
    cr_assert_str_eq(funnel_duration_text(NULL, 0), "under a minute");
    Arena a;
    arena_init(&a, 256);
    cr_assert_str_eq(funnel_duration_text(&a, 59), "under a minute");
    cr_assert_str_eq(funnel_duration_text(&a, 60), "1 minute");
    cr_assert_str_eq(funnel_duration_text(&a, 2 * 3600 + 1700), "2 hours");
    cr_assert_str_eq(funnel_duration_text(&a, 36 * 3600), "2 days", "to the nearest day");
    cr_assert_str_eq(funnel_duration_text(&a, 30 * GROWTH_DAY), "30 days");
    arena_release(&a);
}

Test(rules, who_may_review)
{
    int64_t chain[] = { 30, 20, 10 };   /* a metro, its region, its country */
    int64_t region[] = { 20 }, other[] = { 21, 31 };
    FunnelReviewer admin = { .user = 1, .is_admin = true }, board = { .user = 2, .board = true },
                   regional = { .user = 3, .places = region, .nplaces = 1 }, elsewhere = { .user = 4, .places = other, .nplaces = 2 },
                   nobody = { .user = 5 }, anonymous = { 0 };
    cr_assert(funnel_may_review(&admin, 9, chain, 3));
    cr_assert(funnel_may_review(&board, 9, chain, 3), "the board is above every place");
    cr_assert(funnel_may_review(&regional, 9, chain, 3), "the committee of a place above the metro");
    cr_assert(funnel_may_review(&regional, 9, chain + 1, 2), "of the place itself");
    cr_assert(!funnel_may_review(&regional, 9, chain + 2, 1), "not of a place above it");
    cr_assert(!funnel_may_review(&elsewhere, 9, chain, 3), "another place's committee");
    cr_assert(!funnel_may_review(&nobody, 9, chain, 3));
    cr_assert(!funnel_may_review(&anonymous, 9, chain, 3));
    cr_assert(!funnel_may_review(&admin, 1, chain, 3), "never one's own application, even an administrator's");
    int64_t missing_region[] = { 30, 0, 10 };
    FunnelReviewer country = { .user = 6, .places = (int64_t[]){ 10 }, .nplaces = 1 };
    cr_assert(funnel_may_review(&country, 9, missing_region, 3));
}

Test(rules, report_faces)
{
    FunnelStep steps[] = {
        { 1, FUNNEL_APPLIED, 0 }, { 1, FUNNEL_APPROVED, 2 * GROWTH_DAY }, { 1, FUNNEL_FORMING, 2 * GROWTH_DAY },
        { 2, FUNNEL_APPLIED, GROWTH_DAY }, { 2, FUNNEL_EXIT, 3 * GROWTH_DAY },
        { 3, FUNNEL_APPLIED, 2 * GROWTH_DAY },
    };
    Arena a;
    arena_init(&a, 4096);
    FunnelReport r;
    growth_funnel(steps, 6, 4 * GROWTH_DAY, &a, &r);
    json_t *v = funnel_report_json(&a, &r);
    cr_assert_eq(json_integer_value(json_object_get(v, "applications")), 3);
    json_t *stages = json_object_get(v, "stages");
    cr_assert_eq(json_array_size(stages), FUNNEL_STAGES);
    json_t *applied = json_array_get(stages, 0), *approved = json_array_get(stages, 1), *first = json_array_get(stages, 3);
    cr_assert_str_eq(json_string_value(json_object_get(applied, "stage")), "applied");
    cr_assert_eq(json_integer_value(json_object_get(applied, "reached")), 3);
    cr_assert_eq(json_integer_value(json_object_get(applied, "exited")), 1);
    cr_assert_eq(json_integer_value(json_object_get(applied, "waiting")), 1);
    cr_assert_str_eq(json_string_value(json_object_get(applied, "median_text")), "2 days", "1 moved on after 2 days, 2 left");
    cr_assert_str_eq(json_string_value(json_object_get(applied, "waiting_text")), "2 days");
    cr_assert_str_eq(json_string_value(json_object_get(approved, "conversion_text")), "33 %");
    cr_assert(json_is_null(json_object_get(json_array_get(stages, 4), "conversion")), "nobody reached the first meeting");
    cr_assert(json_is_null(json_object_get(first, "median_seconds")));
    cr_assert_str_eq(json_string_value(json_object_get(first, "median_text")), "—");
    json_decref(v);
    const char *svg = funnel_chart_svg(&a, &r, "fc", "The funnel of <Lisbon>");
    cr_assert(strstr(svg, "<title id=\"fc-title\">The funnel of &lt;Lisbon&gt;</title>"), "%s", svg);
    cr_assert(strstr(svg, "<desc id=\"fc-desc\">Applied: 3; Approved: 1 (33 % of the stage before);"), "%s", svg);
    cr_assert(strstr(svg, "aria-labelledby=\"fc-title fc-desc\""));
    cr_assert(!strstr(svg, "style="), "no inline style (the CSP forbids it)");
    cr_assert(strstr(svg, "<title>Active at 90 days: 0</title>"));
    FunnelReport none;
    growth_funnel(NULL, 0, 0, &a, &none);
    cr_assert_str_eq(funnel_chart_summary(&a, &none), "No applications yet.");
    arena_release(&a);
}

/* ---------- the operations, on a database (GLOCAL_TEST_DB: both kinds) ---------- */

typedef struct Net {
    Db *db;
    DbConn *c;
    TestDb t;
    Arena a;
    int64_t country, region, metro, metro2, other_country, other_metro, sector;
    int64_t admin, ana, rui, chair, board_member, far, stranger;
    int64_t now;
    const char *tag;   /* in every name: the tests share one database on PostgreSQL */
} Net;

/* A name or address of this test's own: "ana" becomes "ana-<tag>@funnel.test" with `at`. */
static const char *own(Net *n, const char *name, bool at)
{
    return arena_printf(&n->a, at ? "%s-%s@funnel.test" : "%s %s", name, n->tag);
}

static Err fx;
#define OK(call) cr_assert((call) >= 0, "%s: %s", #call, fx.msg)

typedef struct SectorNew {
    const char *name, *slug;
    int64_t id;
} SectorNew;

static int sector_tx(DbConn *c, void *ctx, Err *e)
{
    SectorNew *s = ctx;
    return sector_insert(c, e, s->name, s->slug, "", &s->id);
}

static void seat(Net *n, int64_t place, int64_t user)
{
    int64_t committee = 0;
    OK(committee_ensure(n->c, &fx, place, &committee));
    SeatIn s = { committee, user, "appointed", 0, n->now - 3600, n->now + 365 * GROWTH_DAY };
    OK(committee_seat(n->c, &fx, &s));
}

static void net_make(Net *n, const char *tag)
{
    memset(n, 0, sizeof *n);
    test_db_open(&n->t, &n->db, &n->c);
    arena_init(&n->a, 4096);
    n->tag = tag;
    n->now = now_unix();
    n->country = test_place_make(n->c, &n->a, 0, "country", own(n, "Portugal", false));
    n->region = test_place_make(n->c, &n->a, n->country, "region", own(n, "Lisboa Region", false));
    n->metro = test_place_make(n->c, &n->a, n->region, "metro", own(n, "Lisbon", false));
    n->metro2 = test_place_make(n->c, &n->a, n->region, "metro", own(n, "Cascais", false));
    n->other_country = test_place_make(n->c, &n->a, 0, "country", own(n, "Spain", false));
    n->other_metro = test_place_make(n->c, &n->a, n->other_country, "metro", own(n, "Madrid", false));
    SectorNew sector = { own(n, "Fintech", false), str_slugify(&n->a, own(n, "fintech", false)), 0 };
    OK(db_write(n->c, sector_tx, &sector, &fx));
    n->sector = sector.id;
    n->admin = test_user_make(n->c, &n->a, own(n, "admin", true), "Ada Admin", true);
    n->ana = test_user_make(n->c, &n->a, own(n, "ana", true), "Ana Applicant", false);
    n->rui = test_user_make(n->c, &n->a, own(n, "rui", true), "Rui Second", false);
    n->chair = test_user_make(n->c, &n->a, own(n, "chair", true), "Carla Committee", false);
    n->board_member = test_user_make(n->c, &n->a, own(n, "board", true), "Bea Board", false);
    n->far = test_user_make(n->c, &n->a, own(n, "far", true), "Fausto Faraway", false);
    n->stranger = test_user_make(n->c, &n->a, own(n, "stranger", true), "Sam Stranger", false);
    seat(n, n->region, n->chair);
    seat(n, 0, n->board_member);
    seat(n, n->other_country, n->far);
}

static void net_free(Net *n)
{
    arena_release(&n->a);
    test_db_close(&n->t, n->db, n->c);
}

static int64_t apply_as(Net *n, int64_t who, const char *email, int64_t metro, const char *name, const char *second)
{
    FieldErrs f = { &n->a, NULL, 0 };
    FunnelApplyIn in = { .applicant = who, .applicant_email = email, .metro_id = metro, .sector_id = n->sector, .name = name,
                         .second_email = second, .message = "Founders in Lisbon have no chapter.", .now = n->now - 7200 };
    OK(funnel_apply(n->c, &fx, &in, &f));
    cr_assert_gt(in.id, 0);
    return in.id;
}

static bool in_list(json_t *list, int64_t id)
{
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row) if (json_integer_value(json_object_get(row, "id")) == id) return true;
    return false;
}

/* Whether `who` sees the application, and may review it. */
static bool sees(Net *n, int64_t id, int64_t who, bool admin, bool *reviewer)
{
    json_t *v = NULL;
    int found = funnel_application_get(n->c, &fx, id, who, admin, n->now, &v, reviewer);
    OK(found);
    json_decref(v);
    return found == 1;
}

/* The newest message of the outbox to `to` (a new reference), or NULL. */
static json_t *mail_to(Net *n, const char *to)
{
    json_t *all = outbox_recent(n->c, &fx, 100, 0), *row, *found = NULL;
    cr_assert_not_null(all, "%s", fx.msg);
    size_t i;
    json_array_foreach(all, i, row) if (!found && str_eq(json_string_value(json_object_get(row, "to_email")), to)) found = json_incref(row);
    json_decref(all);
    return found;
}

Test(funnel_db, apply_queue_and_who_sees_what)
{
    Net n;
    net_make(&n, "q");
    int64_t id = apply_as(&n, n.ana, own(&n, "ana", true), n.metro, "Lisbon Fintech Founders", own(&n, "RUI", true));
    /* a second one for the same city and sector waits behind the first */
    FieldErrs f = { &n.a, NULL, 0 };
    FunnelApplyIn again = { .applicant = n.ana, .applicant_email = own(&n, "ana", true), .metro_id = n.metro, .sector_id = n.sector,
                            .name = "Again", .second_email = own(&n, "rui", true), .now = n.now };
    cr_assert_eq(funnel_apply(n.c, &fx, &again, &f), -1);
    cr_assert_eq(fx.code, E_CONFLICT, "%s", fx.msg);
    FieldErrs g = { &n.a, NULL, 0 };
    FunnelApplyIn bad = { .applicant = n.ana, .applicant_email = own(&n, "ana", true), .metro_id = n.region, .sector_id = 9999,
                          .name = "Bad", .second_email = own(&n, "rui", true), .now = n.now };
    cr_assert_eq(funnel_apply(n.c, &fx, &bad, &g), -1, "a region is no city; no such sector");
    cr_assert_eq(fx.code, E_INVALID);
    cr_assert_eq(g.n, 2);
    /* the queue: administrators, the region's committee, the board; not another country's committee */
    json_t *q = funnel_queue(n.c, &fx, n.chair, false, n.now);
    cr_assert(q && in_list(q, id), "the region's committee reviews its metros");
    json_decref(q);
    q = funnel_queue(n.c, &fx, n.board_member, false, n.now);
    cr_assert(q && in_list(q, id));
    json_decref(q);
    q = funnel_queue(n.c, &fx, n.admin, true, n.now);
    cr_assert(q && in_list(q, id));
    json_decref(q);
    q = funnel_queue(n.c, &fx, n.far, false, n.now);
    cr_assert(q && !in_list(q, id), "another country's committee has an empty queue");
    json_decref(q);
    cr_assert_null(funnel_queue(n.c, &fx, n.stranger, false, n.now));
    cr_assert_eq(fx.code, E_FORBIDDEN, "someone on no committee reviews nothing");
    /* one application: its applicant and its reviewers, nobody else */
    bool reviewer = true;
    cr_assert(sees(&n, id, n.ana, false, &reviewer) && !reviewer, "the applicant sees it, and does not review it");
    cr_assert(sees(&n, id, n.chair, false, &reviewer) && reviewer);
    cr_assert(sees(&n, id, n.admin, true, &reviewer) && reviewer);
    cr_assert(!sees(&n, id, n.far, false, &reviewer) && !reviewer);
    cr_assert(!sees(&n, id, n.stranger, false, &reviewer));
    cr_assert(!sees(&n, id, 0, false, &reviewer), "anonymous");
    json_t *v = NULL;
    cr_assert_eq(funnel_application_get(n.c, &fx, id, n.ana, false, n.now, &v, &reviewer), 1);
    cr_assert_str_eq(json_string_value(json_object_get(v, "second_email")), "rui-q@funnel.test", "lower-cased");
    cr_assert_null(json_object_get(v, "applicant_email"), "the applicant's address is never shown");
    cr_assert_str_eq(json_string_value(json_object_get(v, "second_state")), "named");
    cr_assert(json_is_true(json_object_get(v, "can_withdraw")));
    cr_assert_eq(json_array_size(json_object_get(v, "steps")), 1);
    json_decref(v);
    json_t *mine = funnel_applications_of(n.c, &fx, n.ana);
    cr_assert(mine && json_array_size(mine) == 1 && in_list(mine, id));
    json_decref(mine);
    net_free(&n);
}

Test(funnel_db, withdraw_and_decline)
{
    Net n;
    net_make(&n, "w");
    int64_t id = apply_as(&n, n.ana, own(&n, "ana", true), n.metro, "Lisbon Fintech Founders", own(&n, "rui", true));
    cr_assert_eq(funnel_withdraw(n.c, &fx, id, n.chair, n.now), -1);
    cr_assert_eq(fx.code, E_FORBIDDEN, "only the applicant withdraws");
    OK(funnel_withdraw(n.c, &fx, id, n.ana, n.now + 60));
    cr_assert_eq(funnel_withdraw(n.c, &fx, id, n.ana, n.now + 60), -1);
    cr_assert_eq(fx.code, E_CONFLICT);
    FunnelDecision d = { .id = id, .by = n.chair, .note = "No.", .now = n.now + 120, .a = &n.a };
    FieldErrs f = { &n.a, NULL, 0 };
    cr_assert_eq(funnel_decline(n.c, &fx, &d, &f), -1, "a withdrawn application is not reviewed");
    cr_assert_eq(fx.code, E_CONFLICT);

    int64_t id2 = apply_as(&n, n.ana, own(&n, "ana", true), n.metro, "Lisbon Fintech Founders", own(&n, "rui", true));
    FunnelDecision no_note = { .id = id2, .by = n.chair, .note = "", .now = n.now + 120, .a = &n.a };
    FieldErrs g = { &n.a, NULL, 0 };
    cr_assert_eq(funnel_decline(n.c, &fx, &no_note, &g), -1);
    cr_assert_eq(fx.code, E_INVALID);
    cr_assert_str_eq(fx.field, "note");
    FunnelDecision by_far = { .id = id2, .by = n.far, .note = "Not here.", .now = n.now + 120, .a = &n.a };
    FieldErrs h = { &n.a, NULL, 0 };
    cr_assert_eq(funnel_decline(n.c, &fx, &by_far, &h), -1);
    cr_assert_eq(fx.code, E_FORBIDDEN, "another country's committee");
    FunnelDecision ok = { .id = id2, .by = n.chair, .note = "Join the Cascais chapter first.", .public_url = "http://glocal.test",
                          .now = n.now + 180, .a = &n.a };
    FieldErrs k = { &n.a, NULL, 0 };
    OK(funnel_decline(n.c, &fx, &ok, &k));
    json_t *m = mail_to(&n, own(&n, "ana", true));
    cr_assert_not_null(m, "the applicant is told");
    cr_assert(strstr(json_string_value(json_object_get(m, "body")), "Join the Cascais chapter first."));
    cr_assert(strstr(json_string_value(json_object_get(m, "subject")), "Lisbon Fintech Founders"));
    json_decref(m);
    cr_assert_null(mail_to(&n, own(&n, "rui", true)), "nobody is invited when declined");
    FunnelReport r;
    OK(funnel_report(n.c, &fx, &n.a, n.metro, n.now + 300, &r));
    cr_assert_eq(r.applications, 2);
    cr_assert_eq(r.exited[FUNNEL_APPLIED], 2, "one withdrawn, one declined");
    cr_assert_eq(r.reached[FUNNEL_APPROVED], 0);
    cr_assert_eq(r.median_seconds[FUNNEL_APPLIED], 0, "nobody moved on");
    net_free(&n);
}

static int meeting_tx(DbConn *c, void *ctx, Err *e)
{
    int64_t *m = ctx;   /* {chapter, at, id} */
    return meeting_insert(c, e, m[0], NULL, m[1], m[1] + 7200, "Europe/Lisbon", "The Hub", "", &m[2]) < 0 ? -1 : 0;
}

/* A meeting of the chapter at `at`, taken through its phases to closed (held). */
static void hold_meeting(Net *n, int64_t chapter, int64_t at)
{
    int64_t m[3] = { chapter, at, 0 };
    OK(db_write(n->c, meeting_tx, m, &fx));
    static const char *const phases[] = { "checkin", "successes", "challenges", "commitments", "closed" };
    for (size_t i = 0; i < 5; i++) {
        PhaseChange p = { .chapter_id = chapter, .meeting_id = m[2], .now = at + 600, .phase = phases[i] };
        OK(meeting_advance(n->c, &fx, &p));
    }
}

static void chapter_status(Net *n, int64_t chapter, int64_t metro, const char *name, const char *status)
{
    ChapterFields f = { .name = name, .description = "", .status = status, .sector_rule = "open", .metro_id = metro,
                        .sector_id = n->sector, .capacity = CHAPTER_CAPACITY_DEFAULT };
    FieldErrs p = { &n->a, NULL, 0 };
    OK(chapter_change(n->c, &fx, chapter, &f, &p));
}

static int64_t tick(Net *n, int64_t at, char *out, size_t size)
{
    Buf b;
    buf_init(&b, NULL);
    OK(growth_funnel_tick(n->c, at, &b, &fx));
    snprintf(out, size, "%s", b.data ? b.data : "");
    int64_t len = (int64_t)b.len;
    buf_release(&b);
    return len;
}

static const char *role_of(Net *n, int64_t chapter, int64_t user)
{
    json_t *ch = NULL;
    const char *role = NULL;
    int64_t id = 0;
    json_t *row = NULL;
    cr_assert_eq(db_row(n->c, &fx, &row, "SELECT slug FROM chapters WHERE id = $1", DI(chapter)), 1);
    OK(chapter_load(n->c, &n->a, &fx, json_string_value(json_object_get(row, "slug")), user, &ch, &id, &role));
    json_decref(row);
    json_decref(ch);
    return role;
}

static int accept_tx(DbConn *c, void *ctx, Err *e)
{
    int64_t *x = ctx;   /* {invitation, user, chapter} */
    if (invitation_mark_accepted(c, e, x[0], x[1]) < 0) return -1;
    return membership_add(c, e, x[2], x[1], "member", x[1]);
}

Test(funnel_db, approve_then_the_later_steps)
{
    Net n;
    net_make(&n, "a");
    int64_t id = apply_as(&n, n.ana, own(&n, "ana", true), n.metro, "Lisbon Fintech Founders", own(&n, "rui", true));
    FunnelDecision self = { .id = id, .by = n.ana, .is_admin = true, .now = n.now + 60, .a = &n.a };
    FieldErrs f0 = { &n.a, NULL, 0 };
    cr_assert_eq(funnel_approve(n.c, &fx, &self, &f0), -1);
    cr_assert_eq(fx.code, E_FORBIDDEN, "not one's own, even as an administrator");
    FunnelDecision d = { .id = id, .by = n.chair, .note = "Welcome!", .public_url = "http://glocal.test", .now = n.now - 3600, .a = &n.a };
    FieldErrs f = { &n.a, NULL, 0 };
    OK(funnel_approve(n.c, &fx, &d, &f));
    cr_assert_gt(d.chapter_id, 0);
    cr_assert_str_eq(d.chapter_slug, "lisbon-fintech-founders");
    cr_assert_str_eq(role_of(&n, d.chapter_id, n.ana), "connector", "the applicant runs the chapter");
    cr_assert_null(role_of(&n, d.chapter_id, n.rui), "the second connector is invited, not added");
    json_t *inv = mail_to(&n, own(&n, "rui", true));
    cr_assert_not_null(inv, "the second connector's address gets the chapter's invitation");
    cr_assert(strstr(json_string_value(json_object_get(inv, "body")), "Founders in Lisbon have no chapter."), "with the message");
    json_decref(inv);
    json_t *m = mail_to(&n, own(&n, "ana", true));
    cr_assert(m && strstr(json_string_value(json_object_get(m, "body")), "http://glocal.test/chapters/lisbon-fintech-founders"));
    json_decref(m);
    FieldErrs f2 = { &n.a, NULL, 0 };
    FunnelDecision twice = d;
    cr_assert_eq(funnel_approve(n.c, &fx, &twice, &f2), -1);
    cr_assert_eq(fx.code, E_CONFLICT, "once");

    /* a second application, approved and closed before it meets (the chapter's last change dates the
     * closing: the real clock, after the approval an hour ago) */
    int64_t id2 = apply_as(&n, n.ana, own(&n, "ana", true), n.metro2, "Cascais Fintech", own(&n, "rui", true));
    FunnelDecision d2 = { .id = id2, .by = n.admin, .is_admin = true, .now = n.now - 3600, .a = &n.a };
    FieldErrs f3 = { &n.a, NULL, 0 };
    OK(funnel_approve(n.c, &fx, &d2, &f3));

    /* Rui takes the first invitation up: the periodic work makes him a connector */
    int64_t x[3] = { 0, n.rui, d.chapter_id };
    cr_assert_eq(db_int64(n.c, &fx, &x[0], "SELECT second_invitation_id FROM growth_applications WHERE id = $1", DI(id)), 1);
    OK(db_write(n.c, accept_tx, x, &fx));
    char said[512];
    int64_t first = n.now + 2 * GROWTH_DAY;
    hold_meeting(&n, d.chapter_id, first);
    chapter_status(&n, d2.chapter_id, n.metro2, "Cascais Fintech", "closed");
    tick(&n, first + 3600, said, sizeof said);
    cr_assert(strstr(said, "1 new chapter's first meeting"), "%s", said);
    cr_assert(strstr(said, "1 new chapter closed"), "%s", said);
    cr_assert(strstr(said, "1 second connector made a connector"), "%s", said);
    cr_assert_str_eq(role_of(&n, d.chapter_id, n.rui), "connector");
    cr_assert_eq(tick(&n, first + 3600, said, sizeof said), 0, "nothing twice: %s", said);

    /* active 90 days after the first meeting, not before */
    chapter_status(&n, d.chapter_id, n.metro, "Lisbon Fintech Founders", "active");
    tick(&n, first + 89 * GROWTH_DAY, said, sizeof said);
    cr_assert_null(strstr(said, "active at 90 days"), "%s", said);
    int64_t day90 = first + 90 * GROWTH_DAY;
    tick(&n, day90, said, sizeof said);
    cr_assert(strstr(said, "1 new chapter active at 90 days"), "%s", said);

    json_t *v = NULL;
    bool reviewer = false;
    cr_assert_eq(funnel_application_get(n.c, &fx, id, n.ana, false, day90, &v, &reviewer), 1);
    json_t *steps = json_object_get(v, "steps");
    cr_assert_eq(json_array_size(steps), 5, "applied, approved, forming, first meeting, active");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(steps, 3), "stage")), "first_meeting");
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(steps, 3), "reached_at")), first);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(steps, 4), "reached_at")), day90);
    cr_assert_str_eq(json_string_value(json_object_get(v, "second_state")), "connector");
    cr_assert_str_eq(json_string_value(json_object_get(v, "chapter_status")), "active");
    json_decref(v);

    /* the report: the region counts both metros, Lisbon one, another country none */
    FunnelReport r;
    OK(funnel_report(n.c, &fx, &n.a, n.region, day90, &r));
    cr_assert_eq(r.applications, 2);
    cr_assert_eq(r.reached[FUNNEL_FORMING], 2);
    cr_assert_eq(r.exited[FUNNEL_FORMING], 1, "Cascais closed while forming");
    cr_assert_eq(r.reached[FUNNEL_FIRST_MEETING], 1);
    cr_assert_eq(r.reached[FUNNEL_ACTIVE], 1);
    cr_assert_eq(r.waiting[FUNNEL_ACTIVE], 1);
    cr_assert_eq(r.median_seconds[FUNNEL_APPLIED], 3600, "reviewed an hour after applying");
    cr_assert_eq(r.median_seconds[FUNNEL_APPROVED], 0, "approval makes the chapter at once");
    cr_assert_eq(r.median_seconds[FUNNEL_FIRST_MEETING], 90 * GROWTH_DAY);
    OK(funnel_report(n.c, &fx, &n.a, n.metro, day90, &r));
    cr_assert_eq(r.applications, 1);
    cr_assert_eq(r.median_seconds[FUNNEL_FORMING], first - (n.now - 3600));
    OK(funnel_report(n.c, &fx, &n.a, n.other_country, day90, &r));
    cr_assert_eq(r.applications, 0);
    OK(funnel_report(n.c, &fx, &n.a, 0, day90, &r));
    cr_assert_geq(r.applications, 2, "the network (other tests' applications too, on a shared database)");
    cr_assert_geq(r.reached[FUNNEL_ACTIVE], 1);
    net_free(&n);
}
