/*
 * fuzz-dispatch.c - any bytes as a message to the dispatcher, with a real
 * store, as admin and as nobody. Properties: every reply is a JSON object
 * with either parameters or an error name; a message the dispatcher calls
 * a protocol error gets exactly one reply, a ProtocolError; a caller with
 * no role is answered without an error only by methods open to anyone.
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

static char fuzz_dir[] = "/tmp/civic-fuzz.XXXXXX";

/* Leaves nothing behind in /tmp: the store, its WAL files, the dir. */
static void
fuzz_cleanup(void)
{
	static const char *const files[] = { "fuzz.db", "fuzz.db-wal",
		"fuzz.db-shm", "audit.key", "ticket.key" };
	char path[96];
	size_t i;

	store_close(d.store);
	d.store = NULL;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", fuzz_dir, files[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

static void
fuzz_setup(void)
{
	char *dir = fuzz_dir;
	char path[64], err[512];

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		abort();
	atexit(fuzz_cleanup);
	snprintf(path, sizeof path, "%s/fuzz.db", dir);
	if ((d.store = store_open(path, err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	/* The store lives until the process ends; so does its directory,
	 * unless unlinked now (SQLite keeps its open files). */
	unlink(path);
}

/*
 * The method a message names, if it is one the table has; for checking
 * that a caller without a role got through only where anyone may.
 */
static const struct method *
fuzz_method(const uint8_t *data, size_t size)
{
	const struct method *m = NULL;
	json_t *msg = json_loadb((const char *)data, size, 0, NULL);
	const char *name = json_string_value(json_object_get(msg, "method"));

	if (name != NULL)
		m = method_find(name);
	json_decref(msg);
	return m;
}

static void
fuzz_check_replies(int rc, const struct identity *who, const struct method *m)
{
	const char *error;
	json_t *r;
	size_t i;

	json_array_foreach(sent, i, r)
	{
		error = json_string_value(json_object_get(r, "error"));
		FUZZ_CHECK(json_is_object(r) &&
			json_is_object(json_object_get(r, "parameters")),
		    "a reply without parameters");
		if (who->roles == 0 && error == NULL)
			FUZZ_CHECK(m != NULL && (m->roles & ROLE_ANYONE),
			    "a caller without a role was answered by %s",
			    m != NULL ? m->name : "an unknown method");
	}
	if (rc != 0) {
		r = json_array_get(sent, 0);
		FUZZ_CHECK(json_array_size(sent) == 1 &&
			strcmp(json_string_value(json_object_get(r, "error")),
			    "dk.civic.core.ProtocolError") == 0,
		    "a closing message must get one ProtocolError");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct reply_sink sink = { .send = collect };
	struct identity admin = { .known = true, .roles = ROLE_ADMIN };
	struct identity nobody = { .known = true, .uid = 1234 };
	int rc;

	if (d.store == NULL)
		fuzz_setup();
	if (memchr(data, '\0', size) != NULL)
		return 0; /* peer.c never passes a NUL inside a message */
	sent = json_array();
	rc = method_dispatch(&d, &nobody, (const char *)data, size, &sink);
	fuzz_check_replies(rc, &nobody, fuzz_method(data, size));
	json_decref(sent);
	sent = json_array();
	rc = method_dispatch(&d, &admin, (const char *)data, size, &sink);
	fuzz_check_replies(rc, &admin, fuzz_method(data, size));
	json_decref(sent);
	return 0;
}
