/* routes_outbox.c - the administrator's view of mail: where it goes (the
 * SMTP server, the sender), how many messages are in each state, the messages
 * page by page, newest first, with their attempts and reasons, and a dead
 * message sent again. */
#include <string.h>

#include "mail/mail.h"
#include "web/paging.h"
#include "web/req.h"

int admin_outbox_index(Req *r)
{
    Err e = { 0 };
    Paging p;
    if (paging_read(r, &p, PAGING_PER_PAGE, PAGING_PER_PAGE_MAX) < 0) return -1;
    json_t *counts = outbox_counts(r->db, &e);
    if (!counts) return req_fail_err(r, &e);
    req_set(r, "counts", counts);
    json_t *mail = paging_trim(&p, outbox_recent(r->db, &e, p.limit, p.offset));
    if (!mail) return req_fail_err(r, &e);
    size_t i;
    json_t *m;
    json_array_foreach (mail, i, m) {
        const char *status = json_string_value(json_object_get(m, "status"));
        json_object_set_new(m, "is_dead", json_boolean(status && strcmp(status, "dead") == 0));
        json_object_set_new(m, "is_retry", json_boolean(status && strcmp(status, "retry") == 0));
        json_object_set_new(m, "is_waiting", json_boolean(status && strcmp(status, "sent") != 0 && strcmp(status, "dead") != 0));
    }
    req_set(r, "messages", mail);
    const MailConfig *cfg = mail_config();
    req_set(r, "sender", mail_smtp_display()
                             ? json_pack("{s:s,s:s?,s:i}", "smtp", mail_smtp_display(), "from", cfg->from_address,
                                         "lease_seconds", cfg->lease_seconds)
                             : json_null());
    paging_respond(r, &p);
    return req_page(r, "admin/outbox");
}

int admin_outbox_resend(Req *r)
{
    Err e = { 0 };
    int64_t id = req_id(r, "id");
    int done = mail_resend(r->db, &e, id);
    if (done < 0) return req_fail_err(r, &e);
    if (!done) return req_fail(r, E_CONFLICT, "Message %lld is not dead: only a message that could not be delivered is sent again.", (long long)id);
    return req_redirect(r, "/admin/outbox", "The message will be sent again within a minute.");
}
