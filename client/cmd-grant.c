/*
 * cmd-grant.c - an admin's decisions on an application: grant approve,
 * reject, request-info, revoke, pay and conflict; and accounts accept and
 * return. Each is data in the command table (client/cmd.c): its method
 * and its options; this file says what happened.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd.h"
#include "output.h"

/* Where money paid back went, and what is still due. */
static void
grant_repaid_print(const json_t *a, const json_t *r)
{
	long long year = json_integer_value(json_object_get(r, "year")),
		  own = json_integer_value(json_object_get(a, "year"));
	char b[64], b2[64];

	if (year != own)
		printf(_("The fund year %lld is closed: the money is booked to "
			 "%lld.\n"),
		    own, year);
	else
		printf(_("The money is booked to the fund year %lld.\n"), year);
	if (json_is_string(json_object_get(a, "to_repay")))
		printf(_("%s is still to be paid back, by %s.\n"),
		    out_money(a, "to_repay", b, sizeof b),
		    out_date(a, "repay_by", b2, sizeof b2));
	else
		printf(_("Everything due back is paid back.\n"));
}

/*
 * Every command here: its options (the table's spec) and one application,
 * one call to the table's method, and "done" said of the application.
 */
static int
grant_run(struct civic *c, const struct cmd *self, const char *done, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	char b[64], b2[64];
	long long id;
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("APPLICATION"))) != EXIT_OK ||
	    (rc = arg_application(c, self, argv[optind], &id)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else {
		const json_t *a = json_object_get(r, "application");

		if (json_is_true(json_object_get(r, "dry_run")))
			printf(_("--dry-run: %s (id %lld) would be %s, granted "
				 "%s, paid %s; nothing was changed.\n"),
			    out_str(a, "reference"), id,
			    out_word_in("application", out_str(a, "status")),
			    out_money(a, "granted", b, sizeof b),
			    out_money(a, "paid", b2, sizeof b2));
		else
			printf(_("%s %s (id %lld): now %s.\n"), done,
			    out_str(a, "reference"), id,
			    out_word_in("application", out_str(a, "status")));
		if (json_is_string(json_object_get(r, "to_repay")) &&
		    strcmp(out_str(r, "to_repay"), "0.00") != 0)
			printf(_("The project spent less than it was paid: %s "
				 "is to be paid back by %s.\n"),
			    out_money(r, "to_repay", b, sizeof b),
			    out_date(a, "repay_by", b2, sizeof b2));
		if (json_is_integer(json_object_get(r, "year")))
			grant_repaid_print(a, r);
	}
	json_decref(r);
	return EXIT_OK;
}

int
cmd_grant_approve(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, _("Approved"), argc, argv);
}

int
cmd_grant_reject(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, _("Rejected"), argc, argv);
}

int
cmd_grant_request_info(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, _("Asked for more information on"), argc,
	    argv);
}

int
cmd_grant_revoke(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, _("Revoked"), argc, argv);
}

int
cmd_grant_reverse(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, _("Reversed a payment of"), argc, argv);
}

int
cmd_grant_pay(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, _("Recorded a payment on"), argc, argv);
}

int
cmd_grant_repaid(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	return grant_run(c, self, _("Recorded money paid back on"), argc, argv);
}

int
cmd_grant_conflict(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, _("Recorded the conflict of interest in"),
	    argc, argv);
}

int
cmd_accounts_accept(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, _("Accepted the accounts and closed"), argc,
	    argv);
}

int
cmd_accounts_return(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return grant_run(c, self, _("Sent back the accounts of"), argc, argv);
}
