/* governance.c - the demo's governance (data/demo/governance.json): the
 * committees the density calls for, bootstrapped by appointment (their
 * places' connectors), matters at every stage from a chapter's discussion to a
 * committee's decision, proposals and polls open and closed, a board elected by
 * STV from the committees' members with its ballot box published, and a city
 * committee's election still open for voting.
 *
 * Everything goes through the governance feature's operations, each given the
 * moment it happened (days before today), so the steps, votes and decision
 * records carry their own dates; the e-mail those operations queued for the
 * past is marked as sent when it was (demo_outbox_sent), so that nothing old
 * waits in the outbox. People are named by their part in a chapter
 * ("connector", "member:N"), in a committee ("seat:N") or by their first name
 * (the documented logins). */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "governance/governance.h"

#define GOV_LINK_BASE DEMO_LINK_BASE

typedef struct Gov {
    Demo *d;
    DbConn *c;
    json_t *data;
    FieldErrs fe;                 /* the operations' field problems (the data has none) */
    int matters, decided, polls, ballots;
} Gov;

static int64_t ago(const Gov *g, json_t *o, const char *key)
{
    return g->d->now - (int64_t)json_integer_value(json_object_get(o, key)) * DAY;
}

static int64_t from_now(const Gov *g, json_t *o, const char *key)
{
    return g->d->now + (int64_t)json_integer_value(json_object_get(o, key)) * DAY;
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The outbox rows queued since `mark` belong to the moment `at`: sent then
 * when it is past (history), left waiting when it is today. */
static int mail_settle(Gov *g, int64_t mark, int64_t at, Err *e)
{
    return demo_outbox_settle(g->c, e, mark, at, at < g->d->now - HOUR);
}

static int64_t outbox_mark(Gov *g, Err *e)
{
    int64_t m = 0;
    return demo_outbox_last(g->c, e, &m) < 0 ? -1 : m;
}

/* A person by their part in chapter k: "connector" (its first connector) or
 * "member:N" (its Nth member who is not a connector and has not left). */
static int64_t in_chapter(const Gov *g, int k, const char *who)
{
    const Chap *ch = &g->d->chap[k];
    bool connector = str_eq(who, "connector");
    int want = connector ? 1 : str_starts(who, "member:") ? atoi(who + 7) : 0;
    for (int s = 0, seen = 0; s < ch->n && want > 0; s++) {
        if (ch->left[s] || ch->connector[s] != connector) continue;
        if (++seen == want) return g->d->people[ch->who[s]].id;
    }
    return 0;
}

/* The Nth member (from 1) of a committee, in the order of its page. */
static int64_t in_committee(Gov *g, int64_t committee_id, int n, int64_t at, Err *e)
{
    json_t *members = committee_members(g->c, e, committee_id, at);
    if (!members) return -1;
    json_t *m = json_array_get(members, (size_t)(n - 1));
    int64_t id = m ? (int64_t)json_integer_value(json_object_get(m, "user_id")) : 0;
    json_decref(members);
    return id;
}

/* A person named in the data: a part in the chapter k, a seat of the
 * committee, or a documented login by first name. 0 when there is none. */
static int64_t person(Gov *g, int k, int64_t committee_id, const char *who, int64_t at, Err *e)
{
    if (!who) return 0;
    if (str_starts(who, "seat:")) return in_committee(g, committee_id, atoi(who + 5), at, e);
    if (str_starts(who, g->d->people[P_INES].name) || str_starts(g->d->people[P_INES].name, who))
        return g->d->people[P_INES].id;
    if (str_starts(g->d->people[P_TOMAS].name, who)) return g->d->people[P_TOMAS].id;
    return k >= 0 ? in_chapter(g, k, who) : 0;
}

static int missing(Err *e, const char *what, const char *who)
{
    return err_set(e, E_INTERNAL, "data/demo/governance.json: %s names %s, who is not there.", what, who ? who : "nobody");
}

/* ---------- committees: appointed where the density calls for them ---------- */

static int committees_appoint(Gov *g, Err *e)
{
    int64_t at = g->d->now - (int64_t)json_integer_value(json_object_get(g->data, "appointed_days_ago")) * DAY;
    json_t *map = gov_places_map(g->c, e);
    if (!map) return -1;
    int rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(map, i, p) {
        if (!json_is_true(json_object_get(p, "on_path"))) continue;
        int64_t place = (int64_t)json_integer_value(json_object_get(p, "id")), committee = 0;
        json_t *people = NULL;
        if (committee_ensure(g->c, e, place, &committee) < 0 || !(people = demo_place_connectors(g->c, e, place))) {
            rc = -1;
            break;
        }
        size_t j;
        json_t *u;
        json_array_foreach(people, j, u) {
            if (j >= 5) break;   /* a committee's seats, by default */
            CommitteeAppoint a = { .committee_id = committee, .user_id = json_integer_value(json_object_get(u, "user_id")), .now = at };
            int64_t mark = outbox_mark(g, e);
            if (mark < 0 || committee_appoint(g->c, e, &a) < 0 || mail_settle(g, mark, at, e) < 0) {
                rc = -1;
                break;
            }
        }
        json_decref(people);
        if (rc < 0) break;
    }
    json_decref(map);
    return rc;
}

/* ---------- matters ---------- */

static int notes_add(Gov *g, int64_t matter, int k, int64_t committee, json_t *notes, const char *scope, int64_t *at,
                     Err *e)
{
    size_t i;
    json_t *n;
    json_array_foreach(notes, i, n) {
        const char *who = json_string_value(json_array_get(n, 0));
        *at += 2 * HOUR + 37 * 60;
        MatterAction a = { .matter_id = matter, .text = json_string_value(json_array_get(n, 1)), .scope = scope,
                           .public_url = GOV_LINK_BASE, .now = *at };
        if ((a.by = person(g, k, committee, who, *at, e)) <= 0) return a.by < 0 ? -1 : missing(e, "a note", who);
        if (matter_note(g->c, e, &a, &g->fe) < 0) return -1;
    }
    return 0;
}

/* The proposal a committee decides a matter by: opened, voted by its seats, closed. */
static int matter_by_proposal(Gov *g, int64_t matter, int64_t committee, json_t *def, int64_t at, Err *e)
{
    json_t *pr = json_object_get(def, "proposal");
    int64_t chair = in_committee(g, committee, 1, at, e);
    if (chair <= 0) return chair < 0 ? -1 : missing(e, "a committee's proposal", "seat:1");
    PollOpen o = { .f = { .committee_id = committee, .matter_id = matter, .kind = "proposal", .title = jstr(pr, "title"),
                          .body = jstr(pr, "body"), .opens_at = at, .closes_at = at + 7 * DAY },
                   .by = chair, .now = at, .public_url = GOV_LINK_BASE };
    if (poll_open(g->c, e, &o) < 0) return -1;
    json_t *members = committee_members(g->c, e, committee, at);
    if (!members) return -1;
    size_t i;
    json_t *m;
    int rc = 0;
    json_array_foreach(members, i, m) {
        PollVote v = { .poll_id = o.id, .user_id = json_integer_value(json_object_get(m, "user_id")),
                       .now = at + (int64_t)(i + 1) * 5 * HOUR, .in = { .position = i == 2 ? "abstain" : "agree",
                                                                         .reason = "", .choice = -1 } };
        if ((rc = poll_vote(g->c, e, &v)) < 0) break;
    }
    json_decref(members);
    if (rc < 0) return -1;
    PollClose k = { .poll_id = o.id, .by = chair, .now = at + 7 * DAY, .outcome = jstr(pr, "outcome"),
                    .review_at = at + (int64_t)json_integer_value(json_object_get(pr, "review_days")) * DAY,
                    .public_url = GOV_LINK_BASE };
    g->polls++;
    return poll_close(g->c, e, &k);
}

/* The committee's part: notes, passing up, deciding (by a statement or a proposal). */
static int matter_at_committee(Gov *g, int64_t matter, int k, json_t *def, const char *stage, int64_t *at, Err *e)
{
    MatterAction a = { .matter_id = matter, .public_url = GOV_LINK_BASE, .now = *at };
    a.by = in_chapter(g, k, "connector");
    if (matter_escalate(g->c, e, &a) < 0) return -1;
    int64_t committee = a.committee_id;
    if (notes_add(g, matter, k, committee, json_object_get(def, "committee_notes"), "committee", at, e) < 0) return -1;
    if (str_eq(stage, "escalated")) return 0;
    *at += 3 * DAY;
    if (str_eq(stage, "passed_up")) {
        MatterAction up = { .matter_id = matter, .text = jstr(def, "pass_up_note"), .public_url = GOV_LINK_BASE, .now = *at };
        if ((up.by = in_committee(g, committee, 1, *at, e)) <= 0) return up.by < 0 ? -1 : missing(e, "passing up", "seat:1");
        return matter_pass_up(g->c, e, &up, &g->fe);
    }
    if (str_eq(stage, "proposal")) return matter_by_proposal(g, matter, committee, def, *at, e);
    MatterAction dec = { .matter_id = matter, .text = jstr(def, "decision"), .public_url = GOV_LINK_BASE, .now = *at + 4 * DAY };
    if ((dec.by = in_committee(g, committee, 1, *at, e)) <= 0) return dec.by < 0 ? -1 : missing(e, "a decision", "seat:1");
    g->decided++;
    return matter_decide(g->c, e, &dec, &g->fe);
}

static int matter_make(Gov *g, json_t *def, Err *e)
{
    int k = chapter_named(g->d->data, jstr(def, "chapter"));
    const char *stage = jstr(def, "stage");
    int64_t at = ago(g, def, "days");
    MatterRaise m = { .chapter_id = g->d->chap[k].id, .by = in_chapter(g, k, jstr(def, "raiser")), .title = jstr(def, "title"),
                      .body = jstr(def, "body"), .kind = jstr(def, "kind"), .now = at };
    if (m.by <= 0) return missing(e, "a matter's raiser", jstr(def, "raiser"));
    if (matter_raise(g->c, e, &m, &g->fe) < 0) return -1;
    g->matters++;
    if (notes_add(g, m.id, k, 0, json_object_get(def, "notes"), "chapter", &at, e) < 0) return -1;
    if (str_eq(stage, "open")) return 0;
    at += DAY;
    if (str_eq(stage, "resolved") || str_eq(stage, "withdrawn")) {
        MatterAction a = { .matter_id = m.id, .text = jstr(def, "resolution"), .public_url = GOV_LINK_BASE, .now = at };
        if (str_eq(stage, "withdrawn")) {
            a.by = m.by;
            return matter_withdraw(g->c, e, &a);
        }
        a.by = in_chapter(g, k, "connector");
        return matter_resolve(g->c, e, &a, &g->fe);
    }
    /* a summary: the raiser's (approved at once) or the connector's (waiting for the raiser) */
    const char *by = jstr(def, "summary_by");
    MatterAction s = { .matter_id = m.id, .title = jstr(def, "summary_title"), .text = jstr(def, "summary"),
                       .public_url = GOV_LINK_BASE, .now = at };
    s.by = by ? in_chapter(g, k, by) : m.by;
    if (matter_summarise(g->c, e, &s, &g->fe) < 0) return -1;
    if (str_eq(stage, "summary")) return 0;
    at += DAY;
    return matter_at_committee(g, m.id, k, def, stage, &at, e);
}

/* ---------- polls ---------- */

/* The body a poll names: "chapter:NAME" (k set) or "committee:KEY". */
static int poll_body(Gov *g, const char *body, int *k, int64_t *chapter, int64_t *committee, Err *e)
{
    *k = -1;
    *chapter = *committee = 0;
    if (str_starts(body, "chapter:")) {
        *k = chapter_named(g->d->data, body + 8);
        *chapter = g->d->chap[*k].id;
        return 0;
    }
    json_t *row = NULL;
    int found = committee_find(g->c, e, body + 10, &row);
    if (found <= 0) return found < 0 ? -1 : missing(e, "a poll's body", body);
    *committee = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    return 0;
}

/* A vote as the data gives it: a proposal's [who, position, reason]; a
 * single choice's option; an approval's options; a ranking of options; dots per option. */
static void vote_in(const char *kind, json_t *v, PollVoteIn *in)
{
    memset(in, 0, sizeof *in);
    in->choice = -1;
    in->reason = "";
    json_t *x = json_array_get(v, 1);
    if (str_eq(kind, "proposal")) {
        in->position = json_string_value(x);
        in->reason = json_string_value(json_array_get(v, 2));
    } else if (str_eq(kind, "single")) {
        in->choice = json_integer_value(x);
    } else {
        size_t i;
        json_t *o;
        json_array_foreach(x, i, o) {
            int64_t n = json_integer_value(o);
            if (str_eq(kind, "approval")) in->marks[n] = 1, in->given[n] = true;
            else if (str_eq(kind, "ranked")) in->marks[n] = (int64_t)i + 1, in->given[n] = true;
            else in->marks[i] = n, in->given[i] = true;
        }
    }
}

static int poll_make(Gov *g, json_t *def, Err *e)
{
    int k;
    PollOpen o = { .now = ago(g, def, "days"), .public_url = GOV_LINK_BASE };
    if (poll_body(g, jstr(def, "body"), &k, &o.f.chapter_id, &o.f.committee_id, e) < 0) return -1;
    PollFields *f = &o.f;
    f->kind = jstr(def, "kind");
    f->title = jstr(def, "title");
    f->body = jstr(def, "text");
    f->is_anonymous = json_is_true(json_object_get(def, "anonymous"));
    f->quorum_pct = json_integer_value(json_object_get(def, "quorum"));
    f->dots = json_integer_value(json_object_get(def, "dots"));
    f->score_max = 5;
    f->opens_at = o.now;
    f->closes_at = from_now(g, def, "closes");
    json_t *opts = json_object_get(def, "options");
    for (size_t i = 0; i < json_array_size(opts) && i < POLL_OPTIONS_MAX; i++) f->options[f->n_options++] = json_string_value(json_array_get(opts, i));
    int64_t mark = outbox_mark(g, e);
    if ((o.by = person(g, k, f->committee_id, jstr(def, "by"), o.now, e)) <= 0)
        return o.by < 0 ? -1 : missing(e, "a poll's opener", jstr(def, "by"));
    if (mark < 0 || poll_open(g->c, e, &o) < 0 || mail_settle(g, mark, o.now, e) < 0) return -1;
    g->polls++;
    int64_t at = o.now;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(def, "delegations"), i, v) {
        PollDelegate dl = { .chapter_id = f->chapter_id, .committee_id = f->committee_id, .poll_id = o.id, .now = at += HOUR };
        dl.from = person(g, k, f->committee_id, json_string_value(json_array_get(v, 0)), at, e);
        dl.to = person(g, k, f->committee_id, json_string_value(json_array_get(v, 1)), at, e);
        if (dl.from <= 0 || dl.to <= 0) return missing(e, "a delegation", json_string_value(json_array_get(v, 0)));
        if (poll_delegate(g->c, e, &dl) < 0) return -1;
    }
    json_array_foreach(json_object_get(def, "votes"), i, v) {
        PollVote pv = { .poll_id = o.id, .now = at += 3 * HOUR + 11 * 60 };
        if ((pv.user_id = person(g, k, f->committee_id, json_string_value(json_array_get(v, 0)), at, e)) <= 0)
            return pv.user_id < 0 ? -1 : missing(e, "a vote", json_string_value(json_array_get(v, 0)));
        vote_in(f->kind, v, &pv.in);
        if (poll_vote(g->c, e, &pv) < 0) return -1;
    }
    if (!jstr(def, "outcome")) return 0;
    PollClose cl = { .poll_id = o.id, .by = o.by, .now = f->closes_at + HOUR, .outcome = jstr(def, "outcome"),
                     .review_at = f->closes_at + (int64_t)json_integer_value(json_object_get(def, "review_days")) * DAY,
                     .public_url = GOV_LINK_BASE };
    mark = outbox_mark(g, e);
    return mark < 0 || poll_close(g->c, e, &cl) < 0 ? -1 : mail_settle(g, mark, cl.now, e);
}

int governance_make(Demo *d, DbConn *c, Err *e)
{
    Gov g = { .d = d, .c = c, .data = d->data->governance, .fe = { .a = &d->a } };
    if (committees_appoint(&g, e) < 0) return -1;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(g.data, "matters"), i, x) {
        int64_t mark = outbox_mark(&g, e);
        if (mark < 0 || matter_make(&g, x, e) < 0 || mail_settle(&g, mark, d->now - DAY, e) < 0) return -1;
    }
    if (demo_elections_make(d, c, g.data, &g.ballots, e) < 0) return -1;
    json_array_foreach(json_object_get(g.data, "polls"), i, x)
        if (poll_make(&g, x, e) < 0) return -1;
    d->gov.matters = g.matters;
    d->gov.polls = g.polls;
    d->gov.ballots = g.ballots;
    return 0;
}
