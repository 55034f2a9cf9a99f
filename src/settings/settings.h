/* settings.h - the network's settings (name, about text, mail sender, the
 * node's secret, ...): one key-value table every part of Glocal reads. A
 * shared service, not a feature: any module may include it. */
#ifndef GLOCAL_SETTINGS_H
#define GLOCAL_SETTINGS_H

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* A setting, or `fallback` when unset (arena). A database error is logged
 * and gives the fallback (a page still shows with its default name). */
const char *setting_get(DbConn *c, Arena *a, const char *key, const char *fallback);
/* Writes a setting (inside db_write). */
int setting_put(DbConn *c, Err *e, const char *key, const char *value);

#endif
