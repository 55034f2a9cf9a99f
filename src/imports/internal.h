/* internal.h - what the operations of imports share (members.c defines
 * them, chapters.c uses them too); private to src/imports/. */
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

#endif
