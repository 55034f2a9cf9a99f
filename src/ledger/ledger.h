/* ledger.h - the books (M7): every resource a community runs on — money, hours,
 * goods in kind, favours — in double entry, with earmarked baskets, transfers
 * between units, managed transparency, reports, the business-model canvas,
 * quick capture at meetings, a hash chain signed by the node, and exports.
 *
 * rules.c: pure rules (balancing, amounts, visibility, the hash of an entry,
 * the gate, the rules of the forms, CSV and journal formatting); store.c,
 * store_append.c (ledger_append), store_verify.c: all SQL; chain.c: the chain
 * head, its signature and `glocal verify`; post.c: what other features post.
 * Operations (no HTTP; callable from the CLI, the demo and tests): record.c
 * (the form, explicit postings, reversals, a meeting's contributions),
 * accounts.c (baskets, organisations), claims.c, canvas.c, export.c; what a
 * reader may see: lines.c (filtering, names withheld), views.c (the pages'
 * models); routes.c: the handlers, which parse, call one of these and answer. */
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
#include "web/feature.h"
#include "web/req.h"

#define LEDGER_MAX_POSTINGS 32
/* The lock every writer to the books holds (db_write_locked / db_lock): the
 * chain has one end, so appends take turns instead of failing and retrying. */
#define LEDGER_LOCK_KEY 0x4c454447455200LL
#define LEDGER_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* One posting moves at most this much of a resource's smallest unit (each
 * resource may set less: resources.max_amount); an account's totals and the
 * network's volume of a resource stay within LEDGER_TOTAL_MAX, so that no sum
 * of any set of them overflows 64 bits. The database enforces both too
 * (schema/008_ledger_integrity.sql). */
#define LEDGER_AMOUNT_MAX 1000000000000LL
#define LEDGER_TOTAL_MAX 4000000000000000000LL
/* The canonical form of the chain's newest entries (ledger_hash). */
#define LEDGER_HASH_VERSION 2

typedef struct Posting {
    int64_t account_id;
    const char *resource;        /* "EUR", "HOURS", ... */
    int64_t amount;              /* minor units / minutes / items; + into the account */
    int64_t value_amount;        /* goods: their worth in value_currency (0: none) */
    const char *value_currency;  /* NULL when no valuation */
    /* hash version 2: the digests of what the account and the resource stand
     * for (account_digest, resource_digest), filled by ledger_append */
    const char *account_digest, *resource_digest;
} Posting;

typedef struct Entry {
    int hash_version;            /* 1 or 2 (ledger_append writes LEDGER_HASH_VERSION) */
    int64_t seq;
    const char *kind, *description, *category, *occurred_on, *visibility;
    int64_t payer_id, recipient_id, beneficiary_id, approved_by, recorded_by, recorded_at, reverses_id, meeting_id;
    Posting postings[LEDGER_MAX_POSTINGS];
    int npostings;
} Entry;

/* --- rules.c --- */
/* The SHA-256 (hex, 64 characters + NUL) of an entry chained to the previous
 * hash: the canonical text is every field and every posting, in order, each
 * length-prefixed, so no two different entries share it. Version 2 adds each
 * posting's account and resource digests: what the entry refers to. */
void ledger_hash(const char *prev_hash, const Entry *entry, char out[65]);
/* What an account stands for, as a digest (hex SHA-256): its id, kind, owner
 * (ref_id), unit (parent_id, 0 for none), name and purpose. */
void account_digest(int64_t id, const char *kind, int64_t ref_id, int64_t parent_id, const char *name, const char *purpose,
                    char out[65]);
/* What a resource stands for: its code, kind and decimals. */
void resource_digest(const char *code, const char *kind, int64_t decimals, char out[65]);
/* a + b into *out, false when it overflows or leaves [-LEDGER_TOTAL_MAX, LEDGER_TOTAL_MAX]. */
bool ledger_add(int64_t a, int64_t b, int64_t *out);

/* ---------- the gate: who may move what ---------- */

/* Who acts on the books. Built by the operation that posts, from what it
 * established: the person's chapters (the web), an event's basket for its
 * organisers (events), the operator (the command line and the demo). */
typedef struct Actor {
    int64_t user_id;                 /* 0: nobody logged in (a guest through a secret address), or the operator */
    bool operator;                   /* a network administrator, or the command line */
    const int64_t *connector_of;     /* chapters whose books they keep */
    int nconnector;
    const int64_t *baskets;          /* baskets they keep beyond their chapters' (an event's, for its organisers) */
    int nbaskets;
} Actor;
/* The operator of the node (the command line, the demo): may move any unit's
 * resources, but still within the amounts and never a basket below zero. */
extern const Actor ledger_operator;

/* A posting as the gate sees it: its account and what it holds now. */
typedef struct GateLine {
    int64_t account;                 /* the account's id */
    const char *kind;                /* network, place, chapter, member, organisation, basket */
    int64_t ref_id;                  /* the unit, person or organisation (0: the network, a basket) */
    const char *unit_kind;           /* a basket's unit's kind (else kind) */
    int64_t unit_ref;
    const char *name;                /* for messages */
    const char *resource, *resource_kind;
    int64_t decimals, max_amount;    /* the resource's */
    int64_t amount;                  /* signed: + into the account */
    int64_t value_amount;            /* goods: their worth (0: none) */
    int64_t balance;                 /* what the account holds of the resource before this entry */
} GateLine;
/* Whether `actor` may make the movement these postings describe, as one
 * transaction. Every posting of the books passes here (ledger_append):
 *   - an amount is more than nothing and at most its resource's maximum (422);
 *   - an account appears once per resource (422);
 *   - a unit's resources (the network's, a place's, a chapter's, its
 *     baskets') leave it only by the hand of those who keep its books: an
 *     operator, a connector of that chapter, the keepers of that basket (403);
 *   - a person's or an organisation's account gives only to books the actor
 *     keeps (what they gave to the chapter), or by the person themself (403);
 *   - a basket receives only from the hand of those who keep it (403), and
 *     never gives more than it holds (409).
 * 0, or -1 with the status and a sentence in *e (no field: the caller names it). */
int ledger_gate(const Actor *actor, const GateLine *lines, int n, Arena *a, Err *e);
/* Whether the actor keeps the books of this account (may spend from it). */
bool ledger_keeps(const Actor *actor, const GateLine *line);
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
/* The currency of a country by its place slug ("portugal" -> "EUR"), or NULL
 * when this table does not know it (docs/ARCHITECTURE.md, "Pickers"). */
const char *ledger_country_currency(const char *country_slug);

/* Amounts as people write them: "12.50" EUR -> 1250; "1.5" HOURS -> 90 minutes;
 * "3" GOODS -> 3. -1 with a sentence when malformed, negative or too precise. */
int amount_parse(const char *text, const char *resource_kind, int64_t decimals, int64_t *out, Err *e);
/* 0 when one posting may move `amount` of a resource whose maximum is `max`
 * (resources.max_amount, never beyond LEDGER_AMOUNT_MAX); else -1 (422) with
 * a sentence in the resource's own words ("at most 10000000000.00 EUR"). */
int amount_within(Arena *a, int64_t amount, const char *resource, const char *kind, int64_t decimals, int64_t max, Err *e);
/* The reverse, for pages and exports: "12.50", "1.5" (hours), "3" (arena). */
char *amount_format(Arena *a, int64_t amount, const char *resource_kind, int64_t decimals);

bool ledger_kind_valid(const char *kind);
bool ledger_visibility_valid(const char *visibility);
/* What pages call a line's kind, its visibility and a claim's status, in the
 * reader's language ("Contribution", "Everyone in the network", "Pending");
 * the value itself when unknown. */
const char *ledger_kind_label(const char *kind);
const char *ledger_visibility_label(const char *visibility);
const char *claim_status_label(const char *status);
const char *organisation_kind_label(const char *kind);   /* "sponsor" -> "Sponsor" */
/* A resource's stored name in the reader's language ("Hours given" -> "Heures données"); another name as it is. */
const char *resource_name_label(const char *name);

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
/* Whether the parties of a line may change what ledger_visible says for this
 * viewer (not for someone not logged in: public lines only), so a page of
 * lines for them is decided without reading who the parties are. */
bool ledger_visible_by_parties(const Viewer *v);

/* Who may read what a basket stands for (its name): a feature that keeps
 * baskets for something with a visibility of its own (an event, whose title
 * the basket's name carries) says so for the baskets of its purpose. 0 with
 * *visible set, or -1. Registered once at start, before any request. */
typedef int (*BasketRule)(DbConn *c, Err *e, int64_t basket, const Viewer *v, bool *visible);
void ledger_basket_rule(const char *purpose, BasketRule rule);
/* Whether the name of an account may be shown to the viewer: a person's only
 * to people logged in (as their profiles), a basket's as its rule says;
 * others always. 0 with *visible set, or -1. */
int ledger_name_visible(DbConn *c, Err *e, const Viewer *v, const char *kind, const char *purpose, int64_t account, bool *visible);
/* The words shown instead of a name the viewer may not read ("An event of
 * this chapter", "A member"); unit_kind: a basket's unit's kind, or NULL. */
const char *ledger_name_withheld(const char *kind, const char *purpose, const char *unit_kind);

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
/* Signs `message` with the node's key (the key the books' head is signed
 * with; other features sign what they publish with it too): the signature and
 * the public key, in hex. 0, or -1 (503 when the node has no key yet). */
int node_sign(DbConn *c, const char *message, char sig_hex[129], char pk_hex[65], Err *e);
/* Whether sig_hex is pk_hex's Ed25519 signature of message. */
bool node_signature_valid(const char *message, const char *sig_hex, const char *pk_hex);
typedef struct VerifyReport {
    int64_t checked;                 /* transactions checked */
    int64_t bad_seq;                 /* the first broken one (0: none) */
    int64_t bad_id;
    char reason[200];
    char limits_reason[300];         /* the first posting beyond what one posting may move ("": none) */
    int64_t accounts_checked, undigested;   /* undigested: rows from before migration 008 not digested yet */
    int64_t accounts_bad;            /* the first account whose row no longer matches its digest (0: none) */
    char accounts_reason[300];
    int64_t resources_checked;
    char resources_bad[16];          /* the first resource whose row no longer matches its digest ("": none) */
    int64_t totals_rows;             /* rows of ledger_totals checked */
    int64_t totals_bad_account;      /* the first account whose totals are not its postings' sums (0: none) */
    char totals_resource[16];
    char totals_reason[400];
    int64_t unit_rows;               /* rows of ledger_unit_totals checked */
    int64_t unit_bad;                /* the first unit whose ledger_unit_totals are not its postings' sums (0: none) */
    char unit_reason[400];
    char volume_reason[300];         /* the first resource whose volume is not its accounts' totals ("": none) */
    int64_t problems;                /* how many problems were found in all */
    json_t *findings;                /* set by the caller to explain: every problem (up to 500), [{where, what, affects}] */
} VerifyReport;
/* Recomputes the hash chain from the start (every entry's contents, links and
 * amounts), then the digest of every account and resource, then the totals
 * of every account from its postings (ledger_totals), those of every unit
 * with its baskets (ledger_unit_totals) and the volume of every resource;
 * fills the report. Stops the chain at its first break unless
 * out->findings is an array, which then receives every problem found. 0 when
 * the books could be read (broken or not), -1 on a database error.
 * `progress` (may be NULL) counts the entries, then the accounts checked. */
int ledger_verify(DbConn *c, VerifyReport *out, Progress *progress, Err *e);
/* Whether the books still hold a head seen before (/ledger/head, the head
 * file): its signature by `pk_hex` (NULL: the node's public key), its entry
 * present with the same hash. 0 they do, 1 they do not (*why says how), -1 a
 * database error. */
int ledger_verify_head(DbConn *c, json_t *head, const char *pk_hex, char *why, size_t n, Err *e);
/* Where the signing key and the published head live outside the database
 * (NULL or "": the key in the database, no head file). Called once, before the
 * books are opened (serve, init, verify). */
void ledger_books_configure(const char *key_file, const char *head_file);
const char *ledger_head_file(void);
/* The public half (hex) of the secret key in a key file: 0, or -1 with a sentence. */
int ledger_key_file_public(const char *path, char out[65], Err *e);
/* The head of the chain, signed by the node: {seq, hash, transactions,
 * signed_at, message, signature, public_key, algorithm}; NULL on error. */
json_t *ledger_head_signed(DbConn *c, Err *e);
/* Inside ledger_append: the head moved; with a head file, the new head is
 * handed to the publisher thread once the transaction commits (written
 * moments later, never before the commit, never backwards). */
void ledger_head_moved(DbConn *c, int64_t seq, const char *hash, int64_t recorded_at);
/* At start: checks that the head file's head (if any) is still in the books
 * (if not: logs it, leaves the file as evidence and publishes nothing: 1),
 * then writes the current head to it and publishes each new one (0). -1 on
 * error. */
int ledger_head_publish_start(DbConn *c, Err *e);
/* Writes the last head handed over, and stops the publisher (at shutdown). */
void ledger_head_publish_stop(void);

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
/* The chapter's usual currency: the money its books (and its baskets') moved
 * most of; else its country's (ledger_country_currency); else the money the
 * network's books moved most of; else NULL. In a; NULL with e->code set on
 * error. Forms start their currency on it. */
const char *chapter_currency(DbConn *c, Err *e, Arena *a, int64_t chapter);
/* What a basket holds of a resource (with what this transaction appended). */
int basket_balance(DbConn *c, Err *e, int64_t basket, const char *resource, int64_t *out);
/* {id, name, slug, kind, website, created_at}: 1 found, 0 none, -1 error. */
int organisation_by_slug(DbConn *c, Err *e, const char *slug, json_t **out);
/* Appends a balanced entry to the chain (inside db_write): fills seq and the
 * hashes, inserts it and its postings, and adds the postings to their
 * accounts' totals (ledger_totals); *id is the new transaction. An
 * idempotency key already used by `recorded_by` returns that transaction
 * with *existing set. */
int ledger_append(DbConn *c, Err *e, const Actor *actor, Entry *entry, const char *idem_key, int64_t *id, bool *existing);
/* Digests the accounts and resources that have none yet (written before
 * migration 008, or by bench-data): *n rows digested. Inside db_write. */
int ledger_digests_fill(DbConn *c, Err *e, int64_t *n);
/* Makes ledger_totals and ledger_volume again from the postings (they are
 * derived from them), under the books' lock: *rows totals written. Refuses
 * (409, nothing changed) when a sum would pass what the books can count.
 * Inside db_write. */
int ledger_totals_rebuild(DbConn *c, Err *e, int64_t *rows);
/* The transaction `user` recorded with this idempotency key: 1 found (*id),
 * 0 none, -1 error — a conflict (409) when the key was used for a transaction
 * of another kind or description. */
int ledger_idempotent(DbConn *c, Err *e, int64_t user, const char *key, const char *kind, const char *description, int64_t *id);

/* --- post.c (used by other features) --- */
/* Posts the reversal of transaction `tx` (a refund, a correction): the same
 * postings with their signs turned, chained as a new entry. Refuses a
 * reversal, a transaction reversed already, and one whose reversal would take
 * more out of a basket than it holds (409). *id: the reversal. */
int ledger_reverse_entry(DbConn *c, Err *e, Arena *a, const Actor *actor, int64_t tx, int64_t by, int64_t *id);

/* ---------- operations (callable from the web, the CLI, the demo, tests) ---------- */

/* Operations that check a form note each problem in a FieldErrs (base/err.h). */

/* --- rules.c: the rules of a form (pure) --- */
/* A day "YYYY-MM-DD" that exists. */
bool ledger_day_valid(const char *day);
/* Checks the fields every entry has (kind, description, category, day,
 * visibility, idempotency key), noting a problem for each, and fills the
 * defaults: `today`, visibility "unit", category "". */
void ledger_entry_check(Entry *x, const char *idem, const char *today, FieldErrs *f);
/* The two sides of a transaction recorded from the form, as the chapter sees it. */
typedef struct Sides {
    const char *kind;                /* the entry's kind */
    int64_t chapter;                 /* the chapter's account */
    int64_t other;                   /* the other side (0: none named) */
    const char *other_kind;          /* its account's kind (NULL: none) */
    int64_t basket;                  /* the basket chosen, if it is the chapter's (0: none) */
    const char *basket_purpose;
    const char *category;            /* the form's; basket spending: becomes the basket's purpose */
    int64_t payer, recipient;        /* out: which way it flows */
} Sides;
/* Whether a form's transaction may be made between these sides (not the
 * chapter itself, no basket as the other side, a basket of the chapter for
 * basket movements, spent on its purpose, transfers between units, an
 * expense names who is paid) and which way it flows; 0, or -1 with a field. */
int ledger_sides(Sides *s, Err *e);
/* The words for an amount of a resource: "12.50 EUR", "1.5 hours", "3 goods", "2 favours" (arena). */
const char *amount_words(Arena *a, int64_t amount, const char *resource, const char *kind, int64_t decimals);

/* --- lines.c: what a reader may see --- */
typedef struct ViewerBuf {
    Viewer v;
    int64_t member_of[256], connector_of[256];
} ViewerBuf;
/* The reader `user` (0: anonymous) and their chapters; never copy a ViewerBuf (it points into itself). */
int ledger_viewer(DbConn *c, Err *e, int64_t user, bool admin, ViewerBuf *vb);
/* The person acting on the books, for the gate: the chapters whose books they keep. */
Actor ledger_actor(const ViewerBuf *vb);
/* Whether the reader may see a line (a row of the store's lines: its visibility and parties). */
bool ledger_line_visible(const Viewer *v, json_t *line);
/* Adds balance_text, inflow_text, outflow_text to rows of totals. */
void totals_decorate(Arena *a, json_t *totals);
/* The lines the reader may see of lines of both sides (all_lines), as faces
 * show them, and in *hidden what the others are; NULL on error. */
json_t *ledger_lines_filter(DbConn *c, Err *e, Arena *a, const Viewer *v, json_t *lines, json_t **hidden);
/* Inside ledger_append, for a public transaction: tells the webhooks
 * ("ledger.entry") its lines as someone not logged in reads them, to the
 * network's endpoints and those of each chapter whose own account it moves. */
int ledger_announce(DbConn *c, Err *e, int64_t tx);
/* Puts lines (rows with occurred_on and seq) in the order statements show them:
 * newest date first, and within a day newest in the chain first; lines of one
 * transaction keep their order. A line recorded late sits at its date. */
void ledger_lines_by_date(json_t *lines);
/* One line per transaction where a page shows both of its sides (the
 * network's books, a unit's own account and its baskets): only what went in
 * stays, marked is_move, with its payer and recipient — a statement that
 * listed the -1,500 and the +1,500 of one sponsorship read as two. Lines of a
 * transaction must be next to each other (as ledger_lines_by_date leaves them). */
void ledger_lines_one_side(json_t *lines);
/* A page of a unit's statement for a period, out of every line of it (at most
 * LEDGER_PERIOD_LINES_MAX: past that, a 400 asks for a shorter period). */
#define LEDGER_PERIOD_LINES_MAX 200000
typedef struct StatementQuery {
    const char *from, *to;           /* days [from, to) */
    json_t *opening;                 /* the balances before `from`: [{resource, kind, decimals, amount}] (borrowed) */
    int64_t offset, per_page;        /* the page's rows (web/paging.h) */
} StatementQuery;
typedef struct Statement {
    json_t *lines;                   /* the page's rows as faces show them (lines.c), is_move on a move */
    json_t *hidden;                  /* what the period's lines hidden from the reader add up to (all of them) */
    json_t *carried, *brought;       /* [{resource, amount, amount_text}]: the balance after the page's rows and before them */
    int64_t rows;                    /* how many rows the whole period has for this reader */
} Statement;
/* Every line of the period is decided on its head (lines.c: StatementWalk
 * says where a line hidden from the reader counts); only the page's rows are
 * read in full. 0, or -1 (out's references are then NULL). */
int ledger_statement_page(DbConn *c, Err *e, Arena *a, const Viewer *v, int64_t acct, const StatementQuery *q, Statement *out);
/* The rows of lines the reader may see, each name they may not read replaced
 * (for exports); NULL on error. chapter 0: the network's. */
json_t *ledger_export_rows(DbConn *c, Err *e, const Viewer *v, int64_t chapter);

/* --- views.c: what pages of the books show --- */
/* A chapter's books for the reader: {account_id, totals, baskets, lines,
 * hidden, opening}; with claims (`claims`: the reader has a role, or is an
 * administrator; `all_claims`: sees everyone's) {claims (the first
 * LEDGER_CLAIMS_ON_BOOKS), claims_count}. NULL on error. */
typedef struct BooksQuery {
    int64_t chapter;
    const char *from, *to;           /* days; "0000-00-00" / "9999-99-99": everything */
    int64_t offset, per_page;        /* the statement's page (web/paging.h) */
    bool claims, all_claims;
} BooksQuery;
json_t *ledger_books_view(DbConn *c, Err *e, Arena *a, const ViewerBuf *vb, const BooksQuery *q);
/* The claims a chapter's books page shows beside the link to all of them. */
#define LEDGER_CLAIMS_ON_BOOKS 10
/* A page of the expense claims on a chapter's books (pending first, then the
 * newest claimed; limit rows from offset: web/paging.h), only member by's
 * when by is not 0: {claims[], claims_count{all, pending}}; NULL on error. */
json_t *ledger_claims_view(DbConn *c, Err *e, Arena *a, int64_t chapter, int64_t by, int64_t limit, int64_t offset);
/* The network's books: {totals, lines, hidden, head}; NULL on error. */
json_t *ledger_network_view(DbConn *c, Err *e, Arena *a, const Viewer *v);
/* A page of a place's chapters compared (limit chapters from offset, by
 * name): {columns (the resources the page's chapters moved), chapters};
 * *total: how many chapters have books there (-1: not counted, as a city's
 * are not, or past the last page); *more: a page follows. NULL on error. */
json_t *ledger_place_view(DbConn *c, Err *e, Arena *a, int64_t place, int64_t limit, int64_t offset, int64_t *total, bool *more);
/* A person's or an organisation's own: {totals (with_totals), lines (a page
 * of them: offset, per_page as web/paging.h has them), lines_total, hidden (of
 * every line)}; NULL on error. */
json_t *ledger_account_view(DbConn *c, Err *e, Arena *a, const Viewer *v, const char *kind, int64_t ref, int64_t offset,
                            int64_t per_page, bool with_totals);

/* --- record.c: recording in a chapter's books --- */
/* A transaction from the form (one amount between the chapter, or one of its
 * baskets, and another account) or, with postings, from the API. */
typedef struct RecordForm {
    Entry x;                         /* kind, description, category, occurred_on, visibility, recorded_by, recorded_at */
    int64_t chapter;                 /* the chapter whose books it is in */
    const char *idem;                /* an idempotency key (NULL: none) */
    const char *today;               /* the default day */
    /* the form */
    const char *counterpart, *beneficiary, *resource, *amount, *value_amount, *value_currency;
    int64_t basket;
    /* the API's explicit postings: account references and signed amounts */
    int npostings;                   /* -1: the form; else how many were given */
    bool postings_malformed;         /* a posting was not {account, resource, amount} */
    const char *refs[LEDGER_MAX_POSTINGS], *resources[LEDGER_MAX_POSTINGS], *amounts[LEDGER_MAX_POSTINGS];
} RecordForm;
typedef struct Recorded {
    int64_t id;
    bool existing;                   /* the idempotency key was used: nothing new */
} Recorded;
/* Checks the form (problems in *f, E_INVALID) and records it under the books'
 * lock; the gate's refusals name the field they concern. */
int ledger_record_form(DbConn *c, Err *e, Arena *a, const Actor *actor, RecordForm *form, FieldErrs *f, Recorded *out);
/* Reverses transaction `tx` of a chapter's books (404 when it is not in them). */
int ledger_reverse_in(DbConn *c, Err *e, Arena *a, const Actor *actor, int64_t chapter, int64_t tx, int64_t by, int64_t *id);
/* The small contributions of a meeting: rows of who gave what. */
#define CAPTURE_ROWS 20
typedef struct Capture {
    int64_t chapter, meeting, by;
    int n, nnote;                    /* rows of who, resource and amount given; notes given */
    const char *who[CAPTURE_ROWS], *resource[CAPTURE_ROWS], *amount[CAPTURE_ROWS], *note[CAPTURE_ROWS];
    int64_t made;                    /* out: how many were recorded */
} Capture;
/* 404 when the meeting is not the chapter's; rows left empty are skipped. */
int ledger_capture(DbConn *c, Err *e, Arena *a, const Actor *actor, Capture *cp, FieldErrs *f);

/* --- accounts.c: baskets and organisations --- */
typedef struct NewBasket {
    int64_t chapter;
    const char *name, *purpose;
    int64_t id;                      /* out */
} NewBasket;
int ledger_basket_open(DbConn *c, Err *e, NewBasket *b, FieldErrs *f);
typedef struct NewOrg {
    const char *name, *kind, *website;
    const char *slug;                /* out (arena) */
    int64_t id;                      /* out */
} NewOrg;
int ledger_organisation_add(DbConn *c, Err *e, Arena *a, NewOrg *o, FieldErrs *f);

/* --- organisations.c: an organisation's profile and its managers --- */
/* The organisation of `slug` as r->object of {org} (the guard's loader):
 * 1 found, with *manager true when user_id manages it or is_admin; 0 none. */
int organisation_load(DbConn *c, Err *e, const char *slug, int64_t user_id, bool is_admin, json_t **out, int64_t *id,
                      bool *manager);
/* Its managers, by name: [{user_id, name, added_by, added_by_name, created_at}]; NULL with e. */
json_t *organisation_managers(DbConn *c, Err *e, int64_t org_id);
/* The organisations a member manages, by name: [{id, name, slug, kind}]; NULL with e. */
json_t *organisations_managed_by(DbConn *c, Err *e, int64_t user_id);
/* An organisation's profile changed (its slug, the books' name of it, stays):
 * the field errors of ledger_organisation_add, a name another one has. */
typedef struct OrgProfile {
    int64_t id;
    const char *name, *kind, *website;
} OrgProfile;
int ledger_organisation_update(DbConn *c, Err *e, OrgProfile *o, FieldErrs *f);
/* A manager added or removed by `by` (an administrator when by_admin, else
 * one of the organisation's managers: the guard checked it). Adding: the
 * member must exist (field "member") and not manage it already (E_CONFLICT).
 * Removing: E_NOT_FOUND when they do not manage it; a manager may not remove
 * the last one (E_CONFLICT), an administrator may. *name: the member's (arena). */
typedef struct OrgManagerChange {
    int64_t org_id, user_id, by;
    bool by_admin;
    int64_t now;
    const char *name;                /* out */
} OrgManagerChange;
int ledger_org_manager_add(DbConn *c, Err *e, Arena *a, OrgManagerChange *m);
int ledger_org_manager_remove(DbConn *c, Err *e, Arena *a, OrgManagerChange *m);
/* rules_orgs.c (pure): the profile's fields (an empty kind becomes sponsor,
 * a NULL website empty), and why a removal is refused (an English message
 * for tr(); NULL: allowed). */
void org_profile_check(OrgProfile *o, FieldErrs *f);
const char *org_manager_removal_refused(bool by_admin, int64_t managers);
#define ORG_MANAGERS_MAX 50
/* Why one more manager is refused (an English message; NULL: allowed). */
const char *org_manager_add_refused(int64_t managers);

/* --- claims.c: expense claims --- */
typedef struct ClaimForm {
    int64_t chapter, by, basket;     /* basket 0: the chapter's own account */
    const char *resource, *amount, *description, *category, *occurred_on, *visibility, *payee, *today;
    int64_t id;                      /* out */
} ClaimForm;
int ledger_claim_open(DbConn *c, Err *e, Arena *a, ClaimForm *k, FieldErrs *f);
/* Approves (an expense in the books: *tx) or declines a pending claim of the chapter. */
int ledger_claim_decide(DbConn *c, Err *e, Arena *a, const Actor *actor, int64_t chapter, int64_t claim, int64_t by, bool approve,
                        int64_t *tx);

/* --- canvas.c: the business-model canvas --- */
/* {key_partners, key_activities, key_resources, cost_structure,
 * revenue_streams, customer_segments, texts} of a unit (kind chapter, place,
 * network) as the reader may see it; NULL on error. */
json_t *ledger_canvas(DbConn *c, Err *e, Arena *a, const Viewer *v, const char *unit_kind, int64_t unit_id);
typedef struct CanvasTexts {
    const char *kind;
    int64_t id, by;
    const char *bodies[3];           /* value_proposition, channels, relationships (NULL: unchanged) */
} CanvasTexts;
extern const char *const canvas_blocks[3];
int ledger_canvas_save(DbConn *c, Err *e, const CanvasTexts *t, FieldErrs *f);

/* --- export.c: the lines a reader may see, for other programs --- */
/* CSV (a header and one row per line) into out. chapter 0: the network's. */
int ledger_csv(DbConn *c, Err *e, Arena *a, const Viewer *v, int64_t chapter, Buf *out);
/* A plain-text double-entry journal (ledger, hledger) of the books called `name`. */
int ledger_journal(DbConn *c, Err *e, Arena *a, const Viewer *v, int64_t chapter, const char *name, const char *today, Buf *out);

/* What the books give the web layer: the node's keys at start, the numeric {tx}. */
extern const Feature ledger_feature;

/* --- handlers (see src/routes.h) --- */
int ledger_network(Req *r);
int ledger_head(Req *r);
int ledger_chapter(Req *r);
int ledger_record(Req *r);
int ledger_reverse(Req *r);
int basket_create(Req *r);
int ledger_claims(Req *r);
int claim_create(Req *r);
int claim_approve(Req *r);
int claim_decline(Req *r);
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
/* routes_orgs.c: the profile's form, the managers, what a member's page shows */
int organisation_path_load(Req *r, const char *slug, Err *e);
/* The organisation's page's model (routes.c), for its forms shown again with their errors: 0, or -1 answered. */
int organisation_show_model(Req *r);
int organisation_extend(Req *r, const char *page, Err *e);
int organisation_edit_form(Req *r);
int organisation_update(Req *r);
int organisation_managers_index(Req *r);
int organisation_manager_add(Req *r);
int organisation_manager_remove(Req *r);
int ledger_mine(Req *r);

#endif
