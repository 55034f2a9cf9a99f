/* rank.c - how well a document answers a query, and the words shown with it:
 * pure functions over folded terms, the same whichever database found the
 * documents. */
#include <string.h>

#include "search/internal.h"

/* ---------- the query ---------- */

static bool add_query_term(void *ctx, const char *term, size_t n, size_t from, size_t to)
{
    (void)from, (void)to;
    Query *q = ctx;
    for (int i = 0; i < q->n; i++)
        if (q->lens[i] == n && memcmp(q->terms[i], term, n) == 0) return true;
    if (q->n == QUERY_TERMS_MAX) return false;
    memcpy(q->terms[q->n], term, n);
    q->terms[q->n][n] = 0;
    q->lens[q->n++] = n;
    return true;
}

void query_parse(Query *q, const char *text)
{
    memset(q, 0, sizeof *q);
    if (!text) return;
    fold_each(text, add_query_term, q);
    /* the last word is still being typed unless a space or punctuation follows it */
    size_t n = strlen(text);
    unsigned char end = n ? (unsigned char)text[n - 1] : ' ';
    bool open = end >= 0x80 || (end >= '0' && end <= '9') || ((end | 0x20) >= 'a' && (end | 0x20) <= 'z');
    q->last_prefix = q->n > 0 && open && q->lens[q->n - 1] >= PREFIX_MIN;
}

int query_match(const Query *q, const char *term, size_t n)
{
    for (int i = 0; i < q->n; i++) {
        bool prefix = q->last_prefix && i == q->n - 1;
        if (prefix ? n >= q->lens[i] && memcmp(term, q->terms[i], q->lens[i]) == 0
                   : n == q->lens[i] && memcmp(term, q->terms[i], n) == 0)
            return i;
    }
    return -1;
}

/* ---------- scores ----------
 *
 * Per query term: in the title 30, in the tags 15, in the text 3 for each
 * time it occurs (up to 10 times). Every term in the title: 40 more; the
 * title is exactly the query: 60 more; two query terms next to each other in
 * the text, in the query's order: 10 for each such pair. */
enum { W_TITLE = 30, W_TAG = 15, W_TEXT = 3, TF_MAX = 10, W_ALL_TITLE = 40, W_EXACT = 60, W_PAIR = 10 };

/* Whether the word at w (after its mark) is query term i: the term, then the
 * word's end — or anything, for a last term taken as a prefix. *end: past it. */
static bool term_at(const Query *q, int i, const char *w, const char **end)
{
    if (memcmp(w, q->terms[i], q->lens[i]) != 0) return false;
    const char *e = w + q->lens[i];
    if (q->last_prefix && i == q->n - 1)
        while (*e && *e != ' ') e++;
    *end = e;
    return *e == ' ' || *e == 0;
}

/* Where term i occurs in the words: whether in the title and in the tags,
 * how often in the text, and (*pairs) how often it is followed at once in the
 * text by term i + 1. The term is found by memmem after its colon, whatever
 * its mark, in one pass over the words; most words match nothing. */
typedef struct Occurs {
    bool title, tags;
    int text;
} Occurs;

static Occurs occurrences(const Query *q, int i, const char *words, size_t len, char base, long *pairs)
{
    char pat[TERM_MAX + 2] = { ':' };
    memcpy(pat + 1, q->terms[i], q->lens[i]);
    size_t plen = 1 + q->lens[i];
    Occurs o = { 0 };
    const char *end = words + len, *w;
    for (const char *at = words + 1; at < end && (at = memmem(at, (size_t)(end - at), pat, plen)); at += plen) {
        /* a word starts with its mark: the words' start or a space, then one digit */
        if (!(at - 1 == words || at[-2] == ' ')) continue;
        if (!term_at(q, i, at + 1, &w)) continue;
        int col = at[-1] - base;
        if (col == COL_TITLE) o.title = true;
        else if (col == COL_TAGS) o.tags = true;
        else if (col == COL_TEXT) {
            o.text++;
            const char next[2] = { (char)(base + COL_TEXT), ':' };
            if (pairs && i + 1 < q->n && *w == ' ' && w[1] == next[0] && w[2] == next[1]) {
                const char *after;
                if (term_at(q, i + 1, w + 3, &after)) (*pairs)++;
            }
        }
    }
    return o;
}

long rank_score(const Query *q, const char *f_words)
{
    if (q->n == 0 || !f_words || !*f_words) return 0;
    size_t len = strlen(f_words);
    /* a members-only document's words are marked 5: to 8: (all of them) */
    char base = f_words[0] > '0' + COL_META ? (char)('0' + COL_META) : '0';
    long score = 0, pairs = 0;
    int in_title = 0, title_words = 0;
    for (const char *w = f_words; w[0] == base + COL_TITLE && w[1] == ':'; title_words++) {   /* the title comes first */
        w = strchr(w, ' ');
        if (!w) break;
        w++;
    }
    for (int i = 0; i < q->n; i++) {
        Occurs o = occurrences(q, i, f_words, len, base, &pairs);
        if (o.title) score += W_TITLE, in_title++;
        if (o.tags) score += W_TAG;
        score += (long)W_TEXT * (o.text < TF_MAX ? o.text : TF_MAX);
    }
    if (in_title == q->n) score += W_ALL_TITLE;
    if (in_title == q->n && title_words == q->n) score += W_EXACT;
    if (q->n > 1) score += W_PAIR * pairs;
    return score;
}

/* ---------- what is shown ---------- */

typedef struct Word {
    size_t from, to;
    int match;   /* the query term it matches, or -1 */
} Word;

typedef struct Words {
    const Query *q;
    Word *w;
    size_t n, cap;
    Arena *a;
} Words;

static bool add_word(void *ctx, const char *term, size_t n, size_t from, size_t to)
{
    Words *ws = ctx;
    int m = query_match(ws->q, term, n);
    if (ws->n && ws->w[ws->n - 1].from == from) {   /* one word that folded into several terms */
        if (ws->w[ws->n - 1].match < 0) ws->w[ws->n - 1].match = m;
        return true;
    }
    if (ws->n == ws->cap) {
        size_t cap = ws->cap ? ws->cap * 2 : 64;
        ws->w = arena_realloc(ws->a, ws->w, ws->cap * sizeof *ws->w, cap * sizeof *ws->w);
        ws->cap = cap;
    }
    ws->w[ws->n++] = (Word){ from, to, m };
    return true;
}

/* text[from, to) escaped, its matching words among w[i0, i1) in <mark>. */
static void add_marked(Buf *out, const char *text, size_t from, size_t to, const Word *w, size_t i0, size_t i1)
{
    size_t at = from;
    for (size_t i = i0; i < i1; i++) {
        if (w[i].match < 0) continue;
        buf_add_html(out, text + at, w[i].from - at);
        buf_adds(out, "<mark>");
        buf_add_html(out, text + w[i].from, w[i].to - w[i].from);
        buf_adds(out, "</mark>");
        at = w[i].to;
    }
    buf_add_html(out, text + at, to - at);
}

static void words_of(Words *ws, Arena *a, const Query *q, const char *text)
{
    *ws = (Words){ .q = q, .a = a };
    fold_each(text, add_word, ws);
}

void rank_highlight(Buf *out, Arena *a, const Query *q, const char *text)
{
    if (!text) return;
    Words ws;
    words_of(&ws, a, q, text);
    add_marked(out, text, 0, strlen(text), ws.w, 0, ws.n);
}

/* The first word of the window of SNIPPET_WORDS words with the most distinct
 * query terms (then the most matches; the earliest on a tie). */
static size_t best_window(const Word *w, size_t n, int nterms)
{
    size_t best = 0;
    int best_distinct = -1, best_hits = -1;
    int count[QUERY_TERMS_MAX] = { 0 }, distinct = 0, hits = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i].match >= 0 && count[w[i].match]++ == 0) distinct++;
        if (w[i].match >= 0) hits++;
        if (i >= SNIPPET_WORDS) {   /* word i - SNIPPET_WORDS leaves the window */
            const Word *old = &w[i - SNIPPET_WORDS];
            if (old->match >= 0) {
                hits--;
                if (--count[old->match] == 0) distinct--;
            }
        }
        size_t first = i >= SNIPPET_WORDS - 1 ? i + 1 - SNIPPET_WORDS : 0;
        if (distinct > best_distinct || (distinct == best_distinct && hits > best_hits)) {
            best = first, best_distinct = distinct, best_hits = hits;
            if (distinct == nterms && i + 1 >= SNIPPET_WORDS) break;
        }
    }
    /* start a few words before the first match, so that it reads in context */
    size_t lead = 0;
    while (best + lead < n && w[best + lead].match < 0 && lead < SNIPPET_WORDS) lead++;
    if (lead > 4 && best + SNIPPET_WORDS < n) best += lead - 4 < n - best - SNIPPET_WORDS ? lead - 4 : n - best - SNIPPET_WORDS;
    return best;
}

void rank_snippet(Buf *out, Arena *a, const Query *q, const char *text)
{
    if (!text || !*text) return;
    Words ws;
    words_of(&ws, a, q, text);
    if (ws.n == 0) return;
    size_t first = best_window(ws.w, ws.n, q->n);
    size_t last = first + SNIPPET_WORDS < ws.n ? first + SNIPPET_WORDS : ws.n;   /* one past */
    /* from and to the white space around the passage, so that "New York's" is not cut to "s" */
    size_t from = first ? ws.w[first].from : 0, len = strlen(text);
    size_t to = last < ws.n ? ws.w[last - 1].to : len;
    while (from > 0 && !strchr(" \t\r\n", text[from - 1])) from--;
    while (to < len && !strchr(" \t\r\n", text[to])) to++;
    if (first) buf_adds(out, "… ");
    /* white space inside the passage reads as one space */
    Buf flat;
    buf_init(&flat, a);
    add_marked(&flat, text, from, to, ws.w, first, last);
    for (const char *p = buf_str(&flat); *p;) {
        size_t blank = strspn(p, " \t\r\n");
        if (blank && out->len && p[blank]) buf_addc(out, ' ');
        p += blank;
        size_t run = strcspn(p, " \t\r\n");
        buf_add(out, p, run);
        p += run;
    }
    if (last < ws.n) buf_adds(out, " …");
}
