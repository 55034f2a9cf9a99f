/* ledger.h - the books (M7): every resource a community runs on — money, hours,
 * goods in kind, favours — in double entry, with earmarked baskets, transfers
 * between units, managed transparency, reports, the business-model canvas,
 * quick capture at meetings, a hash chain signed by the node, and exports.
 *
 * rules.c: pure rules (balancing, amounts, visibility, the hash of an entry,
 * CSV and journal formatting); store.c: all SQL; routes.c: the handlers;
 * chain.c: the chain head, its signature and `glocal verify`. */
#ifndef GLOCAL_LEDGER_H
#define GLOCAL_LEDGER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/progress.h"
#include "db/db.h"
#include "web/req.h"

#define LEDGER_MAX_POSTINGS 32
/* The lock every writer to the books holds (db_write_locked / db_lock): the
 * chain has one end, so appends take turns instead of failing and retrying. */
#define LEDGER_LOCK_KEY 0x4c454447455200LL
#define LEDGER_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct Posting {
    int64_t account_id;
    const char *resource;        /* "EUR", "HOURS", ... */
    int64_t amount;              /* minor units / minutes / items; + into the account */
    int64_t value_amount;        /* goods: their worth in value_currency (0: none) */
    const char *value_currency;  /* NULL when no valuation */
} Posting;

typedef struct Entry {
    int64_t seq;
    const char *kind, *description, *category, *occurred_on, *visibility;
    int64_t payer_id, recipient_id, beneficiary_id, approved_by, recorded_by, recorded_at, reverses_id, meeting_id;
    Posting postings[LEDGER_MAX_POSTINGS];
    int npostings;
} Entry;

/* --- rules.c --- */
/* The SHA-256 (hex, 64 characters + NUL) of an entry chained to the previous
 * hash: the canonical text is every field and every posting, in order, each
 * length-prefixed, so no two different entries share it. */
void ledger_hash(const char *prev_hash, const Entry *entry, char out[65]);
/* Checks that the postings balance per resource, name known accounts and
 * resources, carry no zero amounts; 0 or -1 with a sentence. */
int ledger_check_balance(const Entry *entry, Err *e);



/* An account named by a caller: "chapter:lisbon-fintech", "member:42",
 * "org:acme", "place:portugal", "network", "basket:17". */
typedef struct AccountRef {
    const char *kind;            /* network, place, chapter, member, organisation, basket */
    const char *key;             /* slug or number as given */
} AccountRef;
int account_ref_parse(Arena *a, const char *text, AccountRef *out, Err *e);

/* Amounts as people write them: "12.50" EUR -> 1250; "1.5" HOURS -> 90 minutes;
 * "3" GOODS -> 3. -1 with a sentence when malformed, negative or too precise. */
int amount_parse(const char *text, const char *resource_kind, int64_t decimals, int64_t *out, Err *e);
/* The reverse, for pages and exports: "12.50", "1.5" (hours), "3" (arena). */
char *amount_format(Arena *a, int64_t amount, const char *resource_kind, int64_t decimals);

bool ledger_kind_valid(const char *kind);
bool ledger_visibility_valid(const char *visibility);

/* Who reads, for the visibility rules. */
typedef struct Viewer {
    int64_t user_id;                 /* 0: anonymous */
    bool admin;
    const int64_t *member_of;        /* chapters the viewer belongs to */
    int nmember;
    const int64_t *connector_of;     /* chapters the viewer runs */
    int nconnector;
} Viewer;
/* A party of a transaction: the unit behind an account (a basket counts as its chapter's). */
typedef struct Party {
    const char *kind;                /* network, place, chapter, member, organisation */
    int64_t ref_id;
} Party;
/* Whether a viewer may read the lines of a transaction with this visibility
 * and these parties (payer, recipient, beneficiary):
 *   public:  everyone;  network: anyone logged in;
 *   unit:    members of a chapter party, the member party, administrators;
 *   parties: the member party, connectors of a chapter party, administrators. */
bool ledger_visible(const char *visibility, const Viewer *v, const Party *parties, int nparties);

/* CSV: a cell safe to open in a spreadsheet (text that could start a formula
 * is prefixed with a quote) and quoted as RFC 4180 wants. */
void csv_cell(Buf *b, const char *text, bool last);
/* A number the program wrote itself (never escaped: "-12.50" stays a number). */
void csv_number(Buf *b, const char *number, bool last);
/* A name usable as a plain-text accounting account segment (arena). */
char *journal_segment(Arena *a, const char *name);

/* --- chain.c --- */
/* Makes the node's Ed25519 signing key if it has none (inside db_write). */
int node_keys_ensure(DbConn *c, Err *e);
typedef struct VerifyReport {
    int64_t checked;                 /* transactions checked */
    int64_t bad_seq;                 /* the first broken one (0: none) */
    int64_t bad_id;
    char reason[200];
    int64_t totals_rows;             /* rows of ledger_totals checked */
    int64_t totals_bad_account;      /* the first account whose totals are not its postings' sums (0: none) */
    char totals_resource[16];
    char totals_reason[300];
} VerifyReport;
/* Recomputes the hash chain from the start, then the totals of every account
 * from its postings (ledger_totals); fills the report. 0 when the books could
 * be read (broken or not), -1 on a database error. `progress` (may be NULL)
 * counts the entries checked, in two stages: the chain, then the totals. */
int ledger_verify(DbConn *c, VerifyReport *out, Progress *progress, Err *e);

/* --- store.c (used by other features) --- */
/* The account of a unit, made on first use (inside db_write). */
int account_of(DbConn *c, Err *e, const char *kind, int64_t ref_id, int64_t *id);
/* The account a reference names (account_ref_parse): 0, or -1 (404 when there is none). */
int account_resolve(DbConn *c, Err *e, const AccountRef *ref, int64_t *id);
/* An earmarked basket under a unit's account (409 when the unit has one of that name). */
int basket_insert(DbConn *c, Err *e, int64_t parent, const char *name, const char *purpose, int64_t *id);
/* What an account holds, per resource it has seen, from ledger_totals (with
 * what this transaction appended): [{resource, kind, decimals, balance,
 * inflow, outflow}], by kind of resource, then code (new reference). */
json_t *account_balances(DbConn *c, Err *e, int64_t account);
/* What a basket holds of a resource (with what this transaction appended). */
int basket_balance(DbConn *c, Err *e, int64_t basket, const char *resource, int64_t *out);
/* {id, name, slug, kind, website, created_at}: 1 found, 0 none, -1 error. */
int organisation_by_slug(DbConn *c, Err *e, const char *slug, json_t **out);
/* Appends a balanced entry to the chain (inside db_write): fills seq and the
 * hashes, inserts it and its postings, and adds the postings to their
 * accounts' totals (ledger_totals); *id is the new transaction. An
 * idempotency key already used by `recorded_by` returns that transaction
 * with *existing set. */
int ledger_append(DbConn *c, Err *e, Entry *entry, const char *idem_key, int64_t *id, bool *existing);
/* The transaction `user` recorded with this idempotency key: 1 found (*id),
 * 0 none, -1 error — a conflict (409) when the key was used for a transaction
 * of another kind or description. */
int ledger_idempotent(DbConn *c, Err *e, int64_t user, const char *key, const char *kind, const char *description, int64_t *id);

/* --- post.c (used by other features) --- */
/* Posts the reversal of transaction `tx` (a refund, a correction): the same
 * postings with their signs turned, chained as a new entry. Refuses a
 * reversal, a transaction reversed already, and one whose reversal would take
 * more out of a basket than it holds (409). *id: the reversal. */
int ledger_reverse_entry(DbConn *c, Err *e, Arena *a, int64_t tx, int64_t by, int64_t *id);

/* --- handlers (see src/routes.h) --- */
int ledger_network(Req *r);
int ledger_head(Req *r);
int ledger_chapter(Req *r);
int ledger_record(Req *r);
int ledger_reverse(Req *r);
int basket_create(Req *r);
int claim_create(Req *r);
int claim_approve(Req *r);
int claim_decline(Req *r);
int meeting_contributions(Req *r);
int ledger_place(Req *r);
int canvas_chapter(Req *r);
int canvas_place(Req *r);
int canvas_network(Req *r);
int canvas_update(Req *r);
int canvas_network_update(Req *r);
int ledger_export_csv(Req *r);
int ledger_export_journal(Req *r);
int organisations_index(Req *r);
int organisation_create(Req *r);
int organisation_show(Req *r);
int ledger_mine(Req *r);

#endif
