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

typedef struct Counter {
    int hits[QUERY_TERMS_MAX];
    int words, prev;   /* the previous word's query term (or -1), for pairs */
    long pairs;
} Counter;

long rank_score(const Query *q, const char *f_words)
{
    if (q->n == 0 || !f_words) return 0;
    Counter cols[COL_META + 1];
    memset(cols, 0, sizeof cols);
    for (int k = 0; k <= COL_META; k++) cols[k].prev = -1;
    /* one walk over the words "n:term n:term ...": a word whose first letter
     * starts no query term is counted without being compared */
    bool first[256] = { false };
    for (int i = 0; i < q->n; i++) first[(unsigned char)q->terms[i][0]] = true;
    const unsigned char *w = (const unsigned char *)f_words;
    while (*w) {
        const unsigned char *end = w;
        while (*end && *end != ' ') end++;   /* words are short: a plain loop beats memchr's calls */
        size_t n = (size_t)(end - w);
        int col = n > 2 && w[1] == ':' ? w[0] - '0' : 0;
        if (col >= COL_TITLE && col < COL_META) {
            Counter *c = &cols[col];
            int m = first[w[2]] ? query_match(q, (const char *)w + 2, n - 2) : -1;
            if (m >= 0) {
                c->hits[m]++;
                if (c->prev >= 0 && m == c->prev + 1) c->pairs++;
            }
            c->prev = m;
            c->words++;
        }
        w = *end ? end + 1 : end;
    }
    long score = 0;
    int in_title = 0;
    for (int i = 0; i < q->n; i++) {
        if (cols[COL_TITLE].hits[i]) score += W_TITLE, in_title++;
        if (cols[COL_TAGS].hits[i]) score += W_TAG;
        int tf = cols[COL_TEXT].hits[i];
        score += (long)W_TEXT * (tf < TF_MAX ? tf : TF_MAX);
    }
    if (in_title == q->n) score += W_ALL_TITLE;
    if (in_title == q->n && cols[COL_TITLE].words == q->n) score += W_EXACT;
    if (q->n > 1) score += W_PAIR * cols[COL_TEXT].pairs;
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
    bool space = false;
    for (const char *p = buf_str(&flat); *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') space = true;
        else {
            if (space && out->len) buf_addc(out, ' ');
            space = false;
            buf_addc(out, *p);
        }
    }
    if (last < ws.n) buf_adds(out, " …");
}
