/*
 * clock.c - wall and monotonic time (see clock.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "clock.h"

static time_t clock_pinned;

void
clock_pin(time_t t)
{
	clock_pinned = t;
}

/* In a test-clock build: the time in the file $CIVIC_TEST_CLOCK, or 0. */
static time_t
clock_test_now(void)
{
#if CIVIC_TEST_CLOCK
	const char *path = getenv("CIVIC_TEST_CLOCK");
	long long t = 0;
	FILE *f;

	if (path != NULL && (f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%lld", &t) != 1)
			t = 0;
		fclose(f);
	}
	return (time_t)t;
#else
	return 0;
#endif
}

time_t
clock_now(void)
{
	time_t t;

	if (clock_pinned != 0)
		return clock_pinned;
	if ((t = clock_test_now()) != 0)
		return t;
	return time(NULL);
}

time_t
clock_mono(void)
{
	return (time_t)(clock_mono_ms() / 1000);
}

int64_t
clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
