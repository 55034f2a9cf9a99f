/* routes_ballots.c - handlers of the secret ballot: casting a ballot (the
 * tracker is in this one answer, never in an address, a cookie, a flash
 * message or the log), finding a ballot by its tracker in a closed election
 * (the tracker travels in the body of a POST, not in an address that logs
 * and proxies would keep), and the published box (JSON and BLT). */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "governance/governance.h"

/* The choice of a ballot from the API (ranking / approve: arrays of ballot
 * positions) or the form (rank_<position> selects, approve checkboxes). */
static int choice_input(Req *r, int32_t *out, int *n, Err *e)
{
    bool stv = str_eq(json_string_value(json_object_get(r->object, "method")), "stv");
    const char *all[ELECTION_MAX_CANDIDATES + 1];
    *n = 0;
    if (!stv || (r->json && json_object_get(r->json, "ranking"))) {
        int m = req_input_all(r, stv ? "ranking" : "approve", all, ELECTION_MAX_CANDIDATES + 1);
        for (int i = 0; i < m && i < ELECTION_MAX_CANDIDATES; i++) {
            int64_t v = 0;
            if (!str_to_i64(all[i], &v) || v < 1 || v > ELECTION_MAX_CANDIDATES)
                return err_field(e, E_INVALID, stv ? "ranking" : "approve", "A ballot lists candidates by their number on the ballot.");
            out[(*n)++] = (int32_t)v;
        }
        if (m > ELECTION_MAX_CANDIDATES) return err_field(e, E_INVALID, stv ? "ranking" : "approve", "This ballot lists too many candidates.");
        return 0;
    }
    json_t *cands = req_own(r, election_candidates(r->db, e, r->object_id));
    if (!cands) return -1;
    int64_t rank[ELECTION_MAX_CANDIDATES] = { 0 };
    int count = 0;
    size_t i;
    json_t *x;
    json_array_foreach(cands, i, x) {
        json_int_t pos = json_integer_value(json_object_get(x, "position"));
        if (pos < 1 || pos > ELECTION_MAX_CANDIDATES) continue;
        const char *given = req_input(r, req_printf(r, "rank_%lld", (long long)pos));
        if (!str_empty(given) && (!str_to_i64(given, &rank[pos - 1]) || rank[pos - 1] < 0))
            return err_field(e, E_INVALID, "ranking", "Choose a rank from the list for each candidate you rank.");
        if (pos > count) count = (int)pos;
    }
    return ranking_from_ranks(count, rank, out, n, e);
}

int ballot_submit(Req *r)
{
    Err e = { 0 };
    int32_t choice[ELECTION_MAX_CANDIDATES];
    int n = 0;
    char tracker[TRACKER_TEXT];
    BallotIn in = { r->object_id, r->me.id, choice, 0, now_unix() };
    if (choice_input(r, choice, &n, &e) == 0) {
        in.n = n;
        if (ballot_cast(r->db, &e, &in, tracker) == 0) {
            /* the one answer that carries the tracker: a page (or JSON) of its own, not a redirect */
            json_object_set_new(r->object, "closes_local", json_string(election_when(r->arena, r->object, "closes_at")));
            req_set(r, "election", json_incref(r->object));
            req_set_str(r, "tracker", tracker);
            req_set_str(r, "message", "Your ballot is in the box. Keep your tracker: it is shown only now.");
            r->status = 201;
            return req_page(r, "governance/election_voted");
        }
    }
    if (!e.field[0]) return req_fail_err(r, &e);
    req_error(r, e.field, "%s", e.msg);
    if (election_page(r) < 0 && !req_has_errors(r)) return -1;
    return req_invalid(r, "governance/election");
}

int ballot_find_submit(Req *r)
{
    Err e = { 0 };
    char tracker[TRACKER_TEXT];
    if (!str_eq(json_string_value(json_object_get(r->object, "status")), "closed"))
        return req_fail(r, E_CONFLICT, "The ballot box is published when voting closes; look your ballot up then.");
    if (!tracker_normalise(req_input(r, "tracker"), tracker)) {
        req_error(r, "tracker", "A tracker has 24 letters and digits, like 7K3M-Q9XA-2D4F-8HJN-P6RT-W1BC.");
        if (election_page(r) < 0 && !req_has_errors(r)) return -1;
        return req_invalid(r, "governance/election");
    }
    json_t *found = NULL;
    int rc = ballot_lookup(r->db, &e, r->object_id, tracker, &found);
    if (rc < 0) return req_fail_err(r, &e);
    if (election_page(r) < 0) return -1;
    json_t *names = json_array();
    if (found) {
        req_own(r, found);
        json_t *cands = json_object_get(r->model, "_on_ballot");
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(found, "choice"), i, x)
            json_array_append_new(names, json_pack("{s:I, s:O}", "rank", (json_int_t)i + 1, "name",
                                                   json_object_get(json_array_get(cands, (size_t)json_integer_value(x) - 1), "name")));
    }
    /* what was found, without the tracker: the answer names the one who asks */
    req_set(r, "lookup", json_pack("{s:b, s:O, s:O, s:O, s:o}", "found", rc > 0, "number", found ? json_object_get(found, "number") : json_null(),
                                   "of", found ? json_object_get(found, "of") : json_null(), "choice",
                                   found ? json_object_get(found, "choice") : json_null(), "names", names));
    return req_page(r, "governance/election");
}

/* The box of a closed election, or a 404 that says when it comes. */
static json_t *box_or_fail(Req *r)
{
    Err e = { 0 };
    json_t *box = NULL;
    int found = election_box(r->db, &e, r->object_id, &box);
    if (found < 0) return req_fail_err(r, &e), NULL;
    if (!found) return req_fail(r, E_NOT_FOUND, "The ballot box of this election is published when voting closes."), NULL;
    return req_own(r, box);
}

int election_box_json(Req *r)
{
    json_t *box = box_or_fail(r);
    if (!box) return -1;
    char *text = json_dumps(box, JSON_COMPACT);
    if (!text) return req_fail(r, E_INTERNAL, "The box cannot be written.");
    buf_adds(&r->body, text);
    free(text);
    req_header(r, "Content-Disposition", req_printf(r, "inline; filename=\"election-%lld-box.json\"", (long long)r->object_id));
    return req_raw(r, "application/json");
}

int election_box_blt(Req *r)
{
    json_t *box = box_or_fail(r);
    if (!box) return -1;
    char *text = box_blt(box);
    if (!text) return req_fail(r, E_INTERNAL, "The box cannot be written in the BLT format.");
    buf_adds(&r->body, text);
    free(text);
    req_header(r, "Content-Disposition", req_printf(r, "inline; filename=\"election-%lld.blt\"", (long long)r->object_id));
    return req_raw(r, "text/plain; charset=utf-8");
}
