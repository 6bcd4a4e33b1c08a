/*
 * cmd.c - the one command table, and finding and explaining commands.
 * `civic help`, `civic COMMAND --help` and civic(1) all come from here;
 * a test checks that the man page names every entry.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cmd.h"
#include "output.h"

const struct cmd cmd_table[] = {
	{ "status", "", "show the daemon's version, schema and uptime", NULL,
	    cmd_status, 0 },
	{ "whoami", "", "show who the daemon takes you to be", NULL, cmd_whoami,
	    0 },
	{ "login", "[TOKEN]", "save an applicant token for later commands",
	    "Checks TOKEN with the daemon and saves it in\n"
	    "$XDG_CONFIG_HOME/civic/token (mode 0600). Without TOKEN it is read\n"
	    "from standard input, without echo on a terminal.",
	    cmd_login, CMD_NO_TOKEN },
	{ "logout", "", "forget the saved applicant token", NULL, cmd_logout,
	    CMD_NO_TOKEN },
	{ "applicant add",
	    "[--citizen] [--cvr CVR] [--contact NAME] [--email ADDR] "
	    "[--phone NUM] [--address TEXT] NAME",
	    "add an applicant and issue its first token (admin)",
	    "An association by default; --citizen for a citizen, who needs\n"
	    "--email or --phone. The token is shown once: hand it to the\n"
	    "applicant, who runs civic login.",
	    cmd_applicant_add, 0 },
	{ "applicant list", "[--all]", "list applicants (admin)",
	    "--all includes disabled applicants.", cmd_applicant_list, 0 },
	{ "applicant show", "ID", "show one applicant (admin)", NULL,
	    cmd_applicant_show, 0 },
	{ "applicant revoke", "ID",
	    "revoke every token of an applicant (admin)", NULL,
	    cmd_applicant_revoke, 0 },
	{ "applicant rotate", "ID",
	    "revoke an applicant's tokens and issue a new one (admin)", NULL,
	    cmd_applicant_rotate, 0 },
	{ "call", "[--more] [--oneway] METHOD [JSON]",
	    "call any varlink method and print the reply as JSON",
	    "JSON is the call's parameters, an object; default {}.", cmd_call,
	    0 },
	{ "help", "[COMMAND]", "explain civic or one command", NULL, cmd_help,
	    CMD_NO_TOKEN },
	{ NULL, NULL, NULL, NULL, NULL, 0 },
};

const struct cmd *
cmd_find(int argc, char **argv, int *used)
{
	const struct cmd *cmd;
	char two[128];

	if (argc >= 2) {
		snprintf(two, sizeof two, "%s %s", argv[0], argv[1]);
		for (cmd = cmd_table; cmd->name != NULL; cmd++) {
			if (strcmp(cmd->name, two) == 0) {
				*used = 2;
				return cmd;
			}
		}
	}
	for (cmd = cmd_table; cmd->name != NULL; cmd++) {
		if (strcmp(cmd->name, argv[0]) == 0) {
			*used = 1;
			return cmd;
		}
	}
	return NULL;
}

const struct cmd *
cmd_named(const char *name)
{
	const struct cmd *cmd;

	for (cmd = cmd_table; cmd->name != NULL; cmd++) {
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	}
	fprintf(stderr, "civic: internal error: no command %s\n", name);
	abort();
}

void
cmd_usage(FILE *f, const struct cmd *cmd)
{
	fprintf(f, "usage: civic %s%s%s\n", cmd->name, cmd->args[0] ? " " : "",
	    cmd->args);
}

int
cmd_help_all(FILE *f)
{
	const struct cmd *cmd;

	fprintf(f,
	    "usage: civic [-s SOCKET] [--json] COMMAND [ARGS]\n"
	    "\n"
	    "  -s, --socket SOCKET  the daemon's socket (default $CIVIC_SOCKET, then\n"
	    "                       " CIVIC_DEFAULT_SOCKET ")\n"
	    "      --json           print the daemon's replies as JSON\n"
	    "  -h, --help           print this help\n"
	    "  -V, --version        print the version\n"
	    "\n"
	    "commands:\n");
	for (cmd = cmd_table; cmd->name != NULL; cmd++)
		fprintf(f, "  %-18s %s\n", cmd->name, cmd->summary);
	fprintf(f,
	    "\n"
	    "`civic help COMMAND` explains one command; civic(1) explains them all.\n"
	    "Exit status: 0 done, 1 refused, 2 usage error, 3 daemon unreachable.\n");
	return EXIT_OK;
}

int
cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vfail(fmt, ap);
	va_end(ap);
	cmd_usage(stderr, cmd);
	return EXIT_USAGE;
}

int
cmd_getopt(const struct cmd *cmd, int argc, char **argv, const char *shortopts,
    const void *longopts)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	const struct option *lo = longopts != NULL ? longopts : none;
	char opts[64];
	int ch, i, n;

	/* Every command takes --help: look for it first. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cmd_usage(stdout, cmd);
			if (cmd->help != NULL)
				printf("\n"
				       "%s\n",
				    cmd->help);
			exit(EXIT_OK);
		}
	}
	n = snprintf(opts, sizeof opts, "+:%s", shortopts);
	(void)n;
	ch = getopt_long(argc, argv, opts, lo, NULL);
	if (ch == '?' || ch == ':') {
		if (ch == ':')
			cmd_usage_error(cmd, "option %s needs a value",
			    argv[optind - 1]);
		else
			cmd_usage_error(cmd, "unknown option %s",
			    argv[optind - 1]);
		exit(EXIT_USAGE);
	}
	return ch;
}

long long
cmd_id(const char *s)
{
	char *end;
	long long v;

	if (*s < '1' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? v : -1;
}
