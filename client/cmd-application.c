/*
 * cmd-application.c - apply, and application list, show, edit, submit,
 * withdraw and delete.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "money.h"
#include "output.h"
#include "timefmt.h"
#include "utf8.h"

/* --line "ITEM=AMOUNT" (the last "=" splits): a budget line, in p[key];
 * the table's spec collects them. */
int
app_line(const struct cmd *self, const char *opt, const char *value, json_t *p,
    const char *key)
{
	const char *eq = strrchr(value, '=');
	json_t *line;
	char *item;
	int rc;

	if (eq == NULL || eq == value)
		return cmd_usage_error(self,
		    _("%s: write ITEM=AMOUNT, such as \"Lokaleleje=8.000\""),
		    opt);
	if ((item = strndup(value, (size_t)(eq - value))) == NULL)
		return cmd_usage_error(self, _("out of memory"));
	line = json_object();
	rc = json_object_set_new(line, "item", json_string(item)) != 0
	    ? cmd_usage_error(self, _("%s: not valid UTF-8"), opt)
	    : arg_money(self, opt, eq + 1, line, "amount");
	free(item);
	if (rc != EXIT_OK) {
		json_decref(line);
		return rc;
	}
	json_object_set_new(p, key, line);
	return EXIT_OK;
}

/* A budget line typed at the prompt, appended to p's lines. */
static int
app_add_line(const struct cmd *self, const char *value, json_t *p)
{
	json_t *one = json_object(), *lines;
	int rc;

	if ((rc = app_line(self, "--line", value, one, "line")) == EXIT_OK) {
		if ((lines = json_object_get(p, "lines")) == NULL)
			json_object_set_new(p, "lines", lines = json_array());
		json_array_append(lines, json_object_get(one, "line"));
	}
	json_decref(one);
	return rc;
}

/*
 * Reads a JSON file of application fields. Amounts may be written as
 * people write them; they are turned into the wire form here.
 */
int
app_file(const struct cmd *self, const char *opt, const char *path, json_t *p,
    const char *key)
{
	json_error_t jerr;
	json_t *f, *v, *l;
	const char *field;
	size_t i;
	int rc = EXIT_OK;

	f = strcmp(path, "-") == 0
	    ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
	    : json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(f)) {
		json_decref(f);
		return cmd_usage_error(self, "%s: %s", path,
		    f == NULL ? jerr.text : _("must hold a JSON object"));
	}
	(void)opt;
	(void)key;
	json_object_foreach(f, field, v)
	{
		if (strcmp(field, "requested") == 0 && json_is_string(v))
			rc = arg_money(self, "requested", json_string_value(v),
			    p, field);
		else
			json_object_set(p, field, v);
		if (rc != EXIT_OK)
			break;
	}
	json_array_foreach(json_object_get(p, "lines"), i, l)
	{
		v = json_object_get(l, "amount");
		if (rc == EXIT_OK && json_is_string(v))
			rc = arg_money(self, _("lines amount"),
			    json_string_value(v), l, "amount");
	}
	json_decref(f);
	return rc;
}

/* The options apply and application edit share (the table's spec), into
 * p; apply's --submit, which is not sent, into *submit. */
static int
app_options(const struct cmd *self, int argc, char **argv, json_t *p,
    bool *submit)
{
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) != EXIT_OK)
		return rc;
	if (submit != NULL)
		*submit = json_is_true(json_object_get(p, "submit"));
	json_object_del(p, "submit");
	json_object_del(p, "file");
	return EXIT_OK;
}

/* Without --amount, the amount is what the lines add up to. */
static void
app_default_amount(json_t *p)
{
	const json_t *l;
	char buf[MONEY_BUFSZ];
	int64_t sum = 0, v;
	size_t i;

	if (json_object_get(p, "requested") != NULL ||
	    json_object_get(p, "lines") == NULL)
		return;
	json_array_foreach(json_object_get(p, "lines"), i, l)
	{
		if (money_parse_iso(out_str(l, "amount"), &v) == MONEY_OK)
			sum += v;
	}
	json_object_set_new(p, "requested",
	    json_string(money_format_iso(sum, buf)));
}

/* Asks for a missing field on a terminal. */
/* What is wrong with an answer to apply's question for key, to ask
 * again; NULL if it will do. */
static const char *
app_answer_wrong(const char *key, const char *line)
{
	int32_t d;
	char *end;
	long long n;

	if (line[strspn(line, " \t")] == '\0')
		return _("(an answer is needed; try again)");
	if (strcmp(key, "participants") == 0) {
		n = strtoll(line, &end, 10);
		if (*end != '\0' || n < 1 || n > 1000000)
			return _(
			    "(a whole number from 1 to 1000000; try again)");
	}
	if ((strcmp(key, "start_date") == 0 || strcmp(key, "end_date") == 0) &&
	    !date_parse_human(line, &d))
		return _("(not a date: write 2.5.2027 or 2027-05-02; try "
			 "again)");
	return NULL;
}

static int
app_prompt(const struct cmd *self, json_t *p, const char *key,
    const char *label, const char *opt)
{
	const char *why;
	char line[4096];

	if (json_object_get(p, key) != NULL)
		return EXIT_OK;
	label = _(label); /* marked N_ in cmd_apply's table */
	if (!isatty(0))
		return cmd_usage_error(self,
		    _("%s is missing (give %s, or run "
		      "on a terminal to be asked)"),
		    label, opt);
	/* One mistyped answer asks again: it never throws the form away. */
	for (;;) {
		fprintf(stderr, "%s: ", label);
		if (fgets(line, sizeof line, stdin) == NULL)
			return cmd_usage_error(self, _("%s is missing"), label);
		line[strcspn(line, "\r\n")] = '\0';
		if ((why = app_answer_wrong(key, line)) == NULL)
			break;
		fprintf(stderr, "  %s\n", why);
	}
	if (strcmp(key, "participants") == 0)
		return arg_int(self, opt, line, 1, 1000000, p, key);
	if (strcmp(key, "start_date") == 0 || strcmp(key, "end_date") == 0)
		return arg_date(self, opt, line, p, key);
	return arg_text(self, opt, line, p, key);
}

static int
app_prompt_lines(const struct cmd *self, json_t *p)
{
	char line[1024];
	int rc;

	if (json_object_get(p, "lines") != NULL)
		return EXIT_OK;
	if (!isatty(0))
		return cmd_usage_error(self,
		    _("the budget is missing (give "
		      "--line ITEM=AMOUNT, once per "
		      "line)"));
	fprintf(stderr,
	    _("Budget lines, as ITEM=AMOUNT; an empty line ends "
	      "them.\n"));
	for (;;) {
		fprintf(stderr, _("Budget line: "));
		if (fgets(line, sizeof line, stdin) == NULL)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			break;
		if ((rc = app_add_line(self, line, p)) != EXIT_OK)
			fprintf(stderr, _("(try again)\n"));
	}
	if (json_object_get(p, "lines") == NULL)
		return cmd_usage_error(self,
		    _("an application needs a budget"));
	return EXIT_OK;
}

static void
app_print(const json_t *a)
{
	char b1[64], b2[64], b3[64];
	const json_t *v, *x;
	size_t i;

	printf(_("Application %s (id %lld): %s\n"),
	    strcmp(out_str(a, "reference"), "-") != 0 ? out_str(a, "reference")
						      : _("draft"),
	    (long long)json_integer_value(json_object_get(a, "id")),
	    out_str(a, "title"));
	out_kv(_("Applicant"), _("%s (%s, id %lld)"),
	    out_str(a, "applicant_name"),
	    out_word_in("kind", out_str(a, "applicant_kind")),
	    (long long)json_integer_value(json_object_get(a, "applicant")));
	out_kv(_("Status"), "%s",
	    out_word_in("application", out_str(a, "status")));
	out_kv(_("Period"), "%s - %s", out_date(a, "start_date", b1, sizeof b1),
	    out_date(a, "end_date", b2, sizeof b2));
	out_kv(_("Participants"), _("%lld expected"),
	    (long long)json_integer_value(json_object_get(a, "participants")));
	out_kv(_("Target group"), "%s", out_str(a, "target_group"));
	out_kv(_("Requested"), "%s", out_money(a, "requested", b1, sizeof b1));
	if (json_is_string(json_object_get(a, "granted")))
		out_kv(_("Granted"), _("%s on %s (%s)"),
		    out_money(a, "granted", b1, sizeof b1),
		    out_date(a, "decision_date", b2, sizeof b2),
		    out_str(a, "committee_ref"));
	out_kv(_("Paid"), "%s", out_money(a, "paid", b1, sizeof b1));
	if (strcmp(out_str(a, "status"), "closed") == 0)
		out_kv(_("Released"), _("%s (granted, never paid)"),
		    out_money(a, "released", b1, sizeof b1));
	if (strcmp(out_str(a, "due_back"), "0.00") != 0)
		out_kv(_("To pay back"), _("%s by %s; %s paid back"),
		    out_money(a, "due_back", b1, sizeof b1),
		    out_date(a, "repay_by", b2, sizeof b2),
		    out_money(a, "repaid", b3, sizeof b3));
	if (json_is_string(json_object_get(a, "accounts_due")))
		out_kv(_("Accounts due"), "%s",
		    out_date(a, "accounts_due", b1, sizeof b1));
	printf(_("\nDescription:\n  %s\n"), out_str(a, "description"));
	printf(_("\nHow it promotes integration:\n  %s\n"),
	    out_str(a, "integration"));

	printf(_("\nBudget:\n"));
	{
		static const char *const head[] = { "  #", N_("ITEM"),
			N_("BUDGETED"), N_("ACTUAL"), NULL };
		struct table t;
		char n[16];

		table_init(&t, head);
		json_array_foreach(json_object_get(a, "lines"), i, v)
		{
			const char *row[4];

			snprintf(n, sizeof n, "  %lld",
			    (long long)json_integer_value(json_object_get(v,
				"line")));
			row[0] = n;
			row[1] = out_str(v, "item");
			row[2] = out_money(v, "budgeted", b1, sizeof b1);
			row[3] = out_money(v, "actual", b2, sizeof b2);
			table_row(&t, row);
		}
		table_print(&t, stdout);
	}
	if (json_array_size(json_object_get(a, "payments")) > 0) {
		printf(_("\nPayments:\n"));
		json_array_foreach(json_object_get(a, "payments"), i, v)
		{
			long long n = json_integer_value(json_object_get(v,
			    "id"));
			const json_t *rev = json_object_get(v, "reverses");

			printf("  #%-4lld %s  %s%s  %s", n,
			    out_date(v, "paid_on", b1, sizeof b1),
			    json_is_integer(rev) ? "-" : "",
			    out_money(v, "amount", b2, sizeof b2),
			    out_str(v, "reference"));
			if (json_is_integer(rev))
				printf(_("  (reverses #%lld: %s)"),
				    (long long)json_integer_value(rev),
				    out_str(v, "reason"));
			putchar('\n');
		}
	}
	json_array_foreach(json_object_get(a, "repayments"), i, v)
	{
		if (i == 0)
			printf(_("\nPaid back:\n"));
		printf(_("  %s  %s  %s  (booked to %lld)\n"),
		    out_date(v, "received_on", b1, sizeof b1),
		    out_money(v, "amount", b2, sizeof b2),
		    out_str(v, "reference"),
		    (long long)json_integer_value(json_object_get(v, "year")));
	}
	if (json_is_object(x = json_object_get(a, "accounts"))) {
		printf(_("\nFinal accounts: %s, %lld participants reached, %s "
			 "spent\n  %s\n"),
		    out_word_in("accounts", out_str(x, "status")),
		    (long long)json_integer_value(json_object_get(x,
			"participants")),
		    out_money(x, "spent", b1, sizeof b1), out_str(x, "report"));
	}
	json_array_foreach(json_object_get(a, "conflicts"), i, v)
	{
		if (i == 0)
			printf(_("\nConflicts of interest:\n"));
		printf(_("  uid %lld (%s): %s\n"),
		    (long long)json_integer_value(json_object_get(v, "uid")),
		    out_str(v, "user"), out_str(v, "reason"));
	}
	printf(_("\nHistory:\n"));
	json_array_foreach(json_object_get(a, "history"), i, v)
	{
		const char *kind = out_word_in("event", out_str(v, "kind"));
		const char *by = out_word_in("role", out_str(v, "by"));
		size_t w = utf8_width(kind), wb = utf8_width(by);

		/* Padded by the columns the words take, in any language. */
		printf("  %s  %s%*s %s%*s", out_time(v, "at", b1, sizeof b1),
		    kind, w < 26 ? (int)(26 - w) : 0, "", by,
		    wb < 12 ? (int)(12 - wb) : 0, "");
		if (json_is_string(json_object_get(v, "amount")))
			printf(" %s", out_money(v, "amount", b3, sizeof b3));
		if (json_is_string(json_object_get(v, "text")))
			printf(" %s", out_str(v, "text"));
		putchar('\n');
	}
}

/* Prints the application a reply holds (or the reply, with --json). */
static void
app_print_reply(struct civic *c, const json_t *r, const char *done)
{
	if (c->json) {
		out_json(r);
		return;
	}
	if (done != NULL) {
		const json_t *a = json_object_get(r, "application");

		printf(_("%s %s (id %lld): %s.\n"), done,
		    strcmp(out_str(a, "reference"), "-") != 0
			? out_str(a, "reference")
			: _("draft"),
		    (long long)json_integer_value(json_object_get(a, "id")),
		    out_word_in("application", out_str(a, "status")));
		return;
	}
	app_print(json_object_get(r, "application"));
}

int
cmd_apply(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	static const struct {
		const char *key, *label, *opt;
	} asks[] = {
		{ "title", N_("Title"), "--title" },
		{ "description", N_("What the project does"), "--description" },
		{ "integration", N_("How it promotes integration"),
		    "--integration" },
		{ "target_group", N_("Target group"), "--target-group" },
		{ "participants", N_("Expected participants"),
		    "--participants" },
		{ "start_date", N_("Start date"), "--start" },
		{ "end_date", N_("End date"), "--end" },
	};
	json_t *p = json_object(), *r;
	bool submit = false;
	long long id;
	size_t i;
	int rc;

	if ((rc = app_options(self, argc, argv, p, &submit)) != EXIT_OK)
		goto out;
	if (optind != argc) {
		rc = cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind]);
		goto out;
	}
	for (i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		if ((rc = app_prompt(self, p, asks[i].key, asks[i].label,
			 asks[i].opt)) != EXIT_OK)
			goto out;
	}
	if ((rc = app_prompt_lines(self, p)) != EXIT_OK)
		goto out;
	app_default_amount(p);
	rc = civic_call(c, "dk.civic.fund.CreateApplication", p, &r);
	p = NULL;
	if (rc != EXIT_OK)
		goto out;
	id = json_integer_value(json_object_get(json_object_get(r,
						    "application"),
	    "id"));
	if (!submit) {
		if (c->json)
			out_json(r);
		else
			printf(_("Saved draft %lld: %s.\nSubmit it with: civic "
				 "application submit %lld\n"),
			    id,
			    out_str(json_object_get(r, "application"), "title"),
			    id);
		json_decref(r);
		goto out;
	}
	json_decref(r);
	rc = civic_call(c, "dk.civic.fund.SubmitApplication",
	    json_pack("{s:I}", "id", (json_int_t)id), &r);
	if (rc == EXIT_OK) {
		app_print_reply(c, r, _("Submitted application"));
		json_decref(r);
	}
out:
	json_decref(p);
	return rc;
}

/*
 * Says what the list left out, so that the default (this fund year) and a
 * page never pass for everything: p is what was asked, r the reply, n the
 * rows shown.
 */
static void
app_list_footer(const json_t *p, const json_t *r, size_t n)
{
	json_int_t total = json_integer_value(json_object_get(r, "total"));
	json_int_t offset = json_integer_value(json_object_get(p, "offset"));
	bool defaulted = json_object_get(p, "year") == NULL &&
	    !json_is_true(json_object_get(p, "all")) &&
	    !json_is_true(json_object_get(p, "overdue"));

	if (n == 0 && total > 0)
		printf(_("%lld in all; --offset %lld is past the last.\n"),
		    (long long)total, (long long)offset);
	else if ((json_int_t)n < total)
		printf(_("%lld-%lld of %lld; --offset %lld shows the next.\n"),
		    n > 0 ? (long long)offset + 1 : 0LL,
		    (long long)offset + (long long)n, (long long)total,
		    (long long)offset + (long long)n);
	if (defaulted)
		printf(_("This fund year only; --all lists every year's.\n"));
}

int
cmd_application_list(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	static const char *const head[] = { N_("REFERENCE"), N_("ID"),
		N_("STATUS"), N_("APPLICANT"), N_("TITLE"), N_("REQUESTED"),
		N_("GRANTED"), N_("PAID"), NULL };
	json_t *p = json_object(), *r, *a;
	char id[24], b1[64], b2[64], b3[64];
	struct table t;
	size_t i;
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_incref(p); /* kept for the footer */
	if ((rc = civic_call_list(c, self->method, p, "applications", &r)) !=
	    EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if (c->json) {
		out_json(r);
		json_decref(r);
		json_decref(p);
		return EXIT_OK;
	}
	table_init(&t, head);
	json_array_foreach(json_object_get(r, "applications"), i, a)
	{
		const char *row[8];

		snprintf(id, sizeof id, "%lld",
		    (long long)json_integer_value(json_object_get(a, "id")));
		row[0] = strcmp(out_str(a, "reference"), "-") != 0
		    ? out_str(a, "reference")
		    : _("(draft)");
		row[1] = id;
		row[2] = out_word_in("application", out_str(a, "status"));
		row[3] = out_str(a, "applicant_name");
		row[4] = out_str(a, "title");
		row[5] = out_money(a, "requested", b1, sizeof b1);
		row[6] = out_money(a, "granted", b2, sizeof b2);
		row[7] = out_money(a, "paid", b3, sizeof b3);
		table_row(&t, row);
	}
	table_print_or(&t, stdout, _("No applications.\n"));
	if (!out_is_csv())
		app_list_footer(p, r,
		    json_array_size(json_object_get(r, "applications")));
	json_decref(r);
	json_decref(p);
	return EXIT_OK;
}

/* show, delete: one application argument, one call with its id. */
static int
app_simple(struct civic *c, const struct cmd *self, const char *method,
    int argc, char **argv, json_t **r, long long *id)
{
	int rc;

	if (cmd_options(self, argc, argv, NULL) != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("APPLICATION"))) != EXIT_OK)
		return cmd_usage_error(self,
		    _("give one application (its id "
		      "or reference)"));
	if ((rc = arg_application(c, self, argv[optind], id)) != EXIT_OK)
		return rc;
	return civic_call(c, method, json_pack("{s:I}", "id", (json_int_t)*id),
	    r);
}

int
cmd_application_show(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id;
	json_t *r;
	int rc;

	if ((rc = app_simple(c, self, "dk.civic.fund.ShowApplication", argc,
		 argv, &r, &id)) != EXIT_OK)
		return rc;
	app_print_reply(c, r, NULL);
	json_decref(r);
	return EXIT_OK;
}

int
cmd_application_delete(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id;
	json_t *r;
	int rc;

	if ((rc = app_simple(c, self, "dk.civic.fund.DeleteApplication", argc,
		 argv, &r, &id)) != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else
		printf(_("Deleted draft %lld.\n"), id);
	json_decref(r);
	return EXIT_OK;
}

int
cmd_application_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	if ((rc = app_options(self, argc, argv, p, NULL)) != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("APPLICATION"))) != EXIT_OK ||
	    (rc = arg_application(c, self, argv[optind], &id)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, "dk.civic.fund.EditApplication", p, &r)) !=
	    EXIT_OK)
		return rc;
	app_print_reply(c, r, _("Changed"));
	json_decref(r);
	return EXIT_OK;
}

/* submit and withdraw: an application and the table's options. */
static int
app_with_text(struct civic *c, const struct cmd *self, const char *done,
    int argc, char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	rc = cmd_options(self, argc, argv, p);
	if (rc != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("APPLICATION"))) != EXIT_OK ||
	    (rc = arg_application(c, self, argv[optind], &id)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	app_print_reply(c, r, done);
	json_decref(r);
	return EXIT_OK;
}

/*
 * One CSV line as RecordApplication's parameters: the columns are
 * named as the options (applicant, received, year, via, title,
 * description, integration, target-group, participants, start, end,
 * lines as "ITEM=AMOUNT; ITEM=AMOUNT", amount). Says what is wrong,
 * and returns NULL, if a value is not what its column takes.
 */
static json_t *
import_row(char **head, size_t nhead, char **f, size_t n)
{
	json_t *p = json_object(), *lines = json_array();
	char buf[MONEY_BUFSZ], *item, *save = NULL;
	bool ok = true;
	int64_t v;
	int32_t d;
	char *end;
	size_t i;

	if (n != nhead) {
		out_fail(_("%zu fields where the header has %zu"), n, nhead);
		json_decref(p);
		json_decref(lines);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const char *h = head[i];

		if (f[i][0] == '\0')
			continue; /* an empty cell is a value not given */
		if (strcmp(h, "applicant") == 0 ||
		    strcmp(h, "participants") == 0 || strcmp(h, "year") == 0) {
			v = strtoll(f[i], &end, 10);
			if (*end != '\0') {
				out_fail(_("%s: '%s' is not a whole number"), h,
				    f[i]);
				ok = false;
			} else
				json_object_set_new(p, h, json_integer(v));
		} else if (strcmp(h, "received") == 0 ||
		    strcmp(h, "start") == 0 || strcmp(h, "end") == 0) {
			if (!date_parse_human(f[i], &d)) {
				out_fail(_("%s: '%s' is not a date"), h, f[i]);
				ok = false;
			} else
				json_object_set_new(p,
				    strcmp(h, "start") == 0     ? "start_date"
					: strcmp(h, "end") == 0 ? "end_date"
								: h,
				    json_string(date_format(d, buf)));
		} else if (strcmp(h, "amount") == 0) {
			if (money_parse_human(f[i], &v) != MONEY_OK) {
				out_fail(_("%s: '%s' is not an amount"), h,
				    f[i]);
				ok = false;
			} else
				json_object_set_new(p, "requested",
				    json_string(money_format_iso(v, buf)));
		} else if (strcmp(h, "lines") == 0) {
			for (item = strtok_r(f[i], ";", &save); item != NULL;
			     item = strtok_r(NULL, ";", &save)) {
				char *eq = strrchr(item, '=');

				item += strspn(item, " ");
				if (eq == NULL ||
				    money_parse_human(eq + 1, &v) != MONEY_OK) {
					out_fail(_("lines: write ITEM=AMOUNT; "
						   "ITEM=AMOUNT, not '%s'"),
					    item);
					ok = false;
					break;
				}
				*eq = '\0';
				json_array_append_new(lines,
				    json_pack("{s:s, s:s}", "item", item,
					"amount", money_format_iso(v, buf)));
			}
		} else if (strcmp(h, "target-group") == 0)
			json_object_set_new(p, "target_group",
			    json_string(f[i]));
		else
			json_object_set_new(p, h, json_string(f[i]));
	}
	json_object_set_new(p, "lines", lines);
	if (!ok) {
		json_decref(p);
		return NULL;
	}
	app_default_amount(p);
	return p;
}

int
cmd_application_import(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	static const char *const known[] = { "applicant", "received", "year",
		"via", "title", "description", "integration", "target-group",
		"participants", "start", "end", "lines", "amount", NULL };
	const struct csv_import imp = { .known = known,
		.row = import_row,
		.dry_method = "dk.civic.fund.RecordApplication",
		.none = _("%s holds no applications") };
	json_t *records, *r;
	size_t n;
	int rc;

	if ((rc = cmd_options(self, argc, argv, NULL)) != EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("FILE"))) != EXIT_OK ||
	    (rc = csv_import(c, self, argv[optind], &imp, &records)) != EXIT_OK)
		return rc;
	if ((rc = civic_call(c, self->method,
		 json_pack("{s:o}", "records", records), &r)) != EXIT_OK)
		return rc;
	n = json_array_size(json_object_get(r, "applications"));
	if (c->json)
		out_json(r);
	else
		printf(P_("Imported %zu application.\n",
			   "Imported %zu applications.\n", n),
		    n);
	json_decref(r);
	return EXIT_OK;
}

int
cmd_application_record(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	int rc;

	if ((rc = app_options(self, argc, argv, p, NULL)) == EXIT_OK &&
	    optind != argc)
		rc = cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind]);
	if (rc != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	app_default_amount(p);
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	app_print_reply(c, r, _("Recorded application"));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_application_submit(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return app_with_text(c, self, _("Submitted application"), argc, argv);
}

int
cmd_application_withdraw(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	return app_with_text(c, self, _("Withdrew application"), argc, argv);
}
