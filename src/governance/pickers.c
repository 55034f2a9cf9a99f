/* pickers.c - the governance forms' choice of a member (a delegate, a seat's
 * holder, a nominee) as the names picker (src/names/): a plain select of the
 * people who may be chosen when they are few, else a search of members by
 * name; and the reading of what such a field sent. The operations still take
 * the member's number and refuse those who may not be chosen. */
#include "base/str.h"
#include "governance/governance.h"
#include "governance/pickers.h"
#include "names/names.h"

int gov_member_picker(Req *r, const char *field, const char *label, const char *hint, const char *hint_few, const char *people,
                      const char *chapter)
{
    json_t *choices = req_own(r, json_array());
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->model, people), i, x)
        json_array_append_new(choices, json_pack("{s:s, s:O, s:s}", "value", req_printf(r, "member:%lld", (long long)json_integer_value(json_object_get(x, "id"))),
                                                 "label", json_object_get(x, "name"), "detail", ""));
    NamesPick p = { .field = field, .label = label, .hint = hint, .kinds = NAME_MEMBER, .chapter = chapter, .few = true, .choices = choices,
                    .hint_few = hint_few };
    json_t *picker = names_pick(r, &p);
    if (!picker) return -1;
    req_set(r, req_printf(r, "_picker_%s", field), picker);
    return 0;
}

int gov_member_input(Req *r, const char *field, const char *chapter, int64_t *id)
{
    FieldErrs f = { .a = r->arena };
    *id = names_member_id(r, &f, field, chapter);
    for (int i = 0; i < f.n; i++) req_error(r, f.at[i].field, "%s", f.at[i].msg);
    return f.n ? -1 : *id ? 1 : 0;
}
