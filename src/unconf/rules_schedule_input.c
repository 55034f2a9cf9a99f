/* rules_schedule_input.c - what the unconference optimiser (schedule.h) takes and
 * gives, checked and measured: the input's checks (sizes, locks, votes), which
 * the organiser's edits can ask before a build, and the quality of any grid.
 * Pure, like rules_schedule.c. */
#include "unconf/schedule.h"

#include <stdlib.h>

bool sched_cell_open(const SchedInput *in, int room, int slot)
{
    return !in->open || in->open[room * in->n_slots + slot];
}

static int check_sizes(const SchedInput *in, Err *err)
{
    if (in->n_rooms < 1 || in->n_rooms > SCHED_MAX_ROOMS || !in->capacity)
        return err_field(err, E_INVALID, "rooms", "An unconference needs 1 to %d rooms.", SCHED_MAX_ROOMS);
    if (in->n_slots < 1 || in->n_slots > SCHED_MAX_SLOTS)
        return err_field(err, E_INVALID, "slots", "An unconference needs 1 to %d slots.", SCHED_MAX_SLOTS);
    if (in->n_sessions < 0 || in->n_sessions > SCHED_MAX_SESSIONS || (in->n_sessions && !in->sessions))
        return err_field(err, E_INVALID, "sessions", "At most %d sessions can be scheduled.", SCHED_MAX_SESSIONS);
    if (in->n_voters < 0 || in->n_voters > SCHED_MAX_VOTERS || (in->n_voters && !in->voters))
        return err_field(err, E_INVALID, "votes", "At most %d voters can be counted.", SCHED_MAX_VOTERS);
    if (in->iterations < 0) return err_field(err, E_INVALID, "iterations", "The search budget cannot be negative.");
    for (int r = 0; r < in->n_rooms; r++)
        if (in->capacity[r] < 0) return err_field(err, E_INVALID, "rooms", "Room %d has a negative capacity.", r + 1);
    for (int v = 0; v < in->n_voters; v++) {
        const SchedVoter *vt = &in->voters[v];
        if (vt->n < 0 || (vt->n && !vt->sessions))
            return err_field(err, E_INVALID, "votes", "Voter %d has a broken list of votes.", v + 1);
        for (int k = 0; k < vt->n; k++)
            if (vt->sessions[k] < 0 || vt->sessions[k] >= in->n_sessions)
                return err_field(err, E_INVALID, "votes", "Voter %d voted for a session that does not exist.", v + 1);
    }
    return 0;
}

bool sched_share_presenter(const SchedSession *a, const SchedSession *b)
{
    for (int x = 0; x < a->n_presenters; x++)
        for (int y = 0; y < b->n_presenters; y++)
            if (a->presenters[x] == b->presenters[y]) return true;
    return false;
}

static int check_session(const SchedInput *in, int i, Err *err)
{
    const SchedSession *s = &in->sessions[i];
    if (s->n_presenters < 0 || (s->n_presenters && !s->presenters))
        return err_field(err, E_INVALID, "presenters", "Session %d has a broken list of presenters.", i + 1);
    if (s->lock_room < 0 && s->lock_slot < 0) return 0;
    if (s->lock_room < 0 || s->lock_room >= in->n_rooms || s->lock_slot < 0 || s->lock_slot >= in->n_slots)
        return err_field(err, E_INVALID, "lock", "Session %d is locked outside the grid.", i + 1);
    if (!sched_cell_open(in, s->lock_room, s->lock_slot))
        return err_field(err, E_INVALID, "lock", "Session %d is locked in room %d, slot %d, which is closed.",
                         i + 1, s->lock_room + 1, s->lock_slot + 1);
    if ((s->unavailable >> s->lock_slot) & 1)
        return err_field(err, E_INVALID, "lock", "Session %d is locked in slot %d, which its presenters cannot make.",
                         i + 1, s->lock_slot + 1);
    for (int j = 0; j < i; j++) {
        const SchedSession *t = &in->sessions[j];
        if (t->lock_slot != s->lock_slot) continue;
        if (t->lock_room == s->lock_room)
            return err_field(err, E_INVALID, "lock", "Sessions %d and %d are locked in the same room and slot.",
                             j + 1, i + 1);
        if (sched_share_presenter(s, t))
            return err_field(err, E_INVALID, "lock", "Sessions %d and %d share a presenter and are locked in one slot.",
                             j + 1, i + 1);
    }
    return 0;
}

int sched_check(const SchedInput *in, Err *err)
{
    if (!in) return err_set(err, E_INVALID, "Nothing to schedule.");
    if (check_sizes(in, err) < 0) return -1;
    for (int i = 0; i < in->n_sessions; i++)
        if (check_session(in, i, err) < 0) return -1;
    return 0;
}

long sched_attended(const SchedInput *in, const int *slot, long *votes)
{
    int *stamp = calloc((size_t)in->n_sessions + 1, sizeof *stamp);
    long att = 0, total = 0;
    if (!stamp) return -1;
    for (int v = 0; v < in->n_voters; v++) {
        uint64_t slots = 0;
        for (int k = 0; k < in->voters[v].n; k++) {
            int i = in->voters[v].sessions[k];
            if (i < 0 || i >= in->n_sessions || stamp[i] == v + 1) continue;
            stamp[i] = v + 1;
            total++;
            if (slot[i] >= 0 && slot[i] < SCHED_MAX_SLOTS) slots |= 1ull << slot[i];
        }
        att += __builtin_popcountll(slots);
    }
    free(stamp);
    if (votes) *votes = total;
    return att;
}

const char *sched_reason_text(SchedReason r)
{
    switch (r) {
    case SCHED_PLACED: return "placed";
    case SCHED_NO_CELL: return "every slot its presenters can make is full";
    case SCHED_UNAVAILABLE: return "its presenters can make no slot with an open room";
    case SCHED_PRESENTER_BUSY: return "its presenters are in other sessions in every free slot";
    }
    return "unknown";
}
