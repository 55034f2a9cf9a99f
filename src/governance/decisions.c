/* decisions.c - decision records: what every closed proposal, poll, election
 * and decided matter leaves behind, never changed (the table refuses updates
 * and deletions), listed per committee, chapter, place and network-wide. */
#include "governance/store.h"

int decision_record(DbConn *c, Err *e, const DecisionIn *in, int64_t *id)
{
    if (!in->title || !*in->title || !in->statement || !*in->statement)
        return err_set(e, E_INVALID, "A decision needs a title and a statement.");
    if (!in->committee_id == !in->chapter_id)
        return err_set(e, E_INTERNAL, "A decision is made by one body: a chapter or a committee.");
    return decision_insert(c, e, in, id);
}

int decision_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return decision_row(c, e, id, out);
}
