/*
 * fuzz-dispatch.c - any bytes as a message to the dispatcher, with a real
 * store, as admin and as nobody. Properties: every reply is a JSON object
 * with either parameters or an error name; a message the dispatcher calls
 * a protocol error gets exactly one reply, a ProtocolError; nobody never
 * gets past the role check of an admin method.
 */
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "fuzz.h"
#include "method.h"
#include "store.h"

static struct civicd d;
static json_t *sent;

static void
collect(void *ctx, json_t *msg)
{
	(void)ctx;
	json_array_append_new(sent, msg);
}

static void
fuzz_setup(void)
{
	static char dir[] = "/tmp/civic-fuzz.XXXXXX";
	char path[64], err[512];

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/fuzz.db", dir);
	if ((d.store = store_open(path, err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	/* The store lives until the process ends; so does its directory,
	 * unless unlinked now (SQLite keeps its open files). */
	unlink(path);
}

static void
fuzz_check_replies(int rc, const struct identity *who)
{
	const char *error;
	json_t *m;
	size_t i;

	json_array_foreach(sent, i, m)
	{
		error = json_string_value(json_object_get(m, "error"));
		FUZZ_CHECK(json_is_object(m) &&
			json_is_object(json_object_get(m, "parameters")),
		    "a reply without parameters");
		if (!(who->roles & ROLE_ADMIN) && error == NULL)
			FUZZ_CHECK(!json_is_array(json_object_get(
				       json_object_get(m, "parameters"),
				       "applicants")),
			    "nobody was shown applicants");
	}
	if (rc != 0) {
		m = json_array_get(sent, 0);
		FUZZ_CHECK(json_array_size(sent) == 1 &&
			strcmp(json_string_value(json_object_get(m, "error")),
			    "dk.civic.Core.ProtocolError") == 0,
		    "a closing message must get one ProtocolError");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct reply_sink sink = { collect, NULL };
	struct identity admin = { .known = true, .roles = ROLE_ADMIN };
	struct identity nobody = { .known = true, .uid = 1234 };
	int rc;

	if (d.store == NULL)
		fuzz_setup();
	if (memchr(data, '\0', size) != NULL)
		return 0; /* peer.c never passes a NUL inside a message */
	sent = json_array();
	rc = method_dispatch(&d, &nobody, (const char *)data, size, &sink);
	fuzz_check_replies(rc, &nobody);
	json_decref(sent);
	sent = json_array();
	rc = method_dispatch(&d, &admin, (const char *)data, size, &sink);
	fuzz_check_replies(rc, &admin);
	json_decref(sent);
	return 0;
}
