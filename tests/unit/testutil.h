/*
 * testutil.h - helpers the unit tests share: a private temporary
 * directory per test program, and reading a file whole.
 */
#ifndef CIVIC_TESTUTIL_H
#define CIVIC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh directory under $TMPDIR (or /tmp), removed by tu_cleanup. */
static inline const char *
tu_tmpdir(void)
{
	static char dir[512];
	const char *base = getenv("TMPDIR");

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "%s/civic-unit.XXXXXX",
		    base != NULL ? base : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
	}
	return dir;
}

/* A path inside tu_tmpdir(); static storage, one of eight in rotation. */
static inline const char *
tu_path(const char *name)
{
	static char paths[8][640];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, sizeof paths[0], "%s/%s", tu_tmpdir(), name);
	return p;
}

/* Reads a whole file into a malloc'd buffer; *len gets its size. */
static inline char *
tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL)
		*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static inline void
tu_cleanup(void)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tu_tmpdir());
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tu_tmpdir());
}

#endif
