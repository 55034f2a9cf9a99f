/* matters.c - matters raised in a chapter, discussed there, resolved by a
 * connector or decided by the chapter, or escalated (only the summary the
 * raiser approved travels) to the committee of the first dense place on the
 * chapter's path, passed up by committees and decided there. Each operation
 * is one transaction: it loads the matter and what the caller is to it,
 * asks the rules (rules_matters.c), writes the matter and its step, and
 * queues its mail. Mail never carries the chapter's words (title, text,
 * notes, resolution): only the approved summary and the committees' own. */
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "governance/store.h"
#include "mail/mail.h"

/* ---------- what a caller is to a matter ---------- */

static int64_t num(json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

static const char *text(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

static MatterState state_of(json_t *row)
{
    return (MatterState){
        .status = text(row, "status"),
        .has_summary = !str_empty(text(row, "summary_title")),
        .approved = num(row, "summary_approved_at") > 0,
        .at_board = str_eq(text(row, "committee_level"), "board"),
        .chapter = text(row, "chapter_name"),
        .committee = json_string_value(json_object_get(row, "committee_name")),
    };
}

static int relation(DbConn *c, Err *e, json_t *row, int64_t user, bool admin, int64_t now, MatterRel *rel)
{
    memset(rel, 0, sizeof *rel);
    rel->admin = admin;
    if (!user) return 0;
    json_t *role = NULL;
    int found = chapter_role_of(c, e, num(row, "chapter_id"), user, &role);
    if (found < 0) return -1;
    rel->member = found > 0;
    rel->connector = found > 0 && str_eq(text(role, "role"), "connector");
    json_decref(role);
    rel->raiser = num(row, "raised_by") == user;
    int64_t holder = num(row, "committee_id");
    if (holder && (found = committee_seated(c, e, holder, user, now)) < 0) return -1;
    rel->seated = holder && found > 0;
    rel->reached = rel->seated;
    json_t *reached = rel->reached ? json_array() : matter_reached_rows(c, e, num(row, "id"));
    if (!reached) return -1;
    for (size_t i = 0; i < json_array_size(reached) && !rel->reached; i++) {
        found = committee_seated(c, e, num(json_array_get(reached, i), "committee_id"), user, now);
        if (found < 0) {
            json_decref(reached);
            return -1;
        }
        rel->reached = found > 0;
    }
    json_decref(reached);
    return 0;
}

/* A matter and what `by` is to it, for an operation (inside its transaction). */
typedef struct Loaded {
    json_t *row;
    MatterState st;
    MatterRel rel;
} Loaded;

static int load(DbConn *c, Err *e, const MatterAction *a, MatterAct act, Loaded *l)
{
    int found = matter_row(c, e, a->matter_id, &l->row);
    if (found < 0) return -1;
    if (!found) return err_set(e, E_NOT_FOUND, "There is no matter numbered %lld.", (long long)a->matter_id);
    if (relation(c, e, l->row, a->by, a->admin, a->now, &l->rel) < 0) return -1;
    l->st = state_of(l->row);
    if (!matter_view(&l->st, &l->rel)) return err_set(e, E_NOT_FOUND, "There is no matter numbered %lld.", (long long)a->matter_id);
    return matter_may(act, &l->st, &l->rel, e);
}

static int step(DbConn *c, Err *e, const MatterAction *a, const char *scope, const char *action, int64_t committee,
                const char *note)
{
    MatterStep s = { a->matter_id, scope, action, committee, a->by, note, a->now };
    return matter_step_insert(c, e, &s) < 0 ? -1 : 0;
}

static const char *link(Arena *a, const char *public_url, int64_t id)
{
    return arena_printf(a, "%s/matters/%lld", public_url ? public_url : "", (long long)id);
}

/* ---------- mail ---------- */

/* "A matter reached your committee": to its members, or, while it has none,
 * to the administrators who appoint them. Only the approved summary. */
static int mail_reached(DbConn *c, Err *e, json_t *row, int64_t committee_id, const MatterAction *a, const char *from)
{
    json_t *g = NULL, *to = NULL;
    int rc = -1;
    if (committee_get(c, e, committee_id, &g) <= 0) goto done;
    to = committee_mail_rows(c, e, committee_id, a->now);
    bool none = to && json_array_size(to) == 0;
    if (none) {
        json_decref(to);
        to = admin_mail_rows(c, e);
    }
    if (!to) goto done;
    Arena ar;
    arena_init(&ar, 256);
    const char *url = link(&ar, a->public_url, a->matter_id);
    size_t i;
    json_t *p;
    rc = 0;
    json_t *data = json_pack("{s:s, s:s, s:{s:s}, s:s, s:s, s:s, s:b}", "summary_title", text(row, "summary_title"), "summary",
                             text(row, "summary"), "_words", "kind", matter_kind_msgid(text(row, "kind")), "chapter",
                             text(row, "chapter_name"), "metro", text(row, "metro"), "link", url, "no_members", none);
    gov_mail_name(data, "committee", text(g, "name"), true);
    if (from) gov_mail_name(data, "from", from, true);
    json_array_foreach(to, i, p) {
        json_object_set_new(data, "name", json_string(text(p, "name")));
        if (rc == 0) rc = mail_queue(c, e, text(p, "email"), "gov_matter_reached", data);
    }
    json_decref(data);
    arena_release(&ar);
done:
    json_decref(g);
    json_decref(to);
    return rc;
}

static int tell(DbConn *c, Err *e, json_t *p, const char *name, json_t *data, int64_t raiser)
{
    json_object_set_new(data, "name", json_string(text(p, "name")));
    json_object_set_new(data, "is_raiser", json_boolean(num(p, "id") == raiser));
    return mail_queue(c, e, text(p, "email"), name, data);
}

/* To the raiser and the chapter's connectors (each once), but not to `except`. */
static int mail_chapter_side(DbConn *c, Err *e, json_t *row, const char *name, json_t *data, int64_t except)
{
    json_t *to = connector_mail_rows(c, e, num(row, "chapter_id"));
    if (!to) return -1;
    int64_t raiser = num(row, "raised_by");
    bool told = raiser == except;
    int rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(to, i, p) {
        if (num(p, "id") == raiser) told = true;
        if (num(p, "id") != except && rc == 0) rc = tell(c, e, p, name, data, raiser);
    }
    json_decref(to);
    if (rc == 0 && !told) {
        json_t *r = NULL;
        rc = user_brief(c, e, raiser, &r) > 0 ? tell(c, e, r, name, data, raiser) : -1;
        json_decref(r);
    }
    return rc;
}

/* ---------- raising, discussing, summarising ---------- */

static int raise_tx(DbConn *c, void *ctx, Err *e)
{
    MatterRaise *m = ctx;
    json_t *role = NULL;
    int found = chapter_role_of(c, e, m->chapter_id, m->by, &role);
    json_decref(role);
    if (found < 0) return -1;
    if (!found) return err_set(e, E_FORBIDDEN, "Only members of the chapter can raise a matter in it.");
    int64_t now = m->now ? m->now : now_unix();
    if (matter_insert(c, e, m, now, &m->id) < 0) return -1;
    MatterStep s = { m->id, "chapter", "raised", 0, m->by, "", now };
    return matter_step_insert(c, e, &s) < 0 ? -1 : 0;
}

int matter_raise(DbConn *c, Err *e, MatterRaise *m, FieldErrs *problems)
{
    matter_raise_problems(m->title, m->body, m->kind, problems);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, raise_tx, m, e);
}

static int note_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int rc = -1;
    if (matter_row(c, e, a->matter_id, &l.row) <= 0 || relation(c, e, l.row, a->by, a->admin, a->now, &l.rel) < 0) {
        if (!e->code) err_set(e, E_NOT_FOUND, "There is no matter numbered %lld.", (long long)a->matter_id);
        goto done;
    }
    l.st = state_of(l.row);
    const char *scope = a->scope ? a->scope : (l.rel.member || l.rel.raiser) ? "chapter" : "committee";
    if (!str_eq(scope, "chapter") && !str_eq(scope, "committee")) {
        err_field(e, E_INVALID, "scope", "A note is for the chapter or for the committee.");
        goto done;
    }
    if (!matter_view(&l.st, &l.rel)) {
        err_set(e, E_NOT_FOUND, "There is no matter numbered %lld.", (long long)a->matter_id);
        goto done;
    }
    bool chapter = str_eq(scope, "chapter");
    if (matter_may(chapter ? MA_NOTE_CHAPTER : MA_NOTE_COMMITTEE, &l.st, &l.rel, e) < 0) goto done;
    rc = step(c, e, a, scope, "note", chapter ? 0 : num(l.row, "committee_id"), a->text);
done:
    json_decref(l.row);
    return rc;
}

int matter_note(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems)
{
    matter_text_problems(a->text, "note", "note", 5000, true, problems);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, note_tx, a, e);
}

static int summarise_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int rc = -1;
    if (load(c, e, a, MA_SUMMARISE, &l) < 0) goto done;
    bool own = l.rel.raiser;   /* the raiser's own summary needs no second step */
    if (matter_summary_set(c, e, a->matter_id, a->title, a->text, a->by, own ? a->now : 0, a->now) < 0) goto done;
    if (step(c, e, a, "chapter", own ? "summary_approved" : "summary", 0, "") < 0) goto done;
    rc = 0;
    if (!own) {
        json_t *raiser = NULL;
        if (user_brief(c, e, num(l.row, "raised_by"), &raiser) <= 0) {
            rc = -1;
            goto done;
        }
        Arena ar;
        arena_init(&ar, 256);
        json_t *writer = NULL;
        if (user_brief(c, e, a->by, &writer) <= 0) rc = -1;
        else
            rc = mail_queuef(c, e, text(raiser, "email"), "gov_matter_summary", "{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "name",
                             text(raiser, "name"), "writer", text(writer, "name"), "chapter", text(l.row, "chapter_name"),
                             "summary_title", a->title, "summary", a->text, "link", link(&ar, a->public_url, a->matter_id),
                             "id", (json_int_t)a->matter_id);
        arena_release(&ar);
        json_decref(writer);
        json_decref(raiser);
    }
done:
    json_decref(l.row);
    return rc;
}

int matter_summarise(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems)
{
    matter_summary_problems(a->title, a->text, problems);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, summarise_tx, a, e);
}

static int approve_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int rc = -1;
    if (load(c, e, a, MA_APPROVE, &l) == 0 && matter_approved_set(c, e, a->matter_id, a->now) == 0)
        rc = step(c, e, a, "chapter", "approved", 0, "");
    json_decref(l.row);
    return rc;
}

int matter_approve(DbConn *c, Err *e, MatterAction *a)
{
    return db_write(c, approve_tx, a, e);
}

/* ---------- leaving the chapter, going up ---------- */

static int escalate_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int64_t place = 0;
    int rc = -1;
    if (load(c, e, a, MA_ESCALATE, &l) < 0 || gov_first_step(c, e, num(l.row, "metro_id"), &place) < 0) goto done;
    if (committee_ensure(c, e, place, &a->committee_id) < 0) goto done;
    if (matter_committee_set(c, e, a->matter_id, a->committee_id, a->now) < 0) goto done;
    if (step(c, e, a, "committee", "escalated", a->committee_id, "") < 0) goto done;
    rc = mail_reached(c, e, l.row, a->committee_id, a, NULL);
done:
    json_decref(l.row);
    return rc;
}

int matter_escalate(DbConn *c, Err *e, MatterAction *a)
{
    return db_write(c, escalate_tx, a, e);
}

static int pass_up_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int64_t next = 0;
    int rc = -1;
    if (load(c, e, a, MA_PASS_UP, &l) < 0 || gov_step_above(c, e, num(l.row, "committee_place_id"), &next) < 0) goto done;
    if (committee_ensure(c, e, next, &a->committee_id) < 0) goto done;
    if (matter_committee_set(c, e, a->matter_id, a->committee_id, a->now) < 0) goto done;
    if (step(c, e, a, "committee", "passed_up", a->committee_id, a->text) < 0) goto done;
    rc = mail_reached(c, e, l.row, a->committee_id, a, l.st.committee);
done:
    json_decref(l.row);
    return rc;
}

int matter_pass_up(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems)
{
    matter_text_problems(a->text, "note", "reason", 2000, false, problems);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, pass_up_tx, a, e);
}

/* ---------- settling ---------- */

/* "Your matter was decided": the summary's title, the statement and who decided. */
static int mail_decided(DbConn *c, Err *e, json_t *row, const char *committee, const char *statement, const char *link_url,
                        int64_t except)
{
    json_t *data = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)num(row, "id"), "chapter",
                             text(row, "chapter_name"), "summary_title", text(row, "summary_title"),
                             "statement", statement, "link", link_url);
    if (committee) gov_mail_name(data, "body", committee, true);
    else   /* the chapter's members decided it, by a proposal */
        json_object_set_new(data, "_words", json_pack("{s:[s, s]}", "body", N_("members of %s, by proposal"), text(row, "chapter_name")));
    int rc = mail_chapter_side(c, e, row, "gov_matter_decided", data, except);
    json_decref(data);
    return rc;
}

static int decide_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int rc = -1;
    if (load(c, e, a, MA_DECIDE, &l) < 0) goto done;
    int64_t committee = num(l.row, "committee_id");
    DecisionIn d = { .committee_id = committee, .place_id = num(l.row, "committee_place_id"), .matter_id = a->matter_id,
                     .source = "matter", .source_id = a->matter_id, .title = text(l.row, "summary_title"),
                     .statement = a->text, .opened_at = num(l.row, "escalated_at"), .decided_at = a->now, .created_by = a->by };
    if (decision_record(c, e, &d, &a->decision_id) < 0) goto done;
    if (matter_close_set(c, e, a->matter_id, "decided", a->text, a->decision_id, a->now) < 0) goto done;
    if (step(c, e, a, "committee", "decided", committee, a->text) < 0) goto done;
    Arena ar;
    arena_init(&ar, 256);
    rc = mail_decided(c, e, l.row, l.st.committee, a->text, link(&ar, a->public_url, a->matter_id), 0);
    arena_release(&ar);
done:
    json_decref(l.row);
    return rc;
}

int matter_decide(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems)
{
    matter_text_problems(a->text, "statement", "decision", 5000, true, problems);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, decide_tx, a, e);
}

static int resolve_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int rc = -1;
    if (load(c, e, a, MA_RESOLVE, &l) < 0 || matter_close_set(c, e, a->matter_id, "resolved", a->text, 0, a->now) < 0 ||
        step(c, e, a, "chapter", "resolved", 0, a->text) < 0)
        goto done;
    rc = 0;
    int64_t raiser = num(l.row, "raised_by");
    if (raiser != a->by) {
        json_t *p = NULL, *by = NULL;
        Arena ar;
        arena_init(&ar, 256);
        if (user_brief(c, e, raiser, &p) <= 0 || user_brief(c, e, a->by, &by) <= 0) rc = -1;
        else   /* the resolution is the chapter's words: the mail points to it */
            rc = mail_queuef(c, e, text(p, "email"), "gov_matter_resolved", "{s:s, s:s, s:s, s:s, s:I}", "name", text(p, "name"),
                             "resolver", text(by, "name"), "chapter", text(l.row, "chapter_name"), "link",
                             link(&ar, a->public_url, a->matter_id), "id", (json_int_t)a->matter_id);
        arena_release(&ar);
        json_decref(p);
        json_decref(by);
    }
done:
    json_decref(l.row);
    return rc;
}

int matter_resolve(DbConn *c, Err *e, MatterAction *a, FieldErrs *problems)
{
    matter_text_problems(a->text, "resolution", "resolution", 5000, true, problems);
    if (fields_check(problems, e) < 0) return -1;
    return db_write(c, resolve_tx, a, e);
}

static int withdraw_tx(DbConn *c, void *ctx, Err *e)
{
    MatterAction *a = ctx;
    Loaded l = { 0 };
    int rc = -1;
    if (load(c, e, a, MA_WITHDRAW, &l) == 0 && matter_close_set(c, e, a->matter_id, "withdrawn", "", 0, a->now) == 0)
        rc = step(c, e, a, "chapter", "withdrawn", 0, "");
    json_decref(l.row);
    return rc;
}

int matter_withdraw(DbConn *c, Err *e, MatterAction *a)
{
    return db_write(c, withdraw_tx, a, e);
}

typedef struct Settle {
    int64_t matter_id, decision_id, by, at;
} Settle;

static int settle_tx(DbConn *c, void *ctx, Err *e)
{
    Settle *s = ctx;
    json_t *row = NULL, *d = NULL;
    int rc = -1;
    int found = matter_row(c, e, s->matter_id, &row);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no matter numbered %lld.", (long long)s->matter_id);
        goto done;
    }
    MatterState st = state_of(row);
    MatterRel none = { 0 };
    if (matter_may(MA_SETTLE, &st, &none, e) < 0) goto done;
    if ((found = decision_get(c, e, s->decision_id, &d)) <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no decision numbered %lld.", (long long)s->decision_id);
        goto done;
    }
    const char *statement = text(d, "statement");
    bool up = str_eq(st.status, "escalated");
    MatterAction a = { .matter_id = s->matter_id, .by = s->by, .now = s->at };
    if (matter_close_set(c, e, s->matter_id, "decided", statement, s->decision_id, s->at) < 0) goto done;
    if (step(c, e, &a, up ? "committee" : "chapter", "settled", up ? num(row, "committee_id") : 0, statement) < 0) goto done;
    Arena ar;
    arena_init(&ar, 256);
    rc = mail_decided(c, e, row, up ? st.committee : NULL, statement, link(&ar, NULL, s->matter_id), 0);
    arena_release(&ar);
done:
    json_decref(row);
    json_decref(d);
    return rc;
}

int matter_settle(DbConn *c, Err *e, int64_t matter_id, int64_t decision_id, int64_t by, int64_t at)
{
    Settle s = { matter_id, decision_id, by, at };
    return db_write(c, settle_tx, &s, e);
}

/* ---------- reading ---------- */

/* What a committee's member (or an administrator) sees: the approved summary,
 * where it comes from and where it is; never the chapter's own words. */
static json_t *committee_view(json_t *row)
{
    static const char *const keys[] = {
        "id", "kind", "status", "summary_title", "summary", "summary_approved_at", "escalated_at", "closed_at", "updated_at",
        "chapter_slug", "chapter_name", "metro", "committee_id", "committee_key", "committee_name", "committee_level",
        "committee_place_id", "decision_id",
    };
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *x = json_object_get(row, keys[i]);
        json_object_set(v, keys[i], x ? x : json_null());
    }
    /* what the committee decided is the committee's word; a matter still held has none */
    json_object_set_new(v, "resolution", json_string(str_eq(text(row, "status"), "decided") ? text(row, "resolution") : ""));
    return v;
}

int matter_visible(DbConn *c, Err *e, int64_t matter_id, int64_t user, bool admin, int64_t now, json_t **out,
                   MatterRel *rel)
{
    json_t *row = NULL;
    *out = NULL;
    int found = matter_row(c, e, matter_id, &row);
    if (found <= 0) return found;
    if (relation(c, e, row, user, admin, now, rel) < 0) {
        json_decref(row);
        return -1;
    }
    MatterState st = state_of(row);
    const char *view = matter_view(&st, rel);
    if (!view) {
        json_decref(row);
        return 0;
    }
    *out = str_eq(view, "chapter") ? json_incref(row) : committee_view(row);
    json_decref(row);
    json_object_set_new(*out, "view", json_string(view));
    json_object_set_new(*out, "kind_label", json_string(matter_kind_label(text(*out, "kind"))));
    json_object_set_new(*out, "status_label", json_string(matter_status_label(text(*out, "status"))));
    return 1;
}

json_t *matter_steps(DbConn *c, Err *e, int64_t matter_id, const char *view)
{
    return matter_step_rows(c, e, matter_id, !str_eq(view, "chapter"));
}

/* Adds the words of kind and status to each row of a list. */
static json_t *labelled(json_t *rows)
{
    size_t i;
    json_t *m;
    json_array_foreach(rows, i, m) {
        json_object_set_new(m, "kind_label", json_string(matter_kind_label(text(m, "kind"))));
        json_object_set_new(m, "status_label", json_string(matter_status_label(text(m, "status"))));
    }
    return rows;
}

json_t *matters_of_chapter(DbConn *c, Err *e, int64_t chapter_id, int64_t limit, int64_t offset)
{
    json_t *rows = chapter_matter_rows(c, e, chapter_id, limit, offset);
    return rows ? labelled(rows) : NULL;
}

json_t *matters_of_committee(DbConn *c, Err *e, int64_t committee_id, int64_t limit, int64_t offset)
{
    json_t *rows = committee_matter_rows(c, e, committee_id, limit, offset);
    return rows ? labelled(rows) : NULL;
}

int matters_open_count(DbConn *c, Err *e, int64_t chapter_id, int64_t *n)
{
    return chapter_open_matters(c, e, chapter_id, n);
}

json_t *matter_abilities(json_t *view, const MatterRel *rel)
{
    MatterState st = state_of(view);
    Err e = { 0 };
    static const struct {
        const char *key;
        MatterAct act;
    } acts[] = {
        { "can_note_chapter", MA_NOTE_CHAPTER }, { "can_note_committee", MA_NOTE_COMMITTEE }, { "can_summarise", MA_SUMMARISE },
        { "can_approve", MA_APPROVE },           { "can_escalate", MA_ESCALATE },             { "can_resolve", MA_RESOLVE },
        { "can_withdraw", MA_WITHDRAW },         { "can_pass_up", MA_PASS_UP },               { "can_decide", MA_DECIDE },
    };
    json_t *v = json_pack("{s:s?, s:b, s:b, s:b, s:b, s:b}", "view", json_string_value(json_object_get(view, "view")),
                          "is_member", rel->member, "is_connector", rel->connector, "is_raiser", rel->raiser,
                          "on_committee", rel->seated, "is_admin", rel->admin);
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
        json_object_set_new(v, acts[i].key, json_boolean(matter_may(acts[i].act, &st, rel, &e) == 0));
    /* a summary is written and waits for the approval of whoever raised the matter */
    json_object_set_new(v, "awaits_approval", json_boolean(st.has_summary && !st.approved && str_eq(st.status, "open")));
    return v;
}
