/*
 * frame.c - NUL-terminated message framing over an evbuffer (see frame.h).
 */
#include <stdlib.h>

#include <event2/buffer.h>

#include "frame.h"

enum frame_status
frame_find(struct evbuffer *in, struct framer *f, size_t max, size_t *len)
{
	struct evbuffer_ptr from, at;
	size_t have = evbuffer_get_length(in);

	if (f->scanned > have)
		f->scanned = 0; /* the buffer was drained behind our back */
	if (f->scanned < have) {
		if (evbuffer_ptr_set(in, &from, f->scanned, EVBUFFER_PTR_SET) !=
		    0)
			return FRAME_INCOMPLETE;
		at = evbuffer_search(in, "", 1, &from);
		if (at.pos >= 0) {
			*len = (size_t)at.pos;
			return *len > max ? FRAME_TOO_LARGE : FRAME_READY;
		}
		f->scanned = have;
	}
	return have > max ? FRAME_TOO_LARGE : FRAME_INCOMPLETE;
}

char *
frame_take(struct evbuffer *in, struct framer *f, size_t len)
{
	char *msg;

	f->scanned = 0;
	if ((msg = malloc(len + 1)) == NULL) {
		evbuffer_drain(in, len + 1);
		return NULL;
	}
	/* Copies the NUL too, so msg is a C string. */
	if (evbuffer_remove(in, msg, len + 1) != (int)(len + 1)) {
		free(msg);
		return NULL;
	}
	return msg;
}
