/*
 * cmd-applicant.c - applicant add, list, show, revoke and rotate.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cmd.h"
#include "output.h"

/*
 * show, revoke and rotate: reads the one ID argument of command name,
 * calls method with it, and stores the reply in *r (caller decrefs).
 */
static int
cmd_applicant_by_id(struct civic *c, const struct cmd *self, const char *method,
    int argc, char **argv, long long *id, json_t **r)
{
	*id = 0;
	*r = NULL;
	if (cmd_options(self, argc, argv, NULL) != EXIT_OK ||
	    argc - optind != 1)
		return cmd_usage_error(self, _("give one applicant ID"));
	if ((*id = cmd_id(argv[optind])) < 0)
		return cmd_usage_error(self,
		    _("'%s' is not an applicant ID (a number from civic applicant list)"),
		    argv[optind]);
	return civic_call(c, method, json_pack("{s:I}", "id", (json_int_t)*id),
	    r);
}

static void
cmd_applicant_print(const json_t *a)
{
	char t[64];

	out_kv(_("Applicant"), "%lld",
	    (long long)json_integer_value(json_object_get(a, "id")));
	out_kv(_("Name"), "%s", out_str(a, "name"));
	out_kv(_("Kind"), "%s", out_word_in("kind", out_str(a, "kind")));
	if (json_is_string(json_object_get(a, "cvr")))
		out_kv(_("CVR"), "%s", out_str(a, "cvr"));
	out_kv(_("Contact person"), "%s", out_str(a, "contact_person"));
	out_kv(_("E-mail"), "%s", out_str(a, "email"));
	out_kv(_("Phone"), "%s", out_str(a, "phone"));
	if (json_is_string(json_object_get(a, "address"))) {
		char addr[2048], *p;

		snprintf(addr, sizeof addr, "%s", out_str(a, "address"));
		for (p = addr; (p = strchr(p, '\n')) != NULL; p++)
			*p = ',';
		out_kv(_("Address"), "%s", addr);
	}
	out_kv(_("Created"), "%s", out_time(a, "created", t, sizeof t));
	if (json_is_string(json_object_get(a, "disabled")))
		out_kv(_("Disabled"), "%s",
		    out_time(a, "disabled", t, sizeof t));
	out_kv(_("Active tokens"), "%lld",
	    (long long)json_integer_value(json_object_get(a, "active_tokens")));
}

/*
 * The detail options add, edit and me share, into p. An empty value
 * (--email "") clears a detail when editing. kinds: whether --citizen
 * and --association (and --name) are allowed.
 */
static int
applicant_options(const struct cmd *self, int argc, char **argv, json_t *p,
    bool kinds, bool editing)
{
	bool citizen, association;
	const char *key;
	json_t *v;
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) != EXIT_OK)
		return rc;
	citizen = json_is_true(json_object_get(p, "citizen"));
	association = json_is_true(json_object_get(p, "association"));
	if (!kinds &&
	    (citizen || association || json_object_get(p, "name") ||
		json_object_get(p, "cvr")))
		return cmd_usage_error(self,
		    _("only an administrator changes the name, kind or CVR "
		      "number"));
	if (!editing && json_object_get(p, "name") != NULL)
		return cmd_usage_error(self,
		    _("give the NAME as the argument"));
	if (citizen && association)
		return cmd_usage_error(self,
		    _("give --citizen or --association, not both"));
	json_object_del(p, "citizen");
	json_object_del(p, "association");
	if (citizen || association)
		json_object_set_new(p, "kind",
		    json_string(citizen ? "citizen" : "association"));
	/* Editing, an empty value clears the detail. */
	json_object_foreach(p, key, v) if (editing && json_is_string(v) &&
	    json_string_value(v)[0] == '\0')
	    json_object_set_new(p, key, json_null());
	return EXIT_OK;
}

int
cmd_applicant_add(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_pack("{s:s}", "kind", "association"), *r;
	int rc;

	if ((rc = applicant_options(self, argc, argv, p, true, false)) !=
	    EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if (argc - optind != 1) {
		json_decref(p);
		return cmd_usage_error(self,
		    _("give the applicant's NAME (quoted "
		      "if it has spaces)"));
	}
	if (json_object_set_new(p, "name", json_string(argv[optind])) != 0) {
		json_decref(p);
		return cmd_usage_error(self, _("NAME: not valid UTF-8"));
	}
	if ((rc = civic_call(c, "dk.civic.applicants.Add", p, &r)) != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else {
		cmd_applicant_print(json_object_get(r, "applicant"));
		printf(
		    _("\nToken, shown only now; give it to the applicant, who "
		      "runs civic login:\n\n    %s\n"),
		    out_str(r, "token"));
	}
	json_decref(r);
	return EXIT_OK;
}

int
cmd_applicant_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	long long id;
	int rc;

	if ((rc = applicant_options(self, argc, argv, p, true, true)) !=
		EXIT_OK ||
	    (rc = arg_one(self, argc, argv, _("applicant ID"))) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((id = cmd_id(argv[optind])) < 0) {
		json_decref(p);
		return cmd_usage_error(self, _("'%s' is not an applicant ID"),
		    argv[optind]);
	}
	json_object_set_new(p, "id", json_integer(id));
	if ((rc = civic_call(c, "dk.civic.applicants.Edit", p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, "applicant", cmd_applicant_print);
}

int
cmd_applicant_me(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *r;
	int rc;

	if ((rc = applicant_options(self, argc, argv, p, false, true)) !=
		EXIT_OK ||
	    optind != argc) {
		json_decref(p);
		return rc != EXIT_OK
		    ? rc
		    : cmd_usage_error(self, _("unexpected argument '%s'"),
			  argv[optind]);
	}
	if (json_object_size(p) == 0) {
		json_decref(p);
		rc = civic_call(c, "dk.civic.applicants.Me", NULL, &r);
	} else
		rc = civic_call(c, "dk.civic.applicants.EditMe", p, &r);
	if (rc != EXIT_OK)
		return rc;
	return civic_print(c, r, "applicant", cmd_applicant_print);
}

int
cmd_applicant_list(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	static const char *const head[] = { N_("ID"), N_("KIND"), N_("NAME"),
		N_("CVR"), N_("TOKENS"), N_("STATUS"), NULL };
	json_t *p = json_object(), *r, *a;
	struct table t;
	char id[24], tokens[24];
	size_t i;
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	rc = civic_call_list(c, self->method, p, "applicants", &r);
	if (rc != EXIT_OK)
		return rc;
	if (c->json) {
		out_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	table_init(&t, head);
	json_array_foreach(json_object_get(r, "applicants"), i, a)
	{
		const char *row[6];

		snprintf(id, sizeof id, "%lld",
		    (long long)json_integer_value(json_object_get(a, "id")));
		snprintf(tokens, sizeof tokens, "%lld",
		    (long long)json_integer_value(json_object_get(a,
			"active_tokens")));
		row[0] = id;
		row[1] = out_word_in("kind", out_str(a, "kind"));
		row[2] = out_str(a, "name");
		row[3] = out_str(a, "cvr");
		row[4] = tokens;
		row[5] = json_is_string(json_object_get(a, "disabled"))
		    ? _("disabled")
		    : _("active");
		table_row(&t, row);
	}
	table_print_or(&t, stdout,
	    _("No applicants yet; add one with civic applicant add.\n"));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_applicant_show(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id;
	json_t *r;
	int rc;

	rc = cmd_applicant_by_id(c, self, "dk.civic.applicants.Show", argc,
	    argv, &id, &r);
	if (rc != EXIT_OK)
		return rc;
	return civic_print(c, r, "applicant", cmd_applicant_print);
}

int
cmd_applicant_revoke(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id, n;
	json_t *r;
	int rc;

	rc = cmd_applicant_by_id(c, self, "dk.civic.applicants.Revoke", argc,
	    argv, &id, &r);
	if (rc != EXIT_OK)
		return rc;
	n = json_integer_value(json_object_get(r, "revoked"));
	if (c->json)
		out_json(r);
	else if (n == 0)
		printf(
		    _("Applicant %lld had no active token; nothing revoked.\n"),
		    id);
	else
		printf(P_("Revoked %lld token of applicant %lld.\n",
			   "Revoked %lld tokens of applicant %lld.\n", n),
		    n, id);
	json_decref(r);
	return EXIT_OK;
}

int
cmd_applicant_rotate(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id, n;
	json_t *r;
	int rc;

	rc = cmd_applicant_by_id(c, self, "dk.civic.applicants.Rotate", argc,
	    argv, &id, &r);
	if (rc != EXIT_OK)
		return rc;
	n = json_integer_value(json_object_get(r, "revoked"));
	if (c->json)
		out_json(r);
	else
		printf(P_("New token for applicant %lld (%lld old token "
			  "revoked), shown only now:\n\n    %s\n",
			   "New token for applicant %lld (%lld old tokens "
			   "revoked), shown only now:\n\n    %s\n",
			   n),
		    id, n, out_str(r, "token"));
	json_decref(r);
	return EXIT_OK;
}

int
cmd_applicant_disable(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id;
	json_t *r;
	int rc;

	rc = cmd_applicant_by_id(c, self, "dk.civic.applicants.Disable", argc,
	    argv, &id, &r);
	if (rc != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else
		printf(
		    _("Disabled applicant %lld: its tokens no longer work.\n"),
		    id);
	json_decref(r);
	return EXIT_OK;
}

int
cmd_applicant_enable(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	long long id;
	json_t *r;
	int rc;

	rc = cmd_applicant_by_id(c, self, "dk.civic.applicants.Enable", argc,
	    argv, &id, &r);
	if (rc != EXIT_OK)
		return rc;
	if (c->json)
		out_json(r);
	else
		printf(_("Enabled applicant %lld again.\n"), id);
	json_decref(r);
	return EXIT_OK;
}
