/* capture.c - every session captured: its presenters, a volunteer scribe or
 * the organisers keep its notes (and how many came), then publish them into
 * the commons as session notes naming the presenters and the scribe as
 * authors — public once they all consent, through the commons' own rules. */
#include "base/str.h"
#include "commons/commons.h"
#include "unconf/internal.h"

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

typedef struct Capture {
    const BoardCaller *by;
    int64_t id;
    const char *notes;
    int64_t headcount, item;
    bool publish;
} Capture;

/* The session and who the caller is to it; 0, or -1 with e. */
static int capture_load(DbConn *c, Err *e, const Capture *k, Board *b, json_t **row)
{
    if (board_load(c, e, k->by, BA_SEE, k->id, b) < 0) return -1;
    int found = unconf_session_row(c, e, k->by->event_id, k->id, row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such session on this board.");
    if (!str_eq(json_string_value(json_object_get(*row, "status")), "proposed"))
        return err_set(e, E_NOT_FOUND, "This session was withdrawn or merged into another.");
    CaptureRel rel = {
        .logged_in = k->by->user_id > 0, .presenter = b->rel.presenter, .organiser = b->rel.organiser, .ticket = b->rel.ticket,
        .scribe = num(*row, "scribe_id") == k->by->user_id && k->by->user_id > 0,
        .has_scribe = num(*row, "scribe_id") > 0, .published = num(*row, "item_id") > 0,
        .event_cancelled = str_eq(json_string_value(json_object_get(b->row, "event_status")), "cancelled"),
    };
    return capture_may(&rel, e);
}

static int publish(DbConn *c, Err *e, Capture *k, json_t *row, json_t *event)
{
    if (str_empty(json_string_value(json_object_get(row, "notes"))))
        return err_set(e, E_CONFLICT, "Write the notes first: what did the session find?");
    Arena a;
    arena_init(&a, 512);
    FieldErrs f = { &a, NULL, 0 };
    ItemIn in = {
        .kind = "notes", .title = json_string_value(json_object_get(row, "title")),
        .summary = arena_printf(&a, "Notes of a session at %s.", json_string_value(json_object_get(event, "title"))),
        .body = json_string_value(json_object_get(row, "notes")), .licence = "", .tags = "unconference",
        .origin = "session", .event_id = k->by->event_id, .session_id = k->id, .by = k->by->user_id, .now = k->by->now,
    };
    json_t *authors = NULL;
    int rc = item_create(c, e, &in, &f, &k->item);
    if (rc == 0) rc = unconf_item_set(c, e, k->id, k->item, k->by->now);
    if (rc == 0 && !(authors = unconf_author_rows(c, e, k->id))) rc = -1;
    size_t i;
    json_t *x;
    json_array_foreach(authors, i, x) {
        if (rc < 0 || num(x, "user_id") == k->by->user_id) continue;
        rc = item_add_person(c, e, k->item, num(x, "user_id"), "author", k->by->user_id, k->by->now);
        if (rc < 0 && e->code == E_CONFLICT) rc = 0, err_clear(e);   /* named twice (a presenter and the scribe) */
    }
    if (rc == 0) rc = item_publish(c, e, k->item, k->by->user_id, k->by->now);
    json_decref(authors);
    arena_release(&a);
    return rc;
}

static int capture_tx(DbConn *c, void *ctx, Err *e)
{
    Capture *k = ctx;
    Board b;
    json_t *row = NULL;
    int rc = capture_load(c, e, k, &b, &row);
    if (rc == 0)
        rc = k->publish ? publish(c, e, k, row, b.row)
                        : unconf_capture_set(c, e, k->id, k->notes, k->headcount,
                                             b.rel.presenter || b.rel.organiser ? 0 : k->by->user_id, k->by->now);
    json_decref(row);
    board_free(&b);
    return rc;
}

int session_capture(DbConn *c, Err *e, const BoardCaller *by, int64_t id, const char *notes, int64_t headcount,
                    FieldErrs *f)
{
    if (notes && str_utf8_len(notes) > CAPTURE_NOTES_MAX)
        field_err(f, "notes", "The notes can be at most %d characters long.", CAPTURE_NOTES_MAX);
    if (headcount > 100000) field_err(f, "headcount", "How many people came: a number, or nothing.");
    if (fields_check(f, e) < 0) return -1;
    Capture k = { by, id, notes ? notes : "", headcount, 0, false };
    return db_write(c, capture_tx, &k, e);
}

int session_capture_publish(DbConn *c, Err *e, const BoardCaller *by, int64_t id, int64_t *item)
{
    Capture k = { by, id, NULL, -1, 0, true };
    if (db_write(c, capture_tx, &k, e) < 0) return -1;
    *item = k.item;
    return 0;
}

/* What the session's page shows around the capture: its presenters, where
 * and when it is, and for its presenters and the organisers the forms' choices
 * (the slots it cannot make; the cells and the sessions it may merge into). */
static int session_context(DbConn *c, Err *e, const Capture *k, const Board *b, json_t *row, json_t *out)
{
    json_t *names = unconf_presenter_names(c, e, k->id), *rooms = unconf_room_rows(c, e, k->by->event_id),
           *slots = unconf_slot_rows(c, e, k->by->event_id), *away = unconf_unavailable_rows(c, e, k->by->event_id),
           *others = unconf_session_rows(c, e, k->by->event_id, 0);
    int rc = names && rooms && slots && away && others ? 0 : -1;
    size_t i, j;
    json_t *x, *y;
    if (rc == 0) {
        json_array_foreach(slots, i, x) {
            json_object_set_new(x, "is_selected", json_boolean(num(x, "id") == num(row, "slot_id")));
            bool unavailable = false;
            json_array_foreach(away, j, y) if (num(y, "session_id") == k->id && num(y, "slot_id") == num(x, "id"))
                unavailable = true;
            json_object_set_new(x, "is_unavailable", json_boolean(unavailable));
            if (num(x, "id") == num(row, "slot_id")) json_object_set(out, "slot", x);
        }
        json_array_foreach(rooms, i, x) {
            json_object_set_new(x, "is_selected", json_boolean(num(x, "id") == num(row, "room_id")));
            if (num(x, "id") == num(row, "room_id")) json_object_set(out, "room", x);
        }
        json_t *into = json_array();
        json_array_foreach(others, i, x) if (num(x, "id") != k->id)
            json_array_append_new(into, json_pack("{s:O, s:O}", "id", json_object_get(x, "id"), "title", json_object_get(x, "title")));
        json_array_foreach(names, i, x)   /* the proposer stays; the others may be taken off */
            json_object_set_new(x, "is_proposer", json_boolean(num(x, "id") == num(row, "proposer_id")));
        json_object_set_new(out, "presenters", json_incref(names));
        json_object_set_new(out, "rooms", json_incref(rooms));
        json_object_set_new(out, "slots", json_incref(slots));
        json_object_set_new(out, "merge_choices", b->rel.organiser ? into : json_array());
        if (!b->rel.organiser) json_decref(into);
        json_object_set_new(out, "voting_open", json_boolean(b->voting_open));
        json_object_set_new(out, "is_presenter", json_boolean(b->rel.presenter));
        json_object_set_new(out, "is_organiser", json_boolean(b->rel.organiser));
    }
    json_decref(names), json_decref(rooms), json_decref(slots), json_decref(away), json_decref(others);
    return rc;
}

json_t *session_view(DbConn *c, Err *e, const BoardCaller *by, int64_t id)
{
    Capture k = { by, id, NULL, -1, 0, false };
    Board b;
    json_t *row = NULL, *out = NULL;
    Err why = { 0 };
    int rc = capture_load(c, &why, &k, &b, &row);
    if (rc < 0 && (why.code == E_NOT_FOUND || why.code == E_INTERNAL || !row)) {
        *e = why;
        goto done;
    }
    out = json_pack("{s:O, s:b, s:s}", "session", row, "can_capture", rc == 0, "capture_refusal", rc == 0 ? "" : why.msg);
    if (session_context(c, e, &k, &b, row, out) < 0) {
        json_decref(out);
        out = NULL;
    }
done:
    json_decref(row);
    board_free(&b);
    return out;
}
