/*
 * ics.h - one event as an RFC 5545 calendar (text/calendar).
 */
#ifndef CIVIC_ICS_H
#define CIVIC_ICS_H

#include <stddef.h>
#include <time.h>

struct ics_event {
	const char *uid;    /* globally unique, e.g. "meeting-1@civic" */
	long long sequence; /* raised by each change, so calendars update */
	time_t stamp;       /* when this was written */
	time_t start, end;
	const char *summary;
	const char *location;    /* may be NULL */
	const char *description; /* may be NULL */
	const char *status;      /* "CONFIRMED", "TENTATIVE", "CANCELLED" */
};

/*
 * Writes a VCALENDAR holding the one VEVENT into a new string (the caller
 * frees it): CRLF line ends, text escaped, lines folded at 75 octets
 * without splitting a UTF-8 character. NULL if out of memory.
 */
char *ics_event(const struct ics_event *e);

/* The same, for the n events e[0..n) in one VCALENDAR (n may be 0). */
char *ics_calendar(const struct ics_event *e, size_t n);

#endif
