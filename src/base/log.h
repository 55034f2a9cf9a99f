/* log.h - one line per event on stderr, with a UTC timestamp and a level.
 * Thread-safe (each line is written with a single write call). */
#ifndef GLOCAL_LOG_H
#define GLOCAL_LOG_H

enum { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern int log_level;   /* messages above this level are dropped; default LOG_INFO */

void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
