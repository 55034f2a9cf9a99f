/* fuzz_body.c - a request body as the network sends it: app_parse_body
 * (application/x-www-form-urlencoded into fields, application/json into an
 * object) and what handlers read from it (req_input, req_input_all,
 * req_input_int, req_input_bool).
 *
 * Input: the first byte picks the Content-Type (form, JSON, form with a
 * charset, something else) and, with its high bit, a route that takes files
 * (F_UPLOAD: multipart file parts may be bytes), the rest is the body.
 * Invariants: a parsed form's names and values are valid UTF-8 without NUL,
 * but for file parts kept as bytes (only on an F_UPLOAD route), which
 * req_input never returns and req_file reads whole; a parsed JSON body is an
 * object; every field a form holds is found by req_input, trimmed, and by
 * req_input_all; a refused body says why (a status and a message). */
#include "fuzz.h"

#include <jansson.h>

#include "web/app.h"
#include "web/req.h"
#include "web/route.h"

static const char *const types[] = {
    "application/x-www-form-urlencoded", "application/json", "application/x-www-form-urlencoded; charset=utf-8",
    "application/json; charset=utf-8", "text/plain", "multipart/form-data; boundary=x",
};

static void check_field(Req *r, const Field *f)
{
    if (f->is_bytes) {
        FUZZ_CHECK(r->route && (r->route->flags & F_UPLOAD));
        FUZZ_CHECK(f->value[f->len] == '\0');
        size_t n;
        FUZZ_CHECK(req_file(r, f->name, &n) != NULL);
        return;
    }
    FUZZ_CHECK(str_utf8_valid(f->name, strlen(f->name)) && str_utf8_valid(f->value, strlen(f->value)));
    const char *v = req_input(r, f->name);
    FUZZ_CHECK(v != NULL);
    FUZZ_CHECK(!*v || (!str_empty(v) && v[0] != ' ' && v[strlen(v) - 1] != ' '));
    const char *all[64];
    int n = req_input_all(r, f->name, all, 64);
    FUZZ_CHECK(n >= 1);
    int64_t i64;
    req_input_int(r, f->name, &i64);
    (void)req_input_bool(r, f->name);
}

static void check_json(Req *r)
{
    FUZZ_CHECK(json_is_object(r->json));
    const char *key;
    json_t *v;
    json_object_foreach(r->json, key, v) {
        const char *t = req_input(r, key);
        FUZZ_CHECK(!t || str_utf8_valid(t, strlen(t)));
        const char *all[64];
        int n = req_input_all(r, key, all, 64);
        for (int i = 0; i < n; i++) FUZZ_CHECK(str_utf8_valid(all[i], strlen(all[i])));
        int64_t i64;
        req_input_int(r, key, &i64);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a, 8192);
    App app = { .max_body = 1 << 20 };
    Req *r = arena_alloc(&a, sizeof *r);
    memset(r, 0, sizeof *r);
    r->arena = &a;
    r->app = &app;
    r->method = M_POST;
    r->content_type = types[(data[0] & 0x7f) % (sizeof types / sizeof *types)];
    static const Route upload = { .method = M_POST, .pattern = "/upload", .flags = F_UPLOAD };
    if (data[0] & 0x80) r->route = &upload;
    buf_init(&r->upload, &a);
    buf_add(&r->upload, data + 1, size - 1);
    if (app_parse_body(r) == 0) {
        for (const Field *f = r->form; f; f = f->next) check_field(r, f);
        if (r->json) check_json(r);
        FUZZ_CHECK(!r->form || !r->json);
    } else {
        FUZZ_CHECK(r->err.code != 0 && r->err.msg[0]);
    }
    json_decref(r->json);
    json_decref(r->errors);
    arena_release(&a);
    return 0;
}
