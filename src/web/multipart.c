/* multipart.c - multipart/form-data (RFC 7578) into fields: see multipart.h.
 * The body is split at "--boundary" lines; each part's headers give its name
 * (and a file's name) in Content-Disposition; its content runs to the CRLF
 * before the next delimiter. */
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "web/multipart.h"

/* The value of parameter `key` (key="..." or key=token) in a header line that
 * ends at `end`, or NULL (arena). */
static char *header_param(Arena *a, const char *s, const char *end, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = s; p + k < end; p++) {
        if (strncasecmp(p, key, k) != 0 || p[k] != '=' || (p > s && p[-1] != ' ' && p[-1] != ';' && p[-1] != '\t')) continue;
        const char *v = p + k + 1, *stop;
        if (v < end && *v == '"') {
            v++;
            stop = memchr(v, '"', (size_t)(end - v));
            if (!stop) return NULL;
        } else {
            for (stop = v; stop < end && *stop != ';' && *stop != ' ' && *stop != '\r'; stop++) {}
        }
        return arena_strndup(a, v, (size_t)(stop - v));
    }
    return NULL;
}

static int bad(Err *e, const char *why)
{
    return err_set(e, E_BAD_REQUEST, "The form data is malformed: %s.", why);
}

static Field **add(Arena *a, Field **tail, const char *name, const char *value, size_t len, bool is_bytes)
{
    Field *f = arena_alloc(a, sizeof *f);
    f->name = name;
    f->value = value;
    f->len = len;
    f->is_bytes = is_bytes;
    f->next = NULL;
    *tail = f;
    return &f->next;
}

/* One part (headers and content, from p to end): its fields appended at *tail. */
static int part(Arena *a, const char *p, const char *end, bool bytes, Field ***tail, Err *e)
{
    const char *split = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
    if (!split) return bad(e, "a part has no blank line after its headers");
    char *name = NULL, *filename = NULL;
    for (const char *line = p; line < split;) {
        const char *eol = memmem(line, (size_t)(split + 2 - line), "\r\n", 2);
        if (!eol) eol = split;
        if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
            name = header_param(a, line + 20, eol, "name");
            filename = header_param(a, line + 20, eol, "filename");
        }
        line = eol + 2;
    }
    if (!name || !*name) return bad(e, "a part has no name");
    const char *v = split + 4;
    size_t len = (size_t)(end - v);
    bool text = str_utf8_valid(v, len) && !memchr(v, 0, len);
    if (!text && !(bytes && filename))
        return err_set(e, E_BAD_REQUEST, "%s%s%s is not UTF-8 text. Save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\") and send it again.",
                       filename ? "The file \"" : "The field \"", filename ? filename : name, "\"");
    char *copy = arena_alloc(a, len + 1);
    memcpy(copy, v, len);
    copy[len] = '\0';
    *tail = add(a, *tail, name, copy, len, !text);
    if (filename && str_utf8_valid(filename, strlen(filename)))
        *tail = add(a, *tail, arena_printf(a, "%s.filename", name), filename, strlen(filename), false);
    return 0;
}

int multipart_parse(Arena *a, const char *body, size_t n, const char *content_type, bool bytes, Field **out, Err *e)
{
    const char *ct = content_type ? content_type : "";
    char *boundary = header_param(a, ct, ct + strlen(ct), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > 70) return bad(e, "the content type names no boundary");
    const char *delim = arena_printf(a, "\r\n--%s", boundary);
    size_t dl = strlen(delim);
    /* the first delimiter may open the body, without the CRLF before it */
    const char *p = n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0 ? body + dl - 2 : memmem(body, n, delim, dl);
    if (!p) return bad(e, "the boundary is not in the body");
    if (p != body + dl - 2) p += dl;
    const char *end = body + n;
    Field **tail = out;
    *out = NULL;
    for (int parts = 0;; parts++) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return 0;   /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return bad(e, "a delimiter is not followed by a line break");
        if (parts == MULTIPART_MAX_PARTS) return bad(e, "it has too many parts");
        p += 2;
        const char *next = memmem(p, (size_t)(end - p), delim, dl);
        if (!next) return bad(e, "the last part is not closed");
        if (part(a, p, next, bytes, &tail, e) < 0) return -1;
        p = next + dl;
    }
}
