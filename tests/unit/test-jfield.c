/*
 * test-jfield.c - strict typed field extraction: each getter takes what
 * it should, refuses what it should with the field named, and leaves the
 * output alone when it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jfield.h"
#include "money.h"

static json_t *
obj(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &e);

	if (v == NULL)
		fail_msg("bad test JSON %s: %s", text, e.text);
	return v;
}

static void
test_object_unknown_field(void **state)
{
	static const char *const allowed[] = { "name", "amount", NULL };
	struct jerr e = { 0 };
	json_t *o;

	(void)state;
	o = obj("{\"name\":\"x\",\"amount\":\"1.00\"}");
	assert_int_equal(jfield_object(o, "parameters", allowed, &e), 0);
	json_decref(o);
	o = obj("{\"name\":\"x\",\"amout\":\"1.00\"}");
	assert_int_equal(jfield_object(o, "parameters", allowed, &e), -1);
	assert_string_equal(e.parameter, "amout");
	assert_int_equal(e.r.reason, R_UNKNOWN_FIELD);
	json_decref(o);
	o = obj("[1]");
	assert_int_equal(jfield_object(o, "parameters", allowed, &e), -1);
	assert_string_equal(e.parameter, "parameters");
	json_decref(o);
}

static void
test_string(void **state)
{
	struct jerr e = { 0 };
	const char *s = "untouched";
	json_t *o;

	(void)state;
	o = obj("{\"a\":\"Røde Kors\",\"n\":5,\"empty\":\"\",\"nl\":\"a\\nb\","
		"\"tab\":\"a\\tb\",\"ctl\":\"a\\u0001b\",\"null\":null,"
		"\"long\":\"abcdef\",\"æøå\":\"æøå\"}");
	assert_int_equal(jfield_string(o, "a", 0, 1, 9, &s, &e), 1);
	assert_string_equal(s, "Røde Kors");
	/* Length is in characters, not bytes: "æøå" is 3, not 6. */
	assert_int_equal(jfield_string(o, "æøå", 0, 1, 3, &s, &e), 1);
	s = "untouched";
	assert_int_equal(jfield_string(o, "a", 0, 1, 8, &s, &e), -1);
	assert_int_equal(e.r.reason, R_TOO_LONG);
	assert_int_equal(e.r.fig[1].n, 8);
	assert_int_equal(jfield_string(o, "n", 0, 1, 8, &s, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_STRING);
	assert_int_equal(jfield_string(o, "empty", 0, 1, 8, &s, &e), -1);
	assert_int_equal(e.r.reason, R_EMPTY);
	assert_int_equal(jfield_string(o, "long", 0, 8, 9, &s, &e), -1);
	assert_int_equal(e.r.reason, R_TOO_SHORT);
	assert_int_equal(e.r.fig[1].n, 8);
	assert_int_equal(jfield_string(o, "nl", 0, 1, 8, &s, &e), -1);
	assert_int_equal(jfield_string(o, "nl", JF_MULTILINE, 1, 8, &s, &e), 1);
	assert_int_equal(jfield_string(o, "tab", JF_MULTILINE, 1, 8, &s, &e),
	    1);
	assert_int_equal(jfield_string(o, "ctl", JF_MULTILINE, 1, 8, &s, &e),
	    -1);
	assert_string_equal(e.parameter, "ctl");
	s = "untouched";
	assert_int_equal(jfield_string(o, "missing", 0, 1, 8, &s, &e), -1);
	assert_int_equal(e.r.reason, R_REQUIRED);
	assert_int_equal(jfield_string(o, "missing", JF_OPTIONAL, 1, 8, &s, &e),
	    0);
	assert_int_equal(jfield_string(o, "null", JF_OPTIONAL, 1, 8, &s, &e),
	    0);
	assert_string_equal(s, "untouched");
	json_decref(o);
}

/* Every text field goes through jfield_string: blank space around a
 * text is not part of it, and a required text of blanks only is empty,
 * whatever the field (a reason, a title, a voucher number). */
static void
test_string_trimmed(void **state)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "spaces", "   ",
	    "nbsp", "\xc2\xa0\xe2\x80\x83\xe3\x80\x80", "around",
	    "  Bilag 2026-102 \t", "lines", "\n  first\nsecond \n", "inside",
	    "a  b", "raw", " KFU 3 ");
	struct jerr e = { 0 };
	const char *s;

	(void)state;
	assert_int_equal(jfield_string(o, "spaces", 0, 1, 9, &s, &e), -1);
	assert_int_equal(e.r.reason, R_EMPTY);
	assert_int_equal(jfield_string(o, "nbsp", 0, 1, 9, &s, &e), -1);
	assert_int_equal(e.r.reason, R_EMPTY);
	assert_int_equal(jfield_string(o, "spaces", 0, 0, 9, &s, &e), 1);
	assert_string_equal(s, "");
	assert_int_equal(jfield_string(o, "around", 0, 1, 14, &s, &e), 1);
	assert_string_equal(s, "Bilag 2026-102");
	assert_string_equal(json_string_value(json_object_get(o, "around")),
	    "Bilag 2026-102");
	assert_int_equal(jfield_string(o, "lines", JF_MULTILINE, 1, 99, &s, &e),
	    1);
	assert_string_equal(s, "first\nsecond");
	assert_int_equal(jfield_string(o, "inside", 0, 1, 9, &s, &e), 1);
	assert_string_equal(s, "a  b");
	assert_int_equal(jfield_string(o, "raw", JF_RAW, 1, 5, &s, &e), 1);
	assert_string_equal(s, "KFU 3");
	json_decref(o);
}

static void
test_cpr_refused(void **state)
{
	struct jerr e = { 0 };
	const char *s;
	json_t *o;

	(void)state;
	o = obj("{\"note\":\"Ring til Bo, 010170-1234\",\"ref\":"
		"\"0101701234\"}");
	assert_int_equal(jfield_string(o, "note", JF_MULTILINE, 1, 99, &s, &e),
	    -1);
	assert_string_equal(e.parameter, "note");
	assert_int_equal(e.r.reason, R_CPR);
	/* Machine values may look like one. */
	assert_int_equal(jfield_string(o, "ref", JF_RAW, 1, 99, &s, &e), 1);
	json_decref(o);
}

static void
test_int(void **state)
{
	struct jerr e = { 0 };
	int64_t v = 42;
	json_t *o;

	(void)state;
	o = obj("{\"a\":7,\"f\":7.0,\"s\":\"7\",\"b\":true,"
		"\"big\":9223372036854775807,\"neg\":-1}");
	assert_int_equal(jfield_int(o, "a", 0, 1, 10, &v, &e), 1);
	assert_int_equal(v, 7);
	v = 42;
	assert_int_equal(jfield_int(o, "f", 0, 1, 10, &v, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_INTEGER);
	assert_int_equal(jfield_int(o, "s", 0, 1, 10, &v, &e), -1);
	assert_int_equal(jfield_int(o, "b", 0, 1, 10, &v, &e), -1);
	assert_int_equal(jfield_int(o, "neg", 0, 1, 10, &v, &e), -1);
	assert_int_equal(e.r.reason, R_OUT_OF_RANGE);
	assert_int_equal(e.r.fig[1].n, 1);
	assert_int_equal(e.r.fig[2].n, 10);
	assert_int_equal(jfield_int(o, "big", 0, 1, INT64_MAX, &v, &e), 1);
	assert_int_equal(v, INT64_MAX);
	json_decref(o);
	/* Past int64: jansson refuses the document itself. */
	assert_null(json_loads("{\"a\":9223372036854775808}", 0, NULL));
}

static void
test_money(void **state)
{
	struct jerr e = { 0 };
	int64_t v = 42;
	json_t *o;

	(void)state;
	o = obj("{\"ok\":\"25000.50\",\"num\":25000.5,\"int\":25000,"
		"\"dk\":\"25.000,50\",\"neg\":\"-1.00\",\"dec\":\"1.001\","
		"\"big\":\"10000000000.01\",\"zero\":\"0.00\"}");
	assert_int_equal(jfield_money(o, "ok", 0, 1, MONEY_MAX, &v, &e), 1);
	assert_int_equal(v, 2500050);
	v = 42;
	/* Amounts are strings, never JSON numbers (floats). */
	assert_int_equal(jfield_money(o, "num", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_AMOUNT);
	assert_int_equal(jfield_money(o, "int", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_int_equal(jfield_money(o, "dk", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_string_equal(e.parameter, "dk");
	assert_int_equal(jfield_money(o, "neg", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_AMOUNT);
	assert_int_equal(jfield_money(o, "dec", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_AMOUNT);
	assert_int_equal(jfield_money(o, "big", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_int_equal(jfield_money(o, "zero", 0, 1, MONEY_MAX, &v, &e), -1);
	assert_int_equal(e.r.reason, R_AMOUNT_TOO_SMALL);
	assert_int_equal(e.r.fig[1].n, 1);
	assert_int_equal(jfield_money(o, "ok", 0, 1, 5000000, &v, &e), 1);
	assert_int_equal(jfield_money(o, "ok", 0, 1, 2500000, &v, &e), -1);
	assert_int_equal(e.r.reason, R_AMOUNT_RANGE);
	assert_int_equal(e.r.fig[1].n, 1);
	assert_int_equal(e.r.fig[2].n, 2500000);
	assert_int_equal(v, 2500050);
	json_decref(o);
}

static void
test_date_time_enum_bool_array(void **state)
{
	static const char *const kinds[] = { "association", "citizen", NULL };
	struct jerr e = { 0 };
	int32_t day = 0;
	time_t t = 0;
	bool b = false;
	const json_t *a;
	int k = -1;
	json_t *o;

	(void)state;
	o = obj("{\"d\":\"2017-05-02\",\"bad\":\"2017-02-29\","
		"\"t\":\"2017-05-02T17:30:00+02:00\","
		"\"tz\":\"2017-05-02T17:30:00\",\"k\":\"citizen\","
		"\"kx\":\"company\",\"b\":true,\"bs\":\"true\","
		"\"arr\":[1,2,3]}");
	assert_int_equal(jfield_date(o, "d", 0, &day, &e), 1);
	assert_int_equal(jfield_date(o, "bad", 0, &day, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_DATE);
	assert_int_equal(jfield_time(o, "t", 0, &t, &e), 1);
	assert_int_equal(t, 1493739000); /* 15:30 UTC */
	assert_int_equal(jfield_time(o, "tz", 0, &t, &e), -1);
	assert_int_equal(jfield_enum(o, "k", 0, kinds, &k, &e), 1);
	assert_int_equal(k, 1);
	assert_int_equal(jfield_enum(o, "kx", 0, kinds, &k, &e), -1);
	assert_int_equal(e.r.reason, R_NOT_ONE_OF);
	assert_string_equal(e.r.fig[1].l[1], "citizen");
	assert_int_equal(jfield_bool(o, "b", 0, &b, &e), 1);
	assert_true(b);
	assert_int_equal(jfield_bool(o, "bs", 0, &b, &e), -1);
	assert_int_equal(jfield_array(o, "arr", 0, 1, 3, &a, &e), 1);
	assert_int_equal(json_array_size(a), 3);
	assert_int_equal(jfield_array(o, "arr", 0, 1, 2, &a, &e), -1);
	assert_int_equal(e.r.reason, R_TOO_MANY);
	assert_int_equal(e.r.fig[1].n, 2);
	json_decref(o);
}

static void
test_scope(void **state)
{
	struct jerr e = { .scope = "lines[2]." };
	const char *s;
	json_t *o;

	(void)state;
	o = obj("{\"item\":5}");
	assert_int_equal(jfield_string(o, "item", 0, 1, 10, &s, &e), -1);
	assert_string_equal(e.parameter, "lines[2].item");
	json_decref(o);
}

static void
test_duplicate_keys_refused(void **state)
{
	json_error_t e;

	(void)state;
	/* The daemon parses with JSON_REJECT_DUPLICATES: a second "amount"
	 * cannot slip past the validation of the first. */
	assert_null(json_loads("{\"amount\":\"1.00\",\"amount\":\"9.00\"}",
	    JSON_REJECT_DUPLICATES, &e));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_object_unknown_field),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_string_trimmed),
		cmocka_unit_test(test_cpr_refused),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_date_time_enum_bool_array),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_duplicate_keys_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
