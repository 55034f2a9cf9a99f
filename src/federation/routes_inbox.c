/* routes_inbox.c - the inboxes and the rotation of keys (the administrator's
 * settings that say whom they hear are in routes_peers.c). The inboxes: the shared one (/ap/inbox) and each actor's
 * (node, chapters, places), all one handler. The body is read raw (the
 * signature covers its digest), at most FED_INBOX_MAX bytes (413), must be a
 * JSON object (400), and must be signed (401) by its actor's key; a blocked
 * domain is refused (403). Accepted: 202, also for a replay (its id seen
 * before), which stores nothing. */
#include <string.h>

#include "base/str.h"
#include "federation/ap.h"

/* The headers a signature may cover, read from the request. */
static const char *const signed_headers[] = {
    "host", "date", "digest", "content-digest", "content-type", "content-length", "signature", "signature-input",
    "accept", "user-agent",
};
#define N_SIGNED (sizeof signed_headers / sizeof signed_headers[0])

int fed_inbox(Req *r)
{
    if (r->too_large || r->upload.len > FED_INBOX_MAX)
        return req_fail(r, E_TOO_LARGE, "An activity is at most %d bytes.", FED_INBOX_MAX);
    json_error_t je;
    json_t *act = req_own(r, json_loadb(r->upload.data ? r->upload.data : "", r->upload.len, JSON_REJECT_DUPLICATES, &je));
    if (!json_is_object(act)) return req_fail(r, E_BAD_REQUEST, "The body is not a JSON object: %s.", je.text);
    HsHeader *h = arena_alloc(r->arena, sizeof(HsHeader) * N_SIGNED);
    size_t n = 0;
    for (size_t i = 0; i < N_SIGNED; i++) {
        const char *v = req_header_in(r, signed_headers[i]);
        if (v) h[n++] = (HsHeader){ signed_headers[i], v };
    }
    const char *base = fed_base(r);
    HsRequest hr = { .method = "POST", .target = r->full_path, .scheme = str_starts(base, "https:") ? "https" : "http",
                     .authority = req_header_in(r, "host"), .headers = h, .n_headers = n,
                     .body = (const unsigned char *)r->upload.data, .body_len = r->upload.len };
    if (!hs_is_signed(&hr)) return req_fail(r, E_UNAUTHORIZED, "Activities must be signed (HTTP Signatures).");
    Err e = { 0 };
    FedIncoming in = { .base = base, .req = &hr, .activity = act, .now = now_unix() };
    if (fed_receive(r->db, r->arena, &e, &in) < 0) return req_fail_err(r, &e);
    r->status = 202;
    buf_adds(&r->body, in.replay ? "{\"status\":\"seen before\"}\n" : "{\"status\":\"accepted\"}\n");
    return req_raw(r, "application/json; charset=utf-8");
}

int fed_keys_rotate_submit(Req *r)
{
    Err e = { 0 };
    json_t *rotated = NULL;
    const char *actor = req_input(r, "actor");
    int rc = fed_keys_rotate(r->db, &e, r->arena, actor ? actor : "", &rotated);
    req_own(r, rotated);
    if (rc < 0) {
        if (!e.field[0]) return req_fail_err(r, &e);
        req_error(r, e.field, "%s", e.msg);
        return req_invalid(r, NULL);
    }
    req_set(r, "rotated", json_incref(rotated));
    return req_redirect(r, "/admin/federation",
                        req_printf(r, "%zu key%s rotated; the old ones stay readable for 30 days.", json_array_size(rotated),
                                   json_array_size(rotated) == 1 ? "" : "s"));
}
