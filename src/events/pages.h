/* pages.h - what the handler files of events (routes.c, routes_registration.c,
 * routes_money.c) share to fill their models (private to src/events/; other
 * features use events.h). */
#ifndef GLOCAL_EVENTS_PAGES_H
#define GLOCAL_EVENTS_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "web/req.h"

/* A field of the event the guard loaded into r->object. */
const char *ev_str(Req *r, const char *key);
int64_t ev_int(Req *r, const char *key);
const char *event_url(Req *r);     /* /events/slug */
const char *desk_url(Req *r);      /* /events/slug/registrations */
/* Sets rows[i][text] to the money text of rows[i][amount] in rows[i][currency] (with rows[i].decimals). */
void rows_money_text(Req *r, json_t *rows, const char *amount, const char *currency, const char *text);
/* The choices of an event's visibility for a select (a new reference). */
json_t *visibility_options(const char *chosen);
/* Adds the local times, links and state flags pages need to an event row. */
void event_decorate(Req *r, json_t *ev);
void event_decorate_all(Req *r, json_t *list);
/* The lists of a format, kept as JSON text. */
#define APP_LISTS 4
extern const char *const app_lists[APP_LISTS];
/* Parses a format's lists for both faces, with the texts pages need. */
void app_decorate(Req *r, json_t *app);
void tiers_decorate(Req *r, json_t *tiers);
/* Which tiers the registration form offers this person (_offered: a tier
 * kept to members only to a member of a chapter) and which it chooses
 * (_chosen: the one they sent back, else the first they may take). */
void tiers_offer(Req *r, json_t *tiers, bool member);
/* A registration's state flags and price; with event_slug, the check-in QR code of a ticket. */
void registration_decorate(Req *r, json_t *g, const char *event_slug);
/* The desk of an event (event_registrations) shown again with the field errors
 * noted, answering `code`. */
int desk_again(Req *r, int code);
/* routes.c: a list field of a format: a JSON array in an API body, or the line
 * form of a page's textarea, as JSON text (arena). NULL when absent; a field
 * error when malformed. */
const char *list_input(Req *r, const char *field);
/* money: the desk's model (packages, sponsors, the basket, and for pages the organisations). */
int desk_money_model(Req *r);

#endif
