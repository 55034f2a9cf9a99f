/* site.h - pages that belong to no feature: about, health, static assets,
 * the OpenAPI document. */
#ifndef GLOCAL_SITE_H
#define GLOCAL_SITE_H

#include "web/req.h"

int about_show(Req *r);
int health_show(Req *r);
int asset_show(Req *r);
int openapi_show(Req *r);

#endif
