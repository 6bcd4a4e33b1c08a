/*
 * frame.h - cutting varlink messages (JSON text ended by a NUL byte) out
 * of a connection's input buffer.
 *
 * The search resumes where the last one stopped, so a peer that trickles a
 * message one byte at a time costs linear time, not quadratic.
 */
#ifndef CIVICD_FRAME_H
#define CIVICD_FRAME_H

#include <stddef.h>

struct evbuffer;

enum frame_status {
	FRAME_INCOMPLETE, /* no NUL yet, and not too long so far */
	FRAME_READY,      /* a whole message is at the front */
	FRAME_TOO_LARGE,  /* the message at the front is longer than max */
};

struct framer {
	size_t scanned; /* bytes at the front already known to hold no NUL */
};

/* Looks for the end of the message at the front of in. With FRAME_READY
 * *len is its length without the NUL. */
enum frame_status frame_find(struct evbuffer *in, struct framer *f, size_t max,
    size_t *len);

/* Removes the message found by frame_find (len bytes and the NUL) and
 * returns it as a NUL-terminated string the caller frees; NULL if out of
 * memory (the message is dropped from in all the same). */
char *frame_take(struct evbuffer *in, struct framer *f, size_t len);

#endif
