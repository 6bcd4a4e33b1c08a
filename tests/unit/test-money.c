/*
 * test-money.c - øre amounts: every accepted form, every refused one, and
 * formatting both ways.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "money.h"

#define NBSP  "\xc2\xa0"     /* U+00A0 NO-BREAK SPACE */
#define MINUS "\xe2\x88\x92" /* U+2212 MINUS SIGN */

static void
expect_human(const char *s, int64_t want)
{
	int64_t got = -1;

	if (money_parse_human(s, &got) != MONEY_OK)
		fail_msg("\"%s\" refused, expected %lld øre", s,
		    (long long)want);
	assert_int_equal(got, want);
}

static void
expect_human_err(const char *s, enum money_result want)
{
	int64_t got = 12345;

	assert_int_equal(money_parse_human(s, &got), want);
	assert_int_equal(got, 12345); /* untouched on failure */
}

static void
expect_iso(const char *s, int64_t want)
{
	int64_t got = -1;

	if (money_parse_iso(s, &got) != MONEY_OK)
		fail_msg("\"%s\" refused, expected %lld øre", s,
		    (long long)want);
	assert_int_equal(got, want);
}

static void
test_human_forms(void **state)
{
	(void)state;
	/* The forms the design names. */
	expect_human("25000", 2500000);
	expect_human("25000.50", 2500050);
	expect_human("25.000,50", 2500050);
	expect_human("25.000,50 kr", 2500050);
	/* And their neighbours. */
	expect_human("25.000,50 kr.", 2500050);
	expect_human("25.000,50kr", 2500050);
	expect_human("25000,5", 2500050);
	expect_human("25000.5", 2500050);
	expect_human("25.000", 2500000);
	expect_human("1.234.567,89", 123456789);
	expect_human("25 000,50", 2500050);
	expect_human("25" NBSP "000 kr", 2500000);
	expect_human("140.000,00 DKK", 14000000);
	expect_human("  7  ", 700);
	expect_human("0,01", 1);
	expect_human("25,-", 2500);
	expect_human("0", 0);
	expect_human("007", 700);
}

static void
test_human_refused(void **state)
{
	(void)state;
	expect_human_err("", MONEY_EMPTY);
	expect_human_err("   kr", MONEY_EMPTY);
	expect_human_err("-5", MONEY_NEGATIVE);
	expect_human_err(MINUS "5", MONEY_NEGATIVE);
	expect_human_err("1,234", MONEY_DECIMALS);
	expect_human_err("25000.505", MONEY_SYNTAX);
	expect_human_err("1e5", MONEY_SYNTAX);
	expect_human_err("0x10", MONEY_SYNTAX);
	expect_human_err("25.00.00", MONEY_SYNTAX);
	expect_human_err("2.5000", MONEY_DECIMALS);
	expect_human_err("25,000.50", MONEY_SYNTAX); /* English grouping */
	expect_human_err("1,2,3", MONEY_SYNTAX);
	expect_human_err("25.000 000", MONEY_SYNTAX);
	expect_human_err("abc", MONEY_SYNTAX);
	expect_human_err("12 kroner", MONEY_SYNTAX);
	expect_human_err("NaN", MONEY_SYNTAX);
	expect_human_err("10000000000,01", MONEY_TOO_LARGE);
	expect_human_err("99999999999999999999999", MONEY_TOO_LARGE);
	expect_human_err(",50", MONEY_SYNTAX);
	expect_human_err("5,", MONEY_SYNTAX);
}

static void
test_iso(void **state)
{
	int64_t v = 1;

	(void)state;
	expect_iso("25000.00", 2500000);
	expect_iso("25000", 2500000);
	expect_iso("0.5", 50);
	expect_iso("0", 0);
	expect_iso("10000000000.00", MONEY_MAX);
	assert_int_equal(money_parse_iso("10000000000.01", &v),
	    MONEY_TOO_LARGE);
	assert_int_equal(money_parse_iso("1.234", &v), MONEY_DECIMALS);
	assert_int_equal(money_parse_iso("-1.00", &v), MONEY_NEGATIVE);
	assert_int_equal(money_parse_iso("", &v), MONEY_EMPTY);
	/* The wire form is strict: none of the human conveniences. */
	assert_int_equal(money_parse_iso("25.000,50", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso("25000 kr", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso(" 1", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso("+1", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso("01", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso("1.", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso(".5", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso("1e3", &v), MONEY_SYNTAX);
	assert_int_equal(money_parse_iso("1.5e3", &v), MONEY_SYNTAX);
	assert_int_equal(v, 1);
}

static void
test_format(void **state)
{
	char buf[MONEY_BUFSZ];

	(void)state;
	assert_string_equal(money_format_iso(2500050, buf), "25000.50");
	assert_string_equal(money_format_iso(5, buf), "0.05");
	assert_string_equal(money_format_iso(0, buf), "0.00");
	assert_string_equal(money_format_iso(-150, buf), "-1.50");
	assert_string_equal(money_format_dk(14000000, buf), "140.000,00 kr.");
	assert_string_equal(money_format_dk(99, buf), "0,99 kr.");
	assert_string_equal(money_format_dk(100000, buf), "1.000,00 kr.");
	assert_string_equal(money_format_dk(99999, buf), "999,99 kr.");
	assert_string_equal(money_format_dk(-123456789, buf),
	    "-1.234.567,89 kr.");
	assert_string_equal(money_format_dk(MONEY_MAX, buf),
	    "10.000.000.000,00 kr.");
	assert_string_equal(money_format_dk(INT64_MIN, buf),
	    "-92.233.720.368.547.758,08 kr.");
}

static void
test_round_trip(void **state)
{
	static const int64_t values[] = { 0, 1, 99, 100, 101, 999999, 1000000,
		14000000, 5000000, MONEY_MAX };
	char buf[MONEY_BUFSZ];
	int64_t back;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		assert_int_equal(money_parse_iso(money_format_iso(values[i],
						     buf),
				     &back),
		    MONEY_OK);
		assert_int_equal(back, values[i]);
		assert_int_equal(money_parse_human(money_format_dk(values[i],
						       buf),
				     &back),
		    MONEY_OK);
		assert_int_equal(back, values[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_human_forms),
		cmocka_unit_test(test_human_refused),
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
