/* committees.c - steering committees and the board: made where the density
 * calls for them (or by an administrator to bootstrap), their seats, terms and
 * chair, and who sits on them. Elections (elections.c) seat their winners
 * through committee_seat; matters and polls ask committee_seated. */
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "governance/store.h"

typedef struct Ensure {
    int64_t place_id;
    int64_t *id;
} Ensure;

static int ensure_tx(DbConn *c, void *ctx, Err *e)
{
    Ensure *x = ctx;
    json_t *row = NULL;
    int found = committee_row_by_place(c, e, x->place_id, &row);
    if (found < 0) return -1;
    if (found) {
        *x->id = json_integer_value(json_object_get(row, "id"));
        json_decref(row);
        return 0;
    }
    const char *level = "board";
    json_t *place = NULL;
    if (x->place_id) {
        found = place_kind_of(c, e, x->place_id, &place);
        if (found < 0) return -1;
        if (!found) return err_set(e, E_NOT_FOUND, "There is no such place.");
        level = json_string_value(json_object_get(place, "kind"));
    }
    int rc = committee_insert(c, e, x->place_id, level, now_unix(), x->id);
    json_decref(place);
    if (rc < 0) return -1;
    if (rc == 0) {   /* made by someone else meanwhile */
        if (committee_row_by_place(c, e, x->place_id, &row) <= 0) return -1;
        *x->id = json_integer_value(json_object_get(row, "id"));
        json_decref(row);
    }
    return 0;
}

int committee_ensure(DbConn *c, Err *e, int64_t place_id, int64_t *id)
{
    Ensure x = { place_id, id };
    return db_write(c, ensure_tx, &x, e);
}

int committee_find(DbConn *c, Err *e, const char *key, json_t **out)
{
    *out = NULL;
    int64_t place_id = 0, id = 0;
    if (!str_eq(key, "board")) {
        json_t *place = NULL;
        int found = place_by_key(c, e, key, &place);
        if (found <= 0) return found;
        place_id = json_integer_value(json_object_get(place, "id"));
        json_decref(place);
    }
    int found = committee_row_by_place(c, e, place_id, out);
    if (found) return found;
    if (committee_ensure(c, e, place_id, &id) < 0) return -1;
    return committee_row(c, e, id, out);
}

int committee_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return committee_row(c, e, id, out);
}

int committee_seated(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t now)
{
    if (!user_id) return 0;
    return committee_member_active(c, e, committee_id, user_id, now);
}

json_t *committee_members(DbConn *c, Err *e, int64_t committee_id, int64_t now)
{
    return committee_member_rows(c, e, committee_id, now);
}

json_t *committees_of(DbConn *c, Err *e, int64_t user_id, int64_t now)
{
    return committees_of_user(c, e, user_id, now);
}

static int seat_tx(DbConn *c, void *ctx, Err *e)
{
    const SeatIn *in = ctx;
    int seated = committee_member_active(c, e, in->committee_id, in->user_id, in->since);
    if (seated < 0) return -1;
    if (seated) return err_set(e, E_CONFLICT, "They already sit on this committee.");
    if (in->term_ends_at <= in->since) return err_set(e, E_INVALID, "A term has to end after it starts.");
    return committee_member_insert(c, e, in) < 0 ? -1 : 0;   /* db_write commits on 0 only */
}

int committee_seat(DbConn *c, Err *e, const SeatIn *in)
{
    return db_write(c, seat_tx, (void *)in, e);
}

typedef struct Unseat {
    int64_t committee_id, user_id, at;
} Unseat;

static int unseat_tx(DbConn *c, void *ctx, Err *e)
{
    Unseat *u = ctx;
    int seated = committee_member_active(c, e, u->committee_id, u->user_id, u->at);
    if (seated < 0) return -1;
    if (!seated) return err_set(e, E_NOT_FOUND, "They do not sit on this committee.");
    json_t *row = NULL;
    if (committee_row(c, e, u->committee_id, &row) <= 0) return -1;
    bool chair = json_integer_value(json_object_get(row, "chair_id")) == u->user_id;
    int rc = 0;
    if (chair)
        rc = committee_update_row(c, e, u->committee_id, json_integer_value(json_object_get(row, "seats")),
                                  json_integer_value(json_object_get(row, "term_months")), 0);
    json_decref(row);
    return rc < 0 || committee_member_end(c, e, u->committee_id, u->user_id, u->at) < 0 ? -1 : 0;
}

int committee_unseat(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t at)
{
    Unseat u = { committee_id, user_id, at };
    return db_write(c, unseat_tx, &u, e);
}

typedef struct Configure {
    int64_t committee_id, seats, term_months, chair_id;
} Configure;

static int configure_tx(DbConn *c, void *ctx, Err *e)
{
    Configure *x = ctx;
    if (x->seats < 1 || x->seats > 99) return err_field(e, E_INVALID, "seats", "A committee has from 1 to 99 seats.");
    if (x->term_months < 1 || x->term_months > 120)
        return err_field(e, E_INVALID, "term_months", "A term lasts from 1 to 120 months.");
    if (x->chair_id) {
        int seated = committee_member_active(c, e, x->committee_id, x->chair_id, now_unix());
        if (seated < 0) return -1;
        if (!seated) return err_field(e, E_INVALID, "chair_id", "The chair has to be one of the committee's members.");
    }
    return committee_update_row(c, e, x->committee_id, x->seats, x->term_months, x->chair_id) < 0 ? -1 : 0;
}

int committee_configure(DbConn *c, Err *e, int64_t committee_id, int64_t seats, int64_t term_months, int64_t chair_id)
{
    Configure x = { committee_id, seats, term_months, chair_id };
    return db_write(c, configure_tx, &x, e);
}

/* ---------- appointing (area B: the administrators' bootstrap) ---------- */

/* t plus a number of calendar months (UTC), the day kept where it exists. */
static int64_t add_months(int64_t t, int64_t months)
{
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    int64_t m = tm.tm_mon + months;
    tm.tm_year += (int)(m / 12);
    tm.tm_mon = (int)(m % 12);
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (tm.tm_mday > days[tm.tm_mon]) tm.tm_mday = days[tm.tm_mon];
    return (int64_t)timegm(&tm);
}

static int appoint_tx(DbConn *c, void *ctx, Err *e)
{
    CommitteeAppoint *a = ctx;
    json_t *g = NULL, *who = NULL, *members = NULL;
    int rc = -1;
    if (committee_row(c, e, a->committee_id, &g) <= 0) {
        if (!e->code) err_set(e, E_NOT_FOUND, "There is no such committee.");
        goto done;
    }
    int found = !str_empty(a->email) ? user_by_email(c, e, a->email, &who) : a->user_id ? user_brief(c, e, a->user_id, &who) : 0;
    if (found < 0) goto done;
    if (!found) {
        if (!str_empty(a->email)) err_field(e, E_INVALID, "email", "There is no member with the e-mail address %s.", a->email);
        else if (a->user_id) err_field(e, E_INVALID, "user_id", "There is no member with that number.");
        else err_field(e, E_INVALID, "user_id", "Choose who takes the seat (or give their e-mail address).");
        goto done;
    }
    if (!(members = committee_member_rows(c, e, a->committee_id, a->now))) goto done;
    int64_t seats = json_integer_value(json_object_get(g, "seats"));
    if ((int64_t)json_array_size(members) >= seats) {
        err_set(e, E_CONFLICT, "All %lld seats of the %s are taken: end a seat, or add seats, first.", (long long)seats,
                json_string_value(json_object_get(g, "name")));
        goto done;
    }
    a->user_id = json_integer_value(json_object_get(who, "id"));
    snprintf(a->name, sizeof a->name, "%s", json_string_value(json_object_get(who, "name")));
    if (!a->term_ends_at) a->term_ends_at = add_months(a->now, json_integer_value(json_object_get(g, "term_months")));
    SeatIn in = { a->committee_id, a->user_id, "appointed", 0, a->now, a->term_ends_at };
    rc = committee_seat(c, e, &in);
done:
    json_decref(g);
    json_decref(who);
    json_decref(members);
    return rc;
}

int committee_appoint(DbConn *c, Err *e, CommitteeAppoint *a)
{
    if (a->term_ends_at && a->term_ends_at <= a->now)
        return err_field(e, E_INVALID, "term_ends_at", "The term has to end in the future.");
    return db_write(c, appoint_tx, a, e);
}
