/* runner.c - the operations of a meeting as it runs: answers (RSVP), attendance,
 * the phases (closing a meeting applies the chapter's lifecycle), successes and
 * challenges, stories, commitments. Each is one write transaction that also
 * bumps the meeting's version, so the people in the room see the change (the
 * live page polls it). What the meeting's phase allows (rules.c) is checked
 * again inside the transaction: the handler's check may be a moment old, and
 * a connector may have moved the meeting on in between (409). */
#include "base/str.h"
#include "meetings/meetings.h"
#include "meetings/store.h"

/* What one change carries into its transaction. */
typedef struct Change {
    int64_t chapter_id, meeting_id, user_id, round_id, id;
    const char *text, *kind;
    bool flag;
} Change;

static int rsvp_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    if (rsvp_put(c, e, x->meeting_id, x->user_id, x->text) < 0) return -1;
    return meeting_bump(c, e, x->meeting_id);
}

/* Many answer one meeting at once (its announcement, its reminder): every answer bumps the
 * meeting's version, so at SERIALIZABLE they failed serialization on that row and were run again,
 * and under load some gave up with 503 (bench/scale's mixed load). Behind the meeting's lock, at
 * READ COMMITTED, they take turns instead: the transaction is an upsert and an increment, which
 * read nothing they decide on. */
int rsvp_answer(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *answer)
{
    Change x = { .meeting_id = meeting_id, .user_id = user_id, .text = answer };
    return db_write_locked(c, MEETING_LOCK_BASE + meeting_id, rsvp_tx, &x, e);
}

static int attendance_tx(DbConn *c, void *ctx, Err *e)
{
    AttendanceSheet *s = ctx;
    json_t *roster = meeting_roster(c, e, s->chapter_id, s->meeting_id);
    if (!roster) return -1;
    int rc = 0;
    s->counted = 0;
    for (size_t i = 0; i < json_array_size(roster) && rc == 0; i++) {
        int64_t uid = json_integer_value(json_object_get(json_array_get(roster, i), "id"));
        bool present = id_listed(s->present, s->npresent, uid);
        rc = attendance_put(c, e, s->meeting_id, uid, present, s->recorded_by);
        s->counted += present;
    }
    json_decref(roster);
    return rc < 0 ? -1 : meeting_bump(c, e, s->meeting_id);
}

int attendance_record(DbConn *c, Err *e, AttendanceSheet *s)
{
    return db_write(c, attendance_tx, s, e);
}

typedef struct Advance {
    PhaseChange *p;
    Lifecycle life;
} Advance;

static int advance_tx(DbConn *c, void *ctx, Err *e)
{
    Advance *a = ctx;
    PhaseChange *p = a->p;
    p->new_status = NULL;
    if (meeting_set_phase(c, e, p->meeting_id, p->phase, p->now) < 0) return -1;
    if (!str_eq(p->phase, "closed")) return 0;
    /* a forming chapter becomes active with its third meeting held */
    json_t *f = NULL;
    if (chapter_lifecycle_facts(c, e, p->chapter_id, &f) <= 0) return -1;
    const char *status = json_string_value(json_object_get(f, "status"));
    const char *next = chapter_next_status(status, json_integer_value(json_object_get(f, "held")),
                                           json_integer_value(json_object_get(f, "last_held")),
                                           json_integer_value(json_object_get(f, "created_at")), p->now, &a->life);
    int rc = 0;
    if (next != status) {
        p->new_status = next;   /* a static string of the rules */
        rc = chapter_set_status(c, e, p->chapter_id, next);
    }
    json_decref(f);
    return rc;
}

int meeting_advance(DbConn *c, Err *e, PhaseChange *p)
{
    Arena a;
    arena_init(&a, 256);
    Advance x = { p, lifecycle_settings(c, &a) };
    arena_release(&a);
    return db_write(c, advance_tx, &x, e);
}

/* The meeting's phase as this transaction sees it; 404 when there is no such meeting. */
static int phase_now(DbConn *c, Err *e, int64_t meeting, char phase[16])
{
    int found = meeting_phase_read(c, e, meeting, phase);
    if (found == 0) return err_set(e, E_NOT_FOUND, "There is no such meeting.");
    return found < 0 ? -1 : 0;
}

static int moved_on(Err *e, const char *phase)
{
    return err_set(e, E_CONFLICT, "The meeting has moved on to \"%s\" in the meantime; this is no longer open.",
                   phase_label(phase));
}

static int round_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    char phase[16];
    if (phase_now(c, e, x->meeting_id, phase) < 0) return -1;
    if (!phase_allows_round(phase, x->kind)) return moved_on(e, phase);
    if (round_insert(c, e, x->meeting_id, x->user_id, x->kind, x->text, &x->id) < 0) return -1;
    /* sharing a round means being there */
    if (attendance_mark_present(c, e, x->meeting_id, x->user_id) < 0) return -1;
    return meeting_bump(c, e, x->meeting_id);
}

int round_post(DbConn *c, Err *e, int64_t meeting_id, int64_t user_id, const char *kind, const char *body, int64_t *id)
{
    Change x = { .meeting_id = meeting_id, .user_id = user_id, .kind = kind, .text = body };
    if (db_write(c, round_tx, &x, e) < 0) return -1;
    *id = x.id;
    return 0;
}

static int round_edit_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    char phase[16];
    json_t *round = NULL;
    if (phase_now(c, e, x->meeting_id, phase) < 0) return -1;
    int found = round_get(c, e, x->meeting_id, x->round_id, &round);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "This meeting has no round with that number.");
    bool open = phase_allows_round(phase, json_string_value(json_object_get(round, "kind")));
    json_decref(round);
    if (!open) return moved_on(e, phase);
    return round_save(c, e, x->round_id, x->text) < 0 ? -1 : meeting_bump(c, e, x->meeting_id);
}

int round_edit(DbConn *c, Err *e, int64_t meeting_id, int64_t round_id, const char *body)
{
    Change x = { .meeting_id = meeting_id, .round_id = round_id, .text = body };
    return db_write(c, round_edit_tx, &x, e);
}

static int publish_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    return round_set_shared(c, e, x->round_id, x->flag) < 0 ? -1 : meeting_bump(c, e, x->meeting_id);
}

int round_publish(DbConn *c, Err *e, int64_t meeting_id, int64_t round_id, bool shared)
{
    Change x = { .meeting_id = meeting_id, .round_id = round_id, .flag = shared };
    return db_write(c, publish_tx, &x, e);
}

static int story_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    char phase[16];
    if (phase_now(c, e, x->meeting_id, phase) < 0) return -1;
    if (!phase_allows_stories(phase)) return moved_on(e, phase);
    if (story_insert(c, e, x->round_id, x->user_id, x->text, x->flag, &x->id) < 0) return -1;
    return meeting_bump(c, e, x->meeting_id);
}

int story_post(DbConn *c, Err *e, int64_t meeting_id, int64_t round_id, int64_t user_id, const char *body, bool flagged,
               int64_t *id)
{
    Change x = { .meeting_id = meeting_id, .round_id = round_id, .user_id = user_id, .text = body, .flag = flagged };
    if (db_write(c, story_tx, &x, e) < 0) return -1;
    *id = x.id;
    return 0;
}

static int commitment_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    char phase[16];
    if (phase_now(c, e, x->meeting_id, phase) < 0) return -1;
    if (!phase_allows_commitments(phase)) return moved_on(e, phase);
    if (commitment_insert(c, e, x->chapter_id, x->meeting_id, x->user_id, x->text, &x->id) < 0) return -1;
    return meeting_bump(c, e, x->meeting_id);
}

int commitment_add(DbConn *c, Err *e, int64_t chapter_id, int64_t meeting_id, int64_t user_id, const char *body,
                   int64_t *id)
{
    Change x = { .chapter_id = chapter_id, .meeting_id = meeting_id, .user_id = user_id, .text = body };
    if (db_write(c, commitment_tx, &x, e) < 0) return -1;
    *id = x.id;
    return 0;
}

static int commitment_status_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    if (commitment_close(c, e, x->id, x->text, x->meeting_id) < 0) return -1;
    return x->meeting_id ? meeting_bump(c, e, x->meeting_id) : 0;
}

int commitment_set_status(DbConn *c, Err *e, int64_t id, const char *status, int64_t meeting_id)
{
    Change x = { .id = id, .meeting_id = meeting_id, .text = status };
    return db_write(c, commitment_status_tx, &x, e);
}
