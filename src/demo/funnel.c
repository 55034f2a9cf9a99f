/* funnel.c - the demo's applications to start a chapter (data/demo/funnel.json),
 * made through growth's operations at the moments the data gives: most wait
 * for review (the administrator's queue at /growth/review, the documented
 * member's at /growth/applications), one was declined with a note, one
 * withdrawn. The funnel's report (/growth/funnel) counts them. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "growth/growth.h"


/* Who applies: the documented member, or the first member living in the metro without a chapter (any
 * member of the metro when all have one); -1 when the metro has nobody. */
static int applicant_of(const Demo *d, json_t *x, int metro)
{
    if (str_eq(json_string_value(json_object_get(x, "applicant")), "member")) {
        for (int i = 0; i < d->npeople; i++)
            if (str_eq(d->people[i].email, "member@glocal.example")) return i;
    }
    int any = -1;
    for (int i = 0; i < d->npeople; i++) {
        if (d->people[i].metro != metro || d->people[i].fixed) continue;
        if (!d->people[i].nchap) return i;
        if (any < 0) any = i;
    }
    return any;
}

static int one(Demo *d, DbConn *c, Err *e, json_t *x, int64_t admin)
{
    const char *S_name = json_string_value(json_object_get(x, "name"));
    int metro = metro_named(d->data, json_string_value(json_object_get(x, "metro")));
    int sector = sector_named(d->data, json_string_value(json_object_get(x, "sector")));
    int who = applicant_of(d, x, metro);
    if (who < 0) return err_set(e, E_INVALID, "demo: nobody lives in the metro of the application \"%s\"", S_name);
    const Person *p = &d->people[who];
    int64_t at = d->now - json_integer_value(json_object_get(x, "days_ago")) * DAY;
    FieldErrs problems = { .a = &d->a };
    FunnelApplyIn in = { .applicant = p->id, .applicant_email = p->email, .metro_id = d->metro_id[metro],
                         .sector_id = d->sector_id[sector], .name = S_name,
                         .second_email = json_string_value(json_object_get(x, "second")),
                         .message = json_string_value(json_object_get(x, "message")), .now = at };
    if (funnel_apply(c, e, &in, &problems) < 0) return -1;
    const char *note = json_string_value(json_object_get(x, "declined"));
    if (note) {
        FunnelDecision dec = { .id = in.id, .by = admin, .is_admin = true, .note = note, .public_url = "",
                               .now = d->now - json_integer_value(json_object_get(x, "reviewed_days_ago")) * DAY, .a = &d->a };
        if (funnel_decline(c, e, &dec, &problems) < 0) return -1;
        /* the outbox keeps what is recent: the demo's old decision is not waiting to be sent */
        if (demo_outbox_drop(c, e, p->email, "growth_application_declined") < 0) return -1;
        d->fn.declined++;
    } else if (json_object_get(x, "withdrawn_days_ago")) {
        if (funnel_withdraw(c, e, in.id, p->id, d->now - json_integer_value(json_object_get(x, "withdrawn_days_ago")) * DAY) < 0)
            return -1;
        d->fn.withdrawn++;
    } else {
        d->fn.waiting++;
    }
    return 0;
}

int demo_funnel_make(Demo *d, DbConn *c, Err *e)
{
    int64_t admin = 0;
    if (demo_admin_id(c, e, &admin) < 0) return -1;
    d->fn.waiting = d->fn.declined = d->fn.withdrawn = 0;
    json_t *x;
    size_t k;
    json_array_foreach(json_object_get(d->data->funnel, "applications"), k, x)
        if (one(d, c, e, x, admin) < 0) return -1;
    return 0;
}

void demo_funnel_summary(const Demo *d)
{
    printf("  %d applications to start a chapter: %d waiting for review, %d declined, %d withdrawn (/growth/funnel)\n",
           d->fn.waiting + d->fn.declined + d->fn.withdrawn, d->fn.waiting, d->fn.declined, d->fn.withdrawn);
}
