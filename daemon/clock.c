/*
 * clock.c - wall and monotonic time (see clock.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "clock.h"

time_t
clock_now(void)
{
#if CIVIC_TEST_CLOCK
	const char *path = getenv("CIVIC_TEST_CLOCK");
	long long t;
	FILE *f;

	if (path != NULL && (f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%lld", &t) == 1) {
			fclose(f);
			return (time_t)t;
		}
		fclose(f);
	}
#endif
	return time(NULL);
}

time_t
clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}
