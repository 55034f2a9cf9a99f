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

#endif
