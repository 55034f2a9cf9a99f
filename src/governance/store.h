/* store.h - the SQL of governance (private to src/governance/). One section
 * per file: store.c (committees, decisions), store_matters.c, store_polls.c,
 * store_elections.c. Functions return new JSON references (NULL on error) or
 * an int (1/0 found, -1 error); writers are called inside db_write. */
#ifndef GLOCAL_GOVERNANCE_STORE_H
#define GLOCAL_GOVERNANCE_STORE_H

#include "governance/governance.h"

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

/* ---------- store_matters.c ---------- */

/* ---------- store_polls.c ---------- */

/* ---------- store_elections.c ---------- */
int election_insert(DbConn *c, Err *e, const ElectionIn *in, int64_t seats, int64_t *id);
int election_update_fields(DbConn *c, Err *e, int64_t id, const ElectionIn *in, int64_t seats);
int election_row(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *election_rows_of_committee(DbConn *c, Err *e, int64_t committee_id);
json_t *election_rows_all(DbConn *c, Err *e);
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
