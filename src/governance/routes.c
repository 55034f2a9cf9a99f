/* routes.c - the governance feature as the web layer sees it: the loaders of
 * its path parameters and its periodic work. The handlers are in
 * routes_matters.c, routes_polls.c and routes_elections.c. */
#include "base/i18n.h"
#include "governance/governance.h"

static int governance_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    int (*const parts[])(DbConn *, int64_t, Buf *, Err *) = { polls_tick, elections_tick };
    int rc = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        Err pe = { 0 };
        if (parts[i](c, now, report, &pe) < 0) {
            if (rc == 0) *e = pe;
            rc = -1;
        }
    }
    return rc;
}

static const PathLoader loaders[] = {
    { "committee", N_("There is no committee called \"%s\"."), committee_path_load, N_("Only the chair of this committee can do this.") },
    { "matter", N_("There is no matter numbered \"%s\"."), matter_path_load, N_("Only the chapter's connectors can do this.") },
    { "poll", N_("There is no poll numbered \"%s\"."), poll_path_load, N_("Only whoever opened this poll (or the body's chair or connectors) can do this.") },
    { "election", N_("There is no election numbered \"%s\"."), election_path_load, N_("Only an administrator can run this election.") },
    { NULL },
};

const Feature governance_feature = {
    .name = "governance", .tick = governance_tick, .extend = governance_extend, .loaders = loaders,
};
