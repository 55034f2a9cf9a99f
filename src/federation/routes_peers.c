/* routes_peers.c - the administrator's page of federation (/admin/federation,
 * and the same JSON at /api/v1/admin/federation): the other Glocal nodes this
 * one peers with and their state, a form to ask a node to peer, approval or
 * refusal of a node that asked, and the settings that say whom federation
 * hears (blocked domains, private addresses). */
#include "base/str.h"
#include "federation/ap.h"

/* The page's model: the settings, the peers, this node's own address. */
static int admin_model(Req *r)
{
    Err e = { 0 };
    json_t *peers = fed_peers_read(r->db, &e);
    if (!peers) return req_fail_err(r, &e);
    req_set(r, "peers", peers);
    req_set(r, "federation", fed_settings_read(r->db, r->arena));
    req_set_str(r, "node_url", fed_base(r));
    return 0;
}

int fed_settings_show(Req *r)
{
    if (admin_model(r) < 0) return -1;
    return req_page(r, "federation/admin");
}

int fed_settings_update(Req *r)
{
    Err e = { 0 };
    FedSettings s = { .blocked_domains = req_input(r, "blocked_domains"), .allow_private = req_input_bool(r, "allow_private") };
    s.rate_limit = req_input(r, "rate_limit");
    FieldErrs *problems = req_field_errs(r);
    if (fed_settings_save(r->db, &e, r->arena, &s, problems) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (admin_model(r) < 0) return -1;
        return req_invalid(r, "federation/admin");
    }
    req_set(r, "federation", fed_settings_read(r->db, r->arena));
    return req_redirect(r, "/admin/federation", "Federation's settings are saved.");
}

int fed_peer_ask_submit(Req *r)
{
    Err e = { 0 };
    FieldErrs *problems = req_field_errs(r);
    int64_t id = 0;
    if (fed_peer_ask(r->db, &e, r->arena, fed_base(r), req_input(r, "url"), problems, &id) < 0) {
        if (!req_form_refused(r, problems, &e)) return req_fail_err(r, &e);
        if (admin_model(r) < 0) return -1;
        return req_invalid(r, "federation/admin");
    }
    req_set(r, "peer", json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "asked"));
    return req_created(r, "/admin/federation",
                       "The request to peer is on its way: the other node's administrator approves or refuses it.");
}

static int decide(Req *r, bool approve)
{
    Err e = { 0 };
    if (fed_peer_decide(r->db, &e, fed_base(r), req_id(r, "id"), approve) < 0) return req_fail_err(r, &e);
    req_set(r, "peer", json_pack("{s:I, s:s}", "id", (json_int_t)req_id(r, "id"), "state", approve ? "approved" : "refused"));
    return req_redirect(r, "/admin/federation",
                        approve ? "The node is approved: it is told so, and what it publishes is taken in."
                                : "The node is refused: it is told so, and nothing it sends is taken in.");
}

int fed_peer_approve(Req *r)
{
    return decide(r, true);
}

int fed_peer_refuse(Req *r)
{
    return decide(r, false);
}
