/* json_out.c - a compact JSON writer over jansson values (see json_out.h). */
#include "base/json_out.h"

#include <stdio.h>
#include <string.h>

static void out_string(Buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_addc(b, '"');
    size_t run = 0;   /* bytes written as they are, pending */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') {
            run++;
            continue;
        }
        buf_add(b, s + i - run, run);
        run = 0;
        switch (ch) {
        case '"': buf_adds(b, "\\\""); break;
        case '\\': buf_adds(b, "\\\\"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\r': buf_adds(b, "\\r"); break;
        case '\t': buf_adds(b, "\\t"); break;
        case '\b': buf_adds(b, "\\b"); break;
        case '\f': buf_adds(b, "\\f"); break;
        default: {
            char u[6] = { '\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15] };
            buf_add(b, u, sizeof u);
        }
        }
    }
    buf_add(b, s + n - run, run);
    buf_addc(b, '"');
}

static void out_integer(Buf *b, json_int_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void out_real(Buf *b, double v)
{
    char tmp[40];
    int n = snprintf(tmp, sizeof tmp, "%.15g", v);
    if (n <= 0 || (size_t)n >= sizeof tmp) {
        buf_adds(b, "null");
        return;
    }
    buf_add(b, tmp, (size_t)n);
    if (!strpbrk(tmp, ".eEn")) buf_adds(b, ".0");   /* a whole number stays a real; inf and nan have n */
}

static void out_value(Buf *b, const json_t *v, JsonKeySkip skip, int depth)
{
    if (!v || depth > JSON_OUT_DEPTH_MAX) {
        buf_adds(b, "null");
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        bool first = true;
        buf_addc(b, '{');
        json_object_foreach((json_t *)v, k, x) {
            if (skip && skip(k, depth)) continue;
            if (!first) buf_addc(b, ',');
            first = false;
            out_string(b, k, strlen(k));
            buf_addc(b, ':');
            out_value(b, x, skip, depth + 1);
        }
        buf_addc(b, '}');
        break;
    }
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        buf_addc(b, '[');
        for (size_t i = 0; i < n; i++) {
            if (i) buf_addc(b, ',');
            out_value(b, json_array_get(v, i), skip, depth + 1);
        }
        buf_addc(b, ']');
        break;
    }
    case JSON_STRING: out_string(b, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: out_integer(b, json_integer_value(v)); break;
    case JSON_REAL: out_real(b, json_real_value(v)); break;
    case JSON_TRUE: buf_adds(b, "true"); break;
    case JSON_FALSE: buf_adds(b, "false"); break;
    case JSON_NULL: buf_adds(b, "null"); break;
    }
}

void json_out(Buf *b, const json_t *v, JsonKeySkip skip)
{
    out_value(b, v, skip, 0);
}
