/*
 * crypto.c - signing keys on disk (see crypto.h). The file holds the
 * 32-byte Ed25519 seed; the key pair is derived from it at load.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto.h"
#include "log.h"

#define CRYPTO_SEEDLEN crypto_sign_SEEDBYTES

/* Writes a new seed to path atomically (temporary file, fsync, rename). */
static int
crypto_key_create(const char *dir, const char *path, uint8_t *seed, char *err,
    size_t errlen)
{
	char tmp[4200];
	int fd, dfd;

	randombytes_buf(seed, CRYPTO_SEEDLEN);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a key: %s", tmp,
		    strerror(errno));
		return -1;
	}
	if (write(fd, seed, CRYPTO_SEEDLEN) != CRYPTO_SEEDLEN ||
	    fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot write the key: %s", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	log_notice("%s: made a new signing key", path);
	return 0;
}

int
crypto_key_load(const char *dir, const char *name, struct signing_key *k,
    char *err, size_t errlen)
{
	uint8_t seed[CRYPTO_SEEDLEN];
	char path[4096];
	struct stat sb;
	ssize_t n;
	int fd, rc = -1;

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot initialise");
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (crypto_key_create(dir, path, seed, err, errlen) != 0)
			return -1;
		crypto_sign_seed_keypair(k->pk, k->sk, seed);
		sodium_memzero(seed, sizeof seed);
		return 0;
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		snprintf(err, errlen, "%s: not a regular file", path);
	else if (sb.st_uid != geteuid())
		snprintf(err, errlen,
		    "%s: belongs to uid %u, not to civicd's "
		    "user",
		    path, (unsigned)sb.st_uid);
	else if (sb.st_mode & 077)
		snprintf(err, errlen,
		    "%s: mode %04o lets others read or change "
		    "a secret key; run chmod 600 %s (and ask whether it has "
		    "leaked)",
		    path, (unsigned)(sb.st_mode & 07777), path);
	else if ((n = read(fd, seed, sizeof seed)) != (ssize_t)sizeof seed)
		snprintf(err, errlen, "%s: not a civic key (%zd bytes, not %d)",
		    path, n, CRYPTO_SEEDLEN);
	else {
		crypto_sign_seed_keypair(k->pk, k->sk, seed);
		rc = 0;
	}
	sodium_memzero(seed, sizeof seed);
	close(fd);
	return rc;
}

void
crypto_key_wipe(struct signing_key *k)
{
	sodium_memzero(k, sizeof *k);
}
