/* features.c - the features this node runs, and the route table that maps
 * the URL space onto their handlers (src/routes.h). The one file that knows
 * every feature: the web layer sees them only through web/feature.h. */
#include "accounts/accounts.h"
#include "base/log.h"
#include "commons/commons.h"
#include "events/events.h"
#include "federation/federation.h"
#include "governance/governance.h"
#include "growth/growth.h"
#include "home/home.h"
#include "imports/imports.h"
#include "ledger/ledger.h"
#include "mail/mail.h"
#include "meetings/meetings.h"
#include "names/names.h"
#include "network/network.h"
#include "pictures/pictures.h"
#include "routes.h"
#include "search/search.h"
#include "unconf/unconf.h"
#include "web/feature.h"
#include "web/route.h"
#include "web/site.h"
#include "webhooks/webhooks.h"

#define AS_ROUTE(method, path, handler, flags, summary) { M_##method, path, handler, flags, summary },
const Route routes[] = { GLOCAL_ROUTES(AS_ROUTE) };
#undef AS_ROUTE
const size_t route_count = sizeof routes / sizeof routes[0];

const Feature *const features[] = {
    &accounts_feature, &network_feature, &meetings_feature, &ledger_feature, &events_feature, &governance_feature,
    &commons_feature,   &search_feature, &unconf_feature,     &growth_feature,     &mail_feature, &webhooks_feature,
    &federation_feature, &home_feature, &imports_feature, &names_feature, &pictures_feature,
};
const size_t feature_count = sizeof features / sizeof features[0];

int features_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    int rc = 0;
    for (size_t i = 0; i < feature_count; i++) {
        if (!features[i]->tick) continue;
        Err fe = { 0 };
        if (features[i]->tick(c, now, report, &fe) < 0) {
            log_warn("the periodic work of %s failed: %s", features[i]->name, fe.msg);
            if (rc == 0) *e = fe;
            rc = -1;
        }
    }
    return rc;
}

int features_deliver(DbConn *c, int64_t now, const char *worker, int max, Err *e)
{
    int done = 0, failed = 0;
    for (size_t i = 0; i < feature_count; i++) {
        if (!features[i]->deliver) continue;
        Err fe = { 0 };
        int n = features[i]->deliver(c, now, worker, max, &fe);
        if (n < 0) {
            log_warn("the deliveries of %s failed: %s", features[i]->name, fe.msg);
            if (!failed++) *e = fe;
        } else {
            done += n;
        }
    }
    return done == 0 && failed ? -1 : done;
}

int features_extend(Req *r, const char *page, Err *e)
{
    for (size_t i = 0; i < feature_count; i++)
        if (features[i]->extend && features[i]->extend(r, page, e) < 0) return -1;
    return 0;
}
