/*
 * auth.h - who the peer is: its kernel credentials and the roles they
 * give, and applicant tokens presented on a connection.
 */
#ifndef CIVICD_AUTH_H
#define CIVICD_AUTH_H

#include <stdbool.h>
#include <sys/types.h>

#include <jansson.h>

#include "identity.h"

struct auth_config {
	bool admin_set; /* the admin group exists */
	gid_t admin_gid;
	bool coord_set; /* the coordinator group exists */
	gid_t coord_gid;
};

/*
 * Resolves a group given by name or number. Returns 0 and sets *gid, or
 * -1 if it is a name no group has (the daemon then runs without it).
 */
int auth_group_resolve(const char *spec, gid_t *gid);

/*
 * Fills id from what the kernel says about the peer on fd (SO_PEERCRED,
 * SO_PEERGROUPS) and derives its roles: uid 0 or a member of the admin
 * group is admin; a member of the coordinator group is coordinator. Any
 * failure leaves the least privilege: no role at all.
 */
void auth_peer(int fd, const struct auth_config *cfg, struct identity *id);

/* The role names of the bits in roles, as a new JSON array. */
json_t *auth_roles_json(unsigned roles);

/* uid's login name into out, "" if it has none; cached for a minute. */
void auth_user_name(uid_t uid, char *out, size_t outlen);

/* Writes "admin, coordinator" (or "none") for roles into buf. */
const char *auth_roles_str(unsigned roles, char *buf, size_t len);

#endif
