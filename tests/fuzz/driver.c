/*
 * driver.c - runs a libFuzzer-style target without libFuzzer.
 *
 * usage: fuzz-NAME [-runs=N] [-seed=S] CORPUS_DIR|FILE...
 *
 * Runs every corpus file through LLVMFuzzerTestOneInput, then N inputs
 * made by mutating them (bit flips, byte changes, inserts, deletes,
 * splices, interesting bytes), from a fixed seed so that a failure can be
 * replayed. The same targets link with clang's -fsanitize=fuzzer for long
 * coverage-guided runs; this driver is what CI runs, briefly, under ASan
 * and UBSan. A target reports a broken property by aborting.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DRIVER_MAXLEN  131072 /* a small database, for fuzz-backup */
#define DRIVER_MAXSEED 256

struct seed {
	uint8_t *data;
	size_t len;
};

static struct seed seeds[DRIVER_MAXSEED];
static size_t nseeds;
static uint64_t rng;

static uint64_t
driver_rand(void)
{
	/* xorshift64*: small, fast, and the same everywhere. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(2685821657736338717);
}

static void
driver_add_file(const char *path)
{
	FILE *f;
	uint8_t *buf;
	size_t n;

	if (nseeds == DRIVER_MAXSEED || (f = fopen(path, "rb")) == NULL)
		return;
	if ((buf = malloc(DRIVER_MAXLEN + 1)) == NULL)
		abort();
	n = fread(buf, 1, DRIVER_MAXLEN, f);
	fclose(f);
	seeds[nseeds].data = buf;
	seeds[nseeds].len = n;
	nseeds++;
}

static void
driver_add(const char *path)
{
	struct dirent **names;
	struct stat sb;
	char full[4096];
	int i, n;

	if (stat(path, &sb) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(sb.st_mode)) {
		driver_add_file(path);
		return;
	}
	/* Sorted, so that the runs are the same on every machine. */
	if ((n = scandir(path, &names, NULL, alphasort)) < 0) {
		perror(path);
		exit(2);
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(full, sizeof full, "%s/%s", path,
			    names[i]->d_name);
			driver_add_file(full);
		}
		free(names[i]);
	}
	free(names);
}

/* Makes one mutant of a seed in buf; returns its length. */
static size_t
driver_mutate(uint8_t *buf)
{
	static const uint8_t interesting[] = { 0, '"', '\\', '{', '}', '[', ']',
		',', ':', '.', '-', '0', '9', 0x7f, 0x80, 0xc3, 0xff, ' ', '\n',
		'e' };
	const struct seed *s = &seeds[driver_rand() % nseeds];
	size_t len = s->len, i, n, pos;

	memcpy(buf, s->data, len);
	n = 1 + driver_rand() % 4;
	for (i = 0; i < n; i++) {
		pos = len > 0 ? driver_rand() % len : 0;
		switch (driver_rand() % 7) {
		case 0: /* flip a bit */
			if (len > 0)
				buf[pos] ^= (uint8_t)(1u
				    << (driver_rand() % 8));
			break;
		case 1: /* any byte */
			if (len > 0)
				buf[pos] = (uint8_t)driver_rand();
			break;
		case 2: /* an interesting byte */
			if (len > 0)
				buf[pos] = interesting[driver_rand() %
				    sizeof interesting];
			break;
		case 3: /* insert */
			if (len < DRIVER_MAXLEN) {
				memmove(buf + pos + 1, buf + pos, len - pos);
				buf[pos] = interesting[driver_rand() %
				    sizeof interesting];
				len++;
			}
			break;
		case 4: /* delete */
			if (len > 0) {
				memmove(buf + pos, buf + pos + 1,
				    len - pos - 1);
				len--;
			}
			break;
		case 5: /* splice in part of another seed */
		{
			const struct seed *o = &seeds[driver_rand() % nseeds];
			size_t take = o->len > 0 ? driver_rand() % o->len : 0;

			if (pos + take > DRIVER_MAXLEN)
				take = DRIVER_MAXLEN - pos;
			memcpy(buf + pos, o->data, take);
			if (pos + take > len)
				len = pos + take;
			break;
		}
		default: /* truncate */
			len = pos;
			break;
		}
	}
	return len;
}

int
main(int argc, char **argv)
{
	static uint8_t buf[DRIVER_MAXLEN + 1];
	unsigned long runs = 10000, r;
	size_t i, len;
	int a;

	rng = 0x5eed;
	for (a = 1; a < argc; a++) {
		if (strncmp(argv[a], "-runs=", 6) == 0)
			runs = strtoul(argv[a] + 6, NULL, 10);
		else if (strncmp(argv[a], "-seed=", 6) == 0)
			rng = strtoull(argv[a] + 6, NULL, 10) | 1;
		else
			driver_add(argv[a]);
	}
	if (nseeds == 0) {
		fprintf(stderr, "no corpus given\n");
		return 2;
	}
	for (i = 0; i < nseeds; i++)
		LLVMFuzzerTestOneInput(seeds[i].data, seeds[i].len);
	for (r = 0; r < runs; r++) {
		len = driver_mutate(buf);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("%zu seeds and %lu mutants: every property held\n", nseeds,
	    runs);
	for (i = 0; i < nseeds; i++)
		free(seeds[i].data);
	return 0;
}
