/* settings.c - the administrator's federation settings: the blocked domains,
 * whether private and loopback addresses may be reached, and how many
 * activities a remote host may send in a minute (and the counting of them). */
#include "accounts/accounts.h"
#include "base/str.h"
#include "federation/federation.h"
#include "settings/settings.h"

typedef struct Save {
    const FedSettings *s;
} Save;

static int save_tx(DbConn *c, void *ctx, Err *e)
{
    const FedSettings *s = ((Save *)ctx)->s;
    if (s->blocked_domains && setting_put(c, e, FED_BLOCKED_DOMAINS, s->blocked_domains) < 0) return -1;
    if (!str_empty(s->rate_limit) && setting_put(c, e, FED_RATE_LIMIT, s->rate_limit) < 0) return -1;
    return setting_put(c, e, FED_ALLOW_PRIVATE, s->allow_private ? "1" : "0");
}

int fed_settings_save(DbConn *c, Err *e, Arena *a, FedSettings *s, FieldErrs *problems)
{
    if (s->blocked_domains) s->blocked_domains = fed_domains_check(a, s->blocked_domains, problems);
    int64_t rate = 0;
    if (!str_empty(s->rate_limit)) {
        s->rate_limit = str_trim(a, s->rate_limit);
        if (!str_to_i64(s->rate_limit, &rate) || rate < 1 || rate > FED_RATE_MAX)
            field_err(problems, "rate_limit", "The limit is a whole number of activities a minute, from 1 to 100,000.");
        else s->rate_limit = arena_printf(a, "%lld", (long long)rate);
    }
    if (problems->n) return fields_failed(e, problems);
    Save k = { s };
    return db_write(c, save_tx, &k, e);
}

json_t *fed_settings_read(DbConn *c, Arena *a)
{
    return json_pack("{s:s, s:b, s:I}", "blocked_domains", setting_get(c, a, FED_BLOCKED_DOMAINS, ""), "allow_private",
                     str_eq(setting_get(c, a, FED_ALLOW_PRIVATE, "0"), "1"), "rate_limit", (json_int_t)fed_rate_limit(c, a));
}

int64_t fed_rate_limit(DbConn *c, Arena *a)
{
    int64_t n = 0;
    return str_to_i64(setting_get(c, a, FED_RATE_LIMIT, ""), &n) && n > 0 ? n : FED_RATE_DEFAULT;
}

int fed_rate_take(DbConn *c, Arena *a, Err *e, const char *host, int64_t now)
{
    Limit l = { "fed-inbox", (int)fed_rate_limit(c, a), 60, false, "activities from your server" };
    return limit_take(c, e, &l, host, now);
}
