/*
 * validate.c - CVR numbers, e-mail addresses and phone numbers.
 */
#include <ctype.h>
#include <string.h>

#include "validate.h"

bool
validate_cvr(const char *s)
{
	static const int weights[8] = { 2, 7, 6, 5, 4, 3, 2, 1 };
	int i, sum = 0;

	if (strlen(s) != 8 || s[0] == '0')
		return false;
	for (i = 0; i < 8; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		sum += (s[i] - '0') * weights[i];
	}
	return sum % 11 == 0;
}

bool
validate_email(const char *s)
{
	const char *at, *dot, *p;
	size_t len = strlen(s);

	if (len < 3 || len > VALIDATE_EMAIL_MAX)
		return false;
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == ',' ||
		    *p == ';' || *p == '<' || *p == '>' || *p == '"')
			return false;
	}
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	return strstr(at + 1, "..") == NULL;
}

bool
validate_phone(const char *s, char norm[VALIDATE_PHONE_BUFSZ])
{
	char digits[16];
	size_t n = 0;
	bool plus = false, sep = true;

	if (*s == '+') {
		plus = true;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (n >= 15)
				return false;
			digits[n++] = *s;
			sep = false;
		} else if ((*s == ' ' || *s == '-') && !sep) {
			sep = true;
		} else
			return false;
	}
	if (sep || n < 8)
		return false;
	digits[n] = '\0';
	/* "+" and at most 15 digits fit VALIDATE_PHONE_BUFSZ. */
	norm[0] = '+';
	if (!plus && n == 8) {
		memcpy(norm + 1, "45", 2);
		memcpy(norm + 3, digits, n + 1);
	} else if (!plus && n > 10 && strncmp(digits, "00", 2) == 0)
		memcpy(norm + 1, digits + 2, n - 1);
	else if (plus)
		memcpy(norm + 1, digits, n + 1);
	else
		return false;
	return true;
}

/* Whether d[0..5] is a date DDMMYY in some century. */
static bool
validate_cpr_date(const char *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int day = (d[0] - '0') * 10 + (d[1] - '0');
	int month = (d[2] - '0') * 10 + (d[3] - '0');

	return month >= 1 && month <= 12 && day >= 1 && day <= mdays[month - 1];
}

bool
validate_has_cpr(const char *text)
{
	const char *p, *q;
	char d[10];
	int n;

	for (p = text; *p != '\0'; p++) {
		/* Only where a run of digits starts. */
		if (!isdigit((unsigned char)*p) ||
		    (p > text && isdigit((unsigned char)p[-1])))
			continue;
		q = p;
		for (n = 0; n < 6 && isdigit((unsigned char)*q); n++)
			d[n] = *q++;
		if (n != 6)
			continue;
		if (*q == '-' || *q == ' ')
			q++;
		for (; n < 10 && isdigit((unsigned char)*q); n++)
			d[n] = *q++;
		if (n == 10 && !isdigit((unsigned char)*q) &&
		    validate_cpr_date(d))
			return true;
	}
	return false;
}
