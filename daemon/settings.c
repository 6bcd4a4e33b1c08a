/*
 * settings.c - the table of civicd's settings (see settings.h).
 *
 * The configuration file is read with inih, through a reader that counts
 * lines, so that every mistake is reported as FILE:LINE: what is wrong.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "config.h"
#include "log.h"
#include "money.h"
#include "settings.h"

enum setting_type {
	SET_STRING,
	SET_UINT,
	SET_SIZE,
	SET_INT,
	SET_BOOL,
	SET_LEVEL,
	SET_MONEY
};

#define SET_RUNTIME  0x1u /* SIGHUP may change it */
#define SET_OPTIONAL 0x2u /* a string that may be unset (empty) */

struct setting {
	const char *name;    /* the long option */
	const char *section; /* in the file */
	const char *key;
	char shortopt;
	enum setting_type type;
	unsigned flags;
	long long min, max;
	size_t offset;
	const char *arg; /* the option's argument; NULL: a flag */
	const char *help;
};

#define AT(field) offsetof(struct config, field)

static const struct setting settings[] = {
	{ "socket", "civicd", "socket", 's', SET_STRING, 0, 0, 0, AT(socket),
	    "PATH", "the socket to listen on, unless systemd passes one" },
	{ "database", "civicd", "database", 'd', SET_STRING, 0, 0, 0,
	    AT(database), "PATH", "the SQLite database" },
	{ "state-dir", "civicd", "state-dir", 0, SET_STRING, SET_OPTIONAL, 0, 0,
	    AT(state_dir), "DIR",
	    "where the signing keys are kept (default: the database's "
	    "directory)" },
	{ "log-level", "civicd", "log-level", 0, SET_LEVEL, SET_RUNTIME, 0, 0,
	    AT(log_level), "LEVEL", "error, warning, notice, info or debug" },
	{ "demo", "civicd", "demo", 0, SET_BOOL, 0, 0, 0, AT(demo), NULL,
	    "fill an empty database with demo data" },
	{ "admin-group", "groups", "admin", 0, SET_STRING, 0, 0, 0,
	    AT(admin_group), "GROUP", "members are admins" },
	{ "coord-group", "groups", "coordinator", 0, SET_STRING, 0, 0, 0,
	    AT(coord_group), "GROUP", "members are coordinators" },
	{ "socket-group", "groups", "socket", 0, SET_STRING, SET_OPTIONAL, 0, 0,
	    AT(socket_group), "GROUP", "give the socket file to GROUP" },
	{ "max-message", "limits", "max-message", 0, SET_SIZE, SET_RUNTIME,
	    1024, 16 * 1024 * 1024, AT(limits.max_message), "BYTES",
	    "the largest message" },
	{ "message-timeout", "limits", "message-timeout", 0, SET_UINT,
	    SET_RUNTIME, 1, 3600, AT(limits.message_timeout), "SEC",
	    "time to finish a message once started" },
	{ "idle-timeout", "limits", "idle-timeout", 0, SET_UINT, SET_RUNTIME, 1,
	    86400, AT(limits.idle_timeout), "SEC",
	    "close a connection idle, or not reading, this long" },
	{ "max-connections", "limits", "max-connections", 0, SET_UINT,
	    SET_RUNTIME, 1, 65536, AT(limits.max_connections), "N",
	    "connections in all" },
	{ "max-per-uid", "limits", "max-per-uid", 0, SET_UINT, SET_RUNTIME, 1,
	    65536, AT(limits.max_per_uid), "N", "connections for one uid" },
	{ "max-output", "limits", "max-output", 0, SET_SIZE, SET_RUNTIME, 4096,
	    256 * 1024 * 1024, AT(limits.max_output), "BYTES",
	    "unread replies before a peer's calls wait" },
	{ "retain-registrants", "retention", "registrants", 0, SET_INT,
	    SET_RUNTIME, 1, 3650, AT(retention.registrant_days), "DAYS",
	    "keep registrants' details after a meeting ends or is cancelled" },
	{ "retain-consented", "retention", "consented", 0, SET_INT, SET_RUNTIME,
	    1, 3650, AT(retention.consent_days), "DAYS",
	    "the same, for those who consented to be kept" },
	{ "retain-applicants", "retention", "applicants", 0, SET_INT,
	    SET_RUNTIME, 1, 3650, AT(retention.applicant_days), "DAYS",
	    "keep a disabled applicant's contact details" },
	{ "retain-access-log", "retention", "access-log", 0, SET_INT,
	    SET_RUNTIME, 1, 3650, AT(retention.access_log_days), "DAYS",
	    "keep the access log's entries" },
	{ "retention-interval", "retention", "interval", 0, SET_UINT,
	    SET_RUNTIME, 1, 86400, AT(retention_interval), "SEC",
	    "run retention this often" },
	{ "checkpoint-interval", "audit", "checkpoint-interval", 0, SET_UINT,
	    SET_RUNTIME, 1, 86400, AT(checkpoint_interval), "SEC",
	    "sign an audit checkpoint this often, if there are new entries" },
	{ "fund-budget", "fund", "budget", 0, SET_MONEY, SET_RUNTIME, 0,
	    MONEY_MAX, AT(fund.budget), "AMOUNT",
	    "the budget of a fund year opened from now on" },
	{ "fund-cap", "fund", "cap", 0, SET_MONEY, SET_RUNTIME, 1, MONEY_MAX,
	    AT(fund.cap), "AMOUNT", "the most one application may be granted" },
	{ "fund-accounts-weeks", "fund", "accounts-weeks", 0, SET_INT,
	    SET_RUNTIME, 1, 52, AT(fund.accounts_weeks), "WEEKS",
	    "final accounts are due this long after a project ends" },
	{ "fund-carry-over", "fund", "carry-over", 0, SET_BOOL, SET_RUNTIME, 0,
	    0, AT(fund.carry_over), "yes|no",
	    "whether a new year's unspent money carries over to the next" },
	{ "checkin-opens", "meetings", "checkin-opens", 0, SET_UINT,
	    SET_RUNTIME, 0, 1440, AT(meetings.checkin_before), "MIN",
	    "check-in opens this long before a meeting starts" },
	{ "checkin-grace", "meetings", "checkin-grace", 0, SET_UINT,
	    SET_RUNTIME, 0, 1440, AT(meetings.checkin_grace), "MIN",
	    "check-in stays open this long after a meeting ends" },
	{ "unclosed-after", "meetings", "unclosed-after", 0, SET_UINT,
	    SET_RUNTIME, 1, 8760, AT(meetings.unclosed_after), "HOURS",
	    "list a meeting not closed this long after its end as unclosed" },
};

#define NSETTINGS (sizeof settings / sizeof settings[0])

_Static_assert(NSETTINGS <= SETTINGS_MAX, "raise SETTINGS_MAX");

/* The database's default: in the state directory systemd made for the
 * service (StateDirectory=), else the one chosen at build time. */
static const char *
settings_default_database(void)
{
	static char path[4096];
	const char *dir = getenv("STATE_DIRECTORY");
	size_t n;

	if (dir == NULL || dir[0] != '/')
		return CIVIC_DEFAULT_DATABASE;
	/* Several directories are separated by ':'; the first is ours. */
	n = strcspn(dir, ":");
	if (n + sizeof "/civic.db" > sizeof path)
		return CIVIC_DEFAULT_DATABASE;
	snprintf(path, sizeof path, "%.*s/civic.db", (int)n, dir);
	return path;
}

void
settings_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->socket = CIVIC_DEFAULT_SOCKET;
	c->database = settings_default_database();
	c->admin_group = "civic-admin";
	c->coord_group = "civic-coord";
	c->log_level = LOG_LEVEL_INFO;
	c->limits.max_message = LIMITS_DEFAULT_MAX_MESSAGE;
	c->limits.message_timeout = LIMITS_DEFAULT_MESSAGE_TIMEOUT;
	c->limits.idle_timeout = LIMITS_DEFAULT_IDLE_TIMEOUT;
	c->limits.max_connections = LIMITS_DEFAULT_MAX_CONNECTIONS;
	c->limits.max_per_uid = LIMITS_DEFAULT_MAX_PER_UID;
	c->limits.max_output = LIMITS_DEFAULT_MAX_OUTPUT;
	c->retention.registrant_days = RETENTION_DEFAULT_REGISTRANT;
	c->retention.consent_days = RETENTION_DEFAULT_CONSENT;
	c->retention.applicant_days = RETENTION_DEFAULT_APPLICANT;
	c->retention.access_log_days = RETENTION_DEFAULT_ACCESS_LOG;
	c->retention_interval = SETTINGS_DEFAULT_RETENTION_INTERVAL;
	c->checkpoint_interval = SETTINGS_DEFAULT_CHECKPOINT_INTERVAL;
	c->fund.budget = FUND_DEFAULT_BUDGET;
	c->fund.cap = FUND_DEFAULT_CAP;
	c->fund.accounts_weeks = FUND_DEFAULT_WEEKS;
	c->fund.carry_over = false;
	c->meetings = (struct meeting_times)MEETING_TIMES_DEFAULT;
}

void
settings_free(struct config *c)
{
	size_t i;

	for (i = 0; i < SETTINGS_MAX; i++) {
		free(c->owned[i]);
		c->owned[i] = NULL;
	}
}

static void *
settings_field(const struct config *c, const struct setting *s)
{
	return (char *)c + s->offset;
}

/* Sets s from text (kept, not copied). 0, or -1 with a sentence. */
static int
settings_set(struct config *c, const struct setting *s, const char *text,
    char *err, size_t errlen)
{
	void *p = settings_field(c, s);
	long long v;
	int64_t ore;
	char *end;
	int level;

	switch (s->type) {
	case SET_STRING:
		if (*text == '\0' && !(s->flags & SET_OPTIONAL)) {
			snprintf(err, errlen, "must not be empty");
			return -1;
		}
		*(const char **)p = *text != '\0' ? text : NULL;
		return 0;
	case SET_BOOL:
		if (strcmp(text, "yes") == 0 || strcmp(text, "true") == 0 ||
		    strcmp(text, "on") == 0)
			*(bool *)p = true;
		else if (strcmp(text, "no") == 0 ||
		    strcmp(text, "false") == 0 || strcmp(text, "off") == 0)
			*(bool *)p = false;
		else {
			snprintf(err, errlen, "'%s' is neither yes nor no",
			    text);
			return -1;
		}
		return 0;
	case SET_LEVEL:
		if ((level = log_level_parse(text)) < 0) {
			snprintf(err, errlen,
			    "'%s' is not one of error, warning, notice, info, "
			    "debug",
			    text);
			return -1;
		}
		*(int *)p = level;
		return 0;
	case SET_MONEY:
		if (money_parse_human(text, &ore) != MONEY_OK || ore < s->min ||
		    ore > s->max) {
			snprintf(err, errlen,
			    "'%s' is not an amount of kroner (write 140.000,00)",
			    text);
			return -1;
		}
		*(int64_t *)p = ore;
		return 0;
	default:
		break;
	}
	errno = 0;
	v = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno != 0 || v < s->min ||
	    v > s->max) {
		snprintf(err, errlen,
		    "'%s' is not a whole number from %lld to %lld", text,
		    s->min, s->max);
		return -1;
	}
	if (s->type == SET_SIZE)
		*(size_t *)p = (size_t)v;
	else if (s->type == SET_UINT)
		*(unsigned *)p = (unsigned)v;
	else
		*(int *)p = (int)v;
	return 0;
}

/* The value of s in c as text, as the file would hold it. */
static const char *
settings_value(const struct config *c, const struct setting *s, char *buf,
    size_t len)
{
	const void *p = settings_field(c, s);
	const char *str;

	switch (s->type) {
	case SET_STRING:
		str = *(const char *const *)p;
		snprintf(buf, len, "%s", str != NULL ? str : "");
		break;
	case SET_BOOL:
		snprintf(buf, len, "%s", *(const bool *)p ? "yes" : "no");
		break;
	case SET_LEVEL:
		snprintf(buf, len, "%s", log_level_name(*(const int *)p));
		break;
	case SET_MONEY: {
		char m[MONEY_BUFSZ];

		/* Without " kr.": the file takes it either way. */
		money_format_dk(*(const int64_t *)p, m);
		snprintf(buf, len, "%.*s", (int)(strlen(m) - 4), m);
		break;
	}
	case SET_SIZE:
		snprintf(buf, len, "%zu", *(const size_t *)p);
		break;
	case SET_UINT:
		snprintf(buf, len, "%u", *(const unsigned *)p);
		break;
	case SET_INT:
		snprintf(buf, len, "%d", *(const int *)p);
		break;
	}
	return buf;
}

static const struct setting *
settings_by_key(const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].section, section) == 0 &&
		    strcmp(settings[i].key, key) == 0)
			return &settings[i];
	}
	return NULL;
}

/* --- the configuration file --- */

struct settings_reader {
	FILE *f;
	int line; /* lines read so far */
	struct config *c;
	int err_line; /* the first mistake the handler found */
	char err[256];
};

/* inih's reader: fgets, counting lines. */
static char *
settings_read_line(char *str, int num, void *stream)
{
	struct settings_reader *r = stream;
	char *s = fgets(str, num, r->f);

	if (s != NULL && strchr(s, '\n') != NULL)
		r->line++;
	else if (s != NULL && feof(r->f))
		r->line++;
	return s;
}

static int
settings_handler(void *user, const char *section, const char *key,
    const char *value)
{
	struct settings_reader *r = user;
	const struct setting *s;
	char why[200];
	size_t i, k;

	if (r->err_line != 0)
		return 1; /* the first mistake is the one reported */
	if (key == NULL)
		return 1; /* a new section: checked with its first key */
	if ((s = settings_by_key(section, key)) == NULL) {
		const char *hint = NULL;

		for (i = 0; i < NSETTINGS && hint == NULL; i++) {
			if (strcmp(settings[i].key, key) == 0)
				hint = settings[i].section;
		}
		for (i = 0, k = 0; i < NSETTINGS; i++)
			k += strcmp(settings[i].section, section) == 0;
		if (k == 0)
			snprintf(r->err, sizeof r->err,
			    "[%s] is not a section civicd knows (see "
			    "civicd.conf(5))",
			    section);
		else if (hint != NULL)
			snprintf(r->err, sizeof r->err,
			    "%s belongs in [%s], not in [%s]", key, hint,
			    section);
		else
			snprintf(r->err, sizeof r->err,
			    "[%s] has no setting '%s' (see civicd.conf(5))",
			    section, key);
		r->err_line = r->line;
		return 0;
	}
	k = (size_t)(s - settings);
	if (r->c->from[k] > 0) {
		snprintf(r->err, sizeof r->err,
		    "[%s] %s is set twice (first on line %d)", section, key,
		    r->c->from[k]);
		r->err_line = r->line;
		return 0;
	}
	free(r->c->owned[k]);
	if ((r->c->owned[k] = strdup(value)) == NULL) {
		snprintf(r->err, sizeof r->err, "out of memory");
		r->err_line = r->line;
		return 0;
	}
	if (settings_set(r->c, s, r->c->owned[k], why, sizeof why) != 0) {
		snprintf(r->err, sizeof r->err, "[%s] %s: %s", section, key,
		    why);
		r->err_line = r->line;
		return 0;
	}
	r->c->from[k] = r->line;
	return 1;
}

int
settings_load_file(struct config *c, const char *path, bool required, char *err,
    size_t errlen)
{
	struct settings_reader r = { .c = c };
	int rc;

	if ((r.f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !required)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = ini_parse_stream(settings_read_line, &r, settings_handler, &r);
	fclose(r.f);
	if (rc == 0)
		return 0;
	if (rc > 0 && rc == r.err_line)
		snprintf(err, errlen, "%s:%d: %s", path, rc, r.err);
	else if (rc > 0)
		snprintf(err, errlen,
		    "%s:%d: not a setting (key = value), a [section] or a "
		    "comment",
		    path, rc);
	else
		snprintf(err, errlen, "%s: cannot be read", path);
	return -1;
}

/* --- the command line --- */

static const struct setting *
settings_by_option(int ch)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		if (ch == 256 + (int)i ||
		    (settings[i].shortopt != 0 && ch == settings[i].shortopt))
			return &settings[i];
	}
	return NULL;
}

enum { OPT_CONFIG = 1000, OPT_CHECK, OPT_RESTORE, OPT_RELOAD };

void
settings_parse_args(int argc, char **argv, struct cmdline *cl)
{
	struct option longopts[NSETTINGS + 6];
	struct config scratch;
	char shortopts[64] = "Vh", err[256];
	const struct setting *s;
	size_t i, n = 2;
	int ch;

	memset(cl, 0, sizeof *cl);
	memset(longopts, 0, sizeof longopts);
	for (i = 0; i < NSETTINGS; i++) {
		longopts[i].name = settings[i].name;
		longopts[i].has_arg = settings[i].arg == NULL
		    ? no_argument
		    : required_argument;
		longopts[i].val = 256 + (int)i;
		if (settings[i].shortopt != 0) {
			shortopts[n++] = settings[i].shortopt;
			shortopts[n++] = ':';
		}
	}
	longopts[i++] = (struct option){ "config", required_argument, NULL,
		OPT_CONFIG };
	longopts[i++] = (struct option){ "check-config", no_argument, NULL,
		OPT_CHECK };
	longopts[i++] = (struct option){ "restore", required_argument, NULL,
		OPT_RESTORE };
	longopts[i++] = (struct option){ "reload", required_argument, NULL,
		OPT_RELOAD };
	longopts[i++] = (struct option){ "version", no_argument, NULL, 'V' };
	longopts[i++] = (struct option){ "help", no_argument, NULL, 'h' };
	shortopts[n] = '\0';
	settings_defaults(&scratch);
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'V':
			printf("civicd %s\n", CIVIC_VERSION);
			exit(0);
		case 'h':
			settings_usage(stdout);
			exit(0);
		case OPT_CONFIG:
			cl->config = optarg;
			continue;
		case OPT_CHECK:
			cl->check = true;
			continue;
		case OPT_RESTORE:
			cl->restore = optarg;
			continue;
		case OPT_RELOAD:
			cl->reload = optarg;
			continue;
		default:
			break;
		}
		if ((s = settings_by_option(ch)) == NULL) {
			settings_usage(stderr);
			exit(2);
		}
		/* Checked now, so that a typo is a usage error. */
		if (settings_set(&scratch, s, s->arg == NULL ? "yes" : optarg,
			err, sizeof err) != 0) {
			fprintf(stderr, "civicd: --%s: %s\n", s->name, err);
			exit(2);
		}
		cl->set[cl->n].setting = (size_t)(s - settings);
		cl->set[cl->n].value = s->arg == NULL ? "yes" : optarg;
		if (++cl->n == SETTINGS_MAX) {
			fprintf(stderr, "civicd: too many options\n");
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "civicd: unexpected argument '%s'\n",
		    argv[optind]);
		settings_usage(stderr);
		exit(2);
	}
}

int
settings_apply_args(struct config *c, const struct cmdline *cl, char *err,
    size_t errlen)
{
	const struct setting *s;
	char why[200];
	size_t i;

	for (i = 0; i < cl->n; i++) {
		s = &settings[cl->set[i].setting];
		if (settings_set(c, s, cl->set[i].value, why, sizeof why) !=
		    0) {
			snprintf(err, errlen, "--%s: %s", s->name, why);
			return -1;
		}
		c->from[cl->set[i].setting] = -1;
	}
	return 0;
}

const char *
settings_config_path(const struct cmdline *cl)
{
	const char *env = getenv("CIVICD_CONFIG");

	if (cl->config != NULL)
		return cl->config;
	return env != NULL && env[0] != '\0' ? env : CIVIC_DEFAULT_CONFIG;
}

/* A file named by --config or $CIVICD_CONFIG must be there; the default
 * one need not. */
static bool
settings_config_required(const struct cmdline *cl)
{
	return strcmp(settings_config_path(cl), CIVIC_DEFAULT_CONFIG) != 0;
}

int
settings_read(struct config *c, const struct cmdline *cl, char *err,
    size_t errlen)
{
	settings_defaults(c);
	if (settings_load_file(c, settings_config_path(cl),
		settings_config_required(cl), err, errlen) != 0 ||
	    settings_apply_args(c, cl, err, errlen) != 0) {
		settings_free(c);
		return -1;
	}
	return 0;
}

void
settings_print(FILE *f, const struct config *c, const char *path)
{
	const char *section = "";
	char buf[512];
	size_t i;

	fprintf(f,
	    "# civicd %s: the configuration in effect, from the defaults,\n"
	    "# %s and the command line. See civicd.conf(5).\n",
	    CIVIC_VERSION, path);
	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		if (strcmp(s->section, section) != 0) {
			fprintf(f, "\n[%s]\n", s->section);
			section = s->section;
		}
		if (c->from[i] > 0)
			fprintf(f, "# from %s, line %d\n", path, c->from[i]);
		else if (c->from[i] < 0)
			fprintf(f, "# from the command line (--%s)\n", s->name);
		settings_value(c, s, buf, sizeof buf);
		/* An unset optional string is shown, commented out. */
		fprintf(f, "%s%s = %s\n",
		    s->type == SET_STRING && buf[0] == '\0' ? "#" : "", s->key,
		    buf);
	}
}

void
settings_take_runtime(struct config *dst, const struct config *src)
{
	static const size_t size[] = { [SET_STRING] = sizeof(char *),
		[SET_UINT] = sizeof(unsigned),
		[SET_SIZE] = sizeof(size_t),
		[SET_INT] = sizeof(int),
		[SET_BOOL] = sizeof(bool),
		[SET_LEVEL] = sizeof(int),
		[SET_MONEY] = sizeof(int64_t) };
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		/* Strings never change at run time: no string is copied
		 * here, so dst never points into src. */
		if (!(s->flags & SET_RUNTIME) || s->type == SET_STRING)
			continue;
		memcpy(settings_field(dst, s), settings_field(src, s),
		    size[s->type]);
		dst->from[i] = src->from[i];
	}
}

int
settings_diff(const struct config *old, const struct config *new,
    void (*fn)(const char *, const char *, const char *, bool, void *),
    void *arg)
{
	char was[512], now[512], name[64];
	int n = 0;
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		settings_value(old, s, was, sizeof was);
		settings_value(new, s, now, sizeof now);
		if (strcmp(was, now) == 0)
			continue;
		snprintf(name, sizeof name, "[%s] %s", s->section, s->key);
		fn(name, was[0] != '\0' ? was : "(unset)",
		    now[0] != '\0' ? now : "(unset)",
		    (s->flags & SET_RUNTIME) != 0, arg);
		n++;
	}
	return n;
}

void
settings_usage(FILE *f)
{
	struct config d;
	char opt[64], def[128];
	size_t i;

	settings_defaults(&d);
	fprintf(f, "usage: civicd [options]\n\n");
	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		if (s->shortopt != 0)
			snprintf(opt, sizeof opt, "-%c, --%s%s%s", s->shortopt,
			    s->name, s->arg ? " " : "", s->arg ? s->arg : "");
		else
			snprintf(opt, sizeof opt, "    --%s%s%s", s->name,
			    s->arg ? " " : "", s->arg ? s->arg : "");
		settings_value(&d, s, def, sizeof def);
		if (s->arg == NULL || def[0] == '\0')
			fprintf(f, "  %-32s %s\n", opt, s->help);
		else
			fprintf(f, "  %-32s %s (%s)\n", opt, s->help, def);
	}
	fprintf(f,
	    "\n"
	    "  %-32s %s\n  %-32s %s\n  %-32s %s\n  %-32s %s\n  %-32s %s\n"
	    "  %-32s %s\n",
	    "    --config FILE",
	    "read the settings in FILE (default " CIVIC_DEFAULT_CONFIG ")",
	    "    --check-config",
	    "check the configuration, print it as in effect, and exit",
	    "    --restore FILE",
	    "replace the database with the backup FILE (civicd stopped)",
	    "    --reload PID",
	    "tell the civicd with process id PID to read its settings again",
	    "-V, --version", "print the version and exit", "-h, --help",
	    "print this help and exit");
	fprintf(f,
	    "\nOptions override the configuration file. See civicd(8) and "
	    "civicd.conf(5).\n");
}
