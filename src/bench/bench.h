/* bench.h - `glocal bench-data`: a network at scale for the benchmark.
 *
 * data.c decides everything (a fixed-seed generator: the same plan on every run
 * and on both databases; only the times follow the clock, and the API tokens
 * are random secrets) and drives the stages; store.c holds all of its SQL.
 * The plan lives in C and, for the set-based statements, in a few temporary
 * tables of the generating connection:
 *
 *   bench_plan(chapter_id, base, size, connectors, metro_id, sector_offset, created_at)
 *       chapter i has `size` members, the users base+1 .. base+size (each
 *       member belongs to exactly one chapter; the users after the last block
 *       belong to none: guests, former members, people who never joined);
 *   bench_slots(k)      0, 1, 2 ... (member k of a chapter, RSVP k of a meeting);
 *   bench_first(i, name), bench_last(i, name), bench_org(i, name): name parts.
 *
 * Identifiers are given explicitly (a fresh database, so they are 1, 2, 3...
 * in the order of the plan); on PostgreSQL the identity sequences are moved
 * past them at the end (bench_sequences_fix). Every function returns 0 (or a
 * count) and -1 with e filled. The writers run inside db_write. */
#ifndef GLOCAL_BENCH_H
#define GLOCAL_BENCH_H

#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

/* What the ledger postings of a transaction are, derived from its sequence
 * number and description only, so that the set-based INSERT of the postings
 * (store.c) writes exactly what data.c hashed. bench_posting_amount is the
 * C side of the CASE in bench_postings_insert: the two must stay equal (the
 * generator checks a sample of the chain after writing it). */
#define BENCH_DESC_HOURS    "Hours given"
#define BENCH_DESC_MONEY    "Contribution"
#define BENCH_DESC_TRANSFER "Transfer"
static inline int64_t bench_posting_amount(const char *description, int64_t seq)
{
    if (description[0] == 'H') return 30 * (1 + seq % 16);              /* 30 minutes to 8 hours */
    if (description[0] == 'C') return 500 * (1 + (seq * 7) % 40);       /* 5 to 200 EUR, in cents */
    return 2500 * (1 + (seq * 13) % 40);                                /* 25 to 1000 EUR */
}
static inline const char *bench_posting_resource(const char *description)
{
    return description[0] == 'H' ? "HOURS" : "EUR";
}

/* ---------- store.c ---------- */

/* How many rows the tables that make a network already have. */
int bench_existing_rows(DbConn *c, Err *e, int64_t *n);
/* The generating connection (from the pool, used by nothing else) set up for a
 * bulk load, and back; its transactions (see store.c for why not db_write). */
int bench_connection_bulk(DbConn *c, Err *e);
int bench_connection_restore(DbConn *c, Err *e);
int bench_begin(DbConn *c, Err *e);
int bench_commit(DbConn *c, Err *e);
void bench_rollback(DbConn *c);
int bench_temp_tables(DbConn *c, Err *e);
int bench_temp_drop(DbConn *c, Err *e);
int bench_slot_insert(DbConn *c, Err *e, int64_t k);
int bench_name_insert(DbConn *c, Err *e, int which, int64_t i, const char *name);   /* which: 0 first, 1 last, 2 organisation */

int bench_setting(DbConn *c, Err *e, const char *key, const char *value, int64_t now);
int bench_pledge(DbConn *c, Err *e, const char *title, const char *body, int64_t at);
int bench_place_insert(DbConn *c, Err *e, int64_t id, int64_t parent, const char *kind, const char *name,
                       const char *slug, const char *tz, int64_t at);
int bench_sector_insert(DbConn *c, Err *e, int64_t id, const char *name, const char *slug, const char *description,
                        int64_t at);
/* A published item of the commons (no revision rows: the benchmark reads items, it does not edit them). */
int bench_item_insert(DbConn *c, Err *e, const char *slug, const char *kind, const char *title, const char *body,
                      const char *licence, const char *tags, int64_t place, int64_t sector, int64_t by, int64_t at);
int bench_chapter_insert(DbConn *c, Err *e, int64_t id, const char *slug, const char *name, int64_t metro,
                         int64_t sector, const char *status, const char *description, int64_t capacity,
                         const char *rule, int64_t created_by, int64_t created, int64_t updated);
int bench_plan_insert(DbConn *c, Err *e, int64_t chapter, int64_t base, int64_t size, int64_t connectors,
                      int64_t metro, int64_t sector_offset, int64_t created);

/* Set-based, over the chapters first..last of the plan: their members as
 * users, memberships, membership events and pledge acceptances. */
int bench_members_insert(DbConn *c, Err *e, int64_t first, int64_t last, const char *hash, int64_t sectors,
                         int64_t nfirst, int64_t nlast, int64_t norg, int64_t now);
int bench_memberships_insert(DbConn *c, Err *e, int64_t first, int64_t last, int64_t now);
/* The users first..last who belong to no chapter. */
int bench_guests_insert(DbConn *c, Err *e, int64_t first, int64_t last, const char *hash, int64_t metro_base,
                        int64_t metros, int64_t sectors, int64_t nfirst, int64_t nlast, int64_t norg, int64_t now);
int bench_admin_insert(DbConn *c, Err *e, int64_t id, const char *hash, int64_t at);

int bench_meeting_insert(DbConn *c, Err *e, int64_t id, int64_t chapter, int64_t starts, int64_t ends, const char *tz,
                         const char *venue, const char *status, const char *phase, int64_t opened, int64_t closed,
                         int64_t created, int64_t version);
/* RSVPs of meetings first..last: `per` answers each, from the chapter's
 * members first, then from users outside any chapter (users guest_base+1 ..
 * guest_base+guests). */
int bench_rsvps_insert(DbConn *c, Err *e, int64_t first, int64_t last, int64_t per, int64_t guest_base, int64_t guests);
/* Attendance of the held meetings first..last: every member, most present. */
int bench_attendance_insert(DbConn *c, Err *e, int64_t first, int64_t last);

/* Ledger accounts: the network (1), chapter i (1 + i), the member user u (1 + chapters + u). */
int bench_accounts_insert(DbConn *c, Err *e, int64_t chapters, int64_t members, int64_t now);
/* PostgreSQL: a batch of transactions as a JSON array of objects with the
 * columns of bench_transaction_insert. */
int bench_transactions_insert_json(DbConn *c, Err *e, const char *rows);
int bench_transaction_insert(DbConn *c, Err *e, int64_t id, int64_t seq, const char *kind, const char *description,
                             const char *occurred_on, const char *visibility, int64_t payer, int64_t recipient,
                             int64_t recorded_by, int64_t recorded_at, const char *prev_hash, const char *hash);
/* The two postings of transactions first..last: the payer's as posting id t,
 * the recipient's as posting id total + t (so a transaction's postings are in
 * the order they were hashed). */
int bench_postings_insert(DbConn *c, Err *e, int64_t first, int64_t last, int64_t total);
/* ledger_totals (what ledger_append keeps per account and resource) summed
 * from all the postings written: the rows written, or -1. */
int64_t bench_totals_insert(DbConn *c, Err *e);
/* chapter_counts made again from the chapters (the triggers may have been skipped). */
int bench_chapter_counts_fill(DbConn *c, Err *e);
/* One transaction with its postings as ledger_hash reads them (for the check). */
typedef struct BenchTx {
    int64_t seq, payer, recipient, beneficiary, approved_by, recorded_by, recorded_at, reverses, meeting;
    char kind[32], description[64], category[64], occurred_on[16], visibility[16], prev_hash[65], hash[65];
    int npostings;
    int64_t account[4], amount[4], value_amount[4];
    char resource[4][16], value_currency[4][16];
} BenchTx;
int bench_transaction_read(DbConn *c, Err *e, int64_t seq, BenchTx *out);

int bench_token_insert(DbConn *c, Err *e, int64_t user, const char *name, const char *hash, const char *hint, int64_t at);
/* PostgreSQL: identity sequences past the ids given explicitly; both: planner statistics. */
int bench_sequences_fix(DbConn *c, Err *e);
int bench_analyze(DbConn *c, Err *e);
/* SQLite: folds the write-ahead log into the database file (read connection). */
int bench_checkpoint(DbConn *c, Err *e);
/* Row counts of the tables the benchmark reads, as one JSON object (new reference). */
json_t *bench_counts(DbConn *c, Err *e);

#endif
