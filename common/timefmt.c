/*
 * timefmt.c - RFC 3339 instants and calendar dates (see timefmt.h).
 * Date arithmetic uses Howard Hinnant's days-from-civil algorithm, so no
 * function here depends on the process's TZ except date_today.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

bool
date_from_ymd(int y, int m, int d, int32_t *days)
{
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return false;
	*days = (int32_t)days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

/* Reads exactly n digits at s into *v. */
static bool
timefmt_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
date_parse(const char *s, int32_t *days)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!timefmt_digits(s, 4, &y) || !timefmt_digits(s + 5, 2, &m) ||
	    !timefmt_digits(s + 8, 2, &d))
		return false;
	return date_from_ymd(y, m, d, days);
}

bool
date_parse_human(const char *s, int32_t *days)
{
	int d = 0, m = 0, y = 0, n = 0;
	char sep, sep2;

	if (date_parse(s, days))
		return true;
	if (sscanf(s, "%2d%c%2d%c%4d%n", &d, &sep, &m, &sep2, &y, &n) != 5 ||
	    s[n] != '\0' || sep != sep2 ||
	    (sep != '.' && sep != '/' && sep != '-') || y < 1000 ||
	    !isdigit((unsigned char)s[0]))
		return false;
	return date_from_ymd(y, m, d, days);
}

char *
date_format_dk(int32_t days, char buf[TIMEFMT_BUFSZ])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, TIMEFMT_BUFSZ, "%02d.%02d.%04d", d, m, y);
	return buf;
}

char *
date_format(int32_t days, char buf[TIMEFMT_BUFSZ])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, TIMEFMT_BUFSZ, "%04d-%02d-%02d", y, m, d);
	return buf;
}

int
date_year(int32_t days)
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	return y;
}

int32_t
date_today(time_t t)
{
	struct tm tm;
	int32_t days;

	localtime_r(&t, &tm);
	if (!date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &days))
		days = (int32_t)(t / 86400);
	return days;
}

char *
timefmt_rfc3339(time_t t, char buf[TIMEFMT_BUFSZ])
{
	int64_t days = t / 86400, secs = t % 86400;
	int y, m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, TIMEFMT_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}

bool
timefmt_parse_rfc3339(const char *s, time_t *t)
{
	int32_t days;
	int hh, mm, ss = 0, oh, om, sign;
	const char *p;

	if (strlen(s) < 17 || s[10] != 'T' || s[13] != ':')
		return false;
	{
		char date[11];

		memcpy(date, s, 10);
		date[10] = '\0';
		if (!date_parse(date, &days))
			return false;
	}
	if (!timefmt_digits(s + 11, 2, &hh) || !timefmt_digits(s + 14, 2, &mm))
		return false;
	p = s + 16;
	if (*p == ':') {
		if (!timefmt_digits(p + 1, 2, &ss))
			return false;
		p += 3;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return false;
	if (*p == 'Z' && p[1] == '\0')
		oh = om = sign = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		sign = *p == '+' ? 1 : -1;
		if (!timefmt_digits(p + 1, 2, &oh) ||
		    !timefmt_digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return false;
	} else
		return false;
	*t = (time_t)days * 86400 + hh * 3600 + mm * 60 + ss -
	    sign * (oh * 3600 + om * 60);
	return true;
}

bool
timefmt_parse_local(const char *s, time_t *t)
{
	char date[32];
	const char *sep;
	struct tm tm;
	int32_t days;
	int y, m, d, hh, mm, n = 0;

	if (timefmt_parse_rfc3339(s, t))
		return true;
	if ((sep = strpbrk(s, " T")) == NULL ||
	    (size_t)(sep - s) >= sizeof date)
		return false;
	memcpy(date, s, (size_t)(sep - s));
	date[sep - s] = '\0';
	if (!date_parse_human(date, &days) ||
	    sscanf(sep + 1, "%2d:%2d%n", &hh, &mm, &n) != 2 ||
	    sep[1 + n] != '\0' || hh > 23 || mm > 59 ||
	    !isdigit((unsigned char)sep[1]))
		return false;
	civil_from_days(days, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	*t = mktime(&tm);
	return *t != (time_t)-1;
}
