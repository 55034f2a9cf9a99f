/* guard.c - identification, route flags, per-object roles and CSRF (see guard.h). */
#include "web/guard.h"

#include <sodium.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "web/app.h"
#include "web/feature.h"
#include "web/route.h"

const char *guard_mac(Req *r, const char *purpose, const char *text, size_t bytes)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, r->app->secret, sizeof r->app->secret);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)text, strlen(text));
    crypto_auth_hmacsha256_final(&st, mac);
    if (bytes > sizeof mac) bytes = sizeof mac;
    size_t n = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *s = arena_alloc(r->arena, n);
    sodium_bin2base64(s, n, mac, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return s;
}

const char *guard_csrf_for(Req *r, const char *binding)
{
    return guard_mac(r, "csrf:", binding, 24);
}

/* Anonymous visitors get a random cookie that their forms' CSRF token is bound to. */
static void bind_anonymous(Req *r)
{
    const char *anon = r->cookie_anon;
    if (!anon || strlen(anon) < 32 || strlen(anon) > 64) {
        anon = token_new(r->arena);
        r->anon_cookie = anon;
        req_cookie(r, "glocal_csrf", anon, -1);
        r->cookie_anon = NULL;   /* a request that had no cookie cannot carry a valid token */
    }
    r->csrf = guard_csrf_for(r, anon);
}

/* The token is made when something needs it — a page that shows a form, or
 * the check of a state-changing request — not for every request: an anonymous
 * GET of a page without a form then costs no random bytes, no HMAC and no
 * Set-Cookie. What it is bound to was settled by guard_identify. */
const char *guard_csrf(Req *r)
{
    if (r->csrf || !r->csrf_due) return r->csrf;
    r->csrf_due = false;
    if (r->session_token) r->csrf = guard_csrf_for(r, r->session_token);
    else bind_anonymous(r);
    return r->csrf;
}

int guard_identify(Req *r)
{
    Err e = { 0 };
    int64_t now = now_unix();
    if (r->authorization && str_starts(r->authorization, "Bearer ")) {
        if (!r->api)
            return req_fail(r, E_UNAUTHORIZED, "API tokens are accepted on /api/v1 only.");
        const char *token = r->authorization + 7;
        int found = feature_identity()->by_token(r->db, r->arena, &e, token_hash(r->arena, token), &r->me);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) {
            req_header(r, "WWW-Authenticate", "Bearer realm=\"glocal\", error=\"invalid_token\"");
            return req_fail(r, E_UNAUTHORIZED, "That API token is not valid (revoked, or never issued).");
        }
        r->via_token = true;
        return 0;
    }
    if (r->cookie_session && *r->cookie_session && strlen(r->cookie_session) < 128) {
        int64_t sid = 0, last_seen = 0;
        int found = feature_identity()->by_session(r->db, r->arena, &e, token_hash(r->arena, r->cookie_session), now,
                                                   &r->me, &sid, &last_seen);
        if (found < 0) return req_fail_err(r, &e);
        if (found) {
            r->session_id = sid;
            r->session_token = r->cookie_session;
            r->csrf_due = true;
            if (now - last_seen > feature_identity()->touch_seconds && feature_identity()->touch(r->db, &e, sid, now) < 0)
                log_warn("could not record session activity: %s", e.msg);
            return 0;
        }
        memset(&r->me, 0, sizeof r->me);
        req_cookie(r, "glocal_session", "", 0);   /* ended or unknown: forget it */
    }
    r->csrf_due = true;   /* bound to the anonymous cookie, made or checked on first use */
    return 0;
}

static bool csrf_ok(Req *r)
{
    if (r->via_token) return true;
    const char *want = guard_csrf(r);   /* first: it forgets an anonymous cookie that cannot be valid */
    const char *sent = r->csrf_header;
    if (!sent) sent = req_input_raw(r, "_csrf");
    return sent && want && (r->session_id || r->cookie_anon) && token_equal(sent, want);
}

/* A 404 in the reader's language: `sentence` (N_(), "%s" for the key) is
 * filled by hand, so a translation cannot bring format directives of its own. */
static int not_found(Req *r, const char *sentence, const char *key)
{
    const char *t = tr(sentence), *at = strstr(t, "%s");
    if (!at) return req_fail(r, E_NOT_FOUND, "%s", t);
    return req_fail(r, E_NOT_FOUND, "%.*s%s%s", (int)(at - t), t, key, at + 2);
}

int guard_check(Req *r)
{
    unsigned f = r->route->flags;
    Err e = { 0 };
    bool unsafe = !(r->method & (M_GET | M_HEAD | M_OPTIONS));
    bool needs_login = f & (F_LOGIN | F_ADMIN | F_PLEDGE | F_MEMBER | F_CONNECTOR | F_MANAGER);
    if (needs_login && !r->me.id)
        return req_fail(r, E_UNAUTHORIZED, "Please log in to continue.");
    if (unsafe && !(f & F_NOCSRF) && !csrf_ok(r))
        return req_fail(r, E_FORBIDDEN,
                        "This form has expired or did not come from this site (missing or wrong CSRF "
                        "token). Go back, reload the page and try again.");
    if ((f & F_ADMIN) && !r->me.is_admin)
        return req_fail(r, E_FORBIDDEN, "Only network administrators can do this.");

    /* every object the path names, loaded with what the caller may do with it */
    for (int i = 0; i < r->nparams; i++) {
        const char *key = r->pvalues[i];
        const PathLoader *l = feature_loader(r->pnames[i]);
        if (!l || !l->load) continue;
        int found = l->load(r, key, &e);
        if (found < 0) return req_fail_err(r, &e);
        if (!found) return not_found(r, l->missing, key);
        if ((f & F_MANAGER) && l->manager_only && !r->object_manager) return req_fail(r, E_FORBIDDEN, "%s", tr(l->manager_only));
    }
    if (r->chapter) {
        const char *name = json_string_value(json_object_get(r->chapter, "name"));
        bool admin_ok = (f & F_ADMIN_OK) && r->me.is_admin;
        if ((f & F_CONNECTOR) && !str_eq(r->chapter_role, "connector") && !admin_ok)
            return req_fail(r, E_FORBIDDEN, "Only the connectors of %s can do this.", name);
        if ((f & F_MEMBER) && !r->chapter_role && !admin_ok)
            return req_fail(r, E_FORBIDDEN, "Only members of %s can see or do this.", name);
    }
    /* numeric ids ({id}, and what features declare so), once the caller may act here at all */
    for (int i = 0; i < r->nparams; i++) {
        const PathLoader *l = feature_loader(r->pnames[i]);
        int64_t id = 0;
        if ((l ? !l->load : str_eq(r->pnames[i], "id")) && !(str_to_i64(r->pvalues[i], &id) && id > 0))
            return not_found(r, l ? l->missing : N_("There is no item numbered \"%s\"."), r->pvalues[i]);
    }
    if (f & F_PLEDGE) {
        int64_t current = feature_identity()->pledge_current(r->db, &e);
        if (current < 0) return req_fail_err(r, &e);
        if (current > 0 && r->me.pledge_version < current) {
            Buf b;
            buf_init(&b, r->arena);
            buf_adds(&b, "/pledge");
            if (r->method == M_GET) {   /* come back here once it is accepted */
                buf_adds(&b, "?next=");
                str_url_encode(&b, r->full_path);
            }
            r->location = buf_str(&b);
            return req_fail(r, E_FORBIDDEN,
                            "Please read and accept the network's collaboration pledge first (at /pledge).");
        }
    }
    return 0;
}

int guard_login(Req *r, int64_t user_id)
{
    Err e = { 0 };
    const char *token = token_new(r->arena);
    int64_t sid = 0;
    if (feature_identity()->start(r->db, &e, user_id, token_hash(r->arena, token), r->ip,
                                  r->user_agent ? r->user_agent : "", &sid) < 0)
        return req_fail_err(r, &e);
    /* a new session at every login: whatever cookie came before is replaced */
    r->session_id = sid;
    r->session_token = token;
    r->csrf = guard_csrf_for(r, token);
    req_cookie(r, "glocal_session", token, feature_identity()->session_max_seconds);
    return 0;
}

void guard_logout(Req *r)
{
    Err e = { 0 };
    if (r->session_id && feature_identity()->end(r->db, &e, r->session_id) < 0)
        log_warn("could not end a session: %s", e.msg);
    r->session_id = 0;
    r->session_token = NULL;   /* a form shown after this is bound to an anonymous cookie */
    r->csrf = NULL;
    r->csrf_due = true;
    memset(&r->me, 0, sizeof r->me);
    req_cookie(r, "glocal_session", "", 0);
}

const PathLoader *feature_loader(const char *param)
{
    for (size_t i = 0; i < feature_count; i++)
        for (const PathLoader *l = features[i]->loaders; l && l->param; l++)
            if (str_eq(l->param, param)) return l;
    return NULL;
}

const Identity *feature_identity(void)
{
    for (size_t i = 0; i < feature_count; i++)
        if (features[i]->identity) return features[i]->identity;
    return NULL;
}
