/* views.c - the compiled templates (see views.h). */
#include "web/views.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/embedded.h"
#include "web/mustache.h"

typedef struct View {
    char name[96];
    Mustache *tmpl;
} View;

struct Views {
    View *list;     /* sorted by name, as the embedded table is */
    size_t n;
};

static const View *find(const Views *v, const char *name)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, v->list[mid].name);
        if (c == 0) return &v->list[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

static const Mustache *lookup(void *ctx, const char *name)
{
    const View *view = find(ctx, name);
    return view ? view->tmpl : NULL;
}

int views_load(Views **out, Err *e)
{
    Views *v = xcalloc(1, sizeof *v);
    v->list = xcalloc(embedded_count + 1, sizeof(View));
    static const char prefix[] = "templates/", suffix[] = ".mustache";
    for (size_t i = 0; i < embedded_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        size_t len = strlen(f->name);
        if (strncmp(f->name, prefix, sizeof prefix - 1) != 0 || len < sizeof prefix + sizeof suffix ||
            strcmp(f->name + len - (sizeof suffix - 1), suffix) != 0)
            continue;
        size_t nlen = len - (sizeof prefix - 1) - (sizeof suffix - 1);
        View *view = &v->list[v->n];
        if (nlen >= sizeof view->name) continue;
        memcpy(view->name, f->name + sizeof prefix - 1, nlen);
        view->name[nlen] = 0;
        char msg[256];
        if (mustache_compile_mode(&view->tmpl, (const char *)f->data, f->len, MUSTACHE_HTML, msg, sizeof msg) < 0) {
            err_set(e, E_INTERNAL, "Template %s: %s", f->name, msg);
            views_free(v);
            return -1;
        }
        v->n++;
    }
    /* names keep the order of the embedded table except that ".mustache" was cut;
     * sort again so that lookups can bisect */
    for (size_t i = 1; i < v->n; i++)
        for (size_t j = i; j > 0 && strcmp(v->list[j - 1].name, v->list[j].name) > 0; j--) {
            View t = v->list[j];
            v->list[j] = v->list[j - 1];
            v->list[j - 1] = t;
        }
    *out = v;
    return 0;
}

void views_free(Views *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->n; i++) mustache_free(v->list[i].tmpl);
    free(v->list);
    free(v);
}

bool views_has(const Views *v, const char *name)
{
    return find(v, name) != NULL;
}

int views_render(const Views *v, const char *name, json_t *data, MustacheLate late, void *late_ctx, Buf *out)
{
    const View *view = find(v, name);
    if (!view) return -1;
    mustache_render_late(view->tmpl, data, lookup, (void *)v, late, late_ctx, out);
    return 0;
}
