/*
 * clock.h - the daemon's idea of now.
 *
 * Every time civicd records or compares (created, decided, retention due)
 * comes from clock_now(). In a build configured with -Dtest-clock=true the
 * tests can move it: if CIVIC_TEST_CLOCK names a file holding a number of
 * seconds since the epoch, that is now. Other builds ignore the variable.
 */
#ifndef CIVICD_CLOCK_H
#define CIVICD_CLOCK_H

#include <stdint.h>
#include <time.h>

time_t clock_now(void);

/*
 * Makes clock_now return t until clock_pin(0). Only for replaying events
 * that happened at known times (the demo data of 2017); never while
 * serving calls.
 */
void clock_pin(time_t t);

/* Seconds on a clock that only moves forward, for timeouts. */
time_t clock_mono(void);

/* The same clock in milliseconds. */
int64_t clock_mono_ms(void);

#endif
