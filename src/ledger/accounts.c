/* accounts.c - opening accounts by hand: a chapter's earmarked baskets, and
 * the organisations (sponsors, venues, suppliers) that appear in the books. */
#include <string.h>

#include "base/str.h"
#include "ledger/internal.h"
#include "ledger/store.h"

static int basket_tx(DbConn *c, void *ctx, Err *e)
{
    NewBasket *b = ctx;
    int64_t parent = 0;
    if (account_of(c, e, "chapter", b->chapter, &parent) < 0) return -1;
    return basket_insert(c, e, parent, b->name, b->purpose, &b->id);
}

int ledger_basket_open(DbConn *c, Err *e, NewBasket *b, FieldErrs *f)
{
    if (str_empty(b->name)) field_err(f, "name", "Name the basket after what it pays for, e.g. \"Venue 2027\".");
    else if (str_utf8_len(b->name) > 80) field_err(f, "name", "Please keep the name under 80 characters.");
    else if (!str_single_line(b->name)) field_err(f, "name", "Please keep the name on one line (without line breaks).");
    if (str_empty(b->purpose)) field_err(f, "purpose", "Say what the basket's money may be spent on (its category), e.g. venue.");
    else if (str_utf8_len(b->purpose) > 80) field_err(f, "purpose", "Please keep the purpose under 80 characters.");
    if (f->n) return fields_failed(e, f);
    return db_write(c, basket_tx, b, e);
}

static int org_tx(DbConn *c, void *ctx, Err *e)
{
    NewOrg *o = ctx;
    return organisation_insert(c, e, o->name, o->slug, o->kind, o->website, &o->id);
}

int ledger_organisation_add(DbConn *c, Err *e, Arena *a, NewOrg *o, FieldErrs *f)
{
    OrgProfile p = { 0, o->name, o->kind, o->website };
    org_profile_check(&p, f);
    o->kind = p.kind;
    o->website = p.website;
    bool named = !str_empty(o->name) && str_utf8_len(o->name) <= 120 && str_single_line(o->name);
    if (named && !*(o->slug = str_slugify(a, o->name))) field_err(f, "name", "Please use some letters or digits in the name.");
    if (f->n) return fields_failed(e, f);
    return db_write(c, org_tx, o, e);
}
