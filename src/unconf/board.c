/* board.c - an unconference's board: what the organiser sets (the dots, the
 * close of voting, the rooms, the slots), and the board as it is shown. Each
 * operation checks who calls through board_load (rules.c: board_may). */
#include "base/str.h"
#include "unconf/internal.h"

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

int board_load(DbConn *c, Err *e, const BoardCaller *by, BoardAct act, int64_t session_id, Board *b)
{
    *b = (Board){ 0 };
    int found = unconf_board_row(c, e, by->event_id, &b->row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such event.");
    if (!json_is_true(json_object_get(b->row, "has_board")))
        return err_set(e, E_NOT_FOUND, "This event has no session board: its format is not an unconference.");
    b->closes_at = board_closes_at(num(b->row, "voting_closes_at"), num(b->row, "starts_at"));
    b->voting_open = by->now < b->closes_at;
    b->event_open = str_eq(json_string_value(json_object_get(b->row, "event_status")), "open");
    b->dots = num(b->row, "dots");
    b->rel.logged_in = by->user_id > 0;
    b->rel.organiser = by->organiser;
    int held = by->user_id > 0 ? unconf_ticket_holder(c, e, by->event_id, by->user_id) : 0;
    if (held < 0) return -1;
    b->rel.ticket = held > 0;
    if (session_id > 0) {
        int mine = unconf_presenter_of(c, e, session_id, by->user_id);
        if (mine < 0) return -1;
        b->rel.presenter = mine > 0;
    }
    return board_may(act, &b->rel, b->voting_open, b->event_open, e);
}

void board_free(Board *b) { json_decref(b->row); }

typedef struct Settings {
    const BoardCaller *by;
    int64_t dots, closes_at;
} Settings;

static int settings_tx(DbConn *c, void *ctx, Err *e)
{
    Settings *s = ctx;
    Board b;
    int rc = board_load(c, e, s->by, BA_ORGANISE, 0, &b);
    if (rc == 0 && s->closes_at && s->closes_at > num(b.row, "ends_at"))
        rc = err_field(e, E_INVALID, "voting_closes_at", "Voting must close before the event ends.");
    if (rc == 0) rc = unconf_board_save(c, e, s->by->event_id, s->dots, s->closes_at, s->by->now);
    board_free(&b);
    return rc;
}

int board_settings_save(DbConn *c, Err *e, const BoardCaller *by, int64_t dots, int64_t closes_at, FieldErrs *f)
{
    if (dots < 1 || dots > BOARD_DOTS_MAX) field_err(f, "dots", "Give each attendee from 1 to %d dots.", BOARD_DOTS_MAX);
    if (closes_at < 0) field_err(f, "voting_closes_at", "Give the close of voting as a date and time.");
    if (fields_check(f, e) < 0) return -1;
    Settings s = { by, dots, closes_at };
    return db_write(c, settings_tx, &s, e);
}

typedef struct Place {
    const BoardCaller *by;
    const char *name;
    int64_t a, b, *id;
    bool room, add;
} Place;

static int place_tx(DbConn *c, void *ctx, Err *e)
{
    Place *p = ctx;
    Board b;
    int rc = board_load(c, e, p->by, BA_ORGANISE, 0, &b);
    json_t *have = NULL;
    if (rc == 0 && p->add) {
        have = p->room ? unconf_room_rows(c, e, p->by->event_id) : unconf_slot_rows(c, e, p->by->event_id);
        if (!have) rc = -1;
        else if (json_array_size(have) >= (size_t)(p->room ? BOARD_ROOMS_MAX : BOARD_SLOTS_MAX))
            rc = err_set(e, E_CONFLICT, "A board has at most %d %s.", p->room ? BOARD_ROOMS_MAX : BOARD_SLOTS_MAX,
                         p->room ? "rooms" : "slots");
        else if (!p->room && (p->a < num(b.row, "starts_at") || p->b > num(b.row, "ends_at")))
            rc = err_field(e, E_INVALID, "starts_at", "A slot lies within the event's own time.");
        size_t i;
        json_t *x;
        json_array_foreach(have, i, x) {
            if (rc == 0 && p->room && str_eq(json_string_value(json_object_get(x, "name")), p->name))
                rc = err_field(e, E_CONFLICT, "name", "The board has a room called %s already.", p->name);
            if (rc == 0 && !p->room && num(x, "starts_at") == p->a)
                rc = err_field(e, E_CONFLICT, "starts_at", "A slot starts at that time already.");
        }
    }
    if (rc == 0)
        rc = p->add ? (p->room ? unconf_room_insert(c, e, p->by->event_id, p->name, p->a, p->id)
                               : unconf_slot_insert(c, e, p->by->event_id, p->a, p->b, p->id))
                    : (p->room ? unconf_room_delete(c, e, p->by->event_id, p->a)
                               : unconf_slot_delete(c, e, p->by->event_id, p->a));
    json_decref(have);
    board_free(&b);
    return rc;
}

int board_room_add(DbConn *c, Err *e, const BoardCaller *by, const char *name, int64_t capacity, FieldErrs *f,
                   int64_t *id)
{
    if (str_empty(name) || str_utf8_len(name) > 60) field_err(f, "name", "Name the room (at most 60 characters).");
    else if (!str_single_line(name)) field_err(f, "name", "Please keep the name on one line (without line breaks).");
    if (capacity < 1 || capacity > 10000) field_err(f, "capacity", "How many people fit in it (1 to 10,000)?");
    if (fields_check(f, e) < 0) return -1;
    Place p = { by, name, capacity, 0, id, true, true };
    int rc = db_write(c, place_tx, &p, e);
    if (rc < 0 && e->code == E_CONFLICT && !*e->field) err_field(e, E_CONFLICT, "name", "%s", e->msg);
    return rc;
}

int board_room_remove(DbConn *c, Err *e, const BoardCaller *by, int64_t id)
{
    Place p = { by, NULL, id, 0, NULL, true, false };
    return db_write(c, place_tx, &p, e);
}

int board_slot_add(DbConn *c, Err *e, const BoardCaller *by, int64_t starts_at, int64_t ends_at, FieldErrs *f,
                   int64_t *id)
{
    if (starts_at <= 0) field_err(f, "starts_at", "Give the slot's start.");
    if (ends_at <= starts_at) field_err(f, "ends_at", "A slot ends after it starts.");
    if (fields_check(f, e) < 0) return -1;
    Place p = { by, NULL, starts_at, ends_at, id, false, true };
    return db_write(c, place_tx, &p, e);
}

int board_slot_remove(DbConn *c, Err *e, const BoardCaller *by, int64_t id)
{
    Place p = { by, NULL, id, 0, NULL, false, false };
    return db_write(c, place_tx, &p, e);
}

json_t *board_view(DbConn *c, Err *e, const BoardCaller *by)
{
    Board b;
    json_t *out = NULL, *rooms = NULL, *slots = NULL, *sessions = NULL;
    int64_t used = 0;
    if (board_load(c, e, by, BA_SEE, 0, &b) < 0) goto done;
    if (!(rooms = unconf_room_rows(c, e, by->event_id)) || !(slots = unconf_slot_rows(c, e, by->event_id)) ||
        !(sessions = unconf_session_rows(c, e, by->event_id, by->user_id)) ||
        (by->user_id && unconf_dots_used(c, e, by->event_id, by->user_id, 0, &used) < 0))
        goto done;
    /* the capture rate: of the sessions in the grid, those with notes */
    json_int_t placed = 0, captured = 0;
    size_t i;
    json_t *s;
    json_array_foreach(sessions, i, s) if (num(s, "slot_id") > 0) {
        placed++;
        if (json_is_true(json_object_get(s, "is_captured"))) captured++;
    }
    json_object_set_new(b.row, "placed", json_integer(placed));
    json_object_set_new(b.row, "captured", json_integer(captured));
    out = json_pack("{s:O, s:O, s:O, s:O, s:{s:I, s:I, s:I, s:b, s:b}, s:b, s:I}", "board", b.row, "rooms", rooms,
                    "slots", slots, "sessions", sessions, "my", "dots", (json_int_t)b.dots, "used", (json_int_t)used,
                    "left", (json_int_t)(b.dots - used > 0 ? b.dots - used : 0), "ticket", b.rel.ticket, "organiser",
                    b.rel.organiser, "voting_open", b.voting_open, "closes_at", (json_int_t)b.closes_at);
done:
    json_decref(rooms);
    json_decref(slots);
    json_decref(sessions);
    board_free(&b);
    return out;
}
