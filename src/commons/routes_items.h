/* routes_items.h - what the handlers of items (routes.c, routes_items.c)
 * share: reading an item's form and filling its model. Private to the
 * commons' handlers. */
#ifndef GLOCAL_COMMONS_ROUTES_ITEMS_H
#define GLOCAL_COMMONS_ROUTES_ITEMS_H

#include "commons/commons.h"

/* The fields of the new, edit and adapt forms (or a JSON body): absent fields
 * stay NULL, so an API edit changes only what it names. */
ItemIn items_input(Req *r);
/* The choices of the new/edit/adapt forms, and their values (`initial`, or
 * what was typed when a submission was refused). 0, or -1 answered. */
int items_form_model(Req *r, json_t *initial);
/* After item_create: the item in the model (API: 201), the page: to it. */
int items_created(Req *r, int64_t id, const char *flash);

#endif
