/*
 * cmd-core.c - status, whoami, call and help.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "varlink.h"

/* Commands without options or arguments check that there are none. */
static int
cmd_no_args(const struct cmd *cmd, int argc, char **argv)
{
	if (cmd_options(cmd, argc, argv, NULL) != EXIT_OK || optind != argc)
		return cmd_usage_error(cmd, _("%s takes no arguments"),
		    cmd->name);
	return EXIT_OK;
}

int
cmd_status(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	char t[64], d[64];
	json_t *r;
	int rc;

	if ((rc = cmd_no_args(self, argc, argv)) != EXIT_OK)
		return rc;
	if ((rc = civic_call(c, "dk.civic.core.Status", NULL, &r)) != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else {
		out_kv(_("Daemon"), _("civicd %s"), out_str(r, "version"));
		out_kv(_("Schema version"), "%lld",
		    (long long)json_integer_value(json_object_get(r,
			"schema")));
		out_kv(_("Up"), _("%s (since %s)"),
		    out_duration(json_integer_value(json_object_get(r,
				     "uptime")),
			d, sizeof d),
		    out_time(r, "started", t, sizeof t));
		out_kv(_("Connections"), "%lld",
		    (long long)json_integer_value(json_object_get(r,
			"connections")));
		out_kv(_("Socket"), "%s", c->socket);
	}
	json_decref(r);
	return EXIT_OK;
}

int
cmd_whoami(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *r, *roles, *appl, *v;
	char buf[256];
	size_t i, o = 0;
	int rc;

	if ((rc = cmd_no_args(self, argc, argv)) != EXIT_OK)
		return rc;
	if ((rc = civic_call(c, "dk.civic.core.Whoami", NULL, &r)) != EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	out_kv(_("User"), _("%s (uid %lld, gid %lld)"), out_str(r, "user"),
	    (long long)json_integer_value(json_object_get(r, "uid")),
	    (long long)json_integer_value(json_object_get(r, "gid")));
	roles = json_object_get(r, "roles");
	buf[0] = '\0';
	json_array_foreach(roles, i, v)
	    o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
		i ? ", " : "", out_word_in("role", json_string_value(v)));
	out_kv(_("Roles"), "%s",
	    o > 0 ? buf
		  : _("none (you may list meetings and ask who you are)"));
	appl = json_object_get(r, "applicant");
	if (json_is_object(appl))
		out_kv(_("Applicant"), _("%s (id %lld)"), out_str(appl, "name"),
		    (long long)json_integer_value(json_object_get(appl, "id")));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_call(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *params = NULL, *r, *o = json_object();
	unsigned flags = 0;
	json_error_t jerr;
	int rc;

	rc = cmd_options(self, argc, argv, o);
	if (json_is_true(json_object_get(o, "more")))
		flags |= VL_MORE;
	if (json_is_true(json_object_get(o, "oneway")))
		flags |= VL_ONEWAY;
	json_decref(o);
	if (rc != EXIT_OK)
		return rc;
	if (flags == (VL_MORE | VL_ONEWAY))
		return cmd_usage_error(self,
		    _("--more and --oneway exclude each other"));
	if (optind >= argc || argc - optind > 2)
		return cmd_usage_error(self,
		    _("give a METHOD and at most one JSON object"));
	if (argc - optind == 2) {
		params = json_loads(argv[optind + 1], JSON_REJECT_DUPLICATES,
		    &jerr);
		if (!json_is_object(params)) {
			json_decref(params);
			return cmd_usage_error(self, _("JSON: %s"),
			    params == NULL
				? jerr.text
				: _("the parameters must be an object"));
		}
	}
	if (flags == VL_ONEWAY)
		return civic_call_oneway(c, argv[optind], params);
	if (flags == VL_MORE)
		return civic_call_stream(c, argv[optind], params);
	if ((rc = civic_call(c, argv[optind], params, &r)) != EXIT_OK)
		return rc;
	out_json(r);
	json_decref(r);
	return EXIT_OK;
}

int
cmd_help(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	const struct cmd *cmd;
	json_t *o = json_object();
	bool names;
	int used, rc;

	(void)c;
	/* civic help --help is civic's help, not help's. */
	if (argc > 1 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		json_decref(o);
		return cmd_help_all(stdout);
	}
	rc = cmd_options(self, argc, argv, o);
	names = json_is_true(json_object_get(o, "commands"));
	json_decref(o);
	if (rc != EXIT_OK)
		return rc;
	/* For shell completion: the commands, one a line. */
	if (names) {
		for (cmd = cmd_table; cmd->name != NULL; cmd++)
			printf("%s\n", cmd->name);
		return EXIT_OK;
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc <= 1)
		return cmd_help_all(stdout);
	if (argc == 2 && cmd_group_list(stdout, argv[1]))
		return EXIT_OK;
	if ((cmd = cmd_find(argc - 1, argv + 1, &used)) == NULL ||
	    used != argc - 1) {
		char typed[128];

		snprintf(typed, sizeof typed, "%s%s%s", argv[1],
		    argc > 2 ? " " : "", argc > 2 ? argv[2] : "");
		return cmd_unknown(typed);
	}
	cmd_usage(stdout, cmd);
	printf("\n%s.\n", cmd->summary);
	if (cmd->help != NULL)
		printf("%s\n", cmd->help);
	return EXIT_OK;
}
