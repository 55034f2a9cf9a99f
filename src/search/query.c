/* query.c - a search from the words typed and the filters chosen to the
 * ranked page of results.
 *
 * Two tiers of candidates, each the CANDIDATES_MAX newest documents that have
 * every term: in the title, then anywhere (title, text, tags). Both databases
 * find the same candidates (the same terms, the same ids, newest first); they
 * are ranked here (rank.c), so the same data gives the same results on both.
 * The title tier keeps an older document named by the words among the
 * candidates when many newer ones merely mention them. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "search/internal.h"
#include "web/model.h"

Hit *hits_push(HitList *l, Arena *a)
{
    if (l->n == l->cap) {   /* the tiers take at most 2 * CANDIDATES_MAX: this happens at most once */
        size_t cap = l->cap ? l->cap * 2 : 2 * CANDIDATES_MAX;
        l->v = arena_realloc(a, l->v, l->cap * sizeof *l->v, cap * sizeof *l->v);
        l->cap = cap;
    }
    Hit *h = &l->v[l->n++];
    h->id = 0, h->score = 0;   /* the rest is filled for the page's documents only */
    return h;
}

/* Builds a database's query: every word AND-ed, each with its mark.
 * SQLite (FTS5): "2:a" AND "2:b"*; PostgreSQL (tsquery): '2:a' & '2:b':*.
 * For those logged in, each word is also looked for among the members-only
 * documents' words: ("2:a" OR "6:a") / ('2:a' | '6:a'). */
typedef struct Match {
    Buf b;
    bool pg, members;
} Match;

static void match_word(Match *m, int col, const char *term, size_t n, bool prefix)
{
    buf_printf(&m->b, m->pg ? "'%d:" : "\"%d:", col);
    buf_add(&m->b, term, n);
    buf_adds(&m->b, m->pg ? (prefix ? "':*" : "'") : (prefix ? "\"*" : "\""));
}

/* The word `term` (n bytes) in column col. */
static void match_term(Match *m, int col, const char *term, size_t n, bool prefix)
{
    buf_adds(&m->b, m->b.len ? (m->pg ? " & " : " AND ") : "");
    if (!m->members) {
        match_word(m, col, term, n, prefix);
        return;
    }
    buf_addc(&m->b, '(');
    match_word(m, col, term, n, prefix);
    buf_adds(&m->b, m->pg ? " | " : " OR ");
    match_word(m, col + COL_META, term, n, prefix);
    buf_addc(&m->b, ')');
}

static void match_query(Match *m, int col, const Query *q, bool prefix)
{
    for (int i = 0; i < q->n; i++) match_term(m, col, q->terms[i], q->lens[i], prefix && i == q->n - 1);
}

static bool add_tag_term(void *ctx, const char *term, size_t n, size_t from, size_t to)
{
    (void)from, (void)to;
    match_term(ctx, COL_TAGS, term, n, false);
    return true;
}

/* The filters: the visibility, the kind, the licence, the place, the sector, the tag. */
static void match_filters(Match *m, const SearchQuery *s, Arena *a)
{
    Buf meta;
    buf_init(&meta, a);
    if (str_starts(s->kind, "item:")) {
        search_meta_token(&meta, 'k', "item");
        search_meta_token(&meta, 'u', s->kind + 5);
    } else if (!str_empty(s->kind)) search_meta_token(&meta, 'k', s->kind);
    if (!str_empty(s->licence)) search_meta_token(&meta, 'l', s->licence);
    if (s->place_id) buf_printf(&meta, "%sp%lld", meta.len ? " " : "", (long long)s->place_id);
    if (s->sector_id) buf_printf(&meta, "%ss%lld", meta.len ? " " : "", (long long)s->sector_id);
    for (char *t = (char *)buf_str(&meta), *save = NULL, *w = strtok_r(t, " ", &save); w; w = strtok_r(NULL, " ", &save))
        match_term(m, COL_META, w, strlen(w), false);
    fold_each(s->tag, add_tag_term, m);
}

static long score_hit(void *ctx, const char *f_words)
{
    return rank_score(ctx, f_words);
}

static int find_tier(DbConn *c, Err *e, Arena *a, const SearchQuery *s, const Query *q, int col, bool prefix,
                     HitList *out, bool *capped)
{
    Match m = { .pg = db_conn_kind(c) == DB_POSTGRES, .members = s->logged_in };
    buf_init(&m.b, a);
    match_query(&m, col, q, prefix);
    match_filters(&m, s, a);
    size_t before = out->n;
    int limit = col == COL_TITLE ? TITLE_CANDIDATES_MAX : CANDIDATES_MAX;
    if (search_store_find(c, e, a, buf_str(&m.b), limit, score_hit, (void *)q, out) < 0) return -1;
    if (col != COL_TITLE && out->n - before == (size_t)limit) *capped = true;
    return 0;
}

static int by_score(const void *x, const void *y)
{
    const Hit *a = *(Hit *const *)x, *b = *(Hit *const *)y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
}

/* How a result's kind (in the reader's language) and licence read. */
static const char *kind_label(const Hit *h)
{
    static const char *const names[][2] = {
        { "notes", N_("Session notes") }, { "tool", N_("Tool") },           { "technique", N_("Technique") },
        { "template", N_("Template") },   { "story", N_("Story") },         { "recording", N_("Recording") },
        { "chapter", N_("Chapter") },     { "event", N_("Event") },         { "format", N_("Meeting format") },
        { "place", N_("Place") },         { "member", N_("Member") },
    };
    const char *k = str_eq(h->kind, "item") ? h->subkind : h->kind;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (str_eq(names[i][0], k)) return tr(names[i][1]);
    return k;
}

static const char *licence_label(const char *code)
{
    return str_eq(code, "cc-by-4.0") ? "CC BY 4.0" : str_eq(code, "cc-by-sa-4.0") ? "CC BY-SA 4.0"
         : str_eq(code, "cc0-1.0")   ? "CC0 1.0" : code;
}

/* A text member: the values come from the index (written valid UTF-8) or are
 * built here from them, so jansson's check of every string is skipped (it was
 * a tenth of a search). */
static void set_text(json_t *o, const char *key, const char *value)
{
    json_object_set_new_nocheck(o, key, json_string_nocheck(value ? value : ""));
}

static json_t *result_json(const Hit *h, const Query *q, Arena *a, bool page_html)
{
    Buf title, snippet;
    buf_init(&title, a), buf_init(&snippet, a);
    rank_highlight(&title, a, q, h->title);
    rank_snippet(&snippet, a, q, h->body);
    /* the API gives the highlighted HTML as text (title_marked, snippet_marked); pages insert the same
     * HTML as safe values ("_" keys stay on pages) */
    json_t *r = json_object();
    set_text(r, "kind", h->kind);
    set_text(r, "subkind", h->subkind);
    json_object_set_new_nocheck(r, "id", json_integer(h->ref_id));
    const char *const texts[][2] = {
        { "title", h->title }, { "url", h->url }, { "title_marked", buf_str(&title) },
        { "snippet_marked", buf_str(&snippet) }, { "licence", h->licence }, { "tags", h->tags },
        { "place", h->place }, { "place_slug", h->place_slug },
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) set_text(r, texts[i][0], texts[i][1]);
    json_object_set_new_nocheck(r, "members_only", json_boolean(h->members_only));
    json_object_set_new_nocheck(r, "updated_at", json_integer(h->updated_at));
    set_text(r, "kind_label", kind_label(h));
    set_text(r, "licence_label", licence_label(h->licence));
    json_object_set_new_nocheck(r, "has_snippet", json_boolean(snippet.len > 0));
    if (!page_html) return r;
    model_set_html(r, "_title_html", buf_str(&title));
    model_set_html(r, "_snippet_html", buf_str(&snippet));
    if (*h->tags) {
        Buf tags;
        buf_init(&tags, a);
        rank_highlight(&tags, a, q, h->tags);
        model_set_html(r, "_tags_html", buf_str(&tags));
    }
    return r;
}

/* Ranks the candidates, keeps the page asked for and reads its bodies. */
static json_t *page_of(DbConn *c, Err *e, Arena *a, const SearchQuery *s, const Query *q, HitList *found, bool capped)
{
    Hit **order = arena_alloc(a, (found->n ? found->n : 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < found->n; i++) {
        bool seen = false;   /* in both tiers */
        for (size_t j = 0; j < n && !seen; j++) seen = order[j]->id == found->v[i].id;
        if (!seen) order[n++] = &found->v[i];
    }
    qsort(order, n, sizeof *order, by_score);
    int per = s->per_page > 0 && s->per_page <= PAGE_MAX ? s->per_page : PAGE_MAX;
    int pages = (int)((n + per - 1) / per), page = s->page < 1 ? 1 : s->page;
    size_t from = (size_t)(page - 1) * per, count = n > from ? n - from : 0;
    if (count > (size_t)per) count = per;
    if (count && search_store_page(c, e, a, order + from, count) < 0) return NULL;
    json_t *results = json_array();
    for (size_t i = 0; i < count; i++) json_array_append_new(results, result_json(order[from + i], q, a, s->page_html));
    return json_pack("{s:o, s:I, s:b, s:i, s:i}", "results", results, "count", (json_int_t)n, "more", capped,
                     "page", page, "pages", pages);
}

json_t *search_run(DbConn *c, Err *e, const SearchQuery *s)
{
    Query q;
    query_parse(&q, s->text);
    bool filtered = !str_empty(s->kind) || !str_empty(s->tag) || !str_empty(s->licence) || s->place_id || s->sector_id;
    if (q.n == 0 && !filtered)
        return json_pack("{s:[], s:i, s:b, s:i, s:i}", "results", "count", 0, "more", 0, "page", 1, "pages", 0);
    Arena a;
    arena_init(&a, 65536);
    HitList found = { 0 };
    bool capped = false;
    json_t *out = NULL;
    /* The whole words first. When they are common enough to fill the
     * candidates, that is the answer (a prefix would only add older
     * documents that are likely less relevant); otherwise the last word is
     * taken as the beginning of longer words too (a superset: it replaces
     * the first). Then, when the candidates were cut, the newest documents
     * with every word in the title join them. Without words: the newest
     * documents the filters keep. */
    bool prefix = false;
    if (find_tier(c, e, &a, s, &q, COL_TEXT, false, &found, &capped) < 0) goto done;
    if (!capped && q.last_prefix) {
        found.n = 0;
        prefix = true;
        if (find_tier(c, e, &a, s, &q, COL_TEXT, true, &found, &capped) < 0) goto done;
    }
    if (capped && q.n && find_tier(c, e, &a, s, &q, COL_TITLE, prefix, &found, &capped) < 0) goto done;
    out = page_of(c, e, &a, s, &q, &found, capped);
done:
    arena_release(&a);
    return out;
}
