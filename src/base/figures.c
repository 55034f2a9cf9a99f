/* figures.c - thousands grouped in counts and amounts (see figures.h). English
 * for now: a comma between groups of three, a point before decimals. */
#include "base/figures.h"

#include <stdio.h>
#include <string.h>

const char *figure_text(Arena *a, int64_t n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)n);
    return figure_grouped(a, digits);
}

const char *figure_grouped(Arena *a, const char *number)
{
    if (!number) return arena_strdup(a, "");
    const char *p = number + (*number == '-');
    size_t whole = strspn(p, "0123456789");
    if (whole == 0 || (p[whole] && p[whole] != '.') || (p[whole] == '.' && strspn(p + whole + 1, "0123456789") != strlen(p + whole + 1)))
        return arena_strdup(a, number);
    size_t sign = (size_t)(p - number), rest = strlen(p + whole), commas = (whole - 1) / 3;
    char *out = arena_alloc(a, sign + whole + commas + rest + 1), *o = out;
    memcpy(o, number, sign);
    o += sign;
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0) *o++ = ',';
        *o++ = p[i];
    }
    memcpy(o, p + whole, rest + 1);
    return out;
}
