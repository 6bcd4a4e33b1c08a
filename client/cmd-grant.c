/*
 * cmd-grant.c - an admin's decisions on an application: grant approve,
 * reject, request-info, revoke, pay and conflict; and accounts accept and
 * return. Each is one row of grant_specs: which options it takes, which
 * it needs, and which method it calls.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd.h"
#include "output.h"

enum opt_type { OPT_MONEY, OPT_TEXT, OPT_DATE };

struct opt_spec {
	const char *name; /* the long option, without "--" */
	const char *key;  /* the parameter it sets */
	enum opt_type type;
	bool required;
};

struct grant_spec {
	const char *name; /* the command */
	const char *method;
	const char *done; /* what the human output says happened */
	struct opt_spec opts[4];
};

static const struct grant_spec grant_specs[] = {
	{ "grant approve", "dk.civic.Fund.Approve", "Approved",
	    { { "amount", "amount", OPT_MONEY, true },
		{ "committee", "committee_ref", OPT_TEXT, true },
		{ "date", "decision_date", OPT_DATE, false } } },
	{ "grant reject", "dk.civic.Fund.Reject", "Rejected",
	    { { "reason", "reason", OPT_TEXT, true },
		{ "date", "decision_date", OPT_DATE, false } } },
	{ "grant request-info", "dk.civic.Fund.RequestInformation",
	    "Asked for more information on",
	    { { "message", "message", OPT_TEXT, true } } },
	{ "grant revoke", "dk.civic.Fund.Revoke", "Revoked",
	    { { "reason", "reason", OPT_TEXT, true } } },
	{ "grant pay", "dk.civic.Fund.RecordPayment", "Recorded a payment on",
	    { { "amount", "amount", OPT_MONEY, true },
		{ "reference", "reference", OPT_TEXT, true },
		{ "date", "paid_on", OPT_DATE, false } } },
	{ "grant conflict", "dk.civic.Fund.DeclareConflict",
	    "Recorded your conflict of interest in",
	    { { "reason", "reason", OPT_TEXT, false } } },
	{ "accounts accept", "dk.civic.Fund.AcceptAccounts",
	    "Accepted the accounts and closed", { { 0 } } },
	{ "accounts return", "dk.civic.Fund.ReturnAccounts",
	    "Sent back the accounts of",
	    { { "reason", "reason", OPT_TEXT, true } } },
};

static int
grant_run(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	const struct grant_spec *g = NULL;
	struct option longopts[5];
	json_t *p = json_object(), *r;
	char opt[40], b[64];
	long long id;
	size_t i, n;
	int ch, rc = EXIT_OK;

	for (i = 0; i < sizeof grant_specs / sizeof grant_specs[0]; i++) {
		if (strcmp(grant_specs[i].name, self->name) == 0)
			g = &grant_specs[i];
	}
	memset(longopts, 0, sizeof longopts);
	for (n = 0; n < 4 && g->opts[n].name != NULL; n++) {
		longopts[n].name = g->opts[n].name;
		longopts[n].has_arg = required_argument;
		longopts[n].val = (int)n;
	}
	while (rc == EXIT_OK &&
	    (ch = cmd_getopt(self, argc, argv, "", longopts)) != -1) {
		const struct opt_spec *o = &g->opts[ch];

		snprintf(opt, sizeof opt, "--%s", o->name);
		rc = o->type == OPT_MONEY
		    ? arg_money(self, opt, optarg, p, o->key)
		    : o->type == OPT_DATE
		    ? arg_date(self, opt, optarg, p, o->key)
		    : arg_text(self, opt, optarg, p, o->key);
	}
	for (i = 0; rc == EXIT_OK && i < n; i++) {
		if (g->opts[i].required &&
		    json_object_get(p, g->opts[i].key) == NULL)
			rc = cmd_usage_error(self, "--%s is required",
			    g->opts[i].name);
	}
	if (rc != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, "application")) != EXIT_OK ||
	    (rc = arg_application(c, self, argv[optind], &id)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, g->method, p, &r)) != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else {
		const json_t *a = json_object_get(r, "application");

		printf("%s %s (id %lld): now %s.\n", g->done,
		    out_str(a, "reference"), id, out_str(a, "status"));
		if (json_is_string(json_object_get(r, "to_repay")) &&
		    strcmp(out_str(r, "to_repay"), "0.00") != 0)
			printf("The project spent less than it was paid: %s "
			       "is to be paid back.\n",
			    out_money(r, "to_repay", b, sizeof b));
	}
	json_decref(r);
	return EXIT_OK;
}

int
cmd_grant_approve(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_grant_reject(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_grant_request_info(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_grant_revoke(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_grant_pay(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_grant_conflict(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_accounts_accept(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, argc, argv);
}

int
cmd_accounts_return(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, argc, argv);
}
