/* rules_polls.c - the rules of proposals and polls, pure (no SQL, no clock):
 * the kinds and what a voter does in each, checking a vote of every kind and
 * keeping it as JSON, counting each kind (ranked choice through stv_count
 * with one seat, i.e. instant runoff), the quorum, delegation (transitive:
 * who carries whose vote, and which delegations are refused), the fields of
 * a new poll and of the close, and when votes and results may be seen. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "governance/governance.h"

static const struct {
    const char *name, *label, *help;
} kinds[] = {
    { "proposal", N_("Proposal"),
      N_("Agree, abstain, disagree or block, each with a reason. A block says you cannot live with it, so it must say why.") },
    { "single", N_("Single choice"), N_("Choose one option. The option with the most votes leads.") },
    { "approval", N_("Approval"), N_("Approve every option you could accept. The option with the most approvals leads.") },
    { "score", N_("Score"), N_("Give every option a score from 0 to the maximum. The option with the highest total leads.") },
    { "ranked", N_("Ranked choice"),
      N_("Rank the options in order of preference. Counted by instant runoff: the option with the fewest first "
      "preferences drops out and its votes go to their next choice, until one option has a majority.") },
    { "dots", N_("Dot vote"), N_("Spread your dots over the options, as many on one as you like. The option with the most dots leads.") },
};
#define KINDS (sizeof kinds / sizeof kinds[0])

static const char *const position_names[POSITIONS] = { "agree", "abstain", "disagree", "block" };
static const char *const position_labels[POSITIONS] = { N_("Agree"), N_("Abstain"), N_("Disagree"), N_("Block") };

static int kind_index(const char *kind)
{
    for (size_t i = 0; i < KINDS; i++)
        if (str_eq(kinds[i].name, kind)) return (int)i;
    return -1;
}

bool poll_kind_valid(const char *kind) { return kind_index(kind) >= 0; }

const char *poll_kind_msgid(const char *kind)
{
    int i = kind_index(kind);
    return i < 0 ? N_("Poll") : kinds[i].label;
}

const char *poll_kind_help_msgid(const char *kind)
{
    int i = kind_index(kind);
    return i < 0 ? "" : kinds[i].help;
}

const char *poll_kind_label(const char *kind) { return tr(poll_kind_msgid(kind)); }

const char *poll_kind_help(const char *kind)
{
    const char *help = poll_kind_help_msgid(kind);
    return *help ? tr(help) : "";
}

const char *proposal_position_name(int position)
{
    return position >= 0 && position < POSITIONS ? position_names[position] : "";
}

const char *proposal_position_label(int position)
{
    return position >= 0 && position < POSITIONS ? tr(position_labels[position]) : "";
}

int proposal_position_of(const char *name)
{
    for (int i = 0; i < POSITIONS; i++)
        if (str_eq(position_names[i], name)) return i;
    return -1;
}

static bool is(const PollShape *p, const char *kind) { return str_eq(p->kind, kind); }

/* The label of option i, for sentences. */
static const char *label_of(const PollShape *p, int i, char *buf, size_t n)
{
    if (p->labels && p->labels[i]) return p->labels[i];
    snprintf(buf, n, "option %d", i + 1);
    return buf;
}

/* ---------- checking a vote ---------- */

int poll_vote_ranking(PollVoteIn *v, const int64_t *order, int n, int options, Err *e)
{
    for (int i = 0; i < n; i++) {
        int64_t pos = order[i];
        if (pos < 0 || pos >= options || pos >= POLL_OPTIONS_MAX)
            return err_field(e, E_INVALID, "ranking", "%lld is not one of this poll's options (0 to %d).", (long long)pos,
                             options - 1);
        if (v->given[pos] && v->marks[pos] > 0)
            return err_field(e, E_INVALID, "ranking", "Option %lld is ranked twice: rank each option once.", (long long)pos);
        v->marks[pos] = i + 1;
        v->given[pos] = true;
    }
    return 0;
}

static int check_proposal(const PollVoteIn *v, PollBallot *out, Err *e)
{
    out->position = proposal_position_of(v->position);
    if (out->position < 0)
        return err_field(e, E_INVALID, "position", "Choose agree, abstain, disagree or block.");
    if (out->position == POSITION_BLOCK && str_empty(v->reason))
        return err_field(e, E_INVALID, "reason",
                         "A block needs a reason: say why you cannot live with this, and what would have to change.");
    return 0;
}

static int check_approval(const PollShape *p, const PollVoteIn *v, PollBallot *out, Err *e)
{
    int64_t approved = 0;
    for (int i = 0; i < p->options; i++) {
        int64_t m = v->given[i] ? v->marks[i] : 0;
        if (m != 0 && m != 1) return err_field(e, E_INVALID, "choices", "Approve an option or leave it out.");
        out->marks[i] = m;
        approved += m;
    }
    if (!approved) return err_field(e, E_INVALID, "choices", "Approve at least one option.");
    return 0;
}

static int check_score(const PollShape *p, const PollVoteIn *v, PollBallot *out, Err *e)
{
    char buf[32];
    for (int i = 0; i < p->options; i++) {
        if (!v->given[i])
            return err_field(e, E_INVALID, "scores", "Give every option a score from 0 to %lld (\"%s\" has none).",
                             (long long)p->score_max, label_of(p, i, buf, sizeof buf));
        if (v->marks[i] < 0 || v->marks[i] > p->score_max)
            return err_field(e, E_INVALID, "scores", "Scores go from 0 to %lld (\"%s\" has %lld).", (long long)p->score_max,
                             label_of(p, i, buf, sizeof buf), (long long)v->marks[i]);
        out->marks[i] = v->marks[i];
    }
    return 0;
}

static int check_ranked(const PollShape *p, const PollVoteIn *v, PollBallot *out, Err *e)
{
    int ranked = 0;
    for (int i = 0; i < p->options; i++) {
        int64_t rank = v->given[i] ? v->marks[i] : 0;
        if (rank < 0 || rank > p->options)
            return err_field(e, E_INVALID, "ranking", "Ranks go from 1 (your first choice) to %d.", p->options);
        for (int k = 0; k < i && rank; k++)
            if (out->marks[k] == rank)
                return err_field(e, E_INVALID, "ranking", "Each rank once: two options are ranked %lld.", (long long)rank);
        out->marks[i] = rank;
        ranked += rank > 0;
    }
    if (!ranked) return err_field(e, E_INVALID, "ranking", "Rank at least one option: 1 for your first choice.");
    /* ranks 1, 3, 4 become 1, 2, 3: only the order counts */
    for (int want = 1; want <= ranked; want++) {
        int best = -1;
        for (int i = 0; i < p->options; i++)
            if (out->marks[i] >= want && (best < 0 || out->marks[i] < out->marks[best])) best = i;
        out->marks[best] = want;
    }
    return 0;
}

static int check_dots(const PollShape *p, const PollVoteIn *v, PollBallot *out, Err *e)
{
    int64_t spent = 0;
    for (int i = 0; i < p->options; i++) {
        int64_t d = v->given[i] ? v->marks[i] : 0;
        if (d < 0) return err_field(e, E_INVALID, "dots", "Put no dots, or some, on an option: not fewer than none.");
        out->marks[i] = d;
        spent += d;
    }
    if (!spent) return err_field(e, E_INVALID, "dots", "Spend at least one dot.");
    if (spent > p->dots)
        return err_field(e, E_INVALID, "dots", "You have %lld dots to spend; these add up to %lld.", (long long)p->dots,
                         (long long)spent);
    return 0;
}

int poll_vote_check(const PollShape *p, const PollVoteIn *v, PollBallot *out, Err *e)
{
    memset(out, 0, sizeof *out);
    out->position = -1;
    if (v->bad_field) return err_field(e, E_INVALID, v->bad_field, "Give whole numbers.");
    if (v->reason && str_utf8_len(v->reason) > POLL_REASON_MAX)
        return err_field(e, E_INVALID, "reason", "Please keep the reason under %d characters.", POLL_REASON_MAX);
    if (is(p, "proposal")) return check_proposal(v, out, e);
    if (p->options < 1 || p->options > POLL_OPTIONS_MAX) return err_set(e, E_INTERNAL, "This poll has no options.");
    if (is(p, "single")) {
        if (v->choice < 0 || v->choice >= p->options) return err_field(e, E_INVALID, "choice", "Choose one of the options.");
        out->marks[v->choice] = 1;
        return 0;
    }
    if (is(p, "approval")) return check_approval(p, v, out, e);
    if (is(p, "score")) return check_score(p, v, out, e);
    if (is(p, "ranked")) return check_ranked(p, v, out, e);
    if (is(p, "dots")) return check_dots(p, v, out, e);
    return err_set(e, E_INTERNAL, "Unknown kind of poll: %s.", p->kind ? p->kind : "");
}

/* ---------- the kept value ---------- */

/* The options ranked, most preferred first: their number. */
static int ranking_of(const PollShape *p, const PollBallot *b, int order[POLL_OPTIONS_MAX])
{
    int n = 0;
    for (int rank = 1; rank <= p->options; rank++)
        for (int i = 0; i < p->options; i++)
            if (b->marks[i] == rank) order[n++] = i;
    return n;
}

json_t *poll_ballot_json(const PollShape *p, const PollBallot *b)
{
    if (is(p, "proposal")) return json_pack("{s:s}", "position", proposal_position_name(b->position));
    json_t *list = json_array();
    if (is(p, "single")) {
        json_decref(list);
        for (int i = 0; i < p->options; i++)
            if (b->marks[i]) return json_pack("{s:i}", "choice", i);
        return json_pack("{s:i}", "choice", -1);
    }
    if (is(p, "ranked")) {
        int order[POLL_OPTIONS_MAX];
        int n = ranking_of(p, b, order);
        for (int i = 0; i < n; i++) json_array_append_new(list, json_integer(order[i]));
        return json_pack("{s:o}", "ranking", list);
    }
    for (int i = 0; i < p->options; i++) {
        if (is(p, "approval") && !b->marks[i]) continue;
        json_array_append_new(list, json_integer(is(p, "approval") ? i : b->marks[i]));
    }
    return json_pack("{s:o}", is(p, "approval") ? "choices" : is(p, "score") ? "scores" : "dots", list);
}

int poll_ballot_parse(const PollShape *p, json_t *value, PollBallot *out)
{
    memset(out, 0, sizeof *out);
    out->position = -1;
    if (!json_is_object(value)) return -1;
    if (is(p, "proposal")) {
        out->position = proposal_position_of(json_string_value(json_object_get(value, "position")));
        return out->position < 0 ? -1 : 0;
    }
    if (is(p, "single")) {
        json_int_t c = json_integer_value(json_object_get(value, "choice"));
        if (!json_is_integer(json_object_get(value, "choice")) || c < 0 || c >= p->options) return -1;
        out->marks[c] = 1;
        return 0;
    }
    const char *key = is(p, "approval") ? "choices" : is(p, "score") ? "scores" : is(p, "ranked") ? "ranking" : "dots";
    json_t *list = json_object_get(value, key);
    if (!json_is_array(list) || json_array_size(list) > (size_t)p->options) return -1;
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        json_int_t v = json_integer_value(x);
        if (!json_is_integer(x) || v < 0) return -1;
        if (is(p, "approval") || is(p, "ranked")) {
            if (v >= p->options || out->marks[v]) return -1;
            out->marks[v] = is(p, "approval") ? 1 : (int64_t)i + 1;
        } else {
            out->marks[i] = v;
        }
    }
    return 0;
}

char *poll_ballot_text(Arena *a, const PollShape *p, const PollBallot *b)
{
    if (is(p, "proposal")) return arena_strdup(a, proposal_position_label(b->position));
    Buf t;
    buf_init(&t, a);
    char buf[32];
    if (is(p, "ranked")) {
        int order[POLL_OPTIONS_MAX];
        int n = ranking_of(p, b, order);
        for (int i = 0; i < n; i++) buf_printf(&t, "%s%d. %s", i ? ", " : "", i + 1, label_of(p, order[i], buf, sizeof buf));
        return (char *)buf_str(&t);
    }
    bool first = true;
    for (int i = 0; i < p->options; i++) {
        if (!b->marks[i] && !is(p, "score")) continue;
        buf_adds(&t, first ? "" : is(p, "single") || is(p, "approval") ? ", " : " · ");
        buf_adds(&t, label_of(p, i, buf, sizeof buf));
        if (is(p, "score") || is(p, "dots")) buf_printf(&t, " %lld", (long long)b->marks[i]);
        first = false;
    }
    return (char *)buf_str(&t);
}

/* ---------- counting ---------- */

static void option_line(json_t *list, int pos, const char *label, int64_t value, const char *text, int64_t whole)
{
    int64_t share = whole > 0 ? (value * 100 + whole / 2) / whole : 0;
    json_array_append_new(list, json_pack("{s:i, s:s, s:I, s:s, s:I}", "position", pos, "label", label ? label : "", "value",
                                          (json_int_t)value, "value_text", text, "share", (json_int_t)share));
}

static const char *plural(char *buf, size_t n, int64_t v, const char *one, const char *many)
{
    snprintf(buf, n, "%lld %s", (long long)v, v == 1 ? one : many);
    return buf;
}

/* The options with the highest value (none when nothing was counted). */
static json_t *leaders(const int64_t *value, int n)
{
    int64_t best = 0;
    for (int i = 0; i < n; i++)
        if (value[i] > best) best = value[i];
    json_t *out = json_array();
    for (int i = 0; i < n && best > 0; i++)
        if (value[i] == best) json_array_append_new(out, json_integer(i));
    return out;
}

static json_t *count_proposal(const PollBallot *b, size_t n)
{
    int64_t at[POSITIONS] = { 0 };
    for (size_t k = 0; k < n; k++)
        if (b[k].position >= 0 && b[k].position < POSITIONS) at[b[k].position]++;
    json_t *options = json_array();
    char text[48];
    for (int i = 0; i < POSITIONS; i++)
        option_line(options, i, position_labels[i], at[i], plural(text, sizeof text, at[i], "vote", "votes"), (int64_t)n);
    return json_pack("{s:s, s:I, s:o, s:[], s:I}", "kind", "proposal", "ballots", (json_int_t)n, "options", options, "leading",
                     "blocks", (json_int_t)at[POSITION_BLOCK]);
}

/* Instant runoff: stv_count with one seat over the rankings. */
static json_t *runoff(const PollShape *p, const PollBallot *b, size_t n, Err *e)
{
    int32_t *prefs = xmalloc(sizeof *prefs * (n * (size_t)p->options + 1));
    uint32_t *start = xmalloc(sizeof *start * (n + 1));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int order[POLL_OPTIONS_MAX];
        int m = ranking_of(p, &b[i], order);
        start[i] = (uint32_t)k;
        for (int j = 0; j < m; j++) prefs[k++] = order[j];
    }
    start[n] = (uint32_t)k;
    CountInput in = { .candidates = p->options, .seats = 1, .n = n, .prefs = prefs, .start = start, .names = p->labels };
    json_t *r = stv_count(&in, e);
    free(prefs);
    free(start);
    return r;
}

json_t *poll_count(const PollShape *p, const PollBallot *b, size_t n, Err *e)
{
    if (is(p, "proposal")) return count_proposal(b, n);
    if (p->options < 1 || p->options > POLL_OPTIONS_MAX) {
        err_set(e, E_INTERNAL, "A poll has from 1 to %d options.", POLL_OPTIONS_MAX);
        return NULL;
    }
    int64_t value[POLL_OPTIONS_MAX] = { 0 }, all = 0;
    for (size_t k = 0; k < n; k++)
        for (int i = 0; i < p->options; i++) {
            int64_t m = b[k].marks[i];
            value[i] += is(p, "ranked") ? m == 1 : m;
        }
    for (int i = 0; i < p->options; i++) all += value[i];
    json_t *options = json_array(), *out = json_pack("{s:s, s:I}", "kind", p->kind, "ballots", (json_int_t)n);
    char text[80], buf[32];
    for (int i = 0; i < p->options; i++) {
        const char *label = label_of(p, i, buf, sizeof buf);
        if (is(p, "single")) option_line(options, i, label, value[i], plural(text, sizeof text, value[i], "vote", "votes"), (int64_t)n);
        else if (is(p, "approval"))
            option_line(options, i, label, value[i], plural(text, sizeof text, value[i], "approval", "approvals"), (int64_t)n);
        else if (is(p, "ranked"))
            option_line(options, i, label, value[i],
                        plural(text, sizeof text, value[i], "first preference", "first preferences"), (int64_t)n);
        else if (is(p, "dots")) option_line(options, i, label, value[i], plural(text, sizeof text, value[i], "dot", "dots"), all);
        else {
            int64_t avg = n ? (value[i] * 100 + (int64_t)n / 2) / (int64_t)n : 0;
            snprintf(text, sizeof text, "%lld.%02lld average · %lld %s", (long long)(avg / 100), (long long)(avg % 100),
                     (long long)value[i], value[i] == 1 ? "point" : "points");
            option_line(options, i, label, value[i], text, (int64_t)n * p->score_max);
        }
    }
    json_object_set_new(out, "options", options);
    if (!is(p, "ranked") || n == 0 || p->first_only) {
        json_object_set_new(out, "leading", is(p, "ranked") ? json_array() : leaders(value, p->options));
        return out;
    }
    json_t *r = runoff(p, b, n, e);
    if (!r) {
        json_decref(out);
        return NULL;
    }
    json_t *winners = json_object_get(r, "winners");
    json_object_set(out, "leading", json_is_array(winners) ? winners : json_array());
    json_object_set_new(out, "runoff", r);
    return out;
}

int64_t poll_quorum_needed(int64_t eligible, int64_t pct)
{
    if (eligible <= 0 || pct <= 0) return 0;
    return (eligible * pct + 99) / 100;
}

/* ---------- delegation ---------- */

static long index_of(const int64_t *voters, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (voters[i] == id) return (long)i;
    return -1;
}

void poll_delegation_resolve(const int64_t *voters, const bool *voted, size_t n, const PollDelegation *edges, size_t m,
                             int64_t *carrier)
{
    long *next = xmalloc(sizeof *next * (n ? n : 1));
    for (size_t i = 0; i < n; i++) next[i] = -1;
    for (size_t k = 0; k < m; k++) {
        long from = index_of(voters, n, edges[k].from);
        if (from >= 0) next[from] = index_of(voters, n, edges[k].to);
    }
    for (size_t i = 0; i < n; i++) {
        long at = (long)i;
        size_t steps = 0;
        while (at >= 0 && !voted[at] && steps++ <= n) at = next[at];
        carrier[i] = at >= 0 && voted[at] ? voters[at] : 0;
    }
    free(next);
}

int poll_delegation_check(int64_t from, int64_t to, bool to_votes_there, const PollDelegation *edges, size_t m,
                          const char *to_name, Err *e)
{
    if (from == to)
        return err_field(e, E_INVALID, "to", "You cannot give your vote to yourself: to vote yourself, just vote.");
    if (!to_votes_there)
        return err_field(e, E_INVALID, "to", "%s does not vote here: you can give your vote only to someone who votes in the same body.",
                         to_name && *to_name ? to_name : "That person");
    /* follow the chain from `to` (ignoring from's own delegation, which this one replaces) */
    int64_t at = to;
    for (size_t steps = 0; steps <= m; steps++) {
        int64_t next = 0;
        for (size_t k = 0; k < m; k++)
            if (edges[k].from == at && edges[k].from != from) next = edges[k].to;
        if (!next) return 0;
        if (next == from)
            return err_field(e, E_INVALID, "to",
                             "%s already gives their vote, directly or through others, to you: giving yours to them would "
                             "make a loop in which no one votes.",
                             to_name && *to_name ? to_name : "That person");
        at = next;
    }
    return 0;
}

/* ---------- the fields of a poll, voting and closing ---------- */

static void options_problems(const PollFields *f, FieldErrs *problems)
{
    if (f->too_many_options) {
        field_err(problems, "options", "A poll has at most %d options.", POLL_OPTIONS_MAX);
        return;
    }
    if (f->n_options < 2) {
        field_err(problems, "options", "Give at least two options, one a line.");
        return;
    }
    for (int i = 0; i < f->n_options; i++) {
        if (str_empty(f->options[i])) {
            field_err(problems, "options", "Option %d is empty.", i + 1);
            return;
        }
        if (str_utf8_len(f->options[i]) > 200) {
            field_err(problems, "options", "Please keep each option under 200 characters (option %d is longer).", i + 1);
            return;
        }
        for (int k = 0; k < i; k++)
            if (str_eq(f->options[k], f->options[i])) {
                field_err(problems, "options", "Each option once: \"%s\" comes twice.", f->options[i]);
                return;
            }
    }
}

void poll_fields_problems(const PollFields *f, int64_t now, FieldErrs *problems)
{
    if (!poll_kind_valid(f->kind))
        field_err(problems, "kind", "Choose the kind: proposal, single choice, approval, score, ranked choice or dot vote.");
    if (str_empty(f->title))
        field_err(problems, "title", "Give it a title: the proposal or the question, e.g. \"Meet on Thursdays from May\".");
    else if (str_utf8_len(f->title) > 200) field_err(problems, "title", "Please keep the title under 200 characters.");
    else if (!str_single_line(f->title)) field_err(problems, "title", "Please keep the title on one line (without line breaks).");
    if (f->body && strlen(f->body) > 20000) field_err(problems, "body", "Please keep the details under 20,000 characters.");
    if (poll_kind_valid(f->kind) && !str_eq(f->kind, "proposal")) options_problems(f, problems);
    if (str_eq(f->kind, "score") && (f->score_max < 1 || f->score_max > 100))
        field_err(problems, "score_max", "The highest score is from 1 to 100.");
    if (str_eq(f->kind, "dots") && (f->dots < 1 || f->dots > 1000))
        field_err(problems, "dots", "Each voter has from 1 to 1,000 dots.");
    if (f->quorum_pct < 0 || f->quorum_pct > 100)
        field_err(problems, "quorum_pct", "The quorum is a percentage of the voters, from 0 (none) to 100.");
    int64_t opens = f->opens_at ? f->opens_at : now;
    if (f->opens_at && f->opens_at < now - 600) field_err(problems, "opens_at", "A poll cannot open in the past.");
    if (!f->closes_at) field_err(problems, "closes_at", "Say when voting closes.");
    else if (f->closes_at < opens + 3600) field_err(problems, "closes_at", "Voting closes at least an hour after it opens.");
    else if (f->closes_at - opens > POLL_LONGEST_SECONDS) field_err(problems, "closes_at", "A poll stays open for at most three months.");
}

int poll_voting_check(const char *status, int64_t opens_at, int64_t closes_at, int64_t now, const char *opens_text,
                      const char *closes_text, Err *e)
{
    if (str_eq(status, "closed"))
        return err_set(e, E_CONFLICT, "This poll is closed: its outcome is on record and votes can no longer change.");
    if (now >= closes_at)
        return err_set(e, E_CONFLICT, "Voting closed on %s: votes after the close are not counted.",
                       closes_text ? closes_text : "the closing date");
    if (now < opens_at) return err_set(e, E_CONFLICT, "Voting opens on %s.", opens_text ? opens_text : "its opening date");
    return 0;
}

void poll_close_problems(const char *outcome, int64_t review_at, int64_t now, FieldErrs *problems)
{
    if (str_empty(outcome))
        field_err(problems, "outcome",
                  "Write the outcome: what was decided, in a sentence or two (\"quorum not reached\" is an outcome too).");
    else if (str_utf8_len(outcome) > POLL_OUTCOME_MAX)
        field_err(problems, "outcome", "Please keep the outcome under %d characters.", POLL_OUTCOME_MAX);
    if (!review_at) field_err(problems, "review_at", "Choose a date to look at this decision again.");
    else if (review_at <= now) field_err(problems, "review_at", "The review date is after today.");
    else if (review_at - now > POLL_REVIEW_LONGEST_SECONDS) field_err(problems, "review_at", "Review it within five years.");
}

bool poll_results_visible(bool closed, bool voted) { return closed || voted; }
