/* routes_polls.c - handlers of governance's polls area (being built: issue 12). */
#include "governance/governance.h"

int poll_path_load(Req *r, const char *key, Err *e)
{
    (void)r, (void)key, (void)e;
    return 0;
}

int polls_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    (void)c, (void)now, (void)report, (void)e;
    return 0;
}

json_t *polls_of_body(DbConn *c, Err *e, int64_t chapter_id, int64_t committee_id, int64_t viewer, int64_t now)
{
    (void)c, (void)e, (void)chapter_id, (void)committee_id, (void)viewer, (void)now;
    return json_array();
}

json_t *decisions_list(DbConn *c, Err *e, const DecisionFilter *f)
{
    (void)c, (void)e, (void)f;
    return json_array();
}
