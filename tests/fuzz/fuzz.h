/*
 * fuzz.h - what the fuzz targets share: a property check that aborts
 * (so that the driver, libFuzzer and the sanitizers all see it).
 */
#ifndef CIVIC_FUZZ_H
#define CIVIC_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, \
			    "%s:%d: property broken: %s: ", __FILE__, \
			    __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

#endif
