/* store_orgs.c - the SQL of an organisation's profile and of its managers
 * (organisation_managers, schema 034; see store.h). */
#include "ledger/store.h"

int org_manager_is(DbConn *c, Err *e, int64_t org_id, int64_t user_id)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM organisation_managers WHERE organisation_id = $1 AND user_id = $2", DI(org_id),
                 DI(user_id)) < 0)
        return -1;
    return n > 0;
}

json_t *org_manager_rows(DbConn *c, Err *e, int64_t org_id)
{
    return db_rows(c, e,
                   "SELECT m.user_id, u.name, m.added_by, b.name AS added_by_name, m.created_at"
                   "  FROM organisation_managers m JOIN users u ON u.id = m.user_id LEFT JOIN users b ON b.id = m.added_by"
                   " WHERE m.organisation_id = $1 ORDER BY u.name, m.user_id",
                   DI(org_id));
}

json_t *org_managed_rows(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT o.id, o.name, o.slug, o.kind FROM organisation_managers m JOIN organisations o ON o.id = m.organisation_id"
                   " WHERE m.user_id = $1 ORDER BY o.name, o.id",
                   DI(user_id));
}

int org_manager_count(DbConn *c, Err *e, int64_t org_id, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM organisation_managers WHERE organisation_id = $1", DI(org_id)) < 0 ? -1 : 0;
}

int org_manager_insert(DbConn *c, Err *e, int64_t org_id, int64_t user_id, int64_t by, int64_t now)
{
    return db_exec(c, e, "INSERT INTO organisation_managers (organisation_id, user_id, added_by, created_at) VALUES ($1, $2, $3, $4)",
                   DI(org_id), DI(user_id), DID(by), DI(now)) < 0 ? -1 : 0;
}

int org_manager_delete(DbConn *c, Err *e, int64_t org_id, int64_t user_id)
{
    return db_exec(c, e, "DELETE FROM organisation_managers WHERE organisation_id = $1 AND user_id = $2", DI(org_id), DI(user_id));
}

int org_user_name(DbConn *c, Err *e, int64_t user_id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, email FROM users WHERE id = $1", DI(user_id));
}

int organisation_by_id(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, slug FROM organisations WHERE id = $1", DI(id));
}

int organisation_update_row(DbConn *c, Err *e, const OrgProfile *o)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM organisations WHERE lower(name) = lower($1) AND id <> $2", DT(o->name), DI(o->id)) < 0)
        return -1;
    if (n) return err_field(e, E_CONFLICT, "name", "There is already an organisation called %s.", o->name);
    return db_exec(c, e, "UPDATE organisations SET name = $2, kind = $3, website = $4 WHERE id = $1", DI(o->id), DT(o->name),
                   DT(o->kind), DT(o->website)) < 0 ? -1 : 0;
}
