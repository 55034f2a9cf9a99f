/* canvas.c - the business-model canvas of a unit (a chapter, a place, the
 * network), filled from its books and its activity: partners, resources,
 * costs and revenue from the lines (those the reader may not see grouped as
 * "Undisclosed"), activities and segments from what it did, and the words
 * its keepers wrote. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "ledger/internal.h"
#include "ledger/store.h"
#include "web/model.h"

const char *const canvas_blocks[3] = { "value_proposition", "channels", "relationships" };

static void add_amount(json_t *groups, const char *name, const char *resource, int64_t amount)
{
    json_t *g = json_object_get(groups, name);
    if (!g) {
        g = json_object();
        json_object_set_new(groups, name, g);
    }
    json_object_set_new(g, resource, json_integer(json_integer_value(json_object_get(g, resource)) + amount));
}

/* The canvas's own names of groups (English keys, shown in the reader's language). */
static const char *const group_words[] = { N_("Undisclosed"), N_("Hours given"), N_("Goods in kind"), N_("Favours"),
                                           N_("earmarked funding"), N_("other") };

/* A group's name as the page shows it: the canvas's words and the books' kinds
 * in the reader's language, a category as it was typed. */
static const char *group_name(const char *name)
{
    for (size_t i = 0; i < sizeof group_words / sizeof *group_words; i++)
        if (str_eq(name, group_words[i])) return tr(group_words[i]);
    return ledger_kind_valid(name) ? ledger_kind_label(name) : name;
}

/* {name: {resource: amount}} -> [{name, amounts: [text]}], alphabetical, "Undisclosed" last (a new reference; takes groups). */
static json_t *group_list(Arena *a, json_t *groups, json_t *kinds)
{
    json_t *out = json_array();
    const char *name;
    json_t *g;
    json_t *undisclosed = NULL;
    json_object_foreach(groups, name, g) {
        json_t *amounts = json_array();
        const char *res;
        json_t *v;
        json_object_foreach(g, res, v) {
            json_t *k = json_object_get(kinds, res);
            json_array_append_new(amounts, json_string(amount_words(a, json_integer_value(v), res, json_string_value(json_object_get(k, "kind")),
                                                                    json_integer_value(json_object_get(k, "decimals")))));
        }
        json_t *item = json_pack("{s:s, s:o}", "name", group_name(name), "amounts", amounts);
        if (str_eq(name, "Undisclosed")) undisclosed = item;
        else json_array_append_new(out, item);
    }
    if (undisclosed) json_array_append_new(out, undisclosed);
    json_decref(groups);
    return out;
}

typedef struct Groups {
    json_t *partners, *resources, *costs, *revenue;
} Groups;

/* Where a line of the unit counts: what came in (partners: organisations;
 * key resources: hours, goods; revenue: money), what went out (costs). */
static void canvas_line(Groups *g, json_t *x, bool visible)
{
    int64_t amount = json_integer_value(json_object_get(x, "amount"));
    const char *res_code = json_string_value(json_object_get(x, "resource"));
    const char *rkind = json_string_value(json_object_get(x, "resource_kind"));
    const char *kind = json_string_value(json_object_get(x, "kind"));
    const char *category = json_string_value(json_object_get(x, "category"));
    /* a reversal undoes what it reverses: it counts against the same group */
    bool reversal = str_eq(kind, "reversal");
    if (reversal) kind = json_string_value(json_object_get(x, "reversed_kind"));
    int64_t in = amount > 0 && !reversal ? amount : amount < 0 && reversal ? amount : 0;   /* came in (or was given back) */
    int64_t out = amount < 0 && !reversal ? -amount : amount > 0 && reversal ? -amount : 0; /* went out (or came back) */
    const char *giver = json_string_value(json_object_get(x, reversal ? "recipient_kind" : "payer_kind"));
    const char *giver_name = json_string_value(json_object_get(x, reversal ? "recipient" : "payer"));
    if (in) {
        if (str_eq(giver, "organisation")) add_amount(g->partners, visible ? giver_name : "Undisclosed", res_code, in);
        if (str_eq(rkind, "time") || str_eq(rkind, "goods") || str_eq(rkind, "favours"))
            add_amount(g->resources, str_eq(rkind, "time") ? "Hours given" : str_eq(rkind, "goods") ? "Goods in kind" : "Favours", res_code, in);
        if (str_eq(rkind, "money"))
            add_amount(g->revenue, !visible ? "Undisclosed" : !str_empty(category) ? category
                                   : str_eq(kind, "basket_funding") ? "earmarked funding" : kind ? kind : "other", res_code, in);
    } else if (out && str_eq(rkind, "money") && (str_eq(kind, "expense") || str_eq(kind, "basket_spending"))) {
        add_amount(g->costs, !visible ? "Undisclosed" : !str_empty(category) ? category : "other", res_code, out);
    }
}

/* The words of the canvas, with their Markdown rendered for pages (a new reference; takes texts). */
static json_t *canvas_words(Arena *a, json_t *texts)
{
    json_t *text = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(texts, i, x) {
        const char *block = json_string_value(json_object_get(x, "block"));
        json_object_set(text, block, json_object_get(x, "body"));
        model_set_markdown(text, arena_printf(a, "_%s_html", block), a, json_string_value(json_object_get(x, "body")));
    }
    json_decref(texts);
    return text;
}

json_t *ledger_canvas(DbConn *c, Err *e, Arena *a, const Viewer *v, const char *unit_kind, int64_t unit_id)
{
    json_t *lines = canvas_lines(c, e, unit_kind, unit_id);
    json_t *segments = lines ? canvas_segments(c, e, unit_kind, unit_id) : NULL;
    json_t *texts = segments ? canvas_text_get(c, e, unit_kind, unit_id) : NULL;
    json_t *res = texts ? resource_all(c, e) : NULL;
    json_t *activities = NULL;
    if (!res || canvas_activities(c, e, unit_kind, unit_id, &activities) < 0) {
        json_decref(lines);
        json_decref(segments);
        json_decref(texts);
        json_decref(res);
        return NULL;
    }
    json_t *kinds = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(res, i, x) json_object_set(kinds, json_string_value(json_object_get(x, "code")), x);
    json_decref(res);
    Groups g = { json_object(), json_object(), json_object(), json_object() };
    json_array_foreach(lines, i, x) {
        canvas_line(&g, x, ledger_line_visible(v, x));
    }
    json_decref(lines);
    json_array_foreach(segments, i, x)   /* the store's SQL names members without a sector in English */
        if (str_eq(json_string_value(json_object_get(x, "sector")), "No sector given"))
            json_object_set_new(x, "sector", json_string(_("No sector given")));
    json_t *canvas = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "key_partners", group_list(a, g.partners, kinds),
                               "key_activities", activities, "key_resources", group_list(a, g.resources, kinds),
                               "cost_structure", group_list(a, g.costs, kinds), "revenue_streams", group_list(a, g.revenue, kinds),
                               "customer_segments", segments, "texts", canvas_words(a, texts));
    json_decref(kinds);
    return canvas;
}

static int canvas_tx(DbConn *c, void *ctx, Err *e)
{
    const CanvasTexts *t = ctx;
    for (int i = 0; i < 3; i++)
        if (t->bodies[i] && canvas_text_put(c, e, t->kind, t->id, canvas_blocks[i], t->bodies[i], t->by) < 0) return -1;
    return 0;
}

int ledger_canvas_save(DbConn *c, Err *e, const CanvasTexts *t, FieldErrs *f)
{
    for (int i = 0; i < 3; i++)
        if (t->bodies[i] && str_utf8_len(t->bodies[i]) > 4000) field_err(f, canvas_blocks[i], "Please keep this under 4000 characters.");
    if (f->n) return fields_failed(e, f);
    return db_write(c, canvas_tx, (void *)t, e);
}
