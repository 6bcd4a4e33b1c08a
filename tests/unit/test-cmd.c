/*
 * test-cmd.c - the client's command table: each entry's usage names
 * exactly the options its spec parses, so that civic help, civic(1) and
 * what civic accepts cannot drift apart; an entry with a spec calls a
 * method the IDL declares; and the role a refusal names (the flags) is
 * the one civic help shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "civic.h"
#include "schema.h"

/* True if the usage text args names option --name. */
static bool
usage_names(const char *args, const char *name)
{
	const char *p = args;
	size_t n = strlen(name);

	while ((p = strstr(p, "--")) != NULL) {
		p += 2;
		if (strncmp(p, name, n) == 0 &&
		    strchr(" ]|=", p[n] != '\0' ? p[n] : ' ') != NULL)
			return true;
	}
	return false;
}

/* True if some option of spec is called name (len bytes). */
static bool
spec_has(const struct cmd_opt *spec, const char *name, size_t len)
{
	for (; spec != NULL && spec->name != NULL; spec++)
		if (strlen(spec->name) == len &&
		    strncmp(spec->name, name, len) == 0)
			return true;
	return false;
}

static void
test_usage_matches_spec(void **state)
{
	const struct cmd *c;
	const struct cmd_opt *o;
	const char *p;
	size_t len;

	(void)state;
	for (c = cmd_table; c->name != NULL; c++) {
		for (o = c->opts; o != NULL && o->name != NULL; o++)
			if (!(o->flags & OPT_REFUSED) &&
			    !usage_names(c->args, o->name))
				fail_msg("civic %s parses --%s, but its usage "
					 "does not name it",
				    c->name, o->name);
		for (p = c->args; (p = strstr(p, "--")) != NULL; p += 2 + len) {
			len = strcspn(p + 2, " ]|=.");
			if (!spec_has(c->opts, p + 2, len))
				fail_msg("civic %s's usage names --%.*s, which "
					 "its spec does not parse",
				    c->name, (int)len, p + 2);
		}
	}
}

/* The role flags are what a refusal names; the summary says the same
 * words in civic help. */
static void
test_roles_match_summaries(void **state)
{
	static const struct {
		unsigned flag;
		const char *words;
	} roles[] = {
		{ CMD_FOR_ADMIN, "(admin)" },
		{ CMD_FOR_COORD, "(coordinator)" },
		{ CMD_FOR_APPLICANT, "(applicant)" },
		{ CMD_FOR_ANYONE, "(anyone)" },
	};
	const struct cmd *c;
	size_t i, n, len;
	bool says;

	(void)state;
	for (c = cmd_table; c->name != NULL; c++) {
		len = strlen(c->summary);
		for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
			n = strlen(roles[i].words);
			says = len >= n &&
			    strcmp(c->summary + len - n, roles[i].words) == 0;
			if (says != ((c->flags & roles[i].flag) != 0))
				fail_msg("civic %s: its summary and its flags "
					 "disagree about %s",
				    c->name, roles[i].words);
		}
	}
}

static void
test_methods_are_declared(void **state)
{
	const struct cmd *c;
	char iface[96];
	const char *dot, *m;
	size_t i;
	bool found;

	(void)state;
	for (c = cmd_table; c->name != NULL; c++) {
		if (c->method == NULL)
			continue;
		dot = strrchr(c->method, '.');
		snprintf(iface, sizeof iface, "%.*s", (int)(dot - c->method),
		    c->method);
		found = false;
		for (i = 0; i < schema_interfaces_count && !found; i++) {
			char want[96];

			if (strncmp(schema_interfaces[i].name, iface,
				strlen(iface)) != 0)
				continue;
			snprintf(want, sizeof want, "\nmethod %s(", dot + 1);
			m = strstr(schema_interfaces[i].text, want);
			found = m != NULL;
		}
		if (!found)
			fail_msg("civic %s calls %s, which no IDL declares",
			    c->name, c->method);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage_matches_spec),
		cmocka_unit_test(test_methods_are_declared),
		cmocka_unit_test(test_roles_match_summaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
