/* routes_lists.c - the pages of the lists: the chapters needing attention
 * and the white space. */
#include <time.h>

#include "growth/growth.h"

int growth_attention_show(Req *r)
{
    Err e = { 0 };
    return req_view(r, growth_attention(r->db, &e, r->arena, &r->me, time(NULL)), &e) < 0 ? -1 : req_page(r, "growth/attention");
}

int growth_white_space_show(Req *r)
{
    Err e = { 0 };
    return req_view(r, growth_white_space(r->db, &e), &e) < 0 ? -1 : req_page(r, "growth/white_space");
}
