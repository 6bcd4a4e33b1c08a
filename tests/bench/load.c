/*
 * load.c - a load generator for make bench: CONNS connections to a Unix
 * socket, each sending REQUEST and waiting for its whole reply before
 * sending the next, for SECONDS. The same client drives civicd and its
 * references (an echo server, redis), so their figures compare.
 *
 *   load SOCKET CONNS SECONDS nul|resp REQUEST
 *
 * nul: varlink, a reply ends at NUL, a NUL is sent after REQUEST, and a
 * reply with "error" counts as failed; resp: redis, REQUEST is sent as
 * is and a reply is one line, or two for a bulk string. Each "%d" in
 * REQUEST becomes a number never sent before (the same one in a request).
 * Prints one line:
 *
 *   calls N seconds S rate R p50_us P p99_us Q failed F
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define LOAD_BUF (256 * 1024)

struct conn {
	int fd;
	int64_t sent_ns;
	size_t got;  /* bytes of the current reply */
	bool failed; /* the current reply is an error */
	int lines;   /* resp: line ends still to come */
};

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static const char *tmpl;
static bool resp;
static long counter;

static void
send_one(struct conn *c)
{
	char req[8192];
	const char *t = tmpl, *at;
	size_t n = 0;
	int k;

	/* Every "%d" becomes the same new number. */
	while ((at = strstr(t, "%d")) != NULL) {
		k = snprintf(req + n, sizeof req - n, "%.*s%ld", (int)(at - t),
		    t, counter);
		if (k < 0 || (size_t)k >= sizeof req - n)
			goto too_long;
		n += (size_t)k;
		t = at + 2;
	}
	k = snprintf(req + n, sizeof req - n, "%s", t);
	if (k < 0 || (size_t)k >= sizeof req - n - 1) {
	too_long:
		fprintf(stderr, "load: request too long\n");
		exit(2);
	}
	n += (size_t)k;
	counter++;
	if (!resp)
		req[n++] = '\0';
	if (write(c->fd, req, n) != (ssize_t)n) {
		perror("load: write");
		exit(2);
	}
	c->sent_ns = now_ns();
	c->got = 0;
	c->failed = false;
	c->lines = 1;
}

/* True once buf (n bytes of c's reply) ends the reply. */
static bool
take(struct conn *c, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, c->got++) {
		if (resp) {
			if (c->got == 0 && buf[i] == '-')
				c->failed = true;
			if (c->got == 0 && buf[i] == '$' && i + 1 < n &&
			    buf[i + 1] != '-')
				c->lines = 2;
			if (buf[i] == '\n' && --c->lines == 0)
				return true;
		} else if (buf[i] == '\0')
			return true;
	}
	if (!resp && memmem(buf, n, "\"error\"", 7) != NULL)
		c->failed = true;
	return false;
}

int
main(int argc, char **argv)
{
	static char buf[LOAD_BUF];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event ev, evs[256];
	struct conn *conns;
	int64_t *lat, start, end;
	size_t nlat = 0, cap = 1 << 20;
	long failed = 0;
	int nconn, secs, ep, i, k;

	if (argc != 6) {
		fprintf(stderr,
		    "usage: load SOCKET CONNS SECONDS nul|resp "
		    "REQUEST\n");
		return 2;
	}
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	nconn = atoi(argv[2]);
	secs = atoi(argv[3]);
	resp = strcmp(argv[4], "resp") == 0;
	tmpl = argv[5];
	conns = calloc((size_t)nconn, sizeof *conns);
	lat = malloc(cap * sizeof *lat);
	if (nconn < 1 || secs < 1 || conns == NULL || lat == NULL ||
	    (ep = epoll_create1(0)) < 0)
		return 2;
	for (i = 0; i < nconn; i++) {
		conns[i].fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (conns[i].fd < 0 ||
		    connect(conns[i].fd, (struct sockaddr *)&sa, sizeof sa) !=
			0) {
			perror("load: connect");
			return 2;
		}
		ev.events = EPOLLIN;
		ev.data.ptr = &conns[i];
		epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
	}
	start = now_ns();
	end = start + (int64_t)secs * 1000000000;
	for (i = 0; i < nconn; i++)
		send_one(&conns[i]);
	while (now_ns() < end) {
		int n = epoll_wait(ep, evs, 256, 100);

		for (k = 0; k < n; k++) {
			struct conn *c = evs[k].data.ptr;
			ssize_t r = read(c->fd, buf, sizeof buf);

			if (r <= 0) {
				fprintf(stderr, "load: the server hung up\n");
				return 2;
			}
			if (!take(c, buf, (size_t)r))
				continue;
			if (nlat == cap) {
				cap *= 2;
				if ((lat = realloc(lat, cap * sizeof *lat)) ==
				    NULL)
					return 2;
			}
			lat[nlat++] = now_ns() - c->sent_ns;
			failed += c->failed;
			send_one(c);
		}
	}
	end = now_ns();
	qsort(lat, nlat, sizeof *lat, cmp_i64);
	printf("calls %zu seconds %.2f rate %.0f p50_us %lld p99_us %lld "
	       "failed %ld\n",
	    nlat, (double)(end - start) / 1e9,
	    (double)nlat * 1e9 / (double)(end - start),
	    nlat ? (long long)lat[nlat / 2] / 1000 : 0,
	    nlat ? (long long)lat[nlat * 99 / 100] / 1000 : 0, failed);
	return 0;
}
