/*
 * main.c - civicd: settings, start-up checks, signals, timers and the
 * event loop.
 *
 * Start-up either succeeds completely (database open and migrated, keys
 * loaded, socket listening, method table matching the IDL) or says what
 * is wrong and exits 1 without serving anyone.
 */
#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "civicd.h"
#include "clock.h"
#include "config.h"
#include "demo.h"
#include "group.h"
#include "log.h"
#include "method.h"
#include "peer.h"
#include "server.h"
#include "settings.h"
#include "store-audit.h"
#include "store-backup.h"
#include "store.h"

#if HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#define main_notify(...) sd_notifyf(0, __VA_ARGS__)
#else
#define main_notify(...) ((void)0)
#endif

/* How long shutdown waits for peers to read their last replies. */
#define MAIN_SHUTDOWN_GRACE 10

/* The daemon itself, as the actor of what it does on its own. */
static struct identity main_system;

/* Resolves a role group; a missing one only means nobody holds it. */
static void
main_group(const char *opt, const char *spec, bool *set, gid_t *gid)
{
	*set = auth_group_resolve(spec, gid) == 0;
	if (!*set)
		log_notice("group '%s' (--%s) does not exist; nobody has that "
			   "role through a group",
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
main_keys(const struct config *cfg, struct civicd *d, char *err, size_t errlen)
{
	char *copy = NULL;
	const char *dir = cfg->state_dir;
	int rc;

	if (dir == NULL) {
		if ((copy = strdup(cfg->database)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		dir = dirname(copy);
	}
	rc = crypto_key_load(dir, "ticket.key", &d->ticket_key, err, errlen);
	if (rc == 0)
		rc = crypto_key_load(dir, "audit.key", &d->audit_key, err,
		    errlen);
	free(copy);
	return rc;
}

static void
main_checkpoint(struct civicd *d)
{
	bool written;

	(void)group_commit(d); /* a checkpoint is a transaction of its own */
	if (store_audit_checkpoint(d->store, &d->audit_key, &written) !=
	    CIVIC_OK)
		log_err("cannot write an audit checkpoint");
	else if (written)
		log_info("signed an audit checkpoint");
}

/* Says, in civicd's log, what a verification of the trail found. True
 * if the trail holds. */
static bool
main_verified(const struct audit_job *j, const char *what)
{
	char why[256];

	if (j->r.v.failed) {
		audit_failure_text(&j->r.v, why, sizeof why);
		log_err("the audit trail does not verify: %s (civic audit "
			"verify says the same; see civicd(8))",
		    why);
		return false;
	}
	log_info("the audit trail verifies%s: %lld entries, %lld checkpoints",
	    what, (long long)j->r.entries, (long long)j->r.checkpoints);
	return true;
}

/*
 * Says loudly, at start, if the audit trail does not verify: nothing
 * else would until an admin asks. Serving goes on; the trail is
 * evidence, and civicd must not destroy it by refusing to run. At start
 * only the last checkpoint and the entries after it are verified, which
 * takes as long on a trail of millions as on a new one; the whole trail
 * is verified after, in slices between calls (main_verify_cb). True if
 * what was verified holds.
 */
static bool
main_verify(struct civicd *d)
{
	struct audit_job j;

	if (store_audit_job_begin(d->store, &j, d->audit_key.pk, NULL, true) !=
		CIVIC_OK ||
	    store_audit_job_step(d->store, &j, INT64_MAX) != CIVIC_OK) {
		log_err("cannot read the audit trail to verify it");
		return false;
	}
	return main_verified(&j,
	    j.from_entry > 0 ? " from its last checkpoint on" : "");
}

/* Entries (or checkpoints) the background verification reads in one
 * slice: a few milliseconds, so that calls wait no longer; and the pause
 * between slices, so that it takes at most about half of civicd's time
 * while calls come (a trail of 2,000,000 entries takes about a minute). */
#define MAIN_VERIFY_SLICE    500
#define MAIN_VERIFY_PAUSE_MS 10

static struct audit_job main_job;
static struct event *main_ev_verify;
static unsigned main_job_slices;

static void
main_verify_cb(evutil_socket_t fd, short what, void *arg)
{
	struct timeval pause = { 0, MAIN_VERIFY_PAUSE_MS * 1000 };
	struct civicd *d = arg;

	(void)fd;
	(void)what;
	(void)group_commit(d); /* a slice reads in a transaction of its own */
	if (store_audit_job_step(d->store, &main_job, MAIN_VERIFY_SLICE) !=
	    CIVIC_OK) {
		log_err("cannot read the audit trail to verify it");
		return;
	}
	main_job_slices++;
	if (!main_job.done) {
		evtimer_add(main_ev_verify, &pause);
		return;
	}
	log_debug("verified the whole audit trail in %u slices",
	    main_job_slices);
	(void)main_verified(&main_job,
	    " (the whole trail, verified "
	    "in the background)");
}

/* Starts verifying the whole trail, between calls. */
static void
main_verify_whole(struct civicd *d)
{
	struct timeval now = { 0, 0 };

	if (store_audit_job_begin(d->store, &main_job, d->audit_key.pk, NULL,
		false) != CIVIC_OK)
		log_err("cannot read the audit trail to verify it");
	else if ((main_ev_verify = evtimer_new(d->base, main_verify_cb, d)) ==
		NULL ||
	    evtimer_add(main_ev_verify, &now) != 0)
		fatal("cannot set a timer");
}

/*
 * Retention runs in slices between calls: each erases at most
 * RETENTION_SLICE rows of each kind in a transaction of its own, with its
 * audit entry, and the next is a zero timer, after the loop has served
 * the others. A first run over years of data (a million registrants)
 * never holds the loop longer than a slice.
 */
static struct event *main_ev_ret_slice;
static struct retention_report main_ret_done;
static unsigned main_ret_slices;

static void
main_retention_slice_cb(evutil_socket_t fd, short what, void *arg)
{
	struct timeval now = { 0, 0 };
	struct retention_report r;
	struct civicd *d = arg;
	bool more;

	(void)fd;
	(void)what;
	(void)group_commit(d); /* a slice writes in a transaction of its own */
	if (store_retention_run(d->store, &main_system, clock_now(),
		&d->retention, false, RETENTION_SLICE, &r, &more) != CIVIC_OK) {
		log_err("retention run failed; it will be tried again");
		return;
	}
	retention_report_add(&main_ret_done, &r);
	main_ret_slices++;
	if (more && evtimer_add(main_ev_ret_slice, &now) == 0)
		return;
	retention_log(&main_ret_done, main_ret_slices);
}

/* Starts a retention run, unless one is under way. */
static void
main_retention(struct civicd *d)
{
	struct timeval now = { 0, 0 };

	if (main_ev_ret_slice == NULL &&
	    (main_ev_ret_slice = evtimer_new(d->base, main_retention_slice_cb,
		 d)) == NULL)
		fatal("cannot set a timer");
	if (evtimer_pending(main_ev_ret_slice, NULL))
		return;
	memset(&main_ret_done, 0, sizeof main_ret_done);
	main_ret_slices = 0;
	if (evtimer_add(main_ev_ret_slice, &now) != 0)
		fatal("cannot set a timer");
}

static void
main_checkpoint_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	main_checkpoint(arg);
}

static void
main_minute_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	method_refusals_tick(clock_mono_ms());
}

static void
main_retention_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	main_retention(arg);
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
	main_notify("STOPPING=1\nSTATUS=Stopping");
	d->stopping = true;
	server_stop(d->server);
	event_base_loopexit(d->base, &grace);
	peer_shutdown_all(d);
}

/* A persistent timer every secs seconds. */
static struct event *
main_every(struct civicd *d, unsigned secs, event_callback_fn fn)
{
	struct timeval tv = { (time_t)secs, 0 };
	struct event *ev = event_new(d->base, -1, EV_PERSIST, fn, d);

	if (ev == NULL || event_add(ev, &tv) != 0)
		fatal("cannot set a timer");
	return ev;
}

/* Sets a persistent timer to every secs seconds. */
static void
main_rearm(struct event *ev, unsigned secs)
{
	struct timeval tv = { (time_t)secs, 0 };

	if (event_add(ev, &tv) != 0)
		log_err("cannot set a timer");
}

/* What civicd runs with, for SIGHUP to compare the file with. */
static struct config main_cfg;
static struct cmdline main_cl;
static struct event *main_ev_cp, *main_ev_ret;

/* Puts the settings that may change at run time into effect. */
static void
main_apply(struct civicd *d, const struct config *cfg)
{
	log_set_level((enum log_level)cfg->log_level);
	d->limits = cfg->limits;
	d->retention = cfg->retention;
	d->fund = cfg->fund;
	d->meetings = cfg->meetings;
	if (main_ev_cp != NULL &&
	    d->checkpoint_interval != cfg->checkpoint_interval)
		main_rearm(main_ev_cp, cfg->checkpoint_interval);
	if (main_ev_ret != NULL &&
	    d->retention_interval != cfg->retention_interval)
		main_rearm(main_ev_ret, cfg->retention_interval);
	d->checkpoint_interval = cfg->checkpoint_interval;
	d->retention_interval = cfg->retention_interval;
}

struct main_changes {
	int now, later;
};

static void
main_changed(const char *name, const char *was, const char *now,
    bool at_run_time, void *arg)
{
	struct main_changes *n = arg;

	if (at_run_time) {
		log_notice("SIGHUP: %s: %s -> %s", name, was, now);
		n->now++;
	} else {
		log_warn("SIGHUP: %s: %s -> %s in the file, but that takes "
			 "effect only when civicd restarts",
		    name, was, now);
		n->later++;
	}
}

/* SIGHUP: reads the configuration again and applies what can change. */
static void
main_hup_cb(evutil_socket_t sig, short what, void *arg)
{
	struct civicd *d = arg;
	struct main_changes n = { 0, 0 };
	struct config next;
	char err[1024];

	(void)sig;
	(void)what;
	main_notify("RELOADING=1\nSTATUS=Reading the configuration again");
	if (settings_read(&next, &main_cl, err, sizeof err) != 0) {
		log_err("SIGHUP: %s; nothing changed", err);
		main_notify("READY=1\nSTATUS=Serving (the configuration file "
			    "has a mistake: see the log)");
		return;
	}
	settings_diff(&main_cfg, &next, main_changed, &n);
	settings_take_runtime(&main_cfg, &next);
	settings_free(&next);
	main_apply(d, &main_cfg);
	main_rlimit(&d->limits);
	if (n.now + n.later == 0)
		log_notice("SIGHUP: read %s again: nothing changed",
		    settings_config_path(&main_cl));
	else
		log_notice(
		    "SIGHUP: read %s again: %d settings changed, %d wait "
		    "for a restart",
		    settings_config_path(&main_cl), n.now, n.later);
	main_notify("READY=1\nSTATUS=Serving");
}

#if HAVE_LIBSYSTEMD
/* The watchdog is pinged from the event loop: a loop that is stuck stops
 * pinging, and systemd restarts civicd. */
static void
main_watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	static unsigned last = UINT_MAX;
	unsigned n = peer_count();

	(void)fd;
	(void)what;
	(void)arg;
	if (n != last) {
		sd_notifyf(0, "WATCHDOG=1\nSTATUS=Serving: %u connection%s", n,
		    n == 1 ? "" : "s");
		last = n;
	} else
		sd_notify(0, "WATCHDOG=1");
}
#endif

/*
 * --reload PID: SIGHUP to the civicd with that process id, for the
 * unit's ExecReload (a minimal system has no kill(1) without procps).
 * Refuses a process that is not civicd.
 */
static int
main_reload(const char *arg)
{
	char path[64], comm[32] = "";
	long pid;
	char *end;
	FILE *f;

	errno = 0;
	pid = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || pid < 1 ||
	    pid > INT32_MAX) {
		fprintf(stderr, "civicd: --reload: '%s' is not a process id\n",
		    arg);
		return 2;
	}
	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(comm, sizeof comm, f) == NULL)
			comm[0] = '\0';
		fclose(f);
	}
	comm[strcspn(comm, "\n")] = '\0';
	if (strcmp(comm, "civicd") != 0) {
		fprintf(stderr, "civicd: --reload: process %ld is not civicd\n",
		    pid);
		return 1;
	}
	if (kill((pid_t)pid, SIGHUP) != 0) {
		fprintf(stderr, "civicd: --reload: process %ld: %s\n", pid,
		    strerror(errno));
		return 1;
	}
	return 0;
}

/* --restore FILE: replaces the database with a backup, civicd stopped. */
static int
main_restore(const struct config *cfg, const char *file)
{
	struct restore_report r;
	char err[1024];

	if (store_restore(cfg->database, file, &r, err, sizeof err) != 0) {
		log_err("%s", err);
		return 1;
	}
	if (r.kept[0] != '\0')
		log_notice("%s: the database it replaces is kept in %s",
		    cfg->database, r.kept);
	log_notice("%s: restored from %s (schema %d, %lld audit entries); "
		   "start civicd to use it",
	    cfg->database, file, r.schema, (long long)r.audit_entries);
	return 0;
}

/* --check-config: says whether the configuration holds, and shows it. */
static int
main_check_config(const struct cmdline *cl)
{
	struct config cfg;
	char err[1024];
	gid_t gid;

	if (settings_read(&cfg, cl, err, sizeof err) != 0) {
		fprintf(stderr, "civicd: %s\n", err);
		return 1;
	}
	settings_print(stdout, &cfg, settings_config_path(cl));
	if (auth_group_resolve(cfg.admin_group, &gid) != 0)
		fprintf(stderr,
		    "civicd: note: no group '%s' ([groups] admin): "
		    "nobody is an admin through a group\n",
		    cfg.admin_group);
	if (auth_group_resolve(cfg.coord_group, &gid) != 0)
		fprintf(stderr,
		    "civicd: note: no group '%s' ([groups] "
		    "coordinator): nobody is a coordinator through a "
		    "group\n",
		    cfg.coord_group);
	if (cfg.socket_group != NULL &&
	    auth_group_resolve(cfg.socket_group, &gid) != 0) {
		fprintf(stderr, "civicd: no group '%s' ([groups] socket)\n",
		    cfg.socket_group);
		settings_free(&cfg);
		return 1;
	}
	settings_free(&cfg);
	return 0;
}

int
main(int argc, char **argv)
{
	struct civicd d;
	struct event *ev_term, *ev_int, *ev_hup, *ev_minute, *ev_dog = NULL;
	gid_t socket_gid = 0;
	char err[1024];

	/* The database, its copies and the keys are nobody else's. */
	umask(077);
	settings_parse_args(argc, argv, &main_cl);
	/* Calendar dates (today, deadlines, fund years) are Ballerup's. */
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	if (main_cl.reload != NULL)
		return main_reload(main_cl.reload);
	if (main_cl.check)
		return main_check_config(&main_cl);
	if (settings_read(&main_cfg, &main_cl, err, sizeof err) != 0)
		fatal("%s", err);
	if (main_cl.restore != NULL)
		return main_restore(&main_cfg, main_cl.restore);
	memset(&d, 0, sizeof d);
	main_apply(&d, &main_cfg);
	main_system.known = true;
	main_system.uid = geteuid();
	snprintf(main_system.user, sizeof main_system.user, "civicd");

	if (sodium_init() < 0)
		fatal("libsodium cannot initialise");
	if (method_check_table(err, sizeof err) != 0)
		fatal("internal error: %s", err);
	signal(SIGPIPE, SIG_IGN);
	main_group("admin-group", main_cfg.admin_group, &d.auth.admin_set,
	    &d.auth.admin_gid);
	main_group("coord-group", main_cfg.coord_group, &d.auth.coord_set,
	    &d.auth.coord_gid);
	if (main_cfg.socket_group != NULL &&
	    auth_group_resolve(main_cfg.socket_group, &socket_gid) != 0)
		fatal("[groups] socket: no group '%s'", main_cfg.socket_group);
	main_rlimit(&d.limits);

	if ((d.store = store_open(main_cfg.database, err, sizeof err)) == NULL)
		fatal("%s", err);
	if (main_keys(&main_cfg, &d, err, sizeof err) != 0)
		fatal("%s", err);
	if (main_cfg.demo && store_is_empty(d.store) &&
	    demo_seed(d.store, &d.fund) != 0)
		fatal("%s: cannot add the demo data", main_cfg.database);
	/* A civicd killed before its checkpoint at shutdown left entries
	 * unsigned; one that keeps crashing would never sign them. Sign
	 * them now, but only a trail that verifies. */
	if (main_verify(&d))
		main_checkpoint(&d);

	if ((d.base = event_base_new()) == NULL || group_init(&d) != 0)
		fatal("cannot create the event loop");
	/* A socket systemd passes wins over the configured one. */
	d.server = server_new(&d, main_cfg.socket,
	    main_cfg.socket_group != NULL, socket_gid, err, sizeof err);
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
	main_ev_cp = main_every(&d, d.checkpoint_interval, main_checkpoint_cb);
	main_ev_ret = main_every(&d, d.retention_interval, main_retention_cb);
	ev_minute = main_every(&d, 60, main_minute_cb);
	main_verify_whole(&d);
	main_retention(&d); /* at start too, once the loop serves calls */
#if HAVE_LIBSYSTEMD
	{
		uint64_t usec;

		if (sd_watchdog_enabled(0, &usec) > 0) {
			struct timeval tv = { (time_t)(usec / 2000000),
				(suseconds_t)(usec / 2 % 1000000) };

			ev_dog = event_new(d.base, -1, EV_PERSIST,
			    main_watchdog_cb, NULL);
			if (ev_dog == NULL || event_add(ev_dog, &tv) != 0)
				fatal("cannot set the watchdog's timer");
			log_info("pinging systemd's watchdog every %llu ms",
			    (unsigned long long)(usec / 2000));
		}
	}
#endif

	log_notice("civicd %s serving %s (database %s, schema %d)",
	    CIVIC_VERSION,
	    server_activated(d.server) ? "the socket from systemd"
				       : main_cfg.socket,
	    main_cfg.database, store_schema_version(d.store));
	main_notify("READY=1\nSTATUS=Serving");

	if (event_base_dispatch(d.base) < 0)
		log_err("the event loop failed");

	group_free(&d); /* commits what the last turn's calls did */
	peer_free_all();
	server_free(d.server);
	/* The last checkpoint pins everything done before the stop. */
	main_checkpoint(&d);
	store_close(d.store);
	crypto_key_wipe(&d.ticket_key);
	crypto_key_wipe(&d.audit_key);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	event_free(main_ev_cp);
	event_free(main_ev_ret);
	event_free(ev_minute);
	if (main_ev_verify != NULL)
		event_free(main_ev_verify);
	if (main_ev_ret_slice != NULL)
		event_free(main_ev_ret_slice);
	if (ev_dog != NULL)
		event_free(ev_dog);
	event_base_free(d.base);
	settings_free(&main_cfg);
	log_notice("stopped");
	return 0;
}
