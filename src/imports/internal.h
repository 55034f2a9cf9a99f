/* internal.h - what the parts of imports share: the operations' steps
 * (members.c defines them, chapters.c uses them too) and the upload forms'
 * limits (routes.c, for routes_chapters.c too); private to src/imports/. */
#ifndef GLOCAL_IMPORTS_INTERNAL_H
#define GLOCAL_IMPORTS_INTERNAL_H

#include "imports/store.h"

/* Keeps an upload read into rd (its accepted and refused rows, its counts)
 * for its preview, in its own transaction: 0 and *id, or -1. row gives its
 * kind, chapter, uploader, file name and time. */
int import_keep(DbConn *c, Err *e, Arena *a, const ImportRow *row, const ImportRead *rd, int64_t *id);
/* How many accepted rows (parsed) are there already, for the preview. */
typedef int (*ImportCount)(DbConn *c, Err *e, int64_t chapter_id, json_t *accepted, int64_t *n);
/* An import as its uploader sees it (import_members_get), counted by `count`. */
int import_get(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, ImportCount count, json_t **out);

/* Inside a write: finds the import `id` waiting for `by` (404 when none or
 * expired), marks it done (409 when it was already) and parses its accepted
 * rows into *accepted (a new reference): 0, or -1. */
int import_take(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, json_t **accepted);

/* The upload form's limits as people read them ("5,000" rows, "1 MB") and its values, in the model. */
void import_form_model(Req *r);

#endif
