/* imports.h - imports and exports (issue 20, point 9): people come in from a
 * spreadsheet or a Meetup group's member export, and member lists,
 * registrations and attendance go out as CSV.
 *
 * An import is two steps: the upload is read and checked at once (rules.c,
 * pure: the CSV reader of base/csv.h, the columns, each row) and waits in the
 * `imports` table (schema 030) for its preview; the confirmation writes it in
 * one transaction (members.c). A row is matched to people by its e-mail
 * address, case-insensitively, so running the same file again imports nobody
 * twice. Exports (export.c) read through store_export.c and write cells with
 * the ledger's csv_cell (quoted, formulas neutralised).
 *
 * rules.c: the columns and the rows (pure); members.c: the operations;
 * export.c: the CSV documents; store.c, store_export.c: all SQL; routes.c,
 * routes_export.c: the handlers. */
#ifndef GLOCAL_IMPORTS_H
#define GLOCAL_IMPORTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

#define IMPORT_MAX_ROWS      5000           /* rows of one file (the server's body limit caps its bytes) */
#define IMPORT_WAIT_SECONDS  3600           /* an upload waits an hour for its confirmation */
#define IMPORT_REPORT_SECONDS (24 * 3600)   /* a confirmed import's report is kept a day */
#define IMPORT_LINK_SECONDS  (14 * 24 * 3600)   /* the link to choose a password, in the welcome mail */
#define IMPORT_ORG_MAX       120
#define IMPORT_BIO_MAX       2000

/* --- rules.c (pure) --- */
/* Where each field is in a file's rows (-1: no such column), and the file's
 * format: "meetup" (a Meetup group's member export) or "plain". */
typedef struct ImportColumns {
    const char *format;
    int name, first_name, last_name, email, organisation, bio, city;
} ImportColumns;
/* Reads the heading row: 0 and *cols, or -1 with a sentence at the field "csv"
 * (no column for the name or the e-mail address: which, and what is expected). */
int import_columns(const char *const *cells, int n, ImportColumns *cols, Err *e);

/* What a members' file holds: `accepted` [{line, name, email, organisation,
 * bio, city}] (emails lower-cased), `refused` [{line, email, reason}], both
 * new references; `total` the rows read (blank lines aside). */
typedef struct ImportRead {
    const char *format;
    int64_t total;
    json_t *accepted, *refused;
} ImportRead;
/* Reads and checks a members' CSV file (text, len bytes): 0 and *out, or -1
 * with E_INVALID at the field "csv" (empty, malformed, no heading for the
 * name or the address, more than IMPORT_MAX_ROWS rows). Rows refused: no or
 * a malformed address, no name, a name, organisation or introduction too long
 * or with control characters, the same address as an earlier row. */
int import_members_read(Arena *a, const char *text, size_t len, ImportRead *out, Err *e);

/* --- rules_chapters.c (pure): a chapters' file (administrators) --- */
/* Reads and checks a chapters' CSV file: columns name and city (both
 * required), sector, description, capacity, connector (the address of an
 * existing account; empty: the importer). `metros` and `sectors` map names
 * (and sectors' slugs), lower-cased, to ids. accepted: [{line, name,
 * metro_id, city, sector_id, description, capacity, connector}]; refused as
 * for members (reason: no name or city, an unknown city or sector, a field
 * the chapter form refuses, the same name and city as an earlier line). */
int import_chapters_read(Arena *a, const char *text, size_t len, const json_t *metros, const json_t *sectors, ImportRead *out,
                         Err *e);

/* --- members.c and chapters.c: the operations (no Req: the web, the CLI, tests) --- */
typedef struct MembersUpload {
    int64_t chapter_id, by;
    const char *filename;                     /* as sent ("" when pasted or sent as JSON) */
    const char *csv;                          /* the file's text */
    int64_t now;
    Arena *a;
    int64_t id;                               /* out: the waiting import */
} MembersUpload;
/* Reads the file (import_members_read) and keeps what it would import, for
 * its uploader's preview: 0 and u->id, or -1 (E_INVALID at "csv"). */
int import_members_upload(DbConn *c, Err *e, MembersUpload *u);

/* An import as its uploader sees it: {id, kind, format, filename, total,
 * created_at, expires_at, done_at, imported, skipped, invited, refused: [...],
 * to_import, already: how many of the accepted rows are members now} (new
 * reference in *out); 1, 0 when there is none for this uploader and chapter
 * (or it expired), -1. */
int import_members_get(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, json_t **out);

typedef struct MembersConfirm {
    int64_t id, chapter_id, by;
    const char *chapter_name, *chapter_status;
    const char *inviter;                      /* the uploader's name, for the mail */
    bool send_invitations;                    /* mail each one added (a link to choose a password for new accounts) */
    const char *public_url;
    int64_t now;
    Arena *a;
    int64_t imported, skipped, invited;       /* out */
} MembersConfirm;
/* Imports a waiting upload in one transaction: each row whose address is not
 * a member yet becomes one (an account without a password is made for an
 * unknown address; an existing account keeps its name), recorded as joined.
 * A chapter's capacity and sector rule are for those who ask to join: an
 * import records members the chapter already has elsewhere. 404 when there is
 * no such waiting import for `by`, 409 when it was confirmed already or the
 * chapter is closed. */
int import_members_confirm(DbConn *c, Err *e, MembersConfirm *k);

typedef struct ChaptersUpload {
    int64_t by;
    const char *filename, *csv;
    int64_t now;
    Arena *a;
    int64_t id;                               /* out */
} ChaptersUpload;
/* Reads the file (import_chapters_read, with the network's metros and
 * sectors; a connector's address that no account has is refused there) and
 * keeps it for its uploader's preview: 0 and u->id, or -1 (E_INVALID at "csv"). */
int import_chapters_upload(DbConn *c, Err *e, ChaptersUpload *u);
/* A chapters' import as import_members_get shows one; `already` counts the
 * accepted rows naming a chapter that exists (the same name in the same city). */
int import_chapters_get(DbConn *c, Err *e, int64_t id, int64_t by, int64_t now, json_t **out);
typedef struct ChaptersConfirm {
    int64_t id, by;
    int64_t now;
    Arena *a;
    int64_t imported, skipped;                /* out */
} ChaptersConfirm;
/* Starts each chapter of a waiting upload that does not exist yet (forming,
 * its connector the row's account or the importer), in one transaction: 404
 * none waiting for `by`, 409 confirmed already. */
int import_chapters_confirm(DbConn *c, Err *e, ChaptersConfirm *k);

/* Forgets expired imports (Feature.tick): how many, or -1. */
int imports_tick(DbConn *c, int64_t now, Buf *report, Err *e);

/* --- export.c: CSV documents (RFC 4180, UTF-8, a heading row, CRLF) --- */
/* A chapter's members: name, email (only when with_email: administrators),
 * role, joined_on, organisation, city, sector. */
int export_chapter_members(DbConn *c, Err *e, int64_t chapter_id, bool with_email, Buf *b);
/* An event's registrations: name, email (guests' always, members' only when
 * with_email), tier, status, code, is_paid, checked_in_at, registered_at. */
int export_event_registrations(DbConn *c, Err *e, Arena *a, int64_t event_id, bool with_email, Buf *b);
/* A chapter's meetings and who came: one row per meeting and member of the
 * chapter or anyone with an answer or a record (meeting_on, starts_at,
 * status, name, rsvp, present). */
int export_chapter_attendance(DbConn *c, Err *e, Arena *a, int64_t chapter_id, Buf *b);

extern const Feature imports_feature;

/* --- handlers (see src/routes.h) --- */
int import_members_form(Req *r);
int import_members_submit(Req *r);
int import_members_show(Req *r);
int import_members_apply(Req *r);
int chapter_members_csv(Req *r);
int chapter_attendance_csv(Req *r);
int event_registrations_csv(Req *r);
int import_chapters_form(Req *r);
int import_chapters_submit(Req *r);
int import_chapters_show(Req *r);
int import_chapters_apply(Req *r);

#endif
