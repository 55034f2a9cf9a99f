/* internal.h - what the books' operation files share (private to src/ledger/). */
#ifndef GLOCAL_LEDGER_INTERNAL_H
#define GLOCAL_LEDGER_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "ledger/ledger.h"

/* The amount `text` of `resource` as a person typed it: a problem at
 * "resource" when there is no such resource, at `field` when the amount is
 * malformed or more than one posting may move (the resource's row in *res,
 * a new reference, when it exists). 0, or -1 on a database error. */
int amount_read(DbConn *c, Err *e, const char *resource, const char *text, const char *field, int64_t *amount, json_t **res,
                FieldErrs *f);
/* Whether one posting may move this much of the resource (a row of resource_get). */
int resource_within(Arena *a, json_t *res, int64_t amount, Err *e);
/* Whether an account is a chapter's (its own account, or one of its baskets): 1, 0, or -1. */
int account_in_books(DbConn *c, Err *e, int64_t account, int64_t chapter_account);
/* The gate names no field; a form shows its refusal at the field it concerns. */
void gate_field(Err *e, const char *who, const char *how_much);

#endif
