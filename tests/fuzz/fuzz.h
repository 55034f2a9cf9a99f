/* fuzz.h - what the libFuzzer harnesses of tests/fuzz/ share.
 *
 * Each harness (fuzz_NAME.c) feeds one parser that reads outside input with
 * whatever libFuzzer makes, under AddressSanitizer and UBSan, and checks the
 * parser's invariants where they are cheap: FUZZ_CHECK aborts (a finding) with
 * the condition and the line when one does not hold. No database, no clock,
 * no network: `make fuzz` builds them against build-fuzz/libglocal.a. */
#ifndef GLOCAL_FUZZ_H
#define GLOCAL_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

/* The input as a NUL-terminated string (arena); inputs holding a NUL are cut
 * there, as every caller of these parsers gets C strings. */
static inline char *fuzz_text(Arena *a, const uint8_t *data, size_t size)
{
    return arena_strndup(a, (const char *)data, size);
}

/* Splits the input at its first NUL byte: *rest is what follows (or ""). */
static inline char *fuzz_split(Arena *a, const uint8_t *data, size_t size, const char **rest)
{
    const uint8_t *nul = memchr(data, 0, size);
    if (!nul) {
        *rest = "";
        return fuzz_text(a, data, size);
    }
    *rest = fuzz_text(a, nul + 1, size - (size_t)(nul + 1 - data));
    return fuzz_text(a, data, (size_t)(nul - data));
}

/* True when no byte of s is '<' (escaped output). */
static inline bool fuzz_no_lt(const char *s, size_t n)
{
    return memchr(s, '<', n) == NULL;
}

#endif
