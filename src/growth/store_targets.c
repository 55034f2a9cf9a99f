/* store_targets.c - the SQL of targets (growth_targets, schema 015). */
#include "growth/store.h"

int growth_store_target_insert(DbConn *c, Err *e, const TargetIn *in, const TargetValues *v, int64_t *id)
{
    bool rate = v->per_month > 0;
    return db_int64(c, e, id,
                    "INSERT INTO growth_targets (scope_kind, scope_id, figure, target, by_day, per_month, note, set_by, created_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    DT(in->scope_kind), DI(in->scope_id), DT(in->figure), rate ? DN : DI(v->target),
                    rate ? DN : DI(v->by_day), rate ? DI(v->per_month) : DN, DT(in->note ? in->note : ""), DI(in->by),
                    DI(in->now)) < 0 ? -1 : 0;
}

int growth_store_target_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT t.id, t.scope_kind, t.scope_id, t.figure, COALESCE(p.slug, s.slug) AS slug FROM growth_targets t"
                  " LEFT JOIN places p ON t.scope_kind = 'place' AND p.id = t.scope_id"
                  " LEFT JOIN sectors s ON t.scope_kind = 'sector' AND s.id = t.scope_id WHERE t.id = $1", DI(id));
}

int growth_store_target_delete(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e, "DELETE FROM growth_targets WHERE id = $1", DI(id)) < 0 ? -1 : 0;
}

json_t *growth_store_targets(DbConn *c, Err *e, const char *kind, int64_t id)
{
    return db_rows(c, e,
                   "SELECT t.id, t.figure, t.target, t.by_day, t.per_month, t.note, t.created_at, u.name AS set_by_name"
                   "  FROM growth_targets t JOIN users u ON u.id = t.set_by"
                   " WHERE t.scope_kind = $1 AND t.scope_id = $2 ORDER BY t.created_at, t.id",
                   DT(kind), DI(id));
}

int growth_store_place_slug(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT slug FROM places WHERE id = $1", DI(id));
}
