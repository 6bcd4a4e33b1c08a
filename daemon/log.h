/*
 * log.h - civicd's log: stderr, one line a message, with the level as a
 * "<N>" prefix that journald understands (sd-daemon(3)) when stderr is not
 * a terminal, and as a word when it is.
 */
#ifndef CIVICD_LOG_H
#define CIVICD_LOG_H

enum log_level {
	LOG_LEVEL_ERR = 3,
	LOG_LEVEL_WARNING = 4,
	LOG_LEVEL_NOTICE = 5,
	LOG_LEVEL_INFO = 6,
	LOG_LEVEL_DEBUG = 7,
};

/* Sets the most verbose level written; messages above it are dropped. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

/* Parses "error", "warning", "notice", "info" or "debug"; -1 if none. */
int log_level_parse(const char *s);
const char *log_level_name(enum log_level level);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_err(...)    log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...)   log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LEVEL_NOTICE, __VA_ARGS__)
#define log_info(...)   log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)  log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

/* Logs at error level and exits 1. Only for start-up and for broken
 * internal invariants, never for anything a client sent. */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
