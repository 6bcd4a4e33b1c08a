/*
 * fuzz-text.c - UTF-8, dates, instants, CVR numbers, e-mail and phone.
 * Properties: our UTF-8 verdicts agree with jansson's on encoding; a
 * parsed date or instant formats back to what parses to it again; a
 * canonical phone number is itself valid and canonical.
 */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "timefmt.h"
#include "utf8.h"
#include "validate.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[512], buf[TIMEFMT_BUFSZ], norm[VALIDATE_PHONE_BUFSZ];
	char norm2[VALIDATE_PHONE_BUFSZ];
	enum utf8_result u;
	int32_t day;
	size_t chars = 0;
	time_t t, t2;
	json_t *j;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	u = utf8_check((const char *)data, size, UTF8_MULTILINE, &chars);
	j = json_stringn((const char *)data, size);
	/* utf8_check stops at the first problem, so only its verdicts on
	 * the whole string can be compared: OK and bad encoding. */
	if (u == UTF8_OK)
		FUZZ_CHECK(j != NULL, "we accept what jansson refuses");
	if (u == UTF8_BAD_ENCODING)
		FUZZ_CHECK(j == NULL, "we refuse what jansson accepts");
	json_decref(j);
	if (u == UTF8_OK)
		FUZZ_CHECK(chars <= size, "%zu chars in %zu bytes", chars,
		    size);

	if (strlen(s) != size)
		return 0; /* the C-string parsers stop at a NUL */
	if (date_parse(s, &day)) {
		date_format(day, buf);
		FUZZ_CHECK(strcmp(buf, s) == 0, "\"%s\" -> \"%s\"", s, buf);
	}
	if (timefmt_parse_rfc3339(s, &t)) {
		FUZZ_CHECK(timefmt_parse_rfc3339(timefmt_rfc3339(t, buf),
			       &t2) &&
			t2 == t,
		    "\"%s\" -> \"%s\"", s, buf);
	}
	if (validate_phone(s, norm)) {
		FUZZ_CHECK(norm[0] == '+' && validate_phone(norm, norm2) &&
			strcmp(norm, norm2) == 0,
		    "\"%s\" -> \"%s\"", s, norm);
	}
	if (validate_cvr(s))
		FUZZ_CHECK(strlen(s) == 8, "\"%s\"", s);
	(void)validate_email(s);
	return 0;
}
