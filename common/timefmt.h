/*
 * timefmt.h - instants and calendar dates as civic writes them.
 *
 * An instant is a time_t, carried in JSON as RFC 3339 in UTC
 * ("2017-05-02T15:30:00Z") and stored as seconds since the epoch. A
 * calendar date (a project's start, a decision date) is not an instant:
 * it is "YYYY-MM-DD", kept as a day number so that deadlines are
 * arithmetic. People see both in Europe/Copenhagen.
 */
#ifndef CIVIC_TIMEFMT_H
#define CIVIC_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TIMEFMT_BUFSZ 40

/* Writes t as RFC 3339 in UTC ("2017-05-02T15:30:00Z"); returns buf. */
char *timefmt_rfc3339(time_t t, char buf[TIMEFMT_BUFSZ]);

/*
 * Parses RFC 3339 with a "Z" or a numeric offset, seconds optional
 * fractions ignored: "2017-05-02T17:30:00+02:00". Returns false for
 * anything else, including impossible dates and times.
 */
bool timefmt_parse_rfc3339(const char *s, time_t *t);

/*
 * Parses a local time as a person types it: a date (any form
 * date_parse_human takes) and "HH:MM", separated by a space or "T"
 * ("2.5.2017 17:30", "2017-05-02T17:30"), in the process's time zone;
 * or RFC 3339. False for anything else.
 */
bool timefmt_parse_local(const char *s, time_t *t);

/* Days since 1970-01-01 of a proleptic Gregorian date, or false if the
 * date does not exist (2017-02-29) or is outside years 1900..9999. */
bool date_from_ymd(int y, int m, int d, int32_t *days);

/* Parses "YYYY-MM-DD" into a day number; false if malformed or impossible. */
bool date_parse(const char *s, int32_t *days);

/* Parses what a person types: "2017-05-02", or the Danish "2.5.2017",
 * "02.05.2017" or "2/5/2017" (day first). */
bool date_parse_human(const char *s, int32_t *days);

/* Writes a day number the Danish way, "02.05.2017"; returns buf. */
char *date_format_dk(int32_t days, char buf[TIMEFMT_BUFSZ]);

/* Writes a day number as "YYYY-MM-DD"; returns buf. */
char *date_format(int32_t days, char buf[TIMEFMT_BUFSZ]);

/* The calendar year of a day number. */
int date_year(int32_t days);

/* Today's day number in Europe/Copenhagen at instant t. */
int32_t date_today(time_t t);

#endif
