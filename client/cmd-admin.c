/*
 * cmd-admin.c - admin backup: the daemon's online backup, streamed into a
 * file that is kept only once its size and SHA-256 check out.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cmd.h"
#include "output.h"

struct backup_file {
	const char *name; /* as given, for messages */
	int fd;
	crypto_hash_sha256_state sha;
	long long size;
	json_t *last; /* the final reply */
};

static int
backup_write(int fd, const unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Each reply: a piece to write, or (the last) what the whole must be. */
static int
backup_piece(const json_t *params, void *arg)
{
	static unsigned char bin[64 * 1024];
	struct backup_file *f = arg;
	const char *b64 = json_string_value(json_object_get(params, "data"));
	size_t n;

	if (b64 == NULL ||
	    sodium_base642bin(bin, sizeof bin, b64, strlen(b64), NULL, &n, NULL,
		sodium_base64_VARIANT_ORIGINAL) != 0) {
		out_fail(_("the daemon sent a piece of the backup that is not "
			   "base64"));
		return EXIT_REFUSED;
	}
	if (backup_write(f->fd, bin, n) != 0) {
		out_fail("%s: %s", f->name, strerror(errno));
		return EXIT_REFUSED;
	}
	crypto_hash_sha256_update(&f->sha, bin, n);
	f->size += (long long)n;
	if (json_object_get(params, "sha256") != NULL) {
		json_decref(f->last);
		f->last = json_deep_copy(params);
	}
	return EXIT_OK;
}

/* Checks what was written against what the daemon says it sent. */
static int
backup_check(struct backup_file *f)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	const char *want;

	if (f->last == NULL) {
		out_fail(_("the backup ended without its size and checksum"));
		return EXIT_REFUSED;
	}
	crypto_hash_sha256_final(&f->sha, digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	want = json_string_value(json_object_get(f->last, "sha256"));
	if (json_integer_value(json_object_get(f->last, "size")) != f->size ||
	    want == NULL || strcmp(want, hex) != 0) {
		out_fail(
		    _("the backup arrived damaged (%lld bytes, sha256 %s; "
		      "the daemon sent %lld bytes, sha256 %s); nothing was "
		      "kept"),
		    f->size, hex,
		    (long long)json_integer_value(json_object_get(f->last,
			"size")),
		    want != NULL ? want : "?");
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

int
cmd_admin_backup(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	struct backup_file f = { .fd = -1 };
	char tmp[PATH_MAX], dir[PATH_MAX];
	json_t *o = json_object();
	bool force, to_stdout;
	int rc, dfd;

	/* --force is the client's own: it is not sent. */
	rc = cmd_options(self, argc, argv, o);
	force = json_is_true(json_object_get(o, "force"));
	json_decref(o);
	if (rc != EXIT_OK)
		return rc;
	if (optind == argc)
		return cmd_usage_error(self,
		    _("say where to write the backup (FILE, or - for standard "
		      "output)"));
	if (optind + 1 != argc)
		return cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind + 1]);
	f.name = argv[optind];
	to_stdout = strcmp(f.name, "-") == 0;
	if (to_stdout && isatty(STDOUT_FILENO)) {
		out_fail(_("will not write a database to a terminal: give a "
			   "FILE, or send standard output elsewhere"));
		return EXIT_USAGE;
	}
	if (!to_stdout && !force && access(f.name, F_OK) == 0) {
		out_fail(_("%s exists; give --force to replace it"), f.name);
		return EXIT_USAGE;
	}
	if (sodium_init() < 0) {
		out_fail(_("libsodium cannot initialise"));
		return EXIT_REFUSED;
	}
	crypto_hash_sha256_init(&f.sha);
	if (to_stdout)
		f.fd = STDOUT_FILENO;
	else {
		/* Written beside FILE, and renamed onto it once checked: a
		 * backup is either whole or not there. */
		if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", f.name) >=
		    sizeof tmp) {
			out_fail(_("%s: the name is too long"), f.name);
			return EXIT_USAGE;
		}
		if ((f.fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
			out_fail("%s: %s", f.name, strerror(errno));
			return EXIT_USAGE;
		}
	}
	rc = civic_call_each(c, "dk.civic.admin.Backup", NULL, backup_piece,
	    &f);
	if (rc == EXIT_OK)
		rc = backup_check(&f);
	if (rc == EXIT_OK && !to_stdout && fsync(f.fd) != 0) {
		out_fail("%s: %s", f.name, strerror(errno));
		rc = EXIT_REFUSED;
	}
	if (!to_stdout) {
		close(f.fd);
		if (rc == EXIT_OK && rename(tmp, f.name) != 0) {
			out_fail("%s: %s", f.name, strerror(errno));
			rc = EXIT_REFUSED;
		}
		if (rc != EXIT_OK)
			unlink(tmp);
		else {
			/* The rename itself must reach the disk. */
			snprintf(dir, sizeof dir, "%s", f.name);
			if ((dfd = open(dirname(dir),
				 O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
				fsync(dfd);
				close(dfd);
			}
		}
	}
	if (rc == EXIT_OK && !to_stdout && c->json)
		out_json(f.last);
	else if (rc == EXIT_OK && !to_stdout)
		printf(_("Backed up the database (schema %lld, %lld bytes, "
			 "sha256 %s) to %s.\n"),
		    (long long)json_integer_value(json_object_get(f.last,
			"schema")),
		    f.size,
		    json_string_value(json_object_get(f.last, "sha256")),
		    f.name);
	json_decref(f.last);
	return rc;
}
