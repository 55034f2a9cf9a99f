/* routes_contributions.c - a meeting's small contributions (who lent the
 * room, brought food, prepared), recorded in the chapter's books from the
 * meeting's page: the form's model (one names picker a row, the chapter's
 * currency for money) and its handler, which reads each row's "who" as the
 * books' pickers read a name and calls the books' one operation
 * (ledger_capture). A refused form comes back on the meeting's page with
 * what was sent. */
#include "base/str.h"
#include "ledger/ledger.h"
#include "meetings/internal.h"
#include "names/names.h"

/* The contributions form (connectors' only): its rows with what was sent
 * (shown again after an error), each with its picker of the chapter's members,
 * and the chapter's usual currency for money. 0, or -1 answered. */
int meeting_capture_model(Req *r)
{
    if (!meetings_connector(r)) return 0;
    Err e = { 0 };
    const char *chapter = json_string_value(json_object_get(r->chapter, "slug"));
    const char *money = chapter_currency(r->db, &e, r->arena, r->chapter_id);
    if (!money && e.code) return req_fail_err(r, &e);
    req_set_str(r, "_money", money ? money : "EUR");
    const char *who[CAPTURE_ROWS] = { 0 }, *res[CAPTURE_ROWS] = { 0 }, *amount[CAPTURE_ROWS] = { 0 }, *note[CAPTURE_ROWS] = { 0 };
    req_input_all(r, "who", who, CAPTURE_ROWS);
    req_input_all(r, "resource", res, CAPTURE_ROWS);
    req_input_all(r, "amount", amount, CAPTURE_ROWS);
    req_input_all(r, "note", note, CAPTURE_ROWS);
    json_t *rows = req_own(r, json_array());
    for (int n = 0; n < 3; n++) {
        NamesPick p = { .field = "who", .id = req_printf(r, "who-%d", n + 1), .label = N_("Who"), .kinds = NAME_MEMBER | NAME_ORG, .chapter = chapter,
                        .value = who[n] ? who[n] : "", .few = true, .hint = N_("A member of the chapter or an organisation: choose it, or type the name."),
                        .hint_few = N_("A member of the chapter or an organisation.") };
        json_t *picker = names_pick(r, &p);
        if (!picker) return -1;
        const char *r_is = res[n] ? res[n] : "HOURS";
        json_array_append_new(rows, json_pack("{s:i, s:o, s:s, s:s, s:{s:b}, s:b}", "n", n + 1, "picker", picker, "amount",
                                              amount[n] ? amount[n] : "", "note", note[n] ? note[n] : "", "is", r_is, 1, "is_money",
                                              str_eq(r_is, money ? money : "EUR")));
    }
    req_set(r, "_capture_rows", json_incref(rows));
    return 0;
}

/* Each row's "who" as the picker sent it (member:42) or a name typed without
 * script, read among the chapter's members and the organisations; a problem
 * names its row (at who-N on the page, where that row's picker shows it, at
 * who for the API). */
static void capture_who(Req *r, Capture *cp, FieldErrs *f)
{
    const char *chapter = json_string_value(json_object_get(r->chapter, "slug"));
    for (int i = 0; i < cp->n; i++) {
        if (str_empty(cp->who[i])) continue;
        const char *at = req_printf(r, "who-%d", i + 1);
        FieldErrs row = { .a = r->arena };
        cp->who[i] = names_value(r, &row, at, cp->who[i], NAME_MEMBER | NAME_ORG, chapter);
        for (int k = 0; k < row.n; k++) field_err(f, r->api ? "who" : at, "Row %d: %s", i + 1, row.at[k].msg);
        if (!cp->who[i]) cp->who[i] = "";
    }
}

/* Refused: problems with rows, or a refusal at a field (the gate's 403 and 409
 * keep their status), shown with the form; anything else is an error. */
static int capture_refused(Req *r, const Err *e, const FieldErrs *f)
{
    bool at_field = e->field[0] && (e->code == E_INVALID || e->code == E_CONFLICT || e->code == E_FORBIDDEN);
    if (!f->n && !at_field) return req_fail_err(r, e);
    for (int i = 0; i < f->n; i++) req_error(r, f->at[i].field, "%s", f->at[i].msg);
    if (!f->n) req_error(r, e->field, "%s", e->msg);
    int rc = meeting_invalid(r, "contributions", 0);
    if (!f->n) r->err.code = e->code;
    return rc;
}

int meeting_contributions(Req *r)
{
    Err e = { 0 };
    ViewerBuf vb;
    if (ledger_viewer(r->db, &e, r->me.id, r->me.is_admin, &vb) < 0) return req_fail_err(r, &e);
    Actor actor = ledger_actor(&vb);
    Capture cp = { .chapter = r->chapter_id, .meeting = req_id(r, "meeting"), .by = r->me.id };
    int nw = req_input_all(r, "who", cp.who, CAPTURE_ROWS), nr = req_input_all(r, "resource", cp.resource, CAPTURE_ROWS);
    int na = req_input_all(r, "amount", cp.amount, CAPTURE_ROWS);
    cp.nnote = req_input_all(r, "note", cp.note, CAPTURE_ROWS);
    cp.n = nw < nr ? nw : nr;
    if (na < cp.n) cp.n = na;
    FieldErrs f = { .a = r->arena };
    capture_who(r, &cp, &f);
    if (ledger_capture(r->db, &e, r->arena, &actor, &cp, &f) < 0) return capture_refused(r, &e, &f);
    req_set_int(r, "recorded", cp.made);
    return req_created(r, req_printf(r, "/chapters/%s/meetings/%lld", json_string_value(json_object_get(r->chapter, "slug")), (long long)cp.meeting),
                       req_printf(r, "%lld contribution%s recorded in the chapter's books.", (long long)cp.made, cp.made == 1 ? "" : "s"));
}
