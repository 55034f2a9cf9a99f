/* guard.h - who is asking, and may they? Enforced centrally from route flags.
 *
 * guard_identify works out the caller (a personal API token on /api/v1, else
 * the session cookie) and what the CSRF token of their forms is bound to (the
 * token itself is made on first use: guard_csrf). guard_check
 * then enforces the route's flags (see route.h), loads every object the path
 * names through the features' loaders (web/feature.h: {chapter} with the
 * caller's role in it, {event}, {place}, numeric ids), and checks the CSRF token of every
 * state-changing request that rides on a cookie. Both return 0 or fill r->err. */
#ifndef GLOCAL_GUARD_H
#define GLOCAL_GUARD_H

#include "web/req.h"

int guard_identify(Req *r);
int guard_check(Req *r);
/* The CSRF token bound to a session token or an anonymous cookie (arena). */
const char *guard_csrf_for(Req *r, const char *binding);
/* A signature under the node secret of `text` for one purpose ("csrf:",
 * "lsn:"): the first `bytes` (≤ 32) of HMAC-SHA256(secret, purpose || text),
 * base64url without padding (arena). */
const char *guard_mac(Req *r, const char *purpose, const char *text, size_t bytes);
/* The token this request's forms carry, made on first use (NULL for API-token
 * callers): for an anonymous visitor without a valid glocal_csrf cookie that
 * sets a new cookie, so only pages that show a form (or check a token) pay. */
const char *guard_csrf(Req *r);
/* Starts a session for user `user_id` (login, sign-up): a fresh token, a
 * cookie, and a new CSRF binding. */
int guard_login(Req *r, int64_t user_id);
void guard_logout(Req *r);

#endif
