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

