/*
 * test-utf8.c - well-formed UTF-8, control characters, and width.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static enum utf8_result
check(const char *s, size_t len, unsigned flags, size_t *chars)
{
	return utf8_check(s, len, flags, chars);
}

static void
test_valid(void **state)
{
	size_t n = 0;

	(void)state;
	assert_int_equal(check("Røde Kors", 10, 0, &n), UTF8_OK);
	assert_int_equal(n, 9);
	assert_int_equal(check("Mange ældre – mange kulturer",
			     strlen("Mange ældre – mange kulturer"), 0, &n),
	    UTF8_OK);
	assert_int_equal(n, 28);
	assert_int_equal(check("\xf0\x9f\x98\x80", 4, 0, &n), UTF8_OK);
	assert_int_equal(n, 1);
	assert_int_equal(check("", 0, 0, &n), UTF8_OK);
	assert_int_equal(n, 0);
}

static void
test_invalid(void **state)
{
	(void)state;
	assert_int_equal(check("\xc3", 1, 0, NULL), UTF8_BAD_ENCODING);
	assert_int_equal(check("\xc0\xaf", 2, 0, NULL), UTF8_BAD_ENCODING);
	assert_int_equal(check("\xe0\x80\xaf", 3, 0, NULL), UTF8_BAD_ENCODING);
	assert_int_equal(check("\xed\xa0\x80", 3, 0, NULL), UTF8_BAD_ENCODING);
	assert_int_equal(check("\xf4\x90\x80\x80", 4, 0, NULL),
	    UTF8_BAD_ENCODING);
	assert_int_equal(check("\xff", 1, 0, NULL), UTF8_BAD_ENCODING);
	assert_int_equal(check("a\0b", 3, 0, NULL), UTF8_CONTROL);
	assert_int_equal(check("a\nb", 3, 0, NULL), UTF8_CONTROL);
	assert_int_equal(check("a\nb\tc", 5, UTF8_MULTILINE, NULL), UTF8_OK);
	assert_int_equal(check("a\rb", 3, UTF8_MULTILINE, NULL), UTF8_CONTROL);
	assert_int_equal(check("a\x7f", 2, UTF8_MULTILINE, NULL), UTF8_CONTROL);
	assert_int_equal(check("a\xc2\x85", 3, UTF8_MULTILINE, NULL),
	    UTF8_CONTROL); /* NEL, a C1 control */
	assert_int_equal(check("\x1b[31m", 5, 0, NULL), UTF8_CONTROL);
}

/* What would make a printed name show other than it is stored is
 * refused; right-to-left scripts and the joiners they need are not. */
static void
test_format_characters(void **state)
{
	static const char *const refused[] = {
		"Ali\u202e",        /* right-to-left override */
		"\ufeffHassan",     /* byte-order mark */
		"Sa\u200bra",       /* zero-width space */
		"\u2067Omar\u2069", /* an isolate */
		"\u200fLeila",      /* right-to-left mark */
	};
	static const char *const kept[] = {
		"محمّد عليّ",
		"می\u200cخواهم", /* zero-width non-joiner, in Persian */
		"王小明",
		"Røde Kors",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		assert_int_equal(utf8_check(refused[i], strlen(refused[i]), 0,
				     NULL),
		    UTF8_FORMAT);
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++)
		assert_int_equal(utf8_check(kept[i], strlen(kept[i]), 0, NULL),
		    UTF8_OK);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("Røde Kors"), 9);
	assert_int_equal(utf8_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(utf8_width(""), 0);
	/* Arabic vowel marks (shadda) take no column; Chinese takes two. */
	assert_int_equal(utf8_width("محمّد عليّ"), 8);
	assert_int_equal(utf8_width("王小明"), 6);
}

static void
test_width_fit(void **state)
{
	size_t bytes;

	(void)state;
	/* Never half a character: 王 is two columns, so 5 fit two of them. */
	assert_int_equal(utf8_width_fit("王小明", 5, &bytes), 4);
	assert_int_equal(bytes, strlen("王小"));
	/* A mark stays with its letter. */
	assert_int_equal(utf8_width_fit("محمّد", 3, &bytes), 3);
	assert_int_equal(bytes, strlen("محمّ"));
	assert_int_equal(utf8_width_fit("Røde", 10, &bytes), 4);
	assert_int_equal(bytes, strlen("Røde"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_format_characters),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
