/* store_spread.h - the SQL of spread (store_spread.c): recording uses, and
 * reading what the reach figures are made from. Private to the commons. */
#ifndef GLOCAL_COMMONS_STORE_SPREAD_H
#define GLOCAL_COMMONS_STORE_SPREAD_H

#include "commons/commons.h"

/* Whose families the figures are of: one item, the published items that
 * came out of the events an organisation sponsored, or an author's. */
typedef enum SpreadScope { SPREAD_ITEM, SPREAD_SPONSOR, SPREAD_AUTHOR } SpreadScope;
/* The families of the published items of the scope (`key`: the item, the
 * organisation, the author), their uses and the places they name with their
 * ancestors, into d (arena). 0, or -1. */
int spread_load(DbConn *c, Err *e, Arena *a, SpreadScope scope, int64_t key, SpreadData *d);

/* The item a use is recorded for: {id, slug, status, created_at}. 1, 0 none, -1. */
int spread_item_row(DbConn *c, Err *e, int64_t item_id, json_t **out);
/* A chapter's id by slug, or an event's: 1, 0 none, -1. */
int spread_chapter_id(DbConn *c, Err *e, const char *slug, int64_t *id);
int spread_event_id(DbConn *c, Err *e, const char *slug, int64_t *id);
/* Who uses it, as the recorder may act for them: {id, name, status,
 * place_id, timezone, may_record} (a chapter: its member; an event: its
 * organiser or a connector of its host chapter). 1, 0 none, -1. */
int spread_chapter_user(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out);
int spread_event_user(DbConn *c, Err *e, int64_t event_id, int64_t user_id, json_t **out);
/* 1 when that chapter (or event) already recorded a use of the item that day, 0, -1. */
int spread_use_exists(DbConn *c, Err *e, int64_t item_id, int64_t chapter_id, int64_t event_id, int64_t used_on);
int spread_use_insert(DbConn *c, Err *e, const UseIn *in, int64_t place_id, int64_t used_on, int64_t *id);

/* The published item with this slug: 1, 0 none, -1; *id. */
int spread_published_id(DbConn *c, Err *e, const char *slug, int64_t *id);
/* Keeps a use told by a peer node (item_id resolved): 1 kept, 0 the same
 * use_url was kept before, -1. */
int spread_remote_use_insert(DbConn *c, Err *e, const RemoteUseIn *in, int64_t item_id, int64_t used_on);

/* The uses of an item and its published adaptations, newest first (at most
 * `limit`): [{id, used_on, outcome, note, item{slug, title}|null (an
 * adaptation's), chapter{slug, name}|null, event{slug, title}|null (public
 * events only), place{slug, name}}]. New reference or NULL. */
json_t *spread_uses_list(DbConn *c, Err *e, int64_t item_id, int64_t limit);
/* Where the caller may record a use: [{value "chapter:slug"|"event:slug", label}]. */
json_t *spread_use_choices(DbConn *c, Err *e, int64_t user_id, int64_t since);

/* The published items of a scope, newest first: [{id, slug, title, kind,
 * licence, published_at, event{slug, title}|null}]. */
json_t *spread_items(DbConn *c, Err *e, SpreadScope scope, int64_t key);
/* The events an organisation sponsored, newest first, each once: [{slug,
 * title (public events; else null), starts_at, place{slug, name}|null,
 * items (published items that came out of it)}]. No amounts. */
json_t *spread_sponsored_events(DbConn *c, Err *e, int64_t org_id);
/* An author of at least one published item: {id, name}. 1, 0 none, -1. */
int spread_author(DbConn *c, Err *e, int64_t user_id, json_t **out);

#endif
