/* figures.c - thousands grouped in counts and amounts (see figures.h), in the
 * thread's language (i18n.h): "1,234.50" in English, "1.234,50" in Portuguese,
 * "1 234,50" (a narrow no-break space) in French. */
#include "base/figures.h"

#include "base/i18n.h"

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
    const char *sep = i18n_group_sep();
    size_t sep_len = strlen(sep);
    size_t sign = (size_t)(p - number), rest = strlen(p + whole), groups = (whole - 1) / 3;
    char *out = arena_alloc(a, sign + whole + groups * sep_len + rest + 1), *o = out;
    memcpy(o, number, sign);
    o += sign;
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0) memcpy(o, sep, sep_len), o += sep_len;
        *o++ = p[i];
    }
    memcpy(o, p + whole, rest + 1);
    if (*o == '.') *o = i18n_decimal_mark();
    return out;
}
