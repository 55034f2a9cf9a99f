/* unconf.c - the demo's unconferences (data/demo/unconf.json): an event made
 * from a format with a session board gets its rooms and slots, its ticket
 * holders propose sessions and spend their dots on them; a past one had its
 * grid built from the votes, its sessions counted and most of them captured
 * into the commons; an upcoming one has proposals and votes in progress.
 * Everything goes through the unconference's own operations (src/unconf/),
 * each at the moment it happened (BoardCaller.now), while the event is still
 * open: events.c calls this before a past event's books are closed. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "unconf/unconf.h"

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *text(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

enum { MAX_HOLDERS = 128, MAX_BOARD = 40, DOTS = 5, CO_PRESENTED = 7 };

typedef struct Board {
    Demo *d;
    DbConn *c;
    const DemoUnconf *u;
    json_t *sessions;             /* the data's sessions for this board */
    int64_t holders[MAX_HOLDERS];
    const char *emails[MAX_HOLDERS];
    int nholders;
    int64_t ids[MAX_BOARD];       /* the sessions made, by the data's order (0: merged away) */
    int proposer[MAX_BOARD];      /* into holders */
    int n;
    int64_t base;                 /* when the first session was proposed */
    Rng rng;
} Board;

static BoardCaller as(const Board *b, int64_t user, bool organiser, int64_t at)
{
    return (BoardCaller){ b->u->event, user, organiser, at };
}

/* A demo that would break the board's rules stops with the reason. */
static int broken(Err *e, const char *what)
{
    char why[sizeof e->msg];
    snprintf(why, sizeof why, "%s", e->msg);
    return err_set(e, E_INTERNAL, "The demo's unconference (%s) breaks the board's rules: %s", what, why);
}

static int rooms_and_slots(Board *b, Err *e, int64_t *slot_ids, int *nslots)
{
    json_t *data = b->d->data->unconf, *x;
    size_t i;
    BoardCaller org = as(b, b->u->organiser, true, b->u->created + DAY);
    Arena a;
    arena_init(&a, 256);
    FieldErrs f = { &a, NULL, 0 };
    int rc = 0;
    int64_t id = 0;
    json_array_foreach(json_object_get(data, "rooms"), i, x)
        if (rc == 0 && board_room_add(b->c, e, &org, text(x, "name"), num(x, "capacity"), &f, &id) < 0) rc = broken(e, "a room");
    int64_t minutes = num(data, "slot_minutes");
    *nslots = 0;
    json_array_foreach(json_object_get(data, "slot_starts"), i, x) {
        int64_t from = b->u->starts + json_integer_value(x) * 60;
        if (rc == 0 && board_slot_add(b->c, e, &org, from, from + minutes * 60, &f, &slot_ids[*nslots]) < 0)
            rc = broken(e, "a slot");
        (*nslots)++;
    }
    arena_release(&a);
    return rc;
}

/* Each session proposed by a ticket holder in the week before the day; one
 * duplicate, merged by the organiser into the session it repeats. */
static int propose_all(Board *b, Err *e, const int64_t *slots, int nslots)
{
    Arena a;
    arena_init(&a, 256);
    int rc = 0;
    size_t i;
    json_t *x;
    json_array_foreach(b->sessions, i, x) {
        if (rc < 0 || (int)i >= MAX_BOARD) break;
        FieldErrs f = { &a, NULL, 0 };
        int who = (int)((i + 3) % (size_t)b->nholders);   /* a different ticket holder for each, while there are enough */
        int64_t away = slots[i % (size_t)nslots];
        /* every seventh proposer cannot make one slot */
        SessionIn in = { text(x, "title"), text(x, "description"), text(x, "kind"), &away, i % 7 == 5 ? 1 : 0, NULL, NULL, 0 };
        int64_t at = b->base + (int64_t)i * 3 * HOUR;
        BoardCaller by = as(b, b->holders[who], false, at);
        b->proposer[i] = who;
        if (session_propose(b->c, e, &by, &in, &f, &b->ids[i]) < 0) rc = broken(e, text(x, "title"));
        b->n = (int)i + 1;
    }
    /* a co-presenter joins the eighth session (whose notes then wait for their consent) */
    if (rc == 0 && b->n > CO_PRESENTED) {
        FieldErrs f = { &a, NULL, 0 };
        json_t *x2 = json_array_get(b->sessions, CO_PRESENTED);
        int other = (b->proposer[CO_PRESENTED] + 1) % b->nholders;
        SessionIn in = { text(x2, "title"), text(x2, "description"), text(x2, "kind"), NULL, 0, b->emails[other], NULL, 0 };
        BoardCaller by = as(b, b->holders[b->proposer[CO_PRESENTED]], false, b->base + 4 * DAY);
        if (session_change(b->c, e, &by, b->ids[CO_PRESENTED], &in, &f) < 0) rc = broken(e, "a co-presenter");
    }
    arena_release(&a);
    if (rc < 0) return -1;
    for (int k = 0; k < b->n; k++) {
        const char *dup = text(json_array_get(b->sessions, (size_t)k), "duplicate_of");
        if (!dup) continue;
        for (int j = 0; j < b->n; j++)
            if (j != k && str_eq(text(json_array_get(b->sessions, (size_t)j), "title"), dup)) {
                BoardCaller org = as(b, b->u->organiser, true, b->base + 5 * DAY);
                if (session_merge(b->c, e, &org, b->ids[k], b->ids[j]) < 0) return broken(e, "a merge");
                b->ids[k] = 0;
                b->d->uc.merged++;
                break;
            }
    }
    return 0;
}

/* A ticket holder's dots: on sessions of one or two themes they care about,
 * the better attended ones more often (the headcount of the past is the
 * appetite of the room); the share of holders who vote at all is `share`. */
static int vote_all(Board *b, Err *e, int share, int64_t until)
{
    static const char *const themes[] = { "customers", "pricing", "fundraising", "team", "product", "founders" };
    for (int h = 0; h < b->nholders; h++) {
        if (rng_int(&b->rng, 1, 100) > share) continue;
        const char *like[2] = { themes[rng_int(&b->rng, 0, N(themes) - 1)], themes[rng_int(&b->rng, 0, N(themes) - 1)] };
        int left = DOTS;
        for (int tries = 0; left > 0 && tries < 40; tries++) {
            int k = rng_int(&b->rng, 0, b->n - 1);
            json_t *x = json_array_get(b->sessions, (size_t)k);
            bool liked = str_eq(text(x, "theme"), like[0]) || str_eq(text(x, "theme"), like[1]);
            int64_t appetite = json_is_integer(json_object_get(x, "headcount")) ? num(x, "headcount") : 15;
            if (!b->ids[k] || (!liked && !rng_one_in(&b->rng, 6)) || rng_int(&b->rng, 0, 40) > appetite) continue;
            int dots = left > 1 && rng_one_in(&b->rng, 3) ? 2 : 1;
            int64_t from = b->base + 5 * DAY + HOUR, at = from + rng_range(&b->rng, 0, until - from);
            BoardCaller by = as(b, b->holders[h], false, at);
            if (session_vote(b->c, e, &by, b->ids[k], dots) < 0) {
                if (e->code != E_CONFLICT) return broken(e, "a vote");
                err_clear(e);   /* the same session twice: its dots were replaced, not added */
                continue;
            }
            left -= dots;
            b->d->uc.votes++;
        }
    }
    return 0;
}

/* The past day: the grid built before the opening, then each session's
 * headcount and, for those the data has notes of, the notes published into
 * the commons by their proposers after the session. */
static int the_day(Board *b, Err *e)
{
    BoardCaller org = as(b, b->u->organiser, true, b->u->starts + 20 * 60);
    GridBuilt g = { 0 };
    if (grid_build(b->c, e, &org, 7, &g) < 0) return broken(e, "the grid");
    b->d->uc.placed += g.placed;
    b->d->uc.quality = g.quality, b->d->uc.random_quality = g.random_quality;
    Arena a;
    arena_init(&a, 256);
    int rc = 0;
    for (int k = 0; k < b->n && rc == 0; k++) {
        json_t *x = json_array_get(b->sessions, (size_t)k);
        if (!b->ids[k] || !json_is_integer(json_object_get(x, "headcount"))) continue;
        FieldErrs f = { &a, NULL, 0 };
        const char *notes = text(x, "notes");
        int64_t after = b->u->ends + HOUR + (int64_t)k * 10 * 60;
        BoardCaller by = as(b, b->holders[b->proposer[k]], false, after);
        if (session_capture(b->c, e, &by, b->ids[k], notes ? notes : "", num(x, "headcount"), &f) < 0) {
            rc = broken(e, text(x, "title"));
            break;
        }
        if (!notes) continue;
        int64_t item = 0;
        by.now = after + DAY;
        if (session_capture_publish(b->c, e, &by, b->ids[k], &item) < 0) rc = broken(e, text(x, "title"));
        b->d->uc.captured++;
    }
    arena_release(&a);
    return rc;
}

int demo_unconf_make(Demo *d, DbConn *c, Err *e, const DemoUnconf *u)
{
    Board b = { .d = d, .c = c, .u = u };
    b.rng.s = DEMO_SEED ^ 0x756e636f6e660001ull ^ (uint64_t)u->event;
    b.base = u->past ? u->starts - 8 * DAY : d->now - 7 * DAY;   /* the board opened a week or so before */
    b.sessions = json_object_get(d->data->unconf, u->past ? "past_sessions" : "upcoming_sessions");
    json_t *rows = demo_ticket_holders(c, e, u->event);
    if (!rows) return -1;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) if (b.nholders < MAX_HOLDERS) {
        b.holders[b.nholders] = num(x, "user_id");
        b.emails[b.nholders++] = arena_strdup(&d->a, text(x, "email"));
    }
    json_decref(rows);
    if (b.nholders < 2) return err_set(e, E_INTERNAL, "The demo's unconference has %d ticket holders.", b.nholders);
    int64_t mark = 0, slots[16];
    int nslots = 0;
    if (demo_outbox_last(c, e, &mark) < 0 || rooms_and_slots(&b, e, slots, &nslots) < 0 ||
        propose_all(&b, e, slots, nslots) < 0 || vote_all(&b, e, u->past ? 90 : 55, u->past ? u->starts - HOUR : d->now - HOUR) < 0)
        return -1;
    if (u->past && the_day(&b, e) < 0) return -1;
    d->uc.boards++;
    if (u->past) d->uc.past_sessions += b.n - d->uc.merged;
    else d->uc.upcoming_sessions += b.n;
    /* the mail the board sent (consents asked, notes published) went out when it was written */
    return demo_outbox_settle(c, e, mark, u->past ? u->ends + 2 * DAY : d->now - HOUR, true);
}

void demo_unconf_summary(const Demo *d)
{
    printf("  unconferences: %d boards; the past one: %d sessions (one duplicate merged), %d in the grid (%.0f %% of the "
           "votes attendable,\n  a random grid %.0f %%), %d captured into the commons (those with a co-presenter wait for "
           "their consent); the upcoming one: %d proposals; %d votes cast\n",
           d->uc.boards, d->uc.past_sessions, d->uc.placed, d->uc.quality * 100, d->uc.random_quality * 100,
           d->uc.captured, d->uc.upcoming_sessions, d->uc.votes);
}
