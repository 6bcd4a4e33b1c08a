/*
 * fuzz-config.c - civicd.conf as anyone might write it (settings.c and
 * inih). Properties: a file is either taken, and then prints as a
 * configuration that is taken again the same, or refused with a sentence
 * that names the file; never a crash.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "settings.h"

/* data in a memory file; its path in path. -1 if it cannot be made. */
static int
fuzz_file(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("civicd.conf", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

static void
fuzz_differs(const char *name, const char *was, const char *now,
    bool at_run_time, void *arg)
{
	(void)at_run_time;
	(void)arg;
	fprintf(stderr, "%s: %s, then %s\n", name, was, now);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], path2[64], err[512] = "", *printed = NULL;
	struct config c, c2;
	size_t plen = 0;
	FILE *f;
	int fd, fd2;

	if ((fd = fuzz_file(data, size, path, sizeof path)) < 0)
		return 0;
	settings_defaults(&c);
	if (settings_load_file(&c, path, true, err, sizeof err) != 0) {
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0,
		    "a refusal must name the file: %s", err);
		settings_free(&c);
		close(fd);
		return 0;
	}
	/* Taken: what it prints is a configuration taken the same. */
	if ((f = open_memstream(&printed, &plen)) != NULL) {
		settings_print(f, &c, path);
		fclose(f);
		if ((fd2 = fuzz_file((const uint8_t *)printed, plen, path2,
			 sizeof path2)) >= 0) {
			settings_defaults(&c2);
			FUZZ_CHECK(settings_load_file(&c2, path2, true, err,
				       sizeof err) == 0,
			    "what --check-config prints is refused: %s", err);
			FUZZ_CHECK(settings_diff(&c, &c2, fuzz_differs, NULL) ==
				0,
			    "what --check-config prints reads back differently");
			settings_free(&c2);
			close(fd2);
		}
	}
	free(printed);
	settings_free(&c);
	close(fd);
	return 0;
}
