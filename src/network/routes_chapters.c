/* routes_chapters.c - handlers of a chapter and of its membership: starting,
 * showing and editing chapters, members leaving, removed and made connectors,
 * invitations and requests to join. Each write parses its input, calls one
 * operation of chapters.c or admission.c, and answers. */
#include <string.h>

#include "accounts/accounts.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "meetings/meetings.h"
#include "network/internal.h"
#include "network/network.h"
#include "network/store.h"
#include "web/app.h"
#include "web/feature.h"
#include "web/model.h"
#include "web/paging.h"

/* ---------- chapters ---------- */

/* The select options of the chapter form (pages only). */
static int chapter_form_options(Req *r, int64_t metro, int64_t sector, const char *status)
{
    Err e = { 0 };
    json_t *metros = NULL, *sectors = NULL;
    if (metro_sector_options(r->db, &e, metro, sector, &metros, &sectors) < 0) return req_fail_err(r, &e);
    req_set(r, "_metros", metros);
    req_set(r, "_sectors", sectors);
    json_t *statuses = json_array();
    static const char *all[] = { "forming", "active", "dormant", "closed" };
    for (int i = 0; i < 4; i++)
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "id", all[i], "label", chapter_status_label(all[i]),
                                                  "is_selected", str_eq(status, all[i])));
    req_set(r, "_statuses", statuses);
    return 0;
}

int chapter_new_form(Req *r)
{
    if (chapter_form_options(r, r->me.metro_id, 0, "forming") < 0) return -1;
    req_set(r, "values", json_pack("{s:i}", "capacity", CHAPTER_CAPACITY_DEFAULT));
    return req_page(r, "network/chapter_new");
}

/* Reads the chapter form; fields absent from an API call keep `base`'s values. */
static void read_chapter_fields(Req *r, ChapterFields *f, const ChapterFields *base)
{
    *f = *base;
    const char *v;
    if ((v = req_input(r, "name"))) f->name = v;
    if ((v = req_input(r, "description"))) f->description = v;
    if ((v = req_input(r, "status"))) f->status = v;
    int64_t n;
    int got = req_input_int(r, "capacity", &n);
    if (got > 0) f->capacity = n;
    if ((got = req_input_int(r, "metro_id", &n)) > 0) f->metro_id = n;
    else if (got == 0 && (!r->json || json_object_get(r->json, "metro_id"))) f->metro_id = 0;
    if ((got = req_input_int(r, "sector_id", &n)) > 0) f->sector_id = n;
    else if (got == 0 && (!r->json || json_object_get(r->json, "sector_id"))) f->sector_id = 0;
    if (!r->json || json_object_get(r->json, "one_per_sector"))
        f->sector_rule = req_input_bool(r, "one_per_sector") ? "one_per_sector" : "open";
    if (!f->name) f->name = "";
    if (!f->description) f->description = "";
}

/* The chapter as the API answers it after a change (decorated, fresh from the database). */
static int chapter_answer(Req *r, const char *slug)
{
    Err e = { 0 };
    json_t *ch = NULL;
    int64_t id;
    const char *role;
    if (chapter_load(r->db, r->arena, &e, slug, r->me.id, &ch, &id, &role) <= 0) return req_fail_err(r, &e);
    chapter_decorate(r, ch, false);
    req_set(r, "chapter", ch);
    return 0;
}

int chapter_create(Req *r)
{
    Err e = { 0 };
    ChapterFields base = { NULL, req_input(r, "slug"), "", "forming", "open", r->me.metro_id, 0, CHAPTER_CAPACITY_DEFAULT }, f;
    read_chapter_fields(r, &f, &base);
    FieldErrs *problems = req_field_errs(r);
    int64_t id = 0;
    if (chapter_start(r->db, &e, r->arena, &f, r->me.id, problems, &id) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (chapter_form_options(r, f.metro_id, f.sector_id, "forming") < 0) return -1;
        return req_invalid(r, "network/chapter_new");
    }
    log_info("chapter %s started by %lld", f.slug, (long long)r->me.id);
    if (chapter_answer(r, f.slug) < 0) return -1;
    return req_created(r, req_printf(r, "/chapters/%s", f.slug),
                       "Your chapter is started. Invite the first members: a chapter becomes active after its first meetings.");
}

int chapter_show(Req *r)
{
    Err e = { 0 };
    json_t *ch = json_incref(r->chapter);   /* the request's own copy, loaded by the guard: decorated in place */
    req_set(r, "chapter", ch);
    chapter_decorate(r, ch, !r->api);      /* the API does without the rendered description */
    json_t *connectors = chapter_connectors(r->db, &e, r->chapter_id);
    if (!connectors) return req_fail_err(r, &e);
    json_object_set_new(ch, "connectors", connectors);
    bool member = r->chapter_role != NULL, connector = str_eq(r->chapter_role, "connector");
    json_t *viewer = json_pack("{s:s?, s:b, s:b, s:b}", "role", r->chapter_role, "is_member", member,
                               "is_connector", connector, "can_edit", connector || r->me.is_admin);
    req_set(r, "viewer", viewer);
    if (member || r->me.is_admin) {
        json_t *members = chapter_member_list(r->db, &e, r->chapter_id);
        if (!members) return req_fail_err(r, &e);
        req_set(r, "members", members);
    }
    json_t *health = chapter_health(r->db, &e, r->arena, r->chapter_id, json_string_value(json_object_get(ch, "timezone")),
                                    member);
    if (!health) return req_fail_err(r, &e);
    req_set(r, "health", health);
    if (connector || r->me.is_admin) {
        json_t *pending = NULL;
        if (chapter_pending_counts(r->db, &e, r->chapter_id, now_unix(), &pending) < 0) return req_fail_err(r, &e);
        req_set(r, "pending", pending);
    }
    if (r->me.id && !member) {
        json_t *mine = NULL;
        int found = my_join_request(r->db, &e, r->chapter_id, r->me.id, &mine);
        if (found < 0) return req_fail_err(r, &e);
        if (found) req_set(r, "my_request", mine);
        bool closed = str_eq(json_string_value(json_object_get(ch, "status")), "closed");
        json_object_set_new(viewer, "can_request", json_boolean(!found && !closed));
    }
    req_set_bool(r, "_is_anonymous", r->me.id == 0);
    if (features_extend(r, "chapter", &e) < 0) return req_fail_err(r, &e);
    return req_page(r, "network/chapter");
}

int chapter_edit_form(Req *r)
{
    json_t *ch = r->chapter;
    req_set(r, "chapter", json_incref(ch));
    req_set(r, "values", json_pack("{s:O, s:O, s:O, s:O, s:b}", "name", json_object_get(ch, "name"),
                                   "description", json_object_get(ch, "description"), "capacity", json_object_get(ch, "capacity"),
                                   "status", json_object_get(ch, "status"),
                                   "one_per_sector", str_eq(json_string_value(json_object_get(ch, "sector_rule")), "one_per_sector")));
    if (chapter_form_options(r, json_integer_value(json_object_get(ch, "metro_id")), json_integer_value(json_object_get(ch, "sector_id")),
                             json_string_value(json_object_get(ch, "status"))) < 0)
        return -1;
    return req_page(r, "network/chapter_edit");
}

int chapter_update(Req *r)
{
    Err e = { 0 };
    json_t *ch = r->chapter;
    ChapterFields base = {
        json_string_value(json_object_get(ch, "name")), NULL, json_string_value(json_object_get(ch, "description")),
        json_string_value(json_object_get(ch, "status")), json_string_value(json_object_get(ch, "sector_rule")),
        json_integer_value(json_object_get(ch, "metro_id")), json_integer_value(json_object_get(ch, "sector_id")),
        json_integer_value(json_object_get(ch, "capacity")),
    }, f;
    read_chapter_fields(r, &f, &base);
    FieldErrs *problems = req_field_errs(r);
    if (chapter_change(r->db, &e, r->chapter_id, &f, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        req_set(r, "chapter", json_incref(r->chapter));
        if (chapter_form_options(r, f.metro_id, f.sector_id, f.status) < 0) return -1;
        return req_invalid(r, "network/chapter_edit");
    }
    const char *slug = json_string_value(json_object_get(ch, "slug"));
    /* the API answers with the chapter as saved; a page goes back to it */
    if (r->api && chapter_answer(r, slug) < 0) return -1;
    return req_redirect(r, req_printf(r, "/chapters/%s", slug), "The chapter is saved.");
}

int chapter_members(Req *r)
{
    Err e = { 0 };
    json_t *members = chapter_member_list(r->db, &e, r->chapter_id);
    if (!members) return req_fail_err(r, &e);
    size_t i;
    json_t *m;
    int64_t connectors = 0;
    json_array_foreach(members, i, m) {
        json_object_set_new(m, "is_me", json_boolean(json_integer_value(json_object_get(m, "id")) == r->me.id));
        connectors += json_is_true(json_object_get(m, "is_connector"));
    }
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "members", members);
    /* "Step down" is offered only where it can work: the chapter keeps a connector */
    bool connector = str_eq(r->chapter_role, "connector");
    Err why = { 0 };
    bool may_step_down = connector && connector_step_down_check(connectors, json_string_value(json_object_get(r->chapter, "name")), &why) == 0;
    req_set(r, "viewer", json_pack("{s:s?, s:b, s:b, s:b, s:b}", "role", r->chapter_role, "is_connector", connector, "may_step_down", may_step_down,
                                   "is_sole_connector", connector && !may_step_down, "is_alone", json_array_size(members) < 2));
    return req_page(r, "network/members_of");
}

/* ---------- leaving, removing, connectors ---------- */

static const char *members_url(Req *r)
{
    return req_printf(r, "/chapters/%s/members", json_string_value(json_object_get(r->chapter, "slug")));
}

int chapter_leave(Req *r)
{
    Err e = { 0 };
    MemberChange m = { chapter_ref(r), r->me.id, r->me.id, false };
    if (membership_leave(r->db, &e, &m) < 0) return req_fail_err(r, &e);
    return req_redirect(r, "/me", req_printf(r, _("You have left %s."), m.chapter.name));
}

int connector_step_down(Req *r)
{
    Err e = { 0 };
    MemberChange m = { chapter_ref(r), r->me.id, r->me.id, false };
    if (membership_step_down(r->db, &e, &m) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s", m.chapter.slug), "You are now a member; the other connectors carry on.");
}

int member_remove(Req *r)
{
    Err e = { 0 };
    MemberChange m = { chapter_ref(r), req_id(r, "member"), r->me.id, false };
    if (membership_expel(r->db, &e, &m) < 0) return req_fail_err(r, &e);
    return req_redirect(r, members_url(r), "The member is removed from the chapter.");
}

int member_make_connector(Req *r)
{
    Err e = { 0 };
    MemberChange m = { chapter_ref(r), req_id(r, "member"), r->me.id, req_input_bool(r, "hand_over") };
    if (membership_promote(r->db, &e, &m) < 0) return req_fail_err(r, &e);
    return req_redirect(r, members_url(r), m.hand_over ? "You have handed over the connector role; you remain a member."
                                                       : "The member is now a connector of the chapter.");
}

/* ---------- invitations ---------- */

/* The page's model: one page of the invitations (?page=, ?per_page=), in p. */
static int invitations_model(Req *r, Paging *p)
{
    Err e = { 0 };
    if (paging_read(r, p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *list = paging_trim(p, invitation_list(r->db, &e, r->chapter_id, p->limit, p->offset));
    if (!list) return req_fail_err(r, &e);
    int64_t now = now_unix();
    size_t i;
    json_t *inv;
    json_array_foreach(list, i, inv) {
        const char *state = invitation_state(json_integer_value(json_object_get(inv, "expires_at")),
                                             json_integer_value(json_object_get(inv, "accepted_at")),
                                             json_integer_value(json_object_get(inv, "revoked_at")), now);
        json_object_set_new(inv, "state", json_string(state));
        json_object_set_new(inv, "is_pending", json_boolean(str_eq(state, "pending")));
        json_object_set_new(inv, "_is_accepted", json_boolean(str_eq(state, "accepted")));
        json_object_set_new(inv, "_is_revoked", json_boolean(str_eq(state, "revoked")));
        json_object_set_new(inv, "_is_expired", json_boolean(str_eq(state, "expired")));
    }
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "invitations", list);
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", str_eq(r->chapter_role, "connector")));
    req_form_values(r, NULL);
    return 0;
}

int invitations_index(Req *r)
{
    Paging p;
    if (invitations_model(r, &p) < 0) return -1;
    paging_respond(r, &p);
    return req_page(r, "network/invitations");
}

int invitation_create(Req *r)
{
    Err e = { 0 };
    InvitationSend s = { .chapter = chapter_ref(r), .by = r->me.id, .inviter = r->me.name, .email = req_input(r, "email"),
                         .message = req_input(r, "message"), .public_url = r->app->public_url, .resend = req_input_bool(r, "resend") };
    FieldErrs *problems = req_field_errs(r);
    Paging p;
    if (invitation_send(r->db, &e, r->arena, &s, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (invitations_model(r, &p) < 0) return -1;
        /* an address with a pending invitation: the page offers to send it again */
        if (e.code == E_CONFLICT && s.id) req_set(r, "_resend", json_pack("{s:s, s:s}", "email", s.email, "message", s.message));
        return req_invalid(r, "network/invitations");
    }
    log_info("invitation %lld to chapter %lld %s by %lld", (long long)s.id, (long long)r->chapter_id, s.resent ? "sent again" : "sent",
             (long long)r->me.id);
    /* both faces answer 201 with the invitation and its link (shown once): the page on the list, the API with a sentence */
    if (r->api)
        req_set_str(r, "message", s.resent ? req_printf(r, _("The invitation to %s was sent again with a fresh link; the earlier link no longer works."), s.email)
                                           : req_printf(r, _("The invitation to %s is ready; the e-mail is queued."), s.email));
    else if (invitations_model(r, &p) < 0) return -1;
    req_set(r, "invitation", json_pack("{s:I, s:s, s:s, s:I, s:b}", "id", (json_int_t)s.id, "email", s.email, "link", s.link,
                                       "expires_at", (json_int_t)s.expires_at, "is_resent", s.resent));
    r->status = 201;
    req_header(r, "Location", req_printf(r, "%s/chapters/%s/invitations", r->api ? "/api/v1" : "", s.chapter.slug));
    return req_page(r, "network/invitations");
}

int invitation_revoke(Req *r)
{
    Err e = { 0 };
    if (invitation_withdraw(r->db, &e, r->chapter_id, req_id(r, "id")) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s/invitations", json_string_value(json_object_get(r->chapter, "slug"))),
                        "The invitation is revoked; its link no longer works.");
}

/* ---------- the invitee's side ---------- */

/* An invitation that is no longer pending, as the invitee meets it. */
static int invitation_gone(Req *r, json_t *inv, const char *state)
{
    Err e = { 0 };
    if (str_eq(state, "expired")) return req_fail(r, E_GONE, "This invitation has expired (they last 14 days). Ask the connector for a new one.");
    if (str_eq(state, "accepted")) {
        char role[16];
        int64_t chapter = json_integer_value(json_object_get(inv, "chapter_id"));
        int member = r->me.id ? membership_role(r->db, &e, chapter, r->me.id, role, sizeof role) : 0;
        if (member < 0) return req_fail_err(r, &e);
        if (member)
            return req_redirect(r, req_printf(r, "/chapters/%s", json_string_value(json_object_get(inv, "chapter_slug"))),
                                "You are a member of this chapter already.");
        return req_fail(r, E_GONE, "This invitation has already been used.");
    }
    return req_fail(r, E_GONE, "This invitation was withdrawn by the chapter.");
}

int invitation_show(Req *r)
{
    Err e = { 0 };
    const char *token = req_param(r, "token");
    json_t *inv = NULL;
    int found = strlen(token) < 100 ? invitation_by_token(r->db, &e, token, &inv) : 0;
    if (found < 0) return req_fail_err(r, &e);
    if (!found) return req_fail(r, E_NOT_FOUND, "This invitation link is not valid. Check that you copied all of it, or ask for a new one.");
    req_own(r, inv);
    const char *state = invitation_state(json_integer_value(json_object_get(inv, "expires_at")),
                                         json_integer_value(json_object_get(inv, "accepted_at")),
                                         json_integer_value(json_object_get(inv, "revoked_at")), now_unix());
    if (!str_eq(state, "pending")) return invitation_gone(r, inv, state);
    model_set_markdown(inv, "_description_html", r->arena, json_string_value(json_object_get(inv, "chapter_description")));
    json_object_del(inv, "chapter_id");
    int64_t current = pledge_current(r->db, &e);
    if (current < 0) return req_fail_err(r, &e);
    if (current) {
        json_t *p = NULL;
        if (pledge_get(r->db, &e, current, &p) < 0) return req_fail_err(r, &e);
        model_set_markdown(p, "_body_html", r->arena, json_string_value(json_object_get(p, "body")));
        req_set(r, "pledge", p);
    }
    bool other_email = r->me.id && !str_eq(r->me.email, json_string_value(json_object_get(inv, "email")));
    req_set(r, "invitation", json_incref(inv));
    req_set_str(r, "token", token);
    req_set_bool(r, "is_logged_in", r->me.id != 0);
    req_set_bool(r, "needs_pledge", current && r->me.pledge_version < current);
    req_set_bool(r, "is_other_email", other_email);
    Buf here;
    buf_init(&here, r->arena);
    str_url_encode(&here, req_printf(r, "/invitations/%s", token));
    req_set_str(r, "_here_q", buf_str(&here));
    return req_page(r, "network/invitation");
}

int invitation_accept(Req *r)
{
    Err e = { 0 };
    InvitationTake t = { .token = req_param(r, "token"), .user = r->me.id, .pledge_accepted = r->me.pledge_version,
                         .accept_pledge = req_input_bool(r, "accept_pledge"), .a = r->arena };
    if (req_input_int(r, "pledge_version", &t.pledge_version) <= 0) t.pledge_version = 0;
    if (invitation_take(r->db, &e, &t) < 0) {
        if (!req_form_refused(r, NULL, &e)) return req_fail_err(r, &e);
        /* the page shows the invitation and the pledge again; the API has only the field's message */
        if (r->api) return req_invalid(r, NULL);
        if (invitation_show(r) < 0) return -1;
        return req_invalid(r, "network/invitation");
    }
    log_info("invitation accepted: %lld joined chapter %s", (long long)r->me.id, t.chapter.slug);
    req_set(r, "chapter", json_pack("{s:s, s:s}", "slug", t.chapter.slug, "name", t.chapter.name));
    return req_redirect(r, req_printf(r, "/chapters/%s", t.chapter.slug),
                        req_printf(r, _("Welcome to %s! You are now a member."), t.chapter.name));
}

/* ---------- requests to join ---------- */

int join_request_create(Req *r)
{
    Err e = { 0 };
    JoinRequestSend s = { .chapter = chapter_ref(r), .user = r->me.id, .requester = r->me.name,
                          .message = req_input(r, "message"), .public_url = r->app->public_url };
    if (join_request_send(r->db, &e, r->arena, &s) < 0) {
        if (req_form_refused(r, NULL, &e)) return req_invalid(r, NULL);
        return req_fail_err(r, &e);
    }
    req_set(r, "join_request", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)s.id, "status", "pending", "message", s.message));
    return req_created(r, req_printf(r, "/chapters/%s", s.chapter.slug),
                       "Your request is sent. The chapter's connectors will answer; you will find the answer here.");
}

int join_request_withdraw(Req *r)
{
    Err e = { 0 };
    if (join_request_cancel(r->db, &e, r->chapter_id, r->me.id) < 0) return req_fail_err(r, &e);
    return req_redirect(r, req_printf(r, "/chapters/%s", json_string_value(json_object_get(r->chapter, "slug"))),
                        "Your request is withdrawn.");
}

int join_requests_index(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *list = paging_trim(&p, join_request_list(r->db, &e, r->chapter_id, p.limit, p.offset));
    if (!list) return req_fail_err(r, &e);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
        json_object_set_new(x, "_status_label", json_string(join_request_status_label(json_string_value(json_object_get(x, "status")))));
    req_set(r, "chapter", json_incref(r->chapter));
    req_set(r, "join_requests", list);
    req_set(r, "viewer", json_pack("{s:s?, s:b}", "role", r->chapter_role, "is_connector", str_eq(r->chapter_role, "connector")));
    paging_respond(r, &p);
    return req_page(r, "network/join_requests");
}

static int decide(Req *r, bool approve)
{
    Err e = { 0 };
    JoinDecision d = { .chapter = chapter_ref(r), .id = req_id(r, "id"), .by = r->me.id, .approve = approve,
                       .reason = req_input(r, "reason"), .a = r->arena };
    if (join_request_decide(r->db, &e, &d) < 0) {
        if (req_form_refused(r, NULL, &e)) return req_invalid(r, NULL);
        return req_fail_err(r, &e);
    }
    return req_redirect(r, req_printf(r, "/chapters/%s/join-requests", d.chapter.slug),
                        approve ? req_printf(r, "%s is now a member.", d.requester)
                                : req_printf(r, _("The request from %s is declined."), d.requester));
}

int join_request_approve(Req *r) { return decide(r, true); }
int join_request_decline(Req *r) { return decide(r, false); }
