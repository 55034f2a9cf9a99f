/* fuzz_search.c - what people type into the search boxes and the tag fields:
 * the query of the search service (query_parse, and fold_each / fold_append,
 * which turn any text into terms), its highlighted snippets (rank_highlight,
 * rank_snippet: escaped HTML with <mark>), the registry's text search
 * (text_query: a LIKE pattern and an FTS5 phrase) and the commons' tags
 * (item_tags_parse).
 *
 * Input: valid UTF-8 (as every query string and form field is); the first
 * NUL byte, if any, separates the query from a document's text. Invariants:
 * at most QUERY_TERMS_MAX terms of at most TERM_MAX bytes, each valid UTF-8
 * and matching itself; spans of words lie inside the text; the highlight and
 * the snippet hold no '<' but their own <mark> and </mark>; a phrase is
 * quoted with its quotes doubled; canonical tags parse to themselves; every
 * message is valid UTF-8. */
#include "fuzz.h"

#include "base/buf.h"
#include "base/err.h"
#include "commons/commons.h"
#include "network/network.h"
#include "search/internal.h"

typedef struct Walk {
    size_t len;
    int terms;
} Walk;

static bool on_term(void *ctx, const char *term, size_t n, size_t from, size_t to)
{
    Walk *w = ctx;
    FUZZ_CHECK(n > 0 && n <= TERM_MAX && str_utf8_valid(term, n));
    FUZZ_CHECK(from < to && to <= w->len);
    return ++w->terms < 10000;
}

/* No '<' but those of <mark> and </mark>. */
static void check_marked(const char *s)
{
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
        FUZZ_CHECK(strncmp(p, "<mark>", 6) == 0 || strncmp(p, "</mark>", 7) == 0);
    FUZZ_CHECK(str_utf8_valid(s, strlen(s)));
}

static void check_query(Arena *a, const char *q_text, const char *doc)
{
    Query q;
    query_parse(&q, q_text);
    FUZZ_CHECK(q.n >= 0 && q.n <= QUERY_TERMS_MAX);
    for (int i = 0; i < q.n; i++) {
        FUZZ_CHECK(q.lens[i] > 0 && q.lens[i] <= TERM_MAX && strlen(q.terms[i]) == q.lens[i]);
        FUZZ_CHECK(str_utf8_valid(q.terms[i], q.lens[i]));
        FUZZ_CHECK(query_match(&q, q.terms[i], q.lens[i]) >= 0);
    }
    Walk w = { strlen(doc), 0 };
    fold_each(doc, on_term, &w);
    Buf words;
    buf_init(&words, a);
    fold_append(&words, "2:", doc, 0);
    (void)rank_score(&q, buf_str(&words));
    Buf hl, snip;
    buf_init(&hl, a);
    buf_init(&snip, a);
    rank_highlight(&hl, a, &q, doc);
    rank_snippet(&snip, a, &q, doc);
    check_marked(buf_str(&hl));
    check_marked(buf_str(&snip));
}

static void check_text_query(Arena *a, const char *text)
{
    TextQuery t = text_query(a, text);
    FUZZ_CHECK(t.like && str_utf8_valid(t.like, strlen(t.like)));
    /* the member search's typed words: at most TEXT_WORDS_MAX, each folded text
     * that is no longer empty, and the top of its prefix range above it */
    FUZZ_CHECK(t.nwords <= TEXT_WORDS_MAX);
    for (size_t i = 0; i < t.nwords; i++) {
        FUZZ_CHECK(t.words[i] && *t.words[i] && str_utf8_valid(t.words[i], strlen(t.words[i])));
        FUZZ_CHECK(t.high[i] && strcmp(t.words[i], t.high[i]) < 0 && str_starts(t.high[i], t.words[i]));
    }
}

static void check_tags(Arena *a, const char *typed)
{
    FieldErrs f = { .a = a };
    char *tags = item_tags_parse(a, typed, &f);
    if (!tags) {
        FUZZ_CHECK(f.n > 0 && f.at[0].msg && str_utf8_valid(f.at[0].msg, strlen(f.at[0].msg)));
        return;
    }
    FieldErrs f2 = { .a = a };
    char *again = item_tags_parse(a, tags, &f2);
    FUZZ_CHECK(again && strcmp(again, tags) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096 || !str_utf8_valid((const char *)data, size)) return 0;
    Arena a;
    arena_init(&a, 8192);
    const char *doc;
    char *q = fuzz_split(&a, data, size, &doc);
    check_query(&a, q, *doc ? doc : q);
    check_text_query(&a, q);
    check_tags(&a, q);
    arena_release(&a);
    return 0;
}
