/* decisions.c - decision records: what every closed proposal, poll, election
 * and decided matter leaves behind, never changed (the table refuses updates
 * and deletions), listed per committee, chapter, place and network-wide. */
#include "governance/store.h"
#include "webhooks/webhooks.h"

int decision_record(DbConn *c, Err *e, const DecisionIn *in, int64_t *id)
{
    if (!in->title || !*in->title || !in->statement || !*in->statement)
        return err_set(e, E_INVALID, "A decision needs a title and a statement.");
    if (!in->committee_id == !in->chapter_id)
        return err_set(e, E_INTERNAL, "A decision is made by one body: a chapter or a committee.");
    if (decision_insert(c, e, in, id) < 0) return -1;
    /* the webhooks hear of it as someone not logged in reads it: a chapter's decision is its members' */
    json_t *d = NULL;
    int found = decision_for_reader(c, e, *id, 0, false, &d);
    int rc = found < 0 ? -1 : found ? webhook_emit(c, e, "decision.recorded", in->chapter_id, d) : 0;
    json_decref(d);
    return rc;
}

int decision_get(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return decision_row(c, e, id, out);
}
