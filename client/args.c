/*
 * args.c - command-line values into wire values (see args.h).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "money.h"
#include "output.h"
#include "schema.h"
#include "timefmt.h"

/* Sets obj[key] to a string, which must be valid UTF-8. */
static int
arg_set(const struct cmd *self, const char *opt, json_t *obj, const char *key,
    const char *value)
{
	if (json_object_set_new(obj, key, json_string(value)) != 0)
		return cmd_usage_error(self, _("%s: not valid UTF-8"), opt);
	return EXIT_OK;
}

int
arg_money(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key)
{
	char buf[MONEY_BUFSZ];
	enum money_result r;
	int64_t ore;

	if ((r = money_parse_human(value, &ore)) != MONEY_OK)
		return cmd_usage_error(self, "%s: '%s' %s", opt, value,
		    money_result_str(r));
	return arg_set(self, opt, obj, key, money_format_iso(ore, buf));
}

int
arg_date(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key)
{
	char buf[TIMEFMT_BUFSZ];
	int32_t d;

	if (!date_parse_human(value, &d))
		return cmd_usage_error(self,
		    _("%s: '%s' is not a date (write "
		      "2.5.2017 or 2017-05-02)"),
		    opt, value);
	return arg_set(self, opt, obj, key, date_format(d, buf));
}

int
arg_int(const struct cmd *self, const char *opt, const char *value,
    long long min, long long max, json_t *obj, const char *key)
{
	long long v;
	char *end;

	v = strtoll(value, &end, 10);
	if (*value == '\0' || *end != '\0' || v < min || v > max)
		return cmd_usage_error(self,
		    _("%s: '%s' is not a whole number "
		      "from %lld to %lld"),
		    opt, value, min, max);
	json_object_set_new(obj, key, json_integer(v));
	return EXIT_OK;
}

int
arg_text(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key)
{
	char buf[65536];
	size_t n;
	FILE *f;
	int rc;

	if (value[0] != '@')
		return arg_set(self, opt, obj, key, value);
	f = strcmp(value, "@-") == 0 ? stdin : fopen(value + 1, "r");
	if (f == NULL)
		return cmd_usage_error(self, _("%s: cannot read %s"), opt,
		    value + 1);
	n = fread(buf, 1, sizeof buf - 1, f);
	if (f != stdin)
		fclose(f);
	/* A file's last newline is not part of the text. */
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	if (strlen(buf) != n)
		return cmd_usage_error(self, _("%s: %s holds a NUL byte"), opt,
		    value + 1);
	rc = arg_set(self, opt, obj, key, buf);
	return rc;
}

int
arg_bool(const struct cmd *self, const char *opt, const char *value,
    json_t *obj, const char *key)
{
	static const char *const yes[] = { "yes", "ja", "true", "on", "1" };
	static const char *const no[] = { "no", "nej", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			json_object_set_new(obj, key, json_true());
			return EXIT_OK;
		}
		if (strcasecmp(value, no[i]) == 0) {
			json_object_set_new(obj, key, json_false());
			return EXIT_OK;
		}
	}
	return cmd_usage_error(self, _("%s: '%s' is neither yes nor no"), opt,
	    value);
}

/*
 * The values of enum type in interface iface, as its IDL declares them
 * ("type Status (draft, submitted, ...)"), comma separated into buf.
 * False if the IDL has no such type.
 */
static bool
arg_idl_enum(const char *iface, const char *type, char *buf, size_t len)
{
	char head[64];
	const char *p, *end;
	size_t i, n = 0;

	snprintf(head, sizeof head, "\ntype %s (", type);
	for (i = 0; i < schema_interfaces_count; i++) {
		if (strncmp(schema_interfaces[i].name, iface, strlen(iface)) !=
			0 ||
		    (p = strstr(schema_interfaces[i].text, head)) == NULL)
			continue;
		p += strlen(head);
		if ((end = strchr(p, ')')) == NULL)
			return false;
		for (; p < end && n + 2 < len; p++) {
			if (*p != ' ' && *p != '\n')
				buf[n++] = *p;
			if (*p == ',')
				buf[n++] = ' ';
		}
		buf[n] = '\0';
		return true;
	}
	return false;
}

int
arg_enum(const struct cmd *self, const char *opt, const char *value,
    const char *iface, const char *type, json_t *into, const char *key)
{
	char values[512], *v, *save = NULL;

	if (!arg_idl_enum(iface, type, values, sizeof values)) {
		fprintf(stderr, _("civic: internal error: no type %s in %s\n"),
		    type, iface);
		abort();
	}
	for (v = strtok_r(values, ", ", &save); v != NULL;
	     v = strtok_r(NULL, ", ", &save)) {
		if (strcmp(v, value) == 0) {
			if (json_is_array(into))
				json_array_append_new(into, json_string(value));
			else
				json_object_set_new(into, key,
				    json_string(value));
			return EXIT_OK;
		}
	}
	arg_idl_enum(iface, type, values, sizeof values);
	return cmd_usage_error(self, _("%s: '%s' is not one of %s"), opt, value,
	    values);
}

int
arg_application(struct civic *c, const struct cmd *self, const char *arg,
    long long *id)
{
	const json_t *a;
	json_t *r;
	size_t i;
	int year, seq, n = 0, rc;

	if ((*id = cmd_id(arg)) > 0)
		return EXIT_OK;
	if (sscanf(arg, "%4d-%4d%n", &year, &seq, &n) != 2 || arg[n] != '\0' ||
	    !isdigit((unsigned char)arg[0]))
		return cmd_usage_error(self,
		    _("'%s' is neither an application's "
		      "id nor its reference (such as "
		      "2017-0007)"),
		    arg);
	rc = civic_call_list(c, "dk.civic.fund.ListApplications",
	    json_pack("{s:i}", "year", year), "applications", &r);
	if (rc != EXIT_OK)
		return rc;
	json_array_foreach(json_object_get(r, "applications"), i, a)
	{
		if (strcmp(out_str(a, "reference"), arg) == 0) {
			*id = json_integer_value(json_object_get(a, "id"));
			json_decref(r);
			return EXIT_OK;
		}
	}
	json_decref(r);
	out_fail(_("there is no application %s that you can see"), arg);
	return EXIT_REFUSED;
}

int
arg_one(const struct cmd *self, int argc, char **argv, const char *what)
{
	if (argc - optind > 1)
		return cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind + 1]);
	if (argc - optind != 1)
		return cmd_usage_error(self, _("give one %s"), what);
	return EXIT_OK;
}

int
arg_csv_file(const struct cmd *self, const char *path, char **text, char *sep)
{
	const size_t max = 4 * 1024 * 1024;
	const char *t, *eol;
	size_t n;
	FILE *in;

	if ((in = fopen(path, "r")) == NULL)
		return cmd_usage_error(self, _("%s: cannot read %s"), _("FILE"),
		    path);
	*text = calloc(1, max + 2);
	n = *text != NULL ? fread(*text, 1, max + 1, in) : 0;
	fclose(in);
	if (*text == NULL || n > max) {
		free(*text);
		*text = NULL;
		return cmd_usage_error(self, _("%s is larger than 4 MiB"),
		    path);
	}
	/* Danish Excel writes a byte-order mark and ";"; others ",". */
	if (memcmp(*text, "\xef\xbb\xbf", 3) == 0)
		memmove(*text, *text + 3, n - 3 + 1);
	t = *text;
	eol = t + strcspn(t, "\r\n");
	*sep = memchr(t, ';', (size_t)(eol - t)) != NULL &&
		memchr(t, ',', (size_t)(eol - t)) == NULL
	    ? ';'
	    : ',';
	return EXIT_OK;
}

bool
csv_record(const char **p, char sep, char **f, size_t max, size_t *n,
    long *line)
{
	const char *s = *p;
	char *cell;
	size_t len, cap;
	bool quoted;

	*n = 0;
	if (*s == '\0')
		return false;
	for (;;) {
		cap = 64;
		len = 0;
		if ((cell = malloc(cap)) == NULL)
			return false;
		quoted = *s == '"';
		s += quoted;
		while (*s != '\0') {
			if (quoted && *s == '"' && s[1] == '"')
				s++;
			else if (quoted && *s == '"') {
				quoted = false;
				s++;
				continue;
			} else if (!quoted &&
			    (*s == sep || *s == '\n' || *s == '\r'))
				break;
			if (*s == '\n')
				(*line)++;
			if (len + 2 > cap &&
			    (cell = realloc(cell, cap *= 2)) == NULL)
				return false;
			cell[len++] = *s++;
		}
		cell[len] = '\0';
		if (*n < max)
			f[(*n)++] = cell;
		else
			free(cell);
		if (*s != sep)
			break;
		s++;
	}
	if (*s == '\r')
		s++;
	if (*s == '\n')
		s++;
	(*line)++;
	*p = s;
	return true;
}

size_t
csv_unknown_columns(char **head, size_t nhead, const char *const *known)
{
	size_t i, j, bad = 0;

	for (i = 0; i < nhead; i++) {
		for (j = 0; known[j] != NULL && strcmp(known[j], head[i]); j++)
			;
		if (known[j] == NULL) {
			out_fail(_("line 1: '%s' is not a column civic knows"),
			    head[i]);
			bad++;
		}
	}
	return bad;
}

#define CSV_IMPORT_COLUMNS 16

int
csv_import(struct civic *c, const struct cmd *self, const char *path,
    const struct csv_import *imp, json_t **records)
{
	char *head[CSV_IMPORT_COLUMNS], *f[CSV_IMPORT_COLUMNS], where[64];
	size_t nhead = 0, n, i, rows = 0, bad;
	long line = 0, at;
	json_t *p, *dry, *r;
	bool header_ok;
	const char *s;
	char *text, sep;
	int rc;

	*records = NULL;
	if ((rc = arg_csv_file(self, path, &text, &sep)) != EXIT_OK)
		return rc;
	s = text;
	/* The header names the columns; each must be one civic knows. */
	if (!csv_record(&s, sep, head, CSV_IMPORT_COLUMNS, &nhead, &line))
		nhead = 0;
	bad = csv_unknown_columns(head, nhead, imp->known);
	*records = json_array();
	/* Every line checked, by civic and by civicd (a dry run): every
	 * problem is said, with its line, before anything is kept. */
	header_ok = bad == 0; /* else the lines mean nothing */
	for (at = line + 1;
	     header_ok && csv_record(&s, sep, f, CSV_IMPORT_COLUMNS, &n, &line);
	     at = line + 1) {
		snprintf(where, sizeof where, _("line %ld: "), at);
		out_set_where(where);
		rows++;
		p = imp->row(head, nhead, f, n);
		for (i = 0; i < n; i++)
			free(f[i]);
		if (p == NULL)
			bad++;
		else {
			json_array_append_new(*records, p);
			if (imp->check != NULL)
				bad += imp->check(p, at, imp->arg);
			dry = json_deep_copy(p);
			if (imp->dry_extra != NULL) {
				json_t *extra = json_deep_copy(imp->dry_extra);

				json_object_update(dry, extra);
				json_decref(extra);
			}
			json_object_set_new(dry, "dry_run", json_true());
			if (civic_call(c, imp->dry_method, dry, &r) != EXIT_OK)
				bad++;
			json_decref(r);
		}
	}
	out_set_where(NULL);
	for (i = 0; i < nhead; i++)
		free(head[i]);
	free(text);
	if (bad == 0 && rows > 0)
		return EXIT_OK;
	json_decref(*records);
	*records = NULL;
	if (bad == 0)
		out_fail(imp->none, path);
	else
		out_fail(P_("%zu problem; nothing was imported",
			     "%zu problems; nothing was imported", bad),
		    bad);
	return EXIT_REFUSED;
}
