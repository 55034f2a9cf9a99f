/* elections_close.c - the end of an election: the count, the ballot box
 * (sealed in a hash chain and signed by the node), the winners seated, the
 * decision recorded and the results mailed, all in one transaction; the
 * check `glocal verify-election` runs; and the periodic work (opening at the
 * close of nominations, "voting closes tomorrow", closing at the close).
 *
 * Seats. The elected take their seats when the count ends, for the
 * committee's term (term_months); one who already sat starts a new term.
 * When the committee then has more members than seats, the seats of the
 * members who were not elected end, those whose terms end soonest first. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "governance/store.h"
#include "ledger/ledger.h"
#include "mail/mail.h"
#include "settings/settings.h"

static int64_t months_after(int64_t t, int64_t months)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    tm.tm_mon += (int)months;
    return (int64_t)timegm(&tm);
}

/* The candidates on the ballot, in ballot order: [{position, name}] and their accounts. */
static json_t *ballot_candidates(DbConn *c, Err *e, int64_t id, json_t **users)
{
    json_t *rows = candidate_rows(c, e, id);
    if (!rows) return NULL;
    json_t *list = json_array();
    *users = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        json_int_t pos = json_integer_value(json_object_get(x, "position"));
        if (pos <= 0) continue;
        json_array_append_new(list, json_pack("{s:I, s:O}", "position", pos, "name", json_object_get(x, "name")));
        json_array_append(*users, json_object_get(x, "user_id"));
    }
    json_decref(rows);
    return list;
}

static int by_term_end(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "term_ends_at"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "term_ends_at"));
    return x < y ? -1 : x > y;
}

/* Seats the winners; then ends the seats of others beyond the committee's seats. */
static int seat_winners(DbConn *c, Err *e, const json_t *el, const json_t *winners, int64_t now)
{
    int64_t committee = json_integer_value(json_object_get(el, "committee_id"));
    int64_t id = json_integer_value(json_object_get(el, "id"));
    int64_t ends = months_after(now, json_integer_value(json_object_get(el, "term_months")));
    size_t i;
    json_t *w;
    json_array_foreach(winners, i, w) {
        int64_t user = json_integer_value(w);
        int seated = committee_seated(c, e, committee, user, now);
        if (seated < 0 || (seated && committee_unseat(c, e, committee, user, now) < 0)) return -1;
        SeatIn in = { committee, user, "elected", id, now, ends };
        if (committee_seat(c, e, &in) < 0) return -1;
    }
    json_t *members = committee_members(c, e, committee, now);
    if (!members) return -1;
    size_t n = json_array_size(members), k = 0;
    int64_t seats = json_integer_value(json_object_get(el, "committee_seats"));
    json_t **others = malloc((n ? n : 1) * sizeof *others);
    json_t *m;
    json_array_foreach(members, i, m) {
        bool won = false;
        size_t j;
        json_array_foreach(winners, j, w) if (json_integer_value(w) == json_integer_value(json_object_get(m, "user_id"))) won = true;
        if (!won) others[k++] = m;
    }
    qsort(others, k, sizeof *others, by_term_end);
    int rc = 0;
    for (size_t j = 0; j < k && (int64_t)(json_array_size(members) - j) > seats && rc == 0; j++)
        rc = committee_unseat(c, e, committee, json_integer_value(json_object_get(others[j], "user_id")), now) < 0 ? -1 : 0;
    free(others);
    json_decref(members);
    return rc;
}

/* "A, B and C" */
static const char *names_text(Arena *a, const json_t *names)
{
    Buf b;
    buf_init(&b, a);
    size_t n = json_array_size(names);
    for (size_t i = 0; i < n; i++) {
        if (i) buf_adds(&b, i == n - 1 ? " and " : ", ");
        buf_adds(&b, json_string_value(json_array_get(names, i)));
    }
    return buf_str(&b);
}

/* The decision record and the results mail. */
static int announce(DbConn *c, Err *e, const json_t *el, const json_t *box, const json_t *result, const json_t *names, int64_t now)
{
    Arena a;
    arena_init(&a, 1024);
    int64_t id = json_integer_value(json_object_get(el, "id"));
    size_t ballots = json_array_size(json_object_get(box, "ballots"));
    const char *elected = json_array_size(names) ? names_text(&a, names) : NULL;
    const char *statement =
        elected ? arena_printf(&a, "Elected to the %s: %s (%s, %zu ballot%s).", json_string_value(json_object_get(el, "committee_name")),
                               elected, str_eq(json_string_value(json_object_get(el, "method")), "stv") ? "single transferable vote" : "approval",
                               ballots, ballots == 1 ? "" : "s")
                : arena_printf(&a, "No one was elected to the %s: no candidate received a vote (%zu ballot%s).",
                               json_string_value(json_object_get(el, "committee_name")), ballots, ballots == 1 ? "" : "s");
    json_t *counts = json_pack("{s:s, s:I, s:I, s:I, s:O, s:O, s:O, s:O, s:s, s:s, s:s}", "method", json_string_value(json_object_get(el, "method")),
                               "seats", json_integer_value(json_object_get(el, "seats")), "ballots", (json_int_t)ballots, "electorate",
                               json_integer_value(json_object_get(el, "electorate_size")), "elected", names, "quota",
                               json_object_get(result, "quota"), "rounds", json_object_get(result, "rounds"), "candidates",
                               json_object_get(box, "candidates"), "box", arena_printf(&a, "/elections/%lld/box.json", (long long)id),
                               "blt", arena_printf(&a, "/elections/%lld/box.blt", (long long)id), "head",
                               json_string_value(json_object_get(box, "head")));
    DecisionIn d = { .committee_id = json_integer_value(json_object_get(el, "committee_id")),
                     .place_id = json_integer_value(json_object_get(el, "place_id")), .source = "election", .source_id = id,
                     .title = json_string_value(json_object_get(el, "title")), .statement = statement, .counts = counts,
                     .opened_at = json_integer_value(json_object_get(el, "opened_at")), .decided_at = now,
                     .created_by = json_integer_value(json_object_get(el, "created_by")) };
    int64_t decision = 0;
    int rc = decision_record(c, e, &d, &decision) < 0 ? -1 : 0;
    json_decref(counts);
    json_t *voters = rc ? NULL : electorate_addresses(c, e, id, false);
    if (!voters) rc = -1;
    json_t *data = json_pack("{s:s, s:s, s:I, s:I, s:I}", "election", json_string_value(json_object_get(el, "title")),
                             "statement", statement, "id", (json_int_t)id, "ballots", (json_int_t)ballots, "electorate",
                             json_integer_value(json_object_get(el, "electorate_size")));
    gov_mail_name(data, "committee", json_string_value(json_object_get(el, "committee_name")), true);
    size_t i;
    json_t *v;
    json_array_foreach(voters, i, v) {
        json_object_set(data, "name", json_object_get(v, "name"));
        if ((rc = mail_queue(c, e, json_string_value(json_object_get(v, "email")), "gov_election_results", data)) < 0) break;
    }
    json_decref(data);
    json_decref(voters);
    arena_release(&a);
    return rc;
}

typedef struct Close {
    int64_t id, now;
} Close;

/* Seals and signs the box of the election el; *out the box (new). */
static json_t *seal(DbConn *c, Err *e, const json_t *el, const json_t *cands, int64_t now)
{
    int64_t id = json_integer_value(json_object_get(el, "id"));
    json_t *ballots = ballot_rows(c, e, id);
    if (!ballots) return NULL;
    json_t *head = json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:I, s:O}", "id", (json_int_t)id, "title", json_object_get(el, "title"),
                             "committee", json_object_get(el, "committee_name"), "method", json_object_get(el, "method"), "seats",
                             json_object_get(el, "seats"), "opened_at", json_object_get(el, "opened_at"), "closed_at", (json_int_t)now,
                             "electorate", json_object_get(el, "electorate_size"));
    json_t *box = box_seal(head, cands, ballots, e);
    json_decref(head);
    json_decref(ballots);
    if (!box) return NULL;
    char *message = box_message(id, json_array_size(json_object_get(box, "ballots")), json_string_value(json_object_get(box, "head")));
    char sig[129], pk[65];
    int rc = node_sign(c, message, sig, pk, e);
    if (rc == 0)
        json_object_set_new(box, "signature",
                            json_pack("{s:s, s:s, s:s, s:s}", "message", message, "signature", sig, "public_key", pk, "algorithm", "Ed25519"));
    free(message);
    if (rc < 0) {
        json_decref(box);
        return NULL;
    }
    return box;
}

static int close_tx(DbConn *c, void *ctx, Err *e)
{
    Close *x = ctx;
    json_t *el = NULL, *cands = NULL, *users = NULL, *box = NULL, *result = NULL, *winners = NULL, *names = NULL;
    char *box_text = NULL, *result_text = NULL, *sig_text = NULL;
    int rc = -1;
    int found = election_row(c, e, x->id, &el);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such election.");
        goto done;
    }
    const char *status = json_string_value(json_object_get(el, "status"));
    if (!str_eq(status, "voting")) {
        err_set(e, E_CONFLICT, str_eq(status, "nominating") ? "Voting has not opened yet: there is nothing to count."
                                                             : "This election is over already.");
        goto done;
    }
    if (!(cands = ballot_candidates(c, e, x->id, &users))) goto done;
    if (!(box = seal(c, e, el, cands, x->now))) goto done;
    if (!(result = box_recount(box, e))) goto done;
    box_text = json_dumps(box, JSON_COMPACT);
    result_text = json_dumps(result, JSON_COMPACT);
    sig_text = json_dumps(json_object_get(box, "signature"), JSON_COMPACT);
    if (election_mark_closed(c, e, x->id, x->now, box_text, json_string_value(json_object_get(box, "head")), sig_text, result_text) < 0)
        goto done;
    /* every electorate row rewritten by this transaction: no row keeps the
     * trace of the transaction that marked it, which wrote a ballot too */
    if (electorate_rewrite(c, e, x->id) < 0) goto done;
    winners = json_array();
    names = json_array();
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(result, "winners"), i, w) {
        json_array_append(winners, json_array_get(users, (size_t)json_integer_value(w)));
        json_array_append(names, json_object_get(json_array_get(cands, (size_t)json_integer_value(w)), "name"));
    }
    if (seat_winners(c, e, el, winners, x->now) < 0) goto done;
    rc = announce(c, e, el, box, result, names, x->now);
done:
    free(box_text);
    free(result_text);
    free(sig_text);
    json_decref(el);
    json_decref(cands);
    json_decref(users);
    json_decref(box);
    json_decref(result);
    json_decref(winners);
    json_decref(names);
    return rc < 0 ? -1 : 0;
}

int election_close(DbConn *c, Err *e, int64_t election_id, int64_t now)
{
    Close x = { election_id, now };
    return db_write(c, close_tx, &x, e);
}

/* ---------- verification ---------- */

static int by_tracker(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "tracker")),
                  json_string_value(json_object_get(*(json_t *const *)b, "tracker")));
}

/* The ballots of the database against those of the box: 0 the same, 1 not (why). */
static int same_ballots(const json_t *rows, const json_t *box, char *why, size_t n)
{
    const json_t *in_box = json_object_get(box, "ballots");
    size_t nr = json_array_size(rows), nb = json_array_size(in_box), i = 0, j = 0;
    json_t **db = malloc((nr ? nr : 1) * sizeof *db);
    for (size_t k = 0; k < nr; k++) db[k] = json_array_get(rows, k);
    qsort(db, nr, sizeof *db, by_tracker);
    int rc = 0;
    while (!rc && (i < nr || j < nb)) {
        const char *t = i < nr ? json_string_value(json_object_get(db[i], "tracker")) : NULL;
        const char *u = j < nb ? json_string_value(json_object_get(json_array_get(in_box, j), "tracker")) : NULL;
        int d = !t ? 1 : !u ? -1 : strcmp(t, u);
        if (d < 0) {
            rc = 1, snprintf(why, n, "the database holds a ballot (tracker %s) that is not in the published box: it was added after the close", t);
        } else if (d > 0) {
            rc = 1, snprintf(why, n, "ballot %zu of the published box (tracker %s) is missing from the database: it was removed", j + 1, u);
        } else {
            json_t *choice = choice_json(json_string_value(json_object_get(db[i], "choice")));
            if (!json_equal(choice, json_object_get(json_array_get(in_box, j), "choice")))
                rc = 1, snprintf(why, n, "the ballot with tracker %s differs between the database (%s) and the published box: it was changed",
                                 t, json_string_value(json_object_get(db[i], "choice")));
            json_decref(choice);
            i++, j++;
        }
    }
    free(db);
    return rc;
}

int election_verify(DbConn *c, Err *e, int64_t election_id, char *why, size_t why_size, json_t **summary)
{
    *summary = NULL;
    json_t *el = NULL, *box = NULL, *rows = NULL;
    int rc = -1;
    int found = election_row(c, e, election_id, &el);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no election %lld.", (long long)election_id);
        goto done;
    }
    if (!str_eq(json_string_value(json_object_get(el, "status")), "closed")) {
        err_set(e, E_CONFLICT, "Election %lld is not closed: it has no published box to check yet.", (long long)election_id);
        goto done;
    }
    found = election_box(c, e, election_id, &box);
    if (found <= 0) {
        if (!found) snprintf(why, why_size, "the election is closed but its box is missing");
        rc = found < 0 ? -1 : 1;
        goto done;
    }
    Arena a;
    arena_init(&a, 256);
    const char *pk = setting_get(c, &a, "sign_public", NULL);
    rc = box_check(box, json_object_get(box, "result"), pk, why, why_size);
    arena_release(&a);
    if (rc) goto done;
    rc = -1;
    int64_t voted = 0;
    if (!(rows = ballot_rows(c, e, election_id)) || electorate_voted_count(c, e, election_id, &voted) < 0) goto done;
    rc = same_ballots(rows, box, why, why_size);
    size_t count = json_array_size(json_object_get(box, "ballots"));
    if (!rc && (size_t)voted != count)
        rc = 1, snprintf(why, why_size, "%lld voters are marked as having voted, but the box holds %zu ballots", (long long)voted, count);
    if (!rc) {
        const json_t *result = json_object_get(box, "result");
        json_t *names = json_array();
        size_t i;
        json_t *w;
        json_array_foreach(json_object_get(result, "winners"), i, w)
            json_array_append(names, json_object_get(json_array_get(json_object_get(box, "candidates"), (size_t)json_integer_value(w)), "name"));
        *summary = json_pack("{s:I, s:I, s:o, s:I, s:O, s:O}", "ballots", (json_int_t)count, "candidates",
                             (json_int_t)json_array_size(json_object_get(box, "candidates")), "elected", names, "rounds",
                             (json_int_t)json_array_size(json_object_get(result, "rounds")), "head", json_object_get(box, "head"),
                             "public_key", json_object_get(json_object_get(box, "signature"), "public_key"));
    }
done:
    json_decref(el);
    json_decref(box);
    json_decref(rows);
    return rc;
}

/* ---------- the periodic work ---------- */

/* Nominations closed with too few candidates (or no electorate): the administrators are told once. */
typedef struct Stall {
    const json_t *el;
    const char *why;
    bool told;
} Stall;

static int stall_tx(DbConn *c, void *ctx, Err *e)
{
    Stall *st = ctx;
    const json_t *el = st->el;
    const char *why = st->why;
    int64_t id = json_integer_value(json_object_get(el, "id"));
    int marked = election_mark_stalled(c, e, id, now_unix());
    st->told = marked > 0;
    if (marked <= 0) return marked;
    json_t *admins = admin_addresses(c, e);
    if (!admins) return -1;
    json_t *data = json_pack("{s:O, s:s, s:I, s:O}", "election", json_object_get(el, "title"), "why", why, "id", (json_int_t)id,
                             "closes_at", json_object_get(el, "closes_at"));
    gov_mail_name(data, "committee", json_string_value(json_object_get(el, "committee_name")), true);
    int rc = 0;
    size_t i;
    json_t *x;
    json_array_foreach(admins, i, x) {
        json_object_set(data, "name", json_object_get(x, "name"));
        if ((rc = mail_queue(c, e, json_string_value(json_object_get(x, "email")), "gov_election_stalled", data)) < 0) break;
    }
    json_decref(data);
    json_decref(admins);
    return rc;
}

typedef struct Remind {
    int64_t id, now;
    int sent;
} Remind;

static int remind_tx(DbConn *c, void *ctx, Err *e)
{
    Remind *x = ctx;
    x->sent = 0;
    json_t *el = NULL;
    if (election_row(c, e, x->id, &el) <= 0) return -1;
    int marked = election_mark_reminded(c, e, x->id, x->now);
    json_t *voters = marked > 0 ? electorate_addresses(c, e, x->id, true) : NULL;
    int rc = marked < 0 || (marked > 0 && !voters) ? -1 : 0;
    json_t *data = json_pack("{s:O, s:O, s:I}", "election", json_object_get(el, "title"), "closes_at", json_object_get(el, "closes_at"),
                             "id", (json_int_t)x->id);
    gov_mail_name(data, "committee", json_string_value(json_object_get(el, "committee_name")), true);
    size_t i;
    json_t *v;
    json_array_foreach(voters, i, v) {
        json_object_set(data, "name", json_object_get(v, "name"));
        if ((rc = mail_queue_at(c, e, json_string_value(json_object_get(v, "email")), "gov_election_reminder", data, x->now)) < 0) break;
        x->sent++;
    }
    json_decref(data);
    json_decref(voters);
    json_decref(el);
    return rc;
}

/* One due election: what the tick does with it, counted in done[]. */
enum { OPENED, STALLED, REMINDED, CLOSED, GAVE_UP, TICK_KINDS };

static int tick_one(DbConn *c, const json_t *due, int64_t now, int done[TICK_KINDS], Err *e)
{
    int64_t id = json_integer_value(json_object_get(due, "id"));
    bool voting = str_eq(json_string_value(json_object_get(due, "status")), "voting");
    int64_t closes = json_integer_value(json_object_get(due, "closes_at"));
    Err oe = { 0 };
    if (!voting && closes <= now) {   /* never opened: it cannot be held any more */
        if (election_cancel(c, &oe, id, now) == 0) return done[GAVE_UP]++, 0;
        return oe.code != E_CONFLICT ? (*e = oe, -1) : 0;   /* a conflict: another process did it */
    }
    if (!voting) {
        if (election_open(c, &oe, id, now) == 0) return done[OPENED]++, 0;
        if (oe.code != E_CONFLICT) return *e = oe, -1;
        json_t *el = NULL;
        if (election_row(c, e, id, &el) <= 0) return -1;
        Stall st = { el, oe.msg, false };
        int rc = db_write(c, stall_tx, &st, e);
        json_decref(el);
        if (rc == 0 && st.told) done[STALLED]++;
        return rc;
    }
    if (closes <= now) {
        if (election_close(c, &oe, id, now) == 0) return done[CLOSED]++, 0;
        return oe.code != E_CONFLICT ? (*e = oe, -1) : 0;
    }
    Remind r = { id, now, 0 };
    if (db_write(c, remind_tx, &r, e) < 0) return -1;
    done[REMINDED] += r.sent;
    return 0;
}

int elections_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    json_t *due = elections_due(c, e, now);
    if (!due) return -1;
    int done[TICK_KINDS] = { 0 }, rc = 0;
    size_t i;
    json_t *x;
    json_array_foreach(due, i, x) {
        Err te = { 0 };
        if (tick_one(c, x, now, done, &te) < 0 && rc == 0) {
            *e = te;
            rc = -1;
        }
    }
    json_decref(due);
    static const char *const what[TICK_KINDS][2] = {
        { "election opened for voting", "elections opened for voting" },
        { "election waiting for candidates (administrators told)", "elections waiting for candidates (administrators told)" },
        { "\"voting closes tomorrow\" reminder queued", "\"voting closes tomorrow\" reminders queued" },
        { "election closed and counted", "elections closed and counted" },
        { "election cancelled (it never opened)", "elections cancelled (they never opened)" },
    };
    for (int k = 0; k < TICK_KINDS; k++)
        if (done[k]) buf_printf(report, "%s%d %s", report->len ? ", " : "", done[k], what[k][done[k] != 1]);
    return rc;
}
