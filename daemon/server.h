/*
 * server.h - the listening socket: a path civicd binds itself, or the
 * socket systemd passes in; accepting, connection caps, and pausing when
 * the process runs out of file descriptors.
 */
#ifndef CIVICD_SERVER_H
#define CIVICD_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "civicd.h"

/*
 * Listens on path: refuses a directory that others may write, removes a
 * stale socket file, refuses to start if something answers on it, and
 * creates the socket mode 0660 (group socket_gid if set_group). Or, with
 * path NULL, takes the one socket systemd passed. Returns NULL with a
 * sentence in err on failure.
 */
struct server *server_new(struct civicd *d, const char *path, bool set_group,
    gid_t socket_gid, char *err, size_t errlen);

/* True if the socket came from systemd (socket activation). */
bool server_activated(const struct server *s);

/* Stops accepting; removes the socket file civicd created. */
void server_stop(struct server *s);

/* Frees the server (stopping it first). Accepts NULL. */
void server_free(struct server *s);

/* Connections being served. */
unsigned server_connections(const struct server *s);

#endif
