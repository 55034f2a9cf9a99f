/* resolve.c - a picker's field, read and shown: the name a person typed
 * becomes the value the operations accept (names_input), and the page shows
 * the picker with what was sent, its name, its error and, when a name named
 * several, those candidates to choose from (names_picker). */
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/str.h"
#include "names/names.h"

const char *names_input(Req *r, FieldErrs *f, const char *field, unsigned kinds, const char *chapter)
{
    return names_value(r, f, field, req_input(r, field), kinds, chapter);
}

int64_t names_member_id(Req *r, FieldErrs *f, const char *field, const char *chapter)
{
    const char *text = req_input(r, field);
    int64_t id = 0;
    if (str_empty(text)) return 0;
    if (str_to_i64(text, &id)) return id;
    const char *value = names_value(r, f, field, text, NAME_MEMBER, chapter);
    if (!value) return 0;
    if (!str_starts(value, "member:") || !str_to_i64(value + 7, &id)) {
        field_err(f, field, "Choose a member.");
        return 0;
    }
    return id;
}

const char *names_value(Req *r, FieldErrs *f, const char *field, const char *text, unsigned kinds, const char *chapter)
{
    if (str_empty(text)) return NULL;
    if (names_is_value(text)) return text;
    if ((kinds & NAME_NETWORK) && (!strcasecmp(text, "network") || !strcasecmp(text, "the network"))) return "network";
    Err e = { 0 };
    if (strlen(text) > NAMES_Q_MAX) {
        field_err(f, field, "A name is at most %d characters long.", NAMES_Q_MAX);
        return NULL;
    }
    /* the whole name first; else the names that hold what was typed (members: whose words start with the words typed) */
    NamesQuery q = { .kinds = kinds, .q = names_like(r->arena, text, true), .exact = true, .chapter = chapter, .limit = 6 };
    json_t *found = names_find(r->db, &e, &q);
    if (found && json_array_size(found) == 0) {
        json_decref(found);
        q.q = names_like(r->arena, text, false);
        q.exact = false;
        q.words = text_query(r->arena, text);
        found = names_find(r->db, &e, &q);
    }
    names_details(found);
    if (!found) {
        field_err(f, field, "The names could not be read just now (%s); please try again.", e.msg);
        return NULL;
    }
    if (json_array_size(found) == 1) {
        const char *value = arena_strdup(r->arena, json_string_value(json_object_get(json_array_get(found, 0), "value")));
        json_decref(found);
        /* the form shown again (another field's error) shows the one it named, by its value */
        req_set_str(r, arena_printf(r->arena, "_resolved_%s", field), value);
        return value;
    }
    field_err(f, field, "%s", names_candidates_text(r->arena, text, found, kinds));
    req_set(r, arena_printf(r->arena, "_candidates_%s", field), found);
    return NULL;
}

/* The message of the first error at `field`, or NULL. */
static const char *error_at(Req *r, const char *field)
{
    size_t i;
    json_t *it;
    json_array_foreach(r->errors, i, it)
        if (str_eq(json_string_value(json_object_get(it, "field")), field)) return json_string_value(json_object_get(it, "message"));
    return NULL;
}

static const char *kinds_text(Arena *a, unsigned kinds)
{
    static const struct { unsigned bit; const char *word; } w[] = {
        { NAME_MEMBER, "member" }, { NAME_ORG, "org" }, { NAME_CHAPTER, "chapter" }, { NAME_PLACE, "place" }, { NAME_NETWORK, "network" },
    };
    const char *s = "";
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (kinds & w[i].bit) s = arena_printf(a, "%s%s%s", s, *s ? "," : "", w[i].word);
    return s;
}

json_t *names_pick(Req *r, const NamesPick *p)
{
    const char *id = p->id ? p->id : p->field;
    const char *value = p->value ? p->value : req_input(r, p->field);
    const char *resolved = json_string_value(json_object_get(req_model(r), arena_printf(r->arena, "_resolved_%s", id)));
    if (resolved && !names_is_value(value)) value = resolved;
    const char *shown = value ? value : "";
    Err e = { 0 };
    if (names_is_value(value)) {
        const char *named = names_label(r->db, &e, r->arena, value);
        if (named) shown = named;
    }
    json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", id, "name", p->field, "label_text", tr(p->label), "label", shown,
                          "value", names_is_value(value) ? value : "", "kinds", kinds_text(r->arena, p->kinds), "chapter",
                          p->chapter ? p->chapter : "", "hint", tr(p->hint));
    const char *error = error_at(r, id);
    json_object_set_new(m, "error", error ? json_string(error) : json_false());
    json_t *candidates = json_object_get(req_model(r), arena_printf(r->arena, "_candidates_%s", id));
    /* both lists always there, so a template never finds its page's own "options" instead */
    json_object_set_new(m, "candidates", json_array_size(candidates) ? json_incref(candidates) : json_array());
    json_object_set_new(m, "options", json_array());
    if (!json_array_size(candidates) && p->few) {
        json_t *options = json_array_size(p->choices) <= NAMES_FEW && p->choices ? json_deep_copy(p->choices)
                          : p->choices ? json_array() : names_few(r->db, &e, p->kinds, p->chapter);
        if (!p->choices) names_details(options);
        if (!options) {
            json_decref(m);
            req_fail_err(r, &e);
            return NULL;
        }
        size_t i;
        json_t *o;
        json_array_foreach(options, i, o) json_object_set_new(o, "is_selected", json_boolean(str_eq(json_string_value(json_object_get(o, "value")), value)));
        if (json_array_size(options) && p->hint_few) json_object_set_new(m, "hint", json_string(tr(p->hint_few)));
        json_object_set_new(m, "options", options);
    }
    return m;
}

void names_picker(Req *r, const char *field, const char *label, unsigned kinds, const char *chapter_slug, const char *hint)
{
    NamesPick p = { .field = field, .label = label, .hint = hint, .kinds = kinds, .chapter = chapter_slug };
    req_set(r, arena_printf(r->arena, "_picker_%s", field), names_pick(r, &p));
}
