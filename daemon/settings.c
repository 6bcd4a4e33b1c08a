/*
 * settings.c - the table of civicd's settings (see settings.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "settings.h"

enum setting_type {
	SET_STRING,
	SET_UINT,
	SET_SIZE,
	SET_INT,
	SET_FLAG,
	SET_LEVEL
};

struct setting {
	const char *name;
	char shortopt;
	enum setting_type type;
	unsigned long min, max;
	size_t offset;
	const char *arg;
	const char *help;
};

#define AT(field) offsetof(struct config, field)

static const struct setting settings[] = {
	{ "socket", 's', SET_STRING, 0, 0, AT(socket), "PATH",
	    "the socket to listen on, unless systemd passes one" },
	{ "database", 'd', SET_STRING, 0, 0, AT(database), "PATH",
	    "the SQLite database" },
	{ "state-dir", 0, SET_STRING, 0, 0, AT(state_dir), "DIR",
	    "where the signing keys are kept (default: the database's "
	    "directory)" },
	{ "demo", 0, SET_FLAG, 0, 0, AT(demo), NULL,
	    "fill an empty database with demo data" },
	{ "admin-group", 0, SET_STRING, 0, 0, AT(admin_group), "GROUP",
	    "members are admins" },
	{ "coord-group", 0, SET_STRING, 0, 0, AT(coord_group), "GROUP",
	    "members are coordinators" },
	{ "socket-group", 0, SET_STRING, 0, 0, AT(socket_group), "GROUP",
	    "give the socket file to GROUP" },
	{ "max-message", 0, SET_SIZE, 1024, 16 * 1024 * 1024,
	    AT(limits.max_message), "BYTES", "the largest message" },
	{ "message-timeout", 0, SET_UINT, 1, 3600, AT(limits.message_timeout),
	    "SEC", "time to finish a message once started" },
	{ "idle-timeout", 0, SET_UINT, 1, 86400, AT(limits.idle_timeout), "SEC",
	    "close a connection idle, or not reading, this long" },
	{ "max-connections", 0, SET_UINT, 1, 65536, AT(limits.max_connections),
	    "N", "connections in all" },
	{ "max-per-uid", 0, SET_UINT, 1, 65536, AT(limits.max_per_uid), "N",
	    "connections for one uid" },
	{ "max-output", 0, SET_SIZE, 4096, 256 * 1024 * 1024,
	    AT(limits.max_output), "BYTES",
	    "unread replies before a peer's calls wait" },
	{ "log-level", 0, SET_LEVEL, 0, 0, AT(log_level), "LEVEL",
	    "error, warning, notice, info or debug" },
	{ "retain-registrants", 0, SET_INT, 1, 3650,
	    AT(retention.registrant_days), "DAYS",
	    "keep registrants' details after a meeting is held or cancelled" },
	{ "retain-consented", 0, SET_INT, 1, 3650, AT(retention.consent_days),
	    "DAYS", "the same, for those who consented to be kept" },
	{ "retain-applicants", 0, SET_INT, 1, 3650,
	    AT(retention.applicant_days), "DAYS",
	    "keep a disabled applicant's contact details" },
	{ "retain-access-log", 0, SET_INT, 1, 3650,
	    AT(retention.access_log_days), "DAYS",
	    "keep the access log's entries" },
	{ "retention-interval", 0, SET_UINT, 1, 86400, AT(retention_interval),
	    "SEC", "run retention this often" },
	{ "checkpoint-interval", 0, SET_UINT, 1, 86400, AT(checkpoint_interval),
	    "SEC",
	    "sign an audit checkpoint this often, if there are new entries" },
};

#define NSETTINGS (sizeof settings / sizeof settings[0])

void
settings_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->socket = NULL;
	c->database = CIVIC_DEFAULT_DATABASE;
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
}

static const struct setting *
settings_find(const char *name)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	}
	return NULL;
}

int
settings_set(struct config *c, const char *name, const char *text, char *err,
    size_t errlen)
{
	const struct setting *s = settings_find(name);
	char *p, *end;
	unsigned long v;
	int level;

	if (s == NULL) {
		snprintf(err, errlen, "no setting '%s'", name);
		return -1;
	}
	p = (char *)c + s->offset;
	switch (s->type) {
	case SET_STRING:
		if (*text == '\0') {
			snprintf(err, errlen, "%s: must not be empty", name);
			return -1;
		}
		*(const char **)(void *)p = text;
		return 0;
	case SET_FLAG:
		if (strcmp(text, "yes") == 0 || strcmp(text, "true") == 0)
			*(bool *)p = true;
		else if (strcmp(text, "no") == 0 || strcmp(text, "false") == 0)
			*(bool *)p = false;
		else {
			snprintf(err, errlen, "%s: '%s' is neither yes nor no",
			    name, text);
			return -1;
		}
		return 0;
	case SET_LEVEL:
		if ((level = log_level_parse(text)) < 0) {
			snprintf(err, errlen,
			    "%s: '%s' is not one of error, "
			    "warning, notice, info, debug",
			    name, text);
			return -1;
		}
		*(int *)(void *)p = level;
		return 0;
	default:
		break;
	}
	errno = 0;
	v = strtoul(text, &end, 10);
	if (*text == '\0' || *text == '-' || *end != '\0' || errno != 0 ||
	    v < s->min || v > s->max) {
		snprintf(err, errlen,
		    "%s: '%s' is not a whole number from %lu "
		    "to %lu",
		    name, text, s->min, s->max);
		return -1;
	}
	if (s->type == SET_SIZE)
		*(size_t *)(void *)p = v;
	else if (s->type == SET_UINT)
		*(unsigned *)(void *)p = (unsigned)v;
	else
		*(int *)(void *)p = (int)v;
	return 0;
}

void
settings_usage(FILE *f)
{
	char opt[64];
	size_t i;

	fprintf(f, "usage: civicd [options]\n\n");
	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		if (s->shortopt != 0)
			snprintf(opt, sizeof opt, "-%c, --%s%s%s", s->shortopt,
			    s->name, s->arg ? " " : "", s->arg ? s->arg : "");
		else
			snprintf(opt, sizeof opt, "    --%s%s%s", s->name,
			    s->arg ? " " : "", s->arg ? s->arg : "");
		fprintf(f, "  %-32s %s\n", opt, s->help);
	}
	fprintf(f, "  %-32s %s\n  %-32s %s\n", "-V, --version",
	    "print the version and exit", "-h, --help",
	    "print this help and exit");
	fprintf(f,
	    "\nDefaults: socket " CIVIC_DEFAULT_SOCKET
	    ", database " CIVIC_DEFAULT_DATABASE
	    ",\nmax-message %d, message-timeout "
	    "%d, idle-timeout %d, max-connections %d,\nmax-per-uid %d, "
	    "max-output %d, retain-registrants %d, retain-consented "
	    "%d,\nretain-applicants %d, retain-access-log %d, "
	    "retention-interval %d,\ncheckpoint-interval %d. See "
	    "civicd(8).\n",
	    LIMITS_DEFAULT_MAX_MESSAGE, LIMITS_DEFAULT_MESSAGE_TIMEOUT,
	    LIMITS_DEFAULT_IDLE_TIMEOUT, LIMITS_DEFAULT_MAX_CONNECTIONS,
	    LIMITS_DEFAULT_MAX_PER_UID, LIMITS_DEFAULT_MAX_OUTPUT,
	    RETENTION_DEFAULT_REGISTRANT, RETENTION_DEFAULT_CONSENT,
	    RETENTION_DEFAULT_APPLICANT, RETENTION_DEFAULT_ACCESS_LOG,
	    SETTINGS_DEFAULT_RETENTION_INTERVAL,
	    SETTINGS_DEFAULT_CHECKPOINT_INTERVAL);
}

void
settings_options(int argc, char **argv, struct config *c)
{
	struct option longopts[NSETTINGS + 3];
	char shortopts[64] = "Vh", err[256];
	size_t i, n = 2;
	int ch;

	memset(longopts, 0, sizeof longopts);
	for (i = 0; i < NSETTINGS; i++) {
		longopts[i].name = settings[i].name;
		longopts[i].has_arg = settings[i].type == SET_FLAG
		    ? no_argument
		    : required_argument;
		longopts[i].val = 256 + (int)i;
		if (settings[i].shortopt != 0) {
			shortopts[n++] = settings[i].shortopt;
			shortopts[n++] = ':';
		}
	}
	longopts[i++] = (struct option){ "version", no_argument, NULL, 'V' };
	longopts[i++] = (struct option){ "help", no_argument, NULL, 'h' };
	shortopts[n] = '\0';
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		const struct setting *s = NULL;

		if (ch == 'V') {
			printf("civicd %s\n", CIVIC_VERSION);
			exit(0);
		}
		if (ch == 'h') {
			settings_usage(stdout);
			exit(0);
		}
		for (i = 0; i < NSETTINGS && s == NULL; i++) {
			if (ch == 256 + (int)i ||
			    (settings[i].shortopt != 0 &&
				ch == settings[i].shortopt))
				s = &settings[i];
		}
		if (s == NULL) {
			settings_usage(stderr);
			exit(2);
		}
		if (settings_set(c, s->name,
			s->type == SET_FLAG ? "yes" : optarg, err,
			sizeof err) != 0) {
			fprintf(stderr, "civicd: --%s\n", err);
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
