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

/* Digests an account's row (store_append.c): what it stands for, stored beside it. */
int account_digest_fill(DbConn *c, Err *e, int64_t id, char out[65]);
/* The account of a unit if there is one: 1 found, 0 none, -1 error. */
int account_find(DbConn *c, Err *e, const char *kind, int64_t ref_id, int64_t *id);
/* {id, kind, ref_id, name, purpose, parent_id, unit_kind, unit_ref} */
int account_get(DbConn *c, Err *e, int64_t id, json_t **out);
json_t *unit_baskets(DbConn *c, Err *e, int64_t parent);
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
/* What deciding who may read a line needs, and what a line hidden from them
 * adds up to. */
typedef struct LineHead {
    int64_t posting, tx, amount, decimals;
    const char *visibility, *resource, *resource_kind;
    Party parties[3];                /* payer, recipient, beneficiary (a basket's party is its unit) */
} LineHead;
/* Called with the head of each line, in order (its strings live until it
 * returns); returns whether the line is wanted. */
typedef bool (*LineFn)(void *ctx, const LineHead *h);
/* The heads of every line of a unit's accounts on days [from, to) (at most
 * limit of them), in the statement's order: the newest day first, the newest
 * in the chain within a day, a transaction's postings in their order; to fn
 * (its return is ignored); without their parties (kinds NULL) unless `parties`
 * (whether they may decide what the reader sees: ledger_visible_by_parties).
 * How many were read, or -1. */
int64_t unit_period_heads(DbConn *c, Err *e, int64_t account, const char *from, const char *to, int64_t limit, bool parties,
                          LineFn fn, void *ctx);
/* The lines (as unit_lines has them) of up to LINES_BY_POSTING postings, newest first. */
#define LINES_BY_POSTING 32
json_t *lines_by_posting(DbConn *c, Err *e, const int64_t *postings, int n);
/* The ids of a transaction's postings [{id}] (at most 32). */
json_t *transaction_posting_ids(DbConn *c, Err *e, int64_t tx);
/* The chapters whose own accounts (or baskets) a transaction moves [{chapter_id}]. */
json_t *transaction_chapters(DbConn *c, Err *e, int64_t tx);
/* A unit's balances before a day: [{resource, kind, decimals, amount}]. */
json_t *unit_opening(DbConn *c, Err *e, int64_t account, const char *before);
json_t *unit_totals(DbConn *c, Err *e, int64_t account);
json_t *all_lines(DbConn *c, Err *e, int64_t limit);
json_t *network_totals_by_resource(DbConn *c, Err *e);
/* A page of the chapters in a place (and below it) that have books, by name:
 * up to limit + 1 chapters from offset (the one more says a page follows),
 * a row per chapter and resource {id, slug, name, status, resource, kind,
 * decimals, inflow, outflow, total (how many chapters there are in all; -1
 * when not counted: a city's are not)}. */
json_t *place_comparison(DbConn *c, Err *e, int64_t place_id, int64_t limit, int64_t offset);

int claim_insert(DbConn *c, Err *e, const Claim *k, int64_t *id);
/* A page of the claims on a unit's books (its baskets' too), pending first,
 * then the newest claimed: limit rows from offset; by: only that member's
 * (0: everyone's). */
json_t *unit_claims(DbConn *c, Err *e, int64_t account, int64_t by, int64_t limit, int64_t offset);
/* How many claims unit_claims has in all (*n), and how many of them are pending (*pending). */
int unit_claims_count(DbConn *c, Err *e, int64_t account, int64_t by, int64_t *n, int64_t *pending);
int claim_get(DbConn *c, Err *e, int64_t id, json_t **out);
int claim_decide(DbConn *c, Err *e, int64_t id, const char *status, int64_t by, int64_t tx);

json_t *canvas_lines(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id);
int canvas_activities(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, json_t **out);
json_t *canvas_segments(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id);
json_t *canvas_text_get(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id);
int canvas_text_put(DbConn *c, Err *e, const char *unit_kind, int64_t unit_id, const char *block, const char *body, int64_t by);

/* A page of the organisations by name: limit rows from offset (web/paging.h). */
json_t *organisation_all(DbConn *c, Err *e, int64_t limit, int64_t offset);
int organisation_insert(DbConn *c, Err *e, const char *name, const char *slug, const char *kind, const char *website, int64_t *id);
/* store_orgs.c: an organisation's profile and managers. org_manager_is: 1, 0
 * or -1; org_manager_delete: the rows deleted (0: not a manager) or -1;
 * org_user_name: {id, name, email} of an account, 1, 0 none, -1. */
int org_manager_is(DbConn *c, Err *e, int64_t org_id, int64_t user_id);
json_t *org_manager_rows(DbConn *c, Err *e, int64_t org_id);
json_t *org_managed_rows(DbConn *c, Err *e, int64_t user_id);
int org_manager_count(DbConn *c, Err *e, int64_t org_id, int64_t *n);
int org_manager_insert(DbConn *c, Err *e, int64_t org_id, int64_t user_id, int64_t by, int64_t now);
int org_manager_delete(DbConn *c, Err *e, int64_t org_id, int64_t user_id);
int org_user_name(DbConn *c, Err *e, int64_t user_id, json_t **out);
/* {id, name, slug}: 1, 0 none, -1. */
int organisation_by_id(DbConn *c, Err *e, int64_t id, json_t **out);
/* Another organisation with the name: E_CONFLICT at "name". */
int organisation_update_row(DbConn *c, Err *e, const OrgProfile *o);

json_t *viewer_chapters(DbConn *c, Err *e, int64_t user_id);
json_t *chain_rows(DbConn *c, Err *e, int64_t after_seq, int64_t limit);
/* The number of the chain's last entry (0: an empty chain), from the index on seq. */
int chain_last_seq(DbConn *c, Err *e, int64_t *seq);
json_t *chain_postings(DbConn *c, Err *e, int64_t after_seq, int64_t limit);
/* The rows of ledger_totals that are not the sums of their postings (or are
 * missing, or have none, or pass what the books can count), up to `limit`:
 * [{account_id, resource, inflow, outflow (the postings'), kept_inflow,
 * kept_outflow, kept (0: no row), account_kind, account, resource_kind, decimals}]. */
json_t *totals_drift(DbConn *c, Err *e, int64_t limit);
/* The same for ledger_unit_totals: the rows that are not the sums of the
 * postings of their unit and its baskets (account_id: the unit's account). */
json_t *unit_totals_drift(DbConn *c, Err *e, int64_t limit);
/* The resources whose ledger_volume is not the sum of their totals' inflows: [{resource, kept, inflow}]. */
json_t *volume_drift(DbConn *c, Err *e);
/* Every resource with its digest; the accounts in pages by id, with theirs. */
json_t *resource_rows(DbConn *c, Err *e);
int account_count(DbConn *c, Err *e, int64_t *n);
json_t *account_rows(DbConn *c, Err *e, int64_t after, int64_t limit);
/* The entry at seq: {id, seq, hash}; 1, 0 none, -1. */
int chain_entry(DbConn *c, Err *e, int64_t seq, json_t **out);

int totals_rows(DbConn *c, Err *e, int64_t *n);
int unit_totals_rows(DbConn *c, Err *e, int64_t *n);

#endif
