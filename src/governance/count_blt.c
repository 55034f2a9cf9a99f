/* count_blt.c - the BLT format that STV counters read (OpenSTV, and most
 * others since), written and read (pure: text in, text out). The format is
 * described in governance.h; an example, two seats among three candidates:
 *
 *     3 2
 *     -3                   (optional: candidate 3 withdrew)
 *     1 1 2 0              (a ballot: weight 1, candidate 1 first, then 2)
 *     4 2 0                (four ballots for candidate 2 only)
 *     0                    (end of the ballots)
 *     "Ana"
 *     "Bruno"
 *     "Carla"
 *     "Lisbon committee, 2026"
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "governance/governance.h"

#define BLT_MAX_CANDIDATES 1000
#define BLT_MAX_BALLOTS 10000000u      /* after weights are expanded */
#define BLT_PREFS_PER_BALLOT 20u       /* on average: 200,000,000 preferences for the most ballots */

/* ---------- writing ---------- */

/* A quoted string the format can hold: no double quote, no line break. */
static void add_quoted(Buf *b, const char *s)
{
    buf_addc(b, '"');
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        buf_addc(b, ch == '"' ? '\'' : ch < 0x20 || ch == 0x7f ? ' ' : (char)ch);
    }
    buf_adds(b, "\"\n");
}

char *blt_write(const CountInput *in, const char *title)
{
    if (!in || in->candidates < 1 || in->seats < 1 || (in->n && !in->start)) return NULL;
    Buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "%d %d\n", in->candidates, in->seats);
    for (size_t i = 0; i < in->n; i++) {
        buf_addc(&b, '1');
        for (uint32_t p = in->start[i]; p < in->start[i + 1]; p++) {
            int32_t c = in->prefs[p];
            if (c < 0 || c >= in->candidates) {
                buf_release(&b);
                return NULL;
            }
            buf_printf(&b, " %d", c + 1);
        }
        buf_adds(&b, " 0\n");
    }
    buf_adds(&b, "0\n");
    for (int c = 0; c < in->candidates; c++) {
        if (in->names && in->names[c]) {
            add_quoted(&b, in->names[c]);
            continue;
        }
        char name[32];
        snprintf(name, sizeof name, "Candidate %d", c + 1);
        add_quoted(&b, name);
    }
    add_quoted(&b, title ? title : "");
    return b.data;
}

/* ---------- reading ---------- */

typedef struct Lex {
    const char *p;
    int line;
    Err *e;
} Lex;

/* Skips blanks and comments; returns the next character (0 at the end). */
static char lex_peek(Lex *x)
{
    for (;;) {
        while (isspace((unsigned char)*x->p)) {
            if (*x->p == '\n') x->line++;
            x->p++;
        }
        if (*x->p != '#') return *x->p;
        while (*x->p && *x->p != '\n') x->p++;
    }
}

static int lex_int(Lex *x, long long *v, const char *what)
{
    char ch = lex_peek(x);
    const char *s = x->p;
    if (ch == '-') s++;
    if (!isdigit((unsigned char)*s)) {
        if (ch == '=') return err_set(x->e, E_INVALID, "Line %d: equal rankings (=) are not supported.", x->line);
        return err_set(x->e, E_INVALID, "Line %d: %s expected.", x->line, what);
    }
    long long n = 0;
    for (; isdigit((unsigned char)*s); s++) {
        n = n * 10 + (*s - '0');
        if (n > 1000000000LL) return err_set(x->e, E_INVALID, "Line %d: a number too large.", x->line);
    }
    *v = ch == '-' ? -n : n;
    x->p = s;
    return 0;
}

static int lex_string(Lex *x, char **out, const char *what)
{
    if (lex_peek(x) != '"') return err_set(x->e, E_INVALID, "Line %d: %s in double quotes expected.", x->line, what);
    const char *s = ++x->p;
    while (*x->p && *x->p != '"') {
        if (*x->p == '\n') x->line++;
        x->p++;
    }
    if (!*x->p) return err_set(x->e, E_INVALID, "Line %d: %s has no closing double quote.", x->line, what);
    *out = strndup(s, (size_t)(x->p - s));
    if (!*out) abort();
    x->p++;
    return 0;
}

/* The growing arrays of ballots. */
typedef struct Ballots {
    int32_t *prefs;
    uint32_t *start;
    size_t n, cap, np, capp;
    size_t max;                    /* ballots at most, after weights are expanded */
} Ballots;

static int ballots_add(Ballots *b, const int32_t *one, size_t len, long long weight, Lex *x)
{
    if ((unsigned long long)weight > b->max - b->n ||
        (unsigned long long)weight * len > b->max * BLT_PREFS_PER_BALLOT - b->np)
        return err_set(x->e, E_INVALID, "Line %d: more ballots than a count can take (%zu).", x->line, b->max);
    for (long long k = 0; k < weight; k++) {
        if (b->n + 2 > b->cap) {
            b->cap = b->cap ? b->cap * 2 : 256;
            b->start = xrealloc(b->start, b->cap * sizeof *b->start);
        }
        if (b->np + len > b->capp) {
            while (b->np + len > b->capp) b->capp = b->capp ? b->capp * 2 : 1024;
            b->prefs = xrealloc(b->prefs, b->capp * sizeof *b->prefs);
        }
        if (len) memcpy(b->prefs + b->np, one, len * sizeof *one);
        b->np += len;
        b->start[++b->n] = (uint32_t)b->np;
    }
    return 0;
}

/* The ballots, up to and including the closing 0. */
static int read_ballots(Lex *x, BltData *out, const bool *withdrawn, Ballots *b)
{
    int C = out->in.candidates;
    int32_t *one = xmalloc(sizeof *one * ((size_t)C + 1));
    b->cap = 256;
    b->start = xrealloc(b->start, b->cap * sizeof *b->start);
    b->start[0] = 0;
    for (;;) {
        long long weight, c;
        if (lex_peek(x) == '(') {
            while (*x->p && *x->p != ')' && *x->p != '\n') x->p++;
            if (*x->p != ')') goto fail_id;
            x->p++;
        }
        if (lex_int(x, &weight, "a ballot's weight (or 0 after the last ballot)")) goto fail;
        if (weight == 0) break;
        if (weight < 0) {
            err_set(x->e, E_INVALID, "Line %d: a ballot's weight cannot be negative.", x->line);
            goto fail;
        }
        size_t len = 0;            /* past C entries a ballot names someone twice: C + 1 keep it invalid */
        for (;;) {
            if (lex_int(x, &c, "a candidate's number (or 0 at the end of the ballot)")) goto fail;
            if (c == 0) break;
            if (c < 1 || c > C) {
                err_set(x->e, E_INVALID, "Line %d: %lld is not a candidate (there are %d).", x->line, c, C);
                goto fail;
            }
            if (!withdrawn[c - 1] && len <= (size_t)C) one[len++] = (int32_t)(c - 1);
        }
        if (ballots_add(b, one, len, weight, x)) goto fail;
    }
    free(one);
    return 0;
fail_id:
    err_set(x->e, E_INVALID, "Line %d: a ballot id in parentheses has no closing parenthesis.", x->line);
fail:
    free(one);
    return -1;
}

/* The header, and the withdrawn candidates if that line is there. */
static int read_header(Lex *x, BltData *out, bool **withdrawn)
{
    long long C, S;
    if (lex_int(x, &C, "the number of candidates") || lex_int(x, &S, "the number of seats")) return -1;
    if (C < 1 || C > BLT_MAX_CANDIDATES)
        return err_set(x->e, E_INVALID, "Line %d: between 1 and %d candidates, please.", x->line,
                       BLT_MAX_CANDIDATES);
    if (S < 1) return err_set(x->e, E_INVALID, "Line %d: at least one seat, please.", x->line);
    out->in.candidates = (int)C;
    out->in.seats = (int)S;
    *withdrawn = xcalloc((size_t)C, sizeof **withdrawn);
    out->withdrawn = xcalloc((size_t)C, sizeof *out->withdrawn);
    while (lex_peek(x) == '-') {
        long long w;
        if (lex_int(x, &w, "a withdrawn candidate")) return -1;
        if (w == 0 || w < -C) return err_set(x->e, E_INVALID, "Line %d: %lld is not a candidate.", x->line, -w);
        if (!(*withdrawn)[-w - 1]) out->withdrawn[out->nwithdrawn++] = (int)(-w - 1);
        (*withdrawn)[-w - 1] = true;
    }
    return 0;
}

static int read_names(Lex *x, BltData *out)
{
    out->names = xcalloc((size_t)out->in.candidates, sizeof *out->names);
    for (int c = 0; c < out->in.candidates; c++)
        if (lex_string(x, &out->names[c], "a candidate's name")) return -1;
    if (lex_string(x, &out->title, "the title")) return -1;
    if (lex_peek(x)) return err_set(x->e, E_INVALID, "Line %d: nothing may follow the title.", x->line);
    return 0;
}

int blt_read(const char *text, BltData *out, Err *e)
{
    return blt_read_max(text, out, BLT_MAX_BALLOTS, e);
}

int blt_read_max(const char *text, BltData *out, size_t max_ballots, Err *e)
{
    memset(out, 0, sizeof *out);
    Lex x = { .p = text ? text : "", .line = 1, .e = e };
    bool *withdrawn = NULL;
    Ballots b = { .max = max_ballots < BLT_MAX_BALLOTS ? max_ballots : BLT_MAX_BALLOTS };
    int rc = read_header(&x, out, &withdrawn);
    if (!rc) rc = read_ballots(&x, out, withdrawn, &b);
    out->prefs = b.prefs;
    out->start = b.start;
    if (!rc) rc = read_names(&x, out);
    free(withdrawn);
    if (rc) {
        blt_free(out);
        return -1;
    }
    out->in.n = b.n;
    out->in.prefs = out->prefs;
    out->in.start = out->start;
    out->in.names = (const char *const *)out->names;
    return 0;
}

void blt_free(BltData *b)
{
    if (b->names)
        for (int c = 0; c < b->in.candidates; c++) free(b->names[c]);
    free(b->names);
    free(b->prefs);
    free(b->start);
    free(b->title);
    free(b->withdrawn);
    memset(b, 0, sizeof *b);
}
