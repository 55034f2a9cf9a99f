/* box.c - the ballot box of an election: trackers, the choices as the box
 * keeps them, the hash chain, the signed message, and the verification that
 * `glocal verify-election`, the tests and the close share. Pure but for
 * SHA-256 and the Ed25519 check (libsodium): no database, no clock, no
 * randomness (the random bytes of a tracker are given).
 *
 * THE BOX (format "glocal-ballot-box/1"). When an election closes, its
 * ballots are sorted by tracker (so that their order says nothing about when
 * anyone voted) and chained:
 *
 *   genesis = SHA-256 of the election it names: "glocal-ballot-box/1\n",
 *             "election <id>\n", "title <bytes>:<title>\n", "committee
 *             <bytes>:<name>\n", "method <m>\n", "seats <n>\n", "opened <t>\n",
 *             "closed <t>\n", "electorate <n>\n", then one "candidate
 *             <position> <bytes>:<name>\n" per candidate in ballot order
 *   hash_i  = SHA-256 of "<prev>:<tracker>:<choice>", prev = hash_(i-1)
 *             (genesis for the first), choice the positions as "[2,1,3]"
 *   head    = the last hash (genesis when the box is empty)
 *
 * and the node signs "glocal-ballot-box:<election id>:<ballots>:<head>" with
 * its Ed25519 key (the key that signs the books' head). Changing, adding,
 * removing or reordering a ballot, or the election's title, method, seats or
 * candidates, breaks the chain or the signature; the published count is
 * checked by counting the box again. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "governance/governance.h"
#include "ledger/ledger.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* ---------- trackers ---------- */

void tracker_from_bytes(const unsigned char bytes[TRACKER_BYTES], char out[TRACKER_TEXT])
{
    /* 120 bits, 5 at a time: 24 characters in 6 groups of 4 */
    int o = 0, bits = 0;
    unsigned acc = 0;
    int written = 0;
    for (int i = 0; i < TRACKER_BYTES; i++) {
        acc = (acc << 8) | bytes[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            if (written && written % 4 == 0) out[o++] = '-';
            out[o++] = crockford[(acc >> bits) & 31];
            written++;
        }
    }
    out[o] = 0;
}

bool tracker_normalise(const char *typed, char out[TRACKER_TEXT])
{
    if (!typed) return false;
    int written = 0, o = 0;
    for (const char *p = typed; *p; p++) {
        char ch = *p;
        if (ch == '-' || ch == ' ' || ch == '\t' || ch == '.') continue;
        if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
        if (ch == 'O') ch = '0';
        if (ch == 'I' || ch == 'L') ch = '1';
        if (!strchr(crockford, ch) || ch == 0 || written == 24) return false;
        if (written && written % 4 == 0) out[o++] = '-';
        out[o++] = ch;
        written++;
    }
    out[o] = 0;
    return written == 24;
}

/* ---------- choices ---------- */

int choice_check(const char *method, int candidates, const int32_t *pos, int n, Err *e)
{
    bool stv = str_eq(method, "stv");
    if (n == 0)
        return err_field(e, E_INVALID, stv ? "ranking" : "approve",
                         stv ? "Rank at least one candidate: put 1 beside your first choice."
                             : "Approve at least one candidate.");
    if (n > candidates) return err_field(e, E_INVALID, stv ? "ranking" : "approve", "There are only %d candidates.", candidates);
    for (int i = 0; i < n; i++) {
        if (pos[i] < 1 || pos[i] > candidates)
            return err_field(e, E_INVALID, stv ? "ranking" : "approve", "There is no candidate number %d on this ballot.",
                             (int)pos[i]);
        for (int j = 0; j < i; j++)
            if (pos[j] == pos[i])
                return err_field(e, E_INVALID, stv ? "ranking" : "approve",
                                 stv ? "A candidate can have only one rank." : "A candidate can be approved only once.");
    }
    return 0;
}

int ranking_from_ranks(int candidates, const int64_t *rank, int32_t *out, int *n, Err *e)
{
    /* rank[c] is the number given to candidate c + 1 (0: not ranked) */
    *n = 0;
    for (int c = 0; c < candidates; c++) {
        if (rank[c] < 0 || rank[c] > candidates)
            return err_field(e, E_INVALID, "ranking", "Ranks go from 1 to %d.", candidates);
        for (int d = 0; d < c; d++)
            if (rank[c] && rank[d] == rank[c])
                return err_field(e, E_INVALID, "ranking",
                                 "You gave rank %lld to two candidates: each rank goes to one candidate.", (long long)rank[c]);
    }
    for (int64_t r = 1; r <= candidates; r++)
        for (int c = 0; c < candidates; c++)
            if (rank[c] == r) out[(*n)++] = c + 1;
    return 0;
}

char *choice_text(const int32_t *pos, int n)
{
    Buf b;
    buf_init(&b, NULL);
    buf_addc(&b, '[');
    for (int i = 0; i < n; i++) buf_printf(&b, i ? ",%d" : "%d", (int)pos[i]);
    buf_addc(&b, ']');
    return b.data;
}

/* The positions of a choice as the box holds them (a JSON array of integers):
 * how many, or -1 when it is no list of integers. */
static int choice_of(const json_t *arr, int32_t *out, int max)
{
    if (!json_is_array(arr) || (int)json_array_size(arr) > max) return -1;
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) < -1000000 || json_integer_value(x) > 1000000) return -1;
        out[i] = (int32_t)json_integer_value(x);
    }
    return (int)json_array_size(arr);
}

json_t *choice_json(const char *text)
{
    /* the box's own form, "[2,1,3]": read by hand (a box holds many) */
    if (!text || *text++ != '[') return NULL;
    json_t *list = json_array();
    while (*text && *text != ']') {
        char *end;
        long v = strtol(text, &end, 10);
        if (end == text || v < -1000000 || v > 1000000 || (*end != ',' && *end != ']')) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, json_integer(v));
        text = *end == ',' ? end + 1 : end;
    }
    if (*text != ']' || text[1]) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* ---------- the chain ---------- */

static void sha256_hex(const char *data, size_t n, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)data, n);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

void box_genesis(const json_t *election, const json_t *candidates, char hex[65])
{
    Buf b;
    buf_init(&b, NULL);
    const char *title = json_string_value(json_object_get(election, "title"));
    const char *method = json_string_value(json_object_get(election, "method"));
    if (!title) title = "";
    const char *committee = json_string_value(json_object_get(election, "committee"));
    if (!committee) committee = "";
    buf_printf(&b, "%s\nelection %lld\ntitle %zu:%s\ncommittee %zu:%s\nmethod %s\nseats %lld\nopened %lld\nclosed %lld\nelectorate %lld\n",
               BOX_FORMAT, (long long)json_integer_value(json_object_get(election, "id")), strlen(title), title, strlen(committee),
               committee, method ? method : "", (long long)json_integer_value(json_object_get(election, "seats")),
               (long long)json_integer_value(json_object_get(election, "opened_at")),
               (long long)json_integer_value(json_object_get(election, "closed_at")),
               (long long)json_integer_value(json_object_get(election, "electorate")));
    size_t i;
    json_t *c;
    json_array_foreach(candidates, i, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        if (!name) name = "";
        buf_printf(&b, "candidate %lld %zu:%s\n", (long long)json_integer_value(json_object_get(c, "position")), strlen(name),
                   name);
    }
    sha256_hex(b.data, b.len, hex);
    buf_release(&b);
}

void box_link(const char *prev, const char *tracker, const char *choice, char hex[65])
{
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "%s:%s:%s", prev, tracker, choice);
    sha256_hex(b.data, b.len, hex);
    buf_release(&b);
}

char *box_message(int64_t election_id, size_t ballots, const char *head)
{
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "glocal-ballot-box:%lld:%zu:%s", (long long)election_id, ballots, head);
    return b.data;
}

typedef struct Sealed {
    const char *tracker, *choice;
} Sealed;

static int tracker_cmp(const void *a, const void *b)
{
    return strcmp(((const Sealed *)a)->tracker, ((const Sealed *)b)->tracker);
}

json_t *box_seal(const json_t *election, const json_t *candidates, const json_t *ballots, Err *e)
{
    size_t n = json_array_size(ballots);
    Sealed *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) return err_set(e, E_INTERNAL, "Out of memory."), NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *b = json_array_get(ballots, i);
        sorted[i] = (Sealed){ json_string_value(json_object_get(b, "tracker")), json_string_value(json_object_get(b, "choice")) };
        if (!sorted[i].tracker) sorted[i].tracker = "";
    }
    qsort(sorted, n, sizeof *sorted, tracker_cmp);
    char genesis[65], prev[65], hash[65];
    box_genesis(election, candidates, genesis);
    memcpy(prev, genesis, 65);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *tracker = sorted[i].tracker;
        const char *text = sorted[i].choice;
        json_t *choice = choice_json(text);
        if (!*tracker || !choice) {
            json_decref(list);
            free(sorted);
            return err_set(e, E_INTERNAL, "Ballot %zu of the box is malformed.", i + 1), NULL;
        }
        box_link(prev, tracker, text, hash);
        json_array_append_new(list, json_pack("{s:s, s:o, s:s, s:s}", "tracker", tracker, "choice", choice, "prev", prev, "hash", hash));
        memcpy(prev, hash, 65);
    }
    free(sorted);
    return json_pack("{s:s, s:O, s:O, s:s, s:o, s:s, s:I}", "format", BOX_FORMAT, "election", election, "candidates", candidates,
                     "genesis", genesis, "ballots", list, "head", prev, "count", (json_int_t)n);
}

/* ---------- counting what a box holds ---------- */

int box_count_input(const json_t *box, BoxCount *out, Err *e)
{
    memset(out, 0, sizeof *out);
    const json_t *cands = json_object_get(box, "candidates"), *ballots = json_object_get(box, "ballots");
    const json_t *election = json_object_get(box, "election");
    size_t C = json_array_size(cands), n = json_array_size(ballots);
    if (!json_is_array(cands) || !json_is_array(ballots) || !C)
        return err_set(e, E_INVALID, "The box names no candidates or holds no list of ballots.");
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += json_array_size(json_object_get(json_array_get(ballots, i), "choice"));
    out->names = calloc(C, sizeof *out->names);
    out->start = malloc((n + 1) * sizeof *out->start);
    out->prefs = malloc((total ? total : 1) * sizeof *out->prefs);
    if (!out->names || !out->start || !out->prefs) {
        box_count_free(out);
        return err_set(e, E_INTERNAL, "Out of memory.");
    }
    for (size_t c = 0; c < C; c++) out->names[c] = json_string_value(json_object_get(json_array_get(cands, c), "name"));
    uint32_t at = 0;
    for (size_t i = 0; i < n; i++) {
        out->start[i] = at;
        int m = choice_of(json_object_get(json_array_get(ballots, i), "choice"), out->prefs + at, (int)(total - at));
        if (m < 0) {
            box_count_free(out);
            return err_set(e, E_INVALID, "Ballot %zu holds no list of candidate numbers.", i + 1);
        }
        for (int k = 0; k < m; k++) out->prefs[at + (uint32_t)k] -= 1;   /* positions 1..C: candidates 0..C-1 */
        at += (uint32_t)m;
    }
    out->start[n] = at;
    out->in = (CountInput){ .candidates = (int)C, .seats = (int)json_integer_value(json_object_get(election, "seats")), .n = n,
                            .prefs = out->prefs, .start = out->start, .names = out->names };
    out->stv = str_eq(json_string_value(json_object_get(election, "method")), "stv");
    return 0;
}

void box_count_free(BoxCount *b)
{
    free(b->prefs);
    free(b->start);
    free((void *)b->names);
    memset(b, 0, sizeof *b);
}

json_t *box_recount(const json_t *box, Err *e)
{
    BoxCount bc;
    if (box_count_input(box, &bc, e) < 0) return NULL;
    json_t *result = bc.stv ? stv_count(&bc.in, e) : approval_count(&bc.in, e);
    box_count_free(&bc);
    return result;
}

char *box_blt(const json_t *box)
{
    BoxCount bc;
    Err e = { 0 };
    if (box_count_input(box, &bc, &e) < 0) return NULL;
    char *text = blt_write(&bc.in, json_string_value(json_object_get(json_object_get(box, "election"), "title")));
    box_count_free(&bc);
    return text;
}

/* ---------- verification ---------- */

#define BROKEN(...) (snprintf(why, why_size, __VA_ARGS__), 1)

/* The chain: genesis, every link and hash, the order, the head. */
static int chain_check(const json_t *box, char *why, size_t why_size)
{
    const json_t *election = json_object_get(box, "election"), *cands = json_object_get(box, "candidates");
    const json_t *ballots = json_object_get(box, "ballots");
    char genesis[65], prev[65], hash[65];
    box_genesis(election, cands, genesis);
    if (!str_eq(genesis, json_string_value(json_object_get(box, "genesis"))))
        return BROKEN("the genesis does not match the election it names: its title, method, seats or candidates were changed");
    size_t C = json_array_size(cands);
    for (size_t c = 0; c < C; c++)
        if (json_integer_value(json_object_get(json_array_get(cands, c), "position")) != (json_int_t)c + 1)
            return BROKEN("the candidates are not numbered 1 to %zu in ballot order", C);
    memcpy(prev, genesis, 65);
    const char *last_tracker = "";
    int32_t *pos = malloc((C + 1) * sizeof *pos);
    int rc = 0;
    for (size_t i = 0; i < json_array_size(ballots) && !rc; i++) {
        const json_t *b = json_array_get(ballots, i);
        const char *tracker = json_string_value(json_object_get(b, "tracker"));
        int m = choice_of(json_object_get(b, "choice"), pos, (int)C);
        char *text = m >= 0 ? choice_text(pos, m) : NULL;
        if (!tracker || !text) rc = BROKEN("ballot %zu is malformed (no tracker, or no list of at most %zu candidates)", i + 1, C);
        else if (strcmp(tracker, last_tracker) <= 0)
            rc = BROKEN("ballot %zu (tracker %s) is out of order: the box is sorted by tracker, each once", i + 1, tracker);
        else if (!str_eq(prev, json_string_value(json_object_get(b, "prev"))))
            rc = BROKEN("ballot %zu (tracker %s) does not link to the ballot before it: a ballot was removed, added or moved", i + 1,
                        tracker);
        else {
            box_link(prev, tracker, text, hash);
            if (!str_eq(hash, json_string_value(json_object_get(b, "hash"))))
                rc = BROKEN("ballot %zu (tracker %s) does not match its hash: it was changed after the box was sealed", i + 1, tracker);
            memcpy(prev, hash, 65);
            last_tracker = tracker;
        }
        free(text);
    }
    free(pos);
    if (rc) return rc;
    if (!str_eq(prev, json_string_value(json_object_get(box, "head"))))
        return BROKEN("the head of the box is not the hash of its last ballot: ballots were removed from or added at the end");
    if (json_integer_value(json_object_get(box, "count")) != (json_int_t)json_array_size(ballots))
        return BROKEN("the box says it holds %lld ballots but holds %zu", (long long)json_integer_value(json_object_get(box, "count")),
                      json_array_size(ballots));
    return 0;
}

/* The signature of the head, by the node's key (expected_pk, when known). */
static int signature_check(const json_t *box, const char *expected_pk, char *why, size_t why_size)
{
    const json_t *sig = json_object_get(box, "signature");
    const char *message = json_string_value(json_object_get(sig, "message"));
    const char *pk = json_string_value(json_object_get(sig, "public_key"));
    const char *hex = json_string_value(json_object_get(sig, "signature"));
    if (!message || !pk || !hex) return BROKEN("the box is not signed");
    char *want = box_message(json_integer_value(json_object_get(json_object_get(box, "election"), "id")),
                             json_array_size(json_object_get(box, "ballots")), json_string_value(json_object_get(box, "head")));
    bool same = str_eq(want, message);
    free(want);
    if (!same) return BROKEN("the signed message does not name this box (its election, number of ballots and head)");
    if (!node_signature_valid(message, hex, pk))
        return BROKEN("the signature does not hold: the box was changed after the node signed it");
    if (expected_pk && *expected_pk && !str_eq(expected_pk, pk))
        return BROKEN("the box was signed with the key %.16s..., not with this node's key %.16s...", pk, expected_pk);
    return 0;
}

/* The published count against a count of the box. */
static int result_check(const json_t *box, const json_t *result, char *why, size_t why_size)
{
    Err e = { 0 };
    json_t *again = box_recount(box, &e);
    if (!again) return BROKEN("the box cannot be counted: %s", e.msg);
    int rc = 0;
    const json_t *rw = json_object_get(result, "winners"), *aw = json_object_get(again, "winners");
    const json_t *rr = json_object_get(result, "rounds"), *ar = json_object_get(again, "rounds");
    if (!json_equal((json_t *)rw, (json_t *)aw)) {
        char *p = json_dumps(rw, JSON_COMPACT | JSON_ENCODE_ANY), *q = json_dumps(aw, JSON_COMPACT | JSON_ENCODE_ANY);
        rc = BROKEN("the recount elects candidates %s, the published result %s", q ? q : "?", p ? p : "?");
        free(p);
        free(q);
    } else if (json_array_size(rr) != json_array_size(ar)) {
        rc = BROKEN("the recount takes %zu rounds, the published result %zu", json_array_size(ar), json_array_size(rr));
    } else {
        for (size_t i = 0; i < json_array_size(ar) && !rc; i++)
            if (!json_equal(json_array_get(rr, i), json_array_get(ar, i)))
                rc = BROKEN("round %zu of the recount differs from the published round %zu", i + 1, i + 1);
        if (!rc && !json_equal((json_t *)result, again)) rc = BROKEN("the recount differs from the published result (quota, ties or totals)");
    }
    json_decref(again);
    return rc;
}

int box_check(const json_t *box, const json_t *result, const char *expected_pk, char *why, size_t why_size)
{
    why[0] = 0;
    if (!json_is_object(box) || !str_eq(json_string_value(json_object_get(box, "format")), BOX_FORMAT))
        return BROKEN("this is not a ballot box of the format %s", BOX_FORMAT);
    int rc = chain_check(box, why, why_size);
    if (!rc) rc = signature_check(box, expected_pk, why, why_size);
    if (!rc && result) rc = result_check(box, result, why, why_size);
    return rc;
}

const json_t *box_find(const json_t *box, const char *tracker)
{
    /* the box is sorted by tracker: a binary search */
    const json_t *ballots = json_object_get(box, "ballots");
    size_t lo = 0, hi = json_array_size(ballots);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const json_t *b = json_array_get(ballots, mid);
        int d = strcmp(json_string_value(json_object_get(b, "tracker")) ? json_string_value(json_object_get(b, "tracker")) : "",
                       tracker);
        if (d == 0) return b;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
