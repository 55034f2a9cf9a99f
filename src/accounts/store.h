/* store.h - the accounts' storage functions used only by their handlers
 * (private to src/accounts/). accounts.h has those other features use. */
#ifndef GLOCAL_ACCOUNTS_STORE_H
#define GLOCAL_ACCOUNTS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

int user_login_lookup(DbConn *c, Err *e, const char *email, json_t **out);
int user_password_get(DbConn *c, Err *e, int64_t id, json_t **out);
int user_password_set(DbConn *c, Err *e, int64_t id, const char *hash);
int user_profile_get(DbConn *c, Err *e, int64_t id, json_t **out);
int user_profile_fields(DbConn *c, Err *e, int64_t id, json_t **out);
int user_profile_save(DbConn *c, Err *e, int64_t id, const char *name, int64_t metro_id, int64_t sector_id,
                      const char *organisation, const char *bio, const char *language);
json_t *user_search(DbConn *c, Err *e, const char *like, int64_t limit, int64_t offset);
int user_search_count(DbConn *c, Err *e, const char *like, int64_t *total);

int admin_count_except(DbConn *c, Err *e, int64_t id, int64_t *n);
int user_set_admin(DbConn *c, Err *e, int64_t id, bool admin);
int admin_counts(DbConn *c, Err *e, json_t **out);

/* store_throttle.c: the counters of the limits (schema 022) */
/* The counter of key into *t: 1, 0 none (t zeroed), -1. */
int throttle_get(DbConn *c, Err *e, const char *key, Throttle *t);
/* Counts one event at `now` in a window of `window` seconds (a counter whose
 * window is over starts again at 1); the counter after it into *t. Writes. */
int throttle_add(DbConn *c, Err *e, const char *key, int64_t now, int window, Throttle *t);
int throttle_forget(DbConn *c, Err *e, const char *key);
/* Forgets counters whose last event was before `before`: how many, or -1. Writes. */
int throttle_prune(DbConn *c, Err *e, int64_t before);

int session_end_others(DbConn *c, Err *e, int64_t user_id, int64_t keep);
json_t *apitoken_list(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset);
int apitoken_count_live(DbConn *c, Err *e, int64_t user_id, int64_t *n);
int apitoken_insert(DbConn *c, Err *e, int64_t user_id, const char *name, const char *hash, const char *hint, int64_t *id);
int apitoken_revoke(DbConn *c, Err *e, int64_t user_id, int64_t id);
/* Revokes every live token of the person: how many, or -1. Writes. */
int apitoken_revoke_all(DbConn *c, Err *e, int64_t user_id, int64_t now);

/* {id, email, name, timezone} of the account with this address / id: 1, 0 none, -1. */
int user_reset_lookup(DbConn *c, Err *e, const char *email, json_t **out);
int user_reset_by_id(DbConn *c, Err *e, int64_t id, json_t **out);
/* Marks every unused reset link of the account used. Writes. */
int reset_tokens_retire(DbConn *c, Err *e, int64_t user_id, int64_t now);

int pledge_latest(DbConn *c, Err *e, json_t **out);
json_t *pledge_all(DbConn *c, Err *e);

/* The words a member is found by (member_words, schema 036): those of the account
 * `id` become `words` (folded, distinct), with its name for the list's order and
 * `all` (" every word, each after a space "). Writes. */
int user_words_set(DbConn *c, Err *e, int64_t id, const char *name, const char *const *words, size_t n, const char *all);
int user_words_clear(DbConn *c, Err *e);

#endif
