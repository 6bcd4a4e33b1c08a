/*
 * test-reason.c - the table of refusals: every reason is well formed,
 * declared in the IDL with its figures, and rendered by the client
 * without a wire amount, an ISO time or a JSON path.
 */
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "civic.h"
#include "output.h"
#include "reason.h"
#include "schema.h"

/* The reason's figures, as (name, kind) pairs. */

/* Options as commands' specs name them (client/cmd.c has the real ones):
 * a refusal names the option that sets the parameter at fault. */
static const struct cmd_opt approve_opts[] = {
	{ "amount", "amount", OPT_MONEY, 0, 0, 0, NULL, NULL, NULL },
	{ "committee", "committee_ref", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "date", "decision_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ "line", "lines", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt apply_opts[] = {
	{ "amount", "requested", OPT_MONEY, 0, 0, 0, NULL, NULL, NULL },
	{ "start", "start_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ "end", "end_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static size_t
figures(const struct reason_def *def, char names[][48], char *kinds)
{
	const char *p = def->figures;
	size_t n = 0;
	char k;

	while (n < 8 && (k = reason_next_figure(&p, names[n], 48)) != 0)
		kinds[n++] = k;
	return n;
}

static void
test_table_shape(void **state)
{
	char names[8][48], kinds[8], want[48];
	const char *t, *end;
	size_t i, j, n;

	(void)state;
	for (i = 0; i < R__COUNT; i++) {
		const struct reason_def *def = &reason_table[i];

		assert_int_equal(def->id, i);
		n = figures(def, names, kinds);
		if (n > REASON_MAXFIG)
			fail_msg("%s: more than %d figures", def->text,
			    REASON_MAXFIG);
		for (j = 0; j < n; j++) {
			if (strchr("pmtdnslr", kinds[j]) == NULL)
				fail_msg("%s: kind %c", def->text, kinds[j]);
		}
		/* Every placeholder names a figure (or the command). */
		for (t = def->text; (t = strchr(t, '{')) != NULL; t = end) {
			end = strchr(t, '}');
			assert_non_null(end);
			snprintf(want, sizeof want, "%.*s", (int)(end - t - 1),
			    t + 1);
			for (j = 0; j < n && strcmp(names[j], want); j++)
				;
			if (j == n && strcmp(want, "command") != 0)
				fail_msg("%s: {%s} is no figure", def->text,
				    want);
		}
		/* InvalidParameter always names the parameter first. */
		if (def->err == CIVIC_E_INVALID_PARAMETER &&
		    (n == 0 || strcmp(names[0], "parameter") ||
			kinds[0] != 'p'))
			fail_msg("%s: parameter:p must come first", def->text);
		/* (error, code) finds exactly this reason. */
		for (j = 0; j < i; j++) {
			if (reason_table[j].err == def->err &&
			    strcmp(reason_table[j].code, def->code) == 0)
				fail_msg("%s and %s share error and code",
				    reason_table[j].text, def->text);
		}
		if (def->code[0] == '\0') {
			for (j = 0; j < R__COUNT; j++) {
				if (j != i && reason_table[j].err == def->err &&
				    reason_table[j].code[0] == '\0')
					fail_msg("two codeless reasons for %s",
					    civic_err_name(def->err));
			}
		}
	}
}

/* The IDL line declaring error (or type) short in the interface iface. */
static const char *
idl_decl(const char *iface, const char *what, const char *shortname)
{
	char needle[128];
	size_t i;

	snprintf(needle, sizeof needle, "\n%s %s (", what, shortname);
	for (i = 0; i < schema_interfaces_count; i++) {
		size_t n = strlen(iface);

		if (strncmp(schema_interfaces[i].name, iface, n) == 0 &&
		    strcmp(schema_interfaces[i].name + n, ".varlink") == 0)
			return strstr(schema_interfaces[i].text, needle);
	}
	return NULL;
}

/* The IDL type of a figure kind. */
static const char *
idl_type(char kind)
{
	switch (kind) {
	case 'n':
		return "int";
	case 'l':
		return "[]string";
	case 'r':
		return "[]Role";
	default:
		return "string";
	}
}

/* Whether the declaration decl (up to its ")") has field: type. */
static int
idl_has(const char *decl, const char *field, const char *type)
{
	char a[128], b[128];
	const char *end = strchr(decl, ')');
	const char *hit;

	snprintf(a, sizeof a, "%s: %s", field, type);
	snprintf(b, sizeof b, "%s: ?%s", field, type);
	for (hit = decl; (hit = strstr(hit, field)) != NULL && hit < end;
	     hit++) {
		if ((hit[-1] == '(' || hit[-1] == ' ') &&
		    (strncmp(hit, a, strlen(a)) == 0 ||
			strncmp(hit, b, strlen(b)) == 0))
			return 1;
	}
	return 0;
}

static void
test_idl_declares_figures(void **state)
{
	char names[8][48], kinds[8], iface[96];
	const char *decl, *full, *dot;
	size_t i, j, n;

	(void)state;
	for (i = 0; i < R__COUNT; i++) {
		const struct reason_def *def = &reason_table[i];

		full = civic_err_name(def->err);
		dot = strrchr(full, '.');
		snprintf(iface, sizeof iface, "%.*s", (int)(dot - full), full);
		if (def->err == CIVIC_E_INVALID_PARAMETER)
			decl = idl_decl("dk.civic.core", "type",
			    "InvalidParameterFigures");
		else
			decl = idl_decl(iface, "error", dot + 1);
		if (decl == NULL)
			fail_msg("no IDL declaration for %s", full);
		if (def->code[0] != '\0' && !idl_has(decl, "reason", "string"))
			fail_msg("%s does not declare reason", full);
		n = figures(def, names, kinds);
		for (j = 0; j < n; j++) {
			if (def->err == CIVIC_E_INVALID_PARAMETER && j == 0)
				continue; /* the standard parameter */
			if (!idl_has(decl, names[j], idl_type(kinds[j])))
				fail_msg(
				    "%s: the IDL lacks %s: %s (for \"%s\")",
				    full, names[j], idl_type(kinds[j]),
				    def->text);
		}
	}
}

static const char *const words[] = { "arabisk", "somali", NULL };

static void
test_rendered_for_people(void **state)
{
	char names[8][48], kinds[8], text[1024];
	struct fig f[REASON_MAXFIG];
	struct refusal r;
	regex_t iso, wire;
	json_t *params;
	size_t i, j, n;

	(void)state;
	assert_int_equal(regcomp(&iso, "[0-9]{4}-[0-9]{2}-[0-9]{2}|T[0-9]{2}:",
			     REG_EXTENDED),
	    0);
	assert_int_equal(regcomp(&wire, "[0-9]\\.[0-9]{2}([^0-9.]|$)",
			     REG_EXTENDED),
	    0);
	out_set_command("grant approve", "--amount AMOUNT APPLICATION", "admin",
	    approve_opts, false);
	for (i = 0; i < R__COUNT; i++) {
		const struct reason_def *def = &reason_table[i];

		n = figures(def, names, kinds);
		memset(f, 0, sizeof f);
		for (j = 0; j < n; j++) {
			switch (kinds[j]) {
			case 'm':
				f[j].n = 2900000; /* 29.000,00 kr. */
				break;
			case 't':
				f[j].n = 1833001200; /* 2028-02-01T07:00:00Z */
				break;
			case 'd':
				f[j].n = 21215; /* 2028-02-01 */
				break;
			case 'n':
				f[j].n = 7;
				break;
			case 'r':
				f[j].n = 1;
				break;
			case 'l':
				f[j].l = words;
				break;
			case 'p':
				f[j].s = "lines[1].amount";
				break;
			default:
				f[j].s = "submitted";
			}
		}
		refusal_set(&r, def->id, f, n);
		params = refusal_params(&r);
		assert_non_null(params);
		assert_ptr_equal(reason_find(civic_err_name(def->err), params),
		    def);
		out_refusal_text(def, params, text, sizeof text);
		json_decref(params);
		if (strchr(text, '{') != NULL || strchr(text, '[') != NULL ||
		    strstr(text, ".amount") != NULL)
			fail_msg("a placeholder or a JSON path: %s", text);
		if (regexec(&iso, text, 0, NULL, 0) == 0)
			fail_msg("an ISO date or time: %s", text);
		if (regexec(&wire, text, 0, NULL, 0) == 0)
			fail_msg("a wire amount: %s", text);
		for (j = 0; j < n; j++) {
			if (kinds[j] == 'm' &&
			    strstr(text, "29.000,00 kr.") == NULL)
				fail_msg("no Danish amount: %s", text);
			if (kinds[j] == 't' &&
			    strstr(text, "01.02.2028 08:00") == NULL)
				fail_msg("no local time: %s", text);
			if (kinds[j] == 'd' &&
			    strstr(text, "01.02.2028") == NULL)
				fail_msg("no Danish date: %s", text);
		}
	}
	regfree(&iso);
	regfree(&wire);
}

static void
test_options_not_paths(void **state)
{
	const struct reason_def *def;
	char text[512];
	json_t *p;

	(void)state;
	out_set_command("apply", "[--amount AMOUNT] [--start DATE]", NULL,
	    apply_opts, false);
	p = json_pack("{s:s, s:s, s:s}", "reason", "before", "parameter",
	    "end_date", "other", "start_date");
	def = reason_find("org.varlink.service.InvalidParameter", p);
	assert_non_null(def);
	out_refusal_text(def, p, text, sizeof text);
	assert_string_equal(text, "--end is before --start");
	json_decref(p);

	out_set_command("grant pay", "--amount AMOUNT APPLICATION", NULL,
	    approve_opts, false);
	p = json_pack("{s:s, s:s}", "reason", "required", "parameter", "id");
	def = reason_find("org.varlink.service.InvalidParameter", p);
	out_refusal_text(def, p, text, sizeof text);
	assert_string_equal(text, "APPLICATION is required");
	json_decref(p);

	/* A coordinator is told what the command needs, not what the method
	 * it called first (to find the reference) allows. */
	out_set_command("grant approve", "--amount AMOUNT APPLICATION", "admin",
	    approve_opts, false);
	p = json_pack("{s:s, s:[s, s], s:[s]}", "method",
	    "dk.civic.fund.ListApplications", "required", "admin", "applicant",
	    "roles", "coordinator");
	def = reason_find("dk.civic.core.PermissionDenied", p);
	out_refusal_text(def, p, text, sizeof text);
	assert_string_equal(text,
	    "civic grant approve needs the role admin; you have coordinator");
	json_decref(p);

	/* An error of another program is not taken for one of ours. */
	p = json_pack("{s:s}", "reason", "no_such_code");
	assert_null(reason_find("dk.civic.core.InvalidState", p));
	json_decref(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_idl_declares_figures),
		cmocka_unit_test(test_rendered_for_people),
		cmocka_unit_test(test_options_not_paths),
	};

	/* As civic does: people read Copenhagen time. */
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();

	return cmocka_run_group_tests(tests, NULL, NULL);
}
