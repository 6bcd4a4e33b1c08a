/*
 * varlink.c - varlink over a Unix socket, client side (see varlink.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <grp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "i18n.h"
#include "varlink.h"

/* The largest reply the client accepts. */
#define VL_MAX_MESSAGE (64 * 1024 * 1024)

struct vl {
	int fd;
	char *buf; /* received bytes not yet consumed */
	size_t len;
	size_t cap;
	size_t scanned; /* bytes of buf known to hold no NUL */
	char path[108];
};

/*
 * Why connecting to path was refused with EACCES, in words the user can
 * act on: the socket's own group, or a directory on the way to it.
 */
static void
vl_access_hint(const char *path, char *buf, size_t len)
{
	struct group *g;
	struct stat st;

	if (stat(path, &st) != 0)
		snprintf(buf, len,
		    _(" (a directory on the way to the socket is closed to you)"));
	else if ((g = getgrgid(st.st_gid)) != NULL)
		snprintf(buf, len,
		    _(" (the socket is for the group %s: are you in it? "
		      "`id` shows your groups)"),
		    g->gr_name);
	else
		snprintf(buf, len,
		    _(" (the socket is for the group number %u: are you in it? "
		      "`id` shows your groups)"),
		    (unsigned)st.st_gid);
}

struct vl *
vl_connect(const char *path, char *err, size_t errlen)
{
	char hint[160] = "";
	struct sockaddr_un sun;
	struct vl *vl;
	int fd, e;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		snprintf(err, errlen,
		    _("cannot reach civicd at %s: the path is too long for a socket"),
		    path);
		return NULL;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, _("socket: %s"), strerror(errno));
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		e = errno;
		close(fd);
		if (e == ENOENT || e == ECONNREFUSED)
			snprintf(hint, sizeof hint,
			    _(" (is civicd running? -s or CIVIC_SOCKET choose "
			      "the socket)"));
		else if (e == EACCES)
			vl_access_hint(path, hint, sizeof hint);
		snprintf(err, errlen, _("cannot reach civicd at %s: %s%s"),
		    path, strerror(e), hint);
		return NULL;
	}
	if ((vl = calloc(1, sizeof *vl)) == NULL) {
		close(fd);
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	vl->fd = fd;
	snprintf(vl->path, sizeof vl->path, "%s", path);
	return vl;
}

void
vl_close(struct vl *vl)
{
	if (vl == NULL)
		return;
	close(vl->fd);
	free(vl->buf);
	free(vl);
}

int
vl_send(struct vl *vl, const char *method, const json_t *params, unsigned flags,
    char *err, size_t errlen)
{
	json_t *msg;
	char *text;
	size_t len, off = 0;
	ssize_t n;

	msg = json_pack("{s:s}", "method", method);
	if (params != NULL)
		json_object_set(msg, "parameters", (json_t *)params);
	if (flags & VL_MORE)
		json_object_set_new(msg, "more", json_true());
	if (flags & VL_ONEWAY)
		json_object_set_new(msg, "oneway", json_true());
	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (text == NULL) {
		snprintf(err, errlen,
		    _("cannot encode the call (is every argument valid UTF-8?)"));
		return -1;
	}
	len = strlen(text) + 1; /* with the NUL that ends the message */
	while (off < len) {
		n = send(vl->fd, text + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, _("writing to civicd at %s: %s"),
			    vl->path, strerror(errno));
			free(text);
			return -1;
		}
		off += (size_t)n;
	}
	free(text);
	return 0;
}

/* Reads more bytes into vl->buf; 0, or -1 with err set. */
static int
vl_fill(struct vl *vl, char *err, size_t errlen)
{
	struct pollfd pfd = { vl->fd, POLLIN, 0 };
	size_t cap;
	ssize_t n;
	char *nb;
	int rc;

	if (vl->len == vl->cap) {
		if (vl->cap >= VL_MAX_MESSAGE) {
			snprintf(err, errlen,
			    _("civicd sent a reply larger than %d bytes"),
			    VL_MAX_MESSAGE);
			return -1;
		}
		cap = vl->cap == 0 ? 65536 : vl->cap * 2;
		if ((nb = realloc(vl->buf, cap)) == NULL) {
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
		vl->buf = nb;
		vl->cap = cap;
	}
	while ((rc = poll(&pfd, 1, VL_TIMEOUT_MS)) < 0 && errno == EINTR)
		;
	if (rc == 0) {
		snprintf(err, errlen,
		    _("civicd at %s did not answer within %d s"), vl->path,
		    VL_TIMEOUT_MS / 1000);
		return -1;
	}
	while ((n = read(vl->fd, vl->buf + vl->len, vl->cap - vl->len)) < 0 &&
	    errno == EINTR)
		;
	if (n <= 0) {
		snprintf(err, errlen,
		    _("civicd at %s closed the connection%s%s"), vl->path,
		    n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
		return -1;
	}
	vl->len += (size_t)n;
	return 0;
}

int
vl_recv(struct vl *vl, struct vl_reply *r, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *msg, *v;
	char *nul;
	size_t flen;

	memset(r, 0, sizeof *r);
	for (;;) {
		/* Nothing unread yet (and maybe no buffer): read first. */
		nul = vl->len > vl->scanned
		    ? memchr(vl->buf + vl->scanned, '\0', vl->len - vl->scanned)
		    : NULL;
		if (nul != NULL)
			break;
		vl->scanned = vl->len;
		if (vl_fill(vl, err, errlen) != 0)
			return -1;
	}
	flen = (size_t)(nul - vl->buf);
	msg = json_loadb(vl->buf, flen, 0, &jerr);
	memmove(vl->buf, nul + 1, vl->len - flen - 1);
	vl->len -= flen + 1;
	vl->scanned = 0;
	if (!json_is_object(msg)) {
		json_decref(msg);
		snprintf(err, errlen,
		    _("civicd sent something that is not a varlink reply"));
		return -1;
	}
	v = json_object_get(msg, "parameters");
	r->params = json_is_object(v) ? json_incref(v) : json_object();
	v = json_object_get(msg, "error");
	if (json_is_string(v))
		r->error = strdup(json_string_value(v));
	r->continues = json_is_true(json_object_get(msg, "continues"));
	json_decref(msg);
	return 0;
}

void
vl_reply_clear(struct vl_reply *r)
{
	json_decref(r->params);
	free(r->error);
	memset(r, 0, sizeof *r);
}
