/* views.c - the compiled templates, one set per language (see views.h). */
#include "web/views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/embedded.h"
#include "base/i18n.h"
#include "web/mustache.h"

typedef struct View {
    char name[96];
    Mustache *tmpl;
} View;

typedef struct ViewSet {
    View *list;     /* sorted by name */
    size_t n;
    const struct ViewSet *english;   /* where a name this set lacks is found (NULL: this is English) */
} ViewSet;

struct Views {
    ViewSet sets[LANG_COUNT];   /* templates/ for English, l10n/<lang>/ (tools/i18n.c) for the others */
};

static const View *find(const ViewSet *v, const char *name)
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

/* A partial or parent by name: the language's own, else the English one. */
static const Mustache *lookup(void *ctx, const char *name)
{
    const ViewSet *set = ctx;
    const View *view = find(set, name);
    if (!view && set->english) view = find(set->english, name);
    return view ? view->tmpl : NULL;
}

/* Compiles every embedded PREFIXNAME.mustache into v. */
static int set_load(ViewSet *v, const char *prefix, Err *e)
{
    static const char suffix[] = ".mustache";
    size_t plen = strlen(prefix);
    v->list = xcalloc(embedded_count + 1, sizeof(View));
    for (size_t i = 0; i < embedded_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        size_t len = strlen(f->name);
        if (strncmp(f->name, prefix, plen) != 0 || len < plen + sizeof suffix ||
            strcmp(f->name + len - (sizeof suffix - 1), suffix) != 0)
            continue;
        size_t nlen = len - plen - (sizeof suffix - 1);
        View *view = &v->list[v->n];
        if (nlen >= sizeof view->name) continue;
        memcpy(view->name, f->name + plen, nlen);
        view->name[nlen] = 0;
        char msg[256];
        if (mustache_compile_mode(&view->tmpl, (const char *)f->data, f->len, MUSTACHE_HTML, msg, sizeof msg) < 0)
            return err_set(e, E_INTERNAL, "Template %s: %s", f->name, msg);
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
    return 0;
}

int views_load(Views **out, Err *e)
{
    Views *v = xcalloc(1, sizeof *v);
    for (int l = 0; l < LANG_COUNT; l++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, l == LANG_EN ? "templates/" : "l10n/%s/", lang_code((Lang)l));
        v->sets[l].english = l == LANG_EN ? NULL : &v->sets[LANG_EN];
        if (set_load(&v->sets[l], prefix, e) < 0) {
            views_free(v);
            return -1;
        }
    }
    *out = v;
    return 0;
}

void views_free(Views *v)
{
    if (!v) return;
    for (int l = 0; l < LANG_COUNT; l++) {
        for (size_t i = 0; i < v->sets[l].n; i++) mustache_free(v->sets[l].list[i].tmpl);
        free(v->sets[l].list);
    }
    free(v);
}

bool views_has(const Views *v, const char *name)
{
    return find(&v->sets[LANG_EN], name) != NULL;
}

int views_render(const Views *v, const char *name, json_t *data, MustacheLate late, void *late_ctx, Buf *out)
{
    const ViewSet *set = &v->sets[i18n_lang()];
    const View *view = find(set, name);
    if (!view) view = find(set = &v->sets[LANG_EN], name);
    if (!view) return -1;
    mustache_render_late(view->tmpl, data, lookup, (void *)set, late, late_ctx, out);
    return 0;
}
