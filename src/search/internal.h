/* internal.h - the search service's own parts (not for features: they use
 * search.h). */
#ifndef GLOCAL_SEARCH_INTERNAL_H
#define GLOCAL_SEARCH_INTERNAL_H

#include <stddef.h>

#include "base/buf.h"
#include "search/search.h"

/* ---------- fold.c: words to terms (pure) ----------
 *
 * A word is a run of letters, marks and digits (Unicode categories L, M, N);
 * anything else separates words. A word's term is its case folded,
 * compatibility decomposed form without accents ("Äpfel" -> "apfel",
 * "STRASSE" and "Straße" -> "strasse", "ﬁle" -> "file"), cut to TERM_MAX
 * bytes; a word whose folded form falls apart ("½" -> "1", "2") gives several. */
enum { TERM_MAX = 48 };

/* Called for each term of a text: the term (not NUL-terminated) and the byte
 * span [from, to) of the word it came from. Return false to stop. */
typedef bool (*TermFn)(void *ctx, const char *term, size_t n, size_t from, size_t to);
/* Calls fn for each term of s (NULL: none) in order. */
void fold_each(const char *s, TermFn fn, void *ctx);
/* Appends the terms of s to out, each after `mark` ("2:", or "" / NULL),
 * separated by single spaces (and one space before the first when out is not
 * empty); at most max_terms (0: no limit). Returns how many were appended. */
size_t fold_append(Buf *out, const char *mark, const char *s, size_t max_terms);

/* Where a word of f_words is (schema/011_search.sql): its mark "n:"; the
 * words of members-only documents are marked n + COL_META ("5:" to "8:"). */
enum { COL_TITLE = 1, COL_TEXT = 2, COL_TAGS = 3, COL_META = 4 };

/* ---------- rank.c: scores, snippets and highlights (pure) ---------- */

enum { QUERY_TERMS_MAX = 8, PREFIX_MIN = 3 };

/* A parsed query: its terms, the last one matching as a prefix (when typed
 * without a trailing space and long enough). */
typedef struct Query {
    char terms[QUERY_TERMS_MAX][TERM_MAX + 1];
    size_t lens[QUERY_TERMS_MAX];
    int n;
    bool last_prefix;
} Query;

/* Parses the text a person typed (at most QUERY_TERMS_MAX terms are kept,
 * repeated ones once). */
void query_parse(Query *q, const char *text);
/* Which query term `term` matches (exact, or as a prefix of it for the last
 * term when last_prefix), or -1. */
int query_match(const Query *q, const char *term, size_t n);
/* The score of a document from its marked words (f_words). Higher is
 * better; integers, so every database ranks the same way. */
long rank_score(const Query *q, const char *f_words);
/* Appends text (escaped for HTML) with every word that matches a query term
 * in <mark>. */
void rank_highlight(Buf *out, Arena *a, const Query *q, const char *text);
/* Appends the passage of text (about SNIPPET_WORDS words) with the most query
 * terms, escaped for HTML, matches in <mark>, "…" where it was cut. */
enum { SNIPPET_WORDS = 30 };
void rank_snippet(Buf *out, Arena *a, const Query *q, const char *text);

/* ---------- query.c / store.c: finding ---------- */

enum {
    PAGE_MAX = 20,          /* results on a page */
    CANDIDATES_MAX = 100,   /* the newest documents with every word, taken first */
    TITLE_CANDIDATES_MAX = 40,   /* then the newest with every word in the title (two pages' worth) */
};

/* A document as stored, with its marked words. */
typedef struct SearchRow {
    const char *kind, *title, *body, *url, *subkind, *licence, *tags;
    int64_t ref_id, place_id, sector_id, updated_at;
    bool members_only;
    const char *f_words;
} SearchRow;

/* A document a query found: its id and score; what is shown is read only
 * for the page's documents. */
typedef struct Hit {
    int64_t id;
    long score;
    int64_t ref_id, updated_at;
    const char *kind, *title, *url, *subkind, *licence, *tags, *body, *place, *place_slug;
    bool members_only;
} Hit;

/* Scores a candidate from its words while the row is read (they are not kept). */
typedef long (*HitScore)(void *ctx, const char *f_words);

/* The candidates: room for every tier, allocated once. */
typedef struct HitList {
    Hit *v;
    size_t n, cap;
} HitList;
Hit *hits_push(HitList *l, Arena *a);

/* index.c */
/* Appends a filter word (unmarked, after a space when out is not empty): the
 * prefix, then value's ASCII letters and digits lowered ("cc-by-4.0" -> "lccby40"). */
void search_meta_token(Buf *out, char prefix, const char *value);
/* Feature.start: rebuilds the index when SEARCH_VERSION changed. */
int search_start(DbConn *c, void *ctx, Err *e);

/* A search as asked (query.c). */
typedef struct SearchQuery {
    const char *text;
    const char *kind;      /* "" any; a document's kind, or "item:<kind of item>" */
    const char *tag;       /* "" any */
    const char *licence;   /* "" any */
    int64_t place_id, sector_id;   /* 0 any */
    bool logged_in;        /* members' documents too */
    int page;              /* from 1; beyond the last page, no results */
    int per_page;          /* 1 to PAGE_MAX (0: PAGE_MAX) */
    bool page_html;        /* the results' marked HTML as safe values for a page ("_title_html"...) too */
} SearchQuery;
/* Runs q: {"results": [...], "count", "more", "page", "pages", "terms"}, or
 * NULL with e. An empty query (no words, no filter) finds nothing. */
json_t *search_run(DbConn *c, Err *e, const SearchQuery *q);

/* The answer of q as search_run gives it, reused from the kept answers of
 * recent searches when the index has not changed since (cache.c). */
json_t *search_answer(DbConn *c, Err *e, const SearchQuery *q);
/* Forgets every kept answer (tests). */
void search_cache_clear(void);

/* store.c */
int search_store_count(DbConn *c, Err *e, int64_t *n);
/* How many changes the index has had (0: none yet). */
int search_store_generation(DbConn *c, Err *e, int64_t *generation);
int search_store_put(DbConn *c, Err *e, const SearchRow *d);
/* The documents taken out (0 or 1), or -1. */
int search_store_drop(DbConn *c, Err *e, const char *kind, int64_t ref_id);
/* Adds one to the index's generation (schema/038_search_generation.sql):
 * after the change it counts, in its transaction, so that a search that
 * reads the new number sees the change even where a statement commits on its
 * own. */
int search_store_changed(DbConn *c, Err *e);
int search_store_clear(DbConn *c, Err *e);
/* After many writes (a rebuild): SQLite merges the FTS5 index into one
 * segment (queries then read one posting list per word instead of one per
 * segment: three times faster on the benchmark's 1,151,251 documents);
 * PostgreSQL gathers the statistics its planner needs. */
int search_store_tidy(DbConn *c, Err *e);
/* Appends "p<id>" for the place and each place above it to meta (space-separated). */
int search_store_place_path(DbConn *c, Err *e, int64_t place_id, Buf *meta);
/* The newest `limit` documents that `match` finds (an FTS5 query on SQLite,
 * a tsquery on PostgreSQL), newest first, appended to out. */
int search_store_find(DbConn *c, Err *e, Arena *a, const char *match, int limit, HitScore score, void *ctx,
                      HitList *out);
/* Reads what is shown of hits[0..n) (n <= PAGE_MAX). */
int search_store_page(DbConn *c, Err *e, Arena *a, Hit **hits, size_t n);

#endif
