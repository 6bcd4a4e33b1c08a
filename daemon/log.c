/*
 * log.c - levelled logging to stderr (see log.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static enum log_level log_level = LOG_LEVEL_INFO;

static const char *const log_names[] = {
	[LOG_LEVEL_ERR] = "error",
	[LOG_LEVEL_WARNING] = "warning",
	[LOG_LEVEL_NOTICE] = "notice",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

void
log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

int
log_level_parse(const char *s)
{
	int i;

	for (i = LOG_LEVEL_ERR; i <= LOG_LEVEL_DEBUG; i++) {
		if (strcmp(s, log_names[i]) == 0)
			return i;
	}
	if (strcmp(s, "err") == 0)
		return LOG_LEVEL_ERR;
	if (strcmp(s, "warn") == 0)
		return LOG_LEVEL_WARNING;
	return -1;
}

const char *
log_level_name(enum log_level level)
{
	if (level < LOG_LEVEL_ERR || level > LOG_LEVEL_DEBUG)
		return "?";
	return log_names[level];
}

static void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	static int journal = -1;
	char line[2048];
	int n;

	if (journal == -1)
		journal = getenv("JOURNAL_STREAM") != NULL || !isatty(2);
	if (journal)
		n = snprintf(line, sizeof line, "<%d>", level);
	else
		n = snprintf(line, sizeof line,
		    "civicd: %s: ", log_level_name(level));
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	/* One write per line, so concurrent writers do not interleave. */
	n = (int)strlen(line);
	line[n < (int)sizeof line - 1 ? n : (int)sizeof line - 2] = '\n';
	n = n < (int)sizeof line - 1 ? n + 1 : (int)sizeof line - 1;
	if (write(2, line, (size_t)n) < 0) {
		/* Nowhere left to say it. */
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}
