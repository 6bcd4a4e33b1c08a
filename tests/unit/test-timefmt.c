/*
 * test-timefmt.c - RFC 3339 instants and calendar dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "timefmt.h"

static void
test_rfc3339(void **state)
{
	char buf[TIMEFMT_BUFSZ];
	time_t t;

	(void)state;
	/* The first meeting: 2 May 2017, 17:30 in Copenhagen (CEST). */
	assert_true(timefmt_parse_rfc3339("2017-05-02T17:30:00+02:00", &t));
	assert_string_equal(timefmt_rfc3339(t, buf), "2017-05-02T15:30:00Z");
	assert_true(timefmt_parse_rfc3339("2017-05-02T15:30:00Z", &t));
	assert_int_equal(t, 1493739000);
	assert_true(timefmt_parse_rfc3339("2017-05-02T15:30:00.123Z", &t));
	assert_int_equal(t, 1493739000);
	assert_true(timefmt_parse_rfc3339("2017-05-02T15:30Z", &t));
	assert_true(timefmt_parse_rfc3339("2016-12-31T23:59:59-01:00", &t));
	assert_string_equal(timefmt_rfc3339(t, buf), "2017-01-01T00:59:59Z");
	assert_string_equal(timefmt_rfc3339(0, buf), "1970-01-01T00:00:00Z");

	assert_false(timefmt_parse_rfc3339("2017-05-02 15:30:00Z", &t));
	assert_false(timefmt_parse_rfc3339("2017-05-02T15:30:00", &t));
	assert_false(timefmt_parse_rfc3339("2017-02-29T10:00:00Z", &t));
	assert_false(timefmt_parse_rfc3339("2017-05-02T24:00:00Z", &t));
	assert_false(timefmt_parse_rfc3339("2017-05-02T15:60:00Z", &t));
	assert_false(timefmt_parse_rfc3339("2017-05-02T15:30:00+2:00", &t));
	assert_false(timefmt_parse_rfc3339("2017-05-02T15:30:00Zjunk", &t));
	assert_false(timefmt_parse_rfc3339("", &t));
}

static void
test_dates(void **state)
{
	char buf[TIMEFMT_BUFSZ];
	int32_t d, e;

	(void)state;
	assert_true(date_parse("2017-05-02", &d));
	assert_string_equal(date_format(d, buf), "2017-05-02");
	assert_int_equal(date_year(d), 2017);
	assert_true(date_parse("2016-02-29", &d)); /* leap year */
	assert_false(date_parse("2017-02-29", &d));
	assert_true(date_parse("2000-02-29", &d));  /* divisible by 400 */
	assert_false(date_parse("1900-02-29", &d)); /* by 100, not 400 */
	assert_false(date_parse("2017-13-01", &d));
	assert_false(date_parse("2017-00-10", &d));
	assert_false(date_parse("2017-04-31", &d));
	assert_false(date_parse("2017-4-30", &d));
	assert_false(date_parse("17-04-30", &d));
	assert_false(date_parse("2017-04-30x", &d));
	/* Six weeks after a project ends is arithmetic on day numbers. */
	assert_true(date_parse("2017-11-30", &d));
	assert_string_equal(date_format(d + 42, buf), "2018-01-11");
	assert_true(date_parse("1970-01-01", &e));
	assert_int_equal(e, 0);
}

static void
test_human_dates(void **state)
{
	char buf[TIMEFMT_BUFSZ];
	int32_t d, want;

	(void)state;
	assert_true(date_parse("2017-05-02", &want));
	assert_true(date_parse_human("2017-05-02", &d));
	assert_int_equal(d, want);
	assert_true(date_parse_human("2.5.2017", &d));
	assert_int_equal(d, want);
	assert_true(date_parse_human("02.05.2017", &d));
	assert_int_equal(d, want);
	assert_true(date_parse_human("2/5/2017", &d));
	assert_int_equal(d, want);
	assert_string_equal(date_format_dk(d, buf), "02.05.2017");
	assert_false(date_parse_human("31.2.2017", &d));
	assert_false(date_parse_human("2.5.17", &d));
	assert_false(date_parse_human("2.5/2017", &d));
	assert_false(date_parse_human("2.5.2017x", &d));
	assert_false(date_parse_human("maj 2017", &d));
	assert_false(date_parse_human(" 2.5.2017", &d));
	assert_false(date_parse_human("", &d));
}

static void
test_today_in_copenhagen(void **state)
{
	char buf[TIMEFMT_BUFSZ];

	(void)state;
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	/* 23:30 UTC on 31 Dec is already 1 Jan in Copenhagen (CET)... */
	assert_string_equal(date_format(date_today(1514763000), buf),
	    "2018-01-01");
	/* ...and 22:30 UTC is not yet. */
	assert_string_equal(date_format(date_today(1514759400), buf),
	    "2017-12-31");
	/* In summer (CEST) the day turns at 22:00 UTC. */
	assert_string_equal(date_format(date_today(1498860000), buf),
	    "2017-07-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_human_dates),
		cmocka_unit_test(test_today_in_copenhagen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
