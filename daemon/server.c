/*
 * server.c - the listening socket and the door policy (see server.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "config.h"
#include "clock.h"
#include "log.h"
#include "peer.h"
#include "server.h"

#if HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

/* How long accepting pauses when the process is out of descriptors. */
#define SERVER_FD_PAUSE_MS 250

/*
 * Connections accepted before the loop turns to the peers with calls
 * waiting. libevent's listener accepts until the queue is empty, and a uid
 * connecting in a loop keeps it from ever being empty: without a bound,
 * everyone else waited for as long as the flood lasted.
 */
#define SERVER_ACCEPTS_PER_TURN 32

/*
 * The kernel's queue of connections not yet accepted (and Backlog= in
 * civicd.socket). It is one queue for every uid, first come first served:
 * a uid connecting in a loop keeps it full, and every other caller waits
 * for the whole queue to be accepted, at ~30,000 a second here: 4096 (the
 * kernel's maximum) cost everyone 120 ms, 256 costs 8 ms. A burst larger
 * than this waits in connect(); civic's connect blocks.
 */
#define SERVER_BACKLOG 256

struct server {
	struct civicd *d;
	struct evconnlistener *listener;
	struct event *resume; /* re-enables accepting */
	struct event *turn;   /* the same, once the loop has turned */
	unsigned accepts;     /* since the last turn */
	char *path;           /* the file we bound; NULL if given */
	bool activated;
	bool paused;
	bool starved; /* out of descriptors since the last accept: said once */
};

/*
 * Refusals of one uid's connections, said in the log once a minute with
 * how many there were, not once a connection: a uid connecting in a loop
 * must not flood the journal.
 */
static struct {
	uid_t uid;
	bool used;
	unsigned count;
	int64_t since_ms;
} server_refused[16];

static void
server_note_refusal(uid_t uid, const char *why)
{
	int64_t now = clock_mono_ms();
	size_t i, slot = 0;

	for (i = 0; i < sizeof server_refused / sizeof server_refused[0]; i++) {
		if (server_refused[i].used && server_refused[i].uid == uid)
			break;
		if (!server_refused[i].used ||
		    server_refused[i].since_ms < server_refused[slot].since_ms)
			slot = i;
	}
	if (i == sizeof server_refused / sizeof server_refused[0]) {
		i = slot;
		server_refused[i].used = true;
		server_refused[i].uid = uid;
		server_refused[i].count = 0;
		server_refused[i].since_ms = 0;
	}
	server_refused[i].count++;
	if (server_refused[i].since_ms != 0 &&
	    now - server_refused[i].since_ms < 60000)
		return;
	log_warn("refusing uid %u: %s (%u connection%s refused in the last "
		 "minute)",
	    (unsigned)uid, why, server_refused[i].count,
	    server_refused[i].count == 1 ? "" : "s");
	server_refused[i].count = 0;
	server_refused[i].since_ms = now;
}

static void
server_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct server *s = arg;
	struct civicd *d = s->d;
	struct identity who;
	struct refusal r;

	(void)l;
	(void)sa;
	(void)salen;
	if (++s->accepts >= SERVER_ACCEPTS_PER_TURN) {
		struct timeval now = { 0, 0 };

		evconnlistener_disable(s->listener);
		evtimer_add(s->turn, &now);
	}
	auth_peer(fd, &d->auth, &who);
	if (s->starved) {
		s->starved = false;
		log_notice("accepting connections again");
	}
	if (peer_count() >= d->limits.max_connections) {
		server_note_refusal(who.uid, "all connections are taken");
		REFUSE(&r, R_TOO_MANY_ALL, FN(d->limits.max_connections));
		peer_reject(d, fd, &who, &r);
		return;
	}
	if (who.known && peer_count_uid(who.uid) >= d->limits.max_per_uid) {
		server_note_refusal(who.uid, "it has all its connections");
		REFUSE(&r, R_TOO_MANY_UID, FN(d->limits.max_per_uid));
		peer_reject(d, fd, &who, &r);
		return;
	}
	peer_new(d, fd, &who);
}

static void
server_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server *s = arg;

	(void)fd;
	(void)what;
	if (s->listener != NULL && s->paused) {
		s->paused = false;
		evconnlistener_enable(s->listener);
	}
}

static void
server_turn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server *s = arg;

	(void)fd;
	(void)what;
	s->accepts = 0;
	if (s->listener != NULL && !s->paused)
		evconnlistener_enable(s->listener);
}

/*
 * accept() failed. Out of descriptors or memory: stop accepting for a
 * moment instead of spinning on a socket that stays readable.
 */
static void
server_error_cb(struct evconnlistener *l, void *arg)
{
	struct timeval tv = { 0, SERVER_FD_PAUSE_MS * 1000 };
	struct server *s = arg;
	int e = errno;

	if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
		/* Once per episode, not every time the pause ends. */
		if (!s->starved)
			log_warn(
			    "accept: %s; pausing new connections for %d ms "
			    "at a time until one can be accepted",
			    strerror(e), SERVER_FD_PAUSE_MS);
		s->starved = true;
		s->paused = true;
		evconnlistener_disable(l);
		evtimer_add(s->resume, &tv);
		return;
	}
	log_warn("accept: %s", strerror(e));
}

/* Refuses a directory another user could plant a socket in. */
static int
server_check_dir(const char *path, char *err, size_t errlen)
{
	struct stat sb;
	char *copy, *dir;
	int ret = -1;

	if ((copy = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	dir = dirname(copy);
	if (stat(dir, &sb) != 0)
		snprintf(err, errlen, "socket directory %s: %s", dir,
		    strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		snprintf(err, errlen, "socket directory %s is not a directory",
		    dir);
	else if (sb.st_mode & S_IWOTH)
		snprintf(err, errlen,
		    "socket directory %s is writable by everyone (mode "
		    "%04o); another user could replace the socket; use "
		    "a directory only civicd's user can write, such "
		    "as /run/civic",
		    dir, (unsigned)(sb.st_mode & 07777));
	else if (sb.st_uid != 0 && sb.st_uid != geteuid())
		snprintf(err, errlen,
		    "socket directory %s belongs to uid %u, not to civicd's "
		    "user or root",
		    dir, (unsigned)sb.st_uid);
	else
		ret = 0;
	free(copy);
	return ret;
}

/* Removes a dead socket at path; refuses if something answers on it. */
static int
server_clear_stale(const char *path, const struct sockaddr_un *sun, char *err,
    size_t errlen)
{
	struct stat sb;
	int fd, rc, e;

	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(sb.st_mode)) {
		snprintf(err, errlen,
		    "%s exists and is not a socket; not touching it", path);
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	rc = connect(fd, (const struct sockaddr *)sun, sizeof *sun);
	e = errno;
	close(fd);
	if (rc == 0) {
		snprintf(err, errlen,
		    "%s: another process answers on this socket (is civicd "
		    "already running?)",
		    path);
		return -1;
	}
	if (e != ECONNREFUSED) {
		snprintf(err, errlen,
		    "%s: cannot tell whether it is in use: %s", path,
		    strerror(e));
		return -1;
	}
	if (unlink(path) != 0) {
		snprintf(err, errlen, "%s: cannot remove the stale socket: %s",
		    path, strerror(errno));
		return -1;
	}
	log_notice("%s: removed a stale socket", path);
	return 0;
}

static int
server_bind(const char *path, bool set_group, gid_t gid, char *err,
    size_t errlen)
{
	struct sockaddr_un sun;
	mode_t old;
	int fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		snprintf(err, errlen, "%s: socket path longer than %zu bytes",
		    path, sizeof sun.sun_path - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if (server_check_dir(path, err, errlen) != 0 ||
	    server_clear_stale(path, &sun, err, errlen) != 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	/* Mode 0660 from the start: no moment in which others may connect. */
	old = umask(0117);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		umask(old);
		snprintf(err, errlen, "%s: bind: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (set_group && chown(path, (uid_t)-1, gid) != 0) {
		snprintf(err, errlen,
		    "%s: cannot give the socket to group %u: %s", path,
		    (unsigned)gid, strerror(errno));
		unlink(path);
		close(fd);
		return -1;
	}
	if (listen(fd, SERVER_BACKLOG) != 0) {
		snprintf(err, errlen, "%s: listen: %s", path, strerror(errno));
		unlink(path);
		close(fd);
		return -1;
	}
	return fd;
}

/* The socket systemd passed, or -1 (with err set if one was wrong). */
static int
server_activated_fd(char *err, size_t errlen)
{
#if HAVE_LIBSYSTEMD
	int n = sd_listen_fds(1);

	if (n <= 0)
		return -1;
	if (n > 1) {
		snprintf(err, errlen,
		    "systemd passed %d sockets; civicd takes one", n);
		return -2;
	}
	if (sd_is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1, NULL, 0) <=
	    0) {
		snprintf(err, errlen,
		    "the socket systemd passed is not a listening Unix "
		    "stream socket");
		return -2;
	}
	if (fcntl(SD_LISTEN_FDS_START, F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) != 0) {
		snprintf(err, errlen, "the socket systemd passed: %s",
		    strerror(errno));
		return -2;
	}
	return SD_LISTEN_FDS_START;
#else
	(void)err;
	(void)errlen;
	return -1;
#endif
}

struct server *
server_new(struct civicd *d, const char *path, bool set_group, gid_t gid,
    char *err, size_t errlen)
{
	struct server *s;
	int fd;

	if ((s = calloc(1, sizeof *s)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->d = d;
	fd = server_activated_fd(err, errlen);
	if (fd == -2)
		goto fail;
	if (fd >= 0)
		s->activated = true;
	else {
		if (path == NULL) {
			snprintf(err, errlen,
			    "no socket: give --socket or start civicd from "
			    "its systemd socket unit");
			goto fail;
		}
		if ((fd = server_bind(path, set_group, gid, err, errlen)) < 0)
			goto fail;
		if ((s->path = strdup(path)) == NULL) {
			snprintf(err, errlen, "out of memory");
			unlink(path);
			close(fd);
			goto fail;
		}
	}
	s->resume = evtimer_new(d->base, server_resume_cb, s);
	s->turn = evtimer_new(d->base, server_turn_cb, s);
	s->listener = evconnlistener_new(d->base, server_accept_cb, s,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
	if (s->resume == NULL || s->turn == NULL || s->listener == NULL) {
		snprintf(err, errlen, "cannot listen: out of memory");
		if (s->listener == NULL)
			close(fd);
		goto fail;
	}
	evconnlistener_set_error_cb(s->listener, server_error_cb);
	return s;
fail:
	server_free(s);
	return NULL;
}

bool
server_activated(const struct server *s)
{
	return s->activated;
}

void
server_stop(struct server *s)
{
	if (s->listener != NULL) {
		evconnlistener_free(s->listener);
		s->listener = NULL;
	}
	if (s->path != NULL) {
		unlink(s->path);
		free(s->path);
		s->path = NULL;
	}
}

void
server_free(struct server *s)
{
	if (s == NULL)
		return;
	server_stop(s);
	if (s->resume != NULL)
		event_free(s->resume);
	if (s->turn != NULL)
		event_free(s->turn);
	free(s);
}

unsigned
server_connections(const struct server *s)
{
	(void)s;
	return peer_count();
}
