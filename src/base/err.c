/* err.c - error records (see err.h). */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int err_vset(Err *e, int code, const char *field, const char *fmt, va_list ap)
{
    if (!e) return -1;
    e->code = code;
    e->retry_after = 0;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return -1;
}

int err_set(Err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, NULL, fmt, ap);
    va_end(ap);
    return -1;
}

int err_field(Err *e, int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, field, fmt, ap);
    va_end(ap);
    return -1;
}

int err_later(Err *e, int code, int seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, NULL, fmt, ap);
    va_end(ap);
    if (e) e->retry_after = seconds > 0 ? seconds : 1;
    return -1;
}

void err_clear(Err *e)
{
    memset(e, 0, sizeof *e);
}

const char *err_reason(int code)
{
    static const struct { int code; const char *phrase; } phrases[] = {
        { 400, "Bad Request" }, { 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
        { 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" }, { 408, "Request Timeout" },
        { 409, "Conflict" }, { 410, "Gone" }, { 411, "Length Required" }, { 412, "Precondition Failed" },
        { 413, "Content Too Large" }, { 414, "URI Too Long" }, { 415, "Unsupported Media Type" },
        { 416, "Range Not Satisfiable" }, { 417, "Expectation Failed" }, { 421, "Misdirected Request" },
        { 422, "Unprocessable Content" }, { 426, "Upgrade Required" }, { 428, "Precondition Required" },
        { 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" }, { 500, "Internal Server Error" },
        { 501, "Not Implemented" }, { 502, "Bad Gateway" }, { 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
    };
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++)
        if (phrases[i].code == code) return phrases[i].phrase;
    return code >= 500 ? "Internal Server Error" : "Bad Request";
}

const char *err_title(int code)
{
    switch (code) {
    case 400: return "Bad request";
    case 401: return "Please log in";
    case 403: return "Not allowed";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 410: return "No longer valid";
    case 413: return "Too large";
    case 415: return "Unsupported media type";
    case 422: return "Please check the form";
    case 429: return "Too many attempts";
    case 503: return "Temporarily unavailable";
    default: return code >= 500 ? "Something went wrong" : "Request refused";
    }
}

int field_err(FieldErrs *f, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(f->a, fmt, ap);
    va_end(ap);
    f->at = arena_realloc(f->a, f->at, (size_t)f->n * sizeof *f->at, (size_t)(f->n + 1) * sizeof *f->at);
    f->at[f->n++] = (FieldError){ arena_strdup(f->a, field), msg };
    return -1;
}

int fields_failed(Err *e, const FieldErrs *f)
{
    if (!f->n) return err_set(e, E_INVALID, "Some fields need another look.");
    return err_field(e, E_INVALID, f->at[0].field, "%s", f->n == 1 ? f->at[0].msg : "Some fields need another look.");
}

int fields_check(const FieldErrs *f, Err *e)
{
    return f->n ? fields_failed(e, f) : 0;
}
