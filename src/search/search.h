/* search.h - one full-text search over the network (issue 13): the commons'
 * items, chapters, events, formats and places for everyone, members for those
 * logged in. A shared service: features put their public documents into one
 * index inside their own write transactions and take them out when they stop
 * being public; nothing confidential (meeting rounds, stories, drafts,
 * chapter-only events) is ever put in.
 *
 * Text is folded in C (case, accents, compatibility forms: utf8proc) into
 * terms, so SQLite's FTS5 and PostgreSQL's text search index the same words
 * and match the same documents; ranking is computed here, the same on both.
 *
 * Files: fold.c (folding and terms, pure), rank.c (scores, snippets and
 * highlights, pure), index.c (search_put/search_drop), query.c (parse a
 * query, find, rank), store.c (the SQL of both databases), routes.c (the
 * search page and API, the Feature). */
#ifndef GLOCAL_SEARCH_H
#define GLOCAL_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"

/* A document as a feature offers it. Strings may be NULL (empty). */
typedef struct SearchDoc {
    const char *kind;        /* "item", "chapter", "event", "format", "place", "member" */
    int64_t ref_id;          /* the feature's id */
    const char *title;       /* shown as the result's link text */
    const char *body;        /* plain text, or Markdown when `markdown` */
    bool markdown;           /* the body is Markdown: its markup is dropped */
    const char *url;         /* the page: "/commons/slug", "/chapters/slug" ... */
    const char *tags;        /* words separated by spaces */
    const char *subkind;     /* an item's kind ("tool"...), an event's format... */
    const char *licence;     /* an item's licence code */
    int64_t place_id, sector_id;
    bool members_only;       /* seen only by those logged in (members, network events) */
    int64_t updated_at;
} SearchDoc;

/* Puts (or replaces) a document. Call inside the write that changed it. */
int search_put(DbConn *c, Err *e, const SearchDoc *d);
/* Takes a document out (no error if it was not there). */
int search_drop(DbConn *c, Err *e, const char *kind, int64_t ref_id);

/* Puts the documents of rows a feature lists: rows(c, e, after, limit)
 * gives up to `limit` rows (JSON objects with an "id") with ids above
 * `after`, in id order; put(c, e, row) puts (or drops) the document of one.
 * limit 1 with after = id - 1 puts the document of that one id. */
typedef json_t *(*SearchRowsFn)(DbConn *c, Err *e, int64_t after, int64_t limit);
typedef int (*SearchPutFn)(DbConn *c, Err *e, json_t *row);
int search_put_rows(DbConn *c, Err *e, SearchRowsFn rows, SearchPutFn put, int64_t after, int64_t limit);

/* Rebuilds the whole index from every feature (Feature.reindex) in one
 * write transaction: `glocal reindex`, and at start when the program's
 * folding differs from the one that built the index. */
typedef struct SearchReindex {
    int64_t documents;   /* how many the index holds now */
} SearchReindex;
int search_reindex(DbConn *c, Err *e, SearchReindex *out);
/* The same inside the caller's write transaction (glocal bench-data). */
int search_rebuild(DbConn *c, Err *e, SearchReindex *out);

/* The folded words of s as the search folds its terms (case, accents,
 * compatibility forms: "Márta O'Brien" -> "marta", "o", "brien"), distinct, in
 * order, each NUL-terminated in a; at most max. Returns how many (fold.c). */
size_t search_words(Arena *a, const char *s, const char **out, size_t max);

/* the feature: the search page and API (routes.c) */
int search_show(Req *r);
extern const Feature search_feature;

#endif
