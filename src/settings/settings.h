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
/* Writes a setting (inside db_write), and raises the settings' version. */
int setting_put(DbConn *c, Err *e, const char *key, const char *value);
/* The settings' version: a number every setting_put raises in its own
 * transaction (cache_versions, schema 028). A process that keeps settings in
 * memory reads it (one row by its key) before it uses them and reads them
 * again when it moved, so a change made through another server sharing the
 * database is seen at once. 0 before any change; -1 on a database error
 * (logged). */
int64_t settings_version(DbConn *c);

#endif
