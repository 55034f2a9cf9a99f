/* organisations.c - an organisation's profile and its managers: the members
 * who may edit its profile and logo and add or remove other managers (the
 * network's administrators may too). See ledger.h. */
#include "base/i18n.h"
#include "base/str.h"
#include "ledger/store.h"
#include "mail/mail.h"

int organisation_load(DbConn *c, Err *e, const char *slug, int64_t user_id, bool is_admin, json_t **out, int64_t *id,
                      bool *manager)
{
    int found = organisation_by_slug(c, e, slug, out);
    if (found <= 0) return found;
    *id = json_integer_value(json_object_get(*out, "id"));
    *manager = is_admin;
    if (!is_admin && user_id) {
        int is = org_manager_is(c, e, *id, user_id);
        if (is < 0) {
            json_decref(*out);
            *out = NULL;
            return -1;
        }
        *manager = is > 0;
    }
    return 1;
}

json_t *organisation_managers(DbConn *c, Err *e, int64_t org_id)
{
    return org_manager_rows(c, e, org_id);
}

json_t *organisations_managed_by(DbConn *c, Err *e, int64_t user_id)
{
    return org_managed_rows(c, e, user_id);
}

static int profile_tx(DbConn *c, void *ctx, Err *e)
{
    return organisation_update_row(c, e, ctx);
}

int ledger_organisation_update(DbConn *c, Err *e, OrgProfile *o, FieldErrs *f)
{
    org_profile_check(o, f);
    if (f->n) return fields_failed(e, f);
    return db_write(c, profile_tx, o, e);
}

typedef struct ManagerTx {
    OrgManagerChange *m;
    Arena *a;
} ManagerTx;

/* The member's name into m->name (and their address into *email, when asked):
 * 0, or -1 (E_INVALID at "member" when there is no such member). */
static int member_named(DbConn *c, Err *e, Arena *a, OrgManagerChange *m, const char **email)
{
    json_t *u = NULL;
    int found = m->user_id > 0 ? org_user_name(c, e, m->user_id, &u) : 0;
    if (found < 0) return -1;
    if (!found) return err_field(e, E_INVALID, "member", "There is no member numbered %lld: choose the manager by name.",
                                 (long long)m->user_id);
    m->name = arena_strdup(a, json_string_value(json_object_get(u, "name")));
    if (email) *email = arena_strdup(a, json_string_value(json_object_get(u, "email")));
    json_decref(u);
    return 0;
}

/* "You now manage …": to the new manager, unless they added themselves. */
static int added_mail(DbConn *c, Err *e, const OrgManagerChange *m, const char *email)
{
    if (m->by == m->user_id) return 0;
    json_t *org = NULL, *by = NULL;
    int rc = organisation_by_id(c, e, m->org_id, &org) > 0 && (!m->by || org_user_name(c, e, m->by, &by) >= 0) ? 0 : -1;
    if (rc == 0) {
        json_t *data = json_pack("{s:s, s:O, s:O}", "name", m->name, "organisation", json_object_get(org, "name"), "slug",
                                 json_object_get(org, "slug"));
        const char *adder = by ? json_string_value(json_object_get(by, "name")) : NULL;
        if (adder) json_object_set_new(data, "by", json_string(adder));
        else json_object_set_new(data, "_words", json_pack("{s:s}", "by", N_("An administrator")));   /* the command line */
        rc = mail_queue(c, e, email, "organisation_manager_added", data);
        json_decref(data);
    } else if (!e->code) {
        err_set(e, E_NOT_FOUND, "There is no such organisation.");
    }
    json_decref(org);
    json_decref(by);
    return rc;
}

static int add_tx(DbConn *c, void *ctx, Err *e)
{
    ManagerTx *t = ctx;
    OrgManagerChange *m = t->m;
    const char *email = NULL;
    if (member_named(c, e, t->a, m, &email) < 0) return -1;
    int is = org_manager_is(c, e, m->org_id, m->user_id);
    if (is < 0) return -1;
    if (is) return err_field(e, E_CONFLICT, "member", "%s already manages this organisation.", m->name);
    int64_t n = 0;
    if (org_manager_count(c, e, m->org_id, &n) < 0) return -1;
    const char *refused = org_manager_add_refused(n);
    if (refused) return err_field(e, E_CONFLICT, "member", "%s", tr(refused));
    if (org_manager_insert(c, e, m->org_id, m->user_id, m->by, m->now) < 0) return -1;
    return added_mail(c, e, m, email);
}

int ledger_org_manager_add(DbConn *c, Err *e, Arena *a, OrgManagerChange *m)
{
    if (m->user_id <= 0) return err_field(e, E_INVALID, "member", "Choose the member who will manage the organisation.");
    ManagerTx t = { m, a };
    return db_write(c, add_tx, &t, e);
}

static int remove_tx(DbConn *c, void *ctx, Err *e)
{
    ManagerTx *t = ctx;
    OrgManagerChange *m = t->m;
    int is = org_manager_is(c, e, m->org_id, m->user_id);
    if (is <= 0) return is < 0 ? -1 : err_set(e, E_NOT_FOUND, "That member does not manage this organisation.");
    if (member_named(c, e, t->a, m, NULL) < 0) return -1;
    int64_t n = 0;
    if (org_manager_count(c, e, m->org_id, &n) < 0) return -1;
    const char *refused = org_manager_removal_refused(m->by_admin, n);
    if (refused) return err_set(e, E_CONFLICT, "%s", tr(refused));
    return org_manager_delete(c, e, m->org_id, m->user_id) < 0 ? -1 : 0;
}

int ledger_org_manager_remove(DbConn *c, Err *e, Arena *a, OrgManagerChange *m)
{
    ManagerTx t = { m, a };
    return db_write(c, remove_tx, &t, e);
}
