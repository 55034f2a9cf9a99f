/* books.c - stage 5 of `glocal bench-data`: the books, chained as ledger_append
 * chains them (see data.c). */
#include "bench/gen.h"

/* ---------- stage 5: the books ---------- */

int gen_accounts_tx(DbConn *c, void *ctx, Err *e)
{
    Gen *g = ctx;
    if (bench_accounts_insert(c, e, g->chapters, g->members, g->now) < 0) return -1;
    gen_stage_step(g, 1 + g->chapters + g->members);
    return 0;
}

typedef struct TxRow {
    int64_t seq, payer, recipient, recorded_by, recorded_at;
    const char *kind, *description, *visibility;
    char occurred_on[11];
    char prev[65], hash[65];
} TxRow;

/* Transaction `seq` of the plan, without its hashes. */
static void tx_plan(const Gen *g, int64_t seq, TxRow *t)
{
    uint64_t h = h2(9, (uint64_t)seq);
    int64_t idx = (int64_t)(h % (uint64_t)g->nnonempty);
    int64_t chapter = g->nonempty[idx];
    const Chap *c = &g->ch[chapter - 1];
    t->seq = seq;
    if ((h >> 20) % 100 < 78) {
        int64_t user = c->base + 1 + (int64_t)((h >> 32) % (uint64_t)c->size);
        t->kind = "contribution";
        t->description = (h >> 8) & 1 ? BENCH_DESC_HOURS : BENCH_DESC_MONEY;
        int v = (int)((h >> 40) % 10);
        t->visibility = v < 6 ? "unit" : v < 9 ? "network" : "public";
        t->payer = 1 + g->chapters + user;
        t->recipient = 1 + chapter;
        t->recorded_by = user;
    } else {
        int64_t other = g->nonempty[(h >> 32) % (uint64_t)g->nnonempty];
        if (other == chapter) other = g->nonempty[(idx + 1) % g->nnonempty];
        t->kind = "transfer";
        t->description = BENCH_DESC_TRANSFER;
        t->visibility = "network";
        t->payer = 1 + chapter;
        t->recipient = 1 + other;
        t->recorded_by = c->base + 1;
    }
    /* evenly over the last two years, in order */
    int64_t day = (seq - 1) * 730 / g->transactions;
    int64_t midnight = g->today - (730 - day) * DAY;
    time_t tt = (time_t)midnight;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(t->occurred_on, sizeof t->occurred_on, "%Y-%m-%d", &tm);
    t->recorded_at = midnight + 8 * 3600 + (int64_t)((h >> 48) % 36000);
}

static void tx_entry(const TxRow *t, Entry *x)
{
    memset(x, 0, sizeof *x);
    x->seq = t->seq;
    x->kind = t->kind;
    x->description = t->description;
    x->category = "";
    x->occurred_on = t->occurred_on;
    x->visibility = t->visibility;
    x->payer_id = t->payer;
    x->recipient_id = t->recipient;
    x->recorded_by = t->recorded_by;
    x->recorded_at = t->recorded_at;
    int64_t amount = bench_posting_amount(t->description, t->seq);
    const char *resource = bench_posting_resource(t->description);
    x->postings[0] = (Posting){ t->payer, resource, -amount, 0, NULL };
    x->postings[1] = (Posting){ t->recipient, resource, amount, 0, NULL };
    x->npostings = 2;
}

/* The chain is computed on a thread of its own while the main thread writes
 * the previous batches: hashing and inserting each take about as long. */
#define TX_BATCH 4096
#define TX_RING 8

typedef struct Chain {
    Gen *g;
    TxRow *rows[TX_RING];
    int64_t count[TX_RING];
    int head, tail, filled;
    bool stop;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} Chain;

static void *chain_thread(void *arg)
{
    Chain *ch = arg;
    const Gen *g = ch->g;
    char prev[65] = LEDGER_GENESIS;
    for (int64_t seq = 1; seq <= g->transactions;) {
        pthread_mutex_lock(&ch->lock);
        while (ch->filled == TX_RING && !ch->stop) pthread_cond_wait(&ch->changed, &ch->lock);
        bool stop = ch->stop;
        int slot = ch->head;
        pthread_mutex_unlock(&ch->lock);
        if (stop) break;
        TxRow *rows = ch->rows[slot];
        int64_t n = 0;
        for (; n < TX_BATCH && seq <= g->transactions; n++, seq++) {
            TxRow *t = &rows[n];
            Entry x;
            tx_plan(g, seq, t);
            tx_entry(t, &x);
            memcpy(t->prev, prev, 65);
            ledger_hash(prev, &x, t->hash);
            memcpy(prev, t->hash, 65);
        }
        pthread_mutex_lock(&ch->lock);
        ch->count[slot] = n;
        ch->head = (ch->head + 1) % TX_RING;
        ch->filled++;
        pthread_cond_broadcast(&ch->changed);
        pthread_mutex_unlock(&ch->lock);
    }
    return NULL;
}

typedef struct ChainWrite {
    Chain *ch;
    int64_t written;
    int batches;       /* per transaction */
    Buf json;
} ChainWrite;

static int insert_batch(DbConn *c, ChainWrite *w, const TxRow *rows, int64_t n, Err *e)
{
    if (db_conn_kind(c) == DB_POSTGRES) {
        Buf *b = &w->json;
        buf_clear(b);
        buf_addc(b, '[');
        for (int64_t i = 0; i < n; i++) {
            const TxRow *t = &rows[i];
            buf_printf(b,
                       "%s{\"id\":%lld,\"seq\":%lld,\"kind\":\"%s\",\"description\":\"%s\",\"occurred_on\":\"%s\","
                       "\"visibility\":\"%s\",\"payer_id\":%lld,\"recipient_id\":%lld,\"recorded_by\":%lld,"
                       "\"recorded_at\":%lld,\"prev_hash\":\"%s\",\"hash\":\"%s\"}",
                       i ? "," : "", (long long)t->seq, (long long)t->seq, t->kind, t->description, t->occurred_on,
                       t->visibility, (long long)t->payer, (long long)t->recipient, (long long)t->recorded_by,
                       (long long)t->recorded_at, t->prev, t->hash);
        }
        buf_addc(b, ']');
        return bench_transactions_insert_json(c, e, buf_str(b));
    }
    for (int64_t i = 0; i < n; i++) {
        const TxRow *t = &rows[i];
        if (bench_transaction_insert(c, e, t->seq, t->seq, t->kind, t->description, t->occurred_on, t->visibility,
                                     t->payer, t->recipient, t->recorded_by, t->recorded_at, t->prev, t->hash) < 0)
            return -1;
    }
    return 0;
}

static int chain_tx(DbConn *c, void *ctx, Err *e)
{
    ChainWrite *w = ctx;
    Chain *ch = w->ch;
    Gen *g = ch->g;
    for (int b = 0; b < w->batches && w->written < g->transactions; b++) {
        pthread_mutex_lock(&ch->lock);
        while (ch->filled == 0) pthread_cond_wait(&ch->changed, &ch->lock);
        int slot = ch->tail;
        pthread_mutex_unlock(&ch->lock);
        if (insert_batch(c, w, ch->rows[slot], ch->count[slot], e) < 0) return -1;
        w->written += ch->count[slot];
        gen_stage_step(g, ch->count[slot]);
        pthread_mutex_lock(&ch->lock);
        ch->tail = (ch->tail + 1) % TX_RING;
        ch->filled--;
        pthread_cond_broadcast(&ch->changed);
        pthread_mutex_unlock(&ch->lock);
    }
    return 0;
}

int gen_transactions_stage(Gen *g, Err *e)
{
    Chain ch = { .g = g };
    pthread_mutex_init(&ch.lock, NULL);
    pthread_cond_init(&ch.changed, NULL);
    for (int i = 0; i < TX_RING; i++) ch.rows[i] = xcalloc(TX_BATCH, sizeof(TxRow));
    pthread_t thread;
    int rc = 0;
    if (pthread_create(&thread, NULL, chain_thread, &ch) != 0) {
        rc = err_set(e, E_INTERNAL, "Could not start the hashing thread.");
        goto done;
    }
    ChainWrite w = { .ch = &ch, .batches = 32 };
    buf_init(&w.json, NULL);
    while (w.written < g->transactions && rc == 0) rc = chain_tx(g->c, &w, e);
    buf_release(&w.json);
    pthread_mutex_lock(&ch.lock);
    ch.stop = true;
    pthread_cond_broadcast(&ch.changed);
    pthread_mutex_unlock(&ch.lock);
    pthread_join(thread, NULL);
done:
    for (int i = 0; i < TX_RING; i++) free(ch.rows[i]);
    pthread_mutex_destroy(&ch.lock);
    pthread_cond_destroy(&ch.changed);
    return rc;
}

int gen_postings_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    return bench_postings_insert(c, e, r->first, r->last, r->g->transactions);
}

/* The totals of every account, from its postings (bench_totals_insert): ledger_append
 * keeps them as it posts, and the postings here bypass it. The progress counts
 * the postings summed. */
int gen_totals_tx(DbConn *c, void *ctx, Err *e)
{
    Gen *g = ctx;
    if (bench_totals_insert(c, e) < 0) return -1;
    gen_stage_step(g, 2 * g->transactions);
    return 0;
}

int gen_digests_tx(DbConn *c, void *ctx, Err *e)
{
    Gen *g = ctx;
    int64_t n = 0;
    if (ledger_digests_fill(c, e, &n) < 0) return -1;
    gen_stage_step(g, n);
    return 0;
}

/* Recomputes the hashes of a few transactions as written, and their links. */
int gen_verify_sample(Gen *g, Err *e)
{
    int64_t T = g->transactions;
    int64_t seqs[] = { 1, 2, 3, T / 2, T / 2 + 1, T - 1, T };
    BenchTx prev = { 0 };
    for (int i = 0; i < N(seqs); i++) {
        if (seqs[i] < 1 || seqs[i] > T || (i && seqs[i] <= seqs[i - 1])) continue;
        BenchTx t;
        int found = bench_transaction_read(g->c, e, seqs[i], &t);
        if (found < 0) return -1;
        if (!found) return err_set(e, E_INTERNAL, "Ledger transaction %lld is missing.", (long long)seqs[i]);
        Entry x = { 0 };
        x.seq = t.seq;
        x.kind = t.kind;
        x.description = t.description;
        x.category = t.category;
        x.occurred_on = t.occurred_on;
        x.visibility = t.visibility;
        x.payer_id = t.payer;
        x.recipient_id = t.recipient;
        x.beneficiary_id = t.beneficiary;
        x.approved_by = t.approved_by;
        x.recorded_by = t.recorded_by;
        x.recorded_at = t.recorded_at;
        x.reverses_id = t.reverses;
        x.meeting_id = t.meeting;
        x.npostings = t.npostings;
        for (int k = 0; k < t.npostings; k++)
            x.postings[k] = (Posting){ t.account[k], t.resource[k], t.amount[k], t.value_amount[k],
                                       t.value_currency[k][0] ? t.value_currency[k] : NULL };
        char hash[65];
        ledger_hash(t.prev_hash, &x, hash);
        if (strcmp(hash, t.hash) != 0)
            return err_set(e, E_INTERNAL, "Ledger transaction %lld does not match its hash: the postings written in SQL "
                           "differ from those hashed in C (see bench_posting_amount).", (long long)t.seq);
        if (t.seq == 1 && strcmp(t.prev_hash, LEDGER_GENESIS) != 0)
            return err_set(e, E_INTERNAL, "The first ledger transaction does not start from the genesis hash.");
        if (prev.seq && prev.seq == t.seq - 1 && strcmp(prev.hash, t.prev_hash) != 0)
            return err_set(e, E_INTERNAL, "Ledger transaction %lld is not chained to %lld.", (long long)t.seq,
                           (long long)prev.seq);
        prev = t;
    }
    return 0;
}
