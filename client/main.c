/*
 * main.c - civic: global options, then one command from the table.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "civic.h"
#include "config.h"
#include "i18n.h"
#include "output.h"
#include "varlink.h"

void
i18n_init(void)
{
	char self[4096];
	const char *dir = CIVIC_LOCALEDIR;
	ssize_t n;

	/* Messages, and how text is read; numbers, money and dates are
	 * civic's own Danish formats whatever the locale says. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (getenv("CIVIC_LOCALEDIR") != NULL &&
	    getenv("CIVIC_LOCALEDIR")[0] == '/')
		dir = getenv("CIVIC_LOCALEDIR"); /* a translation being tried */
	else if (n > 0) {
		self[n] = '\0';
		if (strncmp(self, CIVIC_BUILD_ROOT "/",
			strlen(CIVIC_BUILD_ROOT) + 1) == 0)
			dir = CIVIC_BUILD_LOCALEDIR;
	}
	bindtextdomain("civic", dir);
	bind_textdomain_codeset("civic", "UTF-8");
	textdomain("civic");
}

/* --json and --full may come anywhere before "--"; take flag out of
 * argv, saying whether it was there. */
static bool
main_take_flag(int *argc, char **argv, const char *flag)
{
	bool found = false;
	int i, j;

	for (i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], flag) == 0) {
			for (j = i; j < *argc - 1; j++)
				argv[j] = argv[j + 1];
			(*argc)--;
			i--;
			found = true;
		}
	}
	return found;
}

/* -o FORMAT (--output FORMAT, --output=FORMAT) may come anywhere before
 * "--" too; take it out of argv. NULL if not there. */
static const char *
main_take_value(int *argc, char **argv)
{
	const char *v = NULL;
	int i, j, n;

	for (i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--output=", 9) == 0) {
			v = argv[i] + 9;
			n = 1;
		} else if ((strcmp(argv[i], "-o") == 0 ||
			       strcmp(argv[i], "--output") == 0) &&
		    i + 1 < *argc) {
			v = argv[i + 1];
			n = 2;
		} else
			continue;
		for (j = i; j + n < *argc; j++)
			argv[j] = argv[j + n];
		*argc -= n;
		i--;
	}
	return v;
}

/*
 * argv names no command: "civic grant --help" lists the group, "civic
 * grant" lists it as a usage error, anything else is a typo to correct.
 */
static int
main_no_command(int argc, char **argv)
{
	char typed[128];

	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) &&
	    cmd_group_list(stdout, argv[0]))
		return EXIT_OK;
	if (argc == 1 || argv[1][0] == '-') {
		if (cmd_group_list(stderr, argv[0]))
			return EXIT_USAGE;
		return cmd_unknown(argv[0]);
	}
	/* "grant aprove": a group and a typo, or a typo and an argument. */
	snprintf(typed, sizeof typed, "%s %s", argv[0], argv[1]);
	if (cmd_nearest(typed) != NULL || cmd_nearest(argv[0]) == NULL)
		return cmd_unknown(typed);
	return cmd_unknown(argv[0]);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct civic c = { 0 };
	const struct cmd *cmd;
	int ch, used, rc;

	i18n_init();
	/* People see times as they are at Ballerup Rådhus. */
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	if (sodium_init() < 0) {
		fprintf(stderr, _("civic: libsodium cannot initialise\n"));
		return EXIT_REFUSED;
	}
	c.json = main_take_flag(&argc, argv, "--json");
	out_set_full(main_take_flag(&argc, argv, "--full"));
	{
		const char *o = main_take_value(&argc, argv);
		bool csv = main_take_flag(&argc, argv, "--csv");

		if (o != NULL && strcmp(o, "csv") != 0 &&
		    strcmp(o, "json") != 0 && strcmp(o, "table") != 0) {
			fprintf(stderr,
			    _("civic: -o %s: say table, csv or json\n"), o);
			return EXIT_USAGE;
		}
		out_set_csv(csv || (o != NULL && strcmp(o, "csv") == 0));
		c.json = c.json || (o != NULL && strcmp(o, "json") == 0);
	}
	c.socket = getenv("CIVIC_SOCKET");
	if (c.socket == NULL || c.socket[0] == '\0')
		c.socket = CIVIC_DEFAULT_SOCKET;
	while ((ch = getopt_long(argc, argv, "+s:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			c.socket = optarg;
			break;
		case 'h':
			return cmd_help_all(stdout);
		case 'V':
			printf(_("civic %s\n"), CIVIC_VERSION);
			return EXIT_OK;
		default:
			cmd_help_all(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		cmd_help_all(stderr);
		return EXIT_USAGE;
	}
	if ((cmd = cmd_find(argc, argv, &used)) == NULL)
		return main_no_command(argc, argv);
	argc -= used - 1;
	argv += used - 1;
	optind = 0; /* each command parses its own options afresh */
	c.use_token = !(cmd->flags & CMD_NO_TOKEN);
	out_set_command(cmd->name, cmd->args[0] ? _(cmd->args) : "",
	    cmd->flags & CMD_FOR_ADMIN           ? "admin"
		: cmd->flags & CMD_FOR_COORD     ? "coordinator"
		: cmd->flags & CMD_FOR_APPLICANT ? "applicant"
						 : NULL,
	    cmd->opts, cmd->flags & CMD_WIRE);
	rc = cmd->fn(&c, cmd, argc, argv);
	vl_close(c.vl);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		perror("civic: writing output");
		rc = EXIT_REFUSED;
	}
	return rc;
}
