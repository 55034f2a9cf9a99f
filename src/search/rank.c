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

/* How often term i occurs with `mark` ("2:") in the words; *pairs counts
 * those followed at once by term i + 1 with the same mark. The words are
 * found by memmem, not walked one by one: most words match nothing. */
static int occurrences(const Query *q, int i, const char *words, size_t len, const char mark[2], long *pairs)
{
    char pat[TERM_MAX + 4] = { ' ', mark[0], mark[1] };
    memcpy(pat + 3, q->terms[i], q->lens[i]);
    size_t plen = 3 + q->lens[i];
    int count = 0;
    /* the first word has no space before it: looked at on its own */
    const char *end;
    if (words[0] == mark[0] && words[1] == mark[1] && term_at(q, i, words + 2, &end)) count++;
    for (const char *at = words; (at = memmem(at, len - (size_t)(at - words), pat, plen)); at += plen) {
        if (!term_at(q, i, at + 3, &end)) continue;
        count++;
        if (pairs && i + 1 < q->n && *end == ' ' && end[1] == mark[0] && end[2] == mark[1]) {
            const char *next;
            if (term_at(q, i + 1, end + 3, &next)) (*pairs)++;
        }
    }
    return count;
}

long rank_score(const Query *q, const char *f_words)
{
    if (q->n == 0 || !f_words || !*f_words) return 0;
    size_t len = strlen(f_words);
    /* a members-only document's words are marked 5: to 8: (all of them) */
    char base = f_words[0] > '0' + COL_META ? (char)('0' + COL_META) : '0';
    const char title[2] = { (char)(base + COL_TITLE), ':' }, text[2] = { (char)(base + COL_TEXT), ':' },
               tags[2] = { (char)(base + COL_TAGS), ':' };
    long score = 0, pairs = 0;
    int in_title = 0, title_words = 0;
    for (const char *w = f_words; w[0] == title[0] && w[1] == ':'; title_words++) {   /* the title comes first */
        w = strchr(w, ' ');
        if (!w) break;
        w++;
    }
    for (int i = 0; i < q->n; i++) {
        if (occurrences(q, i, f_words, len, title, NULL)) score += W_TITLE, in_title++;
        if (occurrences(q, i, f_words, len, tags, NULL)) score += W_TAG;
        int tf = occurrences(q, i, f_words, len, text, &pairs);
        score += (long)W_TEXT * (tf < TF_MAX ? tf : TF_MAX);
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
