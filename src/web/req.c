/* req.c - what handlers call to read input and describe their answer (see req.h). */
#include "web/req.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/unicode.h"
#include "base/str.h"

const char *req_param(Req *r, const char *name)
{
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->pnames[i], name) == 0) return r->pvalues[i];
    return NULL;
}

static const char *field_get(const Field *f, const char *name)
{
    for (; f; f = f->next)
        if (!f->is_bytes && strcmp(f->name, name) == 0) return f->value;
    return NULL;
}

const char *req_file(Req *r, const char *name, size_t *len)
{
    *len = 0;
    if (r->json) {   /* a program's JSON: the bytes in base64 */
        const char *b64 = json_string_value(json_object_get(r->json, name));
        if (!b64) return NULL;
        size_t n = strlen(b64), out = 0;
        char *bytes = arena_alloc(r->arena, n / 4 * 3 + 3);
        if (sodium_base642bin((unsigned char *)bytes, n / 4 * 3 + 3, b64, n, " \r\n", &out, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
            return NULL;
        bytes[out] = '\0';
        *len = out;
        return bytes;
    }
    for (const Field *f = r->form; f; f = f->next)
        if (strcmp(f->name, name) == 0) {
            *len = f->len ? f->len : strlen(f->value);
            return f->value;
        }
    return NULL;
}

const char *req_query(Req *r, const char *name)
{
    return field_get(r->query, name);
}

/* A JSON member as text: strings as they are, numbers in decimal, true as "true". */
static const char *json_text(Req *r, json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v)) return arena_printf(r->arena, "%.17g", json_real_value(v));
    if (json_is_true(v)) return "true";
    if (json_is_false(v)) return "false";
    return NULL;
}

const char *req_input_raw(Req *r, const char *name)
{
    if (r->json) {
        json_t *v = json_object_get(r->json, name);
        return v ? json_text(r, v) : NULL;
    }
    const char *v = field_get(r->form, name);
    if (!v && r->method == M_GET) v = field_get(r->query, name);
    return v;
}

const char *req_input(Req *r, const char *name)
{
    const char *v = req_input_raw(r, name);
    /* in NFC, so a name typed with combining accents is the name typed without (valid UTF-8 already) */
    return v ? text_nfc(r->arena, str_trim(r->arena, v)) : NULL;
}

bool req_input_bool(Req *r, const char *name)
{
    const char *v = req_input(r, name);
    return v && (strcmp(v, "on") == 0 || strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
                 strcmp(v, "yes") == 0);
}

int req_input_int(Req *r, const char *name, int64_t *out)
{
    const char *v = req_input(r, name);
    if (!v || !*v) return 0;
    if (!str_to_i64(v, out)) {
        req_error(r, name, "Please enter a whole number.");
        return -1;
    }
    return 1;
}

int req_input_all(Req *r, const char *name, const char **out, int max)
{
    int n = 0;
    if (r->json) {
        json_t *v = json_object_get(r->json, name);
        if (json_is_array(v)) {
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item) {
                const char *t = json_text(r, item);
                if (t && n < max) out[n++] = t;
            }
        } else if (v) {
            const char *t = json_text(r, v);
            if (t && n < max) out[n++] = t;
        }
        return n;
    }
    for (Field *f = r->form; f && n < max; f = f->next)
        if (strcmp(f->name, name) == 0) out[n++] = f->value;
    return n;
}

int64_t req_id(Req *r, const char *name)
{
    int64_t id = 0;
    const char *v = req_param(r, name);
    return v && str_to_i64(v, &id) && id > 0 ? id : 0;
}

json_t *req_own(Req *r, json_t *v)
{
    if (!v) return NULL;
    if (!r->owned) r->owned = json_array();
    json_array_append_new(r->owned, v);
    return v;
}

json_t *req_model(Req *r)
{
    if (!r->model) r->model = json_object();
    return r->model;
}

void req_set(Req *r, const char *key, json_t *value)
{
    json_object_set_new(req_model(r), key, value ? value : json_null());
}

void req_set_str(Req *r, const char *key, const char *value)
{
    req_set(r, key, value ? json_string(value) : json_null());
}

void req_set_int(Req *r, const char *key, int64_t value)
{
    req_set(r, key, json_integer(value));
}

void req_set_bool(Req *r, const char *key, bool value)
{
    req_set(r, key, json_boolean(value));
}

int req_page(Req *r, const char *view)
{
    r->view = view;
    if (!r->status) r->status = 200;
    return 0;
}

int req_created(Req *r, const char *location, const char *flash)
{
    r->status = 201;
    r->location = location;
    r->flash = flash ? tr(flash) : NULL;   /* a message written as it is in the code is in the catalog */
    return 0;
}

int req_redirect(Req *r, const char *location, const char *flash)
{
    r->status = 200;
    r->location = location;
    r->flash = flash ? tr(flash) : NULL;
    return 0;
}

int req_fail(Req *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->err.code = code;
    r->err.field[0] = 0;
    r->err.retry_after = 0;
    vsnprintf(r->err.msg, sizeof r->err.msg, tr(fmt), ap);
    va_end(ap);
    return -1;
}

int req_fail_err(Req *r, const Err *e)
{
    if (e != &r->err) r->err = *e;
    if (!r->err.code) r->err.code = E_INTERNAL;
    if (r->err.field[0] && (r->err.code == E_INVALID || r->err.code == E_CONFLICT || r->err.code == E_FORBIDDEN))
        req_error(r, r->err.field, "%s", r->err.msg);
    return -1;
}

int req_error(Req *r, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, tr(fmt), ap);
    va_end(ap);
    if (!r->errors) r->errors = json_array();
    /* one message per field: the first is the most useful */
    size_t i;
    json_t *it;
    json_array_foreach(r->errors, i, it)
        if (str_eq(json_string_value(json_object_get(it, "field")), field)) return -1;
    json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", field, "message", msg));
    return -1;
}

bool req_has_errors(const Req *r)
{
    return r->errors && json_array_size(r->errors) > 0;
}

int req_invalid(Req *r, const char *view)
{
    r->err.code = E_INVALID;
    if (r->errors && json_array_size(r->errors) == 1) {
        json_t *only = json_array_get(r->errors, 0);
        snprintf(r->err.msg, sizeof r->err.msg, "%s",
                 json_string_value(json_object_get(only, "message")));
    } else {
        snprintf(r->err.msg, sizeof r->err.msg, "Some fields need another look.");
    }
    r->view = view;
    return -1;
}

int req_later(Req *r, const Err *e, const char *field, const char *view)
{
    req_error(r, field, "%s", e->msg);
    req_invalid(r, view);
    r->err.code = e->code;
    r->err.retry_after = e->retry_after;
    return -1;
}

static Field *field_new(Req *r, const char *name, const char *value, Field *next)
{
    Field *f = arena_alloc(r->arena, sizeof *f);
    f->name = arena_strdup(r->arena, name);
    f->value = arena_strdup(r->arena, value);
    f->next = next;
    return f;
}

void req_header(Req *r, const char *name, const char *value)
{
    r->headers_out = field_new(r, name, value, r->headers_out);
}

void req_cookie(Req *r, const char *name, const char *value, int64_t max_age)
{
    r->cookies_out = field_new(r, name, arena_printf(r->arena, "%s\x1f%lld", value, (long long)max_age),
                               r->cookies_out);
}

int req_raw(Req *r, const char *content_type)
{
    r->raw = true;
    r->content_type_out = content_type;
    if (!r->status) r->status = 200;
    return 0;
}

char *req_printf(Req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(r->arena, fmt, ap);
    va_end(ap);
    return s;
}

const char *req_next(Req *r, const char *fallback)
{
    const char *n = req_input(r, "next");
    if (!n || !*n) n = req_query(r, "next");
    if (!n || n[0] != '/' || n[1] == '/' || n[1] == '\\' || strlen(n) > 500) return fallback;
    for (const char *p = n; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\') return fallback;
    return n;
}

FieldErrs *req_field_errs(Req *r)
{
    FieldErrs *f = arena_alloc(r->arena, sizeof *f);
    *f = (FieldErrs){ r->arena, NULL, 0 };
    return f;
}

bool req_form_refused(Req *r, const FieldErrs *f, const Err *e)
{
    for (int i = 0; f && i < f->n; i++) req_error(r, f->at[i].field, "%s", f->at[i].msg);
    if ((!f || !f->n) && (e->code == E_INVALID || e->code == E_CONFLICT) && e->field[0])
        req_error(r, e->field, "%s", e->msg);
    return req_has_errors(r);
}

void req_form_values(Req *r, const json_t *initial)
{
    if (json_object_get(req_model(r), "values")) return;
    req_set(r, "values", initial ? json_deep_copy(initial) : json_object());
}

int req_view(Req *r, json_t *view, const Err *e)
{
    if (!req_own(r, view)) return req_fail_err(r, e);
    const char *k;
    json_t *v;
    json_object_foreach(view, k, v) req_set(r, k, json_incref(v));
    return 0;
}
