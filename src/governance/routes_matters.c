/* routes_matters.c - handlers of governance's matters area (being built: issue 12). */
#include "governance/governance.h"

int committee_path_load(Req *r, const char *key, Err *e)
{
    (void)r, (void)key, (void)e;
    return 0;
}

int matter_path_load(Req *r, const char *key, Err *e)
{
    (void)r, (void)key, (void)e;
    return 0;
}

int matters_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    (void)c, (void)now, (void)report, (void)e;
    return 0;
}

int matter_settle(DbConn *c, Err *e, int64_t matter_id, int64_t decision_id, int64_t by, int64_t at)
{
    (void)c, (void)e, (void)matter_id, (void)decision_id, (void)by, (void)at;
    return 0;
}
