/* polls_count.c - a poll counted through the database: who votes in its
 * body now, the direct votes, the delegations in force for it (the poll's own
 * before the body's standing ones), who carries whose vote, and the count of
 * its kind with the quorum (rules_polls.c decides all of it). */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "governance/polls_internal.h"
#include "governance/store.h"

void poll_shape_of(json_t *poll, json_t *options, PollShape *shape, const char **labels)
{
    memset(shape, 0, sizeof *shape);
    shape->kind = json_string_value(json_object_get(poll, "kind"));
    shape->score_max = json_integer_value(json_object_get(poll, "score_max"));
    shape->dots = json_integer_value(json_object_get(poll, "dots"));
    size_t n = json_array_size(options);
    if (str_eq(shape->kind, "proposal")) n = 0;
    if (n > POLL_OPTIONS_MAX) n = POLL_OPTIONS_MAX;
    for (size_t i = 0; i < n; i++) labels[i] = json_string_value(json_object_get(json_array_get(options, i), "label"));
    shape->options = (int)n;
    shape->labels = labels;
}

void poll_body_of(Arena *a, json_t *poll, PollBody *b)
{
    memset(b, 0, sizeof *b);
    b->chapter_id = json_integer_value(json_object_get(poll, "chapter_id"));
    b->committee_id = json_integer_value(json_object_get(poll, "committee_id"));
    b->timezone = json_string_value(json_object_get(poll, "timezone"));
    if (b->chapter_id) {
        b->kind = "chapter";
        b->name = json_string_value(json_object_get(poll, "chapter_name"));
        b->key = json_string_value(json_object_get(poll, "chapter_slug"));
        b->url = arena_printf(a, "/chapters/%s", b->key);
    } else {
        b->kind = "committee";
        b->name = json_string_value(json_object_get(poll, "committee_name"));
        b->key = json_string_value(json_object_get(poll, "committee_key"));
        b->url = arena_printf(a, "/committees/%s", b->key);
    }
}

int body_voter(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t user_id, int64_t now, bool *connector)
{
    if (connector) *connector = false;
    if (!user_id) return 0;
    if (committee_id) return committee_seated(c, e, committee_id, user_id, now);
    json_t *row = NULL;
    int found = poll_chapter_row(c, e, chapter_id, user_id, &row);
    if (found <= 0) return found;
    const char *role = json_string_value(json_object_get(row, "role"));
    if (connector) *connector = str_eq(role, "connector");
    int rc = role != NULL;
    json_decref(row);
    return rc;
}

/* The body a poll is opened in, as `user` sees it at `now`. */
int body_load(DbConn *c, Err *e, Arena *a, int64_t chapter_id, int64_t committee_id, int64_t user, int64_t now,
                     BodyOf *out)
{
    memset(out, 0, sizeof *out);
    json_t *row = NULL;
    int found;
    if (!chapter_id == !committee_id) return err_set(e, E_INTERNAL, "A poll is held in one body: a chapter or a committee.");
    if (chapter_id) {
        found = poll_chapter_row(c, e, chapter_id, user, &row);
        if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such chapter.");
        const char *role = json_string_value(json_object_get(row, "role"));
        out->votes = role != NULL;
        out->connector = str_eq(role, "connector");
        out->place_id = json_integer_value(json_object_get(row, "metro_id"));
        out->b.name = arena_strdup(a, json_string_value(json_object_get(row, "name")));
        out->b.key = arena_strdup(a, json_string_value(json_object_get(row, "slug")));
        out->b.url = arena_printf(a, "/chapters/%s", out->b.key);
        out->b.kind = "chapter";
    } else {
        found = committee_get(c, e, committee_id, &row);
        if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such committee.");
        int seated = committee_seated(c, e, committee_id, user, now);
        if (seated < 0) goto fail;
        out->votes = seated;
        out->chair_id = json_integer_value(json_object_get(row, "chair_id"));
        out->place_id = json_integer_value(json_object_get(row, "place_id"));
        out->b.name = arena_strdup(a, json_string_value(json_object_get(row, "name")));
        out->b.key = arena_strdup(a, json_string_value(json_object_get(row, "key")));
        out->b.url = arena_printf(a, "/committees/%s", out->b.key);
        out->b.kind = "committee";
    }
    const char *tz = json_string_value(json_object_get(row, "timezone"));
    out->b.timezone = arena_strdup(a, tz ? tz : "UTC");
    out->b.chapter_id = chapter_id;
    out->b.committee_id = committee_id;
    json_decref(row);
    return 0;
fail:
    json_decref(row);
    return -1;
}

long tally_voter(const Tally *t, int64_t user_id)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->ids[i] == user_id) return (long)i;
    return -1;
}

void tally_free(Tally *t)
{
    json_decref(t->poll);
    json_decref(t->options);
    json_decref(t->voters);
    json_decref(t->votes);
    json_decref(t->delegations);
    json_decref(t->count);
    free(t->ids);
    free(t->carrier);
    free(t->through);
    free(t->ballots);
    free(t->voted);
    memset(t, 0, sizeof *t);
}

size_t delegation_edges(json_t *rows, int64_t poll_id, PollDelegation *out)
{
    size_t m = 0, k;
    json_t *d;
    json_array_foreach(rows, k, d) {
        int64_t from = json_integer_value(json_object_get(d, "from_id")), to = json_integer_value(json_object_get(d, "to_id"));
        int64_t for_poll = json_integer_value(json_object_get(d, "poll_id"));
        if (for_poll && for_poll != poll_id) continue;
        size_t at = 0;
        while (at < m && out[at].from != from) at++;
        if (at == m) out[m++] = (PollDelegation){ from, to };
        else if (for_poll) out[at].to = to;   /* the poll's own delegation before the standing one */
    }
    return m;
}

/* Each voter's direct vote (parsed), and whose vote carries theirs. */
static int resolve(Tally *t, Err *e)
{
    size_t n = t->n;
    t->ids = xcalloc(n + 1, sizeof *t->ids);
    t->carrier = xcalloc(n + 1, sizeof *t->carrier);
    t->through = xcalloc(n + 1, sizeof *t->through);
    t->voted = xcalloc(n + 1, sizeof *t->voted);
    t->ballots = xcalloc(n + 1, sizeof *t->ballots);
    for (size_t i = 0; i < n; i++) t->ids[i] = json_integer_value(json_object_get(json_array_get(t->voters, i), "user_id"));
    size_t k;
    json_t *v;
    json_array_foreach(t->votes, k, v) {
        long i = tally_voter(t, json_integer_value(json_object_get(v, "user_id")));
        if (i < 0) continue;   /* no longer votes in the body: not counted */
        json_error_t je;
        json_t *value = json_loads(json_string_value(json_object_get(v, "value")), 0, &je);
        int bad = poll_ballot_parse(&t->shape, value, &t->ballots[i]);
        json_decref(value);
        if (bad) return err_set(e, E_INTERNAL, "A vote kept for poll %lld does not fit it.",
                                (long long)json_integer_value(json_object_get(t->poll, "id")));
        t->voted[i] = true;
    }
    PollDelegation *edges = xcalloc(json_array_size(t->delegations) + 1, sizeof *edges);
    size_t m = delegation_edges(t->delegations, json_integer_value(json_object_get(t->poll, "id")), edges);
    for (size_t j = 0; j < m; j++) {
        long i = tally_voter(t, edges[j].from);
        if (i >= 0) t->through[i] = edges[j].to;
    }
    poll_delegation_resolve(t->ids, t->voted, n, edges, m, t->carrier);
    free(edges);
    return 0;
}

static int count(Tally *t, bool strict, Err *e)
{
    PollBallot *cast = xcalloc(t->n + 1, sizeof *cast);
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!t->carrier[i]) continue;
        long at = tally_voter(t, t->carrier[i]);
        cast[k++] = t->ballots[at];
        if (t->carrier[i] == t->ids[i]) t->direct++;
        else t->delegated++;
    }
    t->count = poll_count(&t->shape, cast, k, e);
    if (!t->count && !strict && str_eq(t->shape.kind, "ranked")) {
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e->msg);
        err_clear(e);
        t->shape.first_only = true;
        t->count = poll_count(&t->shape, cast, k, e);
        if (t->count) json_object_set_new(t->count, "runoff_error", json_string(why));
    }
    free(cast);
    if (!t->count) return -1;
    int64_t pct = json_integer_value(json_object_get(t->poll, "quorum_pct"));
    int64_t needed = poll_quorum_needed((int64_t)t->n, pct);
    json_t *figures = json_pack("{s:I, s:I, s:I, s:I, s:I, s:b}", "eligible", (json_int_t)t->n, "direct", (json_int_t)t->direct,
                                "delegated", (json_int_t)t->delegated, "quorum_pct", (json_int_t)pct, "quorum_needed",
                                (json_int_t)needed, "quorum_reached", (int64_t)k >= needed);
    json_object_update(t->count, figures);
    json_decref(figures);
    return 0;
}

int tally_load(DbConn *c, Err *e, int64_t poll_id, int64_t now, bool strict, Tally *t)
{
    memset(t, 0, sizeof *t);
    int found = poll_row(c, e, poll_id, &t->poll);
    if (found <= 0) return found;
    int64_t chapter = json_integer_value(json_object_get(t->poll, "chapter_id"));
    int64_t committee = json_integer_value(json_object_get(t->poll, "committee_id"));
    if (!(t->options = poll_option_rows(c, e, poll_id)) || !(t->voters = poll_voter_rows(c, e, chapter, committee, now)) ||
        !(t->votes = poll_vote_rows(c, e, poll_id)) ||
        !(t->delegations = poll_delegation_rows(c, e, chapter, committee, poll_id)))
        goto fail;
    poll_shape_of(t->poll, t->options, &t->shape, t->labels);
    t->n = json_array_size(t->voters);
    if (resolve(t, e) < 0 || count(t, strict, e) < 0) goto fail;
    return 1;
fail:
    tally_free(t);
    return -1;
}

json_t *poll_tally(DbConn *c, Err *e, int64_t poll_id, int64_t now)
{
    Tally t;
    int found = tally_load(c, e, poll_id, now, true, &t);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such poll.");
        return NULL;
    }
    json_t *out = json_incref(t.count);
    tally_free(&t);
    return out;
}
