/* calendar.c - the secret addresses of members' personal calendar feeds: an
 * HMAC of the member and their calendar key under the node secret, so nothing
 * is stored and bumping the key (calendar_key_reset) retires every older
 * address (see meetings.h). */
#include <sodium.h>
#include <string.h>

#include "meetings/meetings.h"
#include "meetings/store.h"

const char *calendar_feed_mac(Arena *a, const unsigned char *secret, int64_t user_id, int64_t key)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    const char *msg = arena_printf(a, "calendar:%lld:%lld", (long long)user_id, (long long)key);
    crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), secret);
    size_t n = sodium_base64_ENCODED_LEN(18, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *s = arena_alloc(a, n);
    sodium_bin2base64(s, n, mac, 18, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return s;
}

const char *calendar_feed_url(DbConn *c, Err *e, Arena *a, const unsigned char *secret, const char *public_url,
                              int64_t user_id)
{
    int64_t key = 0;
    if (user_calendar_key(c, e, user_id, &key) < 0) return NULL;
    return arena_printf(a, "%s/calendar/%lld-%s.ics", public_url, (long long)user_id,
                        calendar_feed_mac(a, secret, user_id, key));
}
