/*
 * identity.h - who is calling: what the kernel said about the peer, and
 * what the peer proved with a token. Filled by auth.c, read by everyone.
 */
#ifndef CIVICD_IDENTITY_H
#define CIVICD_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Roles are bits; a caller may hold several. */
#define ROLE_ADMIN     0x1u
#define ROLE_COORD     0x2u
#define ROLE_APPLICANT 0x4u
#define ROLE_ANYONE    0x8u /* in a method's roles: no role needed */

#define IDENTITY_MAXGROUPS 64

struct identity {
	bool known; /* the kernel told us uid and gid */
	uid_t uid;
	gid_t gid;
	pid_t pid;
	size_t ngroups;
	gid_t groups[IDENTITY_MAXGROUPS];
	char user[64];          /* login name, or "" if uid has none */
	unsigned roles;         /* ROLE_ADMIN | ROLE_COORD | ROLE_APPLICANT */
	int64_t applicant_id;   /* with ROLE_APPLICANT */
	uint8_t token_hash[32]; /* with ROLE_APPLICANT: checked on each use */
};

#endif
