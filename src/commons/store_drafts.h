/* store_drafts.h - the SQL of drafts made from meetings and of the shared
 * stories page (store_drafts.c; private to src/commons/). Readers return new
 * JSON references (NULL on error) or an int (1 found, 0 not, -1 error). */
#ifndef GLOCAL_COMMONS_STORE_DRAFTS_H
#define GLOCAL_COMMONS_STORE_DRAFTS_H

#include "commons/commons.h"

/* A round with what a draft needs of its meeting and chapter: {id, user_id,
 * kind, body, is_shared, meeting_id, chapter_id, place_id, sector_id, place,
 * sector, item_id, item_slug} (item_*: an item already made from it, or NULL). */
int draft_round_row(DbConn *c, Err *e, int64_t round_id, json_t **out);
/* The stories a round got, oldest first: [{id, user_id, body}]. */
json_t *draft_round_stories(DbConn *c, Err *e, int64_t round_id);
/* A page of shared rounds (kind "" for both), anonymised, with the published
 * item made from each: [{id, kind, body, met_at, metro, sector, item_slug, item_title}] (metro: the place's name). */
json_t *shared_round_rows(DbConn *c, Err *e, const char *kind, int64_t limit, int64_t offset);
/* The stories of the same page of rounds: [{round_id, body}]. */
json_t *shared_story_rows(DbConn *c, Err *e, const char *kind, int64_t limit, int64_t offset);
/* A member's own shared rounds, newest first, with the item made from each
 * (any status: they are named on it): [{id, kind, body, met_at, chapter_name,
 * chapter_slug, item_slug, item_title, item_status}]. */
json_t *own_shared_rows(DbConn *c, Err *e, int64_t user_id, int64_t limit);
/* A member's stories in the round an item was made from: [{body}]. */
json_t *quoted_story_rows(DbConn *c, Err *e, int64_t item_id, int64_t user_id);
/* The people named "quoted" on an item and how many gave consent: {quoted, consented}. */
int quoted_counts_row(DbConn *c, Err *e, int64_t item_id, json_t **out);
/* What a member is on an item: {role, consent, consent_at}: 1, 0 not named, -1. */
int named_person_row(DbConn *c, Err *e, int64_t item_id, int64_t user_id, json_t **out);

#endif
