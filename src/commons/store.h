/* store.h - the SQL of the commons (private to src/commons/). One section per
 * file. Functions return new JSON references (NULL on error) or an int (1/0
 * found, -1 error); writers are called inside db_write and return 0 or -1. */
#ifndef GLOCAL_COMMONS_STORE_H
#define GLOCAL_COMMONS_STORE_H

#include "commons/commons.h"

/* ---------- store.c: items, revisions, people, tags ---------- */

/* What a new item is stored with (the first revision is written apart). */
typedef struct ItemRow {
    const char *slug, *kind, *title, *summary, *body, *url, *licence, *tags, *origin;
    int64_t place_id, sector_id, chapter_id, meeting_id, event_id, session_id, round_id;
    int64_t based_on_id, root_id, depth, created_by, now;
} ItemRow;
int commons_item_insert(DbConn *c, Err *e, const ItemRow *row, int64_t *id);
int commons_slug_taken(DbConn *c, Err *e, const char *slug);
/* An item's id by its slug: 1, 0, -1. */
int commons_item_id(DbConn *c, Err *e, const char *slug, int64_t *id);
/* The whole row with the names of what it points to: place_name/slug,
 * sector_name/slug, chapter_name/slug, event_title/slug/visibility,
 * based_on_slug/title/status, withdrawn_by_name. */
int commons_item_row(DbConn *c, Err *e, int64_t id, json_t **out);
/* A new revision's text on the item (and its number). */
int commons_item_text_set(DbConn *c, Err *e, int64_t id, const ItemRow *row, int64_t revision);
/* A new status; the first publication's time is kept. */
int commons_item_status_set(DbConn *c, Err *e, int64_t id, const char *status, int64_t now);
int commons_item_withdrawn_set(DbConn *c, Err *e, int64_t id, const char *reason, int64_t by, int64_t now);

typedef struct RevisionRow {
    int64_t item_id, number;
    const char *title, *summary, *body, *url, *licence, *tags, *note;
    int64_t edited_by, now;
} RevisionRow;
int commons_revision_insert(DbConn *c, Err *e, const RevisionRow *r);
/* [{number, title, note, licence, tags, edited_by, editor, created_at}], newest first. */
json_t *commons_revision_rows(DbConn *c, Err *e, int64_t item_id);
int commons_revision_row(DbConn *c, Err *e, int64_t item_id, int64_t number, json_t **out);

/* The people named on an item: [{id, name, email, role, consent, consent_at,
 * position}] authors first in their order, then the quoted. */
json_t *commons_people_rows(DbConn *c, Err *e, int64_t item_id);
/* The authors only: [{id, name}] (what everyone may see). */
json_t *commons_author_rows(DbConn *c, Err *e, int64_t item_id);
int commons_person_insert(DbConn *c, Err *e, int64_t item_id, int64_t user_id, const char *role, int64_t now);
int commons_consent_set(DbConn *c, Err *e, int64_t item_id, int64_t user_id, const char *consent, int64_t now);
/* Asks again: with except 0, everyone named whose consent is not given (after
 * a decline); otherwise everyone named but `except`, whatever they answered
 * (after `except` changed the item's words). */
int commons_consent_reask(DbConn *c, Err *e, int64_t item_id, int64_t except);
/* How many named on the item have not given consent. */
int commons_pending_count(DbConn *c, Err *e, int64_t item_id, int64_t *n);
/* The item's tags in commons_tags become exactly these (space separated). */
int commons_tags_set(DbConn *c, Err *e, int64_t item_id, const char *tags);

/* What an item may be attached to, checked for its author. */
/* {id, name, email}: 1, 0, -1. */
int commons_user_row(DbConn *c, Err *e, int64_t id, json_t **out);
int commons_user_by_email(DbConn *c, Err *e, const char *email, json_t **out);
/* {id, metro_id, sector_id, role|null (the user's)}: 1, 0, -1. */
int commons_chapter_row(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out);
/* {id, chapter_id, place_id, sector_id, organiser_id, registered (the user's
 * registrations not cancelled)}: 1, 0, -1. */
int commons_event_row(DbConn *c, Err *e, int64_t event_id, int64_t user_id, json_t **out);
/* The chapter a meeting belongs to (0 when none). */
int commons_meeting_chapter(DbConn *c, Err *e, int64_t meeting_id, int64_t *chapter_id);
int commons_place_exists(DbConn *c, Err *e, int64_t id);
int commons_sector_exists(DbConn *c, Err *e, int64_t id);

/* ---------- store_lists.c: what lists and pages read ---------- */
/* Published items by the filter (commons.h), newest first: the columns of a
 * list (body too), with place and sector names. */
json_t *commons_item_rows(DbConn *c, Err *e, const ItemFilter *f);
/* [{id}] of the published items, the least recently changed first. */
json_t *commons_published_ids(DbConn *c, Err *e);
/* The line of adaptations under a root (its own included):
 * [{id, slug, title, status, based_on_id, depth, published_at}] by depth. */
json_t *commons_line_rows(DbConn *c, Err *e, int64_t root_id);
/* Tags of published items with how many use each: [{tag, items}], most first. */
json_t *commons_tag_count_rows(DbConn *c, Err *e, int64_t limit, int64_t offset);
/* A page of a user's items in any state and what they are asked to consent
 * to: [{id, slug, title, kind, status, role, consent, updated_at, list}],
 * limit rows from offset, by list (0 waiting for their consent, 1 drafts,
 * 2 published, 3 withdrawn), then the newest change first. */
json_t *commons_mine_rows(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset);
/* How many of the user's rows each list holds: [{list, n}] (lists as above). */
json_t *commons_mine_counts(DbConn *c, Err *e, int64_t user_id);
/* A member as an author page shows them: {id, name, organisation, bio}. */
int commons_author_row(DbConn *c, Err *e, int64_t user_id, json_t **out);
/* The chapters a member belongs to [{id, name}], and the events they
 * organised or have a ticket to, newest first [{id, title, starts_at}]. */
json_t *commons_my_chapter_rows(DbConn *c, Err *e, int64_t user_id);
json_t *commons_my_event_rows(DbConn *c, Err *e, int64_t user_id);

#endif
