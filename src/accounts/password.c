/* password.c - Argon2id password hashes (libsodium), at most two at a time.
 *
 * Each hash takes 64 MiB and a fraction of a second on purpose; the cap keeps a
 * flood of logins from exhausting memory (requests wait, then get 503). */
#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "web/app.h"

int password_hash(App *app, const char *password, char *out, Err *e)
{
    if (app_hash_begin(app, e) < 0) return -1;
    int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    app_hash_end(app);
    if (rc != 0) return err_set(e, E_UNAVAILABLE, "The server is short of memory; please try again in a moment.");
    return 0;
}

int password_verify(App *app, const char *hash, const char *password, Err *e)
{
    if (app_hash_begin(app, e) < 0) return -1;
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    app_hash_end(app);
    return rc == 0 ? 1 : 0;
}
