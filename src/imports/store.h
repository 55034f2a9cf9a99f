/* store.h - the SQL of imports and exports (store.c, store_export.c), private to src/imports/. */
#ifndef GLOCAL_IMPORTS_STORE_H
#define GLOCAL_IMPORTS_STORE_H

#include "imports/imports.h"

/* An upload as it is kept for its preview. */
typedef struct ImportRow {
    const char *kind, *format, *filename;
    int64_t chapter_id, by, total;
    const char *accepted, *refused;           /* JSON text */
    int64_t created_at, expires_at;
} ImportRow;
int import_insert(DbConn *c, Err *e, const ImportRow *p, int64_t *id);
/* The import `id` of `by` in `chapter_id` (0: the network's, a chapters' import), not expired at `now`: 1 and *out
 * (every column; accepted and refused as JSON text), 0 none, -1. */
int import_find(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, json_t **out);
/* Marks a waiting import done: 1, or 0 when it was done already. */
int import_claim(DbConn *c, Err *e, int64_t id, int64_t now);
/* Keeps a confirmed import's counts for its report until `expires_at`; its rows are forgotten. */
int import_settle(DbConn *c, Err *e, int64_t id, int64_t imported, int64_t skipped, int64_t invited, int64_t expires_at);
/* Deletes imports that expired before `now`: how many, or -1. */
int imports_purge(DbConn *c, Err *e, int64_t now);

/* The lower-cased addresses of a chapter's members: [{email}] (new reference). */
json_t *chapter_member_emails(DbConn *c, Err *e, int64_t chapter_id);
/* The account with this address (lower-cased, as accounts keep theirs) and whether it is in the
 * chapter: 1 with *user and *member, 0 no account, -1. */
int person_find(DbConn *c, Err *e, const char *email, int64_t chapter_id, int64_t *user, bool *member);
/* The metro called `name` (ASCII letters in any case): its id, or 0. */
int import_metro_named(DbConn *c, Err *e, const char *name, int64_t *id);
/* An account without a password (nobody can log in to it until a link sets one). */
int person_insert(DbConn *c, Err *e, const json_t *row, int64_t metro_id, int64_t now, int64_t *id);
/* A membership recorded as an import (a "joined" event by `by`). */
int member_insert(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, int64_t by, int64_t now);

/* The network's metros [{id, name}] and sectors [{id, name, slug}], oldest first; every
 * chapter's [{name, metro_id}] (new references). */
json_t *metro_names(DbConn *c, Err *e);
json_t *sector_names(DbConn *c, Err *e);
json_t *chapter_names(DbConn *c, Err *e);
/* The account with this (lower-cased) address: its id, or 0. */
int account_with_email(DbConn *c, Err *e, const char *email, int64_t *id);

/* --- store_export.c --- */
json_t *members_for_export(DbConn *c, Err *e, int64_t chapter_id);
json_t *registrations_for_export(DbConn *c, Err *e, int64_t event_id);
json_t *attendance_for_export(DbConn *c, Err *e, int64_t chapter_id);

#endif
