/* rules.c - the commons' items as pure functions: the licences and kinds,
 * the checks of what an author writes (fields, tags, slugs), who may do what
 * to an item and the consent state machine. No SQL, no clock (commons.h).
 *
 * The life of an item:
 *   draft      -- an author asks to publish, others still to consent --> consenting
 *              -- an author asks to publish, no one else to ask -------> published
 *   consenting -- the last person named gives consent ----------------> published
 *              -- someone named declines (with a reason) -------------> draft
 *   consenting -- an author changes its words -----------------------> consenting,
 *                 everyone else named asked again
 *   published  -- anyone named takes consent back (with a reason) ----> withdrawn
 *              -- an author names someone new -----------------------> consenting
 *              -- an author changes its words, others named ---------> consenting,
 *                 everyone else named asked again (alone: published)
 *   withdrawn  -- final: a tombstone (the address, when, the reason) */
#include <ctype.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "commons/commons.h"

const Licence licences[] = {
    { "cc-by-4.0", "CC BY 4.0", "Creative Commons Attribution 4.0 International",
      "https://creativecommons.org/licenses/by/4.0/" },
    { "cc-by-sa-4.0", "CC BY-SA 4.0", "Creative Commons Attribution-ShareAlike 4.0 International",
      "https://creativecommons.org/licenses/by-sa/4.0/" },
    { "cc0-1.0", "CC0 1.0", "Creative Commons CC0 1.0 Universal (public domain dedication)",
      "https://creativecommons.org/publicdomain/zero/1.0/" },
    { NULL, NULL, NULL, NULL },
};

const Licence *licence_find(const char *code)
{
    for (const Licence *l = licences; code && l->code; l++)
        if (str_eq(l->code, code)) return l;
    return NULL;
}

bool licence_adapt_allowed(const char *parent, const char *child)
{
    if (!licence_find(child)) return false;
    return !str_eq(parent, "cc-by-sa-4.0") || str_eq(child, "cc-by-sa-4.0");
}

/* The names are English messages: stored nowhere, put into the reader's
 * language where they are shown (item_kind_label); feeds, the same in every
 * language, keep them English. */
static const char *const kinds[][2] = {
    { "notes", N_("Session notes") }, { "tool", N_("Tool") },   { "technique", N_("Technique") },
    { "template", N_("Template") },   { "story", N_("Story") }, { "recording", N_("Recording") },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

const char *item_kind_name(const char *kind)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (str_eq(kind, kinds[i][0])) return kinds[i][1];
    return NULL;
}

const char *item_kind_label(const char *kind)
{
    const char *name = item_kind_name(kind);
    return name ? tr(name) : kind;
}

bool item_kind_valid(const char *kind)
{
    return item_kind_name(kind) != NULL;
}

json_t *item_kind_options(const char *selected)
{
    json_t *list = json_array();
    for (size_t i = 0; i < NKINDS; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", kinds[i][0], "label", tr(kinds[i][1]),
                                              "is_selected", str_eq(kinds[i][0], selected)));
    return list;
}

json_t *item_licence_options(const char *selected)
{
    json_t *list = json_array();
    for (const Licence *l = licences; l->code; l++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", l->code, "label", l->name, "title",
                                              l->title, "url", l->url, "is_selected", str_eq(l->code, selected)));
    return list;
}

const char *item_origin_name(const char *origin)
{
    static const char *const origins[][2] = {
        { "meeting", N_("A chapter meeting") }, { "event", N_("An event") },     { "session", N_("A session") },
        { "chapter", N_("A chapter") },         { "network", N_("The network") },
    };
    for (size_t i = 0; i < sizeof origins / sizeof origins[0]; i++)
        if (str_eq(origin, origins[i][0])) return tr(origins[i][1]);
    return NULL;
}

const char *item_status_label(const char *status)
{
    if (str_eq(status, "draft")) return C_("a commons item's status", "Draft");
    if (str_eq(status, "consenting")) return C_("a commons item's status", "Waiting for consent");
    if (str_eq(status, "published")) return C_("a commons item's status", "Published");
    if (str_eq(status, "withdrawn")) return C_("a commons item's status", "Withdrawn");
    return status;
}

/* ---------- tags ---------- */

static const char TAG_RULE[] = "Tags are words of 2 to 40 lower-case letters, digits and hyphens "
                               "(like \"facilitation\" or \"open-space\"), separated by commas or spaces.";

static bool tag_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
}

/* One tag, lower-cased in place: true when it keeps the rule. */
static bool tag_ok(char *t, size_t n)
{
    if (n < ITEM_TAG_MIN || n > ITEM_TAG_LEN || t[0] == '-' || t[n - 1] == '-') return false;
    for (size_t i = 0; i < n; i++) {
        if (t[i] >= 'A' && t[i] <= 'Z') t[i] = (char)(t[i] - 'A' + 'a');
        if (!tag_char(t[i])) return false;
    }
    return true;
}

char *item_tags_parse(Arena *a, const char *typed, FieldErrs *f)
{
    char *copy = arena_strdup(a, typed ? typed : "");
    size_t len = strlen(copy);
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    int count = 0;
    for (char *p = copy; *p;) {
        while (*p == ',' || isspace((unsigned char)*p)) p++;
        if (!*p) break;
        char *t = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p)) p++;
        size_t n = (size_t)(p - t);
        if (!tag_ok(t, n)) {
            /* at most 40 bytes of it, cut between characters: the message is shown and sent as JSON */
            field_err(f, "tags", "\"%s\" is not a tag we can take. %s", str_truncate(a, arena_strndup(a, t, n), 40), TAG_RULE);
            return NULL;
        }
        bool seen = false;   /* each tag once */
        for (size_t s = 0; s < o && !seen; s += strcspn(out + s, " ") + 1)
            seen = strcspn(out + s, " ") == n && memcmp(out + s, t, n) == 0;
        if (seen) continue;
        if (++count > ITEM_TAGS_MAX) {
            field_err(f, "tags", "An item takes at most %d tags: choose the ones a reader would look for.", ITEM_TAGS_MAX);
            return NULL;
        }
        if (o) out[o++] = ' ';
        memcpy(out + o, t, n);
        o += n;
    }
    out[o] = 0;
    return out;
}

json_t *item_tags_json(const char *tags)
{
    json_t *list = json_array();
    for (const char *p = tags ? tags : ""; *p;) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        if (n) json_array_append_new(list, json_stringn(p, n));
        p += n;
    }
    return list;
}

/* ---------- fields ---------- */

static void text_limit(FieldErrs *f, const char *v, const char *field, const char *what, size_t max)
{
    if (v && str_utf8_len(v) > max)
        field_err(f, field, "The %s can be at most %zu characters long (it is %zu).", what, max, str_utf8_len(v));
}

static bool url_ok(const char *u)
{
    if (!str_starts(u, "http://") && !str_starts(u, "https://")) return false;
    const char *host = strstr(u, "://") + 3;
    if (!*host || *host == '/') return false;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\') return false;
    return true;
}

void item_fields_problems(const ItemIn *in, bool creating, FieldErrs *f)
{
    if (creating || in->title) {
        if (str_empty(in->title)) field_err(f, "title", "Give the item a title: what a reader would look for.");
        else if (!str_single_line(in->title)) field_err(f, "title", "Please keep the title on one line (without line breaks).");
        else text_limit(f, in->title, "title", "title", ITEM_TITLE_MAX);
    }
    if (creating || in->kind) {
        if (str_empty(in->kind)) field_err(f, "kind", "Choose what kind of item this is.");
        else if (!item_kind_valid(in->kind))
            field_err(f, "kind", "An item is session notes, a tool, a technique, a template, a story or a recording.");
    }
    text_limit(f, in->summary, "summary", "summary", ITEM_SUMMARY_MAX);
    if (in->body && strlen(in->body) > ITEM_BODY_MAX)
        field_err(f, "body", "The text can be at most 100,000 bytes long (it is %zu): split it into several items, "
                  "or link to a longer document.", strlen(in->body));
    if (in->url && *in->url) {
        if (strlen(in->url) > ITEM_URL_MAX) field_err(f, "url", "The address can be at most 2,000 characters long.");
        else if (!url_ok(in->url))
            field_err(f, "url", "The address must start with http:// or https:// and have no spaces.");
    }
    if (in->licence && *in->licence && !licence_find(in->licence))
        field_err(f, "licence", "Choose one of the licences offered: CC BY 4.0, CC BY-SA 4.0 or CC0 1.0.");
    if (in->origin && *in->origin && !item_origin_name(in->origin))
        field_err(f, "origin", "The origin is a meeting, an event, a session, a chapter or the network.");
    text_limit(f, in->note, "note", "note", ITEM_NOTE_MAX);
}

/* ---------- slugs ---------- */

bool item_slug_reserved(const char *slug)
{
    static const char *const words[] = { "new", "mine", "settings", "tags", "authors", "stories", "search", NULL };
    for (const char *const *w = words; *w; w++)
        if (str_eq(slug, *w)) return true;
    return false;
}

char *item_slug_try(Arena *a, const char *title, int n)
{
    char *base = str_slugify(a, title ? title : "");
    if (!*base) base = "item";
    size_t len = strlen(base);
    if (len > 70) {   /* cut at a hyphen when one is near */
        len = 70;
        while (len > 40 && base[len] != '-') len--;
        if (base[len] != '-') len = 70;
        base[len] = 0;
        while (len && base[len - 1] == '-') base[--len] = 0;
    }
    if (n <= 1 && !item_slug_reserved(base)) return base;
    return arena_printf(a, "%s-%d", base, n <= 1 ? 2 : n);
}

/* ---------- who may do what ---------- */

static bool named(const ItemRel *rel)
{
    return rel->author || rel->quoted;
}

int item_visibility(const char *status, const ItemRel *rel)
{
    if (str_eq(status, "published")) return 2;
    if (str_eq(status, "withdrawn")) return 1;
    return named(rel) ? 2 : 0;
}

int item_may(ItemAct act, const char *status, const ItemRel *rel, Err *e)
{
    if (!item_visibility(status, rel)) return err_set(e, E_NOT_FOUND, "There is no such item in the commons.");
    bool withdrawn = str_eq(status, "withdrawn");
    switch (act) {
    case IA_EDIT:
    case IA_ADD_PERSON:
    case IA_PUBLISH:
        if (!rel->author) return err_set(e, E_FORBIDDEN, "Only the item's authors can do this.");
        if (withdrawn) return err_set(e, E_CONFLICT, "This item was withdrawn: it stays a tombstone.");
        if (act != IA_PUBLISH || str_eq(status, "draft")) return 0;
        return err_set(e, E_CONFLICT, str_eq(status, "published") ? "This item is already published."
                                                                   : "This item is already waiting for consent.");
    case IA_CONSENT:
        if (!named(rel)) return err_set(e, E_FORBIDDEN, "Only the people named on the item give or take back consent.");
        if (withdrawn) return err_set(e, E_CONFLICT, "This item was withdrawn: it stays a tombstone.");
        return 0;
    case IA_ADAPT:
        if (!rel->logged_in) return err_set(e, E_UNAUTHORIZED, "Log in to adapt an item.");
        if (!str_eq(status, "published")) return err_set(e, E_CONFLICT, "Only a published item can be adapted.");
        return 0;
    }
    return err_set(e, E_FORBIDDEN, "This cannot be done to an item.");
}

const char *item_status_on_publish(int64_t pending)
{
    return pending > 0 ? "consenting" : "published";
}

const char *item_status_on_edit(const char *status, bool words_changed, int64_t others, bool *ask_again)
{
    bool waiting = str_eq(status, "consenting"), published = str_eq(status, "published");
    *ask_again = words_changed && others > 0 && (waiting || published);
    return *ask_again ? "consenting" : status;
}

int item_consent_current(bool give, int64_t seen, int64_t revision, Err *e)
{
    if (!give || seen <= 0 || seen == revision) return 0;
    return err_set(e, E_CONFLICT, "The item was changed since you read it: read it again, then give your consent.");
}

const char *item_status_on_consent(const char *status, bool give, int64_t pending)
{
    if (str_eq(status, "consenting")) return !give ? "draft" : pending > 0 ? "consenting" : "published";
    if (str_eq(status, "published")) return give ? "published" : "withdrawn";
    return status;
}
