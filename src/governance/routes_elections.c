/* routes_elections.c - handlers of governance's elections area (being built: issue 12). */
#include "governance/governance.h"

int election_path_load(Req *r, const char *key, Err *e)
{
    (void)r, (void)key, (void)e;
    return 0;
}

int elections_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    (void)c, (void)now, (void)report, (void)e;
    return 0;
}

json_t *elections_of_committee(DbConn *c, Err *e, int64_t committee_id)
{
    (void)c, (void)e, (void)committee_id;
    return json_array();
}
