/* fuzz_blt.c - the BLT ballot format that STV counters read and write
 * (blt_read, blt_write in src/governance/count_blt.c).
 *
 * Invariants: a text read gives ballots that name only candidates that are
 * not withdrawn, each at most once, within the limits; writing them back
 * (blt_write) and reading that gives the same candidates, seats and ballots;
 * a refusal says which line. */
#include "fuzz.h"

#include "base/err.h"
#include "governance/governance.h"

/* count_blt.c's limits */
enum { MAX_CANDIDATES = 1000 };
/* A weight expands to that many ballots: read with a limit of 1,000, so an
 * input of weight 9,999,999 (accepted by a count, seconds to expand under
 * ASan) does not stall the harness, and one of 99,999 (a few milliseconds)
 * does not slow it to a few hundred executions a second; expanding is one
 * loop, the same for 1,000 ballots as for 100,000, and the limit's own path
 * is fuzzed the more. */
enum { MAX_BALLOTS = 1000 };

static void check_ballots(const BltData *d)
{
    const CountInput *in = &d->in;
    FUZZ_CHECK(in->candidates >= 1 && in->candidates <= MAX_CANDIDATES && in->seats >= 1);
    FUZZ_CHECK(in->n <= MAX_BALLOTS && in->start[0] == 0);
    for (size_t i = 0; i < in->n; i++) {
        FUZZ_CHECK(in->start[i] <= in->start[i + 1]);
        for (uint32_t k = in->start[i]; k < in->start[i + 1]; k++) {
            int32_t c = in->prefs[k];
            FUZZ_CHECK(c >= 0 && c < in->candidates);
            for (int w = 0; w < d->nwithdrawn; w++) FUZZ_CHECK(d->withdrawn[w] != c);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192) return 0;
    Arena a;
    arena_init(&a, 1024);
    char *text = fuzz_text(&a, data, size);
    BltData d;
    Err e = { 0 };
    if (blt_read_max(text, &d, MAX_BALLOTS, &e) == 0) {
        check_ballots(&d);
        char *again = blt_write(&d.in, d.title);
        if (again) {
            BltData d2;
            Err e2 = { 0 };
            FUZZ_CHECK(blt_read_max(again, &d2, MAX_BALLOTS, &e2) == 0);
            FUZZ_CHECK(d2.in.candidates == d.in.candidates && d2.in.seats == d.in.seats && d2.in.n == d.in.n);
            FUZZ_CHECK(memcmp(d2.in.start, d.in.start, (d.in.n + 1) * sizeof *d.in.start) == 0);
            FUZZ_CHECK(!d.in.start[d.in.n] ||
                       memcmp(d2.in.prefs, d.in.prefs, d.in.start[d.in.n] * sizeof *d.in.prefs) == 0);
            blt_free(&d2);
            free(again);
        }
        blt_free(&d);
    } else {
        FUZZ_CHECK(e.code == E_INVALID && strncmp(e.msg, "Line ", 5) == 0);
    }
    arena_release(&a);
    return 0;
}
