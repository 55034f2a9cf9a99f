/* rules_orgs.c - the rules of an organisation's profile and of its managers
 * (ledger.h, organisations.c). No I/O. */
#include "base/i18n.h"
#include "base/str.h"
#include "ledger/ledger.h"

void org_profile_check(OrgProfile *o, FieldErrs *f)
{
    if (str_empty(o->name) || str_utf8_len(o->name) > 120) field_err(f, "name", "Give the organisation's name (under 120 characters).");
    else if (!str_single_line(o->name)) field_err(f, "name", "Please keep the name on one line (without line breaks).");
    if (str_empty(o->kind)) o->kind = "sponsor";
    if (!str_eq(o->kind, "sponsor") && !str_eq(o->kind, "venue") && !str_eq(o->kind, "supplier") && !str_eq(o->kind, "other"))
        field_err(f, "kind", "An organisation is a sponsor, a venue, a supplier or other.");
    if (!o->website) o->website = "";
    if (*o->website && !str_starts(o->website, "https://") && !str_starts(o->website, "http://"))
        field_err(f, "website", "The website should start with https://.");
    else if (str_utf8_len(o->website) > 300 || !str_single_line(o->website))
        field_err(f, "website", "Please give the website's address on one line, under 300 characters.");
}

/* A manager may leave or remove others while another manager stays: an
 * organisation a member once ran is never left without anyone but the
 * administrators by a manager's own hand. */
const char *org_manager_removal_refused(bool by_admin, int64_t managers)
{
    if (by_admin || managers > 1) return NULL;
    return N_("This is the organisation's last manager: add another manager first (or ask a network administrator).");
}

/* The managers are listed whole (on the organisation's page and through the
 * API): a few people act for an organisation, never its whole staff. */
const char *org_manager_add_refused(int64_t managers)
{
    return managers >= ORG_MANAGERS_MAX ? N_("An organisation has at most 50 managers: remove one before you add another.") : NULL;
}
