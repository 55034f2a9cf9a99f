/* store.h - the SQL of governance (private to src/governance/). One section
 * per file: store.c (committees, decisions), store_matters.c, store_polls.c,
 * store_elections.c. Functions return new JSON references (NULL on error) or
 * an int (1/0 found, -1 error); writers are called inside db_write. */
#ifndef GLOCAL_GOVERNANCE_STORE_H
#define GLOCAL_GOVERNANCE_STORE_H

#include "governance/governance.h"

/* ---------- names in the reader's language ----------
 * The SQL composes committee names in English ("Board", "Lisbon committee"),
 * so that they sort and compare the same in every query; gov_names puts them
 * in the thread's language (i18n_use) on the way out: the "committee_name" of
 * any row, and the "name" of a row that is a committee (it has a "level" or a
 * "key", the committee's). It takes an object or an array of objects, changes
 * them in place and returns its argument (NULL stays NULL). Every query of this store that reads such a
 * name goes through gov_row/gov_rows, which call it. */
json_t *gov_names(json_t *v);
int gov_named(int rc, json_t **out);
/* Mail is written in its reader's language, not the thread's: puts `name`, a
 * name as gov_names wrote it in the thread's language, into a message's data
 * at `key`. A committee's (committee: true) goes in as the mail's "_words"
 * ["%s committee", place] or "Board", which mail_queue translates for each
 * reader (mail.h); any other name (a chapter's) as it is. */
void gov_mail_name(json_t *data, const char *key, const char *name, bool committee);
#define gov_rows(...) gov_names(db_rows(__VA_ARGS__))
#define gov_row(c, e, out, ...) gov_named(db_row(c, e, out, __VA_ARGS__), out)

/* ---------- store.c: committees and decision records ---------- */
int committee_row_by_place(DbConn *c, Err *e, int64_t place_id, json_t **out);
int committee_row(DbConn *c, Err *e, int64_t id, json_t **out);
int place_kind_of(DbConn *c, Err *e, int64_t place_id, json_t **out);
int place_by_key(DbConn *c, Err *e, const char *slug, json_t **out);
int committee_insert(DbConn *c, Err *e, int64_t place_id, const char *level, int64_t now, int64_t *id);
int committee_update_row(DbConn *c, Err *e, int64_t id, int64_t seats, int64_t term_months, int64_t chair_id);
int committee_member_active(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t now);
json_t *committee_member_rows(DbConn *c, Err *e, int64_t committee_id, int64_t now);
int committee_member_insert(DbConn *c, Err *e, const SeatIn *in);
int committee_member_end(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t at);
json_t *committees_of_user(DbConn *c, Err *e, int64_t user_id, int64_t now);
int decision_insert(DbConn *c, Err *e, const DecisionIn *in, int64_t *id);
int decision_row(DbConn *c, Err *e, int64_t id, json_t **out);

/* ---------- store_matters.c (writers: 0 or -1) ---------- */
/* A place with its parent and grandparent and the facts of the path about
 * them: {id0, kind0, name0, slug0, id1.., id2.., n0, n1, n2, a10, a20, a21}
 * (see store_matters.c): 1, 0 no such place, -1. */
int place_chain_row(DbConn *c, Err *e, int64_t place_id, int64_t cap, json_t **out);
/* The newest updated_at of any chapter (0: none). */
int chapters_changed_at(DbConn *c, Err *e, int64_t *at);
/* Every place with its own chapters: [{id, parent_id, kind, name, slug, own_active, own_chapters}]. */
json_t *place_flat_rows(DbConn *c, Err *e);
/* Every committee with its members at `now` and the matters it holds. */
json_t *committee_counts(DbConn *c, Err *e, int64_t now);
json_t *seat_candidates(DbConn *c, Err *e, int64_t place_id, int64_t now);
int user_by_email(DbConn *c, Err *e, const char *email, json_t **out);
int user_brief(DbConn *c, Err *e, int64_t id, json_t **out);
int matter_insert(DbConn *c, Err *e, const MatterRaise *m, int64_t now, int64_t *id);
int matter_row(DbConn *c, Err *e, int64_t id, json_t **out);
int matter_summary_set(DbConn *c, Err *e, int64_t id, const char *title, const char *summary, int64_t by,
                       int64_t approved_at, int64_t now);
int matter_approved_set(DbConn *c, Err *e, int64_t id, int64_t now);
int matter_committee_set(DbConn *c, Err *e, int64_t id, int64_t committee_id, int64_t now);
int matter_close_set(DbConn *c, Err *e, int64_t id, const char *status, const char *resolution, int64_t decision_id,
                     int64_t now);
typedef struct MatterStep {
    int64_t matter_id;
    const char *scope, *action;
    int64_t committee_id, actor_id;
    const char *note;
    int64_t at;
} MatterStep;
int matter_step_insert(DbConn *c, Err *e, const MatterStep *s);
json_t *matter_step_rows(DbConn *c, Err *e, int64_t matter_id, bool committee_only);
json_t *matter_reached_rows(DbConn *c, Err *e, int64_t matter_id);
int chapter_role_of(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out);
json_t *chapter_matter_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset);
json_t *committee_matter_rows(DbConn *c, Err *e, int64_t committee_id, int64_t limit, int64_t offset);
int chapter_open_matters(DbConn *c, Err *e, int64_t chapter_id, int64_t *n);
json_t *committee_mail_rows(DbConn *c, Err *e, int64_t committee_id, int64_t now);
json_t *admin_mail_rows(DbConn *c, Err *e);
json_t *connector_mail_rows(DbConn *c, Err *e, int64_t chapter_id);

/* ---------- store_polls.c ---------- */
int poll_insert(DbConn *c, Err *e, const PollFields *f, int64_t by, int64_t now, int64_t *id);
int poll_option_insert(DbConn *c, Err *e, int64_t poll_id, int position, const char *label);
int poll_row(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *poll_option_rows(DbConn *c, Err *e, int64_t poll_id);
json_t *poll_rows_of_body(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t viewer, int64_t closed_limit,
                          int64_t closed_offset);
json_t *poll_open_ids(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id);
int poll_mark_closed(DbConn *c, Err *e, int64_t id, const char *outcome, int64_t review_at, int64_t at, int64_t decision_id);
json_t *polls_due_reminder(DbConn *c, Err *e, int64_t now, int64_t until);
int poll_mark_reminded(DbConn *c, Err *e, int64_t id, int64_t at);
json_t *poll_voter_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t now);
int poll_chapter_row(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out);
int poll_matter_row(DbConn *c, Err *e, int64_t matter_id, json_t **out);
json_t *poll_matter_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id);
int poll_vote_row(DbConn *c, Err *e, int64_t poll_id, int64_t user_id, json_t **out);
int poll_vote_upsert(DbConn *c, Err *e, int64_t poll_id, int64_t user_id, const char *value, const char *reason, int64_t at);
json_t *poll_vote_rows(DbConn *c, Err *e, int64_t poll_id);
int poll_vote_set_carried(DbConn *c, Err *e, int64_t poll_id, int64_t user_id, int64_t carried);
int poll_user_row(DbConn *c, Err *e, int64_t user_id, json_t **out);
json_t *poll_delegation_rows(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t poll_id);
json_t *poll_delegation_all(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id);
int poll_delegation_insert(DbConn *c, Err *e, const PollDelegate *d);
int poll_delegation_end(DbConn *c, Err *e, const PollDelegate *d);
json_t *poll_decision_rows(DbConn *c, Err *e, const DecisionFilter *f);
int poll_committee_by_key(DbConn *c, Err *e, const char *key, json_t **out);
int poll_chapter_by_slug(DbConn *c, Err *e, const char *slug, json_t **out);
json_t *poll_committee_options(DbConn *c, Err *e);
json_t *poll_place_options(DbConn *c, Err *e);

/* ---------- store_elections.c ---------- */
int election_insert(DbConn *c, Err *e, const ElectionIn *in, int64_t seats, int64_t *id);
int election_update_fields(DbConn *c, Err *e, int64_t id, const ElectionIn *in, int64_t seats);
int election_row(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *election_rows_of_committee(DbConn *c, Err *e, int64_t committee_id);
json_t *election_rows_all(DbConn *c, Err *e, int64_t limit, int64_t offset);
int election_set_status(DbConn *c, Err *e, int64_t id, const char *from, const char *to, int64_t now);
int election_mark_open(DbConn *c, Err *e, int64_t id, int64_t now, int64_t electorate);
int election_mark_closed(DbConn *c, Err *e, int64_t id, int64_t now, const char *box, const char *head, const char *signature,
                         const char *result);
int election_outcome_row(DbConn *c, Err *e, int64_t id, json_t **out);
int election_mark_reminded(DbConn *c, Err *e, int64_t id, int64_t now);
int election_mark_stalled(DbConn *c, Err *e, int64_t id, int64_t now);
int election_published(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *elections_due(DbConn *c, Err *e, int64_t now);
int may_stand_row(DbConn *c, Err *e, int64_t place_id, int64_t user_id, int64_t now);
json_t *standing_rows(DbConn *c, Err *e, int64_t place_id, int64_t election_id, int64_t now);
json_t *candidate_rows(DbConn *c, Err *e, int64_t election_id);
int candidate_row(DbConn *c, Err *e, int64_t election_id, int64_t user_id, json_t **out);
int candidate_insert(DbConn *c, Err *e, const NominationIn *in, const char *status);
int candidate_update(DbConn *c, Err *e, int64_t election_id, int64_t user_id, const char *status, const char *statement);
int candidate_set_position(DbConn *c, Err *e, int64_t election_id, int64_t user_id, int64_t position);
int electorate_freeze(DbConn *c, Err *e, int64_t election_id, int64_t place_id, bool members, int64_t now, int64_t *n);
int electorate_row(DbConn *c, Err *e, int64_t election_id, int64_t user_id, json_t **out);
int electorate_mark_voted(DbConn *c, Err *e, int64_t election_id, int64_t user_id);
int electorate_rewrite(DbConn *c, Err *e, int64_t election_id);
int electorate_voted_count(DbConn *c, Err *e, int64_t election_id, int64_t *n);
json_t *electorate_addresses(DbConn *c, Err *e, int64_t election_id, bool only_not_voted);
json_t *admin_addresses(DbConn *c, Err *e);
int user_address(DbConn *c, Err *e, int64_t id, json_t **out);
int ballot_insert(DbConn *c, Err *e, int64_t id, int64_t election_id, const char *tracker, const char *choice);
json_t *ballot_rows(DbConn *c, Err *e, int64_t election_id);
int ballot_by_tracker(DbConn *c, Err *e, int64_t election_id, const char *tracker, json_t **out);
json_t *body_rows(DbConn *c, Err *e);

#endif
