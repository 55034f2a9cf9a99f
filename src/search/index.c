/* index.c - documents into the search index and out of it, and the whole
 * index rebuilt from every feature (at start when the folding changed, and
 * by `glocal reindex`). */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/markdown.h"
#include "base/str.h"
#include "search/internal.h"
#include "settings/settings.h"

/* What a document keeps of its text: the body shown in snippets, and the
 * terms indexed (a very long text is found by its beginning). */
enum { BODY_KEEP = 20000, TEXT_TERMS_MAX = 5000 };

/* The version of the folding and of what each document holds: a binary whose
 * version differs from the index's rebuilds it at start. */
#define SEARCH_VERSION "2"

void search_meta_token(Buf *out, char prefix, const char *value)
{
    if (out->len) buf_addc(out, ' ');
    buf_addc(out, prefix);
    for (const char *p = value; p && *p; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) buf_addc(out, ch);
    }
}

/* The body cut to BODY_KEEP bytes on a character boundary. */
static const char *body_kept(Arena *a, const char *plain)
{
    size_t n = strlen(plain);
    if (n <= BODY_KEEP) return plain;
    n = BODY_KEEP;
    while (n > 0 && ((unsigned char)plain[n] & 0xC0) == 0x80) n--;
    return arena_strndup(a, plain, n);
}

/* Inside search_rebuild on this thread: the documents put are counted as one
 * change at its end. On PostgreSQL each count updates the one row of
 * search_generation, and a transaction's versions of a row form a chain its
 * next update walks: a million puts counted one by one would walk it a
 * million times each (a rebuild of 115,126 documents took twice as long). */
static _Thread_local bool rebuilding;

int search_put(DbConn *c, Err *e, const SearchDoc *d)
{
    Arena a;
    arena_init(&a, 4096);
    /* a members-only document's words are marked apart (5: to 8:), so that
     * what anyone may find never has to be filtered out of what only members may */
    int base = d->members_only ? COL_META : 0;
    char mark[4][4];
    for (int k = 0; k < 4; k++) mark[k][0] = (char)('0' + COL_TITLE + k + base), mark[k][1] = ':', mark[k][2] = 0;
    Buf w, meta;
    buf_init(&w, &a), buf_init(&meta, &a);
    const char *plain = d->markdown ? markdown_plain(&a, d->body) : d->body ? d->body : "";
    fold_append(&w, mark[0], d->title, 0);
    size_t room = TEXT_TERMS_MAX;
    room -= fold_append(&w, mark[1], d->title, room);
    if (room) room -= fold_append(&w, mark[1], plain, room);
    if (room) fold_append(&w, mark[1], d->tags, room);
    fold_append(&w, mark[2], d->tags, 0);
    search_meta_token(&meta, 'k', d->kind);
    if (!str_empty(d->subkind)) search_meta_token(&meta, 'u', d->subkind);
    if (!str_empty(d->licence)) search_meta_token(&meta, 'l', d->licence);
    if (d->sector_id) buf_printf(&meta, " s%lld", (long long)d->sector_id);
    int rc = -1;
    if (d->place_id && search_store_place_path(c, e, d->place_id, &meta) < 0) goto done;
    for (char *save = NULL, *t = strtok_r((char *)buf_str(&meta), " ", &save); t; t = strtok_r(NULL, " ", &save))
        buf_printf(&w, " %s%s", mark[3], t);
    SearchRow row = {
        .kind = d->kind, .title = d->title ? d->title : "", .body = body_kept(&a, plain),
        .url = d->url ? d->url : "", .subkind = d->subkind ? d->subkind : "", .licence = d->licence ? d->licence : "",
        .tags = d->tags ? d->tags : "", .ref_id = d->ref_id, .place_id = d->place_id, .sector_id = d->sector_id,
        .updated_at = d->updated_at, .members_only = d->members_only, .f_words = buf_str(&w),
    };
    rc = search_store_put(c, e, &row);
    if (rc == 0 && !rebuilding) rc = search_store_changed(c, e);
done:
    arena_release(&a);
    return rc;
}

int search_put_rows(DbConn *c, Err *e, SearchRowsFn rows, SearchPutFn put, int64_t after, int64_t limit)
{
    for (;;) {
        json_t *page = rows(c, e, after, limit);
        if (!page) return -1;
        size_t i, n = json_array_size(page);
        json_t *row;
        int rc = 0;
        json_array_foreach(page, i, row) {
            int64_t id = json_integer_value(json_object_get(row, "id"));
            if (limit == 1 && id != after + 1) break;   /* that one id lists nothing: not the next one's */
            if ((rc = put(c, e, row)) < 0) break;
            after = id;
        }
        json_decref(page);
        if (rc < 0) return -1;
        if ((int64_t)n < limit || limit == 1) return 0;
    }
}

int search_drop(DbConn *c, Err *e, const char *kind, int64_t ref_id)
{
    int n = search_store_drop(c, e, kind, ref_id);
    return n < 0 ? -1 : n > 0 && !rebuilding ? search_store_changed(c, e) : 0;   /* nothing taken out: no kept answer is wrong */
}

int search_rebuild(DbConn *c, Err *e, SearchReindex *out)
{
    if (search_store_clear(c, e) < 0) return -1;
    rebuilding = true;
    int rc = 0;
    for (size_t i = 0; i < feature_count && rc == 0; i++)
        if (features[i]->reindex) rc = features[i]->reindex(c, e);
    rebuilding = false;
    if (rc < 0 || search_store_changed(c, e) < 0) return -1;   /* the whole rebuild, one change */
    if (search_store_count(c, e, &out->documents) < 0) return -1;
    /* a rebuild writes the index in many pieces: merged, a query looks in one */
    if (search_store_tidy(c, e) < 0) return -1;
    return setting_put(c, e, "search.version", SEARCH_VERSION);
}

static int reindex_tx(DbConn *c, void *ctx, Err *e)
{
    return search_rebuild(c, e, ctx);
}

int search_reindex(DbConn *c, Err *e, SearchReindex *out)
{
    SearchReindex none;
    return db_write(c, reindex_tx, out ? out : &none, e);
}

int search_start(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    Arena a;
    arena_init(&a, 256);
    bool current = str_eq(setting_get(c, &a, "search.version", "0"), SEARCH_VERSION);
    arena_release(&a);
    if (current) return 0;
    /* inside start's own transaction: the features' documents, then the version */
    SearchReindex r = { 0 };
    if (search_rebuild(c, e, &r) < 0) return -1;
    log_info("search: the index was rebuilt (%lld documents)", (long long)r.documents);
    return 0;
}
