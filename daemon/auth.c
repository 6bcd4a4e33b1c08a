/*
 * auth.c - peer credentials and roles (see auth.h).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "auth.h"
#include "clock.h"
#include "log.h"

#ifndef SO_PEERGROUPS
#define SO_PEERGROUPS 59
#endif

static const struct {
	unsigned bit;
	const char *name;
} auth_roles[] = {
	{ ROLE_ADMIN, "admin" },
	{ ROLE_COORD, "coordinator" },
	{ ROLE_APPLICANT, "applicant" },
};

int
auth_group_resolve(const char *spec, gid_t *gid)
{
	struct group grp, *res = NULL;
	char buf[4096], *end;
	unsigned long n;

	errno = 0;
	n = strtoul(spec, &end, 10);
	if (*spec != '\0' && *end == '\0' && errno == 0 && n < (gid_t)-1) {
		*gid = (gid_t)n;
		return 0;
	}
	if (getgrnam_r(spec, &grp, buf, sizeof buf, &res) != 0 || res == NULL)
		return -1;
	*gid = grp.gr_gid;
	return 0;
}

static bool
auth_in_group(const struct identity *id, const gid_t *groups, size_t n,
    gid_t gid)
{
	size_t i;

	if (id->gid == gid)
		return true;
	for (i = 0; i < n; i++) {
		if (groups[i] == gid)
			return true;
	}
	return false;
}

/*
 * Login names by uid, each looked up at most once a minute. NSS reads
 * /etc/passwd and, for a uid it does not find there, may ask
 * systemd-userdbd, on the event loop; a uid connecting in a loop made it
 * do that for every connection (30 system calls each, no name at the end).
 */
#define AUTH_NAME_TTL_MS 60000

static struct {
	bool used;
	uid_t uid;
	int64_t at_ms;
	char name[sizeof((struct identity *)0)->user];
} auth_names[64];

void
auth_user_name(uid_t uid, char *out, size_t outlen)
{
	struct passwd pw, *res = NULL;
	int64_t now = clock_mono_ms();
	size_t i, slot = 0;
	char buf[4096];

	for (i = 0; i < sizeof auth_names / sizeof auth_names[0]; i++) {
		if (auth_names[i].used && auth_names[i].uid == uid &&
		    now - auth_names[i].at_ms < AUTH_NAME_TTL_MS) {
			snprintf(out, outlen, "%s", auth_names[i].name);
			return;
		}
		if (!auth_names[i].used ||
		    (auth_names[slot].used &&
			auth_names[i].at_ms < auth_names[slot].at_ms))
			slot = i;
	}
	auth_names[slot].used = true;
	auth_names[slot].uid = uid;
	auth_names[slot].at_ms = now;
	auth_names[slot].name[0] = '\0';
	if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res != NULL)
		snprintf(auth_names[slot].name, sizeof auth_names[slot].name,
		    "%s", pw.pw_name);
	snprintf(out, outlen, "%s", auth_names[slot].name);
}

void
auth_peer(int fd, const struct auth_config *cfg, struct identity *id)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	size_t ngroups = 0;
	gid_t *groups;
	int rc;

	memset(id, 0, sizeof *id);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
	    len != sizeof cred) {
		log_warn(
		    "cannot read peer credentials: %s; treating the peer as "
		    "having no role",
		    strerror(errno));
		return;
	}
	id->known = true;
	id->uid = cred.uid;
	id->gid = cred.gid;
	id->pid = cred.pid;

	/* Most peers fit in id->groups; a larger list is read whole. */
	groups = id->groups;
	len = sizeof id->groups;
	rc = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len);
	if (rc != 0 && errno == ERANGE && (groups = malloc(len)) != NULL)
		rc = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len);
	if (rc == 0)
		ngroups = len / sizeof groups[0];
	else {
		/* Without the list only uid and primary group can count. */
		log_warn("uid %u: cannot read supplementary groups: %s; using "
			 "the primary group only",
		    (unsigned)id->uid, strerror(errno));
	}
	id->ngroups = ngroups < IDENTITY_MAXGROUPS ? ngroups
						   : IDENTITY_MAXGROUPS;
	if (groups != id->groups && groups != NULL)
		memcpy(id->groups, groups, id->ngroups * sizeof groups[0]);
	auth_user_name(id->uid, id->user, sizeof id->user);

	if (id->uid == 0 ||
	    (cfg->admin_set &&
		auth_in_group(id, groups, ngroups, cfg->admin_gid)))
		id->roles |= ROLE_ADMIN;
	if (cfg->coord_set &&
	    auth_in_group(id, groups, ngroups, cfg->coord_gid))
		id->roles |= ROLE_COORD;
	if (groups != id->groups)
		free(groups);
}

json_t *
auth_roles_json(unsigned roles)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sizeof auth_roles / sizeof auth_roles[0]; i++) {
		if (roles & auth_roles[i].bit)
			json_array_append_new(a,
			    json_string(auth_roles[i].name));
	}
	return a;
}

const char *
auth_roles_str(unsigned roles, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof auth_roles / sizeof auth_roles[0] && o < len;
	     i++) {
		if (roles & auth_roles[i].bit)
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
			    o > 0 ? ", " : "", auth_roles[i].name);
	}
	if (o == 0)
		snprintf(buf, len, "none");
	return buf;
}
