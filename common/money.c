/*
 * money.c - parsing and formatting øre amounts (see money.h).
 * Pure functions: no locale, no allocation.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "intl.h"
#include "money.h"

/* Adds digit d to *acc (in kroner), refusing to pass MONEY_MAX øre. */
static bool
money_push_digit(int64_t *acc, int d)
{
	if (*acc > (MONEY_MAX / 100 - d) / 10)
		return false;
	*acc = *acc * 10 + d;
	return true;
}

/*
 * The common tail: kroner already parsed into kr; dec points at the
 * decimals (ndec of them, digits checked by the caller).
 */
static enum money_result
money_finish(int64_t kr, const char *dec, size_t ndec, int64_t *ore)
{
	int64_t v;

	if (ndec > 2)
		return MONEY_DECIMALS;
	v = kr * 100;
	if (ndec >= 1)
		v += (dec[0] - '0') * 10;
	if (ndec == 2)
		v += dec[1] - '0';
	if (v > MONEY_MAX)
		return MONEY_TOO_LARGE;
	*ore = v;
	return MONEY_OK;
}

static bool
money_all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

enum money_result
money_parse_iso(const char *s, int64_t *ore)
{
	const char *point;
	size_t nint, ndec, i;
	int64_t kr = 0;

	if (*s == '\0')
		return MONEY_EMPTY;
	if (*s == '-')
		return MONEY_NEGATIVE;
	point = strchr(s, '.');
	nint = point != NULL ? (size_t)(point - s) : strlen(s);
	ndec = point != NULL ? strlen(point + 1) : 0;
	if (nint == 0 || !money_all_digits(s, nint))
		return MONEY_SYNTAX;
	if (point != NULL && (ndec == 0 || !money_all_digits(point + 1, ndec)))
		return MONEY_SYNTAX;
	if (nint > 1 && s[0] == '0')
		return MONEY_SYNTAX;
	for (i = 0; i < nint; i++) {
		if (!money_push_digit(&kr, s[i] - '0'))
			return MONEY_TOO_LARGE;
	}
	return money_finish(kr, point != NULL ? point + 1 : NULL, ndec, ore);
}

/* Strips a trailing currency word and white space from s[0..*len). */
static void
money_strip_currency(const char *s, size_t *len)
{
	static const char *const words[] = { "kr.", "kr", "dkk" };
	size_t i, n;

	while (*len > 0 && isspace((unsigned char)s[*len - 1]))
		(*len)--;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		n = strlen(words[i]);
		if (*len >= n && strncasecmp(s + *len - n, words[i], n) == 0) {
			*len -= n;
			break;
		}
	}
	while (*len > 0 && isspace((unsigned char)s[*len - 1]))
		(*len)--;
}

/*
 * Parses grouped kroner: s[0..len) is digits, optionally in groups of
 * three after the first, separated by sep (0: no grouping allowed).
 */
static enum money_result
money_parse_groups(const char *s, size_t len, char sep, int64_t *kr)
{
	size_t i, run = 0, groups = 0;

	*kr = 0;
	if (len == 0)
		return MONEY_SYNTAX;
	for (i = 0; i < len; i++) {
		if (sep != 0 && s[i] == sep) {
			if (run == 0 || (groups > 0 && run != 3) || run > 3)
				return MONEY_SYNTAX;
			groups++;
			run = 0;
			continue;
		}
		if (!isdigit((unsigned char)s[i]))
			return MONEY_SYNTAX;
		if (!money_push_digit(kr, s[i] - '0'))
			return MONEY_TOO_LARGE;
		run++;
	}
	if (groups > 0 && run != 3)
		return MONEY_SYNTAX;
	return MONEY_OK;
}

enum money_result
money_parse_human(const char *s, int64_t *ore)
{
	char buf[64];
	const char *comma, *point, *dec = NULL;
	size_t len, nint, ndec = 0, i, j;
	enum money_result r;
	char sep = 0;
	int64_t kr;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	money_strip_currency(s, &len);
	if (len == 0)
		return MONEY_EMPTY;
	if (s[0] == '-' || strncmp(s, "\xe2\x88\x92", 3) == 0)
		return MONEY_NEGATIVE;
	if (len >= sizeof buf)
		return MONEY_SYNTAX;
	/* Fold no-break spaces (U+00A0) to plain ones for grouping. */
	for (i = 0, j = 0; i < len; i++) {
		if ((unsigned char)s[i] == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] == 0xa0) {
			buf[j++] = ' ';
			i++;
		} else
			buf[j++] = s[i];
	}
	buf[j] = '\0';
	len = j;

	comma = strchr(buf, ',');
	if (comma != NULL) {
		/* Danish: "," before the decimals, "." or " " groups. */
		if (strchr(comma + 1, ',') != NULL)
			return MONEY_SYNTAX;
		nint = (size_t)(comma - buf);
		dec = comma + 1;
		ndec = strlen(dec);
		if (strcmp(dec, "-") == 0)
			ndec = 0; /* "25,-" is how prices are written */
		else if (ndec == 0 || !money_all_digits(dec, ndec))
			return MONEY_SYNTAX;
		if (memchr(buf, '.', nint) != NULL)
			sep = '.';
		else if (memchr(buf, ' ', nint) != NULL)
			sep = ' ';
	} else if ((point = strrchr(buf, '.')) != NULL &&
	    strlen(point + 1) != 3) {
		/* A decimal point: "25000.5", "25000.50". */
		nint = (size_t)(point - buf);
		dec = point + 1;
		ndec = strlen(dec);
		if (ndec == 0 || !money_all_digits(dec, ndec))
			return MONEY_SYNTAX;
		if (memchr(buf, ' ', nint) != NULL)
			sep = ' ';
	} else {
		/* No decimals; any "." or " " groups thousands. */
		nint = len;
		if (strchr(buf, '.') != NULL)
			sep = '.';
		else if (strchr(buf, ' ') != NULL)
			sep = ' ';
	}
	if (sep == '.' && memchr(buf, ' ', nint) != NULL)
		return MONEY_SYNTAX;
	r = money_parse_groups(buf, nint, sep, &kr);
	if (r != MONEY_OK)
		return r;
	return money_finish(kr, dec, ndec, ore);
}

const char *
money_result_str(enum money_result r)
{
	switch (r) {
	case MONEY_OK:
		return _("is valid");
	case MONEY_EMPTY:
		return _("is empty");
	case MONEY_SYNTAX:
		return _("is not an amount (write e.g. 25000.50 or 25.000,50)");
	case MONEY_NEGATIVE:
		return _("is negative");
	case MONEY_DECIMALS:
		return _("has more than two decimals");
	case MONEY_TOO_LARGE:
		return _("is larger than 10.000.000.000,00 kr.");
	}
	return _("is not an amount");
}

char *
money_format_iso(int64_t ore, char buf[MONEY_BUFSZ])
{
	uint64_t a = ore < 0 ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;

	snprintf(buf, MONEY_BUFSZ, "%s%llu.%02llu", ore < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	return buf;
}

char *
money_format_dk(int64_t ore, char buf[MONEY_BUFSZ])
{
	uint64_t a = ore < 0 ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;
	char digits[24];
	size_t n, i, o = 0;

	n = (size_t)snprintf(digits, sizeof digits, "%llu",
	    (unsigned long long)(a / 100));
	if (ore < 0)
		buf[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	snprintf(buf + o, MONEY_BUFSZ - o, ",%02llu kr.",
	    (unsigned long long)(a % 100));
	return buf;
}
