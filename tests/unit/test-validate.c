/*
 * test-validate.c - CVR numbers, e-mail addresses and phone numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "validate.h"

static void
test_cvr(void **state)
{
	(void)state;
	assert_true(validate_cvr("12345674"));
	assert_true(validate_cvr("29403473"));  /* a public example */
	assert_false(validate_cvr("12345678")); /* fails modulus 11 */
	assert_false(validate_cvr("02345674")); /* no leading zero */
	assert_false(validate_cvr("1234567"));
	assert_false(validate_cvr("123456740"));
	assert_false(validate_cvr("1234567a"));
	assert_false(validate_cvr(" 12345674"));
	assert_false(validate_cvr(""));
}

static void
test_email(void **state)
{
	(void)state;
	assert_true(validate_email("hanne@example.org"));
	assert_true(validate_email("h.nielsen+fond@ballerup.dk"));
	assert_true(validate_email("ærø@eksempel.dk"));
	assert_false(validate_email("hanne"));
	assert_false(validate_email("@example.org"));
	assert_false(validate_email("hanne@"));
	assert_false(validate_email("hanne@example"));
	assert_false(validate_email("hanne@.org"));
	assert_false(validate_email("hanne@example."));
	assert_false(validate_email("han ne@example.org"));
	assert_false(validate_email("a@b@example.org"));
	assert_false(validate_email("a@example..org"));
	assert_false(validate_email("a,b@example.org"));
	assert_false(validate_email("a@example.org\n"));
}

static void
expect_phone(const char *in, const char *want)
{
	char norm[VALIDATE_PHONE_BUFSZ];

	if (!validate_phone(in, norm))
		fail_msg("\"%s\" refused", in);
	assert_string_equal(norm, want);
}

static void
test_phone(void **state)
{
	char norm[VALIDATE_PHONE_BUFSZ];

	(void)state;
	expect_phone("44775566", "+4544775566");
	expect_phone("44 77 55 66", "+4544775566");
	expect_phone("4477-5566", "+4544775566");
	expect_phone("+45 44 77 55 66", "+4544775566");
	expect_phone("+46701234567", "+46701234567");
	expect_phone("0046 70 123 45 67", "+46701234567");
	expect_phone("+123456789012345", "+123456789012345");
	assert_false(validate_phone("4477556", norm));           /* 7 digits */
	assert_false(validate_phone("447755661", norm));         /* 9, no + */
	assert_false(validate_phone("+1234567890123456", norm)); /* 16 */
	assert_false(validate_phone("44  77 55 66", norm)); /* double space */
	assert_false(validate_phone(" 44775566", norm));
	assert_false(validate_phone("44775566 ", norm));
	assert_false(validate_phone("4477 55x6", norm));
	assert_false(validate_phone("++4544775566", norm));
	assert_false(validate_phone("", norm));
}

static void
test_cpr(void **state)
{
	(void)state;
	/* Shaped like a CPR number: a date DDMMYY and four digits. */
	assert_true(validate_has_cpr("0101701234"));
	assert_true(validate_has_cpr("010170-1234"));
	assert_true(validate_has_cpr("Amira, cpr 241289 1234, ringede"));
	assert_true(validate_has_cpr("x310199-0001."));
	/* Not: no real date, too short or too long runs, other shapes. */
	assert_false(validate_has_cpr("3201701234"));  /* day 32 */
	assert_false(validate_has_cpr("0113701234"));  /* month 13 */
	assert_false(validate_has_cpr("01017012345")); /* 11 digits */
	assert_false(validate_has_cpr("10101701234")); /* inside a run */
	assert_false(validate_has_cpr("010170--1234"));
	assert_false(validate_has_cpr("44 77 55 66")); /* a phone number */
	assert_false(validate_has_cpr("+4544775566"));
	assert_false(validate_has_cpr("Bilag 2017-118"));
	assert_false(validate_has_cpr("12345674")); /* a CVR number */
	assert_false(validate_has_cpr("2017-05-02"));
	assert_false(validate_has_cpr(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cvr),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_cpr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
