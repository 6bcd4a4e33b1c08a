/*
 * main.c - civicd: options, start-up checks, signals and the event loop.
 *
 * Start-up either succeeds completely (database open and migrated, socket
 * listening, method table matching the IDL) or says what is wrong and
 * exits 1 without serving anyone.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "civicd.h"
#include "clock.h"
#include "config.h"
#include "demo.h"
#include "log.h"
#include "method.h"
#include "peer.h"
#include "server.h"
#include "store.h"

#if HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#define main_notify(...) sd_notifyf(0, __VA_ARGS__)
#else
#define main_notify(...) ((void)0)
#endif

/* How long shutdown waits for peers to read their last replies. */
#define MAIN_SHUTDOWN_GRACE 10

struct options {
	const char *socket;
	const char *database;
	const char *admin_group;
	const char *coord_group;
	const char *socket_group;
	const char *state_dir;
	bool demo;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: civicd [options]\n"
	    "\n"
	    "  -s, --socket PATH          listen on PATH (default\n"
	    "                             " CIVIC_DEFAULT_SOCKET ",\n"
	    "                             or the socket systemd passes)\n"
	    "  -d, --database PATH        the SQLite database (default\n"
	    "                             " CIVIC_DEFAULT_DATABASE ")\n"
	    "      --state-dir DIR        where civicd keeps its signing keys (default:\n"
	    "                             the database's directory)\n"
	    "      --demo                 fill an empty database with demo data\n"
	    "      --admin-group GROUP    members are admins (default civic-admin)\n"
	    "      --coord-group GROUP    members are coordinators (default civic-coord)\n"
	    "      --socket-group GROUP   give the socket file to GROUP\n"
	    "      --max-message BYTES    largest message (default 65536)\n"
	    "      --message-timeout SEC  time to finish a started message (default 10)\n"
	    "      --idle-timeout SEC     close connections idle this long (default 300)\n"
	    "      --max-connections N    connections in all (default 1024)\n"
	    "      --max-per-uid N        connections per uid (default 64)\n"
	    "      --max-output BYTES     unread replies before a peer is paused\n"
	    "                             (default 1048576)\n"
	    "      --log-level LEVEL      error, warning, notice, info or debug\n"
	    "                             (default info)\n"
	    "  -V, --version              print the version and exit\n"
	    "  -h, --help                 print this help and exit\n");
}

/* Parses a whole number in [min, max] for option name, or exits 2. */
static unsigned long
main_number(const char *name, const char *arg, unsigned long min,
    unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg == '\0' || *arg == '-' || *end != '\0' || errno != 0 ||
	    v < min || v > max) {
		fprintf(stderr,
		    "civicd: --%s: '%s' is not a whole number from %lu to %lu\n",
		    name, arg, min, max);
		exit(2);
	}
	return v;
}

enum {
	OPT_DEMO = 256,
	OPT_STATE_DIR,
	OPT_ADMIN_GROUP,
	OPT_COORD_GROUP,
	OPT_SOCKET_GROUP,
	OPT_MAX_MESSAGE,
	OPT_MESSAGE_TIMEOUT,
	OPT_IDLE_TIMEOUT,
	OPT_MAX_CONNECTIONS,
	OPT_MAX_PER_UID,
	OPT_MAX_OUTPUT,
	OPT_LOG_LEVEL,
};

static void
main_options(int argc, char **argv, struct options *o, struct limits *l)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "database", required_argument, NULL, 'd' },
		{ "demo", no_argument, NULL, OPT_DEMO },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "admin-group", required_argument, NULL, OPT_ADMIN_GROUP },
		{ "coord-group", required_argument, NULL, OPT_COORD_GROUP },
		{ "socket-group", required_argument, NULL, OPT_SOCKET_GROUP },
		{ "max-message", required_argument, NULL, OPT_MAX_MESSAGE },
		{ "message-timeout", required_argument, NULL,
		    OPT_MESSAGE_TIMEOUT },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
		{ "max-connections", required_argument, NULL,
		    OPT_MAX_CONNECTIONS },
		{ "max-per-uid", required_argument, NULL, OPT_MAX_PER_UID },
		{ "max-output", required_argument, NULL, OPT_MAX_OUTPUT },
		{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, level;

	while ((ch = getopt_long(argc, argv, "s:d:Vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			o->socket = optarg;
			break;
		case 'd':
			o->database = optarg;
			break;
		case OPT_DEMO:
			o->demo = true;
			break;
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case OPT_ADMIN_GROUP:
			o->admin_group = optarg;
			break;
		case OPT_COORD_GROUP:
			o->coord_group = optarg;
			break;
		case OPT_SOCKET_GROUP:
			o->socket_group = optarg;
			break;
		case OPT_MAX_MESSAGE:
			l->max_message = main_number("max-message", optarg,
			    1024, 16 * 1024 * 1024);
			break;
		case OPT_MESSAGE_TIMEOUT:
			l->message_timeout = (unsigned)
			    main_number("message-timeout", optarg, 1, 3600);
			break;
		case OPT_IDLE_TIMEOUT:
			l->idle_timeout = (unsigned)main_number("idle-timeout",
			    optarg, 1, 86400);
			break;
		case OPT_MAX_CONNECTIONS:
			l->max_connections = (unsigned)
			    main_number("max-connections", optarg, 1, 65536);
			break;
		case OPT_MAX_PER_UID:
			l->max_per_uid = (unsigned)main_number("max-per-uid",
			    optarg, 1, 65536);
			break;
		case OPT_MAX_OUTPUT:
			l->max_output = main_number("max-output", optarg, 4096,
			    256 * 1024 * 1024);
			break;
		case OPT_LOG_LEVEL:
			if ((level = log_level_parse(optarg)) < 0) {
				fprintf(stderr,
				    "civicd: --log-level: '%s' is not one of "
				    "error, warning, notice, info, debug\n",
				    optarg);
				exit(2);
			}
			log_set_level((enum log_level)level);
			break;
		case 'V':
			printf("civicd %s\n", CIVIC_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "civicd: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		exit(2);
	}
}

/* Resolves a role group; a missing one only means nobody holds it. */
static void
main_group(const char *opt, const char *spec, bool *set, gid_t *gid)
{
	*set = auth_group_resolve(spec, gid) == 0;
	if (!*set)
		log_notice(
		    "group '%s' (--%s) does not exist; nobody has that role through a group",
		    spec, opt);
}

/* Enough descriptors for every allowed connection and then some. */
static void
main_rlimit(const struct limits *l)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)l->max_connections + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want
	    ? want
	    : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		log_warn("only %llu file descriptors for %u connections; "
			 "accepting will pause when they run out",
		    (unsigned long long)rl.rlim_cur, l->max_connections);
}

/* Loads (or makes) the signing keys in the state directory. */
static int
main_keys(const struct options *o, struct civicd *d, char *err, size_t errlen)
{
	char *copy = NULL;
	const char *dir = o->state_dir;
	int rc;

	if (dir == NULL) {
		if ((copy = strdup(o->database)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		dir = dirname(copy);
	}
	rc = crypto_key_load(dir, "ticket.key", &d->ticket_key, err, errlen);
	free(copy);
	return rc;
}

static void
main_stop_cb(evutil_socket_t sig, short what, void *arg)
{
	struct timeval grace = { MAIN_SHUTDOWN_GRACE, 0 };
	struct civicd *d = arg;

	(void)what;
	if (d->stopping) {
		log_notice("%s again; stopping now", strsignal(sig));
		event_base_loopbreak(d->base);
		return;
	}
	log_notice("%s: stopping; answering the calls already received",
	    strsignal(sig));
	main_notify("STOPPING=1\n"
		    "STATUS=Stopping");
	d->stopping = true;
	server_stop(d->server);
	event_base_loopexit(d->base, &grace);
	peer_shutdown_all(d);
}

static void
main_hup_cb(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	log_notice("SIGHUP: civicd has no configuration file to re-read yet; "
		   "nothing changed");
}

int
main(int argc, char **argv)
{
	struct options o = {
		.socket = NULL,
		.database = CIVIC_DEFAULT_DATABASE,
		.admin_group = "civic-admin",
		.coord_group = "civic-coord",
	};
	struct civicd d = {
		.limits = {
			.max_message = LIMITS_DEFAULT_MAX_MESSAGE,
			.message_timeout = LIMITS_DEFAULT_MESSAGE_TIMEOUT,
			.idle_timeout = LIMITS_DEFAULT_IDLE_TIMEOUT,
			.max_connections = LIMITS_DEFAULT_MAX_CONNECTIONS,
			.max_per_uid = LIMITS_DEFAULT_MAX_PER_UID,
			.max_output = LIMITS_DEFAULT_MAX_OUTPUT,
		},
	};
	struct event *ev_term, *ev_int, *ev_hup;
	gid_t socket_gid = 0;
	char err[1024];

	main_options(argc, argv, &o, &d.limits);
	/* Calendar dates (today, deadlines, fund years) are Ballerup's. */
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	if (sodium_init() < 0)
		fatal("libsodium cannot initialise");
	if (method_check_table(err, sizeof err) != 0)
		fatal("internal error: %s", err);
	signal(SIGPIPE, SIG_IGN);
	main_group("admin-group", o.admin_group, &d.auth.admin_set,
	    &d.auth.admin_gid);
	main_group("coord-group", o.coord_group, &d.auth.coord_set,
	    &d.auth.coord_gid);
	if (o.socket_group != NULL &&
	    auth_group_resolve(o.socket_group, &socket_gid) != 0)
		fatal("--socket-group: no group '%s'", o.socket_group);
	main_rlimit(&d.limits);

	if ((d.store = store_open(o.database, err, sizeof err)) == NULL)
		fatal("%s", err);
	if (main_keys(&o, &d, err, sizeof err) != 0)
		fatal("%s", err);
	if (o.demo && store_is_empty(d.store) && demo_seed(d.store) != 0)
		fatal("%s: cannot add the demo data", o.database);

	if ((d.base = event_base_new()) == NULL)
		fatal("cannot create the event loop");
	d.server = server_new(&d,
	    o.socket != NULL
		? o.socket
		: (getenv("LISTEN_FDS") != NULL ? NULL : CIVIC_DEFAULT_SOCKET),
	    o.socket_group != NULL, socket_gid, err, sizeof err);
	if (d.server == NULL)
		fatal("%s", err);
	d.started = clock_now();
	d.started_mono = clock_mono();

	ev_term = evsignal_new(d.base, SIGTERM, main_stop_cb, &d);
	ev_int = evsignal_new(d.base, SIGINT, main_stop_cb, &d);
	ev_hup = evsignal_new(d.base, SIGHUP, main_hup_cb, &d);
	if (ev_term == NULL || ev_int == NULL || ev_hup == NULL ||
	    evsignal_add(ev_term, NULL) != 0 ||
	    evsignal_add(ev_int, NULL) != 0 || evsignal_add(ev_hup, NULL) != 0)
		fatal("cannot handle signals");

	log_notice("civicd %s serving %s (database %s, schema %d)",
	    CIVIC_VERSION,
	    server_activated(d.server)
		? "the socket from systemd"
		: (o.socket != NULL ? o.socket : CIVIC_DEFAULT_SOCKET),
	    o.database, store_schema_version(d.store));
	main_notify("READY=1\n"
		    "STATUS=Serving");

	if (event_base_dispatch(d.base) < 0)
		log_err("the event loop failed");

	peer_free_all();
	server_free(d.server);
	store_close(d.store);
	crypto_key_wipe(&d.ticket_key);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	event_base_free(d.base);
	log_notice("stopped");
	return 0;
}
