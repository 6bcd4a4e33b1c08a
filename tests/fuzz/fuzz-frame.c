/*
 * fuzz-frame.c - framing against a model. The input is cut into chunks
 * of sizes taken from its first bytes; whatever the cuts, frame_find and
 * frame_take must give exactly the messages that splitting the stream on
 * NUL gives, and report too large exactly when a message passes the cap.
 */
#include <string.h>

#include <event2/buffer.h>

#include "frame.h"
#include "fuzz.h"

#define FUZZ_FRAME_MAX 64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evbuffer *b;
	struct framer f = { 0 };
	const uint8_t *stream, *model;
	size_t nstream, off = 0, step, len, mlen, k = 0;
	enum frame_status st;
	char *msg;
	int too_large = 0;

	if (size < 4)
		return 0;
	/* The first four bytes choose chunk sizes; the rest is the stream. */
	stream = data + 4;
	nstream = size - 4;
	model = stream;
	b = evbuffer_new();
	while (off < nstream && !too_large) {
		step = 1 + data[k++ % 4] % 17;
		if (step > nstream - off)
			step = nstream - off;
		evbuffer_add(b, stream + off, step);
		off += step;
		for (;;) {
			st = frame_find(b, &f, FUZZ_FRAME_MAX, &len);
			if (st == FRAME_INCOMPLETE)
				break;
			/* The model: the next message ends at the next NUL. */
			mlen = strnlen((const char *)model,
			    (size_t)(stream + off - model));
			if (st == FRAME_TOO_LARGE) {
				FUZZ_CHECK(mlen > FUZZ_FRAME_MAX,
				    "too large at %zu bytes", mlen);
				too_large = 1;
				break;
			}
			FUZZ_CHECK(len == mlen && len <= FUZZ_FRAME_MAX,
			    "frame of %zu, model %zu", len, mlen);
			msg = frame_take(b, &f, len);
			FUZZ_CHECK(msg != NULL &&
				memcmp(msg, model, len) == 0 &&
				msg[len] == '\0',
			    "content differs");
			free(msg);
			model += mlen + 1;
		}
		if (!too_large)
			FUZZ_CHECK(evbuffer_get_length(b) ==
				(size_t)(stream + off - model),
			    "bytes lost");
	}
	evbuffer_free(b);
	return 0;
}
