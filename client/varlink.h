/*
 * varlink.h - the client's side of the wire; the only code that talks
 * to the socket. Blocking I/O: the client does one thing at a time.
 */
#ifndef CIVIC_VARLINK_H
#define CIVIC_VARLINK_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define VL_MORE   0x1
#define VL_ONEWAY 0x2

/* How long the client waits for a reply before giving up. */
#define VL_TIMEOUT_MS 60000

struct vl;

struct vl_reply {
	json_t *params; /* the reply's parameters (owned) */
	char *error;    /* the error's name, NULL if none (owned) */
	bool continues; /* more replies follow */
};

/* Connects to path. On failure NULL, and a sentence in err. */
struct vl *vl_connect(const char *path, char *err, size_t errlen);

/* Closes the connection. Accepts NULL. */
void vl_close(struct vl *vl);

/* Sends one call; params may be NULL. 0, or -1 with err set. */
int vl_send(struct vl *vl, const char *method, const json_t *params,
    unsigned flags, char *err, size_t errlen);

/* Reads the next reply. 0, or -1 with err set (connection lost, bad
 * reply, timeout). */
int vl_recv(struct vl *vl, struct vl_reply *r, char *err, size_t errlen);

/* Frees what a reply holds and clears it. */
void vl_reply_clear(struct vl_reply *r);

#endif
