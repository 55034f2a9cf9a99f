/* internal.h - what the network's two handler files share (private to
 * src/network/): the shaping of chapters for pages and the directory's links. */
#ifndef GLOCAL_NETWORK_INTERNAL_H
#define GLOCAL_NETWORK_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "network/network.h"
#include "web/req.h"

/* Adds what pages need to a chapter row: its label, seats, and (html) the HTML description. */
void chapter_decorate(Req *r, json_t *ch, bool html);
void decorate_all(Req *r, json_t *list);
/* The directory's address with these filters ("" or NULL: none). */
const char *dir_url(Req *r, const char *place, const char *sector, const char *status, const char *q);
/* The ChapterRef of the chapter the guard loaded. */
ChapterRef chapter_ref(Req *r);

#endif
