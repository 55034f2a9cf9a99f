/* chain.c - tamper evidence of the books: the node's signing key, the signed
 * head of the hash chain, and the verification of the whole chain.
 *
 * Each transaction's hash covers its fields, its postings and the hash before
 * it (ledger_hash). Changing a stored transaction or posting breaks its hash;
 * deleting or reordering breaks the links. `glocal verify` recomputes
 * everything in order and names the first entry that does not hold; then it
 * sums the postings of every account again and names the first account whose
 * row of ledger_totals (from which balances are read) does not match. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "settings/settings.h"
#include "base/log.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "web/app.h"

/* ---------- the signing key and the published head ---------- */

/* Where the key and the head live outside the database, and the key once
 * loaded: set up once by the command that opens the books, read by every
 * thread after. */
static struct {
    pthread_mutex_t lock;            /* publication: one head file write at a time, never backwards */
    char key_file[PATH_MAX], head_file[PATH_MAX];
    bool loaded;
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    char pk_hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
    int64_t published;               /* the newest seq written to head_file */
} books = { .lock = PTHREAD_MUTEX_INITIALIZER };

void ledger_books_configure(const char *key_file, const char *head_file)
{
    snprintf(books.key_file, sizeof books.key_file, "%s", key_file ? key_file : "");
    snprintf(books.head_file, sizeof books.head_file, "%s", head_file ? head_file : "");
}

const char *ledger_head_file(void)
{
    return books.head_file;
}

/* Reads a secret key (hex) from a file: 1 read, 0 no such file, -1 unreadable. */
static int key_file_read(const char *path, unsigned char sk[crypto_sign_SECRETKEYBYTES], Err *e)
{
    FILE *f = fopen(path, "r");
    if (!f) return errno == ENOENT ? 0 : err_set(e, E_INTERNAL, "Cannot read the key file %s: %s.", path, strerror(errno));
    char hex[crypto_sign_SECRETKEYBYTES * 2 + 8] = "";
    size_t n = fread(hex, 1, sizeof hex - 1, f);
    fclose(f);
    while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r' || hex[n - 1] == ' ')) n--;
    hex[n] = 0;
    int ok = sodium_hex2bin(sk, crypto_sign_SECRETKEYBYTES, hex, n, NULL, NULL, NULL) == 0 && n == crypto_sign_SECRETKEYBYTES * 2;
    sodium_memzero(hex, sizeof hex);
    return ok ? 1 : err_set(e, E_INTERNAL, "The key file %s does not hold an Ed25519 secret key (128 hexadecimal digits).", path);
}

int ledger_key_file_public(const char *path, char out[65], Err *e)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    int found = key_file_read(path, sk, e);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_BAD_REQUEST, "There is no key file %s.", path);
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2hex(out, 65, pk, sizeof pk);
    return 0;
}

static int key_file_write(const char *path, const unsigned char sk[crypto_sign_SECRETKEYBYTES], Err *e)
{
    char hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, sk, crypto_sign_SECRETKEYBYTES);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    int ok = fd >= 0 && write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    sodium_memzero(hex, sizeof hex);
    return ok ? 0 : err_set(e, E_INTERNAL, "Cannot write the key file %s: %s.", path, strerror(errno));
}

int node_keys_ensure(DbConn *c, Err *e)
{
    Arena a;
    arena_init(&a, 512);
    int rc = 0;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char pk_hex[sizeof pk * 2 + 1], sk_hex[sizeof sk * 2 + 1];
    const char *stored = setting_get(c, &a, "sign_secret", NULL);
    if (books.key_file[0]) {
        /* the key lives in a file: made there (or moved there from the database) once */
        int found = key_file_read(books.key_file, sk, e);
        if (found < 0) rc = -1;
        else if (!found) {
            if (stored && sodium_hex2bin(sk, sizeof sk, stored, strlen(stored), NULL, NULL, NULL) == 0) {
                /* the key the database held moves out */
            } else {
                crypto_sign_keypair(pk, sk);
            }
            rc = key_file_write(books.key_file, sk, e);
        }
        if (rc == 0) {
            crypto_sign_ed25519_sk_to_pk(pk, sk);
            sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
            const char *had = setting_get(c, &a, "sign_public", NULL);
            if (had && !str_eq(had, pk_hex)) log_info("ledger: the key in %s replaces the node's former signing key", books.key_file);
            rc = setting_put(c, e, "sign_public", pk_hex) < 0 || (stored && setting_put(c, e, "sign_secret", "") < 0) ? -1 : 0;
        }
    } else if (setting_get(c, &a, "sign_public", NULL) && (!stored || !*stored)) {
        rc = err_set(e, E_UNAVAILABLE, "This node's signing key lives in a key file: start it with --key-file PATH.");
    } else if (!stored || !*stored) {
        crypto_sign_keypair(pk, sk);
        sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
        sodium_bin2hex(sk_hex, sizeof sk_hex, sk, sizeof sk);
        rc = setting_put(c, e, "sign_secret", sk_hex) < 0 || setting_put(c, e, "sign_public", pk_hex) < 0 ? -1 : 0;
        sodium_memzero(sk_hex, sizeof sk_hex);
    }
    sodium_memzero(sk, sizeof sk);
    arena_release(&a);
    return rc;
}

/* The node's secret key into books.sk (from the key file or the database). */
static int signer_load(DbConn *c, Err *e)
{
    if (books.loaded) return 0;
    Arena a;
    arena_init(&a, 512);
    int rc = -1;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    const char *hex = books.key_file[0] ? NULL : setting_get(c, &a, "sign_secret", NULL);
    if (books.key_file[0]) {
        int found = key_file_read(books.key_file, books.sk, e);
        if (found == 0) err_set(e, E_UNAVAILABLE, "The key file %s is missing; restart the node to make one.", books.key_file);
        if (found > 0) rc = 0;
    } else if (!hex || !*hex || sodium_hex2bin(books.sk, sizeof books.sk, hex, strlen(hex), NULL, NULL, NULL) != 0) {
        err_set(e, E_UNAVAILABLE, "This node has no signing key yet; restart it to make one.");
    } else {
        rc = 0;
    }
    if (rc == 0) {
        crypto_sign_ed25519_sk_to_pk(pk, books.sk);
        sodium_bin2hex(books.pk_hex, sizeof books.pk_hex, pk, sizeof pk);
        books.loaded = true;
    }
    arena_release(&a);
    return rc;
}

static json_t *head_sign(int64_t seq, const char *hash, int64_t recorded_at);

int node_sign(DbConn *c, const char *message, char sig_hex[129], char pk_hex[65], Err *e)
{
    pthread_mutex_lock(&books.lock);
    int rc = signer_load(c, e);
    pthread_mutex_unlock(&books.lock);
    if (rc < 0) return -1;
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)message, strlen(message), books.sk);
    sodium_bin2hex(sig_hex, 129, sig, sizeof sig);
    memcpy(pk_hex, books.pk_hex, 65);
    return 0;
}

bool node_signature_valid(const char *message, const char *sig_hex, const char *pk_hex)
{
    unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
    size_t n = 0;
    if (!sig_hex || !pk_hex || sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &n, NULL) != 0 || n != sizeof sig)
        return false;
    if (sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n, NULL) != 0 || n != sizeof pk) return false;
    return crypto_sign_verify_detached(sig, (const unsigned char *)message, strlen(message), pk) == 0;
}

json_t *ledger_head_signed(DbConn *c, Err *e)
{
    json_t *row = NULL;
    int found = ledger_head_row(c, e, &row);
    if (found < 0) return NULL;
    pthread_mutex_lock(&books.lock);
    int rc = signer_load(c, e);
    pthread_mutex_unlock(&books.lock);
    json_t *head = NULL;
    if (rc == 0)
        head = found ? head_sign(json_integer_value(json_object_get(row, "seq")), json_string_value(json_object_get(row, "hash")),
                                 json_integer_value(json_object_get(row, "recorded_at")))
                     : head_sign(0, LEDGER_GENESIS, 0);
    json_decref(row);
    return head;
}

/* The signed head of (seq, hash) as /ledger/head gives it (a new reference). */
static json_t *head_sign(int64_t seq, const char *hash, int64_t recorded_at)
{
    int64_t now = now_unix();
    char msg[200];
    snprintf(msg, sizeof msg, "glocal-ledger-head:%lld:%s:%lld", (long long)seq, hash, (long long)now);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), books.sk);
    char sig_hex[sizeof sig * 2 + 1];
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    return json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "seq", (json_int_t)seq, "hash", hash, "recorded_at",
                     (json_int_t)recorded_at, "transactions", (json_int_t)seq, "signed_at", (json_int_t)now, "message", msg,
                     "signature", sig_hex, "public_key", books.pk_hex, "algorithm", "Ed25519");
}

/* Writes the signed head to books.head_file (a new file renamed over the old:
 * a reader sees the old head or the new one, never half of one). The new file's
 * name is this writer's own (mkstemp): several servers on one SQLite database
 * publish the same head file, and a shared name let one rename the other's. */
static int head_write(json_t *head, Err *e)
{
    char tmp[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", books.head_file);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return err_set(e, E_INTERNAL, "Cannot write the head of the books to %s: %s.", books.head_file, strerror(errno));
    int bad = fchmod(fd, 0644) != 0 || json_dumpfd(head, fd, JSON_INDENT(2) | JSON_SORT_KEYS) != 0;
    if (close(fd) != 0) bad = 1;
    if (bad || rename(tmp, books.head_file) != 0) {
        int saved = errno;
        unlink(tmp);
        return err_set(e, E_INTERNAL, "Cannot write the head of the books to %s: %s.", books.head_file, strerror(saved));
    }
    return 0;
}

/* Publication runs on a thread of its own, so that no writer waits for a
 * signature and a file: a commit hands it the new head (head_publish), it
 * writes the newest one it has been handed, a burst of commits once. */
static struct {
    pthread_t thread;
    pthread_cond_t wake;
    bool running, stop;
    int64_t seq, recorded_at;            /* the newest head handed over (0: none waiting) */
    char hash[65];
} pub = { .wake = PTHREAD_COND_INITIALIZER };

/* What this thread's open transaction appended last (ledger_head_moved),
 * handed over only once it has committed (head_publish). */
static __thread int64_t moved_seq, moved_at;
static __thread char moved_hash[65];

/* The seq of the head in books.head_file, or 0: servers on one SQLite file
 * share it, and another may have published a newer head than this one has. */
static int64_t head_file_seq(void)
{
    json_t *h = json_load_file(books.head_file, 0, NULL);
    int64_t seq = h ? json_integer_value(json_object_get(h, "seq")) : 0;
    json_decref(h);
    return seq;
}

static void *publisher(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&books.lock);
    for (;;) {
        while (!pub.seq && !pub.stop) pthread_cond_wait(&pub.wake, &books.lock);
        if (!pub.seq) break;
        int64_t seq = pub.seq, at = pub.recorded_at;
        char hash[65];
        memcpy(hash, pub.hash, sizeof hash);
        pub.seq = 0;
        if (seq > books.published && seq > head_file_seq()) {   /* never backwards, whoever wrote last */
            json_t *head = head_sign(seq, hash, at);
            Err e = { 0 };
            if (head_write(head, &e) < 0) log_error("ledger: %s", e.msg);
            else books.published = seq;
            json_decref(head);
        }
    }
    pthread_mutex_unlock(&books.lock);
    return NULL;
}

/* After a commit that moved the head (db_after_commit): hand it to the publisher. */
static void head_publish(DbConn *c)
{
    (void)c;
    pthread_mutex_lock(&books.lock);
    if (pub.running && moved_seq > pub.seq && moved_seq > books.published) {
        pub.seq = moved_seq;
        pub.recorded_at = moved_at;
        memcpy(pub.hash, moved_hash, sizeof pub.hash);
        pthread_cond_signal(&pub.wake);
    }
    pthread_mutex_unlock(&books.lock);
}

void ledger_head_moved(DbConn *c, int64_t seq, const char *hash, int64_t recorded_at)
{
    if (!books.head_file[0]) return;
    moved_seq = seq;
    moved_at = recorded_at;
    snprintf(moved_hash, sizeof moved_hash, "%s", hash);
    db_after_commit(c, head_publish);
}

void ledger_head_publish_stop(void)
{
    pthread_mutex_lock(&books.lock);
    bool running = pub.running;
    pub.stop = true;
    pthread_cond_signal(&pub.wake);
    pthread_mutex_unlock(&books.lock);
    /* what was handed over is written before the thread ends */
    if (running) pthread_join(pub.thread, NULL);
    pub.running = false;
}

int ledger_head_publish_start(DbConn *c, Err *e)
{
    if (!books.head_file[0]) return 0;
    json_t *seen = json_load_file(books.head_file, 0, NULL);
    if (seen) {
        /* a head published before must still be in the books: if not, keep the evidence */
        char why[300];
        int rc = ledger_verify_head(c, seen, books.pk_hex[0] ? books.pk_hex : NULL, why, sizeof why, e);
        json_decref(seen);
        if (rc < 0) return -1;
        if (rc > 0) {
            log_error("ledger: THE BOOKS DO NOT CONTAIN THE HEAD PUBLISHED IN %s: %s. The file is kept as evidence; run"
                      " `glocal verify --head %s` and see docs/OPERATIONS.md (\"When verify fails\").", books.head_file, why, books.head_file);
            pthread_mutex_lock(&books.lock);
            books.published = INT64_MAX;   /* never overwritten by this process */
            pthread_mutex_unlock(&books.lock);
            return 1;
        }
    }
    json_t *head = ledger_head_signed(c, e);
    if (!head) return -1;
    pthread_mutex_lock(&books.lock);
    int rc = head_write(head, e);
    if (rc == 0) books.published = json_integer_value(json_object_get(head, "seq"));
    if (rc == 0 && !pub.running) {
        pub.stop = false;
        if (pthread_create(&pub.thread, NULL, publisher, NULL) == 0) pub.running = true;
        else rc = err_set(e, E_INTERNAL, "Cannot start the thread that publishes the head of the books.");
    }
    pthread_mutex_unlock(&books.lock);
    json_decref(head);
    return rc;
}

int ledger_verify_head(DbConn *c, json_t *head, const char *pk_hex, char *why, size_t n, Err *e)
{
    *why = 0;
    const char *hash = json_string_value(json_object_get(head, "hash"));
    const char *msg = json_string_value(json_object_get(head, "message"));
    const char *sig_hex = json_string_value(json_object_get(head, "signature"));
    json_t *jseq = json_object_get(head, "seq");
    if (!hash || !json_is_integer(jseq)) {
        snprintf(why, n, "it is not a head of the books (no seq and hash)");
        return 1;
    }
    int64_t seq = json_integer_value(jseq);
    Arena a;
    arena_init(&a, 256);
    const char *pk = pk_hex ? pk_hex : setting_get(c, &a, "sign_public", NULL);
    if (pk && msg && sig_hex) {
        unsigned char key[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
        char expect[200];
        snprintf(expect, sizeof expect, "glocal-ledger-head:%lld:%s:", (long long)seq, hash);
        bool ok = sodium_hex2bin(key, sizeof key, pk, strlen(pk), NULL, NULL, NULL) == 0 &&
                  sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, NULL, NULL) == 0 && str_starts(msg, expect) &&
                  crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), key) == 0;
        if (!ok) {
            /* pk may live in the arena: written out before it is released */
            snprintf(why, n, "its signature is not the node's (key %.16s…): the head was not signed by this node's key", pk);
            arena_release(&a);
            return 1;
        }
    }
    arena_release(&a);
    if (seq == 0) return 0;
    int64_t last = 0;
    if (chain_last_seq(c, e, &last) < 0) return -1;
    json_t *row = NULL;
    int found = chain_entry(c, e, seq, &row);
    if (found < 0) return -1;
    if (!found) {
        if (last < seq)
            snprintf(why, n, "the head seen had entry %lld, but the books end at entry %lld: entries %lld to %lld were removed", (long long)seq,
                     (long long)last, (long long)last + 1, (long long)seq);
        else
            snprintf(why, n, "entry %lld of the head seen is missing from the books", (long long)seq);
        return 1;
    }
    const char *stored = json_string_value(json_object_get(row, "hash"));
    int rc = 0;
    if (!str_eq(stored, hash)) {
        snprintf(why, n, "entry %lld differs from the head seen (hash %.12s… there, %.12s… here): the chain was rewritten at or before it",
                 (long long)seq, hash, stored ? stored : "");
        rc = 1;
    }
    json_decref(row);
    return rc;
}

static Entry entry_from(Arena *a, json_t *row)
{
    Entry x = { 0 };
    x.hash_version = (int)json_integer_value(json_object_get(row, "hash_version"));
    x.seq = json_integer_value(json_object_get(row, "seq"));
    x.kind = arena_strdup(a, json_string_value(json_object_get(row, "kind")));
    x.description = arena_strdup(a, json_string_value(json_object_get(row, "description")));
    x.category = arena_strdup(a, json_string_value(json_object_get(row, "category")));
    x.occurred_on = arena_strdup(a, json_string_value(json_object_get(row, "occurred_on")));
    x.visibility = arena_strdup(a, json_string_value(json_object_get(row, "visibility")));
    x.payer_id = json_integer_value(json_object_get(row, "payer_id"));
    x.recipient_id = json_integer_value(json_object_get(row, "recipient_id"));
    x.beneficiary_id = json_integer_value(json_object_get(row, "beneficiary_id"));
    x.approved_by = json_integer_value(json_object_get(row, "approved_by"));
    x.recorded_by = json_integer_value(json_object_get(row, "recorded_by"));
    x.recorded_at = json_integer_value(json_object_get(row, "recorded_at"));
    x.reverses_id = json_integer_value(json_object_get(row, "reverses_id"));
    x.meeting_id = json_integer_value(json_object_get(row, "meeting_id"));
    return x;
}

/* ---------- verification ---------- */

#define FINDINGS_MAX 500

/* Notes a problem: the first of its kind in `first` (if given), and every one
 * in the findings when explaining. */
static void found(VerifyReport *out, const char *where, const char *what, const char *affects)
{
    out->problems++;
    if (!out->findings || json_array_size(out->findings) >= FINDINGS_MAX) return;
    json_array_append_new(out->findings, json_pack("{s:s, s:s, s:s}", "where", where, "what", what, "affects", affects ? affects : ""));
}

/* The accounts an entry's postings touch, in words: what a broken entry affects. */
static const char *entry_affects(Arena *a, json_t *posts, size_t from, int64_t id)
{
    Buf b;
    buf_init(&b, a);
    for (size_t i = from; i < json_array_size(posts); i++) {
        json_t *p = json_array_get(posts, i);
        if (json_integer_value(json_object_get(p, "transaction_id")) != id) break;
        buf_printf(&b, "%s%s (account %lld)", b.len ? ", " : "the balances of ", json_string_value(json_object_get(p, "account_name")),
                   (long long)json_integer_value(json_object_get(p, "account_id")));
    }
    return b.len ? buf_str(&b) : "no posting: the entry has none left";
}

/* The chain, entry by entry: each one's contents against its hash, its link to
 * the one before, its postings within what one posting may move. */
/* Fills x's postings from the chain's postings of transaction `id`, from
 * *pi on (left past them); what is beyond what one posting may move, or NULL. */
static const char *entry_postings(Arena *a, Entry *x, json_t *posts, size_t *pi, int64_t id)
{
    const char *over = NULL;
    for (; *pi < json_array_size(posts); (*pi)++) {
        json_t *p = json_array_get(posts, *pi);
        if (json_integer_value(json_object_get(p, "transaction_id")) != id) break;
        if (x->npostings == LEDGER_MAX_POSTINGS) continue;
        Posting *q = &x->postings[x->npostings++];
        q->account_id = json_integer_value(json_object_get(p, "account_id"));
        q->resource = arena_strdup(a, json_string_value(json_object_get(p, "resource")));
        q->amount = json_integer_value(json_object_get(p, "amount"));
        q->value_amount = json_integer_value(json_object_get(p, "value_amount"));
        q->value_currency = json_is_string(json_object_get(p, "value_currency"))
                                ? arena_strdup(a, json_string_value(json_object_get(p, "value_currency"))) : NULL;
        q->account_digest = arena_strdup(a, json_string_value(json_object_get(p, "account_digest")));
        q->resource_digest = arena_strdup(a, json_string_value(json_object_get(p, "resource_digest")));
        if (!json_is_integer(json_object_get(p, "amount")) || q->amount > LEDGER_AMOUNT_MAX || q->amount < -LEDGER_AMOUNT_MAX)
            over = arena_printf(a, "a posting of %s moves more than one posting may (%lld of its smallest unit): an older "
                                   "version let it in", q->resource, LEDGER_AMOUNT_MAX);
    }
    return over;
}

static int chain_verify(DbConn *c, VerifyReport *out, Progress *progress, Err *e)
{
    char prev[65];
    snprintf(prev, sizeof prev, "%s", LEDGER_GENESIS);
    int64_t after = 0, expect = 1, last;
    enum { BATCH = 2000 };
    if (chain_last_seq(c, e, &last) < 0) return -1;
    progress_stage(progress, "the chain", last);
    for (;;) {
        json_t *rows = chain_rows(c, e, after, BATCH);
        json_t *posts = rows ? chain_postings(c, e, after, BATCH) : NULL;
        if (!posts) {
            json_decref(rows);
            return -1;
        }
        size_t n = json_array_size(rows), pi = 0;
        Arena a;
        arena_init(&a, 16384);
        for (size_t i = 0; i < n; i++) {
            json_t *row = json_array_get(rows, i);
            Entry x = entry_from(&a, row);
            int64_t id = json_integer_value(json_object_get(row, "id"));
            /* its postings, in order of insertion */
            while (pi < json_array_size(posts) && json_integer_value(json_object_get(json_array_get(posts, pi), "transaction_id")) < id) pi++;
            size_t first = pi;
            const char *over = entry_postings(&a, &x, posts, &pi, id);
            char hash[65];
            const char *stored = json_string_value(json_object_get(row, "hash"));
            const char *stored_prev = json_string_value(json_object_get(row, "prev_hash"));
            const char *where = arena_printf(&a, "entry %lld (transaction id %lld)", (long long)x.seq, (long long)id);
            const char *affects = NULL;
            char reason[200] = "";
            out->checked++;
            if (x.seq != expect)
                snprintf(reason, sizeof reason, "the chain jumps from %lld to %lld: an entry is missing or out of order", (long long)expect - 1,
                         (long long)x.seq);
            else if (!str_eq(stored_prev, prev))
                snprintf(reason, sizeof reason, "its link to the entry before does not match: entries were removed or reordered");
            ledger_hash(stored_prev, &x, hash);
            if (!str_eq(hash, stored)) {
                char changed[200];
                snprintf(changed, sizeof changed, "its contents do not match its hash: the transaction, one of its postings%s was changed",
                         x.hash_version >= 2 ? ", or what an account or resource of it stands for," : "");
                affects = entry_affects(&a, posts, first, id);
                /* a broken link says more (a removal, a reordering): it leads; the change is noted beside it */
                if (reason[0]) found(out, where, changed, affects);
                else snprintf(reason, sizeof reason, "%s", changed);
            }
            if (reason[0]) {
                found(out, where, reason, affects);
                if (!out->bad_seq) {
                    out->bad_seq = x.seq;
                    out->bad_id = id;
                    snprintf(out->reason, sizeof out->reason, "%s", reason);
                }
            }
            if (over) {
                found(out, where, over, entry_affects(&a, posts, first, id));
                if (!out->limits_reason[0]) snprintf(out->limits_reason, sizeof out->limits_reason, "%s: %s", where, over);
            }
            if (out->bad_seq && !out->findings) break;
            /* explaining: go on from what is stored, to find every other break */
            snprintf(prev, sizeof prev, "%s", stored ? stored : "");
            expect = x.seq + 1;
            after = x.seq;
        }
        arena_release(&a);
        json_decref(rows);
        json_decref(posts);
        progress_step(progress, (int64_t)n);
        if ((out->bad_seq && !out->findings) || n < BATCH) break;
    }
    progress_stage_end(progress);
    return 0;
}

/* Every account's and resource's row against its digest. */
static int digests_verify(DbConn *c, VerifyReport *out, Progress *progress, Err *e)
{
    json_t *res = resource_rows(c, e);
    if (!res) return -1;
    size_t i;
    json_t *r;
    char d[65];
    json_array_foreach(res, i, r) {
        const char *code = json_string_value(json_object_get(r, "code"));
        const char *kept = json_string_value(json_object_get(r, "digest"));
        out->resources_checked++;
        resource_digest(code, json_string_value(json_object_get(r, "kind")), json_integer_value(json_object_get(r, "decimals")), d);
        if (!kept || !*kept || str_eq(kept, d)) continue;
        char where[64];
        snprintf(where, sizeof where, "resources row %s", code);
        found(out, where, "its code, kind or decimals no longer match its digest: what the resource stands for was changed",
              "every amount of it: balances, totals and exports read them with its decimals");
        if (!out->resources_bad[0]) snprintf(out->resources_bad, sizeof out->resources_bad, "%s", code);
    }
    json_decref(res);
    int64_t after = 0, total = 0;
    if (account_count(c, e, &total) < 0) return -1;
    progress_stage(progress, "the accounts", total);
    for (;;) {
        json_t *rows = account_rows(c, e, after, 2000);
        if (!rows) return -1;
        size_t n = json_array_size(rows);
        json_array_foreach(rows, i, r) {
            int64_t id = json_integer_value(json_object_get(r, "id"));
            const char *kept = json_string_value(json_object_get(r, "digest"));
            const char *name = json_string_value(json_object_get(r, "name"));
            const char *kind = json_string_value(json_object_get(r, "kind"));
            after = id;
            out->accounts_checked++;
            if (!kept || !*kept) {
                out->undigested++;
                continue;
            }
            account_digest(id, kind, json_integer_value(json_object_get(r, "ref_id")), json_integer_value(json_object_get(r, "parent_id")),
                           name, json_string_value(json_object_get(r, "purpose")), d);
            if (str_eq(kept, d)) continue;
            char where[200], affects[200];
            snprintf(where, sizeof where, "ledger_accounts row %lld (%s \"%s\")", (long long)id, kind ? kind : "", name ? name : "");
            snprintf(affects, sizeof affects, "every line of account %lld: whose books it is in and whose name it shows", (long long)id);
            found(out, where, "its kind, owner, unit, name or purpose no longer match its digest: what the account stands for was changed",
                  affects);
            if (!out->accounts_bad) {
                out->accounts_bad = id;
                snprintf(out->accounts_reason, sizeof out->accounts_reason, "%s", where);
            }
        }
        json_decref(rows);
        progress_step(progress, (int64_t)n);
        if (n < 2000) break;
    }
    progress_stage_end(progress);
    return 0;
}

/* A sum that SQL returns as a number too large for an integer (an older
 * version let totals overflow on SQLite) reads as 0 from JSON: say so. */
static const char *amount_or_overflow(Arena *a, json_t *v, const char *kind, int64_t dec)
{
    if (json_is_integer(v)) return amount_format(a, json_integer_value(v), kind, dec);
    if (json_is_real(v)) return arena_printf(a, "%.4g (beyond what the books can count)", json_real_value(v));
    return "0";
}

/* The rows of a table of totals that are not the sums of their postings
 * (`drifts`, as totals_drift gives them), each a finding; the first one in
 * the report's *bad and reason. `unit`: ledger_unit_totals, whose rows sum a
 * unit's account and its baskets. */
static void drift_found(VerifyReport *out, json_t *drifts, bool unit, int64_t *bad, char *reason, size_t n)
{
    const char *table = unit ? "ledger_unit_totals" : "ledger_totals";
    Arena a;
    arena_init(&a, 1024);
    size_t i;
    json_t *d;
    json_array_foreach(drifts, i, d) {
        const char *res = json_string_value(json_object_get(d, "resource"));
        const char *kind = json_string_value(json_object_get(d, "resource_kind"));
        int64_t dec = json_integer_value(json_object_get(d, "decimals"));
        if (!kind) kind = "goods";
#define AMOUNT(key) amount_or_overflow(&a, json_object_get(d, key), kind, dec)
        int64_t account = json_integer_value(json_object_get(d, "account_id"));
        const char *who = json_string_value(json_object_get(d, "account"));
        const char *what = json_string_value(json_object_get(d, "account_kind"));
        const char *where = arena_printf(&a, "%saccount %lld (%s \"%s\"), %s", unit ? "unit " : "", (long long)account,
                                         what ? what : "unknown", who ? who : "", res ? res : "");
        const char *sums = unit ? "the postings of the unit and its baskets add up to" : "its postings add up to";
        const char *why = !json_integer_value(json_object_get(d, "kept"))
                              ? arena_printf(&a, "it has postings (in %s, out %s) but no row in %s", AMOUNT("inflow"), AMOUNT("outflow"), table)
                              : arena_printf(&a, "%s holds in %s, out %s; %s in %s, out %s", table, AMOUNT("kept_inflow"),
                                             AMOUNT("kept_outflow"), sums, AMOUNT("inflow"), AMOUNT("outflow"));
#undef AMOUNT
        found(out, arena_printf(&a, "%s: %s", table, where), why,
              unit ? "the totals shown for this unit and its place's comparison of chapters" : "the balance shown for this account and resource");
        if (!*bad) {
            *bad = account;
            if (!unit) snprintf(out->totals_resource, sizeof out->totals_resource, "%s", res ? res : "");
            snprintf(reason, n, "%s: %s", where, why);
        }
    }
    arena_release(&a);
}

/* ledger_totals (what the balances are read from) and ledger_unit_totals
 * (what a unit's totals are read from) against the sums of the postings, each
 * row within what the books can count, and the volume of each resource
 * against the totals. */
static int totals_verify(DbConn *c, VerifyReport *out, Err *e)
{
    if (totals_rows(c, e, &out->totals_rows) < 0 || unit_totals_rows(c, e, &out->unit_rows) < 0) return -1;
    json_t *drifts = totals_drift(c, e, out->findings ? 100 : 1);
    if (!drifts) return -1;
    drift_found(out, drifts, false, &out->totals_bad_account, out->totals_reason, sizeof out->totals_reason);
    json_decref(drifts);
    if (!(drifts = unit_totals_drift(c, e, out->findings ? 100 : 1))) return -1;
    drift_found(out, drifts, true, &out->unit_bad, out->unit_reason, sizeof out->unit_reason);
    json_decref(drifts);
    Arena a;
    arena_init(&a, 1024);
    size_t i;
    json_t *d;
    json_t *vol = volume_drift(c, e);
    if (!vol) {
        arena_release(&a);
        return -1;
    }
    json_array_foreach(vol, i, d) {
        const char *res = json_string_value(json_object_get(d, "resource"));
        const char *why = arena_printf(&a, "ledger_volume holds %s; the totals of its accounts add up to %s",
                                       amount_or_overflow(&a, json_object_get(d, "kept"), "goods", 0),
                                       amount_or_overflow(&a, json_object_get(d, "inflow"), "goods", 0));
        found(out, arena_printf(&a, "ledger_volume: %s", res), why, "no balance; the limit on new postings of this resource");
        if (!out->volume_reason[0]) snprintf(out->volume_reason, sizeof out->volume_reason, "%s: %s", res, why);
    }
    json_decref(vol);
    arena_release(&a);
    return 0;
}

int ledger_verify(DbConn *c, VerifyReport *out, Progress *progress, Err *e)
{
    json_t *findings = out->findings;   /* the caller's, when explaining */
    memset(out, 0, sizeof *out);
    out->findings = findings;
    Progress quiet;
    if (!progress) progress_start(progress = &quiet, false, "entries");
    if (chain_verify(c, out, progress, e) < 0 || digests_verify(c, out, progress, e) < 0) {
        progress_abort(progress);
        return -1;
    }
    /* one statement: no count to show as it runs, only that it is under way */
    progress_stage(progress, "the totals", 0);
    progress_step(progress, 0);
    int rc = totals_verify(c, out, e);
    if (rc < 0) progress_abort(progress);
    else {
        progress->done = out->totals_rows;
        progress_stage_end(progress);
    }
    return rc;
}
