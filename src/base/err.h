/* err.h - errors that a person can act on.
 *
 * Functions that can fail return an int (0 ok, negative error) and fill an Err.
 * The code is an HTTP-like status (404, 409, 422, ...) because that is the most
 * widely understood classification; web/respond.c is the one place that turns it
 * into a response, and the command line turns it into an exit code. */
#ifndef GLOCAL_ERR_H
#define GLOCAL_ERR_H

#include "base/arena.h"

enum {
    E_BAD_REQUEST = 400, E_UNAUTHORIZED = 401, E_FORBIDDEN = 403, E_NOT_FOUND = 404,
    E_CONFLICT = 409, E_GONE = 410, E_TOO_LARGE = 413, E_INVALID = 422,
    E_TOO_MANY = 429, E_INTERNAL = 500, E_UNAVAILABLE = 503,
};

typedef struct Err {
    int code;            /* 0 when no error */
    char field[48];      /* the input field at fault, "" if none */
    char msg[400];       /* a sentence for the person who made the request */
    int retry_after;     /* seconds after which trying again may work (429, 503): Retry-After; 0 none */
} Err;

/* Records the error and returns -1, so that `return err_set(...)` reads well. */
int err_set(Err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int err_field(Err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void err_clear(Err *e);
/* err_set with the seconds after which trying again may work (a 429 or 503's Retry-After). */
int err_later(Err *e, int code, int seconds, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The HTTP reason phrase of a status (RFC 9110 §15: "Not Found", "Unprocessable
 * Content"): the title of a problem+json whose type is about:blank (RFC 9457 §4.2). */
const char *err_reason(int code);
/* The short title of a status code for people's pages ("Not found", "Please log in"). */
const char *err_title(int code);

/* The problems found with a form's fields, in the order found (arena): the one
 * way an operation that checks several fields reports them. It notes each
 * with field_err, then fails with fields_check; the handler shows them all at
 * their fields (req_form_refused). */
typedef struct FieldError {
    const char *field, *msg;
} FieldError;
typedef struct FieldErrs {
    Arena *a;
    FieldError *at;
    int n;
} FieldErrs;
/* Notes a problem with a field; returns -1. */
int field_err(FieldErrs *f, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* E_INVALID at the first field noted (its sentence when it is the only one). */
int fields_failed(Err *e, const FieldErrs *f);
/* 0 when no problem was noted, else fields_failed. */
int fields_check(const FieldErrs *f, Err *e);

#endif
