/* paging.c - pages of a list: the caller's page, the store's bounds, the
 * pager of a page and the links of the API (see paging.h). */
#include "web/paging.h"

#include <string.h>

#include "base/buf.h"
#include "base/figures.h"
#include "base/str.h"

/* One whole-number query parameter within [1, max]: 0 (absent: *out kept), 1, or -1 answered. */
static int query_count(Req *r, const char *name, int64_t max, int64_t *out)
{
    const char *s = req_query(r, name);
    if (!s) return 0;
    int64_t v;
    if (!str_to_i64(s, &v) || v < 1 || v > max)
        return req_fail(r, E_BAD_REQUEST, "%s must be a whole number from 1 to %lld (it was \"%s\").", name,
                        (long long)max, s);
    *out = v;
    return 1;
}

int paging_read(Req *r, Paging *p, int64_t per_page_default, int64_t per_page_max)
{
    *p = (Paging){ .page = 1, .per_page = per_page_default, .total = -1 };
    if (query_count(r, "page", PAGING_PAGE_MAX, &p->page) < 0) return -1;
    if (query_count(r, "per_page", per_page_max, &p->per_page) < 0) return -1;
    p->limit = p->per_page + 1;
    p->offset = (p->page - 1) * p->per_page;
    return 0;
}

json_t *paging_trim(Paging *p, json_t *rows)
{
    if (!rows) return NULL;
    p->more = (int64_t)json_array_size(rows) > p->per_page;
    while ((int64_t)json_array_size(rows) > p->per_page) json_array_remove(rows, json_array_size(rows) - 1);
    return rows;
}

json_t *paging_slice(Paging *p, json_t *rows)
{
    if (!rows) return NULL;
    int64_t n = (int64_t)json_array_size(rows);
    p->total = n;
    p->more = n > p->offset + p->per_page;
    json_t *page = json_array();
    for (int64_t i = p->offset; i < n && i < p->offset + p->per_page; i++) json_array_append(page, json_array_get(rows, (size_t)i));
    json_decref(rows);
    return page;
}

/* The address of page n of this list: the path as asked, every other query
 * parameter kept in its order, then page=n (omitted for the first). Arena. */
static const char *page_url(Req *r, int64_t n)
{
    Field *rev[64];
    int k = 0;
    for (Field *f = r->query; f && k < 64; f = f->next)
        if (strcmp(f->name, "page") != 0) rev[k++] = f;
    Buf b;
    buf_init(&b, r->arena);
    buf_adds(&b, r->full_path);
    char sep = '?';
    for (int i = k - 1; i >= 0; i--) {   /* the list holds them last first */
        buf_printf(&b, "%c", sep);
        str_url_encode(&b, rev[i]->name);
        buf_adds(&b, "=");
        str_url_encode(&b, rev[i]->value);
        sep = '&';
    }
    if (n > 1) buf_printf(&b, "%cpage=%lld", sep, (long long)n);
    return buf_str(&b);
}

void paging_respond(Req *r, const Paging *p)
{
    /* a form's answer that shows the list again (its errors, or what it made) is at the form's address,
     * where no page of the list is: its first page, without links */
    if (r->method != M_GET && r->method != M_HEAD) return;
    int64_t pages = p->total < 0 ? 0 : p->total ? (p->total + p->per_page - 1) / p->per_page : 1;
    bool more = p->more || (p->total >= 0 && !p->total_capped && p->page < pages);
    const char *next = more ? page_url(r, p->page + 1) : NULL;
    const char *prev = p->page > 1 ? page_url(r, p->page - 1) : NULL;

    json_t *paging = json_pack("{s:I, s:I, s:s?, s:s?}", "page", (json_int_t)p->page, "per_page",
                               (json_int_t)p->per_page, "next", next, "prev", prev);
    if (!next) json_object_set_new(paging, "next", json_null());
    if (!prev) json_object_set_new(paging, "prev", json_null());
    if (p->total >= 0) json_object_set_new(paging, "total", json_integer(p->total));
    if (p->total >= 0 && p->total_capped) json_object_set_new(paging, "total_capped", json_true());   /* "1,000+" */
    req_set(r, "paging", paging);

    Buf link;
    buf_init(&link, r->arena);
    buf_printf(&link, "<%s>; rel=\"first\"", page_url(r, 1));
    if (prev) buf_printf(&link, ", <%s>; rel=\"prev\"", prev);
    if (next) buf_printf(&link, ", <%s>; rel=\"next\"", next);
    req_header(r, "Link", buf_str(&link));

    if (r->api || (!prev && !next)) return;   /* one page: no pager */
    const char *of = !pages ? NULL : req_printf(r, p->total_capped ? "%s+" : "%s", figure_text(r->arena, pages));
    json_t *pager = json_pack("{s:s?, s:s?, s:s, s:s?}", "prev_url", prev, "next_url", next, "page",
                              figure_text(r->arena, p->page), "pages", of);
    req_set(r, "_pager", pager);
}
