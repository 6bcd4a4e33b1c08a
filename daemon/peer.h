/*
 * peer.h - one client connection: framing, limits, deadlines, and the
 * queue of replies. The only file that touches bufferevents is peer.c.
 */
#ifndef CIVICD_PEER_H
#define CIVICD_PEER_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "civicd.h"
#include "errors.h"
#include "identity.h"
#include "reason.h"

/*
 * Serves the connected socket fd (taken over: closed when the peer goes)
 * for the caller who. Returns 0, or -1 if it could not (fd is closed).
 */
int peer_new(struct civicd *d, int fd, const struct identity *who);

/*
 * Answers a connection the daemon will not serve, from who, with the
 * refusal r and closes it. It lingers (up to a second, until its first
 * message) so that the caller can read why; but a uid never holds more
 * than PEER_REJECT_MAX_PER_UID lingering ones: past that, the refusal is
 * written at once and the connection closed, so refused connections in
 * a loop cost one uid a few descriptors, not civicd all of them. The
 * peer counts for no limit.
 */
void peer_reject(struct civicd *d, int fd, const struct identity *who,
    const struct refusal *r);

#define PEER_REJECT_MAX_PER_UID 4

/* Connections being served (rejected ones not counted). */
unsigned peer_count(void);

/* Connections being served for uid. */
unsigned peer_count_uid(uid_t uid);

/*
 * Stops every peer reading new calls: what each has sent whole is
 * answered, and each is closed once its replies are written (or after a
 * grace period). When the last one is gone the event loop is ended.
 */
void peer_shutdown_all(struct civicd *d);

/* Frees every peer at once (end of the run). */
void peer_free_all(void);

#endif
