/* store_tokens.c - the single-use links sent by e-mail (schema 018): their
 * hashes, their purpose, when they lapse and whether they were used. */
#include "accounts/accounts.h"
#include "accounts/store.h"

int account_token_put(DbConn *c, Err *e, const AccountToken *t)
{
    return db_exec(c, e,
                   "INSERT INTO account_tokens (purpose, token_hash, user_id, registration_id, created_at, expires_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   DT(t->purpose), DT(t->hash), DID(t->user_id), DID(t->registration_id), DI(t->created_at), DI(t->expires_at)) < 0
               ? -1
               : 0;
}

int account_token_find(DbConn *c, Err *e, const char *purpose, const char *hash, AccountToken *t)
{
    json_t *row = NULL;
    int found = db_row(c, e, &row,
                       "SELECT id, user_id, registration_id, created_at, expires_at, coalesce(used_at, 0) AS used_at"
                       "  FROM account_tokens WHERE token_hash = $1 AND purpose = $2",
                       DT(hash), DT(purpose));
    if (found <= 0) return found;
    *t = (AccountToken){
        .id = json_integer_value(json_object_get(row, "id")),
        .purpose = purpose,
        .hash = hash,
        .user_id = json_integer_value(json_object_get(row, "user_id")),
        .registration_id = json_integer_value(json_object_get(row, "registration_id")),
        .created_at = json_integer_value(json_object_get(row, "created_at")),
        .expires_at = json_integer_value(json_object_get(row, "expires_at")),
        .used_at = json_integer_value(json_object_get(row, "used_at")),
    };
    json_decref(row);
    return 1;
}

int account_token_use(DbConn *c, Err *e, int64_t id, int64_t now)
{
    return db_exec(c, e, "UPDATE account_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL", DI(id), DI(now));
}

int reset_tokens_retire(DbConn *c, Err *e, int64_t user_id, int64_t now)
{
    return db_exec(c, e, "UPDATE account_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = 'reset' AND used_at IS NULL",
                   DI(user_id), DI(now)) < 0 ? -1 : 0;
}

int account_tokens_purge(DbConn *c, Err *e, int64_t before)
{
    return db_exec(c, e, "DELETE FROM account_tokens WHERE expires_at < $1", DI(before));
}

int user_reset_lookup(DbConn *c, Err *e, const char *email, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.email, u.name, coalesce(p.timezone, 'UTC') AS timezone FROM users u"
                  "  LEFT JOIN places p ON p.id = u.metro_id WHERE u.email = $1", DT(email));
}

int user_reset_by_id(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT u.id, u.email, u.name, coalesce(p.timezone, 'UTC') AS timezone FROM users u"
                  "  LEFT JOIN places p ON p.id = u.metro_id WHERE u.id = $1", DI(id));
}
