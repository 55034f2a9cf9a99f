/* gen.h - the generator of `glocal bench-data` (data.c: the plan, people,
 * chapters, meetings and tokens; books.c: the books; command.c: the command
 * and its stages in order). Private to src/bench. */
#ifndef GLOCAL_BENCH_GEN_H
#define GLOCAL_BENCH_GEN_H

#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "base/arena.h"
#include "base/progress.h"
#include "base/str.h"
#include "bench/bench.h"
#include "cli/cli.h"
#include "ledger/ledger.h"

#define BENCH_PASSWORD "bench-member-2026"
#define SEED 0x676c6f63616c2062ull   /* "glocal b" */
#define DAY ((int64_t)86400)
#define N(a) ((int64_t)(sizeof(a) / sizeof *(a)))

enum { ST_ACTIVE, ST_FORMING, ST_DORMANT, ST_CLOSED };
static const char *const status_names[] = { "active", "forming", "dormant", "closed" };


typedef struct Chap {
    int64_t base, created;        /* members: users base+1 .. base+size */
    int32_t size, metro;          /* metro: 0-based index */
    int32_t sector;               /* sector id, 0: none */
    int32_t sector_offset;
    uint8_t status, connectors, one_per_sector, big;
} Chap;

typedef struct StageTime {
    const char *name;
    int64_t rows;
    double seconds;
} StageTime;

typedef struct Gen {
    Db *db;
    DbConn *c;
    bool pg, tty;
    double scale;
    bool skewed;
    int64_t now, today;                                  /* now; midnight UTC of today */
    int64_t countries, regions, metros, sectors, chapters, users, members, guests, meetings, per_meeting;
    int64_t transactions, metro_base, admin_id;
    char (*metro_name)[48];
    char (*metro_slug)[64];
    char (*sector_slug)[48];
    char (*place_slug)[64];                             /* every place, by id - 1 */
    const char **metro_tz;
    Chap *ch;                                           /* chapter i is ch[i - 1] */
    int64_t *nonempty;                                  /* chapters with members */
    int64_t nnonempty;
    char hash[crypto_pwhash_STRBYTES];
    Progress meter;                                     /* on stderr when it is a terminal */
    StageTime times[24];
    int ntimes;
} Gen;

static inline uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* A fixed pseudo-random number for (what, n). */
static inline uint64_t h2(uint64_t what, uint64_t n) { return mix(SEED ^ mix(what * 0x100000001b3ull + n)); }

typedef struct NetCtx {
    Gen *g;
    Arena *a;
} NetCtx;

typedef struct RangeCtx {
    Gen *g;
    int64_t first, last;
} RangeCtx;

typedef struct TokenCtx {
    Gen *g;
    FILE *out;
    int made;
} TokenCtx;

typedef struct FinishCtx {
    Gen *g;
    const char *marker;
} FinishCtx;

/* progress and the time of each stage (data.c) */
void gen_stage_begin(Gen *g, const char *name, int64_t total);
void gen_stage_step(Gen *g, int64_t rows);
void gen_stage_end(Gen *g);
/* the plan, places, people, chapters and meetings (data.c) */
void gen_make_plan(Gen *g);
int gen_network_tx(DbConn *c, void *ctx, Err *e);
typedef int64_t (*RowsFn)(const Gen *g, int64_t first, int64_t last);
int gen_by_slices(Gen *g, DbTxFn fn, int64_t from, int64_t n, int64_t step, RowsFn rows, Err *e);
int64_t gen_member_rows(const Gen *g, int64_t first, int64_t last);
int64_t gen_rsvp_rows(const Gen *g, int64_t first, int64_t last);
int64_t gen_posting_rows(const Gen *g, int64_t first, int64_t last);
int gen_members_stage(Gen *g, Err *e);
int gen_chapters_tx(DbConn *c, void *ctx, Err *e);
int gen_memberships_tx(DbConn *c, void *ctx, Err *e);
int gen_meetings_tx(DbConn *c, void *ctx, Err *e);
int64_t gen_attendance_rows(const Gen *g, int64_t first, int64_t last);
int gen_rsvps_tx(DbConn *c, void *ctx, Err *e);
int gen_attendance_tx(DbConn *c, void *ctx, Err *e);
/* tokens and the marker of a finished network (data.c) */
int gen_tokens_tx(DbConn *c, void *ctx, Err *e);
int gen_finish_tx(DbConn *c, void *ctx, Err *e);
/* the commons and the search index (commons.c) */
int64_t gen_items_count(const Gen *g);
int gen_items_tx(DbConn *c, void *ctx, Err *e);
int gen_search_tx(DbConn *c, void *ctx, Err *e);
/* the books (books.c) */
int gen_accounts_tx(DbConn *c, void *ctx, Err *e);
int gen_transactions_stage(Gen *g, Err *e);
int gen_postings_tx(DbConn *c, void *ctx, Err *e);
int gen_totals_tx(DbConn *c, void *ctx, Err *e);
int gen_digests_tx(DbConn *c, void *ctx, Err *e);
int gen_verify_sample(Gen *g, Err *e);

#endif
