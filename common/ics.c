/*
 * ics.c - RFC 5545 output (see ics.h). Times are written in UTC ("Z"),
 * which every calendar reads without a VTIMEZONE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"

struct ics_buf {
	char *s;
	size_t len, cap;
	int oom;
};

static void
ics_put(struct ics_buf *b, const char *s, size_t n)
{
	char *ns;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((ns = realloc(b->s, b->cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->s = ns;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/*
 * Writes one content line, folded: no line longer than 75 octets, a fold
 * being CRLF and a space, never inside a UTF-8 sequence.
 */
static void
ics_line(struct ics_buf *b, const char *line)
{
	size_t len = strlen(line), off = 0, take, room = 75;

	while (len - off > room) {
		take = room;
		/* Back up to the start of a character. */
		while (take > 0 &&
		    ((unsigned char)line[off + take] & 0xc0) == 0x80)
			take--;
		ics_put(b, line + off, take);
		ics_put(b, "\r\n ", 3);
		off += take;
		room = 74; /* the leading space counts */
	}
	ics_put(b, line + off, len - off);
	ics_put(b, "\r\n", 2);
}

/* NAME:value with value escaped as TEXT (backslash, ";", ",", newline). */
static void
ics_text(struct ics_buf *b, const char *name, const char *value)
{
	struct ics_buf l = { NULL, 0, 0, 0 };
	const char *p;

	ics_put(&l, name, strlen(name));
	ics_put(&l, ":", 1);
	for (p = value; *p != '\0'; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			ics_put(&l, "\\", 1);
		if (*p == '\n')
			ics_put(&l, "\\n", 2);
		else if (*p != '\r')
			ics_put(&l, p, 1);
	}
	if (l.oom)
		b->oom = 1;
	else
		ics_line(b, l.s);
	free(l.s);
}

static void
ics_time(struct ics_buf *b, const char *name, time_t t)
{
	char line[64];
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(line, sizeof line, "%s:%04d%02d%02dT%02d%02d%02dZ", name,
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	ics_line(b, line);
}

char *
ics_calendar(const struct ics_event *e, size_t n)
{
	struct ics_buf b = { NULL, 0, 0, 0 };
	char seq[32];
	size_t i;

	ics_line(&b, "BEGIN:VCALENDAR");
	ics_line(&b, "VERSION:2.0");
	ics_line(&b, "PRODID:-//civic//civicd//DA");
	ics_line(&b, "CALSCALE:GREGORIAN");
	ics_line(&b, "METHOD:PUBLISH");
	for (i = 0; i < n; i++) {
		ics_line(&b, "BEGIN:VEVENT");
		ics_text(&b, "UID", e[i].uid);
		snprintf(seq, sizeof seq, "SEQUENCE:%lld",
		    (long long)e[i].sequence);
		ics_line(&b, seq);
		ics_time(&b, "DTSTAMP", e[i].stamp);
		ics_time(&b, "DTSTART", e[i].start);
		ics_time(&b, "DTEND", e[i].end);
		ics_text(&b, "SUMMARY", e[i].summary);
		if (e[i].location != NULL && *e[i].location != '\0')
			ics_text(&b, "LOCATION", e[i].location);
		if (e[i].description != NULL && *e[i].description != '\0')
			ics_text(&b, "DESCRIPTION", e[i].description);
		ics_text(&b, "STATUS", e[i].status);
		ics_line(&b, "END:VEVENT");
	}
	ics_line(&b, "END:VCALENDAR");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *
ics_event(const struct ics_event *e)
{
	return ics_calendar(e, 1);
}
