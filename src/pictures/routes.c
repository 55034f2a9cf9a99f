/* routes.c - the pictures' handlers: serving a picture, the forms and
 * uploads of a chapter's photo, an organisation's logo and one's avatar, their
 * removal; the {picture} loader; what the feature adds to other features'
 * pages (Feature.extend). Who may is in the route flags (src/routes.h). */
#include "base/i18n.h"
#include "base/str.h"
#include "ledger/ledger.h"
#include "pictures/store.h"
#include "web/model.h"

/* ---------- serving ---------- */

/* The {picture} of the path, when the caller may see it (picture_find). */
static int load_picture(Req *r, const char *token, Err *e)
{
    return picture_find(r->db, e, token, r->me.id != 0, &r->object);
}

/* The picture as WebP; its URL names one content for ever (a new picture
 * gets a new token), so it is cached as immutable — privately for avatars. */
static int serve(Req *r, bool square)
{
    Err e = { 0 };
    const char *token = req_param(r, "picture");
    bool member = str_eq(json_string_value(json_object_get(r->object, "owner_kind")), "member");
    r->cache_control = member ? "private, max-age=31536000, immutable" : "public, max-age=31536000, immutable";
    req_raw(r, "image/webp");
    if (req_not_modified(r, req_printf(r, "\"%s%s\"", token, square ? "-square" : ""), 0)) return 0;
    int found = pictures_store_bytes(r->db, &e, token, square, &r->body);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This picture has just been replaced or removed.");
    return 0;
}

int picture_show(Req *r) { return serve(r, false); }
int picture_square_show(Req *r) { return serve(r, true); }

/* ---------- the forms ---------- */

/* Whose picture a request is about, and the words its pages use. */
typedef struct Owner {
    const char *kind;
    int64_t id;
    const char *name, *back, *base;   /* base: the form's address, its removal at base/delete */
    const char *title, *set_msg, *removed_msg, *none_msg;
} Owner;

static void chapter_owner(Req *r, Owner *o)
{
    const char *slug = json_string_value(json_object_get(r->chapter, "slug"));
    o->kind = "chapter";
    o->id = r->chapter_id;
    o->name = json_string_value(json_object_get(r->chapter, "name"));
    o->back = req_printf(r, "/chapters/%s", slug);
    o->base = req_printf(r, "/chapters/%s/picture", slug);
    o->title = req_printf(r, _("Photo of %s"), o->name);
    o->set_msg = req_printf(r, _("The photo of %s is saved."), o->name);
    o->removed_msg = req_printf(r, _("The photo of %s is removed."), o->name);
    o->none_msg = _("There was no photo to remove.");
}

static int organisation_owner(Req *r, Owner *o)
{
    Err e = { 0 };
    json_t *org = NULL;
    int found = organisation_by_slug(r->db, &e, req_param(r, "org"), &org);
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "There is no organisation called \"%s\".", req_param(r, "org"));
    req_own(r, org);
    const char *slug = json_string_value(json_object_get(org, "slug"));
    o->kind = "organisation";
    o->id = json_integer_value(json_object_get(org, "id"));
    o->name = json_string_value(json_object_get(org, "name"));
    o->back = req_printf(r, "/organisations/%s", slug);
    o->base = req_printf(r, "/organisations/%s/logo", slug);
    o->title = req_printf(r, _("Logo of %s"), o->name);
    o->set_msg = req_printf(r, _("The logo of %s is saved."), o->name);
    o->removed_msg = req_printf(r, _("The logo of %s is removed."), o->name);
    o->none_msg = _("There was no logo to remove.");
    return 0;
}

static void member_owner(Req *r, Owner *o, int64_t id)
{
    o->kind = "member";
    o->id = id;
    o->name = id == r->me.id ? r->me.name : "";
    o->back = req_printf(r, "/members/%lld", (long long)id);
    o->base = "/me/avatar";
    o->title = _("Your picture");
    o->set_msg = _("Your picture is saved.");
    o->removed_msg = id == r->me.id ? _("Your picture is removed.") : _("The member's picture is removed.");
    o->none_msg = _("There was no picture to remove.");
}

static int form(Req *r, const Owner *o)
{
    Err e = { 0 };
    json_t *p = NULL;
    if (picture_of(r->db, &e, o->kind, o->id, &p) < 0) return req_fail_err(r, &e);
    if (p) req_set(r, "picture", p);
    req_set_str(r, "owner_name", o->name);
    req_set_str(r, "title", o->title);
    req_set_str(r, "back_url", o->back);
    req_set_str(r, "action", o->base);
    req_set_str(r, "delete_action", req_printf(r, "%s/delete", o->base));
    req_set_bool(r, "is_chapter", str_eq(o->kind, "chapter"));
    req_set_bool(r, "is_organisation", str_eq(o->kind, "organisation"));
    req_set_bool(r, "is_member", str_eq(o->kind, "member"));
    req_set_str(r, "max_size", req_printf(r, "%d MB", PICTURE_MAX_BYTES >> 20));
    return req_page(r, "pictures/form");
}

static int upload(Req *r, const Owner *o)
{
    Err e = { 0 };
    size_t n = 0;
    const char *file = req_file(r, "picture", &n);
    PictureSet s = { .kind = o->kind, .owner_id = o->id, .by = r->me.id, .bytes = file, .len = n, .now = now_unix() };
    if (!file)
        err_set(&e, E_BAD_REQUEST, "Choose a picture to send: a file in the form field \"picture\" (multipart/form-data), "
                                   "or in JSON \"picture\" with the file's bytes in base64.");
    if (!file || picture_set(r->db, &e, &s) < 0) {
        /* people get the form again with the sentence at the file's field, under the same status (400, 413) */
        if (e.code < 500 && !r->api) {
            if (form(r, o) < 0) return -1;
            req_error(r, "picture", "%s", e.msg);
        }
        return req_fail_err(r, &e);
    }
    json_t *p = NULL;
    if (picture_of(r->db, &e, o->kind, o->id, &p) <= 0) return req_fail_err(r, &e);
    req_set(r, "picture", p);
    return req_created(r, o->back, o->set_msg);
}

static int removal(Req *r, const Owner *o)
{
    Err e = { 0 };
    int removed = picture_remove(r->db, &e, o->kind, o->id);
    if (removed < 0) return req_fail_err(r, &e);
    req_set_bool(r, "removed", removed);
    return req_redirect(r, o->back, removed ? o->removed_msg : o->none_msg);
}

int chapter_picture_form(Req *r)
{
    Owner o;
    chapter_owner(r, &o);
    return form(r, &o);
}

int chapter_picture_upload(Req *r)
{
    Owner o;
    chapter_owner(r, &o);
    return upload(r, &o);
}

int chapter_picture_delete(Req *r)
{
    Owner o;
    chapter_owner(r, &o);
    return removal(r, &o);
}

int organisation_logo_form(Req *r)
{
    Owner o;
    return organisation_owner(r, &o) < 0 ? -1 : form(r, &o);
}

int organisation_logo_upload(Req *r)
{
    Owner o;
    return organisation_owner(r, &o) < 0 ? -1 : upload(r, &o);
}

int organisation_logo_delete(Req *r)
{
    Owner o;
    return organisation_owner(r, &o) < 0 ? -1 : removal(r, &o);
}

int my_avatar_form(Req *r)
{
    Owner o;
    member_owner(r, &o, r->me.id);
    return form(r, &o);
}

int my_avatar_upload(Req *r)
{
    Owner o;
    member_owner(r, &o, r->me.id);
    return upload(r, &o);
}

int my_avatar_delete(Req *r)
{
    Owner o;
    member_owner(r, &o, r->me.id);
    return removal(r, &o);
}

/* An administrator removes a member's picture (one that should not be shown). */
int member_avatar_delete(Req *r)
{
    Owner o;
    member_owner(r, &o, req_id(r, "member"));
    return removal(r, &o);
}

/* ---------- on other features' pages ---------- */

static int64_t model_id(Req *r, const char *key)
{
    return json_integer_value(json_object_get(json_object_get(req_model(r), key), "id"));
}

/* "<key>_picture" in the model: the owner's picture, when it has one. */
static int set_picture(Req *r, const char *key, const char *kind, int64_t id, Err *e)
{
    json_t *p = NULL;
    if (id <= 0) return 0;
    if (picture_of(r->db, e, kind, id, &p) < 0) return -1;
    if (p) req_set(r, req_printf(r, "%s_picture", key), p);
    return 0;
}

static int extend(Req *r, const char *page, Err *e)
{
    json_t *m = req_model(r);
    if (str_eq(page, "chapter")) {
        req_set_bool(r, "_picture_editable", r->me.is_admin || str_eq(r->chapter_role, "connector"));
        return set_picture(r, "chapter", "chapter", r->chapter_id, e);
    }
    if (str_eq(page, "organisation")) return set_picture(r, "organisation", "organisation", model_id(r, "organisation"), e);
    if (str_eq(page, "member")) {   /* the page is for members logged in (F_LOGIN) */
        char initials[9];
        picture_initials(json_string_value(json_object_get(json_object_get(m, "member"), "name")), initials);
        req_set_str(r, "_initials", initials);
        return set_picture(r, "member", "member", model_id(r, "member"), e);
    }
    if (str_eq(page, "chapter_cards")) {   /* the directory, a place, the home page */
        json_t *list = json_object_get(m, "chapters");
        if (json_is_array(list) && pictures_attach(r->db, e, "chapter", list, "id") < 0) return -1;
        list = json_object_get(m, "recent");
        return json_is_array(list) ? pictures_attach(r->db, e, "chapter", list, "id") : 0;
    }
    if (str_eq(page, "members")) {   /* the directory of members (F_LOGIN) */
        json_t *list = json_object_get(m, "members");
        if (!json_is_array(list)) return 0;
        size_t i;
        json_t *item;
        json_array_foreach(list, i, item) {
            char initials[9];
            picture_initials(json_string_value(json_object_get(item, "name")), initials);
            json_object_set_new(item, "_initials", json_string(initials));
        }
        return pictures_attach(r->db, e, "member", list, "id");
    }
    return 0;
}

static const PathLoader loaders[] = {
    { "picture", N_("There is no picture called \"%s\"."), load_picture, NULL },
    { NULL },
};

const Feature pictures_feature = { .name = "pictures", .extend = extend, .loaders = loaders };
