/* multipart.h - multipart/form-data bodies (RFC 7578): the forms that send a
 * file. Each part becomes a field of the request like a urlencoded one, so
 * req_input reads it; a file part also gives "<name>.filename". Pure. */
#ifndef GLOCAL_MULTIPART_H
#define GLOCAL_MULTIPART_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "web/req.h"

#define MULTIPART_MAX_PARTS 64

/* Parses body (n bytes) sent with `content_type` into a list of fields (in
 * order, arena) at *out: 0, or -1 with E_BAD_REQUEST and a sentence (no
 * boundary, a malformed part, a value that is not UTF-8 text or holds NUL).
 * With `bytes`, a file part that is not text is taken as it is (is_bytes,
 * its size in len: pictures) instead of refused. */
int multipart_parse(Arena *a, const char *body, size_t n, const char *content_type, bool bytes, Field **out, Err *e);

#endif
