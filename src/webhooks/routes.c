/* routes.c - the handlers of webhooks and the Feature. The same page serves
 * an administrator at /admin/webhooks (every endpoint; the network's are
 * registered there) and a chapter's connectors at /chapters/{chapter}/webhooks
 * (the chapter's own): each handler pair differs only in its Scope. */
#include <curl/curl.h>

#include "base/i18n.h"
#include "base/str.h"
#include "web/req.h"
#include "webhooks/webhooks.h"

/* Whose endpoints a request manages, and where their page is. */
typedef struct Scope {
    int64_t chapter_id;   /* 0: the network's (an administrator: every endpoint) */
    const char *base;     /* "/admin/webhooks" or "/chapters/<slug>/webhooks" */
} Scope;

static Scope admin_scope(void)
{
    return (Scope){ 0, "/admin/webhooks" };
}

static Scope chapter_scope(Req *r)
{
    const char *slug = json_string_value(json_object_get(r->chapter, "slug"));
    return (Scope){ r->chapter_id, req_printf(r, "/chapters/%s/webhooks", slug) };
}

/* The kinds as checkboxes, ticked when `kinds` (space-separated) holds them. */
static json_t *kind_options(const char *kinds)
{
    json_t *list = json_array();
    for (size_t i = 0; i < webhook_kind_count; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "name", webhook_kinds[i].name, "help",
                                              tr(webhook_kinds[i].help), "checked", webhook_kinds_has(kinds, webhook_kinds[i].name)));
    return list;
}

/* The page's model: the endpoints with their deliveries, the kinds, the setting. */
static int page_model(Req *r, const Scope *s, const char *ticked)
{
    Err e = { 0 };
    json_t *list = webhook_list(r->db, &e, s->chapter_id, s->chapter_id == 0);
    if (!list) return req_fail_err(r, &e);
    size_t i;
    json_t *ep;
    json_array_foreach(list, i, ep) {
        json_object_set_new(ep, "_base", json_string(s->base));
        json_object_set_new(ep, "_kind_names", json_string(json_string_value(json_object_get(ep, "kinds"))));
        size_t k;
        json_t *d;
        json_array_foreach(json_object_get(ep, "deliveries"), k, d)
            json_object_set_new(d, "_status_label", json_string(webhook_status_label(json_string_value(json_object_get(d, "status")))));
    }
    req_set(r, "endpoints", list);
    req_set(r, "_kinds", kind_options(ticked));
    req_set_str(r, "_base", s->base);
    if (s->chapter_id) req_set(r, "chapter", json_incref(r->chapter));
    else req_set_bool(r, "allow_private", webhook_private_allowed(r->db, r->arena));
    req_form_values(r, NULL);
    return 0;
}

static int index_in(Req *r, const Scope *s)
{
    return page_model(r, s, "") < 0 ? -1 : req_page(r, "webhooks/index");
}

static int create_in(Req *r, const Scope *s)
{
    Err e = { 0 };
    WebhookFields f = { .url = req_input(r, "url"), .description = req_input(r, "description") };
    f.nkinds = req_input_all(r, "kinds", f.kinds, 16);
    FieldErrs *problems = req_field_errs(r);
    int64_t id = 0;
    const char *secret = NULL;
    if (webhook_register(r->db, &e, r->arena, s->chapter_id, r->me.id, &f, problems, &id, &secret) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        Buf ticked;
        buf_init(&ticked, r->arena);
        for (int i = 0; i < f.nkinds; i++) buf_printf(&ticked, "%s ", f.kinds[i]);
        if (page_model(r, s, buf_str(&ticked)) < 0) return -1;
        return req_invalid(r, "webhooks/index");
    }
    if (!r->api && page_model(r, s, "") < 0) return -1;
    req_set(r, "endpoint", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "url", f.url, "secret", secret));
    r->status = 201;
    req_header(r, "Location", req_printf(r, "%s%s", r->api ? "/api/v1" : "", s->base));
    return req_page(r, "webhooks/index");
}

static int rotate_in(Req *r, const Scope *s)
{
    Err e = { 0 };
    const char *secret = NULL;
    if (webhook_rotate(r->db, &e, r->arena, s->chapter_id, req_id(r, "id"), &secret) < 0) return req_fail_err(r, &e);
    if (r->api) {
        req_set(r, "endpoint", json_pack("{s:I, s:s}", "id", (json_int_t)req_id(r, "id"), "secret", secret));
        return req_page(r, "webhooks/index");
    }
    return req_redirect(r, s->base, "A new secret is in place; update your receiver with it now, as the old one no longer signs.");
}

static int enable_in(Req *r, const Scope *s, bool on)
{
    Err e = { 0 };
    if (webhook_enable(r->db, &e, s->chapter_id, req_id(r, "id"), on) < 0) return req_fail_err(r, &e);
    return req_redirect(r, s->base, on ? "The webhook is enabled; deliveries that were waiting go out again."
                                       : "The webhook is disabled; events are no longer sent to it.");
}

static int delete_in(Req *r, const Scope *s)
{
    Err e = { 0 };
    if (webhook_remove(r->db, &e, s->chapter_id, req_id(r, "id")) < 0) return req_fail_err(r, &e);
    return req_redirect(r, s->base, "The webhook and its deliveries are deleted.");
}

static int test_in(Req *r, const Scope *s)
{
    Err e = { 0 };
    if (webhook_test(r->db, &e, s->chapter_id, req_id(r, "id")) < 0) return req_fail_err(r, &e);
    return req_redirect(r, s->base, "A test event is queued; it goes out within a few seconds (see the deliveries below).");
}

int webhooks_admin_settings(Req *r)
{
    Err e = { 0 };
    bool allow = req_input_bool(r, "allow_private");
    if (webhook_private_allow(r->db, &e, allow) < 0) return req_fail_err(r, &e);
    return req_redirect(r, "/admin/webhooks", allow ? "Webhooks may now reach private and loopback addresses."
                                                    : "Webhooks reach public addresses only.");
}

#define SCOPED(name, call)                                                                                               \
    int webhooks_admin_##name(Req *r)                                                                                    \
    {                                                                                                                    \
        Scope s = admin_scope();                                                                                         \
        return call;                                                                                                     \
    }                                                                                                                    \
    int webhooks_chapter_##name(Req *r)                                                                                  \
    {                                                                                                                    \
        Scope s = chapter_scope(r);                                                                                      \
        return call;                                                                                                     \
    }
SCOPED(index, index_in(r, &s))
SCOPED(create, create_in(r, &s))
SCOPED(rotate, rotate_in(r, &s))
SCOPED(enable, enable_in(r, &s, true))
SCOPED(disable, enable_in(r, &s, false))
SCOPED(delete, delete_in(r, &s))
SCOPED(test, test_in(r, &s))
#undef SCOPED

static void webhooks_setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

const Feature webhooks_feature = {
    .name = "webhooks",
    .setup = webhooks_setup,
    .deliver = webhooks_deliver,
};
