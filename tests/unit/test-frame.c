/*
 * test-frame.c - cutting NUL-terminated messages out of an input buffer:
 * whole, several at once, split anywhere, trickled, too large, empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <event2/buffer.h>

#include "frame.h"

static void
add(struct evbuffer *b, const char *s, size_t len)
{
	assert_int_equal(evbuffer_add(b, s, len), 0);
}

static char *
next(struct evbuffer *b, struct framer *f, size_t max)
{
	size_t len = 0;

	if (frame_find(b, f, max, &len) != FRAME_READY)
		return NULL;
	return frame_take(b, f, len);
}

static void
test_one_and_several(void **state)
{
	struct evbuffer *b = evbuffer_new();
	struct framer f = { 0 };
	char *m;

	(void)state;
	add(b, "{\"a\":1}\0{\"b\":2}\0{\"c\"", 20);
	m = next(b, &f, 100);
	assert_string_equal(m, "{\"a\":1}");
	free(m);
	m = next(b, &f, 100);
	assert_string_equal(m, "{\"b\":2}");
	free(m);
	assert_null(next(b, &f, 100)); /* "{"c"" is not finished */
	add(b, ":3}", 4);              /* with its NUL */
	m = next(b, &f, 100);
	assert_string_equal(m, "{\"c\":3}");
	free(m);
	assert_int_equal(evbuffer_get_length(b), 0);
	evbuffer_free(b);
}

static void
test_trickle(void **state)
{
	static const char msg[] = "{\"method\":\"x.Y\"}";
	struct evbuffer *b = evbuffer_new();
	struct framer f = { 0 };
	size_t i, len;
	char *m;

	(void)state;
	for (i = 0; i < sizeof msg - 1; i++) {
		add(b, msg + i, 1);
		assert_int_equal(frame_find(b, &f, 100, &len),
		    FRAME_INCOMPLETE);
		/* Each search starts where the last one stopped. */
		assert_int_equal(f.scanned, i + 1);
	}
	add(b, "", 1);
	m = next(b, &f, 100);
	assert_string_equal(m, msg);
	assert_int_equal(f.scanned, 0);
	free(m);
	evbuffer_free(b);
}

static void
test_too_large(void **state)
{
	struct evbuffer *b = evbuffer_new();
	struct framer f = { 0 };
	char big[64];
	size_t len;

	(void)state;
	memset(big, 'x', sizeof big);
	/* Exactly max bytes is allowed... */
	add(b, big, 16);
	add(b, "", 1);
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_READY);
	assert_int_equal(len, 16);
	free(frame_take(b, &f, len));
	/* ...one more is not, whether the NUL has come or not. */
	add(b, big, 17);
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_TOO_LARGE);
	add(b, "", 1);
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_TOO_LARGE);
	evbuffer_free(b);

	/* An unfinished message is too large as soon as it passes max. */
	b = evbuffer_new();
	f.scanned = 0;
	add(b, big, 16);
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_INCOMPLETE);
	add(b, big, 1);
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_TOO_LARGE);
	evbuffer_free(b);
}

static void
test_empty_message(void **state)
{
	struct evbuffer *b = evbuffer_new();
	struct framer f = { 0 };
	size_t len = 99;
	char *m;

	(void)state;
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_INCOMPLETE);
	add(b, "\0\0", 2);
	assert_int_equal(frame_find(b, &f, 16, &len), FRAME_READY);
	assert_int_equal(len, 0);
	m = frame_take(b, &f, len);
	assert_string_equal(m, "");
	free(m);
	assert_int_equal(evbuffer_get_length(b), 1);
	evbuffer_free(b);
}

static void
test_split_everywhere(void **state)
{
	static const char stream[] = "{\"a\":\"x\"}\0{}\0{\"bb\":[1,2]}";
	const size_t n = sizeof stream; /* with the final NUL */
	size_t cut, got;
	char *m;

	(void)state;
	/* However the bytes arrive, the same three messages come out. */
	for (cut = 0; cut <= n; cut++) {
		struct evbuffer *b = evbuffer_new();
		struct framer f = { 0 };

		got = 0;
		add(b, stream, cut);
		while ((m = next(b, &f, 64)) != NULL) {
			got++;
			free(m);
		}
		add(b, stream + cut, n - cut);
		while ((m = next(b, &f, 64)) != NULL) {
			if (got == 2)
				assert_string_equal(m, "{\"bb\":[1,2]}");
			got++;
			free(m);
		}
		assert_int_equal(got, 3);
		evbuffer_free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_and_several),
		cmocka_unit_test(test_trickle),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_empty_message),
		cmocka_unit_test(test_split_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
