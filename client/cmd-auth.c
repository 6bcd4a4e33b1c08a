/*
 * cmd-auth.c - login and logout: the applicant token kept for later
 * commands in $XDG_CONFIG_HOME/civic/token.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cmd.h"
#include "output.h"
#include "token.h"

/* Reads a token from standard input, without echo on a terminal. */
static int
cmd_read_token(char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(0);

	if (tty) {
		fprintf(stderr, _("Token: "));
		if (tcgetattr(0, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(0, TCSAFLUSH, &quiet);
		} else
			tty = false;
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		buf[0] = '\0';
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf[0] != '\0' ? 0 : -1;
}

/* Makes each missing directory of path's parent, mode 0700. */
static int
cmd_mkdirs(const char *path)
{
	char dir[4096], *p;

	snprintf(dir, sizeof dir, "%s", path);
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes the token to path atomically, mode 0600. */
static int
cmd_save_token(const char *path, const char *token)
{
	char tmp[4200];
	int fd;
	FILE *f;

	if (cmd_mkdirs(path) != 0)
		return -1;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return -1;
	if (fchmod(fd, 0600) != 0 || (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (fprintf(f, "%s\n", token) < 0 || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
cmd_login(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	uint8_t raw[TOKEN_RAWLEN];
	char token[256];
	const char *path;
	json_t *r;
	int rc;

	if (cmd_options(self, argc, argv, NULL) != EXIT_OK || argc - optind > 1)
		return cmd_usage_error(self, _("give at most one TOKEN"));
	if (optind < argc)
		snprintf(token, sizeof token, "%s", argv[optind]);
	else if (cmd_read_token(token, sizeof token) != 0)
		return cmd_usage_error(self, _("no token given"));
	if (!token_parse(token, raw)) {
		out_fail(
		    _("that is not a civic token: tokens start with \"%s\" "
		      "and are %d characters long"),
		    TOKEN_PREFIX, TOKEN_STRLEN);
		return EXIT_USAGE;
	}
	if ((path = civic_token_path()) == NULL) {
		out_fail(
		    _("neither XDG_CONFIG_HOME nor HOME is set: nowhere to "
		      "keep the token; use CIVIC_TOKEN instead"));
		return EXIT_USAGE;
	}
	rc = civic_call(c, "dk.civic.core.Authenticate",
	    json_pack("{s:s}", "token", token), &r);
	if (rc != EXIT_OK)
		return rc;
	if (cmd_save_token(path, token) != 0) {
		out_fail(_("cannot save the token in %s: %s"), path,
		    strerror(errno));
		json_decref(r);
		return EXIT_USAGE;
	}
	explicit_bzero(token, sizeof token);
	if (c->json)
		out_json(r);
	else
		printf(
		    _("Logged in as %s (applicant %lld); the token is in %s.\n"),
		    out_str(r, "name"),
		    (long long)json_integer_value(json_object_get(r,
			"applicant")),
		    path);
	if (getenv("CIVIC_TOKEN") != NULL)
		out_fail(
		    _("note: CIVIC_TOKEN is set and is used instead of the "
		      "saved token"));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_logout(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	const char *path = civic_token_path();

	(void)c;
	if (cmd_options(self, argc, argv, NULL) != EXIT_OK || optind != argc)
		return cmd_usage_error(self, _("logout takes no arguments"));
	if (path == NULL || unlink(path) != 0) {
		if (path != NULL && errno != ENOENT) {
			out_fail(_("cannot remove %s: %s"), path,
			    strerror(errno));
			return EXIT_USAGE;
		}
		if (path != NULL)
			printf(_("No saved token in %s.\n"), path);
		else
			printf(_("No saved token.\n"));
	} else
		printf(_("Logged out: removed %s.\n"), path);
	if (getenv("CIVIC_TOKEN") != NULL)
		out_fail(
		    _("note: CIVIC_TOKEN is still set in your environment"));
	return EXIT_OK;
}
