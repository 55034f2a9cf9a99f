/* routes_items.c - one item's pages and writes: the item page (made for
 * reading and printing), its history and revisions, editing, publishing,
 * consent, naming people, adapting. The guard has loaded the item as the
 * caller may see it ({item}: r->object); each write calls one operation of
 * items.c, which decides (403, 409, 422) from what the caller is to it. */
#include "base/i18n.h"
#include "base/buf.h"
#include "base/str.h"
#include "commons/routes_items.h"
#include "web/app.h"
#include "web/model.h"

static json_t *obj(Req *r, const char *key)
{
    return json_object_get(r->object, key);
}

static const char *item_url(Req *r, const char *tail)
{
    return req_printf(r, "/commons/%s%s", json_string_value(obj(r, "slug")), tail);
}

static bool tombstone(Req *r)
{
    return json_is_true(obj(r, "is_tombstone"));
}

/* ---------- shared with routes.c ---------- */

static int64_t input_id(Req *r, const char *name)
{
    int64_t v = 0;
    return req_input_int(r, name, &v) > 0 ? v : 0;
}

ItemIn items_input(Req *r)
{
    return (ItemIn){
        .kind = req_input(r, "kind"), .title = req_input(r, "title"), .summary = req_input(r, "summary"),
        .body = req_input(r, "body"), .url = req_input(r, "url"), .licence = req_input(r, "licence"),
        .tags = req_input(r, "tags"), .note = req_input(r, "note"), .origin = req_input(r, "origin"),
        .chapter_id = input_id(r, "chapter_id"), .event_id = input_id(r, "event_id"),
        .by = r->me.id, .now = now_unix(),
    };
}

/* What a select shows chosen: what was typed (a refused form), else the initial value. */
static const char *chosen(Req *r, json_t *initial, const char *key)
{
    const char *typed = (r->form || r->json) ? req_input(r, key) : NULL;
    if (typed) return typed;
    json_t *v = json_object_get(initial, key);
    return json_is_integer(v) ? req_printf(r, "%lld", (long long)json_integer_value(v)) : json_string_value(v);
}

static void select_id(json_t *options, const char *chosen)
{
    int64_t id = 0;
    options_select(options, chosen && str_to_i64(chosen, &id) ? id : 0);
}

int items_form_model(Req *r, json_t *initial)
{
    Err e = { 0 };
    json_t *origins = req_own(r, commons_origin_options(r->db, &e, r->me.id));
    if (!origins) return req_fail_err(r, &e);
    req_form_values(r, initial);
    req_set(r, "_kinds", item_kind_options(chosen(r, initial, "kind")));
    req_set(r, "_licences", item_licence_options(chosen(r, initial, "licence")));
    select_id(json_object_get(origins, "chapters"), chosen(r, initial, "chapter_id"));
    select_id(json_object_get(origins, "events"), chosen(r, initial, "event_id"));
    req_set(r, "_chapters", json_incref(json_object_get(origins, "chapters")));
    req_set(r, "_events", json_incref(json_object_get(origins, "events")));
    static const char *const origin_ids[] = { "meeting", "session", "event", "chapter", "network" };
    const char *origin = chosen(r, initial, "origin");
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof origin_ids / sizeof origin_ids[0]; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", origin_ids[i], "label", item_origin_name(origin_ids[i]),
                                              "is_selected", str_eq(origin, origin_ids[i])));
    req_set(r, "_origins", list);
    return 0;
}

int items_created(Req *r, int64_t id, const char *flash)
{
    Err e = { 0 };
    json_t *v = NULL;
    if (item_view_id(r->db, &e, id, r->me.id, &v) <= 0) return req_fail_err(r, &e);
    req_set(r, "item", v);
    return req_created(r, req_printf(r, "/commons/%s", json_string_value(json_object_get(v, "slug"))), flash);
}

/* ---------- the item page ---------- */

/* What only the page needs to show the item (keys starting with "_"). */
static void decorate(Req *r, json_t *item, json_t *line)
{
    const char *status = json_string_value(obj(r, "status"));
    const char *licence = json_string_value(json_object_get(obj(r, "licence"), "code"));
    const char *mine = json_string_value(obj(r, "my_consent"));
    bool author = json_is_true(obj(r, "can_edit")) || json_is_true(obj(r, "can_publish"));
    json_int_t count = json_integer_value(json_object_get(line, "adaptation_count"));
    json_t *flags = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:s}",
        "_kind_is_recording", str_eq(json_string_value(obj(r, "kind")), "recording"),
        "_licence_is_cc0", str_eq(licence, "cc0-1.0"), "_licence_is_sa", str_eq(licence, "cc-by-sa-4.0"),
        "_is_public", str_eq(status, "published"), "_is_published", str_eq(status, "published"),
        "_revision_plural", i18n_plural(i18n_lang(), json_integer_value(obj(r, "revision"))),
        "_has_line", count > 0 || !json_is_null(obj(r, "based_on")), "_count_plural", i18n_plural(i18n_lang(), count),
        "_consent_asked", str_eq(mine, "asked"), "_consent_given", str_eq(mine, "given"),
        "_consent_withdrawn", str_eq(mine, "withdrawn"),
        "_show_consent", json_is_true(obj(r, "can_consent")) && !(author && str_eq(status, "draft")),
        "_permalink", req_printf(r, "%s/commons/%s", r->app->public_url ? r->app->public_url : "",
                                 json_string_value(obj(r, "slug"))));
    json_object_update_new(item, flags);
    static const char *const prefixes[][2] = {
        { "meeting", N_("From a meeting of") }, { "session", N_("From a session at") }, { "event", N_("From") },
        { "chapter", N_("From") },
    };
    const char *origin = json_string_value(obj(r, "origin"));
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (str_eq(origin, prefixes[i][0])) json_object_set_new(item, "_origin_prefix", json_string(tr(prefixes[i][1])));
    json_object_set_new(item, "_revised", json_boolean(json_integer_value(obj(r, "revision")) > 1));
    json_object_set_new(item, "_show_line", json_boolean(str_eq(status, "published") || count > 0 ||
                                                         !json_is_null(obj(r, "based_on"))));
    json_object_set_new(item, "_i_am_quoted", json_boolean(mine && !author));
    size_t i;
    json_t *p;
    json_array_foreach(obj(r, "people"), i, p) {
        const char *consent = json_string_value(json_object_get(p, "consent"));
        json_object_set_new(p, "_is_author", json_boolean(str_eq(json_string_value(json_object_get(p, "role")), "author")));
        json_object_set_new(p, "_consent_label", json_string(str_eq(consent, "given") ? _("consents")
                                                             : str_eq(consent, "withdrawn") ? _("declined") : _("asked")));
    }
}

/* The item page's model: the item with its words rendered, its line of
 * adaptations, and what other areas add (Feature.extend, page "item": the
 * spread area's reach). 0, or -1 answered. */
static int item_model(Req *r)
{
    Err e = { 0 };
    json_t *item = r->object;
    req_set(r, "item", json_incref(item));
    if (tombstone(r)) return 0;
    json_t *line = item_line_view(r->db, &e, r->object_id, json_integer_value(obj(r, "root_id")));
    if (req_view(r, line, &e) < 0) return -1;
    if (!r->api) {
        model_set_markdown(item, "_body_html", r->arena, json_string_value(obj(r, "body")));
        decorate(r, item, line);
    }
    req_form_values(r, NULL);
    if (features_extend(r, "item", &e) < 0) return req_fail_err(r, &e);
    return 0;
}

int commons_item_show(Req *r)
{
    if (item_model(r) < 0) return -1;
    if (!tombstone(r)) return req_page(r, "commons/item");
    r->status = E_GONE;   /* the address stays, the words are gone */
    return req_page(r, "commons/tombstone");
}

/* A page of the item that needs its words: a tombstone answers 410 instead. */
static int gone(Req *r)
{
    return req_fail(r, E_GONE, "This item was withdrawn from the commons: its words are no longer shown.");
}

int commons_item_history(Req *r)
{
    Err e = { 0 };
    if (tombstone(r)) return gone(r);
    req_set(r, "item", json_incref(r->object));
    return req_view(r, item_history_view(r->db, &e, r->object_id), &e) < 0 ? -1 : req_page(r, "commons/history");
}

int commons_item_revision(Req *r)
{
    Err e = { 0 };
    if (tombstone(r)) return gone(r);
    json_t *v = NULL;
    int found = item_revision_view(r->db, &e, r->object_id, req_id(r, "id"), &v);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This item has no revision %lld.", (long long)req_id(r, "id"));
    if (!r->api) model_set_markdown(v, "_body_html", r->arena, json_string_value(json_object_get(v, "body")));
    req_set(r, "item", json_incref(r->object));
    req_set(r, "revision", v);
    req_set_bool(r, "is_current", req_id(r, "id") == json_integer_value(obj(r, "revision")));
    return req_page(r, "commons/revision");
}

/* ---------- editing ---------- */

static json_t *edit_values(Req *r)
{
    json_t *tags = obj(r, "tags");
    Buf b;
    buf_init(&b, r->arena);
    size_t i;
    json_t *t;
    json_array_foreach(tags, i, t) {
        if (i) buf_adds(&b, " ");
        buf_adds(&b, json_string_value(t));
    }
    return req_own(r, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s}", "kind", obj(r, "kind"), "title", obj(r, "title"),
                                "summary", obj(r, "summary"), "body", obj(r, "body"), "url", obj(r, "url"), "licence",
                                json_object_get(obj(r, "licence"), "code"), "tags", buf_str(&b)));
}

/* The edit form is for the item's authors while it is not withdrawn. */
static int edit_refused(Req *r)
{
    if (tombstone(r)) return req_fail(r, E_CONFLICT, "This item was withdrawn: it stays a tombstone.");
    return req_fail(r, E_FORBIDDEN, "Only the item's authors can edit it.");
}

int commons_item_edit_form(Req *r)
{
    if (!json_is_true(obj(r, "can_edit"))) return edit_refused(r);
    req_set(r, "item", json_incref(r->object));
    req_set_bool(r, "_is_published", str_eq(json_string_value(obj(r, "status")), "published"));
    if (items_form_model(r, edit_values(r)) < 0) return -1;
    return req_page(r, "commons/edit");
}

int commons_item_update(Req *r)
{
    Err e = { 0 };
    ItemIn in = items_input(r);
    FieldErrs *f = req_field_errs(r);
    if (req_has_errors(r) || item_edit(r->db, &e, r->object_id, &in, f) < 0) {
        if (!req_has_errors(r) && !req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        req_set(r, "item", json_incref(r->object));
        if (items_form_model(r, edit_values(r)) < 0) return -1;
        return req_invalid(r, "commons/edit");
    }
    bool published = str_eq(json_string_value(obj(r, "status")), "published");
    return items_created(r, r->object_id, published ? "Saved: the new revision is public now." : "Saved.");
}

/* ---------- publishing, consent, people ---------- */

/* After a write on the item: its new state in the model, to its page. */
static int answer(Req *r, const char *flash)
{
    Err e = { 0 };
    json_t *v = NULL;
    if (item_view_id(r->db, &e, r->object_id, r->me.id, &v) < 0) return req_fail_err(r, &e);
    req_set(r, "item", v ? v : json_null());
    return req_redirect(r, item_url(r, ""), flash);
}

int commons_item_publish(Req *r)
{
    Err e = { 0 };
    if (item_publish(r->db, &e, r->object_id, r->me.id, now_unix()) < 0) return req_fail_err(r, &e);
    int pub = item_is_public(r->db, &e, r->object_id);
    if (pub < 0) return req_fail_err(r, &e);
    return answer(r, pub ? "Published: it is in the commons now, under its licence."
                         : "Your consent is recorded. Everyone else named on it has been asked; it is published "
                           "once they all consent.");
}

/* A refused form on the item page: shown again with its message at the field. */
static int item_refused(Req *r, const Err *e)
{
    if (!req_form_refused(r, NULL, e)) return req_fail_err(r, e);
    if (item_model(r) < 0) return -1;
    return req_invalid(r, "commons/item");
}

int commons_item_consent(Req *r)
{
    Err e = { 0 };
    const char *answer_in = req_input(r, "consent");
    bool give = str_eq(answer_in, "give");
    if (!give && !str_eq(answer_in, "withdraw")) {
        err_field(&e, E_INVALID, "consent", "Answer \"give\" to consent or \"withdraw\" to take it back.");
        return item_refused(r, &e);
    }
    const char *reason = req_input(r, "reason");
    int64_t seen = input_id(r, "revision");   /* the revision the page showed them */
    if (item_consent_to(r->db, &e, r->object_id, r->me.id, give, reason, seen, now_unix()) < 0) return item_refused(r, &e);
    const char *status = json_string_value(obj(r, "status"));
    return answer(r, give ? "Thank you: your consent is recorded."
                     : str_eq(status, "published") ? "Your consent is taken back: the item is withdrawn everywhere."
                                                   : "You declined: the authors are told your reason.");
}

int commons_item_people(Req *r)
{
    Err e = { 0 };
    int64_t user = input_id(r, "user_id");
    const char *email = req_input(r, "email");
    if (!user && !str_empty(email) && commons_member_find(r->db, &e, email, &user) < 0) return req_fail_err(r, &e);
    if (!user) {
        err_field(&e, E_INVALID, "email",
                  str_empty(email) ? "Give the e-mail address of the member to name."
                                   : "There is no member with this address: they need an account first.");
        return item_refused(r, &e);
    }
    const char *role = req_input(r, "role");
    if (item_add_person(r->db, &e, r->object_id, user, role ? role : "author", r->me.id, now_unix()) < 0)
        return item_refused(r, &e);
    return answer(r, str_eq(json_string_value(obj(r, "status")), "draft")
                         ? "Named. They will be asked for their consent when you ask to publish."
                         : "Named, and asked for their consent by mail. The item is public again once they consent.");
}

/* ---------- adapting ---------- */

int commons_item_adapt_form(Req *r)
{
    Err e = { 0 };
    if (!str_eq(json_string_value(obj(r, "status")), "published"))
        return req_fail(r, E_CONFLICT, "Only a published item can be adapted.");
    json_t *values = edit_values(r);
    const char *parent = json_string_value(json_object_get(obj(r, "licence"), "code"));
    json_object_set_new(values, "licence",
                        json_string(str_eq(parent, "cc-by-sa-4.0") ? parent : commons_default_licence(r->db, &e)));
    req_set(r, "item", json_incref(r->object));
    req_set_bool(r, "_share_alike_only", str_eq(parent, "cc-by-sa-4.0"));
    if (items_form_model(r, values) < 0) return -1;
    return req_page(r, "commons/adapt");
}

int commons_item_adapt(Req *r)
{
    Err e = { 0 };
    ItemIn in = items_input(r);
    in.based_on_id = r->object_id;
    FieldErrs *f = req_field_errs(r);
    int64_t id = 0;
    if (req_has_errors(r) || item_create(r->db, &e, &in, f, &id) < 0) {
        if (!req_has_errors(r) && !req_form_refused(r, f, &e)) return req_fail_err(r, &e);
        req_set(r, "item", json_incref(r->object));
        if (items_form_model(r, NULL) < 0) return -1;
        return req_invalid(r, "commons/adapt");
    }
    return items_created(r, id, "Your adaptation is saved as a draft. Publish it when it is ready: its page will say what it is based on.");
}
