/* funnel.c - the formation funnel's operations and reads: applying,
 * withdrawing, approving (the chapter made through the network's own
 * chapter_start, the second connector invited through its invitations) and
 * declining, each one transaction; one application as its viewer may see it,
 * a person's applications, the review queue, and the report of a place.
 *
 * Who may review is a rule (funnel_may_review) over facts fetched here: the
 * committees the reviewer sits on (governance's committees_of) and the places
 * above the application's metro. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "governance/governance.h"
#include "growth/growth.h"
#include "growth/store.h"
#include "mail/mail.h"
#include "network/network.h"

static const char *S(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int64_t I(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* The places of the committees `user` sits on at `now` (arena), and whether
 * one is the board. */
static int reviewer_of(DbConn *c, Err *e, Arena *a, int64_t user, bool is_admin, int64_t now, FunnelReviewer *r)
{
    *r = (FunnelReviewer){ .user = user, .is_admin = is_admin };
    if (is_admin || !user) return 0;
    json_t *list = committees_of(c, e, user, now), *row;
    if (!list) return -1;
    int64_t *places = arena_alloc(a, sizeof *places * (json_array_size(list) + 1));
    size_t i;
    int rc = 0;
    json_array_foreach(list, i, row) {
        if (str_eq(S(row, "level"), "board")) {
            r->board = true;
            continue;
        }
        json_t *committee = NULL;
        int found = committee_get(c, e, I(row, "committee_id"), &committee);
        if (found > 0 && I(committee, "place_id")) places[r->nplaces++] = I(committee, "place_id");
        json_decref(committee);
        if (found < 0) {
            rc = -1;
            break;
        }
    }
    r->places = places;
    json_decref(list);
    return rc;
}

/* The metro of an application row and the places above it. */
static size_t chain_of(json_t *app, int64_t chain[FUNNEL_CHAIN_MAX])
{
    size_t n = 0;
    static const char *const keys[] = { "metro_id", "metro_parent_id", "metro_grandparent_id" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (I(app, keys[i])) chain[n++] = I(app, keys[i]);
    return n;
}

static bool may_review(const FunnelReviewer *rv, json_t *app)
{
    int64_t chain[FUNNEL_CHAIN_MAX];
    size_t n = chain_of(app, chain);
    return funnel_may_review(rv, I(app, "applicant_id"), chain, n);
}

/* ---------- applying and withdrawing ---------- */

static int apply_tx(DbConn *c, void *ctx, Err *e)
{
    FunnelApplyIn *in = ctx;
    int64_t n = 0;
    if (funnel_store_waiting_like(c, e, in->applicant, in->metro_id, in->sector_id, &n) < 0) return -1;
    if (n)
        return err_set(e, E_CONFLICT, "You already have an application waiting for review for this city and sector: "
                                      "wait for its answer, or withdraw it first.");
    if (funnel_store_insert(c, e, in, in->second_email, &in->id) < 0) return -1;
    return funnel_store_step(c, e, in->id, "applied", in->now);
}

int funnel_apply(DbConn *c, Err *e, FunnelApplyIn *in, FieldErrs *problems)
{
    funnel_fields_problems(in, problems);
    if (in->metro_id > 0) {
        int found = metro_exists(c, e, in->metro_id);
        if (found < 0) return -1;
        if (!found) field_err(problems, "metro_id", "Please choose a city from the list.");
    }
    if (in->sector_id > 0) {
        int found = sector_exists(c, e, in->sector_id);
        if (found < 0) return -1;
        if (!found) field_err(problems, "sector_id", "Please choose a sector from the list.");
    }
    if (fields_check(problems, e) < 0) return -1;
    in->second_email = str_lower(problems->a, in->second_email);
    return db_write(c, apply_tx, in, e);
}

typedef struct Withdrawal {
    int64_t id, by, now;
} Withdrawal;

static int withdraw_tx(DbConn *c, void *ctx, Err *e)
{
    Withdrawal *w = ctx;
    json_t *app = NULL;
    int found = funnel_store_get(c, e, w->id, &app), rc = -1;
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such application.");
        goto done;
    }
    if (I(app, "applicant_id") != w->by) {
        err_set(e, E_FORBIDDEN, "Only the person who applied can withdraw an application.");
        goto done;
    }
    if (funnel_transition_check(S(app, "status"), "withdrawn", e) < 0) goto done;
    int changed = funnel_store_withdraw(c, e, w->id, w->now);
    if (changed <= 0) {
        if (!changed) err_set(e, E_CONFLICT, "This application has just been reviewed.");
        goto done;
    }
    rc = funnel_store_step(c, e, w->id, "withdrawn", w->now);
done:
    json_decref(app);
    return rc;
}

int funnel_withdraw(DbConn *c, Err *e, int64_t id, int64_t by, int64_t now)
{
    Withdrawal w = { id, by, now };
    return db_write(c, withdraw_tx, &w, e);
}

/* ---------- reviewing ---------- */

typedef struct Review {
    FunnelDecision *d;
    FieldErrs *problems;
    json_t *app;
} Review;

/* The application under review, loaded into rv->app: the reviewer may review
 * it, and it waits. */
static int review_load(DbConn *c, Err *e, Review *rv, const char *to)
{
    FunnelDecision *d = rv->d;
    int found = funnel_store_get(c, e, d->id, &rv->app);
    if (found < 0) return -1;
    if (!found) return err_set(e, E_NOT_FOUND, "There is no such application.");
    FunnelReviewer who;
    if (reviewer_of(c, e, d->a, d->by, d->is_admin, d->now, &who) < 0) return -1;
    if (!may_review(&who, rv->app))
        return err_set(e, E_FORBIDDEN, "Only an administrator or a member of the committee of %s (or of a place above it) can "
                                       "review this application, and never its applicant.", S(rv->app, "metro_name"));
    return funnel_transition_check(S(rv->app, "status"), to, e);
}

/* The review written and its steps recorded; 409 when someone else was quicker. */
static int review_record(DbConn *c, Err *e, Review *rv, const char *to, int64_t invitation_id)
{
    FunnelDecision *d = rv->d;
    int changed = funnel_store_review(c, e, d->id, to, d->by, d->note, d->chapter_id, invitation_id, d->now);
    if (changed < 0) return -1;
    if (!changed) return err_set(e, E_CONFLICT, "This application has just been reviewed.");
    if (str_eq(to, "approved"))
        return funnel_store_step(c, e, d->id, "approved", d->now) < 0 ? -1 : funnel_store_step(c, e, d->id, "forming", d->now);
    return funnel_store_step(c, e, d->id, to, d->now);
}

static int approve_tx(DbConn *c, void *ctx, Err *e)
{
    Review *rv = ctx;
    FunnelDecision *d = rv->d;
    if (review_load(c, e, rv, "approved") < 0) return -1;
    json_t *app = rv->app;
    int64_t applicant = I(app, "applicant_id");
    ChapterFields f = { .name = arena_strdup(d->a, S(app, "name")), .slug = "", .description = "", .sector_rule = "open",
                        .metro_id = I(app, "metro_id"), .sector_id = I(app, "sector_id"), .capacity = CHAPTER_CAPACITY_DEFAULT };
    if (chapter_start(c, e, d->a, &f, applicant, rv->problems, &d->chapter_id) < 0) return -1;
    d->chapter_slug = f.slug;
    /* the same invitation whether or not the address has an account: nothing here tells which */
    InvitationSend inv = { .chapter = { d->chapter_id, f.slug, f.name, "forming" }, .by = applicant,
                           .inviter = S(app, "applicant_name"), .email = S(app, "second_email"),
                           .message = S(app, "message"), .public_url = d->public_url };
    if (invitation_send(c, e, d->a, &inv, rv->problems) < 0) return -1;
    if (review_record(c, e, rv, "approved", inv.id) < 0) return -1;
    return mail_queuef(c, e, S(app, "applicant_email"), "growth_application_approved", "{s:s, s:s, s:s, s:s, s:s}", "name",
                       S(app, "applicant_name"), "chapter", f.name, "link",
                       arena_printf(d->a, "%s/chapters/%s", d->public_url ? d->public_url : "", f.slug), "note",
                       d->note ? d->note : "", "second_email", S(app, "second_email"));
}

static int decline_tx(DbConn *c, void *ctx, Err *e)
{
    Review *rv = ctx;
    FunnelDecision *d = rv->d;
    if (review_load(c, e, rv, "declined") < 0 || review_record(c, e, rv, "declined", 0) < 0) return -1;
    json_t *app = rv->app;
    return mail_queuef(c, e, S(app, "applicant_email"), "growth_application_declined", "{s:s, s:s, s:s, s:s, s:s}", "name",
                       S(app, "applicant_name"), "chapter", S(app, "name"), "metro", S(app, "metro_name"), "note", d->note,
                       "link", arena_printf(d->a, "%s/growth/applications/%lld", d->public_url ? d->public_url : "",
                                            (long long)d->id));
}

static int review(DbConn *c, Err *e, FunnelDecision *d, FieldErrs *problems, bool approve)
{
    Err x = { 0 };
    if (funnel_note_check(d->note, !approve, &x) < 0) {
        field_err(problems, "note", "%s", x.msg);
        return fields_check(problems, e);
    }
    Review rv = { d, problems, NULL };
    d->chapter_id = 0;
    int rc = db_write(c, approve ? approve_tx : decline_tx, &rv, e);
    json_decref(rv.app);
    return rc;
}

int funnel_approve(DbConn *c, Err *e, FunnelDecision *d, FieldErrs *problems)
{
    return review(c, e, d, problems, true);
}

int funnel_decline(DbConn *c, Err *e, FunnelDecision *d, FieldErrs *problems)
{
    return review(c, e, d, problems, false);
}

/* ---------- reads ---------- */

/* Where the second connector stands, in a word and a sentence. */
static void second_state(json_t *app, int64_t now)
{
    const char *state = "named", *text = _("Invited when the application is approved.");
    if (I(app, "second_user_id")) {
        state = "connector";
        text = _("Took the invitation up and is a connector of the chapter.");
    } else if (I(app, "second_invitation_id")) {
        state = invitation_state(I(app, "invitation_expires_at"), I(app, "invitation_accepted_at"),
                                 I(app, "invitation_revoked_at"), now);
        text = str_eq(state, "pending")    ? _("Invited to the chapter; not taken up yet.")
               : str_eq(state, "accepted") ? _("Took the invitation up; becomes a connector within minutes.")
               : str_eq(state, "expired")  ? _("The invitation expired; the chapter's connectors can invite them again.")
                                           : _("The invitation was withdrawn.");
    } else if (!str_eq(S(app, "status"), "applied")) {
        text = _("Not invited: the application was not approved.");
    }
    json_object_set_new(app, "second_state", json_string(state));
    json_object_set_new(app, "second_state_text", json_string(text));
}

/* The application's words for its pages, and what the viewer may do. */
static void application_dress(json_t *app, json_t *steps, bool mine, bool reviewer, int64_t now)
{
    bool waiting = str_eq(S(app, "status"), "applied");
    json_object_set_new(app, "status_name", json_string(funnel_status_name(S(app, "status"))));
    if (*S(app, "chapter_status"))
        json_object_set_new(app, "_chapter_status_label", json_string(chapter_status_label(S(app, "chapter_status"))));
    json_object_set_new(app, "is_waiting", json_boolean(waiting));
    json_object_set_new(app, "is_mine", json_boolean(mine));
    json_object_set_new(app, "can_withdraw", json_boolean(mine && waiting));
    json_object_set_new(app, "can_review", json_boolean(reviewer && waiting));
    second_state(app, now);
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) json_object_set_new(s, "name", json_string(funnel_step_name(S(s, "stage"))));
    json_object_set_new(app, "steps", steps);
    /* the applicant's address is for the e-mails, never shown */
    json_object_del(app, "applicant_email");
    static const char *const internal[] = { "invitation_expires_at", "invitation_accepted_at", "invitation_revoked_at",
                                            "second_invitation_id" };
    for (size_t k = 0; k < sizeof internal / sizeof internal[0]; k++) json_object_del(app, internal[k]);
}

int funnel_application_get(DbConn *c, Err *e, int64_t id, int64_t viewer, bool is_admin, int64_t now, json_t **out,
                           bool *reviewer)
{
    *out = NULL;
    *reviewer = false;
    json_t *app = NULL, *steps = NULL;
    int found = funnel_store_get(c, e, id, &app);
    if (found <= 0) return found;
    Arena a;
    arena_init(&a, 256);
    FunnelReviewer who;
    int rc = -1;
    if (reviewer_of(c, e, &a, viewer, is_admin, now, &who) < 0) goto done;
    bool mine = viewer && I(app, "applicant_id") == viewer;
    *reviewer = may_review(&who, app);
    rc = 0;
    if (!mine && !*reviewer) goto done;
    if (!(steps = funnel_store_steps_of(c, e, id))) {
        rc = -1;
        goto done;
    }
    application_dress(app, steps, mine, *reviewer, now);
    *out = app;
    app = NULL;
    rc = 1;
done:
    json_decref(app);
    arena_release(&a);
    return rc;
}

json_t *funnel_applications_of(DbConn *c, Err *e, int64_t user)
{
    json_t *list = funnel_store_of_user(c, e, user), *row;
    size_t i;
    json_array_foreach(list, i, row) {
        json_object_set_new(row, "status_name", json_string(funnel_status_name(S(row, "status"))));
        json_object_set_new(row, "can_withdraw", json_boolean(str_eq(S(row, "status"), "applied")));
    }
    return list;
}

json_t *funnel_queue(DbConn *c, Err *e, int64_t user, bool is_admin, int64_t now)
{
    Arena a;
    arena_init(&a, 256);
    FunnelReviewer who;
    json_t *all = NULL, *out = NULL, *row;
    if (reviewer_of(c, e, &a, user, is_admin, now, &who) < 0) goto done;
    if (!who.is_admin && !who.board && !who.nplaces) {
        err_set(e, E_FORBIDDEN, "Applications are reviewed by administrators and by the members of the places' committees.");
        goto done;
    }
    if (!(all = funnel_store_waiting(c, e))) goto done;
    out = json_array();
    size_t i;
    json_array_foreach(all, i, row) if (may_review(&who, row)) json_array_append(out, row);
done:
    json_decref(all);
    arena_release(&a);
    return out;
}

int funnel_report(DbConn *c, Err *e, Arena *a, int64_t place_id, int64_t now, FunnelReport *out)
{
    FunnelStep *steps = NULL;
    size_t n = 0;
    if (funnel_store_steps(c, e, a, place_id, &steps, &n) < 0) return -1;
    growth_funnel(steps, n, now, a, out);
    return 0;
}

json_t *funnel_place_options(DbConn *c, Err *e, int64_t selected)
{
    json_t *list = funnel_store_places(c, e), *out = NULL, *row;
    if (!list) return NULL;
    out = json_array();
    size_t i;
    json_array_foreach(list, i, row) {
        const char *parent = S(row, "parent_name");
        json_t *label = *parent ? json_sprintf("%s, %s", S(row, "name"), parent) : json_string(S(row, "name"));
        json_array_append_new(out, json_pack("{s:I, s:s, s:o, s:b}", "id", (json_int_t)I(row, "id"), "slug", S(row, "slug"),
                                             "label", label, "is_selected", I(row, "id") == selected));
    }
    json_decref(list);
    return out;
}
