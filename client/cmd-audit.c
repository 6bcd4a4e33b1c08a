/*
 * cmd-audit.c - the audit trail (audit list, verify and checkpoint) and
 * personal data (privacy export, erase and purge). All for admins.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit-failure.h"
#include "args.h"
#include "cmd.h"
#include "output.h"
#include "timefmt.h"

/* --since and --until: a time, or a date, which means the whole day. */
static int
audit_time(const struct cmd *self, const char *opt, const char *value, bool end,
    json_t *p, const char *key)
{
	char buf[TIMEFMT_BUFSZ], local[64];
	int32_t days;
	time_t t;

	if (date_parse_human(value, &days)) {
		int y, m, d;

		/* The day after, for --until, so that the day is included. */
		if (end)
			days++;
		date_format(days, buf);
		if (sscanf(buf, "%d-%d-%d", &y, &m, &d) != 3)
			return cmd_usage_error(self,
			    _("%s: '%s' is not a date"), opt, value);
		snprintf(local, sizeof local, "%d.%d.%d 00:00", d, m, y);
		value = local;
	}
	if (!timefmt_parse_local(value, &t))
		return cmd_usage_error(self,
		    _("%s: '%s' is neither a date nor a time (write \"2.5.2017\" "
		      "or \"2.5.2017 17:30\")"),
		    opt, value);
	json_object_set_new(p, key, json_string(timefmt_rfc3339(t, buf)));
	return EXIT_OK;
}

int
audit_since(const struct cmd *self, const char *opt, const char *value,
    json_t *p, const char *key)
{
	return audit_time(self, opt, value, false, p, key);
}

int
audit_until(const struct cmd *self, const char *opt, const char *value,
    json_t *p, const char *key)
{
	return audit_time(self, opt, value, true, p, key);
}

int
audit_object(const struct cmd *self, const char *opt, const char *value,
    json_t *p, const char *key)
{
	const char *colon = strchr(value, ':');
	char kind[33];
	long long id;

	if (colon == NULL) {
		if (value[0] == '\0' || strlen(value) >= sizeof kind)
			return cmd_usage_error(self,
			    _("%s: '%s' is not a kind of object"), opt, value);
		json_object_set_new(p, key, json_string(value));
		return EXIT_OK;
	}
	if (colon == value || (size_t)(colon - value) >= sizeof kind ||
	    (id = cmd_id(colon + 1)) < 0)
		return cmd_usage_error(self,
		    _("%s: '%s' is not KIND or KIND:ID (as in application:7)"),
		    opt, value);
	memcpy(kind, value, (size_t)(colon - value));
	kind[colon - value] = '\0';
	json_object_set_new(p, key, json_string(kind));
	json_object_set_new(p, "object_id", json_integer(id));
	return EXIT_OK;
}

/* "jens (uid 1236), applicant 3" for an entry's actor. */
static const char *
audit_actor(const json_t *a, char *buf, size_t len)
{
	const json_t *uid = json_object_get(a, "uid");
	const json_t *app = json_object_get(a, "applicant");
	const char *user = json_string_value(json_object_get(a, "user"));
	size_t n = 0;

	buf[0] = '\0';
	if (user != NULL)
		n = (size_t)snprintf(buf, len, "%s", user);
	else if (json_is_integer(uid))
		n = (size_t)snprintf(buf, len, _("uid %lld"),
		    (long long)json_integer_value(uid));
	else
		n = (size_t)snprintf(buf, len, "civicd");
	if (json_is_integer(app) && n < len)
		snprintf(buf + n, len - n, _(" (applicant %lld)"),
		    (long long)json_integer_value(app));
	return buf;
}

struct audit_json_out {
	bool begun;  /* the object and its array are open */
	bool listed; /* an entry is in it */
};

/* One page of a listing as JSON, the same document --json prints for a
 * call answered whole: {"entries": [...]}. */
static int
audit_json_page(const json_t *params, void *arg)
{
	struct audit_json_out *aj = arg;
	const json_t *e;
	size_t i;

	if (!aj->begun) {
		fputs("{\n  \"entries\": [", stdout);
		aj->begun = true;
	}
	json_array_foreach(json_object_get(params, "entries"), i, e)
	{
		fputs(aj->listed ? ",\n    " : "\n    ", stdout);
		json_dumpf(e, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		aj->listed = true;
	}
	return EXIT_OK;
}

int
cmd_audit_list(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	static const char *const head[] = { N_("SEQ"), N_("TIME"), N_("ACTOR"),
		N_("ACTION"), N_("OBJECT"), N_("DETAILS"), NULL };
	json_t *p = json_object(), *r, *e;
	struct table t;
	size_t i;
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if (c->json) {
		/* Page by page as they come: a trail of millions is never
		 * held whole, here or in civicd. */
		struct audit_json_out aj = { false };

		rc = civic_call_each(c, self->method, p, audit_json_page, &aj);
		if (rc == EXIT_OK && !aj.begun)
			audit_json_page(NULL, &aj);
		if (aj.begun)
			puts(rc == EXIT_OK ? "\n  ]\n}" : "");
		return rc;
	}
	if ((rc = civic_call_list(c, self->method, p, "entries", &r)) !=
	    EXIT_OK)
		return rc;
	table_init(&t, head);
	json_array_foreach(json_object_get(r, "entries"), i, e)
	{
		const json_t *o = json_object_get(e, "object");
		char seq[24], when[64], actor[128], object[64];
		char *details = json_dumps(json_object_get(e, "details"),
		    JSON_COMPACT | JSON_SORT_KEYS);
		const char *row[6];

		snprintf(seq, sizeof seq, "%lld",
		    (long long)json_integer_value(json_object_get(e, "seq")));
		if (json_is_integer(json_object_get(o, "id")))
			snprintf(object, sizeof object, "%s:%lld",
			    out_str(o, "kind"),
			    (long long)json_integer_value(json_object_get(o,
				"id")));
		else
			snprintf(object, sizeof object, "%s",
			    out_str(o, "kind"));
		row[0] = seq;
		row[1] = out_time(e, "at", when, sizeof when);
		row[2] = audit_actor(json_object_get(e, "actor"), actor,
		    sizeof actor);
		row[3] = out_str(e, "action");
		row[4] = object;
		row[5] = details != NULL && strcmp(details, "{}") != 0 ? details
								       : NULL;
		table_row(&t, row);
		free(details);
	}
	table_print_or(&t, stdout, _("No audit entries match.\n"));
	json_decref(r);
	return EXIT_OK;
}

static void
audit_verified(const json_t *r)
{
	long long n = json_integer_value(json_object_get(r, "entries"));
	long long k = json_integer_value(json_object_get(r, "checkpoints"));

	char entries[64];

	snprintf(entries, sizeof entries, P_("%lld entry", "%lld entries", n),
	    n);
	printf(P_("The audit trail verifies: %s, %lld signed checkpoint.\n",
		   "The audit trail verifies: %s, %lld signed checkpoints.\n",
		   k),
	    entries, k);
}

int
cmd_audit_verify(struct civic *c, const struct cmd *self, int argc, char **argv)
{
	json_t *p = json_object(), *o = json_object(), *r, *cp;
	const char *file;
	json_error_t jerr;
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, o)) != EXIT_OK) {
		json_decref(o);
		json_decref(p);
		return rc;
	}
	/* A checkpoint file, as audit checkpoint wrote it. */
	if ((file = json_string_value(json_object_get(o, "file"))) != NULL) {
		cp = json_load_file(file, 0, &jerr);
		if (cp == NULL || !json_is_object(cp)) {
			out_fail(_("%s: not a checkpoint: %s"), file,
			    cp == NULL ? jerr.text : _("not a JSON object"));
			json_decref(cp);
			json_decref(o);
			json_decref(p);
			return EXIT_USAGE;
		}
		/* The whole reply of audit checkpoint --json is taken too. */
		if (json_is_object(json_object_get(cp, "checkpoint")))
			json_object_set(p, "checkpoint",
			    json_object_get(cp, "checkpoint"));
		else
			json_object_set(p, "checkpoint", cp);
		json_decref(cp);
	}
	json_decref(o);
	if ((rc = civic_call(c, "dk.civic.audit.Verify", p, &r)) != EXIT_OK)
		return rc;
	rc = json_is_true(json_object_get(r, "ok")) ? EXIT_OK : EXIT_REFUSED;
	if (c->json)
		out_json(r);
	else if (rc == EXIT_OK)
		audit_verified(r);
	else {
		char why[256];

		audit_failure_say(out_str(r, "failure"),
		    json_integer_value(json_object_get(r, "entry")),
		    json_integer_value(json_object_get(r, "other")),
		    json_integer_value(json_object_get(r, "checkpoint")), why,
		    sizeof why);
		out_fail(_("the audit trail does not verify: %s"), why);
		out_fail(_("the first entry that does not verify is %lld"),
		    (long long)json_integer_value(json_object_get(r,
			"bad_entry")));
	}
	json_decref(r);
	return rc;
}

int
cmd_audit_checkpoint(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	char when[64];
	bool export = false;
	json_t *r, *cp;
	int rc;

	if ((rc = cmd_options(self, argc, argv, NULL)) != EXIT_OK)
		return rc;
	if (optind < argc && strcmp(argv[optind], "export") == 0) {
		export = true;
		optind++;
	}
	if (optind != argc)
		return cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind]);
	/* Sign one now, if there is anything new, so it covers it all. */
	if ((rc = civic_call(c, "dk.civic.audit.Checkpoint",
		 json_pack("{s:b}", "write", 1), &r)) != EXIT_OK)
		return rc;
	cp = json_object_get(r, "checkpoint");
	if (!json_is_object(cp)) {
		out_fail(
		    _("the audit trail is empty: there is nothing to sign"));
		json_decref(r);
		return EXIT_REFUSED;
	}
	if (export) /* the file to keep: JSON, --json or not */
		out_json(cp);
	else if (c->json)
		out_json(r);
	else {
		out_kv(_("Entries"), "%lld",
		    (long long)json_integer_value(json_object_get(cp,
			"count")));
		out_kv(_("Last entry's hash"), "%s", out_str(cp, "head"));
		out_kv(_("Signed"), "%s",
		    out_time(cp, "at", when, sizeof when));
		out_kv(_("Key"), "%s", out_str(cp, "key"));
		printf(_(
		    "\nKeep it off this machine: civic audit checkpoint export "
		    "> FILE\n"));
	}
	json_decref(r);
	return EXIT_OK;
}

/* --email ADDR and --phone NUM: the person a privacy command is about. */
static int
privacy_person(const struct cmd *self, int argc, char **argv, json_t *p)
{
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, p)) != EXIT_OK)
		return rc;
	if (json_object_size(p) == 0)
		return cmd_usage_error(self,
		    _("say who: --email ADDR or --phone NUM"));
	return EXIT_OK;
}

int
cmd_privacy_export(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	int rc;

	if ((rc = privacy_person(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call(c, "dk.civic.privacy.Export", p, &r)) != EXIT_OK)
		return rc;
	/* The export is for the person, as a file: JSON either way. */
	out_json(json_object_get(r, "export"));
	json_decref(r);
	return EXIT_OK;
}

/* One thing an erasure erased or kept, said from its kind and numbers. */
static void
privacy_item_human(const json_t *v)
{
	const char *kind = out_str(v, "kind");
	long long reg = json_integer_value(json_object_get(v, "registration"));
	long long app = json_integer_value(json_object_get(v, "applicant"));

	if (strcmp(kind, "registrant") == 0)
		printf(_("  - name, contact details, needs and note of "
			 "registration %lld\n"),
		    reg);
	else if (strcmp(kind, "applicant_contact") == 0)
		printf(_("  - contact details of applicant %lld\n"), app);
	else if (strcmp(kind, "upcoming_registration") == 0)
		printf(
		    _("  - registration %lld for the upcoming meeting %lld: it "
		      "stays as anonymous seats; cancel it to free them\n"),
		    reg,
		    (long long)json_integer_value(json_object_get(v,
			"meeting")));
	else if (strcmp(kind, "grant_cases") == 0)
		printf(
		    _("  - the name and applications of applicant %lld: grant "
		      "case data is a record of public administration, which "
		      "the municipality must keep\n"),
		    app);
	else if (strcmp(kind, "open_applications") == 0) {
		long long n = json_integer_value(json_object_get(v,
		    "open_applications"));

		printf(
		    P_("  - the contact details of applicant %lld: its %lld "
		       "open application needs them; ask again once it is "
		       "decided and closed\n",
			"  - the contact details of applicant %lld: its %lld "
			"open applications need them; ask again once they "
			"are decided and closed\n",
			n),
		    app, n);
	} else if (strcmp(kind, "access_log") == 0)
		printf(
		    _("  - the access-log entries about these records: who "
		      "read personal data is kept for %lld days so that reads "
		      "can be accounted for, then deleted automatically\n"),
		    (long long)json_integer_value(json_object_get(v, "days")));
	else if (strcmp(kind, "audit_trail") == 0)
		printf(_("  - the audit trail: it names people only by number, "
			 "and holds none of their personal data\n"));
	else
		printf("  - %s\n", kind); /* a newer civicd's kind */
}

static void
privacy_erase_human(const json_t *r)
{
	const json_t *v;
	size_t i;

	printf(_("Erased:\n"));
	json_array_foreach(json_object_get(r, "erased"), i, v)
	    privacy_item_human(v);
	if (json_array_size(json_object_get(r, "erased")) == 0)
		printf(_("  nothing\n"));
	printf(_("Kept:\n"));
	json_array_foreach(json_object_get(r, "kept"), i, v)
	    privacy_item_human(v);
}

int
cmd_privacy_erase(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	int rc;

	if ((rc = privacy_person(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call(c, "dk.civic.privacy.Erase", p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, NULL, privacy_erase_human);
}

static void
privacy_purge_human(const json_t *r)
{
	bool dry = json_is_true(json_object_get(r, "dry_run"));
	long long reg = json_integer_value(json_object_get(r, "registrants"));
	long long con = json_integer_value(json_object_get(r, "consented"));
	long long app = json_integer_value(json_object_get(r,
	    "applicant_contacts"));
	long long log = json_integer_value(json_object_get(r, "access_log"));

	printf("%s\n",
	    dry ? _("Retention would erase now:") : _("Retention erased:"));
	printf(P_("  the contact details of %lld registrant, %lld of whom had "
		  "consented to be kept longer\n",
		   "  the contact details of %lld registrants, %lld of whom "
		   "had consented to be kept longer\n",
		   reg),
	    reg, con);
	printf(P_("  the contact details of %lld disabled applicant\n",
		   "  the contact details of %lld disabled applicants\n", app),
	    app);
	printf(P_("  %lld access-log entry\n", "  %lld access-log entries\n",
		   log),
	    log);
}

int
cmd_privacy_purge(struct civic *c, const struct cmd *self, int argc,
    char **argv)
{
	json_t *p = json_object(), *r;
	int rc;

	if ((rc = cmd_only_options(self, argc, argv, p)) != EXIT_OK) {
		json_decref(p);
		return rc;
	}
	if ((rc = civic_call(c, self->method, p, &r)) != EXIT_OK)
		return rc;
	return civic_print(c, r, NULL, privacy_purge_human);
}
