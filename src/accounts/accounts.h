/* accounts.h - people's accounts: sign-up, login, sessions, API tokens, the
 * collaboration pledge, and the network settings an administrator changes.
 *
 * rules.c holds the pure rules (password and name policy, expiry); profile.c,
 * sessions.c and admin.c the operations (no Req); store.c all the SQL;
 * routes.c the handlers; password.c the Argon2id hashing. */
#ifndef GLOCAL_ACCOUNTS_H
#define GLOCAL_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

#define SESSION_IDLE_SECONDS   (14 * 24 * 3600)   /* unused for two weeks: ended */
#define SESSION_MAX_SECONDS    (60 * 24 * 3600)   /* ended two months after login, whatever happens */
#define SESSION_TOUCH_SECONDS  300                /* how stale last_seen may get before we write it */
#define TOKEN_PREFIX           "glc_"             /* personal API tokens start with this */
#define PASSWORD_MIN           10
#define PASSWORD_MAX           256

/* --- rules.c (pure) --- */
/* 0 if the password is acceptable, else -1 with a sentence in e (field "password"). */
int account_password_check(const char *password, const char *email, const char *name, Err *e);
/* A display name: 1-80 characters, no control characters. */
int account_name_check(const char *name, const char *field, Err *e);
/* Whether a member's choice of language is one we speak: "en", "pt", "fr", or
 * "" (none: the browser's, else the network's). */
bool language_choice_valid(const char *code);
/* Whether a session is still alive at `now`. */
bool session_alive(int64_t created, int64_t last_seen, int64_t now);

/* Whether a single-use link (schema 018) still works at `now`: 0, or -1 with
 * 410 and a sentence saying why (used already, or expired). `what` names it in
 * that sentence ("This reset link"). */
int account_link_usable(int64_t expires_at, int64_t used_at, int64_t now, const char *what, Err *e);

/* --- rules_throttle.c (pure): the limits on logins and costly requests ---
 * A counter counts `count` events since `window_start` (the last at
 * `last_at`); it is kept in the database, shared by every server (schema 022). */
#define LOGIN_FREE_FAILURES 5              /* failed logins for an account from an address before any delay */
#define LOGIN_DELAY_FIRST   5              /* seconds after the fifth, doubling with each further failure */
#define LOGIN_DELAY_MAX     (15 * 60)      /* ... up to 15 minutes */
#define LOGIN_FAILURES_KEPT (24 * 3600)    /* a day after the first failure, the count starts again */
typedef struct Limit {
    const char *name;                      /* the counter key's prefix */
    int max, window;                       /* at most `max` events in `window` seconds */
    bool backoff;                          /* instead: login_backoff on the count (max unused) */
    const char *what;                      /* "sign-ups from your address": what there were too many of */
} Limit;
typedef struct Throttle {
    int64_t count, window_start, last_at;
} Throttle;
extern const Limit LIMIT_LOGIN, LIMIT_LOGIN_DEVICE, LIMIT_LOGIN_ADDRESS, LIMIT_SIGNUP, LIMIT_PASSWORD, LIMIT_TOKEN, LIMIT_GUEST,
    LIMIT_RESET, LIMIT_RESET_ADDRESS;
/* Seconds to wait after `failures` failed logins, the last at `last_at`: 0 before
 * LOGIN_FREE_FAILURES, then LOGIN_DELAY_FIRST doubling per failure up to LOGIN_DELAY_MAX. */
int64_t login_backoff(int64_t failures, int64_t last_at, int64_t now);
/* Seconds before one more event of `l` may happen given the counter t; 0: now. */
int64_t limit_wait(const Limit *l, const Throttle *t, int64_t now);
/* 429 with Retry-After `wait` and a sentence saying what there was too much of and how long to wait; -1. */
int limit_refuse(Err *e, const Limit *l, int64_t wait);

/* The known-device cookie: after a login the browser keeps one naming the
 * account ("<user>.<issued>.<device>.<hex HMAC-SHA256 under the node secret>",
 * DEVICE_DAYS long). A login to that account carrying it is counted per
 * device (LIMIT_LOGIN_DEVICE) instead of per address (LIMIT_LOGIN,
 * LIMIT_LOGIN_ADDRESS): others' guesses from the same address do not slow it. */
#define DEVICE_COOKIE "glocal_device"
#define DEVICE_DAYS 365
#define DEVICE_KEY_BYTES 32
/* The cookie's value for `user` on the browser called `device` (random, no '.'), issued at `issued`. */
const char *device_cookie_make(Arena *a, const unsigned char key[DEVICE_KEY_BYTES], int64_t user, int64_t issued,
                               const char *device);
/* The account a cookie names when its MAC is right and it is at most DEVICE_DAYS
 * old at `now` (*device: the browser's name); 0 for anything else. */
int64_t device_cookie_read(Arena *a, const unsigned char key[DEVICE_KEY_BYTES], const char *value, int64_t now,
                           const char **device);

/* --- throttle.c: the limits' counters, shared by every server on the database ---
 * `who` is what is counted (an address, an account id, an e-mail address, or
 * "account|address"); only its SHA-256 is stored. */
/* Counts one event and refuses it (429) when it is one too many: for costly
 * requests, where each try counts. Writes (its own transaction). */
int limit_take(DbConn *c, Err *e, const Limit *l, const char *who, int64_t now);
/* Refuses (429) when `who` has no try left now; counts nothing. */
int limit_check(DbConn *c, Err *e, const Limit *l, const char *who, int64_t now);
/* Counts one event (a failure). Writes. */
int limit_count(DbConn *c, Err *e, const Limit *l, const char *who, int64_t now);
/* Forgets the counter (a success). Writes. */
int limit_forget(DbConn *c, Err *e, const Limit *l, const char *who);
/* Forgets counters whose last event is older than a day (Feature.tick): how many, or -1. Writes. */
int limits_prune(DbConn *c, Err *e, int64_t now);

/* --- password.c --- */
/* Hashes with Argon2id into out (crypto_pwhash_STRBYTES); -1 if the hashing cap stays full. */
int password_hash(App *app, const char *password, char *out, Err *e);
/* 1 matches, 0 does not, -1 busy. */
int password_verify(App *app, const char *hash, const char *password, Err *e);

/* --- store.c --- */
/* The person holding a live session with this token hash: 1 found, 0 none, -1 error. */
int session_lookup(DbConn *c, Arena *a, Err *e, const char *token_hash, int64_t now, Me *me,
                   int64_t *session_id, int64_t *last_seen);
/* The person holding a live personal API token: 1 found, 0 none, -1 error. */
int apitoken_lookup(DbConn *c, Arena *a, Err *e, const char *token_hash, Me *me);
int session_start(DbConn *c, Err *e, int64_t user_id, const char *token_hash, const char *ip,
                  const char *user_agent, int64_t *session_id);
int session_touch(DbConn *c, Err *e, int64_t session_id, int64_t now);
int session_end(DbConn *c, Err *e, int64_t session_id);
/* The current pledge version (0 if none was ever written). */
int64_t pledge_current(DbConn *c, Err *e);

/* Creates a user; 0 and *id, or -1 (409 with field "email" when taken). Writes; call inside db_write. */
int user_insert(DbConn *c, Err *e, const char *email, const char *name, const char *hash,
                bool is_admin, int64_t metro_id, int64_t sector_id, int64_t *id);
/* --- indexing.c: members in the search (found only by those logged in) --- */
/* Puts a member into the search index, inside the write that made or changed the account. */
int member_index(DbConn *c, Err *e, int64_t id);
/* Feature.reindex: every member (the search's documents and the words of member_words). */
int accounts_reindex(DbConn *c, Err *e);
/* Feature.start: makes member_words again when its version changed (after migration 036). */
int accounts_start(DbConn *c, void *ctx, Err *e);
/* What the search shows of members: up to `limit` rows with ids above `after` (store.c). */
json_t *user_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit);

/* Records acceptance of pledge `version` by the user. Writes. */
int pledge_accept(DbConn *c, Err *e, int64_t user_id, int64_t version);
/* Writes a new pledge version; returns it in *version. Writes. */
int pledge_publish(DbConn *c, Err *e, const char *title, const char *body, int64_t by, int64_t *version);
/* {version, title, body} of one pledge version: 1 found, 0 none, -1 error. */
int pledge_get(DbConn *c, Err *e, int64_t version, json_t **out);
/* The number of pledge versions written, in *n. */
int pledge_count(DbConn *c, Err *e, int64_t *n);

/* For the operator commands (src/cli/). */
/* The number of administrators, in *n. */
int admin_count(DbConn *c, Err *e, int64_t *n);
/* The number of administrators other than the account with this e-mail address, in *n. */
int admin_count_except_email(DbConn *c, Err *e, const char *email, int64_t *n);
/* The number of accounts changed (0: no account for that address), or -1. Writes. */
int user_set_admin_by_email(DbConn *c, Err *e, const char *email, bool admin);
/* The number of accounts changed (0: no account for that address), or -1. Writes. */
int user_password_set_by_email(DbConn *c, Err *e, const char *email, const char *hash);
/* Ends every session of the account with this e-mail address; 0 or -1. Writes. */
int session_end_by_email(DbConn *c, Err *e, const char *email);
/* Revokes every API token of the account with this e-mail address (its password changed): how many, or -1. Writes. */
int apitoken_revoke_by_email(DbConn *c, Err *e, const char *email, int64_t now);
/* Every account {id, email, name, is_admin}, oldest first. New reference, or NULL. */
json_t *user_list(DbConn *c, Err *e);

/* ---------- operations (no Req: the web, the command line, the demo, tests) ----------
 * Those that check a form note each problem in `problems` (a FieldErrs,
 * base/err.h) and fail with E_INVALID. */

/* --- profile.c: signing up, the profile, the password --- */
typedef struct NewAccount {
    const char *email, *name, *password;      /* email is lower-cased */
    int64_t metro_id, sector_id;              /* 0: none */
    const char *ip;                           /* the client's address (LIMIT_SIGNUP); NULL: not limited */
    int64_t now;
    const char *hash;                         /* out */
    int64_t id;                               /* out */
} NewAccount;
/* Creates an account (an address taken: E_CONFLICT on field "email"; at most
 * LIMIT_SIGNUP well-formed sign-ups per client address: 429). */
int account_create(DbConn *c, Err *e, App *app, Arena *a, NewAccount *u, FieldErrs *problems);

typedef struct ProfileChange {
    int64_t user;
    const char *name, *organisation, *bio;    /* NULL: as it is (then set to it) */
    int64_t metro_id, sector_id;              /* -1: as it is (then set to it); 0: none */
    const char *language;                     /* "en", "pt", "fr", "" (none chosen); NULL: as it is */
} ProfileChange;
int profile_change(DbConn *c, Err *e, Arena *a, ProfileChange *p, FieldErrs *problems);

typedef struct PasswordChange {
    int64_t user, keep_session;               /* the session that stays logged in */
    const char *email, *name;                 /* the password may not contain them */
    const char *current, *fresh;
    int64_t now;
    Arena *a;
    const char *hash;                         /* out */
    int ended;                                /* out: the other sessions ended */
    int revoked;                              /* out: the API tokens revoked */
} PasswordChange;
/* Sets a new password when the current one is given: ends the other sessions
 * and revokes every API token (then tells the owner by mail). A wrong current
 * password is counted (LIMIT_PASSWORD per account: 429 once used up). */
int password_change(DbConn *c, Err *e, App *app, PasswordChange *p, FieldErrs *problems);

/* --- sessions.c: logging in, personal API tokens --- */
typedef struct LoginAttempt {
    const char *email, *password;             /* email lower-cased */
    const char *ip;                           /* the client's address */
    int64_t device_user;                      /* the account a valid known-device cookie names (0: none) */
    const char *device;                       /* and the browser's name in it */
    int64_t now;
    Arena *a;
    int64_t id;                               /* out: the account */
} LoginAttempt;
/* 1 and id when the password is the account's (the failures counted for the
 * account from this address are forgotten); 0 when not, or no such account
 * (checked at the same cost; the failure is counted for the account from this
 * address and for the address); -1: 429 with retry_after when the account's
 * delay from this address (LIMIT_LOGIN) or the address's failures
 * (LIMIT_LOGIN_ADDRESS) say wait, 503 when hashing is busy, or an error.
 * When device_user is the account's, the device's own delay
 * (LIMIT_LOGIN_DEVICE) is checked, counted and forgotten instead of both
 * (its failures still count for the address). */
int account_login(DbConn *c, Err *e, App *app, LoginAttempt *l);

typedef struct TokenIssue {
    int64_t user;
    const char *name;
    Arena *a;
    int64_t now;
    const char *token;                        /* out: shown once */
    int64_t id;                               /* out */
} TokenIssue;
/* A new personal API token (at most 20 live: E_CONFLICT on "name"; at most
 * LIMIT_TOKEN made per account, each well-named request counted: 429). */
int token_issue(DbConn *c, Err *e, TokenIssue *t);
/* Revokes one of the user's live tokens (404 when none). */
int token_withdraw(DbConn *c, Err *e, int64_t user, int64_t id);

/* --- admin.c: the network's settings, its pledge, its administrators --- */
#define SETTING_UNSET INT64_MIN
typedef struct SettingsChange {
    const char *network_name, *about, *open_signup;  /* NULL: unchanged; open_signup "on"/"off" */
    const char *guest_verification;                  /* NULL: unchanged; "on" (guests confirm their address) / "off" */
    const char *language;                            /* NULL: unchanged; the network's default: "en", "pt", "fr" */
    int64_t activate_after_meetings, dormant_after_days;  /* SETTING_UNSET: unchanged */
} SettingsChange;
int settings_save(DbConn *c, Err *e, SettingsChange *s, FieldErrs *problems);

typedef struct PledgeText {
    const char *title, *body;
    int64_t by;                               /* the author, who accepts it */
    int64_t version;                          /* out */
} PledgeText;
int pledge_write(DbConn *c, Err *e, PledgeText *p, FieldErrs *problems);
/* Accepts the current pledge: `version` is the one read (E_INVALID "version" when -1: not given,
 * 409 when it changed), `accept` the tick (E_INVALID "accept" without it); 404 when none. */
int pledge_agree(DbConn *c, Err *e, int64_t user, int64_t version, bool accept);
/* Makes an account an administrator or not (the last one stays: 409; 404 when none). */
int admin_grant(DbConn *c, Err *e, int64_t user, bool admin);

/* --- reset.c and store_tokens.c: links sent by e-mail (schema 018) --- */
#define RESET_LINK_SECONDS 3600               /* a password reset link works for an hour */
#define ACCOUNT_TOKENS_KEPT (7 * 24 * 3600)   /* expired links are forgotten a week later */
typedef struct AccountToken {
    int64_t id;
    const char *purpose;                      /* "reset" or "guest": a token serves one */
    const char *hash;                         /* token_hash of the secret in the link */
    int64_t user_id, registration_id;         /* what it opens (0: nothing) */
    int64_t created_at, expires_at, used_at;  /* used_at 0: not yet */
} AccountToken;
/* Keeps a new token (its hash only). Writes. */
int account_token_put(DbConn *c, Err *e, const AccountToken *t);
/* The token of `purpose` with this hash into *t: 1, 0 when none (a token of
 * another purpose is none), -1. */
int account_token_find(DbConn *c, Err *e, const char *purpose, const char *hash, AccountToken *t);
/* Marks a token used: 1, or 0 when it was used already (by someone faster). Writes. */
int account_token_use(DbConn *c, Err *e, int64_t id, int64_t now);
/* Forgets the tokens that expired before `before`: how many, or -1. Writes. */
int account_tokens_purge(DbConn *c, Err *e, int64_t before);

typedef struct ResetAsk {
    const char *email;                        /* as typed: lower-cased here */
    const char *public_url, *ip;              /* the link's base; who asked (said in the mail) */
    int64_t now;
    Arena *a;
} ResetAsk;
/* Queues a reset link when an account has this address; when none has, does
 * the same work (a token that opens nothing) and queues nothing, so neither
 * the answer nor its time tells whether the address is known. Each request
 * counts against LIMIT_RESET_ADDRESS (the client) and LIMIT_RESET (the e-mail
 * address): 429 beyond. */
int password_reset_ask(DbConn *c, Err *e, ResetAsk *k);

typedef struct PasswordReset {
    const char *token;                        /* the secret from the link */
    const char *fresh;                        /* the new password; NULL: only check the link */
    int64_t now, caller;                      /* caller: the account logged in, or 0 */
    Arena *a;
    int64_t user;                             /* out: the account */
    const char *email, *name;                 /* out */
    int ended;                                /* out: the sessions ended */
    int revoked;                              /* out: the API tokens revoked */
} PasswordReset;
/* Checks a reset link (404 unknown, 410 used or expired, 409 when the caller
 * is logged in as another account) and, with `fresh`, sets the password by the
 * usual rules, uses the link up, ends every session of the account, revokes its
 * API tokens and tells its owner by e-mail. */
int password_reset(DbConn *c, Err *e, App *app, PasswordReset *p, FieldErrs *problems);
/* Feature.tick: forgets long-expired links. */
int accounts_tick(DbConn *c, int64_t now, Buf *report, Err *e);

/* What accounts give the web layer: who is calling (sessions, API tokens, the pledge). */
extern const Feature accounts_feature;

/* --- routes.c: handlers (see src/routes.h) --- */
int signup_form(Req *r);
int signup_submit(Req *r);
int login_form(Req *r);
int login_submit(Req *r);
int logout_submit(Req *r);
int language_choose(Req *r);
int me_show(Req *r);
int me_update(Req *r);
int password_submit(Req *r);
int tokens_index(Req *r);
int token_create(Req *r);
int token_revoke(Req *r);
int pledge_show(Req *r);
int pledge_accept_submit(Req *r);
int admin_settings_show(Req *r);
int admin_settings_update(Req *r);
int admin_pledge_update(Req *r);
int admin_users_index(Req *r);
int admin_user_update(Req *r);
int reset_ask_form(Req *r);
int reset_ask_submit(Req *r);
int reset_form(Req *r);
int reset_submit(Req *r);

#endif
