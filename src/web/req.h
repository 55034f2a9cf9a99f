/* req.h - a request as a handler sees it, and the calls a handler makes.
 *
 * A handler is `int handler(Req *r)`. It reads its input with req_param (path),
 * req_input (form field or JSON member, the same call for both faces) and
 * req_query; it fills r->model, a JSON object, and ends with one of:
 *
 *   return req_page(r, "chapters/show");         200: HTML view, or the model as JSON
 *   return req_created(r, "/chapters/x", msg);   201 (API) or 303 to the URL with a flash (pages)
 *   return req_redirect(r, "/x", msg);           200 with the model (API) or 303 (pages)
 *   return req_fail(r, 404, "No chapter %s", s); the error, as problem+json or a friendly page
 *   return req_invalid(r, "chapters/new");       422 with the field errors noted by req_error
 *
 * Everything allocated for the request comes from r->arena and lives until the
 * response has been sent. JSON values follow one ownership rule: the request
 * owns what a handler builds. A value goes into the model with req_set (which
 * takes it) or is handed to the request with req_own (released with it);
 * handlers never call json_decref. A read that fails is an error
 * (req_fail_err: logged, 500), never an empty list. Keys that start
 * with "_" (at any depth: select options, rendered Markdown) and the form state
 * at the top ("values": what a form shows in its fields, "next": where a form
 * leads) are for pages only and are left out of the JSON face. */
#ifndef GLOCAL_REQ_H
#define GLOCAL_REQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"

typedef struct App App;
typedef struct Route Route;

enum { M_GET = 1, M_POST = 2, M_HEAD = 4, M_PUT = 8, M_PATCH = 16, M_DELETE = 32, M_OPTIONS = 64 };

typedef struct Field {
    const char *name;
    const char *value;
    struct Field *next;
    size_t len;          /* a multipart part's bytes (value holds them, NUL-terminated) */
    bool is_bytes;       /* a file that is not text (F_UPLOAD routes only): req_input skips it */
} Field;

typedef struct Me {
    int64_t id;              /* 0 when anonymous */
    const char *name;
    const char *email;
    bool is_admin;
    int64_t metro_id, sector_id;
    int64_t pledge_version;  /* the newest pledge version this person accepted, 0 if none */
    const char *language;    /* their chosen language ("pt"), "" when none (base/i18n.h) */
} Me;

typedef struct Req {
    Arena *arena;
    App *app;
    DbConn *db;                 /* this request's connection (reads; writes via db_write) */
    const Route *route;
    int method;
    const char *path;           /* without the /api/v1 prefix */
    const char *full_path;      /* as requested */
    bool api;                   /* the JSON face */
    const char *ip;

    /* input */
    const char *pnames[6], *pvalues[6];
    int nparams;
    Field *query;
    Field *form;
    json_t *json;               /* a JSON body, when one was sent */
    const char *content_type;
    const char *authorization;  /* the Authorization header */
    const char *csrf_header;    /* X-CSRF-Token */
    const char *if_none_match;
    const char *if_modified_since;
    bool accept_gzip;           /* Accept-Encoding takes gzip (encoding.c) */
    const char *user_agent;
    const char *cookie_session, *cookie_anon, *cookie_flash;
    const char *cookie_device;  /* glocal_device: the known-device cookie of logins (accounts) */
    const char *cookie_lsn;     /* glocal_lsn: the caller's last write, with read replicas (replicas.c) */
    const char *cookie_lang;    /* glocal_lang: the language a visitor chose in the footer */
    const char *accept_language;   /* the Accept-Language header */
    int lang;                   /* the language of the answer (a Lang, base/i18n.h), set by app.c */
    bool lang_negotiated;       /* the answer depends on it: Content-Language and Vary: Accept-Language */
    const char *idempotency_key;   /* the Idempotency-Key header */
    Buf upload;                 /* the raw body while it arrives (kept raw for ActivityPub's types) */
    void *conn;                 /* the server's connection, for req_header_in */
    bool too_large;
    size_t body_limit;          /* the most this request's body may hold (app_body_limit) */
    bool handled;               /* the response is made (on the hashing pool): send it */

    /* who asks */
    Me me;
    int64_t session_id;
    const char *session_token; /* from the cookie */
    bool via_token;            /* authenticated by a personal API token */
    const char *csrf;          /* the token forms must carry: use guard_csrf(r), which makes it */
    bool csrf_due;             /* identified, r->csrf not made yet (guard_csrf) */
    const char *anon_cookie;   /* set when an anonymous CSRF binding was made */

    /* the chapter named by {chapter} in the path, loaded by the guard */
    json_t *chapter;
    int64_t chapter_id;
    const char *chapter_role;  /* "connector", "member" or NULL */

    /* the object named by {event} or {app} in the path, loaded by the guard
     * (404 when it does not exist or the caller may not see it) */
    json_t *object;
    int64_t object_id;
    bool object_manager;       /* the caller organises the event / owns the format */

    /* the place named by {place} in the path, loaded by the guard (or the place
     * a page such as the directory is filtered by, set by its handler) */
    json_t *place;
    int64_t place_id;

    json_t *owned;             /* what handlers gave the request (req_own), released with it */

    /* output */
    int status;
    json_t *model;
    const char *view;
    const char *location;
    const char *flash;
    json_t *errors;            /* [{field, message}] from req_error */
    Err err;
    Buf body;                  /* raw faces (feeds, assets) fill this */
    const char *content_type_out;
    const char *etag;
    const char *cache_control;
    const unsigned char *static_body;   /* embedded data sent without copying */
    size_t static_len;
    const unsigned char *static_gz;     /* its gzip, made at build time (NULL: none) */
    size_t static_gz_len;
    Field *headers_out;
    Field *cookies_out;
    bool raw;                  /* body/static_body is the response */
    int64_t started_usec;
} Req;

/* Input. All return NULL when absent; values are valid UTF-8 without NUL bytes. */
const char *req_param(Req *r, const char *name);
/* A numeric path parameter ({id}, {meeting}, ...): the guard has checked it
 * is a positive integer; 0 when absent. */
int64_t req_id(Req *r, const char *name);
const char *req_query(Req *r, const char *name);
/* A request header by name (any case), NULL when absent; for what the fields
 * above do not hold (federation's signatures, Accept). Arena copy. */
const char *req_header_in(Req *r, const char *name);
/* A form field or JSON member (strings; numbers as their decimal text); trimmed
 * and in Unicode Normalization Form C (base/unicode.h). */
const char *req_input(Req *r, const char *name);
/* The same without trimming (passwords). */
const char *req_input_raw(Req *r, const char *name);
/* The file sent in the multipart form field `name` (text or bytes), or in
 * the JSON member `name` as base64, its size at *len; NULL when there is no
 * such part or member (or it is not base64). */
const char *req_file(Req *r, const char *name, size_t *len);
/* A checkbox or JSON boolean: "on", "1", "true", "yes", true. */
bool req_input_bool(Req *r, const char *name);
/* An integer field: 1 present and valid, 0 absent or empty, -1 present but not a number
 * (a field error is recorded). */
int req_input_int(Req *r, const char *name, int64_t *out);
/* Every value of a repeated form field or JSON array member. */
int req_input_all(Req *r, const char *name, const char **out, int max);

/* Output. */
json_t *req_model(Req *r);     /* the model object, made on first use */
/* Hands v (a new reference, or NULL) to the request, which releases it after
 * the response; returns v, valid until then. */
json_t *req_own(Req *r, json_t *v);
void req_set(Req *r, const char *key, json_t *value);       /* steals value */
void req_set_str(Req *r, const char *key, const char *value);
void req_set_int(Req *r, const char *key, int64_t value);
void req_set_bool(Req *r, const char *key, bool value);
int req_page(Req *r, const char *view);
int req_created(Req *r, const char *location, const char *flash);
int req_redirect(Req *r, const char *location, const char *flash);
int req_fail(Req *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Passes on an error a lower layer filled in (r->err). */
int req_fail_err(Req *r, const Err *e);
/* Notes a problem with one field; returns -1. */
int req_error(Req *r, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool req_has_errors(const Req *r);
/* Puts each member of a page's view (a new reference from a Req-free view
 * function, or NULL: a failed read, answered with e) into the model. */
int req_view(Req *r, json_t *view, const Err *e);
/* The values a form shows in its fields, unless a refused submission already
 * put what was typed there: a copy of `initial` (NULL: empty). */
void req_form_values(Req *r, const json_t *initial);
/* A FieldErrs for an operation to note its form's problems in (the request's arena). */
FieldErrs *req_field_errs(Req *r);
/* After an operation failed: notes its form problems (f, may be NULL), or the
 * field of an E_INVALID / E_CONFLICT refusal, as field errors; true when there
 * are any (the handler then answers the form: req_invalid), false when the
 * failure is not about a field (answer it with req_fail_err). */
bool req_form_refused(Req *r, const FieldErrs *f, const Err *e);
/* Answers 422: the API lists the field errors; pages re-render `view` with them
 * (the model gets "errors", "error_for" {field: message} and "values" {field: input}). */
int req_invalid(Req *r, const char *view);
/* A form refused for now (e: 429 or 503 with retry_after): the API answers that
 * status with Retry-After, pages show `view` again with e's sentence at `field`. */
int req_later(Req *r, const Err *e, const char *field, const char *view);
void req_header(Req *r, const char *name, const char *value);
void req_cookie(Req *r, const char *name, const char *value, int64_t max_age);
/* A raw response (iCalendar, CSV, ...): the handler writes r->body. */
int req_raw(Req *r, const char *content_type);
/* Conditional GET (RFC 9110, section 13; conditional.c) for a raw answer
 * (feeds): gives the answer its ETag (`etag`, a quoted entity tag) and its
 * Last-Modified (`last_modified` > 0, Unix seconds), and makes it a 304 Not
 * Modified when the client's copy is current: If-None-Match names the tag
 * (weak comparison) or is "*", or, when the request has no If-None-Match,
 * If-Modified-Since is not before last_modified. The tag's gzip form
 * ("x-gz", encoding.h) matches too when the request takes gzip, and the 304
 * then names that form. True
 * when it did (the handler then sends no body). */
bool req_not_modified(Req *r, const char *etag, int64_t last_modified);
/* After the face (app.c): a GET answer of 200 that is the JSON face or raw
 * (exports), with no ETag of its own and no cookie set, gets a strong ETag
 * from a digest of its body (before any compression), and becomes a 304
 * without a body when If-None-Match names it. Pages are left alone. */
void req_body_validate(Req *r);
/* t as an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT", IMF-fixdate; arena). */
const char *http_date(Arena *a, int64_t t);
/* An HTTP-date in any of the three forms a server must read (IMF-fixdate,
 * RFC 850, asctime): true and *out, or false. */
bool http_date_parse(const char *s, int64_t *out);

/* The local path in the "next" input or query field, or fallback when it is
 * absent or points elsewhere (only "/..." paths on this site are followed). */
const char *req_next(Req *r, const char *fallback);

char *req_printf(Req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
