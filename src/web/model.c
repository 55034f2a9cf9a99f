/* model.c - model helpers: safe HTML by construction, select options (see model.h). */
#include "web/model.h"

#include <assert.h>
#include <string.h>

#include "base/figures.h"
#include "base/markdown.h"

json_t *model_html(const char *html)
{
    return json_pack("{s:s}", "html", html ? html : "");
}

void model_set_html(json_t *obj, const char *key, const char *html)
{
    size_t n = strlen(key);
    assert(n >= 5 && strcmp(key + n - 5, "_html") == 0);
    (void)n;
    json_object_set_new(obj, key, model_html(html));
}

void model_set_markdown(json_t *obj, const char *key, Arena *a, const char *markdown)
{
    model_set_html(obj, key, markdown_html(a, markdown ? markdown : ""));
}

void options_select(json_t *options, int64_t selected)
{
    size_t i;
    json_t *o;
    json_array_foreach(options, i, o)
        json_object_set_new(o, "is_selected", json_boolean(json_integer_value(json_object_get(o, "id")) == selected));
}

void model_set_figures(json_t *obj, Arena *a)
{
    json_t *texts = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
        if (json_is_integer(v)) json_object_set_new(texts, arena_printf(a, "_%s_text", k), json_string(figure_text(a, json_integer_value(v))));
    json_object_update(obj, texts);
    json_decref(texts);
}
