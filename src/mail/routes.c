/* routes.c - the handlers of mail: a member's notifications page (what mail
 * they get, and the time zone it is written in) and the one-click
 * unsubscribe link every optional message carries. Each write parses its
 * input and calls one operation of prefs.c. */
#include <string.h>

#include "base/str.h"
#include "mail/mail.h"
#include "web/app.h"

/* The page's choices, one entry a category with its radio buttons' state:
 * what was just typed when the form is shown again, else what is saved. */
static void choices(Req *r, json_t *view)
{
    json_t *list = json_array();
    json_t *saved = json_object_get(view, "preferences");
    for (int i = 0; i < MAIL_CATEGORY_COUNT; i++) {
        const char *cat = mail_categories[i];
        const char *mode = req_input(r, cat);
        if (!mail_mode_known(mode)) mode = json_string_value(json_object_get(saved, cat));
        json_array_append_new(list, json_pack("{s:s, s:b, s:b, s:b, s:b}", "category", cat,
                                              req_printf(r, "is_%s", cat), 1, "is_now", str_eq(mode, "now"),
                                              "is_digest", str_eq(mode, "digest"), "is_off", str_eq(mode, "off")));
    }
    req_set(r, "_categories", list);
}

static int notifications_model(Req *r)
{
    Err e = { 0 };
    json_t *view = mail_prefs_view(r->db, &e, r->me.id);
    if (!view) return req_fail_err(r, &e);
    choices(r, view);
    const char *tz = json_string_value(json_object_get(view, "timezone"));
    req_form_values(r, req_own(r, json_pack("{s:s}", "timezone", tz ? tz : "")));
    return req_view(r, view, &e);
}

int notifications_show(Req *r)
{
    if (notifications_model(r) < 0) return -1;
    return req_page(r, "mail/notifications");
}

int notifications_update(Req *r)
{
    Err e = { 0 };
    MailPrefs p = { .user_id = r->me.id, .now = now_unix(), .timezone = req_input(r, "timezone") };
    if (p.timezone) p.timezone = str_trim(r->arena, p.timezone);
    for (int i = 0; i < MAIL_CATEGORY_COUNT; i++) p.modes[i] = req_input(r, mail_categories[i]);
    FieldErrs *problems = req_field_errs(r);
    if (mail_prefs_save(r->db, &e, &p, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (notifications_model(r) < 0) return -1;
        return req_invalid(r, "mail/notifications");
    }
    if (notifications_model(r) < 0) return -1;
    return req_redirect(r, "/me/notifications", "Your mail preferences are saved.");
}

/* The category of a valid token in the model (pages: which mail this stops). */
static void category_model(Req *r, const char *category)
{
    req_set_str(r, "category", category);
    req_set_bool(r, req_printf(r, "is_%s", category), true);
    req_set_str(r, "token", req_param(r, "token"));
}

int unsubscribe_show(Req *r)
{
    Err e = { 0 };
    int64_t user_id = 0;
    char category[MAIL_CATEGORY_MAX];
    if (mail_unsubscribe_check(r->db, &e, r->app->secret, req_param(r, "token"), &user_id, category) < 0)
        return req_fail_err(r, &e);
    category_model(r, category);
    return req_page(r, "mail/unsubscribe");
}

int unsubscribe_submit(Req *r)
{
    Err e = { 0 };
    char category[MAIL_CATEGORY_MAX];
    if (mail_unsubscribe(r->db, &e, r->app->secret, req_param(r, "token"), now_unix(), category) < 0)
        return req_fail_err(r, &e);
    category_model(r, category);
    req_set_bool(r, "is_done", true);
    return req_page(r, "mail/unsubscribe");
}
