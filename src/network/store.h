/* store.h - the registry's storage functions used by its handlers (private to
 * src/network/). network.h has the few that other features use. */
#ifndef GLOCAL_NETWORK_STORE_H
#define GLOCAL_NETWORK_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "network/network.h"

typedef struct DirectoryQuery {
    int64_t place_id, sector_id;   /* 0: any */
    bool is_metro;                 /* the place is a metro (no places below it) */
    const char *status;            /* "": any */
    const char *like;              /* "%text%" lower-cased, or "" */
    int64_t limit, offset;
} DirectoryQuery;

/* A chapter as anyone may read it (the public API's "chapter"): 1, 0 none, -1. */
int chapter_public_row(DbConn *c, Err *e, int64_t id, json_t **chapter);
json_t *chapter_connectors(DbConn *c, Err *e, int64_t chapter_id);
json_t *chapter_member_list(DbConn *c, Err *e, int64_t chapter_id);
int chapter_pending_counts(DbConn *c, Err *e, int64_t chapter_id, int64_t now, json_t **out);
int my_join_request(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out);
json_t *chapter_directory(DbConn *c, Err *e, const DirectoryQuery *q, int64_t *total);
json_t *chapter_status_counts(DbConn *c, Err *e, const DirectoryQuery *q);
json_t *chapter_sector_counts(DbConn *c, Err *e, const DirectoryQuery *q);
/* The facet of places: for each child of q->place_id (each country when 0) with
 * chapters under it that match the other filters, {name, slug, kind, chapters},
 * in name order. */
json_t *chapter_place_counts(DbConn *c, Err *e, const DirectoryQuery *q);
int chapter_slug_taken(DbConn *c, Err *e, const char *slug);
/* What the search shows of chapters and places (indexing.c): up to `limit`
 * rows with ids above `after`, in id order. */
json_t *chapter_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit);
json_t *place_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit);
int chapter_save(DbConn *c, Err *e, int64_t id, const ChapterFields *f);

int membership_role(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, char *role, size_t n);
int connector_count(DbConn *c, Err *e, int64_t chapter_id, int64_t *n);
/* The number of members of the chapter (connectors included), in *n. */
int chapter_member_count(DbConn *c, Err *e, int64_t chapter_id, int64_t *n);
/* [{email}] of the chapter's connectors. */
json_t *chapter_connector_emails(DbConn *c, Err *e, int64_t chapter_id);

/* A page of a chapter's invitations, newest first: limit rows from offset. */
json_t *invitation_list(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset);
int invitation_exists(DbConn *c, Err *e, int64_t chapter_id, int64_t id, int64_t *n);
int invitation_revoke_one(DbConn *c, Err *e, int64_t chapter_id, int64_t id);
/* The pending invitation to `email` (id, created_at, expires_at): 1, 0 none, -1. */
int invitation_live(DbConn *c, Err *e, int64_t chapter_id, const char *email, int64_t now, json_t **out);
/* Sends invitation `id` again: a new link (hash), the note, sent now, 14 more
 * days; the same checks as a new one (not a member, the day's limit). */
int invitation_renew(DbConn *c, Err *e, int64_t chapter_id, int64_t id, const char *email, const char *hash, const char *message);
int invitation_by_token(DbConn *c, Err *e, const char *token, json_t **inv);

/* A page of a chapter's requests to join, the pending first, then newest first. */
json_t *join_request_list(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset);
int join_request_get(DbConn *c, Err *e, int64_t chapter_id, int64_t id, json_t **out);
int join_request_withdraw_mine(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id);

json_t *place_all(DbConn *c, Err *e);
int place_by_id(DbConn *c, Err *e, int64_t id, json_t **out);
/* The places above place `id`, from the top: [{name, slug, kind}]. */
json_t *place_path(DbConn *c, Err *e, int64_t id);
json_t *place_density(DbConn *c, Err *e, int64_t place_id);
json_t *place_chapters(DbConn *c, Err *e, int64_t place_id, int64_t limit);
/* The cities (metros) of place_id's subtree (every city for 0), by name, at most
 * `limit`: [{name, slug, lat_e6, lon_e6 (null: not on the map), chapters (open ones)}]. */
json_t *place_map_rows(DbConn *c, Err *e, int64_t place_id, int64_t limit);
json_t *sector_all(DbConn *c, Err *e);

typedef struct MemberQuery {
    TextQuery text;                /* text.like "": any */
    int64_t place_id, sector_id;   /* 0: any */
    int64_t limit, offset;
} MemberQuery;
/* Counts of members stop here: a search that finds more says "1,000+". */
#define MEMBER_COUNT_CAP 1000
/* A page of the members matching q, by name; *total is how many match, counted
 * up to MEMBER_COUNT_CAP + 1 (which means more than the cap). */
json_t *member_search(DbConn *c, Err *e, const MemberQuery *q, int64_t *total);
int member_profile(DbConn *c, Err *e, int64_t id, json_t **out);

int network_totals(DbConn *c, Err *e, json_t **out);
json_t *recent_chapters(DbConn *c, Err *e, int64_t limit);
json_t *top_metros(DbConn *c, Err *e, int64_t limit);

#endif
