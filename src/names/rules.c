/* rules.c - the pure parts of names: which kinds a picker offers, the LIKE
 * pattern of a query, whether a text is already a value, and the sentence
 * that lists the candidates of a name that named several or none. */
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/str.h"
#include "names/names.h"
#include "network/network.h"

static const struct { const char *word; unsigned bit; const char *says; } kind_words[] = {
    { "member", NAME_MEMBER, N_("a member") },    { "org", NAME_ORG, N_("an organisation") }, { "chapter", NAME_CHAPTER, N_("a chapter") },
    { "place", NAME_PLACE, N_("a place") },       { "network", NAME_NETWORK, N_("the network") },
};

unsigned names_kinds_parse(const char *text)
{
    unsigned kinds = 0;
    if (str_empty(text)) return 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof kind_words / sizeof *kind_words; i++)
            if (strlen(kind_words[i].word) == n && !strncmp(p, kind_words[i].word, n)) bit = kind_words[i].bit;
        if (!bit) return 0;
        kinds |= bit;
        p += n;
        if (*p == ',') p++;
    }
    return kinds;
}

const char *names_like(Arena *a, const char *q, bool exact)
{
    Buf b;
    buf_init(&b, a);
    if (!exact) buf_addc(&b, '%');
    for (const char *p = q; *p; p++) {
        char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if (ch == '%' || ch == '_' || ch == '\\') buf_addc(&b, '\\');
        buf_addc(&b, ch);
    }
    if (!exact) buf_addc(&b, '%');
    return buf_str(&b);
}

bool names_is_value(const char *text)
{
    static const char *const prefixes[] = { "member:", "org:", "organisation:", "chapter:", "place:", "basket:" };
    if (str_eq(text, "network")) return true;
    for (size_t i = 0; text && i < sizeof prefixes / sizeof *prefixes; i++)
        if (str_starts(text, prefixes[i]) && text[strlen(prefixes[i])] && !strchr(text, ' ')) return true;
    return false;
}

/* ", " or " or " before the i-th of n (from 1), in the reader's language. */
static const char *list_sep(size_t i, size_t n)
{
    return i + 1 == n ? C_("before the last of a list", " or ") : C_("between two of a list", ", ");
}

/* "a member, an organisation or a chapter" for the kinds offered, in the reader's language. */
static void kinds_words(Buf *b, unsigned kinds)
{
    size_t n = 0, total = 0;
    for (size_t i = 0; i < sizeof kind_words / sizeof *kind_words; i++) total += (kinds & kind_words[i].bit) != 0;
    for (size_t i = 0; i < sizeof kind_words / sizeof *kind_words; i++) {
        if (!(kinds & kind_words[i].bit)) continue;
        if (n) buf_adds(b, list_sep(n, total));
        buf_adds(b, tr(kind_words[i].says));
        n++;
    }
}

const char *names_candidates_text(Arena *a, const char *typed, json_t *matches, unsigned kinds)
{
    Buf b;
    buf_init(&b, a);
    size_t n = json_array_size(matches);
    if (!n) {
        kinds_words(&b, kinds);
        return arena_printf(a, _("Nothing is called \"%s\". Type the name of %s, and choose it from the list."), typed, buf_str(&b));
    }
    size_t i;
    json_t *m;
    json_array_foreach(matches, i, m) {
        if (i) buf_adds(&b, list_sep(i, n));
        const char *detail = json_string_value(json_object_get(m, "detail"));
        buf_printf(&b, "%s (%s)", json_string_value(json_object_get(m, "label")), str_empty(detail) ? "?" : detail);
    }
    return arena_printf(a, _("\"%s\" could be %s: choose one of them, or type more of the name."), typed, buf_str(&b));
}

/* ---------- what each match is ---------- */

static const char *org_kind_word(const char *kind)
{
    if (str_eq(kind, "sponsor")) return C_("an organisation's kind", "sponsor");
    if (str_eq(kind, "venue")) return C_("an organisation's kind", "venue");
    if (str_eq(kind, "supplier")) return C_("an organisation's kind", "supplier");
    return C_("an organisation's kind", "other");
}

static json_t *detail_of(const char *kind, json_t *m)
{
    const char *place = json_string_value(json_object_get(m, "place"));
    if (str_eq(kind, "member")) {
        const char *org = json_string_value(json_object_get(m, "organisation"));
        return json_sprintf("%s%s%s%s%s", C_("a name's kind", "member"), str_empty(org) ? "" : ", ", org ? org : "",
                            str_empty(place) ? "" : ", ", place ? place : "");
    }
    if (str_eq(kind, "org"))
        return json_sprintf(_("organisation, %s"), org_kind_word(json_string_value(json_object_get(m, "org_kind"))));
    if (str_eq(kind, "chapter")) return json_sprintf(_("chapter in %s"), place ? place : "");
    if (str_eq(kind, "place")) return json_string(place_kind_label(json_string_value(json_object_get(m, "place_kind"))));
    return NULL;
}

void names_details(json_t *matches)
{
    size_t i;
    json_t *m;
    json_array_foreach(matches, i, m) {
        json_t *detail = detail_of(json_string_value(json_object_get(m, "kind")), m);
        if (detail) json_object_set_new(m, "detail", detail);
        /* the organisation events' guests pay through, named in English by events/store.c */
        if (str_eq(json_string_value(json_object_get(m, "value")), "org:event-guests"))
            json_object_set_new(m, "label", json_string(_("Guests at events")));
        json_object_del(m, "organisation");
        json_object_del(m, "place");
        json_object_del(m, "org_kind");
        json_object_del(m, "place_kind");
    }
}
