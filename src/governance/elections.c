/* elections.c - elections of committees and the board, up to the opening of
 * the vote: creating one, nominations (by oneself or by others, accepted or
 * declined by the nominee with a statement), and opening, which freezes the
 * electorate and numbers the candidates on the ballot. Casting a ballot is
 * in ballots.c; closing, counting and the periodic work in elections_close.c.
 *
 * Who may stand: for a place's committee, the members of the chapters in that
 * place (and the places below it); for the board, the members of the other
 * committees. Who may vote, frozen when voting opens: for a place's
 * committee, the connectors of those chapters (or all their members, when
 * the setting gov_committee_electorate is "members"); for the board, the
 * members of all the other committees. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "governance/store.h"
#include "mail/mail.h"
#include "settings/settings.h"

#define TITLE_MAX 120
#define STATEMENT_MAX 4000
#define YEAR (366 * 86400LL)

const char *election_status_text(const char *status)
{
    if (str_eq(status, "nominating")) return _("Nominations open");
    if (str_eq(status, "voting")) return _("Voting open");
    if (str_eq(status, "closed")) return _("Closed: results published");
    if (str_eq(status, "cancelled")) return _("Cancelled");
    return status ? status : "";
}

/* The fields of an election, checked; seats filled from the committee when 0. */
static int fields_check_in(DbConn *c, Err *e, const ElectionIn *in, FieldErrs *problems, int64_t *seats, bool creating)
{
    json_t *g = NULL;
    int found = committee_get(c, e, in->committee_id, &g);
    if (found < 0) return -1;
    if (!found) field_err(problems, "committee", "Choose the committee (or the board) whose seats are elected.");
    *seats = in->seats ? in->seats : (g ? json_integer_value(json_object_get(g, "seats")) : 0);
    json_decref(g);
    if (str_empty(in->title)) field_err(problems, "title", "Give the election a title, e.g. \"Board 2027\".");
    else if (str_utf8_len(in->title) > TITLE_MAX) field_err(problems, "title", "Please keep the title under %d characters.", TITLE_MAX);
    else if (!str_single_line(in->title)) field_err(problems, "title", "Please keep the title on one line (without line breaks).");
    if (!str_eq(in->method, "stv") && !str_eq(in->method, "approval"))
        field_err(problems, "method", "Choose how it is counted: ranked ballots (STV) or approval.");
    if (*seats < 1 || *seats > 99) field_err(problems, "seats", "An election fills from 1 to 99 seats.");
    if (in->nominations_close_at <= 0) field_err(problems, "nominations_close_at", "Say when nominations close.");
    else if (creating && in->nominations_close_at <= in->now)
        field_err(problems, "nominations_close_at", "Nominations have to close in the future.");
    else if (in->nominations_close_at > in->now + YEAR)
        field_err(problems, "nominations_close_at", "Nominations close within a year.");
    if (in->closes_at <= 0) field_err(problems, "closes_at", "Say when voting closes.");
    else if (in->closes_at <= in->nominations_close_at)
        field_err(problems, "closes_at", "Voting closes after nominations close (voting opens when they close).");
    else if (in->closes_at > in->nominations_close_at + YEAR) field_err(problems, "closes_at", "Voting lasts at most a year.");
    return fields_check(problems, e);
}

typedef struct Create {
    const ElectionIn *in;
    FieldErrs *problems;
    int64_t *id;
} Create;

static int create_tx(DbConn *c, void *ctx, Err *e)
{
    Create *x = ctx;
    int64_t seats = 0;
    if (fields_check_in(c, e, x->in, x->problems, &seats, true) < 0) return -1;
    return election_insert(c, e, x->in, seats, x->id) < 0 ? -1 : 0;
}

int election_create(DbConn *c, Err *e, const ElectionIn *in, FieldErrs *problems, int64_t *id)
{
    Create x = { in, problems, id };
    return db_write(c, create_tx, &x, e);
}

typedef struct Change {
    int64_t id;
    const ElectionIn *in;
    FieldErrs *problems;
} Change;

static int change_tx(DbConn *c, void *ctx, Err *e)
{
    Change *x = ctx;
    json_t *el = NULL;
    int found = election_row(c, e, x->id, &el);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such election.");
    ElectionIn in = *x->in;
    in.committee_id = json_integer_value(json_object_get(el, "committee_id"));
    bool nominating = str_eq(json_string_value(json_object_get(el, "status")), "nominating");
    json_decref(el);
    if (!nominating) return err_set(e, E_CONFLICT, "Only an election in nominations can be changed: voting has opened or it is over.");
    int64_t seats = 0;
    if (fields_check_in(c, e, &in, x->problems, &seats, false) < 0) return -1;
    return election_update_fields(c, e, x->id, &in, seats) < 0 ? -1 : 0;
}

int election_change(DbConn *c, Err *e, int64_t id, const ElectionIn *in, FieldErrs *problems)
{
    Change x = { id, in, problems };
    return db_write(c, change_tx, &x, e);
}

typedef struct Cancel {
    int64_t id, now;
} Cancel;

static int cancel_tx(DbConn *c, void *ctx, Err *e)
{
    Cancel *x = ctx;
    json_t *el = NULL;
    int found = election_row(c, e, x->id, &el);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such election.");
    const char *status = json_string_value(json_object_get(el, "status"));
    char from[16];
    snprintf(from, sizeof from, "%s", status ? status : "");
    json_decref(el);
    if (str_eq(from, "closed")) return err_set(e, E_CONFLICT, "This election is closed: its result stands.");
    if (str_eq(from, "cancelled")) return err_set(e, E_CONFLICT, "This election is already cancelled.");
    return election_set_status(c, e, x->id, from, "cancelled", x->now) < 0 ? -1 : 0;
}

int election_cancel(DbConn *c, Err *e, int64_t id, int64_t now)
{
    Cancel x = { id, now };
    return db_write(c, cancel_tx, &x, e);
}

/* ---------- nominations ---------- */

/* Whether user may stand in the election el: 1, 0, -1. */
static int may_stand(DbConn *c, Err *e, const json_t *el, int64_t user, int64_t now)
{
    if (!user) return 0;
    return may_stand_row(c, e, json_integer_value(json_object_get(el, "place_id")), user, now);
}

static const char *who_may_stand(const json_t *el)
{
    return json_integer_value(json_object_get(el, "place_id")) ? "members of the chapters there" : "members of the steering committees";
}

const char *election_when(Arena *a, const json_t *el, const char *key)
{
    const char *tz = json_string_value(json_object_get(el, "timezone"));
    return arena_printf(a, "%s (%s)", time_local_text(a, json_integer_value(json_object_get(el, key)), tz), tz ? tz : "UTC");
}

/* The election, in nominations, for an operation on it: 0, or -1 (404, 409). */
static int nominating(DbConn *c, Err *e, int64_t id, int64_t now, bool until_close, json_t **el)
{
    int found = election_row(c, e, id, el);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such election.");
    const char *status = json_string_value(json_object_get(*el, "status"));
    if (!str_eq(status, "nominating"))
        return err_set(e, E_CONFLICT, "Nominations are over: %s.", str_eq(status, "voting") ? "voting has opened" : "the election is over");
    if (until_close && now >= json_integer_value(json_object_get(*el, "nominations_close_at"))) {
        Arena a;
        arena_init(&a, 256);
        err_set(e, E_CONFLICT, "Nominations closed on %s.", election_when(&a, *el, "nominations_close_at"));
        arena_release(&a);
        return -1;
    }
    return 0;
}

static int statement_check(const char *statement, Err *e)
{
    if (statement && strlen(statement) > STATEMENT_MAX)
        return err_field(e, E_INVALID, "statement", "Please keep the statement under %d characters.", STATEMENT_MAX);
    return 0;
}

static int nominate_mail(DbConn *c, Err *e, const json_t *el, int64_t nominee, int64_t by)
{
    json_t *who = NULL, *from = NULL;
    int rc = user_address(c, e, nominee, &who) > 0 && user_address(c, e, by, &from) > 0 ? 0 : -1;
    if (rc == 0) {
        json_t *data = json_pack("{s:s, s:s, s:s, s:O, s:I}", "name", json_string_value(json_object_get(who, "name")), "by",
                                 json_string_value(json_object_get(from, "name")), "election",
                                 json_string_value(json_object_get(el, "title")), "nominations_close_at",
                                 json_object_get(el, "nominations_close_at"), "id", json_integer_value(json_object_get(el, "id")));
        gov_mail_name(data, "committee", json_string_value(json_object_get(el, "committee_name")), true);
        rc = mail_queue(c, e, json_string_value(json_object_get(who, "email")), "gov_election_nominated", data);
        json_decref(data);
    } else if (e->code == 0) {
        err_set(e, E_NOT_FOUND, "There is no such person.");
    }
    json_decref(who);
    json_decref(from);
    return rc;
}

typedef struct Nominate {
    const NominationIn *in;
    bool by_admin;
} Nominate;

static int nominate_tx(DbConn *c, void *ctx, Err *e)
{
    Nominate *x = ctx;
    const NominationIn *in = x->in;
    json_t *el = NULL, *cand = NULL;
    int rc = -1;
    if (nominating(c, e, in->election_id, in->now, true, &el) < 0) goto done;
    if (statement_check(in->statement, e) < 0) goto done;
    bool self = in->by == in->user_id;
    int ok = x->by_admin ? 1 : may_stand(c, e, el, in->by, in->now);
    if (ok < 0) goto done;
    if (!ok) {
        err_set(e, E_FORBIDDEN, "Only %s (and administrators) can nominate in this election.", who_may_stand(el));
        goto done;
    }
    ok = may_stand(c, e, el, in->user_id, in->now);
    if (ok < 0) goto done;
    if (!ok) {
        err_field(e, E_INVALID, "user_id", "%s: only %s can stand.", self ? "You cannot stand in this election" : "They cannot stand",
                  who_may_stand(el));
        goto done;
    }
    int found = candidate_row(c, e, in->election_id, in->user_id, &cand);
    if (found < 0) goto done;
    if (found) {
        err_set(e, E_CONFLICT, "%s already nominated in this election.", self ? "You are" : "They are");
        goto done;
    }
    json_t *all = candidate_rows(c, e, in->election_id);
    if (!all) goto done;
    size_t have = json_array_size(all);
    json_decref(all);
    if (have >= ELECTION_MAX_CANDIDATES) {
        err_set(e, E_CONFLICT, "An election has at most %d nominations.", ELECTION_MAX_CANDIDATES);
        goto done;
    }
    if (candidate_insert(c, e, in, self ? "accepted" : "nominated") < 0) goto done;
    rc = self ? 0 : nominate_mail(c, e, el, in->user_id, in->by);
done:
    json_decref(el);
    json_decref(cand);
    return rc < 0 ? -1 : 0;
}

int election_nominate(DbConn *c, Err *e, const NominationIn *in, bool by_admin)
{
    Nominate x = { in, by_admin };
    return db_write(c, nominate_tx, &x, e);
}

typedef struct Answer {
    int64_t election_id, user_id;
    bool accept;
    const char *statement;
    int64_t now;
} Answer;

static int answer_tx(DbConn *c, void *ctx, Err *e)
{
    Answer *x = ctx;
    json_t *el = NULL, *cand = NULL;
    int rc = -1;
    if (nominating(c, e, x->election_id, x->now, false, &el) < 0) goto done;
    if (statement_check(x->statement, e) < 0) goto done;
    int found = candidate_row(c, e, x->election_id, x->user_id, &cand);
    if (found < 0) goto done;
    if (!found) {
        err_set(e, E_NOT_FOUND, "You were not nominated in this election: stand yourself with the nominations form.");
        goto done;
    }
    rc = candidate_update(c, e, x->election_id, x->user_id, x->accept ? "accepted" : "declined", x->accept ? x->statement : NULL);
done:
    json_decref(el);
    json_decref(cand);
    return rc < 0 ? -1 : 0;
}

int election_answer(DbConn *c, Err *e, int64_t election_id, int64_t user_id, bool accept, const char *statement, int64_t now)
{
    Answer x = { election_id, user_id, accept, statement, now };
    return db_write(c, answer_tx, &x, e);
}

/* ---------- opening ---------- */

static int ballot_order(const void *a, const void *b)
{
    /* alphabetical by name (ASCII letters without regard to case, then byte
     * order), then by account: the same order on every database */
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *nx = json_string_value(json_object_get(x, "name")), *ny = json_string_value(json_object_get(y, "name"));
    int d = strcasecmp(nx ? nx : "", ny ? ny : "");
    if (!d) d = strcmp(nx ? nx : "", ny ? ny : "");
    if (!d) {
        json_int_t ix = json_integer_value(json_object_get(x, "user_id")), iy = json_integer_value(json_object_get(y, "user_id"));
        d = ix < iy ? -1 : ix > iy;
    }
    return d;
}

/* Numbers the accepted candidates 1..n on the ballot; *n how many. */
static int number_candidates(DbConn *c, Err *e, int64_t id, int64_t *n)
{
    json_t *cands = candidate_rows(c, e, id);
    if (!cands) return -1;
    size_t total = json_array_size(cands), k = 0;
    json_t **acc = malloc((total ? total : 1) * sizeof *acc);
    for (size_t i = 0; i < total; i++)
        if (str_eq(json_string_value(json_object_get(json_array_get(cands, i), "status")), "accepted"))
            acc[k++] = json_array_get(cands, i);
    qsort(acc, k, sizeof *acc, ballot_order);
    int rc = 0;
    for (size_t i = 0; i < k && rc == 0; i++)
        rc = candidate_set_position(c, e, id, json_integer_value(json_object_get(acc[i], "user_id")), (int64_t)i + 1) < 0 ? -1 : 0;
    *n = (int64_t)k;
    free(acc);
    json_decref(cands);
    return rc;
}

static int opened_mail(DbConn *c, Err *e, const json_t *el)
{
    json_t *voters = electorate_addresses(c, e, json_integer_value(json_object_get(el, "id")), false);
    json_t *cands = voters ? candidate_rows(c, e, json_integer_value(json_object_get(el, "id"))) : NULL;
    if (!cands) {
        json_decref(voters);
        return -1;
    }
    json_t *names = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(cands, i, x)
        if (json_integer_value(json_object_get(x, "position")))
            json_array_append_new(names, json_pack("{s:O}", "name", json_object_get(x, "name")));
    json_int_t seats = json_integer_value(json_object_get(el, "seats"));
    json_t *data = json_pack("{s:s, s:O, s:I, s:I, s:b, s:o, s:b}", "election", json_string_value(json_object_get(el, "title")),
                             "closes_at", json_object_get(el, "closes_at"), "id", json_integer_value(json_object_get(el, "id")),
                             "seats", seats, "one_seat", seats == 1, "candidates", names, "stv",
                             str_eq(json_string_value(json_object_get(el, "method")), "stv"));
    gov_mail_name(data, "committee", json_string_value(json_object_get(el, "committee_name")), true);
    int rc = 0;
    json_array_foreach(voters, i, x) {
        json_object_set(data, "name", json_object_get(x, "name"));
        if ((rc = mail_queue(c, e, json_string_value(json_object_get(x, "email")), "gov_election_opened", data)) < 0) break;
    }
    json_decref(data);
    json_decref(voters);
    json_decref(cands);
    return rc;
}

typedef struct Open {
    int64_t id, now;
} Open;

static int open_tx(DbConn *c, void *ctx, Err *e)
{
    Open *x = ctx;
    json_t *el = NULL;
    int rc = -1;
    if (nominating(c, e, x->id, x->now, false, &el) < 0) goto done;
    int64_t n = 0, seats = json_integer_value(json_object_get(el, "seats")), voters = 0;
    if (number_candidates(c, e, x->id, &n) < 0) goto done;
    if (n < seats || n < 1) {
        /* the count of candidates is a sentence of its own: its plural follows n, the first one's follows seats */
        char has[160];
        snprintf(has, sizeof has, trn("There is %lld.", "There are %lld.", (long long)n), (long long)n);
        err_set(e, E_CONFLICT,
                trn("Voting needs at least %lld accepted candidate for %lld seat. %s", "Voting needs at least %lld accepted candidates for %lld seats. %s",
                    (long long)seats),
                (long long)(seats < 1 ? 1 : seats), (long long)seats, has);
        goto done;
    }
    Arena a;
    arena_init(&a, 128);
    bool members = str_eq(setting_get(c, &a, "gov_committee_electorate", "connectors"), "members");
    arena_release(&a);
    if (electorate_freeze(c, e, x->id, json_integer_value(json_object_get(el, "place_id")), members, x->now, &voters) < 0) goto done;
    if (voters == 0) {
        err_set(e, E_CONFLICT, "Nobody may vote in this election yet: %s.",
                json_integer_value(json_object_get(el, "place_id")) ? "the chapters there have no connectors (or members)"
                                                                     : "no steering committee has members");
        goto done;
    }
    if (election_mark_open(c, e, x->id, x->now, voters) < 0) goto done;
    rc = opened_mail(c, e, el);
done:
    json_decref(el);
    return rc < 0 ? -1 : 0;
}

int election_open(DbConn *c, Err *e, int64_t election_id, int64_t now)
{
    Open x = { election_id, now };
    return db_write(c, open_tx, &x, e);
}

/* ---------- reads ---------- */

static json_t *with_status_text(json_t *list)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
        json_object_set_new(x, "status_text", json_string(election_status_text(json_string_value(json_object_get(x, "status")))));
    return list;
}

json_t *elections_of_committee(DbConn *c, Err *e, int64_t committee_id)
{
    return with_status_text(election_rows_of_committee(c, e, committee_id));
}

json_t *elections_all(DbConn *c, Err *e, int64_t limit, int64_t offset)
{
    return with_status_text(election_rows_all(c, e, limit, offset));
}

int election_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    int found = election_row(c, e, id, out);
    if (found > 0)
        json_object_set_new(*out, "status_text", json_string(election_status_text(json_string_value(json_object_get(*out, "status")))));
    return found;
}

json_t *election_candidates(DbConn *c, Err *e, int64_t id)
{
    return candidate_rows(c, e, id);
}

json_t *election_standing(DbConn *c, Err *e, int64_t id, int64_t now)
{
    json_t *el = NULL;
    int found = election_row(c, e, id, &el);
    if (found <= 0) return found < 0 ? NULL : json_array();
    json_t *rows = standing_rows(c, e, json_integer_value(json_object_get(el, "place_id")), id, now);
    json_decref(el);
    return rows;
}

int election_viewer(DbConn *c, Err *e, const json_t *el, int64_t user, bool admin, int64_t now, json_t **out)
{
    *out = NULL;
    int64_t id = json_integer_value(json_object_get(el, "id"));
    json_t *voter = NULL, *cand = NULL;
    int stand = may_stand(c, e, el, user, now);
    int is_voter = stand < 0 || !user ? stand : electorate_row(c, e, id, user, &voter);
    int is_cand = is_voter < 0 || !user ? is_voter : candidate_row(c, e, id, user, &cand);
    if (is_cand < 0) {
        json_decref(voter);
        return -1;
    }
    *out = json_pack("{s:b, s:b, s:b, s:b, s:b, s:o}", "is_voter", is_voter > 0, "has_voted",
                     voter && json_is_true(json_object_get(voter, "has_voted")), "may_stand", stand > 0, "may_nominate",
                     user && (admin || stand > 0), "is_admin", admin, "candidacy", cand ? cand : json_null());
    json_decref(voter);
    return 0;
}

int election_box(DbConn *c, Err *e, int64_t id, json_t **box)
{
    *box = NULL;
    json_t *row = NULL;
    int found = election_published(c, e, id, &row);
    if (found <= 0) return found;
    json_error_t je;
    *box = json_loads(json_string_value(json_object_get(row, "box")), 0, &je);
    json_t *result = json_loads(json_string_value(json_object_get(row, "result")), 0, &je);
    json_decref(row);
    if (!*box || !result) {
        json_decref(*box);
        json_decref(result);
        *box = NULL;
        return err_set(e, E_INTERNAL, "The published box of election %lld cannot be read.", (long long)id);
    }
    json_object_set_new(*box, "result", result);
    return 1;
}

int ballot_lookup(DbConn *c, Err *e, int64_t election_id, const char *tracker, json_t **out)
{
    int found = ballot_by_tracker(c, e, election_id, tracker, out);
    if (found > 0) json_object_set_new(*out, "choice", choice_json(json_string_value(json_object_get(*out, "choice"))));
    return found;
}

json_t *election_bodies(DbConn *c, Err *e)
{
    return body_rows(c, e);
}

int election_outcome(DbConn *c, Err *e, int64_t id, json_t **out)
{
    *out = NULL;
    json_t *row = NULL;
    int found = election_outcome_row(c, e, id, &row);
    if (found <= 0) return found;
    json_error_t je;
    json_t *result = json_loads(json_string_value(json_object_get(row, "result")), 0, &je);
    json_t *sig = json_loads(json_string_value(json_object_get(row, "box_signature")), 0, &je);
    if (result && sig)
        *out = json_pack("{s:o, s:O, s:o}", "result", result, "head", json_object_get(row, "box_head"), "signature", sig);
    else {
        json_decref(result);
        json_decref(sig);
    }
    json_decref(row);
    return *out ? 1 : err_set(e, E_INTERNAL, "The count of election %lld cannot be read.", (long long)id);
}
