/* admin.c - operations on the network as a whole: its settings, its pledge
 * (written by an administrator, accepted by each member) and who administers
 * it (never nobody). No Req: the web, the command line, the demo and tests call them. */
#include <stdio.h>

#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/str.h"
#include "network/network.h"
#include "settings/settings.h"

static int settings_save_tx(DbConn *c, void *ctx, Err *e)
{
    SettingsChange *s = ctx;
    char n[24];
    snprintf(n, sizeof n, "%lld", (long long)s->activate_after_meetings);
    if (s->activate_after_meetings != SETTING_UNSET && setting_put(c, e, "activate_after_meetings", n) < 0) return -1;
    snprintf(n, sizeof n, "%lld", (long long)s->dormant_after_days);
    if (s->dormant_after_days != SETTING_UNSET && setting_put(c, e, "dormant_after_days", n) < 0) return -1;
    if (s->network_name && setting_put(c, e, "network_name", s->network_name) < 0) return -1;
    if (s->about && setting_put(c, e, "about", s->about) < 0) return -1;
    if (s->open_signup && setting_put(c, e, "open_signup", s->open_signup) < 0) return -1;
    if (s->guest_verification && setting_put(c, e, "guest_verification", s->guest_verification) < 0) return -1;
    if (s->language && setting_put(c, e, "language", s->language) < 0) return -1;
    return 0;
}

int settings_save(DbConn *c, Err *e, SettingsChange *s, FieldErrs *problems)
{
    int64_t n = s->activate_after_meetings;
    if (n != SETTING_UNSET && (n < 1 || n > 50)) field_err(problems, "activate_after_meetings", "Between 1 and 50 meetings.");
    n = s->dormant_after_days;
    if (n != SETTING_UNSET && (n < 7 || n > 3650)) field_err(problems, "dormant_after_days", "Between 7 and 3650 days.");
    Err x = { 0 };
    if (s->network_name && account_name_check(s->network_name, "network_name", &x) < 0)
        field_err(problems, "network_name", "%s", x.msg);
    if (s->about && str_utf8_len(s->about) > 5000) field_err(problems, "about", "Please keep this under 5000 characters.");
    if (s->language && (!*s->language || !language_choice_valid(s->language)))
        field_err(problems, "language", "Please choose English, Português or Français.");
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, settings_save_tx, s, e);
}

static int pledge_write_tx(DbConn *c, void *ctx, Err *e)
{
    PledgeText *p = ctx;
    if (pledge_publish(c, e, p->title, p->body, p->by, &p->version) < 0) return -1;
    /* the author accepts what they wrote */
    return pledge_accept(c, e, p->by, p->version);
}

int pledge_write(DbConn *c, Err *e, PledgeText *p, FieldErrs *problems)
{
    if (str_empty(p->title)) field_err(problems, "title", "Please give the pledge a title.");
    else if (str_utf8_len(p->title) > 120) field_err(problems, "title", "Please keep the title under 120 characters.");
    else if (!str_single_line(p->title)) field_err(problems, "title", "Please keep the title on one line (without line breaks).");
    if (str_empty(p->body)) field_err(problems, "body", "Please write the pledge.");
    else if (str_utf8_len(p->body) > 10000) field_err(problems, "body", "Please keep the pledge under 10000 characters.");
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, pledge_write_tx, p, e);
}

typedef struct PledgeAgree {
    int64_t user, version;
} PledgeAgree;

static int pledge_agree_tx(DbConn *c, void *ctx, Err *e)
{
    PledgeAgree *a = ctx;
    return pledge_accept(c, e, a->user, a->version);
}

int pledge_agree(DbConn *c, Err *e, int64_t user, int64_t version, bool accept)
{
    int64_t current = pledge_current(c, e);
    if (current < 0) return -1;
    if (current == 0) return err_set(e, E_NOT_FOUND, "This network has not written its pledge yet.");
    if (version < 0)
        return err_field(e, E_INVALID, "version", "Say which version of the pledge you accept (the current one is %lld).",
                         (long long)current);
    if (version != current)
        return err_set(e, E_CONFLICT, "The pledge has changed since you opened it; please read the current version (%lld) and accept again.",
                       (long long)current);
    if (!accept) return err_field(e, E_INVALID, "accept", "Tick the box to accept the pledge.");
    PledgeAgree a = { user, current };
    return db_write(c, pledge_agree_tx, &a, e);
}

typedef struct AdminFlag {
    int64_t id;
    bool admin;
} AdminFlag;

static int admin_grant_tx(DbConn *c, void *ctx, Err *e)
{
    AdminFlag *a = ctx;
    int64_t admins = 0;
    if (!a->admin) {
        if (admin_count_except(c, e, a->id, &admins) < 0) return -1;
        if (admins == 0) return err_set(e, E_CONFLICT, "The network needs at least one administrator; make someone else one first.");
    }
    int changed = user_set_admin(c, e, a->id, a->admin);
    if (changed < 0) return -1;
    return changed ? 0 : err_set(e, E_NOT_FOUND, "There is no such account.");
}

int admin_grant(DbConn *c, Err *e, int64_t user, bool admin)
{
    if (user <= 0) return err_set(e, E_NOT_FOUND, "There is no such account.");
    AdminFlag a = { user, admin };
    return db_write(c, admin_grant_tx, &a, e);
}
