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
json_t *chapter_matter_rows(DbConn *c, Err *e, int64_t chapter_id);
json_t *committee_matter_rows(DbConn *c, Err *e, int64_t committee_id);
int chapter_open_matters(DbConn *c, Err *e, int64_t chapter_id, int64_t *n);
json_t *committee_mail_rows(DbConn *c, Err *e, int64_t committee_id, int64_t now);
json_t *admin_mail_rows(DbConn *c, Err *e);
json_t *connector_mail_rows(DbConn *c, Err *e, int64_t chapter_id);

/* ---------- store_polls.c ---------- */

/* ---------- store_elections.c ---------- */

#endif
