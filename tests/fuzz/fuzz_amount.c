/* fuzz_amount.c - amounts as people type them into the books and the events'
 * prices (amount_parse, price_minor), shown again (amount_format,
 * amount_words), the names of accounts (account_ref_parse) and the days of
 * entries (ledger_day_valid).
 *
 * Input: the first byte picks the kind (money, time, goods, favours) and the
 * decimals (0..6, what resources may have); the rest is the text. Invariants:
 * an accepted amount is positive, and for every kind but time (typed in hours,
 * kept in minutes) formatting it and parsing that gives the same amount; a
 * price is -1 or not negative; an accepted day is ten characters. */
#include "fuzz.h"

#include "base/err.h"
#include "events/events.h"
#include "ledger/ledger.h"

static const char *const kinds[] = { "money", "time", "goods", "favours" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a, 4096);
    const char *kind = kinds[data[0] % 4];
    int64_t decimals = (data[0] >> 2) % 7;
    char *text = fuzz_text(&a, data + 1, size - 1);
    Err e = { 0 };
    int64_t v = 0;
    if (amount_parse(text, kind, decimals, &v, &e) == 0) {
        FUZZ_CHECK(v > 0);
        const char *shown = amount_format(&a, v, kind, decimals);
        FUZZ_CHECK(shown && *shown);
        (void)amount_words(&a, v, "EUR", kind, decimals);
        if (strcmp(kind, "time") != 0) {
            int64_t back = 0;
            Err e2 = { 0 };
            FUZZ_CHECK(amount_parse(shown, kind, decimals, &back, &e2) == 0);
            FUZZ_CHECK(back == v);
        }
    } else {
        FUZZ_CHECK(e.code == E_INVALID && e.msg[0]);
    }
    FUZZ_CHECK(price_minor(text) >= -1);
    AccountRef ref;
    Err e3 = { 0 };
    if (account_ref_parse(&a, text, &ref, &e3) == 0) FUZZ_CHECK(ref.kind && ref.key);
    if (ledger_day_valid(text)) FUZZ_CHECK(strlen(text) == 10);
    arena_release(&a);
    return 0;
}
