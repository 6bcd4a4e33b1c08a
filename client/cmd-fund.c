/*
 * cmd-fund.c - fund show and fund set; accounts submit and overdue.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmd.h"
#include "money.h"
#include "output.h"

static void
fund_print(const json_t *y)
{
	static const char *const head[] = { "", N_("APPLICATIONS"),
		N_("GRANTED"), N_("COMMITTED"), N_("PAID"), N_("RELEASED"),
		N_("REPAID"), NULL };
	static const char *const kinds[][2] = { { "associations",
						    N_("Associations") },
		{ "citizens", N_("Citizens") } };
	long long year = json_integer_value(json_object_get(y, "year"));
	bool closed = json_is_string(json_object_get(y, "closed"));
	char b[7][64];
	struct table t;
	long long weeks;
	size_t i;

	if (closed)
		printf(_("Fund year %lld (closed %s)\n"), year,
		    out_time(y, "closed", b[0], sizeof b[0]));
	else
		printf(_("Fund year %lld%s\n"), year,
		    json_is_true(json_object_get(y, "open"))
			? ""
			: _(" (not opened yet: these are the defaults)"));
	out_kv(_("Budget"), "%s", out_money(y, "budget", b[0], sizeof b[0]));
	out_kv(_("Carried over in"), "%s",
	    out_money(y, "carried_in", b[0], sizeof b[0]));
	out_kv(_("Committed"), "%s",
	    out_money(y, "committed", b[0], sizeof b[0]));
	out_kv(_("Paid"), "%s", out_money(y, "paid", b[0], sizeof b[0]));
	out_kv(_("Released"), _("%s (granted, never paid)"),
	    out_money(y, "released", b[0], sizeof b[0]));
	out_kv(_("Paid back"), "%s", out_money(y, "repaid", b[0], sizeof b[0]));
	out_kv(_("To be paid back"), "%s",
	    out_money(y, "outstanding", b[0], sizeof b[0]));
	if (strcmp(out_str(y, "from_closed"), "0.00") != 0)
		out_kv(_("From closed years"), "%s",
		    out_money(y, "from_closed", b[0], sizeof b[0]));
	if (closed) {
		out_kv(_("Left at closing"), "%s",
		    out_money(y, "left", b[0], sizeof b[0]));
		if (json_is_true(json_object_get(y, "carry_over")))
			out_kv(_("Carried over"), _("to %lld"), year + 1);
		else
			out_kv(_("Carried over"), "%s",
			    _("no: what was left lapsed"));
	} else
		out_kv(_("Remaining"), "%s",
		    out_money(y, "remaining", b[0], sizeof b[0]));
	putchar('\n');
	out_kv(_("Cap per application"), "%s",
	    out_money(y, "cap", b[0], sizeof b[0]));
	if (!closed)
		out_kv(_("Carries over"), "%s",
		    json_is_true(json_object_get(y, "carry_over"))
			? _("yes, unspent money goes to the next year")
			: _("no"));
	weeks = json_integer_value(json_object_get(y, "accounts_weeks"));
	out_kv(_("Accounts due"),
	    P_("%lld week after a project ends",
		"%lld weeks after a project ends", weeks),
	    weeks);
	putchar('\n');
	table_init(&t, head);
	for (i = 0; i < 2; i++) {
		const json_t *k = json_object_get(y, kinds[i][0]);
		const char *row[7];

		snprintf(b[0], sizeof b[0], "%lld",
		    (long long)json_integer_value(json_object_get(k,
			"applications")));
		snprintf(b[1], sizeof b[1], "%lld",
		    (long long)json_integer_value(json_object_get(k,
			"granted")));
		row[0] = _(kinds[i][1]);
		row[1] = b[0];
		row[2] = b[1];
		row[3] = out_money(k, "committed", b[2], sizeof b[2]);
		row[4] = out_money(k, "paid", b[3], sizeof b[3]);
		row[5] = out_money(k, "released", b[4], sizeof b[4]);
		row[6] = out_money(k, "repaid", b[5], sizeof b[5]);
		table_row(&t, row);
	}
	table_print(&t, stdout);
}

int
cmd_fund_show(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	int rc = EXIT_OK;

	if (cmd_options(self, argc, argv, NULL) != EXIT_OK || argc - optind > 1)
		rc = cmd_usage_error(self, _("give at most one YEAR"));
	else if (optind < argc)
		rc = arg_int(self, _("YEAR"), argv[optind], 2000, 9999, p,
		    "year");
	if (rc != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call(c, "dk.civic.fund.ShowYear", p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, "year", fund_print);
}

/* One figure of a fund year before and after a change, if it changed
 * (the remaining always). */
static void
fund_change_line(const char *label, const json_t *y0, const json_t *y1,
    const char *key, bool always)
{
	const json_t *a = json_object_get(y0, key),
		     *b = json_object_get(y1, key);
	char b0[64], b1[64];
	const char *s0, *s1;

	if (json_equal(a, b) && !always)
		return;
	if (json_is_boolean(a) || json_is_boolean(b)) {
		s0 = json_is_true(a) ? _("yes") : _("no");
		s1 = json_is_true(b) ? _("yes") : _("no");
	} else if (json_is_integer(a) || json_is_integer(b)) {
		/* The only whole number among them: weeks. */
		snprintf(b0, sizeof b0,
		    P_("%lld week", "%lld weeks", json_integer_value(a)),
		    (long long)json_integer_value(a));
		snprintf(b1, sizeof b1,
		    P_("%lld week", "%lld weeks", json_integer_value(b)),
		    (long long)json_integer_value(b));
		s0 = b0;
		s1 = b1;
	} else {
		s0 = out_money(y0, key, b0, sizeof b0);
		s1 = out_money(y1, key, b1, sizeof b1);
	}
	out_kv(label, "%s \u2192 %s", s0, s1);
}

int
cmd_fund_set(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r = NULL, *r0 = NULL, *dry_p;
	const json_t *y0, *y1;
	char b0[MONEY_BUFSZ], b1[MONEY_BUFSZ];
	int64_t was, will;
	bool yes, dry;
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) == EXIT_OK &&
	    (rc = arg_one(self, argc, argv, _("YEAR"))) == EXIT_OK)
		rc = arg_int(self, _("YEAR"), argv[optind], 2000, 9999, p,
		    "year");
	yes = json_is_true(json_object_get(p, "yes"));
	json_object_del(p, "yes"); /* the client's own */
	dry = json_is_true(json_object_get(p, "dry_run"));
	if (rc == EXIT_OK && json_object_size(p) == (dry ? 2u : 1u))
		rc = cmd_usage_error(self,
		    _("say what to change: --budget, "
		      "--cap, --carry-over or "
		      "--accounts-weeks"));
	if (rc != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	/* First as a dry run: what civicd refuses (a role, a budget below
	 * what is granted) it says before anything else; then the year as
	 * it is, to show beside the change and to ask before a large cut. */
	dry_p = json_deep_copy(p);
	json_object_set_new(dry_p, "dry_run", json_true());
	if ((rc = civic_call(c, self->method, dry_p, &r)) != EXIT_OK ||
	    (rc = civic_call(c, "dk.civic.fund.ShowYear",
		 json_pack("{s:O}", "year", json_object_get(p, "year")),
		 &r0)) != EXIT_OK)
		goto out;
	y0 = json_object_get(r0, "year");
	if (!dry && !yes && json_is_string(json_object_get(p, "budget")) &&
	    money_parse_iso(out_str(y0, "budget"), &was) == MONEY_OK &&
	    money_parse_iso(json_string_value(json_object_get(p, "budget")),
		&will) == MONEY_OK &&
	    will < was / 2) {
		rc = cmd_usage_error(self,
		    _("--budget %s cuts the budget of %lld from %s by "
		      "more than half; give --yes if you mean it (or "
		      "--dry-run to see the change)"),
		    money_format_dk(will, b1),
		    (long long)json_integer_value(json_object_get(p, "year")),
		    money_format_dk(was, b0));
		goto out;
	}
	if (!dry) {
		json_decref(r);
		r = NULL;
		rc = civic_call(c, self->method, p, &r);
		p = NULL; /* civic_call took it */
		if (rc != EXIT_OK)
			goto out;
	}
	if (c->json) {
		rc = civic_print(c, r, "year", fund_print);
		r = NULL;
		goto out;
	}
	y1 = json_object_get(r, "year");
	printf(dry ? _("Fund year %lld, as it would be (--dry-run: nothing "
		       "was changed):\n")
		   : _("Fund year %lld, before and after:\n"),
	    (long long)json_integer_value(json_object_get(y1, "year")));
	fund_change_line(_("Budget"), y0, y1, "budget", false);
	fund_change_line(_("Cap per application"), y0, y1, "cap", false);
	fund_change_line(_("Carries over"), y0, y1, "carry_over", false);
	fund_change_line(_("Accounts due"), y0, y1, "accounts_weeks", false);
	fund_change_line(_("Remaining"), y0, y1, "remaining", true);
	if (!dry) {
		putchar('\n');
		rc = civic_print(c, r, "year", fund_print);
		r = NULL;
	}
out:
	json_decref(p);
	json_decref(r);
	json_decref(r0);
	return rc;
}

int
accounts_line(const struct cmd *self, const char *opt, const char *value,
    json_t *p, const char *key)
{
	const char *eq = strchr(value, '=');
	char *end;
	long long n;
	json_t *l;

	if (eq == NULL || (n = strtoll(value, &end, 10)) < 1 || end != eq)
		return cmd_usage_error(self,
		    _("%s: write LINE=AMOUNT, such as 1=7.500 for budget line 1"),
		    opt);
	l = json_pack("{s:I}", "line", (json_int_t)n);
	json_object_set_new(p, key, l);
	return arg_money(self, opt, eq + 1, l, "actual");
}

int
cmd_accounts_submit(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	rc = cmd_options(self, argc, argv, p);
	if (rc == EXIT_OK && json_object_get(p, "lines") == NULL)
		rc = cmd_usage_error(self,
		    _("give the actual spending of each "
		      "budget line with --line"));
	if (rc != EXIT_OK ||
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
	else
		printf(_("Submitted the final accounts of %s.\n"),
		    out_str(json_object_get(r, "application"), "reference"));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_accounts_overdue(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	static const char *const acc_head[] = { N_("REFERENCE"),
		N_("APPLICANT"), N_("TITLE"), N_("ENDED"), N_("ACCOUNTS DUE"),
		N_("ACCOUNTS"), NULL };
	static const char *const repay_head[] = { N_("REFERENCE"),
		N_("APPLICANT"), N_("TITLE"), N_("TO PAY BACK"),
		N_("PAY BACK BY"), NULL };
	json_t *r, *a;
	char b1[32], b2[32];
	struct table acc, repay;
	size_t i;
	int rc;

	if (cmd_options(self, argc, argv, NULL) != EXIT_OK || optind != argc)
		return cmd_usage_error(self,
		    _("accounts overdue takes no "
		      "arguments"));
	if ((rc = civic_call_list(c, "dk.civic.fund.ListApplications",
		 json_pack("{s:b}", "overdue", 1), "applications", &r)) !=
	    EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	table_init(&acc, acc_head);
	table_init(&repay, repay_head);
	json_array_foreach(json_object_get(r, "applications"), i, a)
	{
		const char *row[6];

		row[0] = out_str(a, "reference");
		row[1] = out_str(a, "applicant_name");
		row[2] = out_str(a, "title");
		if (json_is_string(json_object_get(a, "to_repay"))) {
			row[3] = out_money(a, "to_repay", b1, sizeof b1);
			row[4] = out_date(a, "repay_by", b2, sizeof b2);
			table_row(&repay, row);
			continue;
		}
		row[3] = out_date(a, "end_date", b1, sizeof b1);
		row[4] = out_date(a, "accounts_due", b2, sizeof b2);
		row[5] = strcmp(out_str(a, "accounts"), "returned") == 0
		    ? _("sent back")
		    : _("not submitted");
		table_row(&acc, row);
	}
	/* In CSV, each list is a table of its own, headings and all. */
	if (acc.nrows > 0 && !out_is_csv())
		printf(_("Final accounts overdue:\n"));
	table_print_or(&acc, stdout, _("No final accounts are overdue.\n"));
	if (repay.nrows > 0 && !out_is_csv())
		printf(_("\nMoney due back, late:\n"));
	else if (out_is_csv())
		fputs("\r\n", stdout);
	table_print_or(&repay, stdout, _("No money due back is late.\n"));
	json_decref(r);
	return EXIT_OK;
}

/* --carry takes applications by id or reference; civicd wants ids. */
static int
fund_carry_ids(struct civic *c, const struct cmd *self, json_t *p)
{
	json_t *list = json_object_get(p, "carry"), *ids, *v;
	long long id;
	size_t i;
	int rc;

	if (list == NULL)
		return EXIT_OK;
	ids = json_array();
	json_array_foreach(list, i, v)
	{
		if ((rc = arg_application(c, self, json_string_value(v),
			 &id)) != EXIT_OK) {
			json_decref(ids);
			return rc;
		}
		json_array_append_new(ids, json_integer(id));
	}
	json_object_set_new(p, "carry", ids);
	return EXIT_OK;
}

int
cmd_fund_close(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	const json_t *y;
	long long carried;
	char b[MONEY_BUFSZ];
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("YEAR"))) != EXIT_OK ||
	    (rc = arg_int(self, _("YEAR"), argv[optind], 2000, 9999, p,
		 "year")) != EXIT_OK ||
	    (rc = fund_carry_ids(c, self, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	y = json_object_get(r, "year");
	carried = json_integer_value(json_object_get(r, "carried"));
	if (json_is_true(json_object_get(r, "dry_run")))
		printf(_("--dry-run: the fund year %lld would close with %s "
			 "left; nothing was changed.\n"),
		    (long long)json_integer_value(json_object_get(y, "year")),
		    out_money(y, "left", b, sizeof b));
	else
		printf(_("Closed the fund year %lld with %s left.\n"),
		    (long long)json_integer_value(json_object_get(y, "year")),
		    out_money(y, "left", b, sizeof b));
	if (json_is_true(json_object_get(y, "carry_over")))
		printf(_("It carries over to %lld.\n"),
		    (long long)json_integer_value(json_object_get(y, "year")) +
			1);
	if (carried > 0)
		printf(P_("%lld grant stays open past the closing; money that "
			  "comes back from it goes to the next open year.\n",
			   "%lld grants stay open past the closing; money that "
			   "comes back from them goes to the next open year.\n",
			   carried),
		    carried);
	if (strcmp(out_str(y, "outstanding"), "0.00") != 0)
		printf(
		    _("%s is still to be paid back; it goes to the next open "
		      "year when it comes.\n"),
		    out_money(y, "outstanding", b, sizeof b));
	if (json_is_integer(json_object_get(r, "opened")))
		printf(json_is_true(json_object_get(r, "dry_run"))
			? _("It would open the fund year %lld with the "
			    "defaults, to take that money.\n")
			: _("Opened the fund year %lld with the defaults, to "
			    "take that money (civic fund set changes them).\n"),
		    (long long)json_integer_value(json_object_get(r,
			"opened")));
	json_decref(r);
	return EXIT_OK;
}
