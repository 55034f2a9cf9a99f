/* store.h - the books' storage functions used by their handlers (private to src/ledger/). */
#ifndef GLOCAL_LEDGER_STORE_H
#define GLOCAL_LEDGER_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "ledger/ledger.h"

typedef struct Claim {
    int64_t account_id, payee_id, amount, claimed_by;
    const char *resource, *description, *category, *occurred_on, *visibility;
} Claim;

/* The account of a unit if there is one: 1 found, 0 none, -1 error. */
int account_find(DbConn *c, Err *e, const char *kind, int64_t ref_id, int64_t *id);
/* {id, kind, ref_id, name, purpose, parent_id, unit_kind, unit_ref} */
int account_get(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *unit_baskets(DbConn *c, Err *e, int64_t parent);
json_t *account_balances(DbConn *c, Err *e, int64_t account);
int resource_get(DbConn *c, Err *e, const char *code, json_t **out);
json_t *resource_all(DbConn *c, Err *e);

int ledger_head_row(DbConn *c, Err *e, json_t **out);
int transaction_get(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *transaction_postings(DbConn *c, Err *e, int64_t id);
/* The postings with their account's kind and name and their resource's kind. */
json_t *transaction_postings_named(DbConn *c, Err *e, int64_t id);

/* Lines (postings with their transaction and parties) of a unit's accounts on
 * days [from, to), newest first. */
json_t *unit_lines(DbConn *c, Err *e, int64_t account, const char *from, const char *to, int64_t limit);
json_t *unit_opening(DbConn *c, Err *e, int64_t account, const char *before);
json_t *unit_totals(DbConn *c, Err *e, int64_t account);
json_t *all_lines(DbConn *c, Err *e, int64_t limit);
json_t *network_totals_by_resource(DbConn *c, Err *e);
json_t *place_comparison(DbConn *c, Err *e, int64_t place_id);

int claim_insert(DbConn *c, Err *e, const Claim *k, int64_t *id);
json_t *unit_claims(DbConn *c, Err *e, int64_t account);
int claim_get(DbConn *c, Err *e, int64_t id, json_t **out);
int claim_decide(DbConn *c, Err *e, int64_t id, const char *status, int64_t by, int64_t tx);

json_t *canvas_lines(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id);
int canvas_activities(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, json_t **out);
json_t *canvas_segments(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id);
json_t *canvas_text_get(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id);
int canvas_text_put(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, const char *block, const char *body, int64_t by);

json_t *organisation_all(DbConn *c, Err *e);
int organisation_insert(DbConn *c, Err *e, const char *name, const char *slug, const char *kind, const char *website, int64_t *id);

json_t *viewer_chapters(DbConn *c, Err *e, int64_t user_id);
json_t *chain_rows(DbConn *c, Err *e, int64_t after_seq, int64_t limit);
json_t *chain_postings(DbConn *c, Err *e, int64_t after_seq, int64_t limit);

#endif
