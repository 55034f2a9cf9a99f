/* grid.c - the room × slot grid: built from the votes by the optimiser
 * (schedule.h), with the sessions the organiser locked kept where they are;
 * and the organiser's moves (a session to a cell, locked or not, swapping
 * with the one there). */
#include <stdlib.h>

#include "unconf/internal.h"

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* The index of `id` in a list of rows with "id" (or `key`), or -1. */
static int index_of(json_t *rows, const char *key, int64_t id)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) if (num(r, key) == id) return (int)i;
    return -1;
}

/* Everything the optimiser reads, loaded and kept together. */
typedef struct Loaded {
    json_t *rooms, *slots, *sessions, *presenters, *unavailable, *votes;
} Loaded;

static void loaded_free(Loaded *l)
{
    json_decref(l->rooms), json_decref(l->slots), json_decref(l->sessions);
    json_decref(l->presenters), json_decref(l->unavailable), json_decref(l->votes);
}

static int load_all(DbConn *c, Err *e, int64_t event_id, Loaded *l)
{
    *l = (Loaded){ 0 };
    return (l->rooms = unconf_room_rows(c, e, event_id)) && (l->slots = unconf_slot_rows(c, e, event_id)) &&
                   (l->sessions = unconf_session_rows(c, e, event_id, 0)) &&
                   (l->presenters = unconf_presenter_rows(c, e, event_id)) &&
                   (l->unavailable = unconf_unavailable_rows(c, e, event_id)) && (l->votes = unconf_vote_rows(c, e, event_id))
               ? 0
               : -1;
}

/* Arrays the SchedInput points into (freed together). */
typedef struct Arrays {
    int *capacity, *voted;
    int64_t *presenters;
    SchedSession *sessions;
    SchedVoter *voters;
} Arrays;

static void arrays_free(Arrays *a)
{
    free(a->capacity), free(a->voted), free(a->presenters), free(a->sessions), free(a->voters);
}

static void fill_sessions(const Loaded *l, Arrays *a, SchedInput *in)
{
    size_t np = json_array_size(l->presenters), i;
    json_t *r;
    a->presenters = calloc(np + 1, sizeof *a->presenters);
    a->sessions = calloc((size_t)in->n_sessions + 1, sizeof *a->sessions);
    int at = 0;
    for (int s = 0; s < in->n_sessions; s++) {   /* presenters rows are ordered by session */
        json_t *row = json_array_get(l->sessions, (size_t)s);
        SchedSession *x = &a->sessions[s];
        x->interest = 0, x->lock_room = x->lock_slot = -1;
        x->presenters = a->presenters + at;
        json_array_foreach(l->presenters, i, r) if (num(r, "session_id") == num(row, "id")) {
            a->presenters[at++] = num(r, "user_id");
            x->n_presenters++;
        }
        json_array_foreach(l->unavailable, i, r) if (num(r, "session_id") == num(row, "id")) {
            int slot = index_of(l->slots, "id", num(r, "slot_id"));
            if (slot >= 0) x->unavailable |= 1ull << slot;
        }
        if (json_is_true(json_object_get(row, "is_locked"))) {
            x->lock_room = index_of(l->rooms, "id", num(row, "room_id"));
            x->lock_slot = index_of(l->slots, "id", num(row, "slot_id"));
            if (x->lock_room < 0 || x->lock_slot < 0) x->lock_room = x->lock_slot = -1;
        }
    }
}

static void fill_voters(const Loaded *l, Arrays *a, SchedInput *in)
{
    size_t nv = json_array_size(l->votes), i;
    json_t *r;
    a->voted = calloc(nv + 1, sizeof *a->voted);
    a->voters = calloc(nv + 1, sizeof *a->voters);
    int64_t current = -1;
    size_t k = 0;   /* each voter's sessions are contiguous in a->voted */
    json_array_foreach(l->votes, i, r) {   /* ordered by voter */
        int s = index_of(l->sessions, "id", num(r, "session_id"));
        if (s < 0) continue;
        if (num(r, "user_id") != current) {
            current = num(r, "user_id");
            a->voters[in->n_voters] = (SchedVoter){ current, a->voted + k, 0 };
            in->n_voters++;
        }
        a->voted[k++] = s;
        a->voters[in->n_voters - 1].n++;
    }
}

typedef struct Build {
    const BoardCaller *by;
    int64_t seed;
    GridBuilt *out;
} Build;

static int place_all(DbConn *c, Err *e, const Build *k, const Loaded *l, const SchedResult *res)
{
    if (unconf_unplace_unlocked(c, e, k->by->event_id, k->by->now) < 0) return -1;
    for (int s = 0; s < res->n_sessions; s++) {
        json_t *row = json_array_get(l->sessions, (size_t)s);
        if (json_is_true(json_object_get(row, "is_locked")) || res->room[s] < 0) continue;
        if (unconf_place(c, e, num(row, "id"), num(json_array_get(l->rooms, (size_t)res->room[s]), "id"),
                         num(json_array_get(l->slots, (size_t)res->slot[s]), "id"), false, k->by->now) < 0)
            return -1;
    }
    return unconf_board_built(c, e, k->by->event_id, k->seed, (int64_t)(res->quality * 1000 + 0.5),
                              (int64_t)(res->random_quality * 1000 + 0.5), k->by->now);
}

static int build_tx(DbConn *c, void *ctx, Err *e)
{
    Build *k = ctx;
    Board b;
    Loaded l = { 0 };
    Arrays a = { 0 };
    SchedResult res = { 0 };
    int rc = board_load(c, e, k->by, BA_ORGANISE, 0, &b);
    if (rc == 0) rc = load_all(c, e, k->by->event_id, &l);
    if (rc < 0) goto done;
    SchedInput in = { .n_rooms = (int)json_array_size(l.rooms), .n_slots = (int)json_array_size(l.slots),
                      .n_sessions = (int)json_array_size(l.sessions), .seed = (uint64_t)k->seed };
    if (!in.n_rooms || !in.n_slots) {
        rc = err_set(e, E_CONFLICT, "Add the rooms and the time slots first: the grid is made of them.");
        goto done;
    }
    a.capacity = calloc((size_t)in.n_rooms, sizeof *a.capacity);
    for (int r = 0; r < in.n_rooms; r++) a.capacity[r] = (int)num(json_array_get(l.rooms, (size_t)r), "capacity");
    in.capacity = a.capacity;
    fill_sessions(&l, &a, &in);
    fill_voters(&l, &a, &in);
    in.sessions = a.sessions, in.voters = a.voters;
    if ((rc = sched_build(&in, &res, e)) == 0 && (rc = place_all(c, e, k, &l, &res)) == 0)
        *k->out = (GridBuilt){ res.n_sessions - res.n_unplaced, res.n_unplaced, res.n_over_capacity, res.quality,
                               res.random_quality };
done:
    sched_result_free(&res);
    arrays_free(&a);
    loaded_free(&l);
    board_free(&b);
    return rc;
}

int grid_build(DbConn *c, Err *e, const BoardCaller *by, int64_t seed, GridBuilt *out)
{
    Build k = { by, seed > 0 ? seed : 1, out };
    return db_write(c, build_tx, &k, e);
}

typedef struct Move {
    const BoardCaller *by;
    int64_t id, room, slot;
    bool locked;
} Move;

static int move_tx(DbConn *c, void *ctx, Err *e)
{
    Move *m = ctx;
    Board b;
    Loaded l = { 0 };
    json_t *row = NULL;
    int rc = board_load(c, e, m->by, BA_ORGANISE, 0, &b);
    if (rc == 0) rc = load_all(c, e, m->by->event_id, &l);
    if (rc == 0) {
        int found = unconf_session_row(c, e, m->by->event_id, m->id, &row);
        rc = found < 0 ? -1 : found == 0 ? err_set(e, E_NOT_FOUND, "There is no such session on this board.") : 0;
    }
    if (rc < 0) goto done;
    if (m->room || m->slot) {
        if (index_of(l.rooms, "id", m->room) < 0 || index_of(l.slots, "id", m->slot) < 0) {
            rc = err_field(e, E_INVALID, "room_id", "Choose one of the board's rooms and one of its slots.");
            goto done;
        }
        /* the session there (if any) takes this one's old cell */
        json_t *s;
        size_t i;
        json_array_foreach(l.sessions, i, s) if (num(s, "room_id") == m->room && num(s, "slot_id") == m->slot &&
                                                 num(s, "id") != m->id) {
            if ((rc = unconf_place(c, e, num(s, "id"), 0, 0, false, m->by->now)) < 0 ||
                (rc = unconf_place(c, e, m->id, m->room, m->slot, m->locked, m->by->now)) < 0)
                goto done;
            rc = unconf_place(c, e, num(s, "id"), num(row, "room_id"), num(row, "slot_id"),
                              json_is_true(json_object_get(s, "is_locked")), m->by->now);
            goto done;
        }
    }
    rc = unconf_place(c, e, m->id, m->room, m->slot, m->locked && m->room, m->by->now);
done:
    json_decref(row);
    loaded_free(&l);
    board_free(&b);
    return rc;
}

int grid_place(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t room_id, int64_t slot_id, bool locked)
{
    if ((room_id > 0) != (slot_id > 0)) return err_field(e, E_INVALID, "room_id", "Give both a room and a slot (or neither).");
    Move m = { by, id, room_id, slot_id, locked };
    return db_write(c, move_tx, &m, e);
}

json_t *schedule_sessions(DbConn *c, Err *e, const BoardCaller *by, int64_t mine)
{
    Board b;
    json_t *out = board_load(c, e, by, BA_SEE, 0, &b) == 0 ? unconf_placed_rows(c, e, by->event_id, mine) : NULL;
    board_free(&b);
    return out;
}
