/* admission.c - who comes into a chapter and who leaves it: invitations (sent,
 * withdrawn, taken up), requests to join (sent, withdrawn, approved, declined),
 * leaving, removing, and the connector's role (given, handed over, given up).
 *
 * Every way in ends in membership_add (store.c), which applies the capacity and
 * the one-per-sector rule (membership_admit) inside the same transaction; the
 * ways out ask the rules of rules.c. Each operation is one transaction; none
 * takes a Req, so the web, the command line, the demo and tests call them. */
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "base/zone.h"
#include "mail/mail.h"
#include "network/network.h"
#include "network/store.h"

#define MESSAGE_MAX 1000

/* ---------- invitations ---------- */

static int invitation_send_tx(DbConn *c, void *ctx, Err *e)
{
    InvitationSend *s = ctx;
    json_t *live = NULL;
    int found = invitation_live(c, e, s->chapter.id, s->email, now_unix(), &live);
    if (found < 0) return -1;
    if (found) {
        int64_t id = json_integer_value(json_object_get(live, "id")), sent = json_integer_value(json_object_get(live, "created_at"));
        json_decref(live);
        s->id = id;   /* on a refusal too: the pending invitation */
        if (!s->resend)
            return err_field(e, E_CONFLICT, "email", "%s was already invited on %s (UTC); that invitation is still open. "
                             "Send it again to mail them a fresh link (the earlier link then stops working).",
                             s->email, time_local_text(s->arena, sent, "UTC"));
        s->resent = true;
        if (invitation_renew(c, e, s->chapter.id, id, s->email, s->hash, s->message) < 0) return -1;
    } else if (invitation_insert(c, e, s->chapter.id, s->email, s->hash, s->message, s->by, &s->id) < 0)
        return -1;
    return mail_queuef(c, e, s->email, "invitation", "{s:s, s:s, s:s, s:s}", "inviter", s->inviter, "chapter",
                       s->chapter.name, "message", s->message, "link", s->link);
}

int invitation_send(DbConn *c, Err *e, Arena *a, InvitationSend *s, FieldErrs *problems)
{
    s->email = str_lower(a, s->email ? s->email : "");
    s->arena = a;
    if (!s->message) s->message = "";
    if (!str_email_valid(s->email)) field_err(problems, "email", "Please enter a valid e-mail address, like ana@example.org.");
    if (str_utf8_len(s->message) > MESSAGE_MAX)
        field_err(problems, "message", "Please keep the message under %d characters.", MESSAGE_MAX);
    if (fields_check(problems, e) < 0) return -1;
    const char *token = token_new(a);
    s->hash = token_hash(a, token);
    s->link = arena_printf(a, "%s/invitations/%s", s->public_url ? s->public_url : "", token);
    s->expires_at = now_unix() + INVITATION_TTL_SECONDS;
    return db_write(c, invitation_send_tx, s, e);
}

typedef struct ChapterItem {
    int64_t chapter, id;
} ChapterItem;

static int invitation_withdraw_tx(DbConn *c, void *ctx, Err *e)
{
    ChapterItem *it = ctx;
    int changed = invitation_revoke_one(c, e, it->chapter, it->id);
    if (changed < 0) return -1;
    if (changed) return 0;
    int64_t known = 0;
    if (invitation_exists(c, e, it->chapter, it->id, &known) < 0) return -1;
    if (!known) return err_set(e, E_NOT_FOUND, "This chapter has no invitation with that number.");
    return err_set(e, E_CONFLICT, "That invitation is not pending (already accepted, revoked or expired).");
}

int invitation_withdraw(DbConn *c, Err *e, int64_t chapter_id, int64_t id)
{
    if (id <= 0) return err_set(e, E_NOT_FOUND, "There is no such invitation.");
    ChapterItem it = { chapter_id, id };
    return db_write(c, invitation_withdraw_tx, &it, e);
}

static int invitation_take_tx(DbConn *c, void *ctx, Err *e)
{
    InvitationTake *t = ctx;
    json_t *inv = NULL;
    int found = invitation_find(c, e, t->token, &inv);
    if (found < 0) return -1;
    if (!found) {
        json_t *any = NULL;
        int known = invitation_by_token(c, e, t->token, &any);
        json_decref(any);
        if (known < 0) return -1;
        if (!known) return err_set(e, E_NOT_FOUND, "This invitation link is not valid. Check that you copied all of it, or ask for a new one.");
        return err_set(e, E_GONE, "This invitation is no longer valid (used, withdrawn or expired).");
    }
    t->chapter.id = json_integer_value(json_object_get(inv, "chapter_id"));
    t->chapter.slug = arena_strdup(t->a, json_string_value(json_object_get(inv, "chapter_slug")));
    t->chapter.name = arena_strdup(t->a, json_string_value(json_object_get(inv, "chapter_name")));
    int64_t id = json_integer_value(json_object_get(inv, "id"));
    json_decref(inv);
    if (t->pledge && pledge_accept(c, e, t->user, t->pledge) < 0) return -1;
    int changed = invitation_mark_accepted(c, e, id, t->user);
    if (changed < 0) return -1;
    if (changed == 0) return err_set(e, E_GONE, "This invitation has just been used.");
    return membership_add(c, e, t->chapter.id, t->user, "member", t->user);
}

int invitation_take(DbConn *c, Err *e, InvitationTake *t)
{
    if (!t->token || strlen(t->token) >= 100) return err_set(e, E_NOT_FOUND, "This invitation link is not valid.");
    int64_t current = pledge_current(c, e);
    if (current < 0) return -1;
    t->pledge = 0;
    if (current && t->pledge_accepted < current) {
        if (!t->accept_pledge)
            return err_field(e, E_INVALID, "accept_pledge", "To join, please accept the collaboration pledge (tick the box).");
        if (t->pledge_version != current)
            return err_set(e, E_CONFLICT, "The pledge has changed since you opened the page; please read it again (version %lld).",
                           (long long)current);
        t->pledge = current;
    }
    return db_write(c, invitation_take_tx, t, e);
}

/* ---------- requests to join ---------- */

static int join_request_send_tx(DbConn *c, void *ctx, Err *e)
{
    JoinRequestSend *s = ctx;
    char role[16];
    int member = membership_role(c, e, s->chapter.id, s->user, role, sizeof role);
    if (member < 0) return -1;
    if (member) return err_set(e, E_CONFLICT, "You are already a member of %s.", s->chapter.name);
    if (join_request_insert(c, e, s->chapter.id, s->user, s->message, &s->id) < 0) return -1;
    json_t *connectors = chapter_connector_emails(c, e, s->chapter.id);
    if (!connectors) return -1;
    size_t i;
    json_t *row;
    int rc = 0;
    json_array_foreach(connectors, i, row) {
        if ((rc = mail_queuef(c, e, json_string_value(json_object_get(row, "email")), "join_request",
                              "{s:s, s:s, s:s, s:s}", "requester", s->requester, "chapter", s->chapter.name, "message",
                              s->message, "link", s->link)) < 0)
            break;
    }
    json_decref(connectors);
    return rc;
}

int join_request_send(DbConn *c, Err *e, Arena *a, JoinRequestSend *s)
{
    if (!s->message) s->message = "";
    if (str_utf8_len(s->message) > MESSAGE_MAX)
        return err_field(e, E_INVALID, "message", "Please keep the message under %d characters.", MESSAGE_MAX);
    if (str_eq(s->chapter.status, "closed")) return err_set(e, E_CONFLICT, "This chapter is closed and does not take new members.");
    s->link = arena_printf(a, "%s/chapters/%s/join-requests", s->public_url ? s->public_url : "", s->chapter.slug);
    return db_write(c, join_request_send_tx, s, e);
}

static int join_request_cancel_tx(DbConn *c, void *ctx, Err *e)
{
    ChapterItem *it = ctx;
    int changed = join_request_withdraw_mine(c, e, it->chapter, it->id);
    if (changed < 0) return -1;
    return changed ? 0 : err_set(e, E_NOT_FOUND, "You have no pending request to join this chapter.");
}

int join_request_cancel(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id)
{
    ChapterItem it = { chapter_id, user_id };
    return db_write(c, join_request_cancel_tx, &it, e);
}

static int join_request_decide_tx(DbConn *c, void *ctx, Err *e)
{
    JoinDecision *d = ctx;
    json_t *row = NULL;
    int found = join_request_get(c, e, d->chapter.id, d->id, &row);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_NOT_FOUND, "There is no such request for this chapter.");
    int rc = -1;
    const char *status = json_string_value(json_object_get(row, "status"));
    d->requester = arena_strdup(d->a, json_string_value(json_object_get(row, "name")));
    if (!str_eq(status, "pending")) {
        err_set(e, E_CONFLICT, "This request was already answered (%s).", status);
        goto done;
    }
    int64_t user = json_integer_value(json_object_get(row, "user_id"));
    const char *email = json_string_value(json_object_get(row, "email"));
    if (d->approve) {
        /* admission rules apply as for invitations: capacity, one per sector */
        if (membership_add(c, e, d->chapter.id, user, "member", d->by) < 0) goto done;
        rc = mail_queuef(c, e, email, "join_approved", "{s:s, s:s}", "chapter", d->chapter.name, "slug", d->chapter.slug);
    } else {
        if (join_request_close(c, e, d->id, "declined", d->by, d->reason) < 0) goto done;
        rc = mail_queuef(c, e, email, "join_declined", "{s:s, s:s}", "chapter", d->chapter.name, "reason", d->reason);
    }
done:
    json_decref(row);
    return rc;
}

int join_request_decide(DbConn *c, Err *e, JoinDecision *d)
{
    if (!d->reason) d->reason = "";
    if (str_utf8_len(d->reason) > MESSAGE_MAX)
        return err_field(e, E_INVALID, "reason", "Please keep the note under %d characters.", MESSAGE_MAX);
    if (d->id <= 0) return err_set(e, E_NOT_FOUND, "There is no such request.");
    d->requester = "";
    return db_write(c, join_request_decide_tx, d, e);
}

/* ---------- leaving, removing, connectors ---------- */

/* The role of m->user in the chapter into role; 0, or -1: not a member (409 for
 * oneself, 404 for someone else) or an error. */
static int member_role(DbConn *c, Err *e, const MemberChange *m, char role[16])
{
    int found = membership_role(c, e, m->chapter.id, m->user, role, 16);
    if (found < 0) return -1;
    if (found) return 0;
    bool self = m->user == m->by;
    return err_set(e, self ? E_CONFLICT : E_NOT_FOUND, "%s not a member of %s.", self ? "You are" : "That person is",
                   m->chapter.name);
}

static int membership_leave_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    char role[16] = "";
    if (member_role(c, e, m, role) < 0) return -1;
    int64_t connectors = 0, members = 0;
    if (str_eq(role, "connector")) {
        if (connector_count(c, e, m->chapter.id, &connectors) < 0) return -1;
        if (chapter_member_count(c, e, m->chapter.id, &members) < 0) return -1;
    }
    if (membership_leave_check(role, connectors, members, m->chapter.name, e) < 0) return -1;
    return membership_remove(c, e, m->chapter.id, m->user, "left", m->user);
}

int membership_leave(DbConn *c, Err *e, MemberChange *m)
{
    m->by = m->user;
    return db_write(c, membership_leave_tx, m, e);
}

static int membership_step_down_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    int64_t connectors = 0;
    if (connector_count(c, e, m->chapter.id, &connectors) < 0) return -1;
    if (connector_step_down_check(connectors, m->chapter.name, e) < 0) return -1;
    return membership_set_role(c, e, m->chapter.id, m->user, "member", m->by);
}

int membership_step_down(DbConn *c, Err *e, MemberChange *m)
{
    return db_write(c, membership_step_down_tx, m, e);
}

static int membership_expel_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    char role[16] = "";
    if (member_role(c, e, m, role) < 0) return -1;
    if (member_removal_check(m->by, m->user, role, e) < 0) return -1;
    return membership_remove(c, e, m->chapter.id, m->user, "removed", m->by);
}

int membership_expel(DbConn *c, Err *e, MemberChange *m)
{
    if (m->user <= 0) return err_set(e, E_NOT_FOUND, "There is no such member.");
    if (m->user == m->by) return member_removal_check(m->by, m->user, "", e);
    return db_write(c, membership_expel_tx, m, e);
}

static int membership_promote_tx(DbConn *c, void *ctx, Err *e)
{
    MemberChange *m = ctx;
    char role[16] = "";
    if (member_role(c, e, m, role) < 0) return -1;
    bool connector = str_eq(role, "connector");
    if (connector && !m->hand_over) return err_set(e, E_CONFLICT, "That member is already a connector.");
    if (!connector && membership_set_role(c, e, m->chapter.id, m->user, "connector", m->by) < 0) return -1;
    if (m->hand_over) return membership_set_role(c, e, m->chapter.id, m->by, "member", m->by);
    return 0;
}

int membership_promote(DbConn *c, Err *e, MemberChange *m)
{
    if (m->user <= 0) return err_set(e, E_NOT_FOUND, "There is no such member.");
    if (m->user == m->by) return err_set(e, E_CONFLICT, "You are already a connector.");
    return db_write(c, membership_promote_tx, m, e);
}
