/* test_store_meetings.c - the operations of chapter meetings on a real database:
 * a series scheduled ahead, a one-off meeting added, moved and cancelled, a
 * meeting run from check-in to closed (answers, rounds, a story, a commitment,
 * attendance), and the chapter's health as the pages show it; many members
 * answering one meeting at once.
 *
 * Runs on GLOCAL_TEST_DB (tests/run runs every test_store* program once on a
 * fresh SQLite database and once on a fresh PostgreSQL one); run by hand
 * without it, on a SQLite file of its own. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/str.h"
#include "db/db.h"
#include "meetings/meetings.h"
#include "meetings/store.h"
#include "testutil.h"

typedef struct People {
    int64_t connector, member, chapter;
} People;

/* A metro (name, slug) and a chapter in it (name, slug); the chapter's id in *chapter. */
static int chapter_make(DbConn *c, Err *e, const char *const names[4], int64_t *chapter)
{
    int64_t metro = 0;
    if (db_int64(c, e, &metro,
                 "INSERT INTO places (kind, name, slug, timezone, created_at) VALUES ('metro', $1, $2, 'Europe/Lisbon', 1) RETURNING id",
                 DT(names[0]), DT(names[1])) < 0)
        return -1;
    return db_int64(c, e, chapter,
                    "INSERT INTO chapters (slug, name, metro_id, created_at, updated_at) VALUES ($2, $1, $3, 1, 1) RETURNING id",
                    DT(names[2]), DT(names[3]), DI(metro)) < 0 ? -1 : 0;
}

static int people_tx(DbConn *c, void *ctx, Err *e)
{
    People *p = ctx;
    static const char *const lisbon[4] = { "Lisbon", "lisbon", "Lisbon Makers", "lisbon-makers" };
    if (db_int64(c, e, &p->connector,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                 " VALUES ('connie@test.example', 'Connie Connector', 'x', 1, 1) RETURNING id") < 0 ||
        db_int64(c, e, &p->member,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                 " VALUES ('mo@test.example', 'Mo Member', 'x', 1, 1) RETURNING id") < 0 ||
        chapter_make(c, e, lisbon, &p->chapter) < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, 'connector', 1), ($1, $3, 'member', 1)",
                   DI(p->chapter), DI(p->connector), DI(p->member)) < 0 ? -1 : 0;
}

static json_t *meeting_row(DbConn *c, const People *p, int64_t id)
{
    Err e = { 0 };
    json_t *m = NULL;
    cr_assert_eq(meeting_get(c, &e, p->chapter, p->member, id, &m), 1, "meeting %lld: %s", (long long)id, e.msg);
    return m;
}

static void schedule_checks(DbConn *c, const People *p, int64_t now)
{
    Err e = { 0 };
    SeriesSetup s = { .chapter_id = p->chapter, .now = now, .absence_limit = 4, .absence_window_days = 120,
                      .f = { "FREQ=MONTHLY;BYDAY=2TU", "20260113T183000", "Europe/Lisbon", "Library", "", 90 } };
    cr_assert_eq(series_setup_save(c, &e, &s), 0, "%s", e.msg);
    cr_assert(s.made >= 3 && s.made <= 5, "%d meetings in 120 days", s.made);
    int first = s.made;
    cr_assert_eq(series_setup_save(c, &e, &s), 0, "%s", e.msg);
    cr_assert_eq(s.made, first, "saving again schedules the same meetings afresh");

    MeetingSlot slot = { now + 10 * 86400, now + 10 * 86400 + 3600, "Europe/Lisbon", "Café", "https://meet.example/x" };
    int64_t id = 0;
    cr_assert_eq(meeting_add(c, &e, p->chapter, &slot, &id), 0, "%s", e.msg);
    cr_assert_gt(id, 0);
    slot.starts_at += 86400;
    slot.ends_at += 86400;
    slot.venue = "Park";
    cr_assert_eq(meeting_reschedule(c, &e, id, &slot), 0, "%s", e.msg);
    json_t *m = meeting_row(c, p, id);
    cr_assert_eq(json_integer_value(json_object_get(m, "starts_at")), slot.starts_at);
    cr_assert_str_eq(json_string_value(json_object_get(m, "venue")), "Park");
    cr_assert_eq(json_integer_value(json_object_get(m, "sequence")), 1, "calendars see the change");
    json_decref(m);
    cr_assert_eq(meeting_call_off(c, &e, id), 0, "%s", e.msg);
    m = meeting_row(c, p, id);
    cr_assert_str_eq(json_string_value(json_object_get(m, "status")), "cancelled");
    json_decref(m);
}

static void advance(DbConn *c, const People *p, int64_t meeting, const char *phase, int64_t now)
{
    Err e = { 0 };
    PhaseChange ch = { .chapter_id = p->chapter, .meeting_id = meeting, .now = now, .phase = phase };
    cr_assert_eq(meeting_advance(c, &e, &ch), 0, "to %s: %s", phase, e.msg);
    cr_assert_null(ch.new_status, "a forming chapter with one meeting held stays forming");
}

static void runner_checks(DbConn *c, const People *p, int64_t now)
{
    Err e = { 0 };
    MeetingSlot slot = { now - 1800, now + 3600, "Europe/Lisbon", "Library", "" };
    int64_t m = 0, success = 0, challenge = 0, story = 0, promise = 0;
    cr_assert_eq(meeting_add(c, &e, p->chapter, &slot, &m), 0, "%s", e.msg);
    cr_assert_eq(rsvp_answer(c, &e, m, p->member, "yes"), 0, "%s", e.msg);
    advance(c, p, m, "checkin", now);
    cr_assert_eq(round_post(c, &e, m, p->connector, "success", "We opened the workshop.", &success), 0, "%s", e.msg);
    log_level = -1;
    cr_assert_eq(round_post(c, &e, m, p->connector, "success", "Again", &success), -1, "one success each");
    cr_assert_eq(e.code, E_CONFLICT);
    memset(&e, 0, sizeof e);
    cr_assert_eq(round_post(c, &e, m, p->member, "challenge", "Finding a venue.", &challenge), 0, "%s", e.msg);
    cr_assert_eq(round_edit(c, &e, m, challenge, "Finding a cheaper venue."), 0, "%s", e.msg);
    cr_assert_eq(round_publish(c, &e, m, challenge, true), 0, "%s", e.msg);
    advance(c, p, m, "successes", now);
    advance(c, p, m, "challenges", now);
    cr_assert_eq(story_post(c, &e, m, challenge, p->connector, "When we faced this, we asked the library.", false, &story), 0,
                 "%s", e.msg);
    cr_assert_eq(commitment_add(c, &e, p->chapter, m, p->member, "Call the library.", &promise), 0, "%s", e.msg);
    const char *present[] = { "0", "not a number" };
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)p->connector);
    present[0] = id;
    AttendanceSheet sheet = { .chapter_id = p->chapter, .meeting_id = m, .recorded_by = p->connector, .present = present,
                              .npresent = 2 };
    cr_assert_eq(attendance_record(c, &e, &sheet), 0, "%s", e.msg);
    cr_assert_eq(sheet.counted, 1);
    advance(c, p, m, "commitments", now);
    /* the operations check the phase in their own transaction, whatever a caller checked before */
    cr_assert_eq(round_post(c, &e, m, p->member, "success", "Late", &success), -1, "the successes round is over");
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert(strstr(e.msg, "Commitments"), "%s", e.msg);
    memset(&e, 0, sizeof e);
    cr_assert_eq(round_edit(c, &e, m, challenge, "Too late to edit."), -1, "the challenges round is over");
    cr_assert_eq(e.code, E_CONFLICT);
    memset(&e, 0, sizeof e);
    advance(c, p, m, "closed", now);
    cr_assert_eq(story_post(c, &e, m, challenge, p->connector, "Late story.", false, &story), -1, "closed: no stories");
    cr_assert_eq(e.code, E_CONFLICT);
    memset(&e, 0, sizeof e);
    int64_t late = 0;
    cr_assert_eq(commitment_add(c, &e, p->chapter, m, p->member, "After the end.", &late), -1, "closed: no commitments");
    cr_assert_eq(e.code, E_CONFLICT);
    memset(&e, 0, sizeof e);
    cr_assert_eq(commitment_set_status(c, &e, promise, "done", m), 0, "%s", e.msg);
    json_t *row = meeting_row(c, p, m);
    cr_assert_str_eq(json_string_value(json_object_get(row, "status")), "held");
    cr_assert_eq(json_integer_value(json_object_get(row, "present")), 1, "the sheet overrides the rounds' marks");
    cr_assert_eq(json_integer_value(json_object_get(row, "going")), 1);
    cr_assert_gt(json_integer_value(json_object_get(row, "version")), 8, "every change told the room");
    json_decref(row);
    json_t *rounds = meeting_rounds(c, &e, m), *stories = meeting_stories(c, &e, m);
    cr_assert(rounds && stories, "%s", e.msg);
    cr_assert_eq(json_array_size(rounds), 2);
    cr_assert_eq(json_array_size(stories), 1);
    json_decref(rounds);
    json_decref(stories);
}

static void health_checks(DbConn *c, const People *p)
{
    Err e = { 0 };
    Arena a;
    arena_init(&a, 512);
    json_t *h = chapter_health(c, &e, &a, p->chapter, "Europe/Lisbon", true);
    cr_assert_not_null(h, "%s", e.msg);
    cr_assert_eq(json_integer_value(json_object_get(h, "meetings_held")), 1);
    cr_assert_str_eq(json_string_value(json_object_get(h, "average_attendance")), "1.0");
    cr_assert_null(json_object_get(h, "attendances"), "the raw count is not shown");
    cr_assert_gt(json_integer_value(json_object_get(h, "next_meeting_at")), 0, "the series is ahead");
    cr_assert_not_null(json_object_get(h, "next_meeting_local"));
    json_decref(h);
    h = chapter_health(c, &e, &a, p->chapter, "Europe/Lisbon", false);
    cr_assert_not_null(h, "%s", e.msg);
    cr_assert_null(json_object_get(h, "next_meeting_at"), "when members meet is for members");
    cr_assert_null(json_object_get(h, "next_meeting_local"));
    json_decref(h);
    arena_release(&a);
}

static void meetings_on(const char *url)
{
    Err e = { 0 };
    Db *db = NULL;
    bool ready = db_open(&db, url, &e) == 0 && db_migrate(db, false, &e) >= 0;
    cr_assert(ready, "a migrated database at %s: %s", url, e.msg);
    People p = { 0 };
    DbConn *c = db_acquire(db, &e);
    cr_assert(c != NULL, "a connection: %s", e.msg);
    cr_assert_eq(db_write(c, people_tx, &p, &e), 0, "%s", e.msg);
    int64_t now = now_unix();
    schedule_checks(c, &p, now);
    runner_checks(c, &p, now);
    health_checks(c, &p);
    db_release(c);
    db_close(db);
}

/* Run by hand: a SQLite file of the test's own, removed with its companions at the end. */
static char own_file[96];

static void own_file_remove(void)
{
    static const char *const suffixes[] = { "", "-wal", "-shm" };
    char path[128];
    for (int i = 0; own_file[0] && i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", own_file, suffixes[i]);
        unlink(path);
    }
}

Test(operations, schedule_run_and_health, .fini = own_file_remove)
{
    const char *url = getenv("GLOCAL_TEST_DB");
    char own_url[128];
    if (!url || !*url) {
        snprintf(own_file, sizeof own_file, "/tmp/glocal-test-meetings.%ld.db", (long)getpid());
        snprintf(own_url, sizeof own_url, "sqlite:%s", own_file);
        url = own_url;
    }
    meetings_on(url);
}

/* ---------- many answers to one meeting at once ---------- */

enum { CROWD = 8, ANSWERS_EACH = 25 };

typedef struct Crowd {
    Db *db;
    int64_t meeting, chapter, user[CROWD];
} Crowd;

static int crowd_tx(DbConn *c, void *ctx, Err *e)
{
    Crowd *k = ctx;
    static const char *const porto[4] = { "Porto", "porto-crowd", "Porto Crowd", "porto-crowd" };
    if (chapter_make(c, e, porto, &k->chapter) < 0) return -1;
    for (int i = 0; i < CROWD; i++) {
        char email[64];
        snprintf(email, sizeof email, "crowd-%d@test.example", i);
        if (db_int64(c, e, &k->user[i],
                     "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                     " VALUES ($1, 'A member of the crowd', 'x', 1, 1) RETURNING id", DT(email)) < 0 ||
            db_exec(c, e, "INSERT INTO memberships (chapter_id, user_id, role, joined_at) VALUES ($1, $2, 'member', 1)",
                    DI(k->chapter), DI(k->user[i])) < 0)
            return -1;
    }
    return 0;
}

typedef struct Answerer {
    Crowd *crowd;
    int who, failures;
    Err last;
} Answerer;

static const char *const crowd_answers[] = { "yes", "no", "maybe" };

static void *answer_many(void *arg)
{
    Answerer *a = arg;
    Err e = { 0 };
    DbConn *c = db_acquire(a->crowd->db, &e);
    if (!c) {
        a->failures = ANSWERS_EACH;
        a->last = e;
        return NULL;
    }
    for (int i = 0; i < ANSWERS_EACH; i++) {
        err_clear(&e);
        if (rsvp_answer(c, &e, a->crowd->meeting, a->crowd->user[a->who], crowd_answers[(a->who + i) % 3]) < 0) {
            a->failures++;
            a->last = e;
        }
    }
    db_release(c);
    return NULL;
}

/* Eight members answer one meeting 25 times each, at once: every answer is kept and counted in
 * the meeting's version, and none fails serialization (on PostgreSQL they take turns behind the
 * meeting's lock instead of failing and running again; bench/scale's mixed load had RSVPs give
 * up with 503). */
Test(operations, many_answer_one_meeting_at_once, .timeout = 120)
{
    TestDb t;
    Crowd k = { 0 };
    DbConn *c = NULL;
    Err e = { 0 };
    test_db_open(&t, &k.db, &c);
    cr_assert_eq(db_write(c, crowd_tx, &k, &e), 0, "%s", e.msg);
    MeetingSlot slot = { now_unix() + 10 * 86400, now_unix() + 10 * 86400 + 3600, "Europe/Lisbon", "Hall", "" };
    cr_assert_eq(meeting_add(c, &e, k.chapter, &slot, &k.meeting), 0, "%s", e.msg);
    json_t *m = NULL;
    cr_assert_eq(meeting_get(c, &e, k.chapter, k.user[0], k.meeting, &m), 1, "%s", e.msg);
    int64_t version = json_integer_value(json_object_get(m, "version"));
    json_decref(m);

    LogCapture l;
    log_capture_start(&l);
    pthread_t th[CROWD];
    Answerer a[CROWD];
    memset(a, 0, sizeof a);
    for (int i = 0; i < CROWD; i++) {
        a[i] = (Answerer){ .crowd = &k, .who = i };
        pthread_create(&th[i], NULL, answer_many, &a[i]);
    }
    int failures = 0;
    const char *last = "";
    for (int i = 0; i < CROWD; i++) {
        pthread_join(th[i], NULL);
        failures += a[i].failures;
        if (a[i].failures) last = a[i].last.msg;
    }
    char *log = log_capture_end(&l);
    cr_expect_eq(failures, 0, "%d of %d answers failed (last: %s)", failures, CROWD * ANSWERS_EACH, last);
    cr_expect_null(strstr(log, "could not serialize"), "answers failed serialization:\n%.1500s", log);
    free(log);

    cr_assert_eq(meeting_get(c, &e, k.chapter, k.user[0], k.meeting, &m), 1, "%s", e.msg);
    cr_expect_eq(json_integer_value(json_object_get(m, "version")), version + CROWD * ANSWERS_EACH,
                 "every answer told the room (the version counts them)");
    json_decref(m);
    for (int i = 0; i < CROWD; i++) {
        cr_assert_eq(meeting_get(c, &e, k.chapter, k.user[i], k.meeting, &m), 1, "%s", e.msg);
        cr_expect_str_eq(json_string_value(json_object_get(m, "my_answer")), crowd_answers[(i + ANSWERS_EACH - 1) % 3],
                         "member %d's last answer is kept", i);
        json_decref(m);
    }
    test_db_close(&t, k.db, c);
}
