/* pickers.h - governance's forms choosing a member (a delegate, a seat's
 * holder, a nominee) through the names picker (src/names/): for the handler
 * files routes_polls.c, routes_committees.c and routes_elections.c. */
#ifndef GLOCAL_GOVERNANCE_PICKERS_H
#define GLOCAL_GOVERNANCE_PICKERS_H

#include <stdint.h>

#include "web/req.h"

/* Puts `_picker_<field>` in the model: a select of the model's list `people`
 * ([{id, name}]) when they are few (with hint_few), else a search of members
 * by name (of `chapter`, a slug, when given); 0, or -1 answered. Label and
 * hints are msgids. */
int gov_member_picker(Req *r, const char *field, const char *label, const char *hint, const char *hint_few, const char *people,
                      const char *chapter);
/* The member `field` names: the API's number, the picker's member:42, or a name
 * typed without script. 1 with *id, 0 when empty, -1 with a field error noted. */
int gov_member_input(Req *r, const char *field, const char *chapter, int64_t *id);

#endif
