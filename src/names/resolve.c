/* resolve.c - a picker's field, read and shown: the name a person typed
 * becomes the value the operations accept (names_input), and the page shows
 * the picker with what was sent, its name, its error and, when a name named
 * several, those candidates to choose from (names_picker). */
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "names/names.h"

const char *names_input(Req *r, FieldErrs *f, const char *field, unsigned kinds, const char *chapter)
{
    const char *text = req_input(r, field);
    if (str_empty(text)) return NULL;
    if (names_is_value(text)) return text;
    if ((kinds & NAME_NETWORK) && (!strcasecmp(text, "network") || !strcasecmp(text, "the network"))) return "network";
    Err e = { 0 };
    if (strlen(text) > NAMES_Q_MAX) {
        field_err(f, field, "A name is at most %d characters long.", NAMES_Q_MAX);
        return NULL;
    }
    /* the whole name first; else the names that hold what was typed */
    NamesQuery q = { .kinds = kinds, .q = names_like(r->arena, text, true), .exact = true, .chapter = chapter, .limit = 6 };
    json_t *found = names_find(r->db, &e, &q);
    if (found && json_array_size(found) == 0) {
        json_decref(found);
        q.q = names_like(r->arena, text, false);
        found = names_find(r->db, &e, &q);
    }
    if (!found) {
        field_err(f, field, "The names could not be read just now (%s); please try again.", e.msg);
        return NULL;
    }
    if (json_array_size(found) == 1) {
        const char *value = arena_strdup(r->arena, json_string_value(json_object_get(json_array_get(found, 0), "value")));
        json_decref(found);
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

void names_picker(Req *r, const char *field, const char *label, unsigned kinds, const char *chapter_slug, const char *hint)
{
    const char *value = req_input(r, field);
    const char *shown = value ? value : "";
    if (names_is_value(value)) {
        Err e = { 0 };
        const char *named = names_label(r->db, &e, r->arena, value);
        if (named) shown = named;
    }
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", field, "name", field, "label_text", label, "label", shown, "value",
                          names_is_value(value) ? value : "", "kinds", kinds_text(r->arena, kinds), "chapter",
                          chapter_slug ? chapter_slug : "", "hint", hint);
    const char *error = error_at(r, field);
    if (error) json_object_set_new(p, "error", json_string(error));
    json_t *candidates = json_object_get(req_model(r), arena_printf(r->arena, "_candidates_%s", field));
    if (json_array_size(candidates)) json_object_set(p, "candidates", candidates);
    req_set(r, arena_printf(r->arena, "_picker_%s", field), p);
}
