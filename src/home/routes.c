/* routes.c - the personal home's handler and the feature. GET /home (page
 * and API): what waits for the person logged in, gathered by home_gather. */
#include "base/str.h"
#include "home/home.h"

int personal_home(Req *r)
{
    Err e = { 0 };
    HomeAsk ask = { .user_id = r->me.id, .is_admin = r->me.is_admin, .now = now_unix() };
    if (req_view(r, home_gather(r->db, &e, r->arena, &ask), &e) < 0) return -1;
    return req_page(r, "home/index");
}

static const PathLoader loaders[] = { { NULL } };

const Feature home_feature = {
    .name = "home",
    .loaders = loaders,
};
