/* internal.h - what the files of src/mail/ share and nobody else sees: the
 * rendering of a message and the SQL of preferences and digests
 * (store_prefs.c). */
#ifndef GLOCAL_MAIL_INTERNAL_H
#define GLOCAL_MAIL_INTERNAL_H

#include "base/arena.h"
#include "mail/mail.h"

/* A message rendered for one reader (strings in the caller's arena). */
typedef struct Rendered {
    const char *subject, *body, *html_body;
} Rendered;

/* Renders templates/mail/<name>.txt (and its HTML: <name>.html, else the text
 * made HTML, inside templates/mail/_layout.html) with data (borrowed); with
 * `footer`, the text gets templates/mail/_footer.txt. 0, or -1 with e. */
int mail_render(Arena *a, Err *e, const char *name, json_t *data, bool footer, Rendered *out);
/* The node secret (settings "node_secret"): true when there is one. */
bool mail_node_secret(DbConn *c, Arena *a, unsigned char key[32]);

/* --- store_prefs.c --- */
/* The account with this address: 1 and *out {id, name, zone, mode} (mode: the
 * reader's choice for `category`, "now" when they made none; zone: theirs,
 * else their metro's, else UTC), 0 when no account has it, -1. */
int mail_reader_find(DbConn *c, Err *e, const char *email, const char *category, json_t **out);
/* The same by account id: 1, 0 or -1; *out {id, email, name, zone, timezone, metro_zone}. */
int mail_reader_get(DbConn *c, Err *e, int64_t user_id, json_t **out);
/* The reader's choices as rows {category, mode} (new reference), NULL on error. */
json_t *mail_prefs_rows(DbConn *c, Err *e, int64_t user_id);
int mail_pref_put(DbConn *c, Err *e, int64_t user_id, const char *category, const char *mode, int64_t now);
/* The reader's own zone (NULL: their metro's). */
int mail_zone_put(DbConn *c, Err *e, int64_t user_id, const char *zone);
/* Keeps a rendered message for the reader's digest. */
int mail_digest_keep(DbConn *c, Err *e, int64_t user_id, const char *category, const char *kind,
                     const Rendered *m, int64_t now);
/* Readers with messages waiting for a digest, rows {id, email, zone} (new reference). */
json_t *mail_digest_readers(DbConn *c, Err *e);
/* The reader's waiting messages written before `before`, oldest first (new reference). */
json_t *mail_digest_waiting(DbConn *c, Err *e, int64_t user_id, int64_t before);
/* Claims the reader's digest of `day`: 1 claimed, 0 already written, -1. */
int mail_digest_claim(DbConn *c, Err *e, int64_t user_id, const char *day, int items, int64_t now);
/* Marks the waiting messages written before `before` as carried by the digest of `day`. */
int mail_digest_mark(DbConn *c, Err *e, int64_t user_id, const char *day, int64_t before);

#endif
