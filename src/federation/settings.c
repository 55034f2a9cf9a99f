/* settings.c - the administrator's federation settings: the blocked domains
 * and whether private and loopback addresses may be reached. */
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
    return setting_put(c, e, FED_ALLOW_PRIVATE, s->allow_private ? "1" : "0");
}

int fed_settings_save(DbConn *c, Err *e, Arena *a, FedSettings *s, FieldErrs *problems)
{
    if (s->blocked_domains) {
        s->blocked_domains = fed_domains_check(a, s->blocked_domains, problems);
        if (!s->blocked_domains) return fields_failed(e, problems);
    }
    Save k = { s };
    return db_write(c, save_tx, &k, e);
}

json_t *fed_settings_read(DbConn *c, Arena *a)
{
    return json_pack("{s:s, s:b}", "blocked_domains", setting_get(c, a, FED_BLOCKED_DOMAINS, ""), "allow_private",
                     str_eq(setting_get(c, a, FED_ALLOW_PRIVATE, "0"), "1"));
}
