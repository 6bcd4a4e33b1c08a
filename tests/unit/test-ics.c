/*
 * test-ics.c - RFC 5545 output: CRLF line ends, TEXT escaping, and lines
 * folded at 75 octets without splitting a UTF-8 character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ics.h"
#include "utf8.h"

/* Undoes folding: CRLF followed by a space is removed. */
static char *
unfold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	while (*s != '\0') {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 3;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static void
test_event(void **state)
{
	struct ics_event e = { .uid = "civic-meeting-1@host",
		.stamp = 0,
		.start = 1493739000,
		.end = 1493746200,
		.summary = "Mange ældre – mange kulturer",
		.location = "Ballerup Rådhus, Hold-An Vej 7",
		.description =
		    "Linje 1\nLinje 2; med komma, og \\ skråstreg. "
		    "Æ Ø Å æ ø å gentaget for at blive lang: ææææææææææææææææææææææææææææææææææ",
		.status = "CONFIRMED" };
	char *ics = ics_event(&e), *flat, *line, *next;

	(void)state;
	assert_non_null(ics);
	/* Every line ends in CRLF, and no bare LF appears. */
	for (line = ics; *line != '\0'; line = next) {
		next = strstr(line, "\r\n");
		assert_non_null(next);
		assert_true(next - line <= 75);
		assert_null(memchr(line, '\n', (size_t)(next - line)));
		/* Each physical line is valid UTF-8 on its own. */
		assert_int_equal(utf8_check(line, (size_t)(next - line), 0,
				     NULL),
		    UTF8_OK);
		next += 2;
	}
	flat = unfold(ics);
	assert_non_null(strstr(flat, "\r\nDTSTART:20170502T153000Z\r\n"));
	assert_non_null(strstr(flat, "\r\nDTEND:20170502T173000Z\r\n"));
	assert_non_null(strstr(flat,
	    "\r\nLOCATION:Ballerup Rådhus\\, Hold-An "
	    "Vej 7\r\n"));
	assert_non_null(strstr(flat,
	    "DESCRIPTION:Linje 1\\nLinje 2\\; med "
	    "komma\\, og \\\\ skråstreg."));
	assert_non_null(strstr(flat, "\r\nSTATUS:CONFIRMED\r\n"));
	assert_int_equal(strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30),
	    0);
	assert_non_null(strstr(ics, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
	free(flat);
	free(ics);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
