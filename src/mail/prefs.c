/* prefs.c - the operations on a member's mail preferences: what they see on
 * their notifications page, saving their choices and their time zone, and
 * the one-click unsubscribe from a signed link (see mail.h). */
#include "mail/internal.h"

#include <string.h>

#include "base/str.h"
#include "base/zone.h"

json_t *mail_prefs_view(DbConn *c, Err *e, int64_t user_id)
{
    json_t *reader = NULL, *rows = NULL, *out = NULL;
    int found = mail_reader_get(c, e, user_id, &reader);
    if (found <= 0) {
        if (found == 0) err_set(e, E_NOT_FOUND, "There is no such account.");
        return NULL;
    }
    if (!(rows = mail_prefs_rows(c, e, user_id))) goto done;
    json_t *prefs = json_object();
    for (int i = 0; i < MAIL_CATEGORY_COUNT; i++) json_object_set_new(prefs, mail_categories[i], json_string("now"));
    size_t k;
    json_t *row;
    json_array_foreach(rows, k, row) {
        const char *cat = json_string_value(json_object_get(row, "category"));
        if (mail_category_known(cat)) json_object_set(prefs, cat, json_object_get(row, "mode"));
    }
    out = json_pack("{s:o, s:O, s:O, s:O, s:i}", "preferences", prefs, "timezone", json_object_get(reader, "timezone"),
                    "zone", json_object_get(reader, "zone"), "metro_zone", json_object_get(reader, "metro_zone"),
                    "digest_hour", MAIL_DIGEST_HOUR);
done:
    json_decref(rows);
    json_decref(reader);
    return out;
}

static int save_tx(DbConn *c, void *ctx, Err *e)
{
    const MailPrefs *p = ctx;
    for (int i = 0; i < MAIL_CATEGORY_COUNT; i++)
        if (p->modes[i] && mail_pref_put(c, e, p->user_id, mail_categories[i], p->modes[i], p->now) < 0) return -1;
    if (p->timezone && mail_zone_put(c, e, p->user_id, *p->timezone ? p->timezone : NULL) < 0) return -1;
    return 0;
}

int mail_prefs_save(DbConn *c, Err *e, const MailPrefs *p, FieldErrs *problems)
{
    for (int i = 0; i < MAIL_CATEGORY_COUNT; i++)
        if (p->modes[i] && !mail_mode_known(p->modes[i]))
            field_err(problems, mail_categories[i], "Choose at once, in a daily digest, or off.");
    if (p->timezone && *p->timezone && !timezone_known(p->timezone))
        field_err(problems, "timezone",
                  "\"%s\" is not a time zone we know: write an IANA name such as Europe/Lisbon or America/Sao_Paulo, "
                  "or leave it empty.", p->timezone);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, save_tx, (void *)p, e);
}

typedef struct Unsubscribe {
    int64_t user_id, now;
    const char *category;
} Unsubscribe;

static int unsubscribe_tx(DbConn *c, void *ctx, Err *e)
{
    Unsubscribe *u = ctx;
    return mail_pref_put(c, e, u->user_id, u->category, "off", u->now);
}

int mail_unsubscribe_check(DbConn *c, Err *e, const unsigned char key[32], const char *token, int64_t *user_id,
                           char category[MAIL_CATEGORY_MAX])
{
    json_t *reader = NULL;
    int found = 0;
    if (mail_unsubscribe_verify(key, token, user_id, category) &&
        (found = mail_reader_get(c, e, *user_id, &reader)) < 0)
        return -1;
    json_decref(reader);
    if (!found)
        return err_set(e, E_NOT_FOUND,
                       "This unsubscribe link is not valid: it may have been cut when it was copied. Open it again "
                       "from the message, or log in and choose your mail on your notifications page.");
    return 0;
}

int mail_unsubscribe(DbConn *c, Err *e, const unsigned char key[32], const char *token, int64_t now,
                     char category[MAIL_CATEGORY_MAX])
{
    Unsubscribe u = { .now = now, .category = category };
    if (mail_unsubscribe_check(c, e, key, token, &u.user_id, category) < 0) return -1;
    return db_write(c, unsubscribe_tx, &u, e);
}
