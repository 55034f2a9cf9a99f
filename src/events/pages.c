/* pages.c - what the handlers of events share to fill their models: fields of
 * the event the guard loaded, and the decorations of events, formats and
 * registrations (local times, links, state flags, prices as text; keys that
 * start with "_" are for pages only). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/qr.h"
#include "base/str.h"
#include "base/zone.h"
#include "events/events.h"
#include "events/pages.h"
#include "web/app.h"
#include "web/model.h"

const char *ev_str(Req *r, const char *key)
{
    return json_string_value(json_object_get(r->object, key));
}

int64_t ev_int(Req *r, const char *key)
{
    return json_integer_value(json_object_get(r->object, key));
}

const char *event_url(Req *r)
{
    return req_printf(r, "/events/%s", ev_str(r, "slug"));
}

const char *desk_url(Req *r)
{
    return req_printf(r, "/events/%s/registrations", ev_str(r, "slug"));
}

void rows_money_text(Req *r, json_t *rows, const char *amount, const char *currency, const char *text)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
        json_object_set_new(x, text, json_string(money_text(r->arena, json_integer_value(json_object_get(x, amount)),
                                                            json_string_value(json_object_get(x, currency)),
                                                            json_integer_value(json_object_get(x, "decimals")))));
}

json_t *visibility_options(const char *chosen)
{
    static const char *values[] = { "public", "network", "chapter" };
    static const char *labels[] = { N_("Everyone (a public page)"), N_("Members of the network"),
                                    N_("Members of the hosting chapters") };
    json_t *out = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", values[i], "label", tr(labels[i]), "selected",
                                             str_eq(values[i], chosen ? chosen : "public")));
    return out;
}

static const char *visibility_label(const char *v)
{
    if (str_eq(v, "network")) return _("Members of the network");
    if (str_eq(v, "chapter")) return _("Members of the hosting chapters");
    return _("Everyone");
}

void event_decorate(Req *r, json_t *ev)
{
    const char *tz = json_string_value(json_object_get(ev, "timezone"));
    int64_t starts = json_integer_value(json_object_get(ev, "starts_at"));
    int64_t ends = json_integer_value(json_object_get(ev, "ends_at"));
    char date[11], hm[6], end_date[11], end_hm[6];
    time_local_parts(starts, tz, date, hm);
    time_local_parts(ends, tz, end_date, end_hm);
    json_object_set_new(ev, "starts_local", json_string(time_local_text(r->arena, starts, tz)));
    json_object_set_new(ev, "date_local", json_string(date));
    json_object_set_new(ev, "time_local", json_string(hm));
    json_object_set_new(ev, "end_date_local", json_string(end_date));
    json_object_set_new(ev, "end_time_local", json_string(end_hm));
    json_object_set_new(ev, "is_multiday", json_boolean(strcmp(date, end_date) != 0));
    static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    int month = atoi(date + 5);
    json_object_set_new(ev, "_day", json_integer(atoi(date + 8)));
    json_object_set_new(ev, "_month", json_string(months[month >= 1 && month <= 12 ? month - 1 : 0]));
    const char *slug = json_string_value(json_object_get(ev, "slug"));
    json_object_set_new(ev, "url", json_string(req_printf(r, "/events/%s", slug)));
    const char *chapter = json_string_value(json_object_get(ev, "chapter"));
    json_object_set_new(ev, "host", json_string(chapter ? chapter : json_string_value(json_object_get(ev, "place"))));
    json_object_set_new(ev, "host_url", json_string(chapter ? req_printf(r, "/chapters/%s", json_string_value(json_object_get(ev, "chapter_slug")))
                                                            : req_printf(r, "/places/%s", json_string_value(json_object_get(ev, "place_slug")))));
    int64_t capacity = json_integer_value(json_object_get(ev, "capacity"));
    int64_t tickets = json_integer_value(json_object_get(ev, "tickets"));
    int64_t left = capacity - tickets;
    json_object_set_new(ev, "places_left", json_integer(left > 0 ? left : 0));
    json_object_set_new(ev, "is_full", json_boolean(left <= 0));
    const char *status = json_string_value(json_object_get(ev, "status"));
    int64_t now = now_unix();
    json_object_set_new(ev, "is_open", json_boolean(str_eq(status, "open") && ends >= now));
    json_object_set_new(ev, "is_past", json_boolean(ends < now));
    json_object_set_new(ev, "is_closed", json_boolean(str_eq(status, "closed")));
    json_object_set_new(ev, "is_cancelled", json_boolean(str_eq(status, "cancelled")));
    json_object_set_new(ev, "visibility_label", json_string(visibility_label(json_string_value(json_object_get(ev, "visibility")))));
    /* the rule in force, as the list it is (it is kept as JSON text) */
    json_t *rule = json_object_get(ev, "split_rule");
    if (json_is_string(rule)) json_object_set_new(ev, "split_rule", format_list(json_string_value(rule)));
}

void event_decorate_all(Req *r, json_t *list)
{
    size_t i;
    json_t *ev;
    json_array_foreach(list, i, ev) event_decorate(r, ev);
}

const char *const app_lists[APP_LISTS] = { "runbook", "tiers", "packages", "split_rule" };

/* Parses the JSON text columns of a format into lists for both faces, with the
 * texts pages need (prices, percentages, the agenda's clock offsets) and the
 * line form of each list for the edit form (keys with "_": pages only). */
void app_decorate(Req *r, json_t *app)
{
    for (size_t k = 0; k < APP_LISTS; k++) {
        const char *text = json_string_value(json_object_get(app, app_lists[k]));
        json_t *list = format_list(text);
        json_object_set_new(app, req_printf(r, "_%s_lines", app_lists[k]), json_string(format_lines_text(r->arena, app_lists[k], text)));
        json_object_set_new(app, app_lists[k], list);
    }
    int64_t at = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(app, "runbook"), i, x) {
        json_object_set_new(x, "_at", json_string(req_printf(r, "%lld:%02lld", (long long)at / 60, (long long)at % 60)));
        at += json_integer_value(json_object_get(x, "minutes"));
    }
    json_object_set_new(app, "total_minutes", json_integer(at));
    json_object_set_new(app, "_duration", json_string(at % 60 ? req_printf(r, "%lldh%02lld", (long long)at / 60, (long long)at % 60)
                                                              : req_printf(r, trn("%lld hour", "%lld hours", at / 60), (long long)at / 60)));
    json_array_foreach(json_object_get(app, "tiers"), i, x) {
        int64_t minor = price_minor(json_string_value(json_object_get(x, "price")));
        json_object_set_new(x, "_price", json_string(minor == 0 ? C_("a price", "free")
                                                                 : money_text(r->arena, minor, json_string_value(json_object_get(x, "currency")), 2)));
    }
    json_array_foreach(json_object_get(app, "packages"), i, x) {
        int64_t minor = price_minor(json_string_value(json_object_get(x, "price")));
        json_object_set_new(x, "_price", json_string(money_text(r->arena, minor, json_string_value(json_object_get(x, "currency")), 2)));
    }
    Buf words;
    buf_init(&words, r->arena);
    int64_t offset = 0;   /* where each party's segment of the bar starts, in basis points */
    json_array_foreach(json_object_get(app, "split_rule"), i, x) {
        int64_t bp = json_integer_value(json_object_get(x, "share"));
        buf_printf(&words, "%s%s %lld%s%%", i ? ", " : "", split_party_label_lower(json_string_value(json_object_get(x, "party"))),
                   (long long)bp / 100, bp % 100 ? req_printf(r, ".%02lld", (long long)bp % 100) : "");
        json_object_set_new(x, "_label", json_string(split_party_label(json_string_value(json_object_get(x, "party")))));
        json_object_set_new(x, "_percent", json_string(bp % 100 ? req_printf(r, "%lld.%02lld", (long long)bp / 100, (long long)bp % 100)
                                                                : req_printf(r, "%lld", (long long)bp / 100)));
        json_object_set_new(x, "_slot", json_integer(split_party_slot(json_string_value(json_object_get(x, "party")))));
        json_object_set_new(x, "_x", json_string(req_printf(r, "%lld.%02lld", (long long)offset / 100, (long long)offset % 100)));
        offset += bp;
    }
    json_object_set_new(app, "_split_text", json_string(buf_str(&words)));
    json_object_set_new(app, "url", json_string(req_printf(r, "/apps/%s", json_string_value(json_object_get(app, "slug")))));
    model_set_markdown(app, "_description_html", r->arena, json_string_value(json_object_get(app, "description")));
    json_object_set_new(app, "is_local", json_boolean(json_integer_value(json_object_get(app, "owner_id")) != 0));
}

void tiers_decorate(Req *r, json_t *tiers)
{
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t) {
        int64_t price = json_integer_value(json_object_get(t, "price"));
        json_object_set_new(t, "price_text", json_string(price ? money_text(r->arena, price, json_string_value(json_object_get(t, "currency")),
                                                                           json_integer_value(json_object_get(t, "decimals")))
                                                               : _("Free")));
    }
}

void tiers_offer(Req *r, json_t *tiers, bool member)
{
    int64_t typed = 0, chosen = tier_first_open(tiers, member);
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t) {
        bool offered = member || !json_is_true(json_object_get(t, "is_members_only"));
        json_object_set_new(t, "_offered", json_boolean(offered));
        if (offered && req_input_int(r, "tier", &typed) > 0 && typed == json_integer_value(json_object_get(t, "id"))) chosen = typed;
    }
    json_array_foreach(tiers, i, t) json_object_set_new(t, "_chosen", json_boolean(json_integer_value(json_object_get(t, "id")) == chosen));
}

/* The inline QR image of a registration's check-in: it opens the organiser's
 * desk with the code filled in. */
static const char *checkin_qr(Req *r, const char *slug, const char *code)
{
    const char *url = req_printf(r, "%s/events/%s/registrations?code=%s", r->app->public_url, slug, code);
    return qr_svg(r->arena, url, req_printf(r, _("QR code for check-in code %s"), code));
}

void registration_decorate(Req *r, json_t *g, const char *event_slug)
{
    const char *status = json_string_value(json_object_get(g, "status"));
    int64_t price = json_integer_value(json_object_get(g, "price"));
    bool paid = json_is_true(json_object_get(g, "is_paid"));
    json_object_set_new(g, "is_ticket", json_boolean(str_eq(status, "ticket")));
    json_object_set_new(g, "is_waitlist", json_boolean(str_eq(status, "waitlist")));
    json_object_set_new(g, "is_cancelled", json_boolean(str_eq(status, "cancelled")));
    json_object_set_new(g, "is_unpaid", json_boolean(str_eq(status, "ticket") && price > 0 && !paid));
    json_object_set_new(g, "is_checked_in", json_boolean(json_integer_value(json_object_get(g, "checked_in_at")) != 0));
    json_object_set_new(g, "price_text", json_string(price ? money_text(r->arena, price, json_string_value(json_object_get(g, "currency")),
                                                                       json_integer_value(json_object_get(g, "decimals")))
                                                           : _("Free")));
    const char *code = json_string_value(json_object_get(g, "code"));
    if (event_slug && str_eq(status, "ticket") && code) {
        const char *svg = checkin_qr(r, event_slug, code);
        if (svg) model_set_html(g, "_qr_html", svg);
    }
}

