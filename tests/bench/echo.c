/*
 * echo.c - the transport's ceiling for make bench: a Unix socket server
 * that writes back whatever it reads, on one thread with epoll, as civicd
 * serves. Runs until killed.
 *
 *   echo SOCKET
 */
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event ev, evs[256];
	int lfd, ep, n, k;

	if (argc != 2) {
		fprintf(stderr, "usage: echo SOCKET\n");
		return 2;
	}
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	unlink(argv[1]);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(lfd, 256) != 0 || (ep = epoll_create1(0)) < 0) {
		perror("echo");
		return 1;
	}
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	for (;;) {
		n = epoll_wait(ep, evs, 256, -1);
		for (k = 0; k < n; k++) {
			int fd = evs[k].data.fd;
			ssize_t r;

			if (fd == lfd) {
				int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

				ev.events = EPOLLIN;
				ev.data.fd = c;
				if (c >= 0)
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
				continue;
			}
			r = read(fd, buf, sizeof buf);
			if (r <= 0 || write(fd, buf, (size_t)r) != r)
				close(fd);
		}
	}
}
