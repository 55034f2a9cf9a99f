/* count.c - counting ballots (pure): single transferable vote and approval
 * (being built: issue 12). */
#include "governance/governance.h"

json_t *stv_count(const CountInput *in, Err *e)
{
    (void)in;
    err_set(e, E_INTERNAL, "not counted yet");
    return NULL;
}

json_t *approval_count(const CountInput *in, Err *e)
{
    (void)in;
    err_set(e, E_INTERNAL, "not counted yet");
    return NULL;
}
