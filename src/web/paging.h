/* paging.h - one way to cut a list into pages, for pages and programs alike.
 *
 * A handler of a list reads the caller's page with paging_read (?page= from 1,
 * ?per_page= from 1 to the list's maximum; anything else is a 400 with a
 * sentence saying what is accepted), asks its store for p.limit rows from
 * p.offset (limit is per_page + 1: the extra row only says there is more, so
 * nothing is ever cut silently), gives the rows to paging_trim (which drops
 * that extra row), optionally sets p.total when the list is counted, and calls
 * paging_respond before req_page. paging_respond writes:
 *   - "paging": {page, per_page, total (when counted), next, prev} in the model:
 *     next and prev are the addresses of the neighbouring pages (the other query
 *     parameters kept), null at the ends — the API's way on; "next" cannot be a
 *     key at the top of a model, which is a form's state (req.h);
 *   - a Link header (RFC 8288): <…>; rel="first", rel="prev", rel="next";
 *   - "_pager" for the page's partial templates/partials/pager.mustache
 *     ("← Previous · Page 2 of 7 · Next →", rel=prev/next, aria-label).
 * Addresses are relative to this site and keep the face: /api/v1/… for the API.
 * An answer to a form (POST) that shows the list again gets none of these:
 * the form's address is not the list's. */
#ifndef GLOCAL_PAGING_H
#define GLOCAL_PAGING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "web/req.h"

#define PAGING_PER_PAGE 50   /* the usual page */
#define PAGING_PER_PAGE_MAX 200
#define PAGING_PAGE_MAX 100000

typedef struct Paging {
    int64_t page;       /* from 1 */
    int64_t per_page;
    int64_t limit;      /* per_page + 1: what the store reads */
    int64_t offset;     /* (page - 1) * per_page: what the store skips */
    int64_t total;      /* the list's length when counted, else -1 */
    bool total_capped;  /* total is a lower bound ("1,000+") */
    bool more;          /* a page follows (paging_trim, or set by the handler) */
} Paging;

/* Reads ?page= and ?per_page= (per_page_default when absent, at most
 * per_page_max): 0, or -1 when answered with a 400. */
int paging_read(Req *r, Paging *p, int64_t per_page_default, int64_t per_page_max);
/* After the store read up to p->limit rows into `rows` (an array): drops the
 * row beyond the page and notes whether there is more. Returns rows. */
json_t *paging_trim(Paging *p, json_t *rows);
/* A list its feature reads whole (it filters the rows in C, by who may see
 * them): takes rows (a new reference, released) and returns the page's rows
 * (a new reference), counting them all in p->total and noting whether there
 * is more. NULL when rows is NULL. */
json_t *paging_slice(Paging *p, json_t *rows);
/* The model's "paging", "_pager" and the Link header (see above). */
void paging_respond(Req *r, const Paging *p);

#endif
